"""Browsing commands: one event in full, listings of places, actors and sources, stats."""

from pathlib import Path
from typing import Annotated

import typer

from qalamoun_cli.cli import (
    PROG,
    Format,
    FormatOption,
    SvgOption,
    _choices,
    _chronology,
    _complete,
    _console,
    _out,
    _report_unlocated,
    _require,
    _rows_out,
    _save_svg,
    _shown,
    _write_stderr,
    app,
)
from qalamoun_cli.errors import ExitCode, UsageProblem
from qalamoun_cli.model import ACTOR_KINDS, PLACE_KINDS, SOURCE_KINDS, Chronology

TEXT_FORMATS = (Format.table, Format.json, Format.csv, Format.markdown)


@app.command()
def show(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="An event id, as shown by "
                                                               "timeline.")],
    fmt: FormatOption = Format.table,
    svg: SvgOption = None,
) -> None:
    """Show one event in full: dates, places, actors, sources, every claim.

    Examples:

      qalamoun show 2015-05-13-tallat-mussa-captured

      qalamoun show 2015-05-13-tallat-mussa-captured --format json
    """
    _require(fmt, (Format.table, Format.json), "show", svg)
    chronology = _chronology(ctx)
    if not event_id.strip():
        raise UsageProblem("show: the id is empty; timeline shows the ids")
    event = chronology.find_event(event_id.strip().lower())
    if event is None:
        from rapidfuzz import process

        close = process.extract(event_id, [e.id for e in chronology.events], limit=3)
        hint = ", ".join(_shown(c[0]) for c in close)
        raise UsageProblem(f"show: no event with id {_shown(event_id)}"
                           + (f"; closest: {hint}" if hint else ""))
    if fmt is Format.json:
        from qalamoun_cli.records import event_record, place_record
        from qalamoun_cli.render.machine import write_json

        record = event_record(chronology, event)
        record["places"] = [place_record(chronology.places[p], chronology) for p in event.places]
        record["sources"] = [{"id": s, "name": chronology.sources[s].name,
                              "kind": chronology.sources[s].kind,
                              "description": chronology.sources[s].description}
                             for s in event.sources]
        for claim_json, claim in zip(record["claims"], event.claims, strict=True):
            claim_json["note"] = claim.note
        write_json(_out(), record)
        return
    from qalamoun_cli.render.browse import event_card

    console = _console(svg)
    event_card(console, chronology, event)
    _save_svg(console, svg, f"qalamoun show {event.id}")


def _check_choice(value: str | None, allowed: tuple[str, ...], option: str) -> None:
    _choices([value] if value is not None else None, allowed, option)


def _listing(fmt: Format, svg: Path | None, title: str, header, rows, json_records,
             table_columns: tuple[int, ...] | None = None) -> None:
    """Print a listing; TABLE_COLUMNS picks the columns shown in the table format."""
    if fmt is Format.json:
        from qalamoun_cli.render.machine import write_json

        write_json(_out(), json_records)
    elif fmt in (Format.csv, Format.markdown):
        _rows_out(fmt, header, rows)
    elif rows:
        from qalamoun_cli.render.browse import listing

        keep = table_columns or tuple(range(len(header)))
        console = _console(svg)
        listing(console, title, [header[i] for i in keep],
                [[row[i] for i in keep] for row in rows])
        _save_svg(console, svg, f"qalamoun {title}")
    if not rows:
        _write_stderr(f"{PROG}: nothing matches\n")
        raise typer.Exit(ExitCode.NOTHING_FOUND)


