"""Asking a view about an entity it had not heard of yet: an empty answer that
says so, never an error (see "Asking before anything was known" in
docs/concepts.md)."""

from __future__ import annotations

import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    Founded,
    Joined,
    LawsuitFiled,
    Left,
    Renamed,
    Timeline,
    UnknownEntityError,
)
from timeline.model.dates import instant

EARLY = {"ada": "Ada Lovelace"}
EARLY_ORGS = {"acme": "Acme"}
LATE = "2024-05-15T00:00:00Z"
BEFORE = "2023-01-01"


def late_openai() -> Timeline:
    """Acme and Ada known from 1 January 2024; OpenAI and Greg only from 15 May."""
    return build([
        *declare(people=EARLY, orgs=EARLY_ORGS),
        Joined(id="j-ada", valid="2019", person="ada", org="acme", sources=WIRE,
               recorded="2024-01-01T00:00:00Z"),
        *declare(people={"greg": "Greg Brockman"}, orgs={"openai": ("OpenAI", "OpenAl")},
                 recorded=LATE),
        Founded(id="f-openai", valid="2015-12", org="openai", founders=["greg"],
                employees="all", sources=WIRE,
                recorded=LATE),
        Left(id="l-ada", valid="2020", person="ada", org="acme", destination="openai",
             sources=WIRE, recorded=LATE),
        LawsuitFiled(id="suit", valid="2024-02", case="ada-v-openai", plaintiffs=["ada"],
                     defendants=["openai"], claims=["breach"], sources=WIRE, recorded=LATE),
    ])


def test_a_roster_before_the_log_had_heard_of_the_organisation_is_empty_and_says_so() -> None:
    tl = late_openai()
    roster = tl.roster("OpenAI", at="2024-01", known=BEFORE)
    assert ("openai", "OpenAI", 0, ()) == (roster.org, roster.name, len(roster), roster.possible)
    assert instant(LATE) == roster.not_known_until
    assert "OpenAI was not yet known on 2023-01-01 (first recorded 2024-05-15" in repr(roster)
    assert None is tl.roster("OpenAI", at="2024-01").not_known_until


def test_an_alias_the_view_had_not_heard_of_yet_is_not_yet_known_too() -> None:
    assert instant(LATE) == late_openai().roster("OpenAl", known=BEFORE).not_known_until


def test_every_query_that_takes_a_name_answers_a_not_yet_known_name_empty() -> None:
    tl = late_openai()
    view = {"known": "2024-03-01"}
    until = instant(LATE)
    where = tl.where("Greg Brockman", at="2024", **view)
    assert (0, until) == (len(where), where.not_known_until)
    career = tl.career("greg", **view)
    assert (0, until) == (len(career), career.not_known_until)
    state = tl.organization("OpenAI", at="2024", **view)
    assert (None, (), 0, until) == (state.founded, state.founders, state.members,
                                    state.not_known_until)
    assert "not yet known" in repr(state)
    cohort = tl.cohort(["ada"], "OpenAI", at="2024", **view)
    assert ((), until) == (cohort.people, cohort.not_known_until)
    diff = tl.diff("OpenAI", "2015", "2024", **view)
    assert ((), (), (), until) == (diff.joined, diff.left, diff.changed, diff.not_known_until)
    for flows in (tl.flows("2015", "2024", source="OpenAI", **view),
                  tl.flows("2015", "2024", destination="OpenAI", **view)):
        assert ((), (), until, "OpenAI") == (flows.departures, flows.foundings,
                                             flows.not_known_until, flows.not_known)
    lawsuits = tl.lawsuits(at="2024-03", party="OpenAI", **view)
    assert ((), (), until) == (lawsuits.cases, lawsuits.possible, lawsuits.not_known_until)
    history = tl.history("OpenAI", **view)
    assert ((), until) == (history.entries, history.not_known_until)
    for answer in (where, career, cohort, diff, history):
        assert "was not yet known" in repr(answer)


def test_a_person_of_a_cohort_not_yet_known_is_listed_as_such() -> None:
    tl = late_openai()
    cohort = tl.cohort(["ada", "greg"], "acme", at="2019-12-31", known="2024-03-01")
    assert [("ada", "remaining"), ("greg", "not yet known")] == [
        (p.person, p.status) for p in cohort.people
    ]


def test_a_name_no_view_knows_stays_an_error_with_suggestions() -> None:
    tl = late_openai()
    with pytest.raises(UnknownEntityError):
        tl.roster("Initech", known=BEFORE)
    with pytest.raises(UnknownEntityError) as caught:
        tl.roster("Acne", known="2024-03-01")
    assert ("Acme (acme)",) == caught.value.suggestions


def test_a_name_of_the_other_kind_stays_an_error() -> None:
    with pytest.raises(UnknownEntityError):
        late_openai().roster("Greg Brockman", known=BEFORE)


def test_known_equals_the_truncated_log_except_that_it_says_not_yet_known() -> None:
    tl = late_openai()
    truncated = Timeline(e for e in tl if e.recorded < instant(LATE))
    with pytest.raises(UnknownEntityError):
        truncated.roster("OpenAI", at="2024")
    assert truncated.roster("acme", at="2019-12-31").members == tl.roster(
        "acme", at="2019-12-31", known="2024-05-14").members


def test_an_id_the_view_had_not_heard_of_yet_means_the_entity_bearing_it_as_a_name_then() -> None:
    # acme was called OpenAI before the log heard of the organisation openai:
    # a view from then takes "openai" for that name, as the log recorded by then does
    renamed = Renamed(id="r-acme", valid="2019", entity="acme", name="OpenAI", sources=WIRE,
                      recorded="2024-02-01T00:00:00Z")
    tl = build(sorted([*late_openai(), renamed], key=lambda e: e.recorded))
    then = tl.roster("openai", at="2019-12-31", known="2024-03-01")
    assert ("acme", ("ada",), None) == (then.org, then.people, then.not_known_until)
    truncated = Timeline(e for e in tl if e.recorded < instant(LATE))
    assert then.people == truncated.roster("openai", at="2019-12-31").people
    assert ("openai", ("greg",)) == (tl.roster("openai", at="2019-12-31").org,
                                     tl.roster("openai", at="2019-12-31").people)
