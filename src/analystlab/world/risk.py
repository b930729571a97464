"""Customs declarations at Kazakhstan's road crossings, with a planted (true) risk function.

The customs service of Kazakhstan records one goods declaration per vehicle crossing. Whether a
declaration hides a seizure or an irregularity follows a known logistic model (written to the answer
key): some of its factors are visible on the declaration (origin, goods, the trader's age, the driver's
travel pattern, the declared value per kilogram), two are hidden (a driver recruited by a trafficking
network — commoner among drivers of one nationality — and a trader who habitually under-declares),
and only the declarations selected for inspection have an outcome. Selection followed the service's
old profile, a random sample and officers' discretion (which leaned on nationality). The organisation's
trucks appear where they crossed (Zhibek Zholy entering, Zhaysan leaving Kazakhstan), cleared by the
insider or waved through, so never inspected.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .core import component_rng
from .plates import make_plate
from .reference import CITIES

N_DECLARATIONS = 30_000  # including the six warm-up months, which are not published
WARMUP_START = "2022-04-01"
VIEW_START = "2022-10-01"  # first published arrival (local date)
VIEW_END = "2024-07-01"  # exclusive
# Kazakhstan moved to one time zone (UTC+5) at local midnight of 1 March 2024 (= 2024-02-29 18:00 UTC in
# the UTC+6 east); before that the south and east kept UTC+6, Aktobe region (Zhaysan) UTC+5.
KZ_SWITCH_UTC = int(np.datetime64("2024-02-29T18:00:00", "s").astype(np.int64))

# crossing, partner country, share of declarations, corridor
CROSSINGS = (
    ("Zhibek Zholy", "UZ", 0.34, "south"),
    ("B. Konysbayev", "UZ", 0.14, "south"),
    ("Korday", "KG", 0.24, "korday"),
    ("Zhaysan", "RU", 0.17, "north"),
    ("Nur Zholy", "CN", 0.11, "east"),
)
EAST_OF_ALMATY_TIME = ("Zhibek Zholy", "B. Konysbayev", "Korday", "Nur Zholy")
NATIONALITIES = ("KZ", "UZ", "TJ", "KG", "RU", "TM")
# drivers per corridor and their nationality mix (order of NATIONALITIES)
CORRIDOR_DRIVERS = {
    "south": (1500, (0.34, 0.36, 0.25, 0.02, 0.0, 0.03)),
    "korday": (900, (0.45, 0.05, 0.05, 0.45, 0.0, 0.0)),
    "north": (800, (0.50, 0.12, 0.10, 0.03, 0.25, 0.0)),
    "east": (400, (0.85, 0.05, 0.0, 0.10, 0.0, 0.0)),
}
# hidden: share of drivers recruited by trafficking networks, by nationality
RECRUITED = {"KZ": 0.03, "UZ": 0.04, "TJ": 0.13, "KG": 0.04, "RU": 0.02, "TM": 0.05}
# language of the invoice and CMR note, by the driver's nationality: the proxy
LANGUAGES = {
    "KZ": (("kk", "ru"), (0.45, 0.55)),
    "UZ": (("uz", "ru"), (0.62, 0.38)),
    "TJ": (("tg", "ru"), (0.60, 0.40)),
    "KG": (("ky", "ru"), (0.50, 0.50)),
    "RU": (("ru",), (1.0,)),
    "TM": (("tk", "ru"), (0.30, 0.70)),
}
# HS chapter: description, typical declared value (USD per kg)
CHAPTERS = {
    "07": ("vegetables (onions, potatoes, carrots)", 0.45),
    "08": ("fruit and nuts (fresh or dried)", 0.95),
    "10": ("cereals", 0.25),
    "11": ("flour and milling products", 0.35),
    "20": ("fruit and vegetable preparations", 1.5),
    "25": ("salt, stone, cement", 0.08),
    "27": ("mineral fuels and oils", 0.6),
    "31": ("fertilisers", 0.35),
    "34": ("soap, polishes, household chemicals", 2.5),
    "39": ("plastics and articles thereof", 2.2),
    "44": ("wood, pallets and crates", 0.3),
    "52": ("cotton", 2.0),
    "61": ("knitted clothing", 12.0),
    "62": ("woven clothing", 14.0),
    "64": ("footwear", 10.0),
    "69": ("ceramic products, tiles", 0.8),
    "72": ("iron and steel", 0.7),
    "84": ("machinery and parts", 15.0),
    "85": ("electrical equipment, phones", 25.0),
    "87": ("vehicle parts", 8.0),
    "95": ("toys and sports goods", 6.0),
}
# goods mix by (corridor, direction)
GOODS = {
    ("south", "entry"): {"08": 0.24, "07": 0.20, "52": 0.08, "61": 0.08, "62": 0.05, "34": 0.06, "39": 0.05,
                         "69": 0.06, "20": 0.06, "25": 0.04, "84": 0.04, "87": 0.04},
    ("south", "exit"): {"10": 0.22, "11": 0.22, "27": 0.12, "72": 0.12, "31": 0.08, "39": 0.08, "84": 0.08,
                        "44": 0.08},
    ("korday", "entry"): {"61": 0.18, "62": 0.14, "64": 0.10, "08": 0.12, "07": 0.08, "85": 0.10, "95": 0.08,
                          "39": 0.10, "34": 0.10},
    ("korday", "exit"): {"10": 0.25, "11": 0.20, "27": 0.15, "72": 0.15, "39": 0.10, "84": 0.15},
    ("north", "entry"): {"84": 0.20, "87": 0.20, "72": 0.15, "39": 0.15, "34": 0.10, "44": 0.10, "27": 0.10},
    ("north", "exit"): {"08": 0.22, "07": 0.18, "10": 0.14, "11": 0.08, "52": 0.08, "61": 0.10, "72": 0.10,
                        "69": 0.10},
    ("east", "entry"): {"85": 0.22, "84": 0.20, "61": 0.14, "64": 0.12, "95": 0.12, "39": 0.10, "87": 0.10},
    ("east", "exit"): {"10": 0.30, "72": 0.25, "27": 0.20, "11": 0.25},
}
COVER_CHAPTER = {"peaches and pears": "08", "apples": "08", "onions": "07", "household goods": "34",
                 "empty trailer": "44"}

# The true model (coefficients on the log-odds scale), written to the answer key.
SEIZURE_TERMS = (
    ("intercept", -4.9, "baseline log-odds of a seizure"),
    ("origin_TJ_or_AF", 1.7, "goods originate in Tajikistan or Afghanistan"),
    ("produce_cover", 0.9, "HS chapter 07 or 08 (fresh produce, the usual cover load)"),
    ("new_trader", 0.9, "trader registered less than 180 days before the arrival"),
    ("destination_RU", 0.6, "destination Russia (transit along the northern route)"),
    ("driver_crossings_30d", 0.12, "per crossing by the same driver in the previous 30 days (capped at 10)"),
    ("recruited_driver", 1.6, "HIDDEN: driver recruited by a trafficking network (not in the data)"),
)
IRREGULARITY_TERMS = (
    ("intercept", -4.1, "baseline log-odds of an irregularity (misdeclaration, undervaluation)"),
    ("undervalued", 2.4, "declared value far below the real value (shows as a low value per kg)"),
    ("new_trader", 0.8, "trader registered less than 180 days before the arrival"),
    ("trader_propensity", 1.0, "HIDDEN: the trader's own propensity, standard normal × 0.7 (not in the data)"),
    ("recruited_driver", 0.9, "HIDDEN: driver recruited by a trafficking network (not in the data)"),
    ("origin_CN", 0.5, "goods originate in China"),
    ("clothing_footwear", 0.4, "HS chapter 61, 62 or 64"),
)
UNDERVALUED_TERMS = (
    ("intercept", -2.6, "baseline log-odds that a declaration is undervalued"),
    ("trader_propensity", 1.3, "the trader's hidden propensity"),
    ("new_trader", 0.7, "new trader"),
)
UNDERVALUE_FACTOR = 0.35  # an undervalued declaration states about a third of the real value
# Inspection selection: the old profile (4 indicators), a random sample, officers' discretion.
RANDOM_SHARE = 0.05
PROFILE_P = (0.04, 0.16, 0.38, 0.62, 0.80)  # by number of old-profile indicators met
OFFICER_P_TJ, OFFICER_P_OTHER = 0.10, 0.02


@dataclass
class RiskData:
    """The declarations (published rows only) and what is behind them."""

    declarations: pd.DataFrame  # every column of inspections.csv plus hidden columns, UTC seconds in 'utc'
    terms: pd.DataFrame  # the true risk function, one row per term


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _epoch(day: str) -> int:
    return int(np.datetime64(day + "T00:00:00", "s").astype(np.int64)) - 5 * 3600


def local_offset(crossing: str, utc: int) -> int:
    """Minutes east of UTC at a Kazakh crossing at an instant (the 2024 switch to one zone included)."""
    if crossing in EAST_OF_ALMATY_TIME and utc < KZ_SWITCH_UTC:
        return 360
    return 300


def _drivers(rng):
    rows = []
    regions = {cc: [c.region for c in CITIES if c.cc == cc] for cc in NATIONALITIES}
    for corridor in ("south", "korday", "north", "east"):
        n, mix = CORRIDOR_DRIVERS[corridor]
        nat = rng.choice(len(NATIONALITIES), n, p=np.asarray(mix) / sum(mix))
        for k in nat:
            cc = NATIONALITIES[int(k)]
            langs, p = LANGUAGES[cc]
            plate_cc = cc if rng.random() < 0.85 else "KZ"
            rows.append({
                "corridor": corridor, "nationality": cc,
                "language": langs[int(rng.choice(len(langs), p=p))],
                "recruited": bool(rng.random() < RECRUITED[cc]),
                "vehicle_type": ("truck", "van", "car")[int(rng.choice(3, p=(0.72, 0.18, 0.10)))],
                "plate_cc": plate_cc,
                "plate": make_plate(rng, plate_cc, regions[plate_cc][int(rng.integers(0, len(regions[plate_cc])))]),
                "activity": float(rng.lognormal(0, 0.9)),
            })
    return pd.DataFrame(rows)


def _traders(rng, n=1400):
    start = _epoch("2005-01-01")
    end = _epoch("2024-06-20")
    # most companies are old; a steady stream of new ones registers every month
    old = rng.random(n) < 0.7
    reg = np.where(old, rng.uniform(start, _epoch("2022-01-01"), n), rng.uniform(_epoch("2021-06-01"), end, n))
    return pd.DataFrame({
        "registered": reg.astype(np.int64),
        "propensity": rng.normal(0, 0.7, n),
        "activity": rng.lognormal(0, 1.0, n),
        "home": rng.choice(["KZ", "UZ", "KG", "TJ", "RU", "CN"], n, p=(0.55, 0.15, 0.1, 0.08, 0.07, 0.05)),
    }).sort_values("registered", kind="stable").reset_index(drop=True)


def _origin(rng, corridor, direction, nationality):
    if direction == "exit":
        if corridor == "north":
            return str(rng.choice(["KZ", "UZ", "TJ", "KG"], p=(0.55, 0.2, 0.15, 0.10))), "RU"
        dest = {"south": "UZ", "korday": "KG", "east": "CN"}[corridor]
        if corridor == "south" and rng.random() < 0.3:
            dest = "TJ"
        return "KZ", dest
    dest = "KZ" if rng.random() < 0.7 else "RU"
    if corridor == "south":
        p = {"TJ": (0.12, 0.70, 0.10, 0.0, 0.08), "UZ": (0.80, 0.10, 0.03, 0.07, 0.0)}.get(
            nationality, (0.62, 0.20, 0.05, 0.08, 0.05))
        return str(rng.choice(["UZ", "TJ", "AF", "TM", "IR"], p=p)), dest
    if corridor == "korday":
        return str(rng.choice(["KG", "CN", "TJ"], p=(0.6, 0.3, 0.1))), dest
    if corridor == "north":
        return "RU", "KZ"
    return "CN", dest


def build_declarations(seed: int, consignments=(), vehicles=None, org_vehicles=None, persons=None) -> RiskData:
    """All declarations from the warm-up start to 30 June 2024, history features computed in time order;
    the published frame starts on 1 October 2022."""
    rng = component_rng(seed, "risk")
    drivers = _drivers(rng)
    traders = _traders(rng)
    t0, t1 = _epoch(WARMUP_START), _epoch(VIEW_END)
    n = N_DECLARATIONS
    # arrivals: more by day than by night, a little busier in late summer and autumn (harvest)
    day = rng.uniform(0, (t1 - t0) / 86400, n * 2)
    doy = (np.floor(day) + 90) % 365
    keep = rng.random(day.size) < 0.75 + 0.25 * np.cos((doy - 250) / 365 * 2 * np.pi)
    day = np.sort(day[keep][:n])
    hour = np.where(rng.random(n) < 0.8, rng.normal(13, 3.5, n), rng.uniform(0, 24, n)) % 24
    utc = (t0 + np.floor(day) * 86400 + hour * 3600).astype(np.int64)
    crossing_idx = rng.choice(len(CROSSINGS), n, p=[c[2] for c in CROSSINGS])
    crossing = [CROSSINGS[int(k)] for k in crossing_idx]
    direction = np.where(rng.random(n) < 0.55, "entry", "exit")
    # drivers: within the crossing's corridor, in proportion to their activity
    corridor = np.array([c[3] for c in crossing], dtype=object)
    driver = np.zeros(n, dtype=int)
    u = rng.random(n)
    for name in CORRIDOR_DRIVERS:
        group = np.flatnonzero(drivers["corridor"].to_numpy() == name)
        cw = np.cumsum(drivers["activity"].to_numpy()[group])
        rows_here = np.flatnonzero(corridor == name)
        driver[rows_here] = group[np.searchsorted(cw, u[rows_here] * cw[-1])]
    # traders: among those registered at least a day before, in proportion to their activity
    reg = traders["registered"].to_numpy()
    tw = np.cumsum(traders["activity"].to_numpy())
    m = np.searchsorted(reg, utc - 86400)
    trader = np.searchsorted(tw, rng.random(n) * tw[m - 1])
    nat = drivers["nationality"].to_numpy()
    rows = []
    for i in range(n):
        name, partner, _, corr = crossing[i]
        origin, dest = _origin(rng, corr, direction[i], nat[driver[i]])
        mix = GOODS[(corr, direction[i])]
        chapters = sorted(mix)
        weights = np.asarray([mix[c] for c in chapters])
        ch = chapters[int(np.searchsorted(np.cumsum(weights), rng.random() * weights.sum()))]
        rows.append({"utc": int(utc[i]), "crossing": name, "partner": partner, "direction": str(direction[i]),
                     "driver": int(driver[i]), "trader": int(trader[i]), "origin": origin, "destination": dest,
                     "hs": ch, "consignment_id": ""})
    frame = pd.DataFrame(rows)
    frame = pd.concat([frame, _organisation_rows(consignments, vehicles, org_vehicles, persons, drivers, traders)],
                      ignore_index=True)
    frame = frame.sort_values(["utc", "crossing"], kind="stable").reset_index(drop=True)
    frame = _attributes(rng, frame, drivers, traders)
    frame = _history_and_outcomes(rng, frame, drivers, traders)
    published = frame[frame["utc"] >= _epoch(VIEW_START)].reset_index(drop=True)
    published["declaration_id"] = [f"DKZ{i + 1:06d}" for i in range(len(published))]
    published["driver_id"] = [f"DR{d + 1:05d}" for d in published["driver"]]
    published["trader_id"] = [f"TR{t + 1:05d}" for t in published["trader"]]
    terms = pd.DataFrame(
        [{"model": "seizure", "term": t, "coefficient": c, "meaning": m} for t, c, m in SEIZURE_TERMS]
        + [{"model": "irregularity", "term": t, "coefficient": c, "meaning": m} for t, c, m in IRREGULARITY_TERMS]
        + [{"model": "undervalued", "term": t, "coefficient": c, "meaning": m} for t, c, m in UNDERVALUED_TERMS])
    return RiskData(published, terms)


def _organisation_rows(consignments, vehicles, org_vehicles, persons, drivers, traders):
    """The organisation's trucks where they crossed a Kazakh road crossing in this view."""
    if not consignments:
        return pd.DataFrame()
    plates = dict(zip(vehicles["vehicle_id"], vehicles["plate"], strict=True))
    owners = dict(zip(vehicles["vehicle_id"], vehicles["owner"], strict=True))
    # the organisation's front company, registered shortly before the first load
    front = int(np.searchsorted(traders["registered"].to_numpy(), _epoch("2024-01-25")))
    rows, org_driver = [], {}
    for c in consignments:
        for key, stops in c.stages:
            for s in stops:
                if s.place not in ("Zhibek Zholy", "Zhaysan"):
                    continue
                vid = org_vehicles[key]
                if vid not in org_driver:
                    nat = str(persons["nationality"].iat[int(owners[vid])])
                    langs, _ = LANGUAGES.get(nat, (("ru",), (1.0,)))
                    drivers.loc[len(drivers)] = {
                        "corridor": "south" if s.place == "Zhibek Zholy" else "north", "nationality": nat,
                        "language": "ru", "recruited": True, "vehicle_type": "truck", "plate_cc": nat,
                        "plate": plates[vid], "activity": 0.0}
                    org_driver[vid] = len(drivers) - 1
                entry = s.place == "Zhibek Zholy"
                rows.append({"utc": int(s.arrive) + 600, "crossing": s.place, "partner": "UZ" if entry else "RU",
                             "direction": "entry" if entry else "exit", "driver": org_driver[vid],
                             "trader": front, "origin": "TJ", "destination": "KZ" if entry else "RU",
                             "hs": COVER_CHAPTER[c.cover_cargo], "consignment_id": c.consignment_id})
    return pd.DataFrame(rows)


