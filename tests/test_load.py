"""The strict loader: every problem reported with its position, nothing silently altered."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.dataset import check_dataset
from qalamoun_cli.load.build import parse_text
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
         "keys in a claim must be names"),
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
        assert f"{data}:78:65: claim low: integer too large (5000 digits; at most " \
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
