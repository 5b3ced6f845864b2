"""Options that take one value refuse a second; repeatable ones keep every value."""

from __future__ import annotations

import json

import click
import pytest
import typer.main

from qalamoun_cli.cli.app import app

GROUP = typer.main.get_command(app)
assert isinstance(GROUP, click.Group)


def _single_value_options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option)
            and not (p.multiple or p.count or p.is_flag)]


SINGLE = [(name, option) for name, command in sorted(GROUP.commands.items())
          for option in _single_value_options(command)]


def test_every_command_and_its_one_value_options_are_covered():
    names = {(command, max(o.opts, key=len)) for command, o in SINGLE}
    assert set(GROUP.commands) == {"timeline", "place", "casualties", "show", "places",
                                   "actors", "sources", "stats", "validate", "schema",
                                   "export", "search"}
    assert {("timeline", "--from"), ("timeline", "--format"), ("place", "--limit"),
            ("casualties", "--scope"), ("stats", "--svg"), ("actors", "--limit")} <= names
    # Every filter is repeatable, on every command (issue 17).
    assert not any(n[1] in ("--source", "--place", "--actor", "--type", "--party",
                            "--outcome", "--side", "--source-kind", "--country", "--kind")
                   for n in names)


@pytest.mark.parametrize(("command", "option"), SINGLE,
                         ids=[f"{c}-{o.opts[0]}" for c, o in SINGLE])
def test_a_one_value_option_given_twice_is_a_usage_error(run, command, option):
    long = max(option.opts, key=len)
    for first, second in ((long, long), (min(option.opts, key=len), long)):
        code, out, err = run(command, first, "x", second, "y")
        assert code == 2, (command, first, second, err)
        assert out == ""
        assert err == (f"qalamoun: {long} takes one value, given 2 times "
                       f"(see 'qalamoun {command} --help')\n")


@pytest.mark.parametrize("args", [["--data", "a", "--data", "b", "timeline"],
                                  ["timeline", "--data", "a", "--data=b"],
                                  ["--data", "a", "places", "--data", "b"]])
def test_data_may_repeat_wherever_it_is_typed(run, args):
    # Several datasets (tests/test_datasets_multi.py): each is read, the first missing named.
    code, out, err = run(*args)
    assert (code, err) == (66, "qalamoun: a: no such file or folder\n")


def test_flags_and_repeatable_options_may_repeat(run):
    code, out, err = run("places", "--located", "--located", "--format", "json")
    assert code == 0, err
    code, out, err = run("timeline", "--type", "clash", "-t", "attack", "--format", "json")
    assert code == 0, err


def _incidents(run, *args: str) -> set[tuple]:
    code, out, err = run("casualties", *args, "--format", "json")
    assert code == 0, err
    return {(c["event"] and c["event"]["id"], c["scope"], c["source"]["id"],
             c["party"] and c["party"]["id"],
             c["outcome"], c["as_reported"]) for c in json.loads(out)}


def test_casualties_source_is_repeatable_and_keeps_the_union(run):
    sohr = _incidents(run, "--source", "SOHR")
    unattributed = _incidents(run, "--source", "unattributed")
    both = _incidents(run, "--source", "SOHR", "-s", "unattributed")
    events = {c[0] for c in sohr}, {c[0] for c in unattributed}
    assert events[0] - events[1] and events[1] - events[0]
    assert both == sohr | unattributed
    code, out, err = run("casualties", "--totals", "--source", "SOHR", "--source",
                         "Lebanese security", "--format", "json")
    assert code == 0, err
    assert {r["source"]["id"] for r in json.loads(out)} == {"sohr",
                                                            "lebanese-security-sources"}
