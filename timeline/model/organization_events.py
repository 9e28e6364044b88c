"""The events about organisations: foundings, money and announcements."""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from timeline.model.errors import choice
from timeline.model.events import Event, _text, organization, organizations, people
from timeline.model.fields import optional_money, optional_text
from timeline.model.money import Money, as_money

__all__ = [
    "Announced",
    "Announcement",
    "Founded",
    "FundingRound",
    "OrganizationEvent",
    "ValuationReported",
]


@attrs.frozen(kw_only=True)
class OrganizationEvent(Event):
    """An event about one organisation."""

    org: str = organization()


@attrs.frozen(kw_only=True)
class Founded(OrganizationEvent):
    """An organisation was founded; its founders join it as ``role``."""

    kind: ClassVar[str] = "founded"
    founders: tuple[str, ...] = people(default=())
    role: str = attrs.field(default="co-founder", validator=_text)


@attrs.frozen(kw_only=True)
class FundingRound(OrganizationEvent):
    """Money raised; ``valuation`` when the round states one."""

    kind: ClassVar[str] = "funding-round"
    amount: Money | None = attrs.field(default=None, converter=optional_money)
    investors: tuple[str, ...] = organizations(default=())
    valuation: Money | None = attrs.field(default=None, converter=optional_money)
    round: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ValuationReported(OrganizationEvent):
    """A valuation reported outside a funding round."""

    kind: ClassVar[str] = "valuation-reported"
    valuation: Money = attrs.field(converter=as_money)


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
    """An organisation announced a product, a model, a job posting or other news."""

    kind: ClassVar[str] = "announced"
    category: Announcement = attrs.field(default=Announcement.OTHER, converter=_announcement)
    title: str = attrs.field(validator=_text)
    people: tuple[str, ...] = people(default=())
