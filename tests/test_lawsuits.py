"""Lawsuits by side, and counterclaims linked to the cases they answer."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    Corrected,
    EventConflictError,
    EventTypes,
    InvalidEventError,
    LawsuitDismissed,
    LawsuitFiled,
    LawsuitJudged,
    LawsuitMotion,
    LawsuitRefiled,
    LawsuitRuling,
    LawsuitSettled,
    LawsuitWithdrawn,
    Renamed,
    Retracted,
    StoreError,
    Timeline,
    UnknownCaseError,
)
from timeline.cli import main
from timeline.io import jsonl
from timeline.model.events import Event

PEOPLE = {"elon": ("Elon Musk", "Musk")}
ORGS = {"openai": "OpenAI", "xai": "xAI"}


def _suit(**extra: object) -> LawsuitFiled:
    fields: dict[str, object] = {
        "id": "musk-filed", "valid": "2024-02-29", "case": "musk-v-openai",
        "plaintiffs": "elon", "defendants": "openai", "claims": "breach of contract",
        "sources": WIRE, "recorded": "2024-03-01T00:00:00Z",
    }
    fields.update(extra)
    return LawsuitFiled(**fields)  # type: ignore[arg-type]


def _countersuit(**extra: object) -> LawsuitFiled:
    fields: dict[str, object] = {
        "id": "openai-filed", "valid": "2025-04-09", "case": "openai-v-musk",
        "plaintiffs": "openai", "defendants": ("elon", "xai"), "claims": "harassment",
        "answers": "musk-v-openai", "sources": WIRE, "recorded": "2025-04-10T00:00:00Z",
    }
    fields.update(extra)
    return LawsuitFiled(**fields)  # type: ignore[arg-type]


def _feud(*more: Event) -> Timeline:
    return build([*declare(people=PEOPLE, orgs=ORGS), _suit(), _countersuit(), *more])


# -- sides -------------------------------------------------------------------------


def test_lawsuits_against_a_party_leave_out_the_ones_it_brought() -> None:
    tl = _feud()
    assert ["musk-v-openai", "openai-v-musk"] == [
        c.case for c in tl.lawsuits(at="2025-05", party="OpenAI")
    ]
    assert ["musk-v-openai"] == [c.case for c in tl.lawsuits(at="2025-05", defendant="OpenAI")]
    assert ["openai-v-musk"] == [c.case for c in tl.lawsuits(at="2025-05", plaintiff="OpenAI")]


def test_side_filters_combine_with_each_other_and_with_party() -> None:
    tl = _feud()
    assert ["openai-v-musk"] == [
        c.case for c in tl.lawsuits(at="2025-05", plaintiff="OpenAI", defendant="xAI")
    ]
    assert [] == [c.case for c in tl.lawsuits(at="2025-05", plaintiff="Musk", defendant="xAI")]
    assert ["openai-v-musk"] == [
        c.case for c in tl.lawsuits(at="2025-05", party="xAI", plaintiff="OpenAI")
    ]


def test_the_lawsuits_repr_says_which_side_was_asked_for() -> None:
    tl = _feud()
    assert repr(tl.lawsuits(at="2025-05", defendant="OpenAI")).startswith(
        "Open lawsuits against OpenAI at 2025-05-31: 1"
    )
    assert repr(tl.lawsuits(at="2025-05", plaintiff="Musk")).startswith(
        "Open lawsuits brought by Elon Musk at 2025-05-31: 1"
    )


def test_the_command_line_filters_lawsuits_by_side(tmp_path: Path) -> None:
    path = tmp_path / "feud.jsonl"
    _feud().export_jsonl(path)
    out, err = io.StringIO(), io.StringIO()
    status = main(["lawsuits", "--defendant", "OpenAI", "--at", "2025-05", "--store", str(path),
                   "--json"], stdout=out, stderr=err)
    assert (0, "") == (status, err.getvalue())
    answer = json.loads(out.getvalue())
    assert (["musk-v-openai"], {"id": "openai", "name": "OpenAI"}) == (
        [c["case"] for c in answer["cases"]], answer["defendant"])


# -- counterclaims -------------------------------------------------------------------


def test_a_counterclaim_names_the_case_it_answers_and_the_case_lists_it() -> None:
    tl = _feud()
    original, counter = tl.case("musk-v-openai", at="2025-05"), tl.case("openai-v-musk")
    assert (None, ("openai-v-musk",)) == (original.answers, original.counterclaims)
    assert ("musk-v-openai", ()) == (counter.answers, counter.counterclaims)
    assert "counterclaims: openai-v-musk" in repr(original)
    assert "counterclaim in: musk-v-openai" in repr(counter)


def test_a_counterclaim_shows_only_in_views_that_hold_it() -> None:
    tl = _feud()
    before = tl.case("musk-v-openai", at="2025-05", known="2025-01-01")
    assert () == before.counterclaims
    rumoured = _feud(_countersuit(id="other-filed", case="other-v-musk", certainty="rumored"))
    assert ("openai-v-musk",) == rumoured.case("musk-v-openai").counterclaims
    assert ("openai-v-musk", "other-v-musk") == rumoured.case(
        "musk-v-openai", min_certainty="rumored").counterclaims


def test_a_counterclaim_in_an_unknown_case_is_an_error_naming_the_event_and_field() -> None:
    tl = build([*declare(people=PEOPLE, orgs=ORGS), _suit()])
    before = len(tl)
    with pytest.raises(UnknownCaseError) as caught:
        tl.append(_countersuit(answers="musk-v-opneai"))
    error = caught.value
    assert ("musk-v-opneai", "openai-filed", "answers") == (
        error.case, error.event_id, error.field
    )
    assert "known cases: musk-v-openai" in str(error)
    assert before == len(tl)
    assert ["musk-v-openai"] == [c.case for c in tl.lawsuits(at="2025-05")]


def test_a_counterclaim_recorded_before_the_case_it_answers_is_an_error() -> None:
    tl = build(declare(people=PEOPLE, orgs=ORGS))
    with pytest.raises(UnknownCaseError, match="recorded only after this filing"):
        # in recorded order: the counterclaim first, the case it answers later
        tl.extend([_countersuit(), _suit(recorded="2025-05-01T00:00:00Z")])
    assert [] == [c.case for c in tl.lawsuits(at="2025-05")]


def test_a_case_asked_about_before_it_was_recorded_is_not_listed_as_known() -> None:
    # the error listed the very case it said did not exist
    tl = _feud()
    with pytest.raises(UnknownCaseError, match="not in this view") as raised:
        tl.case("openai-v-musk", at="2025-05", known="2024-06-01")
    assert ("musk-v-openai",) == raised.value.known


def test_an_organisations_state_lists_cases_only_possibly_open_apart() -> None:
    # dismissed "in May 2025": on 15 May the case is possibly still open
    tl = _feud(LawsuitDismissed(id="dismissed", valid="2025-05", case="musk-v-openai",
                                sources=WIRE, recorded="2025-06-01T00:00:00Z"))
    state = tl.organization("OpenAI", at="2025-05-15")
    assert (("openai-v-musk",), ("musk-v-openai",)) == (state.lawsuits, state.possible_lawsuits)
    assert "openai-v-musk; possibly open: musk-v-openai" in repr(state)


def test_a_case_cannot_answer_itself() -> None:
    with pytest.raises(InvalidEventError, match=r"answers='musk-v-openai' .*cannot answer itself"):
        _suit(answers="musk-v-openai")


def test_retracting_a_case_that_a_counterclaim_answers_is_an_error() -> None:
    tl = _feud()
    retraction = Retracted(id="oops", valid="2025-06", target="musk-filed", sources=WIRE,
                           recorded="2025-06-01T00:00:00Z")
    with pytest.raises(EventConflictError, match=r"'oops'.*counterclaim 'openai-v-musk'"):
        tl.append(retraction)
    assert ("openai-v-musk",) == tl.case("musk-v-openai").counterclaims


def test_a_counterclaim_is_a_case_of_its_own() -> None:
    tl = _feud(LawsuitSettled(id="settled", valid="2025-09", case="musk-v-openai", sources=WIRE,
                              recorded="2025-10-01T00:00:00Z"))
    assert ("settled", "open") == (
        tl.case("musk-v-openai", at="2025-12").status, tl.case("openai-v-musk", at="2025-12").status
    )


# -- the field in the interchange format and the stores --------------------------------


def test_json_lines_round_trip_the_case_a_counterclaim_answers() -> None:
    line = jsonl.dumps(_countersuit())
    assert '"answers": "musk-v-openai"' in line
    assert _countersuit() == jsonl.loads(line)


def test_a_filing_written_before_counterclaims_existed_still_reads() -> None:
    data = EventTypes.default().encode(_suit())
    assert "answers" not in data
    assert EventTypes.default().decode(data).answers is None  # type: ignore[attr-defined]


def test_a_sqlite_store_keeps_the_case_a_counterclaim_answers(tmp_path: Path) -> None:
    path = tmp_path / "feud.sqlite"
    with Timeline.open(path) as tl:
        tl.extend([*declare(people=PEOPLE, orgs=ORGS), _suit(), _countersuit()])
    with Timeline.open(path) as again:
        assert ("openai-v-musk",) == again.case("musk-v-openai").counterclaims
        assert again.verify().ok


def _rewrite_versions(path: Path, version: int) -> None:
    """Set every stored event's schema version, as another release would have written it."""
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER events_redact_only")
    db.execute("UPDATE events SET version = ?", (version,))
    db.commit()
    db.close()


