# ruff: noqa: E501  (the wrong answers are code as a trainee would type it, one statement per line)
"""Plausible wrong answers to the module 02 exercise: the slips of a first record linkage.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else. Each slip is marked VISIBLE (a visible check fails with a message naming it) or
HIDDEN (only the instructor's hidden tests catch it, with the reason). Later tasks start from the given
registers and are graded against the trainee's own earlier results, so one set can hold a slip in
every task without one slip failing another task.
"""

from functools import partial

from course_harness import slip

_slip = partial(slip, "02-data-integration")


MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: library defaults and the wrong formula.
    {
        # VISIBLE: types guessed by the reader: id_number becomes a number, the dates datetimes.
        "q1_load": _slip("q1_load", 'customs_df = con.sql("SELECT * FROM customs ORDER BY record_id").df()',
                         "customs_df = con.sql(f\"SELECT * FROM read_csv('{CUSTOMS_CSV}') ORDER BY record_id\").df()")
        .replace('subs_df = con.sql("SELECT * FROM subscribers ORDER BY record_id").df()',
                 "subs_df = con.sql(f\"SELECT * FROM read_csv('{SUBSCRIBERS_CSV}') ORDER BY record_id\").df()"),
        # VISIBLE: the missing value counted as one more distinct value.
        "q2_quality": _slip("q2_quality", 'subs_df[c].replace("", None).nunique()', "subs_df[c].nunique(dropna=False)"),
        # VISIBLE: the customs dates parsed with format="mixed": 03.04.1990 read month first, 16.09.1975 day first.
        "q3_dates": _slip("q3_dates", 'pd.to_datetime(customs_df["birth_date"], format="%d.%m.%Y")', 'pd.to_datetime(customs_df["birth_date"], format="mixed")'),
        # VISIBLE: grouped on the raw document numbers: look-alike letters hide duplicates.
        "q4_docs": _slip("q4_docs", "GROUP BY doc_clean HAVING", "GROUP BY document_no HAVING")
        .replace("SELECT doc_clean, COUNT(*)", "SELECT document_no AS doc_clean, COUNT(*)"),
        # VISIBLE: joined on the subscribers' raw numbers, whose leading zeros the spreadsheet dropped.
        "q5_join": _slip("q5_join", '"id7": subs_ids', '"id7": subs_df["id_number"]'),
        # VISIBLE: name words not sorted: the same person keyed given-name first does not agree.
        "q6_standardise": _slip("q6_standardise", 'return " ".join(sorted(names.surname_stem(token) for token in name_tokens(text)))',
                                'return " ".join(names.surname_stem(token) for token in name_tokens(text))'),
        # VISIBLE: UNION ALL: a pair found by two rules compared twice.
        "q7_blocking": _slip("q7_blocking", "UNION\n", "UNION ALL\n"),
        # VISIBLE: F1 as the arithmetic mean.
        "q8_baseline": _slip("q8_baseline", '"f1": 2 * precision * recall / (precision + recall)', '"f1": (precision + recall) / 2'),
        # VISIBLE: predict() with its default threshold: every blocked pair, however unlikely, is kept.
        "q9_splink": _slip("q9_splink", "linker.inference.predict(threshold_match_probability=0.01)", "linker.inference.predict()"),
        # VISIBLE: thresholds applied to the match weight instead of the probability.
        "q10_thresholds": _slip("q10_thresholds", 'preds[preds["match_probability"] >= _t]', 'preds[preds["match_weight"] >= _t]'),
        # VISIBLE: records without a link left out of the clusters.
        "q11_clusters": _slip("q11_clusters", 'graph.add_nodes_from(list(customs_df["record_id"]) + list(subs_df["record_id"]))\n', ""),
        # VISIBLE: the expected number of true matches taken as the number of pairs.
        "q12_review": _slip("q12_review", 'expected_true = float(review_band["match_probability"].sum())', "expected_true = float(len(review_band))"),
    },
    # Set 1: wrong rows, wrong direction, wrong denominators.
    {
        # VISIBLE: the identity-document digits declared a number in the table: the zeros are lost again.
        "q1_load": _slip("q1_load", "date_of_birth VARCHAR, id_number VARCHAR", "date_of_birth VARCHAR, id_number BIGINT"),
        # VISIBLE: "needed zeros" counted as numbers of fewer than 6 digits.
        "q2_quality": _slip("q2_quality", '(subs_df["id_number"].str.len() < 7).sum()', '(subs_df["id_number"].str.len() < 6).sum()'),
        # VISIBLE: a date whose day equals its month counted as ambiguous (05.05 reads the same either way).
        "q3_dates": _slip("q3_dates", "(dob_customs.dt.day <= 12) & (dob_customs.dt.day != dob_customs.dt.month)", "dob_customs.dt.day <= 12"),
        # VISIBLE: documents held once kept (HAVING left out).
        "q4_docs": _slip("q4_docs", "GROUP BY doc_clean HAVING COUNT(*) > 1", "GROUP BY doc_clean"),
        # VISIBLE: the share over the links instead of over the customs records.
        "q5_join": _slip("q5_join", 'float(doc_links["customs_id"].nunique() / len(customs_df))', 'float(len(doc_links) / len(customs_df))'),
        # VISIBLE: the customs digits cut from the raw document_no: a letter O stays where a zero belongs.
        "q6_standardise": _slip("q6_standardise", '"doc": doc_clean.str[2:]', '"doc": customs_df["document_no"].str[2:]'),
        # VISIBLE: n(n-1)/2 for the full product of two different registers.
        "q7_blocking": _slip("q7_blocking", "n_full = len(std_customs) * len(std_subs)", "n_full = (len(std_customs) + len(std_subs)) * (len(std_customs) + len(std_subs) - 1) // 2"),
        # VISIBLE: the rule's OR read as AND (document and name and date all equal).
        "q8_baseline": _slip("q8_baseline", ' | (_m["doc_x"] == _m["doc_y"])', ' & (_m["doc_x"] == _m["doc_y"])'),
        # VISIBLE: sorted by the probability alone and the index kept: ties in any order, the index scrambled.
        "q9_splink": _slip("q9_splink", '''.sort_values(["match_probability", "customs_id", "subscriber_id"], ascending=[False, True, True])
         .reset_index(drop=True))''', '''.sort_values("match_probability", ascending=False))'''),
        # VISIBLE: n_links counted among the reviewed links only.
        "q10_thresholds": _slip("q10_thresholds", '"n_links": len(_links)', '"n_links": int(_links["customs_id"].isin(review["record_id"]).sum())'),
        # VISIBLE: clusters from every predicted pair (threshold 0.01), over-merging.
        "q11_clusters": _slip("q11_clusters", '_links = preds[preds["match_probability"] >= accept_threshold]', "_links = preds"),
        # VISIBLE: the band taken from 0.5 to 1 (the accepted links sent to review too).
        "q12_review": _slip("q12_review", '(preds["match_probability"] < accept_threshold)', '(preds["match_probability"] <= 1)'),
    },
    # Set 2: counting slips and a model without training.
    {
        # VISIBLE: the zeros padded on the right, as a spreadsheet's text functions are often used.
        "q2_quality": _slip("q2_quality", 'subs_df["id_number"].str.zfill(7)', 'subs_df["id_number"].str.ljust(7, "0")'),
        # VISIBLE: both sort keys descending.
        "q4_docs": _slip("q4_docs", "ORDER BY n_records DESC, doc_clean", "ORDER BY n_records DESC, doc_clean DESC"),
        # VISIBLE: the subscribers' dates read day first (format="mixed" with dayfirst=True).
        "q3_dates": _slip("q3_dates", 'format="%m/%d/%Y"', 'format="mixed", dayfirst=True'),
        # VISIBLE: the share over the subscriber records.
        "q5_join": _slip("q5_join", 'float(doc_links["customs_id"].nunique() / len(customs_df))', 'float(doc_links["customs_id"].nunique() / len(subs_df))'),
        # VISIBLE: name keys without the surname stems: Karimov and Karimzoda do not agree.
        "q6_standardise": _slip("q6_standardise", 'sorted(names.surname_stem(token) for token in name_tokens(text))', "sorted(name_tokens(text))"),
        # VISIBLE: blocking recall as the share of candidate pairs that are true pairs (the wrong denominator).
        "q7_blocking": _slip("q7_blocking", "/ len(true_pairs))", "/ len(cand))"),
        # VISIBLE: predictions of an untrained model (default m and u): its output looks like a model's, but the
        # model's settings hold no trained m or u for any level.
        "q9_splink": _slip("q9_splink", 'linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))\n', "")
        .replace('linker.training.estimate_parameters_using_expectation_maximisation(block_on("substr(name_sorted, 1, 4)"))\n', "")
        .replace('linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)\n', ""),
        # VISIBLE: every cluster of more than one record counted as over-merged (merged is not over-merged).
        "q11_clusters": _slip("q11_clusters", """labelled = frame.merge(review, on="record_id")
    return int((labelled.groupby("cluster_id")["review_id"].nunique() > 1).sum())""",
                              'return int((frame.groupby("cluster_id").size() > 1).sum())'),
        # VISIBLE: the band's index kept from preds.
        "q12_review": _slip("q12_review", "(preds[\"match_probability\"] < accept_threshold)].reset_index(drop=True)", "(preds[\"match_probability\"] < accept_threshold)]"),
    },
    # Set 3: the wrong register, the wrong denominator, the wrong unit counted.
    {
        # VISIBLE: ambiguity counted on the subscriber register instead of the customs register.
        "q3_dates": _slip("q3_dates", "ambiguous = (dob_customs.dt.day <= 12) & (dob_customs.dt.day != dob_customs.dt.month)",
                          "ambiguous = (dob_subs.dt.day <= 12) & (dob_subs.dt.day != dob_subs.dt.month)"),
        # VISIBLE: the name rule on the first 3 letters instead of 4.
        "q7_blocking": _slip("q7_blocking", "left(c.name_sorted, 4) = left(s.name_sorted, 4)", "left(c.name_sorted, 3) = left(s.name_sorted, 3)"),
        # VISIBLE: recall divided by the links judged: recall equals precision by construction.
        "q8_baseline": _slip("q8_baseline", "tp / len(true_pairs)", "tp / len(judged)"),
        # VISIBLE: the λ step skipped: splink keeps its default prior and the name-and-date pairs fall into the band.
        "q9_splink": _slip("q9_splink", 'linker.training.estimate_probability_two_random_records_match([block_on("name_sorted", "dob")], recall=0.8)\n', ""),
        # VISIBLE: n_links counted among the judged pairs (both records reviewed).
        "q10_thresholds": _slip("q10_thresholds", '"n_links": len(_links)',
                                '"n_links": int((_links["customs_id"].isin(review["record_id"]) & _links["subscriber_id"].isin(review["record_id"])).sum())'),
        # VISIBLE: reviewed records counted per cluster instead of distinct review_ids.
        "q11_clusters": _slip("q11_clusters", '["review_id"].nunique() > 1', '["review_id"].count() > 1'),
        # VISIBLE: the rejection line drawn where the sample's curve looks flat, above a reviewed true pair.
        "q12_review": _slip("q12_review", 'reject_threshold = float(min(0.5, _true["match_probability"].min(), accept_threshold))', "reject_threshold = 0.55"),
    },
    # Set 4: a rule with one arm, a λ from a rule taken as perfect.
    {
        # VISIBLE: only the numbers that lost one zero (6 digits) counted; those that lost several left out.
        "q2_quality": _slip("q2_quality", '(subs_df["id_number"].str.len() < 7).sum()', '(subs_df["id_number"].str.len() == 6).sum()'),
        # VISIBLE: the rule's document arm dropped: only name and date of birth.
        "q8_baseline": _slip("q8_baseline", ' | (_m["doc_x"] == _m["doc_y"])', ""),
        # VISIBLE: λ estimated as if the rule found every true match (recall=1.0).
        "q9_splink": _slip("q9_splink", "recall=0.8)", "recall=1.0)"),
        # VISIBLE: the acceptance line from the sample's precision alone: 1.0 at every line, so the lowest —
        # the model's many expected false links among the unjudged pairs ignored.
        "q10_thresholds": _slip("q10_thresholds", 'prf.index[prf["expected_false"] < 1].min()', 'prf.index[prf["precision"] >= 0.99].min()'),
        # VISIBLE: the clusters built at a habitual 0.5 instead of the trainee's own acceptance line.
        "q11_clusters": _slip("q11_clusters", '_links = preds[preds["match_probability"] >= accept_threshold]', '_links = preds[preds["match_probability"] >= 0.5]'),
    },
    # Set 5: recall over the candidates, predictions cut at 0.5.
    {
        # VISIBLE: recall divided by the candidate pairs.
        "q8_baseline": _slip("q8_baseline", "tp / len(true_pairs)", "tp / len(cand)"),
        # VISIBLE: predict at 0.5: the pairs below the band are missing.
        "q9_splink": _slip("q9_splink", "threshold_match_probability=0.01", "threshold_match_probability=0.5"),
        # VISIBLE: recall written out again, over the pairs of cand.
        "q10_thresholds": _slip("q10_thresholds", '    _rows[_t] = {"n_links": len(_links), **evaluate(_links), "expected_false": float((1 - _links["match_probability"]).sum())}', """    _j = _links[_links["customs_id"].isin(review["record_id"]) & _links["subscriber_id"].isin(review["record_id"])]
    _rv = review.set_index("record_id")["review_id"]
    _tp = int((_rv.loc[_j["customs_id"]].values == _rv.loc[_j["subscriber_id"]].values).sum())
    _pr, _rc = _tp / len(_j), _tp / len(cand)
    _rows[_t] = {"n_links": len(_links), "precision": _pr, "recall": _rc, "f1": 2 * _pr * _rc / (_pr + _rc),
                 "expected_false": float((1 - _links["match_probability"]).sum())}"""),
        # VISIBLE: the band's rejection line left at the acceptance line: no band, the doubtful pairs rejected unseen.
        "q12_review": _slip("q12_review", 'reject_threshold = float(min(0.5, _true["match_probability"].min(), accept_threshold))',
                            "reject_threshold = accept_threshold - 0.01"),
    },
    # Set 6: a habitual line.
    {
        # VISIBLE: the acceptance line at a habitual 0.995: no expected false links, but a large share of the
        # reviewed true pairs given away.
        "q10_thresholds": _slip("q10_thresholds", 'accept_threshold = float(prf.index[prf["expected_false"] < 1].min())', "accept_threshold = 0.995"),
    },
    # Set 7: the model's expectation taken on the judged pairs only.
    {
        # VISIBLE: expected_false summed over the judged pairs only.
        "q10_thresholds": _slip("q10_thresholds", '"expected_false": float((1 - _links["match_probability"]).sum())',
                                '"expected_false": float((1 - _links.loc[_links["customs_id"].isin(review["record_id"]) & _links["subscriber_id"].isin(review["record_id"]), "match_probability"]).sum())'),
    },
    # Set 8: what a fresh trainee's trial let through (issue 16).
    {
        # VISIBLE: the tables made with CREATE TABLE … AS: the rows are there, the key and NOT NULL are not.
        "q1_load": _slip("q1_load", """con.sql(\"\"\"CREATE OR REPLACE TABLE customs (record_id VARCHAR PRIMARY KEY, full_name VARCHAR NOT NULL, birth_date VARCHAR,
                                  document_no VARCHAR, vehicle_plate VARCHAR)\"\"\")
con.sql(f"INSERT INTO customs SELECT * FROM read_csv('{CUSTOMS_CSV}', header = true, all_varchar = true)")
con.sql(\"\"\"CREATE OR REPLACE TABLE subscribers (record_id VARCHAR PRIMARY KEY, subscriber_name VARCHAR NOT NULL,
                                      date_of_birth VARCHAR, id_number VARCHAR, msisdn VARCHAR)\"\"\")
con.sql(f"INSERT INTO subscribers SELECT * FROM read_csv('{SUBSCRIBERS_CSV}', header = true, all_varchar = true)")""",
                         """con.sql(f"CREATE OR REPLACE TABLE customs AS SELECT * FROM read_csv('{CUSTOMS_CSV}', all_varchar = true)")
con.sql(f"CREATE OR REPLACE TABLE subscribers AS SELECT * FROM read_csv('{SUBSCRIBERS_CSV}', all_varchar = true)")"""),
        # VISIBLE: the day rule off by one: a day of 12 left out of the ambiguous dates.
        "q3_dates": _slip("q3_dates", "(dob_customs.dt.day <= 12)", "(dob_customs.dt.day < 12)"),
        # VISIBLE: the shared documents counted in pandas: no column doc_clean in the database, no SQL.
        "q4_docs": _slip("q4_docs", """clean = pd.DataFrame({"record_id": customs_df["record_id"], "doc_clean": doc_clean})
con.register("clean_docs", clean)
con.sql("ALTER TABLE customs ADD COLUMN IF NOT EXISTS doc_clean VARCHAR")
con.sql("UPDATE customs SET doc_clean = clean_docs.doc_clean FROM clean_docs WHERE customs.record_id = clean_docs.record_id")
shared_docs = con.sql(\"\"\"
    SELECT doc_clean, COUNT(*) AS n_records FROM customs
    GROUP BY doc_clean HAVING COUNT(*) > 1
    ORDER BY n_records DESC, doc_clean\"\"\").df()""", """_counts = doc_clean.value_counts()
shared_docs = (_counts[_counts > 1].rename_axis("doc_clean").reset_index(name="n_records")
               .sort_values(["n_records", "doc_clean"], ascending=[False, True], ignore_index=True))"""),
        # VISIBLE: the name rule forgotten: the union of the date and document rules only.
        "q7_blocking": _slip("q7_blocking", """    UNION
    SELECT c.unique_id, s.unique_id FROM std_c c JOIN std_s s ON left(c.name_sorted, 4) = left(s.name_sorted, 4)
""", "\n"),
        # VISIBLE: names compared exactly: a name one letter apart scores as a stranger's.
        "q9_splink": _slip("q9_splink", 'cl.JaroWinklerAtThresholds("name_sorted", [0.95, 0.88])', 'cl.ExactMatch("name_sorted")'),
        # VISIBLE: the acceptance line at 0.99, in prf: one reviewed true pair given away that the next level keeps.
        "q10_thresholds": _slip("q10_thresholds", 'accept_threshold = float(prf.index[prf["expected_false"] < 1].min())', "accept_threshold = 0.99"),
        # VISIBLE: persons counted across clusters instead of clusters with several persons (sum of nunique − nunique).
        "q11_clusters": _slip("q11_clusters", 'return int((labelled.groupby("cluster_id")["review_id"].nunique() > 1).sum())',
                              'return int(labelled.groupby("cluster_id")["review_id"].nunique().sum() - labelled["review_id"].nunique())'),
    },
    # Set 9: the given cell pasted into task 1, a date comparison without the swap.
    {
        # VISIBLE: the given cell's loading pasted into task 1: DataFrames of the right form, no tables at all.
        "q1_load": """customs_df = data.load("register_customs").sort_values("record_id", ignore_index=True)
subs_df = data.load("register_subscribers").sort_values("record_id", ignore_index=True)
""",
        # VISIBLE: the dob comparison without the "day and month swapped" level.
        "q9_splink": _slip("q9_splink", """    cll.CustomLevel("substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2) "
                    "AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)", label_for_charts="day and month swapped"),
""", ""),
    },
    # Set 10: EM on one rule only.
    {
        # VISIBLE: m trained by EM blocked on dob only: the dob comparison's m stays untrained.
        "q9_splink": _slip("q9_splink", 'linker.training.estimate_parameters_using_expectation_maximisation(block_on("substr(name_sorted, 1, 4)"))\n', ""),
    },
    # Set 11: the name rule for prediction on the whole name.
    {
        # VISIBLE: block_on("name_sorted") for the third prediction rule: names that share only their first 4
        # letters are never compared.
        "q9_splink": _slip("q9_splink", 'block_on("doc"), block_on("substr(name_sorted, 1, 4)")]', 'block_on("doc"), block_on("name_sorted")]'),
    },
]

# Mistakes the visible checks leave to the hidden tests: (set, answer cell) -> why (see the comments above).
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {}
