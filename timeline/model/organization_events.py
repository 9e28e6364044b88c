"""The events about organisations: foundings, money and announcements."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import ClassVar

import attrs

from timeline.model.affiliations import Affiliation
from timeline.model.dates import ValidDate
from timeline.model.errors import InvalidEventError, choice
from timeline.model.events import (
    OMIT_DEFAULT,
    Event,
    _id_list,
    _id_of,
    _ids,
    _text,
    as_optional_date,
    entities,
    entity_metadata,
    organization,
    people,
)
from timeline.model.events import person as person_field
from timeline.model.fields import optional_money, optional_text
from timeline.model.figures import Figure, as_value
from timeline.model.money import Money, as_money

__all__ = [
    "Announced",
    "Announcement",
    "Basis",
    "Commitment",
    "FigureReported",
    "Founded",
    "FounderAdded",
    "FundingRound",
    "OrganizationEvent",
    "ValuationReported",
]


@attrs.frozen(kw_only=True)
class OrganizationEvent(Event):
    """An event about one organisation."""

    org: str = organization()


_ALL = ("\x00all",)


def _employees(value: str | Iterable[str]) -> tuple[str, ...]:
    """The founders who work there: ``"all"`` for every one (worked out
    once the founders are known), else their ids."""
    if value == "all":
        return _ALL
    return _ids(value)


@attrs.frozen(kw_only=True)
class Founded(OrganizationEvent):
    """An organisation was founded by ``founders``, in ``role``.

    The founders listed in ``employees`` (``"all"``: every one) work there
    from the founding (they are on its roster); the others belong to it as
    founders only (an
    investor-founder, a founding board member who never worked there), on
    rosters asked for ``kinds="founder"``. ``count`` is how many founders
    the report gives when it names only some ("one of its eleven
    founders"). A founder can be added later by a ``FounderAdded``.
    """

    kind: ClassVar[str] = "founded"
    founders: tuple[str, ...] = people(default=())
    role: str = attrs.field(default="co-founder", validator=_text)
    employees: tuple[str, ...] = attrs.field(
        default=(), converter=_employees, validator=_id_list,
        metadata=entity_metadata("person", many=True))
    count: int | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        others = [p for p in self.employees if p not in self.founders]
        if self.employees == _ALL:
            object.__setattr__(self, "employees", self.founders)  # every founder works there
            others = []
        if others:
            raise InvalidEventError(
                _id_of(self), "employees", others,
                "employees are founders who work there; list them among the founders too",
            )
        if self.count is not None and (
                isinstance(self.count, bool) or not isinstance(self.count, int)
                or self.count < max(1, len(self.founders))):
            raise InvalidEventError(
                _id_of(self), "count", self.count,
                f"expected a whole number of founders, at least the {len(self.founders)} named",
            )

    def affiliation_of(self, founder: str) -> Affiliation:
        """How ``founder`` belongs to the organisation from its founding."""
        return Affiliation.EMPLOYEE if founder in self.employees else Affiliation.FOUNDER


@attrs.frozen(kw_only=True)
class FounderAdded(OrganizationEvent):
    """``person`` was one more founder of ``org``, dated like its founding:
    a founder a later report names, added without rewriting the founding
    event. ``employee`` says whether they worked there from the founding.
    """

    kind: ClassVar[str] = "founder-added"
    person: str = person_field()
    employee: bool = attrs.field(default=False, metadata=OMIT_DEFAULT)
    role: str = attrs.field(default="co-founder", validator=_text)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.employee, bool):
            raise InvalidEventError(_id_of(self), "employee", self.employee,
                                    "expected true or false")

    @property
    def affiliation(self) -> Affiliation:
        """How the founder belongs to the organisation from its founding."""
        return Affiliation.EMPLOYEE if self.employee else Affiliation.FOUNDER


class Basis(enum.Enum):
    """Whether a valuation counts the round's money (post-money) or not (pre-money)."""

    PRE_MONEY = "pre-money"
    POST_MONEY = "post-money"


def _basis(value: object) -> Basis | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip().lower().replace(" ", "-").replace("_", "-")
    return choice(Basis, "valuation_basis", value)


@attrs.frozen(kw_only=True)
class Commitment:
    """Money promised in a round but not yet paid: a later tranche, due
    ``by`` a date when one is reported, on a ``condition`` when there is one
    ("$30B by the end of 2025 if it converts to a for-profit").

    >>> print(Commitment(amount=Money("30e9", "USD"), by="2025-12",
    ...                  condition="if it becomes a for-profit company"))
    USD 30,000,000,000 by 2025-12, if it becomes a for-profit company
    """

    amount: Money = attrs.field(converter=as_money)
    by: ValidDate | None = attrs.field(default=None, converter=as_optional_date)
    condition: str | None = attrs.field(default=None, validator=optional_text)

    def __str__(self) -> str:
        by = f" by {self.by}" if self.by is not None else ""
        return f"{self.amount}{by}" + (f", {self.condition}" if self.condition else "")

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"amount": self.amount.to_dict()}
        if self.by is not None:
            data["by"] = str(self.by)
        if self.condition is not None:
            data["condition"] = self.condition
        return data


