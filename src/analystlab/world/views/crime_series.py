"""Dushanbe property-crime incidents with planted series, courier inspections, and their answer key."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import fmt_float
from ..couriers import COEF, build_courier_checks
from ..crime_series import CRS, LOCAL_OFFSET_MIN, PERIOD_START, build_crime_series, district_of, to_lonlat
from ..schema import Column, Table

TZ = "local time of Dushanbe (Asia/Dushanbe, UTC+05:00), offset given"


def _iso(minutes) -> np.ndarray:
    """ISO 8601 local times with +05:00 from minutes since 2024-04-01 00:00 local."""
    t = PERIOD_START + np.asarray(minutes, dtype=np.int64).astype("timedelta64[m]")
    text = np.datetime_as_string(t.astype("datetime64[s]"), unit="s")
    return np.char.add(text, "+05:00").astype(object)


INCIDENT_COLUMNS = (
    Column("incident_id", "string", "police incident number, DU-NNNN, numbered by the start of the time window"),
    Column("crime_type", "string", "residential burglary | commercial burglary | street robbery | theft from vehicle"),
    Column("earliest", "datetime", "start of the window in which the offence happened (earliest possible time)",
           tz=TZ),
    Column("latest", "datetime", "end of that window (latest possible time); equal to `earliest` when the time "
           "is known exactly (robberies, reported by the victim)", tz=TZ),
    Column("reported_at", "datetime", "when the offence was reported to the police", tz=TZ),
    Column("district", "string", "city district (Sino, Firdavsi, Ismoili Somoni, Shohmansur; nearest "
           "approximate district centre)"),
    Column("lat", "float", "latitude of the scene", unit="degrees WGS84, 5 decimals"),
    Column("lon", "float", "longitude of the scene", unit="degrees WGS84, 5 decimals"),
    Column("x", "float", f"easting of the scene in {CRS} (WGS 84 / UTM zone 42N)", unit="metres, 1 decimal"),
    Column("y", "float", f"northing of the scene in {CRS}", unit="metres, 1 decimal"),
    Column("target_type", "string", "MO: what was attacked — flat | house | pharmacy | shop | warehouse | office | "
           "kiosk | pedestrian | parked car"),
    Column("entry_point", "string", "MO: where the offender got in — front door | rear door | window | balcony | "
           "roof | shutter | side window | door | boot; n/a for robberies"),
    Column("entry_method", "string", "MO: how — forced | lock snapped | cut | smashed | no force | ceramic shard | "
           "lock forced | unlocked (burglary, vehicle); threat | snatch | assault (robbery)"),
    Column("time_of_day", "string", "MO: night (22–06) | morning (06–12) | afternoon (12–18) | evening (18–22), "
           "from the midpoint of the time window"),
    Column("weapon", "string", "MO: none | knife | blunt object | firearm"),
    Column("property_taken", "string", "MO: items taken, ';'-separated (cash, jewellery, electronics, goods, "
           "medicines, tools, phone, bag, car parts)"),
    Column("precautions", "string", "MO: none | gloves | CCTV covered | alarm cable cut | face covered"),
)

COURIER_COLUMNS = (
    Column("check_id", "string", "inspection record, CK-NNNN, in date order"),
    Column("date", "date", "date of the inspection", tz="local (UTC+05:00)"),
    Column("place", "string", "Dushanbe airport | Dusti (road crossing to Uzbekistan) | Fotehobod (road crossing "
           "to Uzbekistan)"),
    Column("transport_mode", "string", "air | car | bus | on foot"),
    Column("destination", "string", "destination city the traveller declared"),
    Column("age", "int", "age of the traveller", unit="years"),
    Column("sex", "string", "M | F"),
    Column("nationality", "string", "nationality on the passport, ISO 3166-1 alpha-2. Recorded because the "
           "passport is; it must not be used to select or profile travellers (see module 07)"),
    Column("ticket", "string", "one-way | return (air and bus tickets); n/a for cars and pedestrians"),
    Column("paid_cash", "bool", "true when the ticket or fuel was paid in cash"),
    Column("trips_90d", "int", "outbound crossings by the traveller in the previous 90 days", unit="count"),
    Column("luggage", "string", "none | light | heavy"),
    Column("selection_reason", "string", "why the traveller was inspected: random (a random check) | risk "
           "indicators (the behavioural indicators on the customs risk list) | officer discretion"),
    Column("drugs_found", "bool", "true when drugs were found"),
    Column("drug", "string", "drug found (empty when none)"),
    Column("quantity_kg", "float", "net weight found (empty when none)", unit="kg, 3 decimals"),
    Column("concealment", "string", "where the drugs were hidden (empty when none)"),
)


def crime_series_tables(world) -> list[Table]:
    """crime_incidents.csv, courier_checks.csv and the answer key of the planted series."""
    raw, offenders = build_crime_series(world.seed, world.persons, world.members)
    raw = raw.sort_values(["start", "x"], kind="stable").reset_index(drop=True)
    raw["incident_id"] = [f"DU-{i + 1:04d}" for i in range(len(raw))]
    lon, lat = to_lonlat(raw["x"], raw["y"])
    inc = raw.copy()
    inc["earliest"], inc["latest"], inc["reported_at"] = _iso(raw["start"]), _iso(raw["end"]), _iso(raw["reported"])
    inc["district"] = district_of(lat, lon)
    inc["lat"], inc["lon"] = fmt_float(lat, 5), fmt_float(lon, 5)
    inc["x"], inc["y"] = fmt_float(raw["x"], 1), fmt_float(raw["y"], 1)

    members = raw[raw["series_id"] != ""][["incident_id", "series_id"]].sort_values(["series_id", "incident_id"])
    off = pd.DataFrame([o.__dict__ for o in offenders])
    off["lat"], off["lon"] = fmt_float(off["lat"], 4), fmt_float(off["lon"], 4)
    off["x"], off["y"] = fmt_float(off["x"], 1), fmt_float(off["y"], 1)
    off = off.rename(columns={"lat": "anchor_lat", "lon": "anchor_lon", "x": "anchor_x", "y": "anchor_y"})

    checks = build_courier_checks(world.seed)
    minutes = np.floor(checks["utc_day"].to_numpy() * 1440).astype(np.int64)
    checks["date"] = [s[:10] for s in _iso(minutes)]
    checks["check_id"] = [f"CK-{i + 1:04d}" for i in range(len(checks))]
    checks["paid_cash"] = np.where(checks["paid_cash"], "true", "false")
    checks["drugs_found"] = np.where(checks["drugs_found"], "true", "false")
    qty = pd.to_numeric(checks["quantity_kg"].replace("", np.nan))
    checks["quantity_kg"] = fmt_float(qty.round(3), 3)

    params = pd.DataFrame([
        ("crs", CRS, "projected CRS of x/y in crime_incidents.csv and of the anchors"),
        ("local_utc_offset_min", str(LOCAL_OFFSET_MIN), "Dushanbe wall clock = UTC + 300 min"),
        ("s1_buffer_m", "900", "S1: no burglary closer than this to the offender's home"),
        ("s1_distance", "900 + Gamma(shape 2.2, scale 700), capped at 4800", "S1 journey-to-crime distances (m)"),
        ("s1_bursts", "3,3,3,3,2", "S1: incidents per burst; 1-4 days apart within a burst, bursts >= 12 days apart"),
        ("s1_mo_rule", "at most one MO field differs from the S1 modal MO", "S1 MO consistency"),
        ("noise_commercial_max_jaccard", "0.45", "other commercial burglaries: Jaccard similarity of MO tokens to "
         "the S1 modal MO is below this"),
        ("residential_near_repeat", "P(repeat)=0.35 then 0.10; 20-400 m; 0.5-10 days",
         "near-repeat rule of residential burglaries"),
        ("s2_design", "commuter from Tursunzoda, robberies around the centre", "S2"),
        ("s3_distance", "500 + Gamma(shape 2, scale 500)", "S3 journey-to-crime distances (m)"),
        ("courier_logit", "; ".join(f"{k}={v}" for k, v in COEF.items()),
         "P(drugs found) = logistic of these behavioural terms; nationality has no effect"),
        ("courier_discretion_nationality", "TJ 0.42, AF 0.42, UZ 0.10, RU/KG/KZ 0.02 each",
         "nationality mix of 'officer discretion' inspections (random and indicator checks: TJ 0.72, UZ 0.12, "
         "AF 0.06, RU 0.04, KG 0.03, KZ 0.03)"),
    ], columns=["parameter", "value", "meaning"])

    names = [c.name for c in INCIDENT_COLUMNS]
    return [
        Table("crime_incidents.csv", "Dushanbe property-crime incidents (burglary, robbery, theft from vehicles)",
              "One row per recorded incident in Dushanbe over the world period: residential and commercial "
              "burglaries, street robberies and thefts from parked cars, each with its time window, scene "
              f"(latitude/longitude and projected x/y in {CRS}, metres) and modus operandi (MO) fields. Some "
              "incidents belong to series committed by one offender; most do not.",
              INCIDENT_COLUMNS, inc[names]),
        Table("courier_checks.csv", "Secondary inspections of outbound travellers (Dushanbe airport, Dusti, "
              "Fotehobod)",
              "One row per traveller given a secondary customs inspection, with the traveller's age, sex, "
              "nationality and travel pattern, why they were selected, and what was found. Used in module 07 "
              "to test what a courier profile may contain.",
              COURIER_COLUMNS, checks[[c.name for c in COURIER_COLUMNS]]),
        Table("truth/crime_series.csv", "Answer key: series membership of the Dushanbe incidents",
              "Incidents of crime_incidents.csv that belong to a planted series (all others are by other "
              "offenders): S1 roof-entry pharmacy burglaries, S2 knife-point robberies, S3 thefts from parked cars.",
              (Column("incident_id", "string", "crime_incidents.csv incident"),
               Column("series_id", "string", "S1 | S2 | S3")), members),
        Table("truth/crime_series_offenders.csv", "Answer key: each series' offender and anchor point",
              "The offender of each planted series (a person of truth/persons.csv; S1's is the organisation's "
              "Dushanbe stash keeper) and his anchor point, his home.",
              (Column("series_id", "string", "S1 | S2 | S3"),
               Column("person_id", "string", "truth/persons.csv person"),
               Column("member_id", "string", "truth/organisation.csv member, empty if not a member"),
               Column("crime_type", "string", "crime type of the series"),
               Column("anchor_lat", "float", "home latitude", unit="degrees WGS84, 4 decimals"),
               Column("anchor_lon", "float", "home longitude", unit="degrees WGS84, 4 decimals"),
               Column("anchor_x", "float", f"home easting, {CRS}", unit="metres"),
               Column("anchor_y", "float", f"home northing, {CRS}", unit="metres"),
               Column("design", "string", "marauder | commuter, as planted (Canter's hypothesis)")), off),
        Table("truth/crime_series_parameters.csv", "Answer key: how the series and inspections were generated",
              "Parameters of the planted patterns in crime_incidents.csv and courier_checks.csv.",
              (Column("parameter", "string", "name"), Column("value", "string", "value"),
               Column("meaning", "string", "what it sets")), params),
    ]
