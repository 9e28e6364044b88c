"""A fact's lineage: every version the log held of it, when, and on whose word.

XTDB keeps each version of an entity with the system time it was written
(``system_from``) and the system time a later write superseded it
(``system_to``). A fact here has the same shape: the event that first
recorded it, then each correction aimed at it or at its replacements, in
the order they apply. Each makes a :class:`Version`: what the log held of
the fact from the correction's recorded time (nothing, after a
retraction), on the word of the sources the correction cites, until the
next correction superseded it.

A view ``known=R`` holds the versions recorded by ``R``; a version
superseded after ``R`` is, in that view, still current.

>>> from timeline import Timeline
>>> tl = Timeline.example()
>>> tl.lineage("ilya-leaves").current.id
'ilya-leaves'
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs
import pendulum

from timeline.answers._table import as_known, as_published, count, table
from timeline.answers.frames import AsData
from timeline.engine.corrections import Lineages
from timeline.engine.disputes import Claim, Claims, claims_of
from timeline.model.catalog import Cited, Confirmed, Corrected, Disputed, Ranked, Retracted
from timeline.model.dates import from_key, moment
from timeline.model.errors import UnknownEventError
from timeline.model.events import Event
from timeline.model.ranks import Rank
from timeline.model.sources import Source

__all__ = [
    "HEADERS", "Lineage", "Step", "Version", "lineage", "recorded_only",
    "uncorrected", "versions",
]


class Step(enum.Enum):
    """What made a version: the fact first recorded, or a kind of correction."""

    RECORDED = "recorded"
    CORRECTED = "corrected"
    CONFIRMED = "confirmed"
    CITED = "cited"
    RETRACTED = "retracted"
    DISPUTED = "disputed"
    RANKED = "ranked"


_STEPS: dict[type[Event], Step] = {
    Corrected: Step.CORRECTED, Confirmed: Step.CONFIRMED, Cited: Step.CITED,
    Retracted: Step.RETRACTED, Disputed: Step.DISPUTED, Ranked: Step.RANKED,
}


@attrs.frozen(repr=False)
class Version:
    """What the log held of one fact from ``recorded`` until ``superseded``.

    ``by`` is the id of the event that made this version: the fact itself
    (``step`` is ``recorded``) or a correction; ``sources`` are that event's
    own sources, on whose word the version stands. ``event`` is the fact as
    this version holds it, corrections so far applied; ``None`` once
    retracted. ``superseded`` and ``superseded_by`` say when and by which
    correction the next version replaced it; both ``None`` while current.
    ``reason`` is a retraction's reason, or the correction's note.
    ``claims`` are every claim the version holds of a disputed fact, with
    its rank, what it says and on whose word (empty while the fact has one
    claim); ``event`` is then the accepted one, ``None`` when every claim is
    deprecated.
    """

    fact: str
    step: Step
    by: str
    event: Event | None
    recorded: pendulum.DateTime
    sources: tuple[Source, ...]
    reason: str
    superseded: pendulum.DateTime | None
    superseded_by: str | None
    claims: tuple[Claim, ...] = ()

    @property
    def current(self) -> bool:
        """Whether the view still holds this version (and it holds the fact)."""
        return self.superseded is None and self.event is not None

    def describe(self) -> str:
        """What this version says of the fact, in a few words."""
        others = "; ".join(
            f"{c.event_id} {c.rank.value}" for c in self.claims
            if self.event is None or c.event_id != self.event.id
        )
        if self.event is None:
            if self.claims:
                return f"every claim deprecated ({others})"
            return "retracted" + (f": {self.reason}" if self.reason else "")
        return f"{self.event.valid} {self.event.describe()}" + (
            f" (disputed: {others})" if others else "")

    def row(self) -> list[object]:
        """The version as a table row (see :data:`HEADERS`)."""
        superseded = (
            f"{moment(self.superseded)} by {self.superseded_by}"
            if self.superseded is not None else "-"
        )
        certainty = self.event.certainty.value if self.event is not None else "-"
        return [
            moment(self.recorded), self.step.value, self.by, self.describe(), certainty,
            ", ".join(s.id for s in self.sources), superseded,
        ]

    def __repr__(self) -> str:
        held = "current" if self.superseded is None else (
            f"superseded {moment(self.superseded)} by {self.superseded_by}"
        )
        return (f"<Version of {self.fact}: {self.step.value} {moment(self.recorded)} "
                f"by {self.by}, {held}>")


HEADERS = ("recorded", "step", "by", "version", "certainty", "on whose word", "superseded")
"""The columns of a version's :meth:`Version.row`."""


