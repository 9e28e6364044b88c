"""Example tests for valid dates, precision, three-valued effect and recorded instants."""


from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import (
    Effect,
    InvalidDateError,
    InvalidInstantError,
    InvalidQueryError,
    Precision,
    TimelineError,
    ValidDate,
)
from timeline.model.dates import EVERYTHING, day, instant, instant_key, known_key, query_day

# -- parsing ----------------------------------------------------------------------


def test_a_full_iso_date_is_a_day() -> None:
    date = ValidDate.parse("2024-09-25")
    assert (2024, 9, 25) == (date.year, date.month, date.day)
    assert Precision.DAY == date.precision
    assert "2024-09-25" == str(date)


def test_a_year_and_month_is_a_month() -> None:
    date = ValidDate.parse("2024-05")
    assert (2024, 5, None) == (date.year, date.month, date.day)
    assert Precision.MONTH == date.precision
    assert "2024-05" == str(date)


def test_a_year_alone_is_a_year() -> None:
    date = ValidDate.parse("2021")
    assert (2021, None, None) == (date.year, date.month, date.day)
    assert Precision.YEAR == date.precision
    assert "2021" == str(date)


def test_single_digit_months_and_days_are_padded() -> None:
    assert "2024-09-05" == str(ValidDate.parse("2024-9-5"))


def test_surrounding_whitespace_is_ignored() -> None:
    assert ValidDate.parse("2024-05") == ValidDate.parse("  2024-05 ")


def test_a_datetime_date_is_a_day() -> None:
    date = ValidDate.parse(dt.date(2024, 2, 29))
    assert ValidDate.parse("2024-02-29") == date
    assert Precision.DAY == date.precision


def test_a_pendulum_date_is_a_day() -> None:
    assert ValidDate.parse("2024-02-29") == ValidDate.parse(pendulum.date(2024, 2, 29))


def test_a_pendulum_datetime_is_the_day_of_its_own_calendar() -> None:
    late_evening_in_jakarta = pendulum.datetime(2024, 2, 29, 23, 30, tz="Asia/Jakarta")
    assert ValidDate.parse("2024-02-29") == ValidDate.parse(late_evening_in_jakarta)
    assert Precision.DAY == ValidDate.parse(late_evening_in_jakarta).precision


def test_a_valid_date_parses_to_itself() -> None:
    date = ValidDate.parse("2024-05")
    assert date is ValidDate.parse(date)


def test_dates_of_different_precision_are_different() -> None:
    assert ValidDate.parse("2024-05") != ValidDate.parse("2024-05-01")
    assert ValidDate.parse("2024") != ValidDate.parse("2024-01")


def test_equal_dates_hash_alike() -> None:
    assert {ValidDate.parse("2024-05")} == {ValidDate(2024, 5)}


def test_the_repr_shows_the_iso_form() -> None:
    assert "ValidDate('2024-05')" == repr(ValidDate.parse("2024-05"))


# -- first and last days ------------------------------------------------------------


def test_a_day_covers_only_itself() -> None:
    date = ValidDate.parse("2024-09-25")
    assert (dt.date(2024, 9, 25), dt.date(2024, 9, 25)) == date.days
    assert date.first == date.last


def test_a_month_covers_its_first_to_its_last_day() -> None:
    assert (dt.date(2024, 4, 1), dt.date(2024, 4, 30)) == ValidDate.parse("2024-04").days
    assert (dt.date(2024, 12, 1), dt.date(2024, 12, 31)) == ValidDate.parse("2024-12").days


def test_february_of_a_leap_year_ends_on_the_29th() -> None:
    assert dt.date(2024, 2, 29) == ValidDate.parse("2024-02").last_day
    assert dt.date(2000, 2, 29) == ValidDate.parse("2000-02").last_day


def test_february_of_a_common_year_ends_on_the_28th() -> None:
    assert dt.date(2023, 2, 28) == ValidDate.parse("2023-02").last_day
    assert dt.date(1900, 2, 28) == ValidDate.parse("1900-02").last_day