@app.command()
def places(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option(
        "--country", help="Only places in this country (Syria, Lebanon, Syria/Lebanon).")
    ] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only places of this kind: {', '.join(PLACE_KINDS)}.")] = None,
    located: Annotated[bool, typer.Option(
        "--located", help="Only places with sourced coordinates.")] = False,
    fmt: FormatOption = Format.table,
    svg: SvgOption = None,
) -> None:
    """List the places of the gazetteer, with their names, kinds and coordinates.

    Examples:

      qalamoun places --country Lebanon

      qalamoun places --kind "hill/peak" --format markdown

      qalamoun places --format geojson > places.geojson
    """
    _require(fmt, tuple(Format), "places", svg)
    _check_choice(kind, PLACE_KINDS, "--kind")
    if country is not None and not country.strip():
        raise UsageProblem("--country: the country is empty")
    chronology = _chronology(ctx)
    chosen = [p for p in sorted(chronology.places.values(), key=lambda p: p.name.casefold())
              if (country is None or (p.country or "").casefold() == country.casefold())
              and (kind is None or p.kind == kind.lower())
              and (not located or p.lat is not None)]
    if fmt is Format.geojson:
        from qalamoun_cli.render.geo import places_collection
        from qalamoun_cli.render.machine import write_json

        collection, missing = places_collection(chosen)
        write_json(_out(), collection)
        _report_unlocated("place", missing)
        if not chosen:
            _write_stderr(f"{PROG}: nothing matches\n")
            raise typer.Exit(ExitCode.NOTHING_FOUND)
        return
    from qalamoun_cli.records import place_record
    from qalamoun_cli.render.views import coordinates

    header = ("id", "name", "aliases", "arabic", "country", "kind", "lat", "lon",
              "coord_precision", "parent", "coordinates")
    rows = [[p.id, p.name, "; ".join(p.aliases), p.arabic, p.country, p.kind, p.lat, p.lon,
             p.coord_precision, p.parent, coordinates(p)] for p in chosen]
    if fmt is not Format.table:
        header, rows = header[:-1], [r[:-1] for r in rows]
    _listing(fmt, svg, "places", header, rows,
             [place_record(p, chronology) for p in chosen], (0, 1, 3, 4, 5, 10, 9))


@app.command()
def actors(
    ctx: typer.Context,
    side: Annotated[str | None, typer.Option(
        "--side", help="Only actors of this side (id or name).")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only actors of this kind: {', '.join(ACTOR_KINDS)}.")] = None,
    fmt: FormatOption = Format.table,
    svg: SvgOption = None,
) -> None:
    """List the actors with their side, kind and aliases.

    Examples:

      qalamoun actors --side opposition

      qalamoun actors --kind person --format csv
    """
    _require(fmt, TEXT_FORMATS, "actors", svg)
    _check_choice(kind, ACTOR_KINDS, "--kind")
    chronology = _chronology(ctx)
    side_id = _side_id(chronology, side) if side else None
    chosen = [a for a in sorted(chronology.actors.values(), key=lambda a: a.name.casefold())
              if (side_id is None or a.side == side_id)
              and (kind is None or a.kind == kind.lower())]
    header = ("id", "name", "aliases", "side", "kind", "part_of")
    rows = [[a.id, a.name, "; ".join(a.aliases), chronology.party_name(a.side), a.kind,
             a.part_of] for a in chosen]
    _listing(fmt, svg, "actors", header, rows,
             [{"id": a.id, "name": a.name, "aliases": list(a.aliases),
               "side": {"id": a.side, "name": chronology.party_name(a.side)}, "kind": a.kind,
               "part_of": a.part_of, "note": a.note} for a in chosen])


def _side_id(chronology: Chronology, name: str) -> str:
    from qalamoun_cli.names import fold

    key = fold(name)
    for side in chronology.sides.values():
        if key in (fold(side.id), fold(side.name)):
            return side.id
    from qalamoun_cli.safetext import one_line

    known = ", ".join(f"{s.id} ({one_line(s.name)})" for s in chronology.sides.values())
    raise UsageProblem(f"--side: unknown side {_shown(name)}; known sides: {known}")


@app.command()
def sources(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(
        "--kind", help=f"Only sources of this kind: {', '.join(SOURCE_KINDS)}.")] = None,
    fmt: FormatOption = Format.table,
    svg: SvgOption = None,
) -> None:
    """List the sources, how they are described, and how many claims each made.

    Examples:

      qalamoun sources

      qalamoun sources --kind monitor --format json
    """
    _require(fmt, TEXT_FORMATS, "sources", svg)
    _check_choice(kind, SOURCE_KINDS, "--kind")
    chronology = _chronology(ctx)
    claims: dict[str, int] = {}
    for claim in chronology.all_claims():
        claims[claim.source] = claims.get(claim.source, 0) + 1
    reported: dict[str, int] = {}
    for event in chronology.events:
        for source in event.sources:
            reported[source] = reported.get(source, 0) + 1
    chosen = [s for s in sorted(chronology.sources.values(), key=lambda s: s.name.casefold())
              if kind is None or s.kind == kind.lower()]
    header = ("id", "name", "kind", "description", "claims", "events_reported", "aliases")
    rows = [[s.id, s.name, s.kind, s.description, claims.get(s.id, 0), reported.get(s.id, 0),
             "; ".join(s.aliases)] for s in chosen]
    _listing(fmt, svg, "sources", header, rows,
             [{"id": s.id, "name": s.name, "kind": s.kind, "description": s.description,
               "aliases": list(s.aliases), "claims": claims.get(s.id, 0),
               "events_reported": reported.get(s.id, 0)} for s in chosen], (0, 1, 2, 3, 4, 5))


