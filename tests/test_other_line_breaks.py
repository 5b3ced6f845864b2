"""Characters that YAML 1.1 reads as line breaks (NEL, U+2028, U+2029) are refused.

PyYAML counts them as line breaks: every position after one would be a line too far, and
one inside a quoted text would become a space, silently. Written as an escape they are
text, and kept.
"""

from __future__ import annotations

import pytest

from qalamoun_cli.load.build import check_files, check_whole_files

HEAD = "schema_version: 2\nsides:\n"


@pytest.mark.parametrize(("char", "label"), [
    ("\u0085", "U+0085 (NEXT LINE)"),
    ("\u2028", "U+2028 (LINE SEPARATOR)"),
    ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)"),
])
@pytest.mark.parametrize("read", [check_files, check_whole_files])
def test_a_yaml_line_break_other_than_newline_is_refused_where_it_is(read, char, label):
    text = HEAD + f'  - {{id: s1, name: "Ras{char}Baalbek"}}\n  - {{id: s2, name: NO}}\n'
    _, problems = read([("f.yaml", text.encode("utf-8"))])
    assert [str(p) for p in problems] == [
        f"f.yaml:3:24: character {label} is read by YAML as a line break; remove it, or "
        f"write it as an escape in double quotes if it is meant"]


def test_the_first_one_is_named_and_a_bom_is_not_a_column():
    text = "\ufeffé\u2029 x\nschema_version: 2\u0085\n"
    _, problems = check_files([("f.yaml", text.encode("utf-8"))])
    assert [(p.line, p.column) for p in problems] == [(1, 2)]


def test_written_as_an_escape_it_is_text_and_kept():
    text = HEAD + '  - {id: s1, name: "Ras\\x85Baalbek"}\n'
    chronology, problems = check_files([("f.yaml", text.encode("utf-8"))])
    assert problems == []
    assert chronology.sides["s1"].name == "Ras\x85Baalbek"
