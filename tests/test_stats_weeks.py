"""stats: every week between the first and the last, and series in a documented order."""

from __future__ import annotations

import json
import re
from datetime import date

from qalamoun_cli.model import EVENT_TYPES
from tests.test_stats import dataset, write


def test_a_week_without_events_is_there_with_0(run, tmp_path):
    # Events in weeks 20 and 23 of 2015: weeks 21 and 22 are a gap, and say so.
    data = write(tmp_path, dataset([(date(2015, 5, 13), date(2015, 5, 13), "clash",
                                     ["actor-0"]),
                                    (date(2015, 6, 3), date(2015, 6, 3), "attack",
                                     ["actor-1"])]))
    code, out, err = run("--data", data, "stats", "--format", "json")
    assert (code, json.loads(out)["events_per_week"]) == (0, [
        {"week": "2015-W20", "count": 1}, {"week": "2015-W21", "count": 0},
        {"week": "2015-W22", "count": 0}, {"week": "2015-W23", "count": 1}])
    code, out, err = run("--data", data, "stats", "--format", "csv")
    assert out.splitlines()[1:5] == [
        '"events_per_week","2015-W20","",1,"","","",""',
        '"events_per_week","2015-W21","",0,"","","",""',
        '"events_per_week","2015-W22","",0,"","","",""',
        '"events_per_week","2015-W23","",1,"","","",""']
    code, out, err = run("--data", data, "stats")
    rows = [re.split(r"  +", line.strip())[:3] for line in out.splitlines()
            if line.startswith("2015-W2")]
    assert rows[:3] == [["2015-W20", "clash", "1"],
                        ["2015-W21–2015-W22", "(no events)", "0"],
                        ["2015-W23", "attack", "1"]]
    assert ["2015-W21–2015-W22", "(no claims)", "0"] in rows


def test_one_empty_week_is_named_alone(run, tmp_path):
    data = write(tmp_path, dataset([(date(2015, 5, 13), date(2015, 5, 13), "clash",
                                     ["actor-0"]),
                                    (date(2015, 5, 27), date(2015, 5, 27), "clash",
                                     ["actor-0"])]))
    code, out, _ = run("--data", data, "stats")
    assert re.search(r"^2015-W21 +\(no events\) +0 *$", out, re.M), out


def test_series_keep_their_order_whatever_week_a_key_first_appears_in(run, tmp_path):
    # "siege" appears first, "attack" later: the vocabulary's order still puts attack first;
    # side-1 appears first, the declared order puts side-0 first.
    data = write(tmp_path, dataset([
        (date(2015, 5, 6), date(2015, 5, 6), "siege", ["actor-1"]),
        (date(2015, 5, 13), date(2015, 5, 13), "siege", ["actor-1"]),
        (date(2015, 5, 13), date(2015, 5, 13), "attack", ["actor-0"])],
        side_names=("Government", "Rebels"), source_names=("SOHR", "Monitor")))
    code, out, _ = run("--data", data, "stats", "--format", "json")
    stats = json.loads(out)
    week20 = [r for r in stats["events_by_type"] if r["week"] == "2015-W20"]
    assert [r["type"] for r in week20] == sorted(
        ["siege", "attack"], key=EVENT_TYPES.index) == ["attack", "siege"]
    assert [(r["week"], r["side"]) for r in stats["events_by_side"]] == [
        ("2015-W19", "side-1"), ("2015-W20", "side-0"), ("2015-W20", "side-1")]
    assert [(r["week"], r["source"]) for r in stats["deaths_claimed"]] == [
        ("2015-W19", "source-1"), ("2015-W19", "source-0"),
        ("2015-W20", "source-1"), ("2015-W20", "source-0")]  # Monitor before SOHR
    code, out, _ = run("--data", data, "stats")
    chart = [re.split(r"  +", line.strip())[:2] for line in out.splitlines()
             if line.startswith("2015-W20")]
    assert [series for _, series in chart] == ["attack", "siege", "Government", "Rebels",
                                               "Monitor", "SOHR"]


def test_the_weeks_cover_the_whole_range_asked_for(run):
    code, out, _ = run("stats", "--from", "2015-03-01", "--to", "2015-04-30", "--format",
                       "json")
    assert code == 0
    weeks = json.loads(out)["events_per_week"]
    assert [w["week"] for w in weeks] == [f"2015-W{n:02d}" for n in range(9, 19)]
    assert weeks[0]["count"] == 0 and weeks[-1]["count"] == 0
