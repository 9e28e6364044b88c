"""Tenures: the spells a person spends at an organisation, and their index.

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
naming every event involved, which the timeline raises on append.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

import attrs

from timeline.engine.founding import Founding, founding_of
from timeline.engine.intervals import UNIVERSE
from timeline.engine.ordering import arrange
from timeline.engine.seats import label, org_of, seats_of
from timeline.model.catalog import (
    Deal,
    Founded,
    FounderAdded,
    Joined,
    Observed,
    Rehired,
    RoleChanged,
    TenureEvent,
)
from timeline.model.certainty import Certainty
from timeline.model.deal_events import moves
from timeline.model.errors import ChronologyError
from timeline.model.events import Event

__all__ = ["Membership", "Tenure", "fold_tenures", "pairs_of"]

_RANK = {"start": 0, "role": 1, "observe": 2, "leave-start": 3, "leave-end": 4, "end": 5}
_DOES = {"start": "would start", "role": "would change role", "observe": "would be observed",
         "leave-start": "would go on leave",
         "leave-end": "would return from leave", "end": "would leave"}
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
        (else the first role known); the other roles the person may hold
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


class _Fold:
    """The state machine that turns one pair's ordered events into tenures.

    ``founding`` is the organisation's founding in the view, which bounds them.
    """

    def __init__(self, person: str, org: str, founding: Founding | None = None) -> None:
        self.person, self.org = person, org
        self.founding = founding
        self.done: list[Tenure] = []
        self.start: Event | None = None
        self.steps: list[Event] = []
        self.open = False
        self.on_leave = False
        self.leave_unmatched_end: Event | None = None
        self.problems: list[ChronologyError] = []

    def accepts(self, event: Event, available: Sequence[Event]) -> bool:
        """Whether ``event`` is a regular next step, of the ``available`` ones.

        Before any tenure, a rehire is not: it implies an earlier tenure, so a
        departure that may come first does, as that tenure's end.
        """
        step = step_of(event)
        if step == "observe" and any(isinstance(e, Rehired) and e.valid.last <= event.valid.first
                                     for e in available):
            # a rehire no later than its first day closed the earlier tenure:
            # the person seen that day is in the tenure the rehire opens
            return False
        if not self.open:
            if self.done:
                return step == "start"
            if step == "end":
                return any(isinstance(e, Rehired) for e in available)
            if step == "observe":
                return True
            return step == "start" and not isinstance(event, Rehired)
        if self.on_leave:
            return step in ("end", "role", "observe", "leave-end")
        return step in ("end", "role", "observe", "leave-start")

    def apply(self, event: Event) -> None:
        step = step_of(event)
        founding = self.founding
        if founding is not None and event.valid.last < founding.first:
            self._problem(
                event,
                f"{_DOES[step]} on {event.valid} (event {event.id!r}), before the "
                f"organisation was founded on {founding.date} (event {founding.event!r})",
                "an organisation has no members before its founding; correct one of the "
                "dates, or retract one of the events",
                founding.event,
            )
        if step == "start":
            self._start(event)
        elif step == "end":
            self._end(event)
        else:
            if not self.open and step == "observe" and self.done:
                self._observed_after(event)
            if not self.open:
                self._open(None)
            self.steps.append(event)
            if step == "leave-start":
                if self.on_leave:
                    since = next(s for s in reversed(self.steps[:-1])
                                 if step_of(s) == "leave-start")
                    self._problem(
                        event,
                        f"is already on leave since {since.valid} (event {since.id!r}) when "
                        f"a leave starts on {event.valid} (event {event.id!r})",
                        "end the first leave first", since,
                    )
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

    def _observed_after(self, event: Event) -> None:
        """An observation after a departure, with no return before it: a
        contradiction when it is certainly after the departure's last day (on
        that day itself, the person may be described before they go)."""
        previous = self.done[-1]
        ended = previous.end if previous.end is not None else previous.ended_before
        if ended is not None and event.valid.first > ended.valid.last:
            self._problem(
                event,
                f"would be observed on {event.valid} (event {event.id!r}), after leaving "
                f"on {ended.valid} (event {ended.id!r}) with no return recorded between",
                "if they came back, record the return with Rehired first; otherwise correct "
                "the observation's date or retract one of the events",
                ended,
            )

    def _open(self, start: Event | None) -> None:
        self.open, self.on_leave, self.start = True, False, start
        self.steps = [start] if start is not None else []
        self.leave_unmatched_end = None

    def _close(self, end: Event | None, ended_before: Event | None = None) -> None:
        self.done.append(self._tenure(self.start, end, tuple(self.steps), ended_before))
        self.open, self.on_leave, self.start, self.steps = False, False, None, []

    def _tenure(self, start: Event | None, end: Event | None, steps: tuple[Event, ...],
                ended_before: Event | None = None) -> Tenure:
        """A tenure, bounded by the founding when that changes its days."""
        tenure = Tenure(self.person, self.org, start, end, steps, ended_before)
        founding = self.founding
        if founding is None:
            return tenure
        certain_from = tenure.certain_from
        if tenure.lo >= founding.first and (
                certain_from is None or certain_from >= founding.certain):
            return tenure
        return attrs.evolve(tenure, founded=(founding.first, founding.certain))

    def _start(self, event: Event) -> None:
        if self.open and self.start is not None and _same_start(self.start, event):
            self.steps.append(event)
            return
        if self.open and isinstance(event, Rehired):
            # a return with no departure recorded: the open tenure ended before it
            self._close(None, ended_before=event)
        elif self.open:
            if self.start is not None:
                self._problem(
                    event,
                    f"is already a member since {self.start.valid} (event {self.start.id!r}), "
                    f"and no departure is recorded before the start on {event.valid} "
                    f"(event {event.id!r})",
                    "a new role in the same tenure is a RoleChanged; a return after a "
                    "departure the log lacks is a Rehired; to add a source to the "
                    "existing event, use Cited",
                    self.start,
                )
            else:
                first = self.steps[0]
                self._problem(
                    event,
                    f"{_DOES[step_of(first)]} on {first.valid} (event {first.id!r}) before "
                    f"starting on {event.valid} (event {event.id!r}), with no earlier start "
                    "recorded",
                    "correct one of the dates, or record the earlier stint's start or departure",
                    first,
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
                f"come before the start on {event.valid} (event {event.id!r}): a tenure "
                "cannot end before it starts",
                "if they came back after an earlier stint, record the return as Rehired",
                previous.end,
            )
        if previous is None and isinstance(event, Rehired):
            # a return implies an earlier tenure: the log knows nothing of it
            self.done.append(self._tenure(None, None, (), ended_before=event))
        self._open(event)

    def _end(self, event: Event) -> None:
        if not self.open:
            if self.done:
                previous = self.done[-1]
                assert previous.end is not None
                self._problem(
                    event,
                    f"already left on {previous.end.valid} (event {previous.end.id!r}) "
                    f"with no return recorded before leaving on {event.valid} "
                    f"(event {event.id!r})",
                    "record the return with Rehired, or correct or retract one departure; "
                    "if it is a second report of the same departure, record it as "
                    f"Cited(target={previous.end.id!r}) to add its sources to that fact, or "
                    f"as Disputed(target={previous.end.id!r}, claim=...) if it claims "
                    "something different (another date, another destination)",
                    previous.end,
                )
            self.done.append(self._tenure(None, event, (event,)))
            return
        self.steps.append(event)
        self._close(event)

    def _problem(self, event: Event, what: str, hint: str, other: Event | str) -> None:
        self.problems.append(
            ChronologyError(
                event.id, f"{self.person!r} at {label(self.org, quote=True)} {what}", hint=hint,
                involved=(other if isinstance(other, str) else other.id,),
            )
        )

    def finish(self) -> tuple[list[Tenure], list[ChronologyError]]:
        if self.open:
            self._close(None)
        return self.done, self.problems


_FOUNDINGS = (Founded, FounderAdded)


def _same_start(first: Event, second: Event) -> bool:
    """A founding and a join whose dates overlap are one start told twice."""
    return (isinstance(first, _FOUNDINGS) or isinstance(second, _FOUNDINGS)) and not (
        first.valid.certainly_before(second.valid) or second.valid.certainly_before(first.valid)
    )


def _step(event: Event, pair: tuple[str, str]) -> Event:
    """The event as a step of ``pair``'s tenures: a deal is the moved
    person's departure from its target or join at its buyer."""
    if isinstance(event, Deal):
        left, joined = moves(event, pair[0])
        return left if pair[1] == event.target else joined
    return event


