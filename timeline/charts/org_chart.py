"""An organisation's timeline: one lane per kind of fact (its founding,
funding rounds, valuations, figures, announcements, deals) and one per
lawsuit, each fact a point on its day or, when its date is a month, a
year or a range, a pale band over the days it may fall on; a lawsuit is
a bar over the spans it was open. Rumours are hollow. See docs/charts.md.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from timeline.answers.history import History
from timeline.answers.reports import CaseView
from timeline.charts.chart import Chart, altair
from timeline.charts.marks import Span, at_layers, at_row, finish, iso, nothing, time_axis
from timeline.model.catalog import (
    Announced,
    Deal,
    FigureReported,
    Founded,
    FundingRound,
    ValuationReported,
)
from timeline.model.certainty import Certainty
from timeline.model.dates import Precision, ValidDate
from timeline.model.events import Event
from timeline.model.money import Money

__all__ = ["LANES", "org_chart"]

LANES = ("founding", "funding", "valuation", "figures", "announcements", "deals")
"""The lanes of facts, top to bottom; lawsuits follow, one lane each."""

_KINDS = {"founded": "founding", "funding-round": "funding", "valuation-reported": "valuation",
          "figure-reported": "figures", "announced": "announcements", "deal": "deals"}
_FACTS = ("point", "band")  # the layers that each draw one fact
_COLOURS = {"founding": "#4c78a8", "funding": "#f58518", "valuation": "#e45756",
            "figures": "#72b7b2", "announcements": "#54a24b", "deals": "#b79a20",
            "lawsuit": "#b279a2"}  # the same in every chart
_UNLABELLED = frozenset({"figures", "announcements"})  # long: told in tooltips
_ROW = 26
_LEGEND = ("points: a fact's day · pale bands: the days an imprecise date may fall on "
           "· hollow or dashed: rumoured · lawsuits: bars while open, pale while possibly "
           "(an arrow: still open) "
           "· hover for every fact's details")


class _Cases(Protocol):
    def case(self, case: str, *, at: object = None, known: object = None,
             published: object = None, min_certainty: object = ...) -> CaseView: ...

    def event(self, event_id: str) -> Event: ...


def short(value: object) -> str:
    """An amount as a headline gives it: ``USD 6.6B``, ``EUR 450M``.

    >>> short(Money("6600000000", "USD")), short(Money("450000000", "EUR"))
    ('USD 6.6B', 'EUR 450M')
    """
    if not isinstance(value, Money):
        return str(value)
    amount = value.amount
    for size, suffix in ((decimal.Decimal(10) ** 12, "T"), (decimal.Decimal(10) ** 9, "B"),
                         (decimal.Decimal(10) ** 6, "M"), (decimal.Decimal(10) ** 3, "K")):
        if abs(amount) >= size:
            figure = f"{amount / size:.1f}".removesuffix(".0")
            return f"{'~' if value.approximate else ''}{value.currency} {figure}{suffix}"
    return str(value)


def _label(event: Event, names: dict[str, str]) -> tuple[str, str]:
    """What a fact's point says, and its tooltip's longer note."""
    if isinstance(event, Founded):
        founders = ", ".join(names.get(f, f) for f in event.founders)
        return "founded", f"founders: {founders}" if founders else "founded"
    if isinstance(event, FundingRound):
        amount, valuation = event.amount, event.valuation
        investors = ", ".join(names.get(i, i) for i in event.investors)
        note = ", ".join(filter(None, (
            f"raised {amount}" if amount else "amount not reported",
            f"valued at {valuation}" if valuation else None,
            f"investors: {investors}" if investors else None)))
        return (short(amount) if amount else "round"), note
    if isinstance(event, ValuationReported):
        return short(event.valuation), f"valued at {event.valuation}"
    if isinstance(event, FigureReported):
        return f"{event.measure}: {short(event.value)}", f"{event.measure}: {event.value}"
    if isinstance(event, Announced):
        return event.title, f"{event.category.value}: {event.title}"
    if isinstance(event, Deal):
        paid = f", {event.amount}" if event.amount is not None else ""
        note = (f"{names.get(event.org, event.org)}: {event.deal.value} of "
                f"{names.get(event.target, event.target)}{paid}")
        return event.deal.value, note
    return event.kind, event.describe()


def _point(lane: str, date: ValidDate, text: str, note: str, *, certainty: Certainty,
           event: str, span: Span) -> list[dict[str, Any]]:
    """A fact's marks: a point on its day, or a band over its days."""
    base = {"lane": lane, "colour": "lawsuit" if lane.startswith("lawsuit") else lane,
            "label": text, "note": note, "date": str(date),
            "certainty": certainty.value, "rumored": certainty is Certainty.RUMORED,
            "evidence": event}
    first, last = span.clamp(date.first), span.clamp(date.last + 1)
    if not span.touches(date.first, date.last + 1):
        return []
    if date.precision is Precision.DAY:
        return [{**base, "layer": "point", "start": iso(first), "end": iso(first)}]
    if not _bounded(date):  # "by 2024-08": a point on the day it was true by
        return [{**base, "layer": "point", "start": iso(last - 1), "end": iso(last - 1),
                 "date": f"by {date.last_day}"}]
    return [{**base, "layer": "band", "start": iso(first), "end": iso(last)}]


