"""The strict YAML layer: decode, compose, and check each node against what is expected.

The YAML is composed into nodes, never constructed: every scalar is checked against what the
schema expects at that place, so YAML 1.1 surprises (``NO`` read as false, ``010`` as 8,
``12:30`` as 750) become errors with a position instead of silently altered data. Anchors
and aliases are refused, duplicate keys are reported, and every problem is collected so that
``qalamoun validate`` can list them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from qalamoun_cli.errors import Problem

TAG = "tag:yaml.org,2002:"
_STR = TAG + "str"
MAX_INT = 10**12
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_INT = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# An integer with thousands separators (4,000), and what is left of one in a flow mapping
# ({low: 4,000}), where each comma starts a new key: the groups after the first.
_GROUPED_INT = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+\Z")
_INT_GROUP = re.compile(r"[0-9]{3}\Z")
# What YAML 1.2 (core schema) reads as a number, though PyYAML's YAML 1.1 reads it as text.
_YAML12_NUMBER = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z"
    r"|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z")
# YAML 1.1 booleans that PyYAML leaves as text but other YAML 1.1 tools read as true/false.
_YAML11_SHORT_BOOLS = frozenset({"y", "Y", "n", "N"})
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


MISSING = _Missing()


def decode(name: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """Decode RAW as UTF-8 (a BOM allowed), or say where the first bad byte is."""
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



UTF8_PIECE = 1 << 20  # bytes checked at a time by utf8_problem


def utf8_problem(name: str, raw: bytes) -> Problem | None:
    """Say where RAW is not UTF-8 (None if it is), without holding a decoded copy of a
    large file (a piece at a time; decode finds the place only when there is one)."""
    import codecs

    check = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    step = UTF8_PIECE
    try:
        for start in range(0, len(view), step):
            check.decode(view[start:start + step])
        check.decode(b"", final=True)
    except UnicodeDecodeError:
        return decode(name, raw)[1]
    return None


# Characters YAML 1.1 (PyYAML) reads as line breaks, but editors, grep and YAML 1.2 do not:
# left in, every line after one is numbered wrongly, and one in a quoted text becomes a
# space. Written as an escape ("\x85") they are text, and read as such.
OTHER_BREAKS = {b"\xc2\x85": "U+0085 (NEXT LINE)", b"\xe2\x80\xa8": "U+2028 (LINE SEPARATOR)",
                 b"\xe2\x80\xa9": "U+2029 (PARAGRAPH SEPARATOR)"}


def break_problem(name: str, raw: bytes) -> Problem | None:
    """Say where RAW (UTF-8) first has a character that YAML reads as a line break
    besides \\n and \\r (None if it has none)."""
    found = [(at, raw_char) for raw_char in OTHER_BREAKS
             if (at := raw.find(raw_char)) >= 0]
    if not found:
        return None
    at, raw_char = min(found)
    line_start = raw.rfind(b"\n", 0, at) + 1
    column = len(raw[line_start:at].decode("utf-8")) + 1
    if line_start == 0 and raw.startswith(b"\xef\xbb\xbf"):
        column -= 1  # the BOM is not a column
    return Problem(name, raw.count(b"\n", 0, at) + 1, column,
                   f"character {OTHER_BREAKS[raw_char]} is read by YAML as a line break; "
                   f"remove it, or write it as an escape in double quotes if it is meant")


def compose(name: str, text: str) -> tuple[Any, Problem | None]:
    """Compose TEXT into one YAML node tree (None for an empty file), or say why not."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        return loader.get_single_node(), None
    except (yaml.YAMLError, RecursionError) as exc:
        return None, yaml_problem(name, text, exc)
    finally:
        loader.dispose()


