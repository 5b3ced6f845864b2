"""Full-text search: the query language of --text and `search`, and how it is answered.

Texts are folded as place names are (names.fold: diacritics, transliteration, Arabic
normalisation, articles left out), so "Jarajeer" finds "Jarajir". The folded words of a
record's texts are its TOKENS; each text (a summary, a note, a name) is kept apart by a
FIELD_BREAK token, so that a phrase never runs from one text into the next.

The query (each --text value; several values are OR-ed):

    query    := clause+                     clauses are AND-ed
    clause   := "-" term                    leaves out what the term matches
              | term ("OR" term)*           any of the terms; OR binds tighter than AND
    term     := WORD["*"] | '"' WORD+ '"'["*"]    a word, or a phrase: words one after another

A word matches a token equal to it, both folded ("Jarajeer" finds "Jarajir"); with a "*"
at its end, every token that begins with it ("hill*" finds "hills" and "hilltops"). A
phrase matches tokens that follow one another in one text, a "*" at its end (inside or
after the closing quote) making its last word a prefix. A word that folds to several
words (al-Nusra-Front) is a phrase. OR is an operator only in capitals; "or" is a word; a
"*" anywhere else is punctuation, as folding takes it. A query is refused
(BadValue) when it is empty, has a lone "-", an unclosed quote, an empty phrase, an OR
that does not stand between two terms to find, a term with nothing to search once folded
(punctuation, or an article alone: al, el, at, an...), or only clauses that leave out.

An event's texts are its own (summary, note, GED's where_description, its claims' words as
reported, their party and note, its quantities' words as reported) and the names,
aliases and Arabic names of the places, actors and sources it names (sources: reporters
and the sources of its claims and quantities, as the --source filter takes them). A place,
actor or source's texts are its names and its note (a source's description).

Two paths give the same answers: the compiled form's FTS5 table `texts` (compiled.py writes
the folded tokens there), and where there is none (an SQLite without FTS5, a dataset not
compiled) a scan in Python over the same tokens (tests/test_textsearch_paths.py holds them
equal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from qalamoun_cli.errors import BadValue
from qalamoun_cli.model import Chronology, Event
from qalamoun_cli.safetext import shown

# Never a folded word (names.fold keeps only letters and digits), so never matched; FTS5's
# ascii tokenizer keeps it as a token of its own (it is not ASCII).
FIELD_BREAK = "¶"
# FTS5's ascii tokenizer lowercases ASCII letters only: so do the tokens (NFKD can make an
# uppercase ASCII letter of a lowercase one, "ℌ" -> "H").
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# An English possessive ("Army's", "Hezbollah’s") is the word it is of: folding deletes
# apostrophes, and "armys" found neither "army" nor "Army". Three letters before it at
# least, so that a transliteration such as "Ra's" keeps its letters.
_POSSESSIVE = re.compile(r"(?<=[^\W\d_]{3})['’]s\b")
KINDS = ("place", "actor", "source", "event")  # the order `search` lists kinds in on ties
RECORD_KINDS = KINDS[:3]


class Term(NamedTuple):
    """A word or phrase as typed, its folded words, and whether the last is a prefix."""

    typed: str
    words: tuple[str, ...]
    prefix: bool = False


class Clause(NamedTuple):
    """Terms of which one must match (or, NEGATED, none may)."""

    terms: tuple[Term, ...]
    negated: bool = False


class Query(NamedTuple):
    """Clauses that must all hold; see the module for the grammar."""

    text: str
    clauses: tuple[Clause, ...]
    # Words typed that folding leaves out of every text (articles: "at" in "attack at
    # Arsal"), left out of the query too; the command says so.
    left_out: tuple[str, ...] = ()

    def positive(self) -> list[Term]:
        """Return the terms to find (not those that leave out)."""
        return [t for c in self.clauses if not c.negated for t in c.terms]


# -- folding ----------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def fold_text(text: str) -> str:
    """Return TEXT folded into tokens separated by single spaces (empty: no token)."""
    # Cached: words as reported ("12", "dozens") and names recur across thousands of
    # events when a dataset is compiled.
    from qalamoun_cli.names import fold

    return fold(_POSSESSIVE.sub("", text)).translate(_ASCII_LOWER)


def folded(fields: Iterable[str | None]) -> str:
    """Return the tokens of FIELDS, each text's folded words apart (FIELD_BREAK between)."""
    return f" {FIELD_BREAK} ".join(t for t in (fold_text(f) for f in fields if f) if t)