def test_a_store_written_at_event_schema_1_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with Timeline.open(path) as tl:
        tl.extend([*declare(people=PEOPLE, orgs=ORGS), _suit()])
    _rewrite_versions(path, 1)
    with Timeline.open(path) as again:
        assert ["musk-v-openai"] == [c.case for c in again.lawsuits(at="2024-03")]
        assert again.verify().ok


def test_a_store_from_a_newer_event_schema_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(declare(people=PEOPLE, orgs=ORGS))
    _rewrite_versions(path, 99)
    with pytest.raises(StoreError, match="schema version 99, newer than this release reads"):
        Timeline.open(path)


def test_two_cases_cannot_answer_each_other() -> None:
    tl = _feud()
    with pytest.raises(InvalidEventError, match=r"musk-v-openai -> openai-v-musk -> musk-v-openai"):
        tl.append(Corrected(id="fix", valid="2025-06", target="musk-filed", sources=WIRE,
                            replacement=_suit(id="musk-filed-2", answers="openai-v-musk",
                                              recorded=None),
                            recorded="2025-06-01T00:00:00Z"))
    assert (None, "musk-v-openai") == (
        tl.case("musk-v-openai").answers, tl.case("openai-v-musk").answers
    )


# -- a case's filing and the steps after it ------------------------------------------


