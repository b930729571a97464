"""Layouts that read: grouped by community or role, top-down for a chain of command, spread by label size.

Positions are computed in inches of the final chart, with each entity occupying a box that holds its
symbol and its label underneath. A last pass pushes overlapping boxes apart, so labels never collide
whatever layout produced the starting positions.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass

import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .model import Entity

LAYOUTS = ("community", "hierarchy", "spring", "kamada_kawai", "circular", "shell")
LABEL_GAP = 0.03  # inches between a symbol and its label
BOX_PAD = 0.05  # inches kept clear around every symbol+label box (covers the label's white halo)
GROUP_GAP = 0.3  # inches between group discs
MIN_LINK = 0.8  # inches: the typical link inside a group, so counts and dates fit on it
DENSITY = 4.0  # chart area per entity, as a multiple of the entity's box area: room for links
GROUP_DENSITY = 3.0  # the same inside a community's group: its outline and the gaps between groups add room


SIDES = ("below", "above", "right", "left")
BOLD = "_linkchart_bold"  # Entity.attrs key set on highlighted entities: their labels are drawn (and measured) bold
_SIDE_VECTORS = {"below": (0.0, -1.0), "above": (0.0, 1.0), "right": (1.0, 0.0), "left": (-1.0, 0.0)}


@dataclass
class Boxes:
    """Per-entity box around symbol and label: half width, half height, offset of its centre from the symbol."""

    hw: np.ndarray
    hh: np.ndarray
    dx: np.ndarray
    dy: np.ndarray
    sides: list[str]


def measure_texts(texts: list[str], fontsize: float, bold: list[bool] | None = None) -> np.ndarray:
    """Width and height in inches of each text as rendered (multi-line aware; ``bold`` per text)."""
    fig = Figure(dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    out = np.zeros((len(texts), 2))
    for i, s in enumerate(texts):
        if s:
            weight = "bold" if bold is not None and bold[i] else "normal"
            ext = fig.text(0, 0, s, fontsize=fontsize, fontweight=weight).get_window_extent(renderer)
            out[i] = ext.width / 72, ext.height / 72
    return out


def entity_boxes(entities: list[Entity], marker: float, fontsize: float, sides: list[str] | None = None) -> Boxes:
    """Boxes for symbol (``marker`` inches wide, times each entity's scale) with its label on one side
    (below unless ``sides`` says otherwise); a highlighted entity's label is measured in bold, as drawn."""
    sides = list(sides) if sides is not None else ["below"] * len(entities)
    size = measure_texts([e.label for e in entities], fontsize, [bool(e.attrs.get(BOLD)) for e in entities])
    m = marker * np.array([e.scale for e in entities])
    lw, lh = size[:, 0], size[:, 1]
    vertical = np.array([s in ("below", "above") for s in sides])
    sign = np.array([-1.0 if s in ("below", "left") else 1.0 for s in sides])
    w = np.where(vertical, np.maximum(m, lw), m + LABEL_GAP + lw) + BOX_PAD
    h = np.where(vertical, m + LABEL_GAP + lh, np.maximum(m, lh)) + BOX_PAD
    shift_x = np.where(vertical, 0.0, sign * (LABEL_GAP + lw) / 2)
    shift_y = np.where(vertical, sign * (LABEL_GAP + lh) / 2, 0.0)
    return Boxes(w / 2, h / 2, shift_x, shift_y, sides)


def choose_sides(pos: np.ndarray, neighbours: list[list[int]]) -> list[str]:
    """Put each label on the side of its symbol that its links leave free (below when all are equal)."""
    out = []
    for i, nbrs in enumerate(neighbours):
        vecs = pos[nbrs] - pos[i] if nbrs else np.zeros((0, 2))
        norms = np.hypot(vecs[:, 0], vecs[:, 1])
        vecs = vecs[norms > 1e-9] / norms[norms > 1e-9, None]
        best = None
        for k, side in enumerate(SIDES):
            cos = vecs @ np.array(_SIDE_VECTORS[side]) if len(vecs) else np.zeros(0)
            cost = float(np.sum(np.clip(cos + 0.35, 0, None) ** 2)) + 0.12 * (k > 0)
            if best is None or cost < best[0] - 1e-9:
                best = (cost, side)
        out.append(best[1])
    return out


def separate(pos: np.ndarray, boxes: Boxes, gap: float = 0.04, iterations: int = 400) -> np.ndarray:
    """Push overlapping boxes apart along the axis of least overlap until none overlap."""
    pos = pos.astype(float).copy()
    n = len(pos)
    if n < 2:
        return pos
    iu = np.triu_indices(n, 1)
    tie = np.sign(np.arange(n)[:, None] - np.arange(n)[None, :] + 0.5)  # deterministic split of coincident boxes
    for _ in range(iterations):
        c = pos + np.column_stack([boxes.dx, boxes.dy])
        dx = c[:, None, 0] - c[None, :, 0]
        dy = c[:, None, 1] - c[None, :, 1]
        ox = boxes.hw[:, None] + boxes.hw[None, :] + gap - np.abs(dx)
        oy = boxes.hh[:, None] + boxes.hh[None, :] + gap - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        hit[np.tril_indices(n)] = False
        if not hit[iu].any():
            break
        move = np.zeros_like(pos)
        i, j = np.nonzero(hit)
        along_x = ox[i, j] <= oy[i, j]
        sx = np.where(dx[i, j] != 0, np.sign(dx[i, j]), tie[i, j])
        sy = np.where(dy[i, j] != 0, np.sign(dy[i, j]), tie[i, j])
        push = np.where(along_x, ox[i, j], oy[i, j]) * 0.5 + 1e-3
        step = np.column_stack([np.where(along_x, sx * push, 0), np.where(along_x, 0, sy * push)])
        np.add.at(move, i, step)
        np.add.at(move, j, -step)
        pos += move * 0.7  # damped: several overlaps on one box sum their pushes
    return pos


def _box_area(boxes: Boxes, idx) -> float:
    return float(np.sum((2 * boxes.hw[idx] + 0.1) * (2 * boxes.hh[idx] + 0.1)))


def fit_to_boxes(unit: np.ndarray, boxes: Boxes, idx=slice(None)) -> np.ndarray:
    """Scale unit-free positions so their spread gives each box DENSITY times its own area."""
    pts = unit - unit.mean(axis=0)
    span = np.ptp(pts, axis=0) if len(pts) > 1 else np.zeros(2)
    area = max(span[0], 1e-9) * max(span[1], 1e-9) if min(span) > 1e-6 else max(span.max(), 1e-9) ** 2
    return pts * np.sqrt(DENSITY * _box_area(boxes, idx) / area)


def _simple(graph: nx.Graph) -> nx.Graph:
    """Undirected simple graph with edge weight = number of parallel edges (for layouts and communities)."""
    g = nx.Graph()
    g.add_nodes_from(graph.nodes)
    for u, v in graph.edges():
        if u != v:
            g.add_edge(u, v, weight=g.get_edge_data(u, v, {"weight": 0})["weight"] + 1)
    return g


def assign_groups(graph: nx.Graph, group_by: str | None, seed: int) -> dict:
    """Group of each entity: its ``group_by`` attribute (inherited from neighbours if missing) or its community."""
    simple = _simple(graph)
    if group_by is None and any("group" in d for _, d in graph.nodes(data=True)):
        group_by = "group"
    if group_by is None:
        comms = nx.community.louvain_communities(simple, weight="weight", seed=seed)
        comms = sorted(comms, key=lambda c: (-len(c), min(map(repr, c))))
        return {n: i for i, c in enumerate(comms) for n in c}
    groups = {n: d[group_by] for n, d in graph.nodes(data=True) if d.get(group_by) not in (None, "")}
    # phones, vehicles and the like join the group of the grouped entities they link to; in rounds, so
    # a phone takes its owner's group rather than that of the phones it calls
    while True:
        new = {}
        for n in simple.nodes:
            if n not in groups:
                votes = Counter(groups[m] for m in simple[n] if m in groups)
                if votes:
                    new[n] = min(votes, key=lambda g: (-votes[g], repr(g)))
        if not new:
            break
        groups.update(new)
    for n in simple.nodes:
        groups.setdefault(n, "")
    return groups


def _disc_separate(centres: np.ndarray, radii: np.ndarray, gap: float, iterations: int = 300) -> np.ndarray:
    c = centres.copy()
    n = len(c)
    for _ in range(iterations):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                d = c[j] - c[i]
                dist = float(np.hypot(*d))
                need = radii[i] + radii[j] + gap
                if dist < need:
                    u = d / dist if dist > 1e-9 else np.array([1.0, 0.0])
                    shift = (need - dist) / 2 * u
                    c[i] -= shift
                    c[j] += shift
                    moved = True
        if not moved:
            break
    return c


def _group_radius(sub: nx.Graph, boxes: Boxes, idx: list[int], seed: int) -> float:
    """Radius of a group's disc: room for its boxes, and long enough links that a label fits on them."""
    by_area = np.sqrt(GROUP_DENSITY * _box_area(boxes, idx) / np.pi)
    if sub.number_of_edges() == 0:
        return float(by_area)
    lay = nx.spring_layout(sub, seed=seed)
    pts = {n: np.asarray(p) for n, p in lay.items()}
    spread = max(np.hypot(*p) for p in pts.values())
    lengths = [np.hypot(*(pts[u] - pts[v])) / max(spread, 1e-9) for u, v in sub.edges()]
    return float(max(by_area, MIN_LINK / max(np.median(lengths), 1e-9)))


def community_layout(graph: nx.Graph, entities: list[Entity], boxes: Boxes, group_by: str | None,
                     seed: int) -> np.ndarray:
    """Groups laid out as discs by a spring layout of the group graph; a spring layout inside each
    group, its members pulled towards the groups they link to so links between groups stay short."""
    index = {e.id: i for i, e in enumerate(entities)}
    groups = assign_groups(graph, group_by, seed)
    names = list(dict.fromkeys(groups[e.id] for e in entities))
    members = {g: [e.id for e in entities if groups[e.id] == g] for g in names}
    simple = _simple(graph)
    radii = np.array([_group_radius(simple.subgraph(members[g]), boxes, [index[n] for n in members[g]], seed)
                      for g in names])
    quotient = nx.Graph()
    quotient.add_nodes_from(names)
    for u, v, w in simple.edges(data="weight"):
        gu, gv = groups[u], groups[v]
        if gu != gv:
            old = quotient.get_edge_data(gu, gv, {"weight": 0})["weight"]
            quotient.add_edge(gu, gv, weight=old + w)
    unit = nx.spring_layout(quotient, weight="weight", seed=seed) if len(names) > 1 else {names[0]: (0, 0)}
    unit_xy = np.array([unit[g] for g in names], dtype=float)
    # scale the group layout until the tightest pair of group discs just touches, then settle any others
    need = [(radii[i] + radii[j] + GROUP_GAP) / max(np.hypot(*(unit_xy[i] - unit_xy[j])), 1e-6)
            for i in range(len(names)) for j in range(i + 1, len(names))]
    centres = _disc_separate(unit_xy * (min(need) if need else 0.0), radii, gap=GROUP_GAP)
    centre_of = dict(zip(names, centres, strict=True))

    pos = np.zeros((len(entities), 2))
    for g, r in zip(names, radii, strict=True):
        nodes = members[g]
        if len(nodes) == 1:
            pos[index[nodes[0]]] = centre_of[g]
            continue
        sub = simple.subgraph(nodes).copy()
        fixed = []
        for h in names:
            ties = [(n, m) for n in nodes for m in simple[n] if groups[m] == h and h != g]
            if ties:
                anchor = ("__anchor__", h)
                sub.add_node(anchor)
                for n, _ in ties:
                    sub.add_edge(n, anchor, pull=0.5)  # real links pull 1: geometry ignores multiplicity
                fixed.append(anchor)
        rng = np.random.default_rng(seed)
        init = {n: rng.uniform(-1, 1, 2) for n in nodes}
        for anchor in fixed:
            d = centre_of[anchor[1]] - centre_of[g]
            init[anchor] = 2.0 * d / max(np.hypot(*d), 1e-9)
        k = 1.0 / np.sqrt(len(nodes))
        lay = nx.spring_layout(sub, pos=init, fixed=fixed or None, k=k, weight="pull", seed=seed, iterations=200)
        pts = np.array([lay[n] for n in nodes], dtype=float)
        pts -= pts.mean(axis=0)
        pts *= r / max(np.hypot(pts[:, 0], pts[:, 1]).max(), 1e-9)
        for n, p in zip(nodes, pts, strict=True):
            pos[index[n]] = centre_of[g] + p
    return _keep_groups_apart(pos, boxes, [[index[n] for n in members[g]] for g in names])


def _keep_groups_apart(pos: np.ndarray, boxes: Boxes, groups: list[list[int]]) -> np.ndarray:
    """Move whole groups apart until the rectangles holding their members' boxes (labels included) no
    longer touch, then close up the empty space between them: a member pulled towards another group must
    not end up inside that group's outline, and a spring layout's distant groups would leave a chart too
    large to read on a laptop screen."""
    if len(groups) < 2:
        return pos
    lo = np.array([(pos[idx, 0] + boxes.dx[idx] - boxes.hw[idx]).min() for idx in groups]), \
        np.array([(pos[idx, 1] + boxes.dy[idx] - boxes.hh[idx]).min() for idx in groups])
    hi = np.array([(pos[idx, 0] + boxes.dx[idx] + boxes.hw[idx]).max() for idx in groups]), \
        np.array([(pos[idx, 1] + boxes.dy[idx] + boxes.hh[idx]).max() for idx in groups])
    centres = np.column_stack([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2])
    zero = np.zeros(len(groups))
    rects = Boxes((hi[0] - lo[0]) / 2, (hi[1] - lo[1]) / 2, zero, zero, ["below"] * len(groups))
    gap = GROUP_GAP + 0.3  # room for the padding of two outlines
    area = (rects.hw * rects.hh)
    moved = separate(centres, rects, gap=gap)
    for _ in range(30):
        middle = np.average(moved, axis=0, weights=area)
        moved = separate(moved + 0.15 * (middle - moved), rects, gap=gap)
    out = pos.copy()
    for idx, before, after in zip(groups, centres, moved, strict=True):
        out[idx] += after - before
    return out


def _ranks(graph: nx.Graph, root) -> dict:
    """Level of each entity: ``level`` attribute if all have one; else longest directed path from the
    roots (chain of command), then one below the nearest ranked neighbour for entities off the chain."""
    levels = nx.get_node_attributes(graph, "level")
    if len(levels) == graph.number_of_nodes() and levels:
        return {n: int(v) for n, v in levels.items()}
    simple = _simple(graph)
    if root is not None:
        roots = list(root) if isinstance(root, (list, tuple, set)) else [root]
    elif graph.is_directed():
        roots = [n for n in graph if graph.in_degree(n) == 0 and graph.out_degree(n) > 0]
    else:
        roots = []
    rank = {}
    if graph.is_directed() and roots:
        dag = nx.DiGraph((u, v) for u, v in graph.edges() if u != v)
        reach = set(roots).union(*(nx.descendants(dag, r) for r in roots if r in dag))
        sub = dag.subgraph(reach)
        if nx.is_directed_acyclic_graph(sub):
            for n in nx.topological_sort(sub):
                preds = [rank[p] for p in sub.predecessors(n) if p in rank]
                rank[n] = max(preds) + 1 if preds else 0
    for r in roots:
        rank.setdefault(r, 0)
    for comp in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(repr, c)))):
        if not any(n in rank for n in comp):
            top = max(sorted(comp, key=repr), key=simple.degree)
            rank[top] = 0
        queue = deque(sorted((n for n in comp if n in rank), key=lambda n: (rank[n], repr(n))))
        while queue:
            n = queue.popleft()
            for m in sorted(simple[n], key=repr):
                if m not in rank:
                    rank[m] = rank[n] + 1
                    queue.append(m)
    return rank


