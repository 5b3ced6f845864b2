"""Names: a name with the typed words beats a near spelling of another; body words
("Front", "TV") are not needed to find an actor or a source, and two candidates are refused."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from qalamoun_cli.errors import BadValue, UnknownName
from qalamoun_cli.names import fold
from qalamoun_cli.search import NameIndex, resolve, without_body_words


@pytest.mark.parametrize(("query", "containing", "near"), [
    ("Abu Khadeij", "Abu Khadeij Point", "Abu Khadeir"),
    ("Tal Musa", "Tal Musa hill", "Tal Mousi"),
    ("Jarajir", "Jarajir barrens", "Jarajit"),
    ("Ras Maara", "Ras Maara checkpoint", "Ras Mazra"),
    ("Yabrud", "Yabrud military hospital", "Yabrudi"),
    ("Nusra", "Nusra Front", "Nusrat"),
])
def test_a_name_with_the_typed_words_ranks_above_a_near_spelling(query, containing, near):
    index = NameIndex.build([("near", [near]), ("containing", [containing]),
                             ("other", ["Zabadani"])])
    found = index.search(query)
    assert [m.name for m in found][:2] == [containing, near]
    # The near spelling is the closer spelling: only the rule puts the other first.
    assert next(m for m in found if m.name == near).score > found[0].score


def test_an_exact_name_still_ranks_first():
    index = NameIndex.build([("a", ["Abu Khadeij Point"]), ("b", ["Abu Khadeij"]),
                             ("c", ["Abu Khadeir"])])
    assert [m.id for m in index.search("Abu Khadeij")] == ["b", "a", "c"]


_word = st.text(alphabet="bdfgklmnrstz", min_size=4, max_size=7)


@given(_word, _word, st.integers(0, 6), st.sampled_from("bdfgklmnrstz"))
def test_containing_beats_one_changed_letter_for_any_name(first, last, at, letter):
    name = f"{first} {last}"
    at %= len(last)
    near = f"{first} {last[:at]}{letter}{last[at + 1:]}"
    # The near spelling must not hold the typed words itself ("dbbb dbbb" folds to "db db").
    assume(not set(fold(name).split()) <= set(fold(near).split()))
    index = NameIndex.build([("near", [near]), ("containing", [f"{name} Point"])])
    assert index.search(name, cutoff=0)[0].id == "containing"


# Ids unlike the names, so that only the names can match.
ACTORS = NameIndex.build([
    ("a1", ["Jabhat al-Nusra"]), ("a2", ["Hezbollah"]),
    ("a3", ["Hezbollah Brigades"]), ("a4", ["Syrian Army"]),
    ("a5", ["Syrian Arab Republic"]), ("a6", ["Al-Manar TV"]),
    ("a7", ["Islamic State of Iraq and the Levant"]),
])


@pytest.mark.parametrize(("query", "ids", "note"), [
    ("Nusra", ["a1"], "taking 'Nusra' as 'Jabhat al-Nusra'"),
    ("an-Nusra", ["a1"], "taking 'an-Nusra' as 'Jabhat al-Nusra'"),
    ("Manar", ["a6"], "taking 'Manar' as 'Al-Manar TV'"),
    ("Hezbollah", ["a2"], None),  # the exact name, never also "Hezbollah Brigades"
])
def test_a_name_is_found_without_its_body_words(query, ids, note):
    assert resolve(ACTORS, query, "actor") == (ids, note)


def test_two_candidates_are_refused_never_guessed():
    with pytest.raises(BadValue) as refused:
        resolve(ACTORS, "Syrian", "actor")
    assert str(refused.value) == ("'Syrian' is ambiguous; it could be: 'Syrian Arab "
                                  "Republic', 'Syrian Army'")
    two = NameIndex.build([("a", ["Nusra Front"]), ("b", ["Jabhat al-Nusra"])])
    with pytest.raises(BadValue) as refused:
        resolve(two, "Nusra", "actor")
    assert str(refused.value) == ("'Nusra' is ambiguous; it could be: 'Jabhat al-Nusra', "
                                  "'Nusra Front'")


def test_a_word_inside_a_longer_name_is_still_not_enough():
    with pytest.raises(UnknownName):
        resolve(ACTORS, "Iraq", "actor")


@pytest.mark.parametrize(("name", "bare"), [
    ("nusra frunt", "nusra"), ("jabhat nusra", "nusra"), ("manar tv", "manar"),
    ("frunt", None), ("hezbollah", None),
])
def test_without_body_words(name, bare):
    assert without_body_words(name) == bare


def test_the_installed_command_finds_an_actor_without_its_body_word(tmp_path):
    import subprocess
    from datetime import date

    from tests.test_stats import dataset, write
    from tests.test_subprocess import ENTRY

    day = date(2015, 5, 13)
    text = dataset([(day, day, "clash", ["actor-0"]), (day, day, "clash", ["actor-1"])])
    data = write(tmp_path, text.replace("Actor 0", "Jabhat al-Nusra"))
    done = subprocess.run([*ENTRY, "--data", data, "timeline", "--actor", "Nusra", "--count"],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "1\n", "qalamoun: --actor: taking 'Nusra' as 'Jabhat al-Nusra'\n")
