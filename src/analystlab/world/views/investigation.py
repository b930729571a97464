"""The investigation's own files for link analysis: the vehicle register, the subjects index and the
attribution of phone numbers to subjects (component ``companies``).

The subjects are the organisation's members plus the main personal contact of seven of them (a
relative, a landlord, a friend): the people an investigation's nominal index really holds. Subject
numbers are shuffled, so they give nothing away.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import component_rng
from ..schema import Column, Table

# Members whose most-called outside contact the investigation has identified and indexed.
ASSOCIATE_OF = ("M01", "M02", "M03", "M08", "M18", "M20", "M22")
COMPANY_WORDS = ("Silk", "Aral", "Altyn", "Nur", "Samruk", "Sogd", "Pamir", "Turan", "Zhol", "Kok", "Orda",
                 "Vostok", "Ferghana", "Khatlon", "Tengri", "Baraka")
COMPANY_KINDS = ("Trans", "Logistic", "Cargo", "Auto", "Trade", "Express", "Agro", "Fruit", "Bus", "Service")
LEGAL_FORM = {"KZ": "LLP", "KG": "LLC", "UZ": "LLC", "TJ": "LLC", "TM": "HJ", "RU": "OOO"}


def _companies(rng, countries: list[str]) -> list[str]:
    """A company name for each company-owned vehicle: a pool of firms per country, some with fleets."""
    pools: dict[str, list[str]] = {}
    names = []
    for cc in countries:
        pool = pools.setdefault(cc, [])
        if not pool or rng.random() < 0.35:
            while True:
                name = (f"{COMPANY_WORDS[int(rng.integers(0, len(COMPANY_WORDS)))]} "
                        f"{COMPANY_KINDS[int(rng.integers(0, len(COMPANY_KINDS)))]} {LEGAL_FORM[cc]}")
                if name not in pool:
                    break
            pool.append(name)
        names.append(pool[int(rng.integers(0, len(pool)))])
    return names


# A front keeper: the northern cell's second truck is registered to the Orenburg money mule, who never
# calls the other subjects; the register is the only record linking him to the network.
FRONT_KEEPER = ("north_truck_2", "money mule", "north")


def _register(world, rng) -> pd.DataFrame:
    v = world.vehicles
    p = world.persons
    owner = v["owner"].to_numpy().copy()
    key, role, cell = FRONT_KEEPER
    front = next(m for m in world.members if m.role == role and m.cell == cell and m.home == "Orenburg")
    owner[(v["vehicle_id"] == world.org_vehicles[key]).to_numpy()] = front.person
    private = owner >= 0
    idx = np.where(private, owner, 0)
    out = pd.DataFrame({
        "plate": v["plate"], "country": v["country"], "region_city": v["region_city"],
        "vehicle_type": v["vehicle_type"], "make_model": v["make_model"], "colour": v["colour"],
        "owner_name": np.where(private, p["surname_icao"].to_numpy()[idx] + " " + p["given_icao"].to_numpy()[idx], ""),
        "owner_date_of_birth": np.where(private, p["date_of_birth"].to_numpy()[idx], ""),
    })
    company = np.array([""] * len(v), dtype=object)
    company[~private] = _companies(rng, list(v["country"][~private]))
    out["company"] = company
    first = np.datetime64("2012-01-01")
    days = rng.integers(0, int((np.datetime64("2024-03-15") - first).astype(int)), len(v))
    out["registered"] = np.datetime_as_string(first + days.astype("timedelta64[D]"), unit="D").astype(object)
    return out.sort_values("plate", kind="stable").reset_index(drop=True)


def _passport(nationality: str, person: int, seed: int) -> str:
    """The passport number border_crossings.csv gives this person."""
    return f"{nationality}{(person * 7919 + seed) % 10_000_000:07d}"


def _associates(world) -> list[tuple[str, int]]:
    """(member_id, person) of the most-called non-member contact of each member in ASSOCIATE_OF."""
    members = {m.person: m.member_id for m in world.members}
    holder = dict(zip(world.lines["msisdn"], world.lines["holder"], strict=False))
    c = world.calls
    a, b = c["a_number"].map(holder), c["b_number"].map(holder)
    out = []
    for m in world.members:
        if m.member_id not in ASSOCIATE_OF:
            continue
        other = pd.concat([b[a == m.person], a[b == m.person]]).dropna().astype(int)
        other = other[~other.isin(list(members))]
        counts = other.value_counts()
        best = counts[counts == counts.max()].index.min()
        out.append((m.member_id, int(best)))
    return out


def investigation_tables(world) -> list[Table]:
    """vehicle_register.csv, subjects.csv, phone_attribution.csv and the answer key truth/subjects.csv."""
    rng = component_rng(world.seed, "companies")
    register = _register(world, rng)
    p = world.persons
    people = [(m.person, m.member_id, m.role, m.cell, "member") for m in world.members]
    people += [(person, "", "", "", f"associate of {mid}") for mid, person in _associates(world)]
    order = rng.permutation(len(people))
    subjects, key, attribution = [], [], []
    lines = world.lines
    for k, i in enumerate(order):
        person, mid, role, cell, kind = people[int(i)]
        sid = f"S{k + 1:02d}"
        subjects.append({"subject_id": sid, "surname": p.at[person, "surname_icao"],
                         "given_name": p.at[person, "given_icao"], "date_of_birth": p.at[person, "date_of_birth"],
                         "nationality": p.at[person, "nationality"], "home_city": p.at[person, "home_city"],
                         "passport_no": _passport(p.at[person, "nationality"], person, world.seed)})
        key.append({"subject_id": sid, "person_id": p.at[person, "person_id"], "member_id": mid, "role": role,
                     "cell": cell, "kind": kind})
        mine = lines[lines["holder"] == person].drop_duplicates("msisdn")
        for line in mine.itertuples():
            if line.purpose == "personal":
                basis = "subscriber register" if line.registered_to == person else "surveillance"
                status = "confirmed"
            else:
                basis, status = "handset link", "unconfirmed"
            attribution.append({"subject_id": sid, "msisdn": line.msisdn, "basis": basis, "status": status})
    subjects = pd.DataFrame(subjects)
    attribution = pd.DataFrame(attribution).sort_values(["subject_id", "msisdn"], kind="stable")
    return [
        Table("vehicle_register.csv", "Vehicle register",
              "One row per registered vehicle in the region, as the traffic police registers return them: the "
              "plate, the vehicle and its registered keeper (a private person, named in passport spelling, or "
              "a company). The keeper is who the vehicle is registered to, not necessarily who drives it.",
              (Column("plate", "string", "registration plate, as in border_crossings.csv"),
               Column("country", "string", "country of registration, ISO alpha-2"),
               Column("region_city", "string", "city of the registering region"),
               Column("vehicle_type", "string", "car | truck | bus | van"),
               Column("make_model", "string", "make and model"),
               Column("colour", "string", "colour"),
               Column("owner_name", "string", "private keeper, SURNAME GIVEN in passport (ICAO 9303) spelling; "
                      "empty when a company is the keeper"),
               Column("owner_date_of_birth", "date", "private keeper's date of birth; empty for companies"),
               Column("company", "string", "keeping company; empty for private keepers"),
               Column("registered", "date", "date the current keeper registered the vehicle")),
              register),
        Table("subjects.csv", "Investigation subjects (nominal index)",
              "The persons the investigation of the northern-route organisation has indexed so far: suspects and "
              "the known associates of some of them. Subject numbers are arbitrary. Names and passport numbers "
              "are spelt as in border_crossings.csv.",
              (Column("subject_id", "string", "subject number, SNN"),
               Column("surname", "string", "surname, passport (ICAO 9303) spelling"),
               Column("given_name", "string", "given name, passport spelling"),
               Column("date_of_birth", "date", "date of birth"),
               Column("nationality", "string", "citizenship, ISO alpha-2"),
               Column("home_city", "string", "city of residence"),
               Column("passport_no", "string", "passport number, as in border_crossings.csv")),
              subjects),
        Table("phone_attribution.csv", "Attribution of phone numbers to subjects",
              "Which numbers the investigation attributes to which subject, on what basis, and how firmly. "
              "A number registered in the subject's own name is confirmed; one linked only through a handset "
              "(IMEI) shared with a confirmed number is unconfirmed.",
              (Column("subject_id", "string", "subject (subjects.csv)"),
               Column("msisdn", "string", "E.164 number, as in calls.csv"),
               Column("basis", "string", "subscriber register | surveillance | handset link"),
               Column("status", "string", "confirmed | unconfirmed (i2 link strength)")),
              attribution),
        Table("truth/subjects.csv", "Answer key: who the subjects are",
              "Each subject's real person, and for members their member id, role and cell.",
              (Column("subject_id", "string", "subject"), Column("person_id", "string", "person"),
               Column("member_id", "string", "member (truth/organisation.csv), empty for associates"),
               Column("role", "string", "role in the organisation, empty for associates"),
               Column("cell", "string", "core | south | north, empty for associates"),
               Column("kind", "string", "member | associate of MNN")),
              pd.DataFrame(key)),
    ]
