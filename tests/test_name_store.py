"""Compiled names: a search reads the rows it finds, and damage to any row is never served."""

from __future__ import annotations

import sqlite3

import pytest

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.errors import CacheDamaged
from qalamoun_cli.search import name_index, name_rows, word_sets_within
from tests.conftest import EXAMPLE


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "data.yaml"
    target.write_bytes(EXAMPLE.read_bytes())
    load_dataset(target)  # compiled
    return target


def _entry(data):
    (entry,) = (data.parent / "cache").glob("*.sqlite")
    return entry


def _change(data, sql):
    with sqlite3.connect(_entry(data)) as conn:
        assert conn.execute(sql).rowcount == 1


def test_a_search_reads_only_the_names_it_finds(data):
    places = name_index(load_dataset(data), "place")
    (best, *_) = places.search("Arsal", limit=1)
    assert (best.id, best.name) == ("arsal", "Arsal")
    assert (places.ids._all, places.names._all, places.display._all) == (None, None, None)
    # The whole-word search reads the keys' text as compiled, not joined again.
    assert places.folded.text == "\n".join(places.folded)
    assert word_sets_within("arsal", places.folded) == word_sets_within(
        "arsal", tuple(places.folded))
    # Going through every name reads them all, as they were written.
    ids, names, folded, display, skeletons = name_rows(load_dataset(EXAMPLE))["place"]
    assert (tuple(places.ids), tuple(places.names), dict(places.display)) == (
        ids, names, display)


@pytest.mark.parametrize("sql", [
    "UPDATE name_entries SET name = name || 'x' WHERE kind = 'place' AND position = 7",
    "UPDATE name_entries SET id = 'yabrud' WHERE kind = 'place' AND position = 7",
    "UPDATE name_entries SET position = 100000 WHERE kind = 'place' AND position = 7",
    "UPDATE name_records SET display = 'Elsewhere' WHERE kind = 'place' AND id = 'arsal'",
])
def test_a_changed_name_is_found_damaged_read_alone_or_whole(data, sql):
    _change(data, sql)
    places = name_index(load_dataset(data), "place")
    with pytest.raises(CacheDamaged):
        if "name_records" in sql:
            places.display["arsal"]
        else:
            places.names[7]
    with pytest.raises(CacheDamaged):
        tuple(places.ids) + tuple(places.names) + tuple(dict(places.display))


def test_display_names_are_a_mapping_of_the_ids_there(data):
    places = name_index(load_dataset(data), "place")
    assert "arsal" in places.display
    assert "no-such-place" not in places.display
    assert places.display.get("no-such-place") is None
    _change(data, "DELETE FROM name_records WHERE kind = 'place' AND id = 'arsal'")
    with pytest.raises(CacheDamaged):
        name_index(load_dataset(data), "place").display.get("arsal")
