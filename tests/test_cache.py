"""The compiled-dataset cache: used when the data is unchanged, rebuilt otherwise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qalamoun_cli import cache
from qalamoun_cli.dataset import check_dataset, load_dataset
from qalamoun_cli.errors import CacheDamaged, DataError
from tests.conftest import EXAMPLE, ROOT

SCHEMA_2 = ROOT / "examples" / "schema2.yaml"


@pytest.fixture
def data_path(data):
    return data


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "data.yaml"
    target.write_bytes(EXAMPLE.read_bytes())
    return target


def test_second_load_comes_from_the_cache(data, tmp_path):
    first = load_dataset(data)
    entries = list((tmp_path / "cache").glob("*.sqlite"))
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
    (entry,) = (tmp_path / "cache").glob("*.sqlite")
    entry.write_bytes(b"not a cache entry")
    assert len(load_dataset(data).events) == 3
    assert cache.open_cache().get(entry.stem) is not None


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
    (entry,) = (tmp_path / "cache").glob("*.sqlite")
    entry.write_bytes(entry.read_bytes()[:-10])
    assert len(load_dataset(data).events) == 3
    assert cache.open_cache().get(entry.stem) is not None


def _damage_events(entry) -> None:
    # A changed byte in one event's record that SQLite cannot see (it keeps no checksums):
    # only the record's own CRC-32 can tell.
    import sqlite3

    conn = sqlite3.connect(entry)
    with conn:
        changed = conn.execute("UPDATE events SET record = replace(record, 'Heavy fighting', "
                               "'Heavy fightinG')").rowcount
    conn.close()
    assert changed == 3


def test_damaged_events_are_reported_and_the_entry_removed(data, tmp_path):
    load_dataset(data)
    (entry,) = (tmp_path / "cache").glob("*.sqlite")
    _damage_events(entry)
    chronology = load_dataset(data)
    with pytest.raises(CacheDamaged, match="damaged and was removed"):
        list(chronology.events)
    assert not entry.exists()
    assert len(list(load_dataset(data).events)) == 3


def test_damaged_entry_is_one_line_and_exit_70_through_the_cli(data, tmp_path, run):
    load_dataset(data)
    (entry,) = (tmp_path / "cache").glob("*.sqlite")
    _damage_events(entry)
    code, out, err = run("--data", str(data), "timeline", "--format", "json")
    assert code == 70
    assert err.count("\n") == 1 and "damaged and was removed; run the command again" in err
    code, out, err = run("--data", str(data), "timeline", "--format", "json")
    assert code == 0 and '"id"' in out


def _entry(tmp_path):
    (entry,) = (tmp_path / "cache").glob("*.sqlite")
    return entry


def _everything(chronology):
    """All that a command can read from a chronology: records, events, name indexes."""
    from qalamoun_cli.search import NAME_KINDS, name_index

    # Read whole now: the compiled form reads records as they are asked for.
    def whole(index):
        ids, names, folded, display, skeletons = index
        return tuple(ids), tuple(names), tuple(folded), dict(display), tuple(skeletons)

    return (dict(chronology.places), dict(chronology.actors), dict(chronology.sources),
            dict(chronology.sides), list(chronology.events),
            [whole(name_index(chronology, k)) for k in NAME_KINDS])


def _served_or_fewer(got, expected) -> None:
    """Assert that GOT is EXPECTED, except perhaps for events missing from the list."""
    *records, events, names = got
    *expected_records, expected_events, expected_names = expected
    assert (records, names) == (expected_records, expected_names)
    it = iter(expected_events)
    assert all(any(e == x for x in it) for e in events)  # a sub-sequence, in order


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_damaged_byte_is_never_served(data_path, tmp_path, data):
    # Any one changed byte: SQLite cannot open the entry (rebuilt), or finds the damage as
    # it reads, or a record fails its CRC-32 (CacheDamaged, the entry removed); what no
    # check can see, in an index, can make an event be missed but never shown changed.
    expected = _everything(load_dataset(data_path))
    entry = _entry(tmp_path)
    good = entry.read_bytes()
    position = data.draw(st.integers(0, len(good) - 1))
    flip = data.draw(st.integers(1, 255))
    damaged = bytearray(good)
    damaged[position] ^= flip
    entry.write_bytes(bytes(damaged))
    try:
        _served_or_fewer(_everything(load_dataset(data_path)), expected)
    except CacheDamaged:
        assert not entry.exists()
    entry.unlink(missing_ok=True)
    assert _everything(load_dataset(data_path)) == expected


def test_an_entry_written_for_other_data_is_not_served(data, tmp_path):
    load_dataset(data)
    mine = _entry(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(data.read_text(encoding="utf-8").replace("Heavy fighting", "Other"),
                     encoding="utf-8")
    load_dataset(other)
    (theirs,) = [e for e in (tmp_path / "cache").glob("*.sqlite") if e != mine]
    mine.write_bytes(theirs.read_bytes())
    assert not any(e.summary.startswith("Other") for e in load_dataset(data).events)


def test_an_edit_while_the_files_are_read_is_seen_by_the_next_run(data, monkeypatch):
    from qalamoun_cli import dataset

    real = dataset.read_bytes

    def read_then_edit(path):
        raw = real(path)
        path.write_text(raw.decode("utf-8").replace("Heavy fighting", "Edited"),
                        encoding="utf-8")
        return raw

    monkeypatch.setattr(dataset, "read_bytes", read_then_edit)
    assert not any(e.summary.startswith("Edited") for e in load_dataset(data).events)
    monkeypatch.setattr(dataset, "read_bytes", real)
    assert any(e.summary.startswith("Edited") for e in load_dataset(data).events)


def test_a_fifo_in_place_of_an_entry_does_not_hang(data, tmp_path, monkeypatch):
    import os

    _later(monkeypatch)  # so that there is a stamp to replace too
    load_dataset(data)
    entry = _entry(tmp_path)
    entry.unlink()
    os.mkfifo(entry)
    for stamp in (tmp_path / "cache").glob("stamp-*"):
        stamp.unlink()
        os.mkfifo(stamp)
    assert len(load_dataset(data).events) == 3
    assert entry.is_file()


def test_leftover_temporary_files_and_old_stamps_are_pruned(data, tmp_path, monkeypatch):
    import os
    import time

    _later(monkeypatch)  # so that this dataset's stamp is recorded
    cache_folder = tmp_path / "cache"
    cache_folder.mkdir()
    old = time.time() - 2 * 3600
    leftover = cache_folder / f".tmp-qalamoun-{'0' * 16}"
    fresh = cache_folder / f".tmp-qalamoun-{'1' * 16}"
    for path in (leftover, fresh):
        path.write_bytes(b"partial")
    os.utime(leftover, (old, old))
    stamps = [cache_folder / f"stamp-{i:016x}" for i in range(100)]
    for i, stamp in enumerate(stamps):
        stamp.write_bytes(b"qalamoun stamp\nx\ny\n")
        os.utime(stamp, (old + i, old + i))
    load_dataset(data)
    assert not leftover.exists() and fresh.exists()
    # 64 kept when the entry was written, then this dataset's own stamp.
    assert len(list(cache_folder.glob("stamp-*"))) == 65
    assert not stamps[0].exists() and stamps[-1].exists()


def test_pruning_tolerates_files_vanishing(data, tmp_path, monkeypatch):
    import os

    real_listdir = os.listdir
    vanished = [f".tmp-qalamoun-{'0' * 16}", f"{'0' * 64}.sqlite", f"{'0' * 64}.cache",
                f"stamp-{'0' * 16}"]

    def listdir(path=None):
        # Listed, then renamed or removed by their writers before they could be looked at.
        return [*real_listdir(path), *vanished] if isinstance(path, int) else real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    assert len(load_dataset(data).events) == 3
    assert len(list((tmp_path / "cache").glob("*.sqlite"))) == 1


# -- trust: nothing another user could have written is ever used ------------------------------

OTHER_UID = 12345  # the tests run as root, which may give a file away


def _sohr_lows(out: str) -> set[int]:
    import json

    return {row["low"] for row in json.loads(out) if row["source"]["id"] == "sohr"}


def _forged_entry(data, tmp_path, monkeypatch) -> bytes:
    """Return an entry under DATA's key whose records say SOHR counted 3600 where it says 36."""
    real = _entry(tmp_path)
    forged = tmp_path / "forged" / "data.yaml"
    forged.parent.mkdir()
    forged.write_text(data.read_text(encoding="utf-8").replace(
        'low: 36, high: 36, as_reported: "36"', 'low: 3600, high: 3600, as_reported: "3600"'),
        encoding="utf-8")
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "forge"))
    load_dataset(forged)
    (entry,) = (tmp_path / "forge").glob("*.sqlite")
    _set_key(entry, real.stem)  # as if written under the real data's key
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    return entry.read_bytes()


