"""Turn checked YAML nodes into model records and a Chronology, following load/schema.py.

Every field is read as its schema entry says; what remains here as code are the rules that
tie fields or records together: a date's span against its precision, low <= best <= high,
one claim per source, party and outcome, coordinates set together, unique ids, references
that resolve, words of the dataset's vocabulary, and no cycles through `parent`,
`part_of`, `supersedes` or `within`. Each file is read by the rules of the schema version
it declares (schema.VERSIONS); the dataset is then checked as one.
"""

from __future__ import annotations

import os
import re
from itertools import islice
from typing import Any

from qalamoun_cli.errors import Problem
from qalamoun_cli.load import parallel, schema
from qalamoun_cli.load.nodes import (
    MISSING,
    TAG,
    Events,
    NodeReader,
    break_problem,
    compose,
    decode,
    is_null,
    utf8_problem,
    yaml_problem,
)
from qalamoun_cli.load.schema import Field, Record
from qalamoun_cli.model import UNDATED, Campaign, Chronology, Claim, DateSpan, Quantity

# Longest [start, end] span, in days, that each precision admits.
MAX_SPAN_DAYS = {"day": 1, "days": 7, "week": 7, "month": 31, "season": 122, "year": 366}
_TOP_LEVEL = ("side", "actor", "source", "place", "event")
_VERSIONS = " or ".join(str(v) for v in schema.VERSIONS)
# What a dataset's vocabulary word looks like: the style of the built-in words
# ("armed-forces", "hill/peak", "mountain range").
_WORD = re.compile(r"[a-z0-9]+(?:[- /][a-z0-9]+)*\Z")


def parse_text(name: str, raw: bytes) -> tuple[Chronology, list[Problem]]:
    """Check one in-memory YAML document (for tests and fuzzing)."""
    return check_files([(name, raw)])


def check_files(files: list[tuple[str, bytes]], *, parts: int | None = None,
                split_above: int = parallel.THRESHOLD, method: str | None = None,
                prepare: bool = True) -> tuple[Chronology, list[Problem]]:
    """Check FILES (name, content) as one dataset; return it with every problem, sorted.

    Each file is read one top-level item at a time from the YAML event stream, so that
    only the records, never a whole node tree, are held. The events list of a file of
    more than SPLIT_ABOVE bytes is read in PARTS processes (default: as the CPUs allow;
    METHOD: multiprocessing's way to start them, default fork where there is one).
    PREPARE: the processes also make each event's words to search, for the compile
    (Chronology.prepared); False where nothing will compile the dataset.
    """
    parts = parallel.default_parts() if parts is None else parts
    return _check(files, stream=True, split=(parts, split_above, method), prepare=prepare)


def check_whole_files(files: list[tuple[str, bytes]]) -> tuple[Chronology, list[Problem]]:
    """Check FILES as check_files does, composing each file whole first.

    This is the reader as it always was, the reference that the streaming reader is
    tested against.
    """
    return _check(files, stream=False)


class Serial(Exception):
    """Reading a file's events list in parts was not proved to read what one process reads:
    read all again, that file in one process."""


