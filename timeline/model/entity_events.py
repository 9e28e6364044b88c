"""The events about entities and their names: declarations, aliases, renames."""

from __future__ import annotations

from typing import ClassVar

import attrs

from timeline.model.events import Event, _text, entity_field
from timeline.model.fields import optional_text, texts

__all__ = [
    "AliasAdded",
    "EntityEvent",
    "OrganizationDeclared",
    "PersonDeclared",
    "Renamed",
]


@attrs.frozen(kw_only=True)
class EntityEvent(Event):
    """An event about an entity's existence or names."""

    entity: str = attrs.field(validator=_text)

    def about(self) -> frozenset[str]:
        return super().about() | {self.entity}


@attrs.frozen(kw_only=True)
class PersonDeclared(EntityEvent):
    """A person exists, with a canonical name and aliases."""

    kind: ClassVar[str] = "person-declared"
    name: str = attrs.field(validator=_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=texts)


@attrs.frozen(kw_only=True)
class OrganizationDeclared(EntityEvent):
    """An organisation exists, with a canonical name and aliases."""

    kind: ClassVar[str] = "organization-declared"
    name: str = attrs.field(validator=_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=texts)


@attrs.frozen(kw_only=True)
class AliasAdded(EntityEvent):
    """Another name for an entity: a misspelling, a transliteration, a translation."""

    kind: ClassVar[str] = "alias-added"
    entity: str = entity_field()
    alias: str = attrs.field(validator=_text)
    language: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class Renamed(EntityEvent):
    """An entity took a new canonical name on ``valid``; the old one stays an alias."""

    kind: ClassVar[str] = "renamed"
    entity: str = entity_field()
    name: str = attrs.field(validator=_text)
