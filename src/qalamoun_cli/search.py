"""Fuzzy matching of names (places, actors, sources) after spelling folding.

Two uses: ranking every name like a query (`place`, "did you mean" hints), and resolving
one typed name to the records it stands for (`--place`, `--actor`, `--source`, `--party`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from qalamoun_cli.errors import BadValue, UnknownName
from qalamoun_cli.names import fold, skeleton, without_divisions
from qalamoun_cli.safetext import one_line, shown

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qalamoun_cli.model import Chronology, Event

DEFAULT_CUTOFF = 80.0
_NUMBERS = re.compile(r"\d+")
# The score of a name that contains the (one-word) query as a whole word.
WORD_SCORE = 85.0
# The score of a name with the query's consonants, word by word ("Idleb" for "Idlib"; see
# names.skeleton): above a contained word, below a near-identical spelling.
SKELETON_SCORE = 88.0
# Matches within this many points of the best are near-ties: shown together, never silently
# resolved to one.
TIE_MARGIN = 5.0
# How far below the last kept score the closest-names search still looks. RapidFuzz's score
# cutoffs are inexact (a score equal to the cutoff is sometimes refused; one a thousandth of a
# point below was seen). Any slack is safe: the names it lets in are scored exactly and ranked.
_TIE_SLACK = 0.5


class Match(NamedTuple):
    """A record that matched a query, through one of its names."""

    id: str
    score: float
    matched: str
    exact: bool
    name: str


class PlaceMatch(NamedTuple):
    """A place that matched a query, with the events there and the places inside it.

    EVENTS include those at places inside it; CHILDREN are the places directly inside.
    """

    match: Match
    events: Sequence[Event]
    children: Sequence[str]


class NameIndex(NamedTuple):
    """Every name of every record, folded once (a plain tuple, so the cache can keep it).

    A name may have a second entry whose key is a shorter form of it (a place without the
    word "governorate" after it): NAMES holds the name itself, FOLDED the key it is found
    by, SKELETONS that key's consonants (names.skeleton).
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    folded: tuple[str, ...]
    display: dict[str, str]
    skeletons: tuple[str, ...] = ()

    @classmethod
    def build(cls, records: Iterable[tuple[str, Iterable[str | None]]],
              shorter: Callable[[str], str | None] | None = None) -> NameIndex:
        """Index (id, names) pairs, the first name being the display name; None is skipped.

        SHORTER gives a shorter form a name is also found by (None: it has none).
        """
        ids, names, folded, display = [], [], [], {}
        folds: dict[str, str] = {}

        def add(record_id: str, name: str, form: str) -> None:
            key = folds.get(form)
            if key is None:
                key = folds[form] = fold(form)
            ids.append(record_id)
            names.append(name)
            folded.append(key)

        for record_id, record_names in records:
            record_names = [n for n in record_names if n]
            display[record_id] = record_names[0] if record_names else record_id
            for name in (record_id, *record_names):
                add(record_id, name, name)
                short = shorter(name) if shorter is not None and name != record_id else None
                if short is not None:
                    add(record_id, name, short)
        return cls(tuple(ids), tuple(names), tuple(folded), display,
                   tuple(skeleton(key) for key in folded))

    def exact(self, query: str) -> list[str]:
        """Return the ids whose id or a name folds to the same key as QUERY."""
        key = fold(query)
        found: list[str] = []
        for record_id, folded in zip(self.ids, self.folded, strict=True):
            if folded == key and record_id not in found:
                found.append(record_id)
        return found

    def search(self, query: str, *, limit: int | None = 5,
               cutoff: float = DEFAULT_CUTOFF) -> list[Match]:
        """Rank records by their best-matching name, best first, above CUTOFF."""
        return self._ranked(query, limit, cutoff, None)

    def closest(self, query: str, n: int = 3) -> list[Match]:
        """Return the N nearest records whatever their score, for 'did you mean' hints."""
        if n <= 0:
            return []
        # Scoring only the best few names per scorer keeps this fast on large indexes: the
        # N best records are among the N x (names per record) best names of some scorer.
        per_record = max(Counter(self.ids).values(), default=1)
        return self._ranked(query, n, 0.0, n * per_record)

    def _ranked(self, query: str, limit: int | None, cutoff: float,
                per_scorer: int | None) -> list[Match]:
        from rapidfuzz import fuzz

        key = fold(query)
        if not key:
            return []
        raw = query.strip().casefold()
        hits = _score(key, self.folded, cutoff, per_scorer, self.skeletons)
        best: dict[str, Match] = {}
        compact_key = key.replace(" ", "")
        typed_words = set(key.split())
        best_rank: dict[str, tuple[bool, bool, bool, float, bool, float]] = {}
        for _, score, position in hits:
            record_id = self.ids[position]
            name = self.names[position]
            exact = name.casefold() == raw
            if self.folded[position].replace(" ", "") == compact_key:
                score = 100.0
            match = Match(record_id, round(float(score), 1), name, exact,
                          self.display[record_id])
            # A name with every typed word, as typed, beats a near spelling of another name
            # ("Abu Khadeij Point" before "Abu Khadeir" for "Abu Khadeij"), below only an
            # exact or identically folded name. Among equally good names of one record,
            # report a real name rather than the id, and the one whose spelling is closest
            # to what was typed.
            rank = (exact, match.score == 100.0,
                    typed_words <= set(self.folded[position].split()), match.score,
                    name != record_id, fuzz.ratio(raw, name.casefold()))
            if record_id not in best or rank > best_rank[record_id]:
                best[record_id] = match
                best_rank[record_id] = rank
        ranked = sorted(best.values(), key=lambda m: (
            tuple(not tier for tier in best_rank[m.id][:3]), -m.score, m.id))
        return ranked if limit is None else ranked[:limit]


