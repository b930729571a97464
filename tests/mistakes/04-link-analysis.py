"""Plausible wrong answers to the module 04 exercise: the slips analysts make turning records into networks.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else.
"""

_TRIPS = (
    'trips = border.merge(subjects[["subject_id", "passport_no"]], on="passport_no")\n'
    'trips = trips[trips["vehicle_plate"].notna()].copy()\n'
)
_LINKED = (
    'owner = attribution.set_index("msisdn")["subject_id"]\n'
    'linked = calls.assign(a=calls["a_number"].map(owner), b=calls["b_number"].map(owner)).dropna(subset=["a", "b"])\n'
    'linked = linked[linked["a"] != linked["b"]]\n'
)

# Task 11's records in the 72 hours after the order, and the loop over them in time order.
_Q11_WINDOW = _LINKED + (
    'order_time = pd.Timestamp("2024-04-05 00:00", tz="UTC")\n'
    'end = order_time + pd.Timedelta(hours=72)\n'
    'window = linked[(linked["start"] >= order_time) & (linked["start"] < end)]\n'
    'knows = {"S11": order_time}\n'
    'for r in window.sort_values("start").itertuples():\n'
)
_FRAGMENTATION = (
    "from itertools import combinations\n"
    "def fragmentation(graph, n):\n"
    "    sizes = [len(c) for c in nx.connected_components(graph)]\n"
    "    return 1 - sum(s * (s - 1) for s in sizes) / (n * (n - 1))\n"
)

# Task 9's vehicles: owners matched on name and date of birth; every traveller linked to his vehicle.
_MULTI_OWNS = (
    'people = subjects.assign(owner_name=subjects["surname"] + " " + subjects["given_name"],\n'
    '                         owner_date_of_birth=subjects["date_of_birth"])\n'
    'for r in register.merge(people[["subject_id", "owner_name", "owner_date_of_birth"]],\n'
    '                        on=["owner_name", "owner_date_of_birth"]).itertuples():\n'
    '    multi.add_node(r.plate, type="vehicle")\n'
    '    multi.add_edge(r.subject_id, r.plate, type="owns")\n'
)
_MULTI_TRAVEL = (
    'rode = border.merge(subjects[["subject_id", "passport_no"]], on="passport_no").dropna(subset=["vehicle_plate"])\n'  # noqa: E501 - one statement of a typed-in answer
    'for sid, plate in rode[["subject_id", "vehicle_plate"]].drop_duplicates().itertuples(index=False):\n'
    '    multi.add_node(plate, type="vehicle")\n'
    "    if not multi.has_edge(sid, plate):\n"
    '        multi.add_edge(sid, plate, type="travelled_in")\n'
)

MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: counting records instead of events, directed thinking, raw counts.
    {
        # No de-duplication: a subject recorded twice in one event counts twice.
        "q1_cotravel_matrix": _TRIPS + (
            'trips["day"] = trips["time"].dt.date\n'
            'trips["event"] = trips.groupby(["crossing", "country", "vehicle_plate", "day"]).ngroup()\n'
            'incidence = pd.crosstab(trips["event"], trips["subject_id"])\n'
            "cotravel = incidence.T @ incidence\n"
            "cotravel = cotravel - np.diag(np.diag(cotravel))\n"
            "cotravel = cotravel.sort_index().sort_index(axis=1)\n"
        ),
        # Directed pairs kept apart: A->B and B->A become one edge, the last count overwriting the first.
        "q2_call_graph": _LINKED + (
            'weights = linked.groupby(["a", "b"]).size()\n'
            "call_graph = nx.Graph()\n"
            "for (u, v), n in weights.items():\n"
            "    call_graph.add_edge(u, v, calls=int(n))\n"
        ),
        # Betweenness weighted by the number of calls (a call count is not a distance).
        "q3_centrality": (
            "top_degree = pd.Series(nx.degree_centrality(g)).sort_values(ascending=False).head(3)\n"
            'top_betweenness = pd.Series(nx.betweenness_centrality(g, weight="calls")).sort_values(ascending=False)'
            ".head(3)\n"
        ),
        # Degree >= k instead of the k-core.
        "q4_kcore": (
            "k_max = int(max(nx.core_number(g).values()))\n"
            "core_members = sorted(n for n, d in g.degree() if d >= k_max)\n"
        ),
        # The highest betweenness taken as the broker.
        "q6_broker": (
            "spans = pd.Series({n: len({community_of[m] for m in g[n]} - {community_of[n]}) for n in g})\n"
            "spans = spans.sort_values(ascending=False)\n"
            "broker = pd.Series(nx.betweenness_centrality(g)).idxmax()\n"
        ),
        # n of the whole network, not of what is left.
        "q7_key_players": _FRAGMENTATION + (
            "best = None\n"
            "for pair in combinations(sorted(g.nodes()), 2):\n"
            "    rest = g.copy()\n"
            "    rest.remove_nodes_from(pair)\n"
            "    f = fragmentation(rest, g.number_of_nodes())\n"
            "    if best is None or f > best[1]:\n"
            "        best = (pair, f)\n"
            "key_pair, key_pair_f = tuple(sorted(best[0])), float(best[1])\n"
        ),
        # Same degree taken for the same neighbours.
        "q8_equivalence": (
            "groups = {}\n"
            "for n, d in g.degree():\n"
            "    groups.setdefault(d, []).append(n)\n"
            "equivalent = sorted(sorted(m) for m in groups.values() if len(m) >= 2)\n"
        ),
        # Owners matched on the name only: namesakes join too.
        "q9_multi_graph": (
            "multi = nx.Graph()\n"
            "for s in subjects.itertuples():\n"
            '    multi.add_node(s.subject_id, type="person")\n'
            "for r in attribution.itertuples():\n"
            '    multi.add_node(r.msisdn, type="phone")\n'
            '    multi.add_edge(r.subject_id, r.msisdn, type="uses", status=r.status)\n'
            'numbers = attribution["msisdn"]\n'
            'known = calls[calls["a_number"].isin(numbers) & calls["b_number"].isin(numbers)]\n'
            'for a, b in known[["a_number", "b_number"]].drop_duplicates().itertuples(index=False):\n'
            "    if a != b:\n"
            '        multi.add_edge(a, b, type="calls")\n'
            'people = subjects.assign(owner_name=subjects["surname"] + " " + subjects["given_name"])\n'
            'for r in register.merge(people[["subject_id", "owner_name"]], on="owner_name").itertuples():\n'
            '    multi.add_node(r.plate, type="vehicle")\n'
            '    multi.add_edge(r.subject_id, r.plate, type="owns")\n'
        ) + _MULTI_TRAVEL,
        # Counted nodes instead of links.
        "q10_shortest_path": 'path = nx.shortest_path(G, "S07", "S11")\nhops = len(path)\n',
        # No end to the window: every later call of the quarter is followed.
        "q11_time_path": _LINKED + (
            'order_time = pd.Timestamp("2024-04-05 00:00", tz="UTC")\n'
            'window = linked[linked["start"] >= order_time]\n'
            'knows = {"S11": order_time}\n'
            'for r in window.sort_values("start").itertuples():\n'
            "    for x, y in ((r.a, r.b), (r.b, r.a)):\n"
            "        if x in knows and knows[x] <= r.start and y not in knows:\n"
            "            knows[y] = r.start\n"
            "reached = pd.Series(knows).sort_values()\n"
        ),
        # No title, not saved.
        "q12_chart": (
            "chart = g.copy()\n"
            "for n in chart:\n"
            '    chart.nodes[n].update(type="person", community=community_of[n])\n'
            'chart_ax = link_chart(chart, group_by="community")\n'
        ),
    },
    # Set 1: boundaries and orders.
    {
        # Events split by the hour instead of the day: one passage counted as several, or partners split.
        "q1_cotravel_matrix": _TRIPS + (
            'trips["day"] = trips["time"].dt.floor("h")\n'
            'trips["event"] = trips.groupby(["crossing", "country", "vehicle_plate", "day"]).ngroup()\n'
            'incidence = (pd.crosstab(trips["event"], trips["subject_id"]) > 0).astype(int)\n'
            "cotravel = incidence.T @ incidence\n"
            "cotravel = cotravel - np.diag(np.diag(cotravel))\n"
            "cotravel = cotravel.sort_index().sort_index(axis=1)\n"
        ),
        # Raw degree instead of degree centrality (and raw betweenness).
        "q3_centrality": (
            "top_degree = pd.Series(dict(g.degree())).sort_values(ascending=False).head(3)\n"
            "top_betweenness = pd.Series(nx.betweenness_centrality(g, normalized=False))"
            ".sort_values(ascending=False).head(3)\n"
        ),
        # k = 1 core: everyone with a link.
        "q4_kcore": "k_max = 1\ncore_members = sorted(nx.k_core(g, 1).nodes())\n",
        # Communities in found order, smallest first.
        "q5_communities": (
            'found = nx_comm.greedy_modularity_communities(g, weight="calls")\n'
            "communities = sorted((sorted(c) for c in found), key=len)\n"
        ),
        # Own community counted in the span.
        "q6_broker": (
            "spans = pd.Series({n: len({community_of[m] for m in g[n]} | {community_of[n]}) for n in g})\n"
            'spans = spans.rename_axis("subject_id").reset_index(name="span").sort_values('
            '["span", "subject_id"], ascending=[False, True]).set_index("subject_id")["span"]\n'
            "broker = spans.index[0]\n"
        ),
        # Fragmentation without the "- 1": sum of s^2 over n^2.
        "q7_key_players": (
            "from itertools import combinations\n"
            "best = None\n"
            "for pair in combinations(sorted(g.nodes()), 2):\n"
            "    rest = g.copy()\n"
            "    rest.remove_nodes_from(pair)\n"
            "    n = rest.number_of_nodes()\n"
            "    f = 1 - sum(len(c) ** 2 for c in nx.connected_components(rest)) / n ** 2\n"
            "    if best is None or f > best[1]:\n"
            "        best = (pair, f)\n"
            "key_pair, key_pair_f = tuple(sorted(best[0])), float(best[1])\n"
        ),
        # Only couriers with a single contact counted; pairs reported, not groups.
        "q8_equivalence": (
            "equivalent = []\n"
            "for a, b in __import__('itertools').combinations(sorted(g), 2):\n"
            "    if set(g[a]) == set(g[b]):\n"
            "        equivalent.append([a, b])\n"
        ),
        # Travel links only from drivers.
        "q9_multi_graph": (
            "multi = nx.Graph()\n"
            "for s in subjects.itertuples():\n"
            '    multi.add_node(s.subject_id, type="person")\n'
            "for r in attribution.itertuples():\n"
            '    multi.add_node(r.msisdn, type="phone")\n'
            '    multi.add_edge(r.subject_id, r.msisdn, type="uses", status=r.status)\n'
            'for a, b in calls[["a_number", "b_number"]].drop_duplicates().itertuples(index=False):\n'
            "    if a in multi and b in multi and a != b:\n"
            '        multi.add_edge(a, b, type="calls")\n'
        ) + _MULTI_OWNS + (
            'rode = border.merge(subjects[["subject_id", "passport_no"]], on="passport_no")\n'
            'rode = rode[rode["role"] == "driver"]\n'
            'for sid, plate in rode[["subject_id", "vehicle_plate"]].drop_duplicates().itertuples(index=False):\n'
            '    multi.add_node(plate, type="vehicle")\n'
            '    multi.add_edge(sid, plate, type="travelled_in")\n'
        ),
        # The path turned round: from the man who gives the orders to S07.
        "q10_shortest_path": 'path = nx.shortest_path(G, "S11", "S07")\nhops = len(path) - 1\n',
        # Static reachability: everyone connected to S11, at the time of their first call in the window.
        "q11_time_path": _Q11_WINDOW + (
            "    for x in (r.a, r.b):\n"
            "        knows.setdefault(x, r.start)\n"
            "reached = pd.Series(knows).sort_values()\n"
        ),
    },
    # Alone: a different network or partition changes what the later tasks are checked against.
    {
        # Only confirmed attributions: the operational (unconfirmed) numbers are dropped.
        "q2_call_graph": (
            'owner = attribution[attribution["status"] == "confirmed"].set_index("msisdn")["subject_id"]\n'
            'linked = calls.assign(a=calls["a_number"].map(owner), b=calls["b_number"].map(owner))'
            '.dropna(subset=["a", "b"])\n'
            'linked = linked[linked["a"] != linked["b"]]\n'
            'pair = pd.DataFrame({"u": linked[["a", "b"]].min(axis=1), "v": linked[["a", "b"]].max(axis=1)})\n'
            "call_graph = nx.Graph()\n"
            'for (u, v), n in pair.groupby(["u", "v"]).size().items():\n'
            "    call_graph.add_edge(u, v, calls=int(n))\n"
        ),
    },
    {
        # Unweighted communities.
        "q5_communities": (
            "found = nx_comm.greedy_modularity_communities(g)\n"
            "communities = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))\n"
        ),
    },
]

