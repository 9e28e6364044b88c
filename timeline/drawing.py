"""The building blocks of the strategies in :mod:`timeline.testing`: the
entities, dates, recorded times, certainties, sources, publication fixes
and declarations its histories draw from."""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Sequence
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st

from timeline.model.catalog import (
    OrganizationDeclared,
    PersonDeclared,
    PublicationCorrected,
)
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, instant
from timeline.model.events import Event
from timeline.model.money import Bound, Money
from timeline.model.sources import Source

__all__ = [
    "EPOCH",
    "FLOOR_DAY",
    "NAMES",
    "ORGANIZATIONS",
    "PEOPLE",
    "ROLES",
    "around",
    "certainties",
    "cited_sources",
    "declarations",
    "money",
    "publication_fixes",
    "recorded_times",
    "sources",
    "valid_dates",
]


PEOPLE = ("ada-lovelace", "alan-turing", "grace-hopper", "edsger-dijkstra")


ORGANIZATIONS = ("acme", "globex", "initech")


ROLES = ("engineer", "researcher", "manager", "chief scientist")


NAMES = ("Acme", "Globex", "Initech", "X")
"""The few names organisations in name histories take, and take from each other."""


EPOCH = pendulum.datetime(2024, 1, 1, tz="UTC")


FLOOR_DAY = _dt.date(2016, 1, 1).toordinal()
"""No generated observation is dated before this day (open starts reach back to year 1)."""


def valid_dates(
    min_year: int = 2018,
    max_year: int = 2024,
    *,
    precisions: Sequence[str] = ("day", "month", "year", "range", "reported"),
) -> st.SearchStrategy[ValidDate]:
    """Valid dates between two years, at day, month or year precision, or ranges,
    or as reporters write them ("reported": a quarter, a half, or early, mid
    or late in a year or a month).

    Day precision comes first, so failing examples shrink to exact dates. A
    range spans up to about two years, or has an open start.
    """
    return _valid_dates(min_year, max_year, tuple(precisions))


# Strategies are built once and reused: building one afresh inside every draw
# (and validating it) used to cost more than the draws themselves.
_cached = functools.lru_cache(maxsize=512)


_REPORTED = ("{year}-Q{quarter}", "{year}-H{half}", "early {year}", "mid {year}",
             "late {year}", "early {year}-{month:02d}", "mid {year}-{month:02d}",
             "late {year}-{month:02d}")


@_cached
def _valid_dates(
    min_year: int, max_year: int, precisions: tuple[str, ...]
) -> st.SearchStrategy[ValidDate]:
    def build(year: int, month: int, dday: int, precision: str, span: int) -> ValidDate:
        if precision == "year":
            return ValidDate(year)
        if precision == "month":
            return ValidDate(year, month)
        if precision == "range":
            end = ValidDate.parse(_dt.date(year, month, min(dday, 28)) + _dt.timedelta(span))
            if span == 0:
                return ValidDate(1, end=end)
            return ValidDate(year, month, min(dday, 28), end=end)
        if precision == "reported":
            return ValidDate.parse(_REPORTED[span % len(_REPORTED)].format(
                year=year, month=month, quarter=1 + month % 4, half=1 + month % 2))
        return ValidDate(year, month, min(dday, 28))

    return st.builds(
        build,
        st.integers(min_year, max_year),
        st.integers(1, 12),
        st.integers(1, 28),
        st.sampled_from(precisions),
        st.integers(0, 700),
    )


@_cached
def money(currencies: tuple[str, ...] = ("USD", "EUR")) -> st.SearchStrategy[Money]:
    """Amounts as reporting gives them: mostly exact, sometimes a lower or
    upper bound ("more than $3B", "up to $1B"), a span ("$5B to $6B") or
    approximate ("about $1B"), in whole millions with a decimal or two.
    Exact amounts come first, so failing examples shrink to them.

    >>> from hypothesis import find
    >>> find(money(), lambda m: m.bound is Bound.MORE_THAN)
    Money('more than', '1000000', 'USD')
    """

    def build(amount: int, currency: str, bound: Bound, extra: int,
              approximate: bool) -> Money:
        upper = amount + extra * 1_000_000 if bound is Bound.BETWEEN else None
        return Money(amount, currency, bound=bound, upper=upper, approximate=approximate)

    return st.builds(build, st.integers(10, 500).map(lambda tenths: tenths * 100_000),
                     st.sampled_from(currencies), st.sampled_from(tuple(Bound)),
                     st.integers(1, 20), st.booleans())


