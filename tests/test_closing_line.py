"""On a terminal, a closing line on stderr says how many were shown and what was left out."""

from __future__ import annotations

import pytest

from tests.test_fuzz_cli import _run_on_terminal

UNDATED = "qalamoun: 6 undated events not shown; --undated to include them\n"


@pytest.mark.parametrize(("args", "said"), [
    (("timeline", "--on", "2015-05", "--limit", "3"),
     UNDATED + "qalamoun: showing 3 of 63 events (raise --limit to see more)\n"
     "qalamoun: 3 events (6 undated not shown; 60 more not shown (--limit))\n"),
    (("timeline", "--on", "2015-05", "--certain", "--format", "json"),
     UNDATED + "qalamoun: 4 events that may have happened outside the range not shown "
               "(--certain)\n"
     "qalamoun: 59 events (6 undated not shown; 4 that may have happened outside the range "
     "not shown (--certain))\n"),
    (("timeline", "--type", "capture", "--place", "Tallat Mussa"), "qalamoun: 1 event\n"),
    (("stats", "--on", "2015-05"), UNDATED + "qalamoun: 63 events (6 undated not shown)\n"),
    (("places", "--limit", "2"),
     "qalamoun: showing 2 of 58 places (raise --limit to see more)\n"
     "qalamoun: 2 places (56 more not shown (--limit))\n"),
    (("casualties", "--on", "2015-05"), "qalamoun: 6 incidents\n"),
    (("sources", "--kind", "monitor"), "qalamoun: 1 source\n"),
])
def test_a_terminal_gets_a_closing_line(args, said):
    code, _, err = _run_on_terminal(list(args))
    assert (code, err.decode()) == (0, said)


@pytest.mark.parametrize(("args", "said"), [
    (("timeline", "--on", "2015-05", "--limit", "3"),
     UNDATED + "qalamoun: showing 3 of 63 events (raise --limit to see more)\n"),
    (("stats", "--on", "2015-05"), UNDATED),
    (("places", "--limit", "2"), "qalamoun: showing 2 of 58 places (raise --limit to see "
                                 "more)\n"),
    (("casualties", "--on", "2015-05"), ""),
])
def test_piped_output_gets_none(run, args, said):
    code, _, err = run(*args)
    assert (code, err) == (0, said)


def test_count_prints_no_closing_line_even_on_a_terminal():
    code, out, err = _run_on_terminal(["timeline", "--on", "2015-05", "--count"])
    assert (code, out.decode(), err.decode()) == (0, "63\r\n", UNDATED)
