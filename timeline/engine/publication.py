"""The publication axis: when each source was out, and views as published.

A log has two recorded axes (docs/concepts.md, "Two recorded axes"):

- its own **recorded time**, set by the log when it learns an event, never
  going backwards: ``known=R`` is the view of the events recorded by R;
- the **publication time** of the sources an event cites, a claim about a
  source that an importer gives and a :class:`~timeline.PublicationCorrected`
  can fix: ``published=P`` is the view of the events whose sources were out
  by P.

The rules of the publication axis, as this module applies them:

- A source's publication time is the one its citation gives, unless a
  ``PublicationCorrected`` about that source id is known at the view's
  ``known=``: then the latest such correction's, for every citation of the
  source, before and after it. Corrections act in recorded time like every
  correction: views known before one keep the old date.
- An event counts from the earliest publication time of its sources; a
  source without one counts from when the log recorded the event.
- A date without a time of day (``"2024-05-01"``) means the end of that day
  in UTC, as everywhere; stored as that instant, the last microsecond of a
  UTC day reads as a date, so a source published on a date may be cited by
  an event recorded earlier that same day.
- Corrections (retractions, replacements, confirmations, citations) count by
  their own sources, and only once the fact they correct is in the view: a
  correction whose target is not published yet is left out of the view
  instead of breaking it. A correction that restates its target (a
  citation, a replacement, a confirmation) is another source of that fact:
  once published, and recorded by the view's ``known=``, it brings the fact
  it is aimed at into the view (a fact, not a replacement), so a fact the
  log first heard of from a late article counts from the earlier page a
  correction cites for it. The view then holds the fact as corrected.
- Declarations (``PersonDeclared``, ``OrganizationDeclared``) are the log's
  catalogue of who is who, not news: they count in every view from when the
  log recorded them, so a fact published by P never lacks its entities.
  Aliases, renames and foundings are claims, and count by their sources.
- ``published=P`` with ``known=R`` is the view published by P of the events
  recorded by R, with the publication corrections known at R.

The view is derived: built in memory from the qualifying events, which keep
their recorded times and log order, and cached per (P, known, corrections in
force, log length), a few at a time. The first query at a new P replays the events
published by P: O(n log n); later ones at the same P cost what the query
costs.
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import attrs
import pendulum

from timeline.engine.log import Entry, Log
from timeline.engine.projections import Projections
from timeline.model.catalog import (
    Cited,
    Confirmed,
    Corrected,
    Correction,
    OrganizationDeclared,
    PersonDeclared,
    PublicationCorrected,
)
from timeline.model.dates import EVERYTHING, from_key, instant_key, moment
from timeline.model.errors import InvalidEventError, PublicationTimeError, UnknownSourceError
from timeline.model.events import Event
from timeline.model.sources import Source

__all__ = ["Citations", "Publications", "stamp", "too_late"]

A = TypeVar("A")
DAY = 86_400_000_000  # microseconds in a day
_VIEWS = 8  # derived views kept per timeline


def is_date(key: int) -> bool:
    """Whether a publication time is a date given without a time of day (stored
    as the last microsecond of that day, UTC)."""
    return (key + 1) % DAY == 0


def too_late(published: int, recorded: int) -> bool:
    """Whether a source published at ``published`` cannot be cited by an event
    recorded at ``recorded`` (microseconds): a date compares by day.

    >>> from timeline.model.dates import known_key
    >>> too_late(known_key("2024-05-01"), known_key("2024-05-01T09:00Z"))
    False
    >>> too_late(known_key("2024-05-02"), known_key("2024-05-01T09:00Z"))
    True
    """
    if is_date(published):
        return published // DAY > recorded // DAY
    return published > recorded


def cited(event: Event) -> Iterator[Source]:
    """The sources an event cites, with those of a correction's replacement."""
    yield from event.sources
    if isinstance(event, Corrected):
        yield from event.replacement.sources


def stamp(answer: A, published: pendulum.DateTime) -> A:
    """``answer`` saying it is the view published by ``published``."""
    kind: Any = type(answer)
    if attrs.has(kind) and "published" in attrs.fields_dict(kind):
        evolved: A = attrs.evolve(answer, published=published)  # type: ignore[misc]
        return evolved
    return answer


