"""Module 11's case, read from the generated world: the driver whose role the reports dispute is found
by his passport under several spellings, the truck he drove carried a seized consignment, and the
claim that he leads a cell is false in the answer key — so the exercise's ACH and timeline rest on
facts that are really in the data."""

from __future__ import annotations


def test_the_disputed_driver_is_recoverable(out, read):
    subjects = read(out, "truth/subjects.csv")
    organisation = read(out, "truth/organisation.csv")
    claims = read(out, "intel_claims.csv")
    truth_claims = read(out, "truth/intel_claims.csv")
    border = read(out, "border_crossings.csv")
    seizures = read(out, "seizures.csv")
    linked = read(out, "truth/seizures_organisation.csv")
    public = read(out, "subjects.csv")

    row = subjects[subjects["subject_id"] == "S09"].iloc[0]
    member = organisation.set_index("member_id").loc[row["member_id"]]
    assert member["role"] == "driver"
    # Two role claims about him: driver (true) and cell leader (false).
    about = claims[claims["subject"] == row["member_id"]]
    roles = dict(zip(about["statement"].str.extract(r"acts as (.+) for the group")[0], about["claim_id"],
                     strict=True))
    verdict = dict(zip(truth_claims["claim_id"], truth_claims["true"], strict=True))
    assert verdict[roles["driver"]] == "true" and verdict[roles["cell leader"]] == "false"

    passport = public.set_index("subject_id").at["S09", "passport_no"]
    records = border[border["passport_no"] == passport]
    assert records["surname"].nunique() >= 2, "a name search must miss some of his records"
    exits = records[(records["direction"] == "exit") & (records["crossing"] == "Fotehobod")]
    assert len(exits) >= 10
    plates = set(records.loc[records["role"] == "driver", "vehicle_plate"]) - {""}
    assert len(plates) >= 2, "he changes trucks in the period"
    seized = seizures[seizures["vehicle_plate"].isin(plates)]
    assert len(seized) >= 1 and set(seized["seizure_id"]) <= set(linked["seizure_id"])
