"""Field converters and validators the built-in event kinds share."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from timeline.model.errors import InvalidEventError
from timeline.model.events import _id_of
from timeline.model.money import Money, as_money

__all__ = ["optional_money", "optional_text", "texts"]


def optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidEventError(
            _id_of(instance), attribute.name, value, "expected a non-empty string or None"
        )


def texts(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise InvalidEventError(None, "texts", value, "expected a list of strings")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidEventError(None, "texts", value, "expected non-empty strings")
    return items


def optional_money(value: object) -> Money | None:
    return None if value is None else as_money(value)
