"""The append-only log: events in append order, each with its position.

The log stores; it does not judge. :class:`~timeline.Timeline` validates a
batch against the log and its projections before handing it over here, so a
batch reaches the log whole or not at all.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence

import attrs
from sortedcontainers import SortedKeyList

from timeline.model.dates import instant_key
from timeline.model.events import Event

__all__ = ["Entry", "Log", "PartialLog"]


@attrs.frozen
class Entry:
    """An event as the log holds it: its position (from 1) and its recorded time.

    ``recorded`` is the event's recorded time in microseconds since the epoch,
    the integer that ``known=`` compares against.
    """

    position: int
    event: Event
    recorded: int = attrs.field(eq=False)

    @classmethod
    def of(cls, position: int, event: Event) -> Entry:
        """An entry for an event whose recorded time is set."""
        assert event.recorded is not None, "the timeline sets recorded times before logging"
        return cls(position, event, instant_key(event.recorded))


def _by_recorded(entry: Entry) -> tuple[int, int]:
    return entry.recorded, entry.position


class Log:
    """Events in append order. Nothing is ever removed or replaced."""

    __slots__ = ("_by_id", "_by_recorded", "_entries")

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._by_id: dict[str, Entry] = {}
        self._by_recorded: SortedKeyList[Entry, tuple[int, int]] = SortedKeyList(
            key=_by_recorded
        )

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._by_id

    @property
    def position(self) -> int:
        """The position of the last event; 0 for an empty log."""
        return len(self._entries)

    def get(self, event_id: str) -> Entry | None:
        """The entry holding ``event_id``, if any. Runtime complexity: O(1)."""
        return self._by_id.get(event_id)

    def entries(self, start: int = 0) -> Sequence[Entry]:
        """The entries after position ``start``."""
        return self._entries[start:]

    def add(self, entries: Iterable[Entry]) -> None:
        """Log entries made for the next positions; they must already be validated."""
        for entry in entries:
            assert entry.position == len(self._entries) + 1, "positions are gapless"
            assert entry.event.id not in self._by_id, "ids are unique"
            self._entries.append(entry)
            self._by_id[entry.event.id] = entry
            self._by_recorded.add(entry)

    def truncate(self, position: int) -> None:
        """Forget the entries after ``position``: only to undo batches whose
        transaction failed, never a committed one. Runtime: O(b log n)."""
        while len(self._entries) > position:
            entry = self._entries.pop()
            del self._by_id[entry.event.id]
            self._by_recorded.remove(entry)

    def recorded_between(self, after: int, until: int) -> Iterator[Entry]:
        """Entries recorded in ``(after, until]``, in recorded then log order.

        Runtime complexity: O(log n + answer).
        """
        return iter(
            self._by_recorded.irange_key(
                (after, len(self._entries) + 1), (until, len(self._entries) + 1),
                inclusive=(False, True),
            )
        )

    def latest_recorded(self) -> int | None:
        """The largest recorded time in the log."""
        return self._by_recorded[-1].recorded if self._by_recorded else None

    def latest(self) -> Entry | None:
        """The last entry with the largest recorded time. Runtime: O(1)."""
        return self._by_recorded[-1] if self._by_recorded else None

    def _check(self) -> None:
        assert [entry.position for entry in self._entries] == list(
            range(1, len(self._entries) + 1)
        )
        assert len(self._by_id) == len(self._entries) == len(self._by_recorded)
        for entry in self._entries:
            assert self._by_id[entry.event.id] is entry


class PartialLog(Log):
    """Some of a stored log's events, read as questions need them.

    Its position is the store's head it was read at (:meth:`reach`), not how
    many events it holds: positions have gaps where events were not read.
    """

    __slots__ = ("_head",)

    def __init__(self, head: int = 0) -> None:
        super().__init__()
        self._head = head

    @property
    def position(self) -> int:
        return self._head

    def reach(self, head: int) -> None:
        """Stand at ``head``: the store's events up to it may be read."""
        assert head >= self._head, "a log never goes back"
        self._head = head

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._by_id

    def entries(self, start: int = 0) -> Sequence[Entry]:
        at = bisect.bisect_right(self._entries, start, key=_position)
        return self._entries[at:]

    def add(self, entries: Iterable[Entry]) -> None:
        """Take entries read from the store, at any positions up to the head,
        or appended, at the next position after it (the head then moves)."""
        for entry in entries:
            if entry.position == self._head + 1:  # appended
                self._head = entry.position
            assert entry.position <= self._head, "read past the head"
            assert entry.event.id not in self._by_id, "ids are unique"
            at = bisect.bisect_right(self._entries, entry.position, key=_position)
            assert not at or self._entries[at - 1].position != entry.position
            self._entries.insert(at, entry)
            self._by_id[entry.event.id] = entry
            self._by_recorded.add(entry)

    def truncate(self, position: int) -> None:
        self._head = min(self._head, position)
        while self._entries and self._entries[-1].position > position:
            entry = self._entries.pop()
            del self._by_id[entry.event.id]
            self._by_recorded.remove(entry)

    def recorded_between(self, after: int, until: int) -> Iterator[Entry]:
        return iter(self._by_recorded.irange_key(
            (after, self._head + 1), (until, self._head + 1), inclusive=(False, True)))

    def _check(self) -> None:
        positions = [entry.position for entry in self._entries]
        assert positions == sorted(set(positions))
        assert not positions or positions[-1] <= self._head
        assert len(self._by_id) == len(self._entries) == len(self._by_recorded)


def _position(entry: Entry) -> int:
    return entry.position
