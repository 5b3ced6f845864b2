"""Dates typed by users, and date spans worded honestly."""

from __future__ import annotations

from datetime import date

import pytest

from qalamoun_cli.dates import iso, label, overlaps, parse_period
from qalamoun_cli.errors import BadValue, UsageProblem
from qalamoun_cli.model import UNDATED, DateSpan


def test_a_day_is_an_iso_date_spaces_around_allowed():
    assert parse_period("2015-05-13") == (date(2015, 5, 13), date(2015, 5, 13))
    assert parse_period(" 2015-05-13\n") == (date(2015, 5, 13), date(2015, 5, 13))
    assert parse_period("0001-01-01") == (date(1, 1, 1), date(1, 1, 1))


@pytest.mark.parametrize(("value", "first", "last"), [
    ("2015", "2015-01-01", "2015-12-31"),
    ("2015-05", "2015-05-01", "2015-05-31"),
    ("2016-02", "2016-02-01", "2016-02-29"),
    ("2015-02", "2015-02-01", "2015-02-28"),
    ("2015-W22", "2015-05-25", "2015-05-31"),
    ("2015-w22", "2015-05-25", "2015-05-31"),
    ("2015-W01", "2014-12-29", "2015-01-04"),  # ISO week 1 holds the year's first Thursday
    ("2015-W53", "2015-12-28", "2016-01-03"),
    ("9999-12", "9999-12-01", "9999-12-31"),
])
def test_a_year_month_or_week_is_its_first_and_last_day(value, first, last):
    assert parse_period(value) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize("value", ["20150513", "2015-5-13", "2015-5", "13/05/2015", "",
                                   "2015-05-13T10:00", "２０１５-05-13", "2015-W5", "15",
                                   "2015-05-13-01", "2015-W22-1"])
def test_anything_else_is_refused_naming_the_value_not_an_option(value):
    with pytest.raises(BadValue) as refused:
        parse_period(value)
    assert str(refused.value) == (f"{value!r} is not a date; use YYYY, YYYY-MM, YYYY-Www (an "
                                  f"ISO week) or YYYY-MM-DD, e.g. 2015-05-13 or 2015-05")
    assert isinstance(refused.value, UsageProblem)


@pytest.mark.parametrize(("value", "why"), [
    ("2015-W54", "2015 has weeks 1 to 53"),
    ("2016-W53", "2016 has weeks 1 to 52"),
    ("2015-W00", "2015 has weeks 1 to 53"),
    ("2015-13", "there is no month 13"),
    ("2015-00-01", "there is no month 0"),
    ("2015-02-29", "there is no day 29 in Feb 2015"),
    ("2015-04-31", "there is no day 31 in Apr 2015"),
    ("0000", "there is no year 0"),
])
def test_a_period_that_does_not_exist_says_why(value, why):
    with pytest.raises(BadValue) as refused:
        parse_period(value)
    assert str(refused.value) == f"{value!r}: {why}"


def test_a_refused_value_is_shown_escaped_and_short():
    with pytest.raises(BadValue) as refused:
        parse_period("\x1b[31m" + "9" * 100)
    assert str(refused.value) == ("'\\x1b[31m" + "9" * 74 + "…' is not a date; use YYYY, "
                                  "YYYY-MM, YYYY-Www (an ISO week) or YYYY-MM-DD, e.g. "
                                  "2015-05-13 or 2015-05")


def span(start: str, end: str, precision: str = "day") -> DateSpan:
    return DateSpan("x", date.fromisoformat(start), date.fromisoformat(end), precision)


@pytest.mark.parametrize(("when", "text"), [
    (span("2015-05-13", "2015-05-13"), "13 May 2015"),
    (span("2015-04-10", "2015-04-20", "days"), "c. 10–20 Apr 2015"),
    (span("2015-05-30", "2015-06-02", "week"), "c. 30 May – 2 Jun 2015"),
    (span("2015-05-01", "2015-05-31", "month"), "c. 1–31 May 2015"),
    (span("2014-12-30", "2015-01-02", "days"), "c. 30 Dec 2014 – 2 Jan 2015"),
    (span("2015-01-01", "2015-12-31", "year"), "c. 1 Jan – 31 Dec 2015"),
    (span("2015-06-01", "2015-08-31", "season"), "c. 1 Jun – 31 Aug 2015"),
    (span("2015-05-13", "2015-05-14"), "13–14 May 2015"),
])
def test_a_label_shows_the_span_and_says_c_when_it_only_bounds_the_day(when, text):
    assert label(when) == text


def test_a_span_overlaps_a_range_when_one_of_its_days_is_in_it():
    may = span("2015-05-10", "2015-05-16")
    assert overlaps(may, None, None)
    assert overlaps(may, date(2015, 5, 16), None)
    assert overlaps(may, None, date(2015, 5, 10))
    assert overlaps(may, date(2015, 5, 1), date(2015, 5, 31))
    assert overlaps(may, date(2015, 5, 12), date(2015, 5, 12))
    assert not overlaps(may, date(2015, 5, 17), None)
    assert not overlaps(may, None, date(2015, 5, 9))
    assert not overlaps(may, date(2015, 5, 1), date(2015, 5, 9))


def open_span(start: str | None, end: str | None) -> DateSpan:
    day = date.fromisoformat
    return DateSpan("x", start and day(start), end and day(end), "day")


@pytest.mark.parametrize(("when", "text"), [
    (open_span("2015-09-24", None), "from 24 Sep 2015, end unknown"),
    (open_span(None, "2014-04-30"), "until 30 Apr 2014, start unknown"),
    (UNDATED, "undated"),
    (DateSpan(None, None, None, "unknown"), "undated"),
])
def test_a_label_says_plainly_what_is_not_known(when, text):
    assert label(when) == text


def test_an_unknown_bound_is_open_on_its_side():
    after = open_span("2015-09-24", None)
    assert overlaps(after, date(2016, 1, 1), date(2016, 1, 31))
    assert overlaps(after, None, date(2015, 9, 24))
    assert not overlaps(after, None, date(2015, 9, 23))
    before = open_span(None, "2014-04-30")
    assert overlaps(before, date(2013, 1, 1), date(2013, 1, 1))
    assert not overlaps(before, date(2014, 5, 1), None)
    assert overlaps(UNDATED, date(2015, 1, 1), date(2015, 1, 1))  # may have been any day
    assert UNDATED.undated and not after.undated and not before.undated


def test_iso_keeps_an_unknown_day_unknown():
    assert (iso(date(2015, 5, 13)), iso(None)) == ("2015-05-13", None)
