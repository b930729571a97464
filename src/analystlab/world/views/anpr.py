"""ANPR: cameras on Kazakh roads and their plate reads, with the planted convoy, look-alike decoys,
misreads and one cloned plate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import EPOCH0, PERIOD_DAYS, component_rng, fmt_float, iso_local
from ..plates import latinise
from ..reference import point
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
)
OCR_CONFUSIONS = {"0": "O", "O": "0", "8": "B", "B": "8", "5": "S", "S": "5", "1": "I", "I": "1", "2": "Z",
                  "Z": "2"}
N_DOMESTIC = 5200  # background vehicle passages on the camera roads
LEG_KMH = 75


def _cam_index():
    idx = {}
    for k, (_cam, a, b, f) in enumerate(CAMERAS):
        idx.setdefault((a, b), []).append((k, f))
        idx.setdefault((b, a), []).append((k, 1 - f))
    return idx


def passages(stops, idx):
    """(camera index, UTC time) for each camera a journey passes."""
    out = []
    for s, n in zip(stops, stops[1:], strict=False):
        for k, f in sorted(idx.get((s.place, n.place), []), key=lambda x: x[1]):
            out.append((k, s.depart + int(f * (n.arrive - s.depart))))
    return out


def anpr_tables(world) -> list[Table]:
    """anpr_cameras.csv, anpr_reads.csv and the convoy/decoy/clone answer key."""
    rng = component_rng(world.seed, "anpr")
    idx = _cam_index()
    plates = dict(zip(world.vehicles["vehicle_id"], world.vehicles["plate"], strict=True))
    reads = []  # (utc, camera, vehicle_id, true plate, kind)
    for j in world.journeys:
        if j.vehicle_id:
            for k, t in passages(j.stops, idx):
                reads.append((t, k, j.vehicle_id, plates[j.vehicle_id], "org" if j.journey_id[0] == "J" else ""))
    # background traffic: KZ and foreign vehicles not on cross-border trips, driving one camera road
    v = world.vehicles
    travelling = {j.vehicle_id for j in world.journeys if j.vehicle_id}
    planted = sorted(travelling | set(_planted_ids(world)))
    pool = v[(~v["vehicle_id"].isin(planted)) & (v["country"].isin(["KZ", "KG", "UZ", "RU"]))]
    pool_ids = pool["vehicle_id"].to_numpy()
    legs = sorted({(a, b) for (_, a, b, _) in CAMERAS})
    last_seen: dict[str, list[int]] = {}
    for _ in range(N_DOMESTIC):
        vid = str(pool_ids[int(rng.integers(0, len(pool_ids)))])
        a, b = legs[int(rng.integers(0, len(legs)))]
        if rng.random() < 0.5:
            a, b = b, a
        t0 = EPOCH0 + int(rng.uniform(0, PERIOD_DAYS) * 86400)
        km = float(np.hypot(*(np.subtract(point(a), point(b))))) * 111 * 1.2
        if any(abs(t0 - t) < 3 * 86400 for t in last_seen.get(vid, [])):
            continue  # passages days apart keep each vehicle's track plausible
        last_seen.setdefault(vid, []).append(t0)
        for k, f in sorted(idx[(a, b)], key=lambda x: x[1]):
            reads.append((t0 + int(f * km / LEG_KMH * 3600), k, vid, plates[vid], ""))
    decoys, clone = _plant_decoys_and_clone(rng, world, plates, reads, idx)
    f = pd.DataFrame(reads, columns=["utc", "camera", "vehicle_id", "true_plate", "kind"])
    f = f[(f["utc"] >= EPOCH0) & (f["utc"] < EPOCH0 + PERIOD_DAYS * 86400)]
    f = f.sort_values(["utc", "camera", "vehicle_id"], kind="stable").reset_index(drop=True)
    read = np.array([latinise(p) for p in f["true_plate"]], dtype=object)
    misread = rng.random(len(f)) < 0.03
    for i in np.flatnonzero(misread):
        chars = list(read[i])
        options = [k for k, ch in enumerate(chars) if ch in OCR_CONFUSIONS]
        if options:
            k = options[int(rng.integers(0, len(options)))]
            chars[k] = OCR_CONFUSIONS[chars[k]]
            read[i] = "".join(chars)
    f["plate_read"] = read
    f["confidence"] = fmt_float(np.where(misread, rng.uniform(0.55, 0.85, len(f)), rng.uniform(0.8, 0.99, len(f))), 2)
    f["read_id"] = [f"AR{i + 1:07d}" for i in range(len(f))]
    f["camera_id"] = [CAMERAS[k][0] for k in f["camera"]]
    f["time"] = iso_local(f["utc"], 300)
    f["direction"] = ""
    world.anpr = f
    cams = pd.DataFrame([{"camera_id": c, "road_from": a, "road_to": b,
                          "lat": point(a)[0] + fr * (point(b)[0] - point(a)[0]),
                          "lon": point(a)[1] + fr * (point(b)[1] - point(a)[1])} for c, a, b, fr in CAMERAS])
    cams["lat"], cams["lon"] = fmt_float(cams["lat"], 4), fmt_float(cams["lon"], 4)
    convoy_keys = [k for k in world.org_vehicles if k.startswith(("north_truck", "scout"))]
    convoy = sorted({plates[world.org_vehicles[k]] for k in convoy_keys})
    key = [{"kind": "convoy", "plate": latinise(p), "note": "north truck and scout car travel together"}
           for p in convoy]
    key += [{"kind": "decoy", "plate": latinise(p), "note": note} for p, note in decoys]
    key.append({"kind": "clone", "plate": latinise(clone), "note": "genuine car in Almaty; clone on the M32"})
    return [
        Table("anpr_cameras.csv", "ANPR cameras", "Automatic number-plate recognition cameras on Kazakh roads.",
              (Column("camera_id", "string", "camera"), Column("road_from", "string", "road section start"),
               Column("road_to", "string", "road section end"),
               Column("lat", "float", "latitude", unit="degrees WGS84"),
               Column("lon", "float", "longitude", unit="degrees WGS84")), cams),
        Table("anpr_reads.csv", "ANPR reads",
              "One row per plate read. Plates are read in Latin letters (Russian Cyrillic plates come out as "
              "look-alike Latin letters); some reads are wrong (O/0, B/8, S/5, I/1, Z/2).",
              (Column("read_id", "string", "read, in time order"), Column("camera_id", "string", "camera"),
               Column("time", "datetime", "time of the read", tz="Asia/Almaty (UTC+05:00)"),
               Column("plate_read", "string", "plate as read by the camera"),
               Column("confidence", "float", "recognition confidence", unit="0-1")), f),
        Table("truth/anpr.csv", "Answer key: convoy, decoys and the cloned plate",
              "Plates (as read) of the convoy pair, the decoy pairs that only look like convoys, and the clone.",
              (Column("kind", "string", "convoy | decoy | clone"), Column("plate", "string", "plate"),
               Column("note", "string", "what it is")), pd.DataFrame(key)),
    ]


def _planted_ids(world):
    """(commuter pair, company trucks, genuine car of the cloned plate): ordinary vehicles given a role."""
    v = world.vehicles
    v = v[~v["vehicle_id"].isin(sorted(world.org_vehicles.values()))]
    kz_cars = v[(v["country"] == "KZ") & (v["vehicle_type"] == "car")]
    shym = kz_cars[kz_cars["region_city"] == "Shymkent"]["vehicle_id"].to_numpy()[:2]
    trucks = v[(v["country"] == "KZ") & (v["vehicle_type"] == "truck")]["vehicle_id"].to_numpy()[-2:]
    genuine = kz_cars[kz_cars["region_city"] == "Almaty"]["vehicle_id"].to_numpy()[0]
    return [*shym, *trucks, genuine]


def _plant_decoys_and_clone(rng, world, plates, reads, idx):
    ids = _planted_ids(world)
    shym, trucks, genuine = ids[:2], ids[2:4], ids[4]
    decoys = []
    # commuters: together every working day past two cameras only
    for d in range(PERIOD_DAYS):
        if d % 7 in (5, 6):
            continue
        t = EPOCH0 + d * 86400 + int(rng.uniform(7.4, 8.0) * 3600)
        for n, vid in enumerate(shym):
            for k, f in idx[("Shymkent", "Turkestan")][:1] + [(2, 0.55)]:
                reads.append((t + int(f * 2 * 3600) + 40 * n, k, vid, plates[vid], "decoy"))
    decoys += [(plates[x], "commuter pair: together daily, but at two cameras only") for x in shym]
    # company trucks on the same long road, five to nine minutes apart
    for d in range(3, PERIOD_DAYS - 3, 9):
        t = EPOCH0 + d * 86400 + int(rng.uniform(5, 9) * 3600)
        gap = int(rng.uniform(300, 540))
        for n, vid in enumerate(trucks):
            for a, b in (("Shymkent", "Turkestan"), ("Turkestan", "Kyzylorda")):
                for k, f in idx[(a, b)]:
                    base = 0 if a == "Shymkent" else 3 * 3600
                    reads.append((t + base + int(f * 3 * 3600) + gap * n, k, vid, plates[vid], "decoy"))
    decoys += [(plates[x], "company trucks: same road, but 5-9 minutes apart") for x in trucks]
    # the clone: an Almaty commuter's plate fitted to the northern courier's car
    plate = plates[genuine]
    clone_car = world.org_vehicles["north_car"]
    for d in range(PERIOD_DAYS):
        if d % 7 in (5, 6):
            continue
        t = EPOCH0 + d * 86400 + int(rng.uniform(8.0, 8.5) * 3600)
        reads.append((t, 8, genuine, plate, "clone-genuine"))
        reads.append((t + 600, 9, genuine, plate, "clone-genuine"))
    for d in (12, 33, 54, 75):
        t = EPOCH0 + d * 86400 + int(rng.uniform(9.0, 10.0) * 3600)  # shortly after the genuine car's read
        reads.append((t, 4, clone_car, plate, "clone"))
        reads.append((t + int(2.9 * 3600), 2, clone_car, plate, "clone"))
    return decoys, plate
