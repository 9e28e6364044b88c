"""What a store keeps of each event: a row, its canonical form and its hash.

Every store keeps the same columns — log position, id, kind, event-schema
version, valid date and precision, recorded time, certainty, payload, hash,
the payload's digest and, once an erasure has redacted the row, the
erasure's position — and chains each event's SHA-256 to the previous
event's over the payload's digest, so that ``verify`` can prove the log was
not altered and an erasure can still remove a payload's personal data
without breaking the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from timeline.model.dates import instant_key
from timeline.model.errors import (
    InvalidEventError,
    InvalidQueryError,
    StoreError,
    TimelineError,
    excerpt,
)
from timeline.model.events import SCHEMA_VERSION, Event, EventTypes
from timeline.model.upcasting import UPCASTERS
from timeline.model.upcasting import upcast as _upcast
from timeline.stores.base import Head, Verification

__all__ = [
    "COLUMNS", "GENESIS", "UPCASTERS", "Row", "canonical", "chain", "chain_v1", "check_row",
    "decode", "digest", "link", "rechain", "row_of", "rows_after", "verify_rows",
]

GENESIS = "0" * 64

def canonical(payload: Mapping[str, Any]) -> str:
    """The byte-stable serialisation that hashes are computed over."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(payload: Mapping[str, Any] | str) -> str:
    """The SHA-256 of a payload's canonical form (or of canonical text)."""
    text = payload if isinstance(payload, str) else canonical(payload)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def link(previous: str, position: int, payload_digest: str) -> str:
    """The SHA-256 of an event, from the previous event's hash, its position
    and its payload's digest: a redacted payload keeps its place in the chain."""
    return hashlib.sha256(f"{previous}\n{position}\n{payload_digest}".encode()).hexdigest()


def chain(previous: str, position: int, payload: Mapping[str, Any]) -> str:
    """The SHA-256 of an event chained to the previous event's hash."""
    return link(previous, position, digest(payload))


def chain_v1(previous: str, position: int, payload: Mapping[str, Any] | str) -> str:
    """The hash storage schema 1 chained, over the payload itself: kept to
    upgrade a store once and to check a head kept before the upgrade."""
    text = payload if isinstance(payload, str) else canonical(payload)
    return hashlib.sha256(f"{previous}\n{position}\n{text}".encode(
        "utf-8", "surrogatepass")).hexdigest()


@attrs.frozen
class Row:
    """One stored event, column by column."""

    position: int
    id: str
    kind: str
    version: int
    valid: str
    valid_first: int
    valid_last: int
    precision: str
    recorded: str
    recorded_key: int
    certainty: str
    payload: str
    hash: str
    digest: str
    redacted: int | None = None
    """The position of the erasure that redacted this row's payload, if any."""


COLUMNS = 15
"""How many columns a stored row has."""


def row_of(event: Event, position: int, previous: str, types: EventTypes) -> Row:
    """The row for an event at ``position`` after an event hashed ``previous``."""
    assert event.recorded is not None
    payload = types.encode(event)
    text = canonical(payload)
    payload_digest = digest(text)
    return Row(
        position=position,
        id=event.id,
        kind=event.kind,
        version=SCHEMA_VERSION,
        valid=str(event.valid),
        valid_first=event.valid.first,
        valid_last=event.valid.last,
        precision=event.valid.precision.value,
        recorded=event.recorded.isoformat(),
        recorded_key=instant_key(event.recorded),
        certainty=event.certainty.value,
        payload=text,
        hash=link(previous, position, payload_digest),
        digest=payload_digest,
    )


def rows_after(
    events: Sequence[Event], head: int, previous: str, types: EventTypes
) -> tuple[list[tuple[object, ...]], str]:
    """The rows (column values in table order) of ``events`` appended after
    position ``head`` whose hash is ``previous``, and the last row's hash."""
    rows: list[tuple[object, ...]] = []
    for offset, event in enumerate(events, 1):
        row = row_of(event, head + offset, previous, types)
        rows.append((row.position, row.id, row.kind, row.version, row.valid, row.valid_first,
                     row.valid_last, row.precision, row.recorded, row.recorded_key,
                     row.certainty, row.payload, row.hash, row.digest, row.redacted))
        previous = row.hash
    return rows, previous


