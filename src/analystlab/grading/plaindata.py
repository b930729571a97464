"""Values as plain data: the only form in which anything crosses from a trainee's process to the tests.

The trainee process encodes the names a test reads into a tree of tagged JSON nodes; the test
process decodes that tree into objects it builds itself (Python scalars and containers, numpy arrays
of plain dtypes, pandas objects read back from Arrow IPC, shapely geometries from WKB, networkx
graphs from node and edge lists). Nothing is unpickled and no class of the trainee's crosses: a
container subclass arrives as its plain base type, a lying `__eq__` stays behind. Anything else (a
function, a fitted model, a matplotlib Axes, a folium Map) arrives as a *remote handle*: the test
process may read its attributes and call it, each time by a request to the trainee process whose
answer is again plain data. A trainee who tampers with this module can therefore send only values
that could have been typed in by hand.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import fractions
import math

MAX_DEPTH = 60
MAX_NODES = 2_000_000
PLAIN_KINDS = "biufcmMUS"  # numpy dtype kinds that carry no Python objects
CLASS_PREFIXES = ("matplotlib.", "folium.", "branca.", "sklearn.", "analystlab.", "mpl_toolkits.")


class DecodeError(ValueError):
    """The encoded tree is not one this module writes (malformed, too deep or too large)."""


# -- encoding (trainee side) ----------------------------------------------------------------------
class Encoder:
    """Encodes values; objects that are not plain data are registered as remote handles."""

    def __init__(self) -> None:
        self.handles: dict[int, object] = {}

    def handle(self, value) -> dict:
        key = len(self.handles) + 1
        self.handles[key] = value
        cls = type(value)
        return {"t": "remote", "id": key, "type": getattr(cls, "__name__", "object"),
                "class": f"{getattr(cls, '__module__', '')}:{getattr(cls, '__qualname__', '')}",
                "callable": callable(value)}

    def resolve(self, key) -> object:
        return self.handles[int(key)]

    def encode(self, value, depth: int = 0) -> dict:  # noqa: C901 - one branch per kind of value
        if depth > MAX_DEPTH:
            return unreadable(value, "it is nested too deeply")
        if value is None:
            return {"t": "none"}
        if value is True or value is False:
            return {"t": "bool", "v": bool(value)}
        if isinstance(value, bool):  # numpy.bool_ is not bool
            return {"t": "bool", "v": bool(value)}
        if isinstance(value, int) and not _is_numpy(value):
            return {"t": "int", "v": str(int.__index__(value))}
        if isinstance(value, float) and not _is_numpy(value):
            return {"t": "float", "v": float.__repr__(float(value))}
        if isinstance(value, str) and not _is_numpy(value):
            return {"t": "str", "v": str.__str__(value)}
        if isinstance(value, bytes | bytearray):
            return {"t": "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
        if isinstance(value, complex) and not _is_numpy(value):
            return {"t": "complex", "v": [value.real, value.imag]}
        if isinstance(value, dict):
            return {"t": "dict", "v": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                                       for k, v in dict.items(value)]}
        if isinstance(value, list | tuple | set | frozenset):
            kind = next(k for k in (list, tuple, set, frozenset) if isinstance(value, k))
            items = kind.__iter__(value)
            return {"t": kind.__name__, "v": [self.encode(item, depth + 1) for item in items]}
        if isinstance(value, range):
            return {"t": "range", "v": [value.start, value.stop, value.step]}
        encoded = _encode_library(self, value, depth)
        if encoded is not None:
            return encoded
        return self.handle(value)


def unreadable(value, why: str) -> dict:
    return {"t": "unreadable", "type": type(value).__name__, "why": why}


def _is_numpy(value) -> bool:
    return type(value).__module__ == "numpy"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _encode_library(encoder: Encoder, value, depth: int):  # noqa: C901
    module = type(value).__module__.split(".")[0]
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta) and module == "datetime":
        return _encode_datetime(value)
    if isinstance(value, decimal.Decimal | fractions.Fraction):
        return {"t": type(value).__name__.lower(), "v": str(value)}
    if module == "numpy":
        import numpy as np

        if isinstance(value, np.ndarray):
            return _encode_array(encoder, np.asarray(value), depth)
        if isinstance(value, np.generic):
            array = np.asarray(value)
            if array.dtype.kind not in PLAIN_KINDS:
                return unreadable(value, f"numpy dtype {array.dtype} holds Python objects")
            return {"t": "npscalar", "dtype": array.dtype.str, "v": _b64(array.tobytes())}
        if isinstance(value, np.dtype):
            return {"t": "npdtype", "v": value.str if value.kind in PLAIN_KINDS else str(value)}
    if module in ("pandas", "geopandas"):
        return _encode_pandas(encoder, value, depth)
    if module == "shapely":
        import shapely

        if isinstance(value, shapely.Geometry):
            return {"t": "geometry", "v": _b64(shapely.to_wkb(value, include_srid=False))}
    if module == "networkx":
        return _encode_graph(encoder, value, depth)
    if module == "pyproj" and type(value).__name__ == "CRS":
        return {"t": "crs", "v": value.to_wkt()}
    return None


def _encode_datetime(value) -> dict:
    if isinstance(value, dt.timedelta):
        return {"t": "timedelta", "v": [value.days, value.seconds, value.microseconds]}
    return {"t": type(value).__name__, "v": value.isoformat()}


def _encode_array(encoder: Encoder, array, depth: int) -> dict:
    import numpy as np

    if array.dtype.kind in PLAIN_KINDS and not array.dtype.fields:
        array = np.ascontiguousarray(array)
        return {"t": "ndarray", "dtype": array.dtype.str, "shape": list(array.shape), "v": _b64(array.tobytes())}
    if array.dtype.kind == "O":
        items = [encoder.encode(item, depth + 1) for item in array.ravel().tolist()]
        if all(item["t"] in SCALAR_TAGS for item in items):
            return {"t": "objarray", "shape": list(array.shape), "v": items}
        return unreadable(array, "an object array may hold only plain values (numbers, text, None)")
    return unreadable(array, f"numpy dtype {array.dtype} is not supported")


def _encode_pandas(encoder: Encoder, value, depth: int):
    import pandas as pd

    if value is pd.NA:
        return {"t": "pdna"}
    if value is pd.NaT:
        return {"t": "nat"}
    if isinstance(value, pd.Timestamp):
        return {"t": "pdtimestamp", "v": int(value.as_unit("ns")._value), "tz": str(value.tz) if value.tz else None}
    if isinstance(value, pd.Timedelta):
        return {"t": "pdtimedelta", "v": int(value.as_unit("ns")._value)}
    if isinstance(value, pd.Period):
        return {"t": "pdperiod", "v": str(value), "freq": value.freqstr}
    if isinstance(value, pd.Interval):
        return {"t": "pdinterval", "v": [encoder.encode(value.left, depth + 1), encoder.encode(value.right, depth + 1),
                                         value.closed]}
    if type(value).__name__ in ("GeoDataFrame", "GeoSeries"):
        return _encode_geo(value)
    if isinstance(value, pd.DataFrame | pd.Series | pd.Index):
        return _encode_frame(value)
    if isinstance(value, pd.api.extensions.ExtensionDtype | pd.CategoricalDtype):
        return {"t": "pddtype", "v": str(value)}
    return None


def _arrow_bytes(frame, preserve_index: bool = True) -> bytes:
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=preserve_index)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _encode_frame(value) -> dict:
    import pandas as pd

    try:
        if isinstance(value, pd.Series):
            name = value.name
            frame = pd.DataFrame({"__series__": pd.Series.copy(value, deep=False)})
            frame.index = value.index
            return {"t": "series", "name": _plain_label(name), "v": _b64(_arrow_bytes(frame))}
        if isinstance(value, pd.Index):
            frame = pd.DataFrame(index=pd.Index.copy(value))
            return {"t": "index", "v": _b64(_arrow_bytes(frame))}
        frame = pd.DataFrame.copy(value, deep=False)
        labels = list(frame.columns)
        if not all(isinstance(label, str) for label in labels) or isinstance(frame.columns, pd.MultiIndex) \
                or len(set(labels)) != len(labels):
            encoded_columns = _encode_frame(frame.columns)
            frame.columns = [f"c{i}" for i in range(len(labels))]
            return {"t": "frame", "columns": encoded_columns, "v": _b64(_arrow_bytes(frame))}
        return {"t": "frame", "v": _b64(_arrow_bytes(frame))}
    except Exception as exc:  # noqa: BLE001 - Arrow refuses mixed object columns and the like
        return unreadable(value, f"its values cannot be read as a table ({str(exc)[:200]})")


def _plain_label(label):
    if label is None or isinstance(label, str | int | float | bool):
        return label
    return str(label)


def _encode_geo(value) -> dict:
    import pandas as pd

    crs = value.crs.to_wkt() if value.crs is not None else None
    if type(value).__name__ == "GeoSeries":
        plain = pd.Series(value.to_wkb(), index=value.index, name=value.name)
        return {"t": "geoseries", "crs": crs, "v": _encode_frame(plain)}
    geometry_columns = [c for c in value.columns if str(value[c].dtype) == "geometry"]
    plain = pd.DataFrame(value, copy=False)
    plain = plain.assign(**{c: value[c].to_wkb() for c in geometry_columns})
    active = value.geometry.name if value._geometry_column_name in value.columns else None
    return {"t": "geoframe", "crs": crs, "geometry": active, "geometry_columns": geometry_columns,
            "v": _encode_frame(pd.DataFrame(plain))}


def _encode_graph(encoder: Encoder, value, depth: int):
    import networkx as nx

    kind = next((k for k in (nx.MultiDiGraph, nx.MultiGraph, nx.DiGraph, nx.Graph) if type(value) is k), None)
    if kind is None:
        if isinstance(value, nx.Graph):
            return unreadable(value, "use a plain networkx Graph, DiGraph, MultiGraph or MultiDiGraph")
        return None
    enc = encoder.encode
    nodes = [[enc(n, depth + 1), enc(dict(attrs), depth + 1)] for n, attrs in value.nodes(data=True)]
    if value.is_multigraph():
        edges = [[enc(u, depth + 1), enc(v, depth + 1), enc(k, depth + 1), enc(dict(a), depth + 1)]
                 for u, v, k, a in value.edges(keys=True, data=True)]
    else:
        edges = [[enc(u, depth + 1), enc(v, depth + 1), enc(dict(a), depth + 1)] for u, v, a in value.edges(data=True)]
    return {"t": "graph", "kind": kind.__name__, "graph": enc(dict(value.graph), depth + 1), "nodes": nodes,
            "edges": edges}


SCALAR_TAGS = frozenset({"none", "bool", "int", "float", "str", "bytes", "complex", "npscalar", "pdna", "nat",
                         "pdtimestamp", "pdtimedelta", "datetime", "date", "time", "timedelta", "decimal",
                         "fraction"})


# -- decoding (test side) -------------------------------------------------------------------------
class Decoder:
    """Builds the test process's own objects from an encoded tree; `remote` makes proxies."""

    def __init__(self, remote=None) -> None:
        self.remote = remote
        self.nodes = 0

    def decode(self, node, depth: int = 0):  # noqa: C901 - one branch per tag
        if depth > MAX_DEPTH + 5:
            raise DecodeError("value nested too deeply")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise DecodeError("value too large")
        if not isinstance(node, dict) or not isinstance(node.get("t"), str):
            raise DecodeError("not an encoded value")
        tag, v = node["t"], node.get("v")
        sub = self.decode
        if tag == "none":
            return None
        if tag == "bool":
            return bool(_need(v, bool))
        if tag == "int":
            text = _need(v, str)
            if len(text) > 5000:
                raise DecodeError("integer too long")
            return int(text)
        if tag == "float":
            return float(_need(v, str))
        if tag == "str":
            return _need(v, str)
        if tag == "bytes":
            return base64.b64decode(_need(v, str))
        if tag == "complex":
            return complex(float(v[0]), float(v[1]))
        if tag in ("list", "tuple", "set", "frozenset"):
            items = [sub(item, depth + 1) for item in _need(v, list)]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        if tag == "dict":
            return {sub(k, depth + 1): sub(val, depth + 1) for k, val in _need(v, list)}
        if tag == "range":
            return range(*[int(x) for x in _need(v, list)])
        if tag in ("datetime", "date", "time"):
            return getattr(dt, tag).fromisoformat(_need(v, str))
        if tag == "timedelta":
            return dt.timedelta(days=int(v[0]), seconds=int(v[1]), microseconds=int(v[2]))
        if tag == "decimal":
            return decimal.Decimal(_need(v, str))
        if tag == "fraction":
            return fractions.Fraction(_need(v, str))
        if tag == "unreadable":
            return make_unreadable(str(node.get("type")), str(node.get("why")))
        if tag == "remote":
            if self.remote is None:
                raise DecodeError("remote values are not accepted here")
            return self.remote(node)
        if tag == "ref":
            return self.remote(node)
        return _decode_library(self, tag, node, depth)


