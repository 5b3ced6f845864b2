"""A TimelineJS 3 document (its JSON format): a slide per dated event, the campaign as title.

TimelineJS cannot say that a date is uncertain (its issue #499): each slide keeps the
interval in start_date and end_date, and says the uncertainty in display_date with the
wording the tables use ("c. 10–20 Apr 2015"). TimelineJS reads headline and text as HTML,
so every text from the data is HTML-escaped here: it shows as written and never runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from qalamoun_cli.dates import label
from qalamoun_cli.model import Chronology, Event
from qalamoun_cli.render.wording import claim_brief, known, names
from qalamoun_cli.render.wording import html_text as escape


def _date(day: date) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


def _paragraphs(*texts: str | None) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in texts if t)


def slide(chronology: Chronology, event: Event) -> dict[str, Any]:
    """Return EVENT as a TimelineJS slide; it must have a first possible day."""
    span = event.date
    assert span.start is not None
    places = names(chronology, "place", event.places)
    claims = [claim_brief(chronology, c) for c in event.claims]
    made: dict[str, Any] = {"start_date": _date(span.start)}
    if span.end is not None and span.end != span.start:
        made["end_date"] = _date(span.end)
    made["display_date"] = label(span)
    made["text"] = {
        "headline": escape(f"{known(event.type)}: {places}" if places else known(event.type)),
        "text": _paragraphs(event.summary, f"Date as told: {span.text} (precision "
                                           f"{span.precision})", *claims, event.note),
    }
    if event.type is not None:
        made["group"] = escape(event.type)
    made["unique_id"] = event.id
    return made


def document(chronology: Chronology, events: Sequence[Event], licence: str
             ) -> tuple[dict[str, Any], list[str]]:
    """Return the TimelineJS document of EVENTS, and the ids of those with no first day."""
    campaign = chronology.campaign
    heading = campaign.name if campaign else "qalamoun timeline"
    when = label(campaign.date) if campaign and campaign.date else None
    slides, left_out = [], []
    for event in events:
        if event.date.start is None:
            left_out.append(event.id)
        else:
            slides.append(slide(chronology, event))
    title = {"text": {"headline": escape(heading),
                      "text": _paragraphs(when, f"Licence and credit: {licence}")}}
    return {"title": title, "events": slides}, left_out
