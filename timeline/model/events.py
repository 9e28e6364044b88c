"""The event base class, entity-reference fields, the type registry and the codec.

Every event is a frozen, slotted attrs class with keyword-only fields. The
catalogue of built-in kinds lives in :mod:`timeline.model.catalog`; applications add
their own kinds by subclassing :class:`Event` and registering them in an
:class:`EventTypes` that they pass to :class:`~timeline.Timeline`.

>>> import attrs
>>> @attrs.frozen(kw_only=True)
... class PatentGranted(Event):
...     kind: ClassVar[str] = "patent-granted"
...     holder: str = organization()
...     title: str
>>> types = EventTypes.default().with_types(PatentGranted)
>>> event = PatentGranted(id="p1", valid="2023-04", holder="openai", title="X", sources="uspto")
>>> event.references()
(('organization', 'openai'),)
>>> types.decode(types.encode(event)) == event
True
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, TypeVar

import attrs
import pendulum

from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, instant
from timeline.model.errors import (
    InvalidDateError,
    InvalidEventError,
    InvalidInstantError,
    TimelineError,
    UnknownEventTypeError,
    excerpt,
)
from timeline.model.money import Money, plain
from timeline.model.sources import Source, as_sources

__all__ = [
    "OMIT_DEFAULT",
    "Event",
    "EventTypes",
    "entity_metadata",
    "organization",
    "organizations",
    "people",
    "person",
]

SCHEMA_VERSION = 3
"""The event-schema version stored with each event. Version 2 added
``answers`` to ``lawsuit-filed``; version 3 reported money (``bound``,
``upper``, ``approximate``), rounds' ``valuation_basis``, ``commitments``
and ``tranche_of``, people among investors, and dates as reporters write
them (``2024-Q3``). A release that reads only an older version would
reject or misread such a payload, so it is told to upgrade instead."""

OMIT_DEFAULT = {"timeline_omit_default": True}
"""Field metadata: the codec leaves the field out when it holds its default,
so payloads written before the field existed read the same."""

_ENTITY = "timeline_entity"
_MANY = "timeline_many"


_ENTITY_FIELDS: dict[type, tuple[tuple[str, str, bool], ...]] = {}


def _entity_fields(cls: type) -> tuple[tuple[str, str, bool], ...]:
    """(field name, expected kind, holds many) of each field of ``cls`` that
    names entities, in field order; worked out once per class."""
    found = _ENTITY_FIELDS.get(cls)
    if found is None:
        found = _ENTITY_FIELDS[cls] = tuple(
            (field.name, field.metadata[_ENTITY], bool(field.metadata.get(_MANY)))
            for field in attrs.fields(cls) if field.metadata.get(_ENTITY) is not None
        )
    return found
_NESTED = "timeline_event"

E = TypeVar("E", bound="Event")


def _id_of(instance: object) -> str | None:
    """The id of an event under construction, once its own field is set and sound."""
    event_id = getattr(instance, "id", None)
    return event_id if isinstance(event_id, str) and event_id.strip() else None


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidEventError(
            _id_of(instance), attribute.name, value, "expected a non-empty string"
        )


def as_date(value: object) -> ValidDate:
    """A field's converter to a valid date."""
    return ValidDate.parse(value)


def _certainty(value: object) -> Certainty:
    return Certainty.parse(value)


def as_optional_date(value: object) -> ValidDate | None:
    """A field's converter to a valid date or None."""
    return None if value is None else ValidDate.parse(value)


def _optional_instant(value: object) -> pendulum.DateTime | None:
    return None if value is None else instant(value)


def _ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(value)
    raise InvalidEventError(None, "ids", value, "expected a list of ids")


