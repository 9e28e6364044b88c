"""Membership a dispute puts in doubt: who is on a roster by one claim and not
by another.

An answer uses a disputed fact's accepted claim and names the other claims
on the entries that rest on it. But a person the accepted claim keeps off a
roster has no entry to carry that mark: "left on 29 June" per one source
and "3 July" per another leaves nobody on the roster of 1 July, silently. So
for every pair of person and organisation with a disputed fact (a step of
their tenures, or a founding of the organisation, which bounds everyone's),
the tenures are folded again with each other claim in place of the accepted
one, and where that changes the membership on the day asked about, the
answer lists it apart.

Only the claims a view counts are tried: not deprecated, and at or above the
view's certainty. Runtime: O(claims x steps of the pair) per disputed pair;
nothing for an answer whose organisation and people have no disputed fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from timeline.engine.corrections import FactVersion
from timeline.engine.disputes import Held
from timeline.engine.tenures import Membership, Tenure, fold_tenures, pairs_of
from timeline.model.catalog import Founded
from timeline.model.events import Event
from timeline.model.ranks import Rank

__all__ = ["Contest", "contests"]

Pair = tuple[str, str]


@attrs.frozen
class Contest:
    """``person`` at ``org`` on a day: ``accepted`` by the claims answers use,
    ``other`` with ``claim`` in place of ``instead`` (None: not a member)."""

    person: str
    org: str
    accepted: Membership | None
    other: Membership | None
    claim: Held
    instead: Event


def _membership(tenures: Iterable[Tenure], day: int) -> Membership | None:
    best = None
    for tenure in tenures:
        found = tenure.membership(day)
        if found is Membership.CERTAIN:
            return found
        best = best or found
    return best


def contests(
    pair: Pair, versions: Sequence[FactVersion], day: int, known: int, level: int, *,
    accepted: Membership | None,
) -> list[Contest]:
    """The claims about ``pair``'s facts that would change its membership at
    ``day`` in the view ``(known, level)``. ``versions`` are the pair's fact
    versions with the organisation's foundings (what its tenures fold), and
    those of disputed facts some claim of which is about the pair (a
    correction may have moved one claim to another person); ``accepted`` is
    the pair's membership at ``day`` in the view, as the index has it."""
    person, org = pair

    def about(event: Event) -> bool:
        return pair in pairs_of(event) or (isinstance(event, Founded) and event.org == org)

    now = [v for v in versions if v.known_from <= known < v.known_until]
    held = [v.event for v in now if v.level >= level and about(v.event)]
    wider = [v.event for v in now
             if v.level < level and isinstance(v.event, Founded) and v.event.org == org]
    # a fact whose accepted claim the view leaves out for its certainty
    # still has its other claims tried: a reported claim may contradict
    # what the view holds without the fact
    disputed = [v for v in now if len(v.claims) > 1]
    out = []
    for version in disputed:
        for claim in version.claims:
            event = claim.event
            if (event.id == version.event.id or claim.rank is Rank.DEPRECATED
                    or event.certainty.rank < level
                    or not (about(event) or about(version.event))):
                continue
            events = [e for e in held if e is not version.event]
            if about(event):
                events.append(event)
            outside = [e for e in wider if e is not version.event]
            other = _membership(fold_tenures(person, org, events, outside)[0], day)
            if other is not accepted:
                out.append(Contest(person, org, accepted, other, claim, version.event))
    return out
