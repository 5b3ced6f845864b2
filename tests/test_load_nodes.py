"""The strict YAML layer: each scalar check, on one composed node, with its exact message."""

from __future__ import annotations

from datetime import date

import pytest

from qalamoun_cli.load.nodes import MISSING, NodeReader, compose, decode


def read(check: str, yaml_text: str, *args, **kwargs):
    """Compose YAML_TEXT (`v: VALUE`) and run one NodeReader check on VALUE's node."""
    node, problem = compose("f.yaml", yaml_text)
    assert problem is None
    reader = NodeReader()
    reader.start_file("f.yaml")
    value = getattr(reader, check)(node.value[0][1], "x", *args, **kwargs)
    return value, [str(p) for p in reader.problems]


@pytest.mark.parametrize(("text", "message"), [
    ("NO", "f.yaml:1:4: x: plain 'NO' is read by YAML as a boolean; quote it if it is text"),
    ("010", "f.yaml:1:4: x: plain '010' is read by YAML as a number; quote it if it is text"),
    ("12:30", "f.yaml:1:4: x: plain '12:30' is read by YAML as a number; quote it if it is "
              "text"),
    ("2015-05-13", "f.yaml:1:4: x: plain '2015-05-13' is read by YAML as a date; quote it if "
                   "it is text"),
    ("y", "f.yaml:1:4: x: plain 'y' is read by some YAML tools as a boolean; quote it if it "
          "is text"),
    ("1e3", "f.yaml:1:4: x: plain '1e3' is read by YAML 1.2 tools as a number; quote it if "
            "it is text"),
    ("~", "f.yaml:1:4: x is required (got null)"),
    ("' '", "f.yaml:1:4: x is empty"),
    ("[a]", "f.yaml:1:4: x must be a single value, not a list"),
    ("!!binary aGk=", "f.yaml:1:4: x: YAML tags such as 'tag:yaml.org,2002:binary' are not "
                      "allowed"),
])
def test_text_refuses_what_yaml_reads_otherwise(text, message):
    assert read("text", f"v: {text}\n") == (None, [message])


@pytest.mark.parametrize("text", ["'NO'", "'010'", '"12:30"', "plain words"])
def test_text_keeps_quoted_and_plain_words(text):
    assert read("text", f"v: {text}\n") == (text.strip("'\""), [])


def test_optional_text_reads_null_and_blank_as_nothing():
    assert read("text", "v: null\n", optional=True) == (None, [])
    assert read("text", "v: ' '\n", optional=True) == (None, [])


@pytest.mark.parametrize(("text", "value", "problems"), [
    ("36", 36, []),
    ("0", 0, []),
    ("010", None, ["f.yaml:1:4: x must be a whole number written in plain decimal (like 36), "
                   "not '010'"]),
    ("1_500", None, ["f.yaml:1:4: x must be a whole number written in plain decimal (like "
                     "36), not '1_500'"]),
    ("'36'", None, ["f.yaml:1:4: x must be a whole number written in plain decimal (like 36), "
                    "not '36'"]),
    ("1000000000001", None, ["f.yaml:1:4: x: integer too large (1000000000001; at most "
                             "1000000000000)"]),
    ("9" * 30, None, ["f.yaml:1:4: x: integer too large (30 digits; at most 1000000000000)"]),
    ("4,000", None, ["f.yaml:1:4: x: write integers without separators (4000, not 4,000)"]),
    ("12,345,678", None, ["f.yaml:1:4: x: write integers without separators (12345678, not "
                          "12,345,678)"]),
    ("'4,000'", None, ["f.yaml:1:4: x must be a whole number written in plain decimal (like "
                       "36), not '4,000'"]),
])
def test_integer(text, value, problems):
    assert read("integer", f"v: {text}\n") == (value, problems)


def test_number_takes_plain_decimals_and_null():
    assert read("number", "v: 34.17944\n") == (34.17944, [])
    assert read("number", "v: null\n") == (None, [])
    assert read("number", "v: 1e3\n") == (None, [
        "f.yaml:1:4: x must be a decimal number (like 34.17944), not '1e3'"])


def test_day():
    assert read("day", "v: 2015-05-13\n") == (date(2015, 5, 13), [])
    assert read("day", "v: '2015-05-13'\n") == (date(2015, 5, 13), [])
    assert read("day", "v: 2015-02-30\n") == (None, [
        "f.yaml:1:4: x: 2015-02-30 is not a day in the calendar"])
    assert read("day", "v: 13 May\n") == (None, [
        "f.yaml:1:4: x must be a date written YYYY-MM-DD, not '13 May'"])


def test_identifier_is_a_lowercase_slug():
    assert read("identifier", "v: tallat-mussa\n") == ("tallat-mussa", [])
    assert read("identifier", "v: Tallat--Mussa\n") == (None, [
        "f.yaml:1:4: x 'Tallat--Mussa' must be a lowercase slug (letters, digits, single "
        "hyphens)"])


def test_choice_names_the_vocabulary():
    assert read("choice", "v: day\n", ("day", "week")) == ("day", [])
    assert read("choice", "v: moon\n", ("day", "week")) == (None, [
        "f.yaml:1:4: unknown x 'moon' (expected one of: day, week)"])


def test_mapping_reports_duplicate_and_merge_keys():
    node, _ = compose("f.yaml", "v: {a: 1, a: 2, <<: {b: 1}}\n")
    reader = NodeReader()
    reader.start_file("f.yaml")
    found = reader.mapping(node.value[0][1], "x")
    assert list(found) == ["a"]
    assert [str(p) for p in reader.problems] == [
        "f.yaml:1:11: duplicate key 'a' in x (first at line 1)",
        "f.yaml:1:17: merge keys (<<) are not allowed"]


