"""The rank of a claim among the claims about one fact, as Wikidata ranks statements.

>>> Rank.parse("preferred")
<Rank.PREFERRED: 'preferred'>
>>> Rank.PREFERRED.order < Rank.NORMAL.order < Rank.DEPRECATED.order
True
"""

from __future__ import annotations

import enum

from timeline.model.errors import choice

__all__ = ["Rank"]


class Rank(enum.Enum):
    """``preferred`` claims are the ones answers use; ``normal`` ones stand
    beside them; ``deprecated`` ones are kept, with their sources, but not used."""

    PREFERRED = "preferred"
    NORMAL = "normal"
    DEPRECATED = "deprecated"

    @property
    def order(self) -> int:
        """0 for the best rank: claims sort by it, then by when they were recorded."""
        return _ORDER[self]

    @classmethod
    def parse(cls, value: object) -> Rank:
        return choice(cls, "rank", value)


_ORDER = {Rank.PREFERRED: 0, Rank.NORMAL: 1, Rank.DEPRECATED: 2}
