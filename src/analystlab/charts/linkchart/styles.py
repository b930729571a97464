"""Entity and link styles: i2 conventions with colour-blind-safe (Okabe-Ito) colours and glyph symbols.

Every entity type has both its own symbol and its own colour, so a chart still reads when printed in
grey or seen by a colour-blind colleague. Link status follows i2 Analyst's Notebook: solid =
confirmed, dashed = unconfirmed, dotted = tentative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.path import Path


def _ellipse(cx: float, cy: float, rx: float, ry: float, reverse: bool = False, n: int = 32) -> Path:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    if reverse:  # opposite winding punches a hole under either fill rule
        t = t[::-1]
    return _polygon(np.column_stack([cx + rx * np.cos(t), cy + ry * np.sin(t)]))


def _polygon(points, reverse: bool = False) -> Path:
    pts = np.asarray(points, dtype=float)
    if reverse:
        pts = pts[::-1]
    verts = np.vstack([pts, pts[:1]])
    codes = [Path.MOVETO] + [Path.LINETO] * (len(pts) - 1) + [Path.CLOSEPOLY]
    return Path(verts, codes)


def _rounded_rect(x0: float, y0: float, x1: float, y1: float, r: float, reverse: bool = False) -> Path:
    pts = []
    for cx, cy, a0 in ((x1 - r, y0 + r, -90), (x1 - r, y1 - r, 0), (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180)):
        a = np.radians(np.linspace(a0, a0 + 90, 6))
        pts.extend(zip(cx + r * np.cos(a), cy + r * np.sin(a), strict=True))
    return _polygon(pts, reverse)


def _compound(*paths: Path) -> Path:
    return Path.make_compound_path(*paths)


def _person() -> Path:
    t = np.linspace(0, np.pi, 24)
    shoulders = np.column_stack([0.85 * np.cos(t), -0.95 + 0.95 * np.sin(t)])
    return _compound(_ellipse(0, 0.5, 0.42, 0.42), _polygon(shoulders))


def _phone() -> Path:
    return _compound(_rounded_rect(-0.5, -1, 0.5, 1, 0.15),
                     _rounded_rect(-0.33, -0.55, 0.33, 0.75, 0.05, reverse=True),
                     _ellipse(0, -0.78, 0.1, 0.1, reverse=True, n=12))


def _vehicle() -> Path:
    body = [(-1, -0.45), (1, -0.45), (1, 0.05), (0.62, 0.12), (0.35, 0.55), (-0.45, 0.55), (-0.72, 0.12),
            (-1, 0.05)]
    return _compound(_polygon(body), _ellipse(-0.55, -0.5, 0.27, 0.27), _ellipse(0.55, -0.5, 0.27, 0.27),
                     _polygon([(-0.35, 0.15), (-0.05, 0.15), (-0.05, 0.45), (-0.32, 0.45)], reverse=True),
                     _polygon([(0.05, 0.15), (0.45, 0.15), (0.28, 0.45), (0.05, 0.45)], reverse=True))


def _location() -> Path:
    a = np.radians(np.linspace(-35, 215, 40))
    head = np.column_stack([0.62 * np.cos(a), 0.35 + 0.62 * np.sin(a)])
    pin = np.vstack([[[0, -1]], head])
    return _compound(_polygon(pin), _ellipse(0, 0.35, 0.24, 0.24, reverse=True, n=16))


def _organisation() -> Path:
    outline = [(-0.9, -0.9), (0.9, -0.9), (0.9, 0.3), (0, 0.95), (-0.9, 0.3)]
    door = [(-0.2, -0.9), (-0.2, -0.3), (0.2, -0.3), (0.2, -0.9)]
    windows = [_rounded_rect(x, 0.0, x + 0.3, 0.3, 0.02, reverse=True) for x in (-0.6, 0.3)]
    return _compound(_polygon(outline), _polygon(door, reverse=True), *windows)


def _account() -> Path:
    return _compound(_rounded_rect(-1, -0.62, 1, 0.62, 0.12),
                     _polygon([(-1, 0.18), (-1, 0.4), (1, 0.4), (1, 0.18)], reverse=True),
                     _rounded_rect(-0.75, -0.4, -0.25, -0.15, 0.03, reverse=True))


def _other() -> Path:
    return _ellipse(0, 0, 0.9, 0.9)


@dataclass(frozen=True)
class EntityStyle:
    """How one entity type is drawn: glyph path (in a [-1, 1] box), fill colour, legend name."""

    glyph: Path
    colour: str
    name: str


@dataclass(frozen=True)
class LinkStyle:
    """How one link type is drawn: line colour and legend name (status sets the line style)."""

    colour: str
    name: str


# Okabe & Ito (2008) palette; yellow gets a dark outline like every symbol so it stays visible on white.
ENTITY_STYLES: dict[str, EntityStyle] = {
    "person": EntityStyle(_person(), "#0072B2", "Person"),
    "phone": EntityStyle(_phone(), "#E69F00", "Phone"),
    "vehicle": EntityStyle(_vehicle(), "#009E73", "Vehicle"),
    "location": EntityStyle(_location(), "#D55E00", "Location"),
    "organisation": EntityStyle(_organisation(), "#CC79A7", "Organisation"),
    "account": EntityStyle(_account(), "#F0E442", "Account"),
}
OTHER_ENTITY = EntityStyle(_other(), "#BBBBBB", "Other")
ENTITY_EDGE_COLOUR = "#1A1A1A"

LINK_STYLES: dict[str, LinkStyle] = {
    "calls": LinkStyle("#222222", "calls"),
    "sms": LinkStyle("#222222", "SMS"),  # text messages: drawn as calls, named as what they are
    "uses": LinkStyle("#E69F00", "uses"),
    "owns": LinkStyle("#009E73", "owns"),
    "travelled_in": LinkStyle("#56B4E9", "travelled in"),  # person - vehicle
    "travelled_with": LinkStyle("#0072B2", "travelled with"),  # person - person (i2's usage)
    "member_of": LinkStyle("#CC79A7", "member of"),
    "paid": LinkStyle("#D55E00", "paid"),
}
OTHER_LINK = LinkStyle("#777777", "other")

# i2 strengths. Matplotlib linestyle names, SVG dash arrays (in units of the line width).
STATUS_LINESTYLES: dict[str, str] = {"confirmed": "-", "unconfirmed": "--", "tentative": ":"}
STATUS_DASHARRAY: dict[str, str] = {"confirmed": "", "unconfirmed": "5 3", "tentative": "1 2.2"}
DEFAULT_STATUS = "confirmed"

# British and American spellings and common synonyms found in source records.
_ENTITY_ALIASES = {"organization": "organisation", "org": "organisation", "telephone": "phone",
                   "msisdn": "phone", "car": "vehicle", "place": "location", "bank_account": "account"}


def entity_type(value) -> str:
    """Canonical entity type for a node's ``type`` value (unknown types are kept, drawn as 'Other')."""
    key = str(value or "").strip().lower().replace(" ", "_")
    return _ENTITY_ALIASES.get(key, key)


def entity_style(kind: str) -> EntityStyle:
    """Style of an entity type; unknown types get a grey circle named after the type."""
    if kind in ENTITY_STYLES:
        return ENTITY_STYLES[kind]
    return EntityStyle(OTHER_ENTITY.glyph, OTHER_ENTITY.colour, kind.replace("_", " ").capitalize() or "Other")


def link_style(kind: str) -> LinkStyle:
    """Style of a link type; unknown types are grey and named after the type."""
    if kind in LINK_STYLES:
        return LINK_STYLES[kind]
    return LinkStyle(OTHER_LINK.colour, kind.replace("_", " ") or "other")


def link_status(value) -> str:
    """Canonical link status: confirmed, unconfirmed or tentative (missing means confirmed)."""
    key = str(value or DEFAULT_STATUS).strip().lower()
    if key not in STATUS_LINESTYLES:
        raise ValueError(f"link status {value!r} is not one of {sorted(STATUS_LINESTYLES)}")
    return key
