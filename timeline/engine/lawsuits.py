"""Lawsuits: each case folded from its events into a status at every date.

A case opens when filed, closes when withdrawn, settled, dismissed or
judged, and reopens when refiled (in the same court or another). Motions
and rulings are steps that leave its status as it was; a judgment names who
won. A withdrawal whose filing is not in the log implies a
filing of unknown date. A closing dated before the filing, a second filing,
a second closing with no refiling between and a refiling of an open case
are contradictions.

A counterclaim is a case of its own whose filing names the case it
``answers``; the index finds a case's counterclaims, and the log must hold
the answered case, with its filing, in every recorded-time view that holds
the counterclaim. A case whose steps name no party (its filing not in the
log) is kept apart, so that a party's filter can say it may concern them.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence

import attrs

from timeline.engine.corrections import FactVersion, bitemporal
from timeline.engine.ordering import arrange
from timeline.engine.tenures import Membership
from timeline.model.catalog import LawsuitEvent, LawsuitFiled, LawsuitRefiled
from timeline.model.errors import ChronologyError
from timeline.model.events import Event

__all__ = ["Case", "CaseIndex", "CaseRecord", "fold_case"]

_RANK = {"open": 0, "reopen": 1, "motion": 2, "ruling": 3, "withdrawn": 4, "settled": 4,
         "dismissed": 4, "judged": 4}
NEUTRAL = frozenset({"motion", "ruling"})
"""The steps that leave a case's status as it was."""
OPEN = "open"
NOT_FILED = "not filed"


def _step(event: Event) -> str:
    assert isinstance(event, LawsuitEvent)
    return event.step


def _status(step: str) -> str:
    if step in ("open", "reopen"):
        return OPEN
    return "decided" if step == "judged" else step


