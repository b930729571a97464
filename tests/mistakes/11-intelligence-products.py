"""Plausible wrong answers to the module 11 exercise: the slips of an analyst turning records into a
product — matching a person by name, forgetting the time zone, counting a border passage twice,
scoring ACH for the favoured hypothesis, sanitising by halves, and a Word file that only looks right.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else.
"""

from functools import partial

from course_harness import slip

SLUG = "11-intelligence-products"


_slip = partial(slip, SLUG)


# The line of the solution that writes one key judgement as a bullet.
_JUDGEMENT = 'document.add_paragraph(f"{_lead} that {_k[\'judgement\']}.", style="List Bullet")'
_BY_NAME = 'border[(border["surname"] == target["surname"]) & (border["given_name"] == target["given_name"])]'
_PASSPORT = 'border[border["passport_no"] == target["passport_no"]]'

MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: names, time zones, double counting.
    {
        # Matched on the name as the index spells it: records under other spellings are lost.
        "q1_records": _slip("q1_records", _PASSPORT, _BY_NAME),
        # Every exit, at every crossing (also exits from Uzbekistan and Kazakhstan), as a trip.
        "q2_timeline": _slip("q2_timeline", '(_mine["direction"] == "exit") & (_mine["crossing"] == "Fotehobod")',
                             '_mine["direction"] == "exit"'),
        # Both records of every passage counted.
        "q3_flows": _slip("q3_flows", '_out = _mine[_mine["direction"] == "exit"]', "_out = _mine"),
        # The evidence FOR each hypothesis (C, CC) counted instead of the evidence against it.
        "q4_inconsistency": _slip("q4_inconsistency", '{"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}',
                                  '{"CC": 2, "C": 1, "N": 0, "I": 0, "II": 0}'),
        # "Consistent with everything" (no I or II anywhere) taken for non-diagnostic.
        "q5_non_diagnostic": _slip("q5_non_diagnostic", "_ratings.nunique(axis=1) == 1",
                                   '~_ratings.isin(["I", "II"]).any(axis=1)'),
        # The US ICD 203 words, which mean other ranges.
        "q7_wording": (
            "def _icd(p):\n"
            "    for _t, _hi in [('almost no chance', 5), ('very unlikely', 20), ('unlikely', 45), "
            "('roughly even chance', 55), ('likely', 80), ('very likely', 95), ('almost certain', 100)]:\n"
            "        if p <= _hi:\n"
            "            return _t\n"
            'wording = estimates.assign(wording=estimates["percent"].map(_icd))'
        ),
        # The source id kept in the annex.
        "q8_annex": _slip("q8_annex", '    "report_id": cited,\n',
                          '    "report_id": cited,\n    "source_id": _sel["source_id"].to_numpy(),\n'),
        # Any report allowing the recipient instead of every report.
        "q9_may_receive": _slip("q9_may_receive", "if all(", "if any("),
        # Headings as bold paragraphs: the document looks sectioned but has no headings.
        "q10_report": _slip("q10_report", 'document.add_heading("Key judgements", level=1)',
                            'document.add_paragraph().add_run("Key judgements").bold = True'),
    },
    # Set 1: other typical slips.
    {
        # Times left in UTC.
        "q1_records": _slip("q1_records", 'records["time"].dt.tz_convert(LOCAL)', 'records["time"]'),
        # Times of the crossings left in UTC (the seizure dates localised).
        "q2_timeline": _slip("q2_timeline", '_exits["time"].dt.tz_convert(LOCAL)',
                             '_exits["time"].dt.tz_convert("UTC").dt.tz_localize(None).dt.tz_localize(LOCAL)'),
        # Only the trips through Fotehobod counted as passages.
        "q3_flows": _slip("q3_flows", '_out = _mine[_mine["direction"] == "exit"]',
                          '_out = _mine[(_mine["direction"] == "exit") & (_mine["crossing"] == "Fotehobod")]'),
        # Sorted from the most inconsistent down.
        "q4_inconsistency": _slip("q4_inconsistency", '.sort_values(kind="stable")',
                                  '.sort_values(ascending=False, kind="stable")'),
        # The diagnostic items listed instead.
        "q5_non_diagnostic": _slip("q5_non_diagnostic", "_ratings.nunique(axis=1) == 1",
                                   "_ratings.nunique(axis=1) > 1"),
        # Range ends excluded: 55 % is not 'likely'.
        "q7_wording": _slip("q7_wording", "if _lo <= p <= _hi:", "if _lo < p < _hi:"),
        # The handler's note left in.
        "q8_annex": _slip("q8_annex", '_sel["text"].str.replace(r"^\\[[^\\]]*\\]\\s*", "", regex=True)',
                          '_sel["text"]'),
        # Only the first cited report's rule applied.
        "q9_may_receive": _slip("q9_may_receive", "for r in briefing_cited)", "for r in briefing_cited[:1])"),
        # The figures saved to files, not put in the document.
        "q10_report": _slip("q10_report", "document.add_picture(io.BytesIO(_timeline_png), width=Cm(16))\n"
                            "document.add_picture(io.BytesIO(_flow_png), width=Cm(12))\n",
                            'open("timeline.png", "wb").write(_timeline_png)\n'),
    },
    # Set 2: more slips.
    {
        # Sorted newest first.
        "q1_records": _slip("q1_records", 'records.sort_values("time", ignore_index=True)',
                            'records.sort_values("time", ascending=False, ignore_index=True)'),
        # Seizures of the truck he drives now only.
        "q2_timeline": _slip("q2_timeline",
                             '_plates = set(_mine.loc[_mine["role"] == "driver", "vehicle_plate"].dropna())',
                             '_plates = {_mine["vehicle_plate"].dropna().iloc[-1]}'),
        # Matched on the name: passages under the other spellings are lost.
        "q3_flows": _slip("q3_flows", _PASSPORT, _BY_NAME),
        # II counted like I (a plain count of the inconsistent ratings).
        "q4_inconsistency": _slip("q4_inconsistency", '{"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}',
                                  '{"CC": 0, "C": 0, "N": 0, "I": 1, "II": 1}'),
        # Ties read as keeping the lead (idxmin keeps the first of two equal scores).
        "q6_pivotal": _slip("q6_pivotal", "if not (_without[_lead] < _others).all():",
                            "if _without.idxmin() != _lead:"),
        # Percent compared with fractions.
        "q7_wording": _slip("q7_wording", "if _lo <= p <= _hi:", "if _lo / 100 <= p <= _hi / 100:"),
        # Handler's note removed, the space after it left.
        "q8_annex": _slip("q8_annex", 'r"^\\[[^\\]]*\\]\\s*"', 'r"^\\[[^\\]]*\\]"'),
        # The annex table built from every column of the annex DataFrame, source id included.
        "q10_report": _slip("q10_report", '_table = document.add_table(rows=1, cols=5)',
                            '_table = document.add_table(rows=1, cols=5)\n'
                            'document.add_paragraph("Sources: " + ", ".join('
                            'reports.set_index("report_id").loc[cited, "source_id"]))'),
    },
    # Set 3: a partner's grade in the annex, clocks re-labelled, sensitivity read off the wrong items (task 4 is
    # right in sets 3 to 7, so the checks against the leader of the full matrix apply).
    {
        # The UTC clock reading labelled as Dushanbe time: the zone is right, every instant five hours off.
        "q1_records": _slip("q1_records", 'records["time"].dt.tz_convert(LOCAL)',
                            'records["time"].dt.tz_localize(None).dt.tz_localize(LOCAL)'),
        # Seizures placed at noon, "the middle of the day", instead of the product's 00:00 convention.
        "q2_timeline": _slip("q2_timeline", '_seized["date"].dt.tz_localize(LOCAL)',
                             '_seized["date"].dt.tz_localize(LOCAL) + pd.Timedelta(hours=12)'),
        # Only the item rated N throughout taken as non-diagnostic; the one rated C throughout is missed.
        "q5_non_diagnostic": _slip("q5_non_diagnostic", "_ratings.nunique(axis=1) == 1",
                                   '(_ratings == "N").all(axis=1)'),
        # Items that count against the leader listed as the ones the result rests on.
        "q6_pivotal": (
            'pivotal = sorted(ach.index[ach["H1"].isin(["I", "II"])].tolist())'
        ),
        # The partner's own grade, missing where the report came graded by the Centre.
        "q8_annex": _slip("q8_annex", '_sel["grade_nato"]', '_sel["original_grade"]'),
        # Only the Centre's own team, "to be safe".
        "q9_may_receive": 'may_receive = ["REC-01"]',
        # The ACH table in hypothesis order, not in the order of the scores.
        "q10_report": _slip("q10_report", "for _h, _score in inconsistency.items():",
                            "for _h, _score in inconsistency.sort_index().items():"),
    },
    # Set 4.
    {
        # Every item that moves any score.
        "q6_pivotal": 'pivotal = sorted(ach.index[ach[list(HYPOTHESES)].isin(["I", "II"]).any(axis=1)].tolist())',
        "q8_annex": _slip("q8_annex", '_sel["grade_nato"]', '_sel["original_grade"].fillna(_sel["grade_nato"])'),
        # The annex's reports (cited) used for the briefing's addressees: the H2 reports shut out the partners.
        "q9_may_receive": _slip("q9_may_receive", "for r in briefing_cited)", "for r in cited)"),
        # Key judgements given as percentages.
        "q10_report": _slip("q10_report", _JUDGEMENT,
                            'document.add_paragraph(f"{_k[\'judgement\'].capitalize()}: {_k[\'percent\']} %.", '
                            'style="List Bullet")'),
    },
    # Set 5.
    {
        # A tie read as keeping the lead: only items after which another hypothesis scores strictly lower.
        "q6_pivotal": _slip("q6_pivotal", "if not (_without[_lead] < _others).all():",
                            "if not (_without[_lead] <= _others).all():"),
        # Key judgements as plain paragraphs, not bulleted.
        "q10_report": _slip("q10_report", _JUDGEMENT, 'document.add_paragraph(f"{_lead} that {_k[\'judgement\']}.")'),
    },
    # Set 6.
    {
        # The sensitivity analysis with unweighted counts (II counted as 1).
        "q6_pivotal": _slip("q6_pivotal", '{"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}',
                            '{"CC": 0, "C": 0, "N": 0, "I": 1, "II": 1}'),
        # A heading capitalised as a title.
        "q10_report": _slip("q10_report", 'document.add_heading("Key judgements", level=1)',
                            'document.add_heading("Key Judgements", level=1)'),
    },
    # Set 7.
    {
        # Every item whose removal changes the ranking of the hypotheses, not only the leader's sole lead.
        "q6_pivotal": (
            "_w = ach[list(HYPOTHESES)].apply(lambda _c: _c.map({'CC': 0, 'C': 0, 'N': 0, 'I': 1, 'II': 2}))\n"
            "_order = list(_w.sum().sort_index().sort_values(kind='stable').index)\n"
            "pivotal = sorted(_e for _e in _w.index\n"
            "                 if list(_w.drop(index=_e).sum().sort_index().sort_values(kind='stable').index) != _order)"
        ),
    },
]

_TIE_REASON = ("a tie read as keeping the lead gives a subset of the items; which items cost the leader its sole "
               "lead is the answer itself: a visible check that tells a missing or surplus item would rescore "
               "every item in plain sight")

LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {
    (2, "q6_pivotal"): _TIE_REASON,
    (6, "q6_pivotal"): "unweighted rescoring gives another plausible set of items; telling it from the weighted "
                       "one means rescoring every item in plain sight, i.e. the answer",
    (7, "q6_pivotal"): "items that only reorder the runners-up look like plausible answers; telling them apart "
                       "means rescoring every item in plain sight, i.e. the answer",
    (5, "q6_pivotal"): _TIE_REASON,
}
