"""Secondary inspections of outbound travellers at Dushanbe airport and two road crossings.

Whether a traveller carries drugs depends on behaviour only (a one-way ticket paid in cash,
frequent short trips, light luggage on a long flight), never on nationality: nationalities are
assigned after the outcome, evenly across carriers and non-carriers within each selection reason. How travellers come to
be inspected does depend on nationality: officers choosing "on discretion" pick Afghan nationals
far more often than they travel. The register of *finds* therefore over-represents them although
their hit rate is no higher: the trap a nationality-based profile falls into.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .core import COMPONENTS

N_CHECKS = 3000
PLACES = (("Dushanbe airport", 0.45), ("Dusti", 0.35), ("Fotehobod", 0.20))
DESTINATIONS = {"Dushanbe airport": ("Moscow", "Yekaterinburg", "Novosibirsk", "Almaty", "Samara"),
                "Dusti": ("Tashkent", "Samarkand", "Termez"), "Fotehobod": ("Tashkent", "Shymkent", "Almaty")}
NATIONALITY_BASE = {"TJ": 0.72, "UZ": 0.12, "AF": 0.06, "RU": 0.04, "KG": 0.03, "KZ": 0.03}
NATIONALITY_DISCRETION = {"TJ": 0.42, "UZ": 0.1, "AF": 0.42, "RU": 0.02, "KG": 0.02, "KZ": 0.02}
REASON_WEIGHTS = {"random": 0.22, "risk indicators": 0.43, "officer discretion": 0.35}
# Probability of a find: logistic in behaviour only. Nationality has no coefficient: it has no effect.
COEF = {"intercept": -3.7, "one_way_cash": 2.1, "frequent_trips": 0.8, "light_luggage_air": 0.9}
CONCEALMENT = {"air": ("swallowed capsules", "in the lining of a suitcase", "on the body"),
               "car": ("in door panels", "in the spare wheel", "under the seats"),
               "bus": ("in luggage", "on the body", "in a bag of dried fruit"),
               "on foot": ("on the body", "in a backpack")}


def _pick(rng, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return str(rng.choice(keys, p=p / p.sum()))


def build_courier_checks(seed: int) -> pd.DataFrame:
    """One row per secondary inspection, in time order, with raw fields (see the view for formats)."""
    rng = np.random.default_rng([seed, COMPONENTS["crime_series"], 1])
    rows = []
    for _ in range(N_CHECKS):
        place = _pick(rng, dict(PLACES))
        mode = "air" if place == "Dushanbe airport" else _pick(rng, {"car": 0.45, "bus": 0.4, "on foot": 0.15})
        reason = _pick(rng, REASON_WEIGHTS)
        flagged = reason == "risk indicators"
        ticket = ("one-way" if rng.random() < (0.65 if flagged else 0.25) else "return") if mode in ("air", "bus") \
            else "n/a"
        cash = bool(rng.random() < (0.7 if flagged else 0.3))
        trips = int(rng.poisson(2.6 if flagged else 0.8))
        luggage = _pick(rng, {"none": 0.1, "light": 0.55 if flagged else 0.3, "heavy": 0.35 if flagged else 0.6})
        logit = (COEF["intercept"] + COEF["one_way_cash"] * (ticket == "one-way" and cash)
                 + COEF["frequent_trips"] * (trips >= 3)
                 + COEF["light_luggage_air"] * (luggage == "light" and mode == "air"))
        found = bool(rng.random() < 1 / (1 + math.exp(-logit)))
        sex = "M" if rng.random() < 0.82 else "F"
        age = int(np.clip(rng.normal(33, 10), 18, 72))
        drug = qty = concealment = ""
        if found:
            drug = str(rng.choice(["heroin", "hashish", "opium", "methamphetamine"], p=[0.45, 0.3, 0.15, 0.1]))
            concealment = str(rng.choice(CONCEALMENT[mode]))
            qty = float(np.clip(rng.lognormal(math.log(0.6 if mode in ("air", "on foot") else 2.0), 0.7), 0.05, 12))
            if concealment == "swallowed capsules":
                qty = min(qty, 1.1)
        rows.append({"utc_day": float(rng.uniform(0, 91)), "place": place, "transport_mode": mode,
                     "destination": str(rng.choice(DESTINATIONS[place])), "age": age, "sex": sex,
                     "nationality": "", "ticket": ticket, "paid_cash": cash, "trips_90d": trips,
                     "luggage": luggage, "selection_reason": reason, "drugs_found": found, "drug": drug,
                     "quantity_kg": qty, "concealment": concealment})
    frame = pd.DataFrame(rows)
    frame["nationality"] = _nationalities(rng, frame)
    return frame.sort_values("utc_day", kind="stable").reset_index(drop=True)


def _nationalities(rng, frame: pd.DataFrame) -> np.ndarray:
    """Nationality of each inspected traveller, drawn apart from behaviour and outcome: within each
    selection reason the shares follow NATIONALITY_BASE (discretion: NATIONALITY_DISCRETION), and
    each nationality is spread evenly over carriers and non-carriers, so that small groups do not
    show a hit rate of their own by chance."""
    out = np.empty(len(frame), dtype=object)
    for reason in REASON_WEIGHTS:
        rows = np.flatnonzero((frame["selection_reason"] == reason).to_numpy())
        weights = NATIONALITY_DISCRETION if reason == "officer discretion" else NATIONALITY_BASE
        counts = rng.multinomial(len(rows), np.array(list(weights.values())) / sum(weights.values()))
        keys, labels = [], []
        for nat, c in zip(weights, counts, strict=True):
            keys += list((np.arange(c) + rng.random()) / max(c, 1))
            labels += [nat] * int(c)
        interleaved = np.array(labels, dtype=object)[np.argsort(keys, kind="stable")]
        order = np.lexsort((rng.random(len(rows)), ~frame["drugs_found"].to_numpy()[rows]))
        out[rows[order]] = interleaved
    return out
