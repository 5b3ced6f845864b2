"""The JSON contract (see README): every result as plain dicts and lists, one function each.

A result that is a list of records is yielded a record at a time, so that JSON Lines streams.

The keys are what programs rely on: tests/test_json_contract.py pins them for every command.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from qalamoun_cli.dates import iso
from qalamoun_cli.model import (
    Actor,
    Chronology,
    Claim,
    DateSpan,
    Event,
    Place,
    Quantity,
    Source,
)
from qalamoun_cli.render.wording import attributions

if TYPE_CHECKING:
    from qalamoun_cli.claims import Group, Incident, Total
    from qalamoun_cli.search import PlaceMatch
    from qalamoun_cli.stats import Stats


def date_record(span: DateSpan) -> dict[str, Any]:
    """Return {text, start, end, precision, anchor} with ISO dates."""
    return {
        "text": span.text,
        "start": iso(span.start),
        "end": iso(span.end),
        "precision": span.precision,
        "anchor": span.anchor,
    }


def ref(chronology: Chronology, kind: str, record_id: str) -> dict[str, Any]:
    """Return {id, name} (plus country or side) for a referenced record."""
    if kind == "place":
        place = chronology.places[record_id]
        return {"id": place.id, "name": place.name, "country": place.country}
    if kind == "actor":
        actor = chronology.actors[record_id]
        return {"id": actor.id, "name": actor.name, "side": actor.side}
    if kind == "source":
        return {"id": record_id, "name": chronology.sources[record_id].name}
    return {"id": record_id, "name": chronology.party_name(record_id)}


def actor_refs(chronology: Chronology, event: Event) -> list[dict[str, Any]]:
    """Return the event's actors as {id, name, side, role}: ROLE what the actor was in it,
    in the dataset's words (GED's side_a, ACLED's assoc_actor_1), null where unsaid."""
    return [{**ref(chronology, "actor", a), "role": role} for a, role in event.actor_roles()]


def claim_record(chronology: Chronology, claim: Claim) -> dict[str, Any]:
    """Return a claim as {source, party, outcome, low, high, as_reported, ...}.

    PARTY is null when the source's words (party_text) are all that say whom it is about.
    """
    return {
        "source": ref(chronology, "source", claim.source),
        "party": None if claim.party is None else ref(chronology, "party", claim.party),
        "outcome": claim.outcome,
        "low": claim.low,
        "high": claim.high,
        "as_reported": claim.as_reported,
        "party_text": claim.party_text,
        "best": claim.best,
        "id": claim.id,
        "supersedes": claim.supersedes,
        "within": claim.within,
        # False: the figures as published break low <= best <= high (kept as released).
        "consistent_at_source": claim.inconsistent is None,
    }


def quantity_record(chronology: Chronology, quantity: Quantity) -> dict[str, Any]:
    """Return a quantity as {source, measure, low, high, unit, as_reported}."""
    return {
        "source": ref(chronology, "source", quantity.source),
        "measure": quantity.measure,
        "low": quantity.low,
        "high": quantity.high,
        "unit": quantity.unit,
        "as_reported": quantity.as_reported,
    }


def event_record(chronology: Chronology, event: Event) -> dict[str, Any]:
    """Return an event in the shape of `timeline --format json`."""
    return {
        "id": event.id,
        "date": date_record(event.date),
        "section": event.section,
        "type": event.type,
        "places": [ref(chronology, "place", p) for p in event.places],
        "actors": actor_refs(chronology, event),
        "sources": [ref(chronology, "source", s) for s in event.sources],
        "summary": event.summary,
        "claims": [claim_record(chronology, c) for c in event.claims],
        "quantities": [quantity_record(chronology, q) for q in event.quantities],
        "note": event.note,
        "where_description": event.where_description,
        "source_article": event.source_article,
        "dataset": chronology.dataset_of(event),
    }


def place_record(place: Place, chronology: Chronology | None = None) -> dict[str, Any]:
    """Return a place card: {id, name, aliases, arabic, country, kind, lat, lon, ...}."""
    out: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "aliases": list(place.aliases),
        "arabic": place.arabic,
        "country": place.country,
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "coord_precision": place.coord_precision,
        "parent": None,
        "note": place.note,
        "dataset": None if chronology is None else chronology.dataset_of(place),
    }
    if chronology is not None and place.parent in chronology.places:
        out["parent"] = {"id": place.parent, "name": chronology.places[place.parent].name}
    return out


def events(chronology: Chronology, chosen: Sequence[Event]) -> Iterator[dict[str, Any]]:
    """Yield the records of `timeline --format json`: one event record each."""
    return (event_record(chronology, e) for e in chosen)


def event_detail(chronology: Chronology, event: Event) -> dict[str, Any]:
    """Return `show --format json`: the event record with its places, sources and notes."""
    record = event_record(chronology, event)
    record["places"] = [place_record(chronology.places[p], chronology) for p in event.places]
    record["sources"] = [{"id": s, "name": chronology.sources[s].name,
                          "kind": chronology.sources[s].kind,
                          "description": chronology.sources[s].description}
                         for s in event.sources]
    # The credit each source of its claims asks for (UCDP GED's CC BY 4.0 attribution).
    record["attribution"] = attributions(chronology, event)
    for claim_json, claim in zip(record["claims"], event.claims, strict=True):
        claim_json["note"] = claim.note
    return record