# Set 4: slips found in the new-trainee trial.
MISTAKE_SETS.append({
    # The 0/1 incidence left as True/False: the matrix product gives True/False, not counts.
    "q1_cotravel_matrix": _TRIPS + (
        'trips["day"] = trips["time"].dt.date\n'
        'incidence = pd.crosstab([trips["crossing"], trips["country"], trips["vehicle_plate"], trips["day"]],\n'
        '                        trips["subject_id"]) > 0\n'
        "cotravel = incidence.T.dot(incidence)\n"
        "cotravel = cotravel.where(~np.eye(len(cotravel), dtype=bool), 0)\n"
        "cotravel = cotravel.sort_index().sort_index(axis=1)\n"
    ),
    # Travel links written over the owns links (the contract says: skip the pair if it is owned).
    "q9_multi_graph": (
        "multi = nx.Graph()\n"
        "for s in subjects.itertuples():\n"
        '    multi.add_node(s.subject_id, type="person")\n'
        "for r in attribution.itertuples():\n"
        '    multi.add_node(r.msisdn, type="phone")\n'
        '    multi.add_edge(r.subject_id, r.msisdn, type="uses", status=r.status)\n'
        'numbers = set(attribution["msisdn"])\n'
        'known = calls[calls["a_number"].isin(numbers) & calls["b_number"].isin(numbers)]\n'
        'for a, b in set(zip(known["a_number"], known["b_number"])):\n'
        "    if a != b:\n"
        '        multi.add_edge(a, b, type="calls")\n'
        'people = subjects.assign(full=subjects["surname"] + " " + subjects["given_name"])\n'
        'owned = register.merge(people, left_on=["owner_name", "owner_date_of_birth"], right_on=["full", "date_of_birth"])\n'  # noqa: E501 - one statement of a typed-in answer
        "for r in owned.itertuples():\n"
        '    multi.add_node(r.plate, type="vehicle")\n'
        '    multi.add_edge(r.subject_id, r.plate, type="owns")\n'
        'rode = border.merge(subjects[["subject_id", "passport_no"]], on="passport_no").dropna(subset=["vehicle_plate"])\n'  # noqa: E501 - one statement of a typed-in answer
        'for sid, plate in set(zip(rode["subject_id"], rode["vehicle_plate"])):\n'
        '    multi.add_node(plate, type="vehicle")\n'
        '    multi.add_edge(sid, plate, type="travelled_in")\n'
    ),
    # Labels left at the node ids: the reader of the briefing cannot tell who S24 is.
    "q12_chart": (
        "chart = g.copy()\n"
        "for n in chart:\n"
        '    chart.nodes[n].update(type="person", community=community_of[n])\n'
        'chart_ax = link_chart(chart, group_by="community", highlight=[*key_pair, broker], title="Call network")\n'
        'chart_ax.figure.savefig("network_chart.png")\n'
    ),
})

