"""Where answers come from: histories, lineages, explanations, what the
log learned when, and an application's own projections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Self

import attrs

from timeline.answers.data import named_by
from timeline.answers.departures import Flows
from timeline.answers.history import Change, Changes, Explanation, History, HistoryEntry
from timeline.answers.lineage import Lineage, lineage
from timeline.answers.reports import AnnouncementView, FundingView, Lawsuits
from timeline.answers.results import Career, Member, Roster, Whereabouts
from timeline.answers.roster_changes import Cohort, CohortMember, Diff, RosterChange
from timeline.engine.folds import Fold
from timeline.engine.funding import Valuation
from timeline.model.certainty import Certainty
from timeline.model.dates import EVERYTHING, known_key, query_day, since_key
from timeline.model.errors import InvalidQueryError, excerpt
from timeline.model.events import Event
from timeline.model.money import Money
from timeline.queries import evidence as provenance
from timeline.queries._base import QueryBase, S, _instant_of, scoped
from timeline.queries.figures import FigureQueries

__all__ = ["ProvenanceQueries"]


class ProvenanceQueries(FigureQueries):
    """Histories, lineages, explanations, changes, and projections."""

    @scoped(lambda entity, published=None, **_: None if published is not None else [entity])
    def history(
        self, entity: str, *, known: object = None, min_certainty: object = Certainty.RUMORED,
        published: object = None,
        versions: bool = False,
    ) -> History:
        """Every event about ``entity`` in valid-time order, with its sources.

        Rumours are included unless ``min_certainty`` says otherwise. Each
        entry carries its fact's ``versions`` (see :meth:`lineage`). With
        ``versions=True`` the history also lists the facts the view no
        longer holds about the entity (retracted, or moved to another by a
        correction), and prints every version of every fact: what was said,
        when it changed, and on whose word.
        Runtime complexity: O(e log e + c), e the facts ever about the
        entity, c their corrections.

        >>> [h.event.id for h in Timeline.example().history("Schulman")]
        ['schulman-joins', 'decl-john', 'schulman-joins-anthropic', 'schulman-leaves']
        >>> Timeline.example().history("Schulman", versions=True).entries[0].versions
        (<Version of schulman-joins: recorded 2024-05-20 09:00 UTC by schulman-joins, current>,)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.history(entity, known=known, min_certainty=min_certainty,
                                      versions=versions))
        k, level, shown = self._view(known, min_certainty)
        e, until = self._lookup(entity, k)
        if until is not None:
            return History(e, self._name(e, until), (), known=shown,
                           not_known_until=_instant_of(until))
        answer = provenance.history(self._state, e, self._name(e, k), k, level,
                                    all_versions=versions)
        events = [entry.event for entry in answer.entries]
        if versions:  # and every version shown
            events += [v.event for entry in answer.entries for v in entry.versions
                       if v.event is not None]
        return attrs.evolve(answer, known=shown, names=self._names_of(_named_by(events), k))

    @scoped(lambda event_id, published=None, **_: (
        None if published is not None else [event_id]), kind="ids")
    def lineage(self, event_id: str, *, known: object = None, published: object = None) -> Lineage:
        """Every version of the fact ``event_id`` belongs to, as known at ``known``.

        ``event_id`` may be the fact's own id, a replacement's or a
        correction's. The first version is the fact as first recorded; each
        correction aimed at it (or at its replacements) makes the next, with
        its recorded time and its own sources; a version shows when, and by
        which correction, it was superseded. A version superseded after
        ``known`` shows as current. Runtime complexity: O(c), c the
        corrections of the fact.

        >>> from timeline import Corrected, Left
        >>> tl = Timeline.example()
        >>> tl.append(Corrected(
        ...     id="fix-ilya", valid="2024-05-15", target="ilya-leaves", sources="erratum",
        ...     recorded="2024-10-21T09:00Z",
        ...     replacement=Left(id="ilya-leaves-15", valid="2024-05-15",
        ...                      person="ilya-sutskever", org="openai", reason="resigned",
        ...                      sources="news")))
        True
        >>> for v in tl.lineage("ilya-leaves"):
        ...     print(v.step.value, v.by, v.event.valid, v.sources[0].id, v.superseded_by)
        recorded ilya-leaves 2024-05-14 news fix-ilya
        corrected fix-ilya 2024-05-15 erratum None
        >>> [v.superseded for v in tl.lineage("ilya-leaves", known="2024-10-20")]
        [None]
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.lineage(event_id, known=known))
        k, _, shown = self._view(known, Certainty.RUMORED)
        found = lineage(self._state.lineages, event_id, k, shown)
        return attrs.evolve(found, names=self._names_of(
            _named_by(v.event for v in found.versions if v.event is not None), k))

    @scoped(lambda answer, published=None, **_: (
        None if published is not None else list(_evidence(answer))), kind="ids")
    def explain(
        self, answer: object, *, known: object = None,
        published: object = None,
    ) -> Explanation:
        """The events, and so the sources, behind an answer or any part of one,
        and the corrections that shaped those events, with their sources.

        Accepts a result (a roster, a member, a tenure, a case, a departure,
        a funding round), an event id, or a list of ids. Runtime: O(events
        named and their corrections).

        >>> tl = Timeline.example()
        >>> why = tl.explain(tl.roster("OpenAI", at="2024-06")["greg-brockman"])
        >>> [e.id for e in why], [s.id for s in why.sources], why.corrections
        (['openai-founded'], ['openai-blog'], ())
        """
        ids = list(dict.fromkeys(_evidence(answer)))
        if published is not None:
            # events the log holds but none published by then are named apart
            later = [i for i in ids if _holds(self, i)]

            def ask(tl: Self) -> Explanation:
                unpublished = tuple(i for i in later if not _holds(tl, i))
                kept = [i for i in ids if i not in unpublished]
                return attrs.evolve(tl._explain(answer, kept, known),
                                    not_published=unpublished)

            return self._published(published, known, ask)
        return self._explain(answer, ids, known)

    def _explain(self, answer: object, ids: Sequence[str], known: object) -> Explanation:
        k, _, shown = self._view(known, Certainty.RUMORED)
        found = provenance.explain(self._state, ids, k, _subject(answer))
        found = attrs.evolve(found, known=shown, names=self._names_of(_named_by(
            (*found.events, *(v.event for v in found.corrections if v.event is not None))), k))
        if isinstance(answer, str) or (isinstance(answer, (list, tuple)) and all(
                isinstance(a, str) for a in answer)):  # events asked for by id
            many = not isinstance(answer, str) and len(answer) > 1
            found = attrs.evolve(found, title=f"Event{'s' if many else ''} {found.subject}")
        return found

    def changes(
        self, since: object = None, until: object = None, *, published: object = None,
    ) -> Changes:
        """What the log learned after ``since`` and up to ``until`` (recorded time).

        The span is ``(since, until]``. A date alone as ``since`` means the
        start of that day (UTC), and as ``until`` its end, so
        ``changes(since=D, until=D)`` is what was recorded on day D; an
        instant means itself.

        With ``published=P``, of the events published by P (the publication
        corrections as known at ``until``).

        A span whose ``until`` comes before its ``since`` is an
        ``InvalidQueryError``. Runtime complexity: O(log n + answer).

        >>> len(Timeline.example().changes(since="2024-08-01", until="2024-08-31"))
        5
        """
        if published is not None:
            return self._published(published, until,
                                   lambda tl: tl.changes(since, until))
        after = since_key(since) if since is not None else -EVERYTHING
        upto = known_key(until)
        if upto < after:
            raise InvalidQueryError(
                "until", until, f"the span ends before it starts (since {excerpt(since)})",
                hint="give the earlier time as since and the later as until")
        read = self._recorded_between(after, upto)  # a lazy timeline reads the span alone
        rows = tuple(
            Change(entry.position, _instant_of(entry.recorded), entry.event)
            for entry in (read if read is not None
                          else self._state.log.recorded_between(after, upto))
        )
        return Changes(
            _instant_of(after) if since is not None else None,
            _instant_of(upto) if until is not None else None,
            rows, names=self._names_of(_named_by(c.event for c in rows), upto),
        )

    def project(
        self, fold: Fold[S], *, at: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> S:
        """Run an application's own projection as of ``at`` and as known at ``known``.

        The fold sees the events certainly in effect at ``at`` (every event
        when ``at`` is None), corrections applied, in valid-time order
        (same-date ties by id). Runtime: O(n log n).

        >>> count = Fold(0, lambda n, event: n + 1, kinds=("left",))
        >>> Timeline.example().project(count, at="2024-12")
        2
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.project(fold, at=at, known=known, min_certainty=min_certainty))
        k, level, _ = self._view(known, min_certainty)
        d = query_day(at) if at is not None else None
        events = [
            v.event for v in self._state.visible(k, level)
            if fold.wants(v.event) and (d is None or v.event.valid.last <= d)
        ]
        events.sort(key=lambda e: (e.valid.first, e.valid.last, e.id))
        return fold.run(events)


