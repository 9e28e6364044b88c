"""Amounts of money with their currency."""

from __future__ import annotations

import decimal
from collections.abc import Mapping

import attrs

from timeline.model.errors import InvalidEventError

__all__ = ["Money", "as_money", "plain"]


def _amount(value: object) -> decimal.Decimal:
    if isinstance(value, bool):
        raise InvalidEventError(None, "amount", value, "expected a number")
    try:
        amount = decimal.Decimal(str(value)) if isinstance(value, (int, float, str)) else value
    except decimal.InvalidOperation:
        raise InvalidEventError(None, "amount", value, "expected a number") from None
    if not isinstance(amount, decimal.Decimal) or not amount.is_finite() or amount < 0:
        raise InvalidEventError(None, "amount", value, "expected a finite, non-negative number")
    return amount


def _currency(value: object) -> str:
    if not isinstance(value, str) or len(value.strip()) != 3 or not value.strip().isalpha():
        raise InvalidEventError(None, "currency", value, "expected a 3-letter ISO 4217 code")
    return value.strip().upper()


@attrs.frozen(order=False)
class Money:
    """An amount in a currency; amounts are exact decimals.

    >>> Money("6.6e9", "usd")
    Money('6.6E+9', 'USD')
    >>> str(Money(13_000_000_000, "USD"))
    'USD 13,000,000,000'
    """

    amount: decimal.Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(converter=_currency)

    def __str__(self) -> str:
        text = f"{self.amount:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{self.currency} {text}"

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def to_dict(self) -> dict[str, str]:
        """The amount as a plain decimal string (no exponent), so no precision
        is lost in JSON and every amount reads one way.

        >>> Money("6.6e9", "USD").to_dict()
        {'amount': '6600000000', 'currency': 'USD'}
        """
        return {"amount": plain(self.amount), "currency": self.currency}


def plain(amount: decimal.Decimal) -> str:
    """A decimal as plain digits, never with an exponent, keeping the digits
    it was given after the point: ``6.6E+9`` is ``'6600000000'``.

    >>> plain(decimal.Decimal("1.57E+11")), plain(decimal.Decimal("1.50"))
    ('157000000000', '1.50')
    """
    return f"{amount:f}"


def as_money(value: object) -> Money:
    """Money from itself or a mapping with ``amount`` and ``currency``."""
    if isinstance(value, Money):
        return value
    if isinstance(value, Mapping) and set(value) == {"amount", "currency"}:
        return Money(value["amount"], value["currency"])
    raise InvalidEventError(None, "money", value, "expected Money or {'amount', 'currency'}")
