"""Example tests for diffs: every row says what changed, and nothing is
overstated (docs/concepts.md, "What a diff says")."""

from __future__ import annotations

import attrs
import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    Affiliation,
    Claim,
    Event,
    InvalidQueryError,
    Joined,
    LeaveStarted,
    Left,
    Observed,
    Rank,
    Rehired,
    RoleChanged,
    Source,
    Timeline,
    Uncertainty,
)
from timeline.answers.results import Member, Status
from timeline.answers.roster_changes import ChangeKind
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.queries.diffs import what_changed

RECORDED = "2024-02-01T00:00:00Z"


def world(*events: Event) -> Timeline:
    return build([*declare(people={"ada": "Ada Lovelace", "bob": "Bob Smith"},
                           orgs={"acme": "Acme"}), *events])


def test_someone_only_possibly_on_the_first_roster_and_absent_from_the_second_possibly_left(
) -> None:
    # no one reported when Bob joined: before his departure he is only possibly there
    tl = world(Left(id="l-bob", valid="2022-03", person="bob", org="acme", sources=WIRE,
                    recorded=RECORDED))
    diff = tl.diff("acme", "2021", "2023")
    assert () == diff.left
    assert [("bob", (ChangeKind.POSSIBLY_LEFT,))] == [(c.person, c.what)
                                                      for c in diff.possibly_left]
    assert "possibly left" in repr(diff)
    assert {} == diff.apply(tl.roster("acme", at="2021"))
    assert ["l-bob"] == [e.id for e in tl.explain(diff)]


def test_someone_only_possibly_on_the_second_roster_and_absent_from_the_first_possibly_joined(
) -> None:
    tl = world(Joined(id="j-ada", valid="2022", person="ada", org="acme", role="engineer",
                      sources=WIRE, recorded=RECORDED))
    diff = tl.diff("acme", "2021", "2022-06-30")
    assert () == diff.joined
    assert [("ada", (ChangeKind.POSSIBLY_JOINED,))] == [(c.person, c.what)
                                                        for c in diff.possibly_joined]
    [joined] = tl.diff("acme", "2021", "2023").joined
    assert (ChangeKind.JOINED,) == joined.what


def test_a_status_change_shows_as_a_status_change_not_as_the_same_role_twice() -> None:
    tl = world(
        Joined(id="j-ada", valid="2020-01-06", person="ada", org="acme", role="president",
               sources=WIRE, recorded=RECORDED),
        LeaveStarted(id="ls", valid="2022-03-01", person="ada", org="acme", sources=WIRE,
                     recorded=RECORDED),
    )
    diff = tl.diff("acme", "2022-01", "2022-06")
    [change] = diff.changed
    assert (ChangeKind.STATUS,) == change.what
    text = repr(diff)
    assert "president" not in text
    assert "status  Ada Lovelace  active  on leave" in text


def test_a_change_from_possible_to_certain_says_so() -> None:
    tl = world(Joined(id="j-ada", valid="2021", person="ada", org="acme", role="engineer",
                      sources=WIRE, recorded=RECORDED))
    [change] = tl.diff("acme", "2021-06-30", "2022").changed
    assert (ChangeKind.BECAME_CERTAIN,) == change.what
    assert "membership (possible → certain)  Ada Lovelace  possible  certain" in repr(
        tl.diff("acme", "2021-06-30", "2022"))
    tl.append(Left(id="l-ada", valid="2023", person="ada", org="acme", sources=WIRE,
                   recorded=RECORDED))
    [back] = tl.diff("acme", "2022", "2023-06-30").changed
    assert (ChangeKind.BECAME_POSSIBLE,) == back.what


def test_a_row_names_every_part_that_changed() -> None:
    tl = world(
        Joined(id="j-ada", valid="2020-01-06", person="ada", org="acme", role="engineer",
               sources=WIRE, recorded=RECORDED),
        RoleChanged(id="rc", valid="2022-02-01", person="ada", org="acme", role="cto",
                    sources=WIRE, recorded=RECORDED),
        LeaveStarted(id="ls", valid="2022-03-01", person="ada", org="acme", sources=WIRE,
                     recorded=RECORDED),
    )
    [change] = tl.diff("acme", "2021", "2023").changed
    assert (ChangeKind.ROLE, ChangeKind.STATUS) == change.what
    assert "role, status  Ada Lovelace  engineer; active  cto; on leave" in repr(
        tl.diff("acme", "2021", "2023"))


