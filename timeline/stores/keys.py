"""What a store keeps beside its log: which events bear on what, and rosters.

Every event's keys (:func:`timeline.engine.scopes.keys_of`) are written in
the same transaction as the event, and so are the roster regions of every
(person, seat) pair the event changed
(:meth:`timeline.engine.tenure_index.TenureIndex.region_rows`): the days
and recorded times each person is certainly, or only possibly, on a seat's
roster, at each certainty level; and the pair's tenures, as much of them as
a roster entry reads (:mod:`timeline.engine.kept_tenures`); and the names
of every entity the event renamed (:mod:`timeline.engine.kept_names`). The
``projection`` table records the head (position and hash) they reflect,
with their version. A timeline opening the store answers a roster from the
regions and any other question by reading only the events its scope's keys
name; a store whose recorded head or version does not match its log
(written by an older release, or after an erasure) has them made again from
the whole log on the next open. SQLite and PostgreSQL share these
statements; each store passes its own ``execute`` and ``executemany``
(with its own error handling) and its tables' names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs

from timeline.stores.base import Head

__all__ = ["INSERT", "INSERT_NAMES", "INSERT_REGIONS", "INSERT_TENURES", "TABLES", "KeyTables",
           "Region", "create_statements"]

#: The tables beside the log, without a store's prefix.
TABLES = ("event_keys", "projection", "roster_regions", "roster_tenures", "entity_names")

Rows = list[tuple[object, ...]]
Execute = Callable[[str, Sequence[object]], Rows]
ExecuteMany = Callable[[str, Sequence[Sequence[object]]], None]

#: How many values one ``IN (...)`` list holds.
_CHUNK = 500

NAME = "keys"

#: The row of the roster regions, kept tenures and kept names in
#: ``projection``, apart from the keys'. Rows of other names are those of an
#: earlier release ("scopes", "rosters"), whose writers move their own rows
#: and write keys of their own version: while any is there, nothing is
#: believed, and the next open makes everything again.
ROSTERS = "kept"

#: How a batch's keys are written (PostgreSQL copies them in instead).
INSERT = "INSERT INTO {p}event_keys VALUES (?, ?)"

#: How a batch's roster regions are written (PostgreSQL copies them in instead).
INSERT_REGIONS = "INSERT INTO {p}roster_regions VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

#: How a batch's kept tenures are written (PostgreSQL copies them in instead).
INSERT_TENURES = "INSERT INTO {p}roster_tenures VALUES (?, ?, ?)"

#: How a batch's kept names are written (PostgreSQL copies them in instead).
INSERT_NAMES = "INSERT INTO {p}entity_names VALUES (?, ?)"

#: A pair's tenures as kept: seat, person, the text of
#: :func:`timeline.engine.kept_tenures.kept_body` (None: not kept).
Kept = tuple[str, str, str | None]

#: A roster region as kept: seat, person, the certainty levels it holds at
#: (a bit per rank), whether certainly a member (1) or only possibly (0),
#: days ``[lo, hi)``, recorded times ``[known_from, known_until)``.
Region = tuple[str, str, int, int, int, int, int, int]


def create_statements(prefix: str, *, sqlite: bool) -> list[str]:
    """The statements that make the key tables, if missing."""
    suffix = " WITHOUT ROWID" if sqlite else ""
    keys = (f"CREATE TABLE IF NOT EXISTS {prefix}event_keys (key TEXT NOT NULL, "
            f"position BIGINT NOT NULL, PRIMARY KEY (key, position)){suffix}")
    by_position = (f"CREATE INDEX IF NOT EXISTS {prefix}event_keys_position "
                   f"ON {prefix}event_keys (position)")
    projection = (f"CREATE TABLE IF NOT EXISTS {prefix}projection (name TEXT PRIMARY KEY, "
                  "version INTEGER NOT NULL, position BIGINT NOT NULL, hash TEXT NOT NULL)")
    # keyed by seat and last day: a roster reads, in the key alone, the regions
    # of its seat that last past its day (for an early day, most of them)
    regions = (f"CREATE TABLE IF NOT EXISTS {prefix}roster_regions (seat TEXT NOT NULL, "
               "person TEXT NOT NULL, levels INTEGER NOT NULL, sure INTEGER NOT NULL, "
               "lo BIGINT NOT NULL, hi BIGINT NOT NULL, known_from BIGINT NOT NULL, "
               "known_until BIGINT NOT NULL, PRIMARY KEY (seat, hi, lo, known_from, "
               f"known_until, levels, sure, person)){suffix}")
    by_pair = (f"CREATE INDEX IF NOT EXISTS {prefix}roster_regions_pair "
               f"ON {prefix}roster_regions (seat, person)")
    tenures = (f"CREATE TABLE IF NOT EXISTS {prefix}roster_tenures (seat TEXT NOT NULL, "
               f"person TEXT NOT NULL, body TEXT, PRIMARY KEY (seat, person)){suffix}")
    names = (f"CREATE TABLE IF NOT EXISTS {prefix}entity_names (entity TEXT NOT NULL "
             f"PRIMARY KEY, body TEXT NOT NULL){suffix}")
    return [keys, by_position, projection, regions, by_pair, tenures, names]


def _numbers(values: Sequence[object]) -> tuple[object, ...]:
    """A region's numbers as integers; one changed behind the library into
    something else is kept as it is, for verify to name the row."""
    return tuple(v if type(v) is int else _number(v) for v in values)


def _number(value: object) -> object:
    try:
        return int(str(value))
    except ValueError:
        return value


@attrs.frozen
class KeyTables:
    """The key tables of one store, read and written through its connection."""

    execute: Execute
    executemany: ExecuteMany
    prefix: str = ""
    mark: str = "?"

    def _sql(self, text: str) -> str:
        return text.replace("{p}", self.prefix).replace("?", self.mark)

    def _in(self, sql: str, values: Iterable[Any], *, before: tuple[object, ...] = (),
            after: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
        """The rows of ``sql`` whose ``IN ({in})`` list holds ``values``, sorted,
        asked :data:`_CHUNK` at a time, with parameters ``before`` and ``after``
        those of the list."""
        wanted = sorted(values)
        for at in range(0, len(wanted), _CHUNK):
            part = wanted[at:at + _CHUNK]
            yield from self.execute(self._sql(sql.replace("{in}", ", ".join("?" * len(part)))),
                                    (*before, *part, *after))

    def head(self) -> tuple[int, Head] | None:
        """The version of the keys and regions and the head they reflect;
        None when they were never made, an erasure made them stale, or the
        two do not agree (a writer of an earlier release, which kept keys
        and no regions, appended since they were made)."""
        rows = self.execute(self._sql("SELECT name, version, position, hash FROM {p}projection"),
                            ())
        heads = {(int(str(v)), Head(int(str(p)), str(h))) for _, v, p, h in rows}
        if sorted(str(row[0]) for row in rows) != sorted((NAME, ROSTERS)) or len(heads) != 1:
            return None
        return heads.pop()

    def any(self, key: str, upto: int) -> bool:
        """Whether an event up to position ``upto`` has ``key``."""
        return bool(self.execute(self._sql(
            "SELECT 1 FROM {p}event_keys WHERE key = ? AND position <= ? LIMIT 1"), (key, upto)))

    def add(self, keys: Iterable[tuple[str, int]], before: int, after: Head) -> None:
        """Within a write: the keys of the events just written after position
        ``before``, moving the recorded head of the keys and of the regions
        (written by :meth:`set_regions`) to ``after`` only from there (those
        that were already behind stay behind, to be made again)."""
        self.executemany(self._sql(INSERT), list(keys))
        self.execute(self._sql(
            "UPDATE {p}projection SET position = ?, hash = ? "
            "WHERE name IN (?, ?) AND position = ?"),
            (after.position, after.hash, NAME, ROSTERS, before))

    def set_regions(self, pairs: Iterable[tuple[str, str]], regions: Iterable[Region],
                    tenures: Iterable[Kept]) -> None:
        """Within a write: the roster regions and kept tenures of the (seat,
        person) ``pairs`` a batch changed, in place of those they had."""
        pairs = list(pairs)
        self.executemany(self._sql(
            "DELETE FROM {p}roster_regions WHERE seat = ? AND person = ?"), pairs)
        self.executemany(self._sql(
            "DELETE FROM {p}roster_tenures WHERE seat = ? AND person = ?"), pairs)
        self._insert(INSERT_REGIONS, regions)
        self._insert(INSERT_TENURES, tenures)

    def set_names(self, entities: Iterable[str], names: Iterable[tuple[str, str]]) -> None:
        """Within a write: the kept names of the ``entities`` a batch
        renamed, in place of those they had."""
        self.executemany(self._sql("DELETE FROM {p}entity_names WHERE entity = ?"),
                         [(entity,) for entity in entities])
        self._insert(INSERT_NAMES, names)

    def _insert(self, sql: str, rows: Iterable[tuple[object, ...]]) -> None:
        batch: list[tuple[object, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 20_000:
                self.executemany(self._sql(sql), batch)
                batch = []
        if batch:
            self.executemany(self._sql(sql), batch)

    def replace(self, keys: Iterable[tuple[str, int]], regions: Iterable[Region],
                tenures: Iterable[Kept], names: Iterable[tuple[str, str]], *, head: Head,
                version: int) -> None:
        """Within a write: every event's keys, every roster region, kept
        tenure and kept name, made again by ``version``, reflecting ``head``."""
        self.execute(self._sql("DELETE FROM {p}event_keys"), ())
        self._insert(INSERT, keys)
        self.execute(self._sql("DELETE FROM {p}roster_regions"), ())
        self._insert(INSERT_REGIONS, regions)
        self.execute(self._sql("DELETE FROM {p}roster_tenures"), ())
        self._insert(INSERT_TENURES, tenures)
        self.execute(self._sql("DELETE FROM {p}entity_names"), ())
        self._insert(INSERT_NAMES, names)
        self.execute(self._sql("DELETE FROM {p}projection"), ())  # an earlier release's too
        self.executemany(self._sql("INSERT INTO {p}projection VALUES (?, ?, ?, ?)"),
                         [(name, version, head.position, head.hash) for name in (NAME, ROSTERS)])

    def forget(self, positions: Iterable[int]) -> None:
        """Within a write, as an erasure redacts the events at ``positions``:
        their keys (which may hold what it erases) go, and every roster
        region (which names people), and neither reflects the log until
        they are made again."""
        for _ in self._in("DELETE FROM {p}event_keys WHERE position IN ({in})", positions):
            pass
        self.execute(self._sql("DELETE FROM {p}roster_regions"), ())
        self.execute(self._sql("DELETE FROM {p}roster_tenures"), ())
        self.execute(self._sql("DELETE FROM {p}entity_names"), ())
        self.execute(self._sql("DELETE FROM {p}projection"), ())

    def positions(self, keys: Iterable[str], upto: int, after: int = 0) -> set[int]:
        """The positions in ``(after, upto]`` of the events with any of ``keys``."""
        return {int(str(row[0])) for row in self._in(
            "SELECT position FROM {p}event_keys WHERE key IN ({in}) "
            "AND position > ? AND position <= ?", keys, after=(after, upto))}

    def together(self, key: str, others: Iterable[str], upto: int) -> set[int]:
        """The positions up to ``upto`` of the events with ``key`` and any of
        ``others``: seeks of ``key``'s index at the positions of ``others``,
        never a scan of all of ``key``'s."""
        return {int(str(row[0])) for row in self._in(
            "SELECT b.position FROM {p}event_keys b JOIN {p}event_keys a "
            "ON a.key = ? AND a.position = b.position "
            "WHERE b.key IN ({in}) AND b.position <= ?", others, before=(key,), after=(upto,))}

    def first(self, keys: Iterable[str], upto: int) -> dict[str, int]:
        """For each of ``keys`` some event up to position ``upto`` has, the
        first position with it: one seek of the key's index each."""
        return {str(key): int(str(position)) for key, position in self._in(
            "SELECT key, MIN(position) FROM {p}event_keys WHERE key IN ({in}) "
            "AND position <= ? GROUP BY key", keys, after=(upto,))}

    def keys_at(self, positions: Iterable[int]) -> dict[int, list[str]]:
        """The keys of the events at ``positions``."""
        found: dict[int, list[str]] = {}
        for position, key in self._in(
                "SELECT position, key FROM {p}event_keys WHERE position IN ({in})", positions):
            found.setdefault(int(str(position)), []).append(str(key))
        return found

    def named(self, kind: str, upto: int) -> set[str]:
        """What every key of one ``kind`` (``"d"``: every entity declared or
        founded; ``"c"``: every case) names, up to position ``upto``."""
        rows = self.execute(self._sql(
            "SELECT DISTINCT key FROM {p}event_keys WHERE key >= ? AND key < ? "
            "AND position <= ?"), (f"{kind}:", f"{kind};", upto))
        return {str(row[0])[2:] for row in rows}

    def roster(self, seat: str, day: int, known: int,
               level: int) -> tuple[frozenset[str], frozenset[str]]:
        """Who is certainly on ``seat``'s roster at the end of ``day``, and who
        only possibly, as known at ``known`` counting certainty rank
        ``level`` and above: one range of the key, over the seat's regions
        that last past ``day``."""
        rows = self.execute(self._sql(
            "SELECT person, sure FROM {p}roster_regions WHERE seat = ? AND lo <= ? "
            "AND hi > ? AND known_from <= ? AND known_until > ? AND (levels & ?) <> 0"),
            (seat, day, day, known, known, 1 << level))
        sure = frozenset(str(person) for person, held in rows if held)
        return sure, frozenset(str(person) for person, held in rows if not held)

    def regions_of(self, seat: str) -> Rows:
        """Every region of one seat, as rows of ``(person, levels, sure, lo,
        hi, known_from, known_until)`` as the store gives them:
        :class:`~timeline.engine.region_rosters.RegionRosters` checks them
        as it takes them in, in one pass."""
        return self.execute(self._sql(
            "SELECT person, levels, sure, lo, hi, known_from, known_until "
            "FROM {p}roster_regions WHERE seat = ?"), (seat,))

    def region_count(self, seat: str, limit: int) -> int:
        """How many regions one seat has, counted up to ``limit``: a walk
        of the key's index, no row read."""
        rows = self.execute(self._sql(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {p}roster_regions WHERE seat = ? LIMIT ?) AS few"),
            (seat, limit))
        return int(str(rows[0][0]))

    def tenures_of(self, seat: str, people: Iterable[str]) -> dict[str, str | None]:
        """The kept tenures of ``people`` at one seat, by person (None: not
        kept; a person missing: no tenure there)."""
        return {str(person): None if body is None else str(body) for person, body in self._in(
            "SELECT person, body FROM {p}roster_tenures WHERE seat = ? AND person IN ({in})",
            people, before=(seat,))}

    def names_of(self, entities: Iterable[str]) -> dict[str, str]:
        """The kept names of ``entities`` (one missing: none kept)."""
        return {str(entity): str(body) for entity, body in self._in(
            "SELECT entity, body FROM {p}entity_names WHERE entity IN ({in})", entities)}

    def names(self) -> list[tuple[str, str]]:
        """Every kept name, sorted (for verify)."""
        rows = self.execute(self._sql("SELECT entity, body FROM {p}entity_names"), ())
        return sorted((str(entity), str(body)) for entity, body in rows)

    def tenures(self) -> list[Kept]:
        """Every kept tenure, sorted (for verify)."""
        rows = self.execute(self._sql("SELECT seat, person, body FROM {p}roster_tenures"), ())
        return sorted((str(seat), str(person), None if body is None else str(body))
                      for seat, person, body in rows)

    def regions(self) -> list[tuple[object, ...]]:
        """Every roster region kept, in no order (for verify)."""
        rows = self.execute(self._sql(
            "SELECT seat, person, levels, sure, lo, hi, known_from, known_until "
            "FROM {p}roster_regions"), ())
        return [(str(seat), str(person), *_numbers(rest)) for seat, person, *rest in rows]

    def everything(self) -> dict[int, set[str]]:
        """Every event's keys, by position (for verify)."""
        found: dict[int, set[str]] = {}
        for position, key in self.execute(self._sql(
                "SELECT position, key FROM {p}event_keys"), ()):
            found.setdefault(int(str(position)), set()).add(str(key))
        return found
