"""ANPR methods: plate formats, normalisation and repair of misreads, co-reads (the convoy self-join),
speeds between consecutive reads.

Plate formats (private vehicles, current series) from ../shared/reference §3: KZ ``123 ABC 02``,
KG ``01 123 ABC``, UZ ``01 A123BC``, TJ ``1234 AB 01``, RU ``А123ВС 77`` (only the twelve Cyrillic letters
АВЕКМНОРСТУХ, which have Latin look-alikes), TM ``AH 1234 AB``. Many ANPR engines store the Latin
look-alike of a Cyrillic letter; a few keep the Cyrillic one, and a mixed-script read looks identical
on screen but is a different string. Normalise to Latin before comparing plates.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# Cyrillic letters that look like Latin ones (plates use these only), and what they look like.
HOMOGLYPHS = {"А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
              "Т": "T", "У": "Y", "Х": "X"}
# Character templates per country: D a digit, L a letter, anything else literal.
TEMPLATES = {"KZ": "DDD LLL DD", "KG": "DD DDD LLL", "UZ": "DD LDDDLL", "TJ": "DDDD LL DD", "RU": "LDDDLL DD",
             "TM": "LL DDDD LL"}
RU_LATIN = "ABEKMHOPCTYX"


def _pattern(template: str, letters: str = "A-Z") -> str:
    return "^" + "".join(r"\d" if c == "D" else f"[{letters}]" if c == "L" else re.escape(c)
                         for c in template) + "$"


PLATE_PATTERNS = {cc: re.compile(_pattern(t, RU_LATIN if cc == "RU" else "A-Z")) for cc, t in TEMPLATES.items()}
PLATE_PATTERNS["RU3"] = re.compile(_pattern("LDDDLL DDD", RU_LATIN))  # three-digit region codes
# The confusions OCR engines make between a digit and a letter.
TO_DIGIT = {"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6"}
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G"}


def to_latin(plate: str) -> str:
    """A plate with Cyrillic look-alikes replaced by Latin letters, upper case, spaces kept."""
    return "".join(HOMOGLYPHS.get(ch, ch) for ch in str(plate).upper())


def plate_country(plate: str) -> str:
    """The country whose format a (Latin) plate matches, '' when none does."""
    for cc, pat in PLATE_PATTERNS.items():
        if pat.match(plate):
            return cc[:2]
    return ""


def repair(plate: str) -> str:
    """A format-invalid read repaired by position: a letter where a country's format wants a digit
    becomes its look-alike digit (O, D, Q->0; I, L->1; Z->2; S->5; B->8; G->6, `TO_DIGIT`), a digit
    where it wants a letter its look-alike letter (0->O, 1->I, 2->Z, 5->S, 8->B, 6->G, `TO_LETTER`);
    other characters are kept. Returns the plate unchanged when it is already
    valid, and '' when no format, or more than one, can be reached. A misread that turns one valid
    plate into another valid plate (8 read as 3) cannot be repaired this way."""
    plate = to_latin(plate)
    if plate_country(plate):
        return plate
    found = set()
    for template in [*TEMPLATES.values(), "LDDDLL DDD"]:
        if len(template) != len(plate):
            continue
        out = []
        for want, ch in zip(template, plate, strict=True):
            if want == "D" and not ch.isdigit():
                ch = TO_DIGIT.get(ch, ch)
            elif want == "L" and ch.isdigit():
                ch = TO_LETTER.get(ch, ch)
            out.append(ch)
        cand = "".join(out)
        if plate_country(cand):
            found.add(cand)
    return found.pop() if len(found) == 1 else ""


def epoch_seconds(times: pd.Series) -> np.ndarray:
    """ISO 8601 times with offsets -> integer seconds since 1970-01-01 UTC."""
    t = pd.to_datetime(times, utc=True)
    return ((t - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)).to_numpy()


def co_reads(reads: pd.DataFrame, window_s: int, plate: str = "plate", camera: str = "camera_id",
             t: str = "t") -> pd.DataFrame:
    """Every pair of different plates read at the same camera within ±window_s seconds of each other:
    columns plate_a < plate_b, camera_id, t_a, t_b. A self-join on the camera, kept small by joining
    only reads in the same or the next time bucket of window_s seconds."""
    r = reads[[camera, plate, t]].rename(columns={camera: "camera_id", plate: "plate", t: "t"})
    r = r.assign(bucket=r["t"] // window_s)
    pairs = pd.concat([r.merge(r.assign(bucket=r["bucket"] + k), on=["camera_id", "bucket"]) for k in (-1, 0, 1)])
    pairs = pairs[(pairs["plate_x"] < pairs["plate_y"]) & ((pairs["t_x"] - pairs["t_y"]).abs() <= window_s)]
    pairs = pairs.rename(columns={"plate_x": "plate_a", "plate_y": "plate_b", "t_x": "t_a", "t_y": "t_b"})
    return pairs[["plate_a", "plate_b", "camera_id", "t_a", "t_b"]].drop_duplicates().reset_index(drop=True)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km on a sphere of radius 6371 km (inputs in degrees)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def consecutive_speeds(reads: pd.DataFrame, plate: str = "plate") -> pd.DataFrame:
    """Each read with the previous read of the same plate: km between the cameras (straight line),
    hours between the reads and the implied km/h. `reads` has plate, t (epoch seconds), lat, lon."""
    f = reads.sort_values([plate, "t"], kind="stable").reset_index(drop=True)
    prev = f.groupby(plate)[["t", "lat", "lon", "camera_id"]].shift()
    f["prev_camera"] = prev["camera_id"]
    f["km"] = haversine_km(prev["lat"].to_numpy(float), prev["lon"].to_numpy(float), f["lat"].to_numpy(float),
                           f["lon"].to_numpy(float))
    f["hours"] = (f["t"] - prev["t"]) / 3600
    f["kmh"] = f["km"] / f["hours"].where(f["hours"] > 0)
    return f