def test_a_year_covers_all_its_days() -> None:
    leap = ValidDate.parse("2024")
    assert (dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == leap.days
    assert 366 == leap.last - leap.first + 1
    assert 365 == ValidDate.parse("2023").last - ValidDate.parse("2023").first + 1


def test_first_and_last_are_ordinals() -> None:
    date = ValidDate.parse("2024-05")
    assert dt.date(2024, 5, 1).toordinal() == date.first
    assert dt.date(2024, 5, 31).toordinal() == date.last
    assert date.first_day == dt.date.fromordinal(date.first)


def test_the_29th_of_february_is_a_day_in_a_leap_year() -> None:
    assert dt.date(2024, 2, 29) == ValidDate.parse("2024-02-29").first_day


def test_a_query_date_means_the_last_day_it_covers() -> None:
    assert day("2024-05-31") == day("2024-05")
    assert day("2024-12-31") == day("2024")
    assert day("2024-02-29") == day("2024-02")
    assert dt.date(2024, 3, 1).toordinal() == day(dt.date(2024, 3, 1))


# -- three-valued effect ---------------------------------------------------------


def _ordinal(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def test_a_month_is_not_yet_in_effect_the_day_before_it_starts() -> None:
    assert Effect.NOT_YET == ValidDate.parse("2024-05").effect_at(_ordinal("2024-04-30"))


def test_a_month_is_uncertain_from_its_first_day() -> None:
    assert Effect.UNCERTAIN == ValidDate.parse("2024-05").effect_at(_ordinal("2024-05-01"))


def test_a_month_is_uncertain_until_the_day_before_its_last() -> None:
    assert Effect.UNCERTAIN == ValidDate.parse("2024-05").effect_at(_ordinal("2024-05-30"))


def test_a_month_is_in_effect_at_the_end_of_its_last_day() -> None:
    assert Effect.IN_EFFECT == ValidDate.parse("2024-05").effect_at(_ordinal("2024-05-31"))
    assert Effect.IN_EFFECT == ValidDate.parse("2024-05").effect_at(_ordinal("2024-06-01"))


def test_a_day_is_never_uncertain() -> None:
    date = ValidDate.parse("2024-09-25")
    assert Effect.NOT_YET == date.effect_at(_ordinal("2024-09-24"))
    assert Effect.IN_EFFECT == date.effect_at(_ordinal("2024-09-25"))


def test_a_leap_year_is_uncertain_on_its_last_but_one_day() -> None:
    year = ValidDate.parse("2024")
    assert Effect.NOT_YET == year.effect_at(_ordinal("2023-12-31"))
    assert Effect.UNCERTAIN == year.effect_at(_ordinal("2024-01-01"))
    assert Effect.UNCERTAIN == year.effect_at(_ordinal("2024-12-30"))
    assert Effect.IN_EFFECT == year.effect_at(_ordinal("2024-12-31"))


def test_a_leap_february_is_uncertain_on_the_28th() -> None:
    assert Effect.UNCERTAIN == ValidDate.parse("2024-02").effect_at(_ordinal("2024-02-28"))
    assert Effect.IN_EFFECT == ValidDate.parse("2024-02").effect_at(_ordinal("2024-02-29"))


def test_certainly_before_needs_every_day_to_come_first() -> None:
    may = ValidDate.parse("2024-05")
    mid_may = ValidDate.parse("2024-05-10")
    june = ValidDate.parse("2024-06-01")
    assert may.certainly_before(june)
    assert not may.certainly_before(mid_may)
    assert not mid_may.certainly_before(may)
    assert not may.certainly_before(may)


# -- dates as reporters write them ---------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown", "first", "last"),
    [
        ("2024-Q3", "2024-Q3", "2024-07-01", "2024-09-30"),
        ("2024-q1", "2024-Q1", "2024-01-01", "2024-03-31"),
        ("2024-H2", "2024-H2", "2024-07-01", "2024-12-31"),
        ("early 2024", "early 2024", "2024-01-01", "2024-04-30"),
        ("Mid-2024", "mid 2024", "2024-05-01", "2024-08-31"),
        ("late 2024", "late 2024", "2024-09-01", "2024-12-31"),
        ("early 2024-05", "early 2024-05", "2024-05-01", "2024-05-10"),
        ("mid 2024-05", "mid 2024-05", "2024-05-11", "2024-05-20"),
        ("late 2024-02", "late 2024-02", "2024-02-21", "2024-02-29"),
        ("2024-Q1/2024-Q2", "2024-Q1/2024-Q2", "2024-01-01", "2024-06-30"),
        ("2023-11/early 2024", "2023-11/early 2024", "2023-11-01", "2024-04-30"),
        ("../late 2023", "../late 2023", "0001-01-01", "2023-12-31"),
    ],
)
def test_quarters_halves_and_early_mid_late_are_ranges_that_print_as_written(
    written: str, shown: str, first: str, last: str
) -> None:
    date = ValidDate.parse(written)
    assert Precision.RANGE == date.precision
    assert shown == str(date)
    assert (dt.date.fromisoformat(first), dt.date.fromisoformat(last)) == date.days
    assert date == ValidDate.parse(str(date))
    assert shown == str(ValidDate.parse(str(date)))


def test_a_quarter_equals_the_range_of_its_months() -> None:
    assert ValidDate.parse("2024-07/2024-09") == ValidDate.parse("2024-Q3")
    assert "2024-07/2024-09" == str(ValidDate.parse("2024-07/2024-09"))


def test_a_quarter_is_uncertain_inside_it_and_in_effect_at_its_end() -> None:
    q3 = ValidDate.parse("2024-Q3")
    assert Effect.UNCERTAIN == q3.effect_at(day("2024-08-15"))
    assert Effect.IN_EFFECT == q3.effect_at(day("2024-09-30"))
    assert Effect.NOT_YET == q3.effect_at(day("2024-06-30"))


@pytest.mark.parametrize(
    ("value", "reason"),
    [("2024-Q5", "a quarter is Q1..Q4"), ("2024-Q0", "a quarter is Q1..Q4"),
     ("2024-H3", "a half is H1..H2"), ("soon 2024", "not an ISO date"),
     ("early 2024-13", "month must be 1..12")],
)
def test_a_malformed_reporters_date_names_what_is_wrong(value: str, reason: str) -> None:
    with pytest.raises(InvalidDateError) as caught:
        ValidDate.parse(value)
    assert reason == caught.value.reason
    assert value == caught.value.value


# -- malformed dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-13", "month must be 1..12"),
        ("2024-00", "month must be 1..12"),
        ("2023-02-29", "day must be 1..28 in 2023-02"),
        ("2024-02-30", "day must be 1..29 in 2024-02"),
        ("2024-04-31", "day must be 1..30 in 2024-04"),
        ("0000", "year must be 1..9999"),
        ("24-05", "not an ISO date"),
        ("2024/05/01", "not an ISO date; a range 'START/END' has one '/'"),
        ("May 2024", "not an ISO date"),
        ("", "not an ISO date"),
        ("2024-05-1x", "not an ISO date"),
        ("10000", "not an ISO date"),
    ],
)
def test_a_malformed_date_string_is_rejected_with_the_value_and_the_reason(
    value: str, reason: str
) -> None:
    with pytest.raises(InvalidDateError) as caught:
        ValidDate.parse(value)
    assert value == caught.value.value
    assert reason == caught.value.reason
    assert repr(value) in str(caught.value)
    assert reason in str(caught.value)