def place_matches(chronology: Chronology,
                  matches: Sequence[PlaceMatch]) -> Iterator[dict[str, Any]]:
    """Yield the records of `place --format json`: each matching place with its events."""
    return ({
        "place": {**place_record(chronology.places[found.match.id], chronology),
                  "children": [{"id": c, "name": chronology.places[c].name}
                               for c in found.children]},
        "score": found.match.score,
        "matched": found.match.matched,
        "events": [event_record(chronology, e) for e in found.events],
    } for found in matches)


def claims(chronology: Chronology, incidents: Sequence[Incident]) -> Iterator[dict[str, Any]]:
    """Yield the records of `casualties --format json`: one per claim, with its event."""
    from qalamoun_cli.claims import dataset_label

    for incident in incidents:
        event = incident.event
        head = None if event is None else {"id": event.id, "date": date_record(event.date)}
        for claim in incident.claims:
            yield {"event": head, "scope": incident.scope, **claim_record(chronology, claim),
                   "dataset": dataset_label(chronology, event, claim.source)}


def totals(chronology: Chronology, sums: Sequence[Total],
           caveats: Sequence[tuple[str, ...]],
           groups: Sequence[Group] | None = None) -> Iterator[dict[str, Any]]:
    """Yield the records of `casualties --totals --format json`: per source, party, outcome.

    CAVEATS: for each sum, the keys of claims.CAVEATS that apply to it, written as words.
    GROUPS (--by): each sum's group, written before it with what a grouping is, and every
    claim it sums after it.
    """
    records = _totals(chronology, sums, caveats)
    if groups is None:
        return records
    return ({"group": _group(g), **record, "claims": [
        {"event_id": event_id, **claim_record(chronology, c)} for event_id, c in t.claims]}
        for g, t, record in zip(groups, sums, records, strict=True))


def _group(group: Group) -> dict[str, Any]:
    from qalamoun_cli.claims import GROUPING_NOTE

    return {"by": group.by, "id": group.key, "name": group.label, "grouping": GROUPING_NOTE}


def _totals(chronology: Chronology, sums: Sequence[Total],
            caveats: Sequence[tuple[str, ...]]) -> Iterator[dict[str, Any]]:
    from qalamoun_cli.claims import CAVEATS

    return ({
        "source": {"id": t.source, "name": chronology.sources[t.source].name},
        "party": None if t.party is None else {"id": t.party,
                                               "name": chronology.party_name(t.party)},
        "party_text": t.party_text,
        "outcome": t.outcome, "sum_low": t.low, "sum_high": t.high,
        "lower_bound": t.lower_bound, "terms": t.terms, "incidents": t.incidents,
        "vague": list(t.vague),
        "campaign_as_reported": t.campaign.as_reported if t.campaign else None,
        "dataset": t.dataset, "sum": t.text(), "sum_best": t.best, "events": t.events,
        "open_ended": t.open_ended, "inconsistent_at_source": list(t.inconsistent),
        "caveats": [CAVEATS[k] for k in keys],
    } for t, keys in zip(sums, caveats, strict=True))


def places(chronology: Chronology, chosen: Sequence[Place]) -> Iterator[dict[str, Any]]:
    """Yield the records of `places --format json`: one place record each."""
    return (place_record(p, chronology) for p in chosen)


def actors(chronology: Chronology, chosen: Sequence[Actor]) -> Iterator[dict[str, Any]]:
    """Yield the records of `actors --format json`."""
    return ({"id": a.id, "name": a.name, "aliases": list(a.aliases),
             "side": None if a.side is None else {"id": a.side,
                                                  "name": chronology.party_name(a.side)},
             "kind": a.kind,
             "part_of": a.part_of, "note": a.note,
             "dataset": chronology.dataset_of(a)} for a in chosen)


def sources(chronology: Chronology, chosen: Sequence[Source], claims: dict[str, int],
            reported: dict[str, int]) -> Iterator[dict[str, Any]]:
    """Yield the records of `sources --format json`, with each source's claims and events."""
    return ({"id": s.id, "name": s.name, "kind": s.kind, "description": s.description,
             "aliases": list(s.aliases), "claims": claims.get(s.id, 0),
             "events_reported": reported.get(s.id, 0),
             "dataset": chronology.dataset_of(s)} for s in chosen)


def stats(counts: Stats) -> dict[str, Any]:
    """Return `stats --format json`: the events of every week, the three weekly series,
    and the events not counted."""
    return {
        # Every week from the first to the last, a week without events too (count 0).
        "events_per_week": [{"week": week, "count": n} for week, n in counts.weeks],
        "events_by_type": [{"week": c.week, "type": c.key, "count": c.count}
                           for c in counts.by_type],
        "events_by_side": [{"week": c.week, "side": c.key, "count": c.count}
                           for c in counts.by_side],
        "deaths_claimed": [{"week": d.week, "source": d.source, "sum_low": d.low,
                            "sum_high": d.high, "open_ended": d.open_ended,
                            "vague_terms": d.vague, "inconsistent_at_source": list(d.inconsistent)}
                           for d in counts.deaths],
        "not_counted": counts.unplaced,
    }
