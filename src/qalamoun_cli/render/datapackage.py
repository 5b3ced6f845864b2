"""The dataset as a Frictionless Data Package: a CSV file per table, each with its Table Schema.

The tables are the SQLite export's (render/sqlite_db.py), filled in memory and read back:
the columns, their types, NOT NULL, primary, unique and foreign keys, the CHECK (x IN ...)
lists and the column comments all come from that one schema, never written twice. The
descriptor carries the dataset's licence and sources (terms.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from typing import Any

from qalamoun_cli.model import Chronology
from qalamoun_cli.render.sqlite_db import SCHEMA, About, fill
from qalamoun_cli.terms import Terms

DESCRIPTOR = "datapackage.json"
_TYPES = {"TEXT": "string", "INTEGER": "integer", "REAL": "number"}
# Columns whose text has a type of its own in a Table Schema.
_DATES = re.compile(r"(?:^|_)(?:start|end)_date$")
_ARRAYS = frozenset({"aliases"})  # a JSON array of strings
_BOOLEANS = frozenset({"consistent_at_source"})  # 1 or 0
_COLUMN = re.compile(r"^  (\w+) [A-Z]+\b(.*?)(?:--\s*(.*))?$")
_ENUM = re.compile(r"CHECK \((\w+) IN \(([^)]*)\)\)")


def _notes() -> tuple[dict[str, str], dict[tuple[str, str], str], dict[tuple[str, str], list]]:
    """Return each table's comment, each column's comment and each column's allowed values."""
    tables: dict[str, str] = {}
    columns: dict[tuple[str, str], str] = {}
    allowed: dict[tuple[str, str], list] = {}
    table = column = None
    for line in SCHEMA.splitlines():
        if line.startswith("CREATE TABLE "):
            table, column = line.split()[2], None
        elif line.startswith(("CREATE ", ");")):
            table = None
        elif table is not None and line.strip().startswith("--"):
            words = line.strip()[2:].strip()
            if column is None:
                tables[table] = f"{tables[table]} {words}" if table in tables else words
            elif (table, column) in columns:
                columns[(table, column)] += " " + words
        elif table is not None and (found := _COLUMN.match(line)):
            column = found[1]
            if found[3]:
                columns[(table, column)] = found[3].strip()
            for name, values in _ENUM.findall(found[2]):
                allowed[(table, name)] = [v.strip().strip("'") for v in values.split(",")]
    return tables, columns, allowed


def _field(table: str, name: str, declared: str, required: bool, unique: bool,
           notes: tuple[dict, dict, dict]) -> dict[str, Any]:
    _, comments, allowed = notes
    field: dict[str, Any] = {"name": name, "type": _TYPES[declared]}
    if _DATES.search(name):
        field.update(type="date", format="default")
    elif name in _ARRAYS:
        field["type"] = "array"
    elif name in _BOOLEANS:
        field.update(type="boolean", trueValues=["1"], falseValues=["0"])
    if (table, name) in comments:
        field["description"] = comments[(table, name)]
    constraints = {key: True for key, on in (("required", required), ("unique", unique)) if on}
    if (table, name) in allowed:
        constraints["enum"] = allowed[(table, name)]
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(connection: sqlite3.Connection, table: str, notes: tuple[dict, dict, dict]
            ) -> dict[str, Any]:
    info = connection.execute(f"PRAGMA table_info({table})").fetchall()
    unique = set()
    for _, index, is_unique, origin, _ in connection.execute(f"PRAGMA index_list({table})"):
        names = [r[2] for r in connection.execute(f"PRAGMA index_info({index})")]
        if is_unique and origin == "u" and len(names) == 1:
            unique.add(names[0])
    keys = [name for _, name, _, _, _, pk in sorted(info, key=lambda r: r[5]) if pk]
    schema: dict[str, Any] = {
        "fields": [_field(table, name, declared, bool(notnull or pk), name in unique, notes)
                   for _, name, declared, notnull, _, pk in info],
        "missingValues": [""],
    }
    if keys:
        schema["primaryKey"] = keys
    references = connection.execute(f"PRAGMA foreign_key_list({table})").fetchall()
    if references:
        schema["foreignKeys"] = [
            # A reference to the table itself names no resource (Table Schema's rule).
            {"fields": source, "reference": {"resource": "" if other == table else other,
                                             "fields": target}}
            for _, _, other, source, target, *_ in sorted(references)]
    return schema


def _csv(connection: sqlite3.Connection, table: str) -> bytes:
    out = io.StringIO()
    cursor = connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
    # Every text quoted: the csv module leaves a lone "\r" unquoted otherwise, which no
    # reader reads back. None is an empty cell, the schemas' missing value.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([d[0] for d in cursor.description])
    writer.writerows(cursor)
    return out.getvalue().encode("utf-8")


def package(chronology: Chronology, terms: Terms) -> list[tuple[str, bytes]]:
    """Return the files of the data package of CHRONOLOGY: each name and its content."""
    connection = sqlite3.connect(":memory:")
    try:
        fill(connection, chronology, About(terms.origin, terms.licence))
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
        notes = _notes()
        files, resources = [], []
        for table in tables:
            resource = {"name": table, "path": f"{table}.csv",
                        "profile": "tabular-data-resource", "format": "csv",
                        "mediatype": "text/csv", "encoding": "utf-8"}
            if table in notes[0]:
                resource["description"] = notes[0][table]
            resource["schema"] = _schema(connection, table, notes)
            resources.append(resource)
            files.append((f"{table}.csv", _csv(connection, table)))
    finally:
        connection.close()
    campaign = chronology.campaign
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "qalamoun",
        "title": campaign.name if campaign else "qalamoun dataset",
        "description": f"{terms.origin}. Licence and "
                       f"credit: {terms.licence}",
    }
    if terms.licences:
        descriptor["licenses"] = list(terms.licences)
    if terms.sources:
        descriptor["sources"] = list(terms.sources)
    descriptor["resources"] = resources
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return [(DESCRIPTOR, text.encode("utf-8")), *files]
