"""A SQLite store's tables and guards, its identity, and the upgrades of a
store made by an earlier storage schema: schema 0 (one JSON column) and
schema 1 (hashes chained over the payloads themselves)."""

from __future__ import annotations

import json
import sqlite3
import uuid

from timeline.model.errors import StoreError
from timeline.model.events import EventTypes
from timeline.stores._rows import COLUMNS, GENESIS, rechain, rows_after, upcast
from timeline.stores.base import SCHEMA

__all__ = [
    "GUARDS", "INSERT", "STATEMENTS", "create", "create_if_missing", "identify",
    "upgrade_chain", "upgrade_from_v0",
]

STATEMENTS = (
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
        OR (instr(NEW.payload, '[erased]') = 0 AND instr(NEW.payload, (SELECT
            json_extract(payload, '$.pseudonym') FROM events WHERE position = NEW.redacted)) = 0)
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
GUARDS = frozenset({"events_recorded_order", "events_at_end", "events_redact_only",
                     "events_id_once", "events_no_delete",
                     "meta_head", "meta_only_once", "meta_no_update", "meta_no_delete"})


#: SQLite's result codes for a lock another connection holds.
def create(db: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
    db.execute("DROP TRIGGER IF EXISTS meta_only")  # schema 1's, without 'legacy'


INSERT = f"INSERT INTO events VALUES ({', '.join('?' * COLUMNS)})"


def create_if_missing(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        create(db)
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        identify(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def identify(db: sqlite3.Connection) -> None:
    """Give the store its identity, once: a new one is a different store."""
    if db.execute("SELECT 1 FROM meta WHERE key = 'identity'").fetchone() is None:
        db.execute("INSERT INTO meta VALUES ('identity', ?)", (uuid.uuid4().hex,))


def upgrade_from_v0(db: sqlite3.Connection, name: str, types: EventTypes) -> None:
    """Rewrite a schema-0 store (table ``log``: seq, body) as schema 1, atomically.

    Schema 0 kept only each event's JSON, with ``"rumor": true`` for rumours;
    the upgrade upcasts every payload, fills the columns and chains hashes.
    """
    db.execute("BEGIN IMMEDIATE")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    if "log" not in tables or "events" in tables:
        db.execute("ROLLBACK")  # another process upgraded it first
        create_if_missing(db)
        return
    try:
        old = db.execute("SELECT seq, body FROM log ORDER BY seq").fetchall()
        db.execute("ALTER TABLE log RENAME TO events_v0")
        create(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        events = [types.decode(upcast(json.loads(body), 0)) for _, body in old]
        rows, previous = rows_after(events, 0, GENESIS, types)
        db.executemany(INSERT, rows)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (f"{len(old)}:{previous}",))
        identify(db)
        db.execute("COMMIT")
    except BaseException as error:
        db.execute("ROLLBACK")
        raise StoreError(name, f"cannot upgrade from schema 0: {error}") from None


def upgrade_chain(db: sqlite3.Connection, name: str) -> None:
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
        create(db)
        if position:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (f"{position}:{new}",))
            db.execute("INSERT INTO meta VALUES ('legacy', ?)", (f"{position}:{old}",))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
