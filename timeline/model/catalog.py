"""The built-in event kinds: people at organisations, organisations, lawsuits,
entities and their names, and corrections.

>>> Joined(id="e1", valid="2015-12", person="ilya-sutskever", org="openai",
...        role="chief scientist", sources="nyt-2015")
Joined(id='e1', valid=ValidDate('2015-12'), ...)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import ClassVar

import attrs
import pendulum

from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, instant
from timeline.model.errors import InvalidEventError, choice
from timeline.model.events import (
    Event,
    _id_of,
    _text,
    entities,
    entity_field,
    nested_event,
    organization,
    organizations,
    people,
    person,
)
from timeline.model.money import Money, as_money
from timeline.model.ranks import Rank

__all__ = [
    "BUILTIN_TYPES",
    "AliasAdded",
    "Announced",
    "Announcement",
    "Cited",
    "Confirmed",
    "Corrected",
    "Correction",
    "Disputed",
    "EntityEvent",
    "Founded",
    "FundingRound",
    "Joined",
    "LawsuitDismissed",
    "LawsuitEvent",
    "LawsuitFiled",
    "LawsuitRefiled",
    "LawsuitSettled",
    "LawsuitWithdrawn",
    "LeaveEnded",
    "LeaveStarted",
    "Left",
    "Observed",
    "OrganizationDeclared",
    "OrganizationEvent",
    "PersonDeclared",
    "PublicationCorrected",
    "Ranked",
    "Reason",
    "Rehired",
    "Renamed",
    "Retracted",
    "RoleChanged",
    "TenureEvent",
    "ValuationReported",
]


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidEventError(
            _id_of(instance), attribute.name, value, "expected a non-empty string or None"
        )


def _texts(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise InvalidEventError(None, "texts", value, "expected a list of strings")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidEventError(None, "texts", value, "expected non-empty strings")
    return items


def _certainty(value: object) -> Certainty:
    return Certainty.parse(value)


def _optional_money(value: object) -> Money | None:
    return None if value is None else as_money(value)


# People at organisations -------------------------------------------------------


class Reason(enum.Enum):
    """Why a person left an organisation, as reporting says it.

    Read case-insensitively, with ``_`` or ``-`` for spaces and the usual
    other words: "quit" is resigned, "dismissed" fired, "death" died.

    >>> Reason.parse("Stepped-Down"), Reason.parse("death")
    (<Reason.STEPPED_DOWN: 'stepped down'>, <Reason.DIED: 'died'>)
    """

    RESIGNED = "resigned"
    STEPPED_DOWN = "stepped down"
    POACHED = "poached"
    FIRED = "fired"
    LAID_OFF = "laid off"
    RETIRED = "retired"
    TERM_ENDED = "term ended"
    CONTRACT_ENDED = "contract ended"
    DIED = "died"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: object) -> Reason:
        """A reason from itself, its value or another word for it."""
        if isinstance(value, str):
            text = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
            value = _REASON_WORDS.get(text, text)
        return choice(cls, "reason", value)


_REASON_WORDS = {"quit": "resigned", "dismissed": "fired", "ousted": "fired",
                 "death": "died", "deceased": "died", "layoff": "laid off",
                 "laid": "laid off", "step down": "stepped down"}


def _reason(value: object) -> Reason:
    return Reason.parse(value)


@attrs.frozen(kw_only=True)
class TenureEvent(Event):
    """An event about one person at one organisation.

    ``step`` tells the tenure fold what the event does: start or end a tenure,
    change the role, start or end a leave.
    """

    step: ClassVar[str] = ""
    person: str = person()
    org: str = organization()


@attrs.frozen(kw_only=True)
class Joined(TenureEvent):
    """A person joined an organisation: the start of a tenure."""

    kind: ClassVar[str] = "joined"
    step: ClassVar[str] = "start"
    role: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Rehired(TenureEvent):
    """A person came back: a new tenure after an earlier one."""

    kind: ClassVar[str] = "rehired"
    step: ClassVar[str] = "start"
    role: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Left(TenureEvent):
    """A person left an organisation, for a reason, perhaps for another one."""

    kind: ClassVar[str] = "left"
    step: ClassVar[str] = "end"
    reason: Reason = attrs.field(default=Reason.UNKNOWN, converter=_reason)
    destination: str | None = organization(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.destination == self.org:
            raise InvalidEventError(
                self.id, "destination", self.destination, "a person cannot leave for the same org"
            )


@attrs.frozen(kw_only=True)
class RoleChanged(TenureEvent):
    """A person's role at an organisation changed."""

    kind: ClassVar[str] = "role-changed"
    step: ClassVar[str] = "role"
    role: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class LeaveStarted(TenureEvent):
    """A person went on leave; they stay a member, with that status."""

    kind: ClassVar[str] = "leave-started"
    step: ClassVar[str] = "leave-start"
    reason: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class LeaveEnded(TenureEvent):
    """A person came back from leave."""

    kind: ClassVar[str] = "leave-ended"
    step: ClassVar[str] = "leave-end"


