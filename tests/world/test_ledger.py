"""Module 10's ledger: well-formed and balanced chains, and every planted fact found by the method the
module teaches, with the decoys (CoinJoin, exchange sweeps, ordinary customers) rejected by it."""

from __future__ import annotations

import base58
import bech32
import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def chain(out):
    read = {name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False) for name in (
        "btc_transactions", "btc_inputs", "btc_outputs", "tron_transfers", "crypto_tags", "exchange_returns",
        "truth/crypto_entities", "truth/crypto_planted", "truth/crypto_change")}
    for name, index in (("btc_inputs", "prev_vout"), ("btc_outputs", "vout")):
        read[name]["value_sats"] = read[name]["value_sats"].astype(np.int64)
        read[name][index] = read[name][index].astype(np.int64)
    read["btc_transactions"]["fee_sats"] = read["btc_transactions"]["fee_sats"].astype(np.int64)
    read["tron_transfers"]["amount_usdt"] = read["tron_transfers"]["amount_usdt"].astype(float)
    return read


def _owner(chain) -> dict[str, str]:
    return dict(zip(chain["truth/crypto_entities"]["address"], chain["truth/crypto_entities"]["entity"], strict=True))


def _coinjoins(outputs: pd.DataFrame) -> set[str]:
    """Transactions with at least three outputs of one equal amount: CoinJoin rounds."""
    equal = outputs.groupby(["txid", "value_sats"]).size()
    return set(equal[equal >= 3].index.get_level_values("txid"))


def _clusters(inputs: pd.DataFrame, skip: set[str]) -> dict[str, str]:
    """Common-input ownership: addresses spent together in one transaction are one wallet (union-find)."""
    parent: dict[str, str] = {}

    def find(a):
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for txid, addresses in inputs.groupby("txid")["address"]:
        if txid in skip:
            continue
        first, *rest = addresses.tolist()
        for other in rest:
            parent[find(other)] = find(first)
    return {a: find(a) for a in parent}


def test_addresses_and_ids_are_well_formed(chain):
    for address in pd.unique(chain["btc_outputs"]["address"]):
        if address.startswith("bc1"):
            version, program = bech32.decode("bc", address)
            assert version == 0 and len(program) == 20, address
        else:
            raw = base58.b58decode_check(address)
            assert raw[0] in (0x00, 0x05) and len(raw) == 21, address
    for address in pd.unique(chain["tron_transfers"][["from_address", "to_address"]].to_numpy().ravel()):
        raw = base58.b58decode_check(address)
        assert address.startswith("T") and raw[0] == 0x41 and len(raw) == 21, address
    txids = chain["btc_transactions"]["txid"]
    assert txids.is_unique and txids.str.fullmatch(r"[0-9a-f]{64}").all()
    assert chain["tron_transfers"]["tx_hash"].is_unique


def test_every_transaction_balances_and_no_output_is_spent_twice(chain):
    inputs, outputs, tx = chain["btc_inputs"], chain["btc_outputs"], chain["btc_transactions"]
    totals = pd.DataFrame({"in": inputs.groupby("txid")["value_sats"].sum(),
                           "out": outputs.groupby("txid")["value_sats"].sum()})
    totals["fee"] = tx.set_index("txid")["fee_sats"]
    assert (totals["in"] == totals["out"] + totals["fee"]).all()
    assert (totals["fee"] > 0).all()
    assert not inputs.duplicated(["prev_txid", "prev_vout"]).any(), "an output is spent twice"
    spent = inputs.merge(outputs, left_on=["prev_txid", "prev_vout"], right_on=["txid", "vout"],
                         suffixes=("", "_created"))
    assert (spent["address"] == spent["address_created"]).all()
    assert (spent["value_sats"] == spent["value_sats_created"]).all()
    times = tx.set_index("txid")["block_time"]
    assert (spent["txid"].map(times) >= spent["txid_created"].map(times)).all(), "spent before it was created"


def test_common_input_ownership_finds_the_shop_and_coinjoin_breaks_it(chain):
    owner = _owner(chain)
    shop_tag = chain["crypto_tags"].query("category == 'darknet shop'")["address"].iloc[0]
    coinjoins = _coinjoins(chain["btc_outputs"])
    assert len(coinjoins) >= 20
    cluster = _clusters(chain["btc_inputs"], skip=coinjoins)
    shop = {a for a, root in cluster.items() if root == cluster[shop_tag]}
    spent_shop = {a for a in chain["btc_inputs"]["address"] if owner[a] == "org:shop"}
    assert shop == spent_shop, "the shop's sweeps should join exactly the shop's spent order addresses"
    assert len(shop) >= 300
    # counting CoinJoin rounds as one owner merges strangers with the organisation's treasury
    naive = _clusters(chain["btc_inputs"], skip=set())
    treasury = [a for a in naive if owner[a] == "org:treasury"]
    roots = {naive[a] for a in treasury}
    merged = {owner[a] for a, root in naive.items() if root in roots}
    assert len({e for e in merged if e.startswith("user:")}) >= 3, merged


