"""What the projections answer besides the indices: the fact versions a
view holds, the pairs a dispute bears on, the plans about an entity, an
organisation's foundings. :class:`Reading` is a part of
:class:`~timeline.engine.projections.Projections`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.engine.contested import DisputeIndex
from timeline.engine.corrections import FactVersion, Lineages
from timeline.engine.plans import planned_event
from timeline.model.catalog import Founded
from timeline.model.events import Event

__all__ = ["Reading"]

Pair = tuple[str, str]


class Reading:
    """Readings of the state :class:`Projections` keeps."""

    lineages: Lineages
    versions: dict[str, tuple[FactVersion, ...]]
    about: dict[str, set[str]]
    _disputes: DisputeIndex
    _org_pairs: dict[str, set[Pair]]
    _plan_roots: dict[str, set[str]]
    _plan_steps: dict[str, set[str]]
    _founding_roots: dict[str, set[str]]

    def people_at(self, org: str) -> set[str]:
        """Everyone with a tenure held at any seat of ``org``."""
        return {person for person, _ in self._org_pairs.get(org, ())}

    def gather(self, roots: Iterable[str]) -> list[FactVersion]:
        raise NotImplementedError

    def _pair_versions(self, pair: Pair) -> list[FactVersion]:
        raise NotImplementedError

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


def _planned_id(plan: Event) -> str:
    """The id of the event a plan is about (a step may name it instead)."""
    planned = planned_event(plan)
    return planned.id if planned is not None else plan.id
