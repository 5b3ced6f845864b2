"""Resolve the names users type (any spelling or alias) to record ids."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from qalamoun_cli.errors import UsageProblem
from qalamoun_cli.model import Chronology
from qalamoun_cli.safetext import one_line, shown

if TYPE_CHECKING:
    from qalamoun_cli.search import NameIndex


NAME_KINDS = ("place", "actor", "source")


def _named_records(chronology: Chronology, kind: str) -> Iterable[tuple[str, tuple]]:
    if kind == "place":
        return ((p.id, (p.name, *p.aliases, p.arabic)) for p in chronology.places.values())
    if kind == "actor":
        # A side's name selects its actors, so sides are searched with them.
        return [*((a.id, (a.name, *a.aliases)) for a in chronology.actors.values()),
                *((s.id, (s.name,)) for s in chronology.sides.values())]
    return ((s.id, (s.name, *s.aliases)) for s in chronology.sources.values())


def name_rows(chronology: Chronology) -> dict[str, tuple]:
    """Fold every searchable name once, by kind, as plain tuples (compiled into the cache)."""
    from qalamoun_cli.search import NameIndex

    return {kind: tuple(NameIndex.build(_named_records(chronology, kind)))
            for kind in NAME_KINDS}


def name_index(chronology: Chronology, kind: str) -> NameIndex:
    """Return the index of every name of KIND (place, actor or source), aliases included."""
    from qalamoun_cli.search import NameIndex

    if chronology.compiled_names is not None:
        return NameIndex._make(chronology.compiled_names()[kind])
    return NameIndex.build(_named_records(chronology, kind))


def place_index(chronology: Chronology) -> NameIndex:
    """Index every place by name, aliases and Arabic name."""
    return name_index(chronology, "place")


def actor_index(chronology: Chronology) -> NameIndex:
    """Index every actor and side, so that a side's name selects its actors."""
    return name_index(chronology, "actor")


def source_index(chronology: Chronology) -> NameIndex:
    """Index every source by name and aliases."""
    return name_index(chronology, "source")


# A name that is not exact is taken for a record only when exactly one record is a
# candidate: a name that begins with its words and is at most twice as long ("Lebanese
# security"), or a spelling at least
# this close (plain ratio, same numbers). The CLI says so on stderr; several candidates are
# refused. A word found inside a longer name is not enough: "Iraq" is not ISIL, "Baalbek"
# is not Ras Baalbek.
CLOSE_SPELLING = 85.0
_NUMBERS = re.compile(r"\d+")


class Resolution(NamedTuple):
    """The ids a typed name stands for, and a note when it was not an exact name."""

    ids: list[str]
    note: str | None = None


def resolve(index: NameIndex, query: str, what: str, option: str,
            known: Iterable[str] = ()) -> Resolution:
    """Resolve QUERY to record ids: an exact name or alias (after folding); else the one
    record with a name that begins with its words ("Lebanese security", "Masdar") or is
    spelt closely ("Hizbullah"). Raises UsageProblem for an empty, ambiguous or unknown name
    (listing KNOWN names).
    """
    if not query.strip():
        raise UsageProblem(f"{option}: the {what} name is empty")
    found = index.exact(query)
    if found:
        return Resolution(found)
    # Only now: an exact name (the usual case) needs no fuzzy scoring (~18 ms to import).
    from rapidfuzz import fuzz

    from qalamoun_cli.names import fold

    key = fold(query)
    numbers = _NUMBERS.findall(key)
    candidates: dict[str, str] = {}
    strong: set[str] = set()
    for record_id, name, folded in zip(index.ids, index.names, index.folded, strict=True):
        if name == record_id:
            continue
        begins = folded.startswith(key + " ")
        close = (_NUMBERS.findall(folded) == numbers
                 and fuzz.ratio(key, folded) >= CLOSE_SPELLING)
        if begins or close:
            candidates.setdefault(record_id, index.display[record_id])
            # The typed words must be at least half of the name: "Lebanese security" for
            # "Lebanese security sources", not "Syria" for "Syria–Lebanon border".
            if close or len(key) * 2 >= len(folded):
                strong.add(record_id)
    if len(candidates) > 1:
        names = ", ".join(shown(n) for n in sorted(set(candidates.values())))
        raise UsageProblem(f"{option}: {shown(query)} is ambiguous; it could be: {names}")
    if len(candidates) == 1 and strong:
        (record_id, name), = candidates.items()
        return Resolution([record_id], f"{option}: taking {shown(query)} as {shown(name)}")
    names = ", ".join(shown(m.name) for m in index.closest(query, 3))
    suggestion = f"; closest: {names}" if names else ""
    listed = ", ".join(one_line(k) for k in known)
    known_text = f"; known {what}s: {listed}" if listed else ""
    raise UsageProblem(f"{option}: unknown {what} {shown(query)}{suggestion}{known_text}")


def descendants(chronology: Chronology, place_ids: Iterable[str]) -> set[str]:
    """Return PLACE_IDS with every place inside them (children, grandchildren...)."""
    children: dict[str, list[str]] = {}
    for place in chronology.places.values():
        if place.parent:
            children.setdefault(place.parent, []).append(place.id)
    out: set[str] = set()
    stack = list(place_ids)
    while stack:
        current = stack.pop()
        if current in out:
            continue
        out.add(current)
        stack.extend(children.get(current, ()))
    return out


def children_of(chronology: Chronology, place_id: str) -> list[str]:
    """Return the ids of the places directly inside PLACE_ID, by name."""
    kids = [p for p in chronology.places.values() if p.parent == place_id]
    return [p.id for p in sorted(kids, key=lambda p: p.name.casefold())]


def actors_of(chronology: Chronology, ids: Iterable[str]) -> set[str]:
    """Expand actor and side ids to actor ids, units included (a side selects its actors)."""
    wanted = set(ids)
    out = {a.id for a in chronology.actors.values() if a.id in wanted or a.side in wanted}
    changed = True
    while changed:
        more = {a.id for a in chronology.actors.values() if a.part_of in out} - out
        out |= more
        changed = bool(more)
    return out
