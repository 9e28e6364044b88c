"""The projection state behind a timeline, kept up to date on every append.

An append takes new entries into their lineages, recomputes the versions of
the lineages they touch, then refolds only the keys those versions touch: the
(person, organisation) pairs, the cases, the organisations' facts, the
entities' names. A founding bounds every tenure at its organisation, so it
touches every pair there. The whole batch is then validated against the updated
state; if anything is wrong, every change is undone, so a batch lands whole
or not at all.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

import attrs
from sortedcontainers import SortedKeyList

from timeline.engine.checks import check_links, check_placement
from timeline.engine.contested import DisputeIndex
from timeline.engine.corrections import FactVersion, Lineages
from timeline.engine.hierarchy import Hierarchy, placement
from timeline.engine.intervals import check_sorted
from timeline.engine.lawsuits import CaseIndex, CaseRecord
from timeline.engine.log import Entry, Log
from timeline.engine.names import NameIndex
from timeline.engine.plans import planned_event
from timeline.engine.ranges import RangeIndex
from timeline.engine.seats import org_of
from timeline.engine.tenure_index import TenureIndex, TenureRecord
from timeline.engine.tenures import pairs_of
from timeline.engine.validation import Validation
from timeline.model.catalog import (
    EntityEvent,
    Founded,
    LawsuitEvent,
    OrganizationEvent,
)
from timeline.model.errors import (
    ChronologyError,
)
from timeline.model.events import Event
from timeline.model.plan_events import PlanCancelled, PlanMoved, Planned

__all__ = ["Projections", "Snapshot"]

Pair = tuple[str, str]
FactKey = tuple[int, int, str]


def _fact_key(version: FactVersion) -> tuple[int, int, str]:
    return version.event.valid.first, version.event.valid.last, version.event.id


def _valid_days(version: FactVersion) -> tuple[int, int]:
    return version.event.valid.first, version.event.valid.last


@attrs.frozen
class Snapshot:
    """The log and every derived record up to ``position``, as immutable data.

    Restoring a snapshot relinks the records into fresh indices without
    folding anything again; the rest of the log is then appended as usual.
    """

    position: int
    entries: tuple[Entry, ...]
    versions: tuple[tuple[str, tuple[FactVersion, ...]], ...]
    tenures: tuple[tuple[Pair, tuple[TenureRecord, ...]], ...]
    cases: tuple[tuple[str, tuple[CaseRecord, ...]], ...]


class Settles(Protocol):
    """An answer whose details are read from the state on first use."""

    def settle(self) -> None: ...


class Projections(Validation):
    """Lineages, versions and every index, for one log."""

    def __init__(self) -> None:
        self.log = Log()
        self.lineages = Lineages()
        self.versions: dict[str, tuple[FactVersion, ...]] = {}
        self.tenures = TenureIndex()
        self.cases = CaseIndex()
        self.names = NameIndex()
        self.org_facts: dict[str, SortedKeyList[FactVersion, FactKey]] = {}
        # every version of every founding, by the days it may have happened on
        self.foundings: RangeIndex[FactVersion] = RangeIndex(_valid_days)
        self._pair_roots: dict[Pair, set[str]] = {}
        # per organisation: the people with a pair there, and its foundings' roots
        self._org_pairs: dict[str, set[Pair]] = {}  # organisation -> pairs at any of its seats
        self._founding_roots: dict[str, set[str]] = {}
        self._case_roots: dict[str, set[str]] = {}
        self._entity_roots: dict[str, set[str]] = {}
        # the pairs a disputed fact may bear on (see engine.contested)
        self._disputes = DisputeIndex()
        # organisations inside others, and deals by either side
        self.hierarchy = Hierarchy()
        self.about: dict[str, set[str]] = {}
        # plan id -> the facts that move, cancel or fulfil it; entity -> its plans
        self._plan_steps: dict[str, set[str]] = {}
        self._plan_roots: dict[str, set[str]] = {}
        # the id of each event planned by a Planned -> when the log first held it
        self._planned: dict[str, int] = {}
        self._dirty: set[tuple[str, object]] = set()
        # contradictions found by the last refold of each pair and case
        self._problems: dict[tuple[str, object], list[ChronologyError]] = {}
        # answers whose details are worked out on first use: they read this
        # state, so those still alive are settled before it changes
        self._answers: list[weakref.ref[Settles]] = []
        self._answers_limit = 1024

    def watch(self, answer: Settles) -> None:
        """Settle ``answer`` before the state next changes. Amortised O(1): the
        references of answers already gone are dropped as the list grows."""
        answers = self._answers
        answers.append(weakref.ref(answer))
        if len(answers) > self._answers_limit:
            answers[:] = [ref for ref in answers if ref() is not None]
            self._answers_limit = max(1024, 2 * len(answers))

    @property
    def answers(self) -> list[Settles]:
        """The lazy answers still alive and not settled."""
        return [a for ref in self._answers if (a := ref()) is not None]

    def settle(self) -> None:
        """Work out every lazy answer still alive, before the state changes."""
        for answer in self.answers:
            answer.settle()
        self._answers.clear()

    # -- appending ------------------------------------------------------------

    def append(
        self,
        entries: Sequence[Entry],
        *,
        validate: bool = True,
        commit: Callable[[], None] | None = None,
    ) -> None:
        """Validate and take ``entries``; on any error, nothing changes.

        ``commit`` runs after validation and before the entries are logged
        (a store writes them there); if it raises, everything is undone.
        ``validate=False`` trusts entries read back from a store.
        """
        self.settle()
        previous: dict[str, tuple[FactVersion, ...] | None] = {}
        try:
            touched = self.lineages.add(entries)
        except BaseException:
            self.lineages.discard(entries)
            raise
        try:
            for root in touched:
                previous[root] = self.versions.get(root)
                self._install(root, self.lineages.versions(root))
            self._refold()
            if validate:
                self._validate(entries, touched, previous)
            if commit is not None:
                commit()
        except BaseException:
            for root, old in previous.items():
                self._install(root, old or ())
                if old is None:
                    del self.versions[root]
            self._refold()
            self.lineages.discard(entries)
            raise
        self.log.add(entries)

    def _install(self, root: str, new: tuple[FactVersion, ...]) -> None:
        old = self.versions.get(root, ())
        for version in old:
            if isinstance(version.event, OrganizationEvent):
                self.org_facts[version.event.org].remove(version)
            if isinstance(version.event, Founded):
                self.foundings.remove(version)
            self._disputes.unlink(root, version)
        self.versions[root] = new
        for version in new:
            self._link(root, version)
        self._dirty.update(self._keys(old))
        self._dirty.update(self._keys(new))

    def _link(self, root: str, version: FactVersion) -> None:
        """Index one version by organisation, founding, pair, case and entity."""
        event = version.event
        if isinstance(event, OrganizationEvent):
            self.org_facts.setdefault(event.org, SortedKeyList(key=_fact_key)).add(version)
        if isinstance(event, Founded):
            self.foundings.add(version)
            self._founding_roots.setdefault(event.org, set()).add(root)
        for pair in pairs_of(event):
            self._pair_roots.setdefault(pair, set()).add(root)
            self._org_pairs.setdefault(org_of(pair[1]), set()).add(pair)
        self._disputes.link(root, version)
        self.hierarchy.link(root, event)
        if isinstance(event, LawsuitEvent):
            self._case_roots.setdefault(event.case, set()).add(root)
        if isinstance(event, EntityEvent):
            self._entity_roots.setdefault(event.entity, set()).add(root)
        if isinstance(event, Founded):  # a founding starts the organisation's names
            self._entity_roots.setdefault(event.org, set()).add(root)
        for entity in event.about():
            self.about.setdefault(entity, set()).add(root)
        plan = event.plan if isinstance(event, (PlanCancelled, PlanMoved)) else event.fulfills
        if plan is not None:
            self._plan_steps.setdefault(plan, set()).add(root)
        if isinstance(event, Planned):
            held = self._planned.get(event.plan.id, version.known_from)
            self._planned[event.plan.id] = min(held, version.known_from)
        if planned_event(event) is not None:
            for entity in event.about():
                self._plan_roots.setdefault(entity, set()).add(root)

    def _keys(self, versions: Iterable[FactVersion]) -> set[tuple[str, object]]:
        keys: set[tuple[str, object]] = set()
        for version in versions:
            event = version.event
            keys.update(("pair", pair) for pair in pairs_of(event))
            if isinstance(event, Founded):
                keys.update(("pair", pair) for pair in self._org_pairs.get(event.org, ()))
            if isinstance(event, LawsuitEvent):
                keys.add(("case", event.case))
            if isinstance(event, EntityEvent):
                keys.add(("entity", event.entity))
            if isinstance(event, Founded):
                keys.add(("founding", event.org))
        return keys

    def _refold(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for kind, key in dirty:
            if kind == "pair":
                assert isinstance(key, tuple)
                records, problems = TenureIndex.compute(key, self._pair_versions(key))
                self.tenures.replace(key, records)
                self._problems[kind, key] = problems
            elif kind == "case":
                assert isinstance(key, str)
                cases, problems = CaseIndex.compute(key, self._case_versions(key))
                self.cases.replace(key, cases)
                self._problems[kind, key] = problems
            else:
                assert isinstance(key, str)
                self.names.replace(key, self._entity_versions(key))

    def gather(self, roots: Iterable[str]) -> list[FactVersion]:
        """Every version of the lineages ``roots``, by root."""
        return [v for root in sorted(roots) for v in self.versions.get(root, ())]

    def _pair_versions(self, pair: Pair) -> list[FactVersion]:
        """The versions whose event takes part in ``pair``'s tenures, and the
        organisation's foundings, which bound them.

        A lineage may leave a key (a correction moves a join to another
        organisation): only its versions that still name the key count.
        """
        org = org_of(pair[1])
        roots = self._pair_roots.get(pair, set()) | self._founding_roots.get(org, set())
        return [
            v for v in self.gather(roots)
            if pair in pairs_of(v.event) or (isinstance(v.event, Founded) and v.event.org == org)
        ]

    def _case_versions(self, case: str) -> list[FactVersion]:
        return [
            v for v in self.gather(self._case_roots.get(case, ()))
            if isinstance(v.event, LawsuitEvent) and v.event.case == case
        ]

    def _entity_versions(self, entity: str) -> list[FactVersion]:
        """The versions of the entity's own events, and of its foundings."""
        return [
            v for v in self.gather(self._entity_roots.get(entity, ()))
            if (isinstance(v.event, EntityEvent) and v.event.entity == entity)
            or (isinstance(v.event, Founded) and v.event.org == entity)
        ]

    # -- validation -----------------------------------------------------------

    def _validate(
        self,
        entries: Sequence[Entry],
        touched: set[str],
        previous: dict[str, tuple[FactVersion, ...] | None],
    ) -> None:
        """Check the batch's references and every key it touched, before or after.

        A key the batch takes an event away from (a retraction, a correction
        that moves a fact) is checked too: what is left there must still hold.
        """
        batch = {entry.event.id for entry in entries}
        for entry in entries:
            check_links(entry.event, entry.recorded, self.first_recorded, self._event_of)
            if placement(entry.event) is not None:
                check_placement(entry.event, functools.partial(self._parents, entry.recorded),
                                self.hierarchy.days(self.gather, entry.recorded))
        for root in touched:
            for version in self.versions[root]:
                self._check_references(version)
                for claim in version.claims:  # a disputing claim names entities too
                    if claim.event is not version.event:
                        self._check_references(attrs.evolve(version, event=claim.event))
        keys = set()
        for root in touched:
            keys |= self._keys(self.versions[root])
            keys |= self._keys(previous.get(root) or ())
        for kind, entity in sorted(keys, key=repr):
            if kind != "entity":
                continue
            assert isinstance(entity, str)
            self._check_declarations(entity)
            for root in self.about.get(entity, ()):
                for version in self.versions.get(root, ()):
                    self._check_references(version)
        problems = [
            (kind, key, problem)
            for kind in ("pair", "case")
            for key in sorted((key for k, key in keys if k == kind), key=repr)
            for problem in self._problems.get((kind, key), ())
        ]
        if problems:
            self._blame(problems, batch, entries, previous)
        for kind, case in sorted(keys, key=repr):
            if kind == "case":
                assert isinstance(case, str)
                self._check_answers(case, entries, previous)

    def _parents(self, known: int, unit: str, day: int) -> Iterable[str]:
        """The organisations ``unit`` may sit in on ``day``, as known at ``known``."""
        return self.hierarchy.parents(self.gather, unit, day, known, 0)

    def _event_of(self, event_id: str) -> Event | None:
        """The event of an id the lineages hold (a fact, even one retracted
        at once, or a replacement), in its latest version; else None."""
        root = self.lineages.root_of(event_id)
        if root is None:
            return None
        own = [v.event for v in self.versions.get(root, ()) if v.event.id == event_id]
        return own[-1] if own else self.lineages.fact(root).event

    def first_recorded(self, event_id: str) -> int | None:
        """When the log first held ``event_id`` (an event, a replacement, a
        correction, or an event a plan plans), or None."""
        times = [self._planned[event_id]] if event_id in self._planned else []
        root = self.lineages.root_of(event_id)
        if root is not None:  # a fact (even one retracted at once) or a replacement
            own = [v.known_from for v in self.versions.get(root, ())
                   if v.event.id == event_id and root != event_id]
            times += own or [self.lineages.fact(root).recorded]
        return min(times, default=None)

    # -- snapshots --------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """Everything derived so far, as immutable data."""
        return Snapshot(
            position=self.log.position,
            entries=tuple(self.log),
            versions=tuple(self.versions.items()),
            tenures=tuple((pair, self.tenures.records(pair)) for pair in self.tenures.pairs()),
            cases=tuple(self.cases.items()),
        )

    @classmethod
    def restore(cls, snapshot: Snapshot) -> Projections:
        """Projections rebuilt from a snapshot's records, with no refolding."""
        self = cls()
        self.log.add(snapshot.entries)
        self.lineages.add(snapshot.entries)
        for root, versions in snapshot.versions:
            self.versions[root] = versions
            for version in versions:
                self._link(root, version)
        for pair, tenure_records in snapshot.tenures:
            self.tenures.replace(pair, tenure_records)
        for case, case_records in snapshot.cases:
            self.cases.replace(case, case_records)
        for entity in self._entity_roots:
            self.names.replace(entity, self._entity_versions(entity))
        return self

    # -- reading ----------------------------------------------------------------

    def visible(self, known: int, level: int) -> Iterator[FactVersion]:
        """Every fact version a view holds, in no particular order. O(n)."""
        for versions in self.versions.values():
            for version in versions:
                if version.visible(known, level):
                    yield version

    def disputed_pairs(self, day: int, *, org: str | None = None,
                       person: str | None = None) -> list[tuple[Pair, list[FactVersion]]]:
        """The pairs at ``org`` or of ``person`` whose membership at ``day`` some
        disputed fact may bear on (a step of theirs, or a founding of the
        organisation up to the last day a claim dates it to), each with the
        versions its tenures fold. Runtime: O(1) when none."""
        out = []
        for pair in sorted(self._disputes.pairs(
                day, lambda o: self._org_pairs.get(o, ()), org=org, person=person)):
            versions = self._pair_versions(pair)
            have = {id(v) for v in versions}
            out.append((pair, versions + [v for v in self.gather(self._disputes.roots(pair))
                                          if id(v) not in have]))
        return out

    def plans_about(self, entity: str, known: int,
                    level: int) -> tuple[list[Event], list[Event]]:
        """The plans about ``entity`` a view holds (announcements, and events
        announced ahead), and every event that may fulfil, cancel or move
        them. Runtime: O(1) when no plan is about the entity, else
        O(events about it + their plans' steps)."""
        plans = [v.event for v in self.gather(self._plan_roots.get(entity, ()))
                 if v.visible(known, level) and planned_event(v.event) is not None
                 and entity in v.event.about()]
        if not plans:  # O(1) for an entity no plan is about
            return [], []
        held = [v.event for v in self.gather(self.about.get(entity, ()))
                if v.visible(known, level)]
        have = {e.id for e in held}
        named = {name for p in plans for name in (p.id, _planned_id(p))}
        steps = held + [v.event for name in sorted(named)
                        for v in self.gather(self._plan_steps.get(name, ()))
                        if v.visible(known, level) and v.event.id not in have]
        return plans, steps

    def foundings_of(self, org: str, known: int, level: int) -> list[Event]:
        """The foundings of ``org`` a view holds. Runtime: O(its foundings)."""
        return [v.event for v in self.gather(self._founding_roots.get(org, ()))
                if v.visible(known, level) and isinstance(v.event, Founded)
                and v.event.org == org]

    def version_of(self, event_id: str, known: int) -> FactVersion | None:
        """The version of ``event_id`` (a fact or replacement) a view holds."""
        root = self.lineages.root_of(event_id)
        if root is None:
            return None
        for version in self.versions.get(root, ()):
            if version.event.id == event_id and version.known_from <= known < version.known_until:
                return version
        return None

    def _check(self) -> None:
        """Assert every structural invariant of every index."""
        self.log._check()
        self.lineages._check(self.log)
        self.tenures._check()
        self.cases._check()
        self.names._check()
        self.foundings._check()
        assert {id(v) for v in self.foundings} == {
            id(v) for vs in self.versions.values() for v in vs if isinstance(v.event, Founded)}
        for org, facts in self.org_facts.items():
            check_sorted(facts)
            for version in facts:
                assert isinstance(version.event, OrganizationEvent)
                assert version.event.org == org
                assert any(version is v for v in self.versions[version.root])
        held = {id(v) for vs in self.versions.values() for v in vs}
        assert all(id(v) in held for facts in self.org_facts.values() for v in facts)
        fresh = DisputeIndex()
        for root, versions in self.versions.items():
            for version in versions:
                fresh.link(root, version)
        self._disputes._check(fresh)
        for pair in self.tenures.pairs():
            expected, _ = TenureIndex.compute(pair, self._pair_versions(pair))
            actual = self.tenures.records(pair)
            assert {(r.tenure, r.known_from, r.known_until, r.levels) for r in expected} == {
                (r.tenure, r.known_from, r.known_until, r.levels) for r in actual
            }, pair


def _planned_id(plan: Event) -> str:
    """The id of the event a plan is about (a step may name it instead)."""
    planned = planned_event(plan)
    return planned.id if planned is not None else plan.id
