"""Find the files of a dataset and load it: the compiled copy if there is one, else parsed.

The parsing itself is load/ (strict YAML nodes, the record schema, the builder); the
compiled copy is an SQLite database in the cache folder (cache.py, compiled.py). The parser
is imported only when a dataset must be parsed, so a run served from the cache never pays
for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from qalamoun_cli.errors import MAX_FILE_BYTES, DataError, MissingInputError, Problem
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


def is_shipped(path: Path | None) -> bool:
    """Return whether PATH (None: the default) is the dataset shipped with the package."""
    if path is None:
        return True
    try:
        return os.path.samefile(path, default_data_path())
    except OSError:
        return False


def is_part_of(target: Path, path: Path | None) -> bool:
    """Return whether TARGET is one of the files of the dataset at PATH (None: the default).

    Followed through links: writing there would destroy the data it was made from.
    """
    data = default_data_path() if path is None else path
    try:
        files = dataset_files(data)
    except (MissingInputError, OSError):
        return False
    for file in files:
        try:
            if os.path.samefile(target, file):
                return True
        except OSError:
            continue
    return False


# What a dataset folder holds: its YAML files, and standard datasets as CSV (load/tables.py).
DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".csv.gz")


def dataset_files(path: Path) -> list[Path]:
    """List the YAML and CSV files that make up the dataset at PATH (a folder or one file)."""
    try:
        if path.is_dir():
            # Hidden files are an editor's (Emacs locks .#x.yaml, copies): not the data.
            files = sorted(p for p in path.iterdir() if p.name.lower().endswith(DATA_SUFFIXES)
                           and not p.name.startswith("."))
            if not files:
                raise MissingInputError(f"{path}: no .yaml or .csv files in this folder")
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


def load_dataset(path: Path | None = None,
                 notice: Callable[[str], None] | None = None,
                 skip_invalid: bool = False) -> Chronology:
    """Load and check the dataset at PATH (the shipped one by default).

    Raises DataError with every problem found, or MissingInputError. NOTICE receives the
    line that says why the cache is not used, if someone else could have written it, and
    with SKIP_INVALID the line that says how many bad CSV rows were left out.
    """
    try:
        chronology = _load(path, compiled_only=False, notice=notice)
    except DataError:
        if not skip_invalid:
            raise
        # Bad rows left out: read without the cache on every run, so that the line saying
        # how many is never lost (a valid file is compiled as usual).
        chronology, problems, skipped = _check(path, skip_invalid=True)
        errors = [p for p in problems if not p.warning]
        if errors:
            raise DataError(errors) from None
        for name, count in skipped.items():
            if notice is not None:
                notice(f"{name}: skipped {count} invalid row{'s' if count != 1 else ''} "
                       f"(--skip-invalid); 'qalamoun validate {name}' lists them")
    assert chronology is not None
    return chronology


def compiled_dataset(path: Path | None = None) -> Chronology | None:
    """Return the dataset at PATH if it is already compiled in the cache, else None.

    Never parses: shell completion must answer at once, even before the first command has
    compiled a large dataset.
    """
    return _load(path, compiled_only=True)


def _load(path: Path | None, compiled_only: bool,
          notice: Callable[[str], None] | None = None) -> Chronology | None:
    from qalamoun_cli.cache import open_cache

    # Completion only reads: it does not create the cache folder.
    cache = open_cache(notice, create=not compiled_only)
    path = default_data_path() if path is None else path
    paths = dataset_files(path)
    try:
        digest, stamp = cache.known_digest(paths)
    except OSError as exc:
        # A data file renamed, removed or made unreadable since it was listed.
        if exc.filename is None or Path(exc.filename) not in paths:
            raise
        raise _unreadable(Path(exc.filename), exc) from None
    chronology = cache.get(digest) if digest else None
    if chronology is None:
        # STAMP was taken before these reads: see cache.remember_digest.
        files = [(str(f), read_bytes(f)) for f in paths]
        digest = cache.key(files)
        chronology = cache.get(digest)
        if chronology is None:
            if compiled_only:
                return None
            from qalamoun_cli.load.readers import check_any, compile_tables

            # CSV rows go straight into the database (DataError if any is wrong).
            if compile_tables(files, cache, digest):
                chronology = cache.get(digest)
        if chronology is None:
            chronology, problems, _ = check_any(files)
            errors = [p for p in problems if not p.warning]  # warnings: `validate` shows them
            if errors:
                raise DataError(errors)
            # Served from what was compiled, as the next runs will be: its indexes answer
            # the query, and any difference between the two forms would show at once.
            if cache.put(digest, chronology):
                chronology = cache.get(digest) or chronology
        cache.remember_digest(paths, digest, stamp)
    chronology.origin = str(path)
    return chronology


def check_dataset(path: Path | None = None) -> tuple[Chronology, list[Problem]]:
    """Load the dataset at PATH and return it with every problem found, warnings too."""
    chronology, problems, _ = _check(path)
    return chronology, problems


def _check(path: Path | None, skip_invalid: bool = False,
           ) -> tuple[Chronology, list[Problem], dict[str, int]]:
    from qalamoun_cli.load.readers import check_any

    path = default_data_path() if path is None else path
    files = [(str(f), read_bytes(f)) for f in dataset_files(path)]
    chronology, problems, skipped = check_any(files, skip_invalid)
    chronology.origin = str(path)
    return chronology, problems, skipped
