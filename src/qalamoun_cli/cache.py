"""A compiled copy of a valid dataset, keyed by the content of its files.

Parsing YAML is most of a command's time, so a dataset that validated once is kept, as
plain nested tuples written with marshal, in the user's cache folder ($QALAMOUN_CACHE_DIR,
else $XDG_CACHE_HOME/qalamoun, else ~/.cache/qalamoun). The key hashes the program version
and every file's name and bytes, so any change to the data (or to the program) rebuilds it.
Writes go to a temporary file that is renamed into place, so two processes building at once
cannot leave a torn file; a corrupt, unreadable or foreign entry is ignored and rebuilt. Set
QALAMOUN_CACHE_DIR to an empty string to turn the cache off.

An entry is three sections after an 80-byte head (magic and format, the key the entry was
written under, the sections' sizes and checksums): the records and indexes every command
needs, the folded name indexes (read when a command searches names), and the events, one
marshal blob each with its own checksum. The last two are read on demand: a query over
100,000 events reads only the events it selects. Every section is checked (CRC-32) when it
is read, so a damaged entry is never served: the records are checked on opening (a bad entry
is rebuilt), a name index or event when first read (the entry is removed and the command
stops with CacheDamaged). An entry whose head names another key is ignored.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import time
import weakref
import zlib
from pathlib import Path
from typing import NamedTuple

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

_FORMAT = 5
_MAGIC = b"qalamoun" + _FORMAT.to_bytes(8, "little")
# Magic, the entry's key (32 bytes), three section sizes (8 bytes each), the CRC-32 of the
# records and of the name indexes (4 bytes each).
_HEAD = len(_MAGIC) + 32 + 3 * 8 + 2 * 4
_KEEP = 16  # entries kept in the cache folder; older ones are removed
_STALE_TEMPORARY = 3600  # seconds after which a temporary file is a leftover, not a write


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


class Stamp(NamedTuple):
    """The files' size, times and inode as of one moment, and whether they can be trusted."""

    text: str
    # The files changed within the timestamp resolution of that moment: a later edit of the
    # same size could leave every time as it is, so this stamp is never recorded.
    racy: bool


# Coarsest timestamps we allow for (FAT has 2 s; ext3, HFS+ and many network shares 1 s).
_RESOLUTION_NS = 2_000_000_000
_clock = time.time_ns


def _stamp(paths: list[Path]) -> Stamp:
    # Size, modification and change times in ns, inode and device. The change time moves on
    # every write and cannot be set back by the user (unlike mtime, with touch -r).
    # The clock is read before the files, as git does for its index ("racy git"): a file
    # whose times are not older than that by more than the resolution may be written again
    # without any of them moving.
    now = _clock()
    parts = [_code_stamp()]
    newest = 0
    for path in paths:
        st = path.stat()
        parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}")
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
    return Stamp(" ".join(parts), newest >= now - _RESOLUTION_NS)


def known_digest(paths: list[Path]) -> tuple[str | None, Stamp]:
    """Return the content digest recorded for these files if none changed since, and their
    stamp as of now (to record with a digest computed from bytes read after this call).

    Saves reading and hashing a large dataset on every run; any change of size, times or
    inode makes the files be read and hashed again.
    """
    current = _stamp(paths)
    folder = cache_dir()
    if folder is None:
        return None, current
    raw = _read_regular(_stamp_path(folder, paths))
    try:
        stamp, digest = (raw or b"").decode("utf-8").split("\n")[:2]
    except ValueError:
        return None, current
    return (digest if stamp == current.text and len(digest) == 64 else None), current


def remember_digest(paths: list[Path], digest: str, stamp: Stamp) -> None:
    """Record DIGEST for these files under STAMP, taken before their bytes were read.

    A file edited while it was being read and hashed then no longer matches the recorded
    stamp, so the next run reads it again instead of trusting a digest of the old bytes.
    A racy stamp is not recorded: the next run hashes the files again.
    """
    folder = cache_dir()
    if folder is not None and not stamp.racy:
        _write_atomic(_stamp_path(folder, paths),
                      lambda: f"{stamp.text}\n{digest}\n".encode())


