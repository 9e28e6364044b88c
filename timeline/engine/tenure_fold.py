"""The fold that turns one (person, organisation) pair's events into
tenures, with the contradictions it finds (see :mod:`timeline.engine.tenures`
for what a tenure is).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from timeline.engine.founding import Founding, founding_of
from timeline.engine.ordering import arrange
from timeline.engine.seats import label, org_of, seats_of
from timeline.engine.tenures import Tenure, step_of
from timeline.model.catalog import Deal, Founded, FounderAdded, Rehired
from timeline.model.deal_events import moves
from timeline.model.errors import ChronologyError
from timeline.model.events import Event

__all__ = ["fold_tenures"]

_RANK = {"start": 0, "role": 1, "observe": 2, "leave-start": 3, "leave-end": 4, "end": 5}
_DOES = {"start": "would start", "role": "would change role", "observe": "would be observed",
         "leave-start": "would go on leave",
         "leave-end": "would return from leave", "end": "would leave"}


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
