"""Amounts of money with their currency, exact or as reported: bounded
("more than $3B", "at least $7B", "between $5B and $6B") or approximate
("about $1B").

An amount is an exact decimal (a float is refused: it is not the number a
reporter wrote) in an ISO 4217 currency. Amounts add and compare within a
currency; a sum keeps what its parts do not say: "at least $3B" plus $2B
is "at least $5B". See "Money as reported" in docs/concepts.md.

>>> Money("3e9", "USD", bound="at least") + Money("2e9", "USD")
Money('at least', '5E+9', 'USD')
>>> print(Money("5e9", "usd", bound="between", upper="6e9"))
USD 5,000,000,000 to 6,000,000,000
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Mapping

import attrs

from timeline.model.currencies import CODES
from timeline.model.errors import (
    AmountOrderError,
    CurrencyMismatchError,
    InvalidEventError,
    choice,
)

__all__ = [
    "Bound", "Money", "as_money", "bound_of", "exact_amount", "grouped", "optional_amount",
    "plain",
]


class Bound(enum.Enum):
    """What a reported amount says of the true one: that it is the amount,
    at least or more than it, at most or less than it, or between it and an
    upper amount."""

    EXACT = "exact"
    AT_LEAST = "at least"
    MORE_THAN = "more than"
    AT_MOST = "at most"
    LESS_THAN = "less than"
    BETWEEN = "between"


LARGEST = decimal.Decimal(10) ** 24
"""Every amount is below 10^24 (a septillion): more than any real amount in
any currency, and small enough that sums of amounts keep every digit of
them (decimal arithmetic keeps 28); ``1e400`` would round real amounts
added to it away."""


def exact_amount(value: object) -> decimal.Decimal:
    if isinstance(value, float):
        raise InvalidEventError(
            None, "amount", value, "a float is not exact; give the amount as a string "
            f"({str(value)!r}) or a Decimal, or read reported text with Money.parse",
        )
    if isinstance(value, bool):
        raise InvalidEventError(None, "amount", value, "expected a number")
    try:
        amount = decimal.Decimal(value) if isinstance(value, (int, str)) else value
    except decimal.InvalidOperation:
        hint = "; to read reported text such as '$3.5B', use Money.parse" if isinstance(
            value, str) else ""
        raise InvalidEventError(None, "amount", value, "expected a number" + hint) from None
    if not isinstance(amount, decimal.Decimal) or not amount.is_finite() or amount < 0:
        raise InvalidEventError(None, "amount", value, "expected a finite, non-negative number")
    if amount >= LARGEST:
        raise InvalidEventError(
            None, "amount", value, "larger than any amount of money: amounts are below "
            "10^24 (a septillion), so that sums keep every digit; check the exponent "
            "or the scale word",
        )
    return amount


def optional_amount(value: object) -> decimal.Decimal | None:
    return None if value is None else exact_amount(value)


def _currency(value: object) -> str:
    code = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(code, str) or code not in CODES:
        hint = " (a symbol or word: read reported text with Money.parse)" if isinstance(
            value, str) and not (len(value.strip()) == 3 and value.strip().isalpha()) else ""
        raise InvalidEventError(
            None, "currency", value,
            f"expected an ISO 4217 currency code such as USD, EUR or IDR{hint}",
        )
    return code


def bound_of(value: object) -> Bound:
    if isinstance(value, str):
        value = value.strip().lower().replace("_", " ")
    return choice(Bound, "bound", value)


@attrs.frozen(order=False, repr=False)
class Money:
    """An amount in a currency, exact unless reported otherwise.

    ``bound`` says what the amount is of the true one (``Bound``; ``upper``
    is the top of a ``between``), ``approximate`` that the reporter rounded
    ("about", "nearly"). ``low`` and ``high`` are the least and most it can
    be (``high`` is None when unbounded).

    >>> Money("6.6e9", "usd")
    Money('6.6E+9', 'USD')
    >>> str(Money(13_000_000_000, "USD"))
    'USD 13,000,000,000'
    >>> print(Money("1e9", "EUR", bound="more than", approximate=True))
    more than about EUR 1,000,000,000
    """

    amount: decimal.Decimal = attrs.field(converter=exact_amount)
    currency: str = attrs.field(converter=_currency)
    bound: Bound = attrs.field(default=Bound.EXACT, converter=bound_of, kw_only=True)
    upper: decimal.Decimal | None = attrs.field(default=None, converter=optional_amount,
                                                kw_only=True)
    approximate: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.approximate, bool):
            raise InvalidEventError(None, "approximate", self.approximate, "expected true or false")
        if (self.bound is Bound.BETWEEN) != (self.upper is not None):
            raise InvalidEventError(
                None, "upper", self.upper, "an upper amount is given with bound 'between', "
                "and only then",
            )
        if self.upper is not None and self.upper <= self.amount:
            raise InvalidEventError(
                None, "upper", plain(self.upper), f"a 'between' ends above {plain(self.amount)}"
            )

    @classmethod
    def parse(cls, text: str, *, currency: str | None = None,
              language: str | None = None) -> Money:
        """Money from text as reporting writes it: ``"$3.5B"``, ``"US$7
        miliar"``, ``"more than $3 billion"``, ``"7 milliards de dollars"``.

        ``currency`` is the currency of an amount that names none (and of a
        bare ``$``); ``language`` (``"en"``, ``"fr"``, ``"id"``) decides
        separators and scale words where they differ (a French "billion"
        is 10^12). See :func:`timeline.model.money_text.parse_money`.

        >>> Money.parse("$3.5B")
        Money('3.5E+9', 'USD')
        >>> print(Money.parse("lebih dari US$7 miliar"))
        more than USD 7,000,000,000
        """
        from timeline.model.money_text import parse_money  # noqa: PLC0415 - the parser imports this module

        return parse_money(text, currency=currency, language=language)

    @property
    def exact(self) -> bool:
        """Whether this is the amount itself: not bounded, not approximate."""
        return self.bound is Bound.EXACT and not self.approximate

    @property
    def low(self) -> decimal.Decimal:
        """The least the amount can be (for ``more than``, what it exceeds)."""
        return decimal.Decimal(0) if self.bound in _UPPER_ONLY else self.amount

    @property
    def high(self) -> decimal.Decimal | None:
        """The most the amount can be, or None when no upper bound is known."""
        if self.bound in (Bound.AT_LEAST, Bound.MORE_THAN):
            return None
        return self.upper if self.upper is not None else self.amount

    def __add__(self, other: object) -> Money:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # so sum() starts from 0
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency("add", other)
        low, high = self.low + other.low, _sum(self.high, other.high)
        strict_low = Bound.MORE_THAN in (self.bound, other.bound)
        strict_high = Bound.LESS_THAN in (self.bound, other.bound)
        approximate = self.approximate or other.approximate
        if high is None:
            bound = Bound.MORE_THAN if strict_low else Bound.AT_LEAST
            return Money(low, self.currency, bound=bound, approximate=approximate)
        if low == high:
            return Money(low, self.currency, approximate=approximate)
        if low == 0:
            bound = Bound.LESS_THAN if strict_high else Bound.AT_MOST
            return Money(high, self.currency, bound=bound, approximate=approximate)
        return Money(low, self.currency, bound=Bound.BETWEEN, upper=high,
                     approximate=approximate)

    __radd__ = __add__

    def _same_currency(self, operation: str, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                operation, self, other,
                "amounts add and compare within one currency; keep one total per currency",
            )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._order(other, "<")

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self == other or self._order(other, "<=")

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._order(other, ">")

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self == other or self._order(other, ">=")

    def _order(self, other: Money, operator: str) -> bool:
        """Whether ``self operator other`` holds for every amount each allows:
        True or False when what they say settles it, an error when it does
        not, so no comparison is a guess. Approximate amounts order by the
        figures stated."""
        self._same_currency("compare", other)
        if self.exact and other.exact:
            return bool({"<": self.amount < other.amount, "<=": self.amount <= other.amount,
                         ">": self.amount > other.amount,
                         ">=": self.amount >= other.amount}[operator])
        below, above = (self, other) if operator in ("<", "<=") else (other, self)
        if _below(below, above) or (operator in ("<=", ">=") and _at_most(below, above)):
            return True
        if (_at_most(above, below) if operator in ("<", ">") else _below(above, below)):
            return False
        raise AmountOrderError(operator, self, other)

    def __str__(self) -> str:
        about = "about " if self.approximate else ""
        if self.bound is Bound.BETWEEN:
            assert self.upper is not None
            return f"{about}{self.currency} {grouped(self.amount)} to {grouped(self.upper)}"
        words = "" if self.bound is Bound.EXACT else f"{self.bound.value} "
        return f"{words}{about}{self.currency} {grouped(self.amount)}"

    def __repr__(self) -> str:
        extra = ""
        if self.upper is not None:
            extra += f", upper={str(self.upper)!r}"
        if self.approximate:
            extra += ", approximate=True"
        words = "" if self.bound is Bound.EXACT else f"{self.bound.value!r}, "
        return f"Money({words}{str(self.amount)!r}, {self.currency!r}{extra})"

    def to_dict(self) -> dict[str, object]:
        """The amount as a plain decimal string (no exponent), so no precision
        is lost in JSON and every amount reads one way; ``bound``, ``upper``
        and ``approximate`` only when they say something.

        >>> Money("6.6e9", "USD").to_dict()
        {'amount': '6600000000', 'currency': 'USD'}
        >>> Money("3e9", "USD", bound="more than").to_dict()
        {'amount': '3000000000', 'currency': 'USD', 'bound': 'more than'}
        """
        data: dict[str, object] = {"amount": plain(self.amount), "currency": self.currency}
        if self.bound is not Bound.EXACT:
            data["bound"] = self.bound.value
        if self.upper is not None:
            data["upper"] = plain(self.upper)
        if self.approximate:
            data["approximate"] = True
        return data


_UPPER_ONLY = (Bound.AT_MOST, Bound.LESS_THAN)


def _below(a: Money, b: Money) -> bool:
    """Whether every amount ``a`` allows is below every one ``b`` allows."""
    high = a.high
    if high is None:
        return False
    return high < b.low or (high == b.low and (
        a.bound is Bound.LESS_THAN or b.bound is Bound.MORE_THAN))


def _at_most(a: Money, b: Money) -> bool:
    """Whether every amount ``a`` allows is at most every one ``b`` allows."""
    high = a.high
    return high is not None and high <= b.low


def _sum(a: decimal.Decimal | None, b: decimal.Decimal | None) -> decimal.Decimal | None:
    return None if a is None or b is None else a + b


def grouped(amount: decimal.Decimal) -> str:
    text = f"{amount:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def plain(amount: decimal.Decimal) -> str:
    """A decimal as plain digits, never with an exponent, keeping the digits
    it was given after the point: ``6.6E+9`` is ``'6600000000'``.

    >>> plain(decimal.Decimal("1.57E+11")), plain(decimal.Decimal("1.50"))
    ('157000000000', '1.50')
    """
    return f"{amount:f}"


_KEYS = frozenset({"amount", "currency", "bound", "upper", "approximate"})


def as_money(value: object) -> Money:
    """Money from itself or a mapping with ``amount`` and ``currency`` (and
    optionally ``bound``, ``upper``, ``approximate``)."""
    if isinstance(value, Money):
        return value
    if isinstance(value, Mapping) and {"amount", "currency"} <= set(value) <= _KEYS:
        return Money(value["amount"], value["currency"], bound=value.get("bound", Bound.EXACT),
                     upper=value.get("upper"), approximate=value.get("approximate", False))
    raise InvalidEventError(
        None, "money", value,
        "expected Money or {'amount', 'currency'} (with 'bound', 'upper', 'approximate')",
    )
