"""The capstone's case (component ``capstone``): a new cell of the organisation in a new period,
September-November 2024, written as a self-contained extract with the column layouts of the modules'
datasets, so that the code taught in modules 01-11 runs on it unchanged.

The cell: an organiser in Dushanbe, a courier in Khujand who drives heroin to Kyzylorda every second
Tuesday (Khujand - Oybek - Tashkent - Gisht Kuprik / Zhibek Zholy - Shymkent - Kyzylorda), a scout in
Shymkent whose car leads the courier's through the Kazakh cameras by about a minute, and a financier in
Shymkent who cashes the shop's takings out at an exchange after every run. The courier changes SIM
(same handset) between the fourth and the fifth run. The shop's channel quotes the payment wallets.

Decoys: the courier's mother (his most frequent contact, innocent), his wife's phone registered in his
name, a trader who crosses at Zhibek Zholy every Tuesday afternoon, a minibus that follows the courier's
road 20-45 minutes behind on run days, a car whose plate differs from the scout's by one digit, a
reposted photo of an old drop, an exchange hot wallet that pays *into* the shop's wallet, and a
namesake of the financier with another date of birth.

Reused: the population (names, spellings, dates of birth), the cell network and its serving-cell
model, the road network and its timing, the ANPR cameras, plate formats, phone number / IMSI / IMEI
formats, the TRON ledger, the messenger-export layout and the drop-photo renderer of module 09.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .consignments import Stop
from .core import COMPONENTS, component_rng
from .ledger import TronLedger
from .movement import _path, road_graph, timed
from .organisation import Member
from .osint import _Channel, _exif, _jpeg, _render
from .plates import make_plate
from .reference import CITY, CROSSING
from .telecom import _imei, _imsi, _msisdn, operators_of
from .views.anpr import CAMERAS, gate_time, passages

CAP_START = "2024-09-01"
CAP_END = "2024-11-30"  # inclusive
CAP_DAYS = 91
CAP0 = int(np.datetime64(CAP_START + "T00:00:00", "s").astype(np.int64)) - 5 * 3600  # local midnight, UTC+5
DAY = 86400
RUN_DAYS = tuple(range(2, CAP_DAYS, 14))  # every second Tuesday from 3 September
RUN_EVERY_DAYS = 14
SIM_SWAP_DAY = 50  # Monday 21 October, between the fourth and the fifth run
# One run leaves the evening before and crosses into Kazakhstan before dawn: its local date is the run
# date, its UTC date the day before (the trap of counting days in UTC).
NIGHT_RUN, NIGHT_SHIFT_H = 3, 9.0
ROUTE_FROM, ROUTE_TO = "Khujand", "Kyzylorda"
CROSSING_INTO_KZ = "Zhibek Zholy"
SCOUT_LEAD_S = (35, 95)  # the scout's car passes each camera this far ahead of the courier's
FOLLOWER_LAG_S = (1200, 2700)  # the minibus that only looks like an escort
N_BACKGROUND_PEOPLE = 420
CALL_RATE = 0.45  # contact events per background line per day
N_ROAD_TRIPS_PER_DAY = 55
N_BORDER_TRIPS_PER_DAY = 16
N_BUYERS = 140
N_TRON_OTHERS = 180
TRON_COUNTER0 = 10_000_000  # transfer hashes apart from module 10's ledger
EXCHANGE = "Tengri Exchange"
CAP_CHANNEL = "Kyzyl Tun | магазин"
CAP_CHANNEL_ID = 2044817153
OTHER_CHANNEL = "Zakladki KZ | архив"
TIP_OFF_ID = "IR-C001"


@dataclass
class Line:
    """A phone line of the extract: a SIM (number, IMSI) in a handset (IMEI), held by a person."""

    msisdn: str
    imsi: str
    imei: str
    operator: str
    country: str
    holder: int
    registered_to: int
    valid_from: int
    valid_to: int
    key: str = ""


@dataclass(frozen=True)
class _PhotoRef:
    file: str  # what _Channel.add needs of a photo


@dataclass
class Trip:
    """People (driver first) in a vehicle through timed stops."""

    persons: list[int]
    plate: str
    stops: list[Stop]
    kind: str


@dataclass
class CapstoneWorld:
    """Everything the capstone's views write, and the answer key."""

    people: dict[str, int]  # role -> population index
    lines: list[Line]
    calls: list[dict]
    trips: list[Trip]
    reads: list[dict]
    vehicles: list[dict]
    tron: TronLedger
    tags: list[dict]
    kyc: list[dict]
    channel: _Channel
    files: dict[str, bytes]
    photos: list[dict]
    wallets: dict[str, str]
    answers: dict[str, object]
    decoys: list[dict]
    runs: list[dict]
    register_people: list[int]
    extra: dict = field(default_factory=dict)


def t_of(day: int, hour: float) -> int:
    """UTC seconds of a local (+05:00) hour on a day of the capstone period."""
    return int(CAP0 + day * DAY + hour * 3600)


def iso_day(day: int) -> str:
    """Local date of a capstone day as YYYY-MM-DD."""
    return str(np.datetime64(CAP_START) + np.timedelta64(day, "D"))


def _pick(rng, persons: pd.DataFrame, taken: set[int], *, city: str | None = None, sex: str = "M",
          nationality: str | None = None, born: tuple[str, str] = ("1900-01-01", "2100-01-01")) -> int:
    ok = (persons["sex"] == sex).to_numpy().copy()
    ok &= ((persons["date_of_birth"] >= born[0]) & (persons["date_of_birth"] <= born[1])).to_numpy()
    if city:
        ok &= (persons["home_city"] == city).to_numpy()
    if nationality:
        ok &= (persons["nationality"] == nationality).to_numpy()
    pool = [i for i in np.flatnonzero(ok) if int(i) not in taken]
    choice = int(pool[int(rng.integers(0, len(pool)))])
    taken.add(choice)
    return choice


