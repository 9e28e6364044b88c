"""``Timeline.chart``: the charts of a timeline's answers, asked as the
answers are (``at=``, ``known=``, ``published=``, ``min_certainty=``).

Each method asks the timeline its public questions and draws the answers;
see docs/charts.md for what each picture shows.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from timeline.answers._table import not_yet_known
from timeline.charts.chart import Chart
from timeline.charts.flow_chart import flow_chart
from timeline.charts.marks import Span
from timeline.charts.org_chart import org_chart
from timeline.charts.tenures import CERTAINTY_COLOURS, LEGEND, drawn, tenure_chart
from timeline.model.affiliations import Affiliation
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, instant, moment, query_day
from timeline.model.errors import InvalidQueryError

if TYPE_CHECKING:
    from timeline.answers.results import TenureView
    from timeline.timeline import Timeline

__all__ = ["Charts"]

_EARLIEST = "1000"  # a span start before any tenure a log holds


def _subtitle(known: object, published: object, min_certainty: object,
              unknown: str | None = None) -> list[str]:
    """The lines of a subtitle that say which view a chart draws (and,
    ``unknown``, that the view had not heard of its subject yet)."""
    parts = []
    if known is not None:
        parts.append(f"as known {moment(instant(known))}")
    if published is not None:
        parts.append(f"as published by {moment(instant(published))}")
    level = Certainty.parse(min_certainty)
    parts.append("rumours included" if level is Certainty.RUMORED
                 else f"counting {level.value} and above")
    return [" · ".join(parts), *([unknown] if unknown else [])]


def _unknown(name: str, known: object, published: object, until: object) -> str | None:
    """What a chart says when its view had not heard of its subject yet."""
    if until is None:
        return None
    return not_yet_known(name, instant(known) if known is not None else
                         (instant(published) if published is not None else None), until)


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
        is known to touch, or ``at`` if earlier) to ``end`` (default: today,
        or ``at`` if later); ``at`` must fall in them."""
        day = None if at is None else query_day(at)
        last = (ValidDate.parse(end).last if end is not None
                else max(self._clock().toordinal(), day or 0))
        if last >= _LAST:
            raise InvalidQueryError("end", end, "a chart ends before the last day of 9999",
                                    hint="give an earlier end")
        if start is not None:
            first = ValidDate.parse(start).first
        else:  # nothing drawn: the year to the end
            days = [day for pair in found for day in pair if 0 < day <= last]
            first = min(days, default=max(1, last - _BEFORE))
            first = min(first, day) if day is not None else first
        if last < first:
            raise InvalidQueryError("end", end, f"the span ends before it starts ({start})",
                                    hint="give the earlier date first")
        span = Span(_dt.date.fromordinal(first), _dt.date.fromordinal(last))
        if day is not None:
            span.at = _dt.date.fromordinal(day)
            if not first <= day <= last:
                raise InvalidQueryError("at", at, f"outside the chart's span ({span})",
                                        hint="widen the span with start and end, or leave "
                                        "at out")
        return span

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
        held = self._tl.roster_during(org, start if start is not None else _EARLIEST,
                                      end if end is not None else self._clock(),
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
        ordered = sorted(found, key=lambda f: (_first(f[2]), labels[f[0]]))
        rows, count, order = drawn(((labels[person], tenure.certainty.value, tenure,
                                     {"person": person}) for person, _, tenure in ordered), span)
        unknown = _unknown(held.name, known, published, held.not_known_until)
        return tenure_chart(
            "roster", f"roster of {held.name}, {span}",
            [*_subtitle(known, published, min_certainty, unknown), *LEGEND], rows, span,
            order=order, colour_title="certainty",
            colours={level: colour for level, colour in CERTAINTY_COLOURS.items()
                     if any(r.get("colour") == level for r in rows)},
            count=count, unknown=unknown)

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

        >>> from timeline import Timeline
        >>> chart = Timeline.example().chart.career("Sutskever", "2015", "2024-12-31")
        >>> [(row["row"], row["start"], row["end"]) for row in chart.layer("bar")]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('OpenAI', '2015-12-11', '2024-05-14'),
         ('Safe Superintelligence', '2024-06-30', '2025-01-01')]
        """
        career = self._tl.career(person, known=known, published=published,
                                 min_certainty=min_certainty)
        span = self._span(start, end, at, (_days(t) for t in career.tenures))
        rows, count, order = drawn(((_seat(tenure), tenure.org_name, tenure,
                                     {"org": tenure.org}) for tenure in career.tenures), span)
        unknown = _unknown(career.name, known, published, career.not_known_until)
        return tenure_chart(
            "career", f"career of {career.name}, {span}",
            [*_subtitle(known, published, min_certainty, unknown), *LEGEND], rows, span,
            order=order, colours=None, colour_title="organisation", count=count,
            unknown=unknown)

    def organization(
        self, org: str, start: object = None, end: object = None, *, at: object = None,
        known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Chart:
        """An organisation's timeline: its founding, funding rounds (with
        amounts), valuations, figures, announcements, deals, and each
        lawsuit as the spans it was open, from ``start`` to ``end``
        (default: its first dated event to today), with a line at ``at``.

        Runtime: the ``history`` query, and a few ``case`` queries per
        lawsuit (one at each day its status may change).

        >>> from timeline import Timeline
        >>> chart = Timeline.example().chart.organization("OpenAI", "2015", "2024-12-31")
        >>> [(row["lane"], row["label"], row["start"]) for row in chart.layer("point")]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('founding', 'founded', '2015-12-11'), ('funding', 'USD 6.6B', '2024-10-02'),
         ('valuation', 'USD 157B', '2024-10-02'),
         ('lawsuit: musk-v-openai', 'filed', '2024-02-29'),
         ('lawsuit: musk-v-openai', 'withdrawn', '2024-06-11'),
         ('lawsuit: musk-v-openai', 'refiled', '2024-08-05')]
        """
        org = self._tl.resolve(org, kind="organization")
        history = self._tl.history(org, known=known, published=published)
        unknown = _unknown(history.name, known, published, history.not_known_until)
        return org_chart(self._tl, history, lambda found: self._span(start, end, at, found),
                         subtitle=_subtitle(known, published, min_certainty, unknown),
                         known=known, published=published, min_certainty=min_certainty,
                         unknown=unknown)

    def flows(
        self, start: object, end: object = None, *, source: str | None = None,
        destination: str | None = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Chart:
        """Talent flows over a span as a Sankey diagram: who left ``source``
        (or anywhere) between ``start`` and ``end`` (default: today), for
        where, as :meth:`Timeline.flows` answers, with the organisations
        former members founded. Bands are as wide as the people in them;
        departures only possibly in the span, destinations only inferred,
        rumoured departures and foundings only possibly in the span are
        bands of their own kinds.

        Runtime: the ``flows`` query.

        >>> from timeline import Timeline
        >>> chart = Timeline.example().chart.flows("2024", "2024", source="OpenAI")
        >>> [(row["to"], row["kind"], row["people"]) for row in chart.layer("link")]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('Anthropic', 'left for', 'John Schulman'),
         ('Safe Superintelligence', 'founded', 'Ilya Sutskever')]
        """
        end = end if end is not None else self._clock().isoformat()
        flows = self._tl.flows(start, end, source=source, destination=destination,
                               known=known, published=published, min_certainty=min_certainty)
        names = dict(flows.names)
        unknown = _unknown(names.get(flows.source or "", flows.source or ""), known, published,
                           flows.not_known_until)
        return flow_chart(flows, _subtitle(known, published, min_certainty, unknown))


_BEFORE = 365  # days drawn before the first a tenure of unknown start is known to touch
_LAST = _dt.date.max.toordinal()  # a chart's axis ends the day after its last


def _days(tenure: TenureView) -> tuple[int, int]:
    """The days a tenure's chart should show first and last: from its
    earliest possible start (a year before its first known day, when its
    start is unknown or open, "../2020", and nothing bounds it), to its
    last possible day."""
    bounds = tenure.bounds
    bounded = bounds.earliest_start > 1  # 0: unknown; 1: an open start ("../2020")
    first = bounds.earliest_start if bounded else max(1, bounds.latest_start - _BEFORE)
    return first, bounds.latest_end if bounds.ended else bounds.earliest_end


def _seat(tenure: TenureView) -> str:
    """A career row's label: the organisation, and its kind of seat when not staff."""
    seat = tenure.affiliation
    return tenure.org_name + ("" if seat is Affiliation.EMPLOYEE else f" ({seat.value})")


def _first(tenure: TenureView) -> int:
    return tenure.bounds.latest_start


def _labels(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A row label per person: the name, and the id too when two share it."""
    named: dict[str, set[str]] = {}
    for person, name in people:
        named.setdefault(name, set()).add(person)
    return {person: name if len(ids) == 1 else f"{name} ({person})"
            for name, ids in named.items() for person in ids}

