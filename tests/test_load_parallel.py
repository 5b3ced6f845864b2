"""A large file's events list read in parts by several processes reads exactly as one process.

load/parallel.py guesses where to cut from the text; each part's parser must prove the cut,
or the file is read again in one process (build.Serial). Both ways must give the same
chronology and the same problems, messages and positions, as the streaming reader in one
process (itself checked against the whole-document reader in test_load_stream.py).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.load import parallel
from qalamoun_cli.load.build import _BUILDER_STATE, Builder, Serial, check_files

HEAD = ("schema_version: 2\nsides:\n  - {id: gov, name: G}\nactors: []\n"
        "sources:\n  - {id: src, name: S, kind: monitor}\nplaces:\n  - {id: p, name: P}\n"
        "events:\n")
ITEM = ("  - id: e{n}\n    date: {{text: d, start: 2015-05-13, end: 2015-05-13, precision: "
        "day}}\n    section: s\n    type: capture\n    places: [p]\n    actors: []\n"
        "    sources: [src]\n    summary: x{n}\n")
CLAIM = "    claims:\n      - {{id: c{n}, source: src, party: gov, outcome: killed, low: 1, " \
        "high: 2, as_reported: one or two{extra}}}\n"


def events(count: int, every: dict[int, str] | None = None) -> str:
    """Return COUNT plain events, the Nth replaced by EVERY[N] where given."""
    every = every or {}
    return "".join(every.get(n, ITEM.format(n=n)) for n in range(count))


def read(raw: bytes, parts: int = 1, method: str | None = None, split_above: int = 1,
         ) -> tuple:
    """Return what check_files reads from RAW (f.yaml) in PARTS processes, as text."""
    chronology, problems = check_files([("f.yaml", raw)], parts=parts,
                                       split_above=split_above, method=method)
    return (chronology.sides, chronology.actors, chronology.sources, chronology.places,
            list(chronology.events), chronology.campaign, chronology.vocabulary,
            [str(p) for p in problems])


def split_is_taken(raw: bytes, parts: int) -> bool:
    """Tell whether RAW's events list is read in PARTS parts, not again in one process."""
    cut = parallel.plan(raw, parts, 1)
    assert cut is not None
    try:
        Builder().read_stream("f.yaml", raw, cut)
    except Serial:
        return False
    return True


def assert_same(text: str, *, parts: tuple[int, ...] = (2, 3, 4), taken: bool | None = True,
                ) -> tuple:
    """Assert that TEXT reads alike in one process and in each of PARTS; return it.

    TAKEN: whether every split must be used (True), must fall back (False), or either.
    """
    raw = text.encode("utf-8")
    serial = read(raw)
    for count in parts:
        assert read(raw, count) == serial
        if taken is not None:
            assert split_is_taken(raw, count) is taken
    return serial


def test_a_large_file_read_in_parts_is_the_same_and_the_split_is_used():
    serial = assert_same(HEAD + events(60))
    assert [e.id for e in serial[4]] == [f"e{n}" for n in range(60)]
    assert serial[-1] == []


def test_problems_in_every_part_are_reported_where_they_are():
    bad = {
        3: ITEM.format(n=3).replace("2015-05-13, end", "2015-13-13, end"),
        20: ITEM.format(n=20).replace("    section: s\n", "    sektion: s\n"),
        35: ITEM.format(n=35).replace("places: [p]", "places: [nowhere]"),
        50: ITEM.format(n=50).replace("id: e50", "id: e49"),
        58: ITEM.format(n=58).replace("type: capture", "type: NO"),
    }
    serial = assert_same(HEAD + events(60, bad))
    assert serial[-1] == [
        "f.yaml:35:28: date start: 2015-13-13 is not a day in the calendar",
        "f.yaml:172:5: unknown field 'sektion' in an event (expected: id, summary, date, "
        "section, type, places, actors, sources, claims, quantities, note)",
        "f.yaml:294:14: places 'nowhere' is not a known place",
        "f.yaml:410:9: duplicate id 'e49' (first defined at f.yaml:402)",
        "f.yaml:477:11: event type: plain 'NO' is read by YAML as a boolean; quote it if it "
        "is text",
    ]


