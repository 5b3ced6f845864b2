"""`qalamoun validate`: every problem of a dataset, as file:line:column: message."""

from typing import Annotated

import typer

from qalamoun_cli.cli.messages import MESSAGE_SHOWN, PATH_SHOWN, say, write_stderr
from qalamoun_cli.cli.options import Settings, path_value
from qalamoun_cli.errors import ExitCode


def validate(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(
        metavar="[PATH]",
        help="Dataset to check (folder or file). Default: --data, or the shipped one.")
    ] = None,
) -> None:
    """Check a dataset and list every problem as file:line:column: message.

    Exit 0 when the dataset is valid, 65 when it is not, 66 when it cannot be read. A GED
    or ACLED file's figures that break their own rules as published are warnings
    ('file:line: warning: column: message'): kept as they are, and valid.

    Examples:

      qalamoun validate

      qalamoun validate my-chronology/
    """
    from qalamoun_cli.dataset import check_dataset
    from qalamoun_cli.safetext import one_line

    settings: Settings = ctx.obj
    target = path_value(path, "validate PATH") if path is not None else settings.data
    data, problems = check_dataset(target)
    for problem in problems:
        write_stderr(one_line(problem, MESSAGE_SHOWN))
    origin = one_line(data.origin, PATH_SHOWN)
    warnings = sum(1 for p in problems if p.warning)
    errors = len(problems) - warnings
    also = f" (and {warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    if errors:
        say(f"{errors} problem(s) in {origin}{also}")
        raise typer.Exit(ExitCode.BAD_DATA)
    print(f"{origin}: valid: {len(data.events)} events, {len(data.all_claims())} claims, "
          f"{len(data.places)} places, {len(data.actors)} actors, "
          f"{len(data.sources)} sources" + (f"; {warnings} warning(s) above" if warnings
                                           else ""))
