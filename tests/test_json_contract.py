"""The JSON contract of every command: exactly these keys, with values of these types.

Programs read these keys; a key renamed, dropped or added is a change to the contract and
must be made here on purpose (and in the README).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import EXAMPLE, FIXTURES

TEXT, NUM, INT = (str,), (int, float), (int,)
OPT_TEXT, OPT_NUM, OPT_INT = (str, type(None)), (int, float, type(None)), (int, type(None))
# Schema 2 (version 0.2.0): an unknown bound, section, type, side, kind or party is null.
DATE = {"text": OPT_TEXT, "start": OPT_TEXT, "end": OPT_TEXT, "precision": TEXT,
        "anchor": OPT_TEXT}
NAMED = {"id": TEXT, "name": TEXT}
CLAIM = {"source": NAMED, "party": (NAMED, type(None)), "outcome": TEXT, "low": OPT_INT,
         "high": OPT_INT, "as_reported": TEXT, "party_text": OPT_TEXT, "best": OPT_INT,
         "id": OPT_TEXT, "supersedes": OPT_TEXT, "within": OPT_TEXT,
         "consistent_at_source": bool}
EVENT = {
    "id": TEXT, "date": DATE, "section": OPT_TEXT, "type": OPT_TEXT,
    "places": [{"id": TEXT, "name": TEXT, "country": OPT_TEXT}],
    "actors": [{"id": TEXT, "name": TEXT, "side": OPT_TEXT, "role": OPT_TEXT}],
    "sources": [NAMED], "summary": TEXT, "claims": [CLAIM],
    "quantities": [{"source": NAMED, "measure": TEXT, "low": OPT_NUM, "high": OPT_NUM,
                    "unit": OPT_TEXT, "as_reported": TEXT}],
    "note": OPT_TEXT, "where_description": OPT_TEXT, "source_article": OPT_TEXT,
    "dataset": TEXT,
}
PLACE = {"id": TEXT, "name": TEXT, "aliases": [TEXT], "arabic": OPT_TEXT, "country": OPT_TEXT,
         "kind": OPT_TEXT, "lat": OPT_NUM, "lon": OPT_NUM, "coord_precision": OPT_TEXT,
         "parent": (NAMED, type(None)), "note": OPT_TEXT, "dataset": TEXT}
CONTRACT: dict[str, tuple[list[str], Any]] = {
    "timeline": (["timeline"], [EVENT]),
    "show": (["show", "{event}"], {
        **EVENT, "places": [PLACE],
        "sources": [{"id": TEXT, "name": TEXT, "kind": OPT_TEXT, "description": OPT_TEXT}],
        "claims": [{**CLAIM, "note": OPT_TEXT}], "attribution": [TEXT]}),
    "place": (["place", "{place}", "--limit", "50"], [{
        "place": {**PLACE, "children": [NAMED]}, "score": NUM, "matched": TEXT,
        "events": [EVENT]}]),
    "casualties": (["casualties"], [{
        "event": ({"id": TEXT, "date": DATE}, type(None)), "scope": TEXT, **CLAIM,
        "dataset": TEXT}]),
    "casualties --totals": (["casualties", "--totals"], [{
        "source": NAMED, "party": (NAMED, type(None)), "outcome": TEXT, "sum_low": OPT_INT,
        "sum_high": OPT_INT, "lower_bound": bool, "terms": INT, "incidents": INT,
        "vague": [TEXT], "campaign_as_reported": OPT_TEXT, "party_text": OPT_TEXT,
        "dataset": TEXT, "sum": TEXT, "sum_best": OPT_INT, "events": INT, "open_ended": bool,
        "inconsistent_at_source": [TEXT], "caveats": [TEXT]}]),
    "places": (["places"], [PLACE]),
    "actors": (["actors"], [{"id": TEXT, "name": TEXT, "aliases": [TEXT],
                             "side": (NAMED, type(None)), "kind": OPT_TEXT,
                             "part_of": OPT_TEXT, "note": OPT_TEXT, "dataset": TEXT}]),
    "sources": (["sources"], [{"id": TEXT, "name": TEXT, "kind": OPT_TEXT,
                               "description": OPT_TEXT, "aliases": [TEXT], "claims": INT,
                               "events_reported": INT, "dataset": TEXT}]),
    "stats": (["stats"], {
        "events_per_week": [{"week": TEXT, "count": INT}],
        "events_by_type": [{"week": TEXT, "type": TEXT, "count": INT}],
        "events_by_side": [{"week": TEXT, "side": OPT_TEXT, "count": INT}],
        "deaths_claimed": [{"week": TEXT, "source": TEXT, "sum_low": OPT_INT,
                            "sum_high": OPT_INT, "open_ended": bool, "vague_terms": INT,
                            "inconsistent_at_source": [TEXT]}],
        "not_counted": [TEXT]}),
}


def filled(value: Any, spec: Any, where: str = "$") -> set[str]:
    """Return the places of SPEC's lists that VALUE fills with at least one item."""
    if isinstance(spec, dict) and isinstance(value, dict):
        return {p for key in set(value) & set(spec)
                for p in filled(value[key], spec[key], f"{where}.{key}")}
    if isinstance(spec, list) and isinstance(value, list) and value:
        return {where} | {p for item in value for p in filled(item, spec[0], f"{where}[]")}
    if isinstance(spec, tuple) and value is not None:
        return {p for alternative in spec if isinstance(alternative, dict | list)
                for p in filled(value, alternative, where)}
    return set()