@_cached
def _sampled(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


@_cached
def _none_or(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.none() | st.sampled_from(values)


@_cached
def _departure_dates() -> st.SearchStrategy[ValidDate]:
    """Dates as news gives departures and foundings: often a range ("between
    April and 19 August"), or only an upper bound ("a former X researcher",
    ``../2024-08-19``)."""
    return st.one_of(
        valid_dates(),
        valid_dates().map(lambda d: ValidDate(1, end=ValidDate(d.year, d.month, d.day))),
        valid_dates(precisions=("range",)),
    )


@_cached
def around(anchor: ValidDate) -> st.SearchStrategy[ValidDate]:
    """Dates near ``anchor`` (an organisation's founding, say): a day, a month
    or a year up to about a year either side, or a range with an open start
    that ends there ("previously at X for years").

    >>> from hypothesis import find
    >>> find(around(ValidDate(2019, 5)), lambda date: date.open_start)
    ValidDate('../2019-05-01')
    """

    def build(shift: int, precision: str) -> ValidDate:
        day = ValidDate.parse(_dt.date.fromordinal(anchor.first + shift))
        assert day.month is not None
        if precision == "month":
            return ValidDate(day.year, day.month)
        if precision == "year":
            return ValidDate(day.year)
        if precision == "open start":
            return ValidDate(1, end=day)
        return day

    return st.builds(build, st.integers(-400, 400),
                     st.sampled_from(["day", "month", "year", "open start"]))


@_cached
def recorded_times(count: int = 6) -> st.SearchStrategy[pendulum.DateTime]:
    """Recorded instants from a small pool, so that views share ties."""
    return st.integers(0, count - 1).map(lambda k: EPOCH.add(days=10 * k))


@_cached
def certainties() -> st.SearchStrategy[Certainty]:
    """Mostly reported, sometimes rumoured or confirmed."""
    return st.sampled_from(
        [Certainty.REPORTED, Certainty.REPORTED, Certainty.RUMORED, Certainty.CONFIRMED]
    )


@_cached
def sources() -> st.SearchStrategy[Source]:
    """A handful of distinct sources."""
    return st.sampled_from(
        [
            Source("wire", publisher="Wire", language="en"),
            Source("journal", publisher="Journal", language="fr"),
            Source("blog", publisher="Blog", language="id"),
        ]
    )


def cited_sources(recorded: pendulum.DateTime) -> st.SearchStrategy[Source]:
    """One of :func:`sources`, with a publication time no later than ``recorded``
    (so an event recorded then may cite it): none, a date without a time (up
    to 15 days before, or that very day, which compares by day), or an
    instant up to 15 hours before. A source with a time has an id naming it
    (``wire-2024-01-05``), as one id names one publication."""
    days = st.integers(0, 15).map(lambda n: recorded.subtract(days=n).date().isoformat())
    hours = st.integers(0, 15).map(lambda n: recorded.subtract(hours=n))
    when: st.SearchStrategy[object] = st.one_of(st.none(), days, hours)

    def dated(source: Source, published: object) -> Source:
        # one id names one publication: a source with a time takes an id of its own
        if published is None:
            return source
        stamp = (published if isinstance(published, str)
                 else instant(published).strftime("%Y%m%dT%H"))
        return attrs.evolve(source, id=f"{source.id}-{stamp}", published=published)

    return st.builds(dated, sources(), when)


@st.composite
def publication_fixes(
    draw: st.DrawFn, index: int, recorded_pool: int = 6
) -> PublicationCorrected:
    """A correction of a source's publication time: to a date or an instant
    drawn around the pool of recorded times (a history keeps it only where
    no event citing the source was recorded before the new time)."""
    source = draw(st.sampled_from(["wire", "journal", "blog"]))
    # mostly before the first recorded times, where a correction is valid
    moment = EPOCH.add(days=10 * draw(st.sampled_from([0, 0, 0, 1, 2])))
    moment = moment.subtract(hours=draw(st.integers(0, 240)))
    published: object = moment.date().isoformat() if draw(st.booleans()) else moment
    return PublicationCorrected(
        id=f"p{index}", source=source, published=published, sources=(draw(sources()),),
        recorded=draw(recorded_times(recorded_pool)),
    )


def declarations(
    people: Sequence[str] = PEOPLE,
    organizations: Sequence[str] = ORGANIZATIONS,
    recorded: pendulum.DateTime = EPOCH,
) -> list[Event]:
    """Declare every person and organisation, recorded at ``recorded``."""
    source = Source("registry")
    events: list[Event] = [
        PersonDeclared(
            id=f"decl-{p}", valid="2000", entity=p, name=p.replace("-", " ").title(),
            aliases=(p.split("-")[-1].upper(),), sources=source, recorded=recorded,
        )
        for p in people
    ]
    events += [
        OrganizationDeclared(
            id=f"decl-{o}", valid="2000", entity=o, name=o.title(), sources=source,
            recorded=recorded,
        )
        for o in organizations
    ]
    return events
