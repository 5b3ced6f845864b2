"""The one reader of command lines: group options wherever typed, and the command."""

from __future__ import annotations

import pytest

from qalamoun_cli.cli.argv import CommandLine, completed_data, split
from qalamoun_cli.errors import UsageProblem


@pytest.mark.parametrize(("argv", "expected"), [
    (["timeline", "--from", "2015-05-13"], (["timeline", "--from", "2015-05-13"], "timeline")),
    (["timeline", "--data", "mine/", "--from", "x"],
     (["--data", "mine/", "timeline", "--from", "x"], "timeline")),
    (["--data", "timeline", "place", "Arsal"],  # a folder named like a command
     (["--data", "timeline", "place", "Arsal"], "place")),
    (["place", "--data=mine.yaml", "--debug", "Arsal"],
     (["--data=mine.yaml", "--debug", "place", "Arsal"], "place")),
    (["--debug", "show", "x", "--", "--data", "y"],
     (["--debug", "show", "x", "--", "--data", "y"], "show")),
    (["--", "timeline"], (["--", "timeline"], None)),
    (["--version"], (["--version"], None)),
    ([], ([], None)),
    (["timeline", "--debug=yes"], (["timeline", "--debug=yes"], "timeline")),
])
def test_group_options_move_before_the_command(argv, expected):
    line = split(argv)
    assert (line.args(), line.command) == expected


def test_every_data_value_is_kept_in_order():
    assert split(["--data", "a", "timeline", "--data=b"]).data() == ["a", "b"]
    assert split(["timeline"]).data() == []
    assert CommandLine(["--data"], None, []).data() == []


def test_a_data_option_without_its_value_is_refused_unless_half_typed():
    with pytest.raises(UsageProblem, match=r"^--data needs a value \(see 'qalamoun --help'\)$"):
        split(["timeline", "--data"])
    assert split(["timeline", "--data"], strict=False).data() == []


@pytest.mark.parametrize(("words", "data"), [
    ("qalamoun place --data mine/ Ja", "mine/"),
    ("qalamoun --data=~/x place Ja", "~/x"),
    ("qalamoun --data a place --data b Ja", ["a", "b"]),
    ("qalamoun place 'Jar", None),  # an unclosed quote
    ("qalamoun place --data", None),
    ("qalamoun place -- --data x", None),
])
def test_completion_finds_data_wherever_it_was_typed(monkeypatch, words, data):
    import os

    monkeypatch.setenv("COMP_WORDS", words)
    typed = [] if data is None else [data] if isinstance(data, str) else data
    assert completed_data() == [os.path.expanduser(d) for d in typed]
