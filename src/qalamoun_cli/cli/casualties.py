"""`qalamoun casualties`: claims side by side, and per-source sums."""

from typing import Annotated

import click
import typer

from qalamoun_cli.cli.messages import say
from qalamoun_cli.cli.options import (
    TEXT_FORMATS,
    FromOption,
    OnOption,
    PlaceOption,
    SvgOption,
    TextOption,
    ToOption,
    UndatedOption,
    choices,
    chronology,
    day_range,
    format_option,
    record_ids,
    say_left_out,
    source_option,
    text_queries,
)
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
    undated: UndatedOption = False,
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
    from qalamoun_cli.hierarchy import actors_of, descendants
    from qalamoun_cli.render.results import Claims, Totals
    from qalamoun_cli.textsearch import campaign_matches, events_matching

    output = Output(fmt, svg)
    start, end = day_range(date_from, date_to, on)
    outcome = choices(outcome, OUTCOMES, "--outcome", "outcome")
    queries = text_queries(text)
    data = chronology(ctx)
    source_ids = None
    if source:
        known = tuple(s.name for s in data.sources.values())
        source_ids = set(record_ids(data, "source", source, "--source", known=known))
    chosen_places = record_ids(data, "place", place, "--place")
    places = descendants(data, chosen_places) if chosen_places is not None else None
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
    selected, left_out = claims.incidents(
        data, start, end, source=source_ids, parties=parties,
        outcomes=set(outcome) if outcome else set(CASUALTY_OUTCOMES),
        scopes=scopes, undated=undated, places=places,
        among=events_matching(data, queries))
    say_left_out(left_out)
    if not show_totals:
        output.emit(Claims(data, selected))
        return
    sums = claims.totals(data, selected, source_ids)
    campaign = data.campaign.date if data.campaign is not None else None
    narrowed = places is not None or campaign is None \
        or (start, end) != (campaign.start, campaign.end)
    applying = claims.caveats(sums, narrowed)
    output.emit(Totals(data, sums, found=bool(selected), caveats=applying))
    for key in claims.CAVEATS:
        if any(key in row for row in applying):
            say(f"caveat: {claims.CAVEATS[key]}")
