"""Properties of the fuzzy name search that the fast paths must keep."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from qalamoun_cli.load import load_dataset
from qalamoun_cli.lookup import place_index
from qalamoun_cli.names import fold
from qalamoun_cli.search import WORD_SCORE, _score

INDEX = place_index(load_dataset())
WORDS = sorted({w for name in INDEX.folded for w in name.split(" ") if w})
queries = st.one_of(
    st.sampled_from(INDEX.names),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    st.text(alphabet="abdehiklmnorstuyz -", min_size=1, max_size=14),
)


@settings(max_examples=150, deadline=None)
@given(queries)
def test_whole_word_containment_is_exactly_a_word_subset(query):
    key = fold(query)
    words = set(key.split(" "))
    expected = {p for p, name in enumerate(INDEX.folded)
                if words <= set(name.split(" ")) or set(name.split(" ")) <= words}
    scored = {p for _, score, p in _score(key, INDEX.folded, WORD_SCORE) if score >= WORD_SCORE}
    assert expected - scored <= {p for p in expected if any(c.isdigit() for c in key)}
    # Anything else at or above WORD_SCORE got there by spelling, not by containment.
    for p in scored - expected:
        name = INDEX.folded[p]
        spelling = max(fuzz.ratio(key, name), 0.95 * fuzz.token_sort_ratio(key, name))
        assert spelling >= WORD_SCORE, (key, name, spelling)


@settings(max_examples=150, deadline=None)
@given(queries, st.integers(1, 5))
def test_closest_equals_the_top_of_a_full_ranking(query, n):
    full = INDEX.search(query, limit=n, cutoff=0.0)
    assert [(m.id, m.score) for m in INDEX.closest(query, n)] == [(m.id, m.score) for m in full]