def _union(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        seen.update(dict.fromkeys(group))
    return tuple(seen)


@attrs.frozen(repr=False)
class Case:
    """One lawsuit: its parties, claims and steps in canonical order.

    ``filed`` is None when the filing is not in the log (implied, date unknown).
    """

    case: str
    steps: tuple[Event, ...]
    filed: Event | None

    @functools.cached_property
    def plaintiffs(self) -> tuple[str, ...]:
        return _union(s.plaintiffs for s in self.steps if isinstance(s, LawsuitEvent))

    @functools.cached_property
    def defendants(self) -> tuple[str, ...]:
        return _union(s.defendants for s in self.steps if isinstance(s, LawsuitEvent))

    @functools.cached_property
    def parties(self) -> tuple[str, ...]:
        return _union((self.plaintiffs, self.defendants))

    @property
    def answers(self) -> str | None:
        """The case this one is a counterclaim in, as its filing says."""
        return self.filed.answers if isinstance(self.filed, LawsuitFiled) else None

    def court_at(self, day: int) -> str | None:
        """The court the case was before at ``day``: the last court a step
        certainly by then names (a refiling in another court moves it)."""
        court = None
        for step in self.steps:
            named = getattr(step, "court", None)
            if named is not None and step.valid.last <= day:
                court = named
        return court

    def winners_at(self, day: int) -> tuple[str, ...]:
        """Who won, by a judgment certainly by ``day`` and not reopened since."""
        won: tuple[str, ...] = ()
        for step in self.steps:
            if step.valid.last > day or _step(step) in NEUTRAL:
                continue
            won = getattr(step, "winners", ()) if _step(step) == "judged" else ()
        return won

    @functools.cached_property
    def claims(self) -> tuple[str, ...]:
        return _union(
            s.claims for s in self.steps if isinstance(s, (LawsuitFiled, LawsuitRefiled))
        )

    def statuses_at(self, day: int) -> frozenset[str]:
        """Every status the case may have at the end of ``day``."""
        settled = NOT_FILED if self.filed is not None or not self.steps else OPEN
        possible: set[str] = set()
        if self.filed is None and self.steps:
            possible.add(NOT_FILED)
        for step in self.steps:
            if _step(step) in NEUTRAL:
                continue
            if step.valid.last <= day:
                settled = _status(_step(step))
                possible.clear()
            elif step.valid.first <= day:
                possible.add(_status(_step(step)))
        # any step, a motion too, shows the case was filed by its date
        if self.filed is None and any(s.valid.last <= day for s in self.steps):
            possible.discard(NOT_FILED)
        possible.add(settled)
        return frozenset(possible)

    def open_at(self, day: int) -> Membership | None:
        """Whether the case is certainly, possibly or not open at ``day``."""
        statuses = self.statuses_at(day)
        if statuses == {OPEN}:
            return Membership.CERTAIN
        return Membership.POSSIBLE if OPEN in statuses else None

    def status_at(self, day: int) -> str:
        """The status at ``day``; several possible statuses are joined by ' or '."""
        return " or ".join(sorted(self.statuses_at(day)))

    def __repr__(self) -> str:
        return f"<Case {self.case} {len(self.steps)} steps>"


class _Fold:
    def __init__(self, case: str) -> None:
        self.case = case
        self.state = "none"
        self.steps: list[Event] = []
        self.filed: Event | None = None
        self.last_closing: Event | None = None
        self.opened_by: Event | None = None
        self.problems: list[ChronologyError] = []

    def accepts(self, event: Event, available: Sequence[Event]) -> bool:
        step = _step(event)
        if step in NEUTRAL:
            return self.state != "none" or not any(_step(e) == "open" for e in available)
        if self.state == "none":
            return step == "open"
        if self.state == OPEN:
            return step not in ("open", "reopen")
        return step == "reopen"

    def apply(self, event: Event) -> None:
        step = _step(event)
        if step in NEUTRAL:
            self.steps.append(event)
            return
        if step == "open":
            reopened = next((s for s in self.steps if _step(s) == "reopen"), None)
            if self.filed is None and reopened is not None:
                self._problem(
                    event,
                    f"would be refiled on {reopened.valid} (event {reopened.id!r}) before it "
                    f"is filed on {event.valid} (event {event.id!r})",
                    "a case is filed before it is refiled; correct one of the dates",
                    reopened,
                )
            elif self.filed is not None:
                self._problem(event, f"was already filed on {self.filed.valid} "
                              f"(event {self.filed.id!r}) when it is filed again on "
                              f"{event.valid} (event {event.id!r})",
                              "use LawsuitRefiled to bring it again", self.filed)
            elif self.last_closing is not None and self.last_closing.valid.certainly_before(
                event.valid
            ):
                self._problem(
                    event,
                    f"would be closed on {self.last_closing.valid} (event "
                    f"{self.last_closing.id!r}) before it is filed on {event.valid} "
                    f"(event {event.id!r})",
                    "a case cannot end before it starts; correct one of the dates",
                    self.last_closing,
                )
            else:
                self.filed = event
            self.state = OPEN
            self.opened_by = event
        elif step == "reopen":
            if self.state == OPEN and self.opened_by is not None:
                self._problem(
                    event,
                    f"would be refiled on {event.valid} (event {event.id!r}) while still open "
                    f"since {self.opened_by.valid} (event {self.opened_by.id!r})",
                    "close it first", self.opened_by,
                )
            self.state = OPEN
            self.opened_by = event
        else:
            if self.state == "closed" and self.last_closing is not None:
                self._problem(
                    event,
                    f"was already {_step(self.last_closing)} on {self.last_closing.valid} "
                    f"(event {self.last_closing.id!r}) with no refiling before it is "
                    f"{_step(event)} on {event.valid} (event {event.id!r})",
                    "record LawsuitRefiled first, or correct the earlier closing",
                    self.last_closing,
                )
            self.last_closing = event
            self.state = "closed"
        self.steps.append(event)

    def _problem(self, event: Event, what: str, hint: str, other: Event) -> None:
        """A contradiction between ``event`` and ``other``; the timeline names
        whichever of the two was appended."""
        self.problems.append(ChronologyError(
            event.id, f"case {self.case!r} {what}", hint=hint, involved=(other.id,),
        ))


def fold_case(case: str, events: Iterable[Event]) -> tuple[Case | None, list[ChronologyError]]:
    """The case folded from its events, and the contradictions found."""
    fold = _Fold(case)
    arrange(list(events), lambda e: _RANK[_step(e)], fold.accepts, fold.apply)
    if not fold.steps:
        return None, fold.problems
    return Case(case, tuple(fold.steps), fold.filed), fold.problems


@attrs.frozen(eq=False)
class CaseRecord:
    """A case as held by the views in ``[known_from, known_until)`` at ``levels``."""

    case: Case
    known_from: int
    known_until: int
    levels: int

    def visible(self, known: int, level: int) -> bool:
        return self.known_from <= known < self.known_until and bool(self.levels >> level & 1)


class CaseIndex:
    """Every case's records, and the cases of each party."""

    __slots__ = ("_answered_by", "_by_party", "_cases", "_unnamed")

    def __init__(self) -> None:
        self._cases: dict[str, tuple[CaseRecord, ...]] = {}
        self._by_party: dict[str, set[str]] = {}
        # answered case -> cases whose filing, in some version, answers it
        self._answered_by: dict[str, set[str]] = {}
        # cases some version of which names no party on either side
        self._unnamed: set[str] = set()

    @staticmethod
    def compute(
        case: str, versions: list[FactVersion]
    ) -> tuple[tuple[CaseRecord, ...], list[ChronologyError]]:
        """The records of one case, and the contradictions in any recorded-time view."""

        def fold(events: tuple[Event, ...],
                 _wider: tuple[Event, ...]) -> tuple[list[Case], list[ChronologyError]]:
            folded, problems = fold_case(case, events)
            return ([folded] if folded is not None else []), problems

        rows, problems = bitemporal(versions, fold)
        return tuple(CaseRecord(*row) for row in rows), problems

    def replace(self, case: str, records: Iterable[CaseRecord]) -> None:
        new = tuple(records)
        if not new:  # a case no version holds is no case, as one never filed
            self._cases.pop(case, None)
            return
        self._cases[case] = new
        for record in new:
            for party in record.case.parties:
                self._by_party.setdefault(party, set()).add(case)
            if not record.case.parties:
                self._unnamed.add(case)
            if record.case.answers is not None:
                self._answered_by.setdefault(record.case.answers, set()).add(case)

    def __contains__(self, case: object) -> bool:
        """Whether any version of the log ever held ``case``."""
        return bool(self._cases.get(case)) if isinstance(case, str) else False

    def ever_filed(self, case: str) -> bool:
        """Whether any version of the log held ``case`` with its filing."""
        return any(r.case.filed is not None for r in self._cases.get(case, ()))

    def records(self, case: str) -> tuple[CaseRecord, ...]:
        """The records of one case (none when no version holds it)."""
        return self._cases.get(case, ())

    def items(self) -> Iterator[tuple[str, tuple[CaseRecord, ...]]]:
        return iter(self._cases.items())

    def cases(self, party: str | None) -> Iterator[str]:
        """Case ids, all or one party's, sorted. Runtime: O(cases of the party)."""
        if party is None:
            return iter(sorted(self._cases))
        return iter(sorted(self._by_party.get(party, ())))

    def unnamed(self) -> Iterator[str]:
        """Case ids some version of which names no party, sorted.

        Runtime: O(such cases).
        """
        return iter(sorted(self._unnamed))

    def get(self, case: str, known: int, level: int) -> Case | None:
        for record in self._cases.get(case, ()):
            if record.visible(known, level):
                return record.case
        return None

    def counterclaims(self, case: str, known: int, level: int) -> tuple[str, ...]:
        """The cases a view holds that answer ``case``, sorted.

        Runtime: O(cases that ever answered it).
        """
        found = []
        for other in sorted(self._answered_by.get(case, ())):
            held = self.get(other, known, level)
            if held is not None and held.answers == case:
                found.append(other)
        return tuple(found)

    def unanswered(self, case: str) -> Iterator[tuple[Case, int]]:
        """Each version of ``case`` or of a counterclaim in it that answers a
        case the log does not hold at some recorded time the version is held,
        with that time. Runtime: O(records of the case and its counterclaims).
        """
        for name in (case, *sorted(self._answered_by.get(case, ()))):
            for record in self._cases.get(name, ()):
                answered = record.case.answers
                if answered is None or case not in (name, answered):
                    continue
                gap = self._first_unknown(answered, record.known_from, record.known_until)
                if gap is not None:
                    yield record.case, gap

    def circle(self, case: str) -> tuple[Case, tuple[str, ...]] | None:
        """A version of ``case`` whose chain of answered cases comes back to it,
        and the chain, in the view where that version became known (with
        every level: a view with fewer events holds fewer links).
        Runtime: O(records of the case x length of the chain).
        """
        for record in self._cases.get(case, ()):
            chain = [case]
            answered = record.case.answers
            while answered is not None and answered not in chain:
                chain.append(answered)
                held = self.get(answered, record.known_from, 0)
                answered = held.answers if held is not None else None
            if answered == case:
                return record.case, (*chain, case)
        return None

    def _first_unknown(self, case: str, start: int, end: int) -> int | None:
        """The first recorded time in ``[start, end)`` at which no version of
        ``case`` with its filing is held, at any level; None when it is held
        throughout."""
        at = start
        held = self._cases.get(case, ())
        for a, b in sorted((r.known_from, r.known_until) for r in held if r.case.filed is not None):
            if a > at:
                break
            at = max(at, b)
            if at >= end:
                return None
        return at if at < end else None

    def _check(self) -> None:
        for case, records in self._cases.items():
            for record in records:
                assert record.case.case == case
                assert record.known_from < record.known_until
                for party in record.case.parties:
                    assert case in self._by_party[party]
                if record.case.answers is not None:
                    assert case in self._answered_by[record.case.answers]
            spans = sorted((r.known_from, r.known_until, r.levels) for r in records)
            for level in range(3):
                mine = [(a, b) for a, b, m in spans if m >> level & 1]
                for (_, b1), (a2, _) in itertools.pairwise(mine):
                    assert b1 <= a2, f"case {case!r} has overlapping versions at level {level}"
