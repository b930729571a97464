"""Tower dumps: every call and SMS handled by the cells covering a scene during a time window.

Three scenes are chosen where the organisation's escort car stopped with the truck; the dumps are cut
from the same traffic as calls.csv and calls_supplement.csv (originating records keep their call_id)
and add the terminating side — the called phone when a scene cell served it (b_cell).
Randomness: the "tower_dumps" component's stream 2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import EPOCH0, iso_local
from ..reference import haversine_km
from ..schema import Column, Table
from ..telecom import _imei, _imsi, _msisdn, operators_of
from .services import _rng, supplement_calls, supplement_tables

N_SCENES = 3
SCENE_RADIUS_KM = 5.0  # masts within this distance of the scene are requested
HALF_WINDOW_S = 90 * 60
OUTSIDERS_PER_SCENE = (90, 160)  # phones outside the case population that the scene's cells also served
TRAVELLERS = 4  # outsiders (long-distance drivers, say) served at two of the three scenes
DUMP_COLUMNS = (
    Column("scene_id", "string", "scene, T1-T3"),
    Column("scene", "string", "what happened there, as the request describes it"),
    Column("window_start", "datetime", "start of the requested window", tz="local, offset given"),
    Column("window_end", "datetime", "end of the requested window", tz="local, offset given"),
    Column("cell_id", "string", "scene cell that handled the record (cell_sites.csv)"),
    Column("direction", "string", "originating (the phone on the scene cell called) | terminating (it was called)"),
    Column("number", "string", "the phone on the scene cell, E.164 MSISDN"),
    Column("other_number", "string", "the other party (E.164, or a service short code)"),
    Column("imei", "string", "handset of the phone on the scene cell"),
    Column("imsi", "string", "SIM of the phone on the scene cell"),
    Column("start", "datetime", "start of the call or time of the SMS", tz="local, offset given"),
    Column("duration_s", "int", "call duration; 0 for SMS and unanswered calls", unit="seconds"),
    Column("call_type", "string", "voice | sms"),
    Column("call_id", "string", "the record in calls.csv or calls_supplement.csv; empty for phones outside "
           "those returns"),
)


def _scenes(rng, world) -> list[dict]:
    """Three stops of the escort car on three different days, in three different places."""
    calls = world.calls
    scout = next(m for m in world.members if m.role == "scout").person
    cand = calls[(calls["holder"] == scout) & calls["chain"].str.endswith(":convoy")].copy()
    by_cell = world.cells.set_index("cell_id").loc[cand["first_cell"]]
    cand["place"] = by_cell["place"].to_numpy()
    cand["site_lat"], cand["site_lon"] = by_cell["lat"].to_numpy(), by_cell["lon"].to_numpy()
    cand["day"] = (cand["utc"] - EPOCH0) // 86400
    hour = (cand["utc"] - EPOCH0) % 86400 // 3600  # local hour at UTC+5, the escort's route
    urban = by_cell["site_type"].to_numpy() == "urban"
    cand = cand[(hour >= 9) & (hour <= 20) & urban]
    cand = cand.sort_values("utc", kind="stable")
    order = rng.permutation(len(cand))
    scenes, places, days = [], set(), set()
    for i in order:
        row = cand.iloc[int(i)]
        if row["place"] in places or row["day"] in days:
            continue
        places.add(row["place"])
        days.add(row["day"])
        scenes.append(row)
        if len(scenes) == N_SCENES:
            break
    scenes.sort(key=lambda r: r["utc"])
    what = ("a fuel-station robbery reported by the owner", "an assault on a truck driver at a parking area",
            "an arson attack on a roadside café")
    out = []
    for k, row in enumerate(scenes):
        centre = int(row["utc"]) - int(rng.integers(5, 25)) * 60
        centre -= centre % 300
        out.append({"scene_id": f"T{k + 1}", "place": row["place"], "lat": row["site_lat"], "lon": row["site_lon"],
                    "t0": centre - HALF_WINDOW_S, "t1": centre + HALF_WINDOW_S,
                    "scene": f"{what[k]}, {row['place']}"})
    return out


def _outsider(rng, cc: str, taken: set) -> dict:
    op = operators_of(cc)[int(rng.integers(0, len(operators_of(cc))))]
    number = _msisdn(rng, op)
    while number in taken:
        number = _msisdn(rng, op)
    taken.add(number)
    return {"number": number, "imei": _imei(rng)[0], "imsi": _imsi(rng, op), "operator": op[1]}


def outsider_traffic(rng, world, scenes: list[dict]) -> dict[str, pd.DataFrame]:
    """Per scene, the calls of phones the case population does not hold: the crowd every dump contains."""
    cells = world.cells
    taken = set(world.lines["msisdn"])
    ccs = [cells.loc[(cells["place"] == s["place"]), "country"].iloc[0] for s in scenes]
    travellers = [_outsider(rng, ccs[0], taken) for _ in range(TRAVELLERS)]
    out = {}
    for k, (s, cc) in enumerate(zip(scenes, ccs, strict=True)):
        near = haversine_km(s["lat"], s["lon"], cells["lat"].to_numpy(), cells["lon"].to_numpy()) <= SCENE_RADIUS_KM
        local = cells[near]
        crowd = [_outsider(rng, cc, taken) for _ in range(int(rng.integers(*OUTSIDERS_PER_SCENE)))]
        crowd += [t for j, t in enumerate(travellers) if j % 3 != k]  # each traveller misses one scene
        rows = []
        for phone in crowd:
            served = local[local["operator"] == phone["operator"]]
            if served.empty:
                served = local
            for _ in range(1 + int(rng.poisson(0.8))):
                other = crowd[int(rng.integers(0, len(crowd)))]["number"] if rng.random() < 0.3 else None
                if other is None or other == phone["number"]:
                    other = _outsider(rng, cc, taken)["number"]
                kind = "sms" if rng.random() < 0.3 else "voice"
                rows.append({"cell_id": served["cell_id"].iloc[int(rng.integers(0, len(served)))],
                             "direction": "originating" if rng.random() < 0.5 else "terminating",
                             "number": phone["number"], "other_number": other, "imei": phone["imei"],
                             "imsi": phone["imsi"], "utc": int(s["t0"] + rng.integers(0, s["t1"] - s["t0"])),
                             "duration_s": 0 if kind == "sms" else int(round(rng.lognormal(np.log(70), 0.9))),
                             "call_type": kind, "call_id": ""})
        out[s["scene_id"]] = pd.DataFrame(rows)
    return out


def dump_frame(world, traffic: pd.DataFrame, scenes: list[dict], crowd: dict[str, pd.DataFrame]) -> pd.DataFrame:
    cells = world.cells
    lines = world.lines
    parts = []
    for s in scenes:
        near = haversine_km(s["lat"], s["lon"], cells["lat"].to_numpy(), cells["lon"].to_numpy()) <= SCENE_RADIUS_KM
        scene_cells = set(cells.loc[near, "cell_id"])
        offset = int(world.cell_locator.offsets[int(cells.loc[near, "site_index"].iloc[0])])
        win = traffic[(traffic["utc"] >= s["t0"]) & (traffic["utc"] < s["t1"])]
        orig = win[win["first_cell"].isin(scene_cells) | win["last_cell"].isin(scene_cells)]
        o = pd.DataFrame({"cell_id": np.where(orig["first_cell"].isin(scene_cells), orig["first_cell"],
                                              orig["last_cell"]),
                          "direction": "originating", "number": orig["a_number"], "other_number": orig["b_number"],
                          "imei": orig["imei"], "imsi": orig["imsi"], "utc": orig["utc"],
                          "duration_s": orig["duration_s"], "call_type": orig["call_type"],
                          "call_id": orig["call_id"]})
        term = win[win["b_cell"].isin(scene_cells)]
        tb = term["b_cell"].to_numpy()
        idx = lines.drop_duplicates("msisdn", keep="last").set_index("msisdn")
        t = pd.DataFrame({"cell_id": tb, "direction": "terminating", "number": term["b_number"],
                          "other_number": term["a_number"], "imei": "", "imsi": "", "utc": term["utc"],
                          "duration_s": term["duration_s"], "call_type": term["call_type"], "call_id": term["call_id"]})
        for i, (num, when) in enumerate(zip(t["number"], t["utc"], strict=True)):
            g = lines[(lines["msisdn"] == num) & (lines["valid_from"] <= when) & (lines["valid_to"] > when)]
            row = g.iloc[0] if len(g) else idx.loc[num]
            t.iloc[i, t.columns.get_loc("imei")] = row["imei"]
            t.iloc[i, t.columns.get_loc("imsi")] = row["imsi"]
        d = pd.concat([o, t, crowd[s["scene_id"]]], ignore_index=True)
        d = d.sort_values(["utc", "number", "direction"], kind="stable")
        d.insert(0, "scene_id", s["scene_id"])
        d.insert(1, "scene", s["scene"])
        d.insert(2, "window_start", iso_local([s["t0"]], offset)[0])
        d.insert(3, "window_end", iso_local([s["t1"]], offset)[0])
        d["start"] = iso_local(d["utc"].to_numpy(), offset)
        parts.append(d)
    return pd.concat(parts, ignore_index=True)


def tower_dump_tables(world) -> list[Table]:
    """The second call-record return, the service directory, the tower dumps and their answer keys."""
    directory, supplement, key = supplement_calls(world)
    traffic = pd.concat([world.calls.drop(columns=["chain", "lat", "lon"]),
                         supplement.drop(columns=["plant", "consignment_id"])], ignore_index=True)
    traffic = traffic.sort_values(["utc", "call_id"], kind="stable").reset_index(drop=True)
    rng = _rng(world.seed, 2)
    scenes = _scenes(rng, world)
    dumps = dump_frame(world, traffic, scenes, outsider_traffic(rng, world, scenes))
    counts = dumps.groupby("number")["scene_id"].nunique()
    everywhere = sorted(counts[counts == len(scenes)].index)
    phones = world.lines.drop_duplicates("msisdn", keep="last").set_index("msisdn")
    pid = world.persons["person_id"].to_numpy()
    role = {m.person: m.role for m in world.members}
    known = [n in phones.index for n in everywhere]
    truth = pd.DataFrame({"number": everywhere,
                          "person_id": [pid[phones.at[n, "holder"]] if k else "" for n, k in zip(everywhere, known,
                                                                                                   strict=True)],
                          "role": [role.get(int(phones.at[n, "holder"]), "") if k else "" for n, k in
                                   zip(everywhere, known, strict=True)],
                          "purpose": [phones.at[n, "purpose"] if k else "" for n, k in zip(everywhere, known,
                                                                                            strict=True)]})
    world.supplement = supplement
    return [
        *supplement_tables(directory, supplement, key),
        Table("tower_dumps.csv", "Tower dumps of three scenes",
              "What the operators delivered for three incident scenes: every call and SMS handled by any cell "
              "of the masts within 5 km of the scene during the requested window, originating (the phone on the "
              "scene cell called) and terminating (it was called). Originating records carry the call_id of "
              "calls.csv or calls_supplement.csv; a terminating record repeats the caller's call_id from the "
              "called phone's side. Most phones in a dump are not in the call returns at all (no call_id): "
              "the crowd that happened to be there.", DUMP_COLUMNS, dumps),
        Table("truth/tower_dumps.csv", "Answer key: numbers present at all three tower-dump scenes",
              "Numbers found in every scene's dump, with their real user.",
              (Column("number", "string", "E.164 MSISDN"), Column("person_id", "string", "real user"),
               Column("role", "string", "role in the organisation (empty for others)"),
               Column("purpose", "string", "personal | operational")), truth),
    ]
