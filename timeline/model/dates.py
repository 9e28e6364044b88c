"""Valid time with a precision, three-valued comparison, and recorded instants.

A :class:`ValidDate` is a calendar date known to a day, a month or a year, or
a range between two such dates (ISO 8601 ``start/end``, or ``../end`` when
only an upper bound is known); it stands for the interval of days it covers.
A query date ``D`` means the end of day ``D``, and an event dated ``[a, b]``
is, at ``D``, in effect when ``b <= D``, not yet when ``D < a`` and uncertain
when ``a <= D < b``.

>>> may = ValidDate.parse("2024-05")
>>> may
ValidDate('2024-05')
>>> may.effect_at(day("2024-05-10")), may.effect_at(day("2024-05-31"))
(<Effect.UNCERTAIN: 'uncertain'>, <Effect.IN_EFFECT: 'in effect'>)
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import re

import attrs
import pendulum

from timeline.model.errors import InvalidDateError, InvalidInstantError, InvalidQueryError

__all__ = [
    "Effect",
    "Precision",
    "ValidDate",
    "day",
    "from_key",
    "instant",
    "instant_key",
    "known_key",
    "moment",
    "query_day",
    "since_key",
]

_TIMED = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}[Tt ]")
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
#: A date as this library writes it (``2024``, ``2024-05``, ``2024-05-01``):
#: read at once, before the forms reporters write are tried.
_CANONICAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class Precision(enum.Enum):
    """How much of a valid date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


#: The order of precisions, finest first, for dates that cover the same days.
_RANKS = {Precision.DAY: 0, Precision.MONTH: 1, Precision.YEAR: 2, Precision.RANGE: 3}


class Effect(enum.Enum):
    """Where an event stands at a query date: the three values of imprecision."""

    NOT_YET = "not yet"
    UNCERTAIN = "uncertain"
    IN_EFFECT = "in effect"


_PARSED_LIMIT = 1 << 16
# dates read from text, by the text: many events of a log share a date, and
# a ValidDate is immutable, so one read serves them all
_PARSED: dict[str, ValidDate] = {}


