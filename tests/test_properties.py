"""The invariants of DESIGN.md, checked by hypothesis on generated histories."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests import oracle
from tests.answers import answers, entry
from timeline import (
    ChronologyError,
    Corrected,
    Correction,
    Disputed,
    Founded,
    InvalidQueryError,
    Joined,
    LeaveStarted,
    Left,
    Observed,
    PublicationCorrected,
    RecordedTimeError,
    Rehired,
    Retracted,
    RoleChanged,
    Source,
    TenureEvent,
    Timeline,
    TimelineError,
)
from timeline.answers.roster_changes import ChangeKind
from timeline.engine.publication import cited
from timeline.model.dates import instant_key, known_key
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
    """Query days on and around the events' own boundaries, in the middle of
    their imprecise dates, or anywhere."""
    edges = sorted(
        {e.valid.first + shift for e in events for shift in (-1, 0)}
        | {e.valid.last + shift for e in events for shift in (-1, 0)}
        | {(e.valid.first + e.valid.last) // 2 for e in events}
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
    cutoff = known_micros(known)

    def not_known_until(entity):
        first = oracle.first_known(events, entity)
        return first if first is not None and first > cutoff else None

    for org in ORGANIZATIONS:
        roster = tl.roster(org, at=day, **view)
        until = roster.not_known_until
        assert not_known_until(org) == (None if until is None else instant_key(until)), org
        expected = oracle.roster(facts, PEOPLE, org, d)
        actual = {m.person: entry(m) for m in roster.members + roster.possible}
        assert expected == actual, org
        others = tl.roster(org, at=day, kinds="all", **view)
        for kind in oracle.KINDS:
            assert oracle.roster(facts, PEOPLE, org, d, kind) == {
                m.person: entry(m) for m in others[kind].members + others[kind].possible}, kind
        certain = sum(1 for state in expected.values() if state[0] == "certain")
        if until is None:
            assert (certain, len(expected) - certain) == tl.headcounts(
                org, day, **view).counts[0][0]
        assert set(roster.certain_ids) == set(roster.people)
        figures = tl.series(org, at=day, **view)
        assert oracle.series_at(facts, org, d) == (
            {p.measure: p.event for p in figures.latest},
            sorted(p.event for p in figures.possible))
        plans = tl.plans(org, at=day, **view)
        assert oracle.plans(facts, org, d) == {
            p.state.plan: (p.status.value, p.state.inferred, p.state.by,
                           str(p.state.planned_for), p.state.certain, sorted(p.state.possibly))
            for p in plans}
        state = tl.organization(org, at=day, **view)
        assert [v.evidence for v in state.deals] == oracle.deals(facts, org, d)
        units = oracle.units(facts, org, ORGANIZATIONS, d)
        rolled = tl.roster(org, at=day, rollup=True, **view)
        assert dict(rolled.placed) == units == dict(state.units)
        if until is None:
            held = {o: oracle.roster(facts, PEOPLE, o, d) for o in [org, *units]}
            sure = {p for o in [org, *(u for u, c in units.items() if c)]
                    for p, e in held[o].items() if e[0] == "certain"}
            every = {p for found in held.values() for p in found}
            assert (set(rolled.certain_ids), set(rolled.possible_ids)) == (sure, every - sure)
        assert oracle.raised(facts, org, d) == {
            m.currency: oracle.total_of(m) for m in state.raised}
        assert oracle.possibly_raised(facts, org, d) == {
            m.currency: oracle.total_of(m) for m in state.possibly_raised
        }
        assert oracle.committed(facts, org, d) == [
            (p.round, str(p.commitment), p.certain, p.overdue, list(p.possibly_paid_by),
             list(p.partly_paid_by))
            for p in state.committed]
        assert oracle.valuations(facts, org, d) == (
            _valuation(state.valuation) if state.valuation is not None else None,
            [_valuation(v) for v in state.possible_valuations],
        )
    for person in PEOPLE:
        expected_where = oracle.where(facts, person, ORGANIZATIONS, d)
        where = tl.where(person, at=day, **view)
        until = where.not_known_until
        assert not_known_until(person) == (None if until is None else instant_key(until))
        assert expected_where == {m.org: entry(m) for m in where.orgs + where.possible}
        assert {o for o, e in expected_where.items() if e[0] == "certain"} == set(where)
        career = [
            (t.org, t.affiliation.value, str(t.start) if t.start else None,
             str(t.end) if t.end else None, str(t.ended_before) if t.ended_before else None)
            for t in tl.career(person, **view)
        ]
        assert oracle.career(facts, person, ORGANIZATIONS) == sorted(
            career, key=lambda r: tuple(map(str, r)))
        for kind in oracle.KINDS[1:]:
            assert oracle.where(facts, person, ORGANIZATIONS, d, kind) == {
                m.org: entry(m) for m in tl.where(person, at=day, kinds=kind, **view)._all()}
    cases = tl.lawsuits(at=day, **view)
    actual_cases = {c.case: "certain" for c in cases.cases} | {
        c.case: "possible" for c in cases.possible
    }
    assert oracle.open_cases(facts, d) == actual_cases
    for case in cases.cases + cases.possible:
        assert oracle.court_and_winners(facts, case.case, d) == (case.court, case.winners)
        assert (oracle.answers(facts, case.case), oracle.counterclaims(facts, case.case, d),
                oracle.later_counterclaims(facts, case.case, d)) == (
            case.answers, list(case.counterclaims), list(case.later_counterclaims)
        )
    sides = data.draw(st.fixed_dictionaries({}, optional={
        side: st.sampled_from(PEOPLE + ORGANIZATIONS)
        for side in ("party", "plaintiff", "defendant")
    }), label="sides")
    chosen = tl.lawsuits(at=day, **sides, **view)
    assert oracle.open_cases(facts, d, **sides) == {c.case: "certain" for c in chosen.cases} | {
        c.case: "possible" for c in chosen.possible
    }
    recorded = oracle.effective(events, known_micros(known), 0)
    assert oracle.unnamed_open_cases(facts, d, sides.values(), recorded) == {
        c.case for c in chosen.unknown_parties}


def _valuation(value) -> tuple[object, ...]:
    return (
        str(value.money), str(value.date), value.event, value.certain,
        [event for _, event in value.later_rounds],
        [event for _, event in value.possibly_later_rounds],
    )


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
    # any order the log accepts: events recorded at one instant arrive in any
    # order, and their valid dates are as retroactive as drawn
    day = data.draw(edge_days(events), label="day")
    shuffled = list(events)
    random.shuffle(shuffled)
    shuffled.sort(key=lambda e: e.recorded)
    assert answers(Timeline(events), day, None, level) == answers(
        Timeline(shuffled), day, None, level
    )


@given(corrected_histories(), st.randoms(use_true_random=False), st.booleans())
def test_a_log_is_accepted_only_in_recorded_order_and_never_ahead_of_the_clock(
    events, random, early_clock
):
    shuffled = list(events)
    random.shuffle(shuffled)
    now = EPOCH.add(days=25) if early_clock else EPOCH.add(days=1000)
    refused = oracle.out_of_recorded_order(shuffled, instant_key(now))
    if refused is None:
        assert len(events) == len(Timeline(shuffled, clock=lambda: now))
        return
    with pytest.raises(RecordedTimeError) as caught:
        Timeline(shuffled, clock=lambda: now)
    assert (refused.id, "recorded") == (caught.value.event_id, caught.value.field)


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
    # a diff back in time is refused: it would list those who left as joined
    start, end = sorted((data.draw(edge_days(events), label="start"),
                         data.draw(edge_days(events), label="end")))
    tl = Timeline(events)
    view = {"known": known, "min_certainty": level}
    if start < end:
        with pytest.raises(InvalidQueryError):
            tl.diff(ORGANIZATIONS[0], end, start, **view)
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
        assert [d for d in everywhere.possible if d.org == org] == list(flows.possible)
        assert [f for f in everywhere.possible_foundings if f.alumni_of == org] == list(
            flows.possible_foundings)


@given(corrected_histories(), st.data(), st.sampled_from(LEVELS))
def test_a_retraction_equals_the_log_without_the_retracted_event(events, data, level):
    day = data.draw(edge_days(events), label="day")
    facts = [e for e in events if not isinstance(e, Correction) and not e.id.startswith("decl-")]
    assume(facts)
    target = data.draw(st.sampled_from(facts), label="retracted")
    tl = Timeline(events)
    current = tl._state.versions[target.id]
    assume(current and current[-1].known_until > 2**61)
    # a disputed fact is retracted claim by claim: every one of them
    claims = [c.event.id for c in current[-1].claims] or [current[-1].event.id]
    when = EPOCH.add(days=100)
    before = answers(tl, day, EPOCH.add(days=99), level)
    try:
        tl.extend([Retracted(id=f"retraction-{i}", valid="2024", target=claim,
                             sources=Source("x"), recorded=when)
                   for i, claim in enumerate(claims)])
    except TimelineError:
        assume(False)
    lineage = {target.id}
    for event in events:
        if isinstance(event, Correction) and event.target in lineage:
            lineage.add(event.id)
            if isinstance(event, Corrected):
                lineage.add(event.replacement.id)
            if isinstance(event, Disputed):
                lineage.add(event.claim.id)
    kept = [e for e in events if e.id not in lineage]
    # a publication fix of a source only the retracted events cited fixes
    # nothing left: the log without them cannot hold it
    still = {source.id for e in kept for source in cited(e)}
    kept = [e for e in kept if not isinstance(e, PublicationCorrected) or e.source in still]
    try:
        without = Timeline(kept)
    except ChronologyError:
        # valid as a whole but not in recorded order (an observation recorded
        # before the later join that explains it, once the rehire between is
        # gone): no timeline of only those events can be replayed to compare
        assume(False)
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
    # a founding with an open start ("by 2019") has no day certainly before it
    dated = [o for o in founded if oracle.founded(facts, o)[0] > 1000]  # type: ignore[index]
    assume(steps or dated)
    if dated and (not steps or data.draw(st.booleans(), label="step last")):
        org = data.draw(st.sampled_from(dated), label="org")
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


@given(corrected_histories(), st.data())
def test_an_observation_certainly_after_a_final_departure_is_refused(events, data):
    # the person's last tenure there has ended, and no return is recorded after
    # it; an observation on the departure's own day describes them before they go
    tl = Timeline(events)
    facts = oracle.effective(events, EVERYTHING, 0)
    ended = [(p, o) for p in PEOPLE for o in ORGANIZATIONS
             if (held := oracle.tenures(facts, p, o)) and held[-1]["end"] is not None]
    assume(ended)
    person, org = data.draw(st.sampled_from(ended), label="pair")
    latest = max(e.valid.last for e in oracle.moved(facts, person)
                 if oracle.touches(e, person, org))
    when = dt.date.fromordinal(latest + data.draw(st.integers(1, 400), label="days after"))
    appended = Observed(id="late", valid=when, person=person, org=org, sources=Source("x"),
                        recorded=EPOCH.add(days=100))
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


def _inside_imprecise_dates(events) -> list[dt.date]:
    """Days inside the imprecise dates of tenure events, where a role or a
    leave is only possibly in effect."""
    days = {
        day
        for e in events
        if isinstance(e, TenureEvent) and e.valid.first < e.valid.last
        for day in (e.valid.first, (e.valid.first + e.valid.last) // 2, e.valid.last - 1)
        if day >= 1
    }
    return [dt.date.fromordinal(d) for d in sorted(days)]


@given(histories(PEOPLE[:2], ORGANIZATIONS[:1], max_events=12, corrections=2),
       st.sampled_from(LEVELS))
def test_roles_and_leaves_under_imprecise_dates_equal_a_naive_replay(events, level):
    # two people at one organisation: tenures with several steps each, asked
    # about inside every imprecise date, where a role or a leave is uncertain
    tl = Timeline(events)
    facts = oracle.effective(events, known_micros(None), LEVELS.index(level))
    for day in _inside_imprecise_dates(events):
        roster = tl.roster(ORGANIZATIONS[0], at=day, min_certainty=level)
        expected = oracle.roster(facts, PEOPLE[:2], ORGANIZATIONS[0], day.toordinal())
        assert expected == {m.person: entry(m) for m in roster.members + roster.possible}, day
    days = _inside_imprecise_dates(events)
    for start, end in (sorted(pair) for pair in zip(days, days[1:] + days[:1], strict=True)):
        diff = tl.diff(ORGANIZATIONS[0], start, end, min_certainty=level)
        later = tl.roster(ORGANIZATIONS[0], at=end, min_certainty=level)
        assert {m.person: m for m in later.members + later.possible} == diff.apply(
            tl.roster(ORGANIZATIONS[0], at=start, min_certainty=level))
        assert all(c.before.certain for c in diff.left)
        assert not any(c.before.certain for c in diff.possibly_left)
        assert all(c.after.certain for c in diff.joined)
        assert not any(c.after.certain for c in diff.possibly_joined)
        assert all(c.what for c in diff.changed)
        back = {ChangeKind.LEFT_AND_RETURNED, ChangeKind.POSSIBLY_LEFT_AND_RETURNED}
        lo, hi = sorted((start.toordinal(), end.toordinal()))
        for c in diff.changed:
            if back & set(c.what):
                assert oracle.may_have_left_and_returned(facts, c.person, ORGANIZATIONS[0], lo, hi)


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_flows_equal_a_naive_replay(events, data, known, level):
    # certainly or possibly in the window; destinations stated or inferred
    first = data.draw(edge_days(events), label="first")
    second = data.draw(edge_days(events), label="second")
    source = data.draw(st.sampled_from([None, *ORGANIZATIONS]), label="source")
    destination = data.draw(st.sampled_from([None, *ORGANIZATIONS]), label="destination")
    rollup = data.draw(st.booleans(), label="rollup") and (source or destination) is not None
    start, end = sorted((first, second))
    facts = oracle.effective(events, known_micros(known), LEVELS.index(level))
    expected = (oracle.rolled_flows if rollup else oracle.flows)(
        facts, PEOPLE, ORGANIZATIONS, start.toordinal(), end.toordinal(),
        source=source, destination=destination)
    flows = Timeline(events).flows(start, end, source=source, destination=destination,
                                   known=known, min_certainty=level, rollup=rollup)

    def departures(found):
        return {(d.person, d.org, str(d.date), d.destination, d.inferred,
                 str(d.destination_start or d.destination_seen) if d.inferred else None,
                 d.evidence)
                for d in found}

    def foundings(found):
        return {(f.founder, f.org, f.alumni_of, str(f.date), f.evidence) for f in found}

    assert expected == {
        "certain": departures(flows.departures), "possible": departures(flows.possible),
        "founded": foundings(flows.foundings),
        "possibly founded": foundings(flows.possible_foundings),
    }
    assert len(flows.departures) + len(flows.possible) == len(
        expected["certain"] | expected["possible"])
    assert len(flows.foundings) + len(flows.possible_foundings) == len(
        expected["founded"] | expected["possibly founded"])


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_a_diffs_passers_equal_a_naive_replay(events, data, known, level):
    start, end = sorted((data.draw(edge_days(events), label="start"),
                         data.draw(edge_days(events), label="end")))
    tl = Timeline(events)
    facts = oracle.effective(events, known_micros(known), LEVELS.index(level))
    for org in ORGANIZATIONS:
        diff = tl.diff(org, start, end, known=known, min_certainty=level)
        expected = oracle.passers(facts, PEOPLE, org, start.toordinal(), end.toordinal())

        def rows(tenures, names):
            people = {tl.where(p).name: p for p in PEOPLE}
            return {(people[n], str(t.start) if t.start else None, str(t.end))
                    for n, t in zip(names, tenures, strict=True)}

        assert expected == {
            "certain": rows(diff.passed_through, diff.passers),
            "possible": rows(diff.possibly_passed_through, diff.possible_passers),
        }


# -- periods ----------------------------------------------------------------------


SPAN_FLOOR = dt.date(2010, 1, 1).toordinal()  # an open start's first day makes no span


def tenure_days(events) -> st.SearchStrategy[dt.date]:
    """The first and last days of tenure events' dates, mostly (a span that
    begins on a departure's day, or ends on a join's), else the days beside
    them, or anywhere."""
    exact = sorted({x for e in events if isinstance(e, (TenureEvent, Founded))
                    for x in (e.valid.first, e.valid.last) if x > SPAN_FLOOR})
    if not exact:
        return query_days()
    beside = sorted({x + shift for x in exact for shift in (-1, 1)})
    return st.one_of(st.sampled_from(exact), st.sampled_from(exact), st.sampled_from(beside),
                     query_days().map(dt.date.toordinal)).map(dt.date.fromordinal)


def _ordinals(days) -> tuple[int | None, int | None] | None:
    if days is None:
        return None
    return (days.first.toordinal() if days.first else None,
            days.last.toordinal() if days.last else None)


def _within(days, d: int) -> bool:
    # a certain overlap may have no day that is sure (docs/concepts.md, "Periods")
    if days is None:
        return False
    first, last = _ordinals(days)
    return (first is None or first <= d) and (last is None or d <= last)


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_the_roster_during_a_span_equals_a_naive_replay_and_holds_every_roster_in_it(
    events, data, known, level
):
    spans = [sorted(data.draw(st.tuples(tenure_days(events), tenure_days(events)),
                              label="span")) for _ in range(3)]
    one = data.draw(tenure_days(events), label="one day")
    tl = Timeline(events)
    facts = oracle.effective(events, known_micros(known), LEVELS.index(level))
    view = {"known": known, "min_certainty": level}
    for org in ORGANIZATIONS:
        for first, last in [*spans, (one, one)]:
            span = tl.roster_during(org, first, last, **view)
            actual = {m.person: "certain" for m in span.members} | {
                m.person: "possible" for m in span.possible
            }
            expected = oracle.during(facts, PEOPLE, org, first.toordinal(), last.toordinal())
            assert expected == actual, (first, last)
            for m in span.members + span.possible:
                stints = [(m.start, m.end), *m.other_stints]
                assert oracle.stints_during(
                    facts, m.person, org, first.toordinal(), last.toordinal()
                ) == sorted(((str(a) if a else None, str(b) if b else None) for a, b in stints),
                            key=repr)
            assert all(not m.why for m in span.members)
            assert all(m.why for m in span.possible)
    first, last = spans[0]
    a, b = first.toordinal(), last.toordinal()
    # a roster changes only on the day an event's date begins or ends, or the day before
    inside = {a, b} | {
        x for e in events for edge in (e.valid.first, e.valid.last) for x in (edge - 1, edge)
        if a <= x <= b
    }
    for org in ORGANIZATIONS:
        span = tl.roster_during(org, first, last, **view)
        actual = {m.person for m in span.members + span.possible}
        for d in sorted(inside):
            roster = tl.roster(org, at=dt.date.fromordinal(d), **view)
            assert set(roster.certain_ids) <= set(span.people), d
            assert set(roster.certain_ids | roster.possible_ids) <= actual, d


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_an_overlap_equals_a_naive_replay_either_way_round_and_agrees_with_where(
    events, data, known, level
):
    person = data.draw(st.sampled_from(PEOPLE), label="person")
    other = data.draw(st.sampled_from(PEOPLE), label="other")
    tl = Timeline(events)
    facts = oracle.effective(events, known_micros(known), LEVELS.index(level))
    view = {"known": known, "min_certainty": level}
    shared = tl.overlap(person, other, **view)

    def rows(answer):
        return sorted(((s.org, s.certain, _ordinals(s.certain_days), _ordinals(s.possible_days))
                       for s in answer.spells), key=repr)

    assert oracle.overlap(facts, person, other, ORGANIZATIONS) == rows(shared)
    assert rows(shared) == rows(tl.overlap(other, person, **view))
    assert shared.certain == any(s.certain for s in shared.spells)
    for org in ORGANIZATIONS:
        alone = tl.overlap(person, other, org=org, **view)
        assert tuple(s for s in shared.spells if s.org == org) == alone.spells
    days = {x for e in events for edge in (e.valid.first, e.valid.last) for x in (edge - 1, edge)}
    for d in sorted(x for x in days if x >= 1):
        mine = tl.where(person, at=dt.date.fromordinal(d), **view)
        theirs = tl.where(other, at=dt.date.fromordinal(d), **view)
        for org in ORGANIZATIONS:
            if org in mine and org in theirs:
                assert any(s.org == org and s.certain and _within(s.certain_days, d)
                           for s in shared.spells), (org, d)
            if {org} <= (mine.certain_ids | mine.possible_ids) & (
                    theirs.certain_ids | theirs.possible_ids):
                assert any(s.org == org and _within(s.possible_days, d)
                           for s in shared.spells), (org, d)


@given(corrected_histories(), st.data(), knowns(), st.sampled_from(LEVELS))
def test_tenure_lengths_equal_a_naive_replay(events, data, known, level):
    until = data.draw(st.none() | edge_days(events), label="until")
    tl = Timeline(events)
    facts = oracle.effective(events, known_micros(known), LEVELS.index(level))
    view = {"known": known, "min_certainty": level}
    for person in PEOPLE:
        rows = []
        for tenure in tl.career(person, **view):
            if until is None and not tenure.bounds.ended:
                with pytest.raises(InvalidQueryError):
                    tenure.length()
                continue
            length = tenure.length(until)
            assert length.longest is None or length.shortest <= length.longest
            # a founding bounds an unknown start
            assert (length.longest is None) == (not tenure.bounds.known_start)
            rows.append((tenure.org, tenure.affiliation.value,
                         str(tenure.start) if tenure.start else None,
                         str(tenure.end) if tenure.end else None, length.shortest,
                         length.longest))
        expected = oracle.lengths(facts, person, ORGANIZATIONS,
                                  until.toordinal() if until is not None else None)
        assert expected == sorted(rows, key=repr)
