"""Every answer as data: ``to_dict()`` is valid JSON under the schema kept
in the package and printed in docs/api.md, names every id, and is the
same from a store opened lazily; ``to_frame()`` and ``to_arrow()`` give
one typed row per entry."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import Joined, MissingExtraError, Timeline, TimelineError, ValidDate
from timeline.answers.frames import AsData, rows_of
from timeline.answers.schema import SCHEMA_PATH, answers_schema, dumps, load_schema
from timeline.datasets import openai_exodus
from timeline.testing import EPOCH, ORGANIZATIONS, PEOPLE, corrected_histories

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = jsonschema.Draft202012Validator(
    load_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _questions(tl: Timeline, orgs: list[str], people: list[str],
               days: list[object], known: object = None) -> Iterator[AsData]:
    """One answer of every kind about ``orgs`` and ``people``; questions the
    log cannot answer (an unknown name in a view) are left out."""
    asks: list[Callable[[], Any]] = []
    for day in days:
        for org in orgs:
            asks += [
                lambda org=org, day=day: tl.roster(org, at=day, known=known,
                                                   min_certainty="rumored"),
                lambda org=org, day=day: tl.roster(org, at=day, known=known,
                                                   kinds=["employee", "board"]),
                lambda org=org, day=day: tl.roster(org, at=day, known=known, rollup=True),
                lambda org=org, day=day: tl.roster_during(org, "2015", day, known=known),
                lambda org=org, day=day: tl.diff(org, "2018-06-30", day, known=known),
                lambda org=org, day=day: tl.cohort(people, org, at=day, known=known),
                lambda org=org, day=day: tl.organization(org, at=day, known=known),
                lambda org=org, day=day: tl.flows("2015", day, source=org, known=known),
                lambda org=org, day=day: tl.series(org, at=day, known=known),
                lambda org=org, day=day: tl.plans(org, at=day, known=known),
                lambda org=org, day=day: tl.announcements(org, end=day, known=known),
            ]
        for person in people:
            asks += [
                lambda person=person, day=day: tl.where(person, at=day, known=known,
                                                        min_certainty="rumored"),
                lambda person=person, day=day: tl.where(person, at=day, known=known,
                                                        kinds=["employee", "board"]),
            ]
        asks += [lambda day=day: tl.headcounts(orgs, ["2019-06-30", day], known=known),
                 lambda day=day: tl.lawsuits(at=day, known=known, min_certainty="rumored"),
                 lambda day=day: tl.flows("2015", day, known=known)]
    for entity in (*orgs, *people):
        asks += [lambda entity=entity: tl.history(entity, known=known),
                 lambda entity=entity: tl.history(entity, known=known, versions=True)]
    for person in people:
        asks += [lambda person=person: tl.career(person, known=known)]
    for i, person in enumerate(people):
        asks += [lambda a=person, b=other: tl.overlap(a, b, known=known)
                 for other in people[i + 1:]]
    asks += [lambda: tl.changes(until=known), lambda: tl.unresolved_links(known=known)]
    for ask in asks:
        try:
            yield ask()
        except TimelineError:
            continue  # a name the view does not know yet, a date before any
    for case in [c.case for c in tl.lawsuits(at=days[-1], min_certainty="rumored").cases]:
        try:
            yield tl.case(case, at=days[-1], known=known, min_certainty="rumored")
        except TimelineError:
            continue  # a case not known yet in the view
    for event in tl.changes(until=known).changes[:: max(1, len(tl.changes().changes) // 8)]:
        yield tl.explain(event.event.id, known=known)
        yield tl.lineage(event.event.id, known=known)


def _checked(answer: AsData) -> dict[str, Any]:
    """The answer's data, checked: valid under the schema as the answer's
    own definition, JSON as it is, and every id named."""
    data = answer.to_dict()
    kind = type(answer).__name__
    errors = sorted(_validator(kind).iter_errors(data), key=str)
    assert not errors, f"{kind}: {errors[0].message} at {list(errors[0].absolute_path)}"
    assert json.loads(json.dumps(data)) == data
    return data


@functools.cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    """A validator of one answer's definition in the kept schema."""
    return VALIDATOR.evolve(schema={"$ref": f"#/$defs/{kind}", "$defs": load_schema()["$defs"]})


