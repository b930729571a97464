"""The large ledger variant behind module 10's scale benchmark, built here at a reduced size: a valid UTXO
chain (every spend of an earlier output of the same address, once, inputs = outputs + fee), the course's
extract embedded unchanged, the same build twice, and the benchmark's two tracers giving the same answer."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analystlab.paths import datasets_dir
from analystlab.world.core import DEFAULT_SEED
from analystlab.world.large_ledger import large_ledger, write_large_ledger

TRANSACTIONS = 30_000  # the course's extract holds about 3,700
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ledger():
    return large_ledger(DEFAULT_SEED, datasets_dir(), TRANSACTIONS)


def test_size_and_order(ledger):
    tx = ledger.transactions
    assert len(tx) == TRANSACTIONS
    assert list(tx["tx"]) == list(range(TRANSACTIONS))
    assert tx["time"].is_monotonic_increasing
    assert (ledger.outputs["value_sats"] > 0).all() and (tx["fee_sats"] > 0).all()


def test_every_transaction_balances(ledger):
    got = ledger.inputs.groupby("tx")["value_sats"].sum()
    paid = ledger.outputs.groupby("tx")["value_sats"].sum()
    tx = ledger.transactions.set_index("tx")
    assert got.index.equals(tx.index), "a transaction without inputs"
    assert (got == paid.reindex(tx.index, fill_value=0) + tx["fee_sats"]).all()


def test_spends_are_earlier_outputs_of_the_same_address_once(ledger):
    spends = ledger.inputs[ledger.inputs["prev_tx"] >= 0]
    assert not spends.duplicated(["prev_tx", "prev_vout"]).any(), "an output spent twice"
    joined = spends.merge(ledger.outputs, left_on=["prev_tx", "prev_vout"], right_on=["tx", "vout"],
                          suffixes=("", "_created"))
    assert len(joined) == len(spends), "an input spends an output that does not exist"
    assert (joined["address"] == joined["address_created"]).all()
    assert (joined["value_sats"] == joined["value_sats_created"]).all()
    time = ledger.transactions.set_index("tx")["time"]
    assert (time[joined["tx"]].to_numpy() >= time[joined["tx_created"]].to_numpy()).all()


def test_the_course_extract_is_embedded_unchanged(ledger):
    small = pd.read_csv(datasets_dir() / "btc_outputs.csv", dtype={"address": str})
    embedded = ledger.outputs[ledger.outputs["address"] < len(ledger.addresses)]
    mine = pd.DataFrame({"address": ledger.addresses[embedded["address"]], "vout": embedded["vout"].to_numpy(),
                         "value_sats": embedded["value_sats"].to_numpy()})
    key = ["address", "vout", "value_sats"]
    assert mine.sort_values(key, ignore_index=True).equals(
        small[key].sort_values(key, ignore_index=True))
    # the background pays no address of the extract
    assert len(embedded) == len(small)


def test_same_seed_same_ledger(ledger):
    again = large_ledger(DEFAULT_SEED, datasets_dir(), TRANSACTIONS)
    for name in ("transactions", "inputs", "outputs"):
        assert getattr(again, name).equals(getattr(ledger, name)), name


def test_the_two_tracers_agree(tmp_path):
    spec = importlib.util.spec_from_file_location("crypto_tracing", ROOT / "benchmarks" / "crypto_tracing.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = write_large_ledger(DEFAULT_SEED, datasets_dir(), tmp_path, 20_000)
    sources = bench.pick_sources(folder, 20)
    assert len(sources) == 21, "20 background addresses and the shop's tagged address"
    for hops in (0, 1, 3):
        by_sql, _, _ = bench.duckdb_trace(folder, sources, hops)
        by_graph, _, _ = bench.networkx_trace(folder, sources, hops)
        assert by_sql.equals(by_graph), f"the tracers disagree at {hops} hops"
        assert set(by_sql.loc[by_sql["hop"] == 0, "address"]) == set(sources)
        assert by_sql["hop"].max() == hops
    # a hop-1 address is paid by a transaction that spends a coin of a source
    ins = pd.read_parquet(folder / "btc_inputs.parquet")
    outs = pd.read_parquet(folder / "btc_outputs.parquet")
    first = outs.loc[outs["tx"].isin(ins.loc[ins["address"].isin(sources), "tx"]), "address"]
    expected = np.setdiff1d(np.unique(first), sources)
    traced = by_sql.loc[by_sql["hop"] == 1, "address"].to_numpy()
    assert np.array_equal(np.sort(traced), expected)
