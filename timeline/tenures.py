"""Tenures: the spells a person spends at an organisation, and their index.

A *tenure* is folded from the events about one (person, organisation) pair:
a start (joined, rehired, or named a founder), role changes, leaves, and an
end. Incomplete records still fold: a departure with no known start makes a
tenure whose start is unknown; a role change with no known start implies
membership from that date. Contradictions — a second departure with no
return between, a departure before the first join, a second start while a
tenure is open — are reported as problems, which the timeline raises on
append.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from timeline.catalog import Founded, Joined, Rehired, RoleChanged, TenureEvent
from timeline.certainty import Certainty
from timeline.errors import ChronologyError
from timeline.events import Event
from timeline.intervals import UNIVERSE
from timeline.ordering import arrange

__all__ = ["Membership", "Tenure", "fold_tenures", "pairs_of"]

_RANK = {"start": 0, "role": 1, "leave-start": 2, "leave-end": 3, "end": 4}
ALL_LEVELS = 0b111


class Membership(enum.Enum):
    """Whether a person is on a roster at a date: certainly or possibly."""

    CERTAIN = "certain"
    POSSIBLE = "possible"


def step_of(event: Event) -> str:
    """What an event does to a tenure."""
    if isinstance(event, Founded):
        return "start"
    assert isinstance(event, TenureEvent)
    return event.step


def role_of(event: Event) -> str | None:
    if isinstance(event, Founded):
        return event.role
    if isinstance(event, (Joined, Rehired, RoleChanged)):
        return event.role
    return None


def pairs_of(event: Event) -> tuple[tuple[str, str], ...]:
    """The (person, organisation) pairs whose tenures an event takes part in."""
    if isinstance(event, TenureEvent):
        return ((event.person, event.org),)
    if isinstance(event, Founded):
        return tuple((founder, event.org) for founder in event.founders)
    return ()


@attrs.frozen(repr=False, cache_hash=True)
class Tenure:
    """One spell of a person at an organisation, with every step that shaped it.

    ``start`` is None when the start is unknown; ``end`` is None while the
    tenure is open. ``steps`` are the events in their canonical order. The
    hash (of every step's every field) is worked out once: the records of a
    pair are merged by tenure at every recorded time.
    """

    person: str
    org: str
    start: Event | None
    end: Event | None
    steps: tuple[Event, ...]

    @property
    def lo(self) -> int:
        """First day the person may be a member (0: unknown start)."""
        return self.start.valid.first if self.start is not None else 0

    @property
    def hi(self) -> int:
        """First day, at end of day, the person is certainly gone (UNIVERSE: open)."""
        return self.end.valid.last if self.end is not None else UNIVERSE

    @property
    def certain_from(self) -> int | None:
        """First day, at end of day, the person is certainly a member."""
        evidence = [s.valid.last for s in self.steps if step_of(s) != "end"]
        return min(evidence) if evidence else None

    @property
    def sure_days(self) -> tuple[int, int]:
        """``[first, stop)``: the days the person is certainly a member, within
        ``[lo, hi)``; empty (``(hi, hi)``) when nothing places them there for sure."""
        lo, hi = self.lo, self.hi
        certain_from = self.certain_from
        certain_until = self.end.valid.first if self.end is not None else UNIVERSE
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
    ) -> tuple[str | None, tuple[str, ...], bool | None, Certainty, tuple[str, ...]]:
        """At the end of ``day``, in one walk over the steps: the role in effect
        (else the first role known); the other roles the person may hold
        instead, named by steps after it whose imprecise dates cover ``day``;
        whether a leave is in effect (None: possibly, a leave's start or end
        covers ``day``); the weakest certainty among the steps that place the
        person here (else among all); and the ids of the events that place
        the person here, with the departure when it may already have
        happened (else every step's).

        The steps are taken in the tenure's order: a step in effect settles
        every step before it, and only a later one may still be pending.
        """
        role = first = None
        pending_roles: list[str] = []
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
                    first = named
                if settled:
                    role, pending_roles = named, []
                elif begun:
                    pending_roles.append(named)
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
            weakest = min(s.certainty for s in self.steps)
        held = role if role is not None else first
        others = tuple(dict.fromkeys(r for r in pending_roles if r != held))
        leave = None if any(p != on_leave for p in pending_leave) else on_leave
        return (held, others, leave, weakest,
                tuple(evidence) if evidence else tuple(s.id for s in self.steps))

    @property
    def roles(self) -> tuple[tuple[Event, str], ...]:
        """Each role the tenure held, with the event that named it."""
        named = ((step, role_of(step)) for step in self.steps)
        return tuple((step, role) for step, role in named if role is not None)

    def __repr__(self) -> str:
        start = str(self.start.valid) if self.start is not None else "?"
        end = str(self.end.valid) if self.end is not None else ""
        return f"<Tenure {self.person} at {self.org} {start}..{end}>"


class _Fold:
    """The state machine that turns one pair's ordered events into tenures."""

    def __init__(self, person: str, org: str) -> None:
        self.person, self.org = person, org
        self.done: list[Tenure] = []
        self.start: Event | None = None
        self.steps: list[Event] = []
        self.open = False
        self.on_leave = False
        self.leave_unmatched_end: Event | None = None
        self.problems: list[ChronologyError] = []

    def accepts(self, event: Event) -> bool:
        step = step_of(event)
        if not self.open:
            return step == "start"
        if self.on_leave:
            return step in ("end", "role", "leave-end")
        return step in ("end", "role", "leave-start")

    def apply(self, event: Event) -> None:
        step = step_of(event)
        if step == "start":
            self._start(event)
        elif step == "end":
            self._end(event)
        else:
            if not self.open:
                self._open(None)
            self.steps.append(event)
            if step == "leave-start":
                if self.on_leave:
                    self._problem(event, "is already on leave", "end the first leave first")
                unmatched = self.leave_unmatched_end
                if unmatched is not None and unmatched.valid.certainly_before(event.valid):
                    self._problem(
                        event,
                        f"would end a leave on {unmatched.valid} (event {unmatched.id!r}) "
                        f"before starting it on {event.valid}",
                        "correct the dates, or date the earlier leave's start",
                        unmatched,
                    )
                self.on_leave = True
                self.leave_unmatched_end = None
            elif step == "leave-end":
                if not self.on_leave and not any(
                    step_of(s) in ("leave-start", "leave-end") for s in self.steps[:-1]
                ):
                    self.leave_unmatched_end = event
                self.on_leave = False

    def _open(self, start: Event | None) -> None:
        self.open, self.on_leave, self.start = True, False, start
        self.steps = [start] if start is not None else []
        self.leave_unmatched_end = None

    def _start(self, event: Event) -> None:
        if self.open and self.start is not None and _same_start(self.start, event):
            self.steps.append(event)
            return
        if self.open:
            since = self.start.valid if self.start is not None else "an unknown date"
            self._problem(
                event,
                f"is already a member since {since}, and no departure is recorded between",
                "record the departure first, or cite the existing event with Cited",
                self.start,
            )
            self.steps.append(event)
            return
        previous = self.done[-1] if self.done else None
        if (
            previous is not None
            and len(self.done) == 1
            and previous.start is None
            and previous.end is not None
            and previous.steps == (previous.end,)
            and not isinstance(event, Rehired)
            and previous.end.valid.certainly_before(event.valid)
        ):
            self._problem(
                event,
                f"the departure on {previous.end.valid} (event {previous.end.id!r}) would "
                f"come before this start on {event.valid}: a tenure cannot end before it starts",
                "if they came back after an earlier stint, record the return as Rehired",
                previous.end,
            )
        self._open(event)

    def _end(self, event: Event) -> None:
        if not self.open:
            if self.done:
                previous = self.done[-1]
                assert previous.end is not None
                self._problem(
                    event,
                    f"already left on {previous.end.valid} (event {previous.end.id!r}) "
                    "with no return recorded between",
                    "record the return with Rehired, or correct or retract one departure",
                    previous.end,
                )
            self.done.append(Tenure(self.person, self.org, None, event, (event,)))
            return
        self.steps.append(event)
        self.done.append(Tenure(self.person, self.org, self.start, event, tuple(self.steps)))
        self.open, self.on_leave, self.start, self.steps = False, False, None, []

    def _problem(self, event: Event, what: str, hint: str, other: Event | None = None) -> None:
        self.problems.append(
            ChronologyError(
                event.id, f"{self.person!r} at {self.org!r} {what}", hint=hint,
                involved=(other.id,) if other is not None else (),
            )
        )

    def finish(self) -> tuple[list[Tenure], list[ChronologyError]]:
        if self.open:
            self.done.append(Tenure(self.person, self.org, self.start, None, tuple(self.steps)))
            self.open = False
        return self.done, self.problems


def _same_start(first: Event, second: Event) -> bool:
    """A founding and a join whose dates overlap are one start told twice."""
    return (isinstance(first, Founded) or isinstance(second, Founded)) and not (
        first.valid.certainly_before(second.valid) or second.valid.certainly_before(first.valid)
    )


def fold_tenures(
    person: str, org: str, events: Iterable[Event]
) -> tuple[list[Tenure], list[ChronologyError]]:
    """The tenures of ``person`` at ``org`` and the contradictions found.

    >>> from timeline.catalog import Joined, Left
    >>> events = [Left(id="b", valid="2024-05", person="p", org="o", sources="s"),
    ...           Joined(id="a", valid="2024-05-10", person="p", org="o", sources="s")]
    >>> fold_tenures("p", "o", events)
    ([<Tenure p at o 2024-05-10..2024-05>], [])
    """
    fold = _Fold(person, org)
    arrange(list(events), lambda e: _RANK[step_of(e)], fold.accepts, fold.apply)
    return fold.finish()
