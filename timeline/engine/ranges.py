"""Items dated by a range of days, found by any window they overlap.

A departure dated ``2024-05``, ``2018/2024-10-01`` or ``../2025-02-19``
happened on one day of its range, no one knows which. A question over a
window of days ``[lo, hi]`` wants each such item that happened *certainly*
in the window (its whole range inside) and each that *possibly* did (its
range only overlaps the window). :class:`RangeIndex` finds every item whose
range overlaps a window, in two disjoint parts, each output-sensitive:

- items whose first day is in the window, from a list sorted by first day;
- items that begin before the window and end in it or after it: every one
  covers the window's first day, so the dyadic blocks on that day's path
  (the tiling of :mod:`timeline.engine.intervals`) hold them all and nothing else.
  Only items of more than one day can begin before a day and cover it, so
  only they are tiled.

>>> index = RangeIndex(lambda item: item)
>>> for span in [(10, 10), (5, 12), (1, 40), (15, 20), (30, 31)]:
...     index.add(span)
>>> sorted(index.overlapping(11, 16))
[(1, 40), (5, 12), (15, 20)]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

from sortedcontainers import SortedKeyList

from timeline.engine.intervals import LEVELS, blocks, check_sorted

__all__ = ["RangeIndex"]

T = TypeVar("T", bound=Hashable)


class RangeIndex(Generic[T]):
    """Items over inclusive day ranges ``[first, last]`` (``days(item)``
    gives them), found by the windows they overlap.

    Runtime: O(log n) to add or remove an item of one day, O(log n + log U)
    one of several (it is held in O(log U) blocks); O(log n + log U +
    answer) to find those overlapping a window. Items are kept by identity:
    two equal items are two items.
    """

    __slots__ = ("_by_first", "_days", "_levels", "_spans", "_used")

    def __init__(self, days: Callable[[T], tuple[int, int]]) -> None:
        self._days = days
        self._by_first: SortedKeyList[T, tuple[int, ...]] = SortedKeyList(key=days)
        # the items of more than one day, by dyadic block of their days; how
        # many blocks each level holds, and the levels that hold any
        self._spans: dict[tuple[int, int], dict[int, T]] = {}
        self._levels = [0] * (LEVELS + 1)
        self._used: tuple[int, ...] = ()

    def __len__(self) -> int:
        return len(self._by_first)

    def __iter__(self) -> Iterator[T]:
        """Every item, by first day then last."""
        return iter(self._by_first)

    def add(self, item: T) -> None:
        self._by_first.add(item)
        first, last = self._days(item)
        for block in blocks(first, last + 1) if first < last else ():
            held = self._spans.get(block)
            if held is None:
                held = self._spans[block] = {}
                self._count(block[0], 1)
            held[id(item)] = item

    def remove(self, item: T) -> None:
        """Remove ``item``, which must be held: O(log n + items of its days)."""
        self._by_first.remove(item)
        first, last = self._days(item)
        for block in blocks(first, last + 1) if first < last else ():
            held = self._spans[block]
            del held[id(item)]
            if not held:
                del self._spans[block]
                self._count(block[0], -1)

    def discard(self, item: T) -> None:
        """Remove ``item`` if it is held (a rollback may meet an item that a
        failed change never added): as :meth:`remove`."""
        first, last = self._days(item)
        if any(held is item for held in self._by_first.irange_key((first, last), (first, last))):
            self.remove(item)

    def _count(self, level: int, change: int) -> None:
        self._levels[level] += change
        if self._levels[level] in (0, 1):  # a level filled or emptied
            self._used = tuple(i for i, n in enumerate(self._levels) if n)

    def overlapping(self, lo: int, hi: int) -> Iterator[T]:
        """Each item whose range shares a day with ``[lo, hi]``, once (none
        when ``hi < lo``)."""
        if hi < lo:
            return
        yield from self._by_first.irange_key((lo,), (hi + 1,), inclusive=(True, False))
        # begun before the window, ended in it or after: they all cover day lo
        spans, days = self._spans, self._days
        for level in self._used:
            held = spans.get((level, lo >> level))
            if held:
                for item in held.values():
                    if days(item)[0] < lo:
                        yield item

    def _check(self) -> None:
        """Assert that the sorted list and the blocks hold the same items."""
        check_sorted(self._by_first)
        items = {id(item): item for item in self._by_first}
        assert len(items) == len(self._by_first)
        expected: dict[tuple[int, int], set[int]] = {}
        for key, item in items.items():
            first, last = self._days(item)
            assert first <= last, item
            for block in blocks(first, last + 1) if first < last else ():
                expected.setdefault(block, set()).add(key)
        assert expected == {block: set(held) for block, held in self._spans.items()}
        levels = [0] * (LEVELS + 1)
        for level, _ in self._spans:
            levels[level] += 1
        assert levels == self._levels
        assert self._used == tuple(i for i, n in enumerate(levels) if n)
