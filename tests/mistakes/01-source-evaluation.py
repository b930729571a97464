"""Plausible wrong answers to the module 01 exercise: the slips trainees make with grades, joins and provenance.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else.
"""

_LETTER = '''def source_letter(outcomes, confirmed):
    if outcomes {f_test}:
        return "F"
    share = confirmed / outcomes
    if share >= 0.95 and outcomes >= 10:
        return "A"
    if share >= 0.75:
        return "B"
    if share >= 0.5:
        return "C"
    if share >= 0.25:
        return "D"
    return "E"

INFO = {{
    "confirmed by an independent source": {{"first-hand": 1, "second-hand": 1, "unknown": 1}},
    "consistent": {{"first-hand": 2, "second-hand": 3, "unknown": 3}},
    "no other information": {{"first-hand": 3, "second-hand": 4, "unknown": 6}},
    "contradicted": {{"first-hand": 5, "second-hand": 5, "unknown": 5}},
}}
pending = reports[reports["grade_nato"].isna()]
'''

_CONVERT = '''SOURCE_MAP = {source}
INTEL_MAP = {intel}
HANDLING_MAP = {{"1": "P", "2": "C", "3": "C", "4": "C", "5": "C"}}
old_grades = sorted(reports.loc[reports["original_system"] == "UK 5x5x5", "original_grade"].unique())
converted = {{g: SOURCE_MAP[g[0]] + INTEL_MAP[g[1]] + HANDLING_MAP[g[2]]
             for g in old_grades if g[0] in SOURCE_MAP and g[1] in INTEL_MAP}}
ambiguous = sorted(g for g in old_grades if g not in converted)'''

_SHARE = '''MAY_RECEIVE = {rule}
pairs = (requests
         .merge(reports[["report_id", "handling_code", "originator_country"]], on="report_id", how="left")
         .merge(recipients[["recipient_id", "kind", "country"]], on="recipient_id", how="left"))
may_share = pd.Series([kind in MAY_RECEIVE[code] for code, kind in zip(pairs["handling_code"], pairs["kind"])],
                      index=pairs["request_id"])'''

_TRACK = '''before = reports[reports["received"] < pd.Timestamp("2024-06-17", tz="Asia/Almaty")]
known = {known}
settled = before.merge(known, on="claim_id", how="{how}")
track_record = settled.groupby("source_id").agg(
    n_outcomes=("report_id", "size"),
    n_confirmed=("outcome", lambda s: int((s == "confirmed").sum())))
track_record = track_record.reindex(sorted(sources["source_id"]), fill_value=0)
track_record["share_confirmed"] = track_record["n_confirmed"] / track_record["n_outcomes"]
track_record["record_grade"] = [source_letter(n, k) for n, k in
                                zip(track_record["n_outcomes"], track_record["n_confirmed"])]'''

_CHAIN = '''by_ref = dict(zip(reports["report_ref"], reports["report_id"]))
edges = [(by_ref[ref], rid) for rid, ref in zip(reports["report_id"], reports["based_on_ref"])
         if pd.notna(ref) and ref in by_ref]
{hidden}
graph = nx.DiGraph(edges)
circular_chain = sorted(set(graph.nodes))'''

MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0
    {
        # re.match only anchors the start: 'B2x' passes.
        "q1_validate": (
            'PATTERNS = {"NATO": r"[A-F][1-6]", "EU 4x4": r"[ABCX][1-4] H[0-3]", "UK 5x5x5": r"[A-E][1-5][1-5]",\n'
            '            "UK 3x5x2": r"[1-3][A-E][PC]"}\n'
            "def is_valid(grade, system):\n"
            "    return isinstance(grade, str) and re.match(PATTERNS[system], grade) is not None"
        ),
        # crosstab without reindex: letters with no report (A, E) are missing.
        "q2_matrix": (
            'graded = reports[reports["grade_nato"].notna()]\n'
            'matrix = pd.crosstab(graded["grade_nato"].str[0], graded["grade_nato"].str[1])'
        ),
        # The register's assigned letter instead of the record described in the report.
        "q3_grade_pending": _LETTER.format(f_test="< 5") + (
            'letter = pending["source_id"].map(dict(zip(sources["source_id"], sources["assigned_grade"])))\n'
            "pending_grades = pd.Series([l + str(INFO[f][a]) for l, f, a in zip(letter, "
            'pending["fits_other_information"], pending["access"])], index=pending["report_id"])'
        ),
        # Digits turned into letters by position: 2 -> B, 3 -> C (the 5x5x5/3x5x2 swap trap).
        "q4_convert": _CONVERT.format(source='{"A": "1", "B": "1", "D": "3", "E": "2"}',
                                      intel='{"1": "A", "2": "B", "3": "C", "5": "E"}'),
        # H3 treated as 'law enforcement', ignoring the originator's country.
        "q5_share": _SHARE.format(rule='{"H0": ["centre", "law enforcement", "prosecutor"], '
                                  '"H1": ["centre", "law enforcement"], "H2": ["centre"], '
                                  '"H3": ["centre", "law enforcement"]}'),
        # Reports without an outcome counted as not confirmed (left join).
        "q6_track_record": _LETTER.format(f_test="< 5") + _TRACK.format(
            known='outcomes[outcomes["recorded"] <= "2024-06-16"]', how="left"),
        # Only sources graded too generously (one direction of drift).
        "q7_drift": (
            'compare = record.join(sources.set_index("source_id")["assigned_grade"])\n'
            'drifted = sorted(compare.index[compare["assigned_grade"] < compare["record_grade"]])'
        ),
        # Hidden links without checking that the share came before the partner's report.
        "q8_circular": _CHAIN.format(hidden=(
            'sent = (disseminations.merge(recipients[["recipient_id", "source_id"]], on="recipient_id")\n'
            '        .merge(reports[["report_id", "claim_id"]], on="report_id").dropna(subset=["source_id"])\n'
            '        .rename(columns={"report_id": "shared_report"}))\n'
            'back = reports.merge(sent[["shared_report", "source_id", "claim_id"]], on=["source_id", "claim_id"])\n'
            'edges += list(zip(back["shared_report"], back["report_id"]))')),
        # Distinct reporting sources, echoes counted as sources.
        "q9_independent": 'independent_sources = reports.groupby("claim_id")["source_id"].nunique()',
        # A blacklist that misses identifying columns.
        "q10_sanitise": (
            'sanitised = share_batch.drop(columns=["source_id", "handler", "meeting_place"])\n'
            'sanitised["text"] = sanitised["text"].str.replace(r"^\\[[^\\]]*\\]\\s*", "", regex=True)'
        ),
    },
    # Set 1
    {
        # Case-insensitive match: 'b2' and '1ap' pass.
        "q1_validate": (
            'PATTERNS = {"NATO": r"[A-F][1-6]", "EU 4x4": r"[ABCX][1-4] H[0-3]", "UK 5x5x5": r"[A-E][1-5][1-5]",\n'
            '            "UK 3x5x2": r"[1-3][A-E][PC]"}\n'
            "def is_valid(grade, system):\n"
            "    return isinstance(grade, str) and (\n"
            "        re.fullmatch(PATTERNS[system], grade, flags=re.IGNORECASE) is not None)"
        ),
        # Information numbers as ints, not strings.
        "q2_matrix": (
            'graded = reports[reports["grade_nato"].notna()]\n'
            'matrix = pd.crosstab(graded["grade_nato"].str[0], graded["grade_nato"].str[1].astype(int))\n'
            "matrix = matrix.reindex(index=list(\"ABCDEF\"), columns=range(1, 7), fill_value=0)"
        ),
        # The source's reputation drives the information number: a good record gives 2 at worst.
        "q3_grade_pending": _LETTER.format(f_test="< 5") + (
            "pending_grades = pd.Series([source_letter(n, k) + str(min(INFO[f][a], 2) if source_letter(n, k) in 'AB'\n"
            "    else INFO[f][a]) for n, k, f, a in zip(pending['source_outcomes_before'],\n"
            "    pending['source_confirmed_before'], pending['fits_other_information'], pending['access'])],\n"
            "    index=pending['report_id'])"
        ),
        # 5x5x5 source C ('sometimes reliable') taken as reliable.
        "q4_convert": _CONVERT.format(source='{"A": "1", "B": "1", "C": "1", "D": "3", "E": "2"}',
                                      intel='{"1": "A", "2": "A", "3": "B", "5": "E"}'),
        # Prosecutors allowed under H1 (it only restricts use in court, so 'they can still see it').
        "q5_share": _SHARE.format(rule='{"H0": ["centre", "law enforcement", "prosecutor"], '
                                  '"H1": ["centre", "law enforcement", "prosecutor"], "H2": ["centre"], '
                                  '"H3": ["centre"]}'),
        # Look-ahead: outcomes recorded after 16 June used.
        "q6_track_record": _LETTER.format(f_test="< 5") + _TRACK.format(known="outcomes", how="inner"),
        # An Index, not a list.
        "q7_drift": (
            'compare = record.join(sources.set_index("source_id")["assigned_grade"])\n'
            'drifted = compare.index[compare["assigned_grade"] != compare["record_grade"]]'
        ),
        # Only the explicit references: the hidden link through the dissemination log is missed.
        "q8_circular": _CHAIN.format(hidden=""),
        # Reports counted, not sources.
        "q9_independent": 'independent_sources = reports.merge(origins, on="report_id").groupby("claim_id").size()',
        # Right columns, but the handler note stays in the text.
        "q10_sanitise": (
            'sanitised = share_batch[["report_id", "received", "claim_id", "text", "grade_nato", "handling_code"]]'
        ),
    },
]

