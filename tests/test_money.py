"""Money as reported: exact decimals in ISO 4217 currencies, bounds and
approximations that sums keep, and reading reported text."""

from __future__ import annotations

import decimal

import pytest
from hypothesis import given

from timeline import (
    AmountOrderError,
    CurrencyMismatchError,
    InvalidEventError,
    InvalidMoneyError,
    Money,
    TimelineError,
)
from timeline.model.money import as_money
from timeline.testing import money as reported_money

D = decimal.Decimal


# -- exact amounts -----------------------------------------------------------------


def test_a_float_is_refused_with_a_hint_to_give_a_string() -> None:
    with pytest.raises(InvalidEventError, match=r"a float is not exact.*'0.1'") as caught:
        Money(0.1, "USD")
    assert "amount" == caught.value.field


@pytest.mark.parametrize("code", ["XYZ", "US", "usdollar", "$"])
def test_an_unknown_currency_code_is_refused(code: str) -> None:
    with pytest.raises(InvalidEventError, match="ISO 4217") as caught:
        Money(1, code)
    assert code == caught.value.value


def test_amounts_in_one_currency_add_and_compare() -> None:
    assert Money("5e9", "USD") == Money("3e9", "USD") + Money("2e9", "USD")
    assert Money(5, "USD") == sum([Money(2, "USD"), Money(3, "USD")])
    assert Money(2, "USD") < Money(3, "USD")
    assert Money(3, "USD") >= Money(3, "USD")
    assert sorted([Money(3, "EUR"), Money(1, "EUR")]) == [Money(1, "EUR"), Money(3, "EUR")]


def test_amounts_in_two_currencies_neither_add_nor_compare() -> None:
    with pytest.raises(CurrencyMismatchError, match="cannot add USD 1 and EUR 1") as caught:
        Money(1, "USD") + Money(1, "EUR")
    assert (Money(1, "USD"), Money(1, "EUR")) == (caught.value.left, caught.value.right)
    with pytest.raises(CurrencyMismatchError, match="compare"):
        _ = Money(1, "USD") < Money(2, "EUR")
    assert isinstance(caught.value, (TimelineError, ValueError))


# -- bounds and approximations --------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "total"),
    [
        (Money(3, "USD", bound="at least"), Money(2, "USD"), "at least USD 5"),
        (Money(3, "USD", bound="more than"), Money(2, "USD", bound="at least"), "more than USD 5"),
        (Money(3, "USD", bound="at most"), Money(2, "USD"), "USD 2 to 5"),
        (Money(3, "USD", bound="less than"), Money(2, "USD", bound="at most"), "less than USD 5"),
        (Money(3, "USD", approximate=True), Money(2, "USD"), "about USD 5"),
        (Money(1, "USD", bound="between", upper=2), Money(2, "USD"), "USD 3 to 4"),
        (Money(1, "USD", bound="at least"), Money(2, "USD", bound="at most"), "at least USD 1"),
    ],
)
def test_a_sum_keeps_what_its_parts_do_not_say(left: Money, right: Money, total: str) -> None:
    assert total == str(left + right)
    assert total == str(right + left)


@given(reported_money(("USD",)), reported_money(("USD",)), reported_money(("USD",)))
def test_a_sum_of_reported_amounts_lies_between_the_sums_of_their_ends(
    a: Money, b: Money, c: Money
) -> None:
    total = sum([a, b, c])
    assert isinstance(total, Money)
    assert a.low + b.low + c.low == total.low
    highs = [a.high, b.high, c.high]
    expected = None if None in highs else sum(h for h in highs if h is not None)
    assert expected == total.high
    assert (a.approximate or b.approximate or c.approximate) == total.approximate
    assert total == (a + b) + c == a + (b + c)


def test_a_non_strict_comparison_holds_where_the_bounds_meet() -> None:
    assert Money(5, "USD", bound="at most") <= Money(5, "USD")
    assert Money(5, "USD", bound="at least") >= Money(5, "USD")
    with pytest.raises(AmountOrderError, match="whether USD 5 >= at least USD 3"):
        _ = Money(5, "USD") >= Money(3, "USD", bound="at least")