def _need(value, kind):
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DecodeError(f"expected {kind.__name__}")
    return value


def _decode_library(decoder: Decoder, tag: str, node: dict, depth: int):  # noqa: C901
    v = node.get("v")
    if tag in ("ndarray", "npscalar"):
        import numpy as np

        dtype = np.dtype(_need(node["dtype"], str))
        if dtype.kind not in PLAIN_KINDS or dtype.fields:
            raise DecodeError("dtype not allowed")
        data = base64.b64decode(_need(v, str))
        if tag == "npscalar":
            return np.frombuffer(data, dtype=dtype)[0]
        shape = tuple(int(n) for n in _need(node["shape"], list))
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()
    if tag == "objarray":
        import numpy as np

        items = [decoder.decode(item, depth + 1) for item in _need(v, list)]
        array = np.empty(len(items), dtype=object)
        array[:] = items
        return array.reshape(tuple(int(n) for n in node["shape"]))
    if tag == "npdtype":
        import numpy as np

        return np.dtype(_need(v, str))
    if tag in ("frame", "series", "index"):
        return _decode_frame(decoder, tag, node)
    if tag in ("pdna", "nat", "pdtimestamp", "pdtimedelta", "pdperiod", "pdinterval", "pddtype"):
        import pandas as pd

        if tag == "pdna":
            return pd.NA
        if tag == "nat":
            return pd.NaT
        if tag == "pdtimestamp":
            return pd.Timestamp(int(v), unit="ns", tz=node.get("tz"))
        if tag == "pdtimedelta":
            return pd.Timedelta(int(v), unit="ns")
        if tag == "pdperiod":
            return pd.Period(_need(v, str), freq=node.get("freq"))
        if tag == "pdinterval":
            return pd.Interval(decoder.decode(v[0], depth + 1), decoder.decode(v[1], depth + 1), closed=str(v[2]))
        return pd.api.types.pandas_dtype(_need(v, str))
    if tag == "geometry":
        import shapely

        return shapely.from_wkb(base64.b64decode(_need(v, str)))
    if tag == "crs":
        import pyproj

        return pyproj.CRS.from_wkt(_need(v, str))
    if tag in ("geoseries", "geoframe"):
        return _decode_geo(decoder, tag, node)
    if tag == "graph":
        return _decode_graph(decoder, node, depth)
    raise DecodeError(f"unknown value tag {tag!r}")