def event_fields(event: Event) -> Iterator[str | None]:
    """Yield EVENT's own texts (not the names of what it names), in a fixed order."""
    yield event.summary
    yield event.note
    yield event.where_description
    for claim in event.claims:
        yield claim.as_reported
        yield claim.party_text
        yield claim.note
    for quantity in event.quantities:
        yield quantity.as_reported


def name_fields(record: Any) -> list[str | None]:
    """Return the names of a place, actor or source: name, aliases, Arabic name."""
    return [record.name, *record.aliases, getattr(record, "arabic", None)]


def other_fields(record: Any) -> list[str | None]:
    """Return the texts of a place, actor or source besides its names."""
    return [getattr(record, "note", None), getattr(record, "description", None)]


def campaign_fields(chronology: Chronology) -> list[str | None]:
    """Return the campaign's texts: its name and its claims' and quantities' words."""
    c = chronology.campaign
    if c is None:
        return []
    return [c.name, *(f for x in c.claims for f in (x.as_reported, x.party_text, x.note)),
            *(q.as_reported for q in c.quantities)]


def named_records(event: Event) -> Iterator[tuple[str, str]]:
    """Yield the (kind, id) of the places, actors and sources EVENT names (store.keys_of's)."""
    from qalamoun_cli.store import keys_of

    return ((k, i) for k, i in keys_of(event) if k in RECORD_KINDS)


# -- the query --------------------------------------------------------------------------------

_ITEM = re.compile(r'\s*(?:(-?)"([^"]*)("?)(\*?)|(\S+))')


def parse(text: str) -> Query:
    """Return the query TEXT (see the module); raise BadValue naming what is wrong."""
    items: list[tuple[str, bool, str, bool]] = []  # (as typed, negated, body, quoted)
    pos = 0
    while pos < len(text):
        m = _ITEM.match(text, pos)
        if m is None:  # only spaces are left
            break
        pos = m.end()
        if m.group(5) is not None:
            word = m.group(5)
            if '"' in word:
                # A quote inside a word opens a phrase there: read again from it.
                cut = word.index('"')
                if cut:
                    items.append(_word(word[:cut]))
                pos = m.start(5) + cut
                continue
            items.append(_word(word))
        else:
            if not m.group(3):
                raise BadValue(f'a quote (") is not closed in {shown(text)}')
            typed = m.group(0).strip()
            items.append((typed, bool(m.group(1)), m.group(2) + m.group(4), True))
    if not items:
        raise BadValue("the query is empty; give a word to find")
    clauses: list[Clause] = []
    joining = False
    left_out: list[str] = []
    for i, (typed, negated, body, quoted) in enumerate(items):
        beside_or = joining or (i + 1 < len(items) and items[i + 1][0] == "OR")
        if not quoted and not negated and not beside_or and len(items) > 1 \
                and _article(body):
            left_out.append(typed)
            continue
        if typed == "OR" and not quoted:
            if not clauses or joining or i == len(items) - 1 or clauses[-1].negated \
                    or items[i + 1][1]:
                raise BadValue(f"OR must stand between two words to find (not at an end, "
                               f"beside another OR or a -word): {shown(text)}")
            joining = True
            continue
        term = _term(typed, body, quoted)
        if joining:
            clauses[-1] = Clause((*clauses[-1].terms, term))
            joining = False
        else:
            clauses.append(Clause((term,), negated))
    if not clauses:
        raise BadValue(f"{shown(text)} has only articles (al, el, an, at, ...), which folding "
                       f"leaves out of texts; search without them")
    if all(c.negated for c in clauses):
        raise BadValue(f"{shown(text)} only leaves words out; give a word to find as well")
    return Query(text, tuple(clauses), tuple(left_out))


