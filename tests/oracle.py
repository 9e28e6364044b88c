"""A naive oracle: answers by replaying the raw event list, written apart from the indices.

It shares only the event classes, ValidDate and the folding of names
(``fold_name``: which spellings are one key is not what it checks) with the
library. Everything else — applying corrections, ordering a pair's events,
folding tenures and cases, classifying membership, which entity a name
means — is written again here, as plainly as possible, straight from
DESIGN.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from timeline import (
    AliasAdded,
    Cited,
    Confirmed,
    Corrected,
    Correction,
    Deal,
    Disputed,
    Event,
    FigureReported,
    Founded,
    FounderAdded,
    FundingRound,
    Joined,
    LawsuitEvent,
    LawsuitFiled,
    LeaveEnded,
    LeaveStarted,
    Left,
    Money,
    Observed,
    OrganizationDeclared,
    OrganizationPlaced,
    PersonDeclared,
    PlanCancelled,
    PlanMoved,
    Planned,
    PublicationCorrected,
    Ranked,
    Rehired,
    Renamed,
    Retracted,
    RoleChanged,
    TenureEvent,
    ValuationReported,
)
from timeline.engine.names import fold_name
from timeline.model.dates import ValidDate

FOREVER = 10**9
CORRECTION_RANK = {Cited: 0, Confirmed: 1, Corrected: 2, Disputed: 3, Ranked: 4, Retracted: 5}
RANK_ORDER = {"preferred": 0, "normal": 1, "deprecated": 2}


def micros(event: Event) -> int:
    assert event.recorded is not None
    return int(event.recorded.timestamp() * 1_000_000)


def _claims_after(claims: list[list[object]], fix: Correction) -> Event | None:
    """Apply ``fix`` to a fact's claims, ``[event, rank]`` in the order they
    were made; return the claim it creates, if any. Disputes (docs/concepts.md):
    a disputing claim is normal unless it says otherwise; a claim made
    preferred makes the preferred one normal."""
    at = next(i for i, (event, _) in enumerate(claims) if event.id == fix.target)  # type: ignore[attr-defined]
    held = claims[at][0]
    assert isinstance(held, Event)
    if isinstance(fix, Retracted):
        del claims[at]
    elif isinstance(fix, Corrected):
        claims[at][0] = _evolve(fix.replacement, recorded=fix.recorded)
        return fix.replacement
    elif isinstance(fix, Confirmed):
        claims[at][0] = _evolve(held, certainty=fix.level)
    elif isinstance(fix, Cited):
        extra = tuple(s for s in fix.sources if s not in held.sources)
        claims[at][0] = _evolve(held, sources=held.sources + extra)
    elif isinstance(fix, (Disputed, Ranked)):
        rank = fix.rank.value
        if rank == "preferred":
            for claim in claims:
                if claim[1] == "preferred":
                    claim[1] = "normal"
        if isinstance(fix, Disputed):
            claims.append([_evolve(fix.claim, recorded=fix.recorded), rank])
            return fix.claim
        claims[at][1] = rank
    return None


def accepted(claims: list[list[object]]) -> Event | None:
    """The best-ranked claim that is not deprecated; the first made among equals."""
    best: Event | None = None
    order = 9
    for event, rank in claims:
        if rank != "deprecated" and RANK_ORDER[str(rank)] < order:
            assert isinstance(event, Event)
            best, order = event, RANK_ORDER[str(rank)]
    return best


def held_claims(events: Sequence[Event], known: int) -> dict[str, list[list[object]]]:
    """Every fact's claims a view holds, by the id of the event that first recorded it."""
    claims: dict[str, list[list[object]]] = {}
    root_of: dict[str, str] = {}
    for event in events:
        if not isinstance(event, Correction) and micros(event) <= known:
            claims[event.id] = [[event, "preferred"]]
            root_of[event.id] = event.id
    pending = sorted(
        (e for e in events if isinstance(e, Correction) and micros(e) <= known),
        key=lambda e: (micros(e), CORRECTION_RANK[type(e)], e.id),
    )

    def applies(fix: Correction) -> bool:
        return any(event.id == fix.target  # type: ignore[attr-defined]
                   for event, _ in claims.get(root_of.get(fix.target, ""), []))

    while pending:
        # at one instant, a correction of a replacement or of a disputing
        # claim waits for the correction that creates it
        now = [e for e in pending if micros(e) == micros(pending[0])]
        fix = next((e for e in now if applies(e)), now[0])
        pending.remove(fix)
        assert applies(fix), "the log was valid"
        root = root_of[fix.target]
        made = _claims_after(claims[root], fix)
        if made is not None:
            root_of[made.id] = root
    return claims


class Facts(list[Event]):
    """The facts a view holds, with the foundings it leaves out for their
    certainty (``wider``): they still make earlier days possible."""

    wider: list[Event]


def effective(events: Sequence[Event], known: int, level: int) -> list[Event]:
    """The facts a view holds: recorded by ``known``, corrected, at ``level`` or
    above; of a disputed fact, its accepted claim."""
    out = Facts()
    out.wider = []
    for claims in held_claims(events, known).values():
        event = accepted(claims)
        if event is not None and event.certainty.rank >= level:
            out.append(event)
        elif event is not None and isinstance(event, Founded):
            out.wider.append(event)
    return out


def disputed(events: Sequence[Event], known: int) -> dict[str, list[tuple[str, str]]]:
    """For each accepted claim of a disputed fact, the other claims (id, rank)."""
    out = {}
    for claims in held_claims(events, known).values():
        event = accepted(claims)
        if event is not None and len(claims) > 1:
            out[event.id] = [(e.id, str(r)) for e, r in claims if e is not event]  # type: ignore[attr-defined]
    return out


def _evolve(event: Event, **changes: object) -> Event:
    return attrs.evolve(event, **changes)


# -- tenures --------------------------------------------------------------------


def step(event: Event) -> str:
    if isinstance(event, (Founded, FounderAdded)):
        return "start"
    if isinstance(event, (Joined, Rehired)):
        return "start"
    if isinstance(event, Left):
        return "end"
    if isinstance(event, RoleChanged):
        return "role"
    if isinstance(event, Observed):
        return "observe"
    if isinstance(event, LeaveStarted):
        return "leave-start"
    assert isinstance(event, LeaveEnded)
    return "leave-end"


RANK = {"start": 0, "role": 1, "observe": 2, "leave-start": 3, "leave-end": 4, "end": 5}


def touches(event: Event, person: str, org: str, kind: str = "employee") -> bool:
    """Whether an event is a step of the person's tenures of one kind at ``org``:
    a founder works there when the founding lists them among its employees,
    and is a founder only otherwise."""
    if isinstance(event, TenureEvent):
        return event.person == person and event.org == org and event.affiliation.value == kind
    if isinstance(event, FounderAdded):
        return (event.person == person and event.org == org
                and kind == ("employee" if event.employee else "founder"))
    return (isinstance(event, Founded) and event.org == org and person in event.founders
            and kind == ("employee" if person in event.employees else "founder"))


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
        # an observation with nothing before it opens a tenure of unknown
        # start, unless a rehire no later than its first day opens its tenure
        if s == "observe":
            return not _rehired_by(event, candidates)
        return s == "start"
    # an observation fits anywhere in a tenure, on leave or not, but not
    # after a rehire that comes no later than its first day: the earlier
    # tenure ended by then, and the observation places the person there at
    # the end of that day, in the tenure the rehire opens
    if s == "observe" and _rehired_by(event, candidates):
        return False
    if state.get("leave"):
        return s in ("end", "role", "observe", "leave-end")
    return s in ("end", "role", "observe", "leave-start")


def _rehired_by(event: Event, candidates: list[Event]) -> bool:
    """Whether a rehire that may come next is dated no later than the first
    day of ``event``."""
    return any(isinstance(c, Rehired) and c.valid.last <= event.valid.first for c in candidates)


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
    wider = getattr(facts, "wider", [])
    told = [e for e in facts if isinstance(e, Founded) and e.org == org]
    if not told:
        return None
    # the foundings a view leaves out for their certainty make earlier days
    # possible, never certain
    rumours = [e for e in wider if isinstance(e, Founded) and e.org == org]
    return min(e.valid.first for e in told + rumours), min(e.valid.last for e in told)


