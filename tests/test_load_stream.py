"""The streaming loader reads exactly what the whole-document loader reads.

check_files reads each file one top-level item at a time from the YAML event stream;
check_whole_files composes each file whole first, as the loader always did. Both must give
the same chronology and the same problems, messages and positions, on every file the
project ships and on damaged versions of them.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.load.build import check_files, check_whole_files

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted([*(ROOT / "tests" / "fixtures").glob("*.yaml"), *(ROOT / "data").glob("*.yaml"),
                  *(ROOT / "examples").glob("*.yaml")])
EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]


def contents(files: list[tuple[str, bytes]]) -> tuple:
    """Load FILES with CHECK; return the chronology's records and the problems, as text."""
    def read(check) -> tuple:
        chronology, problems = check(files)
        return (chronology.sides, chronology.actors, chronology.sources, chronology.places,
                list(chronology.events), chronology.campaign, chronology.vocabulary,
                [str(p) for p in problems])

    return read(check_files), read(check_whole_files)


def assert_same(*texts: str) -> tuple:
    """Assert that both loaders read the files TEXTS (f0.yaml, ...) alike; return it."""
    files = [(f"f{i}.yaml", text.encode("utf-8")) for i, text in enumerate(texts)]
    streamed, whole = contents(files)
    assert streamed == whole
    return streamed


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_file_reads_the_same(path):
    streamed, whole = contents([(str(path), path.read_bytes())])
    assert streamed == whole


def test_the_shipped_dataset_reads_the_same_as_one():
    files = [(str(p), p.read_bytes()) for p in sorted((ROOT / "data").glob("*.yaml"))]
    streamed, whole = contents(files)
    assert streamed == whole
    assert streamed[-1] == []
    assert len(streamed[4]) > 100


EVENT = "  - {id: e%d, date: {text: d, start: 2015-05-13, end: 2015-05-13, precision: day}, " \
        "section: s, type: capture, places: [p], actors: [], sources: [src], summary: x}\n"
HEAD = ("schema_version: 1\nsides: []\nactors: []\n"
        "sources:\n  - {id: src, name: S, kind: monitor}\nplaces:\n  - {id: p, name: P}\nevents:\n")


@pytest.mark.parametrize(("text", "expected"), [
    # A YAML error after the first records: the file gives that one problem, nothing else.
    (HEAD + EVENT % 1 + EVENT % 2 + "  - {id: e3\n",
     ["f0.yaml:12:1: YAML syntax: did not find expected ',' or '}' (while parsing a flow "
      "mapping at 11:5)"]),
    (HEAD + EVENT % 1 + "---\nschema_version: 1\n",
     ["f0.yaml:10:1: YAML syntax: but found another document (expected a single document in "
      "the stream at 1:1)"]),
    # An alias after the first records: refused where the anchored value is read again.
    (HEAD + "  - &a " + EVENT[4:] % 1 + "  - *a\n",
     ["f0.yaml:9:5: anchors and aliases (&name, *name) are not allowed: the value anchored "
      "here is used again"]),
    # Aliases are composed as the C composer does: one that names nothing, an anchor given
    # twice, an alias to a section or to the whole file, an anchor in a skipped section.
    (HEAD + EVENT % 1 + "  - *a\n",
     ["f0.yaml:10:5: YAML syntax: found undefined alias"]),
    (HEAD + "  - &a " + EVENT[4:] % 1 + "  - &a " + EVENT[4:] % 2,
     ["f0.yaml:10:5: YAML syntax: second occurrence (found duplicate anchor; first "
      "occurrence at 9:5)"]),
    (HEAD.replace("places:", "places: &p") + EVENT % 1 + "campaign: *p\n",
     ["f0.yaml:6:9: anchors and aliases (&name, *name) are not allowed: the value anchored "
      "here is used again"]),
    ("&r\n" + HEAD + "  - *r\n",
     ["f0.yaml:1:1: anchors and aliases (&name, *name) are not allowed: the value anchored "
      "here is used again"]),
    ("notes: &n {id: e1, summary: x}\n" + HEAD + "  - *n\n",
     ["f0.yaml:1:1: unknown section 'notes' (expected one of: sides, actors, sources, "
      "places, events, campaign)",
      "f0.yaml:1:8: an event is missing 'date', 'section', 'type'"]),
    # An alias in a version given late names the node that the reading pass meets.
    (HEAD.replace("schema_version: 1\n", "").replace("name: P}", "name: &v P}")
     + "schema_version: *v\n",
     ["f0.yaml:6:19: anchors and aliases (&name, *name) are not allowed: the value anchored "
      "here is used again",
      "f0.yaml:6:19: schema_version must be a whole number written in plain decimal (like "
      "36), not 'P'"]),
    # The version after the sections still rules how they are read.
    (HEAD.replace("schema_version: 1\n", "") + "  - {id: e1, summary: x}\nschema_version: 2\n",
     []),
    (HEAD.replace("schema_version: 1\n", "") + "  - {id: e1, summary: x}\nschema_version: 1\n",
     ["f0.yaml:8:5: an event is missing 'date', 'section', 'type'"]),
    (HEAD + EVENT % 1 + "schema_version: 2\nevents: []\n",
     ["f0.yaml:10:1: duplicate key 'schema_version' in the file (first at line 1)",
      "f0.yaml:11:1: duplicate key 'events' in the file (first at line 8)"]),
])
def test_what_shows_late_in_a_file_is_read_as_in_the_whole_file(text, expected):
    assert assert_same(text)[-1] == expected


