"""`qalamoun casualties`: claims side by side, and per-source sums."""

from typing import Annotated

import click
import typer

from qalamoun_cli.cli.messages import say
from qalamoun_cli.cli.options import (
    INCLUDE_PARENTS,
    TEXT_FORMATS,
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
    choice,
    chronology,
    closing_line,
    count_and_limit,
    count_option,
    day_range,
    event_filters,
    first_of,
    format_option,
    limit_option,
    record_ids,
    regions,
    say_by_parent,
    say_left_out,
    say_possible,
    source_kind_option,
    source_option,
    space_filters,
    text_queries,
    vocabulary_words,
)
from qalamoun_cli.errors import UsageProblem
from qalamoun_cli.model import CASUALTY_OUTCOMES, OUTCOMES, SCOPES


def casualties(
    ctx: typer.Context,
    source: source_option("Keep incidents on which this source made a claim (name or "
                          "alias, any case; repeatable: any of them); other sources' "
                          "claims stay beside it.") = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    on: OnOption = None,
    place: PlaceOption = None,
    actor: ActorOption = None,
    side: SideOption = None,
    source_kind: source_kind_option(
        "Keep incidents on which a source of this kind made a claim: monitor, party-media, "
        "news-media, official, ... (`qalamoun sources` lists them; repeatable).") = None,
    event_type: TypeOption = None,
    near: NearOption = None,
    within: WithinOption = None,
    bbox: BboxOption = None,
    include_parents: INCLUDE_PARENTS = False,
    text: TextOption = None,
    party: Annotated[list[str] | None, typer.Option(
        "--party", help="Only claims about this actor or side (repeatable).")] = None,
    outcome: Annotated[list[str] | None, typer.Option(
        "--outcome", help=f"Only these outcomes: {', '.join(OUTCOMES)} (repeatable; "
                          f"default: {', '.join(CASUALTY_OUTCOMES)}).")] = None,
    scope: Annotated[str | None, typer.Option(
        "--scope", help="Only single incidents, or only whole-campaign claims.",
        click_type=click.Choice(SCOPES))] = None,
    show_totals: Annotated[bool, typer.Option(
        "--totals", help="Show per-source sums of incident claims beside the "
                         "campaign-level claims, each dataset's apart, with the caveats "
                         "that apply.")] = False,
    by: Annotated[str | None, typer.Option(
        "--by", metavar="GROUPING", help="With --totals: show the sums grouped by the side "
                                         "of their party (side) or the kind of their source "
                                         "(source-kind); a grouping of separate claims, "
                                         "never added together.")] = None,
    undated: UndatedOption = False,
    certain: CertainOption = False,
    limit: limit_option("incidents (the campaign counts as one)") = None,
    count: count_option("incidents (the campaign counts as one)") = False,
    fmt: format_option(*TEXT_FORMATS) = "table",
    svg: SvgOption = None,
) -> None:
    """Show casualty claims side by side: one column per source, one row per party.

    Figures are shown as reported (ranges, "42+", "at least nine", "dozens"), never
    turned into a single number; the spread column shows how far apart sources are.

    Examples:

      qalamoun casualties --source SOHR

      qalamoun casualties --from 2015-05-13 --to 2015-05-13

      qalamoun casualties --scope campaign --outcome killed --outcome strength

      qalamoun casualties --totals --format csv

      qalamoun casualties --totals --place Qalamoun --place "Ras al-Maara"
    """
    from qalamoun_cli import claims
    from qalamoun_cli.cli.output import Output
    from qalamoun_cli.filters import sources_meeting
    from qalamoun_cli.hierarchy import actors_of
    from qalamoun_cli.render.results import Claims, Totals
    from qalamoun_cli.textsearch import campaign_matches, events_matching

    output = Output(fmt, svg)
    start, end = day_range(date_from, date_to, on)
    certain_range(certain, start, end, undated)
    count_and_limit(count, limit, fmt, svg, "incidents")
    grouping = choice(by, claims.GROUPINGS, "--by")
    if grouping is not None and not show_totals:
        raise UsageProblem("--by groups the sums of --totals: give --totals too")
    if show_totals and (count or limit is not None):
        raise UsageProblem(f"--totals sums every incident chosen: give it without "
                           f"{'--count' if count else '--limit'}")
    outcome = vocabulary_words(outcome, OUTCOMES, "--outcome", "outcome")
    typed_regions = regions(near, within, bbox, include_parents)
    queries = text_queries(text)
    data = chronology(ctx)
    known = tuple(s.name for s in data.sources.values()) if source else ()
    filters = event_filters(data, place=place, actor=actor, side=side, source=source,
                            source_kind=source_kind, event_type=event_type,
                            source_known=known)
    source_ids = sources_meeting(filters.source_sets())
    spaces = space_filters(data, typed_regions)
    parties = None
    if party:
        chosen = record_ids(data, "actor", party, "--party", "party")
        parties = set(chosen) | actors_of(data, chosen)
    if show_totals:
        start, end, campaign_dates = claims.totals_range(data, start, end)
        if campaign_dates:
            say(f"summing incidents of {start or 'an unknown start'} to "
                f"{end or 'an unknown end'}, the campaign's dates (set --from/--to or --on "
                f"to change)")
    scopes = {scope} if scope else set(SCOPES)
    if queries is not None and not campaign_matches(data, queries):
        scopes.discard("campaign")
    selected, left_out, possible = claims.incidents(
        data, start, end, parties=parties,
        outcomes=set(outcome) if outcome else set(CASUALTY_OUTCOMES),
        scopes=scopes, undated=undated,
        where=filters.keys("claim_source"), certain=certain,
        spaces=[set(f.points) for f in spaces], among=events_matching(data, queries))
    say_by_parent([i.event for i in selected if i.event is not None], spaces)
    say_left_out(left_out)
    # The campaign, left out too when its dates are not certainly inside, is no event.
    say_possible(possible, ("incident", "incidents"))
    if not show_totals:
        shown_incidents = first_of(selected, count, limit, "incidents")
        if shown_incidents is not None:
            output.emit(Claims(data, shown_incidents))
            closing_line(len(shown_incidents), "incidents", undated=left_out,
                         possible=possible,
                         beyond_limit=len(selected) - len(shown_incidents))
        return
    sums = claims.totals(data, selected, source_ids)
    campaign = data.campaign.date if data.campaign is not None else None
    # Fewer places, actors or types than the campaign's own: its claims cover more.
    narrowed = filters.narrows_events() or bool(spaces) or queries is not None \
        or campaign is None \
        or (start, end) != (campaign.start, campaign.end)
    groups = None
    if grouping is not None:
        sums, groups = claims.grouped(data, sums, grouping)
    applying = claims.caveats(sums, narrowed)
    output.emit(Totals(data, sums, found=bool(selected), caveats=applying, groups=groups))
    for key in claims.CAVEATS:
        if any(key in row for row in applying):
            say(f"caveat: {claims.CAVEATS[key]}")
    left_out = claims.unsummed(selected)
    if left_out:  # never silently: `casualties` without --totals shows each of them
        say(f"{left_out} claim(s) not summed: replaced by a later figure (supersedes) or part "
            f"of a figure that is summed (within); casualties without --totals shows each")
