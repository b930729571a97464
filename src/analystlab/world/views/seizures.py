"""The regional seizures register: background seizures by many traffickers plus the organisation's
seized consignments, with the duplicates and gaps a real register has."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import EPOCH0, PERIOD_DAYS, component_rng, fmt_float, local_date
from ..plates import make_plate
from ..reference import CITIES, CITY, CROSSING, CROSSINGS, ROADS, country_of, nearest_city, point, utc_offset_at
from ..schema import Column, Table

N_BACKGROUND = 372
N_DUPLICATES = 3

COUNTRY_WEIGHTS = {"TJ": 0.36, "UZ": 0.2, "KZ": 0.17, "KG": 0.15, "RU": 0.07, "TM": 0.05}
DRUGS = ("heroin", "hashish", "opium", "methamphetamine", "cannabis")
DRUG_WEIGHTS = (0.36, 0.33, 0.08, 0.09, 0.14)
# Concealment by transport mode (reference §6 and the usual register wording).
CONCEALMENT = {
    "truck": ("compartment between cab and trailer", "under a load of apples", "in sacks of onions",
              "under peaches and pears", "in shoe-cream tins", "in the cab of an empty truck",
              "in plastic bags in the trailer"),
    "car": ("in the fuel tank", "in the gas cylinder", "in sacks of onions", "in door panels", "in the spare wheel",
            "under the seats"),
    "bus": ("in luggage", "on the body", "in a bag of dried fruit"),
    "rail": ("under the passenger-carriage floor", "in a tanker wagon", "in luggage"),
    "air": ("swallowed capsules", "in the lining of a suitcase"),
    "on foot": ("on the body", "in a backpack", "in a bag of dried fruit"),
}
AIRPORTS = ("Almaty", "Astana", "Tashkent", "Dushanbe", "Khujand", "Bishkek", "Osh", "Moscow", "Samarkand")
# Khatlon and the Afghan border are where most Tajik seizures happen.
CROSSING_WEIGHT = {"Panji Poyon": 6.0, "Termez-Hairatan Friendship Bridge": 3.0, "Ishkoshim": 2.0, "Khorog bridge": 1.5}
TJ_CITY_BOOST = {"Bokhtar": 6.0, "Kulob": 4.0, "Khorugh": 1.5}

COLUMNS = (
    Column("seizure_id", "string",
           "register number, SZ-NNNN, in date order (a record entered twice repeats it)"),
    Column("date", "date", "date of the seizure", tz="local time of the place of seizure"),
    Column("country", "string", "country of seizure, ISO 3166-1 alpha-2 (KZ KG TJ UZ TM RU)"),
    Column("city", "string", "nearest city in the reference list (empty when not recorded)"),
    Column("location_type", "string", "border crossing | road checkpoint | railway | airport | city"),
    Column("crossing", "string", "border crossing point name, empty when not at a crossing or not recorded"),
    Column("agency", "string", "seizing agency: Customs | Border Service | Drug Control Agency | Police"),
    Column("drug", "string", "heroin | hashish | opium | methamphetamine | cannabis"),
    Column("quantity_kg", "float", "net weight seized", unit="kg, 3 decimals"),
    Column("packages", "int", "number of packets, bricks or capsules (empty when not recorded)", unit="count"),
    Column("concealment", "string", "where the drugs were hidden"),
    Column("transport_mode", "string", "truck | car | bus | rail | air | on foot"),
    Column("vehicle_plate", "string", "registration plate in its country's format; empty when no vehicle"),
    Column("persons_detained", "int", "persons detained at the scene", unit="count"),
    Column("lat", "float", "latitude of the place of seizure", unit="degrees WGS84, 4 decimals"),
    Column("lon", "float", "longitude of the place of seizure", unit="degrees WGS84, 4 decimals"),
)


def _quantity(rng, mode: str, drug: str) -> float:
    """Seized weight: most seizures are small, trucks carry the long tail (up to ~775 kg)."""
    median, sigma, cap = {"truck": (18.0, 1.3, 775.0), "car": (2.0, 1.3, 95.0), "bus": (0.6, 1.0, 12.0),
                          "rail": (1.5, 1.2, 40.0), "air": (0.4, 0.6, 3.5), "on foot": (0.25, 1.1, 8.0)}[mode]
    if drug == "cannabis":
        median *= 2.5
    elif drug == "methamphetamine":
        median *= 0.5
    qty = median * np.exp(sigma * rng.standard_normal())
    if qty > cap:  # keep the tail below the largest seizures on record without a pile-up at the cap
        qty = cap * rng.uniform(0.5, 1.0)
    return float(max(qty, 0.012))


def _packages(rng, qty: float, mode: str, concealment: str) -> int:
    if concealment == "swallowed capsules":
        return max(1, int(round(qty / rng.uniform(0.003, 0.012))))
    if qty < 1:
        return int(rng.integers(1, 6))
    return max(1, int(round(qty / rng.uniform(0.5, 1.1))))


def _place(rng, cc: str):
    """(location_type, crossing, city, lat, lon, allowed modes) of one background seizure."""
    crossings = [c for c in CROSSINGS if c.cc == cc and c.other != "CN"]
    kind = rng.choice(["border crossing", "road checkpoint", "railway", "airport", "city"],
                      p=[0.34, 0.24, 0.07, 0.07, 0.28] if crossings else [0, 0.4, 0.1, 0.1, 0.4])
    if kind == "border crossing":
        weights = np.array([CROSSING_WEIGHT.get(c.name, 3.0 if c.other == "AF" else 1.0) for c in crossings])
        c = crossings[int(rng.choice(len(crossings), p=weights / weights.sum()))]
        modes = ("truck", "car", "bus", "on foot") if "road" in c.modes else ()
        modes += ("rail",) if "rail" in c.modes else ()
        return kind, c.name, c.city, c.lat, c.lon, modes
    if kind == "airport":
        airports = [a for a in AIRPORTS if CITY[a].cc == cc]
        if airports:
            city = CITY[airports[int(rng.integers(0, len(airports)))]]
            return kind, "", city.name, city.lat + 0.03, city.lon + 0.03, ("air",)
        kind = "city"
    if kind == "road checkpoint":
        legs = [(a, b) for road in ROADS for a, b in zip(road, road[1:], strict=False)
                if country_of(a) == cc and country_of(b) == cc]
        if legs:
            a, b = legs[int(rng.integers(0, len(legs)))]
            f = rng.uniform(0.15, 0.85)
            (la, oa), (lb, ob) = point(a), point(b)
            lat, lon = la + f * (lb - la), oa + f * (ob - oa)
            return kind, "", nearest_city(lat, lon, cc).name, lat, lon, ("truck", "car", "bus")
        kind = "city"
    cities = [c for c in CITIES if c.cc == cc]
    w = np.array([c.population * TJ_CITY_BOOST.get(c.name, 1.0) for c in cities], dtype=float) ** 0.7
    city = cities[int(rng.choice(len(cities), p=w / w.sum()))]
    lat, lon = city.lat + rng.normal(0, 0.03), city.lon + rng.normal(0, 0.03)
    if kind == "railway":
        return kind, "", city.name, lat, lon, ("rail",)
    return "city", "", city.name, lat, lon, ("car", "on foot", "bus")


def _agency(rng, location_type: str, cc: str) -> str:
    if location_type in ("border crossing",):
        return "Customs" if rng.random() < 0.55 else "Border Service"
    if location_type in ("airport", "railway"):
        return "Customs" if rng.random() < 0.6 else "Police"
    dca = 0.35 if cc in ("TJ", "KG") else 0.15
    return "Drug Control Agency" if rng.random() < dca else "Police"


def background_seizures(seed: int) -> list[dict]:
    """Seizures by traffickers other than the organisation."""
    rng = component_rng(seed, "seizures")
    ccs = list(COUNTRY_WEIGHTS)
    p = np.array([COUNTRY_WEIGHTS[c] for c in ccs])
    rows = []
    for _ in range(N_BACKGROUND):
        cc = str(rng.choice(ccs, p=p / p.sum()))
        location_type, crossing, city, lat, lon, modes = _place(rng, cc)
        mode = str(rng.choice(modes, p=_mode_weights(modes)))
        drug = str(rng.choice(DRUGS, p=DRUG_WEIGHTS))
        if cc == "TJ" and drug == "methamphetamine":
            drug = "hashish"
        qty = _quantity(rng, mode, drug)
        concealment = str(rng.choice(CONCEALMENT[mode]))
        if concealment == "swallowed capsules":
            qty = min(qty, 1.2)
        plate = ""
        if mode in ("truck", "car", "bus"):
            reg_cc = cc if rng.random() < 0.8 else str(rng.choice(["KZ", "KG", "UZ", "TJ", "RU"]))
            reg_cities = [c for c in CITIES if c.cc == reg_cc]
            plate = make_plate(rng, reg_cc, reg_cities[int(rng.integers(0, len(reg_cities)))].region)
        utc = EPOCH0 + int(rng.uniform(0, PERIOD_DAYS * 86400))
        rows.append({
            "utc": utc, "country": cc, "city": city, "location_type": location_type, "crossing": crossing,
            "agency": _agency(rng, location_type, cc), "drug": drug, "quantity_kg": qty,
            "packages": _packages(rng, qty, mode, concealment), "concealment": concealment,
            "transport_mode": mode, "vehicle_plate": plate,
            "persons_detained": int(rng.choice([0, 1, 1, 1, 1, 2, 2, 3])) if mode != "air" else 1,
            "lat": lat, "lon": lon, "consignment_id": "",
        })
    return rows


def _mode_weights(modes) -> np.ndarray:
    base = {"truck": 3.0, "car": 4.0, "bus": 1.0, "rail": 1.0, "air": 1.0, "on foot": 1.5}
    w = np.array([base[m] for m in modes])
    return w / w.sum()


def organisation_seizures(consignments, vehicles: pd.DataFrame, org_vehicles: dict[str, str]) -> list[dict]:
    """The organisation's consignments that were seized, as register rows."""
    plates = dict(zip(vehicles["vehicle_id"], vehicles["plate"], strict=True))
    rows = []
    for c in consignments:
        if not c.seized:
            continue
        key = c.stages[-1][0]
        place = c.seized_at
        cc = country_of(place)
        lat, lon = point(place)
        city = CROSSING[place].city if place in CROSSING else place
        if c.seized_location_type == "road checkpoint":
            lat, lon = lat + 0.05, lon - 0.08  # the police post on the road into town
        rows.append({
            "utc": c.seized_utc, "country": cc, "city": city, "location_type": c.seized_location_type,
            "crossing": place if place in CROSSING else "", "agency": c.seized_agency, "drug": c.drug,
            "quantity_kg": c.quantity_kg, "packages": c.packages, "concealment": c.concealment,
            "transport_mode": "car" if key.startswith("south_car") else "truck",
            "vehicle_plate": plates[org_vehicles[key]],
            "persons_detained": c.detained, "lat": lat, "lon": lon, "consignment_id": c.consignment_id,
        })
    return rows


