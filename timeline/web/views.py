"""What the page shows, as JSON-ready data: the entities and the ranges of
its two sliders, and for one organisation or person at a date as known at
a moment, its roster (or whereabouts), its chart, what changed since the
sliders' last position, and the evidence behind a row.

Plain functions of a :class:`~timeline.Timeline`, so the page's answers
are tested as the library's are; :mod:`timeline.web.app` serves them.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from timeline.answers.data import instant as iso_instant
from timeline.model.dates import ValidDate, instant, moment
from timeline.model.errors import InvalidQueryError

if TYPE_CHECKING:
    from timeline.timeline import Timeline

__all__ = ["evidence", "meta", "view"]

_KINDS = ("organization", "person")  # what the page answers about


def _known_of(known: str | None) -> object:
    """A ``known=`` argument from the page ("" or None: everything)."""
    return known or None


def meta(tl: Timeline, today: _dt.date) -> dict[str, Any]:
    """The page's entities (with a default: the organisation most events
    name), the days its date slider spans (from the first day a dated
    event covers to today), and the moments its knowledge slider stops at
    (every distinct recorded time; past the last, everything).

    Runtime: O(n) over the log, once a page load."""
    recorded: set[_dt.datetime] = set()
    first = today
    orgs: Counter[str] = Counter()
    for event in tl:
        if event.recorded is not None:  # every event in a log has been recorded
            recorded.add(event.recorded)
        if event.valid.first_day.year > 1:
            first = min(first, event.valid.first_day)
        org = getattr(event, "org", None)
        if isinstance(org, str):
            orgs[org] += 1
    entities = [{"id": e.id, "name": e.name, "kind": e.kind, "aliases": list(e.aliases)}
                for e in tl.search("") if e.kind in _KINDS]
    kinds = {e["id"]: e["kind"] for e in entities}
    default = next((org for org, _ in orgs.most_common() if kinds.get(org) == "organization"),
                   entities[0]["id"] if entities else None)
    return {
        "entities": entities,
        "default": default,
        "days": {"first": first.isoformat(), "last": today.isoformat()},
        "known": [iso_instant(r) for r in sorted(recorded)],
        "known_labels": [moment(instant(r)) for r in sorted(recorded)],
        "events": tl.position,
    }


def view(tl: Timeline, subject: str, *, at: str, known: str | None = None,
         prev_at: str | None = None, prev_known: str | None = None,
         min_certainty: str | None = None) -> dict[str, Any]:
    """Everything the page shows of ``subject`` at ``at`` as known at
    ``known``: for an organisation its roster, its Gantt chart and who
    joined, left or changed since ``prev_at``; for a person where they
    were, their career strip and which organisations they joined or left
    since ``prev_at``; for both, the events about them the log learned
    after ``prev_known`` and by ``known`` (``prev_known`` None: the
    first view, nothing to compare; ``""``: everything recorded).

    Runtime: the queries it asks (a roster or whereabouts, a chart, a
    diff, the changes between two recorded times)."""
    k = _known_of(known)
    entity = tl.entity(subject)  # the view asked may not know it yet: its answers say so
    if entity.kind not in _KINDS:
        raise InvalidQueryError("subject", subject, f"{entity.name} is a {entity.kind}",
                                hint="pick an organisation or a person")
    data: dict[str, Any] = {
        "subject": {"id": entity.id, "name": entity.name, "kind": entity.kind},
        "at": at, "known": k,
    }
    level: str = min_certainty or "reported"
    if entity.kind == "organization":
        data["roster"] = tl.roster(entity.id, at=at, known=k, min_certainty=level).to_dict()
        data["chart"] = tl.chart.roster(entity.id, at=at, known=k, min_certainty=level).spec
        if prev_at and prev_at != at:
            start, end = sorted((prev_at, at), key=_last_day)
            data["changed"] = tl.diff(entity.id, start, end, known=k, min_certainty=level).to_dict()
    else:
        here = tl.where(entity.id, at=at, known=k, min_certainty=level)
        data["where"] = here.to_dict()
        data["chart"] = tl.chart.career(entity.id, at=at, known=k, min_certainty=level).spec
        if prev_at and prev_at != at:
            before = tl.where(entity.id, at=prev_at, known=k, min_certainty=level)
            data["changed"] = _moves(before.to_dict(), data["where"], prev_at, at)
    if prev_known is not None and _known_of(prev_known) != k:
        data["learned"] = _learned(tl, entity.id, prev_known or None, known or None)
    return data


def _last_day(date: str) -> int:
    """The day a date argument asks about (a month: its last), to order two."""
    return ValidDate.parse(date).last


def _orgs(where: dict[str, Any]) -> dict[str, str]:
    return {row["org"]["id"]: row["org"]["name"]
            for row in (*where["orgs"], *where["possible"])}


def _moves(before: dict[str, Any], after: dict[str, Any], start: str,
           end: str) -> dict[str, Any]:
    """Which organisations a person joined and left between two dates."""
    was, now = _orgs(before), _orgs(after)
    if _last_day(end) < _last_day(start):
        was, now, start, end = now, was, end, start
    return {"start": start, "end": end,
            "joined": [{"id": o, "name": now[o]} for o in now if o not in was],
            "left": [{"id": o, "name": was[o]} for o in was if o not in now]}


def _learned(tl: Timeline, entity: str, since: str | None,
             until: str | None) -> list[dict[str, Any]]:
    """The events about ``entity`` recorded after one slider position and
    by the other (whichever way the slider moved)."""
    # None is everything recorded: the later end, whichever way it moved
    low, high = sorted((since, until), key=lambda b: (b is None, b or ""))
    changes = tl.changes(low, high).to_dict()["changes"]
    return [change for change in changes if entity in change["event"].get("names", {})]


def evidence(tl: Timeline, ids: list[str], known: str | None = None) -> dict[str, Any]:
    """The events behind a row, with their sources (titles, publishers,
    links) and the corrections that shaped them."""
    return tl.explain(ids, known=_known_of(known)).to_dict()
