"""`qalamoun timeline`: events by date range, place, actor, source and type."""


import typer

from qalamoun_cli.cli.options import (
    FORMATS,
    ActorOption,
    CertainOption,
    CountOption,
    FromOption,
    LimitOption,
    OnOption,
    PlaceOption,
    SortOption,
    SvgOption,
    TextOption,
    ToOption,
    TypeOption,
    UndatedOption,
    certain_range,
    choice,
    chronology,
    count_and_limit,
    day_range,
    format_option,
    record_ids,
    say_left_out,
    say_limited,
    say_possible,
    source_option,
    text_queries,
    type_choices,
)
from qalamoun_cli.model import EVENT_TYPES


def timeline(
    ctx: typer.Context,
    date_from: FromOption = None,
    date_to: ToOption = None,
    on: OnOption = None,
    place: PlaceOption = None,
    actor: ActorOption = None,
    source: source_option("Only events this source reported or made a claim on "
                          "(repeatable).") = None,
    event_type: TypeOption = None,
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

      qalamoun timeline --text "took OR captured OR seized hill*"
    """
    from qalamoun_cli.cli.output import Output, emit_count
    from qalamoun_cli.hierarchy import actors_of, descendants
    from qalamoun_cli.render.results import Events
    from qalamoun_cli.selection import SORTS, select, sorted_events
    from qalamoun_cli.textsearch import events_matching

    output = Output(fmt, svg)
    count_and_limit(count, limit, fmt, svg)
    order = choice(sort, SORTS, "--sort")
    start, end = day_range(date_from, date_to, on)
    certain_range(certain, start, end, undated)
    queries = text_queries(text)
    data = chronology(ctx)
    event_type = type_choices(event_type, data.words("event_types", EVENT_TYPES))
    places = record_ids(data, "place", place, "--place")
    actors = record_ids(data, "actor", actor, "--actor")
    sources = record_ids(data, "source", source, "--source")
    chosen = select(
        data, start, end,
        places=descendants(data, places) if places is not None else None,
        actors=actors_of(data, actors) if actors is not None else None,
        sources=set(sources) if sources is not None else None,
        types=set(event_type) if event_type else None,
        undated=undated, certain=certain, among=events_matching(data, queries),
    )
    say_left_out(chosen.undated_left_out)
    say_possible(chosen.possible_left_out)
    if count:
        emit_count(len(chosen.events))
        return
    ordered = sorted_events(data, chosen.events, order or "date")
    events = ordered if limit is None else ordered[:limit]
    say_limited(len(events), len(chosen.events))
    output.emit(Events(data, events, (start, end)))
