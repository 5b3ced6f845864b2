"""`qalamoun stats`: events and claimed deaths per week."""

import typer

from qalamoun_cli.cli.options import (
    OBJECT_FORMATS,
    ActorOption,
    CertainOption,
    FromOption,
    OnOption,
    PlaceOption,
    SvgOption,
    TextOption,
    ToOption,
    TypeOption,
    UndatedOption,
    certain_range,
    chronology,
    day_range,
    format_option,
    record_ids,
    say_left_out,
    say_possible,
    source_option,
    text_queries,
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
    from qalamoun_cli.hierarchy import actors_of, descendants
    from qalamoun_cli.render.results import WeeklyCounts
    from qalamoun_cli.selection import select
    from qalamoun_cli.stats import compute
    from qalamoun_cli.textsearch import events_matching

    output = Output(fmt, svg)
    start, end = day_range(date_from, date_to, on)
    certain_range(certain, start, end, undated)
    queries = text_queries(text)
    data = chronology(ctx)
    types = type_choices(event_type, data.words("event_types", EVENT_TYPES))
    places = record_ids(data, "place", place, "--place")
    actors = record_ids(data, "actor", actor, "--actor")
    source_ids = record_ids(data, "source", source, "--source")
    chosen = select(data, start, end, undated=undated, certain=certain,
                    places=descendants(data, places) if places is not None else None,
                    actors=actors_of(data, actors) if actors is not None else None,
                    sources=set(source_ids) if source_ids is not None else None,
                    types=set(types) if types else None,
                    among=events_matching(data, queries))
    say_left_out(chosen.undated_left_out)
    say_possible(chosen.possible_left_out)
    output.emit(WeeklyCounts(data, compute(data, chosen.events), found=bool(chosen.events)))