def test_a_change_of_the_events_behind_an_entry_alone_is_a_change_of_evidence() -> None:
    # a role change to the same role: nothing else differs, and applying the
    # diff must still give the later entry
    tl = world(
        Joined(id="j-ada", valid="2020-01-06", person="ada", org="acme", role="engineer",
               sources=WIRE, recorded=RECORDED),
        RoleChanged(id="rc", valid="2022-02-01", person="ada", org="acme", role="engineer",
                    sources=WIRE, recorded=RECORDED),
    )
    [change] = tl.diff("acme", "2021", "2023").changed
    assert (ChangeKind.EVIDENCE,) == change.what


MEMBER = Member(
    person="ada", name="Ada Lovelace", org="acme", org_name="Acme", role="engineer",
    possible_roles=(), since=ValidDate.parse("2020"), status=Status.ACTIVE,
    certainty=Certainty.REPORTED, certain=True, evidence=("j-ada",),
)
OTHER = {
    "name": "Ada King", "org": "globex", "org_name": "Acme Labs", "role": "cto",
    "possible_roles": ("cto",), "since": ValidDate.parse("2021"),
    "status": Status.ON_LEAVE, "certainty": Certainty.RUMORED, "certain": False,
    "evidence": ("j-ada", "rc"), "role_inferred": True,
    "disputed": (Claim("j-ada-2", Rank.NORMAL, "2021", (Source("gazette"),), "j-ada"),),
    "uncertainty": Uncertainty.UNKNOWN_START, "why": "first observed 2024-05",
    "affiliation": Affiliation.BOARD,
}


@pytest.mark.parametrize("field", [f.name for f in attrs.fields(Member) if f.name != "person"])
def test_a_difference_in_any_part_of_an_entry_is_named(field: str) -> None:
    # else a diff would leave the entry out, and applying it would keep the old one
    assert what_changed(MEMBER, attrs.evolve(MEMBER, **{field: OTHER[field]}))
    assert () == what_changed(MEMBER, MEMBER)


def test_someone_who_left_and_returned_in_between_has_a_row_saying_so() -> None:
    tl = world(
        Joined(id="j", valid="2015", person="ada", org="acme", sources=WIRE, recorded=RECORDED),
        Left(id="l", valid="2023-11-17", person="ada", org="acme", reason="fired", sources=WIRE,
             recorded=RECORDED),
        Rehired(id="r", valid="2023-11-22", person="ada", org="acme", sources=WIRE,
                recorded=RECORDED),
    )
    diff = tl.diff("acme", "2023-11-16", "2023-11-30")
    assert [("ada", (ChangeKind.LEFT_AND_RETURNED, ChangeKind.SINCE))] == [
        (c.person, c.what) for c in diff.changed]
    assert "left and returned" in repr(diff)
    later = tl.roster("acme", at="2023-11-30")
    assert {m.person: m for m in later.members + later.possible} == diff.apply(
        tl.roster("acme", at="2023-11-16"))


def test_a_sighting_before_a_return_the_same_month_keeps_the_earlier_tenure_until_after_it(
) -> None:
    # seen in January 2018 and rehired that month: the earlier tenure lasted
    # at least to the day after the sighting, so by 1 January she cannot
    # have left and come back
    tl = world(
        Rehired(id="r", valid="2018-01", person="ada", org="acme", sources=WIRE,
                recorded=RECORDED),
        Observed(id="o", valid="2018-01", person="ada", org="acme", sources=WIRE,
                 recorded=RECORDED),
    )
    diff = tl.diff("acme", "2017-01-30", "2018-01-01")
    assert [] == [c.person for c in diff.changed
                  if ChangeKind.POSSIBLY_LEFT_AND_RETURNED in c.what
                  or ChangeKind.LEFT_AND_RETURNED in c.what]


def test_a_diff_that_ends_before_it_starts_or_compares_one_roster_with_itself_is_refused(
) -> None:
    # reversed, a diff listed those who left as "joined"; "2024" to "2024"
    # compared the roster at the end of 2024 with itself and said "no changes"
    tl = world(Joined(id="j", valid="2024-03-01", person="ada", org="acme", sources=WIRE,
                      recorded=RECORDED))
    with pytest.raises(InvalidQueryError, match="ends before it starts") as reversed_:
        tl.diff("acme", "2024-12-31", "2024-01-01")
    assert "end" == reversed_.value.argument
    with pytest.raises(InvalidQueryError, match="2023-12-31"):
        tl.diff("acme", "2024", "2024")
    assert ("ada",) == tuple(c.person for c in tl.diff("acme", "2023-12-31", "2024").joined)
    assert () == tl.diff("acme", "2024-03-01", "2024-03-01").joined  # one day: no change
