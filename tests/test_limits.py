"""What one event may hold: text every store keeps, and bounded sizes, alike in
every store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from timeline import InvalidEventError, Limits, PersonDeclared, Source, Timeline
from timeline.model.errors import EXCERPT

REC = "2024-01-01T00:00:00Z"


@pytest.fixture
def url(any_url: str | None) -> str | None:
    return any_url


def person(name: str, **changes: object) -> PersonDeclared:
    fields: dict[str, object] = {"id": "decl-ada", "valid": "2000", "entity": "ada",
                                 "name": name, "sources": Source("wire"), "recorded": REC}
    fields.update(changes)
    return PersonDeclared(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "words"), [
    ("Ada \ud800Lovelace", "a lone surrogate '\\ud800' at character 4"),
    ("Ada\x00Lovelace", "a NUL character at character 3"),
])
def test_text_no_store_can_keep_is_refused_on_append_in_every_store(
    url: str | None, name: str, words: str
) -> None:
    with Timeline.open(url) as tl:
        with pytest.raises(InvalidEventError, match="event 'decl-ada'") as caught:
            tl.append(person(name))
        assert ("name", 0) == (caught.value.field, tl.position)
        assert words in str(caught.value)


def test_a_bad_character_deep_inside_an_event_names_its_path() -> None:
    event = person("Ada", sources=[Source("wire"), Source("blog", title="On \ud800")])
    with pytest.raises(InvalidEventError) as caught:
        Timeline().append(event)
    assert "sources[1].title" == caught.value.field


def test_a_log_that_refused_a_surrogate_still_verifies_and_exports_whole(tmp_path: Path) -> None:
    tl = Timeline()
    tl.append(person("Ada"))
    with pytest.raises(InvalidEventError):
        tl.append(person("B\ud800", id="decl-b", entity="b"))
    assert tl.verify().ok
    assert 1 == tl.export_jsonl(tmp_path / "out.jsonl")


def test_a_ten_megabyte_name_is_refused_with_a_bounded_excerpt() -> None:
    with pytest.raises(InvalidEventError) as caught:
        Timeline().append(person("a" * 10_000_000))
    message = str(caught.value)
    assert "10,000,000 characters, more than the 65,536" in message
    assert len(message) < 600
    assert "a" * (EXCERPT + 1) not in message


def test_an_event_larger_than_the_limit_is_refused_naming_its_size() -> None:
    tl = Timeline(limits=Limits(event_bytes=2_000))
    with pytest.raises(InvalidEventError, match=r"bytes encoded, more than the 2,000") as caught:
        tl.append(person("Ada", aliases=[f"alias {i:04}" for i in range(200)]))
    assert ("decl-ada", "event") == (caught.value.event_id, caught.value.field)


def test_limits_are_passed_to_open_and_kept_by_the_store_timeline(tmp_path: Path) -> None:
    with Timeline.open(tmp_path / "log.sqlite", limits=Limits(text_chars=32)) as tl:
        with pytest.raises(InvalidEventError, match="more than the 32 a text may hold"):
            tl.append(person("Augusta Ada King, Countess of Lovelace"))
        assert tl.append(person("Ada Lovelace"))


def test_limits_must_be_whole_numbers_above_zero() -> None:
    with pytest.raises(InvalidEventError, match=r"Limits\.text_chars"):
        Limits(text_chars=0)


def test_an_import_of_a_line_with_a_nul_names_the_line_and_appends_nothing() -> None:
    line = ('{"kind": "person-declared", "id": "p", "valid": "2000", "entity": "p", '
            '"name": "A\\u0000B", "sources": ["wire"]}\n')
    tl = Timeline()
    with pytest.raises(InvalidEventError, match="NUL character") as caught:
        tl.import_jsonl(io.StringIO(line))
    assert "at <stream>, line 1" in " ".join(getattr(caught.value, "__notes__", ()))
    assert 0 == tl.position


def test_a_restored_timeline_keeps_the_limits_given() -> None:
    tl = Timeline.restore(Timeline().snapshot(), limits=Limits(text_chars=32))
    with pytest.raises(InvalidEventError, match="more than the 32 a text may hold"):
        tl.append(person("Augusta Ada King, Countess of Lovelace"))


def _line(name: str, event_id: str = "p") -> str:
    return (f'{{"kind": "person-declared", "id": "{event_id}", "valid": "2000", '
            f'"entity": "{event_id}", "name": "{name}", "sources": ["wire"]}}\n')


@pytest.mark.parametrize("limits", [Limits(text_chars=40), Limits(event_bytes=300)])
def test_an_import_checks_every_line_against_the_limits(limits: Limits) -> None:
    tl = Timeline(limits=limits)
    with pytest.raises(InvalidEventError, match="more than the"):
        tl.import_jsonl(io.StringIO(_line("Ada") + _line("a" * 400, "q")))
    assert 0 == tl.position


def test_an_amount_written_out_past_the_limits_is_refused_on_import() -> None:
    # a 150-character line whose amount, written out in full, is 70,000 characters
    lines = ('{"kind": "organization-declared", "id": "decl-acme", "valid": "2020", '
             '"sources": ["wire"], "entity": "acme", "name": "Acme"}\n'
             '{"kind": "funding-round", "id": "round", "valid": "2021", "sources": ["wire"], '
             '"org": "acme", "amount": {"amount": "1e-70000", "currency": "USD"}}\n')
    tl = Timeline()
    with pytest.raises(InvalidEventError, match="more than the 65,536 a text may hold"):
        tl.import_jsonl(io.StringIO(lines))
    assert 0 == tl.position