def _cast(rng, persons: pd.DataFrame, members: tuple[Member, ...]) -> dict[str, int]:
    """Who plays which part: people of the population outside the first period's organisation."""
    taken = {m.person for m in members}
    names = persons["surname_doc_cyr"] + "|" + persons["given_cyr"]
    counts = names.value_counts()
    people = {"organiser": _pick(rng, persons, taken, city="Dushanbe"),
              "courier": _pick(rng, persons, taken, city="Khujand", nationality="TJ",
                               born=("1985-01-01", "1999-12-31")),
              "scout": _pick(rng, persons, taken, city="Shymkent")}
    # the financier has a namesake (same names in the same script, another date of birth)
    pool = [i for i in np.flatnonzero(((persons["home_city"] == "Shymkent") & (persons["sex"] == "M")).to_numpy())
            if counts[names.iloc[i]] >= 2 and int(i) not in taken]
    people["financier"] = int(pool[int(rng.integers(0, len(pool)))])
    taken.add(people["financier"])
    twin = [int(i) for i in np.flatnonzero((names == names.iloc[people["financier"]]).to_numpy())
            if int(i) != people["financier"]]
    people["namesake"] = twin[0]
    taken.add(twin[0])
    year = int(persons.at[people["courier"], "date_of_birth"][:4])
    people["mother"] = _pick(rng, persons, taken, city="Khujand", sex="F",
                             born=(f"{year - 40}-01-01", f"{year - 19}-12-31"))
    people["wife"] = _pick(rng, persons, taken, city="Khujand", sex="F",
                           born=(f"{year - 3}-01-01", f"{year + 8}-12-31"))
    people["trader"] = _pick(rng, persons, taken, city="Tashkent")
    people["minibus"] = _pick(rng, persons, taken, city="Shymkent")
    return people


def _new_line(rng, used: set[str], holder: int, registered: int, cc: str, t0: int, t1: int, key: str = "",
              imei: str | None = None, op=None) -> Line:
    op = op or operators_of(cc)[int(rng.integers(0, len(operators_of(cc))))]
    number = _msisdn(rng, op)
    while number in used:
        number = _msisdn(rng, op)
    used.add(number)
    return Line(number, _imsi(rng, op), imei or _imei(rng)[0], op[1], cc, holder, registered, t0, t1, key)


def _run_trips(rng, people) -> tuple[list[Trip], list[dict]]:
    """The courier's runs (there and back), the scout's escort, and the runs' facts for the key."""
    g = road_graph()
    out_path = _path(g, ROUTE_FROM, ROUTE_TO)
    trips, runs = [], []
    for n, day in enumerate(RUN_DAYS):
        start_h = float(rng.uniform(3.5, 5.0)) - (NIGHT_SHIFT_H if n == NIGHT_RUN else 0.0)
        go = timed(out_path, t_of(day, start_h), 75.0, rng)
        back = timed(out_path[::-1], t_of(day + 1, float(rng.uniform(8.0, 10.0))), 75.0, rng)
        trips += [Trip([people["courier"]], "@courier", go, "run"),
                  Trip([people["courier"]], "@courier", back, "run back")]
        k = next(i for i, s in enumerate(go) if s.place == CROSSING_INTO_KZ)
        lead = int(rng.integers(*SCOUT_LEAD_S))
        wait = Stop(CROSSING_INTO_KZ, go[k].depart - 3600, go[k].depart - lead)
        escort = [Stop("Shymkent", wait.arrive - 5400, wait.arrive - 5400)]
        escort += [wait] + [Stop(s.place, s.arrive - lead, s.depart - lead) for s in go[k + 1:]]
        trips.append(Trip([people["scout"]], "@scout", escort, "escort"))
        home = timed(["Kyzylorda", "Turkestan", "Shymkent"], back[0].depart - int(rng.uniform(1.5, 3.0) * 3600),
                     85.0, rng)
        trips.append(Trip([people["scout"]], "@scout", home, "escort back"))
        runs.append({"run": n + 1, "date": iso_day(day), "kz_entry_utc": go[k].arrive,
                     "kz_leave_post_utc": go[k].depart, "crossing": CROSSING_INTO_KZ,
                     "depart_utc": go[0].depart, "arrive_utc": go[-1].arrive, "lead_s": lead})
    return trips, runs


def _decoy_trips(rng, people, runs) -> list[Trip]:
    """The Tuesday trader, the minibus behind the courier, and the scout's look-alike plate."""
    trips = []
    g = road_graph()
    into_kz = _path(g, "Tashkent", "Shymkent")
    for day in range(2, CAP_DAYS, 7):  # every Tuesday, in the afternoon; home on Thursday
        trips.append(Trip([people["trader"]], "@trader", timed(into_kz, t_of(day, float(rng.uniform(12.5, 14.0))),
                                                                 70.0, rng), "trader"))
        trips.append(Trip([people["trader"]], "@trader", timed(into_kz[::-1], t_of(day + 2, float(rng.uniform(9, 11))),
                                                                 70.0, rng), "trader back"))
    road = ["Zhibek Zholy", "Shymkent", "Turkestan", "Kyzylorda"]
    for day in range(2, CAP_DAYS, 7):  # the minibus runs every Tuesday; on run days it starts behind the courier
        run = next((r for r in runs if r["date"] == iso_day(day)), None)
        start = (run["kz_leave_post_utc"] + int(rng.integers(*FOLLOWER_LAG_S)) if run
                 else t_of(day, float(rng.uniform(9.5, 11.5))))
        trips.append(Trip([people["minibus"]], "@minibus", timed(road, start, 75.0, rng), "minibus"))
    return trips


