"""Refresh the field tables of docs/data-format.md from the record schema.

Run: python scripts/update_docs.py   (with qalamoun installed)
Each block between `<!-- fields: KIND ... -->` and `<!-- end fields -->` is replaced by the
table of that record kind, made from qalamoun_cli/load/schema.py, the one description of the
format; a test fails when the document is out of step with it.
"""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"
FIELDS = re.compile(r"(<!-- fields: (?P<kind>\w+)\b[^\n]*-->\n).*?(\n<!-- end fields -->)", re.S)


def main() -> None:
    from qalamoun_cli.load.schema import fields_table

    text = DOC.read_text(encoding="utf-8")
    text = FIELDS.sub(lambda m: m.group(1) + fields_table(m.group("kind")) + m.group(3), text)
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
