"""Counts over time for people: bars per ISO week."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qalamoun_cli.model import Chronology
from qalamoun_cli.render.grid import Grid
from qalamoun_cli.render.tables import blank, blocks, cell, show
from qalamoun_cli.safetext import sanitize, sanitize_line

if TYPE_CHECKING:
    from rich.console import Console
from qalamoun_cli.stats import Stats

BAR = "█"


def _series_names(ids: Sequence[str], name_of: Any) -> dict[str, str]:
    """Name each series by its record's name, and by the id too where names look alike.

    Two sources (or sides) may share a name; their rows are kept apart by id, and must not
    look like one series either.
    """
    names = {i: name_of(i) for i in ids}
    looks = Counter(sanitize_line(n).strip() for n in names.values())
    return {i: n if looks[sanitize_line(n).strip()] == 1 else f"{n} [{i}]"
            for i, n in names.items()}


def _bars(title: str, weeks: list[str], series: dict[str, dict[str, int]],
          width: int, labels: dict[str, dict[str, str]] | None = None,
          names: dict[str, str] | None = None, nothing: str = "(no events)") -> Any:
    """Build one row per week and series key with a bar scaled to the widest value.

    LABELS replaces the printed number where it says more (a range, "≥", vague terms); a
    row is shown whenever it has a value or a label, even when its bar is empty. NAMES
    gives the series' shown names (default: the keys); a run of weeks without a value is
    one row named NOTHING, with 0. Below 60 columns, rows are printed
    as blocks without bars, so that no label is cut.
    """
    labels = labels or {}
    names = names or {}
    rows: list[tuple[str, str, int, str]] = []
    empty: list[str] = []  # the weeks of a run of weeks with nothing, not yet shown
    for week in [*weeks, None]:
        found = [] if week is None else [
            (week, names.get(key, key), n, text or str(n))
            for key, per_week in series.items()
            for n, text in [(per_week.get(week, 0), labels.get(key, {}).get(week))]
            if n or text]
        if week is not None and not found:
            empty.append(week)
            continue
        if empty:
            # A gap is information: a run of weeks with nothing is one row, with 0.
            span = empty[0] if len(empty) == 1 else f"{empty[0]}–{empty[-1]}"
            rows.append((span, nothing, 0, "0"))
            empty = []
        rows += found
    if width < 60:
        return blocks(title, [[("week", week), ("series", key), ("value", text)]
                              for week, key, _, text in rows])
    grid = Grid(sanitize(title), box=None, padding=1, pad_edge=False)
    grid.add_column(cell("Week"), no_wrap=True)
    grid.add_column(cell("Series"))
    grid.add_column(cell("Value"), justify="right", no_wrap=True)
    grid.add_column(cell(""), no_wrap=True, overflow="crop")
    top = max((n for _, _, n, _ in rows), default=0)
    bar_width = max(4, width - 50)
    for week, key, n, text in rows:
        length = max(1, round(n / top * bar_width)) if top and n else 0
        grid.add_row(cell(week), cell(key), cell(text), cell(BAR * length))
    return grid


def stats_charts(console: Console, chronology: Chronology, stats: Stats) -> None:
    """Print events per week by type and by side, and claimed deaths per source, as bars."""
    if not stats.weeks:
        show(console, cell("No event falls within a single week.", "dim"))
        return
    weeks = [week for week, _ in stats.weeks]
    # Each series in its keys' order (stats.Stats), whatever week a key first appears in.
    by_type: dict[str | None, dict[str, int]] = {key: {} for key in stats.types}
    for c in stats.by_type:
        by_type[c.key][c.week] = c.count
    # Series are keyed by id: two sides or sources that share a name stay two series.
    by_side: dict[str | None, dict[str, int]] = {key: {} for key in stats.sides}
    for c in stats.by_side:
        by_side[c.key][c.week] = c.count
    deaths: dict[str, dict[str, int]] = {key: {} for key in stats.sources}
    marks: dict[str, dict[str, str]] = {}
    for d in stats.deaths:
        # The bar shows the low end; the label shows the whole claim (range, ≥, vague).
        deaths.setdefault(d.source, {})[d.week] = d.low or 0
        marks.setdefault(d.source, {})[d.week] = d.text()
    width = console.width
    show(console,
         _bars("Events per week, by type (events dated within one ISO week)", weeks, by_type,
               width, names=_series_names(list(by_type), lambda k: k or "unknown")), blank(),
         _bars("Events per week, by side of the actors involved", weeks, by_side, width,
               names=_series_names(list(by_side), lambda i: "unknown" if i is None
                                   else chronology.party_name(i))),
         blank(),
         _bars("Deaths claimed per week, by source (sums of 'killed' claims: ranges kept, ≥ "
               "where a term is open-ended, vague terms counted apart)", weeks, deaths, width,
               marks, _series_names(list(deaths), lambda i: chronology.sources[i].name),
               nothing="(no claims)"))
    if stats.unplaced:
        show(console, blank(), cell(f"{len(stats.unplaced)} event(s) dated more loosely than "
                                     f"a week are not counted: {', '.join(stats.unplaced)}",
                                     "dim"))
