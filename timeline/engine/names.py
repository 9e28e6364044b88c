"""Entities and their names: lookups by id or any alias, with suggestions.

Names are folded case- and accent-insensitively ("Sébastien", "sebastien",
"SEBASTIEN" are one key). Declarations, aliases and renames are events, so a
view ``known=R`` only answers to the names recorded by ``R``, and a renamed
entity keeps answering to its old name. Names are borne in valid time: where
several entities answer to one name, the query's date decides
(:mod:`timeline.engine.name_history`).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

import attrs

from timeline.engine.corrections import FactVersion
from timeline.engine.name_history import Bearing, bearings, choose
from timeline.model.catalog import (
    AliasAdded,
    Declared,
    EntityEvent,
    Founded,
    GroupDeclared,
    Renamed,
)
from timeline.model.dates import END_OF_TIME
from timeline.model.errors import (
    AmbiguousNameError,
    GroupNameError,
    UnknownEntityError,
    article,
)
from timeline.model.events import Event

#: An entity's views: the last recorded time it changed and its kind and plain
#: name from then on, then every change time with the kind and name from it.
View = tuple[int, tuple[str | None, str | None], list[int], list[tuple[str | None, str | None]]]
#: An entity's names in valid time: every recorded time its names change, and
#: from each, every name key it answers to with the days it bore it.
Names = tuple[list[int], list[dict[str, Bearing]]]

__all__ = ["Entity", "NameIndex", "fold_name", "names_of"]

_SEPARATORS = re.compile(r"[\W_]+")
_LETTERS = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss",
    "ı": "i", "ħ": "h", "ŋ": "ng",  # noqa: RUF001 - dotless i is meant
})
PERSON = "person"
ORGANIZATION = "organization"


def fold_name(name: str) -> str:
    """The lookup key of a name: no accents, no case, words split on punctuation.

    >>> fold_name("  Sébastien  BUBECK ") == fold_name("sebastien-bubeck")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", bare).strip()


