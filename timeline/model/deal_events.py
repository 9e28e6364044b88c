"""Deals between organisations, and organisations inside others.

A :class:`Deal` names a buyer (``org``), a ``target`` and the ``people``
who moved with it; each of them leaves the target and joins the buyer on
the deal's date, cited to the deal (see :func:`moves`). An acquisition or
a merger also places the target inside the buyer from that date; an
acqui-hire, a licensing deal or a stake does not. An
:class:`OrganizationPlaced` places an organisation inside another (a lab
inside a company, a division folded into another) or sets it apart again.
Rosters and flows can roll up to the parent on request. See "Deals and
organisations inside others" in docs/concepts.md.

>>> deal = Deal(id="d1", valid="2024-03-19", org="microsoft", target="inflection",
...             deal="acqui-hire", people=["mustafa-suleyman"], sources="verge")
>>> [(type(e).__name__, e.org) for e in moves(deal, "mustafa-suleyman")]
[('Left', 'inflection'), ('Joined', 'microsoft')]
>>> deal.places_target
False
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import ClassVar

import attrs

from timeline.model.errors import InvalidEventError, choice_of_words
from timeline.model.events import Event, _id_of, entity_metadata, organization, people
from timeline.model.fields import optional_money, optional_text
from timeline.model.figures import Figure
from timeline.model.money import Money
from timeline.model.organization_events import OrganizationEvent
from timeline.model.tenure_events import Joined, Left, Reason

__all__ = ["Deal", "DealKind", "OrganizationPlaced", "moves"]


class DealKind(enum.Enum):
    """What a deal between two organisations was.

    >>> DealKind.parse("Acquihire"), DealKind.parse("licence")
    (<DealKind.ACQUI_HIRE: 'acqui-hire'>, <DealKind.LICENSING: 'licensing'>)
    """

    ACQUISITION = "acquisition"
    MERGER = "merger"
    ACQUI_HIRE = "acqui-hire"
    LICENSING = "licensing"
    STAKE = "stake"

    @classmethod
    def parse(cls, value: object) -> DealKind:
        """A kind from itself, its value or another word for it."""
        return choice_of_words(cls, "deal", value, _DEAL_WORDS, joiner="-")


_DEAL_WORDS = {"acquihire": "acqui-hire", "acqui-hiring": "acqui-hire", "acquired": "acquisition",
               "acquire": "acquisition", "takeover": "acquisition", "buyout": "acquisition",
               "licence": "licensing", "license": "licensing", "licensing-deal": "licensing",
               "investment": "stake", "minority-stake": "stake", "merged": "merger"}

#: The kinds of deal that place the target inside the buyer.
PLACING = frozenset({DealKind.ACQUISITION, DealKind.MERGER})


def _kind(value: object) -> DealKind:
    return DealKind.parse(value)


def _stake(value: object) -> Figure | None:
    if value is None or isinstance(value, Figure):
        figure = value
    elif isinstance(value, str):
        figure = Figure.parse(value)
    elif isinstance(value, dict):
        figure = Figure(**value)
    else:
        raise InvalidEventError(None, "stake", value,
                                "expected a share such as '49%' or Figure(49, share=True)")
    if figure is not None and not figure.share:
        raise InvalidEventError(None, "stake", str(figure),
                                "a stake is a share in percent, such as '49%'")
    return figure


def _roles(value: object) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable) or isinstance(items, str):
        raise InvalidEventError(None, "roles", value, "expected {person: role}")
    pairs = []
    for item in items:
        pair = tuple(item) if isinstance(item, (tuple, list)) else ()
        if len(pair) != 2 or not all(isinstance(p, str) and p.strip() for p in pair):
            raise InvalidEventError(None, "roles", value,
                                    "expected {person: role}, each a non-empty string")
        pairs.append((str(pair[0]), str(pair[1])))
    return tuple(sorted(pairs))


def _voting(instance: object, attribute: attrs.Attribute[bool | None], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidEventError(_id_of(instance), "voting", value, "expected true, false or null")


@attrs.frozen(kw_only=True)
class Deal(OrganizationEvent):
    """A deal on ``valid`` (the day it closed) in which ``org``, the buyer
    (the acquirer, the company a merger makes or keeps, the licensee, the
    investor), dealt with ``target``: a ``deal`` of one :class:`DealKind`.

    ``people`` are those who moved from the target to the buyer with it:
    each leaves the target and joins the buyer on ``valid`` (an event
    dated like the deal, with the deal's id, sources and certainty). An
    acquisition or a merger places the target inside the buyer from
    ``valid``. A stake names its ``stake`` (a share, "49%") and whether it
    carries votes (``voting``); ``amount`` is the price when reported.
    Announced ahead (``announced``), a deal is a plan until it closes.
    """

    kind: ClassVar[str] = "deal"
    target: str = organization()
    deal: DealKind = attrs.field(converter=_kind)
    people: tuple[str, ...] = people(default=())
    amount: Money | None = attrs.field(default=None, converter=optional_money)
    stake: Figure | None = attrs.field(default=None, converter=_stake)
    voting: bool | None = attrs.field(default=None, validator=_voting)
    roles: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_roles)
    """The role each moved person took at the buyer, when reported: a
    mapping (or pairs) of person id to role."""

    def __attrs_post_init__(self) -> None:
        if self.target == self.org:
            raise InvalidEventError(_id_of(self), "target", self.target,
                                    "a deal is between two organisations; name the other one")
        strays = [person for person, _ in self.roles if person not in self.people]
        if strays:
            raise InvalidEventError(_id_of(self), "roles", strays,
                                    "a role is of a person the deal moved; list them in people")
        if self.stake is not None and self.deal is not DealKind.STAKE:
            raise InvalidEventError(_id_of(self), "stake", str(self.stake),
                                    f"a {self.deal.value} takes no stake; use deal='stake'")

    @property
    def places_target(self) -> bool:
        """Whether the deal puts the target inside the buyer (an acquisition
        or a merger)."""
        return self.deal in PLACING


@attrs.frozen(kw_only=True)
class OrganizationPlaced(OrganizationEvent):
    """From ``valid``, ``org`` sits inside ``parent`` (a lab inside a
    company, a division folded into another), or, with ``parent`` None,
    inside no other organisation (a spin-off).

    >>> OrganizationPlaced(id="p", valid="2023-04-20", org="google-deepmind",
    ...                    parent="google", sources="blog").parent
    'google'
    """

    kind: ClassVar[str] = "organization-placed"
    parent: str | None = attrs.field(default=None, validator=optional_text,
                                     metadata=entity_metadata("organization"))

    def __attrs_post_init__(self) -> None:
        if self.parent == self.org:
            raise InvalidEventError(_id_of(self), "parent", self.parent,
                                    "an organisation cannot sit inside itself")


def moves(deal: Deal, person: str) -> tuple[Event, Event]:
    """The departure from the target and the join at the buyer that ``deal``
    makes of ``person``'s move: dated, cited and as certain as the deal,
    with its id, so every answer's evidence names the deal; the join names
    the role the deal reports for the person."""
    left = Left(id=deal.id, valid=deal.valid, sources=deal.sources, certainty=deal.certainty,
                person=person, org=deal.target, reason=Reason.DEAL, destination=deal.org)
    return left, Joined(id=deal.id, valid=deal.valid, sources=deal.sources,
                        certainty=deal.certainty, person=person, org=deal.org,
                        role=dict(deal.roles).get(person))
