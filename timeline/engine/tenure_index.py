"""The tenure index: rosters by organisation, careers by person, departures by date.

Each (person, organisation) pair is folded into tenures at every recorded
time and certainty level (:func:`~timeline.engine.corrections.bitemporal`); each
resulting row is a :class:`TenureRecord`, stored

- per organisation and certainty level, as each person's regions of (days,
  recorded times) certainly a member and only possibly one, merged across
  the versions of their records, in two
  :class:`~timeline.engine.intervals.BitemporalBag`: ``roster(org, at)`` is the
  union of O(log U) blocks, made in C, with no Python step per member,
  O(log U + answer); a ``known=`` roster takes a prefix of each block,
  O(log U log b + answer);
- for the current view of each organisation and certainty level, as every
  person's days merged, in two :class:`~timeline.engine.intervals.SpanCount`, so a
  headcount is four bisections: O(log n) whatever the roster's size;
- per person, so ``where`` and ``career`` cost O(tenures of that person);
- per organisation sorted by start day, and by the range of days of the
  end (a :class:`~timeline.engine.ranges.RangeIndex`: an end dated ``2024`` or
  ``../2025-02-19`` is found by every window it overlaps), so ``diff`` and
  ``flows`` cost O(log n + answer).

A new event refolds only the pairs it touches, whatever its dates, so a
retroactive or late-recorded event costs the same as any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise

from sortedcontainers import SortedKeyList

from timeline.engine.corrections import END, FactVersion, bitemporal
from timeline.engine.intervals import BitemporalBag, SpanCount, check_sorted
from timeline.engine.ranges import RangeIndex
from timeline.engine.seats import employment
from timeline.engine.tenure_fold import fold_tenures
from timeline.engine.tenure_records import TenureRecord, best
from timeline.engine.tenures import Membership, Tenure
from timeline.model.catalog import Founded, Observed
from timeline.model.errors import ChronologyError
from timeline.model.events import Event

__all__ = ["TenureIndex"]

Pair = tuple[str, str]
Spans = list[tuple[int, int]]
Region = tuple[int, int, int, int]  # days [lo, hi) while known in [known_from, known_until)

#: The certainty rank of the default view, whose rosters are kept ready.
DEFAULT_LEVEL = 1

class _Rosters:
    """One organisation's rosters at one certainty level: who is on it as
    known at any instant (each person's regions, as :func:`_regions` gives
    them: where they are certainly a member, and where only possibly one),
    and how many in the current view (each person's days merged, so that
    nobody counts twice on a day)."""

    __slots__ = ("certain", "maybe", "possible", "sure")

    def __init__(self) -> None:
        self.sure: BitemporalBag[str] = BitemporalBag()
        self.maybe: BitemporalBag[str] = BitemporalBag()
        self.certain = SpanCount()
        self.possible = SpanCount()

    def change_regions(self, person: str, regions: tuple[list[Region], list[Region]],
                       change: Callable[..., None]) -> None:
        """Add (or remove) one person's regions, as :func:`_regions` gives them."""
        for bag, held in zip((self.sure, self.maybe), regions, strict=True):
            for lo, hi, known_from, known_until in held:
                change(bag, person, lo, hi, known_from,
                       None if known_until == END else known_until)

    def change_days(self, days: tuple[Spans, Spans],
                    change: Callable[[SpanCount, int, int], None]) -> None:
        """Add (or remove) one person's days, as :func:`_current` gives them."""
        certain, possible = days
        for lo, hi in certain:
            change(self.certain, lo, hi)
        for lo, hi in possible:
            change(self.possible, lo, hi)


def _merged(spans: Iterable[tuple[int, int]]) -> Spans:
    """The union of day intervals, as sorted disjoint ones."""
    out: Spans = []
    for lo, hi in sorted(spans):
        if lo >= hi:
            continue
        if out and lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _minus(spans: Spans, cut: Spans) -> Spans:
    """Sorted disjoint intervals less sorted disjoint ones."""
    out: Spans = []
    for first, hi in spans:
        lo = first
        for a, b in cut:
            if b <= lo or a >= hi:
                continue
            if a > lo:
                out.append((lo, a))
            lo = b
            if lo >= hi:
                break
        if lo < hi:
            out.append((lo, hi))
    return out