@attrs.frozen(repr=False, order=False)
class ValidDate:
    """A date in the world, known to a day, a month or a year — or a range.

    A range covers every day from its start to the last day of ``end``:
    ``"2024-04/2024-08-19"`` is "between April and 19 August 2024", and
    ``"../2022-08"`` is "by August 2022, no earlier bound known" (its start
    is the first day of year 1).

    ``first`` and ``last`` are the proleptic Gregorian ordinals of the first
    and last day the date covers; they order and compare dates cheaply.

    >>> ValidDate.parse("2021").days
    (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    >>> ValidDate.parse("2024-02").last_day
    datetime.date(2024, 2, 29)
    >>> ValidDate.parse("2024-9-5")
    ValidDate('2024-09-05')
    >>> ValidDate.parse("2024-08/2024-08-19").days
    (datetime.date(2024, 8, 1), datetime.date(2024, 8, 19))
    >>> ValidDate.parse("../2022-08").precision
    <Precision.RANGE: 'range'>
    """

    year: int
    month: int | None = None
    day: int | None = None
    end: ValidDate | None = None
    written: str | None = attrs.field(default=None, eq=False, hash=False, kw_only=True)
    """How a reporter's form was written (``"2024-Q3"``, ``"early 2024"``):
    kept so the date prints and stores as it was given; it does not take
    part in equality."""
    first: int = attrs.field(init=False, eq=False, hash=False)
    last: int = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        year, month, dday = self.year, self.month, self.day
        if not 1 <= year <= 9999:
            raise InvalidDateError(str(self), "year must be 1..9999")
        if month is None:
            if dday is not None:
                raise InvalidDateError(str(self), "a day needs a month")
            first, last = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
        else:
            if not 1 <= month <= 12:
                raise InvalidDateError(str(self), "month must be 1..12")
            length = calendar.monthrange(year, month)[1]
            if dday is None:
                first, last = _dt.date(year, month, 1), _dt.date(year, month, length)
            else:
                if not 1 <= dday <= length:
                    raise InvalidDateError(
                        str(self), f"day must be 1..{length} in {year:04d}-{month:02d}"
                    )
                first = last = _dt.date(year, month, dday)
        if self.end is not None:
            end = self.end
            if end.end is not None:
                raise InvalidDateError(str(self), "a range ends on a date, not on a range")
            if end.last < first.toordinal():
                raise InvalidDateError(str(self), "a range cannot end before it starts")
            last = end.last_day
        object.__setattr__(self, "first", first.toordinal())
        object.__setattr__(self, "last", last.toordinal())

    @property
    def open_start(self) -> bool:
        """True for a range with no earlier bound (``"../2022-08"``)."""
        return self.end is not None and (self.year, self.month, self.day) == (1, None, None)

    @classmethod
    def parse(cls, value: object) -> ValidDate:
        """Read a valid date from an ISO string, a date or a pendulum value.

        ``"2024-09-25"`` is a day, ``"2024-09"`` a month and ``"2024"`` a year;
        a :class:`datetime.date` (or pendulum ``Date``/``DateTime``) is a day.
        """
        if isinstance(value, ValidDate):
            return value
        if type(value) is str and cls is ValidDate:
            known = _PARSED.get(value)
            if known is None:
                known = cls._parse(value)
                if len(_PARSED) >= _PARSED_LIMIT:
                    _PARSED.clear()
                _PARSED[value] = known
            return known
        return cls._parse(value)

    @classmethod
    def _parse(cls, value: object) -> ValidDate:
        if isinstance(value, _dt.datetime):
            return cls(value.year, value.month, value.day)
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str) and not value.isascii() and any(c.isdigit() for c in value):
            raise InvalidDateError(value, "its digits are not ASCII 0-9 (another script's, or "
                                   "full-width); write it as 2024-05-01")
        if isinstance(value, str) and value.count("/") > 1:
            raise InvalidDateError(value, "not an ISO date; a range 'START/END' has one '/'")
        if isinstance(value, str) and "/" in value:
            start, _, end = value.strip().partition("/")
            try:
                upper = cls.parse(end)
                lower = cls(1) if start.strip() in ("", "..") else cls.parse(start)
            except InvalidDateError as error:
                raise InvalidDateError(value, f"in a range: {error.reason}") from None
            written = None
            if lower.written is not None or upper.written is not None:
                written = f"{'..' if start.strip() in ('', '..') else lower}/{upper}"
            if upper.end is not None:
                upper = upper.end
            return cls(lower.year, lower.month, lower.day, end=upper, written=written)
        if isinstance(value, str):
            canonical = _CANONICAL.fullmatch(value)
            if canonical is not None:
                year, month, dday = canonical.groups()
                return cls(int(year), None if month is None else int(month),
                           None if dday is None else int(dday))
            from timeline.model.written_dates import reported as _reported  # noqa: PLC0415 - it builds ValidDates

            reported = _reported(value)
            if reported is not None:
                return reported
            match = _DATE.match(value)
            if match is None:
                raise InvalidDateError(value, "not an ISO date")
            year, month, dday = match.groups()
            return cls(
                int(year),
                None if month is None else int(month),
                None if dday is None else int(dday),
            )
        raise InvalidDateError(value, f"cannot read a date from {type(value).__name__}")

    @property
    def precision(self) -> Precision:
        """Day, month, year or range."""
        if self.end is not None:
            return Precision.RANGE
        if self.month is None:
            return Precision.YEAR
        if self.day is None:
            return Precision.MONTH
        return Precision.DAY

    def _order(self) -> tuple[int, ...]:
        """What orders dates: the first day, then the last, then how the
        date is written (so that only equal dates tie)."""
        end = self.end
        return (self.first, self.last, _RANKS[self.precision], self.year, self.month or 0,
                self.day or 0, *((end.year, end.month or 0, end.day or 0) if end else ()))

    def __lt__(self, other: object) -> bool:
        """Dates order by their first day, then their last: ``2024`` comes
        before ``2024-05-01``, which comes before ``2024-05``.

        >>> sorted(ValidDate.parse(d) for d in ("2024-05", "2024", "2024-05-01"))
        [ValidDate('2024'), ValidDate('2024-05-01'), ValidDate('2024-05')]
        """
        if not isinstance(other, ValidDate):
            return NotImplemented
        return self._order() < other._order()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, ValidDate):
            return NotImplemented
        return self._order() <= other._order()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, ValidDate):
            return NotImplemented
        return self._order() > other._order()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, ValidDate):
            return NotImplemented
        return self._order() >= other._order()

    @property
    def first_day(self) -> _dt.date:
        """The first day this date covers."""
        return _dt.date.fromordinal(self.first)

    @property
    def last_day(self) -> _dt.date:
        """The last day this date covers."""
        return _dt.date.fromordinal(self.last)

    @property
    def days(self) -> tuple[_dt.date, _dt.date]:
        """The first and last day this date covers."""
        return self.first_day, self.last_day

    def effect_at(self, query: int) -> Effect:
        """Where an event with this date stands at the end of day ``query`` (an ordinal)."""
        if self.last <= query:
            return Effect.IN_EFFECT
        if query < self.first:
            return Effect.NOT_YET
        return Effect.UNCERTAIN

    def certainly_before(self, other: ValidDate) -> bool:
        """True when every day of this date comes before every day of ``other``."""
        return self.last < other.first

    def __str__(self) -> str:
        if self.written is not None:
            return self.written
        if self.end is not None:
            start = ".." if self.open_start else str(attrs.evolve(self, end=None))
            return f"{start}/{self.end}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __repr__(self) -> str:
        return f"ValidDate({str(self)!r})"


