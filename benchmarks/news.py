"""The queries made for news as it comes (incomplete, imprecise, corrected), timed
on the benchmark's world, each answer checked on a sample where an oracle exists.

Measured by ``benchmarks/run.py`` after its core queries, with the same world,
organisations, people, days and ``known=`` dates:

- ``roster_during(org, at, at + 1 year)``: who was there at any time in a year;
- ``overlap(person, colleague)``: a person and someone who shared one of their
  organisations (drawn from the tenures), where and when they overlapped;
- ``history(person)``, and with ``versions=True`` (every version of every fact);
- ``lineage(fact)`` of a fact a correction, retraction, citation or
  confirmation aimed at;
- ``flows(at, at + 1 year)`` from anywhere (the one with a source is among the
  core queries): departures and foundings certainly in the year, and apart
  those whose dates only overlap it;
- ``organization(org, at)`` of an organisation that raised money, its
  valuation (with the round it comes from) and what it had raised.

A query the library measured does not have (an older version of timeline) is
left out of the table. ``roster_during``, ``overlap`` and ``lineage`` are
checked against ``tests/oracle.py`` (naive, written apart from the indices) on
their first ten answers (``roster_during`` on the first ten at organisations
of at most 200 people: the oracle enumerates every day a tenure may have
begun or ended on); a disagreement marks the row WRONG.
"""

from __future__ import annotations

import datetime as _dt
import importlib.util
import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from timeline import Correction, Event, Founded, FundingRound, TenureEvent, Timeline

YEAR = _dt.timedelta(days=365)
ORACLE_CHECKS = 10  # answers checked per query: the oracle enumerates days, one by one
ORACLE_PEOPLE = 200  # roster_during is checked at organisations with at most so many people
FLOOR = _dt.date(1994, 1, 1).toordinal()  # before the world's first day (oracle.FLOOR is 2010)