def _stagger(rows: list[dict[str, Any]]) -> None:
    """Which facts are labelled on the chart (the short ones: the rest are
    in tooltips), each lane's labels above and below their points in turn
    so neighbours do not overwrite each other."""
    lanes: dict[str, int] = {}
    for row in sorted((r for r in rows if r["layer"] in _FACTS), key=lambda r: r["start"]):
        if row["lane"] in _UNLABELLED:
            row["label"] = ""
        turn = lanes.get(row["lane"], 0)
        row["above"] = turn % 2 == 0
        lanes[row["lane"]] = turn + (1 if row["label"] else 0)


def _bounded(date: ValidDate) -> bool:
    """Whether a date's first day is known (not an open start, ``../2024``)."""
    return date.first_day.year > 1


def _case_rows(asked: _Cases, view: CaseView, span: Span,
               **viewed: object) -> list[dict[str, Any]]:
    """A lawsuit's lane: its steps, and a bar over the days it was open as
    ``case(at=)`` answers: solid where certainly open, pale where possibly
    (a step's imprecise date covers the day). Its status changes only on
    the first and last days its steps' dates may fall on, so it is asked
    on those days alone."""
    lane = f"lawsuit: {view.case}"
    steps = [*view.history, *view.later]
    rows: list[dict[str, Any]] = []
    for date, step, event in steps:
        rows.extend(_point(lane, date, step, f"{view.case}: {step}",
                           certainty=asked.event(event).certainty, event=event, span=span))
    days = {span.first.toordinal()} | {
        day for date, _, _ in steps for day in (date.first, date.last)
        if span.first.toordinal() <= day <= span.last.toordinal()}
    bounds = sorted(days)
    for since, until in zip(bounds, [*bounds[1:], span.stop], strict=True):
        then = asked.case(view.case, at=_dt.date.fromordinal(since), **viewed)
        statuses = then.status.split(" or ")
        layer = ("open" if statuses == ["open"] else
                 "open-possible" if "open" in statuses else None)
        if layer is None:
            continue
        rows.append({"lane": lane, "colour": "lawsuit", "layer": layer, "label": "",
                     "start": iso(since), "end": iso(until), "date": f"{iso(since)} on",
                     "note": f"{view.case}: {then.status}", "certainty": "reported",
                     "rumored": False, "evidence": ", ".join(then.evidence)})
    if rows and rows[-1]["layer"] == "open" and rows[-1]["end"] == iso(span.stop):
        rows.append({**rows[-1], "layer": "open-end", "start": iso(span.stop)})
    return rows


