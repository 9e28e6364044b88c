"""The events of lawsuits: filings, refilings, withdrawals, settlements, dismissals."""

from __future__ import annotations

from typing import ClassVar

import attrs

from timeline.model.errors import InvalidEventError
from timeline.model.events import Event, _text, entities
from timeline.model.fields import optional_text, texts

__all__ = [
    "LawsuitDismissed",
    "LawsuitEvent",
    "LawsuitFiled",
    "LawsuitRefiled",
    "LawsuitSettled",
    "LawsuitWithdrawn",
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
    """A court dismissed the case."""

    kind: ClassVar[str] = "lawsuit-dismissed"
    step: ClassVar[str] = "dismissed"
