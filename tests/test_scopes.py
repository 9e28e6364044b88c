"""A store opened lazily reads only each question's scope, and answers every
question exactly as the timeline holding the whole log does: on generated
histories with corrections, disputes and late records, asked on a fresh
open per question (a scope read alone) and one after another (scopes read
on top of each other), in SQLite and PostgreSQL, while writers append."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.answers import member, store_in_batches
from tests.helpers import emptied
from timeline import InvalidQueryError, StoreError, Timeline, TimelineError
from timeline.datasets import openai_exodus
from timeline.engine.scopes import VERSION
from timeline.testing import (
    EPOCH,
    NAMES,
    ORGANIZATIONS,
    PEOPLE,
    corrected_histories,
    name_histories,
)


def _asked(query: Callable[[], Any], read: Callable[[Any], object]) -> object:
    """The answer as data, or the error, message and all (suggestions too)."""
    try:
        answer = query()
    except TimelineError as error:
        return type(error).__name__, str(error)
    return read(answer)


VIEWS = [
    (day, known, level)
    for day in (dt.date(2019, 6, 30), dt.date(2024, 12, 31))
    for known in (None, EPOCH.add(days=20))
    for level in ("rumored", "reported")
]


def _contests(roster: Any) -> list[object]:
    return [(c.person, c.org, c.accepted, c.other) for c in roster.contested]


def _roster(tl: Timeline, org: str) -> object:
    return [_asked(partial(tl.roster, org, at=day, known=known, min_certainty=level),
                   lambda r: (sorted(member(m) for m in r.members + r.possible),
                              _contests(r), str(r)))
            for day, known, level in VIEWS]


def _person(tl: Timeline, person: str) -> object:
    out: list[object] = []
    for day, known, level in VIEWS:
        out.append(_asked(partial(tl.where, person, at=day, known=known, min_certainty=level),
                          lambda w: (sorted(member(m) for m in w.orgs + w.possible), str(w))))
        out.append(_asked(partial(tl.career, person, known=known, min_certainty=level), str))
    return out


def _span(tl: Timeline, org: str) -> object:
    return [_asked(partial(tl.roster_during, org, dt.date(2015, 1, 1), day, known=known,
                           min_certainty=level), lambda span: (span.members, span.possible))
            for day, known, level in VIEWS]


def _pair(tl: Timeline, people: tuple[str, str]) -> object:
    return [_asked(partial(tl.overlap, *people, known=known, min_certainty=level), str)
            for _, known, level in VIEWS]


def _name(tl: Timeline, name: str) -> object:
    return [(_asked(partial(tl.resolve, name, known=known), str),
             _asked(partial(tl.entity, name, known=known, at=day), repr))
            for day, known, _ in VIEWS]


def _organization(tl: Timeline, org: str) -> object:
    return [_asked(partial(tl.organization, org, at=day, known=known, min_certainty=level),
                   repr) for day, known, level in VIEWS]


def _case(tl: Timeline, case: str) -> object:
    return [_asked(partial(tl.case, case, at=day, known=known, min_certainty=level), repr)
            for day, known, level in VIEWS]


def _history(tl: Timeline, entity: str) -> object:
    return [_asked(partial(tl.history, entity, known=known, versions=True), str)
            for _, known, _ in VIEWS]


def _events(tl: Timeline, ids: list[str]) -> object:
    return [(_asked(partial(tl.event, event_id), repr),
             _asked(partial(tl.lineage, event_id), str),
             _asked(partial(tl.explain, event_id), str)) for event_id in ids]


def _diff(tl: Timeline, org: str) -> object:
    return [_asked(partial(tl.diff, org, dt.date(2018, 6, 30), day, known=known,
                           min_certainty=level), str) for day, known, level in VIEWS]


def _series(tl: Timeline, org: str) -> object:
    return [_asked(partial(tl.series, org, at=day, known=known, min_certainty=level), repr)
            for day, known, level in VIEWS]


def _plans(tl: Timeline, entity: str) -> object:
    return [_asked(partial(tl.plans, entity, at=day, known=known, min_certainty=level), repr)
            for day, known, level in VIEWS]


def _cohort(tl: Timeline, org: str) -> object:
    return [_asked(partial(tl.cohort, PEOPLE[:3], org, at=day, known=known,
                           min_certainty=level), repr) for day, known, level in VIEWS]


def _headcounts(tl: Timeline, orgs: tuple[str, ...]) -> object:
    return [_asked(partial(tl.headcounts, list(orgs), [dt.date(2019, 6, 30), day], known=known,
                           min_certainty=level), repr) for day, known, level in VIEWS]


def _lawsuits(tl: Timeline, party: str | None) -> object:
    return [_asked(partial(tl.lawsuits, at=day, party=party, known=known, min_certainty=level),
                   str) for day, known, level in VIEWS]


def _flows(tl: Timeline, org: str) -> object:
    return [_asked(partial(tl.flows, "2015", day, source=org, known=known,
                           min_certainty=level), repr) for day, known, level in VIEWS]


def _announcements(tl: Timeline, org: str) -> object:
    return [_asked(partial(tl.announcements, org, end=day, known=known, min_certainty=level),
                   str) for day, known, level in VIEWS]


def _changes(tl: Timeline, span: tuple[object, object]) -> object:
    return _asked(partial(tl.changes, *span), str)


QUESTIONS: list[tuple[str, Callable[[Timeline, Any], object]]] = [
    *((org, _roster) for org in ORGANIZATIONS),
    *((person, _person) for person in PEOPLE),
    *((entity, _history) for entity in (*PEOPLE, *ORGANIZATIONS)),
    *((org, _span) for org in ORGANIZATIONS),
    *((org, _organization) for org in ORGANIZATIONS),
    *((org, _diff) for org in ORGANIZATIONS),
    *((org, _series) for org in ORGANIZATIONS),
    *((org, _cohort) for org in ORGANIZATIONS),
    *((entity, _plans) for entity in (*PEOPLE[:2], *ORGANIZATIONS)),
    ((ORGANIZATIONS[0], ORGANIZATIONS[-1]), _headcounts),
    *((org, _flows) for org in ORGANIZATIONS),
    *((party, _lawsuits) for party in (None, PEOPLE[0], ORGANIZATIONS[0])),
    *((org, _announcements) for org in ORGANIZATIONS),
    *((span, _changes) for span in ((None, None), (None, EPOCH.add(days=20)),
                                    (EPOCH.add(days=10), EPOCH.add(days=30)),
                                    (EPOCH.add(days=25), None), (EPOCH.add(days=30), EPOCH))),
    *((case, _case) for case in ("case-1", "case-3", "no-such-case")),
    *(((a, b), _pair) for a in PEOPLE for b in PEOPLE if a < b),
    *((name, _name) for name in ("Lovelace", "TURING", "acme", "Acme Corp", "Nobody",
                                 *PEOPLE[:2], *ORGANIZATIONS[:2])),
]


def _alone(turn: int) -> list[tuple[Any, Callable[[Timeline, Any], object]]]:
    """One question of each kind, its subject taken in turn: those asked
    alone, each on a fresh lazy open (every question is then asked on one
    shared open)."""
    kinds: dict[Callable[[Timeline, Any], object], list[Any]] = {}
    for subject, ask in QUESTIONS:
        kinds.setdefault(ask, []).append(subject)
    return [(subjects[turn % len(subjects)], ask) for ask, subjects in kinds.items()]


def _compare_lazily(memory: Timeline, url: str, ids: list[str], cache: int | None = None) -> None:
    """One question of each kind on a fresh lazy open, then all of them on
    one (holding at most about ``cache`` events)."""
    for subject, ask in _alone(len(ids) + len(url)):
        with Timeline.open(url) as alone:
            assert alone.lazy
            assert ask(memory, subject) == ask(alone, subject), (ask.__name__, subject)
            assert alone.lazy, "a scoped question read the whole log"
    with Timeline.open(url) as alone:
        assert _events(memory, ids) == _events(alone, ids)
        assert alone.lazy
    with Timeline.open(url, cache=cache) as shared:
        given = [(ask, subject, ask(shared, subject)) for subject, ask in QUESTIONS]
        for ask, subject, answer in given:  # answered before the cache forgot, or after
            assert ask(memory, subject) == answer, (ask.__name__, subject)
        assert shared.lazy
        assert _events(memory, ids) == _events(shared, ids)
        shared._check()  # reads the whole log: the state it held is then checked whole
        assert not shared.lazy


def _ids(events: list[Any]) -> list[str]:
    ids = [e.id for e in events]
    for event in events:
        for field in ("replacement", "claim"):
            inner = getattr(event, field, None)
            if inner is not None:
                ids.append(inner.id)
    return [*ids[::3], "no-such-event"]


@settings(max_examples=40, deadline=None)
@given(corrected_histories(), st.integers(1, 3), st.sampled_from([None, 1, 30]))
def test_a_sqlite_store_opened_lazily_answers_like_memory(events, batches, cache) -> None:
    memory = Timeline(events)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "log.sqlite")
        store_in_batches(path, events, batches)
        _compare_lazily(memory, path, _ids(events), cache)


@settings(max_examples=15, deadline=None)
@given(events=corrected_histories())
def test_a_postgres_store_opened_lazily_answers_like_memory(scratch, events) -> None:
    emptied(scratch)
    memory = Timeline(events)
    with Timeline.open(scratch) as stored:
        stored.extend(events)
    _compare_lazily(memory, scratch, _ids(events))


@settings(max_examples=30, deadline=None)
@given(corrected_histories(), st.data())
def test_a_lazy_follower_catches_up_like_a_timeline_reading_everything(events, data) -> None:
    """Appends after a lazy open, retroactive events and corrections among
    them, reach what the follower has read, and only that."""
    cut = data.draw(st.integers(0, len(events)))
    asked = data.draw(st.lists(st.sampled_from(QUESTIONS), max_size=4))
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "log.sqlite")
        with Timeline.open(path) as writer:
            writer.extend(events[:cut])
            with Timeline.open(path) as follower:
                assert follower.lazy
                for subject, ask in asked:
                    ask(follower, subject)
                writer.extend(events[cut:])
                assert len(events) - cut == follower.refresh()
                assert follower.lazy
                memory = Timeline(events)
                for subject, ask in QUESTIONS:
                    assert ask(memory, subject) == ask(follower, subject)


def test_a_store_whose_keys_are_behind_or_of_another_version_is_read_whole_and_indexed(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    expected = Timeline.example().roster("OpenAI", at="2024-06")
    for change in ("UPDATE projection SET version = version + 1",
                   "UPDATE projection SET position = position - 1",
                   "DELETE FROM projection",
                   "DELETE FROM event_keys"):
        with sqlite3.connect(path) as db:
            db.execute(change)
        with Timeline.open(path) as reopened:
            if change == "DELETE FROM event_keys":
                # the recorded head still matches: the keys are believed, and
                # verify says they no longer match the log
                assert reopened.lazy
                report = reopened.verify()
                assert not report.ok
                assert "keys" in report.reason
                continue
            assert not reopened.lazy, change
            assert expected == reopened.roster("OpenAI", at="2024-06")
        with Timeline.open(path) as again:
            assert again.lazy, f"keys made again after {change!r}"
            assert str(expected) == str(again.roster("OpenAI", at="2024-06"))
            assert again.verify().ok
        with sqlite3.connect(path) as db:
            assert (VERSION,) == db.execute("SELECT version FROM projection").fetchone()


def test_a_closed_lazy_timeline_answers_what_it_read_and_refuses_the_rest(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    tl = Timeline.open(path)
    asked = tl.roster("OpenAI", at="2024-06")
    tl.close()
    assert asked == tl.roster("OpenAI", at="2024-06")
    with pytest.raises(StoreError, match="closed and it never read what this question needs "
                       "\\('Anthropic'\\)"):
        tl.roster("Anthropic", at="2024-09")
    with pytest.raises(StoreError, match="closed and it read only part of it"):
        tl.lawsuits(at="2024-09")


def test_keys_are_made_again_on_open_only_where_the_store_can_be_written(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    with Timeline.open(path) as writer:
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM projection")
        writer.store.lock()  # a writer holds the lock: the keys wait for another open
        with Timeline.open(path) as busy:
            assert not busy.lazy
            assert ("greg-brockman", "john-schulman") == busy.roster(
                "OpenAI", at="2024-06").people
        writer.store.rollback()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT * FROM projection").fetchone() is None
    with Timeline.open(path) as reading:
        assert not reading.lazy  # read whole, and the keys made again
    with Timeline.open(path) as again:
        assert again.lazy


def test_a_read_that_fails_leaves_nothing_marked_as_read(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    expected = Timeline.example().where("John Schulman", at="2024-06-01")
    with Timeline.open(path) as tl:
        tl.where("Greg Brockman", at="2024-06-01")
        store = tl.store
        assert store is not None
        reading = store.read_at

        def failing(positions: object) -> object:
            store.read_at = reading  # type: ignore[method-assign]
            raise StoreError(store.name, "cannot read: the disk went away")

        store.read_at = failing  # type: ignore[method-assign]
        with pytest.raises(StoreError, match="the disk went away"):
            tl.where("John Schulman", at="2024-06-01")
        assert expected == tl.where("John Schulman", at="2024-06-01")


def _by_name(tl: Timeline, name: str) -> object:
    return [(_asked(partial(tl.roster, name, at=day, known=known, min_certainty=level),
                    lambda r: (r.org, sorted(member(m) for m in r.members + r.possible))),
             _asked(partial(tl.resolve, name, known=known), str))
            for day, known, level in VIEWS]


@settings(max_examples=30, deadline=None)
@given(name_histories())
def test_names_that_change_hands_are_found_lazily_as_in_memory(events) -> None:
    """Organisations taking each other's names, asked by name in views that
    have not heard of them yet: the same answer, or the same error with the
    same suggestions."""
    memory = Timeline(events)
    asked = [*NAMES, *ORGANIZATIONS, "Acme Corporation", "Nobody"]
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "log.sqlite")
        with Timeline.open(path) as stored:
            stored.extend(events)
        for name in asked:
            with Timeline.open(path) as alone:
                assert _by_name(memory, name) == _by_name(alone, name), name
        with Timeline.open(path) as shared:
            for name in asked:
                assert _by_name(memory, name) == _by_name(shared, name), name


def test_an_erasure_by_another_process_is_seen_whenever_it_lands(tmp_path: Path) -> None:
    """A timeline opened lazily before another process erased someone reads
    the redacted events, as one reading everything then would: whether the
    erasure landed before its question or while it was reading."""
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    with Timeline.open(path) as before, Timeline.open(path) as during:
        assert before.lazy
        assert during.lazy
        before.where("Greg Brockman", at="2024-06-01")
        store = during.store
        assert store is not None
        reading = store.read_at

        def erasing_meanwhile(positions: Any) -> Any:
            store.read_at = reading  # type: ignore[method-assign]
            with Timeline.open(path) as eraser:
                eraser.erase("John Schulman", sources="request-1")
            return reading(positions)

        store.read_at = erasing_meanwhile  # type: ignore[method-assign]
        assert ("erased-18", "greg-brockman") == during.roster("OpenAI", at="2024-06").people
        assert ("erased-18", "greg-brockman") == before.roster("OpenAI", at="2024-06").people
        assert "erased-18" == before.where("erased-18", at="2024-06").person
        with pytest.raises(TimelineError, match="John Schulman"):
            before.career("John Schulman")


def test_keys_made_stale_after_a_lazy_open_send_the_next_question_to_the_whole_log(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    with Timeline.open(path) as reader:
        assert reader.lazy
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM projection")
        assert ("greg-brockman", "john-schulman") == reader.roster(
            "OpenAI", at="2024-06").people
        assert not reader.lazy


def test_lazy_queries_take_odd_arguments_as_the_whole_log_does(tmp_path: Path) -> None:
    """An iterator is read once, by the query; missing arguments and names
    no one bore give the errors a timeline holding everything gives."""
    path = tmp_path / "log.sqlite"
    memory = Timeline.example()
    with Timeline.open(path) as tl:
        tl.extend(memory)

    def asked(tl: Timeline) -> list[object]:
        return [
            _asked(lambda: tl.explain(iter(["ilya-leaves", "openai-founded"])), str),
            _asked(lambda: tl.explain(i for i in ["ilya-leaves"]), str),
            _asked(lambda: tl.roster("OpenAl", at="2024-06"), str),
            _asked(lambda: tl.roster("Anthropic", at="2024-06", known="2019-01-01"), str),
            _asked(lambda: tl.where("Jan Leike", at="2021-06", known="2018-01-01"), str),
        ]

    with Timeline.open(path) as lazy:
        assert asked(memory) == asked(lazy)
        for call in (lambda t: t.roster(), lambda t: t.where(at="2024-06"),
                     lambda t: t.event()):
            with pytest.raises(TypeError) as whole:
                call(memory)
            with pytest.raises(TypeError) as scoped:
                call(lazy)
            assert str(whole.value) == str(scoped.value)


def test_verify_on_a_timeline_behind_its_store_checks_the_keys_it_stands_on(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    example = list(Timeline.example())
    with Timeline.open(path) as tl:
        tl.extend(example[:10])
    with Timeline.open(path) as behind, Timeline.open(path) as writer:
        writer.extend(example[10:])
        assert behind.verify().ok


def test_a_reading_role_opens_a_postgres_store_made_before_keys_by_reading_it_whole(
        postgres_url: str) -> None:
    """A role that may only read, on a store whose key tables an older
    release never made, opens it as that release did: reading the log."""
    with Timeline.open(postgres_url) as tl:
        tl.extend(Timeline.example())
    role = f"reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("DROP TABLE timeline_event_keys, timeline_projection, "
                   "timeline_roster_regions, timeline_roster_tenures, timeline_entity_names")
        db.execute(f"CREATE ROLE {role} LOGIN")
        db.execute(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {role}")
        db.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    reading = postgres_url.replace("postgres@", f"{role}@", 1)
    try:
        with Timeline.open(reading) as reader:
            assert not reader.lazy
            assert ("greg-brockman", "john-schulman") == reader.roster(
                "OpenAI", at="2024-06").people
            assert reader.verify().ok
        with Timeline.open(postgres_url) as owner:  # a role that may write makes them
            assert not owner.lazy
        with Timeline.open(reading) as reader:  # not yet allowed to read them
            assert not reader.lazy
            assert reader.verify().ok
        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
            db.execute(f"REVOKE SELECT ON timeline_roster_regions FROM {role}")
        with Timeline.open(reading) as reader:  # the keys but not the regions: scopes
            assert reader.lazy
            assert ("greg-brockman", "john-schulman") == reader.roster(
                "OpenAI", at="2024-06").people
        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
            db.execute(f"REVOKE SELECT ON timeline_roster_tenures FROM {role}")
        expected = str(Timeline.example().roster("OpenAI", at="2024-06"))
        with Timeline.open(reading) as reader:  # the regions, not the kept tenures: events
            assert reader.lazy
            assert expected == str(reader.roster("OpenAI", at="2024-06"))
        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        with Timeline.open(reading) as reader:
            assert reader.lazy
            assert ("greg-brockman", "john-schulman") == reader.roster(
                "OpenAI", at="2024-06").people
            assert expected == str(reader.roster("OpenAI", at="2024-06"))
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute(f"DROP OWNED BY {role}")
            db.execute(f"DROP ROLE {role}")


def test_a_full_cache_forgets_what_it_read_and_answers_given_keep_theirs(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    memory = Timeline.example()
    with Timeline.open(path) as tl:
        tl.extend(memory)
    with Timeline.open(path, cache=1) as lazy:
        ilya = lazy.where("Ilya Sutskever", at="2024-01-15")  # entries not yet worked out
        assert "ilya-leaves" in {e.event.id for e in lazy._held.log}
        openai = lazy.roster("OpenAI", at="2024-01-15")  # from the store's regions
        anthropic = lazy.where("John Schulman", at="2024-09")
        assert lazy.lazy
        assert "ilya-leaves" not in {e.event.id for e in lazy._held.log}  # forgotten
        assert memory.where("Ilya Sutskever", at="2024-01-15") == ilya
        assert [member(m) for m in memory.where("Ilya Sutskever", at="2024-01-15").orgs] == [
            member(m) for m in ilya.orgs]
        assert [member(m) for m in memory.roster("OpenAI", at="2024-01-15")] == [
            member(m) for m in openai]  # its details read now, past the forgetting
        assert memory.where("John Schulman", at="2024-09") == anthropic
        assert memory.career("John Schulman") == lazy.career("John Schulman")
    for wrong in (0, -1, 2.5, "many", True):
        with pytest.raises(InvalidQueryError, match="invalid cache="):
            Timeline.open(path, cache=wrong)  # type: ignore[arg-type]


def test_the_bundled_dataset_opened_lazily_answers_every_organisation_and_case_alike(
        tmp_path: Path) -> None:
    """Organisations with rounds, valuations, deals, units and lawsuits (a
    counterclaim among them), and every case, on a fresh lazy open each and
    then all on one, as the timeline holding the whole dataset answers."""
    memory = openai_exodus()
    path = tmp_path / "exodus.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(memory)
    orgs = sorted({e.entity for e in memory if type(e).__name__ == "OrganizationDeclared"})
    cases = [*sorted({e.case for e in memory if hasattr(e, "case")}), "no-such-case"]
    views = [(day, known, level) for day in ("2019-06-30", "2023-11-20", "2024-08-19", "2025-06")
             for known in (None, "2024-06-01") for level in ("rumored", "reported", "confirmed")]

    def ask(tl: Timeline, what: str, subject: str) -> object:
        query = tl.organization if what == "org" else tl.case
        return [_asked(partial(query, subject, at=day, known=known, min_certainty=level),
                       lambda answer: (answer, repr(answer))) for day, known, level in views]

    questions = [("org", org) for org in orgs] + [("case", case) for case in cases]
    expected = {question: ask(memory, *question) for question in questions}
    for question in questions:
        with Timeline.open(path) as alone:
            assert expected[question] == ask(alone, *question), question
            assert alone.lazy
    with Timeline.open(path) as shared:
        for question in questions:
            assert expected[question] == ask(shared, *question), question
        assert shared.lazy


@pytest.mark.parametrize("name", [123, None, b"openai", ["openai"], "\ud800"])
def test_a_name_no_store_can_hold_is_refused_lazily_as_in_memory(
        tmp_path: Path, name: object) -> None:
    memory = Timeline.example()
    with Timeline.open(tmp_path / "log.sqlite") as tl:
        tl.extend(list(memory))
    for query in ("roster", "where", "career", "history", "organization"):
        with pytest.raises(TimelineError) as expected:
            getattr(memory, query)(name)
        with Timeline.open(tmp_path / "log.sqlite") as tl, pytest.raises(TimelineError) as lazy:
            getattr(tl, query)(name)
        assert type(expected.value) is type(lazy.value), query
