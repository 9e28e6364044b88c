"""A SQLite store: one file, embedded, durable, shared by processes on one machine.

Appends run in ``BEGIN IMMEDIATE`` transactions, so writers queue and a batch
lands whole or not at all, even when the writing process is killed; the
write-ahead log keeps readers unblocked. Triggers refuse DELETE on the events
table, an UPDATE but an erasure's redaction, and an INSERT anywhere but at
the end, whoever asks.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from timeline.model.errors import ConcurrencyError, LockTimeoutError, StoreError, excerpt
from timeline.model.events import Event, EventTypes
from timeline.stores._rows import (
    COLUMNS,
    GENESIS,
    decode,
    rechain,
    rows_after,
    upcast,
    verify_rows,
)
from timeline.stores.base import SCHEMA, Head, Verification, WriteThrough, seconds

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
        hash         TEXT NOT NULL,
        digest       TEXT NOT NULL DEFAULT '',
        redacted     INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS events_recorded ON events (recorded_key, position)",
    # a stored row changes only when an erasure appended after it redacts its
    # payload (and id), keeping its place in the chain
    "DROP TRIGGER IF EXISTS events_no_update",
    """CREATE TRIGGER IF NOT EXISTS events_redact_only BEFORE UPDATE ON events
    WHEN NEW.position IS NOT OLD.position OR NEW.hash IS NOT OLD.hash
        OR NEW.digest IS NOT OLD.digest OR NEW.kind IS NOT OLD.kind
        OR NEW.version IS NOT OLD.version OR NEW.valid IS NOT OLD.valid
        OR NEW.valid_first IS NOT OLD.valid_first OR NEW.valid_last IS NOT OLD.valid_last
        OR NEW.precision IS NOT OLD.precision OR NEW.recorded IS NOT OLD.recorded
        OR NEW.recorded_key IS NOT OLD.recorded_key OR NEW.certainty IS NOT OLD.certainty
        OR NEW.redacted IS NULL OR NEW.redacted <= coalesce(OLD.redacted, OLD.position)
        OR (SELECT kind FROM events WHERE position = NEW.redacted) IS NOT 'erased'
        OR NOT EXISTS (SELECT 1 FROM events AS e, json_each(e.payload, '$.redacted') AS r
            WHERE e.position = NEW.redacted AND json_extract(r.value, '$[0]') = NEW.position)
        OR EXISTS (SELECT 1 FROM events WHERE id = NEW.id AND position <> NEW.position)
    BEGIN SELECT RAISE(ABORT,
        'timeline: events are append-only; only a later erasure redacts a row'); END""",
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
    # an id is stored once: an INSERT OR REPLACE at the end reusing a past
    # row's id would otherwise delete that row, firing no delete trigger
    """CREATE TRIGGER IF NOT EXISTS events_id_once BEFORE INSERT ON events
    WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'timeline: an event id is stored once'); END""",
    # the head is the last row's position and hash, and changes only with it
    """CREATE TRIGGER IF NOT EXISTS meta_head BEFORE INSERT ON meta
    WHEN NEW.key = 'head' AND NEW.value IS NOT
        (SELECT position || ':' || hash FROM events ORDER BY position DESC LIMIT 1)
    BEGIN SELECT RAISE(ABORT, 'timeline: the head is the last event''s position and hash');
    END""",
    # meta holds the head, a schema version that only rises, the store's
    # identity and the head of schema 1's chain at the upgrade, each set once
    "DROP TRIGGER IF EXISTS meta_keys",
    """CREATE TRIGGER IF NOT EXISTS meta_only_once BEFORE INSERT ON meta
    WHEN NEW.key NOT IN ('head', 'schema', 'identity', 'legacy')
        OR (NEW.key = 'schema' AND CAST(NEW.value AS INTEGER)
            < coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema'), 0))
        OR (NEW.key IN ('identity', 'legacy')
            AND EXISTS (SELECT 1 FROM meta WHERE key = NEW.key))
        OR (NEW.key = 'legacy'
            AND (SELECT value FROM meta WHERE key = 'schema') IS NOT '1')
    BEGIN SELECT RAISE(ABORT,
        'timeline: meta holds the head, a rising schema, an identity and a legacy head');
    END""",
    """CREATE TRIGGER IF NOT EXISTS meta_no_update BEFORE UPDATE ON meta
    BEGIN SELECT RAISE(ABORT, 'timeline: meta changes only as events are appended'); END""",
    """CREATE TRIGGER IF NOT EXISTS meta_no_delete BEFORE DELETE ON meta
    BEGIN SELECT RAISE(ABORT, 'timeline: meta changes only as events are appended'); END""",
)

#: The triggers a store must hold; one that lacks any gains them on open.
_GUARDS = frozenset({"events_recorded_order", "events_at_end", "events_redact_only",
                     "events_id_once",
                     "meta_head", "meta_only_once", "meta_no_update", "meta_no_delete"})


#: SQLite's result codes for a lock another connection holds.
_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def _create(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA_STATEMENTS:
        db.execute(statement)
    db.execute("DROP TRIGGER IF EXISTS meta_only")  # schema 1's, without 'legacy'


_INSERT = f"INSERT INTO events VALUES ({', '.join('?' * COLUMNS)})"


class SqliteStore(WriteThrough):
    """Events in a SQLite file, with positions, hashes and a schema version."""

    def __init__(self, path: str | Path, types: EventTypes | None = None, *,
                 lock_timeout: float | None = 30.0) -> None:
        self.path = Path(path)
        self.name = f"sqlite:///{self.path}"
        self.types = types or EventTypes.default()
        self.lock_timeout = None if lock_timeout is None else seconds("lock_timeout",
                                                                      lock_timeout)
        # a read waits this long for a writer's checkpoint
        self._busy = 60_000 if self.lock_timeout is None else round(self.lock_timeout * 1000)
        try:
            self._db = sqlite3.connect(self.path, timeout=self._busy / 1000,
                                       isolation_level=None)
            self._db.text_factory = _text  # a payload that is not UTF-8 reads as bytes
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA secure_delete=ON")  # a redacted payload leaves the file
            self._db.execute(f"PRAGMA busy_timeout={self._busy}")
            self._migrate()
        except sqlite3.DatabaseError as error:
            self._close_quietly()
            raise StoreError(self.name, f"cannot open: {error}") from None
        except BaseException:
            self._close_quietly()
            raise

    def _close_quietly(self) -> None:
        """Close the connection a failed open made, if it made one."""
        db = getattr(self, "_db", None)
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()

    def _migrate(self) -> None:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
        if "log" in tables and "events" not in tables:
            _upgrade_from_v0(self._db, self.name, self.types)
            return
        if "events" in tables and self._schema() == 1:
            _upgrade_chain(self._db, self.name)
        if not {"events", "meta"} | _GUARDS <= tables or self._identity() is None:
            _create_if_missing(self._db)  # under the write lock; a no-op once created
        version = self._schema()
        if version is not None and version > SCHEMA:
            raise StoreError(self.name, f"schema {version} is newer than this release reads")

    def _schema(self) -> int | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            return None
        if not str(row[0]).isdecimal():
            raise StoreError(self.name, f"its schema version {excerpt(row[0])} is not a "
                             "number: the meta table was written behind the triggers")
        return int(row[0])

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
        """Begin a write transaction, waiting up to ``lock_timeout`` seconds
        while another writer holds one.

        Writers take turns: rather than SQLite's busy handler, whose sleeps
        grow to 100 ms while the writer that just committed takes the lock
        again at once, a waiting writer tries again every 0.5 to 2 ms (at
        random, so waiters do not move in step)."""
        wait = float("inf") if self.lock_timeout is None else self.lock_timeout
        deadline = time.monotonic() + wait
        self._db.execute("PRAGMA busy_timeout=0")
        try:
            while True:
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.Error as error:
                    if (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF not in _BUSY:
                        raise StoreError(self.name, f"cannot start a write: {error}") from None
                if time.monotonic() >= deadline:
                    raise LockTimeoutError(self.name, self.lock_timeout or 0)
                time.sleep(random.uniform(0.0005, 0.002))
        finally:
            self._db.execute(f"PRAGMA busy_timeout={self._busy}")

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
        self._db.executemany(_INSERT, rows)
        self._db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('head', ?)",
            (f"{head + len(rows)}:{previous}",),
        )

    def redact(self, rows: Sequence[tuple[int, str, str]], by: int) -> None:
        """Within :meth:`lock`, after appending the erasure at position ``by``:
        replace the id and payload of each (position, id, payload), keeping
        the digest the chain holds. Runtime: O(len(rows) log n)."""
        try:
            self._db.executemany(
                "UPDATE events SET id = ?, payload = ?, redacted = ? WHERE position = ?",
                [(new_id, payload, by, at) for at, new_id, payload in rows])
        except sqlite3.Error as error:
            raise StoreError(self.name, f"erasure failed, nothing written: {error}") from None

    def purge(self) -> bool:
        """After an erasure: move the write-ahead log into the file and empty
        it, so that no copy of a redacted payload is left in either (pages
        are overwritten, ``secure_delete``). A reader holding an older
        snapshot keeps those pages until it ends: tried again for up to two
        seconds; False when a reader still held them."""
        deadline = time.monotonic() + 2
        try:
            while True:
                busy = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy or not busy[0]:
                    return True
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)
        except sqlite3.Error as error:
            raise StoreError(self.name, f"cannot purge its write-ahead log: {error}") from None

    def commit(self) -> None:
        """End the write transaction, making its rows durable."""
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(self.name, f"write failed, nothing written: {error}") from None

    def rollback(self) -> None:
        """Abandon the write transaction, if one is open. Never raises: SQLite
        abandons a transaction it cannot roll back when the connection closes."""
        if self._db.in_transaction:
            # an I/O error already rolled it back, or closing the connection will
            with contextlib.suppress(sqlite3.Error):
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
                meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
                rows = self._db.execute("SELECT * FROM events ORDER BY position")
                legacy = meta.get("legacy")
                return verify_rows(_counted(rows, read), meta.get("head"), self.types,
                                   expected, legacy)
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

    def backup(self, path: str | os.PathLike[str]) -> Head:
        """Copy the store, as of one snapshot, to a new file at ``path`` while
        writers go on (SQLite's online backup); return the copy's head. The
        copy keeps the store's identity: it is the same store, as it was."""
        target = _new_file(self.name, path)
        part = target.with_name(target.name + ".part")
        try:
            copy = sqlite3.connect(part, isolation_level=None)
            try:
                self._db.backup(copy)  # every page in one step: one snapshot
                copy.execute("PRAGMA journal_mode=WAL")
                row = copy.execute("SELECT position, hash FROM events "
                                   "ORDER BY position DESC LIMIT 1").fetchone()
            finally:
                copy.close()
            part.rename(target)
        except (sqlite3.Error, OSError) as error:
            part.unlink(missing_ok=True)
            raise StoreError(self.name, f"cannot back up to {str(target)!r}: {error}; "
                             "nothing was written there") from None
        return Head(row[0], row[1]) if row else Head(0, GENESIS)

    def close(self) -> None:
        self._db.close()


def _new_file(store: str, path: str | os.PathLike[str]) -> Path:
    """Where a backup goes: a path with nothing there yet."""
    target = Path(path)
    if target.exists():
        raise StoreError(store, f"cannot back up to {_shown(target)}: it exists; a backup "
                         "never overwrites, so give a new path")
    if not target.parent.is_dir():
        raise StoreError(store, f"cannot back up to {_shown(target)}: no folder "
                         f"{_shown(target.parent)}; create it first")
    return target


def _shown(path: Path) -> str:
    text = str(path)
    return repr(text if len(text) <= 80 else text[:77] + "...")


def copy_rows(store: str, rows: Iterable[Sequence[object]], path: str | os.PathLike[str],
              types: EventTypes) -> Head:
    """Write stored rows (every column, in log order) from another store into
    a new SQLite file at ``path``, in one transaction; return its head. The
    copy's own triggers check each row lands at the end, in recorded order."""
    target = _new_file(store, path)
    part = target.with_name(target.name + ".part")
    try:
        copy = SqliteStore(part, types)
        try:
            copy.lock()
            head = 0
            batch: list[tuple[object, ...]] = []
            for row in rows:
                batch.append(tuple(row))
                if len(batch) == 5000:
                    copy._insert(batch, head, str(batch[-1][12]))
                    head += len(batch)
                    batch = []
            if batch:
                copy._insert(batch, head, str(batch[-1][12]))
                head += len(batch)
            copy.commit()
            last = copy.last()
        finally:
            copy.rollback()
            copy.close()
        part.rename(target)
    except (sqlite3.Error, OSError) as error:
        for leftover in part.parent.glob(part.name + "*"):
            leftover.unlink(missing_ok=True)
        raise StoreError(store, f"cannot back up to {_shown(target)}: {error}; nothing was "
                         "written there") from None
    except BaseException:
        for leftover in part.parent.glob(part.name + "*"):
            leftover.unlink(missing_ok=True)
        raise
    return last


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
        db.executemany(_INSERT, rows)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (f"{len(old)}:{previous}",))
        _identify(db)
        db.execute("COMMIT")
    except BaseException as error:
        db.execute("ROLLBACK")
        raise StoreError(name, f"cannot upgrade from schema 0: {error}") from None


def _upgrade_chain(db: sqlite3.Connection, name: str) -> None:
    """Re-chain a schema-1 store over its payloads' digests, atomically and
    once: the old chain is verified first (an altered store is not upgraded)
    and its head is kept as ``legacy``, so a head kept outside before the
    upgrade still verifies. Runtime: O(n), in chunks."""
    db.execute("BEGIN IMMEDIATE")
    try:
        schema = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if schema is None or int(schema[0]) != 1:
            db.execute("ROLLBACK")  # another process upgraded it first
            return
        anchor = db.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()
        db.execute("DROP TRIGGER IF EXISTS events_no_update")
        db.execute("ALTER TABLE events ADD COLUMN digest TEXT NOT NULL DEFAULT ''")
        db.execute("ALTER TABLE events ADD COLUMN redacted INTEGER")
        old = new = GENESIS
        position = 0
        while chunk := db.execute(
                "SELECT position, payload, hash FROM events WHERE position > ? "
                "ORDER BY position LIMIT 10000", (position,)).fetchall():
            updates, position, old = rechain(chunk, name, position, old, new)
            new = updates[-1][1]
            db.executemany("UPDATE events SET digest = ?, hash = ? WHERE position = ?", updates)
        if anchor is not None and anchor[0] != f"{position}:{old}":
            raise StoreError(name, "cannot upgrade its hash chain to schema 2: its head does "
                             "not match its last event; nothing was changed")
        _create(db)
        if position:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (f"{position}:{new}",))
            db.execute("INSERT INTO meta VALUES ('legacy', ?)", (f"{position}:{old}",))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def copy_events(store: str, events: Sequence[Event], path: str | os.PathLike[str],
                types: EventTypes) -> Head:
    """Write events, in log order, into a new SQLite file at ``path``."""
    rows, _ = rows_after(events, 0, GENESIS, types)
    return copy_rows(store, rows, path, types)