# Set 5: the classic shortcuts of a network analyst.
MISTAKE_SETS.append({
    # Calendar dates in local time (Almaty), not UTC: passages around midnight fall on another day.
    "q1_cotravel_matrix": _TRIPS + (
        'trips["day"] = trips["time"].dt.tz_convert("Asia/Almaty").dt.date\n'
        'trips["event"] = trips.groupby(["crossing", "country", "vehicle_plate", "day"]).ngroup()\n'
        'incidence = (pd.crosstab(trips["event"], trips["subject_id"]) > 0).astype(int)\n'
        "cotravel = incidence.T @ incidence\n"
        "cotravel = cotravel - np.diag(np.diag(cotravel))\n"
        "cotravel = cotravel.sort_index().sort_index(axis=1)\n"
    ),
    # The two most "between" subjects taken as the key pair, without searching the pairs (F is theirs).
    "q7_key_players": (
        "top_two = pd.Series(nx.betweenness_centrality(g)).sort_values(ascending=False).index[:2]\n"
        "key_pair = tuple(sorted(top_two))\n"
        "rest = g.copy()\n"
        "rest.remove_nodes_from(key_pair)\n"
        "n = rest.number_of_nodes()\n"
        "key_pair_f = float(1 - sum(len(c) * (len(c) - 1) for c in nx.connected_components(rest)) / (n * (n - 1)))\n"
    ),
    # Replies ignored: only the caller passes the order on, as if every call were an SMS.
    "q11_time_path": _Q11_WINDOW + (
        "    if r.a in knows and knows[r.a] <= r.start and r.b not in knows:\n"
        "        knows[r.b] = r.start\n"
        "reached = pd.Series(knows).sort_values()\n"
    ),
})