def yaml_problem(name: str, text: str, exc: Exception) -> Problem:
    """Say where and why TEXT is not YAML, from the error its parser raised."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        plain = _plain_words(text, mark, exc.problem or "")
        if plain is not None:
            return Problem(name, line, plain[0], plain[1])
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark and exc.problem_mark:
            message = f"{exc.problem} ({exc.context} at {exc.context_mark.line + 1}:" \
                      f"{exc.context_mark.column + 1})"
        return Problem(name, line, column, f"YAML syntax: {message}")
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        return Problem(name, line, column, f"YAML: character U+{exc.character:04X} is "
                                           f"not allowed in YAML")
    if isinstance(exc, RecursionError):
        return Problem(name, 0, 0, "YAML: nesting is too deep")
    return Problem(name, 0, 0, f"YAML: {' '.join(str(exc).split())}")


class Scalar:
    """A scalar node, as the C composer makes it (its attributes only, made faster)."""

    __slots__ = ("tag", "value", "start_mark", "end_mark", "style")
    id = "scalar"

    def __init__(self, tag: str, value: str, start_mark: Any, end_mark: Any, style: str) -> None:
        self.tag, self.value, self.style = tag, value, style
        self.start_mark, self.end_mark = start_mark, end_mark


class Collection:
    """A sequence or mapping node (ID says which); a mapping's VALUE holds (key, value) pairs."""

    __slots__ = ("id", "tag", "value", "start_mark", "end_mark", "flow_style")

    def __init__(self, kind: str, tag: str, start_mark: Any, flow_style: bool) -> None:
        self.id, self.tag, self.value, self.flow_style = kind, tag, [], flow_style
        self.start_mark = self.end_mark = start_mark


# Nodes with an anchor: the only ones an alias can make the reader meet twice, so the only
# ones NodeReader.claim_node tracks (a streamed Scalar or Collection is read once).
class AnchoredScalar(Scalar):
    """A scalar node with an anchor."""

    __slots__ = ()


class AnchoredCollection(Collection):
    """A sequence or mapping node with an anchor."""

    __slots__ = ()