def one_start(a: Event, b: Event) -> bool:
    """A founding and a join or rehire whose dates overlap tell one start."""
    founding = isinstance(a, (Founded, FounderAdded)) or isinstance(b, (Founded, FounderAdded))
    return founding and a.valid.first <= b.valid.last and b.valid.first <= a.valid.last


def tenures(facts: Iterable[Event], person: str, org: str,
            kind: str = "employee") -> list[dict[str, object]]:
    """The pair's tenures as plain dicts: start, end (events or None), steps,
    before (the rehire an unknown end came before, or None), and found (the
    organisation's founding bound, or None)."""
    found = founded(facts, org)
    facts = list(facts)
    mine = [e for e in moved(facts, person) if touches(e, person, org, kind)]
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


def moved(facts: Iterable[Event], person: str) -> list[Event]:
    """The facts, with each deal that moves ``person`` standing for their
    departure from its target and their join at its buyer, on its date,
    with its id, sources and certainty."""
    out: list[Event] = []
    for e in facts:
        if isinstance(e, Deal) and person in e.people:
            same = {"id": e.id, "valid": e.valid, "sources": e.sources,
                    "certainty": e.certainty, "person": person}
            out.append(Left(org=e.target, reason="moved by a deal", destination=e.org,
                            **same))  # type: ignore[arg-type]
            out.append(Joined(org=e.org, role=dict(e.roles).get(person),
                              **same))  # type: ignore[arg-type]
        else:
            out.append(e)
    return out


# -- organisations inside others -------------------------------------------------


def placements(facts: Iterable[Event], unit: str) -> list[tuple[object, str | None]]:
    """(date, parent) of every fact that places ``unit``: an explicit
    placement, or an acquisition or merger of it."""
    out: list[tuple[object, str | None]] = []
    for e in facts:
        if isinstance(e, OrganizationPlaced) and e.org == unit:
            out.append((e.valid, e.parent))
        elif (isinstance(e, Deal) and e.target == unit
              and e.deal.value in ("acquisition", "merger")):
            out.append((e.valid, e.org))
    return out


def parents(facts: Iterable[Event], unit: str, day: int) -> dict[str, bool]:
    """parent -> certainly, on ``day``: every order of the placements their
    dates allow is a possible world; in each, the last placement that has
    happened by the day is in effect (none: inside none). A parent is
    possible when it is in effect in some world, certain in all."""
    dated = placements(facts, unit)
    happened = [(d, p) for d, p in dated if d.first <= day]  # type: ignore[attr-defined]
    if not happened:
        return {}
    worlds: set[str | None] = set()
    for i, (d, p) in enumerate(happened):
        latest_day = min(d.last, day)  # type: ignore[attr-defined]
        # in effect in some world: every other placement certainly done by the
        # day may have come no later than this one
        if all(o.first <= latest_day for j, (o, _) in enumerate(happened)  # type: ignore[attr-defined]
               if j != i and o.last <= day):  # type: ignore[attr-defined]
            worlds.add(p)
    if all(d.last > day for d, _ in happened):  # type: ignore[attr-defined]
        worlds.add(None)  # none of them may have happened yet
    return {p: len(worlds) == 1 for p in worlds if p is not None}


def units(facts: list[Event], org: str, orgs: Iterable[str], day: int) -> dict[str, bool]:
    """Every organisation inside ``org`` on ``day``, however deep: unit ->
    certainly (every step up certain)."""
    found: dict[str, bool] = {}
    changed = True
    while changed:
        changed = False
        for unit in orgs:
            if unit == org:
                continue
            for parent, sure in parents(facts, unit, day).items():
                above = True if parent == org else found.get(parent)
                if above is None:
                    continue
                certain = sure and above
                if unit not in found or (certain and not found[unit]):
                    found[unit] = certain
                    changed = True
    return found


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
    first_sure = min(proofs) if proofs else FOREVER
    if found is not None:
        first_sure = max(first_sure, found[1])
    return "certain" if first_sure <= day < certain_until(tenure) else "possible"


def seen(tenure: dict[str, object]) -> list[Event]:
    """The tenure's observations."""
    return [e for e in tenure["steps"] if isinstance(e, Observed)]  # type: ignore[attr-defined]


def certain_until(tenure: dict[str, object]) -> int:
    """The first day the person is no longer certainly a member. An
    observation says they were there at the end of its first day, so nothing
    ends before the day after it; a tenure made of observations alone is
    certain only up to its last."""
    end, before = tenure["end"], tenure["before"]
    steps: list[Event] = tenure["steps"]  # type: ignore[assignment]
    after_seen = [e.valid.first + 1 for e in seen(tenure)]
    if end is not None:
        return max([end.valid.first, *after_seen])  # type: ignore[attr-defined]
    if before is not None:
        # left at an unknown date: proven only up to the last step
        proven = [e.valid.first + 1 if isinstance(e, Observed) else e.valid.first for e in steps]
        return max(proven, default=-FOREVER)
    if steps and len(after_seen) == len(steps):
        return max(after_seen)
    return FOREVER


def certain_from(tenure: dict[str, object]) -> int:
    steps: list[Event] = tenure["steps"]  # type: ignore[assignment]
    found: tuple[int, int] | None = tenure["found"]  # type: ignore[assignment]
    proofs = [e.valid.last for e in steps if step(e) != "end"]
    first = min(proofs) if proofs else FOREVER
    return max(first, found[1]) if found is not None else first


def why(tenure: dict[str, object], day: int) -> tuple[str, str] | None:
    """Why a possible member is only possible on ``day``: (reason, detail)."""
    if membership(tenure, day) != "possible":
        return None
    start, end, before = tenure["start"], tenure["end"], tenure["before"]
    steps: list[Event] = tenure["steps"]  # type: ignore[assignment]
    sure_from, sure_until = certain_from(tenure), certain_until(tenure)
    hi = FOREVER
    if end is not None:
        hi = end.valid.last  # type: ignore[attr-defined]
    elif before is not None:
        hi = before.valid.last  # type: ignore[attr-defined]
    sure_from, sure_until = max(sure_from, _lo(tenure)), min(sure_until, hi)
    observed = seen(tenure)
    last = sorted(observed, key=lambda e: (e.valid.first, e.valid.last))[-1] if observed else None
    none_sure = sure_from >= sure_until
    if not none_sure and day >= sure_until:
        if end is not None:
            return "imprecise date", f"left {end.valid}"  # type: ignore[attr-defined]
        if before is not None:
            return "unknown end", f"ended before the return on {before.valid}"  # type: ignore[attr-defined]
        assert last is not None
        return "unknown end", f"last observed {last.valid}"
    if start is not None:
        if day < start.valid.last:  # type: ignore[attr-defined]
            return "imprecise date", f"started {start.valid}"  # type: ignore[attr-defined]
        if none_sure and end is not None:
            return "imprecise date", f"left {end.valid}"  # type: ignore[attr-defined]
        if none_sure and before is not None:
            return "unknown end", f"ended before the return on {before.valid}"  # type: ignore[attr-defined]
        return "imprecise date", "founding date imprecise"
    if not steps:
        return "unknown start", f"inferred from the return on {before.valid}"  # type: ignore[attr-defined]
    if last is not None:
        # with no sure day, past the day after the last observation its end is what is unknown
        if none_sure and day >= last.valid.first + 1:
            return "unknown end", f"last observed {last.valid}"
        return "unknown start", f"first observed {observed[0].valid}"
    if steps[0] is end:
        return "unknown start", f"start not reported; left {end.valid}"  # type: ignore[attr-defined]
    return "unknown start", f"start not reported; first step {steps[0].valid}"


