"""Plausible wrong answers to the module 07 exercise: the slips of an analyst new to offender
profiling in pandas and numpy.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else.
"""

# Task 1: the solution with one step changed.
_AORISTIC = '''
pharm = incidents[(incidents["crime_type"] == "commercial burglary") & (incidents["target_type"] == "pharmacy")]
start = pharm["earliest"]{tz}
end = pharm["latest"]{tz}
s0 = ((start - start.dt.normalize()).dt.total_seconds() / 60).to_numpy()
dur = ((end - start).dt.total_seconds() / 60).to_numpy()
weights = np.zeros((len(pharm), 24))
for i in range(len(pharm)):
    for m in range(int(dur[i])):
        h = int(((s0[i] + m) {wrap}) // 60)
        if h < 24:
            weights[i, h] += 1
    weights[i] /= max(weights[i].sum(), 1)
pharmacy_hours = pd.Series(weights.sum(axis=0), index=range(24))
'''

# Task 8: CGT with one convention changed.
_CGT = '''
p = np.zeros(GX.shape)
for xn, yn in zip(x, y):
    d = {distance}
    outside = d > B
    term = np.empty_like(d)
    term[outside] = 1 / d[outside] ** F
    term[~outside] = B ** (G - F) / (2 * B - d[~outside]) ** G
    p += term
cgt = p / p.sum()
top_cell = {top}
'''

MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: time zones, thresholds, conventions from other software.
    {
        # UTC hours: data.load returns UTC, Dushanbe is UTC+5.
        "q1_aoristic": _AORISTIC.format(tz="", wrap="% 1440"),
        # Offence time (earliest) instead of the time reported to the duty desk.
        "q2_reported_table": (
            'burglaries = incidents[incidents["crime_type"].isin(["residential burglary", "commercial burglary"])]\n'
            'rep = burglaries["earliest"].dt.tz_convert("Asia/Dushanbe")\n'
            "reported_table = pd.crosstab(rep.dt.day_of_week, rep.dt.hour).reindex(index=range(7), "
            "columns=range(24), fill_value=0)\n"
            'reported_table.index = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]'
        ),
        # property_taken kept as one token ("medicines;cash"), not split into items.
        "q3_mo_similarity": (
            'commercial = incidents[incidents["crime_type"] == "commercial burglary"].sort_values("incident_id")\n'
            'fields = ["target_type", "entry_point", "entry_method", "time_of_day", "weapon", "precautions", '
            '"property_taken"]\n'
            "tokens = [{f\"{f}={row[f]}\" for f in fields} for _, row in commercial.iterrows()]\n"
            "values = [[len(a & b) / len(a | b) for b in tokens] for a in tokens]\n"
            'ids = commercial["incident_id"].tolist()\n'
            "mo_similarity = pd.DataFrame(values, index=ids, columns=ids)"
        ),
        # Strictly greater than 0.6: drops the incidents exactly at the threshold.
        "q4_series_ids": 'series_ids = sorted(mo_similarity.index[mo_similarity["DU-0022"] > 0.6].tolist())',
        # CrimeStat's n - 2 divisor instead of the course's n.
        "q5_mean_centre": (
            "mean_centre = (float(x.mean()), float(y.mean()))\n"
            "standard_distance = float(np.sqrt((((x - x.mean()) ** 2 + (y - y.mean()) ** 2).sum()) / (len(x) - 2)))"
        ),
        # CrimeStat's "median centre" (median of x, median of y) is not the centre of minimum distance.
        "q6_cmd": "cmd = (float(np.median(x)), float(np.median(y)))",
        # The full distance (the diameter) as the radius.
        "q7_canter": (
            "d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])\n"
            "i, j = np.unravel_index(np.argmax(d), d.shape)\n"
            "canter_centre = (float((x[i] + x[j]) / 2), float((y[i] + y[j]) / 2))\n"
            "canter_radius = float(d[i, j])"
        ),
        # Straight-line (Euclidean) distance instead of Manhattan.
        "q8_cgt": _CGT.format(distance="np.hypot(GX - xn, GY - yn)",
                              top="tuple(int(v) for v in np.unravel_index(np.argmax(cgt), cgt.shape))"),
        # Cells strictly above the anchor's: the anchor cell itself is not counted as searched.
        "q9_hit_score": (
            "row = int((anchor_y - Y0) // CELL)\n"
            "col = int((anchor_x - X0) // CELL)\n"
            "hit_score = float((cgt > cgt[row, col]).sum() / cgt.size)\n"
            "dist = np.hypot(anchor_x - canter_centre[0], anchor_y - canter_centre[1])\n"
            'offender_type = "marauder" if dist <= canter_radius else "commuter"'
        ),
        # p = #>= / n_perm: forgets that the observed arrangement counts as one of the possible ones.
        "q10_knox": (
            't = ((series["earliest"] - series["earliest"].min()).dt.total_seconds() / 86400).to_numpy()\n'
            "n = len(series)\n"
            "i, j = np.triu_indices(n, k=1)\n"
            "close_s = np.hypot(x[i] - x[j], y[i] - y[j]) <= 1500\n"
            "close_t = np.abs(t[i] - t[j]) <= 7\n"
            "knox_table = pd.DataFrame(\n"
            "    [[int((close_s & close_t).sum()), int((close_s & ~close_t).sum())],\n"
            "     [int((~close_s & close_t).sum()), int((~close_s & ~close_t).sum())]],\n"
            '    index=["close in space", "far in space"], columns=["close in time", "far in time"])\n'
            "observed = knox_table.iloc[0, 0]\n"
            "rng = np.random.default_rng(7)\n"
            "exceed = 0\n"
            "for _ in range(999):\n"
            "    tp = t[rng.permutation(n)]\n"
            "    exceed += int((close_s & (np.abs(tp[i] - tp[j]) <= 7)).sum() >= observed)\n"
            "knox_p = exceed / 999"
        ),
        # Area in square kilometres: R off by a factor of 1000.
        "q11_nni": (
            "area = 64 * 56 * 0.25 * 0.25\n"
            "d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])\n"
            "np.fill_diagonal(d, np.inf)\n"
            "nni = float(d.min(axis=1).mean() / (0.5 * np.sqrt(area / len(x))))"
        ),
        # Share of all finds per reason instead of the hit rate per inspection.
        "q12_hit_rate": (
            'hit_rate_by_reason = (checks.loc[checks["drugs_found"], "selection_reason"].value_counts(normalize=True)'
            ".astype(float).sort_values(ascending=False))"
        ),
    },
    # Set 1: other typical slips.
    {
        # Local time, but the window is not wrapped at midnight: weight after 24:00 is lost.
        "q1_aoristic": _AORISTIC.format(tz='.dt.tz_convert("Asia/Dushanbe")', wrap=""),
        # Hours in UTC.
        "q2_reported_table": (
            'burglaries = incidents[incidents["crime_type"].isin(["residential burglary", "commercial burglary"])]\n'
            'rep = burglaries["reported_at"]\n'
            "reported_table = pd.crosstab(rep.dt.day_of_week, rep.dt.hour).reindex(index=range(7), "
            "columns=range(24), fill_value=0)\n"
            'reported_table.index = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]'
        ),
        # Counted shared tokens (the overlap) and divided by the size of A only.
        "q3_mo_similarity": (
            'commercial = incidents[incidents["crime_type"] == "commercial burglary"].sort_values("incident_id")\n'
            'fields = ["target_type", "entry_point", "entry_method", "time_of_day", "weapon", "precautions"]\n'
            "tokens = []\n"
            "for _, row in commercial.iterrows():\n"
            '    t = {f"{f}={row[f]}" for f in fields}\n'
            '    t |= {f"property_taken={item}" for item in row["property_taken"].split(";")}\n'
            "    tokens.append(t)\n"
            "values = [[len(a & b) / max(len(a), len(b)) for b in tokens] for a in tokens]\n"
            'ids = commercial["incident_id"].tolist()\n'
            "mo_similarity = pd.DataFrame(values, index=ids, columns=ids)"
        ),
        # Every pharmacy burglary rather than the MO match.
        "q4_series_ids": (
            "series_ids = sorted(incidents.loc[(incidents['crime_type'] == 'commercial burglary') & "
            "(incidents['target_type'] == 'pharmacy'), 'incident_id'].tolist())"
        ),
        # Mean centre right, but the standard distance divides by n - 1 (the sample standard deviation habit).
        "q5_mean_centre": (
            "mean_centre = (float(x.mean()), float(y.mean()))\n"
            "standard_distance = float(np.sqrt((((x - x.mean()) ** 2 + (y - y.mean()) ** 2).sum()) / (len(x) - 1)))"
        ),
        # Weiszfeld stopped after one step.
        "q6_cmd": (
            "c = np.array([x.mean(), y.mean()])\n"
            "w = 1 / np.hypot(x - c[0], y - c[1])\n"
            "cmd = (float((x * w).sum() / w.sum()), float((y * w).sum() / w.sum()))"
        ),
        # The mean centre as the circle's centre.
        "q7_canter": (
            "d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])\n"
            "canter_centre = (float(x.mean()), float(y.mean()))\n"
            "canter_radius = float(d.max() / 2)"
        ),
        # (col, row) instead of (row, col).
        "q8_cgt": _CGT.format(distance="np.abs(GX - xn) + np.abs(GY - yn)",
                              top="tuple(int(v) for v in np.unravel_index(np.argmax(cgt), cgt.shape))[::-1]"),
        # Row taken from x and column from y; "inside" read as commuter.
        "q9_hit_score": (
            "row = int((anchor_x - X0) // CELL)\n"
            "col = int((anchor_y - Y0) // CELL)\n"
            "hit_score = float((cgt >= cgt[row, col]).sum() / cgt.size)\n"
            "dist = np.hypot(anchor_x - canter_centre[0], anchor_y - canter_centre[1])\n"
            'offender_type = "commuter" if dist <= canter_radius else "marauder"'
        ),
        # Times in hours compared with a 7 threshold (meant 7 days).
        "q10_knox": (
            't = ((series["earliest"] - series["earliest"].min()).dt.total_seconds() / 3600).to_numpy()\n'
            "n = len(series)\n"
            "i, j = np.triu_indices(n, k=1)\n"
            "close_s = np.hypot(x[i] - x[j], y[i] - y[j]) <= 1500\n"
            "def close_time(times):\n"
            "    return np.abs(times[i] - times[j]) <= 7\n"
            "close_t = close_time(t)\n"
            "knox_table = pd.DataFrame(\n"
            "    [[int((close_s & close_t).sum()), int((close_s & ~close_t).sum())],\n"
            "     [int((~close_s & close_t).sum()), int((~close_s & ~close_t).sum())]],\n"
            '    index=["close in space", "far in space"], columns=["close in time", "far in time"])\n'
            "observed = knox_table.iloc[0, 0]\n"
            "rng = np.random.default_rng(7)\n"
            "exceed = sum(int((close_s & close_time(t[rng.permutation(n)])).sum() >= observed) for _ in range(999))\n"
            "knox_p = (1 + exceed) / (1 + 999)"
        ),
        # Expected distance without the 0.5.
        "q11_nni": (
            "area = 64 * 56 * 250.0 * 250.0\n"
            "d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])\n"
            "np.fill_diagonal(d, np.inf)\n"
            "nni = float(d.min(axis=1).mean() / np.sqrt(area / len(x)))"
        ),
        # A percentage instead of a share.
        "q12_hit_rate": (
            'hit_rate_by_reason = (checks.groupby("selection_reason")["drugs_found"].mean().astype(float) * 100)'
            ".sort_values(ascending=False)"
        ),
    },
]