MISTAKE_SETS.append(
    # Set 2: slips found in the new-trainee trial
    {
        # No guard for missing values: re.fullmatch(pattern, None) raises TypeError.
        "q1_validate": (
            'PATTERNS = {"NATO": r"[A-F][1-6]", "EU 4x4": r"[ABCX][1-4] H[0-3]", "UK 5x5x5": r"[A-E][1-5][1-5]",\n'
            '            "UK 3x5x2": r"[1-3][A-E][PC]"}\n'
            "def is_valid(grade, system):\n"
            "    return re.fullmatch(PATTERNS[system], grade) is not None"
        ),
        # The lesson's figure filter copied: partners' graded reports left out.
        "q2_matrix": (
            'graded = reports[reports["grade_nato"].notna() & reports["original_system"].isna()]\n'
            'matrix = pd.crosstab(graded["grade_nato"].str[0], graded["grade_nato"].str[1])\n'
            'matrix = matrix.reindex(index=list("ABCDEF"), columns=list("123456"), fill_value=0)'
        ),
        # A guess for the ambiguous intelligence 4 ('cannot be judged' read as C).
        "q4_convert": _CONVERT.format(source='{"A": "1", "B": "1", "D": "3", "E": "2"}',
                                      intel='{"1": "A", "2": "A", "3": "B", "4": "C", "5": "E"}'),
        # One row per source and claim: a source's repeated report on a claim dropped.
        "q6_track_record": _LETTER.format(f_test="< 5") + _TRACK.format(
            known='outcomes[outcomes["recorded"] <= "2024-06-16"]', how="inner").replace(
            'how="inner")', 'how="inner").drop_duplicates(["source_id", "claim_id"])'),
        # Distinct origin REPORTS, not the distinct sources of the origin reports.
        "q9_independent": (
            'independent_sources = reports.merge(origins, on="report_id").groupby("claim_id")["origin_report"].nunique()'  # noqa: E501 - one statement of a typed-in answer
        ),
        # Handler note removed, the space after it left.
        "q10_sanitise": (
            'sanitised = share_batch[["report_id", "received", "claim_id", "text", "grade_nato", "handling_code"]].copy()\n'  # noqa: E501 - one statement of a typed-in answer
            'sanitised["text"] = sanitised["text"].str.replace(r"^\\[[^\\]]*\\]", "", regex=True)'
        ),
    }
)

