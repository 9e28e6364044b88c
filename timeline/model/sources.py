"""Where a fact comes from: a cited source."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from timeline.model.dates import instant
from timeline.model.errors import InvalidEventError

__all__ = ["Source", "as_sources"]


def _optional_instant(value: object) -> pendulum.DateTime | None:
    return None if value is None else instant(value)


def _text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidEventError(
            None, f"source {attribute.name}", value, "expected a non-empty string"
        )


@attrs.frozen
class Source:
    """A cited source: an article, a filing, a press release.

    Only ``id`` is required; the rest is what the citation knows.

    >>> Source("reuters-2024-05-15", publisher="Reuters", language="en")
    Source(id='reuters-2024-05-15', title=None, publisher='Reuters', ...)
    """

    id: str = attrs.field(validator=_text)
    title: str | None = None
    publisher: str | None = None
    published: pendulum.DateTime | None = attrs.field(default=None, converter=_optional_instant)
    language: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, str]:
        """The source as JSON-ready data, leaving out what is unknown."""
        data = {"id": self.id}
        for name in ("title", "publisher", "language", "url"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.published is not None:
            data["published"] = self.published.isoformat()
        return data


_FIELDS = tuple(field.name for field in attrs.fields(Source))


def _source(value: object) -> Source:
    if isinstance(value, Source):
        return value
    if isinstance(value, str):
        return Source(value)
    if isinstance(value, Mapping):
        if not all(type(k) is str and type(v) is str for k, v in value.items()):
            return _from_mapping(value)  # kept only when text alone: 1 == True == 1.0
        key = tuple(value.items())
        known = _READ.get(key)
        if known is None:
            known = _from_mapping(value)
            if len(_READ) >= _READ_LIMIT:
                _READ.clear()
            _READ[key] = known
        return known
    raise InvalidEventError(None, "sources", value, "expected a Source, a source id or a mapping")


_READ_LIMIT = 1 << 16
# sources read from mappings of text, by their items: events of a log cite
# the same sources, and a Source is immutable, so one read serves them all
_READ: dict[tuple[tuple[str, str], ...], Source] = {}


def _from_mapping(value: Mapping[Any, Any]) -> Source:
    unknown = sorted(str(key) for key in value if key not in _FIELDS)
    if unknown or "id" not in value:
        reason = (f"a source has no field {', '.join(map(repr, unknown))}" if unknown
                  else "a source needs an 'id'")
        raise InvalidEventError(
            None, "sources", dict(value), f"{reason}; a source's fields are "
            f"{', '.join(_FIELDS)} (only 'id' is required)",
        )
    return Source(**value)


def as_sources(value: object) -> tuple[Source, ...]:
    """Sources from one source, a source id, a mapping or an iterable of them."""
    if isinstance(value, (Source, str, Mapping)):
        return (_source(value),)
    if isinstance(value, Iterable):
        return tuple(_source(item) for item in value)
    raise InvalidEventError(None, "sources", value, "expected a Source or a list of them")
