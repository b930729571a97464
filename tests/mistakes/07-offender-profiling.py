"""Plausible wrong answers to the module 07 exercise: the slips of an analyst new to offender
profiling in pandas and numpy.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else. Most are the solution with one step changed (`_slip`), so they stay complete answers
(every name the task asks for) when the contract grows.
"""

from functools import partial

from course_harness import slip

_SLUG = "07-offender-profiling"


_slip = partial(slip, _SLUG)


# The solution's standard distance (divisor n), the piece the standard-distance slips change.
_SD = "standard_distance = float(np.sqrt((((x - x.mean()) ** 2 + (y - y.mean()) ** 2).sum()) / len(x)))"

_PATROL = (
    "window = [sum(pharmacy_hours[(h + k) % 24] for k in range(4)) for h in range(24)]\n"
    "patrol_start = int(np.argmax(window))\n"
    "patrol_share = float(max(window) / pharmacy_hours.sum())\n"
)

MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: time zones, thresholds, conventions from other software.
    {
        # UTC hours: data.load returns UTC, Dushanbe is UTC+5.
        "q1_aoristic": _slip("q1_aoristic", '.dt.tz_convert("Asia/Dushanbe")', ""),
        # Offence time (earliest) instead of the time reported to the duty desk.
        "q2_reported_table": _slip("q2_reported_table", 'burglaries["reported_at"]', 'burglaries["earliest"]'),
        # property_taken kept as one token ("medicines;cash"), not split into items.
        "q3_mo_similarity": _slip("q3_mo_similarity",
                                  '{f"property_taken={item}" for item in row["property_taken"].split(";")}',
                                  '{f"property_taken={row[\'property_taken\']}"}'),
        # CrimeStat's n - 2 divisor instead of the course's n.
        "q5_mean_centre": _slip("q5_mean_centre", "/ len(x)))", "/ (len(x) - 2)))"),
        # CrimeStat's "median centre" (median of x, median of y) is not the centre of minimum distance.
        "q6_cmd": _slip("q6_cmd", "cmd = (float(c[0]), float(c[1]))",
                        "cmd = (float(np.median(x)), float(np.median(y)))"),
        # The full distance (the diameter) as the radius.
        "q7_canter": _slip("q7_canter", "canter_radius = float(d[i, j] / 2)", "canter_radius = float(d[i, j])"),
        # Straight-line (Euclidean) distance instead of Manhattan in the surface.
        "q8_cgt": _slip("q8_cgt", "d = np.abs(GX - xn) + np.abs(GY - yn)", "d = np.hypot(GX - xn, GY - yn)"),
        # Cells strictly above the anchor's: the anchor cell itself is not counted as searched.
        "q9_hit_score": _slip("q9_hit_score", "(cgt >= cgt[row, col])", "(cgt > cgt[row, col])"),
        # p = #>= / n_perm: forgets that the observed arrangement counts as one of the possible ones.
        "q10_knox": _slip("q10_knox", "knox_p = (1 + int((perm_counts >= observed).sum())) / (1 + 999)",
                          "knox_p = int((perm_counts >= observed).sum()) / 999"),
        # Area in square kilometres: R off by a factor of 1000.
        "q11_nni": _slip("q11_nni", "area = 64 * 56 * 250.0 * 250.0", "area = 64 * 56 * 0.25 * 0.25"),
        # Share of all finds per reason instead of the hit rate per inspection.
        "q12_hit_rate": (
            'hit_rate_by_reason = (checks.loc[checks["drugs_found"], "selection_reason"].value_counts(normalize=True)'
            ".astype(float).sort_values(ascending=False))"
        ),
    },
    # Set 1: other typical slips.
    {
        # Local time, but the window is not wrapped at midnight: the minutes after 24:00 are dropped.
        "q1_aoristic": _slip("q1_aoristic", "        weights[i, int(((s0[i] + m) % 1440) // 60)] += 1",
                             "        if s0[i] + m < 1440:\n            weights[i, int((s0[i] + m) // 60)] += 1"),
        # Hours in UTC.
        "q2_reported_table": _slip("q2_reported_table", '.dt.tz_convert("Asia/Dushanbe")', ""),
        # Shared tokens divided by the larger set, not by the union.
        "q3_mo_similarity": _slip("q3_mo_similarity", "/ len(mo_tokens[a] | mo_tokens[b])",
                                  "/ max(len(mo_tokens[a]), len(mo_tokens[b]))"),
        # Every pharmacy burglary rather than the MO match.
        "q4_series_ids": (
            "series_ids = sorted(incidents.loc[(incidents['crime_type'] == 'commercial burglary') & "
            "(incidents['target_type'] == 'pharmacy'), 'incident_id'].tolist())"
        ),
        # Mean centre right, but the standard distance divides by n - 1 (the sample standard deviation habit).
        "q5_mean_centre": _slip("q5_mean_centre", "/ len(x)))", "/ (len(x) - 1)))"),
        # Weiszfeld stopped after one step.
        "q6_cmd": _slip("q6_cmd", "for _ in range(10_000):", "for _ in range(1):"),
        # The mean centre as the circle's centre.
        "q7_canter": _slip("q7_canter", "canter_centre = (float((x[i] + x[j]) / 2), float((y[i] + y[j]) / 2))",
                           "canter_centre = (float(x.mean()), float(y.mean()))"),
        # (col, row) instead of (row, col).
        "q8_cgt": _slip("q8_cgt", "np.unravel_index(np.argmax(cgt), cgt.shape))",
                        "np.unravel_index(np.argmax(cgt), cgt.shape))[::-1]"),
        # Row taken from x and column from y; "inside" read as commuter.
        "q9_hit_score": _slip("q9_hit_score", "row = int((anchor_y - Y0) // CELL)\ncol = int((anchor_x - X0) // CELL)",
                              "row = int((anchor_x - X0) // CELL)\ncol = int((anchor_y - Y0) // CELL)",
                              ('"marauder" if dist <= canter_radius else "commuter"',
                               '"commuter" if dist <= canter_radius else "marauder"')),
        # Times in hours compared with a 7 threshold (meant 7 days).
        "q10_knox": _slip("q10_knox", ".dt.total_seconds() / 86400)", ".dt.total_seconds() / 3600)"),
        # Expected distance without the 0.5.
        "q11_nni": _slip("q11_nni", "nni = float(nn_mean / (0.5 * np.sqrt(area / len(x))))",
                         "nni = float(nn_mean / np.sqrt(area / len(x)))"),
        # A percentage instead of a share.
        "q12_hit_rate": (
            'hit_rate_by_reason = (checks.groupby("selection_reason")["drugs_found"].mean().astype(float) * 100)'
            ".sort_values(ascending=False)"
        ),
    },
]