def lists_in(spec: Any, where: str = "$") -> set[str]:
    """Return the places of every list in SPEC."""
    if isinstance(spec, dict):
        return {p for key, inner in spec.items() for p in lists_in(inner, f"{where}.{key}")}
    if isinstance(spec, list):
        return {where} | lists_in(spec[0], f"{where}[]")
    if isinstance(spec, tuple):
        return {p for alternative in spec if isinstance(alternative, dict | list)
                for p in lists_in(alternative, where)}
    return set()


def mismatches(value: Any, spec: Any, where: str = "$") -> list[str]:
    """Return where VALUE departs from SPEC: a dict (exactly these keys), [spec] (a list of
    such items), or a type or tuple of types."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not an object"]
        found = [f"{where}: keys {sorted(value)} != {sorted(spec)}"] \
            if set(value) != set(spec) else []
        for key in set(value) & set(spec):
            found += mismatches(value[key], spec[key], f"{where}.{key}")
        return found
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not a list"]
        return [m for i, item in enumerate(value) for m in mismatches(item, spec[0],
                                                                       f"{where}[{i}]")]
    if isinstance(spec, tuple) and not all(isinstance(t, type) for t in spec):
        # Alternatives: an object of that shape, or null.
        tries = [mismatches(value, alternative, where) for alternative in spec]
        return [] if [] in tries else min(tries, key=len)
    types = spec if isinstance(spec, tuple) else (spec,)
    # bool is an int to Python; the contract keeps them apart.
    ok = isinstance(value, types) and (bool in types or not isinstance(value, bool))
    return [] if ok else [f"{where}: {value!r} is not {'/'.join(t.__name__ for t in types)}"]


def test_the_checker_sees_a_missing_an_extra_and_a_mistyped_key():
    spec = [{"id": TEXT, "n": INT}]
    assert mismatches([{"id": "a", "n": 1}], spec) == []
    assert mismatches([{"id": "a"}], spec) == ["$[0]: keys ['id'] != ['id', 'n']"]
    assert mismatches([{"id": "a", "n": 1, "x": 0}], spec)[0].startswith("$[0]: keys")
    assert mismatches([{"id": "a", "n": True}], spec) == ["$[0].n: True is not int"]
    assert mismatches({"id": "a"}, spec) == ["$: dict, not a list"]
    assert mismatches(None, (spec[0], type(None))) == []
    assert mismatches({"id": 1, "n": 1}, (spec[0], type(None))) == ["$.id: 1 is not str"]
    nested = {"a": [{"b": [TEXT]}]}
    assert lists_in(nested) == {"$.a", "$.a[].b"}
    assert filled({"a": [{"b": []}]}, nested) == {"$.a"}


# The shipped data, the small example, and the fixture of awkward and hostile values.
DATASETS = {"shipped": None, "example": EXAMPLE, "hostile": FIXTURES / "hostile.yaml",
            "ged": FIXTURES / "ucdp-ged-sample-23.1.csv"}


def _command_line(run, dataset: str, command: str) -> list[str]:
    data = [] if DATASETS[dataset] is None else ["--data", str(DATASETS[dataset])]
    args, _ = CONTRACT[command]
    return [*data, *(a.replace("{event}", _first(run, data, "timeline")) if a == "{event}"
                     else a.replace("{place}", _first(run, data, "places")) if a == "{place}"
                     else a for a in args)]


def _output(run, dataset: str, command: str) -> Any:
    code, out, err = run(*_command_line(run, dataset, command), "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


def _first(run, data: list[str], command: str) -> str:
    """Return an event id (one with quantities, if any) or a place name (one with places
    inside it, if any), so that the lists of `show` and `place` get items to check."""
    code, out, err = run(*data, command, "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    if command == "timeline":
        return next((e for e in records if e["quantities"]), records[0])["id"]
    parents = {p["parent"]["id"] for p in records if p["parent"]}
    return next((p for p in records if p["id"] in parents), records[0])["name"]


@pytest.mark.parametrize("dataset", sorted(DATASETS))
@pytest.mark.parametrize("command", sorted(CONTRACT))
def test_json_output_keeps_the_contract(run, command, dataset):
    assert mismatches(_output(run, dataset, command), CONTRACT[command][1]) == []


@pytest.mark.parametrize("command", sorted(CONTRACT))
def test_the_datasets_fill_every_list_of_the_contract(run, command):
    # An empty list passes any item shape: some dataset must put an item in each.
    spec = CONTRACT[command][1]
    seen = set().union(*(filled(_output(run, d, command), spec) for d in DATASETS))
    assert lists_in(spec) - seen == set()



# Every command whose JSON is a list of records also writes them one a line.
JSON_LINES = sorted(c for c, (_, spec) in CONTRACT.items() if isinstance(spec, list))


def test_json_lines_are_offered_where_the_json_is_a_list():
    assert JSON_LINES == ["actors", "casualties", "casualties --totals", "place", "places",
                          "sources", "timeline"]


@pytest.mark.parametrize("dataset", sorted(DATASETS))
@pytest.mark.parametrize("command", JSON_LINES)
def test_json_lines_are_the_json_records_in_order(run, command, dataset):
    args = _command_line(run, dataset, command)
    code, out, err = run(*args, "--format", "jsonl")
    json_code, json_out, json_err = run(*args, "--format", "json")
    assert (code, err) == (json_code, json_err)
    assert out == "".join(f"{line}\n" for line in out.splitlines())
    assert [json.loads(line) for line in out.splitlines()] == json.loads(json_out)


# A query of each that finds nothing in the small example, and what it says on stderr.
NO_RANGE = ["--from", "2010-01-01", "--to", "2010-01-02"]
NOTHING = {
    "timeline": (["timeline", *NO_RANGE], "no events match"),
    "casualties": (["casualties", *NO_RANGE], "no claims match"),
    "casualties --totals": (["casualties", "--totals", *NO_RANGE], "no claims match"),
    "place": (["place", "Qqqqzzzz"], "no place matches 'Qqqqzzzz'; closest: 'Arsal' (0), "
                                     "'Tallat Mussa' (0)"),
    "places": (["places", "--kind", "valley"], "nothing matches"),
    "actors": (["actors", "--kind", "person"], "nothing matches"),
    "sources": (["sources", "--kind", "analyst"], "nothing matches"),
}


@pytest.mark.parametrize("command", JSON_LINES)
def test_json_lines_of_nothing_are_no_lines_and_exit_1(run, command):
    query, said = NOTHING[command]
    data = ["--data", str(EXAMPLE)]
    assert run(*data, *query, "--format", "jsonl") == (1, "", f"qalamoun: {said}\n")
    assert run(*data, *query, "--format", "json") == (1, "[]\n", f"qalamoun: {said}\n")