class Restart(Exception):
    """A file turned out to have a YAML error after some of it was read: read all again.

    PROBLEM is the YAML error that makes the file contribute nothing else.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


def _check(files: list[tuple[str, bytes]], *, stream: bool,
           split: tuple[int, int, str | None] = (1, 0, None), prepare: bool = True,
           ) -> tuple[Chronology, list[Problem]]:
    """Check FILES, each streamed (STREAM) or composed whole; see check_files.

    SPLIT: the processes to read a large file's events with, the size from which a file
    is large, and how to start them. PREPARE: as check_files.
    """
    import gc

    # Nothing the loader makes is a reference cycle, so the collector would only walk
    # every record and node again and again (more than half of the time at 100,000
    # events, benchmarks/loader.py): it is paused while loading.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # A YAML error can surface in the middle of a file whose first items are already
        # read: the files are then read again, that file giving just its error. Rare, and
        # cheaper than keeping what every file adds until its end.
        known: dict[int, Problem] = {}
        serial: set[int] = set()
        parts, split_above, method = split
        while True:
            builder = Builder(prepare)
            index = 0
            try:
                for index, (name, raw) in enumerate(files):
                    if not stream:
                        builder.read_whole(name, raw)
                    elif index in known:
                        builder.start_file(name)
                        builder.problems.append(known[index])
                    else:
                        cut = None if index in serial else parallel.plan(raw, parts,
                                                                         split_above)
                        builder.read_stream(name, raw, cut, method)
            except Restart as again:
                known[index] = again.problem
                continue
            except Serial:
                serial.add(index)
                continue
            return builder.finish(), sorted(builder.problems)
    finally:
        if collecting:
            gc.enable()


def _find_version(raw: bytes, reuse: dict[str, Any],
                  ) -> tuple[tuple[Any, Any] | None, dict[str, Any]]:
    """Return the key and value nodes of the first schema_version of a file's block mapping.

    Also returns the anchored nodes met on the way (by anchor), REUSE's among them: the
    pass that reads the file makes REUSE's and then uses these, so that both passes have
    the same objects and an alias in the version is the very node that the reader meets.
    """
    events = Events(raw, reuse)
    try:
        events.open(events.start(), "mapping")  # its anchor, if any, is known
        event = events.next()
        while type(event) not in events.ends:
            key = events.node(event)
            event = events.next()
            if key.id == "scalar" and key.tag == TAG + "str" and key.value == "schema_version":
                return (key, events.node(event)), events.anchors
            events.skip(event, shells=True)
            event = events.next()
        return None, events.anchors
    finally:
        events.close()


class Builder(NodeReader):
    """Turn composed YAML nodes into model objects, collecting problems."""

    def __init__(self, prepare: bool = True) -> None:
        """PREPARE: make the words to search of events read in parts (check_files)."""
        super().__init__()
        self.prepare = prepare
        self.records: dict[str, dict[str, Any]] = {kind: {} for kind in _TOP_LEVEL}
        self.campaign: Campaign | None = None
        self.campaign_file: str | None = None
        self.id_at: dict[tuple[str, str], str] = {}
        # References are checked once every file is read: (kind, id, where, what).
        self.refs: list[tuple[str, str, tuple[str, int, int], str]] = []
        self.parent_at: dict[str, tuple[str, int, int]] = {}
        self.part_of_at: dict[str, tuple[str, int, int]] = {}
        # Every id declared, even in records that have other problems: references are
        # checked against these, so one bad record does not make its references fail too.
        self.declared: dict[str, set[str]] = {kind: set() for kind in (*_TOP_LEVEL, "claim")}
        self.plans: dict[tuple[int, str | None], tuple[tuple[str, Any, Any, bool], ...]] = {}
        self.names: dict[int, tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]] = {}
        # The file being read: its schema version and that version's records.
        self.version = 1
        self.schema = schema.VERSIONS[1]
        # Words the dataset adds to a vocabulary, by list name, with where each was given.
        self.words: dict[str, dict[str, str]] = {}
        # Choices of vocabularies a dataset may extend, checked once every file is read:
        # (value, where, label, field).
        self.open_choices: list[tuple[str, tuple[str, int, int], str, Field]] = []
        # Claims with an id, and where their `supersedes` and `within` are given.
        self.claims: dict[str, Claim] = {}
        self.links_at: dict[tuple[str, str], tuple[str, int, int]] = {}
        # Where each claim id is superseded, and what the update is about (source, party,
        # party_text, outcome): a figure has one latest update at most, of the same figure.
        self.superseded_at: dict[str, list[tuple[tuple[str, int, int], tuple]]] = {}
        # Where the events list of the file being read is cut (parallel.plan), till met,
        # and that file's bytes and how to start the processes that read its parts.
        self.split: parallel.Split | None = None
        self.split_file: tuple[bytes, str | None] = (b"", None)
        # The folded words of events made while reading, for the compile, by event id
        # (an event once read is never replaced: Chronology.prepared).
        self.prepared: dict[str, bytes] = {}

    # -- files ---------------------------------------------------------------------------

    def read_whole(self, name: str, raw: bytes) -> None:
        """Read one file's sections into the dataset, composing the file whole first."""
        self.start_file(name)
        text, problem = decode(name, raw)
        problem = problem or break_problem(name, raw)
        if problem:
            self.problems.append(problem)
            return
        node, problem = compose(name, text)
        if problem:
            self.problems.append(problem)
            return
        self.read_root(name, node)

    def read_root(self, name: str, node: Any) -> None:
        """Read a file's composed root NODE (None: the file is empty)."""
        if node is None:
            self.problems.append(Problem(name, 1, 1, "file is empty; expected a mapping with "
                                                     "schema_version and sections"))
            return
        top = self.mapping(node, schema.FILE.what)
        if top is None:
            return
        self.use_version(node, top.pop("schema_version", None))
        sections = schema.sections(self.version)
        for key, (key_node, value) in top.items():
            if key not in sections:
                self.unknown_section(key_node, sections)
            elif key == "campaign":
                self.read_campaign(value)
            elif key == "vocabulary":
                self.read_record(self.schema["vocabulary"], value)
            else:
                spec = self.schema[self.schema["file"].field(key).of]
                for item in self.sequence(value, key):
                    self.read_top_record(spec, item)

    def unknown_section(self, key_node: Any, sections: tuple[str, ...]) -> None:
        """Report a top-level key that is not one of SECTIONS."""
        key = key_node.value
        self.problem(key_node, f"unknown section {key!r} (expected one of: "
                               f"{', '.join(sections)}){self.newer(key, None)}")

    def read_stream(self, name: str, raw: bytes, split: parallel.Split | None = None,
                    method: str | None = None) -> None:
        """Read one file's sections as read_whole does, one top-level item at a time.

        SPLIT: where the events list is cut, its other parts read by other processes
        (started by METHOD). Raises Restart when a YAML error shows after the file's first
        items were read into the dataset, and Serial when the split is not proved right.
        """
        import yaml

        self.start_file(name)
        problem = utf8_problem(name, raw) or break_problem(name, raw)
        if problem:
            self.problems.append(problem)
            return
        self.split, self.split_file = split, (raw, method)
        # The first process reads the file with the other parts as empty lines.
        text = raw if split is None else parallel.first_text(raw, split)
        events = Events(text)
        try:
            try:
                head = self.stream_head(events, text)
            except (yaml.YAMLError, RecursionError) as exc:
                if split is not None:
                    raise Serial from None
                self.problems.append(yaml_problem(name, decode(name, raw)[0], exc))
                return
            if head[1] is None:
                if split is not None:
                    raise Serial
                self.read_root(name, head[0])
            else:
                try:
                    self.stream_sections(events, *head[1])
                except (yaml.YAMLError, RecursionError) as exc:
                    if split is not None:
                        raise Serial from None
                    raise Restart(yaml_problem(name, decode(name, raw)[0], exc)) from None
                if self.split is not None or (split is not None and events.anchors):
                    raise Serial  # the list was not met where it was cut, or an anchor
        finally:
            self.split, self.split_file = None, (b"", None)
            events.close()

    def stream_head(self, events: Events, raw: bytes) -> tuple[Any, tuple | None]:
        """Read up to the file's version, touching nothing of the dataset.

        Returns (None, what stream_sections reads: the top mapping's node, its first key
        node when it still is to be read, and the version's key and value nodes or None),
        or (the whole composed root, None) when the root is not a plain block mapping (or
        the file is empty): read_root reads that.
        """
        event = events.start()
        root = None if event is None else events.open(event, "mapping")
        if root is None or root.flow_style or root.tag != TAG + "map":
            node = None if event is None else events.node(event)
            if node is not None:
                events.end(node)
            return node, None
        first = events.next()
        if type(first) in events.ends:
            root.end_mark = first.end_mark
            events.end(root)
            return root, None
        key = events.node(first)
        if key.id == "scalar" and key.tag == TAG + "str" and key.value == "schema_version":
            return None, (root, None, (key, events.node(events.next())))
        # A version given after other keys: found first, for it rules how they are read.
        version, events.reuse = _find_version(raw, events.anchors)
        return None, (root, key, version)

    def stream_sections(self, events: Events, root: Any, key: Any,
                        version: tuple[Any, Any] | None) -> None:
        """Read the top mapping ROOT's keys from KEY on (None: from the next), item by item."""
        self.claim_node(root)  # as read_root does first: an alias may name it
        self.use_version(root, version)
        sections = schema.sections(self.version)
        what = schema.FILE.what
        seen: dict[str, Any] = {}
        if key is None:  # the version came first, and is read
            seen["schema_version"] = version[0]
        while True:
            if key is None:
                event = events.next()
                if type(event) in events.ends:
                    root.end_mark = event.end_mark
                    break
                key = events.node(event)
            event = events.next()
            name = self.key_name(key, what)
            if name is None:
                events.skip(event)
            elif name in seen:
                self.repeated(key, seen[name], what)
                events.skip(event)
            else:
                seen[name] = key
                self.stream_section(events, key, event, sections)
            key = None
        events.end(root)

    def stream_section(self, events: Events, key_node: Any, event: Any,
                       sections: tuple[str, ...]) -> None:
        """Read the section KEY_NODE names, whose value starts with EVENT."""
        key = key_node.value
        if key == "schema_version":  # read first, by use_version
            events.skip(event)
        elif key not in sections:
            self.unknown_section(key_node, sections)
            events.skip(event)
        elif key == "campaign":
            self.read_campaign(events.node(event))
        elif key == "vocabulary":
            self.read_record(self.schema["vocabulary"], events.node(event))
        else:
            spec = self.schema[self.schema["file"].field(key).of]
            shell = events.open(event, "sequence")
            if shell is None:
                for item in self.sequence(events.node(event), key):
                    self.read_top_record(spec, item)
                return
            read = self.claim_node(shell) and self.list_tag(shell, key)
            split = self.split
            if split is not None and key == "events" and \
                    key_node.start_mark.line == split.key_line:
                if not read or shell.flow_style:
                    raise Serial
                self.split = None  # met
                self.read_split(events, shell, spec, split)
                return
            for item in events.items(shell):
                if read:
                    self.read_top_record(spec, item)

    def read_split(self, events: Events, shell: Any, spec: Record,
                   split: parallel.Split) -> None:
        """Read the events list SHELL cut as SPLIT: the first part here, the others in
        processes of their own, whose records join the dataset in the list's order."""
        import marshal

        from qalamoun_cli.compiled import made_in_part

        raw, method = self.split_file
        method = parallel.method(method)
        # A forked process has the file's bytes already; another is sent only its part.
        forked = method == "fork"
        jobs = [(self.file, raw if forked else parallel.part_text(raw, split, k), forked,
                 split, k, self.version, self.declared, self.prepare)
                for k in range(1, len(split.starts) + 1)]
        try:
            started = parallel.start(_read_part, jobs, method)
        except OSError:  # no process to be had (a limit, no memory): read in one
            raise Serial from None
        try:
            proof = (split.lines[0], split.indent + 2)
            proved = False
            for item in events.items(shell):
                if proved:
                    raise Serial
                if (item.start_mark.line, item.start_mark.column) == proof:
                    proved = True  # the second part's first item: read there
                else:
                    self.read_top_record(spec, item)
            if not proved:
                raise Serial
            records, prepared = self.records["event"], self.prepared
            own = iter(list(records.values()))

            def next_message(connection: Any) -> bytes:
                # While a part has nothing to send, this process makes what the compile
                # needs of its own events, as the parts do of theirs; the compile makes
                # what is left.
                while self.prepare and not connection.poll():
                    waiting = list(islice(own, 50))
                    if not waiting:
                        break
                    for event in waiting:
                        prepared[event.id] = made_in_part(event)
                return connection.recv_bytes()

            for _, receive in started:
                try:
                    self.absorb(next_message(receive))
                    # Then the events, in batches: never all of them twice in memory. Each
                    # comes with its words to search (made_in_part), which the compile takes.
                    while rows := next_message(receive):
                        batch, words = marshal.loads(rows)
                        if words is None:  # not asked for
                            records.update((e.id, e) for e in parallel.decode_events(batch))
                            continue
                        for event, text in zip(parallel.decode_events(batch), words,
                                               strict=True):
                            records[event.id] = event
                            prepared[event.id] = text
                except (EOFError, OSError):
                    raise Serial from None
        finally:
            parallel.stop(started)

    def read_part(self, text: bytes, first: int, proof: int | None, indent: int) -> bool:
        """Read one part of a cut events list (parallel.part_text) into this builder; tell
        whether it proved to be what one process reads there.

        Its items must start at line FIRST, column INDENT + 2 (0-based), and the next
        part's first item at line PROOF (None: the part ends the list).
        """
        import yaml

        events = Events(text)
        try:
            root = events.open(events.start(), "mapping")
            if root is None or root.flow_style:
                return False
            key = events.node(events.next())
            shell = events.open(events.next(), "sequence")
            if key.value != "events" or shell is None or shell.flow_style \
                    or shell.tag != TAG + "seq" or \
                    (shell.start_mark.line, shell.start_mark.column) != (first, indent):
                return False
            spec = self.schema[self.schema["file"].field("events").of]
            proved = False  # the next part's first item met (it ends this one)
            for item in events.items(shell):
                where = (item.start_mark.line, item.start_mark.column)
                if proved or where[1] != indent + 2:
                    return False
                if where[0] == proof:
                    proved = True
                else:
                    self.read_top_record(spec, item)
            if proved != (proof is not None):
                return False
            events.next()  # the top mapping's end
            events.end(root)
            return not events.anchors
        except (yaml.YAMLError, RecursionError):
            return False
        finally:
            events.close()

    def part_result(self, declared: dict[str, set[str]]) -> bytes | None:
        """Return what reading a part added but its events, pickled, or None when it changed
        what a part of an events list should not (then the file is read in one piece).

        DECLARED: the ids known before, which the part need not send back.
        """
        import pickle

        if set(vars(self)) != _BUILDER_STATE or self.campaign_file is not None or \
                self.prepared or self.words or self.parent_at or self.part_of_at or \
                any(self.records[kind] for kind in _TOP_LEVEL if kind != "event"):
            return None
        added = {kind: ids - declared.get(kind, set()) for kind, ids in self.declared.items()}
        return pickle.dumps((
            self.problems, self.id_at, added, self.refs, self.open_choices, self.claims,
            self.links_at, self.superseded_at), protocol=pickle.HIGHEST_PROTOCOL)

    def absorb(self, rest: bytes) -> None:
        """Add what a part read but its events (part_result), as if it had been read here;
        raise Serial when it declares an id already declared (its message names the
        first)."""
        import pickle

        problems, id_at, added, refs, open_choices, claims, links_at, superseded_at = \
            pickle.loads(rest)
        if not id_at.keys().isdisjoint(self.id_at):
            raise Serial
        self.id_at.update(id_at)
        for kind, ids in added.items():
            self.declared[kind] |= ids
        self.problems += problems
        self.refs += refs
        self.open_choices += open_choices
        self.claims.update(claims)
        self.links_at.update(links_at)
        for target, updates in superseded_at.items():
            self.superseded_at.setdefault(target, []).extend(updates)

    def use_version(self, node: Any, version: tuple[Any, Any] | None) -> None:
        """Read the file by the rules of its schema_version (VERSION: key and value nodes).

        A file whose version is missing or unknown is reported and read as schema 1.
        """
        self.version = 1
        if version is None:
            self.problem(node, f"missing schema_version (this program reads {_VERSIONS})")
        else:
            number = self.integer(version[1], "schema_version")
            if number in schema.VERSIONS:
                self.version = number
            elif number is not None:
                self.problem(version[1], f"schema_version {number} is not supported "
                                         f"(this program reads {_VERSIONS})")
        self.schema = schema.VERSIONS[self.version]

    # -- fields, as the schema says ------------------------------------------------------

    def newer(self, name: str, kind: str | None) -> str:
        """Return a hint when NAME is a section (KIND None) or field of a later version."""
        latest = max(schema.VERSIONS)
        if self.version == latest:
            return ""
        if kind is None:
            known = name in schema.sections(latest)
        else:
            record = schema.VERSIONS[latest].get(kind)
            known = record is not None and name in record.names()
        return (f"; {name!r} is new in schema {latest}: write schema_version: {latest} to use it"
                if known else "")

    def fields(self, node: Any, what: str, spec: Record) -> dict[str, Any] | None:
        """Read a record mapping, reporting missing and unknown keys."""
        found = self.mapping(node, what)
        if found is None:
            return None
        known = self.names.get(id(spec))
        if known is None:
            names = spec.names()
            known = self.names[id(spec)] = (names, frozenset(names), tuple(
                f.name for f in spec.fields if f.required))
        names, allowed, required = known
        out: dict[str, Any] = {}
        for key, (key_node, value_node) in found.items():
            if key in allowed:
                out[key] = value_node
            else:
                self.problem(key_node, f"unknown field {key!r} in {what} (expected: "
                                       f"{', '.join(names)}){self.newer(key, spec.kind)}")
        missing = [name for name in required if name not in out]
        if missing:
            self.problem(node, f"{what} is missing {', '.join(repr(k) for k in missing)}")
            for key in missing:
                out[key] = MISSING
        return out

    def read_record(self, spec: Record, node: Any, what: str | None = None,
                    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Return a record's nodes and values by field, or None if it is not a mapping.

        WHAT names a record that is named by the field holding it (a date).
        """
        f = self.fields(node, what or spec.what, spec)
        if f is None:
            return None
        plan = self.plans.get((id(spec), what))
        if plan is None:
            # Worked out once per kind and version: a large dataset reads the same kinds
            # many times.
            plan = self.plans[id(spec), what] = tuple(
                (field.name, () if field.type in schema.LISTS else None,
                 *self.field_reader(spec, field, spec.label_of(field, what)))
                for field in spec.reading())
        values: dict[str, Any] = {}
        get = f.get
        for name, absent, read, simple in plan:
            field_node = get(name)
            if field_node is None:
                values[name] = absent
            elif simple:
                values[name] = read(field_node)
            else:
                values[name] = read(field_node, values=values)
        return f, values

    def field_reader(self, spec: Record, field: Field, label: str) -> tuple[Any, bool]:
        """Return what reads a given FIELD's node as read_value does, and whether it reads
        the node alone (else the node and the values read so far)."""
        from functools import partial

        # Bound once per kind of record, for the commonest types: what read_value would
        # choose for them, without choosing it again for every field of every record.
        kind, optional = field.type, not field.required
        if kind == schema.TEXT:
            return partial(self.text, what=label, optional=optional), True
        if kind == schema.REFERENCE:
            return partial(self.ref, field.of, what=label, optional=optional), True
        if kind == schema.CHOICE and field.extends:
            return partial(self.open_choice, what=label, field=field), True
        if kind == schema.CHOICE:
            return partial(self.choice, what=label, allowed=field.vocabulary,
                           optional=optional), True
        if kind == schema.INTEGER:
            return partial(self.integer, what=label, optional=optional), True
        if kind == schema.REFERENCES:
            return partial(self.ids, what=label, kind=field.of), True
        return partial(self.read_value, spec, field, label=label), False

    def read_value(self, spec: Record, field: Field, node: Any | None, label: str,
                   values: dict[str, Any]) -> Any:
        """Read one field's NODE (None: absent) as its type says."""
        kind = field.type
        if node is None:
            return () if kind in schema.LISTS else None
        optional = not field.required
        # The commonest types first: this runs for every field of every record.
        if kind == schema.TEXT:
            return self.text(node, label, optional=optional)
        if kind == schema.REFERENCE:
            return self.ref(field.of, node, label, optional=optional)
        if kind == schema.CHOICE:
            if field.extends:
                return self.open_choice(node, label, field)
            return self.choice(node, label, field.vocabulary, optional=optional)
        if kind == schema.INTEGER:
            return self.integer(node, label, optional=optional)
        if kind == schema.REFERENCES:
            return self.ids(node, label, field.of)
        if field.nullable and is_null(node):
            self.claim_node(node)
            return None
        if kind == schema.DAY:
            return self.day(node, label)
        if kind == schema.ID:
            if optional and is_null(node):
                self.claim_node(node)
                return None
            return self.new_id(spec.kind, node, label)
        if kind == schema.RECORDS:
            reader = self.read_claims if field.of == "claim" else self.read_quantities
            return reader(node, label, values.get("id"))
        if kind == schema.RECORD:
            if optional and is_null(node):
                self.claim_node(node)
                return None
            return self.read_date(node, label, check_span=spec.kind != "campaign")
        if kind == schema.TEXTS:
            return self.texts(node, label)
        if kind == schema.NUMBER:
            return self.bounded_number(field, node, label)
        if kind == schema.WORDS:
            return self.dataset_words(node, label, field)
        raise AssertionError(f"no reader for field type {kind!r}")

    def complete(self, spec: Record, values: dict[str, Any]) -> bool:
        """Tell whether every required field was read (a nullable one may be null)."""
        return all(values[f.name] is not None for f in spec.fields
                   if f.required and not f.nullable)

    def open_choice(self, node: Any, what: str, field: Field) -> str | None:
        """Read a word of a vocabulary the dataset may extend; it is checked in finish()."""
        value = self.text(node, what, optional=not field.required)
        if value is not None and value not in field.vocabulary:
            self.open_choices.append((value, self.where(node), what, field))
        return value

    def dataset_words(self, node: Any, what: str, field: Field) -> tuple[str, ...]:
        """Read the words a dataset adds to FIELD's vocabulary (any file may add some)."""
        added = self.words.setdefault(field.name, {})
        for item in self.sequence(node, what):
            word = self.text(item, f"an item of {what}")
            if word is None:
                continue
            if not _WORD.match(word):
                self.problem(item, f"{what} {word!r} must be written like the built-in words: "
                                   f"lowercase letters and digits, words joined by single "
                                   f"hyphens, spaces or slashes")
            elif word in field.vocabulary:
                self.problem(item, f"{what} {word!r} is already a built-in word; remove it "
                                   f"from the list")
            elif word in added:
                self.problem(item, f"{what} lists {word!r} twice (first at {added[word]})")
            else:
                file, line, _ = self.where(item)
                added[word] = f"{file}:{line}"
        return tuple(added)

    def bounded_number(self, field: Field, node: Any, label: str) -> float | None:
        """Read a NUMBER, refusing one outside its limits."""
        value = self.number(node, label)
        if value is not None and field.limits:
            low, high = field.limits
            if not low <= value <= high:
                self.problem(node, f"{label} {value} is outside {low}..{high}")
                return None
        return value

    def new_id(self, kind: str, node: Any, what: str) -> str | None:
        """Read a record's own id and declare it, refusing one already declared."""
        value = self.identifier(node, what)
        if value is None:
            return None
        # Sides and actors share a namespace because a claim's party may name either.
        namespace = "party" if kind in ("side", "actor") else kind
        key = (namespace, value)
        if key in self.id_at:
            self.problem(node, f"duplicate id {value!r} (first defined at {self.id_at[key]})")
            # Still declared: references to it are not errors of their own.
            self.declared[kind].add(value)
            return None
        file, line, column = self.where(node)
        self.id_at[key] = f"{file}:{line}"
        self.declared[kind].add(value)
        return value

    def ref(self, kind: str, node: Any, what: str, *, optional: bool = False) -> str | None:
        """Read the id of a record of KIND, to be resolved once every file is read."""
        if optional and node is not None and is_null(node):
            self.claim_node(node)
            return None
        value = self.identifier(node, what)
        if value is not None:
            self.refer(kind, value, node, what)
        return value

    def refer(self, kind: str, value: str, node: Any, what: str) -> None:
        """Note a reference to be resolved in finish(), unless its record is declared already.

        Declared ids are never taken back, so one found now is found then: most
        references (to places, actors and sources listed before the events) need no
        memory kept for them, which at 400,000 events was hundreds of megabytes.
        """
        declared = self.declared
        if kind == "party":
            known = value in declared["actor"] or value in declared["side"]
        else:
            known = value in declared[kind]
        if not known:
            self.refs.append((kind, value, self.where(node), what))

    def ids(self, node: Any, what: str, kind: str) -> tuple[str, ...]:
        """Read a list of ids of records of KIND, each once."""
        out: list[str] = []
        for item in self.sequence(node, what):
            value = self.identifier(item, f"an item of {what}")
            if value is None:
                continue
            if value in out:
                self.problem(item, f"{what} lists {value!r} twice")
                continue
            out.append(value)
            self.refer(kind, value, item, what)
        return tuple(out)

    def unreadable(self, f: dict[str, Any], values: dict[str, Any], names: tuple[str, ...],
                   ) -> bool:
        """Tell whether one of these optional fields holds a value that was refused."""
        return any(name in f and not is_null(f[name]) and values[name] is None
                   for name in names)

    # -- records and the rules between their fields -------------------------------------

    def read_top_record(self, spec: Record, node: Any) -> None:
        """Read a side, actor, source, place or event, and keep it if it is whole."""
        read = self.read_record(spec, node)
        if read is None:
            return
        f, values = read
        record_id = values["id"]
        if spec.kind == "actor" and record_id and values["part_of"]:
            self.part_of_at[record_id] = self.where(f["part_of"])
        elif spec.kind == "place":
            self.check_place(node, f, values)
        elif spec.kind == "event":
            when = values["date"]
            if when and when.anchor and when.anchor == record_id:
                self.problem(f["date"], f"event {record_id!r} cannot be its own date anchor")
            if when is None:
                if self.unreadable(f, values, ("date",)):
                    return
                # No date, or date: null (schema 2): the source gives none.
                values["date"] = UNDATED
        if self.complete(spec, values):
            self.records[spec.kind][record_id] = spec.model(**values)

    def check_place(self, node: Any, f: dict[str, Any], values: dict[str, Any]) -> None:
        """Check coordinates set together and the parent (never the place itself)."""
        lat, lon, precision = values["lat"], values["lon"], values["coord_precision"]
        # A value already reported would make these follow-on errors.
        if not self.unreadable(f, values, ("lat", "lon", "coord_precision")):
            if (lat is None) != (lon is None):
                self.problem(node, "lat and lon must both be set or both be null")
            if (lat is None) != (precision is None):
                self.problem(node, "coord_precision must be set exactly when lat and lon are")
        place_id, parent = values["id"], values["parent"]
        if place_id and parent == place_id:
            self.problem(f["parent"], f"place {place_id!r} cannot be its own parent")
            values["parent"] = parent = None
        if place_id and values["name"] and parent:
            self.parent_at[place_id] = self.where(f["parent"])

    def read_date(self, node: Any, what: str, *, check_span: bool = True) -> DateSpan | None:
        """Read a date; CHECK_SPAN: its span must fit its precision."""
        spec = self.schema["date"]
        read = self.read_record(spec, node, what)
        if read is None:
            return None
        f, values = read
        start, end, precision = values["start"], values["end"], values["precision"]
        if start and end and start > end:
            self.problem(f["end"], f"{what} ends ({end}) before it starts ({start})")
            return None
        if not self.complete(spec, values) or self.unreadable(f, values, ("start", "end")):
            return None
        # Schema 2: a null bound is unknown; `unknown` says that both are.
        if start is None and end is None and precision != "unknown":
            self.problem(f["precision"], f"{what} has neither start nor end, so its precision "
                                         f"must be 'unknown', not {precision!r}")
            return None
        if precision == "unknown" and (start or end):
            self.problem(f["precision"], f"{what} precision 'unknown' is only for a date whose "
                                         f"start and end are both null")
            return None
        if start and end and check_span:
            span = (end - start).days + 1
            if span > MAX_SPAN_DAYS[precision]:
                self.problem(f["precision"], f"{what} spans {span} days, too long for "
                                             f"precision {precision!r} (at most "
                                             f"{MAX_SPAN_DAYS[precision]})")
        return DateSpan(**values)

    def read_figures(self, spec: Record, node: Any, what: str,
                     ) -> list[tuple[Any, dict[str, Any], dict[str, Any]]]:
        """Read a list of claims or quantities: (item node, field nodes, values) of the
        valid ones."""
        out = []
        for item in self.sequence(node, what):
            read = self.read_record(spec, item)
            if read is None:
                continue
            f, values = read
            # Bounds are checked even in an incomplete record: their problem is its own.
            in_order = self.check_bounds(spec, f, values)
            if not in_order or not self.complete(spec, values):
                continue
            out.append((item, f, values))
        return out

    def check_bounds(self, spec: Record, f: dict[str, Any], values: dict[str, Any]) -> bool:
        """Tell whether low, best and high are readable and in order (reporting which not)."""
        best = values.get("best")
        if self.unreadable(f, values, ("low", "high", "best") if "best" in values
                           else ("low", "high")):
            return False
        low, high = values["low"], values["high"]
        if low is not None and high is not None and low > high:
            self.problem(f["high"], f"{spec.label} low {low} is above high {high}")
            return False
        if best is not None and low is not None and best < low:
            self.problem(f["best"], f"{spec.label} best {best} is below low {low}")
            return False
        if best is not None and high is not None and best > high:
            self.problem(f["best"], f"{spec.label} best {best} is above high {high}")
            return False
        return True

    def read_claims(self, node: Any, what: str, event_id: str | None) -> tuple[Claim, ...]:
        """Read a list of claims: one per source, party and outcome (see claim_key)."""
        out: list[Claim] = []
        seen: dict[tuple[str | None, ...], int] = {}
        for item, f, values in self.read_figures(self.schema["claim"], node, what):
            if self.version >= 2 and not self.check_claim(item, f, values):
                continue
            key = claim_key(values)
            if key is not None and key in seen:
                self.problem(item, self.second_claim(values, seen[key]))
                continue
            if key is not None:
                seen[key] = self.where(item)[1]
            claim = Claim(**values, event=event_id)
            if claim.id is not None:
                self.claims[claim.id] = claim
            out.append(claim)
        return tuple(out)

    def second_claim(self, values: dict[str, Any], first: int) -> str:
        """Say that the claim VALUES repeats the one at line FIRST."""
        party, party_text = values["party"], values.get("party_text")
        who = repr(party_text) if party is None else repr(party)
        if party is not None and party_text is not None:
            who += f" ({party_text!r})"
        rule = "one claim per source, party and outcome"
        if self.version >= 2:
            rule = "one claim per source, party, party_text and outcome, unless it supersedes " \
                   "or is within another claim"
        return f"a second claim by {values['source']!r} for {who} {values['outcome']} " \
               f"(first at line {first}); {rule}"

    def check_claim(self, item: Any, f: dict[str, Any], values: dict[str, Any]) -> bool:
        """Check schema 2's claim rules: a party or party_text, and links to other claims."""
        if values["party"] is None and values["party_text"] is None:
            if not self.unreadable(f, values, ("party", "party_text")):
                self.problem(item, "a claim needs a party (an actor or side id), a party_text "
                                   "(the source's words), or both")
            return False
        claim_id, supersedes, within = values["id"], values["supersedes"], values["within"]
        for link, verb in (("supersedes", "supersede"), ("within", "be within")):
            target = values[link]
            if target is not None and target == claim_id:
                self.problem(f[link], f"claim {claim_id!r} cannot {verb} itself")
                values[link] = None
            elif target is not None and claim_id is not None:
                self.links_at[link, claim_id] = self.where(f[link])
        if values["supersedes"] is not None:
            self.superseded_at.setdefault(values["supersedes"], []).append((
                self.where(f["supersedes"]), tuple(values.get(k) for k in _SAME_FIGURE)))
        if supersedes is not None and supersedes == within:
            self.problem(f["within"], f"a claim cannot both supersede and be within "
                                      f"{within!r}")
            return False
        return True

    def read_quantities(self, node: Any, what: str, event_id: str | None,
                        ) -> tuple[Quantity, ...]:
        """Read a list of quantities."""
        return tuple(Quantity(**values, event=event_id)
                     for _, _, values in self.read_figures(self.schema["quantity"], node, what))

    def read_campaign(self, node: Any) -> None:
        """Read the campaign, which one file only may define."""
        if self.campaign_file is not None:
            self.problem(node, f"campaign is already defined in {self.campaign_file}")
            return
        self.campaign_file = self.file
        spec = self.schema["campaign"]
        read = self.read_record(spec, node)
        if read is not None and self.complete(spec, read[1]):
            self.campaign = Campaign(**read[1])

    # -- cross references ----------------------------------------------------------------

    def finish(self) -> Chronology:
        """Check the references between records; return the chronology."""
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
        actors, places = self.records["actor"], self.records["place"]
        for start, where in self.part_of_at.items():
            cycle = _cycle_through(start, actors, "part_of")
            if cycle:
                self.problems.append(Problem(*where, f"actor {start!r} is part of itself "
                                                     f"(part_of cycle through {cycle!r})"))
        for start, where in self.parent_at.items():
            cycle = _cycle_through(start, places, "parent")
            if cycle:
                self.problems.append(Problem(*where, f"place {start!r} is inside itself "
                                                     f"(parent cycle through {cycle!r})"))
        for (link, start), where in self.links_at.items():
            circle = _circle_from(start, self.claims, link)
            if circle:
                verb = "supersedes" if link == "supersedes" else "is within"
                self.problems.append(Problem(*where, (
                    f"claim {start!r} {verb} itself, through {' -> '.join(circle)}: "
                    f"{link} must not go round in a circle")))
        for target, updates in self.superseded_at.items():
            for where, _ in updates[1:]:
                self.problems.append(Problem(*where, (
                    f"claim {target!r} is already superseded (at line {updates[0][0][1]}): a "
                    f"figure has one latest update, so let this claim supersede that update")))
            earlier = self.claims.get(target)
            for where, about in updates:
                differ = [k for k, mine in zip(_SAME_FIGURE, about, strict=True)
                          if earlier is not None and getattr(earlier, k) != mine]
                if differ:
                    self.problems.append(Problem(*where, (
                        f"this claim supersedes {target!r} but differs from it in "
                        f"{', '.join(differ)}: an update replaces the same source's figure "
                        f"for the same party and outcome (a part of a figure is 'within')")))
        vocabulary = {name: tuple(words) for name, words in self.words.items() if words}
        for value, where, what, field in self.open_choices:
            allowed = field.vocabulary + vocabulary.get(field.extends, ())
            if value not in allowed:
                self.problems.append(Problem(*where, f"unknown {what} {value!r} (expected one "
                                                     f"of: {', '.join(allowed)})"))
        from qalamoun_cli.store import in_display_order

        events = in_display_order(self.records["event"].values())
        chronology = Chronology(self.records["side"], actors, self.records["source"], places,
                                events, self.campaign, vocabulary=vocabulary)
        if self.prepared:
            # By position, as the compile writes them: a list and the events it is for
            # hold about half of what a dict of (event, words) held, which took 400,000
            # events' first run over its memory goal.
            get = self.prepared.get
            chronology.prepared = (tuple(events), [get(e.id) for e in events])
            self.prepared.clear()
        # Where each id is declared, for an id that another dataset has too (readers.py).
        id_at, campaign_file = self.id_at, self.campaign_file

        def declared_at(kind: str, value: str) -> tuple[str, int] | None:
            if kind == "campaign":
                return None if campaign_file is None else (campaign_file, 0)
            at = id_at.get(("party" if kind in ("side", "actor") else kind, value))
            return None if at is None else (at.rsplit(":", 1)[0], int(at.rsplit(":", 1)[1]))

        chronology.declared_at = declared_at
        return chronology


def claim_key(values: dict[str, Any]) -> tuple[str | None, ...] | None:
    """Return what may appear once per event (or campaign) among its claims, or None.

    A claim that supersedes another (a later toll) or is within one (a part of a larger
    figure) says how it relates to it, so it is never a repeat; the others are one per
    source, party, party_text and outcome.
    """
    if values.get("supersedes") is not None or values.get("within") is not None:
        return None
    return (values["source"], values["party"], values.get("party_text"), values["outcome"])


# What an update must share with the figure it supersedes.
_SAME_FIGURE = ("source", "party", "party_text", "outcome")


def _circle_from(start: str, records: dict[str, Any], link: str) -> list[str] | None:
    """Return the ids from START along LINK back to START, or None if it never comes back."""
    path, current = [start], getattr(records[start], link) if start in records else None
    while current in records and current not in path:
        path.append(current)
        current = getattr(records[current], link)
    return [*path, start] if current == start else None


def _cycle_through(start: str, records: dict[str, Any], link: str) -> str | None:
    """Return the id where following LINK from START comes back on itself, or None."""
    seen = {start}
    current = getattr(records[start], link) if start in records else None
    while current in records:
        if current in seen:
            return current
        seen.add(current)
        current = getattr(records[current], link)
    return None


# Everything a Builder holds: a part's reading is merged by absorb() only when it holds
# nothing else (a new attribute makes large files be read in one process until absorb()
# knows it, tests/test_load_parallel.py).
_BUILDER_STATE = frozenset({
    "problems", "file", "seen_nodes", "records", "campaign", "campaign_file", "id_at",
    "refs", "parent_at", "part_of_at", "declared", "plans", "names", "version", "schema",
    "words", "open_choices", "claims", "links_at", "superseded_at", "split",
    "split_file", "prepared", "prepare"})


def _read_part(connection: Any, name: str, source: bytes, whole: bool,
               split: parallel.Split, k: int, version: int,
               declared: dict[str, set[str]], prepare: bool) -> None:
    """Read part K of a cut events list in this process (SOURCE: the file's bytes, WHOLE,
    or the part's text) and send what it adds, then its events in batches (each with its
    words to search, compiled.made_in_part, if PREPARE) and an empty message (nothing
    when it is not proved right: the file is then read in one process)."""
    import gc
    import marshal
    import signal

    from qalamoun_cli.compiled import made_in_part

    try:
        # The first process answers an interrupt (and ends this one).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        gc.disable()
        builder = Builder()
        builder.start_file(name)
        builder.version, builder.schema = version, schema.VERSIONS[version]
        builder.declared = {kind: set(ids) for kind, ids in declared.items()}
        text = parallel.part_text(source, split, k) if whole else source
        proof = split.lines[k] if k < len(split.starts) else None
        rest = builder.part_result(declared) if builder.read_part(
            text, split.lines[k - 1], proof, split.indent) else None
        if rest is not None:
            connection.send_bytes(rest)
            events = list(builder.records["event"].values())
            builder.records["event"].clear()
            for at in range(0, len(events), 5000):
                batch = events[at:at + 5000]
                words = [made_in_part(e) for e in batch] if prepare else None
                connection.send_bytes(marshal.dumps((parallel.encode_events(batch), words)))
            connection.send_bytes(b"")
        connection.close()
    finally:
        # Never the interpreter's exit: a forked copy would flush the first process's
        # buffered output and run its exit handlers.
        os._exit(0)