def test_retracting_a_filing_a_counterclaim_answers_is_an_error_even_after_a_refiling() -> None:
    withdrawn = LawsuitWithdrawn(id="musk-withdrew", valid="2024-06-11", case="musk-v-openai",
                                 sources=WIRE, recorded="2024-06-12T00:00:00Z")
    refiled = LawsuitRefiled(id="musk-refiled", valid="2024-08-05", case="musk-v-openai",
                             sources=WIRE, recorded="2024-08-06T00:00:00Z")
    tl = build([*declare(people=PEOPLE, orgs=ORGS), _suit(), withdrawn, refiled, _countersuit()])
    before = len(tl)
    retraction = Retracted(id="oops", valid="2025-06", target="musk-filed", sources=WIRE,
                           recorded="2025-06-01T00:00:00Z")
    with pytest.raises(EventConflictError, match=r"'oops'.*counterclaim 'openai-v-musk'"):
        tl.append(retraction)
    assert before == len(tl)
    assert ("elon",) == tl.case("musk-v-openai").plaintiffs


def test_a_counterclaim_answering_a_case_whose_filing_is_not_in_the_log_is_an_error() -> None:
    refiled = LawsuitRefiled(id="musk-refiled", valid="2024-08-05", case="musk-v-openai",
                             sources=WIRE, recorded="2024-08-06T00:00:00Z")
    tl = build([*declare(people=PEOPLE, orgs=ORGS), refiled])
    with pytest.raises(UnknownCaseError, match="its filing is not in the log"):
        tl.append(_countersuit())


def test_a_case_whose_parties_are_unknown_is_listed_apart_under_a_party_filter() -> None:
    withdrawn = LawsuitWithdrawn(id="w", valid="2024-06-11", case="musk-v-openai",
                                 sources=WIRE, recorded="2024-06-12T00:00:00Z")
    refiled = LawsuitRefiled(id="r", valid="2024-08-05", case="musk-v-openai",
                             sources=WIRE, recorded="2024-08-06T00:00:00Z")
    tl = build([*declare(people=PEOPLE, orgs=ORGS), withdrawn, refiled])
    answer = tl.lawsuits(at="2024-09", party="elon")
    assert ([], ["musk-v-openai"]) == (
        [c.case for c in answer], [c.case for c in answer.unknown_parties]
    )
    assert "Parties unknown (the log names no side): 1" in repr(answer)


def test_a_case_at_a_date_shows_what_happened_by_then_and_the_rest_apart_as_later() -> None:
    tl = _feud()
    early = tl.case("openai-v-musk", at="2024-01")
    assert ("not filed", (), ["filed"]) == (
        early.status, early.history, [step for _, step, _ in early.later])
    assert "Later (after the date asked about)" in repr(early)
    before_countersuit = tl.case("musk-v-openai", at="2024-06")
    assert ((), ("openai-v-musk",)) == (
        before_countersuit.counterclaims, before_countersuit.later_counterclaims)
    assert (("openai-v-musk",), ()) == (
        tl.case("musk-v-openai", at="2025-05").counterclaims,
        tl.case("musk-v-openai", at="2025-05").later_counterclaims)