def _id_list(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    assert isinstance(value, tuple)
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise InvalidEventError(
                _id_of(instance), attribute.name, value, "expected non-empty ids"
            )
    if len(set(value)) != len(value):
        raise InvalidEventError(_id_of(instance), attribute.name, value, "an id appears twice")


def _optional_id(instance: object, attribute: attrs.Attribute[str | None],
                 value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidEventError(
            _id_of(instance), attribute.name, value, "expected an event id or None")


def _non_empty_sources(
    instance: object, attribute: attrs.Attribute[tuple[Source, ...]], value: object
) -> None:
    if not value:
        raise InvalidEventError(
            _id_of(instance), attribute.name, value, "every event cites at least one source"
        )


def person(**kwargs: Any) -> Any:
    """A field holding the id of a person the event is about."""
    kwargs.setdefault("validator", _text)
    return attrs.field(metadata={_ENTITY: "person"}, **kwargs)


def organization(**kwargs: Any) -> Any:
    """A field holding the id of an organisation the event is about."""
    kwargs.setdefault("validator", _text)
    return attrs.field(metadata={_ENTITY: "organization"}, **kwargs)


def entity_metadata(kind: str, *, many: bool = False) -> dict[str, object]:
    """The metadata that marks a field as naming entities of ``kind``
    (``"person"``, ``"organization"`` or ``"any"``), for a field that needs a
    converter of its own."""
    return {_ENTITY: kind, _MANY: True} if many else {_ENTITY: kind}


def people(**kwargs: Any) -> Any:
    """A field holding the ids of several people."""
    return attrs.field(
        converter=_ids, validator=_id_list, metadata={_ENTITY: "person", _MANY: True}, **kwargs
    )


def organizations(**kwargs: Any) -> Any:
    """A field holding the ids of several organisations."""
    return attrs.field(
        converter=_ids,
        validator=_id_list,
        metadata={_ENTITY: "organization", _MANY: True},
        **kwargs,
    )


def entities(**kwargs: Any) -> Any:
    """A field holding the ids of people or organisations."""
    return attrs.field(
        converter=_ids, validator=_id_list, metadata={_ENTITY: "any", _MANY: True}, **kwargs
    )


def entity_field(**kwargs: Any) -> Any:
    """A field holding the id of one person or organisation (either kind),
    or of any entity when given ``metadata=entity_metadata("entity")``."""
    kwargs.setdefault("validator", _text)
    kwargs.setdefault("metadata", {_ENTITY: "any"})
    return attrs.field(**kwargs)


def nested_event(**kwargs: Any) -> Any:
    """A field holding a whole event (a correction's replacement)."""
    return attrs.field(metadata={_NESTED: True}, **kwargs)


@attrs.frozen(kw_only=True)
class Event:
    """What every event has: an id, a valid date, sources, a certainty.

    ``recorded`` is when the log learned the event; left out, the timeline
    fills it in from its clock on append. ``announced`` is when the event was
    made public when that differs from when it takes effect.
    """

    kind: ClassVar[str] = "event"
    version: ClassVar[int] = SCHEMA_VERSION

    id: str = attrs.field(validator=_text)
    valid: ValidDate = attrs.field(converter=as_date)
    sources: tuple[Source, ...] = attrs.field(
        converter=as_sources, validator=_non_empty_sources
    )
    certainty: Certainty = attrs.field(default=Certainty.REPORTED, converter=_certainty)
    announced: ValidDate | None = attrs.field(default=None, converter=as_optional_date)
    recorded: pendulum.DateTime | None = attrs.field(default=None, converter=_optional_instant)
    note: str = ""
    fulfills: str | None = attrs.field(default=None, validator=_optional_id)
    """The id of the plan (a ``Planned`` event) this event carries out, if any."""

    def references(self) -> tuple[tuple[str, str], ...]:
        """Every (expected kind, entity id) this event names, in field order.

        Runtime: O(fields naming entities); which fields those are is worked
        out once per event type."""
        found: list[tuple[str, str]] = []
        for name, expected, many in _entity_fields(type(self)):
            value = getattr(self, name)
            if value is None:
                continue
            if many:
                found.extend((expected, item) for item in value)
            else:
                found.append((expected, value))
        return tuple(found)

    def field_naming(self, entity: str) -> str:
        """The name of the first field of this event that names ``entity``
        (``"entity"`` when none does), for errors to name what the user wrote."""
        for name, _, many in _entity_fields(type(self)):
            value = getattr(self, name)
            if value == entity or (many and value is not None and entity in value):
                return name
        return "entity"

    def about(self) -> frozenset[str]:
        """The ids of every entity this event is about."""
        return frozenset(entity for _, entity in self.references())

    def describe(self) -> str:
        """A short human description, used in history and explain tables."""
        parts = []
        for field in attrs.fields(type(self)):
            if field.name in _BASE_FIELDS:
                continue
            value = getattr(self, field.name)
            if value is None or value in ((), "") or (
                    field.metadata.get("timeline_omit_default") and value == field.default):
                continue
            if isinstance(value, tuple):
                value = ", ".join(map(str, value))
            elif isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, Event):
                value = f"{value.kind} {value.id}"
            parts.append(f"{field.name}={value}")
        if self.fulfills is not None:
            parts.append(f"fulfills={self.fulfills}")
        return f"{self.kind}: " + " ".join(parts)


_BASE_FIELDS = frozenset(field.name for field in attrs.fields(Event))


def _encode(value: object) -> object:
    if isinstance(value, Event):
        return _encode_event(value)
    if isinstance(value, decimal.Decimal):
        return plain(value)
    if isinstance(value, ValidDate):
        return str(value)
    if isinstance(value, pendulum.DateTime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (Source, Money)):
        return value.to_dict()
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None and attrs.has(type(value)):
        return to_dict()
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value


_ENCODING: dict[type, tuple[tuple[str, bool, object], ...]] = {}


def _encoding(event_type: type[Event]) -> tuple[tuple[str, bool, object], ...]:
    """(name, left out at its default, default) of each field, once per type."""
    found = _ENCODING.get(event_type)
    if found is None:
        found = _ENCODING[event_type] = tuple(
            (field.name, bool(field.metadata.get("timeline_omit_default")), field.default)
            for field in attrs.fields(event_type))
    return found


_PLAIN = (str, int, bool)  # encoded as they are: the common case, checked without a call


def _encode_event(event: Event) -> dict[str, object]:
    data: dict[str, object] = {"kind": event.kind}
    for name, omit_default, default in _encoding(type(event)):
        value = getattr(event, name)
        if value is None or value == () or (value == "" and name == "note"):
            continue
        if name == "certainty" and value is Certainty.REPORTED:
            continue
        if omit_default and value == default:
            continue
        data[name] = value if type(value) in _PLAIN else _encode(value)
    return data


@attrs.frozen
class EventTypes:
    """The event kinds a timeline knows, by their ``kind`` name.

    Immutable: :meth:`with_types` returns a new registry.

    >>> "joined" in EventTypes.default()
    True
    """

    _by_kind: Mapping[str, type[Event]] = attrs.field(alias="by_kind")

    @classmethod
    def default(cls) -> EventTypes:
        """Every built-in kind of :mod:`timeline.model.catalog`."""
        from timeline.model.catalog import BUILTIN_TYPES  # noqa: PLC0415 - catalog imports this module

        return cls({kind_type.kind: kind_type for kind_type in BUILTIN_TYPES})

    def with_types(self, *types: type[Event]) -> EventTypes:
        """A registry that also knows ``types``; a kind name may be taken once."""
        by_kind = dict(self._by_kind)
        for new in types:
            if not (isinstance(new, type) and issubclass(new, Event)):
                raise InvalidEventError(None, "event type", new, "expected an Event subclass")
            if "__attrs_attrs__" not in new.__dict__:
                raise InvalidEventError(None, "event type", new, "decorate it with @attrs.frozen")
            _check_steps(new)
            taken = by_kind.get(new.kind)
            if taken is not None and taken is not new:
                raise InvalidEventError(
                    None, "kind", new.kind, f"already taken by {taken.__qualname__}"
                )
            by_kind[new.kind] = new
        return EventTypes(by_kind)

    def __contains__(self, kind: object) -> bool:
        return kind in self._by_kind

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._by_kind))

    def __getitem__(self, kind: str) -> type[Event]:
        try:
            return self._by_kind[kind]
        except KeyError:
            raise UnknownEventTypeError(kind, list(self._by_kind)) from None

    def encode(self, event: Event) -> dict[str, object]:
        """The event as JSON-ready data: ``kind`` first, defaults left out."""
        self[event.kind]
        return _encode_event(event)

    def decode(self, data: Mapping[str, object]) -> Event:
        """An event from data written by :meth:`encode`."""
        if not isinstance(data, Mapping):
            raise InvalidEventError(None, "event", data, "expected a JSON object")
        kind = data.get("kind")
        if not isinstance(kind, str):
            raise InvalidEventError(None, "kind", kind, "every event names its kind")
        event_type = self[kind]
        event_id = data.get("id")
        label = event_id if isinstance(event_id, str) else None
        names, nested_fields, required = _decoding(event_type)
        arguments: dict[str, object] = {}
        for key, value in data.items():
            if key == "kind":
                continue
            field = names.get(key)
            if field is None or not field.init:
                raise InvalidEventError(
                    label, key, value, f"{kind!r} events have no such field; "
                    f"fields: {', '.join(sorted(n for n, f in names.items() if f.init))}"
                )
            nested = key in nested_fields and isinstance(value, Mapping)
            arguments[key] = self.decode(value) if nested else value  # type: ignore[arg-type]
        if not required <= arguments.keys():
            _require(event_type, kind, label, arguments)
        try:
            factory: Any = event_type
            built: Event = factory(**arguments)
            return built
        except InvalidEventError as error:
            named = error.field
            if named not in names:  # a shared converter's own word: name the field given
                given = [key for key, value in arguments.items() if value is error.value]
                named = given[0] if len(given) == 1 else named
            raise InvalidEventError(label, named, error.value, error.reason) from None
        except InvalidDateError as error:
            raise InvalidDateError(error.value, error.reason, event_id=label) from None
        except InvalidInstantError as error:
            raise InvalidInstantError(error.value, error.reason, event_id=label) from None
        except TimelineError:
            raise
        except (TypeError, ValueError, LookupError, ArithmeticError, AttributeError) as error:
            # a converter of an application's event type, or a dependency, that
            # raised its own error: name the event and what was read, never leak it
            raise InvalidEventError(
                label, "event", kind, f"could not be read ({type(error).__name__}: "
                f"{excerpt(str(error))[1:-1]}); "
                f"check the values of this {kind!r} event against its fields: "
                + ", ".join(n for n, f in names.items() if f.init)
            ) from None