def day(value: object) -> int:
    """The ordinal of the day a query date means: the last day it covers.

    ``at="2024-05"`` asks about the end of May 2024.

    >>> day("2024-05") == day("2024-05-31")
    True
    """
    return ValidDate.parse(value).last


def query_day(value: object, argument: str = "at", *, ranges: bool = False) -> int:
    """The ordinal of the one day a query's date argument (``at=``) asks about.

    A date means its last day (as :func:`day`); an instant, a string with a
    time and an offset (``"2024-09-25T10:00Z"``) or an aware
    :class:`datetime.datetime`, means its day in UTC. A range
    (``"2024-09/2024-10"``) is refused with an :class:`InvalidQueryError`
    naming ``argument``, unless ``ranges`` (then it means its last day).

    >>> query_day("2024-09-25T23:30-05:00") == day("2024-09-26")
    True
    >>> query_day("2024-09/2024-10")
    Traceback (most recent call last):
    ...
    timeline.InvalidQueryError: invalid at='2024-09/2024-10': at takes one date ...
    """
    if isinstance(value, str) and "/" not in value and not _DATE.match(value) and (
            _TIMED.match(value) or ":" in value):  # an instant ("late 2024" is a date)
        value = instant(value)
    if isinstance(value, _dt.datetime) and value.utcoffset() is not None:
        value = value.astimezone(_dt.UTC).date()
    parsed = ValidDate.parse(value)
    if parsed.end is not None and not ranges:
        raise InvalidQueryError(
            argument, value,
            f"{argument} takes one date (a day, a month or a year), not a range",
            hint="to ask who was there at any time in a span, use "
            "roster_during(org, start, end); else give the one date to ask about",
        )
    return parsed.last


_NAIVE_EPOCH = _dt.datetime(1970, 1, 1)
_EPOCH_ORDINAL = _NAIVE_EPOCH.toordinal()
END_OF_TIME = 2**62
EVERYTHING = END_OF_TIME - 1  # the known= bound that holds every recorded event


def instant(value: object, *, event_id: str | None = None) -> pendulum.DateTime:
    """Read a recorded-time or publication instant, normalised to UTC.

    Accepts an aware :class:`datetime.datetime`, a pendulum ``DateTime`` or an
    ISO 8601 string with an offset. A naive date-time is an error, never a
    guess. A date without a time of day (``"2024-05-01"``, a
    :class:`datetime.date`), a month (``"2024-05"``) or a year means the end
    of the last day it covers, in UTC: the same instant ``known="2024-05-01"``
    means, so an event recorded on a date is in the view ``known=`` that date,
    and events recorded on one date order by log position.

    >>> instant("2024-08-19T10:00:00+07:00")
    DateTime(2024, 8, 19, 3, 0, 0, tzinfo=Timezone('UTC'))
    >>> instant("2024-05-01"), instant("2024-02")
    (DateTime(2024, 5, 1, 23, 59, 59, 999999, tzinfo=Timezone('UTC')), \
DateTime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=Timezone('UTC')))
    >>> instant("2024-08-19T10:00:00")
    Traceback (most recent call last):
    ...
    timeline.InvalidInstantError: invalid instant '2024-08-19T10:00:00': no time zone; ...
    """
    original = value
    if (isinstance(value, str) and _DATE.match(value)) or (
        isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)
    ):
        try:
            last = ValidDate.parse(value).last
        except InvalidDateError as error:
            raise InvalidInstantError(value, error.reason, event_id=event_id) from None
        return _end_of_day(last)
    if isinstance(value, str):
        try:
            parsed = _dt.datetime.fromisoformat(value.strip().replace("z", "Z"))
        except ValueError:
            raise InvalidInstantError(
                value, "not an ISO 8601 date-time", event_id=event_id
            ) from None
        value = parsed
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInstantError(
                original if isinstance(original, str) else value.isoformat(),
                "no time zone; add an offset such as 'Z' or '+00:00'",
                event_id=event_id,
            )
        if type(value) is pendulum.DateTime and value.tzinfo is pendulum.UTC:
            return value
        try:
            return _utc(value.astimezone(_dt.UTC))
        except OverflowError:
            raise InvalidInstantError(
                original if isinstance(original, str) else value.isoformat(),
                "in UTC it falls outside the years 1 to 9999",
                event_id=event_id,
            ) from None
    raise InvalidInstantError(
        value, f"cannot read an instant from {type(value).__name__}", event_id=event_id
    )


