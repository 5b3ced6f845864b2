"""Parse user dates and word date spans honestly ("c. 10–20 Apr 2015", "undated")."""

from __future__ import annotations

import re
from datetime import date

from qalamoun_cli.errors import BadValue
from qalamoun_cli.model import DateSpan
from qalamoun_cli.safetext import shown

# Precisions at which the span only bounds when it happened, so the label says "c.".
_APPROXIMATE = frozenset({"days", "week", "month", "season", "year"})
# Fixed English abbreviations: strftime's %b would follow the user's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# A period typed for --from, --to or --on: a year, a month, an ISO week, or a day.
_PERIOD = re.compile(r"(?P<year>[0-9]{4})(?:-(?:[Ww](?P<week>[0-9]{2})|(?P<month>[0-9]{2})"
                     r"(?:-(?P<day>[0-9]{2}))?))?\Z", re.ASCII)
PERIOD_FORMS = "YYYY, YYYY-MM, YYYY-Www (an ISO week) or YYYY-MM-DD"


def parse_period(value: str) -> tuple[date, date]:
    """Parse a year, month, ISO week (Monday to Sunday) or day; return its first and last day.

    Raises BadValue naming the value and the forms, or what does not exist (a 13th month, a
    53rd week in a year of 52).
    """
    from calendar import monthrange
    from datetime import timedelta

    found = _PERIOD.match(value.strip())
    if found is None:
        raise BadValue(f"{shown(value)} is not a date; use {PERIOD_FORMS}, "
                       f"e.g. 2015-05-13 or 2015-05")
    year = int(found["year"])
    if year < 1:
        raise BadValue(f"{shown(value)}: there is no year 0")
    if found["week"] is not None:
        week = int(found["week"])
        weeks = date(year, 12, 28).isocalendar()[1]  # 28 December is in the last week
        if not 1 <= week <= weeks:
            raise BadValue(f"{shown(value)}: {year} has weeks 1 to {weeks}")
        try:
            monday = date.fromisocalendar(year, week, 1)
            return monday, monday + timedelta(days=6)
        except (ValueError, OverflowError):
            raise BadValue(f"{shown(value)}: that week is outside the calendar") from None
    if found["month"] is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(found["month"])
    if not 1 <= month <= 12:
        raise BadValue(f"{shown(value)}: there is no month {month}")
    if found["day"] is None:
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    day = int(found["day"])
    if not 1 <= day <= monthrange(year, month)[1]:
        raise BadValue(f"{shown(value)}: there is no day {day} in {_MONTHS[month - 1]} {year}")
    return date(year, month, day), date(year, month, day)


def overlaps(span: DateSpan, start: date | None, end: date | None) -> bool:
    """Return whether SPAN may have happened within the (open-ended) range.

    A bound of SPAN that is unknown counts as unbounded on its side: an event of "from 24
    Sep 2015, end unknown" may have happened in 2016. An undated span overlaps any range;
    whether such events are shown is the caller's choice (selection.select).
    """
    return ((start is None or span.end is None or span.end >= start)
            and (end is None or span.start is None or span.start <= end))


def iso(day: date | None) -> str | None:
    """Return DAY as YYYY-MM-DD, or None when it is unknown."""
    return None if day is None else day.isoformat()


def _day(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def label(span: DateSpan) -> str:
    """Return a short label that shows the uncertainty of SPAN."""
    s, e = span.start, span.end
    if s is None or e is None:
        if s is not None:
            return f"from {_day(s)}, end unknown"
        return "undated" if e is None else f"until {_day(e)}, start unknown"
    sm, em = _MONTHS[s.month - 1], _MONTHS[e.month - 1]
    if s == e:
        text = f"{s.day} {sm} {s.year}"
    elif (s.year, s.month) == (e.year, e.month):
        text = f"{s.day}–{e.day} {sm} {s.year}"
    elif s.year == e.year:
        text = f"{s.day} {sm} – {e.day} {em} {s.year}"
    else:
        text = f"{s.day} {sm} {s.year} – {e.day} {em} {e.year}"
    return f"c. {text}" if span.precision in _APPROXIMATE else text
