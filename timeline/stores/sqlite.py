"""A SQLite store: one file, embedded, durable, shared by processes on one machine.

Appends run in ``BEGIN IMMEDIATE`` transactions, so writers queue and a batch
lands whole or not at all, even when the writing process is killed; the
write-ahead log keeps readers unblocked. Triggers refuse UPDATE and DELETE on
the events table, and an INSERT recorded before the latest row, whoever asks.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from timeline.model.errors import ConcurrencyError, StoreError
from timeline.model.events import Event, EventTypes
from timeline.stores._rows import GENESIS, decode, rows_after, upcast, verify_rows
from timeline.stores.base import SCHEMA, Head, Verification, WriteThrough

__all__ = ["SqliteStore"]

_SCHEMA_STATEMENTS = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS events (
        position     INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        kind         TEXT NOT NULL,
        version      INTEGER NOT NULL,
        valid        TEXT NOT NULL,
        valid_first  INTEGER NOT NULL,
        valid_last   INTEGER NOT NULL,
        precision    TEXT NOT NULL,
        recorded     TEXT NOT NULL,
        recorded_key INTEGER NOT NULL,
        certainty    TEXT NOT NULL,
        payload      TEXT NOT NULL,
        hash         TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS events_recorded ON events (recorded_key, position)",
    """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'timeline: events are append-only; append a correction'); END""",
    """CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'timeline: events are append-only; append a retraction'); END""",
    # the log's recorded time never goes backwards: O(log n) on the recorded index
    """CREATE TRIGGER IF NOT EXISTS events_recorded_order BEFORE INSERT ON events
    WHEN NEW.recorded_key < (SELECT max(recorded_key) FROM events)
    BEGIN SELECT RAISE(ABORT, 'timeline: recorded time never goes backwards'); END""",
    # every write path to a stored row is refused: an INSERT OR REPLACE, an
    # upsert or an insert at a past position is an insert not at the end
    """CREATE TRIGGER IF NOT EXISTS events_at_end BEFORE INSERT ON events
    WHEN NEW.position IS NOT coalesce((SELECT max(position) FROM events), 0) + 1
    BEGIN SELECT RAISE(ABORT, 'timeline: events are appended after the last position'); END""",
    # the head is the last row's position and hash, and changes only with it
    """CREATE TRIGGER IF NOT EXISTS meta_head BEFORE INSERT ON meta
    WHEN NEW.key = 'head' AND NEW.value IS NOT
        (SELECT position || ':' || hash FROM events ORDER BY position DESC LIMIT 1)
    BEGIN SELECT RAISE(ABORT, 'timeline: the head is the last event''s position and hash');
    END""",
    # meta holds the head, a schema version that only rises, and the store's
    # identity, set once
    "DROP TRIGGER IF EXISTS meta_keys",
    """CREATE TRIGGER IF NOT EXISTS meta_only BEFORE INSERT ON meta
    WHEN NEW.key NOT IN ('head', 'schema', 'identity')
        OR (NEW.key = 'schema' AND CAST(NEW.value AS INTEGER)
            < coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema'), 0))
        OR (NEW.key = 'identity' AND EXISTS (SELECT 1 FROM meta WHERE key = 'identity'))
    BEGIN SELECT RAISE(ABORT,
        'timeline: meta holds the head, a schema that only rises and an identity set once');
    END""",
    """CREATE TRIGGER IF NOT EXISTS meta_no_update BEFORE UPDATE ON meta
    BEGIN SELECT RAISE(ABORT, 'timeline: meta changes only as events are appended'); END""",
    """CREATE TRIGGER IF NOT EXISTS meta_no_delete BEFORE DELETE ON meta
    BEGIN SELECT RAISE(ABORT, 'timeline: meta changes only as events are appended'); END""",
)

#: The triggers a store must hold; one that lacks any gains them on open.
_GUARDS = frozenset({"events_recorded_order", "events_at_end", "meta_head", "meta_only",
                     "meta_no_update", "meta_no_delete"})


def _create(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA_STATEMENTS:
        db.execute(statement)


class SqliteStore(WriteThrough):
    """Events in a SQLite file, with positions, hashes and a schema version."""

    def __init__(self, path: str | Path, types: EventTypes | None = None) -> None:
        self.path = Path(path)
        self.name = f"sqlite:///{self.path}"
        self.types = types or EventTypes.default()
        try:
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.text_factory = _text  # a payload that is not UTF-8 reads as bytes
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=60000")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(self.name, f"cannot open: {error}") from None

    def _migrate(self) -> None:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
        if "log" in tables and "events" not in tables:
            _upgrade_from_v0(self._db, self.name, self.types)
            return
        if not {"events", "meta"} | _GUARDS <= tables or self._identity() is None:
            _create_if_missing(self._db)  # under the write lock; a no-op once created
        version = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if version is not None and int(version[0]) > SCHEMA:
            raise StoreError(self.name, f"schema {version[0]} is newer than this release reads")

    def _identity(self) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()
        return None if row is None else str(row[0])

    def identity(self) -> str:
        """The store's identity, made once when it was created: another store
        at the same address has another one."""
        try:
            found = self._identity()
        except sqlite3.DatabaseError as error:
            raise StoreError(self.name, f"cannot read: {error}") from None
        if found is None:
            raise StoreError(self.name, "it has no identity: it is not the store it was")
        return found

    def head(self) -> int:
        """The last position (0 when empty). Runtime: O(1)."""
        try:
            row = self._db.execute("SELECT max(position) FROM events").fetchone()
        except sqlite3.DatabaseError as error:
            raise _damaged(self.name, error, None) from None
        return int(row[0] or 0)

    def read(self, after: int = 0) -> Iterator[tuple[int, Event]]:
        """Events after ``after``, in log order, upcast. Streams."""
        position = after
        try:
            cursor = self._db.execute(
                "SELECT position, version, payload FROM events WHERE position > ? "
                "ORDER BY position", (after,),
            )
            for position, version, payload in cursor:
                yield position, decode(self.name, position, version, payload, self.types)
        except sqlite3.DatabaseError as error:
            raise _damaged(self.name, error, position) from None

    def lock(self) -> None:
        """Begin a write transaction; other writers wait until it ends."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(self.name, f"cannot start a write: {error}") from None

    def insert(self, events: Sequence[Event], expected: int) -> None:
        """Within :meth:`lock`: add rows after ``expected``, chaining hashes."""
        last = self._db.execute(
            "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1"
        ).fetchone()
        head, previous = (last[0], last[1]) if last else (0, GENESIS)
        if head != expected:
            raise ConcurrencyError(expected, head)
        rows, previous = rows_after(events, head, previous, self.types)
        try:
            self._insert(rows, head, previous)
        except sqlite3.Error as error:
            raise StoreError(self.name, f"write failed, nothing written: {error}") from None

    def _insert(self, rows: Sequence[tuple[object, ...]], head: int, previous: str) -> None:
        self._db.executemany(f"INSERT INTO events VALUES ({', '.join('?' * 13)})", rows)
        self._db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('head', ?)",
            (f"{head + len(rows)}:{previous}",),
        )

    def commit(self) -> None:
        """End the write transaction, making its rows durable."""
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(self.name, f"write failed, nothing written: {error}") from None

    def rollback(self) -> None:
        """Abandon the write transaction, if one is open."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def last(self) -> Head:
        """Where the log ends: its last position and hash. Runtime: O(log n)."""
        try:
            row = self._db.execute(
                "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1").fetchone()
        except sqlite3.DatabaseError as error:
            raise _damaged(self.name, error, None) from None
        return Head(row[0], row[1]) if row else Head(0, GENESIS)

    def verify(self, expected: Head | None = None) -> Verification:
        """Walk the hash chain, re-deriving every column from each payload; report
        the first position that does not hold, or a missing tail; and where
        the chain disagrees with ``expected``, a head kept outside."""
        # the head and the rows in one read transaction, one snapshot: a writer
        # committing meanwhile is not a missing tail
        own = not self._db.in_transaction  # inside a write, that one is the snapshot
        read = [0]  # the last position read, for an error to name
        try:
            if own:
                self._db.execute("BEGIN")
            try:
                anchor = self._db.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()
                rows = self._db.execute("SELECT * FROM events ORDER BY position")
                return verify_rows(_counted(rows, read), anchor[0] if anchor else None,
                                   self.types, expected)
            finally:
                if own and self._db.in_transaction:
                    self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            raise _damaged(self.name, error, read[0]) from None

    def wait(self, after: int, timeout: float) -> bool:
        """Wait until the head passes ``after`` (polling); True if it did."""
        deadline = time.monotonic() + timeout
        while True:
            if self.head() > after:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(0.05, max(deadline - time.monotonic(), 0)))

    def close(self) -> None:
        self._db.close()


def _text(value: bytes) -> str | bytes:
    """A text column as ``str``, or as the bytes stored when they are not UTF-8,
    for the reader to name the row instead of failing the whole read."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value


