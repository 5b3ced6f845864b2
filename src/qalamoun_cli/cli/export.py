"""`qalamoun export KIND ...`: the dataset in another form, one subcommand per form.

A Typer app of its own, not one command with a KIND argument: each form takes its own
target and options (`export sqlite OUT.db`, later `export datapackage DIR`), and each gets
its own --help with its own examples.
"""

from typing import Annotated

import typer

from qalamoun_cli.cli.parsing import QalamounCommand, QalamounGroup

export = typer.Typer(
    name="export",
    cls=QalamounGroup,
    help="Write the whole dataset to a file in another form.\n\n"
         "One subcommand per form, each with its own --help: 'qalamoun export sqlite "
         "OUT.db' writes an SQLite database for Datasette, sqlite-utils or sqlite3.\n\n"
         "Examples:\n\n  qalamoun export sqlite qalamoun.db\n\n"
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
        "--force", help="Replace OUT.db if it exists (it is kept as it was if writing "
                        "fails).")] = False,
) -> None:
    """Write the dataset as one SQLite database file.

    For Datasette, sqlite-utils or sqlite3: every event, place, actor, side, source,
    claim and quantity, with readable column names, ISO dates as text, latitude/longitude
    where a source gives coordinates, foreign keys, and views (claims_side_by_side,
    claims_with_names, campaign_claims, events_with_places, parties). The file is written
    whole or not at all; an existing OUT.db is refused unless --force.

    Examples:

      qalamoun export sqlite qalamoun.db && datasette qalamoun.db

      qalamoun --data my-chronology/ export sqlite mine.db --force
    """
    import os

    from qalamoun_cli import __version__
    from qalamoun_cli.cli.messages import path_shown
    from qalamoun_cli.cli.options import Settings, chronology, file_target
    from qalamoun_cli.dataset import SHIPPED_LICENCE, is_part_of, is_shipped
    from qalamoun_cli.errors import OutputError, UsageProblem
    from qalamoun_cli.render.sqlite_db import About, write_database

    path = file_target(out, "OUT.db")
    exists = UsageProblem(f"{path_shown(out)}: already exists; add --force to replace it")
    settings: Settings = ctx.obj
    if is_part_of(path, settings.data):
        raise UsageProblem(f"{path_shown(out)}: is a file of the dataset being exported; "
                           f"write the database elsewhere")  # even with --force
    if not force and os.path.lexists(path):
        raise exists  # before loading: the answer is the same, and at once
    data = chronology(ctx)
    if is_shipped(settings.data):
        about = About(f"the dataset shipped with qalamoun {__version__}", SHIPPED_LICENCE)
    else:
        about = About(data.origin, "unknown")
    try:
        write_database(path, data, about, replace=force)
    except FileExistsError:
        raise exists from None  # created by someone else while this one was written
    except OSError as exc:
        raise OutputError(f"{path_shown(out)}: cannot write: {exc.strerror or exc}") from None
    print(f"{path_shown(out)}: {len(data.events)} events, {len(data.all_claims())} claims, "
          f"{len(data.places)} places, {len(data.actors)} actors, {len(data.sides)} sides, "
          f"{len(data.sources)} sources")