def hierarchy_layout(graph: nx.Graph, entities: list[Entity], boxes: Boxes, root=None,
                     gap: float = 0.18) -> np.ndarray:
    """Top-down levels; order in each level by the barycentre of linked entities to cut crossings."""
    index = {e.id: i for i, e in enumerate(entities)}
    rank = _ranks(graph, root)
    simple = _simple(graph)
    nlev = max(rank.values()) + 1
    layers = [[e.id for e in entities if rank[e.id] == r] for r in range(nlev)]
    x = {}
    for layer in layers:
        for j, n in enumerate(layer):
            x[n] = float(j)
    for sweep in range(8):  # alternate down and up barycentre sweeps
        order = range(1, nlev) if sweep % 2 == 0 else range(nlev - 2, -1, -1)
        for r in order:
            ref = r - 1 if sweep % 2 == 0 else r + 1
            def bary(n, ref=ref):
                nb = [x[m] for m in simple[n] if rank[m] == ref]
                return (np.mean(nb) if nb else x[n], x[n])
            layers[r].sort(key=bary)
            for j, n in enumerate(layers[r]):
                x[n] = float(j)
    pos = np.zeros((len(entities), 2))
    heights = [max(2 * boxes.hh[index[n]] for n in layer) for layer in layers]
    y = 0.0
    placed: dict = {}
    for r, layer in enumerate(layers):
        widths = np.array([2 * boxes.hw[index[n]] for n in layer])
        desired = []
        for n in layer:
            up = [placed[m] for m in simple[n] if m in placed and rank[m] == r - 1]
            desired.append(np.mean(up) if up else np.nan)
        xs = np.cumsum(widths + gap) - (widths + gap) / 2
        xs -= xs.mean()
        desired = np.where(np.isnan(desired), xs, desired)
        xs = desired.copy()
        for j in range(1, len(xs)):  # keep order, enforce spacing, then recentre on what was desired
            xs[j] = max(xs[j], xs[j - 1] + (widths[j - 1] + widths[j]) / 2 + gap)
        xs += np.mean(desired - xs)
        for n, xv in zip(layer, xs, strict=True):
            placed[n] = xv
            pos[index[n]] = xv, y
        y -= heights[r] + 3 * gap
    return pos


