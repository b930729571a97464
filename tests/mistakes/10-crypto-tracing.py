"""Plausible wrong answers to the module 10 exercise: the slips of an analyst new to tracing on a
ledger in pandas and networkx.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else. Most are the solution with one step changed (`_slip`), so they stay complete answers.
"""

from functools import partial

from course_harness import slip

_SLUG = "10-crypto-tracing"


_slip = partial(slip, _SLUG)


MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: the first slip of each kind.
    {
        # Format only: prefix and length look right, so every address is taken as valid.
        "q1_address_kinds": _slip("q1_address_kinds", "raw = base58.b58decode_check(address)",
                                  "raw = base58.b58decode(address)[:21]",
                                  ('return "p2wpkh" if version == 0 and program is not None and len(program) == 20 '
                                   'else "invalid"', 'return "p2wpkh"')),
        # Any transaction with many inputs taken for a CoinJoin (exchange sweeps included).
        "q2_coinjoins": "coinjoin_txids = sorted(tx.loc[tx['n_inputs'] >= 5, 'txid'])",
        # The addresses the sweeps pay (outputs) added to the wallet.
        "q3_shop_cluster": _slip("q3_shop_cluster", "shop_cluster = sorted(nx.node_connected_component(g, shop_tag))",
                                 "members = nx.node_connected_component(g, shop_tag)\n"
                                 "shop_cluster = sorted(members | set(outs.loc[outs['txid'].isin("
                                 "ins.loc[ins['address'].isin(members), 'txid']), 'address']))"),
        # Income in satoshi.
        "q4_shop_income": _slip("q4_shop_income", 'paid["value_sats"].sum() / SATS', 'paid["value_sats"].sum()'),
        # The smallest output followed as the rest.
        "q5_peel_chain": _slip("q5_peel_chain", 'o = by_tx[t].sort_values("value_sats", ascending=False)',
                               'o = by_tx[t].sort_values("value_sats", ascending=True)'),
        # A 24-hour window for both the seizures and the base rate.
        "q6_seizure_timing": _slip("q6_seizure_timing", "pd.Timedelta(hours=48)", "pd.Timedelta(hours=24)"),
        # Everything org_tron received (wholesale payments included) counted as swap payouts.
        "q7_org_tron": _slip("q7_org_tron",
                             'float(from_swap.loc[from_swap["to_address"] == org_tron, "amount_usdt"].sum())',
                             'float(tron.loc[tron["to_address"] == org_tron, "amount_usdt"].sum())'),
        # Grouped by sender: what org_tron received, not what it sent.
        "q8_fan_out": _slip("q8_fan_out", 'sent = tron[tron["from_address"] == org_tron]\n'
                                          'fan_out = sent.groupby("to_address")',
                            'sent = tron[tron["to_address"] == org_tron]\n'
                            'fan_out = sent.groupby("from_address")'),
        # Every address that paid org_tron, the swap service's payouts included.
        "q9_wholesale": _slip("q9_wholesale",
                              'into_org.loc[into_org["from_address"] == buyer_tron, ["block_time", "amount_usdt"]]',
                              'tron.loc[tron["to_address"] == org_tron, ["block_time", "amount_usdt"]]'),
        # Every account in the returns, the ordinary customers of the request included.
        "q10_holders": _slip("q10_holders", 'named = returns[returns["deposit_address"].isin(paid_addresses)]',
                             "named = returns"),
        # Haircut given as the dirty share of each output, not its dirty amount.
        "q11_taint": _slip("q11_taint", '"haircut": [round(o * dirty_share, 10) for o in outputs]',
                           '"haircut": [round(dirty_share, 10) for o in outputs]'),
    },
    # Set 1: other typical slips.
    {
        # Base58 decoded without its checksum, Bech32 still checked: some typos go through.
        "q1_address_kinds": _slip("q1_address_kinds", "raw = base58.b58decode_check(address)",
                                  "raw = base58.b58decode(address)[:21]"),
        # A CoinJoin read as "all outputs equal": the participants' change outputs make every round fail it.
        "q2_coinjoins": ("n_values = outs.groupby('txid')['value_sats'].agg(['size', 'nunique'])\n"
                         "coinjoin_txids = sorted(n_values[(n_values['size'] >= 3)\n"
                         "                                 & (n_values['nunique'] == 1)].index)"),
        # The transaction graph (inputs linked to the outputs they pay) taken for the common-spending graph.
        "q3_shop_cluster": _slip("q3_shop_cluster", "    g.add_edges_from(zip(a[:-1], a[1:]))",
                                 "    g.add_edges_from(zip(a[:-1], a[1:]))\n"
                                 "    g.add_edges_from((a[0], b) for b in outs.loc[outs['txid'] == txid, 'address'])"),
        # The sweeps' change back to the shop counted as income.
        "q4_shop_income": _slip("q4_shop_income", '& ~outs["txid"].isin(own_tx)', ""),
        # The sweep's change back to the shop kept as a cash-out.
        "q5_peel_chain": _slip("q5_peel_chain", '        if r["address"] != shop_tag:\n    ',
                               "        if True:\n    "),
        # Every cash-out after the seizure, not only those within 48 hours.
        "q6_seizure_timing": _slip("q6_seizure_timing", "[in_48h(s) for s in seizure_starts]",
                                   "[int((times >= s).sum()) for s in seizure_starts]"),
        # One payout (the first) instead of all of them.
        "q7_org_tron": _slip("q7_org_tron", '"amount_usdt"].sum())', '"amount_usdt"].iloc[0])'),
        # The tag's full label kept ("Volga Digital (deposit)").
        "q8_fan_out": _slip("q8_fan_out", '.str.split(" (", regex=False).str[0]', ""),
        # Times shown in Bishkek local time.
        "q9_wholesale": _slip("q9_wholesale", ".sort_values(\"block_time\").reset_index(drop=True))",
                              ".sort_values(\"block_time\").reset_index(drop=True))\n"
                              "wholesale[\"block_time\"] = wholesale[\"block_time\"].dt.tz_convert(\"Asia/Bishkek\")"),
        # Only the Bitcoin cash-outs: the TRON deposit addresses forgotten.
        "q10_holders": _slip("q10_holders", 'paid_addresses = set(cash_outs["address"]) | set(fan_out.index)',
                             'paid_addresses = set(cash_outs["address"])'),
        # Last in, first out instead of first in, first out.
        "q11_taint": _slip("q11_taint", "fifo, queue = [], [list(i) for i in inputs]",
                           "fifo, queue = [], [list(i) for i in reversed(inputs)]"),
    },
    # Set 2: readings of the method that look reasonable.
    {
        # Poison read as "only the dirty input's amount is dirty" in every output.
        "q11_taint": _slip("q11_taint", '"poison": [float(o) for o in outputs]',
                           '"poison": [min(float(o), 0.5) for o in outputs]'),
        # The count right, the amount in mBTC (divided by 100 000, not 100 000 000).
        "q4_shop_income": _slip("q4_shop_income", 'paid["value_sats"].sum() / SATS',
                                'paid["value_sats"].sum() / 100_000'),
        # The fan-out sorted smallest first.
        "q8_fan_out": _slip("q8_fan_out", 'fan_out = fan_out.sort_values("usdt", ascending=False)',
                            'fan_out = fan_out.sort_values("usdt")'),
        # The base rate over the weeks of the chain only (from the first cash-out), not over the period.
        "q6_seizure_timing": _slip("q6_seizure_timing", '"2024-04-01", "2024-06-29"', '"2024-04-07", "2024-06-29"'),
    },
]

