"""Module 09's open sources: well-formed files, and every planted fact recoverable by the method the
module teaches, with the decoys (typo'd addresses, look-alike numbers, a suburb, distinct scenes)
rejected by it."""

from __future__ import annotations

import hashlib
import json
import math

import imagehash
import pandas as pd
import phonenumbers
import pytest
from PIL import Image

from analystlab.world.osint import address_is_valid, eip55


@pytest.fixture(scope="module")
def key(out):
    read = lambda name: pd.read_csv(out / name, dtype=str, keep_default_na=False)  # noqa: E731
    return {"photos": read("truth/osint_photos.csv"), "ids": read("truth/osint_identifiers.csv"),
            "captures": read("osint/captures.csv"), "altered": read("truth/osint_captures.csv"),
            "shadows": read("osint/shadow_measurements.csv"), "listings": read("truth/osint_listings.csv")}


def test_files_are_listed_small_and_photos_in_range(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    osint = [name for name in manifest if name.startswith("osint/")]
    photos = [name for name in osint if name.endswith(".jpg")]
    assert 20 <= len(photos) <= 40
    assert sum((out / name).stat().st_size for name in osint) < 5_000_000
    for name in photos:
        assert Image.open(out / name).size in ((320, 240), (288, 216))


def test_export_has_the_desktop_clients_layout(out):
    export = json.loads((out / "osint/channel/result.json").read_text(encoding="utf-8"))
    assert {"name", "type", "id", "messages"} <= set(export)
    kinds = {type(m["text"]).__name__ for m in export["messages"]}
    assert kinds == {"str", "list"}, "text is a string or a list of entities"
    for m in export["messages"]:
        assert {"id", "type", "date", "date_unixtime", "text_entities"} <= set(m)
        text = m["text"] if isinstance(m["text"], str) else "".join(
            p if isinstance(p, str) else p["text"] for p in m["text"])
        assert "".join(e["text"] for e in m["text_entities"]) == text
    assert any("edited_unixtime" in m for m in export["messages"])
    assert any("forwarded_from" in m for m in export["messages"])


def test_identifiers_checksums_and_lookalikes(key):
    ids = key["ids"]
    for row in ids[ids["kind"].isin(["BTC", "TRON", "ETH"])].itertuples():
        assert address_is_valid(row.value) == (row.valid == "True"), row.value
    assert (ids.loc[ids["kind"].isin(["BTC", "TRON", "ETH"]), "valid"] == "False").sum() >= 4
    assert eip55("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"[2:]) == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    phones = ids[ids["kind"] == "phone"]
    for row in phones.itertuples():
        parsed = [m.number for m in phonenumbers.PhoneNumberMatcher(row.as_written, "KZ")]
        found = [phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) for n in parsed
                 if phonenumbers.is_valid_number(n)]
        assert found == ([row.value] if row.valid == "True" else []), row.as_written
    linked = phones[(phones["case_link"] != "") & (phones["source"] == "shop channel")]
    assert len(set(linked["value"])) >= 3
    decoys = phones[(phones["case_link"] == "") & (phones["valid"] == "True")]
    assert len(decoys) >= 2, "a look-alike and a clone shop's number, both valid"


def test_capture_log_finds_the_altered_files(out, key):
    now = {f: hashlib.sha256((out / "osint" / f).read_bytes()).hexdigest() for f in key["captures"]["file"]}
    changed = sorted(f for f, h in zip(key["captures"]["file"], key["captures"]["sha256_at_capture"], strict=True)
                     if now[f] != h)
    assert changed == sorted(key["altered"].loc[key["altered"]["altered"] == "True", "file"])
    assert len(changed) == 2


def test_reposts_found_by_perceptual_hash_and_distinct_scenes_kept_apart(out, key):
    photos = key["photos"]
    hashes = {f: imagehash.phash(Image.open(out / "osint" / f)) for f in photos["file"]}
    scene = dict(zip(photos["file"], photos["scene"], strict=True))
    files = sorted(hashes)
    for i, a in enumerate(files):
        for b in files[i + 1:]:
            same = hashes[a] - hashes[b] <= 8
            assert same == (scene[a] == scene[b]), (a, b, hashes[a] - hashes[b])
    assert (photos["plan"] == "repost").sum() >= 4


def test_contradictions_and_the_suburb(key):
    photos = key["photos"]
    plans = dict(zip(photos["plan"], photos["contradicts"], strict=False))
    assert plans["other_city"] == "true" and plans["old_photo"] == "true" and plans["suburb"] == "false"
    suburb = photos[photos["plan"] == "suburb"].iloc[0]
    assert 10 < float(suburb["km_from_claimed_city"]) < 20


def test_shadows_refute_and_confirm_the_claims(key):
    photos = key["photos"].set_index("file")
    for row in key["shadows"].itertuples():
        p = photos.loc[row.file]
        true = pd.Timestamp(p["true_utc"])
        claimed = pd.Timestamp(p["claimed_utc"])
        assert claimed <= pd.Timestamp(p["post_utc"]), "a post claims a time before itself"
        gap = abs(true - claimed)
        assert (gap <= pd.Timedelta(minutes=30)) == (p["plan"] == "shadow_holds"), row.file
        assert (gap >= pd.Timedelta(hours=3)) == (p["plan"] == "shadow_refutes"), row.file
        elevation = math.degrees(math.atan(float(row.object_height_m) / float(row.shadow_length_m)))
        assert 15 < elevation < 75


def test_listings_normalised_prices(key):
    listings = key["listings"]
    per_gram = listings["price_usd"].astype(float) / listings["grams"].astype(float)
    assert per_gram.between(2, 150).all()
    assert listings["listing_id"].is_unique
    assert set(listings["city"]) == {"Almaty", "Shymkent", "Bishkek", "Tashkent", "Aktobe"}
