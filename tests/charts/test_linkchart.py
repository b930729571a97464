"""Link charts: styles applied as specified, readable layouts, output and export files, offline HTML."""

import csv
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.patches import ArrowStyle, FancyArrowPatch  # noqa: E402

from analystlab.charts import (  # noqa: E402
    export_gexf,
    export_graphml,
    export_i2_csv,
    link_chart,
    link_chart_html,
    save_link_chart,
)
from analystlab.charts.linkchart.demo import demo_network  # noqa: E402
from analystlab.charts.linkchart.draw import ChartLayout  # noqa: E402
from analystlab.charts.linkchart.export import ENTITY_COLUMNS, LINK_COLUMNS  # noqa: E402
from analystlab.charts.linkchart.styles import ENTITY_STYLES, LINK_STYLES  # noqa: E402

TYPES = ["person", "phone", "vehicle", "location", "organisation", "account"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def by_gid(ax, prefix):
    return [a for a in ax.get_children() if (a.get_gid() or "").startswith(prefix)]


def typed_graph():
    g = nx.DiGraph()
    for i, t in enumerate(TYPES):
        g.add_node(f"n{i}", type=t, label=f"{t} {i}")
    g.add_edge("n0", "n1", type="uses", status="confirmed")
    g.add_edge("n0", "n2", type="owns", status="unconfirmed")
    g.add_edge("n0", "n3", type="travelled_with", status="tentative", directed=False)
    g.add_edge("n0", "n4", type="member_of", status="confirmed", label="since 2021")
    g.add_edge("n0", "n5", type="owns")
    return g


def sixty_nodes():
    """Two cells of persons, each with a phone, plus vehicles, places, a company and accounts: 60 entities."""
    rng = np.random.default_rng(7)
    g = nx.MultiGraph()
    surnames = ["ABDULLAEV", "KARIMOVA", "NURMATOV", "SULTANOV", "YUSUPOVA", "RASHIDOV", "TOKTOGULOV",
                "ISAKOV", "BAKIROVA", "MUSAEV", "ESHMATOV", "ZAKIROV"]
    persons = []
    for cell in ("south", "north"):
        for k in range(12):
            pid = f"{cell}-p{k}"
            g.add_node(pid, type="person", label=f"{surnames[k]} {cell[0].upper()}.{k}", cell=cell)
            ph = f"{cell}-t{k}"
            g.add_node(ph, type="phone", label=f"+7 70{k} {rng.integers(100, 999)} {rng.integers(1000, 9999)}")
            g.add_edge(pid, ph, type="uses")
            persons.append(pid)
        for k in range(1, 12):
            g.add_edge(f"{cell}-t0", f"{cell}-t{k}", type="calls", label=f"{rng.integers(2, 30)} calls")
        for k in range(2, 12, 3):
            g.add_edge(f"{cell}-p{k}", f"{cell}-p{k - 1}", type="travelled_with", status="unconfirmed")
    g.add_node("broker", type="person", label="broker KARIMOV D.", cell="core")
    g.add_edge("broker", "south-p0", type="calls", status="confirmed")
    g.add_edge("broker", "north-p0", type="calls", status="unconfirmed")
    for k in range(5):
        g.add_node(f"v{k}", type="vehicle", label=f"{100 + k} ABC 0{k}")
        g.add_edge(persons[k * 4], f"v{k}", type="owns")
    g.add_node("loc", type="location", label="stash flat")
    g.add_edge("loc", "south-p3", type="uses", status="tentative")
    g.add_node("org", type="organisation", label="Silk Cargo LLP")
    g.add_edge("org", "broker", type="member_of")
    g.add_node("loc2", type="location", label="Zhibek Zholy crossing")
    g.add_edge("loc2", "north-p5", type="travelled_with", status="unconfirmed")
    g.add_node("org2", type="organisation", label="Customs post 3")
    g.add_edge("org2", "north-p7", type="member_of", status="tentative")
    g.add_node("acc0", type="account", label="KZ86 125K ZT50")
    g.add_node("acc1", type="account", label="TJ03 3500 0000")
    g.add_edge("acc0", "acc1", type="paid", label="$48,000")
    g.add_edge("acc0", "broker", type="owns")
    assert g.number_of_nodes() == 60
    return g


def test_each_entity_type_has_its_own_symbol_and_colour():
    ax = link_chart(typed_graph())
    paths = {}
    for t in TYPES:
        (coll,) = by_gid(ax, f"entity:{t}")
        assert np.allclose(coll.get_facecolor()[0], to_rgba(ENTITY_STYLES[t].colour)), t
        assert len(coll.get_offsets()) == 1
        paths[t] = coll.get_paths()[0]
        glyph = ENTITY_STYLES[t].glyph
        assert len(paths[t].vertices) == len(glyph.vertices), f"{t} is not drawn with its glyph"
    shapes = {tuple(np.round(p.vertices[:8].ravel(), 3)) for p in paths.values()}
    assert len(shapes) == len(TYPES), "two entity types share a symbol"
    assert len({ENTITY_STYLES[t].colour for t in TYPES}) == len(TYPES)


def test_link_status_sets_line_style_and_direction_sets_arrows():
    ax = link_chart(typed_graph())
    links = [p for p in by_gid(ax, "link:") if isinstance(p, FancyArrowPatch)]
    assert len(links) == 5
    style = {p.get_gid(): p for p in links}
    assert style["link:uses:confirmed"].get_linestyle() == "-"
    assert style["link:owns:unconfirmed"].get_linestyle() == "--"
    assert style["link:travelled_with:tentative"].get_linestyle() == ":"
    assert isinstance(style["link:uses:confirmed"].get_arrowstyle(), ArrowStyle.CurveFilledB)
    # an edge marked directed=False in a DiGraph has no arrowhead
    assert type(style["link:travelled_with:tentative"].get_arrowstyle()) is ArrowStyle.Curve
    assert to_rgba(style["link:uses:confirmed"].get_edgecolor()) == to_rgba(LINK_STYLES["uses"].colour)


def test_undirected_graph_has_no_arrows():
    g = nx.Graph(typed_graph().to_undirected())
    ax = link_chart(g)
    assert all(type(p.get_arrowstyle()) is ArrowStyle.Curve for p in by_gid(ax, "link:"))


def test_legend_lists_entity_types_link_types_and_statuses():
    ax = link_chart(typed_graph())
    texts = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"Person", "Phone", "Vehicle", "Location", "Organisation", "Account"} <= texts
    assert {"uses", "owns", "travelled with", "member of"} <= texts
    assert {"confirmed", "unconfirmed", "tentative"} <= texts


