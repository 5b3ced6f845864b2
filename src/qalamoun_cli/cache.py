"""The cache folder: compiled copies of valid datasets, keyed by the content of their files.

Parsing YAML is most of a command's time, so a dataset that validated once is kept as an
SQLite database (compiled.py) in the user's cache folder ($QALAMOUN_CACHE_DIR, else
$XDG_CACHE_HOME/qalamoun, else ~/.cache/qalamoun). The key hashes the program's code and
every file's name and bytes, so any change to the data (or to the program) rebuilds it.
A database is built in a temporary file, checked with PRAGMA quick_check, and renamed into
place, so two processes building at once cannot leave a torn file; it is then only read
(opened immutable). An entry SQLite cannot open, or one compiled for another key or format,
is rebuilt; damage found while a command reads (SQLite's own errors, or a record that fails
its checksum) removes the entry and stops the command with CacheDamaged. Set
QALAMOUN_CACHE_DIR to an empty string to turn the cache off.

Trust: the folder, an entry or a stamp that is not owned by the user running the command, or
that group or others may write, is never used, since anyone who can write it could make a
command show other numbers than the data's: the command runs without the cache and says so
once (see trusted_dir, open_owned). The folder is created 0700 and files 0600, whatever the
umask; files are opened relative to the checked folder's descriptor, without following a
symbolic link, and checked with fstat on the opened descriptor; SQLite, which opens files by
name, must then hold that very file (same device and inode; see _connect_to), so what is
checked is what is read. A stamp is read only up to the length of the stamp it must equal.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from qalamoun_cli import __version__
from qalamoun_cli.errors import CacheDamaged, DataError
from qalamoun_cli.model import Chronology

_FORMAT = 10  # compiled.FORMAT (test_cache holds them equal: importing it costs start-up)
_KEEP = 16  # entries kept in the cache folder; older ones are removed
_STALE_TEMPORARY = 3600  # seconds after which a temporary file is a leftover, not a write
_STAMP_MAGIC = b"qalamoun stamp\n"
_SQLITE_MAGIC = b"SQLite format 3\x00"
# The home-made format before SQLite (format 6 and older): ours to prune.
_OLD_MAGIC = b"qalamoun"


def cache_dir() -> Path | None:
    """Return the cache folder, or None when caching is off."""
    configured = os.environ.get("QALAMOUN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    # The XDG rule: a relative XDG_CACHE_HOME is ignored. Without a home (HOME unset, no
    # passwd entry) expanduser gives "~" back: no cache, rather than a folder named "~".
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "qalamoun"


def _code_stamp() -> str:
    """Identify the code that builds the compiled form.

    A changed rule (a new folding step, say) must not be served from entries built by the
    old code, even when the version number was not bumped. Every module of the package
    counts, found by listing it: a list of names would break every command when a module
    is renamed, and would miss a new module that the loader starts to use.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [__version__, str(_FORMAT)]
    # os.walk rather than Path.rglob: this runs on every command, and takes half the time.
    for root, folders, files in os.walk(here):
        folders[:] = sorted(f for f in folders if f not in ("__pycache__", "data"))
        for name in sorted(f for f in files if f.endswith(".py")):
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):  # vanished while listed: the rest still count
                st = os.stat(path)
                parts.append(f"{os.path.relpath(path, here)}:{st.st_size}:{st.st_mtime_ns}")
    return "/".join(parts)


def key(files: list[tuple[str, bytes]], layout: str = "") -> str:
    """Hash the code stamp, every file's name and content, and LAYOUT (which dataset each
    file is of, when several are read together; see dataset._layout)."""
    import hashlib

    digest = hashlib.sha256(_code_stamp().encode())
    if layout:
        digest.update(f"datasets {layout}\n".encode())
    for name, raw in files:
        # The file's name, not the path as typed: `--data F` and `--data /abs/F` are the
        # same data (names order a folder's files, so they count; where it lies does not).
        name = os.path.basename(name)
        digest.update(len(name).to_bytes(8, "big") + name.encode("utf-8", "surrogatepass"))
        digest.update(len(raw).to_bytes(8, "big") + raw)
    return digest.hexdigest()