def _set_key(entry, key: str) -> None:
    """Make the database ENTRY say it was compiled for KEY."""
    import json
    import sqlite3
    from zlib import crc32

    value = json.dumps(key)
    conn = sqlite3.connect(entry)
    with conn:
        conn.execute("UPDATE meta SET value = ?, crc = ? WHERE name = 'key'",
                     (value, crc32(value.encode())))
    conn.close()


def _notice_re(why: str) -> str:
    return rf"qalamoun: not using the cache: \S+ {why}\n\Z"


def _casualties_are_true(run, data, why: str | None) -> None:
    import re

    code, out, err = run("--data", str(data), "casualties", "--format", "json")
    assert code == 0, err
    assert _sohr_lows(out) == {18, 36, 42}
    if why is None:
        assert err == ""
    else:
        assert re.match(_notice_re(why), err), err


def test_a_forged_entry_of_our_own_is_served(data, tmp_path, monkeypatch, run):
    # The premise of the tests below: the forgery works when the file passes the checks.
    load_dataset(data)
    _entry(tmp_path).write_bytes(_forged_entry(data, tmp_path, monkeypatch))
    code, out, err = run("--data", str(data), "casualties", "--format", "json")
    assert code == 0 and _sohr_lows(out) == {18, 42, 3600}


