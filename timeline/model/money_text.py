"""Reading money as reporting writes it, in English, French and Indonesian.

``"$3.5B"``, ``"US$7 miliar"``, ``"more than $3 billion"``, ``"7 milliards de
dollars"``, ``"Rp 1.500.000"``, ``"between $5B and $6B"``, ``"about €1bn"``:
an amount, a scale word, a currency (symbol, code or word) and, before them,
what the figure says of the true amount ("more than", "lebih dari", "plus
de", "about", "sekitar", "environ", "nearly"...). Nothing is guessed: a text
with no currency and no ``currency=`` given, an unknown word, or two
currencies is an :class:`InvalidMoneyError` naming the text and where.

>>> parse_money("7 milliards de dollars")
Money('7E+9', 'USD')
>>> parse_money("sekitar Rp 1.500.000")
Money('1500000', 'IDR', approximate=True)
>>> parse_money("1,5 billion €", language="fr")
Money('1.5E+12', 'EUR')
"""

from __future__ import annotations

import decimal
import re

from timeline.model.currencies import CODES, SYMBOLS, WORDS
from timeline.model.errors import InvalidMoneyError, excerpt
from timeline.model.money import Bound, Money

__all__ = ["NUMBER", "SCALES", "parse_money"]

SCALES = {
    "k": 3, "thousand": 3, "thousands": 3, "ribu": 3, "rb": 3, "mille": 3,
    "m": 6, "mn": 6, "mio": 6, "million": 6, "millions": 6, "juta": 6, "jt": 6,
    "b": 9, "bn": 9, "billion": 9, "billions": 9, "miliar": 9, "milyar": 9, "md": 9,
    "mds": 9, "mrd": 9, "milliard": 9, "milliards": 9,
    "t": 12, "tn": 12, "trillion": 12, "trillions": 12, "triliun": 12,
}
_FRENCH_SCALES = {"billion": 12, "billions": 12, "trillion": 18, "trillions": 18}

# What the figure says of the true amount, longest phrase first when matched.
_QUALIFIERS: dict[str, tuple[Bound, bool]] = {
    "more than": (Bound.MORE_THAN, False), "over": (Bound.MORE_THAN, False),
    "above": (Bound.MORE_THAN, False), "upwards of": (Bound.MORE_THAN, False),
    "lebih dari": (Bound.MORE_THAN, False), "plus de": (Bound.MORE_THAN, False),
    "at least": (Bound.AT_LEAST, False), "no less than": (Bound.AT_LEAST, False),
    "setidaknya": (Bound.AT_LEAST, False), "sedikitnya": (Bound.AT_LEAST, False),
    "minimal": (Bound.AT_LEAST, False), "au moins": (Bound.AT_LEAST, False),
    "at most": (Bound.AT_MOST, False), "up to": (Bound.AT_MOST, False),
    "hingga": (Bound.AT_MOST, False), "jusqu'à": (Bound.AT_MOST, False),
    "less than": (Bound.LESS_THAN, False), "under": (Bound.LESS_THAN, False),
    "kurang dari": (Bound.LESS_THAN, False), "moins de": (Bound.LESS_THAN, False),
    "nearly": (Bound.LESS_THAN, True), "almost": (Bound.LESS_THAN, True),
    "just under": (Bound.LESS_THAN, True), "hampir": (Bound.LESS_THAN, True),
    "près de": (Bound.LESS_THAN, True), "presque": (Bound.LESS_THAN, True),
    "just over": (Bound.MORE_THAN, True),
    "about": (Bound.EXACT, True), "around": (Bound.EXACT, True),
    "roughly": (Bound.EXACT, True), "approximately": (Bound.EXACT, True),
    "some": (Bound.EXACT, True), "an estimated": (Bound.EXACT, True),
    "sekitar": (Bound.EXACT, True), "kira-kira": (Bound.EXACT, True),
    "environ": (Bound.EXACT, True), "quelque": (Bound.EXACT, True),
}
_BETWEEN = re.compile(r"^(?:between|antara|entre)\s+(.+?)\s+(?:and|dan|et)\s+(.+)$",
                      re.IGNORECASE)
