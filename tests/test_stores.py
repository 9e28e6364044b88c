"""The durable stores, SQLite and a real PostgreSQL server: same answers, append-only,
tamper-evident, atomic, idempotent, concurrent-safe, crash-safe, followable."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.helpers import person
from timeline import (
    ConcurrencyError,
    Joined,
    PersonDeclared,
    Source,
    StoreError,
    Timeline,
)
from timeline.cli import main
from timeline.stores import open_store
from timeline.testing import declarations

SRC = Source("wire")
REC = "2024-01-01T00:00:00Z"




def raw(url: str, sql: str) -> None:
    """Run SQL behind the library's back."""
    if url.startswith("sqlite:///"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            db.executescript(sql)
        finally:
            db.close()
    else:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(sql)


def table(url: str) -> str:
    return "events" if url.startswith("sqlite") else "timeline_events"


def test_a_store_answers_like_memory_and_survives_reopening(url: str) -> None:
    memory = Timeline.example()
    with Timeline.open(url) as stored:
        assert 17 == stored.extend(memory)
    with Timeline.open(url) as reopened:
        assert 17 == reopened.position
        for day in ("2016-01-01", "2024-06-01", "2024-12-31"):
            for known in (None, "2024-06-01"):
                assert memory.roster("OpenAI", at=day, known=known) == reopened.roster(
                    "OpenAI", at=day, known=known
                )
                assert memory.lawsuits(at=day, known=known) == reopened.lawsuits(
                    at=day, known=known
                )
        assert reopened.verify().ok


def test_the_database_refuses_update_and_delete(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend(Timeline.example())
    for sql in (f"UPDATE {table(url)} SET kind = 'x' WHERE position = 1",
                f"DELETE FROM {table(url)} WHERE position = 1"):
        with pytest.raises(Exception, match="append-only"):
            raw(url, sql)
    if not url.startswith("sqlite"):
        with pytest.raises(Exception, match="append-only"):
            raw(url, "TRUNCATE timeline_events")
    with Timeline.open(url) as tl:
        assert 17 == tl.position
        assert tl.verify().ok


def _rewrites(url: str) -> list[str]:
    """Every raw write path to a stored row or to the head, in the store's SQL."""
    if url.startswith("sqlite"):
        copy = "SELECT * FROM events WHERE position = 10"
        return [
            f"INSERT OR REPLACE INTO events {copy}",
            f"PRAGMA recursive_triggers = ON; INSERT OR REPLACE INTO events {copy}",
            f"INSERT INTO events {copy} ON CONFLICT(position) DO UPDATE SET kind = 'x'",
            ("INSERT INTO events SELECT position + 100, id || '-x', kind, version, valid, "
            "valid_first, valid_last, precision, recorded, recorded_key + 1, certainty, "
            "payload, hash, digest, redacted FROM events WHERE position = 17"),
            # at the next position, reusing a past row's id: REPLACE would delete that row
            ("INSERT OR REPLACE INTO events SELECT (SELECT max(position) + 1 FROM events), id, "
             "kind, version, valid, valid_first, valid_last, precision, recorded, "
             "(SELECT max(recorded_key) FROM events), certainty, payload, hash, digest, "
             "redacted FROM events WHERE position = 3"),
            "UPDATE events SET payload = '{}', redacted = 17 WHERE position = 10",
            "UPDATE events SET payload = '{}' WHERE position = 10",
            "UPDATE events SET redacted = 3 WHERE position = 10",
            "INSERT OR REPLACE INTO meta VALUES ('head', '10:abc')",
            "PRAGMA recursive_triggers = ON; INSERT OR REPLACE INTO meta VALUES ('head', '1:x')",
            "UPDATE meta SET value = '10:abc' WHERE key = 'head'",
            "DELETE FROM meta WHERE key = 'head'",
            "INSERT INTO meta VALUES ('anchor', 'x')",
            "INSERT OR REPLACE INTO meta VALUES ('schema', '0')",
        ]
    copy = "SELECT * FROM timeline_events WHERE position = 10"
    return [
        f"INSERT INTO timeline_events {copy} ON CONFLICT (position) DO UPDATE SET kind = 'x'",
        ("INSERT INTO timeline_events SELECT position + 100, id || '-x', kind, version, valid, "
        "valid_first, valid_last, precision, recorded, recorded_key + 1, certainty, payload, "
        "hash, digest, redacted FROM timeline_events WHERE position = 17"),
        "UPDATE timeline_events SET payload = '{}', redacted = 17 WHERE position = 10",
        "UPDATE timeline_events SET payload = '{}' WHERE position = 10",
        "UPDATE timeline_events SET redacted = 3 WHERE position = 10",
        ("INSERT INTO timeline_meta VALUES ('head', '10:abc') "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        "UPDATE timeline_meta SET value = '10:abc' WHERE key = 'head'",
        "DELETE FROM timeline_meta WHERE key = 'head'",
        "TRUNCATE timeline_meta",
        "INSERT INTO timeline_meta VALUES ('anchor', 'x')",
        "UPDATE timeline_meta SET value = '0' WHERE key = 'schema'",
    ]


def test_the_database_refuses_every_raw_rewrite_of_a_row_or_the_head(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend(Timeline.example())
    for sql in _rewrites(url):
        with pytest.raises(Exception, match="timeline: "):
            raw(url, sql)
    with Timeline.open(url) as tl:
        assert (17, True) == (tl.position, tl.verify().ok)
        tl.append(PersonDeclared(id="decl-late", valid="2000", entity="late", name="Late",
                                 sources=SRC))  # the append path still moves the head
        assert (18, True) == (tl.position, tl.verify().ok)


def test_verify_names_the_first_altered_position(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend(Timeline.example())
    altered = json.dumps({"kind": "left", "id": "ilya-leaves", "valid": "2023-05-14",
                          "person": "ilya-sutskever", "org": "openai", "sources": [{"id": "x"}],
                          "recorded": "2024-05-20T09:00:00+00:00"})
    if url.startswith("sqlite"):
        raw(url, f"""
            DROP TRIGGER events_redact_only;
            UPDATE events SET payload = '{altered}' WHERE position = 10;
        """)
    else:
        raw(url, f"""
            ALTER TABLE timeline_events DISABLE TRIGGER ALL;
            UPDATE timeline_events SET payload = '{altered}' WHERE position = 10;
            ALTER TABLE timeline_events ENABLE TRIGGER ALL;
        """)
    with Timeline.open(url) as tl:
        report = tl.verify()
    assert (False, 10, 9) == (report.ok, report.first_bad, report.checked)


def test_a_batch_lands_whole_or_not_at_all(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend(declarations())
        before = tl.position
        with pytest.raises(Exception, match="contradicts"):
            tl.extend([
                Joined(id="j", valid="2020", person="ada-lovelace", org="acme", sources=SRC,
                       recorded=REC),
                Joined(id="j-again", valid="2021", person="ada-lovelace", org="acme",
                       sources=SRC, recorded=REC),
            ])
        assert before == tl.position
    with Timeline.open(url) as again:
        assert before == again.position
        assert () == again.roster("acme", at="2022").people


def test_a_stale_expected_position_writes_nothing(url: str) -> None:
    with Timeline.open(url) as first, Timeline.open(url) as second:
        first.extend(declarations())
        second.refresh()
        position = second.position
        first.append(person("zed"))
        with pytest.raises(ConcurrencyError):
            second.append(person("yan"), expected_position=position)
        assert position + 1 == Timeline.open(url).position


def test_appending_a_stored_event_again_is_a_no_op(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend(declarations())
        assert not tl.append(declarations()[0])
        assert 7 == tl.position
    with Timeline.open(url) as other:
        assert 0 == other.extend(declarations())
        assert 7 == other.position


def _writer(url: str, worker: int, count: int) -> None:
    with Timeline.open(url) as tl:
        for i in range(count):
            tl.append(person(f"w{worker}-{i}"))


def test_concurrent_writers_lose_nothing_and_duplicate_nothing(url: str) -> None:
    workers, count = 4, 1000
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=_writer, args=(url, w, count)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=600)
        assert 0 == process.exitcode
    with Timeline.open(url) as tl:
        assert workers * count == tl.position
        ids = [event.id for event in tl]
        assert len(ids) == len(set(ids))
        assert {f"decl-w{w}-{i}" for w in range(workers) for i in range(count)} == set(ids)
        report = tl.verify()
        assert report.ok
        assert workers * count == report.checked


CRASHING_WRITER = """
import sys
from timeline import PersonDeclared, Source, Timeline
url, batch = sys.argv[1], int(sys.argv[2])
with Timeline.open(url) as tl:
    round = tl.position // batch
    while True:
        tl.extend(
            PersonDeclared(id=f"decl-r{round}-{i}", valid="2000", entity=f"r{round}-{i}",
                           name="x", sources=Source("s"), recorded="2024-01-01T00:00:00Z")
            for i in range(batch)
        )
        round += 1
        print(round, flush=True)
"""


def test_a_writer_killed_mid_batch_leaves_no_part_of_it(url: str) -> None:
    batch, kills = 50, 20
    rng = random.Random(7)
    landed = 0
    for _ in range(kills):
        writer = subprocess.Popen(
            [sys.executable, "-c", CRASHING_WRITER, url, str(batch)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert writer.stdout is not None
        writer.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        with Timeline.open(url) as tl:
            report = tl.verify()
            assert report.ok, report
            assert 0 == tl.position % batch
            assert tl.position > landed
            landed = tl.position
            tl._check()


FOLLOWER = """
import sys
from timeline import Timeline
url, target = sys.argv[1], int(sys.argv[2])
with Timeline.open(url) as tl:
    while tl.position < target:
        tl.follow(timeout=5)
    print(tl.position, sorted(tl.roster("acme", at="2030").people), flush=True)
"""


def test_a_reader_in_another_process_catches_up(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend(declarations())
        follower = subprocess.Popen(
            [sys.executable, "-c", FOLLOWER, url, "10"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        time.sleep(0.5)
        for i, who in enumerate(("ada-lovelace", "alan-turing", "grace-hopper")):
            tl.append(Joined(id=f"j{i}", valid="2020", person=who, org="acme", sources=SRC,
                             recorded=REC))
            time.sleep(0.1)
        out, err = follower.communicate(timeout=60)
        assert 0 == follower.returncode, err
        assert f"10 {sorted(tl.roster('acme', at='2030').people)}" == out.strip()


def test_postgres_wakes_followers_by_notify(postgres_url: str) -> None:
    with Timeline.open(postgres_url) as writer, Timeline.open(postgres_url) as reader:
        started = time.monotonic()
        assert not reader.store.wait(0, 0.2)
        writer.append(person("zed"))
        assert reader.store.wait(0, 10)
        assert 1 == reader.refresh()
        assert time.monotonic() - started < 10


def test_a_store_from_schema_0_is_upgraded_and_upcast(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE log (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    rows = [
        {"kind": "person-declared", "id": "p", "valid": "2000", "entity": "ada",
         "name": "Ada", "sources": [{"id": "s"}], "recorded": REC},
        {"kind": "organization-declared", "id": "o", "valid": "2000", "entity": "acme",
         "name": "Acme", "sources": [{"id": "s"}], "recorded": REC},
        {"kind": "joined", "id": "j", "valid": "2020", "person": "ada", "org": "acme",
         "sources": [{"id": "s"}], "recorded": REC, "rumor": True},
    ]
    db.executemany("INSERT INTO log (body) VALUES (?)", [(json.dumps(r),) for r in rows])
    db.commit()
    db.close()
    with Timeline.open(path) as tl:
        assert 3 == tl.position
        assert "rumored" == tl.event("j").certainty.value
        assert () == tl.roster("acme", at="2021").people
        assert ("ada",) == tl.roster("acme", at="2021", min_certainty="rumored").people
        assert tl.verify().ok
    with Timeline.open(path) as again:
        assert 3 == again.position


def test_an_unknown_store_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="unknown kind of store"):
        Timeline.open("mongodb://localhost/x")


def test_a_corrupt_sqlite_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Timeline.open(path)


def test_memory_is_the_default_store() -> None:
    tl = Timeline.open()
    assert tl.store is None
    tl.extend(Timeline.example())
    assert tl.verify().ok
    assert Timeline.open(":memory:").store is None


def test_verify_notices_a_deleted_tail_and_altered_columns(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend(Timeline.example())
        if url.startswith("sqlite"):
            raw(url, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE position = 17;")
        else:
            raw(url, """
                ALTER TABLE timeline_events DISABLE TRIGGER ALL;
                DELETE FROM timeline_events WHERE position = 17;
                ALTER TABLE timeline_events ENABLE TRIGGER ALL;
            """)
        report = tl.verify()
        assert (False, 17) == (report.ok, report.first_bad)
    with Timeline.open(url) as again:
        assert (False, 17) == (again.verify().ok, again.verify().first_bad)
    name = table(url)
    disable = "" if url.startswith("sqlite") else f"ALTER TABLE {name} DISABLE TRIGGER ALL;"
    if url.startswith("sqlite"):
        raw(url, "DROP TRIGGER events_redact_only;")
    raw(url, f"{disable} UPDATE {name} SET certainty = 'rumored' WHERE position = 5;")
    with Timeline.open(url) as again:
        report = again.verify()
    assert (False, 5, "its columns do not match its payload") == (
        report.ok, report.first_bad, report.reason
    )


def test_verify_reports_a_payload_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    raw(f"sqlite:///{path}",
        "DROP TRIGGER events_redact_only; UPDATE events SET payload = 'x' WHERE position = 9;")
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "verify", "--store", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert 1 == done.returncode
    assert "FAILED at position 9: its payload is not JSON" in done.stdout


def test_a_missing_store_is_not_created_by_a_question(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "roster", "OpenAI", "--store", str(missing)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert 1 == done.returncode
    assert "no such store" in done.stderr
    assert not missing.exists()


def test_an_interrupted_write_leaves_nothing_behind(tmp_path: Path) -> None:
    with Timeline.open(tmp_path / "log.sqlite") as tl:
        store = tl.store
        assert store is not None
        commit = store.commit

        def interrupted() -> None:
            raise KeyboardInterrupt

        store.commit = interrupted  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            tl.append(person("ada"))
        store.commit = commit  # type: ignore[method-assign]
        assert 0 == tl.position
        tl._check()
        assert tl.append(person("ada"))
        assert "ada" == tl.resolve("Ada")


def _declarations_file(path: Path, count: int, bad_line: int | None = None) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, count + 1):
            if i == bad_line:
                out.write('{"kind": "person-declared", "id": "broken"}\n')
                continue
            out.write(json.dumps({
                "kind": "person-declared", "id": f"d{i}", "valid": "2000", "entity": f"p{i}",
                "name": f"Person {i}", "sources": [{"id": "s"}], "recorded": REC,
            }) + "\n")


def test_a_large_import_streams_in_chunks_and_lands_whole(url: str, tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    _declarations_file(path, 25_000)
    seen: list[int] = []
    with Timeline.open(url) as tl:
        assert 25_000 == tl.import_jsonl(path, progress=seen.append)
        assert [10_000, 20_000, 25_000] == seen
        assert 25_000 == tl.position
    with Timeline.open(url) as again:
        assert 25_000 == again.position
        assert again.verify().ok


def test_a_bad_line_late_in_a_large_import_appends_nothing(url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    _declarations_file(path, 25_000, bad_line=24_000)
    with Timeline.open(url) as tl:
        tl.append(person("zed"))
        with pytest.raises(Exception, match=r"line 24000"):
            tl.import_jsonl(path)
        assert 1 == tl.position
        tl._check()
        assert tl.append(person("yan"))
    with Timeline.open(url) as again:
        assert 2 == again.position
        assert again.verify().ok


def test_the_store_itself_refuses_a_row_recorded_before_its_latest(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend([person("ada"), PersonDeclared(
            id="decl-cy", valid="2000", entity="cy", name="Cy", sources=SRC,
            recorded="2024-06-01T00:00:00Z")])
    store = open_store(url, Timeline().types)
    try:
        store.lock()
        with pytest.raises(StoreError, match="recorded time never goes backwards"):
            store.insert([person("bob")], 2)
        store.rollback()
        assert 2 == store.head()
    finally:
        store.close()


def test_following_a_closed_timeline_raises_rather_than_wait_for_nothing(url: str) -> None:
    tl = Timeline.open(url)
    tl.extend(Timeline.example())
    tl.close()
    for follow in (lambda: tl.follow(0.1), tl.refresh):
        with pytest.raises(StoreError, match="store is closed"):
            follow()
    # it still answers from memory
    assert ("greg-brockman", "john-schulman") == tl.roster("OpenAI", at="2024-06").people


@pytest.mark.parametrize("address", [
    "postgresql://ada:hunter22@127.0.0.1:1/log",
    "postgresql://ada@127.0.0.1:1/log?password=hunter22&connect_timeout=1",
    "host=127.0.0.1 port=1 user=ada password=hunter22 dbname=log",
    "host=127.0.0.1 port=1 user=ada password='hunter22 with spaces' dbname=log",
    "mysql://ada:hunter22@127.0.0.1/log",
])
def test_a_password_in_a_store_address_is_never_printed(address: str) -> None:
    with pytest.raises(StoreError) as caught:
        Timeline.open(address)
    assert "hunter22" not in str(caught.value)
    err = io.StringIO()
    assert 1 == main(["roster", "OpenAI", "--store", address], stdout=io.StringIO(), stderr=err)
    assert "hunter22" not in err.getvalue()
    assert "store " in err.getvalue()


def test_a_path_with_key_value_parts_is_a_sqlite_path_not_a_postgresql_address(
        tmp_path: Path) -> None:
    folder = tmp_path / "user=ada"
    folder.mkdir()
    path = folder / "log.sqlite"
    with Timeline.open(str(path)) as tl:
        tl.extend(Timeline.example())
    assert path.exists()
    with Timeline.open(f"sqlite:///{tmp_path}/user=ada.sqlite") as tl:  # the prefix says so
        assert 0 == tl.position


def test_verify_beside_a_writer_never_raises_a_false_alarm(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.append(person("first"))
    spawn = multiprocessing.get_context("spawn")
    writer = spawn.Process(target=_writer, args=(url, 0, 400))
    writer.start()
    reports = []
    store = open_store(url)
    try:
        while writer.is_alive() or not reports:
            reports.append(store.verify())
    finally:
        store.close()
        writer.join(timeout=600)
    assert 0 == writer.exitcode
    assert [] == [r for r in reports if not r.ok]
    assert len({r.checked for r in reports}) > 1  # it ran while the log grew


def test_a_timeline_refuses_a_store_replaced_or_cut_short_behind_it(url: str) -> None:
    first = Timeline.open(url)
    first.extend(Timeline.example())
    identity = first.store.identity()  # type: ignore[union-attr]
    assert 32 == len(identity)
    rename = ("INSERT OR REPLACE INTO meta VALUES ('identity', 'another')"
              if url.startswith("sqlite")
              else "UPDATE timeline_meta SET value = 'another' WHERE key = 'identity'")
    with pytest.raises(Exception, match="timeline: "):  # set once, never changed
        raw(url, rename)
    # the database made anew at the same address: another store
    if url.startswith("sqlite"):
        raw(url, "DROP TABLE events; DROP TABLE meta;")
    else:
        raw(url, "DROP TABLE timeline_events; DROP TABLE timeline_meta;")
    with Timeline.open(url) as second:
        second.append(PersonDeclared(id="decl-new", valid="2000", entity="new", name="New",
                                     sources=SRC))
        assert second.store.identity() != identity  # type: ignore[union-attr]
    with pytest.raises(StoreError, match="not the store this timeline read"):
        first.refresh()
    with pytest.raises(StoreError, match="not the store this timeline read"):
        first.append(person("late"))
    first.close()


def test_a_timeline_refuses_a_store_cut_short_behind_its_triggers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    tl = Timeline.open(url)
    tl.extend(Timeline.example())
    raw(url, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE position > 15;")
    with pytest.raises(StoreError, match="it holds 15 events, fewer than the 17"):
        tl.follow(0.1)
    tl.close()
