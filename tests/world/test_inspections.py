"""inspections.csv and risk_cells.csv: plausible, consistent with the case world, and the planted
risk factors, leak, proxy and terrain hot spots are found by the methods module 08 teaches."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from analystlab.methods.risk import pai_from_cells, select_top

CUTOFF = pd.Timestamp("2024-01-01", tz="UTC")
CATEGORICAL = ["crossing", "direction", "vehicle_type", "origin_country", "destination_country", "hs_chapter"]
NUMERIC = ["log_trader_age", "log_value_per_kg", "driver_crossings_30d", "driver_prior_inspections",
           "driver_prior_hits", "trader_prior_inspections", "trader_prior_hits"]


@pytest.fixture(scope="module")
def decl(out, read):
    d = read(out, "inspections.csv")
    d["arrival"] = pd.to_datetime(d["arrival"], format="ISO8601", utc=True)
    d["inspected"] = d["inspected"] == "true"
    for col in ("trader_age_days", "driver_crossings_30d", "driver_prior_inspections", "driver_prior_hits",
                "trader_prior_inspections", "trader_prior_hits"):
        d[col] = d[col].astype(int)
    d["hit"] = d["outcome"].isin(["seizure", "irregularity"])
    d["log_trader_age"] = np.log1p(d["trader_age_days"])
    d["log_value_per_kg"] = np.log(d["declared_value_usd"].astype(float) / d["gross_weight_kg"].astype(float))
    return d


@pytest.fixture(scope="module")
def split(decl):
    insp = decl[decl["inspected"]]
    return insp[insp["arrival"] < CUTOFF], insp[insp["arrival"] >= CUTOFF]


def _fit(train, test, categorical):
    model = make_pipeline(
        make_column_transformer((OneHotEncoder(handle_unknown="ignore"), categorical), (StandardScaler(), NUMERIC)),
        LogisticRegression(max_iter=1000))
    model.fit(train[NUMERIC + categorical], train["hit"])
    return model.predict_proba(test[NUMERIC + categorical])[:, 1]


def test_plausible_and_consistent(decl):
    assert 18_000 < len(decl) < 30_000
    assert decl["declaration_id"].is_unique and decl["arrival"].is_monotonic_increasing
    assert decl["arrival"].min() < pd.Timestamp("2022-10-02", tz="UTC")
    assert decl["arrival"].max() < pd.Timestamp("2024-07-01", tz="UTC")
    assert 0.12 < decl["inspected"].mean() < 0.3
    # outcomes, selections and durations exist exactly for the inspected
    assert ((decl["outcome"] != "") == decl["inspected"]).all()
    assert ((decl["selection"] != "") == decl["inspected"]).all()
    assert ((decl["inspection_duration_min"] != "") == decl["inspected"]).all()
    assert set(decl["selection"]) == {"", "profile", "random", "officer"}
    hit_rate = decl.loc[decl["inspected"], "hit"].mean()
    assert 0.05 < hit_rate < 0.15
    assert decl["hs_chapter"].str.fullmatch(r"\d\d").all()
    # Kazakhstan's single time zone from 1 March 2024: no +06:00 offsets after the switch
    late = decl[decl["arrival"] >= pd.Timestamp("2024-03-01", tz="UTC")]
    assert not late["arrival"].isna().any()


def test_offsets_follow_the_2024_time_zone_change(out, read):
    raw = read(out, "inspections.csv")
    offset = raw["arrival"].str[-6:]
    early = raw["arrival"].str[:10] < "2024-02-29"
    east = raw["crossing"] != "Zhaysan"
    assert set(offset[early & east]) == {"+06:00"}
    assert set(offset[~early & east & (raw["arrival"].str[:10] > "2024-03-01")]) == {"+05:00"}
    assert set(offset[~east]) == {"+05:00"}


def test_organisation_trucks_appear_uninspected(decl, out, read):
    key = read(out, "truth/inspections_risk.csv")
    org = decl[key["consignment_id"] != ""]
    stops = read(out, "truth/consignment_stops.csv")
    crossed = stops[stops["place"].isin(["Zhibek Zholy", "Zhaysan"])]
    assert len(org) == len(crossed) > 0
    assert set(org["plate"]) == set(crossed["plate"])
    assert not org["inspected"].any()
    assert set(org["crossing"]) == {"Zhibek Zholy", "Zhaysan"}


def test_model_beats_the_floor_and_a_one_feature_model(split):
    train, test = split
    auc = roc_auc_score(test["hit"], _fit(train, test, CATEGORICAL))
    assert auc > 0.72
    naive = make_pipeline(StandardScaler(), LogisticRegression()).fit(train[["trader_prior_hits"]], train["hit"])
    assert roc_auc_score(test["hit"], naive.predict_proba(test[["trader_prior_hits"]])[:, 1]) < 0.65


def test_true_risk_ranks_better_than_any_model(split, out, read):
    _, test = split
    key = read(out, "truth/inspections_risk.csv").set_index("declaration_id")
    p = key.loc[test["declaration_id"], "p_hit"].astype(float)
    assert roc_auc_score(test["hit"], p) > 0.78


def test_leak_is_the_inspection_duration(split):
    train, _ = split
    duration = train["inspection_duration_min"].astype(float)
    assert roc_auc_score(train["hit"], duration) > 0.85
    for col in NUMERIC:
        assert roc_auc_score(train["hit"], train[col]) < 0.7, col


def test_language_is_a_proxy_and_brings_nationality_back(split):
    train, test = split
    tj = test["driver_nationality"].to_numpy() == "TJ"
    share = {}
    for name, extra in (("both", ["driver_nationality", "documents_language"]), ("proxy", ["documents_language"]),
                        ("none", [])):
        share[name] = tj[select_top(_fit(train, test, CATEGORICAL + extra), 0.05)].mean()
    assert share["both"] > share["none"] and share["proxy"] > share["none"]
    lang = pd.crosstab(train["driver_nationality"], train["documents_language"], normalize="index")
    assert lang.loc["TJ", "tg"] > 0.5 and lang["tg"].drop("TJ").max() == 0


def test_terrain_layers_find_the_hot_spots(out, read):
    cells = read(out, "risk_cells.csv")
    before, after = cells["seizures_2022_2023"].astype(int), cells["seizures_2024"].astype(int)
    score = (2 * (cells["dist_border_km"].astype(float) <= 3) + (cells["dist_road_km"].astype(float) <= 2)
             + (cells["village"] == "true") + cells["dist_crossing_km"].astype(float).between(3, 15))
    assert pai_from_cells(after, score >= 3) > 5
    assert pai_from_cells(after, before >= 3) > 3
    assert pai_from_cells(after, select_top(before.to_numpy(), 0.05)) > 2
    assert cells["cell_id"].is_unique and (cells["area_km2"] == "9.0").all()