@pytest.mark.parametrize("value", [2024, 2024.5, None, ["2024"]])
def test_a_value_of_the_wrong_type_is_rejected_naming_its_type(value: object) -> None:
    with pytest.raises(InvalidDateError, match=type(value).__name__) as caught:
        ValidDate.parse(value)
    assert value == caught.value.value


def test_an_invalid_date_is_a_value_error_and_a_timeline_error() -> None:
    with pytest.raises(ValueError, match="'2024-13'"):
        ValidDate.parse("2024-13")
    with pytest.raises(TimelineError):
        ValidDate.parse("2024-13")


def test_the_message_says_what_is_expected() -> None:
    expected = "expected 'YYYY-MM-DD', 'YYYY-MM', 'YYYY', a quarter 'YYYY-Q3'"
    with pytest.raises(InvalidDateError, match=expected):
        ValidDate.parse("someday")


def test_a_day_without_a_month_is_rejected() -> None:
    with pytest.raises(InvalidDateError, match="a day needs a month"):
        ValidDate(2024, None, 5)


def test_the_query_helper_rejects_malformed_dates() -> None:
    with pytest.raises(InvalidDateError, match="'2024-02-30'"):
        day("2024-02-30")


# -- recorded instants -----------------------------------------------------------


def test_an_instant_with_an_offset_is_normalised_to_utc() -> None:
    moment = instant("2024-08-19T10:00:00+07:00")
    assert pendulum.datetime(2024, 8, 19, 3, tz="UTC") == moment
    assert "UTC" == moment.timezone_name


