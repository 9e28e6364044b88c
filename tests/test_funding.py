"""Money raised and valuations: dated, never stale in silence, three-valued."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    Basis,
    Certainty,
    Commitment,
    EventTypes,
    FundingRound,
    InvalidEventError,
    Money,
    Timeline,
    ValuationReported,
)
from timeline.model.dates import ValidDate
from timeline.model.events import Event

RECORDED = "2024-01-02T00:00:00Z"


def _acme(*events: Event) -> Timeline:
    return build([*declare(orgs={"acme": "Acme"}), *events])


def _round(event_id: str, valid: str, amount: str, valuation: str | None = None) -> FundingRound:
    return FundingRound(id=event_id, valid=valid, org="acme", amount=Money(amount, "USD"),
                        valuation=Money(valuation, "USD") if valuation else None,
                        sources=WIRE, recorded=RECORDED)


def _valued(event_id: str, valid: str, valuation: str) -> ValuationReported:
    return ValuationReported(id=event_id, valid=valid, org="acme",
                             valuation=Money(valuation, "USD"), sources=WIRE,
                             recorded=RECORDED)


# -- valuations ----------------------------------------------------------------------


def test_a_valuation_carries_its_date_and_event() -> None:
    valuation = _acme(_round("a", "2018-05-01", "5e6", "50e6")).organization(
        "acme", at="2019").valuation
    assert (Money("50e6", "USD"), ValidDate.parse("2018-05-01"), "a", True) == (
        valuation.money, valuation.date, valuation.event, valuation.certain
    )
    assert (valuation.money.amount, "USD") == (valuation.amount, valuation.currency)
    assert "USD 50,000,000 (2018-05-01, event a)" == str(valuation)


def test_a_valuation_says_a_later_round_stated_none() -> None:
    tl = _acme(_round("a", "2018-05-01", "5e6", "50e6"), _round("b", "2019-02-01", "9e6"))
    state = tl.organization("acme", at="2019-12-31")
    assert ((ValidDate.parse("2019-02-01"), "b"),) == state.valuation.later_rounds
    assert state.valuation.stale
    assert "no valuation stated by the later round b of 2019-02-01" in repr(state)
    before_b = tl.organization("acme", at="2019-01-31").valuation
    assert ((), False) == (before_b.later_rounds, before_b.stale)


def test_a_round_that_only_may_be_later_or_by_the_date_is_said_so() -> None:
    tl = _acme(_round("a", "2019-03-01", "5e6", "50e6"), _round("b", "2019", "9e6"),
               _round("c", "2020", "1e6"))
    valuation = tl.organization("acme", at="2020-06-30").valuation
    assert () == valuation.later_rounds
    assert ["b", "c"] == [event for _, event in valuation.possibly_later_rounds]
    assert "none stated by the possibly later round b of 2019, c of 2020" in str(valuation)


def test_a_later_valuation_report_replaces_an_older_round_valuation() -> None:
    tl = _acme(_round("a", "2018", "5e6", "50e6"), _round("b", "2019-02-01", "9e6"),
               _valued("v", "2020-03-01", "80e6"))
    valuation = tl.organization("acme", at="2020-12-31").valuation
    assert ("v", ()) == (valuation.event, valuation.later_rounds)


def test_a_valuation_that_may_be_later_than_the_one_shown_is_listed_apart() -> None:
    tl = _acme(_valued("old", "2020-03-01", "80e6"), _valued("new", "2024", "90e6"))
    state = tl.organization("acme", at="2024-06-30")
    assert "old" == state.valuation.event
    assert [("new", False)] == [(v.event, v.certain) for v in state.possible_valuations]
    assert "possibly valued  USD 90,000,000 (2024, event new)" in repr(state)
    assert ("new", ()) == (
        tl.organization("acme", at="2024-12-31").valuation.event,
        tl.organization("acme", at="2024-12-31").possible_valuations,
    )


def test_with_no_valuation_certain_yet_a_possible_one_is_still_shown_apart() -> None:
    state = _acme(_valued("v", "2024", "90e6")).organization("acme", at="2024-06-30")
    assert (None, None) == (state.valuation, state.valuation_date)
    assert ["v"] == [v.event for v in state.possible_valuations]


# -- money raised -------------------------------------------------------------------


def test_a_round_dated_by_year_is_possibly_raised_in_the_middle_of_that_year() -> None:
    tl = _acme(_round("seed", "2023-03-01", "1e6"), _round("a", "2024", "5e6"))
    mid_2024 = tl.organization("acme", at="2024-06-30")
    assert ((Money("1e6", "USD"),), (Money("5e6", "USD"),)) == (
        mid_2024.raised, mid_2024.possibly_raised
    )
    assert "raised         USD 1,000,000; possibly also USD 5,000,000" in repr(mid_2024)
    end_2024 = tl.organization("acme", at="2024-12-31")
    assert ((Money("6e6", "USD"),), ()) == (end_2024.raised, end_2024.possibly_raised)


def test_only_possibly_raised_money_is_not_called_nothing() -> None:
    state = _acme(_round("a", "2024", "5e6")).organization("acme", at="2024-06-30")
    assert "raised         possibly USD 5,000,000" in repr(state)
    assert "nothing known" not in repr(state)


def test_a_view_that_takes_rumours_in_marks_the_rumoured_rounds_and_valuation() -> None:
    # a rumoured round and its valuation were summed and shown as plain facts
    rumour = FundingRound(id="talks", valid="2025-04", org="acme", amount=Money("2e9", "USD"),
                          valuation=Money("1e10", "USD"), certainty="rumored", sources=WIRE,
                          recorded=RECORDED)
    tl = _acme(_round("seed", "2025-07-15", "2e9", "1.2e10"), rumour)
    may = tl.organization("acme", at="2025-05", min_certainty="rumored")
    assert may.valuation is not None
    assert Certainty.RUMORED == may.valuation.certainty
    assert "USD 10,000,000,000 (2025-04, event talks, rumor)" in repr(may)
    assert "(counting rumoured rounds: talks)" in repr(may)
    july = tl.organization("acme", at="2025-07-31")
    assert "rumor" not in repr(july)
    assert Certainty.REPORTED == july.valuation.certainty


def test_a_round_of_undisclosed_amount_is_named_beside_the_sum_it_is_left_out_of() -> None:
    tl = _acme(_round("a", "2018-05-01", "5e6"),
               FundingRound(id="b", valid="2019-02", org="acme", sources=WIRE,
                            recorded=RECORDED))
    state = tl.organization("acme", at="2019-12-31")
    assert (Money("5e6", "USD"),) == state.raised
    assert "USD 5,000,000; and 1 round of undisclosed amount (b)" in repr(state)


def test_explaining_a_valuation_names_it_in_the_heading() -> None:
    tl = _acme(_round("a", "2018-05-01", "5e6", "50e6"))
    why = tl.explain(tl.organization("acme", at="2019").valuation)
    assert repr(why).startswith("Why the valuation USD 50,000,000 (2018-05-01)")


def test_explaining_a_roster_names_it_in_the_heading() -> None:
    tl = Timeline.example()
    assert repr(tl.explain(tl.roster("OpenAI", at="2024-06-01"))).startswith(
        "Why the roster of OpenAI at 2024-06-01")


# -- money as reported ------------------------------------------------------------------


def _reported(event_id: str, valid: str, amount: str | None, **fields: object) -> FundingRound:
    return FundingRound(id=event_id, valid=valid, org="acme",
                        amount=None if amount is None else Money.parse(amount),
                        sources=WIRE, recorded=RECORDED, **fields)  # type: ignore[arg-type]


def test_a_bounded_round_keeps_its_bound_in_the_total() -> None:
    tl = _acme(_round("seed", "2020", "1e9"), _reported("b", "2021", "more than $3 billion"))
    state = tl.organization("acme", at="2022")
    assert (Money("4e9", "USD", bound="more than"),) == state.raised
    assert "raised         more than USD 4,000,000,000" in repr(state)


def test_an_approximate_round_makes_the_total_approximate() -> None:
    tl = _acme(_round("seed", "2020", "1e9"), _reported("b", "2021", "about $2B"))
    assert "about USD 3,000,000,000" == str(tl.organization("acme", at="2022").raised[0])


def test_a_pre_money_valuation_gives_the_post_money_one_with_the_round() -> None:
    tl = _acme(_reported("a", "2024-10-02", "$6.6B", valuation=Money.parse("$150B"),
                         valuation_basis="pre-money"))
    valuation = tl.organization("acme", at="2024-12").valuation
    assert (Basis.PRE_MONEY, Money("156.6e9", "USD")) == (valuation.basis,
                                                          valuation.post_money)
    assert str(valuation).startswith(
        "USD 150,000,000,000 pre-money, USD 156,600,000,000 post-money (2024-10-02")


def test_a_post_money_valuation_is_its_own_post_money() -> None:
    tl = _acme(_reported("a", "2024-10-02", "$6.6B", valuation=Money.parse("$157B"),
                         valuation_basis="Post money"))
    valuation = tl.organization("acme", at="2024-12").valuation
    assert Money("157e9", "USD") == valuation.post_money
    assert "USD 157,000,000,000 post-money (2024-10-02, event a)" == str(valuation)


def test_a_basis_without_a_valuation_is_refused() -> None:
    with pytest.raises(InvalidEventError, match="a basis qualifies a valuation"):
        _reported("a", "2024", "$1B", valuation_basis="pre-money")


_LATER = Commitment(amount=Money("30e9", "USD"), by="2025-12",
                    condition="if it becomes a for-profit company")


def test_a_commitment_is_listed_until_a_tranche_pays_it() -> None:
    tl = _acme(_reported("sb", "2025-03-31", "$10B", commitments=[_LATER]),
               _reported("sb-2", "2025-12-15", "$30B", tranche_of="sb"))
    before = tl.organization("acme", at="2025-06")
    assert [("sb", _LATER, True, False, ())] == [
        (p.round, p.commitment, p.certain, p.overdue, p.possibly_paid_by)
        for p in before.committed]
    assert ("committed      USD 30,000,000,000 by 2025-12, if it becomes a for-profit company "
            "(committed in sb of 2025-03-31)") in repr(before)
    assert () == tl.organization("acme", at="2025-12-31").committed
    assert (Money("40e9", "USD"),) == tl.organization("acme", at="2025-12-31").raised


def test_a_tranche_of_part_of_a_commitment_leaves_it_pending_until_the_parts_add_up() -> None:
    tl = _acme(_reported("sb", "2025-03-31", "$10B", commitments=[_LATER]),
               _reported("sb-2", "2025-09", "$10B", tranche_of="sb"),
               _reported("sb-3", "2025-11", "about $10B", tranche_of="sb"),
               _reported("sb-4", "2026-01", "$10B", tranche_of="sb"))
    [partly] = tl.organization("acme", at="2025-10").committed
    assert partly.partly_paid_by == ("sb-2",)
    assert "partly paid by sb-2" in repr(tl.organization("acme", at="2025-10"))
    assert [p.partly_paid_by for p in tl.organization("acme", at="2025-12").committed] == [
        ("sb-2", "sb-3")]
    # the least the parts add up to covers what is owed
    assert tl.organization("acme", at="2026-02").committed == ()
    short = _acme(_reported("sb", "2025-03-31", "$10B", commitments=[_LATER]),
                  _reported("sb-2", "2025-09", "$10B", tranche_of="sb"),
                  _reported("sb-3", "2025-11", "up to $20B", tranche_of="sb"))
    assert [p.partly_paid_by for p in short.organization("acme", at="2025-12").committed] == [
        ("sb-2", "sb-3")]


def test_a_tranche_of_untold_amount_or_at_least_the_amount_owed_pays_it() -> None:
    for amount in (None, "$30 billion-plus", "about $30B"):
        tl = _acme(_reported("sb", "2025-03-31", "$10B", commitments=[_LATER]),
                   _reported("sb-2", "2025-09", amount, tranche_of="sb"))
        assert tl.organization("acme", at="2025-10").committed == (), amount


def test_a_commitment_past_its_due_date_is_overdue_not_forgotten() -> None:
    state = _acme(_reported("sb", "2025-03-31", "$10B", commitments=[_LATER])).organization(
        "acme", at="2026-02")
    assert [True] == [p.overdue for p in state.committed]
    assert "due date passed, not reported paid" in repr(state)


def test_a_tranche_of_imprecise_date_possibly_pays_its_commitment() -> None:
    tl = _acme(_reported("sb", "2025-03-31", "$10B", commitments=[_LATER]),
               _reported("sb-2", "2025-12", "$30B", tranche_of="sb"))
    pending = tl.organization("acme", at="2025-12-10").committed
    assert [("sb-2",)] == [p.possibly_paid_by for p in pending]


def test_a_commitment_is_read_from_a_mapping_and_round_trips() -> None:
    event = _reported("sb", "2025-03-31", "$10B", investors=["masayoshi-son"],
                      commitments=[{"amount": {"amount": "3e10", "currency": "USD"},
                                    "by": "2025-12", "condition": "if it converts"}])
    types = EventTypes.default()
    assert event == types.decode(json.loads(json.dumps(types.encode(event))))
    assert Money("30e9", "USD") == event.commitments[0].amount


def test_a_person_can_invest() -> None:
    tl = build([*declare(orgs={"acme": "Acme"}, people={"reid-hoffman": "Reid Hoffman"}),
                _reported("seed", "2015-12", "$1B", investors=["reid-hoffman"])])
    assert ("reid-hoffman",) == tl.organization("acme", at="2016").rounds[0].investors


def test_a_store_written_at_event_schema_2_reads_its_rounds(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with Timeline.open(path) as tl:
        tl.extend([*declare(orgs={"acme": "Acme"}), _round("a", "2020", "5e6", "50e6")])
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER events_redact_only")
    db.execute("UPDATE events SET version = 2")
    db.commit()
    db.close()
    with Timeline.open(path) as again:
        assert (Money("5e6", "USD"),) == again.organization("acme", at="2021").raised
        assert again.verify().ok


def test_an_old_file_with_a_float_and_a_non_iso_currency_still_reads() -> None:
    import io  # noqa: PLC0415 - only this test reads a stream

    lines = (
        '{"kind": "organization-declared", "id": "o", "valid": "2015", "sources": ["s"], '
        '"recorded": "2024-01-01T00:00:00Z", "entity": "acme", "name": "Acme"}\n'
        '{"kind": "funding-round", "id": "f", "valid": "2020", "sources": ["s"], '
        '"recorded": "2024-01-01T00:00:00Z", "org": "acme", '
        '"amount": {"amount": 1.5e9, "currency": "RMB"}}\n'
        '{"kind": "funding-round", "id": "g", "valid": "2021", "sources": ["s"], '
        '"recorded": "2024-01-01T00:00:00Z", "org": "acme", '
        '"amount": {"amount": "5", "currency": "BTC"}}\n')
    tl = Timeline.from_jsonl(io.StringIO(lines))
    assert (Money("1.5e9", "CNY"), Money(5, "XXX")) == tl.organization("acme", at="2022").raised
    assert "in 'BTC' as written before event schema 3" in tl.history("acme").entries[-1].event.note


def test_a_tranche_pays_the_commitment_of_its_amount() -> None:
    first = Commitment(amount=Money("10e9", "USD"), by="2025-06")
    second = Commitment(amount=Money("20e9", "USD"), by="2025-12")
    tl = _acme(_reported("sb", "2025-03-31", "$10B", commitments=[first, second]),
               _reported("sb-2", "2025-12-15", "$20B", tranche_of="sb"))
    assert [first] == [p.commitment for p in tl.organization("acme", at="2026").committed]


def test_a_rounds_view_carries_its_valuation_basis() -> None:
    tl = _acme(_reported("a", "2024-10-02", "$6.6B", valuation=Money.parse("$150B"),
                         valuation_basis="pre-money"))
    assert Basis.PRE_MONEY == tl.organization("acme", at="2025").rounds[0].valuation_basis


def test_a_tranche_of_another_organisations_round_or_before_its_round_is_refused() -> None:
    tl = _acme(_reported("sb", "2025-03-31", "$10B", commitments=[_LATER]))
    with pytest.raises(InvalidEventError, match="a tranche pays a round of its own"):
        tl.append(FundingRound(id="other", valid="2025-09", org="bolt",
                               amount=Money.parse("$30B"), tranche_of="sb", sources=WIRE,
                               recorded=RECORDED))
    with pytest.raises(InvalidEventError, match="comes certainly before its round"):
        tl.append(_reported("early", "2025-01", "$30B", tranche_of="sb"))