@pytest.mark.parametrize("plant", ["other owner", "group-writable", "world-writable"])
def test_an_entry_someone_else_could_have_written_is_not_used(data, tmp_path, monkeypatch,
                                                              run, plant):
    import os

    load_dataset(data)
    entry = _entry(tmp_path)
    forged = _forged_entry(data, tmp_path, monkeypatch)
    entry.write_bytes(forged)
    if plant == "other owner":
        os.chown(entry, OTHER_UID, OTHER_UID)
        why = f"is owned by user {OTHER_UID}, not by you"
    else:
        os.chmod(entry, 0o620 if plant == "group-writable" else 0o602)
        why = "is writable by group or others"
    _casualties_are_true(run, data, why)
    # Not used means not replaced or removed either: the user decides what to do with it.
    assert entry.read_bytes() == forged


@pytest.mark.parametrize("plant", ["other owner", "world-writable", "sticky like /tmp"])
def test_a_cache_folder_someone_else_can_write_is_not_used(data, tmp_path, monkeypatch, run,
                                                           plant):
    import os

    load_dataset(data)
    _entry(tmp_path).write_bytes(_forged_entry(data, tmp_path, monkeypatch))
    folder = tmp_path / "cache"
    if plant == "other owner":
        os.chown(folder, OTHER_UID, OTHER_UID)
        why = f"is owned by user {OTHER_UID}, not by you"
    else:
        os.chmod(folder, 0o777 if plant == "world-writable" else 0o1777)
        why = "is writable by group or others"
    before = sorted(p.name for p in folder.iterdir())
    _casualties_are_true(run, data, why)
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written there


def _later(monkeypatch) -> None:
    """Let the cache's clock run ahead, so that stamps of the files' times are trusted.

    (Their change time is now, and cannot be set back; a stamp taken within the timestamp
    resolution of it is racy and not recorded.)
    """
    import time

    ahead = time.time_ns() + 10 * 10**9
    monkeypatch.setattr(cache, "_clock", lambda: ahead, raising=False)