def org_chart(cases: _Cases, history: History,
              span_of: Callable[[Iterable[tuple[int, int]]], Span], *, subtitle: list[str],
              known: object, published: object, min_certainty: object,
              unknown: str | None = None) -> Chart:
    """The timeline chart of the organisation ``history`` is of."""
    level = Certainty.parse(min_certainty)
    names = dict(history.names)
    facts = [e.event for e in history.entries
             if e.held and e.event.kind in _KINDS and e.event.certainty >= level]
    case_ids = list(dict.fromkeys(
        case for e in history.entries if e.held
        for case in [getattr(e.event, "case", None)] if isinstance(case, str)))
    views = [cases.case(case, known=known, published=published, min_certainty=min_certainty)
             for case in case_ids]
    days = [(d.first if _bounded(d) else d.last, d.last)
            for d in [f.valid for f in facts]
            + [date for v in views for date, _, _ in (*v.history, *v.later)]]
    span = span_of(days)
    rows: list[dict[str, Any]] = []
    for fact in facts:
        text, note = _label(fact, names)
        rows.extend(_point(_KINDS[fact.kind], fact.valid, text, note,
                           certainty=fact.certainty, event=fact.id, span=span))
        if isinstance(fact, FundingRound) and fact.valuation is not None:
            rows.extend(_point("valuation", fact.valid, short(fact.valuation),
                               f"valued at {fact.valuation} (round {fact.id})",
                               certainty=fact.certainty, event=fact.id, span=span))
    for case_view in views:
        rows.extend(_case_rows(cases, case_view, span, known=known, published=published,
                               min_certainty=min_certainty))
    _stagger(rows)
    rows.extend(at_row(span))
    lanes = [lane for lane in LANES if any(r.get("lane") == lane for r in rows)]
    lanes += [f"lawsuit: {v.case}" for v in views
              if any(r.get("lane") == f"lawsuit: {v.case}" for r in rows)]
    title = f"timeline of {history.name}, {span}"
    count = len([r for r in rows if r["layer"] in _FACTS])
    summary = unknown or f"{count} fact{'' if count == 1 else 's'}"
    return Chart("organization", title, summary, rows,
                 lambda: _draw(title, [*subtitle, _LEGEND], rows, span, lanes,
                               empty=unknown or "nothing reported in this span"))


def _draw(title: str, subtitle: list[str], rows: list[dict[str, Any]], span: Span,
          lanes: list[str], *, empty: str) -> Any:
    alt = altair()
    if not lanes:
        return nothing(alt, title, subtitle, empty)
    data = alt.Data(values=rows)
    x = time_axis(alt, span)
    y = alt.Y("lane:N", sort=lanes, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [alt.Tooltip(f, type="nominal") for f in ("lane", "date", "note", "certainty",
                                                        "evidence")]
    base = alt.Chart().encode(x=x, y=y, tooltip=tooltip)

    def only(layer: str) -> Any:
        return base.transform_filter(alt.FieldEqualPredicate(field="layer", equal=layer))

    colour = alt.Color("colour:N", legend=None, scale=alt.Scale(
        domain=list(_COLOURS), range=list(_COLOURS.values())))
    band = only("band").mark_bar(height=_ROW - 12, opacity=0.3).encode(
        x2="end:T", color=colour,
        strokeDash=alt.condition("datum.rumored", alt.value([2, 2]), alt.value([1, 0])),
        stroke=alt.condition("datum.rumored", colour, alt.value(None)))
    case = _COLOURS["lawsuit"]
    opened = only("open").mark_bar(height=_ROW - 14, color=case, opacity=0.75).encode(
        x2="end:T")
    maybe = only("open-possible").mark_bar(height=_ROW - 14, color=case, opacity=0.3).encode(
        x2="end:T")
    still = only("open-end").mark_point(shape="triangle-right", filled=True, size=60,
                                        color=case, xOffset=-4)
    points = only("point").mark_point(size=70, strokeWidth=1.8).encode(
        color=colour, fill=alt.condition("datum.rumored", alt.value("white"), colour),
        strokeDash=alt.condition("datum.rumored", alt.value([2, 2]), alt.value([1, 0])))
    facts = base.transform_filter(alt.FieldOneOfPredicate(field="layer", oneOf=list(_FACTS)))
    labels = [facts.transform_filter(f"{'' if above else '!'}datum.above").mark_text(
        align="left", dx=5, dy=-10 if above else 11, fontSize=9, color="#333").encode(
        text="label:N") for above in (True, False)]
    return finish(alt, [band, maybe, opened, still, points, *labels, *at_layers(alt)],
                  title, subtitle, width=640, height=max(len(lanes), 1) * _ROW * 1.4,
                  data=data)