def _stamp_name(paths: list[Path], layout: str = "") -> str:
    # FNV-1a: a stable name for the stamp file, without importing hashlib on warm runs.
    # LAYOUT: a folder and its files given one by one are the same files, other datasets.
    joined = "\0".join([str(p.resolve()) for p in paths]
                       + ([layout] if layout else [])).encode("utf-8", "surrogatepass")
    value = 0xCBF29CE484222325
    for byte in joined:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"stamp-{value:016x}"


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


# -- trust rules (meant to outlive this file format: see the module's docstring) ------------


class Untrusted(Exception):
    """A cache folder or file that someone else could have written: never to be used."""

    def __init__(self, path: Path | str, why: str) -> None:
        super().__init__(f"not using the cache: {_tail(str(path))} {why}")


def _tail(path: str, limit: int = 120) -> str:
    # The end of a path names the file; the notice must stay one short line.
    return path if len(path) <= limit else "…" + path[-(limit - 1):]


def distrust(st: os.stat_result) -> str | None:
    """Return why a file or folder with these attributes must not be used, or None."""
    if st.st_uid != os.geteuid():
        return f"is owned by user {st.st_uid}, not by you"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by group or others"
    return None


def _private_parents(folder: Path) -> None:
    """Create FOLDER's missing parents, 0700 whatever the umask.

    A parent that others could write would let them rename the cache folder away (as
    `mkdir -p` under umask 000 would make ~/.cache).
    """
    missing = []
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(made, 0o700)
            os.chmod(made, 0o700)  # the umask may have taken bits away


def trusted_dir(folder: Path, create: bool = True) -> int | None:
    """Open FOLDER (created 0700 if missing and CREATE) and return its descriptor.

    None when it is missing or cannot be opened (the cache is simply off); raises Untrusted
    when it is not the user's own or group or others may write in it. Only the folder itself
    is checked, not its parents: everything is then opened relative to this descriptor, so
    renaming the folder or a parent afterwards redirects nothing.
    """
    created = False
    if create:
        try:
            _private_parents(folder)
            os.mkdir(folder, 0o700)
            created = True
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if created and st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != 0o700:
            os.fchmod(fd, 0o700)  # the umask may have taken bits away; it cannot add any
            st = os.fstat(fd)
        why = distrust(st)
    except OSError:
        os.close(fd)
        return None
    if why is not None:
        os.close(fd)
        raise Untrusted(folder, why)
    return fd


