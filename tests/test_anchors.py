"""Heads kept outside a store: a rewrite that re-chains every row and sets
the head passes the store's own check, never a head kept elsewhere."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import psycopg
import pytest

from timeline import InvalidQueryError, Timeline
from timeline.cli import main
from timeline.model.dates import ValidDate
from timeline.stores._rows import GENESIS, canonical, chain, digest
from timeline.stores.base import Head


def _rewrite(url: str, position: int) -> None:
    """What someone who can write to the database can do: drop the guards,
    alter one payload, re-chain every row after it with the documented
    scheme and set the head to match."""
    sqlite = url.startswith("sqlite")
    table, meta = ("events", "meta") if sqlite else ("timeline_events", "timeline_meta")
    db = (sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None) if sqlite
          else psycopg.connect(url, autocommit=True))
    try:
        if sqlite:
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")\
                    .fetchall():
                db.execute(f"DROP TRIGGER {name}")
        else:
            db.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            db.execute(f"ALTER TABLE {meta} DISABLE TRIGGER ALL")
        rows = db.execute(f"SELECT position, payload FROM {table} ORDER BY position").fetchall()
        previous = GENESIS
        mark = "?" if sqlite else "%s"
        for at, stored in rows:
            data = json.loads(stored)
            if at == position:
                data["note"] = "rewritten"
            previous = chain(previous, at, data)
            db.execute(f"UPDATE {table} SET payload = {mark}, digest = {mark}, hash = {mark} "
                       f"WHERE position = {mark}",
                       (canonical(data) if at == position else stored, digest(data), previous,
                        at))
        db.execute(f"UPDATE {meta} SET value = {mark} WHERE key = 'head'",
                   (f"{len(rows)}:{previous}",))
    finally:
        db.close()


def test_a_rewritten_store_passes_its_own_check_but_not_a_head_kept_outside(url: str) -> None:
    with Timeline.open(url) as tl:
        tl.extend(Timeline.example())
        kept = tl.head()
    assert (17, 64) == (kept.position, len(kept.hash))
    _rewrite(url, 10)
    with Timeline.open(url) as tl:
        assert tl.verify().ok  # the store's own head was rewritten too
        report = tl.verify(kept)
        assert (False, 17) == (report.ok, report.first_bad)
        assert "kept outside the store" in report.reason
        assert tl.verify(str(kept)).first_bad == 17
        # a head kept earlier, before the rewritten position, still holds
        assert tl.verify(expected=Head(9, _hash_at(Timeline.example(), 9))).ok


def _hash_at(tl: Timeline, position: int) -> str:
    previous = GENESIS
    for at, event in enumerate(tl, start=1):
        previous = chain(previous, at, tl.types.encode(event))
        if at == position:
            return previous
    raise AssertionError(position)


def test_a_store_cut_short_or_replaced_by_an_empty_one_fails_a_checkpoint(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    checkpoint = tmp_path / "head.json"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
        tl.checkpoint(checkpoint, key="a key the store never holds")
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Timeline.open(path) as empty:
        assert empty.verify().ok
        report = empty.verify(checkpoint=checkpoint, key="a key the store never holds")
    assert (False, 1) == (report.ok, report.first_bad)
    assert "taken of another store" in report.reason  # its identity says so first


def test_a_signed_checkpoint_needs_its_key_and_notices_an_altered_file(tmp_path: Path) -> None:
    tl = Timeline.example()
    checkpoint = tmp_path / "head.json"
    tl.checkpoint(checkpoint, key=b"secret")
    assert tl.verify(checkpoint=checkpoint, key=b"secret").ok
    with pytest.raises(InvalidQueryError, match="it is signed; give its key"):
        tl.verify(checkpoint=checkpoint)
    with pytest.raises(InvalidQueryError, match="signature does not match"):
        tl.verify(checkpoint=checkpoint, key="another")
    data = json.loads(checkpoint.read_text())
    data["position"] = 3
    checkpoint.write_text(json.dumps(data))
    with pytest.raises(InvalidQueryError, match="signature does not match"):
        tl.verify(checkpoint=checkpoint, key=b"secret")
    checkpoint.write_text("not a checkpoint")
    with pytest.raises(InvalidQueryError, match="it is no checkpoint"):
        tl.verify(checkpoint=checkpoint)
    with pytest.raises(InvalidQueryError, match="position:hash"):
        tl.verify("17:nothex")


def test_in_memory_verify_can_fail() -> None:
    tl = Timeline.example()
    first = tl.verify()
    assert first.ok
    assert "nothing kept to compare" in repr(first)  # said, not hidden
    kept = tl.head()
    entry = tl._state.log.entries(9)[0]  # an event changed behind the API
    object.__setattr__(entry.event, "valid", ValidDate.parse("2020"))
    report = tl.verify()
    assert (False, 17) == (report.ok, report.first_bad)
    assert not tl.verify(kept).ok


def test_the_command_line_prints_the_head_and_verifies_against_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
        head = str(tl.head())
    out = io.StringIO()
    assert 0 == main(["head", "--store", str(path)], stdout=out)
    assert head == out.getvalue().strip()
    checkpoint = tmp_path / "head.json"
    monkeypatch.setenv("TIMELINE_CHECKPOINT_KEY", "k")
    assert 0 == main(["head", "--store", str(path), "--checkpoint", str(checkpoint)],
                     stdout=io.StringIO())
    assert 0 == main(["verify", "--store", str(path), "--checkpoint", str(checkpoint)],
                     stdout=io.StringIO())
    _rewrite(f"sqlite:///{path}", 3)
    out = io.StringIO()
    assert 1 == main(["verify", "--store", str(path), "--expected", head], stdout=out)
    assert "FAILED at position 17" in out.getvalue()
    monkeypatch.delenv("TIMELINE_CHECKPOINT_KEY")
    err = io.StringIO()
    assert 1 == main(["verify", "--store", str(path), "--checkpoint", str(checkpoint)],
                     stdout=io.StringIO(), stderr=err)
    assert "it is signed; give its key" in err.getvalue()


def test_a_checkpoint_names_its_store_and_fails_on_another_holding_the_same_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    checkpoint = tmp_path / "head.json"
    for path in (first, second):
        with Timeline.open(path) as tl:
            tl.extend(Timeline.example())
    with Timeline.open(first) as tl:
        tl.checkpoint(checkpoint, key="k")
        assert tl.verify(checkpoint=checkpoint, key="k").ok
        identity = tl.store.identity()
    assert identity == json.loads(checkpoint.read_text())["store"]
    with Timeline.open(second) as tl:
        assert tl.head() == Head.parse(f"{data_of(checkpoint)['position']}:"
                                       f"{data_of(checkpoint)['hash']}")  # the same log
        report = tl.verify(checkpoint=checkpoint, key="k")
    assert (False, 1) == (report.ok, report.first_bad)
    assert "taken of another store" in report.reason
    monkeypatch.setenv("TIMELINE_CHECKPOINT_KEY", "k")
    out = io.StringIO()
    assert 1 == main(["verify", "--store", str(second), "--checkpoint", str(checkpoint)],
                     stdout=out)
    assert "taken of another store" in out.getvalue()
    # the identity is signed: moved to another store's, the signature fails
    data = data_of(checkpoint)
    with Timeline.open(second) as tl:
        data["store"] = tl.store.identity()
        checkpoint.write_text(json.dumps(data))
        with pytest.raises(InvalidQueryError, match="signature does not match"):
            tl.verify(checkpoint=checkpoint, key="k")


def data_of(checkpoint: Path) -> dict[str, object]:
    return dict(json.loads(checkpoint.read_text()))


def test_an_unsigned_checkpoint_is_refused_when_a_key_is_given(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
        forged = tmp_path / "forged.json"
        head = tl.head()
        forged.write_text(json.dumps({"position": head.position, "hash": head.hash}))
        assert tl.verify(checkpoint=forged).ok  # no key: an unsigned one is taken as it is
        with pytest.raises(InvalidQueryError, match="not signed, though a key was given"):
            tl.verify(checkpoint=forged, key="k")
        tl.checkpoint(forged, key="k")
        assert tl.verify(checkpoint=forged, key="k").ok


def test_a_dropped_delete_guard_is_put_back_on_open(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TRIGGER events_no_delete")
    db.close()
    with Timeline.open(path):
        pass
    db = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM events WHERE position = 17")
    db.close()
