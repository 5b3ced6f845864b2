"""`qalamoun search`: every place, actor, source and event that words find, ranked."""

from typing import Annotated

import typer

from qalamoun_cli.cli.options import (
    TEXT_FORMATS,
    SvgOption,
    chronology,
    closing_line,
    count_and_limit,
    count_option,
    first_of,
    format_option,
    limit_option,
    text_queries,
)


def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(
        metavar="WORDS...", help='The query, as for --text (the words are joined by spaces): '
                                 'words ANDed, "a phrase" in quotes, OR, -word to leave '
                                 'out (after --, so that it is not read as an option).',
        show_default=False)],
    limit: limit_option("records") = None,
    count: count_option("records") = False,
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
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.render.results import TextHits
    from qalamoun_cli.safetext import shown
    from qalamoun_cli.textsearch import search as find

    output = Output(fmt, svg)
    count_and_limit(count, limit, fmt, svg, "records")
    (query,) = text_queries([" ".join(words)], "WORDS")
    data = chronology(ctx)
    hits = find(data, query)
    shown_hits = first_of(hits, count, limit, "records")
    if shown_hits is None:
        return
    output.emit(TextHits(data, shown_hits,
                         f"no place, actor, source or event matches {shown(query.text)}"))
    closing_line(len(shown_hits), "records", beyond_limit=len(hits) - len(shown_hits))
