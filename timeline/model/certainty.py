"""How sure the log is of an event: rumored < reported < confirmed."""

from __future__ import annotations

import enum
import functools

from timeline.model.errors import InvalidEventError

__all__ = ["Certainty"]


@functools.total_ordering
class Certainty(enum.Enum):
    """How sure the log is of an event.

    Queries count ``reported`` and above by default; pass
    ``min_certainty="rumored"`` to hear rumours too.

    >>> Certainty.RUMORED < Certainty.REPORTED < Certainty.CONFIRMED
    True
    >>> Certainty.parse("Rumored"), Certainty.parse("rumoured")
    (<Certainty.RUMORED: 'rumored'>, <Certainty.RUMORED: 'rumored'>)
    """

    RUMORED = "rumored"
    REPORTED = "reported"
    CONFIRMED = "confirmed"

    @property
    def rank(self) -> int:
        """0, 1 or 2: the order of certainties."""
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Certainty):
            return NotImplemented
        return _RANKS[self] < _RANKS[other]

    @classmethod
    def parse(cls, value: object) -> Certainty:
        """A certainty from itself or its name, case-insensitively."""
        if isinstance(value, Certainty):
            return value
        if isinstance(value, str):
            text = value.strip().lower()
            try:
                return cls(_SPELLINGS.get(text, text))
            except ValueError:
                pass
        raise InvalidEventError(
            None, "certainty", value,
            "expected 'rumored' (or 'rumoured'), 'reported' or 'confirmed'"
        )


_SPELLINGS = {"rumoured": "rumored", "rumour": "rumored", "rumor": "rumored"}
_RANKS = {Certainty.RUMORED: 0, Certainty.REPORTED: 1, Certainty.CONFIRMED: 2}
