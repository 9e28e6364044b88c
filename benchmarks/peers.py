"""Peers: what a user would pick instead of timeline, answering from the same world.

Every peer answers ``roster(org, day)`` (the ids of the people at ``org`` at
the end of ``day``, an ordinal), ``where(person, day)`` (the organisations)
and ``headcounts(orgs, days)`` (how many are at each organisation on each
day):

- :class:`NaiveReplay` replays the whole log for every question;
- :class:`SortedIndex` is the hand-written index a user would write: per
  organisation, tenures in a sortedcontainers list by start day;
- :class:`SQLiteTable` is an indexed tenures table in SQLite, queried in SQL;
- :class:`DuckDBTable` is the same table in DuckDB, with one batched
  statement for the headcounts;
- :class:`PandasFrame` is the table as pandas DataFrames sorted by
  organisation and by person;
- :class:`EventSourced` uses the eventsourcing library: one aggregate per
  organisation (and one per person, for ``where``), its membership changes in
  valid-time order, read at the version a day stands for, with snapshots.

They are optional benchmark dependencies, not timeline's. Install them with

    python -m pip install duckdb pandas eventsourcing

(measured with duckdb 2.0.0, pandas 3.1.1 and eventsourcing 9.5.6;
sortedcontainers and sqlite3 come with timeline and Python).

The peers' tenure table comes from :func:`tenure_rows`, which loads the log
the way a careful user would: corrections applied, rumours left out, each
(person, organisation) pair's steps put in the order DESIGN.md gives, a date
known only to its month or year counted from its first day. The peers know
nothing of imprecision or recorded time, so :func:`agrees` accepts an answer
when it holds everyone timeline says is certainly there and no one timeline
rules out.
"""

from __future__ import annotations

import bisect
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import duckdb
import numpy as np
import pandas as pd
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from sortedcontainers import SortedKeyList

from timeline import (
    Confirmed,
    Corrected,
    Correction,
    Event,
    Founded,
    Retracted,
    TenureEvent,
)

__all__ = [
    "NEVER",
    "SINCE_EVER",
    "DuckDBTable",
    "EventSourced",
    "NaiveReplay",
    "PandasFrame",
    "Peer",
    "SQLiteTable",
    "SortedIndex",
    "agrees",
    "tenure_rows",
]

SINCE_EVER = -1  # a tenure whose start is unknown
NEVER = 10**7  # a tenure still open (beyond any ordinal date)

Row = tuple[str, str, int, int]  # person, org, first day there, first day gone
Headcounts = dict[tuple[str, int], int]

_START, _ROLE, _LEAVE_START, _LEAVE_END, _END = range(5)
_STEPS = {"start": _START, "role": _ROLE, "leave-start": _LEAVE_START,
          "leave-end": _LEAVE_END, "end": _END}
_REPORTED = 1  # certainty rank counted by default


# -- loading the log into a tenure table ------------------------------------------


def tenure_rows(
    events: Iterable[Event], *, org: str | None = None, person: str | None = None
) -> list[Row]:
    """The tenures the default view holds (reported or better, corrected), as rows,
    none before its organisation's founding.

    With ``org`` or ``person``, only theirs. Runtime: O(n) over the events.
    """
    facts: dict[str, tuple[Event, int] | None] = {}
    root_of: dict[str, str] = {}
    for item in events:
        if isinstance(item, Correction):
            root = root_of.get(item.target)
            held = facts.get(root) if root is not None else None
            if root is None or held is None:
                continue
            if isinstance(item, Retracted):
                facts[root] = None
            elif isinstance(item, Corrected):
                facts[root] = (item.replacement, item.replacement.certainty.rank)
                root_of[item.replacement.id] = root
            elif isinstance(item, Confirmed):
                facts[root] = (held[0], max(held[1], item.level.rank))
        elif isinstance(item, TenureEvent):
            if (org is None or item.org == org) and (person is None or item.person == person):
                facts[item.id] = (item, item.certainty.rank)
                root_of[item.id] = item.id
        elif isinstance(item, Founded) and (org is None or item.org == org):
            # every founding: it bounds every tenure at the organisation
            facts[item.id] = (item, item.certainty.rank)
            root_of[item.id] = item.id
    steps: dict[tuple[str, str], list[tuple[int, int, int, str]]] = {}
    founded: dict[str, int] = {}
    for fact in facts.values():
        if fact is None or fact[1] < _REPORTED:
            continue
        happened, valid = fact[0], fact[0].valid
        if isinstance(happened, Founded):
            founded[happened.org] = min(founded.get(happened.org, valid.first), valid.first)
            for founder in happened.founders:
                if person is None or founder == person:
                    steps.setdefault((founder, happened.org), []).append(
                        (valid.first, valid.last, _START, happened.id))
        else:
            assert isinstance(happened, TenureEvent)
            steps.setdefault((happened.person, happened.org), []).append(
                (valid.first, valid.last, _STEPS[happened.step], happened.id))
    rows: list[Row] = []
    for (who, at), pair_steps in steps.items():
        # nobody is a member before the organisation's founding
        since = founded.get(at, SINCE_EVER)
        rows.extend((who, at, max(start, since), stop)
                    for start, stop in _merged(_spells(pair_steps)) if stop > since)
    return rows


