"""One dataset from YAML files and standard-dataset CSV files (a folder may hold both), and
several datasets read together."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qalamoun_cli.errors import DataError, Problem
from qalamoun_cli.model import Chronology, Event

if TYPE_CHECKING:
    from qalamoun_cli.cache import Cache

# One part of what is merged: its records, its problems, what names its files (for a
# record whose declaration is not known) and what an id must be unique across.
Part = tuple[Chronology, list[Problem], str]


def check_datasets(groups: list[list[tuple[str, bytes]]], skip_invalid: bool = False,
                   prepare: bool = True,
                   ) -> tuple[Chronology, list[Problem], dict[str, int]]:
    """Check each dataset of GROUPS (its files: name, content) on its own, then all as one.

    Each record keeps the index of its dataset; an id in two datasets is an error naming
    both files. Returns as check_any does. PREPARE: make what the compile will need while
    reading, where that is cheaper (check_files); False when nothing compiles the result.
    """
    parts: list[Part] = []
    skipped: dict[str, int] = {}
    for index, files in enumerate(groups):
        chronology, problems, left_out = check_any(files, skip_invalid, prepare)
        if index:
            _in_dataset(chronology, index)
        parts.append((chronology, problems, _files_named(files)))
        skipped.update(left_out)
    if len(parts) == 1:
        merged, problems = parts[0][0], parts[0][1]
    else:
        merged, problems = _merged(parts, "datasets")
    merged.declared_at = None  # only clashes need it; it holds every id's line
    return merged, problems, skipped


def _files_named(files: list[tuple[str, bytes]]) -> str:
    return files[0][0] if len(files) == 1 else f"one of {', '.join(n for n, _ in files)}"


def _in_dataset(chronology: Chronology, index: int) -> None:
    """Mark every record of CHRONOLOGY as one of the dataset INDEX (the last field)."""
    new = tuple.__new__
    for table in (chronology.places, chronology.actors, chronology.sources):
        for key, record in table.items():
            table[key] = new(type(record), (*record[:-1], index))
    chronology.events = [new(Event, (*e[:-1], index)) for e in chronology.events]


def check_any(files: list[tuple[str, bytes]], skip_invalid: bool = False,
              prepare: bool = True) -> tuple[Chronology, list[Problem], dict[str, int]]:
    """Check FILES (name, content) as one dataset: YAML by the schema, CSV by its header.

    Returns the chronology, every problem sorted (warnings among them) and the rows left
    out by SKIP_INVALID, by file. YAML problems are never skipped. PREPARE: as
    check_datasets.
    """
    from qalamoun_cli.load.tables import is_table

    tables = [f for f in files if is_table(f[0])]
    texts = [f for f in files if not is_table(f[0])]
    parts: list[Part] = []
    skipped: dict[str, int] = {}
    if texts or not tables:
        from qalamoun_cli.load.build import check_files

        parts.append((*check_files(texts, prepare=prepare),
                      _files_named(texts) if texts else "no file"))
    if tables:
        chronology, problems, skipped = read_tables(tables, skip_invalid)
        parts.append((chronology, problems, _files_named(tables)))
    if len(parts) == 1:
        return parts[0][0], parts[0][1], skipped
    return (*_merged(parts, "files of a dataset"), skipped)


def _merged(parts: list[Part], across: str) -> tuple[Chronology, list[Problem]]:
    """Return PARTS as one chronology; an id in two of them is an error, one per id.

    The error is where the later part declares the id, and names where the earlier one
    does (file:line where the reader knows it, else the part's files). Nothing is merged:
    two places of one name in two parts stay two places.
    """
    from qalamoun_cli.store import in_display_order

    problems = [p for part in parts for p in part[1]]
    first = parts[0][0]
    merged = Chronology({}, {}, {}, {}, [], first.campaign, vocabulary=dict(first.vocabulary))
    owner: dict[tuple[str, str], tuple[int, str]] = {}  # (namespace, id): part, kind
    events: list[Event] = []
    campaign_of = 0
    for index, (part, _, _) in enumerate(parts):
        # Sides and actors share a namespace: a claim's party may name either.
        for kind, namespace, records, into in (
                ("side", "party", part.sides, merged.sides),
                ("actor", "party", part.actors, merged.actors),
                ("source", "source", part.sources, merged.sources),
                ("place", "place", part.places, merged.places),
                ("event", "event", {e.id: e for e in part.events}, None)):
            for record_id, record in records.items():
                seen = owner.setdefault((namespace, record_id), (index, kind))
                if seen[0] != index:
                    problems.append(_clash(parts, seen, (index, kind), record_id, across))
                elif into is not None:
                    into[record_id] = record
        events.extend(e for e in part.events if owner[("event", e.id)][0] == index)
        if index and part.campaign is not None:
            if merged.campaign is not None:
                problems.append(_clash(parts, (campaign_of, "campaign"), (index, "campaign"),
                                       "", across))
            else:
                merged.campaign, campaign_of = part.campaign, index
        for name, words in part.vocabulary.items() if index else ():
            merged.vocabulary[name] = merged.vocabulary.get(name, ()) + tuple(
                w for w in words if w not in merged.vocabulary.get(name, ()))
    merged.events = in_display_order(events)
    return merged, sorted(problems)


def _clash(parts: list[Part], first: tuple[int, str], then: tuple[int, str], record_id: str,
           across: str) -> Problem:
    """Return the error for RECORD_ID, declared by the parts FIRST and THEN (index, kind)."""

    def where(index: int, kind: str) -> tuple[str, int]:
        part, _, files = parts[index]
        found = part.declared_at(kind, record_id) if part.declared_at is not None else None
        return found or (files, 0)

    file, line = where(*then)
    earlier, at = where(*first)
    earlier = f"{earlier}:{at}" if at else earlier
    if then[1] == "campaign":
        return Problem(file, line, 0, f"the campaign is already defined in {earlier}: one "
                                      f"campaign across the {across}")
    what = "" if then[1] == first[1] else f"a {first[1]} "
    return Problem(file, line, 0, f"{then[1]} id {record_id!r} is already {what}in {earlier}: "
                                  f"an id names one record across the {across}")


def compile_tables(files: list[tuple[str, bytes]], cache: Cache, digest: str) -> bool:
    """Read FILES, if they are all CSV, straight into CACHE's database for DIGEST.

    Each row's event is written as it is read, so memory does not grow with the rows.
    Returns whether the database was compiled: False when FILES are not all CSV or the
    cache cannot be written (read them with check_any then). Raises DataError with every
    error found, as check_any's caller does; the unfinished database is removed.
    """
    from qalamoun_cli.load.tables import is_table

    if not files or not all(is_table(name) for name, _ in files):
        return False

    def write(conn: Any) -> list[str]:
        from qalamoun_cli.compiled import Staging, write_database
        from qalamoun_cli.load.table_parts import Serial

        staging = Staging(conn)
        try:
            chronology, problems, _ = read_tables(files, staging=staging)
        except Serial:  # the shares could not be merged: one process reads them again
            staging.drop()
            staging = Staging(conn)
            chronology, problems, _ = read_tables(files, staging=staging, parts=1)
        errors = [p for p in problems if not p.warning]
        if errors:
            raise DataError(errors)
        return write_database(conn, chronology, digest, staging)

    return cache.build(digest, write)


def read_tables(files: list[tuple[str, bytes]], skip_invalid: bool = False,
                sink: Callable[[Event], None] | None = None, *, staging: Any = None,
                parts: int | None = None, split_above: int | None = None,
                method: str | None = None,
                ) -> tuple[Chronology, list[Problem], dict[str, int]]:
    """Read CSV and GeoJSON FILES as one dataset; return it, every problem, rows skipped.

    With SINK, each event goes there as it is read, in file order, and the chronology
    returned has none. With STAGING (compiled.Staging) instead, a CSV file of more than
    SPLIT_ABOVE bytes (default parallel.THRESHOLD) is read in PARTS processes (default:
    as the CPUs allow; METHOD: how to start them) where Staging can take their rows;
    raises table_parts.Serial when they cannot be merged (read again with PARTS=1).
    """
    import gc
    from functools import partial

    from qalamoun_cli.load import acled, ged, parallel, table_parts
    from qalamoun_cli.load.tables import TableReader, is_geojson

    split = None
    if staging is not None:
        sink = staging.add
        parts = parallel.default_parts() if parts is None else parts
        if staging.sql and not skip_invalid and parts > 1:
            split = partial(table_parts.read_file, parts=parts, staging=staging,
                            method=method)
    large = parallel.THRESHOLD if split_above is None else split_above

    # As in build._check: nothing here is a cycle, and the collector would only walk
    # every record again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        reader = TableReader(skip_invalid, sink)
        for name, raw in files:
            if is_geojson(name):
                from qalamoun_cli.load import geojson

                geojson.read_file(reader, name, raw)
            else:
                reader.read_file(name, raw, (ged, acled),
                                 split if len(raw) >= max(large, 1) else None)
        return reader.finish(), sorted(reader.problems), reader.skipped
    finally:
        if collecting:
            gc.enable()
