"""The log's recorded time: it never goes backwards, and a date is a recorded time.

See "Recorded time never goes backwards" and "Dates as recorded times" in
docs/concepts.md.
"""

from __future__ import annotations

import io
import json
import pathlib

import pytest

from tests.helpers import DECLARED, WIRE, build, declare, fixed_clock
from timeline import (
    Event,
    InvalidQueryError,
    JsonLinesError,
    Left,
    RecordedTimeError,
    Source,
    Timeline,
)
from timeline.cli import main
from timeline.io import jsonl
from timeline.model.catalog import Joined
from timeline.model.dates import instant

PEOPLE = {"ada": "Ada Lovelace", "bob": "Bob Smith"}
ORGS = {"acme": "Acme"}
JUNE = "2024-06-01T00:00:00Z"
MAY = "2024-05-01T00:00:00Z"
FIXTURE = pathlib.Path(__file__).parent.parent / "fixtures" / "openai_exodus.jsonl"


def joined(event_id: str, recorded: object, person: str = "ada", valid: str = "2020") -> Joined:
    return Joined(id=event_id, valid=valid, person=person, org="acme", sources=WIRE,
                  recorded=recorded)


def logged() -> Timeline:
    """Acme, Ada and Bob declared, and Ada's join recorded on 1 June 2024."""
    return build([*declare(people=PEOPLE, orgs=ORGS), joined("j-ada", JUNE)])


def test_an_event_recorded_before_the_latest_one_is_refused_naming_both_instants() -> None:
    tl = logged()
    with pytest.raises(RecordedTimeError) as caught:
        tl.append(joined("j-bob", MAY, person="bob"))
    error = caught.value
    assert ("j-bob", "recorded") == (error.event_id, error.field)
    assert "2024-05-01 00:00 UTC" == error.value
    assert "2024-06-01 00:00 UTC" == error.bound
    assert "j-ada" == error.latest_event
    assert "omit recorded" in str(error).casefold()
    assert "in recorded order" in str(error)
    assert isinstance(error, ValueError)
    assert 4 == tl.position


def test_what_the_log_knew_on_a_past_date_cannot_change_after_the_fact() -> None:
    tl = logged()
    before = tl.roster("acme", at="2024", known=MAY).people
    with pytest.raises(RecordedTimeError):
        tl.append(joined("j-bob", "2024-04-01T00:00:00Z", person="bob"))
    assert before == tl.roster("acme", at="2024", known=MAY).people == ()


def test_an_event_recorded_after_the_clock_s_now_is_refused() -> None:
    tl = logged()
    with pytest.raises(RecordedTimeError, match="later than the clock's now") as caught:
        tl.append(joined("j-bob", "2999-01-01T00:00:00Z", person="bob"))
    assert "2030-01-01 00:00 UTC" == caught.value.bound
    assert None is caught.value.latest_event
    assert 4 == tl.position


def test_a_batch_out_of_recorded_order_appends_nothing() -> None:
    tl = logged()
    batch = [joined("j-bob", "2024-07-01T00:00:00Z", person="bob"),
             Left(id="l-ada", valid="2023", person="ada", org="acme", sources=WIRE,
                  recorded="2024-06-15T00:00:00Z")]
    with pytest.raises(RecordedTimeError, match="'j-bob'") as caught:
        tl.extend(batch)
    assert "l-ada" == caught.value.event_id
    assert "nothing was appended" not in str(caught.value)  # refused before anything was staged
    assert 4 == tl.position
    assert ("ada",) == tl.roster("acme", at="2024").people


def test_equal_recorded_times_are_allowed_and_keep_the_log_order() -> None:
    tl = logged()
    tl.extend([joined("j-bob", JUNE, person="bob"),
               Left(id="l-ada", valid="2023", person="ada", org="acme", sources=WIRE,
                    recorded=JUNE)])
    assert ["j-ada", "j-bob", "l-ada"] == [c.event.id for c in tl.changes(since=MAY)]


def test_a_retroactive_valid_date_recorded_later_is_accepted() -> None:
    tl = logged()
    tl.append(joined("j-bob", "2024-07-01T00:00:00Z", person="bob", valid="1999"))
    assert ("ada", "bob") == tl.roster("acme", at="2021").people
    assert ("ada",) == tl.roster("acme", at="2021", known=JUNE).people


def test_appending_an_old_event_again_is_still_a_no_op() -> None:
    tl = logged()
    tl.append(joined("j-bob", "2024-07-01T00:00:00Z", person="bob"))
    assert False is tl.append(joined("j-ada", JUNE))
    assert 5 == tl.position


def test_an_event_without_a_recorded_time_is_stamped_now_after_everything() -> None:
    tl = logged()
    tl.append(Joined(id="j-bob", valid="2020", person="bob", org="acme", sources=WIRE))
    assert instant("2030-01-01T00:00:00Z") == tl.event("j-bob").recorded


