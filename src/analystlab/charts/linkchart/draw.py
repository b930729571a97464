"""Draw a link chart with matplotlib: typed symbols, i2 link styles, haloed labels, a legend beside the chart."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import FancyArrowPatch, Polygon

from .layout import (
    BOLD,
    SIDES,
    Boxes,
    assign_groups,
    compute_layout,
    entity_boxes,
    fit_to_boxes,
    measure_texts,
    separate,
)
from .model import Entity, Link, chart_entities, chart_links
from .styles import ENTITY_EDGE_COLOUR, STATUS_LINESTYLES, entity_style, link_style

MARGIN = 0.3  # inches around the chart
LABEL_OFFSET = 0.03  # inches between a symbol's edge and its label
TITLE_SPACE = 0.45  # inches above the chart for the title
HIGHLIGHT = "#D55E00"
# ring colours of the named highlight groups (Okabe-Ito: vermillion, blue, bluish green, reddish purple)
HIGHLIGHT_COLOURS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7")
HIT_PAD = 0.06  # inches kept clear round another entity's symbol and label when a link is routed past it
GROUP_PAD = 0.1  # inches between a group's outline and the boxes of its members
GROUP_CAPTION = 0.22  # inches above an outline for the group's name
# Okabe-Ito hues for group outlines, drawn as pale tints so symbols and links stay on top
GROUP_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#999999")
LINK_BENDS = (0.15, -0.15, 0.3, -0.3, 0.45, -0.45, 0.6, -0.6)  # curvatures tried to lead a link round other entities
# label side -> unit offset from the symbol centre and text alignment
_LABEL_ANCHOR = {"below": (0, -1, "center", "top"), "above": (0, 1, "center", "bottom"),
                 "right": (1, 0, "left", "center"), "left": (-1, 0, "right", "center")}


def highlight_groups(highlight) -> list[tuple[str | None, list]]:
    """``highlight`` as (caption, entities) groups: a mapping {caption: entities} gives one group per caption,
    each ringed in its own colour and named in the legend; a plain sequence gives one unnamed group."""
    if not highlight:
        return []
    if isinstance(highlight, Mapping):
        return [(str(caption), list(members)) for caption, members in highlight.items()]
    return [(None, list(highlight))]


def highlighted(highlight) -> set:
    """Every entity ``highlight`` names, in whichever form it was given."""
    return {e for _, members in highlight_groups(highlight) for e in members}


class ChartLayout(dict):
    """Entity positions in chart inches, as returned by :func:`link_chart_layout`, with each label's side."""

    def __init__(self, pos, sides):
        super().__init__(pos)
        self.sides = dict(sides)


@dataclass
class Scene:
    """Everything both renderers need: entities, links, positions (inches) and boxes."""

    entities: list[Entity]
    links: list[Link]
    pos: dict
    boxes: Boxes
    marker: float
    fontsize: float
    groups: dict | None = None  # entity id -> group, when the chart outlines its groups
    group_name: str = ""  # what a group is called in its caption ("community", "cell")

    @property
    def index(self) -> dict:
        """Entity id -> row in ``entities``."""
        return {e.id: i for i, e in enumerate(self.entities)}

    def label_size(self, i: int) -> tuple[float, float]:
        """Width and height in inches of entity ``i``'s label as drawn (bold when highlighted)."""
        if not hasattr(self, "_label_sizes"):
            self._label_sizes = measure_texts([e.label for e in self.entities], self.fontsize,
                                              [bool(e.attrs.get(BOLD)) for e in self.entities])
        return tuple(self._label_sizes[i])

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 of all entity boxes (and group outlines with their captions), in inches."""
        p = np.array([self.pos[e.id] for e in self.entities]).reshape(-1, 2)
        if not len(p):
            return 0.0, 0.0, 1.0, 1.0
        cx, cy = p[:, 0] + self.boxes.dx, p[:, 1] + self.boxes.dy
        pad = GROUP_PAD if self.groups else 0.0
        top = pad + GROUP_CAPTION if self.groups else 0.0
        return (float(np.min(cx - self.boxes.hw)) - pad, float(np.min(cy - self.boxes.hh)) - pad,
                float(np.max(cx + self.boxes.hw)) + pad, float(np.max(cy + self.boxes.hh)) + top)

    def box(self, i: int) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 of entity ``i``'s symbol-and-label box, in inches."""
        x, y = self.pos[self.entities[i].id]
        cx, cy = x + self.boxes.dx[i], y + self.boxes.dy[i]
        return cx - self.boxes.hw[i], cy - self.boxes.hh[i], cx + self.boxes.hw[i], cy + self.boxes.hh[i]


