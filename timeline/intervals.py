"""A stabbing index over half-open day intervals: which items cover day ``x``?

Each interval ``[lo, hi)`` is split into the canonical dyadic blocks of a
fixed universe of days (the blocks a segment tree would use). A block of size
``2**k`` that starts at ``i * 2**k`` is the key ``(k, i)``; an item is stored
under the O(log U) blocks that tile its interval exactly. Every block on the
path from the root to day ``x`` then holds only items that cover ``x``, so a
stabbing query costs O(log U + answer) and never touches an item that does
not answer. Inserting or removing an item costs O(log U).

>>> index = DyadicIndex()
>>> index.add("mira", 10, 20)
>>> index.add("ilya", 15, UNIVERSE)
>>> sorted(index.stab(12)), sorted(index.stab(17)), sorted(index.stab(25))
(['mira'], ['ilya', 'mira'], ['ilya'])
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Collection, Hashable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from sortedcontainers import SortedKeyList, SortedList

__all__ = ["LEVELS", "UNIVERSE", "DyadicBag", "DyadicIndex", "SpanCount", "check_sorted"]

LEVELS = 22
UNIVERSE = 1 << LEVELS  # more days than the ordinal of 9999-12-31

T = TypeVar("T", bound=Hashable)
B = TypeVar("B")  # a block: a set of items, or keys with their counts
_LEVEL_RANGE = range(LEVELS + 1)
_NONE: Any = object()  # no block here (a stored key may be anything hashable)
_NONES = itertools.repeat(_NONE)
_FOUND = functools.partial(operator.is_not, _NONE)


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
    """The dyadic blocks of both structures: per level, the blocks that hold
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
        return filter(_FOUND, map(dict.get, self._blocks, map(x.__rshift__, self._shifts),
                                  _NONES))

    def _check_levels(self, expected: list[dict[int, B]]) -> None:
        assert expected == self._levels, "blocks do not match spans"
        assert self._shifts == tuple(i for i, found in enumerate(self._levels) if found)
        assert all(a is self._levels[i] for i, a in zip(self._shifts, self._blocks, strict=True))


class DyadicIndex(_Levels[set[T]]):
    """Items with day intervals ``[lo, hi)``, found by the days they cover.

    ``lo`` and ``hi`` are clamped to ``[0, UNIVERSE]``: pass ``0`` for an
    unknown start and ``UNIVERSE`` for an open end.
    """

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        super().__init__()
        self._spans: dict[T, tuple[int, int]] = {}

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, item: object) -> bool:
        return item in self._spans

    def __iter__(self) -> Iterator[T]:
        return iter(self._spans)

    def add(self, item: T, lo: int, hi: int) -> None:
        """Store ``item`` over ``[lo, hi)``. Runtime complexity: O(log U)."""
        lo, hi = max(lo, 0), min(hi, UNIVERSE)
        if item in self._spans:
            raise ValueError(f"{item!r} is already in the index; remove it first")
        self._spans[item] = (lo, hi)
        levels = self._levels
        grown = False
        for level, index in blocks(lo, hi):
            found = levels[level]
            block = found.get(index)
            if block is None:
                grown = grown or not found
                found[index] = {item}
            else:
                block.add(item)
        if grown:
            self._used()

    def remove(self, item: T) -> None:
        """Forget ``item``. Runtime complexity: O(log U)."""
        lo, hi = self._spans.pop(item)
        levels = self._levels
        shrunk = False
        for level, index in blocks(lo, hi):
            block = levels[level][index]
            block.discard(item)
            if not block:
                del levels[level][index]
                shrunk = shrunk or not levels[level]
        if shrunk:
            self._used()

    def stab(self, x: int) -> Iterator[T]:
        """Every item whose interval covers day ``x``. Runtime: O(log U + answer)."""
        for block in self._found(x):
            yield from block

    def covering(self, x: int) -> set[T]:
        """The items whose intervals cover day ``x``, gathered in C: O(log U + answer)."""
        return set().union(*self._found(x))

    def span(self, item: T) -> tuple[int, int]:
        """The interval ``item`` was stored with."""
        return self._spans[item]

    def _check(self) -> None:
        """Assert the structural invariants: blocks tile each span exactly."""
        expected: list[dict[int, set[T]]] = [{} for _ in _LEVEL_RANGE]
        for item, (lo, hi) in self._spans.items():
            assert 0 <= lo <= hi <= UNIVERSE, (item, lo, hi)
            covered = 0
            for level, index in blocks(lo, hi):
                expected[level].setdefault(index, set()).add(item)
                covered += 1 << level
            assert covered == hi - lo, (item, lo, hi, covered)
        self._check_levels(expected)