def test_a_late_error_in_one_file_leaves_the_other_files_read():
    broken = HEAD.replace("events:\n", "") + "events:\n" + EVENT % 2 + "  - [\n"
    read = assert_same(HEAD + EVENT % 1, broken.replace("id: src", "id: src2")
                       .replace("id: p,", "id: p2,"))
    assert [e.id for e in read[4]] == ["e1"]
    assert read[-1] == ["f1.yaml:11:1: YAML syntax: did not find expected node content "
                        "(while parsing a flow node at 11:1)"]


def lines_changed(text: str, data: st.DataObject) -> str:
    """Damage TEXT in one to three ways that a person editing YAML might."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        how = data.draw(st.sampled_from([
            "delete", "duplicate", "scalar", "anchor", "alias", "tab", "indent", "dedent",
            "swap", "version"]))
        if how == "delete":
            del lines[at]
        elif how == "duplicate":
            lines.insert(at, line)
        elif how == "scalar" and ": " in line:
            value = data.draw(st.sampled_from([
                "NO", "010", "'010'", "12:30", "", "null", "~", "4,000", "[a]", "{a: 1}",
                "2015-02-30", "\"x: y\"", "x: y", "!!str x", "!x y", "-1", "1e3", "'yes'"]))
            lines[at] = line.split(": ", 1)[0] + ": " + value
        elif how == "anchor" and ": " in line:
            key, value = line.split(": ", 1)
            lines[at] = f"{key}: &a {value}"
        elif how == "alias" and ": " in line:
            lines[at] = line.split(": ", 1)[0] + ": *a"
        elif how == "tab":
            lines[at] = "\t" + line
        elif how == "indent":
            lines[at] = " " + line
        elif how == "dedent":
            lines[at] = line[1:]
        elif how == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], line
        elif how == "version":
            move_version(lines, at)
    return "\n".join(lines)


def move_version(lines: list[str], at: int) -> None:
    """Move the schema_version line of LINES to AT (-1: the end), if there is one."""
    version = next((i for i, v in enumerate(lines) if v.startswith("schema_version")), None)
    if version is not None:
        line = lines.pop(version)
        if at == -1:
            lines.append(line)
        else:
            lines.insert(at, line)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(EXAMPLES), st.data())
def test_damaged_examples_read_the_same(text, data):
    assert_same(lines_changed(text, data))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(EXAMPLES), st.sampled_from(EXAMPLES), st.data())
def test_a_damaged_file_among_others_reads_the_same(first, second, data):
    assert_same(first, lines_changed(second, data))


def anchored(text: str, data: st.DataObject) -> str:
    """Put anchors (&a, &b) and aliases (*a, *b) on some of TEXT's values and items."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        mark = data.draw(st.sampled_from(["&a ", "&b ", "*a", "*b"]))
        where = data.draw(st.sampled_from([": ", "- ", "{", "["]))
        if where in line:
            head, tail = line.split(where, 1)
            lines[at] = head + where + (mark if mark[0] == "&" else mark + " ") + \
                (tail if mark[0] == "&" else "")
        elif data.draw(st.booleans()) and line and not line.startswith(" "):
            lines[at] = mark + " " + line  # a top-level key or the file itself
    if data.draw(st.booleans()):  # the version last: found by a first pass
        move_version(lines, -1)
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(EXAMPLES), st.data())
def test_anchors_and_aliases_read_the_same(text, data):
    assert_same(anchored(text, data))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=list("ab:-[]{}&*!'\"\n #|>%@`,?1\t\x1b\u202e"), max_size=200))
def test_arbitrary_text_reads_the_same(text):
    assert_same(text)


def peak_bytes(check, files) -> int:
    """Return the most memory Python held while CHECK read FILES."""
    tracemalloc.start()
    try:
        check(files)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("end", ["", "  - &a " + EVENT[4:] % 99999, "  - *a\n"])
def test_the_stream_never_holds_a_files_node_tree(end):
    # Nor does an anchor or an alias make it compose the whole file.
    first = "  - &a " + EVENT[4:] % 0 if end == "  - *a\n" else EVENT % 0
    text = HEAD + first + "".join(EVENT % i for i in range(1, 3000)) + end
    files = [("f.yaml", text.encode("utf-8"))]
    # The records themselves stay; the node tree of 3,000 events is several times their size.
    assert peak_bytes(check_files, files) * 3 < peak_bytes(check_whole_files, files)


def test_an_anchor_given_twice_on_a_scalar_then_a_list_is_the_composer_s_error():
    # Found by the property test above: the version last makes a first pass, whose nodes
    # are reused by anchor; the list met the scalar kept under the same anchor.
    text = [t for t in EXAMPLES if "Siege of Deir Attiyeh" in t][0]
    lines = text.split("\n")
    assert lines[6] == "vocabulary:" and lines[7].startswith("  event_types: [")
    lines[6] = "&b " + lines[6]
    lines[7] = lines[7].replace(": [", ": &b [", 1)
    move_version(lines, -1)
    *_, problems = assert_same("\n".join(lines))
    assert [p.split(": ", 1)[1] for p in problems] == [
        "YAML syntax: second occurrence (found duplicate anchor; first occurrence at 6:1)"]
