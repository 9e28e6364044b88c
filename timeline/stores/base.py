"""What every store offers, and how a URL names one."""

from __future__ import annotations

import abc
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

from timeline.model.errors import (
    InvalidQueryError,
    StoreAddressError,
    StoreError,
    WriteInterruptedError,
)
from timeline.model.events import Event, EventTypes

if TYPE_CHECKING:
    from timeline.stores.keys import KeyTables

__all__ = ["ATTEMPTS", "SCHEMA", "Head", "Store", "Verification", "WriteThrough", "open_store"]

SCHEMA = 2
"""The storage schema version: tables, columns and triggers. Schema 2 chains
each payload's digest rather than the payload, so an erasure can redact it."""

ATTEMPTS = 3
"""How many times an append cut off by a lost connection is tried, in all."""


@attrs.frozen
class Verification:
    """The outcome of walking a store's hash chain.

    ``first_bad`` is the first position whose hash does not match (or that is
    missing); None when the whole chain verifies. ``reason`` says what is
    wrong, or, for a chain that verifies, what it could not be compared
    with. ``redacted`` lists the positions whose payloads an erasure
    redacted: they stay chained by the digest they had.
    """

    ok: bool
    checked: int
    first_bad: int | None
    reason: str
    redacted: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        if self.ok:
            note = f"; {self.reason}" if self.reason else ""
            if self.redacted:
                shown = ", ".join(map(str, self.redacted[:8]))
                more = f" and {len(self.redacted) - 8} more" if len(self.redacted) > 8 else ""
                note = f"; redacted by erasure: {shown}{more}{note}"
            return f"<Verification ok: {self.checked} events chained{note}>"
        return f"<Verification FAILED at position {self.first_bad}: {self.reason}>"


@attrs.frozen
class Head:
    """Where a log ends: its last position and the chained hash there
    (``"0:000…"`` when empty). Kept outside the store, it lets ``verify``
    notice a store rewritten whole; printed and read as ``position:hash``.

    >>> Head.parse("17:" + "ab" * 32).position
    17
    """

    position: int
    hash: str

    @classmethod
    def parse(cls, text: object) -> Head:
        """A head from ``position:hash`` (or a ``Head``)."""
        if isinstance(text, Head):
            return text
        position, _, digest = str(text).strip().partition(":")
        if not position.isdecimal() or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise InvalidQueryError(
                "expected", text,
                "a head is a position and a SHA-256 hash, 'position:hash'",
                hint="print one with `timeline head` or Timeline.head()")
        return cls(int(position), digest)

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"


def seconds(name: str, value: object) -> float:
    """A timeout in seconds, checked: a number, 0 or more, finite.

    >>> seconds("lock_timeout", "soon")
    Traceback (most recent call last):
    ...
    timeline.InvalidQueryError: invalid lock_timeout='soon': expected a number of seconds, ...
    """
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not 0 <= value < float("inf")):
        raise InvalidQueryError(name, value,
                                "expected a number of seconds, 0 or more",
                                hint=f"for example {name}=30")
    return float(value)


class Store(Protocol):
    """A durable log: positions from 1, append-only, hash-chained."""

    name: str
    keys: KeyTables
    lock_timeout: float | None

    def head(self) -> int: ...

    def read(self, after: int = 0) -> Iterator[tuple[int, Event]]: ...

    def read_at(self, positions: Iterable[int]) -> list[tuple[int, Event]]: ...

    def write(self, events: Sequence[Event], expected: int) -> None: ...

    def lock(self) -> None: ...

    def insert(self, events: Sequence[Event], expected: int) -> None: ...

    def redact(self, rows: Sequence[tuple[int, str, str]], by: int) -> None: ...

    def purge(self) -> bool: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def verify(self, expected: Head | None = None) -> Verification: ...

    def last(self) -> Head: ...

    def identity(self) -> str: ...

    def wait(self, after: int, timeout: float) -> bool: ...

    def backup(self, path: str | os.PathLike[str]) -> Head: ...

    def close(self) -> None: ...


class WriteThrough(abc.ABC):
    """The transaction steps every store provides, and ``write`` built on them."""

    @abc.abstractmethod
    def lock(self) -> None:
        """Begin a write transaction; other writers wait until it ends."""

    @abc.abstractmethod
    def insert(self, events: Sequence[Event], expected: int) -> None:
        """Within :meth:`lock`: add rows after ``expected``, chaining hashes."""

    @abc.abstractmethod
    def commit(self) -> None:
        """End the write transaction, making its rows durable."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Abandon the write transaction, if one is open."""

    def write(self, events: Sequence[Event], expected: int) -> None:
        """Append ``events`` at ``expected + 1`` onwards, atomically.

        Raises :class:`ConcurrencyError` (writing nothing) if another writer
        moved the head. A write cut off by a lost connection, which therefore
        did not land, is tried again (``ATTEMPTS`` tries in all). Runtime:
        O(b log n).
        """
        for attempt in range(ATTEMPTS):
            self.lock()
            try:
                self.insert(events, expected)
                self.commit()
                return
            except WriteInterruptedError:
                if attempt == ATTEMPTS - 1:
                    raise  # a connection lost on every try
            finally:
                self.rollback()


_KEYWORD_SECRET = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_QUERY_SECRET = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)
_USERINFO_SECRET = re.compile(r"(://[^/@:]*):[^/@]*@")