# Set 2: slips seen in a new-trainee trial.
MISTAKE_SETS.append({
    # The whole burglary counted at the start of its window (the naive count the lesson warns against).
    "q1_aoristic": (
        'pharm = incidents[(incidents["crime_type"] == "commercial burglary") & (incidents["target_type"] == "pharmacy")]\n'  # noqa: E501 - one statement of a typed-in answer
        'hour = pharm["earliest"].dt.tz_convert("Asia/Dushanbe").dt.hour\n'
        "pharmacy_hours = hour.value_counts().reindex(range(24), fill_value=0).astype(float)"
    ),
    # The two incidents farthest from the mean centre, not the two farthest from each other.
    "q7_canter": (
        "far = np.argsort(np.hypot(x - x.mean(), y - y.mean()))[-2:]\n"
        "i, j = int(far[0]), int(far[1])\n"
        "canter_centre = (float((x[i] + x[j]) / 2), float((y[i] + y[j]) / 2))\n"
        "canter_radius = float(np.hypot(x[i] - x[j], y[i] - y[j]) / 2)"
    ),
    # The series' own bounding box as the area (the lesson's second example), not the CGT grid.
    "q11_nni": (
        "area = (x.max() - x.min()) * (y.max() - y.min())\n"
        "d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])\n"
        "np.fill_diagonal(d, np.inf)\n"
        "nni = float(d.min(axis=1).mean() / (0.5 * np.sqrt(area / len(x))))"
    ),
    # Finds divided by all inspections instead of by that reason's inspections.
    "q12_hit_rate": (
        'hit_rate_by_reason = (checks.groupby("selection_reason")["drugs_found"].sum().astype(float) / len(checks))'
        ".sort_values(ascending=False)"
    ),
})



