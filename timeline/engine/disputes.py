"""Disputed facts: several claims about one fact, each with its sources and a rank.

Wikidata keeps every statement of a property with a rank (preferred, normal,
deprecated) and answers with the *best-ranked* ones. A fact here is held the
same way: the event that first recorded it is its first claim, preferred;
a :class:`~timeline.model.catalog.Disputed` adds another claim (``normal`` unless
it says otherwise) and a :class:`~timeline.model.catalog.Ranked` changes a claim's
rank. Every other correction acts on the one claim it targets.

The claim answers use, the *accepted* one, is the best-ranked claim, the
earliest recorded first among equals; a deprecated claim is never accepted,
so a fact whose claims are all deprecated counts as withdrawn, as a
retracted one does. Indices fold the accepted claim only; answers built on
it name the other claims (:func:`disputed`).

>>> from timeline import Disputed, Left, Timeline
>>> tl = Timeline.example()
>>> _ = tl.append(Disputed(id="d1", valid="2024-06-01", target="ilya-leaves", sources="other",
...     claim=Left(id="ilya-leaves-15", valid="2024-05-15", person="ilya-sutskever",
...                org="openai", sources="other")))
>>> [(c.event_id, c.rank.value) for c in tl.lineage("ilya-leaves").claims]
[('ilya-leaves', 'preferred'), ('ilya-leaves-15', 'normal')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import pendulum

from timeline.model.catalog import (
    Cited,
    Confirmed,
    Corrected,
    Correction,
    Disputed,
    EntityEvent,
    LawsuitEvent,
    OrganizationEvent,
    Ranked,
    Retracted,
    TenureEvent,
)
from timeline.model.errors import CorrectionError
from timeline.model.events import Event, evolve
from timeline.model.ranks import Rank
from timeline.model.sources import Source

__all__ = ["Claim", "Claims", "Held", "disputed", "other_claim", "subject"]


def subject(event: Event) -> tuple[object, ...]:
    """What a fact is about, which every claim of it shares: a person at an
    organisation, an organisation, a case, an entity."""
    if isinstance(event, TenureEvent):
        return ("tenure", event.person, event.org)
    if isinstance(event, OrganizationEvent):
        return ("organization", event.org)
    if isinstance(event, LawsuitEvent):
        return ("case", event.case)
    if isinstance(event, EntityEvent):
        return ("entity", event.entity)
    return ("about", *sorted(event.about()))


@attrs.frozen
class Held:
    """One claim as a fact's lineage holds it: the event as corrected so far,
    its rank, and when (recorded-time key) and by which event it was made."""

    event: Event
    rank: Rank
    since: int
    by: str


@attrs.frozen
class Claims:
    """The claims a lineage holds at one point of recorded time, in the order
    they were made. Corrections act on them through :meth:`apply`."""

    held: tuple[Held, ...]
    # ids of claims no longer held: replaced (by the replacement's id) or retracted (None)
    gone: tuple[tuple[str, str | None], ...] = ()

    @classmethod
    def first(cls, event: Event, since: int) -> Claims:
        return cls((Held(event, Rank.PREFERRED, since, event.id),))

    @property
    def accepted(self) -> Event | None:
        """The best-ranked claim that is not deprecated, earliest made first."""
        usable = [h for h in self.held if h.rank is not Rank.DEPRECATED]
        if not usable:
            return None
        return min(usable, key=lambda h: h.rank.order).event

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(h.event.id for h in self.held)

    def holds(self, event_id: str) -> bool:
        return any(h.event.id == event_id for h in self.held)

    def apply(self, correction: Correction, recorded: int) -> Claims:
        """The claims after ``correction``, recorded at ``recorded``.

        Raises :class:`CorrectionError` when it cannot apply: its target is
        not a claim held now, a replacement or a claim of another kind or
        subject, a confirmation that would not raise the certainty, a rank
        the claim already has.
        """
        index = self._index(correction)
        target = self.held[index]
        held = list(self.held)
        gone = self.gone
        if isinstance(correction, Retracted):
            del held[index]
            gone += ((target.event.id, None),)
        elif isinstance(correction, Corrected):
            _same_kind(correction, target.event, correction.replacement, "replaced")
            replacement = evolve(correction.replacement, recorded=correction.recorded)
            held[index] = attrs.evolve(target, event=replacement)
            gone += ((target.event.id, replacement.id),)
        elif isinstance(correction, Confirmed):
            if not correction.level > target.event.certainty:
                raise CorrectionError(
                    correction.id, correction.target,
                    f"it is already {target.event.certainty.value}; a confirmation raises "
                    "certainty (to lower it, append a Corrected with the lower certainty)",
                )
            held[index] = attrs.evolve(
                target, event=evolve(target.event, certainty=correction.level))
        elif isinstance(correction, Cited):
            known = set(target.event.sources)
            added = tuple(s for s in correction.sources if s not in known)
            held[index] = attrs.evolve(
                target, event=evolve(target.event, sources=target.event.sources + added))
        elif isinstance(correction, Disputed):
            _same_kind(correction, target.event, correction.claim, "disputed")
            if subject(correction.claim) != subject(target.event):
                raise CorrectionError(
                    correction.id, correction.target,
                    f"field claim: a disputing claim is about the same subject as the claim "
                    f"it disputes ({_subject_text(target.event)}), not "
                    f"{_subject_text(correction.claim)}; record a fact of its own instead",
                )
            if correction.rank is Rank.PREFERRED:
                held = _demoted(held)
            claim = evolve(correction.claim, recorded=correction.recorded)
            held.append(Held(claim, correction.rank, recorded, correction.id))
        elif isinstance(correction, Ranked):
            if target.rank is correction.rank:
                raise CorrectionError(
                    correction.id, correction.target,
                    f"field rank: the claim is already {correction.rank.value}",
                )
            if correction.rank is Rank.PREFERRED:
                held = _demoted(held)
            held[index] = attrs.evolve(target, rank=correction.rank)
        else:
            raise CorrectionError(
                correction.id, correction.target, f"unknown correction kind {correction.kind!r}"
            )
        return Claims(tuple(held), gone)

    def _index(self, correction: Correction) -> int:
        for index, claim in enumerate(self.held):
            if claim.event.id == correction.target:
                return index
        was = dict(self.gone)
        if correction.target in was:
            replacement = was[correction.target]
            if replacement is None:
                reason = ("that claim was already retracted, in recorded time, before this "
                          "correction" if self.held else
                          "the fact was already retracted, in recorded time, before this "
                          "correction")
            else:
                reason = (f"that event was replaced by {replacement!r} before this correction "
                          f"was recorded; correct {replacement!r} instead")
            raise CorrectionError(correction.id, correction.target, reason)
        raise CorrectionError(
            correction.id, correction.target,
            "field target: it is not a claim of this fact now; claims: "
            + ", ".join(repr(i) for i in self.ids),
        )


def _demoted(held: list[Held]) -> list[Held]:
    return [attrs.evolve(h, rank=Rank.NORMAL) if h.rank is Rank.PREFERRED else h for h in held]


def _same_kind(correction: Correction, current: Event, new: Event, what: str) -> None:
    if type(new) is not type(current):
        raise CorrectionError(
            correction.id, correction.target,
            f"a {current.kind!r} event can only be {what} by another {current.kind!r} "
            f"event, not {new.kind!r}; retract it and append the new one",
        )


def _subject_text(event: Event) -> str:
    return " ".join(str(part) for part in subject(event)[1:])


@attrs.frozen(repr=False)
class Claim:
    """One claim about a fact, as an answer names it: the event that states
    it, its rank, what it says (where it differs from the claim the answer
    uses, ``accepted``, else in full), on whose word, and when it was
    recorded (in a lineage)."""

    event_id: str
    rank: Rank
    summary: str
    sources: tuple[Source, ...]
    accepted: str | None = None
    recorded: pendulum.DateTime | None = attrs.field(default=None, eq=False)

    def __repr__(self) -> str:
        return f"<Claim {self.event_id} ({self.rank.value}): {self.text()}>"

    def text(self) -> str:
        """"2023 per The Information": what the claim says and on whose word
        (and "deprecated" for a claim kept but not to be used)."""
        text = f"{self.summary} per {', '.join(_source_text(s) for s in self.sources)}"
        return text + (" (deprecated)" if self.rank is Rank.DEPRECATED else "")


def _source_text(source: Source) -> str:
    return source.publisher or source.title or source.id


_SAME = frozenset({"id", "sources", "recorded", "note", "certainty", "announced"})


def summary(claim: Event, accepted: Event | None) -> str:
    """What ``claim`` says where it differs from ``accepted``: its date, and
    any other field that differs ("2023", "2024-09-26 destination=anthropic")."""
    if accepted is None or type(accepted) is not type(claim):
        return f"{claim.valid} {claim.describe()}"
    parts = []
    if claim.valid != accepted.valid:
        parts.append(str(claim.valid))
    for field in attrs.fields(type(claim)):
        if field.name in _SAME or field.name == "valid":
            continue
        value = getattr(claim, field.name)
        if value != getattr(accepted, field.name):
            shown = value.value if hasattr(value, "value") else value
            if isinstance(shown, tuple):
                shown = ", ".join(map(str, shown))
            parts.append(f"{field.name}={shown if shown is not None else '-'}")
    if claim.certainty != accepted.certainty:
        parts.append(claim.certainty.value)
    return " ".join(parts) or f"{claim.valid} (same)"


def other_claim(held: Held, accepted: Event) -> Claim:
    """``held``, a claim other than ``accepted``, as an answer names it."""
    return Claim(held.event.id, held.rank, summary(held.event, accepted), held.event.sources,
                 accepted.id)


def claims_of(
    held: Sequence[Held], recorded: Iterable[pendulum.DateTime | None]
) -> tuple[Claim, ...]:
    """Every held claim as a :class:`Claim`, described against the accepted one."""
    accepted = Claims(tuple(held)).accepted
    return tuple(
        Claim(h.event.id, h.rank, summary(h.event, accepted) if h.event is not accepted
              else f"{h.event.valid} {h.event.describe()}", h.event.sources,
              accepted.id if accepted is not None else None, when)
        for h, when in zip(held, recorded, strict=True)
    )


def disputed(
    versions: Iterable[tuple[Event, Sequence[Held]]], *, deprecated: bool = True
) -> tuple[Claim, ...]:
    """The claims other than the accepted one, for the facts behind an answer.

    ``versions`` are the (accepted event, held claims) pairs of the facts
    an answer rests on (its evidence); a fact held by one claim adds
    nothing. Runtime: O(claims of those facts).
    """
    out: dict[str, Claim] = {}
    for accepted, held in versions:
        if len(held) < 2:
            continue
        for h in held:
            if h.event.id == accepted.id or (not deprecated and h.rank is Rank.DEPRECATED):
                continue
            out.setdefault(h.event.id, other_claim(h, accepted))
    return tuple(out.values())


def marks(claims: Iterable[Claim]) -> str:
    """" (disputed: 2023 per The Information)", or "" when nothing is disputed."""
    texts = [c.text() for c in claims]
    return f" (disputed: {'; '.join(texts)})" if texts else ""
