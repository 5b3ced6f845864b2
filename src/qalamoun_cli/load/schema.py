"""The record schema as data: for each kind of record, its fields, their types and rules.

The builder reads every field from these tables, and the field tables of
docs/data-format.md are made from them (scripts/update_docs.py); rules that tie several
fields together (a date's span and precision, low <= high, references) are code, in build.py.
Plain tuples: importing the schema costs nothing at start-up.

The tables describe schema 2; SCHEMA_1 says how schema 1 differs (fields it requires that
schema 2 leaves optional, its smaller vocabularies), and VERSIONS holds both versions'
records. Each file is read by the rules of the version it declares.
"""

from __future__ import annotations

from typing import NamedTuple

from qalamoun_cli.model import (
    ACTOR_KINDS,
    COORD_PRECISIONS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    OUTCOMES,
    PLACE_KINDS,
    SOURCE_KINDS,
    Actor,
    Campaign,
    Claim,
    DateSpan,
    Event,
    Place,
    Quantity,
    Side,
    Source,
)

SCHEMA_VERSION = 2  # the newest; every version in VERSIONS is read

# Field types.
TEXT = "text"
INTEGER = "integer"
NUMBER = "number"
DAY = "day"
ID = "id"  # the record's own id
REFERENCE = "reference"  # the id of a record of kind `of`
CHOICE = "choice"  # one word of `vocabulary`
TEXTS = "texts"
REFERENCES = "references"
RECORD = "record"  # one nested record of kind `of`
RECORDS = "records"
WORDS = "words"  # a list of vocabulary words a dataset adds to `vocabulary`
LISTS = (TEXTS, REFERENCES, RECORDS, WORDS)


class Field(NamedTuple):
    """One field of a record: how it is read, whether it must be there, what it means."""

    name: str
    type: str
    required: bool
    description: str
    # The kind a REFERENCE, REFERENCES, RECORD or RECORDS field holds ("party": a side or
    # an actor).
    of: str = ""
    vocabulary: tuple[str, ...] = ()
    # The name messages give the field, when not "<the record's label> <name>".
    label: str = ""
    # Inclusive bounds of a NUMBER.
    limits: tuple[float, float] | None = None
    # A required field that may be null (a date's unknown bound): the key must be there.
    nullable: bool = False
    # The `vocabulary:` list whose words a dataset may add to a CHOICE's vocabulary.
    extends: str = ""
    # The first schema version that has the field.
    since: int = 1


class Record(NamedTuple):
    """One kind of record: the mapping that holds it and its fields."""

    kind: str
    # How messages name the mapping ("a side"); empty: named by the field that holds it.
    what: str
    # What messages put before a field's name ("side" -> "side name"); empty: the name alone.
    label: str
    fields: tuple[Field, ...]
    # The model record it becomes (its fields are named as these), or None.
    model: type | None = None
    # The order fields are read in, when not the table's: of two fields given one YAML
    # node (an alias), the second read reports the alias, so this order decides the
    # messages and is kept as it has always been.
    read_order: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        """Return the field called NAME."""
        return next(f for f in self.fields if f.name == name)

    def label_of(self, field: Field, label: str | None = None) -> str:
        """Return the name messages give FIELD (LABEL overriding the record's label)."""
        if field.label:
            return field.label
        prefix = self.label if label is None else label
        return f"{prefix} {field.name}" if prefix else field.name

    def names(self) -> tuple[str, ...]:
        """Return the field names, required ones first, as messages list them."""
        return tuple(f.name for f in self.fields if f.required) + \
            tuple(f.name for f in self.fields if not f.required)

    def reading(self) -> tuple[Field, ...]:
        """Return the fields in the order they are read."""
        if not self.read_order:
            return self.fields
        return tuple(self.field(name) for name in self.read_order)


SIDE = Record("side", "a side", "side", (
    Field("id", ID, True, "unique among sides and actors"),
    Field("name", TEXT, True, "the name shown"),
    Field("description", TEXT, False, "who is on this side"),
), Side)