def _days(records: Iterable[TenureRecord], level: int) -> tuple[Spans, Spans]:
    """One person's days at one organisation in the current view at ``level``:
    those certainly a member, and those only possibly one, each merged,
    worked out from the records (the check's reference for :func:`_current`)."""
    held = [r for r in records if r.known_until == END and r.levels >> level & 1]
    if not held:
        return [], []
    sure = _merged((r.sure_lo, r.sure_hi) for r in held)
    return sure, _minus(_merged((r.lo, r.hi) for r in held), sure)


def _regions(records: Iterable[TenureRecord], level: int) -> tuple[list[Region], list[Region]]:
    """One person's regions at one organisation at ``level``, over every
    recorded time: the (days, recorded times) they are certainly a member,
    and those they are only possibly one.

    The versions of a tenure are merged: a tenure recorded open at one time
    and closed at a later one is one region over the days it lasted, known
    since it was first recorded, and one over the days after, known until
    the close. Runtime: O(e r) for e day edges and r records.
    """
    held = [r for r in records if r.levels >> level & 1]
    if not held:
        return [], []
    edges = sorted({x for r in held for x in (r.lo, r.hi, r.sure_lo, r.sure_hi)})
    out: tuple[list[Region], list[Region]] = ([], [])
    runs: list[tuple[int, int, Spans]] = [(0, 0, []), (0, 0, [])]  # per kind: lo, hi, times
    for lo, hi in pairwise(edges):
        sure = _merged((r.known_from, r.known_until) for r in held
                       if r.sure_lo <= lo and hi <= r.sure_hi)
        maybe = _minus(_merged((r.known_from, r.known_until) for r in held
                               if r.lo <= lo and hi <= r.hi), sure)
        for kind, times in enumerate((sure, maybe)):
            start, stop, held_times = runs[kind]
            if stop == lo and held_times == times:
                runs[kind] = (start, hi, times)
                continue
            out[kind].extend((start, stop, a, b) for a, b in held_times)
            runs[kind] = (lo, hi, times)
    for kind, (start, stop, times) in enumerate(runs):
        out[kind].extend((start, stop, a, b) for a, b in times)
    return out


def _current(regions: tuple[list[Region], list[Region]]) -> tuple[Spans, Spans]:
    """The days of a person's regions still known: certainly a member, and
    only possibly one, each merged (what :func:`_days` gives from the records)."""
    sure, maybe = (_merged((lo, hi) for lo, hi, _, until in kind if until == END)
                   for kind in regions)
    return sure, maybe


def _start_key(record: TenureRecord) -> int:
    return record.tenure.lo


def _end_days(record: TenureRecord) -> tuple[int, int]:
    end = record.tenure.end
    assert end is not None
    return end.valid.first, end.valid.last


def _founding(event: Event) -> bool:
    return isinstance(event, Founded)


