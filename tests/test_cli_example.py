"""The commands through CliRunner, on the small example dataset."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE

DATA = ("--data", str(EXAMPLE))


def test_timeline_json_contract(run):
    code, out, err = run(*DATA, "timeline", "--format", "json")
    assert code == 0, err
    events = json.loads(out)
    assert [e["id"] for e in events] == ["2015-05-06-assal-al-ward-fighting",
                                         "2015-05-07-assal-al-ward-hilltops",
                                         "2015-05-13-tallat-mussa-captured"]
    event = events[2]
    assert set(event) >= {"id", "date", "section", "type", "places", "actors", "sources",
                          "summary", "claims"}
    assert event["date"] == {"text": "13 May", "start": "2015-05-13", "end": "2015-05-13",
                             "precision": "day", "anchor": None}
    assert event["places"] == [{"id": "tallat-mussa", "name": "Tallat Mussa",
                                "country": "Syria"}]
    assert event["actors"][0] == {"id": "syrian-army", "name": "Syrian Army",
                                  "side": "pro-government", "role": None}
    assert event["sources"][0] == {"id": "sohr", "name": "SOHR"}
    assert event["claims"][0] == {"source": {"id": "sohr", "name": "SOHR"},
                                  "party": {"id": "opposition", "name": "rebels"},
                                  "outcome": "killed", "low": 36, "high": 36,
                                  "consistent_at_source": True,
                                  "as_reported": "36", "party_text": None, "best": None,
                                  "id": None, "supersedes": None, "within": None}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--from", "2015-05-13"), ["2015-05-13-tallat-mussa-captured"]),
        (("--to", "2015-05-06"), ["2015-05-06-assal-al-ward-fighting"]),
        (("--place", "Talat Moussa"), ["2015-05-13-tallat-mussa-captured"]),
        (("--actor", "SAA"), ["2015-05-07-assal-al-ward-hilltops",
                              "2015-05-13-tallat-mussa-captured"]),
        (("--actor", "pro-government forces", "--to", "2015-05-10"),
         ["2015-05-07-assal-al-ward-hilltops"]),
        (("--source", "syrian observatory"), ["2015-05-13-tallat-mussa-captured"]),
        (("--source", "unattributed"), ["2015-05-07-assal-al-ward-hilltops"]),
        (("--type", "clash"), ["2015-05-06-assal-al-ward-fighting"]),
    ],
)
def test_timeline_filters(run, args, expected):
    code, out, err = run(*DATA, "timeline", *args, "--format", "json")
    assert code == 0, err
    assert [e["id"] for e in json.loads(out)] == expected


def test_timeline_table_shows_dates_ids_and_claims(run):
    code, out, err = run(*DATA, "timeline", "--from", "2015-05-13")
    assert code == 0, err
    assert "13 May 2015" in out
    assert "2015-05-13-tallat-mussa-captured" in out
    assert "rebels killed: 36 (SOHR)" in out
    assert "Hezbollah killed: 18" in out


def test_timeline_csv_has_iso_dates(run):
    code, out, err = run(*DATA, "timeline", "--format", "csv", "--type", "capture")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith('"id","date_text","start","end","precision"')
    assert '"2015-05-13","2015-05-13","day"' in lines[2]


def test_an_unknown_outcome_is_nothing_found_with_the_closest(run):
    # A word of a vocabulary that selects nothing, as --type and --source-kind: exit 1.
    assert run(*DATA, "casualties", "--outcome", "kiled") == (
        1, "", "qalamoun: --outcome: unknown outcome 'kiled'; closest: 'killed', 'captured', "
               "'casualties' (known: killed, wounded, casualties, captured, missing, strength)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timeline", "--from", "2015-13-01"), "--from: '2015-13-01': there is no month 13"),
        (("timeline", "--from", "2015-05-14", "--to", "2015-05-13"), "is after --to"),
        (("timeline", "--format", "xml"), "'xml' is not one of"),
        (("timeline", "--bogus"), "No such option"),
        (("place", "  "), "the query has no letters or digits"),
        (("place", "'"), "the query has no letters or digits"),
        (("timeline", "--from", "20150513"), "is not a date; use YYYY, YYYY-MM, YYYY-Www"),
        (("places", "--country", ""), "--country: the country is empty"),
        (("place", "Arsal", "--limit", "0"), "--limit"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run, args, message):
    code, out, err = run(*DATA, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timeline", "--type", "massacre"),
         "--type: unknown event type 'massacre'; closest: 'clash', 'attack', 'strike' (known: "
         "attack, clash, capture, ambush, strike, retreat, siege, statement, agreement, "
         "reorganisation)"),
        (("timeline", "--place", "Atlantis"),
         "--place: unknown place 'Atlantis'; closest: 'Tallat Mussa', 'Arsal'"),
        (("casualties", "--source", "BBC"),
         "--source: unknown source 'BBC'; closest: 'Lebanese security sources', "
         "'unattributed', 'SOHR'; known sources: SOHR, Lebanese security sources, unattributed"),
        (("stats", "--side", "martians"),
         "--side: unknown side 'martians'; known sides: pro-government (pro-government "
         "forces), opposition (rebels)"),
        (("casualties", "--source-kind", "monitors"),
         "--source-kind: unknown source kind 'monitors'; closest: 'monitor', "
         "'military-source', 'opposition-source' (known: monitor, party-media, state-media, "
         "news-media, security-services, military-source, official, analyst, "
         "opposition-source, pro-government-source, unattributed)"),
    ],
)
def test_a_name_that_finds_nothing_exits_1_with_the_closest(run, args, message):
    assert run(*DATA, *args) == (1, "", f"qalamoun: {message}\n")


@pytest.mark.parametrize(("option", "what"), [("--side", "side name"),
                                              ("--source-kind", "source kind")])
def test_an_empty_name_is_a_usage_error(run, option, what):
    assert run(*DATA, "timeline", option, " ") == (2, "", f"qalamoun: {option}: the {what} "
                                                          f"is empty\n")


def test_unknown_source_lists_known_sources(run):
    code, out, err = run(*DATA, "casualties", "--source", "SOHX")
    assert code == 1
    assert "unknown source 'SOHX'; closest: 'SOHR'" in err
    assert "known sources: SOHR, Lebanese security sources, unattributed" in err


def test_nothing_found_exits_1(run):
    code, out, err = run(*DATA, "timeline", "--from", "2016-01-01", "--format", "json")
    assert (code, json.loads(out)) == (1, [])
    assert "no events match" in err
    code, out, err = run(*DATA, "place", "Xyzzy", "--format", "json")
    assert (code, json.loads(out)) == (1, [])
    assert "no place matches 'Xyzzy'" in err


def test_missing_data_exits_66(run, tmp_path):
    code, out, err = run("--data", str(tmp_path / "nope"), "timeline")
    assert code == 66
    assert str(tmp_path / "nope") in err


def test_invalid_data_exits_65_with_position(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nsides:\n  - {id: a, name: NO}\n", encoding="utf-8")
    code, out, err = run("--data", str(bad), "timeline")
    assert code == 65
    assert f"{bad}:3:19: side name: plain 'NO'" in err
    code, out, err = run("validate", str(bad))
    assert code == 65
    assert err.splitlines()[0] == f"{bad}:3:19: side name: plain 'NO' is read by YAML as a " \
                                  f"boolean; quote it if it is text"


def test_env_var_names_the_dataset(run):
    code, out, err = run("timeline", "--format", "json", env={"QALAMOUN_DATA": str(EXAMPLE)})
    assert code == 0, err
    assert len(json.loads(out)) == 3


def test_place_json_shape(run):
    code, out, err = run(*DATA, "place", "Tallit Moussa", "--format", "json")
    assert code == 0, err
    best = json.loads(out)[0]
    assert best["place"]["id"] == "tallat-mussa"
    assert set(best["place"]) >= {"id", "name", "aliases", "arabic", "country", "kind",
                                  "lat", "lon"}
    assert best["matched"] == "Tallit Moussa"
    assert best["score"] == 100
    assert [e["id"] for e in best["events"]] == ["2015-05-13-tallat-mussa-captured"]


def test_place_table_card(run):
    code, out, err = run(*DATA, "place", "عرسال")
    assert code == 0, err
    assert "Arsal" in out
    assert "34.17944, 36.42083 (exact)" in out
    code, out, err = run(*DATA, "place", "Tallat Mussa")
    assert "coordinates: unknown" in out


def test_casualties_side_by_side(run):
    code, out, err = run(*DATA, "casualties", "--source", "Lebanese security")
    assert code == 0, err
    assert "SOHR — UK-based monitor," in out
    assert "Lebanese security sources —" in out
    rebels = next(line for line in out.splitlines() if "rebels killed" in line)
    assert [cell.strip() for cell in rebels.split("│")[1:-1]] == ["rebels killed", "36", "53",
                                                                 "36–53 (×1.47)"]


def test_casualties_json_shape(run):
    code, out, err = run(*DATA, "casualties", "--format", "json")
    assert code == 0, err
    claims = json.loads(out)
    assert claims[0] == {"event": None, "scope": "campaign",
                         "source": {"id": "sohr", "name": "SOHR"},
                         "party": {"id": "opposition", "name": "rebels"}, "outcome": "killed",
                         "low": 42, "high": None, "as_reported": "42+", "party_text": None,
                         "best": None, "id": None, "supersedes": None, "within": None,
                         "consistent_at_source": True, "dataset": "minimal.yaml"}
    incident = next(c for c in claims if c["event"])
    assert incident["event"]["date"]["start"] == "2015-05-08"
    assert incident["scope"] == "incident"


def test_version_and_help(run):
    code, out, err = run("--version")
    assert code == 0 and out.startswith("qalamoun ")
    code, out, err = run("--help")
    assert code == 0
    for command in ("timeline", "place", "casualties", "validate"):
        assert command in out


def test_internal_error_exits_70_with_a_hint(run, monkeypatch):
    import qalamoun_cli.selection

    def broken(*args, **kwargs):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(qalamoun_cli.selection, "select", broken)
    code, out, err = run(*DATA, "timeline")
    assert code == 70
    assert err == ("qalamoun: internal error: ZeroDivisionError: simulated bug; rerun with "
                   "--debug for the traceback and report it\n")
    with pytest.raises(ZeroDivisionError):
        run("--debug", *DATA, "timeline")


WORDS = ["timeline", "place", "casualties", "show", "places", "actors", "sources", "stats",
         "validate", "--from", "--to", "--format", "json", "csv", "markdown", "geojson",
         "--place", "--source", "--party", "--outcome", "--scope", "--limit", "0", "-1",
         "2015-05-13", "2015-02-30", "Arsal", "SOHR", "", " ", "[/]", "\x1b[2J", "--totals",
         "--side", "--kind", "--svg", "--data", "--help", "عرسال"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_any_arguments_end_with_a_documented_exit_code(run, tmp_path_factory, argv):
    if "--svg" in argv:
        argv = [a if a != "--svg" else "--svg=" + str(tmp_path_factory.mktemp("svg") / "x.svg")
                for a in argv]
    code, out, err = run(*argv)
    assert code in (0, 1, 2, 65, 66, 73), (argv, code, err)
    assert "Traceback" not in err


@pytest.mark.parametrize("args", [
    ["timeline", "--data", str(EXAMPLE)],
    ["timeline", f"--data={EXAMPLE}"],
    ["timeline", "--from", "2015-01-01", "--data", str(EXAMPLE)],
    ["--data", str(EXAMPLE), "timeline"],
])
def test_data_goes_before_or_after_the_command(run, args):
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)) == 3


def test_arguments_after_double_dash_are_never_moved(run):
    code, out, err = run("place", "--data", str(EXAMPLE), "--", "--data")
    assert code == 1 and "no place matches '--data'" in err


@pytest.mark.parametrize("args", [["timeline", "--data"], ["place", "Qara", "--data"],
                                  ["--data=", "timeline"], ["timeline", "--data", " "],
                                  ["validate", ""]])
def test_missing_or_empty_data_path_is_a_usage_error(run, args):
    code, out, err = run(*args)
    assert code == 2
    assert "--data needs a value" in err or "the path is empty" in err


def test_unreadable_data_is_missing_input_not_usage(run, tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    locked = tmp_path / "locked.yaml"
    locked.write_bytes(EXAMPLE.read_bytes())
    locked.chmod(0)
    code, out, err = run("--data", str(locked), "timeline")
    assert code == 66 and "cannot read" in err


def test_click_never_judges_whether_a_path_is_readable(run, monkeypatch):
    # The loader reports unreadable files itself (exit 66, with the reason); Click's path
    # check would make them usage errors (exit 2). Also checkable as root, unlike chmod 0.
    import os

    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    code, out, err = run("--data", str(EXAMPLE), "timeline", "--format", "json")
    assert code == 0, err
    code, out, err = run("validate", str(EXAMPLE))
    assert code == 0, err
