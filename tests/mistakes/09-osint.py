# ruff: noqa: E501  (wrong answers are kept as one line of trainee code each where they fit)
"""Plausible wrong answers to the module 09 exercise: the slips of an analyst new to open sources in
Python (hashing, parsing pages and a channel export, identifiers, EXIF, perceptual hashes, the sun).

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else. Most are the solution with one step changed (`_slip`), so they stay complete answers.
"""

from functools import partial

from course_harness import slip

_SLUG = "09-osint"


_slip = partial(slip, _SLUG)


MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: the first slip of each kind.
    {
        # Pages and the export hashed as text: reading text turns Windows line ends into '\n'.
        "q1_log": _slip("q1_log", 'hashlib.sha256((OSINT / f).read_bytes()).hexdigest()',
                        'hashlib.sha256((OSINT / f).read_bytes() if f.endswith(".jpg") else (OSINT / f).read_text(encoding="utf-8").encode()).hexdigest()'),
        # Sold-out offers kept.
        "q2_listings": _slip("q2_listings", '            if "sold-out" in item["class"]:\n                continue\n', ''),
        # The mean, not the median.
        "q3_ppg": _slip("q3_ppg", 'aggfunc="median"', 'aggfunc="mean"'),
        # Only posts whose text is a plain string searched.
        "q4_phones": _slip("q4_phones", 'PhoneNumberMatcher(text_of(msg), "KZ")',
                           'PhoneNumberMatcher(msg["text"] if isinstance(msg["text"], str) else "", "KZ")'),
        # Prefix, length and alphabet taken for validity: no checksum.
        "q5_wallets": _slip("q5_wallets", '"valid": [is_valid(a) for a in found]', '"valid": [True for a in found]'),
        # Usernames kept as written.
        "q7_usernames": _slip("q7_usernames", "{u.lower() for", "{u for"),
        # DateTimeOriginal taken for UTC: the offset ignored.
        "q8_exif": _slip("q8_exif", 'sub[36867] + sub.get(36881, "+00:00")', 'sub[36867] + "+00:00"'),
        # Exact bytes compared: SHA-256 instead of a perceptual hash.
        "q10_reposts": _slip("q10_reposts", 'imagehash.phash(Image.open(OSINT / "channel" / m["photo"]))',
                             'hashlib.sha256((OSINT / "channel" / m["photo"]).read_bytes()).hexdigest()',
                             ("if hashes[a] - hashes[b] <= 8:", "if hashes[a] == hashes[b]:")),
        # Height and shadow swapped in the arctangent.
        "q11_chronolocation": _slip("q11_chronolocation", "np.arctan(s.object_height_m / s.shadow_length_m)",
                                    "np.arctan(s.shadow_length_m / s.object_height_m)"),
    },
    # Set 1: other typical slips.
    {
        # The file's modification time on this computer taken for the capture time.
        "q1_log": _slip("q1_log", 'captures["captured_at"].dt.tz_convert("UTC")',
                        'pd.to_datetime([(OSINT / f).stat().st_mtime for f in captures["file"]], unit="s", utc=True)'),
        # The pinned offer kept twice.
        "q2_listings": _slip("q2_listings", 'pd.DataFrame(rows).drop_duplicates("listing_id")', 'pd.DataFrame(rows)'),
        # The median price, not the median price per gram.
        "q3_ppg": _slip("q3_ppg", 'values="usd_per_g"', 'values="price_usd"'),
        # A home-made regex: '8 (707) …' read as '+8707…', a short number kept.
        "q4_phones": 'phones = sorted({"+" + re.sub(r"\\D", "", m) for msg in posts for m in re.findall(r"\\+?\\d[\\d ()-]{8,}\\d", text_of(msg))})',
        # EIP-55 compared without its letter case.
        "q5_wallets": _slip("q5_wallets", "return address == eip55(address)", "return address.lower() == eip55(address).lower()"),
        # Only the pieces the client marked as mentions.
        "q7_usernames": 'usernames = sorted({e["text"].lstrip("@").lower() for msg in posts for e in msg["text_entities"] if e["type"] == "mention"})',
        # Minutes and seconds taken as hundredths.
        "q8_exif": _slip("q8_exif", "value = d + m / 60 + s / 3600", "value = d + m / 100 + s / 10000"),
        # Only the place tested: the time rules left out.
        "q9_contradictions": _slip("q9_contradictions",
                                   'bad = (e["km"] > 20) | (e["taken_utc"] > e["post_utc"]) | (e["taken_utc"] < e["post_utc"] - pd.Timedelta(hours=48))',
                                   'bad = e["km"] > 20'),
        # A looser threshold: different scenes joined.
        "q10_reposts": _slip("q10_reposts", "if hashes[a] - hashes[b] <= 8:", "if hashes[a] - hashes[b] <= 20:"),
        # The claimed HH:MM taken as UTC.
        "q11_chronolocation": _slip("q11_chronolocation", "pd.Timedelta(hours=hh - OFFSET_H[city], minutes=mm)",
                                    "pd.Timedelta(hours=hh, minutes=mm)"),
    },
    # Set 2.
    {
        # MD5 instead of SHA-256.
        "q1_log": _slip("q1_log", "hashlib.sha256((OSINT / f).read_bytes())", "hashlib.md5((OSINT / f).read_bytes())"),
        # Milligrams not converted.
        "q2_listings": _slip("q2_listings", 'return number / 1000 if "мг" in text else number', 'return number'),
        # Every match kept, in post order, with repeats.
        "q4_phones": _slip("q4_phones", "phones = sorted({phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)",
                           "phones = ([phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)",
                           ("if phonenumbers.is_valid_number(m.number)})", "if phonenumbers.is_valid_number(m.number)])")),
        # Only Bitcoin formats searched.
        "q5_wallets": _slip("q5_wallets", '|T[1-9A-HJ-NP-Za-km-z]{33}"\n                     r"|0x[0-9a-fA-F]{40})', ')'),
        # The @ kept.
        "q7_usernames": _slip("q7_usernames", 're.findall(r"@(\\w{5,32})"', 're.findall(r"(@\\w{5,32})"'),
        # A 10 km radius: a suburb taken for another place.
        "q9_contradictions": _slip("q9_contradictions", 'e["km"] > 20', 'e["km"] > 10'),
        # The shadow's bearing taken for the sun's azimuth.
        "q11_chronolocation": _slip("q11_chronolocation", "sun_az = float((s.shadow_bearing_deg + 180) % 360)",
                                    "sun_az = float(s.shadow_bearing_deg)"),
    },
    # Set 3.
    {
        # The capture time as local wall-clock time without a zone.
        "q1_log": _slip("q1_log", 'captures["captured_at"].dt.tz_convert("UTC")', 'captures["captured_at"].dt.tz_convert("Asia/Almaty").dt.tz_localize(None)'),
        # Prices left in the local currency.
        "q2_listings": _slip("q2_listings", "return float(number.replace(\" \", \"\")) * rate[UNIT[unit]]",
                             "return float(number.replace(\" \", \"\"))"),
        # Addresses in the order a set gives them.
        "q5_wallets": _slip("q5_wallets", "found = sorted({a for msg", "found = list({a for msg"),
        # The arctangent left in radians.
        "q11_chronolocation": _slip("q11_chronolocation", "float(np.degrees(np.arctan(s.object_height_m / s.shadow_length_m)))",
                                    "float(np.arctan(s.object_height_m / s.shadow_length_m))"),
    },
    # Set 4: the slips a fresh trainee's trial found passing silently.
    {
        # The characters of a page counted for its bytes.
        "q1_log": _slip("q1_log", '"bytes": [(OSINT / f).stat().st_size for f in captures["file"]]',
                        '"bytes": [(OSINT / f).stat().st_size if f.endswith(".jpg") else len((OSINT / f).read_text(encoding="utf-8")) for f in captures["file"]]'),
        # Total price over total grams per city and drug.
        "q3_ppg": 'price_per_gram = (lambda s: s["price_usd"] / s["grams"])(listings.groupby(["city", "category"])[["price_usd", "grams"]].sum()).unstack()',
        # Posts forwarded from other channels skipped.
        "q4_phones": _slip("q4_phones", "for msg in posts for m in", 'for msg in posts if "forwarded_from" not in msg for m in'),
        # Only the TRON transfers searched.
        "q6_links": _slip("q6_links", 'on_ledger = set(btc_outputs["address"]) | set(tron["from_address"])', 'on_ledger = set(tron["from_address"])'),
        # Hashtags taken for usernames.
        "q7_usernames": _slip("q7_usernames", 're.findall(r"@(\\w{5,32})"', 're.findall(r"[@#](\\w{5,32})"'),
        # No camera model left as None.
        "q8_exif": _slip("q8_exif", 'exif.get(272, "")', "exif.get(272)"),
        # Only the time rules tested: the place left out.
        "q9_contradictions": _slip("q9_contradictions",
                                   'bad = (e["km"] > 20) | (e["taken_utc"] > e["post_utc"])',
                                   'bad = (e["taken_utc"] > e["post_utc"])'),
        # Another perceptual hash than the one the task names.
        "q10_reposts": _slip("q10_reposts", "imagehash.phash(", "imagehash.average_hash("),
        # Every city taken at Bishkek's UTC+6.
        "q11_chronolocation": _slip("q11_chronolocation", '{"Almaty": 5, "Shymkent": 5, "Tashkent": 5, "Bishkek": 6}',
                                    '{"Almaty": 6, "Shymkent": 6, "Tashkent": 6, "Bishkek": 6}'),
    },
    # Set 5.
    {
        # TRON transfers forgotten (in a set whose tasks 4-5 are right, so that no
        # earlier slip empties the lists): only Bitcoin outputs searched.
        "q6_links": _slip("q6_links", 'on_ledger = set(btc_outputs["address"]) | set(tron["from_address"]) | set(tron["to_address"])',
                          'on_ledger = set(btc_outputs["address"])'),
        # Median price over median grams.
        "q3_ppg": 'price_per_gram = listings.pivot_table(index="city", columns="category", values="price_usd", aggfunc="median") / listings.pivot_table(index="city", columns="category", values="grams", aggfunc="median")',
        # The post's own time taken for the claimed time.
        "q11_chronolocation": _slip("q11_chronolocation",
                                    'claimed = (post_local.normalize() + pd.Timedelta(hours=hh - OFFSET_H[city], minutes=mm)).tz_localize("UTC")',
                                    'claimed = pd.Timestamp(int(msg["date_unixtime"]), unit="s", tz="UTC")'),
    },
    # Set 6: the slips of the second trial.
    {
        # The decimal comma removed instead of read as a point: '0,5 гр' becomes 5 g.
        "q2_listings": _slip("q2_listings", '.replace(",", ".").strip()', '.replace(",", "").strip()'),
        # The Bitcoin outputs forgotten: only the TRON transfers searched.
        "q6_links": _slip("q6_links", 'on_ledger = set(btc_outputs["address"]) | ', 'on_ledger = '),
    },
    # Set 7.
    {
        # The phones looked up in the national '8…' form the calls do not use.
        "q6_links": _slip("q6_links", '"phones": sorted({p for p in phones if p in numbers})',
                          '"phones": sorted({p for p in phones if "8" + p[2:] in numbers})'),
    },
]

# Mistakes the visible checks leave to the hidden tests: (set, answer cell) -> why.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {}
