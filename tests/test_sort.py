"""timeline --sort: date, -date, deaths, place; ties keep the date order."""

from __future__ import annotations

import json


def _ids(run, *args: str) -> list[dict]:
    code, out, _ = run("timeline", *args, "--format", "json")
    assert code == 0
    return json.loads(out)


def _most_killed(event: dict) -> int:
    figures = [n for c in event["claims"] if c["outcome"] == "killed"
               for n in (c["high"], c["low"], c["best"]) if n is not None]
    return max(figures, default=-1)


def test_date_is_the_default_order(run):
    assert _ids(run, "--sort", "date") == _ids(run)


def test_minus_date_is_newest_first_with_undated_events_last(run):
    by_date, newest = _ids(run), _ids(run, "--sort", "-date")
    dated = [e for e in by_date if e["date"]["start"] or e["date"]["end"]]
    undated = [e for e in by_date if not (e["date"]["start"] or e["date"]["end"])]
    assert undated and newest == dated[::-1] + undated


def test_deaths_is_the_highest_figure_claimed_killed_most_first(run):
    by_date, by_deaths = _ids(run), _ids(run, "--sort", "deaths")
    assert sorted(e["id"] for e in by_deaths) == sorted(e["id"] for e in by_date)
    most = [_most_killed(e) for e in by_deaths]
    assert most == sorted(most, reverse=True) and most[0] > 0
    # Ties keep the date order.
    order = {e["id"]: i for i, e in enumerate(by_date)}
    for a, b in zip(by_deaths, by_deaths[1:], strict=False):
        if _most_killed(a) == _most_killed(b):
            assert order[a["id"]] < order[b["id"]]


def test_place_is_by_the_first_place_s_name(run):
    names = [e["places"][0]["name"].casefold() if e["places"] else None
             for e in _ids(run, "--sort", "place")]
    named = [n for n in names if n is not None]
    assert named == sorted(named) and names[len(named):] == [None] * (len(names) - len(named))


def test_an_unknown_order_is_refused(run):
    assert run("timeline", "--sort", "size") == (
        2, "", "qalamoun: --sort: unknown value 'size' (expected one of: date, -date, deaths, "
               "place)\n")
