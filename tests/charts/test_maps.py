"""Offline folium maps: no external URL in the HTML, and a browser without network draws every feature."""

import hashlib
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser

import folium
import pytest
from folium import plugins

from analystlab.charts.maps import OfflineMapError, assets, make_offline, offline_map, save_offline

# XML namespace names: identifiers in SVG code that no browser fetches. Everything else is forbidden.
NAMESPACES = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/XML/1998/namespace",
    "http://www.w3.org/2000/xmlns/",
)
FORBIDDEN = re.compile(r"https?://|//cdn", re.IGNORECASE)


def forbidden_urls(html: str) -> list[str]:
    for namespace in NAMESPACES:
        html = html.replace(namespace, "")
    return [html[max(m.start() - 60, 0) : m.end() + 60] for m in FORBIDDEN.finditer(html)]


def box(x, y, size=1.0, **props):
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


BASEMAP = collection(box(60, 38, 10, name="west"), box(70, 38, 10, name="east"))
# What add_layers draws, by where Leaflet puts it.
OVERLAY_PATHS = 2 + 2 + 3  # circle markers + GeoJson polygons + choropleth polygons
MARKERS = 3
CLUSTERED = 5


def add_layers(m: folium.Map) -> folium.Map:
    """Markers with popups and tooltips, circle markers, polygons, a choropleth, a cluster, a heat map."""
    folium.Marker([43.24, 76.89], popup="Almaty", tooltip="Almaty").add_to(m)
    folium.Marker([42.87, 74.59], popup=folium.Popup("<b>Bishkek</b>")).add_to(m)
    folium.Marker([38.56, 68.77], tooltip=folium.Tooltip("Dushanbe")).add_to(m)
    folium.CircleMarker([41.3, 69.24], radius=8, color="crimson", fill=True, tooltip="Tashkent").add_to(m)
    folium.CircleMarker([40.28, 69.62], radius=8, color="crimson", fill=True).add_to(m)
    areas = collection(box(72, 41, name="a"), box(74, 41, name="b"))
    folium.GeoJson(areas, name="areas", tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    counts = collection(box(62, 44, value=3, name="p"), box(64, 44, value=7, name="q"), box(66, 44, value=1, name="r"))
    rows = [[f["properties"]["name"], f["properties"]["value"]] for f in counts["features"]]
    folium.Choropleth(
        counts, data=rows, columns=["name", "value"], key_on="feature.properties.name", name="choropleth"
    ).add_to(m)
    plugins.MarkerCluster([[51.1 + 0.001 * i, 71.4 + 0.001 * i] for i in range(CLUSTERED)], name="cluster").add_to(m)
    plugins.HeatMap([[39.6 + 0.1 * i, 66.9 + 0.1 * i, 1 + i] for i in range(10)], name="heat").add_to(m)
    folium.LayerControl().add_to(m)
    return m


@pytest.fixture
def saved_map(tmp_path):
    m = add_layers(offline_map([44, 70], 5, basemap=BASEMAP))
    return save_offline(m, tmp_path / "map.html")


def test_saved_map_has_no_external_url(saved_map):
    html = saved_map.read_text(encoding="utf-8")
    assert forbidden_urls(html) == []
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", html), "every library must be inline"
    assert "L.markerClusterGroup" in html and "L.heatLayer" in html and "L.control.layers" in html


def test_make_offline_drops_remote_tiles_unless_kept():
    default = folium.Map([44, 70], zoom_start=5)  # OpenStreetMap tiles
    folium.Marker([43.24, 76.89]).add_to(default)
    html = make_offline(default).get_root().render()
    assert forbidden_urls(html) == []
    kept = make_offline(folium.Map([44, 70]), keep_tiles=True).get_root().render()
    assert "tile.openstreetmap.org" in kept


def test_notebook_display_is_offline():
    frame = add_layers(offline_map([44, 70], 5, basemap=BASEMAP))._repr_html_()
    assert frame.startswith("<div") and "<iframe srcdoc=" in frame
    assert forbidden_urls(frame) == []


@pytest.mark.parametrize("kind", [{"column": "value"}, {"column": "kind"}, {}])
def test_geopandas_explore_maps_go_offline(kind):
    """explore() adds colour legends (d3) or a draggable category legend (jQuery UI) and OSM tiles."""
    import geopandas as gpd
    from shapely.geometry import Point, shape

    frame = gpd.GeoDataFrame(
        {"value": [1, 5, 9], "kind": ["stash", "route", "stash"]},
        geometry=[shape(box(60, 40)["geometry"]), shape(box(62, 40)["geometry"]), Point(65, 42)],
        crs=4326,
    )
    html = make_offline(frame.explore(**kind)).get_root().render()
    assert forbidden_urls(html) == []


def test_unvendored_libraries_raise_with_advice():
    with_fullscreen = offline_map([44, 70])
    plugins.Fullscreen().add_to(with_fullscreen)
    with pytest.raises(OfflineMapError, match="Control.FullScreen.*vendor.py"):
        with_fullscreen.get_root().render()
    with_icon = offline_map([44, 70])
    folium.Marker([43, 70], icon=folium.Icon(color="red")).add_to(with_icon)
    with pytest.raises(OfflineMapError, match="folium.Icon does not work offline"):
        with_icon.get_root().render()


def test_vendored_files_match_their_record():
    for package in assets.manifest()["packages"]:
        assert package["version"] and package["license"] and package["license_text"].strip(), package["name"]
        for path, meta in package["files"].items():
            data = (assets.VENDOR / path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == meta["sha256"], f"{path} differs from VENDORED.json"
            if path.endswith((".js", ".css")):
                assert forbidden_urls(data.decode("utf-8")) == [], path


# --- in a browser without network ------------------------------------------------------------------

# Network off: every host name fails to resolve and every request goes to a closed port.
NO_NETWORK = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9")
BROWSERS = ("chromium", "chromium-browser")


class PaneCensus(HTMLParser):
    """Count elements by the Leaflet pane they are drawn in (overlay, marker, shadow, basemap, ...)."""

    def __init__(self):
        super().__init__()
        self.divs: list[str | None] = []  # for each open <div>: the pane it opens, if any
        self.counts: Counter = Counter()
        self.marker_srcs: list[str] = []
        self.cluster_labels: list[str] = []
        self._in_cluster = 0

    @property
    def pane(self):
        return next((p for p in reversed(self.divs) if p), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "div":
            names = [c[len("leaflet-") : -len("-pane")] for c in classes if c.endswith("-pane") and c != "leaflet-pane"]
            self.divs.append(names[0] if "leaflet-pane" in classes and names else None)
            self._in_cluster += "marker-cluster" in classes
        self.counts[self.pane, tag] += 1
        for name in classes:
            self.counts[self.pane, "." + name] += 1
        if tag == "img" and "leaflet-marker-icon" in classes:
            self.marker_srcs.append(attrs.get("src", ""))

    def handle_endtag(self, tag):
        if tag == "div" and self.divs:
            self.divs.pop()

    def handle_data(self, data):
        if self._in_cluster and data.strip():
            self.cluster_labels.append(data.strip())
            self._in_cluster = 0


def run_browser(browser, tmp_path, page, *args):
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        *NO_NETWORK,
        *args,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Chromium, checked to run JavaScript here; otherwise the browser tests skip, saying why."""
    found = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    if found is None:
        pytest.skip(
            "Chromium is not installed, so the offline-map browser test cannot run: install the Debian "
            "package 'chromium' (scripts/install-system-deps.sh does so when run as root)"
        )
    tmp = tmp_path_factory.mktemp("browser-probe")
    page = tmp / "probe.html"
    page.write_text("<body><script>document.body.innerHTML = '<p id=\"js-ran\"></p>';</script></body>")
    try:
        result = run_browser(found, tmp, page, "--dump-dom")
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"Chromium at {found} cannot run here: {error}")
    if 'id="js-ran"' not in result.stdout:
        pytest.skip(f"Chromium at {found} does not render pages here: {result.stderr.strip()[-500:]}")
    return found


def census(browser, tmp_path, page) -> PaneCensus:
    result = run_browser(browser, tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    parsed = PaneCensus()
    parsed.feed(result.stdout)
    return parsed


def test_browser_without_network_draws_every_feature(browser, saved_map, tmp_path):
    seen = census(browser, tmp_path, saved_map)
    assert seen.counts["overlay", "path"] == OVERLAY_PATHS, seen.counts
    assert seen.counts["basemap", "path"] == len(BASEMAP["features"])
    assert len(seen.marker_srcs) == MARKERS and all(src.startswith("data:image/png") for src in seen.marker_srcs)
    assert seen.counts["shadow", "img"] == MARKERS  # the default icon's shadow, inlined too
    assert seen.counts["marker", ".marker-cluster"] == 1 and seen.cluster_labels == [str(CLUSTERED)]
    assert seen.counts["overlay", ".leaflet-heatmap-layer"] == 1
    assert seen.counts[None, ".leaflet-control-layers-selector"] == 4  # areas, choropleth, cluster, heat
    assert seen.counts[None, ".legend"] >= 1, "the choropleth's colour legend (d3) is missing"


def test_browser_blocks_the_network_for_a_cdn_map(browser, tmp_path):
    """The same map straight from folium draws nothing here, so the test above proves offline use."""
    page = tmp_path / "cdn.html"
    add_layers(folium.Map([44, 70], zoom_start=5, tiles=None)).save(page)
    seen = census(browser, tmp_path, page)
    assert seen.counts["overlay", "path"] == 0 and not seen.marker_srcs
