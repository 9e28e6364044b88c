"""Kinds of affiliation: employment, board seats, advisors and founders who
are not employees, each with tenures of its own."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    Affiliation,
    ChronologyError,
    Founded,
    FounderAdded,
    InvalidEventError,
    InvalidQueryError,
    Joined,
    Left,
    Rehired,
    Timeline,
)
from timeline.answers.affiliations import KindsRoster

RECORDED = "2024-06-01T00:00:00Z"
PEOPLE = {"sam-altman": "Sam Altman", "greg-brockman": "Greg Brockman",
          "elon-musk": "Elon Musk", "helen-toner": "Helen Toner",
          "bret-taylor": "Bret Taylor", "reid-hoffman": "Reid Hoffman"}
ORGS = {"openai": "OpenAI", "microsoft": "Microsoft"}


def _board(*events: object) -> Timeline:
    """OpenAI in November 2023: Altman chief executive and on the board,
    fired from both; back as chief executive five days later, on the
    board again in March."""
    seat = {"org": "openai", "sources": WIRE, "recorded": RECORDED}
    return build([
        *declare(people=PEOPLE, orgs=ORGS),
        Founded(id="f", valid="2015-12-11", founders=["sam-altman", "greg-brockman",
                                                      "elon-musk"],
                employees=["sam-altman", "greg-brockman"], **seat),
        Joined(id="musk-board", valid="2015-12-11", person="elon-musk",
               affiliation="board", role="co-chair", **seat),
        Left(id="musk-off-board", valid="2018-02", person="elon-musk", affiliation="board",
             reason="stepped down", **seat),
        Joined(id="altman-board", valid="2015-12-11", person="sam-altman",
               affiliation="board member", role="director", **seat),
        Joined(id="toner-board", valid="2021", person="helen-toner", affiliation="board",
               **seat),
        Left(id="altman-fired", valid="2023-11-17", person="sam-altman", reason="fired", **seat),
        Left(id="altman-off-board", valid="2023-11-17", person="sam-altman",
             affiliation="board", reason="fired", **seat),
        Rehired(id="altman-back", valid="2023-11-22", person="sam-altman",
                role="chief executive", **seat),
        Left(id="toner-off", valid="2023-11-29", person="helen-toner", affiliation="board",
             reason="stepped down", **seat),
        Joined(id="taylor-board", valid="2023-11-22", person="bret-taylor",
               affiliation="board", role="chair", **seat),
        Rehired(id="altman-board-again", valid="2024-03-08", person="sam-altman",
                affiliation="board", **seat),
        Joined(id="hoffman-advises", valid="2016", person="reid-hoffman",
               affiliation="adviser", **seat),
        *events,
    ])


def test_a_roster_lists_employees_unless_asked_for_another_kind() -> None:
    tl = _board()
    assert ("greg-brockman", "sam-altman") == tl.roster("openai", at="2023-11-01").people
    board = tl.roster("openai", at="2023-11-01", kinds="board")
    assert ("helen-toner", "sam-altman") == board.people
    assert {Affiliation.BOARD} == {m.affiliation for m in board.members}
    assert repr(board).startswith("Board of OpenAI at 2023-11-01: 2 members")


def test_losing_a_board_seat_ends_only_the_board_tenure() -> None:
    tl = _board()
    assert "sam-altman" in tl.roster("openai", at="2023-11-25")
    assert "sam-altman" not in tl.roster("openai", at="2023-11-25", kinds="board")
    assert ("bret-taylor", "helen-toner") == tl.roster("openai", at="2023-11-25",
                                                       kinds="board").people
    assert ("bret-taylor", "sam-altman") == tl.roster("openai", at="2024-03-08",
                                                      kinds="board").people


def test_several_kinds_give_one_roster_per_kind_with_every_row_named() -> None:
    both = _board().roster("openai", at="2023-11-01", kinds=["employee", "board"])
    assert isinstance(both, KindsRoster)
    assert [(m.person, m.affiliation.value) for m in both.members] == [
        ("greg-brockman", "employee"), ("sam-altman", "employee"),
        ("helen-toner", "board"), ("sam-altman", "board")]
    assert ("greg-brockman", "sam-altman", "helen-toner") == both.people
    assert ("helen-toner", "sam-altman") == both["board"].people
    assert "Roster of OpenAI at 2023-11-01" in repr(both)
    assert "Board of OpenAI at 2023-11-01" in repr(both)
    every = _board().roster("openai", at="2023-11-01", kinds="all")
    assert ("reid-hoffman",) == every["advisor"].people
    assert ("elon-musk",) == every[Affiliation.FOUNDER].people


def test_a_founder_who_is_not_an_employee_is_not_on_the_roster() -> None:
    tl = _board()
    assert "elon-musk" not in tl.roster("openai", at="2016")
    assert "elon-musk" in tl.roster("openai", at="2016", kinds="founder")
    state = tl.organization("openai", at="2016")
    assert ("sam-altman", "greg-brockman", "elon-musk") == state.founders
    assert ("sam-altman", "greg-brockman") == state.founders_remaining


def test_where_and_career_name_the_kind() -> None:
    tl = _board()
    assert ["openai"] == list(tl.where("Helen Toner", at="2022", kinds="board"))
    assert [] == list(tl.where("Helen Toner", at="2022"))
    career = tl.career("Sam Altman")
    assert [("openai", "employee"), ("openai", "board"), ("openai", "employee"),
            ("openai", "board")] == [(t.org, t.affiliation.value) for t in career]
    assert "OpenAI (board)" in repr(career)
    both = tl.where("Sam Altman", at="2023-11-01", kinds=["employee", "board"])
    assert [("openai", Affiliation.EMPLOYEE), ("openai", Affiliation.BOARD)] == [
        (m.org, m.affiliation) for m in both.orgs]
    assert ["openai"] == list(both)


def test_a_board_departure_is_not_a_departure_in_flows() -> None:
    flows = _board().flows(source="openai", start="2018", end="2018-12")
    assert () == flows.departures


def test_a_founder_can_be_added_without_rewriting_the_founding() -> None:
    tl = _board(FounderAdded(id="add-hoffman", valid="2015-12-11", org="openai",
                             person="reid-hoffman", sources=WIRE, recorded=RECORDED),
                FounderAdded(id="add-taylor", valid="2015-12-11", org="openai",
                             person="bret-taylor", employee=True, sources=WIRE,
                             recorded=RECORDED))
    state = tl.organization("openai", at="2016")
    assert ("reid-hoffman", "bret-taylor") == state.founders[-2:]
    assert "bret-taylor" in tl.roster("openai", at="2016")
    assert "reid-hoffman" in tl.roster("openai", at="2016", kinds="founder")


def test_a_stated_count_of_founders_says_how_many_are_unnamed() -> None:
    tl = build([*declare(people=PEOPLE, orgs=ORGS),
                Founded(id="f", valid="2015-12-11", org="openai", count=11,
                        founders=["sam-altman", "greg-brockman"], employees="all",
                        sources=WIRE, recorded=RECORDED)])
    state = tl.organization("openai", at="2016")
    assert (11, 9) == (state.founder_count, state.founders_unnamed)
    assert ("founders       2 of 2 remain (of the named; 11 in all, 9 unnamed, whether they "
            "remain unknown)") in repr(state)


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"employees": ["helen-toner"]}, "list them among the founders too"),
     ({"count": 1}, "at least the 2 named"),
     ({"count": "eleven"}, "a whole number of founders")],
)
def test_a_founding_that_cannot_hold_is_refused(fields: dict[str, object],
                                                message: str) -> None:
    with pytest.raises(InvalidEventError, match=message):
        Founded(id="f", valid="2015", org="openai", founders=["sam-altman", "greg-brockman"],
                sources=WIRE, **fields)  # type: ignore[arg-type]


def test_an_unknown_kind_is_refused_naming_the_kinds() -> None:
    with pytest.raises(InvalidEventError, match="employee, board, advisor, founder") as caught:
        Joined(id="j", valid="2020", person="a", org="b", affiliation="janitor", sources=WIRE)
    assert ("affiliation", "janitor") == (caught.value.field, caught.value.value)
    with pytest.raises(InvalidQueryError, match="kinds='board'") as query:
        _board().roster("openai", at="2020", kinds="janitor")
    assert "kinds" == query.value.argument
    with pytest.raises(InvalidQueryError, match="no kind of affiliation given"):
        _board().roster("openai", at="2020", kinds=[])


def test_a_board_step_before_the_founding_is_a_contradiction_naming_the_kind() -> None:
    with pytest.raises(ChronologyError, match=r"'helen-toner' at 'openai' \(board\)"):
        _board(Left(id="early", valid="2010", person="helen-toner", affiliation="board",
                    org="openai", sources=WIRE, recorded=RECORDED))


def test_an_old_json_lines_file_reads_every_founder_as_an_employee() -> None:
    lines = io.StringIO(
        '{"kind": "organization-declared", "id": "o", "valid": "2015", "sources": ["s"], '
        '"recorded": "2024-01-01T00:00:00Z", "entity": "openai", "name": "OpenAI"}\n'
        '{"kind": "person-declared", "id": "p", "valid": "2015", "sources": ["s"], '
        '"recorded": "2024-01-01T00:00:00Z", "entity": "elon-musk", "name": "Elon Musk"}\n'
        '{"kind": "founded", "id": "f", "valid": "2015-12-11", "sources": ["s"], '
        '"recorded": "2024-01-01T00:00:00Z", "org": "openai", "founders": ["elon-musk"]}\n')
    tl = Timeline.from_jsonl(lines)
    assert ("elon-musk",) == tl.roster("openai", at="2016").people
    out = io.StringIO()
    tl.export_jsonl(out)
    assert out.getvalue().startswith('{"schema": 3}\n')
    assert ("elon-musk",) == Timeline.from_jsonl(io.StringIO(out.getvalue())).roster(
        "openai", at="2016").people


def test_a_json_lines_file_from_a_newer_schema_asks_for_an_upgrade() -> None:
    with pytest.raises(Exception, match="newer than this release reads") as caught:
        Timeline.from_jsonl(io.StringIO('{"schema": 99}\n'))
    assert 1 == caught.value.line  # type: ignore[attr-defined]


def test_a_store_written_at_schema_2_reads_every_founder_as_an_employee(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with Timeline.open(path) as tl:
        tl.extend([*declare(people=PEOPLE, orgs=ORGS),
                   Founded(id="f", valid="2015-12-11", org="openai", founders=["elon-musk"],
                           sources=WIRE, recorded=RECORDED)])
        assert () == tl.roster("openai", at="2016").people
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER events_redact_only")
    db.execute("UPDATE events SET version = 2")
    db.execute("DELETE FROM projection")  # a release of schema 2 kept no rosters
    db.commit()
    db.close()
    with Timeline.open(path) as again:
        assert ("elon-musk",) == again.roster("openai", at="2016").people
        assert again.verify().ok


def test_a_cohort_says_a_board_founder_is_not_an_employee_rather_than_never_a_member() -> None:
    cohort = _board().cohort(["elon-musk", "sam-altman"], "openai", at="2017")
    musk = next(p for p in cohort.people if p.person == "elon-musk")
    assert (musk.status, musk.kinds) == (
        "not an employee", (Affiliation.BOARD, Affiliation.FOUNDER))
    assert cohort.counted == ("sam-altman",)
    assert "not an employee (board, founder)" in repr(cohort)
    # a seat taken only later is not held yet
    toner = _board().cohort(["helen-toner"], "openai", at="2019").people[0]
    assert (toner.status, toner.kinds) == ("never a member", ())
