"""Re-vendor the JavaScript and CSS that folium maps load from CDNs (a maintainer tool).

Run ``python -m analystlab.charts.maps.vendor`` with ``npm`` on PATH and the npm registry reachable.
Each package is fetched with ``npm pack <name>@<version>``; the files folium links are copied into
``analystlab/charts/vendor/`` and made self-contained: images and fonts referenced by CSS become
``data:`` URIs, URLs in licence banners lose their scheme (the notice stays, nothing can be fetched),
source-map comments go, and the few URLs in code are patched as listed in ``PACKAGES``. The tool
then checks that no remote URL is left and writes ``VENDORED.json`` (read at runtime) and ``VENDORED.md``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path, PurePosixPath

import folium
from folium.plugins import HeatMap, MarkerCluster

from analystlab.charts.maps.assets import MANIFEST, external_urls

VENDOR_DIR = Path(str(files("analystlab.charts") / "vendor"))
_MIME = {".png": "image/png", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".svg": "image/svg+xml"}


def _url(declared: list[tuple[str, str]], name: str) -> str:
    """The URL folium declares under ``name`` in a ``default_js``/``default_css`` list."""
    return dict(declared)[name]


@dataclass(frozen=True)
class Asset:
    """One vendored file: where it comes from and which CDN URLs it stands in for."""

    dest: str  # path under vendor/
    member: str  # path inside the npm tarball, or inside the folium package when from_folium
    replaces: tuple[str, ...] = ()
    patches: tuple[tuple[str, str], ...] = ()  # (exact text, replacement), each must occur once
    from_folium: bool = False


@dataclass(frozen=True)
class Package:
    """An npm package and the files taken from it."""

    name: str
    version: str
    license_file: str
    assets: tuple[Asset, ...]
    note: str = ""
    modifications: tuple[str, ...] = field(default=())
    license: str = ""  # SPDX id, for packages whose package.json does not declare one


PACKAGES = (
    Package(
        "leaflet",
        "1.9.3",
        "package/LICENSE",
        (
            Asset(
                "leaflet/leaflet.js",
                "package/dist/leaflet.js",
                (_url(folium.Map.default_js, "leaflet"),),
                patches=(('<a href="https://leafletjs.com" title=', "<a title="),),
            ),
            Asset("leaflet/leaflet.css", "package/dist/leaflet.css", (_url(folium.Map.default_css, "leaflet_css"),)),
            Asset("leaflet/images/marker-icon.png", "package/dist/images/marker-icon.png"),
            Asset("leaflet/images/marker-icon-2x.png", "package/dist/images/marker-icon-2x.png"),
            Asset("leaflet/images/marker-shadow.png", "package/dist/images/marker-shadow.png"),
        ),
        note="the version folium 0.20 links",
        modifications=("attribution control: the 'Leaflet' credit is kept but no longer links to leafletjs.com",),
    ),
    Package(
        "jquery",
        "3.7.1",
        "package/LICENSE.txt",
        (Asset("jquery/jquery.min.js", "package/dist/jquery.min.js", (_url(folium.Map.default_js, "jquery"),)),),
        note="folium's popups and GeoJson use it",
    ),
    Package(
        "jquery-ui",
        "1.13.2",
        "package/LICENSE.txt",
        assets=(
            Asset(
                "jquery-ui/jquery-ui.min.js",
                "package/dist/jquery-ui.min.js",
                # geopandas' GeoDataFrame.explore() links it for its draggable categorical legend.
                ("https://code.jquery.com/ui/1.12.1/jquery-ui.js",),
            ),
        ),
        note=(
            "stands in for the 1.12.1 that GeoDataFrame.explore() links for its categorical legend: npm's 1.12.1 "
            "ships no built file; 1.13.2 has the same API plus security fixes"
        ),
    ),
    Package(
        "leaflet.markercluster",
        "1.1.0",
        "package/MIT-LICENCE.txt",
        (
            Asset(
                "leaflet.markercluster/leaflet.markercluster.js",
                "package/dist/leaflet.markercluster.js",
                (_url(MarkerCluster.default_js, "markerclusterjs"),),
            ),
            Asset(
                "leaflet.markercluster/MarkerCluster.css",
                "package/dist/MarkerCluster.css",
                (_url(MarkerCluster.default_css, "markerclustercss"),),
            ),
            Asset(
                "leaflet.markercluster/MarkerCluster.Default.css",
                "package/dist/MarkerCluster.Default.css",
                (_url(MarkerCluster.default_css, "markerclusterdefaultcss"),),
            ),
        ),
    ),
    Package(
        "leaflet.heat",
        "0.2.0",
        "package/LICENSE",
        license="BSD-2-Clause",
        assets=(
            Asset(
                "leaflet.heat/leaflet-heat.js",
                "templates/leaflet_heat.min.js",
                (_url(HeatMap.default_js, "leaflet-heat.js"),),
                from_folium=True,
            ),
        ),
        note=(
            "code from the folium 0.20.0 wheel (folium/templates/leaflet_heat.min.js, the file folium links): "
            "Leaflet.heat 0.2.0 plus the point-weights fix (Leaflet.heat pull request 78) that npm's 0.2.0 "
            "lacks; licence from npm's leaflet.heat 0.2.0"
        ),
    ),
    Package(
        "d3",
        "3.5.5",
        "package/LICENSE",
        license="BSD-3-Clause",
        # branca's colour-scale legend (Choropleth, colormaps) links d3 in its render(), not in a list.
        assets=(
            Asset("d3/d3.min.js", "package/d3.min.js", ("https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",)),
        ),
        note="branca's colour-scale legend (Choropleth) draws with it",
    ),
)

# Licence banners in minified files open with "/*" plus a newline, "!" or " @preserve"; code (e.g. a "*/*"
# string) never does.
_BANNER = re.compile(r"/\*(?:\r?\n|!| @preserve)[\s\S]*?\*/")
_CSS_COMMENT = re.compile(r"/\*[\s\S]*?\*/")
_SOURCE_MAP = re.compile(r"(?m)^[ \t]*(?://|/\*)# sourceMappingURL=.*$")
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


def _strip_comment_urls(text: str, comments: re.Pattern) -> str:
    """Drop ``http(s)://`` from URLs in the comments ``comments`` matches; the notices themselves stay."""
    return comments.sub(lambda m: re.sub(r"https?://", "", m.group(0)), text)