def test_a_stamp_someone_else_wrote_is_not_used(data, tmp_path, monkeypatch, run):
    import os

    forged = tmp_path / "forged.yaml"
    forged.write_text(data.read_text(encoding="utf-8").replace(
        'low: 36, high: 36, as_reported: "36"', 'low: 3600, high: 3600, as_reported: "3600"'),
        encoding="utf-8")
    _later(monkeypatch)
    load_dataset(data)
    real = _entry(tmp_path)
    load_dataset(forged)  # a genuine entry of ours, for other data
    (theirs,) = [e for e in (tmp_path / "cache").glob("*.sqlite") if e != real]
    stamps = [s for s in (tmp_path / "cache").glob("stamp-*")
              if real.stem.encode() in s.read_bytes()]
    assert len(stamps) == 1
    stamp = stamps[0]
    # The stamp of DATA's file times, pointing at the other data's entry.
    stamp.write_bytes(stamp.read_bytes().replace(real.stem.encode(), theirs.stem.encode()))
    os.chown(stamp, OTHER_UID, OTHER_UID)
    _casualties_are_true(run, data, f"is owned by user {OTHER_UID}, not by you")


def test_a_huge_stamp_is_not_read_whole(data, tmp_path, monkeypatch, run):
    import tracemalloc

    _later(monkeypatch)
    load_dataset(data)
    (stamp,) = (tmp_path / "cache").glob("stamp-*")
    with stamp.open("r+b") as stream:
        stream.truncate(64 * 1024 * 1024)  # sparse: costs no disk
    tracemalloc.start()
    try:
        _casualties_are_true(run, data, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_a_truncated_or_extended_entry_is_rebuilt(data, tmp_path):
    load_dataset(data)
    entry = _entry(tmp_path)
    good = entry.read_bytes()
    for changed in (good[:-4096], good + bytes(4096)):
        entry.write_bytes(changed)
        assert cache.open_cache().get(entry.stem) is None
        assert len(list(load_dataset(data).events)) == 3
        assert entry.read_bytes() == good


def test_a_symlink_planted_as_an_entry_is_not_followed(data, tmp_path, monkeypatch, run):
    load_dataset(data)
    entry = _entry(tmp_path)
    elsewhere = tmp_path / "elsewhere.sqlite"
    forged = _forged_entry(data, tmp_path, monkeypatch)
    elsewhere.write_bytes(forged)
    entry.unlink()
    entry.symlink_to(elsewhere)
    _casualties_are_true(run, data, None)
    assert elsewhere.read_bytes() == forged
    assert entry.is_file() and not entry.is_symlink()  # replaced by a rebuilt entry


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o277])
def test_the_cache_folder_and_its_files_are_private(data, tmp_path, monkeypatch, umask):
    import os
    import stat

    previous = os.umask(umask)
    try:
        load_dataset(data)
        _later(monkeypatch)
        load_dataset(data)  # now also writes the stamp of the data's times
    finally:
        os.umask(previous)
    folder = tmp_path / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert {p.suffix or p.name[:6] for p in files} == {".sqlite", "stamp-"}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


# -- pruning removes only what is provably ours --------------------------------------------------


def _our_entry(folder, i: int, application_id: int | None = None):
    """Plant an entry in our own format: an SQLite database with our application id."""
    import sqlite3

    from qalamoun_cli.compiled import APPLICATION_ID

    path = folder / f"{i:064x}.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {application_id or APPLICATION_ID}")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    return path


def _old_entry(folder, i: int):
    """Plant an entry in the format before SQLite (magic, format, the key of its name)."""
    name = f"{i:064x}"
    path = folder / f"{name}.cache"
    path.write_bytes(b"qalamoun" + (6).to_bytes(8, "little") + bytes.fromhex(name) + bytes(32))
    return path