def _plant_slips(rng, frame: pd.DataFrame, background: np.ndarray, dup_rows: np.ndarray) -> list[tuple[str, str]]:
    """Change three background rows in place so that each shortcut a trainee might take from Excel gives a
    different answer from the stated rule; return (seizure_id, slip) for the answer key.

    The rows are outside Kazakhstan and Kyrgyzstan (the slices the lessons work on) and never heroin (the
    GIS lesson's slice), and none is a duplicated row or next to one, so the lessons' figures stand.
    """
    near_dup = np.concatenate([dup_rows - 1, dup_rows, dup_rows + 1])
    pool = (frame.index.isin(background) & ~frame.index.isin(near_dup) & ~frame["country"].isin(["KZ", "KG"]).to_numpy()
            & (frame["drug"] != "heroin").to_numpy())
    slips: list[tuple[str, str]] = []

    def pick(mask) -> int:
        """One row of the pool meeting `mask`, taken out of the pool (with its neighbours) once chosen."""
        i = int(rng.choice(np.flatnonzero(pool & np.asarray(mask))))
        pool[max(i - 1, 0):i + 2] = False
        return i

    # Counted in 100 g slabs: the most packages but not the most kilograms (the heaviest truck seizure
    # below the two largest, so `packages.idxmax()` names neither `quantity_kg.idxmax()` nor the
    # runner-up that a slip in sorting gives).
    qty = frame["quantity_kg"].astype(float)
    trucks = np.flatnonzero(pool & (frame["transport_mode"] == "truck").to_numpy())
    trucks = trucks[~np.isin(trucks, qty.nlargest(2).index.to_numpy())]
    i = int(trucks[np.argmax(qty.to_numpy()[trucks])])
    pool[max(i - 1, 0):i + 2] = False
    frame.loc[i, "packages"] = max(int(round(qty[i] / 0.1)), int(frame["packages"].max()) + 1)
    slips.append((frame.loc[i, "seizure_id"], "packages in slabs"))
    # A border-crossing seizure whose crossing the agency left blank (not at the busiest crossing, whose
    # lead it would otherwise narrow): `crossing.notna()` misses it, `location_type` does not.
    busiest = frame.loc[frame["crossing"] != "", "crossing"].value_counts().index[0]
    i = pick((frame["location_type"] == "border crossing") & (frame["crossing"] != busiest))
    frame.loc[i, "crossing"] = ""
    slips.append((frame.loc[i, "seizure_id"], "crossing not recorded"))
    # A car seizure with no plate recorded: the share of road vehicles is not the share with a plate.
    i = pick(frame["transport_mode"] == "car")
    frame.loc[i, "vehicle_plate"] = ""
    slips.append((frame.loc[i, "seizure_id"], "plate not recorded"))
    return sorted(slips)