def _iso(key: int) -> str:
    return moment(from_key(key))


def _same_publication(event: Event, source: Source, key: int,
                      before: tuple[int, str] | None) -> None:
    """Refuse a citation that gives a source id another publication time than
    an earlier citation gave it: one id names one publication."""
    if before is None or before[0] == key:
        return
    raise InvalidEventError(
        event.id, f"sources[{source.id}].published", moment(source.published),
        f"event {before[1]!r} cites source {source.id!r} as published {_iso(before[0])}; "
        "a source id names one publication. Give this source its own id, or fix the "
        "publication time for every citation with a PublicationCorrected",
    )


@attrs.frozen
class Citations:
    """What a log holds of some sources, by source id: the first event
    citing each (its recorded time and id), and the first citation stating
    a publication time (that time and the event's id)."""

    first: dict[str, tuple[int, str]]
    stated: dict[str, tuple[int, str]]


def _dates(state: Projections, fixes: Sequence[Entry], known: int) -> dict[str, int]:
    """The corrected publication time of each source the corrections
    ``fixes`` correct, as known at ``known``."""
    held: list[tuple[int, int, str, int]] = []
    for entry in fixes:
        for version in state.versions.get(entry.event.id, ()):
            event = version.event
            if version.known_from <= known < version.known_until and isinstance(
                event, PublicationCorrected
            ):
                held.append((version.known_from, entry.position, event.source,
                             instant_key(event.published)))
    return {source: key for _, _, source, key in sorted(held)}


class Publications:
    """Per source id, the first event citing it and the publication corrections,
    synced from a log; and the views as published, derived from it.

    Runtime: syncing costs O(events appended since the last sync).
    """

    __slots__ = ("_first", "_fixes", "_log", "_seen", "_stated", "_views")

    def __init__(self) -> None:
        self._log: Log | None = None
        self._seen = 0
        self._first: dict[str, tuple[int, str]] = {}
        # per source id, the first publication time a citation states, and by which event
        self._stated: dict[str, tuple[int, str]] = {}
        self._fixes: list[Entry] = []
        self._views: OrderedDict[tuple[object, ...], Projections] = OrderedDict()

    def sync(self, log: Log) -> None:
        """Take the entries ``log`` holds beyond those already seen."""
        if log is not self._log:
            self._log, self._seen = log, 0
            self._first, self._stated, self._fixes = {}, {}, []
            self._views.clear()
        for entry in log.entries(self._seen):
            for source in cited(entry.event):
                self._first.setdefault(source.id, (entry.recorded, entry.event.id))
                if source.published is not None:
                    self._stated.setdefault(source.id, (instant_key(source.published),
                                                        entry.event.id))
            if isinstance(entry.event, PublicationCorrected):
                self._fixes.append(entry)
        self._seen = len(log)

    def dates(self, state: Projections, known: int) -> dict[str, int]:
        """The corrected publication time of each corrected source, as known at
        ``known``: the latest correction still held then (a retracted one no
        longer counts). Runtime: O(corrections of publication times)."""
        self.sync(state.log)
        return _dates(state, self._fixes, known)

    def check(self, state: Projections, batch: Sequence[Event],
              held: Citations | None = None) -> None:
        """Refuse a batch (in recorded order, recorded times set) in which a
        source is published after an event citing it was recorded, or a
        correction names a source no event cites. Runtime: O(b + corrections).

        ``held``, from a timeline that read only the batch's scope, is what
        the whole log holds of the batch's sources: the first citation of
        each, and the first stating a publication time; every correction of
        their publication times is then among those ``state`` holds."""
        if held is None:
            self.sync(state.log)
            held = Citations(self._first, self._stated)
            fixed = _dates(state, self._fixes, EVERYTHING)
        else:
            fixed = _dates(state, [entry for entry in state.log
                                   if isinstance(entry.event, PublicationCorrected)], EVERYTHING)
        first: dict[str, tuple[int, str]] = {}
        stated: dict[str, tuple[int, str]] = {}
        for event in batch:
            assert event.recorded is not None
            recorded = instant_key(event.recorded)
            for source in cited(event):
                if source.published is not None and fixed.get(source.id) != instant_key(
                        source.published):  # a citation may give the corrected time
                    _same_publication(event, source, instant_key(source.published),
                                      held.stated.get(source.id) or stated.get(source.id))
                    stated.setdefault(source.id, (instant_key(source.published), event.id))
                if source.published is not None and too_late(
                    instant_key(source.published), recorded
                ):
                    raise PublicationTimeError(event.id, source.id, moment(source.published),
                                               moment(event.recorded))
                corrected = fixed.get(source.id)
                if corrected is not None and too_late(corrected, recorded):
                    raise PublicationTimeError(event.id, source.id, _iso(corrected),
                                               moment(event.recorded))
                if source.id not in held.first:
                    first.setdefault(source.id, (recorded, event.id))
            if isinstance(event, PublicationCorrected):
                key = instant_key(event.published)
                earliest = held.first.get(event.source) or first.get(event.source)
                if earliest is not None and too_late(key, earliest[0]):
                    raise PublicationTimeError(
                        event.id, event.source, moment(event.published), _iso(earliest[0]),
                        citing=earliest[1], field="published",
                    )
                fixed[event.source] = key
        for event in batch:
            if isinstance(event, PublicationCorrected) and not (
                event.source in held.first or event.source in first
            ):
                known = [*held.first, *first]
                raise UnknownSourceError(event.id, event.source,
                                         difflib.get_close_matches(event.source, known, n=3))

    def view(self, state: Projections, published: int, known: int) -> Projections:
        """The state of a timeline built from only the events published by
        ``published`` (as known at ``known``).

        Runtime: O(n log n) for a new view; O(corrections of publication
        times) for one cached.
        """
        dates = self.dates(state, known)
        key = (published, known, tuple(sorted(dates.items())), len(state.log))
        found = self._views.get(key)
        if found is not None:
            self._views.move_to_end(key)
            return found
        built = Projections()
        entries = published_entries(state.log, dates, published, known)
        if entries:
            built.append(entries, validate=False)
        self._views[key] = built
        if len(self._views) > _VIEWS:
            self._views.popitem(last=False)
        return built