def test_pruning_leaves_alone_every_file_it_did_not_write(data, tmp_path):
    import os
    import time

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    old = time.time() - 2 * 3600
    strangers = [folder / n for n in ("x.cache", "x.sqlite", "notes.cache",
                                      f"{'A' * 64}.cache", f"{'A' * 64}.sqlite",
                                      f"{'0' * 63}.cache", f"{'0' * 63}.sqlite", "stamp-foo",
                                      f"stamp-{'0' * 15}", ".tmp-bar", ".tmp-abcd1234",
                                      f".tmp-qalamoun-{'z' * 16}", f"stamp-{'0' * 16}.bak")]
    strangers += [folder / f"{i:064x}.cache" for i in range(20)]  # our names, not our heads
    strangers += [folder / f"{i:064x}.sqlite" for i in range(20, 40)]
    strangers += [folder / f"stamp-{i:016x}" for i in range(70)]  # our names, not our content
    for path in strangers:
        path.write_bytes(b"someone else's file\n")
    # Another program's SQLite database under a name of ours: not our application id.
    foreign = [_our_entry(folder, 2000 + i, application_id=1) for i in range(20)]
    for path in foreign:
        os.utime(path, (old, old))
    # Our names and heads, but another user's files.
    theirs = [_our_entry(folder, 1000 + i) for i in range(20)]
    theirs += [_old_entry(folder, 3000 + i) for i in range(5)]
    temporary = folder / f".tmp-qalamoun-{'0' * 16}"
    temporary.write_bytes(b"partial")
    theirs.append(temporary)
    for path in theirs:
        os.chown(path, OTHER_UID, OTHER_UID)
    for path in strangers + theirs:
        os.utime(path, (old, old))
    load_dataset(data)
    assert all(p.read_bytes() == b"someone else's file\n" for p in strangers)
    assert all(p.exists() for p in theirs + foreign)
    assert len(list(folder.glob("*.sqlite"))) == 3 + 20 + 20 + 20 + 1


def test_pruning_keeps_our_newest_entries_and_removes_the_old_format(data, tmp_path):
    import os
    import time

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    old = time.time() - 2 * 3600
    ours = [_our_entry(folder, i) for i in range(20)]
    for i, path in enumerate(ours):
        os.utime(path, (old + i, old + i))
    before_sqlite = [_old_entry(folder, 100 + i) for i in range(3)]
    load_dataset(data)
    kept = set(folder.glob("*.sqlite"))
    assert len(kept) == 16
    assert _entry_of(data, folder) in kept
    assert set(ours[-15:]) <= kept
    assert not any(p.exists() for p in before_sqlite)


def _entry_of(data, folder):
    from qalamoun_cli.dataset import dataset_files

    files = [(str(f), f.read_bytes()) for f in dataset_files(data)]
    return folder / f"{cache.key(files)}.sqlite"


# -- racy stamps: a file as new as its stamp is hashed again ----------------------------------


class _Coarse:
    """A stat result as a file system with one-second timestamps would give it."""

    def __init__(self, real, ns: int) -> None:
        self._real = real
        self.st_mtime_ns = self.st_ctime_ns = ns
        self.st_mtime = self.st_ctime = ns / 1e9

    def __getattr__(self, name):
        return getattr(self._real, name)


def _coarse_clock(monkeypatch, data, second: int, now_ns: int) -> None:
    """Show DATA's times as SECOND exactly, and let the cache's clock say NOW_NS."""
    from pathlib import Path

    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        st = real_stat(self, *args, **kwargs)
        return _Coarse(st, second * 10**9) if self.name == data.name else st

    monkeypatch.setattr(Path, "stat", stat)
    monkeypatch.setattr(cache, "_clock", lambda: now_ns, raising=False)


def _sohr(chronology) -> set[int]:
    return {c.low for e in chronology.events for c in e.claims if c.source == "sohr"}


def test_a_same_size_edit_in_the_second_of_the_stamp_is_seen(data, monkeypatch):
    import os
    import time

    second = int(time.time())
    _coarse_clock(monkeypatch, data, second, second * 10**9 + 400_000_000)
    assert 36 in _sohr(load_dataset(data))
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("low: 36, high: 36", "low: 63, high: 63"), encoding="utf-8")
    os.utime(data, (second, second))  # what the 1-second file system shows anyway
    assert 63 in _sohr(load_dataset(data))