@app.command()
def stats(
    ctx: typer.Context,
    date_from: Annotated[str | None, typer.Option(
        "--from", metavar="YYYY-MM-DD", help="Only events that may have happened on or after "
                                             "this day.")] = None,
    date_to: Annotated[str | None, typer.Option(
        "--to", metavar="YYYY-MM-DD", help="Only events that may have happened on or before "
                                           "this day.")] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Only events this source reported or claimed on (repeatable).",
        autocompletion=_complete("source"))] = None,
    fmt: FormatOption = Format.table,
    svg: SvgOption = None,
) -> None:
    """Chart events per week by type and by side, and claimed deaths per week by source.

    Events whose dates span more than one ISO week are not counted in a week (they are
    listed). The numbers behind the charts are available as JSON, CSV or Markdown.

    Examples:

      qalamoun stats --from 2015-05-04 --to 2015-06-21

      qalamoun stats --format csv

      qalamoun stats --svg stats.svg
    """
    from qalamoun_cli.cli import _ids, _range
    from qalamoun_cli.selection import select
    from qalamoun_cli.stats import compute

    _require(fmt, TEXT_FORMATS, "stats", svg)
    start, end = _range(date_from, date_to)
    chronology = _chronology(ctx)
    source_ids = _ids("source", chronology, source, "source", "--source")
    events = select(chronology, start, end,
                    sources=set(source_ids) if source_ids is not None else None)
    result = compute(chronology, events)
    rows = ([["events_by_type", c.week, c.key, c.count, None, None] for c in result.by_type]
            + [["events_by_side", c.week, c.key, c.count, None, None] for c in result.by_side]
            + [["deaths_claimed", d.week, d.source, d.low, d.high, d.vague]
               for d in result.deaths])
    if fmt is Format.json:
        from qalamoun_cli.render.machine import write_json

        write_json(_out(), {
            "events_by_type": [{"week": c.week, "type": c.key, "count": c.count}
                               for c in result.by_type],
            "events_by_side": [{"week": c.week, "side": c.key, "count": c.count}
                               for c in result.by_side],
            "deaths_claimed": [{"week": d.week, "source": d.source, "sum_low": d.low,
                                "sum_high": d.high, "open_ended": d.open_ended,
                                "vague_terms": d.vague}
                               for d in result.deaths],
            "not_counted": result.unplaced,
        })
    elif fmt in (Format.csv, Format.markdown):
        _rows_out(fmt, ("series", "week", "key", "value", "high", "vague_terms"), rows)
    elif events:
        from qalamoun_cli.render.browse import stats_charts

        console = _console(svg)
        stats_charts(console, chronology, result)
        _save_svg(console, svg, "qalamoun stats")
    if not events:
        _write_stderr(f"{PROG}: no events match\n")
        raise typer.Exit(ExitCode.NOTHING_FOUND)
