"""The interval structures against brute force: every day, after any adds and removes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.engine.intervals import UNIVERSE, BitemporalBag, SpanCount

KEYS = st.sampled_from("abcde")
BOUND = st.one_of(st.integers(0, 70), st.just(UNIVERSE))
SPAN = st.tuples(KEYS, BOUND, BOUND).map(lambda s: (s[0], min(s[1], s[2]), max(s[1], s[2])))
DAYS = (0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 69, 70, 71, 1000, UNIVERSE - 1)


TIMES = st.integers(0, 12)
KNOWN = st.tuples(TIMES, st.one_of(st.none(), TIMES)).map(
    lambda k: k if k[1] is None else (min(k), max(k))
)


@given(st.lists(st.tuples(SPAN, KNOWN, st.booleans()), max_size=30))
def test_a_bitemporal_bag_holds_exactly_the_keys_covering_a_day_as_known_then(steps):
    bag: BitemporalBag[str] = BitemporalBag()
    held: list[tuple[str, int, int, int, int | None]] = []
    for (key, lo, hi), (known_from, known_until), remove_one in steps:
        if remove_one and held:
            bag.remove(*held.pop(len(held) // 2))
        else:
            held.append((key, lo, hi, known_from, known_until))
            bag.add(*held[-1])
        bag._check(held)
        assert len([r for r in held if r[1] < r[2] and (r[4] is None or r[3] < r[4])]) == len(bag)
        for day in DAYS:
            for known in range(-1, 14):
                covering = {key for key, lo, hi, start, stop in held
                            if lo <= day < hi and start <= known and (stop is None or known < stop)}
                assert covering == bag.at(day, known), (day, known)
            now = {key for key, lo, hi, _, stop in held if lo <= day < hi and stop is None}
            assert now == bag.at(day), day
    assert bag.at(-1, 20) == frozenset()
    assert bag.at(UNIVERSE, 20) == frozenset()


@given(st.lists(st.tuples(SPAN, st.booleans()), max_size=40))
def test_a_span_count_counts_exactly_the_intervals_that_cover_a_day(steps):
    spans = SpanCount()
    held: list[tuple[int, int]] = []
    for (_, lo, hi), remove_one in steps:
        if remove_one and held:
            spans.remove(*held.pop(len(held) // 3))
        else:
            held.append((lo, hi))
            spans.add(lo, hi)
        spans._check(held)
        assert len([s for s in held if s[0] < s[1]]) == len(spans)
        for day in (-1, *DAYS, UNIVERSE):
            assert sum(lo <= day < hi for lo, hi in held) == spans.count(day), day


def test_removing_regions_known_from_one_instant_finds_each_by_bisection():
    bag = BitemporalBag()
    people = [f"person-{i:04d}" for i in range(300)]
    for person in reversed(people):
        bag.add(person, 10, UNIVERSE, known_from=5)
        bag.add(person, 10, 40, known_from=5, known_until=9)
    for person in people[::2]:
        bag.remove(person, 10, UNIVERSE, known_from=5)
        bag.remove(person, 10, 40, known_from=5, known_until=9)
    kept = people[1::2]
    bag._check([(p, 10, UNIVERSE, 5, None) for p in kept] + [(p, 10, 40, 5, 9) for p in kept])
    assert frozenset(kept) == bag.at(20) == bag.at(20, 7)


def test_removing_a_region_never_added_names_it_instead_of_running_off_its_block():
    bag = BitemporalBag()
    bag.add("mira", 10, 20, known_from=5)
    bag.add("ilya", 10, 20, known_from=5)
    with pytest.raises(AssertionError, match="greg"):
        bag.remove("greg", 10, 20, known_from=5)
