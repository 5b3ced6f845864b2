"""Full-text search: the query grammar, folding, --text on every command, and `search`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from qalamoun_cli import textsearch
from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.errors import BadValue
from qalamoun_cli.textsearch import Clause, Term, parse


@pytest.fixture(scope="module")
def shipped():
    return load_dataset([])


def _ids(run_json, *args):
    code, records = run_json(*args)
    return [r["id"] for r in records]


# -- the grammar ------------------------------------------------------------------------------


def test_the_parsed_form_of_a_query():
    query = parse('capture "took the" hill* OR Tal -Flita "al-Nusra Front"*')
    assert query.clauses == (
        Clause((Term("capture", ("captura",)),)),
        Clause((Term('"took the"', ("tuk", "tha")),)),
        Clause((Term("hill*", ("hil",), True), Term("Tal", ("tal",)))),
        Clause((Term("-Flita", ("flita",)),), negated=True),
        Clause((Term('"al-Nusra Front"*', ("nusra", "frunt"), True),)),
    )
    # A word that folds to several is a phrase; "or" in lowercase is a word.
    assert parse("Ras-al-Maara or").clauses == (
        Clause((Term("Ras-al-Maara", ("ras", "mara")),)), Clause((Term("or", ("ur",)),)))
    # A quote inside a word opens a phrase there.
    assert parse('hill"s view"').clauses == (
        Clause((Term("hill", ("hil",)),)), Clause((Term('"s view"', ("s", "viaw")),)))


@pytest.mark.parametrize("typed, message", [
    ("", "the query is empty; give a word to find"),
    ("   ", "the query is empty; give a word to find"),
    ("-", "a lone '-': write it against the word to leave out (-hill)"),
    ("hill -", "a lone '-': write it against the word to leave out (-hill)"),
    ('"hill', "a quote (\") is not closed in '\"hill'"),
    ('took "the hill', "a quote (\") is not closed in 'took \"the hill'"),
    ('""', 'an empty phrase ("") finds nothing; put words inside the quotes'),
    ("OR hill", "OR must stand between two words to find (not at an end, beside another OR "
                "or a -word): 'OR hill'"),
    ("hill OR", "OR must stand between two words to find (not at an end, beside another OR "
                "or a -word): 'hill OR'"),
    ("hill OR OR peak", "OR must stand between two words to find (not at an end, beside "
                        "another OR or a -word): 'hill OR OR peak'"),
    ("hill OR -peak", "OR must stand between two words to find (not at an end, beside "
                      "another OR or a -word): 'hill OR -peak'"),
    ("-hill OR peak", "OR must stand between two words to find (not at an end, beside "
                      "another OR or a -word): '-hill OR peak'"),
    ("-hill -peak", "'-hill -peak' only leaves words out; give a word to find as well"),
    ("!!!", "'!!!' has no letters or digits to search for"),
    ("hill *", "'*' has no letters or digits to search for"),
    ("al", "'al' is an article (al, el, an, at, ...), which folding leaves out of texts; "
           "search without it"),
    ('"el an"', "'\"el an\"' is an article (al, el, an, at, ...), which folding leaves out "
                "of texts; search without it"),
])
def test_a_malformed_query_is_refused_naming_what_is_wrong(typed, message):
    with pytest.raises(BadValue) as caught:
        parse(typed)
    assert str(caught.value) == message


@pytest.mark.parametrize("command", ["timeline", "casualties", "stats", "places", "actors",
                                     "sources"])
def test_a_malformed_text_is_one_line_and_exit_2_on_every_command(run, command):
    assert run(command, "--text", "hill OR") == (
        2, "", "qalamoun: --text: OR must stand between two words to find (not at an end, "
               "beside another OR or a -word): 'hill OR'\n")


# -- matching ----------------------------------------------------------------------------------


def test_folding_finds_a_spelling_of_a_name_and_a_word_is_whole_unless_starred(shipped):
    texts = textsearch.Texts(shipped)
    assert texts.record_ids("place", [parse("Jarajeer")]) >= {"jarajir", "jarajir-barrens"}
    assert "jarajir" in texts.record_ids("place", [parse("JARAJÎR")])
    tokens = textsearch.folded(["Some hills, and one hilltop."]).split(" ")
    assert tokens == ["suma", "hils", "and", "una", "hiltup"]
    assert not textsearch.term_in(parse("hill").clauses[0].terms[0], tokens)
    assert textsearch.term_in(parse("hill*").clauses[0].terms[0], tokens)
    assert textsearch.term_in(parse("hills").clauses[0].terms[0], tokens)


def test_a_phrase_never_runs_from_one_text_into_the_next():
    tokens = textsearch.folded(["the army took", "hill 1234"]).split(" ")
    assert tokens == ["tha", "armi", "tuk", "¶", "hil", "1234"]
    assert not textsearch.term_in(parse('"took hill"').clauses[0].terms[0], tokens)
    assert textsearch.term_in(parse('"hill 1234"').clauses[0].terms[0], tokens)


def test_an_event_is_found_by_the_names_of_its_places_actors_and_sources(run_json):
    # "Jaroud Jarajir" is not in these events' summaries: their places are named so.
    found = _ids(run_json, "timeline", "--text", "Jaroud Jarajir", "--from", "2015-06-16")
    assert found == ["2015-06-16-last-rebel-hills-near-jarajeer-taken"]
    by_source = set(_ids(run_json, "timeline", "--text", "Al-Manar"))
    assert len(by_source) == 2
    assert by_source == set(_ids(run_json, "timeline", "--source", "Al-Manar"))


def test_repeated_text_is_or_and_text_is_anded_with_the_other_filters(run_json):
    flita = set(_ids(run_json, "timeline", "--text", "Flita"))
    zabadani = set(_ids(run_json, "timeline", "--text", "Zabadani"))
    assert set(_ids(run_json, "timeline", "--text", "Flita", "--text", "Zabadani")) == \
        flita | zabadani
    assert set(_ids(run_json, "timeline", "--text", "Flita Zabadani")) == flita & zabadani
    assert set(_ids(run_json, "timeline", "--text", "Flita -Zabadani")) == flita - zabadani
    captures = set(_ids(run_json, "timeline", "--type", "capture"))
    assert set(_ids(run_json, "timeline", "--text", "Flita", "--type", "capture")) == \
        flita & captures


def test_all_captures_of_hills_the_issue_s_example(run, run_json, shipped):
    hills = [p.id for p in shipped.places.values() if p.kind == "hill/peak"]
    assert len(hills) == 15
    by_place = set(_ids(run_json, "timeline", "--type", "capture",
                        *(x for h in hills for x in ("--place", h))))
    by_text = set(_ids(run_json, "timeline", "--type", "capture",
                       "--text", "hill* OR peak* OR heights"))
    # The text reaches captures of hills no place names: none of their places is a hill.
    assert sorted(by_text - by_place) == [
        "2015-03-25-hills-near-flita-and-zabadani-taken",
        "2015-04-10-rebels-take-hill-overlooking-flita",
        "2015-05-08-hilltops-over-assal-al-ward-taken",
        "2015-05-20-hilltops-south-of-flita-taken",
        "2015-05-21-more-peaks-taken-all-crossings-held",
        "2015-06-03-three-hilltops-east-of-arsal",
        "2015-06-07-peaks-near-arsal-taken",
    ]
    for event_id in by_text - by_place:
        event = shipped.find_event(event_id)
        assert all(shipped.places[p].kind != "hill/peak" for p in event.places)


def test_text_on_casualties_keeps_the_claims_of_the_events_found(run_json):
    code, records = run_json("casualties", "--text", "Jarajeer")
    assert code == 0
    assert {r["event"]["id"] for r in records} == {
        "2015-06-10-hezbollah-advances-towards-jarajeer"}
    # The campaign's claims stay only where its own words match.
    code, records = run_json("casualties", "--scope", "campaign", "--text", "Jarajeer")
    assert (code, records) == (1, [])
    code, records = run_json("casualties", "--scope", "campaign", "--text", "militiamen")
    assert code == 0
    # "2,250 militiamen" (a strength) is one of the campaign's words: its casualty claims
    # stay.
    assert [(r["scope"], r["as_reported"]) for r in records] == [
        ("campaign", "75 killed"), ("campaign", "244–300 militants killed"),
        ("campaign", "42+ militants killed"), ("campaign", "48 militants killed"),
        ("campaign", "47 militants captured")]


def test_text_on_stats_counts_only_the_events_found(run_json):
    code, counts = run_json("stats", "--text", "Jarajeer", "--from", "2015-06-10")
    assert code == 0
    assert sum(row["count"] for row in counts["events_by_type"]) == 3


def test_text_on_the_listings_keeps_the_records_whose_texts_match(run_json):
    assert _ids(run_json, "places", "--text", "Jarajeer", "--kind", "barrens/jurd area") == [
        "jarajir-barrens"]
    assert _ids(run_json, "actors", "--text", "Jabhat") == ["al-nusra-front"]
    assert _ids(run_json, "actors", "--text", "Nusra -Tali -Conquest -Levant") == [
        "al-nusra-front"]
    assert _ids(run_json, "sources", "--text", "Manar") == ["al-manar"]


def test_an_undated_event_left_out_is_counted_only_if_the_text_finds_it(run):
    # Velayati and Blanford are named only in undated events (6 in all).
    assert run("timeline", "--text", "Velayati OR Blanford", "--from", "2015-03-01") == (
        1, "", "qalamoun: 2 undated events not shown; --undated to include them\n"
               "qalamoun: no events match\n")


# -- search --------------------------------------------------------------------------------------


def test_search_ranks_names_first_and_shows_the_words_that_matched(run):
    code, out, err = run("search", "Jarajeer", "--format", "csv", "--limit", "3")
    assert (code, err) == (0, "qalamoun: showing 3 of 13 records (raise --limit to see more)\n")
    assert out.splitlines() == [
        '"rank","kind","id","name","date_text","start","end","hits","matched","dataset"',
        '1,"place","jarajir-barrens","Jarajir barrens","","","",5,"Jarajir; Jarajeer",'
        '"qalamoun"',
        '2,"place","jarajir","Jarajir","","","",2,"Jarajir; Jarajeer","qalamoun"',
        '3,"place","qurnah-shabah","Qurnah Shab\'ah","","","",3,"Jarajeer","qalamoun"']


def test_search_jsonl_is_the_json_a_record_a_line(run):
    code, out, _ = run("search", "nusra", "--format", "json")
    code_lines, lines, _ = run("search", "nusra", "--format", "jsonl")
    assert code == code_lines == 0
    assert [json.loads(line) for line in lines.splitlines()] == json.loads(out)


def test_search_with_nothing_found_exits_1_and_a_bad_limit_2(run):
    assert run("search", "qqqzzz", "--format", "json") == (
        1, "[]\n", "qalamoun: no place, actor, source or event matches 'qqqzzz'\n")
    assert run("search", "hill", "--limit", "0") == (
        2, "", "qalamoun: --limit: 0 is not a number of records; give 1 or more\n")


def test_search_counts_as_the_listings_do(run):
    code, out, _ = run("search", "Jarajeer", "--format", "json")
    found = len(__import__("json").loads(out))
    assert run("search", "--count", "Jarajeer") == (0, f"{found}\n", "")
    assert run("search", "--count", "qqqzzz") == (1, "0\n", "")
    assert run("search", "--count", "--limit", "2", "hill") == (
        2, "", "qalamoun: --count prints only a number: give it without --limit\n")


def test_search_shows_data_as_plain_text_only(tmp_path, run):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        "schema_version: 1\nsides: []\nactors: []\nsources: []\n"
        "places:\n  - {id: p, name: \"[bold]Hill\\e[31m\", country: Syria, kind: town}\n"
        "events: []\n", encoding="utf-8")
    code, out, err = run("--data", str(hostile), "search", "hill")
    assert (code, err) == (0, "")
    assert "[bold]Hill\\x1b[31m" in out
    assert "\x1b" not in out


def test_search_through_the_installed_entry_point():
    exe = shutil.which("qalamoun")
    command = [exe] if exe else [sys.executable, "-m", "qalamoun_cli"]
    done = subprocess.run([*command, "search", "--format", "jsonl", "--limit", "1", "--",
                           "Arsal", "-Flita"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (
        0, "qalamoun: showing 1 of 22 records (raise --limit to see more)\n")
    assert json.loads(done.stdout)["id"] == "arsal-barrens"


def test_the_events_found_by_text_are_the_only_records_read(shipped):
    from qalamoun_cli.selection import as_store

    store = as_store(load_dataset([]))
    store._cache.clear()
    among = textsearch.events_matching(shipped, [parse("Velayati")])
    assert len(among) == 1
    # Without a date range or another filter, the store reads the one event found, not
    # every event to check it against the text afterwards.
    assert store.matching(None, None, among=among) == sorted(among)
    assert sorted(store._cache) == sorted(among)


def test_each_text_is_a_query_of_its_own_even_one_that_begins_with_minus(run, run_json):
    # Click takes the word after --text as its value even when it begins with "-"; a
    # query of its own, it only leaves words out (the OR of repeats cannot rescue it).
    assert run("timeline", "--text", "-Flita", "--text", "Zabadani") == (
        2, "", "qalamoun: --text: '-Flita' only leaves words out; give a word to find as "
               "well\n")
    code, events = run_json("timeline", "--text", "Zabadani -Flita")
    assert code == 0 and events


def test_totals_narrowed_by_text_say_the_campaign_claims_cover_more(run):
    # The campaign's own words match "Hezbollah", so its claims stand beside sums over the
    # incidents the words found: only some of its events.
    code, _, err = run("casualties", "--totals", "--text", "Hezbollah")
    assert code == 0
    assert ("qalamoun: caveat: a campaign-level claim is about the whole campaign (all its "
            "days and places), not only the window and area summed") in err.splitlines()


def test_an_article_among_other_words_is_left_out_and_said(run):
    code, out, err = run("timeline", "--text", "attack at Arsal", "--format", "json")
    plain = run("timeline", "--text", "attack Arsal", "--format", "json")
    assert (code, out) == (0, plain[1]) and json.loads(out)
    assert err == ("qalamoun: --text: 'at' left out of 'attack at Arsal': articles, which "
                   "folding leaves out of texts\n")
    assert run("timeline", "--text", "at an") == (
        2, "", "qalamoun: --text: 'at an' has only articles (al, el, an, at, ...), which "
               "folding leaves out of texts; search without them\n")


def test_a_possessive_is_found_by_the_word_it_is_of():
    from qalamoun_cli.textsearch import fold_text

    assert fold_text("the Army's 1st; Hezbollah’s men; Ra's al-Ain") == \
        "tha armi 1st hazbula man ras ain"
    assert fold_text("army") == fold_text("Army's") == fold_text("army's")


def test_army_finds_the_army_s_events(run):
    code, out, _ = run("timeline", "--undated", "--text", "army", "--format", "json")
    ids = {e["id"] for e in json.loads(out)}
    assert code == 0
    assert {"2015-05-04-rebels-withdraw-towards-flita-and-ras-al-maara"} <= ids