def _inline_css_urls(css: str, member: str, tar: tarfile.TarFile) -> str:
    """Replace relative ``url(...)`` references in a stylesheet by ``data:`` URIs of the tarball's files."""

    def swap(match: re.Match) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "#")):  # already inline, or IE's VML behaviour (never fetched)
            return match.group(0)
        path = PurePosixPath(member).parent.joinpath(ref.split("?")[0].split("#")[0])
        data = tar.extractfile(str(_normalise(path))).read()
        return f"url(data:{_MIME[path.suffix]};base64,{base64.b64encode(data).decode('ascii')})"

    return _CSS_URL.sub(swap, css)


def _normalise(path: PurePosixPath) -> PurePosixPath:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return PurePosixPath(*parts)


def _apply_patches(text: str, asset: Asset) -> str:
    for old, new in asset.patches:
        if text.count(old) != 1:
            raise SystemExit(f"{asset.dest}: patch target {old!r} found {text.count(old)} times, expected once")
        text = text.replace(old, new)
    return text


def _vendor_asset(asset: Asset, tar: tarfile.TarFile) -> bytes:
    """The bytes to store for ``asset``, made self-contained and checked for remote URLs."""
    if asset.from_folium:
        raw = (files("folium") / asset.member).read_bytes()
    else:
        raw = tar.extractfile(asset.member).read()
    if not asset.dest.endswith((".js", ".css")):
        return raw
    text = raw.decode("utf-8")
    text = _SOURCE_MAP.sub("", text)
    text = _strip_comment_urls(text, _CSS_COMMENT if asset.dest.endswith(".css") else _BANNER)
    text = _apply_patches(text, asset)
    if asset.dest.endswith(".css"):
        text = _inline_css_urls(text, asset.member, tar)
    if "<!--" in text:  # would change how the HTML parser reads an inline <script>
        raise SystemExit(f"{asset.dest}: contains '<!--', cannot be inlined safely")
    left = external_urls(text)
    if left:
        raise SystemExit(f"{asset.dest}: remote URLs left, add a patch: {sorted(set(left))}")
    return text.encode("utf-8")


def _npm_pack(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", "--silent", spec], cwd=workdir, check=True, capture_output=True, text=True
    ).stdout.split()
    return workdir / out[-1]


def _license_id(tar: tarfile.TarFile) -> str:
    meta = json.load(tar.extractfile("package/package.json"))
    lic = meta.get("license") or meta.get("licenses", [{}])[0].get("type", "")
    return lic if isinstance(lic, str) else lic.get("type", "")


def vendor(dest: Path = VENDOR_DIR) -> dict:
    """Fetch every package in ``PACKAGES``, write its files under ``dest`` and return the manifest."""
    packages = []
    with tempfile.TemporaryDirectory() as tmp:
        for package in PACKAGES:
            spec = f"{package.name}@{package.version}"
            print(f"npm pack {spec}", file=sys.stderr)
            with tarfile.open(_npm_pack(spec, Path(tmp))) as tar:
                entry_files = {}
                for asset in package.assets:
                    data = _vendor_asset(asset, tar)
                    target = dest / asset.dest
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    entry_files[asset.dest] = {
                        "bytes": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "replaces": list(asset.replaces),
                    }
                packages.append(
                    {
                        "name": package.name,
                        "version": package.version,
                        "license": package.license or _license_id(tar),
                        "source": f"npm pack {spec}",
                        "note": package.note,
                        "modifications": [
                            "URLs in licence banners lost their http(s):// scheme; source-map comments removed; "
                            "images and fonts referenced by CSS inlined as data: URIs",
                            *package.modifications,
                        ],
                        "files": entry_files,
                        "license_text": tar.extractfile(package.license_file).read().decode("utf-8"),
                    }
                )
    result = {"generated_by": "python -m analystlab.charts.maps.vendor", "packages": packages}
    (dest / MANIFEST).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (dest / "VENDORED.md").write_text(_markdown(result), encoding="utf-8")
    return result


def _markdown(result: dict) -> str:
    lines = [
        "# Vendored map libraries",
        "",
        "Inlined into every folium map by `analystlab.charts.maps`, so maps work offline.",
        "Written by `python -m analystlab.charts.maps.vendor`; do not edit by hand. Full licence texts",
        "are in VENDORED.json (`license_text`).",
        "",
        "| package | version | licence | files (bytes) | note |",
        "|---|---|---|---|---|",
    ]
    for p in result["packages"]:
        listed = ", ".join(f"`{path}` ({meta['bytes']:,})" for path, meta in p["files"].items())
        lines.append(f"| {p['name']} | {p['version']} | {p['license']} | {listed} | {p['note']} |")
    lines += ["", "## Modifications", ""]
    for p in result["packages"]:
        lines += [f"- {p['name']}: " + "; ".join(p["modifications"])]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    vendor()
