"""Read a dataset (a folder of YAML files or one file) into a Chronology, strictly.

The YAML is composed into nodes, never constructed: every scalar is checked against what the
schema expects at that place, so YAML 1.1 surprises (``NO`` read as false, ``010`` as 8,
``12:30`` as 750) become errors with a position instead of silently altered data. Anchors
and aliases are refused, duplicate keys are reported, and every problem is collected so that
``qalamoun validate`` can list them all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from qalamoun_cli.errors import DataError, MissingInputError, Problem
from qalamoun_cli.model import (
    ACTOR_KINDS,
    COORD_PRECISIONS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    OUTCOMES,
    PLACE_KINDS,
    SOURCE_KINDS,
    Actor,
    Campaign,
    Chronology,
    Claim,
    DateSpan,
    Event,
    Place,
    Quantity,
    Side,
    Source,
)

SCHEMA_VERSION = 1
SECTIONS = ("sides", "actors", "sources", "places", "events", "campaign")
MAX_FILE_BYTES = 256 * 1024 * 1024
# Longest [start, end] span, in days, that each precision admits.
MAX_SPAN_DAYS = {"day": 1, "days": 7, "week": 7, "month": 31, "season": 122, "year": 366}

_TAG = "tag:yaml.org,2002:"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_INT = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# What YAML 1.2 (core schema) reads as a number, though PyYAML's YAML 1.1 reads it as text.
_YAML12_NUMBER = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z"
    r"|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z")
# YAML 1.1 booleans that PyYAML leaves as text but other YAML 1.1 tools read as true/false.
_YAML11_SHORT_BOOLS = frozenset({"y", "Y", "n", "N"})
MAX_INT = 10**12
_YAML11_READS_AS = {
    "bool": "a boolean",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
    "null": "null",
}


class _Missing:
    """Stands for a required field that is absent (already reported): read as nothing, so
    that the record's other fields are still checked without follow-on errors."""

    id = "missing"
    tag = ""
    style = ""
    value = None
    start_mark = None


_MISSING = _Missing()