@attrs.frozen(repr=False)
class Lineage(AsData):
    """Every version of one fact a view holds, in the order they were recorded.

    ``fact`` is the id of the event that first recorded it; ``known`` the
    view's recorded instant (``None``: everything recorded).
    """

    fact: str
    known: pendulum.DateTime | None
    versions: tuple[Version, ...]
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, eq=False)
    """The id and name of each entity its events name, as the view knows them."""

    def __iter__(self) -> Iterator[Version]:
        return iter(self.versions)

    def __len__(self) -> int:
        return len(self.versions)

    def __getitem__(self, index: int) -> Version:
        return self.versions[index]

    @property
    def current(self) -> Event | None:
        """The fact as the view holds it now; ``None`` if retracted or not yet recorded."""
        return self.versions[-1].event if self.versions else None

    @property
    def retracted(self) -> bool:
        """Whether the view holds the fact no more: retracted, or every claim deprecated."""
        return bool(self.versions) and self.versions[-1].event is None

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Every claim the view holds of the fact, with its rank (one claim,
        preferred, while undisputed)."""
        if not self.versions:
            return ()
        last = self.versions[-1]
        if last.claims:
            return last.claims
        if last.event is None:
            return ()
        return claims_of_one(last)

    @property
    def corrections(self) -> tuple[str, ...]:
        """The ids of the corrections applied, in the order they applied."""
        return tuple(v.by for v in self.versions[1:])

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source any version stands on, each once, first cited first."""
        seen: dict[Source, None] = {}
        for version in self.versions:
            seen.update(dict.fromkeys(version.sources))
        return tuple(seen)

    def __repr__(self) -> str:
        when = as_known(self.known)
        when += as_published(self.published)
        if not self.versions:
            state = "not yet recorded"
        elif self.retracted:
            state = "retracted"
        else:
            state = "current"
        title = f"Lineage of {self.fact}{when}: {count(len(self.versions), 'version')}, {state}"
        text = table(title, list(HEADERS), [v.row() for v in self.versions])
        claims = self.claims
        if len(claims) > 1 or any(c.rank is not Rank.PREFERRED for c in claims):
            text += "\n" + table(
                f"Claims: {len(claims)}", ["claim", "rank", "says", "recorded", "on whose word"],
                [[c.event_id, c.rank.value, c.summary, moment(c.recorded),
                  ", ".join(s.id for s in c.sources)] for c in claims])
        return text


def versions(lineages: Lineages, root: str, known: int) -> tuple[Version, ...]:
    """The versions of the fact ``root`` that a view ``known`` holds.

    Runtime: O(c), c the corrections of the fact.
    """
    if not lineages.corrections(root):  # most facts: one version, made cheaply
        entry = lineages.fact(root)
        if entry.recorded > known:
            return ()
        return recorded_only(entry.event)
    made: list[tuple[Step, Event, Claims, int]] = []
    for entry, claims in lineages.steps(root):
        if entry.recorded > known:
            break  # recorded times never decrease along a lineage
        made.append((_STEPS.get(type(entry.event), Step.RECORDED), entry.event, claims,
                     entry.recorded))
    out = []
    for index, (step, by, claims, recorded) in enumerate(made):
        following = made[index + 1] if index + 1 < len(made) else None
        disputed = len(claims.held) > 1 or any(
            h.rank is not Rank.PREFERRED for h in claims.held)
        out.append(Version(
            fact=root,
            step=step,
            by=by.id,
            event=claims.accepted,
            recorded=from_key(recorded),
            sources=by.sources,
            reason=by.reason if isinstance(by, Retracted) and by.reason else by.note,
            superseded=from_key(following[3]) if following is not None else None,
            superseded_by=following[1].id if following is not None else None,
            claims=claims_of(claims.held, [from_key(h.since) for h in claims.held])
            if disputed else (),
        ))
    return tuple(out)


def uncorrected(lineages: Lineages, root: str) -> bool:
    """Whether no correction was ever aimed at the fact ``root``: its one
    version, to any view that holds it, is :func:`recorded_only` of it."""
    return not lineages.corrections(root)


def recorded_only(event: Event) -> tuple[Version, ...]:
    """The one version of a fact no correction touched: ``event`` as recorded."""
    assert event.recorded is not None
    return (Version(event.id, Step.RECORDED, event.id, event, event.recorded, event.sources,
                    event.note, None, None),)


def claims_of_one(version: Version) -> tuple[Claim, ...]:
    """The one claim of an undisputed version, preferred."""
    assert version.event is not None
    event = version.event
    return (Claim(event.id, Rank.PREFERRED, f"{event.valid} {event.describe()}",
                  event.sources, event.id, version.recorded),)


def lineage(
    lineages: Lineages, event_id: str, known: int, shown: pendulum.DateTime | None
) -> Lineage:
    """The lineage holding ``event_id`` (a fact, a replacement or a
    correction), as a view ``known`` holds it.

    Raises :class:`UnknownEventError` for an id the log has never held.
    """
    root = lineages.holding(event_id)
    if root is None:
        raise UnknownEventError(event_id)
    return Lineage(root, shown, versions(lineages, root, known))
