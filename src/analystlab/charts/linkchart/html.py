"""Interactive link chart as one self-contained HTML file: inline SVG plus a small script, no external URL.

Works offline and in a Jupyter output (shown in an iframe ``srcdoc`` so its script runs): hover an
entity to light up its links, drag entities, drag the background to pan, scroll to zoom.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import networkx as nx
import numpy as np

from .draw import build_scene, highlighted
from .styles import ENTITY_EDGE_COLOUR, STATUS_DASHARRAY, entity_style, link_style

PT = 72.0  # SVG user units per chart inch (points), so font sizes read as in the static chart
_URL = re.compile(r"\b(http|https|ftp)(://)", re.IGNORECASE)


def defang(text: str) -> str:
    """Make URLs in entity data inert, as analysts do in reports (``https://`` → ``hxxps://``)."""
    return _URL.sub(lambda m: m.group(1).lower().replace("t", "x", 2) + m.group(2), text)


def _esc(text) -> str:
    return html.escape(defang(str(text)), quote=True)


def _glyph_d(path) -> str:
    """SVG path data for a matplotlib Path, scaled to a unit half-size and flipped for SVG's y axis."""
    verts = path.vertices / np.abs(path.vertices).max()
    parts = []
    for (x, y), code in zip(verts, path.codes, strict=True):
        if code == path.CLOSEPOLY:
            parts.append("Z")
        else:
            parts.append(f"{'M' if code == path.MOVETO else 'L'}{x:.3f} {-y:.3f}")
    return "".join(parts)


def _link_path(p0, p1, rad, r0, r1) -> str:
    """Same curve as matplotlib's arc3 in SVG coordinates, trimmed at both symbols."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 - rad * dy, (y0 + y1) / 2 + rad * dx
    def trim(ax_, ay, bx, by, r):
        d = max(np.hypot(bx - ax_, by - ay), 1e-9)
        return ax_ + (bx - ax_) * r / d, ay + (by - ay) * r / d
    sx, sy = trim(x0, y0, cx, cy, r0)
    ex, ey = trim(x1, y1, cx, cy, r1)
    return f"M{sx:.1f} {sy:.1f}Q{cx:.1f} {cy:.1f} {ex:.1f} {ey:.1f}"


_CSS = """
html,body{margin:0;height:100%;font-family:"DejaVu Sans",Verdana,Arial,sans-serif;background:#fff}
#chart{width:100%;height:100%;display:block;cursor:grab;touch-action:none}
#chart.panning{cursor:grabbing}
.node{cursor:pointer}
.label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round;fill:#111}
.llabel{paint-order:stroke;stroke:#fff;stroke-width:3px;fill:#333}
.dim .node:not(.hot),.dim .link:not(.hot),.dim .llabel:not(.hot){opacity:.15}
.link.hot{stroke-width:2.6}
#legend{position:absolute;top:8px;right:8px;background:rgba(255,255,255,.92);border:1px solid #ccc;
 border-radius:4px;padding:6px 10px;font-size:12px;line-height:1.5}
#legend b{display:block;margin-top:4px}
#legend svg{vertical-align:middle;margin-right:6px}
#title{position:absolute;top:8px;left:12px;font-weight:bold;font-size:15px}
#help{position:absolute;bottom:6px;left:12px;font-size:11px;color:#666}
"""

_JS = """
(function(){
const svg=document.getElementById('chart'),links=[...svg.querySelectorAll('.link')];
const nodes=[...svg.querySelectorAll('.node')],llabels=[...svg.querySelectorAll('.llabel')];
const P=nodes.map(n=>[+n.dataset.x,+n.dataset.y]);
let vb=svg.getAttribute('viewBox').split(' ').map(Number);
const setVB=()=>svg.setAttribute('viewBox',vb.join(' '));
function pt(e){const r=svg.getBoundingClientRect(),s=Math.max(vb[2]/r.width,vb[3]/r.height);
 return [vb[0]+(e.clientX-r.left-(r.width-vb[2]/s)/2)*s,vb[1]+(e.clientY-r.top-(r.height-vb[3]/s)/2)*s];}
function geom(l){const a=P[+l.dataset.s],b=P[+l.dataset.t],rad=+l.dataset.rad;
 const dx=b[0]-a[0],dy=b[1]-a[1],cx=(a[0]+b[0])/2-rad*dy,cy=(a[1]+b[1])/2+rad*dx;
 const trim=(p,r)=>{const d=Math.hypot(cx-p[0],cy-p[1])||1e-9;return [p[0]+(cx-p[0])*r/d,p[1]+(cy-p[1])*r/d];};
 const s=trim(a,+l.dataset.r0),e=trim(b,+l.dataset.r1);return {a,b,cx,cy,s,e};}
function redraw(i){links.forEach((l,k)=>{if(i!==undefined&&+l.dataset.s!==i&&+l.dataset.t!==i)return;
 const g=geom(l);l.setAttribute('d',`M${g.s[0]} ${g.s[1]}Q${g.cx} ${g.cy} ${g.e[0]} ${g.e[1]}`);
 const t=llabels.find(x=>x.dataset.k===l.dataset.k);if(t){const u=+t.dataset.u;
  t.setAttribute('x',(1-u)*(1-u)*g.a[0]+2*(1-u)*u*g.cx+u*u*g.b[0]);
  t.setAttribute('y',(1-u)*(1-u)*g.a[1]+2*(1-u)*u*g.cy+u*u*g.b[1]);}});}
let drag=null,pan=null;
nodes.forEach((n,i)=>{
 n.addEventListener('pointerdown',e=>{e.stopPropagation();drag={i,p:pt(e)};svg.setPointerCapture(e.pointerId);});
 n.addEventListener('pointerenter',()=>{svg.classList.add('dim');n.classList.add('hot');
  links.forEach(l=>{if(+l.dataset.s===i||+l.dataset.t===i){l.classList.add('hot');
   nodes[+l.dataset.s].classList.add('hot');nodes[+l.dataset.t].classList.add('hot');
   llabels.filter(x=>x.dataset.k===l.dataset.k).forEach(x=>x.classList.add('hot'));}});});
 n.addEventListener('pointerleave',()=>{svg.classList.remove('dim');
  svg.querySelectorAll('.hot').forEach(x=>x.classList.remove('hot'));});});
svg.addEventListener('pointerdown',e=>{pan={p:[e.clientX,e.clientY],vb:vb.slice()};svg.classList.add('panning');
 svg.setPointerCapture(e.pointerId);});
svg.addEventListener('pointermove',e=>{
 if(drag){const p=pt(e),i=drag.i;P[i][0]+=p[0]-drag.p[0];P[i][1]+=p[1]-drag.p[1];drag.p=p;
  nodes[i].setAttribute('transform',`translate(${P[i][0]},${P[i][1]})`);redraw(i);}
 else if(pan){const r=svg.getBoundingClientRect(),s=Math.max(vb[2]/r.width,vb[3]/r.height);
  vb[0]=pan.vb[0]-(e.clientX-pan.p[0])*s;vb[1]=pan.vb[1]-(e.clientY-pan.p[1])*s;setVB();}});
const stop=()=>{drag=null;pan=null;svg.classList.remove('panning');};
svg.addEventListener('pointerup',stop);svg.addEventListener('pointercancel',stop);
svg.addEventListener('wheel',e=>{e.preventDefault();const p=pt(e),f=Math.exp(e.deltaY*0.0015);
 vb=[p[0]-(p[0]-vb[0])*f,p[1]-(p[1]-vb[1])*f,vb[2]*f,vb[3]*f];setVB();},{passive:false});
redraw();
})();
"""


class InteractiveLinkChart:
    """A self-contained interactive link chart: ``.html`` is the document, ``.save(path)`` writes it,
    and Jupyter displays it inline (``_repr_html_``)."""

    def __init__(self, document: str, height: int):
        self.html = document
        self.height = height

    def save(self, path: str | Path) -> Path:
        """Write the HTML file (UTF-8) and return its path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        # srcdoc keeps everything inline; the sandbox lets the chart's own script run and nothing else
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd"></iframe>')


def _legend_html(scene) -> str:
    rows = ["<b>Entities</b>"]
    for kind in dict.fromkeys(e.kind for e in scene.entities):
        st = entity_style(kind)
        rows.append(f'<div><svg width="16" height="16" viewBox="-1.1 -1.1 2.2 2.2"><path '
                    f'd="{_glyph_d(st.glyph)}" fill="{st.colour}" stroke="{ENTITY_EDGE_COLOUR}" '
                    f'stroke-width="0.08"/></svg>{_esc(st.name)}</div>')
    if scene.links:
        rows.append("<b>Links</b>")
        for kind in dict.fromkeys(lk.kind for lk in scene.links):
            st = link_style(kind)
            rows.append(f'<div><svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="{st.colour}" '
                        f'stroke-width="2.5"/></svg>{_esc(st.name)}</div>')
        rows.append("<b>Status</b>")
        for status, dash in STATUS_DASHARRAY.items():
            if any(lk.status == status for lk in scene.links):
                da = " ".join(str(float(x) * 1.6) for x in dash.split()) if dash else "none"
                rows.append(f'<div><svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="#222" '
                            f'stroke-width="1.6" stroke-dasharray="{da}"/></svg>{status}</div>')
    return '<div id="legend">' + "".join(rows) + "</div>"


def link_chart_html(graph: nx.Graph, *, title: str | None = None, highlight=None, **kwargs) -> InteractiveLinkChart:
    """Interactive offline view of :func:`link_chart` (same layout keyword arguments: ``layout``, ``pos``,
    ``group_by``, ``root``, ``labels``, ``size_by``, ``merge_parallel``, ``fontsize``, ``marker_size``, ``seed``).

    The result holds one HTML document with an inline SVG and script and no external URL (URLs found in
    entity data are defanged, ``hxxps://``). Hovering an entity shows its attributes and lights up its
    links; entities can be dragged; the view pans and zooms. Save it with ``.save("chart.html")``.
    """
    scene = build_scene(graph, **kwargs)
    hl = highlighted(highlight)
    index = {e.id: i for i, e in enumerate(scene.entities)}
    xy = {e.id: (scene.pos[e.id][0] * PT, -scene.pos[e.id][1] * PT) for e in scene.entities}
    radius = {e.id: scene.marker * e.scale * PT / 2 + 1.5 for e in scene.entities}
    x0, y0, x1, y1 = scene.extent
    pad = 0.3 * PT
    legend_room = 1.9 * PT  # the legend floats top right: leave it its own strip
    view = (f"{x0 * PT - pad:.1f} {-y1 * PT - pad:.1f} {(x1 - x0) * PT + 2 * pad + legend_room:.1f} "
            f"{(y1 - y0) * PT + 2 * pad:.1f}")

    defs, colours = [], {}
    for kind in dict.fromkeys(e.kind for e in scene.entities):
        defs.append(f'<path id="glyph-{kind}" d="{_glyph_d(entity_style(kind).glyph)}"/>')
    for lk in scene.links:
        c = link_style(lk.kind).colour
        if c not in colours:
            colours[c] = f"arrow{len(colours)}"
            defs.append(f'<marker id="{colours[c]}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                        f'markerHeight="7" orient="auto" markerUnits="userSpaceOnUse"><path d="M0 0L10 5L0 10Z" '
                        f'fill="{c}"/></marker>')

    from .draw import place_link_labels
    label_at = {id(lk): p for lk, p in place_link_labels(scene)}
    links_svg, labels_svg = [], []
    for k, lk in enumerate(scene.links):
        if lk.source == lk.target:
            continue
        st = link_style(lk.kind)
        width = 1.1 * (1 + 0.5 * np.log2(lk.count))
        dash = " ".join(f"{float(x) * width:.1f}" for x in STATUS_DASHARRAY[lk.status].split())
        arrow = f' marker-end="url(#{colours[st.colour]})"' if lk.directed else ""
        tip = f"{st.name} ({lk.status})" + (f", {lk.count} records" if lk.count > 1 else "")
        tip += f": {lk.label}" if lk.label else ""
        src, dst = scene.entities[index[lk.source]], scene.entities[index[lk.target]]
        links_svg.append(
            f'<path class="link" data-k="{k}" data-s="{index[lk.source]}" data-t="{index[lk.target]}" '
            f'data-rad="{lk.rad:.3f}" data-r0="{radius[lk.source]:.1f}" data-r1="{radius[lk.target]:.1f}" '
            f'd="{_link_path(xy[lk.source], xy[lk.target], lk.rad, radius[lk.source], radius[lk.target])}" '
            f'fill="none" stroke="{st.colour}" stroke-width="{width:.2f}" stroke-linecap="round"'
            + (f' stroke-dasharray="{dash}"' if dash else "") + arrow
            + f'><title>{_esc(src.label)} → {_esc(dst.label)}: {_esc(tip)}</title></path>')
        if id(lk) in label_at:
            lx, ly = label_at[id(lk)]
            p0, p1 = np.array(scene.pos[lk.source]), np.array(scene.pos[lk.target])
            chord = p1 - p0
            u = float(np.clip(np.dot(np.array([lx, ly]) - p0, chord) / max(np.dot(chord, chord), 1e-9), 0, 1))
            labels_svg.append(f'<text class="llabel" data-k="{k}" data-u="{u:.3f}" x="{lx * PT:.1f}" '
                              f'y="{-ly * PT:.1f}" font-size="{scene.fontsize * 0.8:.1f}" text-anchor="middle" '
                              f'dominant-baseline="central">{_esc(lk.label)}</text>')

    nodes_svg = []
    anchor = {"below": (0, 1, "middle", "hanging"), "above": (0, -1, "middle", "auto"),
              "right": (1, 0, "start", "central"), "left": (-1, 0, "end", "central")}
    for i, e in enumerate(scene.entities):
        st = entity_style(e.kind)
        x, y = xy[e.id]
        half = scene.marker * e.scale * PT / 2
        dx, dy, ta, base = anchor[scene.boxes.sides[i]]
        lines = e.label.split("\n")
        tspans = "".join(f'<tspan x="{dx * (half + 2):.1f}" dy="{0 if j == 0 else 1.15:.2f}em">{_esc(t)}</tspan>'
                         for j, t in enumerate(lines))
        attrs = "\n".join(f"{_esc(k)}: {_esc(v)}" for k, v in e.attrs.items() if k not in ("label",))
        ring = (f'<circle r="{half * 1.75:.1f}" fill="#D55E00" fill-opacity="0.3"/>' if e.id in hl else "")
        nodes_svg.append(
            f'<g class="node" data-x="{x:.1f}" data-y="{y:.1f}" transform="translate({x:.1f},{y:.1f})">{ring}'
            f'<use href="#glyph-{e.kind}" transform="scale({half:.2f})" fill="{st.colour}" '
            f'stroke="{ENTITY_EDGE_COLOUR}" stroke-width="{0.6 / half:.3f}"/>'
            f'<text class="label" y="{dy * (half + 2):.1f}" font-size="{scene.fontsize:.1f}" text-anchor="{ta}" '
            f'dominant-baseline="{base}"' + (' font-weight="bold"' if e.id in hl else "") + f'>{tspans}</text>'
            f'<title>{_esc(e.label)} [{_esc(st.name)}]\n{attrs}</title></g>')

    heading = f'<div id="title">{_esc(title)}</div>' if title else ""
    document = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_esc(title or 'Link chart')}</title><style>{_CSS}</style></head><body>"
        f'{heading}<svg id="chart" viewBox="{view}" preserveAspectRatio="xMidYMid meet">'
        f'<defs>{"".join(defs)}</defs><g class="links">{"".join(links_svg)}{"".join(labels_svg)}</g>'
        f'<g class="nodes">{"".join(nodes_svg)}</g></svg>{_legend_html(scene)}'
        '<div id="help">hover: links · drag: move · background drag: pan · wheel: zoom</div>'
        f"<script>{_JS}</script></body></html>\n")
    height = int(min(max((y1 - y0) * 60 + 80, 420), 760))
    return InteractiveLinkChart(document, height)