class TenureIndex:
    """Every pair's tenure records, indexed for rosters, careers and flows."""

    __slots__ = ("_all_ends", "_by_person", "_ends", "_horizon", "_pairs", "_rosters",
                 "_starts")

    def __init__(self) -> None:
        self._pairs: dict[Pair, tuple[TenureRecord, ...]] = {}
        self._rosters: dict[tuple[str, int], _Rosters] = {}
        # no record was recorded or superseded after this: a known= view at or
        # beyond it sees what the view of everything known sees
        self._horizon = 0
        self._by_person: dict[str, set[TenureRecord]] = {}
        self._starts: dict[str, SortedKeyList[TenureRecord, int]] = {}
        self._ends: dict[str, RangeIndex[TenureRecord]] = {}
        self._all_ends: RangeIndex[TenureRecord] = RangeIndex(_end_days)  # every organisation's

    @staticmethod
    def compute(
        pair: Pair, versions: list[FactVersion]
    ) -> tuple[tuple[TenureRecord, ...], list[ChronologyError]]:
        """The records of one pair from the versions of the facts about it, and
        the contradictions in any recorded-time view of it."""
        person, org = pair

        def fold(events: tuple[Event, ...],
                 wider: tuple[Event, ...]) -> tuple[list[Tenure], list[ChronologyError]]:
            return fold_tenures(person, org, events, wider)

        rows, problems = bitemporal(versions, fold, widen=_founding)
        return tuple(TenureRecord(*row) for row in rows), problems

    def replace(self, pair: Pair, records: Iterable[TenureRecord]) -> None:
        """Swap a pair's records for new ones. Runtime: O(r log n) for r records."""
        old = self._pairs.pop(pair, ())
        for record in old:
            self._unlink(record)
        new = tuple(records)
        if new:
            self._pairs[pair] = new
            for record in new:
                self._link(record)
        person, org = pair
        for level in range(3):
            rosters = self._rosters.get((org, level))
            if rosters is not None:
                was, now = _regions(old, level), _regions(new, level)
                if was == now:
                    continue
                rosters.change_regions(person, was, BitemporalBag.remove)
                rosters.change_regions(person, now, BitemporalBag.add)
                before, after = _current(was), _current(now)
                if before != after:
                    rosters.change_days(before, SpanCount.remove)
                    rosters.change_days(after, SpanCount.add)

    def _link(self, record: TenureRecord) -> None:
        tenure = record.tenure
        self._horizon = max(self._horizon, record.known_from,
                            record.known_until if record.known_until != END else 0)
        self._by_person.setdefault(tenure.person, set()).add(record)
        self._starts.setdefault(tenure.org, SortedKeyList(key=_start_key)).add(record)
        if tenure.end is not None:
            self._ends.setdefault(tenure.org, RangeIndex(_end_days)).add(record)
            self._all_ends.add(record)

    def _unlink(self, record: TenureRecord) -> None:
        tenure = record.tenure
        self._by_person[tenure.person].discard(record)
        self._starts[tenure.org].remove(record)
        if tenure.end is not None:
            self._ends[tenure.org].remove(record)
            self._all_ends.remove(record)

    def _rosters_of(self, org: str, level: int) -> _Rosters:
        """The roster index of ``org`` at ``level``: built on first use, from
        every record of the organisation's (superseded ones too), and kept
        up to date from then on. An import builds none: an organisation
        never asked about costs nothing to keep."""
        rosters = self._rosters.get((org, level))
        if rosters is None:
            rosters = self._rosters[org, level] = _Rosters()
            by_person: dict[str, list[TenureRecord]] = {}
            for record in self._starts.get(org, ()):
                by_person.setdefault(record.person, []).append(record)
            for person, held in by_person.items():
                regions = _regions(held, level)
                rosters.change_regions(person, regions, BitemporalBag.add)
                rosters.change_days(_current(regions), SpanCount.add)
        return rosters

    def roster(
        self, org: str, day: int, known: int, level: int
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The people certainly at ``org`` at ``day``, and those only possibly there.

        A view of everything known unions the regions still known in the
        O(log U) blocks of ``day`` in ``org``'s bags: O(log U + answer), with
        no Python step per member. A ``known=`` view takes from each block
        the prefix known by then, and checks in C the members later
        knowledge took back: O(log U log b + answer). (A person's certain
        and possible regions never overlap.)
        """
        rosters = self._rosters_of(org, level)
        view = None if known >= self._horizon else known
        return rosters.sure.at(day, view), rosters.maybe.at(day, view)

    def headcount(self, org: str, day: int, known: int, level: int) -> tuple[int, int]:
        """How many are certainly, and only possibly, at ``org`` at ``day``.

        A view of everything known bisects the counts: O(log n), whatever the
        roster's size. A ``known=`` view counts its roster.
        """
        if known < self._horizon:
            ids, others = self.roster(org, day, known, level)
            return len(ids), len(others)
        rosters = self._rosters_of(org, level)
        return rosters.certain.count(day), rosters.possible.count(day)

    def member(
        self, person: str, org: str, day: int, known: int, level: int
    ) -> tuple[Membership, Tenure] | None:
        """The tenure that puts ``person`` at ``org`` at ``day``, and how surely.

        Of several, a certain one wins, then the latest begun.
        Runtime: O(records of the pair).
        """
        return best(self._pairs.get((person, org), ()), day, known, level)

    def whereabouts(
        self, person: str, day: int, known: int, level: int
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The organisations ``person`` is certainly at on ``day``, and those only
        possibly. Runtime: O(tenures of the person)."""
        certain: list[str] = []
        possible: list[str] = []
        for record in self._by_person.get(person, ()):
            if (record.lo <= day < record.hi and record.known_from <= known < record.known_until
                    and record.levels >> level & 1):
                if record.sure_lo <= day < record.sure_hi:
                    certain.append(record.org)
                else:
                    possible.append(record.org)
        sure = frozenset(certain)
        return sure, frozenset(possible).difference(sure) if possible else frozenset()

    def records(self, pair: Pair) -> tuple[TenureRecord, ...]:
        return self._pairs.get(pair, ())

    def region_rows(self, pair: Pair) -> list[tuple[str, str, int, int, int, int, int, int]]:
        """A pair's roster regions as a store keeps them (see
        :mod:`timeline.stores.keys`): ``(seat, person, levels, sure, lo, hi,
        known_from, known_until)``, a region held at several certainty levels
        once, with a bit per level. Runtime: O(e r) for e day edges and r
        records of the pair."""
        person, org = pair
        records = self._pairs.get(pair, ())
        levels: dict[tuple[int, int, int, int, int], int] = {}
        for level in range(3):
            sure, maybe = _regions(records, level)
            for held, kind in ((1, sure), (0, maybe)):
                for region in kind:
                    key = (held, *region)
                    levels[key] = levels.get(key, 0) | 1 << level
        return [(org, person, bits, held, lo, hi, known_from, known_until)
                for (held, lo, hi, known_from, known_until), bits in levels.items()]

    def pairs(self) -> Iterator[Pair]:
        return iter(self._pairs)

    def of_pair(self, pair: Pair, known: int, level: int) -> list[Tenure]:
        """A person's tenures at one organisation in the view. Runtime: O(records
        of the pair)."""
        return [r.tenure for r in self._pairs.get(pair, ()) if r.visible(known, level)]

    def of_person(self, person: str, known: int, level: int) -> list[Tenure]:
        """A person's tenures in the view. Runtime: O(tenures of the person)."""
        return [r.tenure for r in self._by_person.get(person, ()) if r.visible(known, level)]

    def next_elsewhere(
        self, person: str, org: str, after: int, known: int, level: int
    ) -> tuple[Tenure, Event] | None:
        """The person's earliest employment away from ``org`` that may have begun
        on or after day ``after``, with the event that shows it begun: its
        reported start, or, for a tenure whose start nobody reported, its
        first step when that is an observation (the person seen there, the
        tenure possibly begun just before). Earliest by that event's first
        day, then the tenure's last day, then organisation; None when there
        is none. Runtime: O(tenures of the person)."""
        best: tuple[tuple[int, int, str], Tenure, Event] | None = None
        for record in self._by_person.get(person, ()):
            if record.org == org or not record.visible(known, level) or not employment(
                    record.org):
                continue
            tenure = record.tenure
            sign = tenure.start
            if sign is None and tenure.steps and isinstance(tenure.steps[0], Observed):
                sign = tenure.steps[0]
            if sign is None or sign.valid.last < after:
                continue
            key = (sign.valid.first, record.hi, record.org)
            if best is None or key < best[0]:
                best = (key, tenure, sign)
        return (best[1], best[2]) if best is not None else None

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
        self, org: str | None, first: int, last: int, known: int, level: int
    ) -> Iterator[Tenure]:
        """Ended tenures (at the seat ``org``, or in employment anywhere) whose end's days overlap
        ``[first, last]``: certainly or only possibly ended in those days.

        Runtime: O(log n + answer).
        """
        ends = self._ends.get(org) if org is not None else self._all_ends
        for record in ends.overlapping(first, last) if ends is not None else ():
            if record.visible(known, level) and (org is not None or employment(record.org)):
                yield record.tenure

    def _check(self) -> None:
        """Assert that every index holds exactly the records of the pairs.

        Every organisation's roster index, at every level, is built first
        (as a roster asking for it would), so that a check after the next
        change checks what the change did to it."""
        for org in list(self._starts):
            for level in range(3):
                self._rosters_of(org, level)
        records = [r for rs in self._pairs.values() for r in rs]
        assert len(records) == len({id(r) for r in records})
        by_org: dict[str, set[int]] = {org: set() for org in self._starts}
        for (person, org), rs in self._pairs.items():
            for record in rs:
                assert (record.tenure.person, record.tenure.org) == (person, org)
                assert record.known_from < record.known_until, record
                assert 0 < record.levels <= 0b111, record
                assert record.known_from <= self._horizon, record
                assert record.known_until == END or record.known_until <= self._horizon
                by_org.setdefault(org, set()).add(id(record))
                assert record in self._by_person[person]
        for org, starts in self._starts.items():
            check_sorted(starts)
            assert {id(r) for r in starts} == by_org[org], org
        ended = {id(r) for rs in self._pairs.values() for r in rs if r.tenure.end is not None}
        for ends in self._ends.values():
            ends._check()
            assert {id(r) for r in ends} <= ended
        assert sum(len(ends) for ends in self._ends.values()) == len(ended)
        self._all_ends._check()
        assert {id(r) for r in self._all_ends} == ended
        assert sum(len(s) for s in self._by_person.values()) == len(records)
        self._check_bags(records)

    def _check_bags(self, records: list[TenureRecord]) -> None:
        """Assert that each organisation's bags at each level hold exactly its
        pairs' regions; that at every day and recorded time where a record
        changes, they answer what filtering the records answers; that
        nobody is certainly a member twice; and that the headcounts equal
        the sizes of the current rosters."""
        for (org, level), rosters in self._rosters.items():
            regions: dict[str, tuple[list[Region], list[Region]]] = {}
            for (person, at), rs in self._pairs.items():
                if at == org:
                    regions[person] = _regions(rs, level)
            for kind, bag in enumerate((rosters.sure, rosters.maybe)):
                bag._check([(person, lo, hi, first, None if until == END else until)
                            for person, own in regions.items()
                            for lo, hi, first, until in own[kind]])
            mine = [r for r in records if r.org == org and r.levels >> level & 1]
            edges = {x for r in mine for x in (r.lo, r.hi, r.sure_lo, r.sure_hi)}
            times = {k for r in mine for k in (r.known_from, r.known_until)}
            for x in edges | {x - 1 for x in edges}:
                for known in (times | {k - 1 for k in times}) - {END}:
                    seen = [r for r in mine if r.known_from <= known < r.known_until]
                    sure = frozenset(r.person for r in seen if r.sure_lo <= x < r.sure_hi)
                    maybe = frozenset(r.person for r in seen if r.lo <= x < r.hi) - sure
                    answer = (rosters.sure.at(x, known), rosters.maybe.at(x, known))
                    assert (sure, maybe) == answer, (org, level, x, known)
                    if known == END - 1:  # the view of everything known
                        assert answer == (rosters.sure.at(x), rosters.maybe.at(x))
                        counts = (rosters.certain.count(x), rosters.possible.count(x))
                        assert (len(sure), len(maybe)) == counts, (org, level, x)
            by_person: dict[str, list[TenureRecord]] = {}
            for r in mine:
                if r.known_until == END:
                    by_person.setdefault(r.person, []).append(r)
            days = []
            for person, own in by_person.items():
                found = sorted((r.sure_lo, r.sure_hi) for r in own if r.sure_lo < r.sure_hi)
                assert all(a[1] <= b[0] for a, b in pairwise(found)), (org, person, found)
                days.append(_days(own, level))
            rosters.certain._check(span for certain, _ in days for span in certain)
            rosters.possible._check(span for _, possible in days for span in possible)
