"""Plans and announcements: what was announced to happen about a person or
an organisation and what became of it by a date; what organisations
announced over a span."""

from __future__ import annotations

from timeline.answers.data import named_by
from timeline.answers.plans import (
    AnnouncementRow,
    Announcements,
    Link,
    Links,
    Plans,
    PlanView,
    describe_plan,
)
from timeline.engine.checks import links
from timeline.engine.names import ORGANIZATION
from timeline.engine.plans import plan_states
from timeline.model.catalog import Announced, Announcement
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, day
from timeline.model.errors import InvalidQueryError
from timeline.queries._base import _date, _instant_of, scoped
from timeline.queries.organizations import OrganizationQueries

__all__ = ["PlanQueries"]


class PlanQueries(OrganizationQueries):
    """Plans about people and organisations at a date."""

    def unresolved_links(self, *, known: object = None) -> Links:
        """The links of the log's events to events it does not hold as known
        at ``known``: a plan's ``fulfills``, a ``PlanCancelled`` or
        ``PlanMoved`` plan, a ``tranche_of``, a ruling's ``on``, naming an id
        no event (nor event planned) had by then. Such a link is kept and
        takes effect if the event comes; until then nothing answers by it,
        and this lists them, so that a misspelt id is seen. Runtime: O(n).

        >>> from timeline import PlanCancelled
        >>> tl = Timeline.example()
        >>> _ = tl.append(PlanCancelled(id="off", valid="2024-09", plan="no-such-plan",
        ...                             sources="wire"))
        >>> [(link.event, link.field, link.target) for link in tl.unresolved_links()]
        [('off', 'plan', 'no-such-plan')]
        """
        k, _, shown = self._view(known, Certainty.RUMORED)
        found = []
        for entry in self._state.log:
            if entry.recorded > k:
                break
            for field, target, _ in links(entry.event):
                since = self._state.first_recorded(target)
                if since is None or since > k:
                    found.append(Link(entry.event.id, entry.event.kind, field, target))
        return Links(shown, tuple(found))

    @scoped(lambda entity, published=None, **_: None if published is not None else [entity])
    def plans(
        self, entity: str, *, at: object = None, known: object = None,
        published: object = None, min_certainty: object = Certainty.REPORTED,
    ) -> Plans:
        """The plans about ``entity`` (a person or an organisation) announced by
        ``at``: those still to happen (``pending``: planned, or overdue once
        their date is over) and those fulfilled or cancelled (``done``). A plan
        is a ``Planned`` announcement or an event announced ahead of its date;
        see docs/concepts.md, "Plans".

        Runtime complexity: O(1) when no plan is about the entity, else
        O(events about it x its plans).

        >>> Timeline.example().plans("OpenAI", at="2024-06").pending
        ()
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.plans(entity, at=at, known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        d = self._day(at)
        e, until = self._lookup(entity, k, day=d)
        if until is not None:
            return Plans(e, self._name(e, until, d), _date(d), shown, (),
                         not_known_until=_instant_of(until))
        plans, steps = self._state.plans_about(e, k, level)
        states = sorted(plan_states(plans, steps, d),
                        key=lambda s: (s.planned_for.first, s.planned_for.last, s.plan))

        def name(entity_id: str) -> str:
            return self._name(entity_id, k, d)

        return Plans(e, name(e), _date(d), shown,
                     tuple(PlanView(s, describe_plan(s.event, name)) for s in states),
                     names=self._names_of({i for s in states for i in named_by(s.event)}, k, d))

    @scoped(lambda org=None, published=None, **_: (
        None if published is not None or org is None else [org]))
    def announcements(
        self, org: str | None = None, *, start: object = None, end: object = None,
        category: object = None, known: object = None, published: object = None,
        min_certainty: object = Certainty.REPORTED,
    ) -> Announcements:
        """What ``org`` (or every organisation) announced from ``start`` to
        ``end`` (default: all time to today): products, models, job postings
        and other news, in date order, each naming its product entity when
        the log declares one. ``category`` keeps one kind ("model").
        Announcements whose imprecise dates only overlap the span are apart,
        in ``possible``.

        Runtime complexity: O(facts of the organisation), every
        organisation's without one.

        >>> Timeline.example().announcements("OpenAI", start="2024").rows
        ()
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.announcements(org, start=start, end=end, category=category,
                                            known=known, min_certainty=min_certainty))
        k, level, shown = self._view(known, min_certainty)
        first = ValidDate.parse(start).first if start is not None else 1
        last = day(end) if end is not None else self._day(None)
        if last < first:
            raise InvalidQueryError("end", end, f"the span ends before it starts ({start})",
                                    hint="give the earlier date first")
        wanted = None
        if category is not None:
            try:
                wanted = Announcement(str(category).strip().lower())
            except ValueError:
                raise InvalidQueryError(
                    "category", category,
                    f"expected one of {', '.join(c.value for c in Announcement)}") from None
        o, until = (self._lookup(org, k, kind=ORGANIZATION, day=first, until=last) if org
                    else (None, None))
        if o is not None and until is not None:
            return Announcements(o, self._name(o, until), _date(first), _date(last), shown, (),
                                 not_known_until=_instant_of(until))
        orgs = [o] if o is not None else sorted(self._state.org_facts)
        certain: list[AnnouncementRow] = []
        maybe: list[AnnouncementRow] = []
        for each in orgs:
            facts = self._state.org_facts.get(each)
            for version in facts if facts is not None else ():
                event = version.event
                if (not isinstance(event, Announced) or not version.visible(k, level)
                        or (wanted is not None and event.category is not wanted)
                        or event.valid.last < first or event.valid.first > last):
                    continue
                inside = first <= event.valid.first and event.valid.last <= last
                on = event.valid.last
                (certain if inside else maybe).append(AnnouncementRow(
                    event.valid, each, self._name(each, k, on), event.category, event.title,
                    event.product,
                    self._name(event.product, k, on) if event.product else None,
                    event.certainty, event.id, inside))

        def order(r: AnnouncementRow) -> tuple[int, int, str, str]:
            return r.date.first, r.date.last, r.org, r.event

        return Announcements(o, self._name(o, k) if o else None, _date(first), _date(last),
                             shown, tuple(sorted(certain, key=order)),
                             tuple(sorted(maybe, key=order)))