def build_scene(graph: nx.Graph, *, layout: str = "community", pos: Mapping | None = None,
                group_by: str | None = None, root=None, labels: Callable | Mapping | None = None,
                size_by: str | Mapping | None = None, merge_parallel: bool = True, fontsize: float = 8.0,
                marker_size: float = 0.32, seed: int = 0, outline_groups: bool | None = None,
                highlight=None) -> Scene:
    """Entities, links and label-aware positions for a graph (see :func:`link_chart` for the arguments)."""
    entities = chart_entities(graph, labels, size_by)
    bold = highlighted(highlight)
    for e in entities:  # highlighted labels are drawn bold: measure them bold, or links clip their ends
        if e.id in bold:
            e.attrs[BOLD] = True
    links = chart_links(graph, merge_parallel)
    fixed_sides = isinstance(pos, ChartLayout) or layout == "hierarchy"
    if isinstance(pos, ChartLayout):
        xy = np.array([pos[e.id] for e in entities], dtype=float).reshape(-1, 2)
        sides = [pos.sides.get(e.id, "below") for e in entities]
    elif pos is not None:  # positions from elsewhere (unit-free): spread them to fit the labels
        boxes = entity_boxes(entities, marker_size, fontsize)
        xy = separate(fit_to_boxes(np.array([pos[e.id] for e in entities], dtype=float), boxes), boxes)
        sides = ["below"] * len(entities)
    else:
        xy, sides = compute_layout(graph, entities, marker_size, fontsize, layout, group_by=group_by, root=root,
                                   seed=seed)
    boxes = entity_boxes(entities, marker_size, fontsize, sides)
    scene = Scene(entities, links, {e.id: tuple(p) for e, p in zip(entities, xy, strict=True)}, boxes,
                  marker_size, fontsize)
    named = group_by or ("group" if any("group" in d for _, d in graph.nodes(data=True)) else None)
    if outline_groups is None:  # outline the groups the caller named, not communities the chart guessed
        outline_groups = layout == "community" and named is not None
    if outline_groups and entities:
        scene.groups = assign_groups(graph, named, seed)
        scene.group_name = named or "group"
    if not fixed_sides:
        place_labels_off_links(scene)
    route_links(scene)
    return scene


def label_rect(scene: Scene, i: int, side: str | None = None) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of entity ``i``'s label alone (no symbol) on ``side`` (default: its own), in inches."""
    e = scene.entities[i]
    side = side or scene.boxes.sides[i]
    x, y = scene.pos[e.id]
    w, h = scene.label_size(i)
    off = scene.marker * e.scale / 2 + LABEL_OFFSET
    if side == "below":
        return x - w / 2, y - off - h, x + w / 2, y - off
    if side == "above":
        return x - w / 2, y + off, x + w / 2, y + off + h
    if side == "right":
        return x + off, y - h / 2, x + off + w, y + h / 2
    return x - off - w, y - h / 2, x - off, y + h / 2


def _inside(pts: np.ndarray, rect) -> np.ndarray:
    return (pts[:, 0] > rect[0]) & (pts[:, 0] < rect[2]) & (pts[:, 1] > rect[1]) & (pts[:, 1] < rect[3])


def _link_points(scene: Scene, lk: Link, n: int = 40) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)
    return np.array([_bezier(scene.pos[lk.source], scene.pos[lk.target], lk.rad, x) for x in t])


def place_labels_off_links(scene: Scene, rounds: int = 2) -> None:
    """Put each label on the side of its symbol where the fewest links run through it — its own links
    and others' — without moving it onto another entity's box or towards another group's outline: a link
    drawn through a name hides it and reads as ending there. Keeps the layout's side unless another is
    better."""
    n = len(scene.entities)
    drawn = [lk for lk in scene.links if lk.source != lk.target]
    points = [_link_points(scene, lk) for lk in drawn]
    by_side = {side: entity_boxes(scene.entities, scene.marker, scene.fontsize, [side] * n) for side in SIDES}
    boxes = scene.boxes
    group = [scene.groups[e.id] if scene.groups else None for e in scene.entities]
    apart = 2 * GROUP_PAD + 0.1  # room for two outlines between the boxes of different groups
    for _ in range(rounds):
        changed = False
        for i in range(n):
            others = [(scene.box(j), apart if group[j] != group[i] else 0.0) for j in range(n) if j != i]

            def cost(side, i=i, others=others):
                rect = label_rect(scene, i, side)
                through = sum(int(_inside(pts, rect).any()) for pts in points)
                clash = sum(_overlap(rect, (b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad)) > 1e-6
                            for b, pad in others)
                return 100 * clash + through  # a collision is never worth a link less

            current = boxes.sides[i]
            best = (cost(current), current)
            for side in SIDES:
                c = cost(side)
                if c < best[0]:
                    best = (c, side)
            if best[1] != current:
                new = by_side[best[1]]
                boxes.hw[i], boxes.hh[i], boxes.dx[i], boxes.dy[i] = new.hw[i], new.hh[i], new.dx[i], new.dy[i]
                boxes.sides[i] = best[1]
                changed = True
        if not changed:
            break


