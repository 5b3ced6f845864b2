"""show, places, actors, sources, stats, exports and completion, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qalamoun_cli.cli.app import app
from tests.conftest import EXAMPLE, ROOT

EVENT = "2015-05-13-tallat-mussa-captured"


def test_show_event_in_full(run):
    code, out, err = run("show", EVENT)
    assert code == 0, err
    for expected in ("date interval: 13 May 2015 — 2015-05-13 to 2015-05-13, precision day",
                     "section: Capture of Tallat Mussa",
                     "Assal al-Ward [assal-al-ward] — Syria; coordinates 33.86583, 36.41333",
                     "Hezbollah [hezbollah] — side pro-government",
                     "rebels (opposition) killed: 53 rebels — Lebanese security sources"):
        assert expected in out, expected


def test_show_json_has_coordinates_and_source_descriptions(run):
    code, out, err = run("show", EVENT, "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    ward = next(p for p in record["places"] if p["id"] == "assal-al-ward")
    assert (ward["lat"], ward["lon"], ward["coord_precision"]) == (33.86583, 36.41333, "exact")
    assert record["sources"][0]["description"]
    assert len(record["claims"]) == 5


def test_show_unknown_id_suggests_close_ids(run):
    code, out, err = run("show", "2015-05-13-tallat-musa-captured")
    assert code == 2
    assert f"closest: '{EVENT}'" in err


def test_relative_date_shows_its_anchor(run):
    code, out, err = run("timeline", "--format", "json")
    anchored = next(e for e in json.loads(out) if e["date"]["anchor"])
    code, out, err = run("show", anchored["id"])
    assert code == 0
    assert f"counted from: {anchored['date']['anchor']}" in out


def test_places_filters_and_geojson(run):
    code, out, err = run("places", "--country", "Lebanon", "--format", "json")
    assert code == 0
    assert {p["country"] for p in json.loads(out)} == {"Lebanon"}
    code, out, err = run("places", "--format", "geojson")
    assert code == 0
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    arsal = next(f for f in collection["features"] if f["id"] == "arsal")
    assert arsal["geometry"] == {"type": "Point", "coordinates": [36.42083, 34.17944]}
    assert arsal["properties"]["coord_precision"] == "exact"
    assert len(collection["features"]) == 12
    assert "without sourced coordinates left out of the GeoJSON: " in err
    assert "tallat-mussa" in err


def test_timeline_geojson_only_sourced_points(run):
    code, out, err = run("timeline", "--from", "2015-05-13", "--to", "2015-05-13",
                         "--format", "geojson")
    assert code == 0
    features = json.loads(out)["features"]
    # Partly located (only Assal al-Ward has coordinates): left out, not drawn there.
    assert not [f for f in features if f["properties"]["event"] == EVENT]
    assert all(f["properties"]["date_precision"] for f in features)
    assert all(f["properties"]["located_by"] is None for f in features)
    assert EVENT in err.splitlines()[-1]


def test_markdown_tables(run):
    code, out, err = run("casualties", "--from", "2015-05-13", "--to", "2015-05-13",
                         "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("| scope | event_id |")
    assert lines[1].startswith("|---|")
    assert any("| lebanese-security-sources |" in line and "| 53 |" in line for line in lines)


def test_csv_dates_are_iso(run):
    code, out, err = run("timeline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    # An unknown bound is an empty cell, never a made-up day.
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|", r[bound]) for r in rows
               for bound in ("start", "end"))
    undated = [r for r in rows if not r["start"] and not r["end"]]
    assert undated and all(r["precision"] == "unknown" for r in undated)
    assert rows[-len(undated):] == undated  # undated events come last


def test_actors_by_side_and_sources_count_claims(run):
    code, out, err = run("actors", "--side", "isil", "--format", "json")
    assert code == 0
    assert {a["side"]["id"] for a in json.loads(out)} == {"isil"}
    code, out, err = run("sources", "--format", "json")
    sohr = next(s for s in json.loads(out) if s["id"] == "sohr")
    assert sohr["claims"] == 5  # 13 May x3, 11-12 May, and the campaign's 42+
    code, out, err = run("actors", "--side", "martians")
    assert code == 1 and "known sides:" in err


def test_stats_numbers(run):
    code, out, err = run("stats", "--format", "json")
    assert code == 0
    data = json.loads(out)
    w20 = [c for c in data["deaths_claimed"] if c["week"] == "2015-W20"]
    lebanese = next(c for c in w20 if c["source"] == "lebanese-security-sources")
    assert lebanese["sum_low"] == 57  # 53 rebels + 4 Hezbollah on 13 May
    assert any(c["type"] == "capture" for c in data["events_by_type"])
    code, out, err = run("stats", "--from", "2015-05-04", "--to", "2015-06-21")
    assert code == 0 and "Events per week, by type" in out and "█" in out


def test_svg_export(run, tmp_path):
    target = tmp_path / "claims.svg"
    code, out, err = run("casualties", "--scope", "campaign", "--svg", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("<svg")
    code, out, err = run("stats", "--svg", str(tmp_path / "missing" / "x.svg"))
    assert code == 73 and "cannot write" in err


def test_format_not_available_is_a_usage_error(run):
    code, out, err = run("casualties", "--format", "geojson")
    assert code == 2 and "not available for casualties" in err


def _complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [], env={"_QALAMOUN_COMPLETE": "complete_bash",
                                              "COMP_WORDS": words,
                                              "COMP_CWORD": str(len(words.split(" ")) - 1),
                                              **(env or {})}, prog_name="qalamoun")
    assert result.exit_code == 0
    # One value a line, quoted for bash as it inserts it.
    return [shlex.split(line)[0] for line in result.stdout.splitlines() if line]


def test_completion_lists_names_without_error(run):
    run("places", "--format", "json")  # compiles the shipped dataset
    names = _complete("qalamoun place Jara")
    assert "Jarajir" in names
    assert "Jarajeer" in names


def test_completion_never_parses_a_dataset_above_its_bound(tmp_path, monkeypatch):
    from qalamoun_cli.cli import completion

    data = tmp_path / "data.yaml"
    data.write_bytes(EXAMPLE.read_bytes())
    cache = tmp_path / "cache"
    env = {"QALAMOUN_CACHE_DIR": str(cache), "QALAMOUN_DATA": str(data)}
    monkeypatch.setattr(completion, "COMPILE_BYTES", data.stat().st_size - 1)
    assert _complete("qalamoun place ", env) == []
    assert not list(cache.glob("*.sqlite"))
    CliRunner().invoke(app, ["places"], env=env)
    assert _complete("qalamoun place ", env)


def test_completion_compiles_a_dataset_within_its_bound(tmp_path):
    data = tmp_path / "data.yaml"
    data.write_bytes(EXAMPLE.read_bytes())
    cache = tmp_path / "cache"
    env = {"QALAMOUN_CACHE_DIR": str(cache), "QALAMOUN_DATA": str(data)}
    assert _complete("qalamoun place ", env)
    assert list(cache.glob("*.sqlite"))


def test_every_command_is_in_the_readme_and_has_examples(run):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import typer.main

    commands = sorted(typer.main.get_command(app).commands)
    assert len(commands) >= 9
    for command in commands:
        assert f"qalamoun {command}" in readme, command
        code, out, err = run(command, "--help")
        assert code == 0 and "Examples:" in out, command


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=Path.name.fget)
def test_examples_validate(run, path):
    code, out, err = run("validate", str(path))
    assert code == 0, err


def test_totals_default_to_the_campaign_dates_and_the_chosen_source(run):
    code, out, err = run("casualties", "--totals", "--format", "json")
    assert code == 0
    assert "the campaign's dates" in err
    rows = {(t["source"]["id"], t["party"] and t["party"]["id"], t["outcome"]): t
            for t in json.loads(out)}
    assert rows["pro-government-claim", "opposition", "killed"]["sum_low"] is None
    assert rows["sohr", "hezbollah", "killed"]["sum_low"] == 26  # 8 (11-12 May) + 18 (13 May)
    code, out, err = run("casualties", "--totals", "--source", "SOHR", "--format", "json")
    assert {t["source"]["id"] for t in json.loads(out)} == {"sohr"}


def test_bare_command_prints_help_and_exits_2(run):
    code, out, err = run()
    assert code == 2
    assert "Usage: qalamoun" in out and "timeline" in out
    assert err == "qalamoun: a command is needed (see 'qalamoun --help')\n"


def test_svg_needs_the_table_format(run, tmp_path):
    code, out, err = run("stats", "--format", "json", "--svg", str(tmp_path / "x.svg"))
    assert code == 2 and "--svg saves a table or chart" in err


def test_svg_has_no_remote_font(run, tmp_path):
    target = tmp_path / "t.svg"
    code, out, err = run("sources", "--svg", str(target))
    assert code == 0
    assert "url(\"http" not in target.read_text(encoding="utf-8")


def test_choices_and_ids_ignore_case(run):
    assert run("timeline", "--type", "Capture", "--format", "json")[0] == 0
    assert run("casualties", "--outcome", "Killed", "--format", "json")[0] == 0
    assert run("show", EVENT.upper(), "--format", "json")[0] == 0


def test_completion_reads_data_given_after_the_command(tmp_path):
    env = {"QALAMOUN_CACHE_DIR": str(tmp_path / "cache")}
    CliRunner().invoke(app, ["--data", str(EXAMPLE), "places"], env=env)
    names = _complete(f"qalamoun place --data {EXAMPLE} Ar", env)
    assert "Arsal" in names and not any("Jara" in n for n in names)


def test_completion_never_offers_names_with_control_characters(tmp_path):
    hostile = ROOT / "tests" / "fixtures" / "hostile.yaml"
    env = {"QALAMOUN_CACHE_DIR": str(tmp_path / "cache")}
    CliRunner().invoke(app, ["--data", str(hostile), "sources"], env=env)
    names = _complete(f"qalamoun --data {hostile} timeline --source ", env)
    assert not any(ch in name for name in names for ch in "\x1b\x07\u202e")


def test_completion_prefers_data_on_the_line_and_skips_tabs_and_newlines(tmp_path):
    awkward = ROOT / "tests" / "fixtures" / "awkward.yaml"
    env = {"QALAMOUN_CACHE_DIR": str(tmp_path / "cache"), "QALAMOUN_DATA": str(EXAMPLE)}
    CliRunner().invoke(app, ["--data", str(awkward), "sources"], env=env)
    names = _complete(f"qalamoun casualties --data {awkward} --source ", env)
    assert names == ["Second source"]


def test_a_place_card_says_unknown_where_the_data_does_not_know(run):
    code, out, _ = run("place", "Jour Al-'Anib", env={"COLUMNS": "100"})
    assert code == 0
    lines = out.splitlines()
    assert lines[4:9] == ["arabic: unknown", "country: unknown", "kind: unknown",
                          "coordinates: unknown", "inside: —"]


def test_the_timeline_says_who_reported_each_event_without_show():
    from qalamoun_cli.dataset import load_dataset
    from qalamoun_cli.render.event_tables import says_so

    data = load_dataset()
    assert says_so(data, data.find_event("2015-05-13-tallat-mussa-captured")) == (
        "SOHR; Lebanese security sources")
    # A claim's source counts as saying so; an event with neither says none is named.
    claimed = data.find_event("2015-06-10-hezbollah-advances-towards-jarajeer")
    assert (claimed.sources, says_so(data, claimed)) == ((), "unattributed")
    silent = data.find_event("2015-06-16-last-rebel-hills-near-jarajeer-taken")
    assert says_so(data, silent) == "none named"


def test_narrow_timeline_blocks_carry_the_sources_line(run):
    code, out, _ = run("timeline", "--on", "2015-05-13", env={"COLUMNS": "60"})
    assert code == 0
    assert "sources: SOHR; Lebanese security sources" in out.splitlines()
