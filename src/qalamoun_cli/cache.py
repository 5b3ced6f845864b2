"""A compiled copy of a valid dataset, keyed by the content of its files.

Parsing YAML is most of a command's time, so a dataset that validated once is kept, as
plain nested tuples written with marshal, in the user's cache folder ($QALAMOUN_CACHE_DIR,
else $XDG_CACHE_HOME/qalamoun, else ~/.cache/qalamoun). The key hashes the program version
and every file's name and bytes, so any change to the data (or to the program) rebuilds it.
Writes go to a temporary file that is renamed into place, so two processes building at once
cannot leave a torn file; a corrupt, unreadable or foreign entry is ignored and rebuilt. Set
QALAMOUN_CACHE_DIR to an empty string to turn the cache off.

An entry is three sections after a 40-byte head (magic and format, then their sizes): the
records and indexes every command needs, the folded name indexes (read when a command
searches names), and the events, one marshal blob each. The last two are mapped, not read: a
query over 100,000 events touches only the pages of the events it selects.
"""

from __future__ import annotations

import contextlib
import marshal
import mmap
import os
from pathlib import Path

from qalamoun_cli import __version__
from qalamoun_cli.errors import CacheDamaged
from qalamoun_cli.model import (
    Actor,
    Campaign,
    Chronology,
    Claim,
    Place,
    Quantity,
    Side,
    Source,
)

_FORMAT = 4
_MAGIC = b"qalamoun" + _FORMAT.to_bytes(8, "little")
_HEAD = len(_MAGIC) + 3 * 8  # then the sizes of the three sections
_KEEP = 16  # entries kept in the cache folder; older ones are removed


def cache_dir() -> Path | None:
    """Return the cache folder, or None when caching is off."""
    configured = os.environ.get("QALAMOUN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qalamoun"


def _code_stamp() -> str:
    """Identify the code that builds the compiled form (loader, folding, records, store).

    A changed rule (a new folding step, say) must not be served from entries built by the
    old code, even when the version number was not bumped.
    """
    here = Path(__file__).resolve().parent
    parts = [__version__, str(_FORMAT)]
    for module in ("cache", "load", "lookup", "model", "names", "search", "store"):
        st = (here / f"{module}.py").stat()
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return "/".join(parts)


def key(files: list[tuple[str, bytes]]) -> str:
    """Hash the code stamp and every file's name and content."""
    import hashlib

    digest = hashlib.sha256(_code_stamp().encode())
    for name, raw in files:
        digest.update(len(name).to_bytes(8, "big") + name.encode("utf-8", "surrogatepass"))
        digest.update(len(raw).to_bytes(8, "big") + raw)
    return digest.hexdigest()


def _stamp_path(folder: Path, paths: list[Path]) -> Path:
    # FNV-1a: a stable name for the stamp file, without importing hashlib on warm runs.
    joined = "\0".join(str(p.resolve()) for p in paths).encode("utf-8", "surrogatepass")
    value = 0xCBF29CE484222325
    for byte in joined:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return folder / f"stamp-{value:016x}"


def _stamp(paths: list[Path]) -> str:
    # Size, modification and change times in ns, inode and device. The change time moves on
    # every write and cannot be set back by the user (unlike mtime, with touch -r).
    parts = [_code_stamp()]
    for path in paths:
        st = path.stat()
        parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}")
    return " ".join(parts)


def known_digest(paths: list[Path]) -> str | None:
    """Return the content digest recorded for these files if none changed since, else None.

    Saves reading and hashing a large dataset on every run; any change of size, times or
    inode makes the files be read and hashed again.
    """
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stamp, digest = _stamp_path(folder, paths).read_text(encoding="utf-8").split("\n")[:2]
        return digest if stamp == _stamp(paths) and len(digest) == 64 else None
    except (OSError, ValueError):
        return None


def remember_digest(paths: list[Path], digest: str) -> None:
    """Record the content digest of these files under their current stamp."""
    folder = cache_dir()
    if folder is not None:
        _write_atomic(_stamp_path(folder, paths),
                      lambda: f"{_stamp(paths)}\n{digest}\n".encode())