def test_parallel_edges_merge_into_one_counted_link_and_different_links_curve_apart():
    g = nx.MultiDiGraph()
    g.add_node("a", type="phone")
    g.add_node("b", type="phone")
    for _ in range(3):
        g.add_edge("a", "b", type="calls")
    g.add_edge("a", "b", type="calls", status="unconfirmed")
    ax = link_chart(g)
    links = by_gid(ax, "link:")
    assert len(links) == 2
    assert "×3" in [t.get_text() for t in by_gid(ax, "linklabel")]
    rads = sorted(float(p.get_connectionstyle().rad) for p in links)
    assert rads[0] < 0 < rads[1]


def label_boxes(ax):
    renderer = ax.figure.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in by_gid(ax, "label:")]


@pytest.mark.parametrize("layout", ["community", "spring", "hierarchy"])
def test_sixty_entity_chart_has_no_overlapping_labels(layout):
    g = sixty_nodes()
    ax = link_chart(g, layout=layout, group_by="cell", title="60 entities")
    ax.figure.canvas.draw()
    boxes = label_boxes(ax)
    assert len(boxes) == 60
    clashes = [(i, j) for i in range(60) for j in range(i + 1, 60) if boxes[i].overlaps(boxes[j])]
    assert not clashes, f"{len(clashes)} overlapping label pairs, e.g. {clashes[:3]}"
    # and no label sits on another entity's symbol
    dpi = ax.figure.dpi
    symbols = []
    for coll in by_gid(ax, "entity:"):
        xy = ax.transData.transform(coll.get_offsets())
        half = np.sqrt(coll.get_sizes()) / 72 * dpi / 2
        symbols += [(x - h, y - h, x + h, y + h) for (x, y), h in zip(xy, np.broadcast_to(half, len(xy)), strict=True)]
    hits = sum(b.x0 < s[2] and s[0] < b.x1 and b.y0 < s[3] and s[1] < b.y1 for b in boxes for s in symbols)
    assert hits == 0, f"{hits} labels cover a symbol"


def test_legend_does_not_cover_the_chart():
    ax = link_chart(sixty_nodes(), group_by="cell")
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1 - 1


