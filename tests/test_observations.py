"""Observations: a person seen at an organisation on a date, in a role.

See docs/concepts.md, "Observations".
"""

from __future__ import annotations

import io
import json

import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    ChronologyError,
    Corrected,
    EventTypes,
    Founded,
    Joined,
    Left,
    Observed,
    Rehired,
    Retracted,
    RoleChanged,
    Timeline,
    Uncertainty,
)
from timeline.answers.roster_changes import ChangeKind
from timeline.datasets import openai_exodus

RECORDED = "2024-02-01T00:00:00Z"
LATER = "2024-03-01T00:00:00Z"
PEOPLE = {"ada": "Ada Lovelace", "bob": "Bob Babbage"}
ORGS = {"acme": "Acme"}


def world(*events: object) -> Timeline:
    return build([*declare(people=PEOPLE, orgs=ORGS, valid="1980"), *events])  # type: ignore[list-item]


def seen(valid: str, *, id: str = "seen", role: str | None = "VP", person: str = "ada",
         recorded: str = RECORDED) -> Observed:
    return Observed(id=id, valid=valid, person=person, org="acme", role=role, sources=WIRE,
                    recorded=recorded)


def left(valid: str, *, id: str = "left", recorded: str = RECORDED) -> Left:
    return Left(id=id, valid=valid, person="ada", org="acme", sources=WIRE, recorded=recorded)


def state(tl: Timeline, at: str) -> tuple[str, str | None] | None:
    roster = tl.roster("acme", at=at)
    if "ada" in roster.certain_ids:
        return "certain", None
    if "ada" in roster.possible_ids:
        member = roster["ada"]
        assert member.uncertainty is not None
        return member.uncertainty.value, member.why
    return None


def test_an_observation_before_a_departure_of_unknown_start_makes_the_departure_certain() -> None:
    tl = world(left("2024-09-25"), seen("2024-05-15"))
    assert ("unknown start", "first observed 2024-05-15") == state(tl, "2024-05-14")
    assert ("certain", None) == state(tl, "2024-05-15")
    assert ("certain", None) == state(tl, "2024-09-24")
    assert None is state(tl, "2024-09-25")
    diff = tl.diff("acme", "2024-06", "2024-12")
    assert ["ada"] == [c.person for c in diff.left]
    assert [] == list(diff.possibly_left)


def test_without_the_observation_the_same_departure_is_only_possibly_a_leave() -> None:
    tl = world(left("2024-09-25"))
    assert ("unknown start", "start not reported; left 2024-09-25") == state(tl, "2024-06-01")
    assert ["ada"] == [c.person for c in tl.diff("acme", "2024-06", "2024-12").possibly_left]


def test_an_observation_alone_is_certain_on_its_day_and_only_possible_before_and_after() -> None:
    tl = world(seen("2024-05-15"))
    assert ("unknown start", "first observed 2024-05-15") == state(tl, "2024-05-14")
    assert ("certain", None) == state(tl, "2024-05-15")
    assert ("unknown end", "last observed 2024-05-15") == state(tl, "2024-05-16")
    assert ("unknown end", "last observed 2024-05-15") == state(tl, "2030-01-01")
    [tenure] = tl.career("ada")
    assert (None, None) == (tenure.start, tenure.end)


def test_two_observations_make_membership_certain_between_them() -> None:
    tl = world(seen("2024-03-01", id="first"), seen("2024-09-01", id="second"))
    assert ("certain", None) == state(tl, "2024-06-30")
    assert ("unknown end", "last observed 2024-09-01") == state(tl, "2024-09-02")
    assert ("unknown start", "first observed 2024-03-01") == state(tl, "2024-02-29")


def test_an_observation_in_a_month_alone_holds_no_day_for_sure() -> None:
    # on its first day the person is not gone yet, on its last they have begun;
    # neither day is certain
    tl = world(seen("2024-05"))
    assert ("unknown start", "first observed 2024-05") == state(tl, "2024-05-01")
    assert ("unknown end", "last observed 2024-05") == state(tl, "2024-05-31")


def test_an_observation_narrows_an_imprecise_departure() -> None:
    tl = world(Joined(id="in", valid="2020-01-06", person="ada", org="acme", sources=WIRE,
                      recorded=RECORDED), left("2024"), seen("2024-05-15"))
    assert ("certain", None) == state(tl, "2024-05-15")
    assert ("imprecise date", "left 2024") == state(tl, "2024-05-16")


def test_an_observed_role_is_the_role_on_its_day_and_inferred_before_it() -> None:
    tl = world(left("2024-09-25"), seen("2024-05-15", role="VP of research"))
    after = tl.roster("acme", at="2024-06-01")["ada"]
    assert ("VP of research", (), False) == (after.role, after.possible_roles, after.role_inferred)
    before = tl.roster("acme", at="2024-01-01")["ada"]
    assert ("VP of research", True) == (before.role, before.role_inferred)
    assert "VP of research (inferred)" in repr(tl.roster("acme", at="2024-01-01"))


