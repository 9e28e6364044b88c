"""Answers about organisations and lawsuits: organisation states, funding
rounds, announcements, cases. Histories, explanations and changes are in
:mod:`timeline.answers.history`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs
import pendulum

from timeline.answers._table import (
    as_known,
    as_published,
    as_viewed,
    count,
    not_yet_known,
    table,
)
from timeline.answers.frames import AsData
from timeline.answers.hierarchy import DealView
from timeline.engine.disputes import Claim, marks
from timeline.engine.funding import Pending, Valuation
from timeline.model.catalog import Announcement, Basis, Commitment
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.money import Money

__all__ = [
    "AnnouncementView",
    "CaseView",
    "FundingView",
    "Lawsuits",
    "OrganizationState",
]


def _when(at: _dt.date, known: pendulum.DateTime | None, published: object = None) -> str:
    return (f"at {at}" + as_known(known)
            + as_published(published))


@attrs.frozen
class FundingView:
    """A funding round in effect (or possibly so) at the query date."""

    date: ValidDate
    amount: Money | None
    valuation: Money | None
    round: str | None
    investors: tuple[str, ...]
    certain: bool
    certainty: Certainty
    event: str
    commitments: tuple[Commitment, ...] = attrs.field(default=(), kw_only=True)
    tranche_of: str | None = attrs.field(default=None, kw_only=True)
    valuation_basis: Basis | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class AnnouncementView:
    """An announcement made by the query date."""

    date: ValidDate
    category: Announcement
    title: str
    certainty: Certainty
    event: str


@attrs.frozen(repr=False)
class OrganizationState(AsData):
    """What an organisation looked like at a date.

    ``raised`` sums the rounds certainly in effect, by currency, and
    ``possibly_raised`` apart those whose imprecise date covers ``at``;
    ``valuation`` is the latest certainly stated, with its date, event and
    the later rounds that stated none, and ``possible_valuations`` those
    that may be later (see :mod:`timeline.engine.funding`);
    ``founders_remaining`` are the founders certainly still members, and
    ``founders_possibly_remaining`` those only possibly members.
    ``disputed`` are the other claims about the facts the state rests on
    (a founding, a round), each naming the claim it stands beside;
    ``founding_event`` the id of the founding shown.
    ``founded`` is the date of the founding, whether or not it has happened
    by ``at``; ``founding`` says which: ``"founded"``, ``"possibly not yet
    founded"`` (``at`` falls within an imprecise founding date) or ``"not
    yet founded"`` (None: no founding in the log).
    """

    org: str
    name: str
    at: _dt.date
    known: pendulum.DateTime | None
    founded: ValidDate | None
    founders: tuple[str, ...]
    founders_remaining: tuple[str, ...]
    members: int
    possible_members: int
    raised: tuple[Money, ...]
    possibly_raised: tuple[Money, ...]
    rounds: tuple[FundingView, ...]
    valuation: Valuation | None
    possible_valuations: tuple[Valuation, ...]
    lawsuits: tuple[str, ...]
    announcements: tuple[AnnouncementView, ...]
    evidence: tuple[str, ...]
    founding: str | None = None
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    disputed: tuple[Claim, ...] = attrs.field(default=(), kw_only=True)
    founding_event: str | None = attrs.field(default=None, kw_only=True)
    founders_possibly_remaining: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    possible_lawsuits: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    """The cases only possibly open at ``at`` (a step's imprecise date covers
    it); ``lawsuits`` are those certainly open."""
    founder_count: int | None = attrs.field(default=None, kw_only=True)
    """How many founders the log's foundings say there were, when one says
    (the most any says); ``founders`` are those named."""
    committed: tuple[Pending, ...] = attrs.field(default=(), kw_only=True)
    """Money committed in rounds by ``at`` and not certainly paid by then:
    tranches to come, with their due dates and conditions."""
    inside: tuple[tuple[str, bool], ...] = attrs.field(default=(), kw_only=True)
    """The organisations this one sits inside at ``at`` (its parent, and
    theirs), each with whether certainly."""
    units: tuple[tuple[str, bool], ...] = attrs.field(default=(), kw_only=True)
    """The organisations inside this one at ``at``, however deep, each with
    whether certainly."""
    deals: tuple[DealView, ...] = attrs.field(default=(), kw_only=True)
    """The deals it was a side of (buyer or target) dated up to ``at``."""
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, eq=False)
    """The id and name of each entity it names (founders, investors, the
    sides of deals, units), as the view knows them at ``at``."""

    @property
    def founders_unnamed(self) -> int:
        """How many founders the stated count has beyond those named (0 when
        no count is stated): whether they remain is unknown."""
        return max(0, (self.founder_count or 0) - len(self.founders))

    @property
    def valuation_date(self) -> ValidDate | None:
        """The date of the valuation shown, if any."""
        return self.valuation.date if self.valuation is not None else None

    def __repr__(self) -> str:
        later: list[list[object]] = [["possibly valued", v] for v in self.possible_valuations]
        founded: object = self.founded if self.founded else "unknown"
        if self.founding not in (None, "founded"):
            founded = f"{self.founding} ({self.founded})"
        founding = (self.founding_event,)
        founded = f"{founded}{marks(c for c in self.disputed if c.accepted in founding)}"
        rows: list[list[object]] = [
            ["founded", founded],
            ["founders", _founders(self)],
            ["members", f"{self.members}" + (
                f" (+{self.possible_members} possible)" if self.possible_members else "")],
            ["raised", _raised(self.raised, self.possibly_raised) + _rumoured(self.rounds)
             + _undisclosed(self.rounds)],
            *(["committed", p] for p in self.committed),
            ["valuation", str(self.valuation) if self.valuation else "unknown"],
            *later,
            ["open lawsuits", (", ".join(self.lawsuits) or "none known") + (
                f"; possibly open: {', '.join(self.possible_lawsuits)}"
                if self.possible_lawsuits else "")],
            ["announcements", len(self.announcements)],
        ]
        rows += [[what, _placed(found)] for what, found in (("inside", self.inside),
                                                            ("units", self.units)) if found]
        rows += [["deal" if d.certain else "possible deal", d] for d in self.deals]
        others = [c for c in self.disputed if c.accepted not in founding]
        if others:
            rows.append(["disputed", "; ".join(f"{c.accepted}: {c.text()}" for c in others)])
        if self.not_known_until is not None:
            rows = [["note", not_yet_known(self.name, self.known, self.not_known_until)]]
        return table(f"{self.name} {_when(self.at, self.known, self.published)}", None, rows)


def _placed(found: tuple[tuple[str, bool], ...]) -> str:
    return ", ".join(org if sure else f"{org} (possibly)" for org, sure in found)


def _rumoured(rounds: tuple[FundingView, ...]) -> str:
    """A note naming the rumoured rounds a view that takes rumours in counts."""
    ids = [r.event for r in rounds if r.amount is not None and r.certainty < Certainty.REPORTED]
    return f" (counting rumoured rounds: {', '.join(ids)})" if ids else ""


def _undisclosed(rounds: tuple[FundingView, ...]) -> str:
    """A note naming the rounds that stated no amount: the sum leaves them out."""
    ids = [r.event for r in rounds if r.amount is None]
    return (f"; and {count(len(ids), 'round')} of undisclosed amount ({', '.join(ids)})"
            if ids else "")


def _raised(certain: tuple[Money, ...], possible: tuple[Money, ...]) -> str:
    maybe = ", ".join(map(str, possible))
    if not certain:
        return f"possibly {maybe}" if possible else "nothing known"
    return ", ".join(map(str, certain)) + (f"; possibly also {maybe}" if possible else "")


@attrs.frozen(repr=False)
class CaseView(AsData):
    """One lawsuit at a date, with its status history.

    ``answers`` names the case this one is a counterclaim in;
    ``counterclaims`` the cases that answer this one. ``history`` and
    ``counterclaims`` hold what happened, certainly or possibly, by the
    date; the steps and counterclaims certainly after it are apart, in
    ``later`` and ``later_counterclaims``, printed under "Later".
    ``filed`` is the date of the filing, whether or not it happened by the
    date (``status`` says "not filed" when it had not).
    """

    case: str
    plaintiffs: tuple[str, ...]
    defendants: tuple[str, ...]
    claims: tuple[str, ...]
    status: str
    certain: bool
    filed: ValidDate | None
    history: tuple[tuple[ValidDate, str, str], ...]
    evidence: tuple[str, ...]
    answers: str | None
    counterclaims: tuple[str, ...]
    disputed: tuple[Claim, ...] = attrs.field(default=(), kw_only=True)
    known: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    later: tuple[tuple[ValidDate, str, str], ...] = attrs.field(default=(), kw_only=True)
    later_counterclaims: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True)
    """Each party's id and name at the date asked about, as printed."""
    court: str | None = attrs.field(default=None, kw_only=True)
    """The court the case was before at the date (the last one a step names)."""
    winners: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    """Who won, by a judgment by the date (empty otherwise)."""
    details: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True)
    """What each step says beyond its kind, by event id: the motion and who
    moved, a ruling's outcome, who won, the court."""

    def __repr__(self) -> str:
        sure = "" if self.certain or self.status != "open" else " (possibly)"
        named = dict(self.names)
        head = (
            f"Case {self.case}{as_viewed(self.known, self.published)}: {self.status}{sure}\n"
            f"  plaintiffs: {', '.join(named.get(p, p) for p in self.plaintiffs) or '?'}\n"
            f"  defendants: {', '.join(named.get(p, p) for p in self.defendants) or '?'}\n"
            f"  claims: {'; '.join(self.claims) or '?'}"
        )
        if self.court is not None:
            head += f"\n  court: {self.court}"
        if self.winners:
            head += f"\n  won by: {', '.join(named.get(w, w) for w in self.winners)}"
        if self.answers is not None:
            head += f"\n  counterclaim in: {self.answers}"
        if self.counterclaims:
            head += f"\n  counterclaims: {', '.join(self.counterclaims)}"
        detail = dict(self.details)
        rows = [[date, step + (f": {detail[event]}" if event in detail else ""),
                 event + marks(c for c in self.disputed if c.accepted == event)]
                for date, step, event in self.history]
        text = table(head, ["date", "step", "event"], rows)
        if self.later or self.later_counterclaims:
            later = [[date, step + (f": {detail[event]}" if event in detail else ""), event]
                     for date, step, event in self.later]
            later += [["", "counterclaim", case] for case in self.later_counterclaims]
            text += "\n" + table("Later (after the date asked about)",
                                 ["date", "step", "event"], later)
        return text


