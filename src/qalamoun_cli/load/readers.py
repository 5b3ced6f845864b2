"""One dataset from YAML files and standard-dataset CSV files (a folder may hold both)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qalamoun_cli.errors import DataError, Problem
from qalamoun_cli.model import Chronology, Event

if TYPE_CHECKING:
    from qalamoun_cli.cache import Cache


def check_any(files: list[tuple[str, bytes]], skip_invalid: bool = False,
              ) -> tuple[Chronology, list[Problem], dict[str, int]]:
    """Check FILES (name, content) as one dataset: YAML by the schema, CSV by its header.

    Returns the chronology, every problem sorted (warnings among them) and the rows left
    out by SKIP_INVALID, by file. YAML problems are never skipped.
    """
    from qalamoun_cli.load.tables import is_table

    tables = [f for f in files if is_table(f[0])]
    texts = [f for f in files if not is_table(f[0])]
    parts: list[tuple[Chronology, list[Problem], str]] = []
    skipped: dict[str, int] = {}
    if texts or not tables:
        from qalamoun_cli.load.build import check_files

        parts.append((*check_files(texts), "the YAML files"))
    if tables:
        chronology, problems, skipped = read_tables(tables, skip_invalid)
        parts.append((chronology, problems, tables[0][0] if len(tables) == 1
                      else "the CSV files"))
    if len(parts) == 1:
        return parts[0][0], parts[0][1], skipped
    return (*_merged(parts), skipped)


def _merged(parts: list[tuple[Chronology, list[Problem], str]],
            ) -> tuple[Chronology, list[Problem]]:
    """Return the YAML part and the CSV part as one chronology; an id in both is an error."""
    from qalamoun_cli.store import in_display_order

    (first, problems, first_name), (second, more, second_name) = parts
    problems = problems + more
    folder = second_name if second_name != "the CSV files" else first_name
    for kind, mine, theirs in (("place", first.places, second.places),
                               ("actor", first.actors, second.actors),
                               ("source", first.sources, second.sources),
                               ("event", {e.id: e for e in first.events},
                                {e.id: e for e in second.events})):
        for clash in sorted(mine.keys() & theirs.keys()):
            problems.append(Problem(folder, 0, 0, f"{kind} id {clash!r} is both in "
                                                  f"{first_name} and in {second_name}"))
    vocabulary = dict(first.vocabulary)
    for name, words in second.vocabulary.items():
        vocabulary[name] = vocabulary.get(name, ()) + tuple(
            w for w in words if w not in vocabulary.get(name, ()))
    merged = Chronology(first.sides, {**second.actors, **first.actors},
                        {**second.sources, **first.sources}, {**second.places, **first.places},
                        in_display_order([*first.events, *second.events]), first.campaign,
                        vocabulary=vocabulary)
    return merged, sorted(problems)


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

        staging = Staging(conn)
        chronology, problems, _ = read_tables(files, sink=staging.add)
        errors = [p for p in problems if not p.warning]
        if errors:
            raise DataError(errors)
        return write_database(conn, chronology, digest, staging.ordered())

    return cache.build(digest, write)


def read_tables(files: list[tuple[str, bytes]], skip_invalid: bool = False,
                sink: Callable[[Event], None] | None = None,
                ) -> tuple[Chronology, list[Problem], dict[str, int]]:
    """Read CSV FILES as one dataset; return it, every problem sorted, and rows skipped.

    With SINK, each event goes there as it is read, in file order, and the chronology
    returned has none.
    """
    import gc

    from qalamoun_cli.load import acled, ged
    from qalamoun_cli.load.tables import TableReader

    # As in build._check: nothing here is a cycle, and the collector would only walk
    # every record again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        reader = TableReader(skip_invalid, sink)
        for name, raw in files:
            reader.read_file(name, raw, (ged, acled))
        return reader.finish(), sorted(reader.problems), reader.skipped
    finally:
        if collecting:
            gc.enable()
