"""Products and models as entities, announced by organisations; groups, names
that denote several entities."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import oracle
from tests.helpers import WIRE, build, declare
from timeline import (
    AliasAdded,
    Announced,
    Founded,
    GroupDeclared,
    GroupNameError,
    InvalidEventError,
    Joined,
    LawsuitFiled,
    Left,
    ProductDeclared,
    ProductKind,
    Timeline,
)
from timeline.model.events import Event
from timeline.testing import ORGANIZATIONS as ORG_IDS
from timeline.testing import PEOPLE as PEOPLE_IDS
from timeline.testing import histories, query_days

RECORDED = "2024-06-01T00:00:00Z"
PEOPLE = {"dario-amodei": "Dario Amodei", "daniela-amodei": "Daniela Amodei",
          "jan-leike": "Jan Leike", "ilya-sutskever": "Ilya Sutskever"}
ORGS = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google"}


def _world(*events: object) -> Timeline:
    common = {"sources": WIRE, "recorded": RECORDED}
    return build([
        *declare(people=PEOPLE, orgs=ORGS),
        ProductDeclared(id="d-sonnet", valid="2024-06-20", entity="claude-3-5-sonnet",
                        name="Claude 3.5 Sonnet", aliases=("Claude Sonnet 3.5",),
                        category="model", maker="anthropic", **common),
        ProductDeclared(id="d-gemini", valid="2023-12-06", entity="gemini", name="Gemini",
                        category="Model", maker="google", **common),
        AliasAdded(id="a-gemini", valid="2024", entity="gemini", alias="Gemeni", **common),
        Announced(id="sonnet", valid="2024-06-20", org="anthropic", category="model",
                  title="Claude 3.5 Sonnet", product="claude-3-5-sonnet", **common),
        Announced(id="artifacts", valid="2024-06", org="anthropic", category="product",
                  title="Artifacts", **common),
        Announced(id="claude-2", valid="2023-07-11", org="anthropic", category="model",
                  title="Claude 2", **common),
        GroupDeclared(id="d-siblings", valid="2021", entity="amodei-siblings",
                      name="the Amodei siblings", members=["dario-amodei", "daniela-amodei"],
                      **common),
        Founded(id="f", valid="2021", org="anthropic", employees="all",
                founders=["dario-amodei", "daniela-amodei"], **common),
        Joined(id="j-leike", valid="2024-05-28", person="jan-leike", org="anthropic",
               **common),
        Left(id="l-leike", valid="2024-05-17", person="jan-leike", org="openai",
             destination="anthropic", **common),
        *events,
    ])


def test_a_product_is_an_entity_found_by_any_of_its_names() -> None:
    tl = _world()
    assert ["gemini"] == [e.id for e in tl.search("Gemeni")]
    sonnet = tl.resolve("claude sonnet 3.5")
    assert "claude-3-5-sonnet" == sonnet
    assert ProductKind.MODEL == tl.history("gemini").entries[0].event.category


def test_what_an_organisation_announced_in_a_year() -> None:
    answer = _world().announcements("Anthropic", start="2024", end="2024")
    assert ["artifacts", "sonnet"] == [r.event for r in answer]
    assert "Claude 3.5 Sonnet" == answer.rows[1].product_name
    assert ["sonnet"] == [r.event for r in _world().announcements(
        "Anthropic", start="2024", end="2024", category="model")]
    assert ["artifacts"] == [r.event for r in _world().announcements(
        "Anthropic", start="2024-06-15", end="2024-12").possible]
    assert "Announcements by Anthropic from 2024-01-01 to 2024-12-31: 2" in repr(answer)


def test_a_product_cannot_stand_where_a_person_or_organisation_is_expected() -> None:
    with pytest.raises(InvalidEventError, match="expected a person or organization, but "
                                                "it is a product"):
        _world(LawsuitFiled(id="suit", valid="2024", case="c", plaintiffs=["gemini"],
                            defendants=["openai"], sources=WIRE, recorded=RECORDED))
    with pytest.raises(InvalidEventError, match="expected a product, but it is an organization"):
        _world(Announced(id="x", valid="2024", org="google", title="X", product="openai",
                         sources=WIRE, recorded=RECORDED))


def test_a_group_stands_for_its_members_in_a_cohort() -> None:
    cohort = _world().cohort(["the Amodei siblings", "Jan Leike"], "Anthropic", at="2024-07")
    assert ("dario-amodei", "daniela-amodei", "jan-leike") == cohort.remaining


def test_a_group_filters_flows_to_its_members() -> None:
    tl = _world(GroupDeclared(id="d-team", valid="2024", entity="superalignment",
                              name="the superalignment team",
                              members=["jan-leike", "ilya-sutskever"], sources=WIRE,
                              recorded=RECORDED))
    flows = tl.flows("2024", "2024", source="OpenAI", people="the superalignment team")
    assert ["jan-leike"] == [d.person for d in flows.departures]
    assert () == tl.flows("2024", "2024", source="OpenAI", people="Dario Amodei").departures


def test_a_group_where_one_person_is_required_lists_its_members() -> None:
    with pytest.raises(GroupNameError, match=r"a group of 2 \(Dario Amodei \(dario-amodei\), "
                                             r"Daniela Amodei \(daniela-amodei\)\)") as caught:
        _world().where("the Amodei siblings", at="2024")
    assert ("Dario Amodei (dario-amodei)", "Daniela Amodei (daniela-amodei)") == (
        caught.value.members)


def test_a_group_needs_members_and_is_not_its_own() -> None:
    with pytest.raises(InvalidEventError, match="at least one member"):
        GroupDeclared(id="g", valid="2024", entity="g", name="G", members=[], sources=WIRE)
    with pytest.raises(InvalidEventError, match="not a member of itself"):
        GroupDeclared(id="g", valid="2024", entity="g", name="G", members=["g"], sources=WIRE)


def test_an_id_holds_no_control_characters() -> None:
    with pytest.raises(InvalidEventError, match="no control characters"):
        ProductDeclared(id="p", valid="2024", entity="a\x1fb", name="X", sources=WIRE)


@settings(max_examples=60)
@given(histories(max_events=14), st.data())
def test_a_cohort_of_a_group_is_the_cohort_of_its_members_as_the_oracle_says(
        events: list[Event], data: st.DataObject) -> None:
    members = data.draw(st.lists(st.sampled_from(PEOPLE_IDS), min_size=1, unique=True),
                        label="members")
    last = max(e.recorded for e in events if e.recorded is not None)
    group = GroupDeclared(id="d-group", valid="2000", entity="the-group", name="The Group",
                          members=members, sources="registry", recorded=last)
    tl = Timeline([*events, group])
    day = data.draw(query_days(), label="day")
    org = data.draw(st.sampled_from(ORG_IDS), label="org")
    cohort = tl.cohort(["The Group"], org, at=day)
    assert tuple(members) == tuple(m.person for m in cohort.people)
    roster = oracle.roster(oracle.effective(events, 2**62, 1), PEOPLE_IDS, org,
                           day.toordinal())
    assert {p for p in members if roster.get(p, ("",))[0] == "certain"} == set(cohort.remaining)
