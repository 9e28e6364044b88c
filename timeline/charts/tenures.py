"""Tenures drawn as bars over time: a roster's Gantt chart and a person's
career strip.

Each tenure is a bar over the days the roster lists its person as
certainly there, fading in over the days it may have begun (an imprecise
or unknown start) and out over those it may have ended (an imprecise end,
or an end unknown after its last observation); a tenure that is nowhere
certain is one pale bar over every day it may cover. A rumoured presence
is dashed and half transparent (a rumoured departure: its fade alone),
leaves are white boxes over the bar, role changes are ticks (thin bars
when their dates are imprecise), a tenure that goes on past the chart
ends in an arrow and an unknown start is marked "?". See docs/charts.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from timeline.answers.results import TenureView
from timeline.charts.chart import Chart, altair
from timeline.charts.marks import Span, at_layers, at_row, finish, iso, nothing, time_axis
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate

__all__ = ["CERTAINTY_COLOURS", "LEGEND", "drawn", "tenure_chart", "tenure_rows"]

LEGEND = (
    ("solid: certainly there · fading: a start or end whose date is imprecise or unknown "
     "(?: start unknown) · arrow: goes on past the chart"),
    ("pale: possibly there, on no day for sure · dashed: rumoured · white box: on leave "
     "(dashed: possibly) · tick: a role change (a bar: its date imprecise)"),
)

CERTAINTY_COLOURS = {"confirmed": "#08519c", "reported": "#3182bd", "rumored": "#f28e2b"}

_ROW = 22  # pixels a row of bars
_WIDTH = 640
_WHITE, _CLEAR = "rgba(255,255,255,0.92)", "rgba(255,255,255,0)"
_FADE_IN = [{"offset": 0, "color": _WHITE}, {"offset": 1, "color": _CLEAR}]  # over the bar
_FADE_OUT = [{"offset": 0, "color": _CLEAR}, {"offset": 1, "color": _WHITE}]


def _date(value: ValidDate | None, unknown: str) -> str:
    return unknown if value is None else str(value)


def _presence_rumoured(tenure: TenureView) -> bool:
    """Whether the person's being there rests on rumour (not only their
    departure): a rumoured start, or, the start unknown, a rumoured step
    other than the departure."""
    if tenure.start_certainty is not None:
        return tenure.start_certainty is Certainty.RUMORED
    return tenure.certainty is Certainty.RUMORED and (
        tenure.end_certainty is not Certainty.RUMORED or len(tenure.evidence) > 1)


def _roles(tenure: TenureView) -> str:
    chain = [role for _, role in tenure.roles]
    named = [r for i, r in enumerate(chain) if i == 0 or r != chain[i - 1]]
    return " → ".join(named) or "?"


def tenure_rows(label: str, colour: str, tenure: TenureView, span: Span,
                **context: str) -> list[dict[str, Any]]:
    """The marks of one tenure on the row ``label``, coloured by
    ``colour``: its bar or bars, fades, leaves, role changes, and the
    markers of an unknown start and of a tenure that goes on past the
    chart. ``context`` is added to every mark's tooltip (the person)."""
    bounds = tenure.bounds
    possible_from = bounds.earliest_start if bounds.known_start else 0
    start, stop = span.clamp(possible_from), span.clamp(bounds.latest_end)
    if not span.touches(possible_from, bounds.latest_end) or start >= stop:
        return []
    sure_from, sure_until = (span.clamp(day) for day in bounds.certain)
    present, leaving = _presence_rumoured(tenure), tenure.end_certainty is Certainty.RUMORED
    notes = []
    if tenure.start is None:
        notes.append("start unknown" + (" (inferred from a rehire)" if tenure.inferred else ""))
    if tenure.last_observed is not None:
        notes.append(f"end unknown: last seen {tenure.last_observed}")
    if present:
        notes.append("rumoured")
    elif leaving:
        notes.append("departure rumoured")
    if tenure.disputed:
        notes.append("disputed")
    seat = tenure.affiliation.value
    base = {
        "row": label, "colour": colour, "certainty": tenure.certainty.value,
        "rumored": present, "role": _roles(tenure), **context,
        "where": tenure.org_name + ("" if seat == "employee" else f" ({seat})"),
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
            rows.append(mark("fade-out", sure_until, stop, rumored=present or leaving))
    else:
        rows.append(mark("uncertain", start, stop, note=base["note"] or "nowhere certain"))
    if tenure.start is None:
        rows.append(mark("unknown-start", start, start))
    if stop >= span.stop and bounds.latest_end > span.stop and tenure.last_observed is None:
        rows.append(mark("continues", stop, stop, note=(
            "still there" if not bounds.ended else f"there until {_date(tenure.end, '?')}")))
    rows.extend(_leaves(tenure, span, mark, start, stop))
    previous = None
    for date, role in tenure.roles:
        if previous is not None and role != previous and start <= date.last < stop:
            # "by 2024-08-19": over every day of the tenure up to then
            rows.append(mark("role", max(date.first, start), date.last + 1, role=role,
                             day=date.first == date.last,
                             note=f"role changes to {role} ({date})"))
        previous = role
    return rows


def drawn(tenures: Iterable[tuple[str, str, TenureView, dict[str, str]]],
          span: Span) -> tuple[list[dict[str, Any]], int, list[str]]:
    """The marks of tenures, each ``(row label, colour, tenure, context)``;
    how many tenures drew any; and the rows' labels in the order drawn."""
    rows: list[dict[str, Any]] = []
    count = 0
    for label, colour, tenure, context in tenures:
        marks = tenure_rows(label, colour, tenure, span, **context)
        rows.extend(marks)
        count += bool(marks)
    return rows, count, list(dict.fromkeys(r["row"] for r in rows))


def _leaves(tenure: TenureView, span: Span, mark: Any, start: int,
            stop: int) -> list[dict[str, Any]]:
    """A box over the days of each leave, paler over the days its
    imprecise start or end may fall on."""
    rows = []
    for began, ended in tenure.leaves:
        note = (f"on leave from {_date(began, 'an unknown date')} to "
                + _date(ended, "the end of the tenure" if tenure.bounds.ended
                        else "now: not back"))
        sure = (began.last if began is not None else start,
                ended.first if ended is not None else stop)
        parts = [("leave-possible", began.first, began.last) if began is not None else None,
                 ("leave", *sure),
                 ("leave-possible", ended.first, ended.last) if ended is not None else None]
        for part in parts:
            if part is None:
                continue
            layer, first, last = part[0], span.clamp(part[1]), span.clamp(part[2])
            if first < last:
                rows.append(mark(layer, first, last, note=note))
    return rows


def draw_tenures(title: str, subtitle: Iterable[str], rows: list[dict[str, Any]],
                 span: Span, *, order: list[str], colours: Mapping[str, str] | None,
                 colour_title: str, empty: str = "no tenure in this span") -> Any:
    """The Altair chart of tenure marks: one row per label in ``order``,
    coloured by ``colours`` (a fixed scale) or by category; ``empty`` is
    what it says when it has none."""
    alt = altair()
    if not rows:
        return nothing(alt, title, list(subtitle), empty)
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
    base = alt.Chart().encode(x=x, y=y, tooltip=tooltip)

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
    leave = only("leave").mark_bar(height=_ROW - 12, color="white", opacity=0.85,
                                   stroke="#444", strokeWidth=1).encode(x2="end:T")
    maybe_leave = only("leave-possible").mark_bar(
        height=_ROW - 12, color="white", opacity=0.45, stroke="#444", strokeDash=[2, 2],
        strokeWidth=1).encode(x2="end:T")
    role = only("role")
    ticks = role.transform_filter("datum.day").mark_tick(color="#222", thickness=2,
                                                         size=_ROW - 6)
    spans = role.transform_filter("!datum.day").mark_bar(
        height=3, color="#222", opacity=0.7, yOffset=_ROW / 2 - 6).encode(x2="end:T")
    continues = only("continues").mark_point(shape="triangle-right", filled=True, size=60,
                                             color="#333", xOffset=-4)
    unknown = only("unknown-start").mark_text(text="?", dx=3, fontWeight="bold",
                                              color="#333", align="left")
    layers = [pale, bars, fade_in, fade_out, maybe_leave, leave, ticks, spans, continues,
              unknown, *at_layers(alt)]
    return finish(alt, layers, title, list(subtitle), width=_WIDTH,
                  height=max(len(order), 1) * _ROW, data=data)


def _gradient(alt: Any, stops: list[dict[str, Any]]) -> Any:
    return alt.LinearGradient(gradient="linear", stops=stops, x1=0, x2=1, y1=0, y2=0)


def tenure_chart(kind: str, title: str, subtitle: list[str], rows: list[dict[str, Any]],
                 span: Span, *, order: list[str], colours: Mapping[str, str] | None,
                 colour_title: str, count: int, unknown: str | None = None) -> Chart:
    """A chart of tenure marks, drawn when first shown; ``unknown`` says the
    view had not heard of its subject yet."""
    summary = unknown or f"{count} tenure{'s' if count != 1 else ''}"
    return Chart(kind, title, summary, [*rows, *at_row(span)],
                 lambda: draw_tenures(title, subtitle, rows, span, order=order,
                                      colours=colours, colour_title=colour_title,
                                      empty=unknown or "no tenure in this span"))
