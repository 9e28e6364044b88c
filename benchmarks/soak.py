"""A long soak of the stores: writers killed mid-batch, PostgreSQL servers
restarted under a writer and a follower, tampering by every raw path and
behind the triggers, verifies beside writers, and bad inputs.

    python benchmarks/soak.py --kills 200 --restarts 20 --tampers 300 \
        --postgres-dir /tmp/soak-pg --markdown soak.md

Every check that fails is counted and printed; the command exits 1 when any
did (an event lost or doubled, a batch split, a false alarm, a tampering not
found, an exception that is not timeline's). ``--postgres URL`` soaks an
existing server (no restarts); ``--postgres-dir DIR`` starts a throwaway one
with ``scripts/postgres`` and restarts it; neither soaks SQLite alone.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from timeline import PersonDeclared, Source, Timeline, TimelineError
from timeline.stores import open_store
from timeline.stores._rows import GENESIS, canonical, chain, digest

ROOT = Path(__file__).resolve().parent.parent
BATCH = 25

WRITER = """
import sys
from timeline import PersonDeclared, Source, Timeline
url, batch, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with Timeline.open(url, lock_timeout=60) as tl:
    round = 0
    while True:
        tl.extend(
            PersonDeclared(id=f"decl-{tag}-{round}-{i}", valid="2000",
                           entity=f"{tag}-{round}-{i}", name="x", sources=Source("s"))
            for i in range(batch)
        )
        round += 1
        print(round * batch, flush=True)
"""

FOLLOWER = """
import sys
from timeline import Timeline
url, target = sys.argv[1], int(sys.argv[2])
with Timeline.open(url) as tl:
    while tl.position < target:
        tl.follow(timeout=2)
    print(tl.position, flush=True)
