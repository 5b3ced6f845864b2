"""Properties of the fuzzy name search that the fast paths must keep."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.lookup import place_index
from qalamoun_cli.names import fold
from qalamoun_cli.search import WORD_SCORE, _score
from tests.conftest import ROOT

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
