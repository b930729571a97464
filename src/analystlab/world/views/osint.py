"""Module 09's data: saved catalogue pages and a forum thread, two messenger channel exports with their
photos, the capture log, the exchange-rate table, shadow measurements, and the answer key."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import fmt_float, iso_local, iso_utc
from ..osint import CHANNEL, EXPORT_OFFSET_MIN, FX_USD, REVIEWS, SHOP, build_osint
from ..schema import Column, Table

ALMATY = "Asia/Almaty, ISO 8601 with +05:00"
UTC = "UTC, ISO 8601 with +00:00"


@dataclass
class FileSet(Table):
    """A folder of files written as they are (pages, exports, photos): each file is listed in the
    manifest with its sha256; the dictionary describes the folder once."""

    files: dict[str, bytes] = field(default_factory=dict)  # path relative to datasets/ -> bytes

    def write(self, root: Path) -> Path:
        for rel, data in self.files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return root / self.path


def _utc_text(values) -> np.ndarray:
    arr = pd.array(values, dtype="Int64")
    text = np.full(len(arr), "", dtype=object)
    present = ~arr.isna()
    text[present] = iso_utc(arr[present].to_numpy(dtype=np.int64))
    return text


def osint_tables(world) -> list[Table]:
    """osint/ (pages, channel, reviews, captures.csv, fx_rates.csv, shadow_measurements.csv) and
    truth/osint_*.csv."""
    ow = build_osint(world.seed, world.members, world.lines, world.ledger)

    def under(prefix: str) -> dict[str, bytes]:
        return {f"osint/{k}": v for k, v in sorted(ow.files.items()) if k.startswith(prefix)}

    captures = pd.DataFrame(ow.captures)
    capture_log = pd.DataFrame({
        "file": captures["file"], "source": captures["source"],
        "captured_at": iso_local(captures["captured_utc"], EXPORT_OFFSET_MIN),
        "sha256_at_capture": captures["sha256_at_capture"]})
    fx = pd.DataFrame({"currency": list(FX_USD), "usd_per_unit": fmt_float(list(FX_USD.values()), 7)})
    shadows = pd.DataFrame(ow.shadows).sort_values("file", kind="stable").reset_index(drop=True)
    shadows["shadow_length_m"] = fmt_float(shadows["shadow_length_m"], 2)
    shadows["shadow_bearing_deg"] = fmt_float(shadows["shadow_bearing_deg"], 1)
    shadows["object_height_m"] = fmt_float(shadows["object_height_m"], 1)
    listings = pd.DataFrame(ow.listings)
    listings["price_usd"] = fmt_float(listings["price_usd"], 2)
    listings["grams"] = fmt_float(listings["grams"], 1)
    idents = pd.DataFrame(ow.identifiers)
    photos = pd.DataFrame(ow.photos)
    photos_key = pd.DataFrame({
        "file": photos["file"], "source": photos["source"], "message_id": photos["message_id"].astype("Int64"),
        "scene": photos["scene"], "post_utc": _utc_text(photos["post_utc"]),
        "claimed_city": photos["claimed_city"], "claimed_utc": _utc_text(photos["claimed_utc"]),
        "exif_utc": _utc_text(photos["exif_utc"]), "lat": fmt_float(photos["lat"].astype(float), 5),
        "lon": fmt_float(photos["lon"].astype(float), 5), "model": photos["model"],
        "true_utc": iso_utc(photos["true_utc"]),
        "km_from_claimed_city": fmt_float(photos["km_from_claimed_city"].astype(float), 2),
        "contradicts": photos["contradicts"].map({True: "true", False: "false"}).fillna(""),
        "plan": photos["plan"]})
    offsets = "Almaty, Shymkent and Tashkent +05:00, Bishkek +06:00"
    return [
        FileSet("osint/pages/", "OSINT: saved pages of the shop and a forum thread",
                f"Pages of the darknet shop \"{SHOP}\" as the unit saved them (HTML, UTF-8): two catalogue pages "
                "per city (`almaty_p1.html`, `almaty_p2.html`, ... for Almaty, Shymkent, Bishkek, Tashkent and "
                "Aktobe), and a forum thread about the shop (`forum_thread.html`) with the photos it showed "
                "(`forum_files/img_N.jpg`). A catalogue page's offers sit in a `<section class=\"catalog\">` whose "
                "`data-city` names the city; each offer is an `<article class=\"item\">` with `data-id` (the "
                "listing number) and `data-category`; its weight and price are text as the shop wrote them "
                "(decimal commas, grams or milligrams, local currency, dollars or USDT). Open them with a parser "
                "(`bs4.BeautifulSoup`), not a browser: they are evidence.",
                (Column("data-city", "string", "city of the catalogue page (an attribute of its catalogue section)"),
                 Column("data-id", "string", "listing number, `SZ-NNNN` (attribute of `article.item`)"),
                 Column("data-category", "string", "heroin | hashish | mephedrone"),
                 Column("span.weight", "string", "quantity as written: '0,5 г', '500 мг', '2 гр', '1g', '5 грамм'"),
                 Column("span.price", "string", "price as written: '9 000 ₸', '1 450 сом', '300 000 сум', '$25', "
                                                "'25 USDT' (thousands may be separated by a no-break space)"),
                 Column("div.stock", "string", "'в наличии' (in stock) or 'нет в наличии' (sold out; the article "
                                               "also has the class `sold-out`)")),
                rows=None, files=under("pages/"),
                notes=("The first offer of each city's first page is pinned: the shop repeats it at the top of "
                       "page 2.",)),
        FileSet("osint/channel/", "OSINT: the shop's messenger channel, exported",
                f"The export of the shop's public channel \"{CHANNEL}\" written by the messenger's desktop client "
                "(`result.json`, the client's JSON layout, and `photos/`). `messages` is a list of posts: `id`, "
                "`type` ('message' or 'service'), `date` (local time of the exporting computer, no offset: the "
                "unit's workstation, Asia/Almaty +05:00), `date_unixtime` (seconds since 1970 UTC, as text), "
                "`from`, `from_id`, `text` (a string, or a list of strings and entity objects such as "
                "`{\"type\": \"phone\", \"text\": ...}`), `text_entities` (always a list of `{type, text}`), "
                "`photo` (path under `channel/`), `width`, `height`, `forwarded_from`, `edited` and "
                "`edited_unixtime` (the export holds only the text after the last edit). Photo files are named "
                "by the client (`photo_N@DD-MM-YYYY.jpg`: the photo's number in the export and the post's date).",
                (Column("messages[].id", "int", "post number in the channel"),
                 Column("messages[].date_unixtime", "string", "post time, seconds since 1970-01-01 UTC"),
                 Column("messages[].text", "string", "string, or list of strings and {type, text} entities"),
                 Column("messages[].photo", "string", "photo file, relative to osint/channel/"),
                 Column("messages[].forwarded_from", "string", "channel the post was forwarded from")),
                rows=None, files=under("channel/"),
                notes=("Photos keep the EXIF the camera wrote (DateTimeOriginal in local time with "
                       f"OffsetTimeOriginal: {offsets}; GPS as degrees, minutes, seconds with N/S and E/W), "
                       "unless someone stripped it.",)),
        FileSet("osint/reviews/", "OSINT: a reviews channel about the shop, exported",
                f"The export of \"{REVIEWS}\", a channel where buyers post reviews of the shop: same layout as "
                "`osint/channel/` (`result.json`, `photos/`).",
                (Column("messages[]", "string", "as in osint/channel/result.json"),), rows=None,
                files=under("reviews/")),
        Table("osint/captures.csv", "OSINT: the unit's capture log",
              "What the capture tool recorded when each file under osint/ was collected: where from, when, and "
              "the SHA-256 of the bytes it saved. A file whose hash today differs from its hash at capture has "
              "changed since.",
              (Column("file", "string", "path relative to datasets/osint/"),
               Column("source", "string", "address or channel it was captured from (fictional)"),
               Column("captured_at", "datetime", "time of capture, the workstation's clock", tz=ALMATY),
               Column("sha256_at_capture", "string", "SHA-256 of the file as captured, 64 hex digits")),
              capture_log),
        Table("osint/fx_rates.csv", "OSINT: exchange rates for the period",
              "The unit's fixed rates for April-June 2024, to compare prices across currencies (USDT counts as USD).",
              (Column("currency", "string", "ISO 4217 code: USD, KZT (₸, тг), KGS (сом), UZS (сум), RUB (₽, руб)"),
               Column("usd_per_unit", "float", "US dollars per one unit of the currency", unit="USD")), fx),
        Table("osint/shadow_measurements.csv", "OSINT: shadows measured on photos",
              "The unit's imagery analyst measured the pole and its shadow on some photos, with north taken from "
              "the map of the spot the EXIF GPS gives.",
              (Column("file", "string", "photo, relative to datasets/osint/"),
               Column("object", "string", "what casts the shadow"),
               Column("object_height_m", "float", "height of the object", unit="m"),
               Column("shadow_length_m", "float", "length of its shadow on level ground", unit="m"),
               Column("shadow_bearing_deg", "float", "direction from the object's foot to the shadow's tip, "
                                                     "clockwise from true north", unit="degrees")), shadows),
        Table("truth/osint_listings.csv", "Answer key: the shop's listings",
              "Every listing on the catalogue pages, once (the pinned offer is on two pages).",
              (Column("listing_id", "string", "data-id"), Column("city", "string", "city of the page"),
               Column("category", "string", "heroin | hashish | mephedrone"),
               Column("grams", "float", "quantity", unit="g"), Column("price_text", "string", "price as written"),
               Column("price_usd", "float", "price at the unit's rates", unit="USD"),
               Column("seller", "string", "seller's handle, without @"),
               Column("in_stock", "bool", "false for sold-out offers")), listings),
        Table("truth/osint_identifiers.csv", "Answer key: identifiers in the channels",
              "Every phone number, crypto address and @username written in the two channel exports, with its "
              "normalised value, whether it is valid, and what it is in the case.",
              (Column("source", "string", "shop channel | reviews channel"),
               Column("message_id", "int", "post id"),
               Column("kind", "string", "phone | BTC | TRON | ETH | username"),
               Column("as_written", "string", "the text in the post"),
               Column("value", "string", "E.164 number, address, or lower-case username; empty if not a number"),
               Column("valid", "bool", "passes phonenumbers' validity test / the address checksum"),
               Column("case_link", "string", "member id of the operational phone, or the wallet's owner "
                                             "(org:shop, org:tron, swap service) on the ledger; empty for none")),
              idents),
        Table("truth/osint_photos.csv", "Answer key: the photos",
              "Every photo: the post it came with, the scene it shows (reposts share their original's scene), "
              "its EXIF, when it was really taken, and the plants.",
              (Column("file", "string", "path relative to datasets/osint/"),
               Column("source", "string", "shop channel | reviews channel | forum"),
               Column("message_id", "int", "post id (forum: post number)"),
               Column("scene", "int", "scene number: equal for a photo and its reposts"),
               Column("post_utc", "datetime", "post time", tz=UTC),
               Column("claimed_city", "string", "city the post names"),
               Column("claimed_utc", "datetime", "time the post claims the drop was made", tz=UTC),
               Column("exif_utc", "datetime", "EXIF DateTimeOriginal with its offset, in UTC (empty: stripped)",
                      tz=UTC),
               Column("lat", "float", "EXIF GPS latitude", unit="degrees"),
               Column("lon", "float", "EXIF GPS longitude", unit="degrees"),
               Column("model", "string", "EXIF camera model"),
               Column("true_utc", "datetime", "when the scene was photographed (sets the shadow)", tz=UTC),
               Column("km_from_claimed_city", "float", "EXIF position to the claimed city's centre", unit="km"),
               Column("contradicts", "bool", "EXIF > 20 km from the claimed city, later than the post, or more "
                                             "than 48 h before it"),
               Column("plan", "string", "'' | other_city | old_photo | suburb | shadow_refutes | shadow_holds | "
                                        "repost")), photos_key),
        Table("truth/osint_captures.csv", "Answer key: files changed after capture",
              "Which captured files no longer match their hash at capture.",
              (Column("file", "string", "path relative to datasets/osint/"),
               Column("altered", "bool", "true if changed after capture")),
              captures[["file", "altered"]]),
    ]