class Events:
    """Compose the nodes of a YAML stream one at a time from the C parser's events.

    Only what is being read is held, never the whole document. The nodes have the
    attributes, tags and marks that the C composer gives. Anchors and aliases are composed
    as it composes them (an alias is the anchored node itself; an unknown alias or a
    repeated anchor is its error): only anchored nodes are kept for the file's end. YAML
    errors are raised as the parser and the C composer raise them (yaml_problem says them).
    """

    def __init__(self, raw: bytes, reuse: dict[str, Any] | None = None) -> None:
        """Read RAW; REUSE: anchored nodes an earlier pass made, to be the same objects."""
        import io

        import yaml

        loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        stream = io.BytesIO(raw)  # shares RAW's bytes: no copy of a large file
        if raw.startswith(b"\xef\xbb\xbf"):
            stream.seek(3)  # as decode() drops it, so that every mark is the same
        self.loader = loader_class(stream)
        self.next = self.loader.get_event
        resolver = self.loader.resolve
        self.resolve_scalar = lambda value, implicit: resolver(yaml.ScalarNode, value, implicit)
        self.default = {"sequence": resolver(yaml.SequenceNode, None, True),
                        "mapping": resolver(yaml.MappingNode, None, True)}
        self.kinds = {yaml.SequenceStartEvent: "sequence", yaml.MappingStartEvent: "mapping"}
        self.ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
        self.scalar_event = yaml.ScalarEvent
        self.stream_end = yaml.StreamEndEvent
        self.composer_error = yaml.composer.ComposerError
        # Plain scalars repeat (ids, words, numbers): resolve each distinct one once.
        self.tags: dict[str, str] = {}
        # A quoted scalar's tag does not depend on its value (only a plain one's does).
        self.quoted = self.resolve_scalar("", (False, True))
        self.anchors: dict[str, Any] = {}
        self.reuse = reuse if reuse is not None else {}

    def close(self) -> None:
        """Free the parser."""
        self.loader.dispose()

    def scalar(self, event: Any) -> Scalar:
        """Return the node of the scalar EVENT."""
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value
            if event.implicit[0]:
                tag = self.tags.get(value)
                if tag is None:
                    if len(self.tags) > 100_000:
                        self.tags.clear()
                    tag = self.tags[value] = self.resolve_scalar(value, event.implicit)
            else:
                tag = self.resolve_scalar(value, event.implicit)
        if event.anchor is None:
            return Scalar(tag, event.value, event.start_mark, event.end_mark, event.style)
        node = self.reuse.get(event.anchor)
        if type(node) is not AnchoredScalar:  # none, or an anchor given twice (see shell)
            node = AnchoredScalar(tag, event.value, event.start_mark, event.end_mark,
                                  event.style)
        return self.anchored(event, node)

    def shell(self, event: Any, name: str) -> Collection:
        """Return an empty node for the NAME (sequence, mapping) that EVENT starts."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.default[name]
        if event.anchor is None:
            return Collection(name, tag, event.start_mark, event.flow_style)
        node = self.reuse.get(event.anchor)
        # Reused only as what it was: an anchor given twice (on a scalar, then on a list)
        # is met again here, and must reach anchored() to be refused, not be emptied.
        if type(node) is AnchoredCollection and node.id == name:
            del node.value[:]  # composed again from the same text, as it was
        else:
            node = AnchoredCollection(name, tag, event.start_mark, event.flow_style)
        return self.anchored(event, node)

    def anchored(self, event: Any, node: Any) -> Any:
        """Keep NODE under EVENT's anchor, refusing an anchor given twice as the C composer."""
        first = self.anchors.get(event.anchor)
        if first is not None:
            raise self.composer_error("found duplicate anchor; first occurrence",
                                      first.start_mark, "second occurrence", event.start_mark)
        self.anchors[event.anchor] = node
        return node

    def alias(self, event: Any) -> Any:
        """Return the node the alias EVENT names, refusing an unknown one as the C composer."""
        node = self.anchors.get(event.anchor)
        if node is None:
            raise self.composer_error(None, None, "found undefined alias", event.start_mark)
        return node

    def node(self, event: Any) -> Any:
        """Compose the node that starts with EVENT (read on to its end)."""
        # Without recursion, as the reader that calls this: the enclosing collections, each
        # with its key waiting for a value (IN_LIST in a sequence).
        open_nodes: list[tuple[Any, Any]] = []
        shell: Any = None
        key: Any = _IN_LIST
        scalar_event, kinds, ends, scalar = self.scalar_event, self.kinds, self.ends, self.scalar
        next_event, tags, quoted = self.next, self.tags, self.quoted
        while True:
            kind = type(event)
            if kind is scalar_event:
                # The commonest scalar, untagged, unanchored, its tag known, made here; any
                # other by scalar().
                tag = None
                if event.tag is None and event.anchor is None:
                    tag = tags.get(event.value) if event.implicit[0] else quoted
                node = scalar(event) if tag is None else \
                    Scalar(tag, event.value, event.start_mark, event.end_mark, event.style)
            elif kind in ends:
                node = shell
                node.end_mark = event.end_mark
                shell, key = open_nodes.pop()
            elif kind in kinds:
                open_nodes.append((shell, key))
                shell = self.shell(event, kinds[kind])
                key = _IN_LIST if shell.id == "sequence" else None
                event = next_event()
                continue
            else:
                node = self.alias(event)
            if shell is None:
                return node
            if key is _IN_LIST:
                shell.value.append(node)
            elif key is None:
                key = node
            else:
                shell.value.append((key, node))
                key = None
            event = next_event()

    def start(self) -> Any:
        """Return the first event of the document's root node (None for an empty stream)."""
        self.next()  # the stream's start
        event = self.next()
        if type(event) is self.stream_end:
            return None
        return self.next()

    def open(self, event: Any, name: str) -> Collection | None:
        """Return an empty node for the NAME (sequence, mapping) that EVENT starts, or None.

        What the node holds is read next, by items() or by the caller.
        """
        if self.kinds.get(type(event)) != name:
            return None
        return self.shell(event, name)

    def items(self, shell: Collection) -> Iterator[Any]:
        """Compose the items of the list SHELL one at a time, up to its end."""
        event = self.next()
        while type(event) not in self.ends:
            yield self.node(event)
            event = self.next()
        shell.end_mark = event.end_mark

    def skip(self, event: Any, *, shells: bool = False) -> None:
        """Read past the node that starts with EVENT, composing only anchored nodes.

        An alias may read an anchored node later, so those are kept whole (SHELLS: only
        their kind, tag and position, for a pass that reads nothing but the version).
        """
        depth = 0
        scalar_event, kinds, ends = self.scalar_event, self.kinds, self.ends
        while True:
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None:
                    self.scalar(event)
            elif kind in kinds:
                if event.anchor is not None and not shells:
                    self.node(event)
                else:
                    if event.anchor is not None:
                        self.shell(event, kinds[kind])
                    depth += 1
            elif kind in ends:
                depth -= 1
            else:
                self.alias(event)
            if depth == 0:
                return
            event = self.next()

    def end(self, root: Any) -> None:
        """Read the end of the document that ROOT began; refuse a second document."""
        self.next()  # the document's end
        event = self.next()
        if type(event) is not self.stream_end:
            raise self.composer_error("expected a single document in the stream",
                                      root.start_mark, "but found another document",
                                      event.start_mark)