def _lines(events: list[Event]) -> str:
    out = io.StringIO()
    jsonl.write(events, out)
    return out.getvalue()


def test_an_import_out_of_recorded_order_names_the_line() -> None:
    events = [*declare(people=PEOPLE, orgs=ORGS), joined("j-ada", JUNE),
              joined("j-bob", MAY, person="bob")]
    text = _lines(events)
    tl = Timeline(clock=fixed_clock())
    with pytest.raises(JsonLinesError, match="never goes backwards") as caught:
        tl.import_jsonl(io.StringIO(text))
    assert 6 == caught.value.line  # the fifth event, after the schema line
    assert isinstance(caught.value.__cause__, RecordedTimeError)
    assert 0 == tl.position


def test_an_import_into_a_store_out_of_recorded_order_names_the_line(tmp_path) -> None:
    events = [*declare(people=PEOPLE, orgs=ORGS), joined("j-ada", JUNE),
              joined("j-bob", MAY, person="bob")]
    path = tmp_path / "log.jsonl"
    path.write_text(_lines(events))
    with Timeline.open(tmp_path / "log.sqlite", clock=fixed_clock()) as tl:
        with pytest.raises(JsonLinesError) as caught:
            tl.import_jsonl(path)
        assert (str(path), 6) == (caught.value.path, caught.value.line)
        assert 0 == tl.position


def test_the_bundled_dataset_is_written_in_recorded_order() -> None:
    lines = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    assert {"schema": 3} == lines[0]
    recorded = [instant(line["recorded"]) for line in lines[1:]]
    assert sorted(recorded) == recorded


# -- dates as recorded and publication times ---------------------------------------


def test_a_date_is_a_recorded_time_meaning_the_end_of_that_day_in_utc() -> None:
    tl = build(declare(people=PEOPLE, orgs=ORGS))
    tl.append(joined("j-ada", "2024-05-01"))
    assert instant("2024-05-01T23:59:59.999999Z") == tl.event("j-ada").recorded
    assert ("ada",) == tl.roster("acme", at="2024", known="2024-05-01").people
    assert () == tl.roster("acme", at="2024", known="2024-04-30").people
    assert () == tl.roster("acme", at="2024", known="2024-05-01T12:00:00Z").people


def test_a_month_is_a_recorded_time_meaning_the_end_of_its_last_day() -> None:
    tl = build([*declare(people=PEOPLE, orgs=ORGS), joined("j-ada", "2024-02")])
    assert instant("2024-02-29T23:59:59.999999Z") == tl.event("j-ada").recorded
    assert ("ada",) == tl.roster("acme", at="2024", known="2024-02").people


def test_events_recorded_on_one_date_order_by_log_position() -> None:
    tl = build(declare(people=PEOPLE, orgs=ORGS))
    tl.extend([joined("j-bob", "2024-05-01", person="bob"), joined("j-ada", "2024-05-01")])
    assert ["j-bob", "j-ada"] == [c.event.id for c in tl.changes(since=DECLARED)]


def test_a_date_whose_day_is_not_over_is_a_recorded_time_in_the_future() -> None:
    tl = build(declare(people=PEOPLE, orgs=ORGS), clock="2024-05-01T12:00:00Z")
    with pytest.raises(RecordedTimeError, match="end of that day"):
        tl.append(joined("j-ada", "2024-05-01"))
    tl.append(joined("j-ada", "2024-04-30"))


def test_a_date_is_a_publication_time_with_the_same_meaning() -> None:
    source = Source("wire-may", published="2024-05-01")
    assert instant("2024-05-01T23:59:59.999999Z") == source.published
    assert instant("2024-05-31T23:59:59.999999Z") == Source("s", published="2024-05").published


@pytest.mark.parametrize(("since", "until"), [
    ("2024-09-01", "2024-08-01"),
    ("2024-09-01T00:00Z", "2024-08-31T23:59Z"),
    ("2024-08-03", "2024-08-01"),
])
def test_changes_whose_until_comes_before_its_since_are_refused_naming_both(
    since: str, until: str,
) -> None:
    with pytest.raises(InvalidQueryError, match="ends before it starts") as caught:
        Timeline.example().changes(since=since, until=until)
    assert ("until", until) == (caught.value.argument, caught.value.value)
    assert repr(since) in str(caught.value)


def test_changes_since_and_until_one_instant_are_empty_not_refused() -> None:
    assert 0 == len(Timeline.example().changes(since="2024-08-19T00:00Z",
                                               until="2024-08-19T00:00Z"))


def test_flows_whose_end_comes_before_its_start_are_refused_from_the_command_line() -> None:
    err = io.StringIO()
    assert 1 == main(["flows", "2024", "2023", "--source", "OpenAI"], stdout=io.StringIO(),
                     stderr=err)
    assert "invalid end='2023': the span ends before it starts (2024)" in err.getvalue()
