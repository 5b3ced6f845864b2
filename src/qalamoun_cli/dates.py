"""Parse user dates and word date spans honestly ("c. 10–20 Apr 2015", "undated")."""

from __future__ import annotations

import re
from datetime import date

from qalamoun_cli.errors import BadValue
from qalamoun_cli.model import DateSpan
from qalamoun_cli.safetext import shown

# Precisions at which the span only bounds when it happened, so the label says "c.".
_APPROXIMATE = frozenset({"days", "week", "month", "season", "year"})
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# Fixed English abbreviations: strftime's %b would follow the user's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_day(value: str) -> date:
    """Parse an ISO date (YYYY-MM-DD), or raise BadValue."""
    try:
        if not _ISO_DAY.match(value.strip()):
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadValue(f"{shown(value)} is not a date; use YYYY-MM-DD, "
                       f"e.g. 2015-05-13") from None


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