def _background_trips(rng, persons: pd.DataFrame, avoid: set[int]) -> list[Trip]:
    """Ordinary traffic: cross-border trips through the crossings on the case's roads, and road trips
    under the Kazakh cameras. Plates are filled in later (one vehicle per driver)."""
    g = road_graph()
    pool = np.array([i for i in range(len(persons)) if i not in avoid])
    drivers = rng.choice(pool, size=900, replace=False)
    border_routes = [("Tashkent", "Shymkent"), ("Shymkent", "Tashkent"), ("Khujand", "Tashkent"),
                     ("Tashkent", "Khujand"), ("Tashkent", "Turkestan"), ("Bishkek", "Almaty"), ("Almaty", "Bishkek")]
    road_routes = [("Shymkent", "Turkestan"), ("Turkestan", "Shymkent"), ("Shymkent", "Kyzylorda"),
                   ("Kyzylorda", "Shymkent"), ("Turkestan", "Kyzylorda"), ("Taraz", "Shymkent"),
                   ("Shymkent", "Taraz"), ("Kyzylorda", "Aktobe"), ("Almaty", "Korday"), ("Zhibek Zholy", "Shymkent")]
    trips = []
    for day in range(CAP_DAYS):
        for kind, routes, n in (("border", border_routes, N_BORDER_TRIPS_PER_DAY),
                                ("road", road_routes, N_ROAD_TRIPS_PER_DAY)):
            for _ in range(int(rng.poisson(n))):
                a, b = routes[int(rng.integers(0, len(routes)))]
                driver = int(drivers[int(rng.integers(0, len(drivers)))])
                crew = [driver] + [int(p) for p in rng.choice(pool, size=int(rng.integers(0, 3)), replace=False)
                                   if rng.random() < 0.5]
                start = t_of(day, float(np.clip(rng.normal(12.0, 4.0), 0.5, 23.5)))
                trips.append(Trip(crew, f"#{driver}", timed(_path(g, a, b), start, float(rng.uniform(65, 95)), rng),
                                  kind))
    return trips


def _position(trips_of: dict[int, list[Trip]], homes: np.ndarray, person: int, t: int) -> tuple[float, float]:
    """Where a person is: on a trip (straight lines between timed stops), between a trip's end and the
    next trip at its last stop if that is more than 30 km from home, else at home."""
    last = None
    for trip in trips_of.get(person, ()):
        s = trip.stops
        if s[0].arrive <= t <= s[-1].depart:
            for a, b in zip(s, s[1:], strict=False):
                if a.arrive <= t <= a.depart:
                    return _pt(a.place)
                if a.depart < t < b.arrive:
                    f = (t - a.depart) / max(b.arrive - a.depart, 1)
                    (la, oa), (lb, ob) = _pt(a.place), _pt(b.place)
                    return la + f * (lb - la), oa + f * (ob - oa)
            return _pt(s[-1].place)
        if s[-1].depart < t:
            last = trip
    if last is not None and last.stops[-1].place in CITY:
        lat, lon = _pt(last.stops[-1].place)
        if abs(lat - homes[person, 0]) + abs(lon - homes[person, 1]) > 0.3:
            return lat, lon
    return float(homes[person, 0]), float(homes[person, 1])


def _pt(place: str) -> tuple[float, float]:
    if place in CITY:
        return CITY[place].lat, CITY[place].lon
    return CROSSING[place].lat, CROSSING[place].lon