@attrs.frozen
class Entity:
    """A person or an organisation as a view knows it."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


class NameIndex:
    """The entity events of every entity, and every name they answer to."""

    __slots__ = ("_foundings", "_histories", "_keys", "_versions", "_views")

    def __init__(self) -> None:
        self._versions: dict[str, list[FactVersion]] = {}
        self._foundings: dict[str, list[FactVersion]] = {}
        self._histories: dict[str, Names] = {}
        self._keys: dict[str, set[str]] = {}
        # per entity, worked out on first use: the recorded times at which its
        # view changes, and for each its kind and its name when no rename can
        # make the name depend on the date (None when one can)
        self._views: dict[str, View] = {}

    def replace(self, entity: str, versions: Iterable[FactVersion]) -> None:
        """Take the current versions of one entity's events and foundings."""
        self._views.pop(entity, None)
        self._histories.pop(entity, None)
        versions = list(versions)
        kept = [v for v in versions if isinstance(v.event, EntityEvent)]
        self._versions[entity] = kept
        self._foundings[entity] = [v for v in versions if isinstance(v.event, Founded)]
        for version in kept:
            for name in _names(version):
                self._keys.setdefault(fold_name(name), set()).add(entity)
        self._keys.setdefault(fold_name(entity), set()).add(entity)

    def view_table(self, entity: str) -> View:
        """The entity's kind and plain name by recorded time (see
        :meth:`name`): ``(latest, value, times, values)``, the name None
        where a rename makes it depend on the date. What a store keeps of
        an entity's names (:mod:`timeline.engine.kept_names`)."""
        table = self._views.get(entity)
        if table is None:
            table = self._views[entity] = self._table(entity)
        return table

    def held(self) -> Iterator[str]:
        """Every entity with a name event, in any view."""
        return (entity for entity, versions in self._versions.items() if versions)

    def _view(self, entity: str, known: int) -> tuple[str | None, str | None]:
        """The entity's kind and plain name as known at ``known``: O(log v)."""
        table = self._views.get(entity)
        if table is None:
            table = self._views[entity] = self._table(entity)
        latest, value, times, values = table
        if known >= latest:  # the view of everything known, or one past every change
            return value
        at = bisect.bisect_right(times, known) - 1
        return values[at] if at >= 0 else (None, None)

    def _table(self, entity: str) -> View:
        versions = self._versions.get(entity, [])
        declared = versions[0].event if len(versions) == 1 else None
        if isinstance(declared, Declared):
            # the common case, made cheap: one declaration, never corrected
            only = versions[0]
            value: tuple[str | None, str | None] = (declared.entity_kind, declared.name)
            if only.known_until == END_OF_TIME:
                return only.known_from, value, [only.known_from], [value]
            ends = [only.known_from, only.known_until]
            return ends[-1], (None, None), ends, [value, (None, None)]
        times = sorted({v.known_from for v in versions}
                       | {v.known_until for v in versions if v.known_until != END_OF_TIME})
        values: list[tuple[str | None, str | None]] = []
        for time in times:
            kind = self._kind(entity, time)
            renamed = any(isinstance(v.event, Renamed) and v.known_from <= time < v.known_until
                          for v in versions)
            values.append((kind, self.entity(entity, time).name
                           if kind is not None and not renamed else None))
        if not times:
            return END_OF_TIME, (None, None), times, values
        return times[-1], values[-1], times, values

    def name(self, entity: str, known: int, day: int | None = None) -> str:
        """The entity's name at ``day`` (latest if None): O(log v) for v versions
        of its names, unless a rename applies."""
        name = self._view(entity, known)[1]
        if name is not None:
            return name
        return self.entity(entity, known, day).name

    def kind(self, entity: str, known: int) -> str | None:
        """``"person"``, ``"organization"``, ``"product"``, ``"group"`` or None
        if undeclared in the view."""
        return self._view(entity, known)[0]

    def _kind(self, entity: str, known: int) -> str | None:
        for version in self._versions.get(entity, ()):
            if version.known_from <= known < version.known_until and isinstance(
                    version.event, Declared):
                return version.event.entity_kind
        return None

    def declared_over(self, entity: str, start: int, end: int) -> str | None:
        """The entity's kind if it is declared through all of ``[start, end)``.

        Consecutive versions of a declaration (cited, confirmed, corrected)
        count as one unbroken declaration.
        """
        spans = sorted(
            (v.known_from, v.known_until, v.event)
            for v in self._versions.get(entity, ())
            if isinstance(v.event, Declared)
        )
        covered, kind = start, None
        for first, until, event in spans:
            if first <= covered < until:
                covered = until
                assert isinstance(event, Declared)
                kind = event.entity_kind
            if covered >= end:
                return kind
        return None

    def entity(self, entity: str, known: int, day: int | None = None) -> Entity:
        """The entity ``entity`` with its name at ``day`` (latest if None)."""
        kind = self._kind(entity, known)
        if kind is None:
            raise UnknownEntityError(entity, self.suggest(entity, known))
        visible = [v.event for v in self._versions[entity] if v.known_from <= known < v.known_until]
        name = entity
        aliases: dict[str, None] = {}
        renames = []
        for event in visible:
            if isinstance(event, Declared):
                name = event.name
                aliases.update(dict.fromkeys(event.aliases))
            elif isinstance(event, AliasAdded):
                aliases[event.alias] = None
            elif isinstance(event, Renamed):
                renames.append(event)
        renames.sort(key=lambda e: (e.valid.first, e.valid.last, e.id))
        for rename in renames:
            aliases[name] = None
            if day is None or rename.valid.last <= day:
                name = rename.name
            else:
                aliases[rename.name] = None
        aliases.pop(name, None)
        return Entity(entity, kind, name, tuple(aliases))

    def resolve(
        self, name: str, known: int, *, kind: str | None = None, day: int | None = None,
        until: int | None = None, today: Callable[[], int] | None = None,
    ) -> str:
        """The id of the one entity that ``name`` means in the view.

        An id, exactly as written, means its entity. A name means the entity
        that bore it on ``day`` (or over ``[day, until]``), else the one that
        bore it nearest in time; with no ``day``, the one entity that answers
        to it, or the one that certainly bears it on the day ``today()``
        gives (:mod:`timeline.engine.name_history`). An id folded like a name (``"ACME"``
        for ``acme``) counts only where no entity answers to the name.

        Runtime complexity: O(1) for an id, O(c log v) for a name that c
        entities of v name versions answer to; an unknown one costs a fuzzy
        search over every name, for the suggestions.
        """
        if isinstance(name, str) and name in self._versions:  # an exact id: the common case
            found = self.kind(name, known)
            if found is not None and (kind is None or found == kind):
                return name
            if found is not None and kind is not None and not self._keys.get(fold_name(name)):
                self._check_other_kind(name, fold_name(name), known, kind)
        if not isinstance(name, str) or not name.strip():
            raise UnknownEntityError(repr(name), expected=kind or "person or organization")
        key = fold_name(name)
        found_by_name: dict[str, Bearing] = {}
        by_id = []
        for entity in self._keys.get(key, ()):
            if kind is not None and self.kind(entity, known) != kind:
                continue
            bearing = self._borne(entity, known).get(key)
            if bearing is not None:
                found_by_name[entity] = bearing
            elif fold_name(entity) == key and self.kind(entity, known) is not None:
                by_id.append(entity)
        if not found_by_name:
            if len(by_id) == 1:
                return by_id[0]
            if not by_id:
                if kind is not None:
                    self._check_other_kind(name, key, known, kind)
                raise UnknownEntityError(
                    name,
                    self.suggest(name, known, kind=kind),
                    expected=kind or "person or organization",
                )
            raise AmbiguousNameError(
                name, [f"{m} ({self.entity(m, known, day).name})" for m in sorted(by_id)],
                ids=sorted(by_id),
            )
        if len(found_by_name) == 1:
            return next(iter(found_by_name))
        now = today() if today is not None and day is None else None
        chosen = choose(found_by_name, day, until if until is not None else day, now)
        if len(chosen) == 1:
            return chosen[0]
        raise AmbiguousNameError(
            name, [f"{m} ({self.entity(m, known, day).name})" for m in chosen], ids=chosen,
            periods=[found_by_name[m].describe() for m in chosen],
            at=_span(day, until),
        )

    def _borne(self, entity: str, known: int) -> dict[str, Bearing]:
        """The entity's name keys in the view, with the days it bore each: O(log v)."""
        table = self._histories.get(entity)
        if table is None:
            table = self._histories[entity] = self._name_table(entity)
        times, values = table
        at = bisect.bisect_right(times, known) - 1
        return values[at] if at >= 0 else {}

    def _name_table(self, entity: str) -> Names:
        versions = self._versions.get(entity, []) + self._foundings.get(entity, [])
        times = sorted({v.known_from for v in versions}
                       | {v.known_until for v in versions if v.known_until != END_OF_TIME})
        values: list[dict[str, Bearing]] = []
        for time in times:
            visible = [v.event for v in versions if v.known_from <= time < v.known_until]
            declared = [e for e in visible if isinstance(e, Declared)]
            if not declared:
                values.append({})
                continue
            values.append(bearings(
                declared[0],
                [e.alias for e in visible if isinstance(e, AliasAdded)],
                [e for e in visible if isinstance(e, Renamed)],
                [e for e in visible if isinstance(e, Founded)],
                fold_name,
            ))
        return times, values

    def known_later(
        self, name: str, known: int, *, kind: str | None = None
    ) -> tuple[str, int] | None:
        """The entity ``name`` answers to in the first view after ``known`` that
        has it, and that view's recorded time; None when no later view does.

        A view ``known=R`` that has not heard of an entity the log learned of
        later answers questions about it with an empty answer saying so.
        Runtime: O(v log v), v the versions of the entities bearing the name.
        """
        if not isinstance(name, str) or not name.strip():
            return None
        found: tuple[int, str] | None = None
        for entity in self._keys.get(fold_name(name), ()):
            times = sorted({v.known_from for v in self._versions.get(entity, ())
                            if v.known_from > known})
            for time in times:
                if self._answers(entity, name, time) and (
                        kind is None or self.kind(entity, time) == kind):
                    found = min(found or (time, entity), (time, entity))
                    break
        return None if found is None else (found[1], found[0])

    def _answers(self, entity: str, name: str, known: int) -> bool:
        if self.kind(entity, known) is None:
            return False
        key = fold_name(name)
        if fold_name(entity) == key:
            return True
        return any(
            fold_name(n) == key
            for v in self._versions[entity] if v.known_from <= known < v.known_until
            for n in _names(v)
        )

    def names(self, known: int) -> Iterator[tuple[str, str]]:
        """Every (name, entity id) pair the view answers to."""
        for entity, versions in self._versions.items():
            if self.kind(entity, known) is None:
                continue
            yield entity, entity
            for version in versions:
                if version.known_from <= known < version.known_until:
                    for name in _names(version):
                        yield name, entity

    def entities(self, known: int) -> Iterator[str]:
        """Every entity id declared in the view."""
        return (e for e in self._versions if self.kind(e, known) is not None)

    def _check_other_kind(self, name: str, key: str, known: int, kind: str) -> None:
        """An :class:`UnknownEntityError` saying that ``name``, asked for as a
        ``kind``, is the name or id of an entity of another kind."""
        others = sorted({
            entity for entity in (*self._keys.get(key, ()), name)
            if entity in self._versions and self.kind(entity, known) not in (None, kind)
            and (entity == name or fold_name(entity) == key
                 or key in self._borne(entity, known))
        })
        if others:
            other = self.kind(others[0], known)
            assert other is not None
            members = self.members(others[0], known)
            if members:
                raise GroupNameError(name, [f"{self.entity(m, known).name} ({m})"
                                            for m in members], expected=kind)
            raise UnknownEntityError(
                name, expected=kind,
                reason=f"it names {article(other)} ({', '.join(map(repr, others))}), and "
                f"{article(kind)} was expected here; pass {article(kind)}'s name or id",
            )

    def members(self, entity: str, known: int) -> tuple[str, ...]:
        """The members of a group as the view declares it; () for any other
        entity. O(versions of the entity)."""
        for version in self._versions.get(entity, ()):
            event = version.event
            if version.known_from <= known < version.known_until and isinstance(
                    event, GroupDeclared):
                return event.members
        return ()

    def count(self, entity: str, known: int) -> int | None:
        """A group's stated count, as the view declares it; None otherwise."""
        for version in self._versions.get(entity, ()):
            event = version.event
            if version.known_from <= known < version.known_until and isinstance(
                    event, GroupDeclared):
                return event.count
        return None

    def suggest(self, name: str, known: int, *, kind: str | None = None) -> list[str]:
        """Up to three entities, displayed as ``Name (id)``: first those with
        a name holding every word of ``name`` (a surname alone finds the
        person), then those with a close name."""
        by_key: dict[str, set[str]] = {}
        for alias, entity in self.names(known):
            if kind is None or self.kind(entity, known) == kind:
                by_key.setdefault(fold_name(alias), set()).add(entity)
        words = set(fold_name(name).split())
        found: dict[str, None] = {}
        for key in sorted(by_key):
            if words and words <= set(key.split()):
                found.update(dict.fromkeys(sorted(by_key[key])))
        close = difflib.get_close_matches(fold_name(name), list(by_key), n=10, cutoff=0.6)
        for key in close:
            found.update(dict.fromkeys(sorted(by_key[key])))
        return [f"{self.entity(e, known).name} ({e})" for e in list(found)[:3]]

    def _check(self) -> None:
        for entity, foundings in self._foundings.items():
            assert all(isinstance(v.event, Founded) and v.event.org == entity for v in foundings)
        for entity, versions in self._versions.items():
            assert entity in self._keys[fold_name(entity)]
            for version in versions:
                assert isinstance(version.event, EntityEvent)
                assert version.event.entity == entity
                for name in _names(version):
                    assert entity in self._keys[fold_name(name)]


def _span(day: int | None, until: int | None) -> str | None:
    if day is None:
        return None
    first = _dt.date.fromordinal(day).isoformat()
    if until is None or until == day:
        return first
    return f"{first} to {_dt.date.fromordinal(until).isoformat()}"


def _names(version: FactVersion) -> tuple[str, ...]:
    return names_of(version.event)


def names_of(event: Event) -> tuple[str, ...]:
    """The names an entity event gives its entity (none for other events)."""
    if isinstance(event, Declared):
        return (event.name, *event.aliases)
    if isinstance(event, AliasAdded):
        return (event.alias,)
    if isinstance(event, Renamed):
        return (event.name,)
    return ()