def _counted(rows: Iterator[tuple[object, ...]], read: list[int]) -> Iterator[tuple[object, ...]]:
    for row in rows:
        read[0] = int(str(row[0]))
        yield row


def _damaged(name: str, error: sqlite3.DatabaseError, after: int | None) -> StoreError:
    """The error for a store SQLite cannot read: a damaged file, most likely."""
    where = "" if after is None else f" after position {after}"
    return StoreError(name, f"cannot read{where}: {error}; the file may be damaged: "
                      "restore it from a backup or a JSON Lines export")


def _create_if_missing(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        _create(db)
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        _identify(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _identify(db: sqlite3.Connection) -> None:
    """Give the store its identity, once: a new one is a different store."""
    if db.execute("SELECT 1 FROM meta WHERE key = 'identity'").fetchone() is None:
        db.execute("INSERT INTO meta VALUES ('identity', ?)", (uuid.uuid4().hex,))


def _upgrade_from_v0(db: sqlite3.Connection, name: str, types: EventTypes) -> None:
    """Rewrite a schema-0 store (table ``log``: seq, body) as schema 1, atomically.

    Schema 0 kept only each event's JSON, with ``"rumor": true`` for rumours;
    the upgrade upcasts every payload, fills the columns and chains hashes.
    """
    db.execute("BEGIN IMMEDIATE")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    if "log" not in tables or "events" in tables:
        db.execute("ROLLBACK")  # another process upgraded it first
        _create_if_missing(db)
        return
    try:
        old = db.execute("SELECT seq, body FROM log ORDER BY seq").fetchall()
        db.execute("ALTER TABLE log RENAME TO events_v0")
        _create(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        events = [types.decode(upcast(json.loads(body), 0)) for _, body in old]
        rows, previous = rows_after(events, 0, GENESIS, types)
        db.executemany(f"INSERT INTO events VALUES ({', '.join('?' * 13)})", rows)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (f"{len(old)}:{previous}",))
        _identify(db)
        db.execute("COMMIT")
    except BaseException as error:
        db.execute("ROLLBACK")
        raise StoreError(name, f"cannot upgrade from schema 0: {error}") from None
