"""Reading and writing a timeline's log as JSON Lines: an import that lands
whole or not at all, streaming over a store, and an export. A part of
:class:`~timeline.Timeline`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator

import pendulum

from timeline.batch_scope import LARGE
from timeline.engine.interrupts import Deferred
from timeline.engine.log import Entry
from timeline.engine.undo import Undo
from timeline.io import jsonl
from timeline.model.dates import instant
from timeline.model.errors import (
    EventConflictError,
    JsonLinesError,
    RecordedTimeError,
    StoreError,
    TimelineError,
)
from timeline.model.events import Event
from timeline.scoping import index_keys
from timeline.stores import Store
from timeline.verifying import Verifying

__all__ = ["JsonLines"]

_CHUNK = 10_000  # events of an import read per progress report, and rows written per step


class JsonLines(Verifying):
    """Import and export in JSON Lines."""

    _closed: bool

    @property
    def lazy(self) -> bool:
        raise NotImplementedError

    @property
    def position(self) -> int:
        raise NotImplementedError

    def extend(self, events: Iterable[Event], *,
               expected_position: int | None = None) -> int:
        raise NotImplementedError

    def _check_type(self, event: Event) -> None:
        raise NotImplementedError

    def import_jsonl(
        self, source: jsonl.Source, *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Append every event of a JSON Lines file or stream, whole or not at all.

        A bad line raises :class:`~timeline.JsonLinesError` naming it,
        and nothing from the file is appended. The file is read and decoded
        first, then its events are validated and folded as one batch, each
        key (a person at an organisation, a case, a name) folded once
        whatever the number of events; over a store, they are written with
        the store's bulk path, 10,000 rows at a time, inside one transaction
        held to the end. A failure (Ctrl-C too) rolls the transaction back
        and undoes what the file changed in the indices, at no more cost
        than taking them in. ``progress`` is called with the number of
        events read every 10,000 events and once reading ends. Returns how
        many events were new. Runtime: O(n log n). A file smaller than the
        log, appended to a store opened lazily, is one append (one insert,
        not 10,000 rows at a time) that reads only what its events bear on
        (see "Opening a large store" in docs/stores.md).

        >>> import io
        >>> tl = Timeline()
        >>> tl.import_jsonl(io.StringIO('{"kind": "person-declared"}\\n'))
        Traceback (most recent call last):
        ...
        timeline.JsonLinesError: <stream>, line 1: invalid event='person-declared': ...
        """
        report = progress or (lambda count: None)
        store = self._store
        lines = _Lines()
        events: list[Event] = []
        if store is not None and self._closed:
            raise StoreError("closed", "this timeline's store is closed; open it again")
        for number, event in jsonl.numbered(source, self._types):
            events.append(event)
            lines.note(event, number)
            if len(events) % _CHUNK == 0:
                report(len(events))
        report(len(events))
        if store is None or (self.lazy and len(events) < max(self.position, LARGE)):
            with _naming_lines(source, lines):  # lazily: read only what the file bears on
                return self.extend(events)
        undo: Undo | None = None
        committed = False
        try:
            store.lock()
            self.refresh()
            undo = self._state.begin()
            now = instant(self._clock())
            with Deferred() as interrupts, _naming_lines(source, lines):
                added = self._stage(events, now, store, undo)
                interrupts.check()
                store.commit()
                committed = True
        except BaseException:
            if not committed:
                with Deferred():  # what the file added goes, even on a second Ctrl-C
                    store.rollback()
                    if undo is not None:
                        self._state.roll_back(undo)
            raise
        return added

    def _stage(self, batch: list[Event], now: pendulum.DateTime, store: Store,
               undo: Undo) -> int:
        """Validate an import's events, fold each key they touch once, and
        insert them into the open transaction, ``_CHUNK`` rows at a time."""
        for event in batch:
            self._check_type(event)
        fresh = self._fresh(batch, now)
        if not fresh:
            return 0
        start = self._state.log.position
        entries = [Entry.of(start + i + 1, event) for i, event in enumerate(fresh)]

        def write() -> None:
            with Deferred() as interrupts:  # Ctrl-C is raised between two chunks
                for at in range(0, len(fresh), _CHUNK):
                    interrupts.check()
                    store.insert(fresh[at:at + _CHUNK], start + at)
                interrupts.check()
                index_keys(store, self._state, fresh, start)

        self._state.append(entries, commit=write, undo=undo)
        return len(fresh)

    def export_jsonl(self, target: jsonl.Target) -> int:
        """Write every event, in log order, as JSON Lines, after a first line
        naming the event schema; return how many events.

        >>> import io
        >>> out = io.StringIO()
        >>> Timeline.example().export_jsonl(out)
        17
        >>> out.getvalue().splitlines()[:2][0], out.getvalue().splitlines()[1][:60]
        ('{"schema": 3}', '{"kind": "organization-declared", "id": "decl-openai", "vali')
        """
        return jsonl.write((entry.event for entry in self._state.log), target, self._types)


class _Lines:
    """Which line of a file each event came from: the first line of its id,
    and the first line giving that id another event (the one to fix)."""

    __slots__ = ("_again", "_first", "_lines")

    def __init__(self) -> None:
        self._lines: dict[str, int] = {}
        self._first: dict[str, Event] = {}
        self._again: dict[str, int] = {}

    def note(self, event: Event, number: int) -> None:
        """Note that ``event`` is on line ``number``."""
        first = self._first.get(event.id)
        if first is None:
            self._lines[event.id] = number
            self._first[event.id] = event
        elif event != first:
            self._again.setdefault(event.id, number)

    def of(self, event_id: str | None, *, conflict: bool = False) -> int | None:
        """The line of ``event_id`` (of a ``conflict``: the line repeating it)."""
        if event_id is None:
            return None
        found = self._again.get(event_id) if conflict else None
        return found if found is not None else self._lines.get(event_id)


@contextlib.contextmanager
def _naming_lines(source: jsonl.Source, lines: _Lines) -> Iterator[None]:
    """Turn an event's recorded-time error into one naming its line of ``source``;
    note the line on any other error that names an event of it (for an id
    given two events, the line of the second)."""
    try:
        yield
    except RecordedTimeError as error:
        line = lines.of(error.event_id)
        if line is None:
            raise
        raise JsonLinesError(jsonl.name_of(source), line, str(error)) from error
    except TimelineError as error:
        line = lines.of(getattr(error, "event_id", None),
                        conflict=isinstance(error, EventConflictError))
        if line is not None and not isinstance(error, JsonLinesError):
            error.add_note(f"at {jsonl.name_of(source)}, line {line}")
        raise
