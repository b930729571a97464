"""From a networkx graph to the entities and links a chart draws (shared by the static and HTML views)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from .styles import entity_type, link_status

ARC_SPACING = 0.28  # curvature between neighbouring parallel links (matplotlib arc3 'rad')


@dataclass
class Entity:
    """One entity on the chart."""

    id: object
    kind: str
    label: str
    scale: float = 1.0  # marker size relative to the chart's marker size
    attrs: dict = field(default_factory=dict)


@dataclass
class Link:
    """One drawn link: parallel edges of one type, status and direction merged, with their count."""

    source: object
    target: object
    kind: str
    status: str
    directed: bool
    count: int = 1
    label: str = ""
    rad: float = 0.0  # curvature, so several links between one pair stay apart
    labels: list[str] = field(default_factory=list)


def chart_entities(graph: nx.Graph, labels: Callable | Mapping | None = None,
                   size_by: str | Mapping | None = None) -> list[Entity]:
    """Entities in graph order with type, label and relative marker size (0.75–1.75 when ``size_by``)."""
    values = {}
    if size_by is not None:
        raw = size_by if isinstance(size_by, Mapping) else nx.get_node_attributes(graph, size_by)
        values = {n: float(v) for n, v in raw.items() if v is not None}
    lo, hi = (min(values.values()), max(values.values())) if values else (0.0, 0.0)
    out = []
    for node, data in graph.nodes(data=True):
        if callable(labels):
            text = labels(node, data)
        elif isinstance(labels, Mapping):
            text = labels.get(node, data.get("label", node))
        else:
            text = data.get("label", node)
        scale = 1.0
        if node in values and hi > lo:
            scale = 0.75 + (values[node] - lo) / (hi - lo)
        out.append(Entity(node, entity_type(data.get("type")), str(text), scale, dict(data)))
    return out


def _merged_label(labels: list[str], count: int) -> str:
    distinct = list(dict.fromkeys(s for s in labels if s))
    if count == 1:
        return distinct[0] if distinct else ""
    if 0 < len(distinct) <= 2:
        return f"×{count}: " + ", ".join(distinct)
    return f"×{count}"


def chart_links(graph: nx.Graph, merge_parallel: bool = True) -> list[Link]:
    """Links to draw: parallel edges merged into one link with a count, remaining parallels curved apart.

    An edge's ``directed`` attribute overrides the graph's directedness (e.g. a ``paid`` link in an
    undirected chart).
    """
    groups: dict[tuple, Link] = {}
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        directed = bool(data.get("directed", graph.is_directed()))
        kind = str(data.get("type") or "link").strip().lower().replace(" ", "_")
        status = link_status(data.get("status"))
        pair = tuple(sorted((u, v), key=repr))
        key = (pair, kind, status, (u, v) if directed else pair) if merge_parallel else (pair, i)
        if key not in groups:
            groups[key] = Link(u, v, kind, status, directed, 0)
        link = groups[key]
        link.count += 1
        link.labels.append(str(data["label"]) if data.get("label") not in (None, "") else "")
    by_pair: dict[tuple, list[Link]] = {}
    for key, link in groups.items():
        link.label = _merged_label(link.labels, link.count)
        by_pair.setdefault(key[0], []).append(link)
    for pair, links in by_pair.items():
        m = len(links)
        for j, link in enumerate(links):
            rad = (j - (m - 1) / 2) * ARC_SPACING
            # arc3 bends relative to the drawing direction: keep one sense per pair
            link.rad = rad if (link.source, link.target) == pair else -rad
    return list(groups.values())
