"""Plain records for a chronology: dates, places, actors, sources, claims, events.

Records are NamedTuples: immutable, cheap to build, and rebuilt from the compiled form at C
speed (see compiled.py). Chronology holds them with lookup tables by id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

# "unknown": the source gives no usable date (schema 2); the span then has no bounds.
DATE_PRECISIONS = ("day", "days", "week", "month", "season", "year", "unknown")
EVENT_TYPES = (
    "attack", "clash", "capture", "ambush", "strike", "retreat",
    "siege", "statement", "agreement", "reorganisation",
)
# "casualties": killed and wounded together, never added into either (schema 2).
OUTCOMES = ("killed", "wounded", "casualties", "captured", "missing", "strength")
CASUALTY_OUTCOMES = ("killed", "wounded", "casualties", "captured", "missing")
# What a claim is about: one incident (an event), or the campaign as a whole.
SCOPES = ("incident", "campaign")
PLACE_KINDS = (
    "town", "village", "hill/peak", "mountain range", "border crossing",
    "barrens/jurd area", "military base", "valley", "refugee camp", "region", "area",
)
COORD_PRECISIONS = ("exact", "approximate")
ACTOR_KINDS = (
    "armed-forces", "unit", "militia", "rebel-group", "jihadist-group", "coalition",
    "person", "state", "organisation",
)
SOURCE_KINDS = (
    "monitor", "party-media", "state-media", "news-media", "security-services",
    "military-source", "official", "analyst", "opposition-source",
    "pro-government-source", "unattributed",
)


class DateSpan(NamedTuple):
    """A date as worded, with its earliest and latest possible day.

    A bound that is None is unknown: the span is open on that side (schema 2). With both
    None the event is undated.
    """

    text: str | None
    start: date | None
    end: date | None
    precision: str
    anchor: str | None = None

    @property
    def undated(self) -> bool:
        """Return whether neither bound is known."""
        return self.start is None and self.end is None


UNDATED = DateSpan(None, None, None, "unknown")


class Side(NamedTuple):
    id: str
    name: str
    description: str | None = None


class Actor(NamedTuple):
    id: str
    name: str
    side: str | None  # None: the source does not say (schema 2)
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    note: str | None = None
    dataset: int = 0  # which of the datasets read together (Chronology.dataset_of)


class Source(NamedTuple):
    id: str
    name: str
    kind: str | None  # None: unknown (schema 2)
    description: str | None = None
    aliases: tuple[str, ...] = ()
    # The credit its terms ask for (a standard dataset: UCDP GED's CC BY 4.0 attribution).
    attribution: str | None = None
    dataset: int = 0


class Place(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    arabic: str | None = None
    country: str | None = None
    kind: str | None = None
    parent: str | None = None
    lat: float | None = None
    lon: float | None = None
    coord_precision: str | None = None
    note: str | None = None
    dataset: int = 0


class Claim(NamedTuple):
    """One source's figure for one party and outcome, on one event or the campaign.

    Schema 2 adds: PARTY may be None (the source's words for whom it is about are then in
    PARTY_TEXT, which may also stand beside a party); ID names the claim for SUPERSEDES (a
    later figure that replaces the claim named) and WITHIN (a part of the claim named,
    never added on top of it); BEST is a central estimate, LOW <= BEST <= HIGH.
    """

    source: str
    party: str | None
    outcome: str
    low: int | None
    high: int | None
    as_reported: str
    event: str | None = None
    note: str | None = None
    party_text: str | None = None
    id: str | None = None
    supersedes: str | None = None
    within: str | None = None
    best: int | None = None
    # Why the figures as published break LOW <= BEST <= HIGH (a standard dataset keeps them
    # as released, never "fixed"); None: they keep it. Hand-made YAML must keep it.
    inconsistent: str | None = None


class Quantity(NamedTuple):
    source: str
    measure: str
    low: int | None
    high: int | None
    unit: str | None
    as_reported: str
    event: str | None = None


class Event(NamedTuple):
    id: str
    date: DateSpan  # UNDATED when the source gives no date
    section: str | None  # None: unknown (schema 2), as for TYPE
    type: str | None
    summary: str
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    note: str | None = None
    # A standard dataset's own words for where it happened, and the articles it cites
    # (UCDP GED's where_description and source_article).
    where_description: str | None = None
    source_article: str | None = None
    # What each actor was in the event, in the dataset's own words (its column: GED's
    # side_a/side_b, ACLED's actor1/assoc_actor_1/...), in the order of ACTORS; () where
    # the data does not say (hand-made YAML).
    roles: tuple[str, ...] = ()
    # Which of the datasets read together it is from: an index into Chronology.datasets,
    # so that the compiled form does not depend on what the datasets are called.
    dataset: int = 0

    def actor_roles(self) -> list[tuple[str, str | None]]:
        """Return (actor id, role or None where the data does not say) for each actor."""
        return list(zip(self.actors, self.roles or (None,) * len(self.actors), strict=True))


class Campaign(NamedTuple):
    name: str
    date: DateSpan | None
    section: str | None
    claims: tuple[Claim, ...] = ()
    quantities: tuple[Quantity, ...] = ()


class Chronology:
    """A whole dataset, with lookup tables by id.

    A plain class, not a dataclass: importing dataclasses took about a millisecond of every
    run, and nothing compares or prints chronologies.
    """

    def __init__(self, sides: dict[str, Side] | None = None,
                 actors: dict[str, Actor] | None = None,
                 sources: dict[str, Source] | None = None,
                 places: dict[str, Place] | None = None,
                 events: Sequence[Event] | None = None,
                 campaign: Campaign | None = None, origin: str = "",
                 compiled_names: Callable[[str], tuple] | None = None,
                 vocabulary: dict[str, tuple[str, ...]] | None = None) -> None:
        self.sides = {} if sides is None else sides
        self.actors = {} if actors is None else actors
        self.sources = {} if sources is None else sources
        self.places = {} if places is None else places
        # In display order (store.in_display_order): a list from the loader, an indexed
        # store.EventStore from the compiled form.
        self.events: Sequence[Event] = [] if events is None else events
        self.campaign = campaign
        self.origin = origin
        # Returns the compiled name index of one kind (place, actor, source; see
        # search.name_rows) when the chronology came from the cache, which reads it only
        # when a command searches that kind.
        self.compiled_names = compiled_names
        # The words this dataset adds to each vocabulary (schema 2's `vocabulary:`), by
        # name: "event_types", "source_kinds", "actor_kinds", "place_kinds".
        self.vocabulary = {} if vocabulary is None else vocabulary
        # The optional SQLite parts its compiled form has ("fts5", "rtree"; see compiled.py).
        self.features: tuple[str, ...] = ()
        # The name of each dataset read together (dataset.dataset_labels), set at load
        # time: records hold an index into it.
        self.datasets: tuple[str, ...] = ()
        # Where a record is declared, (file, line), by kind and id (None: not known); set
        # by the readers, read when datasets are merged (load/readers.py), then dropped.
        self.declared_at: Callable[[str, str], tuple[str, int] | None] | None = None
        # What the YAML reader made of EVENTS for the compile while reading them in parts
        # (compiled.Made: the events as they were then, and the folded words of each, or
        # None); taken by compiled.write_database.
        self.prepared: tuple[tuple[Event, ...], list[bytes | None]] | None = None

    def dataset_of(self, record: Event | Place | Actor | Source) -> str | None:
        """Return the name of the dataset RECORD is from (None: the datasets are unnamed).

        A claim is from its event's dataset, which is also its source's.
        """
        index = record.dataset
        return self.datasets[index] if index < len(self.datasets) else None

    def words(self, name: str, base: tuple[str, ...]) -> tuple[str, ...]:
        """Return the vocabulary BASE (e.g. EVENT_TYPES) with this dataset's own words."""
        return base + tuple(w for w in self.vocabulary.get(name, ()) if w not in base)

    def party_name(self, party_id: str | None) -> str:
        """Return the display name of a claim's party (an actor or a side)."""
        if party_id is None:
            return "party unknown"
        if party_id in self.actors:
            return self.actors[party_id].name
        if party_id in self.sides:
            return self.sides[party_id].name
        return party_id

    def prefetch(self, events: Sequence[Event], *, claims_only: bool = False) -> None:
        """Read at once the places, actors and sources EVENTS name, where records are read
        as they are asked for (the compiled form): one query, not one per name.

        CLAIMS_ONLY: only the sources and parties of their claims (what claims are shown
        with; the places of 2,900 events were 6,000 records read for nothing).
        """
        parties = {c.party for e in events for c in e.claims if c.party}
        wanted = [(self.actors, parties), (self.sides, parties),
                  (self.sources, {c.source for e in events for c in e.claims})]
        if not claims_only:
            wanted = [(self.places, [p for e in events for p in e.places]),
                      (self.actors, {a for e in events for a in e.actors} | parties),
                      (self.sides, parties),
                      (self.sources, {s for e in events for s in e.sources}
                       | {c.source for e in events for c in e.claims})]
        for records, ids in wanted:
            prefetch = getattr(records, "prefetch", None)
            if prefetch is not None:
                prefetch(ids)

    def event_ids(self) -> list[str]:
        """Return every event's id in display order (the compiled form reads only ids)."""
        ids = getattr(self.events, "ids", None)
        return ids() if ids is not None else [e.id for e in self.events]

    def find_event(self, event_id: str) -> Event | None:
        """Return the event with this id, or None."""
        find = getattr(self.events, "find", None)  # the compiled form's index by id
        if find is not None:
            return find(event_id)
        return next((e for e in self.events if e.id == event_id), None)

    def all_claims(self) -> list[Claim]:
        """Return every claim: the campaign's first, then the events' in date order."""
        out = list(self.campaign.claims) if self.campaign else []
        for event in self.events:
            out.extend(event.claims)
        return out
