"""`qalamoun timeline`: events by date range, place, actor, source and type."""


import typer

from qalamoun_cli.cli.options import (
    FORMATS,
    INCLUDE_PARENTS_ON_MAPS,
    SOURCE_KIND_HELP,
    ActorOption,
    BboxOption,
    CertainOption,
    CountOption,
    FromOption,
    LimitOption,
    NearOption,
    OnOption,
    PlaceOption,
    SideOption,
    SortOption,
    SvgOption,
    TextOption,
    ToOption,
    TypeOption,
    UndatedOption,
    WithinOption,
    certain_range,
    choice,
    chronology,
    closing_line,
    count_and_limit,
    day_range,
    event_filters,
    format_option,
    regions,
    say_by_parent,
    say_left_out,
    say_limited,
    say_possible,
    source_kind_option,
    source_option,
    space_filters,
    text_queries,
)


def timeline(
    ctx: typer.Context,
    date_from: FromOption = None,
    date_to: ToOption = None,
    on: OnOption = None,
    place: PlaceOption = None,
    actor: ActorOption = None,
    side: SideOption = None,
    source: source_option("Only events this source reported or made a claim on "
                          "(repeatable).") = None,
    source_kind: source_kind_option(SOURCE_KIND_HELP) = None,
    event_type: TypeOption = None,
    near: NearOption = None,
    within: WithinOption = None,
    bbox: BboxOption = None,
    include_parents: INCLUDE_PARENTS_ON_MAPS = False,
    text: TextOption = None,
    undated: UndatedOption = False,
    certain: CertainOption = False,
    sort: SortOption = "date",
    limit: LimitOption = None,
    count: CountOption = False,
    fmt: format_option(*FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """List events by date range, oldest first.

    An event matches when the days it may have happened on overlap the range, so
    --from 2015-03-27 --to 2015-03-27 shows the event of "between 25 and 28 March".

    Examples:

      qalamoun timeline --from 2015-05-13

      qalamoun timeline --from 2015-05-01 --to 2015-05-31 --place Arsal --format json

      qalamoun timeline --actor ISIL --format geojson > isil.geojson

      qalamoun timeline --near Arsal --within 10 --include-parents --on 2015-W20

      qalamoun timeline --text "took OR captured OR seized hill*"
    """
    from qalamoun_cli.cli.output import Output, emit_count
    from qalamoun_cli.render.results import Events
    from qalamoun_cli.selection import SORTS, select, sorted_events
    from qalamoun_cli.textsearch import events_matching

    output = Output(fmt, svg)
    count_and_limit(count, limit, fmt, svg)
    order = choice(sort, SORTS, "--sort")
    start, end = day_range(date_from, date_to, on)
    certain_range(certain, start, end, undated)
    typed_regions = regions(near, within, bbox, include_parents, fmt)
    queries = text_queries(text)
    data = chronology(ctx)
    filters = event_filters(data, place=place, actor=actor, side=side, source=source,
                            source_kind=source_kind, event_type=event_type)
    spaces = space_filters(data, typed_regions)
    chosen = select(
        data, start, end,
        where=filters.keys(),
        undated=undated, certain=certain, spaces=[set(f.points) for f in spaces],
        among=events_matching(data, queries),
    )
    say_left_out(chosen.undated_left_out)
    say_possible(chosen.possible_left_out)
    if count:
        say_by_parent(chosen.events, spaces)
        emit_count(len(chosen.events))
        return
    ordered = sorted_events(data, chosen.events, order or "date")
    events = ordered if limit is None else ordered[:limit]
    say_by_parent(events, spaces)  # of the events shown
    say_limited(len(events), len(chosen.events))
    output.emit(Events(data, events, (start, end), spaces, include_parents))
    closing_line(len(events), "events", undated=chosen.undated_left_out,
                 possible=chosen.possible_left_out, beyond_limit=len(chosen.events) - len(events))
