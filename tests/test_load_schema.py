"""The record schema as data: its tables drive the reader and the format's documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qalamoun_cli import model
from qalamoun_cli.load import schema
from qalamoun_cli.load.build import parse_text

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"
VOCABULARIES = [getattr(model, name) for name in dir(model)
                if name.isupper() and isinstance(getattr(model, name), tuple)]
HEAD = "schema_version: 1\n"
VERSIONS = sorted(schema.VERSIONS)
# One valid record of each top-level kind, as a section.
VALID = {
    "side": "sides:\n  - {id: s, name: S}\n",
    "actor": "actors:\n  - {id: a, name: A, side: s}\n",
    "source": "sources:\n  - {id: m, name: M, kind: monitor}\n",
    "place": "places:\n  - {id: p, name: P}\n",
    "event": "events:\n  - {id: e, date: {text: t, start: 2015-05-13, end: 2015-05-13, "
             "precision: day}, section: S, type: clash, summary: X}\n",
}


def problems(text: str) -> list[str]:
    return [str(p) for p in parse_text("f.yaml", text.encode("utf-8"))[1]]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_vocabulary_field_names_a_model_vocabulary(version):
    choices = [f for r in schema.VERSIONS[version].values() for f in r.fields
               if f.type in (schema.CHOICE, schema.WORDS)]
    assert choices
    for field in choices:
        if version == schema.SCHEMA_VERSION:
            assert any(field.vocabulary is v for v in VOCABULARIES), field.name
        else:  # an older version's vocabulary is part of the newest one's
            assert any(set(field.vocabulary) <= set(v) for v in VOCABULARIES), field.name


def test_schema_1_is_schema_2_without_its_new_fields_and_freedoms():
    old, new = schema.VERSIONS[1], schema.VERSIONS[2]
    assert set(new) - set(old) == {"vocabulary"}
    added = {(kind, f.name) for kind in old for f in new[kind].fields} - \
        {(kind, f.name) for kind in old for f in old[kind].fields}
    assert added == {("claim", "party_text"), ("claim", "id"), ("claim", "supersedes"),
                     ("claim", "within"), ("claim", "best"), ("file", "vocabulary")}
    assert old["date"].field("precision").vocabulary == ("day", "days", "week", "month",
                                                         "season", "year")
    assert old["claim"].field("outcome").vocabulary == ("killed", "wounded", "captured",
                                                        "strength")
    assert [f.name for f in old["event"].fields if f.required] == ["id", "date", "section",
                                                                   "type", "summary"]
    assert [f.name for f in new["event"].fields if f.required] == ["id", "summary"]
    assert not any(f.extends or f.nullable for r in old.values() for f in r.fields)


def test_every_field_is_described_and_typed_and_every_reference_names_a_kind():
    types = {schema.TEXT, schema.INTEGER, schema.NUMBER, schema.DAY, schema.ID,
             schema.REFERENCE, schema.CHOICE, *schema.LISTS, schema.RECORD}
    vocabularies = {f.name for f in schema.VOCABULARY.fields}
    for record in schema.RECORDS_BY_KIND.values():
        assert sorted(record.read_order or ()) in ([], sorted(f.name for f in record.fields))
        for field in record.fields:
            assert field.type in types and field.description, (record.kind, field.name)
            if field.type in (schema.REFERENCE, schema.REFERENCES):
                assert field.of in ("party", "claim", *VALID), field.name
            if field.extends:
                assert field.type == schema.CHOICE and field.extends in vocabularies
            if field.type in (schema.RECORD, schema.RECORDS):
                assert field.of in schema.RECORDS_BY_KIND, field.name


def test_the_model_records_have_the_fields_of_the_schema():
    for record in schema.RECORDS_BY_KIND.values():
        if record.model is not None:
            names = {f.name for f in record.fields}
            assert names <= set(record.model._fields), record.kind
            # Set by the readers of standard datasets (load/tables.py), never by YAML;
            # `dataset` by the reader of several datasets (load/readers.py).
            assert set(record.model._fields) - names <= {
                "event", "attribution", "inconsistent", "where_description",
                "source_article", "roles", "dataset"}, record.kind


def dataset(kind: str, record: str, version: int = 1) -> str:
    """Return a valid dataset whose record of KIND is RECORD (a flow mapping)."""
    sections = dict(VALID)
    sections[kind] = sections[kind].split("\n")[0] + f"\n  - {record}\n"
    return f"schema_version: {version}\n" + "".join(sections.values())


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", sorted(VALID))
def test_required_fields_are_reported_missing_with_the_exact_message(kind, version):
    record = schema.VERSIONS[version][kind]
    text = dataset(kind, "{}", version)
    line = text.splitlines().index("  - {}") + 1
    missing = ", ".join(repr(f.name) for f in record.fields if f.required)
    assert f"f.yaml:{line}:5: {record.what} is missing {missing}" in problems(text)


def test_schema_1_still_requires_what_it_required():
    assert problems(dataset("event", "{}")) == [
        "f.yaml:11:5: an event is missing 'id', 'date', 'section', 'type', 'summary'"]
    assert problems(dataset("source", "{id: m2, name: M}")) == [
        "f.yaml:7:5: a source is missing 'kind'"]
    assert problems(dataset("actor", "{id: a, name: A}")) == [
        "f.yaml:5:5: an actor is missing 'side'"]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", sorted(VALID))
def test_an_unknown_field_is_reported_with_the_fields_expected(kind, version):
    record = schema.VERSIONS[version][kind]
    valid = VALID[kind].split("\n")[1].removeprefix("  - ")
    found = problems(dataset(kind, valid.replace("{", "{colour: red, ", 1), version))
    assert len(found) == 1, found
    assert found[0].endswith(f": unknown field 'colour' in {record.what} (expected: "
                             f"{', '.join(record.names())})")


@pytest.mark.parametrize("version", VERSIONS)
def test_the_valid_records_are_valid(version):
    assert problems(f"schema_version: {version}\n" + "".join(VALID.values())) == []


def test_the_sections_are_the_file_records_fields():
    assert schema.sections(1) == ("sides", "actors", "sources", "places", "events", "campaign")
    assert schema.SECTIONS == schema.sections(2) == schema.sections(1) + ("vocabulary",)
    assert problems(HEAD + "battles: []\n") == [
        "f.yaml:2:1: unknown section 'battles' (expected one of: sides, actors, sources, "
        "places, events, campaign)"]
    assert problems(HEAD + "vocabulary: {}\n") == [
        "f.yaml:2:1: unknown section 'vocabulary' (expected one of: sides, actors, sources, "
        "places, events, campaign); 'vocabulary' is new in schema 2: write schema_version: 2 "
        "to use it"]
    assert problems("schema_version: 2\nbattles: []\n") == [
        "f.yaml:2:1: unknown section 'battles' (expected one of: sides, actors, sources, "
        "places, events, campaign, vocabulary)"]


# Of two fields given one node (an alias), the one read first reports the node's own
# problems and the other the alias: these pin the order fields have always been read in.
ALIASED = [
    (VALID["side"] + "actors:\n  - {id: a, name: A, side: s, note: &x [n], aliases: *x}\n",
     ["f.yaml:7:37: actor note must be a single value, not a list",
      "f.yaml:7:37: anchors and aliases (&name, *name) are not allowed: the value anchored "
      "here is used again"]),
    ("places:\n  - {id: p, name: P, kind: &x [n], note: *x}\n",
     ["f.yaml:5:28: anchors and aliases (&name, *name) are not allowed: the value anchored "
      "here is used again",
      "f.yaml:5:28: place note must be a single value, not a list"]),
    (VALID["side"] + "campaign:\n  name: C\n  claims:\n    - {source: m, party: s, outcome: "
     "killed, as_reported: &x '3', low: *x}\n",
     ["f.yaml:9:59: anchors and aliases (&name, *name) are not allowed: the value anchored "
      "here is used again",
      "f.yaml:9:59: claim low must be a whole number written in plain decimal (like 36), "
      "not '3'"]),
]


@pytest.mark.parametrize(("body", "expected"), ALIASED)
def test_fields_are_read_in_their_historical_order(body, expected):
    context = HEAD + VALID["source"]
    assert problems(context + body) == expected


def test_the_documented_field_tables_are_made_from_the_schema():
    doc = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- fields: (\w+)\b[^\n]*-->\n(.*?)\n<!-- end fields -->", doc, re.S)
    assert sorted(kind for kind, _ in blocks) == sorted(schema.RECORDS_BY_KIND)
    for kind, table in blocks:
        assert table == schema.fields_table(kind), "run scripts/update_docs.py"
