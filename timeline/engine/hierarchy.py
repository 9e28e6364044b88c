"""Organisations inside others: which parent a unit sits in on a day, and
the units under an organisation, with deals indexed by both their sides.

A placement (an ``OrganizationPlaced``, or an acquisition or merger, which
places its target inside its buyer) takes effect on its date. On a day,
the placements that may be the last one in effect are those begun by it
that no other placement begun by it certainly follows; a placement whose
date covers the day may not have happened yet, and then neither has it
displaced the one before (or the unit may still sit in none). The unit
certainly sits inside a parent when every placement that may be in effect
names that parent and none is still pending; it possibly does when one of
them names it. See "Deals and organisations inside others" in
docs/concepts.md.

>>> from timeline.model.catalog import OrganizationPlaced
>>> from timeline.model.dates import ValidDate
>>> moves = [OrganizationPlaced(id="a", valid="2020", org="lab", parent="x", sources="s"),
...          OrganizationPlaced(id="b", valid="2024-05", org="lab", parent="y", sources="s")]
>>> parents_at(moves, ValidDate.parse("2024-05-10").first)
{'x': False, 'y': False}
>>> parents_at(moves, ValidDate.parse("2024-06-01").first)
{'y': True}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from timeline.engine.corrections import FactVersion
from timeline.model.catalog import Deal, OrganizationPlaced
from timeline.model.events import Event

__all__ = ["Hierarchy", "parents_at", "placement"]

Gather = Callable[[Iterable[str]], list[FactVersion]]


def placement(event: Event) -> tuple[str, str | None] | None:
    """(unit, parent) when ``event`` places an organisation (parent None: in
    none), else None."""
    if isinstance(event, OrganizationPlaced):
        return event.org, event.parent
    if isinstance(event, Deal) and event.places_target:
        return event.target, event.org
    return None


def parents_at(events: Sequence[Event], day: int) -> dict[str, bool]:
    """The parents one unit's placements ``events`` may put it in on ``day``:
    parent -> whether certainly. Runtime: O(p^2), p the unit's placements."""
    begun = [e for e in events if e.valid.first <= day]
    settled = [e for e in begun if e.valid.last <= day]
    pending = [e for e in begun if e.valid.last > day]
    latest = [e for e in settled if not any(e.valid.certainly_before(o.valid) for o in settled)]
    candidates: set[str | None] = {_parent(e) for e in latest + pending}
    if pending and not latest:
        candidates.add(None)  # nothing may have happened yet
    sure = len(candidates) == 1
    return dict.fromkeys(sorted(p for p in candidates if p is not None), sure)


def _parent(event: Event) -> str | None:
    placed = placement(event)
    assert placed is not None
    return placed[1]


class Hierarchy:
    """The roots of every placement by unit, the units ever placed under each
    organisation, and the deals of each organisation on either side."""

    def __init__(self) -> None:
        self._placements: dict[str, set[str]] = {}
        self._children: dict[str, set[str]] = {}
        self._deals: dict[str, set[str]] = {}

    def link(self, root: str, event: Event) -> None:
        placed = placement(event)
        if placed is not None:
            unit, parent = placed
            self._placements.setdefault(unit, set()).add(root)
            if parent is not None:
                self._children.setdefault(parent, set()).add(unit)
        if isinstance(event, Deal):
            for side in (event.org, event.target):
                self._deals.setdefault(side, set()).add(root)

    def descendants(self, org: str) -> set[str]:
        """Every organisation ever placed under ``org``, however deep, in any
        view (candidates for a day's units). Runtime: O(their number)."""
        found: set[str] = set()
        todo = [org]
        while todo:
            for unit in self._children.get(todo.pop(), ()):
                if unit not in found and unit != org:
                    found.add(unit)
                    todo.append(unit)
        return found

    def days(self, gather: Gather, known: int) -> set[int]:
        """The first and last days of every placement the log held at
        ``known``: the days the organisations inside others may change.
        Runtime: O(placements)."""
        found: set[int] = set()
        for roots in self._placements.values():
            for version in gather(roots):
                if version.visible(known, 0) and placement(version.event) is not None:
                    found.update((version.event.valid.first, version.event.valid.last))
        return found

    def parents(self, gather: Gather, unit: str, day: int, known: int,
                level: int) -> dict[str, bool]:
        """The parents ``unit`` may sit in on ``day`` in a view. Runtime:
        O(p^2), p its placements."""
        events = [v.event for v in gather(self._placements.get(unit, ()))
                  if v.visible(known, level) and (placed := placement(v.event)) is not None
                  and placed[0] == unit]
        return parents_at(events, day)

    def ancestors(self, gather: Gather, org: str, day: int, known: int,
                  level: int) -> dict[str, bool]:
        """The organisations ``org`` sits inside on ``day``, nearest first:
        org -> whether certainly (every step up certain). Runtime: O(the
        walk up, times each step's placements squared)."""
        found: dict[str, bool] = {}
        todo = [(org, True)]
        while todo:
            unit, sure = todo.pop(0)
            for parent, certain in self.parents(gather, unit, day, known, level).items():
                if parent != org and parent not in found:
                    found[parent] = sure and certain
                    todo.append((parent, sure and certain))
        return found

    def units(self, gather: Gather, org: str, day: int, known: int,
              level: int) -> dict[str, bool]:
        """Every organisation inside ``org`` on ``day``, however deep: unit ->
        whether certainly (each step of the way certain). A circle of
        placements is followed once round. Runtime: O(units ever placed
        under it, however deep, times their placements squared)."""
        found: dict[str, bool] = {}
        todo = [(org, True)]
        while todo:
            parent, sure = todo.pop()
            for unit in sorted(self._children.get(parent, ())):
                inside = self.parents(gather, unit, day, known, level).get(parent)
                if inside is None or unit == org:
                    continue
                certain = sure and inside
                if unit not in found or (certain and not found[unit]):
                    found[unit] = certain
                    todo.append((unit, certain))
        return dict(sorted(found.items()))

    def tree_over(self, gather: Gather, org: str, days: tuple[int, int], known: int,
                  level: int) -> dict[str, bool]:
        """``org`` and every organisation inside it on some day of ``days``
        (first and last): unit -> whether certainly inside on every one of those days.
        The tree changes only on the first and last days of placements, so
        it is read on those days and the days before them, and on ``first``
        and ``last``. Runtime: O(units ever under it x their placements) walks
        of the units."""
        first, last = days
        sampled = {first, last}
        for unit in self.descendants(org):
            for version in gather(self._placements.get(unit, ())):
                if version.visible(known, level) and placement(version.event) is not None:
                    valid = version.event.valid
                    sampled.update(d for b in (valid.first, valid.last) for d in (b - 1, b)
                                   if first <= d <= last)
        trees = [{org: True} | self.units(gather, org, d, known, level) for d in sorted(sampled)]
        every = dict.fromkeys(u for tree in trees for u in tree)
        return {u: all(tree.get(u) is True for tree in trees) for u in every}

    def deals(self, gather: Gather, org: str, known: int, level: int,
              until: int) -> list[Deal]:
        """The deals ``org`` is a side of, begun by day ``until``, by date."""
        found = [v.event for v in gather(self._deals.get(org, ()))
                 if v.visible(known, level) and isinstance(v.event, Deal)
                 and org in (v.event.org, v.event.target) and v.event.valid.first <= until]
        return sorted(found, key=lambda e: (e.valid.first, e.valid.last, e.id))