def same_numbers(key: str) -> Callable[[str], bool]:
    """Return a test of whether a folded name has exactly the numbers of the folded KEY.

    Different numbers are different records, however close the spelling: "Brigade 65" is
    not "Brigade 155", "Hill 1" is not "Hill 2".
    """
    numbers = _NUMBERS.findall(key)
    return lambda name: _NUMBERS.findall(name) == numbers


def _score(key: str, folded: tuple[str, ...], cutoff: float,
           per_scorer: int | None = None,
           skeletons: tuple[str, ...] = ()) -> list[tuple[str, float, int]]:
    """Score every folded name against KEY: (name, score, position) at or above CUTOFF.

    The score is the best of: the plain ratio (spelling variants, typos); the ratio of the
    words sorted (word order), × 0.95; and WORD_SCORE when every word of the shorter of the
    two is a whole word of the other ("Ras" in "Ras Baalbek", "Arsal" in "Arsal barrens").
    RapidFuzz's WRatio is not used: its partial matching scores 90 for any substring, so
    "Syria" would match inside "Syrian". PER_SCORER keeps only that many best names of each.
    """
    from rapidfuzz import fuzz, process

    # A query with numbers keeps only the names with the same numbers. The other names are
    # left out before scoring, not after: dropped after the PER_SCORER cut, they would take
    # the places of names that count.
    choices: dict[int, str] | tuple[str, ...] = folded
    if _NUMBERS.search(key):
        numbered = same_numbers(key)
        choices = {p: name for p, name in enumerate(folded) if numbered(name)}
    best: dict[int, float] = {}
    for scorer, weight in ((fuzz.ratio, 1.0), (fuzz.token_sort_ratio, 0.95)):
        floor = min(cutoff / weight, 100.0)
        if per_scorer is not None:
            top = process.extract(key, choices, scorer=scorer, limit=per_scorer,
                                  score_cutoff=floor)
            if len(top) == per_scorer:
                # Keep every name tied with the last one kept, so that ties are not cut
                # arbitrarily; the slack is there because a cutoff equal to a score does not
                # always let that score through (55.56 for "valai anib" against "zabadani").
                floor = max(floor, top[-1][1] - _TIE_SLACK)
        for _, score, position in process.extract(key, choices, scorer=scorer, limit=None,
                                                  score_cutoff=floor):
            best[position] = max(best.get(position, 0.0), score * weight)
    among = choices if isinstance(choices, dict) else None
    if cutoff <= SKELETON_SCORE and skeletons and _long_enough(key):
        for position in occurrences(skeletons, skeleton(key)):
            if among is None or position in among:
                best[position] = max(best.get(position, 0.0), SKELETON_SCORE)
    if cutoff <= WORD_SCORE:
        for position in word_sets_within(key, folded):
            if among is None or position in among:
                best[position] = max(best.get(position, 0.0), WORD_SCORE)
    return [(folded[p], score, p) for p, score in best.items() if score >= cutoff]


