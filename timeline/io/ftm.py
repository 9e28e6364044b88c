"""FollowTheMoney, the data model of investigative newsrooms (Aleph,
OpenSanctions): people, organisations and their affiliations out as FtM
entities, and FtM entities in as events.

Out, one entity per line (``{"id", "schema", "properties"}``, each
property a list of strings):

- a person is a ``Person`` (``name``, ``alias``); an organisation a
  ``Company`` when the log holds a funding round or valuation of it, else an
  ``Organization``;
- a tenure is an ``Employment`` (``employee``, ``employer``), a board
  seat a ``Directorship`` (``director``, ``organization``), an advisor's
  or a founder's tenure a ``Membership`` (``member``, ``organization``,
  with the role ``advisor`` or ``founder``), each with its ``role`` (every
  role held), ``startDate`` and ``endDate`` as FtM date prefixes (``2024``,
  ``2024-08``, ``2024-08-19``: a year stays a year), ``summary`` (how it
  ended, and where to), ``recordId`` (the ids of the events it rests on)
  and the ``sourceUrl`` and ``publisher`` of their sources. ``description``
  says what FtM has no property for: a date it cannot hold, as reported (a
  range within a month becomes that month, one over months its year; an
  open start or a range over years no date at all), and a certainty other
  than reported (``certainty: rumored``; ``certainty: start reported, end
  rumored``).

In, :func:`events` reads ``Person``, ``Organization``, ``Company``,
``LegalEntity`` and ``PublicBody`` as declarations and each person's
``Employment``, ``Directorship`` and ``Membership`` as a ``Joined`` (a
``Rehired`` for a later one at the same place) at the start date and a
``Left`` at the end date, with the certainty its description states;
what it cannot date, or does not model, is reported, not guessed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from timeline.model.affiliations import Affiliation
from timeline.model.catalog import (
    Joined,
    Left,
    OrganizationDeclared,
    PersonDeclared,
    Rehired,
)
from timeline.model.certainty import Certainty
from timeline.model.dates import Precision, ValidDate
from timeline.model.errors import InvalidEventError, JsonLinesError, TimelineError
from timeline.model.events import Event
from timeline.model.sources import Source

__all__ = ["Imported", "Places", "Relation", "checked", "entities", "events", "ftm_date", "read"]

#: The FtM schema of each kind of affiliation, and its two ends.
_RELATIONS = {
    Affiliation.EMPLOYEE: ("Employment", "employee", "employer"),
    Affiliation.BOARD: ("Directorship", "director", "organization"),
    Affiliation.ADVISOR: ("Membership", "member", "organization"),
    Affiliation.FOUNDER: ("Membership", "member", "organization"),
}
_PEOPLE = frozenset({"Person"})
_ORGANIZATIONS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
_FTM_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@attrs.frozen
class Relation:
    """One tenure as an export takes it: who, where, in which kind of
    affiliation, when, in which roles, how sure, on what evidence."""

    person: str
    org: str
    affiliation: Affiliation
    start: ValidDate | None
    end: ValidDate | None
    roles: tuple[str, ...]
    certainty: Certainty
    """How sure the start is (the tenure's, when it has no start)."""
    evidence: tuple[str, ...]
    summary: str
    sources: tuple[Source, ...]
    end_certainty: Certainty | None = None
    """How sure the end is, when it is another certainty than the start's."""


def ftm_date(value: ValidDate | None) -> str | None:
    """The FtM date prefix that holds ``value`` (None: none does).

    >>> [ftm_date(ValidDate.parse(d)) for d in ("2024", "2024-08", "2024-08/2024-08-19",
    ...                                           "2024-03/2024-08", "2023/2024", "../2022-08")]
    ['2024', '2024-08', '2024-08', '2024', None, None]
    """
    if value is None or value.open_start:
        return None
    first, last = value.first_day.isoformat(), value.last_day.isoformat()
    if value.precision is Precision.DAY:
        return first
    if value.precision is Precision.MONTH or (
            value.precision is Precision.RANGE and first[:7] == last[:7]):
        return first[:7]
    return first[:4] if first[:4] == last[:4] else None


def _entity(entity_id: str, schema: str, properties: Mapping[str, Sequence[str | None]],
            ) -> dict[str, Any]:
    props = {k: list(dict.fromkeys(v for v in values if v))
             for k, values in properties.items()}
    return {"id": entity_id, "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def entities(people: Iterable[tuple[str, str, Sequence[str]]],
             orgs: Iterable[tuple[str, str, Sequence[str], bool]],
             relations: Iterable[Relation]) -> Iterator[dict[str, Any]]:
    """FtM entities: ``people`` as (id, name, aliases), ``orgs`` as (id,
    name, aliases, whether a company), then ``relations``."""
    for person, name, aliases in people:
        yield _entity(person, "Person", {"name": [name], "alias": aliases})
    for org, name, aliases, company in orgs:
        yield _entity(org, "Company" if company else "Organization",
                      {"name": [name], "alias": aliases})
    for relation in relations:
        schema, holder, held = _RELATIONS[relation.affiliation]
        roles = list(relation.roles)
        if relation.affiliation in (Affiliation.ADVISOR, Affiliation.FOUNDER):
            roles.append(relation.affiliation.value)
        start, end = ftm_date(relation.start), ftm_date(relation.end)
        widened = [f"{what} {date}" for what, date, kept in (
            ("start", relation.start, start), ("end", relation.end, end))
            if date is not None and kept != str(date)]
        notes = [*(["dates as reported: " + ", ".join(widened)] if widened else []),
                 *_certainties(relation)]
        yield _entity(_relation_id(relation), schema, {
            holder: [relation.person], held: [relation.org], "role": roles,
            "startDate": [start], "endDate": [end], "summary": [relation.summary],
            "description": ["; ".join(notes)] if notes else [],
            "recordId": relation.evidence,
            "sourceUrl": [s.url for s in relation.sources],
            "publisher": [s.publisher for s in relation.sources],
        })


#: How a description says how sure a relation's start and end are.
_SURE = re.compile(r"certainty: (?:start )?(rumored|reported|confirmed)"
                   r"(?:, end (rumored|reported|confirmed))?")


def _certainties(relation: Relation) -> list[str]:
    """What a description says of certainty: nothing for a reported
    relation, else the certainty (of the start and of the end apart when
    they differ)."""
    start, end = relation.certainty, relation.end_certainty or relation.certainty
    if start is end:
        return [] if start is Certainty.REPORTED else [f"certainty: {start.value}"]
    return [f"certainty: start {start.value}, end {end.value}"]


def _relation_id(relation: Relation) -> str:
    """A stable id: the same tenure exports under the same id."""
    seed = "\x1f".join((relation.affiliation.value, relation.person, relation.org,
                        *relation.evidence[:1]))
    return f"{relation.person}.{relation.org}.{_digest(seed, 10)}"


@attrs.frozen
class Imported:
    """What an import made of FtM entities: the events appended, and what it
    left out, by entity id, reported rather than guessed."""

    events: tuple[Event, ...]
    """The events appended (those the log held already are left out)."""
    undated: tuple[str, ...]
    """Affiliations with neither a start nor an end date."""
    ignored: tuple[str, ...]
    """Entities of schemas an import does not read, and affiliations held
    by an organisation (a company on a board): people's affiliations only."""


#: Where each entity of an import was read: a file's name and line, or its
#: place in a list of entities.
Places = dict[str, str]


def read(lines: Iterable[str], name: str, places: Places) -> Iterator[dict[str, Any]]:
    """The FtM entities of JSON Lines text; a bad line is a
    :class:`~timeline.JsonLinesError` naming it. ``places`` learns the line
    of each entity."""
    for number, line in enumerate(lines, 1):
        text = line.lstrip("\ufeff") if number == 1 else line
        if not text.strip():
            continue
        try:
            entity = json.loads(text)
        except json.JSONDecodeError as error:
            raise JsonLinesError(name, number, f"not JSON: {error.msg}") from None
        yield checked(entity, lambda reason, number=number: JsonLinesError(name, number, reason))
        places.setdefault(entity["id"], f"{name}, line {number}")


def checked(entity: object, error: Any) -> dict[str, Any]:
    """``entity`` if it is an FtM entity (an object with a string id and
    schema, and properties mapping names to lists of strings), else the
    error ``error(reason)`` makes."""
    if not (isinstance(entity, dict) and isinstance(entity.get("id"), str) and entity["id"]
            and isinstance(entity.get("schema"), str)
            and isinstance(entity.get("properties", {}), dict)):
        raise error("not a FollowTheMoney entity: expected an object with an 'id', "
                    "a 'schema' and 'properties'")
    for prop, values in entity.get("properties", {}).items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise error(f"property {prop!r} of {entity['id']!r} is not a list of strings")
    return entity


def events(found: Iterable[Mapping[str, Any]], source: Source, recorded: object,
           places: Places) -> Imported:
    """The events FtM entities state, cited to ``source`` and to the
    entity's own ``sourceUrl`` when it has one, all recorded at
    ``recorded``. An entity is declared on the earliest date the file
    gives it (else the earliest date in the file, else ``recorded``'s day).
    An error names the entity and where it was read (``places``)."""
    people: dict[str, Mapping[str, Any]] = {}
    orgs: dict[str, Mapping[str, Any]] = {}
    relations: list[Mapping[str, Any]] = []
    ignored: list[str] = []
    for entity in found:
        schema = entity["schema"]
        if schema in _PEOPLE:
            people[entity["id"]] = entity
        elif schema in _ORGANIZATIONS:
            orgs[entity["id"]] = entity
        elif schema in ("Employment", "Directorship", "Membership"):
            relations.append(entity)
        else:
            ignored.append(entity["id"])
    undated: list[str] = []
    earliest: dict[str, ValidDate] = {}
    tenures: list[Event] = []
    seen: set[tuple[str, ...]] = set()  # a later tenure at the same place is a return
    for relation in sorted(relations, key=_first_date):
        with _naming(relation["id"], places):
            holder = _values(relation, _ENDS[relation["schema"]][0])
            if holder and holder[0] in orgs:
                ignored.append(relation["id"])  # an organisation's seat: not a person's tenure
                continue
            made = _tenure(relation, source, recorded, seen)
        if not made:
            undated.append(relation["id"])
            continue
        tenures.extend(made)
        for event in made:
            for entity_id in (event.person, event.org):  # type: ignore[attr-defined]
                if entity_id not in earliest or event.valid.first < earliest[entity_id].first:
                    earliest[entity_id] = event.valid
    fallback = min(earliest.values(), key=lambda v: v.first,
                   default=ValidDate.parse(str(recorded)[:10]))
    declared: list[Event] = []
    for kind, group in ((PersonDeclared, people), (OrganizationDeclared, orgs)):
        for entity_id, entity in group.items():
            with _naming(entity_id, places):
                names = _values(entity, "name")
                if not names:
                    raise InvalidEventError(f"ftm-{entity_id}", "name",
                                            entity.get("properties"),
                                            "a FollowTheMoney entity with no name")
                valid = earliest.get(entity_id, fallback)
                aliases = tuple(dict.fromkeys((*names[1:], *_values(entity, "alias"),
                                               *_values(entity, "weakAlias"))))
                declared.append(kind(id=f"ftm-{entity_id}", entity=entity_id, name=names[0],
                                     aliases=aliases, valid=_day_of(valid),
                                     sources=_sources(entity, source), recorded=recorded))
    return Imported((*declared, *tenures), tuple(undated), tuple(ignored))


@contextlib.contextmanager
def _naming(entity_id: str, places: Places) -> Iterator[None]:
    """Say which FtM entity, read where, an error is about."""
    try:
        yield
    except TimelineError as error:
        error.add_note(f"in FollowTheMoney entity {entity_id!r}"
                       + (f" ({places[entity_id]})" if entity_id in places else ""))
        raise


def _day_of(valid: ValidDate) -> ValidDate:
    """A declaration's date: no later than anything dated about the entity."""
    return ValidDate.parse(valid.first_day) if valid.precision is Precision.RANGE else valid


def _values(entity: Mapping[str, Any], prop: str) -> list[str]:
    values = entity.get("properties", {}).get(prop, [])
    return [v for v in (values if isinstance(values, list) else [values]) if isinstance(v, str)]


def _sources(entity: Mapping[str, Any], source: Source) -> tuple[Source, ...]:
    """``source``, and a source for each of the entity's ``sourceUrl``s (with
    its ``publisher`` when it names one alone: FtM does not pair them)."""
    publishers = _values(entity, "publisher")
    publisher = publishers[0] if len(publishers) == 1 else None
    return (source, *(Source(f"{source.id}-{_digest(url, 8)}", url=url, publisher=publisher)
                      for url in _values(entity, "sourceUrl")))


def _digest(text: str, size: int) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:size]


