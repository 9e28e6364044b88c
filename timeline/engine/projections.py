"""The projection state behind a timeline, kept up to date on every append.

An append takes new entries into their lineages, recomputes the versions of
the lineages they touch, then refolds only the keys those versions touch: the
(person, organisation) pairs, the cases, the organisations' facts, the
entities' names. A founding bounds every tenure at its organisation, so it
touches every pair there. The whole batch is then validated against the updated
state; if anything is wrong, every change is undone (see
:mod:`timeline.engine.undo`), so a batch lands whole or not at all, even when
Ctrl-C interrupts it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence

import attrs
from sortedcontainers import SortedKeyList

from timeline.engine.checks import check_links, check_placement
from timeline.engine.contested import DisputeIndex
from timeline.engine.corrections import FactVersion, Lineages
from timeline.engine.hierarchy import Hierarchy, placement
from timeline.engine.interrupts import Deferred
from timeline.engine.intervals import check_sorted
from timeline.engine.lawsuits import CaseIndex, CaseRecord
from timeline.engine.log import Entry, Log
from timeline.engine.names import NameIndex
from timeline.engine.plans import planned_event
from timeline.engine.ranges import RangeIndex
from timeline.engine.reading import Reading
from timeline.engine.seats import org_of
from timeline.engine.settling import Settles, Watched
from timeline.engine.tenure_index import TenureIndex
from timeline.engine.tenure_records import TenureRecord
from timeline.engine.tenures import pairs_of
from timeline.engine.undo import Undo
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


class Projections(Validation, Reading):
    """Lineages, versions and every index, for one log."""

    def __init__(self, log: Log | None = None) -> None:
        self.log = Log() if log is None else log
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
        self._answers = Watched()
        # the transaction an append is taking entries in: what a store
        # writes beside them reads what it changed
        self.batch: Undo | None = None

    def watch(self, answer: Settles) -> None:
        """Settle ``answer`` before the state next changes. Amortised O(1)."""
        self._answers.add(answer)

    @property
    def answers(self) -> list[Settles]:
        """The lazy answers still alive and not settled."""
        return self._answers.alive()

    def settle(self) -> None:
        """Work out every lazy answer still alive, before the state changes."""
        self._answers.settle()

    # -- appending ------------------------------------------------------------

    def begin(self) -> Undo:
        """Start a transaction of one or more batches: what :meth:`append`
        changes within it is noted, to put back with :meth:`roll_back`."""
        return Undo(self.log.position)

    def append(
        self,
        entries: Sequence[Entry],
        *,
        validate: bool = True,
        commit: Callable[[], None] | None = None,
        undo: Undo | None = None,
    ) -> None:
        """Validate and take ``entries``; on any error, an interrupt too, nothing changes.

        ``commit`` runs after validation and before the entries are logged
        (a store writes them there); if it raises, everything is undone.
        ``validate=False`` trusts entries read back from a store. Within a
        transaction (``undo``, from :meth:`begin`), a failed batch is left
        for the caller to roll back with the rest of the transaction.

        Ctrl-C is held back while the state changes and raised between
        steps (see :mod:`timeline.engine.interrupts`), where the rollback,
        which costs no more than the steps it undoes, is sound.
        """
        own = undo is None
        held = self.begin() if undo is None else undo
        with Deferred() as interrupts:
            try:
                self.batch = held
                self._take(entries, validate, held, interrupts.check)
                interrupts.check()
                if commit is not None:
                    commit()
            except BaseException:
                if own:
                    self.roll_back(held)
                raise
            finally:
                self.batch = None
            self.log.add(entries)

    def _take(self, entries: Sequence[Entry], validate: bool, undo: Undo,
              check: Callable[[], None]) -> None:
        """Take ``entries`` into every index, noting in ``undo`` what was there."""
        self.settle()
        previous: dict[str, tuple[FactVersion, ...] | None] = {}
        undo.entries.extend(entries)
        touched = self.lineages.add(entries)
        for root in touched:
            check()
            previous[root] = self.versions.get(root)
            undo.versions.setdefault(root, previous[root])
            self._install(root, self.lineages.versions(root), undo)
        self._refold(undo, check)
        if validate:
            check()
            self._validate(entries, touched, previous)

    def roll_back(self, undo: Undo) -> None:
        """Put back what the transaction ``undo`` changed, with no fold run
        again: O(what it changed). Ctrl-C waits until it is done."""
        with Deferred():
            for root, old in reversed(undo.versions.items()):
                for version in (*self.versions.get(root, ()), *(old or ())):
                    self._unlink(root, version)
                if old is None:
                    self.versions.pop(root, None)
                    continue
                self.versions[root] = old
                for version in old:
                    self._relink(root, version)
            for pair, records in undo.tenures.items():
                self.tenures.replace(pair, records)
            for case, cases in undo.cases.items():
                self.cases.replace(case, cases)
            for key, problems in undo.problems.items():
                if problems is None:
                    self._problems.pop(key, None)
                else:
                    self._problems[key] = problems
            for entity in undo.entities:
                self.names.replace(entity, self._entity_versions(entity))
            for plan, first in undo.planned.items():
                if first is None:
                    self._planned.pop(plan, None)
                else:
                    self._planned[plan] = first
            self._dirty.clear()
            self.log.truncate(undo.start)
            self.lineages.discard(undo.entries)

    def _install(self, root: str, new: tuple[FactVersion, ...], undo: Undo | None) -> None:
        old = self.versions.get(root, ())
        self._dirty.update(self._keys(old))
        self._dirty.update(self._keys(new))
        for version in old:
            self._unlink(root, version)
        self.versions[root] = new
        for version in new:
            event = version.event
            if undo is not None and isinstance(event, Planned):
                undo.planned.setdefault(event.plan.id, self._planned.get(event.plan.id))
            self._link(root, version)

    def _unlink(self, root: str, version: FactVersion) -> None:
        """Take one version out of the indices it is linked in by identity
        (those :meth:`_relink` puts it in); a version not there is skipped."""
        event = version.event
        if isinstance(event, OrganizationEvent) and event.org in self.org_facts:
            self.org_facts[event.org].discard(version)
        if isinstance(event, Founded):
            self.foundings.discard(version)
        self._disputes.unlink(root, version)

    def _relink(self, root: str, version: FactVersion) -> None:
        """Put one version back in the indices :meth:`_unlink` takes it from."""
        event = version.event
        if isinstance(event, OrganizationEvent):
            self.org_facts.setdefault(event.org, SortedKeyList(key=_fact_key)).add(version)
        if isinstance(event, Founded):
            self.foundings.add(version)
        self._disputes.link(root, version)

    def _link(self, root: str, version: FactVersion) -> None:
        """Index one version by organisation, founding, pair, case and entity.

        Besides what :meth:`_relink` does, it adds the root to sets of roots
        by key, which a rollback leaves: every reader filters them by the
        versions held.
        """
        self._relink(root, version)
        event = version.event
        if isinstance(event, Founded):
            self._founding_roots.setdefault(event.org, set()).add(root)
        for pair in pairs_of(event):
            self._pair_roots.setdefault(pair, set()).add(root)
            self._org_pairs.setdefault(org_of(pair[1]), set()).add(pair)
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

    def _refold(self, undo: Undo | None = None, check: Callable[[], None] | None = None) -> None:
        """Refold every dirty key, one at a time, noting in ``undo`` what it held."""
        while self._dirty:
            if check is not None:
                check()
            kind, key = self._dirty.pop()
            if kind in ("entity", "founding"):
                assert isinstance(key, str)
                versions = self._entity_versions(key)
                if undo is not None:
                    undo.entities.add(key)
                self.names.replace(key, versions)
                continue
            if kind == "pair":
                assert isinstance(key, tuple)
                records, problems = TenureIndex.compute(key, self._pair_versions(key))
                if undo is not None and key not in undo.tenures:
                    undo.tenures[key] = self.tenures.records(key)
                self.tenures.replace(key, records)
            else:
                assert isinstance(key, str)
                cases, problems = CaseIndex.compute(key, self._case_versions(key))
                if undo is not None and key not in undo.cases:
                    undo.cases[key] = self.cases.records(key)
                self.cases.replace(key, cases)
            if undo is not None:
                undo.problems.setdefault((kind, key), self._problems.get((kind, key)))
            self._problems[kind, key] = problems

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
        # in a fixed order: a refused batch names one event whatever the read order
        for root in sorted(touched):
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
            for root in sorted(self.about.get(entity, ())):
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
