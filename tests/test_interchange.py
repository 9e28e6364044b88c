"""The Parquet export: the log as it is, and a tenure projection over which
a roster asked in DuckDB SQL answers what ``roster()`` answers, at any day,
recorded time, certainty level and kind of affiliation, on generated logs
with rumours, corrections, disputes, open starts and late records."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import (
    ExportError,
    InvalidEventError,
    InvalidQueryError,
    JsonLinesError,
    Left,
    Timeline,
    TimelineError,
)
from timeline.cli import main
from timeline.datasets import openai_exodus
from timeline.model.dates import known_key
from timeline.testing import EPOCH, ORGANIZATIONS, corrected_histories, query_days

_ROSTER = """
    SELECT person_id, bool_or(certain) FROM '{folder}/tenures.parquet'
    WHERE org_id = ? AND affiliation = ? AND min_certainty = ?
      AND ? BETWEEN first_day AND last_day
      AND known_from <= make_timestamptz(?) AND (known_until IS NULL
                                                   OR known_until > make_timestamptz(?))
    GROUP BY person_id"""


def _sql_roster(folder: str, org: str, day: dt.date, known: int, level: str, *,
                kind: str = "employee") -> tuple[frozenset[str], frozenset[str]]:
    rows = duckdb.execute(_ROSTER.format(folder=folder),
                          [org, kind, level, day, known, known]).fetchall()
    return (frozenset(p for p, certain in rows if certain),
            frozenset(p for p, certain in rows if not certain))


@settings(max_examples=20, deadline=None)
@given(events=corrected_histories(), days=st.lists(query_days(), min_size=1, max_size=3),
       known_days=st.lists(st.integers(0, 45), min_size=1, max_size=3))
def test_a_roster_in_sql_over_the_export_is_the_roster(events: list[Any], days: list[dt.date],
                                                        known_days: list[int]) -> None:
    tl = Timeline(events)
    with tempfile.TemporaryDirectory() as folder:
        tl.export_parquet(folder)
        for org in ORGANIZATIONS:
            for day in days:
                for known in [None, *(EPOCH.add(days=d) for d in known_days)]:
                    for level in ("rumored", "reported", "confirmed"):
                        roster = tl.roster(org, at=day, known=known, min_certainty=level)
                        if roster.not_known_until is not None:
                            continue  # the view has not heard of the organisation
                        assert _sql_roster(folder, org, day, known_key(known), level) == (
                            roster.certain_ids, roster.possible_ids), (org, day, known, level)


def test_the_bundled_dataset_agrees_for_every_kind_of_affiliation(tmp_path: Path) -> None:
    tl = openai_exodus()
    tl.export_parquet(tmp_path)
    for org in ("openai", "anthropic", "ssi"):
        for kind in ("employee", "board", "advisor", "founder"):
            for day in ("2019-06-30", "2023-11-20", "2024-08-19", "2024-12-31"):
                for known in (None, "2024-08-19", "2024-10-01"):
                    roster = tl.roster(org, at=day, known=known, kinds=kind)
                    assert _sql_roster(str(tmp_path), org, dt.date.fromisoformat(day),
                                       known_key(known), "reported", kind=kind) == (
                        roster.certain_ids, roster.possible_ids), (org, kind, day, known)


def test_the_events_file_is_the_log_in_order(tmp_path: Path) -> None:
    tl = openai_exodus()
    counts = tl.export_parquet(tmp_path)
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.num_rows == counts["events.parquet"] == tl.position
    rows = table.to_pylist()
    assert [r["position"] for r in rows] == list(range(1, tl.position + 1))
    left = next(r for r in rows if r["id"] == "schulman-left")
    assert (left["kind"], left["valid"], left["valid_first"], left["valid_precision"]) == (
        "left", "2024-08/2024-08-19", dt.date(2024, 8, 1), "range")
    assert left["entities"] == ["john-schulman", "openai", "anthropic"]
    assert json.loads(left["event"])["id"] == "schulman-left"
    assert left["recorded"].tzinfo is not None
    again = Timeline()
    again.extend(tl._types.decode(json.loads(r["event"])) for r in rows)
    assert again.roster("OpenAI", at="2024-08-19") == tl.roster("OpenAI", at="2024-08-19")


def test_an_export_in_the_way_of_a_folder_changes_neither_file(tmp_path: Path) -> None:
    Timeline.example().export_parquet(tmp_path)
    before = (tmp_path / "events.parquet").read_bytes()
    (tmp_path / "tenures.parquet").unlink()
    (tmp_path / "tenures.parquet").mkdir()
    (tmp_path / "tenures.parquet" / "x").write_text("in the way", encoding="utf-8")
    with pytest.raises(ExportError, match="a folder is in the way"):
        openai_exodus().export_parquet(tmp_path)
    assert (tmp_path / "events.parquet").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.parquet", "tenures.parquet"]
    with pytest.raises(ExportError, match="folder that can be made here"):
        Timeline.example().export_parquet(tmp_path / "no" / "such" / "place")
    assert not (tmp_path / "no").exists()


def test_a_folder_that_cannot_be_written_is_an_error_and_leaves_nothing(
        tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="nothing was written there"):
        Timeline.example().export_parquet(blocker / "out")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    (tmp_path / "out").mkdir()
    Timeline.example().export_parquet(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "events.parquet", "tenures.parquet"]


# -- FollowTheMoney ------------------------------------------------------------------

def _comparable(entities: list[dict[str, Any]], undated: set[str]) -> list[tuple[Any, ...]]:
    """What a round trip through FtM keeps: every entity with its names, and
    every dated affiliation with its dates (at their precision), certainty
    and first role where it has a start (see docs/interchange.md)."""
    out = []
    for entity in entities:
        props = dict(entity["properties"])
        if entity["id"] in undated:
            continue
        schema = "Organization" if entity["schema"] == "Company" else entity["schema"]
        for dropped in ("recordId", "sourceUrl", "publisher", "summary", "description"):
            props.pop(dropped, None)
        roles = props.pop("role", [])
        if "startDate" in props and roles:
            props["role"] = roles[:1]
        out.append((schema, tuple(sorted((k, tuple(v)) for k, v in props.items()))))
    return sorted(out)


def test_the_bundled_dataset_goes_through_followthemoney_and_back() -> None:
    tl = openai_exodus()
    exported = tl.to_ftm()
    again = Timeline()
    made = again.import_ftm(exported, cited="ftm-round-trip", recorded="2026-01-01T00:00Z")
    undated = set(made.undated)
    assert undated == {e["id"] for e in exported if e["schema"] in (
        "Employment", "Directorship", "Membership")
        and not {"startDate", "endDate"} & set(e["properties"])}
    assert _comparable(again.to_ftm(), set()) == _comparable(exported, undated)
    schulman = {e["properties"]["employer"][0]: e["properties"] for e in exported
                if e["schema"] == "Employment" and e["properties"]["employee"] == ["john-schulman"]}
    assert (schulman["openai"]["startDate"], schulman["openai"]["endDate"]) == (
        ["2015-12-11"], ["2024-08"])
    assert schulman["anthropic"]["description"] == [
        "dates as reported: start 2024-08/2024-08-19, end 2025-01-27/2025-02-02"]
    assert again.roster("OpenAI", at="2023-06-30").certain_ids >= {"john-schulman",
                                                                   "ilya-sutskever"}


def test_precision_and_certainty_survive_followthemoney() -> None:
    entities = [
        {"id": "NK-ada", "schema": "Person", "properties": {"name": ["Ada Lovelace"],
                                                            "alias": ["Countess Lovelace"]}},
        {"id": "NK-acme", "schema": "Company", "properties": {"name": ["Acme"]}},
        {"id": "NK-bolt", "schema": "LegalEntity", "properties": {"name": ["Bolt"]}},
        {"id": "rel-1", "schema": "Employment", "properties": {
            "employee": ["NK-ada"], "employer": ["NK-acme"], "role": ["engineer"],
            "startDate": ["2019"], "endDate": ["2021-03"],
            "description": ["certainty: confirmed"],
            "sourceUrl": ["https://example.org/acme"], "publisher": ["Example Gazette"]}},
        {"id": "rel-2", "schema": "Directorship", "properties": {
            "director": ["NK-ada"], "organization": ["NK-bolt"], "startDate": ["2022-06-01"],
            "description": ["certainty: rumored"]}},
        {"id": "rel-4", "schema": "Directorship", "properties": {
            "director": ["NK-acme"], "organization": ["NK-bolt"], "startDate": ["2020"]}},
        {"id": "rel-3", "schema": "Membership", "properties": {
            "member": ["NK-ada"], "organization": ["NK-bolt"], "role": ["advisor"]}},
        {"id": "doc-1", "schema": "Document", "properties": {"title": ["a filing"]}},
    ]
    tl = Timeline()
    made = tl.import_ftm(entities, cited="registry", recorded="2024-01-01T00:00Z")
    assert (made.undated, made.ignored) == (("rel-3",), ("doc-1", "rel-4"))
    (tenure,) = [t for t in tl.career("Ada Lovelace") if t.org == "NK-acme"]
    assert (str(tenure.start), str(tenure.end), tenure.role, tenure.certainty.value) == (
        "2019", "2021-03", "engineer", "confirmed")
    assert [(s.id, s.url, s.publisher) for s in tl.event(tenure.evidence[0]).sources] == [
        ("registry", None, None),
        ("registry-" + hashlib.sha1(b"https://example.org/acme").hexdigest()[:8],
         "https://example.org/acme", "Example Gazette")]
    assert tl.roster("Bolt", at="2023", kinds="board", min_certainty="rumored").people == (
        "NK-ada",)
    assert tl.roster("Bolt", at="2023", kinds="board").people == ()
    assert tl.entity("Countess Lovelace").id == "NK-ada"


def test_followthemoney_files_are_written_whole_and_read_with_line_numbers(
        tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    assert Timeline.example().export_ftm(path) == len(Timeline.example().to_ftm())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["schema"] for line in lines)
    again = Timeline()
    again.import_ftm(path, recorded="2026-01-01T00:00Z")
    assert again.roster("OpenAI", at="2024-06").people == ("greg-brockman", "john-schulman")
    bad = tmp_path / "bad.ftm.json"
    bad.write_text(lines[0] + "\n{\"schema\": \"Person\"}\n", encoding="utf-8")
    fresh = Timeline()
    with pytest.raises(JsonLinesError, match=r"line 2: not a FollowTheMoney entity"):
        fresh.import_ftm(bad)
    assert fresh.position == 0
    with pytest.raises(InvalidEventError, match="names its employee and its employer"):
        fresh.import_ftm([{"id": "r", "schema": "Employment",
                           "properties": {"employee": ["x"], "startDate": ["2020"]}}])
    with pytest.raises(ExportError, match="nothing was written there"):
        Timeline.example().export_ftm(tmp_path / "missing" / "out.json")


def test_the_command_line_exports_parquet_and_followthemoney(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert 0 == main(["export", str(tmp_path / "pq"), "--as", "parquet"], stdout=out, stderr=err)
    assert "exported 221 events and" in out.getvalue()
    assert pq.read_table(tmp_path / "pq" / "events.parquet").num_rows == 221
    out = io.StringIO()
    assert 0 == main(["export", "-", "--as", "ftm"], stdout=out, stderr=err)
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    assert entities == json.loads(json.dumps(openai_exodus().to_ftm()))
    assert 2 == main(["export", "-", "--as", "csv"], stdout=io.StringIO(), stderr=err)
    assert "invalid choice: 'csv'" in err.getvalue()
    err = io.StringIO()
    assert 1 == main(["export", "-", "--as", "parquet"], stdout=io.StringIO(), stderr=err)
    assert "Parquet files go in a folder" in err.getvalue()


def test_followthemoney_keeps_what_it_cannot_date_said_and_each_step_as_sure_as_it_was() -> None:
    tl = openai_exodus()
    tl.append(Left(id="x-rumoured-end", valid="2026-03", person="john-schulman",
                   org="thinking-machines-lab", sources="rumour-mill", certainty="rumored",
                   recorded="2026-12-02T00:00Z"))
    exported = {e["id"]: e["properties"] for e in tl.to_ftm()}
    (tml,) = [p for p in exported.values() if p.get("employee") == ["john-schulman"]
              and p.get("employer") == ["thinking-machines-lab"]]
    assert (tml["startDate"], tml["endDate"], tml["description"]) == (
        ["2025-02-18"], ["2026-03"], ["certainty: start reported, end rumored"])
    (srinivas,) = [p for p in exported.values() if p.get("employee") == ["aravind-srinivas"]
                   and p["employer"] == ["openai"]]
    assert "endDate" not in srinivas
    assert srinivas["description"] == ["dates as reported: end ../2022-08"]
    again = Timeline()
    again.import_ftm(tl.to_ftm(), recorded="2026-12-03T00:00Z")
    for timeline in (tl, again):  # the rumoured end counts only where rumours do
        assert "john-schulman" in timeline.roster("Thinking Machines Lab",
                                                  at="2026-06").certain_ids
        assert "john-schulman" not in timeline.roster("Thinking Machines Lab", at="2026-06",
                                                      min_certainty="rumored")


def test_importing_the_same_file_twice_adds_nothing() -> None:
    entities = Timeline.example().to_ftm()
    tl = Timeline()
    first = tl.import_ftm(entities, recorded="2026-01-01T00:00Z")
    second = tl.import_ftm(entities, recorded="2026-02-01T00:00Z")
    assert (len(first.events), second.events, tl.position) == (14, (), 14)
    declared = Timeline()
    declared.import_ftm([e for e in entities if e["schema"] in ("Person", "Organization",
                                                                 "Company")],
                        recorded="2026-01-01T00:00Z")
    made = declared.import_ftm(entities, recorded="2026-02-01T00:00Z")
    assert {e.kind for e in made.events} <= {"joined", "rehired", "left"}
    assert declared.position == 14


def test_a_bad_entity_is_named_with_where_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_text("\ufeff" + "\n".join(json.dumps(e) for e in [
        {"id": "p", "schema": "Person", "properties": {"name": ["P"]}},
        {"id": "o", "schema": "Company", "properties": {"name": ["O"]}},
        {"id": "e", "schema": "Employment", "properties": {
            "employee": ["p"], "employer": ["o"], "startDate": ["2020-13"]}}]) + "\n",
        encoding="utf-8")
    tl = Timeline()
    with pytest.raises(TimelineError) as caught:
        tl.import_ftm(path)
    assert "in FollowTheMoney entity 'e' (" in "\n".join(caught.value.__notes__)
    assert "line 3)" in "\n".join(caught.value.__notes__)
    assert tl.position == 0
    with pytest.raises(InvalidQueryError, match=r"entity 1: .*not a FollowTheMoney entity"):
        tl.import_ftm([{"id": "p", "schema": "Person", "properties": {"name": ["P"]}},
                       {"id": "x", "properties": {}}])
    with pytest.raises(InvalidQueryError, match="property 'name' of 'p' is not a list"):
        tl.import_ftm([{"id": "p", "schema": "Person", "properties": {"name": "P"}}])
