"""A large Bitcoin ledger variant for module 10's scale benchmark: at least 1 M transactions, built in blocks.

The small world's extract (btc_transactions.csv, btc_inputs.csv, btc_outputs.csv, with every planted
path) is embedded unchanged; around it, background payments between many wallets are drawn in
vectorised numpy and follow the rules the small ledger keeps (ledger.py):

- a transaction spends earlier outputs in full, each output at most once, and only outputs its payer
  owns (so the common-input-ownership heuristic holds in the background as in the small world);
- it pays one payee (one transaction in eight pays a batch of two to five), usually with change;
  payees are paid at a fresh address or, less often, at their wallet's reused address; change goes to
  a fresh address of the payer (one time in ten back to its reused address, as exchanges do);
- inputs = outputs + fee, the fee priced by the transaction's size as in ``Ledger.pay``; a payer whose
  coins in the extract do not cover a payment spends a coin received before the extract;
- wallets differ in activity (a few services are very busy), so money reaches many wallets in a few hops.

Addresses and transaction ids are integer codes (a large trace compares codes, as the ANPR benchmark does
with plates); ``addresses`` gives the text of the small world's addresses, codes 0 .. len-1, so a trace can
start from a tagged address. Background codes have no text. Randomness: the "large ledger" component.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .core import EPOCH0, PERIOD_DAYS, component_rng

TARGET_TRANSACTIONS = 1_000_000
GAP = 1_000  # an output is spent at least this many transactions later: blocks of GAP are priced together
SPENT_SHARE = 0.8  # outputs spent within the extract; the rest are still unspent at its end
PAYEE_REUSED = 0.3  # payments to the payee's reused address rather than a fresh one
CHANGE_REUSED = 0.1
BATCH_SHARE = 0.125
CHANGE_SHARE = 0.9


@dataclass(frozen=True)
class LargeLedger:
    """The large variant as integer-coded tables.

    transactions: tx, time (UTC seconds), fee_sats; tx is the row's position in time order.
    inputs: tx, input_index, prev_tx (-1: an output from before the extract), prev_vout, address, value_sats.
    outputs: tx, vout, address, value_sats.
    addresses: text of address codes 0 .. len(addresses) - 1 (the small world's).
    """

    transactions: pd.DataFrame
    inputs: pd.DataFrame
    outputs: pd.DataFrame
    addresses: np.ndarray


def _small(datasets: Path):
    """The small extract, read from the built CSVs, with txids and addresses as integer codes."""
    tx = pd.read_csv(datasets / "btc_transactions.csv", dtype={"txid": str})
    ins = pd.read_csv(datasets / "btc_inputs.csv", dtype={"txid": str, "prev_txid": str, "address": str})
    outs = pd.read_csv(datasets / "btc_outputs.csv", dtype={"txid": str, "address": str})
    code = pd.Series(np.arange(len(tx), dtype=np.int64), index=tx["txid"])
    addresses = np.sort(pd.unique(pd.concat([ins["address"], outs["address"]])))
    address_code = pd.Series(np.arange(len(addresses), dtype=np.int64), index=addresses)
    time = pd.to_datetime(tx["block_time"], format="ISO8601", utc=True).dt.tz_localize(None)
    transactions = pd.DataFrame({"tx": code.to_numpy(), "time": time.astype("datetime64[s]").astype(np.int64),
                                 "fee_sats": tx["fee_sats"].to_numpy(np.int64)})
    inputs = pd.DataFrame({"tx": ins["txid"].map(code).to_numpy(np.int64),
                           "input_index": ins["input_index"].to_numpy(np.int64),
                           "prev_tx": ins["prev_txid"].map(code).fillna(-1).to_numpy(np.int64),
                           "prev_vout": ins["prev_vout"].to_numpy(np.int64),
                           "address": ins["address"].map(address_code).to_numpy(np.int64),
                           "value_sats": ins["value_sats"].to_numpy(np.int64)})
    outputs = pd.DataFrame({"tx": outs["txid"].map(code).to_numpy(np.int64), "vout": outs["vout"].to_numpy(np.int64),
                            "address": outs["address"].map(address_code).to_numpy(np.int64),
                            "value_sats": outs["value_sats"].to_numpy(np.int64)})
    return transactions, inputs, outputs, addresses


def _background(rng, n: int, first_address: int):
    """n background transactions (codes from 0, in time order) with inputs and outputs."""
    times = np.sort(rng.integers(EPOCH0, EPOCH0 + PERIOD_DAYS * 86400, n))
    times = EPOCH0 + ((times - EPOCH0) // 600 + 1) * 600  # the confirming block's time, as in the small ledger
    n_wallets = max(1_000, n // 8)
    # activity: a heavy tail, so a few wallets (services) pay and are paid very often
    weight = np.cumsum(rng.pareto(1.2, n_wallets) + 0.05)
    pick = lambda k: np.minimum(np.searchsorted(weight, rng.random(k) * weight[-1]), n_wallets - 1)  # noqa: E731
    payer = pick(n)
    n_payees = np.where(rng.random(n) < BATCH_SHARE, rng.integers(2, 6, n), 1)
    has_change = rng.random(n) < CHANGE_SHARE
    n_out = n_payees + has_change
    # outputs in transaction order; within a transaction the change sits at a random position
    out_tx = np.repeat(np.arange(n), n_out)
    start = np.cumsum(n_out) - n_out
    vout = np.arange(len(out_tx)) - start[out_tx]
    change_vout = np.where(has_change, (rng.random(n) * n_out).astype(np.int64), -1)
    is_change = vout == change_vout[out_tx]
    payee = pick(len(out_tx))
    payee = np.where(payee == payer[out_tx], (payee + 1) % n_wallets, payee)
    owner = np.where(is_change, payer[out_tx], payee)
    reused = rng.random(len(out_tx)) < np.where(is_change, CHANGE_REUSED, PAYEE_REUSED)
    # a wallet's reused address is code first_address + wallet; fresh addresses follow all of those
    fresh = first_address + n_wallets + np.cumsum(~reused) - 1
    address = np.where(reused, first_address + owner, fresh)

    # who spends each output: a transaction of its owner at least GAP transactions later (sometimes the
    # second or third such), or nobody within the extract
    by_wallet = np.sort(payer * n + np.arange(n))
    skip = rng.geometric(0.6, len(out_tx)) - 1
    pos = np.searchsorted(by_wallet, owner * n + out_tx + GAP) + skip
    ok = (pos < n) & (rng.random(len(out_tx)) < SPENT_SHARE)
    pos = np.where(ok, pos, 0)
    ok &= by_wallet[pos] // n == owner
    spender = np.where(ok, by_wallet[pos] % n, -1)

    # prices, block by block: a block's inputs were all created in earlier blocks
    out_value = np.zeros(len(out_tx), np.int64)
    spent = np.flatnonzero(spender >= 0)
    spent = spent[np.argsort(spender[spent], kind="stable")]
    spent_by = spender[spent]
    share = rng.uniform(0.05, 0.6, n)  # part of what the payer spends that goes to the payees
    split = rng.gamma(3.0, 1.0, len(out_tx))  # how a batch divides the payment
    rate = rng.integers(3, 25, n)
    fee = np.zeros(n, np.int64)
    pre_value = np.zeros(n, np.int64)  # a coin from before the extract, where the extract's coins fall short
    pre_draw = (rng.lognormal(np.log(3_000_000), 1.0, n) + 50_000).astype(np.int64)
    for lo in range(0, n, GAP):
        hi = min(lo + GAP, n)
        a, b = np.searchsorted(spent_by, [lo, hi])
        got = np.bincount(spent_by[a:b] - lo, weights=out_value[spent[a:b]], minlength=hi - lo).astype(np.int64)
        n_in = np.bincount(spent_by[a:b] - lo, minlength=hi - lo)
        size = 11 + 68 * (n_in + 1) + 31 * n_out[lo:hi]
        short = got < size * rate[lo:hi] + 20_000 * n_out[lo:hi]
        pre_value[lo:hi] = np.where(short, pre_draw[lo:hi], 0)
        size = 11 + 68 * (n_in + short) + 31 * n_out[lo:hi]
        fee[lo:hi] = size * rate[lo:hi]
        available = got + pre_value[lo:hi] - fee[lo:hi]
        o0, o1 = start[lo], start[hi - 1] + n_out[hi - 1]
        t = out_tx[o0:o1] - lo
        w = np.where(is_change[o0:o1], 0.0, split[o0:o1])
        w /= np.bincount(t, weights=w)[t]
        pays = np.where(has_change[lo:hi], share[lo:hi], 1.0)[t] * available[t]
        value = np.where(is_change[o0:o1], 0, np.floor(w * pays).astype(np.int64))
        rest = available - np.bincount(t, weights=value, minlength=hi - lo).astype(np.int64)
        # the change takes the rest exactly; without change the rounding goes to the fee
        value = np.where(is_change[o0:o1], rest[t], value)
        fee[lo:hi] += np.where(has_change[lo:hi], 0, rest)
        out_value[o0:o1] = value

    pre = np.flatnonzero(pre_value > 0)
    in_tx = np.concatenate([spent_by, pre])
    in_prev = np.concatenate([out_tx[spent], np.full(len(pre), -1)])
    in_vout = np.concatenate([vout[spent], np.zeros(len(pre), np.int64)])
    in_address = np.concatenate([address[spent], first_address + payer[pre]])
    in_value = np.concatenate([out_value[spent], pre_value[pre]])
    order = np.lexsort((np.arange(len(in_tx)), in_tx))
    in_tx = in_tx[order]
    in_index = np.arange(len(in_tx)) - np.searchsorted(in_tx, in_tx)
    transactions = pd.DataFrame({"tx": np.arange(n), "time": times, "fee_sats": fee})
    inputs = pd.DataFrame({"tx": in_tx, "input_index": in_index, "prev_tx": in_prev[order],
                           "prev_vout": in_vout[order], "address": in_address[order], "value_sats": in_value[order]})
    outputs = pd.DataFrame({"tx": out_tx, "vout": vout, "address": address, "value_sats": out_value})
    return transactions, inputs, outputs


def large_ledger(seed: int, datasets: Path, transactions: int = TARGET_TRANSACTIONS) -> LargeLedger:
    """The small extract in ``datasets`` plus background up to at least ``transactions`` transactions."""
    s_tx, s_in, s_out, addresses = _small(Path(datasets))
    rng = component_rng(seed, "large ledger")
    b_tx, b_in, b_out = _background(rng, max(0, transactions - len(s_tx)), len(addresses))
    # one numbering in time order; the small world first within a block
    both = pd.concat([s_tx.assign(_src=0), b_tx.assign(_src=1)], ignore_index=True)
    order = np.lexsort((both["tx"].to_numpy(), both["_src"].to_numpy(), both["time"].to_numpy()))
    new = np.empty(len(both), np.int64)
    new[order] = np.arange(len(both))
    small_new, bg_new = new[:len(s_tx)], new[len(s_tx):]

    def renumber(frame, codes, columns):
        frame = frame.copy()
        for column in columns:
            values = frame[column].to_numpy()
            frame[column] = np.where(values >= 0, codes[np.maximum(values, 0)], -1)
        return frame

    txs = both.iloc[order].drop(columns="_src").assign(tx=np.arange(len(both))).reset_index(drop=True)
    ins = pd.concat([renumber(s_in, small_new, ["tx", "prev_tx"]), renumber(b_in, bg_new, ["tx", "prev_tx"])])
    outs = pd.concat([renumber(s_out, small_new, ["tx"]), renumber(b_out, bg_new, ["tx"])])
    ins = ins.sort_values(["tx", "input_index"], kind="stable", ignore_index=True)
    outs = outs.sort_values(["tx", "vout"], kind="stable", ignore_index=True)
    return LargeLedger(txs, ins, outs, addresses)


def write_large_ledger(seed: int, datasets: Path, folder: Path, transactions: int = TARGET_TRANSACTIONS) -> Path:
    """Write btc_transactions.parquet, btc_inputs.parquet, btc_outputs.parquet and btc_addresses.parquet
    into ``folder``; return the folder."""
    ledger = large_ledger(seed, datasets, transactions)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ledger.transactions.to_parquet(folder / "btc_transactions.parquet", index=False)
    ledger.inputs.to_parquet(folder / "btc_inputs.parquet", index=False)
    ledger.outputs.to_parquet(folder / "btc_outputs.parquet", index=False)
    pd.DataFrame({"address": np.arange(len(ledger.addresses)), "text": ledger.addresses}).to_parquet(
        folder / "btc_addresses.parquet", index=False)
    return folder
