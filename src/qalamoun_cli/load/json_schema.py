"""A JSON Schema (draft-07) of the YAML format, made from the record tables of load/schema.py.

Editors read it to check and complete chronology files as they are typed (docs/data-format.md
says how). It is made from the same tables the loader reads every field by, never written
by hand, so it follows the format. It checks each value on its own; what ties records or
fields together (references, unique ids, a date's span and precision, low <= high,
coordinates set together, the words a dataset adds to a vocabulary) only `qalamoun validate`
checks, and validate stays the authority.
"""

from __future__ import annotations

import re
from typing import Any

from qalamoun_cli.load import schema
from qalamoun_cli.load.schema import VERSIONS, Field, Record

DRAFT = "http://json-schema.org/draft-07/schema#"


def _pattern(compiled: re.Pattern[str]) -> str:
    # The loader's own patterns, anchored as JSON Schema's (ECMA 262) regexes are written.
    return "^" + compiled.pattern.removesuffix(r"\Z") + "$"


def _patterns() -> tuple[str, str]:
    from qalamoun_cli.load.build import _WORD
    from qalamoun_cli.load.nodes import _ID

    return _pattern(_ID), _pattern(_WORD)


def _value(version: int, field: Field) -> dict[str, Any]:
    """Return the schema of one value of FIELD (an item, for a list)."""
    from qalamoun_cli.load.nodes import MAX_INT

    slug, word = _patterns()
    kind = field.type
    if kind == schema.TEXT and field.required:
        return {"type": "string", "pattern": r"\S"}  # not blank
    if kind in (schema.TEXT, schema.TEXTS):
        return {"type": "string", "pattern": r"\S"} if kind == schema.TEXTS \
            else {"type": "string"}
    if kind == schema.INTEGER:
        return {"type": "integer", "minimum": 0, "maximum": MAX_INT}
    if kind == schema.NUMBER:
        low, high = field.limits or (None, None)
        made: dict[str, Any] = {"type": "number"}
        if field.limits:
            made.update(minimum=low, maximum=high)
        return made
    if kind == schema.DAY:
        return {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"}
    if kind in (schema.ID, schema.REFERENCE, schema.REFERENCES):
        return {"type": "string", "pattern": slug}
    if kind == schema.CHOICE:
        if field.extends and version >= 2:
            # A dataset may add words (its `vocabulary:`): the built-in ones are offered.
            return {"type": "string", "anyOf": [{"enum": list(field.vocabulary)},
                                                {"pattern": word}]}
        return {"enum": list(field.vocabulary)}
    if kind == schema.WORDS:
        return {"type": "string", "pattern": word, "not": {"enum": list(field.vocabulary)}}
    if kind in (schema.RECORD, schema.RECORDS):
        return {"$ref": f"#/definitions/{_name(version, field.of)}"}
    raise AssertionError(f"no JSON Schema for field type {kind!r}")


def _field(version: int, record: Record, field: Field) -> dict[str, Any]:
    if record.kind == "file" and field.name == "schema_version":
        return {"const": version, "description": field.description}
    value = _value(version, field)
    if field.type in schema.LISTS:
        made: dict[str, Any] = {"type": "array", "items": value}
        if field.type in (schema.REFERENCES, schema.WORDS):
            made["uniqueItems"] = True
    elif field.nullable or not field.required:
        # An optional field may be written null (`parent: null`), as may a required one
        # that says a bound is unknown.
        made = {"anyOf": [value, {"type": "null"}]}
    else:
        made = dict(value)
    made["description"] = field.description
    return made


def _name(version: int, kind: str) -> str:
    return f"schema-{version}-{kind}"


def _record(version: int, record: Record) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _field(version, record, f) for f in record.fields},
        "required": [f.name for f in record.fields if f.required],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a chronology file of any schema version."""
    definitions = {_name(version, kind): _record(version, record)
                   for version, records in VERSIONS.items() for kind, record in records.items()}
    newest = max(VERSIONS)
    return {
        "$schema": DRAFT,
        "title": "qalamoun chronology file",
        "description": "One YAML file of a qalamoun dataset (docs/data-format.md). Each value "
                       "is checked on its own; references, unique ids, date spans and the "
                       "other rules between fields are checked by `qalamoun validate`.",
        "type": "object",
        "required": ["schema_version"],
        "properties": {"schema_version": {"enum": sorted(VERSIONS)}},
        # Each file is read by the rules of the version it declares.
        "allOf": [{"if": {"properties": {"schema_version": {"const": version}}},
                   "then": {"$ref": f"#/definitions/{_name(version, 'file')}"}}
                  for version in sorted(VERSIONS)],
        "definitions": definitions,
        "$comment": f"Generated by `qalamoun schema` from load/schema.py (schema versions "
                    f"{', '.join(map(str, sorted(VERSIONS)))}; newest {newest}).",
    }