def _read_arrow(data: str):
    import pyarrow as pa

    reader = pa.ipc.open_stream(base64.b64decode(data))
    return reader.read_all().to_pandas()


def _decode_frame(decoder: Decoder, tag: str, node: dict):
    import pandas as pd

    frame = _read_arrow(_need(node.get("v"), str))
    if not isinstance(frame, pd.DataFrame):
        raise DecodeError("not a table")
    if tag == "series":
        if list(frame.columns) != ["__series__"]:
            raise DecodeError("not a series")
        series = frame["__series__"]
        name = node.get("name")
        if name is not None and not isinstance(name, str | int | float | bool):
            raise DecodeError("bad series name")
        series.name = name
        return series
    if tag == "index":
        return frame.index
    if "columns" in node:
        frame.columns = decoder.decode(node["columns"])
    return frame


def _decode_geo(decoder: Decoder, tag: str, node: dict):
    import geopandas as gpd

    crs = node.get("crs")
    plain = decoder.decode(node["v"])
    if tag == "geoseries":
        return gpd.GeoSeries.from_wkb(plain, index=plain.index, crs=crs, name=plain.name)
    columns = [str(c) for c in _need(node.get("geometry_columns"), list)]
    frame = plain.copy()
    for column in columns:
        frame[column] = gpd.GeoSeries.from_wkb(plain[column], index=plain.index, crs=crs)
    active = node.get("geometry")
    return gpd.GeoDataFrame(frame, geometry=active if active in columns else None, crs=crs if active else None)