def instant_key(value: _dt.datetime) -> int:
    """Microseconds since the Unix epoch: the integer recorded times compare by.

    Plain integer arithmetic on the fields (subtracting pendulum instants
    builds an interval object, which costs more than the rest of an append's
    bookkeeping for the event).

    >>> instant_key(instant("1970-01-01T00:00:01Z"))
    1000000
    >>> instant_key(instant("1970-01-01T01:00:00+01:00"))
    0
    """
    offset = value.utcoffset()
    seconds = ((value.toordinal() - _EPOCH_ORDINAL) * 86_400 + value.hour * 3_600
               + value.minute * 60 + value.second)
    if offset is not None:
        seconds -= offset.days * 86_400 + offset.seconds
        return seconds * 1_000_000 + value.microsecond - offset.microseconds
    return seconds * 1_000_000 + value.microsecond  # naive: read as UTC


def known_key(value: object | None) -> int:
    """The recorded-time bound a ``known=`` argument means, as microseconds.

    ``None`` means everything recorded; a date alone (``"2024-08-19"``) means
    the end of that day in UTC; an instant means itself, inclusive.

    >>> known_key("2024-08-19") == instant_key(instant("2024-08-19T23:59:59.999999Z"))
    True
    """
    if value is None:
        return EVERYTHING
    if isinstance(value, str) and _DATE.match(value):
        value = ValidDate.parse(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return min((value.toordinal() - _EPOCH_ORDINAL + 1) * 86_400_000_000 - 1, EVERYTHING)
    if isinstance(value, ValidDate):
        return min((value.last - _EPOCH_ORDINAL + 1) * 86_400_000_000 - 1, EVERYTHING)
    if type(value) is _dt.datetime and value.utcoffset() is not None:
        return min(instant_key(value), EVERYTHING)  # aware: no conversion needed
    return min(instant_key(instant(value)), EVERYTHING)


def since_key(value: object) -> int:
    """The recorded-time bound a ``since=`` argument means, as microseconds:
    what was recorded strictly after it counts.

    A date alone (``"2024-08-19"``, or a month or year) means the start of
    its first day in UTC, that is the end of the day before, so what was
    recorded on that day counts; an instant means itself, exclusive.

    >>> since_key("2024-08-19") == known_key("2024-08-18")
    True
    >>> since_key("2024-08-19T12:00Z") == known_key("2024-08-19T12:00Z")
    True
    """
    if isinstance(value, str) and _DATE.match(value):
        value = ValidDate.parse(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return (value.toordinal() - _EPOCH_ORDINAL) * 86_400_000_000 - 1
    if isinstance(value, ValidDate):
        return (value.first - _EPOCH_ORDINAL) * 86_400_000_000 - 1
    return known_key(value)


def _end_of_day(ordinal: int) -> pendulum.DateTime:
    """The last microsecond of the day ``ordinal``, in UTC."""
    moment = _dt.date.fromordinal(ordinal)
    return pendulum.DateTime(moment.year, moment.month, moment.day, 23, 59, 59, 999_999,
                             tzinfo=pendulum.UTC)


def from_key(key: int) -> pendulum.DateTime:
    """The UTC instant of a recorded-time key (microseconds since the epoch).

    >>> from_key(known_key("2024-08-19"))
    DateTime(2024, 8, 19, 23, 59, 59, 999999, tzinfo=Timezone('UTC'))
    """
    return _utc(_NAIVE_EPOCH + _dt.timedelta(microseconds=key))


def _utc(moment: _dt.datetime) -> pendulum.DateTime:
    """The pendulum instant of a UTC (or naive, read as UTC) ``moment``, built
    from its fields: cheaper than converting with pendulum."""
    return pendulum.DateTime(moment.year, moment.month, moment.day, moment.hour,
                             moment.minute, moment.second, moment.microsecond,
                             tzinfo=pendulum.UTC)


def moment(value: object) -> str:
    """A recorded or publication instant in the one form every answer prints:
    the very end of a day (how a date such as ``known="2024-08-19"`` reads)
    as that day; any other instant in UTC, to the minute, or to the second or
    beyond when it has them. "-" for None.

    >>> import pendulum
    >>> moment(pendulum.datetime(2024, 8, 19, 23, 59, 59, 999999))
    '2024-08-19'
    >>> at = pendulum.datetime(2024, 3, 19, 15, 0)
    >>> moment(at), moment(at.add(seconds=7))
    ('2024-03-19 15:00 UTC', '2024-03-19 15:00:07 UTC')
    """
    if value is None:
        return "-"
    in_tz = getattr(value, "in_tz", None)
    if in_tz is None:
        return str(value)
    v = in_tz("UTC")
    if (v.hour, v.minute, v.second, v.microsecond) == (23, 59, 59, 999999):
        return str(v.date().isoformat())
    if v.microsecond:
        return f"{v.strftime('%Y-%m-%d %H:%M:%S')}.{v.microsecond:06d} UTC"
    return str(v.strftime("%Y-%m-%d %H:%M:%S UTC" if v.second else "%Y-%m-%d %H:%M UTC"))