def test_claims_that_supersede_across_parts_are_checked_as_one():
    every = {n: ITEM.format(n=n) + CLAIM.format(n=n, extra="") for n in (5, 30, 55)}
    every[30] = every[30].replace("as_reported", "supersedes: c5, as_reported")
    every[55] = every[55].replace("as_reported", "supersedes: c5, as_reported")
    serial = assert_same(HEAD + events(60, every))
    assert serial[-1] == [
        "f.yaml:463:90: claim 'c5' is already superseded (at line 261): a figure has one "
        "latest update, so let this claim supersede that update"]


def test_events_before_the_records_they_name_and_items_at_column_0():
    tail = "places:\n  - {id: p, name: P}\n"
    text = HEAD.replace("places:\n  - {id: p, name: P}\n", "") + events(60) + tail
    assert assert_same(text)[-1] == []
    flush = HEAD + events(60).replace("\n  ", "\n").replace("  - id:", "- id:")
    assert assert_same(flush)[-1] == []


@pytest.mark.parametrize("text", [
    # CRLF line ends, a byte order mark, comments between items at the cut.
    (HEAD + events(60)).replace("\n", "\r\n"),
    "\ufeff" + HEAD + events(60),
    HEAD + events(60).replace("  - id:", "# a comment\n  # another\n\n  - id:"),
    # Flow mappings as items.
    HEAD + "".join(f"  - {{id: e{n}, date: {{text: d, start: 2015-05-13, end: 2015-05-13, "
                   f"precision: day}}, section: s, type: capture, summary: x}}\n"
                   for n in range(80)),
    # Block scalars whose lines look like items, deeper than the items.
    HEAD + events(60).replace("    summary: x", "    summary: |\n      - id: fake\n"
                                                  "        - id: x\n      x"),
])
def test_awkward_but_cut_right_files_are_read_in_parts(text):
    assert_same(text)


@pytest.mark.parametrize(("text", "expected"), [
    # A multi-line quoted text with lines that look like items: a guess may fall there.
    (HEAD + re.sub(r"summary: x(\d+)", r'summary: "x\1\n  - id: fake\n  end"', events(60)),
     []),
    # A flow list over several lines, its lines like items.
    (HEAD + events(60).replace("places: [p]", "places: [p,\n  - p]"),
     ["f.yaml:15:3: YAML syntax: did not find expected node content (while parsing a flow "
      "node at 15:3)"]),
    # An anchor in one part, its alias in another.
    (HEAD + events(60, {2: ITEM.format(n=2).replace("summary: x2", "summary: &s x2"),
                        50: ITEM.format(n=50).replace("summary: x50", "summary: *s")}),
     ["f.yaml:33:14: anchors and aliases (&name, *name) are not allowed: the value "
      "anchored here is used again"]),
    # One anchor, never used: still read in one process.
    (HEAD + events(60, {40: ITEM.format(n=40).replace("summary: x40", "summary: &s x40")}),
     []),
    # The same id in two parts: the message names the first.
    (HEAD + events(60, {55: ITEM.format(n=55).replace("id: e55", "id: e1")}),
     ["f.yaml:450:9: duplicate id 'e1' (first defined at f.yaml:18)"]),
    # A second document after the cut, and a YAML error in a late part.
    (HEAD + events(60) + "---\nschema_version: 2\n",
     ["f.yaml:490:1: YAML syntax: but found another document (expected a single document "
      "in the stream at 1:1)"]),
    (HEAD + events(60, {57: ITEM.format(n=57).replace("summary: x57", "summary: [x")}),
     ["f.yaml:474:7: YAML syntax: did not find expected ',' or ']' (while parsing a flow "
      "sequence at 473:14)"]),
    # A tab that indents a line in a late part.
    (HEAD + events(60).replace("    summary: x50", "\tsummary: x50"),
     ["f.yaml:417:1: this line is indented with a tab, but YAML allows only spaces for "
      "indentation; replace the tab with spaces"]),
])
def test_what_cannot_be_proved_is_read_again_in_one_process(text, expected):
    assert assert_same(text, parts=(2, 4), taken=None)[-1] == expected
    raw = text.encode("utf-8")
    assert not all(split_is_taken(raw, count) for count in (2, 4))


