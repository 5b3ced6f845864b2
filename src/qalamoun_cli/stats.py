"""Counts: events per week by type and by side, claimed deaths per source; claims per source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from qalamoun_cli.model import EVENT_TYPES, Chronology, Event

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
    # The events of claims summed as published though inconsistent at the source (GED's
    # low above high...): the sum says so wherever it is shown.
    inconsistent: tuple[str, ...] = ()

    @property
    def open_ended(self) -> bool:
        return self.low is not None and self.high is None

    def text(self) -> str:
        from qalamoun_cli.claims import sum_text

        text = sum_text(self.low, self.high, [f"{self.vague} vague"] if self.vague else [],
                        empty="")
        # Short, as a chart's label must be; JSON and CSV name the events.
        return text + (f" [{len(self.inconsistent)} inconsistent]" if self.inconsistent
                       else "")


class Stats(NamedTuple):
    """The weekly series, each ordered by week and then by its keys' order (SERIES_ORDER).

    WEEKS holds every ISO week from the first to the last with an event or a claim counted,
    and how many events it has: a week of none is there, with 0 (a gap is information).
    TYPES, SIDES and SOURCES are the keys of each series, in their order (see below).
    """

    by_type: list[WeekCount]
    by_side: list[WeekCount]
    deaths: list[WeeklyDeaths]
    # Events whose dates span more than a week, or have an unknown bound: in no week.
    unplaced: list[str]
    weeks: tuple[tuple[str, int], ...] = ()
    types: tuple[str | None, ...] = ()
    sides: tuple[str | None, ...] = ()
    sources: tuple[str, ...] = ()


# The order of each series' keys, the same whatever the filters (README, stats): types
# as the vocabulary lists them (the dataset's own words after the shipped ones), sides as
# the data declares them, sources by name (then id); the type or side the data does not
# give comes last.


def _placed(event: Event) -> str | None:
    """Return the week an event falls in, or None when it may fall in more than one."""
    if event.date.start is None or event.date.end is None:
        return None
    first, last = week_of(event.date.start), week_of(event.date.end)
    return first if first == last else None


def _ranked(keys: Iterable[str | None], order: Sequence[str]) -> tuple[str | None, ...]:
    """Return KEYS once each, in ORDER; keys ORDER lacks after them by their text, None last."""
    rank = {k: i for i, k in enumerate(order)}
    return tuple(sorted(set(keys), key=lambda k: (k is None, rank.get(k, len(rank))
                                                  if k is not None else 0, k or "")))


def compute(chronology: Chronology, events: Sequence[Event], start: date | None = None,
            end: date | None = None) -> Stats:
    """Count EVENTS per ISO week by type and by side, and sum deaths claimed per source.

    The weeks run from the first to the last counted, and over the whole range START-END
    asked for where it is bounded: an empty week at its edges is a gap too.

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
            # [low, high, vague terms, numeric terms, events inconsistent at the source]
            entry = deaths.setdefault((week, claim.source), [0, 0, 0, 0, {}])
            if claim.inconsistent is not None:
                entry[4][event.id] = None
            if claim.low is None and claim.high is None:
                entry[2] += 1
                continue
            entry[3] += 1
            entry[0] += claim.low or 0
            if entry[1] is not None:
                entry[1] = None if claim.high is None else entry[1] + claim.high
    types = _ranked((k for _, k in by_type), chronology.words("event_types", EVENT_TYPES))
    sides = _ranked((k for _, k in by_side), list(chronology.sides))
    named = {s: chronology.sources[s].name.casefold() if s in chronology.sources else s
             for _, s in deaths}
    sources = tuple(sorted(named, key=lambda s: (named[s], s)))

    def in_order(keys: Sequence[str | None]) -> Any:
        position = {k: i for i, k in enumerate(keys)}
        return lambda item: (item[0][0], position[item[0][1]])

    placed = Counter(w for w in map(_placed, events) if w is not None)
    counted = [w for w, _ in by_type] + [w for w, _ in deaths]
    counted += [week_of(day) for day in (start, end) if day is not None]
    weeks = tuple((w, placed.get(w, 0)) for w in weeks_between(min(counted), max(counted))) \
        if counted else ()
    return Stats(
        [WeekCount(w, k, n) for (w, k), n in sorted(by_type.items(), key=in_order(types))],
        [WeekCount(w, k, n) for (w, k), n in sorted(by_side.items(), key=in_order(sides))],
        [WeeklyDeaths(w, s, v[0] if v[3] else None, v[1] if v[3] else None, v[2], tuple(v[4]))
         for (w, s), v in sorted(deaths.items(), key=in_order(sources))],
        unplaced, weeks, types, sides, sources,
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
