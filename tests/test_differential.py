"""The same generated histories in memory, in SQLite, in PostgreSQL and through a
JSON Lines round trip give identical answers to every query."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.answers import answers, store_in_batches
from timeline import Timeline
from timeline.testing import EPOCH, corrected_histories

VIEWS = [
    (day, known, level)
    for day in (dt.date(2019, 6, 30), dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    for known in (None, EPOCH.add(days=20))
    for level in ("rumored", "reported")
]


def same_answers(expected: Timeline, actual: Timeline) -> None:
    assert [event.id for event in expected] == [event.id for event in actual]
    for day, known, level in VIEWS:
        assert answers(expected, day, known, level) == answers(actual, day, known, level)


@given(corrected_histories(), st.integers(1, 4))
def test_sqlite_answers_like_memory(events, batches) -> None:
    memory = Timeline(events)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.sqlite"
        store_in_batches(path, events, batches)
        with Timeline.open(path) as reopened:
            same_answers(memory, reopened)
            assert reopened.verify().ok


@given(corrected_histories())
def test_a_json_lines_round_trip_answers_like_memory(events) -> None:
    memory = Timeline(events)
    text = io.StringIO()
    memory.export_jsonl(text)
    same_answers(memory, Timeline.from_jsonl(io.StringIO(text.getvalue())))


@pytest.fixture(scope="module")
def postgres_scratch(postgres_server: str):
    name = f"timeline_differential_{uuid.uuid4().hex[:12]}"  # one per worker and run
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    url = f"{postgres_server.rpartition('/')[0]}/{name}"
    yield url
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@settings(max_examples=200)
@given(events=corrected_histories())
def test_postgres_answers_like_memory(postgres_scratch, events) -> None:
    with psycopg.connect(postgres_scratch, autocommit=True) as db:
        db.execute("DROP TABLE IF EXISTS timeline_events, timeline_meta")
    memory = Timeline(events)
    with Timeline.open(postgres_scratch) as stored:
        stored.extend(events)
    with Timeline.open(postgres_scratch) as reopened:
        same_answers(memory, reopened)
        assert reopened.verify().ok
