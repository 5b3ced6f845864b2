"""`qalamoun places`, `actors` and `sources`: the records of a dataset, filtered."""

from typing import Annotated

import typer

from qalamoun_cli.cli.options import (
    FORMATS,
    TEXT_FORMATS,
    SvgOption,
    TextOption,
    choice,
    chronology,
    format_option,
    text_queries,
    typed_for,
)
from qalamoun_cli.errors import UsageProblem
from qalamoun_cli.model import ACTOR_KINDS, PLACE_KINDS, SOURCE_KINDS, Chronology
from qalamoun_cli.safetext import shown


def places(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option(
        "--country", help="Only places in this country, as the data names it (any case).")
    ] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only places of this kind: {', '.join(PLACE_KINDS)}.")] = None,
    located: Annotated[bool, typer.Option(
        "--located", help="Only places with sourced coordinates.")] = False,
    text: TextOption = None,
    fmt: format_option(*FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """List the places of the gazetteer, with their names, kinds and coordinates.

    Examples:

      qalamoun places --country Lebanon

      qalamoun places --kind "hill/peak" --format markdown

      qalamoun places --format geojson > places.geojson
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.render.results import PlaceList
    from qalamoun_cli.selection import places_where
    from qalamoun_cli.textsearch import keep_records

    output = Output(fmt, svg)
    if country is not None and not country.strip():
        raise UsageProblem("--country: the country is empty")
    queries = text_queries(text)
    data = chronology(ctx)
    kind = choice(kind, data.words("place_kinds", PLACE_KINDS), "--kind")
    chosen = keep_records(data, "place", places_where(data, country=country, kind=kind,
                                                      located=located), queries)
    nothing = "nothing matches"
    if country is not None and not chosen:
        nothing = _no_country(data, country)
    output.emit(PlaceList(data, chosen, nothing))


def _no_country(data: Chronology, country: str) -> str:
    """Say that no place is in COUNTRY, if so, with the closest countries the data names."""
    from qalamoun_cli.search import closest_ids

    countries = sorted({p.country for p in data.places.values() if p.country})
    if any(c.casefold() == country.casefold() for c in countries):
        return "nothing matches"
    closest = ", ".join(shown(c) for c in closest_ids(country, countries))
    return (f"no place is in a country named {shown(country)}"
            + (f"; closest: {closest}" if closest else "; no place has a country"))


def actors(
    ctx: typer.Context,
    side: Annotated[str | None, typer.Option(
        "--side", help="Only actors of this side (id or name).")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only actors of this kind: {', '.join(ACTOR_KINDS)}.")] = None,
    text: TextOption = None,
    fmt: format_option(*TEXT_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """List the actors with their side, kind and aliases.

    Examples:

      qalamoun actors --side opposition

      qalamoun actors --kind person --format csv
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.render.results import ActorList
    from qalamoun_cli.selection import actors_where
    from qalamoun_cli.textsearch import keep_records

    output = Output(fmt, svg)
    queries = text_queries(text)
    data = chronology(ctx)
    kind = choice(kind, data.words("actor_kinds", ACTOR_KINDS), "--kind")
    side_id = None
    if side:
        from qalamoun_cli.search import side_id as resolve_side

        side_id = typed_for("--side", resolve_side, data, side)
    chosen = keep_records(data, "actor", actors_where(data, side=side_id, kind=kind), queries)
    output.emit(ActorList(data, chosen))


def sources(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only sources of this kind: {', '.join(SOURCE_KINDS)}.")] = None,
    text: TextOption = None,
    fmt: format_option(*TEXT_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """List the sources, how they are described, and how many claims each made.

    Examples:

      qalamoun sources

      qalamoun sources --kind monitor --format json
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.render.results import SourceList
    from qalamoun_cli.selection import sources_where
    from qalamoun_cli.stats import per_source
    from qalamoun_cli.textsearch import keep_records

    output = Output(fmt, svg)
    queries = text_queries(text)
    data = chronology(ctx)
    kind = choice(kind, data.words("source_kinds", SOURCE_KINDS), "--kind")
    claims, reported = per_source(data)
    chosen = keep_records(data, "source", sources_where(data, kind=kind), queries)
    output.emit(SourceList(data, chosen, claims, reported))
