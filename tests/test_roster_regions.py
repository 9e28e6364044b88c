"""The roster regions a store keeps beside its log: a lazily opened timeline
answers a roster's ids from them without reading the organisation's events,
reads those when the details are asked for, and answers as memory does
whatever happens between (appends by others, a refresh, closing, an
erasure, regions of another version or written behind the library)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import tempfile
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.answers import member, store_in_batches
from timeline import (
    Disputed,
    Left,
    Renamed,
    RoleChanged,
    StoreError,
    Timeline,
    kept_rosters,
    lazy_scope,
)
from timeline.datasets import openai_exodus
from timeline.engine.region_rosters import REGIONS_PER_EVENT
from timeline.testing import EPOCH, ORGANIZATIONS, corrected_histories


def _stored(path: Path, events: list[object]) -> None:
    with Timeline.open(path) as tl:
        tl.extend(events)


def _example_stored(tmp_path: Path) -> tuple[Timeline, Path]:
    """The example timeline, and a store holding its events."""
    memory = Timeline.example()
    path = tmp_path / "log.sqlite"
    _stored(path, list(memory))
    return memory, path


def _statements(tl: Timeline) -> list[str]:
    """The statements ``tl`` asks of its store's keys and what it keeps
    from now on, as they are asked."""
    keys = tl._store.keys
    asked: list[str] = []
    execute = keys.execute

    def counted(sql: str, parameters: object) -> object:
        asked.append(sql)
        return execute(sql, parameters)

    object.__setattr__(keys, "execute", counted)
    return asked


def _details(roster: object) -> list[object]:
    return [member(m) for m in (*roster.members, *roster.possible)]  # type: ignore[attr-defined]


def test_a_lazy_roster_reads_only_the_organisations_names_until_its_details_are_read(
        tmp_path: Path) -> None:
    memory = openai_exodus()
    path = tmp_path / "exodus.sqlite"
    _stored(path, list(memory))
    expected = memory.roster("OpenAI", at="2024-01-15")
    with Timeline.open(path) as tl:
        roster = tl.roster("OpenAI", at="2024-01-15")
        assert (expected.certain_ids, expected.possible_ids) == (
            roster.certain_ids, roster.possible_ids)
        assert len(expected) == len(roster)
        read = {entry.event.kind for entry in tl._held.log}
        assert "organization-declared" in read
        assert not read & {"joined", "left", "role-changed", "rehired", "observed"}, read
        assert _details(expected) == _details(roster)
        # the tenures of its people were read, not those of people gone by then
        def steps_of(person: str) -> set[str]:
            return {entry.event.id for entry in tl._held.log if entry.event.kind in (
                "joined", "left", "role-changed") and person in entry.event.about()}

        assert steps_of("ilya-sutskever")
        assert not steps_of("dario-amodei")  # left OpenAI in 2020
        # the log holds a dispute: who it puts in doubt is worked out from the whole scope
        assert str(expected) == str(roster)
        assert steps_of("dario-amodei")
        assert tl.lazy


@pytest.mark.parametrize("few", [1, 1_000])
def test_every_organisation_of_the_dataset_in_every_view_answers_alike(
        tmp_path: Path, few: int) -> None:
    memory = openai_exodus()
    path = tmp_path / "exodus.sqlite"
    _stored(path, list(memory))
    orgs = sorted({e.entity for e in memory if e.kind == "organization-declared"})
    views = [(day, known, level) for day in ("2015-12", "2023-11-20", "2024-08-19", "2025-06")
             for known in (None, "2024-06-01") for level in ("rumored", "reported", "confirmed")]
    with Timeline.open(path) as tl, patch("timeline.kept_rosters._FEW_REGIONS", few):
        for org in orgs:
            for day, known, level in views:
                for kinds in (None, "all"):
                    asked = {"at": day, "known": known, "min_certainty": level, "kinds": kinds}
                    assert str(memory.roster(org, **asked)) == str(tl.roster(org, **asked)), (
                        org, asked)
        assert tl.lazy


def test_a_roster_asked_before_another_writer_appends_keeps_its_view(tmp_path: Path) -> None:
    """Its details, read after the refresh that brings a departure in, are
    those of the head it was asked at; a roster asked on a timeline the store
    has moved past is read from the scope, at the timeline's own head."""
    memory, path = _example_stored(tmp_path)
    departure = Left(id="greg-leaves", person="greg-brockman", org="openai",
                     valid="2024-07-01", sources=[memory.event("ilya-leaves").sources[0]])
    with Timeline.open(path) as reader, Timeline.open(path) as writer:
        reader.roster("OpenAI", at="2024-06")
        reader.roster("OpenAI", at="2024-06", kinds="all")  # its regions now held
        before = reader.roster("OpenAI", at="2024-12")
        writer.append(departure)
        behind = reader.roster("OpenAI", at="2024-12")  # the store moved on: not its regions
        assert 1 == reader.refresh()
        after = reader.roster("OpenAI", at="2024-12")
        assert after.certain_ids == reader.roster("OpenAI", at="2024-12").certain_ids
        assert _details(memory.roster("OpenAI", at="2024-12")) == _details(before)
        assert _details(memory.roster("OpenAI", at="2024-12")) == _details(behind)
        memory.append(departure)
        assert _details(memory.roster("OpenAI", at="2024-12")) == _details(after)
        assert "greg-brockman" not in after.certain_ids


