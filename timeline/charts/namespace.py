"""``Timeline.chart``: the charts of a timeline's answers, asked as the
answers are (``at=``, ``known=``, ``published=``, ``min_certainty=``).

Each method asks the timeline its public questions and draws the answers;
see docs/charts.md for what each picture shows.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from timeline.charts.chart import Chart
from timeline.charts.flow_chart import flow_chart
from timeline.charts.marks import Span
from timeline.charts.org_chart import org_chart
from timeline.charts.tenures import CERTAINTY_COLOURS, LEGEND, tenure_chart, tenure_rows
from timeline.model.affiliations import Affiliation
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, instant, moment, query_day
from timeline.model.errors import InvalidQueryError

if TYPE_CHECKING:
    from timeline.answers.results import TenureView
    from timeline.timeline import Timeline

__all__ = ["Charts"]

_EARLIEST = "1000"  # a span start before any tenure a log holds


def _view(known: object, published: object, min_certainty: object) -> list[str]:
    """The lines of a subtitle that say which view a chart draws."""
    parts = []
    if known is not None:
        parts.append(f"as known {moment(instant(known))}")
    if published is not None:
        parts.append(f"as published by {moment(instant(published))}")
    level = Certainty.parse(min_certainty)
    parts.append("rumours included" if level is Certainty.RUMORED
                 else f"counting {level.value} and above")
    return [" · ".join(parts)]


class Charts:
    """The charts of a timeline: ``tl.chart.roster("OpenAI", start="2015")``.

    Every method returns a :class:`~timeline.charts.Chart`: it displays
    itself in Jupyter and saves to SVG, PNG, PDF or self-contained HTML.
    Dates are the queries' (``"2024"``, ``"2024-05"``, a ``date``): a span
    runs from the first day of ``start`` to the last day of ``end``.
    """

    __slots__ = ("_clock", "_tl")

    def __init__(self, timeline: Timeline, today: Callable[[], _dt.date]) -> None:
        self._tl = timeline
        self._clock = today

    def _span(self, start: object, end: object, at: object,
              found: Iterable[tuple[int, int]]) -> Span:
        """The chart's days: from ``start`` (default: the earliest day a mark
        is known to touch) to ``end`` (default: today)."""
        last = (ValidDate.parse(end).last if end is not None
                else self._clock().toordinal())
        if start is not None:
            first = ValidDate.parse(start).first
        else:
            days = [day for pair in found for day in pair if 0 < day <= last]
            first = min(days, default=last)
        if last < first:
            raise InvalidQueryError("end", end, f"the span ends before it starts ({start})",
                                    hint="give the earlier date first")
        at_day = None if at is None else _dt.date.fromordinal(query_day(at))
        return Span(_dt.date.fromordinal(first), _dt.date.fromordinal(last), at_day)

    def roster(
        self, org: str, start: object = None, end: object = None, *, at: object = None,
        known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Chart:
        """A Gantt chart of ``org``'s roster from ``start`` to ``end``: one
        row per person who was (or may have been) there, one bar per tenure,
        coloured by certainty. ``at`` marks a date with a line (the chart
        covers the span either way). ``start`` defaults to the earliest day
        a tenure may touch (a year before the first known day of one whose
        start is unknown and unbounded), ``end`` to today.

        Runtime: the ``roster_during`` query, then a career per person.

        >>> from timeline import Timeline
        >>> chart = Timeline.example().chart.roster("OpenAI", "2015", "2024", at="2024-05-15")
        >>> chart
        <Chart roster of OpenAI, 2015-01-01 to 2024-12-31: 3 tenures>
        >>> for row in chart.layer("bar"):
        ...     print(row["row"], row["start"], row["end"])
        Greg Brockman 2015-12-11 2025-01-01
        Ilya Sutskever 2015-12-11 2024-05-14
        John Schulman 2015-12-31 2024-08-01
        >>> chart.layer("continues")[0]["row"], chart.layer("at")[0]["start"]
        ('Greg Brockman', '2024-05-15')
        """
        held = self._tl.roster_during(org, start if start is not None else _EARLIEST, end,
                                      known=known, published=published,
                                      min_certainty=min_certainty)
        people = dict.fromkeys(m.person for m in (*held.members, *held.possible))
        found: list[tuple[str, str, TenureView]] = []
        for person in people:
            career = self._tl.career(person, known=known, published=published,
                                     min_certainty=min_certainty)
            found.extend((person, career.name, t) for t in career.tenures
                         if t.org == held.org and t.affiliation is Affiliation.EMPLOYEE)
        span = self._span(start, end, at, (_days(t) for _, _, t in found))
        labels = _labels((person, name) for person, name, _ in found)
        rows: list[dict[str, Any]] = []
        ordered = sorted(found, key=lambda f: (_first(f[2]), labels[f[0]]))
        for person, _, tenure in ordered:
            rows.extend(tenure_rows(labels[person], tenure.certainty.value, tenure, span,
                                    person=person))
        order = list(dict.fromkeys(labels[person] for person, _, _ in ordered))
        title = f"roster of {held.name}, {span}"
        return tenure_chart(
            "roster", title, [*_view(known, published, min_certainty), *LEGEND], rows, span,
            order=order, colour_title="certainty",
            colours={level: colour for level, colour in CERTAINTY_COLOURS.items()
                     if any(r.get("colour") == level for r in rows)},
            count=len({r["evidence"] for r in rows}))

    def career(
        self, person: str, start: object = None, end: object = None, *, at: object = None,
        known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Chart:
        """A person's career strip: one row per organisation (and kind of
        seat: board, advisor), one bar per tenure, coloured by organisation,
        from ``start`` (default: the earliest day a tenure is known to
        touch) to ``end`` (default: today), with a line at ``at``.

        Runtime: the ``career`` query.
        """
        career = self._tl.career(person, known=known, published=published,
                                 min_certainty=min_certainty)
        span = self._span(start, end, at, (_days(t) for t in career.tenures))
        rows: list[dict[str, Any]] = []
        for tenure in career.tenures:
            label = tenure.org_name + (f" ({tenure.affiliation.value})"
                                       if tenure.affiliation is not Affiliation.EMPLOYEE else "")
            rows.extend(tenure_rows(label, tenure.org_name, tenure, span, org=tenure.org))
        order = list(dict.fromkeys(r["row"] for r in rows))
        return tenure_chart(
            "career", f"career of {career.name}, {span}",
            [*_view(known, published, min_certainty), *LEGEND], rows, span, order=order,
            colours=None, colour_title="organisation",
            count=len({r["evidence"] for r in rows}))

    def organization(
        self, org: str, start: object = None, end: object = None, *, at: object = None,
        known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Chart:
        """An organisation's timeline: its founding, funding rounds (with
        amounts), valuations, figures, announcements, deals, and each
        lawsuit as the spans it was open, from ``start`` to ``end``
        (default: its first dated event to today), with a line at ``at``.

        Runtime: the ``history`` query, and a ``case`` per lawsuit.
        """
        history = self._tl.history(org, known=known, published=published)
        return org_chart(self._tl, history, lambda found: self._span(start, end, at, found),
                         view=_view(known, published, min_certainty), known=known,
                         published=published, min_certainty=min_certainty)

    def flows(
        self, start: object, end: object = None, *, source: str | None = None,
        destination: str | None = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Chart:
        """Talent flows over a span as a Sankey diagram: who left ``source``
        (or anywhere) between ``start`` and ``end`` (default: today), for
        where, as :meth:`Timeline.flows` answers, with the organisations
        former members founded. Bands are as wide as the people in them;
        departures only possibly in the span, and destinations only
        inferred, are drawn apart (paler, and dashed).

        Runtime: the ``flows`` query.
        """
        end = end if end is not None else self._clock().isoformat()
        flows = self._tl.flows(start, end, source=source, destination=destination,
                               known=known, published=published, min_certainty=min_certainty)
        return flow_chart(flows, _view(known, published, min_certainty))


_BEFORE = 365  # days drawn before the first a tenure of unknown start is known to touch


def _days(tenure: TenureView) -> tuple[int, int]:
    """The days a tenure's chart should show first and last: from its
    earliest possible start (a year before its first known day, when its
    start is unknown or open, "../2020", and nothing bounds it), to its
    last possible day."""
    bounds = tenure.bounds
    bounded = bounds.earliest_start > 1  # 0: unknown; 1: an open start ("../2020")
    first = bounds.earliest_start if bounded else max(1, bounds.latest_start - _BEFORE)
    return first, bounds.latest_end if bounds.ended else bounds.earliest_end


def _first(tenure: TenureView) -> int:
    return tenure.bounds.latest_start


def _labels(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A row label per person: the name, and the id too when two share it."""
    named: dict[str, set[str]] = {}
    for person, name in people:
        named.setdefault(name, set()).add(person)
    return {person: name if len(ids) == 1 else f"{name} ({person})"
            for name, ids in named.items() for person in ids}

