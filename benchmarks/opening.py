"""Opening a store and memory, each beside its target, measured side by side in one run.

    python benchmarks/opening.py --size 10k|100k|1M|10M [--seed 1] [--work DIR]
                                 [--postgres postgresql://...] [--markdown FILE]
                                 [--budget 120] [--queries 1000] [--memory-limit GIB]

The world of ``benchmarks/world.py`` is written once to JSON Lines under
``--work`` and reused when present (its generation is no target). Every
step then runs in a fresh process of its own:

1. the file imported into an in-memory ``Timeline`` (``Timeline.from_jsonl``):
   its time, its peak resident memory (``VmHWM``), and the resident memory it
   added per event (``VmRSS`` read from ``/proc/self/status`` after
   ``gc.collect()``, before and after the import);
2. ``timeline import FILE --store DB.sqlite``, from process start to exit;
   with ``--postgres``, the same into PostgreSQL (its timeline tables are
   dropped first, so give it a scratch database);
3. the SQLite store opened until the first roster of the organisation most joined
   answers, in-process; then, in that process, ``--queries`` rosters and
   wheres drawn as ``benchmarks/run.py`` draws them (organisations in
   proportion to the tenures they start, days uniform over 1995-2025): the
   cold roster median (the first roster of each organisation in the
   process), the resident memory after them, and the warm roster and where
   medians (the same calls again);
4. ``timeline roster``, ``where`` and ``career`` on that store, from process
   start to exit;
5. with ``--postgres``, the PostgreSQL store opened by another process until
   its first roster answers;
6. run.py's indexed-SQLite peer (``benchmarks/peers.py``), built from the
   same file and asked the same rosters and wheres, for the roster target.

A step is stopped after ``--budget`` seconds (default 120: twice the largest
target, so a step it stops has missed its target) and shown as over budget;
a process may hold at most ``--memory-limit`` GiB of address space (default
half the machine's memory), past which it is shown as out of memory.

The targets are stated for 1,000,000 events. Below 1M, a figure that grows
with the log is judged by its linear extrapolation to 1M: times to import
and open, and memory, less what a process holds before it reads anything (the
interpreter, and for a command, its start and everything but the open).
Medians and bytes per event are judged as measured, and so is every figure
at 1M and above (at 10M, against the targets for 1M).

Every answer is checked: the first roster is non-empty, and its sorted
person ids, the person's whereabouts and career, and a digest of every drawn
roster are equal in memory, in SQLite, in PostgreSQL and on the command line;
the imports report every event and the peer agrees with timeline. The
command exits with status 1 if any answer disagrees or a step fails, never
for being slow.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as _dt
import gc
import hashlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from run import Queries, _date, _duration, log, machine, timed
from world import parse_size, world

import timeline
from timeline import Joined, PersonDeclared, Timeline
from timeline.io import jsonl

if TYPE_CHECKING:
    from timeline.answers.results import Roster

MILLION = 1_000_000
FIRST_DAY = _dt.date(2020, 6, 30)  # the first roster's day, as run.py opens its store
YEAR_BEFORE = _dt.date(2019, 6, 30)  # where a diff and the flows of the command line begin
HERE = Path(__file__).resolve()
# what a process stopped by the memory limit says (Python, the C library, the loader)
OUT_OF_MEMORY = ("MemoryError", "Cannot allocate memory", "failed to map segment")
CHILDREN = ("generate", "memory", "open", "first", "append", "peer")


def _gib(text: str) -> int:
    return int(float(text) * 2**30)


# -- what a process measures of itself ------------------------------------------------


def memory() -> dict[str, int]:
    """This process's resident memory now (``VmRSS``) and at its peak (``VmHWM``),
    in bytes, read from ``/proc/self/status``; empty where there is none."""
    found: dict[str, int] = {}
    try:
        text = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return found
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) * 1024  # the kernel counts in KiB
    return found


def settled() -> int | None:
    """Resident memory after a full garbage collection, in bytes."""
    gc.collect()
    return memory().get("VmRSS")


def emit(**fields: object) -> None:
    """One finding of a child process, a JSON line on its standard output:
    what it printed before a budget stopped it still counts."""
    print(json.dumps(fields), flush=True)


@attrs.frozen
class Spec:
    """What every child process is asked: the file, the stores, the first
    roster (``org`` at ``day``, an ordinal), the person whose whereabouts and
    career are compared, and the drawn rosters and wheres."""

    file: str
    store: str
    url: str | None
    peer: str
    org: str
    day: int
    person: str
    orgs: list[str]
    days: list[int]
    people: list[str]
    person_days: list[int]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(attrs.asdict(self)), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Spec:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def ids(roster: Roster) -> list[list[str]]:
    """A roster as the checks compare it: its certain and its possible ids, sorted."""
    return [sorted(roster.certain_ids), sorted(roster.possible_ids)]


def answers(tl: Timeline, spec: Spec) -> dict[str, Any]:
    """The first roster, the person's whereabouts on its day and their career,
    as the checks compare them (the command line's JSON reads the same)."""
    at = _date(spec.day)
    where = tl.where(spec.person, at=at)
    career = tl.career(spec.person)
    return {"roster": ids(tl.roster(spec.org, at=at)),
            "where": [sorted(where.certain_ids), sorted(where.possible_ids)],
            "career": [[t.org, _text(t.start), _text(t.end)] for t in career.tenures]}


def digest(rosters: Sequence[Roster]) -> str:
    """One digest of every drawn roster's ids, to compare stores without shipping them."""
    summed = hashlib.sha256()
    for roster in rosters:
        summed.update(json.dumps([roster.org, str(roster.at), *ids(roster)]).encode())
    return summed.hexdigest()


# -- the child processes ------------------------------------------------------------------


def generate(size: int, seed: int, path: Path) -> None:
    """Write the world to JSON Lines (whole or not at all), straight from the
    generator: appending it to a timeline first would cost what step 1 measures."""
    started = time.perf_counter()
    count = jsonl.write(world(size, seed), path)
    emit(generated=time.perf_counter() - started, events=count)


def in_memory(spec: Spec) -> None:
    """Step 1: the file imported into an in-memory timeline, its time and memory."""
    before = settled()
    used, started = time.process_time(), time.perf_counter()
    tl = Timeline.from_jsonl(spec.file)
    seconds, cpu = time.perf_counter() - started, time.process_time() - used
    peak = memory().get("VmHWM")
    emit(seconds=seconds, cpu=cpu, events=len(tl), before=before, after=settled(), peak=peak)
    rosters = [tl.roster(o, at=_date(d)) for o, d in zip(spec.orgs, spec.days, strict=True)]
    emit(answers=answers(tl, spec), digest=digest(rosters))


def opened(spec: Spec, url: str, *, drawn: bool) -> None:
    """Steps 3 and 5: a store opened until the first roster answers, in-process;
    then, if ``drawn``, the drawn rosters and wheres, cold and warm, and memory."""
    before = settled()
    used, started = time.process_time(), time.perf_counter()
    tl = Timeline.open(url, create=False)
    roster = tl.roster(spec.org, at=_date(spec.day))
    seconds, cpu = time.perf_counter() - started, time.process_time() - used
    emit(seconds=seconds, cpu=cpu, events=tl.position, before=before, size=len(roster))
    emit(answers=answers(tl, spec))
    if drawn:
        first_touches(tl, spec)
        warm(tl, spec)


def appended(spec: Spec) -> None:
    """Step 4: a new person hired at the organisation most joined, appended to
    the SQLite store opened in-process (its declaration and the hire, one
    batch); then the roster that shows the hire."""
    tl = Timeline.open(spec.store, create=False)
    day = _date(spec.day)
    hire = [PersonDeclared(id="bench-hire-declared", valid=day, entity="bench-hire",
                           name="Bench Hire", sources="bench"),
            Joined(id="bench-hire-joined", valid=day, person="bench-hire", org=spec.org,
                   sources="bench")]
    used, started = time.process_time(), time.perf_counter()
    added = tl.extend(hire)
    seconds, cpu = time.perf_counter() - started, time.process_time() - used
    lazy = tl.lazy
    member = "bench-hire" in tl.roster(spec.org, at=day)
    emit(seconds=seconds, cpu=cpu, added=added, lazy=lazy, member=member)
    tl.close()


def first_touches(tl: Timeline, spec: Spec) -> None:
    """The drawn rosters and wheres once, in order: the roster of an organisation
    not asked before in this process is a cold one; then resident memory."""
    seen, cold, rosters = {spec.org}, [], []
    for org, day in zip(spec.orgs, spec.days, strict=True):
        started = time.perf_counter()
        roster = tl.roster(org, at=_date(day))
        took = time.perf_counter() - started
        if org not in seen:
            seen.add(org)
            cold.append(took)
        rosters.append(roster)
    for person, day in zip(spec.people, spec.person_days, strict=True):
        tl.where(person, at=_date(day))
    usage = memory()
    emit(cold=cold, rss=usage.get("VmRSS"), peak=usage.get("VmHWM"), digest=digest(rosters))


def warm(tl: Timeline, spec: Spec) -> None:
    """The same rosters and wheres again, every one warm: their medians."""
    dates = [_date(d) for d in spec.days]
    person_dates = [_date(d) for d in spec.person_days]
    count = len(dates)
    rosters = timed(lambda i: tl.roster(spec.orgs[i], at=dates[i]), count, float("inf"))
    wheres = timed(lambda i: tl.where(spec.people[i], at=person_dates[i]), count,
                   float("inf"))
    emit(roster_p50=statistics.median(rosters), roster_cpu=statistics.median(rosters.cpu),
         where_p50=statistics.median(wheres), where_cpu=statistics.median(wheres.cpu))


def peer(spec: Spec) -> None:
    """Step 6: run.py's indexed-SQLite peer, built from the file, then the
    drawn rosters and wheres, warm, as run.py times them."""
    import peers  # noqa: PLC0415 - a benchmark dependency, needed in this process only

    started = time.perf_counter()
    table = peers.SQLiteTable(peers.tenure_rows(jsonl.read(spec.file)), spec.peer)
    emit(built=time.perf_counter() - started, first=sorted(table.roster(spec.org, spec.day)))
    count = len(spec.orgs)
    rosters = timed(lambda i: table.roster(spec.orgs[i], spec.days[i]), count, float("inf"))
    wheres = timed(lambda i: table.where(spec.people[i], spec.person_days[i]), count,
                   float("inf"))
    emit(roster_p50=statistics.median(rosters), where_p50=statistics.median(wheres))
    table.close()


def child(args: argparse.Namespace) -> None:
    """Run one step in this process, as the parent asked."""
    if args.child == "generate":
        generate(args.size, args.seed, args.world)
        return
    spec = Spec.read(args.spec)
    if args.child == "memory":
        in_memory(spec)
    elif args.child == "open":
        opened(spec, spec.store, drawn=True)
    elif args.child == "first" and spec.url is not None:
        opened(spec, spec.url, drawn=False)
    elif args.child == "append":
        appended(spec)
    else:
        peer(spec)


# -- running a step ------------------------------------------------------------------------


@attrs.define
class Outcome:
    """What one step's process reported: its JSON lines merged (a command's
    wall-clock time from start to exit as ``seconds``), its standard output,
    and why it stopped early or did not run (``stopped``), if it did."""

    data: dict[str, Any]
    output: str = ""
    cpu: float = 0.0  # processor seconds the process used, from start to exit
    stopped: str = ""
    over_budget: bool = False
    failed: bool = False


def skipped(why: str) -> Outcome:
    return Outcome({}, stopped=why if why.startswith("not run") else f"not run: {why}")


class Runner:
    """Runs each step in a process of its own, within the budget and the memory limit."""

    def __init__(self, folder: Path, budget: float, limit: int) -> None:
        self.folder, self.budget, self.limit = folder, budget, limit

    def _limited(self) -> None:
        resource.setrlimit(resource.RLIMIT_AS, (self.limit, self.limit))

    def run(self, name: str, command: list[str],
            budget: float | None = None) -> tuple[Outcome, float]:
        """Run ``command``; its output goes to files, so that what it printed
        before being stopped can still be read."""
        out, err = self.folder / f"{name}.out", self.folder / f"{name}.err"
        log(f"{name}: {' '.join(command[1:])}")
        used = _children_cpu()
        with out.open("w", encoding="utf-8") as stdout, err.open("w", encoding="utf-8") as stderr:
            started = time.perf_counter()
            process = subprocess.Popen(
                command, stdout=stdout, stderr=stderr,
                preexec_fn=self._limited)  # noqa: PLW1509 - the parent runs no threads
            try:
                code: int | None = process.wait(timeout=budget)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                code = None
            seconds = time.perf_counter() - started
        outcome = Outcome(_findings(out.read_text(encoding="utf-8")),
                          out.read_text(encoding="utf-8"), cpu=_children_cpu() - used)
        errors = err.read_text(encoding="utf-8")
        if code is None:
            outcome.stopped, outcome.over_budget = f"over budget (> {budget:.0f} s)", True
        elif code and any(sign in errors for sign in OUT_OF_MEMORY):
            outcome.stopped = f"out of memory (> {self.limit / 2**30:.0f} GiB)"
        elif code:
            tail = " ".join(errors.strip().splitlines()[-3:]) or f"exit status {code}"
            outcome.stopped, outcome.failed = f"failed: {tail}", True
        log(f"{name}: {outcome.stopped or f'{seconds:.1f} s'}")
        return outcome, seconds

    def child(self, name: str, kind: str, *extra: str, budget: bool = True) -> Outcome:
        """This script in a fresh process, measuring one step of itself."""
        command = [sys.executable, str(HERE), "--child", kind, *extra]
        return self.run(name, command, self.budget if budget else None)[0]

    def cli(self, name: str, *arguments: str) -> Outcome:
        """The ``timeline`` command, started as a user starts it, timed from
        start to exit, its package's bytecode compiled first, as installing
        it does (a source tree read with ``PYTHONDONTWRITEBYTECODE`` would
        compile every module again in each process)."""
        compileall.compile_dir(Path(timeline.__file__).parent, quiet=1)
        outcome, seconds = self.run(name, [sys.executable, "-m", "timeline", *arguments],
                                    self.budget)
        if not outcome.stopped:
            outcome.data.update(seconds=seconds, cpu=outcome.cpu)
        return outcome


def _children_cpu() -> float:
    """Processor seconds used by the child processes waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _findings(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for line in text.splitlines():
        if line.startswith("{") and line.endswith("}"):
            try:
                found.update(json.loads(line))
            except ValueError:
                continue  # the command line's own JSON spans lines; it is read apart
    return found


# -- the world and the questions -------------------------------------------------------


def joins_and_declarations(path: Path) -> tuple[list[tuple[str, str, int, int]], dict[str, int]]:
    """Each join as (person, organisation, 0, 0), and the day each entity was
    declared, read from the file without making events: what ``Queries.draw``
    needs to draw as run.py does without its peers."""
    rows: list[tuple[str, str, int, int]] = []
    declared: dict[str, int] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            data = json.loads(line)
            kind = data.get("kind")
            if kind == "joined":
                rows.append((data["person"], data["org"], 0, 0))
            elif kind in ("person-declared", "organization-declared"):
                declared[data["entity"]] = _dt.date.fromisoformat(data["recorded"][:10]).toordinal()
    return rows, declared


# -- judging a figure ------------------------------------------------------------------------


def _seconds(amount: float) -> str:
    return f"{amount:,.0f} s" if amount >= 100 else _duration(amount)


def _bytes(amount: float) -> str:
    return f"{amount / 1e6:,.0f} MB" if amount >= 1e7 else f"{amount:,.0f} B"


@attrs.frozen
class Target:
    """A target as stated for 1M events: ``limit`` (None: not known in this
    run), how a figure is shown, and whether it grows with the log."""

    text: str
    limit: float | None
    show: Callable[[float], str] = _seconds
    grows: bool = True


IN_MEMORY = Target("≤ 10 s", 10.0)
PEAK = Target("-", None, _bytes)
PER_EVENT = Target("≤ 400 B", 400.0, _bytes, grows=False)
INTO_SQLITE = Target("≤ 30 s", 30.0)
INTO_POSTGRES = Target("≤ 60 s", 60.0)
OPEN = Target("≤ 1 s", 1.0)
COMMAND = Target("≤ 1.5 s", 1.5)
RESIDENT = Target("≤ 300 MB", 300e6, _bytes)
WHERE = Target("≤ 5 µs", 5e-6, grows=False)
COLD = Target("≤ 2 ms", 2e-3, grows=False)
MEDIAN = Target("-", None, grows=False)
APPEND = Target("-", None, grows=False)


@attrs.frozen
class Row:
    measurement: str
    measured: str
    at_million: str
    target: str
    verdict: str
    notes: str = ""


class Judge:
    """Rows of the table: a figure, its value at 1M and its verdict."""

    def __init__(self, size: int) -> None:
        self.scale = MILLION / size if size < MILLION else 1.0

    def projected(self, value: float, fixed: float, target: Target) -> float:
        """The figure at 1M: linear in the events but for ``fixed``, below 1M."""
        if not target.grows:
            return value
        fixed = min(max(fixed, 0.0), value)
        return fixed + (value - fixed) * self.scale

    def _at(self, value: float, target: Target, bound: bool = False) -> str:
        if target.text == "-" and not target.grows:
            return "-"
        shown = ("> " if bound else "") + target.show(value)
        return f"{shown} if linear" if target.grows and self.scale != 1 else shown

    def row(self, measurement: str, value: float | None, target: Target, *, fixed: float = 0.0,
            notes: str = "", missing: str = "not measured") -> Row:
        """A figure measured (or, with ``value`` None, not: ``missing`` says why)."""
        if value is None:
            return Row(measurement, missing, "-", target.text, _verdict(target, None), notes)
        at = self.projected(value, fixed, target)
        return Row(measurement, target.show(value), self._at(at, target), target.text,
                   _verdict(target, at), notes)

    def over(self, measurement: str, budget: float, target: Target, stopped: str,
             notes: str = "") -> Row:
        """A step stopped by its budget: the budget is a lower bound of its time."""
        at = self.projected(budget, 0.0, target)
        met = target.limit is not None and at > target.limit
        return Row(measurement, stopped, self._at(at, target, bound=True), target.text,
                   "**not met**" if met else "unknown", notes)

    def outcome(self, measurement: str, outcome: Outcome, key: str, target: Target, *,
                fixed: float = 0.0, notes: str = "", budget: float | None = None) -> Row:
        """The row of ``key`` in a step's findings; a step stopped before it found
        it says why; ``budget`` is a lower bound of a time its budget stopped."""
        value = outcome.data.get(key)
        if value is not None:
            return self.row(measurement, value, target, fixed=fixed, notes=notes)
        if outcome.over_budget and budget is not None:
            return self.over(measurement, budget, target, outcome.stopped, notes)
        why = outcome.stopped if not outcome.data else f"not reached: {outcome.stopped}"
        return self.row(measurement, None, target, notes=notes, missing=why)


def _verdict(target: Target, at: float | None) -> str:
    if target.text == "-":
        return "-"
    if target.limit is None or at is None:
        return "unknown"
    return "met" if at <= target.limit else "**not met**"


# -- checking the answers ------------------------------------------------------------------


def from_command_line(command: str, output: str) -> list[Any]:
    """An answer of ``timeline COMMAND --json`` as ``answers`` gives it."""
    data = json.loads(output)
    if command == "roster":
        return [sorted(m["person"]["id"] for m in data["members"]),
                sorted(m["person"]["id"] for m in data["possible"])]
    if command == "where":
        return [sorted(m["org"]["id"] for m in data["orgs"]),
                sorted(m["org"]["id"] for m in data["possible"])]
    return [[t["org"]["id"], (t["start"] or {}).get("date"), (t["end"] or {}).get("date")]
            for t in data["tenures"]]


def described(key: str, value: list[Any]) -> str:
    """An answer in a few words, with a digest that tells two apart."""
    mark = hashlib.sha256(json.dumps(value).encode()).hexdigest()[:8]
    if key == "career":
        return f"{len(value)} tenures ({mark})"
    return f"{len(value[0])} certain and {len(value[1])} possible ({mark})"


# -- one run ---------------------------------------------------------------------------------


SQLITE, POSTGRES, COMMANDS = "SQLite in-process", "PostgreSQL in-process", "command line"


class Opening:
    """One run: the world, every step in its process, the checks and the table."""

    def __init__(self, args: argparse.Namespace, folder: Path) -> None:
        self.args, self.size, self.folder = args, args.size, folder
        self.runner = Runner(folder, args.budget, args.memory_limit)
        self.facts: dict[str, str] = machine()
        self.load = f"{os.getloadavg()[0]:.1f}"
        self.steps: dict[str, Outcome] = {}
        self.problems: list[str] = []
        self.agreed: list[str] = []  # what was compared and found equal

    def world_file(self) -> Path:
        """The world as JSON Lines under ``--work``, written unless it is there."""
        path = self.args.work / f"world-{self.size}-seed{self.args.seed}.jsonl"
        if path.exists():
            self.facts["world"] = f"{path} ({path.stat().st_size / 1e6:,.0f} MB), reused"
            return path
        outcome = self.runner.child("generate", "generate", "--size", str(self.size),
                                    "--seed", str(self.args.seed), "--world", str(path),
                                    budget=False)
        if outcome.stopped:
            raise SystemExit(f"the world could not be written to {path}: {outcome.stopped}")
        self.facts["world"] = (f"{path} ({path.stat().st_size / 1e6:,.0f} MB), generated in "
                               f"{outcome.data['generated']:.1f} s")
        return path

    def draw(self, path: Path) -> Spec:
        """The questions: the first roster is of the organisation most joined, the
        whereabouts and career of the person who joined most; the drawn ones as
        run.py draws them."""
        rows, declared = joins_and_declarations(path)
        queries = Queries.draw(rows, declared, self.args.queries, self.args.seed)
        (org, joins), = Counter(o for _, o, _, _ in rows).most_common(1)
        (person, _), = Counter(p for p, _, _, _ in rows).most_common(1)
        spec = Spec(str(path), str(self.folder / "store.sqlite"), self.args.postgres,
                    str(self.folder / "peer.sqlite"), org, FIRST_DAY.toordinal(), person,
                    queries.orgs, queries.days, queries.people, queries.person_days)
        self.facts["first roster"] = (f"{org} at {FIRST_DAY} (the organisation most joined: "
                                      f"{joins:,} joins); where and career of {person}")
        self.facts["drawn"] = (f"{len(queries.orgs):,} rosters and {len(queries.people):,} "
                               "wheres, as run.py draws them")
        return spec

    def measure(self, spec: Spec) -> None:
        """Every step, each in a fresh process, one at a time."""
        path = self.folder / "spec.json"
        spec.write(path)
        given = ("--spec", str(path))
        self.steps["memory"] = self.runner.child("memory", "memory", *given)
        self.steps["into SQLite"] = self.runner.cli("import-sqlite", "import", spec.file,
                                                    "--store", spec.store)
        self.steps["into PostgreSQL"] = self.into_postgres(spec)
        stored = not self.steps["into SQLite"].stopped
        unstored = skipped("the SQLite import did not finish")
        self.steps[SQLITE] = (self.runner.child("open-sqlite", "open", *given) if stored
                              else unstored)
        for command, *words in (("roster", spec.org, "--at", str(FIRST_DAY)),
                                ("where", spec.person, "--at", str(FIRST_DAY)),
                                ("career", spec.person),
                                ("diff", spec.org, str(YEAR_BEFORE), str(FIRST_DAY)),
                                ("lawsuits", "--at", str(FIRST_DAY)),
                                ("flows", str(YEAR_BEFORE), str(FIRST_DAY), "--source",
                                 spec.org)):
            self.steps[command] = self.runner.cli(command, command, *words, "--store",
                                                  spec.store, "--json") if stored else unstored
        # last of the steps reading the SQLite store: it adds a member to the roster
        self.steps["append"] = (self.runner.child("append-sqlite", "append", *given) if stored
                                else unstored)
        if spec.url is None or self.steps["into PostgreSQL"].stopped:
            self.steps[POSTGRES] = skipped(self.steps["into PostgreSQL"].stopped or "no store")
        else:
            self.steps[POSTGRES] = self.runner.child("open-postgres", "first", *given)
        self.steps["peer"] = self.runner.child("peer", "peer", *given)

    def into_postgres(self, spec: Spec) -> Outcome:
        """``timeline import`` into PostgreSQL, its timeline tables dropped first."""
        if spec.url is None:
            return skipped("pass --postgres URL")
        import psycopg  # noqa: PLC0415 - only with --postgres (timeline's postgres extra)

        with psycopg.connect(spec.url, autocommit=True) as db:
            db.execute("DROP TABLE IF EXISTS timeline_events, timeline_meta, timeline_event_keys, "
                       "timeline_projection, timeline_roster_regions, timeline_roster_tenures, "
                       "timeline_entity_names")
            self.facts["PostgreSQL"] = str(db.execute("SHOW server_version").fetchone()[0])
        return self.runner.cli("import-postgres", "import", spec.file, "--store", spec.url)

    # -- the checks ------------------------------------------------------------------------

    def check(self, spec: Spec) -> None:
        """Every answer sane and equal wherever it was asked; every step finished or
        stopped by a limit, none failed."""
        self.problems += [f"{name}: {o.stopped}" for name, o in self.steps.items() if o.failed]
        found = self.answers()
        for key in ("roster", "where", "career"):
            given = {source: held[key] for source, held in found.items() if key in held}
            if len({json.dumps(value) for value in given.values()}) > 1:
                self.problems.append(f"the {key} answers disagree: " + "; ".join(
                    f"{source} {described(key, value)}" for source, value in given.items()))
            elif len(given) > 1:
                self.agreed.append(f"{key} ({', '.join(given)})")
        for source, held in found.items():
            if "roster" in held and not held["roster"][0]:
                self.problems.append(f"{source}: {spec.org} has nobody at {FIRST_DAY}")
            if "career" in held and not held["career"]:
                self.problems.append(f"{source}: {spec.person} has no career")
        self.check_counts()
        self.check_peer(found)

    def answers(self) -> dict[str, dict[str, Any]]:
        """The answers each source gave, by source."""
        found = {source: self.steps[step].data["answers"]
                 for source, step in (("in memory", "memory"), (SQLITE, SQLITE),
                                      (POSTGRES, POSTGRES))
                 if "answers" in self.steps[step].data}
        spoken: dict[str, Any] = {}
        for command in ("roster", "where", "career"):
            outcome = self.steps[command]
            if outcome.stopped:
                continue
            try:
                spoken[command] = from_command_line(command, outcome.output)
            except (ValueError, KeyError) as error:
                self.problems.append(f"timeline {command} --json printed no answer ({error})")
        if spoken:
            found[COMMANDS] = spoken
        return found

    def check_counts(self) -> None:
        """Every process read every event; the drawn rosters are the same in memory
        and in SQLite."""
        for name in ("memory", SQLITE, POSTGRES):
            events = self.steps[name].data.get("events")
            if events is not None and events != self.size:
                self.problems.append(f"{name}: {events:,} events read, not {self.size:,}")
        for name in ("into SQLite", "into PostgreSQL"):
            said = re.search(r"imported ([\d,]+) new events", self.steps[name].output)
            if not self.steps[name].stopped and (
                    said is None or int(said[1].replace(",", "")) != self.size):
                self.problems.append(f"timeline import {name}: {self.steps[name].output!r}")
        digests = {self.steps[n].data.get("digest") for n in ("memory", SQLITE)} - {None}
        if len(digests) > 1:
            self.problems.append("the drawn rosters differ between memory and SQLite")
        elif all("digest" in self.steps[n].data for n in ("memory", SQLITE)):
            self.agreed.append("the drawn rosters (in memory, SQLite)")
        appended = self.steps["append"].data
        if appended and (appended.get("added"), appended.get("lazy"),
                         appended.get("member")) != (2, True, True):
            self.problems.append(f"the append: {appended}")

    def check_peer(self, found: dict[str, dict[str, Any]]) -> None:
        """The peer holds everyone timeline is certain of, and no one it rules out."""
        import peers  # noqa: PLC0415 - imported only once a peer answered

        given = self.steps["peer"].data.get("first")
        rosters = [held["roster"] for held in found.values() if "roster" in held]
        if given is None or not rosters:
            return
        if peers.agrees(given, *rosters[0]):
            self.agreed.append("the indexed SQLite peer's first roster")
        else:
            self.problems.append(f"the indexed SQLite peer's roster ({len(given)} people) "
                                 "disagrees with timeline's")

    # -- the table ---------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        """One row per target, in the order of the steps."""
        return [*self.import_rows(), *self.open_rows(), *self.query_rows()]

    def import_rows(self) -> list[Row]:
        judge, budget, memory_ = Judge(self.size), self.args.budget, self.steps["memory"]
        found = memory_.data
        rate = (f"{found['events'] / found['seconds']:,.0f} events/s; {_cpu(found['cpu'])}"
                if found.get("seconds") else "")
        per_event = None
        if found.get("after") and found.get("before") and found.get("events"):
            per_event = (found["after"] - found["before"]) / found["events"]
        return [
            judge.outcome("import the file into memory (`Timeline.from_jsonl`), in-process",
                          memory_, "seconds", IN_MEMORY, budget=budget, notes=rate),
            judge.outcome("peak resident memory of that process (VmHWM)", memory_, "peak",
                          PEAK, fixed=found.get("before") or 0.0),
            judge.row("resident memory per event of the in-memory timeline", per_event,
                      PER_EVENT, missing=_missing(memory_),
                      notes=(f"VmRSS {_bytes(found['before'])} before the import, "
                             f"{_bytes(found['after'])} after" if per_event else "")),
            judge.outcome("`timeline import FILE --store DB.sqlite`, start to exit",
                          self.steps["into SQLite"], "seconds", INTO_SQLITE, budget=budget,
                          notes=_cpu(self.steps["into SQLite"].data.get("cpu"))),
            judge.outcome("`timeline import FILE --store postgresql://...`, start to exit",
                          self.steps["into PostgreSQL"], "seconds", INTO_POSTGRES,
                          budget=budget, notes=_cpu(self.steps["into PostgreSQL"].data.get("cpu"))),
        ]

    def open_rows(self) -> list[Row]:
        judge, budget, opened_ = Judge(self.size), self.args.budget, self.steps[SQLITE]
        rows = [judge.outcome("open the SQLite store until the first roster answers, "
                              "in-process", opened_, "seconds", OPEN, budget=budget,
                              notes=_notes(_members(opened_), _cpu(opened_.data.get("cpu"))))]
        inside = opened_.data.get("seconds") or 0.0
        for command, words in (("roster", "ORG --at DATE"), ("where", "PERSON --at DATE"),
                               ("career", "PERSON"), ("diff", "ORG START END"),
                               ("lawsuits", "--at DATE"), ("flows", "START END --source ORG")):
            outcome = self.steps[command]
            rows.append(judge.outcome(
                f"`timeline {command} {words} --store DB.sqlite`, start to exit", outcome,
                "seconds", COMMAND, budget=budget, notes=_cpu(outcome.data.get("cpu")),
                fixed=outcome.data.get("seconds", 0.0) - inside))
        append = self.steps["append"]
        rows.append(judge.outcome("append a hire (a new person and a join at the organisation "
                                  "most joined) to the SQLite store opened in-process", append,
                                  "seconds", APPEND, budget=budget,
                                  notes=_cpu(append.data.get("cpu"))))
        postgres = self.steps[POSTGRES]
        rows.append(judge.outcome("open the PostgreSQL store until the first roster answers, "
                                  "in a second process", postgres, "seconds", OPEN,
                                  budget=budget,
                                  notes=_notes(_members(postgres), _cpu(postgres.data.get("cpu")))))
        return rows

    def query_rows(self) -> list[Row]:
        judge, opened_, peer_ = Judge(self.size), self.steps[SQLITE], self.steps["peer"].data
        found = opened_.data
        theirs = peer_.get("roster_p50")
        against = (Target(f"≤ the indexed SQLite peer's ({_duration(theirs)})", theirs,
                          grows=False) if theirs is not None
                   else Target("≤ the indexed SQLite peer's (not measured)", None, grows=False))
        cold = found.get("cold")
        peer_notes = (f"built from the file in {peer_['built']:.1f} s; "
                      f"where p50 {_duration(peer_.get('where_p50'))}" if "built" in peer_
                      else "")
        return [
            judge.outcome(f"resident memory after the open and {self.args.queries:,} rosters "
                          "and wheres", opened_, "rss", RESIDENT, fixed=found.get("before") or 0.0,
                          notes=f"peak {_bytes(found['peak'])}" if found.get("peak") else ""),
            judge.outcome("roster p50, warm", opened_, "roster_p50", against,
                          notes=_cpu(found.get("roster_cpu"), "CPU p50")),
            judge.outcome("where p50, warm", opened_, "where_p50", WHERE,
                          notes=_cpu(found.get("where_cpu"), "CPU p50")),
            judge.row("roster p50, cold: an organisation's first roster in the process",
                      statistics.median(cold) if cold else None, COLD,
                      missing=_missing(opened_) if cold is None else "no organisation",
                      notes=f"{len(cold)} organisations" if cold else ""),
            judge.outcome("the indexed SQLite peer (run.py's): roster p50, warm",
                          self.steps["peer"], "roster_p50", MEDIAN, notes=peer_notes),
        ]

    def report(self, elapsed: float) -> str:
        """The machine's facts, the table, and what the checks found."""
        self.facts["budget"] = (f"{self.args.budget:.0f} s a step; at most "
                                f"{self.args.memory_limit / 2**30:.0f} GiB of address space "
                                "a process")
        self.facts["run took"] = f"{elapsed:.0f} s"
        self.facts["load average"] = (f"{self.load} at the start, "
                                      f"{os.getloadavg()[0]:.1f} at the end (1 minute)")
        self.facts["command"] = f"`python benchmarks/opening.py {' '.join(sys.argv[1:])}`"
        lines = [f"# Opening and memory: {self.size:,} events (seed {self.args.seed})", ""]
        lines += [f"- {key}: {value}" for key, value in self.facts.items()]
        lines += ["", ("*at 1M*: the figure the target is judged by: below 1M, a time or "
                       "memory that grows with the log, extrapolated linearly."), "",
                  "| measurement | measured | at 1M | target at 1M | verdict | notes |",
                  "|---|---:|---:|---|---|---|"]
        lines += [f"| {r.measurement} | {r.measured} | {r.at_million} | {r.target} "
                  f"| {r.verdict} | {r.notes} |" for r in self.rows()]
        lines.append("")
        if self.problems:
            lines += ["**Answers wrong or steps failed:**", ""]
            lines += [f"- {problem}" for problem in self.problems]
        elif self.agreed:
            lines.append("Answers compared, and equal: " + "; ".join(self.agreed) + ".")
        else:
            lines.append("No answers could be compared: the steps that give them were stopped.")
        return "\n".join(lines) + "\n"


def _missing(outcome: Outcome) -> str:
    return outcome.stopped if not outcome.data else f"not reached: {outcome.stopped}"


def _members(outcome: Outcome) -> str:
    size = outcome.data.get("size")
    return f"{size:,} certain members" if size is not None else ""


def _notes(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _cpu(seconds: float | None, what: str = "CPU") -> str:
    """Processor time beside a wall-clock figure: on a shared machine the wall
    clock also counts other processes' turns."""
    return f"{what} {_duration(seconds)}" if seconds is not None else ""


def _half_the_memory() -> int:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError):
        return 8 * 2**30


def parser() -> argparse.ArgumentParser:
    commands = argparse.ArgumentParser(
        description="Opening a store and memory, each beside its target, in one run.")
    commands.add_argument("--size", type=parse_size, default=10_000,
                          help="events: 10k, 100k, 1M, 10M or a number (default 10k)")
    commands.add_argument("--seed", type=int, default=1)
    commands.add_argument("--work", type=Path,
                          default=Path(tempfile.gettempdir()) / "timeline-opening",
                          help="where the world's JSON Lines file is kept and reused, and "
                          "the stores are made (default: %(default)s)")
    commands.add_argument("--postgres", help="a PostgreSQL URL (its timeline tables are dropped)")
    commands.add_argument("--markdown", type=Path, help="also write the report here")
    commands.add_argument("--budget", type=float, default=120.0,
                          help="seconds after which a step is stopped (default 120)")
    commands.add_argument("--queries", type=int, default=1_000,
                          help="rosters and wheres drawn (default 1,000)")
    commands.add_argument("--memory-limit", type=_gib, default=_half_the_memory(),
                          metavar="GIB", help="address space a process may hold, in GiB "
                          "(default: half the machine's memory)")
    commands.add_argument("--child", choices=CHILDREN, help=argparse.SUPPRESS)
    commands.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    commands.add_argument("--world", type=Path, help=argparse.SUPPRESS)
    return commands


def main() -> None:
    args = parser().parse_args()
    if args.child:
        child(args)
        return
    started = time.perf_counter()
    args.work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.work, prefix=f"run-{args.size}-") as folder:
        run = Opening(args, Path(folder))
        spec = run.draw(run.world_file())
        run.measure(spec)
        run.check(spec)
        text = run.report(time.perf_counter() - started)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if run.problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