# Set 2: slips seen in new-trainee trials.
MISTAKE_SETS.append({
    # The whole burglary counted at the start of its window (the naive count the lesson warns against).
    "q1_aoristic": (
        'pharm = incidents[(incidents["crime_type"] == "commercial burglary") & (incidents["target_type"] == "pharmacy")]\n'  # noqa: E501 - one statement of a typed-in answer
        'hour = pharm["earliest"].dt.tz_convert("Asia/Dushanbe").dt.hour\n'
        "pharmacy_hours = hour.value_counts().reindex(range(24), fill_value=0).astype(float)\n" + _PATROL
    ),
    # The overlap coefficient |A ∩ B| / min(|A|, |B|) for Jaccard (issue 16's example).
    "q3_mo_similarity": _slip("q3_mo_similarity", "/ len(mo_tokens[a] | mo_tokens[b])",
                              "/ min(len(mo_tokens[a]), len(mo_tokens[b]))"),
    # The two incidents farthest from the mean centre, not the two farthest from each other.
    "q7_canter": _slip("q7_canter", "i, j = np.unravel_index(np.argmax(d), d.shape)",
                       "i, j = (int(k) for k in np.argsort(np.hypot(x - x.mean(), y - y.mean()))[-2:])"),
    # The hit score as a percentage (0.7 for 0.7 %).
    "q9_hit_score": _slip("q9_hit_score", "hit_score = float((cgt >= cgt[row, col]).sum() / cgt.size)",
                          "hit_score = float(100 * (cgt >= cgt[row, col]).sum() / cgt.size)"),
    # The lesson's seed (42) instead of the task's (7).
    "q10_knox": _slip("q10_knox", "np.random.default_rng(7)", "np.random.default_rng(42)"),
    # The series' own bounding box as the area (the lesson's second example), not the CGT grid.
    "q11_nni": _slip("q11_nni", "area = 64 * 56 * 250.0 * 250.0", "area = (x.max() - x.min()) * (y.max() - y.min())"),
    # Finds divided by all inspections instead of by that reason's inspections.
    "q12_hit_rate": (
        'hit_rate_by_reason = (checks.groupby("selection_reason")["drugs_found"].sum().astype(float) / len(checks))'
        ".sort_values(ascending=False)"
    ),
})