def test_a_roster_asked_then_closed_over_reads_its_details_before_the_store_closes(
        tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with Timeline.open(path) as tl:
        roster = tl.roster("OpenAI", at="2024-06")
    assert str(memory.roster("OpenAI", at="2024-06")) == str(roster)
    assert memory.roster("OpenAI", at="2024-06") == tl.roster("OpenAI", at="2024-06")


def test_regions_written_behind_the_library_fail_verify_and_are_made_again_when_stale(
        tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE roster_regions SET hi = hi - 3000 WHERE person = 'greg-brockman'")
    with Timeline.open(path) as tl:
        assert tl.lazy  # the recorded head matches: the regions are believed
        report = tl.verify()
        assert not report.ok
        assert "roster regions" in report.reason
        assert "'greg-brockman'" in report.reason
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM projection")
    with Timeline.open(path) as tl:
        assert not tl.lazy  # not believed: read whole, and made again
    with Timeline.open(path) as tl:
        assert tl.lazy
        assert str(memory.roster("OpenAI", at="2024-06")) == str(
            tl.roster("OpenAI", at="2024-06"))
        assert tl.verify().ok


def test_an_erasure_leaves_no_region_naming_the_person(tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with Timeline.open(path) as tl:
        tl.erase("Ilya Sutskever", sources=memory.event("ilya-leaves").sources,
                 reason="a request under GDPR article 17")
    with sqlite3.connect(path) as db:
        people = {row[0] for row in db.execute("SELECT person FROM roster_regions")}
    assert "ilya-sutskever" not in people
    with Timeline.open(path) as tl:
        assert tl.lazy
        assert "ilya-sutskever" not in tl.roster("OpenAI", at="2020").certain_ids
        assert tl.verify().ok


@settings(max_examples=40, deadline=None)
@given(corrected_histories(), st.integers(1, 3), st.sampled_from([1, 1_000]))
def test_regions_kept_batch_by_batch_equal_those_made_from_scratch(events, batches,
                                                                   few) -> None:
    """Invariant 2 for the kept form: regions written with each batch equal
    those made again from the whole log, and the rosters they answer equal
    memory's in every view, whether a seat's first roster is one indexed
    range of its regions (a seat with many, here all) or all of them."""
    memory = Timeline(events)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.sqlite"
        store_in_batches(path, events, batches)
        with sqlite3.connect(path) as db:
            kept = sorted(db.execute("SELECT * FROM roster_regions"))
            db.execute("DELETE FROM projection")
        with Timeline.open(path) as remade:
            assert not remade.lazy
        with sqlite3.connect(path) as db:
            assert kept == sorted(db.execute("SELECT * FROM roster_regions"))
        edges = sorted({day for e in events for day in (e.valid.first, e.valid.last)})
        days = [dt.date.fromordinal(day) for day in edges[::max(1, len(edges) // 6)]]
        views = [{"at": day, "known": known, "min_certainty": level}
                 for known in (None, EPOCH.add(days=20))
                 for level in ("rumored", "reported", "confirmed")
                 for day in (dt.date(2019, 6, 30), dt.date(2024, 12, 31), *days)]
        with Timeline.open(path) as tl, patch("timeline.kept_rosters._FEW_REGIONS", few):
            for org in ORGANIZATIONS:
                for asked in views:
                    # a seat read whole at once (few=1_000), or one range per fresh open
                    ask = tl if few > 1 else Timeline.open(path)
                    answer = ask.roster(org, **asked)
                    expected = memory.roster(org, **asked)
                    assert (expected.certain_ids, expected.possible_ids) == (
                        answer.certain_ids, answer.possible_ids), (org, asked)
                    # details from the tenures of its people only, contests too
                    assert str(expected) == str(answer), (org, asked)
                    if ask is not tl:
                        ask.close()
            assert tl.lazy


def test_rosters_asked_on_a_small_cache_hold_no_more_than_it(tmp_path: Path) -> None:
    memory = openai_exodus()
    path = tmp_path / "exodus.sqlite"
    _stored(path, list(memory))
    orgs = sorted({e.entity for e in memory if e.kind == "organization-declared"})
    with Timeline.open(path, cache=10) as tl:
        for org in orgs:
            for day in ("2020-01", "2024-01"):
                assert memory.roster(org, at=day).certain_ids == tl.roster(
                    org, at=day).certain_ids
                held = tl._scope
                assert held is not None
                # one question's reads past the bound at most: its declarations
                held_regions = held.regions // REGIONS_PER_EVENT
                assert len(held.positions) + held_regions <= 10 + 12, org


def test_a_keys_row_moved_without_the_kept_rosters_is_not_believed(tmp_path: Path) -> None:
    """The keys' head moved past the kept rosters': they answer nothing
    until made again."""
    memory, path = _example_stored(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE projection SET position = position - 1, hash = 'x' "
                   "WHERE name = 'kept'")
        db.execute("DELETE FROM roster_regions WHERE person = 'john-schulman'")
    with Timeline.open(path) as tl:
        assert not tl.lazy
        assert memory.roster("OpenAI", at="2024-06") == tl.roster("OpenAI", at="2024-06")
    with Timeline.open(path) as tl:
        assert tl.lazy
        assert str(memory.roster("OpenAI", at="2024-06")) == str(
            tl.roster("OpenAI", at="2024-06"))
        assert tl.verify().ok


def test_an_erasure_by_another_process_is_never_mixed_with_what_a_reader_read(
        tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    sources = memory.event("ilya-leaves").sources
    with Timeline.open(path) as reader, Timeline.open(path) as writer:
        reader.roster("OpenAI", at="2020")
        asked = reader.roster("OpenAI", at="2024-06")  # details not read yet
        writer.erase("John Schulman", sources=sources, reason="a request")
        # a scope read since is read with the rest, all redacted, never beside
        # what was read before the erasure
        assert memory.where("Ilya Sutskever", at="2024-06") == reader.where(
            "Ilya Sutskever", at="2024-06")
        assert "john-schulman" not in reader.roster("OpenAI", at="2020").certain_ids
        with pytest.raises(StoreError, match="an erasure by another process"):
            asked.people  # noqa: B018 (its details read)
    assert reader.store is None  # closed, though an answer's details could not be read


def test_a_refresh_interrupted_while_settling_settles_the_rest_next_time(
        tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    departure = Left(id="greg-leaves", person="greg-brockman", org="openai",
                     valid="2024-07-01", sources=memory.event("ilya-leaves").sources)
    with Timeline.open(path) as reader, Timeline.open(path) as writer:
        roster = reader.roster("OpenAI", at="2023-06")  # details from three tenures unread
        writer.append(departure)
        store = reader.store
        assert store is not None
        reading = store.read_at

        def interrupted(positions: object) -> object:
            store.read_at = reading  # type: ignore[method-assign]
            raise KeyboardInterrupt

        store.read_at = interrupted  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            reader.refresh()
        assert 1 == reader.refresh()
        assert _details(memory.roster("OpenAI", at="2023-06")) == _details(roster)


def test_a_full_cache_lets_held_regions_go_before_the_events_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory, path = _example_stored(tmp_path)
    for module in (kept_rosters, lazy_scope):  # a region held weighs an event
        monkeypatch.setattr(module, "REGIONS_PER_EVENT", 1)
    with Timeline.open(path, cache=13) as tl:
        where = tl.where("Ilya Sutskever", at="2024-01-15")  # seven events read
        tl.roster("OpenAI", at="2024-06")
        tl.roster("OpenAI", at="2020")  # six regions held: the cache is full
        anthropic = tl.roster("Anthropic", at="2024-09")
        held = tl._scope
        assert held is not None
        assert "openai" not in held.seats  # let go
        assert "ilya-leaves" in {e.event.id for e in tl._held.log}  # kept
        assert memory.where("Ilya Sutskever", at="2024-01-15") == where
        assert str(memory.roster("Anthropic", at="2024-09")) == str(anthropic)
        assert str(memory.roster("OpenAI", at="2020")) == str(tl.roster("OpenAI", at="2020"))


def test_a_roster_with_no_dispute_in_the_log_reads_only_its_peoples_tenures(
        tmp_path: Path) -> None:
    memory = Timeline.example()
    assert not [e for e in memory if e.kind == "disputed"]
    path = tmp_path / "log.sqlite"
    _stored(path, list(memory))
    with Timeline.open(path) as tl:
        roster = tl.roster("OpenAI", at="2023-06")
        assert str(memory.roster("OpenAI", at="2023-06")) == str(roster)  # contests too
        people = {p for entry in tl._held.log for p in entry.event.about()}
        assert roster.certain_ids | {"openai"} >= people - {"anthropic", "ssi"}
        assert "openai" not in tl._scope.named  # not its whole scope
        # a roster of another day reads only the tenures of people not read yet
        later = tl.roster("OpenAI", at="2024-06")
        assert str(memory.roster("OpenAI", at="2024-06")) == str(later)


def test_a_closed_timeline_answers_rosters_of_the_people_it_read_and_refuses_others(
        tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with Timeline.open(path) as tl:
        assert 2 == len(tl.roster("OpenAI", at="2024-06").members)  # Greg and John
    for day in ("2024-06", "2024-07-01"):
        assert str(memory.roster("OpenAI", at=day)) == str(tl.roster("OpenAI", at=day))
    with pytest.raises(StoreError, match="closed and it never read what this question needs"):
        _ = tl.roster("OpenAI", at="2023-06").members  # Ilya Sutskever's tenure unread


def test_a_roster_with_no_dispute_names_its_people_without_reading_an_event(
        tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with Timeline.open(path) as tl:
        roster = tl.roster("OpenAI", at="2023-06")
        read = {entry.event.id for entry in tl._held.log}
        assert str(memory.roster("OpenAI", at="2023-06")) == str(roster)
        # the tenures and names kept beside the log: nothing more was read
        assert read == {entry.event.id for entry in tl._held.log}
        assert not {e.event.kind for e in tl._held.log} & {"joined", "left", "role-changed"}


def test_a_roster_asked_by_the_organisations_id_reads_no_event_at_all(tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with Timeline.open(path) as tl:
        roster = tl.roster("openai", at="2023-06")
        assert str(memory.roster("openai", at="2023-06")) == str(roster)
        assert [] == list(tl._held.log)  # its name, members and details all kept
        # by name, or in a view before it was declared, its declarations are read
        assert str(memory.roster("OpenAI", at="2023-06")) == str(tl.roster("OpenAI", at="2023-06"))
        early = {"at": "2015-12", "known": "2015-01-01"}
        assert str(memory.roster("openai", **early)) == str(tl.roster("openai", **early))
        assert "organization-declared" in {entry.event.kind for entry in tl._held.log}


@pytest.mark.parametrize(("entity", "name", "asked"), [
    ("openai", "OpenAI LP", "openai"),  # the organisation, asked by its id
    ("ilya-sutskever", "Ilya S.", "OpenAI"),  # a member
])
def test_an_entity_renamed_is_named_as_on_the_day_asked_about(
        tmp_path: Path, entity: str, name: str, asked: str) -> None:
    sources = Timeline.example().event("ilya-leaves").sources
    events = [*Timeline.example(), Renamed(
        id="renamed", valid="2020-01-01", entity=entity, name=name, sources=sources)]
    memory = Timeline(events)
    path = tmp_path / "log.sqlite"
    _stored(path, events)
    for day in ("2019-06", "2023-06"):
        with Timeline.open(path) as tl:
            assert str(memory.roster(asked, at=day)) == str(tl.roster(asked, at=day))
            assert "organization-declared" in {entry.event.kind for entry in tl._held.log}


@pytest.mark.parametrize(("table", "change", "says"), [
    ("roster_tenures", ("UPDATE roster_tenures SET body = replace(body, 'reported', 'rumored') "
     "WHERE person = 'greg-brockman'"), "tenures kept beside the log differ"),
    ("entity_names", "UPDATE entity_names SET body = replace(body, 'Greg', 'Gregory')",
     "names kept beside the log differ"),
])
def test_kept_tenures_and_names_written_behind_the_library_fail_verify(
        tmp_path: Path, table: str, change: str, says: str) -> None:
    _, path = _example_stored(tmp_path)
    with sqlite3.connect(path) as db:
        assert db.execute(change).rowcount, table
    with Timeline.open(path) as tl:
        report = tl.verify()
        assert not report.ok
        assert says in report.reason


def test_rows_of_an_earlier_release_in_projection_make_nothing_believed(
        tmp_path: Path) -> None:
    """A writer of an earlier release moves its own rows ("scopes",
    "rosters") and writes keys of its own version, without the key of
    disputes: while one of its rows is there, the keys are made again."""
    memory, path = _example_stored(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO projection SELECT 'scopes', 3, position, hash FROM projection "
                   "WHERE name = 'keys'")
    with Timeline.open(path) as tl:
        assert not tl.lazy
    with sqlite3.connect(path) as db:
        assert [("kept",), ("keys",)] == sorted(db.execute("SELECT name FROM projection"))
    with Timeline.open(path) as tl:
        assert tl.lazy
        assert str(memory.roster("OpenAI", at="2024-06")) == str(
            tl.roster("OpenAI", at="2024-06"))


def _asked(tl: Timeline, org: str, view: dict[str, object]) -> tuple[object, ...]:
    try:
        return ("ok", str(tl.roster(org, **view)))
    except Exception as error:
        return ("error", type(error).__name__, str(error))


@settings(max_examples=25)
@given(corrected_histories(), st.data())
def test_rosters_asked_in_any_order_on_a_small_cache_answer_as_memory_then_closed(
        events, data) -> None:
    """One lazy timeline, rosters of drawn organisations and views, some
    read at once and some kept unread until the end, on a cache too small to
    hold them: every answer equals memory's, before and after close()."""
    memory = Timeline(events)
    edges = sorted({day for e in events for day in (e.valid.first, e.valid.last)})
    views = st.fixed_dictionaries({
        "at": st.sampled_from([dt.date.fromordinal(day) for day in edges]),
        "known": st.sampled_from([None, EPOCH.add(days=20), EPOCH.add(days=5)]),
        "min_certainty": st.sampled_from(["rumored", "reported"]),
        "kinds": st.sampled_from([None, "all", "founder"])})
    asks = data.draw(st.lists(st.tuples(st.sampled_from(ORGANIZATIONS), views, st.booleans()),
                              min_size=1, max_size=10))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.sqlite"
        store_in_batches(path, events, data.draw(st.integers(1, 3)))
        tl = Timeline.open(path, cache=data.draw(st.sampled_from([None, 3, 6, 10, 20])))
        kept = []
        for org, view, now in asks:
            if now:
                assert _asked(memory, org, view) == _asked(tl, org, view), (org, view)
            else:
                kept.append((org, view, tl.roster(org, **view)))
        for org, view, roster in kept:  # details read after the cache moved on
            assert str(memory.roster(org, **view)) == str(roster), (org, view)
        tl.close()
        for org, view, _ in asks:
            answer = _asked(tl, org, view)
            assert answer == _asked(memory, org, view) or (
                answer[:2] == ("error", "StoreError") and "closed" in str(answer[2]))


@pytest.mark.parametrize("dispute", [False, True])
@pytest.mark.parametrize(("cache", "first"), [(None, "2024-09"), (5, "2024-09"), (8, "2024-06")])
def test_details_read_after_the_cache_forgot_earlier_ones_are_whole(
        tmp_path: Path, dispute: bool, cache: int | None, first: str) -> None:
    """The tenures of people read for an earlier roster, then forgotten as
    the cache fills, are read again for the next one (from the kept tenures,
    or from their events when the log holds a dispute)."""
    events = list(Timeline.example())
    sources = events[0].sources
    events.append(RoleChanged(id="greg-president", person="greg-brockman", org="openai",
                              role="president", valid="2020-01", sources=sources))
    if dispute:
        events.append(Disputed(id="d1", valid="2024-06-01", target="ilya-leaves", sources=sources,
                               claim=Left(id="ilya-leaves-15", valid="2024-05-15",
                                          person="ilya-sutskever", org="openai",
                                          sources=sources)))
    memory = Timeline(events)
    path = tmp_path / "log.sqlite"
    _stored(path, events)
    with Timeline.open(path, cache=cache) as tl:
        # details alone: who a dispute puts in doubt would read the whole scope
        assert _details(memory.roster("OpenAI", at=first)) == _details(
            tl.roster("OpenAI", at=first))
        later = tl.roster("OpenAI", at="2024-01-15")
        assert _details(memory.roster("OpenAI", at="2024-01-15")) == _details(later)
        assert str(memory.roster("OpenAI", at="2024-01-15")) == str(later)


@pytest.mark.parametrize(("change", "says"), [
    ("UPDATE roster_tenures SET body = '[[1, 2' WHERE person = 'greg-brockman'",
     "store roster_tenures: the row kept for 'greg-brockman' at 'openai' cannot be read"),
    (("UPDATE roster_tenures SET body = '[[0, 4611686018427387904, 7, null, [[\"hired\"]], "
      "0, null, null]]' WHERE person = 'greg-brockman'"),
     "store roster_tenures: the row kept for 'greg-brockman' at 'openai' cannot be read"),
])
def test_a_kept_row_changed_behind_the_library_is_a_store_error_naming_it(
        tmp_path: Path, change: str, says: str) -> None:
    _, path = _example_stored(tmp_path)
    with sqlite3.connect(path) as db:
        assert db.execute(change).rowcount
    with Timeline.open(path) as tl:
        roster = tl.roster("OpenAI", at="2024-06")
        with pytest.raises(StoreError, match=re.escape(says)) as raised:
            _ = roster.members
        assert "delete the projection table's rows" in str(raised.value)
        assert len(str(raised.value)) < 400  # a bounded excerpt of the row


def test_a_region_changed_behind_the_library_is_read_past_and_verify_names_it(
        tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with sqlite3.connect(path) as db:
        assert db.execute("UPDATE roster_regions SET lo = 'soon' "
                          "WHERE person = 'greg-brockman'").rowcount
    with Timeline.open(path) as tl:
        # the regions cannot be read: the roster is answered from the events
        assert str(memory.roster("OpenAI", at="2024-06")) == str(tl.roster("OpenAI", at="2024-06"))
        report = tl.verify()
    assert not report.ok
    assert "the roster regions beside the log differ" in str(report)
    assert "'greg-brockman' at 'openai'" in str(report)


def test_a_roster_asked_again_by_name_or_id_asks_the_store_nothing(tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with Timeline.open(path) as tl:
        asked = _statements(tl)
        for org in ("openai", "OpenAI"):
            first = tl.roster(org, at="2023-06")
            assert str(memory.roster(org, at="2023-06")) == str(first)
            asked.clear()
            again = tl.roster(org, at="2023-07")
            assert str(memory.roster(org, at="2023-07")) == str(again)
            assert [] == asked, org


def test_a_kept_name_changed_behind_the_library_is_read_past_for_a_roster_by_id(
        tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with sqlite3.connect(path) as db:
        assert db.execute("UPDATE entity_names SET body = '[1,' WHERE entity = 'openai'").rowcount
    with Timeline.open(path) as tl:
        assert str(memory.roster("openai", at="2023-06")) == str(
            tl.roster("openai", at="2023-06"))


def test_a_roster_by_id_after_a_where_read_its_declarations_reads_no_key(tmp_path: Path) -> None:
    memory, path = _example_stored(tmp_path)
    with Timeline.open(path) as tl:
        assert str(memory.where("ilya-sutskever", at="2023-06")) == str(
            tl.where("ilya-sutskever", at="2023-06"))  # its scope: OpenAI's declarations too
        asked = _statements(tl)
        for day in ("2023-06", "2024-06"):
            assert str(memory.roster("openai", at=day)) == str(tl.roster("openai", at=day))
        assert not [sql for sql in asked if sql.startswith("SELECT position")], asked
