"""A PostgreSQL store's tables, guards and identity, and the upgrade of a
store made by an earlier storage schema: the statements run once, when a
store lacks any of them."""

from __future__ import annotations

from typing import Any

from timeline.model.errors import StoreError
from timeline.stores._rows import rechain
from timeline.stores.base import SCHEMA

__all__ = ["LOCK", "STATEMENTS", "prepare", "schema_of", "upgrade_chain"]

LOCK = 7_265_419_882_301  # the advisory lock that serialises appends

# the store's identity, made once: another database at the same address has another
_IDENTIFY = ("INSERT INTO timeline_meta VALUES ('identity', "
             "md5(random()::text || clock_timestamp()::text)) ON CONFLICT DO NOTHING")

STATEMENTS = (
    f"SELECT pg_advisory_xact_lock({LOCK})",
    "CREATE TABLE IF NOT EXISTS timeline_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS timeline_events (
        position     BIGINT PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        kind         TEXT NOT NULL,
        version      INTEGER NOT NULL,
        valid        TEXT NOT NULL,
        valid_first  INTEGER NOT NULL,
        valid_last   INTEGER NOT NULL,
        precision    TEXT NOT NULL,
        recorded     TEXT NOT NULL,
        recorded_key BIGINT NOT NULL,
        certainty    TEXT NOT NULL,
        payload      TEXT NOT NULL,
        hash         TEXT NOT NULL,
        digest       TEXT NOT NULL DEFAULT '',
        redacted     BIGINT
    )""",
    """CREATE INDEX IF NOT EXISTS timeline_events_recorded
        ON timeline_events (recorded_key, position)""",
    """CREATE OR REPLACE FUNCTION timeline_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'timeline: events are append-only; append a correction';
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS timeline_events_append_only ON timeline_events",
    """CREATE TRIGGER timeline_events_append_only BEFORE DELETE ON timeline_events
        FOR EACH ROW EXECUTE FUNCTION timeline_append_only()""",
    # a stored row changes only when an erasure appended after it redacts its
    # payload (and id), keeping its place in the chain
    """CREATE OR REPLACE FUNCTION timeline_redact_only() RETURNS trigger AS $$
    BEGIN
        IF (NEW.position, NEW.hash, NEW.digest, NEW.kind, NEW.version, NEW.valid,
                NEW.valid_first, NEW.valid_last, NEW.precision, NEW.recorded,
                NEW.recorded_key, NEW.certainty)
                IS DISTINCT FROM (OLD.position, OLD.hash, OLD.digest, OLD.kind, OLD.version,
                OLD.valid, OLD.valid_first, OLD.valid_last, OLD.precision, OLD.recorded,
                OLD.recorded_key, OLD.certainty)
                OR NEW.redacted IS NULL OR NEW.redacted <= coalesce(OLD.redacted, OLD.position)
                OR (SELECT kind FROM timeline_events WHERE position = NEW.redacted)
                    IS DISTINCT FROM 'erased'
                OR NOT EXISTS (SELECT 1 FROM timeline_events AS e,
                        jsonb_array_elements(e.payload::jsonb -> 'redacted') AS r
                    WHERE e.position = NEW.redacted AND (r ->> 0)::bigint = NEW.position
                    AND r ->> 1 = encode(sha256(convert_to(NEW.payload, 'UTF8')), 'hex'))
                OR EXISTS (SELECT 1 FROM timeline_events
                    WHERE id = NEW.id AND position <> NEW.position)
                OR (strpos(NEW.payload, '[erased]') = 0 AND strpos(NEW.payload, (SELECT
                    payload::jsonb ->> 'pseudonym' FROM timeline_events
                    WHERE position = NEW.redacted)) = 0) THEN
            RAISE EXCEPTION 'timeline: events are append-only; only a later erasure redacts a row';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS timeline_events_redact_only ON timeline_events",
    """CREATE TRIGGER timeline_events_redact_only BEFORE UPDATE ON timeline_events
        FOR EACH ROW EXECUTE FUNCTION timeline_redact_only()""",
    "DROP TRIGGER IF EXISTS timeline_events_no_truncate ON timeline_events",
    """CREATE TRIGGER timeline_events_no_truncate BEFORE TRUNCATE ON timeline_events
        FOR EACH STATEMENT EXECUTE FUNCTION timeline_append_only()""",
    # the log's recorded time never goes backwards: O(log n) on the recorded index
    """CREATE OR REPLACE FUNCTION timeline_recorded_order() RETURNS trigger AS $$
    BEGIN
        IF NEW.recorded_key < (SELECT max(recorded_key) FROM timeline_events) THEN
            RAISE EXCEPTION 'timeline: recorded time never goes backwards (event %)', NEW.id;
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS timeline_events_recorded_order ON timeline_events",
    """CREATE TRIGGER timeline_events_recorded_order BEFORE INSERT ON timeline_events
        FOR EACH ROW EXECUTE FUNCTION timeline_recorded_order()""",
    # every write path to a stored row is refused: an insert not at the end
    """CREATE OR REPLACE FUNCTION timeline_at_end() RETURNS trigger AS $$
    BEGIN
        IF NEW.position IS DISTINCT FROM
                coalesce((SELECT max(position) FROM timeline_events), 0) + 1 THEN
            RAISE EXCEPTION 'timeline: events are appended after the last position (event %)',
                NEW.id;
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS timeline_events_at_end ON timeline_events",
    """CREATE TRIGGER timeline_events_at_end BEFORE INSERT ON timeline_events
        FOR EACH ROW EXECUTE FUNCTION timeline_at_end()""",
    # the head is the last row's position and hash; the schema only rises
    """CREATE OR REPLACE FUNCTION timeline_meta_guard() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR NEW.key NOT IN ('head', 'schema', 'identity', 'legacy')
                OR (TG_OP = 'UPDATE' AND (NEW.key <> OLD.key
                    OR NEW.key IN ('identity', 'legacy'))) THEN
            RAISE EXCEPTION 'timeline: meta changes only as events are appended';
        END IF;
        IF NEW.key = 'head' AND NEW.value IS DISTINCT FROM (SELECT position || ':' || hash
                FROM timeline_events ORDER BY position DESC LIMIT 1) THEN
            RAISE EXCEPTION 'timeline: the head is the last event''s position and hash';
        END IF;
        IF NEW.key = 'legacy' AND (SELECT value FROM timeline_meta WHERE key = 'schema')
                IS DISTINCT FROM '1' THEN
            RAISE EXCEPTION 'timeline: a legacy head is kept only while upgrading schema 1';
        END IF;
        IF NEW.key = 'schema' AND TG_OP = 'UPDATE'
                AND NEW.value::integer < OLD.value::integer THEN
            RAISE EXCEPTION 'timeline: the schema version only rises';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS timeline_meta_guard ON timeline_meta",
    """CREATE TRIGGER timeline_meta_guard BEFORE INSERT OR UPDATE OR DELETE ON timeline_meta
        FOR EACH ROW EXECUTE FUNCTION timeline_meta_guard()""",
    "DROP TRIGGER IF EXISTS timeline_meta_no_truncate ON timeline_meta",
    """CREATE TRIGGER timeline_meta_no_truncate BEFORE TRUNCATE ON timeline_meta
        FOR EACH STATEMENT EXECUTE FUNCTION timeline_append_only()""",
    f"INSERT INTO timeline_meta VALUES ('schema', '{SCHEMA}') ON CONFLICT DO NOTHING",
    _IDENTIFY,
)