def _article(body: str) -> bool:
    """Return whether BODY is an article alone, which folding leaves out of texts."""
    from qalamoun_cli.names import fold

    return bool(body.strip()) and fold("x " + body) == "x" and bool(fold_text(body))


def _word(word: str) -> tuple[str, bool, str, bool]:
    if word == "-":
        raise BadValue("a lone '-': write it against the word to leave out (-hill)")
    if word.startswith("-"):
        return word, True, word[1:], False
    return word, False, word, False


def _term(typed: str, body: str, quoted: bool) -> Term:
    from qalamoun_cli.names import fold

    if quoted and not body.strip(" *"):
        raise BadValue('an empty phrase ("") finds nothing; put words inside the quotes')
    prefix = body.endswith("*")
    body = body.rstrip("*") if prefix else body
    words = tuple(fold_text(body).split())
    if not words:
        raise BadValue(f"{shown(typed)} has no letters or digits to search for")
    # Folding leaves articles out of every text of more than one word: alone, an article
    # would find only a text that is nothing else.
    if fold("x " + body) == "x":
        raise BadValue(f"{shown(typed)} is an article (al, el, an, at, ...), which folding "
                       f"leaves out of texts; search without it")
    return Term(typed, words, prefix)


def parse_all(values: Sequence[str] | None) -> list[Query] | None:
    """Return the queries of the repeated --text VALUES (None when none was given)."""
    if not values:
        return None
    return [parse(v) for v in values]


# -- matching in Python -----------------------------------------------------------------------


def term_in(term: Term, tokens: Sequence[str]) -> bool:
    """Return whether TERM matches TOKENS (see the module)."""
    *whole, last = term.words
    n = len(whole)
    for i in range(len(tokens) - n):
        if all(tokens[i + j] == w for j, w in enumerate(whole)) and (
                tokens[i + n].startswith(last) if term.prefix else tokens[i + n] == last):
            return True
    return False


def holds(query: Query, found: Any) -> bool:
    """Return whether QUERY holds where FOUND(term) says whether each term matches."""
    for clause in query.clauses:
        hit = any(found(t) for t in clause.terms)
        if hit == clause.negated:
            return False
    return True


def any_holds(queries: Sequence[Query], found: Any) -> bool:
    """Return whether one of QUERIES holds (see holds)."""
    return any(holds(q, found) for q in queries)


def found_in(queries: Sequence[Query], tokens: Sequence[str]) -> bool:
    """Return whether one of QUERIES holds on TOKENS."""
    return any_holds(queries, lambda t: term_in(t, tokens))


# -- answering -------------------------------------------------------------------------------


