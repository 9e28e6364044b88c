"""Seats: an organisation and a kind of affiliation, the key tenures are kept under.

An employee's seat is the organisation's id itself, so employment keys stay
what they always were; a board seat, an advisor's or a non-employee
founder's is the id and the kind joined by a separator no id holds. Every
answer turns a seat back into its organisation and kind before a user sees
it; see "Kinds of affiliation" in docs/concepts.md.

>>> seat("openai", Affiliation.BOARD) == "openai" + SEPARATOR + "board"
True
>>> org_of(seat("openai", Affiliation.BOARD)), affiliation_of("openai")
('openai', <Affiliation.EMPLOYEE: 'employee'>)
"""

from __future__ import annotations

from timeline.model.affiliations import Affiliation
from timeline.model.catalog import Deal, Founded, FounderAdded, TenureEvent
from timeline.model.events import Event

__all__ = ["SEPARATOR", "affiliation_of", "employment", "label", "org_of", "seat", "seats_of"]

SEPARATOR = "\x1f"
"""The ASCII unit separator: no entity id holds it (ids are checked on append)."""


def seat(org: str, affiliation: Affiliation) -> str:
    """The key of ``org``'s tenures of kind ``affiliation``."""
    if affiliation is Affiliation.EMPLOYEE:
        return org
    return f"{org}{SEPARATOR}{affiliation.value}"


def employment(key: str) -> bool:
    """Whether a seat is employment: flows, cohorts, diffs and headcounts
    follow employment only."""
    return SEPARATOR not in key


def org_of(key: str) -> str:
    """The organisation a seat belongs to."""
    return key.split(SEPARATOR, 1)[0]


def affiliation_of(key: str) -> Affiliation:
    """The kind of affiliation a seat stands for."""
    _, sep, kind = key.partition(SEPARATOR)
    return Affiliation(kind) if sep else Affiliation.EMPLOYEE


def label(key: str, *, quote: bool = False) -> str:
    """A seat as people read it: ``openai``, or ``openai (board)``.

    >>> label(seat("openai", Affiliation.BOARD), quote=True)
    "'openai' (board)"
    """
    org, kind = org_of(key), affiliation_of(key)
    shown = repr(org) if quote else org
    return shown if kind is Affiliation.EMPLOYEE else f"{shown} ({kind.value})"


def seats_of(event: Event) -> tuple[tuple[str, str], ...]:
    """The (person, seat) pairs whose tenures an event takes part in: a
    tenure event's own, each founder's from a founding (employee or
    founder), an added founder's."""
    if isinstance(event, TenureEvent):
        return ((event.person, seat(event.org, event.affiliation)),)
    if isinstance(event, Founded):
        return tuple((founder, seat(event.org, event.affiliation_of(founder)))
                     for founder in event.founders)
    if isinstance(event, FounderAdded):
        return ((event.person, seat(event.org, event.affiliation)),)
    if isinstance(event, Deal):
        return tuple(pair for person in event.people
                     for pair in ((person, event.target), (person, event.org)))
    return ()
