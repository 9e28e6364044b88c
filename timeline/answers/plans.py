"""Plans and announcements as answers: what was planned about a person or an
organisation at a date and what became of it, and what organisations
announced over a span."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator

import attrs
import pendulum

from timeline.answers._table import as_known, not_yet_known, table
from timeline.answers.frames import AsData
from timeline.engine.plans import PlanState, PlanStatus
from timeline.engine.seats import org_of
from timeline.model.catalog import Announcement, Founded, TenureEvent
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.events import Event

__all__ = ["AnnouncementRow", "Announcements", "Link", "Links", "PlanView", "Plans",
           "describe_plan"]

_DOES = {"start": "joins", "end": "leaves", "role": "takes a new role at",
         "leave-start": "goes on leave from", "leave-end": "returns from leave at",
         "observe": "is at"}


def describe_plan(event: Event, name: Callable[[str], str]) -> str:
    """What a planned event would do, in words: "Ada Lovelace leaves Acme"."""
    if isinstance(event, TenureEvent):
        what = _DOES.get(event.step, event.kind)
        role = getattr(event, "role", None)
        kind = "" if event.affiliation.value == "employee" else f" ({event.affiliation.value})"
        text = f"{name(event.person)} {what} {name(org_of(event.org))}{kind}"
        return text + (f" as {role}" if role else "")
    if isinstance(event, Founded):
        return f"{name(event.org)} is founded"
    return event.describe()


@attrs.frozen
class PlanView:
    """One plan at a date: its ``state`` (what the engine worked out) and
    ``what`` it would do, in words."""

    state: PlanState
    what: str

    @property
    def status(self) -> PlanStatus:
        return self.state.status

    @property
    def pending(self) -> bool:
        """Whether the plan is still to happen: planned or overdue."""
        return self.state.status in (PlanStatus.PLANNED, PlanStatus.OVERDUE)

    def row(self) -> list[object]:
        state = self.state
        status = state.status.value + (" (inferred)" if state.inferred else "")
        if state.by_certainty is not None and state.by_certainty < Certainty.REPORTED:
            status += f" ({state.by_certainty.value})"
        if not state.certain:
            status = f"possibly announced; {status}"
        if state.possibly:
            status += f"; possibly changed by {', '.join(state.possibly)}"
        what = self.what + (f" ({state.certainty.value})"
                            if state.certainty < Certainty.REPORTED else "")
        return [what, str(state.planned_for), str(state.announced), status,
                state.by or "-", state.plan]


@attrs.frozen(repr=False)
class Plans(AsData):
    """The plans about ``entity`` announced by ``at``: ``pending`` (planned or
    overdue) and ``done`` (fulfilled or cancelled), each a :class:`PlanView`."""

    entity: str
    name: str
    at: _dt.date
    known: pendulum.DateTime | None
    plans: tuple[PlanView, ...]
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    """Set when the view had not heard of the entity yet: the recorded time
    from which the log knows it (the answer is then empty)."""
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, eq=False)
    """The id and name at ``at`` of each entity its plans name."""

    @property
    def pending(self) -> tuple[PlanView, ...]:
        return tuple(p for p in self.plans if p.pending)

    @property
    def done(self) -> tuple[PlanView, ...]:
        return tuple(p for p in self.plans if not p.pending)

    def __iter__(self) -> Iterator[PlanView]:
        return iter(self.plans)

    def __len__(self) -> int:
        return len(self.plans)

    def __repr__(self) -> str:
        headers = ["plan", "for", "announced", "status", "by", "event"]
        view = f"at {self.at}" + as_known(self.known)
        empty = ("(none)" if self.not_known_until is None
                 else not_yet_known(self.name, self.known, self.not_known_until))
        text = table(f"Plans about {self.name} {view}: {len(self.pending)} pending",
                     headers, [p.row() for p in self.pending], empty=empty)
        if self.done:
            text += "\n" + table(f"Fulfilled or cancelled: {len(self.done)}", headers,
                                 [p.row() for p in self.done])
        return text


@attrs.frozen
class AnnouncementRow:
    """One announcement: ``certain`` when its whole date lies in the span."""

    date: ValidDate
    org: str
    org_name: str
    category: Announcement
    title: str
    product: str | None
    product_name: str | None
    certainty: Certainty
    event: str
    certain: bool


@attrs.frozen(repr=False)
class Announcements(AsData):
    """What organisations announced between ``start`` and ``end``: ``rows``
    whose dates lie in the span, ``possible`` those whose dates only overlap it."""

    org: str | None
    name: str | None
    start: _dt.date
    end: _dt.date
    known: pendulum.DateTime | None
    rows: tuple[AnnouncementRow, ...]
    possible: tuple[AnnouncementRow, ...] = ()
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    """Set when the view had not heard of the organisation yet: the recorded
    time from which the log knows it (the answer is then empty)."""

    def __iter__(self) -> Iterator[AnnouncementRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        headers = ["date", "organization", "category", "title", "product", "event"]

        def row(r: AnnouncementRow) -> list[object]:
            return [str(r.date), r.org_name, r.category.value, r.title,
                    r.product_name or "-", r.event]

        who = f" by {self.name}" if self.name else ""
        head = f"Announcements{who} from {self.start} to {self.end}" + as_known(self.known)
        empty = ("(none)" if self.not_known_until is None
                 else not_yet_known(self.name or "", self.known, self.not_known_until))
        text = table(f"{head}: {len(self.rows)}", headers, [row(r) for r in self.rows],
                     empty=empty)
        if self.possible:
            text += "\n" + table(f"Possibly in the span: {len(self.possible)}", headers,
                                 [row(r) for r in self.possible])
        return text


@attrs.frozen
class Link:
    """An event's link to an event the view does not hold: ``event`` names
    ``target`` in ``field`` (a plan it fulfils, cancels or moves; the round it
    is a tranche of; the motion a ruling is on). It takes effect if that
    event comes."""

    event: str
    kind: str
    field: str
    target: str


@attrs.frozen(repr=False)
class Links(AsData):
    """The links of a view to events it does not hold, in log order."""

    known: pendulum.DateTime | None
    links: tuple[Link, ...]

    def __iter__(self) -> Iterator[Link]:
        return iter(self.links)

    def __len__(self) -> int:
        return len(self.links)

    def __repr__(self) -> str:
        head = f"Links to events not in the log{as_known(self.known)}: {len(self.links)}"
        return table(head, ["event", "kind", "field", "names"],
                     [[link.event, link.kind, link.field, link.target] for link in self.links])
