"""People at organisations on one date: rosters, headcounts, whereabouts,
careers and cohorts."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, overload

import pendulum

from timeline.answers.affiliations import KindsRoster, KindsWhereabouts
from timeline.answers.hierarchy import UnitsRoster
from timeline.answers.periods import Bounds
from timeline.answers.results import Career, Roster, TenureView, Whereabouts
from timeline.answers.roster_changes import Cohort, CohortMember, Headcounts
from timeline.engine.disputes import Claim
from timeline.engine.figures import reported, settled
from timeline.engine.names import ORGANIZATION, PERSON
from timeline.engine.seats import affiliation_of, org_of, seat
from timeline.engine.tenures import Membership, Tenure, still_there
from timeline.model.affiliations import Affiliation, kinds_of, one_kind
from timeline.model.catalog import FigureReported, Left
from timeline.model.certainty import Certainty
from timeline.model.errors import (
    AmbiguousNameError,
    InvalidQueryError,
    UnknownEntityError,
)
from timeline.model.figures import Figure
from timeline.queries import evidence as provenance
from timeline.queries._base import _date, _Entries, _instant_of, _many, in_scope, once, scoped
from timeline.queries.entities import EntityQueries
from timeline.queries.kept_details import KeptDetails

__all__ = ["SIZES", "PeopleQueries"]

SIZES = frozenset({"employees", "headcount", "staff"})
"""The measures a reported figure of an organisation's size goes by."""