def test_a_role_observed_later_is_a_possible_role_after_an_earlier_one() -> None:
    tl = world(Joined(id="in", valid="2020-01-06", person="ada", org="acme", role="engineer",
                      sources=WIRE, recorded=RECORDED), seen("2024-05-15", role="VP"))
    between = tl.roster("acme", at="2023-01-01")["ada"]
    assert ("engineer", ("VP",)) == (between.role, between.possible_roles)
    after = tl.roster("acme", at="2024-06-01")["ada"]
    assert ("VP", ()) == (after.role, after.possible_roles)


def test_a_role_change_after_an_observation_says_otherwise() -> None:
    tl = world(seen("2024-01-15", role="VP"),
               RoleChanged(id="up", valid="2024-06-01", person="ada", org="acme", role="CTO",
                           sources=WIRE, recorded=RECORDED))
    assert "CTO" == tl.roster("acme", at="2024-07-01")["ada"].role
    assert "VP" == tl.roster("acme", at="2024-02-01")["ada"].role


def test_an_observation_certainly_before_the_founding_is_refused() -> None:
    tl = world(Founded(id="f", valid="2015-12-11", org="acme", founders=("bob",), employees="all",
                       sources=WIRE, recorded=RECORDED))
    with pytest.raises(ChronologyError) as caught:
        tl.append(seen("2010-05-01", recorded=LATER))
    assert "seen" == caught.value.event_id
    assert "before the organisation was founded" in str(caught.value)
    assert 4 == len(tl)


def test_an_observation_inside_a_gap_the_log_asserts_is_refused() -> None:
    tl = world(Joined(id="in", valid="2018-01-01", person="ada", org="acme", sources=WIRE,
                      recorded=RECORDED), left("2020-01-01"),
               Rehired(id="back", valid="2023-01-01", person="ada", org="acme", sources=WIRE,
                       recorded=RECORDED))
    with pytest.raises(ChronologyError) as caught:
        tl.append(seen("2021-06-01", recorded=LATER))
    assert "seen" == caught.value.event_id
    assert "Rehired" in str(caught.value)
    assert 6 == len(tl)


def test_an_observation_after_the_final_departure_is_refused_with_a_hint_to_record_the_return(
) -> None:
    tl = world(left("2020-01-01"))
    with pytest.raises(ChronologyError) as caught:
        tl.append(seen("2021-06-01", recorded=LATER))
    assert "seen" == caught.value.event_id
    assert "left" in caught.value.involved
    assert "record the return with Rehired" in str(caught.value)
    tl.append(Rehired(id="back", valid="2021", person="ada", org="acme", sources=WIRE,
                      recorded=LATER))
    tl.append(seen("2021-06-01", recorded=LATER))
    assert ("certain", None) == state(tl, "2021-06-01")


def test_a_departure_certainly_before_an_observation_blames_the_departure_appended() -> None:
    tl = world(seen("2021-06-01"))
    with pytest.raises(ChronologyError) as caught:
        tl.append(left("2020-01-01", recorded=LATER))
    assert "left" == caught.value.event_id


def test_a_retracted_observation_leaves_the_start_unknown_again_while_old_views_keep_it() -> None:
    tl = world(left("2024-09-25"), seen("2024-05-15"),
               Retracted(id="no", target="seen", sources=WIRE, recorded=LATER, valid="2024"))
    assert ("unknown start", "start not reported; left 2024-09-25") == state(tl, "2024-06-01")
    assert "ada" in tl.roster("acme", at="2024-06-01", known=RECORDED).certain_ids


def test_a_corrected_observation_moves_the_certain_days() -> None:
    moved = Observed(id="seen2", valid="2024-08-01", person="ada", org="acme", sources=WIRE)
    tl = world(left("2024-09-25"), seen("2024-05-15"),
               Corrected(id="fix", target="seen", replacement=moved, sources=WIRE,
                         recorded=LATER, valid="2024"))
    assert ("unknown start", "first observed 2024-08-01") == state(tl, "2024-06-01")
    assert ("certain", None) == state(tl, "2024-08-01")


def test_an_observation_round_trips_through_json_lines_and_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    event = seen("2024-05", role="VP of safety research")
    data = EventTypes.default().encode(event)
    assert "observed" == data["kind"]
    assert event == EventTypes.default().decode(json.loads(json.dumps(data, default=str)))
    tl = world(left("2024-09-25"), event)
    out = io.StringIO()
    tl.export_jsonl(out)
    again = Timeline.from_jsonl(io.StringIO(out.getvalue()))
    assert tl.roster("acme", at="2024-06-01") == again.roster("acme", at="2024-06-01")
    with Timeline.open(f"sqlite:///{tmp_path / 'log.db'}") as stored:
        stored.extend(tl)
    with Timeline.open(f"sqlite:///{tmp_path / 'log.db'}") as reopened:
        assert tl.roster("acme", at="2024-06-01") == reopened.roster("acme", at="2024-06-01")


