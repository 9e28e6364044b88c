"""The performance benchmark: timeline and its peers on one synthetic world, in one table.

    python benchmarks/run.py --size 10k|100k|1M [--seed 1] [--queries 1000]
                             [--postgres postgresql://...] [--markdown results.md]
                             [--no-peers] [--no-stores] [--budget 60] [--check 200]

Generates the world of ``benchmarks/world.py``, loads it into timeline in
memory and into a SQLite store (and into PostgreSQL with ``--postgres``; the
timeline tables there are dropped first, so give it a scratch database),
then measures, as median and p99 over ``--queries`` calls each (organisations
drawn in proportion to their number of tenures, days uniform over
1995-2025, ``known=`` a few months to a few years after the day asked about):

- roster, where, organization, diff over a year and flows over a year, each
  also with ``known=``; timeline and every peer of ``benchmarks/peers.py``
  for roster and where;
- the queries for news as it comes (``benchmarks/news.py``): roster_during,
  overlap, history with and without every version, lineage, flows from
  anywhere, the state of an organisation that raised money;
- the bulk workload: the monthly headcount of the 100 largest organisations
  over 2015-2024, by timeline and by every peer (DuckDB in one statement);
- appends in memory, into SQLite and PostgreSQL, in batches of 1,000 and one
  at a time; retroactive appends dated years back; opening the SQLite store
  until the first roster answers; resident memory per event.

Beside each median by the wall clock, the table gives the median processor
time of this process per call (``time.process_time``): on a shared machine
the wall clock also counts other processes' turns. ``benchmarks/compare.py``
sets two versions' reports side by side.

Prints one table, with the machine's facts and the world's census above it
and the performance targets checked below it, and writes the same as markdown.
Every peer's answers are checked against timeline's on a sample (``--check``
queries): a peer that holds someone timeline rules out, or misses someone
timeline is certain of, is marked WRONG and the command exits with status 1.

The peers are optional: ``python -m pip install duckdb pandas eventsourcing``
(see ``benchmarks/peers.py``); without them, or with ``--no-peers``, only
timeline is measured. A measurement stops early, after at least 100 calls,
once it has run ``--budget`` seconds (the naive replay does at 1M); the table
gives each one's count. On a 2-core machine a 10k run takes under a minute
(the CI smoke run), 100k about 4 minutes, 1M (estimated) about 25 minutes,
most of it loading: pass ``--no-stores`` to skip SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import importlib.metadata
import itertools
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
from news import News
from world import FIRST_DAY, LAST_DAY, LAST_RECORDED, census, parse_size, world

from timeline import (
    Event,
    Founded,
    Joined,
    Left,
    OrganizationDeclared,
    PersonDeclared,
    Source,
    TenureEvent,
    Timeline,
    TimelineError,
)

TIMELINE = "timeline"
BATCH = 1_000
MINIMUM = 100  # calls a measurement makes even past its budget
SOURCE = Source("benchmark-news", publisher="Benchmark")
AFTER = _dt.datetime(2026, 7, 1, tzinfo=_dt.UTC)  # appends timed here are recorded from then


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@attrs.frozen
class Result:
    """One row of the table."""

    measurement: str
    system: str
    n: int
    median: float | None = None  # seconds
    p99: float | None = None
    total: float | None = None
    note: str = ""
    wrong: str = ""
    cpu: float | None = None  # median processor time of this process per call, seconds


@attrs.frozen
class Queries:
    """The questions every system is asked, drawn once."""

    orgs: list[str]
    days: list[int]
    dates: list[_dt.date]
    known: list[_dt.date]
    people: list[str]
    person_days: list[int]
    person_dates: list[_dt.date]
    person_known: list[_dt.date]

    @classmethod
    def draw(
        cls, rows: Sequence[tuple[str, str, int, int]], declared: dict[str, int], count: int,
        seed: int,
    ) -> Queries:
        """``known=`` dates fall after the entity asked about is declared: before, the
        view does not know its name (an error, as it should be)."""
        rng = random.Random(seed)
        sizes = Counter(org for _, org, _, _ in rows)
        names = sorted(sizes)
        orgs = rng.choices(names, weights=[sizes[o] for o in names], k=count)
        days = [rng.randint(FIRST_DAY, LAST_DAY) for _ in range(count)]
        known = [max(min(d + rng.randint(90, 1500), LAST_RECORDED), declared[o])
                 for d, o in zip(days, orgs, strict=True)]
        people = rng.choices(sorted({person for person, _, _, _ in rows}), k=count)
        person_days = [rng.randint(FIRST_DAY, LAST_DAY) for _ in range(count)]
        person_known = [max(min(d + rng.randint(90, 1500), LAST_RECORDED), declared[p])
                        for d, p in zip(person_days, people, strict=True)]
        return cls(orgs, days, [_date(d) for d in days], [_date(k) for k in known], people,
                   person_days, [_date(d) for d in person_days],
                   [_date(k) for k in person_known])


def _date(ordinal: int) -> _dt.date:
    return _dt.date.fromordinal(ordinal)


class Times(list[float]):
    """Wall-clock seconds per call, and beside them (``cpu``) the processor
    seconds this process spent in each call: on a loaded machine the wall
    time counts other processes' turns, the processor time does not."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []


def timed(call: Callable[[int], object], count: int, budget: float) -> Times:
    """Seconds per call of ``call(i)`` for i < count, stopping after ``budget`` seconds.

    The processor clock is read outside the wall clock's bracket, so the wall
    times do not include its cost."""
    gc.collect()
    times = Times()
    deadline = time.perf_counter() + budget
    clock, cpu = time.perf_counter_ns, time.process_time_ns
    for index in range(count):
        used = cpu()
        started = clock()
        call(index)
        times.append((clock() - started) / 1e9)
        times.cpu.append((cpu() - used) / 1e9)
        if len(times) >= MINIMUM and time.perf_counter() > deadline:
            break
    return times


def summary(measurement: str, system: str, times: Sequence[float], note: str = "") -> Result:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    cpu = getattr(times, "cpu", None)
    return Result(measurement, system, len(times), statistics.median(ordered), p99,
                  sum(ordered), note, cpu=statistics.median(cpu) if cpu else None)


def resident() -> int:
    """Resident memory of this process, in bytes."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource  # noqa: PLC0415 - fallback off Linux, where /proc is missing

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Bench:
    """Runs every measurement on one world and keeps the rows."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.size: int = args.size
        self.rows: list[Result] = []
        self.command: list[str] = []
        self.facts: dict[str, str] = {}
        self.world_facts: dict[str, object] = {}
        self.rng = random.Random(args.seed * 7_919 + 5)
        self.peers_module: ModuleType | None = None
        if not args.no_peers:
            try:
                import peers  # noqa: PLC0415 - optional: needs duckdb, pandas, eventsourcing
            except ImportError as error:
                log(f"peers skipped ({error}): python -m pip install duckdb pandas eventsourcing")
            else:
                self.peers_module = peers

    def add(self, result: Result) -> Result:
        self.rows.append(result)
        return result

    def timed(self, call: Callable[[int], object]) -> Times:
        """``timed`` with this run's number of queries and budget."""
        return timed(call, self.args.queries, self.args.budget)

    def summary(self, measurement: str, times: Sequence[float], note: str = "") -> Result:
        """``summary`` of a timeline measurement."""
        return summary(measurement, TIMELINE, times, note)

    # -- the world, loaded in memory ------------------------------------------------

    def load(self) -> None:
        gc.collect()
        before = resident()
        started = time.perf_counter()
        self.events: list[Event] = list(world(self.size, self.args.seed))
        generated = time.perf_counter() - started
        self.facts["world generated in"] = f"{generated:.1f} s"
        log(f"generated {len(self.events):,} events in {generated:.1f} s")
        gc.collect()
        built = resident()
        self.timeline = Timeline()
        self.load_seconds = self.batches(self.timeline, "append, memory, batches of 1,000",
                                         TIMELINE)
        gc.collect()
        loaded = resident()
        per_event = (loaded - before) / len(self.events)
        self.add(Result(
            "resident memory per event after loading", TIMELINE, len(self.events),
            note=(f"{per_event:,.0f} B (events as generated: "
                  f"{(built - before) / len(self.events):,.0f} B; "
                  f"log and indices: {(loaded - built) / len(self.events):,.0f} B)")))
        self.bytes_per_event = per_event
        log(f"loaded into memory in {self.load_seconds:.1f} s")
        self.world_facts = census(self.events)
        self.tenures = self._rows()
        declared = {e.entity: e.recorded.date().toordinal() for e in self.events
                    if isinstance(e, (PersonDeclared, OrganizationDeclared)) and e.recorded}
        self.queries = Queries.draw(self.tenures, declared, self.args.queries, self.args.seed)

    def _rows(self) -> list[tuple[str, str, int, int]]:
        if self.peers_module is not None:
            rows: list[tuple[str, str, int, int]] = self.peers_module.tenure_rows(self.events)
            return rows
        # without the peers, draw organisations by the tenures their joins start
        return [(e.person, e.org, 0, 0) for e in self.events if isinstance(e, Joined)]

    # -- timeline's queries -----------------------------------------------------------

    def queries_of_timeline(self) -> None:
        tl, q, n, budget = self.timeline, self.queries, self.args.queries, self.args.budget
        year = _dt.timedelta(days=365)
        calls: list[tuple[str, Callable[[int], object], Callable[[int], object]]] = [
            ("roster(org, at)", lambda i: tl.roster(q.orgs[i], at=q.dates[i]),
             lambda i: tl.roster(q.orgs[i], at=q.dates[i], known=q.known[i])),
            ("roster(org, at), every member's details read",
             lambda i: tl.roster(q.orgs[i], at=q.dates[i]).members,
             lambda i: tl.roster(q.orgs[i], at=q.dates[i], known=q.known[i]).members),
            ("where(person, at)", lambda i: tl.where(q.people[i], at=q.person_dates[i]),
             lambda i: tl.where(q.people[i], at=q.person_dates[i], known=q.person_known[i])),
            ("organization(org, at)", lambda i: tl.organization(q.orgs[i], at=q.dates[i]),
             lambda i: tl.organization(q.orgs[i], at=q.dates[i], known=q.known[i])),
            ("diff(org, at, at + 1 year)",
             lambda i: tl.diff(q.orgs[i], q.dates[i], q.dates[i] + year),
             lambda i: tl.diff(q.orgs[i], q.dates[i], q.dates[i] + year, known=q.known[i])),
            ("flows(at, at + 1 year, source=org)",
             lambda i: tl.flows(q.dates[i], q.dates[i] + year, source=q.orgs[i]),
             lambda i: tl.flows(q.dates[i], q.dates[i] + year, source=q.orgs[i],
                                known=q.known[i])),
        ]
        for name, plain, known in calls:
            first = self.add(summary(name, TIMELINE, timed(plain, n, budget)))
            second = timed(known, n, budget)
            ratio = statistics.median(second) / first.median if first.median else 0.0
            self.add(summary(name.replace(")", ", known=)", 1), TIMELINE, second,
                             f"{ratio:.2f}x the same call without known="))
            log(f"timeline {name}: p50 {_duration(first.median)}")

    def bulk_of_timeline(self) -> None:
        sizes = Counter(org for _, org, _, _ in self.tenures)
        self.bulk_orgs = [org for org, _ in sizes.most_common(100)]
        self.bulk_days = [
            _dt.date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
            for year in range(2015, 2025) for month in range(1, 13)
        ]
        cells = list(itertools.product(self.bulk_orgs, self.bulk_days))
        tl = self.timeline
        dates = [_date(day) for day in self.bulk_days]
        self.bulk_label = (f"monthly headcount, {len(self.bulk_orgs)} largest orgs x "
                           f"{len(self.bulk_days)} months")
        started = time.perf_counter()
        counts = tl.headcounts(self.bulk_orgs, dates)
        self.bulk_seconds = time.perf_counter() - started
        self.expected_counts = {
            (org, day): counts.counts[i][j]
            for i, org in enumerate(self.bulk_orgs) for j, day in enumerate(self.bulk_days)
        }
        self.add(Result(self.bulk_label, TIMELINE, len(cells), total=self.bulk_seconds,
                        note="one headcounts() call"))

        def count(i: int) -> None:
            org, day = cells[i]
            roster = tl.roster(org, at=_date(day))
            if (len(roster), len(roster.possible_ids)) != self.expected_counts[org, day]:
                raise SystemExit(f"headcounts() and roster() disagree on {org} at {day}")

        times = timed(count, len(cells), float("inf"))
        self.add(summary(self.bulk_label.replace("monthly headcount", "monthly rosters"),
                         TIMELINE, times, "one roster() per cell, its size read"))
        log(f"timeline bulk headcount: {self.bulk_seconds:.2f} s")

    # -- peers ----------------------------------------------------------------------

    def peers(self, folder: Path) -> None:
        module = self.peers_module
        if module is None:
            return
        q = self.queries
        sample = range(min(self.args.check, self.args.queries))
        rosters = [self.timeline.roster(q.orgs[i], at=q.dates[i]) for i in sample]
        wheres = [self.timeline.where(q.people[i], at=q.person_dates[i]) for i in sample]
        builds: list[tuple[Callable[[], Any], bool]] = [
            (lambda: module.NaiveReplay(self.events), False),
            (lambda: module.SortedIndex(self.tenures), True),
            (lambda: module.SQLiteTable(self.tenures, str(folder / "peer.sqlite")), True),
            (lambda: module.DuckDBTable(self.tenures), True),
            (lambda: module.PandasFrame(self.tenures), True),
            (lambda: module.EventSourced(self.tenures), True),
        ]
        for build, bulk in builds:
            started = time.perf_counter()
            peer = build()
            built = time.perf_counter() - started
            log(f"{peer.name}: built in {built:.1f} s")
            wrong = self._check(peer, rosters, wheres, bulk)
            self._time_peer(peer, built, wrong, bulk)
            peer.close()

    def _check(self, peer: Any, rosters: list[Any], wheres: list[Any], bulk: bool) -> str:
        assert self.peers_module is not None
        q, agrees = self.queries, self.peers_module.agrees
        bad = sum(
            not agrees(peer.roster(q.orgs[i], q.days[i]), r.people, (m.person for m in r.possible))
            for i, r in enumerate(rosters)
        )
        bad += sum(
            not agrees(peer.where(q.people[i], q.person_days[i]), w, (m.org for m in w.possible))
            for i, w in enumerate(wheres)
        )
        checked = len(rosters) + len(wheres)
        if bulk:
            counts = peer.headcounts(self.bulk_orgs, self.bulk_days)
            bad += sum(not sure <= counts.get(cell, -1) <= sure + maybe
                       for cell, (sure, maybe) in self.expected_counts.items())
            checked += len(self.expected_counts)
        if bad:
            log(f"{peer.name}: {bad} of {checked} answers disagree with timeline")
            return f"WRONG: {bad} of {checked} answers disagree with timeline"
        return ""

    def _time_peer(self, peer: Any, built: float, wrong: str, bulk: bool) -> None:
        q, n, budget = self.queries, self.args.queries, self.args.budget
        for name, call in (
            ("roster(org, at)", lambda i: peer.roster(q.orgs[i], q.days[i])),
            ("where(person, at)", lambda i: peer.where(q.people[i], q.person_days[i])),
        ):
            result = summary(name, peer.name, timed(call, n, budget), f"built in {built:.1f} s")
            self.add(attrs.evolve(result, wrong=wrong))
        if bulk:
            started = time.perf_counter()
            peer.headcounts(self.bulk_orgs, self.bulk_days)
            total = time.perf_counter() - started
            cells = len(self.bulk_orgs) * len(self.bulk_days)
            system = f"{peer.name.split(',')[0]}, {peer.bulk}"
            self.add(Result(self.bulk_label, system, cells, total=total, wrong=wrong))

    # -- appends ----------------------------------------------------------------------

    def news(self, count: int, prefix: str) -> list[Event]:
        """Fresh news, one event at a time: a person declared, then their join."""
        sizes = Counter(org for _, org, _, _ in self.tenures)
        orgs = self.rng.choices(list(sizes), weights=list(sizes.values()), k=count)
        out: list[Event] = []
        for i, org in enumerate(orgs):
            recorded = AFTER + _dt.timedelta(seconds=2 * i)
            who = f"{prefix}-person-{i}"
            out.append(PersonDeclared(id=f"{prefix}-p{i}", valid="2025-12", entity=who,
                                      name=f"{prefix} person {i}", sources=SOURCE,
                                      recorded=recorded))
            out.append(Joined(id=f"{prefix}-j{i}", valid=_date(LAST_DAY - i % 300), person=who,
                              org=org, role="engineer", sources=SOURCE,
                              recorded=recorded + _dt.timedelta(seconds=1)))
        return out

    def one_at_a_time(self, tl: Timeline, system: str, measurement: str) -> None:
        slug = system.rsplit(",", maxsplit=1)[-1].strip().lower()
        events = self.news(self.args.queries // 2, f"single-{slug}")
        times = timed(lambda i: tl.append(events[i]), len(events), float("inf"))
        self.add(summary(measurement, system, times,
                         f"{len(times) / sum(times):,.0f} events/s"))

    def retroactive(self) -> None:
        tl, rng, n = self.timeline, self.rng, self.args.queries
        sizes = Counter(org for _, org, _, _ in self.tenures)
        orgs = rng.choices(list(sizes), weights=list(sizes.values()), k=n)
        start = AFTER + _dt.timedelta(days=30)
        tl.extend(PersonDeclared(id=f"retro-p{i}", valid="1990", entity=f"retro-person-{i}",
                                 name=f"Retro person {i}", sources=SOURCE, recorded=start)
                  for i in range(n))
        # not before the organisation's founding: that would contradict it
        founded = {e.org: e.valid.last for e in self.events if isinstance(e, Founded)}
        earliest = {org: max(FIRST_DAY + 365, founded.get(org, 0)) for org in sizes}
        joins = [
            Joined(id=f"retro-j{i}",
                   valid=_date(rng.randint(earliest[org], max(earliest[org], _ordinal(2015)))),
                   person=f"retro-person-{i}", org=org, sources=SOURCE,
                   recorded=start + _dt.timedelta(seconds=i + 1))
            for i, org in enumerate(orgs)
        ]
        self.add(summary("retroactive append: a join dated 1996-2015", TIMELINE,
                         timed(lambda i: tl.append(joins[i]), n, float("inf"))))
        departures = list(self._departures(start + _dt.timedelta(days=1)))[:n]
        times: list[float] = []
        for departure in departures:
            began = time.perf_counter_ns()
            try:
                tl.append(departure)
            except TimelineError:
                continue  # a pair whose log makes this departure a contradiction
            times.append((time.perf_counter_ns() - began) / 1e9)
        if times:
            self.add(summary("retroactive append: a departure closing a tenure years back",
                             TIMELINE, times, f"{len(departures) - len(times)} refused"))

    def _departures(self, recorded: _dt.datetime) -> Iterator[Left]:
        """Departures, dated before 2016, for tenures still open today whose pair has
        no departure in the log (not even a rumoured one)."""
        latest: dict[tuple[str, str], int] = {}
        ended = {(e.person, e.org) for e in self.events if isinstance(e, Left)}
        for e in self.events:
            pairs = ((e.person, e.org),) if isinstance(e, TenureEvent) else (
                tuple((f, e.org) for f in e.founders) if isinstance(e, Founded) else ())
            for pair in pairs:
                latest[pair] = max(latest.get(pair, 0), e.valid.last)
        cutoff = _ordinal(2016) - 1
        open_ = sorted({(p, o) for p, o, start, stop in self.tenures
                        if stop > LAST_DAY and start > 0 and (p, o) not in ended
                        and latest.get((p, o), cutoff) < cutoff - 60})
        self.rng.shuffle(open_)
        for i, (person, org) in enumerate(open_):
            day = self.rng.randint(latest[person, org] + 30, cutoff)
            yield Left(id=f"retro-l{i}", valid=_date(day), person=person, org=org,
                       sources=SOURCE, recorded=recorded + _dt.timedelta(seconds=i))

    # -- stores -------------------------------------------------------------------

    def batches(self, tl: Timeline, measurement: str, system: str) -> float:
        """Append the world in batches; one row, time per event; return the total."""
        times, total = Times(), 0.0
        for index in range(0, len(self.events), BATCH):
            batch = self.events[index:index + BATCH]
            used = time.process_time()
            started = time.perf_counter()
            tl.extend(batch)
            took = time.perf_counter() - started
            times.cpu.append((time.process_time() - used) / len(batch))
            total += took
            times.append(took / len(batch))
        self.add(summary(f"{measurement} (time per event)", system, times,
                         f"{len(self.events) / total:,.0f} events/s; {total:.1f} s in all"))
        log(f"{system}: loaded in {total:.1f} s")
        return total

    def store(self, url: str, system: str) -> None:
        with Timeline.open(url) as tl:
            self.batches(tl, "append, batches of 1,000", system)
            self.one_at_a_time(tl, system, "append, one at a time")

    def open_sqlite(self, path: Path) -> None:
        org = self.bulk_orgs[0]
        used = time.process_time()
        started = time.perf_counter()
        with Timeline.open(path, create=False) as tl:
            tl.roster(org, at="2020-06-30")
            opened = time.perf_counter() - started
            cpu = time.process_time() - used
            count = tl.position
        self.open_seconds = opened
        self.add(Result(f"open a {count:,}-event SQLite store until the first roster answers",
                        "timeline, SQLite", 1, total=opened, cpu=cpu))
        log(f"SQLite store opened in {opened:.1f} s")

    def postgres(self, url: str) -> None:
        import psycopg  # noqa: PLC0415 - only with --postgres (timeline's postgres extra)

        with psycopg.connect(url, autocommit=True) as db:
            db.execute("DROP TABLE IF EXISTS timeline_events, timeline_meta, timeline_event_keys, "
                       "timeline_projection, timeline_roster_regions, timeline_roster_tenures, "
                       "timeline_entity_names")
            self.facts["PostgreSQL"] = str(db.execute("SHOW server_version").fetchone()[0])
        self.store(url, "timeline, PostgreSQL")

    # -- the whole run ----------------------------------------------------------------

    def run(self) -> None:
        self.facts.update(machine())
        self.load()
        self.queries_of_timeline()
        News(self).run()
        self.bulk_of_timeline()
        with tempfile.TemporaryDirectory() as folder:
            self.peers(Path(folder))
            self.one_at_a_time(self.timeline, TIMELINE, "append, memory, one at a time")
            self.retroactive()
            if not self.args.no_stores:
                path = Path(folder) / "timeline.sqlite"
                self.store(str(path), "timeline, SQLite")
                self.open_sqlite(path)
        if self.args.postgres and not self.args.no_stores:
            self.postgres(self.args.postgres)


def _ordinal(year: int) -> int:
    return _dt.date(year, 1, 1).toordinal()


def machine() -> dict[str, str]:
    """Cores, processor, memory, Python and the packages measured."""
    facts = {
        "cores": str(os.cpu_count()),
        "processor": _cpu(),
        "memory": _memory(),
        "system": platform.platform(terse=True),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "SQLite": sqlite3.sqlite_version,
    }
    names = ("timeline", "attrs", "pendulum", "sortedcontainers", "duckdb", "pandas", "numpy",
             "eventsourcing", "psycopg")
    versions = []
    for name in names:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    facts["packages"] = ", ".join(versions)
    return facts


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return "unknown"
    return f"{pages / 2**30:.1f} GiB"


# -- the report ----------------------------------------------------------------------


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs" if seconds >= 1e-5 else f"{seconds * 1e6:.2f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms" if seconds >= 1e-2 else f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


_ORDER = ("roster(", "where(", "organization(", "diff(", "flows(", "roster_during(", "overlap(",
          "history(", "lineage(", "monthly", "append, memory",
          "retroactive", "resident", "append", "open")


def _rank(result: Result) -> tuple[int, bool, int]:
    group = next((i for i, p in enumerate(_ORDER) if result.measurement.startswith(p)),
                 len(_ORDER))
    return group, "known=" in result.measurement, 0 if result.system.startswith(TIMELINE) else 1


def table(rows: list[Result]) -> str:
    reference = {r.measurement: r for r in rows if r.system == TIMELINE}
    lines = [("| measurement | system | n | median | p99 | total | vs timeline | notes "
              "| CPU median |"), "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for row in sorted(rows, key=_rank):
        base = reference.get(row.measurement)
        ratio = ""
        if row.system != TIMELINE and base is not None and not row.system.startswith(TIMELINE):
            mine, theirs = ((row.median, base.median) if row.median is not None
                            else (row.total, base.total))
            ratio = f"{mine / theirs:.2f}x" if mine and theirs else ""
        notes = "; ".join(part for part in (f"**{row.wrong}**" if row.wrong else "", row.note)
                          if part)
        lines.append(
            f"| {row.measurement} | {row.system} | {row.n:,} | {_duration(row.median)} "
            f"| {_duration(row.p99)} | {_duration(row.total)} | {ratio} | {notes} "
            f"| {_duration(row.cpu)} |"
        )
    return "\n".join(lines)


def targets(bench: Bench) -> list[str]:
    """The performance targets (stated for 1M events) as measured in this run."""
    rows = {(r.measurement, r.system): r for r in bench.rows}

    def p50(measurement: str, system: str = TIMELINE) -> float | None:
        row = rows.get((measurement, system))
        return row.median if row is not None and not row.wrong else None

    out = []
    roster = p50("roster(org, at)")
    for system, factor in (("sortedcontainers index", 2), ("SQLite, indexed table", 2),
                           ("DuckDB, single queries", 10), ("eventsourcing, snapshots", 10),
                           ("naive full replay", 100)):
        theirs = p50("roster(org, at)", system)
        if roster and theirs:
            out.append(_verdict(f"roster p50 {factor}x faster than {system}",
                                theirs / roster >= factor, f"{theirs / roster:.2f}x"))
    where = p50("where(person, at)")
    if where:
        out.append(_verdict("where p50 under 5 µs", where < 5e-6, _duration(where)))
    duck = rows.get((bench.bulk_label, "DuckDB, one batched statement"))
    if duck is not None and duck.total and not duck.wrong:
        out.append(_verdict("bulk headcount faster than DuckDB's batched statement",
                            bench.bulk_seconds < duck.total,
                            f"{bench.bulk_seconds:.2f} s vs {duck.total:.2f} s"))
    for r in bench.rows:
        if r.system == TIMELINE and "known=" in r.measurement:
            plain = p50(r.measurement.replace(", known=)", ")"))
            if plain and r.median:
                what = r.measurement.replace(", known=)", ")")
                out.append(_verdict(f"{what} with known= at most 2x without",
                                    r.median <= 2 * plain, f"{r.median / plain:.2f}x"))
    retro = p50("retroactive append: a departure closing a tenure years back") or p50(
        "retroactive append: a join dated 1996-2015")
    if retro:
        out.append(_verdict("a retroactive append under 1 ms", retro < 1e-3, _duration(retro)))
    scale = 1_000_000 / bench.size
    out.append(_verdict(
        "1M events appended in memory in under 10 s", bench.load_seconds * scale < 10,
        f"{bench.load_seconds:.1f} s for {bench.size:,}" + (
            f"; about {bench.load_seconds * scale:.0f} s at 1M if linear" if scale != 1 else "")))
    if hasattr(bench, "open_seconds"):
        out.append(_verdict(
            "a 1M-event SQLite store open and answering in under 5 s",
            bench.open_seconds * scale < 5, f"{bench.open_seconds:.1f} s for {bench.size:,}" + (
                f"; about {bench.open_seconds * scale:.0f} s at 1M if linear"
                if scale != 1 else "")))
    out.append(_verdict("at most 400 bytes resident per event", bench.bytes_per_event <= 400,
                        f"{bench.bytes_per_event:,.0f} B"))
    return out


def _verdict(target: str, met: bool, measured: str) -> str:
    return f"- {'met' if met else '**not met**'}: {target} ({measured})"


def report(bench: Bench, elapsed: float) -> str:
    world_facts = {k: v for k, v in bench.world_facts.items() if k != "kinds"}
    lines = [f"# timeline benchmark: {bench.size:,} events (seed {bench.args.seed})", ""]
    lines += [f"- {key}: {value}" for key, value in bench.facts.items()]
    lines += [(f"- {bench.args.queries:,} queries per measurement, {bench.args.check} "
               f"checked against timeline per peer; run took {elapsed:.0f} s"),
              f"- command: `python benchmarks/run.py {' '.join(bench.command)}`",
              "", "World: " + "; ".join(f"{k} {v}" for k, v in world_facts.items()), "",
              ("*vs timeline*: a peer's median (its total, for the bulk workload) divided by "
               "timeline's; below 1x the peer is faster. *n*: calls timed (batches, for "
               "batched appends)."),
              "", table(bench.rows), "",
              "Performance targets (stated for 1M events), this run:", ""]
    lines += targets(bench)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description="The performance benchmark: timeline and its peers on one synthetic world.")
    parser.add_argument("--size", type=parse_size, default=10_000,
                        help="events: 10k, 100k, 1M or a number (default 10k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=1_000, help="calls per measurement")
    parser.add_argument("--check", type=int, default=200,
                        help="roster and where answers checked against timeline, per peer")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds after which a measurement stops (after 100 calls)")
    parser.add_argument("--postgres", help="a PostgreSQL URL (its timeline tables are dropped)")
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument("--no-peers", action="store_true", help="measure timeline only")
    parser.add_argument("--no-stores", action="store_true",
                        help="skip the SQLite and PostgreSQL measurements")
    args = parser.parse_args()
    started = time.perf_counter()
    bench = Bench(args)
    bench.command = sys.argv[1:]
    bench.run()
    text = report(bench, time.perf_counter() - started)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if any(r.wrong for r in bench.rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