def role_at(tenure: dict[str, object], day: int) -> str | None:
    roles = [(e, getattr(e, "role", None)) for e in tenure["steps"]]  # type: ignore[attr-defined]
    roles = [(e, r) for e, r in roles
             if r is not None and step(e) in ("start", "role", "observe")]
    if not roles:
        return None
    held = [r for e, r in roles if e.valid.last <= day]
    if held:
        return held[-1]
    # none in effect: the first role named, unless a change brings it (the
    # role before a change is another one, which the log does not name)
    return None if step(roles[0][0]) == "role" else roles[0][1]


def _after_last_settled(steps: list[Event], day: int) -> list[Event]:
    """The steps after the last one certainly in effect at ``day`` (all of
    them if none is): only these may still be pending."""
    settled = [i for i, e in enumerate(steps) if e.valid.last <= day]
    return steps[settled[-1] + 1:] if settled else steps


def possible_roles_at(tenure: dict[str, object], day: int) -> tuple[str, ...]:
    """Roles other than ``role_at`` that a pending role change, whose date
    covers ``day``, may have brought in, in the tenure's order."""
    named = [e for e in tenure["steps"]  # type: ignore[attr-defined]
             if step(e) in ("start", "role", "observe") and getattr(e, "role", None) is not None]
    pending = _after_last_settled(named, day)
    held = role_at(tenure, day)
    out: list[str] = []
    for e in pending:
        if e.valid.first <= day < e.valid.last and e.role != held and e.role not in out:
            out.append(e.role)
    # a role observed only later may already be held, once some role is in effect
    later = [e for e in named if e.valid.first > day]
    if (any(e.valid.last <= day for e in named) and later and isinstance(later[0], Observed)
            and later[0].role != held and later[0].role not in out):
        out.append(later[0].role)
    return tuple(out)


def role_inferred(tenure: dict[str, object], day: int) -> bool:
    """No role is in effect on ``day``, and the first one named is observed."""
    named = [e for e in tenure["steps"]  # type: ignore[attr-defined]
             if step(e) in ("start", "role", "observe") and getattr(e, "role", None) is not None]
    if not named or any(e.valid.last <= day for e in named):
        return False
    return isinstance(named[0], Observed)


def on_leave_at(tenure: dict[str, object], day: int) -> bool:
    status = False
    for e in tenure["steps"]:  # type: ignore[attr-defined]
        if step(e) == "leave-start" and e.valid.last <= day:
            status = True
        elif step(e) == "leave-end" and e.valid.last <= day:
            status = False
    return status


def status_at(tenure: dict[str, object], day: int) -> str:
    """Active, on leave, or possibly on leave: when a leave's start or end
    still pending (after the last leave step in effect) covers ``day`` and
    would change the status."""
    leaves = [e for e in tenure["steps"]  # type: ignore[attr-defined]
              if step(e) in ("leave-start", "leave-end")]
    now = on_leave_at(tenure, day)
    maybe = {step(e) == "leave-start" for e in _after_last_settled(leaves, day)
             if e.valid.first <= day}
    # a return from a leave whose start the log lacks (no leave began since
    # the tenure's start or the last return): possibly on leave on every day
    # from that last return until this one is certain
    since, begun = 0, False
    for e in leaves:
        if step(e) == "leave-start":
            begun = True
            continue
        if not begun and since <= day < e.valid.last:
            maybe.add(True)
        since, begun = e.valid.last, False
    if maybe - {now}:
        return "possibly on leave"
    return "on leave" if now else "active"


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
        possible_roles_at(tenure, day),
        str(start.valid) if start is not None else None,  # type: ignore[attr-defined]
        status_at(tenure, day),
        weakest(tenure, day),
        role_inferred(tenure, day),
        why(tenure, day),
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
    found.sort(key=lambda mt: (mt[0] == "certain", _lo(mt[1]), _first_id(mt[1]),
                               bool(mt[1]["steps"])))
    kind, tenure = found[-1]
    return entry(tenure, day, kind)  # type: ignore[arg-type]


KINDS = ("employee", "board", "advisor", "founder")


def roster(
    facts: list[Event], people: Iterable[str], org: str, day: int, kind: str = "employee"
) -> dict[str, tuple[object, ...]]:
    """person -> (certain/possible, role, possible roles, since, status, certainty)."""
    out = {}
    for person in people:
        found = best_entry(tenures(facts, person, org, kind), day)
        if found is not None:
            out[person] = found
    return out


def where(
    facts: list[Event], person: str, orgs: Iterable[str], day: int, kind: str = "employee"
) -> dict[str, tuple[object, ...]]:
    out = {}
    for org in orgs:
        found = best_entry(tenures(facts, person, org, kind), day)
        if found is not None:
            out[org] = found
    return out


def career(facts: list[Event], person: str, orgs: Iterable[str]) -> list[tuple[object, ...]]:
    """(organisation, kind, start, end, ended before) of every tenure of every kind."""
    rows = []
    for org in orgs:
        for kind in KINDS:
            for t in tenures(facts, person, org, kind):
                start, end, before = t["start"], t["end"], t["before"]
                rows.append((
                    org, kind,
                    str(start.valid) if start else None,  # type: ignore[attr-defined]
                    str(end.valid) if end else None,  # type: ignore[attr-defined]
                    str(before.valid) if before else None,  # type: ignore[attr-defined]
                ))
    return sorted(rows, key=lambda r: tuple(map(str, r)))


def before_founding(facts: list[Event], event: Event) -> bool:
    """Whether a tenure event is dated certainly before its organisation's
    founding in ``facts``: a contradiction (an organisation has no members
    before it exists)."""
    if not isinstance(event, TenureEvent):
        return False
    found = founded(facts, event.org)
    return found is not None and event.valid.last < found[0]



# -- lawsuits -------------------------------------------------------------------


NEUTRAL = ("motion", "ruling")


def case_fits(state: dict[str, object], event: Event, candidates: list[Event]) -> bool:
    assert isinstance(event, LawsuitEvent)
    now = state.get("state", "none")
    if event.step in NEUTRAL:  # after the filing, if the log holds it
        return now != "none" or not any(
            isinstance(c, LawsuitEvent) and c.step == "open" for c in candidates)
    if now == "none":
        return event.step == "open"
    if now == "open":
        return event.step not in ("open", "reopen")
    return event.step == "reopen"


def case_advance(state: dict[str, object], event: Event) -> None:
    assert isinstance(event, LawsuitEvent)
    if event.step not in NEUTRAL:
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
        if e.step == "judged":
            return "decided"
        return "open" if e.step in ("open", "reopen") else e.step

    now = "open" if implied else "not filed"
    maybe: set[str] = {"not filed"} if implied else set()
    for e in ordered:
        if e.step in NEUTRAL:  # a motion or ruling leaves the status; it shows a filing
            if e.valid.last <= day:
                maybe.discard("not filed")
        elif e.valid.last <= day:
            now, maybe = status(e), set()
        elif e.valid.first <= day:
            maybe.add(status(e))
    return maybe | {now}


def court_and_winners(facts: list[Event], case: str,
                      day: int) -> tuple[str | None, tuple[str, ...]]:
    """The court the last step certainly by ``day`` that names one names, and
    the winners of a judgment certainly by then that no later closing or
    refiling (certainly by then) follows."""
    mine = canonical_order([e for e in facts if isinstance(e, LawsuitEvent) and e.case == case],
                           case_fits, case_advance)
    court, won = None, ()
    for e in mine:
        if e.valid.last > day:
            continue
        if getattr(e, "court", None) is not None:
            court = e.court  # type: ignore[attr-defined]
        if e.step not in NEUTRAL:
            won = e.winners if e.step == "judged" else ()  # type: ignore[attr-defined]
    return court, won


def sides(facts: list[Event], case: str) -> tuple[set[str], set[str]]:
    """Everyone any step of the case names as plaintiff, and as defendant."""
    plaintiffs: set[str] = set()
    defendants: set[str] = set()
    for e in facts:
        if isinstance(e, LawsuitEvent) and e.case == case:
            plaintiffs |= set(e.plaintiffs)
            defendants |= set(e.defendants)
    return plaintiffs, defendants


