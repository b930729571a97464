"""A cryptocurrency ledger for module 10 (component ``ledger``): an extract of a Bitcoin-like UTXO chain
and of USDT (TRC-20) transfers on TRON over the world period, with the organisation's money hidden in
ordinary traffic.

Background: people paying each other and merchants, deposits to and withdrawals from four exchanges
(each customer gets a deposit address; the exchange sweeps deposits into its hot wallet and pays
withdrawals in batches from it, reusing the hot address for change), and CoinJoin rounds in which
unrelated people mix equal amounts.

Planted (ground truth in `truth/`):
- a darknet shop that gives most orders a fresh address (fan-in; some buyers pay the address printed
  on its order page) and sweeps them weekly into its treasury, a round amount, with the change back
  to the order-page address (multi-input transactions that share that address: the
  common-input-ownership heuristic finds the shop);
- from the treasury, peel chains: each hop pays a money mule's exchange deposit address and sends the
  rest to a fresh treasury address; right after each seizure of the organisation's consignments, an
  extra burst of cash-outs (the organisation empties its wallets);
- one peel into a CoinJoin round (where clustering by common inputs goes wrong);
- swaps from Bitcoin to USDT through an instant-swap service, then a fan-out on TRON to the mules'
  exchange deposit addresses; wholesale payments in USDT from a buyer in Russia to the organisation
  after each delivered consignment.

Every change output is recorded in the key, so change-address heuristics can be scored. Addresses are
well-formed (Base58Check P2PKH/P2SH, Bech32 P2WPKH, TRON Base58Check with the 0x41 prefix); they are
random, belong to no real wallet, and the transaction ids are hashes of the world's own counters.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import base58
import bech32
import numpy as np

from .core import EPOCH0, PERIOD_DAYS, component_rng

SATS = 100_000_000
BTC_USD = 64_000  # one rate for the period: prices in the shop are set in dollars
BLOCK_S = 600
EXCHANGES = ("Tengri Exchange", "Samarkand Coin", "Ala-Too Crypto", "Volga Digital")
SWAP_SERVICE = "QuickSwap Pro"
SHOP = "Severnaya Zvezda"  # the darknet shop's name on its pages
N_USERS = 520
N_TRON_USERS = 260
COINJOIN_DENOMINATION = 5_000_000  # 0.05 BTC
ADDRESS_TYPES = ("p2pkh", "p2sh", "p2wpkh")


@dataclass
class Output:
    """An unspent output."""

    txid: str
    vout: int
    address: str
    value: int
    time: int


@dataclass
class Ledger:
    """The UTXO chain as it is written: transactions, their inputs and outputs, and who owns what."""

    rng: np.random.Generator
    seed: int
    owner: dict[str, str] = field(default_factory=dict)  # address -> entity
    kind: dict[str, str] = field(default_factory=dict)  # address -> p2pkh | p2sh | p2wpkh
    unspent: dict[str, list[Output]] = field(default_factory=dict)  # entity -> its coins
    transactions: list[dict] = field(default_factory=list)
    inputs: list[dict] = field(default_factory=list)
    outputs: list[dict] = field(default_factory=list)
    change: list[dict] = field(default_factory=list)  # txid, vout of the change (the key)
    planted: list[dict] = field(default_factory=list)  # the organisation's moves (the key)
    counter: int = 0

    def _hash(self, *parts) -> str:
        self.counter += 1
        text = ":".join(str(p) for p in (self.seed, self.counter, *parts))
        return hashlib.sha256(text.encode()).hexdigest()

    def new_address(self, entity: str, kind: str = "p2wpkh") -> str:
        """A fresh, well-formed address owned by entity."""
        payload = bytes(self.rng.integers(0, 256, 20, dtype=np.uint8))
        if kind == "p2wpkh":
            address = bech32.encode("bc", 0, list(payload))
        else:
            address = base58.b58encode_check(bytes([0x00 if kind == "p2pkh" else 0x05]) + payload).decode()
        self.owner[address], self.kind[address] = entity, kind
        return address

    def balance(self, entity: str) -> int:
        return sum(o.value for o in self.unspent.get(entity, []))

    def fund(self, entity: str, address: str, value: int, time: int) -> None:
        """A coin received before the extract begins (its transaction is not in the extract)."""
        self.unspent.setdefault(entity, []).append(Output(self._hash("pre"), 0, address, value, time))

    def pay(self, entity: str, payees: list[tuple[str, int]], time: int, *, change_to: str | None = None,
            coins: list[Output] | None = None, fee: int | None = None, kind: str = "payment",
            planted: str = "") -> str | None:
        """A transaction spending entity's coins to payees, with change to `change_to` (default: a fresh
        address of the wallet's usual type). Returns the txid, or None if the entity cannot pay."""
        wanted = sum(v for _, v in payees)
        if coins is None:
            coins, total = [], 0
            for coin in sorted(self.unspent.get(entity, []), key=lambda c: (-c.value, c.txid)):
                if total >= wanted + 40_000:
                    break
                coins.append(coin)
                total += coin.value
        total = sum(c.value for c in coins)
        size = 11 + 68 * len(coins) + 31 * (len(payees) + 1)
        fee = int(size * self.rng.integers(3, 25)) if fee is None else fee
        rest = total - wanted - fee
        if rest < 0 or not coins:
            return None
        txid = self._hash(entity, time)
        held = {id(c) for c in coins}
        self.unspent[entity] = [c for c in self.unspent.get(entity, []) if id(c) not in held]
        for n, coin in enumerate(coins):
            self.inputs.append({"txid": txid, "input_index": n, "prev_txid": coin.txid, "prev_vout": coin.vout,
                                "address": coin.address, "value_sats": coin.value})
        outs = list(payees)
        change_vout = None
        if rest >= 5_000:  # smaller change is left to the miners, as wallets do with dust
            if change_to is None:
                change_to = self.new_address(entity, self._usual_kind(coins))
            change_vout = int(self.rng.integers(0, len(outs) + 1))  # wallets shuffle the outputs
            outs.insert(change_vout, (change_to, rest))
        else:
            fee += rest
        for vout, (address, value) in enumerate(outs):
            self.outputs.append({"txid": txid, "vout": vout, "address": address, "value_sats": value})
            self.unspent.setdefault(self.owner[address], []).append(Output(txid, vout, address, value, time))
        if change_vout is not None:
            self.change.append({"txid": txid, "vout": change_vout})
        self.transactions.append({"txid": txid, "time": time, "fee_sats": fee, "kind": kind, "planted": planted})
        return txid

    def _usual_kind(self, coins: list[Output]) -> str:
        kinds = [self.kind[c.address] for c in coins]
        usual = max(ADDRESS_TYPES, key=kinds.count)
        # one wallet in ten pays change to another address type (a wallet upgrade, a new app)
        return usual if self.rng.random() < 0.9 else str(self.rng.choice([k for k in ADDRESS_TYPES if k != usual]))