def rechain(rows: Iterable[tuple[int, str, str]], store: str, start: int = 0,
            old: str = GENESIS, new: str = GENESIS) -> tuple[list[tuple[str, str, int]], int, str]:
    """Schema 1's chain over ``rows`` (position, payload, hash) checked, and
    the (digest, hash, position) each row has in schema 2's: the updates,
    the last position and the old chain's last hash. Raises
    :class:`StoreError` where the old chain does not verify."""
    updates, position = [], start
    for at, payload, stored in rows:
        position += 1
        if not isinstance(payload, str):
            raise StoreError(store, f"cannot upgrade its hash chain to schema 2: the payload "
                             f"at position {position} is not UTF-8 text; nothing was changed")
        old = chain_v1(old, position, payload)
        if at != position or old != stored:
            raise StoreError(store, f"cannot upgrade its hash chain to schema 2: position "
                             f"{position} does not verify under schema 1; nothing was changed")
        payload_digest = digest(payload)
        new = link(new, position, payload_digest)
        updates.append((payload_digest, new, at))
    return updates, position, old


def upcast(payload: dict[str, Any], version: int) -> dict[str, Any]:
    """A payload brought from ``version`` up to the current schema version."""
    try:
        return _upcast(payload, version)
    except InvalidEventError as error:
        raise StoreError("?", f"{error.reason}: {version}") from None