def test_a_stamp_is_trusted_once_the_files_are_older_than_the_resolution(data, monkeypatch):
    import time

    from qalamoun_cli import dataset

    second = int(time.time())
    _coarse_clock(monkeypatch, data, second, second * 10**9 + 400_000_000)
    load_dataset(data)
    reads: list[str] = []
    real = dataset.read_bytes
    monkeypatch.setattr(dataset, "read_bytes", lambda path: reads.append(path.name) or real(path))
    load_dataset(data)
    assert reads == [data.name]  # racy then: hashed again
    monkeypatch.setattr(cache, "_clock", lambda: (second + 5) * 10**9)
    load_dataset(data)
    assert reads == [data.name] * 2  # hashed once more, and its stamp recorded
    load_dataset(data)
    assert reads == [data.name] * 2  # from the stamp, without reading the file


def test_the_code_stamp_follows_every_module_of_the_package(tmp_path, monkeypatch):
    package = tmp_path / "qalamoun_cli"
    (package / "render").mkdir(parents=True)
    for name in ("cache.py", "load.py", "render/views.py"):
        (package / name).write_text("# code\n", encoding="utf-8")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    before = cache._code_stamp()
    # A renamed module must not break the stamp (it once listed modules by name) ...
    (package / "load.py").rename(package / "loading.py")
    renamed = cache._code_stamp()
    assert renamed != before
    # ... and a new or changed module anywhere in the package changes it.
    (package / "render" / "svg.py").write_text("# new\n", encoding="utf-8")
    assert cache._code_stamp() not in (before, renamed)


def test_a_schema_2_dataset_comes_back_from_the_cache_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "schema2.yaml"
    data.write_bytes(SCHEMA_2.read_bytes())
    first, problems = check_dataset(data)
    assert problems == [] and first.compiled_names is None  # parsed
    again = load_dataset(data)
    assert again.compiled_names is not None  # compiled
    assert _everything(again) == _everything(first)
    assert again.vocabulary == first.vocabulary == {
        "event_types": ("surrender", "prisoner exchange", "evacuation"),
        "source_kinds": ("hospital",), "place_kinds": ("hospital",)}
    events = {e.id: e for e in again.events}
    assert events["siege-of-deir-attiyeh"].date.end is None
    assert events["hospital-counts-the-wounded"].date.start is None
    assert events["hospital-counts-the-wounded"].type is None
    assert events["committee-appeal"].date.undated
    assert events["committee-appeal"].note == ("The article does not date the appeal; it is "
                                               "told after the exchange.")
    assert list(again.events.undated_matching()) == [3]
    assert events["hospital-counts-the-wounded"].claims[0].party_text == \
        "doctors in Deir Attiyeh"
    assert again.campaign.date.end is None and again.campaign == first.campaign
    assert again.actors["local-committee"].side is None
    assert again.sources["local-page"].kind is None


def test_an_sqlite_without_fts5_or_rtree_compiles_the_rest_and_says_so(data, monkeypatch):
    import sqlite3

    from qalamoun_cli import compiled

    # As SQLite answers when a module was left out of the build.
    monkeypatch.setitem(compiled.FEATURES, "fts5", "CREATE VIRTUAL TABLE texts USING nofts(x)")
    monkeypatch.setitem(compiled.FEATURES, "rtree", "CREATE VIRTUAL TABLE b USING nortree(x)")
    said: list[str] = []
    chronology = load_dataset(data, notice=said.append)
    version = sqlite3.sqlite_version
    assert said == [
        f"this SQLite ({version}) has no FTS5: --text and search will scan every text of this "
        f"dataset (slower) instead of an index",
        f"this SQLite ({version}) has no RTREE: searches by coordinates will not be "
        f"available on this dataset"]
    assert chronology.features == ()
    assert len(list(chronology.events)) == 3
    assert load_dataset(data, notice=said.append).features == ()
    assert len(said) == 2  # said when compiling, not on every run


