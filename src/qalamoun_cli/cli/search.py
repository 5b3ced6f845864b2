"""`qalamoun search`: every place, actor, source and event that words find, ranked."""

from typing import Annotated

import typer

from qalamoun_cli.cli.options import (
    TEXT_FORMATS,
    SvgOption,
    chronology,
    format_option,
    text_queries,
)
from qalamoun_cli.errors import UsageProblem


def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(
        metavar="WORDS...", help='The query, as for --text (the words are joined by spaces): '
                                 'words ANDed, "a phrase" in quotes, OR, -word to leave '
                                 'out (after --, so that it is not read as an option).',
        show_default=False)],
    limit: Annotated[int | None, typer.Option(
        "--limit", metavar="N", help="Show the first N records only, saying how many "
                                     "match.")] = None,
    fmt: format_option(*TEXT_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """Find every place, actor, source and event that words find in their texts, ranked.

    The texts are those --text searches, folded as place names are ("Jarajeer" finds
    "Jarajir"); hill* finds every word that begins so. Ranked: first the places, actors
    and sources whose names the words match (most matching names first), then by the
    number of matching words (most first), then places, actors, sources, events, then
    the data's order; the words that matched are shown.

    Examples:

      qalamoun search Jarajeer

      qalamoun search '"took the" hill* OR heights' --format json

      qalamoun search --limit 5 -- Arsal -Flita
    """
    from qalamoun_cli.cli.messages import notice
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.render.results import TextHits
    from qalamoun_cli.safetext import shown
    from qalamoun_cli.textsearch import search as find

    output = Output(fmt, svg)
    if limit is not None and limit < 1:
        raise UsageProblem(f"--limit: {limit} is not a number of records; give 1 or more")
    (query,) = text_queries([" ".join(words)], "WORDS")
    data = chronology(ctx)
    hits = find(data, query)
    shown_hits = hits if limit is None else hits[:limit]
    if len(shown_hits) < len(hits):
        notice(f"showing {len(shown_hits)} of {len(hits)} records (raise --limit to see more)")
    output.emit(TextHits(data, shown_hits,
                         f"no place, actor, source or event matches {shown(query.text)}"))