def test_reported_amounts_compare_only_when_their_bounds_do_not_overlap() -> None:
    assert Money(3, "USD", bound="at most") < Money(5, "USD")
    assert Money(5, "USD") < Money(5, "USD", bound="more than")
    assert not Money(7, "USD", bound="at least") < Money(5, "USD")
    with pytest.raises(AmountOrderError, match="cannot say whether at least USD 3 < USD 5"):
        _ = Money(3, "USD", bound="at least") < Money(5, "USD")


def test_a_between_needs_an_upper_amount_above_the_lower() -> None:
    with pytest.raises(InvalidEventError, match="upper"):
        Money(5, "USD", bound="between")
    with pytest.raises(InvalidEventError, match="ends above"):
        Money(5, "USD", bound="between", upper=4)
    with pytest.raises(InvalidEventError, match="upper"):
        Money(5, "USD", upper=6)


def test_a_reported_amount_round_trips_through_its_dict() -> None:
    for money in (Money("3e9", "USD", bound="more than", approximate=True),
                  Money(1, "EUR", bound="between", upper="1.5"), Money("6.6e9", "USD")):
        assert money == as_money(money.to_dict())


# -- reading reported text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("$3.5B", {}, Money("3.5e9", "USD")),
        ("US$7 miliar", {"language": "id"}, Money("7e9", "USD")),
        ("7 miliar dolar AS", {"language": "id"}, Money("7e9", "USD")),
        ("Rp 1.500.000", {}, Money("1500000", "IDR")),
        ("Rp7,5 triliun", {"language": "id"}, Money("7.5e12", "IDR")),
        ("7 milliards de dollars", {"language": "fr"}, Money("7e9", "USD")),
        ("1,5 billion €", {"language": "fr"}, Money("1.5e12", "EUR")),
        ("1.5 billion €", {}, Money("1.5e9", "EUR")),
        ("USD 13,000,000,000", {}, Money("13e9", "USD")),
        ("6.6 billion USD", {}, Money("6.6e9", "USD")),
        ("£500m", {}, Money("5e8", "GBP")),
        ("1.500", {"currency": "EUR", "language": "fr"}, Money(1500, "EUR")),
        ("1.500", {"currency": "EUR"}, Money("1.5", "EUR")),
        ("$3 billion", {"currency": "CAD"}, Money("3e9", "CAD")),
        ("more than $3 billion", {}, Money("3e9", "USD", bound="more than")),
        ("at least $7B", {}, Money("7e9", "USD", bound="at least")),
        ("lebih dari US$7 miliar", {}, Money("7e9", "USD", bound="more than")),
        ("plus de 3 milliards d'euros", {}, Money("3e9", "EUR", bound="more than")),
        ("about €1bn", {}, Money("1e9", "EUR", approximate=True)),
        ("nearly $3B", {}, Money("3e9", "USD", bound="less than", approximate=True)),
        ("between $5B and $6.5B", {}, Money("5e9", "USD", bound="between", upper="6.5e9")),
        ("$5bn-$6bn", {}, Money("5e9", "USD", bound="between", upper="6e9")),
        ("US$7-8 miliar", {}, Money("7e9", "USD", bound="between", upper="8e9")),
        ("up to $5 billion", {}, Money("5e9", "USD", bound="at most")),
        ("Rp 1.500", {}, Money(1500, "IDR")),
        ("€1 500 000", {}, Money(1500000, "EUR")),
    ],
)
def test_money_is_read_as_reporting_writes_it(
    text: str, options: dict[str, str], expected: Money
) -> None:
    assert expected == Money.parse(text, **options)


@pytest.mark.parametrize(
    ("text", "reason", "position"),
    [
        ("3.5 billion", "it names no currency", None),
        ("$3.5 gazillion", "cannot read 'gazillion'", 5),
        ("$3 €", "it names two currencies (EUR, USD)", 3),
        ("", "expected reported text", None),
        ("dollars", "it has no figure", None),
        ("between $6B and $5B", "a 'between' ends above where it starts", None),
        ("$3 2024", "it has a second figure, '2024'", None),
        ("$3 in 2024", "it has a second figure, '2024'", 6),
    ],
)
def test_unreadable_money_names_the_text_the_reason_and_where(
    text: str, reason: str, position: int | None
) -> None:
    with pytest.raises(InvalidMoneyError) as caught:
        Money.parse(text)
    assert text == caught.value.value
    assert reason in caught.value.reason
    assert position == caught.value.position
    assert isinstance(caught.value, InvalidEventError)