def test_a_z_suffix_means_utc_in_either_case() -> None:
    expected = pendulum.datetime(2024, 8, 19, 10, tz="UTC")
    assert expected == instant("2024-08-19T10:00:00Z")
    assert expected == instant("2024-08-19T10:00:00z")


def test_an_aware_datetime_is_normalised_to_utc() -> None:
    new_york = dt.timezone(dt.timedelta(hours=-5))
    moment = instant(dt.datetime(2024, 8, 19, 10, tzinfo=new_york))
    assert pendulum.datetime(2024, 8, 19, 15, tz="UTC") == moment
    assert "UTC" == moment.timezone_name


def test_a_pendulum_datetime_is_normalised_to_utc() -> None:
    moment = instant(pendulum.datetime(2024, 8, 19, 10, tz="Europe/Paris"))
    assert pendulum.datetime(2024, 8, 19, 8, tz="UTC") == moment
    assert "UTC" == moment.timezone_name


def test_an_instant_crossing_midnight_moves_to_the_utc_day() -> None:
    assert dt.date(2024, 8, 18) == instant("2024-08-19T03:00:00+07:00").date()


@pytest.mark.parametrize(
    "value",
    ["2024-08-19T10:00:00", "2024-08-19T10:00"],
)
def test_a_naive_string_is_rejected_never_guessed(value: str) -> None:
    with pytest.raises(InvalidInstantError, match="no time zone") as caught:
        instant(value)
    assert value == caught.value.value
    assert repr(value) in str(caught.value)


def test_a_naive_datetime_is_rejected() -> None:
    with pytest.raises(InvalidInstantError, match="no time zone"):
        instant(dt.datetime(2024, 8, 19, 10))


@pytest.mark.parametrize("value", ["garbage", "2024-13-01T00:00:00Z", ""])
def test_a_garbage_string_is_not_an_instant(value: str) -> None:
    with pytest.raises(InvalidInstantError, match="not an ISO 8601 date-time") as caught:
        instant(value)
    assert value == caught.value.value


@pytest.mark.parametrize("value", [12, None, 2024.5])
def test_a_value_of_the_wrong_type_is_not_an_instant(value: object) -> None:
    with pytest.raises(InvalidInstantError, match=type(value).__name__):
        instant(value)


def test_an_invalid_instant_names_the_event_it_belongs_to() -> None:
    with pytest.raises(InvalidInstantError, match="event 'e1'") as caught:
        instant("yesterday", event_id="e1")
    assert "e1" == caught.value.event_id


def test_an_invalid_instant_is_a_value_error_and_a_timeline_error() -> None:
    with pytest.raises(ValueError, match="garbage"):
        instant("garbage")
    with pytest.raises(TimelineError):
        instant("garbage")


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00"])
def test_an_instant_outside_the_calendar_in_utc_is_an_invalid_instant(text: str) -> None:
    with pytest.raises(InvalidInstantError, match="outside the years 1 to 9999") as caught:
        instant(text, event_id="e1")
    assert (text, "e1") == (caught.value.value, caught.value.event_id)


def test_instant_keys_count_microseconds_since_the_epoch() -> None:
    assert 0 == instant_key(instant("1970-01-01T00:00:00Z"))
    assert 1_000_001 == instant_key(instant("1970-01-01T00:00:01.000001Z"))


