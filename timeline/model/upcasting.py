"""Upcasting: reading an event payload written by an older event schema as
the current schema means it.

Stores keep each payload's schema version; a JSON Lines file says its
version on a first line of its own (``{"schema": 3}``), and a file without
one was written before files said so (version 2). See docs/stores.md.

>>> upcast({"kind": "founded", "id": "f", "founders": ["a", "b"]}, 2)["employees"]
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from timeline.model.currencies import CODES
from timeline.model.errors import InvalidEventError
from timeline.model.events import SCHEMA_VERSION

__all__ = ["UPCASTERS", "Upcaster", "upcast"]

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


def _v0_to_v1(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 0 wrote ``"rumor": true`` where version 1 writes a certainty."""
    data = dict(payload)
    rumor = data.pop("rumor", None)
    if rumor and "certainty" not in data:
        data["certainty"] = "rumored"
    return data


def _v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 2 added the optional ``answers`` of a counterclaim's filing:
    a version 1 payload is already a version 2 one."""
    return payload


_ALIASES = {"RMB": "CNY", "NTD": "TWD", "UKP": "GBP", "STG": "GBP"}


def _money(value: object, notes: list[str]) -> object:
    """An amount as version 3 reads it: version 2 took a JSON float and any
    three-letter code; a float becomes the decimal it prints as, a common
    other name of a currency its ISO code, and any other code the ISO code
    for no currency, ``XXX``, the code as written kept in the event's note."""
    if not (isinstance(value, dict) and {"amount", "currency"} <= set(value)):
        return value
    money = dict(value)
    if isinstance(money["amount"], float):
        money["amount"] = repr(money["amount"])
    code = money["currency"].strip().upper() if isinstance(money["currency"], str) else ""
    code = _ALIASES.get(code, code)
    if code not in CODES:
        notes.append(f"amount {money['amount']} in {money['currency']!r} as written before "
                     "event schema 3, which takes ISO 4217 codes only")
        code = "XXX"
    money["currency"] = code
    return money


def _v2_to_v3(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 3 made a founder an employee only when the founding says so
    (``employees``): up to version 2 every founder was one, so a founding
    names them all. It takes money as exact decimals in ISO 4217 codes (see
    :func:`_money`). Its other additions are optional fields (kinds of
    affiliation, reported money, commitments, reporters' dates). Nested
    events (a correction's replacement, a dispute's claim) are upcast too."""
    data = dict(payload)
    if data.get("kind") == "founded" and "employees" not in data and data.get("founders"):
        data["employees"] = list(data["founders"])
    notes: list[str] = []
    for key in ("amount", "valuation"):
        if key in data:
            data[key] = _money(data[key], notes)
    if notes:
        data["note"] = "; ".join([data["note"], *notes] if data.get("note") else notes)
    for key in ("replacement", "claim"):
        nested = data.get(key)
        if isinstance(nested, dict):
            data[key] = _v2_to_v3(nested)
    return data


UPCASTERS: dict[int, Upcaster] = {0: _v0_to_v1, 1: _v1_to_v2, 2: _v2_to_v3}
"""Each upcaster turns a payload of its version into one of the next version."""


def upcast(payload: dict[str, Any], version: int) -> dict[str, Any]:
    """A payload brought from ``version`` up to the current schema version."""
    while version < SCHEMA_VERSION:
        upcaster = UPCASTERS.get(version)
        if upcaster is None:
            raise InvalidEventError(None, "version", version,
                                    "no upcaster from this event schema version")
        payload = upcaster(payload)
        version += 1
    return payload
