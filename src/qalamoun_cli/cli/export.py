"""`qalamoun export KIND ...`: the dataset in another form, one subcommand per form.

A Typer app of its own, not one command with a KIND argument: each form takes its own
target and options (`export sqlite OUT.db`, `export datapackage DIR`), and each gets
its own --help with its own examples.
"""

from pathlib import Path
from typing import Annotated

import typer

from qalamoun_cli.cli.parsing import QalamounCommand, QalamounGroup

export = typer.Typer(
    name="export",
    cls=QalamounGroup,
    help="Write the whole dataset to a file in another form.\n\n"
         "One subcommand per form, each with its own --help: 'qalamoun export sqlite "
         "OUT.db' writes an SQLite database for Datasette, sqlite-utils or sqlite3; "
         "'qalamoun export datapackage DIR' a Frictionless Data Package (CSV files and "
         "their Table Schemas).\n\n"
         "Examples:\n\n  qalamoun export sqlite qalamoun.db\n\n"
         "  qalamoun export datapackage qalamoun-package/\n\n"
         "  qalamoun export sqlite --help",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@export.command("sqlite", cls=QalamounCommand)
def sqlite(
    ctx: typer.Context,
    out: Annotated[str, typer.Argument(
        metavar="OUT.db", help="The database file to write.", show_default=False)],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace OUT.db if it exists, even read-only; a symbolic link "
                        "there is replaced itself, never the file it points to. A failed "
                        "write keeps the old file.")] = False,
) -> None:
    """Write the dataset as one SQLite database file.

    For Datasette, sqlite-utils or sqlite3: every event, place, actor, side, source,
    claim and quantity, with readable column names, ISO dates as text, latitude/longitude
    where a source gives coordinates, foreign keys, and views (claims_side_by_side,
    claims_with_names, campaign_claims, events_with_places, parties). The file is written
    whole or not at all: into a temporary file beside it, renamed into place, and removed
    if writing fails or is interrupted (Ctrl-C, SIGTERM, SIGHUP). An existing OUT.db, or a
    symbolic link of that name, is refused unless --force. OUT.db cannot be '-': SQLite
    writes a file, not a stream.

    Examples:

      qalamoun export sqlite qalamoun.db && datasette qalamoun.db

      qalamoun --data my-chronology/ export sqlite mine.db --force
    """
    import os

    from qalamoun_cli.cli.messages import path_shown
    from qalamoun_cli.cli.options import Settings, chronology, file_target, in_a_folder
    from qalamoun_cli.dataset import is_part_of
    from qalamoun_cli.errors import OutputError, UsageProblem
    from qalamoun_cli.render.sqlite_db import About, write_database
    from qalamoun_cli.terms import dataset_terms

    if out == "-":
        raise UsageProblem("OUT.db: '-' (the standard output) cannot take a database: SQLite "
                           "reads and writes its file in place; give a file name")
    settings: Settings = ctx.obj
    if is_part_of(Path(out), settings.data):
        raise UsageProblem(f"{path_shown(out)}: is a file of the dataset being exported; "
                           f"write the database elsewhere")  # even with --force, even a link
    # A link is a name like any other here (replaced itself, its target never written), so
    # what it points to (a folder, a device) is no reason to refuse it.
    path = Path(out) if os.path.islink(out) else file_target(out, "OUT.db")
    if not force and os.path.lexists(path):
        raise UsageProblem(_exists(out, path))  # before loading: the same answer, at once
    in_a_folder(path, out)
    data = chronology(ctx)
    terms = dataset_terms(settings.data, data)
    about = About(terms.origin, terms.licence)
    try:
        write_database(path, data, about, replace=force)
    except FileExistsError:
        # Created by someone else while this one was written.
        raise UsageProblem(_exists(out, path)) from None
    except OSError as exc:
        raise OutputError(f"{path_shown(out)}: cannot write: {exc.strerror or exc}") from None
    print(f"{path_shown(out)}: {len(data.events)} events, {len(data.all_claims())} claims, "
          f"{len(data.places)} places, {len(data.actors)} actors, {len(data.sides)} sides, "
          f"{len(data.sources)} sources")


