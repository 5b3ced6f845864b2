"""Parse user dates and word date spans honestly ("c. 10–20 Apr 2015")."""

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
    """Return whether SPAN's [start, end] overlaps the (open-ended) range."""
    return (start is None or span.end >= start) and (end is None or span.start <= end)


def label(span: DateSpan) -> str:
    """Return a short label that shows the uncertainty of SPAN."""
    s, e = span.start, span.end
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
