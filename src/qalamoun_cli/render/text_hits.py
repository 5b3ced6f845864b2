"""What `search` found (textsearch.Hit): JSON records, rows, and a table for people."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from qalamoun_cli.model import Chronology

if TYPE_CHECKING:
    from rich.console import Console

    from qalamoun_cli.render.rows import Rows
    from qalamoun_cli.textsearch import Hit

# Columns are only ever added, at the end (the CSV contract; see README).
SEARCH_HEADER = ("rank", "kind", "id", "name", "date_text", "start", "end", "hits", "matched",
                 "dataset")


def _record(chronology: Chronology, hit: Hit) -> Any:
    return getattr(chronology, f"{hit.kind}s").get(hit.id) if hit.kind != "event" \
        else chronology.find_event(hit.id)


def _text(record: Any, kind: str) -> str:
    """Return what names the record: an event's summary, another record's name."""
    return record.summary if kind == "event" else record.name


def records(chronology: Chronology, hits: Sequence[Hit]) -> Iterator[dict[str, Any]]:
    """Yield the records of `search --format json`, best first."""
    from qalamoun_cli.render.json_records import date_record

    for rank, hit in enumerate(hits, 1):
        record = _record(chronology, hit)
        yield {"rank": rank, "kind": hit.kind, "id": hit.id, "name": _text(record, hit.kind),
               "date": date_record(record.date) if hit.kind == "event" else None,
               "hits": hit.hits, "matched": list(hit.words),
               "dataset": chronology.dataset_of(record)}


def rows(chronology: Chronology, hits: Sequence[Hit]) -> Rows:
    """Return one row per record found, best first."""
    from qalamoun_cli.dates import iso

    def row(rank: int, hit: Hit) -> list[Any]:
        record = _record(chronology, hit)
        date = record.date if hit.kind == "event" else None
        return [rank, hit.kind, hit.id, _text(record, hit.kind),
                date.text if date else None, iso(date.start) if date else None,
                iso(date.end) if date else None, hit.hits, "; ".join(hit.words),
                chronology.dataset_of(record)]

    return SEARCH_HEADER, (row(rank, hit) for rank, hit in enumerate(hits, 1))


_SPACES = re.compile(r"(\s+)")


def highlighted(record_id: str, text: str, words: Sequence[str]) -> Any:
    """Return the id (bold) above TEXT as one cell, the WORDS found in it in bold (a style
    of ours: the text stays plain text, sanitised)."""
    from qalamoun_cli.render.tables import runs
    from qalamoun_cli.textsearch import word_shown

    wanted = {w.casefold() for w in words}
    return runs((record_id, "bold"), ("\n", None),
                *((part, "bold" if word_shown(part).casefold() in wanted else None)
                  for part in _SPACES.split(text) if part))


def draw(console: Console, chronology: Chronology, hits: Sequence[Hit]) -> None:
    """Print what `search` found, best first: kind, id over its text (the words found in
    bold), the words found."""
    from qalamoun_cli.render.listing_tables import listing

    table = []
    for hit in hits:
        record = _record(chronology, hit)
        text = _text(record, hit.kind)
        if hit.kind == "event" and record.date.text:
            text = f"{record.date.text}: {text}"
        table.append([hit.kind, highlighted(hit.id, text, hit.words), "; ".join(hit.words)])
    listing(console, "search", ["kind", "record", "matched"], table)