@attrs.frozen(kw_only=True)
class Observed(TenureEvent):
    """A source showed the person at the organisation on ``valid``, in ``role``
    when it names one ("Lilian Weng, OpenAI's VP of safety research"), without
    saying when they joined or whether they left.

    An observation makes membership certain on its days: it bounds an unknown
    start (by the first observed day) and an unknown or imprecise end (not
    before the last observed day); see docs/concepts.md, "Observations".
    """

    kind: ClassVar[str] = "observed"
    step: ClassVar[str] = "observe"
    role: str | None = attrs.field(default=None, validator=_optional_text)


# Organisations -----------------------------------------------------------------


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
    amount: Money | None = attrs.field(default=None, converter=_optional_money)
    investors: tuple[str, ...] = organizations(default=())
    valuation: Money | None = attrs.field(default=None, converter=_optional_money)
    round: str | None = attrs.field(default=None, validator=_optional_text)


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


# Lawsuits ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LawsuitEvent(Event):
    """An event in a lawsuit, identified by ``case`` (a slug of its own).

    Parties may be repeated on every event of a case; a withdrawal whose
    filing is not in the log implies a filing of unknown date between them.
    """

    step: ClassVar[str] = ""
    case: str = attrs.field(validator=_text)
    plaintiffs: tuple[str, ...] = entities(default=())
    defendants: tuple[str, ...] = entities(default=())

    def __attrs_post_init__(self) -> None:
        both = set(self.plaintiffs) & set(self.defendants)
        if both:
            raise InvalidEventError(
                self.id, "parties", sorted(both), "a party cannot be on both sides"
            )


@attrs.frozen(kw_only=True)
class LawsuitFiled(LawsuitEvent):
    """A lawsuit was filed: the case opens.

    A counterclaim is a case of its own that ``answers`` the case it is
    brought in reply to (that case's id); the log must hold that case.
    """

    kind: ClassVar[str] = "lawsuit-filed"
    step: ClassVar[str] = "open"
    claims: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    court: str | None = attrs.field(default=None, validator=_optional_text)
    answers: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if not self.plaintiffs or not self.defendants:
            raise InvalidEventError(
                self.id, "parties", (self.plaintiffs, self.defendants),
                "a filing names at least one plaintiff and one defendant",
            )
        if self.answers == self.case:
            raise InvalidEventError(
                self.id, "answers", self.answers,
                "a case cannot answer itself; name the case this counterclaim replies to",
            )


@attrs.frozen(kw_only=True)
class LawsuitRefiled(LawsuitEvent):
    """A withdrawn or dismissed case was brought again."""

    kind: ClassVar[str] = "lawsuit-refiled"
    step: ClassVar[str] = "reopen"
    claims: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    court: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class LawsuitWithdrawn(LawsuitEvent):
    """The plaintiffs withdrew the case."""

    kind: ClassVar[str] = "lawsuit-withdrawn"
    step: ClassVar[str] = "withdrawn"


@attrs.frozen(kw_only=True)
class LawsuitSettled(LawsuitEvent):
    """The parties settled."""

    kind: ClassVar[str] = "lawsuit-settled"
    step: ClassVar[str] = "settled"
    terms: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class LawsuitDismissed(LawsuitEvent):
    """A court dismissed the case."""

    kind: ClassVar[str] = "lawsuit-dismissed"
    step: ClassVar[str] = "dismissed"


# Entities and names ------------------------------------------------------------


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
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)


@attrs.frozen(kw_only=True)
class OrganizationDeclared(EntityEvent):
    """An organisation exists, with a canonical name and aliases."""

    kind: ClassVar[str] = "organization-declared"
    name: str = attrs.field(validator=_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)


@attrs.frozen(kw_only=True)
class AliasAdded(EntityEvent):
    """Another name for an entity: a misspelling, a transliteration, a translation."""

    kind: ClassVar[str] = "alias-added"
    entity: str = entity_field()
    alias: str = attrs.field(validator=_text)
    language: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Renamed(EntityEvent):
    """An entity took a new canonical name on ``valid``; the old one stays an alias."""

    kind: ClassVar[str] = "renamed"
    entity: str = entity_field()
    name: str = attrs.field(validator=_text)


# Corrections -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Correction(Event):
    """An event about another event, ``target``: corrections are how mistakes are fixed.

    Corrections act in recorded time: views known from the correction's
    recorded time on reflect it, earlier views do not. Their own certainty does
    not filter them.
    """

    target: str = attrs.field(validator=_text)

    def __attrs_post_init__(self) -> None:
        if self.target == self.id:
            raise InvalidEventError(
                self.id, "target", self.target, "an event cannot correct itself"
            )