_PENDING = """pending_grades = pd.Series(
    [source_letter(n, k) + str(INFO[fits][access]) for n, k, fits, access in zip(
        pending["source_outcomes_before"], pending["source_confirmed_before"],
        pending["fits_other_information"], pending["access"])],
    index=pending["report_id"])"""

_PATTERNS = """PATTERNS = {{"NATO": r"{nato}", "EU 4x4": r"{eu}", "UK 5x5x5": r"[A-E][1-5][1-5]",
            "UK 3x5x2": r"[1-3][A-E][PC]"}}
def is_valid(grade, system):
    return isinstance(grade, str) and re.fullmatch(PATTERNS[system], grade) is not None"""

MISTAKE_SETS += [
    # Set 3: rules read loosely.
    {
        # "4x4" read as four letters A-D: the X (cannot be assessed) is missing.
        "q1_validate": _PATTERNS.format(nato="[A-F][1-6]", eu="[A-D][1-4] H[0-3]"),
        # Crosstab the wrong way round: numbers as rows, letters as columns.
        "q2_matrix": (
            'graded = reports[reports["grade_nato"].notna()]\n'
            'matrix = pd.crosstab(graded["grade_nato"].str[1], graded["grade_nato"].str[0])\n'
            'matrix = matrix.reindex(index=list("123456"), columns=list("ABCDEF"), fill_value=0)'
        ),
        # Off by one: F also for exactly 5 settled reports.
        "q3_grade_pending": _LETTER.format(f_test="<= 5") + _PENDING,
        # Handling 5 ('refer to the originator') taken as a reason not to convert.
        "q4_convert": _CONVERT.format(source='{"A": "1", "B": "1", "D": "3", "E": "2"}',
                                      intel='{"1": "A", "2": "A", "3": "B", "5": "E"}').replace(
            "g[1] in INTEL_MAP}", 'g[1] in INTEL_MAP and g[2] != "5"}'),
        # "Back to its originator" tested through recipients.source_id: only liaison partners have one, so the
        # TJ Drug Control Agency's own H2 report is refused.
        "q5_share": (
            'MAY_RECEIVE = {"H0": ["centre", "law enforcement", "prosecutor"], "H1": ["centre", "law enforcement"],\n'
            '               "H2": ["centre"], "H3": ["centre"]}\n'
            'pairs = (requests\n'
            '         .merge(reports[["report_id", "handling_code", "originator_country", "source_id"]], on="report_id", how="left")\n'  # noqa: E501 - one statement of a typed-in answer
            '         .merge(recipients[["recipient_id", "kind", "country", "source_id"]], on="recipient_id", how="left", suffixes=("", "_rec")))\n'  # noqa: E501 - one statement of a typed-in answer
            'may_share = pd.Series([(pd.notna(rec) and src == rec) or kind in MAY_RECEIVE[code]\n'
            '                       or (code == "H3" and kind == "law enforcement" and country == origin)\n'
            '                       for code, kind, country, origin, src, rec in zip(\n'
            '    pairs["handling_code"], pairs["kind"], pairs["country"], pairs["originator_country"],\n'
            '    pairs["source_id"], pairs["source_id_rec"])], index=pairs["request_id"])'
        ),
        # Strict '>' at the thresholds: a share of exactly 0.75 becomes a C.
        "q6_track_record": _LETTER.format(f_test="< 5").replace(">= 0.75", "> 0.75").replace(">= 0.5", "> 0.5")
        + _TRACK.format(known='outcomes[outcomes["recorded"] <= "2024-06-16"]', how="inner"),
        # Only the hidden link through the dissemination log: the explicit citation is missed.
        "q8_circular": (
            'edges = []\n'
            'sent = (disseminations.merge(recipients[["recipient_id", "source_id"]], on="recipient_id")\n'
            '        .merge(reports[["report_id", "claim_id"]], on="report_id").dropna(subset=["source_id"])\n'
            '        .rename(columns={"report_id": "shared_report"}))\n'
            'back = reports.merge(sent[["shared_report", "source_id", "claim_id", "sent"]], on=["source_id", "claim_id"])\n'  # noqa: E501 - one statement of a typed-in answer
            'back = back[back["sent"] < back["received"]]\n'
            'edges += list(zip(back["shared_report"], back["report_id"]))\n'
            'circular_chain = sorted(set(nx.DiGraph(edges).nodes))'
        ),
        # Text after the note taken with partition: a text without a note becomes empty.
        "q10_sanitise": (
            'sanitised = share_batch[["report_id", "received", "claim_id", "text", "grade_nato", "handling_code"]].copy()\n'  # noqa: E501 - one statement of a typed-in answer
            'sanitised["text"] = sanitised["text"].str.partition("] ")[2]'
        ),
    },
    # Set 4: ranges and rules too narrow or too strict.
    {
        # Information 6 ('truth cannot be judged') forgotten.
        "q1_validate": _PATTERNS.format(nato="[A-F][1-5]", eu="[ABCX][1-4] H[0-3]"),
        # Every handling code converted to P.
        "q4_convert": _CONVERT.format(source='{"A": "1", "B": "1", "D": "3", "E": "2"}',
                                      intel='{"1": "A", "2": "A", "3": "B", "5": "E"}').replace(
            '{"1": "P", "2": "C", "3": "C", "4": "C", "5": "C"}', '{"1": "P", "2": "P", "3": "P", "4": "P", "5": "P"}'),
        # Prosecutors refused even under H0 (the rest of the rule, the return to the originator included, kept).
        "q5_share": (
            'MAY_RECEIVE = {"H0": ["centre", "law enforcement"], "H1": ["centre", "law enforcement"],\n'
            '               "H2": ["centre"], "H3": ["centre"]}\n'
            'pairs = (requests\n'
            '         .merge(reports[["report_id", "handling_code", "originator", "originator_country"]], on="report_id", how="left")\n'  # noqa: E501 - one statement of a typed-in answer
            '         .merge(recipients[["recipient_id", "name", "kind", "country"]], on="recipient_id", how="left"))\n'
            'may_share = pd.Series([name == originator or kind in MAY_RECEIVE[code]\n'
            '                       or (code == "H3" and kind == "law enforcement" and country == origin)\n'
            '                       for code, kind, country, origin, name, originator in zip(\n'
            '    pairs["handling_code"], pairs["kind"], pairs["country"], pairs["originator_country"],\n'
            '    pairs["name"], pairs["originator"])], index=pairs["request_id"])'
        ),
    },
]

