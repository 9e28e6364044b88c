"""Erasure: a private person forgotten on request, in memory and in every
store, with the log still append-only and its chain still verifying."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import attrs
import psycopg
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.answers import answers
from timeline import (
    Corrected,
    Erased,
    InvalidQueryError,
    Joined,
    PersonDeclared,
    StoreError,
    Timeline,
    UnknownEntityError,
)
from timeline.datasets import openai_exodus
from timeline.stores._rows import GENESIS, canonical, chain_v1, digest
from timeline.stores.base import Head
from timeline.testing import EPOCH, PEOPLE, corrected_histories, query_days

DATA = Path(__file__).parent / "data"
REQUEST = "erasure-request-17"
LEVELS = ("rumored", "reported", "confirmed")
KNOWN = [None, *(EPOCH.add(days=10 * k) for k in range(6))]
SUTSKEVER = re.compile(r"sutskever|suzkwer|ilya", re.IGNORECASE)


@pytest.fixture
def url(any_url: str | None) -> str | None:
    return any_url


def _exported(tl: Timeline) -> str:
    out = io.StringIO()
    tl.export_jsonl(out)
    return out.getvalue()


def test_an_erased_person_leaves_every_answer_export_and_view(url: str | None) -> None:
    source = openai_exodus()
    before = source.position
    with Timeline.open(url) as tl:
        tl.extend(source)
        kept = tl.head()
        erasure = tl.erase("Ilya Sutskever", sources=REQUEST,
                           reason="request from Ilya Sutskever")
        assert ("erased-222", "request from [erased]") == (erasure.pseudonym, erasure.reason)
        assert before + 1 == tl.position
        assert not SUTSKEVER.search(_exported(tl))
        with pytest.raises(UnknownEntityError):
            tl.career("Ilya Sutskever")
        career = tl.career("erased-222")
        assert ["openai", "ssi"] == [t.org for t in career.tenures]
        assert ("[erased]", ()) == (tl.entity("erased-222").name, tl.entity("erased-222").aliases)
        # every view, as known before the erasure too, holds no trace
        assert "erased-222" in tl.roster("OpenAI", at="2023-06").people
        assert "erased-222" in tl.roster("OpenAI", at="2023-06", known="2024-09-01").people
        assert not SUTSKEVER.search(repr(tl.history("erased-222")))
        report = tl.verify()
        assert report.ok
        assert [at for at, _ in erasure.redacted] == list(report.redacted)
        # a head kept before no longer vouches for what the erasure changed
        stale = tl.verify(kept)
        assert (False, erasure.redacted[0][0]) == (stale.ok, stale.first_bad)
        assert "after the head kept outside" in stale.reason
        kept = tl.head()
        assert tl.verify(kept).ok
    if url is not None:
        with Timeline.open(url) as again:  # read back from the store as redacted
            assert _exported(again) == _exported(tl)
            assert again.verify(kept).ok


def test_other_peoples_answers_stay_as_they_were() -> None:
    tl = openai_exodus()
    others = [p for p in tl.roster("OpenAI", at="2024-03").people if p != "ilya-sutskever"]
    before = {p: tl.career(p) for p in others}
    tl.erase("Ilya Sutskever", sources=REQUEST)
    assert before == {p: tl.career(p) for p in others}
    assert tl.roster("OpenAI", at="2024-08-19").people == \
        openai_exodus().roster("OpenAI", at="2024-08-19").people


def test_a_follower_reads_the_erasure_and_forgets_too(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as writer, Timeline.open(path) as follower:
        writer.extend(Timeline.example())
        follower.refresh()
        assert "john-schulman" in follower.roster("OpenAI", at="2024-06").people
        writer.erase("john-schulman", sources=REQUEST)
        assert 1 == follower.refresh()
        assert ("erased-18", "greg-brockman") == follower.roster("OpenAI", at="2024-06").people
        assert "schulman" not in _exported(follower).lower()


def test_no_byte_of_an_erased_name_is_left_in_the_sqlite_files(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
        tl.erase("John Schulman", sources=REQUEST)
    for file in tmp_path.iterdir():
        assert b"schulman" not in file.read_bytes().lower(), file.name


def test_an_erasure_round_trips_through_json_lines_and_verifies() -> None:
    tl = Timeline.example()
    tl.erase("John Schulman", sources=REQUEST)
    again = Timeline.from_jsonl(io.StringIO(_exported(tl)))
    assert tl.roster("OpenAI", at="2024-06") == again.roster("OpenAI", at="2024-06")
    assert isinstance(list(again)[-1], Erased)
    assert again.verify().ok


def test_a_row_changed_as_if_redacted_is_found(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
        tl.erase("John Schulman", sources=REQUEST)
    db = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="only a later erasure redacts a row"):
        db.execute("UPDATE events SET payload = replace(payload, 'co-founder', 'intern'), "
                   "redacted = 18 WHERE position = 2")  # 18 erased, but never listed 2
    with pytest.raises(sqlite3.IntegrityError, match="only a later erasure redacts a row"):
        db.execute("UPDATE events SET payload = replace(payload, 'research', 'x') "
                   "WHERE position = 6")  # a redacted row stays as the erasure left it
    db.execute("DROP TRIGGER events_redact_only")
    db.execute("UPDATE events SET payload = replace(payload, 'co-founder', 'intern'), "
               "redacted = 18 WHERE position = 2")
    db.close()
    with Timeline.open(path) as tl:
        report = tl.verify()
    assert (False, 2) == (report.ok, report.first_bad)
    assert "does not list it as it is" in report.reason


def test_erasing_no_one_known_is_an_error_and_changes_nothing() -> None:
    tl = Timeline.example()
    with pytest.raises(UnknownEntityError):
        tl.erase("Jane Nobody", sources=REQUEST)
    assert 17 == tl.position


def test_a_store_made_by_schema_1_is_rechained_once_and_old_heads_still_verify(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    shutil.copy(DATA / "schema1-example.sqlite", path)  # written by the release before
    old = Head.parse("17:7af5f6ac84fcbd16e5c36871410bcf93dcf47516f6d70246757e004d18fbad5c")
    with Timeline.open(path) as tl:
        assert (17, True, True) == (tl.position, tl.verify().ok, tl.verify(old).ok)
        new = tl.head()
        assert old.hash != new.hash
        assert not tl.verify(Head(17, "0" * 64)).ok
        tl.erase("John Schulman", sources=REQUEST)
        assert "after the head kept outside" in tl.verify(new).reason
        assert "after the head kept outside" in tl.verify(old).reason
        assert tl.verify(tl.head()).ok
    db = sqlite3.connect(path)
    assert ("2", f"17:{old.hash}") == tuple(
        db.execute("SELECT value FROM meta WHERE key = ?", (k,)).fetchone()[0]
        for k in ("schema", "legacy"))
    db.close()


def test_a_schema_1_store_whose_chain_is_broken_is_not_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    shutil.copy(DATA / "schema1-example.sqlite", path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TRIGGER events_no_update")
    db.execute("UPDATE events SET payload = replace(payload, '2015-12', '2014-12') "
               "WHERE position = 5")
    db.close()
    with pytest.raises(StoreError, match="position 5 does not verify under schema 1; "
                       "nothing was changed"):
        Timeline.open(path)
    db = sqlite3.connect(path)
    assert "1" == db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
    db.close()


def test_a_postgres_store_made_by_schema_1_is_rechained_once(postgres_url: str) -> None:
    with Timeline.open(postgres_url) as tl:
        tl.extend(Timeline.example())
    old = _as_schema_1(postgres_url)
    with Timeline.open(postgres_url) as tl:
        assert (17, True, True) == (tl.position, tl.verify().ok, tl.verify(old).ok)
        assert old.hash != tl.head().hash
        tl.erase("John Schulman", sources=REQUEST)
        assert tl.verify().ok


def _as_schema_1(url: str) -> Head:
    """The store as the release before wrote it: hashes over payloads, no
    digest or redaction columns, an update trigger that refuses all."""
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("ALTER TABLE timeline_events DISABLE TRIGGER ALL")
        db.execute("ALTER TABLE timeline_meta DISABLE TRIGGER ALL")
        previous = GENESIS
        rows = db.execute("SELECT position, payload FROM timeline_events ORDER BY position")
        for at, payload in rows.fetchall():
            previous = chain_v1(previous, at, json.loads(payload))
            db.execute("UPDATE timeline_events SET hash = %s WHERE position = %s",
                       (previous, at))
        db.execute("ALTER TABLE timeline_events DROP COLUMN digest, DROP COLUMN redacted")
        db.execute("UPDATE timeline_meta SET value = %s WHERE key = 'head'", (f"17:{previous}",))
        db.execute("UPDATE timeline_meta SET value = '1' WHERE key = 'schema'")
        db.execute("DROP FUNCTION timeline_redact_only CASCADE")
        db.execute("ALTER TABLE timeline_events ENABLE TRIGGER ALL")
        db.execute("ALTER TABLE timeline_meta ENABLE TRIGGER ALL")
    return Head(17, previous)


def _renamed(value: str, person: str, names: list[str], pseudonym: str) -> str:
    """What an answer says once ``person`` is erased, worked out from the
    answer before: the id (in any case, as a whole slug) becomes the
    pseudonym, each name as a whole word ``[erased]``."""
    value = re.sub(rf"(?<![A-Za-z0-9]){re.escape(person)}(?![A-Za-z0-9])", pseudonym, value,
                   flags=re.IGNORECASE)
    for name in sorted(names, key=len, reverse=True):
        value = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "[erased]", value, flags=re.IGNORECASE)
    return value


def _canonical(value: object, rename: Callable[[str], str] = str) -> object:
    """An answer as nested tuples of text, each sorted: an erased id sorts
    elsewhere than the id it was (fields then compare as a multiset, which
    the exact comparison with a rebuild makes up for)."""
    if isinstance(value, (list, tuple)):
        return tuple(sorted((_canonical(v, rename) for v in value), key=repr))
    return rename(value if isinstance(value, str) else repr(value))


@given(corrected_histories(), st.data(), st.sampled_from(KNOWN), st.sampled_from(LEVELS))
def test_an_erasure_answers_as_the_log_with_the_person_renamed_would(
        events, data, known, level) -> None:
    person = data.draw(st.sampled_from(PEOPLE), label="person")
    day = data.draw(query_days(), label="day")
    tl = Timeline(events)
    names = [n for e in events if isinstance(e, PersonDeclared) and e.entity == person
             for n in (e.name, *e.aliases)]
    assume(names)
    before = answers(tl, day, known, level)
    erasure = tl.erase(person, sources=REQUEST)
    after = answers(tl, day, known, level)
    pseudonym = erasure.pseudonym
    def rename(text: str) -> str:
        return _renamed(text, person, names, pseudonym)

    for key, answer in before.items():
        if person in repr(key):
            continue
        assert _canonical(answer, rename) == _canonical(after[key]), key
    assert after == answers(Timeline(list(tl)), day, known, level)  # a rebuild agrees
    assert tl.verify().ok
    tl._check()


def test_erasing_one_person_leaves_other_peoples_ids_and_names_whole() -> None:
    tl = openai_exodus()
    daniela = tl.career("Daniela Amodei")
    siblings = tl.entity("amodei-siblings")
    tl.erase("Dario Amodei", sources=REQUEST)  # known as "Amodei" too
    assert daniela == tl.career("Daniela Amodei")
    assert ("Daniela Amodei", siblings) == (tl.entity("daniela-amodei").name,
                                            tl.entity("amodei-siblings"))


def test_one_erasure_after_another_renames_ids_apart() -> None:
    tl = openai_exodus()
    first = tl.erase("Ilya Sutskever", sources=REQUEST)
    second = tl.erase("Andrej Karpathy", sources=REQUEST)
    exported = _exported(tl)
    assert not re.search(r"sutskever|karpathy", exported, re.IGNORECASE)
    assert (first.pseudonym, second.pseudonym) == ("erased-222", "erased-223")
    ids = [event.id for event in tl]
    assert len(ids) == len(set(ids))
    assert tl.verify().ok


def test_names_a_correction_gave_the_person_are_erased_too() -> None:
    tl = Timeline.example()
    declared = next(e for e in tl if e.id == "decl-john")
    tl.append(Corrected(id="fix-john", valid="2024-09", target="decl-john", sources="wire",
                        replacement=attrs.evolve(declared, id="decl-john-2",
                                                 name="Johnathan Schulmann", recorded=None)))
    tl.append(Joined(id="seen-talk", valid="2024-09", person="greg-brockman", org="ssi",
                     sources="wire", note="Johnathan Schulmann spoke before him"))
    tl.erase("Johnathan Schulmann", sources=REQUEST)
    assert "schulman" not in _exported(tl).lower()


def test_an_erasure_id_already_taken_is_refused_and_nothing_changes() -> None:
    tl = Timeline.example()
    for taken in ("decl-john", "schulman-joins", "erased-18-joins"):
        with pytest.raises(InvalidQueryError, match="another event has this id"):
            tl.erase("John Schulman", sources=REQUEST, id=taken)
    assert (17, "john-schulman") == (tl.position, tl.resolve("John Schulman"))


def test_a_forged_erasure_is_found_by_a_head_kept_before_it(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
        kept = tl.head()
        forged = json.loads(sqlite3.connect(path).execute(
            "SELECT payload FROM events WHERE position = 9").fetchone()[0])
        forged["role"] = "janitor"
        forged["note"] = "[erased]"  # what the triggers ask of a redaction, and all they can
        text = canonical(forged)
        tl.append(Erased(id="forged", valid="2024-09", sources="nobody", pseudonym="erased-x",
                         redacted=[(9, digest(text))]))
    db = sqlite3.connect(path, isolation_level=None)  # every trigger in place
    db.execute("UPDATE events SET payload = ?, redacted = 18 WHERE position = 9", (text,))
    db.close()
    with Timeline.open(path) as tl:
        # the chain alone cannot tell it from an erasure; the tenures kept
        # beside the log, made before the payload was forged, can
        plain = tl.verify()
        assert not plain.ok
        assert "the tenures kept beside the log differ" in plain.reason
        report = tl.verify(kept)
    assert (False, 9) == (report.ok, report.first_bad)
    assert "redacted by the erasure at position 18, after the head kept outside" in report.reason


def test_a_legacy_head_cannot_be_slipped_into_a_store_made_by_schema_2(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    db = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="timeline: meta holds"):
        db.execute("INSERT INTO meta VALUES ('legacy', '1000000:' || hex(zeroblob(32)))")
    db.execute("DROP TRIGGER meta_only_once")
    db.execute("INSERT INTO meta VALUES ('legacy', 'garbage')")
    db.close()
    with Timeline.open(path) as tl:
        report = tl.verify()
    assert not report.ok
    assert "a legacy head that is not one" in report.reason


def test_event_ids_named_by_a_first_name_lose_it_too() -> None:
    tl = Timeline.example()
    tl.append(Joined(id="john-joins-ssi", valid="2024-09", person="john-schulman", org="ssi",
                     sources="wire"))
    tl.erase("John Schulman", sources=REQUEST)
    assert "john" not in " ".join(event.id for event in tl).lower()


def test_a_redaction_that_erases_nothing_is_refused_and_found(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
        stored = sqlite3.connect(path).execute(
            "SELECT payload FROM events WHERE position = 2").fetchone()[0]
        forged = canonical({**json.loads(stored), "note": "changed"})
        tl.append(Erased(id="forged", valid="2024-09", sources="nobody", pseudonym="erased-x",
                         redacted=[(2, digest(forged))]))
    db = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="only a later erasure redacts a row"):
        db.execute("UPDATE events SET payload = ?, redacted = 18 WHERE position = 2", (forged,))
    db.execute("DROP TRIGGER events_redact_only")
    db.execute("UPDATE events SET payload = ?, redacted = 18 WHERE position = 2", (forged,))
    db.close()
    with Timeline.open(path) as tl:
        report = tl.verify()
    assert (False, 2) == (report.ok, report.first_bad)
    assert "holds nothing erased" in report.reason