def open_owned(name: str, dir_fd: int, shown: Path | str) -> int | None:
    """Open the regular file NAME in the folder DIR_FD for reading; return its descriptor.

    None when it is missing, a symbolic link (never followed), or not a regular file (a FIFO
    is opened without blocking and skipped); raises Untrusted (naming SHOWN) when it is not
    the user's own or group or others may write it.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError:
        return None
    why = None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode):
            why = distrust(st)
            if why is None:
                return fd
    except OSError:
        pass
    os.close(fd)
    if why is not None:
        raise Untrusted(shown, why)
    return None


def read_capped(fd: int, limit: int) -> bytes | None:
    """Return the whole file at FD if it holds at most LIMIT bytes, else None.

    Never reads more than LIMIT + 1 bytes, even from a file that grows meanwhile.
    """
    if os.fstat(fd).st_size > limit:
        return None
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(fd, limit + 1 - total)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return None if total > limit else b"".join(chunks)


def write_owned(dir_fd: int, name: str, content: bytes) -> bool:
    """Write CONTENT to NAME in the folder DIR_FD, 0600, through a temporary file renamed
    into place.

    Two processes writing at once leave one whole file, never a torn one. Returns False
    (leaving nothing behind) when it cannot write: the cache is an optimisation, not an error.
    """
    temporary = f".tmp-qalamoun-{os.urandom(8).hex()}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(temporary, flags, 0o600, dir_fd=dir_fd)
    except OSError:
        return False
    try:
        try:
            os.fchmod(fd, 0o600)  # whatever the umask
            with os.fdopen(fd, "wb", closefd=False) as stream:
                stream.write(content)
        finally:
            os.close(fd)
        os.replace(temporary, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        return True
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=dir_fd)
        return False


# -- the cache of one command ---------------------------------------------------------------


def open_cache(notice: Callable[[str], None] | None = None, create: bool = True) -> Cache:
    """Return the cache for one command (off when disabled, unusable or not trusted).

    NOTICE receives the one line that says why the cache is not used, when someone else
    could have written it; CREATE makes the folder if it is missing.
    """
    folder = cache_dir()
    cache = Cache(folder, None, notice)
    if folder is not None:
        try:
            cache.dir_fd = trusted_dir(folder, create)
        except Untrusted as exc:
            cache.refuse(exc)
    if cache.dir_fd is not None:
        weakref.finalize(cache, os.close, cache.dir_fd)
    return cache


class Cache:
    """The cache folder as checked once for a command, used through its descriptor."""

    key = staticmethod(key)

    def __init__(self, folder: Path | None, dir_fd: int | None,
                 notice: Callable[[str], None] | None) -> None:
        self.folder = folder
        self.dir_fd = dir_fd
        self.notice = notice
        self.refused = False

    def refuse(self, exc: Untrusted) -> None:
        """Stop using the cache for this command, and say why (once)."""
        if not self.refused and self.notice is not None:
            self.notice(str(exc))
        self.refused = True

    def _open(self, name: str) -> int | None:
        if self.dir_fd is None or self.refused:
            return None
        assert self.folder is not None
        try:
            return open_owned(name, self.dir_fd, self.folder / name)
        except Untrusted as exc:
            self.refuse(exc)
            return None

    def _writable(self) -> bool:
        return self.dir_fd is not None and not self.refused

    def known_digest(self, paths: list[Path], layout: str = "") -> tuple[str | None, Stamp]:
        """Return the content digest recorded for these files if none changed since, and
        their stamp as of now (to record with a digest computed from bytes read after this
        call).

        Saves reading and hashing a large dataset on every run; any change of size, times or
        inode makes the files be read and hashed again.
        """
        current = _stamp(paths)
        fd = self._open(_stamp_name(paths, layout))
        if fd is None:
            return None, current
        expected = _STAMP_MAGIC + current.text.encode() + b"\n"
        try:
            # The stamp must equal CURRENT, so it is never longer than that and a digest.
            raw = read_capped(fd, len(expected) + 64 + 1)
        except OSError:
            raw = None
        finally:
            os.close(fd)
        if raw is None or not raw.startswith(expected) or len(raw) != len(expected) + 65:
            return None, current
        digest = raw[len(expected):-1].decode("ascii", "replace")
        valid = all(c in "0123456789abcdef" for c in digest) and raw.endswith(b"\n")
        return (digest if valid else None), current

    def remember_digest(self, paths: list[Path], digest: str, stamp: Stamp,
                        layout: str = "") -> None:
        """Record DIGEST for these files under STAMP, taken before their bytes were read.

        A file edited while it was being read and hashed then no longer matches the recorded
        stamp, so the next run reads it again instead of trusting a digest of the old bytes.
        A racy stamp is not recorded: the next run hashes the files again.
        """
        if self._writable() and not stamp.racy:
            assert self.dir_fd is not None
            write_owned(self.dir_fd, _stamp_name(paths, layout),
                        _STAMP_MAGIC + f"{stamp.text}\n{digest}\n".encode())

    def get(self, digest: str) -> Chronology | None:
        """Return the compiled chronology for DIGEST, or None (missing, corrupt or foreign)."""
        from qalamoun_cli.compiled import read_database

        name = f"{digest}.sqlite"
        fd = self._open(name)
        if fd is None:
            return None
        assert self.folder is not None
        path = self.folder / name
        try:
            size = os.fstat(fd).st_size
            conn = _connect_to(fd, path)
        except Untrusted as exc:
            self.refuse(exc)
            return None
        except Exception:
            return None
        finally:
            os.close(fd)  # SQLite has its own descriptor of the same file
        try:
            # A database cut short or grown is not what was built and checked.
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            whole = pages * conn.execute("PRAGMA page_size").fetchone()[0] == size
            # The lambda keeps this cache, so its folder's descriptor, open as long as the
            # chronology is read.
            chronology = read_database(conn, digest, lambda: damaged(path, self.dir_fd)) \
                if whole else None
        except Exception:  # a corrupt, foreign or stale entry is simply rebuilt
            chronology = None
        if chronology is None:
            conn.close()
        return chronology

    def put(self, digest: str, chronology: Chronology) -> bool:
        """Compile CHRONOLOGY under DIGEST atomically; return whether it was written.

        Failure to write is not an error: the cache is an optimisation.
        """
        from qalamoun_cli.compiled import write_database

        return self.build(digest, lambda conn: write_database(conn, chronology, digest))

    def build(self, digest: str, write: Callable[[Any], list[str]]) -> bool:
        """Compile under DIGEST atomically what WRITE writes into the empty database it is
        given (returning the optional parts missing, as compiled.write_database does);
        return whether it was written.

        Failure to write is not an error: the cache is an optimisation. A DataError raised
        by WRITE (a dataset read as it is written: readers.compile_tables) removes the
        temporary file and is raised.
        """
        if not self._writable():
            return False
        assert self.folder is not None
        from qalamoun_cli.stdio import signals_remove

        temporary = f".tmp-qalamoun-{os.urandom(8).hex()}"
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        with signals_remove() as leftovers:
            # Compiling 400,000 events takes a while: a kill meanwhile removes the file.
            leftovers.append(str(self.folder / temporary))
            try:
                fd = os.open(temporary, flags, 0o600, dir_fd=self.dir_fd)
            except OSError:
                return False
            written = self._compile(fd, temporary, digest, write)
        if written:
            _prune(self.dir_fd)
        return written

    def _compile(self, fd: int, temporary: str, digest: str,
                 write: Callable[[Any], list[str]]) -> bool:
        """Write the database into TEMPORARY (open at FD) and rename it into place."""
        from qalamoun_cli.compiled import check_database, missing_feature

        assert self.dir_fd is not None and self.folder is not None
        written = False
        try:
            os.fchmod(fd, 0o600)  # whatever the umask
            conn = _connect_to(fd, self.folder / temporary, write=True)
            try:
                missing = write(conn)
                whole = check_database(conn)
            finally:
                conn.close()
            if whole:
                os.replace(temporary, f"{digest}.sqlite", src_dir_fd=self.dir_fd,
                           dst_dir_fd=self.dir_fd)
                written = True
                for name in missing if self.notice is not None else ():
                    self.notice(missing_feature(name))
        except DataError:
            raise
        except Exception:  # a full disk, a folder removed: the command goes on without
            pass
        finally:
            os.close(fd)
            if not written:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=self.dir_fd)
        return written


def damaged(path: Path, dir_fd: int | None = None) -> CacheDamaged:
    """Remove a damaged entry (the next run rebuilds it), and return the error that tells
    the user to run again.

    Removed from the folder DIR_FD as it was checked, when given, not through PATH, which
    may lead elsewhere by now.
    """
    with contextlib.suppress(OSError):
        if dir_fd is None:
            os.unlink(path)
        else:
            os.unlink(path.name, dir_fd=dir_fd)
    return CacheDamaged(f"the compiled dataset {path} is damaged and was removed; run the "
                        f"command again")


def _open_fds() -> set[int] | None:
    """Return the descriptors open in this process, or None where they cannot be listed."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found = set()
        for name in names:
            # The listing's own descriptor is listed too, and closed by now.
            with contextlib.suppress(OSError, ValueError):
                os.fstat(int(name))
                found.add(int(name))
        return found
    return None