def test_hierarchy_puts_the_chain_of_command_top_down():
    g = nx.DiGraph()
    for n in ("boss", "lt1", "lt2", "c1", "c2", "c3"):
        g.add_node(n, type="person", label=n)
    g.add_edges_from([("boss", "lt1"), ("boss", "lt2"), ("lt1", "c1"), ("lt1", "c2"), ("lt2", "c3")], type="directs")
    from analystlab.charts.linkchart import link_chart_layout
    pos = link_chart_layout(g, layout="hierarchy")
    assert pos["boss"][1] > pos["lt1"][1] == pos["lt2"][1] > pos["c1"][1]


def test_chart_draws_into_a_given_axes():
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 5))
    assert link_chart(typed_graph(), ax=b, title="owner") is b
    assert by_gid(b, "entity:person") and not by_gid(a, "entity:")


def test_unknown_status_is_refused_with_the_allowed_values():
    g = typed_graph()
    g.add_edge("n1", "n2", type="calls", status="probable")
    with pytest.raises(ValueError, match="confirmed"):
        link_chart(g)


def test_static_files_are_written(tmp_path):
    g = demo_network()
    png = save_link_chart(g, tmp_path / "chart.png", group_by="cell", dpi=60)
    svg = save_link_chart(g, tmp_path / "chart.svg", group_by="cell")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "NAZAROV Rustam" in text  # names stay searchable text


def test_graphml_and_gexf_round_trip(tmp_path):
    g = demo_network()
    g.nodes["P01"]["aliases"] = ["Назаров", "Nazarov"]  # a list: must be stored as text
    g.nodes["P02"]["age"] = 41
    g.nodes["P03"]["age"] = 38.5  # mixed int/float under one name
    want_nodes = {str(n) for n in g}
    want_edges = sorted((str(u), str(v)) for u, v in g.edges())
    for path, reader in ((export_graphml(g, tmp_path / "g.graphml"), nx.read_graphml),
                         (export_gexf(g, tmp_path / "g.gexf"), nx.read_gexf)):
        back = reader(path)
        assert set(back.nodes) == want_nodes, path.name
        assert sorted((str(u), str(v)) for u, v in back.edges()) == want_edges, path.name
        assert back.nodes["P01"]["label"] == "NAZAROV Rustam"
    assert nx.read_gexf(tmp_path / "g.gexf").edges["T01", "T02", 0]["link_type"] == "calls"


def test_i2_tables_have_the_documented_columns(tmp_path):
    g = demo_network()
    ents, links = export_i2_csv(g, tmp_path / "entities.csv", tmp_path / "links.csv")
    with ents.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:3] == ENTITY_COLUMNS and {"role", "cell"} <= set(rows[0])
    assert len(rows) == g.number_of_nodes()
    assert {r["entity_type"] for r in rows} == set(TYPES)
    with links.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[: len(LINK_COLUMNS)] == LINK_COLUMNS
    assert len(rows) == g.number_of_edges()
    assert {r["strength"] for r in rows} == {"Confirmed", "Unconfirmed", "Tentative"}
    assert {r["direction"] for r in rows} == {"With", "None"}
    assert any(r["label"] == "$48,000" for r in rows)


def test_html_view_is_offline_and_names_every_entity(tmp_path):
    g = demo_network()
    g.nodes["P05"]["source"] = "https://example.org/profile/5"  # OSINT attribute: defanged, not linked
    view = link_chart_html(g, group_by="cell", title="Demo")
    path = view.save(tmp_path / "chart.html")
    doc = path.read_text(encoding="utf-8")
    assert not re.search(r"(?i)\b(?:https?|ftp)://|\bsrc\s*=|url\((?!#)", doc), "external reference"
    assert "hxxps://example.org" in doc
    import html
    for _, label in g.nodes(data="label"):
        assert html.escape(label) in doc, label
    assert doc.count('class="node"') == g.number_of_nodes()
    assert "<script>" in doc and "<svg" in doc
    shown = view._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in shown


def test_save_link_chart_writes_html_too(tmp_path):
    path = save_link_chart(typed_graph(), tmp_path / "c.html", title="t")
    assert "person 0" in path.read_text(encoding="utf-8")