def _attributes(rng, f, drivers, traders):
    n = len(f)
    d = f["driver"].to_numpy()
    f["vehicle_type"] = drivers["vehicle_type"].to_numpy()[d]
    f["plate"] = drivers["plate"].to_numpy()[d]
    f["plate_country"] = drivers["plate_cc"].to_numpy()[d]
    f["driver_nationality"] = drivers["nationality"].to_numpy()[d]
    f["documents_language"] = drivers["language"].to_numpy()[d]
    f["recruited"] = drivers["recruited"].to_numpy()[d].astype(bool)
    t = f["trader"].to_numpy()
    f["trader_age_days"] = ((f["utc"].to_numpy() - traders["registered"].to_numpy()[t]) // 86400).astype(int)
    f["propensity"] = traders["propensity"].to_numpy()[t]
    vt = f["vehicle_type"].to_numpy()
    weight = np.select([vt == "truck", vt == "van"],
                       [np.clip(rng.normal(17000, 4000, n), 3000, 24000), np.clip(rng.normal(1500, 600, n), 300, 3500)],
                       np.clip(rng.lognormal(np.log(250), 0.6, n), 30, 900))
    f["gross_weight_kg"] = np.round(weight, 0)
    new = f["trader_age_days"].to_numpy() < 180
    p_under = _sigmoid(-2.6 + 1.3 * f["propensity"].to_numpy() + 0.7 * new)
    f["undervalued"] = rng.random(n) < p_under
    vpk = np.array([CHAPTERS[h][1] for h in f["hs"]]) * rng.lognormal(0, 0.35, n)
    value = f["gross_weight_kg"].to_numpy() * vpk * np.where(f["undervalued"], UNDERVALUE_FACTOR, 1.0)
    f["declared_value_usd"] = np.round(value, 2)
    f["goods_description"] = [CHAPTERS[h][0] for h in f["hs"]]
    return f


def _history_and_outcomes(rng, f, drivers, traders):
    """Walk the declarations in time order: history features, true risk, selection, outcome."""
    n = len(f)
    utc = f["utc"].to_numpy()
    drv, trd = f["driver"].to_numpy(), f["trader"].to_numpy()
    recent: dict[int, deque] = {}
    d_insp, d_hit = np.zeros(len(drivers), int), np.zeros(len(drivers), int)
    t_insp, t_hit = np.zeros(len(traders), int), np.zeros(len(traders), int)
    cols = {k: np.zeros(n, int) for k in ("driver_crossings_30d", "driver_prior_inspections", "driver_prior_hits",
                                          "trader_prior_inspections", "trader_prior_hits")}
    origin = f["origin"].to_numpy()
    hs = f["hs"].to_numpy()
    new = f["trader_age_days"].to_numpy() < 180
    to_ru = f["destination"].to_numpy() == "RU"
    nat = f["driver_nationality"].to_numpy()
    org = f["consignment_id"].to_numpy() != ""
    u_sel, u_out, u_rand, u_off = rng.random(n), rng.random(n), rng.random(n), rng.random(n)
    p_seiz, p_irr = np.zeros(n), np.zeros(n)
    inspected = np.zeros(n, bool)
    selection = np.full(n, "", dtype=object)
    outcome = np.full(n, "", dtype=object)
    produce = np.isin(hs, ("07", "08"))
    recruited = f["recruited"].to_numpy()
    propensity = f["propensity"].to_numpy()
    under = f["undervalued"].to_numpy()
    truck = f["vehicle_type"].to_numpy() == "truck"
    clothing = np.isin(hs, ("61", "62", "64"))
    for i in range(n):
        d, t = int(drv[i]), int(trd[i])
        q = recent.setdefault(d, deque())
        while q and q[0] <= utc[i] - 30 * 86400:
            q.popleft()
        cols["driver_crossings_30d"][i] = len(q)
        cols["driver_prior_inspections"][i], cols["driver_prior_hits"][i] = d_insp[d], d_hit[d]
        cols["trader_prior_inspections"][i], cols["trader_prior_hits"][i] = t_insp[t], t_hit[t]
        q.append(utc[i])
        s = (-4.9 + 1.7 * (origin[i] in ("TJ", "AF")) + 0.9 * produce[i] + 0.9 * new[i] + 0.6 * to_ru[i]
             + 0.12 * min(len(q) - 1, 10) + 1.6 * recruited[i])
        r = (-4.1 + 2.4 * under[i] + 0.8 * new[i] + 1.0 * propensity[i] + 0.9 * recruited[i]
             + 0.5 * (origin[i] == "CN") + 0.4 * clothing[i])
        p_seiz[i], p_irr[i] = _sigmoid(s), _sigmoid(r)
        if org[i]:
            continue  # cleared by the insider at Zhibek Zholy, waved through at Zhaysan
        old_profile = (int(origin[i] in ("TJ", "AF")) + int(new[i]) + int(produce[i] and truck[i])
                       + int(t_hit[t] > 0))
        if u_rand[i] < RANDOM_SHARE:
            selection[i] = "random"
        elif u_sel[i] < PROFILE_P[old_profile]:
            selection[i] = "profile"
        elif u_off[i] < (OFFICER_P_TJ if nat[i] == "TJ" else OFFICER_P_OTHER):
            selection[i] = "officer"
        if not selection[i]:
            continue
        inspected[i] = True
        d_insp[d] += 1
        t_insp[t] += 1
        p_s = p_seiz[i]
        p_hit = p_s + (1 - p_s) * p_irr[i]
        if u_out[i] < p_s:
            outcome[i] = "seizure"
        elif u_out[i] < p_hit:
            outcome[i] = "irregularity"
        else:
            outcome[i] = "clean"
        if outcome[i] != "clean":
            d_hit[d] += 1
            t_hit[t] += 1
    for k, v in cols.items():
        f[k] = v
    f["p_seizure"], f["p_irregularity"] = p_seiz, p_irr
    f["p_hit"] = p_seiz + (1 - p_seiz) * p_irr
    f["inspected"], f["selection"], f["outcome"] = inspected, selection, outcome
    mean = np.select([outcome == "seizure", outcome == "irregularity"], [170.0, 90.0], 35.0)
    dur = np.round(rng.gamma(4.0, mean / 4.0))
    f["inspection_duration_min"] = np.where(inspected, np.maximum(dur, 5), np.nan)
    return f
