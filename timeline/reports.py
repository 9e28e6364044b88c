"""Answers about organisations, lawsuits, flows of people and the log itself."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs
import pendulum

from timeline._table import table
from timeline.catalog import Announcement, Reason
from timeline.certainty import Certainty
from timeline.dates import ValidDate
from timeline.events import Event
from timeline.money import Money
from timeline.sources import Source

__all__ = [
    "AnnouncementView",
    "CaseView",
    "Change",
    "Changes",
    "Departure",
    "Explanation",
    "Flows",
    "Founding",
    "FundingView",
    "History",
    "HistoryEntry",
    "Lawsuits",
    "OrganizationState",
]


def _when(at: _dt.date, known: pendulum.DateTime | None) -> str:
    return f"at {at}" + (f", known {known.isoformat()}" if known is not None else "")


def _sources(sources: tuple[Source, ...]) -> str:
    return ", ".join(s.id for s in sources)


@attrs.frozen
class FundingView:
    """A funding round in effect (or possibly so) at the query date."""

    date: ValidDate
    amount: Money | None
    valuation: Money | None
    round: str | None
    investors: tuple[str, ...]
    certain: bool
    certainty: Certainty
    event: str


@attrs.frozen
class AnnouncementView:
    """An announcement made by the query date."""

    date: ValidDate
    category: Announcement
    title: str
    certainty: Certainty
    event: str


@attrs.frozen(repr=False)
class OrganizationState:
    """What an organisation looked like at a date.

    ``raised`` sums the rounds certainly in effect, by currency;
    ``founders_remaining`` are the founders certainly still members.
    ``founded`` is the date of the founding, whether or not it has happened
    by ``at``; ``founding`` says which: ``"founded"``, ``"possibly not yet
    founded"`` (``at`` falls within an imprecise founding date) or ``"not
    yet founded"`` (None: no founding in the log).
    """

    org: str
    name: str
    at: _dt.date
    known: pendulum.DateTime | None
    founded: ValidDate | None
    founders: tuple[str, ...]
    founders_remaining: tuple[str, ...]
    members: int
    possible_members: int
    raised: tuple[Money, ...]
    rounds: tuple[FundingView, ...]
    valuation: Money | None
    valuation_date: ValidDate | None
    lawsuits: tuple[str, ...]
    announcements: tuple[AnnouncementView, ...]
    evidence: tuple[str, ...]
    founding: str | None = None

    def __repr__(self) -> str:
        founded: object = self.founded if self.founded else "unknown"
        if self.founding not in (None, "founded"):
            founded = f"{self.founding} ({self.founded})"
        rows: list[list[object]] = [
            ["founded", founded],
            ["founders", f"{len(self.founders_remaining)} of {len(self.founders)} remain"
             if self.founders else "unknown"],
            ["members", f"{self.members}" + (
                f" (+{self.possible_members} possible)" if self.possible_members else "")],
            ["raised", ", ".join(map(str, self.raised)) or "nothing known"],
            ["valuation", f"{self.valuation} ({self.valuation_date})" if self.valuation
             else "unknown"],
            ["open lawsuits", ", ".join(self.lawsuits) or "none known"],
            ["announcements", len(self.announcements)],
        ]
        return table(f"{self.name} {_when(self.at, self.known)}", None, rows)


@attrs.frozen(repr=False)
class CaseView:
    """One lawsuit at a date, with its status history."""

    case: str
    plaintiffs: tuple[str, ...]
    defendants: tuple[str, ...]
    claims: tuple[str, ...]
    status: str
    certain: bool
    filed: ValidDate | None
    history: tuple[tuple[ValidDate, str, str], ...]
    evidence: tuple[str, ...]

    def __repr__(self) -> str:
        sure = "" if self.certain or self.status != "open" else " (possibly)"
        head = (
            f"Case {self.case}: {self.status}{sure}\n"
            f"  plaintiffs: {', '.join(self.plaintiffs) or '?'}\n"
            f"  defendants: {', '.join(self.defendants) or '?'}\n"
            f"  claims: {'; '.join(self.claims) or '?'}"
        )
        rows = [[date, step, event] for date, step, event in self.history]
        return table(head, ["date", "step", "event"], rows)


@attrs.frozen(repr=False)
class Lawsuits:
    """Cases open at a date: ``cases`` certainly, ``possible`` possibly."""

    at: _dt.date
    known: pendulum.DateTime | None
    party: str | None
    cases: tuple[CaseView, ...]
    possible: tuple[CaseView, ...]

    def __iter__(self) -> Iterator[CaseView]:
        return iter(self.cases)

    def __len__(self) -> int:
        return len(self.cases)

    def __getitem__(self, case: str) -> CaseView:
        for view in self.cases + self.possible:
            if view.case == case:
                return view
        raise KeyError(case)

    def __repr__(self) -> str:
        def row(c: CaseView) -> list[object]:
            steps = "; ".join(f"{d} {s}" for d, s, _ in c.history)
            return [c.case, c.plaintiffs, c.defendants, c.status, steps]

        who = f" involving {self.party}" if self.party else ""
        head = f"Open lawsuits{who} {_when(self.at, self.known)}: {len(self.cases)}"
        headers = ["case", "plaintiffs", "defendants", "status", "history"]
        text = table(head, headers, [row(c) for c in self.cases])
        if self.possible:
            text += "\n" + table("Possibly open", headers, [row(c) for c in self.possible])
        return text


@attrs.frozen
class Departure:
    """A person leaving an organisation, and where they went if known."""

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


@attrs.frozen(repr=False)
class Flows:
    """Departures between two dates, and what former members founded."""

    start: _dt.date
    end: _dt.date
    source: str | None
    destination: str | None
    departures: tuple[Departure, ...]
    foundings: tuple[Founding, ...]

    def __iter__(self) -> Iterator[Departure]:
        return iter(self.departures)

    def __len__(self) -> int:
        return len(self.departures)

    def by_destination(self) -> dict[str | None, tuple[str, ...]]:
        """Person ids grouped by where they went (None: unknown)."""
        grouped: dict[str | None, list[str]] = {}
        for d in self.departures:
            grouped.setdefault(d.destination, []).append(d.person)
        return {k: tuple(v) for k, v in grouped.items()}

    def __repr__(self) -> str:
        rows = [
            [d.name, d.org_name, d.date, d.reason.value, d.destination_name or "?"]
            for d in self.departures
        ]
        text = table(
            f"Departures from {self.start} to {self.end}: {len(self.departures)}",
            ["person", "from", "date", "reason", "to"], rows,
        )
        if self.foundings:
            text += "\n" + table(
                "Founded by former members",
                ["founder", "alumni of", "founded", "date"],
                [[f.name, f.alumni_of_name, f.org_name, f.date] for f in self.foundings],
            )
        return text


@attrs.frozen
class HistoryEntry:
    """One event in a history, as the view holds it."""

    event: Event
    recorded: pendulum.DateTime
    corrections: tuple[str, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.event.sources


@attrs.frozen(repr=False)
class History:
    """Every event about an entity, in valid-time order, with sources."""

    entity: str
    name: str
    entries: tuple[HistoryEntry, ...]

    def __iter__(self) -> Iterator[HistoryEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        rows = [
            [e.event.valid, e.event.id, e.event.describe(), e.event.certainty.value,
             _sources(e.sources)]
            for e in self.entries
        ]
        return table(f"History of {self.name}: {len(self.entries)} events",
                     ["date", "id", "event", "certainty", "sources"], rows)


@attrs.frozen(repr=False)
class Explanation:
    """The events behind an answer, with every source they cite."""

    subject: str
    events: tuple[Event, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[Source, None] = {}
        for event in self.events:
            seen.update(dict.fromkeys(event.sources))
        return tuple(seen)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __repr__(self) -> str:
        rows = [
            [e.id, e.valid, e.describe(), e.certainty.value, _sources(e.sources)]
            for e in self.events
        ]
        return table(f"Why {self.subject}", ["event", "date", "what", "certainty", "sources"],
                     rows)


@attrs.frozen
class Change:
    """An event the log learned, with its log position."""

    position: int
    recorded: pendulum.DateTime
    event: Event


@attrs.frozen(repr=False)
class Changes:
    """What the log learned between two recorded times."""

    since: pendulum.DateTime | None
    until: pendulum.DateTime | None
    changes: tuple[Change, ...]

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __repr__(self) -> str:
        rows = [
            [c.position, c.recorded.isoformat(), c.event.id, c.event.describe()]
            for c in self.changes
        ]
        since = self.since.isoformat() if self.since else "the start"
        until = self.until.isoformat() if self.until else "now"
        return table(f"Learned after {since} until {until}: {len(self.changes)} events",
                     ["position", "recorded", "event", "what"], rows)