def occurrences(values: Sequence[str], wanted: str) -> list[int]:
    """Return the positions of WANTED in VALUES, in order.

    VALUES may be name_store.Joined: then its text is searched, nothing split.
    """
    text = getattr(values, "text", None)
    if text is not None:
        return _whole_lines(text, wanted) if len(values) else []
    # tuple.index compares at C speed: a loop in Python took 10 ms over 100,000 names.
    found: list[int] = []
    position = -1
    try:
        while True:
            position = values.index(wanted, position + 1)
            found.append(position)
    except ValueError:
        return found


def _whole_lines(text: str, wanted: str) -> list[int]:
    """Return the numbers of the lines of TEXT that are WANTED."""
    padded, line = f"\n{text}\n", f"\n{wanted}\n"
    found: list[int] = []
    number = counted = 0
    at = padded.find(line)
    while at >= 0:
        number += padded.count("\n", counted, at)
        counted = at
        found.append(number)
        at = padded.find(line, at + 1)
    return found


def word_sets_within(key: str, folded: Sequence[str]) -> list[int]:
    """Return the positions of the names whose words hold KEY's, or are all among KEY's.

    Exactly the names that RapidFuzz's token-set ratio scores 100 against KEY (one word set
    contains the other; a name without words, never). Either holds one of KEY's words
    whole, so only the names where a search of every name at once finds one are looked at:
    scoring each name took 40 ms at 100,000 names.
    """
    words = set(key.split())
    if not words or not folded:
        return []
    # The compiled names hold the keys joined already (name_store.Keys).
    text = getattr(folded, "text", None) or "\n".join(folded)
    lines: dict[int, str] = {}
    for word in words:
        _lines_with(text, word, lines)
    found = []
    for number, line in lines.items():
        have = set(line.split())
        if words <= have or have <= words:
            found.append(number)
    return sorted(found)


def _lines_with(text: str, word: str, lines: dict[int, str]) -> None:
    """Add to LINES (number: text) each line of TEXT that holds WORD as a whole word."""
    # A pattern that starts with the word is searched for as fast as str.find.
    number = counted = 0
    for match in re.finditer(re.escape(word) + r"(?![^ \n])", text):
        at = match.start()
        if at and text[at - 1] not in " \n":
            continue
        number += text.count("\n", counted, at)
        counted = at
        if number not in lines:
            end = text.find("\n", at)
            lines[number] = text[text.rfind("\n", 0, at) + 1:end if end >= 0 else len(text)]


def _long_enough(key: str) -> bool:
    """Return whether KEY has consonants enough for its skeleton to stand for it (three)."""
    return len(skeleton(key).replace(" ", "")) >= 3


def near_ties(matches: list[Match], margin: float = TIE_MARGIN) -> list[Match]:
    """Return the matches that are as good as the best (within MARGIN points)."""
    if not matches:
        return []
    top = matches[0]
    if top.exact:
        return [m for m in matches if m.exact]
    return [m for m in matches if not m.exact and top.score - m.score <= margin]


# -- the names of a chronology ------------------------------------------------------------

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
    return {kind: tuple(_index(chronology, kind)) for kind in NAME_KINDS}


