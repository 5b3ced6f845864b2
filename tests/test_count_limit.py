"""timeline --count and --limit: how many match, and the first N of them."""

from __future__ import annotations

import json

import pytest


def test_count_is_the_number_of_events_the_same_query_lists(run):
    code, out, _ = run("timeline", "--on", "2015-05", "--format", "json")
    listed = len(json.loads(out))
    code, out, err = run("timeline", "--on", "2015-05", "--count")
    assert (code, out) == (0, f"{listed}\n")
    assert err == "qalamoun: 6 undated events not shown; --undated to include them\n"


def test_count_of_nothing_prints_0_and_exits_1(run):
    assert run("timeline", "--on", "1990", "--certain", "--count")[:2] == (1, "0\n")


def test_limit_shows_the_first_events_and_says_how_many_match(run):
    code, out, _ = run("timeline", "--format", "json")
    every = json.loads(out)
    code, out, err = run("timeline", "--limit", "3", "--format", "json")
    assert (code, json.loads(out)) == (0, every[:3])
    assert err == f"qalamoun: showing 3 of {len(every)} events (raise --limit to see more)\n"
    code, out, err = run("timeline", "--limit", str(len(every)), "--format", "json")
    assert (json.loads(out), err) == (every, "")


@pytest.mark.parametrize(("args", "message"), [
    (("--limit", "0"), "--limit: 0 is not a number of events; give 1 or more"),
    (("--limit", "-2"), "--limit: -2 is not a number of events; give 1 or more"),
    (("--count", "--format", "json"), "--count prints only a number: give it without --format"),
    (("--count", "--limit", "2"), "--count prints only a number: give it without --limit"),
])
def test_what_cannot_be_is_refused(run, args, message):
    assert run("timeline", *args) == (2, "", f"qalamoun: {message}\n")
