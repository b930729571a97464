"""The vendored map libraries: which folium URL each file replaces, and its inline HTML.

The files live in ``analystlab/charts/vendor/`` and are described by ``VENDORED.json``, both written by
``python -m analystlab.charts.maps.vendor``. A notebook's output frame cannot resolve relative paths, so
every file is inlined into the map's HTML (``<script>``/``<style>``; images as ``data:`` URIs).
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from importlib.resources import files

VENDOR = files("analystlab.charts") / "vendor"
MANIFEST = "VENDORED.json"

# XML namespace names are identifiers that no browser fetches; SVG code cannot work without them.
XML_NAMESPACES = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/XML/1998/namespace",
    "http://www.w3.org/2000/xmlns/",
)
_EXTERNAL = re.compile(r"(?:https?:)?//[^\s\"'<>()]*", re.IGNORECASE)
# a scheme, or "//" then a host name: "//cdn…", "//code.jquery.com"; not "\//.test" in a regex literal
_REMOTE = re.compile(r"^(?:https?://|//(?:cdn|[a-z0-9][-a-z0-9]*(?:\.[-a-z0-9]+)*\.[a-z]{2,}))", re.IGNORECASE)


def external_urls(text: str) -> list[str]:
    """URLs to remote hosts in ``text`` (``https://…``, ``http://…``, ``//host…``), namespaces excepted."""
    for namespace in XML_NAMESPACES:
        text = text.replace(namespace, "")
    return [url for url in _EXTERNAL.findall(text) if _REMOTE.match(url)]


@cache
def manifest() -> dict:
    """The parsed ``VENDORED.json``: packages, their versions, licences and files."""
    return json.loads((VENDOR / MANIFEST).read_text(encoding="utf-8"))


@cache
def replacements() -> dict[str, str]:
    """Map each CDN URL folium or branca links to the vendored file (relative to vendor/) serving it."""
    table = {}
    for package in manifest()["packages"]:
        for path, meta in package["files"].items():
            for url in meta["replaces"]:
                table[url] = path
    return table


def read_text(path: str) -> str:
    """The text of a vendored file, ``path`` relative to vendor/."""
    return (VENDOR / path).read_text(encoding="utf-8")


def data_uri(path: str, mime: str) -> str:
    """A vendored binary file as a ``data:`` URI."""
    return f"data:{mime};base64," + base64.b64encode((VENDOR / path).read_bytes()).decode("ascii")


def inline_tag(path: str) -> str:
    """The vendored file at ``path`` as an inline ``<script>`` or ``<style>`` element."""
    text = read_text(path)
    if path.endswith(".css"):
        return f"<style>{text}</style>"
    # "</script" inside the code would end the element early; "<\/" means the same to JavaScript.
    text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    return f"<script>{text}</script>"


@cache
def default_icon_script() -> str:
    """Point Leaflet's default marker icon at inlined PNGs instead of URLs next to leaflet.css.

    A string ``imagePath`` stops Leaflet guessing the image folder from the stylesheet's location.
    """
    urls = {
        option: data_uri(f"leaflet/images/{name}", "image/png")
        for option, name in (
            ("iconUrl", "marker-icon.png"),
            ("iconRetinaUrl", "marker-icon-2x.png"),
            ("shadowUrl", "marker-shadow.png"),
        )
    }
    return f"<script>L.Icon.Default.imagePath = '';L.Icon.Default.mergeOptions({json.dumps(urls)});</script>"
