"""Money raised and valuations at a date, three-valued like every other answer.

For a query day D and a round whose date covers the days [a, b]:

- the round is certainly raised by D when b <= D, and *possibly* when
  a <= D < b; ``raised`` sums the first, ``possibly_raised`` the second,
  each by currency, so the amount raised by D lies between ``raised`` and
  ``raised`` plus ``possibly_raised``;
- the valuation shown is the latest one certainly stated by D (from a
  ``FundingRound`` or a ``ValuationReported``; latest by last day, then first
  day, then event id), with its date and event;
- a round that states no valuation, certainly after it (its first day after
  the valuation's last) and certainly by D, makes it stale: it is listed in
  ``later_rounds``; one only possibly after it or possibly by D is listed in
  ``possibly_later_rounds``;
- every other valuation stated possibly by D that may be later than the one
  shown (its last day after the shown one's first) is listed apart, in
  ``possible_valuations``, with the same details.

See the "Money raised and valuations" section of docs/concepts.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from timeline.model.catalog import Basis, Commitment, FundingRound, ValuationReported
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.events import Event
from timeline.model.money import Money

__all__ = ["Funding", "Pending", "Valuation", "funding_at"]

Dated = tuple[ValidDate, str]


@attrs.frozen(repr=False)
class Valuation:
    """A valuation as stated on ``date`` by ``event``.

    ``certain`` says whether it was certainly stated by the query date.
    ``later_rounds`` are the rounds certainly after it and by the query date
    that stated no valuation (so it may be stale); ``possibly_later_rounds``
    those only possibly after it or possibly by then. Each is (date, event).

    >>> value = Valuation(Money("5e7", "USD"), ValidDate.parse("2018"), "a", True,
    ...                   ((ValidDate.parse("2019-02-01"), "b"),), ())
    >>> value.amount, value.currency, str(value.date)
    (Decimal('5E+7'), 'USD', '2018')
    >>> print(value)
    USD 50,000,000 (2018, event a; no valuation stated by the later round b of 2019-02-01)
    """

    money: Money
    date: ValidDate
    event: str
    certain: bool
    later_rounds: tuple[Dated, ...]
    possibly_later_rounds: tuple[Dated, ...]
    certainty: Certainty = attrs.field(default=Certainty.REPORTED, kw_only=True)
    """The certainty of the event that stated it: a view that takes rumours
    in shows a rumoured valuation, marked so."""
    basis: Basis | None = attrs.field(default=None, kw_only=True)
    """Pre- or post-money, when the report says which."""
    post_money: Money | None = attrs.field(default=None, kw_only=True)
    """The post-money valuation: the valuation itself when stated post-money,
    the pre-money valuation plus the round's amount (same currency) when
    stated pre-money, else None (not known which)."""

    @property
    def amount(self) -> Decimal:
        return self.money.amount

    @property
    def currency(self) -> str:
        return self.money.currency

    @property
    def stale(self) -> bool:
        """Whether a later round certainly stated no valuation."""
        return bool(self.later_rounds)

    def __str__(self) -> str:
        rumour = ", rumor" if self.certainty < Certainty.REPORTED else ""
        notes = [f"{self.date}, event {self.event}{rumour}"]
        if self.later_rounds:
            notes.append("no valuation stated by the later round " + _rounds(self.later_rounds))
        if self.possibly_later_rounds:
            notes.append("none stated by the possibly later round "
                         + _rounds(self.possibly_later_rounds))
        basis = f" {self.basis.value}" if self.basis is not None else ""
        if self.basis is Basis.PRE_MONEY and self.post_money is not None:
            basis += f", {self.post_money} post-money"
        return f"{self.money}{basis} ({'; '.join(notes)})"

    def __repr__(self) -> str:
        return f"<Valuation {'' if self.certain else 'possibly '}{self}>"


def _rounds(rounds: Iterable[Dated]) -> str:
    return ", ".join(f"{event} of {date}" for date, event in rounds)


@attrs.frozen
class Pending:
    """A commitment of a round that no tranche had certainly paid by the
    query date: ``round`` is the event that made it, on ``date``;
    ``certain`` whether that round was certainly made by then; ``overdue``
    whether its due date had certainly passed; ``possibly_paid_by`` the
    tranches that may have paid it by then (their dates cover the day).

    >>> print(Pending(Commitment(amount=Money("3e10", "USD"), by="2025-12"), "sb",
    ...               ValidDate.parse("2025-03-31"), True, False, ()))
    USD 30,000,000,000 by 2025-12 (committed in sb of 2025-03-31)
    """

    commitment: Commitment
    round: str
    date: ValidDate
    certain: bool
    overdue: bool
    possibly_paid_by: tuple[str, ...]
    partly_paid_by: tuple[str, ...] = ()
    """Tranches certainly paid by then whose amounts differ from the
    commitment's: they paid part of it, not all (or, unless every amount is
    exact, an unknown part)."""

    def __str__(self) -> str:
        notes = [f"committed in {self.round} of {self.date}"]
        if self.overdue:
            notes.append("due date passed, not reported paid")
        if self.partly_paid_by:
            notes.append("partly paid by " + ", ".join(self.partly_paid_by))
        if self.possibly_paid_by:
            notes.append("possibly paid by " + ", ".join(self.possibly_paid_by))
        return f"{self.commitment} ({'; '.join(notes)})"


@attrs.frozen
class Funding:
    """What an organisation had raised and was valued at, at one date, and
    what had been committed and not yet paid."""

    raised: tuple[Money, ...]
    possibly_raised: tuple[Money, ...]
    valuation: Valuation | None
    possible_valuations: tuple[Valuation, ...]
    committed: tuple[Pending, ...] = ()


def _key(event: Event) -> tuple[int, int, str]:
    return event.valid.last, event.valid.first, event.id


def _totals(rounds: Iterable[FundingRound]) -> tuple[Money, ...]:
    """The amounts by currency: a sum keeps the bounds of its parts."""
    totals: dict[str, Money] = {}
    for round_ in rounds:
        amount = round_.amount
        if amount is not None:
            held = totals.get(amount.currency)
            totals[amount.currency] = amount if held is None else held + amount
    return tuple(totals[currency] for currency in sorted(totals))


def _post_money(event: Event, money: Money) -> Money | None:
    basis = getattr(event, "valuation_basis", None)
    if basis is Basis.POST_MONEY:
        return money
    amount = event.amount if isinstance(event, FundingRound) else None
    if basis is Basis.PRE_MONEY and amount is not None and amount.currency == money.currency:
        return money + amount
    return None


def _pending(rounds: Sequence[FundingRound], day: int) -> tuple[Pending, ...]:
    """The commitments of ``rounds`` not certainly paid by ``day``: each
    tranche certainly by then (in date order) pays its round's commitment of
    the same amount; one of untold amount pays the first one still unpaid;
    one of another amount pays part of it, which is paid once the least such
    parts can add up to covers the most it can be."""
    paid: dict[str, list[FundingRound]] = {}
    maybe: dict[str, list[str]] = {}
    for r in sorted(rounds, key=_key):
        if r.tranche_of is not None:
            if r.valid.last <= day:
                paid.setdefault(r.tranche_of, []).append(r)
            else:
                maybe.setdefault(r.tranche_of, []).append(r.id)
    pending = []
    for r in sorted(rounds, key=_key):
        left = list(range(len(r.commitments)))
        parts: dict[int, list[FundingRound]] = {}
        for tranche in paid.get(r.id, ()):
            same = [i for i in left if r.commitments[i].amount == tranche.amount]
            if same:
                left.remove(same[0])
            elif left and tranche.amount is None:  # reported as the tranche, amount untold
                left.pop(0)
            elif left:
                parts.setdefault(left[0], []).append(tranche)
                if _adds_up(r.commitments[left[0]].amount, parts[left[0]]):
                    left.pop(0)
        for i in left:
            commitment = r.commitments[i]
            overdue = commitment.by is not None and commitment.by.last < day
            pending.append(Pending(commitment, r.id, r.valid, r.valid.last <= day, overdue,
                                   tuple(maybe.get(r.id, ())),
                                   tuple(t.id for t in parts.get(i, ()))))
    return tuple(pending)


def _adds_up(owed: Money, tranches: Sequence[FundingRound]) -> bool:
    """Whether tranches in the currency owed certainly pay it: the least
    they can add up to covers the most that can be owed."""
    amounts = [t.amount for t in tranches]
    if owed.high is None or not all(
            a is not None and a.currency == owed.currency for a in amounts):
        return False
    return sum(a.low for a in amounts if a is not None) >= owed.high


def _stated(event: Event) -> Money | None:
    if isinstance(event, (FundingRound, ValuationReported)):
        return event.valuation
    return None


def funding_at(events: Sequence[Event], day: int) -> Funding:
    """Money and valuations at ``day`` from an organisation's rounds and
    valuation reports that a view holds, dated possibly by ``day``.

    Runtime: O(e log e) for the e events given, plus O(e) for each
    valuation in the answer.
    """
    mine = [e for e in events if e.valid.first <= day]
    rounds = [e for e in mine if isinstance(e, FundingRound)]
    unstated = sorted((r for r in rounds if r.valuation is None), key=_key)
    stated = sorted((e for e in mine if _stated(e) is not None), key=_key)

    def value(event: Event) -> Valuation:
        money = _stated(event)
        assert money is not None
        first, last = event.valid.first, event.valid.last
        later: list[Dated] = []
        maybe: list[Dated] = []
        for r in unstated:
            if r.valid.first > last and r.valid.last <= day:
                later.append((r.valid, r.id))
            elif r.valid.last > first:
                maybe.append((r.valid, r.id))
        return Valuation(money, event.valid, event.id, last <= day, tuple(later), tuple(maybe),
                         certainty=event.certainty,
                         basis=getattr(event, "valuation_basis", None),
                         post_money=_post_money(event, money))

    certain = [e for e in stated if e.valid.last <= day]
    shown = certain[-1] if certain else None
    possible = tuple(
        value(e) for e in stated
        if e is not shown and (shown is None or e.valid.last > shown.valid.first)
    )
    return Funding(
        raised=_totals(r for r in rounds if r.valid.last <= day),
        possibly_raised=_totals(r for r in rounds if r.valid.last > day),
        valuation=value(shown) if shown is not None else None,
        possible_valuations=possible,
        committed=_pending(rounds, day),
    )
