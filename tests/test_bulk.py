"""Bulk imports into each store: written in one transaction with the store's
bulk path (``executemany`` on SQLite, ``COPY`` on PostgreSQL), the triggers
still firing on every row, and a bad line or a refused row leaving nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.helpers import person
from timeline import JsonLinesError, StoreError, Timeline
from timeline.io import jsonl
from timeline.stores import postgres
from timeline.stores._rows import rows_after

REC = "2024-01-01T00:00:00Z"


def _file(path: Path, count: int, bad_line: int | None = None) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('{"schema": 3}\n')
        for line in range(2, count + 2):
            if line == bad_line:
                out.write('{"kind": "person-declared", "id": "broken", "valid": "2000"}\n')
                continue
            out.write(json.dumps({
                "kind": "person-declared", "id": f"x{line}", "valid": "2000",
                "entity": f"p{line}", "name": f"Person {line}", "sources": [{"id": "s"}],
                "recorded": REC,
            }) + "\n")


def test_an_import_whose_line_3_is_bad_writes_nothing_and_names_line_3(
        url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    _file(path, 5, bad_line=3)
    with Timeline.open(url) as tl:
        tl.append(person("first"))
        with pytest.raises(JsonLinesError, match=r"bad\.jsonl, line 3: ") as caught:
            tl.import_jsonl(path)
        assert 3 == caught.value.line
        assert 1 == tl.position
    with Timeline.open(url) as again:
        assert ["decl-first"] == [event.id for event in again]
        assert again.verify().ok


def test_a_large_import_lands_whole_chained_and_in_order(url: str, tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    _file(path, 12_345)
    with Timeline.open(url) as tl:
        tl.append(person("first"))
        assert 12_345 == tl.import_jsonl(path)
    with Timeline.open(url) as again:
        assert 12_346 == again.position
        assert again.verify().ok
        assert ["decl-first", "x2", "x3"] == [event.id for event in again][:3]
        assert jsonl.loads(path.read_text().splitlines()[-1]) == again.event("x12346")


def test_a_row_postgres_refuses_during_the_copy_rolls_the_whole_import_back(
        postgres_url: str, tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    _file(path, 12_000)
    with Timeline.open(postgres_url) as tl:
        tl.append(person("first"))
        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                       "IF NEW.id = 'x11000' THEN RAISE EXCEPTION 'refused %', NEW.id; END IF; "
                       "RETURN NEW; END $$ LANGUAGE plpgsql")
            db.execute("CREATE TRIGGER refuse BEFORE INSERT ON timeline_events "
                       "FOR EACH ROW EXECUTE FUNCTION refuse()")
        with pytest.raises(StoreError, match="refused x11000") as caught:
            tl.import_jsonl(path)
        assert not isinstance(caught.value, psycopg.Error)
        assert "nothing written" in str(caught.value)
        assert 1 == tl.position
        tl._check()
        assert tl.append(person("second"))
    with psycopg.connect(postgres_url) as db:
        stored = [r[0] for r in db.execute("SELECT id FROM timeline_events ORDER BY position")]
    assert ["decl-first", "decl-second"] == stored


def test_postgres_refuses_a_copied_row_anywhere_but_at_the_end(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def misplaced(*args: Any, **kwargs: Any) -> tuple[list[tuple[object, ...]], str]:
        rows, last = rows_after(*args, **kwargs)
        return [(int(str(row[0])) - 1, *row[1:]) for row in rows], last

    with Timeline.open(postgres_url) as tl:
        tl.extend([person("a"), person("b")])
        monkeypatch.setattr(postgres, "rows_after", misplaced)
        with pytest.raises(StoreError, match="appended after the last position"):
            tl.append(person("c"))
        assert 2 == tl.position
    with psycopg.connect(postgres_url) as db:
        assert 2 == db.execute("SELECT count(*) FROM timeline_events").fetchone()[0]
