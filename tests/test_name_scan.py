"""The scans of every name at once find what scoring each name one by one finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from qalamoun_cli.name_store import Joined
from qalamoun_cli.search import occurrences, word_sets_within

# Folded names are words of letters and digits joined by single spaces; words that are
# prefixes and suffixes of each other, numbers, Arabic and regex characters' look-alikes.
WORDS = ["a", "al", "ala", "ras", "ras1", "baalbek", "1", "12", "عرسال", "ersal", "b", "ab"]
names = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)


@given(key=names.filter(bool), folded=st.lists(names, max_size=30).map(tuple))
def test_word_sets_within_are_the_names_the_token_set_ratio_scores_100(key, folded):
    expected = [p for p, name in enumerate(folded) if fuzz.token_set_ratio(key, name) == 100]
    assert word_sets_within(key, folded) == expected


@given(values=st.lists(st.sampled_from(["", "rs", "rs blbk", "blbk"]), max_size=30).map(tuple),
       wanted=st.sampled_from(["", "rs", "blbk"]))
def test_occurrences_are_every_position_of_the_value(values, wanted):
    expected = [p for p, v in enumerate(values) if v == wanted]
    assert occurrences(values, wanted) == expected
    joined = Joined("\n".join(values), len(values))
    assert occurrences(joined, wanted) == expected
    assert list(joined) == list(values)


def test_a_key_s_words_are_found_whole_in_a_name_or_a_name_s_in_the_key():
    folded = ("ras baalbek", "ras", "baalbek ras al", "rasa baalbek", "", "al")
    assert word_sets_within("ras baalbek", folded) == [0, 1, 2]
    assert word_sets_within("al", folded) == [2, 5]
