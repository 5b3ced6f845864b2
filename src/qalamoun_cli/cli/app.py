"""The app: its group options and the one list of commands.

Heavy libraries (yaml, rapidfuzz, rich.table) are imported inside the commands that need
them, so that --help and shell completion stay instant.
"""

import os
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from qalamoun_cli import __version__
from qalamoun_cli.cli.messages import PROG
from qalamoun_cli.cli.options import DataPaths, Settings, data_paths
from qalamoun_cli.cli.parsing import QalamounGroup, QalamounTyper
from qalamoun_cli.cli.process import COMPLETE_VAR
from qalamoun_cli.errors import exit_codes_epilog

# Every command and the module of cli/ that holds it, in the order --help lists them. A
# command with subcommands (export) is a Typer app of that name: Typer lists those last.
COMMANDS = (("timeline", "timeline"), ("place", "place"), ("casualties", "casualties"),
            ("validate", "validate"), ("show", "show"), ("places", "listings"),
            ("actors", "listings"), ("sources", "listings"), ("stats", "stats"),
            ("schema", "schema"), ("search", "search"), ("export", "export"))


def commands(argv: list[str] | None = None) -> list[Callable[..., None]]:
    """Return the command functions to register: only the one ARGV runs, when it names one.

    Each command's module is imported only then: a run pays for its own command, not for
    the others (their options and help), and Typer inspects only its signature (~25 ms for
    all of them). --help, completion and a mistyped command need them all.
    """
    import importlib

    from qalamoun_cli.cli.argv import split

    wanted = None
    if argv is not None and not os.environ.get(COMPLETE_VAR):
        wanted = split(argv, strict=False).command
    chosen = [c for c in COMMANDS if c[0] == wanted] or COMMANDS
    return [getattr(importlib.import_module(f"qalamoun_cli.cli.{module}"), name)
            for name, module in chosen]


app = QalamounTyper(
    commands,
    cls=QalamounGroup,
    name=PROG,
    help="Explore the chronology of the Qalamoun offensive (Syria–Lebanon border, 2015): "
         "what happened when, where (however it is spelled), and who claimed how many "
         "casualties.",
    epilog=exit_codes_epilog(),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def _main_options(
    ctx: typer.Context,
    # Text, not Path: Click's path checks would call an unreadable file a usage error (we
    # say 66), and would read an empty value as the current folder.
    data: Annotated[list[str] | None, typer.Option(
        "--data", envvar="QALAMOUN_DATA", show_envvar=True, metavar="PATH",
        click_type=DataPaths(),
        help="Dataset to use: a folder of YAML files like data/, one YAML file, a UCDP "
             "GED or ACLED CSV file (.csv, .csv.gz), or GED as GeoJSON (.geojson, "
             ".geojson.gz); CSV and GeoJSON also inside the folder; before or "
             "after the command. Repeat it to read several datasets together (ids must "
             f"not clash); QALAMOUN_DATA joins them with {os.pathsep!r}. Default: the "
             "shipped Qalamoun 2015 dataset.",
    )] = None,
    skip_invalid: Annotated[bool, typer.Option(
        "--skip-invalid",
        help="Leave out the rows of a GED or ACLED CSV file that cannot be read (saying on "
             "stderr how many; 'validate' lists them) instead of refusing the file.",
    )] = False,
    # Read from argv by cli.process, which needs it even when the error comes before this
    # callback runs; declared here so that it is parsed and documented.
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an internal error.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    import click

    source = ctx.get_parameter_source("data")
    from_environment = source is click.core.ParameterSource.ENVIRONMENT
    ctx.obj = Settings(data_paths(data, from_environment), skip_invalid,
                       typed=source is click.core.ParameterSource.COMMANDLINE)


def main() -> None:
    """Run the command line (the `qalamoun` entry point calls this)."""
    app.register(commands(sys.argv[1:]))
    app(prog_name=PROG)
