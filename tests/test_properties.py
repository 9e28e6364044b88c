"""The invariants of DESIGN.md, checked by hypothesis on generated histories."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests import oracle
from tests.answers import answers
from timeline import (
    ChronologyError,
    Corrected,
    Correction,
    Founded,
    Joined,
    LeaveStarted,
    Left,
    Rehired,
    Retracted,
    RoleChanged,
    Source,
    TenureEvent,
    Timeline,
    TimelineError,
)
from timeline.dates import instant_key, known_key
from timeline.testing import (
    EPOCH,
    ORGANIZATIONS,
    PEOPLE,
    corrected_histories,
    histories,
    query_days,
)

EVERYTHING = 2**62  # a recorded time after every event
LEVELS = ("rumored", "reported", "confirmed")
KNOWN = [None, *(EPOCH.add(days=10 * k) for k in range(6)), EPOCH.add(days=25)]


def edge_days(events) -> st.SearchStrategy[dt.date]:
    """Query days on and around the events' own boundaries, or anywhere."""
    edges = sorted(
        {e.valid.first + shift for e in events for shift in (-1, 0)}
        | {e.valid.last + shift for e in events for shift in (-1, 0)}
    )
    edges = [d for d in edges if 1 <= d]
    around = st.sampled_from(edges).map(dt.date.fromordinal) if edges else query_days()
    return st.one_of(around, query_days())


def knowns() -> st.SearchStrategy[object]:
    return st.sampled_from(KNOWN)


def known_micros(known: object) -> int:
    return known_key(known)


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_every_answer_equals_a_naive_replay(events, data, known, level):
    day = data.draw(edge_days(events), label="day")
    tl = Timeline(events)
    facts = oracle.effective(events, known_micros(known), LEVELS.index(level))
    d = day.toordinal()
    view = {"known": known, "min_certainty": level}
    for org in ORGANIZATIONS:
        roster = tl.roster(org, at=day, **view)
        expected = oracle.roster(facts, PEOPLE, org, d)
        actual = {
            m.person: (
                "certain" if m.certain else "possible", m.role,
                str(m.since) if m.since else None, m.status.value, m.certainty.value,
            )
            for m in roster.members + roster.possible
        }
        assert expected == actual, org
        certain = sum(1 for state in expected.values() if state[0] == "certain")
        assert (certain, len(expected) - certain) == tl.headcounts(org, day, **view).counts[0][0]
        assert set(roster.certain_ids) == set(roster.people)
        assert oracle.raised(facts, org, d) == {
            m.currency: m.amount for m in tl.organization(org, at=day, **view).raised
        }
    for person in PEOPLE:
        expected_where = oracle.where(facts, person, ORGANIZATIONS, d)
        where = tl.where(person, at=day, **view)
        assert set(expected_where) == {m.org for m in where.orgs + where.possible}
        assert {o for o, e in expected_where.items() if e[0] == "certain"} == set(where)
        career = [
            (t.org, str(t.start) if t.start else None, str(t.end) if t.end else None,
             str(t.ended_before) if t.ended_before else None)
            for t in tl.career(person, **view)
        ]
        assert oracle.career(facts, person, ORGANIZATIONS) == sorted(
            career, key=lambda r: (r[0], str(r[1]), str(r[2]), str(r[3]))
        )
    cases = tl.lawsuits(at=day, **view)
    actual_cases = {c.case: "certain" for c in cases.cases} | {
        c.case: "possible" for c in cases.possible
    }
    assert oracle.open_cases(facts, d) == actual_cases


def _views(events):
    days = [dt.date(2018, 6, 30), dt.date(2021, 1, 1), dt.date(2024, 12, 31)]
    return [(day, known, level) for day in days for known in (None, KNOWN[3])
            for level in ("rumored", "reported")]


@given(corrected_histories(), st.data())
def test_incremental_projections_equal_a_rebuild_and_a_snapshot_plus_the_rest(events, data):
    incremental = Timeline()
    for event in events:
        incremental.append(event)
        incremental._check()
    rebuilt = Timeline(events)
    cut = data.draw(st.integers(0, len(events)), label="snapshot position")
    restored = Timeline.restore(Timeline(events[:cut]).snapshot())
    restored.extend(events[cut:])
    restored._check()
    for day, known, level in _views(events):
        expected = answers(rebuilt, day, known, level)
        assert expected == answers(incremental, day, known, level)
        assert expected == answers(restored, day, known, level)
    state = rebuilt._state
    for other in (incremental._state, restored._state):
        for pair in set(state.tenures.pairs()) | set(other.tenures.pairs()):
            assert {
                (r.tenure, r.known_from, r.known_until, r.levels)
                for r in state.tenures.records(pair)
            } == {
                (r.tenure, r.known_from, r.known_until, r.levels)
                for r in other.tenures.records(pair)
            }


@given(corrected_histories(), st.randoms(use_true_random=False), st.data(),
       st.sampled_from(LEVELS))
def test_arrival_order_does_not_change_answers(events, random, data, level):
    day = data.draw(edge_days(events), label="day")
    shuffled = list(events)
    random.shuffle(shuffled)
    assert answers(Timeline(events), day, None, level) == answers(
        Timeline(shuffled), day, None, level
    )