# Set 3: the readings the library does not give, each with the measure itself right.
MISTAKE_SETS.append({
    # The patrol window's weight (a number of burglaries), not its share of the total.
    "q1_aoristic": _slip("q1_aoristic", "float(max(window) / pharmacy_hours.sum())", "float(max(window))"),
    # 18:00-18:59 counted as an office hour ("until six").
    "q2_reported_table": _slip("q2_reported_table", "iloc[0:5, 9:18]", "iloc[0:5, 9:19]"),
    # Strictly greater than 0.6: drops the incidents exactly at the threshold.
    "q4_series_ids": _slip("q4_series_ids", '>= 0.6', '> 0.6'),
    # The standard distance read as a diameter.
    "q5_mean_centre": _slip("q5_mean_centre", "<= standard_distance)", "<= standard_distance / 2)"),
    # The last update (the one that moved less than 0.01 m) not counted.
    "q6_cmd": _slip("q6_cmd", "    cmd_steps += 1\n", "    if step >= 0.01:\n        cmd_steps += 1\n"),
    # Outside the circle measured against the diameter.
    "q7_canter": _slip("q7_canter", "> canter_radius + 1", "> 2 * canter_radius + 1"),
    # Straight-line distance to the top cell, while the surface uses Manhattan distance.
    "q8_cgt": _slip("q8_cgt", "d_c = np.abs(GX[cell] - x) + np.abs(GY[cell] - y)",
                    "d_c = np.hypot(GX[cell] - x, GY[cell] - y)"),
    # Pairs close in space only.
    "q10_knox": _slip("q10_knox", "ids[i[close_s & close_t]], ids[j[close_s & close_t]]",
                      "ids[i[close_s]], ids[j[close_s]]"),
    # The hull's area in km² against distances in metres.
    "q11_nni": _slip("q11_nni", "hull_area = MultiPoint(list(zip(x, y))).convex_hull.area",
                     "hull_area = MultiPoint(list(zip(x, y))).convex_hull.area / 1e6"),
})

# Set 4: too few permutations (a trial found it passed the visible checks), and a sign slip in the CGT
# buffer branch on the right series (a slip in task 3 would move the top cell on its own).
MISTAKE_SETS.append({
    # A second trial: the buffer branch with 2B + d for 2B - d, in the surface and at the top cell.
    "q8_cgt": _slip("q8_cgt", "(2 * B - d[~outside])", "(2 * B + d[~outside])",
                    ("np.maximum(2 * B - d_c, 1e-9)", "(2 * B + d_c)")),
    # 99 permutations: p in steps of 1/100, another value than the scheme's.
    "q10_knox": _slip("q10_knox", "for k in range(999):", "for k in range(99):",
                      ("np.zeros(999, dtype=int)", "np.zeros(99, dtype=int)"), ("/ (1 + 999)", "/ (1 + 99)")),
})

