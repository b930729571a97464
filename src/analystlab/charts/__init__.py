"""Charts for analysts: link charts (i2 style), maps and other figures.

Submodules are imported on first use, so ``import analystlab.charts`` stays cheap and one
chart family's dependencies never load for another.
"""

from importlib import import_module

# public name -> submodule that defines it
_EXPORTS = {
    "link_chart": "linkchart",
    "save_link_chart": "linkchart",
    "link_chart_html": "linkchart",
    "export_graphml": "linkchart",
    "export_gexf": "linkchart",
    "export_i2_csv": "linkchart",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