def _write_atomic(target: Path, content) -> bool:
    """Write CONTENT() to TARGET through a temporary file renamed into place.

    Two processes writing at once leave one whole file, never a torn one. Returns False
    (leaving nothing behind) when it cannot write: the cache is an optimisation, not an error.
    """
    import tempfile

    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as stream:
            stream.write(content())
        os.replace(temporary, target)
        return True
    except (OSError, ValueError):
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False


def get(digest: str) -> Chronology | None:
    """Return the cached chronology for DIGEST, or None (missing, corrupt or foreign)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{digest}.cache"
    try:
        with open(path, "rb") as stream:
            head = stream.read(_HEAD)
            if head[:len(_MAGIC)] != _MAGIC:
                return None
            sizes = [int.from_bytes(head[i:i + 8], "little")
                     for i in range(len(_MAGIC), _HEAD, 8)]
            if _HEAD + sizes[0] + sizes[1] + sizes[2] != os.fstat(stream.fileno()).st_size:
                return None  # truncated, or not written by us
            # marshal.loads on bytes: marshal.load reads a file object piecemeal, ~10x slower.
            records = marshal.loads(stream.read(sizes[0]))
            mapped = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        names_at = _HEAD + sizes[0]
        return _unpack(records, path, mapped, (names_at, names_at + sizes[1]),
                       names_at + sizes[1])
    except Exception:  # a corrupt or stale entry is simply rebuilt
        return None


def put(digest: str, chronology: Chronology) -> None:
    """Store CHRONOLOGY under DIGEST atomically; failure to write is not an error."""
    folder = cache_dir()
    if folder is None:
        return

    def content() -> bytes:
        records, blob = _pack(chronology)
        from qalamoun_cli.lookup import name_rows

        names = marshal.dumps(name_rows(chronology))
        sizes = b"".join(len(part).to_bytes(8, "little") for part in (records, names, blob))
        return b"".join((_MAGIC, sizes, records, names, blob))

    if _write_atomic(folder / f"{digest}.cache", content):
        _prune(folder)


def discard(path: str | Path) -> None:
    """Remove a damaged entry so that the next run rebuilds it."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.cache"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _pack(c: Chronology) -> tuple[bytes, bytes]:
    """Return the marshalled records and indexes, and the events' blob."""
    from qalamoun_cli.store import EventStore, span_row

    store = c.events if isinstance(c.events, EventStore) else EventStore.from_events(c.events)
    campaign = None
    if c.campaign is not None:
        k = c.campaign
        campaign = (k.name, span_row(k.date) if k.date else None, k.section,
                    tuple(tuple(x) for x in k.claims), tuple(tuple(q) for q in k.quantities))
    indexes, blob = store.pack()
    records = (
        tuple(tuple(v) for v in c.sides.values()),
        tuple(tuple(v) for v in c.actors.values()),
        tuple(tuple(v) for v in c.sources.values()),
        tuple(tuple(v) for v in c.places.values()),
        indexes, campaign,
    )
    return marshal.dumps(records), blob


def _unpack(packed: tuple, path: Path, mapped: mmap.mmap, names: tuple[int, int],
            events_at: int) -> Chronology:
    from qalamoun_cli.store import EventStore, span_of

    # tuple.__new__ rebuilds each record at C speed, without NamedTuple's Python __new__.
    new = tuple.__new__
    sides, actors, sources, places, events, campaign = packed
    chronology = Chronology(
        {r[0]: new(Side, r) for r in sides},
        {r[0]: new(Actor, r) for r in actors},
        {r[0]: new(Source, r) for r in sources},
        {r[0]: new(Place, r) for r in places},
        EventStore.unpack(events, mapped, events_at, str(path)),
        None,
    )
    if campaign is not None:
        name, when, section, claims, quantities = campaign
        chronology.campaign = new(Campaign, (
            name, span_of(when) if when else None, section,
            tuple(new(Claim, x) for x in claims), tuple(new(Quantity, q) for q in quantities)))
    loaded: list[dict[str, tuple]] = []

    def compiled_names() -> dict[str, tuple]:
        if not loaded:
            try:
                loaded.append(marshal.loads(mapped[names[0]:names[1]]))
            except Exception:
                discard(path)
                raise CacheDamaged(f"the compiled dataset {path} is damaged and was removed; "
                                   f"run the command again") from None
        return loaded[0]

    chronology.compiled_names = compiled_names
    return chronology
