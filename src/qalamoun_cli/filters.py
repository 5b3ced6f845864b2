"""The event filters every command shares: place, actor, side, source, source kind, type.

Each filter is a set of ids; an event passes one filter when it names one of its ids (OR
within a filter) and passes the filters when it passes each of them (AND across filters).
--side and --source-kind are sets of ids too (the actors of the sides, the sources of the
kinds), so the store's indexes answer them like --actor and --source.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import NamedTuple, TypeVar

from qalamoun_cli.errors import UnknownName
from qalamoun_cli.model import Chronology
from qalamoun_cli.safetext import shown

R = TypeVar("R")


class EventFilters(NamedTuple):
    """The ids each filter keeps (None: not filtered), expanded as the filters mean them.

    PLACES holds the places inside those named; ACTORS the units of those named and the
    actors of a side named as an actor; SIDES the actors (units included) of the sides
    named; SOURCE_KINDS the sources of the kinds named.
    """

    places: AbstractSet[str] | None = None
    actors: AbstractSet[str] | None = None
    sides: AbstractSet[str] | None = None
    sources: AbstractSet[str] | None = None
    source_kinds: AbstractSet[str] | None = None
    types: AbstractSet[str] | None = None

    def keys(self, source_kind: str = "source") -> list[tuple[str, AbstractSet[str]]]:
        """Return the filters as the store's (kind, ids) pairs, ANDed.

        SOURCE_KIND is the index the source filters ask: "source" (reported or claimed on),
        or "claim_source" (made a claim on: casualties).
        """
        return [(kind, ids) for kind, ids in (
            ("type", self.types), ("place", self.places), ("actor", self.actors),
            ("actor", self.sides), (source_kind, self.sources),
            (source_kind, self.source_kinds)) if ids is not None]

    def narrows_events(self) -> bool:
        """Return whether a filter on what happened (place, actor, side, type) is given."""
        return any(ids is not None for ids in (self.places, self.actors, self.sides,
                                               self.types))

    def source_sets(self) -> list[AbstractSet[str]]:
        """Return the source filters given (--source, --source-kind): each must be met."""
        return [s for s in (self.sources, self.source_kinds) if s is not None]


def sources_meeting(source_sets: list[AbstractSet[str]]) -> set[str] | None:
    """Return the sources in every one of SOURCE_SETS (None when there is none)."""
    if not source_sets:
        return None
    first, *rest = source_sets
    return set(first).intersection(*rest)


def side_actors(chronology: Chronology, side_ids: Iterable[str]) -> set[str]:
    """Return the actors of SIDE_IDS, their units included."""
    from qalamoun_cli.hierarchy import actors_of

    return actors_of(chronology, [s for s in side_ids if s in chronology.sides])


def sources_of_kinds(chronology: Chronology, kinds: Iterable[str]) -> set[str]:
    """Return the ids of the sources of KINDS."""
    from qalamoun_cli.hierarchy import records_where

    return {s.id for s in records_where(chronology.sources, "kind", kinds)}


def word_key(word: str) -> str:
    """Return the form a vocabulary word is compared in: any case, space or underscore for
    a hyphen ("Party media" is "party-media")."""
    return "-".join(word.casefold().replace("_", " ").replace("-", " ").split())


def vocabulary_word(value: str, allowed: tuple[str, ...], what: str) -> str:
    """Return the word of ALLOWED that VALUE is (see word_key), or raise UnknownName with
    the closest words and every known one; WHAT names the vocabulary."""
    from qalamoun_cli.errors import BadValue
    from qalamoun_cli.search import closest_ids

    if not value.strip():
        raise BadValue(f"the {what} is empty")
    key = word_key(value)
    for word in allowed:
        if word_key(word) == key:
            return word
    closest = ", ".join(shown(w) for w in closest_ids(value.casefold(), allowed))
    raise UnknownName(f"unknown {what} {shown(value)}; closest: {closest} "
                      f"(known: {', '.join(allowed)})")


def keep(records: Iterable[R], **wanted: AbstractSet[str] | None) -> list[R]:
    """Return, in order, the RECORDS whose field is one of the values WANTED for it (None:
    any); text fields are compared in any case (a country "lebanon" is "Lebanon")."""
    tests = [(field, {v.casefold() for v in values}) for field, values in wanted.items()
             if values is not None]
    return [r for r in records
            if all((getattr(r, field) or "").casefold() in values for field, values in tests)]
