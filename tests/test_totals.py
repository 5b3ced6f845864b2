"""casualties --totals side by side across datasets: an area, each dataset's sums apart, caveats.

The datasets are the shipped YAML (data/) and tests/fixtures/ged-qalamoun-2015.csv: five
UCDP GED 23.1 rows from the shared sample. The sample has no
row in Qalamoun in May–June 2015, so three are EDITED copies of real rows, with "9" put before
their id so that no one takes them for GED's: 9356611 (row 356611, "Qalamoun mountain range",
moved from 2014-03-13 to 2015-05-13), 9289536 (row 289536, Mashrafet Falita village in Al Nabk
district, moved from 2014-03-24 to 2015-05-20) and 9299515 (row 299515, moved from 2012-07-19
to 2015-06-05 and to 289536's place; its published low 9, best 10, high 9 kept, so it is
inconsistent at the source). 312141 (Damascus, 2015-05-16: in the window, outside the area)
and 214171 (Madaya, 2015-09-02: outside the window) are real rows as published.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date

from qalamoun_cli.claims import (
    CAVEATS,
    Incident,
    caveats,
    dataset_label,
    incidents,
    standard_estimates,
    totals,
)
from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.model import Campaign, Chronology, Claim, DateSpan, Event, Source
from tests.conftest import FIXTURES, ROOT
from tests.golden_cases import TOTALS_ACROSS

GED_ROWS = FIXTURES / "ged-qalamoun-2015.csv"
BOTH = [ROOT / "data", GED_ROWS]
WINDOW = (date(2015, 5, 4), date(2015, 6, 21))
GED_CAVEAT = CAVEATS["ucdp-ged"]
AREA = ["--place", "Al Nabk district", "--place", "Qalamoun mountain range"]
ACROSS = ["--data", str(BOTH[0]), "--data", str(GED_ROWS), "casualties", "--totals",
          "--from", "2015-05-04", "--to", "2015-06-21"]


def _mixed_totals(*place_names: str, parties: set[str] | None = None):
    from qalamoun_cli.hierarchy import descendants
    from qalamoun_cli.search import name_index, resolve

    data = load_dataset(BOTH)
    index = name_index(data, "place")
    places = descendants(data, {i for n in place_names for i in resolve(index, n, "place").ids})
    chosen = incidents(data, *WINDOW, places=places, parties=parties).incidents
    return data, chosen, totals(data, chosen)


def _ged(rows):
    return [t for t in rows if t.source == "ucdp-ged"]


# The domain: what is summed, and how.

def test_ged_sums_best_beside_the_summed_low_high_and_names_the_inconsistent_events():
    _, chosen, rows = _mixed_totals("Al Nabk district", "Qalamoun mountain range")
    assert sorted(i.event.id for i in chosen) == ["ged-9289536", "ged-9299515", "ged-9356611"]
    (total,) = _ged(rows)
    assert (total.party, total.party_text, total.low, total.high, total.best, total.terms,
            total.events, total.inconsistent, total.dataset, total.open_ended) == (
        None, "total", 12, 12, 13, 3, 3, ("ged-9299515",), "ged-qalamoun-2015.csv", False)
    assert total.text() == "best 13 (low–high 12–12)"


def test_the_parts_of_ged_s_total_are_never_summed_beside_it():
    _, _, rows = _mixed_totals("Al Nabk district", "Qalamoun mountain range")
    assert [(t.party_text, t.low) for t in _ged(rows)] == [("total", 12)]


def test_without_the_total_the_parts_are_summed_by_their_best():
    data, _, _ = _mixed_totals()
    government = next(a.id for a in data.actors.values() if a.name == "Government of Syria")
    _, _, rows = _mixed_totals("Al Nabk district", "Qalamoun mountain range",
                               parties={government})
    # deaths_a of the three rows: 2, 0 and 10, each a best with no range of its own.
    assert [(t.party_text, t.low, t.high, t.best, t.terms, t.text()) for t in rows] == [
        ("side A", 12, 12, 12, 3, "best 12")]


def _events(*claim_lists):
    when = DateSpan("x", date(2015, 5, 1), date(2015, 5, 1), "day")
    return [Event(f"e{i}", when, "s", "clash", "x", claims=tuple(claims))
            for i, claims in enumerate(claim_lists)]


def _sum(*claim_lists):
    (row,) = totals(Chronology(), [Incident(e, e.claims) for e in _events(*claim_lists)])
    return row


def test_best_is_summed_only_when_every_term_gives_one():
    ranged = Claim("s", "p", "killed", 30, 45, "30 to 45", best=38)
    assert _sum([ranged], [Claim("s", "p", "killed", 10, 10, "ten", best=10)])[4:13] \
        == (40, 55, 2, (), None, "data", 48, 2, ())
    mixed = _sum([ranged], [Claim("s", "p", "killed", 10, 10, "ten")])
    assert (mixed.best, mixed.text()) == (None, "40–55")


def test_a_best_with_an_open_end_and_vague_terms_keeps_both_marks():
    row = _sum([Claim("s", "p", "killed", 30, None, "30+", best=38)],
               [Claim("s", "p", "killed", None, None, "dozens")])
    assert (row.text(), row.open_ended, row.lower_bound, row.events) == (
        "best 38 (≥ 30) + dozens", True, True, 2)


def test_caveats_apply_only_where_they_do():
    data, _, rows = _mixed_totals("Qalamoun", "Al Nabk district")
    by_row = dict(zip([(t.source, t.party_text or t.party, t.outcome) for t in rows],
                      caveats(rows, narrowed=True), strict=True))
    assert by_row["ucdp-ged", "total", "killed"] == ("datasets", "ucdp-ged", "inconsistent")
    assert by_row["sohr", "hezbollah", "killed"] == ("datasets", "sums")
    assert by_row["pro-government-claim", "opposition", "killed"] == ("datasets", "campaign")
    shipped = load_dataset(ROOT / "data")
    alone = totals(shipped, incidents(shipped, *WINDOW).incidents)
    assert {keys for keys in caveats(alone, narrowed=False)} == {("sums",), ()}


def test_the_dataset_label_is_the_records_dataset_else_the_origin_s():
    from qalamoun_cli.load import acled, ged

    assert standard_estimates() == {"ucdp-ged": "UCDP GED", "acled": "ACLED"} == {
        ged.SOURCE_ID: ged.NAME, acled.SOURCE_ID: acled.NAME}
    unnamed = Chronology(origin="/somewhere/data/")
    (event,) = _events([Claim("ucdp-ged", None, "killed", 1, 1, "x")])
    assert dataset_label(unnamed, event, "ucdp-ged") == "data"  # datasets never named
    several = Chronology(sources={"sohr": Source("sohr", "SOHR", "monitor", "x", dataset=0)},
                         campaign=Campaign("c", None, None, (Claim("sohr", None, "killed", 1,
                                                                   1, "x"),)))
    several.datasets = ("data", "GEDEvent_v25_1.csv")
    assert dataset_label(several, event._replace(dataset=1), "ucdp-ged") == "GEDEvent_v25_1.csv"
    assert dataset_label(several, event, "ucdp-ged") == "data"
    assert dataset_label(several, None) == "data"  # the campaign's source's


def test_the_campaign_is_in_an_area_only_through_its_own_events():
    _, chosen, _ = _mixed_totals("Al Nabk district")
    assert [i.scope for i in chosen] == ["incident", "incident"]
    _, chosen, _ = _mixed_totals("Qalamoun")
    assert chosen[0].scope == "campaign"


# The command: every format, the filters, the messages.


def unsummed(count: int) -> str:
    """The line that says how many claims the sums leave out (GED's parts of its totals)."""
    return (f"qalamoun: {count} claim(s) not summed: replaced by a later figure (supersedes) "
            f"or part of a figure that is summed (within); casualties without --totals shows "
            f"each\n")

def test_the_json_row_of_ged_has_every_field(run):
    code, out, err = run(*ACROSS, *AREA, "--format", "json")
    assert code == 0
    assert json.loads(out) == [{
        "source": {"id": "ucdp-ged", "name": "UCDP GED"}, "party": None,
        "party_text": "total", "outcome": "killed", "sum_low": 12, "sum_high": 12,
        "lower_bound": False, "terms": 3, "incidents": 3, "vague": [],
        "campaign_as_reported": None, "dataset": "ged-qalamoun-2015.csv",
        "sum": "best 13 (low–high 12–12)", "sum_best": 13, "events": 3, "open_ended": False,
        "inconsistent_at_source": ["ged-9299515"],
        "caveats": [GED_CAVEAT, CAVEATS["inconsistent"]]}]
    assert err == (f"qalamoun: caveat: {GED_CAVEAT}\nqalamoun: caveat: {CAVEATS['inconsistent']}\n"
                   f"{unsummed(12)}")


def test_csv_and_markdown_carry_the_new_columns_at_the_end(run):
    code, out, _ = run(*ACROSS, *AREA, "--format", "csv")
    header, row = csv.reader(io.StringIO(out))
    assert code == 0
    assert dict(zip(header, row, strict=True)) == {
        "source_id": "ucdp-ged", "source": "UCDP GED", "party_id": "", "party": "",
        "outcome": "killed", "sum_low": "12", "sum_high": "12", "lower_bound": "false",
        "terms": "3", "incidents": "3", "vague": "", "campaign_as_reported": "",
        "party_text": "total", "dataset": "ged-qalamoun-2015.csv",
        "sum": "best 13 (low–high 12–12)",
        "sum_best": "13", "events": "3", "open_ended": "false",
        "inconsistent_at_source": "ged-9299515",
        "caveats": f"{GED_CAVEAT}; {CAVEATS['inconsistent']}"}
    code, out, _ = run(*ACROSS, "--place", "Al Nabk district", "--format", "markdown")
    assert out.splitlines()[2] == (
        "| ucdp-ged | UCDP GED |  |  | killed | 10 | 10 | false | 2 | 2 |  |  | total | "
        "ged-qalamoun-2015.csv | best 11 (low–high 10–10) | 11 | 2 | false | ged-9299515 | "
        f"{GED_CAVEAT}; {CAVEATS['inconsistent']} |")


def _table_rows(out: str) -> list[str]:
    return [line.rstrip() for line in out.splitlines() if line.startswith("│")]


def test_the_table_marks_the_inconsistent_claims_and_the_ged_caveat_only_with_ged(run):
    code, out, err = run(*ACROSS, "--place", "Qalamoun mountain range",
                         env={"COLUMNS": "200"})
    assert (code, _table_rows(out)) == (0, [
        "│ total killed    │ UCDP GED │                 best 2 │         1 │              — │"])
    assert err == f"qalamoun: caveat: {GED_CAVEAT}\n{unsummed(4)}"
    code, out, err = run(*ACROSS, "--place", "Al Nabk district", env={"COLUMNS": "200"})
    assert _table_rows(out) == [
        "│ total killed    │ UCDP GED │ best 11 (low–high 10–10) [1 of 2 inconsistent at the "
        "source] │         2 │              — │"]
    code, out, err = run(*ACROSS, "--place", "Ras al-Maara", "--source", "SOHR", "--outcome",
                         "wounded")
    # SOHR is a source of both datasets (GED cites it): both are taken, as said.
    assert (code, err) == (1, "qalamoun: --source: taking 'SOHR' as 'SOHR' [sohr], 'SOHR' "
                              "[ged-sohr-07a6f768dc]\nqalamoun: no claims match\n")
    code, out, err = run(*ACROSS, "--place", "Ras al-Maara", "--source", "SOHR",
                         "--format", "json")
    # SOHR's campaign claim (42+) stands beside sums of an area: that caveat too.
    assert err == ("qalamoun: --source: taking 'SOHR' as 'SOHR' [sohr], 'SOHR' "
                   "[ged-sohr-07a6f768dc]\n"
                   f"qalamoun: caveat: {CAVEATS['sums']}\n"
                   f"qalamoun: caveat: {CAVEATS['campaign']}\n")


def test_an_area_combines_with_the_other_filters_and_is_never_ignored(run):
    code, out, err = run(*ACROSS, "--place", "Qalamoun", "--source", "UCDP GED")
    assert (code, out, err) == (1, "", "qalamoun: no claims match\n")
    code, out, err = run(*ACROSS, "--place", "Damascus city", "--outcome", "wounded")
    assert (code, out, err) == (1, "", "qalamoun: no claims match\n")
    code, out, err = run(*ACROSS, "--place", "Qqqzz")
    assert (code, out) == (1, "")
    assert err == ("qalamoun: --place: unknown place 'Qqqzz'; closest: 'Al Nabk district', "
                   "'Qara', 'al-Fakhte'\n")


def test_the_claims_view_takes_the_area_too(run):
    code, out, _ = run("--data", str(BOTH[0]), "--data", str(GED_ROWS), "casualties",
                       "--place", "Damascus city",
                       "--format", "json")
    assert code == 0
    assert [(c["event"]["id"], c["party_text"], c["best"]) for c in json.loads(out)] == [
        ("ged-312141", "total", 4), ("ged-312141", "side A", 4), ("ged-312141", "side B", 0),
        ("ged-312141", "civilians", 0), ("ged-312141", "unknown", 0)]


def test_the_readme_example_is_the_command_s_real_output(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "qalamoun " + " ".join(f'"{a}"' if " " in a else a for a in TOTALS_ACROSS)
    block = re.search(rf"<!-- output: {re.escape(command)} -->\n```console\n\$ "
                      rf"{re.escape(command)}\n(.*?)\n```\n<!-- end output -->", readme, re.S)
    assert block is not None, "README: the side-by-side example is missing"
    code, out, err = run(*TOTALS_ACROSS, env={"COLUMNS": "100"})
    shown = "\n".join(line.rstrip() for line in (out + err).rstrip().splitlines())
    assert (code, shown) == (0, block.group(1))


# stats: CSV and Markdown carry what the JSON does.

def test_stats_csv_and_markdown_give_open_ended_and_the_events_not_counted(run):
    _, out, _ = run("stats", "--format", "json")
    stats = json.loads(out)
    _, out, _ = run("stats", "--format", "csv")
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert header[-2:] == ["open_ended", "inconsistent_at_source"]
    assert [r[2] for r in rows if r[0] == "not_counted"] == stats["not_counted"]
    assert [(r[1], r[2], r[6]) for r in rows if r[0] == "deaths_claimed"] == [
        (d["week"], d["source"], str(d["open_ended"]).lower()) for d in stats["deaths_claimed"]]
    _, out, _ = run("stats", "--format", "markdown")
    lines = out.splitlines()
    assert lines[0].endswith("| vague_terms | open_ended | inconsistent_at_source |")
    assert sum(line.startswith("| not_counted |") for line in lines) \
        == len(stats["not_counted"]) > 0


def test_one_folder_of_yaml_and_ged_is_one_dataset_with_the_caveat_of_two(run, tmp_path):
    # One --data holding both is one dataset, the folder's: its rows are told apart by source.
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in (*(ROOT / "data").glob("*.yaml"), GED_ROWS):
        shutil.copy(path, folder)
    code, out, _ = run("--data", str(folder), *ACROSS[4:], "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {(t["source"]["id"], t["dataset"]) for t in rows} == {
        ("ucdp-ged", "mixed"), ("sohr", "mixed"), ("lebanese-security-sources", "mixed"),
        ("unattributed", "mixed"), ("pro-government-claim", "mixed")}
    # One dataset, yet two kinds of definitions: the caveat is printed.
    assert all(CAVEATS["datasets"] in t["caveats"] for t in rows)


def test_the_claims_the_sums_leave_out_are_counted_on_stderr(run):
    # examples/schema2.yaml: one toll updated by a later one, one part within a figure.
    code, _, err = run("--data", "examples/schema2.yaml", "casualties", "--totals")
    assert code == 0
    assert err.splitlines()[-1] + "\n" == unsummed(2)
