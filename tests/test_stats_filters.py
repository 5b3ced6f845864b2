"""stats takes the event filters timeline takes: the same events are counted."""

from __future__ import annotations

import pytest


def _counted(run_json, *args: str) -> int:
    code, stats = run_json("stats", *args)
    assert code in (0, 1)
    return sum(r["count"] for r in stats["events_by_type"]) + len(stats["not_counted"])


@pytest.mark.parametrize("args", [
    ("--type", "capture"), ("--place", "Arsal"), ("--actor", "Hezbollah"),
    ("--source", "SOHR"), ("--on", "2015-05", "--certain"),
    ("--type", "attack", "--place", "Jarajir barrens"),
])
def test_stats_counts_the_events_timeline_lists(run_json, args):
    code, events = run_json("timeline", *args)
    assert code == 0 and events
    assert _counted(run_json, *args) == len(events)


def test_stats_refuses_what_timeline_refuses(run):
    assert run("stats", "--certain") == (
        2, "", "qalamoun: --certain needs a date range (--from, --to or --on)\n")
    assert run("stats", "--type", "bogus") == (
        1, "", "qalamoun: --type: unknown event type 'bogus'; closest: 'ambush', "
               "'reorganisation', 'statement' (known: attack, clash, capture, ambush, strike, "
               "retreat, siege, statement, agreement, reorganisation)\n")
