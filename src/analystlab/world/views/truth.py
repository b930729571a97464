"""Answer-key tables about the organisation and its consignments."""

from __future__ import annotations

import pandas as pd

from ..core import iso_local
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