_EVENT_MATRIX = (
    'incidence = (pd.crosstab(trips["event"], trips["subject_id"]) > 0).astype(int)\n'
    "cotravel = incidence.T @ incidence\n"
    "cotravel = cotravel - np.diag(np.diag(cotravel))\n"
    "cotravel = cotravel.sort_index().sort_index(axis=1)\n"
)

# Set 6: slips of the second new-trainee trial.
MISTAKE_SETS.append({
    # The direction added to the key: the way out and the way back of one trip counted as two events.
    "q1_cotravel_matrix": _TRIPS + (
        'trips["day"] = trips["time"].dt.date\n'
        'trips["event"] = trips.groupby(["crossing", "country", "direction", "vehicle_plate", "day"]).ngroup()\n'
    ) + _EVENT_MATRIX,
    # Betweenness divided by (n - 1)(n - 2), the directed normalisation: half the value.
    "q3_centrality": (
        "top_degree = pd.Series(nx.degree_centrality(g)).sort_values(ascending=False).head(3)\n"
        "n = g.number_of_nodes()\n"
        "raw = pd.Series(nx.betweenness_centrality(g, normalized=False))\n"
        "top_betweenness = (raw / ((n - 1) * (n - 2))).sort_values(ascending=False).head(3)\n"
    ),
    # The lesson's main core copied: a 2-core of the call network too, but not the largest one.
    "q4_kcore": 'k_max = 2\ncore_members = ["S03", "S04", "S16"]\n',
    # Span = the number of contacts outside one's own community, not the number of other communities.
    "q6_broker": (
        "spans = pd.Series({n: sum(community_of[m] != community_of[n] for m in g[n]) for n in g})\n"
        'spans = spans.rename_axis("subject_id").reset_index(name="span").sort_values('
        '["span", "subject_id"], ascending=[False, True]).set_index("subject_id")["span"]\n'
        "broker = spans.index[0]\n"
    ),
    # The two best single removals taken as the best pair (F computed right for that pair).
    "q7_key_players": _FRAGMENTATION + (
        "single = {}\n"
        "for v in g:\n"
        "    rest = g.copy()\n"
        "    rest.remove_node(v)\n"
        "    single[v] = fragmentation(rest, rest.number_of_nodes())\n"
        "key_pair = tuple(sorted(pd.Series(single).sort_values(ascending=False).index[:2]))\n"
        "rest = g.copy()\n"
        "rest.remove_nodes_from(key_pair)\n"
        "key_pair_f = float(fragmentation(rest, rest.number_of_nodes()))\n"
    ),
})

# Set 7: more slips of the second trial.
MISTAKE_SETS.append({
    # One month only (April), as if the slice of a worked example were the period.
    "q1_cotravel_matrix": _TRIPS + (
        'trips = trips[trips["time"] < "2024-05-01"]\n'
        'trips["day"] = trips["time"].dt.date\n'
        'trips["event"] = trips.groupby(["crossing", "country", "vehicle_plate", "day"]).ngroup()\n'
    ) + _EVENT_MATRIX,
    # Closeness given as betweenness.
    "q3_centrality": (
        "top_degree = pd.Series(nx.degree_centrality(g)).sort_values(ascending=False).head(3)\n"
        "top_betweenness = pd.Series(nx.closeness_centrality(g)).sort_values(ascending=False).head(3)\n"
    ),
})

