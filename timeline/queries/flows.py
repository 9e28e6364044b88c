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
    the organisation and every one inside it over the days of each departure
    or founding (within the span): a move or founding within either tree is
    no flow, one only possibly within it or only possibly from or to it is
    only possible. Runtime: that of :func:`flows` for each organisation ever
    inside ``source``, and a walk of the trees for each row."""
    hierarchy = state.hierarchy

    def classify(frm: str, to: str | None, valid: ValidDate) -> bool | None:
        """Whether a move from ``frm`` to ``to`` on ``valid`` is a flow between
        the trees: certainly (True), possibly (False), no (None)."""
        days = max(valid.first, first), min(valid.last, last)
        src, dst = ((None if org is None else hierarchy.tree_over(
            state.gather, org, days, known, level)) for org in (source, destination))
        out_of = True if src is None else src.get(frm)
        into = True if dst is None else (None if to is None else dst.get(to))
        within_src = None if src is None or to is None else src.get(to)
        within_dst = None if dst is None else dst.get(frm)
        if out_of is None or into is None or within_src is True or within_dst is True:
            return None
        return out_of and into and within_src is None and within_dst is None

    units = [None] if source is None else [source, *sorted(hierarchy.descendants(source))]
    rows: list[dict[Departure, None]] = [{}, {}]
    made: list[dict[Founding, None]] = [{}, {}]
    for unit in units:
        part = flows(state, first, last, source=unit, destination=None, known=known,
                     level=level, name=name, shown=shown)
        for sure, departures in ((True, part.departures), (False, part.possible)):
            for departure in departures:
                kept = classify(departure.org, departure.destination, departure.date)
                if kept is not None:
                    rows[not (sure and kept)][departure] = None
        for sure, foundings in ((True, part.foundings), (False, part.possible_foundings)):
            for found in foundings:
                kept = classify(found.alumni_of, found.org, found.date)
                if kept is not None:
                    made[not (sure and kept)][found] = None
    order = [sorted(d, key=lambda x: (x.date.first, x.date.last, x.name.casefold(), x.org))
             for d in rows]
    built = [_once_each(sorted(f, key=lambda x: (x.date.first, x.org, x.founder, x.alumni_of,
                                                 x.evidence)), []) for f in made]
    built[1] = _once_each(built[1], built[0])
    return Flows(
        _dt.date.fromordinal(first), _dt.date.fromordinal(last), source, destination,
        tuple(order[0]), tuple(built[0]), tuple(order[1]), tuple(built[1]), known=shown,
    )


def _once_each(foundings: list[Founding], certain: list[Founding]) -> list[Founding]:
    """One row per founder and organisation founded, the first in order (an
    alumnus of two units of one tree founded it once), none of those
    ``certain`` already holds."""
    seen = {(f.founder, f.org) for f in certain}
    out = []
    for found in foundings:
        if (found.founder, found.org) not in seen:
            seen.add((found.founder, found.org))
            out.append(found)
    return out


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