def test_an_unreadable_text_is_quoted_in_bounded_length() -> None:
    with pytest.raises(InvalidMoneyError) as caught:
        Money.parse("x" * 500 + " $3")
    assert len(str(caught.value)) < 300


@given(reported_money())
def test_what_money_prints_reads_back_the_same(money: Money) -> None:
    assert money == Money.parse(str(money))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$5B to $6B", Money("5e9", "USD", bound="between", upper="6e9")),
        ("5 to 6 billion dollars", Money("5e9", "USD", bound="between", upper="6e9")),
        ("about USD 5 to 6", Money(5, "USD", bound="between", upper=6, approximate=True)),
        ("more than about USD 3", Money(3, "USD", bound="more than", approximate=True)),
    ],
)
def test_a_span_and_a_bounded_approximation_are_read(text: str, expected: Money) -> None:
    assert expected == Money.parse(text)


def test_an_amount_plus_is_a_lower_bound_and_a_second_bound_is_refused() -> None:
    assert str(Money.parse("$2 billion-plus")) == str(Money.parse("at least $2 billion"))
    assert str(Money.parse("$2B+")) == "at least USD 2,000,000,000"
    with pytest.raises(InvalidMoneyError, match="bounded twice"):
        Money.parse("more than $2B+")


@pytest.mark.parametrize("text", ["plus de $1.5 billion", "environ $1.5 billion"])
def test_a_french_qualifier_before_an_english_amount_keeps_english_billions(text: str) -> None:
    assert Money.parse(text).amount == decimal.Decimal("1.5e9")


@pytest.mark.parametrize(("text", "reason"), [
    ("$1.2.3B", "cannot read the figure '1.2.3'"),
    ("$1..3B", "cannot read the figure '1..3'"),
    ("$2B?", "it has a question mark"),
])
def test_a_figure_that_cannot_be_read_one_way_is_refused_with_where_and_a_hint(
        text: str, reason: str) -> None:
    with pytest.raises(InvalidMoneyError, match=reason) as caught:
        Money.parse(text)
    assert caught.value.position is not None
    assert caught.value.hint


def test_a_tilde_is_about() -> None:
    assert str(Money.parse("~$2B")) == str(Money.parse("about $2B"))


def test_digits_of_another_script_are_refused_naming_where() -> None:
    with pytest.raises(InvalidMoneyError, match="is not ASCII 0-9") as caught:
        Money.parse("$\uff12B")
    assert caught.value.position == 1


@pytest.mark.parametrize("amount", ["1e999999", "1e400", "1E+24", "1e99999999999"])
def test_an_amount_too_large_for_sums_to_keep_is_refused_naming_it(amount: str) -> None:
    with pytest.raises(InvalidEventError, match="larger than any amount of money") as caught:
        Money(amount, "USD")
    assert ("amount", amount) == (caught.value.field, caught.value.value)


def test_an_amount_below_a_septillion_keeps_every_digit_in_sums() -> None:
    big = Money("899999999999999999999999", "USD")
    assert D("900000000000000000000000.25") == (big + Money("1.25", "USD")).amount


@pytest.mark.parametrize("amount", ["inf", "nan", "-1", "1e400"])
def test_an_amount_from_json_lines_that_cannot_be_money_names_its_line_and_field(
    amount: str,
) -> None:
    import io  # noqa: PLC0415 - only this test reads JSON Lines

    from timeline import JsonLinesError, Timeline  # noqa: PLC0415

    line = ('{"kind": "funding-round", "id": "r1", "valid": "2024", "sources": ["wire"], '
            '"org": "acme", "amount": {"amount": "AMOUNT", "currency": "USD"}}\n'
            ).replace("AMOUNT", amount)
    with pytest.raises(JsonLinesError, match=f"line 1: invalid amount='{amount}'"):
        Timeline().import_jsonl(io.StringIO(line))


@pytest.mark.parametrize("text", ["USD 1 " + "2" * 5000, "USD 12,34," + "5" * 5000])
def test_reported_text_with_a_huge_figure_is_refused_with_a_bounded_message(text: str) -> None:
    with pytest.raises(InvalidMoneyError) as caught:
        Money.parse(text)
    assert len(str(caught.value)) < 500
