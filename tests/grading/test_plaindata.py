"""The plain-data boundary: honest answers of every kind arrive intact, lying ones arrive as the
plain values they really hold (or not at all), and hostile encodings are refused."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely

from analystlab.grading.plaindata import DecodeError, Decoder, Encoder


def roundtrip(value):
    return Decoder(remote=lambda node: ("remote", node["type"])).decode(Encoder().encode(value))


@pytest.mark.parametrize("value", [
    None, True, 3, 2**80, -0.0, float("inf"), "text \udcff", b"\x00\x01", 1 + 2j, [1, (2, "b")], {"a": {1, 2}},
    frozenset({"x"}), range(2, 9, 3), dt.date(2024, 5, 6), dt.datetime(2024, 5, 6, 1, 2, 3, tzinfo=dt.UTC),
    dt.timedelta(hours=5), np.int64(7), np.float64(7.125), np.bool_(True), np.str_("S0314"),
])
def test_scalars_and_containers(value):
    back = roundtrip(value)
    assert back == value or (isinstance(value, float) and np.isnan(value))
    assert type(back) is type(value)


def test_arrays():
    for array in (np.arange(12).reshape(3, 4), np.array(["a", "bc"]), np.array(["2024-05-06"], dtype="datetime64[s]"),
                  np.array([1, "a", None], dtype=object)):
        back = roundtrip(array)
        assert back.dtype == array.dtype and back.shape == array.shape and (back == array).all()


def test_pandas_kinds_survive():
    frame = pd.DataFrame({
        "when": pd.to_datetime(["2024-05-06 01:00", "2024-05-07 02:00"]).tz_localize("Asia/Almaty"),
        "n": pd.array([1, None], dtype="Int64"),
        "kind": pd.Categorical(["car", "truck"], categories=["truck", "car"], ordered=True),
        "ok": [True, False],
        "text": ["a", None],
    }, index=pd.Index(["x", "y"], name="id"))
    pd.testing.assert_frame_equal(roundtrip(frame), frame)
    series = frame["n"].rename("count")
    pd.testing.assert_series_equal(roundtrip(series), series)
    crossed = pd.crosstab(pd.Series(list("aab"), name="r"), pd.Series([1, 2, 2], name="c"))
    pd.testing.assert_frame_equal(roundtrip(crossed), crossed)
    multi = frame.set_index("kind", append=True)
    pd.testing.assert_frame_equal(roundtrip(multi), multi)
    assert roundtrip(pd.Timestamp("2024-05-06", tz="UTC")) == pd.Timestamp("2024-05-06", tz="UTC")


def test_geo_and_graphs():
    gdf = gpd.GeoDataFrame({"id": [1, 2]}, geometry=[shapely.Point(0, 1), shapely.Point(2, 3)], crs="EPSG:4326")
    back = roundtrip(gdf)
    assert isinstance(back, gpd.GeoDataFrame) and back.crs == gdf.crs and back.geometry.equals(gdf.geometry)
    graph = nx.MultiGraph()
    graph.add_edge("S1", "S2", key="call", weight=3)
    graph.add_node(("a", 1), role="courier")
    back = roundtrip(graph)
    assert type(back) is nx.MultiGraph and nx.utils.graphs_equal(back, graph)


def test_lies_do_not_cross():
    class Anything(int):
        def __eq__(self, other):
            return True

        __hash__ = int.__hash__

    assert type(roundtrip(Anything(3))) is int and roundtrip(Anything(3)) != 4

    class Always(list):
        def __eq__(self, other):
            return True

    assert roundtrip(Always([1])) == [1] and roundtrip(Always([1])) != [2]
    liar = type("float64", (), {"__module__": "numpy", "__eq__": lambda s, o: True})()
    assert roundtrip(liar) == ("remote", "float64")
    lying_column = pd.Series([liar, liar], dtype=object)
    back = roundtrip(lying_column)
    with pytest.raises(TypeError, match="could not read"):
        back.index  # noqa: B018 - any use of an unreadable value fails with the reason


def test_hostile_encodings_are_refused():
    deep = {"t": "none"}
    for _ in range(200):
        deep = {"t": "list", "v": [deep]}
    with pytest.raises(DecodeError):
        Decoder().decode(deep)
    with pytest.raises(DecodeError):
        Decoder().decode({"t": "ndarray", "dtype": "|O", "shape": [1], "v": ""})
    with pytest.raises(DecodeError):
        Decoder().decode({"t": "remote", "id": 1})
    with pytest.raises(DecodeError):
        Decoder().decode({"t": "pickle", "v": "gASV"})