def test_a_file_the_plan_will_not_cut():
    assert parallel.plan((HEAD + events(60)).encode(), 2, 10**9) is None  # too small
    assert parallel.plan((HEAD + events(60)).encode(), 1, 1) is None
    for text in ("%YAML 1.1\n---\n" + HEAD + events(60),
                 (HEAD + events(60)).replace("\n", "\r", 1),
                 HEAD + events(60).replace("summary: x3\n", "summary: x3\u2028\n"),
                 HEAD + events(60) + "events: []\n",
                 HEAD.replace("events:\n", "events: # all\n") + events(60)):
        assert parallel.plan(text.encode(), 2, 1) is None
        assert_same(text, parts=(2,), taken=None)


def test_parts_started_by_spawn_read_the_same():
    raw = (HEAD + events(60, {33: ITEM.format(n=33).replace("places: [p]", "places: [q]")})
           ).encode()
    assert read(raw, 2, method="spawn") == read(raw)
    assert read(raw, 2, method="spawn")[-1] == ["f.yaml:278:14: places 'q' is not a known "
                                                "place"]


def test_a_file_is_read_in_one_process_when_no_other_process_starts(monkeypatch):
    raw = (HEAD + events(60, {50: ITEM.format(n=50).replace("id: e50", "id: E50")})).encode()
    serial = read(raw)

    def refuse(*args):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "start", refuse)
    assert not split_is_taken(raw, 2)
    assert read(raw, 2) == serial
    assert serial[-1] == ["f.yaml:410:9: event id 'E50' must be a lowercase slug (letters, "
                          "digits, single hyphens)"]


def test_a_part_is_merged_only_if_the_builder_holds_nothing_absorb_does_not_know():
    assert set(vars(Builder())) == _BUILDER_STATE


def test_events_travel_between_processes_unchanged():
    raw = (HEAD + events(3, {1: ITEM.format(n=1) + CLAIM.format(n=1, extra="")})
           + "  - {id: e9, date: null, section: s, type: capture, summary: x}\n").encode()
    records = list(check_files([("f.yaml", raw)])[0].events)
    assert parallel.decode_events(parallel.encode_events(records)) == records


# Items for generated files: plain, wrong in some way, or awkward for the cut.
PIECES = [
    ITEM,
    ITEM.replace("type: capture", "type: 12:30"),
    ITEM.replace("    sources: [src]\n", ""),
    ITEM.replace("summary: x{n}", 'summary: "x{n}\n  - id: fake\n  y"'),
    ITEM.replace("summary: x{n}", "summary: |\n      - id: fake\n      y"),
    ITEM.replace("places: [p]", "places: [p,\n  - p]"),
    ITEM.replace("summary: x{n}", "summary: x{n}  # - id: no"),
    ITEM.replace("id: e{n}", "id: e1"),
    "# between\n" + ITEM,
    "  - {{id: e{n}, summary: flow}}\n",
    ITEM.replace("summary: x{n}", "summary: &a{n} x{n}"),
]


@settings(max_examples=25)
@given(st.lists(st.sampled_from(range(len(PIECES))), min_size=4, max_size=40),
       st.integers(2, 4), st.integers(1, 3000), st.booleans())
def test_generated_files_read_alike_in_parts(kinds, parts, split_above, crlf):
    text = HEAD + "".join(PIECES[kind].format(n=n) for n, kind in enumerate(kinds))
    if crlf:
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    assert read(raw, parts, split_above=split_above) == read(raw)


@pytest.mark.parametrize(("cpus", "load", "parts"), [
    (2, 0.0, 2), (2, 0.4, 2), (2, 0.6, 1), (2, 1.2, 1), (2, 6.0, 1),
    (8, 0.0, 4), (8, 5.0, 3), (1, 0.0, 1), (4, 2.4, 2),
])
def test_a_second_process_is_used_only_on_an_idle_cpu(cpus, load, parts):
    from qalamoun_cli.load.parallel import parts_for

    assert parts_for(cpus, load) == parts
