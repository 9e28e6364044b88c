"""A tenure as the index holds it: for the recorded times and certainty
levels it holds for, with its days of membership worked out once; and
which of a pair's records puts its person on a roster on a day."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from timeline.engine.tenures import Membership, Tenure

__all__ = ["TenureRecord", "best"]


@attrs.frozen(eq=False, repr=False)
class TenureRecord:
    """A tenure as held by views known in ``[known_from, known_until)`` whose
    ``min_certainty`` rank has its bit set in ``levels``.

    The days of membership are worked out once, here: the person may be a
    member on ``[lo, hi)`` and certainly is on ``[sure_lo, sure_hi)``
    (empty when nothing places them there for sure).
    """

    tenure: Tenure
    known_from: int
    known_until: int
    levels: int
    person: str = attrs.field(init=False)
    org: str = attrs.field(init=False)
    lo: int = attrs.field(init=False)
    hi: int = attrs.field(init=False)
    sure_lo: int = attrs.field(init=False)
    sure_hi: int = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        tenure = self.tenure
        lo, hi = tenure.lo, tenure.hi
        sure_lo, sure_hi = tenure.sure_days
        for name, value in (("person", tenure.person), ("org", tenure.org), ("lo", lo),
                            ("hi", hi), ("sure_lo", sure_lo), ("sure_hi", sure_hi)):
            object.__setattr__(self, name, value)

    def visible(self, known: int, level: int) -> bool:
        return self.known_from <= known < self.known_until and bool(self.levels >> level & 1)

    def membership(self, day: int) -> Membership | None:
        """Certain, possible, or not a member at the end of ``day``: O(1)."""
        if not self.lo <= day < self.hi:
            return None
        return Membership.CERTAIN if self.sure_lo <= day < self.sure_hi else Membership.POSSIBLE

    def __repr__(self) -> str:
        return (
            f"<TenureRecord {self.tenure!r} known [{self.known_from}, {self.known_until}) "
            f"levels={self.levels:03b}>"
        )


def best(records: Iterable[TenureRecord], day: int, known: int,
         level: int) -> tuple[Membership, Tenure] | None:
    """Of a pair's ``records``, the tenure that puts its person on the
    roster at ``day`` in the view, and how surely: a certain one first, then
    the latest begun (see :meth:`TenureIndex.member`). Runtime: O(records)."""
    found: tuple[Membership, TenureRecord] | None = None
    for record in records:
        if not record.visible(known, level):
            continue
        membership = record.membership(day)
        if membership is not None and (found is None or _better(membership, record, *found)):
            found = (membership, record)
    return (found[0], found[1].tenure) if found is not None else None


def _better(
    membership: Membership, record: TenureRecord, held: Membership, held_record: TenureRecord
) -> bool:
    """Whether a tenure beats the one held: certain first, then the latest
    begun, then a tenure with steps over one a rehire implies (they share
    the rehire's id as key, and may share a first day: a founding bounds both)."""
    if membership is not held:
        return membership is Membership.CERTAIN
    return ((record.lo, record.tenure.key, not record.tenure.inferred)
            > (held_record.lo, held_record.tenure.key, not held_record.tenure.inferred))
