# ruff: noqa: E501  (wrong answers are kept as one line of trainee code each where they fit)
"""Plausible wrong answers to the module 12 exercise: the slips of an analyst working a whole case from a
tip-off (trusting the tip-off, counting instead of timing, following money the wrong way, a name taken
for an identity).

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). Later tasks are graded against the trainee's own earlier answers, but a wrong
traveller or run list leaves some later rule with no answer at all; such a slip shares its set with
slips of the tasks it reaches, so that no right answer loses points in the harness.
"""

from functools import partial

from course_harness import slip

_SLUG = "12-capstone"


_slip = partial(slip, _SLUG)


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
        # A run skipped: four weeks ahead instead of the runs' own rhythm.
        "q6_next": _slip("q6_next", '+ gaps.mode()[0]', '+ pd.Timedelta(days=28)'),
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
    # Set 4: UTC days move the night run's date; the slips of the roles, the units and the name reached by it.
    {
        # Days counted in UTC: the run that crosses before dawn is dated the day before.
        "q2_runs": _slip("q2_runs", 'kz_days = sorted(set(local_date(in_kz["start"])))',
                         'kz_days = sorted(set(in_kz["start"].dt.strftime("%Y-%m-%d")))'),
        # The date left as a Timestamp instead of the text asked for.
        "q6_next": _slip("q6_next", 'next_run = (pd.Timestamp(run_dates[-1]) + gaps.mode()[0]).strftime("%Y-%m-%d")',
                         'next_run = pd.Timestamp(run_dates[-1]) + gaps.mode()[0]'),
        # The contact with the most calls on the run days: the escort, not the one who plans.
        "q7_organiser": _slip("q7_organiser", 'organiser_phone = eve_count.sort_index().idxmax()',
                              'organiser_phone = own[local_date(own["start"]).isin(run_dates)]["other"].value_counts().idxmax()'),
        # The courier's most frequent contact taken for the escort's driver: his mother.
        "q8_roles": _slip("q8_roles", 'scout_phone = fit.sort_index().idxmax()',
                          'scout_phone = own["other"].value_counts().idxmax()'),
        # Thousands of USDT, as a briefing would write them, instead of USDT.
        "q10_cashout": _slip("q10_cashout", 'cashout_usdt = round(float(to_exchange[cashout_address]), 2)',
                             'cashout_usdt = round(float(to_exchange[cashout_address]) / 1000, 2)'),
        # The surname alone: the first traveller of that family name.
        "q11_financier": _slip("q11_financier", '\n                & (register["given_name"].map(name_key) == name_key(holder["holder_given_name"]))\n                & (register["date_of_birth"] == holder["date_of_birth"])]', ']'),
    },
    # Set 5: every day on Kazakh cells taken for a run; the later tasks are graded against that list.
    {
        # Every day on Kazakh cells listed, the way home included.
        "q2_runs": _slip("q2_runs", 'run_dates = [d for d in kz_days if (pd.Timestamp(d) - pd.Timedelta(days=1)).strftime("%Y-%m-%d") not in kz_days]',
                         'run_dates = kz_days'),
        # A weekly rhythm (the trader's, or a guess) instead of the runs' own.
        "q6_next": _slip("q6_next", '+ gaps.mode()[0]', '+ pd.Timedelta(days=7)'),
        # The largest single transfer to the exchange instead of the period's total.
        "q10_cashout": _slip("q10_cashout", 'cashout_usdt = round(float(to_exchange[cashout_address]), 2)',
                             'cashout_usdt = round(float(out.loc[out["to_address"] == cashout_address, "amount_usdt"].max()), 2)'),
    },
]

# Mistakes the visible checks leave to the hidden tests: (set, answer cell) -> why.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {
    (2, "q3_passport"): "the trader does enter Kazakhstan on every run date; only the hour of his entry against "
                        "the phone's separates him, and a visible time-window check would recompute the passport",
    (3, "q2_runs"): "the tip-off number's stays are real stays (each a Kazakh first day); showing that the list "
                    "misses the new number's runs would mean recomputing the whole list",
    (3, "q8_roles"): "the number found before the report is also a contact of the organiser around the runs; "
                     "only the order (after the report) separates it, and checking that order is the answer's rule",
}
