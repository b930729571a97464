# ruff: noqa: E501  (wrong answers are kept as one line of trainee code each where they fit)
"""Plausible wrong answers to the module 12 exercise: the slips of an analyst working a whole case from a
tip-off (trusting the tip-off, counting instead of timing, following money the wrong way, a name taken
for an identity).

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). Later tasks are graded against the trainee's own earlier answers, but a wrong
traveller or run list leaves some later rule with no answer at all; such a slip shares its set with
slips of the tasks it reaches, so that no right answer loses points in the harness.
"""

_SLUG = "12-capstone"


def _slip(grade_id: str, right: str, wrong: str, *more: tuple[str, str]) -> str:
    from course_harness import slip

    return slip(_SLUG, grade_id, right, wrong, *more)


MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0.
    {
        # A SIM kept, the handset changed: the IMSI searched instead of the IMEI, so no successor is found.
        "q1_numbers": _slip("q1_numbers", 'handsets = set(calls.loc[calls["a_number"] == tip, "imei"])',
                            'handsets = set(calls.loc[calls["a_number"] == tip, "imsi"])',
                            ('calls.loc[calls["imei"].isin(handsets), "a_number"]', 'calls.loc[calls["imsi"].isin(handsets), "a_number"]')),
        # The tip-off's "about twice a month" instead of the rhythm in the data.
        "q6_next": _slip("q6_next", '+ gaps.mode()[0]', '+ pd.Timedelta(days=15)'),
        # Only the wallet of the first post: the channel's change of wallet missed.
        "q9_wallets": _slip("q9_wallets", "for m in posts:", "for m in posts[:1]:"),
        # Every payment out of the collection wallet counted as cash-out (the wages too).
        "q10_cashout": _slip("q10_cashout", 'cashout_usdt = round(float(to_exchange[cashout_address]), 2)',
                             'cashout_usdt = round(float(out["amount_usdt"].sum()), 2)'),
        # The name alone: the first traveller of that name is the financier's namesake.
        "q11_financier": _slip("q11_financier", '\n                & (register["date_of_birth"] == holder["date_of_birth"])]', ']'),
    },
    # Set 1.
    {
        # The tip-off number's most frequent contact taken for its new number.
        "q1_numbers": _slip("q1_numbers", "courier_numbers = [tip] + successors",
                            'courier_numbers = [tip, records.loc[records["number"] == tip, "other"].value_counts().idxmax()]'),
        # The post he left (the other side's exit) taken for the crossing into Kazakhstan.
        "q4_route": _slip("q4_route", 'crossing_point = mine["crossing"].mode()[0]',
                          'crossing_point = border.loc[(border["passport_no"] == courier_passport) & (border["direction"] == "exit") & local_date(border["time"]).isin(run_dates), "crossing"].mode()[0]'),
        # The shop's takings (everything paid into the payment wallets) reported as the cash-out.
        "q10_cashout": _slip("q10_cashout", 'cashout_usdt = round(float(to_exchange[cashout_address]), 2)',
                             'cashout_usdt = round(float(tron.loc[tron["to_address"].isin(payment_wallets), "amount_usdt"].sum()), 2)'),
    },
    # Set 2: a wrong traveller leaves the convoy rule without a partner, so tasks 4 and 5 slip here too.
    {
        # The traveller who enters Kazakhstan most often, without the time rule: the Tuesday trader.
        "q3_passport": _slip("q3_passport", 'courier_passport = pd.Series(present).value_counts().sort_index().idxmax()',
                             'courier_passport = entries["passport_no"].value_counts().idxmax()'),
        # The tip-off's crossing taken on trust.
        "q4_route": _slip("q4_route", 'crossing_point = mine["crossing"].mode()[0]', 'crossing_point = "Korday"'),
        # An hour's window: a vehicle on the same road half an hour later passes as an escort.
        "q5_convoy": _slip("q5_convoy", "co = anpr.co_reads(r, 120)", "co = anpr.co_reads(r, 3600)"),
    },
    # Set 3: only the tip-off number searched leaves the escort's phone in touch on runs the list lacks.
    {
        # Only the tip-off number: the runs after the SIM swap are lost.
        "q2_runs": _slip("q2_runs", 'own = records[records["number"].isin(courier_numbers)]',
                         'own = records[records["number"] == courier_numbers[0]]'),
        # The courier's most frequent contact taken for the organiser: his mother.
        "q7_organiser": _slip("q7_organiser", 'organiser_phone = eve_count.sort_index().idxmax()',
                              'organiser_phone = own["other"].value_counts().idxmax()'),
        # The window before the delivery report instead of after it.
        "q8_roles": _slip("q8_roles", 'window = org[(org["start"] > report) & (org["start"] <= report + pd.Timedelta(hours=12))]',
                          'window = org[(org["start"] < report) & (org["start"] >= report - pd.Timedelta(hours=12))]'),
    },
]

# Mistakes the visible checks leave to the hidden tests: (set, answer cell) -> why.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {}
