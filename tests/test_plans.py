"""Plans: announced on one date for another, shown as planned until they
happen, fulfilled, moved or cancelled by later events."""

from __future__ import annotations

import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    Certainty,
    InvalidEventError,
    Joined,
    LeaveStarted,
    Left,
    PlanCancelled,
    PlanMoved,
    Planned,
    Retracted,
    Timeline,
)
from timeline.engine.plans import PlanStatus

AUGUST = "2024-08-01T00:00:00Z"
LATER = "2024-10-01T00:00:00Z"
PEOPLE = {"ada": "Ada Lovelace", "bob": "Bob Kahn"}
ORGS = {"acme": "Acme", "bolt": "Bolt"}


def _world(*events: object) -> Timeline:
    return build([
        *declare(people=PEOPLE, orgs=ORGS),
        Joined(id="j", valid="2020", person="ada", org="acme", sources=WIRE, recorded=AUGUST),
        Planned(id="will-join", valid="2024-08-01", sources=WIRE, recorded=AUGUST,
                plan=Joined(id="bob-joins", valid="2024-09", person="bob", org="acme",
                            role="ceo", sources=WIRE)),
        *events,
    ])


def _status(tl: Timeline, at: str, **view: object) -> dict[str, str]:
    return {p.state.plan: p.status.value for p in tl.plans("acme", at=at, **view)}


def test_a_plan_is_planned_from_its_announcement_and_not_a_membership() -> None:
    tl = _world()
    assert {} == _status(tl, "2024-07")
    assert {"will-join": "planned"} == _status(tl, "2024-08-15")
    assert "bob" not in tl.roster("acme", at="2024-09-30")
    [plan] = tl.plans("acme", at="2024-08-15")
    assert "Bob Kahn joins Acme as ceo" == plan.what


def test_a_plan_whose_date_passes_is_overdue_not_fulfilled() -> None:
    assert {"will-join": "overdue"} == _status(_world(), "2024-10-15")


def test_the_event_that_names_the_plan_fulfils_it() -> None:
    tl = _world(Joined(id="bob-in", valid="2024-09-02", person="bob", org="acme", role="ceo",
                       fulfills="will-join", sources=WIRE, recorded=LATER))
    [plan] = tl.plans("acme", at="2024-09-30")
    assert (PlanStatus.FULFILLED, "bob-in", False) == (plan.status, plan.state.by,
                                                        plan.state.inferred)
    assert "bob" in tl.roster("acme", at="2024-09-30")


def test_a_like_event_after_the_announcement_fulfils_it_by_inference() -> None:
    tl = _world(Joined(id="bob-in", valid="2024-09-02", person="bob", org="acme",
                       sources=WIRE, recorded=LATER))
    [plan] = tl.plans("acme", at="2024-09-30")
    assert (PlanStatus.FULFILLED, True) == (plan.status, plan.state.inferred)
    assert "fulfilled (inferred)" in repr(tl.plans("acme", at="2024-09-30"))


def test_a_cancelled_plan_is_cancelled_not_retracted() -> None:
    tl = _world(PlanCancelled(id="off", valid="2024-08-20", plan="will-join", sources=WIRE,
                              recorded=LATER))
    assert {"will-join": "planned"} == _status(tl, "2024-08-15")
    assert {"will-join": "cancelled"} == _status(tl, "2024-08-25")
    # as known before the cancellation was recorded, the plan stood
    assert {"will-join": "planned"} == _status(tl, "2024-08-25", known=AUGUST)
    assert "will-join" in {entry.event.id for entry in tl.history("bob")}
    assert "off" == tl.plans("acme", at="2024-08-25").done[0].state.by


def test_a_retracted_plan_was_never_announced() -> None:
    tl = _world(Retracted(id="x", valid="2024-08-20", target="will-join", sources=WIRE,
                          recorded=LATER))
    assert {} == _status(tl, "2024-08-25")
    assert {"will-join": "planned"} == _status(tl, "2024-08-25", known=AUGUST)


def test_a_moved_plan_is_planned_for_its_new_date() -> None:
    tl = _world(PlanMoved(id="later", valid="2024-08-25", plan="will-join", to="2025-01",
                          sources=WIRE, recorded=LATER))
    [plan] = tl.plans("acme", at="2024-10-15")
    assert ("2025-01", PlanStatus.PLANNED) == (str(plan.state.planned_for), plan.status)


def test_an_event_announced_ahead_is_planned_until_its_date() -> None:
    tl = _world(Left(id="out", valid="2024-12-31", announced="2024-08-05", person="ada",
                     org="acme", sources=WIRE, recorded=AUGUST))
    assert {"will-join": "planned", "out": "planned"} == _status(tl, "2024-09")
    assert "fulfilled" == _status(tl, "2025-01")["out"]
    assert "ada" in tl.roster("acme", at="2024-09")


def test_a_leave_until_a_date_is_a_leave_and_a_planned_return() -> None:
    tl = _world(
        LeaveStarted(id="off", valid="2024-08-05", person="ada", org="acme", sources=WIRE,
                     recorded=AUGUST),
        Planned(id="back", valid="2024-08-05", sources=WIRE, recorded=AUGUST,
                plan=Left(id="back-l", valid="2024-12", person="ada", org="bolt",
                          sources=WIRE)))
    assert "on leave" == tl.roster("acme", at="2024-09")["ada"].status.value
    assert "planned" == _status(tl, "2024-09").get("will-join")


