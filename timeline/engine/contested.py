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

from collections.abc import Callable, Iterable, Sequence

import attrs

from timeline.engine.corrections import FactVersion
from timeline.engine.disputes import Held
from timeline.engine.seats import org_of
from timeline.engine.tenure_fold import fold_tenures
from timeline.engine.tenure_index import Pair
from timeline.engine.tenures import Membership, Tenure, pairs_of
from timeline.model.catalog import Founded
from timeline.model.events import Event
from timeline.model.ranks import Rank

__all__ = ["Contest", "DisputeIndex", "contests"]


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
    person, org = pair[0], org_of(pair[1])

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
            other = _membership(fold_tenures(person, pair[1], events, outside)[0], day)
            if other is not accepted:
                out.append(Contest(person, pair[1], accepted, other, claim, version.event))
    return out


class DisputeIndex:
    """Which pairs a disputed fact may bear on, kept as versions come and go.

    A pair is disputed while some held version of a fact has a claim about it
    (by root, so that a fact's versions replaced on a correction, or taken
    back when a batch fails, take their pairs with them); an organisation's
    founding is disputed while a version of it has several claims, until the
    last day any of them dates it to.
    """

    def __init__(self) -> None:
        self._roots: dict[Pair, set[str]] = {}
        self._pairs: dict[str, set[Pair]] = {}  # by person and by organisation
        self._foundings: dict[str, dict[str, int]] = {}  # org -> root -> last day

    def link(self, root: str, version: FactVersion) -> None:
        """Take in the claims of one version of the fact ``root``."""
        for claim in version.claims:  # every claim's pairs: a claim may name others
            for pair in pairs_of(claim.event):
                self._roots.setdefault(pair, set()).add(root)
                for key in pair:
                    self._pairs.setdefault(key, set()).add(pair)
        event = version.event
        if version.claims and isinstance(event, Founded):
            days = self._foundings.setdefault(event.org, {})
            days[root] = max(days.get(root, 0), *(h.event.valid.last for h in version.claims))

    def unlink(self, root: str, version: FactVersion) -> None:
        """Let go of what :meth:`link` took in for this version."""
        for claim in version.claims:
            for pair in pairs_of(claim.event):
                roots = self._roots.get(pair)
                if roots is None:
                    continue
                roots.discard(root)
                if not roots:
                    del self._roots[pair]
                    for key in pair:
                        self._pairs[key].discard(pair)
                        if not self._pairs[key]:
                            del self._pairs[key]
        event = version.event
        if version.claims and isinstance(event, Founded):
            days = self._foundings.get(event.org, {})
            days.pop(root, None)
            if not days:
                self._foundings.pop(event.org, None)

    def pairs(self, day: int, pairs_at: Callable[[str], Iterable[Pair]], *,
              org: str | None = None, person: str | None = None) -> set[Pair]:
        """The pairs at the seat ``org`` (or of ``person``) whose membership at
        ``day`` a disputed fact may bear on; ``pairs_at(org)`` gives every
        pair at any seat of an organisation. O(1) when there are none."""
        found = {pair for pair in self._pairs.get(org or person or "", ())
                 if pair[1] == org or pair[0] == person}
        for disputed, days in self._foundings.items():
            if day >= max(days.values()):
                continue  # the founding bounds no one's membership by then
            if org is not None and disputed == org_of(org):
                found.update(p for p in pairs_at(disputed) if p[1] == org)
            elif person is not None:
                found.update(p for p in pairs_at(disputed) if p[0] == person)
        return found

    def _check(self, rebuilt: DisputeIndex) -> None:
        """Assert that this index holds what one built from the versions held
        now (``rebuilt``) holds: nothing left behind by a correction or a
        failed batch."""
        assert self._roots == rebuilt._roots
        assert self._pairs == rebuilt._pairs
        assert self._foundings == rebuilt._foundings

    def roots(self, pair: Pair) -> set[str]:
        """The facts with a claim about ``pair``."""
        return self._roots.get(pair, set())
