"""`qalamoun places`, `actors` and `sources`: the records of a dataset, filtered."""

from typing import Annotated

import typer

from qalamoun_cli.cli.options import (
    INCLUDE_PARENTS,
    PLACE_FORMATS,
    TEXT_FORMATS,
    BboxOption,
    NearOption,
    SvgOption,
    WithinOption,
    choice,
    chronology,
    format_option,
    regions,
    say_places_by_parent,
    space_filters,
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
    near: NearOption = None,
    within: WithinOption = None,
    bbox: BboxOption = None,
    include_parents: INCLUDE_PARENTS = False,
    fmt: format_option(*PLACE_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """List the places of the gazetteer, with their names, kinds and coordinates.

    Examples:

      qalamoun places --country Lebanon

      qalamoun places --kind "hill/peak" --format markdown

      qalamoun places --format geojson > places.geojson

      qalamoun places --near Arsal --within 20 --include-parents
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.render.results import PlaceList
    from qalamoun_cli.selection import places_where

    output = Output(fmt, svg)
    if country is not None and not country.strip():
        raise UsageProblem("--country: the country is empty")
    typed_regions = regions(near, within, bbox, include_parents)
    data = chronology(ctx)
    kind = choice(kind, data.words("place_kinds", PLACE_KINDS), "--kind")
    chosen = places_where(data, country=country, kind=kind, located=located)
    spaces = space_filters(data, typed_regions)
    if spaces:
        chosen = [p for p in chosen if all(p.id in f.points for f in spaces)]
        say_places_by_parent(chosen, spaces)
    nothing = "nothing matches"
    if country is not None and not chosen:
        nothing = _no_country(data, country)
    output.emit(PlaceList(data, chosen, nothing, spaces))


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

    output = Output(fmt, svg)
    data = chronology(ctx)
    kind = choice(kind, data.words("actor_kinds", ACTOR_KINDS), "--kind")
    side_id = None
    if side:
        from qalamoun_cli.search import side_id as resolve_side

        side_id = typed_for("--side", resolve_side, data, side)
    chosen = actors_where(data, side=side_id, kind=kind)
    output.emit(ActorList(data, chosen))


def sources(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only sources of this kind: {', '.join(SOURCE_KINDS)}.")] = None,
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

    output = Output(fmt, svg)
    data = chronology(ctx)
    kind = choice(kind, data.words("source_kinds", SOURCE_KINDS), "--kind")
    claims, reported = per_source(data)
    chosen = sources_where(data, kind=kind)
    output.emit(SourceList(data, chosen, claims, reported))
