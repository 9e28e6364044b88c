"""Reading JSON Lines: every bad line is a JsonLinesError naming the file and
the line, short, and nothing from the file is appended."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline import Event, EventConflictError, JsonLinesError, Timeline
from timeline.io import jsonl

DECLARED = ('{"kind": "person-declared", "id": "p", "valid": "2000", "entity": "p", '
            '"name": "P", "sources": ["wire"]}')


def lines(*texts: str) -> io.StringIO:
    return io.StringIO("".join(f"{text}\n" for text in texts))


def test_a_line_nested_a_hundred_thousand_deep_is_refused_naming_its_line() -> None:
    tl = Timeline()
    with pytest.raises(JsonLinesError, match="nested too deeply") as caught:
        tl.import_jsonl(lines(DECLARED, "[" * 100_000 + "]" * 100_000))
    assert (2, 0) == (caught.value.line, tl.position)


def test_a_deeply_nested_correction_is_refused_naming_its_line() -> None:
    nested = DECLARED
    for _ in range(2_000):
        nested = ('{"kind": "replaced", "id": "r", "valid": "2000", "sources": ["wire"], '
                  f'"target": "p", "replacement": {nested}}}')
    with pytest.raises(JsonLinesError, match="nested too deeply") as caught:
        Timeline().import_jsonl(lines(nested))
    assert 1 == caught.value.line


def test_a_five_thousand_digit_number_names_its_line_and_field_with_an_excerpt() -> None:
    line = DECLARED.replace('"id": "p"', '"id": ' + "9" * 5_000)
    with pytest.raises(JsonLinesError) as caught:
        Timeline().import_jsonl(lines(DECLARED.replace('"p"', '"q"'), line))
    message = str(caught.value)
    assert 2 == caught.value.line
    assert "field 'id': a number of 5,000 digits" in message
    assert len(message) < 300


def test_a_leading_byte_order_mark_is_read_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    out = io.StringIO()
    Timeline.example().export_jsonl(out)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    assert 17 == Timeline().import_jsonl(path)
    assert 17 == Timeline().import_jsonl(io.StringIO("\ufeff" + out.getvalue()))


def test_a_byte_order_mark_after_the_first_line_is_not_json() -> None:
    with pytest.raises(JsonLinesError, match="line 2: not JSON"):
        Timeline().import_jsonl(lines(DECLARED, "\ufeff" + DECLARED))


def test_a_missing_file_is_named_as_missing_not_as_a_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(JsonLinesError) as caught:
        Timeline().import_jsonl(missing)
    assert (None, f"{missing}: the file does not exist; check the path") == (
        caught.value.line, str(caught.value))


def test_a_line_missing_its_id_names_the_field_and_line_and_stays_short() -> None:
    name = '"name": "' + "n" * 5000 + '"'
    line = DECLARED.replace('"id": "p", ', "").replace('"name": "P"', name)
    missing = r"line 1: .*missing the required field 'id'"
    with pytest.raises(JsonLinesError, match=missing) as caught:
        Timeline().import_jsonl(lines(line))
    assert len(str(caught.value)) < 400


def test_loads_raises_the_same_errors_for_one_line() -> None:
    with pytest.raises(JsonLinesError, match="nested too deeply"):
        jsonl.loads("[" * 100_000 + "]" * 100_000)


def test_a_write_that_fails_part_way_leaves_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("as it was\n", encoding="utf-8")

    def failing() -> Iterator[Event]:
        yield from Timeline.example()
        raise OSError("the source went away")

    with pytest.raises(OSError, match="went away"):
        jsonl.write(failing(), path)
    assert ("as it was\n", ["out.jsonl"]) == (
        path.read_text(encoding="utf-8"), sorted(p.name for p in tmp_path.iterdir()))
    assert 17 == jsonl.write(Timeline.example(), path)
    assert 17 == len(Timeline.from_jsonl(path))


def test_an_id_given_a_second_event_in_a_file_names_the_second_line() -> None:
    def line(name: str) -> str:
        return ('{"kind": "person-declared", "id": "p", "valid": "2000", "entity": "p", '
                f'"name": "{name}", "sources": ["wire"]}}\n')

    tl = Timeline()
    with pytest.raises(EventConflictError) as caught:  # the same event again is no conflict
        tl.import_jsonl(io.StringIO(line("Ada") + line("Ada") + line("Bob")))
    assert ["at <stream>, line 3"] == caught.value.__notes__
    assert 0 == tl.position
