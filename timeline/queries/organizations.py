"""Organisations, lawsuits and flows of people: an organisation's state,
the cases it is party to, and who left for where."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from timeline.answers.departures import Flows
from timeline.answers.hierarchy import DealView
from timeline.answers.reports import (
    AnnouncementView,
    CaseView,
    FundingView,
    Lawsuits,
    OrganizationState,
)
from timeline.engine.founding import founding_of
from timeline.engine.funding import funding_at
from timeline.engine.names import ORGANIZATION, PERSON
from timeline.model.catalog import (
    Announced,
    Founded,
    FounderAdded,
    FundingRound,
    ValuationReported,
)
from timeline.model.certainty import Certainty
from timeline.model.dates import EVERYTHING, ValidDate, day
from timeline.model.errors import InvalidQueryError, UnknownCaseError
from timeline.model.events import Event
from timeline.queries import evidence as provenance
from timeline.queries import flows as _flows
from timeline.queries._base import _date, _instant_of, scoped
from timeline.queries.comparisons import ComparisonQueries
from timeline.queries.lawsuit_queries import case_view, open_case_ids, open_cases

__all__ = ["OrganizationQueries"]


class OrganizationQueries(ComparisonQueries):
    """Organisations' state, lawsuits, and flows of people."""

    @scoped(lambda org, published=None, **_: None if published is not None else [org])
    def organization(
        self, org: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> OrganizationState:
        """The state of ``org`` at ``at``: founding, founders, members, money,
        valuation, open lawsuits and announcements.

        Runtime complexity: O(log n + facts dated up to ``at`` + roster).

        >>> state = Timeline.example().organization("OpenAI", at="2024-12-31")
        >>> state.founders_remaining, [str(m) for m in state.raised]
        (('greg-brockman',), ['USD 6,600,000,000'])

        ``founded`` is the founding date even before it; ``founding`` says
        whether the organisation is founded by ``at`` (see docs/concepts.md):

        >>> ssi = Timeline.example().organization("SSI", at="2024-01")
        >>> str(ssi.founded), ssi.founding, ssi.members
        ('2024-06', 'not yet founded', 0)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.organization(org, at=at, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=d)
        if until is not None:
            return OrganizationState(
                org=o, name=self._name(o, until, d), at=_date(d), known=shown, founded=None,
                founders=(), founders_remaining=(), members=0, possible_members=0, raised=(),
                possibly_raised=(), rounds=(), valuation=None, possible_valuations=(),
                lawsuits=(), announcements=(), evidence=(), not_known_until=_instant_of(until),
            )
        facts = self._state.org_facts.get(o)
        founders: dict[str, None] = {}
        rounds: list[FundingView] = []
        money: list[Event] = []
        announcements: list[AnnouncementView] = []
        evidence: list[str] = []
        stated: int | None = None
        added: dict[str, None] = {}  # founders added later come after the founding's
        for version in facts.irange_key(max_key=(d, 2**62, "")) if facts is not None else ():
            if not version.visible(k, level):
                continue
            event = version.event
            certain = event.valid.last <= d
            evidence.append(event.id)
            if isinstance(event, Founded):
                founders.update(dict.fromkeys(event.founders))
                if event.count is not None:
                    stated = max(stated or 0, event.count)
            elif isinstance(event, FounderAdded):
                added[event.person] = None
            elif isinstance(event, FundingRound):
                rounds.append(FundingView(event.valid, event.amount, event.valuation,
                                          event.round, event.investors, certain,
                                          event.certainty, event.id,
                                          commitments=event.commitments,
                                          tranche_of=event.tranche_of,
                                          valuation_basis=event.valuation_basis))
                money.append(event)
            elif isinstance(event, ValuationReported):
                money.append(event)
            elif isinstance(event, Announced) and certain:
                announcements.append(AnnouncementView(event.valid, event.category, event.title,
                                                      event.certainty, event.id))
        founders.update(added)
        funding = funding_at(money, d)
        # the founding bounds the organisation's existence even before its date
        founding = founding_of(o, self._state.foundings_of(o, k, level),
                               self._state.foundings_of(o, k, 0) if level else ())
        founded = founding.date if founding is not None else None
        if founding is not None and founding.event not in evidence:
            evidence.append(founding.event)
        certain_ids, possible_ids = self._state.tenures.roster(o, d, k, level)
        remaining = tuple(f for f in founders if f in certain_ids)
        maybe = tuple(f for f in founders if f in possible_ids)
        cases, possible_cases = open_case_ids(self._state.cases, o, d, k, level)
        hierarchy, gather = self._state.hierarchy, self._state.gather
        deals = tuple(DealView.of(deal, d) for deal in hierarchy.deals(gather, o, k, level, d))
        inside = tuple(hierarchy.ancestors(gather, o, d, k, level).items())
        units = tuple(hierarchy.units(gather, o, d, k, level).items())
        return OrganizationState(
            org=o, name=self._name(o, k, d), at=_date(d), known=shown, founded=founded,
            founders=tuple(founders), founders_remaining=remaining,
            founders_possibly_remaining=maybe,
            members=len(certain_ids), possible_members=len(possible_ids),
            raised=funding.raised,
            possibly_raised=funding.possibly_raised,
            rounds=tuple(rounds),
            valuation=funding.valuation,
            possible_valuations=funding.possible_valuations,
            lawsuits=cases,
            announcements=tuple(announcements),
            evidence=tuple(evidence),
            founding=founding.status(d) if founding is not None else None,
            disputed=provenance.disputed_of(self._state, evidence, k),
            founding_event=founding.event if founding is not None else None,
            possible_lawsuits=possible_cases,
            committed=funding.committed,
            founder_count=stated,
            inside=inside,
            units=units,
            deals=deals,
            names=self._names_of({*founders, *(i for r in rounds for i in r.investors),
                                  *(e for deal in deals for e in (deal.org, deal.target,
                                                                   *deal.people)),
                                  *(u for u, _ in inside), *(u for u, _ in units)}, k, d),
        )

    @scoped(lambda published=None, party=None, plaintiff=None, defendant=None, **_: (
        None if published is not None
        else [n for n in (party, plaintiff, defendant) if n is not None]), every="c")
    def lawsuits(
        self, *, at: object = None, party: str | None = None, plaintiff: str | None = None,
        defendant: str | None = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Lawsuits:
        """Cases open at ``at``, each with its history: all, or those ``party``
        is in on either side, ``plaintiff`` brought or ``defendant`` is sued
        in (the filters combine).

        Runtime complexity: O(cases of the first party given), all cases
        without one.

        >>> Timeline.example().lawsuits(at="2024-07", party="Musk").cases
        ()
        >>> Timeline.example().lawsuits(at="2024-09", party="Musk").cases[0].status
        'open'
        >>> tl = Timeline.example()
        >>> len(tl.lawsuits(at="2024-09", defendant="OpenAI")), len(tl.lawsuits(
        ...     at="2024-09", plaintiff="OpenAI"))
        (1, 0)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.lawsuits(at=at, party=party, plaintiff=plaintiff,
                                       defendant=defendant, known=known,
                                       min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        asked = {"party": party, "plaintiff": plaintiff, "defendant": defendant}
        ids: dict[str, str | None] = {}
        for role, name in asked.items():
            ids[role], until = (self._lookup(name, k, day=d) if name is not None
                                else (None, None))
            if until is not None:
                return Lawsuits(_date(d), shown, ids.get("party"), (), (), ids.get("plaintiff"),
                                ids.get("defendant"), not_known_until=_instant_of(until))
        return open_cases(
            self._state.cases, d, k, level, at=_date(d), shown=shown, party=ids["party"],
            plaintiff=ids["plaintiff"], defendant=ids["defendant"],
            disputed=self._disputes(k),
            name=lambda e: self._name_or_id(e, k, d),
        )

    @scoped(lambda case, published=None, **_: None if published is not None else [case],
            kind="cases")
    def case(
        self, case: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> CaseView:
        """One case at ``at``, open or not, with its status history, the case
        it is a counterclaim in and the counterclaims that answer it.

        Runtime: O(steps of the case + its counterclaims).

        >>> Timeline.example().case("musk-v-openai", at="2024-07").status
        'withdrawn'
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.case(case, at=at, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        index = self._state.cases
        folded = index.get(case, k, level)
        if folded is None:
            held = tuple(c for c in index.cases(None) if index.get(c, k, level) is not None)
            later = index.get(case, EVERYTHING, 0) is not None
            raise UnknownCaseError(case, held[:10], hint=(
                "the log holds it, but not in this view: recorded after known=, or "
                "below min_certainty" if later else ""))
        d = self._day(at)
        return attrs.evolve(case_view(self._state.cases, folded, d, k, level,
                                      disputed=self._disputes(k),
                                      name=lambda e: self._name_or_id(e, k, d)), known=shown)

    @scoped(lambda start, end, source=None, destination=None, people=None, published=None,
            rollup=False, **_: (
                None if published is not None or rollup or source is None
                else [source, destination, *_names(people)]), then="_read_alumni")
    def flows(
        self, start: object, end: object, *, source: str | None = None,
        destination: str | None = None, people: Iterable[str] | str | None = None,
        known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED, rollup: bool = False,
    ) -> Flows:
        """Who left ``source`` (or anywhere) between ``start`` and ``end``, for where,
        and what former members of ``source`` founded in that span (only
        ``destination``, when one is given).

        Departures and foundings whose whole dates lie in the span are in
        ``departures`` and ``foundings``; those whose dates (a month, a year,
        a range, an open start) only overlap it, in ``possible`` and
        ``possible_foundings``. A departure's destination is the one it
        names; else the organisation of the person's next tenure, marked
        ``inferred`` with that tenure's start, when it began within a year
        and the organisation was not founded certainly after the departure
        (see :mod:`timeline.queries.flows`). ``destination`` filters on either.
        ``source`` and ``destination`` mean the organisations that bore those
        names during the span. ``people`` keeps only the departures and
        foundings of those people (a group's name stands for its members).
        ``rollup=True`` lets ``source`` and ``destination`` stand for the
        organisations inside them too, on each departure's date: a move
        between two of them is no flow (see "Deals and organisations inside
        others" in docs/concepts.md).

        Runtime: O(log n + departures and foundings overlapping the span),
        one that names no destination costing O(tenures of the person); a
        founding whose founders never were at ``source`` costs one lookup
        per founder. A span that ends before it starts is an
        ``InvalidQueryError``.

        >>> flows = Timeline.example().flows("2024", "2024", source="OpenAI")
        >>> flows.by_destination()
        {None: ('ilya-sutskever',), 'anthropic': ('john-schulman',)}
        >>> [(f.founder, f.org) for f in flows.foundings]
        [('ilya-sutskever', 'ssi')]
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.flows(start, end, source=source, destination=destination,
                                    people=people, known=known,
                                    min_certainty=min_certainty, rollup=rollup))
        k, level, shown = self._view(known, min_certainty)
        first, last = ValidDate.parse(start).first, day(end)
        if last < first:
            raise InvalidQueryError("end", end, f"the span ends before it starts ({start})",
                                    hint="give the earlier date first")
        src, src_until = (self._lookup(source, k, kind=ORGANIZATION, day=first, until=last)
                          if source else (None, None))
        dst, dst_until = (self._lookup(destination, k, kind=ORGANIZATION, day=first, until=last)
                          if destination else (None, None))
        for found, until in ((src, src_until), (dst, dst_until)):
            if found is not None and until is not None:
                return Flows(_date(first), _date(last), src, dst, (), (), known=shown,
                             not_known_until=_instant_of(until),
                             not_known=self._name(found, until))
        if rollup and src is None and dst is None:
            raise InvalidQueryError("rollup", rollup, "rolling up needs a source or a "
                                    "destination", hint="name the organisation to roll up to")
        flows = (_flows.rolled_up if rollup else _flows.flows)(
            self._state, first, last, source=src, destination=dst,
            known=k, level=level, name=lambda entity, on: self._name(entity, k, on),
            shown=shown,
        )
        flows = attrs.evolve(flows, names=self._names_of([e for e in (src, dst) if e], k, last))
        if people is None:
            return flows
        who = {self._resolve(p, k, kind=PERSON, day=first, until=last)
               for p in self._expand([people] if isinstance(people, str) else people, k, first)}
        return attrs.evolve(
            flows, departures=tuple(d for d in flows.departures if d.person in who),
            possible=tuple(d for d in flows.possible if d.person in who),
            foundings=tuple(f for f in flows.foundings if f.founder in who),
            possible_foundings=tuple(f for f in flows.possible_foundings if f.founder in who))


def _names(people: object) -> list[object]:
    """The names a ``people`` argument gives: one, several, or none."""
    if people is None:
        return []
    if isinstance(people, str):
        return [people]
    if isinstance(people, Iterable):
        return list(people)
    raise TypeError("people: expected names")  # the query itself says why, whole
