"""Plain dataclasses for a chronology: dates, places, actors, sources, claims, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DATE_PRECISIONS = ("day", "days", "week", "month", "season", "year")
EVENT_TYPES = (
    "attack", "clash", "capture", "ambush", "strike", "retreat",
    "siege", "statement", "agreement", "reorganisation",
)
OUTCOMES = ("killed", "wounded", "captured", "strength")
CASUALTY_OUTCOMES = ("killed", "wounded", "captured")
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


@dataclass(frozen=True)
class DateSpan:
    """A date as worded, with its earliest and latest possible day."""

    text: str
    start: date
    end: date
    precision: str
    anchor: str | None = None


@dataclass(frozen=True)
class Side:
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    side: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str
    description: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
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


@dataclass(frozen=True)
class Claim:
    """One source's figure for one party and outcome, on one event or the campaign."""

    source: str
    party: str
    outcome: str
    low: int | None
    high: int | None
    as_reported: str
    event: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Quantity:
    source: str
    measure: str
    low: int | None
    high: int | None
    unit: str | None
    as_reported: str
    event: str | None = None


@dataclass(frozen=True)
class Event:
    id: str
    date: DateSpan
    section: str
    type: str
    summary: str
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True)
class Campaign:
    name: str
    date: DateSpan | None
    section: str | None
    claims: tuple[Claim, ...] = ()
    quantities: tuple[Quantity, ...] = ()


@dataclass
class Chronology:
    """A whole dataset, with lookup tables by id."""

    sides: dict[str, Side] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    campaign: Campaign | None = None
    origin: str = ""

    def party_name(self, party_id: str) -> str:
        """Return the display name of a claim's party (an actor or a side)."""
        if party_id in self.actors:
            return self.actors[party_id].name
        if party_id in self.sides:
            return self.sides[party_id].name
        return party_id

    def all_claims(self) -> list[Claim]:
        """Return every claim: the campaign's first, then the events' in date order."""
        out = list(self.campaign.claims) if self.campaign else []
        for event in self.events:
            out.extend(event.claims)
        return out
