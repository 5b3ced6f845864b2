"""Date ranges: a year, a month or an ISO week as well as a day, --on, and --certain."""

from __future__ import annotations

from datetime import date

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


def test_certain_keeps_only_events_with_both_bounds_inside(run_json, run):
    _, maybe = run_json("timeline", "--on", "2015-05-13")
    code, sure = run_json("timeline", "--on", "2015-05-13", "--certain")
    assert code == 0
    inside = [e["id"] for e in maybe if e["date"]["start"] is not None
              and e["date"]["end"] is not None
              and e["date"]["start"] >= "2015-05-13" and e["date"]["end"] <= "2015-05-13"]
    assert [e["id"] for e in sure] == inside and 0 < len(inside) < len(maybe)
    code, _, err = run("timeline", "--on", "2015-05-13", "--certain", "--format", "json")
    assert err.splitlines()[-1] == (f"qalamoun: {len(maybe) - len(inside)} events that may "
                                    f"have happened outside the range not shown (--certain)")


def test_an_open_end_of_the_range_holds_any_day():
    from qalamoun_cli.model import DateSpan, Event
    from qalamoun_cli.selection import certainly_inside

    def event(start, end):
        return Event("e", DateSpan("x", start and date.fromisoformat(start),
                                   end and date.fromisoformat(end), "days"), None, None, "x")

    day = date(2015, 5, 13)
    assert certainly_inside(event("2015-05-13", "2015-06-01"), day, None)
    assert not certainly_inside(event("2015-05-12", "2015-05-13"), day, None)
    assert not certainly_inside(event("2015-05-13", None), day, None)  # end unknown
    assert certainly_inside(event("2015-05-01", "2015-05-13"), None, day)


@pytest.mark.parametrize(("args", "message"), [
    (("--certain",), "qalamoun: --certain needs a date range (--from, --to or --on)\n"),
    (("--certain", "--on", "2015-05", "--undated"),
     "qalamoun: --certain and --undated: an undated event is never certainly in a range; "
     "give one of them\n"),
])
def test_certain_where_it_cannot_filter_is_refused(run, args, message):
    assert run("timeline", *args) == (2, "", message)


def test_the_table_marks_what_may_be_outside_the_range_with_a_legend(run):
    code, out, _ = run("timeline", "--from", "2015-06-16", "--to", "2015-06-20",
                       env={"COLUMNS": "100"})
    lines = out.splitlines()
    assert lines[-1] == ("* may have happened outside the date range: its dates overlap it "
                         "(--certain leaves such events out)")
    assert "│ 21 Jun 2015 * │ reorganisation" in out
    code, out, _ = run("timeline", "--from", "2015-06-16", "--to", "2015-06-20", "--certain",
                       env={"COLUMNS": "100"})
    assert " * │" not in out and "may have happened outside" not in out
