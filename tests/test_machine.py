"""A state machine interleaving appends, in random orders the log accepts, with queries.

Events recorded at one instant arrive in any order (their valid dates are as
retroactive as drawn); an append may skip ahead to a later instant, and the
events recorded before it are then refused for good, whatever they say.

Every step checks the structural invariants of every index (``_check``);
queries are compared with the naive oracle over the events appended so far;
a rejected append must leave the timeline exactly as it was; and once every
event is in, the timeline answers like one built in a single batch.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests import oracle
from tests.answers import NOT_YET_KNOWN, answers, entry
from timeline import (
    AmbiguousNameError,
    Corrected,
    Correction,
    PublicationCorrected,
    PublicationTimeError,
    RecordedTimeError,
    Timeline,
    TimelineError,
    UnknownEntityError,
    UnknownSourceError,
)
from timeline.answers.lineage import Version
from timeline.model.dates import instant, instant_key, known_key
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


def _or_unknown(query):
    try:
        return query()
    except UnknownEntityError:
        return NOT_YET_KNOWN


def lineage_row(version: Version) -> tuple[object, ...]:
    """A version as :func:`oracle.lineage` gives it."""
    superseded = version.superseded
    return (
        version.step.value, version.by, version.event, known_key(version.recorded),
        tuple(s.id for s in version.sources),
        known_key(superseded) if superseded is not None else None, version.superseded_by,
    )


def fingerprint(tl: Timeline) -> object:
    days = (dt.date(2018, 12, 31), dt.date(2021, 6, 30), dt.date(2024, 12, 31))
    return (
        tl.position,
        [_or_unknown(lambda o=o, d=d: tl.roster(o, at=d, min_certainty="rumored").people)
         for o in ORGANIZATIONS for d in days],
        [_or_unknown(lambda p=p, d=d: list(tl.where(p, at=d))) for p in PEOPLE for d in days],
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
        self.passed: list = []  # events the log's recorded time has moved past
        self.checked = -1  # the position at which the indices were last checked

    @initialize(history=corrected_histories(max_events=14, corrections=5))
    def load(self, history):
        # the declarations the history starts with; the others come later
        self.history = history
        count = next((i for i, e in enumerate(history) if e.recorded != EPOCH
                      or not e.id.startswith("decl-")), len(history))
        self.declared = history[:count]
        self.timeline = Timeline(self.declared)
        self.checked = -1
        self.appended = list(self.declared)
        self.pending = history[count:]

    def _rejected(self, attempt, before):
        try:
            attempt()
        except TimelineError as error:
            event(f"rejected: {type(error).__name__}")
            assert before == fingerprint(self.timeline)
            self.timeline._check()
            return True
        return False

    def _front(self, reach: int) -> list[int]:
        """The pending events recorded at the earliest of the next ``reach``
        pending instants: they may come next, in any order."""
        instants = sorted({e.recorded for e in self.pending})[:reach]
        return [i for i, e in enumerate(self.pending) if e.recorded in instants]

    def _moved_on(self):
        """Set apart what was recorded before the log's latest event: the log
        refuses it now."""
        latest = max(e.recorded for e in self.appended)
        self.passed += [e for e in self.pending if e.recorded < latest]
        self.pending = [e for e in self.pending if e.recorded >= latest]

    @precondition(lambda self: self.pending)
    @rule(data=st.data())
    def append_one(self, data):
        # mostly the earliest pending instant; sometimes a later one, which
        # leaves the events recorded before it behind for good
        front = self._front(data.draw(st.sampled_from([1, 1, 1, 2]), label="reach"))
        index = data.draw(st.sampled_from(front), label="which")
        event = self.pending[index]
        before = fingerprint(self.timeline)
        if self._rejected(lambda: self.timeline.append(event), before):
            self.passed.append(self.pending.pop(index))
        else:
            self.appended.append(self.pending.pop(index))
        self._moved_on()

    @precondition(lambda self: len(self.pending) > 1)
    @rule(data=st.data())
    def append_batch(self, data):
        front = self._front(2)
        assume(len(front) > 1)
        chosen = data.draw(
            st.lists(st.sampled_from(front), min_size=2, max_size=4, unique=True), label="batch"
        )
        batch = sorted((self.pending[i] for i in chosen), key=lambda e: e.recorded)
        before = fingerprint(self.timeline)
        if not self._rejected(lambda: self.timeline.extend(batch), before):
            self.appended.extend(batch)
            self.pending = [e for i, e in enumerate(self.pending) if i not in chosen]
            self._moved_on()

    @precondition(lambda self: self.passed)
    @rule(data=st.data())
    def recorded_time_never_goes_backwards(self, data):
        late = data.draw(st.sampled_from(self.passed), label="recorded before the latest")
        latest = max(e.recorded for e in self.appended)
        before = fingerprint(self.timeline)
        if late.recorded < latest:
            with pytest.raises(RecordedTimeError) as caught:
                self.timeline.append(late)
            assert (late.id, "recorded") == (caught.value.event_id, caught.value.field)
            assert before == fingerprint(self.timeline)

    @precondition(lambda self: len(self.appended) > len(self.declared))
    @rule(data=st.data())
    def appending_again_changes_nothing(self, data):
        event = data.draw(st.sampled_from(self.appended), label="again")
        before = fingerprint(self.timeline)
        assert not self.timeline.append(event)
        assert before == fingerprint(self.timeline)

    @precondition(lambda self: len(self.appended) > len(self.declared))
    @rule(data=st.data())
    def correct_a_publication_time(self, data):
        citing: dict[str, list] = {}
        for e in self.appended:
            cited = e.sources + (e.replacement.sources if isinstance(e, Corrected) else ())
            for s in cited:
                citing.setdefault(s.id, []).append(e.recorded)
        source = data.draw(st.sampled_from([*sorted(citing), "nowhere"]), label="source")
        latest = max(e.recorded for e in self.appended)
        when = data.draw(st.sampled_from([
            EPOCH.subtract(days=3).date().isoformat(), EPOCH.add(days=5), latest,
            latest.date().isoformat(), latest.add(days=1).date().isoformat(),
        ]), label="published")
        fix = PublicationCorrected(id=f"pub-{len(self.appended)}", source=source,
                                   published=when, sources="erratum", recorded=latest)
        first = min(citing.get(source, [latest]))
        # a date compares by day
        late = (dt.date.fromisoformat(when) > first.date() if isinstance(when, str)
                else when > first)
        before = fingerprint(self.timeline)
        if source not in citing or late:
            with pytest.raises((UnknownSourceError, PublicationTimeError)) as caught:
                self.timeline.append(fix)
            assert (UnknownSourceError if source not in citing else PublicationTimeError) is type(
                caught.value)
            assert before == fingerprint(self.timeline)
            return
        self.timeline.append(fix)
        self.appended.append(fix)
        self.history.append(fix)
        self._moved_on()

    @rule(day=query_days(), published=st.sampled_from([
        EPOCH.subtract(days=1).date().isoformat(), *(EPOCH.add(days=10 * k - 3)
                                                     for k in range(1, 6))]))
    def views_as_published_match_a_timeline_of_what_was_published(self, day, published):
        try:
            reference = Timeline(oracle.published_events(self.appended, instant(published)))
        except TimelineError:
            event("events published by then do not make a log on their own")
            return
        view = {"at": day, "min_certainty": "rumored"}
        for org in ORGANIZATIONS:
            expected = _or_unknown(lambda org=org: reference.roster(org, **view))
            actual = _or_unknown(lambda org=org: self.timeline.roster(
                org, published=published, **view))
            if NOT_YET_KNOWN in (expected, actual):
                assert expected == actual
                continue
            assert (expected.certain_ids, expected.possible_ids) == (
                actual.certain_ids, actual.possible_ids)
        for person in PEOPLE:
            assert _or_unknown(lambda p=person: list(reference.where(p, **view))) == _or_unknown(
                lambda p=person: list(self.timeline.where(p, published=published, **view)))

    @rule(day=query_days(), known=st.sampled_from(KNOWN), level=st.sampled_from(LEVELS))
    def queries_match_a_naive_replay(self, day, known, level):
        facts = oracle.effective(self.appended, known_key(known), LEVELS.index(level))
        view = {"at": day, "known": known, "min_certainty": level}
        d = day.toordinal()
        cutoff = known_key(known)
        for entity in (*ORGANIZATIONS, *PEOPLE):
            # a name no view has yet is an error; one only later views have, empty
            first = oracle.first_known(self.appended, entity)
            query = self.timeline.roster if entity in ORGANIZATIONS else self.timeline.where
            try:
                answer = query(entity, **view)
            except UnknownEntityError:
                assert first is None or first > cutoff, entity
                continue
            if (answer.org if entity in ORGANIZATIONS else answer.person) != entity:
                # the id is also a name another entity bears (a rename to
                # "Globex"): that entity answers to it
                continue
            if first is None:
                pytest.fail(f"{entity} answers though the log never declared it")
            elif first > cutoff:
                assert (0, first) == (len(answer), instant_key(answer.not_known_until))
        known_now = [e for e in (*ORGANIZATIONS, *PEOPLE)
                     if oracle.first_known(self.appended, e) is not None]
        for org in ORGANIZATIONS:
            if org not in known_now:
                continue
            roster = self.timeline.roster(org, **view)
            expected = oracle.roster(facts, PEOPLE, org, d)
            assert {p for p, e in expected.items() if e[0] == "certain"} == set(roster.people)
            assert expected == {m.person: entry(m) for m in roster.members + roster.possible}
            disputes = oracle.disputed(self.appended, cutoff)
            for member in roster.members + roster.possible:
                assert {claim for e in member.evidence for claim in disputes.get(e, ())} == {
                    (c.event_id, c.rank.value) for c in member.disputed}
            span = self.timeline.roster_during(org, day, day, known=known, min_certainty=level)
            assert oracle.during(facts, PEOPLE, org, d, d) == {
                m.person: "certain" for m in span.members} | {
                m.person: "possible" for m in span.possible}
        for person in PEOPLE:
            if person not in known_now:
                continue
            expected_orgs = oracle.where(facts, person, ORGANIZATIONS, d)
            where = self.timeline.where(person, **view)
            assert {o for o, e in expected_orgs.items() if e[0] == "certain"} == set(where)
            assert expected_orgs == {m.org: entry(m) for m in where.orgs + where.possible}
        lawsuits = self.timeline.lawsuits(**view)
        assert oracle.open_cases(facts, d) == {c.case: "certain" for c in lawsuits.cases} | {
            c.case: "possible" for c in lawsuits.possible
        }
        for fact in {e.id for e in self.appended if not isinstance(e, Correction)}:
            assert oracle.lineage(self.appended, fact, known_key(known)) == [
                lineage_row(v) for v in self.timeline.lineage(fact, known=known)
            ]

    @rule(day=query_days(), known=st.sampled_from(KNOWN),
          name=st.sampled_from(["Acme", "GLOBEX", "initech", "Initrode", "acme"]))
    def names_mean_what_a_naive_resolver_says(self, day, known, name):
        facts = oracle.effective(self.appended, known_key(known), 0)
        d = day.toordinal()
        try:
            actual: tuple[str, object] = ("entity", self.timeline.resolve(name, at=day,
                                                                          known=known))
        except AmbiguousNameError as error:
            actual = ("ambiguous", error.ids)
        except UnknownEntityError:
            actual = ("unknown", None)
        assert oracle.resolve(facts, name, d, d, today=d) == actual  # dated: today unused

    @invariant()
    def every_index_is_sound(self):
        # after every step that moved the log (a rejected append checks itself,
        # and teardown checks the end): the check replays every record at every
        # edge, a third of the machine's time
        if self.timeline.position != self.checked:
            self.timeline._check()
            self.checked = self.timeline.position

    def teardown(self):
        event(f"appended one by one: {len(self.appended) - len(self.declared)}")
        event(f"left behind by the recorded time: {len(self.passed)}")
        if self.pending:
            before = fingerprint(self.timeline)
            if not self._rejected(lambda: self.timeline.extend(self.pending), before):
                self.appended.extend(self.pending)
        self.timeline._check()
        # the same events in their history's order: within one instant that is
        # another arrival order, and the answers do not depend on it
        position = {e.id: i for i, e in enumerate(self.history)}
        try:
            whole = Timeline(sorted(self.appended, key=lambda e: position[e.id]))
        except TimelineError:
            return  # that order contradicts itself without the events left behind
        for day in (dt.date(2019, 12, 31), dt.date(2024, 12, 31)):
            for known in (None, KNOWN[2]):
                assert answers(whole, day, known, "rumored") == answers(
                    self.timeline, day, known, "rumored"
                )


TimelineMachine.TestCase.settings = settings(stateful_step_count=25)
test_timeline_machine = TimelineMachine.TestCase