ACTOR = Record("actor", "an actor", "actor", (
    Field("id", ID, True, "unique among sides and actors"),
    Field("name", TEXT, True, "the name shown"),
    Field("side", REFERENCE, False, "the side it fights on", of="side"),
    Field("aliases", TEXTS, False, "every other name the sources use"),
    Field("kind", CHOICE, False, "what sort of actor", vocabulary=ACTOR_KINDS,
          extends="actor_kinds"),
    Field("part_of", REFERENCE, False, "the actor it belongs to (a unit inside an army)",
          of="actor"),
    Field("note", TEXT, False, "anything else worth knowing"),
), Actor, ("id", "name", "side", "kind", "part_of", "note", "aliases"))

SOURCE = Record("source", "a source", "source", (
    Field("id", ID, True, "unique among sources"),
    Field("name", TEXT, True, "the name shown"),
    Field("kind", CHOICE, False, "what sort of source", vocabulary=SOURCE_KINDS,
          extends="source_kinds"),
    Field("aliases", TEXTS, False, "every other name it goes by"),
    Field("description", TEXT, False, "who they are, as the article describes them"),
), Source, ("id", "name", "kind", "description", "aliases"))

PLACE = Record("place", "a place", "place", (
    Field("id", ID, True, "unique among places"),
    Field("name", TEXT, True, "the name shown"),
    Field("aliases", TEXTS, False, "every spelling, the sources' slips included"),
    Field("arabic", TEXT, False, "the name in Arabic script"),
    Field("country", TEXT, False, "the country it lies in, as any name (`Syria`, "
          "`Syria/Lebanon`)"),
    Field("kind", CHOICE, False, "what sort of place", vocabulary=PLACE_KINDS,
          extends="place_kinds"),
    Field("parent", REFERENCE, False, "the place it lies in (a hill inside a barrens area); "
          "never itself, no cycles", of="place"),
    Field("lat", NUMBER, False, "latitude, WGS84 decimal degrees; set with `lon`",
          label="lat", limits=(-90, 90)),
    Field("lon", NUMBER, False, "longitude, WGS84 decimal degrees; set with `lat`",
          label="lon", limits=(-180, 180)),
    Field("coord_precision", CHOICE, False, "how exact `lat` and `lon` are; set exactly "
          "when they are", vocabulary=COORD_PRECISIONS, label="coord_precision"),
    Field("note", TEXT, False, "anything else worth knowing"),
), Place, ("id", "name", "aliases", "arabic", "country", "note", "kind", "parent", "lat",
           "lon", "coord_precision"))

DATE = Record("date", "", "", (
    Field("text", TEXT, True, "the wording of the source"),
    Field("start", DAY, True, "the earliest possible day; null if unknown", nullable=True),
    Field("end", DAY, True, "the latest possible day; not before `start`; null if unknown",
          nullable=True),
    Field("precision", CHOICE, True, "how well the day is known; bounds the span from "
          "`start` to `end` (see Date precision); `unknown` exactly when both are null",
          vocabulary=DATE_PRECISIONS),
    Field("anchor", REFERENCE, False, "for relative wording (\"two days later\"): the event "
          "it counts from; never the event itself", of="event"),
), DateSpan)

CLAIM = Record("claim", "a claim", "claim", (
    Field("source", REFERENCE, True, "who gives the figure (`unattributed` when the article "
          "names no one)", of="source"),
    Field("party", REFERENCE, False, "whose dead, wounded, captured or fighters: a side or "
          "an actor; this or `party_text` (or both)", of="party"),
    Field("outcome", CHOICE, True, "what is counted (`casualties`: killed and wounded "
          "together; `strength`: fighters fielded)", vocabulary=OUTCOMES),
    Field("as_reported", TEXT, True, "the short phrase as the source gives it "
          "(`\"dozens\"`, `\"at least nine\"`)"),
    Field("low", INTEGER, False, "the lowest figure the phrase admits; null if none"),
    Field("high", INTEGER, False, "the highest figure the phrase admits; null if open-ended; "
          "not below `low`"),
    Field("note", TEXT, False, "anything else worth knowing"),
    Field("party_text", TEXT, False, "the source's own words for whom the figure is about",
          since=2),
    Field("id", ID, False, "names the claim for `supersedes` and `within`; unique among "
          "claims", label="claim id", since=2),
    Field("supersedes", REFERENCE, False, "the claim this later figure replaces (an updated "
          "toll); never itself, no cycles", of="claim", since=2),
    Field("within", REFERENCE, False, "the larger figure this one is part of (never added on "
          "top of it); never itself, no cycles", of="claim", since=2),
    Field("best", INTEGER, False, "a central estimate; not below `low`, not above `high`",
          since=2),
), Claim, ("source", "party", "outcome", "low", "high", "as_reported", "note", "party_text",
           "id", "supersedes", "within", "best"))