# Set 5: slips a blind trial found passing the visible checks (issue 16).
MISTAKE_SETS.append({
    # A field recorded as "none" left out of the token set (no "weapon=none").
    "q3_mo_similarity": _slip("q3_mo_similarity", 't = {f"{f}={row[f]}" for f in fields}',
                              't = {f"{f}={row[f]}" for f in fields if row[f] != "none"}'),
    # The mean distance from the centre for the standard distance.
    "q5_mean_centre": _slip("q5_mean_centre",
                            _SD,
                            "standard_distance = float(np.hypot(x - x.mean(), y - y.mean()).mean())"),
    # A 1 m tolerance instead of 0.01 m.
    "q6_cmd": _slip("q6_cmd", "if step < 0.01:", "if step < 1:"),
    # Distances from the cell corners (a grid built without the half cell), in the surface and at the top cell.
    "q8_cgt": _slip("q8_cgt", "p = np.zeros(GX.shape)",
                    "gx, gy = np.meshgrid(X0 + np.arange(NX) * CELL, Y0 + np.arange(NY) * CELL)\n"
                    "p = np.zeros(gx.shape)",
                    ("d = np.abs(GX - xn) + np.abs(GY - yn)", "d = np.abs(gx - xn) + np.abs(gy - yn)"),
                    ("d_c = np.abs(GX[cell] - x) + np.abs(GY[cell] - y)",
                     "d_c = np.abs(gx[cell] - x) + np.abs(gy[cell] - y)")),
    # Marauder and commuter swapped, the hit score right.
    "q9_hit_score": _slip("q9_hit_score", '"marauder" if dist <= canter_radius else "commuter"',
                          '"commuter" if dist <= canter_radius else "marauder"'),
    # Closeness in time measured on reported_at instead of earliest.
    "q10_knox": _slip("q10_knox", 't = ((series["earliest"] - series["earliest"].min())',
                      't = ((series["reported_at"] - series["reported_at"].min())'),
    # The series' bounding box for the "hull" area.
    "q11_nni": _slip("q11_nni", "hull_area = MultiPoint(list(zip(x, y))).convex_hull.area",
                     "hull_area = (x.max() - x.min()) * (y.max() - y.min())"),
})

# Set 6: more of the trial's slips, on tasks set 5 already uses.
MISTAKE_SETS.append({
    # Another threshold than the task's 0.6 (the lesson's 0.8 habit, here 0.7).
    "q4_series_ids": _slip("q4_series_ids", '>= 0.6', '>= 0.7'),
    # sqrt(var x + var y) with pandas' / numpy's ddof=1.
    "q5_mean_centre": _slip("q5_mean_centre",
                            _SD,
                            "standard_distance = float(np.sqrt(np.var(x, ddof=1) + np.var(y, ddof=1)))"),
    # f = g = 1 (the inverse-distance habit) instead of the task's 1.2.
    "q8_cgt": _slip("q8_cgt", "** F", "** 1", ("** G", "** 1"), ("B ** (G - F)", "1")),
    # The hit score rounded to three decimals.
    "q9_hit_score": _slip("q9_hit_score", "hit_score = float((cgt >= cgt[row, col]).sum() / cgt.size)",
                          "hit_score = round(float((cgt >= cgt[row, col]).sum() / cgt.size), 3)"),
    # Permutations counted only when strictly above the observed count.
    "q10_knox": _slip("q10_knox", "(perm_counts >= observed)", "(perm_counts > observed)"),
    # The mean of all pairwise distances for the mean nearest-neighbour distance.
    "q11_nni": _slip("q11_nni", "nn_mean = float(d.min(axis=1).mean())",
                     "nn_mean = float(d[np.isfinite(d)].mean())"),
})