_TO = re.compile(r"^(.+?)(?:\s+(?:to|à|sampai|hingga)\s+|\s*[-\u2013]\s*(?=\D{0,4}\d))(.+)$",
                 re.IGNORECASE)
_INDONESIAN = re.compile(r"\bRp|rupiah|\bmiliar|\bmilyar|\bjuta\b|\btriliun|\bdolar\b",
                         re.IGNORECASE)
_FRENCH = re.compile(r"\bmilliards?\b|\bmillions? d|\bd['\u2019]euros|\bde dollars", re.IGNORECASE)
_INDONESIAN_WORDS = re.compile(
    r"\b(karyawan|pegawai|pekerja|pengguna|sekitar|lebih dari|hampir|kurang dari|orang)\b",
    re.IGNORECASE)
_FRENCH_WORDS = re.compile(
    r"\b(employés|salariés|utilisateurs|postes|environ|près de|plus de|moins de|"
    r"personnes)\b", re.IGNORECASE)


def language_of(phrase: str, *, words: bool = False) -> str | None:
    """The language an amount's currency and scale words say it is in
    (``"id"``, ``"fr"``), which decides its separators and scales; None when
    they do not say. With ``words``, the other words of a figure say it too
    ("1.700 employés"): only for a figure, which has no scale word to
    misread ("plus de $1.5 billion" stays English billions).

    >>> language_of("US$7 miliar"), language_of("$3B"), language_of("plus de $1.5 billion")
    ('id', None, None)
    >>> language_of("1.700 employés", words=True), language_of("1.700 karyawan", words=True)
    ('fr', 'id')
    """
    if _INDONESIAN.search(phrase) or (words and _INDONESIAN_WORDS.search(phrase)):
        return "id"
    if _FRENCH.search(phrase) or (words and _FRENCH_WORDS.search(phrase)):
        return "fr"
    return None


