"""The events of lawsuits: filings, refilings, motions, rulings, withdrawals,
settlements, dismissals and judgments."""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from timeline.model.errors import InvalidEventError, choice
from timeline.model.events import OMIT_DEFAULT, Event, _id_of, _text, entities
from timeline.model.fields import optional_text, texts

__all__ = [
    "LawsuitDismissed",
    "LawsuitEvent",
    "LawsuitFiled",
    "LawsuitJudged",
    "LawsuitMotion",
    "LawsuitRefiled",
    "LawsuitRuling",
    "LawsuitSettled",
    "LawsuitWithdrawn",
    "Outcome",
]


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
    claims: tuple[str, ...] = attrs.field(default=(), converter=texts)
    court: str | None = attrs.field(default=None, validator=optional_text)
    answers: str | None = attrs.field(default=None, validator=optional_text)

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
    claims: tuple[str, ...] = attrs.field(default=(), converter=texts)
    court: str | None = attrs.field(default=None, validator=optional_text)


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
    terms: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class LawsuitDismissed(LawsuitEvent):
    """A court dismissed the case; ``with_prejudice`` when the report says
    whether it may be brought again."""

    kind: ClassVar[str] = "lawsuit-dismissed"
    step: ClassVar[str] = "dismissed"
    court: str | None = attrs.field(default=None, validator=optional_text)
    with_prejudice: bool | None = attrs.field(default=None, metadata=OMIT_DEFAULT)


@attrs.frozen(kw_only=True)
class LawsuitMotion(LawsuitEvent):
    """A party (``movants``) asked the court for something (``motion``: "motion
    to dismiss", "preliminary injunction"). The case stays as it was."""

    kind: ClassVar[str] = "lawsuit-motion"
    step: ClassVar[str] = "motion"
    motion: str = attrs.field(validator=_text)
    movants: tuple[str, ...] = entities(default=())
    court: str | None = attrs.field(default=None, validator=optional_text)


class Outcome(enum.Enum):
    """How a court ruled on a motion."""

    GRANTED = "granted"
    DENIED = "denied"
    GRANTED_IN_PART = "granted in part"


def _outcome(value: object) -> Outcome | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = " ".join(value.strip().lower().replace("_", " ").split())
        value = "granted in part" if text in ("denied in part", "partly granted",
                                             "partially granted") else text
    return choice(Outcome, "outcome", value)


@attrs.frozen(kw_only=True)
class LawsuitRuling(LawsuitEvent):
    """A court ruled: on the motion ``on`` (its event id) when it answers one,
    with an ``outcome`` ("denied in part" is granted in part), and what it
    said in ``ruling``. The case stays as it was; a ruling that ends it is
    a dismissal or a judgment."""

    kind: ClassVar[str] = "lawsuit-ruling"
    step: ClassVar[str] = "ruling"
    on: str | None = attrs.field(default=None, validator=optional_text)
    outcome: Outcome | None = attrs.field(default=None, converter=_outcome)
    ruling: str | None = attrs.field(default=None, validator=optional_text)
    court: str | None = attrs.field(default=None, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.outcome is None and self.ruling is None:
            raise InvalidEventError(_id_of(self), "outcome", None,
                                    "a ruling says its outcome or what was ruled (ruling=)")


@attrs.frozen(kw_only=True)
class LawsuitJudged(LawsuitEvent):
    """A court decided the case for ``winners`` (a side's parties): it closes."""

    kind: ClassVar[str] = "lawsuit-judged"
    step: ClassVar[str] = "judged"
    winners: tuple[str, ...] = entities()
    court: str | None = attrs.field(default=None, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if not self.winners:
            raise InvalidEventError(_id_of(self), "winners", self.winners,
                                    "a judgment names who won")
        sides = set(self.plaintiffs) | set(self.defendants)
        if sides and not set(self.winners) <= sides:
            raise InvalidEventError(_id_of(self), "winners", sorted(set(self.winners) - sides),
                                    "the winners are parties to the case")
