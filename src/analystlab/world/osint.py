"""Open sources for module 09 (component ``osint``): the darknet shop's saved catalogue pages, a forum
thread about it, two messenger channel exports (the shop's own channel and a reviews channel) and the
photos they carry, a capture log of the unit's collection, and shadow measurements taken from photos.

Everything is rendered here from the world: the shop's contact phones are operational phones of the
organisation (telecom), its payment addresses are the shop's and the organisation's wallets on the
ledger. Planted among ordinary posts (ground truth in `truth/`):
- look-alike phone numbers (one digit off, or a digit short) and crypto addresses with a broken checksum;
- a clone shop's valid addresses and number that belong to nobody in the case;
- dead-drop photos reposted under other file names (re-encoded, resized, EXIF stripped);
- photos whose EXIF contradicts the post (another city; a weeks-old photo);
- posts that claim a time the pole's shadow in the photo refutes;
- captured files that changed after capture (the capture log's hash no longer matches).
Photos are small Pillow-rendered scenes (ground, stones, a pole and its shadow cast by the sun at the
true time and place, the drop spot circled) with EXIF written by Pillow: bytes depend on the seed only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
from dataclasses import dataclass, field

import base58
import bech32
import numpy as np
from astral import Observer
from astral.sun import azimuth as sun_azimuth
from astral.sun import elevation as sun_elevation
from Crypto.Hash import keccak
from PIL import Image, ImageDraw, ImageEnhance
from PIL.TiffImagePlugin import IFDRational

from .core import EPOCH0, PERIOD_DAYS, component_rng
from .ledger import SHOP
from .reference import CITY

CHANNEL = "Severnaya Zvezda | витрина"
CHANNEL_ID = 1874302216
REVIEWS = "Zvezda Otzyvy"
REVIEWS_ID = 1902255817
EXPORT_OFFSET_MIN = 300  # the unit's workstation (Asia/Almaty, UTC+5) wrote the exports' local dates
SHOP_CITIES = ("Almaty", "Shymkent", "Bishkek", "Tashkent", "Aktobe")
EXERCISE_CITIES = ("Almaty", "Shymkent", "Bishkek", "Tashkent")  # Aktobe's pages are the lesson's
CITY_RU = {"Almaty": "Алматы", "Shymkent": "Шымкент", "Bishkek": "Бишкек", "Tashkent": "Ташкент", "Aktobe": "Актобе",
           "Taraz": "Тараз"}
# Fixed rates for the period (the unit's own table): US dollars per unit of each currency.
FX_USD = {"USD": 1.0, "KZT": 0.00222, "KGS": 0.01124, "UZS": 0.0000790, "RUB": 0.01098}
CITY_CURRENCY = {"Almaty": "KZT", "Shymkent": "KZT", "Aktobe": "KZT", "Bishkek": "KGS", "Tashkent": "UZS"}
# Street prices in US dollars per gram for one gram, and each city's level (further north, dearer).
BASE_USD_PER_G = {"heroin": 38.0, "hashish": 11.0, "mephedrone": 27.0}
CITY_LEVEL = {"Almaty": 1.10, "Shymkent": 0.92, "Bishkek": 0.88, "Tashkent": 0.80, "Aktobe": 1.22}
TITLES = {"heroin": ("Героин №4", "Героин (белый)", "Гер"), "hashish": ("Гашиш (Афган)", "Гашиш", "Ганджубас"),
          "mephedrone": ("Мефедрон (кристалл)", "Меф мука", "Мефедрон")}
GRAMS = (0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
SELLERS = ("klad_shym", "almaty_kladmen", "bishkek_drop", "tash_zakladka", "aktobe_klad", "sz_sklad")
CAMERAS = (("Xiaomi", "Redmi Note 12"), ("Samsung", "Galaxy A14"), ("Apple", "iPhone 11"), ("Xiaomi", "POCO X5"),
           ("Samsung", "Galaxy A34"))
W, H = 320, 240
NBSP = "\u00a0"


def _b58_alphabet() -> str:
    return "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def eip55(hex40: str) -> str:
    """An Ethereum address with the EIP-55 mixed-case checksum (letters upper where the Keccak-256
    hash of the lower-case address has a nibble >= 8)."""
    low = hex40.lower()
    digest = keccak.new(digest_bits=256, data=low.encode()).hexdigest()
    return "0x" + "".join(c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(low))


def address_is_valid(address: str) -> bool:
    """Checksum test of a BTC (Base58Check 1/3, Bech32 bc1), TRON (Base58Check 0x41) or ETH (EIP-55) address."""
    if address.startswith("bc1"):
        return bech32.decode("bc", address) != (None, None)
    if address.startswith("0x"):
        return address == eip55(address[2:])
    try:
        raw = base58.b58decode_check(address)
    except ValueError:
        return False
    return len(raw) == 21 and raw[0] in ((0x41,) if address.startswith("T") else (0x00, 0x05))


def _typo(rng, address: str) -> str:
    """The address with one character changed (as in a hand-copied address): the checksum fails."""
    while True:
        pos = int(rng.integers(4, len(address) - 1))
        if address.startswith("0x"):  # a case slip: what EIP-55 exists to catch
            if not address[pos].isalpha():
                continue
            bad = address[:pos] + address[pos].swapcase() + address[pos + 1:]
        else:
            pool = "qpzry9x8gf2tvdw0s3jn54khce6mua7l" if address.startswith("bc1") else _b58_alphabet()
            bad = address[:pos] + pool[int(rng.integers(0, len(pool)))] + address[pos + 1:]
        if bad != address and not address_is_valid(bad):
            return bad


@dataclass
class Photo:
    """One rendered photo and what is true about it."""

    file: str  # relative to datasets/osint/
    data: bytes
    scene: int  # the scene drawn: reposts share their original's scene
    taken_utc: int | None  # EXIF time (None when stripped)
    lat: float | None
    lon: float | None
    model: str
    true_utc: int  # when the scene was really photographed (sets the shadow)
    pole_m: float
    shadow_m: float
    shadow_bearing: float


@dataclass
class OsintWorld:
    """What the osint component writes: every file's bytes and the answer-key rows."""

    files: dict[str, bytes] = field(default_factory=dict)
    listings: list[dict] = field(default_factory=list)
    identifiers: list[dict] = field(default_factory=list)
    photos: list[dict] = field(default_factory=list)
    captures: list[dict] = field(default_factory=list)
    shadows: list[dict] = field(default_factory=list)


