"""The events about entities and their names: declarations, aliases, renames."""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from timeline.model.errors import InvalidEventError, choice
from timeline.model.events import (
    Event,
    _id_of,
    _text,
    entities,
    entity_field,
    entity_metadata,
)
from timeline.model.fields import optional_text, texts

__all__ = [
    "AliasAdded",
    "Declared",
    "EntityEvent",
    "GroupDeclared",
    "OrganizationDeclared",
    "PersonDeclared",
    "ProductDeclared",
    "ProductKind",
    "Renamed",
]


def _entity_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _text(instance, attribute, value)
    assert isinstance(value, str)
    if any(ord(ch) < 32 for ch in value):
        raise InvalidEventError(_id_of(instance), attribute.name, value,
                                "an id holds no control characters")


@attrs.frozen(kw_only=True)
class EntityEvent(Event):
    """An event about an entity's existence or names."""

    entity: str = attrs.field(validator=_entity_id)

    def about(self) -> frozenset[str]:
        return super().about() | {self.entity}


@attrs.frozen(kw_only=True)
class Declared(EntityEvent):
    """An entity exists, of the kind ``entity_kind``, with a canonical name
    and aliases (misspellings, transliterations, names in other languages)."""

    entity_kind: ClassVar[str] = ""
    name: str = attrs.field(validator=_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=texts)


@attrs.frozen(kw_only=True)
class PersonDeclared(Declared):
    """A person exists, with a canonical name and aliases."""

    kind: ClassVar[str] = "person-declared"
    entity_kind: ClassVar[str] = "person"


@attrs.frozen(kw_only=True)
class OrganizationDeclared(Declared):
    """An organisation exists, with a canonical name and aliases."""

    kind: ClassVar[str] = "organization-declared"
    entity_kind: ClassVar[str] = "organization"


class ProductKind(enum.Enum):
    """What a product entity is."""

    PRODUCT = "product"
    MODEL = "model"


def _product_kind(value: object) -> ProductKind:
    return choice(ProductKind, "category", value.strip().lower() if isinstance(value, str)
                  else value)


@attrs.frozen(kw_only=True)
class ProductDeclared(Declared):
    """A product or a model exists (Gemini, Sora, GPT-4o), made by ``maker``
    when one is known, with its names: an entity like any other, so
    announcements can name it and a name search finds it."""

    kind: ClassVar[str] = "product-declared"
    entity_kind: ClassVar[str] = "product"
    category: ProductKind = attrs.field(default=ProductKind.PRODUCT, converter=_product_kind)
    maker: str | None = attrs.field(default=None, validator=optional_text,
                                    metadata=entity_metadata("organization"))


@attrs.frozen(kw_only=True)
class GroupDeclared(Declared):
    """A name that denotes several entities ("the PayPal mafia", "the
    founders", a paper's authors): ``members``, people or organisations.
    A group stands for its members wherever a set of them is asked for
    (a cohort, a flow's organisations); where one entity is required, its
    name is an error listing them."""

    kind: ClassVar[str] = "group-declared"
    entity_kind: ClassVar[str] = "group"
    members: tuple[str, ...] = entities()
    count: int | None = attrs.field(default=None)
    """How many the group has when a report names only some ("one of the
    eleven founders"): the rest are unnamed."""

    def __attrs_post_init__(self) -> None:
        if self.count is not None and (isinstance(self.count, bool) or not isinstance(
                self.count, int) or self.count < len(self.members)):
            raise InvalidEventError(_id_of(self), "count", self.count,
                                    f"expected a whole number, at least the "
                                    f"{len(self.members)} members named")
        if not self.members:
            raise InvalidEventError(_id_of(self), "members", self.members,
                                    "a group has at least one member")
        if self.entity in self.members:
            raise InvalidEventError(_id_of(self), "members", self.entity,
                                    "a group is not a member of itself")


@attrs.frozen(kw_only=True)
class AliasAdded(EntityEvent):
    """Another name for an entity: a misspelling, a transliteration, a translation."""

    kind: ClassVar[str] = "alias-added"
    entity: str = entity_field(metadata=entity_metadata("entity"))
    alias: str = attrs.field(validator=_text)
    language: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class Renamed(EntityEvent):
    """An entity took a new canonical name on ``valid``; the old one stays an alias."""

    kind: ClassVar[str] = "renamed"
    entity: str = entity_field(metadata=entity_metadata("entity"))
    name: str = attrs.field(validator=_text)
