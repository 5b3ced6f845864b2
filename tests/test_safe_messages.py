"""Messages, hints and machine formats never pass terminal controls or markup from data raw."""

from __future__ import annotations

import html
import io
import json
import re
import shlex
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from qalamoun_cli.render.writers import write_markdown
from tests.conftest import EXAMPLE, FIXTURES
from tests.test_subprocess import ENTRY
from tests.test_subprocess import run as run_installed

HOSTILE = str(FIXTURES / "hostile.yaml")
# ESC, BEL, C0, DEL, C1 (CSI, NEL, ST), bidi embeddings, overrides, isolates and marks,
# zero-width characters and the line and paragraph separators.
RAW = ("\x1b\x07\x00\x08\x0b\x0c\r\x7f\x80\x85\x9b\x9c\x9f\u202a\u202b\u202c\u202d\u202e"
       "\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff\u2028\u2029")
OSC_52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
OSC_8 = "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"
EVIL = "Jabal " + " ".join(RAW) + f" {OSC_52} {OSC_8} " + "very long " * 40
PATH = EVIL[:60].replace("\x00", "")  # a file name may hold anything but NUL and /
QUERY = "Qusayr " + " ".join(RAW) + f" {OSC_52} " + "more " * 60  # matches nothing


def _raw_in(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text if c in RAW})


def _dataset(tmp_path, place: str = EVIL, source: str = "SOHR"):
    data = tmp_path / "evil.yaml"
    data.write_text(
        "schema_version: 1\nsides:\n  - {id: s1, name: rebels}\n"
        f"sources:\n  - {{id: src, name: {json.dumps(source)}, kind: monitor}}\n"
        f"places:\n  - {{id: evil, name: {json.dumps(place)}}}\n", encoding="utf-8")
    return str(data)


def test_the_closest_hint_of_a_failed_place_search_is_sanitised_and_short(run, tmp_path):
    code, out, err = run("--data", _dataset(tmp_path), "place", "Qusayr")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("qalamoun: no place matches 'Qusayr'; "
                                                   "closest: 'Jabal ")
    assert _raw_in(err) == []
    assert "Jabal" in err and "\\x1b" in err and "\\u202e" in err
    assert len(err) < 400  # the 480-character name is shortened like a query


def test_a_long_hostile_name_does_not_push_the_rest_of_a_message_out(run, tmp_path):
    data = _dataset(tmp_path, source=EVIL)
    code, out, err = run("--data", data, "casualties", "--source", "Qusayr")
    assert code == 1  # an unknown name: nothing found
    assert err.count("\n") == 1 and _raw_in(err) == []
    assert "; closest: " in err and "; known sources: " in err
    assert err.rstrip().endswith("…")  # the known name, shortened: the line stays whole


def test_validate_shows_a_hostile_path_escaped(tmp_path):
    folder = tmp_path / f"evil{OSC_52}\u202e\u200b"
    folder.mkdir()
    good = folder / "data.yaml"
    good.write_text("schema_version: 1\n", encoding="utf-8")
    done = run_installed("validate", str(good))
    assert done.returncode == 0, done.stderr
    assert _raw_in(done.stdout.decode()) == [] and b"valid:" in done.stdout
    assert "\\x1b]52;c;" in done.stdout.decode()
    bad = folder / "bad.yaml"
    bad.write_text("schema_version: 1\nsides: 3\n", encoding="utf-8")
    done = run_installed("validate", str(bad))
    assert done.returncode == 65
    err = done.stderr.decode()
    assert _raw_in(err) == [] and "problem(s) in" in err and "\\u202e" in err


def test_unknown_names_and_paths_are_escaped_in_every_message(run, tmp_path):
    data = _dataset(tmp_path)
    for args in (["--data", data, "timeline", "--place", QUERY],
                 ["--data", data, "place", QUERY],
                 ["--data", data, "timeline", "--from", QUERY],
                 ["--data", data, "timeline", "--type", QUERY],
                 ["--data", data, "show", QUERY],
                 ["--data", data, "actors", "--side", QUERY],
                 ["--data", str(tmp_path / PATH), "timeline"],
                 ["--data", data, "sources", "--svg", str(tmp_path / "no" / PATH)]):
        code, out, err = run(*args)
        assert code in (1, 2, 66, 73), (args, err)
        assert err.count("\n") == 1 and _raw_in(err) == [], args
        assert len(err) < 600, args


def test_tables_show_zero_width_characters(run):
    code, out, err = run("--data", HOSTILE, "actors")
    assert code == 0, err
    assert _raw_in(out) == []
    assert "Camp\\u200b [wip]\\u2060" in out


def test_json_escapes_line_separators_and_keeps_the_value(run):
    code, out, err = run("--data", HOSTILE, "actors", "--format", "json")
    assert code == 0, err
    assert _raw_in(out) == []
    assert "line\\u2028separator\\u2029paragraph" in out
    names = {a["id"]: a["name"] for a in json.loads(out)}
    assert names["separators"] == "line\u2028separator\u2029paragraph"
    assert names["zero-width"] == "Camp\u200b [wip]\u2060 :fire:\ufeff [/]\u200d"


def _rendered_cells(markdown: str) -> list[str]:
    """Render as a permissive Markdown renderer would (raw HTML on, any link scheme)."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True
    page = md.render(markdown)
    assert not re.search(r"<(?!/?(table|thead|tbody|tr|th|td|br)\b)[a-z]", page), page
    return [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", page, re.S)]


def test_markdown_cells_render_as_the_literal_text(run):
    code, out, err = run("--data", HOSTILE, "actors", "--format", "markdown")
    assert code == 0, err
    assert "<script>" not in out and "<img" not in out and "[x](javascript:" not in out
    cells = _rendered_cells(out)
    for name in ("<script>alert(1)</script> <img src=x onerror=alert(1)> "
                 "[x](javascript:alert(1)) *b* _i_ `c` &amp; ~~s~~ <https://evil.example> "
                 "\\[y]", "[link=http://evil.example]click[/link]", "Camp [wip] :fire: [/]"):
        assert name in cells, name


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_markdown_and_csv_on_a_terminal_show_controls_visibly(fmt):
    # `script` gives the command a terminal; skip where it is missing.
    if subprocess.run(["sh", "-c", "command -v script"], capture_output=True).returncode:
        pytest.skip("script(1) is not installed")
    command = shlex.join([*ENTRY, "--data", HOSTILE, "actors", "--format", fmt])
    done = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout
    assert _raw_in(done.stdout.decode().replace("\r\n", "\n")) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"\\`*_[]|~<>&!()#:-+.=' \"aé1ع", "&amp;", "&#60;", "<b>",
                                 "](", "http://x", "<!--", "\t", "\n"]),
                min_size=1, max_size=20).map("".join))
def test_a_markdown_cell_renders_as_its_text(text):
    stream = io.StringIO()
    write_markdown(stream, ["h"], [[text]])
    # Line breaks are <br> on purpose; the renderer trims the cell.
    assert _rendered_cells(stream.getvalue()) == [text.replace("\n", "<br>").strip(" \t")]


def test_a_path_that_is_not_utf8_is_escaped_on_success_too(tmp_path):
    import os
    import subprocess

    folder = os.fsencode(tmp_path)
    target = folder + b"/raw\x9bq.yaml"
    with open(target, "wb") as file:
        file.write(EXAMPLE.read_bytes())
    done = subprocess.run([*ENTRY, "validate", target], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b"\x9b" not in done.stdout and b"\xc2\x9b" not in done.stdout
    assert b"raw\\udc9bq.yaml: valid:" in done.stdout
