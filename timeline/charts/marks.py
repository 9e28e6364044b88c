"""What every chart over time shares: the span of days it covers, its
time axis, the line at ``at=``, and its title and look."""

from __future__ import annotations

import datetime as _dt
from typing import Any

__all__ = ["Span", "at_layers", "at_row", "finish", "iso", "nothing", "time_axis"]


def iso(ordinal: int) -> str:
    """A day's ordinal as an ISO date."""
    return _dt.date.fromordinal(ordinal).isoformat()


class Span:
    """The days a chart covers: ``first`` to ``last``, both included, and
    the day it marks (``at``), if any."""

    __slots__ = ("at", "first", "last")

    def __init__(self, first: _dt.date, last: _dt.date, at: _dt.date | None = None) -> None:
        self.first, self.last, self.at = first, last, at

    @property
    def stop(self) -> int:
        """The ordinal of the day after the last: where the chart's axis ends."""
        return self.last.toordinal() + 1

    def clamp(self, ordinal: int) -> int:
        """A day moved inside the chart (its last day's end included)."""
        return min(max(ordinal, self.first.toordinal()), self.stop)

    def touches(self, start: int, stop: int) -> bool:
        """Whether the days ``[start, stop)`` touch the chart's."""
        return start < self.stop and stop > self.first.toordinal()

    def __str__(self) -> str:
        return f"{self.first} to {self.last}"


def at_row(span: Span) -> list[dict[str, Any]]:
    """The row of the line at ``at=`` (none without one)."""
    if span.at is None:
        return []
    return [{"layer": "at", "start": span.at.isoformat(), "label": f"at {span.at}"}]


def time_axis(alt: Any, span: Span) -> Any:
    """The x channel of a chart over ``span``, in UTC days."""
    scale = alt.Scale(domain=[span.first.isoformat(), iso(span.stop)], type="utc")
    years = (span.stop - span.first.toordinal()) / 365.25
    axis = alt.Axis(grid=True, labelOverlap="greedy", format="%Y" if years > 3 else "%b %Y",
                    tickCount={"interval": "year" if years > 3 else "month",
                               "step": max(1, int(years // 12)) if years > 3 else 3})
    return alt.X("start:T", scale=scale, title=None, axis=axis)


def at_layers(alt: Any) -> list[Any]:
    """The dashed line at ``at=`` and its label (over the layers' data)."""
    at = alt.Chart().transform_filter("datum.layer == 'at'")
    x = alt.X("start:T")  # on the scale of the layers it is drawn over
    return [at.mark_rule(color="#d62728", strokeDash=[5, 3], strokeWidth=1.5).encode(x=x),
            at.mark_text(align="left", dx=3, dy=-6, color="#d62728", fontSize=10).encode(
                x=x, y=alt.value(0), text="label:N")]


def finish(alt: Any, layers: list[Any], title: str, subtitle: list[str], *, width: int,
           height: float, data: Any = None) -> Any:
    """The layers as one titled chart, in the house style; ``data``, given
    once to them all (each layer filters its own rows from it), is written
    into the specification once."""
    layered = alt.layer(*layers) if data is None else alt.layer(*layers, data=data)
    return layered.properties(
        width=width, height=height,
        title=alt.TitleParams(title, subtitle=subtitle, anchor="start"),
    ).configure_view(stroke=None).configure_title(subtitleColor="#555", subtitleFontSize=10)


def nothing(alt: Any, title: str, subtitle: list[str], message: str) -> Any:
    """A chart with nothing to draw, saying why."""
    text = alt.Chart(alt.Data(values=[{"message": message}])).mark_text(
        color="#555", fontSize=12).encode(text="message:N", x=alt.value(320), y=alt.value(30))
    return finish(alt, [text], title, subtitle, width=640, height=60)
