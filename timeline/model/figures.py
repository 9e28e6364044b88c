"""Reported figures: a count, a size or a share as reporting states it
("about 600 roles", "just under 3,000 employees", "250 million queries",
"12% of job postings"), exact or bounded or approximate like money.

>>> Figure.parse("just under 3,000 employees")
Figure('less than', '3000', 'employees', approximate=True)
>>> print(Figure.parse("12.5% of job postings"))
12.5% of job postings
>>> print(Figure.parse("about 600 roles") + Figure(400, "roles"))
about 1,000 roles
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Mapping

import attrs

from timeline.model.errors import CurrencyMismatchError, InvalidEventError, InvalidMoneyError
from timeline.model.money import (
    Bound,
    Money,
    bound_of,
    exact_amount,
    grouped,
    optional_amount,
    plain,
)

__all__ = ["Figure", "as_value"]

_PERCENT = re.compile(r"\s*(%|percent\b|pour\s?cent\b|persen\b)", re.IGNORECASE)


def _unit(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidEventError(None, "unit", value, "expected a unit ('employees') or None")
    return " ".join(value.split())


@attrs.frozen(repr=False)
class Figure:
    """A reported quantity: ``amount`` of ``unit`` ("employees", "weekly
    users"), or a ``share`` in percent of what ``unit`` names ("job
    postings"), with a ``bound`` and ``approximate`` as :class:`Money` has.
    Figures add within one unit, keeping bounds."""

    amount: decimal.Decimal = attrs.field(converter=exact_amount)
    unit: str | None = attrs.field(default=None, converter=_unit)
    share: bool = attrs.field(default=False, kw_only=True)
    bound: Bound = attrs.field(default=Bound.EXACT, converter=bound_of, kw_only=True)
    upper: decimal.Decimal | None = attrs.field(default=None, converter=optional_amount,
                                                kw_only=True)
    approximate: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        self._money()  # the bounds hold as money's do: a 'between' ends above its start
        top = self.upper if self.upper is not None else self.amount
        if self.share and top > 100:
            raise InvalidEventError(None, "amount", plain(top),
                                    "a share is a percentage, 0 to 100")

    @classmethod
    def parse(cls, text: str, *, language: str | None = None) -> Figure:
        """A figure from reported text: a qualifier ("about", "just under",
        "more than", "sekitar", "près de"), a number or a span ("500 to 600",
        "5-6 thousand", "between 500 and 600") with a scale word ("250
        million", "3,5 juta"), a percent sign for a share, and the unit, the
        words after the last number (``of`` dropped). A figure in a currency
        is money: :meth:`Money.parse` reads it."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidMoneyError(text, "expected reported text such as 'about 600 roles'",
                                    what="figure")
        from timeline.model import money_text  # noqa: PLC0415 - the parser imports money

        phrase = " ".join(text.split())
        language = language or money_text.language_of(phrase, words=True)  # "1.700 employés"
        share = _PERCENT.search(phrase) is not None
        bare = _PERCENT.sub(" ", phrase)
        numbers = list(money_text.NUMBER.finditer(bare))
        if not numbers:
            raise InvalidMoneyError(text, "it has no figure", what="figure")
        rest = re.sub(r"-\s*plus\b", " plus", bare[numbers[-1].end():], flags=re.IGNORECASE)
        after = rest.replace("+", " plus ", 1).split()
        scale = [w for w in after[:1] if w.lower() in money_text.SCALES]
        plus = [w for w in after[len(scale):len(scale) + 1] if w.lower() == "plus"]
        unit_words = after[len(scale) + len(plus):]
        if unit_words and unit_words[0].lower() in ("of", "de", "dari", "du", "des"):
            unit_words = unit_words[1:]
        if unit_words and unit_words[0][:2].lower() in ("d'", "d\u2019"):  # "d'utilisateurs"
            unit_words = [unit_words[0][2:], *unit_words[1:]]
        amount = " ".join([bare[:numbers[-1].end()], *scale])
        try:
            money_text.parse_money(amount, language=language)
        except InvalidMoneyError:
            pass  # no currency: a figure, as expected
        else:
            raise InvalidMoneyError(text, "it names a currency",
                                    hint="an amount of money is read by Money.parse",
                                    what="figure")
        try:
            read = money_text.parse_money(amount, currency="XXX", language=language)
        except InvalidMoneyError as error:
            raise InvalidMoneyError(text, error.reason, position=error.position,
                                    hint=error.hint, what="figure") from None
        if plus and read.bound is not Bound.EXACT:
            raise InvalidMoneyError(text, "it is bounded twice", what="figure",
                                    hint="write one bound: 'more than 600 roles'")
        return cls(read.amount, " ".join(unit_words) or None, share=share,
                   bound=Bound.AT_LEAST if plus else read.bound, upper=read.upper,
                   approximate=read.approximate)

    @property
    def low(self) -> decimal.Decimal:
        """The least the figure can be (as :attr:`Money.low`)."""
        return self._money().low

    @property
    def high(self) -> decimal.Decimal | None:
        """The most the figure can be, or None when unbounded (as :attr:`Money.high`)."""
        return self._money().high

    def __add__(self, other: object) -> Figure:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # so sum() starts from 0
        if not isinstance(other, Figure):
            return NotImplemented
        if (self.unit, self.share) != (other.unit, other.share):
            raise CurrencyMismatchError("add", self, other,
                                        "figures add within one unit; keep one total per unit")
        total = self._money() + other._money()
        return Figure(total.amount, self.unit, share=self.share, bound=total.bound,
                      upper=total.upper, approximate=total.approximate)

    __radd__ = __add__

    def _money(self) -> Money:
        return Money(self.amount, "XXX", bound=self.bound, upper=self.upper,
                     approximate=self.approximate)

    def __str__(self) -> str:
        about = "about " if self.approximate else ""
        words = "" if self.bound in (Bound.EXACT, Bound.BETWEEN) else f"{self.bound.value} "
        number = grouped(self.amount)
        if self.upper is not None:
            number += f" to {grouped(self.upper)}"
        unit = self.unit or ""
        if self.share:
            return f"{words}{about}{number}%" + (f" of {unit}" if unit else "")
        return f"{words}{about}{number}" + (f" {unit}" if unit else "")

    def __repr__(self) -> str:
        words = "" if self.bound is Bound.EXACT else f"{self.bound.value!r}, "
        extra = (f", upper={plain(self.upper)!r}" if self.upper is not None else "") + (
            ", share=True" if self.share else "") + (
            ", approximate=True" if self.approximate else "")
        return f"Figure({words}{plain(self.amount)!r}, {self.unit!r}{extra})"

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"amount": plain(self.amount)}
        if self.unit is not None:
            data["unit"] = self.unit
        if self.share:
            data["share"] = True
        if self.bound is not Bound.EXACT:
            data["bound"] = self.bound.value
        if self.upper is not None:
            data["upper"] = plain(self.upper)
        if self.approximate:
            data["approximate"] = True
        return data


_FIGURE_KEYS = frozenset({"amount", "unit", "share", "bound", "upper", "approximate"})


def as_value(value: object) -> Figure | Money:
    """A reported value from itself or a mapping: money when it names a
    currency, a figure otherwise."""
    if isinstance(value, (Figure, Money)):
        return value
    if isinstance(value, Mapping) and "currency" in value:
        from timeline.model.money import as_money  # noqa: PLC0415 - one module, two shapes

        return as_money(value)
    if isinstance(value, Mapping) and "amount" in value and set(value) <= _FIGURE_KEYS:
        return Figure(value["amount"], value.get("unit"), share=value.get("share", False),
                      bound=value.get("bound", Bound.EXACT), upper=value.get("upper"),
                      approximate=value.get("approximate", False))
    raise InvalidEventError(None, "value", value,
                            "expected a Figure, Money, or {'amount', 'unit'} / "
                            "{'amount', 'currency'}")
