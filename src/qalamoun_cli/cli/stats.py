"""`qalamoun stats`: events and claimed deaths per week."""

import typer

from qalamoun_cli.cli.options import (
    INCLUDE_PARENTS,
    OBJECT_FORMATS,
    SOURCE_KIND_HELP,
    ActorOption,
    BboxOption,
    CertainOption,
    FromOption,
    NearOption,
    OnOption,
    PlaceOption,
    SideOption,
    SvgOption,
    TextOption,
    ToOption,
    TypeOption,
    UndatedOption,
    WithinOption,
    certain_range,
    chronology,
    closing_line,
    day_range,
    event_filters,
    format_option,
    regions,
    say_by_parent,
    say_left_out,
    say_possible,
    source_kind_option,
    source_option,
    space_filters,
    text_queries,
)


def stats(
    ctx: typer.Context,
    date_from: FromOption = None,
    date_to: ToOption = None,
    on: OnOption = None,
    place: PlaceOption = None,
    actor: ActorOption = None,
    side: SideOption = None,
    source: source_option("Only events this source reported or claimed on "
                          "(repeatable).") = None,
    source_kind: source_kind_option(SOURCE_KIND_HELP) = None,
    event_type: TypeOption = None,
    near: NearOption = None,
    within: WithinOption = None,
    bbox: BboxOption = None,
    include_parents: INCLUDE_PARENTS = False,
    text: TextOption = None,
    undated: UndatedOption = False,
    certain: CertainOption = False,
    fmt: format_option(*OBJECT_FORMATS) = "table",
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
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.render.results import WeeklyCounts
    from qalamoun_cli.selection import select
    from qalamoun_cli.stats import compute
    from qalamoun_cli.textsearch import events_matching

    output = Output(fmt, svg)
    start, end = day_range(date_from, date_to, on)
    certain_range(certain, start, end, undated)
    typed_regions = regions(near, within, bbox, include_parents)
    queries = text_queries(text)
    data = chronology(ctx)
    filters = event_filters(data, place=place, actor=actor, side=side, source=source,
                            source_kind=source_kind, event_type=event_type)
    spaces = space_filters(data, typed_regions)
    chosen = select(data, start, end, undated=undated, certain=certain,
                    where=filters.keys(), spaces=[set(f.points) for f in spaces],
                    among=events_matching(data, queries))
    say_by_parent(chosen.events, spaces)
    say_left_out(chosen.undated_left_out)
    say_possible(chosen.possible_left_out)
    counts = compute(data, chosen.events, start, end)
    output.emit(WeeklyCounts(data, counts, found=bool(chosen.events)))
    closing_line(len(chosen.events), "events", undated=chosen.undated_left_out,
                 possible=chosen.possible_left_out)