def decode(store: str, position: int, version: int, payload: str, types: EventTypes) -> Event:
    """The event a stored payload holds, upcast to the current schema."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            store, f"event at position {position} has schema version {version}, newer than "
            f"this release reads ({SCHEMA_VERSION}); upgrade timeline"
        )
    if isinstance(payload, bytes):
        raise StoreError(store, f"event at position {position}: its payload is not UTF-8 text")
    try:
        data = json.loads(payload)
        return types.decode(upcast(data, version))
    except json.JSONDecodeError as error:
        raise StoreError(store, f"event at position {position} is not JSON: {error}") from None
    except (RecursionError, ValueError) as error:
        if isinstance(error, TimelineError):
            raise
        raise StoreError(store, f"event at position {position}: its payload cannot be read "
                         f"({_unreadable(error)})") from None


def check_row(
    stored: tuple[Any, ...], previous: str, types: EventTypes
) -> tuple[str | None, str]:
    """Check one stored row (all its columns, in table order) against its payload.

    A row redacted by an erasure is chained by the digest it had before;
    its payload is checked against the erasure by :func:`verify_rows`.
    Returns the reason it fails (None when it holds) and its hash, to chain on.
    """
    position, version, payload = stored[0], stored[3], stored[11]
    if isinstance(payload, bytes):
        return "its payload is not UTF-8 text", ""
    if len(stored) != COLUMNS:
        return f"it has {len(stored)} columns, not {COLUMNS}", ""
    try:
        data = json.loads(payload)
    except (TypeError, json.JSONDecodeError):
        return "its payload is not JSON", ""
    except (RecursionError, ValueError) as error:
        return f"its payload cannot be read ({_unreadable(error)})", ""
    if not isinstance(version, int) or not 0 <= version <= SCHEMA_VERSION:
        return f"its schema version {version!r} is unknown", ""
    try:
        event = types.decode(upcast(data, version))
    except RecursionError as error:
        return f"its payload cannot be read ({_unreadable(error)})", ""
    except Exception as error:
        return f"its payload is not a valid event: {error}", ""
    if link(previous, position, stored[13]) != stored[12]:
        return "its hash does not match", ""
    if stored[14] is None and digest(payload) != stored[13]:
        return "its payload does not match its hash", ""
    expected = row_of(event, position, previous, types)
    derived = (
        expected.id, expected.kind, expected.valid, expected.valid_first, expected.valid_last,
        expected.precision, expected.recorded, expected.recorded_key, expected.certainty,
    )
    actual = (*stored[1:3], *stored[4:11])
    if tuple(actual) != derived:
        return "its columns do not match its payload", stored[12]
    return None, str(stored[12])


def _unreadable(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return "a number too long to read" if "digits" in str(error) else excerpt(str(error))[1:-1]


_OUTSIDE = ("the chain here does not match the head kept outside the store: the log was "
            "rewritten up to this position")


def erasures_of(kind: str, payload: str) -> tuple[dict[int, str], str]:
    """What an erasure's payload says it redacted (position -> the digest of
    the redacted payload) and the pseudonym it gave; nothing for any other
    kind of event."""
    if kind != "erased":
        return {}, ""
    data = json.loads(payload)
    listed = data.get("redacted", [])
    return {int(at): str(value) for at, value in listed}, str(data.get("pseudonym", ""))


def verify_rows(
    rows: Iterable[tuple[Any, ...]], anchor: str | None, types: EventTypes,
    expected: Head | None = None, legacy: Head | str | None = None,
) -> Verification:
    """The verification of stored rows (all columns, position order) against the
    head anchor: the first row that does not hold, or a missing tail; and
    against ``expected``, a head kept outside the store, when given.

    ``legacy`` is the head the store had under schema 1's chain when it was
    upgraded: a head kept outside before the upgrade is checked against the
    old chain, worked out again alongside."""
    previous, checked, position = GENESIS, 0, 0
    if isinstance(legacy, str):
        try:
            legacy = Head.parse(legacy)
        except InvalidQueryError:
            return Verification(False, 0, 1, "its meta table holds a legacy head that is not "
                                "one: it was written behind the triggers")
    old = GENESIS if legacy is not None and expected is not None \
        and expected.position <= legacy.position else None
    lost = False  # an old-chain head that a redaction since keeps from being checked
    erasures: dict[int, tuple[dict[int, str], str]] = {}
    marked: list[tuple[int, int, str, str]] = []
    if expected is not None and expected.position == 0 and expected.hash != GENESIS:
        return Verification(False, 0, 1, _OUTSIDE)
    for row in rows:
        position += 1
        if row[0] != position:
            return Verification(False, checked, position, "a position is missing")
        reason, previous = check_row(tuple(row), previous, types)
        if reason is not None:
            return Verification(False, checked, position, reason)
        if row[14] is not None:
            marked.append((position, row[14], digest(row[11]), row[11]))
            lost, old = lost or old is not None, None  # the old chain is lost from here
        elif old is not None:
            old = chain_v1(old, position, row[11])
        if row[2] == "erased":
            erasures[position] = erasures_of(row[2], row[11])
        if expected is not None and position == expected.position \
                and expected.hash not in (previous, old) and not lost:
            return Verification(False, checked, position, _OUTSIDE)
        checked += 1
    if expected is not None and expected.position > position:
        return Verification(
            False, checked, position + 1,
            f"the log ends at {position}, before the head kept outside the store "
            f"({expected.position}): events were removed or the store replaced")
    if anchor is not None and anchor != f"{position}:{previous}":
        return Verification(
            False, checked, position + 1, f"the log should end at {anchor.split(':')[0]}: "
            "events after this position are missing or altered"
        )
    for at, by, payload_digest, text in marked:
        listed, pseudonym = erasures.get(by, ({}, ""))
        if listed.get(at) != payload_digest:
            return Verification(
                False, checked, at, f"its payload was changed as if redacted by the erasure "
                f"at position {by}, which does not list it as it is")
        if "[erased]" not in text and not (pseudonym and pseudonym in text):
            return Verification(
                False, checked, at, f"its payload was changed as if redacted by the erasure "
                f"at position {by}, but holds nothing erased")
        if expected is not None and at <= expected.position < by:
            return Verification(
                False, checked, at, f"its payload was redacted by the erasure at position "
                f"{by}, after the head kept outside the store: if that erasure is yours, "
                "keep a new head")
    if lost:
        return Verification(
            False, checked, expected.position if expected else None,
            "the head kept outside predates the chain's upgrade and a "
            "payload before it was redacted since, so it cannot be checked; keep a new head")
    return Verification(True, checked, None, "", tuple(at for at, *_ in marked))