class PeopleQueries(EntityQueries):
    """Rosters, headcounts, whereabouts, careers and cohorts on one date."""

    @overload
    def roster(
        self, org: str, *, at: object = ..., known: object = ..., published: object = ...,
        min_certainty: object = ..., kinds: Affiliation | None = ...,
        rollup: Literal[False] = ...,
    ) -> Roster: ...

    @overload
    def roster(
        self, org: str, *, at: object = ..., known: object = ..., published: object = ...,
        min_certainty: object = ..., kinds: object = ..., rollup: Literal[True],
    ) -> UnitsRoster: ...

    @overload
    def roster(
        self, org: str, *, at: object = ..., known: object = ..., published: object = ...,
        min_certainty: object = ..., kinds: object, rollup: bool = ...,
    ) -> Roster | KindsRoster | UnitsRoster: ...

    @scoped(lambda org, published=None, rollup=False, **_: (
        None if published is not None or rollup else [org]), stored="_kept_roster")
    def roster(
        self, org: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED, kinds: object = None, rollup: bool = False,
    ) -> Roster | KindsRoster | UnitsRoster:
        """Who is on ``org``'s roster at the end of ``at``, as known at ``known``.

        Members certainly there are listed apart from those only possibly
        there (an imprecise date covers ``at``, or the start is unknown).
        A roster lists employees; ``kinds`` asks for another kind of
        affiliation (``"board"``, ``"advisor"``, ``"founder"``: a founder who
        is not an employee) or several (a list, or ``"all"``: a
        :class:`~timeline.answers.affiliations.KindsRoster`, one roster per
        kind). ``rollup=True`` adds the rosters of the organisations inside
        ``org`` on the date (a :class:`~timeline.answers.hierarchy.UnitsRoster`,
        of one kind).
        Runtime complexity: O(log U + answer), U the span of days; a ``known=``
        view O(log U log b + answer), b the largest block on the day's path;
        with ``rollup``, that for each unit.

        >>> tl = Timeline.example()
        >>> tl.roster("OpenAI", at="2024-06-01").people
        ('greg-brockman', 'john-schulman')

        As published on 1 August 2024, before Schulman's departure was out:

        >>> tl.roster("OpenAI", at="2024-09", published="2024-08-01").people
        ('greg-brockman', 'john-schulman')
        >>> tl.roster("OpenAI", at="2024-09").people
        ('greg-brockman',)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.roster(org, at=at, known=known, min_certainty=min_certainty,
                                     kinds=kinds, rollup=rollup))
        wanted = kinds_of(kinds)
        if rollup and len(wanted) != 1:
            raise InvalidQueryError("kinds", kinds, "a rolled-up roster lists one kind",
                                    hint="ask for each kind apart, or leave rollup out")
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=d)
        parts = tuple(self._roster(o, kind, (d, k, level), shown, until) for kind in wanted)
        if rollup:
            units = self._state.hierarchy.units(self._state.gather, o, d, k, level)
            rosters = tuple(self._roster(u, wanted[0], (d, k, level), shown, None)
                            for u in units)
            return UnitsRoster(o, parts[0].name, _date(d), shown, parts + rosters,
                               tuple(units.items()))
        if one_kind(kinds):
            return parts[0]
        return KindsRoster(o, parts[0].name, _date(d), shown, parts)

    def _kept_roster(
        self, org: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED, kinds: object = None, rollup: bool = False,
    ) -> Roster | KindsRoster | None:
        """``roster`` from the regions a store keeps, on a timeline holding
        only part of its log: the organisation's names are read, and its
        members' ids come from its regions; their details (role, since,
        status), the first time they are read, from the organisation's
        scope, read then. None when the store cannot answer: ``roster``
        then reads the scope."""
        if (not isinstance(org, str) or not self._from_regions(org) or published is not None
                or rollup):
            return None
        wanted = kinds_of(kinds)
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        name = self._kept_org(org, k, d)  # an organisation's id: its kept name, no event read
        if name is None and not self._read_names([org]):
            return None
        return self._kept_answer(org, name, wanted, (d, k, level), shown=shown,
                                 one=one_kind(kinds))

    @in_scope
    def _kept_answer(self, org: str, name: str | None, wanted: tuple[Affiliation, ...],
                     view: tuple[int, int, int], *, shown: pendulum.DateTime | None,
                     one: bool) -> Roster | KindsRoster | None:
        """The rest of :meth:`_kept_roster`, once the organisation's kept
        ``name`` (the id ``org`` is then its own) or its declarations are read."""
        d, k, level = view
        o = org
        if name is None:
            try:
                o, until = self._lookup(org, k, kind=ORGANIZATION, day=d)
            except (UnknownEntityError, AmbiguousNameError):
                return None  # roster reads the scope, and says why from everything
            if until is not None:
                return None
            name = self._name(o, k, d)
        found = self._region_ids([seat(o, kind) for kind in wanted], d, k, level)
        if found is None:
            return None
        self._may_dispute()  # asked now, so that a closed timeline still knows
        parts = []
        for kind, (certain, possible) in zip(wanted, found, strict=True):
            details = KeptDetails(self, (d, k, level), seat(o, kind), org, certain | possible)
            parts.append(Roster(o, name, _date(d), shown, certain, possible, detail=details,
                                contests=once(details.contested), kind=kind))
            self._keep(parts[-1])
        return parts[0] if one else KindsRoster(o, name, _date(d), shown, tuple(parts))

    def _roster(self, o: str, kind: Affiliation, view: tuple[int, int, int],
                shown: pendulum.DateTime | None, until: int | None) -> Roster:
        """The roster of one kind of affiliation at the organisation ``o``, on
        a day in a view (day, known, level)."""
        d, k, level = view
        at = seat(o, kind)
        if until is not None:
            return Roster(o, self._name(o, until, d), _date(d), shown, frozenset(), frozenset(),
                          detail=_Entries(self._state, d, k, level, org=at),
                          not_known_until=_instant_of(until), kind=kind)
        certain, possible = self._state.tenures.roster(at, d, k, level)
        return self._lazy(Roster(o, self._name(o, k, d), _date(d), shown, certain, possible,
                                 detail=_Entries(self._state, d, k, level, org=at),
                                 contests=once(
                                     lambda: self._contested(d, k, level, org=at,
                                                             kinds=(kind,))),
                                 kind=kind))

    @scoped(lambda orgs, dates, published=None, **_: None if published is not None else (
        [orgs] if isinstance(orgs, str) else list(orgs)))
    def headcounts(
        self, orgs: str | Iterable[str], dates: object | Iterable[object], *,
        known: object = None, published: object = None, min_certainty: object = Certainty.REPORTED,
    ) -> Headcounts:
        """How many people each of ``orgs`` had on each of ``dates``: a series
        of headcounts in one call, each the size of ``roster(org, at=date)``.

        Runtime complexity: O(log n) per organisation and date, for a view of
        everything known: each count is two bisections of the organisation's
        sorted start and end days, whatever the roster's size, with nobody
        listed. A ``known=`` view costs a roster per cell. Each name means the
        organisation that bore it from the first of ``dates`` to the last.

        >>> tl = Timeline.example()
        >>> counts = tl.headcounts("OpenAI", ["2015-12-31", "2024-06-01", "2024-12-31"])
        >>> counts.series("openai")
        (3, 2, 1)
        >>> counts["openai", counts.dates[1]]
        (2, 0)

        Beside each count, ``reported`` holds the size the log reports for
        the latest period over by the date (a figure of employees,
        headcount or staff), or None.
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.headcounts(orgs, dates, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        days = [self._day(d, "dates", ranges=True) for d in _many(dates)]
        ids, names, counts = [], [], []
        index = self._state.tenures
        first, last = (min(days), max(days)) if days else (None, None)
        reported, periods = [], []
        for org in _many(orgs):
            o = self._resolve(org, k, kind=ORGANIZATION, day=first, until=last)
            ids.append(o)
            names.append(self._name(o, k))
            counts.append(tuple(index.headcount(o, d, k, level) for d in days))
            found = [self._reported_size(o, d, k, level) for d in days]
            reported.append(tuple(_size(f) for f in found))
            periods.append(tuple(f.valid if f is not None else None for f in found))
        return Headcounts(tuple(ids), tuple(names), tuple(_date(d) for d in days), shown,
                          tuple(counts), reported=tuple(reported),
                          reported_periods=tuple(periods))

    def _reported_size(self, org: str, day: int, known: int,
                       level: int) -> FigureReported | None:
        """The figure of the size reported for the latest period certainly
        over by ``day`` (employees, headcount or staff), or None."""
        facts = self._state.org_facts.get(org)
        by_then = facts.irange_key(max_key=(day, 2**62, "")) if facts is not None else ()
        sizes = [e for e in reported(by_then, known, level, lambda m: m in SIZES)
                 if isinstance(e.value, Figure)]
        latest, _ = settled(sizes, day)
        if not latest:
            return None
        return max(latest.values(), key=lambda e: (e.valid.last, e.valid.first, e.id))

    @overload
    def where(
        self, person: str, *, at: object = ..., known: object = ..., published: object = ...,
        min_certainty: object = ..., kinds: Affiliation | None = ...,
    ) -> Whereabouts: ...

    @overload
    def where(
        self, person: str, *, at: object = ..., known: object = ..., published: object = ...,
        min_certainty: object = ..., kinds: object,
    ) -> Whereabouts | KindsWhereabouts: ...

    @scoped(lambda person, published=None, **_: None if published is not None else [person])
    def where(
        self, person: str, *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED, kinds: object = None,
    ) -> Whereabouts | KindsWhereabouts:
        """Where ``person`` was at the end of ``at``: certainly, and possibly.
        Where they worked, unless ``kinds`` asks for another kind of
        affiliation, or several (as :meth:`roster` does).

        Runtime complexity: O(t), t the number of the person's tenures.

        >>> list(Timeline.example().where("Ilya Sutskever", at="2024-06-01"))
        []
        >>> list(Timeline.example().where("Ilya Sutskever", at="2024-04-30"))
        ['openai']
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.where(person, at=at, known=known, min_certainty=min_certainty,
                                    kinds=kinds))
        wanted = kinds_of(kinds)
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        p, until = self._lookup(person, k, kind=PERSON, day=d)
        if until is None:
            certain, possible = self._state.tenures.whereabouts(p, d, k, level)
        parts = []
        for kind in wanted:
            entries = _Entries(self._state, d, k, level, person=p, kind=kind)
            if until is not None:
                parts.append(Whereabouts(p, self._name(p, until, d), _date(d), shown,
                                         frozenset(), frozenset(), detail=entries,
                                         not_known_until=_instant_of(until), kind=kind))
                continue
            parts.append(self._lazy(Whereabouts(
                p, self._name(p, k, d), _date(d), shown, _of_kind(certain, kind),
                _of_kind(possible, kind), detail=entries, kind=kind,
                contests=functools.partial(self._contested, d, k, level, person=p,
                                           kinds=(kind,)))))
        if one_kind(kinds):
            return parts[0]
        return KindsWhereabouts(p, parts[0].name, _date(d), shown, tuple(parts))

    def _disputes(self, known: int) -> Callable[[Sequence[str]], tuple[Claim, ...]]:
        """The other claims about the facts behind some evidence, in a view."""
        return functools.partial(provenance.disputed_of, self._state, known=known)

    def _tenure_view(self, tenure: Tenure, known: int) -> TenureView:
        end = tenure.end
        assert end is None or isinstance(end, Left)
        org = org_of(tenure.org)
        return TenureView(
            org=org,
            org_name=self._name(org, known, tenure.lo or None),
            affiliation=affiliation_of(tenure.org),
            start=tenure.start.valid if tenure.start is not None else None,
            end=end.valid if end is not None else None,
            roles=tuple((step.valid, role) for step, role in tenure.roles),
            leaves=tuple((None if began is None else began.valid,
                          None if ended is None else ended.valid)
                         for began, ended in tenure.leaves),
            reason=end.reason if end is not None else None,
            destination=end.destination if end is not None else None,
            destination_name=(
                self._name(end.destination, known)
                if end is not None and end.destination is not None else None
            ),
            certainty=tenure.certainty,
            start_certainty=tenure.start.certainty if tenure.start is not None else None,
            end_certainty=end.certainty if end is not None else None,
            evidence=tenure.evidence,
            bounds=Bounds.of(tenure),
            inferred=tenure.inferred,
            ended_before=(tenure.ended_before.valid if tenure.ended_before is not None
                          else None),
            disputed=provenance.disputed_of(self._state, tenure.evidence, known),
            last_observed=(max(tenure.observations, key=still_there).valid
                           if tenure.observed_only else None),
        )

    @scoped(lambda person, published=None, **_: None if published is not None else [person])
    def career(
        self, person: str, *, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Career:
        """Every tenure of ``person`` in valid-time order: by the first day the
        log places the person there (the start, else the earliest step: a
        tenure known only by its end comes where that end does, not first).

        Runtime complexity: O(t log t), t the number of the person's tenures.

        >>> Timeline.example().career("Schulman")
        Career of John Schulman
          organization  from     until    roles               left      to
          OpenAI        2015-12  2024-08  research scientist  resigned  Anthropic
          Anthropic     2024-08  -        researcher
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.career(person, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        p, until = self._lookup(person, k, kind=PERSON)
        if until is not None:
            return Career(p, self._name(p, until), shown, (), not_known_until=_instant_of(until))
        tenures = sorted(
            self._state.tenures.of_person(p, k, level),
            key=_in_career,
        )
        return Career(p, self._name(p, k), shown,
                      tuple(self._tenure_view(t, k) for t in tenures))

    @scoped(lambda people, org, published=None, **_: None if published is not None else [
        *([people] if isinstance(people, str) else people), org])
    def cohort(
        self, people: Iterable[str], org: str, *, at: object = None, known: object = None,
        published: object = None, min_certainty: object = Certainty.REPORTED,
        size: int | None = None,
    ) -> Cohort:
        """How many of ``people`` are still at ``org`` at ``at``. A group's
        name stands for its members; ``size`` (else the stated ``count`` of
        the groups given) is how many the cohort has when only some are
        named, and the answer says how many are unnamed, of unknown status.

        Runtime complexity: O(sum of their tenures).

        >>> Timeline.example().cohort(["Ilya Sutskever", "Greg Brockman"], "OpenAI",
        ...                           at="2024-06").remaining
        ('greg-brockman',)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.cohort(people, org, at=at, known=known, min_certainty=min_certainty,
                                     size=size))
        if size is not None and (isinstance(size, bool) or not isinstance(size, int)
                                 or size < 0):
            raise InvalidQueryError("size", size, "expected a whole number of people",
                                    hint="how many the cohort has, named or not")
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=d)
        if until is not None:
            return Cohort(o, self._name(o, until, d), _date(d), (), known=shown,
                          not_known_until=_instant_of(until))
        out = []
        entries = _Entries(self._state, d, k, level, org=o)
        given = [people] if isinstance(people, str) else list(people)
        named = self._expand(given, k, d)
        if size is None:
            size = self._stated_size(given, named, k, d)
        for name in named:
            p, later = self._lookup(name, k, kind=PERSON, day=d)
            if later is not None:
                out.append(CohortMember(p, self._name(p, later, d), "not yet known", None))
                continue
            found = self._state.tenures.member(p, o, d, k, level)
            member = None
            if found is not None:
                member = entries(p, found[0] is Membership.CERTAIN)
            kinds: tuple[Affiliation, ...] = ()
            if found is None:
                status = _absence(self._state.tenures.of_pair((p, o), k, level), d)
                kinds = tuple(kind for kind in Affiliation if kind is not Affiliation.EMPLOYEE
                              and any(t.lo <= d for t in self._state.tenures.of_pair(
                                  (p, seat(o, kind)), k, level)))
                if status == "never a member" and kinds:
                    status = "not an employee"
            else:
                status = "remaining" if found[0] is Membership.CERTAIN else "possibly"
            out.append(CohortMember(p, self._name(p, k, d), status, member, kinds=kinds))
        return Cohort(o, self._name(o, k, d), _date(d), tuple(out), known=shown,
                      contested=self._contested(d, k, level, org=o,
                                                people={m.person for m in out}), size=size)

    def _stated_size(self, given: list[str], named: list[str], known: int,
                     day: int) -> int | None:
        """The cohort's size by the stated counts of the groups given: the
        named people and each group's unnamed rest; None when no group states
        a count."""
        extra, stated = 0, False
        for name in dict.fromkeys(given):
            try:
                group = self._resolve(name, known, day=day)
            except LookupError:
                continue
            count = self._state.names.count(group, known)
            if count is not None:
                stated = True
                extra += count - len(self._state.names.members(group, known))
        return len(named) + extra if stated else None


def _size(figure: FigureReported | None) -> Figure | None:
    """The size a reported figure gives (sizes are figures, never money)."""
    if figure is None:
        return None
    assert isinstance(figure.value, Figure)
    return figure.value


def _of_kind(seats: frozenset[str], kind: Affiliation) -> frozenset[str]:
    """The organisations of the seats of one kind."""
    if kind is Affiliation.EMPLOYEE:
        return frozenset(s for s in seats if affiliation_of(s) is kind)
    return frozenset(org_of(s) for s in seats if affiliation_of(s) is kind)


def _absence(tenures: list[Tenure], day: int) -> str:
    """Why someone is not at an organisation at ``day``: a tenure there ended
    by then (``"gone"``), every one starts later, or the log holds none."""
    if any(t.lo <= day for t in tenures):
        return "gone"
    return "not yet a member" if tenures else "never a member"


def _in_career(tenure: Tenure) -> tuple[int, int, str, str, bool, tuple[str, ...]]:
    """Where a tenure comes in a career: its first known day, then its last
    possible day, organisation and first step; a tenure a rehire implies
    before one the rehire begins (they share the rehire's id as key), and
    else by its steps, so that the order never rests on the order the
    tenures were folded in."""
    if tenure.start is not None:
        first = tenure.lo
    elif tenure.steps:
        first = max(tenure.lo, min(s.valid.first for s in tenure.steps))
    else:
        assert tenure.ended_before is not None
        first = tenure.ended_before.valid.first
    return (first, tenure.hi, tenure.org, tenure.key, not tenure.inferred,
            tuple(s.id for s in tenure.steps))