# Set 3: a chain walked without remembering where it has been.
MISTAKE_SETS.append({
    # No set of visited transactions: where the chains of two sweeps meet, the rest of the chain is listed twice.
    "q5_peel_chain": _slip("q5_peel_chain", "    if t in seen or t in mixing:", "    if t in mixing:"),
})

# Set 4: the slips of a blind trial with the lesson and the release only.
MISTAKE_SETS.append({
    # Only the month the lesson looked at searched for rounds.
    "q2_coinjoins": _slip("q2_coinjoins", 'equal = outs.groupby(["txid", "value_sats"]).size()',
                          'april = tx.loc[tx["block_time"] < "2024-05-01", "txid"]\n'
                          'equal = outs[outs["txid"].isin(april)].groupby(["txid", "value_sats"]).size()'),
    # Every output to the tagged address left out, the buyers' payments to the order page included.
    "q4_shop_income": _slip("q4_shop_income", '& ~outs["txid"].isin(own_tx)]',
                            '& (outs["address"] != tags.loc[tags["category"] == "darknet shop", "address"].iloc[0])]'),
    # Times converted to local time (the instants stay right, so task 6 is unaffected).
    "q5_peel_chain": _slip("q5_peel_chain", 'cash_outs["btc"] = cash_outs["btc"].astype(float)',
                           'cash_outs["btc"] = cash_outs["btc"].astype(float)\n'
                           'cash_outs["block_time"] = cash_outs["block_time"].dt.tz_convert("Asia/Almaty")'),
    # The windows start the day after the seizure.
    "q6_seizure_timing": _slip("q6_seizure_timing", '"date"].dt.tz_localize("UTC")',
                               '"date"].dt.tz_localize("UTC") + pd.Timedelta(days=1)'),
    # The exchange read from the returns rather than from the tags.
    "q8_fan_out": _slip("q8_fan_out", 'label = tags.set_index("address")["label"].str.split(" (", regex=False).str[0]',
                        'label = returns.drop_duplicates("deposit_address").set_index("deposit_address")["exchange"]'),
})

# Set 5: more of the trial's slips in the same tasks.
MISTAKE_SETS.append({
    # Shop orders counted as distinct addresses paid, not outputs.
    "q4_shop_income": _slip("q4_shop_income", "shop_orders = int(len(paid))",
                            'shop_orders = int(paid["address"].nunique())'),
    # The seizure windows from local midnight (the register's date is local).
    "q6_seizure_timing": _slip("q6_seizure_timing", '"date"].dt.tz_localize("UTC")',
                               '"date"].dt.tz_localize("Asia/Almaty").dt.tz_convert("UTC")'),
    # An untagged address left as NaN instead of "".
    "q8_fan_out": _slip("q8_fan_out", 'fan_out["exchange"] = [str(label.get(a, "")) for a in fan_out.index]',
                        'fan_out["exchange"] = fan_out.index.map(label)'),
})

# Set 6: the seizure windows from noon of the seizure's date.
MISTAKE_SETS.append({
    "q6_seizure_timing": _slip("q6_seizure_timing", '"date"].dt.tz_localize("UTC")',
                               '"date"].dt.tz_localize("UTC") + pd.Timedelta(hours=12)'),
})

# The mistakes the visible checks do not catch, each with the reason; every other one fails them.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {}