def seizures_tables(seed: int, consignments, vehicles, org_vehicles) -> list[Table]:
    """seizures.csv plus its answer-key files."""
    rng = component_rng(seed, "noise")
    frame = pd.DataFrame(background_seizures(seed) + organisation_seizures(consignments, vehicles, org_vehicles))
    frame["offset"] = [utc_offset_at(cc, city) for cc, city in zip(frame["country"], frame["city"], strict=True)]
    frame = frame.sort_values(["utc", "lat"], kind="stable").reset_index(drop=True)
    frame["seizure_id"] = [f"SZ-{i + 1:04d}" for i in range(len(frame))]
    frame["date"] = local_date(frame["utc"], frame["offset"])
    frame["quantity_kg"] = fmt_float(frame["quantity_kg"].round(3), 3)
    frame["lat"], frame["lon"] = fmt_float(frame["lat"], 4), fmt_float(frame["lon"], 4)
    frame["packages"] = frame["packages"].astype("Int64")
    # Gaps: a few registers left packages or city blank (never on the organisation's rows, which the
    # answer key describes in full).
    background = np.flatnonzero(frame["consignment_id"].to_numpy() == "")
    no_packages = rng.choice(background, 14, replace=False)
    frame.loc[no_packages, "packages"] = pd.NA
    no_city = rng.choice(np.setdiff1d(background, no_packages), 7, replace=False)
    frame.loc[no_city, "city"] = ""
    # Registered twice: exact copies, placed right after the original.
    dup_rows = np.sort(rng.choice(background, N_DUPLICATES, replace=False))
    slips = _plant_slips(rng, frame, background, dup_rows)
    order = np.sort(np.concatenate([np.arange(len(frame)), dup_rows]), kind="stable")
    register = frame.iloc[order].reset_index(drop=True)
    names = [c.name for c in COLUMNS]

    truth_org = frame[frame["consignment_id"] != ""][["seizure_id", "consignment_id"]].reset_index(drop=True)
    truth_dup = pd.DataFrame({"seizure_id": frame.loc[dup_rows, "seizure_id"].to_numpy(),
                              "copies": np.full(len(dup_rows), 2)})
    truth_slips = pd.DataFrame(slips, columns=["seizure_id", "slip"])
    return [
        Table("seizures.csv", "Regional drug seizures register",
              "One row per recorded seizure in Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan, Turkmenistan "
              "and the Russian border regions over the world period, as compiled from the agencies' returns. "
              "Like a real register it has a few records entered twice and some blank fields.",
              COLUMNS, register[names]),
        Table("truth/seizures_organisation.csv", "Answer key: which seizures are the organisation's consignments",
              "Seizures of the planted organisation's consignments (see truth/consignments.csv).",
              (Column("seizure_id", "string", "seizures.csv register number"),
               Column("consignment_id", "string", "the organisation's consignment, CNN")), truth_org),
        Table("truth/seizures_duplicates.csv", "Answer key: seizures registered more than once",
              "Register numbers that appear more than once in seizures.csv as exact copies (all columns "
              "identical).",
              (Column("seizure_id", "string", "seizures.csv register number"),
               Column("copies", "int", "rows carrying this number", unit="count")), truth_dup),
        Table("truth/seizures_slips.csv", "Answer key: register entries that look alike but are not",
              "Rows planted so that a shortcut gives a different answer from the stated rule: a border-crossing "
              "seizure whose crossing was not recorded, a seizure "
              "counted in small slabs (the most packages is not the most kilograms), a car seizure with no plate.",
              (Column("seizure_id", "string", "seizures.csv register number (as written in the register)"),
               Column("slip", "string", "crossing not recorded | packages in slabs | plate not recorded")),
              truth_slips),
    ]
