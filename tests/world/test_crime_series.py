"""crime_incidents.csv and courier_checks.csv: plausible, and the planted facts of module 07 are
found by the methods the module teaches."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analystlab.methods.centrography import canter_circle, canter_classify
from analystlab.methods.geoprofile import cgt_surface, hit_score
from analystlab.methods.grid import grid_around
from analystlab.methods.nearrepeat import knox_test
from analystlab.world.crime_series import jaccard, mo_tokens, to_xy


def _incidents(out, read):
    inc = read(out, "crime_incidents.csv")
    for col in ("x", "y", "lat", "lon"):
        inc[col] = inc[col].astype(float)
    series = read(out, "truth/crime_series.csv")
    inc["series"] = inc["incident_id"].map(dict(zip(series["incident_id"], series["series_id"], strict=True)))
    offenders = read(out, "truth/crime_series_offenders.csv").set_index("series_id")
    return inc, offenders


def test_plausible(out, read):
    inc, offenders = _incidents(out, read)
    assert inc["incident_id"].is_unique and len(inc) > 200
    start = pd.to_datetime(inc["earliest"], format="ISO8601", utc=True)
    end = pd.to_datetime(inc["latest"], format="ISO8601", utc=True)
    reported = pd.to_datetime(inc["reported_at"], format="ISO8601", utc=True)
    assert (end >= start).all() and (reported >= end).all()
    assert inc["earliest"].str.endswith("+05:00").all()
    robbery = inc["crime_type"] == "street robbery"
    assert (start[robbery] == end[robbery]).all()
    # Inside Dushanbe and its projected coordinates agree with lat/lon to a few metres.
    assert inc["lat"].between(38.45, 38.66).all() and inc["lon"].between(68.65, 68.92).all()
    x, y = to_xy(inc["lon"], inc["lat"])
    assert np.abs(x - inc["x"]).max() < 2 and np.abs(y - inc["y"]).max() < 2
    assert offenders.loc["S1", "member_id"] == "M10"
    members = read(out, "truth/organisation.csv").set_index("member_id")
    assert offenders.loc["S1", "person_id"] == members.loc["M10", "person_id"]


def test_s1_stands_out_by_mo_similarity(out, read):
    inc, _ = _incidents(out, read)
    burglaries = inc[inc["crime_type"] == "commercial burglary"].reset_index(drop=True)
    tokens = [mo_tokens(r) for _, r in burglaries.iterrows()]
    seed = burglaries.index[(burglaries["series"] == "S1") & (burglaries["entry_point"] == "roof")
                            & (burglaries["property_taken"] == "medicines;cash")
                            & (burglaries["precautions"] == "alarm cable cut")][0]
    sims = np.array([jaccard(tokens[seed], t) for t in tokens])
    linked = set(burglaries.loc[sims >= 0.6, "incident_id"])
    assert linked == set(burglaries.loc[burglaries["series"] == "S1", "incident_id"])
    # Overlapping MOs exist: other pharmacy burglaries, and roof entries by others.
    others = burglaries[burglaries["series"] != "S1"]
    assert (others["target_type"] == "pharmacy").sum() >= 8 and (others["entry_point"] == "roof").sum() >= 2


def test_geoprofile_of_planted_series(out, read):
    inc, offenders = _incidents(out, read)
    for sid, design in (("S1", "marauder"), ("S2", "commuter"), ("S3", "marauder")):
        s = inc[inc["series"] == sid]
        home = offenders.loc[sid]
        hx, hy = float(home["anchor_x"]), float(home["anchor_y"])
        assert canter_classify(canter_circle(s["x"], s["y"]), hx, hy) == design == home["design"]
        if design == "marauder":
            grid = grid_around(s["x"], s["y"], 250, margin=3000)
            surface = cgt_surface(s["x"], s["y"], grid, buffer=1000, f=1.2, g=1.2)
            assert hit_score(surface, grid, hx, hy) < 0.05


def test_s1_near_repeats_significant(out, read):
    inc, _ = _incidents(out, read)
    s = inc[inc["series"] == "S1"]
    t = pd.to_datetime(s["earliest"].str[:19])
    result = knox_test(s["x"], s["y"], t, space=1500, time=7, n_perm=999, seed=7)
    assert result.p_value < 0.05 and result.observed > 2 * result.expected


def test_residential_near_repeats(out, read):
    inc, _ = _incidents(out, read)
    r = inc[inc["crime_type"] == "residential burglary"]
    t = pd.to_datetime(r["earliest"].str[:19])
    assert knox_test(r["x"], r["y"], t, space=400, time=7, n_perm=199, seed=1).p_value < 0.05


def test_courier_checks_nationality_carries_no_signal(out, read):
    checks = read(out, "courier_checks.csv")
    assert len(checks) == 3000 and checks["check_id"].is_unique
    found = checks["drugs_found"] == "true"
    rate = found.groupby(checks["selection_reason"]).mean()
    assert rate["risk indicators"] > 2 * rate["random"]
    assert rate["officer discretion"] < 1.5 * rate["random"]
    # Afghan nationals are over-represented among finds relative to random checks ...
    af_finds = (checks.loc[found, "nationality"] == "AF").mean()
    af_random = (checks.loc[checks["selection_reason"] == "random", "nationality"] == "AF").mean()
    assert af_finds > 2 * af_random
    # ... but their hit rate per inspection is no higher than anyone else's.
    by_nat = found.groupby(checks["nationality"]).mean()
    assert by_nat["AF"] <= found.mean() * 1.2
    assert (checks.loc[found, "quantity_kg"] != "").all() and (checks.loc[~found, "drug"] == "").all()
