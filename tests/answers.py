"""Every answer of a timeline for one view, as plain comparable data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from timeline import Timeline, UnknownEntityError
from timeline.testing import ORGANIZATIONS, PEOPLE

ENTITIES = (*PEOPLE, *ORGANIZATIONS)
NOT_YET_KNOWN = "not yet known"
"""What a query about a name its view has not heard of gives: a timeline of
only what was recorded by then raises UnknownEntityError, and a view
``known=`` then answers empty with ``not_known_until`` set. Both read as this,
so DESIGN's invariant 4 compares them (the rule in docs/concepts.md)."""


def store_in_batches(path: object, events: list[Any], batches: int) -> None:
    """Write ``events`` to the store at ``path`` in about ``batches`` appends."""
    with Timeline.open(path) as stored:
        size = max(1, len(events) // batches)
        for start in range(0, len(events), size):
            stored.extend(events[start:start + size])


def member(m: object) -> tuple[object, ...]:
    return (
        m.person, m.org, m.role, m.possible_roles,  # type: ignore[attr-defined]
        str(m.since) if m.since else None,  # type: ignore[attr-defined]
        m.status.value, m.certainty.value, m.certain,  # type: ignore[attr-defined]
    )


def entry(m: object) -> tuple[object, ...]:
    """A roster or whereabouts entry in the oracle's shape."""
    return (
        "certain" if m.certain else "possible",  # type: ignore[attr-defined]
        m.role, m.possible_roles,  # type: ignore[attr-defined]
        str(m.since) if m.since else None,  # type: ignore[attr-defined]
        m.status.value, m.certainty.value,  # type: ignore[attr-defined]
        m.role_inferred,  # type: ignore[attr-defined]
        None if m.uncertainty is None  # type: ignore[attr-defined]
        else (m.uncertainty.value, m.why),  # type: ignore[attr-defined]
    )


def _asked(query: Callable[[], Any], read: Callable[[Any], object]) -> object:
    try:
        answer = query()
    except UnknownEntityError:
        return NOT_YET_KNOWN
    if getattr(answer, "not_known_until", None) is not None:
        assert () == tuple(read(answer) or ()), "an answer not yet known is empty"
        return NOT_YET_KNOWN
    return read(answer)


def answers(
    tl: Timeline, day: dt.date, known: object, level: str, published: object = None
) -> dict[object, object]:
    """Roster, where, career, organization, lawsuits, flows, history with each
    fact's versions: all of it (as published by ``published``, if given)."""
    view = {"known": known, "min_certainty": level}
    if published is not None:
        view["published"] = published
    out: dict[object, object] = {}
    for org in ORGANIZATIONS:
        out["roster", org] = _asked(
            lambda org=org: tl.roster(org, at=day, **view),
            lambda roster: sorted(member(m) for m in roster.members + roster.possible),
        )
        out["org", org] = _asked(
            lambda org=org: tl.organization(org, at=day, **view),
            lambda state: (
                str(state.founded), sorted(state.founders), sorted(state.founders_remaining),
                sorted(state.founders_possibly_remaining),
                state.members, state.possible_members, state.raised, state.valuation,
                str(state.valuation_date), state.lawsuits, state.possibly_raised,
                state.possible_valuations,
                sorted(a.event for a in state.announcements),
                sorted((str(r.date), r.event, r.certain) for r in state.rounds),
            ) if state.not_known_until is None else (),
        )
        out["headcounts", org] = _asked(
            lambda org=org: tl.headcounts(org, [day], **view), lambda counts: counts.counts
        )
    for org in ORGANIZATIONS:
        for start in (day, dt.date.fromordinal(max(1, day.toordinal() - 400))):
            out["during", org, start] = _asked(
                lambda org=org, start=start: tl.roster_during(org, start, day, **view),
                lambda span: span.members + span.possible,
            )
    for i, person in enumerate(PEOPLE):
        for other in PEOPLE[i + 1:]:
            out["overlap", person, other] = _asked(
                lambda person=person, other=other: tl.overlap(person, other, **view),
                lambda overlap: overlap.spells,
            )
    for person in PEOPLE:
        out["where", person] = _asked(
            lambda person=person: tl.where(person, at=day, **view),
            lambda where: sorted(member(m) for m in where.orgs + where.possible),
        )
        out["career", person] = _asked(
            lambda person=person: tl.career(person, **view),
            lambda career: sorted((
                (t.org, str(t.start), str(t.end), t.roles, t.reason and t.reason.value,
                 t.destination, t.certainty.value, tuple(sorted(t.evidence)), t.bounds)
                for t in career
            ), key=repr),  # two tenures may differ first in their roles' dates
        )
    cases = tl.lawsuits(at=day, **view)
    out["lawsuits"] = sorted(
        (c.case, c.status, c.certain, c.plaintiffs, c.defendants, c.history, c.answers,
         c.counterclaims)
        for c in cases.cases + cases.possible
    )
    since = dt.date(2017, 1, 1)  # a span given either way round
    flows = tl.flows(min(day, since), max(day, since), **view)
    for part, departures in (("flows", flows.departures), ("possible flows", flows.possible)):
        out[part] = sorted(
            (d.person, d.org, str(d.date), d.destination, d.inferred, str(d.destination_start),
             str(d.destination_seen), d.reason.value)
            for d in departures
        )
    out["foundings"] = sorted((f.founder, f.org, f.alumni_of) for f in flows.foundings)
    out["possible foundings"] = sorted(
        (f.founder, f.org, f.alumni_of) for f in flows.possible_foundings)
    for entity in ENTITIES:
        out["history", entity] = _asked(
            lambda entity=entity: tl.history(entity, **view),
            lambda history: [
                (h.event.id, h.event.certainty.value, h.sources, tuple(
                    (v.step, v.by, v.event, v.recorded, v.sources, v.superseded,
                     v.superseded_by)
                    for v in h.versions
                ))
                for h in history
            ],
        )
    return out