def _entities(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        if set(data) == {"id", "name"}:
            yield data
        for value in data.values():
            yield from _entities(value)
    elif isinstance(data, list):
        for value in data:
            yield from _entities(value)


def test_the_kept_schema_is_made_from_the_answer_classes() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == dumps(answers_schema()), (
        "an answer class changed: write the schema again with "
        "python -m timeline.answers.schema, and copy it into docs/api.md")


def test_docs_print_the_kept_schema() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- schema -->\n```json\n(.*?)```\n<!-- /schema -->", text, re.S)
    assert found is not None, "docs/api.md lost its schema block"
    assert json.loads(found.group(1)) == load_schema()


def test_every_answer_of_the_bundled_dataset_is_valid_named_data() -> None:
    tl = openai_exodus()
    people = ["John Schulman", "Ilya Sutskever", "Sam Altman", "Andrej Karpathy"]
    kinds: set[str] = set()
    for known in (None, "2024-08-20"):
        for answer in _questions(tl, ["OpenAI", "Anthropic"], people,
                                 ["2023-06-30", "2024-08-19", "2024-12-31"], known):
            data = _checked(answer)
            kinds.add(type(answer).__name__)
            assert answer.to_arrow().num_rows == len(answer.to_rows())
            unnamed = [e for e in _entities(data) if e["name"] is None]
            assert not unnamed, f"{type(answer).__name__} left ids unnamed: {unnamed[:3]}"
    defined = {name for name, d in load_schema()["$defs"].items()
               if d.get("type") == "object" and name in _ANSWERS}
    assert kinds >= defined, f"never checked: {sorted(defined - kinds)}"


_ANSWERS = {cls.__name__ for cls in AsData.__subclasses__()} | {
    sub.__name__ for cls in AsData.__subclasses__() for sub in cls.__subclasses__()}


def test_an_answer_names_side_by_side_and_dates_with_precision() -> None:
    tl = openai_exodus()
    organization = tl.organization("OpenAI", at="2024-08-19").to_dict()
    assert {"id": "sam-altman", "name": "Sam Altman"} in organization["founders"]
    assert organization["founded"] == {"date": "2015-12-11", "precision": "day",
                                       "first": "2015-12-11", "last": "2015-12-11"}
    career = tl.career("John Schulman").to_dict()
    anthropic = career["tenures"][1]
    assert anthropic["org"] == {"id": "anthropic", "name": "Anthropic"}
    assert anthropic["start"]["precision"] == "range"
    assert anthropic["certainty"] == "reported"
    assert anthropic["evidence"]
    history = tl.history("John Schulman", known="2024-08-20").to_dict()
    assert history["known"].endswith("Z")
    left = next(e for e in history["entries"] if e["event"]["id"] == "schulman-left")
    assert left["event"]["names"] == {"john-schulman": "John Schulman", "openai": "OpenAI",
                                      "anthropic": "Anthropic"}
    diff = tl.diff("OpenAI", "2023-12-31", "2024-12-31").to_dict()
    assert {row["person"]["id"] for row in diff["left"]} >= {"john-schulman",
                                                            "ilya-sutskever"}


@settings(max_examples=12, deadline=None)
@given(events=corrected_histories(),
       known=st.one_of(st.none(), st.integers(0, 40).map(lambda d: EPOCH.add(days=d))))
def test_answers_of_generated_logs_are_valid_data(events: list[Any], known: Any) -> None:
    """Rumours, corrections, disputes, open starts and late records: every
    answer's data still fits the schema, and its table has a row per entry."""
    tl = Timeline(events)
    for answer in _questions(tl, list(ORGANIZATIONS[:2]), list(PEOPLE[:3]),
                             [dt.date(2019, 6, 30), dt.date(2024, 12, 31)], known):
        data = _checked(answer)
        rows, _ = rows_of(answer)
        assert len(rows) == _row_count(type(answer).__name__, data)
        assert len(answer.to_frame()) == len(rows)


def _row_count(kind: str, data: dict[str, Any]) -> int:
    """How many rows an answer's table has, counted from its data."""
    parts = {
        "Roster": ("members", "possible"), "Whereabouts": ("orgs", "possible"),
        "PeriodRoster": ("members", "possible"), "Career": ("tenures",),
        "Lawsuits": ("cases", "possible", "unknown_parties"), "CaseView": ("history", "later"),
        "Flows": ("departures", "possible", "foundings", "possible_foundings"),
        "Cohort": ("people",), "History": ("entries",), "Changes": ("changes",),
        "Explanation": ("events", "corrections"), "Overlap": ("spells",),
        "Diff": ("joined", "left", "changed", "possibly_joined", "possibly_left",
                 "passed_through", "possibly_passed_through"),
        "OrganizationState": ("rounds", "announcements", "deals"), "Series": ("points",),
        "Plans": ("plans",), "Announcements": ("rows", "possible"), "Lineage": ("versions",),
        "Links": ("links",),
    }
    if kind == "Headcounts":
        return len(data["orgs"]) * len(data["dates"])
    if kind in ("KindsRoster", "UnitsRoster", "KindsWhereabouts"):
        return sum(len(p.get("members", ())) + len(p.get("possible", ())) for p in data["parts"])
    return sum(len(data[part]) for part in parts[kind])


def test_a_lazy_store_gives_the_same_data(tmp_path: Path) -> None:
    """Names an answer's data needs are read with it, not taken from memory."""
    memory = openai_exodus()
    path = tmp_path / "openai.sqlite"
    text = io.StringIO()
    memory.export_jsonl(text)
    with Timeline.open(path) as stored:
        stored.import_jsonl(io.StringIO(text.getvalue()))
    event = "schulman-left"
    for ask in (lambda tl: tl.history("John Schulman"),
                lambda tl: tl.explain(event), lambda tl: tl.lineage(event),
                lambda tl: tl.changes(since="2024-08-18", until="2024-08-20"),
                lambda tl: tl.organization("OpenAI", at="2024-08-19"),
                lambda tl: tl.roster("OpenAI", at="2024-08-19"),
                lambda tl: tl.career("John Schulman"),
                lambda tl: tl.diff("OpenAI", "2023-12-31", "2024-12-31")):
        with Timeline.open(path) as lazy:
            assert lazy.lazy
            assert ask(lazy).to_dict() == ask(memory).to_dict()
            assert lazy.lazy


def test_a_roster_as_a_frame_has_typed_columns() -> None:
    roster = openai_exodus().roster("OpenAI", at="2024-08-19")
    frame = roster.to_frame()
    assert len(frame) == len(roster.members) + len(roster.possible)
    assert list(frame["person_id"][:len(roster.members)]) == list(roster.people)
    assert frame["certainty"].dtype == pd.CategoricalDtype(
        ["rumored", "reported", "confirmed"], ordered=True)
    assert str(frame["since_first"].dtype).startswith("datetime64")
    assert frame["certain"].sum() == len(roster.members)
    assert set(frame["query_at"].dt.date) == {dt.date(2024, 8, 19)}
    table = roster.to_arrow()
    assert table.num_rows == len(frame)
    assert table.schema.field("since_first").type == pa.date32()
    assert pa.types.is_dictionary(table.schema.field("certainty").type)


def test_frames_of_events_keep_their_common_columns_typed() -> None:
    changes = openai_exodus().changes(since="2024-08-18", until="2024-08-20")
    frame = changes.to_frame()
    assert len(frame) == len(changes)
    assert str(frame["event_recorded"].dtype) == "datetime64[us, UTC]"
    assert frame["event_valid_precision"].dtype.name == "category"
    row = frame[frame["event_id"] == "schulman-left"].iloc[0]
    assert list(row["event_entities_names"]) == ["John Schulman", "OpenAI", "Anthropic"]
    assert json.loads(row["event_fields"])["person"] == "john-schulman"


def test_an_open_start_in_year_one_stays_a_date_in_a_frame() -> None:
    tl = Timeline.example()
    tl.append(Joined(id="x-joined", valid="../2022-08", person="ilya-sutskever",
                     org="anthropic", sources="news", recorded="2024-10-06T10:00Z"))
    frame = tl.career("Sutskever").to_frame()
    assert frame["start_first"].min() == pd.Timestamp("0001-01-01")
    assert "range" in set(frame["start_precision"])


def test_without_pandas_a_frame_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pandas is not installed.*timeline\[frames\]"):
        openai_exodus().roster("OpenAI", at="2024-08-19").to_frame()


def test_valid_dates_order_by_first_day_then_last() -> None:
    dates = [ValidDate.parse(d) for d in ("2024", "2024-05", "2024-05-02", "2023/2024",
                                          "../2022-08", "2024-05-01")]
    assert [str(d) for d in sorted(dates)] == ["../2022-08", "2023/2024", "2024",
                                               "2024-05-01", "2024-05", "2024-05-02"]
    assert ValidDate.parse("2024") < ValidDate.parse("2024-12")
    assert ValidDate.parse("2024-01") <= ValidDate.parse("2024-01")
    with pytest.raises(TypeError):
        _ = ValidDate.parse("2024") < "2025"


def test_every_table_of_a_kind_has_the_same_typed_columns_even_empty() -> None:
    """Columns come from the kind of answer, not from its rows: an empty
    roster, one asked before its organisation was known and a full one
    concatenate, in pandas and in Arrow, with their types kept."""
    tl = openai_exodus()
    rosters = [tl.roster("OpenAI", at="2024-08-19"), tl.roster("OpenAI", at="2010"),
               tl.roster("Thinking Machines Lab", at="2025-06-01", known="2024-06-01")]
    frames = [roster.to_frame() for roster in rosters]
    assert len({tuple(frame.columns) for frame in frames}) == 1
    assert [len(frame) for frame in frames[1:]] == [0, 0]
    joined = pd.concat(frames)
    assert joined["certainty"].dtype == pd.CategoricalDtype(
        ["rumored", "reported", "confirmed"], ordered=True)
    assert str(joined["since_first"].dtype) == "datetime64[ms]"
    assert pa.concat_tables([roster.to_arrow() for roster in rosters]).num_rows == len(frames[0])
    open_career, closed = tl.career("Mira Murati").to_frame(), tl.career("Ilya Sutskever")
    assert list(open_career.columns) == list(closed.to_frame().columns)
    assert "end_precision" in open_career.columns
