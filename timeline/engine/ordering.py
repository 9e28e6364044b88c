"""The canonical valid-time order of the events of one tenure or one case.

Dates may be imprecise, so two events can overlap: "left in May" and
"rejoined on 20 May". Sorting by the first day alone would put the departure
of a tenure before its own start. Instead, at each step the fold may take any
event that can come next (its first day is no later than the last day of
every other remaining event); of those it takes the one the current state
accepts, by step rank, and falls back to date order only when none fits.
The state sees every event that can come next: before any tenure, a
departure is taken ahead of a rehire that may follow it, because a rehire
implies an earlier tenure.

The order depends only on the events themselves (dates, step ranks, ids),
never on the order they arrived in, so every arrival order gives the same
answers once the same events are known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from timeline.model.events import Event

__all__ = ["arrange"]

E = TypeVar("E", bound=Event)


def date_key(event: Event) -> tuple[int, int, str]:
    return event.valid.first, event.valid.last, event.id


def arrange(
    events: Sequence[E],
    rank: Callable[[E], int],
    accepts: Callable[[E, Sequence[E]], bool],
    apply: Callable[[E], None],
) -> None:
    """Feed ``events`` to ``apply`` in the canonical order.

    ``accepts`` tells whether the fold's current state takes an event as a
    regular next step, given every event that can come next; ``rank`` orders
    the steps of a tenure or a case (start before role changes before ends).
    Runtime: O(k^2) for k events.
    """
    remaining = sorted(events, key=lambda e: (e.valid.first, e.valid.last, rank(e), e.id))
    while remaining:
        if len(remaining) == 1:
            apply(remaining.pop())
            return
        lasts = sorted(remaining, key=lambda e: e.valid.last)
        lowest, second = lasts[0], lasts[1]
        available = [
            e for e in remaining
            if e.valid.first <= (second.valid.last if e is lowest else lowest.valid.last)
        ]
        fitting = [e for e in available if accepts(e, available)]
        if fitting:
            choice = min(fitting, key=lambda e: (rank(e), e.valid.first, e.valid.last, e.id))
        else:
            choice = available[0]
        remaining.remove(choice)
        apply(choice)