@attrs.frozen(kw_only=True)
class Retracted(Correction):
    """The target was wrong: later views no longer hold it."""

    kind: ClassVar[str] = "retracted"
    reason: str = ""


@attrs.frozen(kw_only=True)
class Corrected(Correction):
    """The target is replaced by ``replacement``, an event of the same kind."""

    kind: ClassVar[str] = "corrected"
    replacement: Event = nested_event()  # noqa: RUF009 - an attrs field, not a dataclass default

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        replacement = self.replacement
        if not isinstance(replacement, Event) or isinstance(replacement, Correction):
            raise InvalidEventError(
                self.id, "replacement", replacement, "expected an event that is not a correction"
            )
        if replacement.recorded is not None:
            raise InvalidEventError(
                self.id, "replacement.recorded", replacement.recorded,
                "a replacement is recorded when its correction is; leave it out",
            )
        if replacement.id in (self.id, self.target):
            raise InvalidEventError(
                self.id, "replacement.id", replacement.id, "a replacement needs an id of its own"
            )


@attrs.frozen(kw_only=True)
class Confirmed(Correction):
    """The target is now known with certainty ``level`` (a rumour confirmed)."""

    kind: ClassVar[str] = "confirmed"
    level: Certainty = attrs.field(default=Certainty.CONFIRMED, converter=_certainty)


@attrs.frozen(kw_only=True)
class Cited(Correction):
    """The target gains this event's sources as further citations."""

    kind: ClassVar[str] = "cited"


def _rank(value: object) -> Rank:
    return Rank.parse(value)


@attrs.frozen(kw_only=True)
class Disputed(Correction):
    """Another claim about the target's fact: ``claim``, an event of the same
    kind about the same subject, stands beside the claims already held.

    It never replaces the accepted claim by accident: it is ``normal`` unless
    ``rank`` says ``preferred`` (the claim preferred so far then becomes
    ``normal``). ``target`` is any claim of the fact. See "Disputes" in
    ``docs/concepts.md``.
    """

    kind: ClassVar[str] = "disputed"
    claim: Event = nested_event()  # noqa: RUF009 - an attrs field, not a dataclass default
    rank: Rank = attrs.field(default=Rank.NORMAL, converter=_rank)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        claim = self.claim
        if not isinstance(claim, Event) or isinstance(claim, Correction):
            raise InvalidEventError(
                self.id, "claim", claim, "expected an event that is not a correction"
            )
        if claim.recorded is not None:
            raise InvalidEventError(
                self.id, "claim.recorded", claim.recorded,
                "a claim is recorded when its dispute is; leave it out",
            )
        if claim.id in (self.id, self.target):
            raise InvalidEventError(
                self.id, "claim.id", claim.id, "a disputing claim needs an id of its own"
            )


@attrs.frozen(kw_only=True)
class Ranked(Correction):
    """The claim ``target`` now has ``rank``. Making a claim ``preferred``
    makes the claim preferred so far ``normal``."""

    kind: ClassVar[str] = "ranked"
    rank: Rank = attrs.field(converter=_rank)
# Sources -----------------------------------------------------------------------


def _valid(value: object) -> ValidDate:
    return ValidDate.parse(value)


def _published_day(event: PublicationCorrected) -> ValidDate:
    return ValidDate.parse(event.published.date())


@attrs.frozen(kw_only=True)
class PublicationCorrected(Event):
    """The source ``source`` was published at ``published`` (an instant, or a
    date meaning its end in UTC): a fix to the publication time its citations
    give, wherever they are (see docs/concepts.md, "Two recorded axes").

    Views known from this event's recorded time on read the source's
    publication time from it; earlier views keep the old one. ``valid``
    defaults to the day of ``published``.

    >>> PublicationCorrected(id="fix", source="wired", published="2024-10-09",
    ...                      sources="wired-erratum").valid
    ValidDate('2024-10-09')
    """

    kind: ClassVar[str] = "publication-corrected"
    source: str = attrs.field(validator=_text)
    published: pendulum.DateTime = attrs.field(converter=instant)
    valid: ValidDate = attrs.field(
        converter=_valid,
        default=attrs.Factory(_published_day, takes_self=True),
    )


BUILTIN_TYPES: tuple[type[Event], ...] = (
    AliasAdded,
    Announced,
    Cited,
    Confirmed,
    Corrected,
    Disputed,
    Founded,
    FundingRound,
    Joined,
    LawsuitDismissed,
    LawsuitFiled,
    LawsuitRefiled,
    LawsuitSettled,
    LawsuitWithdrawn,
    LeaveEnded,
    LeaveStarted,
    Left,
    Observed,
    OrganizationDeclared,
    PersonDeclared,
    Ranked,
    PublicationCorrected,
    Rehired,
    Renamed,
    Retracted,
    RoleChanged,
    ValuationReported,
)