def default_data_path() -> Path:
    """Return the dataset shipped with the package (or the repository's data/ in a checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "data"


def dataset_files(path: Path) -> list[Path]:
    """List the YAML files that make up the dataset at PATH (a folder or one file)."""
    try:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
            if not files:
                raise MissingInputError(f"{path}: no .yaml files in this folder")
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
                 notice: Callable[[str], None] | None = None) -> Chronology:
    """Load and check the dataset at PATH (the shipped one by default).

    Raises DataError with every problem found, or MissingInputError. NOTICE receives the
    line that says why the cache is not used, if someone else could have written it.
    """
    chronology = _load(path, compiled_only=False, notice=notice)
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
            chronology, problems = _check_files(files)
            if problems:
                raise DataError(problems)
            cache.put(digest, chronology)
        cache.remember_digest(paths, digest, stamp)
    chronology.origin = str(path)
    return chronology


def check_dataset(path: Path | None = None) -> tuple[Chronology, list[Problem]]:
    """Load the dataset at PATH and return it with every problem found."""
    path = default_data_path() if path is None else path
    files = [(str(f), read_bytes(f)) for f in dataset_files(path)]
    chronology, problems = _check_files(files)
    chronology.origin = str(path)
    return chronology, problems


def _check_files(files: list[tuple[str, bytes]]) -> tuple[Chronology, list[Problem]]:
    builder = _Builder()
    for name, raw in files:
        builder.read_file(name, raw)
    return builder.finish(), sorted(builder.problems)


def parse_text(name: str, raw: bytes) -> tuple[Chronology, list[Problem]]:
    """Check one in-memory YAML document (for tests and fuzzing)."""
    builder = _Builder()
    builder.read_file(name, raw)
    chronology = builder.finish()
    return chronology, sorted(builder.problems)


def _decode(name: str, raw: bytes) -> tuple[str | None, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1:]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        return None, Problem(name, line, column, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); "
                                                 "save the file as UTF-8")


def _compose(name: str, text: str) -> tuple[Any, Problem | None]:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        return loader.get_single_node(), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark and exc.problem_mark:
            message = f"{exc.problem} ({exc.context} at {exc.context_mark.line + 1}:" \
                      f"{exc.context_mark.column + 1})"
        return None, Problem(name, line, column, f"YAML syntax: {message}")
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        return None, Problem(name, line, column, f"YAML: character U+{exc.character:04X} is "
                                                 f"not allowed in YAML")
    except yaml.YAMLError as exc:
        return None, Problem(name, 0, 0, f"YAML: {' '.join(str(exc).split())}")
    except RecursionError:
        return None, Problem(name, 0, 0, "YAML: nesting is too deep")
    finally:
        loader.dispose()


class _Builder:
    """Turn composed YAML nodes into model objects, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.file = ""
        self.sides: dict[str, Side] = {}
        self.actors: dict[str, Actor] = {}
        self.sources: dict[str, Source] = {}
        self.places: dict[str, Place] = {}
        self.events: dict[str, Event] = {}
        self.campaign: Campaign | None = None
        self.campaign_file: str | None = None
        self.id_at: dict[tuple[str, str], str] = {}
        # References are checked once every file is read: (kind, id, where, what).
        self.refs: list[tuple[str, str, tuple[str, int, int], str]] = []
        self.parent_at: dict[str, tuple[str, int, int]] = {}
        self.part_of_at: dict[str, tuple[str, int, int]] = {}
        # Every id declared, even in records that have other problems: references are
        # checked against these, so one bad record does not make its references fail too.
        self.declared: dict[str, set[str]] = {k: set() for k in
                                              ("side", "actor", "source", "place", "event")}
        self.seen_nodes: set[int] = set()

    # -- reporting -----------------------------------------------------------------------

    def where(self, node: Any) -> tuple[str, int, int]:
        mark = getattr(node, "start_mark", None)
        if mark is None:
            return (self.file, 0, 0)
        return (self.file, mark.line + 1, mark.column + 1)

    def problem(self, node: Any, message: str) -> None:
        file, line, column = self.where(node)
        self.problems.append(Problem(file, line, column, message))

    # -- files ---------------------------------------------------------------------------

    def read_file(self, name: str, raw: bytes) -> None:
        self.file = name
        # Node identities are only meaningful while this file's node tree is alive.
        self.seen_nodes = set()
        text, problem = _decode(name, raw)
        if problem:
            self.problems.append(problem)
            return
        node, problem = _compose(name, text)
        if problem:
            self.problems.append(problem)
            return
        if node is None:
            self.problems.append(Problem(name, 1, 1, "file is empty; expected a mapping with "
                                                     "schema_version and sections"))
            return
        top = self.mapping(node, "the file")
        if top is None:
            return
        version = top.pop("schema_version", None)
        if version is None:
            self.problem(node, f"missing schema_version (this program reads {SCHEMA_VERSION})")
        else:
            number = self.integer(version[1], "schema_version")
            if number is not None and number != SCHEMA_VERSION:
                self.problem(version[1], f"schema_version {number} is not supported "
                                         f"(this program reads {SCHEMA_VERSION})")
        readers: dict[str, Callable[[Any], None]] = {
            "sides": self.read_side, "actors": self.read_actor, "sources": self.read_source,
            "places": self.read_place, "events": self.read_event,
        }
        for key, (key_node, value) in top.items():
            if key == "campaign":
                self.read_campaign(value)
            elif key in readers:
                for item in self.sequence(value, key):
                    readers[key](item)
            else:
                self.problem(key_node, f"unknown section {key!r} (expected one of: "
                                       f"{', '.join(SECTIONS)})")

    # -- node readers --------------------------------------------------------------------

    def claim_node(self, node: Any) -> bool:
        """Return False (and report) when NODE was already read: an alias."""
        if node is _MISSING:
            return False
        if id(node) in self.seen_nodes:
            self.problem(node, "anchors and aliases (&name, *name) are not allowed: the value "
                               "anchored here is used again")
            return False
        self.seen_nodes.add(id(node))
        return True

    def mapping(self, node: Any, what: str) -> dict[str, tuple[Any, Any]] | None:
        if not self.claim_node(node):
            return None
        if node.id != "mapping":
            self.problem(node, f"{what} must be a mapping (key: value), not {_node_kind(node)}")
            return None
        if node.tag != _TAG + "map":
            self.problem(node, f"{what}: YAML tags such as {node.tag!r} are not allowed")
            return None
        out: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            if key_node.id != "scalar" or key_node.tag != _TAG + "str":
                if key_node.id == "scalar" and key_node.tag == _TAG + "merge":
                    self.problem(key_node, "merge keys (<<) are not allowed")
                else:
                    self.problem(key_node, f"keys in {what} must be names, "
                                           f"not {_node_kind(key_node)}")
                continue
            key = key_node.value
            if key in out:
                first = out[key][0].start_mark.line + 1
                self.problem(key_node, f"duplicate key {key!r} in {what} (first at line {first})")
                continue
            out[key] = (key_node, value_node)
        return out

    def sequence(self, node: Any, what: str) -> list[Any]:
        if not self.claim_node(node):
            return []
        if node.id != "sequence":
            if node.id == "scalar" and node.tag == _TAG + "null":
                return []
            self.problem(node, f"{what} must be a list, not {_node_kind(node)}")
            return []
        if node.tag != _TAG + "seq":
            self.problem(node, f"{what}: YAML tags such as {node.tag!r} are not allowed")
            return []
        return list(node.value)

    def scalar(self, node: Any, what: str) -> Any | None:
        if not self.claim_node(node):
            return None
        if node.id != "scalar":
            self.problem(node, f"{what} must be a single value, not {_node_kind(node)}")
            return None
        kind = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else None
        if kind not in ("str", "int", "float", "bool", "null", "timestamp"):
            self.problem(node, f"{what}: YAML tags such as {node.tag!r} are not allowed")
            return None
        return node

    def present(self, node: Any, what: str, optional: bool) -> Any | None:
        """Return a scalar node that holds a value, or None (reporting a required null)."""
        node = self.scalar(node, what)
        if node is None:
            return None
        if node.tag == _TAG + "null" and not node.style:
            if not optional:
                self.problem(node, f"{what} is required (got null)")
            return None
        return node

    def text(self, node: Any, what: str, *, optional: bool = False) -> str | None:
        node = self.present(node, what, optional)
        if node is None:
            return None
        if node.tag != _TAG + "str":
            reads = _YAML11_READS_AS.get(node.tag[len(_TAG):], node.tag)
            self.problem(node, f"{what}: plain {node.value!r} is read by YAML as {reads}; "
                               f"quote it if it is text")
            return None
        value = node.value
        if not node.style and value in _YAML11_SHORT_BOOLS:
            self.problem(node, f"{what}: plain {value!r} is read by some YAML tools as a "
                               f"boolean; quote it if it is text")
            return None
        if not node.style and _YAML12_NUMBER.match(value):
            self.problem(node, f"{what}: plain {value!r} is read by YAML 1.2 tools as a number; "
                               f"quote it if it is text")
            return None
        if not value.strip():
            if optional:
                return None
            self.problem(node, f"{what} is empty")
            return None
        return value

    def integer(self, node: Any, what: str, *, optional: bool = False) -> int | None:
        node = self.present(node, what, optional)
        if node is None:
            return None
        if not node.style and _INT.match(node.value):
            # Compared as text first: int() refuses more than 4300 digits (ValueError), and
            # a number that long should not be echoed whole.
            if len(node.value) > len(str(MAX_INT)) or int(node.value) > MAX_INT:
                shown = node.value if len(node.value) <= 20 else f"{len(node.value)} digits"
                self.problem(node, f"{what}: integer too large ({shown}; at most {MAX_INT})")
                return None
            return int(node.value)
        self.problem(node, f"{what} must be a whole number written in plain decimal "
                           f"(like 36), not {node.value!r}")
        return None

    def number(self, node: Any, what: str) -> float | None:
        node = self.scalar(node, what)
        if node is None or (node.tag == _TAG + "null" and not node.style):
            return None
        if not node.style and _FLOAT.match(node.value):
            return float(node.value)
        self.problem(node, f"{what} must be a decimal number (like 34.17944), not {node.value!r}")
        return None

    def day(self, node: Any, what: str) -> date | None:
        node = self.scalar(node, what)
        if node is None:
            return None
        value = node.value
        if node.tag not in (_TAG + "timestamp", _TAG + "str") or not _ISO_DATE.match(value):
            self.problem(node, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(node, f"{what}: {value} is not a day in the calendar")
            return None

    def identifier(self, node: Any, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not _ID.match(value):
            self.problem(node, f"{what} {value!r} must be a lowercase slug "
                               f"(letters, digits, single hyphens)")
            return None
        return value

    def texts(self, node: Any | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        out = []
        for item in self.sequence(node, what):
            value = self.text(item, f"an item of {what}")
            if value is not None:
                out.append(value)
        return tuple(out)

    def ids(self, node: Any | None, what: str, kind: str) -> tuple[str, ...]:
        if node is None:
            return ()
        out: list[str] = []
        for item in self.sequence(node, what):
            value = self.identifier(item, f"an item of {what}")
            if value is None:
                continue
            if value in out:
                self.problem(item, f"{what} lists {value!r} twice")
                continue
            out.append(value)
            self.refs.append((kind, value, self.where(item), what))
        return tuple(out)

    def choice(self, node: Any, what: str, allowed: Iterable[str], *,
               optional: bool = False) -> str | None:
        value = self.text(node, what, optional=optional)
        allowed = tuple(allowed)
        if value is not None and value not in allowed:
            self.problem(node, f"unknown {what} {value!r} (expected one of: {', '.join(allowed)})")
            return None
        return value

    def fields(self, node: Any, what: str, required: tuple[str, ...],
               optional: tuple[str, ...]) -> dict[str, Any] | None:
        """Read a record mapping, reporting missing and unknown keys."""
        found = self.mapping(node, what)
        if found is None:
            return None
        out: dict[str, Any] = {}
        for key, (key_node, value_node) in found.items():
            if key in required or key in optional:
                out[key] = value_node
            else:
                self.problem(key_node, f"unknown field {key!r} in {what} (expected: "
                                       f"{', '.join(required + optional)})")
        missing = [key for key in required if key not in out]
        if missing:
            self.problem(node, f"{what} is missing {', '.join(repr(k) for k in missing)}")
            for key in missing:
                out[key] = _MISSING
        return out

    def new_id(self, section: str, node: Any, what: str) -> str | None:
        value = self.identifier(node, f"{what} id")
        if value is None:
            return None
        # Sides and actors share a namespace because a claim's party may name either.
        namespace = "party" if section in ("sides", "actors") else section
        key = (namespace, value)
        if key in self.id_at:
            self.problem(node, f"duplicate id {value!r} (first defined at {self.id_at[key]})")
            # Still declared: references to it are not errors of their own.
            self.declared[section[:-1]].add(value)
            return None
        file, line, column = self.where(node)
        self.id_at[key] = f"{file}:{line}"
        self.declared[section[:-1]].add(value)
        return value

    def ref(self, kind: str, node: Any, what: str, *, optional: bool = False) -> str | None:
        if optional and node is not None and node.id == "scalar" \
                and node.tag == _TAG + "null" and not node.style:
            self.claim_node(node)
            return None
        value = self.identifier(node, what)
        if value is not None:
            self.refs.append((kind, value, self.where(node), what))
        return value

    # -- records -------------------------------------------------------------------------

    def read_side(self, node: Any) -> None:
        f = self.fields(node, "a side", ("id", "name"), ("description",))
        if f is None:
            return
        side_id = self.new_id("sides", f["id"], "side")
        name = self.text(f["name"], "side name")
        description = self.text(f["description"], "side description", optional=True) \
            if "description" in f else None
        if side_id and name:
            self.sides[side_id] = Side(side_id, name, description)

    def read_actor(self, node: Any) -> None:
        f = self.fields(node, "an actor", ("id", "name", "side"),
                        ("aliases", "kind", "part_of", "note"))
        if f is None:
            return
        actor_id = self.new_id("actors", f["id"], "actor")
        name = self.text(f["name"], "actor name")
        side = self.ref("side", f["side"], "actor side")
        kind = self.choice(f["kind"], "actor kind", ACTOR_KINDS, optional=True) \
            if "kind" in f else None
        part_of = self.ref("actor", f["part_of"], "actor part_of", optional=True) \
            if "part_of" in f else None
        note = self.text(f["note"], "actor note", optional=True) if "note" in f else None
        aliases = self.texts(f.get("aliases"), "actor aliases")
        if actor_id and part_of:
            self.part_of_at[actor_id] = self.where(f["part_of"])
        if actor_id and name and side:
            self.actors[actor_id] = Actor(actor_id, name, side, kind, aliases, part_of, note)

    def read_source(self, node: Any) -> None:
        f = self.fields(node, "a source", ("id", "name", "kind"), ("aliases", "description"))
        if f is None:
            return
        source_id = self.new_id("sources", f["id"], "source")
        name = self.text(f["name"], "source name")
        kind = self.choice(f["kind"], "source kind", SOURCE_KINDS)
        description = self.text(f["description"], "source description", optional=True) \
            if "description" in f else None
        aliases = self.texts(f.get("aliases"), "source aliases")
        if source_id and name and kind:
            self.sources[source_id] = Source(source_id, name, kind, description, aliases)

    def read_place(self, node: Any) -> None:
        f = self.fields(node, "a place", ("id", "name"),
                        ("aliases", "arabic", "country", "kind", "parent", "lat", "lon",
                         "coord_precision", "note"))
        if f is None:
            return
        place_id = self.new_id("places", f["id"], "place")
        name = self.text(f["name"], "place name")
        aliases = self.texts(f.get("aliases"), "place aliases")
        opt = {k: self.text(f[k], f"place {k}", optional=True) if k in f else None
               for k in ("arabic", "country", "note")}
        kind = self.choice(f["kind"], "place kind", PLACE_KINDS, optional=True) \
            if "kind" in f else None
        parent = self.ref("place", f["parent"], "place parent", optional=True) \
            if "parent" in f else None
        lat = self.number(f["lat"], "lat") if "lat" in f else None
        lon = self.number(f["lon"], "lon") if "lon" in f else None
        precision = self.choice(f["coord_precision"], "coord_precision", COORD_PRECISIONS,
                                optional=True) if "coord_precision" in f else None
        if lat is not None and not -90 <= lat <= 90:
            self.problem(f["lat"], f"lat {lat} is outside -90..90")
            lat = None
        if lon is not None and not -180 <= lon <= 180:
            self.problem(f["lon"], f"lon {lon} is outside -180..180")
            lon = None
        unreadable = any(k in f and not _is_null(f[k]) and v is None
                         for k, v in (("lat", lat), ("lon", lon), ("coord_precision", precision)))
        if not unreadable:  # a value already reported would make these follow-on errors
            if (lat is None) != (lon is None):
                self.problem(node, "lat and lon must both be set or both be null")
            if (lat is None) != (precision is None):
                self.problem(node, "coord_precision must be set exactly when lat and lon are")
        if place_id and parent == place_id:
            self.problem(f["parent"], f"place {place_id!r} cannot be its own parent")
            parent = None
        if place_id and name:
            if parent:
                self.parent_at[place_id] = self.where(f["parent"])
            self.places[place_id] = Place(place_id, name, aliases, opt["arabic"], opt["country"],
                                          kind, parent, lat, lon, precision, opt["note"])

    def read_date(self, node: Any, what: str, *, check_span: bool = True) -> DateSpan | None:
        f = self.fields(node, what, ("text", "start", "end", "precision"), ("anchor",))
        if f is None:
            return None
        text = self.text(f["text"], f"{what} text")
        start = self.day(f["start"], f"{what} start")
        end = self.day(f["end"], f"{what} end")
        precision = self.choice(f["precision"], f"{what} precision", DATE_PRECISIONS)
        anchor = self.ref("event", f["anchor"], f"{what} anchor", optional=True) \
            if "anchor" in f else None
        if start and end and start > end:
            self.problem(f["end"], f"{what} ends ({end}) before it starts ({start})")
            return None
        if start and end and precision and check_span:
            span = (end - start).days + 1
            if span > MAX_SPAN_DAYS[precision]:
                self.problem(f["precision"], f"{what} spans {span} days, too long for "
                                             f"precision {precision!r} (at most "
                                             f"{MAX_SPAN_DAYS[precision]})")
        if text is None or start is None or end is None or precision is None:
            return None
        return DateSpan(text, start, end, precision, anchor)

    def read_claims(self, node: Any | None, event_id: str | None) -> tuple[Claim, ...]:
        out: list[Claim] = []
        seen: dict[tuple[str, str, str], int] = {}
        for item in self.sequence(node, "claims") if node is not None else ():
            f = self.fields(item, "a claim", ("source", "party", "outcome", "as_reported"),
                            ("low", "high", "note"))
            if f is None:
                continue
            source = self.ref("source", f["source"], "claim source")
            party = self.ref("party", f["party"], "claim party")
            outcome = self.choice(f["outcome"], "claim outcome", OUTCOMES)
            low, high = self.bounds(f, "claim")
            as_reported = self.text(f["as_reported"], "claim as_reported")
            note = self.text(f["note"], "claim note", optional=True) if "note" in f else None
            if None in (source, party, outcome, as_reported) or low is False:
                continue
            key = (source, party, outcome)
            if key in seen:
                self.problem(item, f"a second claim by {source!r} for {party!r} {outcome} "
                                   f"(first at line {seen[key]}); one claim per source, party "
                                   f"and outcome")
                continue
            seen[key] = self.where(item)[1]
            out.append(Claim(source, party, outcome, low, high, as_reported, event_id, note))
        return tuple(out)

    def bounds(self, f: dict[str, Any], what: str) -> tuple[Any, Any]:
        """Return (low, high), or (False, None) when they are invalid."""
        low = self.integer(f["low"], f"{what} low", optional=True) if "low" in f else None
        high = self.integer(f["high"], f"{what} high", optional=True) if "high" in f else None
        if "low" in f and low is None and not _is_null(f["low"]):
            return False, None
        if "high" in f and high is None and not _is_null(f["high"]):
            return False, None
        if low is not None and high is not None and low > high:
            self.problem(f["high"], f"{what} low {low} is above high {high}")
            return False, None
        return low, high

    def read_quantities(self, node: Any | None, event_id: str | None) -> tuple[Quantity, ...]:
        out: list[Quantity] = []
        for item in self.sequence(node, "quantities") if node is not None else ():
            f = self.fields(item, "a quantity", ("source", "measure", "as_reported"),
                            ("low", "high", "unit"))
            if f is None:
                continue
            source = self.ref("source", f["source"], "quantity source")
            measure = self.text(f["measure"], "quantity measure")
            low, high = self.bounds(f, "quantity")
            unit = self.text(f["unit"], "quantity unit", optional=True) if "unit" in f else None
            as_reported = self.text(f["as_reported"], "quantity as_reported")
            if None in (source, measure, as_reported) or low is False:
                continue
            out.append(Quantity(source, measure, low, high, unit, as_reported, event_id))
        return tuple(out)

    def read_event(self, node: Any) -> None:
        f = self.fields(node, "an event", ("id", "date", "section", "type", "summary"),
                        ("places", "actors", "sources", "claims", "quantities"))
        if f is None:
            return
        event_id = self.new_id("events", f["id"], "event")
        when = self.read_date(f["date"], "date")
        section = self.text(f["section"], "section")
        kind = self.choice(f["type"], "event type", EVENT_TYPES)
        summary = self.text(f["summary"], "summary")
        places = self.ids(f.get("places"), "places", "place")
        actors = self.ids(f.get("actors"), "actors", "actor")
        sources = self.ids(f.get("sources"), "sources", "source")
        claims = self.read_claims(f.get("claims"), event_id)
        quantities = self.read_quantities(f.get("quantities"), event_id)
        if when and when.anchor and when.anchor == event_id:
            self.problem(f["date"], f"event {event_id!r} cannot be its own date anchor")
        if event_id and when and section and kind and summary:
            self.events[event_id] = Event(event_id, when, section, kind, summary, places,
                                          actors, sources, claims, quantities)

    def read_campaign(self, node: Any) -> None:
        if self.campaign_file is not None:
            self.problem(node, f"campaign is already defined in {self.campaign_file}")
            return
        self.campaign_file = self.file
        f = self.fields(node, "the campaign", ("name",),
                        ("date", "section", "claims", "quantities"))
        if f is None:
            return
        name = self.text(f["name"], "campaign name")
        when = self.read_date(f["date"], "campaign date", check_span=False) \
            if "date" in f else None
        section = self.text(f["section"], "campaign section", optional=True) \
            if "section" in f else None
        claims = self.read_claims(f.get("claims"), None)
        quantities = self.read_quantities(f.get("quantities"), None)
        if name:
            self.campaign = Campaign(name, when, section, claims, quantities)

    # -- cross references ----------------------------------------------------------------

    def finish(self) -> Chronology:
        declared = self.declared
        for kind, value, (file, line, column), what in self.refs:
            if kind == "party":
                if value not in declared["actor"] and value not in declared["side"]:
                    self.problems.append(Problem(file, line, column,
                                                 f"{what} {value!r} is neither an actor nor "
                                                 f"a side"))
            elif value not in declared[kind]:
                self.problems.append(Problem(file, line, column,
                                             f"{what} {value!r} is not a known {kind}"))
        self.check_parent_cycles()
        self.check_part_of_cycles()
        from qalamoun_cli.store import EventStore

        events = EventStore.from_events(self.events.values())
        return Chronology(self.sides, self.actors, self.sources, self.places, events,
                          self.campaign)

    def check_part_of_cycles(self) -> None:
        for start, where in self.part_of_at.items():
            seen = {start}
            current = self.actors[start].part_of if start in self.actors else None
            while current in self.actors:
                if current in seen:
                    self.problems.append(Problem(*where, f"actor {start!r} is part of itself "
                                                         f"(part_of cycle through {current!r})"))
                    break
                seen.add(current)
                current = self.actors[current].part_of

    def check_parent_cycles(self) -> None:
        for start in self.parent_at:
            seen = {start}
            current = self.places[start].parent
            while current in self.places:
                if current in seen:
                    file, line, column = self.parent_at[start]
                    self.problems.append(Problem(file, line, column,
                                                 f"place {start!r} is inside itself "
                                                 f"(parent cycle through {current!r})"))
                    break
                seen.add(current)
                current = self.places[current].parent


def _is_null(node: Any) -> bool:
    return node.id == "scalar" and node.tag == _TAG + "null" and not node.style


def _node_kind(node: Any) -> str:
    if node.id == "mapping":
        return "a mapping"
    if node.id == "sequence":
        return "a list"
    if node.tag == _TAG + "null":
        return "null"
    return f"{node.value!r}"
