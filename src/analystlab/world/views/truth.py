"""Answer-key tables about the organisation and its consignments."""

from __future__ import annotations

import pandas as pd

from ..core import fmt_float, iso_local
from ..reference import country_of, utc_offset_at
from ..schema import Column, Table


def _offset(place: str) -> int:
    cc = country_of(place)
    return utc_offset_at(cc, place if cc == "RU" and place != "Sagarchin" else None)


def consignment_tables(world) -> list[Table]:
    """truth/consignments.csv (one row per load) and truth/consignment_stops.csv (its timed route)."""
    plates = dict(zip(world.vehicles["vehicle_id"], world.vehicles["plate"], strict=True))
    loads, stops = [], []
    for c in world.consignments:
        loads.append({"consignment_id": c.consignment_id, "drug": c.drug, "quantity_kg": f"{c.quantity_kg:.3f}",
                      "packages": c.packages, "concealment": c.concealment, "cover_cargo": c.cover_cargo,
                      "seized": "true" if c.seized else "false", "seized_at": c.seized_at})
        seq = 0
        for key, route in c.stages:
            vid = world.org_vehicles[key]
            for s in route:
                seq += 1
                off = _offset(s.place)
                stops.append({"consignment_id": c.consignment_id, "seq": seq, "stage": key, "vehicle_id": vid,
                              "plate": plates[vid], "place": s.place, "country": country_of(s.place),
                              "arrive": iso_local([s.arrive], off)[0], "depart": iso_local([s.depart], off)[0]})
    return [
        Table("truth/consignments.csv", "Answer key: the organisation's consignments",
              "Every load the organisation moved in the period, whether it was seized and where.",
              (Column("consignment_id", "string", "consignment, CNN in departure order"),
               Column("drug", "string", "heroin | hashish"),
               Column("quantity_kg", "float", "net weight", unit="kg, 3 decimals"),
               Column("packages", "int", "packets", unit="count"),
               Column("concealment", "string", "how the load was hidden"),
               Column("cover_cargo", "string", "the legitimate cargo declared"),
               Column("seized", "bool", "true when the load was seized"),
               Column("seized_at", "string", "place of seizure (crossing or city), empty if not seized")),
              pd.DataFrame(loads)),
        Table("truth/consignment_stops.csv", "Answer key: the consignments' timed routes",
              "Each place a consignment passed, with the vehicle carrying it (stage south_car: courier's car "
              "from the Panj to Bokhtar; south_truck: fruit truck to Shymkent; north_truck: Kazakh truck "
              "escorted by the scout car to Orenburg). A seized load's route ends where it was seized.",
              (Column("consignment_id", "string", "consignment"),
               Column("seq", "int", "order of the stop within the consignment", unit="count"),
               Column("stage", "string", "south_car | south_truck | north_truck"),
               Column("vehicle_id", "string", "vehicle carrying the load (vehicles.csv)"),
               Column("plate", "string", "its plate"),
               Column("place", "string", "city or border crossing"),
               Column("country", "string", "ISO country of the place"),
               Column("arrive", "datetime", "arrival", tz="local, offset given"),
               Column("depart", "datetime", "departure", tz="local, offset given")),
              pd.DataFrame(stops)),
    ]


def people_tables(world) -> list[Table]:
    """truth/persons.csv (every person with every spelling) and truth/organisation.csv (the members)."""
    p = world.persons.copy()
    p["home_lat"], p["home_lon"] = fmt_float(p["home_lat"], 4), fmt_float(p["home_lon"], 4)
    person_cols = (
        Column("person_id", "string", "person"),
        Column("surname_cyr", "string", "surname in Cyrillic (birth form, -ov/-ev)"),
        Column("surname_doc_cyr", "string", "surname on current documents (Tajiks often -zoda since 2016)"),
        Column("given_cyr", "string", "given name in Cyrillic"),
        Column("patronymic_cyr", "string", "patronymic in Cyrillic"),
        Column("sex", "string", "M | F"),
        Column("date_of_birth", "date", "date of birth"),
        Column("nationality", "string", "citizenship, ISO alpha-2"),
        Column("home_city", "string", "city of residence"),
        Column("home_lat", "float", "home latitude", unit="degrees WGS84"),
        Column("home_lon", "float", "home longitude", unit="degrees WGS84"),
        *[Column(f"{part}_{s}", "string", f"{part} name in the {label} transliteration")
          for s, label in (("icao", "ICAO 9303 (passport)"), ("gost", "GOST 52535"),
                           ("bgn", "MVD-782 / BGN-style"), ("uz", "Uzbek Latin"))
          for part in ("surname", "given")],
        Column("surname_old_icao", "string", "birth-form surname in ICAO 9303 (what older records show)"),
    )
    lines = world.lines
    rows = []
    for m in world.members:
        mine = lines[lines["holder"] == m.person]
        rows.append({"member_id": m.member_id, "person_id": p.at[m.person, "person_id"], "role": m.role,
                     "cell": m.cell, "home_city": m.home,
                     "name_cyr": f"{p.at[m.person, 'surname_doc_cyr']} {p.at[m.person, 'given_cyr']}",
                     "name_icao": f"{p.at[m.person, 'surname_icao']} {p.at[m.person, 'given_icao']}",
                     "personal_numbers": " ".join(mine[mine["purpose"] == "personal"]["msisdn"]),
                     "operational_numbers": " ".join(dict.fromkeys(mine[mine["purpose"] == "operational"]["msisdn"])),
                     "handsets": " ".join(dict.fromkeys(mine["imei"]))})
    return [
        Table("truth/persons.csv", "Answer key: the population", "Every person with every spelling of the name.",
              person_cols, p[[c.name for c in person_cols]]),
        Table("truth/organisation.csv", "Answer key: the organisation",
              "Members, roles and cells (core: organiser and broker; south: Tajik cell; north: Kazakh cell), "
              "with their phones (space-separated; operational numbers in the order used).",
              (Column("member_id", "string", "member, MNN"), Column("person_id", "string", "person"),
               Column("role", "string", "organiser | broker | cell leader | courier | driver | scout | "
                      "stash keeper | money mule | corrupt insider"),
               Column("cell", "string", "core | south | north"), Column("home_city", "string", "home"),
               Column("name_cyr", "string", "name on documents, Cyrillic"),
               Column("name_icao", "string", "name in passport spelling"),
               Column("personal_numbers", "string", "personal MSISDNs"),
               Column("operational_numbers", "string", "operational MSISDNs, before and after the SIM swap"),
               Column("handsets", "string", "IMEIs used, in order")), pd.DataFrame(rows)),
    ]
