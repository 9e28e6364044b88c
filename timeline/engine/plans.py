"""What became of plans at a date: planned, overdue, fulfilled or cancelled.

For a query day D and the plans a view holds (each a ``Planned`` event, or
an event whose ``announced`` date comes before its own: "will leave at the
end of the year", told in August):

- a plan is listed from its announcement on; certainly when the
  announcement's whole date is by D, possibly when it only may be;
- it is *fulfilled* by an event that names it (or the event planned) in
  ``fulfills``, or, by inference, by an event of the planned kind about the
  same subject (the same person, organisation, kind of affiliation and
  step) dated after the announcement may have been made; an event
  announced ahead fulfils itself on its own date;
- it is *cancelled* by a ``PlanCancelled`` naming it (or the event
  planned); when both a fulfilment and a cancellation are certainly by D,
  the later one (by last day, then first day) says what became of it, a
  fulfilment on the same dates over a cancellation;
- otherwise it is *planned*, for the date of the latest ``PlanMoved``
  certainly by D or else its own, and *overdue* once that date is over;
- the steps (fulfilments, cancellations, moves) whose imprecise dates cover
  D are named apart, in ``possibly``: the status may already be another.

See "Plans" in docs/concepts.md.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

import attrs

from timeline.model.catalog import TenureEvent
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.events import Event
from timeline.model.plan_events import PlanCancelled, PlanMoved, Planned

__all__ = ["PlanState", "PlanStatus", "plan_states", "planned_event", "subject"]


class PlanStatus(enum.Enum):
    """What became of a plan by a date."""

    PLANNED = "planned"
    OVERDUE = "overdue"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


@attrs.frozen
class PlanState:
    """A plan at a date: ``plan`` is the id of the announcement (a ``Planned``
    event, or the event announced ahead), ``event`` what was planned, on
    ``planned_for``; ``by`` the event that fulfilled or cancelled it (None
    while planned), ``inferred`` when a fulfilment is inferred, ``possibly``
    the events that may already have changed its status, ``certain``
    whether the announcement was certainly made by the date.
    ``certainty`` is the announcement's (a rumoured plan), ``by_certainty``
    that of the event that fulfilled or cancelled it (a rumoured
    cancellation), so an answer can say so."""

    plan: str
    event: Event
    announced: ValidDate
    planned_for: ValidDate
    status: PlanStatus
    certain: bool
    by: str | None = None
    inferred: bool = False
    possibly: tuple[str, ...] = ()
    certainty: Certainty = Certainty.REPORTED
    by_certainty: Certainty | None = None


def planned_event(event: Event) -> Event | None:
    """The event a plan is about: a ``Planned`` event's plan, or an event
    announced before its own date; None for any other event."""
    if isinstance(event, Planned):
        return event.plan
    if event.announced is not None and event.announced.last < event.valid.first:
        return event
    return None


def subject(event: Event) -> tuple[object, ...]:
    """What a planned event and the event that carries it out share: its kind
    and who and what it is about (a tenure event's person, organisation,
    kind of affiliation and step)."""
    if isinstance(event, TenureEvent):
        return ("tenure", event.person, event.org, event.affiliation, event.step)
    return (event.kind, tuple(sorted(event.about())))


def _key(event: Event) -> tuple[int, int, str]:
    return event.valid.last, event.valid.first, event.id


def plan_states(plans: Iterable[Event], steps: Sequence[Event], day: int) -> list[PlanState]:
    """The state at ``day`` of each plan in ``plans`` announced possibly by
    then, from ``steps``: the events that may fulfil, cancel or move them.

    Runtime: O(p * s) for p plans and s steps.
    """
    out = []
    for announcement in plans:
        planned = planned_event(announcement)
        if planned is None:
            continue
        said = announcement.valid if isinstance(announcement, Planned) else announcement.announced
        assert said is not None
        if said.first > day:
            continue
        ended: list[tuple[Event, PlanStatus, bool]] = []
        moved: list[Event] = []
        maybe: list[str] = []
        if planned is announcement:  # announced ahead: it happens on its own date
            if planned.valid.last <= day:
                ended.append((planned, PlanStatus.FULFILLED, False))
            elif planned.valid.first <= day:
                maybe.append(planned.id)
        for step in steps:
            status, inferred = _what(step, announcement, planned, said)
            if status is None:
                continue
            if step.valid.last <= day:
                if status is PlanStatus.PLANNED:
                    moved.append(step)
                else:
                    ended.append((step, status, inferred))
            elif step.valid.first <= day:
                maybe.append(step.id)
        when = planned.valid
        if moved:
            latest = max(moved, key=_key)
            assert isinstance(latest, PlanMoved)
            when = latest.to
        if ended:
            # the latest step says what became of it; on the same dates a
            # fulfilment, what happened, over a cancellation
            step, status, inferred = max(
                ended, key=lambda e: (e[0].valid.last, e[0].valid.first,
                                      e[1] is PlanStatus.FULFILLED, e[0].id))
            state = PlanState(announcement.id, planned, said, when, status, said.last <= day,
                              step.id, inferred, tuple(maybe), announcement.certainty,
                              step.certainty)
        else:
            status = PlanStatus.OVERDUE if when.last < day else PlanStatus.PLANNED
            state = PlanState(announcement.id, planned, said, when, status, said.last <= day,
                              possibly=tuple(maybe), certainty=announcement.certainty)
        out.append(state)
    return out


def _what(step: Event, announcement: Event, planned: Event,
          said: ValidDate) -> tuple[PlanStatus | None, bool]:
    """What ``step`` does to a plan: fulfil it (stated or inferred), cancel it,
    move it (PLANNED), or nothing (None)."""
    names = (announcement.id, planned.id)  # a plan, or the event planned, by its id
    if isinstance(step, PlanCancelled):
        return (PlanStatus.CANCELLED if step.plan in names else None), False
    if isinstance(step, PlanMoved):
        return (PlanStatus.PLANNED if step.plan in names else None), False
    if step is planned or isinstance(step, Planned):
        return None, False
    if step.fulfills is not None:
        return (PlanStatus.FULFILLED if step.fulfills in names else None), False
    if planned is announcement:
        return None, False  # an event announced ahead is its own fulfilment
    if subject(step) == subject(planned) and step.valid.last >= said.first:
        return PlanStatus.FULFILLED, True
    return None, False
