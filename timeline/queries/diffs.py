"""What a diff between two rosters says of each person: joined, left, possibly
joined or left, or what changed in their entry.

The rules (see docs/concepts.md, "What a diff says"):

- on neither roster: no row;
- certainly on one roster and on neither list of the other: joined or left;
- only possibly on one roster and absent from the other: possibly joined or
  possibly left, since they may never have been there at all;
- on both: a row only when the entries differ, naming each part that does,
  with a change of membership between possible and certain said as such;
- on both by two different tenures: "left and returned" (possibly, when
  either entry is only possible), whatever else differs.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from timeline.answers.results import Member
from timeline.answers.roster_changes import ChangeKind, RosterChange

__all__ = ["DiffRows", "compare", "what_changed"]

#: Each field of a roster entry, and the kind of change a difference in it is.
_FIELDS: dict[str, ChangeKind] = {
    "name": ChangeKind.NAME,
    "org": ChangeKind.ORGANIZATION,
    "org_name": ChangeKind.ORGANIZATION_NAME,
    "affiliation": ChangeKind.AFFILIATION,
    "role": ChangeKind.ROLE,
    "possible_roles": ChangeKind.ROLE,
    "since": ChangeKind.SINCE,
    "status": ChangeKind.STATUS,
    "certain": ChangeKind.BECAME_CERTAIN,
    "certainty": ChangeKind.CERTAINTY,
    "role_inferred": ChangeKind.ROLE_STATED,
    "uncertainty": ChangeKind.WHY_POSSIBLE,
    "why": ChangeKind.WHY_POSSIBLE,
}
# the person is the same on both sides, and a difference in evidence alone
# is the kind EVIDENCE


def what_changed(before: Member, after: Member) -> tuple[ChangeKind, ...]:
    """Each part of a roster entry that differs between ``before`` and
    ``after``, once each in the order of the entry's fields; ``evidence``
    alone when only the events behind it differ; empty when they are equal.

    >>> from timeline import Timeline
    >>> tl = Timeline.example()
    >>> then = tl.roster("OpenAI", at="2024-07-01")["john-schulman"]
    >>> what_changed(then, tl.roster("OpenAI", at="2024-08-06")["john-schulman"])
    (<ChangeKind.BECAME_POSSIBLE: 'membership (certain → possible)'>,)
    """
    kinds: dict[ChangeKind, None] = {}
    for field, kind in _FIELDS.items():
        if kind is ChangeKind.WHY_POSSIBLE and before.certain != after.certain:
            continue  # a change of membership says it: a certain member has no why
        if getattr(before, field) != getattr(after, field):
            found = kind
            if kind is ChangeKind.ROLE_STATED:
                if ChangeKind.ROLE in kinds:
                    continue  # the role changed: that says it
                found = ChangeKind.ROLE_INFERRED if after.role_inferred else kind
            elif kind is ChangeKind.BECAME_CERTAIN and before.certain:
                found = ChangeKind.BECAME_POSSIBLE
            kinds[found] = None
    if not kinds and before.evidence != after.evidence:
        kinds[ChangeKind.EVIDENCE] = None
    if not kinds and before.disputed != after.disputed:
        kinds[ChangeKind.DISPUTED] = None
    return tuple(kinds)


@attrs.frozen
class DiffRows:
    """The rows of a diff, by kind."""

    joined: tuple[RosterChange, ...]
    possibly_joined: tuple[RosterChange, ...]
    left: tuple[RosterChange, ...]
    possibly_left: tuple[RosterChange, ...]
    changed: tuple[RosterChange, ...]


def compare(
    was: dict[str, bool],
    now: dict[str, bool],
    first: Callable[[str, bool], Member],
    second: Callable[[str, bool], Member],
    may_change: Callable[[str, bool, bool], bool],
    *,
    returned: Callable[[str], bool] = lambda person: False,
) -> DiffRows:
    """The rows turning one roster into another.

    ``was`` and ``now`` map each person on the first and second roster to
    whether they are certainly there; ``first`` and ``second`` build a
    person's entry on each; ``may_change(person, certain_then, certain_now)``
    is False only when the two entries are surely equal, so that only those
    who may have changed have their entries built; ``returned(person)`` is
    True when the two entries come from different tenures (asked only of
    those who may have changed).
    """
    rows: dict[ChangeKind | None, list[RosterChange]] = {
        ChangeKind.JOINED: [], ChangeKind.POSSIBLY_JOINED: [], ChangeKind.LEFT: [],
        ChangeKind.POSSIBLY_LEFT: [], None: [],
    }
    for person in sorted(was.keys() | now.keys()):
        certain_then, certain_now = was.get(person), now.get(person)
        if certain_then is None:
            assert certain_now is not None
            b = second(person, certain_now)
            kind = ChangeKind.JOINED if certain_now else ChangeKind.POSSIBLY_JOINED
            rows[kind].append(RosterChange(person, b.name, None, b, (kind,)))
        elif certain_now is None:
            a = first(person, certain_then)
            kind = ChangeKind.LEFT if certain_then else ChangeKind.POSSIBLY_LEFT
            rows[kind].append(RosterChange(person, a.name, a, None, (kind,)))
        elif may_change(person, certain_then, certain_now):
            a, b = first(person, certain_then), second(person, certain_now)
            what = what_changed(a, b)
            if returned(person):
                back = (ChangeKind.LEFT_AND_RETURNED if certain_then and certain_now
                        else ChangeKind.POSSIBLY_LEFT_AND_RETURNED)
                what = (back, *what)
            if what:
                rows[None].append(RosterChange(person, b.name, a, b, what))
    return DiffRows(*(tuple(rows[k]) for k in (
        ChangeKind.JOINED, ChangeKind.POSSIBLY_JOINED, ChangeKind.LEFT,
        ChangeKind.POSSIBLY_LEFT, None)))