def open_cases(
    facts: list[Event], day: int, *, party: str | None = None, plaintiff: str | None = None,
    defendant: str | None = None,
) -> dict[str, str]:
    """case -> certain/possible, for the cases open at ``day`` that every
    filter given holds for: ``party`` on either side, ``plaintiff`` bringing
    it, ``defendant`` sued."""
    cases = sorted({e.case for e in facts if isinstance(e, LawsuitEvent)})
    out = {}
    for case in cases:
        plaintiffs, defendants = sides(facts, case)
        if party is not None and party not in plaintiffs | defendants:
            continue
        if plaintiff is not None and plaintiff not in plaintiffs:
            continue
        if defendant is not None and defendant not in defendants:
            continue
        statuses = case_statuses(facts, case, day)
        assert statuses is not None
        if statuses == {"open"}:
            out[case] = "certain"
        elif "open" in statuses:
            out[case] = "possible"
    return out


def unnamed_open_cases(facts: list[Event], day: int, names: Iterable[str],
                       recorded: list[Event]) -> set[str]:
    """The cases open, certainly or possibly, at ``day`` whose steps name no
    side at all: a filter on the parties ``names`` lists them apart, as
    possibly theirs (none when a name is not declared in ``recorded``, the
    view's events at any certainty: the view has not heard of it yet)."""
    declared = {e.entity for e in recorded
                if isinstance(e, (PersonDeclared, OrganizationDeclared))}
    names = list(names)
    if not names or not set(names) <= declared:
        return set()
    out = set()
    for case in {e.case for e in facts if isinstance(e, LawsuitEvent)}:
        if sides(facts, case) == (set(), set()):
            statuses = case_statuses(facts, case, day)
            if statuses is not None and "open" in statuses:
                out.add(case)
    return out


def answers(facts: list[Event], case: str) -> str | None:
    """The case this one is a counterclaim in: what its filing says."""
    for e in facts:
        if isinstance(e, LawsuitFiled) and e.case == case:
            return e.answers
    return None


def counterclaims(facts: list[Event], case: str, day: int | None = None) -> list[str]:
    """The cases whose filing answers ``case``; with ``day``, only those
    filed certainly or possibly by then (a case at a date shows the later
    ones apart)."""
    return sorted({e.case for e in facts if isinstance(e, LawsuitFiled) and e.answers == case
                   and (day is None or e.valid.first <= day)})


def later_counterclaims(facts: list[Event], case: str, day: int) -> list[str]:
    """The cases whose filing answers ``case``, filed certainly after ``day``."""
    return sorted(set(counterclaims(facts, case)) - set(counterclaims(facts, case, day)))


# -- organisations -----------------------------------------------------------------


Total = tuple[Decimal, "Decimal | None", bool, str]
"""(least, most or None when unbounded, approximate, what the figure says:
exact, at least, more than, at most, less than or between)."""


def _ends(money: Money) -> tuple[Decimal, Decimal | None]:
    """The least and most a reported amount allows, read from its bound."""
    bound = money.bound.value
    if bound in ("at least", "more than"):
        return money.amount, None
    if bound in ("at most", "less than"):
        return Decimal(0), money.amount
    if bound == "between":
        return money.amount, money.upper
    return money.amount, money.amount


def _sums(amounts: list[Money]) -> dict[str, Total]:
    """Each currency's sum: the sums of the least and the most each amount allows."""
    totals: dict[str, Total] = {}
    for currency in {m.currency for m in amounts}:
        mine = [m for m in amounts if m.currency == currency]
        ends = [_ends(m) for m in mine]
        low = sum((e[0] for e in ends), Decimal(0))
        highs = [e[1] for e in ends]
        high = None if None in highs else sum((h for h in highs if h is not None), Decimal(0))
        bounds = {m.bound.value for m in mine}
        if high is None:
            says = "more than" if "more than" in bounds else "at least"
        elif low == high:
            says = "exact"
        elif low == 0:
            says = "less than" if "less than" in bounds else "at most"
        else:
            says = "between"
        totals[currency] = (low, high, any(m.approximate for m in mine), says)
    return totals


def total_of(money: Money) -> Total:
    """What an answer's total says, in the oracle's terms."""
    low, high = _ends(money)
    return low, high, money.approximate, money.bound.value


def raised(facts: list[Event], org: str, day: int) -> dict[str, Total]:
    """Amounts of the rounds certainly raised by ``day``: their whole date is by then."""
    return _sums([e.amount for e in facts if isinstance(e, FundingRound) and e.org == org
                  and e.valid.last <= day and e.amount is not None])


def possibly_raised(facts: list[Event], org: str, day: int) -> dict[str, Total]:
    """Amounts of the rounds possibly raised by ``day``: their date covers it."""
    return _sums([e.amount for e in facts if isinstance(e, FundingRound) and e.org == org
                  and e.amount is not None and e.valid.first <= day < e.valid.last])


def committed(facts: list[Event], org: str, day: int) -> list[tuple[object, ...]]:
    """(round, commitment, round certainly by day, overdue, possibly paid by) for
    each commitment of a round dated possibly by ``day`` that the tranches
    certainly by then have not paid: each tranche, in date order, pays the
    commitment of its amount, else the first one unpaid."""
    rounds = [e for e in facts if isinstance(e, FundingRound) and e.org == org
              and e.valid.first <= day]
    found = []
    for r in sorted(rounds, key=_order):
        tranches = sorted((t for t in rounds if t.tranche_of == r.id), key=_order)
        maybe = [t.id for t in tranches if t.valid.last > day]
        unpaid = list(range(len(r.commitments)))
        partly: dict[int, list[Event]] = {}
        for t in (t for t in tranches if t.valid.last <= day):
            match = [i for i in unpaid if r.commitments[i].amount == t.amount]
            if match:
                unpaid.remove(match[0])
            elif unpaid:
                first = unpaid[0]
                if t.amount is None:  # a tranche of untold amount pays the first unpaid
                    unpaid.remove(first)
                    continue
                # else a part of it: paid once the parts' least covers the most owed
                partly.setdefault(first, []).append(t)
                owed = r.commitments[first].amount
                amounts = [p.amount for p in partly[first]]  # type: ignore[attr-defined]
                most = _ends(owed)[1]
                if most is not None and all(a is not None and a.currency == owed.currency
                                            for a in amounts) and sum(
                        _ends(a)[0] for a in amounts) >= most:
                    unpaid.remove(first)
        for i in unpaid:
            commitment = r.commitments[i]
            overdue = commitment.by is not None and commitment.by.last < day
            found.append((r.id, str(commitment), r.valid.last <= day, overdue, maybe,
                          [p.id for p in partly.get(i, [])]))
    return found


def _valuation_events(facts: list[Event], org: str) -> list[Event]:
    return [e for e in facts if isinstance(e, (FundingRound, ValuationReported))
            and e.org == org and e.valuation is not None]


def _order(e: Event) -> tuple[int, int, str]:
    return (e.valid.last, e.valid.first, e.id)


def _valuation(facts: list[Event], org: str, day: int, e: Event) -> tuple[object, ...]:
    """(money, date, event, certainly stated by day, later rounds, possibly later rounds)."""
    silent = [r for r in facts if isinstance(r, FundingRound) and r.org == org
              and r.valuation is None]
    surely = [r for r in silent if r.valid.first > e.valid.last and r.valid.last <= day]
    maybe = [r for r in silent if r.valid.last > e.valid.first and r.valid.first <= day
             and r not in surely]
    return (
        str(e.valuation), str(e.valid), e.id, e.valid.last <= day,  # type: ignore[attr-defined]
        [r.id for r in sorted(surely, key=_order)], [r.id for r in sorted(maybe, key=_order)],
    )


