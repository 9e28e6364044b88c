"""An entity's names as a store keeps them beside its log, so that a roster
read from the store names its people without reading their declarations
(see "Opening a large store" in docs/stores.md).

What is kept of an entity is :meth:`~timeline.engine.names.NameIndex.view_table`:
its kind and plain name from each recorded time on. Where a rename makes
the name depend on the date, the name kept is None, and the entity's
declarations are read instead.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator

from timeline.engine.names import NameIndex
from timeline.model.errors import unreadable_kept

__all__ = ["KeptName", "kept_name_rows"]


def kept_name_rows(names: NameIndex, entities: Iterable[str]) -> Iterator[tuple[str, str]]:
    """What a store keeps of ``entities``' names: ``(entity, body)`` rows,
    one an entity the index holds."""
    held = set(names.held())
    for entity in entities:
        if entity in held:
            latest, value, times, values = names.view_table(entity)
            yield entity, json.dumps([latest, value, times, values], separators=(",", ":"),
                                     ensure_ascii=False)


class KeptName:
    """One entity's kept names, read back."""

    __slots__ = ("_entity", "_latest", "_times", "_value", "_values")

    def __init__(self, entity: str, body: str) -> None:
        self._entity = entity
        try:
            latest, value, times, values = json.loads(body)
        except (ValueError, TypeError):
            raise unreadable_kept("entity_names", repr(entity), body) from None
        self._latest: int = latest
        self._value: list[str | None] = value
        self._times: list[int] = times
        self._values: list[list[str | None]] = values

    def name(self, known: int) -> str | None:
        """The entity's name as known at ``known``: None when it depends on
        the date (a rename) or the entity is not declared then."""
        return self.view(known)[1]

    def view(self, known: int) -> tuple[str | None, str | None]:
        """The entity's kind and name as known at ``known``: the name None
        when it depends on the date (a rename), both None when the entity
        is not declared then."""
        try:
            if known >= self._latest:
                kind, name = self._value
            else:
                at = bisect.bisect_right(self._times, known) - 1
                kind, name = self._values[at] if at >= 0 else (None, None)
        except (TypeError, IndexError, ValueError):
            raise unreadable_kept("entity_names", repr(self._entity), [
                self._latest, self._value, self._times, self._values]) from None
        return kind, name
