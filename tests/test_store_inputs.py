"""What a store says when its address, its file or a stored row is not what
it should be: a StoreError naming the store (and the position), never an
error of SQLite."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import StoreAddressError, StoreError, Timeline, TimelineError
from timeline.cli import main
from timeline.datasets import openai_exodus
from timeline.stores import open_store


def filled(path: Path) -> Path:
    with Timeline.open(path) as tl:
        tl.extend(openai_exodus())
    return path


def damage(path: Path, at: float) -> None:
    """Write garbage over one page of the file, ``at`` its length."""
    data = bytearray(path.read_bytes())
    start = int(len(data) * at) // 4096 * 4096
    data[start:start + 4096] = bytes((i * 7) & 0xFF for i in range(4096))
    path.write_bytes(bytes(data))


def raw(path: Path, sql: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.executescript(sql)
    finally:
        db.close()


def read_whole(path: Path) -> None:
    """Open a store and read every event: a store opened lazily reads a row
    only when a question needs it."""
    with Timeline.open(path) as tl:
        list(tl)


def test_a_damaged_page_is_a_store_error_when_read_naming_the_file_and_position(
    tmp_path: Path,
) -> None:
    path = filled(tmp_path / "log.sqlite")
    damage(path, 0.5)
    with pytest.raises(StoreError, match=r"cannot read after position \d+: .*damaged") as caught:
        read_whole(path)
    assert f"sqlite:///{path}" == caught.value.store


def test_verify_of_a_damaged_page_is_a_store_error(tmp_path: Path) -> None:
    path = filled(tmp_path / "log.sqlite")
    damage(path, 0.5)
    store = open_store(path)
    try:
        with pytest.raises(StoreError, match=r"cannot read after position \d+"):
            store.verify()
    finally:
        store.close()


def test_timeline_verify_of_a_damaged_file_prints_one_line_and_fails(tmp_path: Path) -> None:
    path = filled(tmp_path / "log.sqlite")
    damage(path, 0.5)
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "verify", "--store", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert (1, "") == (done.returncode, done.stdout)
    assert 1 == len(done.stderr.splitlines())
    assert done.stderr.startswith(f"timeline: error: store sqlite:///{path}: cannot read")


@pytest.mark.parametrize("payload", ["CAST(x'ff' AS TEXT)", "CAST(x'7b22c3' AS TEXT)"])
def test_a_payload_that_is_not_utf8_fails_verify_at_its_position_and_read_names_it(
    tmp_path: Path, payload: str,
) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    raw(path, f"DROP TRIGGER events_redact_only; "
              f"UPDATE events SET payload = {payload} WHERE position = 3;")
    store = open_store(path)
    try:
        report = store.verify()
    finally:
        store.close()
    assert (False, 3, "its payload is not UTF-8 text") == (
        report.ok, report.first_bad, report.reason)
    with pytest.raises(StoreError, match="event at position 3: its payload is not UTF-8 text"):
        read_whole(path)
    third = list(Timeline.example())[2]
    with Timeline.open(path) as tl, pytest.raises(StoreError, match="event at position 3"):
        tl.history(next(iter(third.about())))  # a question whose scope holds the row


def test_a_stored_payload_nested_too_deeply_fails_verify_and_read_names_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    deep = "[" * 100_000 + "]" * 100_000
    raw(path, f"DROP TRIGGER events_redact_only; "
              f"UPDATE events SET payload = '{deep}' WHERE position = 4;")
    store = open_store(path)
    try:
        report = store.verify()
    finally:
        store.close()
    assert (False, 4, "its payload cannot be read (nested too deeply)") == (
        report.ok, report.first_bad, report.reason)
    with pytest.raises(StoreError, match="position 4: its payload cannot be read"):
        read_whole(path)


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Timeline.open(tmp_path)


def test_a_device_is_not_a_store() -> None:
    with pytest.raises(StoreError, match="is not a regular file"):
        Timeline.open("/dev/null")


@pytest.mark.parametrize("address", ["sqlite:///", "", "  "])
def test_an_address_without_a_path_says_so(address: str) -> None:
    with pytest.raises(StoreError, match="no path given"):
        Timeline.open(address)


def test_a_store_in_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"its folder .* does not exist"):
        Timeline.open(tmp_path / "no" / "log.sqlite")


@pytest.mark.parametrize("address", [42, b"log.sqlite", ["log.sqlite"]])
def test_an_address_that_is_not_text_or_a_path_is_a_type_error_naming_it(
    address: object,
) -> None:
    with pytest.raises(StoreAddressError, match="expected a path") as caught:
        Timeline.open(address)  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, TimelineError)
    assert address == caught.value.value


def test_the_command_line_says_what_is_wrong_with_a_store_path(tmp_path: Path) -> None:
    import io  # noqa: PLC0415

    err = io.StringIO()
    assert 1 == main(["roster", "OpenAI", "--store", str(tmp_path)], stdout=io.StringIO(),
                     stderr=err)
    assert "is a directory" in err.getvalue()


@pytest.mark.parametrize("create", [True, False])
def test_a_sqlite_file_of_something_else_is_refused_and_left_untouched(
        tmp_path: Path, create: bool) -> None:
    other = tmp_path / "crm.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE events (name TEXT)")  # another program's events
        db.execute("INSERT INTO events VALUES ('launch')")
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not a timeline store: it holds the tables events"):
        Timeline.open(other, create=create)
    assert before == other.read_bytes()
    assert ["crm.sqlite"] == sorted(p.name for p in tmp_path.iterdir())  # no journal either


def test_a_file_that_is_not_sqlite_says_so_and_points_to_json_lines(tmp_path: Path) -> None:
    lines = tmp_path / "news.sqlite"
    lines.write_text('{"schema": 3}\n', encoding="utf-8")
    with pytest.raises(StoreError, match=r"not a SQLite database.*Timeline\.from_jsonl"):
        Timeline.open(lines)
