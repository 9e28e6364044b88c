"""Structures over half-open day intervals: which keys cover day ``x``, and how many?

- :class:`BitemporalBag` holds keys over day intervals while they are known,
  over intervals of recorded time, and answers which cover a day, now or as
  known at any instant. Each day interval ``[lo, hi)`` is split into the
  canonical dyadic blocks of a fixed universe of days (the blocks a segment
  tree would use): a block of size ``2**k`` that starts at ``i * 2**k`` is
  the key ``(k, i)``, and a key is stored under the O(log U) blocks that
  tile its interval exactly. Every block on the path from the root to day
  ``x`` then holds only keys that cover ``x``, so a stabbing query costs
  O(log U + answer) and never touches a key that does not answer.
- :class:`SpanCount` counts the intervals covering a day without reading them.

>>> bag = BitemporalBag()
>>> bag.add("mira", 10, 20, known_from=1)
>>> bag.add("ilya", 15, UNIVERSE, known_from=1)
>>> sorted(bag.at(12)), sorted(bag.at(17)), sorted(bag.at(25))
(['mira'], ['ilya', 'mira'], ['ilya'])
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator
from itertools import compress
from typing import Any, Generic, TypeVar

from sortedcontainers import SortedKeyList, SortedList

__all__ = ["LEVELS", "UNIVERSE", "BitemporalBag", "SpanCount", "check_sorted"]

LEVELS = 22
UNIVERSE = 1 << LEVELS  # more days than the ordinal of 9999-12-31

T = TypeVar("T", bound=Hashable)
B = TypeVar("B")  # a block: one entry, or entries in columns
_LEVEL_RANGE = range(LEVELS + 1)


def blocks(lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """The dyadic blocks ``(level, index)`` that tile ``[lo, hi)`` exactly."""
    level = 0
    while lo < hi:
        if lo & 1:
            yield level, lo
            lo += 1
        if hi & 1:
            hi -= 1
            yield level, hi
        lo >>= 1
        hi >>= 1
        level += 1


class _Levels(Generic[B]):
    """The dyadic blocks of a table: per level, the blocks that hold
    something, by block index. A lookup skips the empty levels (each lookup
    in a large index is a cache miss)."""

    __slots__ = ("_blocks", "_levels", "_shifts")

    def __init__(self) -> None:
        self._levels: list[dict[int, B]] = [{} for _ in _LEVEL_RANGE]
        self._shifts: tuple[int, ...] = ()
        self._blocks: tuple[dict[int, B], ...] = ()

    def _used(self) -> None:
        """Note which levels hold blocks; call when one fills or empties."""
        self._shifts = tuple(level for level in _LEVEL_RANGE if self._levels[level])
        self._blocks = tuple(self._levels[level] for level in self._shifts)

    def _found(self, x: int) -> Iterator[B]:
        """The blocks that cover day ``x``: O(log U), looked up in C."""
        if not 0 <= x < UNIVERSE:
            return iter(())
        # a block is never empty, so never false
        return filter(None, map(dict.get, self._blocks, map(x.__rshift__, self._shifts)))

    def _check_levels(
        self, expected: list[dict[int, Any]], canonical: Callable[[B], Any] | None = None
    ) -> None:
        """Assert the blocks equal ``expected`` (each block made ``canonical``)."""
        held = self._levels if canonical is None else [
            {index: canonical(block) for index, block in found.items()} for found in self._levels
        ]
        assert expected == held, "blocks do not match spans"
        assert self._shifts == tuple(i for i, found in enumerate(self._levels) if found)
        assert all(a is self._levels[i] for i, a in zip(self._shifts, self._blocks, strict=True))


Entry = tuple[Any, ...]  # (known_from, key) while still known; (known_until, known_from, key)


class BitemporalBag(Generic[T]):
    """Keys over day intervals, each held while known over an interval of
    recorded time: which keys cover day ``x`` as known at ``k``?

    A key is stored under the dyadic blocks that tile its days, in one of two
    tables. Keys still known (no end of knowledge) are kept in each block
    sorted by when they became known: the keys covering ``x`` now are every
    such block on ``x``'s path, united in C, and those known at ``k`` are a
    prefix of each, found by bisection. Keys no longer known are kept apart,
    sorted by when they stopped being known, so a view skips every one that
    stopped by ``k`` and checks the rest. A block of one entry is the entry
    itself, a tuple (one for all the blocks a region is added to); a larger
    one is a list of columns (the sort key first), with no object per entry,
    sorted by whole entries (keys compare), so removing one bisects to it
    however many entries share its time.

    Runtime: O(log U + answer) now; O(log U log b + answer + r) as known at
    ``k``, b the largest block on ``x``'s path and r the entries no longer
    known that stopped after ``k`` but began after it too. A caller that
    merges a key's regions (so that a key known on ``[a, b)`` and then on
    ``[b, c)`` over the same days is one entry on ``[a, c)``) keeps r small.
    The entries no longer known are checked in C (``itertools.compress``
    over a block's columns), with no Python step per entry.

    >>> bag = BitemporalBag()
    >>> bag.add("mira", 10, 20, known_from=100)
    >>> bag.add("ilya", 15, UNIVERSE, known_from=100, known_until=200)
    >>> bag.add("ilya", 15, 30, known_from=200)
    >>> sorted(bag.at(17, 99)), sorted(bag.at(17, 150)), sorted(bag.at(40, 150))
    ([], ['ilya', 'mira'], ['ilya'])
    >>> sorted(bag.at(40, 250)), sorted(bag.at(17, 250)), sorted(bag.at(40))
    ([], ['ilya', 'mira'], [])
    """

    __slots__ = ("_closed", "_open", "_size")

    def __init__(self) -> None:
        self._open: _Levels[Any] = _Levels()
        self._closed: _Levels[Any] = _Levels()
        self._size = 0

    def __len__(self) -> int:
        """How many regions are stored."""
        return self._size

    def add(self, key: T, lo: int, hi: int, known_from: int,
            known_until: int | None = None) -> None:
        """Hold ``key`` over days ``[lo, hi)`` while known in ``[known_from,
        known_until)`` (None: still known). Runtime: O(log U (log b + b)),
        b the size of a block, whose entries are moved in C."""
        table, entry = self._entry(key, lo, hi, known_from, known_until)
        if table is None:
            return
        levels = table._levels
        grown = False
        for level, index in blocks(max(lo, 0), min(hi, UNIVERSE)):
            found = levels[level]
            block = found.get(index)
            if block is None:
                grown = grown or not found
                found[index] = entry
                continue
            if type(block) is tuple:
                block = found[index] = [[value] for value in block]
            at = _span(block, entry)[1]
            for column, value in zip(block, entry, strict=True):
                column.insert(at, value)
        self._size += 1
        if grown:
            table._used()

    def remove(self, key: T, lo: int, hi: int, known_from: int,
               known_until: int | None = None) -> None:
        """Forget a region added before. Runtime: as :meth:`add`: the entry
        is found in each block by bisection, however many share its time."""
        table, entry = self._entry(key, lo, hi, known_from, known_until)
        if table is None:
            return
        levels = table._levels
        shrunk = False
        for level, index in blocks(max(lo, 0), min(hi, UNIVERSE)):
            found = levels[level]
            block = found[index]
            if type(block) is tuple:
                assert block == entry, (entry, block)
                del found[index]
                shrunk = shrunk or not found
                continue
            at, stop = _span(block, entry)
            assert at < stop, (entry, "not in its block")
            for column in block:
                del column[at]
            if len(block[0]) == 1:
                found[index] = tuple(column[0] for column in block)
        self._size -= 1
        if shrunk:
            table._used()

    def _entry(self, key: T, lo: int, hi: int, known_from: int,
               known_until: int | None) -> tuple[_Levels[Any] | None, Entry]:
        """The table a region goes to and its entry there; no table when empty."""
        if max(lo, 0) >= min(hi, UNIVERSE):
            return None, ()
        if known_until is None:
            return self._open, (known_from, key)
        if known_from >= known_until:
            return None, ()
        return self._closed, (known_until, known_from, key)

    def at(self, x: int, known: int | None = None) -> frozenset[T]:
        """The keys covering day ``x`` as known at ``known`` (None: the keys
        still known, as known now).

        Runtime: O(log U + answer) now, in C per key; O(log U log b +
        answer + r) as known at ``known``, as the class says.
        """
        parts: list[Iterable[T]] = []
        lone: list[T] = []
        if known is None:
            for block in self._open._found(x):
                if type(block) is tuple:
                    lone.append(block[1])
                else:
                    parts.append(block[1])
            return frozenset(lone).union(*parts)
        for block in self._open._found(x):
            if type(block) is tuple:
                if block[0] <= known:
                    lone.append(block[1])
                continue
            froms, keys = block
            if froms[-1] <= known:
                parts.append(keys)
            else:
                parts.append(keys[:bisect_right(froms, known)])
        for block in self._closed._found(x):
            if type(block) is tuple:
                if block[1] <= known < block[0]:
                    lone.append(block[2])
                continue
            untils, froms, keys = block
            start = bisect_right(untils, known)
            if start < len(keys):  # those that stopped after known, if begun by then: in C
                parts.append(compress(keys[start:], map(known.__ge__, froms[start:])))
        return frozenset(lone).union(*parts)

    def _check(self, regions: Iterable[tuple[T, int, int, int, int | None]]) -> None:
        """Assert that exactly ``regions`` (the non-empty ones) are stored, each
        block sorted, a block of one entry being that entry."""
        expected = BitemporalBag[T]()
        for region in regions:
            expected.add(*region)
        assert expected._size == self._size, (expected._size, self._size)
        for table, want in ((self._open, expected._open), (self._closed, expected._closed)):
            table._check_levels([
                {index: _canonical(block) for index, block in found.items()}
                for found in want._levels
            ], canonical=_canonical)
            for found in table._levels:
                for block in found.values():
                    if type(block) is not tuple:
                        assert len(block[0]) > 1, block
                        entries = list(zip(*block, strict=True))
                        assert entries == sorted(entries), block


def _span(block: list[list[Any]], entry: Entry) -> tuple[int, int]:
    """Where ``entry``'s equals lie in a block of columns sorted by whole
    entries: each column bisected within the run of the columns before it.
    Runtime: O(log b)."""
    lo, hi = 0, len(block[0])
    for column, value in zip(block, entry, strict=True):
        lo = bisect_left(column, value, lo, hi)
        hi = bisect_right(column, value, lo, hi)
    return lo, hi


def _canonical(block: Any) -> list[Entry]:
    """A block's entries in one order, whatever order equal sort keys came in."""
    return [block] if type(block) is tuple else sorted(zip(*block, strict=True))


class SpanCount:
    """How many of the stored intervals ``[lo, hi)`` cover day ``x``, in O(log n).

    The starts and the ends are kept in two sorted lists: every interval that
    has ended by ``x`` has also begun, so the intervals covering ``x`` number
    the starts up to ``x`` less the ends up to ``x`` — two bisections, with
    no interval touched. Empty intervals are not stored.

    >>> spans = SpanCount()
    >>> spans.add(10, 20)
    >>> spans.add(15, UNIVERSE)
    >>> spans.count(9), spans.count(12), spans.count(17), spans.count(25)
    (0, 1, 2, 1)
    >>> spans.remove(10, 20)
    >>> spans.count(17), len(spans)
    (1, 1)
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: SortedList[int] = SortedList()
        self._ends: SortedList[int] = SortedList()

    def __len__(self) -> int:
        """How many intervals are stored."""
        return len(self._starts)

    def add(self, lo: int, hi: int) -> None:
        """Store ``[lo, hi)``. Runtime complexity: O(log n)."""
        if lo < hi:
            self._starts.add(lo)
            self._ends.add(hi)

    def remove(self, lo: int, hi: int) -> None:
        """Forget ``[lo, hi)``, stored before. Runtime complexity: O(log n)."""
        if lo < hi:
            self._starts.remove(lo)
            self._ends.remove(hi)

    def count(self, x: int) -> int:
        """How many intervals cover day ``x``. Runtime complexity: O(log n)."""
        return self._starts.bisect_right(x) - self._ends.bisect_right(x)

    def _check(self, spans: Iterable[tuple[int, int]]) -> None:
        """Assert that exactly ``spans`` (the non-empty ones) are stored."""
        held = [(lo, hi) for lo, hi in spans if lo < hi]
        assert sorted(lo for lo, _ in held) == list(self._starts), "starts do not match spans"
        assert sorted(hi for _, hi in held) == list(self._ends), "ends do not match spans"


def check_sorted(items: SortedKeyList[Any, Any]) -> None:
    """Assert that a sorted list is in key order and its key index is sound."""
    keys = [items.key(item) for item in items]
    assert keys == sorted(keys), "sorted list out of order"
    assert len(items) == len(keys)