def _merged(spells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spells that overlap merged into one, so a person is counted once a day.

    They overlap when a departure with no known start is followed by a role
    change, also with none: both spells reach back to the unknown start.
    """
    out: list[tuple[int, int]] = []
    for start, stop in sorted(s for s in spells if s[0] < s[1]):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((start, stop))
    return out


def _spells(steps: list[tuple[int, int, int, str]]) -> list[tuple[int, int]]:
    """A pair's tenures as (first day there, first day gone), from its steps.

    Steps whose dates overlap may have happened in either order: of those that
    can come next, take one the tenure expects (a start when none is open; a
    leave's end only during a leave), by step rank; else the earliest.
    """
    remaining = sorted(steps)
    spells: list[tuple[int, int]] = []
    start: int | None = None
    on_leave = False
    while remaining:
        lasts = sorted(s[1] for s in remaining)
        ready = [s for s in remaining
                 if len(remaining) == 1 or s[0] <= (lasts[1] if s[1] == lasts[0] else lasts[0])]
        expected = {_START} if start is None else {
            _ROLE, _END, _LEAVE_END if on_leave else _LEAVE_START}
        fitting = [s for s in ready if s[2] in expected]
        step = min(fitting, key=lambda s: (s[2], s[0], s[1], s[3])) if fitting else ready[0]
        remaining.remove(step)
        if step[2] == _END:
            spells.append((SINCE_EVER if start is None else start, step[0]))
            start, on_leave = None, False
            continue
        if start is None:
            start, on_leave = (step[0] if step[2] == _START else SINCE_EVER), False
        if step[2] in (_LEAVE_START, _LEAVE_END):
            on_leave = step[2] == _LEAVE_START
    if start is not None:
        spells.append((start, NEVER))
    return spells


def agrees(answer: Iterable[str], certain: Iterable[str], possible: Iterable[str]) -> bool:
    """Whether a peer's answer holds every certain member and nobody ruled out."""
    given, sure = set(answer), set(certain)
    return sure <= given <= sure | set(possible)


# -- the peers ------------------------------------------------------------------------


class Peer:
    """What every peer answers; ``headcounts`` defaults to one roster per cell."""

    name: ClassVar[str] = "peer"
    bulk: ClassVar[str] = "one query per organisation and month"

    def roster(self, org: str, day: int) -> list[str]:
        raise NotImplementedError

    def where(self, person: str, day: int) -> list[str]:
        raise NotImplementedError

    def headcounts(self, orgs: Sequence[str], days: Sequence[int]) -> Headcounts:
        return {(org, day): len(self.roster(org, day)) for org in orgs for day in days}

    def close(self) -> None:
        """Free what the peer holds outside Python objects."""


class NaiveReplay(Peer):
    """Every question replays the whole log: O(n) per answer."""

    name = "naive full replay"

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events

    def roster(self, org: str, day: int) -> list[str]:
        return [p for p, _, start, stop in tenure_rows(self.events, org=org)
                if start <= day < stop]

    def where(self, person: str, day: int) -> list[str]:
        return [o for _, o, start, stop in tenure_rows(self.events, person=person)
                if start <= day < stop]


def _start_of(entry: tuple[int, int, str]) -> int:
    return entry[0]


class SortedIndex(Peer):
    """Per organisation, (start, stop, person) in a SortedKeyList by start day.

    A roster bisects to the tenures begun by the day and keeps those not yet
    ended: O(log n + tenures begun by then), the best plain interval list.
    """

    name = "sortedcontainers index"

    def __init__(self, rows: Iterable[Row]) -> None:
        self._orgs: dict[str, SortedKeyList[tuple[int, int, str], int]] = {}
        self._people: dict[str, list[tuple[int, int, str]]] = {}
        for person, org, start, stop in rows:
            self._orgs.setdefault(org, SortedKeyList(key=_start_of)).add((start, stop, person))
            self._people.setdefault(person, []).append((start, stop, org))

    def roster(self, org: str, day: int) -> list[str]:
        tenures = self._orgs.get(org)
        if tenures is None:
            return []
        begun = tenures.bisect_key_right(day)
        return [p for _, stop, p in tenures.islice(0, begun) if stop > day]

    def where(self, person: str, day: int) -> list[str]:
        return [o for start, stop, o in self._people.get(person, ()) if start <= day < stop]


class SQLiteTable(Peer):
    """A tenures table with covering indices by organisation and by person."""

    name = "SQLite, indexed table"

    def __init__(self, rows: Iterable[Row], path: str = ":memory:") -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            DROP TABLE IF EXISTS tenures;
            CREATE TABLE tenures (person TEXT NOT NULL, org TEXT NOT NULL,
                                  start INTEGER NOT NULL, stop INTEGER NOT NULL);
        """)
        self.db.executemany("INSERT INTO tenures VALUES (?, ?, ?, ?)", rows)
        self.db.executescript("""
            CREATE INDEX tenures_by_org ON tenures (org, start, stop, person);
            CREATE INDEX tenures_by_person ON tenures (person, start, stop, org);
            ANALYZE;
        """)
        self.db.commit()

    def roster(self, org: str, day: int) -> list[str]:
        return [p for (p,) in self.db.execute(
            "SELECT person FROM tenures WHERE org = ? AND start <= ? AND stop > ?",
            (org, day, day))]

    def where(self, person: str, day: int) -> list[str]:
        return [o for (o,) in self.db.execute(
            "SELECT org FROM tenures WHERE person = ? AND start <= ? AND stop > ?",
            (person, day, day))]

    def headcounts(self, orgs: Sequence[str], days: Sequence[int]) -> Headcounts:
        count = "SELECT count(*) FROM tenures WHERE org = ? AND start <= ? AND stop > ?"
        return {(org, day): self.db.execute(count, (org, day, day)).fetchone()[0]
                for org in orgs for day in days}

    def close(self) -> None:
        self.db.close()


def _frame(rows: Iterable[Row]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["person", "org", "start", "stop"])


class DuckDBTable(Peer):
    """The tenures table in DuckDB: one statement per question, or one for all."""

    name = "DuckDB, single queries"
    bulk = "one batched statement"

    def __init__(self, rows: Iterable[Row]) -> None:
        self.db = duckdb.connect()
        frame = _frame(rows)
        self.db.register("loaded", frame)
        self.db.execute("CREATE TABLE tenures AS SELECT * FROM loaded")
        self.db.unregister("loaded")

    def roster(self, org: str, day: int) -> list[str]:
        found = self.db.execute(
            "SELECT person FROM tenures WHERE org = ? AND start <= ? AND stop > ?",
            [org, day, day]).fetchall()
        return [p for (p,) in found]

    def where(self, person: str, day: int) -> list[str]:
        found = self.db.execute(
            "SELECT org FROM tenures WHERE person = ? AND start <= ? AND stop > ?",
            [person, day, day]).fetchall()
        return [o for (o,) in found]

    def headcounts(self, orgs: Sequence[str], days: Sequence[int]) -> Headcounts:
        found = self.db.execute("""
            SELECT q.org, q.day, count(t.person)
            FROM (SELECT o.org, d.day FROM unnest(?::VARCHAR[]) AS o(org)
                  CROSS JOIN unnest(?::INTEGER[]) AS d(day)) AS q
            LEFT JOIN tenures AS t ON t.org = q.org AND t.start <= q.day AND t.stop > q.day
            GROUP BY q.org, q.day
        """, [list(orgs), list(days)]).fetchall()
        return {(org, day): count for org, day, count in found}

    def close(self) -> None:
        self.db.close()


class PandasFrame(Peer):
    """The tenures as DataFrames indexed (sorted) by organisation and by person."""

    name = "pandas"
    bulk = "one vectorised comparison per organisation"

    def __init__(self, rows: Iterable[Row]) -> None:
        frame = _frame(rows)
        self.by_org = frame.sort_values(["org", "start"]).set_index("org")
        self.by_person = frame.sort_values(["person", "start"]).set_index("person")

    def roster(self, org: str, day: int) -> list[str]:
        part = self.by_org.loc[org:org]
        return part.person[(part.start <= day) & (part.stop > day)].tolist()

    def where(self, person: str, day: int) -> list[str]:
        part = self.by_person.loc[person:person]
        return part.org[(part.start <= day) & (part.stop > day)].tolist()

    def headcounts(self, orgs: Sequence[str], days: Sequence[int]) -> Headcounts:
        when = np.asarray(days)
        out: Headcounts = {}
        for org in orgs:
            part = self.by_org.loc[org:org]
            starts, stops = part.start.to_numpy()[:, None], part.stop.to_numpy()[:, None]
            counts = ((starts <= when) & (stops > when)).sum(axis=0)
            out.update({(org, int(day)): int(n) for day, n in zip(when, counts, strict=True)})
        return out


# -- eventsourcing --------------------------------------------------------------------

_NAMESPACE = uuid.UUID("5b0c6a52-0f57-4a43-9d5e-1d9a4f0c2b7e")
SNAPSHOT_INTERVAL = 100


class Membership(Aggregate):
    """Who (or where) is a member, event-sourced: one per organisation or person."""

    @event("Registered")
    def __init__(self, key: str) -> None:
        self.key = key
        self.members: dict[str, int] = {}

    @staticmethod
    def create_id(key: str) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, key)

    @event("Joined")
    def join(self, member: str) -> None:
        self.members[member] = self.members.get(member, 0) + 1

    @event("Left")
    def leave(self, member: str) -> None:
        left = self.members.get(member, 0) - 1
        if left > 0:
            self.members[member] = left
        else:
            self.members.pop(member, None)


class _Memberships(Application[uuid.UUID]):
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Membership: SNAPSHOT_INTERVAL}


class EventSourced(Peer):
    """eventsourcing: per organisation and per person, an aggregate whose events
    are the membership changes in valid-time order; a day maps (by bisection
    over the aggregate's change days) to the version read. In-memory (POPO)
    persistence, a snapshot every ``SNAPSHOT_INTERVAL`` events.
    """

    name = "eventsourcing, snapshots"

    def __init__(self, rows: Sequence[Row]) -> None:
        self.app = _Memberships(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        self._days: dict[str, list[int]] = {}
        orgs: dict[str, list[tuple[int, int, str]]] = {}
        people: dict[str, list[tuple[int, int, str]]] = {}
        for person, org, start, stop in rows:
            orgs.setdefault(f"org:{org}", []).append((start, 0, person))
            people.setdefault(f"person:{person}", []).append((start, 0, org))
            if stop != NEVER:
                orgs[f"org:{org}"].append((stop, 1, person))
                people[f"person:{person}"].append((stop, 1, org))
        for group in (orgs, people):
            for key, changes in group.items():
                self._build(key, sorted(changes))

    def _build(self, key: str, changes: list[tuple[int, int, str]]) -> None:
        aggregate = Membership(key)
        for index, (_, leaving, member) in enumerate(changes, 1):
            if leaving:
                aggregate.leave(member)
            else:
                aggregate.join(member)
            if index % 1000 == 0:
                self.app.save(aggregate)
        self.app.save(aggregate)
        self._days[key] = [day for day, _, _ in changes]

    def _members(self, key: str, day: int) -> list[str]:
        days = self._days.get(key)
        if days is None:
            return []
        version = 1 + bisect.bisect_right(days, day)  # version 1 is the registration
        aggregate = self.app.repository.get(Membership.create_id(key), version=version)
        return list(aggregate.members)

    def roster(self, org: str, day: int) -> list[str]:
        return self._members(f"org:{org}", day)

    def where(self, person: str, day: int) -> list[str]:
        return self._members(f"person:{person}", day)

    def close(self) -> None:
        self.app.close()

