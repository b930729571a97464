"""Make any folium map self-contained: every library inlined, no tile server, nothing fetched.

folium links Leaflet, jQuery and its plugins from CDNs, so a trainee without a connection sees an empty
frame. ``make_offline`` turns the map's root ``Figure`` into an ``OfflineFigure`` whose ``render`` (used
by ``save``, ``_repr_html_`` in Jupyter and ``get_root().render()`` alike) swaps each CDN link for the
vendored file, inline, and leaves out the remote tile layers.
"""

from __future__ import annotations

import re
from pathlib import Path

import folium
from branca.element import Figure
from folium.raster_layers import TileLayer, WmsTileLayer

from analystlab.charts.maps import assets


class OfflineMapError(RuntimeError):
    """A map needs a library that is not vendored, so it would not work offline."""


_MAP_LINKS = dict(folium.Map.default_js + folium.Map.default_css)
# folium.Map links these on every map, but only folium.Icon (Leaflet.awesome-markers drawing Bootstrap 3
# glyphicons or Font Awesome symbols) uses them; maps without such icons lose nothing when they go.
_ICON_ONLY = {
    _MAP_LINKS[name]
    for name in (
        "bootstrap",
        "bootstrap_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "glyphicons_css",
        "awesome_rotate_css",
    )
}
_ICON_USE = "L.AwesomeMarkers"
_LINK = re.compile(r'<script src="(?P<js>[^"]*)"></script>|<link rel="stylesheet" href="(?P<css>[^"]*)"/>')


def inline_resources(html: str) -> str:
    """Replace the ``<script src>``/``<link>`` tags branca writes for CDN files by the vendored files, inline.

    Raises OfflineMapError for a remote file that is not vendored (say, a folium plugin not yet covered),
    rather than hand over a map that silently fails offline.
    """
    uses_icons = _ICON_USE in html

    def swap(match: re.Match) -> str:
        url = match["js"] if match["js"] is not None else match["css"]
        path = assets.replacements().get(url)
        if path is not None:
            tag = assets.inline_tag(path)
            return tag + assets.default_icon_script() if url == _MAP_LINKS["leaflet"] else tag
        if url in _ICON_ONLY and not uses_icons:
            return ""
        if not assets.external_urls(url):
            return match.group(0)
        if url in _ICON_ONLY:
            hint = "folium.Icon does not work offline; use the default marker, a CircleMarker or a DivIcon"
        else:
            hint = "add it to PACKAGES in analystlab/charts/maps/vendor.py and re-run that module"
        raise OfflineMapError(f"this map needs {url}, which is not vendored: {hint}")

    return _LINK.sub(swap, html)


def remove_remote_tiles(element) -> list[str]:
    """Detach every tile layer served by a remote host from ``element``'s tree; return their names."""
    removed = []
    for key, child in list(element._children.items()):
        url = getattr(child, "tiles", None) or getattr(child, "url", None) or ""
        if isinstance(child, TileLayer | WmsTileLayer) and assets.external_urls(url):
            del element._children[key]
            removed.append(key)
        else:
            removed += remove_remote_tiles(child)
    return removed


def give_maps_max_zoom(element, max_zoom: int = 18) -> None:
    """Set ``max_zoom`` on every map in the tree that has neither one nor a tile layer to take it from.

    Leaflet takes a map's zoom range from its tile layers; without any, MarkerCluster stops the whole
    map script with "Map has no maxZoom specified".
    """
    for child in list(element._children.values()):
        if isinstance(child, folium.Map) and not any(isinstance(c, TileLayer) for c in child._children.values()):
            if "max_zoom" not in child.options and "maxZoom" not in child.options:
                child.options["max_zoom"] = max_zoom
        give_maps_max_zoom(child, max_zoom)


class OfflineFigure(Figure):
    """A branca Figure whose HTML needs no network: libraries inline, remote tiles left out.

    ``keep_tiles=True`` keeps remote tile layers: they then show when a connection exists and stay
    blank without one, while everything else still draws.
    """

    keep_tiles = False

    def render(self, **kwargs) -> str:
        """Render the figure as one self-contained HTML document."""
        if not self.keep_tiles:
            remove_remote_tiles(self)
        give_maps_max_zoom(self)
        return inline_resources(super().render(**kwargs))


def make_offline(m: folium.Map, *, keep_tiles: bool = False) -> folium.Map:
    """Make ``m`` (in place) render as self-contained HTML in Jupyter, ``save`` and ``get_root().render()``.

    Remote tile layers (folium's default OpenStreetMap included) are dropped at render time unless
    ``keep_tiles`` is true; give the map a basemap layer instead (see ``offline_map``).
    """
    root = m.get_root()
    if not isinstance(root, OfflineFigure):
        if type(root) is not Figure:
            raise TypeError(f"make_offline needs a map inside a branca Figure, not a {type(root).__name__}")
        # Changing the class keeps every child, header entry and setting the figure already has.
        root.__class__ = OfflineFigure
    root.keep_tiles = keep_tiles
    return m


def offline_html(m: folium.Map, *, keep_tiles: bool = False) -> str:
    """The complete, self-contained HTML document of ``m``."""
    return make_offline(m, keep_tiles=keep_tiles).get_root().render()


def save_offline(m: folium.Map, path: str | Path, *, keep_tiles: bool = False) -> Path:
    """Write ``m`` as one self-contained HTML file that opens in a browser without a connection."""
    path = Path(path)
    path.write_text(offline_html(m, keep_tiles=keep_tiles), encoding="utf-8")
    return path