"""


class Tally:
    """Counts of what was tried and of what went wrong."""

    def __init__(self) -> None:
        self.tried: Counter[str] = Counter()
        self.wrong: Counter[str] = Counter()
        self.notes: list[str] = []

    def check(self, what: str, ok: bool, note: str = "") -> None:
        self.tried[what] += 1
        if not ok:
            self.wrong[what] += 1
            self.notes.append(f"{what}: {note}")
            print(f"  WRONG {what}: {note}", file=sys.stderr, flush=True)


def _spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def _sound(url: str, tally: Tally, what: str, at_least: int) -> int:
    """The log verifies, holds whole batches only, and no fewer than before."""
    store = open_store(url)
    try:
        report = store.verify()
        position = store.head()
        ids = [event.id for _, event in store.read()]
    finally:
        store.close()
    tally.check(what, report.ok, repr(report))
    tally.check(f"{what}: whole batches", position % BATCH == 0, f"position {position}")
    tally.check(f"{what}: nothing lost", position >= at_least, f"{position} < {at_least}")
    tally.check(f"{what}: nothing doubled", len(ids) == len(set(ids)), "a repeated id")
    return position


def kills(url: str, count: int, tally: Tally, rng: random.Random) -> None:
    """Writers killed at random moments mid-batch, with a verify running beside."""
    landed = 0
    for k in range(count):
        writer = _spawn(WRITER, url, str(BATCH), f"k{k}")
        assert writer.stdout is not None
        writer.stdout.readline()
        if k % 10 == 9:  # a verify beside the writer: no false alarm (the log grows meanwhile)
            beside = open_store(url)
            try:
                report = beside.verify()
            finally:
                beside.close()
            tally.check("verify beside a writer", report.ok, repr(report))
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=60)
        landed = _sound(url, tally, "after a SIGKILL", landed)


def restarts(url: str, pgdir: Path, port: int, *, count: int, tally: Tally,
             rng: random.Random) -> None:
    """The server halted as a crash would and started again, under a writer and
    a follower that must carry on by themselves."""
    writer = _spawn(WRITER, url, str(BATCH), "r")
    assert writer.stdout is not None
    acknowledged = 0
    for _ in range(count):
        acknowledged = int(writer.stdout.readline() or acknowledged)
        time.sleep(rng.uniform(0.0, 0.5))
        subprocess.run(["bash", "scripts/postgres", "restart", str(pgdir), str(port)],
                       cwd=ROOT, check=True, capture_output=True)
        tally.check("writer alive after a restart", writer.poll() is None,
                    writer.stderr.read() if writer.poll() is not None and writer.stderr
                    else "")
        if writer.poll() is not None:
            writer = _spawn(WRITER, url, str(BATCH), f"r{rng.random()}")
            assert writer.stdout is not None
    acknowledged = int(writer.stdout.readline() or acknowledged)
    writer.kill()
    writer.wait(timeout=60)
    with Timeline.open(url) as tl:
        target = tl.position
    follower = _spawn(FOLLOWER, url, str(target))
    out, err = follower.communicate(timeout=300)
    tally.check("follower caught up", out.strip() == str(target), err[-300:])
    _sound(url, tally, "after restarts", acknowledged)


_RAW = [
    "INSERT OR REPLACE INTO events SELECT * FROM events WHERE position = {p}",
    ("PRAGMA recursive_triggers = ON; INSERT OR REPLACE INTO events "
     "SELECT * FROM events WHERE position = {p}"),
    ("INSERT INTO events SELECT * FROM events WHERE position = {p} "
     "ON CONFLICT(position) DO UPDATE SET kind = 'x'"),
    "UPDATE events SET payload = '{{}}' WHERE position = {p}",
    "UPDATE events SET payload = '{{}}', redacted = {q} WHERE position = {p}",
    "DELETE FROM events WHERE position = {p}",
    "INSERT OR REPLACE INTO meta VALUES ('head', '{p}:abc')",
    "UPDATE meta SET value = '{p}:abc' WHERE key = 'head'",
    "DELETE FROM meta WHERE key = 'identity'",
    "INSERT INTO meta VALUES ('anchor', 'x')",
]


def _rechain(db: sqlite3.Connection, start: int) -> None:
    rows = db.execute("SELECT position, payload FROM events ORDER BY position").fetchall()
    previous = GENESIS
    for at, stored in rows:
        data = json.loads(stored)
        previous = chain(previous, at, data)
        if at >= start:
            db.execute("UPDATE events SET digest = ?, hash = ? WHERE position = ?",
                       (digest(data), previous, at))
    db.execute("UPDATE meta SET value = ? WHERE key = 'head'", (f"{len(rows)}:{previous}",))


def tampers(count: int, tally: Tally, rng: random.Random, work: Path) -> None:
    """Raw rewrites the triggers must refuse, and rewrites behind dropped
    triggers that a head kept outside must find (and the store's own check
    too, unless the rewrite re-chained the rows and set the head)."""
    base = work / "tamper-base.sqlite"
    with Timeline.open(base) as tl:
        tl.extend(Timeline.example())
        tl.erase("John Schulman", sources="request")
        kept, size = tl.head(), tl.position
    for n in range(count):
        copy = work / f"tamper-{n % 4}.sqlite"
        shutil.copy(base, copy)
        at = rng.randint(1, size)
        db = sqlite3.connect(copy, isolation_level=None)
        if rng.random() < 0.5:
            sql = rng.choice(_RAW).format(p=at, q=size)
            try:
                db.executescript(sql)
                refused = False
            except sqlite3.DatabaseError as error:
                refused = "timeline:" in str(error)
            db.close()
            tally.check("raw rewrite refused by the database", refused, sql)
            continue
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'") \
                .fetchall():
            db.execute(f"DROP TRIGGER {name}")
        payload = json.loads(db.execute("SELECT payload FROM events WHERE position = ?",
                                        (at,)).fetchone()[0])
        payload["note"] = f"rewritten {n}"
        db.execute("UPDATE events SET payload = ? WHERE position = ?", (canonical(payload), at))
        rechained = rng.random() < 0.5
        if rechained:
            _rechain(db, at)
        db.close()
        with Timeline.open(copy) as tl:
            outside = tl.verify(kept)
            own = tl.verify()
        tally.check("rewrite found by a head kept outside", not outside.ok, repr(outside))
        if not rechained:
            tally.check("rewrite found by the store's own check", not own.ok, repr(own))


_RAW_PG = [
    ("INSERT INTO timeline_events SELECT * FROM timeline_events WHERE position = {p} "
     "ON CONFLICT (position) DO UPDATE SET kind = 'x'"),
    "UPDATE timeline_events SET payload = '{{}}' WHERE position = {p}",
    "UPDATE timeline_events SET payload = '{{}}', redacted = {q} WHERE position = {p}",
    "DELETE FROM timeline_events WHERE position = {p}",
    "TRUNCATE timeline_events",
    "UPDATE timeline_meta SET value = '{p}:abc' WHERE key = 'head'",
    "DELETE FROM timeline_meta WHERE key = 'identity'",
    "TRUNCATE timeline_meta",
]


def tampers_pg(url: str, count: int, tally: Tally, rng: random.Random) -> None:
    """Raw rewrites of a PostgreSQL store the triggers must refuse, and rows
    changed behind disabled triggers (then put back) that a head kept
    outside must find."""
    import psycopg  # noqa: PLC0415 - only with a server

    with Timeline.open(url) as tl:
        if not tl.position:
            tl.extend(Timeline.example())
        kept, size = tl.head(), tl.position
    with psycopg.connect(url, autocommit=True) as db:
        for n in range(count):
            at = rng.randint(1, size)
            if rng.random() < 0.7:
                sql = rng.choice(_RAW_PG).format(p=at, q=size)
                try:
                    db.execute(sql)
                    refused = False
                except psycopg.Error as error:
                    refused = "timeline:" in str(error)
                tally.check("raw rewrite of PostgreSQL refused", refused, sql)
                continue
            stored = db.execute("SELECT payload FROM timeline_events WHERE position = %s",
                                (at,)).fetchone()[0]
            payload = json.loads(stored)
            payload["note"] = f"rewritten {n}"
            db.execute("ALTER TABLE timeline_events DISABLE TRIGGER ALL")
            db.execute("UPDATE timeline_events SET payload = %s WHERE position = %s",
                       (canonical(payload), at))
            with Timeline.open(url) as tl:
                found = tl.verify(kept)
            db.execute("UPDATE timeline_events SET payload = %s WHERE position = %s",
                       (stored, at))
            db.execute("ALTER TABLE timeline_events ENABLE TRIGGER ALL")
            tally.check("PostgreSQL rewrite found by a head kept outside", not found.ok,
                        repr(found))


def bad_inputs(tally: Tally, work: Path) -> None:
    """Bad JSON Lines lines, each refused with timeline's own error, nothing
    written; and bad values given from Python."""
    good = {"kind": "person-declared", "id": "p", "valid": "2000", "entity": "p",
            "name": "P", "sources": ["s"]}
    lines: list[str] = [
        "[" * 100_000 + "]" * 100_000,
        json.dumps({**good, "name": "\ud800"}),
        json.dumps({**good, "name": "a\x00b"}),
        json.dumps({**good, "name": "x" * 10_000_000}),
        json.dumps({k: v for k, v in good.items() if k != "id"}),
        ('{"kind": "funding-round", "id": "f", "valid": "2024", "org": "p", '
         '"sources": ["s"], "amount": 1e999999, "currency": "USD"}'),
        '{"kind": "funding-round", "id": "f", "valid": "2024", "org": "p", '
        '"sources": ["s"], "amount": ' + "9" * 5000 + ', "currency": "USD"}',
        json.dumps({**good, "valid": "\u0661\u0662\u0663\u0664"}),
        json.dumps({**good, "valid": "2024-13"}),
        json.dumps({**good, "kind": "hired"}),
        "not json",
        json.dumps({**good, "id": "p2", "entity": "p"}),  # declared twice
    ]
    store = work / "inputs.sqlite"
    for line in lines:
        text = json.dumps(good) + "\n" + line + "\n"
        for target in (None, store):
            try:
                with Timeline.open(target) as tl:
                    before = tl.position
                    tl.import_jsonl(io.StringIO(text))
                ok, note = False, "accepted"
            except TimelineError:
                ok, note = True, ""
            except Exception as error:  # what the soak is here to find
                ok, note = False, f"{type(error).__name__}: {str(error)[:120]}"
            if target is not None and ok:
                with Timeline.open(target) as tl:
                    ok, note = tl.position == before, "something was written"
            tally.check("bad input refused with timeline's error", ok, f"{line[:60]!r}: {note}")
    for value in ("\ud800", "x\x00y", 42, None):
        try:
            Timeline().append(PersonDeclared(id="p", valid="2000", entity="p", name=value,
                                             sources=Source("s")))
            ok = False
        except TimelineError:
            ok = True
        except Exception:
            ok = False
        tally.check("bad value from Python refused with timeline's error", ok, repr(value))


def report(tally: Tally, elapsed: float) -> str:
    rows = ["| check | tried | wrong |", "|---|---:|---:|"]
    rows += [f"| {what} | {n} | {tally.wrong[what]} |" for what, n in sorted(tally.tried.items())]
    return "\n".join(rows) + f"\n\n{sum(tally.tried.values())} checks in {elapsed:.0f} s\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100, help="SIGKILLs per store")
    parser.add_argument("--restarts", type=int, default=10, help="PostgreSQL restarts")
    parser.add_argument("--tampers", type=int, default=200, help="tampering attempts")
    parser.add_argument("--postgres", help="an existing server's URL (no restarts)")
    parser.add_argument("--postgres-dir", help="start a throwaway server here, and restart it")
    parser.add_argument("--port", type=int, default=25499)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", help="write the table here too")
    args = parser.parse_args(argv)
    rng, tally, started = random.Random(args.seed), Tally(), time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="timeline-soak."))
    pgdir: Path | None = None
    url = args.postgres
    try:
        print(f"SQLite: {args.kills} kills", flush=True)
        kills(f"sqlite:///{work / 'kills.sqlite'}", args.kills, tally, rng)
        print(f"tampering: {args.tampers} attempts", flush=True)
        tampers(args.tampers, tally, rng, work)
        print("bad inputs", flush=True)
        bad_inputs(tally, work)
        if args.postgres_dir:
            pgdir = Path(args.postgres_dir)
            url = subprocess.run(
                ["bash", "scripts/postgres", "start", str(pgdir), str(args.port)], cwd=ROOT,
                check=True, capture_output=True, text=True).stdout.strip()
        if url:
            print(f"PostgreSQL: {args.kills} kills, {args.tampers} tampering attempts",
                  flush=True)
            kills(url, args.kills, tally, rng)
            tampers_pg(url, args.tampers, tally, rng)
        if pgdir is not None and url:
            print(f"PostgreSQL: {args.restarts} restarts", flush=True)
            restarts(url, pgdir, args.port, count=args.restarts, tally=tally, rng=rng)
    finally:
        if pgdir is not None:
            subprocess.run(["bash", "scripts/postgres", "stop", str(pgdir)], cwd=ROOT,
                           check=False, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    table = report(tally, time.monotonic() - started)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    return 1 if tally.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