# Set 7: slips a second blind trial found passing the visible checks and changing the answer.
MISTAKE_SETS.append({
    # The weekday from the UTC time, the hour from local time (reports after local midnight land a day early).
    "q2_reported_table": _slip("q2_reported_table", "pd.crosstab(rep.dt.day_of_week,",
                               'pd.crosstab(burglaries["reported_at"].dt.day_of_week,'),
    # The district as one more MO token.
    "q3_mo_similarity": _slip("q3_mo_similarity", '"weapon", "precautions"]', '"weapon", "precautions", "district"]'),
    # Close in space by Manhattan distance (the CGT's metric) instead of straight line.
    "q10_knox": _slip("q10_knox", "close_s = np.hypot(x[i] - x[j], y[i] - y[j]) <= 1500",
                      "close_s = np.abs(x[i] - x[j]) + np.abs(y[i] - y[j]) <= 1500"),
    # Nearest neighbours by Manhattan distance.
    "q11_nni": _slip("q11_nni", "d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])",
                     "d = np.abs(x[:, None] - x[None, :]) + np.abs(y[:, None] - y[None, :])"),
})

# Set 8: more of that trial's slips, on tasks set 7 already uses.
MISTAKE_SETS.append({
    # The crime type as one more MO token (shared by every commercial burglary).
    "q3_mo_similarity": _slip("q3_mo_similarity", '"weapon", "precautions"]', '"weapon", "precautions", "crime_type"]'),
    # The lesson's seed, with the generator under another name than rng.
    "q10_knox": _slip("q10_knox", "rng = np.random.default_rng(7)", "gen = np.random.default_rng(42)",
                      ("perm = rng.permutation(n)", "perm = gen.permutation(n)")),
})

# Set 9: slips a third blind trial found passing the visible checks and changing the answer.
MISTAKE_SETS.append({
    # An own minute loop that also counts the end minute: one minute too many per window.
    "q1_aoristic": _slip("q1_aoristic", "for m in range(int(dur[i])):", "for m in range(int(dur[i]) + 1):"),
    # NumPy's legacy global generator seeded with 7, not default_rng(7): other permutations.
    "q10_knox": _slip("q10_knox", "rng = np.random.default_rng(7)", "np.random.seed(7)",
                      ("perm = rng.permutation(n)", "perm = np.random.permutation(n)")),
})

# Set 10: p without the +1, still a multiple of 1/1000.
MISTAKE_SETS.append({
    "q10_knox": _slip("q10_knox", "knox_p = (1 + int((perm_counts >= observed).sum())) / (1 + 999)",
                      "knox_p = int((perm_counts >= observed).sum()) / 1000"),
})

# Set 11: the lesson's seed in a generator made inside a function, so no global holds it.
MISTAKE_SETS.append({
    "q10_knox": _slip("q10_knox", """rng = np.random.default_rng(7)
perm_counts = np.zeros(999, dtype=int)
for k in range(999):
    perm = rng.permutation(n)
    perm_counts[k] = (close_s & close_time(t[perm])).sum()
""", """def permuted_counts(seed=42):
    gen = np.random.default_rng(seed)
    return np.array([(close_s & close_time(t[gen.permutation(n)])).sum() for _ in range(999)])


perm_counts = permuted_counts()
"""),
})

# The mistakes the visible checks do not catch, each with the reason; every other one fails them.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {
    (1, "q1_aoristic"): "windows cut at midnight still give a plausible night profile that adds up to the number of "
                        "burglaries; telling it from the wrapped one means recomputing the weights, i.e. the answer",
    (9, "q1_aoristic"): "one extra minute per window moves a fraction of a percent of each burglary's weight into "
                        "an hour its window already reaches, and the weights still add up; telling it from the right "
                        "count means recomputing each window's weights, i.e. the answer",
}
