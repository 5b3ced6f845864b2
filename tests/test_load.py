"""The strict loader: every problem reported with its position, nothing silently altered."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.dataset import check_dataset
from qalamoun_cli.load.build import check_files, parse_text
from qalamoun_cli.model import UNDATED, Event
from tests.conftest import EXAMPLE

HEAD = "schema_version: 1\n"
SIDE = "sides:\n  - {id: govt, name: government}\n"
SOURCE = "sources:\n  - {id: sohr, name: SOHR, kind: monitor}\n"


def problems(text: str) -> list[str]:
    _, found = parse_text("f.yaml", textwrap.dedent(text).encode("utf-8"))
    return [str(p) for p in found]


def event(**overrides: str) -> str:
    fields = {
        "id": "e1",
        "date": "{text: '13 May', start: 2015-05-13, end: 2015-05-13, precision: day}",
        "section": "s", "type": "capture", "summary": "something happened",
    }
    fields.update(overrides)
    body = "".join(f"    {k}: {v}\n" for k, v in fields.items())
    return HEAD + SIDE + SOURCE + "events:\n  -\n" + body


def test_example_dataset_is_valid():
    chronology, found = check_dataset(EXAMPLE)
    assert found == []
    assert len(chronology.events) == 3
    assert chronology.events[0].date.start.isoformat() == "2015-05-06"


def test_valid_minimal_event_loads():
    assert problems(event()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + "sides:\n  - {id: a, name: NO}\n", "f.yaml:3:19: side name: plain 'NO' is read by "
                                                  "YAML as a boolean; quote it if it is text"),
        (HEAD + "sides:\n  - {id: a, name: on}\n", "read by YAML as a boolean"),
        (HEAD + "sides:\n  - {id: a, name: 12:30}\n", "read by YAML as a number"),
        (HEAD + "sides:\n  - {id: a, name: 2015-05-13}\n", "read by YAML as a date"),
        (HEAD + "sides:\n  - {id: a, name: b}\n  - {id: a, name: c}\n",
         "f.yaml:4:10: duplicate id 'a'"),
        (HEAD + "sides:\n  - id: a\n    name: b\n    name: c\n",
         "f.yaml:5:5: duplicate key 'name'"),
        (HEAD + "sides:\n  - &x {id: a, name: b}\n  - *x\n", "f.yaml:3:5: anchors and aliases"),
        (HEAD + "sides:\n  - {id: a, name: b, colour: red}\n", "unknown field 'colour'"),
        (HEAD + "sides:\n  - {id: A_1, name: b}\n", "must be a lowercase slug"),
        (HEAD + "wars: []\n", "f.yaml:2:1: unknown section 'wars'"),
        ("sides: []\n", "missing schema_version"),
        ("schema_version: 3\n", "schema_version 3 is not supported"),
        ("", "file is empty"),
        ("- a\n", "the file must be a mapping"),
        (HEAD + "sides: [\n", "f.yaml:3:1: YAML syntax"),
        ("[" * 5000, "YAML syntax"),
        (HEAD + "sides:\n  - !!python/object/apply:os.system {id: a, name: b}\n",
         "YAML tags"),
    ],
)
def test_bad_yaml_is_reported_with_position(text, expected):
    found = problems(text)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"date": "{text: x, start: 2015-02-30, end: 2015-03-01, precision: days}"},
         "2015-02-30 is not a day in the calendar"),
        ({"date": "{text: x, start: 2015-05-14, end: 2015-05-13, precision: day}"},
         "ends (2015-05-13) before it starts (2015-05-14)"),
        ({"date": "{text: x, start: 2015-05-01, end: 2015-05-31, precision: day}"},
         "spans 31 days, too long for precision 'day'"),
        ({"date": "{text: x, start: 13/05/2015, end: 2015-05-13, precision: day}"},
         "must be a date written YYYY-MM-DD"),
        ({"type": "massacre"}, "unknown event type 'massacre'"),
        ({"places": "[nowhere]"}, "places 'nowhere' is not a known place"),
        ({"sources": "[bbc]"}, "sources 'bbc' is not a known source"),
        ({"claims": "[{source: sohr, party: govt, outcome: killed, low: 9, high: 3, "
                    "as_reported: x}]"}, "claim low 9 is above high 3"),
        ({"claims": "[{source: sohr, party: govt, outcome: killed, low: 010, as_reported: x}]"},
         "plain decimal"),
        ({"claims": "[{source: sohr, party: govt, outcome: killed, low: '36', as_reported: x}]"},
         "plain decimal"),
        ({"claims": "[{source: sohr, party: govt, outcome: killed, low: 1,500, as_reported: x}]"},
         "f.yaml:13:64: low in a claim: write integers without separators (1500, not 1,500)"),
        ({"claims": "[{source: sohr, party: rebels, outcome: killed, as_reported: dozens}]"},
         "claim party 'rebels' is neither an actor nor a side"),
        ({"claims": "[{source: sohr, party: govt, outcome: maimed, as_reported: x}]"},
         "unknown claim outcome 'maimed'"),
        ({"claims": "[{source: sohr, party: govt, outcome: killed, as_reported: a}, "
                    "{source: sohr, party: govt, outcome: killed, as_reported: b}]"},
         "a second claim by 'sohr'"),
        ({"summary": "null"}, "summary is required"),
    ],
)
def test_bad_events_are_reported(overrides, expected):
    found = problems(event(**overrides))
    assert any(expected in p for p in found), found


def test_every_problem_is_reported_not_just_the_first():
    text = event(type="massacre", places="[nowhere]", sources="[bbc]")
    assert len(problems(text)) == 3


def test_not_utf8_names_the_position():
    _, found = parse_text("f.yaml", HEAD.encode() + b"sides:\n  - {id: a, name: caf\xe9}\n")
    assert [str(p) for p in found] == [
        "f.yaml:3:22: not UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_quoted_yaml11_words_stay_text():
    chronology, found = parse_text("f.yaml", (HEAD + "sides:\n  - {id: a, name: 'NO'}\n").encode())
    assert found == []
    assert chronology.sides["a"].name == "NO"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=list("ab:-[]{}&*!'\"\n #|>%@`,?1\t\x1b\u202e"), max_size=200),
                 st.text(max_size=200)))
def test_loader_is_total_on_arbitrary_text(text):
    # Any input yields a chronology and a list of problems: no other exception escapes.
    chronology, found = parse_text("f.yaml", text.encode("utf-8", "surrogatepass"))
    assert isinstance(found, list)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
def test_any_date_shaped_value_is_handled(value):
    _, found = parse_text("f.yaml", event(date=f"{{text: x, start: {value}, end: {value}, "
                                               f"precision: day}}").encode())
    assert all("YAML" not in str(p) for p in found)


def test_a_missing_field_does_not_hide_the_others():
    text = HEAD + SIDE + SOURCE + ("events:\n  - id: e1\n    date: {text: x, start: 2015-05-13, "
                                   "end: 2015-05-13, precision: day}\n    type: massacre\n"
                                   "    summary: s\n    places: [nowhere]\n")
    found = problems(text)
    assert any("missing 'section'" in p for p in found)
    assert any("unknown event type 'massacre'" in p for p in found)
    assert any("'nowhere' is not a known place" in p for p in found)


def test_a_bad_record_does_not_make_its_references_fail():
    text = event(id="e2", date="{text: x, start: 2015-05-13, end: 2015-05-13, precision: day, "
                              "anchor: e1}")
    text += ("  - id: e1\n    date: {text: x, start: 2015-05-13, end: 2015-05-13, "
             "precision: day}\n    section: s\n    type: massacre\n    summary: s\n")
    found = problems(text)
    assert len(found) == 1 and "massacre" in found[0]


def test_part_of_cycles_are_reported():
    text = HEAD + SIDE + ("actors:\n  - {id: a, name: A, side: govt, part_of: b}\n"
                          "  - {id: b, name: B, side: govt, part_of: a}\n")
    found = problems(text)
    assert any("is part of itself" in p for p in found)
    assert all(":0:" not in p for p in found)


@pytest.mark.parametrize("value", ["1e3", "0x1A", ".inf", "+12.5"])
def test_yaml12_numbers_must_be_quoted_as_text(value):
    found = problems(HEAD + f"sides:\n  - {{id: a, name: {value}}}\n")
    assert any("number" in p and "quote it" in p for p in found), found


def test_nul_byte_is_reported_with_its_position():
    found = problems(HEAD + "sides:\n  - {id: a, name: \"x\x00y\"}\n")
    assert found == ["f.yaml:3:21: YAML: character U+0000 is not allowed in YAML"], found


def test_huge_integers_and_short_booleans_are_refused():
    found = problems(event(claims="[{source: sohr, party: govt, outcome: killed, "
                                  "low: 99999999999999999999, as_reported: x}]"))
    assert any(p.endswith("claim low: integer too large (99999999999999999999; at most "
                          "1000000000000)") for p in found), found
    assert any("read by some YAML tools as a boolean" in p
               for p in problems(HEAD + "sides:\n  - {id: a, name: n}\n"))


def test_a_duplicate_id_is_one_problem_not_many():
    text = (HEAD + "sides:\n  - {id: govt, name: g}\nactors:\n  - {id: govt, name: G, side: govt}\n"
            "  - {id: h, name: H, side: govt, part_of: govt}\n")
    found = problems(text)
    assert len(found) == 1 and "duplicate id 'govt'" in found[0], found


@pytest.mark.parametrize("digits", [5000, 4301, 30])
def test_an_integer_of_thousands_of_digits_is_invalid_data_with_its_position(digits):
    text = event(claims=f"[{{source: sohr, party: govt, outcome: killed, low: {'9' * digits}, "
                        f"as_reported: x}}]")
    found = problems(text)
    line = text.splitlines().index(next(t for t in text.splitlines() if "claims:" in t)) + 1
    assert found == [f"f.yaml:{line}:{text.splitlines()[line - 1].index('9') + 1}: claim "
                     f"low: integer too large ({digits} digits; at most 1000000000000)"]


def test_a_huge_integer_is_exit_65_not_an_internal_error(run, tmp_path):
    data = tmp_path / "big.yaml"
    data.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "low: 36, high: 36", f"low: {'9' * 5000}, high: 36", 1), encoding="utf-8")
    for args in (["validate", str(data)], ["--data", str(data), "timeline"]):
        code, out, err = run(*args)
        assert code == 65, err
        assert f"{data}:79:65: claim low: integer too large (5000 digits; at most " \
               f"1000000000000)" in err
        assert len(err) < 300


def test_a_phrase_with_thousands_of_digits_is_shown_not_an_internal_error(run, tmp_path):
    data = tmp_path / "long.yaml"
    phrase = "9" * 5000
    data.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        'low: 36, high: 36, as_reported: "36"', f'low: 36, high: 36, as_reported: "{phrase}"',
        1), encoding="utf-8")
    for args in (["casualties"], ["casualties", "--totals"],
                 ["show", "2015-05-13-tallat-mussa-captured"]):
        code, out, err = run("--data", str(data), *args)
        assert code == 0, (args, err)


# -- schema 2 -------------------------------------------------------------------------------

HEAD2 = ("schema_version: 2\nsides:\n  - {id: govt, name: government}\n"
         "sources:\n  - {id: sohr, name: SOHR}\n")


def event2(body: str) -> str:
    """Return a schema-2 dataset with one event (id e1, line 7) whose fields at line 9 on
    are BODY."""
    return HEAD2 + "events:\n  - id: e1\n    summary: s\n" + textwrap.indent(body, "    ")


def claims2(*claims: str) -> str:
    """Return a schema-2 dataset whose event e1 has CLAIMS (flow mappings, line 10 on)."""
    return event2("claims:\n" + "".join(f"  - {{{c}}}\n" for c in claims))


def test_a_schema_2_event_needs_only_an_id_and_a_summary():
    chronology, found = parse_text("f.yaml", event2("note: the article does not date it\n")
                                   .encode())
    assert found == []
    (only,) = chronology.events
    assert only == Event("e1", UNDATED, None, None, "s", note="the article does not date it")
    assert chronology.sources["sohr"].kind is None


def test_open_and_unknown_bounds_are_read_as_none():
    text = event2("date: {text: since 24 Sep, start: 2015-09-24, end: null, precision: day}\n")
    text += ("  - id: e2\n    summary: s\n    date: {text: by late April, start: null, "
             "end: 2014-04-30, precision: month}\n"
             "  - id: e3\n    summary: s\n    date: {text: later, start: null, end: null, "
             "precision: unknown}\n")
    chronology, found = parse_text("f.yaml", text.encode())
    assert found == []
    assert [tuple(e.date) for e in chronology.events] == [
        ("by late April", None, date(2014, 4, 30), "month", None),
        ("since 24 Sep", date(2015, 9, 24), None, "day", None),
        ("later", None, None, "unknown", None)]
    assert chronology.events[2].date.undated


@pytest.mark.parametrize(("body", "expected"), [
    ("date: {text: x, start: null, end: null, precision: day}\n",
     ["f.yaml:9:56: date has neither start nor end, so its precision must be 'unknown', not "
      "'day'"]),
    ("date: {text: x, start: 2015-05-13, end: null, precision: unknown}\n",
     ["f.yaml:9:62: date precision 'unknown' is only for a date whose start and end are "
      "both null"]),
    # An unknown bound is written null, never left out.
    ("date: {text: x, start: 2015-05-13, precision: day}\n",
     ["f.yaml:9:11: date is missing 'end'"]),
    ("date: {text: x, start: 2015-05-14, end: 2015-05-13, precision: day}\n",
     ["f.yaml:9:45: date ends (2015-05-13) before it starts (2015-05-14)"]),
    ("date: {text: x, start: 2015-05-01, end: 2015-05-31, precision: day}\n",
     ["f.yaml:9:68: date spans 31 days, too long for precision 'day' (at most 1)"]),
    ("date: {text: x, start: null, end: null, precision: unknown, anchor: e1}\n",
     ["f.yaml:9:11: event 'e1' cannot be its own date anchor"]),
    ("date: {text: x, start: null, end: null, precision: unknown, anchor: e9}\n",
     ["f.yaml:9:73: date anchor 'e9' is not a known event"]),
    ("type: masacre\n",
     ["f.yaml:9:11: unknown event type 'masacre' (expected one of: attack, clash, capture, "
      "ambush, strike, retreat, siege, statement, agreement, reorganisation)"]),
])
def test_schema_2_date_and_type_rules(body, expected):
    assert problems(event2(body)) == expected


def test_an_open_span_is_not_checked_against_its_precision():
    assert problems(event2("date: {text: x, start: 2015-05-13, end: null, precision: day}\n")) \
        == []
    assert problems(HEAD2 + "campaign:\n  name: c\n  date: {text: since May 2015, start: "
                            "2015-05-04, end: null, precision: day}\n") == []


def test_schema_1_keeps_its_date_rules():
    assert problems(event(date="{text: x, start: null, end: null, precision: unknown}")) == [
        "f.yaml:9:28: date start must be a date written YYYY-MM-DD, not 'null'",
        "f.yaml:9:39: date end must be a date written YYYY-MM-DD, not 'null'",
        "f.yaml:9:56: unknown date precision 'unknown' (expected one of: day, days, week, "
        "month, season, year)"]


def test_schema_1_keeps_its_outcomes_and_claim_fields():
    assert problems(event(claims="[{source: sohr, party: govt, outcome: casualties, "
                                 "as_reported: x, best: 3}]")) == [
        "f.yaml:13:51: unknown claim outcome 'casualties' (expected one of: killed, wounded, "
        "captured, strength)",
        "f.yaml:13:79: unknown field 'best' in a claim (expected: source, party, outcome, "
        "as_reported, low, high, note); 'best' is new in schema 2: write schema_version: 2 to "
        "use it"]


@pytest.mark.parametrize(("claims", "expected"), [
    (["source: sohr, outcome: killed, as_reported: x"],
     ["f.yaml:10:9: a claim needs a party (an actor or side id), a party_text (the source's "
      "words), or both"]),
    (["source: sohr, party: govt, outcome: killed, low: 9, best: 5, as_reported: x"],
     ["f.yaml:10:68: claim best 5 is below low 9"]),
    (["source: sohr, party: govt, outcome: killed, high: 9, best: 50, as_reported: x"],
     ["f.yaml:10:69: claim best 50 is above high 9"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, supersedes: c1, as_reported: x"],
     ["f.yaml:10:74: claim 'c1' cannot supersede itself"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, within: c1, as_reported: x"],
     ["f.yaml:10:70: claim 'c1' cannot be within itself"]),
    (["source: sohr, party: govt, outcome: killed, supersedes: c9, as_reported: x"],
     ["f.yaml:10:66: claim supersedes 'c9' is not a known claim"]),
    (["source: sohr, party: govt, outcome: killed, within: c9, as_reported: x"],
     ["f.yaml:10:62: claim within 'c9' is not a known claim"]),
    (["id: C_1, source: sohr, party: govt, outcome: killed, as_reported: x"],
     ["f.yaml:10:14: claim id 'C_1' must be a lowercase slug (letters, digits, single "
      "hyphens)"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, as_reported: x",
      "id: c1, source: sohr, party: govt, outcome: wounded, as_reported: w"],
     ["f.yaml:11:14: duplicate id 'c1' (first defined at f.yaml:10)"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, as_reported: x",
      "source: sohr, party: govt, outcome: killed, supersedes: c1, within: c1, as_reported: w"],
     ["f.yaml:11:78: a claim cannot both supersede and be within 'c1'"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, supersedes: c2, as_reported: x",
      "id: c2, source: sohr, party: govt, outcome: killed, supersedes: c1, as_reported: w"],
     ["f.yaml:10:74: claim 'c1' supersedes itself, through c1 -> c2 -> c1: supersedes must "
      "not go round in a circle",
      "f.yaml:11:74: claim 'c2' supersedes itself, through c2 -> c1 -> c2: supersedes must "
      "not go round in a circle"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, as_reported: x",
      "source: sohr, party: govt, outcome: killed, supersedes: c1, as_reported: w",
      "source: sohr, party: govt, outcome: killed, supersedes: c1, as_reported: v"],
     ["f.yaml:12:66: claim 'c1' is already superseded (at line 11): a figure has one latest "
      "update, so let this claim supersede that update"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, as_reported: x",
      "source: sohr, party: govt, outcome: wounded, supersedes: c1, as_reported: w"],
     ["f.yaml:11:67: this claim supersedes 'c1' but differs from it in outcome: an update "
      "replaces the same source's figure for the same party and outcome (a part of a figure "
      "is 'within')"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, as_reported: x",
      "source: sohr, party_text: g, outcome: killed, supersedes: c1, as_reported: w"],
     ["f.yaml:11:68: this claim supersedes 'c1' but differs from it in party, "
      "party_text: an update replaces the same source's figure for the same party and "
      "outcome (a part of a figure is 'within')"]),
    (["id: c1, source: sohr, party: govt, outcome: killed, within: c2, as_reported: x",
      "id: c2, source: sohr, party: govt, outcome: killed, within: c1, as_reported: w"],
     ["f.yaml:10:70: claim 'c1' is within itself, through c1 -> c2 -> c1: within must not "
      "go round in a circle",
      "f.yaml:11:70: claim 'c2' is within itself, through c2 -> c1 -> c2: within must not "
      "go round in a circle"]),
    (["source: sohr, party: govt, party_text: g, outcome: killed, as_reported: x",
      "source: sohr, party: govt, party_text: g, outcome: killed, as_reported: w"],
     ["f.yaml:11:9: a second claim by 'sohr' for 'govt' ('g') killed (first at line 10); one "
      "claim per source, party, party_text and outcome, unless it supersedes or is within "
      "another claim"]),
    (["source: sohr, party_text: doctors, outcome: killed, as_reported: x",
      "source: sohr, party_text: doctors, outcome: killed, as_reported: w"],
     ["f.yaml:11:9: a second claim by 'sohr' for 'doctors' killed (first at line 10); one "
      "claim per source, party, party_text and outcome, unless it supersedes or is within "
      "another claim"]),
])
def test_schema_2_claim_rules(claims, expected):
    assert problems(claims2(*claims)) == expected


def test_an_updated_toll_a_part_and_other_words_for_the_party_are_not_repeats():
    chronology, found = parse_text("f.yaml", claims2(
        "id: first, source: sohr, party: govt, outcome: killed, low: 18, as_reported: '18'",
        "id: update, source: sohr, party: govt, outcome: killed, low: 40, high: 40, "
        "supersedes: first, as_reported: the toll rose to 40",
        "source: sohr, party: govt, outcome: killed, low: 14, within: update, "
        "as_reported: '14 of them'",
        "source: sohr, party: govt, party_text: second phase, outcome: killed, low: 3, "
        "as_reported: '3'",
        "source: sohr, party_text: doctors, outcome: casualties, low: 10, high: 30, best: 20, "
        "as_reported: 10 to 30",
        "source: sohr, party_text: doctors, outcome: missing, as_reported: some").encode())
    assert found == []
    claims = chronology.events[0].claims
    assert [(c.id, c.supersedes, c.within, c.party, c.party_text, c.outcome, c.best)
            for c in claims] == [
        ("first", None, None, "govt", None, "killed", None),
        ("update", "first", None, "govt", None, "killed", None),
        (None, None, "update", "govt", None, "killed", None),
        (None, None, None, "govt", "second phase", "killed", None),
        (None, None, None, None, "doctors", "casualties", 20),
        (None, None, None, None, "doctors", "missing", None)]
    assert all(c.event == "e1" for c in claims)


def test_claim_ids_are_one_namespace_across_files_and_the_campaign():
    files = [("a.yaml", (HEAD2 + "campaign:\n  name: c\n  claims:\n    - {id: total, "
                         "source: sohr, party: govt, outcome: killed, low: 1800, "
                         "as_reported: '1,800'}\n").encode()),
             ("b.yaml", (b"schema_version: 2\nevents:\n  - id: e1\n    summary: s\n    claims:\n"
                         b"      - {source: sohr, party: govt, outcome: killed, low: 140, "
                         b"within: total, as_reported: '140'}\n"
                         b"      - {id: total, source: sohr, party: govt, outcome: wounded, "
                         b"as_reported: x}\n"))]
    chronology, found = check_files(files)
    assert [str(p) for p in found] == ["b.yaml:7:14: duplicate id 'total' (first defined at "
                                       "a.yaml:9)"]
    assert chronology.events[0].claims[0].within == "total"


VOCABULARY = "vocabulary:\n  event_types: [massacre, prisoner exchange]\n"


@pytest.mark.parametrize(("vocabulary", "expected"), [
    ("vocabulary:\n  event_types: [clash, massacre]\n",
     ["f.yaml:7:17: vocabulary event_types 'clash' is already a built-in word; remove it "
      "from the list"]),
    ("vocabulary:\n  event_types: [Massacre, 'a  b', x_y, massacre]\n",
     ["f.yaml:7:17: vocabulary event_types 'Massacre' must be written like the built-in "
      "words: lowercase letters and digits, words joined by single hyphens, spaces or slashes",
      "f.yaml:7:27: vocabulary event_types 'a  b' must be written like the built-in words: "
      "lowercase letters and digits, words joined by single hyphens, spaces or slashes",
      "f.yaml:7:35: vocabulary event_types 'x_y' must be written like the built-in words: "
      "lowercase letters and digits, words joined by single hyphens, spaces or slashes"]),
    ("vocabulary:\n  event_types: [massacre, massacre]\n",
     ["f.yaml:7:27: vocabulary event_types lists 'massacre' twice (first at f.yaml:7)"]),
    ("vocabulary:\n  colours: [red]\n  event_types: [massacre]\n",
     ["f.yaml:7:3: unknown field 'colours' in the vocabulary (expected: event_types, "
      "source_kinds, actor_kinds, place_kinds)"]),
])
def test_vocabulary_words_are_checked(vocabulary, expected):
    text = HEAD2 + vocabulary + "events:\n  - {id: e1, summary: s, type: massacre}\n"
    assert problems(text) == expected


def test_a_dataset_word_is_a_choice_and_a_typo_still_is_not():
    text = (HEAD2 + VOCABULARY + "  actor_kinds: [doctors]\n  place_kinds: [hospital]\n"
            "  source_kinds: [diary]\n"
            "actors:\n  - {id: medics, name: Medics, kind: doctors}\n"
            "places:\n  - {id: h, name: H, kind: hospital, country: Syrian Arab Republic}\n"
            "events:\n  - {id: e1, summary: s, type: prisoner exchange}\n"
            "  - {id: e2, summary: s, type: masacre}\n")
    chronology, found = parse_text("f.yaml", text.encode())
    assert [str(p) for p in found] == [
        "f.yaml:17:32: unknown event type 'masacre' (expected one of: attack, clash, capture, "
        "ambush, strike, retreat, siege, statement, agreement, reorganisation, massacre, "
        "prisoner exchange)"]
    assert chronology.vocabulary == {"event_types": ("massacre", "prisoner exchange"),
                                     "actor_kinds": ("doctors",), "place_kinds": ("hospital",),
                                     "source_kinds": ("diary",)}
    assert chronology.actors["medics"].side is None
    assert chronology.places["h"].country == "Syrian Arab Republic"


def test_each_file_is_read_by_its_own_version():
    vocabulary = ("words.yaml", (HEAD2 + VOCABULARY).encode())
    old = ("old.yaml", (b"schema_version: 1\nevents:\n  - {id: e1, summary: s, section: s, "
                        b"type: massacre, date: {text: x, start: 2015-05-13, end: 2015-05-13, "
                        b"precision: day}}\n"))
    new = ("new.yaml", b"schema_version: 2\nevents:\n  - {id: e2, summary: s, type: massacre}\n")
    chronology, found = check_files([vocabulary, old, new])
    # Schema 1 has no dataset words: the old file's rules are what they were.
    assert [str(p) for p in found] == [
        "old.yaml:3:44: unknown event type 'massacre' (expected one of: attack, clash, capture, "
        "ambush, strike, retreat, siege, statement, agreement, reorganisation)"]
    assert [e.id for e in chronology.events] == ["e2"]


def test_the_version_must_be_known():
    assert problems("schema_version: 3\n") == [
        "f.yaml:1:17: schema_version 3 is not supported (this program reads 1 or 2)"]
    assert problems("sides: []\n") == [
        "f.yaml:1:1: missing schema_version (this program reads 1 or 2)"]


def test_same_day_events_keep_their_file_order():
    day = "date: {text: x, start: 2015-05-13, end: 2015-05-13, precision: day}"
    text = HEAD2 + "events:\n" + "".join(
        f"  - {{id: {name}, summary: s{', ' + day if name != 'undated' else ''}}}\n"
        for name in ("zulu", "undated", "alpha", "mike"))
    chronology, found = parse_text("f.yaml", text.encode())
    assert found == []
    assert [e.id for e in chronology.events] == ["zulu", "alpha", "mike", "undated"]


def test_the_schema_2_example_is_valid_and_uses_every_new_feature():
    chronology, found = check_dataset(EXAMPLE.parent / "schema2.yaml")
    assert found == []
    events = list(chronology.events)
    claims = [c for e in events for c in e.claims] + list(chronology.campaign.claims)
    assert any(e.date.undated for e in events)
    assert any(e.date.start and e.date.end is None for e in events)
    assert any(e.type is None and e.section is None for e in events)
    assert any(e.note for e in events)
    assert set(chronology.vocabulary) == {"event_types", "source_kinds", "place_kinds"}
    assert any(c.party is None and c.party_text for c in claims)
    assert any(c.supersedes for c in claims) and any(c.within for c in claims)
    assert any(c.best is not None for c in claims)
    assert {"casualties", "missing"} <= {c.outcome for c in claims}


def test_null_stands_for_absent_in_schema_2s_optional_date_and_claim_id():
    text = event2("date: null\nclaims:\n  - {id: null, source: sohr, party: govt, "
                  "outcome: killed, as_reported: x}\n")
    chronology, found = parse_text("f.yaml", text.encode())
    assert found == []
    assert chronology.events[0].date == UNDATED and chronology.events[0].claims[0].id is None


def test_an_unreadable_date_drops_the_event_instead_of_making_it_undated():
    chronology, found = parse_text("f.yaml", event2("date: [2015]\n").encode())
    assert [str(p) for p in found] == ["f.yaml:9:11: date must be a mapping (key: value), "
                                       "not a list"]
    assert list(chronology.events) == []


def test_a_schema_1_file_using_a_schema_2_field_is_told_which_version_has_it():
    text = ("schema_version: 1\nvocabulary: {event_types: [massacre]}\n"
            "sources:\n  - {id: sohr, name: SOHR, kind: monitor}\n")
    _, found = parse_text("f.yaml", text.encode())
    assert [str(p) for p in found] == [
        "f.yaml:2:1: unknown section 'vocabulary' (expected one of: sides, actors, sources, "
        "places, events, campaign); 'vocabulary' is new in schema 2: write schema_version: 2 "
        "to use it"]
    _, found = parse_text("f.yaml", b"schema_version: 1\nsources:\n  - {id: s, name: S, "
                                    b"kind: monitor, colour: red}\n")
    assert [str(p) for p in found] == [
        "f.yaml:3:37: unknown field 'colour' in a source (expected: id, name, kind, "
        "aliases, description)"]  # not a field of any version: no hint
