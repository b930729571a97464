"""The link-chart functions trainees call: draw, save."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .draw import build_scene, draw_scene, fit_legend, new_chart_figure


def link_chart(graph: nx.Graph, *, layout: str = "community", ax: Axes | None = None, title: str | None = None,
               pos: Mapping | None = None, group_by: str | None = None, root=None,
               labels: Callable | Mapping | None = None, size_by: str | Mapping | None = None,
               highlight: Sequence | Mapping | None = None, merge_parallel: bool = True, legend: bool = True,
               fontsize: float = 8.0, marker_size: float = 0.32, seed: int = 0, outline_groups: bool | None = None,
               _figure_class=None) -> Axes:
    """Draw an i2-style link chart of a networkx graph and return its Axes (``ax.figure`` is the Figure).

    Graph contract (any of Graph, DiGraph, MultiGraph, MultiDiGraph):

    - node ``type``: person, phone, vehicle, location, organisation or account (others are drawn as a grey
      circle named after the type); node ``label``: the text under the symbol (default: the node id);
      optional node ``group`` (or the attribute named by ``group_by``, e.g. ``"cell"`` or ``"role"``)
      and ``level`` (0 = top, for ``layout="hierarchy"``).
    - edge ``type``: calls, sms, owns, uses, travelled_in (person–vehicle), travelled_with
      (person–person), member_of, paid (others are grey); edge
      ``status``: confirmed (solid line, the default), unconfirmed (dashed) or tentative (dotted);
      optional edge ``label`` (a count, a date) and ``directed`` (overrides the graph's directedness).
    - links of a DiGraph carry arrows. Parallel edges with the same type, status and direction are drawn
      as one link labelled ``×n`` and drawn heavier; different links between one pair are curved apart.

    Layouts: ``"community"`` (default) groups entities by ``group``/``group_by`` or, without one, by
    Louvain communities, with a spring layout inside each group; ``"hierarchy"`` draws levels top-down
    from ``root`` (or the DiGraph's sources: a chain of command); ``"spring"``, ``"kamada_kawai"``,
    ``"circular"`` and ``"shell"`` are networkx layouts. Every layout is spread by the size of the labels
    so that no two labels overlap. ``pos`` takes positions from :func:`link_chart_layout` (kept as they
    are) or any unit-free networkx layout (spread to fit the labels).

    ``size_by``: a node attribute or {node: value} (e.g. betweenness) scaling symbols 0.75–1.75×.
    ``highlight``: entities to mark with a halo and a bold label (e.g. the key players); a mapping
    ``{"key pair": [...], "broker": [...]}`` rings each group in its own colour and names it in the legend.
    ``outline_groups``: draw a pale outline round each group, named after ``group_by`` and its value
    (``"community 0"``); by default on when ``layout="community"`` groups by a named attribute.
    A single link that would run across an entity it does not join is bent round it where a gentle
    curve can.
    ``ax``: draw into an existing Axes; the chart then shrinks its text to fit that Axes. Without it a
    figure is made at the chart's natural size (one data unit = one inch), with the legend to the right.
    """
    scene = build_scene(graph, layout=layout, pos=pos, group_by=group_by, root=root, labels=labels,
                        size_by=size_by, merge_parallel=merge_parallel, fontsize=fontsize,
                        marker_size=marker_size, seed=seed, outline_groups=outline_groups,
                        highlight=highlight)
    if ax is None:
        fig, ax = new_chart_figure(scene, title=title, legend=legend, figure_class=_figure_class)
        if fig.canvas is None or type(fig.canvas).__name__ == "FigureCanvasBase":
            FigureCanvasAgg(fig)
        draw_scene(scene, ax, title=title, highlight=highlight, legend=legend)
        fit_legend(fig, ax)
        return ax
    x0, y0, x1, y1 = scene.extent
    box = ax.get_position()
    fw, fh = ax.figure.get_size_inches()
    scale = min(1.0, box.width * fw / max(x1 - x0, 1e-9), box.height * fh / max(y1 - y0, 1e-9))
    draw_scene(scene, ax, title=title, highlight=highlight, legend=legend, scale=scale)
    return ax


def save_link_chart(graph: nx.Graph, path: str | Path, *, dpi: int = 200, **kwargs) -> Path:
    """Draw :func:`link_chart` (same keyword arguments) and save it for a report.

    The format follows the suffix: ``.png`` (``dpi`` dots per inch), ``.svg`` or ``.pdf`` (vector, text
    kept as text so names stay searchable), or ``.html`` (the offline interactive view of
    :func:`link_chart_html`). Returns the path written.
    """
    path = Path(path)
    if path.suffix.lower() in (".html", ".htm"):
        from .html import link_chart_html
        html_kwargs = {k: v for k, v in kwargs.items() if k not in ("ax", "legend", "_figure_class")}
        return link_chart_html(graph, **html_kwargs).save(path)
    ax = link_chart(graph, _figure_class=Figure, **kwargs)
    path.parent.mkdir(parents=True, exist_ok=True)
    import matplotlib
    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
        ax.figure.savefig(path, dpi=dpi, facecolor="white")
    return path
