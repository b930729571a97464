"""Module 10's data: the Bitcoin extract (transactions, inputs, outputs), USDT transfers on TRON, the
attribution tags an analyst has, the exchanges' returns to a request, and the answer key."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import EPOCH0, fmt_float, iso_utc
from ..ledger import EXCHANGES, SHOP, SWAP_SERVICE
from ..schema import Column, Table

FIRST_BLOCK = 838_000  # the extract's first block height (fictional chain)
N_RETURN_DECOYS = 28  # deposit addresses of ordinary customers in the same request


def _btc_frames(ledger):
    btc = ledger.btc
    tx = pd.DataFrame(btc.transactions).sort_values(["time", "txid"], kind="stable").reset_index(drop=True)
    inputs = pd.DataFrame(btc.inputs)
    outputs = pd.DataFrame(btc.outputs)
    counts_in = inputs.groupby("txid").size()
    counts_out = outputs.groupby("txid").size()
    transactions = pd.DataFrame({
        "txid": tx["txid"], "block_height": FIRST_BLOCK + (tx["time"] - EPOCH0) // 600,
        "block_time": iso_utc(tx["time"]), "n_inputs": tx["txid"].map(counts_in).to_numpy(),
        "n_outputs": tx["txid"].map(counts_out).to_numpy(), "fee_sats": tx["fee_sats"]})
    order = pd.Series(np.arange(len(tx)), index=tx["txid"])
    inputs = inputs.assign(_o=inputs["txid"].map(order)).sort_values(["_o", "input_index"], kind="stable")
    outputs = outputs.assign(_o=outputs["txid"].map(order)).sort_values(["_o", "vout"], kind="stable")
    outputs["script_type"] = outputs["address"].map(btc.kind)
    return tx, transactions, inputs.drop(columns="_o"), outputs.drop(columns="_o")


def _tags(ledger, rng) -> pd.DataFrame:
    """What an analyst's attribution source knows: exchanges' hot wallets and most of their deposit
    addresses, the swap service, and the one shop address published on the shop's page."""
    rows = [{"address": a, "chain": "BTC", "label": f"{ex} (hot wallet)", "category": "exchange",
             "source": "attribution provider"} for ex, a in ledger.hot.items()]
    rows += [{"address": a, "chain": "TRON", "label": f"{ex} (hot wallet)", "category": "exchange",
              "source": "attribution provider"} for ex, a in ledger.tron_hot.items()]
    for chain, deposits in (("BTC", ledger.deposit_of), ("TRON", ledger.tron_deposit_of)):
        for (ex, _), address in sorted(deposits.items()):
            if rng.random() < 0.7:  # the provider has seen most deposit addresses swept, not all
                rows.append({"address": address, "chain": chain, "label": f"{ex} (deposit)", "category": "exchange",
                             "source": "attribution provider"})
    rows.append({"address": ledger.swap_tron, "chain": "TRON", "label": f"{SWAP_SERVICE} (payout wallet)",
                 "category": "instant swap service", "source": "attribution provider"})
    rows.append({"address": ledger.shop_addresses[0], "chain": "BTC", "label": f"{SHOP} (address on its order page)",
                 "category": "darknet shop", "source": "OSINT capture of the shop's order page"})
    return pd.DataFrame(rows).sort_values(["chain", "address"], kind="stable").reset_index(drop=True)