_DECODING: dict[type, tuple[dict[str, attrs.Attribute[Any]], frozenset[str], frozenset[str]]] = {}


def _decoding(
    event_type: type[Event],
) -> tuple[dict[str, attrs.Attribute[Any]], frozenset[str], frozenset[str]]:
    """What decoding an event type needs, worked out once per type: its
    fields by the name data gives them, those holding a nested event, and
    those required."""
    found = _DECODING.get(event_type)
    if found is None:
        fields = attrs.fields(event_type)
        found = _DECODING[event_type] = (
            {field.alias or field.name: field for field in fields},
            frozenset(f.alias or f.name for f in fields if f.metadata.get(_NESTED)),
            frozenset(f.alias or f.name for f in fields
                      if f.init and f.default is attrs.NOTHING),
        )
    return found


def _require(
    event_type: type[Event], kind: str, label: str | None, arguments: Mapping[str, object]
) -> None:
    """An :class:`InvalidEventError` naming every required field ``arguments`` lacks."""
    fields = [f for f in attrs.fields(event_type) if f.init]
    required = [f.alias or f.name for f in fields if f.default is attrs.NOTHING]
    missing = [name for name in required if name not in arguments]
    if missing:
        raise InvalidEventError(
            label, "event", kind,
            f"missing the required field{'s' if len(missing) > 1 else ''} "
            f"{_and(missing)}; every {kind!r} event needs {_and(required)}. "
            "Add the missing fields to the event",
        )


def _and(names: list[str]) -> str:
    quoted = [repr(name) for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


_STEPS = {
    "TenureEvent": ("start", "end", "role", "observe", "leave-start", "leave-end"),
    "LawsuitEvent": ("open", "reopen", "motion", "ruling", "withdrawn", "settled", "dismissed",
                     "judged"),
}


_CATALOGUE = frozenset({"timeline.model.tenure_events", "timeline.model.lawsuit_events"})


def _check_steps(event_type: type[Event]) -> None:
    """A tenure or lawsuit event type must say what it does to the fold."""
    for base in event_type.__mro__[1:]:
        allowed = _STEPS.get(base.__name__)
        if allowed is not None and base.__module__ in _CATALOGUE:
            step = getattr(event_type, "step", "")
            if step not in allowed:
                raise InvalidEventError(
                    None, "step", step,
                    f"{event_type.__qualname__} extends {base.__name__}; set the class "
                    f"attribute step to one of {', '.join(allowed)}",
                )
            return


def evolve(event: E, **changes: Any) -> E:
    """A copy of ``event`` with ``changes``: events are never mutated."""
    return attrs.evolve(event, **changes)
