"""Reported figures as answers: a measure's values over time, as of a date
and as known."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs
import pendulum

from timeline.answers._table import as_known, not_yet_known, table
from timeline.answers.frames import AsData
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.figures import Figure
from timeline.model.money import Money

__all__ = ["Series", "SeriesPoint"]


@attrs.frozen
class SeriesPoint:
    """One reported value: of ``measure``, for the date or period ``date``."""

    measure: str
    date: ValidDate
    value: Figure | Money
    certainty: Certainty
    event: str
    sources: tuple[str, ...]


@attrs.frozen(repr=False)
class Series(AsData):
    """The values reported for an organisation's measures (all of them, or
    ``measure``), in date order: ``points``. With a date asked about,
    ``latest`` holds, per measure, the value for the latest period certainly
    over by then, and ``possible`` those whose periods cover the date."""

    org: str
    name: str
    measure: str | None
    known: pendulum.DateTime | None
    points: tuple[SeriesPoint, ...]
    at: _dt.date | None = None
    latest: tuple[SeriesPoint, ...] = ()
    possible: tuple[SeriesPoint, ...] = ()
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    measures: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    """When the measure asked for has no figures: the measures the view holds
    figures of for the organisation, so a misspelt one is seen."""
    """Set when the view had not heard of the organisation yet: the recorded
    time from which the log knows it (the series is then empty)."""

    def __iter__(self) -> Iterator[SeriesPoint]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def value(self, measure: str | None = None) -> Figure | Money | None:
        """The latest value of ``measure`` (the one asked for by default) as of
        the date asked about; None when none is certainly over by then."""
        wanted = measure or self.measure
        for point in self.latest:
            if wanted is None or point.measure == wanted:
                return point.value
        return None

    def __repr__(self) -> str:
        what = self.measure or "every measure"
        head = f"{what.capitalize()} of {self.name}" + as_known(self.known)
        headers = ["measure", "date", "value", "certainty", "event"]

        def row(p: SeriesPoint) -> list[object]:
            return [p.measure, str(p.date), str(p.value), p.certainty.value, p.event]

        others = (f"(none; measures reported: {', '.join(self.measures)})" if self.measures
                  else "(none)")
        empty = (others if self.not_known_until is None
                 else not_yet_known(self.name, self.known, self.not_known_until))
        text = table(f"{head}: {len(self.points)} reported", headers,
                     [row(p) for p in self.points], empty=empty)
        if self.at is not None:
            text += "\n" + table(f"As of {self.at}", headers, [row(p) for p in self.latest],
                                 empty="(none reported by then)")
            if self.possible:
                text += "\n" + table("Possibly as of then", headers,
                                     [row(p) for p in self.possible])
        return text