def build_capstone(seed: int, persons: pd.DataFrame, members: tuple[Member, ...], cell_locator) -> CapstoneWorld:
    """Simulate the capstone's extract. Randomness: the "capstone" component; stream 0 the cast and the
    lines, 1 movement, 2 calls, 3 money and the channel."""
    rng = component_rng(seed, "capstone")
    people = _cast(rng, persons, members)
    end = CAP0 + CAP_DAYS * DAY
    start = CAP0 - 300 * DAY
    used: set[str] = set()
    op_tj = next(o for o in operators_of("TJ") if o[1] == "Tcell")
    # the operational SIMs are registered to other people (straws)
    free = [i for i in range(len(persons)) if i not in set(people.values()) and i not in {m.person for m in members}]
    straw = [int(i) for i in rng.choice(free, size=5, replace=False)]
    lines = [_new_line(rng, used, people["organiser"], straw[0], "TJ", start, end, "organiser")]
    courier_imei = _imei(rng)[0]
    swap = t_of(SIM_SWAP_DAY, 10.0)
    lines.append(_new_line(rng, used, people["courier"], straw[1], "TJ", start, swap, "courier",
                           imei=courier_imei, op=op_tj))
    lines.append(_new_line(rng, used, people["courier"], straw[2], "TJ", swap + 5400, end,
                           "courier new", imei=courier_imei, op=op_tj))
    lines.append(_new_line(rng, used, people["scout"], straw[3], "KZ", start, end, "scout"))
    lines.append(_new_line(rng, used, people["financier"], straw[4], "KZ", start, end, "financier"))
    lines.append(_new_line(rng, used, people["mother"], people["mother"], "TJ", start, end, "mother"))
    # the wife's phone is in her husband's name: a subscriber search on his name finds it
    lines.append(_new_line(rng, used, people["wife"], people["courier"], "TJ", start, end, "wife"))
    cast = set(people.values())
    straws = {ln.registered_to for ln in lines} - cast
    taken = cast | straws | {m.person for m in members}
    background = [int(i) for i in rng.choice([i for i in range(len(persons)) if i not in taken],
                                             size=N_BACKGROUND_PEOPLE, replace=False)]
    for p in background:
        cc = CITY[persons.at[p, "home_city"]].cc
        lines.append(_new_line(rng, used, p, p, cc, start - int(rng.integers(0, 900)) * DAY, end, "background"))
    for key in ("trader", "minibus", "namesake"):
        p = people[key]
        lines.append(_new_line(rng, used, p, p, CITY[persons.at[p, "home_city"]].cc, start, end, key))

    mrng = np.random.default_rng([seed, COMPONENTS["capstone"], 1])
    trips, runs = _run_trips(mrng, people)
    trips += _decoy_trips(mrng, people, runs)
    trips += _background_trips(mrng, persons, taken | set(background))
    vehicles, reads = _vehicles_and_reads(mrng, persons, people, trips, runs)
    homes = persons[["home_lat", "home_lon"]].to_numpy()
    trips_of: dict[int, list[Trip]] = {}
    for trip in sorted(trips, key=lambda x: x.stops[0].arrive):
        for p in trip.persons:
            trips_of.setdefault(p, []).append(trip)

    crng = np.random.default_rng([seed, COMPONENTS["capstone"], 2])
    calls = _calls(crng, lines, people, runs, background, persons)
    _locate(seed, calls, lines, trips_of, homes, cell_locator)

    lrng = np.random.default_rng([seed, COMPONENTS["capstone"], 3])
    money = _money(lrng, seed, persons, people, lines, runs, background)
    channel, files, photos = _channel(lrng, money["wallets"], runs, people)
    courier_plate = next(v["plate"] for v in vehicles if v["key"] == "courier")
    scout_plate = next(v["plate"] for v in vehicles if v["key"] == "scout")
    by_key = {ln.key: ln.msisdn for ln in lines}
    last = RUN_DAYS[-1]
    answers = {
        "tip_off_phone": by_key["courier"],
        "organiser_phone": by_key["organiser"],
        "courier_new_phone": by_key["courier new"],
        "scout_phone": by_key["scout"],
        "financier_phone": by_key["financier"],
        "courier_plate": courier_plate,
        "scout_plate": scout_plate,
        "crossing_point": CROSSING_INTO_KZ,
        "run_dates": ";".join(r["date"] for r in runs),
        "next_run": iso_day(last + RUN_EVERY_DAYS),
        "payment_wallets": ";".join(money["wallets"][k] for k in ("pay_1", "pay_2")),
        "collection_wallet": money["wallets"]["collection"],
        "cashout_address": money["wallets"]["cashout"],
        "cashout_usdt": f"{money['cashout_micro'] / 1e6:.2f}",
        "courier_passport": passport(persons, people["courier"], seed),
        "financier_passport": passport(persons, people["financier"], seed),
    }
    decoys = _decoy_rows(people, lines, vehicles, money, persons, seed, photos)
    register_people = sorted(set(background[:260]) | {people[k] for k in ("courier", "financier", "namesake",
                                                                           "organiser", "scout", "mother",
                                                                           "wife", "trader")})
    return CapstoneWorld(people, lines, calls, trips, reads, vehicles, money["tron"], money["tags"], money["kyc"],
                         channel, files, photos, money["wallets"], answers, decoys, runs, register_people)


def passport(persons: pd.DataFrame, person: int, seed: int) -> str:
    """The passport number of a person, as border_crossings.csv gives it everywhere in the world."""
    return f"{persons.at[person, 'nationality']}{(int(person) * 7919 + seed) % 10_000_000:07d}"


