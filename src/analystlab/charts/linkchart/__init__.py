"""i2-style link charts: typed entities and links drawn legibly, saved for reports, viewed offline, exported."""

from .api import link_chart, save_link_chart
from .draw import link_chart_layout
from .export import export_gexf, export_graphml, export_i2_csv
from .html import InteractiveLinkChart, link_chart_html

__all__ = ["InteractiveLinkChart", "export_gexf", "export_graphml", "export_i2_csv", "link_chart", "link_chart_html",
           "link_chart_layout", "save_link_chart"]
