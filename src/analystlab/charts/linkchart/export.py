"""Export a chart's graph for other tools: GraphML, GEXF, and the entity/link tables i2 import specifications read."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import networkx as nx

from .styles import entity_type, link_status

# GEXF gives these attribute names a meaning of its own (an edge 'type' is directed/undirected there)
_GEXF_RESERVED_NODE = {"id", "pid", "start", "end", "viz", "parents", "slices", "spells"}
_GEXF_RESERVED_EDGE = {"id", "type", "start", "end", "slices", "spells"}
I2_DIRECTION = {True: "With", False: "None"}


def _plain(value):
    """A value GraphML/GEXF can store: str, int, float or bool; dates as ISO 8601; others as text/JSON."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy and pandas scalars
        return _plain(value.item())
    if isinstance(value, (list, tuple, set, dict)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, default=str, ensure_ascii=False)
    return str(value)


def _unify(records: list[dict]) -> None:
    """One type per attribute name (GraphML declares one): mixed numbers become float, other mixes text."""
    kinds: dict[str, set] = {}
    for rec in records:
        for k, v in rec.items():
            kinds.setdefault(k, set()).add(type(v))
    for k, types in kinds.items():
        if len(types) <= 1:
            continue
        cast = float if types <= {int, float} else str
        for rec in records:
            if k in rec:
                rec[k] = cast(rec[k])


def sanitised(graph: nx.Graph, rename_node: set | None = None, rename_edge: set | None = None) -> nx.Graph:
    """Copy of ``graph`` with string node ids and only storable attribute values (None dropped)."""
    out = graph.__class__()
    nodes = []
    for n, d in graph.nodes(data=True):
        rec = {(f"attr_{k}" if rename_node and k in rename_node else str(k)): _plain(v) for k, v in d.items()}
        nodes.append((str(n), {k: v for k, v in rec.items() if v is not None}))
    edges = []
    data_iter = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for e in data_iter:
        d = e[-1]
        rec = {}
        for k, v in d.items():
            name = str(k)
            if rename_edge and name in rename_edge:
                name = "link_type" if name == "type" else f"attr_{name}"
            rec[name] = _plain(v)
        edges.append((str(e[0]), str(e[1]), {k: v for k, v in rec.items() if v is not None}))
    _unify([d for _, d in nodes])
    _unify([d for _, _, d in edges])
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    return out


def export_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write GraphML (yEd, Gephi, Cytoscape, networkx read it). Node ids become text; dates ISO 8601;
    lists and dicts JSON text; attributes with mixed types one type. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(sanitised(graph), path)
    return path


def export_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write GEXF 1.2 (Gephi). As :func:`export_graphml`, and since GEXF reserves an edge's ``type`` for
    directed/undirected, the link type is written as ``link_type``. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(sanitised(graph, _GEXF_RESERVED_NODE, _GEXF_RESERVED_EDGE), path)
    return path


ENTITY_COLUMNS = ["entity_id", "entity_type", "label"]
LINK_COLUMNS = ["from_id", "from_type", "to_id", "to_type", "link_type", "direction", "strength", "label", "date"]


def _cell(value) -> str:
    value = _plain(value)
    return "" if value is None else str(value)


def export_i2_csv(graph: nx.Graph, entities_path: str | Path, links_path: str | Path) -> tuple[Path, Path]:
    """Write the two tables an i2 Analyst's Notebook import specification reads: entities, then links.

    Entities CSV, one row per node:

    ==============  ===============================================================================
    ``entity_id``   the node id: the identity i2 matches entities on (map it to *Identity*)
    ``entity_type`` person, phone, vehicle, location, organisation, account (map each to an i2
                    entity type/icon in the import specification)
    ``label``       the node ``label`` (the node id if it has none): the text under the icon
    *others*        one column per remaining node attribute (e.g. ``role``, ``cell``), sorted by
                    name: map them to i2 attributes
    ==============  ===============================================================================

    Links CSV, one row per edge (parallel edges stay separate rows: set i2's link multiplicity to
    *multiple* to keep them, or *single* to merge them into one link):

    ==============  ===============================================================================
    ``from_id``     id of the link's first end (an ``entity_id``)
    ``from_type``   entity type of the first end (lets one import create missing ends)
    ``to_id``       id of the second end
    ``to_type``     entity type of the second end
    ``link_type``   the edge ``type``: calls, sms, owns, uses, travelled_in, travelled_with, member_of, paid
    ``direction``   ``With`` (arrow from ``from_id`` to ``to_id``: directed graphs, or an edge with
                    ``directed=True``) or ``None`` (no arrow): i2's arrow settings
    ``strength``    ``Confirmed``, ``Unconfirmed`` or ``Tentative``: i2's default link strengths
                    (solid, dashed, dotted), from the edge ``status``
    ``label``       the edge ``label`` (e.g. a count or an amount), empty if none
    ``date``        the edge ``date`` as ISO 8601 (``YYYY-MM-DD`` or with a time), empty if none
    *others*        one column per remaining edge attribute, sorted by name
    ==============  ===============================================================================

    Files are UTF-8 with a byte-order mark, so Excel and i2 read Cyrillic names correctly; values are
    text (dates ISO 8601), so identifiers keep their leading zeros and ``+``. Returns both paths.
    """
    entities_path, links_path = Path(entities_path), Path(links_path)
    node_extra = sorted({str(k) for _, d in graph.nodes(data=True) for k in d} - {"type", "label"})
    edge_extra = sorted({str(k) for *_, d in graph.edges(data=True) for k in d}
                        - {"type", "status", "label", "date", "directed"})
    kinds = {n: entity_type(d.get("type")) for n, d in graph.nodes(data=True)}
    for p in (entities_path, links_path):
        p.parent.mkdir(parents=True, exist_ok=True)
    with entities_path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(ENTITY_COLUMNS + node_extra)
        for n, d in graph.nodes(data=True):
            w.writerow([_cell(n), kinds[n], _cell(d.get("label", n))] + [_cell(d.get(k)) for k in node_extra])
    with links_path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(LINK_COLUMNS + edge_extra)
        for u, v, d in graph.edges(data=True):
            directed = bool(d.get("directed", graph.is_directed()))
            w.writerow([_cell(u), kinds[u], _cell(v), kinds[v], _cell(d.get("type")), I2_DIRECTION[directed],
                        link_status(d.get("status")).capitalize(), _cell(d.get("label")), _cell(d.get("date"))]
                       + [_cell(d.get(k)) for k in edge_extra])
    return entities_path, links_path
