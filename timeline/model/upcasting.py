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


def _v2_to_v3(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 3 made a founder an employee only when the founding says so
    (``employees``): up to version 2 every founder was one, so a founding
    names them all. Its other additions are optional fields (kinds of
    affiliation, reported money, commitments, reporters' dates). Nested
    events (a correction's replacement, a dispute's claim) are upcast too."""
    data = dict(payload)
    if data.get("kind") == "founded" and "employees" not in data and data.get("founders"):
        data["employees"] = list(data["founders"])
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
