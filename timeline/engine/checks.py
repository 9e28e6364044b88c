"""A check a batch must pass beyond the folds: the event ids an event links
to are in the log, recorded no later than it.

It reads the projection state after the batch was taken in, so a batch may
hold what its events name, as long as it is recorded no later; it raises an
:class:`~timeline.InvalidEventError` naming the event, the field and a hint.
"""

from __future__ import annotations

from collections.abc import Callable

from timeline.model.catalog import FundingRound, LawsuitRuling
from timeline.model.errors import InvalidEventError
from timeline.model.events import Event
from timeline.model.plan_events import PlanCancelled, PlanMoved

__all__ = ["check_links", "links"]


def links(event: Event) -> list[tuple[str, str]]:
    """(field, event id) of each event ``event`` names by id: the plan it
    fulfils, cancels or moves, the round it is a tranche of, the motion a
    ruling is on."""
    found = [("fulfills", event.fulfills)] if event.fulfills is not None else []
    nested = getattr(event, "replacement", None) or getattr(event, "claim", None)
    if isinstance(nested, Event):  # a correction's replacement, a dispute's claim
        found += [(f"{'replacement' if event.kind == 'corrected' else 'claim'}.{field}", target)
                  for field, target in links(nested)]
    if isinstance(event, (PlanCancelled, PlanMoved)):
        found.append(("plan", event.plan))
    if isinstance(event, FundingRound) and event.tranche_of is not None:
        found.append(("tranche_of", event.tranche_of))
    if isinstance(event, LawsuitRuling) and event.on is not None:
        found.append(("on", event.on))
    return found


def check_links(event: Event, recorded: int, first_recorded: Callable[[str], int | None]) -> None:
    """Every event id ``event`` (recorded at ``recorded``) names is of an
    event, or of an event a ``Planned`` plans, that the log holds recorded no
    later: ``first_recorded`` gives when the log first held an id, or None."""
    for field, target in links(event):
        since = first_recorded(target)
        if since is None:
            raise InvalidEventError(
                event.id, field, target,
                "no event with this id is in the log or the batch (nor planned by one); "
                "append the event it names first, or correct the id")
        if since > recorded:
            raise InvalidEventError(
                event.id, field, target,
                "that event is recorded only after this one; record it no later than the "
                "events that name it")
