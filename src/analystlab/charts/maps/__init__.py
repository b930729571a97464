"""Folium maps that work offline: every library inlined from the package, no tile server needed.

Use ``offline_map(...)`` for a new map, or ``make_offline(m)`` for a map made elsewhere (e.g. by
``GeoDataFrame.explore``); then display it in Jupyter, or write it with ``save_offline(m, path)``.
"""

from analystlab.charts.maps.basemap import add_basemap, offline_map
from analystlab.charts.maps.offline import (
    OfflineFigure,
    OfflineMapError,
    inline_resources,
    make_offline,
    offline_html,
    save_offline,
)

__all__ = [
    "OfflineFigure",
    "OfflineMapError",
    "add_basemap",
    "inline_resources",
    "make_offline",
    "offline_html",
    "offline_map",
    "save_offline",
]
