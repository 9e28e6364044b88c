"""A pair's tenures as a store keeps them beside its roster regions, so that
a roster's details (role, since, status, why, evidence) are worked out
without reading an event (see "Opening a large store" in docs/stores.md).

What is kept of a pair is each of its :class:`~timeline.engine.tenure_records.TenureRecord`
(the recorded times and certainty levels it holds for) and, of its tenure,
only what a roster entry reads of each step: the kind, id, valid date,
certainty and role. Read back, each step is a *shell*: an event of its own
class holding those fields alone, enough for
:meth:`~timeline.engine.tenures.Tenure.at`, the days of membership and
:func:`~timeline.engine.observations.why`, and for nothing else: it never
enters a log or an index.

A pair a step of which has a kind outside the catalogue (an event type a
user registered) is kept as None: its details are read from its events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from timeline.engine.tenure_index import Pair, TenureIndex
from timeline.engine.tenure_records import TenureRecord
from timeline.engine.tenures import Tenure
from timeline.model.catalog import (
    Founded,
    FounderAdded,
    Joined,
    LeaveEnded,
    LeaveStarted,
    Left,
    Observed,
    Rehired,
    RoleChanged,
)
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.errors import StoreError, unreadable_kept
from timeline.model.events import Event

__all__ = ["KeptPair", "kept_body", "kept_rows", "records_of"]

_CLASSES: dict[str, type[Event]] = {cls.kind: cls for cls in (
    Joined, Rehired, Left, RoleChanged, LeaveStarted, LeaveEnded, Observed, Founded,
    FounderAdded)}
_ROLES = (Joined, Rehired, RoleChanged, Observed, Founded, FounderAdded)


def _step(event: Event) -> list[Any] | None:
    if _CLASSES.get(event.kind) is not type(event):
        return None
    role = event.role if isinstance(event, _ROLES) else None
    return [event.kind, event.id, str(event.valid), event.certainty.value, role]


def kept_body(records: Iterable[TenureRecord]) -> str | None:
    """The text a store keeps of one pair's records (None: not kept, a step
    of a kind outside the catalogue). Runtime: O(steps)."""
    out = []
    for record in records:
        tenure = record.tenure
        steps = [_step(s) for s in tenure.steps]
        ends = [_end(e, tenure.steps) for e in (tenure.start, tenure.end, tenure.ended_before)]
        if any(step is None for step in steps) or any(e is False for e in ends):
            return None
        out.append([record.known_from, record.known_until, record.levels,
                    list(tenure.founded) if tenure.founded is not None else None, steps, *ends])
    return json.dumps(out, separators=(",", ":"), ensure_ascii=False)


def kept_rows(index: TenureIndex,
              pairs: Iterable[Pair]) -> Iterator[tuple[str, str, str | None]]:
    """What a store keeps of the (person, seat) ``pairs``' tenures: ``(seat,
    person, body)`` rows, one a pair with a tenure."""
    for person, seat in pairs:
        records = index.records((person, seat))
        if records:
            yield seat, person, kept_body(records)


def _end(event: Event | None, steps: Sequence[Event]) -> int | list[Any] | bool | None:
    """How a start, an end or a rehire is kept: its index among ``steps``,
    else the step itself (None: none; False: a kind outside the catalogue)."""
    if event is None:
        return None
    for index, step in enumerate(steps):
        if step is event:
            return index
    kept = _step(event)
    return False if kept is None else kept


#: What reading back a kept row that is not as this release wrote it raises.
_UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError)

_HAS_ROLE = {kind: issubclass(cls, _ROLES) for kind, cls in _CLASSES.items()}
_CERTAINTIES = {certainty.value: certainty for certainty in Certainty}
_SET = object.__setattr__


def _shell(step: Sequence[Any]) -> Event:
    """An event of the step's class holding only what a roster entry reads."""
    kind, event_id, valid, certainty, role = step
    shell = object.__new__(_CLASSES[kind])
    _SET(shell, "id", event_id)
    _SET(shell, "valid", ValidDate.parse(valid))
    _SET(shell, "certainty", _CERTAINTIES[certainty])
    if _HAS_ROLE[kind]:
        _SET(shell, "role", role)
    return shell


def _read_end(kept: int | list[Any] | None, shells: Sequence[Event]) -> Event | None:
    if kept is None:
        return None
    return shells[kept] if isinstance(kept, int) else _shell(kept)


class KeptPair:
    """One pair's kept tenures, read back: its records are made on first use,
    each view's apart, so a roster makes only those of its own view."""

    __slots__ = ("_kept", "_views", "person", "seat")

    def __init__(self, body: str, person: str, seat: str) -> None:
        self.person, self.seat = person, seat
        try:
            self._kept: list[list[Any]] = json.loads(body)
        except ValueError:
            raise self._unreadable(body) from None
        self._views: dict[tuple[int, int], list[TenureRecord]] = {}

    def records(self, known: int, level: int) -> list[TenureRecord]:
        """The records a view holds: known at ``known``, at certainty rank ``level``."""
        view = self._views.get((known, level))
        if view is None:
            try:
                view = [_record(kept, self.person, self.seat) for kept in self._kept
                        if kept[0] <= known < kept[1] and kept[2] >> level & 1]
            except _UNREADABLE:
                raise self._unreadable(self._kept) from None
            self._views[known, level] = view
        return view

    def _unreadable(self, value: object) -> StoreError:
        return unreadable_kept("roster_tenures", f"{self.person!r} at {self.seat!r}", value)


def _record(kept: list[Any], person: str, seat: str) -> TenureRecord:
    known_from, known_until, levels, founded, steps, start, end, before = kept
    shells = tuple(_shell(s) for s in steps)
    tenure = Tenure(person, seat, _read_end(start, shells), _read_end(end, shells), shells,
                    ended_before=_read_end(before, shells),
                    founded=tuple(founded) if founded is not None else None)
    return TenureRecord(tenure, known_from, known_until, levels)


def records_of(body: str, person: str, seat: str) -> list[TenureRecord]:
    """Every record of a pair, read back from the text :func:`kept_body` made."""
    return [_record(kept, person, seat) for kept in json.loads(body)]