MISTAKE_SETS += [
    # Set 5: tidying the input, and thresholds read as "more than".
    {
        # Spaces stripped before matching: ' B2' (a typing error) passes as a grade.
        "q1_validate": _PATTERNS.format(nato="[A-F][1-6]", eu="[ABCX][1-4] H[0-3]").replace(
            "grade) is not None", "grade.strip()) is not None"),
        # Strict '>' at the thresholds: 6 of 8 confirmed (exactly 0.75) becomes a C.
        "q3_grade_pending": _LETTER.format(f_test="< 5").replace(">= 0.75", "> 0.75").replace(">= 0.5", "> 0.5")
        + _PENDING,
        # The same helper reused in task 6: the record letters follow the strict thresholds too.
        "q6_track_record": _TRACK.format(known='outcomes[outcomes["recorded"] <= "2024-06-16"]', how="inner"),
    },
    # Set 6: a quantifier too many, and a rule applied without its exception.
    {
        # '[1-6]+': any number of digits after the letter, so 'B25' passes.
        "q1_validate": _PATTERNS.format(nato="[A-F][1-6]+", eu="[ABCX][1-4] H[0-3]"),
        # The table applied to every request: an H2 report asked back by its own originator is refused.
        "q5_share": (
            'MAY_RECEIVE = {"H0": ["centre", "law enforcement", "prosecutor"], "H1": ["centre", "law enforcement"],\n'
            '               "H2": ["centre"], "H3": ["centre"]}\n'
            'pairs = (requests\n'
            '         .merge(reports[["report_id", "handling_code", "originator_country"]], on="report_id", how="left")\n'  # noqa: E501 - one statement of a typed-in answer
            '         .merge(recipients[["recipient_id", "kind", "country"]], on="recipient_id", how="left"))\n'
            'may_share = pd.Series([kind in MAY_RECEIVE[code] or (code == "H3" and kind == "law enforcement"\n'
            '                       and country == origin) for code, kind, country, origin in zip(\n'
            '    pairs["handling_code"], pairs["kind"], pairs["country"], pairs["originator_country"])],\n'
            '    index=pairs["request_id"])'
        ),
    },
]

