"""`qalamoun places`, `actors` and `sources`: the records of a dataset, filtered."""

from typing import Annotated

import typer

from qalamoun_cli.cli.completion import complete
from qalamoun_cli.cli.options import (
    INCLUDE_PARENTS,
    PLACE_FORMATS,
    TEXT_FORMATS,
    BboxOption,
    NearOption,
    SvgOption,
    TextOption,
    WithinOption,
    chronology,
    closing_line,
    count_and_limit,
    count_option,
    first_of,
    format_option,
    limit_option,
    record_ids,
    regions,
    say_places_by_parent,
    side_ids,
    source_option,
    space_filters,
    text_queries,
    vocabulary_words,
)
from qalamoun_cli.errors import UsageProblem
from qalamoun_cli.model import ACTOR_KINDS, PLACE_KINDS, SOURCE_KINDS, Chronology
from qalamoun_cli.safetext import shown

# Each filter of a listing is repeatable: any of its values (OR), and every filter (AND).


def places(
    ctx: typer.Context,
    country: Annotated[list[str] | None, typer.Option(
        "--country", help="Only places in this country, as the data names it (any case; "
                          "repeatable).")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help=f"Only places of this kind: {', '.join(PLACE_KINDS)} "
                       f"(repeatable).", autocompletion=complete("place_kind"))] = None,
    located: Annotated[bool, typer.Option(
        "--located", help="Only places with sourced coordinates.")] = False,
    near: NearOption = None,
    within: WithinOption = None,
    bbox: BboxOption = None,
    include_parents: INCLUDE_PARENTS = False,
    place: Annotated[list[str] | None, typer.Option(
        "--place", "-p", help="Only this place and the places inside it (any spelling; "
                              "repeatable).", autocompletion=complete("place"))] = None,
    limit: limit_option("places") = None,
    count: count_option("places") = False,
    text: TextOption = None,
    fmt: format_option(*PLACE_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """List the places of the gazetteer, with their names, kinds and coordinates.

    Examples:

      qalamoun places --country Lebanon

      qalamoun places --kind "hill/peak" --format markdown

      qalamoun places --place Arsal --count

      qalamoun places --format geojson > places.geojson

      qalamoun places --near Arsal --within 20 --include-parents
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.filters import keep
    from qalamoun_cli.hierarchy import descendants
    from qalamoun_cli.render.results import PlaceList
    from qalamoun_cli.selection import places_where
    from qalamoun_cli.textsearch import keep_records

    output = Output(fmt, svg)
    count_and_limit(count, limit, fmt, svg, "places")
    if country is not None and not all(c.strip() for c in country):
        raise UsageProblem("--country: the country is empty")
    typed_regions = regions(near, within, bbox, include_parents)
    queries = text_queries(text)
    data = chronology(ctx)
    kinds = vocabulary_words(kind, data.words("place_kinds", PLACE_KINDS), "--kind",
                             "place kind")
    chosen = keep(places_where(data, located=located), country=country, kind=kinds)
    named = record_ids(data, "place", place, "--place")
    if named is not None:
        inside = descendants(data, named)
        chosen = [p for p in chosen if p.id in inside]
    chosen = keep_records(data, "place", chosen, queries)
    spaces = space_filters(data, typed_regions)
    if spaces:
        chosen = [p for p in chosen if all(p.id in f.points for f in spaces)]
    nothing = "nothing matches"
    unknown = [c for c in country or () if _no_country(data, c)]
    if unknown and not chosen:
        nothing = _no_country(data, unknown[0])
    shown_places = first_of(chosen, count, limit, "places")
    if spaces:
        say_places_by_parent(chosen if shown_places is None else shown_places, spaces)
    if shown_places is not None:
        output.emit(PlaceList(data, shown_places, nothing, spaces))
        closing_line(len(shown_places), "places", beyond_limit=len(chosen) - len(shown_places))


def _no_country(data: Chronology, country: str) -> str:
    """Say that no place is in COUNTRY, with the closest countries the data names ('' when
    some place is in it)."""
    from qalamoun_cli.search import closest_ids

    countries = sorted({p.country for p in data.places.values() if p.country})
    if any(c.casefold() == country.casefold() for c in countries):
        return ""
    closest = ", ".join(shown(c) for c in closest_ids(country, countries))
    return (f"no place is in a country named {shown(country)}"
            + (f"; closest: {closest}" if closest else "; no place has a country"))


def actors(
    ctx: typer.Context,
    side: Annotated[list[str] | None, typer.Option(
        "--side", help="Only actors of this side, their units included (id or name; "
                       "repeatable).", autocompletion=complete("side"))] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help=f"Only actors of this kind: {', '.join(ACTOR_KINDS)} "
                       f"(repeatable).", autocompletion=complete("actor_kind"))] = None,
    actor: Annotated[list[str] | None, typer.Option(
        "--actor", "-a", help="Only this actor and its units, or the actors of this side "
                              "(any spelling; repeatable).",
        autocompletion=complete("actor"))] = None,
    limit: limit_option("actors") = None,
    count: count_option("actors") = False,
    text: TextOption = None,
    fmt: format_option(*TEXT_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """List the actors with their side, kind and aliases.

    --side keeps the actors of a side and their units; --actor an actor and its units (a
    side's name, every actor of that side).

    Examples:

      qalamoun actors --side opposition

      qalamoun actors --kind person --format csv

      qalamoun actors --actor Hezbollah
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.filters import keep, side_actors
    from qalamoun_cli.hierarchy import actors_of
    from qalamoun_cli.render.results import ActorList
    from qalamoun_cli.selection import actors_where
    from qalamoun_cli.textsearch import keep_records

    output = Output(fmt, svg)
    count_and_limit(count, limit, fmt, svg, "actors")
    queries = text_queries(text)
    data = chronology(ctx)
    kinds = vocabulary_words(kind, data.words("actor_kinds", ACTOR_KINDS), "--kind",
                             "actor kind")
    chosen = keep(actors_where(data), kind=kinds)
    sides = side_ids(data, side)
    if sides is not None:
        of_sides = side_actors(data, sides)
        chosen = [a for a in chosen if a.id in of_sides]
    named = record_ids(data, "actor", actor, "--actor")
    if named is not None:
        of_named = actors_of(data, named)
        chosen = [a for a in chosen if a.id in of_named]
    chosen = keep_records(data, "actor", chosen, queries)
    shown_actors = first_of(chosen, count, limit, "actors")
    if shown_actors is not None:
        output.emit(ActorList(data, shown_actors))
        closing_line(len(shown_actors), "actors", beyond_limit=len(chosen) - len(shown_actors))


def sources(
    ctx: typer.Context,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", "--source-kind", help=f"Only sources of this kind: "
                                        f"{', '.join(SOURCE_KINDS)} (repeatable).",
        autocompletion=complete("source_kind"))] = None,
    source: source_option("Only this source (name or alias, any spelling; "
                          "repeatable).") = None,
    limit: limit_option("sources") = None,
    count: count_option("sources") = False,
    text: TextOption = None,
    fmt: format_option(*TEXT_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """List the sources, how they are described, and how many claims each made.

    Examples:

      qalamoun sources

      qalamoun sources --kind monitor --format json

      qalamoun sources --source-kind analyst --count
    """
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.filters import keep
    from qalamoun_cli.render.results import SourceList
    from qalamoun_cli.selection import sources_where
    from qalamoun_cli.stats import per_source
    from qalamoun_cli.textsearch import keep_records

    output = Output(fmt, svg)
    count_and_limit(count, limit, fmt, svg, "sources")
    queries = text_queries(text)
    data = chronology(ctx)
    kinds = vocabulary_words(kind, data.words("source_kinds", SOURCE_KINDS), "--kind",
                             "source kind")
    chosen = keep(sources_where(data), kind=kinds)
    named = record_ids(data, "source", source, "--source")
    if named is not None:
        chosen = [s for s in chosen if s.id in named]
    chosen = keep_records(data, "source", chosen, queries)
    shown_sources = first_of(chosen, count, limit, "sources")
    if shown_sources is not None:
        claims, reported = per_source(data)
        output.emit(SourceList(data, shown_sources, claims, reported))
        closing_line(len(shown_sources), "sources", beyond_limit=len(chosen) - len(shown_sources))