def _slip(grade_id: str, right: str, wrong: str) -> str:
    from course_harness import slip

    return slip("07-offender-profiling", grade_id, right, wrong)


# Set 3: the readings the library does not give, each with the measure itself right.
MISTAKE_SETS.append({
    # The patrol window's weight (a number of burglaries), not its share of the total.
    "q1_aoristic": _slip("q1_aoristic", "float(max(window) / pharmacy_hours.sum())", "float(max(window))"),
    # 18:00-18:59 counted as an office hour ("until six").
    "q2_reported_table": _slip("q2_reported_table", "iloc[0:5, 9:18]", "iloc[0:5, 9:19]"),
    # The standard distance read as a diameter.
    "q5_mean_centre": _slip("q5_mean_centre", "<= standard_distance)", "<= standard_distance / 2)"),
    # The last update (the one that moved less than 0.01 m) not counted.
    "q6_cmd": _slip("q6_cmd", "    cmd_steps += 1\n", "    if step >= 0.01:\n        cmd_steps += 1\n"),
    # Outside the circle measured against the diameter.
    "q7_canter": _slip("q7_canter", "> canter_radius + 1", "> 2 * canter_radius + 1"),
    # Straight-line distance to the top cell, while the surface uses Manhattan distance.
    "q8_cgt": _slip("q8_cgt", "d_top = np.abs(GX[top_cell] - x) + np.abs(GY[top_cell] - y)",
                    "d_top = np.hypot(GX[top_cell] - x, GY[top_cell] - y)"),
    # Pairs close in space only.
    "q10_knox": _slip("q10_knox", "ids[i[close_s & close_t]], ids[j[close_s & close_t]]",
                      "ids[i[close_s]], ids[j[close_s]]"),
    # The hull's area in km² against distances in metres.
    "q11_nni": _slip("q11_nni", "hull_area = MultiPoint(list(zip(x, y))).convex_hull.area",
                     "hull_area = MultiPoint(list(zip(x, y))).convex_hull.area / 1e6"),
})