def test_groups_named_by_the_caller_are_outlined_and_never_overlap():
    ax = link_chart(sixty_nodes(), group_by="cell")
    fills = by_gid(ax, "group:")
    assert {p.get_gid() for p in fills} == {"group:south", "group:north", "group:core"}
    captions = {t.get_text() for t in by_gid(ax, "groupcaption")}
    assert captions == {"cell south", "cell north", "cell core"}
    from matplotlib.path import Path
    hulls = {p.get_gid(): Path(p.get_xy()) for p in fills}
    for a in hulls:
        for b in hulls:
            if a < b:
                assert not hulls[a].intersects_path(hulls[b], filled=True), f"{a} and {b} overlap"
    # communities the chart finds for itself are not outlined: they are the chart's guess, not the analyst's
    assert not by_gid(link_chart(sixty_nodes()), "group:")
    assert not by_gid(link_chart(sixty_nodes(), group_by="cell", outline_groups=False), "group:")


def test_a_link_is_bent_round_an_entity_it_does_not_join():
    g = nx.Graph()
    for n in ("a", "b", "c"):
        g.add_node(n, type="person", label=n)
    g.add_edge("a", "c", type="calls")
    g.add_edge("a", "b", type="uses")
    ax = link_chart(g, pos={"a": (0, 0), "b": (1, 0), "c": (2, 0)})
    rad = {p.get_gid(): float(p.get_connectionstyle().rad) for p in by_gid(ax, "link:")}
    assert rad["link:calls:confirmed"] != 0, "the a–c link runs straight through b"
    assert rad["link:uses:confirmed"] == 0, "a link with nothing in its way stays straight"


def test_travelled_in_and_travelled_with_are_different_link_types():
    assert LINK_STYLES["travelled_in"].name == "travelled in"
    assert LINK_STYLES["travelled_with"].name == "travelled with"
    assert LINK_STYLES["travelled_in"].colour != LINK_STYLES["travelled_with"].colour


def _links_through_labels(ax) -> list[tuple[str, int]]:
    """(link gid, label index) for every drawn link whose line passes through an entity's label."""
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    labels = [(t.get_gid(), t.get_window_extent(renderer).shrunk(0.9, 0.8)) for t in by_gid(ax, "label:")]
    out = []
    for k, patch in enumerate(by_gid(ax, "link:")):
        for poly in patch.get_path().to_polygons(closed_only=False):  # the drawn (shrunk) path, in data units
            poly = ax.transData.transform(poly)
            # points every 2 px along each drawn segment
            pts = np.concatenate([np.linspace(a, b, max(2, int(np.hypot(*(b - a)) // 2)))
                                  for a, b in zip(poly[:-1], poly[1:], strict=True)])
            out += [(f"{patch.get_gid()}#{k}", gid) for gid, box in labels
                    if ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
                        & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)).any()]
    return out


def test_links_do_not_run_through_labels_even_round_a_bold_hub():
    # two hubs with links on every side, highlighted (bold labels), joined through a broker: the shape
    # of the module 04 call network, where links ran through the hubs' names
    rng = np.random.default_rng(4)
    g = nx.Graph()
    for hub, cell, n in (("H1", "north", 9), ("H2", "south", 7)):
        g.add_node(hub, type="person", label=f"{hub} Ergashov", community=cell)
        for k in range(n):
            leaf = f"{hub}-{k}"
            g.add_node(leaf, type="person", label=f"{leaf} Rakhmonzoda", community=cell)
            g.add_edge(hub, leaf, type="calls", label=str(rng.integers(5, 80)))
    g.add_node("B", type="person", label="B Kaliev", community="core")
    g.add_edges_from([("B", "H1"), ("B", "H2"), ("B", "H1-0")], type="calls", label="12")
    ax = link_chart(g, group_by="community", highlight=["H1", "H2", "B"], title="hubs")
    crossings = _links_through_labels(ax)
    assert not crossings, f"{len(crossings)} links run through labels, e.g. {crossings[:4]}"


def test_named_highlight_groups_get_their_own_ring_colour_and_legend_entry():
    # the module 04 chart rings a key pair and a broker: the reader must tell the two roles apart
    g = nx.Graph()
    g.add_edges_from([("A", "B"), ("B", "C"), ("C", "D")], type="calls")
    nx.set_node_attributes(g, "person", "type")
    ax = link_chart(g, highlight={"key pair": ["A", "D"], "broker": ["B"]})
    rings = by_gid(ax, "highlight")
    assert len(rings) == 2, "one ring layer per named group"
    colours = {tuple(np.round(r.get_facecolor()[0][:3], 3)) for r in rings}
    assert len(colours) == 2, "the key pair and the broker are ringed in the same colour"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"Highlighted", "key pair", "broker"} <= set(legend)
    bold = {t.get_text() for t in by_gid(ax, "label:") if t.get_fontweight() == "bold"}
    assert bold == {"A", "B", "D"}, "highlighted labels are bold, the others not"
    empty = link_chart(g, highlight={"key pair": ["A", "D"], "nobody here": ["Z"]})
    assert "nobody here" not in [t.get_text() for t in empty.get_legend().get_texts()], (
        "a group with no entity on the chart gets no legend entry")


