"""The same filters everywhere: --side and --source-kind, repeatable, ANDed across filters."""

from __future__ import annotations

import json
import subprocess

import pytest

from qalamoun_cli.filters import EventFilters, sources_meeting, vocabulary_word, word_key
from tests.test_subprocess import ENTRY


@pytest.fixture(scope="module")
def shipped():
    """Every event, actor and source of the shipped data, as JSON (what the filters mean)."""
    from typer.testing import CliRunner

    from qalamoun_cli.cli.app import app

    def listed(*args: str):
        result = CliRunner().invoke(app, [*args, "--format", "json"], catch_exceptions=False)
        return json.loads(result.stdout)

    actors = {a["id"]: a for a in listed("actors")}
    sources = {s["id"]: s for s in listed("sources")}
    return listed("timeline"), actors, sources


def _side_of(actors, actor_id):
    side = actors[actor_id]["side"]
    return side["id"] if side else None


def _expected(shipped, sides=(), kinds=()):
    """Return the ids of the events that pass --side SIDES and --source-kind KINDS."""
    events, actors, sources = shipped
    out = []
    for event in events:
        event_sides = {_side_of(actors, a["id"]) for a in event["actors"]}
        said = {s["id"] for s in event["sources"]} | {c["source"]["id"] if isinstance(
            c["source"], dict) else c["source"] for c in event["claims"]} \
            | {q["source"]["id"] if isinstance(q["source"], dict) else q["source"]
               for q in event["quantities"]}
        event_kinds = {sources[s]["kind"] for s in said}
        if (not sides or event_sides & set(sides)) and (not kinds or event_kinds & set(kinds)):
            out.append(event["id"])
    return out


def _ids(run, *args):
    code, out, err = run("timeline", *args, "--format", "json")
    assert code in (0, 1), err
    return [e["id"] for e in json.loads(out)]


@pytest.mark.parametrize(("sides", "kinds"), [
    (("isil",), ()), (("isil", "opposition"), ()), ((), ("monitor",)),
    ((), ("monitor", "party-media")), (("pro-government",), ("monitor",)),
    (("opposition",), ("analyst", "official")),
])
def test_side_and_source_kind_keep_what_the_data_says(run, shipped, sides, kinds):
    args = [a for s in sides for a in ("--side", s)] + \
        [a for k in kinds for a in ("--source-kind", k)]
    expected = _expected(shipped, sides, kinds)
    assert expected  # each case selects something: the test can tell filters apart
    assert _ids(run, *args) == expected


def test_or_within_a_filter_and_across_filters(run):
    isil, opposition = _ids(run, "--side", "isil"), _ids(run, "--side", "opposition")
    both = _ids(run, "--side", "isil", "--side", "opposition")
    assert set(both) == set(isil) | set(opposition) and len(both) < len(isil) + len(opposition)
    monitored = _ids(run, "--source-kind", "monitor")
    assert _ids(run, "--side", "isil", "--source-kind", "monitor") == [
        i for i in isil if i in monitored]


def test_a_side_is_found_by_its_display_name_and_a_kind_in_any_spelling(run):
    assert _ids(run, "--side", "Rebels (Opposition)") == _ids(run, "--side", "opposition")
    assert _ids(run, "--source-kind", "Party media") == _ids(run, "--source-kind",
                                                             "party-media")


