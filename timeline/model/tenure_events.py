"""The events about people at organisations: tenures, roles, leaves and sightings."""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from timeline.model.affiliations import Affiliation
from timeline.model.errors import InvalidEventError, choice_of_words
from timeline.model.events import OMIT_DEFAULT, Event, _text, organization, person
from timeline.model.fields import optional_text

__all__ = [
    "Joined",
    "LeaveEnded",
    "LeaveStarted",
    "Left",
    "Observed",
    "Reason",
    "Rehired",
    "RoleChanged",
    "TenureEvent",
]


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
    DEAL = "moved by a deal"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: object) -> Reason:
        """A reason from itself, its value or another word for it."""
        return choice_of_words(cls, "reason", value, _REASON_WORDS)


_REASON_WORDS = {"quit": "resigned", "dismissed": "fired", "ousted": "fired",
                 "death": "died", "deceased": "died", "layoff": "laid off",
                 "laid": "laid off", "step down": "stepped down",
                 "deal": "moved by a deal", "acquired": "moved by a deal",
                 "acqui hire": "moved by a deal", "acquihire": "moved by a deal"}


def _reason(value: object) -> Reason:
    return Reason.parse(value)


def _affiliation(value: object) -> Affiliation:
    return Affiliation.parse(value)


@attrs.frozen(kw_only=True)
class TenureEvent(Event):
    """An event about one person at one organisation, in one kind of
    ``affiliation`` (an employee unless it says otherwise: a board seat, an
    advisor, a founder who is not an employee). Each kind has tenures of
    its own.

    ``step`` tells the tenure fold what the event does: start or end a tenure,
    change the role, start or end a leave.
    """

    step: ClassVar[str] = ""
    person: str = person()
    org: str = organization()
    affiliation: Affiliation = attrs.field(
        default=Affiliation.EMPLOYEE, converter=_affiliation, metadata=OMIT_DEFAULT)


@attrs.frozen(kw_only=True)
class Joined(TenureEvent):
    """A person joined an organisation: the start of a tenure."""

    kind: ClassVar[str] = "joined"
    step: ClassVar[str] = "start"
    role: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class Rehired(TenureEvent):
    """A person came back: a new tenure after an earlier one."""

    kind: ClassVar[str] = "rehired"
    step: ClassVar[str] = "start"
    role: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class Left(TenureEvent):
    """A person left an organisation, for a reason, perhaps for another one."""

    kind: ClassVar[str] = "left"
    step: ClassVar[str] = "end"
    reason: Reason = attrs.field(default=Reason.UNKNOWN, converter=_reason)
    destination: str | None = organization(default=None, validator=optional_text)

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
    reason: str | None = attrs.field(default=None, validator=optional_text)


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
    role: str | None = attrs.field(default=None, validator=optional_text)
