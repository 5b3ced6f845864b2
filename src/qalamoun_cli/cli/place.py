"""`qalamoun place`: a place however it is spelled, and what happened there."""

from typing import Annotated

import typer

from qalamoun_cli.cli.completion import complete
from qalamoun_cli.cli.messages import say, shown
from qalamoun_cli.cli.options import PLACE_FORMATS, SvgOption, chronology, format_option
from qalamoun_cli.errors import UsageProblem


def place(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A place name in any spelling, or in Arabic.",
                                         autocompletion=complete("place"))],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="Show at most this many places.")] = 5,
    fmt: format_option(*PLACE_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """Find a place however it is spelled, and show what happened there.

    Spelling differences of Arabic names are folded before fuzzy matching (see
    docs/place-search.md). An exact name or alias ranks first; close look-alikes are
    listed as candidates. Events at places inside the place (hills of a barrens area)
    are included.

    Examples:

      qalamoun place "Tallat Mussa"

      qalamoun place "Talat Musa" --format json

      qalamoun place عرسال
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.hierarchy import children_of, descendants
    from qalamoun_cli.names import fold
    from qalamoun_cli.render.results import PlaceMatches
    from qalamoun_cli.search import PlaceMatch, name_index, near_ties, told_apart
    from qalamoun_cli.selection import select

    output = Output(fmt, svg)
    if not fold(query):
        raise UsageProblem("place: the query has no letters or digits; give a place name")
    data = chronology(ctx)
    index = name_index(data, "place")
    everything = index.search(query, limit=None)
    matches = everything[:limit]
    nothing = ""
    ties = near_ties(everything)
    if not matches:
        near = index.closest(query, 3)
        # Two places of one name (GED's country and its capital, say) need their ids.
        closest = told_apart(index, [m.id for m in near],
                             {m.id: f" ({m.score:g})" for m in near})
        nothing = f"no place matches {shown(query)}" + (f"; closest: {closest}" if closest
                                                         else "")
    elif len(ties) > 1:
        on_show = len([m for m in ties if m in matches])
        more = "" if on_show == len(ties) else f"; showing {on_show} (raise --limit to see all)"
        say(f"{len(ties)} places match {shown(query)} about equally well{more}")
    elif not matches[0].exact and matches[0].score < 100:
        say(f"no exact match for {shown(query)}; showing the closest")
    found = [PlaceMatch(m, select(data, places=descendants(data, [m.id])).events,
                        children_of(data, m.id)) for m in matches]
    output.emit(PlaceMatches(data, found, ties, nothing))
