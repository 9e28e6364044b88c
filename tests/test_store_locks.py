"""Writers and the store's write lock: a lock held too long is a clear
LockTimeoutError after the configured time, on SQLite and PostgreSQL, and
SQLite writers take turns rather than one starving the others."""

from __future__ import annotations

import io
import itertools
import multiprocessing
import sqlite3
import time
from pathlib import Path

import psycopg
import pytest

from tests.helpers import person
from timeline import (
    InvalidQueryError,
    LockTimeoutError,
    StoreError,
    Timeline,
)
from timeline.cli import main

LOCK = 7_265_419_882_301  # the advisory lock PostgreSQL appends take




def test_a_sqlite_lock_held_too_long_is_a_lock_timeout_naming_the_store(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path, lock_timeout=0.5) as tl:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # a writer stopped mid-batch
        began = time.monotonic()
        with pytest.raises(LockTimeoutError) as caught:
            tl.append(person("ada"))
        waited = time.monotonic() - began
        assert 0.5 <= waited < 5
        assert isinstance(caught.value, StoreError)
        assert isinstance(caught.value, TimeoutError)
        assert 0.5 == caught.value.timeout
        assert (f"store sqlite:///{path}: waited 0.5 s for the write lock, which another "
                "writer held all that time; nothing was written") in str(caught.value)
        assert "lock_timeout=" in str(caught.value)
        holder.execute("ROLLBACK")
        holder.close()
        assert tl.append(person("ada"))
        assert 1 == tl.position


def test_a_postgres_lock_held_too_long_is_a_lock_timeout_naming_the_store(
        postgres_url: str) -> None:
    with Timeline.open(postgres_url, lock_timeout=0.5) as tl, \
            psycopg.connect(postgres_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (LOCK,))
        began = time.monotonic()
        with pytest.raises(LockTimeoutError) as caught:
            tl.append(person("ada"))
        assert 0.5 <= time.monotonic() - began < 5
        name = postgres_url.rsplit("@", 1)[-1]
        assert str(caught.value).startswith(
            f"store {name}: waited 0.5 s for the write lock")
        assert 0 == tl.position
        holder.execute("SELECT pg_advisory_unlock(%s)", (LOCK,))
        assert tl.append(person("ada"))
        assert 1 == tl.position


def test_a_lock_timeout_that_is_not_a_number_of_seconds_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidQueryError) as caught:
        Timeline.open(tmp_path / "log.sqlite", lock_timeout=-1)
    assert ("invalid lock_timeout=-1: expected a number of seconds, 0 or more; "
            "for example lock_timeout=30") == str(caught.value)


def _append_many(path: str, writer: int, count: int, start: object) -> None:
    with Timeline.open(path) as tl:
        start.wait()  # type: ignore[attr-defined]
        for i in range(count):
            tl.append(person(f"w{writer}-{i}"))


def test_sqlite_writers_take_turns_and_none_starves(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    Timeline.open(path).close()
    workers, count = 4, 200
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Event()
    processes = [spawn.Process(target=_append_many, args=(str(path), w, count, start))
                 for w in range(workers)]
    for process in processes:
        process.start()
    time.sleep(1.0)  # every writer open and waiting
    start.set()
    for process in processes:
        process.join(timeout=600)
        assert 0 == process.exitcode
    with sqlite3.connect(path) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM events ORDER BY position")]
    assert workers * count == len(set(ids)) == len(ids)
    writers = [event_id.split("-")[1] for event_id in ids]
    switches = sum(a != b for a, b in itertools.pairwise(writers))
    # SQLite's own busy handler gave 6 to 24 switches in 800 appends; taking
    # turns gives 200 to 400 on an idle machine, and was seen as low as 78
    # beside a busy test worker on two cores
    assert switches >= 50, switches


def test_import_from_the_command_line_waits_at_most_its_lock_timeout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "log.sqlite"
    events = tmp_path / "events.jsonl"
    Timeline.example().export_jsonl(events)
    Timeline.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for argv, env in ((["--lock-timeout", "0.2"], None), ([], "0.2")):
            if env is not None:
                monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", env)
            out, err = io.StringIO(), io.StringIO()
            status = main(["import", str(events), "--store", str(path), *argv],
                          stdout=out, stderr=err)
            assert 1 == status
            assert (f"timeline: error: store sqlite:///{path}: waited 0.2 s for the write "
                    "lock") in err.getvalue()
        monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "soon")
        err = io.StringIO()
        assert 1 == main(["import", str(events), "--store", str(path)],
                         stdout=io.StringIO(), stderr=err)
        assert ("timeline: error: invalid TIMELINE_LOCK_TIMEOUT='soon': expected a number of "
                "seconds; for example TIMELINE_LOCK_TIMEOUT=30\n") == err.getvalue()
    finally:
        holder.close()
    with Timeline.open(path) as tl:
        assert 0 == tl.position
