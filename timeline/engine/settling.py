"""Answers whose details are worked out on first use, held by weak
reference by what they read, to be worked out before it changes."""

from __future__ import annotations

import weakref
from typing import Protocol

__all__ = ["Settles", "Watched"]


class Settles(Protocol):
    """An answer whose details are read from the state on first use."""

    def settle(self) -> None: ...


class Watched:
    """The answers still alive that must be settled before something
    changes. Amortised O(1) to add: the references of answers already gone
    are dropped as the list grows."""

    __slots__ = ("_limit", "_refs")

    def __init__(self) -> None:
        self._refs: list[weakref.ref[Settles]] = []
        self._limit = 1024

    def __bool__(self) -> bool:
        return bool(self._refs)

    def add(self, answer: Settles) -> None:
        refs = self._refs
        refs.append(weakref.ref(answer))
        if len(refs) > self._limit:
            refs[:] = [ref for ref in refs if ref() is not None]
            self._limit = max(1024, 2 * len(refs))

    def alive(self) -> list[Settles]:
        """The answers still alive and not settled."""
        return [a for ref in self._refs if (a := ref()) is not None]

    def take(self) -> list[Settles]:
        """The answers still alive, no longer watched here."""
        alive = self.alive()
        self._refs.clear()
        return alive

    def settle(self) -> None:
        """Settle every answer still alive, each forgotten once settled: if
        one raises, those not settled yet are settled next time."""
        refs = self._refs
        while refs:
            answer = refs[-1]()
            if answer is not None:
                answer.settle()
            refs.pop()