@given(corrected_histories(), st.data(), st.sampled_from(KNOWN[1:]), st.sampled_from(LEVELS))
def test_known_equals_a_timeline_of_only_what_was_recorded_by_then(events, data, known, level):
    day = data.draw(edge_days(events), label="day")
    tl = Timeline(events)
    cutoff = instant_key(known)
    recorded = [e for e in events if instant_key(e.recorded) <= cutoff]
    assert answers(Timeline(recorded), day, None, level) == answers(tl, day, known, level)


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_roster_and_where_agree(events, data, known, level):
    day = data.draw(edge_days(events), label="day")
    tl = Timeline(events)
    view = {"at": day, "known": known, "min_certainty": level}
    for org in ORGANIZATIONS:
        roster = tl.roster(org, **view)
        for person in PEOPLE:
            where = tl.where(person, **view)
            assert (person in roster) == (org in where)
            assert (person in {m.person for m in roster.possible}) == (
                org in {m.org for m in where.possible}
            )


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_a_diff_applied_to_a_roster_gives_the_later_roster(events, data, known, level):
    # in either order: a diff back in time undoes what happened in between
    start = data.draw(edge_days(events), label="start")
    end = data.draw(edge_days(events), label="end")
    tl = Timeline(events)
    view = {"known": known, "min_certainty": level}
    for org in ORGANIZATIONS:
        diff = tl.diff(org, start, end, **view)
        later = tl.roster(org, at=end, **view)
        expected = {m.person: m for m in later.members + later.possible}
        assert expected == diff.apply(tl.roster(org, at=start, **view))
        for tenure in diff.passed_through:
            assert tenure.end is not None
            assert tenure.end.last <= end.toordinal()


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_flows_from_one_source_are_the_flows_from_anywhere_that_left_it(
    events, data, known, level
):
    first = data.draw(edge_days(events), label="first")
    second = data.draw(edge_days(events), label="second")
    tl = Timeline(events)
    start, end = sorted((first, second))
    view = {"known": known, "min_certainty": level}
    everywhere = tl.flows(start, end, **view)
    for org in ORGANIZATIONS:
        flows = tl.flows(start, end, source=org, **view)
        assert [d for d in everywhere.departures if d.org == org] == list(flows.departures)
        assert [f for f in everywhere.foundings if f.alumni_of == org] == list(flows.foundings)


@given(corrected_histories(), st.data(), st.sampled_from(LEVELS))
def test_a_retraction_equals_the_log_without_the_retracted_event(events, data, level):
    day = data.draw(edge_days(events), label="day")
    facts = [e for e in events if not isinstance(e, Correction) and not e.id.startswith("decl-")]
    assume(facts)
    target = data.draw(st.sampled_from(facts), label="retracted")
    tl = Timeline(events)
    current = tl._state.versions[target.id]
    assume(current and current[-1].known_until > 2**61)
    latest = current[-1].event.id
    when = EPOCH.add(days=100)
    before = answers(tl, day, EPOCH.add(days=99), level)
    try:
        tl.append(Retracted(id="retraction", valid="2024", target=latest, sources=Source("x"),
                            recorded=when))
    except TimelineError:
        assume(False)
    lineage = {target.id}
    for event in events:
        if isinstance(event, Correction) and event.target in lineage:
            lineage.add(event.id)
            if isinstance(event, Corrected):
                lineage.add(event.replacement.id)
    without = Timeline(e for e in events if e.id not in lineage)
    assert answers(without, day, None, level) == answers(tl, day, None, level)
    assert before == answers(tl, day, EPOCH.add(days=99), level)


@given(corrected_histories(), st.data())
def test_a_step_certainly_before_its_organisations_founding_is_refused(events, data):
    # either the step or the founding comes last; the one appended is named
    tl = Timeline(events)
    facts = oracle.effective(events, EVERYTHING, 0)
    late = {"id": "late", "sources": Source("x"), "recorded": EPOCH.add(days=100)}
    founded = [o for o in ORGANIZATIONS if oracle.founded(facts, o) is not None]
    steps = [e for e in facts if isinstance(e, TenureEvent) and e.org not in founded]
    assume(steps or founded)
    if founded and (not steps or data.draw(st.booleans(), label="step last")):
        org = data.draw(st.sampled_from(founded), label="org")
        first = oracle.founded(facts, org)[0]  # type: ignore[index]
        kind = data.draw(st.sampled_from([Joined, Rehired, Left, RoleChanged, LeaveStarted]))
        when = dt.date.fromordinal(first - data.draw(st.integers(1, 800), label="days before"))
        role = {"role": "engineer"} if kind is RoleChanged else {}
        appended = kind(valid=when, person=data.draw(st.sampled_from(PEOPLE)), org=org,
                        **role, **late)
        assert oracle.before_founding(facts, appended)
    else:
        step = data.draw(st.sampled_from(steps), label="step")
        when = dt.date.fromordinal(step.valid.last + data.draw(st.integers(1, 800)))
        appended = Founded(valid=when, org=step.org, **late)
        assert oracle.before_founding([*facts, appended], step)
    with pytest.raises(ChronologyError) as caught:
        tl.append(appended)
    assert "late" == caught.value.event_id
    assert len(events) == len(tl)


@pytest.mark.parametrize("pool", [1, 3])
@given(data=st.data())
def test_histories_are_valid_logs_in_every_recorded_prefix(pool, data):
    events = data.draw(histories(recorded_pool=pool, corrections=3))
    for known in sorted({e.recorded for e in events}):
        Timeline(e for e in events if e.recorded <= known)._check()
