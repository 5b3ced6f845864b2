"""The two paths of full-text search give the same answers: FTS5 and the scan in Python."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from qalamoun_cli import compiled, textsearch
from qalamoun_cli.errors import BadValue
from qalamoun_cli.model import Chronology, DateSpan, Event, Place

# Letters that fold (diacritics, transliterations, Arabic, compatibility forms, the ASCII
# letters NFKD makes uppercase), letters newer than FTS5's unicode61 tables (Unicode 6.1:
# U+A794, U+104B0), beside punctuation and digits.
_LETTERS = "aeiouyhlstrnkqcjd" + "âéîöüßﬁℌİı" + "الجرحةىأ" + "\ua794\U000104b0" + "0123"
_WORD = st.text(_LETTERS, min_size=1, max_size=6)
_GLUE = st.sampled_from([" ", " ", " ", "-", "'", ", ", " al-", " the ", "\n", "’"])


@st.composite
def _texts(draw):
    words = draw(st.lists(_WORD, min_size=1, max_size=6))
    return "".join(w + draw(_GLUE) for w in words).strip() or "x"


@st.composite
def _chronology(draw):
    places = {}
    for i in range(draw(st.integers(1, 4))):
        aliases = tuple(draw(st.lists(_texts(), max_size=2)))
        places[f"p{i}"] = Place(f"p{i}", draw(_texts()), aliases,
                                arabic=draw(st.none() | _texts()),
                                note=draw(st.none() | _texts()))
    events = []
    day = date(2015, 5, 1)
    for i in range(draw(st.integers(1, 6))):
        chosen = draw(st.lists(st.sampled_from(sorted(places)), max_size=2, unique=True))
        events.append(Event(f"e{i}", DateSpan(None, day, day, "day"), None, "clash",
                            draw(_texts()), tuple(chosen), note=draw(st.none() | _texts())))
    return Chronology(places=places, events=events)


@st.composite
def _query(draw, chronology):
    # Words of the texts themselves (so that things match) and words of no text.
    seen = [w for p in chronology.places.values() for w in p.name.split()] + \
        [w for e in chronology.events for w in e.summary.split()]
    # Two words that follow one another, also from one text into the next (which a phrase
    # must not match).
    runs = [f"{e.summary.split()[-1]} {e.note.split()[0]}" for e in chronology.events
            if e.note and e.note.split()] + seen[:1]
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(st.sampled_from(seen) | _WORD, min_size=1, max_size=3)
                     | st.sampled_from(runs).map(lambda r: [r]))
        term = " ".join(words)
        term = f'"{term}"' if " " in term else term
        term += draw(st.sampled_from(["", "", "*"]))
        if pieces and draw(st.booleans()):
            pieces.append("OR")
        elif draw(st.integers(0, 3)) == 0:
            term = "-" + term
        pieces.append(term)
    return " ".join(pieces)


def _compiled(chronology: Chronology) -> Chronology:
    conn = sqlite3.connect(":memory:")
    compiled.write_database(conn, chronology, "key")
    found = compiled.read_database(conn, "key", lambda: AssertionError("damaged"))
    assert found is not None and "fts5" in found.features
    return found


@pytest.mark.skipif("fts5" not in compiled._optional_tables(sqlite3.connect(":memory:")),
                    reason="this SQLite has no FTS5")
@given(st.data())
def test_fts5_and_the_scan_find_the_same_records(data):
    chronology = _compiled(data.draw(_chronology()))
    text = data.draw(_query(chronology))
    try:
        query = textsearch.parse(text)
    except BadValue:
        assume(False)
    index = textsearch.Texts(chronology, use_index=True)
    scan = textsearch.Texts(chronology, use_index=False)
    assert index.fts and not scan.fts
    assert index.event_positions([query]) == scan.event_positions([query])
    assert index.record_ids("place", [query]) == scan.record_ids("place", [query])
    assert textsearch.search(chronology, query, index) == \
        textsearch.search(chronology, query, scan)


@pytest.mark.parametrize("text", [
    "Jarajeer", "hill*", '"took the" hill* -Flita', "took OR seized OR captured hill*",
    "Hezbollah -Nusra", '"Ras al-Maara"*', "nusra OR isil", "جرود", "Arsal barrens",
    '"al-Nusra Front"', "2015",
])
def test_both_paths_agree_on_the_shipped_data(text):
    from qalamoun_cli.dataset import load_dataset

    chronology = load_dataset([])
    query = textsearch.parse(text)
    index = textsearch.Texts(chronology, use_index=True)
    scan = textsearch.Texts(chronology, use_index=False)
    assert index.fts and not scan.fts
    assert index.event_positions([query]) == scan.event_positions([query])
    for kind in textsearch.RECORD_KINDS:
        assert index.record_ids(kind, [query]) == scan.record_ids(kind, [query])


def test_without_fts5_the_commands_answer_by_the_scan(monkeypatch, run_json, tmp_path):
    # As SQLite answers when a module was left out of the build (test_cache.py does so too).
    monkeypatch.setitem(compiled.FEATURES, "fts5", "CREATE VIRTUAL TABLE texts USING nofts(x)")
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path))
    code, events = run_json("timeline", "--text", "Jarajeer", "--from", "2015-06-10")
    assert code == 0
    assert [e["id"] for e in events] == [
        "2015-06-10-hezbollah-advances-towards-jarajeer",
        "2015-06-11-shmeis-al-hsan-heights-taken",
        "2015-06-16-last-rebel-hills-near-jarajeer-taken"]
