"""Answers about people leaving: departures with their stated or inferred
destinations, and the organisations former members founded (what flows
answers)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs
import pendulum

from timeline.answers._table import as_viewed, not_yet_known, table
from timeline.answers.frames import AsData
from timeline.engine.disputes import Claim, marks
from timeline.model.catalog import Reason
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate

__all__ = ["Departure", "Flows", "Founding"]


def _rumour(certainty: Certainty) -> str:
    return "" if certainty >= Certainty.REPORTED else " (rumor)"


@attrs.frozen
class Departure:
    """A person leaving an organisation, and where they went if known.

    ``destination`` is where they went, stated *or inferred*: the one the
    departure states, or, when it states none, the organisation of the
    person's next tenure if that began within a year of the departure and
    the organisation existed by then: then ``inferred`` is true and
    ``destination_start`` is when that tenure began (see "Where people
    went" in docs/concepts.md). ``stated_destination`` is the stated one
    alone (None when inferred or unknown), which ``Flows.by_destination``
    groups by; ``--json`` carries all four.
    """

    person: str
    name: str
    org: str
    org_name: str
    date: ValidDate
    reason: Reason
    destination: str | None
    destination_name: str | None
    certainty: Certainty
    evidence: tuple[str, ...]
    inferred: bool = False
    destination_start: ValidDate | None = None
    disputed: tuple[Claim, ...] = attrs.field(default=(), kw_only=True)
    destination_seen: ValidDate | None = attrs.field(default=None, kw_only=True)
    """For a destination inferred from a tenure whose start nobody reported,
    the date of the observation that first sees the person there (then
    ``destination_start`` is None)."""
    destination_certainty: Certainty | None = attrs.field(default=None, kw_only=True)
    """The certainty of the start an inferred destination comes from (None
    when the destination is stated or unknown): a rumoured join makes a
    rumoured destination, whatever the departure's own certainty."""

    @property
    def stated_destination(self) -> str | None:
        """The destination the departure itself names, if any."""
        return None if self.inferred else self.destination

    def _to(self) -> str:
        if self.destination_name is None:
            return "?"
        if self.inferred:
            rumour = (", rumor" if self.destination_certainty is not None
                      and self.destination_certainty < Certainty.REPORTED else "")
            how = (f"seen there {self.destination_seen}" if self.destination_seen is not None
                   else f"joined {self.destination_start}")
            return f"{self.destination_name} (inferred: {how}{rumour})"
        return self.destination_name


@attrs.frozen
class Founding:
    """An organisation founded by a former member of another."""

    founder: str
    name: str
    org: str
    org_name: str
    date: ValidDate
    alumni_of: str
    alumni_of_name: str
    certainty: Certainty
    evidence: tuple[str, ...]
    disputed: tuple[Claim, ...] = attrs.field(default=(), kw_only=True)


@attrs.frozen(repr=False)
class Flows(AsData):
    """Departures between two dates, and what former members founded.

    ``departures`` and ``foundings`` certainly happened between the two
    dates (their whole dates lie in between); ``possible`` and
    ``possible_foundings`` may have (their dates, a month, a year, a range
    or an open start such as ``../2025-02-19``, only overlap the span).
    """

    start: _dt.date
    end: _dt.date
    source: str | None
    destination: str | None
    departures: tuple[Departure, ...]
    foundings: tuple[Founding, ...]
    possible: tuple[Departure, ...] = ()
    possible_foundings: tuple[Founding, ...] = ()
    known: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    """Set when the view had not heard of ``source`` or ``destination`` yet
    (``not_known``): the recorded time from which the log knows it."""
    not_known: str | None = attrs.field(default=None, kw_only=True)
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, eq=False)
    """The id and name of ``source`` and ``destination`` at ``end``."""

    def __iter__(self) -> Iterator[Departure]:
        return iter(self.departures)

    def __len__(self) -> int:
        return len(self.departures)

    def by_destination(self) -> dict[str | None, tuple[str, ...]]:
        """Person ids of ``departures`` grouped by the destination each states
        (None: not stated, whether or not one is inferred)."""
        grouped: dict[str | None, list[str]] = {}
        for d in self.departures:
            grouped.setdefault(d.stated_destination, []).append(d.person)
        return {k: tuple(v) for k, v in grouped.items()}

    def by_inferred_destination(self) -> dict[str, tuple[str, ...]]:
        """Person ids of ``departures`` that state no destination, grouped by
        the one inferred from their next tenure (those with none left out)."""
        grouped: dict[str, list[str]] = {}
        for d in self.departures:
            if d.inferred and d.destination is not None:
                grouped.setdefault(d.destination, []).append(d.person)
        return {k: tuple(v) for k, v in grouped.items()}

    def __repr__(self) -> str:
        headers = ["person", "from", "date", "reason", "to"]

        def rows(departures: tuple[Departure, ...]) -> list[list[object]]:
            return [[d.name + _rumour(d.certainty), d.org_name, f"{d.date}{marks(d.disputed)}",
                     d.reason.value, d._to()]
                    for d in departures]

        def founded(foundings: tuple[Founding, ...]) -> list[list[object]]:
            return [[f.name + _rumour(f.certainty), f.alumni_of_name, f.org_name,
                     f"{f.date}{marks(f.disputed)}"]
                    for f in foundings]

        text = table(
            f"Departures from {self.start} to {self.end}{as_viewed(self.known, self.published)}: "
            f"{len(self.departures)}",
            headers, rows(self.departures),
            empty="(none)" if self.not_known_until is None
            else not_yet_known(self.not_known or "", None, self.not_known_until),
        )
        if self.possible:
            text += "\n" + table(f"Possibly in this window: {len(self.possible)}", headers,
                                 rows(self.possible))
        founders = ["founder", "alumni of", "founded", "date"]
        if self.foundings:
            text += "\n" + table("Founded by former members", founders, founded(self.foundings))
        if self.possible_foundings:
            text += "\n" + table("Possibly founded in this window by former members", founders,
                                 founded(self.possible_foundings))
        return text
