"""Time the JSON writers side by side on 100,000 synthetic event records.

Run: python benchmarks/output.py [--records 100000] [--runs 5]
The records are those of `timeline --format json` on a dataset from benchmarks/synth.py
(2,000 events, taken in turn until there are enough). Each writer writes to a sink that only
counts characters; writers run in turn, RUNS rounds, and each one's median is reported with
its ratio to the old writer (json.dumps(indent=2) with the pure-Python encoder, then
escape_json). Every writer's text is checked against the old one's first (jsonl: against the
same records).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


class Sink:
    """A text stream that counts what it is given (and keeps it, when asked)."""

    def __init__(self, keep: bool = False) -> None:
        self.size, self.parts = 0, [] if keep else None

    def write(self, text: str) -> int:
        self.size += len(text)
        if self.parts is not None:
            self.parts.append(text)
        return len(text)


def old_json(stream: Sink, records: list[Any]) -> None:
    from qalamoun_cli.safetext import escape_json

    stream.write(escape_json(json.dumps(records, ensure_ascii=False, indent=2)) + "\n")


def per_record_dumps(stream: Sink, records: list[Any]) -> None:
    """(a) json.dumps(indent=2) per record, the list's brackets written by hand."""
    from qalamoun_cli.safetext import escape_json

    sep = "[\n  "
    for record in records:
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        stream.write(escape_json(sep + text))
        sep = ",\n  "
    stream.write("\n]\n")


_TOKEN = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*"|-?\d[\d.eE+-]*)')
_LAYOUTS: dict[tuple[str, ...], list[str]] = {}


def _layout(skeleton: tuple[str, ...], depth: int) -> list[str]:
    out = []
    for piece in skeleton:
        text, i = [], 0
        while i < len(piece):
            if piece[i:i + 2] in ("[]", "{}"):
                text.append(piece[i:i + 2])
                i += 2
                continue
            ch = piece[i]
            if ch in "[{":
                depth += 1
                text.append(ch + "\n" + "  " * depth)
            elif ch in "]}":
                depth -= 1
                text.append("\n" + "  " * depth + ch)
            else:
                text.append({",": ",\n" + "  " * depth, ":": ": "}.get(ch, ch))
            i += 1
        out.append("".join(text))
    return out


def reindent_compact(stream: Sink, records: list[Any]) -> None:
    """(b) the C encoder's compact text, re-indented: strings and numbers split off by a
    regular expression, the layout of each shape of record computed once and cached."""
    from qalamoun_cli.safetext import escape_json

    sep = "[\n  "
    for record in records:
        pieces = _TOKEN.split(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        skeleton = tuple(pieces[0::2])
        layout = _LAYOUTS.get(skeleton)
        if layout is None:
            layout = _LAYOUTS[skeleton] = _layout(skeleton, 1)
        pieces[0::2] = layout
        stream.write(escape_json(sep + "".join(pieces)))
        sep = ",\n  "
    stream.write("\n]\n")


def new_json(stream: Sink, records: list[Any]) -> None:
    from qalamoun_cli.render.writers import write_json

    write_json(stream, records)


def jsonl(stream: Sink, records: list[Any]) -> None:
    from qalamoun_cli.render.writers import write_jsonl

    write_jsonl(stream, records)


WRITERS = [("json, old: json.dumps(indent=2), pure-Python encoder", old_json),
           ("(a) json.dumps(indent=2) per record", per_record_dumps),
           ("(b) C encoder, compact, re-indented", reindent_compact),
           ("json, new: render/json_text.py, an item at a time", new_json),
           ("jsonl: C encoder, one record a line", jsonl)]


def records_of(n: int) -> list[Any]:
    from synth import write

    from qalamoun_cli.dataset import load_dataset
    from qalamoun_cli.render.json_records import events

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.yaml"
        write(2000, str(path), 2015)
        chronology = load_dataset(path)
        made = list(events(chronology, list(chronology.events)))
    return [made[i % len(made)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    records = records_of(args.records)
    texts = {}
    for name, writer in WRITERS:
        sink = Sink(keep=True)
        writer(sink, records)
        texts[name] = "".join(sink.parts)
    reference = texts[WRITERS[0][0]]
    for name, text in texts.items():
        same = ([json.loads(line) for line in text.splitlines()] == json.loads(reference)
                if name.startswith("jsonl") else text == reference)
        if not same:
            sys.exit(f"{name}: not the same output as the old writer")
    del texts
    times: dict[str, list[float]] = {name: [] for name, _ in WRITERS}
    for _ in range(args.runs):
        for name, writer in WRITERS:
            start = time.perf_counter()
            writer(Sink(), records)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times[WRITERS[0][0]])
    print(f"{args.records:,} event records, {len(reference) / 1e6:.0f} MB of indented JSON, "
          f"median of {args.runs} runs\n")
    print("| writer | median s | µs a record | × old |\n|---|---:|---:|---:|")
    for name, _ in WRITERS:
        median = statistics.median(times[name])
        print(f"| {name} | {median:.2f} | {median / args.records * 1e6:.1f} | "
              f"{median / base:.2f} |")


if __name__ == "__main__":
    main()
