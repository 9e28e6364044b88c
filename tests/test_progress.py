"""The progress line of ``timeline import``: on a terminal, with a total and
an estimate of the time left; nothing on a pipe or in a CI run."""

from __future__ import annotations

import io
import os
import pty
import select
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import EventTypes, PersonDeclared, Source, Timeline
from timeline.cli.progress import Meter, on_terminal
from timeline.io import jsonl


def _people(path: Path, count: int, bad_line: int | None = None) -> None:
    jsonl.write((
        PersonDeclared(id=f"d{i}", valid="2000", entity=f"p{i}", name=f"P {i}",
                       sources=Source("wire"), recorded="2024-01-01T00:00:00Z")
        for i in range(count)
    ), path, EventTypes.default())
    if bad_line is not None:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[bad_line - 1] = '{"kind": "person-declared", "id": "broken"}\n'
        path.write_text("".join(lines), encoding="utf-8")


def _environment(ci: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return env


def _import_on_a_terminal(path: Path, store: Path, ci: str | None = None
                          ) -> tuple[int, str, str]:
    """Run ``timeline import`` with standard error on a pseudo-terminal;
    its exit status, standard output and what the terminal showed."""
    return _on_a_terminal(["import", str(path), "--store", str(store)], ci)


def _on_a_terminal(args: list[str], ci: str | None = None) -> tuple[int, str, str]:
    """Run a command with standard error on a pseudo-terminal; its exit
    status, standard output and what the terminal showed."""
    leader, follower = pty.openpty()
    try:
        running = subprocess.Popen(
            [sys.executable, "-m", "timeline", *args],
            stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL,
            env=_environment(ci),
        )
        os.close(follower)
        shown = b""
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed once the command ends
                break
            if not chunk:
                break
            shown += chunk
        out, _ = running.communicate(timeout=60)
    finally:
        os.close(leader)
    return running.returncode, out.decode(), shown.decode().replace("\r\n", "\n")


def test_an_import_on_a_terminal_shows_how_far_it_is_of_the_file(tmp_path: Path) -> None:
    path, store = tmp_path / "people.jsonl", tmp_path / "log.sqlite"
    _people(path, 25_000)
    status, out, shown = _import_on_a_terminal(path, store)
    assert 0 == status, shown
    assert "imported 25,000 new events" in out
    assert "\rread 10,000 events, " in shown
    assert "% of " in shown
    assert " left to read " in shown
    size = f"{path.stat().st_size / 1e6:.1f} MB"
    assert f"\rread 25,000 events, all {size}; checking and storing them" in shown
    assert "\rread and stored 25,000 events in " in shown
    assert shown.endswith("\n")
    assert 1 == shown.count("\n")


def test_a_bad_line_ends_the_progress_line_before_the_error(tmp_path: Path) -> None:
    path, store = tmp_path / "people.jsonl", tmp_path / "log.sqlite"
    _people(path, 25_000, bad_line=24_000)
    status, _, shown = _import_on_a_terminal(path, store)
    assert 1 == status
    progress, error = shown.rsplit("\n", 2)[:2]
    assert "\rread 10,000 events, " in progress
    assert error.startswith("timeline: "), shown
    assert "line 24000" in error
    with Timeline.open(store) as tl:
        assert 0 == tl.position


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_ci_run_shows_no_progress_even_on_a_terminal(tmp_path: Path, ci: str) -> None:
    path, store = tmp_path / "people.jsonl", tmp_path / "log.sqlite"
    _people(path, 12_000)
    status, out, shown = _import_on_a_terminal(path, store, ci=ci)
    assert 0 == status, shown
    assert "imported 12,000 new events" in out
    assert "" == shown


def test_an_import_piped_shows_no_progress(tmp_path: Path) -> None:
    path, store = tmp_path / "people.jsonl", tmp_path / "log.sqlite"
    _people(path, 12_000)
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "import", str(path), "--store", str(store)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False,
        env=_environment(None),
    )
    assert 0 == done.returncode, done.stderr
    assert "" == done.stderr


def test_the_line_is_redrawn_a_few_times_a_second_at_most() -> None:
    times = iter([0.0, 0.1, 0.2, 0.3, 0.6, 0.7])
    out = io.StringIO()
    read = iter([100, 200, 300, 400, 500])
    meter = Meter(out, total=1_000, done=lambda: next(read), clock=lambda: next(times),
                  shown=True)
    for count in (1, 2, 3, 4, 5):
        meter(count)
    drawn = [line.split(" events")[0] for line in out.getvalue().split("\r")[1:]]
    assert ["read 1", "read 4"] == drawn


def test_the_last_count_is_drawn_however_soon_it_comes() -> None:
    out = io.StringIO()
    meter = Meter(out, total=10, done=lambda: 10, clock=lambda: 1.0, shown=True)
    meter(5)
    meter(9)
    assert out.getvalue().endswith("\rread 9 events, all 10 bytes; checking and storing them ")
    meter.end(finished=True)
    last = out.getvalue().split("\r")[-1]
    assert "read and stored 9 events in 1 s" == last.rstrip()
    assert last.endswith(" \n")


def test_a_file_whose_size_is_unknown_shows_the_count_alone() -> None:
    out = io.StringIO()
    meter = Meter(out, total=0, done=lambda: 0, shown=True)
    meter(10_000)
    meter.end()
    assert "\rread 10,000 events \n" == out.getvalue()


def test_nothing_is_shown_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = io.StringIO()
    assert not on_terminal(out)
    meter = Meter(out, total=10, done=lambda: 5)
    meter(1)
    meter.end()
    assert "" == out.getvalue()


def test_opening_a_store_whose_keys_must_be_made_again_says_how_far(tmp_path: Path) -> None:
    path, store = tmp_path / "people.jsonl", tmp_path / "log.sqlite"
    _people(path, 25_000)
    _import_on_a_terminal(path, store)
    with sqlite3.connect(store) as db:
        db.execute("DELETE FROM projection")  # as an older release's store: keys to remake
    status, out, shown = _on_a_terminal(["names", "P 24999", "--store", str(store)])
    assert 0 == status, shown
    assert "p24999" in out
    assert "\ropening the store: read 10,000 of 25,000 events (40%)" in shown
    assert "opening the store: making its keys again from 25,000 events" in shown
    assert "\ropened the store: 25,000 events read and indexed in " in shown
    assert shown.endswith("\n")
    status, _, quiet = _on_a_terminal(["names", "P 24999", "--store", str(store)])
    assert (0, "") == (status, quiet)  # its keys made: it opens at once, and says nothing


def test_a_jsonl_store_read_whole_says_how_far(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    _people(path, 25_000)
    status, out, shown = _on_a_terminal(["names", "P 24999", "--store", str(path)])
    assert 0 == status, shown
    assert "p24999" in out
    assert "\rread 10,000 events, " in shown
