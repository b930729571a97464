"""analystlab.methods.anpr on hand-made examples: formats, look-alikes, repair, co-reads, speeds."""

from __future__ import annotations

import pandas as pd
import pytest

from analystlab.methods import anpr


@pytest.mark.parametrize(("plate", "country"), [
    ("123 ABC 02", "KZ"), ("01 123 ABC", "KG"), ("01 A123BC", "UZ"), ("1234 AB 01", "TJ"),
    ("A123BC 77", "RU"), ("A123BC 177", "RU"), ("AH 1234 AB", "TM"),
    ("12 ABC 02", ""), ("123 ABC 02 X", ""), ("X123 ABC 02", ""), ("N123SR 77", ""),  # N, S, R: not on Russian plates
])
def test_formats_are_anchored_and_russian_letters_limited(plate, country):
    assert anpr.plate_country(plate) == country


def test_look_alikes_not_transliteration():
    assert anpr.to_latin("Н745СК 56") == "H745CK 56"  # Cyrillic En is the Latin H, Es the Latin C
    assert anpr.to_latin("13 U985КO") == "13 U985KO"  # one mixed-in Cyrillic letter
    assert anpr.to_latin("123 abc 02") == "123 ABC 02"


def test_repair_by_position():
    assert anpr.repair("60Z EMO 17") == "602 EMO 17"  # a letter where KZ wants a digit
    assert anpr.repair("482 0EC 08") == "482 OEC 08"  # a digit where it wants a letter
    assert anpr.repair("123 ABC 02") == "123 ABC 02"  # valid plates stay
    assert anpr.repair("1O 8BC 02") == ""  # no format of that length
    assert anpr.repair("323 ABC 02") == "323 ABC 02"  # a valid misread (8 read as 3) cannot be seen


def test_co_reads_within_the_window_at_the_same_camera_only():
    reads = pd.DataFrame({"camera_id": ["C1", "C1", "C1", "C2", "C1"],
                          "plate": ["A", "B", "C", "D", "A"],
                          "t": [1000, 1119, 1121, 1000, 5000]})
    pairs = anpr.co_reads(reads, 120)
    got = set(zip(pairs["plate_a"], pairs["plate_b"], pairs["camera_id"], strict=True))
    # A-B 119 s apart and B-C 2 s apart (across a bucket edge); A-C 121 s apart; D at another camera
    assert got == {("A", "B", "C1"), ("B", "C", "C1")}


def test_consecutive_speeds():
    reads = pd.DataFrame({"plate": ["A", "A", "B"], "camera_id": ["X", "Y", "X"], "t": [0, 3600, 0],
                          "lat": [43.0, 44.0, 43.0], "lon": [70.0, 70.0, 70.0]})
    s = anpr.consecutive_speeds(reads)
    hop = s[(s["plate"] == "A") & s["prev_camera"].notna()].iloc[0]
    assert hop["km"] == pytest.approx(111.19, abs=0.05)  # one degree of latitude on a 6371 km sphere
    assert hop["kmh"] == pytest.approx(hop["km"])
    assert s.loc[s["plate"] == "B", "kmh"].isna().all()
