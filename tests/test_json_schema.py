"""qalamoun schema: a JSON Schema of the YAML format, generated from load/schema.py.

Every shipped and example file validates against it, and invalid files are refused by it
and by `validate` alike. What a JSON Schema cannot express (it sees one value at a time):
references between records, unique ids, a date's span against its precision, low <= high,
lat/lon/coord_precision set together, dataset vocabulary words, and the loader's strict YAML
rules (plain scalars other tools read otherwise, 36.0 for an integer, anchors, duplicate
keys). Those files pass the schema and only `validate`, the authority, refuses them; the
last test pins that, so that a change in either is seen.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from qalamoun_cli.model import EVENT_TYPES
from tests.conftest import EXAMPLE, FIXTURES, ROOT

SHIPPED = ROOT / "docs" / "qalamoun.schema.json"
YAML_FILES = sorted([*(ROOT / "data").glob("*.yaml"), *(ROOT / "examples").glob("*.yaml"),
                     *FIXTURES.glob("*.yaml")])


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: a date is text (YAML 1.2's core schema)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@pytest.fixture(scope="module")
def validator():
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(document)
    return jsonschema.Draft7Validator(document)


def errors(validator, text: str) -> list[str]:
    """Return the schema's messages for TEXT, those inside an anyOf too."""

    def messages(found) -> list[str]:
        return [m for e in found for m in (e.message, *messages(e.context))]

    return messages(validator.iter_errors(yaml.load(text, Loader=EditorLoader)))


def test_the_shipped_schema_is_what_the_command_prints(run):
    code, out, err = run("schema")
    assert (code, err) == (0, "")
    assert out == SHIPPED.read_text(encoding="utf-8"), (
        "run: qalamoun schema > docs/qalamoun.schema.json")


def test_the_entry_point_prints_it_too():
    from tests.test_subprocess import run as run_entry

    done = run_entry("schema")
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8") == SHIPPED.read_text(encoding="utf-8")


def test_the_schema_follows_the_loader_s_tables(validator):
    from qalamoun_cli.load.schema import VERSIONS

    definitions = validator.schema["definitions"]
    for version, records in VERSIONS.items():
        for kind, record in records.items():
            made = definitions[f"schema-{version}-{kind}"]
            assert list(made["properties"]) == [f.name for f in record.fields]
            assert made["required"] == [f.name for f in record.fields if f.required]
    assert "party_text" not in definitions["schema-1-claim"]["properties"]
    assert definitions["schema-1-event"]["properties"]["type"]["enum"] == list(EVENT_TYPES)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_shipped_and_example_file_validates(validator, path):
    assert errors(validator, path.read_text(encoding="utf-8")) == []


def test_the_example_names_the_schema_in_its_first_line():
    first = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/qalamoun.schema.json"
    assert (EXAMPLE.parent / first.split("=", 1)[1]).resolve() == SHIPPED


# Each: what is changed in examples/minimal.yaml (old, new), and the schema's message.
INVALID = {
    "unknown field": ("    name: pro-government forces\n",
                      "    name: pro-government forces\n    colour: red\n",
                      "Additional properties are not allowed ('colour' was unexpected)"),
    "missing summary": ("    summary: Heavy fighting breaks out along the border near Assal "
                        "al-Ward.\n", "", "'summary' is a required property"),
    "id not a slug": ("  - id: arsal\n", "  - id: Arsal_Town\n",
                      "'Arsal_Town' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'"),
    "text for a number": ("low: 36, high: 36", "low: many, high: 36",
                          "'many' is not of type 'integer'"),
    "negative figure": ("low: 36, high: 36", "low: -1, high: 36",
                        "-1 is less than the minimum of 0"),
    "date not ISO": ("start: 2015-05-06,", "start: 2015/05/06,",
                     "'2015/05/06' does not match '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"),
    "unknown event type": ("    type: clash\n", "    type: skirmish\n",
                           f"'skirmish' is not one of {list(EVENT_TYPES)!r}"),
    "latitude out of range": ("lat: 34.17944", "lat: 134.17944",
                              "134.17944 is greater than the maximum of 90"),
    "unknown version": ("schema_version: 1", "schema_version: 3",
                        "3 is not one of [1, 2]"),
    "blank name": ("    name: Hezbollah\n", '    name: " "\n', "' ' does not match '\\\\S'"),
    "a place twice": ("places: [tallat-mussa]", "places: [tallat-mussa, tallat-mussa]",
                      "['tallat-mussa', 'tallat-mussa'] has non-unique elements"),
    "schema 2 field in schema 1": ("as_reported: \"36\"}",
                                   "as_reported: \"36\", party_text: rebels}",
                                   "Additional properties are not allowed ('party_text' was "
                                   "unexpected)"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_file_is_refused_by_the_schema_and_by_validate(validator, run, tmp_path,
                                                                  case):
    old, new, message = INVALID[case]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert message in errors(validator, broken.read_text(encoding="utf-8"))
    code, out, err = run("validate", str(broken))
    assert code == 65, err
    assert err.endswith(f"problem(s) in {broken}\n")


# What only validate can see: each passes the schema.
BEYOND = {
    "unknown reference": ("places: [tallat-mussa]", "places: [nowhere]"),
    "duplicate id": ("  - id: al-nusra-front\n", "  - id: hezbollah\n"),
    "low above high": ("low: 36, high: 36", "low: 37, high: 36"),
    "end before start": ("start: 2015-05-06, end: 2015-05-06", "start: 2015-05-06, "
                                                               "end: 2015-05-05"),
    "latitude without longitude": ("    lon: 36.42083\n", ""),
    "a float for an integer": ("low: 36, high: 36", "low: 36.0, high: 36"),
}


@pytest.mark.parametrize("case", sorted(BEYOND))
def test_what_ties_values_together_only_validate_refuses(validator, run, tmp_path, case):
    old, new = BEYOND[case]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert errors(validator, broken.read_text(encoding="utf-8")) == []
    code, _, err = run("validate", str(broken))
    assert code == 65, err


def test_schema_2_offers_the_built_in_words_and_takes_the_dataset_s(validator):
    text = (ROOT / "examples" / "schema2.yaml").read_text(encoding="utf-8")
    assert "type: prisoner exchange" in text  # a word of its vocabulary: accepted
    assert errors(validator, text) == []
    bad = text.replace("type: siege", "type: Siege!", 1)
    assert bad != text and errors(validator, bad)


def test_the_schema_is_draft_07(validator):
    assert validator.schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_schema_refuses_a_dataset_it_would_ignore(run):
    # The format is the same for every dataset: a typed --data would be silently ignored.
    assert run("--data", "data", "schema") == (
        2, "", "qalamoun: schema describes the YAML format, not a dataset: give it without "
               "--data\n")