def _own_label_shrink(scene: Scene, lk: Link, end: str) -> float:
    """Inches to cut from a link's ``end`` so it stops at the edge of that end's own label when it would
    run through it (a hub whose links leave on every side has no free side for its label)."""
    i = scene.index[lk.source if end == "source" else lk.target]
    pts = _link_points(scene, lk, 60)
    if end == "target":
        pts = pts[::-1]
    pts = pts[: len(pts) // 2]
    inside = _inside(pts, label_rect(scene, i))
    if not inside.any():
        return 0.0
    last = int(np.nonzero(inside)[0].max())
    return float(np.hypot(*(pts[last] - pts[0]))) + 0.04


def _hits(scene: Scene, lk: Link, rad: float, others: list[int]) -> int:
    """How badly a link's curve runs over entities it does not join: sample points on another entity's
    symbol-and-label box (with a small margin) count once, points on its symbol itself count five times,
    since a link through a symbol reads as a link to that entity."""
    if not others:
        return 0
    t = np.linspace(0.06, 0.94, 24)
    pts = np.array([_bezier(scene.pos[lk.source], scene.pos[lk.target], rad, x) for x in t])
    boxes = np.array([scene.box(i) for i in others]) + np.array([-HIT_PAD, -HIT_PAD, HIT_PAD, HIT_PAD])
    inside = ((pts[:, None, 0] > boxes[None, :, 0]) & (pts[:, None, 0] < boxes[None, :, 2])
              & (pts[:, None, 1] > boxes[None, :, 1]) & (pts[:, None, 1] < boxes[None, :, 3]))
    centres = np.array([scene.pos[scene.entities[i].id] for i in others], dtype=float)
    radii = np.array([scene.marker * scene.entities[i].scale / 2 + HIT_PAD for i in others])
    on_symbol = np.hypot(pts[:, None, 0] - centres[None, :, 0], pts[:, None, 1] - centres[None, :, 1]) < radii
    return int(inside.sum() + 4 * on_symbol.sum())


def route_links(scene: Scene) -> None:
    """Bend each single straight link that runs across another entity (symbol or label) round it, if a
    gentle curve avoids it: a reader must not take a link for one that ends at the entity it crosses."""
    index = {e.id: i for i, e in enumerate(scene.entities)}
    for lk in scene.links:
        if lk.source == lk.target or lk.rad != 0:
            continue  # parallel links are curved apart already
        others = [i for e, i in index.items() if e not in (lk.source, lk.target)]
        best = (_hits(scene, lk, 0.0, others), 0.0)
        for rad in LINK_BENDS:
            if best[0] == 0:
                break
            hits = _hits(scene, lk, rad, others)
            if hits < best[0]:
                best = (hits, rad)
        lk.rad = best[1]


def link_chart_layout(graph: nx.Graph, **kwargs) -> ChartLayout:
    """Positions (inches) that :func:`link_chart` would use; pass them back as ``pos=`` to draw another
    chart of the same entities in the same places (e.g. before and after removing key players)."""
    scene = build_scene(graph, **kwargs)
    return ChartLayout(scene.pos, {e.id: side for e, side in zip(scene.entities, scene.boxes.sides, strict=True)})


def _bezier(p0, p2, rad, t):
    """Point at ``t`` on matplotlib's arc3 curve from p0 to p2 (control point offset by rad × length)."""
    p0, p2 = np.asarray(p0, float), np.asarray(p2, float)
    mid = (p0 + p2) / 2
    d = p2 - p0
    c = mid + rad * np.array([d[1], -d[0]])
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * c + t ** 2 * p2


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0) * max(h, 0)


