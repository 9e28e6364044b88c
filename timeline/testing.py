"""Hypothesis strategies for timelines: dates with precision, entities, histories.

They need the ``testing`` extra (``pip install 'bitemporal-timeline[testing]'``). Every
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
from hypothesis import strategies as st

from timeline.drawing import (
    EPOCH,
    NAMES,
    ORGANIZATIONS,
    PEOPLE,
    _sampled,
    around,
    certainties,
    cited_sources,
    declarations,
    money,
    publication_fixes,
    recorded_times,
    sources,
    valid_dates,
)
from timeline.drawing_facts import (
    correction,
    fact,
    observations,
    spinout,
    stints,
    valid_log,
)
from timeline.model.affiliations import Affiliation
from timeline.model.catalog import (
    AliasAdded,
    Cited,
    Confirmed,
    Corrected,
    Disputed,
    Founded,
    Joined,
    OrganizationDeclared,
    PersonDeclared,
    Ranked,
    Rehired,
    Renamed,
    Retracted,
)
from timeline.model.events import Event
from timeline.model.sources import Source

__all__ = [
    "NAMES",
    "ORGANIZATIONS",
    "PEOPLE",
    "around",
    "certainties",
    "cited_sources",
    "corrected_histories",
    "declarations",
    "histories",
    "money",
    "name_histories",
    "publication_fixes",
    "recorded_times",
    "sources",
    "valid_dates",
]


@st.composite
def histories(
    draw: st.DrawFn,
    people: Sequence[str] = PEOPLE,
    organizations: Sequence[str] = ORGANIZATIONS,
    *,
    max_events: int = 16,
    corrections: int = 0,
    recorded_pool: int = 6,
    late_entities: int = 2,
) -> list[Event]:
    """A valid log: declarations, then facts about ``people`` at ``organizations``.

    Facts have imprecise dates, rumours and recorded times drawn from a small
    pool, so that many are retroactive; departures and foundings are often
    dated by a range or an open start (``../2024-08-19``), and up to two
    people leave one organisation and found another; organisations sue people
    back in counterclaims that answer their cases. Rehires often come with no
    earlier history, and each organisation has a founding date that its
    foundings share and that some of its people's steps are dated around
    (before, within, after, or with an open start). Up to ``late_entities``
    people or organisations are declared at a drawn recorded time instead of
    first, so that earlier views have not heard of them. Up to three
    observations place people at organisations on a day or in a month: inside
    a tenure, before a departure of unknown start, or with nothing else known
    of them. With ``corrections`` > 0, up to that many retractions,
    replacements, confirmations, citations, disputing claims (another date,
    certainty or amount; any rank) and rank changes follow, and up to two
    corrections of a source's publication time. Sources carry publication
    times (some none, some dates without a time, some instants) no later than
    the events citing them. Candidates that would contradict the log are left
    out, so the history appends cleanly in the order returned (recorded order).
    """
    foundings = {org: draw(valid_dates(2017, 2021, precisions=("day", "month", "year")))
                 for org in organizations}
    # a few entities the log hears of only later: a view known before that has
    # not heard of them, and their facts recorded earlier are left out
    late = draw(st.lists(st.sampled_from([*people, *organizations]), max_size=late_entities,
                         unique=True))
    late_declared = [
        declaration
        for entity in late
        for declaration in declarations(
            [entity] if entity in people else [], [entity] if entity in organizations else [],
            recorded=draw(recorded_times(recorded_pool)),
        )
    ]
    facts: list[Event] = []
    started: dict[tuple[str, str, int, Affiliation], None] = {}
    for i in range(draw(st.integers(0, max_events))):
        drawn = draw(fact(i, people, organizations, recorded_pool, started=tuple(started),
                          foundings=foundings))
        if isinstance(drawn, (Joined, Rehired)):
            year = _dt.date.fromordinal(drawn.valid.last).year
            started[drawn.person, drawn.org, year, drawn.affiliation] = None
        facts.append(drawn)
    # no organisation takes a late one's id as its name: queries by id in a
    # view that has not heard of it would mean the organisation that bore it
    facts = [attrs.evolve(f, name="Initrode")
             if isinstance(f, Renamed) and f.name.lower() in late else f for f in facts]
    for i in range(draw(st.integers(0, 2))):
        facts += draw(spinout(i, people, organizations, recorded_pool))
    facts += draw(stints(facts, recorded_pool))
    facts += draw(observations(facts, people, organizations, recorded_pool))
    fixes: list[Event] = []
    for i in range(draw(st.integers(0, corrections))):
        replacements = [f.replacement for f in fixes if isinstance(f, Corrected)]
        replacements += [f.claim for f in fixes if isinstance(f, Disputed)]
        made = {f.target: f.recorded or EPOCH
                for f in fixes if isinstance(f, (Cited, Confirmed, Ranked))}
        made |= {f.replacement.id: f.recorded or EPOCH for f in fixes if isinstance(f, Corrected)}
        made |= {f.claim.id: f.recorded or EPOCH for f in fixes if isinstance(f, Disputed)}
        again = [(f, made[f.id]) for f in facts + replacements if f.id in made]
        fix = draw(correction(i, facts + replacements, recorded_pool, people, again=again))
        if fix is not None:
            fixes.append(fix)
    if corrections:
        fixes += [draw(publication_fixes(i, recorded_pool))
                  for i in range(draw(st.integers(0, 2)))]
    declared = declarations([p for p in people if p not in late],
                            [o for o in organizations if o not in late])
    return declared + valid_log(declared, late_declared + facts + fixes)


@st.composite
def name_histories(
    draw: st.DrawFn,
    organizations: Sequence[str] = ORGANIZATIONS,
    people: Sequence[str] = PEOPLE[:2],
    *,
    max_events: int = 8,
    recorded_pool: int = 4,
) -> list[Event]:
    """A valid log in which organisations take each other's names.

    Each organisation is declared, at a drawn date and recorded time, under
    one of a few ``NAMES`` (so two may start with one name), sometimes with
    one as an alias; then come renames to those names, aliases, foundings
    (which start an organisation's names), and retractions and redatings
    of them. One person is sometimes declared under an organisation's name,
    so that the kind of entity asked for matters. Dates are often
    imprecise, so names change hands on uncertain days.
    """
    people_declared = declarations(people, ())
    candidates: list[Event] = []
    for org in organizations:
        aliases = draw(st.lists(st.sampled_from(NAMES), max_size=1))
        candidates.append(OrganizationDeclared(
            id=f"decl-{org}", valid=draw(valid_dates(2015, 2024)), entity=org,
            name=draw(st.sampled_from(NAMES)), aliases=tuple(aliases),
            sources=Source("registry"), recorded=draw(recorded_times(recorded_pool)),
        ))
    if draw(st.booleans()):
        candidates.append(PersonDeclared(
            id="decl-namesake", valid="2000", entity="namesake",
            name=draw(st.sampled_from(NAMES)), sources=Source("registry"), recorded=EPOCH,
        ))
    facts: list[Event] = []
    for i in range(draw(st.integers(0, max_events))):
        common: dict[str, Any] = {  # a narrow span of years, so that changes overlap
            "id": f"n{i}", "valid": draw(valid_dates(2020, 2023)),
            "sources": (draw(sources()),), "certainty": draw(certainties()),
            "recorded": draw(recorded_times(recorded_pool)),
        }
        org = draw(_sampled(tuple(organizations)))
        kind = draw(st.sampled_from(["renamed", "renamed", "renamed", "alias", "founded"]))
        if kind == "renamed":
            facts.append(Renamed(entity=org, name=draw(st.sampled_from(NAMES)), **common))
        elif kind == "alias":
            facts.append(AliasAdded(entity=org, alias=draw(st.sampled_from(NAMES)), **common))
        else:
            founders = (draw(_sampled(tuple(people))),)
            facts.append(Founded(org=org, founders=founders, employees=founders, **common))
    fixes: list[Event] = []
    for i in range(draw(st.integers(0, 2)) if facts else 0):
        target = draw(st.sampled_from(facts))
        common = {"id": f"fix{i}", "valid": "2024", "target": target.id,
                  "sources": (draw(sources()),),
                  "recorded": draw(recorded_times(recorded_pool))}
        if draw(st.booleans()):
            fixes.append(Retracted(reason="wrong", **common))
        else:
            replacement = attrs.evolve(target, id=f"fix{i}-r", recorded=None,
                                       valid=draw(valid_dates(2015, 2024)))
            fixes.append(Corrected(replacement=replacement, **common))
    return people_declared + valid_log(people_declared, candidates + facts + fixes)


def corrected_histories(
    people: Sequence[str] = PEOPLE,
    organizations: Sequence[str] = ORGANIZATIONS,
    *,
    max_events: int = 16,
    corrections: int = 6,
    late_entities: int = 2,
) -> st.SearchStrategy[list[Event]]:
    """Histories with retractions, replacements, confirmations and citations."""
    return histories(people, organizations, max_events=max_events, corrections=corrections,
                     late_entities=late_entities)


def query_days() -> st.SearchStrategy[_dt.date]:
    """Query dates across the span histories are drawn from, edges included."""
    return st.dates(_dt.date(2017, 12, 31), _dt.date(2025, 1, 1))