def _vehicles_and_reads(rng, persons, people, trips, runs) -> tuple[list[dict], list[dict]]:
    """One vehicle per driver (the planted ones first), plates on the trips, and the camera reads."""
    vehicles: list[dict] = []
    plates: set[str] = set()

    def add(key, cc, city, kind, owner, company="", plate=None):
        while plate is None or plate in plates:
            plate = make_plate(rng, cc, CITY[city].region)
        plates.add(plate)
        vehicles.append({"key": key, "plate": plate, "country": cc, "region_city": city, "vehicle_type": kind,
                         "make_model": ("Toyota Camry" if key == "courier" else
                                        "Hyundai County" if key == "minibus" else
                                        "Chevrolet Cobalt" if kind == "car" else "KAMAZ 5490"),
                         "colour": ("white", "silver", "grey", "black")[int(rng.integers(0, 4))],
                         "owner": owner, "company": company,
                         "registered": iso_day(-int(rng.integers(200, 4000)))})
        return plate

    # the courier drives a car registered to his mother; the scout's is his own
    plate_of = {"@courier": add("courier", "TJ", "Khujand", "car", people["mother"]),
                "@scout": add("scout", "KZ", "Shymkent", "car", people["scout"]),
                "@trader": add("trader", "UZ", "Tashkent", "car", people["trader"]),
                "@minibus": add("minibus", "KZ", "Shymkent", "bus", -1, company="Shymkent Express LLP")}
    scout = plate_of["@scout"]
    swap = {"8": "3", "3": "8", "6": "8", "0": "8", "1": "7", "7": "1", "2": "5", "5": "2", "4": "9", "9": "4"}
    k = next(i for i, ch in enumerate(scout) if ch.isdigit())
    plate_of["@lookalike"] = add("lookalike", "KZ", "Shymkent", "car", -2,
                                 plate=scout[:k] + swap[scout[k]] + scout[k + 1:])
    for trip in trips:
        if trip.plate.startswith("#"):
            driver = int(trip.plate[1:])
            if trip.plate not in plate_of:
                home = persons.at[driver, "home_city"]
                cc = CITY[home].cc if CITY[home].cc in ("KZ", "UZ", "TJ", "KG") else "KZ"
                kind = "car" if rng.random() < 0.8 else "truck"
                plate_of[trip.plate] = add("background", cc, home, kind,
                                           -1 if kind == "truck" and rng.random() < 0.5 else driver)
        trip.plate = plate_of[trip.plate]
    cast = set(people.values())
    owner_pool = [int(p) for p in rng.choice(len(persons), size=40, replace=False) if int(p) not in cast]
    for v in vehicles:
        if v["owner"] == -2:  # the look-alike's owner: an ordinary person
            v["owner"] = owner_pool[0]
        if v["owner"] == -1 and not v["company"]:
            v["company"] = ("Silk Road Cargo LLP", "Ontustik Trans LLP", "Asia Freight LLC")[int(rng.integers(0, 3))]

    reads = []
    for trip in trips:
        cams = passages(trip.stops)
        for prev, s in zip(trip.stops, trip.stops[1:], strict=False):
            if s.place == "Zhibek Zholy" and prev.place == "Gisht Kuprik":  # cleared into Kazakhstan
                cams.append((len(CAMERAS) - 1, gate_time(s, rng)))
        for cam, t in cams:
            reads.append({"utc": int(t) + int(rng.integers(-8, 9)), "camera_id": CAMERAS[cam][0],
                          "plate": trip.plate, "kind": trip.kind})
    # the look-alike plate: a Shymkent car near the courier twice, at two cameras, and elsewhere on other days
    for n, run in enumerate(runs[1:3]):
        courier = sorted((r for r in reads if r["plate"] == plate_of["@courier"]
                          and iso_utc_day(r["utc"]) == run["date"] and r["camera_id"] in ("KZ-ANPR-02", "KZ-ANPR-03")),
                         key=lambda r: r["utc"])
        for r in courier[:2 - n]:
            reads.append({"utc": r["utc"] + int(rng.integers(-100, 100)), "camera_id": r["camera_id"],
                          "plate": plate_of["@lookalike"], "kind": "lookalike"})
    for day in rng.choice(CAP_DAYS, size=12, replace=False):
        for cam in ("KZ-ANPR-02", "KZ-ANPR-11"):
            reads.append({"utc": t_of(int(day), float(rng.uniform(7, 20))), "camera_id": cam,
                          "plate": plate_of["@lookalike"], "kind": "lookalike"})
    reads = [r for r in reads if CAP0 <= r["utc"] < CAP0 + CAP_DAYS * DAY]
    reads.sort(key=lambda r: (r["utc"], r["camera_id"], r["plate"]))
    for r in reads:
        r["confidence"] = float(np.round(rng.uniform(0.82, 0.99), 2))
    return vehicles, reads


def iso_utc_day(utc: int) -> str:
    """Local (+05:00) date of a UTC instant."""
    return str((np.datetime64(int(utc) + 5 * 3600, "s")).astype("datetime64[D]"))