def test_lawsuits_show_the_parties_names_at_the_date_asked_about() -> None:
    rename = Renamed(id="x", valid="2023-07-24", entity="twitter", name="X Corp",
                     sources=WIRE, recorded="2024-01-02T00:00:00Z")
    suit = LawsuitFiled(id="tw-filed", valid="2024-01-10", case="twitter-v-openai",
                        plaintiffs="twitter", defendants="openai", sources=WIRE,
                        recorded="2024-01-11T00:00:00Z")
    tl = build([*declare(people=PEOPLE, orgs={**ORGS, "twitter": "Twitter"}), rename, suit])
    answer = tl.lawsuits(at="2025-01", defendant="openai")
    assert repr(answer).startswith("Open lawsuits against OpenAI at 2025-01-31: 1\n")
    assert "X Corp" in repr(answer)
    assert "plaintiffs: X Corp" in repr(tl.case("twitter-v-openai", at="2025-01"))


# -- motions, rulings, courts and who won -------------------------------------------

LATE = "2025-06-01T00:00:00Z"


def _detailed(*more: Event) -> Timeline:
    """Musk v. OpenAI as it went: filed in a state court, withdrawn, refiled in
    a federal court, a motion to dismiss granted in part."""
    common = {"case": "musk-v-openai", "sources": WIRE, "recorded": LATE}
    return build([
        *declare(people=PEOPLE, orgs=ORGS),
        _suit(court="Superior Court of California, San Francisco"),
        LawsuitWithdrawn(id="w", valid="2024-06-11", **common),
        LawsuitRefiled(id="r", valid="2024-08-05", court="N.D. Cal.", **common),
        LawsuitMotion(id="m", valid="2024-11", motion="motion to dismiss", movants="openai",
                      **common),
        LawsuitRuling(id="rule", valid="2025-03-04", on="m", outcome="denied in part",
                      ruling="some claims go to trial", court="N.D. Cal.", **common),
        *more,
    ])


def test_a_motion_and_a_ruling_leave_the_case_open_and_are_in_its_history() -> None:
    case = _detailed().case("musk-v-openai", at="2025-04")
    assert "open" == case.status
    assert ["filed", "withdrawn", "refiled", "motion", "ruling"] == [
        step for _, step, _ in case.history]
    assert ("in Superior Court of California, San Francisco", "in N.D. Cal.",
            "motion to dismiss by OpenAI",
            "granted in part (on m); some claims go to trial; in N.D. Cal.") == tuple(
        text for _, text in case.details)
    assert "  2024-11     motion: motion to dismiss by OpenAI" in repr(case)


def test_a_refiling_in_another_court_moves_the_case_there() -> None:
    tl = _detailed()
    assert "Superior Court of California, San Francisco" == tl.case(
        "musk-v-openai", at="2024-05").court
    assert "N.D. Cal." == tl.case("musk-v-openai", at="2024-09").court
    assert "  court: N.D. Cal." in repr(tl.case("musk-v-openai", at="2024-09"))


def test_a_judgment_closes_the_case_and_names_who_won() -> None:
    tl = _detailed(LawsuitJudged(id="j", valid="2026-03", case="musk-v-openai",
                                 winners="openai", sources=WIRE, recorded=LATE))
    case = tl.case("musk-v-openai", at="2026-04")
    assert ("decided", ("openai",)) == (case.status, case.winners)
    assert "  won by: OpenAI" in repr(case)
    assert () == tl.case("musk-v-openai", at="2026-01").winners
    assert [] == [c.case for c in tl.lawsuits(at="2026-04", party="Musk")]


def test_a_dismissal_says_whether_it_was_with_prejudice() -> None:
    tl = _detailed(LawsuitDismissed(id="d", valid="2026-01-10", case="musk-v-openai",
                                    with_prejudice=True, sources=WIRE, recorded=LATE))
    case = tl.case("musk-v-openai", at="2026-02")
    assert ("d", "with prejudice") == case.details[-1]
    assert "dismissed: with prejudice" in repr(case)


def test_a_judgment_names_parties_of_the_case_and_a_ruling_says_something() -> None:
    with pytest.raises(InvalidEventError, match="the winners are parties"):
        LawsuitJudged(id="j", valid="2026", case="c", plaintiffs="elon", defendants="openai",
                      winners="xai", sources=WIRE)
    with pytest.raises(InvalidEventError, match="names who won"):
        LawsuitJudged(id="j", valid="2026", case="c", winners=(), sources=WIRE)
    with pytest.raises(InvalidEventError, match="says its outcome"):
        LawsuitRuling(id="r", valid="2026", case="c", sources=WIRE)
    with pytest.raises(InvalidEventError, match="granted, denied, granted in part"):
        LawsuitRuling(id="r", valid="2026", case="c", outcome="maybe", sources=WIRE)
