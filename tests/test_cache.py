"""The compiled-dataset cache: used when the data is unchanged, rebuilt otherwise."""

from __future__ import annotations

import pytest

from qalamoun_cli import cache
from qalamoun_cli.errors import CacheDamaged, DataError
from qalamoun_cli.load import load_dataset
from tests.conftest import EXAMPLE


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "data.yaml"
    target.write_bytes(EXAMPLE.read_bytes())
    return target


def test_second_load_comes_from_the_cache(data, tmp_path):
    first = load_dataset(data)
    entries = list((tmp_path / "cache").glob("*.cache"))
    assert len(entries) == 1
    assert load_dataset(data).events == first.events


def test_changed_data_is_reparsed(data):
    load_dataset(data)
    data.write_text(data.read_text(encoding="utf-8").replace("Heavy fighting", "Fighting"),
                    encoding="utf-8")
    assert any(e.summary.startswith("Fighting") for e in load_dataset(data).events)


def test_broken_data_is_never_served_from_the_cache(data):
    load_dataset(data)
    data.write_text("schema_version: 1\nsides: [\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_dataset(data)


def test_corrupt_entry_is_ignored_and_rebuilt(data, tmp_path):
    load_dataset(data)
    (entry,) = (tmp_path / "cache").glob("*.cache")
    entry.write_bytes(b"not a cache entry")
    assert len(load_dataset(data).events) == 3
    assert cache.get(entry.stem) is not None


def test_cache_can_be_turned_off(data, tmp_path, monkeypatch):
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", "")
    load_dataset(data)
    assert not (tmp_path / "cache").exists()


def test_rewrite_with_the_old_mtime_is_still_seen(data):
    import os

    load_dataset(data)
    before = data.stat()
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("low: 36, high: 36", "low: 63, high: 63"), encoding="utf-8")
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert data.stat().st_size == before.st_size
    claims = [c for e in load_dataset(data).events for c in e.claims if c.source == "sohr"]
    assert 63 in {c.low for c in claims}


def test_truncated_entry_is_ignored_and_rebuilt(data, tmp_path):
    load_dataset(data)
    (entry,) = (tmp_path / "cache").glob("*.cache")
    entry.write_bytes(entry.read_bytes()[:-10])
    assert len(load_dataset(data).events) == 3
    assert cache.get(entry.stem) is not None


def _damage_events(entry) -> None:
    # Same size, so the head still agrees: only reading an event can tell.
    raw = entry.read_bytes()
    entry.write_bytes(raw[:-40] + b"\xff" * 40)


def test_damaged_events_are_reported_and_the_entry_removed(data, tmp_path):
    load_dataset(data)
    (entry,) = (tmp_path / "cache").glob("*.cache")
    _damage_events(entry)
    chronology = load_dataset(data)
    with pytest.raises(CacheDamaged, match="damaged and was removed"):
        list(chronology.events)
    assert not entry.exists()
    assert len(list(load_dataset(data).events)) == 3


def test_damaged_entry_is_one_line_and_exit_70_through_the_cli(data, tmp_path, run):
    load_dataset(data)
    (entry,) = (tmp_path / "cache").glob("*.cache")
    _damage_events(entry)
    code, out, err = run("--data", str(data), "timeline", "--format", "json")
    assert code == 70
    assert err.count("\n") == 1 and "damaged and was removed; run the command again" in err
    code, out, err = run("--data", str(data), "timeline", "--format", "json")
    assert code == 0 and '"id"' in out
