"""Durable stores behind :class:`timeline.Timeline`: SQLite and PostgreSQL."""

from timeline.stores.base import SCHEMA, Store, Verification, open_store

__all__ = ["SCHEMA", "Store", "Verification", "open_store"]
