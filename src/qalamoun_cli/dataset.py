"""Find the files of a dataset and load it: the compiled copy if there is one, else parsed.

The parsing itself is load/ (strict YAML nodes, the record schema, the builder); the
compiled copy is an SQLite database in the cache folder (cache.py, compiled.py). The parser
is imported only when a dataset must be parsed, so a run served from the cache never pays
for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from qalamoun_cli.errors import (
    MAX_FILE_BYTES,
    DataError,
    MissingInputError,
    Problem,
    UsageProblem,
)
from qalamoun_cli.model import Chronology


def default_data_path() -> Path:
    """Return the dataset shipped with the package (or the repository's data/ in a checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "data"


# The terms of the shipped dataset, as data/*.yaml and the README state them.
SHIPPED_LICENCE = (
    "CC BY-SA 4.0, from the Wikipedia article \"Qalamoun offensive (May–June 2015)\" "
    "(https://en.wikipedia.org/wiki/Qalamoun_offensive_(May%E2%80%93June_2015)); summaries "
    "in the project's own words; coordinates and Arabic names from its reference gazetteer")


# Several datasets may be read together (`--data A --data B`): the DATA the functions below
# take is then a sequence of paths, each a folder or a file; None or an empty sequence is
# the shipped dataset.
# The name the shipped dataset goes by in a record's `dataset` field, wherever it is
# installed (its folder is data/ in a checkout and inside the package alike).
SHIPPED_NAME = "qalamoun"


def _defaulted(data: Sequence[Path] | Path | None) -> bool:
    """Return whether DATA names no dataset, so that the shipped one is read."""
    return data is None or (not isinstance(data, Path) and not list(data))


def data_paths(data: Sequence[Path] | Path | None) -> list[Path]:
    """Return the path of each dataset DATA names, the shipped one when it names none."""
    if data is None:
        return [default_data_path()]
    if isinstance(data, Path):
        return [data]
    return list(data) or [default_data_path()]


def is_shipped(data: Sequence[Path] | Path | None) -> bool:
    """Return whether DATA (None: the default) is the dataset shipped with the package alone."""
    paths = data_paths(data)
    if len(paths) != 1:
        return False
    try:
        return os.path.samefile(paths[0], default_data_path())
    except OSError:
        return False


def dataset_labels(paths: Sequence[Path], defaulted: bool = False) -> tuple[str, ...]:
    """Return the name of each dataset at PATHS, as records show it (their `dataset`).

    The final name of the path as given (its folder or file name), never where it lies,
    which would differ from one machine to the next. DEFAULTED: no --data was given, and
    PATHS is the shipped dataset, SHIPPED_NAME (named as a path, even its own, it is that
    path's name: `--data data` is "data" in a checkout and in an installed copy alike). A
    name given before is told apart by its rank among the datasets of that name
    (`events.csv`, `events.csv#2`).
    """
    if defaulted:
        return (SHIPPED_NAME,)
    labels: list[str] = []
    for path in paths:
        name = os.path.basename(os.path.normpath(path))
        if name in ("", ".", ".."):
            name = os.path.basename(os.path.abspath(path)) or os.sep
        taken = sum(1 for label in labels if label.split("#", 1)[0] == name)
        labels.append(name if not taken else f"{name}#{taken + 1}")
    return tuple(labels)


def is_part_of(target: Path, data: Sequence[Path] | Path | None) -> bool:
    """Return whether TARGET is one of the files of the datasets DATA (None: the default).

    Followed through links: writing there would destroy the data it was made from.
    """
    for path in data_paths(data):
        try:
            files = dataset_files(path)
        except (MissingInputError, OSError):
            continue
        for file in files:
            try:
                if os.path.samefile(target, file):
                    return True
            except OSError:
                continue
    return False


# What a dataset folder holds: its YAML files, and standard datasets as CSV (load/tables.py)
# and as GeoJSON (load/geojson.py).
DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".csv.gz", ".geojson", ".geojson.gz")