@pytest.mark.parametrize("command", ["stats", "casualties"])
def test_stats_and_casualties_take_the_same_filters(run, command):
    # The events the filters keep on timeline are those stats counts and casualties shows.
    args = ("--side", "pro-government", "--source-kind", "monitor")
    code, out, err = run(command, *args, "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    if command == "stats":
        counted = sum(r["count"] for r in found["events_by_type"]) + len(found["not_counted"])
        assert counted == len(_ids(run, *args))
    else:
        with_claims = {e for e in _ids(run, *args)}
        assert {c["event"]["id"] for c in found if c["event"]} <= with_claims


def test_casualties_source_kind_keeps_incidents_a_source_of_that_kind_claimed_on(run):
    code, out, _ = run("casualties", "--source-kind", "monitor", "--format", "json")
    claims = json.loads(out)
    by_event: dict = {}
    for claim in claims:
        by_event.setdefault(claim["event"]["id"] if claim["event"] else None, set()).add(
            claim["source"]["id"])
    assert by_event and all("sohr" in sources for sources in by_event.values())
    # Other sources' claims on them stay beside SOHR's.
    assert any(len(sources) > 1 for sources in by_event.values())


def test_casualties_actor_type_and_certain(run):
    code, out, err = run("casualties", "--type", "capture", "--on", "2015-05-13", "--certain",
                         "--format", "json")
    events = {c["event"]["id"] for c in json.loads(out) if c["event"]}
    assert (code, events) == (0, {"2015-05-13-tallat-mussa-captured"})
    # The campaign is left out too (its dates are not all that day): an incident, no event.
    assert err == ("qalamoun: 1 incident that may have happened outside the range not shown "
                   "(--certain)\n")
    code, out, err = run("casualties", "--actor", "ISIL", "--format", "json")
    assert code == 0
    assert all(c["event"] is None or c["event"]["id"] in _ids(run, "--actor", "ISIL")
               for c in json.loads(out))


def test_listings_take_the_filters_that_make_sense(run):
    code, out, _ = run("places", "--place", "Arsal", "--format", "json")
    inside = json.loads(out)
    assert code == 0 and "arsal" in [p["id"] for p in inside]
    assert all(p["id"] == "arsal" or p["parent"] for p in inside)
    assert run("places", "--place", "Arsal", "--count")[1] == f"{len(inside)}\n"
    code, out, _ = run("places", "--kind", "town", "--kind", "village", "--format", "json")
    assert {p["kind"] for p in json.loads(out)} == {"town", "village"}
    code, out, _ = run("actors", "--side", "isil", "--side", "Lebanese state", "--format",
                       "json")
    assert {a["side"]["id"] for a in json.loads(out)} == {"isil", "lebanese-state"}
    code, out, _ = run("actors", "--actor", "Hezbollah", "--format", "json")
    assert [a["id"] for a in json.loads(out)] == ["hassan-nasrallah", "hezbollah"]
    assert run("sources", "--source-kind", "analyst", "--count") == (0, "7\n", "")
    code, out, _ = run("sources", "--source", "SOHR", "--source", "al-Manar", "--format",
                       "json")
    assert [s["id"] for s in json.loads(out)] == ["al-manar", "sohr"]


def test_listings_limit_and_count(run):
    code, out, err = run("sources", "--limit", "2", "--format", "json")
    assert (code, len(json.loads(out))) == (0, 2)
    assert err == "qalamoun: showing 2 of 20 sources (raise --limit to see more)\n"
    assert run("actors", "--limit", "0") == (
        2, "", "qalamoun: --limit: 0 is not a number of actors; give 1 or more\n")
    assert run("places", "--country", "Atlantis", "--count")[:2] == (1, "0\n")


def test_the_installed_command_takes_the_filters():
    done = subprocess.run([*ENTRY, "timeline", "--side", "isil", "--source-kind", "monitor",
                           "--count"], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (1, "0\n", "")


def test_the_filters_as_store_keys():
    filters = EventFilters(places={"a"}, sides={"x"}, sources={"s"}, source_kinds={"t", "s"})
    assert filters.keys() == [("place", {"a"}), ("actor", {"x"}), ("source", {"s"}),
                              ("source", {"t", "s"})]
    assert filters.keys("claim_source")[2:] == [("claim_source", {"s"}),
                                                ("claim_source", {"t", "s"})]
    assert sources_meeting(filters.source_sets()) == {"s"}
    assert sources_meeting([]) is None
    assert (filters.narrows_events(), EventFilters(sources={"s"}).narrows_events()) == (
        True, False)


@pytest.mark.parametrize(("typed", "word"), [
    ("Party media", "party-media"), ("PARTY_MEDIA", "party-media"), (" monitor ", "monitor"),
])
def test_vocabulary_words_in_any_case_and_spacing(typed, word):
    assert word_key(typed) == word
    assert vocabulary_word(typed, ("monitor", "party-media"), "source kind") == word


def test_casualties_count_and_limit_incidents(run):
    code, out, _ = run("casualties", "--format", "json")
    every = json.loads(out)
    incidents = list(dict.fromkeys(c["event"]["id"] if c["event"] else None for c in every))
    assert run("casualties", "--count") == (0, f"{len(incidents)}\n", "")
    code, out, err = run("casualties", "--limit", "2", "--format", "json")
    assert [c for c in every if (c["event"]["id"] if c["event"] else None)
            in incidents[:2]] == json.loads(out)
    assert err == f"qalamoun: showing 2 of {len(incidents)} incidents (raise --limit to see " \
                  f"more)\n"
    assert run("casualties", "--totals", "--limit", "2") == (
        2, "", "qalamoun: --totals sums every incident chosen: give it without --limit\n")


ALIKE = "tests/fixtures/sides-alike.yaml"  # sides "Red side" (red) and "Red side!" (red2)


@pytest.mark.parametrize(("typed", "ids"), [
    ("Red side!", ["e3"]), ("red side!", ["e3"]), ("RED SIDE", ["e1"]), ("red2", ["e3"])])
def test_a_side_s_name_as_typed_is_never_taken_for_one_that_folds_alike(run, typed, ids):
    for option in ("--side", "--actor"):
        code, out, err = run("--data", ALIKE, "timeline", option, typed, "--format", "json")
        assert (code, [e["id"] for e in json.loads(out)]) == (0, ids), (option, err)


def test_a_side_name_that_folds_like_two_is_refused(run):
    assert run("--data", ALIKE, "timeline", "--side", "Red-side") == (
        2, "", "qalamoun: --side: 'Red-side' could be the side red or red2: give its id\n")


def test_an_actor_name_that_folds_like_two_sides_takes_both_and_says_so(run):
    code, out, err = run("--data", ALIKE, "timeline", "--actor", "Red-side", "--format", "json")
    assert (code, [e["id"] for e in json.loads(out)]) == (0, ["e1", "e3"])
    assert err == "qalamoun: --actor: taking 'Red-side' as 'Red side', 'Red side!'\n"
