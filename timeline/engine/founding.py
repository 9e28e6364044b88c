"""An organisation's founding: when it possibly began, and when it certainly had.

A log may hold several foundings of one organisation (each founder's own
story, say). Together they say the organisation possibly exists from the
earliest first day any of them covers, and certainly exists from the earliest
last day. Before the first, it has no members, possible or certain; until
the second, nobody is certainly a member.

A view that leaves out the less certain foundings (``min_certainty=``) still
takes its first possible day from every founding: a rumour that the
organisation is older does not make it so, but makes it possibly so, and a
confirmed member it places there is not contradicted by the view. Only the
foundings in the view make it certainly exist.

>>> from timeline.model.catalog import Founded
>>> told = [Founded(id="a", valid="2015", org="o", sources="s"),
...         Founded(id="b", valid="2015-12-11", org="o", sources="s")]
>>> founding = founding_of("o", told)
>>> founding
Founding(event='a', date=ValidDate('2015'), first=735599, certain=735943)
>>> founding.status(ValidDate.parse("2014").last), founding.status(founding.certain)
('not yet founded', 'founded')
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from timeline.model.catalog import Founded
from timeline.model.dates import ValidDate

__all__ = ["Founding", "founding_of"]

FOUNDED = "founded"
POSSIBLY = "possibly not yet founded"
NOT_YET = "not yet founded"


@attrs.frozen
class Founding:
    """The founding of an organisation as the log tells it.

    ``event`` is the founding with the earliest possible day (then the
    earliest last day, then the id), ``date`` its date; ``first`` is the
    first day the organisation possibly exists and ``certain`` the first by
    which it certainly does, over every founding.
    """

    event: str
    date: ValidDate
    first: int
    certain: int

    def status(self, day: int) -> str:
        """``"founded"``, ``"possibly not yet founded"`` or ``"not yet founded"``
        at the end of ``day``."""
        if day < self.first:
            return NOT_YET
        return FOUNDED if day >= self.certain else POSSIBLY


def founding_of(org: str, events: Iterable[object],
                wider: Iterable[object] = ()) -> Founding | None:
    """The founding of ``org`` told by ``events`` (others are ignored); None
    when none tells it. The foundings in ``wider`` (those a view leaves out
    for their certainty) may only make the first possible day earlier.
    Runtime: O(n) for n events.

    >>> told = [Founded(id="b", valid="2015-12-11", org="o", sources="s")]
    >>> rumour = Founded(id="r", valid="../2010", org="o", sources="s",
    ...                  certainty="rumored")
    >>> founding = founding_of("o", told, wider=[rumour])
    >>> founding.status(ValidDate.parse("2014").last), founding.status(founding.certain)
    ('possibly not yet founded', 'founded')
    """
    foundings = [e for e in events if isinstance(e, Founded) and e.org == org]
    if not foundings:
        return None
    earliest = min(foundings, key=lambda e: (e.valid.first, e.valid.last, e.id))
    first = min([earliest.valid.first, *(e.valid.first for e in wider
                                         if isinstance(e, Founded) and e.org == org)])
    return Founding(earliest.id, earliest.valid, first, min(e.valid.last for e in foundings))