def _connect_to(fd: int, path: Path, *, write: bool = False) -> Any:
    """Open PATH with SQLite; raise Untrusted unless SQLite opened the very file at FD.

    SQLite opens files by name, and a parent folder renamed in the meantime would give it
    another file: the descriptor it opened must be the checked file (same device and inode).
    """
    import gc

    from qalamoun_cli.compiled import connect

    # The collector could close a dropped connection's descriptor meanwhile, and SQLite
    # reuse its number: the new descriptor would not show as new.
    collecting = gc.isenabled()
    gc.disable()
    try:
        before = _open_fds()
        if before is None:
            raise Untrusted(path, "cannot be checked: this system does not list open files")
        conn = connect(str(path), write=write)
        after = _open_fds() or set()
    finally:
        if collecting:
            gc.enable()
    checked = os.fstat(fd)
    opened = [os.fstat(n) for n in after - before]
    if len(opened) != 1 or (opened[0].st_dev, opened[0].st_ino) != (checked.st_dev,
                                                                    checked.st_ino):
        conn.close()
        raise Untrusted(path, "was replaced while it was opened")
    return conn


def _prune(dir_fd: int) -> None:
    """Keep our newest entries and stamps; remove our temporary files left by killed writers.

    The folder may be one the user already had, shared with other files: only what is
    provably ours is removed, that is a regular file owned by the user whose name has the
    exact form we give (a hex key and our suffix), and, for entries and stamps, whose first
    bytes are our magic (a temporary file may be cut before them, so it must instead be
    older than any write could take).
    """
    import re

    ours = re.compile(r"(?P<entry>[0-9a-f]{64}\.sqlite)|(?P<old>[0-9a-f]{64}\.cache)"
                      r"|(?P<stamp>stamp-[0-9a-f]{16})|(?P<temporary>\.tmp-qalamoun-[0-9a-f]{16})")
    try:
        names = os.listdir(dir_fd)
    except OSError:
        return
    now = time.time()
    found: dict[str, list[tuple[float, str]]] = {"entry": [], "old": [], "stamp": [],
                                                 "temporary": []}
    for name in names:
        match = ours.fullmatch(name)
        if match is None:
            continue
        kind = match.lastgroup
        assert kind is not None
        # Another process may rename or remove its file at any moment.
        with contextlib.suppress(OSError):
            mtime = _our_file(dir_fd, name, kind)
            if mtime is not None:
                found[kind].append((mtime, name))
    stale = [name for mtime, name in found["temporary"] if now - mtime > _STALE_TEMPORARY]
    # Entries of the format before SQLite are never read again.
    old = [name for _, name in sorted(found["entry"], reverse=True)[_KEEP:]
           + sorted(found["stamp"], reverse=True)[4 * _KEEP:] + found["old"]]
    for name in old + stale:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)


def _our_file(dir_fd: int, name: str, kind: str) -> float | None:
    """Return the modification time of NAME if it is a file we wrote, else None."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(name, flags, dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
            return None
        if kind == "entry":
            from qalamoun_cli.compiled import APPLICATION_ID

            # An SQLite database with our application id (in its header, at byte 68).
            head = os.pread(fd, 72, 0)
            if len(head) != 72 or not head.startswith(_SQLITE_MAGIC) \
                    or int.from_bytes(head[68:72], "big") != APPLICATION_ID:
                return None
        elif kind == "old":
            head = os.pread(fd, 16, 0)
            # "qalamoun", then the format number (8 bytes, little-endian).
            if len(head) != 16 or head[:8] != _OLD_MAGIC \
                    or not 0 < int.from_bytes(head[8:], "little") < 256:
                return None
        elif kind == "stamp" and os.pread(fd, len(_STAMP_MAGIC), 0) != _STAMP_MAGIC:
            return None
        return st.st_mtime
    finally:
        os.close(fd)
