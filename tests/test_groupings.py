"""casualties --totals --by side|source-kind: groupings of separate claims, never merges."""

from __future__ import annotations

import json

import pytest

from qalamoun_cli.claims import GROUPING_NOTE


def _records(run, *args):
    code, out, err = run("casualties", "--totals", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def _without_group(record):
    return {k: v for k, v in record.items() if k not in ("group", "claims")}


@pytest.mark.parametrize("by", ["side", "source-kind"])
def test_a_grouping_shows_every_sum_as_it_is_never_a_merge(run, by):
    plain = _records(run)
    grouped_records = _records(run, "--by", by)
    # The same rows, each unchanged: reordered under groups, none added to another.
    assert sorted(map(json.dumps, map(_without_group, grouped_records))) == sorted(
        map(json.dumps, plain))
    assert all(r["group"]["by"] == by and r["group"]["grouping"] == GROUPING_NOTE
               for r in grouped_records)
    # Rows of one group are together, and no group holds a sum of its own.
    seen = [r["group"]["id"] for r in grouped_records]
    assert seen == sorted(seen, key=lambda g: seen.index(g))


def test_by_side_puts_hezbollah_and_the_ndf_under_the_pro_government_side(run):
    records = _records(run, "--by", "side")
    side_of = {(r["party"] or {}).get("id"): r["group"]["id"] for r in records}
    assert side_of["hezbollah"] == side_of["national-defence-forces"] == "pro-government"
    assert side_of["pro-government"] == "pro-government"  # a side named as the party
    assert side_of["al-nusra-front"] == "opposition"
    assert side_of[None] is None
    assert [r["group"]["name"] for r in records if r["group"]["id"] is None] == [
        "side not given"]
    # Groups in the order the data declares its sides, the group not given last.
    order = list(dict.fromkeys(r["group"]["id"] for r in records))
    assert order == ["pro-government", "opposition", "isil", None]


def test_by_source_kind_groups_by_the_kind_of_the_source(run):
    code, out, _ = run("sources", "--format", "json")
    kinds = {s["id"]: s["kind"] for s in json.loads(out)}
    records = _records(run, "--by", "source-kind")
    assert [(r["source"]["id"], r["group"]["id"]) for r in records] == [
        (r["source"]["id"], kinds[r["source"]["id"]]) for r in records]
    assert list(dict.fromkeys(r["group"]["id"] for r in records)) == [
        "monitor", "security-services", "pro-government-source", "unattributed"]


def test_each_claim_summed_is_shown_with_its_sum(run):
    for record in _records(run, "--by", "side"):
        claims = record["claims"]
        assert len(claims) == record["incidents"]
        assert all(c["source"]["id"] == record["source"]["id"]
                   and c["outcome"] == record["outcome"] for c in claims)
        numeric = [c for c in claims if c["low"] is not None]
        if numeric and record["sum_high"] is not None:
            assert sum(c["low"] for c in numeric) == record["sum_low"]


def test_an_update_and_a_part_are_not_summed_in_a_group_either(run):
    # examples/schema2.yaml: a toll of 18 updated to 40, and 140 within 1,800 casualties.
    code, out, _ = run("--data", "examples/schema2.yaml", "casualties", "--totals", "--by",
                       "side", "--format", "json")
    rebels = [(r["outcome"], r["sum"], [c["as_reported"] for c in r["claims"]])
              for r in json.loads(out) if r["group"]["id"] == "opposition"]
    assert (code, rebels) == (0, [("casualties", "1800", ["1,800 killed and injured"]),
                                  ("killed", "40", ["the toll rose to 40"])])


def test_the_table_and_csv_say_it_is_a_grouping(run):
    code, out, _ = run("casualties", "--totals", "--by", "side", "--format", "csv")
    header, first = out.splitlines()[:2]
    assert header.startswith('"group_by","group_id","group","grouping","source_id"')
    assert first.startswith(f'"side","pro-government","pro-government forces",'
                            f'"{GROUPING_NOTE}",')


@pytest.mark.parametrize(("args", "message"), [
    (("--by", "side"), "--by groups the sums of --totals: give --totals too"),
    (("--totals", "--by", "party"),
     "--by: unknown value 'party' (expected one of: side, source-kind)"),
])
def test_what_cannot_be_grouped_is_refused(run, args, message):
    assert run("casualties", *args) == (2, "", f"qalamoun: {message}\n")
