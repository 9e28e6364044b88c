"""A PostgreSQL server restarted or stopped under a timeline: followers and
writers carry on, an append cut off lands once or not at all, and a server
that stays away is one clear StoreError."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import OwnServer
from tests.helpers import person
from timeline import (
    StoreError,
    StoreUnavailableError,
    Timeline,
)


def later(seconds: float, action: object) -> threading.Thread:
    """Run ``action`` in a thread after ``seconds``."""
    def run() -> None:
        time.sleep(seconds)
        action()  # type: ignore[operator]

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def stored_ids(url: str) -> list[str]:
    with psycopg.connect(url) as db:
        return [r[0] for r in db.execute("SELECT id FROM timeline_events ORDER BY position")]


def test_a_follower_and_a_writer_carry_on_after_the_server_restarts(
        own_postgres: OwnServer) -> None:
    url = own_postgres.url
    with Timeline.open(url) as writer, Timeline.open(url) as reader:
        writer.extend(person(f"a{i}") for i in range(5))
        assert 5 == reader.follow(timeout=5)
        own_postgres.restart()
        writer.extend(person(f"b{i}") for i in range(5))
        assert 5 == reader.follow(timeout=5)
        # a follower asleep in follow() when the server goes down
        restart = later(0.5, own_postgres.restart)
        append = later(2.0, lambda: writer.append(person("c")))
        assert 1 == reader.follow(timeout=30)
        restart.join()
        append.join()
        assert 11 == writer.position == reader.position
        assert reader.verify().ok
    assert 11 == len(set(stored_ids(url))) == len(stored_ids(url))


def test_a_writer_restarted_under_loses_nothing_and_doubles_nothing(
        own_postgres: OwnServer) -> None:
    url = own_postgres.url
    with Timeline.open(url) as writer:
        restarts = [later(delay, own_postgres.restart) for delay in (0.3,)]
        for i in range(150):
            writer.append(person(f"w{i}"))
        for thread in restarts:
            thread.join()
        writer.append(person("after"))
        assert 151 == writer.position
    ids = stored_ids(url)
    assert [f"decl-w{i}" for i in range(150)] + ["decl-after"] == ids
    with Timeline.open(url) as again:
        assert again.verify().ok


def test_a_server_that_stays_away_is_a_store_error_within_the_timeout(
        own_postgres: OwnServer) -> None:
    with Timeline.open(own_postgres.url, reconnect_timeout=2) as tl:
        tl.append(person("x"))
        own_postgres.halt()
        for attempt in (lambda: tl.append(person("y")), lambda: tl.follow(timeout=0.1),
                        tl.refresh, tl.verify, tl.head):
            began = time.monotonic()
            with pytest.raises(StoreUnavailableError) as caught:
                attempt()
            assert time.monotonic() - began < 2 + 5
            message = str(caught.value)
            assert message.startswith(f"store 127.0.0.1:{own_postgres.port}/postgres: ")
            assert "could not be made again within 2 s" in message
        assert 1 == tl.position
    own_postgres.restart()
    assert ["decl-x"] == stored_ids(own_postgres.url)


def test_a_server_killed_mid_insert_is_one_store_error_and_nothing_written(
        own_postgres: OwnServer) -> None:
    url = own_postgres.url
    with Timeline.open(url, reconnect_timeout=1) as tl:
        tl.append(person("first"))
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("CREATE FUNCTION slow() RETURNS trigger AS $$ BEGIN "
                       "PERFORM pg_sleep(0.2); RETURN NEW; END $$ LANGUAGE plpgsql")
            db.execute("CREATE TRIGGER slow BEFORE INSERT ON timeline_events "
                       "FOR EACH ROW EXECUTE FUNCTION slow()")
        halt = later(1.0, own_postgres.halt)
        with pytest.raises(StoreError) as caught:
            tl.extend(person(f"batch{i}") for i in range(20))
        halt.join()
        assert not isinstance(caught.value, psycopg.Error)
        assert "nothing was written" in str(caught.value)
        assert 1 == tl.position
    own_postgres.restart()
    assert ["decl-first"] == stored_ids(url)


def test_a_commit_cut_off_by_a_restart_lands_once(own_postgres: OwnServer) -> None:
    url = own_postgres.url
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE slow_commits (n INTEGER)")
        db.execute("CREATE FUNCTION slow() RETURNS trigger AS $$ BEGIN "
                   "PERFORM pg_sleep(1); RETURN NULL; END $$ LANGUAGE plpgsql")
        db.execute("CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON slow_commits "
                   "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow()")
        # every append's transaction inserts into slow_commits, so its COMMIT
        # runs the deferred trigger and takes a second: the restart cuts it off
        db.execute("CREATE FUNCTION note() RETURNS trigger AS $$ BEGIN "
                   "INSERT INTO slow_commits VALUES (1); RETURN NULL; END $$ "
                   "LANGUAGE plpgsql")
    with Timeline.open(url) as tl:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("CREATE TRIGGER note AFTER INSERT ON timeline_meta "
                       "FOR EACH ROW EXECUTE FUNCTION note()")
            db.execute("CREATE TRIGGER note_update AFTER UPDATE ON timeline_meta "
                       "FOR EACH ROW EXECUTE FUNCTION note()")
        restart = later(0.5, own_postgres.restart)
        assert 3 == tl.extend(person(f"c{i}") for i in range(3))
        restart.join()
        assert 3 == tl.position
    assert ["decl-c0", "decl-c1", "decl-c2"] == stored_ids(url)


def test_an_import_cut_off_by_a_server_gone_away_writes_nothing_and_keeps_what_was_read(
        own_postgres: OwnServer, tmp_path: Path) -> None:
    url = own_postgres.url
    source = tmp_path / "events.jsonl"
    count = 10_001  # past the first chunk of 10,000, staged before the server goes
    Timeline(person(f"i{i}") for i in range(count)).export_jsonl(source)
    with Timeline.open(url, reconnect_timeout=1) as tl:
        tl.append(person("first"))
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("CREATE FUNCTION slow() RETURNS trigger AS $$ BEGIN "
                       "IF NEW.position > 10001 THEN PERFORM pg_sleep(30); END IF; "
                       "RETURN NEW; END $$ LANGUAGE plpgsql")
            db.execute("CREATE TRIGGER slow BEFORE INSERT ON timeline_events "
                       "FOR EACH ROW EXECUTE FUNCTION slow()")

        def halt_when_asleep() -> None:
            with psycopg.connect(url, autocommit=True) as db:
                while not db.execute("SELECT 1 FROM pg_stat_activity "
                                     "WHERE wait_event = 'PgSleep'").fetchone():
                    time.sleep(0.05)
            own_postgres.halt()

        halt = threading.Thread(target=halt_when_asleep)
        halt.start()
        with pytest.raises(StoreError) as caught:
            tl.import_jsonl(source)
        halt.join()
        assert "nothing was written" in str(caught.value)
        assert 1 == tl.position
        assert ["decl-first"] == [event.id for event in tl]
    own_postgres.restart()
    assert ["decl-first"] == stored_ids(url)