def _exists(out: str, path: Path) -> str:
    """Say what is already at OUT (a file, or a link and whether its target exists)."""
    import os

    from qalamoun_cli.cli.messages import path_shown

    if not os.path.islink(path):
        return f"{path_shown(out)}: already exists; add --force to replace it"
    target = "" if os.path.exists(path) else " (to a missing file)"
    return (f"{path_shown(out)}: is a symbolic link{target}; add --force to replace the link "
            f"itself (the file it points to is never written)")


@export.command("datapackage", cls=QalamounCommand)
def datapackage(
    ctx: typer.Context,
    folder: Annotated[str, typer.Argument(
        metavar="DIR", help="The folder to write (created if absent).", show_default=False)],
    force: Annotated[bool, typer.Option(
        "--force", help="Write into DIR even if it is not empty: files of the same names "
                        "are replaced, others left as they are.")] = False,
) -> None:
    """Write the dataset as a Frictionless Data Package: datapackage.json and a CSV per table.

    The tables of 'export sqlite' (dataset, sides, actors, sources, places, events,
    event_places, event_actors, event_sources, claims, quantities), one CSV file each
    (UTF-8, an empty cell where a value is unknown), described in datapackage.json by a
    Table Schema each: field types (dates as dates), descriptions, primary keys, unique and
    required fields, and foreign keys (claims to events, sources, actors and sides; events
    to places through event_places). The descriptor carries the dataset's licence and
    sources: the shipped data is CC BY-SA 4.0, from the Wikipedia article; UCDP GED data
    CC BY 4.0 with UCDP's citation. Each file is written whole (through a temporary file
    beside it). A DIR that is not empty is refused unless --force. Check the package
    with 'frictionless validate DIR/datapackage.json'.

    Examples:

      qalamoun export datapackage qalamoun-package/

      qalamoun --data GEDEvent_v23_1.csv export datapackage ged-package/
    """
    import os

    from qalamoun_cli.cli.messages import path_shown
    from qalamoun_cli.cli.options import Settings, chronology, in_a_folder
    from qalamoun_cli.dataset import is_part_of
    from qalamoun_cli.errors import OutputError, UsageProblem
    from qalamoun_cli.render.datapackage import package
    from qalamoun_cli.stdio import FdWriter, write_whole
    from qalamoun_cli.terms import dataset_terms

    if not folder.strip():
        raise UsageProblem("DIR: the path is empty")
    if folder == "-":
        raise UsageProblem("DIR: '-' (the standard output) cannot take a package of files; "
                           "give a folder")
    path = Path(folder)
    if os.path.lexists(path) and not path.is_dir():
        raise UsageProblem(f"{path_shown(folder)}: is not a folder; give a folder (it is "
                           f"created if absent)")
    if path.is_dir() and not force and any(path.iterdir()):
        raise UsageProblem(f"{path_shown(folder)}: the folder is not empty; add --force to "
                           f"write into it (files of the same names are replaced)")
    if not path.is_dir():
        in_a_folder(path, folder)
    settings: Settings = ctx.obj
    data = chronology(ctx)
    files = package(data, dataset_terms(settings.data, data))
    for name, _ in files:
        if is_part_of(path / name, settings.data):
            raise UsageProblem(f"{path_shown(path / name)}: is a file of the dataset being "
                               f"exported; write the package elsewhere")  # even with --force
    # Every name checked before any is written: a package half replaced lists files that
    # are not its own. A symbolic link is a name like any other (replaced, never written
    # through), as in `export sqlite`.
    for name, _ in files:
        target = path / name
        if os.path.lexists(target) and not os.path.islink(target) and not target.is_file():
            raise UsageProblem(f"{path_shown(target)}: is not a regular file; remove it, or "
                               f"write the package elsewhere")
    try:
        path.mkdir(exist_ok=True)
        for name, content in files:
            write_whole(path / name, lambda fd, _, data=content: FdWriter(fd).write(data),
                        follow_link=False)
    except OSError as exc:
        raise OutputError(f"{path_shown(folder)}: cannot write: {exc.strerror or exc}"
                          ) from None
    print(f"{path_shown(folder)}: datapackage.json and {len(files) - 1} CSV files: "
          f"{len(data.events)} events, {len(data.all_claims())} claims, {len(data.places)} "
          f"places, {len(data.actors)} actors, {len(data.sides)} sides, {len(data.sources)} "
          f"sources")
