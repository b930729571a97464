"""Risk-modelling data: customs declarations at Kazakh road crossings with inspection outcomes, a
risk-terrain grid of green-border seizures, and the true risk functions behind both (answer key)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import fmt_float, iso_local
from ..risk import KZ_SWITCH_UTC, build_declarations, local_offset
from ..risk_terrain import CRS, GRID, build_terrain
from ..schema import Column, Table

_BOOL = {True: "true", False: "false"}

DECLARATION_COLUMNS = (
    Column("declaration_id", "string", "declaration number, DKZNNNNNN, in order of arrival"),
    Column("arrival", "datetime", "arrival of the vehicle at the customs post",
           tz="local time of the crossing, offset given (+06:00 at the eastern and southern posts until "
              "1 March 2024, +05:00 after; Zhaysan always +05:00)"),
    Column("crossing", "string", "Kazakh road crossing: Zhibek Zholy | B. Konysbayev | Korday | Zhaysan | Nur Zholy"),
    Column("direction", "string", "entry (into Kazakhstan) | exit"),
    Column("other_country", "string", "country on the other side of the crossing, ISO alpha-2"),
    Column("vehicle_type", "string", "truck | van | car"),
    Column("plate", "string", "registration plate in its country's format"),
    Column("plate_country", "string", "country of registration of the vehicle, ISO alpha-2"),
    Column("driver_id", "string", "driver, pseudonymised (DRNNNNN), the same person across declarations"),
    Column("driver_nationality", "string",
           "citizenship of the driver, ISO alpha-2 — a PROTECTED attribute: it must not drive a risk score"),
    Column("documents_language", "string",
           "language of the invoice and CMR note: kk | ru | uz | tg | ky | tk (a proxy for nationality)"),
    Column("trader_id", "string", "declaring company (TRNNNNN)"),
    Column("trader_age_days", "int", "days since the company was registered, at arrival", unit="days"),
    Column("origin_country", "string", "country of origin of the goods, ISO alpha-2"),
    Column("destination_country", "string", "country of destination, ISO alpha-2 (RU: transit through Kazakhstan)"),
    Column("hs_chapter", "string", "Harmonized System chapter of the main goods, two digits as text ('07')"),
    Column("goods_description", "string", "what the HS chapter covers"),
    Column("gross_weight_kg", "float", "declared gross weight", unit="kg"),
    Column("declared_value_usd", "float", "declared customs value", unit="US dollars, 2 decimals"),
    Column("driver_crossings_30d", "int", "declarations by the same driver at any of these posts in the 30 days "
           "before this arrival", unit="count"),
    Column("driver_prior_inspections", "int", "earlier declarations of this driver that were inspected "
           "(since 1 April 2022)", unit="count"),
    Column("driver_prior_hits", "int", "earlier inspections of this driver that found a seizure or an "
           "irregularity", unit="count"),
    Column("trader_prior_inspections", "int", "earlier inspected declarations of this trader (since 1 April 2022)",
           unit="count"),
    Column("trader_prior_hits", "int", "earlier inspections of this trader that found a seizure or an irregularity",
           unit="count"),
    Column("inspected", "bool", "true when the vehicle was physically inspected"),
    Column("selection", "string", "why it was inspected: profile (the service's risk profile) | random "
           "(random control sample) | officer (officer's discretion); empty when not inspected"),
    Column("outcome", "string", "seizure (goods seized: drugs, contraband) | irregularity (misdeclaration, "
           "undervaluation; fined) | clean; EMPTY when not inspected (the outcome is unknown)"),
    Column("inspection_duration_min", "int",
           "length of the physical inspection; empty when not inspected", unit="minutes"),
)


def inspection_tables(world) -> list[Table]:
    """inspections.csv, risk_cells.csv and their answer-key tables."""
    risk = build_declarations(world.seed, world.consignments, world.vehicles, world.org_vehicles, world.persons)
    f = risk.declarations
    offsets = [local_offset(c, int(u)) for c, u in zip(f["crossing"], f["utc"], strict=True)]
    out = pd.DataFrame({
        "declaration_id": f["declaration_id"],
        "arrival": iso_local(f["utc"], offsets),
        "crossing": f["crossing"], "direction": f["direction"], "other_country": f["partner"],
        "vehicle_type": f["vehicle_type"], "plate": f["plate"], "plate_country": f["plate_country"],
        "driver_id": f["driver_id"], "driver_nationality": f["driver_nationality"],
        "documents_language": f["documents_language"], "trader_id": f["trader_id"],
        "trader_age_days": f["trader_age_days"], "origin_country": f["origin"],
        "destination_country": f["destination"], "hs_chapter": f["hs"], "goods_description": f["goods_description"],
        "gross_weight_kg": fmt_float(f["gross_weight_kg"], 0),
        "declared_value_usd": fmt_float(f["declared_value_usd"], 2),
        "driver_crossings_30d": f["driver_crossings_30d"], "driver_prior_inspections": f["driver_prior_inspections"],
        "driver_prior_hits": f["driver_prior_hits"], "trader_prior_inspections": f["trader_prior_inspections"],
        "trader_prior_hits": f["trader_prior_hits"], "inspected": f["inspected"].map(_BOOL),
        "selection": f["selection"], "outcome": f["outcome"],
        "inspection_duration_min": [("" if np.isnan(v) else str(int(v))) for v in f["inspection_duration_min"]],
    })
    truth = pd.DataFrame({
        "declaration_id": f["declaration_id"], "p_seizure": fmt_float(f["p_seizure"], 5),
        "p_irregularity": fmt_float(f["p_irregularity"], 5), "p_hit": fmt_float(f["p_hit"], 5),
        "recruited_driver": f["recruited"].map(_BOOL), "undervalued": f["undervalued"].map(_BOOL),
        "trader_propensity": fmt_float(f["propensity"], 4), "consignment_id": f["consignment_id"],
    })
    terrain = build_terrain(world.seed)
    c = terrain.cells
    cells = pd.DataFrame({
        "cell_id": c["cell_id"], "row": c["row"], "col": c["col"],
        "x_m": fmt_float(c["x_m"], 0), "y_m": fmt_float(c["y_m"], 0),
        "lat": fmt_float(c["lat"], 4), "lon": fmt_float(c["lon"], 4), "area_km2": fmt_float(c["area_km2"], 1),
        "dist_border_km": fmt_float(c["dist_border_km"], 2), "dist_road_km": fmt_float(c["dist_road_km"], 2),
        "dist_crossing_km": fmt_float(c["dist_crossing_km"], 2), "village": c["village"].map(_BOOL),
        "seizures_2022_2023": c["seizures_2022_2023"], "seizures_2024": c["seizures_2024"],
    })
    cells_truth = pd.DataFrame({"cell_id": c["cell_id"], "rate_per_month": fmt_float(c["rate_per_month"], 5),
                                "cell_effect": fmt_float(c["cell_effect"], 4)})
    terms = pd.concat([risk.terms, terrain.terms], ignore_index=True)
    terms["coefficient"] = fmt_float(terms["coefficient"], 2)
    switch = pd.Timestamp(KZ_SWITCH_UTC, unit="s", tz="UTC").isoformat()
    return [
        Table("inspections.csv", "Customs declarations and inspections at Kazakh road crossings",
              "One row per goods declaration (one vehicle crossing) at five Kazakh road crossings, from "
              "1 October 2022 to 30 June 2024 — this view starts 18 months before the world period so that "
              "models can be trained on the past and tested on the most recent months. Only the inspected "
              "declarations (about one in five) have an outcome: the others were released without a check, so "
              "whether they carried anything is unknown. The history columns (driver_*, trader_*) count "
              "earlier declarations since 1 April 2022, so they are known at arrival.",
              DECLARATION_COLUMNS, out,
              notes=(f"Kazakhstan moved to a single time zone (UTC+5) at {switch} (UTC); `data.load` converts "
                     "`arrival` to UTC.",),
              instructor_notes=("The organisation's trucks appear where they crossed Zhibek Zholy and Zhaysan.",
                                "`inspection_duration_min` is recorded only after an inspection ends: it is not "
                                "known when the decision to inspect is taken (the leaking column of module 08 "
                                "task 4).")),
        Table("risk_cells.csv", "Risk-terrain grid: green-border seizures near Saryagash",
              f"Square 3 km × 3 km cells ({CRS}, WGS 84 / UTM zone 42N; lower-left corner of the grid at "
              f"x={GRID.x0:.0f} m, y={GRID.y0:.0f} m) on the Kazakh side of the Kazakhstan–Uzbekistan border "
              "around Saryagash (Turkestan region), with risk-terrain layers and the number of smuggling "
              "seizures the border service made away from the official crossings. The border and roads used "
              "for the distances are simplified lines through the real crossing points and towns.",
              (Column("cell_id", "string", "cell, RrrCcc (row from the south, column from the west)"),
               Column("row", "int", "row of the cell, 0 = southernmost", unit="count"),
               Column("col", "int", "column of the cell, 0 = westernmost", unit="count"),
               Column("x_m", "float", "easting of the cell centre", unit="m, EPSG:32642"),
               Column("y_m", "float", "northing of the cell centre", unit="m, EPSG:32642"),
               Column("lat", "float", "latitude of the cell centre", unit="degrees WGS84, 4 decimals"),
               Column("lon", "float", "longitude of the cell centre", unit="degrees WGS84, 4 decimals"),
               Column("area_km2", "float", "area of the cell", unit="km²"),
               Column("dist_border_km", "float", "distance from the cell centre to the state border", unit="km"),
               Column("dist_road_km", "float", "distance to the nearest main road", unit="km"),
               Column("dist_crossing_km", "float", "distance to the nearest official crossing point", unit="km"),
               Column("village", "bool", "true when a village or town lies in the cell"),
               Column("seizures_2022_2023", "int", "green-border seizures in the cell, 1 Oct 2022 – 31 Dec 2023 "
                      "(15 months)", unit="count"),
               Column("seizures_2024", "int", "green-border seizures in the cell, 1 Jan – 30 Jun 2024 (6 months)",
                      unit="count")),
              cells),
        Table("truth/inspections_risk.csv", "Answer key: the true risk of every declaration",
              "The probabilities the generator used for each declaration and its hidden factors. A hit is a "
              "seizure or an irregularity: p_hit = p_seizure + (1 − p_seizure) · p_irregularity.",
              (Column("declaration_id", "string", "inspections.csv declaration"),
               Column("p_seizure", "float", "true probability that an inspection finds a seizure", unit="0-1"),
               Column("p_irregularity", "float", "true probability of an irregularity", unit="0-1"),
               Column("p_hit", "float", "true probability of a hit (seizure or irregularity)", unit="0-1"),
               Column("recruited_driver", "bool", "hidden: the driver works for a trafficking network"),
               Column("undervalued", "bool", "hidden: the declared value is about a third of the real value"),
               Column("trader_propensity", "float", "hidden: the trader's propensity to misdeclare"),
               Column("consignment_id", "string", "the organisation's consignment (truth/consignments.csv), "
                      "empty for everyone else")),
              truth),
        Table("truth/risk_function.csv", "Answer key: the true risk functions",
              "Coefficients of the generator's logistic models (seizure, irregularity, undervaluation; log-odds) "
              "and of the Poisson rate of green-border seizures per cell (terrain; log rate per month). Terms "
              "marked HIDDEN are not in the published data. Nationality and documents language are not terms: "
              "they predict only through the hidden recruited-driver factor, which is commoner among drivers of "
              "one nationality.",
              (Column("model", "string", "seizure | irregularity | undervalued | terrain"),
               Column("term", "string", "factor"),
               Column("coefficient", "float", "coefficient (log-odds, or log rate for terrain)"),
               Column("meaning", "string", "what the factor is")),
              terms),
        Table("truth/risk_cells.csv", "Answer key: the true seizure rate per grid cell",
              "The Poisson rate behind risk_cells.csv and the hidden persistent cell effect.",
              (Column("cell_id", "string", "risk_cells.csv cell"),
               Column("rate_per_month", "float", "true expected seizures per month", unit="count per month"),
               Column("cell_effect", "float", "hidden persistent effect (log scale)")),
              cells_truth),
    ]
