"""--from/--to take a year, a month or an ISO week as well as a day, on every command."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("command", [("timeline",), ("casualties",), ("stats",)])
@pytest.mark.parametrize(("typed", "days"), [
    (("--from", "2015-W22", "--to", "2015-W22"), ("--from", "2015-05-25", "--to", "2015-05-31")),
    (("--to", "2015-05"), ("--to", "2015-05-31")),
    (("--from", "2015-06"), ("--from", "2015-06-01")),
    (("--from", "2015", "--to", "2015"), ("--from", "2015-01-01", "--to", "2015-12-31")),
])
def test_a_period_is_the_same_query_as_its_days(run, command, typed, days):
    by_period = run(*command, *typed, "--format", "json")
    by_days = run(*command, *days, "--format", "json")
    assert by_period[0] in (0, 1)
    assert by_period == by_days


def test_a_week_finds_the_events_of_that_week(run_json):
    code, events = run_json("timeline", "--from", "2015-W22", "--to", "2015-W22")
    assert code == 0 and events
    for event in events:
        assert event["date"]["start"] <= "2015-05-31" and event["date"]["end"] >= "2015-05-25"


@pytest.mark.parametrize(("typed", "message"), [
    (("--from", "2015-W54"), "qalamoun: --from: '2015-W54': 2015 has weeks 1 to 53\n"),
    (("--to", "2015-13"), "qalamoun: --to: '2015-13': there is no month 13\n"),
    (("--from", "2015-06", "--to", "2015-05"),
     "qalamoun: --from 2015-06-01 is after --to 2015-05-31; swap them\n"),
])
def test_a_bad_period_is_one_line_and_exit_2(run, typed, message):
    assert run("timeline", *typed) == (2, "", message)


@pytest.mark.parametrize("command", [("timeline",), ("stats",), ("casualties",),
                                     ("casualties", "--totals")])
@pytest.mark.parametrize(("on", "days"), [
    ("2015-W22", ("--from", "2015-05-25", "--to", "2015-05-31")),
    ("2015-05", ("--from", "2015-05-01", "--to", "2015-05-31")),
    ("2015-05-13", ("--from", "2015-05-13", "--to", "2015-05-13")),
])
def test_on_is_from_and_to_of_one_period(run, command, on, days):
    by_on = run(*command, "--on", on, "--format", "json")
    assert by_on[0] in (0, 1)
    assert by_on == run(*command, *days, "--format", "json")


@pytest.mark.parametrize(("bound", "message"), [
    ("--from", "qalamoun: --on sets both bounds: give --on or --from, not both\n"),
    ("--to", "qalamoun: --on sets both bounds: give --on or --to, not both\n"),
])
def test_on_with_a_bound_is_refused(run, bound, message):
    assert run("timeline", "--on", "2015-05", bound, "2015-05-13") == (2, "", message)


def test_a_bad_on_names_the_option(run):
    assert run("stats", "--on", "2015-W60") == (
        2, "", "qalamoun: --on: '2015-W60': 2015 has weeks 1 to 53\n")
