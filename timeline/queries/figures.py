"""Reported figures: a measure of an organisation over time (headcount,
users, revenue, a share of a market), as of a date and as known."""

from __future__ import annotations

from timeline.answers.figures import Series, SeriesPoint
from timeline.engine.names import ORGANIZATION
from timeline.model.catalog import FigureReported
from timeline.model.certainty import Certainty
from timeline.queries._base import _date, _instant_of
from timeline.queries.plans import PlanQueries

__all__ = ["FigureQueries"]


class FigureQueries(PlanQueries):
    """Series of reported figures."""

    def series(
        self, org: str, measure: str | None = None, *, at: object = None, known: object = None,
        published: object = None, min_certainty: object = Certainty.REPORTED,
    ) -> Series:
        """The values reported for ``org``'s ``measure`` ("employees", "weekly
        users"; every measure when None), in date order, as known at
        ``known``. With ``at``, ``latest`` says each measure's value for the
        latest period certainly over by then, and ``possible`` the values
        whose periods cover the date. Measures are matched case-insensitively.

        Runtime complexity: O(facts of the organisation).

        >>> Timeline.example().series("OpenAI", "employees").points
        ()
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.series(org, measure, at=at, known=known,
                                     min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        d = None if at is None else self._day(at)
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=d)
        wanted = " ".join(measure.lower().split()) if measure else None
        if until is not None:
            return Series(o, self._name(o, until, d), wanted, shown, (),
                          at=_date(d) if d is not None else None,
                          not_known_until=_instant_of(until))
        facts = self._state.org_facts.get(o)
        points = [
            SeriesPoint(v.event.measure, v.event.valid, v.event.value, v.event.certainty,
                        v.event.id, tuple(s.id for s in v.event.sources))
            for v in (facts if facts is not None else ())
            if isinstance(v.event, FigureReported) and v.visible(k, level)
            and (wanted is None or v.event.measure == wanted)
        ]
        points.sort(key=lambda p: (p.date.last, p.date.first, p.measure, p.event))
        latest: dict[str, SeriesPoint] = {}
        possible: list[SeriesPoint] = []
        if d is not None:
            for point in points:
                if point.date.last <= d:
                    latest[point.measure] = point  # later periods come later
                elif point.date.first <= d:
                    possible.append(point)
        return Series(o, self._name(o, k, d), wanted, shown, tuple(points),
                      at=_date(d) if d is not None else None,
                      latest=tuple(latest[m] for m in sorted(latest)), possible=tuple(possible))
