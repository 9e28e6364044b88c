"""Answers about organisations inside others: a roster rolled up from an
organisation's units, and the deals an organisation took part in.

A rolled-up roster keeps each organisation's own :class:`Roster` (with
everything it says) in ``parts``, the organisation's first; it reads as
their union. A unit only possibly inside the organisation on the date (a
placement whose date covers it) brings its members in as possible ones,
saying why. See "Deals and organisations inside others" in
docs/concepts.md.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs
import pendulum

from timeline.answers.affiliations import Composite
from timeline.answers.results import Member, Roster
from timeline.engine.observations import Uncertainty
from timeline.model.catalog import Deal, DealKind
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.figures import Figure
from timeline.model.money import Money

__all__ = ["DealView", "UnitsRoster"]


@attrs.frozen(repr=False)
class UnitsRoster(Composite):
    """Who is on the roster of ``org`` or of any organisation inside it on a
    date (``roster(org, rollup=True)``): ``parts`` holds the organisation's
    own roster first, then each unit's; ``placed`` says, per unit, whether it
    certainly sits inside ``org`` on the date. Each row names the unit it
    comes from (``org``, ``org_name``).

    >>> from timeline import Timeline
    >>> from timeline.model.catalog import OrganizationDeclared, OrganizationPlaced
    >>> tl = Timeline.example()
    >>> _ = tl.extend([
    ...     OrganizationDeclared(id="d-lab", valid="2015", entity="lab", name="The Lab",
    ...                          sources="s"),
    ...     OrganizationPlaced(id="p-lab", valid="2016", org="lab", parent="openai", sources="s"),
    ... ])
    >>> rolled = tl.roster("OpenAI", at="2024-06", rollup=True)
    >>> rolled.units, rolled.unit("lab").people, rolled["Greg Brockman"].org
    (('lab',), (), 'openai')
    """

    org: str
    name: str
    at: _dt.date
    known: pendulum.DateTime | None
    parts: tuple[Roster, ...]
    placed: tuple[tuple[str, bool], ...]

    @property
    def units(self) -> tuple[str, ...]:
        """The organisations inside this one on the date, certainly or possibly."""
        return tuple(unit for unit, _ in self.placed)

    def _sure(self) -> list[Roster]:
        return [self.parts[0]] + [p for p, (_, sure) in zip(self.parts[1:], self.placed,
                                                              strict=True) if sure]

    @property
    def certain_ids(self) -> frozenset[str]:
        """The ids certainly on the roster of this organisation or of a unit
        certainly inside it."""
        return frozenset().union(*(part.certain_ids for part in self._sure()))

    @property
    def possible_ids(self) -> frozenset[str]:
        """The ids only possibly there."""
        every = frozenset().union(*(p.certain_ids | p.possible_ids for p in self.parts))
        return every - self.certain_ids

    @property
    def members(self) -> tuple[Member, ...]:
        """The certain rows: this organisation's, then each certain unit's."""
        return tuple(m for part in self._sure() for m in part.members)

    @property
    def possible(self) -> tuple[Member, ...]:
        """The possible rows; a member of a unit only possibly inside says so."""
        rows = [m for part in self.parts for m in part.possible]
        for part, (_, sure) in zip(self.parts[1:], self.placed, strict=True):
            if not sure:
                rows += [attrs.evolve(m, certain=False, uncertainty=Uncertainty.IMPRECISE_DATE,
                                      why=f"{part.name} possibly inside {self.name} on this "
                                          "date") for m in part.members]
        wanted = self.possible_ids  # someone certain elsewhere in the tree is not possible
        return tuple(m for m in rows if m.person in wanted)

    @property
    def people(self) -> tuple[str, ...]:
        """The ids of the people certainly there, once each, by name."""
        return tuple(dict.fromkeys(m.person for m in sorted(
            self.members, key=lambda m: (m.name.casefold(), m.person))))

    def unit(self, org: str) -> Roster:
        """The roster of this organisation or of one unit inside it, by id."""
        for part in self.parts:
            if part.org == org:
                return part
        raise KeyError(f"{org!r} is not {self.org!r} nor inside it on {self.at}; "
                       f"its units: {', '.join(self.units) or '(none)'}")

    def __getitem__(self, person: str) -> Member:
        """The row of a person (an id, or a full name in any case), certain
        before possible, as :class:`Roster` looks one up."""
        for part in self._sure():
            if person in part:
                return part[person]
        for member in self.possible:
            if person in (member.person, member.name) or person.casefold() == (
                    member.name.casefold()):
                return member
        raise KeyError(f"{person!r} is not on the roster of {self.name} or of a unit "
                       f"inside it on {self.at}, certainly or possibly")

    def __contains__(self, key: object) -> bool:
        return any(key in part for part in self._sure())

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __repr__(self) -> str:
        sure = [unit for unit, certain in self.placed if certain]
        maybe = [unit for unit, certain in self.placed if not certain]
        head = (f"{self.name} with the organisations inside it on {self.at}: "
                f"{len(self.certain_ids)} members, {len(self.possible_ids)} possible"
                + (f"; units: {', '.join(sure)}" if sure else "")
                + (f"; possibly inside: {', '.join(maybe)}" if maybe else ""))
        return "\n".join([head, *(repr(part) for part in self.parts)])


@attrs.frozen
class DealView:
    """A deal an organisation took part in: its ``deal`` kind, the buyer
    (``org``) and the ``target``, the people who moved, the price and stake
    when reported; ``certain`` says it certainly closed by the date asked."""

    date: ValidDate
    deal: DealKind
    org: str
    target: str
    people: tuple[str, ...]
    amount: Money | None
    stake: Figure | None
    voting: bool | None
    certain: bool
    certainty: Certainty
    evidence: str

    @classmethod
    def of(cls, event: Deal, day: int) -> DealView:
        return cls(event.valid, event.deal, event.org, event.target, event.people,
                   event.amount, event.stake, event.voting, event.valid.last <= day,
                   event.certainty, event.id)

    def __str__(self) -> str:
        stake = "" if self.stake is None else f" ({self.stake}" + (
            "" if self.voting is None else ", voting" if self.voting else ", non-voting") + ")"
        price = "" if self.amount is None else f" for {self.amount}"
        moved = f"; moved: {', '.join(self.people)}" if self.people else ""
        what = _SAYS[self.deal].format(buyer=self.org, target=self.target)
        return f"{self.date}: {what}{stake}{price}{moved}"


_SAYS = {DealKind.ACQUISITION: "{buyer} acquired {target}",
         DealKind.MERGER: "{target} merged into {buyer}",
         DealKind.ACQUI_HIRE: "{buyer} hired from {target} (acqui-hire)",
         DealKind.LICENSING: "{buyer} licensed from {target}",
         DealKind.STAKE: "{buyer} took a stake in {target}"}