def _dms(value: float) -> tuple:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60 * 100)
    return IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 100)


def _local(utc: int, offset_min: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(utc + offset_min * 60, tz=dt.UTC).replace(tzinfo=None)


def _sun(lat: float, lon: float, utc: int) -> tuple[float, float]:
    when = dt.datetime.fromtimestamp(utc, tz=dt.UTC)
    obs = Observer(lat, lon)
    return float(sun_elevation(obs, when)), float(sun_azimuth(obs, when))


def _render(seed_rng, pole_m: float, shadow_m: float, bearing: float) -> Image.Image:
    """A dead-drop scene: textured ground, stones, a wall, a pole with its shadow, the spot circled."""
    rng = seed_rng
    red = float(rng.integers(95, 170))  # earth, dust or dry grass: green and blue below red
    green = red * float(rng.uniform(0.8, 1.02))
    base = np.array([red, green, green * float(rng.uniform(0.55, 0.85))])
    yy, xx = np.mgrid[0:H, 0:W]
    tilt = rng.uniform(-0.25, 0.25, 2)
    field_ = base[None, None, :] + (tilt[0] * (xx - W / 2) + tilt[1] * (yy - H / 2))[..., None]
    field_ += rng.normal(0, 9, (H, W, 1))
    img = Image.fromarray(np.clip(field_, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    if rng.random() < 0.6:  # a wall or kerb across the top
        top = int(rng.integers(10, 70))
        colour = tuple(int(c) for c in rng.integers(120, 220, 3))
        draw.rectangle([0, 0, W, top], fill=colour)
        for x in range(0, W, int(rng.integers(18, 40))):
            draw.line([x, 0, x, top], fill=tuple(max(c - 40, 0) for c in colour), width=2)
    for _ in range(int(rng.integers(12, 28))):
        x, y = float(rng.uniform(0, W)), float(rng.uniform(60, H))
        r = float(rng.uniform(3, 16))
        grey = int(rng.integers(60, 200))
        draw.ellipse([x - r, y - r * 0.7, x + r, y + r * 0.7], fill=(grey, grey - 10, grey - 20))
    # the pole: image up is roughly north, the ground is seen at a slant (depth shortened)
    x0, y0 = float(rng.uniform(90, 230)), float(rng.uniform(170, 215))
    scale = 22.0
    b = math.radians(bearing)
    sx, sy = x0 + math.sin(b) * shadow_m * scale * 0.5, y0 - math.cos(b) * shadow_m * scale * 0.25
    draw.line([x0, y0, sx, sy], fill=(35, 35, 40), width=5)
    draw.line([x0, y0, x0, y0 - pole_m * scale * 0.9], fill=(70, 70, 80), width=4)
    dx, dy = float(rng.uniform(-70, 70)), float(rng.uniform(-40, 10))
    cx, cy = min(max(x0 + dx, 20), W - 20), min(max(y0 + dy, 70), H - 15)
    draw.ellipse([cx - 14, cy - 10, cx + 14, cy + 10], outline=(230, 30, 30), width=3)
    return img


def _jpeg(img: Image.Image, quality: int, exif: Image.Exif | None) -> bytes:
    out = io.BytesIO()
    if exif is None:
        img.save(out, "JPEG", quality=quality)
    else:
        img.save(out, "JPEG", quality=quality, exif=exif)
    return out.getvalue()


def _exif(make: str, model: str, taken_utc: int, offset_min: int, lat: float, lon: float) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = make, model
    local = _local(taken_utc, offset_min).strftime("%Y:%m:%d %H:%M:%S")
    exif[0x0132] = local
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = local
    sub[0x9011] = f"+{offset_min // 60:02d}:{offset_min % 60:02d}"
    gps = exif.get_ifd(0x8825)
    gps[0] = b"\x02\x03\x00\x00"
    gps[1], gps[2] = ("N" if lat >= 0 else "S"), _dms(lat)
    gps[3], gps[4] = ("E" if lon >= 0 else "W"), _dms(lon)
    return exif


def _price_text(rng, usd: float, currency: str) -> str:
    """The price as a shop writes it: local currency with spaces or NBSP, or dollars/USDT."""
    if rng.random() < 0.18:
        value = max(5, int(round(usd / 5.0)) * 5)
        return f"${value}" if rng.random() < 0.5 else f"{value} USDT"
    amount = usd / FX_USD[currency]
    step = {"KZT": 500, "KGS": 50, "UZS": 5000, "RUB": 100}[currency]
    amount = int(round(amount / step)) * step
    sep = NBSP if rng.random() < 0.4 else " "
    text = f"{amount:,}".replace(",", sep)
    unit = {"KZT": ("₸", "тг"), "KGS": ("сом", "KGS"), "UZS": ("сум", "UZS"), "RUB": ("₽", "руб")}[currency]
    return f"{text} {unit[int(rng.integers(0, 2))]}"


def _price_usd(text: str) -> float:
    """The dollar value of a price text (the key's own reading of what the page says)."""
    clean = text.replace(NBSP, " ")
    if clean.startswith("$"):
        return float(clean[1:])
    number, unit = clean.rsplit(" ", 1)
    code = {"USDT": "USD", "₸": "KZT", "тг": "KZT", "сом": "KGS", "KGS": "KGS", "сум": "UZS", "UZS": "UZS",
            "₽": "RUB", "руб": "RUB"}[unit]
    return float(number.replace(" ", "")) * FX_USD[code]


def _grams_text(rng, grams: float) -> str:
    if grams < 1 and rng.random() < 0.5:
        return f"{int(grams * 1000)} мг"
    g = f"{grams:g}".replace(".", ",")
    unit = (NBSP + "г", " г", " гр", "g", " грамм")[int(rng.integers(0, 5))]
    return g + unit


def _page(title: str, city: str, items: list[dict], page: int, pages: int, contact: str) -> str:
    rows = []
    for it in items:
        stock = "в наличии" if it["in_stock"] else "нет в наличии"
        rows.append(
            f'  <article class="item{"" if it["in_stock"] else " sold-out"}" data-id="{it["listing_id"]}" '
            f'data-category="{it["category"]}">\n'
            f'    <h2 class="item-title">{it["title"]}</h2>\n'
            f'    <div class="meta"><span class="weight">{it["weight_text"]}</span> · '
            f'<span class="price">{it["price_text"]}</span></div>\n'
            f'    <div class="seller">Продавец: <a href="/u/{it["seller"]}">@{it["seller"]}</a></div>\n'
            f'    <div class="stock">{stock}</div>\n  </article>')
    nav = " ".join(f'<a href="?page={p}">{p}</a>' if p != page else f"<b>{p}</b>" for p in range(1, pages + 1))
    return (f'<!DOCTYPE html>\n<html lang="ru">\n<head><meta charset="utf-8"><title>{title}</title></head>\n<body>\n'
            f'<header><h1>{SHOP}</h1><p class="tagline">Закладки по городам · только крипта</p></header>\n'
            f'<main>\n<section class="catalog" data-city="{city}">\n<h1>Витрина: {CITY_RU[city]}</h1>\n'
            + "\n".join(rows) + f'\n</section>\n<nav class="pages">{nav}</nav>\n</main>\n'
            f'<footer>Связь: <span class="contact">{contact}</span> · ТОЛЬКО через бота, не звонить</footer>\n'
            "</body>\n</html>\n")


class _Channel:
    """A channel export being written: messages in order, the desktop client's JSON layout."""

    def __init__(self, name: str, cid: int, kind: str = "public_channel"):
        self.name, self.cid, self.kind = name, cid, kind
        self.messages: list[dict] = []

    def add(self, utc: int, parts: list, *, photo: Photo | None = None, forwarded: str | None = None,
            edited_utc: int | None = None, service: str | None = None) -> dict:
        msg: dict = {"id": len(self.messages) + 1, "type": "service" if service else "message",
                     "date": _local(utc, EXPORT_OFFSET_MIN).isoformat(), "date_unixtime": str(utc)}
        if service:
            msg |= {"actor": self.name, "actor_id": f"channel{self.cid}", "action": service}
        else:
            msg |= {"from": self.name, "from_id": f"channel{self.cid}"}
        if edited_utc is not None:
            msg |= {"edited": _local(edited_utc, EXPORT_OFFSET_MIN).isoformat(), "edited_unixtime": str(edited_utc)}
        if forwarded:
            msg["forwarded_from"] = forwarded
        if photo is not None:
            msg |= {"photo": photo.file.split("/", 1)[1], "width": W, "height": H}
        entities = [p if isinstance(p, dict) else {"type": "plain", "text": p} for p in parts]
        plain_only = all(e["type"] == "plain" for e in entities)
        msg["text"] = "".join(e["text"] for e in entities) if plain_only else [
            e["text"] if e["type"] == "plain" else e for e in entities]
        msg["text_entities"] = entities
        self.messages.append(msg)
        return msg

    def json_bytes(self) -> bytes:
        body = {"name": self.name, "type": self.kind, "id": self.cid, "messages": self.messages}
        return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode()


def _fmt_phone(e164: str, style: int) -> str:
    """A phone number as people write it in posts."""
    if e164.startswith("+7"):
        d = e164[2:]
        return (f"+7 {d[:3]} {d[3:6]} {d[6:8]} {d[8:]}", f"8 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}",
                f"+7{d}", f"8{d[:3]}{d[3:]}")[style % 4]
    cc, d = e164[1:4], e164[4:]
    return (f"+{cc} {d[:2]} {d[2:5]} {d[5:7]} {d[7:]}", f"+{cc}-{d[:2]}-{d[2:5]}-{d[5:]}", e164,
            f"+{cc} ({d[:2]}) {d[2:5]}-{d[5:7]}-{d[7:]}")[style % 4]


def _lookalike(rng, e164: str, taken: set[str]) -> str:
    """The number with one digit changed: still a valid number, but nobody's in the case."""
    while True:
        pos = int(rng.integers(len(e164) - 4, len(e164)))
        new = e164[:pos] + str(int(rng.integers(0, 10))) + e164[pos + 1:]
        if new != e164 and new not in taken:
            return new


def build_osint(seed: int, members, lines, ledger) -> OsintWorld:
    """Render every open-source artefact of the world."""
    rng = component_rng(seed, "osint")
    out = OsintWorld()
    taken = set(lines["msisdn"])
    operational = lines[lines["purpose"] == "operational"].drop_duplicates("holder")
    phone_of = dict(zip(operational["holder"], operational["msisdn"], strict=True))
    member_of_phone = {phone_of[m.person]: m.member_id for m in members if m.person in phone_of}
    by_role = {(m.role, m.cell): m for m in members}
    op_north = phone_of[by_role[("cell leader", "north")].person]
    op_scout = phone_of[by_role[("scout", "north")].person]
    op_broker = phone_of[by_role[("broker", "core")].person]
    op_mule_uz = phone_of[next(m for m in members if m.role == "money mule" and m.home == "Tashkent").person]
    op_stash = phone_of[next(m for m in members if m.role == "stash keeper" and m.home == "Aktobe").person]
    btc_order = ledger.shop_addresses[0]
    btc_seg, btc_legacy = ledger.shop_addresses[1], ledger.shop_addresses[2]  # checkout addresses
    tron_org = ledger.org_tron

    def random_eth() -> str:
        return eip55(bytes(rng.integers(0, 256, 20, dtype=np.uint8)).hex())

    def random_btc() -> str:
        return base58.b58encode_check(b"\x00" + bytes(rng.integers(0, 256, 20, dtype=np.uint8))).decode()

    def random_tron() -> str:
        return base58.b58encode_check(b"\x41" + bytes(rng.integers(0, 256, 20, dtype=np.uint8))).decode()

    eth_shop = random_eth()
    clone_btc, clone_tron, clone_phone = random_btc(), random_tron(), _lookalike(
        rng, "+7747" + "".join(str(int(x)) for x in rng.integers(0, 10, 7)), taken)
    start = EPOCH0
    day = 86400

    # ---- photos -------------------------------------------------------------------------------------
    scenes: dict[int, tuple[Image.Image, float, float, float]] = {}

    def shoot(scene: int, file: str, city: str, true_utc: int, *, exif: bool = True, exif_utc: int | None = None,
              place: tuple[float, float] | None = None, km: float = 4.0, repost_of: int | None = None,
              pole_m: float | None = None) -> Photo:
        c = CITY[city]
        if place is None:
            ang = rng.uniform(0, 2 * math.pi)
            dist = rng.uniform(0.3, km)
            place = (c.lat + dist * math.cos(ang) / 111.0,
                     c.lon + dist * math.sin(ang) / (111.0 * math.cos(math.radians(c.lat))))
        lat, lon = round(place[0], 5), round(place[1], 5)
        if repost_of is None:
            pole = pole_m if pole_m is not None else float(rng.choice([2.0, 2.5, 3.0]))
            elev, az = _sun(lat, lon, true_utc)
            shadow = pole / math.tan(math.radians(max(elev, 5.0)))
            bearing = (az + 180.0) % 360.0
            scenes[scene] = (_render(np.random.default_rng([seed, 23, 1000 + scene]), pole, shadow, bearing),
                             pole, shadow, bearing)
            img = scenes[scene][0]
            quality = 72
        else:
            base_img, pole, shadow, bearing = scenes[repost_of]
            img = base_img
            if scene % 2:
                img = img.resize((288, 216), Image.Resampling.LANCZOS)
            else:
                img = ImageEnhance.Brightness(img).enhance(1.08)
            quality = 58
            scene = repost_of
        _, pole, shadow, bearing = scenes[scene]
        make, model = CAMERAS[int(rng.integers(0, len(CAMERAS)))]
        taken = exif_utc if exif_utc is not None else true_utc
        tag = _exif(make, model, taken, c.utc_offset, lat, lon) if exif else None
        photo = Photo(file, _jpeg(img, quality, tag), scene, taken if exif else None, lat if exif else None,
                      lon if exif else None, model if exif else "", true_utc, pole, shadow, bearing)
        out.files[file] = photo.data
        return photo

    def daytime(d: int, city: str, lo: float = 8.5, hi: float = 17.5) -> int:
        """A UTC instant on world day d between lo and hi o'clock local time in city."""
        offset = CITY[city].utc_offset * 60
        return int(start + d * day + (5 * 3600 - offset) + rng.uniform(lo, hi) * 3600)

    def tg_name(n: int, utc: int) -> str:
        # the client's name for an exported photo: its number and the post's date (same for every seed)
        return f"photo_{n}@{_local(utc, EXPORT_OFFSET_MIN).strftime('%d-%m-%Y')}.jpg"

    # ---- the shop's channel -----------------------------------------------------------------------------
    ch = _Channel(CHANNEL, CHANNEL_ID)
    ch.add(start - 30 * day + 3600 * 9, [], service="create_channel")
    schedule: list[tuple[int, str, dict]] = []  # (utc, kind, args): posts in time order

    def post(utc: int, kind: str, **args) -> None:
        schedule.append((int(utc), kind, args))

    post(start + 2 * day + 4 * 3600, "contacts", phone=op_north, style=0, handle="sz_operator")
    post(start + 3 * day + 6 * 3600, "payment", btc=[btc_order], tron=tron_org, eth=eth_shop)
    post(start + 11 * day + 7 * 3600, "payment_typo", btc=_typo(rng, btc_order), tron=_typo(rng, tron_org))
    post(start + 19 * day + 5 * 3600, "wholesale", phone=op_broker)
    post(start + 27 * day + 8 * 3600, "contacts_edited", phone=op_scout, handle="SZ_Operator2",
         edited=start + 29 * day + 3 * 3600)
    post(start + 33 * day + 6 * 3600, "scam_warning", phone=clone_phone, btc=clone_btc, tron=clone_tron,
         fake=_lookalike(rng, op_north, taken))
    post(start + 41 * day + 4 * 3600, "payment_seg", btc=btc_seg, eth_bad=_typo(rng, eth_shop))
    post(start + 48 * day + 9 * 3600, "uzs", phone=op_mule_uz)
    post(start + 56 * day + 5 * 3600, "payment_legacy", btc=btc_legacy, btc_bad=_typo(rng, btc_seg))
    post(start + 63 * day + 7 * 3600, "short_phone", phone=op_stash[:-1])
    post(start + 70 * day + 6 * 3600, "courier_jobs", handle="sz_hr_bot", phone=op_scout)
    for week in range(13):
        post(start + (week * 7 + 1) * day + int(rng.uniform(3, 12) * 3600), "ad",
             city=SHOP_CITIES[week % 5], hashtag=bool(week % 2))
    for k in range(6):
        post(start + int(rng.uniform(5, 88)) * day + int(rng.uniform(2, 14) * 3600), "forward",
             source=("Zvezda Reviews", "Klad Novosti", "Anti-scam KZ")[k % 3],
             handle=("zvezda_help", "kladmen_job")[k % 2])

    # dead drops: (day, city, claimed hour or None, plan)
    drops = [(4, "Almaty", None, ""), (9, "Shymkent", None, ""), (13, "Bishkek", None, ""), (17, "Tashkent", None, ""),
             (22, "Almaty", 15.0, "shadow_refutes"), (26, "Shymkent", None, "other_city"), (31, "Bishkek", None, ""),
             (35, "Tashkent", None, "old_photo"), (39, "Almaty", None, ""), (44, "Shymkent", 11.0, "shadow_holds"),
             (47, "Bishkek", None, ""), (52, "Tashkent", None, ""), (58, "Almaty", None, ""),
             (61, "Shymkent", None, "suburb"), (66, "Bishkek", None, ""), (72, "Tashkent", None, ""),
             (77, "Almaty", None, ""), (83, "Shymkent", None, "")]
    reposts = [(55, "Tashkent", 0), (69, "Almaty", 0), (80, "Bishkek", 6)]  # (day, claimed city, drop index)
    for i, (d, city, claimed, plan) in enumerate(drops):
        post(0, "drop", index=i, day=d, city=city, claimed=claimed, plan=plan)  # times fixed below
    for j, (d, city, of) in enumerate(reposts):
        post(0, "repost", index=j, day=d, city=city, of=of)

    drop_photo: dict[int, Photo] = {}
    photo_no = 0
    # resolve the drop times first so the schedule can be sorted
    resolved: list[tuple[int, str, dict]] = []
    for utc, kind, args in schedule:
        if kind == "drop":
            d, city, claimed, plan = args["day"], args["city"], args["claimed"], args["plan"]
            off = CITY[city].utc_offset * 60
            if plan == "shadow_refutes":
                true_utc = int(start + d * day + 5 * 3600 - off + 10.3 * 3600)  # 10:18 local, claimed 15:00
            elif plan == "shadow_holds":
                true_utc = int(start + d * day + 5 * 3600 - off + 11.1 * 3600)
            else:
                true_utc = daytime(d, city, 9.0, 16.5)
            args["true_utc"] = true_utc
            # a refuted claim is still made before the post: the post follows the photo by six hours
            delay = 6.0 if plan == "shadow_refutes" else rng.uniform(1.0, 5.0)
            resolved.append((true_utc + int(delay * 3600), kind, args))
        elif kind == "repost":
            resolved.append((daytime(args["day"], args["city"], 10, 20), kind, args))
        else:
            resolved.append((utc, kind, args))
    resolved.sort(key=lambda r: (r[0], r[1]))

    def idents(msg_id: int, kind: str, raw: str, value: str, valid: bool, link: str, source: str = "shop channel"):
        out.identifiers.append({"source": source, "message_id": msg_id, "kind": kind, "as_written": raw,
                                "value": value, "valid": valid, "case_link": link})

    link_of_address = {btc_order: "org:shop", btc_seg: "org:shop", btc_legacy: "org:shop", tron_org: "org:tron"}
    for utc, kind, args in resolved:
        n = len(ch.messages) + 1
        if kind == "contacts":
            raw = _fmt_phone(args["phone"], args["style"])
            ch.add(utc, [{"type": "bold", "text": "Связь с оператором"}, "\nТелеграм: ",
                         {"type": "mention", "text": "@" + args["handle"]}, "\nТелефон (только WhatsApp): ",
                         {"type": "phone", "text": raw}, "\nНе пишите в личку курьерам."])
            idents(n, "phone", raw, args["phone"], True, member_of_phone[args["phone"]])
            idents(n, "username", "@" + args["handle"], args["handle"].lower(), True, "")
        elif kind == "contacts_edited":
            raw = _fmt_phone(args["phone"], 1)
            ch.add(utc, ["Новый оператор ", {"type": "mention", "text": "@" + args["handle"]},
                         ", старый номер больше не работает. Звонить: ", raw, " (с 9 до 21)."],
                   edited_utc=args["edited"])
            idents(n, "phone", raw, args["phone"], True, member_of_phone[args["phone"]])
            idents(n, "username", "@" + args["handle"], args["handle"].lower(), True, "")
        elif kind in ("payment", "payment_typo", "payment_seg", "payment_legacy"):
            parts: list = [{"type": "bold", "text": "Оплата"}, "\n"]
            rows: list[tuple[str, str]] = []
            if kind == "payment":
                rows = [("BTC", args["btc"][0]), ("USDT TRC-20", args["tron"]), ("ETH / USDT ERC-20", args["eth"])]
            elif kind == "payment_typo":
                rows = [("BTC (старый адрес из закрепа)", args["btc"]), ("USDT TRC20", args["tron"])]
            elif kind == "payment_seg":
                rows = [("BTC (новый, SegWit)", args["btc"]), ("ETH", args["eth_bad"])]
            else:
                rows = [("BTC резерв", args["btc"]), ("BTC (если не проходит)", args["btc_bad"])]
            for label, address in rows:
                parts += [f"{label}: ", {"type": "code", "text": address}, "\n"]
            parts.append("После оплаты пришлите хеш транзакции оператору.")
            ch.add(utc, parts)
            for _, address in rows:
                chain = ("ETH" if address.startswith("0x") else "TRON" if address.startswith("T") else "BTC")
                valid = address_is_valid(address)
                idents(n, chain, address, address, valid, link_of_address.get(address, "") if valid else "")
        elif kind == "wholesale":
            raw = _fmt_phone(args["phone"], 0)
            ch.add(utc, [{"type": "bold", "text": "ОПТ от 100 г"}, " — Душанбе / Худжанд, доставка по РК. Менеджер: ",
                         {"type": "phone", "text": raw}, " (Signal)"])
            idents(n, "phone", raw, args["phone"], True, member_of_phone[args["phone"]])
        elif kind == "scam_warning":
            raw_fake, raw_clone = _fmt_phone(args["fake"], 0), _fmt_phone(args["phone"], 2)
            ch.add(utc, ["⚠️ Осторожно, фейки! Клон-канал пишет от нашего имени с номера ", raw_fake,
                         " и ", raw_clone, ". Их кошельки: ", {"type": "code", "text": args["btc"]}, ", ",
                         {"type": "code", "text": args["tron"]}, ". Наш единственный оператор — ",
                         {"type": "mention", "text": "@sz_operator"}, "."], forwarded="Anti-scam KZ")
            idents(n, "phone", raw_fake, args["fake"], True, "")
            idents(n, "phone", raw_clone, args["phone"], True, "")
            idents(n, "BTC", args["btc"], args["btc"], True, "")
            idents(n, "TRON", args["tron"], args["tron"], True, "")
            idents(n, "username", "@sz_operator", "sz_operator", True, "")
        elif kind == "uzs":
            raw = _fmt_phone(args["phone"], 3)
            ch.add(utc, ["Ташкент: оплата сумами через перевод на карту, уточняйте по номеру ", raw,
                         ". Криптой — как обычно."])
            idents(n, "phone", raw, args["phone"], True, member_of_phone[args["phone"]])
        elif kind == "short_phone":
            raw = "+7 " + args["phone"][2:5] + " " + args["phone"][5:8] + " " + args["phone"][8:]
            ch.add(utc, ["Актобе снова работает. Склад: ", raw, " (только смс)."])
            idents(n, "phone", raw, "", False, "")
        elif kind == "courier_jobs":
            raw = _fmt_phone(args["phone"], 2)
            ch.add(utc, [{"type": "bold", "text": "Работа"}, ": курьеры-закладчики, 1500$ в неделю. Пиши ",
                         {"type": "mention", "text": "@" + args["handle"]}, " или ", {"type": "phone", "text": raw},
                         ". ", {"type": "hashtag", "text": "#работа"}])
            idents(n, "phone", raw, args["phone"], True, member_of_phone[args["phone"]])
            idents(n, "username", "@" + args["handle"], args["handle"], True, "")
        elif kind == "ad":
            city = args["city"]
            parts = [{"type": "bold", "text": f"{CITY_RU[city]}: пополнение витрины"},
                     "\nМеф, гаш, гер — всё в наличии. "
                     "Заказ через бот ", {"type": "mention", "text": "@sz_shop_bot"}, "."]
            if args["hashtag"]:
                parts += ["\n", {"type": "hashtag", "text": f"#{city.lower()}"}]
            ch.add(utc, parts)
            idents(n, "username", "@sz_shop_bot", "sz_shop_bot", True, "")
        elif kind == "forward":
            ch.add(utc, [f"Отзыв: всё нашёл, клад на месте, спасибо {'@' + args['handle']} 👍"],
                   forwarded=args["source"])
            idents(n, "username", "@" + args["handle"], args["handle"], True, "")
        elif kind == "drop":
            i, city, plan, true_utc = args["index"], args["city"], args["plan"], args["true_utc"]
            photo_no += 1
            file = "channel/photos/" + tg_name(photo_no, utc)
            c = CITY[city]
            exif_utc, place, km = None, None, 6.0
            if plan == "other_city":
                other = CITY["Taraz"]
                place = (other.lat + rng.uniform(-0.03, 0.03), other.lon + rng.uniform(-0.03, 0.03))
            elif plan == "old_photo":
                exif_utc = true_utc - 23 * day
            elif plan == "suburb":
                km = 0.0
                place = (c.lat + 15.0 / 111.0, c.lon)
            photo = shoot(i, file, city, true_utc if plan != "old_photo" else true_utc - 23 * day,
                          exif_utc=exif_utc, place=place, km=km, pole_m=2.5 if plan.startswith("shadow") else None)
            drop_photo[i] = photo
            local = _local(utc, c.utc_offset)
            claim = ""
            claimed_utc = None
            if args["claimed"] is not None:
                hh = int(args["claimed"])
                mm = int(round((args["claimed"] - hh) * 60))
                claim = f" Заложено сегодня в {hh:02d}:{mm:02d}."
                claimed_utc = int(dt.datetime(local.year, local.month, local.day, hh, mm, tzinfo=dt.UTC).timestamp()
                                  - c.utc_offset * 60)
            text = f"📍 {CITY_RU[city]}, {local:%d.%m}. Новый клад готов, координаты в боте.{claim}"
            ch.add(utc, [text], photo=photo)
            taken = photo.taken_utc
            d_km = _km(photo.lat, photo.lon, c.lat, c.lon)
            contradicts = d_km > 20 or taken > utc or taken < utc - 48 * 3600
            out.photos.append(_photo_row(photo, n, utc, city, claimed_utc, d_km, contradicts, plan, "shop channel"))
        elif kind == "repost":
            j, city, of = args["index"], args["city"], args["of"]
            photo_no += 1
            file = "channel/photos/" + tg_name(photo_no, utc)
            photo = shoot(100 + j, file, city, drop_photo[of].true_utc, exif=False, repost_of=of)
            local = _local(utc, CITY[city].utc_offset)
            ch.add(utc, [f"📍 {CITY_RU[city]}, {local:%d.%m}. Клад готов, забирайте."], photo=photo)
            out.photos.append(_photo_row(photo, n, utc, city, None, None, None, "repost", "shop channel"))
    out.files["channel/result.json"] = ch.json_bytes()

    # ---- the reviews channel (the lesson's) --------------------------------------------------------------
    rv = _Channel(REVIEWS, REVIEWS_ID)
    rv.add(start - 10 * day, [], service="create_channel")
    lesson_drops = [(6, "Aktobe", 9.5, "shadow_holds"), (20, "Aktobe", 8.0, "shadow_refutes"), (34, "Almaty", None, ""),
                    (50, "Aktobe", None, "other_city"), (64, "Shymkent", None, "")]
    rv_photo: list[Photo] = []
    rv_no = 0
    for k, (d, city, claimed, plan) in enumerate(lesson_drops):
        c = CITY[city]
        off = c.utc_offset * 60
        if plan == "shadow_refutes":
            true_utc = int(start + d * day + 5 * 3600 - off + 12.4 * 3600)
        elif plan == "shadow_holds":
            true_utc = int(start + d * day + 5 * 3600 - off + 9.6 * 3600)
        else:
            true_utc = daytime(d, city, 9.0, 16.5)
        utc = true_utc + int(rng.uniform(1.0, 3.0) * 3600)
        rv_no += 1
        place = None
        if plan == "other_city":
            other = CITY["Shymkent"]
            place = (other.lat + rng.uniform(-0.03, 0.03), other.lon + rng.uniform(-0.03, 0.03))
        photo = shoot(200 + k, "reviews/photos/" + tg_name(rv_no, utc), city, true_utc, place=place,
                      pole_m=3.0 if plan.startswith("shadow") else None)
        rv_photo.append(photo)
        n = len(rv.messages) + 1
        local = _local(utc, c.utc_offset)
        claim, claimed_utc = "", None
        if claimed is not None:
            hh, mm = int(claimed), int(round((claimed - int(claimed)) * 60))
            claim = f" Курьер говорит, заложил в {hh:02d}:{mm:02d}."
            claimed_utc = int(dt.datetime(local.year, local.month, local.day, hh, mm, tzinfo=dt.UTC).timestamp()
                              - c.utc_offset * 60)
        raw = _fmt_phone(op_stash, 0) if k == 1 else None
        parts: list = [f"Отзыв ({CITY_RU[city]}, {local:%d.%m}): нашёл с первого раза.{claim}"]
        if raw:
            parts += [" Склад отвечал по ", {"type": "phone", "text": raw}]
            idents(n, "phone", raw, op_stash, True, member_of_phone[op_stash], "reviews channel")
        rv.add(utc, parts, photo=photo, forwarded="Severnaya Zvezda | витрина" if k == 2 else None)
        d_km = _km(photo.lat, photo.lon, c.lat, c.lon)
        contradicts = d_km > 20 or photo.taken_utc > utc or photo.taken_utc < utc - 48 * 3600
        out.photos.append(_photo_row(photo, n, utc, city, claimed_utc, d_km, contradicts, plan, "reviews channel"))
    # one repost in the reviews channel, and a review with addresses
    utc = daytime(75, "Aktobe", 11, 19)
    rv_no += 1
    rp = shoot(301, "reviews/photos/" + tg_name(rv_no, utc), "Aktobe", rv_photo[2].true_utc, exif=False,
               repost_of=202)
    rv.add(utc, ["Опять этот клад? Фото то же, что в мае 🤔"], photo=rp)
    out.photos.append(_photo_row(rp, len(rv.messages), utc, "Aktobe", None, None, None, "repost", "reviews channel"))
    utc = daytime(80, "Aktobe", 11, 19)
    n = len(rv.messages) + 1
    eth_review = random_eth()
    swap = ledger.swap_tron  # buyers are sent to the swap service's wallet, not the shop's own
    bad_tron = _typo(rng, swap)
    rv.add(utc, ["Платил через обменник сюда: ", {"type": "code", "text": swap}, " — дошло. А вот на ",
                 {"type": "code", "text": bad_tron}, " не проходит. ETH у них: ", eth_review, ". Вопросы — ",
                 {"type": "mention", "text": "@Zvezda_Help"}])
    idents(n, "TRON", swap, swap, True, "swap service", "reviews channel")
    idents(n, "TRON", bad_tron, bad_tron, False, "", "reviews channel")
    idents(n, "ETH", eth_review, eth_review, True, "", "reviews channel")
    idents(n, "username", "@Zvezda_Help", "zvezda_help", True, "", "reviews channel")
    out.files["reviews/result.json"] = rv.json_bytes()

    # ---- catalogue pages and the forum ---------------------------------------------------------------------
    capture_day = {"Almaty": 60, "Shymkent": 60, "Bishkek": 61, "Tashkent": 61, "Aktobe": 62}
    n_listing = 1000
    for city in SHOP_CITIES:
        items = []
        for _ in range(int(rng.integers(13, 17))):
            n_listing += int(rng.integers(1, 9))
            cat = ("heroin", "hashish", "mephedrone")[int(rng.integers(0, 3))]
            grams = float(GRAMS[int(rng.integers(0, len(GRAMS)))])
            usd = BASE_USD_PER_G[cat] * CITY_LEVEL[city] * grams ** 0.9 * rng.uniform(0.85, 1.15)
            price = _price_text(rng, usd, CITY_CURRENCY[city])
            items.append({"listing_id": f"SZ-{n_listing}", "city": city, "category": cat,
                          "title": TITLES[cat][int(rng.integers(0, 3))], "grams": grams,
                          "weight_text": _grams_text(rng, grams), "price_text": price, "price_usd": _price_usd(price),
                          "seller": SELLERS[SHOP_CITIES.index(city)] if rng.random() < 0.8 else "sz_sklad",
                          "in_stock": bool(rng.random() > 0.15)})
        pinned = items[0]  # the pinned offer is repeated at the top of every page
        half = (len(items) + 1) // 2
        pages = [items[:half], [pinned] + items[half:]]
        contact = "@sz_operator" if city != "Aktobe" else "@sz_operator2"
        for p, chunk in enumerate(pages, start=1):
            title = f"{SHOP} — {CITY_RU[city]} — стр. {p}"
            out.files[f"pages/{city.lower()}_p{p}.html"] = _page(title, city, chunk, p, 2, contact).encode()
        for it in items:
            out.listings.append({k: it[k] for k in ("listing_id", "city", "category", "grams", "price_text",
                                                     "price_usd", "seller", "in_stock")})
    # the forum thread (the lesson's): posts with a number, a handle and photos
    forum_photos = []
    for k, city in enumerate(("Aktobe", "Aktobe", "Almaty")):
        t = daytime(30 + 9 * k, city)
        forum_photos.append(shoot(400 + k, f"pages/forum_files/img_{k + 1}.jpg", city, t))
    forum_photos.append(shoot(403, "pages/forum_files/img_4.jpg", "Aktobe", forum_photos[0].true_utc, exif=False,
                              repost_of=400))
    posts = [("dervish_88", "Кто брал в Актобе у Звезды? Пишут что склад отвечает по "
              + _fmt_phone(op_stash, 1) + ".", 1),
             ("kot_uchyony", "Брал 2 г, норм. Фото места прикладываю.", 2),
             ("anon_4412", "Фейк! Это фото уже было. Пишите только @sz_operator2.", 4),
             ("dervish_88", "А в Алматы кто? Мне дали адрес bc1 в боте.", 3)]
    body = []
    for k, (user, text, img) in enumerate(posts, start=1):
        body.append(f'<div class="post" id="p{k}"><span class="author">{user}</span>'
                    f'<div class="body">{text}</div><img src="forum_files/img_{img}.jpg" alt="photo"></div>')
    out.files["pages/forum_thread.html"] = (
        '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"><title>Форум · Северная Звезда отзывы</title>'
        '</head>\n<body>\n<h1>Северная Звезда — отзывы</h1>\n' + "\n".join(body) + "\n</body></html>\n").encode()
    for photo, n in zip(forum_photos, (1, 2, 3, 4), strict=True):
        out.photos.append(_photo_row(photo, n, None, None, None, None, None,
                                     "repost" if n == 4 else "", "forum"))

    # ---- the capture log ----------------------------------------------------------------------------------
    altered = {"pages/bishkek_p1.html", out.photos[7]["file"]}
    for file in sorted(out.files):
        if file.startswith("pages/"):
            city = file.split("/")[-1].split("_")[0].capitalize()
            d = capture_day.get(city, 45)
            source = f"http://szvezda4k7qpl2xm.onion/catalog/{city.lower()}?page={file[-6]}" \
                if city in capture_day else f"http://kladforum3vbx.onion/t/5521#{file.rsplit('/', 1)[-1]}"
        else:
            d = 91 if file.startswith("channel") else 90
            source = ("messenger export of t.me/sz_vitrina" if file.startswith("channel")
                      else "messenger export of t.me/zvezda_otzyvy")
        captured = int(start + d * day + 3600 * (10 + len(out.captures) % 7) + len(out.captures) * 37)
        if d >= 91:
            captured = int(start + 90 * day + 3600 * 20 + len(out.captures) * 11)
        data = out.files[file]
        original = data
        if file in altered:
            if file.endswith(".html"):  # opened and saved again in an editor: Windows line ends
                out.files[file] = data.replace(b"\n", b"\r\n")
            else:  # opened in a viewer and saved again
                img = Image.open(io.BytesIO(data))
                out.files[file] = _jpeg(img.convert("RGB"), 90, img.getexif())
        out.captures.append({"file": file, "source": source, "captured_utc": captured,
                             "sha256_at_capture": hashlib.sha256(original).hexdigest(), "altered": file in altered})

    # ---- shadow measurements: the unit's imagery analyst measured four photos ---------------------------------
    measured = [p for p in out.photos if p["plan"] in ("shadow_refutes", "shadow_holds")]
    for p in measured:
        photo = p["_photo"]
        out.shadows.append({"file": p["file"], "object": "road-sign pole",
                            "object_height_m": photo.pole_m,
                            "shadow_length_m": round(photo.shadow_m * rng.uniform(0.98, 1.02), 2),
                            "shadow_bearing_deg": round((photo.shadow_bearing + rng.uniform(-1.5, 1.5)) % 360, 1)})
    for p in out.photos:
        p.pop("_photo")
    return out


def _km(lat, lon, lat0, lon0) -> float:
    from .reference import haversine_km

    return round(float(haversine_km(lat, lon, lat0, lon0)), 2)


def _photo_row(photo: Photo, message_id, post_utc, city, claimed_utc, d_km, contradicts, plan, source) -> dict:
    return {"file": photo.file, "source": source, "message_id": message_id, "scene": photo.scene,
            "post_utc": post_utc, "claimed_city": city or "", "claimed_utc": claimed_utc,
            "exif_utc": photo.taken_utc, "lat": photo.lat, "lon": photo.lon, "model": photo.model,
            "true_utc": photo.true_utc, "km_from_claimed_city": d_km, "contradicts": contradicts,
            "plan": plan, "_photo": photo}


__all__ = ["OsintWorld", "address_is_valid", "build_osint", "eip55", "PERIOD_DAYS"]
