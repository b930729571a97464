"""ANPR: cameras on Kazakh roads and their plate reads, with the planted convoy and its decoys
(commuters, company trucks, strangers released together from a border queue), misreads (O/0, I/1, B/8,
S/5, Z/2 — five of the nine confusions methods.anpr.TO_DIGIT repairs — and Latin/Cyrillic
look-alikes), one cloned plate and the events that only look like clones (a misread that turns one
plate into another, a camera clock left on the old UTC+6), and a car seen near several seizures.

Reads of the world's journeys are vehicles whose drivers' phones travel with them. Transit trucks
registered abroad (their drivers live outside the case's population, so they have no phones in it)
add the traffic of the M32 and the queue at the Zhibek Zholy post. Randomness: the "anpr" component;
stream 0 the misreads, 1 transit traffic and the planted cars, 2 the gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ..consignments import ROAD_FACTOR, Stop
from ..core import EPOCH0, PERIOD_DAYS, fmt_float, iso_local
from ..driving import planted_vehicles
from ..movement import ROAD_POINTS, timed
from ..plates import LATIN_TO_CYRILLIC, RU_LETTERS, latinise, make_plate
from ..reference import haversine_km, point
from ..schema import Column, Table

# camera id, road leg (from, to), fraction of the leg from `from`
CAMERAS = (
    ("KZ-ANPR-01", "Zhibek Zholy", "Shymkent", 0.85),
    ("KZ-ANPR-02", "Shymkent", "Turkestan", 0.08),
    ("KZ-ANPR-03", "Shymkent", "Turkestan", 0.55),
    ("KZ-ANPR-04", "Turkestan", "Kyzylorda", 0.3),
    ("KZ-ANPR-05", "Turkestan", "Kyzylorda", 0.9),
    ("KZ-ANPR-06", "Kyzylorda", "Aktobe", 0.4),
    ("KZ-ANPR-07", "Kyzylorda", "Aktobe", 0.95),
    ("KZ-ANPR-08", "Aktobe", "Zhaysan", 0.6),
    ("KZ-ANPR-09", "Almaty", "Korday", 0.1),
    ("KZ-ANPR-10", "Almaty", "Korday", 0.6),
    ("KZ-ANPR-11", "Taraz", "Shymkent", 0.9),
    ("KZ-ANPR-12", "Bishkek", "Taraz", 0.9),
    # the exit lane of the Kazakh post at Zhibek Zholy, into Kazakhstan: read as the gate lets a batch through
    ("KZ-ANPR-13", "Zhibek Zholy", "Shymkent", 0.0),
)
GATE = 12  # index of KZ-ANPR-13
GATE_EVERY_S = 1200  # the post lets the queue through every 20 minutes
OCR_CONFUSIONS = {"0": "O", "O": "0", "8": "B", "B": "8", "5": "S", "S": "5", "1": "I", "I": "1", "2": "Z",
                  "Z": "2"}
MISREAD_SHARE = 0.03
HOMOGLYPH_SHARE = 0.01  # a Latin letter stored as its Cyrillic look-alike (mixed script)
CYRILLIC_CAMERA = "KZ-ANPR-08"  # near the Russian border: its engine stores Russian plates in Cyrillic
# The camera whose clock was not moved when Kazakhstan went from UTC+6 to UTC+5 on 1 March 2024:
# its times are an hour ahead until it was corrected.
SLOW_CLOCK_CAMERA = "KZ-ANPR-10"
SLOW_CLOCK_UNTIL = EPOCH0 + 30 * 86400  # corrected on 1 May 2024
TRANSIT_TRUCKS = 120
SHUTTLE_CARS = 400
SHUTTLES_PER_DAY = 45
TRANSIT_ROUTES = (("Zhibek Zholy", "Shymkent", "Turkestan", "Kyzylorda", "Aktobe", "Zhaysan"),
                  ("Zhibek Zholy", "Shymkent", "Taraz", "Bishkek"))
TRANSIT_COUNTRIES = ("UZ", "UZ", "UZ", "TJ", "TJ", "RU", "TM")
TRANSIT_REGIONS = {"UZ": "10", "TJ": "01", "RU": "56", "TM": "AH"}
QUEUE_DAYS = tuple(range(1, PERIOD_DAYS - 7, 7))  # the queue pair: every Tuesday morning at the post
SPOTTER_RADIUS_KM = 30.0
LOOKALIKE_DIGITS = {"8": "3", "3": "8", "6": "8", "0": "8"}


@dataclass
class Read:
    """One passage of a vehicle under a camera."""

    utc: int
    camera: int
    vehicle_id: str
    true_plate: str
    kind: str
    driver: int


def _on_leg(place: str, leg: tuple[str, str]) -> float | None:
    """Position (0-1) of a stop along a camera leg, None when it is not on it."""
    if place == leg[0]:
        return 0.0
    if place == leg[1]:
        return 1.0
    a, b, f = ROAD_POINTS.get(place, ("", "", 0.0))
    return f if (a, b) == leg else (1 - f if (b, a) == leg else None)


@cache
def _cameras_between(a: str, b: str) -> tuple[tuple[int, float], ...]:
    """(camera index, share of the way from a to b) for each road camera between two places."""
    out = []
    for k, (_cam, x, y, f) in enumerate(CAMERAS):
        p, q = _on_leg(a, (x, y)), _on_leg(b, (x, y))
        if p is None or q is None or p == q or not min(p, q) < f < max(p, q):
            continue
        out.append((k, (f - p) / (q - p)))
    return tuple(out)


def passages(stops) -> list[tuple[int, int]]:
    """(camera index, UTC time) for each road camera a journey passes between consecutive stops."""
    out = []
    for s, n in zip(stops, stops[1:], strict=False):
        for k, share in _cameras_between(s.place, n.place):
            out.append((k, s.depart + int(share * (n.arrive - s.depart))))
    return sorted(out, key=lambda r: r[1])


def gate_time(stop: Stop, rng: np.random.Generator) -> int:
    """When a vehicle cleared at the Zhibek Zholy post passes the exit-lane camera: with the first
    batch the gate lets through after its checks, a few minutes for the batch to roll past."""
    ready = stop.arrive + int(0.6 * (stop.depart - stop.arrive))
    release = -(-ready // GATE_EVERY_S) * GATE_EVERY_S
    return min(release, stop.depart) + int(rng.uniform(0, 240))


def _northbound_gate(stops, rng) -> list[tuple[int, int]]:
    out = []
    for k, s in enumerate(stops[:-1]):
        if s.place == "Zhibek Zholy" and stops[k + 1].place != "Gisht Kuprik" and k > 0:
            out.append((GATE, gate_time(s, rng)))
    return out


def camera_points() -> dict[str, tuple[float, float]]:
    """camera_id -> (lat, lon)."""
    out = {}
    for cam, a, b, fr in CAMERAS:
        (la, oa), (lb, ob) = point(a), point(b)
        out[cam] = (la + fr * (lb - la), oa + fr * (ob - oa))
    return out


def _transit(rng: np.random.Generator, taken: set[str]) -> tuple[list[Read], list[tuple[str, str]]]:
    """Transit trucks registered abroad: to Russia or Kyrgyzstan and back through Zhibek Zholy, one trip
    after another per truck. Returns their reads and (vehicle id, plate) per truck."""
    reads, fleet = [], []
    for n in range(TRANSIT_TRUCKS):
        cc = TRANSIT_COUNTRIES[int(rng.integers(0, len(TRANSIT_COUNTRIES)))]
        plate = make_plate(rng, cc, TRANSIT_REGIONS[cc])
        while plate in taken:
            plate = make_plate(rng, cc, TRANSIT_REGIONS[cc])
        taken.add(plate)
        vid = f"T{n + 1:04d}"
        fleet.append((vid, plate))
        route = list(TRANSIT_ROUTES[int(rng.random() < 0.35)])
        kmh = rng.uniform(62, 80)
        t = EPOCH0 - int(rng.uniform(0, 12) * 86400)
        while t < EPOCH0 + PERIOD_DAYS * 86400:
            arrive = t + int(rng.uniform(0, 86400))
            post = Stop("Zhibek Zholy", arrive, arrive + int(rng.uniform(0.5, 2.5) * 3600))
            first_leg = haversine_km(*point(route[0]), *point(route[1])) * ROAD_FACTOR / kmh * 3600
            north = [post, *timed(route[1:], post.depart + int(first_leg), kmh, rng)]
            legs = [(GATE, gate_time(post, rng)), *passages(north)]
            back_t = north[-1].depart + int(rng.uniform(4, 12) * 86400)
            south = timed(route[::-1], back_t, kmh, rng)
            for k, u in [*legs, *passages(south)]:
                reads.append(Read(u, k, vid, plate, "transit", -1))
            t = south[-1].depart + int(rng.uniform(3, 10) * 86400)
    return reads, fleet


def _shuttles(rng: np.random.Generator, taken: set[str]) -> list[Read]:
    """Cars from the Tashkent region over for the day to Shymkent's markets: the bulk of the queue at
    the Zhibek Zholy post, read at its exit lane and at KZ-ANPR-01 each way."""
    fleet = []
    for _ in range(SHUTTLE_CARS):
        plate = make_plate(rng, "UZ", "10")
        while plate in taken:
            plate = make_plate(rng, "UZ", "10")
        taken.add(plate)
        fleet.append(plate)
    reads = []
    for d in range(PERIOD_DAYS):
        for n in sorted(rng.choice(SHUTTLE_CARS, int(rng.poisson(SHUTTLES_PER_DAY)), replace=False)):
            arrive = EPOCH0 + d * 86400 + int(rng.uniform(6, 14) * 3600)
            post = Stop("Zhibek Zholy", arrive, arrive + int(rng.uniform(0.5, 2.0) * 3600))
            kmh = rng.uniform(70, 95)
            there = [post, *timed(["Shymkent"], post.depart + int(131 / kmh * 3600), kmh, rng)]
            back = timed(["Shymkent", "Zhibek Zholy"], there[-1].arrive + int(rng.uniform(3, 7) * 3600), kmh, rng)
            for k, u in [(GATE, gate_time(post, rng)), *passages(there), *passages(back)]:
                reads.append(Read(u, k, f"U{n + 1:04d}", fleet[n], "shuttle", -1))
    return reads


def _queue_pair(rng, taken: set[str]) -> tuple[list[Read], list[str]]:
    """Two strangers' trucks on the same weekly timetable: through the Zhibek Zholy post every Tuesday
    morning, so the gate often lets them through in one batch; then one goes to Taraz, one to Aktobe."""
    reads, plates = [], []
    for n, (cc, route) in enumerate((("UZ", TRANSIT_ROUTES[1]), ("TJ", TRANSIT_ROUTES[0]))):
        plate = make_plate(rng, cc, TRANSIT_REGIONS[cc])
        while plate in taken:
            plate = make_plate(rng, cc, TRANSIT_REGIONS[cc])
        taken.add(plate)
        plates.append(plate)
        for d in QUEUE_DAYS:
            arrive = EPOCH0 + d * 86400 + int(rng.uniform(5.0, 5.15) * 3600)
            post = Stop("Zhibek Zholy", arrive, arrive + int(rng.uniform(1.0, 1.1) * 3600))
            kmh = rng.uniform(60, 80)
            first_leg = haversine_km(*point(route[0]), *point(route[1])) * ROAD_FACTOR / kmh * 3600
            north = [post, *timed(list(route[1:3]), post.depart + int(first_leg), kmh, rng)]
            for k, u in [(GATE, gate_time(post, rng)), *passages(north)]:
                reads.append(Read(u, k, f"Q{n + 1}", plate, "queue", -1))
    return reads, plates


def _spotter(rng, seizures: pd.DataFrame, taken: set[str]) -> tuple[list[Read], str, list[str]]:
    """A car read near several seizures on their days (a lookout that drives ahead of loads), and read
    on only two other days."""
    cams = camera_points()
    road = [k for k, c in enumerate(CAMERAS) if k < 8 and k != GATE]  # the M32 cameras
    near = []
    for sid, date, lat, lon, cc in zip(seizures["seizure_id"], seizures["date"], seizures["lat"], seizures["lon"],
                                       seizures["country"], strict=True):
        if cc != "KZ" or not lat:
            continue
        d = [float(haversine_km(float(lat), float(lon), *cams[CAMERAS[k][0]])) for k in road]
        if min(d) <= SPOTTER_RADIUS_KM:
            near.append((date, sid, road[int(np.argmin(d))]))
    near = sorted(set(near))[-4:]
    plate = make_plate(rng, "RU", "56")
    while latinise(plate) in taken:
        plate = make_plate(rng, "RU", "56")
    reads = []
    days = [(int((np.datetime64(date) - np.datetime64("2024-04-01")).astype(int)), k) for date, _s, k in near]
    days += [(20, 2), (47, 4)]
    for d, k in days:
        t = EPOCH0 + d * 86400 + int(rng.uniform(9, 15) * 3600)
        reads.append(Read(t, k, "S1", plate, "spotter", -1))
        nxt = k + 1 if k + 1 < 8 else k - 1
        km = float(haversine_km(*cams[CAMERAS[k][0]], *cams[CAMERAS[nxt][0]])) * ROAD_FACTOR
        reads.append(Read(t + int(km / 85 * 3600), nxt, "S1", plate, "spotter", -1))
    return reads, latinise(plate), [s for _d, s, _k in near]


def _lookalike(rng, reads: list[Read], taken: set[str]) -> tuple[list[Read], str, str]:
    """A truck whose plate differs from a well-travelled foreign plate by one digit that cameras confuse
    (8/3, 6/8, 0/8): once, with low confidence, a camera far from the other vehicle reads it as that plate."""
    cams = camera_points()
    frame = pd.DataFrame([(r.utc, r.camera, r.vehicle_id, r.true_plate) for r in reads if r.kind == ""],
                         columns=["utc", "camera", "vehicle_id", "plate"])
    frame = frame[frame["plate"].str.match(r"^\d{2} [A-Z]\d{3}[A-Z]{2}$") & frame["camera"].isin([0, 1, 2])]
    frame = frame.sort_values(["utc", "camera"], kind="stable")
    for utc, cam, plate in zip(frame["utc"], frame["camera"], frame["plate"], strict=True):
        swaps = [k for k, ch in enumerate(plate) if ch in LOOKALIKE_DIGITS and k >= 4]
        if utc < EPOCH0 + 30 * 86400 or not swaps:
            continue
        k = swaps[0]
        twin = plate[:k] + LOOKALIKE_DIGITS[plate[k]] + plate[k + 1:]
        if twin in taken:
            continue
        taken.add(twin)
        # the twin drives Kyzylorda -> Aktobe: KZ-ANPR-06 about 40 minutes after the plate's read far south
        stops = timed(["Kyzylorda", "Aktobe"], int(utc) + 2400 - int(0.4 * 1082.8 / 75 * 3600), 75, rng)
        out = [Read(u, c, "L1", twin, "lookalike", -1) for c, u in passages(stops)]
        km = float(haversine_km(*cams[CAMERAS[cam][0]], *cams[CAMERAS[out[0].camera][0]]))
        if km > 500:
            return out, twin, plate
    raise RuntimeError("no plate for the look-alike misread")


def anpr_tables(world) -> list[Table]:
    """anpr_cameras.csv, anpr_reads.csv and the answer key (truth/anpr.csv, truth/anpr_reads.csv).
    Every read of the world's journeys is a vehicle driven by a person whose phone travels with it."""
    rng_read = np.random.default_rng([world.seed, 10, 0])
    rng_plant = np.random.default_rng([world.seed, 10, 1])
    rng_gate = np.random.default_rng([world.seed, 10, 2])
    plates = dict(zip(world.vehicles["vehicle_id"], world.vehicles["plate"], strict=True))
    reads: list[Read] = []
    for j in world.journeys:
        if j.vehicle_id:
            kind = j.tags.get("anpr", "org" if j.journey_id[0] == "J" else "")
            for k, t in passages(j.stops) + _northbound_gate(j.stops, rng_gate):
                reads.append(Read(t, k, j.vehicle_id, plates[j.vehicle_id], kind, j.persons[0]))
    plant = planted_vehicles(world.vehicles, world.org_vehicles)
    clone = plates[plant["genuine"][0]]
    for r in reads:  # the clone carries the genuine car's plate
        if r.kind == "clone":
            r.true_plate = clone
    taken = {latinise(p) for p in plates.values()}
    transit, _fleet = _transit(rng_plant, taken)
    shuttles = _shuttles(rng_plant, taken)
    queue, queue_plates = _queue_pair(rng_plant, taken)
    spotted, spotter_plate, spotter_seizures = _spotter(rng_plant, world.seizures, taken)
    look, twin, twinned = _lookalike(rng_plant, reads, taken)
    reads += transit + shuttles + queue + spotted + look

    f = pd.DataFrame([vars(r) for r in reads])
    f = f[(f["utc"] >= EPOCH0) & (f["utc"] < EPOCH0 + PERIOD_DAYS * 86400)]
    f = f.sort_values(["utc", "camera", "vehicle_id"], kind="stable").reset_index(drop=True)
    f["camera_id"] = [CAMERAS[k][0] for k in f["camera"]]
    true_latin = np.array([latinise(p) for p in f["true_plate"]], dtype=object)
    read = true_latin.copy()
    # the camera near Russia keeps a Russian plate's Cyrillic letters
    keep = (f["camera_id"] == CYRILLIC_CAMERA).to_numpy() & np.array([any(ch in RU_LETTERS for ch in p)
                                                                       for p in f["true_plate"]])
    read[keep] = f["true_plate"].to_numpy()[keep]
    misread = rng_read.random(len(f)) < MISREAD_SHARE
    misread[(f["kind"] == "lookalike").to_numpy()] = False
    for i in np.flatnonzero(misread):
        chars = list(read[i])
        options = [k for k, ch in enumerate(chars) if ch in OCR_CONFUSIONS]
        if options:
            k = options[int(rng_read.integers(0, len(options)))]
            chars[k] = OCR_CONFUSIONS[chars[k]]
            read[i] = "".join(chars)
        else:
            misread[i] = False
    homoglyph = (rng_read.random(len(f)) < HOMOGLYPH_SHARE) & ~misread & ~keep
    for i in np.flatnonzero(homoglyph):
        chars = list(read[i])
        options = [k for k, ch in enumerate(chars) if ch in LATIN_TO_CYRILLIC]
        k = options[int(rng_read.integers(0, len(options)))] if options else None
        if k is None:
            homoglyph[i] = False
            continue
        chars[k] = LATIN_TO_CYRILLIC[chars[k]]
        read[i] = "".join(chars)
    conf = np.where(misread, rng_read.uniform(0.55, 0.85, len(f)), rng_read.uniform(0.8, 0.99, len(f)))
    # the look-alike: one read of the twin truck comes out as the other plate, with low confidence
    first_look = int(np.flatnonzero((f["kind"] == "lookalike").to_numpy())[0])
    read[first_look] = twinned
    misread[first_look] = True
    conf[first_look] = 0.61
    f["plate_read"] = read
    f["confidence"] = fmt_float(conf, 2)
    f["read_id"] = [f"AR{i + 1:07d}" for i in range(len(f))]
    stamp = f["utc"].to_numpy().copy()
    slow = ((f["camera_id"] == SLOW_CLOCK_CAMERA) & (f["utc"] < SLOW_CLOCK_UNTIL)).to_numpy()
    stamp[slow] += 3600
    f["time"] = iso_local(stamp, 300)
    f["misread"] = np.where(misread, "ocr", np.where(homoglyph, "homoglyph", np.where(keep, "cyrillic", "")))
    f["clock_error_s"] = np.where(slow, 3600, 0)
    f["true_plate_latin"] = true_latin
    world.anpr = f

    cam_xy = camera_points()
    cams = pd.DataFrame([{"camera_id": c, "road_from": a, "road_to": b, "lat": cam_xy[c][0], "lon": cam_xy[c][1],
                          "site": ("exit lane of the Kazakh border post" if k == GATE else "road")}
                         for k, (c, a, b, _fr) in enumerate(CAMERAS)])
    cams["lat"], cams["lon"] = fmt_float(cams["lat"], 4), fmt_float(cams["lon"], 4)
    convoy_keys = [k for k in world.org_vehicles if k.startswith(("north_truck", "scout"))]
    convoy = sorted({plates[world.org_vehicles[k]] for k in convoy_keys})
    key = [{"kind": "convoy", "plate": latinise(p),
            "note": "north truck and the scout car that leads it by one to two minutes"} for p in convoy]
    key += [{"kind": "decoy", "plate": latinise(plates[x]),
             "note": "commuter pair: together every working day, but at two cameras only"}
            for x in plant["commuters"]]
    key += [{"kind": "decoy", "plate": latinise(plates[x]), "note": "company trucks: same road, 5-9 minutes apart"}
            for x in plant["trucks"]]
    key += [{"kind": "queue", "plate": latinise(p),
             "note": "strangers released together by the Zhibek Zholy gate on Tuesdays; one camera only"}
            for p in queue_plates]
    key.append({"kind": "clone", "plate": latinise(clone), "note": "genuine car in Almaty; clone on the M32"})
    key.append({"kind": "lookalike", "plate": twinned,
                "note": f"one low-confidence read of the truck {twin} at KZ-ANPR-06 came out as this plate"})
    key.append({"kind": "clock", "plate": SLOW_CLOCK_CAMERA,
                "note": "camera clock on UTC+6 until 2024-04-30: times one hour ahead; from it to KZ-ANPR-09 "
                        "looks an hour faster, to it an hour slower"})
    key.append({"kind": "spotter", "plate": spotter_plate,
                "note": "read near seizures " + " ".join(spotter_seizures) + " on their days"})
    read_key = f[["read_id", "vehicle_id", "true_plate_latin", "kind", "misread", "clock_error_s"]].rename(
        columns={"true_plate_latin": "true_plate"})
    return [
        Table("anpr_cameras.csv", "ANPR cameras", "Automatic number-plate recognition cameras on Kazakh roads "
              "and at the exit lane of the Zhibek Zholy border post.",
              (Column("camera_id", "string", "camera"), Column("road_from", "string", "road section start"),
               Column("road_to", "string", "road section end"),
               Column("lat", "float", "latitude", unit="degrees WGS84"),
               Column("lon", "float", "longitude", unit="degrees WGS84"),
               Column("site", "string", "road | exit lane of the Kazakh border post")), cams),
        Table("anpr_reads.csv", "ANPR reads",
              "One row per plate read, Kazakh cameras and foreign-registered transit traffic alike. Plates "
              "are read in Latin letters, except that KZ-ANPR-08 (near the Russian border) stores Russian "
              "plates in Cyrillic; a few reads mix scripts (a Cyrillic look-alike for a Latin letter), and "
              "some are wrong, usually with a lower confidence: a character read as its look-alike. Of "
              "the confusions a repair by position must consider (O/0, D/0, Q/0, I/1, L/1, Z/2, S/5, B/8, "
              "G/6), these cameras' engines make O/0, I/1, Z/2, S/5 and B/8. Times are as the camera's "
              "clock stamped them.",
              (Column("read_id", "string", "read, in time order"), Column("camera_id", "string", "camera"),
               Column("time", "datetime", "time of the read as stamped by the camera",
                      tz="Asia/Almaty (UTC+05:00)"),
               Column("plate_read", "string", "plate as read by the camera"),
               Column("confidence", "float", "recognition confidence", unit="0-1")), f),
        Table("truth/anpr.csv", "Answer key: convoy, decoys, clone and look-alikes",
              "Plates (in Latin letters) of the convoy, the decoy pairs that only look like convoys, the "
              "queue pair, the clone, the misread that looks like a clone, the camera with a wrong clock and "
              "the car seen near several seizures.",
              (Column("kind", "string", "convoy | decoy | queue | clone | lookalike | clock | spotter"),
               Column("plate", "string", "plate (camera id for kind clock)"),
               Column("note", "string", "what it is")), pd.DataFrame(key)),
        Table("truth/anpr_reads.csv", "Answer key: what each ANPR read really is",
              "The vehicle behind each read, its true plate in Latin letters, the planted part it plays, "
              "how the read went wrong and the camera clock's error.",
              (Column("read_id", "string", "anpr_reads.csv read"),
               Column("vehicle_id", "string", "vehicle (V = register, T = transit truck, U = day-trip car from "
                      "Uzbekistan, Q/S/L = planted)"),
               Column("true_plate", "string", "the plate really on the vehicle, Latin letters"),
               Column("kind", "string", "org | decoy | clone | clone-genuine | transit | shuttle | queue | spotter | "
                      "lookalike | empty for ordinary traffic"),
               Column("misread", "string", "ocr | homoglyph | cyrillic | empty when read as it is"),
               Column("clock_error_s", "int", "seconds the camera's clock was ahead", unit="s")), read_key),
    ]