@attrs.frozen(repr=False)
class Lawsuits(AsData):
    """Cases open at a date: ``cases`` certainly, ``possible`` possibly.

    Under a party filter, ``unknown_parties`` holds the cases open, certainly
    or possibly, whose steps name no side at all (their filing is not in the
    log): they may concern the party asked for.
    """

    at: _dt.date
    known: pendulum.DateTime | None
    party: str | None
    cases: tuple[CaseView, ...]
    possible: tuple[CaseView, ...]
    plaintiff: str | None
    defendant: str | None
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    unknown_parties: tuple[CaseView, ...] = attrs.field(default=(), kw_only=True)
    names: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True)
    """The id and name, at ``at``, of each party asked about, as printed."""

    def __iter__(self) -> Iterator[CaseView]:
        return iter(self.cases)

    def __len__(self) -> int:
        return len(self.cases)

    def __getitem__(self, case: str) -> CaseView:
        for view in self.cases + self.possible + self.unknown_parties:
            if view.case == case:
                return view
        raise KeyError(case)

    def __repr__(self) -> str:
        def row(c: CaseView) -> list[object]:
            steps = "; ".join(
                f"{d} {s}" + marks(x for x in c.disputed if x.accepted == e)
                for d, s, e in c.history)
            named = dict(c.names)
            return [c.case, tuple(named.get(p, p) for p in c.plaintiffs),
                    tuple(named.get(p, p) for p in c.defendants), c.status, steps]

        asked_names = dict(self.names)
        party, plaintiff, defendant = (
            asked_names.get(e, e) if e else None for e in (self.party, self.plaintiff,
                                                           self.defendant))
        who = (f" involving {party}" if party else "") + (
            f" brought by {plaintiff}" if plaintiff else "") + (
            f" against {defendant}" if defendant else "")
        head = (f"Open lawsuits{who} {_when(self.at, self.known, self.published)}: "
                f"{len(self.cases)}")
        headers = ["case", "plaintiffs", "defendants", "status", "history"]
        asked = self.party or self.plaintiff or self.defendant
        empty = ("(none)" if self.not_known_until is None or asked is None
                 else not_yet_known(asked, self.known, self.not_known_until))
        text = table(head, headers, [row(c) for c in self.cases], empty=empty)
        if self.possible:
            text += "\n" + table("Possibly open", headers, [row(c) for c in self.possible])
        if self.unknown_parties:
            text += "\n" + table(
                f"Parties unknown (the log names no side): {len(self.unknown_parties)}",
                headers, [row(c) for c in self.unknown_parties],
            )
        return text


def _founders(state: OrganizationState) -> str:
    """How many founders remain, and how many were never named."""
    if not state.founders:
        return (f"{state.founder_count} in all, none named" if state.founder_count
                else "unknown")
    text = _remain(len(state.founders_remaining), len(state.founders),
                   len(state.founders_possibly_remaining))
    unnamed = (state.founder_count or 0) - len(state.founders)
    if unnamed > 0:
        text += (f" (of the named; {state.founder_count} in all, {unnamed} unnamed, "
                 "whether they remain unknown)")
    return text


def _remain(certain: int, of: int, possible: int) -> str:
    """"2 of 3 remain", or "0 of 2 remain certainly, 2 possibly"."""
    if not possible:
        return f"{certain} of {of} remain"
    return f"{certain} of {of} remain certainly, {possible} possibly"