def _usd_to_sats(usd: float) -> int:
    return int(round(usd / BTC_USD * SATS, -2))


@dataclass
class TronLedger:
    """USDT (TRC-20) transfers: account-based, so a transfer moves an amount from one address to another."""

    rng: np.random.Generator
    seed: int
    owner: dict[str, str] = field(default_factory=dict)
    balance: dict[str, int] = field(default_factory=dict)  # address -> micro-USDT
    transfers: list[dict] = field(default_factory=list)
    counter: int = 0

    def new_address(self, entity: str) -> str:
        payload = bytes(self.rng.integers(0, 256, 20, dtype=np.uint8))
        address = base58.b58encode_check(bytes([0x41]) + payload).decode()
        self.owner[address] = entity
        self.balance[address] = 0
        return address

    def transfer(self, source: str, target: str, amount_usdt: float, time: int, planted: str = "") -> bool:
        micro = int(round(amount_usdt * 1e6))
        if self.balance[source] < micro:
            return False
        self.counter += 1
        tx = hashlib.sha256(f"{self.seed}:tron:{self.counter}".encode()).hexdigest()
        self.balance[source] -= micro
        self.balance[target] += micro
        self.transfers.append({"tx_hash": tx, "time": time, "from_address": source, "to_address": target,
                               "amount_micro": micro, "planted": planted})
        return True


