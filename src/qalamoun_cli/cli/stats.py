"""`qalamoun stats`: events and claimed deaths per week."""

import typer

from qalamoun_cli.cli.options import (
    INCLUDE_PARENTS,
    OBJECT_FORMATS,
    ActorOption,
    BboxOption,
    CertainOption,
    FromOption,
    NearOption,
    OnOption,
    PlaceOption,
    SvgOption,
    ToOption,
    TypeOption,
    UndatedOption,
    WithinOption,
    certain_range,
    chronology,
    day_range,
    format_option,
    record_ids,
    regions,
    say_by_parent,
    say_left_out,
    say_possible,
    source_option,
    space_filters,
    type_choices,
)
from qalamoun_cli.model import EVENT_TYPES


def stats(
    ctx: typer.Context,
    date_from: FromOption = None,
    date_to: ToOption = None,
    on: OnOption = None,
    place: PlaceOption = None,
    actor: ActorOption = None,
    source: source_option("Only events this source reported or claimed on "
                          "(repeatable).") = None,
    event_type: TypeOption = None,
    near: NearOption = None,
    within: WithinOption = None,
    bbox: BboxOption = None,
    include_parents: INCLUDE_PARENTS = False,
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
    from qalamoun_cli.hierarchy import actors_of, descendants
    from qalamoun_cli.render.results import WeeklyCounts
    from qalamoun_cli.selection import select
    from qalamoun_cli.stats import compute

    output = Output(fmt, svg)
    start, end = day_range(date_from, date_to, on)
    certain_range(certain, start, end, undated)
    typed_regions = regions(near, within, bbox, include_parents)
    data = chronology(ctx)
    types = type_choices(event_type, data.words("event_types", EVENT_TYPES))
    places = record_ids(data, "place", place, "--place")
    actors = record_ids(data, "actor", actor, "--actor")
    source_ids = record_ids(data, "source", source, "--source")
    spaces = space_filters(data, typed_regions)
    chosen = select(data, start, end, undated=undated, certain=certain,
                    places=descendants(data, places) if places is not None else None,
                    actors=actors_of(data, actors) if actors is not None else None,
                    sources=set(source_ids) if source_ids is not None else None,
                    types=set(types) if types else None,
                    spaces=[set(f.points) for f in spaces])
    say_by_parent(chosen.events, spaces)
    say_left_out(chosen.undated_left_out)
    say_possible(chosen.possible_left_out)
    output.emit(WeeklyCounts(data, compute(data, chosen.events), found=bool(chosen.events)))
