"""Rosters over spans and between dates: who was there during a span,
who overlapped whom, and what changed from one date to another."""

from __future__ import annotations

import datetime as _dt

from timeline.answers.periods import Overlap, PeriodRoster, during, shared_spells
from timeline.answers.roster_changes import Diff
from timeline.engine.names import ORGANIZATION, PERSON
from timeline.engine.seats import employment
from timeline.engine.tenures import Membership, Tenure, still_there
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, day
from timeline.model.errors import InvalidQueryError
from timeline.queries import flows as _flows
from timeline.queries._base import _date, _Entries, _instant_of, scoped
from timeline.queries.diffs import compare
from timeline.queries.people import PeopleQueries

#: A person's entry at an organisation on a day, as the tenure index finds it.
Held = tuple[Membership, Tenure] | None

__all__ = ["ComparisonQueries"]


class ComparisonQueries(PeopleQueries):
    """Rosters over spans, overlaps, and diffs between two dates."""

    @scoped(lambda org, *_, published=None, **__: None if published is not None else [org])
    def roster_during(
        self, org: str, start: object, end: object = None, *, known: object = None,
        published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> PeriodRoster:
        """Who was on ``org``'s roster at any time from the first day of
        ``start`` to the last day of ``end`` (default today), as known at
        ``known``.

        A tenure counts when it touches a day of the span: one that began and
        ended on a single day in it too, and one that ended on its first day
        (see docs/concepts.md, "Periods"). Members whose tenure touches the
        span whichever days its events took place on are listed apart from
        those only possibly there, each with why (an unknown start, an
        imprecise start or end). Runtime complexity: O(log U log b + log n +
        m r): the roster index stabbed on the day before the span, the start
        index ranged over the span, then each of the m people found checked
        over their r records at ``org``.

        >>> tl = Timeline.example()
        >>> tl.roster_during("OpenAI", "2024-06", "2024-12").people
        ('greg-brockman', 'john-schulman')
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.roster_during(org, start, end, known=known,
                                            min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        first, last = ValidDate.parse(start).first, self._day(end, "end", ranges=True)
        if last < first:
            raise InvalidQueryError("end", end, f"the span ends before it starts ({start})",
                                    hint="give the earlier date first")
        o, until = self._lookup(org, k, kind=ORGANIZATION, day=last)
        if until is not None:
            return PeriodRoster(o, self._name(o, until, last), _date(first), _date(last), shown,
                                (), (), not_known_until=_instant_of(until))
        certain, possible = during(self._state.tenures, o, first, last, known=k, level=level,
                                   name=lambda e: self._name(e, k, last),
                                   disputed=self._disputes(k))
        return PeriodRoster(o, self._name(o, k, last), _date(first), _date(last), shown,
                            tuple(certain), tuple(possible))

    @scoped(lambda person, other, published=None, org=None, **_: (
        None if published is not None else [person, other, org]))
    def overlap(
        self, person: str, other: str, *, org: str | None = None, known: object = None,
        published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Overlap:
        """Whether ``person`` and ``other`` were at one organisation at the same
        time, where and when: per pair of their tenures at one organisation
        (``org`` alone, if given), the days both certainly spent there and the
        days both possibly did. Runtime complexity: O(t u), t and u the two
        people's tenures.

        >>> tl = Timeline.example()
        >>> tl.overlap("Sutskever", "Schulman").orgs
        ('openai',)
        >>> tl.overlap("Sutskever", "Schulman").spells[0].certain_days
        Days('2015-12-31..2024-05-14')
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.overlap(person, other, org=org, known=known,
                                      min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        a, a_until = self._lookup(person, k, kind=PERSON)
        b, b_until = self._lookup(other, k, kind=PERSON)
        o, o_until = (self._lookup(org, k, kind=ORGANIZATION) if org is not None
                      else (None, None))
        for found, until in ((a, a_until), (b, b_until), (o, o_until)):
            if found is not None and until is not None:
                return Overlap(a, self._name(a, a_until or k), b, self._name(b, b_until or k),
                               shown, (), not_known_until=_instant_of(until),
                               not_known=self._name(found, until))
        index = self._state.tenures
        mine, theirs = ([t for t in index.of_person(who, k, level) if employment(t.org)]
                        for who in (a, b))
        if o is not None:
            mine = [t for t in mine if t.org == o]
        names = (self._name(a, k), self._name(b, k))
        spells = shared_spells(mine, theirs, names, lambda e: self._name(e, k))
        return Overlap(a, names[0], b, names[1], shown, spells)

    @scoped(lambda org, *_, published=None, **__: None if published is not None else [org])
    def diff(
        self, org: str, start: object, end: object, *, known: object = None,
        published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Diff:
        """Who joined, left or changed role or status between two dates.

        ``joined`` and ``left`` (certainly), ``possibly_joined`` and
        ``possibly_left`` (only possibly on one roster, absent from the other)
        and ``changed`` turn ``roster(org, at=start)`` into
        ``roster(org, at=end)``, possible members included (each date
        meaning its end, as for a roster: ``"2024-03"`` is 31 March); each row's
        ``what`` says what changed. ``passed_through`` lists tenures certainly
        begun and ended in between, ``possibly_passed_through`` those whose
        dates only overlap the span.
        An ``end`` before ``start``, or one imprecise date given twice (both
        rosters would be one), is an ``InvalidQueryError``.
        Runtime complexity: O(log n + size of both rosters + passers); only
        those who joined, left or may have changed have their details built.

        >>> Timeline.example().diff("OpenAI", "2024-01", "2024-12").left[0].name
        'Ilya Sutskever'
        >>> Timeline.example().diff("OpenAI", "2024-07", "2024-08-06")
        Changes at OpenAI from 2024-07-31 to 2024-08-06
          change                           person         before   after
          membership (certain → possible)  John Schulman  certain  possible
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.diff(org, start, end, known=known, min_certainty=min_certainty))
        d1, d2 = day(start), day(end)
        if d2 < d1:
            raise InvalidQueryError("end", end, f"the diff ends before it starts ({start})",
                                    hint="give the earlier date first")
        if d1 == d2 and not isinstance(start, _dt.date) and ValidDate.parse(start).first < d1:
            raise InvalidQueryError(
                "start", start, f"both rosters would be the one at the end of {_date(d1)}",
                hint=(f"a diff compares the rosters at the end of each date: for the "
                      f"changes during {start}, start from the day before it "
                      f"({_date(ValidDate.parse(start).first - 1)})"))
        before = self.roster(org, at=start, known=known, min_certainty=min_certainty)
        after = self.roster(org, at=end, known=known, min_certainty=min_certainty)
        k, level, shown = self._view(known, min_certainty)
        if after.not_known_until is not None:
            return Diff(after.org, after.name, _date(d1), _date(d2), (), (), (), (),
                        known=shown, not_known_until=after.not_known_until)
        # a name can mean another organisation at the other date
        first = _Entries(self._state, d1, k, level, org=before.org)
        second = _Entries(self._state, d2, k, level, org=after.org)
        # one organisation, one name: else every entry is compared in full
        same = before.org == after.org and first.name(after.org) == second.name(after.org)
        index = self._state.tenures
        looked: dict[str, tuple[Held, Held]] = {}

        def both(person: str) -> tuple[Held, Held]:
            """The person's entries at both dates, looked up once."""
            if person not in looked:
                looked[person] = (index.member(person, after.org, d1, k, level),
                                  index.member(person, after.org, d2, k, level))
            return looked[person]
        rows = compare(
            dict.fromkeys(before.certain_ids, True) | dict.fromkeys(before.possible_ids, False),
            dict.fromkeys(after.certain_ids, True) | dict.fromkeys(after.possible_ids, False),
            first, second,
            lambda person, then, now: then != now or not same or self._may_change(
                person, *both(person), d1, d2, known=k),
            returned=lambda person: before.org == after.org and _returned(
                *both(person), d1, d2),
        )
        passers, maybe = _flows.passed_through(self._state.tenures, after.org, d1, d2,
                                              known=k, level=level)
        return Diff(
            after.org, after.name, _date(d1), _date(d2), rows.joined, rows.left,
            rows.changed, tuple(self._tenure_view(t, k) for t in passers),
            tuple(self._name(t.person, k) for t in passers),
            possibly_passed_through=tuple(self._tenure_view(t, k) for t in maybe),
            possible_passers=tuple(self._name(t.person, k) for t in maybe),
            possibly_joined=rows.possibly_joined, possibly_left=rows.possibly_left,
            known=shown, contested_start=before.contested, contested_end=after.contested,
            passer_ids=tuple(t.person for t in passers),
            possible_passer_ids=tuple(t.person for t in maybe),
        )

    def _may_change(self, person: str, then: Held, now: Held, d1: int, d2: int, *,
                    known: int) -> bool:
        """Whether ``person``'s entry (``then`` at the end of ``d1``, ``now`` at
        the end of ``d2``, at one organisation whose name is the same at both
        dates) may differ between them (in either order): another tenure, or a
        step of it, or the person's name, that takes effect in between. False
        means the entries are equal."""
        lo, hi = min(d1, d2), max(d1, d2)
        if then is None or now is None or then[1] is not now[1]:
            return True
        # a step's bounds, and the day after an observation's first (from
        # which it no longer bounds the start: why a member is possible changes)
        if any(lo < x <= hi for step in now[1].steps
               for x in (step.valid.first, still_there(step), step.valid.last)):
            return True
        names = self._state.names
        return names.name(person, known, d1) != names.name(person, known, d2)


def _returned(then: Held, now: Held, d1: int, d2: int) -> bool:
    """Whether someone at an organisation at the ends of ``d1`` and ``d2``
    (``then`` and ``now``) is there by two different tenures: they left and
    came back in between."""
    if then is None or now is None or then[1] is now[1]:
        return False
    # the tenure held at the earlier date must be one that may have ended
    # by the later: not a later tenure whose imprecise start merely
    # covers the earlier date
    early = (then if d1 <= d2 else now)[1]
    if early.end is not None:
        # not before the day after a sighting (nor before any step): the
        # end on the day of its step when the steps leave no other day
        end = early.end.valid
        lowest = max(end.first, *(still_there(s) for s in early.steps))
        if lowest > end.last:
            lowest = max(end.first, *(s.valid.first for s in early.steps))
        return lowest <= max(d1, d2)
    # one that ended before a rehire may have ended by then only if no
    # step of it (an observation: the day after its first) came later
    return early.ended_before is not None and max(
        (still_there(step) for step in early.steps), default=0) <= max(d1, d2)
