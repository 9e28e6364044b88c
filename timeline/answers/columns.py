"""The columns of each answer's table, and their types, read from the JSON
schema of its data (``timeline/data/answers.schema.json``): a table has
every column its kind of answer can have, typed, whether or not this
answer's rows hold a value for it, so that the tables of several answers
(an empty one too) concatenate (see :mod:`timeline.answers.frames`).

A column's type is one of ``string``, ``int``, ``bool``, ``date``,
``timestamp``, ``category`` (with its values, in order), ``list`` (of
strings) and ``json`` (records as JSON text).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

__all__ = ["Column", "columns_of"]

#: A column's type, and the values of a category (in their order).
Column = tuple[str, tuple[str, ...]]

_STRING: Column = ("string", ())
_DATE: Column = ("date", ())
_PRECISIONS: Column = ("category", ("day", "month", "year", "range"))
_CERTAINTIES: Column = ("category", ("rumored", "reported", "confirmed"))
_SIMPLE: dict[str, Column] = {"string": _STRING, "integer": ("int", ()),
                              "boolean": ("bool", ()), "number": ("float", ())}


@functools.cache
def _defs() -> Mapping[str, Any]:
    text = resources.files("timeline.data").joinpath("answers.schema.json").read_text("utf-8")
    defs: Mapping[str, Any] = json.loads(text)["$defs"]
    return defs


def columns_of(kind: str, rows: Sequence[tuple[str, Mapping[str, Any]]], labelled: bool,
               context: Sequence[str]) -> dict[str, Column]:
    """The columns of a table of ``kind``'s rows: ``part`` when ``labelled``,
    then the columns of each kind of row (``rows``: a part and the schema of
    its items), then the answer's ``context`` properties, prefixed
    ``query_``."""
    out: dict[str, Column] = {"part": _STRING} if labelled else {}
    for _, schema in rows:
        _walk(schema, "", out)
    answer = _defs()[kind]["properties"]
    for name in context:
        _walk(answer[name], f"query_{name}", out)
    return out


def schema_of(kind: str, part: str) -> Mapping[str, Any]:
    """The schema of the items of an answer's ``part``."""
    prop: Mapping[str, Any] = _defs()[kind]["properties"][part]
    return _resolved(prop)["items"]  # type: ignore[no-any-return]


def properties_of(kind: str) -> Mapping[str, Any]:
    """The schema of each property of an answer's data."""
    props: Mapping[str, Any] = _defs()[kind]["properties"]
    return props


def _resolved(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """A schema without its ``null`` alternative."""
    choices = [s for s in schema.get("anyOf", ()) if s.get("type") != "null"]
    return choices[0] if len(choices) == 1 else schema


def _walk(schema: Mapping[str, Any], name: str, out: dict[str, Column]) -> None:
    """The columns of a value of ``schema`` named ``name`` (a record's
    properties prefixed ``name_``; ``name`` empty: a row)."""
    schema = _resolved(schema)
    prefix = f"{name}_" if name else ""
    ref = schema.get("$ref", "").rpartition("/")[2]
    if ref == "Entity":
        out[f"{prefix}id"] = out[f"{prefix}name"] = _STRING
    elif ref == "ValidDate":
        out[name] = _STRING
        out[f"{prefix}first"] = out[f"{prefix}last"] = _DATE
        out[f"{prefix}precision"] = _PRECISIONS
    elif ref == "Day":
        out[name] = _DATE
    elif ref == "Instant":
        out[name] = ("timestamp", ())
    elif ref == "Event":
        _event(prefix, out)
    elif ref and "enum" in _defs()[ref]:
        out[name] = ("category", tuple(_defs()[ref]["enum"]))
    elif ref:
        _walk(_defs()[ref], name, out)
    elif "properties" in schema:
        for key, prop in schema["properties"].items():
            _walk(prop, prefix + key, out)
    elif schema.get("type") == "array":
        _array(schema, name, out)
    elif "enum" in schema:
        out[name] = ("category", tuple(schema["enum"]))
    elif "const" in schema:
        out[name] = ("bool", ())
    else:
        out[name] = _SIMPLE.get(schema.get("type", "string"), _STRING)


def _array(schema: Mapping[str, Any], name: str, out: dict[str, Column]) -> None:
    items = schema.get("items") or {}
    ref = items.get("$ref", "").rpartition("/")[2] if isinstance(items, dict) else ""
    if ref == "Entity":
        out[f"{name}_ids"] = out[f"{name}_names"] = ("list", ())
    elif isinstance(items, dict) and (items.get("type") == "string" or (
            ref and "enum" in _defs()[ref])):
        out[name] = ("list", ())
    else:
        out[name] = ("json", ())


def _event(prefix: str, out: dict[str, Column]) -> None:
    """The columns of an event (see ``frames._event``)."""
    out[f"{prefix}id"] = out[f"{prefix}kind"] = _STRING
    _walk({"$ref": "#/$defs/ValidDate"}, f"{prefix}valid", out)
    out[f"{prefix}recorded"] = ("timestamp", ())
    out[f"{prefix}certainty"] = _CERTAINTIES
    for name in ("sources", "entities_ids", "entities_names"):
        out[prefix + name] = ("list", ())
    out[f"{prefix}fields"] = ("json", ())