# Set 8: the last slips of the second trial.
MISTAKE_SETS.append({
    # The event keyed by plate and day only: passages at different crossings or sides merge.
    "q1_cotravel_matrix": _TRIPS + (
        'trips["day"] = trips["time"].dt.date\n'
        'trips["event"] = trips.groupby(["vehicle_plate", "day"]).ngroup()\n'
    ) + _EVENT_MATRIX,
})

# Set 9: subjects who never shared a vehicle dropped from the matrix.
MISTAKE_SETS.append({
    "q1_cotravel_matrix": _TRIPS + (
        'trips["day"] = trips["time"].dt.date\n'
        'trips["event"] = trips.groupby(["crossing", "country", "vehicle_plate", "day"]).ngroup()\n'
    ) + _EVENT_MATRIX + (
        "keep = cotravel.index[cotravel.sum(axis=1) > 0]\n"
        "cotravel = cotravel.loc[keep, keep]\n"
    ),
})

# Set 10: every record in the window taken as a two-way hand-over: the unanswered calls (0 s) pass the
# order and SMS replies count, as on a static chart with time order alone.
MISTAKE_SETS.append({
    "q11_time_path": _Q11_WINDOW + (
        "    for x, y in ((r.a, r.b), (r.b, r.a)):\n"
        "        if x in knows and knows[x] <= r.start and y not in knows:\n"
        "            knows[y] = r.start\n"
        "reached = pd.Series(knows).sort_values()\n"
    ),
})

# Set 11: the unanswered calls dropped, but an SMS read both ways (the recipient "replies" through it).
MISTAKE_SETS.append({
    "q11_time_path": _Q11_WINDOW + (
        '    if r.call_type == "voice" and r.duration_s == 0:\n'
        "        continue\n"
        "    for x, y in ((r.a, r.b), (r.b, r.a)):\n"
        "        if x in knows and knows[x] <= r.start and y not in knows:\n"
        "            knows[y] = r.start\n"
        "reached = pd.Series(knows).sort_values()\n"
    ),
})

_MULTI_BASE = (
    "multi = nx.Graph()\n"
    "for s in subjects.itertuples():\n"
    '    multi.add_node(s.subject_id, type="person")\n'
    "for r in attribution.itertuples():\n"
    '    multi.add_node(r.msisdn, type="phone")\n'
)
_MULTI_VEHICLES = _MULTI_OWNS + _MULTI_TRAVEL
_USES_ALL = (
    "for r in attribution.itertuples():\n"
    '    multi.add_edge(r.subject_id, r.msisdn, type="uses", status=r.status)\n'
)
_CALLS_ALL = (
    'numbers = set(attribution["msisdn"])\n'
    'known = calls[calls["a_number"].isin(numbers) & calls["b_number"].isin(numbers)]\n'
    'for a, b in set(zip(known["a_number"], known["b_number"])):\n'
    "    if a != b:\n"
    '        multi.add_edge(a, b, type="calls")\n'
)
# The chart as the solution builds it, up to the call of link_chart.
_CHART = (
    "chart = g.copy()\n"
    'surname = subjects.set_index("subject_id")["surname"]\n'
    "for n in chart:\n"
    '    chart.nodes[n].update(type="person", label=f"{n} {surname[n]}", community=community_of[n])\n'
    "for u, v, d in chart.edges(data=True):\n"
    '    d.update(type="calls", label=str(d["calls"]))\n'
)

# Set 12: slips of the third trial (fresh trainee, issue 16).
MISTAKE_SETS.append({
    # The day of the month (.dt.day) as the date: the same day of April, May and June merges.
    "q1_cotravel_matrix": _TRIPS + (
        'trips["day"] = trips["time"].dt.day\n'
        'trips["event"] = trips.groupby(["crossing", "country", "vehicle_plate", "day"]).ngroup()\n'
    ) + _EVENT_MATRIX,
    # The supplement added to the call records, as datasets/README.md suggests for its own questions.
    "q2_call_graph": (
        'both = pd.concat([calls, data.load("calls_supplement")], ignore_index=True)\n'
        'owner = attribution.set_index("msisdn")["subject_id"]\n'
        'linked = both.assign(a=both["a_number"].map(owner), b=both["b_number"].map(owner)).dropna(subset=["a", "b"])\n'  # noqa: E501 - one statement of a typed-in answer
        'linked = linked[linked["a"] != linked["b"]]\n'
        'pair = pd.DataFrame({"u": linked[["a", "b"]].min(axis=1), "v": linked[["a", "b"]].max(axis=1)})\n'
        "call_graph = nx.Graph()\n"
        'for (u, v), n in pair.groupby(["u", "v"]).size().items():\n'
        "    call_graph.add_edge(u, v, calls=int(n))\n"
    ),
    # The chart ringing the key pair only: the broker of task 6 is not marked.
    "q12_chart": _CHART + (
        'chart_ax = link_chart(chart, group_by="community", highlight=list(key_pair), title="Call network")\n'
        'chart_ax.figure.savefig("network_chart.png")\n'
    ),
})

