"""Counts: events per week by type and by side, claimed deaths per source; claims per source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from qalamoun_cli.model import Chronology, Event

WEEK_DAYS = 7

def week_of(day: date) -> str:
    """Return the ISO week of DAY, e.g. '2015-W20' ('0999-W01': labels sort by time)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_start(label: str) -> date:
    """Return the Monday of an ISO week label.

    Every week of a day from 0001-01-01 (a Monday) to 9999-12-31 (a Friday) has its Monday
    in that range too.
    """
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


class WeekCount(NamedTuple):
    week: str
    key: str | None  # None: the type or side the data does not give (never a word of its)
    count: int


class WeeklyDeaths(NamedTuple):
    """The sum of one source's 'killed' claims made on events of one week."""

    week: str
    source: str
    low: int | None  # None when every claim of the week is vague ("dozens")
    high: int | None  # None when a term is open-ended ("42+") or there is no number
    vague: int  # claims with no number: counted apart, never summed

    @property
    def open_ended(self) -> bool:
        return self.low is not None and self.high is None

    def text(self) -> str:
        from qalamoun_cli.claims import sum_text

        return sum_text(self.low, self.high, [f"{self.vague} vague"] if self.vague else [],
                        empty="")


class Stats(NamedTuple):
    by_type: list[WeekCount]
    by_side: list[WeekCount]
    deaths: list[WeeklyDeaths]
    # Events whose dates span more than a week, or have an unknown bound: in no week.
    unplaced: list[str]


def _placed(event: Event) -> str | None:
    """Return the week an event falls in, or None when it may fall in more than one."""
    if event.date.start is None or event.date.end is None:
        return None
    first, last = week_of(event.date.start), week_of(event.date.end)
    return first if first == last else None


def _week_then_key(item: tuple[tuple[str, str | None], int]) -> tuple[str, bool, str]:
    (week, key), _ = item
    return week, key is None, key or ""  # an unknown key after the known ones


def compute(chronology: Chronology, events: Sequence[Event]) -> Stats:
    """Count EVENTS per ISO week by type and by side, and sum deaths claimed per source.

    A type or side the data does not give is counted under None, apart from every word a
    dataset may use (a side may be called "unknown"). Of an updated toll only
    the latest figure is summed, and a part never on top of its whole (claims.replaced).
    """
    from qalamoun_cli.claims import replaced

    killed = [c for e in events for c in e.claims if c.outcome == "killed"]
    redundant = {id(killed[i]) for i in replaced(killed)}
    by_type: Counter[tuple[str, str]] = Counter()
    by_side: Counter[tuple[str, str]] = Counter()
    deaths: dict[tuple[str, str], list[int]] = {}
    unplaced = []
    for event in events:
        week = _placed(event)
        if week is None:
            unplaced.append(event.id)
            continue
        by_type[week, event.type] += 1
        sides = {chronology.actors[a].side for a in event.actors if a in chronology.actors}
        for side in sides:
            by_side[week, side] += 1
        for claim in event.claims:
            if claim.outcome != "killed" or id(claim) in redundant:
                continue
            # [low, high, vague terms, numeric terms]
            entry = deaths.setdefault((week, claim.source), [0, 0, 0, 0])
            if claim.low is None and claim.high is None:
                entry[2] += 1
                continue
            entry[3] += 1
            entry[0] += claim.low or 0
            if entry[1] is not None:
                entry[1] = None if claim.high is None else entry[1] + claim.high
    return Stats(
        [WeekCount(w, k, n) for (w, k), n in sorted(by_type.items(), key=_week_then_key)],
        [WeekCount(w, k, n) for (w, k), n in sorted(by_side.items(), key=_week_then_key)],
        [WeeklyDeaths(w, s, v[0] if v[3] else None, v[1] if v[3] else None, v[2])
         for (w, s), v in sorted(deaths.items())],
        unplaced,
    )


def weeks_between(first: str, last: str) -> list[str]:
    """Return every ISO week label from FIRST to LAST, so that empty weeks show as gaps."""
    out = []
    day = week_start(first)
    end = week_start(last)
    while day <= end:
        out.append(week_of(day))
        if day == end:
            break  # the Monday after the last one may be past 9999-12-31
        day += timedelta(days=WEEK_DAYS)
    return out


def per_source(chronology: Chronology) -> tuple[dict[str, int], dict[str, int]]:
    """Return how many claims each source made, and how many events each reported."""
    claims: Counter[str] = Counter(claim.source for claim in chronology.all_claims())
    reported: Counter[str] = Counter(source for event in chronology.events
                                     for source in event.sources)
    return dict(claims), dict(reported)