QUANTITY = Record("quantity", "a quantity", "quantity", (
    Field("source", REFERENCE, True, "who gives the figure", of="source"),
    Field("measure", TEXT, True, "what was counted"),
    Field("as_reported", TEXT, True, "the short phrase as the source gives it"),
    Field("low", INTEGER, False, "the lowest figure the phrase admits; null if none"),
    Field("high", INTEGER, False, "the highest figure the phrase admits; null if open-ended; "
          "not below `low`"),
    Field("unit", TEXT, False, "the unit of the figure (`bases`, `km2`)"),
), Quantity, ("source", "measure", "low", "high", "unit", "as_reported"))

EVENT = Record("event", "an event", "", (
    Field("id", ID, True, "unique among events", label="event id"),
    Field("date", RECORD, False, "when it happened; absent: undated", of="date"),
    Field("section", TEXT, False, "where in the source it is told"),
    Field("type", CHOICE, False, "what happened (see Event types)", vocabulary=EVENT_TYPES,
          label="event type", extends="event_types"),
    Field("summary", TEXT, True, "what happened, in our own words"),
    Field("places", REFERENCES, False, "where it happened; each place once", of="place"),
    Field("actors", REFERENCES, False, "who took part; each actor once", of="actor"),
    Field("sources", REFERENCES, False, "who reported it; each source once", of="source"),
    Field("claims", RECORDS, False, "casualty and strength figures; one per source, party "
          "and outcome (see Claims)", of="claim"),
    Field("quantities", RECORDS, False, "other figures", of="quantity"),
    Field("note", TEXT, False, "judgement calls and doubts, shown with the event",
          label="event note"),
), Event)

CAMPAIGN = Record("campaign", "the campaign", "campaign", (
    Field("name", TEXT, True, "the name of the campaign"),
    Field("date", RECORD, False, "its first and last day (`precision` describes the bounds; "
          "the span may be long)", of="date"),
    Field("section", TEXT, False, "where in the source its figures are given"),
    Field("claims", RECORDS, False, "campaign-wide casualties and strengths", of="claim",
          label="claims"),
    Field("quantities", RECORDS, False, "other campaign-wide figures", of="quantity",
          label="quantities"),
), Campaign)

_WORD_RULE = "lowercase words like the built-in ones"
VOCABULARY = Record("vocabulary", "the vocabulary", "vocabulary", (
    Field("event_types", WORDS, False, f"event types besides the built-in ones; {_WORD_RULE}",
          vocabulary=EVENT_TYPES),
    Field("source_kinds", WORDS, False, f"source kinds besides the built-in ones; {_WORD_RULE}",
          vocabulary=SOURCE_KINDS),
    Field("actor_kinds", WORDS, False, f"actor kinds besides the built-in ones; {_WORD_RULE}",
          vocabulary=ACTOR_KINDS),
    Field("place_kinds", WORDS, False, f"place kinds besides the built-in ones; {_WORD_RULE}",
          vocabulary=PLACE_KINDS),
))

FILE = Record("file", "the file", "", (
    Field("schema_version", INTEGER, True, "must be 1 or 2, the version of the format the "
          "file is written in"),
    Field("sides", RECORDS, False, "the sides of the conflict (claims may be about a side)",
          of="side"),
    Field("actors", RECORDS, False, "armed groups, units, states, people", of="actor"),
    Field("sources", RECORDS, False, "who reported or claimed something", of="source"),
    Field("places", RECORDS, False, "the gazetteer", of="place"),
    Field("events", RECORDS, False, "the chronology, with casualty claims and other "
          "quantities", of="event"),
    Field("campaign", RECORD, False, "figures about the whole campaign (an infobox); in one "
          "file only", of="campaign"),
    Field("vocabulary", RECORD, False, "words this dataset adds to the built-in event types, "
          "source, actor and place kinds", of="vocabulary", since=2),
))

RECORDS_BY_KIND = {r.kind: r for r in (FILE, SIDE, ACTOR, SOURCE, PLACE, EVENT, DATE, CLAIM,
                                       QUANTITY, CAMPAIGN, VOCABULARY)}

