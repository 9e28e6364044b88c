"""Working out an erasure: which stored events hold a person's personal data,
and what each becomes without it.

A person's id is replaced by a pseudonym wherever it appears — as an entity
field, or in a source's URL — and so are their id and names inside event
and source ids ("doe-joined" becomes "erased-9-joined", and every reference
to that id with it); each of their names and aliases, as a whole word and
in any case, becomes ``[erased]`` in every other text: titles, notes,
quotes, roles. Other entities' ids and names stay whole. Every event
holding any of them is redacted the same way, so references between events
stay whole. Runtime: O(total payload size).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from timeline.engine.log import Entry
from timeline.model.errors import InvalidEventError, TimelineError
from timeline.model.events import Event, EventTypes

__all__ = ["ERASED", "Redaction", "Scrubber", "plan"]

ERASED = "[erased]"
"""What a name or alias of an erased person reads as."""


@attrs.frozen
class Redaction:
    """One event without the erased person's data: where it is, the event it
    was (kept only until it is replaced) and the event it becomes."""

    position: int
    before: Event
    after: Event


_NAMED = ("name", "alias", "aliases")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _words(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Each name as a whole word in any case, the longest first ("Jane Doe"
    before "Jane")."""
    return [re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
            for name in sorted(set(names), key=len, reverse=True)]


def _in_slugs(slugs: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(rf"(?<![a-z0-9]){re.escape(slug)}(?![a-z0-9])", re.IGNORECASE)
            for slug in sorted({s for s in slugs if s}, key=len, reverse=True)]


@attrs.frozen
class _Survey:
    """What a log holds that an erasure must tell apart: every id, the ids of
    entities, and the names of the person and of everyone else."""

    ids: frozenset[str]
    entities: frozenset[str]
    names: frozenset[str]
    others: frozenset[str]


def _survey(payloads: Iterable[Mapping[str, Any]], events: Iterable[Event],
            person: str) -> _Survey:
    ids: set[str] = set()
    entities: set[str] = {entity for event in events for _, entity in event.references()}
    names: set[str] = set()
    others: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            if isinstance(value.get("id"), str):
                ids.add(value["id"])
            entity = value.get("entity")
            if isinstance(entity, str):
                entities.add(entity)
                found = names if entity == person else others
                for key in _NAMED:
                    held = value.get(key)
                    found.update([held] if isinstance(held, str) else
                                 [v for v in held or () if isinstance(v, str)])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for payload in payloads:
        walk(payload)
    return _Survey(frozenset(ids), frozenset(entities - {person}),
                   frozenset(n for n in names if len(n.strip()) >= 2), frozenset(others))


class Scrubber:
    """Takes a person's data out of JSON values, as an erasure does.

    An entity's id is left alone, the person's becomes the pseudonym; an
    event's or a source's id loses the person's id, names and each word of
    four letters or more of their names (as slugs) to the pseudonym, one new
    id per old one, kept apart from every other (``-2``, ``-3`` where two
    would meet); any other text loses the
    person's names, as whole words in any case, to ``[erased]`` and their
    id to the pseudonym, while the names of everyone else stay whole
    ("Daniela Amodei" when erasing a Dario known as "Amodei").
    """

    def __init__(self, survey: _Survey, person: str, pseudonym: str) -> None:
        self.person, self.pseudonym = person, pseudonym
        self._entities = survey.entities
        self._id = re.compile(rf"(?<![A-Za-z0-9]){re.escape(person)}(?![A-Za-z0-9])",
                              re.IGNORECASE)
        self._names = _words(survey.names)
        self._protected = sorted(
            (n for n in survey.others if any(p.search(n) for p in self._names)),
            key=len, reverse=True)
        words = {w for n in survey.names for w in _slug(n).split("-")
                 if len(w) >= 4 and not w.isdigit()}  # "jordan-joins" holds a name too
        in_ids = _in_slugs([person, *(_slug(n) for n in survey.names), *words])
        self.renamed: dict[str, str] = {}
        used = set(survey.ids)
        for old in sorted(survey.ids - survey.entities - {person}):
            new = old
            for pattern in in_ids:
                new = pattern.sub(pseudonym, new)
            if new == old:
                continue
            candidate, n = new, 1
            while candidate in used:
                n += 1
                candidate = f"{new}-{n}"
            used.add(candidate)
            self.renamed[old] = candidate

    def text(self, value: str) -> str:
        """Free text without the person's names and id."""
        kept: list[str] = []
        for name in self._protected:  # others' names that hold one of the person's
            pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)

            def hide(match: re.Match[str]) -> str:
                kept.append(match.group(0))
                return f"\x00{len(kept) - 1}\x00"

            value = pattern.sub(hide, value)
        value = self._id.sub(self.pseudonym, value)
        for pattern in self._names:
            value = pattern.sub(ERASED, value)
        return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], value)

    def __call__(self, value: Any) -> Any:
        """A JSON value (text, list, object) without the person's data."""
        if isinstance(value, str):
            if value == self.person:
                return self.pseudonym
            if value in self._entities:
                return value
            if value in self.renamed:
                return self.renamed[value]
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: value[key] if key == "kind" else self(value[key]) for key in value}
        if isinstance(value, list):
            scrubbed = [self(item) for item in value]
            if scrubbed != value and all(isinstance(item, str) for item in scrubbed):
                scrubbed = list(dict.fromkeys(scrubbed))  # ["Jane", "J. Doe"]: one "[erased]"
            return scrubbed
        return value


def plan(
    entries: Sequence[Entry], types: EventTypes, person: str, pseudonym: str,
) -> tuple[list[Redaction], Scrubber]:
    """The redactions that erase ``person`` from the log's ``entries`` (every
    event that holds their id or a name, as it becomes), and the scrubber
    that made them, for the erasure's own text."""
    payloads = [types.encode(entry.event) for entry in entries]
    scrub = Scrubber(_survey(payloads, (e.event for e in entries), person), person, pseudonym)
    redactions: list[Redaction] = []
    for entry, payload in zip(entries, payloads, strict=True):
        scrubbed = scrub(payload)
        if scrubbed == payload:
            continue
        try:
            after = types.decode(scrubbed)
        except TimelineError as error:
            raise InvalidEventError(
                entry.event.id, "erasure", person,
                f"without the person's names the event is no longer valid: {error}") from None
        redactions.append(Redaction(entry.position, entry.event, after))
    return redactions, scrub
