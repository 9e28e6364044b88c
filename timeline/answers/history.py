"""Answers about the log itself: an entity's history, the evidence behind
an answer, and what the log learned when."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pendulum

from timeline.answers._table import (
    as_published,
    as_viewed,
    count,
    not_yet_known,
    source_ids,
    table,
)
from timeline.answers.frames import AsData
from timeline.answers.lineage import HEADERS, Version, recorded_only
from timeline.engine.disputes import Claim, marks
from timeline.model.dates import moment
from timeline.model.events import Event
from timeline.model.sources import Source

__all__ = ["Change", "Changes", "Explanation", "History", "HistoryEntry"]


def _made(versions: tuple[Version, ...] | Event) -> tuple[Version, ...]:
    """A history entry's versions, made from its fact when no correction touched it."""
    return recorded_only(versions) if isinstance(versions, Event) else versions


@attrs.frozen(repr=False)
class HistoryEntry:
    """One event in a history, as the view holds it, with its fact's versions.

    ``corrections`` are the ids of the corrections applied to it;
    ``versions`` every version of its fact the view holds (its lineage).
    ``held`` is false for an entry of ``history(versions=True)`` whose fact
    the view no longer holds about the entity (retracted, moved by a
    correction, or now below ``min_certainty``): ``event`` is then the last
    version that was.

    ``versions`` may be given as the fact's event itself when no correction
    touched it: its one version is then made when read (most entries'
    versions never are), and compares, hashes and prints as if given.
    """

    event: Event
    recorded: pendulum.DateTime
    corrections: tuple[str, ...]
    _versions: tuple[Version, ...] | Event = attrs.field(default=(), eq=_made)
    held: bool = True
    disputed: tuple[Claim, ...] = attrs.field(default=(), kw_only=True)

    @property
    def versions(self) -> tuple[Version, ...]:
        """Every version of the entry's fact the view holds, first recorded first."""
        return _made(self._versions)

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.event.sources

    @property
    def fact(self) -> str:
        """The id of the event that first recorded this fact."""
        if isinstance(self._versions, Event):
            return self._versions.id
        return self._versions[0].fact if self._versions else self.event.id

    def __repr__(self) -> str:
        return (f"HistoryEntry(event={self.event!r}, recorded={self.recorded!r}, "
                f"corrections={self.corrections!r}, versions={self.versions!r}, "
                f"held={self.held!r}, disputed={self.disputed!r})")


@attrs.frozen(repr=False)
class History(AsData):
    """Every event about an entity, in valid-time order, with sources.

    With ``versions`` (``history(versions=True)``) it also lists the facts
    the view no longer holds, and prints every version of each.
    """

    entity: str
    name: str
    entries: tuple[HistoryEntry, ...]
    versions: bool = False
    known: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, eq=False)
    """The id and name of each entity its events name, as the view knows them."""

    def __iter__(self) -> Iterator[HistoryEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        if self.versions:
            rows = [[e.fact, *v.row()] for e in self.entries for v in e.versions]
            return table(
                f"History of {self.name}{as_viewed(self.known, self.published)}: "
                f"{count(len(self.entries), 'fact')}, "
                f"{count(len(rows), 'version')}",
                ["fact", *HEADERS], rows,
            )
        rows = [
            [e.event.valid, e.event.id, e.event.describe() + marks(e.disputed),
             e.event.certainty.value,
             source_ids(e.sources)]
            for e in self.entries
        ]
        empty = ("(none)" if self.not_known_until is None
                 else not_yet_known(self.name, None, self.not_known_until))
        return table(f"History of {self.name}{as_viewed(self.known, self.published)}: "
                     f"{len(self.entries)} events",
                     ["date", "id", "event", "certainty", "sources"], rows, empty=empty)


@attrs.frozen(repr=False)
class Explanation(AsData):
    """The events behind an answer, the corrections that shaped them, and
    every source either cites.

    ``corrections`` are the versions those corrections made, in recorded
    order: each names its correction (``by``), when it was recorded and the
    correction's own sources.
    """

    subject: str
    events: tuple[Event, ...]
    corrections: tuple[Version, ...] = ()
    known: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    title: str | None = attrs.field(default=None, kw_only=True)
    """The table's heading; None: "Why <subject>"."""
    not_published: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    """In a ``published=`` view, the events behind the answer that the log
    holds but that no source published by then: named, not explained."""
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, eq=False)
    """The id and name of each entity its events name, as the view knows them."""

    @property
    def sources(self) -> tuple[Source, ...]:
        """The events' sources, then the corrections', each once."""
        seen: dict[Source, None] = {}
        for event in self.events:
            seen.update(dict.fromkeys(event.sources))
        for version in self.corrections:
            seen.update(dict.fromkeys(version.sources))
        return tuple(seen)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __repr__(self) -> str:
        rows = [
            [e.id, e.valid, e.describe(), e.certainty.value, source_ids(e.sources)]
            for e in self.events
        ]
        title = self.title or f"Why {self.subject}"
        text = table(f"{title}{as_viewed(self.known, self.published)}",
                     ["event", "date", "what", "certainty", "sources"], rows)
        if self.corrections:
            text += "\n" + table(
                "Corrected by", ["fact", *HEADERS],
                [[v.fact, *v.row()] for v in self.corrections],
            )
        if self.not_published:
            text += (f"\n  not yet published then ({len(self.not_published)}): "
                     + ", ".join(self.not_published))
        return text


@attrs.frozen
class Change:
    """An event the log learned, with its log position."""

    position: int
    recorded: pendulum.DateTime
    event: Event


@attrs.frozen(repr=False)
class Changes(AsData):
    """What the log learned between two recorded times."""

    since: pendulum.DateTime | None
    until: pendulum.DateTime | None
    changes: tuple[Change, ...]
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, eq=False)
    """The id and name of each entity its events name, as the view knows them."""

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __repr__(self) -> str:
        rows = [
            [c.position, moment(c.recorded), c.event.id, c.event.describe()]
            for c in self.changes
        ]
        since = moment(self.since) if self.since else "the start"
        until = moment(self.until) if self.until else "now"
        return table(f"Learned after {since} until {until}{as_published(self.published)}: "
                     f"{len(self.changes)} events",
                     ["position", "recorded", "event", "what"], rows)
