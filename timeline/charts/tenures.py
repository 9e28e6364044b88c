"""Tenures drawn as bars over time: a roster's Gantt chart and a person's
career strip.

Each tenure is a bar over the days its person was certainly there,
fading in over the days it may have begun (an imprecise or unknown start)
and out over those it may have ended (an imprecise end, or an end unknown
after its last observation); a tenure that is nowhere certain is one pale
bar over every day it may cover. Rumoured tenures are pale and dashed,
leaves are drawn over the bar, role changes are ticks, an open tenure ends
in an arrow and an unknown start is marked "?". See docs/charts.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from timeline.answers.results import TenureView
from timeline.charts.chart import Chart, altair
from timeline.charts.marks import Span, at_layers, at_row, finish, iso, time_axis
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate

__all__ = ["CERTAINTY_COLOURS", "LEGEND", "tenure_chart", "tenure_rows"]

LEGEND = (
    ("solid: certainly there · fading: a start or end whose date is imprecise or unknown "
     "(?: start unknown) · arrow: still there"),
    ("pale: possibly there, on no day for sure · dashed: rumoured · white box: on leave "
     "· tick: a role change"),
)

CERTAINTY_COLOURS = {"confirmed": "#08519c", "reported": "#3182bd", "rumored": "#9ecae1"}

_ROW = 22  # pixels a row of bars
_WIDTH = 640
_WHITE, _CLEAR = "rgba(255,255,255,0.92)", "rgba(255,255,255,0)"
_FADE_IN = [{"offset": 0, "color": _WHITE}, {"offset": 1, "color": _CLEAR}]  # over the bar
_FADE_OUT = [{"offset": 0, "color": _CLEAR}, {"offset": 1, "color": _WHITE}]


def _date(value: ValidDate | None, unknown: str) -> str:
    return unknown if value is None else str(value)


def tenure_rows(label: str, colour: str, tenure: TenureView, span: Span,
                **context: str) -> list[dict[str, Any]]:
    """The marks of one tenure on the row ``label``, coloured by
    ``colour``: its bar or bars, fades, leaves, role changes, and the
    markers of an open end and an unknown start. ``context`` is added to
    every mark's tooltip (the person, the organisation)."""
    bounds = tenure.bounds
    possible_from = bounds.earliest_start if bounds.known_start else 0
    start, stop = span.clamp(possible_from), span.clamp(bounds.latest_end)
    if not span.touches(possible_from, bounds.latest_end) or start >= stop:
        return []
    sure_from, sure_until = (span.clamp(day) for day in bounds.certain)
    certainty = tenure.certainty.value
    notes = []
    if tenure.start is None:
        notes.append("start unknown" + (" (inferred from a rehire)" if tenure.inferred else ""))
    if tenure.last_observed is not None:
        notes.append(f"end unknown: last seen {tenure.last_observed}")
    if tenure.certainty is Certainty.RUMORED:
        notes.append("rumoured")
    if tenure.disputed:
        notes.append("disputed")
    base = {
        "row": label, "colour": colour, "certainty": certainty,
        "rumored": tenure.certainty is Certainty.RUMORED,
        "role": tenure.role or "?", **context,
        "dates": f"{_date(tenure.start, 'unknown')} to "
                 f"{_date(tenure.end, 'open' if not bounds.ended else 'unknown')}",
        "note": "; ".join(notes), "evidence": ", ".join(tenure.evidence),
    }

    def mark(layer: str, first: int, last: int, **extra: Any) -> dict[str, Any]:
        return {**base, "layer": layer, "start": iso(first), "end": iso(last), **extra}

    rows = []
    if sure_from < sure_until:
        if start < sure_from:
            rows.append(mark("fade-in", start, sure_from))
        rows.append(mark("bar", sure_from, sure_until))
        if sure_until < stop:
            rows.append(mark("fade-out", sure_until, stop))
    else:
        rows.append(mark("uncertain", start, stop, note=base["note"] or "nowhere certain"))
    if tenure.start is None:
        rows.append(mark("unknown-start", start, start))
    if not bounds.ended and tenure.last_observed is None and stop >= span.stop:
        rows.append(mark("open-end", stop, stop))
    for began, ended in tenure.leaves:
        first = span.clamp(began.first if began is not None else start)
        last = span.clamp(ended.last if ended is not None else stop)
        if first < last:
            rows.append(mark("leave", first, last, note=(
                f"on leave {_date(began, 'from an unknown date')} to "
                f"{_date(ended, 'not yet back')}")))
    previous = None
    for date, role in tenure.roles:
        if previous is not None and role != previous and start <= date.first < stop:
            rows.append(mark("role", date.first, date.first, role=role,
                             note=f"role changes to {role} ({date})"))
        previous = role
    return rows


