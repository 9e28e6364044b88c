"""A seat's rosters from held regions equal a plain filter over the regions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import StoreError
from timeline.engine.corrections import END
from timeline.engine.intervals import UNIVERSE
from timeline.engine.region_rosters import RegionRosters

#: A region as a store gives it: person, levels, sure, lo, hi, known_from, known_until.
SeatRegion = tuple[str, int, int, int, int, int, int]
_PEOPLE = ("ada", "bo", "cy", "di", "ed")
_DAYS = st.integers(0, 40)


@st.composite
def _regions(draw: st.DrawFn) -> list[SeatRegion]:
    out = []
    for _ in range(draw(st.integers(0, 30))):
        lo = draw(st.sampled_from([0, *range(1, 40)]))
        hi = draw(st.sampled_from([UNIVERSE, *range(lo + 1, 41)]))
        known_from = draw(st.integers(0, 20))
        known_until = draw(st.sampled_from([END, *range(known_from + 1, 22)]))
        out.append((draw(st.sampled_from(_PEOPLE)), draw(st.integers(1, 7)),
                    draw(st.integers(0, 1)), lo, hi, known_from, known_until))
    return out


def _plainly(regions: list[SeatRegion], day: int, known: int | None,
             level: int) -> tuple[frozenset[str], frozenset[str]]:
    held = [(person, sure) for person, levels, sure, lo, hi, known_from, known_until in regions
            if levels >> level & 1 and lo <= day < hi
            and (known_until == END if known is None else known_from <= known < known_until)]
    return (frozenset(p for p, sure in held if sure), frozenset(p for p, sure in held if not sure))


@given(_regions(), _DAYS, st.none() | st.integers(0, 22), st.integers(0, 2))
def test_a_roster_from_held_regions_equals_a_plain_filter(
        regions: list[SeatRegion], day: int, known: int | None, level: int) -> None:
    held = RegionRosters("org", regions)
    assert len(regions) == len(held)
    assert _plainly(regions, day, known, level) == held.at(day, known, level)


def test_a_seat_without_regions_has_an_empty_roster() -> None:
    assert (frozenset(), frozenset()) == RegionRosters("org", []).at(10, None, 0)


def test_a_roster_before_every_region_begins_is_empty() -> None:
    held = RegionRosters("org", [("ada", 0b111, 1, 5, UNIVERSE, 0, END)])
    assert (frozenset(), frozenset()) == held.at(4, None, 0)
    assert (frozenset({"ada"}), frozenset()) == held.at(5, None, 0)


@pytest.mark.parametrize("bad", ["soon", None, 2**70, 5.5, "5"])
def test_a_region_whose_numbers_are_not_integers_is_a_store_error_naming_it(bad: object) -> None:
    with pytest.raises(StoreError, match="roster_regions: the row kept for seat 'org'") as raised:
        RegionRosters("org", [("ada", 7, 1, 5, UNIVERSE, 0, END), ("bo", 7, 1, bad, 9, 0, END)])
    assert "'bo'" in str(raised.value)
