"""Tenures: the spells a person spends at an organisation.

A *tenure* is folded from the events about one (person, organisation) pair:
a start (joined, rehired, or named a founder), role changes, leaves, and an
end. Incomplete records still fold: a departure with no known start makes a
tenure whose start is unknown; a role change with no known start implies
membership from that date. A rehire implies an earlier tenure that ended
before it: a departure that may come before the rehire is ordered first,
and with none in the log the earlier tenure is *inferred* (start and end
unknown, and its days only possible); a rehire while a tenure is open ends
that tenure at an unknown date before it.

The organisation's founding, when the log has one, bounds every tenure: no
one is a member before its earliest possible day, nor certainly one before
it certainly exists. Contradictions — a second departure with no return
between, a departure before the first join, a second start while a tenure is
open, a step dated certainly before the founding — are reported as problems,
naming every event involved, which the timeline raises on append. The fold
itself is :func:`timeline.engine.tenure_fold.fold_tenures`.
"""

from __future__ import annotations

import enum

import attrs

from timeline.engine.intervals import UNIVERSE
from timeline.engine.seats import label, seats_of
from timeline.model.catalog import (
    Founded,
    FounderAdded,
    Joined,
    Observed,
    Rehired,
    RoleChanged,
    TenureEvent,
)
from timeline.model.certainty import Certainty
from timeline.model.events import Event

__all__ = ["Membership", "Tenure", "pairs_of", "role_of", "step_of", "still_there"]

ALL_LEVELS = 0b111


class Membership(enum.Enum):
    """Whether a person is on a roster at a date: certainly or possibly."""

    CERTAIN = "certain"
    POSSIBLE = "possible"


def step_of(event: Event) -> str:
    """What an event does to a tenure."""
    if isinstance(event, (Founded, FounderAdded)):
        return "start"
    assert isinstance(event, TenureEvent)
    return event.step


def role_of(event: Event) -> str | None:
    if isinstance(event, (Founded, FounderAdded)):
        return event.role
    if isinstance(event, (Joined, Rehired, RoleChanged, Observed)):
        return event.role
    return None


def still_there(event: Event) -> int:
    """The first day a tenure may have ended on, given that ``event`` is one
    of its steps: an observation places the person there at the end of its
    first day, so not before the next; any other step, not before its first."""
    return event.valid.first + 1 if isinstance(event, Observed) else event.valid.first


def pairs_of(event: Event) -> tuple[tuple[str, str], ...]:
    """The (person, seat) pairs whose tenures an event takes part in (see
    :mod:`timeline.engine.seats`)."""
    return seats_of(event)