def test_a_node_read_twice_is_an_alias():
    node, _ = compose("f.yaml", "v: [&a x, *a]\n")
    reader = NodeReader()
    reader.start_file("f.yaml")
    assert reader.texts(node.value[0][1], "x") == ("x",)
    assert [str(p) for p in reader.problems] == [
        "f.yaml:1:5: anchors and aliases (&name, *name) are not allowed: the value anchored "
        "here is used again"]


def test_decode_and_compose_say_where():
    assert str(decode("f.yaml", b"a: caf\xe9\n")[1]) == \
        "f.yaml:1:7: not UTF-8 (byte 0xe9); save the file as UTF-8"
    assert decode("f.yaml", b"\xef\xbb\xbfa: 1\n") == ("a: 1\n", None)
    assert str(compose("f.yaml", "a: [1\n")[1]).startswith("f.yaml:2:1: YAML syntax: ")
    assert str(compose("f.yaml", "a: \x00\n")[1]) == \
        "f.yaml:1:4: YAML: character U+0000 is not allowed in YAML"


def mapping_problems(yaml_text: str) -> tuple[dict, list[str]]:
    node, _ = compose("f.yaml", yaml_text)
    reader = NodeReader()
    reader.start_file("f.yaml")
    found = reader.mapping(node.value[0][1], "a claim")
    return found, [str(p) for p in reader.problems]


def test_an_integer_with_separators_in_a_flow_mapping_says_so_once():
    found, problems = mapping_problems("v: {low: 4,000, high: 12,345,678, as_reported: x}\n")
    assert problems == [
        "f.yaml:1:10: low in a claim: write integers without separators (4000, not 4,000)",
        "f.yaml:1:23: high in a claim: write integers without separators (12345678, not "
        "12,345,678)"]
    # The field is kept, with nothing readable in it: no follow-on problem, no value.
    assert list(found) == ["low", "high", "as_reported"]
    assert found["low"][1] is MISSING and found["high"][1] is MISSING


def test_a_number_key_that_is_no_separator_is_still_refused_as_a_key():
    _, problems = mapping_problems("v: {low: 4, 300: x, 000}\n")
    assert problems == ["f.yaml:1:13: keys in a claim must be names, not '300'",
                        "f.yaml:1:21: keys in a claim must be names, not '000'"]


@pytest.mark.parametrize(("text", "message"), [
    ("events:\n  - id: a\n\tsummary: x\n",
     "f.yaml:3:1: this line is indented with a tab, but YAML allows only spaces for "
     "indentation; replace the tab with spaces"),
    ("events:\n\t- id: a\n",
     "f.yaml:2:1: this line is indented with a tab, but YAML allows only spaces for "
     "indentation; replace the tab with spaces"),
    ("events:\n  - id: a\n  \t  summary: x\n",
     "f.yaml:3:3: this line is indented with a tab, but YAML allows only spaces for "
     "indentation; replace the tab with spaces"),
    ("events:\n  - id: a\n    summary: Ras al-Maara: rebels withdraw\n",
     "f.yaml:3:26: the value of 'summary' contains a colon followed by a space, which YAML "
     "reads as the start of another key; put the whole value in quotes (\"...\")"),
    ("summary: Ras al-Maara: rebels withdraw\n",
     "f.yaml:1:22: the value of 'summary' contains a colon followed by a space, which YAML "
     "reads as the start of another key; put the whole value in quotes (\"...\")"),
    # Inside { }, where claims are usually written.
    ("events:\n  - {id: e2, summary: Flita: x}\n",
     "f.yaml:2:28: the value of 'summary' contains a colon followed by a space, which YAML "
     "reads as the start of another key; put the whole value in quotes (\"...\")"),
    ("c:\n  - {source: s, party_text: rebels: second phase, outcome: killed}\n",
     "f.yaml:2:35: the value of 'party_text' contains a colon followed by a space, which YAML "
     "reads as the start of another key; put the whole value in quotes (\"...\")"),
])
def test_a_tab_and_a_colon_in_a_value_are_explained_in_plain_words(text, message):
    assert str(compose("f.yaml", text)[1]) == message


def test_the_plain_words_are_the_same_without_the_c_parser(monkeypatch):
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert str(compose("f.yaml", "a:\n\tb: 1\n")[1]) == (
        "f.yaml:2:1: this line is indented with a tab, but YAML allows only spaces for "
        "indentation; replace the tab with spaces")
    assert str(compose("f.yaml", "summary: Ras al-Maara: rebels withdraw\n")[1]) == (
        "f.yaml:1:22: the value of 'summary' contains a colon followed by a space, which "
        "YAML reads as the start of another key; put the whole value in quotes (\"...\")")


def test_a_quoted_colon_and_a_tab_inside_a_value_are_fine():
    assert compose("f.yaml", "summary: 'Ras al-Maara: rebels withdraw'\n")[1] is None
    assert compose("f.yaml", "summary: a\tb\n")[1] is None


def test_a_number_with_a_comma_at_the_end_of_a_text_in_a_flow_mapping_says_to_quote_it():
    found, problems = mapping_problems("v: {as_reported: 140 among the 1,800, low: 140}\n")
    assert problems == ["f.yaml:1:18: as_reported in a claim: a comma inside { } ends the "
                        "value; put the whole value in quotes"]
    assert list(found) == ["as_reported", "low"] and found["as_reported"][1] is MISSING
