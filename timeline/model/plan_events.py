"""Plans: what was announced on one date to happen on another ("will join in
September", "on leave until the end of the year", "will step down in two
months"), and what became of it.

A plan is not a fact about its date: it is shown as planned until it
happens. The event that carries it out names it in ``fulfills`` (or, when
an event of the same kind about the same subject follows, the plan is
fulfilled by inference); a later announcement moves it (``PlanMoved``) or
cancels it (``PlanCancelled``). A cancelled plan stays what it was, a plan
once announced: answers as known during it show it planned. See "Plans" in
docs/concepts.md.

>>> from timeline.model.catalog import Joined
>>> plan = Planned(id="p", valid="2024-08-01", sources="wire",
...                plan=Joined(id="p-join", valid="2024-09", person="ada", org="acme",
...                            sources="wire"))
>>> plan.plan.valid, sorted(plan.about())
(ValidDate('2024-09'), ['acme', 'ada'])
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from timeline.model.dates import ValidDate
from timeline.model.errors import InvalidEventError
from timeline.model.events import Event, _id_of, _text, as_date, nested_event

__all__ = ["PlanCancelled", "PlanMoved", "Planned"]


@attrs.frozen(kw_only=True)
class Planned(Event):
    """An announcement, on ``valid``, that ``plan`` (an event, dated when it is
    to happen) will happen. It never takes effect by itself."""

    kind: ClassVar[str] = "planned"
    plan: Event = nested_event()  # noqa: RUF009 - an attrs field, not a dataclass default

    def __attrs_post_init__(self) -> None:
        plan = self.plan
        if not isinstance(plan, Event) or isinstance(plan, (Planned, PlanCancelled, PlanMoved)):
            raise InvalidEventError(_id_of(self), "plan", plan,
                                    "expected the event that is planned (a join, a departure...)")
        from timeline.model.corrections import Correction  # noqa: PLC0415 - corrections import events

        if isinstance(plan, Correction):
            raise InvalidEventError(_id_of(self), "plan", plan.kind,
                                    "a correction is not planned; append it when it is made")
        if plan.recorded is not None:
            raise InvalidEventError(_id_of(self), "plan.recorded", plan.recorded,
                                    "a plan is recorded when its announcement is; leave it out")
        if plan.id == self.id:
            raise InvalidEventError(_id_of(self), "plan.id", plan.id,
                                    "the planned event needs an id of its own")
        if plan.valid.last < self.valid.first:
            raise InvalidEventError(
                _id_of(self), "plan.valid", str(plan.valid),
                f"a plan is for a date after it is announced ({self.valid}); an event "
                "already past when reported is no plan: record the event itself")

    def references(self) -> tuple[tuple[str, str], ...]:
        """The entities the announcement and the planned event name."""
        return (*super().references(), *self.plan.references())

    def about(self) -> frozenset[str]:
        return super().about() | self.plan.about()


@attrs.frozen(kw_only=True)
class PlanCancelled(Event):
    """The plan ``plan`` (a ``Planned`` event's id) was called off on
    ``valid``: it did not fail to happen, it was cancelled."""

    kind: ClassVar[str] = "plan-cancelled"
    plan: str = attrs.field(validator=_text)
    reason: str = ""


@attrs.frozen(kw_only=True)
class PlanMoved(Event):
    """The plan ``plan`` was moved, on ``valid``, to happen on ``to``."""

    kind: ClassVar[str] = "plan-moved"
    plan: str = attrs.field(validator=_text)
    to: ValidDate = attrs.field(converter=as_date)