class DyadicBag(_Levels[Any], Generic[T]):
    """Keys counted over day intervals, for answers built at C speed.

    Like :class:`DyadicIndex`, each interval ``[lo, hi)`` is stored under the
    dyadic blocks that tile it, but a block holds a count per key rather than
    the items themselves, so the keys covering day ``x`` are the union of the
    O(log U) blocks on ``x``'s path — one ``frozenset.union`` call, with no
    Python-level step per key. A key may be added over several intervals; it
    covers ``x`` while any of them does. Most blocks hold one key once: such
    a block is the key itself, not a dict of one, which halves the memory
    and the objects a lookup reads.

    >>> bag = DyadicBag()
    >>> bag.add("mira", 10, 20)
    >>> bag.add("ilya", 15, UNIVERSE)
    >>> sorted(bag.at(12)), sorted(bag.at(17)), bag.count(17)
    (['mira'], ['ilya', 'mira'], 2)
    >>> bag.remove("mira", 10, 20)
    >>> sorted(bag.at(17))
    ['ilya']
    """

    __slots__ = ("_size",)

    def __init__(self) -> None:
        super().__init__()
        self._size = 0

    def __len__(self) -> int:
        """How many intervals are stored."""
        return self._size

    def add(self, key: T, lo: int, hi: int) -> None:
        """Count ``key`` over ``[lo, hi)``. Runtime complexity: O(log U)."""
        lo, hi = max(lo, 0), min(hi, UNIVERSE)
        if lo >= hi:
            return
        levels = self._levels
        grown = False
        for level, index in blocks(lo, hi):
            found = levels[level]
            block = found.get(index, _NONE)
            if block is _NONE:
                grown = grown or not found
                found[index] = key
            elif type(block) is dict:
                block[key] = block.get(key, 0) + 1
            else:
                found[index] = {key: 2} if block == key else {block: 1, key: 1}
        self._size += 1
        if grown:
            self._used()

    def remove(self, key: T, lo: int, hi: int) -> None:
        """Uncount ``key`` over ``[lo, hi)``, added before. Runtime: O(log U)."""
        lo, hi = max(lo, 0), min(hi, UNIVERSE)
        if lo >= hi:
            return
        levels = self._levels
        shrunk = False
        for level, index in blocks(lo, hi):
            found = levels[level]
            block = found[index]
            if type(block) is not dict:
                assert block == key, (key, block)
                del found[index]
                shrunk = shrunk or not found
                continue
            left = block[key] - 1
            if left:
                block[key] = left
            else:
                del block[key]
            if len(block) == 1:
                (only, times), = block.items()
                if times == 1:
                    found[index] = only
        self._size -= 1
        if shrunk:
            self._used()

    def _blocks_at(self, x: int) -> list[Collection[T]]:
        """The keys of each block on ``x``'s path, a lone key as a 1-tuple."""
        return [block if type(block) is dict else (block,) for block in self._found(x)]

    def at(self, x: int) -> frozenset[T]:
        """The keys covering day ``x``. Runtime: O(log U + answer), in C per key."""
        return frozenset().union(*self._blocks_at(x))

    def count(self, x: int) -> int:
        """How many keys cover ``x``, when no key covers it twice: O(log U)."""
        return sum(map(len, self._blocks_at(x)))

    def _check(self, spans: list[tuple[T, int, int]]) -> None:
        """Assert the blocks count exactly ``spans``, the intervals added, each
        block that holds one key once being that key."""
        expected = DyadicBag[T]()
        for key, lo, hi in spans:
            expected.add(key, lo, hi)
        self._check_levels(expected._levels)
        assert expected._size == self._size
        for found in self._levels:
            for block in found.values():
                if type(block) is dict:
                    assert all(times > 0 for times in block.values()), block
                    assert len(block) > 1 or sum(block.values()) > 1, block


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
