"""Items dated by a range of days, found by any window they overlap.

A departure dated ``2024-05``, ``2018/2024-10-01`` or ``../2025-02-19``
happened on one day of its range, no one knows which. A question over a
window of days ``[lo, hi]`` wants each such item that happened *certainly*
in the window (its whole range inside) and each that *possibly* did (its
range only overlaps the window). :class:`RangeIndex` finds every item whose
range overlaps a window, in three disjoint parts, each output-sensitive:

- items whose first day is in the window, from a list sorted by first day;
- items that begin before the window and whose last day is in it, from a
  list sorted by last day;
- items that begin before the window and end after it: every one covers
  the window's first day, so the dyadic blocks on that day's path (the
  tiling of :mod:`timeline.intervals`) hold them all and nothing else. Only
  items of more than one day can span a window, so only they are tiled.

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

from timeline.intervals import LEVELS, blocks, check_sorted

__all__ = ["RangeIndex"]

T = TypeVar("T", bound=Hashable)


class RangeIndex(Generic[T]):
    """Items over inclusive day ranges ``[first, last]`` (``days(item)``
    gives them), found by the windows they overlap.

    Runtime: O(log n) to add or remove an item of one day, O(log n + log U)
    one of several; O(log n + log U + answer) to find those overlapping a
    window. Items are kept by identity: two equal items are two items.
    """

    __slots__ = ("_by_first", "_by_last", "_days", "_spans")

    def __init__(self, days: Callable[[T], tuple[int, int]]) -> None:
        self._days = days
        self._by_first: SortedKeyList[T, tuple[int, ...]] = SortedKeyList(key=days)
        self._by_last: SortedKeyList[T, tuple[int, ...]] = SortedKeyList(
            key=lambda item: days(item)[::-1])
        # the items of more than one day, by dyadic block of their days
        self._spans: dict[tuple[int, int], dict[int, T]] = {}

    def __len__(self) -> int:
        return len(self._by_first)

    def __iter__(self) -> Iterator[T]:
        """Every item, by first day then last."""
        return iter(self._by_first)

    def add(self, item: T) -> None:
        self._by_first.add(item)
        self._by_last.add(item)
        first, last = self._days(item)
        for block in blocks(first, last + 1) if first < last else ():
            self._spans.setdefault(block, {})[id(item)] = item

    def remove(self, item: T) -> None:
        """Remove ``item``, which must be held: O(log n + items of its days)."""
        self._by_first.remove(item)
        self._by_last.remove(item)
        first, last = self._days(item)
        for block in blocks(first, last + 1) if first < last else ():
            held = self._spans[block]
            del held[id(item)]
            if not held:
                del self._spans[block]

    def overlapping(self, lo: int, hi: int) -> Iterator[T]:
        """Each item whose range shares a day with ``[lo, hi]``, once (none
        when ``hi < lo``)."""
        if hi < lo:
            return
        window = ((lo,), (hi + 1,))
        yield from self._by_first.irange_key(*window, inclusive=(True, False))
        # begun before the window, ended in it
        for item in self._by_last.irange_key(*window, inclusive=(True, False)):
            if self._days(item)[0] < lo:
                yield item
        # begun before the window, ended after it: they all cover day lo
        if not self._spans:
            return
        for level in range(LEVELS + 1):
            held = self._spans.get((level, lo >> level))
            for item in held.values() if held else ():
                first, last = self._days(item)
                if first < lo and last > hi:
                    yield item

    def _check(self) -> None:
        """Assert that the three parts hold exactly the same items."""
        check_sorted(self._by_first)
        check_sorted(self._by_last)
        items = {id(item): item for item in self._by_first}
        assert len(items) == len(self._by_first) == len(self._by_last)
        assert items.keys() == {id(item) for item in self._by_last}
        expected: dict[tuple[int, int], set[int]] = {}
        for key, item in items.items():
            first, last = self._days(item)
            assert first <= last, item
            for block in blocks(first, last + 1) if first < last else ():
                expected.setdefault(block, set()).add(key)
        assert expected == {block: set(held) for block, held in self._spans.items()}