def test_following_the_larger_output_from_the_shop_sweeps_reaches_the_cash_outs(chain):
    """Peel chain: each hop pays a small amount out and keeps the larger rest. Following the larger
    output from the shop's sweeps finds every cash-out until the trail enters a CoinJoin round."""
    outputs, inputs, planted = chain["btc_outputs"], chain["btc_inputs"], chain["truth/crypto_planted"]
    spender = inputs.set_index(["prev_txid", "prev_vout"])["txid"].to_dict()
    coinjoins = _coinjoins(outputs)
    by_tx = {txid: group for txid, group in outputs.groupby("txid")}
    found, stopped_at = set(), set()
    todo = planted.query("step == 'shop sweep'")["tx"].tolist()
    seen = set()
    while todo:
        txid = todo.pop()
        if txid in seen:
            continue
        seen.add(txid)
        if txid in coinjoins:
            stopped_at.add(txid)
            continue
        outs = by_tx[txid].sort_values("value_sats", ascending=False)
        keep = outs.iloc[0]
        found |= set(outs["address"].iloc[1:])
        nxt = spender.get((txid, int(keep["vout"])))
        if nxt:
            todo.append(nxt)
    cash_outs = planted[planted["step"].str.startswith(("cash-out", "swap to"))]
    join_time = planted.query("step == 'coinjoin'")["time"].iloc[0]
    before = set(cash_outs.loc[cash_outs["time"] < join_time, "to_address"])
    assert before and before <= found, "a cash-out before the CoinJoin round is missed by the peel-chain rule"
    assert stopped_at == set(planted.query("step == 'coinjoin'")["tx"]), "the trail should stop at the CoinJoin"
    owner = _owner(chain)
    strangers = {a for a in found - set(cash_outs["to_address"]) if owner[a].startswith("user:")}
    assert not strangers, f"the peel-chain rule paid strangers: {sorted(strangers)[:3]}"


def test_cash_outs_follow_the_seizures_more_closely_than_chance(chain, world):
    planted = chain["truth/crypto_planted"]
    stamps = pd.to_datetime(planted.loc[planted["step"].str.startswith("cash-out"), "time"])
    times = np.sort(((stamps - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)).to_numpy())
    seized = [c.seized_utc for c in world.consignments if c.seized_utc]
    assert len(seized) == 4
    within = [bool(((times > s) & (times <= s + 2 * 86400)).any()) for s in seized]
    assert all(within), "each seizure should be followed by a cash-out within 48 h"
    # base rate: how often a 48-hour window starting at a random time holds a cash-out
    rng = np.random.default_rng(0)
    starts = rng.uniform(times.min() - 7 * 86400, times.max(), 2000)
    by_chance = np.mean([((times > s) & (times <= s + 2 * 86400)).any() for s in starts])
    assert by_chance < 0.6, f"cash-outs are so frequent that any 48 h window holds one ({by_chance:.0%})"
    burst = planted.query("step == 'cash-out after seizure'")
    assert set(burst["consignment_id"]) == {c.consignment_id for c in world.consignments if c.seized_utc}


def test_usdt_fan_out_reaches_the_mules_named_by_the_exchanges(chain, world):
    transfers, planted, returns = chain["tron_transfers"], chain["truth/crypto_planted"], chain["exchange_returns"]
    entities = chain["truth/crypto_entities"]
    swap = chain["crypto_tags"].query("category == 'instant swap service'")["address"].iloc[0]
    org = transfers.loc[transfers["from_address"] == swap, "to_address"]
    org = org[org.map(_owner(chain)) == "org:tron"]
    assert len(org) >= 2, "the swap service pays the organisation's TRON address"
    org_address = org.iloc[0]
    targets = set(transfers.loc[transfers["from_address"] == org_address, "to_address"])
    mules = {m.member_id: m.person for m in world.members if m.role == "money mule"}
    mule_deposits = set(entities.loc[entities["member_id"].isin(list(mules)) & (entities["chain"] == "TRON"),
                                     "address"])
    assert targets == mule_deposits
    wholesale = planted.query("step == 'wholesale'")
    paid_to = transfers.set_index("tx_hash").loc[wholesale["tx"], "to_address"]
    assert len(wholesale) >= 4 and (paid_to == org_address).all()
    # the exchanges name the mules for their deposit addresses, and ordinary customers for the rest
    named = returns[returns["deposit_address"].isin(mule_deposits)]
    persons = world.persons.set_index("person_id")
    mule_names = {(persons.iloc[p]["surname_icao"], persons.iloc[p]["given_icao"]) for p in mules.values()}
    assert set(zip(named["holder_surname"], named["holder_given_name"], strict=True)) == mule_names
    assert len(returns) - len(returns[returns["deposit_address"].isin(set(entities.loc[
        entities["member_id"] != "", "address"]))]) >= 20, "the request should cover ordinary customers too"


def test_change_heuristics_can_be_scored_and_are_imperfect(chain):
    """The key marks each change output: 'same script type as the inputs' is a good but fallible guess."""
    outputs, inputs, change = chain["btc_outputs"], chain["btc_inputs"], chain["truth/crypto_change"]
    two = outputs.groupby("txid").filter(lambda g: len(g) == 2)
    input_type = inputs.assign(kind=np.where(inputs["address"].str.startswith("bc1"), "p2wpkh",
                                             np.where(inputs["address"].str.startswith("3"), "p2sh", "p2pkh")))
    usual = input_type.groupby("txid")["kind"].agg(lambda k: k.mode().iloc[0])
    two = two.assign(same=two["script_type"] == two["txid"].map(usual))
    guess = two[two.groupby("txid")["same"].transform("sum") == 1].query("same")
    truth = set(zip(change["txid"], change["vout"].astype(int), strict=True))
    right = np.mean([(t, int(v)) in truth for t, v in zip(guess["txid"], guess["vout"], strict=True)])
    assert 0.7 <= right < 1.0, f"the script-type heuristic is right {right:.0%} of the time where it decides"
