"""Every answer of a timeline for one view, as plain comparable data."""

from __future__ import annotations

import datetime as dt

from timeline import Timeline
from timeline.testing import ORGANIZATIONS, PEOPLE

ENTITIES = (*PEOPLE, *ORGANIZATIONS)


def member(m: object) -> tuple[object, ...]:
    return (
        m.person, m.org, m.role,  # type: ignore[attr-defined]
        str(m.since) if m.since else None,  # type: ignore[attr-defined]
        m.status.value, m.certainty.value, m.certain,  # type: ignore[attr-defined]
    )


def answers(tl: Timeline, day: dt.date, known: object, level: str) -> dict[object, object]:
    """Roster, where, career, organization, lawsuits, flows, history: all of it."""
    view = {"known": known, "min_certainty": level}
    out: dict[object, object] = {}
    for org in ORGANIZATIONS:
        roster = tl.roster(org, at=day, **view)
        out["roster", org] = sorted(member(m) for m in roster.members + roster.possible)
        state = tl.organization(org, at=day, **view)
        out["org", org] = (
            str(state.founded), sorted(state.founders), sorted(state.founders_remaining),
            state.members, state.possible_members, state.raised, state.valuation,
            str(state.valuation_date), state.lawsuits, state.possibly_raised,
            state.possible_valuations,
            sorted(a.event for a in state.announcements),
            sorted((str(r.date), r.event, r.certain) for r in state.rounds),
        )
    out["headcounts"] = tl.headcounts(ORGANIZATIONS, [day], **view).counts
    for person in PEOPLE:
        where = tl.where(person, at=day, **view)
        out["where", person] = sorted(member(m) for m in where.orgs + where.possible)
        out["career", person] = sorted(
            (t.org, str(t.start), str(t.end), t.roles, t.reason and t.reason.value, t.destination,
             t.certainty.value, tuple(sorted(t.evidence)))
            for t in tl.career(person, **view)
        )
    cases = tl.lawsuits(at=day, **view)
    out["lawsuits"] = sorted(
        (c.case, c.status, c.certain, c.plaintiffs, c.defendants, c.history, c.answers,
         c.counterclaims)
        for c in cases.cases + cases.possible
    )
    flows = tl.flows("2017", day, **view)
    out["flows"] = sorted(
        (d.person, d.org, str(d.date), d.destination, d.reason.value) for d in flows.departures
    )
    out["foundings"] = sorted((f.founder, f.org, f.alumni_of) for f in flows.foundings)
    for entity in ENTITIES:
        out["history", entity] = [
            (h.event.id, h.event.certainty.value, h.sources)
            for h in tl.history(entity, **view)
        ]
    return out