_PLUS = re.compile(r"(?:-|\s)plus\s*$|\+\s*$", re.IGNORECASE)
NUMBER = re.compile(r"\d[\d.,\s\u00a0\u202f]*\d|\d")
_SYMBOL = re.compile("|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True)))
_FILLER = frozenset({"de", "", "of", "in", "as", "us", "u.s", "amerika", "serikat"})
_COMMA_DECIMAL = frozenset({"fr", "id", "de", "es", "it", "pt", "nl"})


def parse_money(text: str, *, currency: str | None = None,
                language: str | None = None) -> Money:
    """The :class:`Money` a piece of reporting states.

    ``currency`` is the currency when the text names none, and what a bare
    ``$`` means (``"USD"`` if not given); ``language`` decides what a lone
    separator means (``"1.500"`` is 1500 in Indonesian and French, 1.5 in
    English; ``"3,5"`` is 3.5 in the first two) and that "billion" is 10^12
    in French. Runtime: O(len(text)).

    >>> parse_money("$3.5B"), parse_money("US$7 miliar")
    (Money('3.5E+9', 'USD'), Money('7E+9', 'USD'))
    >>> print(parse_money("between $5B and $6.5B"))
    USD 5,000,000,000 to 6,500,000,000
    >>> parse_money("3.5 billion")
    Traceback (most recent call last):
    ...
    timeline.InvalidMoneyError: invalid money '3.5 billion': it names no currency; ...
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidMoneyError(text, "expected reported text such as '$3.5B'")
    phrase = " ".join(text.split())
    foreign = next((c for c in phrase if c.isdigit() and not c.isascii()), None)
    if foreign is not None:
        raise InvalidMoneyError(text, f"its digit {foreign!r} is not ASCII 0-9",
                                position=text.find(foreign),
                                hint="write the figure in ASCII digits, e.g. '$3.5 billion'")
    if language is None:  # the words say which separators and scales apply
        language = language_of(phrase)
    hedged = phrase.find("?")
    if hedged >= 0:
        raise InvalidMoneyError(
            text, "it has a question mark", position=text.find("?"),
            hint="a hedged amount is a rumour: give the amount, and certainty='rumored' "
            "on the event")
    if phrase.startswith("~"):  # "~$2B": about $2B
        phrase = "about " + phrase[1:].lstrip()
    plus = _PLUS.search(phrase)
    if plus is not None:  # "$2 billion-plus", "$2B+": at least that much
        read = parse_money(phrase[:plus.start()], currency=currency, language=language)
        if read.bound is not Bound.EXACT:
            raise InvalidMoneyError(text, "it is bounded twice", position=plus.start(),
                                    hint="write one bound: 'more than $2 billion'")
        return Money(read.amount, read.currency, bound=Bound.AT_LEAST,
                     approximate=read.approximate)
    approximate, rest = _about(phrase)
    bounded = _qualifier(rest)[0] is not Bound.EXACT  # "up to $5B" is one bound
    between = None if bounded else (_BETWEEN.match(rest) or _TO.match(rest))
    if between is not None:
        named, _ = _currencies(text, NUMBER.sub(" ", between[1] + " " + between[2]),
                               currency, language, 0)
        high, scale = _one(text, between[2], named or currency, language)
        low, own = _one(text, between[1], high.currency, language)
        if own is None and scale is not None:  # "5 to 6 billion dollars"
            low = Money(low.amount.scaleb(scale).normalize(), low.currency,
                        approximate=low.approximate)
        if high.currency != low.currency:
            raise InvalidMoneyError(text, "its two ends are in different currencies")
        if high.amount <= low.amount:
            raise InvalidMoneyError(text, "a 'between' ends above where it starts")
        return Money(low.amount, low.currency, bound=Bound.BETWEEN, upper=high.amount,
                     approximate=approximate or low.approximate or high.approximate)
    return _one(text, phrase, currency, language)[0]


def _about(phrase: str) -> tuple[bool, str]:
    """Whether a phrase opens with a word of approximation, and the rest."""
    lowered = phrase.lower()
    for words in _APPROXIMATE:
        if lowered.startswith(words + " "):
            return True, phrase[len(words) + 1:]
    return False, phrase


def _one(text: str, phrase: str, currency: str | None,
         language: str | None) -> tuple[Money, int | None]:
    """The money one figure states, and its scale when a word gave one."""
    bound, approximate, rest = _qualifier(phrase)
    about, rest = _about(rest)  # "more than about"
    approximate = approximate or about
    match = NUMBER.search(rest)
    if match is None:
        raise InvalidMoneyError(text, "it has no figure")
    second = NUMBER.search(rest, match.end())
    if second is not None:
        raise InvalidMoneyError(
            text, f"it has a second figure, {excerpt(second[0])}",
            position=text.find(second[0], text.find(match[0]) + len(match[0])),
            hint="one amount a text; a span reads 'between $5B and $6B' or '$5B to $6B'")
    found, where = _currencies(text, rest[:match.start()] + " " + rest[match.end():], currency,
                               language, offset=match.start())
    digits = _digits(text, match[0], language)
    scale = _scale(text, rest[match.end():], language)
    if found is None:
        if currency is None:
            raise InvalidMoneyError(
                text, "it names no currency", hint="pass currency='USD' (or the ISO code)")
        found = currency.strip().upper()
    if found not in CODES:
        raise InvalidMoneyError(text, f"{excerpt(found)} is not an ISO 4217 currency code",
                                position=where)
    amount = digits.scaleb(scale).normalize() if scale else digits
    return Money(amount, found, bound=bound, approximate=approximate), scale or None


def _qualifier(phrase: str) -> tuple[Bound, bool, str]:
    lowered = phrase.lower()
    for words in sorted(_QUALIFIERS, key=len, reverse=True):
        if lowered.startswith(words + " "):
            bound, approximate = _QUALIFIERS[words]
            return bound, approximate, phrase[len(words) + 1:]
    return Bound.EXACT, False, phrase


def _currencies(text: str, rest: str, currency: str | None, language: str | None,
                offset: int) -> tuple[str | None, int | None]:
    """The one currency the words around the figure name, and where in ``text``."""
    found: dict[str, int] = {}
    for symbol in _SYMBOL.finditer(rest):
        code = currency.strip().upper() if symbol[0] == "$" and currency else SYMBOLS[symbol[0]]
        found.setdefault(code, text.find(symbol[0]))
    for word in re.findall(r"[^\W\d_][\w.']*", _SYMBOL.sub(" ", rest)):
        lowered = word.lower().strip(".")
        if lowered.startswith(("d'", "d\u2019")):
            lowered = lowered[2:]
        if lowered in WORDS:
            found.setdefault(WORDS[lowered], text.find(word))
        elif word.upper() in CODES and len(word) == 3:
            found.setdefault(word.upper(), text.find(word))
        elif not (lowered in SCALES or lowered in _FILLER):
            shown = word if len(word) <= 40 else word[:40] + "..."
            raise InvalidMoneyError(text, f"cannot read {excerpt(shown)}",
                                    position=text.find(word),
                                    hint="write the amount, a scale word and a currency, "
                                    "e.g. 'more than $3 billion' or '7 miliar dolar AS'")
    if len(found) > 1:
        second = sorted(found.values())[1]
        raise InvalidMoneyError(text, f"it names two currencies ({', '.join(sorted(found))})",
                                position=second)
    return next(iter(found.items()), (None, None))


_APPROXIMATE = tuple(sorted((w for w, (b, a) in _QUALIFIERS.items() if b is Bound.EXACT and a),
                           key=len, reverse=True))


def _scale(text: str, after: str, language: str | None) -> int:
    words = re.findall(r"[^\W\d_][\w']*", after)
    for word in words:
        lowered = word.lower()
        if language == "fr" and lowered in _FRENCH_SCALES:
            return _FRENCH_SCALES[lowered]
        if lowered in SCALES:
            return SCALES[lowered]
    return 0


def _digits(text: str, figure: str, language: str | None) -> decimal.Decimal:
    """The figure as an exact decimal, reading its separators; spaces group
    thousands ("1 500 000") and nothing else."""
    groups = re.split(r"[\s\u00a0\u202f]+", figure.strip())
    if any(len(g.split(",")[0].split(".")[0]) != 3 for g in groups[1:]):
        raise InvalidMoneyError(
            text, f"it has a second figure, {excerpt(groups[-1])}",
            hint="one amount a text; a span reads 'between $5B and $6B' or '$5B to $6B'")
    figure = "".join(groups)
    separators = [c for c in figure if c in ".,"]
    decimal_mark: str | None = None
    if len(set(separators)) == 2:
        decimal_mark = separators[-1]
    elif separators:
        mark = separators[0]
        tail = figure.rsplit(mark, 1)[1]
        if separators.count(mark) > 1:
            decimal_mark = None
        elif len(tail) != 3:
            decimal_mark = mark
        else:  # one separator before three digits: the language decides
            comma_decimal = (language or "en") in _COMMA_DECIMAL
            decimal_mark = mark if (mark == ",") == comma_decimal else None
    whole = figure.rpartition(decimal_mark)[0] if decimal_mark is not None else figure
    parts = re.split(r"[.,]", whole)
    if len(parts) > 1 and (not 1 <= len(parts[0]) <= 3 or any(len(p) != 3 for p in parts[1:])):
        raise InvalidMoneyError(
            text, f"cannot read the figure {excerpt(figure)}", position=text.find(figure[:1]),
            hint="a separator that repeats groups thousands, three digits each: "
            "'1,200,000' or '1.200.000'; a decimal point comes once")
    if decimal_mark is not None:
        fraction = figure.rpartition(decimal_mark)[2]
        figure = whole.replace(".", "").replace(",", "") + "." + fraction
    else:
        figure = figure.replace(".", "").replace(",", "")
    try:
        return decimal.Decimal(figure)
    except decimal.InvalidOperation:  # pragma: no cover - the pattern allows digits only
        raise InvalidMoneyError(text, f"cannot read the figure {excerpt(figure)}") from None