def valuations(
    facts: list[Event], org: str, day: int
) -> tuple[tuple[object, ...] | None, list[tuple[object, ...]]]:
    """The valuation shown at ``day`` and, apart, those that may be later.

    Shown: of the valuations whose whole date is by ``day``, the one no
    other comes after (by last day, then first day, then event id). Apart:
    every other valuation whose date starts by ``day`` and whose last day is
    after the shown one's first (so it may be later), or all of them when
    none is certain.
    """
    stated = _valuation_events(facts, org)
    certain = [e for e in stated if e.valid.last <= day]
    shown = None
    for e in certain:
        if not any(_order(o) > _order(e) for o in certain):
            shown = e
    later = [
        e for e in stated if e is not shown and e.valid.first <= day
        and (shown is None or e.valid.last > shown.valid.first)
    ]
    return (
        _valuation(facts, org, day, shown) if shown is not None else None,
        [_valuation(facts, org, day, e) for e in sorted(later, key=_order)],
    )


def ordinal(value: dt.date) -> int:
    return value.toordinal()


# -- names --------------------------------------------------------------------------


def _declaration(facts: list[Event], entity: str) -> PersonDeclared | OrganizationDeclared | None:
    for event in facts:
        if isinstance(event, (PersonDeclared, OrganizationDeclared)) and event.entity == entity:
            return event
    return None


def _name_facts(facts: list[Event], entity: str) -> list[Event]:
    return [
        e for e in facts
        if (isinstance(e, (PersonDeclared, OrganizationDeclared, AliasAdded, Renamed))
            and e.entity == entity) or (isinstance(e, Founded) and e.org == entity)
    ]


def bears(facts: list[Event], entity: str, key: str, day: int) -> tuple[bool, bool]:
    """Whether ``entity`` certainly, and possibly, bore the folded name ``key``
    at the end of ``day``: a day-by-day reading of DESIGN's names."""
    declaration = _declaration(facts, entity)
    assert declaration is not None
    mine = _name_facts(facts, entity)
    foundings = [e for e in mine if isinstance(e, Founded)]
    if foundings:  # a founding starts it; the declaration's date does not
        exists = any(f.valid.last <= day for f in foundings)
        may_exist = any(f.valid.first <= day for f in foundings)
    else:  # it existed by its declaration's date, and maybe long before
        exists, may_exist = declaration.valid.last <= day, True
    aliases = [*declaration.aliases, *(e.alias for e in mine if isinstance(e, AliasAdded))]
    if key in {fold_name(a) for a in aliases}:
        return exists, may_exist
    renames = sorted((e for e in mine if isinstance(e, Renamed)),
                     key=lambda e: (e.valid.first, e.valid.last, e.id))
    names = [declaration.name, *(r.name for r in renames)]
    # the renames certainly done and possibly done by the day, in their order
    done = max([0, *(i + 1 for i, r in enumerate(renames) if r.valid.last <= day)])
    begun = max([0, *(i + 1 for i, r in enumerate(renames) if r.valid.first <= day)])
    certain = done == begun and fold_name(names[done]) == key
    possible = any(fold_name(names[i]) == key for i in range(done, begun + 1))
    return certain and exists, possible and may_exist


def resolve(
    facts: list[Event], name: str, lo: int | None, hi: int | None, *, today: int,
    kind: str | None = None,
) -> tuple[str, object]:
    """What ``name`` means over ``[lo, hi]`` (no date: ``lo`` None), naively:
    ``("entity", id)``, ``("ambiguous", ids)`` or ``("unknown", None)``.

    Checks every day where some candidate's bearing can change, around every
    date of their name events and foundings, and the query's own days.
    """
    declared = {}
    for event in facts:
        if isinstance(event, (PersonDeclared, OrganizationDeclared)):
            declared[event.entity] = (
                "person" if isinstance(event, PersonDeclared) else "organization"
            )
    declared = {e: k for e, k in declared.items() if kind is None or k == kind}
    if name in declared:
        return "entity", name
    key = fold_name(name)
    answering = sorted(
        e for e in declared
        if any(fold_name(n) == key for ev in _name_facts(facts, e) for n in _names_of(ev))
    )
    if not answering:
        by_id = sorted(e for e in declared if fold_name(e) == key)
        if not by_id:
            return "unknown", None
        return ("entity", by_id[0]) if len(by_id) == 1 else ("ambiguous", tuple(by_id))
    if len(answering) == 1:
        return "entity", answering[0]
    if lo is None or hi is None:
        now = [e for e in answering if bears(facts, e, key, today)[0]]
        return ("entity", now[0]) if len(now) == 1 else ("ambiguous", tuple(answering))
    edges = {lo, hi}
    for e in answering:
        for event in _name_facts(facts, e):
            for x in (event.valid.first, event.valid.last):
                edges.update((x - 1, x, x + 1))
    inside = sorted(x for x in edges if lo <= x <= hi)
    certain = [e for e in answering if any(bears(facts, e, key, x)[0] for x in inside)]
    if certain:
        return ("entity", certain[0]) if len(certain) == 1 else ("ambiguous", tuple(certain))
    pool = [e for e in answering if any(bears(facts, e, key, x)[1] for x in inside)]
    pool = pool or answering
    if len(pool) == 1:
        return "entity", pool[0]
    far = 10**12
    distance = {
        e: min((max(lo - x, x - hi, 0) for x in edges if bears(facts, e, key, x)[0]),
               default=far)
        for e in pool
    }
    best = [e for e in pool if distance[e] == min(distance.values())]
    return ("entity", best[0]) if len(best) == 1 else ("ambiguous", tuple(best))


def _names_of(event: Event) -> tuple[str, ...]:
    if isinstance(event, (PersonDeclared, OrganizationDeclared)):
        return (event.name, *event.aliases)
    if isinstance(event, AliasAdded):
        return (event.alias,)
    if isinstance(event, Renamed):
        return (event.name,)
    return ()


# -- flows ------------------------------------------------------------------------

INFERENCE_GAP = 365  # days: docs/concepts.md, "Where people went"


def _within(valid: object, first: int, last: int) -> str | None:
    """'certain' when the date's days all lie in [first, last], 'possible'
    when they only overlap it, None when they miss it."""
    lo, hi = valid.first, valid.last  # type: ignore[attr-defined]
    if hi < first or lo > last:
        return None
    return "certain" if first <= lo and hi <= last else "possible"


def _all_tenures(facts: list[Event], people: Iterable[str], orgs: Iterable[str]
                 ) -> dict[tuple[str, str], list[dict[str, object]]]:
    return {(p, o): tenures(facts, p, o) for p in people for o in orgs}


def _went(facts: list[Event], held: dict[tuple[str, str], list[dict[str, object]]],
          person: str, org: str, left: Left, *, first: int, last: int,
          ) -> tuple[str | None, bool, str | None, str | None]:
    """Where a departure went, asked in the window [first, last] (only its
    days in the window count): (destination, inferred, next start, next
    start's id)."""
    if left.destination is not None:
        return left.destination, False, None, None
    days = range(max(left.valid.first, first), min(left.valid.last, last) + 1)
    if not days:
        return None, False, None, None
    later = []
    for (p, o), spells in held.items():
        if p != person or o == org:
            continue
        for t in spells:
            start, end, steps = t["start"], t["end"], t["steps"]
            if start is None and steps and isinstance(steps[0], Observed):  # type: ignore[index]
                # nobody reported it begun: the person first seen there
                start = steps[0]  # type: ignore[index]
            if start is not None and start.valid.last >= days[0]:  # type: ignore[attr-defined]
                hi = end.valid.last if end is not None else FOREVER  # type: ignore[attr-defined]
                later.append((start.valid.first, hi, o, start))  # type: ignore[attr-defined]
    if not later:
        return None, False, None, None
    _, _, o, start = min(later, key=lambda c: c[:3])
    if start.valid.first > days[-1] + INFERENCE_GAP:
        return None, False, None, None
    foundings = [e.valid.first for e in facts if isinstance(e, Founded) and e.org == o]
    if foundings and min(foundings) > days[-1]:
        return None, False, None, None
    return o, True, str(start.valid), start.id


