"""Online backup: a consistent copy while writers go on, on SQLite and
PostgreSQL, from the API and the command line; and why copying a SQLite
file by hand is not one."""

from __future__ import annotations

import io
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.helpers import person
from timeline import StoreError, Timeline
from timeline.cli import main


def test_a_backup_taken_while_a_writer_runs_verifies_and_ends_at_a_source_head(
        url: str, tmp_path: Path) -> None:
    with Timeline.open(url) as source:
        source.extend(person(f"a{i}") for i in range(100))
    done = threading.Event()

    def write() -> None:
        with Timeline.open(url) as writer:
            i = 0
            while not done.is_set():
                writer.extend(person(f"b{i}-{j}") for j in range(5))
                i += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copies = []
        with Timeline.open(url) as source:
            for n in range(3):
                copies.append((tmp_path / f"copy{n}.sqlite", None))
                copies[-1] = (copies[-1][0], source.backup(copies[-1][0]))
    finally:
        done.set()
        writer.join()
    with Timeline.open(url) as source:
        for path, head in copies:
            assert head is not None
            assert head.position >= 100
            assert (head.position - 100) % 5 == 0  # whole batches only
            with Timeline.open(path, create=False) as copy:
                assert copy.verify().ok
                assert head == copy.head()
                assert head.position == copy.position
            # the source's log up to the copy's head hashes to it
            assert source.verify(head).ok


def test_a_backup_never_overwrites(tmp_path: Path) -> None:
    taken = tmp_path / "taken.sqlite"
    taken.write_text("precious")
    with Timeline.open(tmp_path / "log.sqlite") as tl, pytest.raises(StoreError) as caught:
        tl.backup(taken)
    shown = str(taken) if len(str(taken)) <= 80 else str(taken)[:77] + "..."
    assert (f"store sqlite:///{tmp_path / 'log.sqlite'}: cannot back up to {shown!r}: it "
            "exists; a backup never overwrites, so give a new path") == str(caught.value)
    assert "precious" == taken.read_text()


def test_a_timeline_in_memory_backs_up_to_a_sqlite_file(tmp_path: Path) -> None:
    tl = Timeline.example()
    head = tl.backup(tmp_path / "copy.sqlite")
    with Timeline.open(tmp_path / "copy.sqlite", create=False) as copy:
        assert 17 == head.position == copy.position
        assert copy.verify().ok
        assert tl.head() == copy.head()


def test_copying_only_the_sqlite_file_beside_a_writer_misses_committed_events(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as first:
        first.extend(person(f"old{i}") for i in range(17))  # in the file once closed
    with Timeline.open(path) as writer:
        writer.extend(person(f"new{i}") for i in range(3))  # committed, in the WAL
        shutil.copyfile(path, tmp_path / "by-hand.sqlite")
        writer.backup(tmp_path / "backup.sqlite")
    with sqlite3.connect(tmp_path / "by-hand.sqlite") as db:
        assert 17 == db.execute("SELECT count(*) FROM events").fetchone()[0]
    with Timeline.open(tmp_path / "backup.sqlite", create=False) as copy:
        assert 20 == copy.position


def test_the_command_line_backs_up_a_store(url: str, tmp_path: Path) -> None:
    with Timeline.open(url) as tl:
        tl.extend(Timeline.example())
        head = tl.head()
    out, err = io.StringIO(), io.StringIO()
    dest = tmp_path / "copy.sqlite"
    assert 0 == main(["backup", str(dest), "--store", url], stdout=out, stderr=err)
    assert f"backed up 17 events to {dest}; its head is {head}\n" == out.getvalue()
    assert 1 == main(["backup", str(dest), "--store", url], stdout=out, stderr=err)
    assert "it exists; a backup never overwrites" in err.getvalue()
