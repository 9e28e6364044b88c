"""Application projections: an initial state and a function that applies an event.

>>> count = Fold(0, lambda n, event: n + 1, kinds=("joined",))
>>> count.run([])
0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

import attrs

from timeline.model.events import Event

__all__ = ["Fold"]

S = TypeVar("S")


@attrs.frozen
class Fold(Generic[S]):
    """A projection of an application's own: ``apply(state, event) -> state``.

    ``kinds`` limits the events it sees to those kinds (all when empty).
    :meth:`timeline.Timeline.project` runs it as of any valid date and as
    known at any recorded time, over the events in valid-time order.
    """

    initial: S
    apply: Callable[[S, Event], S]
    kinds: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    def wants(self, event: Event) -> bool:
        return not self.kinds or event.kind in self.kinds

    def run(self, events: Iterable[Event]) -> S:
        """Fold ``events`` (already in order) from the initial state."""
        state = self.initial
        for event in events:
            if self.wants(event):
                state = self.apply(state, event)
        return state