def redacted(url: str) -> str:
    """A store's address with every password in it replaced by ``***``: in a
    URL's user information, a ``?password=`` parameter or a keyword DSN's
    ``password=``. Error messages and the command line show only this.

    >>> redacted("postgresql://ada:s3cret@db:5432/log?password=x&sslmode=require")
    'postgresql://ada:***@db:5432/log?password=***&sslmode=require'
    >>> redacted("host=db user=ada password='it is s3cret' dbname=log")
    'host=db user=ada password=*** dbname=log'
    """
    if "://" not in url:
        return _KEYWORD_SECRET.sub(r"\1***", url)
    return _QUERY_SECRET.sub(r"\1***", _USERINFO_SECRET.sub(r"\1:***@", url))


def secrets_of(url: str) -> list[str]:
    """The passwords a store's address holds, to scrub from messages."""
    if "://" not in url:
        found = [m.group(2).strip("'") for m in _KEYWORD_SECRET.finditer(url)]
    else:
        found = [m.group(0).split("=", 1)[1] for m in _QUERY_SECRET.finditer(url)]
        found += [m.group(0)[3:-1].split(":", 1)[1] for m in _USERINFO_SECRET.finditer(url)]
    return sorted({f for f in found if f}, key=len, reverse=True)


#: The libpq connection keywords a keyword DSN is made of.
_LIBPQ_KEYS = frozenset({
    "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "sslmode",
    "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "options",
    "target_session_attrs", "service", "keepalives", "channel_binding", "gssencmode",
})
_PAIR = re.compile(r"\s*(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)")


def _keyword_dsn(text: str) -> bool:
    """Whether ``text`` is a PostgreSQL keyword DSN: nothing but ``key=value``
    pairs with libpq's keywords, one of them ``host``, ``dbname`` or
    ``user`` ("/data/user=ada/log.sqlite" is a path).

    >>> _keyword_dsn("host=db dbname=log"), _keyword_dsn("/data/user=ada/log.sqlite")
    (True, False)
    """
    keys, at = [], 0
    while at < len(text.rstrip()):
        pair = _PAIR.match(text, at)
        if pair is None or pair.end() == at:
            return False
        keys.append(pair.group(1).lower())
        at = pair.end()
    return bool(keys) and set(keys) <= _LIBPQ_KEYS and bool(
        {"host", "dbname", "user", "service"} & set(keys))


def _check_path(text: str, *, create: bool) -> None:
    """A :class:`StoreError` saying what is wrong with a SQLite store's path, if
    anything SQLite would only call "unable to open"."""
    if not text.strip():
        raise StoreError("sqlite:///", "no path given; use a path, sqlite:///relative/path "
                         "or sqlite:////absolute/path")
    if os.path.isdir(text):
        raise StoreError(text, "is a directory; give the path of a file in it, such as "
                         f"{os.path.join(text, 'log.sqlite')}")
    if os.path.exists(text) and not os.path.isfile(text):
        raise StoreError(text, "is not a regular file (a device, a pipe or a socket); give the "
                         "path of a SQLite file")
    folder = os.path.dirname(text) or "."
    if create and not os.path.isdir(folder):
        raise StoreError(text, f"its folder {folder} does not exist; create it first")


def sqlite_path(url: str | os.PathLike[str]) -> str | None:
    """The file a SQLite store's URL or path names; None for PostgreSQL.

    >>> sqlite_path("sqlite:///data/log.db"), sqlite_path("postgresql://db/x")
    ('data/log.db', None)
    """
    text = os.fspath(url)
    if text.startswith(("postgresql://", "postgres://")) or _keyword_dsn(text) or (
            "://" in text and not text.startswith("sqlite:///")):
        return None
    return text.removeprefix("sqlite:///")


def open_store(
    url: str | os.PathLike[str], types: EventTypes | None = None, *, create: bool = True,
    lock_timeout: float | None = 30.0, reconnect_timeout: float = 30.0,
) -> Store:
    """The store a URL or path names: a file path, ``sqlite:///relative/path``,
    ``sqlite:////absolute/path``, ``postgresql://...``, or a PostgreSQL keyword
    DSN (only ``key=value`` pairs of libpq's keywords, among them ``host``,
    ``dbname``, ``user`` or ``service``); anything else is a path.

    An append waits up to ``lock_timeout`` seconds for another writer's lock
    (None: for ever), then raises :class:`LockTimeoutError`; a PostgreSQL
    connection lost is made again for up to ``reconnect_timeout`` seconds."""
    if not isinstance(url, (str, os.PathLike)) or not isinstance(text := os.fspath(url), str):
        raise StoreAddressError(url)
    if text.startswith(("postgresql://", "postgres://")) or _keyword_dsn(text):
        from timeline.stores.postgres import PostgresStore  # noqa: PLC0415 - optional extra

        return PostgresStore(text, types, lock_timeout=lock_timeout,
                             reconnect_timeout=reconnect_timeout)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")  # sqlite:////abs/path, sqlite:///relative
    elif "://" in text:
        raise StoreError(redacted(text), "unknown kind of store; use a path, sqlite:///path "
                         "or postgresql://...")
    from timeline.stores.sqlite import SqliteStore  # noqa: PLC0415 - imports base

    _check_path(text, create=create)
    if not create and not os.path.exists(text):
        raise StoreError(text, "no such store; check the path (a new store is created only "
                         "by commands that write, such as import)")
    if not create and os.path.isfile(text) and os.path.getsize(text) == 0:
        raise StoreError(text, "is an empty file, not a store; check the path (a new store is "
                         "created only by commands that write, such as import)")
    seconds("reconnect_timeout", reconnect_timeout)  # checked alike, though unused
    return SqliteStore(text, types, lock_timeout=lock_timeout)