def flows(
    facts: list[Event], people: Sequence[str], orgs: Sequence[str], first: int, last: int, *,
    source: str | None = None, destination: str | None = None,
) -> dict[str, set[tuple[object, ...]]]:
    """Departures and alumni foundings certainly and possibly in [first, last]:
    {'certain': ..., 'possible': ..., 'founded': ..., 'possibly founded': ...}."""
    held = _all_tenures(facts, people, orgs)
    out: dict[str, set[tuple[object, ...]]] = {
        "certain": set(), "possible": set(), "founded": set(), "possibly founded": set()}
    for (person, org), spells in held.items():
        if source is not None and org != source:
            continue
        for t in spells:
            left = t["end"]
            if left is None:
                continue
            assert isinstance(left, Left)
            kind = _within(left.valid, first, last)
            went, inferred, since, since_id = _went(facts, held, person, org, left,
                                                    first=first, last=last)
            if kind is None or (destination is not None and went != destination):
                continue
            evidence = (left.id, since_id) if inferred else (left.id,)
            out[kind].add((person, org, str(left.valid), went, inferred, since, evidence))
    for e in facts:
        if not isinstance(e, Founded) or (destination is not None and e.org != destination):
            continue
        kind = _within(e.valid, first, last)
        if kind is None:
            continue
        for founder in e.founders:
            for org in orgs:
                if org == e.org or (source is not None and org != source):
                    continue
                # one row per founder and organisation: the last stint that
                # may have ended by the founding is its evidence
                ends = [t["end"] for t in held.get((founder, org), [])
                        if t["end"] is not None
                        and t["end"].valid.first <= e.valid.last]  # type: ignore[attr-defined]
                if ends:
                    end = max(ends, key=lambda x: (x.valid.first, x.valid.last, x.id))  # type: ignore[attr-defined]
                    out["founded" if kind == "certain" else "possibly founded"].add(
                        (founder, e.org, org, str(e.valid), (e.id, end.id)))  # type: ignore[attr-defined]
    return out


def deals(facts: list[Event], org: str, day: int) -> list[str]:
    """The ids of the deals ``org`` is a side of, begun by ``day``, by date."""
    found = [e for e in facts if isinstance(e, Deal) and org in (e.org, e.target)
             and e.valid.first <= day]
    return [e.id for e in sorted(found, key=lambda e: (e.valid.first, e.valid.last, e.id))]


def rolled_flows(
    facts: list[Event], people: Sequence[str], orgs: Sequence[str], first: int, last: int, *,
    source: str | None, destination: str | None,
) -> dict[str, set[tuple[object, ...]]]:
    """Flows with ``source`` and ``destination`` each standing for itself and
    every organisation inside it: from every departure and founding
    anywhere, read each tree on every day of the row's date within the
    window (a unit counts certainly when it is certainly inside on all of
    them, possibly when on some); keep the rows out of the source's tree and
    into the destination's; a move within either tree is none, one only
    possibly within, out of or into it only possible."""
    every = flows(facts, people, orgs, first, last)
    cache: dict[tuple[str, int], dict[str, bool]] = {}

    def tree(org: str | None, date: str) -> dict[str, bool] | None:
        if org is None:
            return None
        valid = ValidDate.parse(date)
        days = range(max(valid.first, first), min(valid.last, last) + 1)
        for on in days:
            if (org, on) not in cache:
                cache[org, on] = {org: True} | units(facts, org, orgs, on)
        seen = {u for on in days for u in cache[org, on]}
        return {u: all(cache[org, on].get(u) is True for on in days) for u in seen}

    def classify(frm: object, to: object, date: str) -> bool | None:
        src, dst = tree(source, date), tree(destination, date)
        out_of = True if src is None else src.get(frm)  # type: ignore[call-overload]
        into = True if dst is None else (dst.get(to) if to else None)  # type: ignore[call-overload]
        within_src = None if src is None or to is None else src.get(to)  # type: ignore[call-overload]
        within_dst = None if dst is None else dst.get(frm)  # type: ignore[call-overload]
        if out_of is None or into is None or within_src is True or within_dst is True:
            return None
        return out_of and into and within_src is None and within_dst is None

    out: dict[str, set[tuple[object, ...]]] = {k: set() for k in every}
    for label in ("certain", "possible"):
        for row in every[label]:
            _, org, date, went = row[:4]
            kept = classify(org, went, date)  # type: ignore[arg-type]
            if kept is not None:
                out["certain" if label == "certain" and kept else "possible"].add(row)
    for label in ("founded", "possibly founded"):
        for row in every[label]:
            _, made, alumni, date = row[:4]
            kept = classify(alumni, made, date)  # type: ignore[arg-type]
            if kept is not None:
                out["founded" if label == "founded" and kept else "possibly founded"].add(row)
    # one founding row per founder and organisation: the least by date, then
    # alumni organisation and evidence; a certain row over a possible one
    best: dict[tuple[object, object], tuple[object, ...]] = {}
    for label in ("founded", "possibly founded"):
        for row in sorted(out[label], key=lambda r: (ValidDate.parse(r[3]).first, r[1], r[0],
                                                     r[2], r[4])):  # type: ignore[arg-type]
            best.setdefault((row[0], row[1]), row)
    for label in ("founded", "possibly founded"):
        out[label] = {r for r in out[label] if best[r[0], r[1]] is r}
    return out


def passers(facts: list[Event], people: Iterable[str], org: str, start: int, end: int
            ) -> dict[str, set[tuple[object, ...]]]:
    """Tenures at ``org`` certainly, and only possibly, begun and ended after
    the end of day ``start`` and by the end of day ``end``."""
    out: dict[str, set[tuple[object, ...]]] = {"certain": set(), "possible": set()}
    if end <= start:
        return out
    for person in people:
        for t in tenures(facts, person, org):
            began, ended = t["start"], t["end"]
            if ended is None or began is None:  # no start reported: never a passer
                continue
            row = (person, str(began.valid), str(ended.valid))  # type: ignore[attr-defined]
            # the days the tenure may have begun on, and ended on
            b_lo, b_hi = began.valid.first, began.valid.last  # type: ignore[attr-defined]
            e_lo, e_hi = ended.valid.first, ended.valid.last  # type: ignore[attr-defined]
            if start < b_lo and e_hi <= end:
                out["certain"].add(row)
            elif b_hi > start and e_lo <= end and e_hi > start and (
                    max(b_lo, start + 1) <= min(e_hi, end)):
                out["possible"].add(row)
    return out


# -- recorded time ----------------------------------------------------------------


def out_of_recorded_order(events: Sequence[Event], now: int) -> Event | None:
    """The first event a log in this order refuses for its recorded time: one
    recorded before an event earlier in the list, or after ``now`` (DESIGN:
    recorded time never goes backwards). None when every one is in order.

    Events whose id came earlier are repeats the log skips, and are not
    weighed (an identical event appended again is no error)."""
    latest = None
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            continue
        seen.add(event.id)
        when = micros(event)
        if when > now or (latest is not None and when < latest):
            return event
        latest = when
    return None


# -- entities a view has not heard of yet --------------------------------------------


def first_known(events: Sequence[Event], entity: str) -> int | None:
    """When the log first held a declaration of ``entity`` or a founding of it
    (its recorded time), or None when it never did. A view ``known=R`` with R
    before that instant answers a question about the entity with an empty
    answer that says when it was first recorded; a timeline truncated at R has
    never heard of it."""
    times = [micros(e) for e in events
             if (isinstance(e, (PersonDeclared, OrganizationDeclared)) and e.entity == entity)
             or (isinstance(e, Founded) and e.org == entity)]  # a founding starts names too
    return min(times, default=None)


# -- lineage --------------------------------------------------------------------