class Texts:
    """The tokens of a chronology's records, and which records each term matches.

    Through the compiled form's FTS5 table where it has one (FTS), else by folding the
    records' texts here (a scan, cached for one run).
    """

    def __init__(self, chronology: Chronology, use_index: bool | None = None) -> None:
        from qalamoun_cli.store import EventStore

        self.chronology = chronology
        events = chronology.events
        available = "fts5" in chronology.features and isinstance(events, EventStore)
        self.fts = available if use_index is None else use_index and available
        self._names: dict[str, dict[str, list[str]]] = {}
        self._events: list[list[str]] | None = None
        self._term_events: dict[Term, set[int]] = {}
        self._named: dict[Term, dict[str, set[str]]] = {}

    # The tokens, read by the scan (and by `search` for what it shows).

    def names(self, kind: str) -> dict[str, list[str]]:
        """Return the tokens of the names of each record of KIND, by id."""
        if kind not in self._names:
            table = getattr(self.chronology, f"{kind}s")
            self._names[kind] = {i: folded(name_fields(r)).split(" ")
                                 for i, r in table.items()}
        return self._names[kind]

    def event_tokens(self) -> list[list[str]]:
        """Return the tokens of each event's own texts, in display order."""
        if self._events is None:
            from qalamoun_cli.selection import as_store

            self._events = [folded(event_fields(e)).split(" ")
                            for e in as_store(self.chronology)]
        return self._events

    # Which records a term matches.

    def _fts(self, match: str, events: bool) -> list[tuple[int, str, str]]:
        return self.chronology.events.texts_matching(match, events)  # type: ignore[attr-defined]

    def records_named(self, term: Term) -> dict[str, set[str]]:
        """Return, by kind (place, actor, source), the ids of the records whose names TERM
        matches."""
        found = self._named.get(term)
        if found is None:
            found = {kind: set() for kind in RECORD_KINDS}
            if self.fts:  # one query for the three kinds
                for _, kind, i in self._fts("{names} : " + fts_term(term), False):
                    found.get(kind, set()).add(i)  # the campaign's row has no names
            else:
                for kind in RECORD_KINDS:
                    found[kind] = {i for i, tokens in self.names(kind).items()
                                   if term_in(term, tokens)}
            self._named[term] = found
        return found

    def events_of(self, term: Term) -> set[int]:
        """Return the positions of the events TERM matches (own texts, or names named)."""
        found = self._term_events.get(term)
        if found is not None:
            return found
        from qalamoun_cli.selection import as_store

        store = as_store(self.chronology)
        if self.fts:
            found = {rowid for rowid, _, _ in self._fts("{text} : " + fts_term(term), True)}
        else:
            found = {p for p, tokens in enumerate(self.event_tokens())
                     if term_in(term, tokens)}
        for kind, ids in self.records_named(term).items():
            if ids:
                found |= store.positions(kind, ids)
        self._term_events[term] = found
        return found

    def event_positions(self, queries: Sequence[Query]) -> set[int]:
        """Return the positions of the events one of QUERIES matches."""
        out: set[int] = set()
        for query in queries:
            chosen: set[int] | None = None
            for clause in query.clauses:
                hits = set().union(*(self.events_of(t) for t in clause.terms))
                if clause.negated:
                    continue
                chosen = hits if chosen is None else chosen & hits
            assert chosen is not None  # parse refuses a query of negations only
            for clause in query.clauses:
                if clause.negated:
                    chosen -= set().union(*(self.events_of(t) for t in clause.terms))
            out |= chosen
        return out


    def record_ids(self, kind: str, queries: Sequence[Query]) -> set[str]:
        """Return the ids of the records of KIND (place, actor, source) QUERIES match."""
        table = getattr(self.chronology, f"{kind}s")
        if self.fts:
            found: dict[Term, set[str]] = {}

            def matched(term: Term) -> set[str]:
                if term not in found:
                    found[term] = {i for _, k, i in self._fts(fts_term(term), False)
                                   if k == kind}
                return found[term]

            candidates = set().union(*(matched(t) for q in queries for t in q.positive()))
            return {i for i in candidates
                    if any_holds(queries, lambda t, i=i: i in matched(t))}
        out = set()
        for i, record in table.items():
            tokens = folded([*name_fields(record), *other_fields(record)]).split(" ")
            if found_in(queries, tokens):
                out.add(i)
        return out

    def campaign_matches(self, queries: Sequence[Query]) -> bool:
        """Return whether one of QUERIES matches the campaign's own texts."""
        tokens = folded(campaign_fields(self.chronology)).split(" ")
        return found_in(queries, tokens)


def fts_term(term: Term) -> str:
    """Return TERM as an FTS5 phrase: its folded words one after another, the last a
    prefix if TERM's is."""
    # The words hold letters and digits only: no quote to escape.
    return " + ".join(f'"{w}"' for w in term.words) + ("*" if term.prefix else "")


# -- for the commands -------------------------------------------------------------------------


def events_matching(chronology: Chronology, queries: Sequence[Query] | None) -> set[int] | None:
    """Return the positions of the events QUERIES match (None: no --text given)."""
    if queries is None:
        return None
    return Texts(chronology).event_positions(queries)


