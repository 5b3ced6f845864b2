"""Fuzzy matching: the properties the fast paths must keep, and how a typed name resolves."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.errors import BadValue
from qalamoun_cli.names import fold, without_divisions
from qalamoun_cli.search import (
    NAME_KINDS,
    WORD_SCORE,
    NameIndex,
    Resolution,
    _score,
    name_index,
    name_rows,
    resolve,
    same_numbers,
)
from tests.conftest import EXAMPLE, ROOT

INDEX = name_index(load_dataset(), "place")
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
# Ties at the last kept score were dropped: RapidFuzz refuses some scores equal to the cutoff.
@example("valai anib", 1)
@example("yrahkrlb", 1)
# Names with other numbers took the places of the names that count.
@example("65 بستان falita", 1)
def test_closest_equals_the_top_of_a_full_ranking(query, n):
    full = INDEX.search(query, limit=n, cutoff=0.0)
    assert [(m.id, m.score) for m in INDEX.closest(query, n)] == [(m.id, m.score) for m in full]


def test_closest_ties_and_numbers_regressions():
    assert [m.id for m in INDEX.closest("valai anib", 1)] == ["al-zamarani"]
    assert INDEX.closest("yrahkrlb", 1)[0].id == "arsal"
    assert [m.id for m in INDEX.closest("65 بستان falita", 1)] == ["brigade-65-base"]


def _profile(env: dict[str, str]) -> list[str]:
    code = ("import tests.conftest; from hypothesis import settings; d = settings.default; "
            "print(d.derandomize, d.max_examples, d.deadline, d.database is None)")
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**clean, **env}, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_ci_runs_the_same_property_examples_and_local_runs_explore():
    ci = ["True", "200", "None", "True"]
    assert _profile({"CI": "true"}) == ci
    assert _profile({"HYPOTHESIS_PROFILE": "ci"}) == ci
    assert _profile({"CI": "true", "HYPOTHESIS_PROFILE": "dev"})[0] == "False"
    assert _profile({})[0] == "False"
    assert _profile({"CI": "false"})[0] == "False"
    # .ci/run chooses the profile itself, then runs the README's test command unchanged.
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "pip install '.[test]' && pytest"
    assert f"```sh\n{command}\n```" in readme
    assert script.index("export HYPOTHESIS_PROFILE=ci") < script.index(command)


# -- name indexes and resolve -------------------------------------------------------------

NAMES = NameIndex.build([
    ("hezbollah", ("Hezbollah", "Hizballah", "حزب الله")),
    ("leb-sec", ("Lebanese security sources",)),
    ("qalamoun-mountains", ("Qalamoun mountains",)),
    ("qalamoun-front", ("Qalamoun front",)),
    ("post-1", ("Observation post 1",)),
    ("post-2", ("Observation post 2",)),
    ("ras-baalbek", ("Ras Baalbek",)),
])


def refusal(query: str, what: str = "actor", known: tuple[str, ...] = ()) -> str:
    with pytest.raises(BadValue) as refused:
        resolve(NAMES, query, what, known)
    return str(refused.value)


@pytest.mark.parametrize("query", ["Hezbollah", "HIZBALLAH", "Hizballāh", "  hizballah ",
                                   "hezbollah", "حزب الله"])
def test_an_exact_name_alias_or_id_after_folding_is_taken_without_a_note(query):
    assert resolve(NAMES, query, "actor") == Resolution(["hezbollah"], None)


def test_the_words_a_name_begins_with_are_taken_with_a_note():
    assert resolve(NAMES, "Lebanese security", "source") == Resolution(
        ["leb-sec"], "taking 'Lebanese security' as 'Lebanese security sources'")


def test_a_beginning_shorter_than_half_the_name_is_not_enough():
    assert refusal("Lebanese", "source") == (
        "unknown source 'Lebanese'; closest: 'Lebanese security sources', 'Ras Baalbek', "
        "'Qalamoun mountains'")


def test_a_close_spelling_is_taken_with_a_note():
    assert resolve(NAMES, "Hizbullah", "actor") == Resolution(
        ["hezbollah"], "taking 'Hizbullah' as 'Hezbollah'")


def test_several_candidates_are_refused_and_listed_by_name():
    assert refusal("Qalamoun", "place") == (
        "'Qalamoun' is ambiguous; it could be: 'Qalamoun front', 'Qalamoun mountains'")
    assert refusal("Observation post", "place") == (
        "'Observation post' is ambiguous; it could be: 'Observation post 1', "
        "'Observation post 2'")


def test_a_word_inside_a_longer_name_is_not_that_name():
    assert refusal("Baalbek", "place") == (
        "unknown place 'Baalbek'; closest: 'Ras Baalbek', 'Hezbollah', "
        "'Lebanese security sources'")


def test_an_unknown_name_lists_the_closest_and_the_known_names():
    assert refusal("Atlantis", "source", ("SOHR", "Lebanese\tsecurity sources")) == (
        "unknown source 'Atlantis'; closest: 'Qalamoun mountains', 'Qalamoun front', "
        "'Ras Baalbek'; known sources: SOHR, Lebanese\\tsecurity sources")


def test_numbers_must_match_however_close_the_spelling():
    assert resolve(NAMES, "Observaton post 2", "place") == Resolution(
        ["post-2"], "taking 'Observaton post 2' as 'Observation post 2'")
    assert resolve(NAMES, "Observaton post 1", "place").ids == ["post-1"]
    assert refusal("Observation post 3", "place") == "unknown place 'Observation post 3'"


def test_same_numbers_compares_every_number_in_order():
    numbered = same_numbers("brigade 65")
    assert [numbered(n) for n in ("brigade 65", "65 brigade", "brigade 155", "brigade",
                                  "brigade 65 6")] == [True, True, False, False, False]
    assert same_numbers("arsal")("arsal") and not same_numbers("arsal")("hill 1")


def test_search_leaves_out_names_with_other_numbers_than_the_query():
    index = NameIndex.build([("post-1", ("Observation post 1",)),
                             ("post-2", ("Observation post 2",)),
                             ("post", ("Observation post",))])
    assert [m.id for m in index.search("Observation post 2", cutoff=0.0)] == ["post-2"]
    assert [m.id for m in index.search("Observation post", cutoff=0.0)] == [
        "post", "post-1", "post-2"]


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_name_is_refused(query):
    assert refusal(query, "party") == "the party name is empty"


def test_a_name_index_holds_every_name_of_its_kind_sides_with_actors():
    chronology = load_dataset(EXAMPLE)
    assert NAME_KINDS == ("place", "actor", "source")
    actors = name_index(chronology, "actor")
    assert sorted(actors.display) == ["al-nusra-front", "hezbollah", "opposition",
                                      "pro-government", "syrian-army"]
    assert resolve(actors, "rebels", "actor").ids == ["opposition"]
    places = name_index(chronology, "place")
    assert resolve(places, "تلة موسى", "place").ids == ["tallat-mussa"]
    assert resolve(name_index(chronology, "source"), "Syrian Observatory", "source").ids \
        == ["sohr"]
    # The compiled form reads ids, names and display names as they are asked for.
    def whole(index):
        ids, names, folded, display, skeletons = index
        return tuple(ids), tuple(names), tuple(folded), dict(display), tuple(skeletons)

    assert name_rows(chronology) == {kind: whole(name_index(chronology, kind))
                                     for kind in NAME_KINDS}


def test_closest_ids_are_spelt_most_like_the_query_closest_first():
    from qalamoun_cli.search import closest_ids

    ids = ["2015-05-13-tallat-mussa-captured", "2015-05-14-arsal-shelled", "x"]
    assert closest_ids("2015-05-13-talat-musa-captured", ids, limit=2) == ids[:2]


def test_a_side_is_found_by_id_or_name_in_any_spelling_else_the_sides_are_listed():
    from qalamoun_cli.search import side_id

    chronology = load_dataset(EXAMPLE)
    assert side_id(chronology, "opposition") == "opposition"
    names = {s.name: s.id for s in chronology.sides.values()}
    name, expected = next(iter(names.items()))
    assert side_id(chronology, name.upper()) == expected
    with pytest.raises(BadValue) as refused:
        side_id(chronology, "martians")
    known = ", ".join(f"{s.id} ({s.name})" for s in chronology.sides.values())
    assert str(refused.value) == f"unknown side 'martians'; known sides: {known}"


GED_LIKE = NameIndex.build([("gov", ("Idlib governorate",)), ("pt", ("Idlib governorate",)),
                            ("ged-ariha", ("Ariha district",)), ("kura", ("Kura village",)),
                            ("homs", ("Homs city",)), ("hama", ("Hama",))],
                           without_divisions)


def test_a_place_is_found_without_the_division_word_after_its_name_and_says_so():
    assert resolve(GED_LIKE, "Ariha", "place") == Resolution(
        ["ged-ariha"], "taking 'Ariha' as 'Ariha district'")
    # Two places of one name are told apart by their ids, and both taken.
    assert resolve(GED_LIKE, "Idlib", "place") == Resolution(
        ["gov", "pt"], "taking 'Idlib' as 'Idlib governorate' [gov], 'Idlib governorate' [pt]")
    assert resolve(GED_LIKE, "Hama", "place") == Resolution(["hama"])


def test_a_spelling_with_other_vowels_is_found_by_its_consonants():
    assert resolve(GED_LIKE, "Idleb", "place") == Resolution(
        ["gov", "pt"], "taking 'Idleb' as 'Idlib governorate' [gov], 'Idlib governorate' [pt]")
    matches = GED_LIKE.search("Hims", limit=None)
    assert [(m.id, m.score, m.matched) for m in matches] == [("homs", 88.0, "Homs city")]


def test_two_consonants_are_too_few_to_match_by():
    # "Kara" and "Kura" share k-r: too little to be a sign of one name.
    with pytest.raises(BadValue) as refused:
        resolve(GED_LIKE, "Kara", "place")
    assert str(refused.value).startswith("unknown place 'Kara'")


def test_an_ambiguous_name_lists_each_candidate_with_ids_where_names_repeat():
    index = NameIndex.build([("a1", ("Ras al-Ain town",)), ("a2", ("Ras al-Ain town",)),
                             ("b", ("Ras al-Ain village north",))])
    with pytest.raises(BadValue) as refused:
        resolve(index, "Ras al-Ain", "place")
    assert str(refused.value) == ("'Ras al-Ain' is ambiguous; it could be: 'Ras al-Ain town' "
                                  "[a1], 'Ras al-Ain town' [a2], 'Ras al-Ain village north'")


def test_one_name_of_several_records_is_taken_for_all_as_said():
    index = NameIndex.build([("arsal", ("Arsal",)), ("acled-arsal", ("Arsal",)),
                             ("isil", ("Islamic State", "ISIL")), ("isil-side", ("ISIL",))])
    assert resolve(index, "Arsal", "place") == Resolution(
        ["arsal", "acled-arsal"], "taking 'Arsal' as 'Arsal' [arsal], 'Arsal' [acled-arsal]")
    # Records of other names found by one of them (an actor and its side): as before.
    assert resolve(index, "ISIL", "actor") == Resolution(["isil", "isil-side"])


def test_a_close_spelling_found_by_one_folded_name_takes_all_its_records():
    assert resolve(GED_LIKE, "Hims", "place") == Resolution(
        ["homs"], "taking 'Hims' as 'Homs city'")
    index = NameIndex.build([("g", ("Homs governorate",)), ("t", ("Homs town",))],
                            without_divisions)
    assert resolve(index, "Hims", "place") == Resolution(
        ["g", "t"], "taking 'Hims' as 'Homs governorate', 'Homs town'")
