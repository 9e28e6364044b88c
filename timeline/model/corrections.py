"""Corrections, the events about other events, and fixes to sources' publication times."""

from __future__ import annotations

from typing import ClassVar

import attrs
import pendulum

from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, instant
from timeline.model.errors import InvalidEventError
from timeline.model.events import Event, _text, nested_event
from timeline.model.ranks import Rank

__all__ = [
    "Cited",
    "Confirmed",
    "Corrected",
    "Correction",
    "Disputed",
    "PublicationCorrected",
    "Ranked",
    "Retracted",
]


def _certainty(value: object) -> Certainty:
    return Certainty.parse(value)


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