def _symbol_rect(scene: Scene, i: int) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of entity ``i``'s symbol alone, in inches."""
    x, y = scene.pos[scene.entities[i].id]
    r = scene.marker * scene.entities[i].scale / 2
    return x - r, y - r, x + r, y + r


def _drawn_span(scene: Scene, lk: Link) -> tuple[float, float]:
    """The stretch (t from, t to) of a link that is drawn: a link that would run through its own end's
    label stops at the label's edge (see ``_own_label_shrink``), and its count belongs on what is left."""
    t = np.linspace(0.0, 1.0, 61)
    pts = _link_points(scene, lk, 61)
    index = scene.index
    start = _inside(pts[:30], label_rect(scene, index[lk.source]))
    end = _inside(pts[31:], label_rect(scene, index[lk.target]))
    t0 = float(t[np.nonzero(start)[0].max() + 1]) if start.any() else 0.0
    t1 = float(t[31 + np.nonzero(end)[0].min() - 1]) if end.any() else 1.0
    return t0, t1


def place_link_labels(scene: Scene) -> list[tuple[Link, tuple[float, float]]]:
    """Where each link label goes: the point along its link whose label box hits fewest entity boxes
    and other link labels."""
    # each entity's symbol and its label apart: the empty corner of their joint box is room for a count
    taken = [b for i in range(len(scene.entities)) for b in (_symbol_rect(scene, i), label_rect(scene, i))]
    labelled = [lk for lk in scene.links if lk.label and lk.source != lk.target]
    # points along every link: a label sitting on another link reads as that link's label
    drawn = [lk for lk in scene.links if lk.source != lk.target]
    paths = [np.array([_bezier(scene.pos[lk.source], scene.pos[lk.target], lk.rad, t)
                       for t in np.linspace(0.05, 0.95, 40)]) for lk in drawn]
    sizes = measure_texts([lk.label for lk in labelled], scene.fontsize * 0.9) + 0.06
    out = []
    for lk, (w, h) in zip(labelled, sizes, strict=True):
        best = None
        p0, p1 = np.asarray(scene.pos[lk.source], float), np.asarray(scene.pos[lk.target], float)
        normal = np.array([p0[1] - p1[1], p1[0] - p0[0]])
        normal = normal / (np.hypot(*normal) or 1.0)
        # On the link first; only when every point on it hits a box, beside the link (a short link
        # between two labelled entities has no free point on it).
        t0, t1 = _drawn_span(scene, lk)
        for shift in (0.0, 0.6, -0.6, 1.1, -1.1):
            for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78):
                x, y = np.array(_bezier(p0, p1, lk.rad, t0 + t * (t1 - t0))) + shift * h * normal
                box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
                cost = sum(_overlap(box, b) for b in taken)
                cost += w * h * sum(bool(_inside(pts, box).any()) for other, pts in zip(drawn, paths, strict=True)
                                    if other is not lk)
                if best is None or cost < best[0] - 1e-9:
                    best = (cost, (float(x), float(y)), box)
                if cost == 0:
                    break
            if best[0] == 0:
                break
        taken.append(best[2])
        out.append((lk, best[1]))
    return out


def _legend_handles(scene: Scene, lw: float, highlight=None) -> tuple[list, list[str]]:
    handles, headers = [], []

    def header(text):
        handles.append(Line2D([], [], linestyle="", marker="", label=text))
        headers.append(text)

    kinds = list(dict.fromkeys(e.kind for e in scene.entities))
    if kinds:
        header("Entities")
        for kind in kinds:
            st = entity_style(kind)
            handles.append(Line2D([], [], linestyle="", marker=MarkerStyle(st.glyph), markersize=13,
                                  markerfacecolor=st.colour, markeredgecolor=ENTITY_EDGE_COLOUR,
                                  markeredgewidth=0.6, label=st.name))
    link_kinds = list(dict.fromkeys(lk.kind for lk in scene.links))
    if link_kinds:
        header("Links")
        for kind in link_kinds:
            st = link_style(kind)
            handles.append(Line2D([], [], color=st.colour, lw=lw * 1.6, label=st.name))
        header("Status")
        for status in STATUS_LINESTYLES:
            if any(lk.status == status for lk in scene.links):
                handles.append(Line2D([], [], color="#222222", lw=lw * 1.3, linestyle=STATUS_LINESTYLES[status],
                                      label=status))
        if any(lk.count > 1 for lk in scene.links):
            handles.append(Line2D([], [], linestyle="", marker="", label="×n  n records, one link"))
    present = {e.id for e in scene.entities}
    named = [(caption, k) for k, (caption, members) in enumerate(highlight_groups(highlight))
             if caption is not None and present & set(members)]  # an empty group gets no legend entry
    if named:
        header("Highlighted")
        for caption, k in named:
            colour = HIGHLIGHT if len(named) == 1 else HIGHLIGHT_COLOURS[k % len(HIGHLIGHT_COLOURS)]
            handles.append(Line2D([], [], linestyle="", marker="o", markersize=13, markerfacecolor=colour,
                                  markeredgewidth=0, alpha=0.35, label=caption))
    return handles, headers


