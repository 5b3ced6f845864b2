"""A compiled copy of a valid dataset, keyed by the content of its files.

Parsing YAML is most of a command's time, so a dataset that validated once is kept as a
pickle in the user's cache folder ($QALAMOUN_CACHE_DIR, else $XDG_CACHE_HOME/qalamoun, else
~/.cache/qalamoun). The key hashes the program version and every file's name and bytes, so
any change to the data (or to the program) rebuilds it. Writes go to a temporary file that
is renamed into place, so two processes building at once cannot leave a torn file; a
corrupt, unreadable or foreign entry is ignored and rebuilt. Set QALAMOUN_CACHE_DIR to an
empty string to turn the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from qalamoun_cli import __version__
from qalamoun_cli.model import Chronology

_FORMAT = 1


def cache_dir() -> Path | None:
    """Return the cache folder, or None when caching is off."""
    configured = os.environ.get("QALAMOUN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qalamoun"


def key(files: list[tuple[str, bytes]]) -> str:
    """Hash the program version and every file's name and content."""
    digest = hashlib.sha256(f"{__version__}/{_FORMAT}".encode())
    for name, raw in files:
        digest.update(len(name).to_bytes(8, "big") + name.encode("utf-8", "surrogatepass"))
        digest.update(len(raw).to_bytes(8, "big") + raw)
    return digest.hexdigest()


def get(digest: str) -> Chronology | None:
    """Return the cached chronology for DIGEST, or None (missing, corrupt or foreign)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{digest}.pickle", "rb") as stream:
            value = pickle.load(stream)
    except Exception:  # a corrupt or stale entry is simply rebuilt
        return None
    return value if isinstance(value, Chronology) else None


def put(digest: str, chronology: Chronology) -> None:
    """Store CHRONOLOGY under DIGEST atomically; failure to write is not an error."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as stream:
            pickle.dump(chronology, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{digest}.pickle")
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)