def test_a_plan_cannot_be_a_plan_or_a_correction_or_recorded() -> None:
    join = Joined(id="p-j", valid="2024-09", person="bob", org="acme", sources=WIRE)
    with pytest.raises(InvalidEventError, match="a correction is not planned"):
        Planned(id="p", valid="2024", sources=WIRE,
                plan=Retracted(id="r", valid="2024", target="j", sources=WIRE))
    with pytest.raises(InvalidEventError, match="leave it out"):
        Planned(id="p", valid="2024", sources=WIRE,
                plan=Joined(id="p-j", valid="2024-09", person="bob", org="acme", sources=WIRE,
                            recorded=AUGUST))
    with pytest.raises(InvalidEventError, match="an id of its own"):
        Planned(id="p-j", valid="2024", sources=WIRE, plan=join)


def test_a_plan_names_only_declared_entities() -> None:
    with pytest.raises(Exception, match="carol"):
        _world(Planned(id="p2", valid="2024-08-01", sources=WIRE, recorded=AUGUST,
                       plan=Joined(id="p2-j", valid="2024-09", person="carol", org="acme",
                                   sources=WIRE)))


def test_an_event_naming_the_planned_event_fulfils_the_plan() -> None:
    tl = _world(Joined(id="bob-in", valid="2024-09-02", person="bob", org="acme",
                       fulfills="bob-joins", sources=WIRE, recorded=LATER))
    [plan] = tl.plans("acme", at="2024-09-30")
    assert (PlanStatus.FULFILLED, "bob-in", False) == (plan.status, plan.state.by,
                                                        plan.state.inferred)


def test_an_event_announced_ahead_fulfils_an_earlier_plan_by_inference() -> None:
    tl = _world(Joined(id="bob-in", valid="2024-09-15", announced="2024-09-01", person="bob",
                       org="acme", sources=WIRE, recorded=LATER))
    states = {p.state.plan: (p.status, p.state.by) for p in tl.plans("acme", at="2024-10")}
    assert (PlanStatus.FULFILLED, "bob-in") == states["will-join"]
    assert (PlanStatus.FULFILLED, "bob-in") == states["bob-in"]


def test_on_the_same_day_a_fulfilment_wins_over_a_cancellation() -> None:
    tl = _world(PlanCancelled(id="a-off", valid="2024-09-02", plan="will-join", sources=WIRE,
                              recorded=LATER),
                Joined(id="z-in", valid="2024-09-02", person="bob", org="acme",
                       fulfills="will-join", sources=WIRE, recorded=LATER))
    [plan] = tl.plans("acme", at="2024-09-30")
    assert (PlanStatus.FULFILLED, "z-in") == (plan.status, plan.state.by)


def test_a_plan_for_a_date_before_its_announcement_is_refused() -> None:
    with pytest.raises(InvalidEventError, match="a plan is for a date after it is announced"):
        Planned(id="p", valid="2024-08-01", sources=WIRE,
                plan=Joined(id="p-j", valid="2024-07", person="bob", org="acme", sources=WIRE))


def test_a_step_naming_a_plan_the_log_does_not_hold_yet_takes_effect_when_it_comes() -> None:
    # a feed may bring the cancellation first; the log keeps the link
    tl = build([*declare(people=PEOPLE, orgs=ORGS),
                PlanCancelled(id="off", valid="2024-08-20", plan="will-join", sources=WIRE,
                              recorded=AUGUST)])
    assert tl.plans("acme", at="2024-08-31").pending == ()
    tl.append(Planned(id="will-join", valid="2024-08-01", sources=WIRE, recorded=LATER,
                      plan=Joined(id="bob-joins", valid="2024-09", person="bob", org="acme",
                                  sources=WIRE)))
    assert {"will-join": "cancelled"} == _status(tl, "2024-08-31")


def test_a_plan_link_to_an_event_that_is_no_plan_is_refused() -> None:
    tl = _world()
    with pytest.raises(InvalidEventError, match=r"invalid plan='j'.*is no plan"):
        tl.append(PlanCancelled(id="off", valid="2024-08-20", plan="j", sources=WIRE,
                                recorded=LATER))
    with pytest.raises(InvalidEventError, match=r"invalid fulfills='j'.*is no plan"):
        tl.append(Left(id="out", valid="2024-09", person="ada", org="acme", fulfills="j",
                       sources=WIRE, recorded=LATER))


def test_a_rumoured_plan_or_cancellation_says_so() -> None:
    tl = _world(PlanCancelled(id="off", valid="2024-08-20", plan="will-join", sources=WIRE,
                              certainty="rumored", recorded=LATER))
    assert {"will-join": "planned"} == _status(tl, "2024-08-31")  # rumours count when asked
    [plan] = tl.plans("acme", at="2024-08-31", min_certainty="rumored")
    assert (plan.status, plan.state.by_certainty) == (PlanStatus.CANCELLED, Certainty.RUMORED)
    assert "cancelled (rumored)" in repr(tl.plans("acme", at="2024-08-31",
                                                  min_certainty="rumored"))


def test_links_to_events_not_in_the_log_are_listed_until_the_events_come() -> None:
    tl = _world(PlanCancelled(id="off", valid="2024-08-20", plan="will-jion", sources=WIRE,
                              recorded=LATER))
    [link] = tl.unresolved_links()
    assert (link.event, link.kind, link.field, link.target) == (
        "off", "plan-cancelled", "plan", "will-jion")
    assert "will-jion" in repr(tl.unresolved_links())
    assert tl.unresolved_links(known="2024-08-02").links == ()  # not recorded yet then
