"""Durable stores behind :class:`timeline.Timeline`: SQLite and PostgreSQL."""

from timeline.stores.base import SCHEMA, Store, Verification, open_store, sqlite_path

__all__ = ["SCHEMA", "Store", "Verification", "open_store", "sqlite_path"]