MISTAKE_SETS += [
    # Set 7: the second blind trial's slips.
    {
        # The information table misread: nothing else known and access unknown taken as 4, like second-hand.
        "q3_grade_pending": _LETTER.format(f_test="< 5").replace('"unknown": 6', '"unknown": 4') + _PENDING,
        # The lesson's worked example copied with its own date: the record as it stood on 31 May.
        "q6_track_record": _LETTER.format(f_test="< 5") + _TRACK.format(
            known='outcomes[outcomes["recorded"] <= "2024-05-31"]', how="inner").replace(
            '"2024-06-17"', '"2024-06-01"'),
    },
]

MISTAKE_SETS += [
    # Set 8: the time zone ignored at the review date.
    {
        # A plain date against the UTC column: the cut falls at midnight UTC, so SRC-04's report received in the
        # first hours of 17 June, Almaty time, is counted in the record as of 16 June (F becomes B).
        "q6_track_record": _LETTER.format(f_test="< 5") + _TRACK.format(
            known='outcomes[outcomes["recorded"] <= "2024-06-16"]', how="inner").replace(
            'pd.Timestamp("2024-06-17", tz="Asia/Almaty")', '"2024-06-17"'),
    },
]

MISTAKE_SETS += [
    # Set 9: a day cut off, and a pattern without its anchor.
    {
        # Outcomes compared with a strict '<' against 16 June: the refutation recorded on 16 June itself is left
        # out (SRC-05's D becomes a C).
        "q6_track_record": _LETTER.format(f_test="< 5") + _TRACK.format(
            known='outcomes[outcomes["recorded"] < "2024-06-16"]', how="inner"),
        # The pattern without '^': every bracketed part goes, the translator's note inside an intercept's text too.
        "q10_sanitise": (
            'sanitised = share_batch[["report_id", "received", "claim_id", "text", "grade_nato", "handling_code"]].copy()\n'  # noqa: E501 - one statement of a typed-in answer
            'sanitised["text"] = sanitised["text"].str.replace(r"\\[[^\\]]*\\]\\s*", "", regex=True)'
        ),
    },
]

# Mistakes the visible checks leave to the hidden tests: (set, answer cell) -> why.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {
    (4, "q5_share"): "refusing prosecutors under H0 is a refusal with no reason in the rule; the visible checks test "
                     "what the trainee ALLOWS against the written condition, and testing every refusal as well "
                     "would apply the whole rule to every request, which is the answer itself",
}
