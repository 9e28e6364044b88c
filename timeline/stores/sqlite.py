"""A SQLite store: one file, embedded, durable, shared by processes on one machine.

Appends run in ``BEGIN IMMEDIATE`` transactions, so writers queue and a batch
lands whole or not at all, even when the writing process is killed; the
write-ahead log keeps readers unblocked. Triggers refuse DELETE on the events
table, an UPDATE but an erasure's redaction, and an INSERT anywhere but at
the end, whoever asks.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import cast

from timeline.model.errors import ConcurrencyError, LockTimeoutError, StoreError, excerpt
from timeline.model.events import Event, EventTypes
from timeline.stores._rows import (
    GENESIS,
    decode,
    rows_after,
    verify_rows,
)
from timeline.stores.base import SCHEMA, Head, Verification, WriteThrough, seconds
from timeline.stores.keys import TABLES, KeyTables, create_statements
from timeline.stores.sqlite_schema import (
    GUARDS,
    INSERT,
    create_if_missing,
    upgrade_chain,
    upgrade_from_v0,
)

__all__ = ["SqliteStore"]

_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


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
            self._refuse_another_database()
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA secure_delete=ON")  # a redacted payload leaves the file
            self._db.execute(f"PRAGMA busy_timeout={self._busy}")
            self._migrate()
            try:
                for statement in create_statements("", sqlite=True):
                    self._db.execute(statement)  # the key tables, if missing
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_READONLY:
                    raise  # a file opened read-only is read whole, as before
            self.keys = KeyTables(self._rows, self._many)
        except sqlite3.DatabaseError as error:
            self._close_quietly()
            if "file is not a database" in str(error):
                raise StoreError(self.name, (
                    "cannot open: the file is not a SQLite database, so not a timeline "
                    "store; a JSON Lines file is read with Timeline.from_jsonl (or "
                    "--store FILE.jsonl on the command line)")) from None
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

    def _refuse_another_database(self) -> None:
        """A :class:`StoreError` for a SQLite file that holds tables but no
        timeline log, before anything is written to it (not even the journal
        mode): asking a question of the wrong file changes nothing in it."""
        own = {r[0] for r in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        if not own & {"meta", "log"} and own - set(TABLES):  # beyond the kept tables, alone
            raise StoreError(self.name, (
                f"not a timeline store: it holds the tables {', '.join(sorted(own)[:5])}"
                f"{' and more' if len(own) > 5 else ''} and no timeline log; give the path "
                "of a timeline store, or a new path to make one"))

    def _migrate(self) -> None:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
        if "log" in tables and "events" not in tables:
            upgrade_from_v0(self._db, self.name, self.types)
            return
        if "events" in tables and self._schema() == 1:
            upgrade_chain(self._db, self.name)
        if not {"events", "meta"} | GUARDS <= tables or self._identity() is None:
            create_if_missing(self._db)  # under the write lock; a no-op once created
        version = self._schema()
        if version is not None and version > SCHEMA:
            raise StoreError(self.name, f"schema {version} is newer than this release reads")

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple[object, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            raise _damaged(self.name, error, None) from None

    def _many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as error:
            raise StoreError(self.name, f"write failed, nothing written: {error}") from None

    def read_at(self, positions: Iterable[int]) -> list[tuple[int, Event]]:
        """The events at ``positions``, in log order, upcast. Runtime:
        O(k log n) for k positions."""
        wanted = sorted(positions)
        found: list[tuple[int, Event]] = []
        for at in range(0, len(wanted), 500):
            part = wanted[at:at + 500]
            rows = self._rows("SELECT position, version, payload FROM events WHERE position "
                              f"IN ({', '.join('?' * len(part))}) ORDER BY position", part)
            found += [(int(str(position)), decode(self.name, int(str(position)), int(str(version)),
                                                  cast(str, payload), self.types))
                      for position, version, payload in rows]
        return found

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
        self._db.executemany(INSERT, rows)
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
            self.keys.forget([at for at, _, _ in rows])
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


def copy_events(store: str, events: Sequence[Event], path: str | os.PathLike[str],
                types: EventTypes) -> Head:
    """Write events, in log order, into a new SQLite file at ``path``."""
    rows, _ = rows_after(events, 0, GENESIS, types)
    return copy_rows(store, rows, path, types)