_IN_LIST = object()  # the key of a value in a sequence: there is none


def _plain_words(text: str, mark: Any, problem: str) -> tuple[int, str] | None:
    """Return the column and a plain sentence for two common slips, or None.

    A tab that indents a line, and a colon and space inside an unquoted value, make YAML
    errors that say nothing to someone who does not know YAML.
    """
    if mark is None:
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent:
        return indent.index("\t") + 1, ("this line is indented with a tab, but YAML allows "
                                        "only spaces for indentation; replace the tab with "
                                        "spaces")
    if line[mark.column:mark.column + 1] != ":":
        return None
    if "mapping values are not allowed" in problem:
        key = line.lstrip(" -").split(":", 1)[0].strip()
    elif "expected ',' or '}'" in problem:  # the C and the Python parser's wording
        # In { }, the key is the last one before the value that holds the colon.
        before = line[:mark.column]
        key = before[:before.rfind(": ")].replace("{", ",").split(",")[-1].strip()
    else:
        return None
    return mark.column + 1, (f"the value of {key!r} contains a colon followed by a space, "
                             f"which YAML reads as the start of another key; put the "
                             f"whole value in quotes (\"...\")")


def is_null(node: Any) -> bool:
    """Tell whether NODE is a plain null (``null``, ``~`` or nothing), not a quoted one."""
    return node.id == "scalar" and node.tag == TAG + "null" and not node.style


def node_kind(node: Any) -> str:
    """Describe NODE for a message: a mapping, a list, null, or its value."""
    if node.id == "mapping":
        return "a mapping"
    if node.id == "sequence":
        return "a list"
    if node.tag == TAG + "null":
        return "null"
    return f"{node.value!r}"


def _separated_integers(node: Any) -> dict[int, tuple | None]:
    """Find integers written with separators in a flow mapping ({low: 4,000}).

    YAML reads `low: 4,000` there as `low: 4` and a key `000` (and `as_reported: the 1,800`
    as `the 1` and a key `800`): returns, by the id of each
    such key node, the problem to report once (value node, field, message) or None, and
    by the id of the field's key (`low`), the empty tuple: its value is not to be read.
    """
    found: dict[int, tuple | None] = {}
    entries = node.value
    # Only a key of digits can be such a group: most mappings have none.
    if not any(key.id == "scalar" and key.value.isdigit() for key, _ in entries):
        return found
    i = 0
    while i < len(entries):
        key_node, value_node = entries[i]
        run = []
        end = value_node.end_mark.index
        while i + 1 + len(run) < len(entries):
            group, empty = entries[i + 1 + len(run)]
            if not (group.id == "scalar" and not group.style and _INT_GROUP.match(group.value)
                    and is_null(empty) and not empty.value
                    and 0 < group.start_mark.index - end <= 2):
                break
            run.append(group)
            end = group.end_mark.index
        if run and key_node.id == "scalar" and key_node.tag == TAG + "str" \
                and value_node.id == "scalar" and not value_node.style:
            digits = [value_node.value, *(g.value for g in run)]
            if _INT.match(value_node.value):
                problem = (value_node, key_node.value, "write integers without separators "
                           f"({''.join(digits)}, not {','.join(digits)})")
            else:  # {as_reported: 140 among the 1,800}
                problem = (value_node, key_node.value, "a comma inside { } ends the value; "
                           "put the whole value in quotes")
            found[id(key_node)] = ()
            found[id(run[0])] = problem
            found.update((id(g), None) for g in run[1:])
        i += 1 + len(run)
    return found