@given(
    moment=st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    minutes=st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
)
def test_instant_keys_equal_the_microseconds_a_timedelta_counts(
    moment: dt.datetime, minutes: int
) -> None:
    offset = dt.timedelta(minutes=minutes)
    aware = moment.replace(tzinfo=dt.timezone(offset))
    since = aware - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    expected = (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds
    assert expected == instant_key(aware)
    assert expected == instant_key(pendulum.instance(aware))
    assert expected == instant_key(aware.replace(tzinfo=None) - offset)  # naive: UTC


# -- known= bounds -----------------------------------------------------------------


def test_known_none_means_everything_recorded() -> None:
    assert EVERYTHING == known_key(None)


def test_known_date_means_the_end_of_that_day_in_utc() -> None:
    last_microsecond = instant_key(instant("2024-08-19T23:59:59.999999Z"))
    assert last_microsecond == known_key("2024-08-19")
    assert instant_key(instant("2024-08-20T00:00:00Z")) == known_key("2024-08-19") + 1


def test_known_date_objects_mean_the_end_of_that_day() -> None:
    assert known_key("2024-08-19") == known_key(dt.date(2024, 8, 19))
    assert known_key("2024-08-19") == known_key(pendulum.date(2024, 8, 19))


def test_known_month_means_the_end_of_its_last_day() -> None:
    assert known_key("2024-08-31") == known_key("2024-08")
    assert known_key("2024-02-29") == known_key("2024-02")
    assert known_key("2024-12-31") == known_key("2024")


def test_known_instant_means_itself_in_any_offset() -> None:
    assert known_key("2024-08-19T00:00:00Z") == known_key("2024-08-19T07:00:00+07:00")
    assert instant_key(instant("2024-08-19T00:00:00Z")) == known_key(
        pendulum.datetime(2024, 8, 19, tz="UTC")
    )


def test_the_end_of_a_day_in_utc_is_before_midnight_in_an_eastern_zone() -> None:
    assert known_key("2024-08-20T06:59:59.999999+07:00") == known_key("2024-08-19")


def test_known_rejects_naive_and_garbage_values() -> None:
    with pytest.raises(InvalidInstantError, match="no time zone"):
        known_key("2024-08-19T10:00")
    with pytest.raises(InvalidInstantError, match="'garbage'"):
        known_key("garbage")
    with pytest.raises(InvalidDateError, match="'2024-13'"):
        known_key("2024-13")


@pytest.mark.parametrize(("written", "same_as", "printed"), [
    ("Q3 2024", "2024-07/2024-09", "2024-Q3"),
    ("h1 2024", "2024-01/2024-06", "2024-H1"),
    ("fall 2024", "2024-09/2024-11", "fall 2024"),
    ("Autumn 2023", "2023-09/2023-11", "autumn 2023"),
    ("summer 2024", "2024-06/2024-08", "summer 2024"),
    ("end of 2024", "late 2024", "end of 2024"),
    ("the beginning of 2024-05", "2024-05-01/2024-05-10", "the beginning of 2024-05"),
])
def test_more_of_what_reporters_write_reads_as_a_range_kept_as_written(
        written: str, same_as: str, printed: str) -> None:
    date = ValidDate.parse(written)
    assert (date, str(date)) == (ValidDate.parse(same_as), printed)
    assert ValidDate.parse(str(date)) == date  # stored as written, read back the same


def test_a_winter_spans_two_years_and_is_refused_with_the_range_to_write() -> None:
    with pytest.raises(InvalidDateError, match=r"2024-12/2025-02"):
        ValidDate.parse("winter 2024")


def test_a_reporters_range_as_a_query_date_is_a_range_not_an_instant() -> None:
    with pytest.raises(InvalidQueryError, match="at takes one date"):
        query_day("late 2024")
    assert query_day("2024-09-25 10:00+00:00") == day("2024-09-25")


@pytest.mark.parametrize("written", [
    "١٢٣٤", "\uff12\uff10\uff12\uff14", "2024-\uff10\uff15", "Q\uff13 2024"])
def test_digits_of_another_script_are_refused_not_read_as_a_year(written: str) -> None:
    with pytest.raises(InvalidDateError, match="digits are not ASCII 0-9"):
        ValidDate.parse(written)
    with pytest.raises(InvalidDateError, match="digits are not ASCII 0-9"):
        query_day(written)
