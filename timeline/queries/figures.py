"""Reported figures: a measure of an organisation over time (headcount,
users, revenue, a share of a market), as of a date and as known."""

from __future__ import annotations

from timeline.answers.figures import Series, SeriesPoint
from timeline.engine.figures import reported, settled
from timeline.engine.names import ORGANIZATION
from timeline.model.catalog import FigureReported
from timeline.model.certainty import Certainty
from timeline.queries._base import _date, _instant_of, scoped
from timeline.queries.plans import PlanQueries

__all__ = ["FigureQueries"]


class FigureQueries(PlanQueries):
    """Series of reported figures."""

    @scoped(lambda org, *_, published=None, **__: None if published is not None else [org])
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
        figures = reported(self._state.org_facts.get(o, ()), k, level,
                           lambda m: wanted is None or m == wanted)
        latest, possible = settled(figures, d) if d is not None else ({}, [])
        points = [_point(e) for e in figures]
        measures: tuple[str, ...] = ()
        if wanted is not None and not figures:  # a misspelt measure: say which there are
            measures = tuple(sorted({e.measure for e in reported(
                self._state.org_facts.get(o, ()), k, level, lambda m: True)}))
        return Series(o, self._name(o, k, d), wanted, shown, tuple(points), measures=measures,
                      at=_date(d) if d is not None else None,
                      latest=tuple(_point(latest[m]) for m in sorted(latest)),
                      possible=tuple(_point(e) for e in possible))


def _point(event: FigureReported) -> SeriesPoint:
    return SeriesPoint(event.measure, event.valid, event.value, event.certainty, event.id,
                       tuple(s.id for s in event.sources))
