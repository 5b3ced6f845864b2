"""Finding a dataset's files and reading them: folders, odd files, the size cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.errors import DataError, MissingInputError
from tests.test_load import HEAD, SIDE, SOURCE, event


def test_load_dataset_raises_data_error_with_all_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(event(type="massacre", places="[nowhere]"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(bad)
    assert len(caught.value.problems) == 2
    assert str(caught.value).startswith(f"{bad}:")


def test_missing_path_is_missing_input(tmp_path):
    with pytest.raises(MissingInputError, match="no such file or folder"):
        load_dataset(tmp_path / "nope.yaml")
    with pytest.raises(MissingInputError, match="no .yaml, .csv or .geojson files"):
        load_dataset(tmp_path)


def test_folder_sections_are_joined_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(HEAD + SIDE + SOURCE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(event().replace(SIDE + SOURCE, ""), encoding="utf-8")
    chronology = load_dataset(tmp_path)
    assert [e.id for e in chronology.events] == ["e1"]


def test_broken_links_and_odd_files_are_missing_input(tmp_path):
    (tmp_path / "a.yaml").write_text(HEAD, encoding="utf-8")
    (tmp_path / "b.YAML").symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(MissingInputError, match="broken link"):
        load_dataset(tmp_path)


def test_a_file_over_the_size_cap_is_refused_without_being_read_whole(run, tmp_path,
                                                                      monkeypatch):
    from qalamoun_cli import dataset

    data = tmp_path / "big.yaml"
    data.write_text("schema_version: 1\nevents: []\n" + "# padding\n" * 50, encoding="utf-8")
    monkeypatch.setattr(dataset, "MAX_FILE_BYTES", 100)
    reads = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        file = real_open(self, *args, **kwargs)
        if self == data:
            real_read = file.read
            file.read = lambda size=-1: reads.append(size) or real_read(size)
        return file

    monkeypatch.setattr(Path, "open", spy)
    code, out, err = run("validate", str(data))
    assert code == 65
    assert f"{data}: file is too large (over 100 bytes)" in err
    assert reads and all(0 <= size <= 101 for size in reads)


def test_hidden_files_in_a_folder_are_not_part_of_the_dataset(tmp_path):
    # An editor's lock (a dangling link, as Emacs makes it) and a hidden copy of a file.
    data = tmp_path / "data"
    data.mkdir()
    (data / "events.yaml").write_text(event(), encoding="utf-8")
    (data / ".#events.yaml").symlink_to("root@host.1:1")
    (data / ".events.yaml").write_text(event(), encoding="utf-8")
    assert [e.id for e in load_dataset(data).events] == ["e1"]