def _oracle() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "tests" / "oracle.py"
    spec = importlib.util.spec_from_file_location("timeline_oracle", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.FLOOR = FLOOR  # the world's dates begin in 1995; the generators' in 2018
    return module


def _ordinals(days: Any) -> tuple[int | None, int | None] | None:
    if days is None:
        return None
    return (days.first.toordinal() if days.first else None,
            days.last.toordinal() if days.last else None)


class News:
    """Draws the questions and runs the measurements, adding rows to ``bench``."""

    def __init__(self, bench: Any) -> None:
        self.bench = bench
        self.tl: Timeline = bench.timeline
        self.events: list[Event] = bench.events
        q = bench.queries
        rng = random.Random(bench.args.seed * 104_729 + 11)
        by_org: dict[str, list[str]] = defaultdict(list)
        orgs_of: dict[str, list[str]] = defaultdict(list)
        for person, org, _, _ in bench.tenures:
            by_org[org].append(person)
            orgs_of[person].append(org)
        self.people_at = {org: set(people) for org, people in by_org.items()}
        self.others = []
        for person in q.people:
            org = rng.choice(orgs_of[person])
            self.others.append(rng.choice([p for p in by_org[org] if p != person] or [person]))
        fixed = sorted({e.target for e in self.events if isinstance(e, Correction)})
        count = bench.args.queries
        self.facts = [rng.choice(fixed) for _ in range(count)] if fixed else []
        funded = sorted({e.org for e in self.events if isinstance(e, FundingRound)})
        self.funded = [rng.choice(funded) for _ in range(count)] if funded else []

    def run(self) -> None:
        tl, q, bench = self.tl, self.bench.queries, self.bench
        others, facts, funded = self.others, self.facts, self.funded
        calls: list[tuple[str, Callable[[int], object], Callable[[int], object] | None,
                          Callable[[], str] | None]] = []
        if hasattr(tl, "roster_during"):
            calls += [
                ("roster_during(org, at, at + 1 year)",
                 lambda i: tl.roster_during(q.orgs[i], q.dates[i], q.dates[i] + YEAR),
                 lambda i: tl.roster_during(q.orgs[i], q.dates[i], q.dates[i] + YEAR,
                                            known=q.known[i]),
                 self.check_during),
                ("overlap(person, a colleague)",
                 lambda i: tl.overlap(q.people[i], others[i]),
                 lambda i: tl.overlap(q.people[i], others[i], known=q.person_known[i]),
                 self.check_overlap),
            ]
        calls.append(("history(person)", lambda i: tl.history(q.people[i]),
                      lambda i: tl.history(q.people[i], known=q.person_known[i]), None))
        if "versions" in Timeline.history.__code__.co_varnames:
            calls.append((
                "history(person, versions=True)",
                lambda i: tl.history(q.people[i], versions=True),
                lambda i: tl.history(q.people[i], versions=True, known=q.person_known[i]),
                None))
        if hasattr(tl, "lineage") and facts:
            calls.append(("lineage(a corrected fact)", lambda i: tl.lineage(facts[i]), None,
                          self.check_lineage))
        calls.append(("flows(at, at + 1 year), every organisation",
                      lambda i: tl.flows(q.dates[i], q.dates[i] + YEAR),
                      lambda i: tl.flows(q.dates[i], q.dates[i] + YEAR, known=q.known[i]),
                      None))
        if funded:
            calls.append(("organization(org that raised money, at)",
                          lambda i: tl.organization(funded[i], at=q.dates[i]),
                          None, None))
        for name, plain, known, check in calls:
            wrong = check() if check is not None else ""
            first = bench.add(_result(bench, name, plain, wrong))
            if known is not None:
                second = bench.timed(known)
                ratio = statistics.median(second) / first.median if first.median else 0.0
                bench.add(bench.summary(name.replace(")", ", known=)", 1), second,
                                        f"{ratio:.2f}x the same call without known="))

    # -- checks against the oracle ------------------------------------------------------

    def _effective(self) -> tuple[ModuleType, list[Event]]:
        if not hasattr(self, "_facts"):
            self._module = _oracle()
            self._facts = self._module.effective(self.events, 10**18, 1)  # reported or better
        return self._module, self._facts

    def _about(self, entities: Iterable[str], orgs: Iterable[str]) -> list[Event]:
        """The effective facts of the given people's tenures and of the organisations'
        foundings: all the oracle reads about them."""
        people, places = set(entities), set(orgs)
        _, facts = self._effective()
        return [e for e in facts
                if (isinstance(e, TenureEvent) and e.person in people)
                or (isinstance(e, Founded) and (e.org in places
                                                or people.intersection(e.founders)))]

    def check_during(self) -> str:
        oracle, facts = self._effective()
        q, bad, checked = self.bench.queries, 0, 0
        small = [i for i in range(len(q.orgs)) if len(self.people_at[q.orgs[i]]) <= ORACLE_PEOPLE]
        for i in small[:min(ORACLE_CHECKS, self.bench.args.check)]:
            org = q.orgs[i]
            mine = [e for e in facts if (isinstance(e, TenureEvent) and e.org == org)
                    or (isinstance(e, Founded) and e.org == org)]
            foundings = [e for e in mine if isinstance(e, Founded)]
            of_person: dict[str, list[Event]] = defaultdict(list)
            for e in mine:
                if isinstance(e, TenureEvent):
                    of_person[e.person].append(e)
            for e in foundings:
                for founder in e.founders:
                    of_person[founder].append(e)
            first, last = q.dates[i].toordinal(), (q.dates[i] + YEAR).toordinal()
            expected = {}
            for person, theirs in of_person.items():  # the oracle, one person at a time
                found = {*foundings, *theirs}
                expected |= oracle.during(list(found), [person], org, first, last)
            span = self.tl.roster_during(org, q.dates[i], q.dates[i] + YEAR)
            actual = {m.person: "certain" for m in span.members} | {
                m.person: "possible" for m in span.possible}
            bad += expected != actual
            checked += 1
        return f"WRONG on {bad} of {checked} checked against the oracle" if bad else ""

    def check_overlap(self) -> str:
        oracle, _ = self._effective()
        q, bad, checked = self.bench.queries, 0, 0
        for i in range(min(ORACLE_CHECKS, self.bench.args.check)):
            person, other = q.people[i], self.others[i]
            if person == other:
                continue
            pair = self._about((person, other), ())
            orgs = sorted({e.org for e in pair if isinstance(e, TenureEvent)}
                          | {e.org for e in pair if isinstance(e, Founded)})
            facts = self._about((person, other), orgs)
            expected = oracle.overlap(facts, person, other, orgs)
            shared = self.tl.overlap(person, other)
            actual = sorted(((s.org, s.certain, _ordinals(s.certain_days),
                              _ordinals(s.possible_days)) for s in shared.spells), key=repr)
            bad += expected != actual
            checked += 1
        return f"WRONG on {bad} of {checked} checked against the oracle" if bad else ""

    def check_lineage(self) -> str:
        oracle, _ = self._effective()
        bad, checked = 0, 0
        for fact in self.facts[:min(ORACLE_CHECKS, self.bench.args.check)]:
            expected = oracle.lineage(self.events, fact, 10**18)
            actual = [_row(v) for v in self.tl.lineage(fact)]
            bad += expected != actual
            checked += 1
        return f"WRONG on {bad} of {checked} checked against the oracle" if bad else ""


def _row(version: Any) -> tuple[object, ...]:
    """A version as the oracle's lineage gives it (microseconds as recorded keys)."""
    from timeline.model.dates import known_key  # noqa: PLC0415 - only where lineage exists

    def micros(value: Any) -> int | None:
        return None if value is None else known_key(value)

    return (version.step.value, version.by, version.event, micros(version.recorded),
            tuple(s.id for s in version.sources), micros(version.superseded),
            version.superseded_by)


def _result(bench: Any, name: str, call: Callable[[int], object], wrong: str) -> Any:
    result = bench.summary(name, bench.timed(call))
    return attrs.evolve(result, wrong=wrong) if wrong else result
