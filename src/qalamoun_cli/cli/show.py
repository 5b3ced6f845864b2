"""`qalamoun show`: one event in full."""

from typing import Annotated

import typer

from qalamoun_cli.cli.completion import complete
from qalamoun_cli.cli.messages import shown
from qalamoun_cli.cli.options import SvgOption, chronology, format_option
from qalamoun_cli.errors import UsageProblem


def show(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="An event id, as shown by "
                                                               "timeline.",
                                            autocompletion=complete("event"))],
    fmt: format_option("table", "json") = "table",
    svg: SvgOption = None,
) -> None:
    """Show one event in full: dates, places, actors, sources, every claim.

    Examples:

      qalamoun show 2015-05-13-tallat-mussa-captured

      qalamoun show 2015-05-13-tallat-mussa-captured --format json
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.render.results import EventDetail

    output = Output(fmt, svg)
    data = chronology(ctx)
    if not event_id.strip():
        raise UsageProblem("show: the id is empty; timeline shows the ids")
    event = data.find_event(event_id.strip().lower())
    if event is None:
        from qalamoun_cli.search import closest_ids

        hint = ", ".join(shown(i) for i in closest_ids(event_id, data.event_ids()))
        raise UsageProblem(f"show: no event with id {shown(event_id)}"
                           + (f"; closest: {hint}" if hint else ""))
    output.emit(EventDetail(data, event))