def _open_regular(path: Path) -> int | None:
    """Open PATH for reading if it is a regular file; None otherwise.

    Never blocks: a FIFO put in the cache folder must not hang every command.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _read_regular(path: Path) -> bytes | None:
    """Return the bytes of PATH if it is a regular file we can read, else None."""
    fd = _open_regular(path)
    if fd is None:
        return None
    try:
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return stream.read()
    except OSError:
        return None
    finally:
        os.close(fd)


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
    fd = _open_regular(path)
    if fd is None:
        return None
    reader = _Reader(fd)  # closes FD when dropped, also on the failures below
    try:
        head = reader.read(0, _HEAD)
        at = len(_MAGIC)
        if head[:at] != _MAGIC or head[at:at + 32] != bytes.fromhex(digest):
            raise ValueError("not an entry for this key")
        at += 32
        sizes = [int.from_bytes(head[i:i + 8], "little") for i in range(at, at + 24, 8)]
        records_crc, names_crc = (int.from_bytes(head[i:i + 4], "little")
                                  for i in (at + 24, at + 28))
        if _HEAD + sum(sizes) != os.fstat(fd).st_size:
            raise ValueError("truncated")
        raw = reader.read(_HEAD, sizes[0])
        if zlib.crc32(raw) != records_crc:
            raise ValueError("records damaged")
        names_at = _HEAD + sizes[0]
        return _unpack(marshal.loads(raw), path, reader, (names_at, sizes[1], names_crc),
                       names_at + sizes[1])
    except Exception:  # a corrupt, foreign or stale entry is simply rebuilt
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
        checks = b"".join(zlib.crc32(part).to_bytes(4, "little") for part in (records, names))
        return b"".join((_MAGIC, bytes.fromhex(digest), sizes, checks, records, names, blob))

    if _write_atomic(folder / f"{digest}.cache", content):
        _prune(folder)


class _Reader:
    """Reads parts of an open cache entry at given offsets (the file stays open)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        # Closed when the chronology that reads through it is dropped (tests load many).
        weakref.finalize(self, os.close, fd)

    def read(self, offset: int, length: int) -> bytes:
        # pread, not a memory map: a file truncated under us gives short bytes (caught by
        # the checksums), where a mapping would kill the process with SIGBUS.
        return os.pread(self.fd, length, offset)


def damaged(path: str | Path) -> CacheDamaged:
    """Remove a damaged entry (the next run rebuilds it), and return the error that tells
    the user to run again."""
    with contextlib.suppress(OSError):
        os.unlink(path)
    return CacheDamaged(f"the compiled dataset {path} is damaged and was removed; run the "
                        f"command again")


def _prune(folder: Path) -> None:
    """Keep the newest entries and stamps; remove temporary files left by killed writers."""

    def newest_first(pattern: str) -> list[tuple[float, Path]]:
        found = []
        for path in folder.glob(pattern):
            # Another process may rename or remove its file at any moment.
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
        return sorted(found, reverse=True)

    now = time.time()
    stale = [path for mtime, path in newest_first(".tmp-*")
             if now - mtime > _STALE_TEMPORARY]
    old = [path for _, path in newest_first("*.cache")[_KEEP:]
           + newest_first("stamp-*")[4 * _KEEP:]]
    for path in old + stale:
        with contextlib.suppress(OSError):
            path.unlink()


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


def _unpack(packed: tuple, path: Path, reader: _Reader, names: tuple[int, int, int],
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
        EventStore.unpack(events, reader.read, events_at, str(path)),
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
            at, size, crc = names
            raw = reader.read(at, size)
            try:
                if zlib.crc32(raw) != crc:
                    raise ValueError("damaged")
                loaded.append(marshal.loads(raw))
            except Exception:
                raise damaged(path) from None
        return loaded[0]

    chronology.compiled_names = compiled_names
    return chronology
