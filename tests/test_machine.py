"""A state machine interleaving appends, in random recorded order, with queries.

Every step checks the structural invariants of every index (``_check``);
queries are compared with the naive oracle over the events appended so far;
a rejected append must leave the timeline exactly as it was; and once every
event is in, the timeline answers like one built in a single batch.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests import oracle
from tests.answers import answers
from timeline import Timeline, TimelineError
from timeline.dates import known_key
from timeline.testing import (
    EPOCH,
    ORGANIZATIONS,
    PEOPLE,
    corrected_histories,
    declarations,
    query_days,
)

LEVELS = ("rumored", "reported", "confirmed")
KNOWN = [None, *(EPOCH.add(days=10 * k) for k in range(6))]


def fingerprint(tl: Timeline) -> object:
    days = (dt.date(2018, 12, 31), dt.date(2021, 6, 30), dt.date(2024, 12, 31))
    return (
        tl.position,
        [tl.roster(o, at=d, min_certainty="rumored").people for o in ORGANIZATIONS for d in days],
        [list(tl.where(p, at=d)) for p in PEOPLE for d in days],
        [c.case for c in tl.lawsuits(at=days[-1])],
        len(tl.changes()),
    )


class TimelineMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.declared = declarations()
        self.timeline = Timeline(self.declared)
        self.history: list = list(self.declared)
        self.pending: list = []
        self.appended: list = list(self.declared)

    @initialize(history=corrected_histories(max_events=14, corrections=5))
    def load(self, history):
        self.history = history
        self.pending = history[len(self.declared):]

    def _rejected(self, attempt, before):
        try:
            attempt()
        except TimelineError as error:
            event(f"rejected: {type(error).__name__}")
            assert before == fingerprint(self.timeline)
            self.timeline._check()
            return True
        return False

    @precondition(lambda self: self.pending)
    @rule(data=st.data())
    def append_one(self, data):
        index = data.draw(st.integers(0, len(self.pending) - 1), label="which")
        event = self.pending[index]
        before = fingerprint(self.timeline)
        if not self._rejected(lambda: self.timeline.append(event), before):
            self.appended.append(self.pending.pop(index))

    @precondition(lambda self: len(self.pending) > 1)
    @rule(data=st.data())
    def append_batch(self, data):
        chosen = data.draw(
            st.lists(st.integers(0, len(self.pending) - 1), min_size=2, max_size=4, unique=True),
            label="batch",
        )
        batch = [self.pending[i] for i in chosen]
        before = fingerprint(self.timeline)
        if not self._rejected(lambda: self.timeline.extend(batch), before):
            self.appended.extend(batch)
            self.pending = [e for i, e in enumerate(self.pending) if i not in chosen]

    @precondition(lambda self: len(self.appended) > len(self.declared))
    @rule(data=st.data())
    def appending_again_changes_nothing(self, data):
        event = data.draw(st.sampled_from(self.appended), label="again")
        before = fingerprint(self.timeline)
        assert not self.timeline.append(event)
        assert before == fingerprint(self.timeline)

    @rule(day=query_days(), known=st.sampled_from(KNOWN), level=st.sampled_from(LEVELS))
    def queries_match_a_naive_replay(self, day, known, level):
        facts = oracle.effective(self.appended, known_key(known), LEVELS.index(level))
        view = {"at": day, "known": known, "min_certainty": level}
        d = day.toordinal()
        for org in ORGANIZATIONS:
            roster = self.timeline.roster(org, **view)
            expected = oracle.roster(facts, PEOPLE, org, d)
            assert {p for p, e in expected.items() if e[0] == "certain"} == set(roster.people)
            assert set(expected) == {m.person for m in roster.members + roster.possible}
            span = self.timeline.roster_during(org, day, day, known=known, min_certainty=level)
            assert oracle.during(facts, PEOPLE, org, d, d) == {
                m.person: "certain" for m in span.members} | {
                m.person: "possible" for m in span.possible}
        for person in PEOPLE:
            expected_orgs = oracle.where(facts, person, ORGANIZATIONS, d)
            assert {o for o, e in expected_orgs.items() if e[0] == "certain"} == set(
                self.timeline.where(person, **view)
            )
        lawsuits = self.timeline.lawsuits(**view)
        assert oracle.open_cases(facts, d) == {c.case: "certain" for c in lawsuits.cases} | {
            c.case: "possible" for c in lawsuits.possible
        }

    @invariant()
    def every_index_is_sound(self):
        self.timeline._check()

    def teardown(self):
        event(f"appended one by one: {len(self.appended) - len(self.declared)}")
        if not self.pending:
            return
        self.timeline.extend(self.pending)
        self.timeline._check()
        whole = Timeline(self.history)
        for day in (dt.date(2019, 12, 31), dt.date(2024, 12, 31)):
            for known in (None, KNOWN[2]):
                assert answers(whole, day, known, "rumored") == answers(
                    self.timeline, day, known, "rumored"
                )


TimelineMachine.TestCase.settings = settings(stateful_step_count=25)
test_timeline_machine = TimelineMachine.TestCase
