"""Hypothesis strategies for timelines: dates with precision, entities, histories.

They need the ``testing`` extra (``pip install timeline[testing]``). Every
history they draw is a valid log: it appends cleanly, in recorded order, and
every prefix by recorded time is itself a valid log. Draws shrink towards
fewer events, day precision, reported certainty and earlier dates.

>>> from hypothesis import HealthCheck, given, settings
>>> @settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
... @given(histories())
... def test_history_loads(events):
...     assert len(Timeline(events)) == len(events)
>>> test_history_loads()
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st

from timeline.catalog import (
    Announced,
    Cited,
    Confirmed,
    Corrected,
    Correction,
    Founded,
    FundingRound,
    Joined,
    LawsuitDismissed,
    LawsuitEvent,
    LawsuitFiled,
    LawsuitRefiled,
    LawsuitSettled,
    LawsuitWithdrawn,
    LeaveEnded,
    LeaveStarted,
    Left,
    OrganizationDeclared,
    PersonDeclared,
    Reason,
    Rehired,
    Retracted,
    RoleChanged,
    TenureEvent,
    ValuationReported,
)
from timeline.certainty import Certainty
from timeline.dates import ValidDate
from timeline.errors import TimelineError
from timeline.events import Event
from timeline.money import Money
from timeline.sources import Source
from timeline.timeline import Timeline

__all__ = [
    "ORGANIZATIONS",
    "PEOPLE",
    "around",
    "certainties",
    "corrected_histories",
    "declarations",
    "histories",
    "recorded_times",
    "sources",
    "valid_dates",
]

PEOPLE = ("ada-lovelace", "alan-turing", "grace-hopper", "edsger-dijkstra")
ORGANIZATIONS = ("acme", "globex", "initech")
ROLES = ("engineer", "researcher", "manager", "chief scientist")
EPOCH = pendulum.datetime(2024, 1, 1, tz="UTC")


def valid_dates(
    min_year: int = 2018,
    max_year: int = 2024,
    *,
    precisions: Sequence[str] = ("day", "month", "year", "range"),
) -> st.SearchStrategy[ValidDate]:
    """Valid dates between two years, at day, month or year precision, or ranges.

    Day precision comes first, so failing examples shrink to exact dates. A
    range spans up to about two years, or has an open start.
    """

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
        return ValidDate(year, month, min(dday, 28))

    return st.builds(
        build,
        st.integers(min_year, max_year),
        st.integers(1, 12),
        st.integers(1, 28),
        st.sampled_from(list(precisions)),
        st.integers(0, 700),
    )


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


def recorded_times(count: int = 6) -> st.SearchStrategy[pendulum.DateTime]:
    """Recorded instants from a small pool, so that views share ties."""
    return st.integers(0, count - 1).map(lambda k: EPOCH.add(days=10 * k))


def certainties() -> st.SearchStrategy[Certainty]:
    """Mostly reported, sometimes rumoured or confirmed."""
    return st.sampled_from(
        [Certainty.REPORTED, Certainty.REPORTED, Certainty.RUMORED, Certainty.CONFIRMED]
    )


def sources() -> st.SearchStrategy[Source]:
    """A handful of distinct sources."""
    return st.sampled_from(
        [
            Source("wire", publisher="Wire", language="en"),
            Source("journal", publisher="Journal", language="fr"),
            Source("blog", publisher="Blog", language="id"),
        ]
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


@st.composite
def _fact(
    draw: st.DrawFn, index: int, people: Sequence[str], organizations: Sequence[str],
    recorded_pool: int, *, foundings: dict[str, ValidDate],
) -> Event:
    common: dict[str, Any] = {
        "id": f"e{index}",
        "valid": draw(valid_dates()),
        "sources": (draw(sources()),),
        "certainty": draw(certainties()),
        "recorded": draw(recorded_times(recorded_pool)),
    }
    person = draw(st.sampled_from(list(people)))
    org = draw(st.sampled_from(list(organizations)))
    others = [o for o in organizations if o != org]
    kind = draw(st.sampled_from([
        "joined", "joined", "left", "left", "rehired", "rehired", "role", "leave-start",
        "leave-end", "founded", "funding", "valuation", "announced", "filed", "withdrawn",
        "refiled", "settled", "dismissed",
    ]))
    # an organisation's foundings share its founding date, and its people's
    # steps are sometimes dated around it: just before, within, just after
    if kind == "founded" and draw(st.booleans()):
        common["valid"] = foundings[org]
    elif kind in ("joined", "left", "rehired", "role") and draw(st.integers(0, 3)) == 0:
        common["valid"] = draw(around(foundings[org]))
    role = draw(st.sampled_from(ROLES))
    case = draw(st.sampled_from(["case-1", "case-2"]))
    parties: dict[str, Any] = {"plaintiffs": (person,), "defendants": (org,)}
    if kind == "joined":
        return Joined(person=person, org=org, role=role, **common)
    if kind == "rehired":
        return Rehired(person=person, org=org, role=role, **common)
    if kind == "left":
        destination = draw(st.none() | st.sampled_from(others)) if others else None
        reason = draw(st.sampled_from(list(Reason)))
        return Left(person=person, org=org, reason=reason, destination=destination, **common)
    if kind == "role":
        return RoleChanged(person=person, org=org, role=role, **common)
    if kind == "leave-start":
        return LeaveStarted(person=person, org=org, **common)
    if kind == "leave-end":
        return LeaveEnded(person=person, org=org, **common)
    if kind == "founded":
        founders = draw(st.lists(st.sampled_from(list(people)), min_size=1, max_size=2,
                                 unique=True))
        return Founded(org=org, founders=tuple(founders), **common)
    if kind in ("funding", "valuation"):
        amount = Money(draw(st.integers(1, 50)) * 1_000_000, draw(st.sampled_from(["USD", "EUR"])))
        if kind == "valuation":
            return ValuationReported(org=org, valuation=amount, **common)
        valuation = draw(st.none() | st.just(Money(amount.amount * 10, amount.currency)))
        return FundingRound(org=org, amount=amount, valuation=valuation, **common)
    if kind == "announced":
        return Announced(org=org, title=f"product {index}", **common)
    if kind == "filed":
        return LawsuitFiled(case=case, claims=("breach",), **parties, **common)
    step: type[LawsuitEvent] = {
        "withdrawn": LawsuitWithdrawn, "refiled": LawsuitRefiled,
        "settled": LawsuitSettled, "dismissed": LawsuitDismissed,
    }[kind]
    return step(case=case, **common)


@st.composite
def _correction(
    draw: st.DrawFn, index: int, facts: Sequence[Event], recorded_pool: int,
    people: Sequence[str],
) -> Event | None:
    ids = [f.id for f in facts]
    if not ids:
        return None
    target_event = draw(st.sampled_from(list(facts)))
    common: dict[str, Any] = {
        "id": f"c{index}",
        "valid": "2024",
        "target": target_event.id,
        "sources": (draw(sources()),),
        "recorded": draw(recorded_times(recorded_pool)),
    }
    kind = draw(st.sampled_from(["retracted", "confirmed", "corrected", "cited"]))
    if kind == "retracted":
        return Retracted(reason="wrong", **common)
    if kind == "confirmed":
        return Confirmed(level=draw(st.sampled_from([Certainty.REPORTED, Certainty.CONFIRMED])),
                         **common)
    if kind == "cited":
        return Cited(**common)
    moved: dict[str, Any] = {}
    if isinstance(target_event, TenureEvent) and draw(st.booleans()):
        moved["person"] = draw(st.sampled_from(list(people)))
    if isinstance(target_event, LawsuitEvent) and draw(st.booleans()):
        moved["case"] = draw(st.sampled_from(["case-1", "case-2"]))
    replacement = attrs.evolve(
        target_event, id=f"r{index}", valid=draw(valid_dates()), recorded=None,
        certainty=draw(certainties()), **moved,
    )
    return Corrected(replacement=replacement, **common)


def _valid_log(declared: list[Event], candidates: list[Event]) -> list[Event]:
    """Keep the candidates that append, in recorded order, to a valid log."""
    timeline = Timeline(declared)
    kept = []
    order = sorted(
        range(len(candidates)),
        key=lambda i: (candidates[i].recorded, isinstance(candidates[i], Correction), i),
    )
    for i in order:
        try:
            timeline.append(candidates[i])
        except TimelineError:
            continue
        kept.append(candidates[i])
    return kept


@st.composite
def histories(
    draw: st.DrawFn,
    people: Sequence[str] = PEOPLE,
    organizations: Sequence[str] = ORGANIZATIONS,
    *,
    max_events: int = 16,
    corrections: int = 0,
    recorded_pool: int = 6,
) -> list[Event]:
    """A valid log: declarations, then facts about ``people`` at ``organizations``.

    Facts have imprecise dates, rumours and recorded times drawn from a small
    pool, so that many are retroactive. Rehires often come with no earlier
    history, and each organisation has a founding date that its foundings
    share and that some of its people's steps are dated around (before,
    within, after, or with an open start). With ``corrections`` > 0, up to that
    many retractions, replacements, confirmations and citations follow.
    Candidates that would contradict the log are left out, so the history
    appends cleanly in the order returned (recorded order).
    """
    foundings = {org: draw(valid_dates(2017, 2021, precisions=("day", "month", "year")))
                 for org in organizations}
    facts = [
        draw(_fact(i, people, organizations, recorded_pool, foundings=foundings))
        for i in range(draw(st.integers(0, max_events)))
    ]
    fixes: list[Event] = []
    for i in range(draw(st.integers(0, corrections))):
        targets = facts + [f.replacement for f in fixes if isinstance(f, Corrected)]
        fix = draw(_correction(i, targets, recorded_pool, people))
        if fix is not None:
            fixes.append(fix)
    declared = declarations(people, organizations)
    return declared + _valid_log(declared, facts + fixes)


def corrected_histories(
    people: Sequence[str] = PEOPLE,
    organizations: Sequence[str] = ORGANIZATIONS,
    *,
    max_events: int = 16,
    corrections: int = 6,
) -> st.SearchStrategy[list[Event]]:
    """Histories with retractions, replacements, confirmations and citations."""
    return histories(people, organizations, max_events=max_events, corrections=corrections)


def query_days() -> st.SearchStrategy[_dt.date]:
    """Query dates across the span histories are drawn from, edges included."""
    return st.dates(_dt.date(2017, 12, 31), _dt.date(2025, 1, 1))