def draw_tenures(title: str, subtitle: Iterable[str], rows: list[dict[str, Any]],
                 span: Span, *, order: list[str], colours: Mapping[str, str] | None,
                 colour_title: str) -> Any:
    """The Altair chart of tenure marks: one row per label in ``order``,
    coloured by ``colours`` (a fixed scale) or by category."""
    alt = altair()
    data = alt.Data(values=[*rows, *at_row(span)])
    x = time_axis(alt, span)
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    scale = (alt.Scale(domain=list(colours), range=list(colours.values()))
             if colours is not None else alt.Scale(scheme="tableau10"))
    legend = alt.Legend(title=colour_title) if colours is not None else None
    colour = alt.Color("colour:N", scale=scale, legend=legend)
    stroke = alt.Stroke("colour:N", scale=scale, legend=legend)
    tooltip = [alt.Tooltip(f, type="nominal") for f in (
        "row", "where", "role", "dates", "certainty", "note", "evidence")
        if any(f in row for row in rows)]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)

    def only(*layers: str) -> Any:
        return base.transform_filter(alt.FieldOneOfPredicate(field="layer", oneOf=list(layers)))

    dash = alt.StrokeDash("rumored:N", scale=alt.Scale(domain=[False, True],
                                                       range=[[1, 0], [4, 3]]), legend=None)
    bars = only("bar", "fade-in", "fade-out").mark_bar(height=_ROW - 8, strokeWidth=1.2).encode(
        x2="end:T", color=colour, stroke=stroke,
        strokeDash=dash,
        fillOpacity=alt.condition("datum.rumored", alt.value(0.45), alt.value(1.0)))
    pale = only("uncertain").mark_bar(height=_ROW - 8, fillOpacity=0.3, strokeWidth=1).encode(
        x2="end:T", color=colour, stroke=stroke,
        strokeDash=alt.value([2, 2]))
    fade_in = only("fade-in").mark_bar(height=_ROW - 6, color=_gradient(alt, _FADE_IN)).encode(
        x2="end:T")
    fade_out = only("fade-out").mark_bar(height=_ROW - 6, color=_gradient(alt, _FADE_OUT)).encode(
        x2="end:T")
    leave = only("leave").mark_bar(height=_ROW - 12, color="white", opacity=0.75,
                                   stroke="#444", strokeDash=[2, 2], strokeWidth=1).encode(
        x2="end:T")
    roles = only("role").mark_tick(color="#222", thickness=2, size=_ROW - 6)
    open_end = only("open-end").mark_point(shape="triangle-right", filled=True, size=60,
                                           color="#333", xOffset=-4)
    unknown = only("unknown-start").mark_text(text="?", dx=3, fontWeight="bold",
                                              color="#333", align="left")
    layers = [pale, bars, fade_in, fade_out, leave, roles, open_end, unknown,
              *at_layers(alt, data)]
    return finish(alt, layers, title, list(subtitle), width=_WIDTH,
                  height=max(len(order), 1) * _ROW)


def _gradient(alt: Any, stops: list[dict[str, Any]]) -> Any:
    return alt.LinearGradient(gradient="linear", stops=stops, x1=0, x2=1, y1=0, y2=0)


def tenure_chart(kind: str, title: str, subtitle: list[str], rows: list[dict[str, Any]],
                 span: Span, *, order: list[str], colours: Mapping[str, str] | None,
                 colour_title: str, count: int) -> Chart:
    """A chart of tenure marks, drawn when first shown."""
    return Chart(kind, title, f"{count} tenure{'s' if count != 1 else ''}",
                 [*rows, *at_row(span)],
                 lambda: draw_tenures(title, subtitle, rows, span, order=order,
                                      colours=colours, colour_title=colour_title))
