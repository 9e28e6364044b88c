"""A PostgreSQL store: one log shared by many processes on many machines.

Needs the ``postgres`` extra (psycopg 3). Appends take a transaction-scoped
advisory lock, check the head, insert and ``NOTIFY``, so writers queue, a
batch lands whole or not at all, and followers wake without polling.
Triggers refuse DELETE and TRUNCATE on the events table, an UPDATE but an
erasure's redaction, and an INSERT anywhere but at the end.

A connection lost to a server restart is made again, with a bounded backoff
for up to ``reconnect_timeout`` seconds, for reads, waits, verification and
appends; an append whose commit was cut off is looked up after reconnecting,
so it counts once whether or not it landed.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar, cast

from timeline.model.distribution import install
from timeline.model.errors import (
    ConcurrencyError,
    LockTimeoutError,
    StoreError,
    StoreUnavailableError,
    WriteInterruptedError,
)
from timeline.model.events import Event, EventTypes
from timeline.stores._rows import GENESIS, decode, rows_after, verify_rows
from timeline.stores.base import (
    SCHEMA,
    Head,
    Verification,
    WriteThrough,
    redacted,
    seconds,
    secrets_of,
)
from timeline.stores.keys import (
    INSERT,
    INSERT_NAMES,
    INSERT_REGIONS,
    INSERT_TENURES,
    TABLES,
    KeyTables,
    create_statements,
)
from timeline.stores.postgres_schema import LOCK as _LOCK
from timeline.stores.postgres_schema import prepare

__all__ = ["PostgresStore"]

_T = TypeVar("_T")

_CHANNEL = "timeline_events"
_COPY = "COPY timeline_events FROM STDIN"
_INSERT_KEYS = INSERT.replace("{p}", "timeline_").replace("?", "%s")
_INSERT_REGIONS = INSERT_REGIONS.replace("{p}", "timeline_").replace("?", "%s")
_INSERT_TENURES = INSERT_TENURES.replace("{p}", "timeline_").replace("?", "%s")
_INSERT_NAMES = INSERT_NAMES.replace("{p}", "timeline_").replace("?", "%s")
_COPY_KEYS = {_INSERT_KEYS: "COPY timeline_event_keys FROM STDIN",
              _INSERT_NAMES: "COPY timeline_entity_names FROM STDIN",
              _INSERT_REGIONS: "COPY timeline_roster_regions FROM STDIN",
              _INSERT_TENURES: "COPY timeline_roster_tenures FROM STDIN"}


def _psycopg() -> Any:
    try:
        import psycopg  # noqa: PLC0415 - an optional extra
    except ImportError:
        raise StoreError(
            "postgresql", "PostgreSQL needs psycopg: " + install("postgres")
        ) from None
    return psycopg


class PostgresStore(WriteThrough):
    """Events in a PostgreSQL database, with positions, hashes and a schema version.

    ``lock_timeout`` bounds, in seconds, how long an append waits for the
    write lock (None: for ever); ``reconnect_timeout`` how long a lost
    connection is tried again before a :class:`StoreUnavailableError`.
    """

    def __init__(self, url: str, types: EventTypes | None = None, *,
                 lock_timeout: float | None = 30.0, reconnect_timeout: float = 30.0) -> None:
        psycopg = _psycopg()
        self.url = url
        shown = redacted(url)
        self.name = shown.rsplit("@", maxsplit=1)[-1] if "@" in shown else shown
        self._secrets = secrets_of(url)
        self.types = types or EventTypes.default()
        self.lock_timeout = None if lock_timeout is None else seconds("lock_timeout",
                                                                      lock_timeout)
        self.reconnect_timeout = seconds("reconnect_timeout", reconnect_timeout)
        self._listener: Any = None
        self._locked = False
        self._pending: list[tuple[int, str, str]] = []  # (position, id, hash) being written
        try:
            self._db = psycopg.connect(url, autocommit=True)
            prepare(self._db, self.name)
            self._make_keys()
            row = self._db.execute(
                "SELECT value FROM timeline_meta WHERE key = 'schema'"
            ).fetchone()
        except psycopg.Error as error:
            raise self._error(f"cannot open: {error}".strip()) from None
        if int(row[0]) > SCHEMA:
            raise StoreError(self.name, f"schema {row[0]} is newer than this release reads")
        self.keys = KeyTables(self._rows, self._many, prefix="timeline_", mark="%s")

    def _make_keys(self) -> None:
        """Make the key tables a store lacks, under the writers' lock."""
        found = self._db.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s)", ([f"timeline_{table}" for table in TABLES],)).fetchone()
        if found[0] == len(TABLES):
            return
        errors = _psycopg().errors
        try:
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                for statement in create_statements("timeline_", sqlite=False):
                    self._db.execute(statement)
        except (errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction):
            pass  # a reading role or a standby: the log is read whole, as before

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple[object, ...]]:
        """Run one statement of the key tables; its rows, if any."""
        def step() -> list[tuple[object, ...]]:
            cursor = self._db.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

        if not self._locked:
            return self._again("read", step)
        try:
            return step()
        except _psycopg().Error as error:
            if self._lost(error):
                self._interrupted(error, "writing the keys of a batch")
            raise self._error(f"write failed, nothing written: {error}") from None

    def _many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """Run one statement of the key tables once per row; the keys and
        roster regions of a batch are copied in (``COPY``), as its rows are."""
        try:
            with self._db.cursor() as cursor:
                if sql in _COPY_KEYS:
                    with cursor.copy(_COPY_KEYS[sql]) as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(sql, rows)
        except _psycopg().Error as error:
            if self._lost(error):
                self._interrupted(error, "writing the keys of a batch")
            raise self._error(f"write failed, nothing written: {error}") from None

    def read_at(self, positions: Iterable[int]) -> list[tuple[int, Event]]:
        """The events at ``positions``, in log order, upcast. Runtime:
        O(k log n) for k positions."""
        wanted = sorted(positions)
        rows: list[tuple[object, ...]] = []
        for at in range(0, len(wanted), 500):
            rows += self._rows("SELECT position, version, payload FROM timeline_events "
                               "WHERE position = ANY(%s) ORDER BY position",
                               (wanted[at:at + 500],))
        return [(int(str(position)), decode(self.name, int(str(position)), int(str(version)),
                                            cast(str, payload), self.types))
                for position, version, payload in rows]

    def _identity(self) -> str | None:
        row = self._db.execute(
            "SELECT value FROM timeline_meta WHERE key = 'identity'").fetchone()
        return None if row is None else str(row[0])

    def identity(self) -> str:
        """The store's identity, made once when it was created: another
        database at the same address has another one."""
        found = self._again("read", self._identity)
        if found is None:
            raise self._error("it has no identity: it is not the store it was")
        return found

    def _error(self, reason: str) -> StoreError:
        """A store error whose reason holds no password (a driver's message
        may quote the address)."""
        return StoreError(self.name, self._scrub(reason))

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:  # a short one only as a whole word
            text = (text.replace(secret, "***") if len(secret) >= 4
                    else re.sub(rf"\b{re.escape(secret)}\b", "***", text))
        return " ".join(text.split())

    # -- connections that recover --------------------------------------------

    def _lost(self, error: Exception) -> bool:
        """Whether ``error`` means a connection was lost (a server restart, a
        network cut), rather than a statement failing."""
        if not isinstance(error, _psycopg().OperationalError):
            return False
        return any(c is not None and (c.closed or c.broken) for c in (self._db, self._listener))

    def _reconnect(self, error: Exception, doing: str, *, writing: bool = False) -> None:
        """Connect again, backing off from 50 ms to 1 s between tries, for up
        to ``reconnect_timeout`` seconds; then a StoreUnavailableError."""
        psycopg = _psycopg()
        self._locked = False
        for connection in (self._listener, self._db):
            if connection is not None:
                connection.close()
        self._listener = None
        deadline = time.monotonic() + self.reconnect_timeout
        delay, last = 0.05, error
        while (left := deadline - time.monotonic()) > 0:
            try:
                self._db = psycopg.connect(self.url, autocommit=True,
                                           connect_timeout=max(1, round(left)))
            except psycopg.Error as failed:
                last = failed
                time.sleep(min(delay, max(deadline - time.monotonic(), 0)))
                delay = min(delay * 2, 1.0)
                continue
            return
        raise StoreUnavailableError(self.name, self.reconnect_timeout,
                                    self._scrub(str(last)), doing=doing, writing=writing)

    def _again(self, doing: str, step: Callable[[], _T]) -> _T:
        """``step``, run again on a new connection if the connection was lost."""
        psycopg = _psycopg()
        while True:
            try:
                return step()
            except psycopg.Error as error:
                if not self._lost(error):
                    raise self._error(f"cannot {doing}: {error}") from None
                self._interrupted(error, "catching up before a write")
                self._reconnect(error, f"trying to {doing}")

    def _interrupted(self, error: Exception, step: str) -> None:
        """Within a write transaction, which a lost connection took with it:
        a WriteInterruptedError, so the append starts again."""
        if self._locked:
            self._locked, self._pending = False, []
            raise WriteInterruptedError(self.name, step, self._scrub(str(error))) from None

    # -- reading ---------------------------------------------------------------

    def head(self) -> int:
        """The last position (0 when empty). Runtime: O(log n)."""
        row = self._again("read", lambda: self._db.execute(
            "SELECT max(position) FROM timeline_events").fetchone())
        return int(row[0] or 0)

    def read(self, after: int = 0) -> Iterator[tuple[int, Event]]:
        """Events after ``after``, in log order, upcast. Streams with a server cursor
        (a plain one inside a write transaction); a lost connection is made
        again and the stream goes on from the last event it gave."""
        psycopg = _psycopg()
        while True:
            try:
                for position, event in self._read(after):
                    after = position
                    yield position, event
                return
            except psycopg.Error as error:
                if not self._lost(error):
                    raise self._error(f"cannot read: {error}") from None
                self._interrupted(error, "catching up before a write")
                self._reconnect(error, "reading")

    def _read(self, after: int) -> Iterator[tuple[int, Event]]:
        if self._locked:
            rows = self._db.execute(
                "SELECT position, version, payload FROM timeline_events "
                "WHERE position > %s ORDER BY position", (after,),
            ).fetchall()
            for position, version, payload in rows:
                yield position, decode(self.name, position, version, payload, self.types)
            return
        with self._db.transaction(), self._db.cursor(name="timeline_read") as cursor:
            cursor.itersize = 5000
            cursor.execute(
                "SELECT position, version, payload FROM timeline_events "
                "WHERE position > %s ORDER BY position", (after,),
            )
            for position, version, payload in cursor:
                yield position, decode(self.name, position, version, payload, self.types)

    # -- writing ---------------------------------------------------------------

    def lock(self) -> None:
        """Begin a write transaction holding the append lock, waiting for it
        up to ``lock_timeout`` seconds."""
        psycopg = _psycopg()
        wait = 0 if self.lock_timeout is None else max(1, round(self.lock_timeout * 1000))
        while True:
            try:
                self._db.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                self._locked = True
                self._pending = []
                self._db.execute(f"SET LOCAL lock_timeout = {wait}")
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                return
            except psycopg.errors.LockNotAvailable:
                self.rollback()
                raise LockTimeoutError(self.name, self.lock_timeout or 0) from None
            except psycopg.Error as error:
                lost = self._lost(error)
                self.rollback()
                if not lost:
                    raise self._error(f"cannot start a write: {error}") from None
                self._reconnect(error, "starting a write", writing=True)

    def insert(self, events: Sequence[Event], expected: int) -> None:
        """Within :meth:`lock`: add rows after ``expected``, chaining hashes."""
        psycopg = _psycopg()
        try:
            last = self._db.execute(
                "SELECT position, hash FROM timeline_events ORDER BY position DESC LIMIT 1"
            ).fetchone()
            head, previous = (last[0], last[1]) if last else (0, GENESIS)
            if head != expected:
                raise ConcurrencyError(expected, head)
            rows, previous = rows_after(events, head, previous, self.types)
            self._pending += [(int(str(r[0])), str(r[1]), str(r[12])) for r in rows]
            # COPY fires the row triggers as INSERT does: each row is still
            # refused anywhere but at the end, and out of recorded order
            with self._db.cursor() as cursor, cursor.copy(_COPY) as copy:
                for row in rows:
                    copy.write_row(row)
            self._db.execute(
                "INSERT INTO timeline_meta VALUES ('head', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (f"{head + len(rows)}:{previous}",),
            )
            self._db.execute(f"NOTIFY {_CHANNEL}, '{head + len(rows)}'")
        except psycopg.Error as error:
            if self._lost(error):
                self._interrupted(error, f"inserting a batch of {len(self._pending)} events")
            raise self._error(f"write failed, nothing written: {error}") from None

    def redact(self, rows: Sequence[tuple[int, str, str]], by: int) -> None:
        """Within :meth:`lock`, after appending the erasure at position ``by``:
        replace the id and payload of each (position, id, payload), keeping
        the digest the chain holds. Runtime: O(len(rows) log n)."""
        try:
            with self._db.cursor() as cursor:
                cursor.executemany(
                    "UPDATE timeline_events SET id = %s, payload = %s, redacted = %s "
                    "WHERE position = %s",
                    [(new_id, payload, by, at) for at, new_id, payload in rows])
            self.keys.forget([at for at, _, _ in rows])
        except _psycopg().Error as error:
            raise self._error(f"erasure failed, nothing written: {error}") from None

    def purge(self) -> bool:
        """After an erasure: ``VACUUM`` the events table, so the row versions
        that held redacted payloads are freed (``VACUUM FULL``, which locks
        the table, is what overwrites them on disk: see docs/stores.md)."""
        try:
            self._db.execute("VACUUM timeline_events")
        except _psycopg().Error as error:
            raise self._error(f"cannot vacuum after the erasure: {error}") from None
        return True

    def commit(self) -> None:
        """End the write transaction; followers are notified now. A commit
        whose connection is lost is looked up on a new one: if its rows are
        stored at their positions it landed, otherwise nothing was written."""
        psycopg = _psycopg()
        pending, self._pending = self._pending, []
        try:
            self._db.execute("COMMIT")
        except psycopg.Error as error:
            if not self._lost(error):
                raise self._error(f"write failed, nothing written: {error}") from None
            self._reconnect(error, "committing a write", writing=True)
            if not self._landed(pending):
                raise WriteInterruptedError(
                    self.name, f"committing a batch of {len(pending)} events",
                    self._scrub(str(error))) from None
        finally:
            self._locked = False

    def _landed(self, pending: list[tuple[int, str, str]]) -> bool:
        """Whether the rows of a write are stored at their positions."""
        if not pending:
            return True
        stored = self._again("read", lambda: self._db.execute(
            "SELECT position, id, hash FROM timeline_events WHERE position BETWEEN %s AND %s "
            "ORDER BY position", (pending[0][0], pending[-1][0])).fetchall())
        return [tuple(row) for row in stored] == pending

    def rollback(self) -> None:
        """Abandon the write transaction, if one is open. Never raises: a
        transaction whose connection is lost is abandoned by the server."""
        if self._locked:
            self._locked = False
            self._pending = []
            try:
                self._db.execute("ROLLBACK")
            except _psycopg().Error:
                pass  # the connection is gone, and the transaction with it

    # -- the chain and the head ------------------------------------------------

    def last(self) -> Head:
        """Where the log ends: its last position and hash. Runtime: O(log n)."""
        row = self._again("read", lambda: self._db.execute(
            "SELECT position, hash FROM timeline_events ORDER BY position DESC LIMIT 1"
        ).fetchone())
        return Head(row[0], row[1]) if row else Head(0, GENESIS)

    def verify(self, expected: Head | None = None) -> Verification:
        """Walk the hash chain, re-deriving every column from each payload; report
        the first position that does not hold, or a missing tail; and where
        the chain disagrees with ``expected``, a head kept outside."""
        return self._again("read", lambda: self._verify(expected))

    def _verify(self, expected: Head | None) -> Verification:
        with self._db.transaction(), self._db.cursor(name="timeline_verify") as cursor:
            # the head and the rows from one snapshot: a writer committing
            # meanwhile is not a missing tail
            self._db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            meta = dict(self._db.execute("SELECT key, value FROM timeline_meta").fetchall())
            cursor.execute("SELECT * FROM timeline_events ORDER BY position")
            legacy = meta.get("legacy")
            return verify_rows(cursor, meta.get("head"), self.types, expected, legacy)

    def backup(self, path: str | os.PathLike[str]) -> Head:
        """Copy the log, as of one snapshot, into a new SQLite file at ``path``
        (a new store, with its own identity); return the copy's head."""
        from timeline.stores.sqlite import copy_rows  # noqa: PLC0415 - sqlite imports base

        def snapshot() -> Head:
            with self._db.transaction(), self._db.cursor(name="timeline_backup") as cursor:
                self._db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT * FROM timeline_events ORDER BY position")
                return copy_rows(self.name, cursor, path, self.types)

        return self._again("read", snapshot)

    # -- following -------------------------------------------------------------

    def wait(self, after: int, timeout: float) -> bool:
        """Sleep until a writer's NOTIFY (or the head) passes ``after``; no
        polling. A lost connection is made again, and the wait goes on."""
        deadline = time.monotonic() + timeout
        return self._again("wait for new events", lambda: self._wait(after, deadline))

    def _wait(self, after: int, deadline: float) -> bool:
        if self._listener is None:
            psycopg = _psycopg()
            try:
                self._listener = psycopg.connect(self.url, autocommit=True)
            except psycopg.OperationalError:
                self._head()  # a lost connection shows here, and is made again
                raise
            self._listener.execute(f"LISTEN {_CHANNEL}")
        if self._head() > after:
            return True
        while (left := deadline - time.monotonic()) > 0:
            for notify in self._listener.notifies(timeout=left, stop_after=1):
                if int(notify.payload or 0) > after:
                    return True
            if self._head() > after:
                return True
        return self._head() > after

    def _head(self) -> int:
        row = self._db.execute("SELECT max(position) FROM timeline_events").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        self._db.close()
        if self._listener is not None:
            self._listener.close()