def _index(chronology: Chronology, kind: str) -> NameIndex:
    # A place is also found without the division word after its name ("Idlib governorate"
    # by "Idlib"); other records' names are not places.
    return NameIndex.build(_named_records(chronology, kind),
                           without_divisions if kind == "place" else None)


def name_index(chronology: Chronology, kind: str) -> NameIndex:
    """Return the index of every name of KIND (place, actor or source), aliases included.

    Actors are indexed with the sides, so that a side's name selects its actors.
    """
    if chronology.compiled_names is not None:
        return NameIndex._make(chronology.compiled_names(kind))
    return _index(chronology, kind)


# -- resolving one typed name ----------------------------------------------------------------

# The words that say what kind of body a name is rather than which ("al-Nusra Front",
# "Jabhat al-Nusra", "Al-Manar TV"), in English and transliterated Arabic: a name without
# them ("Nusra", "Manar") makes its record a candidate, as a place is found without its
# division word; a name that is exactly what was typed always wins ("Hezbollah" is not
# "Hezbollah Brigades").
BODY_WORDS = (
    "front forces force army brigade brigades battalion battalions division regiment "
    "movement party group militia council jabhat jabha harakat haraka liwa liwaa jaysh "
    "jaish katiba katibat news tv agency network channel media radio newspaper").split()


def without_body_words(folded: str) -> str | None:
    """Return a folded name without its BODY_WORDS; None when it has none or is only them."""
    words = folded.split()
    kept = [w for w in words if w not in _folded_body_words()]
    return " ".join(kept) if kept and len(kept) < len(words) else None


@functools.cache
def _folded_body_words() -> frozenset[str]:
    """Return BODY_WORDS folded as names are ("front" is "frunt"), once."""
    return frozenset(fold(w) for w in BODY_WORDS)


# A name that is not exact is taken for a record only when exactly one record is a
# candidate: a name that is the typed words and body words (BODY_WORDS), a name that
# begins with its words and is at most twice as long ("Lebanese security"), or a spelling
# at least this close (plain ratio, same numbers). The CLI says so on stderr; several
# candidates are refused. A word found inside a longer name is not enough: "Iraq" is not
# ISIL, "Baalbek" is not Ras Baalbek.
CLOSE_SPELLING = 85.0


class Resolution(NamedTuple):
    """The ids a typed name stands for, and a note when it was not an exact name."""

    ids: list[str]
    note: str | None = None


