"""Questions about lawsuits, answered from the case index for one view.

A case is found by any party, or by a plaintiff or a defendant (they
combine: each given one must be on its side); it shows the case it is a
counterclaim in and the counterclaims that answer it. See the
"Lawsuits" section of docs/concepts.md.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence

import pendulum

from timeline.answers.reports import CaseView, Lawsuits
from timeline.engine.disputes import Claim
from timeline.engine.lawsuits import Case, CaseIndex
from timeline.engine.tenures import Membership
from timeline.model.catalog import LawsuitDismissed, LawsuitJudged, LawsuitMotion, LawsuitRuling
from timeline.model.events import Event

__all__ = ["case_view", "open_case_ids", "open_cases"]


Disputes = Callable[[Sequence[str]], tuple[Claim, ...]]
"""The other claims about the facts behind some evidence, for one view."""


def _none(_: Sequence[str]) -> tuple[Claim, ...]:
    return ()


def case_view(
    index: CaseIndex, case: Case, day: int, known: int, level: int, *,
    disputed: Disputes = _none, name: Callable[[str], str] | None = None,
) -> CaseView:
    """``case`` at ``day``, with its counterclaims in the view ``(known, level)``
    (the steps and counterclaims certainly after ``day`` apart, as later), the
    other claims about its steps (``disputed``) and its parties' names.

    Runtime: O(steps of the case + cases that ever answered it).
    """
    steps = [(s.valid, s.kind.removeprefix("lawsuit-"), s.id) for s in case.steps]
    counterclaims = index.counterclaims(case.case, known, level)

    def filed_by(other: str) -> bool:
        held = index.get(other, known, level)
        return held is None or held.filed is None or held.filed.valid.first <= day

    names = tuple((p, name(p)) for p in case.parties) if name is not None else ()
    return CaseView(
        names=names,
        case=case.case, plaintiffs=case.plaintiffs, defendants=case.defendants,
        claims=case.claims, status=case.status_at(day),
        certain=case.open_at(day) is Membership.CERTAIN,
        filed=case.filed.valid if case.filed is not None else None,
        history=tuple(s for s in steps if s[0].first <= day),
        evidence=tuple(s.id for s in case.steps),
        answers=case.answers,
        counterclaims=tuple(c for c in counterclaims if filed_by(c)),
        later=tuple(s for s in steps if s[0].first > day),
        later_counterclaims=tuple(c for c in counterclaims if not filed_by(c)),
        disputed=disputed(tuple(s.id for s in case.steps)),
        court=case.court_at(day),
        winners=case.winners_at(day),
        details=tuple((s.id, text) for s in case.steps if (text := _detail(s, name))),
    )


def _detail(step: Event, name: Callable[[str], str] | None) -> str:
    """What a case step says beyond its kind, as its history prints it: the
    motion and who moved, the ruling's outcome, who won, the court."""
    named = name or (lambda entity: entity)
    parts: list[str] = []
    if isinstance(step, LawsuitMotion):
        parts.append(step.motion + (f" by {', '.join(map(named, step.movants))}"
                                    if step.movants else ""))
    elif isinstance(step, LawsuitRuling):
        if step.outcome is not None:
            parts.append(step.outcome.value + (f" (on {step.on})" if step.on else ""))
        if step.ruling is not None:
            parts.append(step.ruling)
    elif isinstance(step, LawsuitJudged):
        parts.append("for " + ", ".join(map(named, step.winners)))
    elif isinstance(step, LawsuitDismissed) and step.with_prejudice is not None:
        parts.append("with prejudice" if step.with_prejudice else "without prejudice")
    court = getattr(step, "court", None)
    if court is not None:
        parts.append(f"in {court}")
    return "; ".join(parts)


def open_cases(
    index: CaseIndex, day: int, known: int, level: int, *,
    at: _dt.date, shown: pendulum.DateTime | None,
    party: str | None, plaintiff: str | None, defendant: str | None,
    disputed: Disputes = _none,
    name: Callable[[str], str] | None = None,
) -> Lawsuits:
    """The cases open, certainly or possibly, at ``day`` that match every
    filter given, and under a filter the open cases that name no party.
    Runtime: O(cases of the first party given + cases naming no party), all
    cases without one.
    """
    who = party or plaintiff or defendant
    certain, possible = [], []

    def view(case: Case) -> CaseView:
        return case_view(index, case, day, known, level, name=name, disputed=disputed)

    for case_id in index.cases(who):
        case = index.get(case_id, known, level)
        if case is None or not _matches(case, party, plaintiff, defendant):
            continue
        open_ = case.open_at(day)
        if open_ is Membership.CERTAIN:
            certain.append(view(case))
        elif open_ is Membership.POSSIBLE:
            possible.append(view(case))
    unnamed = []
    if who is not None:
        for case_id in index.unnamed():
            case = index.get(case_id, known, level)
            if case is not None and not case.parties and case.open_at(day) is not None:
                unnamed.append(view(case))
    return Lawsuits(
        at=at, known=shown, party=party, cases=tuple(certain), possible=tuple(possible),
        plaintiff=plaintiff, defendant=defendant, unknown_parties=tuple(unnamed),
        names=tuple((e, name(e)) for e in (party, plaintiff, defendant)
                    if e is not None and name is not None),
    )


def open_case_ids(index: CaseIndex, party: str, day: int, known: int,
                  level: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids of the cases naming ``party`` certainly open at ``day``, and
    apart of those only possibly open, in the order :func:`open_cases` lists
    them, with no view of each built. Runtime: O(cases of the party)."""
    certain, possible = [], []
    for case_id in index.cases(party):
        case = index.get(case_id, known, level)
        if case is not None and party in case.parties:
            open_ = case.open_at(day)
            if open_ is Membership.CERTAIN:
                certain.append(case_id)
            elif open_ is Membership.POSSIBLE:
                possible.append(case_id)
    return tuple(certain), tuple(possible)


def _matches(
    case: Case, party: str | None, plaintiff: str | None, defendant: str | None
) -> bool:
    return (
        (party is None or party in case.parties)
        and (plaintiff is None or plaintiff in case.plaintiffs)
        and (defendant is None or defendant in case.defendants)
    )