# How schema 1 differs from the tables above: by (kind, field), what the field was. Its
# fields were required, its vocabularies had no dataset words and fewer built-in ones, and
# a required field could not be null; fields `since` 2 (and the `vocabulary` kind) it lacks.
SCHEMA_1 = {
    ("actor", "side"): {"required": True},
    ("actor", "kind"): {"extends": ""},
    ("source", "kind"): {"required": True, "extends": ""},
    ("place", "kind"): {"extends": ""},
    ("date", "start"): {"nullable": False},
    ("date", "end"): {"nullable": False},
    ("date", "precision"): {"vocabulary": tuple(p for p in DATE_PRECISIONS if p != "unknown")},
    ("claim", "party"): {"required": True},
    ("claim", "outcome"): {"vocabulary": tuple(o for o in OUTCOMES
                                               if o not in ("casualties", "missing"))},
    ("event", "date"): {"required": True},
    ("event", "section"): {"required": True},
    ("event", "type"): {"required": True, "extends": ""},
}


def _as_of(version: int, changes: dict[tuple[str, str], dict]) -> dict[str, Record]:
    """Return the records of an older VERSION, made from the newest by CHANGES."""
    out = {}
    for kind, record in RECORDS_BY_KIND.items():
        if kind == "vocabulary":
            continue
        fields = tuple(f._replace(**changes.get((kind, f.name), {}))
                       for f in record.fields if f.since <= version)
        names = {f.name for f in fields}
        out[kind] = record._replace(fields=fields,
                                    read_order=tuple(n for n in record.read_order if n in names))
    return out


VERSIONS = {1: _as_of(1, SCHEMA_1), 2: RECORDS_BY_KIND}


def sections(version: int) -> tuple[str, ...]:
    """Return the names of the sections a file of schema VERSION may hold."""
    return tuple(f.name for f in VERSIONS[version]["file"].fields if f.name != "schema_version")


SECTIONS = sections(SCHEMA_VERSION)
_NAMED = {"party": "a side or actor", "actor": "an actor", "event": "an event"}
_PLURALS = {"quantity": "quantities"}
_TYPE_WORDS = {TEXT: "text", INTEGER: "whole number, at most 10^12", DAY: "day (YYYY-MM-DD)",
               ID: "id (a lowercase slug)", TEXTS: "list of texts", WORDS: "list of words"}


def _type_words(field: Field) -> str:
    if field.type == REFERENCE:
        return f"{_NAMED.get(field.of, 'a ' + field.of)} id"
    if field.type == REFERENCES:
        return f"list of {field.of} ids"
    if field.type == RECORD:
        return f"{field.of} (a mapping)"
    if field.type == RECORDS:
        return f"list of {_PLURALS.get(field.of, field.of + 's')}"
    if field.type == CHOICE:
        words = "one of " + ", ".join(f"`{word}`" for word in field.vocabulary)
        if field.extends:
            words += f", or a word of `vocabulary: {field.extends}` (schema 2)"
        return words
    if field.type == NUMBER:
        low, high = field.limits or ("", "")
        return f"decimal number, {low}..{high}" if field.limits else "decimal number"
    return _TYPE_WORDS[field.type]


def _required_words(kind: str, field: Field) -> str:
    if field.since > 1:
        return "no (schema 2 only)"
    if field.nullable:
        return "yes; may be null (schema 2)"
    if kind in VERSIONS[1] and VERSIONS[1][kind].field(field.name).required \
            and not field.required:
        return "no (schema 1: yes)"
    return "yes" if field.required else "no"


def _schema_1_words(kind: str, field: Field) -> str:
    if field.since > 1 or kind not in VERSIONS[1]:
        return ""
    left_out = [w for w in field.vocabulary if w not in VERSIONS[1][kind].field(field.name)
                .vocabulary]
    return f"; schema 1: not {', '.join(f'`{w}`' for w in left_out)}" if left_out else ""


def fields_table(kind: str) -> str:
    """Return the Markdown table of a record kind's fields (for docs/data-format.md)."""
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for field in RECORDS_BY_KIND[kind].fields:
        rows.append(f"| `{field.name}` | {_type_words(field)}{_schema_1_words(kind, field)} | "
                    f"{_required_words(kind, field)} | {field.description} |")
    return "\n".join(rows)
