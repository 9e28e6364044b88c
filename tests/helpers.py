"""Shared builders for the example tests: declarations, sources, a fixed clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from timeline import Event, OrganizationDeclared, PersonDeclared, Source, Timeline
from timeline.model.dates import instant

WIRE = Source(
    "wire-2024-01-01",
    title="Who works where",
    publisher="Example Wire",
    published="2024-01-01",
    language="en",
    url="https://example.com/wire/2024-01-01",
)
GAZETTE = Source(
    "gazette-2024-06-01",
    title="Les départs",
    publisher="La Gazette",
    published="2024-01-01T08:00:00+02:00",  # out before any test records it
    language="fr",
)
BLOG = Source("blog-2024-07-01", title="A correction", publisher="A Blog", language="en")

DECLARED = "2024-01-01T00:00:00Z"
"""When the helpers' declarations are recorded: before every other event."""

Names = Mapping[str, str | tuple[str, ...]]


def _name_and_aliases(value: str | tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    if isinstance(value, str):
        return value, ()
    return value[0], tuple(value[1:])


def declare(
    *,
    people: Names | None = None,
    orgs: Names | None = None,
    recorded: str = DECLARED,
    valid: str = "2000",
) -> list[Event]:
    """Declarations for ``people`` and ``orgs``: id -> name, or id -> (name, *aliases)."""
    events: list[Event] = []
    for entity, value in (orgs or {}).items():
        name, aliases = _name_and_aliases(value)
        events.append(OrganizationDeclared(
            id=f"decl-{entity}", valid=valid, entity=entity, name=name, aliases=aliases,
            sources=WIRE, recorded=recorded,
        ))
    for entity, value in (people or {}).items():
        name, aliases = _name_and_aliases(value)
        events.append(PersonDeclared(
            id=f"decl-{entity}", valid=valid, entity=entity, name=name, aliases=aliases,
            sources=WIRE, recorded=recorded,
        ))
    return events


def fixed_clock(when: str = "2030-01-01T00:00:00Z") -> Callable[[], dt.datetime]:
    """A clock that always says ``when``: queries without ``at=`` and appends
    without ``recorded=`` become deterministic."""
    moment = instant(when)
    return lambda: moment


def build(events: Iterable[Event], *, clock: str = "2030-01-01T00:00:00Z") -> Timeline:
    """A timeline of ``events`` with a fixed clock, its invariants checked."""
    timeline = Timeline(events, clock=fixed_clock(clock))
    timeline._check()
    return timeline


def person(tag: str) -> PersonDeclared:
    """A person ``tag`` declared by the wire at the start of 2024 (the stores'
    tests append many of them)."""
    return PersonDeclared(id=f"decl-{tag}", valid="2000", entity=tag, name=tag.title(),
                          sources=Source("wire"), recorded="2024-01-01T00:00:00Z")


#: Every table a store keeps in PostgreSQL.
POSTGRES_TABLES = ("timeline_events, timeline_meta, timeline_event_keys, timeline_projection, "
                   "timeline_roster_regions, timeline_roster_tenures, timeline_entity_names")


def emptied(url: str) -> str:
    """``url``, a PostgreSQL database, with no timeline store in it."""
    import psycopg  # noqa: PLC0415 - only the PostgreSQL tests need it

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"DROP TABLE IF EXISTS {POSTGRES_TABLES}")
    return url