def lineage(events: Sequence[Event], fact_id: str, known: int) -> list[tuple[object, ...]]:
    """Every version of the fact ``fact_id`` a view ``known`` holds, from the raw log.

    A version is (step, by, event held or None, recorded, source ids,
    superseded or None, superseded by or None): the fact as first recorded,
    then one for each correction aimed at it or at a replacement a correction
    of it made, in the order corrections apply.
    """
    seen = [e for e in events if micros(e) <= known]
    fact = next((e for e in seen if e.id == fact_id and not isinstance(e, Correction)), None)
    if fact is None:
        return []
    fixes = [e for e in seen if isinstance(e, Correction)]
    ids = {fact_id}
    mine: list[Correction] = []
    grew = True
    while grew:
        grew = False
        for fix in fixes:
            if fix.target in ids and all(fix.id != m.id for m in mine):
                mine.append(fix)
                grew = True
                if isinstance(fix, Corrected):
                    ids.add(fix.replacement.id)
                if isinstance(fix, Disputed):
                    ids.add(fix.claim.id)
    pending = sorted(mine, key=lambda e: (micros(e), CORRECTION_RANK[type(e)], e.id))
    claims: list[list[object]] = [[fact, "preferred"]]
    steps: list[tuple[str, Event, Event | None]] = [("recorded", fact, fact)]
    while pending:
        now = [e for e in pending if micros(e) == micros(pending[0])]
        fix = next((e for e in now if any(c[0].id == e.target for c in claims)),  # type: ignore[attr-defined]
                   now[0])
        pending.remove(fix)
        assert claims, "the log was valid: nothing follows a retraction"
        _claims_after(claims, fix)
        steps.append((fix.kind, fix, accepted(claims)))
    rows = []
    for index, (step_, by, event) in enumerate(steps):
        after = steps[index + 1][1] if index + 1 < len(steps) else None
        rows.append((
            step_, by.id, event, micros(by), tuple(s.id for s in by.sources),
            micros(after) if after is not None else None,
            after.id if after is not None else None,
        ))
    return rows


# -- periods --------------------------------------------------------------------
#
# A tenure is lived from a moment on its start's days to a moment on its
# end's days, never after a step's days end nor before they begin. A *world*
# picks those days; a question over a span holds certainly when it holds in
# every world, possibly when in some. The days are enumerated.

FLOOR = dt.date(2010, 1, 1).toordinal()  # generated dates begin in 2018; open starts earlier


def days_of(valid: object, bounds: Iterable[int] = ()) -> list[int]:
    """Every day a date covers. An open start's days before FLOOR answer every
    question here as its first day does, or as one of ``bounds`` (the days
    other events bound it by), so those are left out but these."""
    first, last = valid.first, valid.last  # type: ignore[attr-defined]
    return sorted({first, *range(max(first, FLOOR), last + 1),
                   *(b for b in bounds if first <= b <= last)})


def _bounds(tenure: dict[str, object]) -> list[int]:
    """The first and last days of a tenure's steps and of its founding."""
    steps: list[Event] = tenure["steps"]  # type: ignore[assignment]
    found: tuple[int, int] | None = tenure["found"]  # type: ignore[assignment]
    days = [d for e in steps for d in (e.valid.first, e.valid.last, e.valid.first + 1)]
    return days + (list(found) if found is not None else [])


def start_days(tenure: dict[str, object]) -> list[int]:
    """The days the tenure may have begun on (-FOREVER: long ago, an unknown
    start), never before its organisation's founding may have happened."""
    steps: list[Event] = tenure["steps"]  # type: ignore[assignment]
    start, before = tenure["start"], tenure["before"]
    found: tuple[int, int] | None = tenure["found"]  # type: ignore[assignment]
    floor = found[0] if found is not None else None
    if start is None:
        # an inferred tenure (no steps) began some day before its rehire
        upper = min((e.valid.last for e in steps),  # type: ignore[attr-defined]
                    default=before.valid.last if before is not None else FOREVER)  # type: ignore[attr-defined]
        lowest = [-FOREVER] if floor is None else [floor]
        candidates = sorted({*lowest, *range(max(FLOOR, floor or FLOOR), upper + 1),
                             *(b for b in _bounds(tenure) if lowest[0] <= b <= upper)})
    else:
        candidates = days_of(start.valid, _bounds(tenure))  # type: ignore[attr-defined]
    found_days = [s for s in candidates if all(s <= e.valid.last for e in steps)
                  and (floor is None or s >= floor)]
    assert found_days, tenure
    return found_days


def end_days(tenure: dict[str, object]) -> list[int]:
    """The days the tenure may have ended on (FOREVER: it has not); one that
    ended at an unknown date before a rehire, any day from its last step's
    first day (else its earliest start) to the rehire's last day; one only
    observed, any day after its last observation or never (only the least
    and the greatest are listed: they are all that is asked of them)."""
    steps: list[Event] = tenure["steps"]  # type: ignore[assignment]
    end, before = tenure["end"], tenure["before"]
    def after(s: Event) -> int:
        # observed there at the end of its first day: gone no earlier than the next
        return s.valid.first + 1 if isinstance(s, Observed) else s.valid.first

    if end is None and before is None:
        if steps and all(isinstance(s, Observed) for s in steps):
            # only observed: it may have ended any day after the last observation
            return [max(after(s) for s in steps), FOREVER]
        return [FOREVER]
    if end is not None:
        candidates = days_of(end.valid, _bounds(tenure))  # type: ignore[attr-defined]
    else:
        lowest = max([min(start_days(tenure)), *(after(s) for s in steps)])
        last = before.valid.last  # type: ignore[attr-defined]
        candidates = sorted({lowest, *range(max(lowest, FLOOR), last + 1),
                             *(b for b in _bounds(tenure) if lowest <= b <= last)})
    found = [e for e in candidates if all(e >= after(s) for s in steps)]
    if not found and end is not None:
        # a departure on an observation's own day is accepted (articles
        # describe people on the day they leave): it ended that day
        found = [e for e in candidates if all(e >= s.valid.first for s in steps)]
    assert found, tenure
    return found


def may_have_left_and_returned(facts: list[Event], person: str, org: str, first: int,
                               last: int) -> bool:
    """Whether some tenure of ``person`` at ``org`` may have ended after the
    end of day ``first`` and by the end of ``last`` while another follows it:
    what a diff's "left and returned" row needs."""
    spells = tenures(facts, person, org)
    return len(spells) > 1 and any(
        any(first < day <= last for day in (min(end_days(t)), max(end_days(t))))
        or min(end_days(t)) <= first < last <= max(end_days(t))
        for t in spells[:-1]
    )


def lived_during(tenure: dict[str, object], first: int, last: int) -> str | None:
    """Whether the tenure is lived on some day of ``[first, last]``: certainly,
    possibly, or not."""
    starts, ends = start_days(tenure), end_days(tenure)
    if not any(min(starts) <= d <= max(ends) for d in range(first, last + 1)):
        return None
    # some world lies wholly before the span, or wholly after it
    apart = any(e < first for e in ends) or any(s > last for s in starts)
    return "possible" if apart else "certain"


def during(facts: list[Event], people: Iterable[str], org: str, first: int,
           last: int) -> dict[str, str]:
    """person -> certain/possible: on ``org``'s roster at any time in ``[first, last]``."""
    out = {}
    for person in people:
        found = {lived_during(t, first, last) for t in tenures(facts, person, org)} - {None}
        if found:
            out[person] = "certain" if "certain" in found else "possible"
    return out


def stints_during(facts: list[Event], person: str, org: str, first: int,
                  last: int) -> list[tuple[str | None, str | None]]:
    """(start, end) of every tenure of ``person`` at ``org`` that may touch
    ``[first, last]``, sorted: a roster over the span shows each."""
    found = []
    for t in tenures(facts, person, org):
        if lived_during(t, first, last) is not None:
            start, end = t["start"], t["end"]
            found.append((str(start.valid) if start else None,  # type: ignore[attr-defined]
                          str(end.valid) if end else None))  # type: ignore[attr-defined]
    return sorted(found, key=repr)


def _span(first: int, last: int) -> tuple[int | None, int | None] | None:
    if first > last:
        return None
    return (first if first > -FOREVER else None, last if last < FOREVER else None)


def overlap(facts: list[Event], person: str, other: str,
            orgs: Iterable[str]) -> list[tuple[object, ...]]:
    """(org, certain, certain days, possible days) for every pair of their
    tenures that may share a day; days as ordinals, None unbounded."""
    out = []
    for org in orgs:
        for a in tenures(facts, person, org):
            for b in tenures(facts, other, org):
                sa, ea, sb, eb = start_days(a), end_days(a), start_days(b), end_days(b)
                possible = _span(max(min(sa), min(sb)), min(max(ea), max(eb)))
                if possible is None:
                    continue
                # apart in some pair of worlds: one ends before the other
                # begins, or on the day it begins (the order within a day is
                # unknown: a same-day handover is no sure overlap)
                apart = min(ea) <= max(sb) or min(eb) <= max(sa)
                certain = None if apart else _span(max([*sa, *sb]), min([*ea, *eb]))
                out.append((org, not apart, certain, possible))
    return sorted(out, key=repr)