def _block_time(t: float) -> int:
    """The time of the block that confirms a transaction broadcast at t (blocks every ~10 minutes)."""
    return int(EPOCH0 + (int((t - EPOCH0) // BLOCK_S) + 1) * BLOCK_S)


@dataclass(frozen=True)
class LedgerWorld:
    """What the ledger component writes: both chains, the tags and exchange returns, and the key."""

    btc: Ledger
    tron: TronLedger
    deposit_of: dict[tuple[str, str], str]  # (exchange, customer) -> BTC deposit address
    tron_deposit_of: dict[tuple[str, str], str]
    hot: dict[str, str]  # exchange -> BTC hot address
    tron_hot: dict[str, str]
    shop_addresses: list[str]
    treasury: list[str]
    mules: dict[str, str]  # member_id -> exchange
    org_tron: str
    buyer_tron: str
    swap_tron: str


def build_ledger(seed: int, members, consignments) -> LedgerWorld:
    """Simulate both chains over the period; planted flows follow the organisation's consignments."""
    rng = component_rng(seed, "ledger")
    btc, tron = Ledger(rng, seed), TronLedger(rng, seed)
    start, end = EPOCH0, EPOCH0 + PERIOD_DAYS * 86400
    users = [f"user:{n:04d}" for n in range(N_USERS)]
    user_kind = {u: str(rng.choice(ADDRESS_TYPES, p=[0.3, 0.2, 0.5])) for u in users}
    user_address = {u: btc.new_address(u, user_kind[u]) for u in users}
    for u in users:
        for _ in range(int(rng.integers(1, 4))):
            btc.fund(u, user_address[u], int(rng.lognormal(np.log(3_000_000), 1.0)) + 50_000, start)
    hot = {ex: btc.new_address(f"exchange:{ex}") for ex in EXCHANGES}
    for ex in EXCHANGES:
        for _ in range(30):
            btc.fund(f"exchange:{ex}", hot[ex], int(rng.integers(50, 300)) * 1_000_000, start)
    home_exchange = {u: EXCHANGES[int(rng.integers(0, len(EXCHANGES)))] for u in users}
    deposit_of: dict[tuple[str, str], str] = {}

    def deposit_address(ex: str, customer: str) -> str:
        if (ex, customer) not in deposit_of:
            deposit_of[(ex, customer)] = btc.new_address(f"exchange:{ex}")
        return deposit_of[(ex, customer)]

    mules = {m.member_id: EXCHANGES[i % len(EXCHANGES)] for i, m in
             enumerate(m for m in members if m.role == "money mule")}
    treasury = [btc.new_address("org:treasury")]
    shop_addresses: list[str] = []
    events: list[tuple[float, int, str, tuple]] = []  # (time, order, action, args): played in time order

    def at(t: float, action: str, *args) -> None:
        events.append((float(t), len(events), action, args))

    # background, day by day
    for day in range(PERIOD_DAYS):
        d0 = start + day * 86400
        for _ in range(int(rng.poisson(22))):
            at(d0 + rng.uniform(0, 86400), "user_pays", users[int(rng.integers(0, N_USERS))],
               users[int(rng.integers(0, N_USERS))], int(rng.lognormal(np.log(800_000), 1.1)))
        for _ in range(int(rng.poisson(9))):
            at(d0 + rng.uniform(0, 86400), "deposit", users[int(rng.integers(0, N_USERS))],
               int(rng.lognormal(np.log(1_500_000), 1.0)))
        for ex in EXCHANGES:
            at(d0 + rng.uniform(0, 86400), "withdrawals", ex,
               [users[int(rng.integers(0, N_USERS))] for _ in range(int(rng.integers(2, 7)))])
            at(d0 + 86400 * 0.95, "sweep_exchange", ex)
        if day % 3 == 1:
            at(d0 + rng.uniform(0, 86400), "coinjoin", [users[int(k)] for k in
                                                         rng.choice(N_USERS, int(rng.integers(5, 9)), replace=False)])
        # the shop's orders: buyers pay a fresh address
        for _ in range(int(rng.poisson(4))):
            at(d0 + rng.uniform(0, 86400), "order", users[int(rng.integers(0, N_USERS))],
               _usd_to_sats(float(rng.choice([25, 40, 60, 90, 150, 220], p=[.2, .25, .2, .15, .12, .08]))))
        if day % 7 == 6:
            at(d0 + rng.uniform(64800, 79200), "shop_sweep")
            # a peel chain after each sweep: one hop every few hours
            t = d0 + 86400 + rng.uniform(0, 14400)
            for _ in range(int(rng.integers(3, 6))):
                at(t, "peel", "routine", "")
                t += rng.uniform(2, 7) * 3600
    # after each seizure of the organisation's consignments: a burst of cash-outs within 2 days
    for c in consignments:
        if c.seized_utc:
            t = c.seized_utc + rng.uniform(3, 10) * 3600
            for _ in range(int(rng.integers(3, 6))):
                at(t, "peel", "after seizure", c.consignment_id)
                t += rng.uniform(1.5, 6) * 3600
    # swaps to USDT, monthly; one peel goes through a CoinJoin round
    for day in (24, 54, 84):
        at(start + day * 86400 + rng.uniform(0, 86400), "swap")
    at(start + 45 * 86400 + rng.uniform(0, 86400), "coinjoin_org",
       [users[int(k)] for k in rng.choice(N_USERS, 6, replace=False)])

    # TRON: exchanges, users, the swap service, the organisation and its buyer
    tron_hot = {ex: tron.new_address(f"exchange:{ex}") for ex in EXCHANGES}
    for ex in EXCHANGES:
        tron.balance[tron_hot[ex]] = 5_000_000 * 10**6
    swap_tron = tron.new_address(f"swap:{SWAP_SERVICE}")
    tron.balance[swap_tron] = 2_000_000 * 10**6
    tron_users = [tron.new_address(f"tronuser:{n:04d}") for n in range(N_TRON_USERS)]
    org_tron = tron.new_address("org:tron")
    buyer_tron = tron.new_address("org:buyer")
    tron.balance[buyer_tron] = 10_000_000 * 10**6
    tron_deposit_of: dict[tuple[str, str], str] = {}

    def tron_deposit(ex: str, customer: str) -> str:
        if (ex, customer) not in tron_deposit_of:
            tron_deposit_of[(ex, customer)] = tron.new_address(f"exchange:{ex}")
        return tron_deposit_of[(ex, customer)]

    for day in range(PERIOD_DAYS):
        d0 = start + day * 86400
        for _ in range(int(rng.poisson(18))):
            at(d0 + rng.uniform(0, 86400), "tron_background", int(rng.integers(0, N_TRON_USERS)))
        for ex in EXCHANGES:
            at(d0 + 86400 * 0.9, "tron_sweep", ex)
    for c in consignments:
        if not c.seized_utc:
            arrive = c.stages[-1][1][-1].arrive
            at(arrive + rng.uniform(1, 4) * 86400, "wholesale", c.consignment_id, c.quantity_kg)

    def org_pay(target: str, value: int, t: float, label: str, consignment: str = "") -> str | None:
        """One hop of the organisation's treasury, change to a fresh treasury address."""
        fresh = btc.new_address("org:treasury")
        # every hop spends all the treasury holds: one coin moves on down the chain
        txid = btc.pay("org:treasury", [(target, value)], _block_time(t), coins=list(btc.unspent["org:treasury"]),
                       change_to=fresh, kind="payment", planted=label)
        if txid:
            treasury.append(fresh)
            btc.planted.append({"txid": txid, "step": label, "consignment_id": consignment,
                                "to_address": target, "value_sats": value})
        return txid

    mule_ids = sorted(mules)
    for t, _, action, args in sorted(events, key=lambda e: (e[0], e[1])):
        bt = _block_time(t)
        if bt >= end:
            continue
        if action == "user_pays":
            payer, payee, value = args
            if payer != payee:
                target = btc.new_address(payee, user_kind[payee]) if rng.random() < 0.7 else user_address[payee]
                btc.pay(payer, [(target, value)], bt)
        elif action == "deposit":
            user, value = args
            btc.pay(user, [(deposit_address(home_exchange[user], user), value)], bt, kind="exchange deposit")
        elif action == "withdrawals":
            ex, who = args
            payees = [(btc.new_address(u, user_kind[u]), int(rng.lognormal(np.log(2_000_000), 0.9))) for u in who]
            btc.pay(f"exchange:{ex}", payees, bt, change_to=hot[ex], kind="exchange withdrawal")
        elif action == "sweep_exchange":
            ex = args[0]
            entity = f"exchange:{ex}"
            coins = [c for c in btc.unspent.get(entity, []) if c.address != hot[ex]]
            if len(coins) >= 2:
                value = sum(c.value for c in coins)
                fee = (11 + 68 * len(coins) + 31) * 5
                btc.pay(entity, [(hot[ex], value - fee)], bt, coins=coins, fee=fee, kind="exchange sweep")
        elif action in ("coinjoin", "coinjoin_org"):
            _coinjoin(btc, rng, args[0], bt, user_kind, with_org=action == "coinjoin_org")
        elif action == "order":
            buyer, value = args
            # the address printed on the order page is paid again and again; checkout gives a fresh one
            if shop_addresses and rng.random() < 0.1:
                address = shop_addresses[0]
            else:
                address = btc.new_address("org:shop")
                shop_addresses.append(address)
            txid = btc.pay(buyer, [(address, value)], bt, kind="payment")
            if txid:
                btc.planted.append({"txid": txid, "step": "order", "consignment_id": "", "to_address": address,
                                    "value_sats": value})
        elif action == "shop_sweep":
            coins = list(btc.unspent.get("org:shop", []))
            if coins:
                fee = (11 + 68 * len(coins) + 62) * 6
                # a round amount to the treasury; the rest goes back to the address on the order page
                value = (sum(c.value for c in coins) - fee) // 1_000_000 * 1_000_000
                if value > 0:
                    txid = btc.pay("org:shop", [(treasury[-1], value)], bt, coins=coins, fee=fee,
                                   change_to=shop_addresses[0], planted="shop sweep")
                    btc.planted.append({"txid": txid, "step": "shop sweep", "consignment_id": "",
                                        "to_address": treasury[-1], "value_sats": value})
        elif action == "peel":
            label, consignment = args
            mule = mule_ids[int(rng.integers(0, len(mule_ids)))]
            share = rng.uniform(0.06, 0.16) if label == "routine" else rng.uniform(0.15, 0.3)
            value = int(btc.balance("org:treasury") * share) // 10_000 * 10_000
            if value >= 200_000:
                org_pay(deposit_address(mules[mule], mule), value, t, "cash-out " + label, consignment)
        elif action == "swap":
            value = int(btc.balance("org:treasury") * 0.4) // 100_000 * 100_000
            swap_address = btc.new_address(f"swap:{SWAP_SERVICE}")
            if value >= 1_000_000 and org_pay(swap_address, value, t, "swap to USDT"):
                usdt = round(value / SATS * BTC_USD * 0.985, 2)
                tron.transfer(swap_tron, org_tron, usdt, bt + 1_800, planted="swap payout")
                _fan_out(tron, rng, org_tron, [tron_deposit(mules[m], m) for m in mule_ids], bt + 7_200)
        elif action == "tron_background":
            n = args[0]
            who, ex = tron_users[n], EXCHANGES[n % len(EXCHANGES)]
            amount = round(float(rng.lognormal(np.log(300), 1.0)), 2)
            if tron.balance[who] >= amount * 1e6 and rng.random() < 0.6:
                target = (tron_deposit(ex, who) if rng.random() < 0.5
                          else tron_users[int(rng.integers(0, N_TRON_USERS))])
                tron.transfer(who, target, amount, bt)
            else:
                tron.transfer(tron_hot[ex], who, amount, bt)
        elif action == "wholesale":
            consignment, kg = args
            if tron.transfer(buyer_tron, org_tron, round(kg * 18_000, 2), bt, planted=f"wholesale {consignment}"):
                _fan_out(tron, rng, org_tron, [tron_deposit(mules[m], m) for m in mule_ids],
                         bt + int(rng.uniform(2, 9) * 3600))
        elif action == "tron_sweep":
            ex = args[0]
            for (deposit_ex, _), address in sorted(tron_deposit_of.items()):
                if deposit_ex == ex and tron.balance[address] > 0:
                    tron.transfer(address, tron_hot[ex], tron.balance[address] / 1e6, bt)
    return LedgerWorld(btc, tron, deposit_of, tron_deposit_of, hot, tron_hot, shop_addresses, treasury, mules,
                       org_tron, buyer_tron, swap_tron)


def _coinjoin(btc: Ledger, rng, participants: list[str], time: int, user_kind: dict[str, str],
              with_org: bool) -> None:
    """One CoinJoin round: each participant puts in coins worth at least the denomination and gets one
    output of exactly the denomination at a fresh address, plus its change."""
    people = [p for p in participants if btc.balance(p) > COINJOIN_DENOMINATION + 100_000]
    if with_org and btc.balance("org:treasury") > COINJOIN_DENOMINATION + 100_000:
        people.append("org:treasury")
    if len(people) < 3:
        return
    txid = btc._hash("coinjoin", time)
    outs, index = [], 0
    for person in people:
        coins, total = [], 0
        for coin in sorted(btc.unspent[person], key=lambda c: (-c.value, c.txid)):
            coins.append(coin)
            total += coin.value
            if total >= COINJOIN_DENOMINATION + 60_000:
                break
        held = {id(c) for c in coins}
        btc.unspent[person] = [c for c in btc.unspent[person] if id(c) not in held]
        for coin in coins:
            btc.inputs.append({"txid": txid, "input_index": index, "prev_txid": coin.txid, "prev_vout": coin.vout,
                               "address": coin.address, "value_sats": coin.value})
            index += 1
        kind = "p2wpkh" if person == "org:treasury" else user_kind[person]
        mixed = btc.new_address(person, "p2wpkh")
        change = btc.new_address(person, kind)
        outs.append((mixed, COINJOIN_DENOMINATION, False, person))
        outs.append((change, total - COINJOIN_DENOMINATION - 40_000, True, person))
    order = rng.permutation(len(outs))
    for vout, k in enumerate(order):
        address, value, is_change, person = outs[int(k)]
        btc.outputs.append({"txid": txid, "vout": vout, "address": address, "value_sats": value})
        btc.unspent.setdefault(person, []).append(Output(txid, vout, address, value, time))
        if is_change:
            btc.change.append({"txid": txid, "vout": vout})
        if person == "org:treasury":
            btc.planted.append({"txid": txid, "step": "coinjoin" if not is_change else "coinjoin change",
                                "consignment_id": "", "to_address": address, "value_sats": value})
    btc.transactions.append({"txid": txid, "time": time, "fee_sats": 40_000 * len(people), "kind": "coinjoin",
                             "planted": "coinjoin" if with_org else ""})


def _fan_out(tron: TronLedger, rng, source: str, targets: list[str], time: int) -> None:
    """Split the source's balance over the targets in uneven, round-looking amounts, minutes apart."""
    balance = tron.balance[source] / 1e6
    weights = rng.dirichlet(np.ones(len(targets)) * 3)
    for k, (target, weight) in enumerate(zip(targets, weights, strict=True)):
        amount = float(np.floor(balance * 0.97 * weight / 10) * 10)
        if amount > 0:
            tron.transfer(source, target, amount, time + int(k * rng.uniform(120, 900)), planted="fan-out")
