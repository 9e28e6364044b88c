"""The tenure index: rosters by organisation, careers by person, departures by date.

Each (person, organisation) pair is folded into tenures at every recorded
time and certainty level (:func:`~timeline.corrections.bitemporal`); each
resulting row is a :class:`TenureRecord`, stored

- per organisation in a :class:`~timeline.intervals.DyadicIndex` over the days
  the person may be a member, so ``roster(org, at)`` costs O(log U + answer);
- per person, so ``where`` and ``career`` cost O(tenures of that person);
- per organisation sorted by start and by end day, so ``diff`` and ``flows``
  cost O(log n + answer).

A new event refolds only the pairs it touches, whatever its dates, so a
retroactive or late-recorded event costs the same as any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs
from sortedcontainers import SortedKeyList

from timeline.corrections import END, FactVersion, bitemporal
from timeline.dates import EVERYTHING
from timeline.errors import ChronologyError
from timeline.events import Event
from timeline.intervals import DyadicIndex, check_sorted
from timeline.tenures import Tenure, fold_tenures

__all__ = ["TenureIndex", "TenureRecord"]

Pair = tuple[str, str]


@attrs.frozen(eq=False, repr=False)
class TenureRecord:
    """A tenure as held by views known in ``[known_from, known_until)`` whose
    ``min_certainty`` rank has its bit set in ``levels``."""

    tenure: Tenure
    known_from: int
    known_until: int
    levels: int

    def visible(self, known: int, level: int) -> bool:
        return self.known_from <= known < self.known_until and bool(self.levels >> level & 1)

    def __repr__(self) -> str:
        return (
            f"<TenureRecord {self.tenure!r} known [{self.known_from}, {self.known_until}) "
            f"levels={self.levels:03b}>"
        )


def _start_key(record: TenureRecord) -> int:
    return record.tenure.lo


def _end_key(record: TenureRecord) -> int:
    end = record.tenure.end
    assert end is not None
    return end.valid.first


class TenureIndex:
    """Every pair's tenure records, indexed for rosters, careers and flows."""

    __slots__ = ("_by_org", "_by_person", "_ends", "_pairs", "_starts")

    def __init__(self) -> None:
        self._pairs: dict[Pair, tuple[TenureRecord, ...]] = {}
        self._by_org: dict[tuple[str, bool], DyadicIndex[TenureRecord]] = {}
        self._by_person: dict[str, set[TenureRecord]] = {}
        self._starts: dict[str, SortedKeyList[TenureRecord, int]] = {}
        self._ends: dict[str, SortedKeyList[TenureRecord, int]] = {}

    @staticmethod
    def compute(
        pair: Pair, versions: list[FactVersion]
    ) -> tuple[tuple[TenureRecord, ...], list[ChronologyError]]:
        """The records of one pair from the versions of the facts about it, and
        the contradictions in any recorded-time view of it."""
        person, org = pair

        def fold(events: tuple[Event, ...]) -> tuple[list[Tenure], list[ChronologyError]]:
            return fold_tenures(person, org, events)

        rows, problems = bitemporal(versions, fold)
        return tuple(TenureRecord(*row) for row in rows), problems

    def replace(self, pair: Pair, records: Iterable[TenureRecord]) -> None:
        """Swap a pair's records for new ones. Runtime: O(r log n) for r records."""
        for record in self._pairs.pop(pair, ()):
            self._unlink(record)
        new = tuple(records)
        if new:
            self._pairs[pair] = new
            for record in new:
                self._link(record)

    def _link(self, record: TenureRecord) -> None:
        tenure = record.tenure
        key = (tenure.org, record.known_until == END)
        self._by_org.setdefault(key, DyadicIndex()).add(record, tenure.lo, tenure.hi)
        self._by_person.setdefault(tenure.person, set()).add(record)
        self._starts.setdefault(tenure.org, SortedKeyList(key=_start_key)).add(record)
        if tenure.end is not None:
            self._ends.setdefault(tenure.org, SortedKeyList(key=_end_key)).add(record)

    def _unlink(self, record: TenureRecord) -> None:
        tenure = record.tenure
        self._by_org[tenure.org, record.known_until == END].remove(record)
        self._by_person[tenure.person].discard(record)
        self._starts[tenure.org].remove(record)
        if tenure.end is not None:
            self._ends[tenure.org].remove(record)

    def records(self, pair: Pair) -> tuple[TenureRecord, ...]:
        return self._pairs.get(pair, ())

    def pairs(self) -> Iterator[Pair]:
        return iter(self._pairs)

    def at(self, org: str, day: int, known: int, level: int) -> Iterator[Tenure]:
        """Tenures at ``org`` that may hold at ``day``.

        Records still current and records superseded by later knowledge live
        in separate indices, so a view of everything known visits only
        current records: O(log U + r), r the current records covering
        ``day`` at any certainty level. A ``known=`` view also visits the
        superseded records covering ``day``.
        """
        for current in (True, False) if known < EVERYTHING else (True,):
            index = self._by_org.get((org, current))
            if index is None:
                continue
            for record in index.stab(day):
                if record.visible(known, level):
                    yield record.tenure

    def of_person(self, person: str, known: int, level: int) -> list[Tenure]:
        """A person's tenures in the view. Runtime: O(tenures of the person)."""
        return [r.tenure for r in self._by_person.get(person, ()) if r.visible(known, level)]

    def starting(
        self, org: str, after: int, until: int, known: int, level: int
    ) -> Iterator[Tenure]:
        """Tenures whose possible start day is in ``(after, until]``."""
        starts = self._starts.get(org)
        if starts is None:
            return
        for record in starts.irange_key(after, until, inclusive=(False, True)):
            if record.visible(known, level):
                yield record.tenure

    def ending(
        self, org: str | None, after: int, until: int, known: int, level: int
    ) -> Iterator[Tenure]:
        """Ended tenures whose end's first day is in ``(after, until]``.

        Runtime: O(log n + answer) for one organisation.
        """
        lists = [self._ends.get(org)] if org is not None else list(self._ends.values())
        for ends in lists:
            if ends is None:
                continue
            for record in ends.irange_key(after, until, inclusive=(False, True)):
                if record.visible(known, level):
                    yield record.tenure

    def _check(self) -> None:
        """Assert that every index holds exactly the records of the pairs."""
        records = [r for rs in self._pairs.values() for r in rs]
        assert len(records) == len({id(r) for r in records})
        by_org: dict[str, set[int]] = {}
        for (person, org), rs in self._pairs.items():
            for record in rs:
                assert (record.tenure.person, record.tenure.org) == (person, org)
                assert record.known_from < record.known_until, record
                assert 0 < record.levels <= 0b111, record
                by_org.setdefault(org, set()).add(id(record))
                assert record in self._by_person[person]
                current = record.known_until == END
                span = self._by_org[org, current].span(record)
                assert span == (record.tenure.lo, record.tenure.hi)
        for org in {org for org, _ in self._by_org}:
            held: set[int] = set()
            for current in (True, False):
                index = self._by_org.get((org, current), DyadicIndex())
                index._check()
                assert all((r.known_until == END) is current for r in index)
                held |= {id(r) for r in index}
            assert held == by_org.get(org, set()), org
            starts = self._starts[org]
            check_sorted(starts)
            assert {id(r) for r in starts} == by_org.get(org, set())
        ended = {id(r) for rs in self._pairs.values() for r in rs if r.tenure.end is not None}
        for ends in self._ends.values():
            check_sorted(ends)
            assert {id(r) for r in ends} <= ended
        assert sum(len(ends) for ends in self._ends.values()) == len(ended)
        assert sum(len(s) for s in self._by_person.values()) == len(records)