def schema_of(db: Any) -> int | None:
    """The store's schema version; None before it has one."""
    row = db.execute("SELECT value FROM timeline_meta WHERE key = 'schema'").fetchone()
    return None if row is None else int(row[0])


def prepare(db: Any, name: str) -> None:
    """Make the tables, guards and identity a store lacks, or re-chain a
    schema-1 store, under the writers' lock, so that creating the schema never
    deadlocks with an append."""
    exists = db.execute(
        "SELECT to_regclass('timeline_meta'), to_regproc('timeline_recorded_order'), "
        "to_regproc('timeline_meta_guard'), to_regproc('timeline_redact_only')"
    ).fetchone()
    if exists[0] is not None and schema_of(db) == 1:
        upgrade_chain(db, name)
    elif None in exists or db.execute(
            "SELECT 1 FROM timeline_meta WHERE key = 'identity'").fetchone() is None:
        with db.transaction():
            for statement in STATEMENTS:
                db.execute(statement)


def upgrade_chain(db: Any, name: str) -> None:
    """Re-chain a schema-1 store over its payloads' digests, atomically and
    once, under the writers' lock: the old chain is verified first (an
    altered store is not upgraded) and its head kept as ``legacy``."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        if schema_of(db) != 1:
            return  # another process upgraded it first
        anchor = db.execute("SELECT value FROM timeline_meta WHERE key = 'head'").fetchone()
        db.execute("DROP TRIGGER IF EXISTS timeline_events_append_only ON timeline_events")
        db.execute("ALTER TABLE timeline_events ADD COLUMN IF NOT EXISTS "
                   "digest TEXT NOT NULL DEFAULT ''")
        db.execute("ALTER TABLE timeline_events ADD COLUMN IF NOT EXISTS redacted BIGINT")
        rows = db.execute("SELECT position, payload, hash FROM timeline_events "
                          "ORDER BY position").fetchall()
        updates, position, old = rechain(rows, name)
        if anchor is not None and anchor[0] != f"{position}:{old}":
            raise StoreError(name, "cannot upgrade its hash chain to schema 2: its head does "
                             "not match its last event; nothing was changed")
        with db.cursor() as cursor:
            cursor.executemany("UPDATE timeline_events SET digest = %s, hash = %s "
                               "WHERE position = %s", updates)
        for statement in STATEMENTS:
            db.execute(statement)
        if position:
            db.execute("UPDATE timeline_meta SET value = %s WHERE key = 'head'",
                       (f"{position}:{updates[-1][1]}",))
            db.execute("INSERT INTO timeline_meta VALUES ('legacy', %s)", (f"{position}:{old}",))
        db.execute("UPDATE timeline_meta SET value = %s WHERE key = 'schema'", (str(SCHEMA),))