def resolve(index: NameIndex, query: str, what: str, known: Iterable[str] = ()) -> Resolution:
    """Resolve QUERY to record ids.

    An exact name or alias (after folding); else the one record with a name that begins
    with its words ("Lebanese security", "Masdar"), is its words and body words ("Nusra"
    for "al-Nusra Front") or is spelt closely ("Hizbullah").
    Raises BadValue for an empty, ambiguous or unknown name; WHAT names the kind of record
    in the message, which lists the KNOWN names.
    """
    if not query.strip():
        raise BadValue(f"the {what} name is empty")
    found = index.exact(query)
    key = fold(query)
    if len(found) > 1:
        # Names that only fold alike ("Red side", "Red side!"): the one typed, in any case,
        # is meant, never the other too.
        typed = query.strip().casefold()
        verbatim = {index.ids[p] for p, name in enumerate(index.names)
                    if name.casefold() == typed}
        if verbatim & set(found):
            found = [i for i in found if i in verbatim]
    if found:
        # Found only by a name's shorter form ("Idlib" for "Idlib governorate"), or several
        # records of one name (in two datasets, say): said, with their ids. (An actor and
        # its side, of other names, are what a side's name is for: not said.)
        shown_names = [index.display[i] for i in found]
        # Two whose names only fold alike ("Red side", "Red side!") are said, too.
        if len(set(shown_names)) == len(shown_names) and any(
                fold(index.names[p]) == key for p, f in enumerate(index.folded) if f == key) \
                and len({fold(n) for n in shown_names}) == len(found):
            return Resolution(found)
        return Resolution(found, f"taking {shown(query)} as {told_apart(index, found)}")
    # Only now: an exact name (the usual case) needs no fuzzy scoring (~18 ms to import).
    from rapidfuzz import fuzz

    numbered = same_numbers(key)
    bones = skeleton(key) if index.skeletons and _long_enough(key) else None
    candidates: dict[str, str] = {}
    strong: set[str] = set()
    keys: set[str] = set()  # the folded names the candidates were found by
    for position, (record_id, name, folded) in enumerate(
            zip(index.ids, index.names, index.folded, strict=True)):
        if name == record_id:
            continue
        begins = folded.startswith(key + " ")
        close = numbered(folded) and (fuzz.ratio(key, folded) >= CLOSE_SPELLING
                                      or index.skeletons[position] == bones)
        bare = without_body_words(folded) == key
        if begins or close or bare:
            candidates.setdefault(record_id, index.display[record_id])
            keys.add(folded)
            # The typed words must be at least half of the name: "Lebanese security" for
            # "Lebanese security sources", not "Syria" for "Syria–Lebanon border".
            if close or bare or len(key) * 2 >= len(folded):
                strong.add(record_id)
    if strong == candidates.keys() and candidates and (
            len(set(candidates.values())) == 1 or len(keys) == 1):
        # Records of one name (GED's governorate and its point), or found by one folded
        # name ("Hims": "Homs governorate" and "Homs town", both "Homs" without the word
        # after it) are what that name would select exactly: all of them, as said.
        chosen = sorted(candidates, key=lambda i: (index.display[i], i))
        return Resolution(chosen, f"taking {shown(query)} as {told_apart(index, chosen)}")
    if len(candidates) > 1:
        raise BadValue(f"{shown(query)} is ambiguous; it could be: "
                       f"{told_apart(index, sorted(candidates, key=index.display.get))}")
    names = ", ".join(shown(m.name) for m in index.closest(query, 3))
    suggestion = f"; closest: {names}" if names else ""
    listed = ", ".join(one_line(k) for k in known)
    known_text = f"; known {what}s: {listed}" if listed else ""
    raise UnknownName(f"unknown {what} {shown(query)}{suggestion}{known_text}")


def told_apart(index: NameIndex, ids: Iterable[str],
               after: dict[str, str] | None = None) -> str:
    """Return the display names of IDS, each with its id where two share a name.

    AFTER: words to put after an id's name (a score), by id.
    """
    names = [(index.display[i], i) for i in ids]
    counts = Counter(name for name, _ in names)
    return ", ".join(shown(name) + (f" [{one_line(i)}]" if counts[name] > 1 else "")
                     + (after or {}).get(i, "") for name, i in names)


def closest_ids(query: str, ids: Iterable[str], limit: int = 3) -> list[str]:
    """Return the ids spelt most like QUERY, closest first (for "did you mean" hints)."""
    from rapidfuzz import process

    return [found[0] for found in process.extract(query, list(ids), limit=limit)]


def side_id(chronology: Chronology, name: str) -> str:
    """Return the id of the side whose id or name is NAME (after folding), or raise
    UnknownName listing the known sides (BadValue for an empty name)."""
    if not name.strip():
        raise BadValue("the side name is empty")
    sides = list(chronology.sides.values())
    # The id or name as typed first, then in any case, then folded: two sides whose names
    # fold alike ("Red side", "Red side!") are never taken one for the other.
    for same in (lambda a, b: a == b, lambda a, b: a.casefold() == b.casefold()):
        found = [s.id for s in sides if same(name.strip(), s.id) or same(name.strip(), s.name)]
        if len(found) == 1:
            return found[0]
    key = fold(name)
    found = [s.id for s in sides if key in (fold(s.id), fold(s.name))]
    if len(found) > 1:
        raise BadValue(f"{shown(name)} could be the side {' or '.join(found)}: give its id")
    if found:
        return found[0]
    known = ", ".join(f"{s.id} ({one_line(s.name)})" for s in chronology.sides.values())
    raise UnknownName(f"unknown side {shown(name)}; known sides: {known}")