def compute_layout(graph: nx.Graph, entities: list[Entity], marker: float, fontsize: float,
                   layout: str = "community", *, group_by: str | None = None, root=None,
                   seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """Positions in inches (one row per entity, in ``entities`` order) and the side of each label,
    with no two entity boxes (symbol and label) overlapping."""
    boxes = entity_boxes(entities, marker, fontsize)
    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r} is not one of {LAYOUTS}")
    if not entities:
        return np.zeros((0, 2)), []
    if layout == "community":
        pos = community_layout(graph, entities, boxes, group_by, seed)
    elif layout == "hierarchy":
        pos = hierarchy_layout(graph, entities, boxes, root)
    else:
        simple = _simple(graph)
        if layout == "spring":
            unit = nx.spring_layout(simple, weight=None, seed=seed)
        elif layout == "kamada_kawai":
            unit = nx.kamada_kawai_layout(simple)
        elif layout == "circular":
            unit = nx.circular_layout(simple)
        else:
            unit = nx.shell_layout(simple)
        pos = fit_to_boxes(np.array([unit[e.id] for e in entities], dtype=float), boxes)
    pos = separate(pos, boxes)
    if layout == "hierarchy":  # labels under their symbols keep the levels aligned, as in an organigram
        return pos, boxes.sides
    index = {e.id: i for i, e in enumerate(entities)}
    simple = _simple(graph)
    neighbours = [[index[m] for m in simple[e.id] if m in index] for e in entities]
    sides = choose_sides(pos, neighbours)
    sided = entity_boxes(entities, marker, fontsize, sides)
    if layout == "community":  # a label moved to the side can reach into the next group: part them again
        groups = assign_groups(graph, group_by, seed)
        names = list(dict.fromkeys(groups[e.id] for e in entities))
        pos = _keep_groups_apart(pos, sided, [[i for i, e in enumerate(entities) if groups[e.id] == g]
                                              for g in names])
    return separate(pos, sided), sides