def out_by(entry: Entry, dates: dict[str, int], published: int) -> bool:
    """Whether the event of ``entry`` was published by ``published``: the
    earliest of its sources' publication times (corrected by ``dates``; the
    recorded time for a source without one)."""
    earliest = min(
        dates.get(source.id, instant_key(source.published) if source.published is not None
                  else entry.recorded)
        for source in entry.event.sources
    )
    return earliest <= published


def published_entries(
    log: Log, dates: dict[str, int], published: int, known: int
) -> list[Entry]:
    """The log's entries that count in the view published by ``published``
    (as known at ``known``), renumbered from 1 in log order, with their
    recorded times. Runtime: O(n) plus O(c^2) for c corrections published by
    then."""
    chosen: list[Entry] = []
    present: set[str] = set()
    waiting: list[Entry] = []
    restated = {
        entry.event.target for entry in log
        if isinstance(entry.event, (Cited, Confirmed, Corrected)) and entry.recorded <= known
        and out_by(entry, dates, published)
    }
    for entry in log:
        event = entry.event
        if isinstance(event, (PersonDeclared, OrganizationDeclared)) or (
            event.id in restated and not isinstance(event, Correction)
        ):
            chosen.append(entry)
            present.add(event.id)
        elif out_by(entry, dates, published):
            if isinstance(event, Correction):
                waiting.append(entry)
            else:
                chosen.append(entry)
                present.add(event.id)
    while True:  # a correction counts once its target is in the view
        ready = [entry for entry in waiting
                 if isinstance(entry.event, Correction) and entry.event.target in present]
        if not ready:
            break
        for entry in ready:
            waiting.remove(entry)
            chosen.append(entry)
            if isinstance(entry.event, Corrected):
                present.add(entry.event.replacement.id)
    chosen.sort(key=lambda entry: entry.position)
    return [Entry(i + 1, entry.event, entry.recorded) for i, entry in enumerate(chosen)]
