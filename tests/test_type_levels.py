"""`--type` on two-level types (ACLED's event type / sub-event type): either level selects."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES

ACLED = str(FIXTURES / "acled-sample.csv")


def ids_of(out: str) -> list[str]:
    return [e["id"] for e in json.loads(out)]


def test_event_type_level_selects_its_sub_types_and_says_so(run):
    code, out, err = run("--data", ACLED, "timeline", "--type", "Explosions/Remote violence",
                         "--format", "json")
    assert (code, ids_of(out)) == (0, ["acled-syr90002"])
    assert err == ("qalamoun: --type 'explosions/remote violence': taking "
                   "'explosions/remote violence / shelling/artillery/missile attack'\n")


def test_sub_event_type_level_selects_too(run):
    code, out, err = run("--data", ACLED, "timeline", "--type", "armed clash",
                         "--format", "json")
    assert (code, ids_of(out)) == (0, ["acled-syr90001"])
    assert err == "qalamoun: --type 'armed clash': taking 'battles / armed clash'\n"


def test_a_whole_type_is_taken_as_it_is_without_a_word(run):
    code, out, err = run("--data", ACLED, "timeline", "--type", "battles / armed clash",
                         "--format", "json")
    assert (code, ids_of(out), err) == (0, ["acled-syr90001"], "")


def test_a_word_of_both_vocabularies_takes_both_visibly(run):
    # "attack" is a type of the schema and ACLED's sub-event type of "Violence against
    # civilians": both are taken, and the line says so (here only ACLED's has events).
    code, out, err = run("--data", ACLED, "timeline", "--type", "attack", "--format", "json")
    assert (code, ids_of(out)) == (0, ["acled-lbn90003"])
    assert err == ("qalamoun: --type 'attack': taking 'attack', "
                   "'violence against civilians / attack'\n")


def test_repeated_levels_are_any_of_them_each_type_once(run):
    code, out, err = run("--data", ACLED, "timeline", "-t", "battles", "-t", "armed clash",
                         "-t", "attack", "--format", "json")
    assert (code, sorted(ids_of(out))) == (0, ["acled-lbn90003", "acled-syr90001"])


def test_part_of_a_level_is_not_a_level(run):
    code, out, err = run("--data", ACLED, "timeline", "--type", "explosions", "--format",
                         "json")
    assert (code, out) == (1, "")
    assert err.startswith("qalamoun: --type: unknown event type 'explosions'; closest: ")


def test_shipped_types_are_unchanged(run):
    code, out, err = run("timeline", "--type", "attack", "--format", "json")
    assert code == 0 and err == ""
    assert {e["type"] for e in json.loads(out)} == {"attack"}