def _returns(world, ledger, rng) -> pd.DataFrame:
    """The exchanges' answers to a request covering the mules' deposit addresses among ordinary ones."""
    persons, lines = world.persons, world.lines
    phone_of = (lines[lines["purpose"] == "personal"].drop_duplicates("holder").set_index("holder")["msisdn"])
    member_person = {m.member_id: m.person for m in world.members}
    asked = []
    for chain, deposits in (("BTC", ledger.deposit_of), ("TRON", ledger.tron_deposit_of)):
        mule_rows = [(ex, chain, address, member_person[customer]) for (ex, customer), address
                     in sorted(deposits.items()) if customer in member_person]
        others = [(ex, chain, address) for (ex, customer), address in sorted(deposits.items())
                  if customer not in member_person]
        picks = rng.choice(len(others), N_RETURN_DECOYS // 2, replace=False)
        background = rng.choice(len(persons), len(picks), replace=False)
        asked += mule_rows + [(*others[int(k)], int(p)) for k, p in zip(picks, background, strict=True)]
    rows = []
    for ex, chain, address, person in asked:
        p = persons.iloc[person]
        rows.append({"exchange": ex, "chain": chain, "deposit_address": address,
                     "account_id": f"{ex.split()[0][:3].upper()}-{int(rng.integers(100000, 999999))}",
                     "holder_surname": p["surname_icao"], "holder_given_name": p["given_icao"],
                     "date_of_birth": p["date_of_birth"], "phone": phone_of.get(person, ""),
                     "account_opened": str(np.datetime64("2022-01-01") + int(rng.integers(0, 800)))})
    return pd.DataFrame(rows).sample(frac=1, random_state=int(rng.integers(0, 2**31))).reset_index(drop=True)


def _entities(world, ledger) -> pd.DataFrame:
    member_of = {m.member_id for m in world.members}
    customer = {address: c for (_, c), address in ledger.deposit_of.items()}
    customer |= {address: c for (_, c), address in ledger.tron_deposit_of.items()}
    rows = [{"chain": "BTC", "address": a, "entity": e} for a, e in sorted(ledger.btc.owner.items())]
    rows += [{"chain": "TRON", "address": a, "entity": e} for a, e in sorted(ledger.tron.owner.items())]
    frame = pd.DataFrame(rows)
    frame["customer"] = frame["address"].map(customer).fillna("")
    frame["member_id"] = frame["customer"].where(frame["customer"].isin(member_of), "")
    return frame


def ledger_tables(world) -> list[Table]:
    """btc_transactions.csv, btc_inputs.csv, btc_outputs.csv, tron_transfers.csv, crypto_tags.csv,
    exchange_returns.csv and the answer key (truth/crypto_*.csv)."""
    ledger = world.ledger
    rng = np.random.default_rng([world.seed, 21, 2])
    tx, transactions, inputs, outputs = _btc_frames(ledger)
    tron = pd.DataFrame(ledger.tron.transfers).sort_values(["time", "tx_hash"], kind="stable").reset_index(drop=True)
    transfers = pd.DataFrame({"tx_hash": tron["tx_hash"], "block_time": iso_utc(tron["time"]), "token": "USDT",
                              "from_address": tron["from_address"], "to_address": tron["to_address"],
                              "amount_usdt": fmt_float(tron["amount_micro"] / 1e6, 2)})
    moves = tron[tron["planted"] != ""]
    tron_consignment = moves["planted"].str.extract(r"(C\d+)$", expand=False).fillna("")
    planted_btc = pd.DataFrame(ledger.btc.planted).merge(tx[["txid", "time"]], on="txid")
    planted = pd.concat([
        pd.DataFrame({"chain": "BTC", "tx": planted_btc["txid"], "time": iso_utc(planted_btc["time"]),
                      "step": planted_btc["step"], "consignment_id": planted_btc["consignment_id"],
                      "to_address": planted_btc["to_address"], "amount": planted_btc["value_sats"] / 1e8}),
        pd.DataFrame({"chain": "TRON", "tx": moves["tx_hash"], "time": iso_utc(moves["time"]),
                      "step": moves["planted"].str.replace(r"\s*C\d+$", "", regex=True),
                      "consignment_id": tron_consignment, "to_address": moves["to_address"],
                      "amount": moves["amount_micro"] / 1e6}),
    ], ignore_index=True).sort_values(["time", "tx"], kind="stable").reset_index(drop=True)
    planted["amount"] = fmt_float(planted["amount"], 8)
    change = pd.DataFrame(ledger.btc.change).sort_values(["txid", "vout"], kind="stable")
    utc = "UTC, ISO 8601 with +00:00 (block time)"
    return [
        Table("btc_transactions.csv", "Bitcoin: transactions (extract)",
              "Every transaction of the extract, 1 April - 30 June 2024, as a block explorer lists it. "
              "Inputs spend earlier outputs (some from before the extract); outputs carry the amounts. "
              "All addresses and transaction ids are synthetic.",
              (Column("txid", "string", "transaction id, 64 hex digits"),
               Column("block_height", "int", "height of the block that confirmed it"),
               Column("block_time", "datetime", "time of that block", tz=utc),
               Column("n_inputs", "int", "inputs spent"), Column("n_outputs", "int", "outputs created"),
               Column("fee_sats", "int", "fee paid to the miner", unit="satoshi (1 BTC = 100,000,000)")),
              transactions),
        Table("btc_inputs.csv", "Bitcoin: inputs", "One row per input: the earlier output it spends.",
              (Column("txid", "string", "spending transaction"),
               Column("input_index", "int", "position among the transaction's inputs, from 0"),
               Column("prev_txid", "string", "transaction that created the spent output (may precede the extract)"),
               Column("prev_vout", "int", "that output's position"),
               Column("address", "string", "address that held the spent output"),
               Column("value_sats", "int", "its amount", unit="satoshi")), inputs),
        Table("btc_outputs.csv", "Bitcoin: outputs", "One row per output created.",
              (Column("txid", "string", "creating transaction"),
               Column("vout", "int", "position among its outputs, from 0"),
               Column("address", "string", "receiving address"),
               Column("value_sats", "int", "amount", unit="satoshi"),
               Column("script_type", "string", "p2pkh (1...) | p2sh (3...) | p2wpkh (bc1q...)")), outputs),
        Table("tron_transfers.csv", "TRON: USDT (TRC-20) transfers",
              "Token transfers of USDT on TRON (account model: an amount moves from one address to another).",
              (Column("tx_hash", "string", "transaction hash, 64 hex digits"),
               Column("block_time", "datetime", "time of the block", tz=utc),
               Column("token", "string", "USDT"),
               Column("from_address", "string", "sending TRON address (T...)"),
               Column("to_address", "string", "receiving TRON address"),
               Column("amount_usdt", "float", "amount", unit="USDT, 2 decimals")), transfers),
        Table("crypto_tags.csv", "Attribution tags",
              "What the unit's attribution provider and its own captures say about some addresses. Coverage "
              "is partial: an untagged address may still belong to an exchange.",
              (Column("address", "string", "address"), Column("chain", "string", "BTC | TRON"),
               Column("label", "string", "who the address belongs to"),
               Column("category", "string", "exchange | instant swap service | darknet shop"),
               Column("source", "string", "where the tag comes from")), _tags(ledger, rng)),
        Table("exchange_returns.csv", "Exchanges' returns to a request for account holders",
              "The exchanges' answers to the unit's request about deposit addresses: who holds the account. "
              "The request covered more addresses than the case needs.",
              (Column("exchange", "string", "exchange: " + " | ".join(EXCHANGES)),
               Column("chain", "string", "BTC | TRON"),
               Column("deposit_address", "string", "deposit address asked about"),
               Column("account_id", "string", "the exchange's account number"),
               Column("holder_surname", "string", "surname as in the account's identity document, Latin"),
               Column("holder_given_name", "string", "given name, Latin"),
               Column("date_of_birth", "date", "date of birth"),
               Column("phone", "string", "phone number given at sign-up, E.164 (empty if none)"),
               Column("account_opened", "date", "date the account was opened")), _returns(world, ledger, rng)),
        Table("truth/crypto_entities.csv", "Answer key: who owns each address",
              "Owner of every address of both extracts.",
              (Column("chain", "string", "BTC | TRON"), Column("address", "string", "address"),
               Column("entity", "string", "org:shop | org:treasury | org:tron | org:buyer | exchange:<name> | "
                                          "swap:<name> | user:NNNN | tronuser:NNNN"),
               Column("customer", "string", "for an exchange deposit address: the customer it credits"),
               Column("member_id", "string", "the organisation's member when the customer is one")),
              _entities(world, ledger)),
        Table("truth/crypto_planted.csv", "Answer key: the organisation's moves",
              "Orders to the shop, sweeps, peel-chain cash-outs (routine and after a seizure), swaps, the "
              "CoinJoin round, wholesale payments and fan-outs.",
              (Column("chain", "string", "BTC | TRON"), Column("tx", "string", "txid or tx_hash"),
               Column("time", "datetime", "block time", tz=utc),
               Column("step", "string", "order | shop sweep | cash-out routine | cash-out after seizure | swap to "
                                        "USDT | coinjoin | coinjoin change | swap | wholesale | fan-out"),
               Column("consignment_id", "string", "seized (cash-out after seizure) or paid-for consignment"),
               Column("to_address", "string", "receiving address of the move"),
               Column("amount", "float", "amount", unit="BTC or USDT")), planted),
        Table("truth/crypto_change.csv", "Answer key: change outputs",
              "The output of each Bitcoin transaction that returned change to the payer.",
              (Column("txid", "string", "transaction"), Column("vout", "int", "the change output")), change),
    ]

