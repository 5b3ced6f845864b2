"""UCDP GED and ACLED CSV files read directly: header recognition, mapping, warnings, errors."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from qalamoun_cli.dataset import check_dataset, load_dataset
from qalamoun_cli.errors import DataError
from qalamoun_cli.load import ged
from tests.conftest import FIXTURES

GED = FIXTURES / "ucdp-ged-sample-23.1.csv"
ACLED = FIXTURES / "acled-sample.csv"
with GED.open(newline="", encoding="utf-8") as _file:
    _ROWS = list(csv.reader(_file))
HEADER, FIRST = _ROWS[0], _ROWS[1]  # FIRST: id 300380, Rami village, Syria


def ged_file(tmp_path: Path, *changes: dict[str, str], name: str = "g.csv") -> Path:
    """Write a GED file of FIRST's row once per CHANGES (columns replaced; new ids)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for number, change in enumerate(changes):
        row = dict(zip(HEADER, FIRST, strict=True))
        row["id"] = str(900 + number)
        row.update(change)
        writer.writerow([row[c] for c in HEADER])
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in check_dataset(path)[1]]


def test_the_real_sample_counts():
    data, problems = check_dataset(GED)
    assert (len(data.events), len(data.places), len(data.actors), len(data.sources),
            len(data.all_claims())) == (1000, 1686, 271, 450, 5000)
    # 59 countries, 295 first- and 490 second-order divisions, 842 coded points (a point
    # coded with another where_prec or inside another division is another place).
    notes = [p.note for p in data.places.values()]
    assert (notes.count("country (GED country)"),
            notes.count("first-order division (GED adm_1)"),
            notes.count("second-order division (GED adm_2)")) == (59, 295, 490)
    assert [p for p in problems if not p.warning] == []
    assert len({p.line for p in problems if p.message.startswith("low:")}) == 7
    assert len({p.line for p in problems if p.message.startswith("best:")}) == 13


def test_a_ged_event_field_by_field():
    data = load_dataset(GED)
    event = data.find_event("ged-300380")
    assert (event.date.text, event.date.start.isoformat(), event.date.end.isoformat(),
            event.date.precision) == ("2013-01-03", "2013-01-03", "2013-01-03", "day")
    assert (event.type, event.section, event.summary) == (
        "state-based", None, "Government of Syria - Syrian insurgents")
    assert event.where_description == "in the al-Rami village"
    assert event.source_article == ('"Support Kurds in Syria,2013-01-03, Thursday 3 January '
                                    '2013";"VDC,2013-01-03,Abdul Satar Mustafa Hankosh"')
    assert [data.sources[s].name for s in event.sources] == ["SOHR", "VDC"]
    assert [data.actors[a].name for a in event.actors] == ["Government of Syria",
                                                           "Syrian insurgents"]
    point = data.places[event.places[0]]
    assert (point.name, point.lat, point.lon, point.coord_precision, point.country) == (
        "Rami village", 35.763369, 36.558974, "exact", "Syria")
    chain = []
    place = point
    while place.parent:
        place = data.places[place.parent]
        chain.append(place.name)
    assert chain == ["Ariha district", "Idlib governorate", "Syria"]
    total, *parts = event.claims
    assert (total.source, total.party, total.party_text, total.outcome, total.low,
            total.best, total.high, total.id, total.within, total.inconsistent) == (
        "ucdp-ged", None, "total", "killed", 2, 2, 2, "ged-300380-total", None, None)
    assert [(c.party and data.actors[c.party].name, c.party_text, c.best, c.low, c.high,
             c.within) for c in parts] == [
        ("Government of Syria", "side A", 0, None, None, "ged-300380-total"),
        ("Syrian insurgents", "side B", 2, None, None, "ged-300380-total"),
        ("Civilians", "civilians", 0, None, None, "ged-300380-total"),
        (None, "unknown", 0, None, None, "ged-300380-total")]


