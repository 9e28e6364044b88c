"""Dates as reporters write them: quarters and halves ("2024-Q3", "Q3
2024"), seasons ("fall 2024"), early/mid/late in a year or a month, and
"the end of 2024": each the documented range of days it stands for, kept
as written (see "Dates as reporters write them" in docs/concepts.md).

>>> reported("Q3 2024"), reported("2024-05-10") is None
(ValidDate('2024-Q3'), True)
"""

from __future__ import annotations

import calendar
import re

import attrs

from timeline.model.dates import ValidDate
from timeline.model.errors import InvalidDateError

__all__ = ["reported"]

_PART = re.compile(r"^\s*(\d{4})-([QqHh])(\d)\s*$")
_PHASE = re.compile(r"^\s*(early|mid|late)[\s-]+(\d{4}(?:-\d{1,2})?)\s*$", re.IGNORECASE)
_PHASES = ("early", "mid", "late")
_PART_FIRST = re.compile(r"^\s*([QqHh])(\d)\s+(\d{4})\s*$")  # "Q3 2024"
_SEASON = re.compile(r"^\s*(spring|summer|fall|autumn|winter)\s+(\d{4})\s*$", re.IGNORECASE)
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9}  # northern seasons' first months
_SAME_PHASE = re.compile(
    r"^\s*(the\s+)?(start|beginning|middle|end)\s+of\s+(\d{4}(?:-\d{1,2})?)\s*$",
    re.IGNORECASE)
_PHASE_OF = {"start": "early", "beginning": "early", "middle": "mid", "end": "late"}


def _as_written(value: str, same: str) -> ValidDate:
    """The range ``same`` stands for, where ``value`` is another way to write
    it; an error names ``value``."""
    try:
        found = reported(same)
    except InvalidDateError as error:
        raise InvalidDateError(value, error.reason) from None
    assert found is not None
    return found


def reported(value: str) -> ValidDate | None:
    """A quarter, a half, or early/mid/late in a year or a month, as the
    range of days it stands for (see "Dates as reporters write them" in
    docs/concepts.md), or None when ``value`` is none of these."""
    match = _PART_FIRST.match(value)
    if match is not None:  # "Q3 2024" is 2024-Q3
        return _as_written(value, f"{match[3]}-{match[1]}{match[2]}")
    match = _SEASON.match(value)
    if match is not None:
        season, year = match[1].lower(), int(match[2])
        if season == "winter":
            raise InvalidDateError(value, f"a winter spans two years; write the range, "
                                          f"e.g. '{year}-12/{year + 1}-02'")
        first = _SEASONS[season]
        return ValidDate(year, first, end=ValidDate(year, first + 2),
                         written=f"{season} {year}")
    match = _SAME_PHASE.match(value)
    if match is not None:  # "end of 2024" is as wide as "late 2024"
        found = _as_written(value, f"{_PHASE_OF[match[2].lower()]} {match[3]}")
        return attrs.evolve(found, written=" ".join(value.split()).lower())
    match = _PART.match(value)
    if match is not None:
        year, part, number = int(match[1]), match[2].upper(), int(match[3])
        months = 3 if part == "Q" else 6
        if not 1 <= number <= 12 // months:
            raise InvalidDateError(
                value, f"{'a quarter' if part == 'Q' else 'a half'} is "
                f"{part}1..{part}{12 // months}",
            )
        first = (number - 1) * months + 1
        return ValidDate(year, first, end=ValidDate(year, first + months - 1),
                         written=f"{year:04d}-{part}{number}")
    match = _PHASE.match(value)
    if match is None:
        return None
    try:
        within = ValidDate.parse(match[2])
    except InvalidDateError as error:
        raise InvalidDateError(value, error.reason) from None
    phase = _PHASES.index(match[1].lower())
    written = f"{_PHASES[phase]} {within}"
    if within.month is None:  # early: January-April, mid: May-August, late: September-December
        start = phase * 4 + 1
        return ValidDate(within.year, start, end=ValidDate(within.year, start + 3),
                         written=written)
    length = calendar.monthrange(within.year, within.month)[1]  # days 1-10, 11-20, 21-end
    start, end = phase * 10 + 1, (phase + 1) * 10 if phase < 2 else length
    return ValidDate(within.year, within.month, start,
                     end=ValidDate(within.year, within.month, end), written=written)
