"""Disputed facts: claims side by side, each with its sources and a rank."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import oracle
from tests.helpers import BLOG, GAZETTE, WIRE, build, declare
from timeline import (
    Corrected,
    CorrectionError,
    Disputed,
    Event,
    Founded,
    Joined,
    Left,
    Rank,
    Ranked,
    Retracted,
    Timeline,
    UnknownEntityError,
    UnknownEventError,
)
from timeline.model.dates import known_key
from timeline.testing import EPOCH, corrected_histories, query_days
from timeline.testing import ORGANIZATIONS as ORGANIZATIONS_
from timeline.testing import PEOPLE as PEOPLE_

PEOPLE = {"ada": "Ada Lovelace", "bob": "Bob Smith"}
ORGS = {"acme": "Acme", "bolt": "Bolt"}
JAN_10 = "2024-01-10T09:00:00Z"
JAN_20 = "2024-01-20T09:00:00Z"
JAN_25 = "2024-01-25T09:00:00Z"
JAN_30 = "2024-01-30T09:00:00Z"


def world(*events: Event) -> Timeline:
    return build([*declare(people=PEOPLE, orgs=ORGS, recorded="2024-01-01T00:00:00Z"),
                  Joined(id="j", valid="2019-04", person="ada", org="acme", sources=WIRE,
                         recorded=JAN_10),
                  *events])


def left(valid: str, event_id: str = "l", **changes: object) -> Left:
    fields: dict[str, object] = {"id": event_id, "valid": valid, "person": "ada",
                                 "org": "acme", "sources": WIRE, "recorded": JAN_20}
    fields.update(changes)
    return Left(**fields)  # type: ignore[arg-type]


def dispute(valid: str, *, rank: str = "normal", recorded: str = JAN_25,
            target: str = "l", event_id: str = "d", claim_id: str = "l26") -> Disputed:
    return Disputed(id=event_id, valid="2024-01-25", target=target, sources=GAZETTE,
                    recorded=recorded, rank=rank,
                    claim=left(valid, claim_id, sources=GAZETTE, recorded=None))


def test_a_disputing_claim_never_replaces_the_accepted_one():
    tl = world(left("2023-09-25"), dispute("2023-09-26"))

    assert "ada" not in tl.roster("acme", at="2023-09-25")
    assert ["l", "l26"] == [c.event_id for c in tl.lineage("l").claims]
    assert [Rank.PREFERRED, Rank.NORMAL] == [c.rank for c in tl.lineage("l").claims]


def test_someone_another_claim_would_keep_on_a_roster_is_listed_as_in_dispute():
    # "left on the 25th" per one source, "the 26th" per another: on the 25th
    # the roster is empty by the accepted claim, and says who is in question
    tl = world(left("2023-09-25"), dispute("2023-09-26"))
    roster = tl.roster("acme", at="2023-09-25")
    assert [("ada", "not a member", "member", "l26", "l")] == [
        (c.person, c.accepted, c.other, c.claim.event_id, c.claim.accepted)
        for c in roster.contested]
    assert ["acme"] == [c.org for c in tl.where("ada", at="2023-09-25").contested]
    assert "In dispute" in repr(roster)
    # the day before, and the day after, both claims agree
    assert () == tl.roster("acme", at="2023-09-24").contested
    assert () == tl.roster("acme", at="2023-09-26").contested


def test_a_counted_claim_of_a_fact_whose_accepted_claim_the_view_leaves_out_is_tried():
    # the accepted departure (the 25th) is a rumour; a reported claim says
    # the 20th: a view of reported facts lists her, and says a claim it
    # counts would take her off
    tl = world(left("2023-09-25", certainty="rumored"),
               Disputed(id="d", valid="2024-01-25", target="l", sources=GAZETTE,
                        recorded=JAN_25,
                        claim=left("2023-09-20", "l20", sources=GAZETTE, recorded=None)))
    roster = tl.roster("acme", at="2023-09-22")
    assert ("ada",) == roster.people
    assert [("ada", "member", "not a member", "l20")] == [
        (c.person, c.accepted, c.other, c.claim.event_id) for c in roster.contested]


def test_a_diff_names_the_memberships_in_dispute_at_either_end():
    # by the accepted claim she left on the 25th; by the other, the 26th:
    # the diff from the 24th to the 25th says the second roster is in dispute
    tl = world(left("2023-09-25"), dispute("2023-09-26"))
    diff = tl.diff("acme", "2023-09-24", "2023-09-25")
    assert ((), ("l26",)) == (tuple(c.claim.event_id for c in diff.contested_start),
                              tuple(c.claim.event_id for c in diff.contested_end))
    assert "In dispute at 2023-09-25" in repr(diff)


def test_a_roster_over_a_span_names_the_other_claims_behind_its_entries():
    tl = world(left("2023-09-25"), dispute("2023-09-26"))
    [ada] = tl.roster_during("acme", "2023-09-01", "2023-09-30").members
    assert ["l26"] == [c.event_id for c in ada.disputed]
    assert "disputed: 2023-09-26" in repr(tl.roster_during("acme", "2023-09-01", "2023-09-30"))


def test_a_preferred_disputing_claim_takes_over_and_demotes_the_old_one():
    tl = world(left("2023-09-25"), dispute("2023-09-26", rank="preferred"))

    assert "ada" in tl.roster("acme", at="2023-09-25")
    assert "ada" not in tl.roster("acme", at="2023-09-26")
    assert [Rank.NORMAL, Rank.PREFERRED] == [c.rank for c in tl.lineage("l").claims]


def test_a_rank_change_moves_the_answer_and_earlier_views_keep_the_old_ranks():
    tl = world(left("2023-09-25"), dispute("2023-09-26"),
               Ranked(id="r", valid="2024-01-30", target="l26", rank="preferred",
                      sources=BLOG, recorded=JAN_30))

    assert "ada" in tl.roster("acme", at="2023-09-25")
    assert "ada" not in tl.roster("acme", at="2023-09-25", known=JAN_25)
    assert [Rank.PREFERRED, Rank.NORMAL] == [
        c.rank for c in tl.lineage("l", known=JAN_25).claims]
    assert [Rank.NORMAL, Rank.PREFERRED] == [c.rank for c in tl.lineage("l").claims]


def test_deprecating_the_preferred_claim_falls_back_to_the_best_remaining_one():
    tl = world(left("2023-09-25"), dispute("2023-09-26"),
               Ranked(id="r", valid="2024-01-30", target="l", rank="deprecated",
                      sources=BLOG, recorded=JAN_30))

    assert "ada" in tl.roster("acme", at="2023-09-25")
    assert "ada" not in tl.roster("acme", at="2023-09-26")


def test_a_fact_whose_claims_are_all_deprecated_counts_as_withdrawn_and_keeps_its_lineage():
    tl = world(left("2023-09-25"),
               Ranked(id="r", valid="2024-01-30", target="l", rank="deprecated",
                      sources=BLOG, recorded=JAN_30))

    assert "ada" in tl.roster("acme", at="2024-01-01")
    assert tl.lineage("l").retracted
    assert [Rank.DEPRECATED] == [c.rank for c in tl.lineage("l").claims]
    assert "ada" not in tl.roster("acme", at="2024-01-01", known=JAN_25)


def test_retracting_one_claim_keeps_the_others():
    tl = world(left("2023-09-25"), dispute("2023-09-26"),
               Retracted(id="r", valid="2024-01-30", target="l", sources=BLOG,
                         recorded=JAN_30))

    assert "ada" in tl.roster("acme", at="2023-09-25")
    assert "ada" not in tl.roster("acme", at="2023-09-26")
    assert ["l26"] == [c.event_id for c in tl.lineage("l").claims]
    assert not tl.lineage("l").retracted


def test_correcting_one_claim_keeps_its_rank():
    tl = world(left("2023-09-25"), dispute("2023-09-26"),
               Corrected(id="c", valid="2024-01-30", target="l26", sources=BLOG,
                         recorded=JAN_30, replacement=left("2023-09-27", "l27", recorded=None)))

    assert [("l", Rank.PREFERRED), ("l27", Rank.NORMAL)] == [
        (c.event_id, c.rank) for c in tl.lineage("l").claims]


def test_a_rank_change_on_a_claim_the_log_does_not_hold_is_an_error_and_appends_nothing():
    tl = world(left("2023-09-25"))
    before = len(tl)

    with pytest.raises(UnknownEventError, match=r"'nope'.*event 'r'"):
        tl.append(Ranked(id="r", valid="2024-01-30", target="nope", rank="preferred",
                         sources=BLOG, recorded=JAN_30))
    assert before == len(tl)


def test_a_rank_change_on_a_correction_is_an_error_naming_it():
    tl = world(left("2023-09-25"), dispute("2023-09-26"))

    with pytest.raises(CorrectionError, match=r"'r'.*'d'"):
        tl.append(Ranked(id="r", valid="2024-01-30", target="d", rank="preferred",
                         sources=BLOG, recorded=JAN_30))


def test_a_rank_change_to_the_rank_a_claim_already_has_is_an_error():
    tl = world(left("2023-09-25"))

    with pytest.raises(CorrectionError, match="field rank: the claim is already preferred"):
        tl.append(Ranked(id="r", valid="2024-01-30", target="l", rank="preferred",
                         sources=BLOG, recorded=JAN_30))


def test_a_disputing_claim_about_another_subject_is_an_error():
    tl = world(left("2023-09-25"))

    with pytest.raises(CorrectionError, match="same subject"):
        tl.append(Disputed(id="d", valid="2024-01-25", target="l", sources=GAZETTE,
                           recorded=JAN_25,
                           claim=left("2023-09-26", "l26", person="bob", recorded=None)))


def test_a_disputing_claim_of_another_kind_is_an_error():
    tl = world(left("2023-09-25"))

    with pytest.raises(CorrectionError, match="only be disputed by another 'left'"):
        tl.append(Disputed(id="d", valid="2024-01-25", target="l", sources=GAZETTE,
                           recorded=JAN_25,
                           claim=Joined(id="j2", valid="2019-05", person="ada", org="acme",
                                        sources=GAZETTE)))


def test_a_rank_change_that_would_break_the_chronology_is_an_error_naming_it():
    tl = world(left("2023-09-25"), dispute("2018-01-01"))

    with pytest.raises(Exception, match="'r'") as raised:
        tl.append(Ranked(id="r", valid="2024-01-30", target="l26", rank="preferred",
                         sources=BLOG, recorded=JAN_30))
    assert "ChronologyError" == type(raised.value).__name__


def test_a_disputed_founding_shows_both_claims_in_the_organisation_state():
    tl = build([*declare(orgs=ORGS, recorded="2024-01-01T00:00:00Z"),
                Founded(id="f", valid="2024-06", org="bolt", sources=WIRE, recorded=JAN_10),
                Disputed(id="d", valid="2024-01-25", target="f", sources=GAZETTE,
                         recorded=JAN_25,
                         claim=Founded(id="f23", valid="2023", org="bolt", sources=GAZETTE))])

    state = tl.organization("bolt", at="2025")
    assert ["f23"] == [c.event_id for c in state.disputed]
    assert "2024-06 (disputed: 2023 per La Gazette)" in repr(state)


def test_rows_resting_on_a_disputed_departure_name_the_other_claim_and_its_source():
    tl = world(left("2023-09-25"), dispute("2023-09-26"))

    [claim] = tl.career("ada")[0].disputed
    assert ("l26", Rank.NORMAL, "2023-09-26", "l") == (
        claim.event_id, claim.rank, claim.summary, claim.accepted)
    assert "(disputed: 2023-09-26 per La Gazette)" in repr(tl.career("ada"))
    departures = tl.flows("2023-09", "2023-09", source="acme")
    assert ("l26",) == tuple(c.event_id for c in departures.departures[0].disputed)
    assert "2023-09-25 (disputed: 2023-09-26 per La Gazette)" in repr(departures)
    entry = next(e for e in tl.history("ada") if e.event.id == "l")
    assert ("l26",) == tuple(c.event_id for c in entry.disputed)


def test_a_roster_member_resting_on_a_disputed_join_says_so():
    tl = world(Disputed(id="d", valid="2024-01-25", target="j", sources=GAZETTE,
                        recorded=JAN_25,
                        claim=Joined(id="j5", valid="2019-05", person="ada", org="acme",
                                     sources=GAZETTE)))

    member = tl.roster("acme", at="2020")["ada"]
    assert ("j5",) == tuple(c.event_id for c in member.disputed)
    assert "Ada Lovelace (disputed: 2019-05 per La Gazette)" in repr(tl.roster("acme", at="2020"))
    assert () == tl.roster("acme", at="2020", known=JAN_20)["ada"].disputed


def test_the_lineage_lists_every_claim_with_its_rank_when_recorded_and_on_whose_word():
    tl = world(left("2023-09-25"), dispute("2023-09-26"),
               Ranked(id="r", valid="2024-01-30", target="l26", rank="preferred",
                      sources=BLOG, recorded=JAN_30))

    lineage = tl.lineage("l26")
    assert ["recorded", "disputed", "ranked"] == [v.step.value for v in lineage]
    assert "l26" == lineage.current.id
    assert [("l", "normal", JAN_20), ("l26", "preferred", JAN_25)] == [
        (c.event_id, c.rank.value, c.recorded.isoformat().replace("+00:00", "Z"))
        for c in lineage.claims]
    assert "(disputed: l normal)" in repr(lineage)
    assert "Claims: 2" in repr(lineage)


def test_explain_names_the_dispute_and_the_rank_change_behind_an_answer():
    tl = world(left("2023-09-25"), dispute("2023-09-26"),
               Ranked(id="r", valid="2024-01-30", target="l26", rank="preferred",
                      sources=BLOG, recorded=JAN_30))

    explanation = tl.explain(tl.career("ada"))
    assert {"d", "r"} <= {v.by for v in explanation.corrections}


def test_a_disputing_claim_naming_an_undeclared_destination_is_an_error_and_appends_nothing():
    tl = world(left("2023-09-25"))
    before = len(tl)

    with pytest.raises(Exception, match="'nowhere'") as raised:
        tl.append(Disputed(id="d", valid="2024-01-25", target="l", sources=GAZETTE,
                           recorded=JAN_25,
                           claim=left("2023-09-25", "l2", destination="nowhere",
                                      recorded=None)))
    assert "UnknownEntityError" == type(raised.value).__name__
    assert before == len(tl)


@settings(max_examples=60)
@given(events=corrected_histories(), known=st.sampled_from(
    [EPOCH.add(days=d) for d in range(0, 2200, 200)]))
def test_every_fact_holds_the_claims_and_ranks_a_naive_replay_holds(events, known):
    tl = Timeline(events)
    k = known_key(known)
    expected = {root: [(e.id, rank) for e, rank in claims]
                for root, claims in oracle.held_claims(events, k).items()}
    actual = {root: [(c.event_id, c.rank.value) for c in tl.lineage(root, known=known).claims]
              for root in expected}
    # an undisputed fact shows its one claim, preferred; a withdrawn one its claims
    assert expected == actual


@settings(max_examples=60)
@given(events=corrected_histories())
def test_every_tenure_names_the_other_claims_a_naive_replay_holds(events):
    tl = Timeline(events)
    disputes = oracle.disputed(events, known_key(EPOCH.add(years=100)))
    for person in PEOPLE_:
        try:
            career = tl.career(person)
        except UnknownEntityError:
            continue
        for tenure in career:
            assert {claim for e in tenure.evidence for claim in disputes.get(e, ())} == {
                (c.event_id, c.rank.value) for c in tenure.disputed}


_SAYS = {"member": "certain", "possibly a member": "possible", "not a member": None}


@given(events=corrected_histories(), day=query_days(),
       level=st.sampled_from(["rumored", "reported", "confirmed"]),
       known=st.sampled_from([None, *(EPOCH.add(days=d) for d in (5, 15, 40, 200))]))
def test_rosters_and_whereabouts_list_who_another_claim_would_put_on_or_off_as_a_naive_replay_does(
        events, day, level, known):
    # asked on the days where the claims of a disputed fact differ, and one more
    tl = Timeline(events)
    k = known_key(known if known is not None else EPOCH.add(years=100))
    rank = ["rumored", "reported", "confirmed"].index(level)
    claims = {e.id: e for e in events} | {
        e.claim.id: e.claim for e in events if isinstance(e, Disputed)} | {
        e.replacement.id: e.replacement for e in events if isinstance(e, Corrected)}
    days = {day.toordinal()} | {
        d for accepted, others in oracle.disputed(events, k).items()
        for e in (claims[accepted], *(claims[i] for i, _ in others))
        for d in (e.valid.first - 1, e.valid.first, e.valid.last) if d >= 1}
    for org, d in ((o, d) for o in ORGANIZATIONS_ for d in sorted(days)):
        expected = oracle.contested(events, k, rank, PEOPLE_, org=org, day=d)
        roster = tl.roster(org, at=dt.date.fromordinal(d), min_certainty=level, known=known)
        assert expected == {(c.person, c.claim.event_id, _SAYS[c.accepted], _SAYS[c.other])
                            for c in roster.contested}, d
        for person in PEOPLE_:
            try:
                where = tl.where(person, at=dt.date.fromordinal(d), min_certainty=level,
                                 known=known)
            except UnknownEntityError:
                continue
            assert {(c.org, c.claim.event_id) for c in where.contested if c.org == org} == {
                (org, claim) for p, claim, *_ in expected if p == person}


def test_a_disputing_claim_answers_do_not_use_is_still_an_event_of_the_log():
    tl = world(left("2023-09-25"), dispute("2023-09-26"))

    assert "2023-09-26" == str(tl.event("l26").valid)