def draw_scene(scene: Scene, ax: Axes, *, title: str | None = None, highlight=None, legend: bool = True,
               scale: float = 1.0) -> None:
    """Draw a scene on ``ax`` whose data units are chart inches shown at ``scale`` display inches each."""
    fs = scene.fontsize * scale
    lw = 1.1 * scale
    x0, y0, x1, y1 = scene.extent
    ax.set_xlim(x0 - 0.05, x1 + 0.05)
    ax.set_ylim(y0 - 0.05, y1 + 0.05)
    ax.set_aspect("equal")
    ax.set_axis_off()
    index = {e.id: i for i, e in enumerate(scene.entities)}
    size_of = {e.id: scene.marker * e.scale * 72 * scale for e in scene.entities}  # points
    if scene.groups:
        draw_group_outlines(scene, ax, fs)

    for lk in scene.links:
        if lk.source == lk.target:
            continue  # a self-link says nothing on a chart
        st = link_style(lk.kind)
        # a link that would run through its own end's label stops at the label's edge
        cut_a = _own_label_shrink(scene, lk, "source") * 72 * scale
        cut_b = _own_label_shrink(scene, lk, "target") * 72 * scale
        patch = FancyArrowPatch(
            scene.pos[lk.source], scene.pos[lk.target],
            arrowstyle="-|>" if lk.directed else "-", mutation_scale=9 * scale,
            connectionstyle=f"arc3,rad={lk.rad:.3f}",
            shrinkA=max(size_of[lk.source] / 2 + 1, cut_a), shrinkB=max(size_of[lk.target] / 2 + 1, cut_b),
            color=st.colour, lw=lw * (1 + 0.5 * np.log2(lk.count)), linestyle=STATUS_LINESTYLES[lk.status],
            capstyle="round", zorder=1, gid=f"link:{lk.kind}:{lk.status}")
        ax.add_patch(patch)

    for lk, (x, y) in place_link_labels(scene):
        ax.text(x, y, lk.label, fontsize=fs * 0.9, color="#333333", ha="center", va="center", zorder=3,
                gid="linklabel", bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})

    hl = highlighted(highlight)
    rings = highlight_groups(highlight)
    for k, (_, members) in enumerate(rings):
        ring = [e for e in scene.entities if e.id in set(members)]
        colour = HIGHLIGHT if len(rings) == 1 else HIGHLIGHT_COLOURS[k % len(HIGHLIGHT_COLOURS)]
        if ring:
            ax.scatter([scene.pos[e.id][0] for e in ring], [scene.pos[e.id][1] for e in ring],
                       s=[(size_of[e.id] * 1.75) ** 2 for e in ring], marker="o", color=colour, alpha=0.35,
                       linewidths=0, zorder=2, gid="highlight")
    for kind in dict.fromkeys(e.kind for e in scene.entities):
        st = entity_style(kind)
        group = [e for e in scene.entities if e.kind == kind]
        xy = np.array([scene.pos[e.id] for e in group])
        ax.scatter(xy[:, 0], xy[:, 1], s=[size_of[e.id] ** 2 for e in group], marker=MarkerStyle(st.glyph),
                   c=st.colour, edgecolors=ENTITY_EDGE_COLOUR, linewidths=0.6 * scale, zorder=3,
                   gid=f"entity:{kind}", label=st.name)

    halo = [patheffects.withStroke(linewidth=3 * scale, foreground="white")]
    for i, e in enumerate(scene.entities):
        x, y = scene.pos[e.id]
        off = scene.marker * e.scale / 2 + LABEL_OFFSET
        dx, dy, ha, va = _LABEL_ANCHOR[scene.boxes.sides[i]]
        weight = "bold" if e.id in hl else "normal"
        # the halo is a separate white copy: path effects turn text into outlines in SVG/PDF, and the
        # label itself must stay text so names in a saved chart can be searched and copied
        ax.text(x + dx * off, y + dy * off, e.label, ha=ha, va=va, fontsize=fs, color="white", zorder=4,
                path_effects=halo, gid=f"halo:{index[e.id]}", fontweight=weight)
        ax.text(x + dx * off, y + dy * off, e.label, ha=ha, va=va, fontsize=fs, color="#111111", zorder=4.1,
                gid=f"label:{index[e.id]}", fontweight=weight)

    if title:
        ax.set_title(title, loc="left", fontsize=max(fs * 1.4, 9), fontweight="bold", pad=8)
    if legend:
        handles, headers = _legend_handles(scene, lw, highlight)
        leg = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
                        fontsize=max(fs, 7), handlelength=2.4, borderaxespad=0.2, labelspacing=0.55)
        for text in leg.get_texts():
            if text.get_text() in headers:
                text.set_fontweight("bold")
        leg.set_gid("legend")


