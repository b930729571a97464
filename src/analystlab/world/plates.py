"""Vehicle registration plates in each country's format (reference §3)."""

from __future__ import annotations

import numpy as np

LATIN = "ABCDEFGHIJKLMNOPRSTUVWXYZ"
# Russian plates use only the 12 Cyrillic letters that have Latin look-alikes.
RU_LETTERS = "АВЕКМНОРСТУХ"
# Cyrillic -> Latin look-alikes: what an ANPR engine or a clerk may key instead.
HOMOGLYPHS = {"А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
              "Т": "T", "У": "Y", "Х": "X"}
LATIN_TO_CYRILLIC = {v: k for k, v in HOMOGLYPHS.items()}

# UZ region codes: the reference gives ranges; the first code of a range stands for the region.
_UZ_REGION_SPAN = 5


def _letters(rng: np.random.Generator, alphabet: str, n: int) -> str:
    return "".join(alphabet[i] for i in rng.integers(0, len(alphabet), n))


def _digits(rng: np.random.Generator, n: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, n))


def make_plate(rng: np.random.Generator, cc: str, region: str) -> str:
    """One private-vehicle plate for a country and region code, e.g. KZ '123 ABC 02'."""
    if cc == "KZ":
        return f"{_digits(rng, 3)} {_letters(rng, LATIN, 3)} {region}"
    if cc == "KG":
        return f"{region} {_digits(rng, 3)} {_letters(rng, LATIN, 3)}"
    if cc == "UZ":
        code = int(region) + (int(rng.integers(0, _UZ_REGION_SPAN)) if int(region) >= 20 else int(rng.integers(0, 9)))
        return f"{code:02d} {_letters(rng, LATIN, 1)}{_digits(rng, 3)}{_letters(rng, LATIN, 2)}"
    if cc == "TJ":
        return f"{_digits(rng, 4)} {_letters(rng, LATIN, 2)} {region}"
    if cc == "RU":
        return f"{_letters(rng, RU_LETTERS, 1)}{_digits(rng, 3)}{_letters(rng, RU_LETTERS, 2)} {region}"
    if cc == "TM":
        # Format not checked in the reference: velayat letters then four digits.
        return f"{region} {_digits(rng, 4)} {_letters(rng, LATIN, 2)}"
    raise ValueError(f"no plate format for {cc}")


def latinise(plate: str) -> str:
    """Replace Cyrillic letters by their Latin look-alikes (what many systems store)."""
    return "".join(HOMOGLYPHS.get(ch, ch) for ch in plate)
