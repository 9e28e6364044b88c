"""Example tests for what a tenure says at a date: role and leave status are
three-valued, like membership (docs/concepts.md, "Roles and leaves under
imprecise dates")."""

from __future__ import annotations

from tests.helpers import WIRE, build, declare
from timeline import Event, Joined, LeaveEnded, LeaveStarted, RoleChanged, Timeline
from timeline.answers.results import Status

RECORDED = "2024-02-01T00:00:00Z"


def world(*events: Event) -> Timeline:
    return build([
        *declare(people={"ada": "Ada Lovelace"}, orgs={"acme": "Acme"}),
        Joined(id="j-ada", valid="2020-01-06", person="ada", org="acme", role="engineer",
               sources=WIRE, recorded=RECORDED),
        *events,
    ])


def test_a_leave_dated_by_year_makes_its_status_possibly_on_leave_within_that_year() -> None:
    tl = world(LeaveStarted(id="ls", valid="2021", person="ada", org="acme", sources=WIRE,
                            recorded=RECORDED))
    expected = {
        "2020-12-31": Status.ACTIVE,
        "2021-01-01": Status.POSSIBLY_ON_LEAVE,
        "2021-06-30": Status.POSSIBLY_ON_LEAVE,
        "2021-12-31": Status.ON_LEAVE,
    }
    assert expected == {at: tl.roster("acme", at=at)["ada"].status for at in expected}
    assert Status.POSSIBLY_ON_LEAVE == tl.where("ada", at="2021-06-30").orgs[0].status
    assert "possibly on leave" in repr(tl.roster("acme", at="2021-06-30"))


def test_the_end_of_a_leave_dated_by_month_makes_its_status_possibly_on_leave_that_month(
) -> None:
    tl = world(
        LeaveStarted(id="ls", valid="2021-03-01", person="ada", org="acme", sources=WIRE,
                     recorded=RECORDED),
        LeaveEnded(id="le", valid="2021-09", person="ada", org="acme", sources=WIRE,
                   recorded=RECORDED),
    )
    expected = {
        "2021-08-31": Status.ON_LEAVE,
        "2021-09-15": Status.POSSIBLY_ON_LEAVE,
        "2021-09-30": Status.ACTIVE,
    }
    assert expected == {at: tl.roster("acme", at=at)["ada"].status for at in expected}


def test_a_return_from_a_leave_the_log_has_no_start_for_makes_the_days_before_it_possibly_on_leave(
) -> None:
    # "returned from leave in November": when the leave began is not in the
    # log, so before the return the person was possibly on leave, not active
    tl = world(LeaveEnded(id="le", valid="2021-11", person="ada", org="acme", sources=WIRE,
                          recorded=RECORDED))
    expected = {
        "2020-01-06": Status.POSSIBLY_ON_LEAVE,
        "2021-09-30": Status.POSSIBLY_ON_LEAVE,
        "2021-11-15": Status.POSSIBLY_ON_LEAVE,
        "2021-11-30": Status.ACTIVE,
    }
    assert expected == {at: tl.roster("acme", at=at)["ada"].status for at in expected}


def test_a_second_return_from_leave_with_no_start_makes_the_days_since_the_first_possibly_on_leave(
) -> None:
    tl = world(
        LeaveStarted(id="ls", valid="2020-03-02", person="ada", org="acme", sources=WIRE,
                     recorded=RECORDED),
        LeaveEnded(id="le1", valid="2020-06-01", person="ada", org="acme", sources=WIRE,
                   recorded=RECORDED),
        LeaveEnded(id="le2", valid="2021-11", person="ada", org="acme", sources=WIRE,
                   recorded=RECORDED),
    )
    expected = {
        "2020-02-01": Status.ACTIVE,
        "2020-04-01": Status.ON_LEAVE,
        "2021-01-01": Status.POSSIBLY_ON_LEAVE,
        "2021-11-30": Status.ACTIVE,
    }
    assert expected == {at: tl.roster("acme", at=at)["ada"].status for at in expected}
    # the return the possibility rests on is in the entry's evidence
    assert "le2" in tl.roster("acme", at="2021-01-01")["ada"].evidence


def test_a_role_change_dated_by_year_gives_both_roles_within_that_year() -> None:
    tl = world(RoleChanged(id="rc", valid="2021", person="ada", org="acme", role="cto",
                           sources=WIRE, recorded=RECORDED))
    expected = {
        "2020-12-31": ("engineer", ()),
        "2021-06-30": ("engineer", ("cto",)),
        "2021-12-31": ("cto", ()),
    }
    members = {at: tl.roster("acme", at=at)["ada"] for at in expected}
    assert expected == {at: (m.role, m.possible_roles) for at, m in members.items()}
    assert ("engineer", ("cto",)) == (
        tl.where("ada", at="2021-06-30").orgs[0].role,
        tl.where("ada", at="2021-06-30").orgs[0].possible_roles,
    )
    assert "engineer or cto" in repr(tl.roster("acme", at="2021-06-30"))
    assert "engineer or cto" in repr(tl.cohort(["ada"], "acme", at="2021-06-30"))


def test_a_role_change_in_effect_settles_the_imprecise_ones_before_it() -> None:
    # the tenure orders the year-dated change first: once the one of 1 March
    # is in effect, so is the earlier one, and the role is certain
    tl = world(
        RoleChanged(id="rc-year", valid="2021", person="ada", org="acme", role="manager",
                    sources=WIRE, recorded=RECORDED),
        RoleChanged(id="rc-day", valid="2021-03-01", person="ada", org="acme", role="cto",
                    sources=WIRE, recorded=RECORDED),
    )
    [tenure] = tl.career("ada")
    assert ("engineer", "manager", "cto") == tuple(role for _, role in tenure.roles)
    member = tl.roster("acme", at="2021-06-30")["ada"]
    assert ("cto", ()) == (member.role, member.possible_roles)
    early = tl.roster("acme", at="2021-02-01")["ada"]
    assert ("engineer", ("manager",)) == (early.role, early.possible_roles)
