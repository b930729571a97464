"""Telecom: operators, cell sites and the phone lines (MSISDN + IMSI + IMEI) people hold.

MSISDNs are drawn from each operator's real prefixes and checked with phonenumbers; IMSIs start with
the operator's real MCC/MNC; IMEIs carry an 8-digit type allocation code and a Luhn check digit
(python-stdnum). Cell sites sit in cities in proportion to population and every ~30 km along roads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import phonenumbers
from stdnum import luhn

from .core import COMPONENTS, EPOCH0, PERIOD_DAYS, component_rng
from .organisation import Member
from .reference import CITIES, CITY, ROADS, country_of, haversine_km, nearest_city, point

# cc, operator, MCC, MNC, national-number prefixes, national number length (reference §2)
OPERATORS = (
    ("KZ", "Beeline KZ", "401", "01", ("705", "771", "776", "777"), 10),
    ("KZ", "Kcell", "401", "02", ("701", "702", "775", "778"), 10),
    ("KZ", "Tele2 KZ", "401", "77", ("707", "747"), 10),
    ("KG", "Beeline KG", "437", "01", ("770", "771", "772", "777"), 9),
    ("KG", "MegaCom", "437", "05", ("550", "555", "557"), 9),
    ("KG", "O!", "437", "09", ("700", "701", "702", "500"), 9),
    ("TJ", "Tcell", "436", "01", ("92", "93"), 9),
    ("TJ", "MegaFon TJ", "436", "03", ("90", "55", "88"), 9),
    ("TJ", "ZET-Mobile", "436", "05", ("91",), 9),
    ("TJ", "Babilon-M", "436", "04", ("98",), 9),
    ("UZ", "Beeline UZ", "434", "04", ("90", "91"), 9),
    ("UZ", "Ucell", "434", "05", ("93", "94"), 9),
    ("UZ", "Mobiuz", "434", "07", ("97", "88"), 9),
    ("UZ", "Uzmobile", "434", "03", ("99", "95"), 9),
    ("TM", "TM-Cell", "438", "02", ("61", "62", "63", "64", "65"), 8),
    ("RU", "MTS", "250", "01", ("912", "917", "987"), 10),
    ("RU", "MegaFon RU", "250", "02", ("922", "927"), 10),
    ("AF", "AWCC", "412", "01", ("70", "71"), 9),
    ("AF", "Roshan", "412", "20", ("72", "79"), 9),
)
CALLING_CODE = {"KZ": "7", "RU": "7", "KG": "996", "TJ": "992", "UZ": "998", "TM": "993", "AF": "93"}
# Illustrative type allocation codes (8 digits) for common handset models; not an official TAC list.
HANDSETS = (
    ("35328511", "Samsung Galaxy A12"), ("35617812", "Samsung Galaxy A32"), ("86446705", "Xiaomi Redmi 9A"),
    ("86769505", "Xiaomi Redmi Note 10"), ("35391611", "Apple iPhone 11"), ("35674108", "Apple iPhone 13"),
    ("35401211", "Nokia 105"), ("86520004", "Tecno Spark 8"), ("35936710", "Samsung Galaxy A52"),
    ("86128404", "Huawei Y6p"), ("35205708", "Nokia 106"), ("86253405", "Realme C21"),
)
ROAD_SITE_SPACING_KM = 30.0


def operators_of(cc: str) -> list[tuple]:
    return [o for o in OPERATORS if o[0] == cc]


# Each operator builds its own masts; a share of them stand on a site another operator already uses
# (tower sharing), which cell_sites.csv flags. The biggest operator of a country has the densest grid.
OPERATOR_DENSITY = (1.0, 0.8, 0.65, 0.55)
SHARE_URBAN = 0.35
URBAN_SITE_DIVISOR = 45  # masts of the biggest operator in a town: sqrt(population) / this
SHARE_ROAD = 0.5


def _city_sites(rng, city, ops) -> list[dict]:
    n = int(np.clip(round(city.population ** 0.5 / URBAN_SITE_DIVISOR), 2, 36))
    spread = 0.02 + 0.00002 * city.population ** 0.5
    sites: list[dict] = []
    for k, op in enumerate(ops):
        for _ in range(max(2, round(n * OPERATOR_DENSITY[k]))):
            free = [s for s in sites if op[1] not in s["ops"]]
            if free and rng.random() < SHARE_URBAN:
                free[int(rng.integers(0, len(free)))]["ops"].append(op[1])
                continue
            sites.append({"cc": city.cc, "lat": city.lat + rng.normal(0, spread),
                          "lon": city.lon + rng.normal(0, spread) * 1.3, "kind": "urban", "place": city.name,
                          "ops": [op[1]]})
    return sites


def _road_sites(rng, lat, lon, cc, place, ops) -> list[dict]:
    sites: list[dict] = []
    for op in ops:  # every network covers the main roads
        if sites and rng.random() < SHARE_ROAD:
            sites[int(rng.integers(0, len(sites)))]["ops"].append(op[1])
            continue
        sites.append({"cc": cc, "lat": lat + rng.normal(0, 0.01), "lon": lon + rng.normal(0, 0.01), "kind": "road",
                      "place": place, "ops": [op[1]]})
    return sites


def build_cells(seed: int) -> pd.DataFrame:
    """Cell table: one row per (site, operator, sector) with position, azimuth and the shared-site flag."""
    rng = component_rng(seed, "telecom")
    sites: list[dict] = []
    for city in CITIES:
        sites += _city_sites(rng, city, operators_of(city.cc))
    seen = set()
    for road in ROADS:
        for a, b in zip(road, road[1:], strict=False):
            if (a, b) in seen or (b, a) in seen:
                continue
            seen.add((a, b))
            (la, oa), (lb, ob) = point(a), point(b)
            n = int(float(haversine_km(la, oa, lb, ob)) // ROAD_SITE_SPACING_KM)
            for k in range(1, n + 1):
                f = k / (n + 1)
                lat, lon = la + f * (lb - la), oa + f * (ob - oa)
                cc = country_of(a) if f < 0.5 else country_of(b)
                sites += _road_sites(rng, lat, lon, cc, nearest_city(lat, lon, cc).name, operators_of(cc))
    names = [c.name for c in CITIES]
    by_name = {o[1]: o for o in OPERATORS}
    rows, cid = [], 10001
    for s, site in enumerate(sites):
        lac = 1000 + names.index(site["place"])
        for name in sorted(site["ops"], key=[o[1] for o in OPERATORS].index):
            op = by_name[name]
            rot = int(rng.integers(0, 120))  # each operator mounts its own antennas
            for sector in range(3):
                rows.append({"cell_id": f"{op[2]}-{op[3]}-{lac}-{cid}", "site_id": f"S{s + 1:04d}",
                             "operator": op[1], "mcc": op[2], "mnc": op[3], "lac": lac, "cid": cid,
                             "country": site["cc"], "place": site["place"], "site_type": site["kind"],
                             "shared_site": len(site["ops"]) > 1, "lat": site["lat"], "lon": site["lon"],
                             "azimuth": (rot + 120 * sector) % 360, "site_index": s, "sector": sector})
                cid += 1
    return pd.DataFrame(rows)


def _msisdn(rng, op) -> str:
    cc, nsn_len = op[0], op[5]
    while True:
        prefix = op[4][int(rng.integers(0, len(op[4])))]
        rest = "".join(str(d) for d in rng.integers(0, 10, nsn_len - len(prefix)))
        number = f"+{CALLING_CODE[cc]}{prefix}{rest}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


def _imei(rng) -> tuple[str, str]:
    tac, model = HANDSETS[int(rng.integers(0, len(HANDSETS)))]
    body = tac + "".join(str(d) for d in rng.integers(0, 10, 6))
    return body + luhn.calc_check_digit(body), model


def _imsi(rng, op) -> str:
    return op[2] + op[3] + "".join(str(d) for d in rng.integers(0, 10, 15 - len(op[2]) - len(op[3])))


def build_lines(seed: int, persons: pd.DataFrame, members: tuple[Member, ...]) -> pd.DataFrame:
    """Phone lines: who holds which SIM in which handset, from when to when (UTC seconds).

    Every person has a personal phone, some a second one; members also carry an operational phone
    registered to someone else, and the planted SIM and handset swaps appear as new line periods.
    """
    rng = np.random.default_rng([seed, COMPONENTS["telecom"], 1])  # a stream apart from the cell layout
    used, rows = set(), []
    start, end = EPOCH0 - 400 * 86400, EPOCH0 + PERIOD_DAYS * 86400

    def new_line(holder, registered, cc, purpose, t0=start, t1=end, imei=None, msisdn=None, imsi=None, op=None):
        op = op or operators_of(cc)[int(rng.integers(0, len(operators_of(cc))))]
        while msisdn is None or msisdn in used:
            msisdn = _msisdn(rng, op)
        used.add(msisdn)
        imei_model = (imei, "") if imei else _imei(rng)
        rows.append({"line_id": f"L{len(rows) + 1:05d}", "msisdn": msisdn, "imsi": imsi or _imsi(rng, op),
                     "imei": imei_model[0], "handset": imei_model[1], "operator": op[1], "country": cc,
                     "holder": holder, "registered_to": registered, "purpose": purpose, "valid_from": t0,
                     "valid_to": t1, "activated": int(t0 - rng.integers(0, 900) * 86400 if t0 == start else t0)})
        return rows[-1]

    n = len(persons)
    nationality = persons["nationality"].to_numpy()
    homes = persons["home_city"].to_numpy()
    second = rng.random(n) < 0.33
    other_reg = rng.random(n) < 0.07
    for i in range(n):
        cc = CITY[homes[i]].cc
        registered = int(rng.integers(0, n)) if other_reg[i] else i
        new_line(i, registered, cc, "personal")
        if second[i]:
            cc2 = cc if rng.random() < 0.7 else str(nationality[i])
            if cc2 not in CALLING_CODE:
                cc2 = cc
            new_line(i, i, cc2, "personal")
    member_people = {m.person for m in members}
    straws = [i for i in range(n) if i not in member_people]
    for m in members:
        cc = CITY[m.home].cc
        straw = straws[int(rng.integers(0, len(straws)))]
        new_line(m.person, straw, cc, "operational")
    _plant_swaps(rng, rows, members, new_line)
    return pd.DataFrame(rows)


# After the first seizure in Tajikistan the southern cell drops its operational SIMs but keeps the
# handsets (the IMEI links old and new numbers); the organiser changes handset and keeps his SIM.
SIM_SWAP_DAY = 46
HANDSET_SWAP_DAY = 30
SIM_SWAPPERS = (("cell leader", "south"), ("broker", "core"), ("driver", "south"), ("courier", "south"))


def _plant_swaps(rng, rows, members, new_line) -> None:
    by_person = {r["holder"]: r for r in rows if r["purpose"] == "operational"}
    t_sim = EPOCH0 + SIM_SWAP_DAY * 86400 + 10 * 3600
    for role, cell in SIM_SWAPPERS:
        m = next(x for x in members if x.role == role and x.cell == cell)
        old = by_person[m.person]
        old["valid_to"] = t_sim
        op = next(o for o in OPERATORS if o[1] == old["operator"])
        line = new_line(m.person, old["registered_to"], old["country"], "operational",
                        t0=t_sim + int(rng.integers(600, 7200)), imei=old["imei"], op=op)
        line["handset"] = old["handset"]
    organiser = next(x for x in members if x.role == "organiser")
    old = by_person[organiser.person]
    t_set = EPOCH0 + HANDSET_SWAP_DAY * 86400 + 15 * 3600
    old["valid_to"] = t_set
    op = next(o for o in OPERATORS if o[1] == old["operator"])
    imei, model = _imei(rng)
    line = new_line(organiser.person, old["registered_to"], old["country"], "operational", t0=t_set + 1800,
                    imei=imei, msisdn=None, imsi=old["imsi"], op=op)
    line["msisdn"], line["handset"] = old["msisdn"], model  # same SIM, same number: only the IMEI changes