def test_a_roster_groups_its_possible_members_by_why() -> None:
    tl = world(seen("2024-05-15"),
               Left(id="bob-left", valid="2024-09-25", person="bob", org="acme", sources=WIRE,
                    recorded=RECORDED))
    roster = tl.roster("acme", at="2024-06-01")
    assert {Uncertainty.UNKNOWN_START: ("bob",), Uncertainty.UNKNOWN_END: ("ada",)} == {
        k: tuple(m.person for m in v) for k, v in roster.possible_by_reason.items()
    }
    text = repr(roster)
    assert "Possibly members, unknown start: 1" in text
    assert "Possibly members, unknown end: 1" in text
    assert "last observed 2024-05-15" in text


def test_a_diff_says_when_the_reason_for_a_possible_member_changed() -> None:
    # before the observation the role is inferred from it; after, it is observed
    # (the role text is the same: it is no longer only inferred)
    tl = world(seen("2024-05-15"))
    [change] = tl.diff("acme", "2024-05-01", "2024-06-01").changed
    assert (ChangeKind.ROLE_STATED, ChangeKind.WHY_POSSIBLE) == change.what
    assert "role (inferred → stated)" in repr(tl.diff("acme", "2024-05-01", "2024-06-01"))


def test_on_the_dataset_weng_is_observed_on_15_october_and_earlier_views_keep_her_role(
) -> None:
    tl = openai_exodus()
    assert "lilian-weng" in tl.roster("OpenAI", at="2024-10-15").certain_ids
    assert "first observed 2024-10-15" == tl.roster("OpenAI", at="2024-08-19")["lilian-weng"].why
    assert "lilian-weng" not in tl.roster("OpenAI", at="2024-12-31")  # she left on 15 November
    # as known before the observation was recorded, the role change still stands
    assert "lilian-weng" in tl.roster("OpenAI", at="2024-12-31", known="2024-10-15").certain_ids
    anthropic = tl.roster("Anthropic", at="2024-06-01")["dario-amodei"]
    assert ("co-founder", ("CEO",)) == (anthropic.role, anthropic.possible_roles)
    assert "CEO" == tl.roster("Anthropic", at="2024-08-19")["dario-amodei"].role


def test_a_tenure_closed_by_a_return_says_its_end_is_unknown_not_its_founding() -> None:
    tl = world(Joined(id="in", valid="2020-01-01", person="ada", org="acme", sources=WIRE,
                      recorded=RECORDED),
               Rehired(id="back", valid="2022-06-01", person="ada", org="acme", sources=WIRE,
                       recorded=RECORDED))
    assert ("unknown end", "ended before the return on 2022-06-01") == state(tl, "2021-01-01")


def test_after_an_observation_in_a_month_alone_the_end_is_what_is_unknown() -> None:
    tl = world(seen("2024-05"))
    assert ("unknown end", "last observed 2024-05") == state(tl, "2024-07-01")


def test_a_career_says_a_tenure_only_observed_has_an_unknown_end() -> None:
    tl = world(seen("2024-03-01", id="first"), seen("2024-05-15", id="second"))
    [tenure] = tl.career("ada")
    assert "2024-05-15" == str(tenure.last_observed)
    assert "unknown, last observed 2024-05-15" in repr(tl.career("ada"))


def test_an_observation_on_the_day_of_the_departure_does_not_contradict_it() -> None:
    # "Mira Murati, OpenAI's CTO, is leaving", in an article of the day she left
    tl = world(left("2024-09-25"), seen("2024-09-25", role="CTO"))
    assert ("unknown start", "first observed 2024-09-25") == state(tl, "2024-09-24")
    assert None is state(tl, "2024-09-25")


def test_a_sighting_in_the_month_of_a_rehire_belongs_to_the_tenure_the_rehire_opens() -> None:
    # seen "in January 2018", rehired on 1 January 2018: the sighting was put
    # in the earlier tenure, which then seemed to last to 2 January 2018, and
    # made Ada certain on a day in 2017 when she may already have left
    tl = world(
        Joined(id="j", valid="2017-01-01", person="ada", org="acme", sources=WIRE,
               recorded=RECORDED),
        Observed(id="o1", valid="2017-01", person="ada", org="acme", sources=WIRE,
                 recorded=RECORDED),
        Rehired(id="r", valid="2018-01-01", person="ada", org="acme", sources=WIRE,
                recorded=RECORDED),
        Observed(id="o2", valid="2018-01", person="ada", org="acme", sources=WIRE,
                 recorded=RECORDED),
    )
    roster = tl.roster("acme", at="2017-01-16")
    assert ((), ("ada",)) == (roster.people, tuple(m.person for m in roster.possible))
    first, second = tl.career("ada")
    assert ("o2" not in first.evidence, "o2" in second.evidence) == (True, True)