# Set 13: exit records only (one side of each trip), and a chart without groups.
MISTAKE_SETS.append({
    "q1_cotravel_matrix": _TRIPS + (
        'trips = trips[trips["direction"] == "exit"]\n'
        'trips["day"] = trips["time"].dt.date\n'
        'trips["event"] = trips.groupby(["crossing", "country", "vehicle_plate", "day"]).ngroup()\n'
    ) + _EVENT_MATRIX,
    # Spring layout, no community outlines: the groups of task 5 are not visible.
    "q12_chart": _CHART + (
        'chart_ax = link_chart(chart, layout="spring", highlight={"key pair": list(key_pair), "broker": [broker]},\n'
        '                      title="Call network")\n'
        'chart_ax.figure.savefig("network_chart.png")\n'
    ),
})

# Set 14: every number a node, but uses links only for the confirmed attributions.
MISTAKE_SETS.append({
    "q9_multi_graph": _MULTI_BASE + (
        'for r in attribution[attribution["status"] == "confirmed"].itertuples():\n'
        '    multi.add_edge(r.subject_id, r.msisdn, type="uses", status=r.status)\n'
    ) + _CALLS_ALL + _MULTI_VEHICLES,
    # No link labels: the reader cannot see how many calls a link stands for.
    "q12_chart": (
        "chart = g.copy()\n"
        'surname = subjects.set_index("subject_id")["surname"]\n'
        "for n in chart:\n"
        '    chart.nodes[n].update(type="person", label=f"{n} {surname[n]}", community=community_of[n])\n'
        'chart_ax = link_chart(chart, group_by="community", highlight=[*key_pair, broker], title="Call network")\n'
        'chart_ax.figure.savefig("network_chart.png")\n'
    ),
})

# Set 15: calls links only between confirmed numbers; one highlight colour.
MISTAKE_SETS.append({
    "q9_multi_graph": _MULTI_BASE + _USES_ALL + (
        'sure = set(attribution.loc[attribution["status"] == "confirmed", "msisdn"])\n'
        'known = calls[calls["a_number"].isin(sure) & calls["b_number"].isin(sure)]\n'
        'for a, b in set(zip(known["a_number"], known["b_number"])):\n'
        "    if a != b:\n"
        '        multi.add_edge(a, b, type="calls")\n'
    ) + _MULTI_VEHICLES,
    # (fourth trainee trial) The three highlighted as one plain list: one colour, where two are asked for.
    "q12_chart": _CHART + (
        'chart_ax = link_chart(chart, group_by="community", highlight=[*key_pair, broker], title="Call network")\n'
        'chart_ax.figure.savefig("network_chart.png")\n'
    ),
})

# Set 16: calls links drawn person to person (the edges of g) instead of number to number.
MISTAKE_SETS.append({
    "q9_multi_graph": _MULTI_BASE + _USES_ALL + (
        "for u, v in g.edges():\n"
        '    multi.add_edge(u, v, type="calls")\n'
    ) + _MULTI_VEHICLES,
})

# Set 17 (fourth trial): Louvain instead of the greedy modularity the task names, alone in its set since it
# changes the partition later tasks are checked against.
MISTAKE_SETS.append({
    "q5_communities": (
        'found = nx_comm.louvain_communities(g, weight="calls", seed=2)\n'
        'communities = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))\n'
    ),
})

# Mistakes the visible checks leave to the hidden tests: (set, answer cell) -> why.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {
    (6, "q4_kcore"): "the lesson's three-member core is a 2-core of g with no denser core inside it; showing that "
                     "a larger 2-core exists means peeling g, i.e. computing the main core",
}