def _drawn_points(ax, patch) -> np.ndarray:
    """Display-pixel points every 2 px along a drawn link."""
    pts = []
    for poly in patch.get_path().to_polygons(closed_only=False):
        poly = ax.transData.transform(poly)
        pts += [np.linspace(a, b, max(2, int(np.hypot(*(b - a)) // 2)))
                for a, b in zip(poly[:-1], poly[1:], strict=True)]
    return np.concatenate(pts)


def test_a_link_label_does_not_sit_on_another_link():
    # two links crossing at their middles (S04–S09 and S04–S29 in module 04): a count placed on the crossing
    # cannot be read as belonging to either link
    g = nx.Graph()
    pos = {"a": (0, 0), "b": (6, -2), "c": (0, -2), "d": (6, 0)}
    for n in pos:
        g.add_node(n, type="person")
    g.add_edge("a", "b", type="calls", label="41")
    g.add_edge("c", "d", type="calls", label="14")
    ax = link_chart(g, pos=ChartLayout(pos, {}))
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    for text in by_gid(ax, "linklabel"):
        box = text.get_window_extent(renderer)
        on = [patch for patch in by_gid(ax, "link:") if (
            (lambda pts: ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
                          & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)).any())(_drawn_points(ax, patch)))]
        assert len(on) == 1, f"the label {text.get_text()!r} sits on {len(on)} links"


def test_a_count_sits_on_the_drawn_part_of_a_link_that_stops_at_a_label():
    # a neighbour close beside a hub whose name lies across the link (S27–S24 in module 04): the link
    # stops at the name's edge, and its count belongs on what is drawn, not beside it or under the name
    g = nx.Graph()
    g.add_node("hub", type="person", label="S24 Li")
    g.add_node("leaf", type="person", label="S27 Karimov")
    g.add_edge("hub", "leaf", type="calls", label="7")
    ax = link_chart(g, pos=ChartLayout({"hub": (0.0, 0.0), "leaf": (-1.0, 0.0)}, {"hub": "left", "leaf": "below"}))
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()
    (count,) = by_gid(ax, "linklabel")
    name = next(t for t in ax.texts if (t.get_gid() or "").startswith("label:") and t.get_text() == "S24 Li")
    name_left = to_data.transform(name.get_window_extent(renderer))[0, 0]
    (x, y), (count_right, _) = count.get_position(), to_data.transform(count.get_window_extent(renderer))[1]
    assert abs(y) < 0.02, f"the count is {y:.2f} in off its link"
    assert -1.0 < x and count_right <= name_left + 1e-6, "the count is not on the drawn part of the link"


@pytest.mark.parametrize("near, left, right", [((-0.1, 0.9), (-0.55, 1.0), (0.88, 2.4)),
                                               ((0.13, 0.96), (-0.64, 2.69), (0.91, 2.01))])
def test_a_long_link_is_not_drawn_through_a_symbol_beside_its_line(near, left, right):
    # S18 sat beside the long S24–S29 link in module 04, his name to the right, and the link was drawn
    # through his symbol: a bend that grazed his label counted as worse than crossing the symbol itself
    pos = {"top": (0, 6), "end": (0, 0), "near": near, "l": left, "r": right}
    g = nx.Graph()
    for n in pos:
        g.add_node(n, type="person", label=f"{n} Nazarova")
    g.add_edges_from([("top", "end"), ("near", "end"), ("l", "end"), ("r", "end")], type="calls")
    ax = link_chart(g, pos=ChartLayout(pos, {"near": "right", "l": "left", "r": "right"}))
    radius = 0.32 / 2 * (ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
    centre = {n: ax.transData.transform(p) for n, p in pos.items()}
    for patch, (u, v) in zip(by_gid(ax, "link:"), g.edges(), strict=True):
        pts = _drawn_points(ax, patch)
        for n, c in centre.items():
            if n not in (u, v):
                assert np.hypot(*(pts - c).T).min() > 0.8 * radius, f"the {u}–{v} link runs through {n}'s symbol"