def _commitments(value: object) -> tuple[Commitment, ...]:
    if isinstance(value, (Commitment, Mapping)) or not isinstance(value, Iterable) or isinstance(
            value, str):
        value = (value,)
    found = []
    for item in value:
        if isinstance(item, Commitment):
            found.append(item)
        elif isinstance(item, Mapping) and "amount" in item and set(item) <= {
                "amount", "by", "condition"}:
            found.append(Commitment(**{str(k): v for k, v in item.items()}))
        else:
            raise InvalidEventError(
                None, "commitments", item,
                "expected a Commitment or {'amount', 'by', 'condition'} for each",
            )
    return tuple(found)


@attrs.frozen(kw_only=True)
class FundingRound(OrganizationEvent):
    """Money raised on ``valid``: ``amount`` as reported (exact, bounded or
    approximate; None when undisclosed), from ``investors`` (organisations
    or people), with ``valuation`` when the round states one and its
    ``valuation_basis`` (pre- or post-money) when reported.

    ``commitments`` are further tranches promised and not yet paid; a later
    round paying one names the round it belongs to in ``tranche_of``. See
    "Money as reported" in docs/concepts.md.
    """

    kind: ClassVar[str] = "funding-round"
    amount: Money | None = attrs.field(default=None, converter=optional_money)
    investors: tuple[str, ...] = entities(default=())
    valuation: Money | None = attrs.field(default=None, converter=optional_money)
    round: str | None = attrs.field(default=None, validator=optional_text)
    valuation_basis: Basis | None = attrs.field(default=None, converter=_basis)
    commitments: tuple[Commitment, ...] = attrs.field(default=(), converter=_commitments)
    tranche_of: str | None = attrs.field(default=None, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        if self.valuation_basis is not None and self.valuation is None:
            raise InvalidEventError(
                self.id, "valuation_basis", self.valuation_basis.value,
                "a basis qualifies a valuation; give the valuation too",
            )
        if self.tranche_of == self.id:
            raise InvalidEventError(_id_of(self), "tranche_of", self.tranche_of,
                                    "a round cannot be a tranche of itself")


@attrs.frozen(kw_only=True)
class ValuationReported(OrganizationEvent):
    """A valuation reported outside a funding round, pre- or post-money
    when reported."""

    kind: ClassVar[str] = "valuation-reported"
    valuation: Money = attrs.field(converter=as_money)
    valuation_basis: Basis | None = attrs.field(default=None, converter=_basis)


def _measure(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _text(instance, attribute, value)


def _normal(value: object) -> object:
    return " ".join(value.strip().lower().split()) if isinstance(value, str) else value


def _value(value: object) -> Figure | Money:
    return as_value(value)


@attrs.frozen(kw_only=True)
class FigureReported(OrganizationEvent):
    """A figure about an organisation, for the date or period ``valid``
    covers: ``measure`` ("employees", "weekly users", "revenue", "share of
    AI job postings") and ``value``, a :class:`Figure` (a count, a size or a
    share, exact, bounded or approximate) or :class:`Money`. A measure's
    values over time are a series (``Timeline.series``)."""

    kind: ClassVar[str] = "figure-reported"
    measure: str = attrs.field(converter=_normal, validator=_measure)
    value: Figure | Money = attrs.field(converter=_value)


class Announcement(enum.Enum):
    """What an organisation announced."""

    PRODUCT = "product"
    MODEL = "model"
    JOB_POSTING = "job posting"
    OTHER = "other"


def _announcement(value: object) -> Announcement:
    return choice(Announcement, "category", value)


@attrs.frozen(kw_only=True)
class Announced(OrganizationEvent):
    """An organisation announced a product, a model, a job posting or other news;
    ``product`` names the product or model entity (a ``ProductDeclared``)."""

    kind: ClassVar[str] = "announced"
    category: Announcement = attrs.field(default=Announcement.OTHER, converter=_announcement)
    title: str = attrs.field(validator=_text)
    people: tuple[str, ...] = people(default=())
    product: str | None = attrs.field(default=None, validator=optional_text,
                                      metadata=entity_metadata("product"))
    """The product or model announced, when the log declares it as an entity."""
