"""Answers over several kinds of affiliation at once: a roster of employees
and board members, the places a person worked and sat on boards.

Each kind keeps its own answer (a :class:`Roster` or :class:`Whereabouts`,
with everything it says: possible members and why, contested claims); the
answer over several kinds holds them in the order asked and reads as their
union, every entry naming its ``affiliation``. See "Kinds of affiliation"
in docs/concepts.md.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs
import pendulum

from timeline.answers.contested import ContestedMembership
from timeline.answers.frames import AsData
from timeline.answers.results import Member, Roster, Whereabouts
from timeline.model.affiliations import Affiliation
from timeline.model.errors import InvalidEventError

__all__ = ["Composite", "KindsRoster", "KindsWhereabouts"]


def _kind(key: Affiliation | str) -> Affiliation:
    try:
        return Affiliation.parse(key)
    except InvalidEventError:
        raise KeyError(
            f"{key!r} is not a kind of affiliation; this answer is one per kind: look an "
            f"entry up in one kind's answer, as answer['employee'][{key!r}]") from None


class Composite(AsData):
    """An answer made of parts (rosters or whereabouts) that reads as their
    union: what it shares with each of its kinds."""

    __slots__ = ()
    parts: tuple[Roster, ...] | tuple[Whereabouts, ...]

    @property
    def certain_ids(self) -> frozenset[str]:
        """The ids certainly there, by the parts that count."""
        raise NotImplementedError

    @property
    def contested(self) -> tuple[ContestedMembership, ...]:
        """Every part's contested memberships, in the order of the parts."""
        return tuple(c for part in self.parts for c in part.contested)

    def settle(self) -> None:
        """Work out every entry now (the timeline calls this before it changes)."""
        for part in self.parts:
            part.settle()

    def __len__(self) -> int:
        return len(self.certain_ids)


class _ByKind(Composite):
    """What rosters and whereabouts over several kinds share."""

    __slots__ = ()

    @property
    def kinds(self) -> tuple[Affiliation, ...]:
        """The kinds of affiliation asked for, in the order asked."""
        return tuple(part.kind for part in self.parts)

    @property
    def certain_ids(self) -> frozenset[str]:
        """The ids certainly there in some kind asked for."""
        return frozenset().union(*(part.certain_ids for part in self.parts))

    @property
    def possible_ids(self) -> frozenset[str]:
        """The ids only possibly there in every kind they may be there in."""
        return frozenset().union(*(part.possible_ids for part in self.parts)) - self.certain_ids

    def of_kind(self, kind: Affiliation | str) -> Roster | Whereabouts:
        """The answer for one kind (an ``Affiliation`` or its name)."""
        wanted = _kind(kind)
        for part in self.parts:
            if part.kind is wanted:
                return part
        raise KeyError(f"{wanted.value!r} was not asked for; this answer holds "
                       f"{', '.join(k.value for k in self.kinds)}")

    def __contains__(self, key: object) -> bool:
        return any(key in part for part in self.parts)

    def __repr__(self) -> str:
        return "\n".join(repr(part) for part in self.parts)


@attrs.frozen(repr=False)
class KindsRoster(_ByKind):
    """Who belongs to an organisation at a date in any of several kinds: one
    :class:`Roster` per kind in ``parts``; ``members`` and ``possible`` are
    their rows together, each naming its ``affiliation``, so a chief
    executive on the board is there twice.

    >>> from timeline import Timeline
    >>> both = Timeline.example().roster("OpenAI", at="2024-06", kinds=["employee", "board"])
    >>> [k.value for k in both.kinds], both.people
    (['employee', 'board'], ('greg-brockman', 'john-schulman'))
    """

    org: str
    name: str
    at: _dt.date
    known: pendulum.DateTime | None
    parts: tuple[Roster, ...]

    @property
    def members(self) -> tuple[Member, ...]:
        """The certain rows of every kind, in the order of the kinds."""
        return tuple(m for part in self.parts for m in part.members)

    @property
    def possible(self) -> tuple[Member, ...]:
        """The possible rows of every kind, in the order of the kinds."""
        return tuple(m for part in self.parts for m in part.possible)

    @property
    def people(self) -> tuple[str, ...]:
        """The ids of the people certainly there in some kind, once each."""
        return tuple(dict.fromkeys(m.person for m in self.members))

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __getitem__(self, key: Affiliation | str) -> Roster:
        """The roster of one kind."""
        found = self.of_kind(key)
        assert isinstance(found, Roster)
        return found


@attrs.frozen(repr=False)
class KindsWhereabouts(_ByKind):
    """Where a person belonged at a date in any of several kinds: one
    :class:`Whereabouts` per kind in ``parts``; ``orgs`` and ``possible`` are
    their rows together, each naming its ``affiliation``."""

    person: str
    name: str
    at: _dt.date
    known: pendulum.DateTime | None
    parts: tuple[Whereabouts, ...]

    @property
    def orgs(self) -> tuple[Member, ...]:
        """The certain rows of every kind, in the order of the kinds."""
        return tuple(m for part in self.parts for m in part.orgs)

    @property
    def possible(self) -> tuple[Member, ...]:
        """The possible rows of every kind, in the order of the kinds."""
        return tuple(m for part in self.parts for m in part.possible)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(m.org for m in self.orgs))

    def __getitem__(self, key: Affiliation | str) -> Whereabouts:
        """The whereabouts of one kind."""
        found = self.of_kind(key)
        assert isinstance(found, Whereabouts)
        return found