def test_published_figures_are_kept_and_marked(run):
    data = load_dataset(GED)
    total = data.find_event("ged-212386").claims[0]
    assert (total.low, total.best, total.high) == (4, 3, 3)
    assert total.inconsistent == "low 4 is above high 3; best 3 is below low 4"
    code, out, err = run("--data", str(GED), "show", "ged-212386", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["claims"][0]["consistent_at_source"] is False
    code, out, err = run("--data", str(GED), "show", "ged-212386")
    assert "[inconsistent at the source: low 4 is above high 3; best 3 is below low 4]" \
        in " ".join(out.split())


def test_validate_warns_and_passes(run):
    code, out, err = run("validate", str(GED))
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 20
    assert lines[-1] == (f"{GED}:1138: warning: low: low 4 is above high 3, as published: "
                         f"kept, and the claim is marked as inconsistent at the source")
    assert out == (f"{GED}: valid: 1000 events, 5000 claims, 1686 places, 271 actors, "
                   f"450 sources; 20 warning(s) above\n")


def test_the_strict_rule_stays_an_error_for_yaml(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("""schema_version: 2
sides: [{id: a, name: A}]
sources: [{id: s, name: S, kind: monitor}]
events:
  - {id: e, summary: x, claims: [{source: s, party: a, outcome: killed, as_reported: x,
                                  low: 4, high: 3}]}
""")
    assert problems_of(path) == [f"{path}:6:49: claim low 4 is above high 3"]


def test_the_cli_reads_a_ged_file(run):
    code, out, err = run("--data", str(GED), "timeline", "--from", "2015-05-01", "--to",
                         "2015-05-31", "--format", "json")
    assert code == 0, err
    assert [e["id"] for e in json.loads(out)][:3] == ["ged-240374", "ged-310481",
                                                      "ged-310866"]
    code, out, err = run("--data", str(GED), "place", "Rami village", "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0]["place"]["name"] == "Rami village"
    code, out, err = run("--data", str(GED), "casualties", "--source", "ucdp-ged",
                         "--from", "2013-01-03", "--to", "2013-01-03", "--format", "json")
    assert code == 0, err
    assert {c["event"]["id"] for c in json.loads(out)} >= {"ged-300380"}


def test_gzip_is_read_like_the_plain_file(tmp_path):
    packed = tmp_path / "g.csv.gz"
    packed.write_bytes(gzip.compress(GED.read_bytes()))
    assert len(load_dataset(packed).events) == 1000
    packed.write_bytes(gzip.compress(GED.read_bytes())[:-20])
    assert problems_of(packed) == [f"{packed}: gzip: the compressed file is truncated (it "
                                   f"ends before its end marker)"]


def test_acled_fixture_both_date_forms(run):
    data = load_dataset(ACLED)
    first, second, third = (data.find_event(f"acled-{i}")
                            for i in ("syr90001", "syr90002", "lbn90003"))
    assert (first.date.start.isoformat(), first.date.end.isoformat(),
            first.date.precision) == ("2015-05-04", "2015-05-04", "day")
    assert (second.date.text, second.date.start.isoformat(), second.date.end.isoformat(),
            second.date.precision) == ("16 May 2015", "2015-05-13", "2015-05-19", "week")
    assert (third.date.start.isoformat(), third.date.end.isoformat()) == ("2015-06-01",
                                                                          "2015-06-30")
    assert first.type == "battles / armed clash"
    assert [data.actors[a].name for a in third.actors] == [
        "Unidentified Armed Group (Lebanon)", "Civilians (Lebanon)", "Refugees/IDPs (Lebanon)",
        "Farmers (Lebanon)"]
    assert [data.sources[s].name for s in first.sources] == ["Invented Monitor",
                                                            "Invented Wire"]
    assert second.summary == "Invented row: shelling of the barrens,\nreported the next day."
    (claim,) = first.claims
    assert (claim.source, claim.party, claim.party_text, claim.low, claim.high,
            claim.as_reported) == ("acled", None, "total", 12, 12, "fatalities")
    chain, place = [], data.places[first.places[0]]
    while place.parent:
        place = data.places[place.parent]
        chain.append(place.name)
    assert chain == ["Assal El Ward", "Al Qutayfah", "Rif Dimashq", "Syria"]


def test_an_unknown_csv_gets_one_line(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("id,date,best\n1,2015-01-01,3\n")
    assert problems_of(path) == [
        f"{path}:1: not a UCDP GED or ACLED file: UCDP GED files have the columns relid, "
        f"type_of_violence, where_prec; ACLED files have the columns event_id_cnty; the "
        f"header has id, date, best"]


def test_a_ged_file_without_a_needed_column(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("id,relid,type_of_violence,where_prec\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:1: a UCDP GED file, but without the columns "
                              f"side_a, side_b, source_article,")


@pytest.mark.parametrize(("change", "message"), [
    ({"date_start": "2013-02-30", "date_end": "2013-03-01"},
     "date_start: '2013-02-30' is not a day that exists"),
    ({"date_start": "3 Jan 2013"}, "date_start: '3 Jan 2013' is not a date (expected "
                                   "YYYY-MM-DD, YYYY-MM-DD HH:MM:SS.fff or "
                                   "YYYY-MM-DDTHH:MM:SS)"),
    ({"date_end": "2013-01-02"}, "date_end: 2013-01-02 is before date_start 2013-01-03"),
    ({"latitude": "95.5"}, "latitude: 95.5 is outside -90..90"),
    ({"longitude": "east"}, "longitude: 'east' is not a number of degrees"),
    ({"best": "two"}, "best: 'two' is not a whole number"),
    ({"low": ""}, "low: empty; this column must have a value"),
    ({"deaths_b": "-2"}, "deaths_b: -2 is negative; a count cannot be"),
    ({"date_prec": "9"}, "date_prec: '9' is not one of the codes 1, 2, 3, 4, 5"),
    ({"id": "x1"}, "id: 'x1' is not a GED id (digits)"),
    ({"best": "9" * 30}, f"best: larger than 1000000000000: {'9' * 30}"),
    # Either side of the bound, where Cells.count's quick path for short cells ends.
    ({"best": "1000000000001"}, "best: larger than 1000000000000: 1000000000001"),
    ({"best": "²"}, "best: '²' is not a whole number"),
    ({"date_start": "2013-01-03 25:00:00"}, "date_start: '2013-01-03 25:00:00' is not a "
                                           "time of day that exists"),
    # ASCII digits only, as published: int() and float() read these too.
    ({"best": "1_000", "high": "1_000", "low": "1_000"}, "low: '1_000' is not a whole number"),
    ({"best": "+5"}, "best: '+5' is not a whole number"),
    ({"best": "١٢"}, "best: '١٢' is not a whole number"),
    ({"best": "１２"}, "best: '１２' is not a whole number"),
    ({"latitude": "1_0.5"}, "latitude: '1_0.5' is not a number of degrees"),
    ({"latitude": "٣٥.٥"}, "latitude: '٣٥.٥' is not a number of degrees"),
    ({"latitude": "nan"}, "latitude: 'nan' is not a number of degrees"),
    ({"date_start": "٢٠١٣-٠١-٠٣"}, "date_start: '٢٠١٣-٠١-٠٣' is not a date (expected "
                                   "YYYY-MM-DD, YYYY-MM-DD HH:MM:SS.fff or YYYY-MM-DDTHH:MM:SS)"),
])
def test_every_bad_cell_is_file_line_column(tmp_path, change, message):
    path = ged_file(tmp_path, {}, change)
    assert problems_of(path) == [f"{path}:3: {message}"]
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    assert str(caught.value) == f"{path}:3: {message}"


def test_time_forms_of_ged_dates(tmp_path):
    path = ged_file(tmp_path, {"date_start": "2013-01-03 00:00:00.000",
                               "date_end": "2013-01-04T00:00:00"})
    event = load_dataset(path).events[0]
    assert (event.date.start.isoformat(), event.date.end.isoformat()) == ("2013-01-03",
                                                                          "2013-01-04")


def test_a_row_is_known_by_its_first_line(tmp_path):
    # The first row's source_article holds a newline: the second row starts on line 4.
    path = ged_file(tmp_path, {"source_article": "one\ntwo"}, {"best": "x"})
    assert problems_of(path) == [f"{path}:4: best: 'x' is not a whole number"]


def test_a_repeated_id_and_a_short_row(tmp_path):
    path = ged_file(tmp_path, {}, {"id": "900"})
    assert problems_of(path) == [f"{path}:3: id: event id 'ged-900' is already at line 2"]
    path.write_text(path.read_text().splitlines()[0] + "\n1,2,3\n")
    assert problems_of(path) == [f"{path}:2: the row has 3 cells, the header 49 (a truncated "
                                 f"or shifted row?)"]


def test_truncated_and_wrongly_encoded_files(tmp_path):
    path = ged_file(tmp_path, {})
    path.write_text(path.read_text() + '1,"open\n')
    assert problems_of(path) == [f"{path}:3: CSV: the file ends inside a quoted cell (a "
                                 f"truncated file?)"]
    path.write_bytes(ged_file(tmp_path, {}).read_bytes().replace(b"Rami", b"R\xe9mi"))
    assert problems_of(path) == [f"{path}:2:402: not UTF-8 (byte 0xe9); save the file as "
                                 f"UTF-8"]


def test_skip_invalid_skips_and_says_how_many(run, tmp_path):
    path = ged_file(tmp_path, {}, {"best": "x"}, {"latitude": "-91"})
    code, out, err = run("--data", str(path), "timeline", "--format", "json")
    assert code == 65
    assert err == (f"qalamoun: {path}:3: best: 'x' is not a whole number (and 1 more "
                   f"problem; run 'qalamoun validate')\n")
    code, out, err = run("--data", str(path), "--skip-invalid", "timeline", "--format", "json")
    assert code == 0, err
    assert [e["id"] for e in json.loads(out)] == ["ged-900"]
    assert err == (f"qalamoun: {path}: skipped 2 invalid rows (--skip-invalid); "
                   f"'qalamoun validate {path}' lists them\n")


def test_a_folder_of_yaml_and_csv(tmp_path):
    (tmp_path / "a.yaml").write_text((FIXTURES.parent.parent / "examples" / "minimal.yaml")
                                     .read_text())
    ged_file(tmp_path, {})
    data, problems = check_dataset(tmp_path)
    assert problems == []
    assert "ged-900" in {e.id for e in data.events} and "sohr" in data.sources


def test_hostile_text_is_escaped(run, tmp_path):
    path = ged_file(tmp_path, {"side_a": "Evil\x1b[31m \u202eside", "where_description":
                               "here\x1b]0;title\x07"})
    code, out, err = run("--data", str(path), "show", "ged-900")
    assert code == 0, err
    assert "\x1b" not in out and "\u202e" not in out
    assert "Evil\\x1b[31m \\u202eside" in out and "here\\x1b]0;title\\x07" in out


def test_export_keeps_the_attribution(run, tmp_path):
    import sqlite3

    out_db = tmp_path / "g.db"
    code, out, err = run("--data", str(GED), "export", "sqlite", str(out_db))
    assert code == 0, err
    with sqlite3.connect(out_db) as db:
        assert db.execute("SELECT attribution FROM sources WHERE id = 'ucdp-ged'"
                          ).fetchone() == (ged.ATTRIBUTION,)
        assert db.execute("SELECT licence FROM dataset").fetchone() == (ged.ATTRIBUTION,)
        assert db.execute("SELECT count(*) FROM claims WHERE consistent_at_source = 0"
                          ).fetchone() == (13,)


def test_the_installed_entry_point_reads_a_ged_file(tmp_path):
    from tests.test_subprocess import run as run_entry

    done = run_entry("--data", str(GED), "show", "ged-300380", "--format", "json",
                     env={"XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["attribution"] == [ged.ATTRIBUTION]


def test_a_column_named_twice_in_the_header_is_refused(tmp_path):
    path = ged_file(tmp_path, {})
    text = path.read_text(encoding="utf-8").split("\n")
    text[0] = text[0].replace(",best,", ",best,", 1) + ",best"
    text[1] += ",99"
    path.write_text("\n".join(text), encoding="utf-8")
    assert problems_of(path) == [f"{path}:1: the header names the column best twice"]


def test_the_size_cap_counts_the_uncompressed_bytes(tmp_path, monkeypatch):
    from qalamoun_cli.load import rows

    path = tmp_path / "g.csv.gz"
    path.write_bytes(gzip.compress(ged_file(tmp_path, {}, {}).read_bytes()))
    monkeypatch.setattr(rows, "MAX_FILE_BYTES", 1000)  # the file expands past it
    assert problems_of(path) == [f"{path}: file is too large (over 1000 bytes uncompressed)"]


def test_skip_invalid_may_follow_the_command(run, tmp_path):
    path = ged_file(tmp_path, {}, {"best": "x"})
    code, out, err = run("--data", str(path), "timeline", "--skip-invalid", "-f", "jsonl")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["ged-900"]
    assert err == (f"qalamoun: {path}: skipped 1 invalid row (--skip-invalid); "
                   f"'qalamoun validate {path}' lists them\n")


def test_party_civilians_finds_the_civilian_deaths(run):
    # GED's deaths_civilians, in every kind of violence; side B "Civilians" of one-sided
    # violence has its deaths there too (deaths_b is 0 for it).
    with GED.open(newline="", encoding="utf-8") as file:
        expected = sum(int(r["deaths_civilians"]) for r in csv.DictReader(file))
    code, out, _ = run("--data", str(GED), "casualties", "--party", "civilians", "-f", "json")
    assert code == 0
    claims = json.loads(out)  # one record a claim
    assert {c["party"]["name"] for c in claims} == {"Civilians"}
    assert sum(c["best"] for c in claims if c["party_text"] == "civilians") == expected == 2690


def test_csv_and_markdown_mark_claims_inconsistent_at_the_source(run):
    code, out, _ = run("--data", str(GED), "casualties", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    marked = {r["claim_id"]: r["inconsistent_at_source"] for r in rows
              if r["inconsistent_at_source"]}
    with GED.open(newline="", encoding="utf-8") as file:
        broken = {f"ged-{r['id']}-total" for r in csv.DictReader(file)
                  if not int(r["low"]) <= int(r["best"]) <= int(r["high"])}
    assert set(marked) == broken and len(broken) == 13  # 20 warnings: some rows break two
    assert marked["ged-162326-total"] == "low 3 is above high 2; best 2 is below low 3"
    code, out, _ = run("--data", str(GED), "casualties", "-f", "markdown")
    assert "low 3 is above high 2; best 2 is below low 3" in out


def acled_file(tmp_path: Path, **change: str) -> Path:
    """Write the ACLED fixture's first row with CHANGE (columns replaced)."""
    lines = ACLED.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    for column, value in change.items():
        cells[header.index(column)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([header, cells])
    path = tmp_path / "a.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_an_acled_date_in_neither_form_names_both(tmp_path):
    path = acled_file(tmp_path, event_date="16 Mai 2025")
    assert problems_of(path) == [f"{path}:2: event_date: '16 Mai 2025' is not a date "
                                 f"(expected YYYY-MM-DD or 16 May 2025)"]


def test_closest_places_of_one_name_are_told_apart_by_id(run):
    # GED's two districts "Chora district" (in two provinces), apart by their ids.
    code, _, err = run("--data", str(GED), "place", "Surija")
    assert code == 1
    assert err == ("qalamoun: no place matches 'Surija'; closest: 'Chora district' "
                   "[ged-chora-district-6c399ade9b] (72.7), 'Chora district' "
                   "[ged-chora-district-d1da04e6d7] (72.7), 'Souran town' (72.7)\n")


@pytest.mark.parametrize(("value", "start", "end"), [
    ("9999-12-30", "9999-12-27", "9999-12-31"),
    ("0001-01-01", "0001-01-01", "0001-01-04"),
    ("1 Jan 0001", "0001-01-01", "0001-01-04"),
])
def test_an_acled_week_at_the_ends_of_the_calendar_is_cut_there(tmp_path, value, start, end):
    path = acled_file(tmp_path, event_date=value, time_precision="2")
    data, problems = check_dataset(path)
    assert problems == []
    (event,) = data.events
    assert (event.date.start.isoformat(), event.date.end.isoformat()) == (start, end)


@pytest.mark.parametrize(("value", "day"), [
    ("16 September 2015", "2015-09-16"), ("16 Sept 2015", "2015-09-16"),
    ("16 sep 2015", "2015-09-16"), ("1 June 2015", "2015-06-01")])
def test_acled_months_by_name_or_abbreviation(tmp_path, value, day):
    (event,) = check_dataset(acled_file(tmp_path, event_date=value))[0].events
    assert event.date.start.isoformat() == day


@pytest.mark.parametrize("value", ["16 Mayonnaise 2015", "16 Juneteenth 2015", "16 May 15",
                                   "١٦ May 2015", "16 May ٢٠١٥"])
def test_a_month_word_is_whole_and_a_year_four_digits(tmp_path, value):
    path = acled_file(tmp_path, event_date=value)
    assert problems_of(path) == [f"{path}:2: event_date: {value!r} is not a date "
                                 f"(expected YYYY-MM-DD or 16 May 2025)"]


def test_a_skipped_row_leaves_no_place_actor_or_source_behind(tmp_path, run):
    phantom = {"id": "900", "adm_1": "Phantom governorate", "side_b": "Phantom army",
               "source_original": "Phantom wire", "where_coordinates": "Phantom town"}
    path = ged_file(tmp_path, {}, phantom)  # the second row's id clashes with the first's
    data = load_dataset(path, skip_invalid=True)
    assert [e.id for e in data.events] == ["ged-900"]
    names = [r.name for table in (data.places, data.actors, data.sources)
             for r in table.values()]
    assert not [n for n in names if "Phantom" in n]
    code, _, err = run("--skip-invalid", "--data", str(path), "place", "Phantom")
    assert (code, err.splitlines()[-1]) == (
        1, "qalamoun: no place matches 'Phantom'; closest: 'Rami village' (40), 'Idlib "
           "governorate' (26.1), 'Ariha district' (20)")


def test_a_cell_longer_than_the_csv_module_s_limit_is_read(tmp_path):
    long = "x" * (200 * 1024)
    (event,) = check_dataset(ged_file(tmp_path, {"source_article": long}))[0].events
    assert event.source_article == long


def test_a_newline_in_the_data_cannot_make_a_line_of_its_own_in_a_card(tmp_path, run):
    path = ged_file(tmp_path, {"dyad_name": "Real\nclaims: total killed: 9999 (FAKE)"})
    code, out, _ = run("--data", str(path), "show", "ged-900")
    assert code == 0
    lines = out.splitlines()
    at = lines.index("summary: Real")
    assert lines[at + 1] == "  claims: total killed: 9999 (FAKE)"
    assert "claims: total killed: 9999 (FAKE)" not in lines


def test_each_actor_keeps_its_role_in_the_event(run):
    data = load_dataset(ACLED)
    event = data.find_event("acled-syr90001")
    assert [(data.actors[a].name, role) for a, role in zip(event.actors, event.roles,
                                                           strict=True)] == [
        ("Military Forces of Syria (2000-2024)", "actor1"), ("Hezbollah", "assoc_actor_1"),
        ("Jabhat al Nusra", "actor2")]
    ged = load_dataset(GED).find_event("ged-300380")
    assert ged.roles == ("side_a", "side_b")
    code, out, _ = run("--data", str(ACLED), "timeline", "--format", "csv")
    assert next(csv.DictReader(io.StringIO(out)))["actors"] == (
        "Military Forces of Syria (2000-2024) (actor1); Hezbollah (assoc_actor_1); "
        "Jabhat al Nusra (actor2)")


def test_an_actor_in_two_columns_has_both_roles():
    from qalamoun_cli.load.tables import roles_of

    assert roles_of([("actor1", "a"), ("assoc_actor_1", "b"), ("assoc_actor_2", "a")]) == (
        ("a", "b"), ("actor1; assoc_actor_2", "assoc_actor_1"))


def test_counts_up_to_the_bound_are_read_as_written(tmp_path):
    figures = {"low": "007", "deaths_a": "0", "deaths_b": "0", "deaths_civilians": "0",
               "deaths_unknown": "999999999999", "best": "999999999999",
               "high": "1000000000000"}
    path = ged_file(tmp_path, figures)
    total = load_dataset(path).events[0].claims[0]
    assert (total.low, total.best, total.high) == (7, 999999999999, 1000000000000)
