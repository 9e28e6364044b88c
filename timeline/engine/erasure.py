"""Working out an erasure: which stored events hold a person's personal data,
and what each becomes without it.

A person's id is replaced by a pseudonym wherever it appears — as an entity
field, inside another event's id ("jane-doe-joined" becomes
"erased-9-joined", and every reference to that id with it) or in a source's
id or URL — and each of their names and aliases, as a whole word and in any
case, by ``[erased]`` in every text: titles, notes, quotes, roles. Every
event holding any of them is redacted the same way, so references between
events stay whole. Runtime: O(total payload size).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from timeline.engine.log import Entry
from timeline.model.entity_events import EntityEvent
from timeline.model.errors import InvalidEventError, InvalidQueryError, TimelineError
from timeline.model.events import Event, EventTypes

__all__ = ["ERASED", "Redaction", "names_of", "plan", "scrub"]

ERASED = "[erased]"
"""What a name or alias of an erased person reads as."""


@attrs.frozen
class Redaction:
    """One event without the erased person's data: where it is, the event it
    was (kept only until it is replaced) and the event it becomes."""

    position: int
    before: Event
    after: Event


def names_of(entries: Iterable[Entry], person: str) -> set[str]:
    """Every name and alias the log has given ``person``."""
    found: set[str] = set()
    for entry in entries:
        event = entry.event
        if isinstance(event, EntityEvent) and event.entity == person:
            for field in ("name", "alias", "aliases"):
                value = getattr(event, field, None)
                if isinstance(value, str):
                    found.add(value)
                elif isinstance(value, tuple):
                    found.update(v for v in value if isinstance(v, str))
    return {name for name in found if len(name.strip()) >= 2}


_Patterns = list[tuple[re.Pattern[str], str]]


def _patterns(person: str, names: Iterable[str], pseudonym: str) -> _Patterns:
    slug = re.compile(rf"(?<![A-Za-z0-9]){re.escape(person)}(?![A-Za-z0-9])", re.IGNORECASE)
    return [(slug, pseudonym)] + [  # "Jane Doe" before "Jane"
        (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), ERASED)
        for name in sorted(names, key=len, reverse=True)]


def _scrub(value: Any, patterns: Sequence[tuple[re.Pattern[str], str]]) -> Any:
    if isinstance(value, str):
        for pattern, replacement in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, Mapping):
        return {key: value[key] if key == "kind" else _scrub(value[key], patterns)
                for key in value}
    if isinstance(value, list):
        scrubbed = [_scrub(item, patterns) for item in value]
        if scrubbed != value and all(isinstance(item, str) for item in scrubbed):
            scrubbed = list(dict.fromkeys(scrubbed))  # ["Jane", "J. Doe"]: one "[erased]"
        return scrubbed
    return value


def scrub(value: Any, person: str, names: Iterable[str], pseudonym: str) -> Any:
    """A JSON value (text, list, object) without the person's id and names."""
    return _scrub(value, _patterns(person, names, pseudonym))


def plan(
    entries: Sequence[Entry], types: EventTypes, person: str, names: Iterable[str],
    pseudonym: str,
) -> list[Redaction]:
    """The redactions that erase ``person`` (known by ``names``) from the
    log's ``entries``: every event that holds their id or a name, as it
    becomes. Raises :class:`InvalidQueryError` when a redacted event would
    take the id of another."""
    patterns = _patterns(person, names, pseudonym)
    redactions: list[Redaction] = []
    for entry in entries:
        payload = types.encode(entry.event)
        scrubbed = _scrub(payload, patterns)
        if scrubbed == payload:
            continue
        try:
            after = types.decode(scrubbed)
        except TimelineError as error:
            raise InvalidEventError(
                entry.event.id, "erasure", person,
                f"without the person's names the event is no longer valid: {error}") from None
        redactions.append(Redaction(entry.position, entry.event, after))
    renamed = {r.before.id: r.after.id for r in redactions if r.before.id != r.after.id}
    kept = {entry.event.id for entry in entries} - set(renamed)
    for old, new in renamed.items():
        if new in kept or list(renamed.values()).count(new) > 1:
            raise InvalidQueryError(
                "erase", person, f"redacting event {old!r} would give it the id {new!r}, "
                "which another event has", hint="erase with another pseudonym")
    return redactions