def _ftm_valid(entity: Mapping[str, Any], prop: str) -> ValidDate | None:
    values = [v for v in _values(entity, prop) if _FTM_DATE.fullmatch(v[:10])]
    if not values:
        return None
    return ValidDate.parse(min(values, key=len)[:10])


def _first_date(relation: Mapping[str, Any]) -> tuple[int, str]:
    """Relations in the order of their first date (undated last, and those
    with a date that cannot be read, which the import then names), then by id."""
    try:
        dates = [d for d in (_ftm_valid(relation, "startDate"), _ftm_valid(relation, "endDate"))
                 if d is not None]
    except TimelineError:
        dates = []
    return (min((d.first for d in dates), default=1 << 30), relation["id"])


#: The two ends of each FtM affiliation: who holds it, and where.
_ENDS = {"Employment": ("employee", "employer"), "Directorship": ("director", "organization"),
         "Membership": ("member", "organization")}


def _tenure(relation: Mapping[str, Any], source: Source, recorded: object,
            seen: set[tuple[str, ...]]) -> list[Event]:
    schema = relation["schema"]
    holder, held = _ENDS[schema]
    people, orgs = _values(relation, holder), _values(relation, held)
    if not people or not orgs:
        raise InvalidEventError(f"ftm-{relation['id']}", holder if not people else held,
                                relation.get("properties"),
                                f"a {schema} names its {holder} and its {held}")
    roles = _values(relation, "role")
    affiliation = (Affiliation.EMPLOYEE if schema == "Employment" else Affiliation.BOARD
                   if schema == "Directorship" else Affiliation.FOUNDER if "founder" in roles
                   else Affiliation.ADVISOR)
    roles = [r for r in roles if r not in ("advisor", "founder")
             or affiliation is Affiliation.EMPLOYEE]
    sure = next((m for d in _values(relation, "description") if (m := _SURE.search(d))), None)
    start_certainty = Certainty.parse(sure.group(1)) if sure else Certainty.REPORTED
    end_certainty = Certainty.parse(sure.group(2)) if sure and sure.group(2) else start_certainty
    start, end = _ftm_valid(relation, "startDate"), _ftm_valid(relation, "endDate")
    common: dict[str, Any] = {"person": people[0], "org": orgs[0], "affiliation": affiliation,
                              "sources": _sources(relation, source), "recorded": recorded}
    made: list[Event] = []
    place = (people[0], orgs[0], affiliation.value)
    if start is not None:
        kind = Rehired if place in seen else Joined
        made.append(kind(id=f"ftm-{relation['id']}-start", valid=start,
                         role=roles[0] if roles else None, certainty=start_certainty,
                         **common))
    if made or end is not None:
        seen.add(place)
    if end is not None:
        made.append(Left(id=f"ftm-{relation['id']}-end", valid=end, certainty=end_certainty,
                         **common))
    return made