def dataset_files(path: Path) -> list[Path]:
    """List the YAML, CSV and GeoJSON files of the dataset at PATH (a folder or one file)."""
    try:
        if path.is_dir():
            # Hidden files are an editor's (Emacs locks .#x.yaml, copies): not the data.
            files = sorted(p for p in path.iterdir() if p.name.lower().endswith(DATA_SUFFIXES)
                           and not p.name.startswith("."))
            if not files:
                raise MissingInputError(f"{path}: no .yaml, .csv or .geojson files in this "
                                        f"folder")
            for file in files:
                _regular_file(file)
            return files
        if path.exists():
            _regular_file(path)
            return [path]
    except OSError as exc:
        raise MissingInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    raise MissingInputError(f"{path}: no such file or folder")


def _regular_file(path: Path) -> None:
    """Refuse what cannot be read as a data file: a broken link, a folder, a pipe."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise MissingInputError(f"{path}: no such file (a broken link?)") from None
    if stat.S_ISDIR(mode):
        raise MissingInputError(f"{path}: is a folder inside the dataset folder")
    if not stat.S_ISREG(mode):
        raise MissingInputError(f"{path}: not a regular file")


def read_bytes(path: Path) -> bytes:
    """Read a data file, turning OS errors into MissingInputError."""
    try:
        with path.open("rb") as file:
            # The size of the file as opened, then chunks up to the cap: a file that grows
            # after the check must not get past it (and no cap-sized buffer is allocated).
            size = os.fstat(file.fileno()).st_size
            chunks = [file.read(min(size, MAX_FILE_BYTES + 1))]
            total = len(chunks[0])
            while total <= MAX_FILE_BYTES and (chunk := file.read(1 << 20)):
                chunks.append(chunk)
                total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise DataError([Problem(str(path), 0, 0,
                                     f"file is too large (over {MAX_FILE_BYTES} bytes)")])
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: OSError) -> MissingInputError:
    if isinstance(exc, FileNotFoundError):
        return MissingInputError(f"{path}: no such file (moved or removed while reading?)")
    return MissingInputError(f"{path}: cannot read: {exc.strerror or exc}")


def dataset_groups(data: Sequence[Path] | Path | None) -> tuple[list[Path], list[list[Path]]]:
    """Return the path of each dataset DATA names and the files of each.

    A file that two of them share (the same path given twice, or a folder and a file in
    it) is refused: read twice, every one of its ids would clash with itself.
    """
    paths = data_paths(data)
    groups = [dataset_files(p) for p in paths]
    if len(paths) > 1:
        seen: dict[tuple[int, int], int] = {}
        for index, files in enumerate(groups):
            for file in files:
                try:
                    st = file.stat()
                except OSError as exc:
                    raise _unreadable(file, exc) from None
                first = seen.setdefault((st.st_dev, st.st_ino), index)
                if first != index:
                    # Neither "--data" nor QALAMOUN_DATA: either, or validate's paths.
                    what = "the same dataset as" if os.path.samefile(paths[first],
                                                                     paths[index]) \
                        else f"its file {file} is also in"
                    raise UsageProblem(f"{paths[index]}: {what} {paths[first]}, given before; "
                                       f"give each dataset once")
    return paths, groups


def _layout(groups: list[list[Path]]) -> str:
    """Return which dataset each file is of, for the cache ("" for one dataset)."""
    return "" if len(groups) == 1 else " ".join(str(len(files)) for files in groups)


def load_dataset(data: Sequence[Path] | Path | None = None,
                 notice: Callable[[str], None] | None = None,
                 skip_invalid: bool = False) -> Chronology:
    """Load and check the datasets DATA names, as one (the shipped one by default).

    Raises DataError with every problem found, or MissingInputError. NOTICE receives the
    line that says why the cache is not used, if someone else could have written it, and
    with SKIP_INVALID the line that says how many bad CSV rows were left out.
    """
    try:
        chronology = _load(data, compiled_only=False, notice=notice)
    except DataError:
        if not skip_invalid:
            raise
        # Bad rows left out: read without the cache on every run, so that the line saying
        # how many is never lost (a valid file is compiled as usual).
        chronology, problems, skipped = _check(data, skip_invalid=True)
        errors = [p for p in problems if not p.warning]
        if errors:
            raise DataError(errors) from None
        for name, count in skipped.items():
            if notice is not None:
                notice(f"{name}: skipped {count} invalid row{'s' if count != 1 else ''} "
                       f"(--skip-invalid); 'qalamoun validate {name}' lists them")
    assert chronology is not None
    return chronology


def compiled_dataset(data: Sequence[Path] | Path | None = None) -> Chronology | None:
    """Return the datasets DATA names if they are already compiled in the cache, else None.

    Never parses: shell completion must answer at once, even before the first command has
    compiled a large dataset.
    """
    return _load(data, compiled_only=True)


def _load(data: Sequence[Path] | Path | None, compiled_only: bool,
          notice: Callable[[str], None] | None = None) -> Chronology | None:
    from qalamoun_cli.cache import open_cache

    # Completion only reads: it does not create the cache folder.
    cache = open_cache(notice, create=not compiled_only)
    roots, groups = dataset_groups(data)
    paths = [f for files in groups for f in files]
    # Which dataset each file is of counts as much as the files: records keep it.
    layout = _layout(groups)
    try:
        digest, stamp = cache.known_digest(paths, layout)
    except OSError as exc:
        # A data file renamed, removed or made unreadable since it was listed.
        if exc.filename is None or Path(exc.filename) not in paths:
            raise
        raise _unreadable(Path(exc.filename), exc) from None
    chronology = cache.get(digest) if digest else None
    if chronology is None:
        # STAMP was taken before these reads: see cache.remember_digest.
        contents = [[(str(f), read_bytes(f)) for f in files] for files in groups]
        digest = cache.key([f for files in contents for f in files], layout)
        chronology = cache.get(digest)
        if chronology is None:
            if compiled_only:
                return None
            from qalamoun_cli.load.readers import check_datasets, compile_tables

            # One dataset of CSV files: its rows go straight into the database (DataError
            # if any is wrong), so memory does not grow with them.
            if len(contents) == 1 and compile_tables(contents[0], cache, digest):
                chronology = cache.get(digest)
        if chronology is None:
            chronology, problems, _ = check_datasets(contents)
            # The files' bytes are read: not held through the compile (208 MB of a
            # 400,000-event file, when the compile's memory is at its peak).
            del contents
            errors = [p for p in problems if not p.warning]  # warnings: `validate` shows them
            if errors:
                raise DataError(errors)
            # Served from what was compiled, as the next runs will be: its indexes answer
            # the query, and any difference between the two forms would show at once.
            if cache.put(digest, chronology):
                chronology = cache.get(digest) or chronology
        cache.remember_digest(paths, digest, stamp, layout)
    _named(chronology, roots, data)
    return chronology


def _named(chronology: Chronology, roots: list[Path], data: Sequence[Path] | Path | None) -> None:
    """Give CHRONOLOGY, read from the datasets at ROOTS, their names (not in the cache)."""
    chronology.origin = ", ".join(str(p) for p in roots)
    chronology.datasets = dataset_labels(roots, defaulted=_defaulted(data))


def check_dataset(data: Sequence[Path] | Path | None = None,
                  ) -> tuple[Chronology, list[Problem]]:
    """Load the datasets DATA names, as one, and return it with every problem, warnings too."""
    chronology, problems, _ = _check(data)
    return chronology, problems


def _check(data: Sequence[Path] | Path | None, skip_invalid: bool = False,
           ) -> tuple[Chronology, list[Problem], dict[str, int]]:
    from qalamoun_cli.load.readers import check_datasets

    roots, groups = dataset_groups(data)
    contents = [[(str(f), read_bytes(f)) for f in files] for files in groups]
    # Never compiled (validate, or bad rows left out): the words to search are not made.
    chronology, problems, skipped = check_datasets(contents, skip_invalid, prepare=False)
    _named(chronology, roots, data)
    return chronology, problems, skipped
