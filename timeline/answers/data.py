"""Answers as data: one JSON-ready shape for every answer.

:func:`to_data` turns an answer (and anything inside one) into dicts,
lists, strings, numbers, booleans and None, with the same conventions
everywhere (the schema is ``timeline/data/answers.schema.json``, and
docs/api.md, "Answers as data", describes it):

- an entity is ``{"id": ..., "name": ...}``: an answer's id field and its
  name field (``org`` and ``org_name``; ``person`` and ``name``) become one
  value, and ids listed alone (founders, parties, investors, the entities
  an event names) take their names from the names the answer carries
  (None where it carries none: the log never declared the entity);
- a date in the world is ``{"date": "2024-05", "precision": "month",
  "first": "2024-05-01", "last": "2024-05-31"}``; a day asked about is an
  ISO date (``"2024-08-19"``); a moment (recorded, known, published) is an
  ISO instant in UTC (``"2024-08-19T23:59:59.999999Z"``);
- enumerations (certainty, status, reasons, kinds) are their values;
  amounts are ``{"amount": "1000000", "currency": "USD"}`` (exact decimal
  text), and an event is its JSON Lines form with the names of the
  entities it names beside it (``"names"``).

Runtime: O(size of the answer); the conversion of each type is chosen
once per type.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
import functools
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from timeline.model.dates import ValidDate
from timeline.model.events import Event, EventTypes
from timeline.model.money import plain as plain_amount

__all__ = ["Names", "entity", "named_by", "roles", "to_data", "valid_date"]

#: Entity ids to names, as an answer carries them.
Names = Mapping[str, str]
Convert = Callable[[Any, Names], Any]

#: The fields that hold an answer's subject id, when its ``name`` field names it.
_SUBJECTS = ("person", "founder", "org", "entity")

#: Fields (by class name) that hold entity ids with no name field beside
#: them: each becomes an entity, named from the names the answer carries.
_IDS: dict[str, frozenset[str]] = {
    "OrganizationState": frozenset({"founders", "founders_remaining",
                                    "founders_possibly_remaining"}),
    "DealView": frozenset({"org", "target", "people"}),
    "FundingView": frozenset({"investors"}),
    "CaseView": frozenset({"plaintiffs", "defendants", "winners"}),
    "Lawsuits": frozenset({"party", "plaintiff", "defendant"}),
    "Headcounts": frozenset({"orgs"}),
    "Flows": frozenset({"source", "destination"}),
}

#: Fields left out of the data: what another field already says, in
#: another form (a headcount's names are in its entities; the names an
#: answer carries are beside each id).
_DROPPED = frozenset({"names"})


def to_data(value: object, names: Names | None = None, *, typed: bool = False) -> Any:
    """``value`` as JSON-ready data, its ids named from ``names``.

    >>> from timeline import Timeline
    >>> member = Timeline.example().roster("OpenAI", at="2024-08-19").members[0]
    >>> data = to_data(member)
    >>> data["person"], data["org"]
    ({'id': 'greg-brockman', 'name': 'Greg Brockman'}, {'id': 'openai', 'name': 'OpenAI'})
    >>> data["since"]
    {'date': '2015-12-11', 'precision': 'day', 'first': '2015-12-11', 'last': '2015-12-11'}
    >>> data["certainty"], data["evidence"]
    ('reported', ['openai-founded'])

    With ``typed``, days stay :class:`datetime.date`, moments
    :class:`datetime.datetime` and enumerations their members (for tables
    with typed columns, :mod:`timeline.answers.frames`).
    """
    kind = type(value)
    converters = _TYPED if typed else _CONVERTERS
    convert = converters.get(kind)
    if convert is None:
        convert = converters[kind] = _converter(kind, typed)
    return convert(value, names or {})


def valid_date(value: ValidDate | None, *, typed: bool = False) -> dict[str, Any] | None:
    """A date in the world as data: as written, its precision, its first
    and last day (with ``typed``, the precision an enumeration member and
    the days dates)."""
    if value is None:
        return None
    if typed:
        return {"date": str(value), "precision": value.precision,
                "first": value.first_day, "last": value.last_day}
    return {"date": str(value), "precision": value.precision.value,
            "first": value.first_day.isoformat(), "last": value.last_day.isoformat()}


def entity(entity_id: str | None, name: str | None) -> dict[str, str | None] | None:
    """An entity as data: its id and its name side by side."""
    return None if entity_id is None else {"id": entity_id, "name": name}


def instant(value: _dt.datetime) -> str:
    """A moment as an ISO instant in UTC, ending in ``Z``."""
    utc = value.astimezone(_dt.UTC)
    return utc.replace(tzinfo=None).isoformat() + "Z"


#: How each type met converts, chosen once a type (an answer of thousands
#: of entries repeats a few types): JSON-ready, and typed.
_CONVERTERS: dict[type, Convert] = {}
_TYPED: dict[type, Convert] = {}


def _converter(kind: type, typed: bool) -> Convert:
    if kind in (str, int, float, bool, type(None)):
        return _itself
    if issubclass(kind, ValidDate):
        return lambda value, names: valid_date(value, typed=typed)
    if issubclass(kind, _dt.datetime):
        return _itself if typed else lambda value, names: instant(value)
    if issubclass(kind, _dt.date):
        return _itself if typed else lambda value, names: value.isoformat()
    if issubclass(kind, enum.Enum):
        return _itself if typed else lambda value, names: value.value
    if issubclass(kind, decimal.Decimal):
        return lambda value, names: plain_amount(value)
    if issubclass(kind, Event):
        return _typed_event if typed else _event
    if hasattr(kind, "fields") and attrs.has(kind):  # an answer worked out on first use
        return _answer(kind, lambda value: value.fields(), typed)
    if kind.__name__ == "Bounds":  # a tenure's bounds: days
        return lambda value, names: {k: v if v is None or not typed else _dt.date.fromisoformat(v)
                                     for k, v in value.to_dict().items()}
    if kind.__name__ == "Commitment":  # money committed, due by a date in the world
        return lambda value, names: value.to_dict() | (
            {} if value.by is None else {"by": valid_date(value.by, typed=typed)})
    if hasattr(kind, "to_dict") and not hasattr(kind, "to_frame") and kind.__name__ != "Source":
        return lambda value, names: value.to_dict()
    if attrs.has(kind):
        public = tuple(f.name for f in attrs.fields(kind) if not f.name.startswith("_"))
        return _answer(kind, lambda value: {name: getattr(value, name) for name in public},
                       typed)
    if issubclass(kind, (tuple, list)):
        return lambda items, names: [to_data(item, names, typed=typed) for item in items]
    if issubclass(kind, (set, frozenset)):
        return lambda items, names: [to_data(item, names, typed=typed) for item in sorted(items)]
    if issubclass(kind, dict):
        return lambda mapping, names: {str(k): to_data(v, names, typed=typed)
                                       for k, v in mapping.items()}
    return lambda value, names: str(value)


def _itself(value: object, names: Names) -> object:
    return value


@functools.cache
def roles(kind: str, fields: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """How each of the ``fields`` of an answer of class ``kind`` appears in
    its data (the schema follows the same rules): ``("entity", the field
    holding its name)``, ``("ids", "")`` for ids named from the names the
    answer carries, or ``("value", "")``; name fields beside their ids, and
    what the data leaves out, are not listed."""
    subject = next((s for s in _SUBJECTS if s in fields), None) if "name" in fields else None
    ids = _IDS.get(kind, frozenset())
    out: dict[str, tuple[str, str]] = {}
    for name in fields:
        if name in _DROPPED or (name == "name" and subject is not None) or (
                name.endswith("_name") and name[:-5] in fields):
            continue
        if name == subject:
            out[name] = ("entity", "name")
        elif f"{name}_name" in fields:
            out[name] = ("entity", f"{name}_name")
        else:
            out[name] = ("ids", "") if name in ids else ("value", "")
    return out


def _answer(kind: type, parts: Callable[[Any], dict[str, Any]], typed: bool) -> Convert:
    """The converter of an attrs answer whose named parts ``parts`` gives."""
    special = _SPECIAL.get(kind.__name__)

    def convert(value: Any, names: Names) -> dict[str, Any]:
        fields = parts(value)
        carried = getattr(value, "names", None)
        if carried and isinstance(carried, tuple) and isinstance(carried[0], tuple):
            names = {**names, **dict(carried)}
        data: dict[str, Any] = {}
        for name, (role, named_by_field) in roles(kind.__name__, tuple(fields)).items():
            part = fields[name]
            if role == "entity":
                data[name] = entity(part, fields[named_by_field])
            elif role == "ids":
                data[name] = (None if part is None
                              else entity(part, names.get(part)) if isinstance(part, str)
                              else [entity(i, names.get(i)) for i in part])
            else:
                data[name] = to_data(part, names, typed=typed)
        if special is not None:
            special(value, data, names, typed)
        return data
    return convert


def named_by(event: Event) -> tuple[str, ...]:
    """The ids of the entities ``event`` names: those of its fields, the
    entity it declares or renames, and those of an event inside it (a
    correction's replacement, a disputing claim)."""
    found = [entity for _, entity in event.references()]
    own = getattr(event, "entity", None)
    if isinstance(own, str):
        found.insert(0, own)
    for inner in _inner(event):
        found.extend(named_by(inner))
    return tuple(dict.fromkeys(found))


def _inner(event: Event) -> tuple[Event, ...]:
    return tuple(value for name in ("replacement", "claim")
                 if isinstance(value := getattr(event, name, None), Event))


def _event(event: Event, names: Names, *, typed: bool = False) -> dict[str, Any]:
    """An event: its JSON Lines form with its date, recorded time, certainty
    and sources in the answers' shape, and the names of the entities it
    names beside it."""
    data = EventTypes.default().encode(event)
    data["valid"] = valid_date(event.valid, typed=typed)
    data["recorded"] = (None if event.recorded is None
                        else event.recorded if typed else instant(event.recorded))
    data["certainty"] = event.certainty if typed else event.certainty.value
    data["sources"] = [to_data(source, names) for source in event.sources]
    for name in ("replacement", "claim"):
        inner = getattr(event, name, None)
        if isinstance(inner, Event):
            data[name] = _event(inner, names, typed=typed)
    data["names"] = {entity: names.get(entity) for entity in named_by(event)}
    return data


def _typed_event(event: Event, names: Names) -> dict[str, Any]:
    return _event(event, names, typed=True)


# -- answers whose parts need more than the conventions --------------------------------

def _diff(value: Any, data: dict[str, Any], names: Names, typed: bool) -> None:
    """A diff's passers: each tenure with its person."""
    for rows, people, ids in (("passed_through", "passers", "passer_ids"),
                              ("possibly_passed_through", "possible_passers",
                               "possible_passer_ids")):
        data[rows] = [{"person": entity(i, n), **row} for row, i, n in zip(
            data[rows], getattr(value, ids), getattr(value, people), strict=True)]
        del data[people]
        data.pop(ids, None)


def _headcounts(value: Any, data: dict[str, Any], names: Names, typed: bool) -> None:
    """Each organisation named, and one cell per organisation and date."""
    data["orgs"] = [entity(o, n) for o, n in zip(value.orgs, value.names, strict=True)]
    reported = value.reported or tuple((None,) * len(value.dates) for _ in value.orgs)
    periods = value.reported_periods or reported
    data["counts"] = [
        [{"certain": certain, "at_most": certain + possible,
          "reported": to_data(size, names, typed=typed),
          "reported_period": valid_date(period, typed=typed) if value.reported_periods
          else None}
         for (certain, possible), size, period in zip(row, sizes, spans, strict=True)]
        for row, sizes, spans in zip(value.counts, reported, periods, strict=True)]
    data.pop("reported", None)
    data.pop("reported_periods", None)


def _case(value: Any, data: dict[str, Any], names: Names, typed: bool) -> None:
    """A case's steps as rows."""
    detail = dict(value.details)
    for part in ("history", "later"):
        data[part] = [{"date": valid_date(date, typed=typed), "step": step, "event": event,
                       "detail": detail.get(event)}
                      for date, step, event in getattr(value, part)]
    data.pop("details", None)


def _tenure(value: Any, data: dict[str, Any], names: Names, typed: bool) -> None:
    """A tenure's roles and leaves as rows."""
    data["roles"] = [{"date": valid_date(date, typed=typed), "role": role}
                     for date, role in value.roles]
    data["leaves"] = [{"start": valid_date(start, typed=typed),
                       "end": valid_date(end, typed=typed)} for start, end in value.leaves]


def _entry(value: Any, data: dict[str, Any], names: Names, typed: bool) -> None:
    """A history's entry: the fact it is of, and every version of it."""
    data["fact"] = value.fact
    data["versions"] = to_data(value.versions, names, typed=typed)


def _source(value: Any, data: dict[str, Any], names: Names, typed: bool) -> None:
    """A source, leaving out what its citation does not know."""
    for name in ("title", "publisher", "published", "language", "url"):
        if data[name] is None:
            del data[name]


def _placed(value: Any, data: dict[str, Any], names: Names, typed: bool) -> None:
    """Organisations inside or around another, each with whether certainly."""
    for part in ("inside", "units", "placed"):
        if part in data:
            data[part] = [{"org": entity(org, names.get(org)), "certain": certain}
                          for org, certain in getattr(value, part)]


def _departure(value: Any, data: dict[str, Any], names: Names, typed: bool) -> None:
    """A departure: its destination as stated, beside the one perhaps inferred."""
    stated = value.stated_destination
    data["stated_destination"] = entity(stated, value.destination_name if stated else None)


_SPECIAL: dict[str, Callable[[Any, dict[str, Any], Names, bool], None]] = {
    "Diff": _diff, "Headcounts": _headcounts, "CaseView": _case, "TenureView": _tenure,
    "OrganizationState": _placed, "UnitsRoster": _placed, "HistoryEntry": _entry,
    "Source": _source, "Departure": _departure,
}
