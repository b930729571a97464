"""ANPR: cameras on Kazakh roads and their plate reads, with the planted convoy, look-alike decoys,
misreads and one cloned plate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import EPOCH0, PERIOD_DAYS, component_rng, fmt_float, iso_local
from ..driving import planted_vehicles
from ..movement import ROAD_POINTS
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


def _on_leg(place: str, leg: tuple[str, str]) -> float | None:
    """Position (0-1) of a stop along a camera leg, None when it is not on it."""
    if place == leg[0]:
        return 0.0
    if place == leg[1]:
        return 1.0
    a, b, f = ROAD_POINTS.get(place, ("", "", 0.0))
    return f if (a, b) == leg else (1 - f if (b, a) == leg else None)


def passages(stops) -> list[tuple[int, int]]:
    """(camera index, UTC time) for each camera a journey passes between consecutive stops."""
    out = []
    for s, n in zip(stops, stops[1:], strict=False):
        for k, (_cam, a, b, f) in enumerate(CAMERAS):
            p, q = _on_leg(s.place, (a, b)), _on_leg(n.place, (a, b))
            if p is None or q is None or p == q or not min(p, q) < f < max(p, q):
                continue
            out.append((k, s.depart + int((f - p) / (q - p) * (n.arrive - s.depart))))
    return sorted(out, key=lambda r: r[1])


def anpr_tables(world) -> list[Table]:
    """anpr_cameras.csv, anpr_reads.csv and the convoy/decoy/clone answer key. Every read is a vehicle on
    one of the world's journeys, driven by a person whose phone travels with it."""
    rng = component_rng(world.seed, "anpr")
    plates = dict(zip(world.vehicles["vehicle_id"], world.vehicles["plate"], strict=True))
    reads = []  # (utc, camera, vehicle_id, true plate, kind, driver)
    for j in world.journeys:
        if j.vehicle_id:
            kind = j.tags.get("anpr", "org" if j.journey_id[0] == "J" else "")
            for k, t in passages(j.stops):
                reads.append((t, k, j.vehicle_id, plates[j.vehicle_id], kind, j.persons[0]))
    plant = planted_vehicles(world.vehicles, world.org_vehicles)
    decoys = [(plates[x], "commuter pair: together daily, but at two cameras only") for x in plant["commuters"]]
    decoys += [(plates[x], "company trucks: same road, but 5-9 minutes apart") for x in plant["trucks"]]
    clone = plates[plant["genuine"][0]]
    # the clone carries the genuine car's plate
    reads = [(t, k, v, clone if kind == "clone" else p, kind, d) for t, k, v, p, kind, d in reads]
    f = pd.DataFrame(reads, columns=["utc", "camera", "vehicle_id", "true_plate", "kind", "driver"])
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