def campaign_matches(chronology: Chronology, queries: Sequence[Query]) -> bool:
    """Return whether QUERIES match the campaign's own texts (its name, its claims' words)."""
    return Texts(chronology).campaign_matches(queries)


def keep_records(chronology: Chronology, kind: str, records: list[Any],
                 queries: Sequence[Query] | None) -> list[Any]:
    """Return the RECORDS of KIND (in their order) that QUERIES match; all without QUERIES."""
    if queries is None:
        return records
    ids = Texts(chronology).record_ids(kind, queries)
    return [r for r in records if r.id in ids]


# -- `search`: every kind of record, ranked -------------------------------------------------


class Hit(NamedTuple):
    """A record a query found: its kind and id, how many of its words matched, and which."""

    kind: str
    id: str
    hits: int
    words: tuple[str, ...]


# What is stripped from the ends of a word shown as matching ("hill," -> "hill").
_EDGES = "\"'“”‘’«»()[]{}<>.,;:!?…–—-"


def matching_words(query: Query, texts: Iterable[str | None]) -> list[str]:
    """Return the words of TEXTS (as written, each time it occurs) that, once folded, are
    a word of QUERY's terms to find (or begin with the last of a term with a "*")."""
    terms = query.positive()
    exact = {w for t in terms for w in (t.words[:-1] if t.prefix else t.words)}
    prefixes = tuple({t.words[-1] for t in terms if t.prefix})
    out = []
    for text in texts:
        for chunk in (text or "").split():
            if any(token in exact or token.startswith(prefixes)
                   for token in fold_text(chunk).split()):
                out.append(word_shown(chunk))
    return out


def word_shown(chunk: str) -> str:
    """Return a word as `search` shows it matched: without the punctuation at its ends."""
    return chunk.strip(_EDGES) or chunk


def search(chronology: Chronology, query: Query, texts: Texts | None = None) -> list[Hit]:
    """Return every place, actor, source and event QUERY matches, ranked.

    An event matches as with --text; a place, actor or source by its own texts. The rank:
    first the places, actors and sources whose names alone the query matches, those with
    the most matching names first; then by hits, most first (a hit: each word of a
    record's own texts that a word to find begins, each time it occurs; for an event also
    each place, actor or source it names whose names match, once); then places, actors,
    sources, events; then the order they are listed in (records: the data's; events:
    date order).
    """
    from qalamoun_cli.selection import as_store

    texts = texts or Texts(chronology)
    found: list[tuple[tuple[int, ...], Hit]] = []
    for rank, kind in enumerate(RECORD_KINDS):
        table = getattr(chronology, f"{kind}s")
        ids = texts.record_ids(kind, [query])
        for order, (i, record) in enumerate(table.items()):
            if i in ids:
                names = name_fields(record)
                in_names = matching_words(query, names)
                words = in_names + matching_words(query, other_fields(record))
                tokens = folded(names).split(" ")
                tier = 0 if found_in([query], tokens) else 1
                found.append(((tier, -len(in_names), -len(words), rank, order),
                              Hit(kind, i, len(words), _distinct(words))))
    store = as_store(chronology)
    positions = sorted(texts.event_positions([query]))
    events = store.at(positions)
    chronology.prefetch(events)
    for pos, event in zip(positions, events, strict=True):
        words = matching_words(query, event_fields(event))
        hits = len(words)
        for kind, i in named_records(event):
            record = getattr(chronology, f"{kind}s").get(i)
            named = matching_words(query, name_fields(record)) if record is not None else []
            # A place found by its name counts once, however many aliases it has.
            hits += bool(named)
            words += named
        found.append(((1, 0, -hits, len(RECORD_KINDS), pos),
                      Hit("event", event.id, hits, _distinct(words))))
    found.sort(key=lambda f: f[0])
    return [hit for _, hit in found]


def _distinct(words: list[str]) -> tuple[str, ...]:
    """Return WORDS once each (ignoring case), in the order they first occur."""
    seen: dict[str, str] = {}
    for w in words:
        seen.setdefault(w.casefold(), w)
    return tuple(seen.values())