def _hull(points: np.ndarray) -> np.ndarray:
    """Convex hull of 2-D points, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted(map(tuple, np.round(points, 6)))
    if len(pts) < 3:
        return np.array(pts)

    def half(seq):
        out = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(pts), half(reversed(pts))
    return np.array(lower[:-1] + upper[:-1])


def draw_group_outlines(scene: Scene, ax: Axes, fs: float) -> None:
    """A pale outline round each group's entities (labels included), named above its top-left corner."""
    names = list(dict.fromkeys(scene.groups[e.id] for e in scene.entities))
    for k, name in enumerate(names):
        members = [i for i, e in enumerate(scene.entities) if scene.groups[e.id] == name]
        corners = []
        for i in members:
            x0, y0, x1, y1 = scene.box(i)
            corners += [(x0 - GROUP_PAD, y0 - GROUP_PAD), (x1 + GROUP_PAD, y0 - GROUP_PAD),
                        (x1 + GROUP_PAD, y1 + GROUP_PAD), (x0 - GROUP_PAD, y1 + GROUP_PAD)]
        hull = _hull(np.array(corners))
        colour = GROUP_COLOURS[k % len(GROUP_COLOURS)]
        ax.add_patch(Polygon(hull, closed=True, facecolor=colour, alpha=0.13, edgecolor="none", zorder=0,
                             gid=f"group:{name}"))
        ax.add_patch(Polygon(hull, closed=True, fill=False, edgecolor=colour, lw=1.2, alpha=0.9, zorder=0.5,
                             joinstyle="round", gid=f"groupline:{name}"))
        top = hull[:, 1].max()
        left = hull[np.isclose(hull[:, 1], top), 0].min()
        caption = f"{scene.group_name} {name}" if str(name) != "" else "ungrouped"
        ax.text(left, top + 0.03, caption, ha="left", va="bottom", fontsize=max(fs * 0.95, 7), color="#333333",
                fontstyle="italic", zorder=0.6, gid="groupcaption")


def new_chart_figure(scene: Scene, *, title: str | None, legend: bool, figure_class=None):
    """A figure sized so one data unit is one inch, with room for the title and the legend on the right."""
    x0, y0, x1, y1 = scene.extent
    w, h = x1 - x0 + 0.1, y1 - y0 + 0.1
    top = TITLE_SPACE if title else MARGIN
    legend_w = 1.9 if legend else 0.0
    fw, fh = w + 2 * MARGIN + legend_w, max(h + MARGIN + top, 3.2 if legend else 0)
    if figure_class is None:
        import matplotlib.pyplot as plt
        fig = plt.figure(figsize=(fw, fh))
    else:
        fig = figure_class(figsize=(fw, fh))
    ax = fig.add_axes((MARGIN / fw, (fh - top - h) / fh, w / fw, h / fh))
    return fig, ax


def fit_legend(fig: Figure, ax: Axes) -> None:
    """Resize the figure to the legend's measured size, keeping the chart's inch scale and top margin."""
    leg = ax.get_legend()
    if leg is None:
        return
    fw, fh = fig.get_size_inches()
    box = leg.get_window_extent()
    pos = ax.get_position()
    left, top_gap = pos.x0 * fw, fh - pos.y1 * fh
    ax_w, ax_h = pos.width * fw, pos.height * fh
    new_w = left + ax_w + box.width / fig.dpi + MARGIN
    new_h = max(top_gap + ax_h + MARGIN, top_gap + box.height / fig.dpi + MARGIN)
    fig.set_size_inches(new_w, new_h)
    ax.set_position((left / new_w, (new_h - top_gap - ax_h) / new_h, ax_w / new_w, ax_h / new_h))