def _evidence(answer: object) -> Sequence[str]:
    if isinstance(answer, str):
        return (answer,)
    if isinstance(answer, Event):
        return (answer.id,)
    for name in ("evidence",):
        value = getattr(answer, name, None)
        if isinstance(value, tuple):
            return value
    if isinstance(answer, (FundingView, AnnouncementView)):
        return (answer.event,)
    if isinstance(answer, Valuation):  # the round that stated it, and those that stated none
        return (answer.event, *(event for _, event in answer.later_rounds),
                *(event for _, event in answer.possibly_later_rounds))
    if isinstance(answer, Money):
        raise InvalidQueryError(
            "answer", answer, "an amount of money has no single event behind it",
            hint="explain the organisation's state, or its rounds "
            "(tl.explain(state.rounds)), to see the events it sums",
        )
    parts: list[str] = []
    for attribute in ("members", "possible", "orgs", "tenures", "cases", "departures",
                      "foundings", "possible_foundings", "joined", "possibly_joined", "left",
                      "possibly_left", "changed", "entries", "people"):
        for item in getattr(answer, attribute, ()):
            if isinstance(item, RosterChange):
                for side in (item.before, item.after):
                    parts.extend(side.evidence if side else ())
            elif isinstance(item, CohortMember):
                parts.extend(item.member.evidence if item.member else ())
            elif isinstance(item, HistoryEntry):
                parts.append(item.event.id)
            elif isinstance(item, str):
                continue
            else:
                parts.extend(_evidence(item))
    if parts or isinstance(answer, (Roster, Whereabouts, Career, Lawsuits, Flows, Diff,
                                      History, Cohort)):
        return parts
    if isinstance(answer, Iterable):
        return [i for item in answer for i in _evidence(item)]
    raise InvalidQueryError(
        "answer", answer, "nothing to explain",
        hint="pass an answer, a part of one (a member, a tenure, a round, a valuation), "
        "an event id or a list of ids",
    )


def _subject(answer: object) -> str:
    if isinstance(answer, Member):
        if answer.certain:
            return f"{answer.name} at {answer.org_name}"
        why = answer.why or (answer.uncertainty.value if answer.uncertainty else None)
        return (f"{answer.name} is possibly at {answer.org_name}"
                + (f" ({why})" if why else ""))
    if isinstance(answer, str):
        return answer
    if isinstance(answer, (list, tuple)) and all(isinstance(a, str) for a in answer):
        return ", ".join(answer)
    if isinstance(answer, Valuation):
        return f"the valuation {answer.money} ({answer.date})"
    if isinstance(answer, Roster):
        return f"the roster of {answer.name} at {answer.at}"
    if isinstance(answer, Whereabouts):
        return f"where {answer.name} was at {answer.at}"
    return type(answer).__name__


def _holds(tl: QueryBase, event_id: str) -> bool:
    """Whether the timeline's log holds ``event_id`` (a fact, a replacement or
    a correction)."""
    state = tl._state
    return state.log.get(event_id) is not None or state.lineages.root_of(event_id) is not None


def _named_by(events: Iterable[Event]) -> set[str]:
    """The ids of every entity ``events`` name."""
    return {entity for event in events for entity in named_by(event)}
