"""When each entity bore each of its names, and which entity a name means.

A name is borne in valid time. An entity's canonical name runs from its
declaration's name through each ``Renamed`` in date order; its aliases are
borne for as long as it exists. An organisation exists from its founding
where the log has one; otherwise from its declaration's date certainly and
possibly before (a declaration says the entity existed by then, not that it
began then). Imprecise dates make a name's edges uncertain: a name is
*certainly* borne on a day when every date involved says so, and *possibly*
when one of them covers the day.

A name then means, on a day or over a span of days:

1. the one entity that certainly bore it then (two or more: ambiguous);
2. else, of those that possibly bore it then, or of every entity that ever
   answered to it when none did, the one whose certain bearing lies nearest
   in time (a tie: ambiguous; an entity that never certainly bore it is
   farthest of all).

Asked with no date, a name means the one entity that answers to it, or,
among several, the one that certainly bears it today; anything else is
ambiguous. See docs/concepts.md, "Names in valid time".
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from timeline.model.catalog import Declared, Founded, Renamed

__all__ = ["AFTER", "BEFORE", "Bearing", "Span", "bearings", "choose"]

#: A span of days, both ends included; ``BEFORE`` and ``AFTER`` stand for no end.
Span = tuple[int, int]
BEFORE = 0
AFTER = 10**9
FARTHEST = AFTER * 2
"""The distance to a name never certainly borne."""


def _merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for lo, hi in sorted(s for s in spans if s[0] <= s[1]):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _clip(span: Span, start: int) -> Span:
    return max(span[0], start), span[1]


def _overlaps(spans: Sequence[Span], lo: int, hi: int) -> bool:
    at = bisect.bisect_right(spans, (hi, AFTER)) - 1
    return at >= 0 and spans[at][1] >= lo


def _distance(spans: Sequence[Span], lo: int, hi: int) -> int:
    """Days between ``[lo, hi]`` and the nearest of ``spans``: O(log s)."""
    at = bisect.bisect_right(spans, (hi, AFTER)) - 1
    best = FARTHEST
    if at >= 0:
        best = max(0, lo - spans[at][1])
    if at + 1 < len(spans):
        best = min(best, spans[at + 1][0] - hi)
    return best


def _day(day: int) -> str:
    return _dt.date.fromordinal(day).isoformat()


def _describe(spans: Sequence[Span]) -> str:
    parts = []
    for lo, hi in spans:
        if lo <= BEFORE and hi >= AFTER:
            parts.append("at every date")
        elif lo <= BEFORE:
            parts.append(f"until {_day(hi)}")
        elif hi >= AFTER:
            parts.append(f"from {_day(lo)}")
        else:
            parts.append(f"{_day(lo)} to {_day(hi)}")
    return ", ".join(parts)


@attrs.frozen
class Bearing:
    """The days on which an entity certainly, and possibly, bore one name.

    Both are sorted, disjoint spans; every certain day is a possible one.
    """

    certain: tuple[Span, ...]
    possible: tuple[Span, ...]

    def certainly(self, lo: int, hi: int) -> bool:
        """Whether the name was certainly borne on some day of ``[lo, hi]``."""
        return _overlaps(self.certain, lo, hi)

    def possibly(self, lo: int, hi: int) -> bool:
        """Whether the name was possibly borne on some day of ``[lo, hi]``."""
        return _overlaps(self.possible, lo, hi)

    def distance(self, lo: int, hi: int) -> int:
        """Days from ``[lo, hi]`` to the nearest day the name was certainly borne."""
        return _distance(self.certain, lo, hi)

    def describe(self) -> str:
        """When the name was borne, for people: ``until 2023-07-23``."""
        if self.certain:
            return _describe(self.certain)
        if self.possible:
            return "possibly " + _describe(self.possible)
        return "at no date the log can tell"


def bearings(
    declaration: Declared,
    aliases: Iterable[str],
    renames: Iterable[Renamed],
    foundings: Iterable[Founded],
    fold: Callable[[str], str],
) -> dict[str, Bearing]:
    """Every name key of one entity with the days it bore it. O(r log r + a)
    for r renames and a aliases.

    Renames take effect in date order (first day, last day, id): a rename is
    certainly done once it or any later one certainly is, possibly once its
    first day is past.
    """
    founded = list(foundings)
    if founded:
        may_exist = min(f.valid.first for f in founded)
        must_exist = min(f.valid.last for f in founded)
    else:
        may_exist, must_exist = BEFORE, declaration.valid.last
    certain: dict[str, list[Span]] = {}
    possible: dict[str, list[Span]] = {}

    def bear(name: str, sure: Span, maybe: Span) -> None:
        key = fold(name)
        certain.setdefault(key, []).append(_clip(sure, must_exist))
        possible.setdefault(key, []).append(_clip(maybe, may_exist))

    for alias in (*declaration.aliases, *aliases):
        bear(alias, (BEFORE, AFTER), (BEFORE, AFTER))
    steps = sorted(renames, key=lambda r: (r.valid.first, r.valid.last, r.id))
    names = [declaration.name, *(r.name for r in steps)]
    starts = [BEFORE, *(r.valid.first for r in steps), AFTER + 1]
    # done[i]: from this day on, the i-th name has certainly been taken
    done = [BEFORE, *(r.valid.last for r in steps), AFTER + 1]
    for i in range(len(done) - 2, -1, -1):
        done[i] = min(done[i], done[i + 1])
    for i, name in enumerate(names):
        bear(name, (done[i], starts[i + 1] - 1), (starts[i], done[i + 1] - 1))
    return {
        key: Bearing(_merge(certain[key]), _merge(possible[key])) for key in certain
    }


def choose(
    bearings: Mapping[str, Bearing], lo: int | None, hi: int | None, today: int | None
) -> list[str]:
    """The entities a name means over ``[lo, hi]`` (no date: ``lo`` None), by
    the rules above: one entity, or the tied ones. O(c log s) for c
    candidates of s spans each."""
    if lo is None or hi is None:
        if today is not None:
            now = [e for e, b in bearings.items() if b.certainly(today, today)]
            if len(now) == 1:
                return now
        return sorted(bearings)
    certain = [e for e, b in bearings.items() if b.certainly(lo, hi)]
    if certain:
        return sorted(certain)
    pool = [e for e, b in bearings.items() if b.possibly(lo, hi)] or list(bearings)
    if len(pool) == 1:
        return pool
    distance = {e: bearings[e].distance(lo, hi) for e in pool}
    best = min(distance.values())
    return sorted(e for e in pool if distance[e] == best)
