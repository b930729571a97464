"""Vehicles: the organisation's cars and trucks first (so background changes never move them), then
the background fleet registered across the region."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import component_rng
from .organisation import N_PERSONS, Member, by_role
from .plates import make_plate
from .reference import CITIES, CITY

N_BACKGROUND = 1650
MAKES = {
    "car": ("Chevrolet Cobalt", "Chevrolet Nexia", "Chevrolet Lacetti", "Lada Granta", "Lada Vesta",
            "Toyota Camry", "Hyundai Accent", "Kia Rio", "Daewoo Matiz", "Toyota Land Cruiser", "Hyundai Tucson",
            "Volkswagen Polo", "Mercedes-Benz E-Class", "Opel Astra", "Honda Fit"),
    "truck": ("KAMAZ 5490", "MAN TGX", "Volvo FH", "Scania R450", "DAF XF", "Mercedes-Benz Actros", "Howo A7",
              "Isuzu NPR"),
    "bus": ("Isuzu Bogdan", "Yutong ZK6122", "Hyundai County", "GAZelle Next"),
    "van": ("GAZelle Business", "Hyundai Porter", "Ford Transit", "Damas"),
}
COLOURS = ("white", "white", "white", "silver", "black", "grey", "blue", "red", "beige", "green")
# Where background vehicles are registered: Central Asia by population, a few Russian trucks.
REG_COUNTRIES = ("KZ", "KG", "UZ", "TJ", "TM", "RU")
REG_WEIGHTS = np.array([0.34, 0.16, 0.22, 0.18, 0.03, 0.07])


def _vehicle(rng, vid, cc, city, kind, owner):
    return {
        "vehicle_id": vid,
        "plate": make_plate(rng, cc, CITY[city].region),
        "country": cc,
        "region_city": city,
        "vehicle_type": kind,
        "make_model": MAKES[kind][int(rng.integers(0, len(MAKES[kind])))],
        "colour": COLOURS[int(rng.integers(0, len(COLOURS)))],
        "owner": owner,
    }


# The organisation's vehicles: (key, role, cell, kind, country, city of registration)
ORG_VEHICLES = (
    ("south_car", "courier", "south", "car", "TJ", "Bokhtar"),
    ("south_truck", "driver", "south", "truck", "TJ", "Khujand"),
    ("north_truck", "driver", "north", "truck", "KZ", "Shymkent"),
    ("south_truck_2", "driver", "south", "truck", "TJ", "Khujand"),
    ("south_car_2", "courier", "south", "car", "TJ", "Bokhtar"),
    ("north_truck_2", "driver", "north", "truck", "KZ", "Shymkent"),
    ("scout_car", "scout", "north", "car", "KZ", "Shymkent"),
    ("north_car", "courier", "north", "car", "KZ", "Kyzylorda"),
    ("broker_car", "broker", "core", "car", "TJ", "Khujand"),
)


def build_vehicles(seed: int, members: tuple[Member, ...]) -> tuple[pd.DataFrame, dict[str, str]]:
    """All vehicles (owner = population index, -1 for companies) and {org key: vehicle_id}."""
    rng = component_rng(seed, "vehicles")
    rows, org = [], {}
    for key, role, cell, kind, cc, city in ORG_VEHICLES:
        owner = by_role(members, role, cell)[0].person
        vid = f"V{len(rows) + 1:05d}"
        rows.append(_vehicle(rng, vid, cc, city, kind, owner))
        org[key] = vid
    cities_by_cc = {cc: [c for c in CITIES if c.cc == cc] for cc in REG_COUNTRIES}
    kinds = rng.choice(["car", "truck", "bus", "van"], size=N_BACKGROUND, p=[0.72, 0.16, 0.04, 0.08])
    ccs = rng.choice(REG_COUNTRIES, size=N_BACKGROUND, p=REG_WEIGHTS / REG_WEIGHTS.sum())
    owners = rng.integers(0, N_PERSONS, N_BACKGROUND)
    for i in range(N_BACKGROUND):
        options = cities_by_cc[ccs[i]]
        pops = np.array([c.population for c in options], dtype=float)
        city = options[int(rng.choice(len(options), p=pops / pops.sum()))].name
        owner = -1 if kinds[i] in ("truck", "bus") and rng.random() < 0.5 else int(owners[i])
        rows.append(_vehicle(rng, f"V{len(rows) + 1:05d}", str(ccs[i]), city, str(kinds[i]), owner))
    frame = pd.DataFrame(rows)
    # Plates must be unique in this world (the one clone is planted later, on purpose).
    dup = frame["plate"].duplicated()
    while dup.any():
        for i in np.flatnonzero(dup.to_numpy()):
            frame.loc[i, "plate"] = make_plate(rng, frame.loc[i, "country"], CITY[frame.loc[i, "region_city"]].region)
        dup = frame["plate"].duplicated()
    return frame, org