def _decode_graph(decoder: Decoder, node: dict, depth: int):
    import networkx as nx

    kinds = {"Graph": nx.Graph, "DiGraph": nx.DiGraph, "MultiGraph": nx.MultiGraph, "MultiDiGraph": nx.MultiDiGraph}
    graph = kinds[_need(node.get("kind"), str)]()
    dec = decoder.decode
    graph.graph.update(dec(node["graph"], depth + 1))
    for n, attrs in _need(node.get("nodes"), list):
        graph.add_node(dec(n, depth + 1), **_attrs(dec(attrs, depth + 1)))
    for edge in _need(node.get("edges"), list):
        if graph.is_multigraph():
            u, v, k, attrs = edge
            graph.add_edge(dec(u, depth + 1), dec(v, depth + 1), key=dec(k, depth + 1), **_attrs(dec(attrs, depth + 1)))
        else:
            u, v, attrs = edge
            graph.add_edge(dec(u, depth + 1), dec(v, depth + 1), **_attrs(dec(attrs, depth + 1)))
    return graph


def _attrs(value) -> dict:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise DecodeError("graph attributes must be a dict with text keys")
    return value


def make_unreadable(type_name: str, why: str):
    """A stand-in for a value the grader could not read: any use in a test fails with the reason."""
    safe = "".join(ch for ch in type_name if ch.isalnum() or ch == "_")[:60] or "object"

    def refuse(self, *args, **kwargs):
        raise TypeError(f"the grader could not read this {safe} from your notebook: {why}")

    namespace = {name: refuse for name in ("__getattr__", "__getitem__", "__iter__", "__len__", "__call__",
                                           "__bool__", "__float__", "__int__", "__index__", "__array__")}
    namespace["__repr__"] = lambda self: f"<{safe} the grader could not read: {why}>"
    return type(safe, (), namespace)()


def is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)
