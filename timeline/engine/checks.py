"""Checks a batch must pass beyond the folds: the event ids an event links
to exist, and a founder is added to a founding only once.

Each takes the projection state after the batch was taken in (so a batch
may hold what its events name) and raises a :class:`TimelineError` naming
the event, the field and a hint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from timeline.engine.corrections import FactVersion
from timeline.model.catalog import Founded, FounderAdded, FundingRound, LawsuitRuling
from timeline.model.dates import EVERYTHING
from timeline.model.errors import EventConflictError, InvalidEventError
from timeline.model.events import Event
from timeline.model.plan_events import PlanCancelled, PlanMoved

__all__ = ["check_founder", "check_links", "links"]


class _Lineages(Protocol):
    def root_of(self, event_id: str) -> str | None: ...


def links(event: Event) -> list[tuple[str, str]]:
    """(field, event id) of each event ``event`` names by id: the plan it
    fulfils, cancels or moves, the round it is a tranche of, the motion a
    ruling is on."""
    found = [("fulfills", event.fulfills)] if event.fulfills is not None else []
    if isinstance(event, (PlanCancelled, PlanMoved)):
        found.append(("plan", event.plan))
    if isinstance(event, FundingRound) and event.tranche_of is not None:
        found.append(("tranche_of", event.tranche_of))
    if isinstance(event, LawsuitRuling) and event.on is not None:
        found.append(("on", event.on))
    return found


def check_links(event: Event, lineages: _Lineages, planned: set[str]) -> None:
    """Every event id ``event`` names is in the log or the batch, or is the
    id of an event a ``Planned`` plans."""
    for field, target in links(event):
        if lineages.root_of(target) is None and target not in planned:
            raise InvalidEventError(
                event.id, field, target,
                "no event with this id is in the log or the batch (nor planned by one); "
                "append the event it names first, or correct the id")


def check_founder(event: Event, facts: Callable[[str], Iterable[FactVersion]]) -> None:
    """A founder added to a founding is not already one of its founders, and
    a founding does not name again a founder a ``FounderAdded`` added: each
    would give the person a second seat. ``facts`` gives the versions of an
    organisation's facts."""
    if not isinstance(event, (Founded, FounderAdded)):
        return
    named = set(event.founders) if isinstance(event, Founded) else {event.person}
    for version in facts(event.org):
        other = version.event
        if other.id == event.id or not version.visible(EVERYTHING, 0):
            continue
        if isinstance(event, FounderAdded) and isinstance(other, Founded):
            twice = named & set(other.founders)
        elif isinstance(other, FounderAdded):
            twice = named & {other.person}
        else:
            continue
        if twice:
            who = sorted(twice)[0]
            raise EventConflictError(
                event.id,
                f"{who!r} is already a founder of {event.org!r} by event {other.id!r}; "
                "to change whether they worked there, correct that event")
