"""Border-crossing records: one row per person per crossing point passed, as each side's border
service records it (passport spelling, the officer who cleared it, the vehicle)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import EPOCH0, PERIOD_DAYS, iso_local
from ..organisation import by_role
from ..reference import CROSSING, country_of, utc_offset_at
from ..schema import Column, Table

OFFICERS_PER_CROSSING = 12


def _officer(name: str, k: int) -> str:
    code = "".join(w[0] for w in name.replace("-", " ").split()).upper()[:3]
    return f"{CROSSING[name].cc}-{code}-{k + 1:02d}"


def border_tables(world) -> list[Table]:
    """border_crossings.csv and the insider's officer id in the answer key."""
    rng = np.random.default_rng([world.seed, 9, 1])
    p = world.persons
    plates = dict(zip(world.vehicles["vehicle_id"], world.vehicles["plate"], strict=True))
    insider = by_role(world.members, "corrupt insider")[0]
    insider_officer = _officer("Zhibek Zholy", 7)
    rows = []
    for j in world.journeys:
        for k, s in enumerate(j.stops):
            if s.place not in CROSSING:
                continue
            c = CROSSING[s.place]
            prev = j.stops[k - 1].place if k else s.place
            direction = "exit" if country_of(prev) == c.cc and k else "entry"
            officer = _officer(s.place, int(rng.integers(0, OFFICERS_PER_CROSSING)))
            if s.place == "Zhibek Zholy" and j.purpose == "consignment":
                officer = insider_officer  # the insider clears the organisation's trucks himself
            elif officer == insider_officer and rng.random() < 0.5:
                officer = _officer(s.place, 3)
            for n, person in enumerate(j.persons):
                t = s.arrive + int(rng.uniform(0.2, 0.9) * (s.depart - s.arrive)) + 20 * n
                rows.append({"utc": t, "crossing": s.place, "country": c.cc, "other_country": c.other,
                             "direction": direction, "mode": j.mode, "person": person,
                             "role": "driver" if n == 0 and j.vehicle_id else "passenger",
                             "vehicle_plate": plates.get(j.vehicle_id, ""), "officer_id": officer,
                             "journey_id": j.journey_id})
    f = pd.DataFrame(rows)
    f = f[(f["utc"] >= EPOCH0) & (f["utc"] < EPOCH0 + PERIOD_DAYS * 86400)]
    f = f.sort_values(["utc", "crossing", "person"], kind="stable").reset_index(drop=True)
    f["record_id"] = [f"BX{i + 1:06d}" for i in range(len(f))]
    f["time"] = iso_local(f["utc"], [utc_offset_at(cc, "Orenburg") for cc in f["country"]])
    person = f["person"].to_numpy()
    # passports: ICAO 9303 spelling of the surname on the current document (Tajiks: often -zoda)
    f["surname"] = p["surname_icao"].to_numpy()[person]
    f["given_name"] = p["given_icao"].to_numpy()[person]
    f["date_of_birth"] = p["date_of_birth"].to_numpy()[person]
    f["nationality"] = p["nationality"].to_numpy()[person]
    f["passport_no"] = [f"{nat}{(int(i) * 7919 + world.seed) % 10_000_000:07d}"
                        for nat, i in zip(f["nationality"], person, strict=True)]
    typo = np.flatnonzero(rng.random(len(f)) < 0.02)
    for i in typo:
        s = f.at[i, "surname"]
        if len(s) < 4:
            continue
        k = int(rng.integers(1, len(s) - 2))
        f.at[i, "surname"] = s[:k] + s[k + 1] + s[k] + s[k + 2:]  # transposed letters
    f.loc[rng.random(len(f)) < 0.01, "date_of_birth"] = ""
    f["person_id"] = p["person_id"].to_numpy()[person]
    world.border = f
    cols = (Column("record_id", "string", "record number, in time order"),
            Column("time", "datetime", "time of the passport check",
                   tz="the file: local time of the recording side, offset given; `data.load` converts it to UTC"),
            Column("crossing", "string", "crossing point (the recording side's name for it)"),
            Column("country", "string", "recording country, ISO alpha-2"),
            Column("other_country", "string", "country on the other side"),
            Column("direction", "string", "exit | entry, from the recording country's view"),
            Column("mode", "string", "road | rail"),
            Column("surname", "string", "surname as in the passport (ICAO 9303 Latin), as keyed"),
            Column("given_name", "string", "given name as in the passport"),
            Column("date_of_birth", "date", "date of birth (empty when not keyed)"),
            Column("nationality", "string", "passport country, ISO alpha-2"),
            Column("passport_no", "string", "passport number"),
            Column("role", "string", "driver | passenger"),
            Column("vehicle_plate", "string", "plate of the vehicle, empty for foot or bus passengers"),
            Column("officer_id", "string", "border officer who cleared the traveller"))
    truth = pd.DataFrame({"record_id": f["record_id"], "person_id": f["person_id"], "journey_id": f["journey_id"]})
    return [
        Table("border_crossings.csv", "Border-crossing records",
              "One row per traveller per crossing point, from the passport-control systems of both sides "
              "(each side of a crossing records separately, in its own time zone).", cols, f),
        Table("truth/border_persons.csv", "Answer key: who each border record really is",
              "The real person behind each border record, and the journey it belongs to.",
              (Column("record_id", "string", "border_crossings.csv record"),
               Column("person_id", "string", "real person"),
               Column("journey_id", "string", "journey (J = organisation, B = background)")), truth),
        Table("truth/insider.csv", "Answer key: the corrupt insider",
              "The organisation's insider at a crossing and the officer id under which he clears its trucks.",
              (Column("person_id", "string", "the insider"), Column("officer_id", "string", "his officer id"),
               Column("crossing", "string", "where he works")),
              pd.DataFrame([{"person_id": p["person_id"].iat[insider.person], "officer_id": insider_officer,
                             "crossing": "Zhibek Zholy"}])),
    ]