def _calls(rng, lines: list[Line], people, runs, background, persons) -> list[dict]:
    """Background calls among ordinary lines and the cell's own: planning calls before each run, the
    courier and the scout on the road, the report of delivery, the organiser's call to the financier
    after it, and family calls on the courier's phone."""
    by_key = {ln.key: ln for ln in lines if ln.key not in ("background",)}
    bg = [ln for ln in lines if ln.key in ("background", "trader", "minibus", "namesake", "mother", "wife")]
    n = len(bg)
    homes = np.array([persons.at[ln.holder, "home_city"] for ln in bg])
    contacts = np.empty((n, 6), dtype=np.int64)
    for i in range(n):
        local = np.flatnonzero(homes == homes[i])
        same = rng.random(6) < 0.65
        contacts[i] = np.where(same, local[rng.integers(0, len(local), 6)], rng.integers(0, n, 6))
        contacts[i][contacts[i] == i] = (i + 1) % n
    rate = rng.lognormal(np.log(CALL_RATE) - 0.3, 0.7, n)
    out: list[dict] = []

    def call(a: Line | None, b: Line, t: int, kind: str = "", voice: float = 0.8) -> None:
        if a is None:
            return
        is_voice = rng.random() < voice
        out.append({"a": a, "b": b, "utc": int(t), "call_type": "voice" if is_voice else "sms",
                    "duration_s": int(rng.gamma(1.6, 70)) if is_voice and rng.random() > 0.1 else 0,
                    "planted": kind})

    for i in range(n):
        for _ in range(int(rng.poisson(rate[i] * CAP_DAYS))):
            j = int(contacts[i, int(rng.integers(0, 6))])
            day = int(rng.integers(0, CAP_DAYS))
            call(bg[i], bg[j], t_of(day, float(np.clip(rng.normal(14.5, 4.0), 6.5, 23.5))))

    def courier_at(t: int) -> Line:
        return by_key["courier"] if t < by_key["courier"].valid_to else by_key["courier new"]

    org, scout, fin = by_key["organiser"], by_key["scout"], by_key["financier"]
    mother, wife = by_key["mother"], by_key["wife"]
    ordinary = [ln for ln in bg if ln.key == "background"]
    friends = [ordinary[int(k)] for k in rng.choice(len(ordinary), size=3, replace=False)]
    org_family = [ordinary[int(k)] for k in rng.choice(len(ordinary), size=2, replace=False)]
    for day in range(CAP_DAYS):
        for _ in range(int(rng.poisson(1.2))):  # the mother: the courier's most frequent contact
            t = t_of(day, float(np.clip(rng.normal(17.0, 3.0), 7, 22.5)))
            if rng.random() < 0.5:
                call(mother, courier_at(t), t, "family")
            else:
                call(courier_at(t), mother, t, "family")
        for _ in range(int(rng.poisson(0.8))):
            t = t_of(day, float(np.clip(rng.normal(19.0, 2.0), 8, 23.5)))
            a, b = (wife, courier_at(t)) if rng.random() < 0.5 else (courier_at(t), wife)
            call(a, b, t, "family", voice=0.5)
        if rng.random() < 0.25:
            t = t_of(day, float(rng.uniform(10, 21)))
            call(courier_at(t), friends[int(rng.integers(0, 3))], t, "friend")
        if rng.random() < 0.3:
            t = t_of(day, float(rng.uniform(9, 21)))
            call(org, org_family[int(rng.integers(0, 2))], t, "organiser family")
        if rng.random() < 0.12:  # the organiser and the financier keep in touch between runs too
            t = t_of(day, float(rng.uniform(10, 19)))
            a, b = (org, fin) if rng.random() < 0.5 else (fin, org)
            call(a, b, t, "between runs")
        if rng.random() < 0.06:  # and the organiser checks on the scout now and then
            t = t_of(day, float(rng.uniform(10, 19)))
            call(org, scout, t, "between runs")
    for run in runs:
        day = int((run["kz_entry_utc"] - CAP0) // DAY)
        eve = t_of(day - 1, float(rng.uniform(19.0, 21.5)))
        call(org, courier_at(eve), eve, "planning")
        call(org, scout, eve + int(rng.integers(120, 600)), "planning")
        call(courier_at(eve), org, eve + int(rng.integers(3600, 7200)), "planning", voice=0.0)
        dep = run["depart_utc"]
        call(courier_at(dep), org, dep + int(rng.integers(60, 600)), "on the road", voice=0.0)
        entry = run["kz_entry_utc"]
        call(courier_at(entry), scout, entry - int(rng.integers(1200, 2400)), "on the road")
        through = run["kz_leave_post_utc"] + int(rng.integers(300, 900))  # "I'm through": just past the post
        call(courier_at(through), scout, through, "on the road")
        call(scout, courier_at(entry), entry + int(rng.integers(5400, 9000)), "on the road")
        arrive = run["arrive_utc"]
        call(courier_at(arrive), org, arrive + int(rng.integers(300, 1500)), "delivered")
        t = arrive + int(rng.integers(1800, 5400))
        call(org, fin, t, "after delivery")
        call(fin, org, t + int(rng.integers(3 * 3600, 6 * 3600)), "after delivery")
        call(scout, org, arrive + int(rng.integers(600, 2400)), "delivered", voice=0.0)
    out = [c for c in out if c["a"].valid_from <= c["utc"] < c["a"].valid_to
           and c["b"].valid_from <= c["utc"] < c["b"].valid_to and CAP0 <= c["utc"] < CAP0 + CAP_DAYS * DAY]
    out.sort(key=lambda c: (c["utc"], c["a"].msisdn))
    return out


def _locate(seed, calls, lines, trips_of, homes, cell_locator) -> None:
    """Serving cells of both parties (the daily round: up to ~3 km around home)."""
    cc_of = {op[1]: op[0] for cc in ("KZ", "KG", "UZ", "TJ", "TM", "RU", "AF") for op in operators_of(cc)}
    for side in ("a", "b"):
        lat, lon = np.empty(len(calls)), np.empty(len(calls))
        for i, c in enumerate(calls):
            ln = c[side]
            h = int.from_bytes(hashlib.sha256(f"{seed}:{ln.holder}:{c['utc'] // 1800}".encode()).digest()[:4], "big")
            la, lo = _position(trips_of, homes, ln.holder, c["utc"])
            lat[i] = la + ((h % 1000) / 1000 - 0.5) * 0.04
            lon[i] = lo + (((h // 1000) % 1000) / 1000 - 0.5) * 0.05
        ops = np.array([c[side].operator for c in calls], dtype=object)
        cells, sites = cell_locator.serve(lat, lon, np.array([cc_of[o] for o in ops]), ops)
        for i, c in enumerate(calls):
            c[f"{side}_cell"] = cells[i]
            c[f"{side}_offset"] = int(cell_locator.offsets[sites[i]])


def _money(rng, seed, persons, people, lines, runs, background) -> dict:
    """USDT on TRON: buyers pay the channel's wallets; the wallets are swept to a collection wallet; after
    each run the collection wallet pays the financier's exchange deposit address, and wages to the
    courier's wallet. An exchange hot wallet pays into the shop (buyers paying straight from their
    exchange accounts). Background transfers among other users and the exchange."""
    tron = TronLedger(rng, seed)
    tron.counter = TRON_COUNTER0
    w = {k: tron.new_address(k) for k in ("pay_1", "pay_2", "collection", "cashout", "wages", "hot")}
    deposits = {f"dep_{i}": tron.new_address(f"dep_{i}") for i in range(24)}
    buyers = [tron.new_address(f"buyer_{i}") for i in range(N_BUYERS)]
    others = [tron.new_address(f"user_{i}") for i in range(N_TRON_OTHERS)]
    for a in buyers + others:
        tron.balance[a] = 10**12
    tron.balance[w["hot"]] = 10**13
    switch = t_of(61, 12.0)  # the channel announces a new wallet on 1 November
    # buyers order mostly in the days after each run; some pay from the exchange (hot wallet)
    run_days = [int((r["kz_entry_utc"] - CAP0) // DAY) for r in runs]
    events = []
    for d in range(CAP_DAYS):
        fresh = any(0 <= d - r <= 5 for r in run_days)
        for _ in range(int(rng.poisson(9 if fresh else 2.5))):
            t = t_of(d, float(rng.uniform(8, 23.9)))
            pay = w["pay_1"] if t < switch else w["pay_2"]
            usd = float(np.round(rng.choice([25, 40, 60, 90, 120, 180, 250, 400]) * rng.uniform(0.97, 1.03), 2))
            src = w["hot"] if rng.random() < 0.22 else buyers[int(rng.integers(0, N_BUYERS))]
            events.append((t, src, pay, usd, "hot wallet pays shop" if src == w["hot"] else "buyer pays shop"))
    # background: users with each other and with the exchange
    for _ in range(1400):
        t = t_of(int(rng.integers(0, CAP_DAYS)), float(rng.uniform(0, 24)))
        a = others[int(rng.integers(0, N_TRON_OTHERS))]
        r = rng.random()
        b = (deposits[f"dep_{int(rng.integers(1, 24))}"] if r < 0.35 else
             others[int(rng.integers(0, N_TRON_OTHERS))] if r < 0.8 else buyers[int(rng.integers(0, N_BUYERS))])
        if r > 0.9:
            a, b = w["hot"], others[int(rng.integers(0, N_TRON_OTHERS))]
        if a != b:
            events.append((t, a, b, float(np.round(rng.lognormal(4.5, 1.0), 2)), ""))
    for _ in range(6):  # a buyer also pays an exchange deposit address: not the shop's money
        t = t_of(int(rng.integers(0, CAP_DAYS)), float(rng.uniform(8, 22)))
        events.append((t, buyers[int(rng.integers(0, N_BUYERS))], deposits["dep_1"],
                       float(np.round(rng.uniform(50, 300), 2)), "buyer pays other deposit"))
    sweeps = [t_of(d, float(rng.uniform(1, 4))) for d in range(3, CAP_DAYS + 1, 4)]
    events += [(t, None, None, 0.0, "sweep") for t in sweeps]
    cash = [t_of(int((r["arrive_utc"] - CAP0) // DAY) + int(rng.integers(1, 3)), float(rng.uniform(10, 16)))
            for r in runs]
    events += [(t, None, None, 0.0, "cashout") for t in cash]
    events.sort(key=lambda e: e[0])
    cashout_micro = 0
    for t, a, b, usd, kind in events:
        if t >= CAP0 + CAP_DAYS * DAY:
            continue
        bt = int(CAP0 + (int((t - CAP0) // 180) + 1) * 180)  # blocks every 3 s; kept to the minute here
        if kind == "sweep":
            for pay in (w["pay_1"], w["pay_2"]):
                if tron.balance[pay] > 50_000_000:
                    tron.transfer(pay, w["collection"], tron.balance[pay] / 1e6, bt, "sweep")
        elif kind == "cashout":
            bal = tron.balance[w["collection"]] / 1e6
            amount = float(np.floor(bal * 0.8 / 100) * 100)
            if amount > 0 and tron.transfer(w["collection"], w["cashout"], amount, bt, "cashout"):
                cashout_micro += int(round(amount * 1e6))
            tron.transfer(w["collection"], w["wages"], float(np.floor(bal * 0.08)), bt + 600, "wages")
        else:
            tron.transfer(a, b, usd, bt, kind)
    tags = [{"address": w["hot"], "chain": "TRON", "label": f"{EXCHANGE} (hot wallet)", "category": "exchange",
             "source": "attribution provider"},
            {"address": w["cashout"], "chain": "TRON", "label": f"{EXCHANGE} (deposit)", "category": "exchange",
             "source": "attribution provider"}]
    tags += [{"address": a, "chain": "TRON", "label": f"{EXCHANGE} (deposit)", "category": "exchange",
              "source": "attribution provider"} for k, a in deposits.items()]
    fin_line = next(ln for ln in lines if ln.key == "financier")
    kyc = [_kyc(rng, persons, people["financier"], w["cashout"], fin_line.msisdn, "kz")]
    holders = [int(p) for p in rng.choice(background, size=len(deposits), replace=False)]
    by_holder = {ln.holder: ln.msisdn for ln in lines}
    kyc += [_kyc(rng, persons, p, a, by_holder.get(p, ""), "bgn") for p, a in zip(holders, deposits.values(),
                                                                                   strict=True)]
    return {"tron": tron, "wallets": w, "tags": tags, "kyc": kyc, "cashout_micro": cashout_micro,
            "deposits": deposits}


def _kazakh_latin(word: str) -> str:
    """A Kazakh-Latin spelling of an ICAO one, as a Kazakh exchange writes it from an ID card: Q for the
    k of back-vowel words, H for kh, J for zh (so only a phonetic key matches it to the passport)."""
    word = re.sub(r"[Kk](?=[aouy])", lambda m: "Q" if m.group() == "K" else "q", word)
    for old, new in (("Kh", "H"), ("kh", "h"), ("Zh", "J"), ("zh", "j")):
        word = word.replace(old, new)
    return word


def _kyc(rng, persons, p, address, phone, scheme) -> dict:
    # "kz": the exchange's own spelling of the ICAO one (the financier's account)
    sur, given = ((_kazakh_latin(persons.at[p, "surname_icao"]), _kazakh_latin(persons.at[p, "given_icao"]))
                  if scheme == "kz" else (persons.at[p, f"surname_{scheme}"], persons.at[p, f"given_{scheme}"]))
    return {"exchange": EXCHANGE, "chain": "TRON", "deposit_address": address,
            "account_id": f"TEN-{int(rng.integers(100000, 999999))}",
            "holder_surname": sur, "holder_given_name": given,
            "date_of_birth": persons.at[p, "date_of_birth"], "phone": phone,
            "account_opened": iso_day(-int(rng.integers(60, 900))), "person": p}


def _channel(rng, wallets, runs, people) -> tuple[_Channel, dict[str, bytes], list[dict]]:
    """The shop's channel: 'fresh in Kyzylorda' the day after each run, with a drop photo taken that
    morning; a repost of an old photo from another channel; the payment wallet and its change."""
    ch = _Channel(CAP_CHANNEL, CAP_CHANNEL_ID)
    files: dict[str, bytes] = {}
    photos: list[dict] = []
    ky = CITY["Kyzylorda"]
    old_img = _render(rng, 1.8, 2.4, 40.0)
    old_bytes = _jpeg(old_img, 84, _exif("Samsung", "Galaxy A14", t_of(-160, 11.0), 300, ky.lat + 0.011,
                                         ky.lon - 0.02))
    ch.add(t_of(0, 10.0), ["Открылись в Кызылорде. Оплата USDT (TRC20): ", {"type": "code", "text": wallets["pay_1"]}])
    posts = []
    for run in runs:
        day = int((run["arrive_utc"] - CAP0) // DAY) + 1
        posts.append((t_of(day, float(rng.uniform(13, 18))), "run", run))
    posts.append((t_of(37, 15.0), "repost", None))  # between the third and the fourth run
    posts.append((t_of(61, 12.0), "wallet", None))
    for t, kind, run in sorted(posts, key=lambda p: p[0]):
        if kind == "wallet":
            ch.add(t, ["Внимание! Новый кошелёк для оплаты USDT (TRC20): ", {"type": "code", "text": wallets["pay_2"]},
                       ". Старый больше не используем."])
            continue
        n = len(photos) + 1
        name = f"photos/photo_{n}@{_ddmmyyyy(t)}.jpg"
        if kind == "repost":
            data, taken_utc, plan = old_bytes, t_of(-160, 11.0), "repost"
        else:
            taken_utc = t - int(rng.uniform(2, 5) * 3600)
            img = _render(rng, float(rng.uniform(1.5, 2.5)), float(rng.uniform(1.0, 3.0)), float(rng.uniform(0, 360)))
            data = _jpeg(img, 85, _exif("Xiaomi", "Redmi Note 12", taken_utc, 300,
                                        ky.lat + float(rng.normal(0, 0.015)), ky.lon + float(rng.normal(0, 0.02))))
            plan = "fresh"
        files[f"channel/{name}"] = data
        photo = _PhotoRef(f"channel/{name}")
        text = ["Свежий завоз, Кызылорда. Гер, гаш в наличии. Оплата — кошелёк в закрепе."]
        ch.add(t, text, photo=photo, forwarded=OTHER_CHANNEL if kind == "repost" else None)
        photos.append({"file": f"channel/{name}", "message_id": ch.messages[-1]["id"], "post_utc": t,
                       "taken_utc": taken_utc, "plan": plan, "run": run["run"] if run else 0,
                       "sha256": hashlib.sha256(data).hexdigest()})
    files["channel/result.json"] = ch.json_bytes()
    return ch, files, photos


def _ddmmyyyy(utc: int) -> str:
    d = iso_utc_day(utc)
    return f"{d[8:10]}-{d[5:7]}-{d[:4]}"


def _decoy_rows(people, lines, vehicles, money, persons, seed, photos) -> list[dict]:
    by_key = {ln.key: ln.msisdn for ln in lines}
    plate = {v["key"]: v["plate"] for v in vehicles}
    repost = next(p for p in photos if p["plan"] == "repost")
    return [
        {"decoy": "innocent frequent contact", "value": by_key["mother"],
         "why": "the courier's mother: his most frequent contact, but her calls do not cluster before the runs "
                "and she has no contact with the other phones of the cell"},
        {"decoy": "family member's number", "value": by_key["wife"],
         "why": "registered in the courier's name but used by his wife: another handset (IMEI), never on the road"},
        {"decoy": "Tuesday trader", "value": passport(persons, people["trader"], seed),
         "why": "crosses into Kazakhstan at Zhibek Zholy every Tuesday, so on every run day, but in the afternoon: "
                "hours away from the courier's phone at the border"},
        {"decoy": "minibus behind the courier", "value": plate["minibus"],
         "why": "passes the same cameras on every run day, 20-45 minutes after the courier's car: fails the "
                "two-minute co-read window"},
        {"decoy": "look-alike plate", "value": plate["lookalike"],
         "why": "one digit away from the scout's plate; co-read with the courier's car at two cameras on two "
                "days only"},
        {"decoy": "reposted photo", "value": repost["file"],
         "why": "forwarded from another channel, and its EXIF date is months before the period: an old photo "
                "posted as a fresh delivery, with no run behind it"},
        {"decoy": "exchange hot wallet", "value": money["wallets"]["hot"],
         "why": "the biggest exchange counterparty of the payment wallets, but its money flows into the shop "
                "(buyers paying from their exchange accounts), not out of it"},
        {"decoy": "other deposit address", "value": money["deposits"]["dep_1"],
         "why": "an exchange deposit address that buyers also pay, but no money from the shop's wallets reaches it"},
        {"decoy": "financier's namesake", "value": passport(persons, people["namesake"], seed),
         "why": "same names as the cash-out account's holder, another date of birth"},
    ]
