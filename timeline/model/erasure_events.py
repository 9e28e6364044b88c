"""Erasure: forgetting a private person on request, while the log stays
append-only and verifiable.

An :class:`Erased` event is appended, with its sources (the request), when
``Timeline.erase`` removes a person's personal data — their id, names and
aliases wherever they appear — from the payloads of the events that hold
it. It names no one: it lists the positions it redacted, with the digest of
each redacted payload, and the pseudonym the person's id became, so that
``verify`` can tell a redaction from tampering. It takes effect in no
projection. See "Erasure" in docs/stores.md.

>>> Erased(id="erasure-9", valid="2026-12-01", sources="request-17",
...        pseudonym="erased-9", redacted=[(3, "ab" * 32)]).redacted[0][0]
3
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from timeline.model.errors import InvalidEventError
from timeline.model.events import Event, _id_of, _text

__all__ = ["Erased"]


def _listed(value: object) -> tuple[tuple[int, str], ...]:
    """(position, digest) pairs, from any iterable of pairs (JSON gives lists)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # the validator names it
    pairs = []
    for item in value:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((item[0], item[1]))
        else:
            return value  # type: ignore[return-value]
    return tuple(pairs)


def _redacted(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    ok = isinstance(value, tuple) and all(
        isinstance(at, int) and not isinstance(at, bool) and at > 0 and isinstance(d, str)
        and len(d) == 64 for at, d in value)
    if not ok:
        raise InvalidEventError(_id_of(instance), attribute.name, value,
                                "expected (position, SHA-256 digest) pairs")


@attrs.frozen(kw_only=True)
class Erased(Event):
    """A person's personal data was removed from the events at the positions
    ``redacted`` (each with its redacted payload's digest); their id is now
    ``pseudonym``. Built by ``Timeline.erase``, never by hand."""

    kind: ClassVar[str] = "erased"
    pseudonym: str = attrs.field(validator=_text)
    redacted: tuple[tuple[int, str], ...] = attrs.field(
        default=(), converter=_listed, validator=_redacted)
    reason: str = ""
