"""The JSON schema of every answer's ``to_dict()``, made from the answer
classes themselves so that it cannot drift from them.

``timeline/data/answers.schema.json`` holds it, and docs/api.md prints
it; tests check that both equal :func:`answers_schema` and that every
answer's data is valid under it. After changing an answer class, write
both again with ``python -m timeline.answers.schema``.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
import importlib
import json
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pendulum

from timeline.answers.data import roles
from timeline.answers.frames import AsData
from timeline.model.dates import Precision, ValidDate
from timeline.model.events import Event

__all__ = ["SCHEMA_PATH", "answers_schema", "load_schema"]

#: Where the schema is kept, beside the package's data.
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "answers.schema.json"

#: The modules that define answers, in the order the schema lists them.
_MODULES = ("results", "periods", "roster_changes", "departures", "reports", "figures",
            "plans", "history", "lineage", "affiliations", "hierarchy")

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def _record(properties: dict[str, Schema], *, optional: tuple[str, ...] = (),
            description: str | None = None) -> Schema:
    out: Schema = {} if description is None else {"description": description}
    return out | {"type": "object", "properties": properties,
                  "required": sorted(set(properties) - set(optional)),
                  "additionalProperties": False}


_STRING: Schema = {"type": "string"}
_AMOUNT: Schema = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}

#: What every answer shares: entities, dates, moments, amounts, sources, events.
_COMMON: dict[str, Schema] = {
    "Entity": _record({"id": _STRING, "name": _nullable(_STRING)},
                      description="An entity: its id, and its name as the view knows it "
                                  "(null: the view never declared it)."),
    "Day": {"type": "string", "format": "date",
            "description": "A day, as an ISO date: 2024-08-19."},
    "Instant": {"type": "string", "format": "date-time", "pattern": "Z$",
                "description": "A moment in recorded time, in UTC: 2024-08-19T10:00:00Z."},
    "ValidDate": _record(
        {"date": _STRING, "precision": {"enum": [p.value for p in Precision]},
         "first": _ref("Day"), "last": _ref("Day")},
        description="A date in the world as written (2024-05, 2024, 2024-04/2024-08-19, "
                    "../2022-08), its precision and the first and last day it covers."),
    "Money": _record({"amount": _AMOUNT, "currency": _STRING, "bound": _STRING,
                      "upper": _AMOUNT, "approximate": {"const": True}},
                     optional=("bound", "upper", "approximate"),
                     description="An amount as exact decimal text; bound, upper and "
                                 "approximate only when they say something."),
    "Figure": _record({"amount": _AMOUNT, "unit": _STRING, "share": {"const": True},
                       "bound": _STRING, "upper": _AMOUNT, "approximate": {"const": True}},
                      optional=("unit", "share", "bound", "upper", "approximate")),
    "Commitment": _record({"amount": _ref("Money"), "by": _ref("ValidDate"),
                           "condition": _STRING},
                          optional=("by", "condition")),
    "Source": _record({"id": _STRING, "title": _STRING, "publisher": _STRING,
                       "published": _ref("Instant"), "language": _STRING, "url": _STRING},
                      optional=("title", "publisher", "published", "language", "url"),
                      description="A source, with what its citation knows."),
    "Event": {"type": "object",
              "required": ["kind", "id", "valid", "recorded", "certainty", "sources", "names"],
              "properties": {"kind": _STRING, "id": _STRING, "valid": _ref("ValidDate"),
                             "recorded": _nullable(_ref("Instant")),
                             "certainty": {"enum": ["rumored", "reported", "confirmed"]},
                             "sources": _array(_ref("Source")),
                             "replacement": _ref("Event"), "claim": _ref("Event"),
                             "names": {"type": "object",
                                       "additionalProperties": _nullable(_STRING)}},
              "description": "An event: its JSON Lines form (see docs/api.md, 'JSON Lines'; "
                             "the fields of its kind beside these), with its date, recorded "
                             "time, certainty and sources in the answers' shape, and the "
                             "name of each entity it names."},
}

#: The parts an answer's data gives in a shape of its own (see
#: timeline.answers.data), by class name.
_SPECIAL: dict[str, Callable[[dict[str, Schema]], None]] = {}


def _special(name: str) -> Callable[[Callable[[dict[str, Schema]], None]],
                                     Callable[[dict[str, Schema]], None]]:
    def register(shape: Callable[[dict[str, Schema]], None]) -> Callable[
            [dict[str, Schema]], None]:
        _SPECIAL[name] = shape
        return shape
    return register


@_special("Diff")
def _diff(props: dict[str, Schema]) -> None:
    for part in ("passers", "possible_passers", "passer_ids", "possible_passer_ids"):
        props.pop(part, None)
    for part in ("passed_through", "possibly_passed_through"):
        props[part] = _array(_ref("Passer"))


@_special("Headcounts")
def _headcounts(props: dict[str, Schema]) -> None:
    props.pop("reported", None)
    props.pop("reported_periods", None)
    props["counts"] = _array(_array(_record({
        "certain": {"type": "integer"}, "at_most": {"type": "integer"},
        "reported": _nullable(_ref("Figure")), "reported_period": _nullable(_ref("ValidDate"))})))


@_special("CaseView")
def _case(props: dict[str, Schema]) -> None:
    props.pop("details", None)
    for part in ("history", "later"):
        props[part] = _array(_record({"date": _ref("ValidDate"), "step": _STRING,
                                      "event": _STRING, "detail": _nullable(_STRING)}))


@_special("TenureView")
def _tenure(props: dict[str, Schema]) -> None:
    props["roles"] = _array(_record({"date": _ref("ValidDate"), "role": _STRING}))
    props["leaves"] = _array(_record({"start": _nullable(_ref("ValidDate")),
                                      "end": _nullable(_ref("ValidDate"))}))
    props["bounds"] = _record({name: _nullable(_ref("Day")) for name in (
        "earliest_start", "latest_start", "earliest_end", "latest_end", "certain_first",
        "certain_last")})


@_special("Departure")
def _departure(props: dict[str, Schema]) -> None:
    props["stated_destination"] = _nullable(_ref("Entity"))


@_special("CohortMember")
def _cohort_member(props: dict[str, Schema]) -> None:
    props["status"] = {"enum": ["remaining", "possibly", "gone", "not yet a member",
                                "never a member", "not an employee", "not yet known"]}


@_special("OrganizationState")
def _organization(props: dict[str, Schema]) -> None:
    _placed(props)
    props["founding"] = _nullable(
        {"enum": ["founded", "possibly not yet founded", "not yet founded"]})


@_special("HistoryEntry")
def _entry(props: dict[str, Schema]) -> None:
    props["fact"] = _STRING
    props["versions"] = _array(_ref("Version"))


def _placed(props: dict[str, Schema]) -> None:
    for part in ("inside", "units", "placed"):
        if part in props:
            props[part] = _array(_record({"org": _ref("Entity"), "certain": {"type": "boolean"}}))


_SPECIAL["UnitsRoster"] = _placed


class _Builder:
    """The schema's definitions, each made once."""

    def __init__(self) -> None:
        self.defs: dict[str, Schema] = dict(_COMMON)
        self.namespace: dict[str, Any] = {}
        for name in ("timeline.model.catalog", "timeline.engine.disputes",
                     "timeline.engine.funding", "timeline.engine.observations",
                     *(f"timeline.answers.{m}" for m in _MODULES)):
            module = importlib.import_module(name)
            self.namespace.update({k: v for k, v in vars(module).items()
                                   if isinstance(v, type)})

    def of(self, hint: Any) -> Schema:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint is type(None):
            return {"type": "null"}
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [self.of(a) for a in args]}
        simple = {str: "string", bool: "boolean", int: "integer", float: "number",
                  decimal.Decimal: "string"}
        if hint in simple:
            return {"type": simple[hint]}
        if hint is ValidDate:
            return _ref("ValidDate")
        if hint in (pendulum.DateTime, _dt.datetime):
            return _ref("Instant")
        if hint is _dt.date:
            return _ref("Day")
        if isinstance(hint, type) and issubclass(hint, Event):
            return _ref("Event")
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            self.defs.setdefault(hint.__name__, {"enum": [m.value for m in hint]})
            return _ref(hint.__name__)
        if origin in (tuple, list, frozenset, set):
            if len(args) == 2 and args[1] is Ellipsis:
                return _array(self.of(args[0]))
            return {"type": "array", "prefixItems": [self.of(a) for a in args], "items": False}
        if isinstance(hint, type) and hint.__name__ in self.defs:
            return _ref(hint.__name__)
        if isinstance(hint, type) and attrs.has(hint):
            self.add(hint)
            return _ref(hint.__name__)
        raise TypeError(f"no schema for {hint!r}")  # pragma: no cover - a new kind of value

    def add(self, kind: type) -> None:
        name = kind.__name__
        if name in self.defs:
            return
        self.defs[name] = {}  # placed first: a definition may refer to itself
        hints = typing.get_type_hints(kind, self.namespace | vars(sys.modules[kind.__module__]))
        fields = [f.name for f in attrs.fields(kind) if not f.name.startswith("_")]
        parts = getattr(kind, "_PARTS", None)
        if parts is not None:  # an answer whose entries are worked out on first use
            fields = [f for f in fields if not f.endswith("_ids")] + [*parts, "contested"]
            member, contested = self.namespace["Member"], self.namespace["ContestedMembership"]
            hints |= dict.fromkeys(parts, tuple[member, ...])  # type: ignore[valid-type]
            hints["contested"] = tuple[contested, ...]  # type: ignore[valid-type]
        props: dict[str, Schema] = {}
        for field, (role, _) in roles(name, tuple(fields)).items():
            hint = hints[field]
            optional = type(None) in typing.get_args(hint)
            if role == "entity":
                props[field] = _nullable(_ref("Entity")) if optional else _ref("Entity")
            elif role == "ids":
                many = typing.get_origin(hint) is tuple
                props[field] = _array(_ref("Entity")) if many else _nullable(_ref("Entity"))
            else:
                props[field] = self.of(hint)
        if name in _SPECIAL:
            _SPECIAL[name](props)
        doc = (kind.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        optional_parts = ("not_known_until", "published") if parts is not None else ()
        self.defs[name] = _record(props, description=" ".join(doc.split()),
                                  optional=optional_parts)


def answers_schema() -> Schema:
    """The JSON schema of every answer's data: ``$defs`` has one definition
    per answer and part of one, by class name (``Roster``, ``Member``...)."""
    builder = _Builder()
    answers = []
    for module in _MODULES:
        for value in vars(importlib.import_module(f"timeline.answers.{module}")).values():
            if (isinstance(value, type) and issubclass(value, AsData) and attrs.has(value)
                    and value.__module__ == f"timeline.answers.{module}"):
                builder.add(value)
                answers.append(value.__name__)
    tenure = builder.defs["TenureView"]
    builder.defs["Passer"] = _record(
        {"person": _ref("Entity"), **tenure["properties"]},
        description="A tenure that passed through a diff's span, with its person.")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://timeline.invalid/answers.schema.json",
        "title": "timeline answers",
        "description": "The data of every answer's to_dict(), by answer class.",
        "oneOf": [_ref(name) for name in sorted(answers)],
        "$defs": dict(sorted(builder.defs.items())),
    }


def load_schema() -> Schema:
    """The schema as the package keeps it."""
    loaded: Schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def dumps(schema: Schema) -> str:
    """The schema as the file and the docs hold it."""
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def write() -> None:
    """Write the schema to the package's file and, in a clone, into the
    block of docs/api.md that prints it."""
    text = dumps(answers_schema())
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    docs = SCHEMA_PATH.parents[2] / "docs" / "api.md"
    if docs.exists():
        page = docs.read_text(encoding="utf-8")
        start = page.index(_OPEN) + len(_OPEN)
        docs.write_text(page[:start] + text + page[page.index(_CLOSE, start):],
                        encoding="utf-8")


#: What the schema's block in docs/api.md opens and closes with.
_OPEN, _CLOSE = "<!-- schema -->\n```json\n", "```\n<!-- /schema -->"


if __name__ == "__main__":  # pragma: no cover - writes the kept files
    write()