class NodeReader:
    """Check the nodes of one file at a time, collecting problems with their position."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.file = ""
        self.seen_nodes: set[int] = set()

    def start_file(self, name: str) -> None:
        """Report the problems that follow against NAME."""
        self.file = name
        # Node identities are only meaningful while this file's nodes are alive.
        self.seen_nodes = set()

    # -- reporting -----------------------------------------------------------------------

    def where(self, node: Any) -> tuple[str, int, int]:
        """Return NODE's file, line and column (1-based; 0, 0 when it has no position)."""
        mark = getattr(node, "start_mark", None)
        if mark is None:
            return (self.file, 0, 0)
        return (self.file, mark.line + 1, mark.column + 1)

    def problem(self, node: Any, message: str) -> None:
        """Report MESSAGE at NODE's position."""
        file, line, column = self.where(node)
        self.problems.append(Problem(file, line, column, message))

    # -- structure -----------------------------------------------------------------------

    def claim_node(self, node: Any) -> bool:
        """Return False (and report) when NODE was already read: an alias."""
        kind = type(node)
        if kind is Scalar or kind is Collection:
            return True  # streamed without an anchor: no alias can name it
        if node is MISSING:
            return False
        if id(node) in self.seen_nodes:
            self.problem(node, "anchors and aliases (&name, *name) are not allowed: the value "
                               "anchored here is used again")
            return False
        self.seen_nodes.add(id(node))
        return True

    def mapping(self, node: Any, what: str) -> dict[str, tuple[Any, Any]] | None:
        """Return a mapping's (key node, value node) by key, reporting bad and repeated keys."""
        if not self.claim_node(node):
            return None
        if node.id != "mapping":
            self.problem(node, f"{what} must be a mapping (key: value), not {node_kind(node)}")
            return None
        if node.tag != TAG + "map":
            self.problem(node, f"{what}: YAML tags such as {node.tag!r} are not allowed")
            return None
        out: dict[str, tuple[Any, Any]] = {}
        grouped = _separated_integers(node) if node.flow_style else {}
        for key_node, value_node in node.value:
            message = grouped.get(id(key_node))
            if message == ():
                # Reported with the key that follows: the field is read as given wrongly.
                self.claim_node(value_node)
                value_node = MISSING
            elif id(key_node) in grouped:
                if message:
                    self.problem(message[0], f"{message[1]} in {what}: {message[2]}")
                continue
            key = self.key_name(key_node, what)
            if key is None:
                continue
            if key in out:
                self.repeated(key_node, out[key][0], what)
                continue
            out[key] = (key_node, value_node)
        return out

    def key_name(self, key_node: Any, what: str) -> str | None:
        """Return a mapping key's name, or None (reporting it) when it is not a name."""
        if key_node.id != "scalar" or key_node.tag != TAG + "str":
            if key_node.id == "scalar" and key_node.tag == TAG + "merge":
                self.problem(key_node, "merge keys (<<) are not allowed")
            else:
                self.problem(key_node, f"keys in {what} must be names, "
                                       f"not {node_kind(key_node)}")
            return None
        return key_node.value

    def repeated(self, key_node: Any, first: Any, what: str) -> None:
        """Report KEY_NODE, a key of WHAT already given at the key node FIRST."""
        self.problem(key_node, f"duplicate key {key_node.value!r} in {what} "
                               f"(first at line {first.start_mark.line + 1})")

    def sequence(self, node: Any, what: str) -> list[Any]:
        """Return a list's item nodes (none for null), reporting anything else."""
        if not self.claim_node(node):
            return []
        if node.id != "sequence":
            if node.id == "scalar" and node.tag == TAG + "null":
                return []
            self.problem(node, f"{what} must be a list, not {node_kind(node)}")
            return []
        if not self.list_tag(node, what):
            return []
        return list(node.value)

    def list_tag(self, node: Any, what: str) -> bool:
        """Tell whether the list NODE has the standard tag, reporting any other."""
        if node.tag != TAG + "seq":
            self.problem(node, f"{what}: YAML tags such as {node.tag!r} are not allowed")
            return False
        return True

    def scalar(self, node: Any, what: str) -> Any | None:
        """Return NODE if it is a scalar with a standard tag, else report and return None."""
        if not self.claim_node(node):
            return None
        if node.id != "scalar":
            self.problem(node, f"{what} must be a single value, not {node_kind(node)}")
            return None
        kind = node.tag[len(TAG):] if node.tag.startswith(TAG) else None
        if kind not in ("str", "int", "float", "bool", "null", "timestamp"):
            self.problem(node, f"{what}: YAML tags such as {node.tag!r} are not allowed")
            return None
        return node

    def present(self, node: Any, what: str, optional: bool) -> Any | None:
        """Return a scalar node that holds a value, or None (reporting a required null)."""
        node = self.scalar(node, what)
        if node is None:
            return None
        if node.tag == TAG + "null" and not node.style:
            if not optional:
                self.problem(node, f"{what} is required (got null)")
            return None
        return node

    # -- values --------------------------------------------------------------------------

    def text(self, node: Any, what: str, *, optional: bool = False) -> str | None:
        """Return a non-blank text, refusing plain scalars that some YAML reads otherwise."""
        if type(node) is Scalar and node.tag == _STR:
            # The commonest case, read without the calls below (which would pass it): a
            # text, quoted or plain and not like a boolean or a number, in a node read once.
            value = node.value
            if value.strip() and (node.style or (value not in _YAML11_SHORT_BOOLS
                                                 and not _YAML12_NUMBER.match(value))):
                return value
        node = self.present(node, what, optional)
        if node is None:
            return None
        if node.tag != TAG + "str":
            reads = _YAML11_READS_AS.get(node.tag[len(TAG):], node.tag)
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
        """Return a whole number written in plain decimal, at most MAX_INT."""
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
        if not node.style and _GROUPED_INT.match(node.value):
            self.problem(node, f"{what}: write integers without separators "
                               f"({node.value.replace(',', '')}, not {node.value})")
            return None
        self.problem(node, f"{what} must be a whole number written in plain decimal "
                           f"(like 36), not {node.value!r}")
        return None

    def number(self, node: Any, what: str) -> float | None:
        """Return a plain decimal number, or None for null."""
        node = self.scalar(node, what)
        if node is None or (node.tag == TAG + "null" and not node.style):
            return None
        if not node.style and _FLOAT.match(node.value):
            return float(node.value)
        self.problem(node, f"{what} must be a decimal number (like 34.17944), not {node.value!r}")
        return None

    def day(self, node: Any, what: str) -> date | None:
        """Return a day of the calendar written YYYY-MM-DD."""
        node = self.scalar(node, what)
        if node is None:
            return None
        value = node.value
        if node.tag not in (TAG + "timestamp", TAG + "str") or not _ISO_DATE.match(value):
            self.problem(node, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(node, f"{what}: {value} is not a day in the calendar")
            return None

    def identifier(self, node: Any, what: str) -> str | None:
        """Return a lowercase slug (letters, digits, single hyphens)."""
        value = self.text(node, what)
        if value is not None and not _ID.match(value):
            self.problem(node, f"{what} {value!r} must be a lowercase slug "
                               f"(letters, digits, single hyphens)")
            return None
        return value

    def texts(self, node: Any | None, what: str) -> tuple[str, ...]:
        """Return the texts of a list (none when NODE is absent), dropping the bad ones."""
        if node is None:
            return ()
        out = []
        for item in self.sequence(node, what):
            value = self.text(item, f"an item of {what}")
            if value is not None:
                out.append(value)
        return tuple(out)

    def choice(self, node: Any, what: str, allowed: Iterable[str], *,
               optional: bool = False) -> str | None:
        """Return a text that is one of ALLOWED."""
        value = self.text(node, what, optional=optional)
        allowed = tuple(allowed)
        if value is not None and value not in allowed:
            self.problem(node, f"unknown {what} {value!r} (expected one of: {', '.join(allowed)})")
            return None
        return value
