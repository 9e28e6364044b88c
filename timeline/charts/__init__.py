"""Charts of answers: a roster's Gantt chart, a career strip, an
organisation's timeline, talent flows as a Sankey diagram (see
docs/charts.md). Built with Altair (Vega-Lite) and rendered offline by
vl-convert: the ``charts`` extra."""

from timeline.charts.chart import FORMATS, Chart
from timeline.charts.namespace import Charts

__all__ = ["FORMATS", "Chart", "Charts"]