@attrs.frozen(repr=False, cache_hash=True)
class Tenure:
    """One spell of a person at an organisation, with every step that shaped it.

    ``start`` is None when the start is unknown; ``end`` is None while the
    tenure is open, or when it ended at an unknown date before a rehire,
    ``ended_before``. A tenure with no steps at all is *inferred* from that
    rehire alone. ``founded`` is the organisation's founding, ``(first day
    possible, first day certain)``, when it bounds this tenure's days.
    ``steps`` are the events in their canonical order. Equality compares
    every step's every field; the hash, worked out once, only the ids of the
    steps (equal tenures have equal ids): the records of a pair are merged
    by tenure at every recorded time, and hashing whole events each time
    cost more than the fold.
    """

    person: str
    org: str
    start: Event | None = attrs.field(hash=False)
    end: Event | None = attrs.field(hash=False)
    steps: tuple[Event, ...] = attrs.field(hash=False)
    ended_before: Event | None = attrs.field(default=None, hash=False)
    founded: tuple[int, int] | None = None
    _ids: tuple[str, ...] = attrs.field(init=False, eq=False, hash=True, repr=False)

    @_ids.default
    def _step_ids(self) -> tuple[str, ...]:
        ids = tuple(s.id for s in self.steps)
        return ids if self.ended_before is None else (*ids, self.ended_before.id)

    @property
    def inferred(self) -> bool:
        """Whether the log holds no step of this tenure: a rehire implies it."""
        return not self.steps

    @property
    def key(self) -> str:
        """The id of its first step (of the rehire, for an inferred tenure)."""
        if self.steps:
            return self.steps[0].id
        assert self.ended_before is not None
        return self.ended_before.id

    @property
    def evidence(self) -> tuple[str, ...]:
        """The ids of its steps (of the rehire that implies it, if inferred)."""
        return tuple(s.id for s in self.steps) if self.steps else (self.key,)

    @property
    def certainty(self) -> Certainty:
        """The weakest certainty among its steps (the rehire's, if inferred)."""
        if self.steps:
            return min(s.certainty for s in self.steps)
        assert self.ended_before is not None
        return self.ended_before.certainty

    @property
    def lo(self) -> int:
        """First day the person may be a member (0: unknown start, and no founding)."""
        lo = self.start.valid.first if self.start is not None else 0
        return max(lo, self.founded[0]) if self.founded is not None else lo

    @property
    def hi(self) -> int:
        """First day, at end of day, the person is certainly gone (UNIVERSE: open)."""
        if self.end is not None:
            return self.end.valid.last
        return self.ended_before.valid.last if self.ended_before is not None else UNIVERSE

    @property
    def certain_from(self) -> int | None:
        """First day, at end of day, the person is certainly a member."""
        evidence = [s.valid.last for s in self.steps if step_of(s) != "end"]
        if not evidence:
            return None
        return max(min(evidence), self.founded[1]) if self.founded is not None else min(evidence)

    @property
    def observed_only(self) -> bool:
        """Whether every step is an observation: the log says neither when the
        tenure began nor whether it ended, so it is certain only on the days
        observed and between them."""
        return bool(self.steps) and all(isinstance(s, Observed) for s in self.steps)

    @property
    def observations(self) -> tuple[Observed, ...]:
        """Its observations, in the tenure's order."""
        return tuple(s for s in self.steps if isinstance(s, Observed))

    @property
    def sure_days(self) -> tuple[int, int]:
        """``[first, stop)``: the days the person is certainly a member, within
        ``[lo, hi)``; empty (``(hi, hi)``) when nothing places them there for sure.
        A tenure that ended at an unknown date is certain only until the first
        day of its last step; an observation places the person here at the end
        of its first day, so the tenure cannot end before the next day, and a
        tenure only observed is certain until its last observation."""
        lo, hi = self.lo, self.hi
        certain_from = self.certain_from
        observed = [still_there(s) for s in self.observations]
        if self.end is not None:
            certain_until = max([self.end.valid.first, *observed])
        elif self.ended_before is not None:
            certain_until = max((still_there(s) for s in self.steps), default=lo)
        elif self.observed_only:
            certain_until = max(observed)
        else:
            certain_until = UNIVERSE
        if certain_from is not None and max(lo, certain_from) < min(hi, certain_until):
            return max(lo, certain_from), min(hi, certain_until)
        return hi, hi

    def membership(self, day: int) -> Membership | None:
        """Certain, possible, or not a member at the end of ``day``."""
        if not self.lo <= day < self.hi:
            return None
        first, stop = self.sure_days
        return Membership.CERTAIN if first <= day < stop else Membership.POSSIBLE

    def at(
        self, day: int
    ) -> tuple[str | None, tuple[str, ...], bool | None, Certainty, tuple[str, ...], bool]:
        """At the end of ``day``, in one walk over the steps: the role in effect
        (else the first role known, unless a role change names it: the role
        before a change is another one, which the log does not name, so
        None); the other roles the person may hold
        instead, named by steps after it whose imprecise dates cover ``day``;
        whether a leave is in effect (None: possibly, a leave's start or end
        covers ``day``); the weakest certainty among the steps that place the
        person here (else among all); and the ids of the events that place
        the person here, with the departure when it may already have
        happened (else every step's); and whether the role is only inferred
        (see :meth:`role_inferred`).

        The steps are taken in the tenure's order: a step in effect settles
        every step before it, and only a later one may still be pending.
        """
        role = first = None
        first_named: Event | None = None
        pending_roles: list[str] = []
        upcoming: Event | None = None
        on_leave = False
        pending_leave: list[bool] = []
        weakest: Certainty | None = None
        evidence: list[str] = []
        for step in self.steps:
            kind = step_of(step)
            valid = step.valid
            settled = valid.last <= day
            begun = valid.first <= day
            named = role_of(step)
            if named is not None:
                if first is None:
                    first, first_named = named, step
                if settled:
                    role, pending_roles = named, []
                elif begun:
                    pending_roles.append(named)
                elif upcoming is None:
                    upcoming = step
            if kind in ("leave-start", "leave-end"):
                if settled:
                    on_leave, pending_leave = kind == "leave-start", []
                elif begun:
                    pending_leave.append(kind == "leave-start")
            if begun:
                evidence.append(step.id)
                if kind != "end" and (weakest is None or step.certainty < weakest):
                    weakest = step.certainty
        if weakest is None:
            weakest = self.certainty
        if role is None and first_named is not None and step_of(first_named) == "role":
            first = None  # a change to the first role named: the one before it is unknown
        held = role if role is not None else first
        if role is not None and isinstance(upcoming, Observed):
            # the next role named is only observed later: it may have begun already
            pending_roles.append(role_of(upcoming) or role)
        others = tuple(dict.fromkeys(r for r in pending_roles if r != held))
        leave = None if any(p != on_leave for p in pending_leave) else on_leave
        unmatched = self._leave_of_unknown_start(day) if leave is False else None
        if unmatched is not None:
            leave = None
            evidence.append(unmatched.id)
        return (held, others, leave, weakest,
                tuple(evidence) if evidence else self.evidence,
                role is None and isinstance(first_named, Observed))

    def _leave_of_unknown_start(self, day: int) -> Event | None:
        """A return from leave that the log gives no start for (no leave began
        since the tenure's start or the return before it) and that may still
        be ahead at ``day``, after the return before it: until then the person
        is possibly on leave. None when there is none."""
        since, begun = 0, False
        for step in self.steps:
            kind = step_of(step)
            if kind == "leave-start":
                begun = True
            elif kind == "leave-end":
                if not begun and since <= day < step.valid.last:
                    return step
                since, begun = step.valid.last, False
        return None

    def role_inferred(self, day: int) -> bool:
        """Whether the role ``at(day)`` gives is only inferred: no step in
        effect at ``day`` names a role, and the first one named is an
        observation after it (the person may have held another role then)."""
        return self.at(day)[5]

    @property
    def leaves(self) -> tuple[tuple[Event | None, Event | None], ...]:
        """Each leave, as the step that began it and the one that ended it:
        None for a start the log lacks (a return from a leave it never
        reported beginning) or for a leave not yet over."""
        found: list[tuple[Event | None, Event | None]] = []
        began: Event | None = None
        for step in self.steps:
            kind = step_of(step)
            if kind == "leave-start":
                if began is not None:
                    found.append((began, None))
                began = step
            elif kind == "leave-end":
                found.append((began, step))
                began = None
        if began is not None:
            found.append((began, None))
        return tuple(found)

    @property
    def roles(self) -> tuple[tuple[Event, str], ...]:
        """Each role the tenure held, with the event that named it."""
        named = ((step, role_of(step)) for step in self.steps)
        return tuple((step, role) for step, role in named if role is not None)

    def __repr__(self) -> str:
        start = str(self.start.valid) if self.start is not None else "?"
        end = str(self.end.valid) if self.end is not None else ""
        if self.ended_before is not None:
            end = f"? before {self.ended_before.valid}"
        inferred = " inferred" if self.inferred else ""
        return f"<Tenure{inferred} {self.person} at {label(self.org)} {start}..{end}>"
