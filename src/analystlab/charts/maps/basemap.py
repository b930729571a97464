"""``offline_map``: a folium map that needs no connection, drawn over a light outline basemap.

Tile layers come from a tile server, so without a connection they are blank: ``offline_map`` starts
with none. It shows instead a pale background and, when given, a GeoJSON layer of outlines (country
borders, say) in its own pane below every other layer, which is neither clickable nor listed in the
layer control.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
from branca.element import Element
from folium.map import CustomPane

from analystlab.charts.maps.offline import make_offline

BACKGROUND = "#e6edf2"  # where there is no basemap feature: pale blue-grey, read as water or "elsewhere"
BASEMAP_STYLE = {"color": "#8c8c8c", "weight": 0.8, "fillColor": "#f7f5f0", "fillOpacity": 1.0}
BASEMAP_PANE = "basemap"  # between Leaflet's tile pane (z-index 200) and overlay pane (400)


def _as_geojson(basemap: Any) -> Any:
    """Accept a GeoDataFrame, anything with ``__geo_interface__``, a GeoJSON dict or a file path."""
    if isinstance(basemap, str | Path) and Path(basemap).suffix.lower() in {".geojson", ".json"}:
        return json.loads(Path(basemap).read_text(encoding="utf-8"))
    if hasattr(basemap, "to_crs") and getattr(basemap, "crs", None) is not None:
        basemap = basemap.to_crs(4326)  # Leaflet draws longitude/latitude
    return basemap


def add_basemap(m: folium.Map, basemap: Any, style: dict | None = None) -> folium.GeoJson:
    """Draw ``basemap`` outlines on ``m`` below all other layers, out of the way of clicks and controls."""
    if BASEMAP_PANE not in m._children:
        m.add_child(CustomPane(BASEMAP_PANE, z_index=250, pointer_events=False), name=BASEMAP_PANE)
    look = {**BASEMAP_STYLE, **(style or {})}
    layer = folium.GeoJson(
        _as_geojson(basemap),
        name="basemap",
        style_function=lambda _feature: look,
        control=False,
        pane=BASEMAP_PANE,
        interactive=False,
    )
    return layer.add_to(m)


def offline_map(
    location: Sequence[float] | None = None,
    zoom_start: int = 5,
    *,
    basemap: Any = None,
    basemap_style: dict | None = None,
    background: str = BACKGROUND,
    tiles: str | None = None,
    min_zoom: int | None = None,
    max_zoom: int = 18,
    **kwargs: Any,
) -> folium.Map:
    """A folium map that works offline, in Jupyter and saved to a file alike.

    ``basemap``: outlines to draw underneath (GeoDataFrame, GeoJSON dict or ``.geojson`` path), e.g.
    the course's country outlines. ``tiles``: off by default because tiles need a connection; a tile
    name or URL given here is kept, shows when online and stays blank offline. ``min_zoom``/``max_zoom``
    bound the map's zoom (folium would give them to a tile layer only). Other keyword arguments
    go to ``folium.Map``. Add layers as usual; the map stays offline-ready whatever is added (an
    un-vendored plugin raises ``OfflineMapError`` when the map is rendered).
    """
    m = folium.Map(
        location=location, zoom_start=zoom_start, tiles=tiles, min_zoom=min_zoom, max_zoom=max_zoom, **kwargs
    )
    m.options.update({"max_zoom": max_zoom} if min_zoom is None else {"min_zoom": min_zoom, "max_zoom": max_zoom})
    m.get_root().header.add_child(
        Element(f"<style>#{m.get_name()} {{ background: {background}; }}</style>"), name="offline_background"
    )
    if basemap is not None:
        add_basemap(m, basemap, basemap_style)
    return make_offline(m, keep_tiles=tiles is not None)
