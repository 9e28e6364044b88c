"""Checks a batch must pass beyond the folds: an event id an event links to
names an event of the right kind, when the log holds it; organisations do
not sit inside each other in a circle.

It reads the projection state after the batch was taken in, so a batch may
hold what its events name, as long as it is recorded no later; it raises an
:class:`~timeline.InvalidEventError` naming the event, the field and a hint.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable

from timeline.engine.hierarchy import placement
from timeline.engine.plans import planned_event
from timeline.model.catalog import Deal, FundingRound, LawsuitRuling
from timeline.model.errors import InvalidEventError
from timeline.model.events import Event
from timeline.model.plan_events import PlanCancelled, PlanMoved

__all__ = ["check_links", "check_placement", "links"]


def links(event: Event) -> list[tuple[str, str, Event]]:
    """(field, event id, the event that names it) of each event ``event``
    names by id: the plan it fulfils, cancels or moves, the round it is a
    tranche of, the motion a ruling is on, also inside a correction's
    replacement or a dispute's claim."""
    found = [("fulfills", event.fulfills, event)] if event.fulfills is not None else []
    nested = getattr(event, "replacement", None) or getattr(event, "claim", None)
    if isinstance(nested, Event):
        found += [(f"{'replacement' if event.kind == 'corrected' else 'claim'}.{field}", target,
                   named_by) for field, target, named_by in links(nested)]
    if isinstance(event, (PlanCancelled, PlanMoved)):
        found.append(("plan", event.plan, event))
    if isinstance(event, FundingRound) and event.tranche_of is not None:
        found.append(("tranche_of", event.tranche_of, event))
    if isinstance(event, LawsuitRuling) and event.on is not None:
        found.append(("on", event.on, event))
    return found


def check_links(event: Event, recorded: int, first_recorded: Callable[[str], int | None],
                event_of: Callable[[str], Event | None]) -> None:
    """Every event ``event`` (recorded at ``recorded``) names by id that the
    log held by then is of the kind the field names: a plan (a ``Planned``,
    the event it plans, or an event announced ahead) for a plan's links, a
    round of the same organisation not certainly later for a tranche.
    ``first_recorded`` gives when the log first held an id (None: never),
    ``event_of`` the event of an id (None for an event a ``Planned`` plans).

    A link to an event the log does not hold by then is kept: it takes
    effect if that event comes (a log without a retracted event stays a
    log, and a feed may bring a plan's steps before the plan)."""
    for field, target, named_by in links(event):
        since = first_recorded(target)
        if since is None or since > recorded:
            continue
        held = event_of(target)
        last = field.rsplit(".", 1)[-1]
        if last in ("fulfills", "plan") and held is not None and planned_event(held) is None:
            raise InvalidEventError(
                event.id, field, target,
                f"event {target!r} ({held.kind}) is no plan: name a Planned, the event it "
                "plans, or an event announced ahead of its date")
        if last == "tranche_of" and held is not None:
            _check_tranche(event.id, field, named_by, held)


def _check_tranche(event_id: str, field: str, tranche: Event, round_: Event) -> None:
    assert isinstance(tranche, FundingRound)
    if not isinstance(round_, FundingRound) or round_.org != tranche.org:
        what = (f"a round of {round_.org!r}" if isinstance(round_, FundingRound)
                else f"a {round_.kind} event")
        raise InvalidEventError(
            event_id, field, round_.id,
            f"a tranche pays a round of its own organisation ({tranche.org!r}); event "
            f"{round_.id!r} is {what}")
    if tranche.valid.certainly_before(round_.valid):
        raise InvalidEventError(
            event_id, field, round_.id,
            f"the tranche ({tranche.valid}) comes certainly before its round "
            f"({round_.valid}); correct one of the dates")


def check_placement(event: Event, parents: Callable[[str, int], Iterable[str]],
                    days: Iterable[int]) -> None:
    """An organisation placed inside another (by a placement, an acquisition
    or a merger) is not above it on any of ``days`` (the first and last days
    of every placement, when what sits inside what may change) from the
    placement's first on: the organisations would sit inside each other in
    a circle. ``parents`` gives the organisations a unit may sit in on a
    day."""
    placed = placement(event)
    if placed is None:
        return
    unit, parent = placed
    if parent is None:
        return
    for day in sorted({event.valid.first, event.valid.last,
                       *(d for d in days if d >= event.valid.first)}):
        seen, todo = {parent}, [parent]
        while todo:
            above = todo.pop()
            if above == unit:
                field = "target" if isinstance(event, Deal) else "parent"
                raise InvalidEventError(
                    event.id, field, parent if field == "parent" else unit,
                    f"{unit!r} would sit inside {parent!r}, which sits inside {unit!r} on "
                    f"{_dt.date.fromordinal(day)}: a circle; place the organisation apart "
                    "first (OrganizationPlaced with no parent), or correct the placement")
            for up in parents(above, day):
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
