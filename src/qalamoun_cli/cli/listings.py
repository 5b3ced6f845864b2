"""`qalamoun places`, `actors` and `sources`: the records of a dataset, filtered."""

from typing import Annotated

import typer

from qalamoun_cli.cli.messages import shown
from qalamoun_cli.cli.options import (
    FORMATS,
    TEXT_FORMATS,
    SvgOption,
    choice,
    chronology,
    format_option,
)
from qalamoun_cli.errors import UsageProblem
from qalamoun_cli.model import ACTOR_KINDS, PLACE_KINDS, SOURCE_KINDS, Chronology


def places(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option(
        "--country", help="Only places in this country (Syria, Lebanon, Syria/Lebanon).")
    ] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only places of this kind: {', '.join(PLACE_KINDS)}.")] = None,
    located: Annotated[bool, typer.Option(
        "--located", help="Only places with sourced coordinates.")] = False,
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

    output = Output(fmt, svg)
    if country is not None and not country.strip():
        raise UsageProblem("--country: the country is empty")
    data = chronology(ctx)
    kind = choice(kind, data.words("place_kinds", PLACE_KINDS), "--kind")
    chosen = [p for p in sorted(data.places.values(), key=lambda p: p.name.casefold())
              if (country is None or (p.country or "").casefold() == country.casefold())
              and (kind is None or p.kind == kind)
              and (not located or p.lat is not None)]
    output.emit(PlaceList(data, chosen))


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

    output = Output(fmt, svg)
    data = chronology(ctx)
    kind = choice(kind, data.words("actor_kinds", ACTOR_KINDS), "--kind")
    side_id = _side_id(data, side) if side else None
    chosen = [a for a in sorted(data.actors.values(), key=lambda a: a.name.casefold())
              if (side_id is None or a.side == side_id) and (kind is None or a.kind == kind)]
    output.emit(ActorList(data, chosen))


def _side_id(data: Chronology, name: str) -> str:
    from qalamoun_cli.names import fold
    from qalamoun_cli.safetext import one_line

    key = fold(name)
    for side in data.sides.values():
        if key in (fold(side.id), fold(side.name)):
            return side.id
    known = ", ".join(f"{s.id} ({one_line(s.name)})" for s in data.sides.values())
    raise UsageProblem(f"--side: unknown side {shown(name)}; known sides: {known}")


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
    from qalamoun_cli.stats import per_source

    output = Output(fmt, svg)
    data = chronology(ctx)
    kind = choice(kind, data.words("source_kinds", SOURCE_KINDS), "--kind")
    claims, reported = per_source(data)
    chosen = [s for s in sorted(data.sources.values(), key=lambda s: s.name.casefold())
              if kind is None or s.kind == kind]
    output.emit(SourceList(chosen, claims, reported))
