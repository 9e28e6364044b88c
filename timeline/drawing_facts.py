"""The single facts histories are drawn from: steps of tenures, foundings,
money, lawsuits, plans, observations, corrections and spin-outs, each as
news gives them (see :mod:`timeline.testing`, whose strategies compose them).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st

from timeline.drawing import (
    EPOCH,
    FLOOR_DAY,
    ROLES,
    _departure_dates,
    _none_or,
    _sampled,
    around,
    certainties,
    cited_sources,
    money,
    recorded_times,
    valid_dates,
)
from timeline.model.affiliations import Affiliation
from timeline.model.catalog import (
    Announced,
    Cited,
    Commitment,
    Confirmed,
    Corrected,
    Correction,
    Deal,
    DealKind,
    Disputed,
    FigureReported,
    Founded,
    FounderAdded,
    FundingRound,
    Joined,
    LawsuitDismissed,
    LawsuitEvent,
    LawsuitFiled,
    LawsuitJudged,
    LawsuitMotion,
    LawsuitRefiled,
    LawsuitRuling,
    LawsuitSettled,
    LawsuitWithdrawn,
    LeaveEnded,
    LeaveStarted,
    Left,
    Observed,
    OrganizationPlaced,
    Outcome,
    PlanCancelled,
    PlanMoved,
    Planned,
    Ranked,
    Reason,
    Rehired,
    Renamed,
    Retracted,
    RoleChanged,
    TenureEvent,
    ValuationReported,
)
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.errors import TimelineError
from timeline.model.events import Event
from timeline.model.figures import Figure
from timeline.model.money import Money
from timeline.model.ranks import Rank
from timeline.timeline import Timeline

__all__ = ["correction", "fact", "observations", "spinout", "stints", "valid_log"]


_CASES = ("case-1", "case-2", "case-3")
_COURTS = ("Superior Court of California", "N.D. Cal.")
_STEPS = frozenset({"left", "role", "leave-start", "leave-end"})
_KINDS = (
    "joined", "joined", "left", "left", "rehired", "rehired", "role", "leave-start",
    "leave-end", "founded", "founder-added", "funding", "funding", "funding", "valuation",
    "announced", "filed", "withdrawn", "refiled", "settled", "dismissed", "counterclaim",
    "counterclaim", "motion", "ruling", "judged", "renamed", "planned", "planned", "figure",
    "plan-cancelled", "plan-moved", "deal", "deal", "placed",
)
# mostly employment; a board seat, an advisor, a founder only now and then
_AFFILIATIONS = (Affiliation.EMPLOYEE,) * 5 + (
    Affiliation.BOARD, Affiliation.ADVISOR, Affiliation.FOUNDER)


@st.composite
def fact(
    draw: st.DrawFn, index: int, people: Sequence[str], organizations: Sequence[str],
    recorded_pool: int, *, started: Sequence[tuple[str, str, int, Affiliation]] = (),
    foundings: dict[str, ValidDate] | None = None,
) -> Event:
    recorded = draw(recorded_times(recorded_pool))
    common: dict[str, Any] = {
        "id": f"e{index}",
        "valid": draw(valid_dates()),
        "sources": (draw(cited_sources(recorded)),),
        "certainty": draw(certainties()),
        "recorded": recorded,
    }
    person = draw(_sampled(tuple(people)))
    org = draw(_sampled(tuple(organizations)))
    others = [o for o in organizations if o != org]
    kind = draw(_sampled(_KINDS))
    affiliation = draw(_sampled(_AFFILIATIONS))
    if kind in ("left", "founded"):
        common["valid"] = draw(_departure_dates())
    # an organisation's foundings share its founding date, and its people's
    # steps are sometimes dated around it: just before, within, just after
    if foundings is not None and kind in ("founded", "founder-added") and draw(st.booleans()):
        common["valid"] = foundings[org]
    elif (foundings is not None and kind in ("joined", "left", "rehired", "role")
          and draw(st.integers(0, 3)) == 0):
        common["valid"] = draw(around(foundings[org]))
    if started and kind in _STEPS and draw(st.booleans()):
        # a step of a tenure already begun, dated from its start's year on:
        # role changes and leaves whose imprecise dates fall inside a tenure
        person, org, year, affiliation = draw(st.sampled_from(list(started)))
        others = [o for o in organizations if o != org]
        common["valid"] = draw(valid_dates(min(year, 2024)))
    role = draw(_sampled(ROLES))
    case = draw(_sampled(_CASES))
    seat: dict[str, Any] = {"person": person, "org": org, "affiliation": affiliation}
    if index and kind in ("joined", "left", "role") and draw(st.integers(0, 5)) == 0:
        # a plan, or the event it planned, by id (or neither, as a careless importer's)
        common["fulfills"] = f"e{draw(st.integers(0, index - 1))}" + draw(
            st.sampled_from(("", "-plan")))
    if kind == "joined":
        return Joined(role=role, **seat, **common)
    if kind == "rehired":
        return Rehired(role=role, **seat, **common)
    if kind == "left":
        destination = draw(_none_or(tuple(others))) if others else None
        reason = draw(_sampled(tuple(Reason)))
        return Left(reason=reason, destination=destination, **seat, **common)
    if kind == "role":
        return RoleChanged(role=role, **seat, **common)
    if kind == "leave-start":
        return LeaveStarted(**seat, **common)
    if kind == "leave-end":
        return LeaveEnded(**seat, **common)
    if kind == "founded":
        # founders work there unless the founding says otherwise: most do
        founders = draw(st.lists(_sampled(tuple(people)), min_size=1, max_size=2,
                                 unique=True))
        employees = draw(st.sampled_from((founders, founders, founders[1:], [])))
        return Founded(org=org, founders=tuple(founders), employees=tuple(employees),
                       **common)
    if kind == "founder-added":
        return FounderAdded(org=org, person=person, employee=draw(st.booleans()), **common)
    if kind in ("funding", "valuation"):
        # money mostly at one organisation, so that rounds follow valuations
        org = draw(_sampled((organizations[0], organizations[0], org)))
        amount = draw(money())
        if kind == "valuation":
            return ValuationReported(org=org, valuation=amount, **common)
        valuation = (Money(amount.amount * 10, amount.currency) if draw(st.booleans()) else None)
        return FundingRound(org=org, amount=draw(st.none() | st.just(amount)),
                            valuation=valuation, **draw(tranches(index)), **common)
    if kind == "figure":  # sizes and users, as reporting gives them, for a period
        amount = draw(money(("USD",)))
        value = Figure(amount.amount, draw(_sampled(("employees", "users"))),
                       bound=amount.bound, upper=amount.upper, approximate=amount.approximate)
        return FigureReported(org=org, measure=draw(_sampled(("employees", "weekly users"))),
                              value=value, **common)
    if kind == "announced":
        return Announced(org=org, title=f"product {index}", **common)
    if kind in ("deal", "placed"):  # with one organisation, a join instead
        if not others:
            return Joined(role=role, **seat, **common)
        return draw(organisations_deal(kind, seat, people=people, others=others, common=common))
    if kind in ("planned", "plan-cancelled", "plan-moved"):
        return draw(plans(kind, index, seat, common))
    if kind == "renamed":  # often to another organisation's name
        name = draw(_sampled((*(o.title() for o in organizations), "Initrode")))
        return Renamed(entity=org, name=name, **common)
    return draw(lawsuit_step(kind, index, case=case, sides=(person, org), common=common))


@st.composite
def organisations_deal(draw: st.DrawFn, kind: str, seat: dict[str, Any], *,
                       people: Sequence[str], others: Sequence[str],
                       common: dict[str, Any]) -> Event:
    """A deal between two organisations (moving the drawn person and
    perhaps another), or an organisation placed inside another or in none."""
    org, person = seat["org"], seat["person"]
    other = draw(_sampled(tuple(others)))
    if kind == "placed":
        return OrganizationPlaced(org=org, parent=draw(st.sampled_from((other, other, None))),
                                  **common)
    deal = draw(_sampled(tuple(DealKind)))
    moved = draw(st.sampled_from(((person,), (), tuple(dict.fromkeys((person, people[0]))))))
    stake = draw(st.sampled_from(("49%", "about 20%", None))) if deal is DealKind.STAKE else None
    roles = {moved[0]: "chief executive"} if moved and draw(st.booleans()) else {}
    return Deal(org=other, target=org, deal=deal, people=moved, stake=stake, roles=roles,
                voting=draw(st.sampled_from((None, False, True))),
                amount=draw(st.none() | money()), **common)


@st.composite
def lawsuit_step(draw: st.DrawFn, kind: str, index: int, *, case: str,
                 sides: tuple[str, str], common: dict[str, Any]) -> Event:
    """A step of a lawsuit between a person and an organisation: filings in one
    court or another, counterclaims, motions and rulings, closings, judgments."""
    person, org = sides
    parties: dict[str, Any] = {"plaintiffs": (person,), "defendants": (org,)}
    court = draw(_none_or(_COURTS))
    if kind == "filed":
        return LawsuitFiled(case=case, claims=("breach",), court=court, **parties, **common)
    if kind == "counterclaim":
        # the organisation sued back: its own case, answering one of the others
        return LawsuitFiled(case="case-3", plaintiffs=(org,), defendants=(person,),
                            answers="case-1" if case == "case-3" else case,
                            claims=("abuse of process",), **common)
    if kind == "refiled":  # often in another court
        return LawsuitRefiled(case=case, court=court, **common)
    if kind == "dismissed":
        return LawsuitDismissed(case=case, court=court,
                                with_prejudice=draw(st.none() | st.booleans()), **common)
    if kind == "motion":
        return LawsuitMotion(case=case, motion="motion to dismiss", movants=(org,), **common)
    if kind == "ruling":
        return LawsuitRuling(case=case, outcome=draw(_sampled(tuple(Outcome))), court=court,
                             on=f"e{draw(st.integers(0, index))}", **common)
    if kind == "judged":
        return LawsuitJudged(case=case, winners=(draw(_sampled((person, org))),), court=court,
                             **parties, **common)
    step: type[LawsuitEvent] = {
        "withdrawn": LawsuitWithdrawn, "settled": LawsuitSettled,
    }[kind]
    return step(case=case, **common)


@st.composite
def plans(draw: st.DrawFn, kind: str, index: int, seat: dict[str, Any],
           common: dict[str, Any]) -> Event:
    """A plan announced for a later date ("will join in September"), or a
    cancellation or move of an earlier event (a plan, or not one at all,
    as a careless importer's would be)."""
    if kind == "planned" or not index:
        when = draw(valid_dates())
        if when.last < common["valid"].first:  # a plan is for after its announcement
            when = common["valid"]
        step = draw(_sampled(("joined", "left", "role")))
        inner: dict[str, Any] = {"id": f"{common['id']}-plan", "valid": when,
                                 "sources": common["sources"], **seat}
        plan: Event = (Joined(role=draw(_sampled(ROLES)), **inner) if step == "joined"
                       else Left(**inner) if step == "left"
                       else RoleChanged(role=draw(_sampled(ROLES)), **inner))
        return Planned(plan=plan, **common)
    target = f"e{draw(st.integers(0, index - 1))}"
    if kind == "plan-cancelled":
        return PlanCancelled(plan=target, **common)
    return PlanMoved(plan=target, to=draw(valid_dates()), **common)


@st.composite
def tranches(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """Now and then commitments still to be paid ("$30B by year end"), or a
    tranche paying those of an earlier round (an earlier event id: it may be
    a round of another organisation, or no round at all, as a careless
    importer's would be)."""
    drawn: dict[str, Any] = {}
    if draw(st.integers(0, 4)) == 0:
        drawn["commitments"] = tuple(
            Commitment(amount=draw(money(("USD",))), by=draw(st.none() | valid_dates()))
            for _ in range(draw(st.integers(1, 2))))
    if index and draw(st.integers(0, 3)) == 0:
        drawn["tranche_of"] = f"e{draw(st.integers(0, index - 1))}"
    return drawn


@st.composite
def stints(draw: st.DrawFn, facts: Sequence[Event], recorded_pool: int) -> list[Event]:
    """Events that bound a tenure closely: departures on the very dates of
    some joins (stints of one day, or one month, which no roster at the end
    of a day holds), and role changes on a day inside a join's or a
    departure's imprecise date (evidence that narrows when it happened)."""
    out: list[Event] = []
    for fact in [f for f in facts if isinstance(f, (Joined, Rehired, Left))][:4]:
        assert isinstance(fact, TenureEvent)
        shape = draw(_sampled(("none", "inside", "inside", "same day")))
        if shape == "none":
            continue
        common: dict[str, Any] = {
            "id": f"s{len(out)}", "person": fact.person, "org": fact.org,
            "sources": fact.sources, "certainty": fact.certainty,
            "recorded": draw(recorded_times(recorded_pool)),
        }
        first, last = fact.valid.first, fact.valid.last
        if shape == "inside" or isinstance(fact, Left):
            inside = _dt.date.fromordinal(draw(st.integers(max(first, last - 400), last)))
            out.append(RoleChanged(valid=inside, role=draw(_sampled(ROLES)), **common))
        else:
            out.append(Left(valid=fact.valid, reason=Reason.UNKNOWN, **common))
    return out


@st.composite
def observations(
    draw: st.DrawFn, facts: Sequence[Event], people: Sequence[str],
    organizations: Sequence[str], recorded_pool: int,
) -> list[Event]:
    """Observations as articles give them ("Ada Lovelace, Acme's chief
    scientist"): on a day or in a month inside a tenure already drawn, before
    a departure whose start is unknown, or of people the log has nothing else
    on; up to three."""
    out: list[Event] = []
    steps = [f for f in facts if isinstance(f, TenureEvent)]
    for index in range(draw(st.integers(0, 3))):
        shape = draw(st.sampled_from(("inside", "before", "alone") if steps else ("alone",)))
        recorded = draw(recorded_times(recorded_pool))
        common: dict[str, Any] = {
            "id": f"o{index}", "sources": (draw(cited_sources(recorded)),),
            "certainty": draw(certainties()), "recorded": recorded,
            "role": draw(st.none() | st.sampled_from(ROLES)),
        }
        if shape == "alone":
            person = draw(st.sampled_from(list(people)))
            org = draw(st.sampled_from(list(organizations)))
            valid = draw(valid_dates(precisions=("day", "day", "month")))
        else:
            fact = draw(st.sampled_from(steps))
            assert isinstance(fact, TenureEvent)
            person, org = fact.person, fact.org
            first, last = fact.valid.first, fact.valid.last
            if shape == "inside":  # a few days to a year and a half after a step
                when = (first if first >= FLOOR_DAY else last) + draw(st.integers(0, 540))
            else:  # up to two years before one
                when = max(FLOOR_DAY, last - draw(st.integers(1, 730)))
            valid = ValidDate.parse(_dt.date.fromordinal(when))
            if draw(st.integers(0, 3)) == 0:
                assert valid.month is not None
                valid = ValidDate(valid.year, valid.month)
        out.append(Observed(valid=valid, person=person, org=org, **common))
    return out


@st.composite
def correction(
    draw: st.DrawFn, index: int, facts: Sequence[Event], recorded_pool: int,
    people: Sequence[str],
    *,
    again: Sequence[tuple[Event, pendulum.DateTime]] = (),
) -> Event | None:
    ids = [f.id for f in facts]
    if not ids:
        return None
    # half the time, correct again what was corrected already, no earlier
    # than that correction: lineages of several versions (corrected, then
    # confirmed, then retracted)
    pool = st.sampled_from([(f, EPOCH) for f in facts])
    if again:
        pool = st.one_of(pool, st.sampled_from(list(again)))
    target_event, earliest = draw(pool)
    recorded = max(earliest, draw(recorded_times(recorded_pool)))
    common: dict[str, Any] = {
        "id": f"c{index}",
        "valid": "2024",
        "target": target_event.id,
        "sources": (draw(cited_sources(recorded)),),
        "recorded": recorded,
    }
    kind = draw(_sampled(
        ("retracted", "confirmed", "corrected", "cited", "disputed", "disputed", "ranked")))
    if kind == "ranked":
        return Ranked(rank=draw(_sampled(tuple(Rank))), **common)
    if kind == "disputed":
        # another claim of the same fact: another date (the 25th or the 26th),
        # another certainty, another amount
        changes: dict[str, Any] = {}
        if (isinstance(target_event, FundingRound) and target_event.amount is not None
                and draw(st.booleans())):
            changes["amount"] = Money(target_event.amount.amount * 2,
                                      target_event.amount.currency)
        claim = attrs.evolve(
            target_event, id=f"k{index}", recorded=None, certainty=draw(certainties()),
            valid=_announced(target_event, draw(other_date(target_event.valid))), **changes,
        )
        return Disputed(claim=claim, rank=draw(_sampled(
            (Rank.NORMAL, Rank.NORMAL, Rank.PREFERRED, Rank.DEPRECATED))), **common)
    if kind == "retracted":
        return Retracted(reason="wrong", **common)
    if kind == "confirmed":
        return Confirmed(level=draw(_sampled((Certainty.REPORTED, Certainty.CONFIRMED))),
                         **common)
    if kind == "cited":
        return Cited(**common)
    moved: dict[str, Any] = {}
    if isinstance(target_event, TenureEvent) and draw(st.booleans()):
        moved["person"] = draw(_sampled(tuple(people)))
    if isinstance(target_event, LawsuitEvent) and draw(st.booleans()):
        moved["case"] = draw(st.sampled_from([
            c for c in ("case-1", "case-2", "case-3")
            if c != getattr(target_event, "answers", None)
        ]))
    replacement = attrs.evolve(
        target_event, id=f"r{index}", valid=_announced(target_event, draw(valid_dates())),
        recorded=None, certainty=draw(certainties()), **moved,
    )
    return Corrected(replacement=replacement, **common)


def _announced(event: Event, valid: ValidDate) -> ValidDate:
    """``valid`` for a new claim of ``event``, but a plan's announcement stays
    no later than the date it plans for."""
    if isinstance(event, Planned) and event.plan.valid.last < valid.first:
        return event.valid
    return valid


def other_date(valid: ValidDate) -> st.SearchStrategy[ValidDate]:
    """Another date for a disputed fact: the next day ("the 25th or the 26th"), or any."""
    if valid.first == valid.last:
        following = ValidDate.parse(_dt.date.fromordinal(valid.first + 1))
        return st.one_of(st.just(following), valid_dates())
    return valid_dates()


@st.composite
def spinout(
    draw: st.DrawFn, index: int, people: Sequence[str], organizations: Sequence[str],
    recorded_pool: int,
) -> list[Event]:
    """A person leaves one organisation and (usually later) founds another:
    an alumni founding, with news's imprecise and open-start dates."""
    person = draw(_sampled(tuple(people)))
    org = draw(_sampled(tuple(organizations)))
    others = [o for o in organizations if o != org]
    if not others:
        return []
    new = draw(_sampled(tuple(others)))
    left = draw(_departure_dates())
    after = draw(st.integers(-60, 800))
    precision = draw(_sampled(("day", "month", "year", "open")))
    when = left.last_day + _dt.timedelta(days=after)
    founded = {
        "day": ValidDate(when.year, when.month, when.day),
        "month": ValidDate(when.year, when.month),
        "year": ValidDate(when.year),
        "open": ValidDate(1, end=ValidDate(when.year, when.month, when.day)),
    }[precision]
    cofounders = draw(st.lists(_sampled(tuple(people)), max_size=1))
    recorded = sorted(draw(recorded_times(recorded_pool)) for _ in range(2))
    common: dict[str, Any] = {"sources": (draw(cited_sources(recorded[0])),),
                              "certainty": draw(certainties())}
    return [
        Left(id=f"s{index}-left", valid=left, person=person, org=org,
             reason=draw(_sampled(tuple(Reason))), recorded=recorded[0], **common),
        Founded(id=f"s{index}-founded", valid=founded, org=new,
                founders=tuple(dict.fromkeys([person, *cofounders])),
                employees=tuple(dict.fromkeys([person, *cofounders])),
                recorded=recorded[1], **common),
    ]


def valid_log(declared: list[Event], candidates: list[Event]) -> list[Event]:
    """Keep the candidates that append, in recorded order, to a valid log."""
    timeline = Timeline(declared)
    kept = []
    order = sorted(
        range(len(candidates)),
        key=lambda i: (candidates[i].recorded, isinstance(candidates[i], Correction), i),
    )
    for i in order:
        try:
            timeline.append(candidates[i])
        except TimelineError:
            continue
        kept.append(candidates[i])
    return kept