def test_the_compiled_form_has_full_text_search_and_coordinates(data, tmp_path):
    import sqlite3

    chronology = load_dataset(data)
    assert chronology.features == ("fts5", "rtree")
    conn = sqlite3.connect(_entry(tmp_path))
    fighting = [("event", e.id) for e in sorted(chronology.events, key=lambda e: e.id)
                if "fighting" in e.summary.lower()]
    assert len(fighting) == 1
    assert conn.execute("SELECT kind, id FROM texts WHERE texts MATCH 'fighting' "
                        "ORDER BY id").fetchall() == fighting
    # Folded as place names are (textsearch.py): "dozens" is stored as "duzans".
    # A claim's words as reported find the event it is about.
    dozens = [("event", e.id) for e in chronology.events
              if any(c.as_reported == "dozens" for c in e.claims)]
    assert len(dozens) == 1
    assert conn.execute("SELECT kind, id FROM texts WHERE texts MATCH 'duzans'").fetchall() \
        == dozens
    located = sorted(p.id for p in chronology.places.values() if p.lat is not None)
    assert located
    assert sorted(i for (i,) in conn.execute(
        "SELECT places.id FROM place_boxes JOIN places ON places.rowid = place_rowid "
        "WHERE min_lat >= -90 AND max_lat <= 90")) == located
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert set(conn.execute("SELECT key, event_id FROM event_index WHERE kind = 'place'")) \
        == {(p, e.id) for e in chronology.events for p in e.places}


# -- what QA found: the file SQLite opens, parents, homes, spellings, kills ------------------


def test_an_entry_swapped_while_sqlite_opens_it_is_not_used(data, tmp_path, monkeypatch, run):
    from qalamoun_cli import compiled

    load_dataset(data)
    forged = tmp_path / "elsewhere.sqlite"
    forged.write_bytes(_forged_entry(data, tmp_path, monkeypatch))
    real_connect = compiled.connect

    def swapped(path, *, write=False):
        # What SQLite opens by name after a parent folder was renamed under it.
        return real_connect(str(forged) if path.endswith(".sqlite") else path, write=write)

    monkeypatch.setattr(compiled, "connect", swapped)
    _casualties_are_true(run, data, "was replaced while it was opened")


def test_a_temporary_file_swapped_while_compiling_is_not_published(data, tmp_path, monkeypatch):
    from qalamoun_cli import compiled

    elsewhere = tmp_path / "elsewhere.db"
    real_connect = compiled.connect
    monkeypatch.setattr(compiled, "connect", lambda path, *, write=False: real_connect(
        str(elsewhere) if write else path, write=write))
    assert len(list(load_dataset(data).events)) == 3
    assert list((tmp_path / "cache").iterdir()) == []  # no entry, no temporary file
    assert elsewhere.read_bytes() == b""  # opened, then left at once: nothing written


def test_parents_the_cache_creates_are_private_whatever_the_umask(data, tmp_path, monkeypatch):
    import os
    import stat

    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "a" / "b" / "cache"))
    previous = os.umask(0)
    try:
        load_dataset(data)
    finally:
        os.umask(previous)
    assert [stat.S_IMODE((tmp_path / p).stat().st_mode) for p in ("a", "a/b", "a/b/cache")] \
        == [0o700] * 3


def test_without_a_home_or_with_a_relative_xdg_cache_home(monkeypatch, tmp_path):
    import os

    monkeypatch.delenv("QALAMOUN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / ".cache" / "qalamoun"  # the XDG rule
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "qalamoun"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no HOME, no passwd entry
    assert cache.cache_dir() is None


def test_two_spellings_of_one_path_share_one_entry(data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    load_dataset(data.relative_to(tmp_path))
    load_dataset(data)
    assert len(list((tmp_path / "cache").glob("*.sqlite"))) == 1


def test_a_kill_while_compiling_leaves_no_temporary_file(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.test_subprocess import ENTRY

    data = tmp_path / "big.yaml"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "4000", str(data)],
                   check=True, capture_output=True)
    folder = tmp_path / "cache"
    env = {**os.environ, "QALAMOUN_CACHE_DIR": str(folder)}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        process = subprocess.Popen([*ENTRY, "--data", str(data), "stats"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while not list(folder.glob(".tmp-qalamoun-*")) and time.monotonic() < deadline \
                and process.poll() is None:
            time.sleep(0.005)
        assert process.poll() is None, "the compile ended before the signal could be sent"
        process.send_signal(signum)
        assert process.wait(timeout=60) == -signum
        assert list(folder.iterdir()) == []


def test_the_cache_names_the_compiled_format_it_stores():
    from qalamoun_cli import compiled

    assert cache._FORMAT == compiled.FORMAT
