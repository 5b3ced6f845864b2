"""Read a large CSV file's rows in several processes at once, as one process reads them.

Every process parses the whole text with the same csv reader, so each row, and the line
it starts on, is the one a single process finds; each maps into records only the rows that
start in its share of the lines. The first share is the calling process's; what the others
make comes back as staged rows (compiled.Staging's) while it maps its own, and at the end
the places, actors, sources, ids and problems they made. Merged in share order they are
what one process makes: a record first made in an earlier share keeps that share's
version, as it would have in file order.

Where one process would have said something about two rows in different shares (an event
id used twice, two keys on one derived id), the merge does not guess: it raises Serial,
and the file is read again in one process, which says it as always. See
docs/performance.md, "GED rows in several processes".
"""

from __future__ import annotations

import marshal
import pickle
from collections.abc import Iterator
from itertools import chain, takewhile
from typing import Any

from qalamoun_cli.load import parallel
from qalamoun_cli.load.rows import Unreadable, rows
from qalamoun_cli.load.tables import TableReader

# A share's sequence numbers start at its index times this: above every number of the
# shares before it, as staging in file order needs (Staging.absorb).
SHARE_STEP = 1 << 40
_DONE = b"done"
BATCH = 2000  # rows a share sends at once, and how often the caller looks for them


class Serial(Exception):
    """Two shares made what one process would have reported: read the file again in one."""


def shares(raw: bytes, parts: int) -> list[int]:
    """Return the first line of each share after the first (1-based, as rows counts)."""
    lines = raw.count(b"\n") + 1
    # The calling process also stages every share's rows: it takes a little less.
    first = lines * 0.9 / parts
    rest = (lines - first) / (parts - 1) if parts > 1 else 0
    return [int(first + rest * (k - 1)) + 1 for k in range(1, parts)]


def _share(name: str, raw: bytes, lo: int, hi: int | None) -> Iterator[tuple[int, list[str]]]:
    """Yield the rows of RAW that start on a line from LO up to (not with) HI.

    A CSV error before LO is the earlier share's to report: this share has no rows then.
    """
    found = rows(name, raw)
    try:
        first = next((row for row in found if row[0] >= lo), None)
    except Unreadable:
        return
    if first is not None:
        yield from takewhile(lambda row: hi is None or row[0] < hi, chain([first], found))


def read_file(reader: TableReader, name: str, raw: bytes, header: list[str],
              datasets: tuple[Any, ...], parts: int, staging: Any, method: str | None,
              ) -> None:
    """Read the CSV file NAME (RAW, decoded; its HEADER) into READER and STAGING in PARTS
    processes; raise Serial when the shares cannot be merged as one process reads."""
    parts = parallel.parts_now(parts)
    if parts < 2:  # no CPU idle for another process
        reader.read_rows(name, header, lambda: rows(name, raw), datasets)
        return
    starts = shares(raw, parts)
    if len(set(starts)) < len(starts) or starts[0] <= 2:
        raise Serial  # too few lines for the shares
    bounds = list(zip(starts, [*starts[1:], None], strict=True))
    jobs = [(name, raw, header, [d.__name__ for d in datasets], lo, hi, k)
            for k, (lo, hi) in enumerate(bounds, 1)]
    try:
        started = parallel.start(_work, jobs, parallel.method(method))
    except OSError:  # no process to be had (a limit, no memory): read in one
        raise Serial from None
    try:
        receiving = [receive for _, receive in started]
        base = staging.count
        ends: list[tuple | None] = [None] * len(receiving)

        def take(k: int, receive: Any) -> None:
            """Stage the next message of share K (1 on), or keep its end after _DONE."""
            message = receive.recv_bytes()
            if message == _DONE:
                ends[k - 1] = pickle.loads(receive.recv_bytes())
            else:
                _take(staging, message, base)

        def sink(event: Any) -> None:
            staging.add(event)
            if staging.count % BATCH == 0:
                for k, receive in enumerate(receiving, 1):
                    while ends[k - 1] is None and receive.poll():
                        take(k, receive)

        before, reader.sink = reader.sink, sink
        try:
            reader.read_rows(name, header, lambda: takewhile(
                lambda row: row[0] < starts[0], rows(name, raw)), datasets)
        except Unreadable as exc:
            reader.error(exc.problem)
        finally:
            reader.sink = before
        for k, receive in enumerate(receiving, 1):
            while ends[k - 1] is None:
                take(k, receive)
    except (EOFError, OSError) as exc:  # a share's process died: one process reads it all
        raise Serial from exc
    finally:
        parallel.stop(started)
    for k, end in enumerate(ends, 1):
        assert end is not None  # every share's end was taken above
        _merge(reader, staging, end, base + k * SHARE_STEP)


def _take(staging: Any, message: bytes, base: int) -> None:
    """Stage the rows of one batch a share sent (their numbers counted from BASE)."""
    staging.absorb([(base + row[0], *row[1:]) for row in marshal.loads(message)])


def _merge(reader: TableReader, staging: Any, end: tuple, base: int) -> None:
    """Add what one share made (END) after what READER holds, as reading on would."""
    (places, actors, sources, derived, event_lines, event_types, problems, failed,
     postings, count) = end
    for key, made in derived.items():
        if reader.derived.setdefault(key, made) != made:
            raise Serial
    for event_id, where in event_lines.items():
        if reader.event_lines.setdefault(event_id, where) != where:
            raise Serial
    for table, theirs in ((reader.places, places), (reader.actors, actors),
                          (reader.sources, sources)):
        for key, record in theirs.items():
            table.setdefault(key, record)
    for word in event_types:
        reader.event_type(word)
    reader.problems.extend(problems)
    reader.failed = reader.failed or failed
    staging.extend_postings({key: [base + seq for seq in seqs]
                             for key, seqs in postings.items()}, base + count)


def _work(send: Any, name: str, raw: bytes, header: list[str], dataset_names: list[str],
          lo: int, hi: int | None, k: int) -> None:
    """Map the rows of one share and send them, then what it made (a share's process).

    Whatever goes wrong here ends this process without a word: the first one then finds
    the pipe closed and reads the file in one process (Serial), which reports it.
    """
    import gc
    import importlib
    import os
    import signal

    try:
        # The first process answers an interrupt (and ends this one).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        gc.disable()
        from qalamoun_cli.compiled import staged_row
        from qalamoun_cli.store import keys_of, post

        datasets = tuple(importlib.import_module(n) for n in dataset_names)
        batch: list[tuple] = []
        postings: dict[tuple[str, str], list[int]] = {}
        count = 0

        def sink(event: Any) -> None:
            nonlocal count
            # Numbered from the share's own start: the caller adds where its numbers begin.
            batch.append(staged_row(k * SHARE_STEP + count, event))
            post(postings, count, keys_of(event))
            count += 1
            if len(batch) >= BATCH:
                send.send_bytes(marshal.dumps(batch))
                batch.clear()

        reader = TableReader(False, sink)
        try:
            reader.read_rows(name, header, lambda: _share(name, raw, lo, hi), datasets)
        except Unreadable as exc:
            reader.error(exc.problem)
        if batch:
            send.send_bytes(marshal.dumps(batch))
        send.send_bytes(_DONE)
        send.send_bytes(pickle.dumps((
            reader.places, reader.actors, reader.sources, reader.derived, reader.event_lines,
            reader.event_types, reader.problems, reader.failed, postings, count),
            protocol=pickle.HIGHEST_PROTOCOL))
        send.close()
    finally:
        # Never the interpreter's exit: a forked copy would flush the first process's
        # buffered output and run its exit handlers (and print a traceback).
        os._exit(0)