def fold_tenures(
    person: str, org: str, events: Iterable[Event], wider: Iterable[Event] = ()
) -> tuple[list[Tenure], list[ChronologyError]]:
    """The tenures of ``person`` at ``org`` and the contradictions found.

    ``events`` are the pair's, and may hold foundings of ``org`` that do not
    name ``person``: they bound the tenures but take no part in them. The
    foundings in ``wider``, left out of a view for their certainty, may only
    make the organisation's first possible day earlier (see
    :func:`~timeline.engine.founding.founding_of`).

    >>> from timeline.model.catalog import Joined, Left
    >>> events = [Left(id="b", valid="2024-05", person="p", org="o", sources="s"),
    ...           Joined(id="a", valid="2024-05-10", person="p", org="o", sources="s")]
    >>> fold_tenures("p", "o", events)
    ([<Tenure p at o 2024-05-10..2024-05>], [])
    >>> fold_tenures("p", "o", [Rehired(id="r", valid="2024-06", person="p", org="o",
    ...                                 sources="s")])
    ([<Tenure inferred p at o ?..? before 2024-06>, <Tenure p at o 2024-06..>], [])
    """
    held = list(events)
    pair = (person, org)
    steps = [_step(e, pair) for e in held if not isinstance(e, Founded) or pair in seats_of(e)]
    if not steps:  # only foundings that do not name the person in this seat: no tenure
        return [], []
    fold = _Fold(person, org, founding_of(org_of(org), held, wider))
    arrange(steps, lambda e: _RANK[step_of(e)], fold.accepts, fold.apply)
    return fold.finish()
