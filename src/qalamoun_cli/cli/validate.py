"""`qalamoun validate`: every problem of a dataset, as file:line:column: message."""

from typing import Annotated

import typer

from qalamoun_cli.cli.messages import MESSAGE_SHOWN, PATH_SHOWN, say, write_stderr
from qalamoun_cli.cli.options import Settings, path_value
from qalamoun_cli.errors import ExitCode, UsageProblem


def validate(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="[PATH]...",
        help="Datasets to check together (folders or files). Default: --data, or the "
             "shipped one.")
    ] = None,
) -> None:
    """Check a dataset and list every problem as file:line:column: message.

    Exit 0 when the dataset is valid, 65 when it is not, 66 when it cannot be read. A GED
    or ACLED file's figures that break their own rules as published are warnings
    ('file:line: warning: column: message'): kept as they are, and valid. Several
    datasets are checked together, as --data reads them: an id in two is an error.

    Examples:

      qalamoun validate

      qalamoun validate my-chronology/

      qalamoun validate data/ GEDEvent_v25_1.csv
    """
    from qalamoun_cli.dataset import check_dataset
    from qalamoun_cli.safetext import one_line

    settings: Settings = ctx.obj
    if paths and settings.typed:
        # Which would it check? Both were asked for: say so, rather than drop one.
        raise UsageProblem("validate: give the datasets either as --data or as PATH, not "
                           "both ('qalamoun validate A B' checks A and B together)")
    target = [path_value(p, "validate PATH") for p in paths] if paths else settings.data
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
