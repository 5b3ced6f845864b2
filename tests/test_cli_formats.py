"""Each command offers exactly the formats its result can be written in, and writes them all."""

from __future__ import annotations

import json
import re

import pytest

from qalamoun_cli.cli.app import COMMANDS
from qalamoun_cli.cli.options import FORMATS
from qalamoun_cli.render.results import (
    FORMS,
    ActorList,
    Claims,
    EventDetail,
    Events,
    PlaceList,
    PlaceMatches,
    SourceList,
    TextHits,
    Totals,
    WeeklyCounts,
)

ALL = ("table", "json", "jsonl", "csv", "markdown", "geojson", "kml", "timelinejs")
# Each command, a command line that finds something, and the result it returns.
CASES = {
    "timeline": (["timeline", "--from", "2015-05-13", "--to", "2015-05-14"], Events),
    "place": (["place", "Arsal"], PlaceMatches),
    "casualties": (["casualties", "--source", "SOHR"], Claims),
    "show": (["show", "2015-05-13-tallat-mussa-captured"], EventDetail),
    "places": (["places"], PlaceList),
    "actors": (["actors"], ActorList),
    "sources": (["sources"], SourceList),
    "stats": (["stats"], WeeklyCounts),
    "search": (["search", "Jarajeer"], TextHits),
}


def test_every_command_with_a_format_is_covered():
    # schema prints one fixed JSON document: it has no --format.
    with_format = {name for name, _ in COMMANDS if name not in ("validate", "export",
                                                                "schema")}
    assert with_format == set(CASES)


def test_the_options_know_every_format_a_result_can_be_written_in():
    assert FORMATS == tuple(dict.fromkeys(name for name, _ in FORMS)) == ALL


def test_the_formats_of_each_kind_of_result():
    assert Events.formats() == ALL
    # Places go on maps, not on a timeline.
    assert PlaceMatches.formats() == ALL[:-1]
    assert PlaceList.formats() == ALL[:-1]
    # One object each: nothing to write a record a line.
    assert EventDetail.formats() == ("table", "json")
    assert WeeklyCounts.formats() == ("table", "json", "csv", "markdown")
    for result in (Claims, Totals, ActorList, SourceList):
        assert result.formats() == ("table", "json", "jsonl", "csv", "markdown")
    # casualties returns either; its one --format option must fit both.
    assert Totals.formats() == Claims.formats()


def _help_formats(run, command: str) -> tuple[str, ...]:
    code, out, _ = run(command, "--help", env={"COLUMNS": "200"})
    assert code == 0
    (listed,) = re.findall(r"--format \[([a-z|]+)\]", out)
    return tuple(listed.split("|"))


@pytest.mark.parametrize("command", sorted(CASES))
def test_help_lists_exactly_the_formats_the_command_writes(run, command):
    args, result = CASES[command]
    assert _help_formats(run, command) == result.formats()


@pytest.mark.parametrize("command", sorted(CASES))
def test_every_offered_format_is_written_and_every_other_refused(run, command, tmp_path):
    args, result = CASES[command]
    for fmt in ALL:
        code, out, err = run(*args, "--format", fmt)
        if fmt not in result.formats():
            assert (code, out) == (2, "")
            assert err == (f"qalamoun: --format {fmt} is not available for {command} "
                           f"(choose from: {', '.join(result.formats())})\n")
            continue
        assert code == 0, err
        assert out.strip()
        if fmt in ("json", "geojson", "timelinejs"):
            json.loads(out)
        elif fmt == "kml":
            import xml.etree.ElementTree as ET

            ET.fromstring(out.encode())
        elif fmt == "jsonl":
            assert [json.loads(line) for line in out.splitlines()]
        elif fmt == "markdown":
            assert out.splitlines()[1].startswith("|---")


def test_an_unknown_format_is_refused_with_the_command_s_choices(run):
    # Click's wording, with the choices of this command (as --help and completion offer).
    code, out, err = run("show", "2015-05-13-tallat-mussa-captured", "--format", "xml")
    assert (code, out) == (2, "")
    assert err == ("qalamoun: Invalid value for '--format' / '-f': 'xml' is not one of "
                   "'table', 'json'. (see 'qalamoun show --help')\n")


def test_a_format_is_matched_in_any_case(run):
    code, out, _ = run("actors", "--format", "JSON")
    assert code == 0
    assert json.loads(out)[0]["id"]


def test_svg_needs_the_table_format_whatever_the_command(run, tmp_path):
    for command in CASES:
        args, _ = CASES[command]
        code, out, err = run(*args, "--format", "json", "--svg", str(tmp_path / "x.svg"))
        assert (code, out) == (2, "")
        assert err == ("qalamoun: --svg saves a table or chart: it needs --format table, "
                       "not json\n")
    assert not list(tmp_path.iterdir())
