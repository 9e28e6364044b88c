"""A naive oracle: answers by replaying the raw event list, written apart from the indices.

It shares only the event classes and ValidDate with the library. Everything
else — applying corrections, ordering a pair's events, folding tenures and
cases, classifying membership — is written again here, as plainly as
possible, straight from DESIGN.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from timeline import (
    Cited,
    Confirmed,
    Corrected,
    Correction,
    Event,
    Founded,
    FundingRound,
    Joined,
    LawsuitEvent,
    LawsuitFiled,
    LeaveEnded,
    LeaveStarted,
    Left,
    Rehired,
    Retracted,
    RoleChanged,
    TenureEvent,
)

FOREVER = 10**9
CORRECTION_RANK = {Cited: 0, Confirmed: 1, Corrected: 2, Retracted: 3}


def micros(event: Event) -> int:
    assert event.recorded is not None
    return int(event.recorded.timestamp() * 1_000_000)


def effective(events: Sequence[Event], known: int, level: int) -> list[Event]:
    """The facts a view holds: recorded by ``known``, corrected, at ``level`` or above."""
    current: dict[str, Event | None] = {}
    root_of: dict[str, str] = {}
    for event in events:
        if not isinstance(event, Correction) and micros(event) <= known:
            current[event.id] = event
            root_of[event.id] = event.id
    pending = sorted(
        (e for e in events if isinstance(e, Correction) and micros(e) <= known),
        key=lambda e: (micros(e), CORRECTION_RANK[type(e)], e.id),
    )

    def applies(fix: Correction) -> bool:
        held = current.get(root_of.get(fix.target, ""))
        return held is not None and held.id == fix.target

    while pending:
        # at one instant, a correction of a replacement waits for the
        # correction that creates it
        now = [e for e in pending if micros(e) == micros(pending[0])]
        fix = next((e for e in now if applies(e)), now[0])
        pending.remove(fix)
        root = root_of[fix.target]
        held = current[root]
        assert held is not None, "the log was valid"
        assert held.id == fix.target, "the log was valid"
        if isinstance(fix, Retracted):
            current[root] = None
        elif isinstance(fix, Corrected):
            current[root] = _evolve(fix.replacement, recorded=fix.recorded)
            root_of[fix.replacement.id] = root
        elif isinstance(fix, Confirmed):
            current[root] = _evolve(held, certainty=fix.level)
        elif isinstance(fix, Cited):
            extra = tuple(s for s in fix.sources if s not in held.sources)
            current[root] = _evolve(held, sources=held.sources + extra)
    return [e for e in current.values() if e is not None and e.certainty.rank >= level]


def _evolve(event: Event, **changes: object) -> Event:
    return attrs.evolve(event, **changes)


# -- tenures --------------------------------------------------------------------


def step(event: Event) -> str:
    if isinstance(event, Founded):
        return "start"
    if isinstance(event, (Joined, Rehired)):
        return "start"
    if isinstance(event, Left):
        return "end"
    if isinstance(event, RoleChanged):
        return "role"
    if isinstance(event, LeaveStarted):
        return "leave-start"
    assert isinstance(event, LeaveEnded)
    return "leave-end"


RANK = {"start": 0, "role": 1, "leave-start": 2, "leave-end": 3, "end": 4}


def touches(event: Event, person: str, org: str) -> bool:
    if isinstance(event, TenureEvent):
        return event.person == person and event.org == org
    return isinstance(event, Founded) and event.org == org and person in event.founders


def canonical_order(events: list[Event], fits: object, advance: object) -> list[Event]:
    """Repeatedly take, among the events that may come next, one the state fits
    (the state sees every event that may come next)."""
    pending = list(events)
    out = []
    state: dict[str, object] = {}
    while pending:
        candidates = []
        for e in pending:
            others = [o.valid.last for o in pending if o is not e]
            if not others or e.valid.first <= min(others):
                candidates.append(e)
        good = [e for e in candidates if fits(state, e, candidates)]  # type: ignore[operator]
        if good:
            pick = sorted(good, key=lambda e: (e_rank(e), e.valid.first, e.valid.last, e.id))[0]
        else:
            pick = sorted(candidates, key=lambda e: (e.valid.first, e.valid.last, e_rank(e),
                                                     e.id))[0]
        pending.remove(pick)
        out.append(pick)
        advance(state, pick)  # type: ignore[operator]
    return out


def e_rank(event: Event) -> int:
    if isinstance(event, LawsuitEvent):
        return {"open": 0, "reopen": 1}.get(event.step, 2)
    return RANK[step(event)]


def tenure_fits(state: dict[str, object], event: Event, candidates: list[Event]) -> bool:
    s = step(event)
    if not state.get("open"):
        if state.get("had"):
            return s == "start"
        # nothing yet: a rehire says there was an earlier tenure, so a
        # departure that may come before it goes first, as that tenure's end
        if isinstance(event, Rehired):
            return False
        if s == "end":
            return any(isinstance(c, Rehired) for c in candidates)
        return s == "start"
    if state.get("leave"):
        return s in ("end", "role", "leave-end")
    return s in ("end", "role", "leave-start")


def tenure_advance(state: dict[str, object], event: Event) -> None:
    s = step(event)
    if s == "end" or isinstance(event, Rehired):
        state["had"] = True
    if s == "start":
        state["open"] = True
        state["leave"] = False
    elif s == "end":
        state["open"] = False
        state["leave"] = False
    else:
        state["open"] = True
        if s == "leave-start":
            state["leave"] = True
        elif s == "leave-end":
            state["leave"] = False


def founded(facts: Iterable[Event], org: str) -> tuple[int, int] | None:
    """The first day ``org`` may exist and the first it certainly does, from
    every founding of it; None when the log has no founding."""
    told = [e for e in facts if isinstance(e, Founded) and e.org == org]
    if not told:
        return None
    return min(e.valid.first for e in told), min(e.valid.last for e in told)


def one_start(a: Event, b: Event) -> bool:
    """A founding and a join or rehire whose dates overlap tell one start."""
    founding = isinstance(a, Founded) or isinstance(b, Founded)
    return founding and a.valid.first <= b.valid.last and b.valid.first <= a.valid.last


def tenures(facts: Iterable[Event], person: str, org: str) -> list[dict[str, object]]:
    """The pair's tenures as plain dicts: start, end (events or None), steps,
    before (the rehire an unknown end came before, or None), and found (the
    organisation's founding bound, or None)."""
    facts = list(facts)
    found = founded(facts, org)
    mine = [e for e in facts if touches(e, person, org)]
    ordered = canonical_order(mine, tenure_fits, tenure_advance)
    out: list[dict[str, object]] = []
    open_tenure: dict[str, object] | None = None
    for e in ordered:
        s = step(e)
        if s == "start":
            if open_tenure is None:
                if isinstance(e, Rehired) and not out:
                    # nothing of the earlier tenure is in the log but this return
                    out.append({"start": None, "end": None, "steps": [], "before": e})
                open_tenure = {"start": e, "end": None, "steps": [e]}
            elif isinstance(e, Rehired) and not (
                open_tenure["start"] is not None
                and one_start(open_tenure["start"], e)  # type: ignore[arg-type]
            ):
                open_tenure["before"] = e
                out.append(open_tenure)
                open_tenure = {"start": e, "end": None, "steps": [e]}
            else:
                open_tenure["steps"].append(e)  # type: ignore[attr-defined]
        elif s == "end":
            if open_tenure is None:
                out.append({"start": None, "end": e, "steps": [e]})
            else:
                open_tenure["steps"].append(e)  # type: ignore[attr-defined]
                open_tenure["end"] = e
                out.append(open_tenure)
                open_tenure = None
        else:
            if open_tenure is None:
                open_tenure = {"start": None, "end": None, "steps": []}
            open_tenure["steps"].append(e)  # type: ignore[attr-defined]
    if open_tenure is not None:
        out.append(open_tenure)
    for tenure in out:
        tenure.setdefault("before", None)
        tenure["found"] = found
    return out


def membership(tenure: dict[str, object], day: int) -> str | None:
    end, before = tenure["end"], tenure["before"]
    found: tuple[int, int] | None = tenure["found"]  # type: ignore[assignment]
    steps: list[Event] = tenure["steps"]  # type: ignore[assignment]
    possible_from = _lo(tenure)
    possible_until = FOREVER
    if end is not None:
        possible_until = end.valid.last  # type: ignore[attr-defined]
    elif before is not None:
        possible_until = before.valid.last  # type: ignore[attr-defined]
    if not (possible_from <= day < possible_until):
        return None
    # any dated step that places the person here proves membership from its
    # last day, once the organisation certainly exists
    proofs = [e.valid.last for e in steps if step(e) != "end"]
    certain_from = min(proofs) if proofs else FOREVER
    if found is not None:
        certain_from = max(certain_from, found[1])
    certain_until = FOREVER
    if end is not None:
        certain_until = end.valid.first  # type: ignore[attr-defined]
    elif before is not None:
        # left at an unknown date: proven only up to the last step
        certain_until = max((e.valid.first for e in steps), default=-FOREVER)
    return "certain" if certain_from <= day < certain_until else "possible"


def role_at(tenure: dict[str, object], day: int) -> str | None:
    roles = [(e, getattr(e, "role", None)) for e in tenure["steps"]]  # type: ignore[attr-defined]
    roles = [(e, r) for e, r in roles if r is not None and step(e) in ("start", "role")]
    if not roles:
        return None
    held = [r for e, r in roles if e.valid.last <= day]
    return held[-1] if held else roles[0][1]


def on_leave_at(tenure: dict[str, object], day: int) -> bool:
    status = False
    for e in tenure["steps"]:  # type: ignore[attr-defined]
        if step(e) == "leave-start" and e.valid.last <= day:
            status = True
        elif step(e) == "leave-end" and e.valid.last <= day:
            status = False
    return status


def weakest(tenure: dict[str, object], day: int) -> str:
    if not tenure["steps"]:
        return tenure["before"].certainty.value  # type: ignore[attr-defined]
    steps = [e for e in tenure["steps"] if step(e) != "end"]  # type: ignore[attr-defined]
    near = [e for e in steps if e.valid.first <= day] or list(tenure["steps"])  # type: ignore[call-overload]
    return min(near, key=lambda e: e.certainty.rank).certainty.value


def entry(tenure: dict[str, object], day: int, kind: str) -> tuple[object, ...]:
    start = tenure["start"]
    return (
        kind,
        role_at(tenure, day),
        str(start.valid) if start is not None else None,  # type: ignore[attr-defined]
        "on leave" if on_leave_at(tenure, day) else "active",
        weakest(tenure, day),
    )


def _lo(tenure: dict[str, object]) -> int:
    """The first day the person may be a member: not before the founding."""
    start = tenure["start"]
    found: tuple[int, int] | None = tenure["found"]  # type: ignore[assignment]
    lo = start.valid.first if start is not None else 0  # type: ignore[attr-defined]
    return max(lo, found[0]) if found is not None else lo


def _first_id(tenure: dict[str, object]) -> str:
    steps: list[Event] = tenure["steps"]  # type: ignore[assignment]
    return steps[0].id if steps else tenure["before"].id  # type: ignore[attr-defined]


def best_entry(candidates: list[dict[str, object]], day: int) -> tuple[object, ...] | None:
    found = [(membership(t, day), t) for t in candidates]
    found = [(m, t) for m, t in found if m is not None]
    if not found:
        return None
    found.sort(key=lambda mt: (mt[0] == "certain", _lo(mt[1]), _first_id(mt[1])))
    kind, tenure = found[-1]
    return entry(tenure, day, kind)  # type: ignore[arg-type]


def roster(
    facts: list[Event], people: Iterable[str], org: str, day: int
) -> dict[str, tuple[object, ...]]:
    """person -> (certain/possible, role, since, status, certainty)."""
    out = {}
    for person in people:
        found = best_entry(tenures(facts, person, org), day)
        if found is not None:
            out[person] = found
    return out


def where(
    facts: list[Event], person: str, orgs: Iterable[str], day: int
) -> dict[str, tuple[object, ...]]:
    out = {}
    for org in orgs:
        found = best_entry(tenures(facts, person, org), day)
        if found is not None:
            out[org] = found
    return out


def career(facts: list[Event], person: str, orgs: Iterable[str]) -> list[tuple[object, ...]]:
    rows = []
    for org in orgs:
        for t in tenures(facts, person, org):
            start, end, before = t["start"], t["end"], t["before"]
            rows.append((
                org,
                str(start.valid) if start else None,  # type: ignore[attr-defined]
                str(end.valid) if end else None,  # type: ignore[attr-defined]
                str(before.valid) if before else None,  # type: ignore[attr-defined]
            ))
    return sorted(rows, key=lambda r: (r[0], str(r[1]), str(r[2]), str(r[3])))


def before_founding(facts: list[Event], event: Event) -> bool:
    """Whether a tenure event is dated certainly before its organisation's
    founding in ``facts``: a contradiction (an organisation has no members
    before it exists)."""
    if not isinstance(event, TenureEvent):
        return False
    found = founded(facts, event.org)
    return found is not None and event.valid.last < found[0]


# -- lawsuits -------------------------------------------------------------------


def case_fits(state: dict[str, object], event: Event, candidates: list[Event]) -> bool:
    assert isinstance(event, LawsuitEvent)
    now = state.get("state", "none")
    if now == "none":
        return event.step == "open"
    if now == "open":
        return event.step not in ("open", "reopen")
    return event.step == "reopen"


def case_advance(state: dict[str, object], event: Event) -> None:
    assert isinstance(event, LawsuitEvent)
    state["state"] = "open" if event.step in ("open", "reopen") else "closed"


def case_statuses(facts: list[Event], case: str, day: int) -> set[str] | None:
    mine = [e for e in facts if isinstance(e, LawsuitEvent) and e.case == case]
    if not mine:
        return None
    ordered = canonical_order(mine, case_fits, case_advance)
    filed = [e for e in ordered if isinstance(e, LawsuitFiled)]
    implied = not filed

    def status(e: Event) -> str:
        assert isinstance(e, LawsuitEvent)
        return "open" if e.step in ("open", "reopen") else e.step

    now = "open" if implied else "not filed"
    maybe: set[str] = {"not filed"} if implied else set()
    for e in ordered:
        if e.valid.last <= day:
            now, maybe = status(e), set()
        elif e.valid.first <= day:
            maybe.add(status(e))
    return maybe | {now}


def open_cases(facts: list[Event], day: int) -> dict[str, str]:
    cases = sorted({e.case for e in facts if isinstance(e, LawsuitEvent)})
    out = {}
    for case in cases:
        statuses = case_statuses(facts, case, day)
        assert statuses is not None
        if statuses == {"open"}:
            out[case] = "certain"
        elif "open" in statuses:
            out[case] = "possible"
    return out


# -- organisations -----------------------------------------------------------------


def raised(facts: list[Event], org: str, day: int) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for e in facts:
        if isinstance(e, FundingRound) and e.org == org and e.valid.last <= day and e.amount:
            totals[e.amount.currency] = totals.get(e.amount.currency, Decimal(0)) + e.amount.amount
    return totals


def ordinal(value: dt.date) -> int:
    return value.toordinal()
