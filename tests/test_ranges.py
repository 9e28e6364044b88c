"""The range index against a plain filter, on drawn ranges and windows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline.engine.ranges import RangeIndex

spans = st.tuples(st.integers(1, 400), st.sampled_from([0, 0, 1, 6, 31, 365, 5000]))


@given(st.lists(spans, max_size=30), st.data())
def test_a_window_finds_each_range_it_overlaps_once(drawn, data):
    items = [(first, first + width, i) for i, (first, width) in enumerate(drawn)]
    index: RangeIndex[tuple[int, int, int]] = RangeIndex(lambda item: item[:2])
    for item in items:
        index.add(item)
    for item in data.draw(st.lists(st.sampled_from(items), unique=True)) if items else ():
        index.remove(item)
        items.remove(item)
    index._check()
    lo = data.draw(st.integers(0, 500), label="lo")
    hi = data.draw(st.integers(lo - 1, lo + 60), label="hi")
    found = list(index.overlapping(lo, hi))
    assert len(found) == len(set(found))
    # an empty window (hi < lo) overlaps nothing
    assert sorted(i for i in items if lo <= hi and i[0] <= hi and i[1] >= lo) == sorted(found)


def test_a_range_spanning_the_whole_window_is_found() -> None:
    index: RangeIndex[tuple[int, int]] = RangeIndex(lambda item: item)
    index.add((1, 10_000))
    assert [(1, 10_000)] == list(index.overlapping(500, 600))
    index.remove((1, 10_000))
    assert [] == list(index.overlapping(500, 600))
    index._check()
