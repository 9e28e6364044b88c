"""Flows of people: who left for where, what former members founded, who came and went.

The rules, each explained with an example in docs/concepts.md:

- **Certainly or possibly in a window.** A departure or founding dated
  ``[a, b]`` (a day, a month, a year, a range, or an open start such as
  ``../2025-02-19``) certainly happened in a window ``[lo, hi]`` when
  ``lo <= a`` and ``b <= hi``, and possibly did when its days only overlap
  the window. A tenure certainly began and ended between two dates when the
  whole of its start and of its end lie in between, and possibly did when
  both may (a tenure with no reported start did neither).
- **Stated or inferred destinations.** A departure's destination is the one
  it states. When it states none, the organisation of the person's next
  tenure (begun, possibly, on or after the departure; at another
  organisation) is *inferred*, with that tenure's start — or, for a tenure
  whose start nobody reported, the observation that first sees the person
  there — but only if that date may lie within :data:`INFERENCE_GAP` days
  of the departure, and
  never to an organisation founded certainly after the departure (by a
  ``Founded`` event in the view). In a window, only the departure's days
  inside the window count: a departure dated ``../2025-06-30`` asked about
  in 2017 left in 2017, and a tenure begun in 2025 is no destination.
- **One founding row per former organisation.** A founder who had several
  stints at an organisation is listed once for it; the evidence is the end
  of the last stint that may have ended by the founding.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import pendulum

from timeline.answers.departures import Departure, Flows, Founding
from timeline.engine.projections import Projections
from timeline.engine.seats import employment
from timeline.engine.tenure_index import TenureIndex
from timeline.engine.tenures import Tenure
from timeline.model.catalog import Founded, Left, Observed
from timeline.model.dates import ValidDate
from timeline.model.events import Event
from timeline.queries.evidence import disputed_of

__all__ = ["INFERENCE_GAP", "flows", "passed_through", "rolled_up"]

#: Days after a departure within which the next tenure's start may lie for
#: its organisation to be inferred as the destination.
INFERENCE_GAP = 365

Names = Callable[[str, int], str]


def _ended(tenure: Tenure) -> tuple[int, int, str]:
    assert tenure.end is not None
    return tenure.end.valid.first, tenure.end.valid.last, tenure.end.id


def _inside(valid: ValidDate, first: int, last: int) -> bool:
    return first <= valid.first and valid.last <= last


class _Foundings:
    """The earliest founding day of each organisation in one view, looked up
    once per organisation: O(facts of the organisation up to its first
    founding)."""

    def __init__(self, state: Projections, known: int, level: int) -> None:
        self._state, self._known, self._level = state, known, level
        self._first: dict[str, int | None] = {}

    def first_day(self, org: str) -> int | None:
        if org not in self._first:
            found = None
            for version in self._state.org_facts.get(org, ()):
                if isinstance(version.event, Founded) and version.visible(
                        self._known, self._level):
                    found = version.event.valid.first
                    break
            self._first[org] = found
        return self._first[org]


def _once(name: Names) -> Names:
    """``name`` of an entity on a day, asked once per entity and day: a flow
    names its organisations many times."""
    found: dict[tuple[str, int], str] = {}

    def named(entity: str, day: int) -> str:
        key = (entity, day)
        if key not in found:
            found[key] = name(entity, day)
        return found[key]

    return named


def _inferred(
    state: Projections, tenure: Tenure, foundings: _Foundings, known: int, level: int, *,
    first: int, last: int,
) -> tuple[Tenure, Event] | None:
    """The next tenure of the person, whose organisation is the inferred
    destination of ``tenure``'s departure in the window ``[first, last]``,
    with the event that shows it begun (its start, or the observation that
    first sees the person there); None when there is none or the rules rule
    it out: only the departure's days inside the window count. Runtime:
    O(tenures of the person)."""
    left = tenure.end
    assert left is not None
    lo, hi = max(left.valid.first, first), min(left.valid.last, last)
    found = state.tenures.next_elsewhere(tenure.person, tenure.org, lo, known, level)
    if found is None:
        return None
    nearest, sign = found
    if sign.valid.first > hi + INFERENCE_GAP:
        return None
    founded = foundings.first_day(nearest.org)
    if founded is not None and founded > hi:
        return None
    return found


def flows(
    state: Projections, first: int, last: int, *, source: str | None, destination: str | None,
    known: int, level: int, name: Names, shown: pendulum.DateTime | None = None,
) -> Flows:
    """Departures (from ``source``, or anywhere) and alumni foundings whose
    dates lie in ``[first, last]``, and apart those whose dates only overlap
    it. Runtime: O(log n + departures and foundings overlapping the span),
    each departure that states no destination costing O(tenures of the
    person); a founding whose founders never were at ``source`` costs one
    lookup per founder."""
    index = state.tenures
    foundings = _Foundings(state, known, level)
    name = _once(name)
    certain: list[Departure] = []
    possible: list[Departure] = []
    for tenure in index.ending(source, first, last, known, level) if first <= last else ():
        left = tenure.end
        assert isinstance(left, Left)
        when = left.valid.last  # names as borne on the day it certainly happened by
        went, since, seen, sure = left.destination, None, None, None
        evidence: tuple[str, ...] = (left.id,)
        if went is None:
            after = _inferred(state, tenure, foundings, known, level, first=first, last=last)
            if after is not None:
                nearest, sign = after
                went, evidence, sure = nearest.org, (left.id, sign.id), sign.certainty
                if isinstance(sign, Observed):
                    seen = sign.valid
                else:
                    since = sign.valid
        if destination is not None and went != destination:
            continue
        departure = Departure(
            person=tenure.person, name=name(tenure.person, when), org=tenure.org,
            org_name=name(tenure.org, when), date=left.valid, reason=left.reason,
            destination=went, destination_name=name(went, when) if went else None,
            certainty=left.certainty,
            evidence=evidence, inferred=sure is not None, destination_start=since,
            disputed=disputed_of(state, evidence, known), destination_certainty=sure,
            destination_seen=seen,
        )
        (certain if _inside(left.valid, first, last) else possible).append(departure)
    founded: list[Founding] = []
    maybe_founded: list[Founding] = []
    for version in state.foundings.overlapping(first, last) if first <= last else ():
        if not version.visible(known, level):
            continue
        event = version.event
        when = event.valid.last
        assert isinstance(event, Founded)
        if destination is not None and event.org != destination:
            continue
        into = founded if _inside(event.valid, first, last) else maybe_founded
        for founder in event.founders:
            tenures = (index.of_person(founder, known, level) if source is None
                       else index.of_pair((founder, source), known, level))
            stint: dict[str, Tenure] = {}  # the last stint at each organisation
            for tenure in tenures:
                if tenure.org == event.org or not employment(tenure.org):
                    continue
                ended = tenure.end is not None and tenure.end.valid.first <= event.valid.last
                if ended and (tenure.org not in stint
                              or _ended(tenure) > _ended(stint[tenure.org])):
                    stint[tenure.org] = tenure
            for tenure in stint.values():
                assert tenure.end is not None
                into.append(Founding(
                    founder=founder, name=name(founder, when), org=event.org,
                    org_name=name(event.org, when), date=event.valid, alumni_of=tenure.org,
                    alumni_of_name=name(tenure.org, tenure.end.valid.last),
                    certainty=event.certainty,
                    evidence=(event.id, tenure.end.id),
                    disputed=disputed_of(state, (event.id, tenure.end.id), known),
                ))
    for departures in (certain, possible):
        departures.sort(key=lambda d: (d.date.first, d.date.last, d.name.casefold(), d.org))
    for found in (founded, maybe_founded):
        found.sort(key=lambda f: (f.date.first, f.org, f.founder, f.alumni_of, f.evidence))
    return Flows(
        _dt.date.fromordinal(first), _dt.date.fromordinal(last), source, destination,
        tuple(certain), tuple(dict.fromkeys(founded)), tuple(possible),
        tuple(dict.fromkeys(maybe_founded)), known=shown,
    )


def rolled_up(
    state: Projections, first: int, last: int, *, source: str | None,
    destination: str | None, known: int, level: int, name: Names,
    shown: pendulum.DateTime | None = None,
) -> Flows:
    """:func:`flows` with ``source`` and ``destination`` each standing for
    the organisation and every one inside it on the day of each departure
    or founding: a move between two of them is no flow, and one from a unit
    only possibly inside on the day is only possible. Runtime: that of
    :func:`flows` for each organisation ever inside ``source``, and a walk
    of the units for each departure."""
    hierarchy = state.hierarchy

    def tree(org: str | None, on: int) -> dict[str, bool] | None:
        if org is None:
            return None
        return {org: True} | hierarchy.units(state.gather, org, on, known, level)

    def takes(org: str, inside: dict[str, bool] | None) -> bool | None:
        """Whether ``org`` is in the tree: certainly (True), possibly (False), no (None)."""
        return True if inside is None else inside.get(org)

    units = [None] if source is None else [source, *sorted(hierarchy.descendants(source))]
    certain: dict[Departure, None] = {}
    possible: dict[Departure, None] = {}
    founded: dict[Founding, None] = {}
    maybe_founded: dict[Founding, None] = {}
    for unit in units:
        part = flows(state, first, last, source=unit, destination=None, known=known,
                     level=level, name=name, shown=shown)
        for sure, departures in ((True, part.departures), (False, part.possible)):
            for departure in departures:
                on = departure.date.last
                src, dst = tree(source, on), tree(destination, on)
                out_of = takes(departure.org, src)
                went = None if departure.destination is None else takes(
                    departure.destination, src if source is not None else None)
                into = (takes(departure.destination, dst) if departure.destination is not None
                        else None if dst is not None else True)
                if out_of is None or into is None or (source is not None and went is True):
                    continue
                inward = went is False and source is not None  # possibly a move within
                keep = sure and out_of and into and not inward
                (certain if keep else possible)[departure] = None
        for sure, foundings in ((True, part.foundings), (False, part.possible_foundings)):
            for found in foundings:
                on = found.date.last
                src, dst = tree(source, on), tree(destination, on)
                out_of = takes(found.alumni_of, src)
                into = takes(found.org, dst)
                within = None if src is None else src.get(found.org)
                if out_of is None or into is None or within is True:
                    continue  # a founding inside the tree is no flow out of it
                keep = sure and out_of and into and within is None
                (founded if keep else maybe_founded)[found] = None
    order = [sorted(d, key=lambda x: (x.date.first, x.date.last, x.name.casefold(), x.org))
             for d in (certain, possible)]
    made = [sorted(f, key=lambda x: (x.date.first, x.org, x.founder, x.alumni_of, x.evidence))
            for f in (founded, maybe_founded)]
    return Flows(
        _dt.date.fromordinal(first), _dt.date.fromordinal(last), source, destination,
        tuple(order[0]), tuple(made[0]), tuple(order[1]), tuple(made[1]), known=shown,
    )


def passed_through(
    index: TenureIndex, org: str, start: int, end: int, *, known: int, level: int
) -> tuple[list[Tenure], list[Tenure]]:
    """The tenures at ``org`` that certainly began and ended after the end of
    day ``start`` and by the end of day ``end``, and apart those that only
    possibly did (a start or an end imprecise), each by
    start then person. None when ``end`` is before ``start``. A tenure whose
    start nobody reported is neither: it is possibly a member at ``start``
    (and so in the diff's ``left``), with no date that says it began later.

    Runtime: O(log n + tenures whose end overlaps the span), each of which
    is a passer or on the roster at ``start``.
    """
    certain: list[Tenure] = []
    possible: list[Tenure] = []
    for tenure in index.ending(org, start + 1, end, known, level) if start < end else ():
        assert tenure.end is not None
        ended, began = tenure.end.valid, tenure.start.valid if tenure.start else None
        if began is None:  # never reported begun: possibly a member at start, so "left"
            continue
        if began.first > start and ended.last <= end:
            certain.append(tenure)
        elif began.last > start and max(began.first, start + 1) <= min(ended.last, end):
            possible.append(tenure)
    for tenures in (certain, possible):
        tenures.sort(key=lambda t: (t.lo, t.person))
    return certain, possible
