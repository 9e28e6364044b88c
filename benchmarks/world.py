"""Synthetic worlds for the benchmarks: deterministic, seedable, streamed in recorded order.

    python benchmarks/world.py --size 100k [--seed 1] [--check] [--jsonl world.jsonl]

``world(size, seed)`` yields exactly ``size`` events, the same ones for the
same arguments, in the order the log learned them (recorded time), so every
prefix of the stream is itself a valid log and the stream can be appended in
batches of any size. The world:

- about one person per 5 events and one organisation per 200 events;
  organisation sizes are heavy-tailed (Zipf), so at 1M events a few
  organisations have thousands of members;
- careers of successive tenures from 1995 to 2025: joins, role changes,
  leaves, departures (with a reason, often with a destination), rehires,
  founders named by a founding; funding rounds, valuations, announcements and
  lawsuits (filed, settled, dismissed, withdrawn, refiled);
- about 10% of events recorded long (over a year) after their valid date,
  10% dated to the month or the year only, 5% rumours and 2% corrections
  (confirmations, replacements, retractions, citations).

Every world appends cleanly to :class:`timeline.Timeline`: a person or an
organisation is declared no later than the first event that names it; a
(person, organisation) pair with several tenures (a rehire) keeps its events
recorded in valid-time order and free of rumours and retractions, so every
recorded-time view of it stays consistent; a lawsuit that is refiled likewise.
Events are planned first as compact records (about 350 bytes each while the
stream runs), then built one by one as they are yielded.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as _dt
import itertools
import math
import random
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from timeline import (
    Announced,
    Cited,
    Confirmed,
    Corrected,
    Event,
    Founded,
    FundingRound,
    Joined,
    LawsuitDismissed,
    LawsuitFiled,
    LawsuitRefiled,
    LawsuitSettled,
    LawsuitWithdrawn,
    LeaveEnded,
    LeaveStarted,
    Left,
    Money,
    OrganizationDeclared,
    PersonDeclared,
    Precision,
    Rehired,
    Retracted,
    RoleChanged,
    Source,
    Timeline,
    ValidDate,
    ValuationReported,
)

__all__ = ["FIRST_DAY", "LAST_DAY", "LAST_RECORDED", "SIZES", "census", "parse_size", "world"]

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}

FIRST_DAY = _dt.date(1995, 1, 1).toordinal()
LAST_DAY = _dt.date(2025, 12, 31).toordinal()  # the world ends here (valid time)
LAST_RECORDED = _dt.date(2026, 6, 30).toordinal()  # the log learns nothing after this
_EPOCH = _dt.date(1970, 1, 1).toordinal()
_DAY = 86_400
_YEAR = 365

# shape of the world; calibrated so the shares above hold at every size
_ZIPF = 0.9  # organisation weights: rank ** -_ZIPF
_CAREER_SKEW = 0.5  # career starts: later years more likely (more people over time)
_TENURE_MEDIAN = 6.0  # years
_STOP = 0.3  # chance a career stops after a tenure (leaves the data)
_REHIRE = 0.04
_FOUND = 0.35  # chance a tenure starting near a founding is a founder's
_SHARES = {"imprecise": 0.10, "rumored": 0.05, "retroactive": 0.085, "corrections": 0.02}
_ORG_EVENTS = {"funding-round": 0.025, "valuation-reported": 0.005, "lawsuit": 0.012}

_ROLES = ("intern", "engineer", "senior engineer", "staff engineer", "manager", "director",
          "vice president", "chief technology officer", "chief executive officer")
_REASONS = ("resigned",) * 12 + ("laid off",) * 3 + ("unknown",) * 3 + ("fired", "retired")
_PUBLISHERS = ("Reuters", "Bloomberg", "The Information", "TechCrunch", "Le Monde",
               "Kompas", "Financial Times", "The Verge", "Axios", "Wired")
_CLAIMS = ("breach of contract", "trade secrets", "copyright", "antitrust", "fraud")
_CATEGORIES = ("product", "model", "job posting", "other")
_ROUNDS = ("seed", "series A", "series B", "series C", "series D", "growth")
_PREFIX = {
    "person": "pd", "org": "od", "joined": "j", "rehired": "rh", "role": "rc",
    "leave-start": "ls", "leave-end": "le", "left": "l", "founded": "f", "funding": "fr",
    "valuation": "v", "announced": "a", "filed": "cf", "withdrawn": "cw", "settled": "cs",
    "dismissed": "cd", "refiled": "cr", "confirmed": "xc", "retracted": "xr",
    "corrected": "xf", "cited": "xs",
}
_TENURE_KINDS = frozenset({"joined", "rehired", "role", "leave-start", "leave-end", "left"})
_CASE_KINDS = frozenset({"filed", "withdrawn", "settled", "dismissed", "refiled"})
_CORRECTIONS = frozenset({"confirmed", "retracted", "corrected", "cited"})
_RANK = {"joined": 0, "rehired": 0, "founded": 0, "role": 1, "leave-start": 2,
         "leave-end": 3, "left": 4, "filed": 0, "refiled": 1}


def parse_size(text: str) -> int:
    """``"10k"``, ``"100k"``, ``"1M"`` or a plain number of events."""
    if text in SIZES:
        return SIZES[text]
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    digits = text[:-1] if scale > 1 else text
    try:
        return int(float(digits) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"size {text!r}: expected 10k, 100k, 1M or a number of events"
        ) from None


class _Fact:
    """One planned event: what it is, its true day, and how the log learns it."""

    __slots__ = ("announced", "args", "day", "group", "kind", "lock", "precision",
                 "recorded", "rumor", "seq")

    def __init__(self, seq: int, kind: str, day: int, args: tuple[Any, ...],
                 group: object = None) -> None:
        self.seq = seq
        self.kind = kind
        self.day = day  # the true day (ordinal); the event may show only its month or year
        self.args = args
        self.group = group  # the (person, org) pair or the case it belongs to
        self.precision = 0  # 0 day, 1 month, 2 year
        self.rumor = False
        self.lock = False  # no rumour, retraction or out-of-order recording for it
        self.recorded = 0  # seconds since the Unix epoch
        self.announced: int | None = None

    @property
    def id(self) -> str:
        return f"{_PREFIX[self.kind]}{self.seq}"


class _Planner:
    """Plans a world as facts, then builds its events in recorded order."""

    def __init__(self, size: int, seed: int) -> None:
        if size < 100:
            raise ValueError(f"size={size!r}: a world needs at least 100 events")
        self.size = size
        self.rng = random.Random(seed)
        self.n_orgs = max(5, size // 200)
        self.n_people = max(10, size // 5)
        self.facts: list[_Fact] = []
        self._seq = itertools.count(1)
        self.multi: set[tuple[int, int]] = set()  # pairs with several tenures
        self.founders: dict[int, list[int]] = {}
        self.first_start: dict[int, int] = {}

    def fact(self, kind: str, day: int, args: tuple[Any, ...], group: object = None) -> _Fact:
        made = _Fact(next(self._seq), kind, day, args, group)
        self.facts.append(made)
        return made

    # -- organisations ------------------------------------------------------------

    def organisations(self) -> None:
        rng, n = self.rng, self.n_orgs
        self.weights = [(rank + 1) ** -_ZIPF for rank in range(n)]
        old = max(3, n // 50)  # the largest are old: they exist before 1995
        self.born = []
        for rank in range(n):
            year = rng.randint(1950, 1994) if rank < old or rng.random() < 0.2 else \
                rng.randint(1995, 2023)
            self.born.append(_dt.date(year, 1, 1).toordinal() + rng.randrange(365))
        self.by_birth = sorted(range(n), key=lambda o: self.born[o])
        self.births = [self.born[o] for o in self.by_birth]
        self.cumulative = list(itertools.accumulate(self.weights[o] for o in self.by_birth))
        # foundings in the period that name founders: [day, org, places left]
        self.openings = sorted(
            [self.born[o], o, rng.choice((1, 1, 2, 2, 3))]
            for o in range(n) if self.born[o] >= FIRST_DAY and rng.random() < 0.7
        )
        self.opening_days = [entry[0] for entry in self.openings]

    def pick_org(self, day: int, exclude: Iterable[int] = ()) -> int | None:
        """An organisation that exists on ``day``, drawn in proportion to its weight."""
        count = bisect.bisect_right(self.births, day)
        if count == 0:
            return None
        excluded = set(exclude)
        for _ in range(20):
            index = bisect.bisect_right(self.cumulative, self.rng.random() * self.cumulative[
                count - 1])
            org = self.by_birth[min(index, count - 1)]
            if org not in excluded:
                return org
        return next((o for o in self.by_birth[:count] if o not in excluded), None)

    # -- careers ------------------------------------------------------------------

    def careers(self, budget: int) -> int:
        planned = 0
        for person in range(self.n_people):
            before = len(self.facts)
            self.career(person, short=planned + self.n_people - person >= budget)
            planned += len(self.facts) - before
        return planned

    def career(self, person: int, *, short: bool) -> None:
        rng = self.rng
        day = FIRST_DAY + int((LAST_DAY - 60 - FIRST_DAY) * rng.random() ** _CAREER_SKEW)
        done: dict[int, int] = {}  # org -> the end of the last tenure there
        previous: _Fact | None = None
        level = rng.randrange(3)
        while day < LAST_DAY - 30:
            chosen = self.next_org(person, day, done)
            if chosen is None:
                return
            org, start, how = chosen
            if previous is not None and start - previous.day <= 120 and rng.random() < 0.5:
                previous.args = (*previous.args[:3], org)  # left for the next org
            years = rng.lognormvariate(math.log(_TENURE_MEDIAN), 0.7)
            end = start + max(180, int(years * _YEAR))
            if short:
                end = LAST_DAY + 1
            level = min(level + rng.randrange(2), len(_ROLES) - 3)
            previous, level = self.tenure(person, org, start, end, how=how, level=level)
            self.first_start.setdefault(person, start)
            if previous is None or short or rng.random() < _STOP:
                return
            done[org] = end
            day = end + rng.randint(1, 200)

    def next_org(self, person: int, day: int, done: dict[int, int]) -> tuple[int, int, str] | None:
        """Where the next tenure is, when it starts, and how: joined, rehired or founded."""
        rng = self.rng
        index = bisect.bisect_left(self.opening_days, day)
        while index < len(self.openings) and self.openings[index][0] < day + 120:
            when, org, places = self.openings[index]
            if places and org not in done and rng.random() < _FOUND:
                self.openings[index][2] -= 1
                self.founders.setdefault(org, []).append(person)
                return org, when, "founded"
            index += 1
        back = [o for o, end in done.items()
                if end <= day - 366 and person not in self.founders.get(o, ())]
        if back and rng.random() < _REHIRE:
            org = rng.choice(sorted(back))
            self.multi.add((person, org))
            return org, day, "rehired"
        org = self.pick_org(day, done)
        return None if org is None else (org, day, "joined")

    def tenure(
        self, person: int, org: int, start: int, end: int, *, how: str, level: int
    ) -> tuple[_Fact | None, int]:
        """Plan one tenure's events; return its departure (None while open) and the role."""
        rng, pair = self.rng, (person, org)
        stop = min(end, LAST_DAY)
        if how != "founded":
            self.fact(how, start, (person, org, _ROLES[level]), pair)
        span = stop - start
        changes = sum(1 for _ in range(int(span / _YEAR) + 1) if rng.random() < 0.06)
        if span > 240:
            for when in sorted(rng.sample(range(start + 90, stop - 60), min(changes, 3))):
                level = min(level + 1, len(_ROLES) - 1)
                self.fact("role", when, (person, org, _ROLES[level]), pair)
        if span > 2 * _YEAR and rng.random() < 0.12:
            begins = rng.randint(start + 180, stop - 300)
            self.fact("leave-start", begins, (person, org, rng.choice(
                ("parental leave", "sabbatical", "medical leave"))), pair)
            back = begins + rng.randint(30, 240)
            if back < stop - 30:
                self.fact("leave-end", back, (person, org), pair)
        if end > LAST_DAY:
            return None, level
        return self.fact("left", end, (person, org, rng.choice(_REASONS), None), pair), level

    # -- organisations' own events --------------------------------------------------

    def org_events(self, budget: int) -> None:
        """Foundings, then funding, valuations and lawsuits, then announcements to fill."""
        rng = self.rng
        for org in range(self.n_orgs):
            founders = tuple(self.founders.get(org, ()))
            made = self.fact("founded", self.born[org], (org, founders))
            made.group = tuple((f, org) for f in founders)
        budget -= self.n_orgs
        shares = {k: int(self.size * share) for k, share in _ORG_EVENTS.items()}
        scale = min(1.0, max(0, budget) / max(1, sum(shares.values())))
        planned = self.funding(int(shares["funding-round"] * scale))
        for _ in range(int(shares["valuation-reported"] * scale)):
            day = rng.randint(FIRST_DAY, LAST_DAY)
            org = self.pick_org(day)
            assert org is not None
            self.fact("valuation", day, (org, _amount(rng, 8.5, 1.0)))
            planned += 1
        planned += self.lawsuits(int(shares["lawsuit"] * scale))
        for _ in range(budget - planned):
            day = rng.randint(FIRST_DAY, LAST_DAY)
            org = self.pick_org(day)
            assert org is not None
            self.fact("announced", day, (org, rng.choice(_CATEGORIES),
                                         f"Announcement {rng.randrange(10**6)}"))

    def funding(self, count: int) -> int:
        rng = self.rng
        rounds: list[_Fact] = []
        for _ in range(count):
            day = rng.randint(FIRST_DAY, LAST_DAY)
            org = self.pick_org(day)
            assert org is not None
            investors = {self.pick_org(day, (org,)) for _ in range(rng.randrange(3))}
            rounds.append(self.fact("funding", day, (org, tuple(sorted(
                i for i in investors if i is not None)))))
        rounds.sort(key=lambda f: (f.args[0], f.day))
        for _, group in itertools.groupby(rounds, key=lambda f: f.args[0]):
            for step, made in enumerate(group):
                name = _ROUNDS[min(step, len(_ROUNDS) - 1)]
                amount = _amount(rng, 6.0 + 0.45 * min(step, 8), 0.3)
                currency = "EUR" if rng.random() < 0.1 else "USD"
                valuation = amount * rng.randint(4, 12) if rng.random() < 0.4 else None
                made.args = (*made.args, name, amount, currency, valuation)
        return count

    def lawsuits(self, budget: int) -> int:
        rng = self.rng
        planned = case = 0
        while planned + 2 <= budget:
            case += 1
            day = rng.randint(FIRST_DAY, LAST_DAY - 30)
            plaintiff = self.pick_org(day)
            defendant = self.pick_org(day, (plaintiff,) if plaintiff is not None else ())
            if plaintiff is None or defendant is None:
                continue
            people = (rng.randrange(self.n_people),) if rng.random() < 0.2 else ()
            parties = (f"case-{case}", (plaintiff,), (defendant,), people)
            steps = [("filed", day)]
            when = day + rng.randint(120, 2000)
            if rng.random() < 0.75 and when <= LAST_DAY:
                ending = rng.choice(("settled", "settled", "dismissed", "withdrawn"))
                steps.append((ending, when))
                again = when + rng.randint(60, 600)
                if ending == "withdrawn" and rng.random() < 0.3 and again < LAST_DAY:
                    steps.append(("refiled", again))
                    final = again + rng.randint(120, 1500)
                    if final <= LAST_DAY and rng.random() < 0.6:
                        steps.append((rng.choice(("settled", "dismissed")), final))
            if planned + len(steps) > budget:
                steps = steps[:budget - planned]
            for kind, when in steps:
                made = self.fact(kind, when, (*parties, rng.choice(_CLAIMS)), parties[0])
                made.lock = len(steps) > 2  # a refiled case keeps its order
            planned += len(steps)
        return planned

    # -- how the log learns each fact ----------------------------------------------

    def shape(self) -> None:
        """Precision, rumours, and recorded times: soon after, or years after."""
        rng, n = self.rng, self.size
        for made in self.facts:
            pairs = made.group if made.kind == "founded" else (made.group,)
            if made.kind in _TENURE_KINDS | {"founded"} and any(p in self.multi for p in pairs):
                made.lock = True
        vague = [f for f in self.facts if not (f.kind in _CASE_KINDS and f.lock)]
        for made in rng.sample(vague, min(len(vague), int(n * _SHARES["imprecise"]))):
            made.precision = 1 if rng.random() < 0.7 else 2
        kinds = ("joined", "left", "role", "funding", "valuation", "announced")
        loose = [f for f in self.facts if f.kind in kinds and not f.lock]
        for made in rng.sample(loose, min(len(loose), int(n * _SHARES["rumored"]))):
            made.rumor = True
        for made in self.facts:
            lag = min(int(rng.expovariate(1 / 4)), 90)
            made.recorded = _seconds(made.day + lag) + rng.randrange(6 * 3600, 22 * 3600)
            if made.kind == "left" and rng.random() < 0.05:
                made.announced = made.day - rng.randint(30, 150)
                made.recorded = _seconds(made.announced + lag) + rng.randrange(_DAY)
        late = [f for f in self.facts if not f.lock and f.day + 400 < LAST_RECORDED]
        for made in rng.sample(late, min(len(late), int(n * _SHARES["retroactive"]))):
            latest = min(made.day + 12 * _YEAR, LAST_RECORDED)
            made.recorded = _seconds(rng.randint(made.day + 400, latest)) + rng.randrange(_DAY)
        self.keep_order()

    def keep_order(self) -> None:
        """Record the events of a rehire pair or a refiled case in valid-time order."""
        groups: dict[object, list[_Fact]] = {}
        for made in self.facts:
            if made.lock and made.group is not None and made.kind != "founded":
                groups.setdefault(made.group, []).append(made)
        for members in groups.values():
            members.sort(key=lambda f: (f.day, _RANK.get(f.kind, 2), f.seq))
            for earlier, later in itertools.pairwise(members):
                later.recorded = max(later.recorded, earlier.recorded + 1)

    def corrections(self) -> None:
        """Confirmations of rumours, replaced dates and roles, retractions, citations."""
        rng = self.rng
        count = int(self.size * _SHARES["corrections"])
        room = _seconds(LAST_RECORDED) - 30 * _DAY
        open_ = [f for f in self.facts if f.recorded < room - _DAY]
        rumours = [f for f in open_ if f.rumor]
        rng.shuffle(rumours)
        plan = {"confirmed": min(len(rumours) * 6 // 10, count * 55 // 100)}
        plan["retracted"] = count * 15 // 100
        plan["corrected"] = count * 20 // 100
        plan["cited"] = count - sum(plan.values())
        used: set[int] = set()

        def targets(pool: list[_Fact], wanted: int) -> Iterator[_Fact]:
            for made in pool:
                if wanted <= 0:
                    return
                if made.seq not in used:
                    used.add(made.seq)
                    wanted -= 1
                    yield made

        fixable = [f for f in open_ if not f.lock and f.kind in _TENURE_KINDS | {"funding"}]
        rng.shuffle(fixable)
        dated = [f for f in fixable if f.precision and not f.rumor]
        picks = {
            "confirmed": list(targets(rumours, plan["confirmed"])),
            "retracted": list(targets(rumours[len(rumours) * 6 // 10:] + [
                f for f in fixable if f.kind in ("joined", "left", "role", "funding")
            ], plan["retracted"])),
            "corrected": list(targets(dated, plan["corrected"])),
        }
        picks["cited"] = list(targets(fixable, count - sum(map(len, picks.values()))))
        for kind, chosen in picks.items():
            for target in chosen:
                made = self.fact(kind, target.day, (target,))
                made.recorded = rng.randint(target.recorded + _DAY,
                                            min(target.recorded + 700 * _DAY, room))
                made.day = made.recorded // _DAY + _EPOCH

    def declarations(self) -> None:
        """Declare each entity a minute before the first event that names it."""
        first: dict[tuple[str, int], int] = {}
        for made in self.facts:
            for entity in _names(made):
                if made.recorded < first.get(entity, 2**62):
                    first[entity] = made.recorded
        for person in range(self.n_people):
            day = self.first_start.get(person, FIRST_DAY)
            made = self.fact("person", day, (person,))
            made.recorded = first.get(("person", person), _seconds(day)) - 60
        for org in range(self.n_orgs):
            made = self.fact("org", self.born[org], (org, self.rng.random() < 0.3))
            made.recorded = first.get(("org", org), _seconds(self.born[org])) - 60

    def plan(self) -> list[_Fact]:
        n = self.size
        self.organisations()
        fixes = int(n * _SHARES["corrections"])
        others = self.n_people + self.n_orgs + fixes
        org_share = self.n_orgs + int(n * sum(_ORG_EVENTS.values())) + n // 50
        careers = self.careers(n - others - org_share)
        self.org_events(n - others - careers)
        self.shape()
        self.corrections()
        self.declarations()
        assert len(self.facts) == n, (len(self.facts), n)
        return self.facts


def _amount(rng: random.Random, exponent: float, spread: float) -> int:
    return max(1000, int(round(10 ** rng.gauss(exponent, spread), -3)))


def _seconds(day: int) -> int:
    return (day - _EPOCH) * _DAY


def _names(made: _Fact) -> Iterator[tuple[str, int]]:
    """The entities a planned fact names, as (kind, number)."""
    kind, args = made.kind, made.args
    if kind in _TENURE_KINDS:
        yield ("person", args[0])
        yield ("org", args[1])
        if kind == "left" and args[3] is not None:
            yield ("org", args[3])
    elif kind == "founded":
        yield ("org", args[0])
        for founder in args[1]:
            yield ("person", founder)
    elif kind == "funding":
        yield ("org", args[0])
        for investor in args[1]:
            yield ("org", investor)
    elif kind in ("valuation", "announced"):
        yield ("org", args[0])
    elif kind in _CASE_KINDS:
        for org in (*args[1], *args[2]):
            yield ("org", org)
        for person in args[3]:
            yield ("person", person)


def _valid(day: int, precision: int) -> ValidDate:
    date = _dt.date.fromordinal(day)
    if precision == 2:
        return ValidDate(date.year)
    if precision == 1:
        return ValidDate(date.year, date.month)
    return ValidDate(date.year, date.month, date.day)


def _person(number: int) -> str:
    return f"person-{number}"


def _org(number: int) -> str:
    return f"org-{number}"


def _event(made: _Fact, replacement_id: str | None = None) -> Event:
    """Build the event a fact stands for (a replacement has no recorded time)."""
    recorded = None if replacement_id else _dt.datetime.fromtimestamp(made.recorded, _dt.UTC)
    day = made.recorded // _DAY + _EPOCH
    common: dict[str, Any] = {
        "id": replacement_id or made.id,
        "valid": _valid(made.day, 0 if replacement_id else made.precision),
        "sources": Source(f"{_PUBLISHERS[made.seq % 10].lower().replace(' ', '-')}-{day}",
                          publisher=_PUBLISHERS[made.seq % 10]),
        "recorded": recorded,
        "certainty": "rumored" if made.rumor and not replacement_id else "reported",
    }
    if made.announced is not None:
        common["announced"] = _valid(made.announced, 0)
    kind, args = made.kind, made.args
    if kind in _TENURE_KINDS:
        where = {"person": _person(args[0]), "org": _org(args[1])}
        if kind in ("joined", "rehired", "role"):
            role = args[2] if not replacement_id or kind == "role" else f"{args[2]} (corrected)"
            return {"joined": Joined, "rehired": Rehired, "role": RoleChanged}[kind](
                **common, **where, role=role)
        if kind == "leave-start":
            return LeaveStarted(**common, **where, reason=args[2])
        if kind == "leave-end":
            return LeaveEnded(**common, **where)
        return Left(**common, **where, reason=args[2],
                    destination=_org(args[3]) if args[3] is not None else None)
    if kind == "founded":
        return Founded(**common, org=_org(args[0]), founders=[_person(p) for p in args[1]],
                       employees="all")
    if kind == "funding":
        org, investors, name, amount, currency, valuation = args
        return FundingRound(
            **common, org=_org(org), investors=[_org(i) for i in investors], round=name,
            amount=Money(amount, currency),
            valuation=Money(valuation, currency) if valuation is not None else None,
        )
    if kind == "valuation":
        return ValuationReported(**common, org=_org(args[0]), valuation=Money(args[1], "USD"))
    if kind == "announced":
        return Announced(**common, org=_org(args[0]), category=args[1], title=args[2])
    if kind in _CASE_KINDS:
        case, plaintiffs, defendants, people, claim = args
        parties = {"case": case, "plaintiffs": [_org(o) for o in plaintiffs],
                   "defendants": [_org(o) for o in defendants] + [_person(p) for p in people]}
        if kind in ("filed", "refiled"):
            kind_type = LawsuitFiled if kind == "filed" else LawsuitRefiled
            return kind_type(**common, **parties, claims=[claim])
        kind_type = {"withdrawn": LawsuitWithdrawn, "settled": LawsuitSettled,
                     "dismissed": LawsuitDismissed}[kind]
        return kind_type(**common, **parties)
    if kind == "person":
        return PersonDeclared(**common, entity=_person(args[0]), name=f"Person {args[0]}")
    if kind == "org":
        aliases = [f"Org {args[0]} Inc."] if args[1] else []
        return OrganizationDeclared(**common, entity=_org(args[0]), name=f"Org {args[0]}",
                                    aliases=aliases)
    return _correction(made, common)


def _correction(made: _Fact, common: dict[str, Any]) -> Event:
    target: _Fact = made.args[0]
    common["certainty"] = "reported"
    if made.kind == "confirmed":
        return Confirmed(**common, target=target.id)
    if made.kind == "retracted":
        return Retracted(**common, target=target.id, reason="the report was wrong")
    if made.kind == "cited":
        return Cited(**common, target=target.id)
    return Corrected(**common, target=target.id, replacement=_event(target, f"{made.id}-r"))


def world(size: int, seed: int = 1) -> Iterator[Event]:
    """Exactly ``size`` events of a synthetic world, in recorded-time order.

    The same ``size`` and ``seed`` give the same events. Plans the whole world
    first (a second or two per 100,000 events), then builds and yields one
    event at a time.
    """
    facts = _Planner(size, seed).plan()
    facts.sort(key=lambda f: (f.recorded, f.seq), reverse=True)
    while facts:
        yield _event(facts.pop())


def census(events: Iterable[Event]) -> dict[str, object]:
    """What a world holds: counts and the shares it is made to have."""
    kinds: Counter[str] = Counter()
    late = vague = rumours = 0
    members: Counter[str] = Counter()
    total = 0
    for event in events:
        total += 1
        kinds[event.kind] += 1
        assert event.recorded is not None
        learned = event.recorded.date().toordinal()
        late += learned - event.valid.last > _YEAR
        vague += event.valid.precision is not Precision.DAY
        rumours += event.certainty.value == "rumored"
        if isinstance(event, (Joined, Rehired)):
            members[event.org] += 1
        elif isinstance(event, Founded):
            members[event.org] += len(event.founders)
    fixes = sum(kinds[k] for k in ("confirmed", "corrected", "retracted", "cited"))
    largest = members.most_common(3)
    return {
        "events": total,
        "people": kinds["person-declared"],
        "organizations": kinds["organization-declared"],
        "tenures started": sum(members.values()),
        "largest organizations (tenures)": ", ".join(f"{o} {n:,}" for o, n in largest),
        "recorded over a year late": f"{late / total:.1%}",
        "month or year precision": f"{vague / total:.1%}",
        "rumours": f"{rumours / total:.1%}",
        "corrections": f"{fixes / total:.1%}",
        "kinds": dict(sorted(kinds.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=10_000, help="10k, 100k, 1M or a number")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="append it to a Timeline")
    parser.add_argument("--jsonl", help="write the world as JSON Lines to this file")
    args = parser.parse_args()
    started = time.perf_counter()
    events = list(world(args.size, args.seed))
    print(f"generated {len(events):,} events in {time.perf_counter() - started:.1f} s")
    for key, value in census(events).items():
        print(f"  {key}: {value}")
    if args.check or args.jsonl:
        timeline = Timeline()
        started = time.perf_counter()
        for index in range(0, len(events), 1000):
            timeline.extend(events[index:index + 1000])
        print(f"appended to a Timeline in {time.perf_counter() - started:.1f} s")
        if args.jsonl:
            timeline.export_jsonl(args.jsonl)

if __name__ == "__main__":
    main()