def lengths(facts: list[Event], person: str, orgs: Iterable[str],
            until: int | None) -> list[tuple[object, ...]]:
    """(org, kind, start, end, shortest, longest) of each tenure of every kind,
    in days, each end no later than ``until``; longest None for an unknown start."""
    rows = []
    for org, kind in ((o, k) for o in orgs for k in KINDS):
        for t in tenures(facts, person, org, kind):
            starts = start_days(t)
            ends = [min(e, until) if until is not None else e for e in end_days(t)]
            if max(ends) >= FOREVER:
                continue
            shortest = max(0, min(ends) - max(starts))
            longest = None if min(starts) == -FOREVER else max(0, max(ends) - min(starts))
            start, end = t["start"], t["end"]
            rows.append((org, kind,
                         str(start.valid) if start else None,  # type: ignore[attr-defined]
                         str(end.valid) if end else None,  # type: ignore[attr-defined]
                         shortest, longest))
    return sorted(rows, key=repr)


# -- the publication axis ---------------------------------------------------------


def published_events(events: Sequence[Event], published: dt.datetime,
                     known: dt.datetime | None = None) -> list[Event]:
    """The events of a view as published by ``published`` (an aware instant),
    as known at ``known`` (None: everything), in log order, straight from
    docs/concepts.md ("Two recorded axes"): each source's date is its
    citation's, or the latest PublicationCorrected about it recorded by
    ``known``; an event counts from its earliest source (from its recorded
    time for a source without a date); declarations always count; a
    correction counts once its target is in; a citation, confirmation or
    replacement that counts brings the fact it is aimed at in."""
    def recorded_by_then(event: Event) -> bool:
        return known is None or (event.recorded is not None and event.recorded <= known)

    fixed: dict[str, dt.datetime] = {}
    for event in events:
        if isinstance(event, PublicationCorrected) and recorded_by_then(event):
            fixed[event.source] = event.published

    def out(event: Event) -> bool:
        dates = []
        for source in event.sources:
            date = fixed.get(source.id, source.published)
            dates.append(date if date is not None else event.recorded)
        return min(dates) <= published

    facts = {e.id for e in events if not isinstance(e, Correction)}
    brought = {
        e.target for e in events
        if isinstance(e, (Cited, Confirmed, Corrected)) and recorded_by_then(e) and out(e)
    }
    keep = {
        e.id for e in events
        if isinstance(e, (PersonDeclared, OrganizationDeclared))
        or (e.id in facts and (out(e) or e.id in brought))
    }
    ids_in_view = set(keep)
    changed = True
    while changed:
        changed = False
        for e in events:
            if (isinstance(e, Correction) and e.id not in keep and out(e)
                    and e.target in ids_in_view):
                keep.add(e.id)
                ids_in_view.add(e.id)
                if isinstance(e, Corrected):
                    ids_in_view.add(e.replacement.id)
                changed = True
    return [e for e in events if e.id in keep]


# -- membership in dispute -------------------------------------------------------


def contested(events: Sequence[Event], known: int, level: int, people: Iterable[str], *,
              org: str, day: int) -> set[tuple[str, str, str | None, str | None]]:
    """(person, claim id, membership by the accepted claims, membership were
    that claim right instead): for every claim a view counts (not deprecated,
    at or above its level) that is not its fact's accepted claim, where the
    roster of ``org`` at ``day`` would differ for that person."""
    facts = effective(events, known, level)
    people = list(people)
    base = roster(facts, people, org, day)
    out = set()
    for claims in held_claims(events, known).values():
        chosen = accepted(claims)
        if chosen is None or len(claims) < 2:
            continue
        # tried even when the view leaves the accepted claim out for its certainty
        for event, rank in claims:
            assert isinstance(event, Event)
            if event is chosen or rank == "deprecated" or event.certainty.rank < level:
                continue
            other = Facts(f for f in facts if f.id != chosen.id)
            other.append(event)
            other.wider = [f for f in facts.wider if f.id != chosen.id]
            instead = roster(other, people, org, day)
            for person in people:
                was = base[person][0] if person in base else None
                now = instead[person][0] if person in instead else None
                if was != now:
                    out.add((person, event.id, was, now))  # type: ignore[arg-type]
    return out


# -- plans ---------------------------------------------------------------------------


def _planned(e: Event) -> Event | None:
    if isinstance(e, Planned):
        return e.plan
    if e.announced is not None and e.announced.last < e.valid.first:
        return e
    return None


def _same_subject(a: Event, b: Event) -> bool:
    if isinstance(a, TenureEvent) or isinstance(b, TenureEvent):
        return (isinstance(a, TenureEvent) and isinstance(b, TenureEvent)
                and (a.person, a.org, a.affiliation, a.step)
                == (b.person, b.org, b.affiliation, b.step))
    return a.kind == b.kind and a.about() == b.about()


def plans(facts: list[Event], entity: str, day: int) -> dict[str, tuple[object, ...]]:
    """plan id -> (status, inferred, by, planned for, certainly announced,
    possibly changed by) of each plan about ``entity`` announced possibly by
    ``day``: fulfilled or cancelled by the latest step certainly by then,
    else planned (for the latest move's date), overdue once that is over."""
    out: dict[str, tuple[object, ...]] = {}
    for e in facts:
        planned = _planned(e)
        if planned is None or entity not in e.about():
            continue
        said = e.valid if isinstance(e, Planned) else e.announced
        if said.first > day:
            continue
        steps: list[tuple[Event, str, bool]] = []
        if planned is e:
            steps.append((e, "fulfilled", False))
        ids = {e.id, planned.id}
        for o in facts:
            if isinstance(o, PlanCancelled) and o.plan in ids:
                steps.append((o, "cancelled", False))
            elif isinstance(o, PlanMoved) and o.plan in ids:
                steps.append((o, "moved", False))
            elif o.fulfills in ids and not isinstance(o, Planned):
                steps.append((o, "fulfilled", False))
            elif (planned is not e and o.fulfills is None and not isinstance(o, Planned)
                  and o is not e and _same_subject(o, planned)
                  and o.valid.last >= said.first):
                steps.append((o, "fulfilled", True))
        done = [s for s in steps if s[0].valid.last <= day and s[1] != "moved"]
        moves = [s[0] for s in steps if s[0].valid.last <= day and s[1] == "moved"]
        maybe = sorted({s[0].id for s in steps if s[0].valid.first <= day < s[0].valid.last})
        when = max(moves, key=_order).to if moves else planned.valid  # type: ignore[attr-defined]
        if done:
            last = max(done, key=lambda s: (s[0].valid.last, s[0].valid.first,
                                            s[1] == "fulfilled", s[0].id))
            out[e.id] = (last[1], last[2], last[0].id, str(when), said.last <= day, maybe)
        else:
            status = "overdue" if when.last < day else "planned"
            out[e.id] = (status, False, None, str(when), said.last <= day, maybe)
    return out


# -- reported figures ------------------------------------------------------------------


def series_at(facts: list[Event], org: str, day: int) -> tuple[dict[str, str], list[str]]:
    """measure -> the event of the value for the latest period certainly over by
    ``day`` (latest by last day, then first day, then id), and the events of
    the values whose periods cover ``day``."""
    figures = [e for e in facts if isinstance(e, FigureReported) and e.org == org]
    latest: dict[str, Event] = {}
    for e in figures:
        if e.valid.last <= day:
            held = latest.get(e.measure)
            if held is None or _order(e) > _order(held):
                latest[e.measure] = e
    maybe = sorted(e.id for e in figures if e.valid.first <= day < e.valid.last)
    return {m: e.id for m, e in latest.items()}, maybe
