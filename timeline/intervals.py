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

from collections.abc import Hashable, Iterator
from typing import Any, Generic, TypeVar

from sortedcontainers import SortedKeyList

__all__ = ["LEVELS", "UNIVERSE", "DyadicIndex", "check_sorted"]

LEVELS = 22
UNIVERSE = 1 << LEVELS  # more days than the ordinal of 9999-12-31

T = TypeVar("T", bound=Hashable)


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


class DyadicIndex(Generic[T]):
    """Items with day intervals ``[lo, hi)``, found by the days they cover.

    ``lo`` and ``hi`` are clamped to ``[0, UNIVERSE]``: pass ``0`` for an
    unknown start and ``UNIVERSE`` for an open end.
    """

    __slots__ = ("_blocks", "_spans")

    def __init__(self) -> None:
        self._blocks: dict[tuple[int, int], set[T]] = {}
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
        for key in blocks(lo, hi):
            self._blocks.setdefault(key, set()).add(item)

    def remove(self, item: T) -> None:
        """Forget ``item``. Runtime complexity: O(log U)."""
        lo, hi = self._spans.pop(item)
        for key in blocks(lo, hi):
            members = self._blocks[key]
            members.discard(item)
            if not members:
                del self._blocks[key]

    def stab(self, x: int) -> Iterator[T]:
        """Every item whose interval covers day ``x``. Runtime: O(log U + answer)."""
        if not 0 <= x < UNIVERSE:
            return
        found = self._blocks
        for level in range(LEVELS + 1):
            members = found.get((level, x >> level))
            if members:
                yield from members

    def span(self, item: T) -> tuple[int, int]:
        """The interval ``item`` was stored with."""
        return self._spans[item]

    def _check(self) -> None:
        """Assert the structural invariants: blocks tile each span exactly."""
        expected: dict[tuple[int, int], set[T]] = {}
        for item, (lo, hi) in self._spans.items():
            assert 0 <= lo <= hi <= UNIVERSE, (item, lo, hi)
            covered = 0
            for key in blocks(lo, hi):
                expected.setdefault(key, set()).add(item)
                covered += 1 << key[0]
            assert covered == hi - lo, (item, lo, hi, covered)
        assert expected == self._blocks, "blocks do not match spans"


def check_sorted(items: SortedKeyList[Any, Any]) -> None:
    """Assert that a sorted list is in key order and its key index is sound."""
    keys = [items.key(item) for item in items]
    assert keys == sorted(keys), "sorted list out of order"
    assert len(items) == len(keys)
