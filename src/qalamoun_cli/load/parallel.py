"""Split a large file's `events:` list into parts that other processes read at once.

The split is a guess from the text (lines that start an item at the items' indentation);
every part's parser then proves it, or the file is read in one process as before
(build.Serial). See docs/performance.md, "Parallel parsing".
"""

from __future__ import annotations

import os
import re
from datetime import date
from typing import Any, NamedTuple

from qalamoun_cli.load.nodes import OTHER_BREAKS
from qalamoun_cli.model import UNDATED, Claim, DateSpan, Event, Quantity

# A file smaller than this is read in one process: starting another costs more than it
# saves (about 40 ms with fork, hundreds with spawn).
THRESHOLD = 4 << 20
_KEY = re.compile(rb"^events:\r?\n", re.MULTILINE)
_FIRST_ITEM = re.compile(rb"(?: *(?:#[^\n]*)?\n)*( *)- [A-Za-z{]")


class Split(NamedTuple):
    """Where a file's events list is cut: its key's line, its items' indentation, the
    starts of the parts after the first (offsets and 0-based lines) and the offset of
    the line after the list."""

    key_line: int
    indent: int
    starts: tuple[int, ...]
    lines: tuple[int, ...]
    end: int


# How long default_parts watches the CPUs: /proc/stat counts in ticks of 10 ms, so this
# gives about 10 a CPU, against a file that takes seconds to read.
INTERVAL = 0.1


class Idle(int):
    """At most this many processes: one per CPU idle when a file is cut (parts_now)."""

    # default_parts answers this rather than a count: counting the idle CPUs takes
    # INTERVAL, worth it only for a file large enough to be cut, which is known later.


def default_parts() -> int:
    """Return how many processes to read a large file with: one per idle CPU, 1 to 4."""
    # At most the CPUs this process may use; parts_now counts the idle ones.
    return Idle(min(len(usable_cpus()), 4))


def parts_now(parts: int) -> int:
    """Return PARTS, or for default_parts' answer the processes the CPUs can take now."""
    if not isinstance(parts, Idle) or parts < 2:
        return int(parts)
    cpus = usable_cpus()
    idle = idle_now(cpus, INTERVAL)
    if idle is not None:
        busy = len(cpus) - idle
    else:  # not known: the 1-minute load average, which lags a minute behind
        try:
            busy = os.getloadavg()[0]
        except (AttributeError, OSError):
            busy = 0.0  # not known either (Windows): as if idle
    return parts_for(len(cpus), busy)


def usable_cpus() -> frozenset[int]:
    """Return the CPUs this process may run on (their numbers, where the OS tells)."""
    try:
        return frozenset(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return frozenset(range(os.cpu_count() or 1))


def parts_for(cpus: int, load: float) -> int:
    """Return the processes for CPUS with LOAD (other work, in CPUs: measured, or the
    1-minute load average).

    A process more than the idle CPUs only competes with the others: on a busy 2-core
    machine the second one made a first run 1.31x as long (docs/performance.md).
    """
    idle = int(cpus - load + 0.5)
    return max(1, min(idle, cpus, 4))


def idle_now(cpus: frozenset[int], interval: float) -> float | None:
    """Return how many of CPUS are idle over INTERVAL seconds, None if /proc/stat can't tell."""
    # None: not Linux (macOS, Windows), or /proc/stat hidden or unreadable (a container).
    import time

    try:
        before = _read_stat()
        time.sleep(interval)  # asleep, this process leaves its own CPU idle
        after = _read_stat()
    except (OSError, UnicodeDecodeError):
        return None
    return idle_cpus(before, after, cpus)


def _read_stat() -> str:
    """Return the text of /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        return stat.read()


def idle_cpus(before: str, after: str, cpus: frozenset[int]) -> float | None:
    """Return how many of CPUS were idle between /proc/stat texts BEFORE and AFTER, or None."""
    # None when they do not tell: a line missing or malformed, no tick counted, counters
    # going back. Where a line for each of CPUS is missing (a container numbering its
    # CPUs its own way), the share of all CPUs (the `cpu` line) is taken for them.
    first, then = _cpu_times(before), _cpu_times(after)
    if first is None or then is None:
        return None
    named, scale = [f"cpu{n}" for n in sorted(cpus)], 1
    if not all(name in first and name in then for name in named):
        named, scale = ["cpu"], len(cpus)
    idle = 0.0
    for name in named:
        if name not in first or name not in then:
            return None
        (idle_0, total_0), (idle_1, total_1) = first[name], then[name]
        spent, rested = total_1 - total_0, idle_1 - idle_0
        if spent <= 0 or not 0 <= rested <= spent:
            return None
        idle += rested / spent
    return idle * scale


def _cpu_times(text: str) -> dict[str, tuple[int, int]] | None:
    """Return each `cpu` line of TEXT as (idle ticks, all ticks), None if one is malformed."""
    times = {}
    for line in text.splitlines():
        if not line.startswith("cpu"):
            continue
        name, *fields = line.split()
        # user nice system idle iowait irq softirq steal, then guest and guest_nice, which
        # are already in user and nice. Waiting for I/O is idle; steal (another virtual
        # machine on this CPU) is not.
        if not (name == "cpu" or name[3:].isdigit()) or len(fields) < 8 or \
                not all(f.isdigit() for f in fields[:8]):
            return None
        ticks = [int(f) for f in fields[:8]]
        times[name] = (ticks[3] + ticks[4], sum(ticks))
    return times


def plan(raw: bytes, parts: int, threshold: int) -> Split | None:
    """Guess where to cut RAW's events list into PARTS (default_parts: as many as CPUs are
    idle), or None when it is not worth it.

    Anything unusual (a directive, a lone CR or another kind of line break, no single
    `events:` line at column 0 followed by a plain item) means None: read in one process.
    """
    if parts < 2 or len(raw) < max(threshold, 1):
        return None
    if raw.startswith(b"%") or b"\n%" in raw or any(b in raw for b in OTHER_BREAKS):
        return None
    if raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    keys = list(_KEY.finditer(raw))
    if len(keys) != 1 or len(re.findall(rb"^events:", raw, re.MULTILINE)) != 1:
        return None
    first = _FIRST_ITEM.match(raw, keys[0].end())
    if first is None:
        return None
    # Only now, for a file that would be cut, is it worth counting the idle CPUs.
    parts = parts_now(parts)
    if parts < 2:
        return None
    indent = len(first.group(1))
    # The list ends at the first line at column 0 that is neither blank, a comment nor
    # (for items at column 0) an item.
    ends = rb"\n(?:[^ #\r\n-]|-[^ \r\n])" if indent == 0 else rb"\n[^ #\r\n]"
    begin = first.start(1)
    found = re.compile(ends).search(raw, begin - 1)
    end = len(raw) if found is None else found.start() + 1
    item = re.compile(rb"\n" + b" " * indent + rb"- [A-Za-z{]")
    # The first part also reads what comes before and after the list.
    size = end - begin
    extra = begin + (len(raw) - end)
    share = (size + extra) / parts
    # The first part also absorbs the others' records (about a tenth of reading them).
    targets = [begin + share * k - extra - 0.1 * share for k in range(1, parts)]
    starts: list[int] = []
    for target in targets:
        found = item.search(raw, max(int(target), begin + 1), end)
        if found is None or (starts and found.start() + 1 <= starts[-1]):
            break
        starts.append(found.start() + 1)
    if not starts:
        return None
    lines, line, at = [], raw.count(b"\n", 0, keys[0].start()), keys[0].start()
    for start in starts:
        line += raw.count(b"\n", at, start)
        at = start
        lines.append(line)
    return Split(raw.count(b"\n", 0, keys[0].start()), indent, tuple(starts), tuple(lines),
                 end)


def first_text(raw: bytes, split: Split) -> bytes:
    """Return what the first process parses: RAW up to and with the second part's first
    line, the other parts as empty lines (so that every line keeps its number), the rest."""
    sentinel = raw.index(b"\n", split.starts[0]) + 1
    blank = b"\n" * raw.count(b"\n", sentinel, split.end)
    return raw[:sentinel] + blank + raw[split.end:]


def part_text(raw: bytes, split: Split, k: int) -> bytes:
    """Return what part K (1 on) is parsed from: the key, empty lines up to the part's
    first line, the part, and the next part's first line (its proof)."""
    start = split.starts[k - 1]
    if k < len(split.starts):
        stop = raw.index(b"\n", split.starts[k]) + 1
    else:
        stop = split.end
    return b"events:" + b"\n" * split.lines[k - 1] + raw[start:stop]


# -- what a part sends back -----------------------------------------------------------------
# Events as plain tuples, dates as ordinals, for marshal: pickling the records themselves
# took 27 µs an event each way, this about 13 µs (docs/performance.md).

_DATE = Event._fields.index("date")
_CLAIMS = Event._fields.index("claims")
_QUANTITIES = Event._fields.index("quantities")


def encode_events(events: Any) -> list[tuple]:
    """Return EVENTS as tuples of plain values, for marshal."""
    out = []
    for event in events:
        span = event[_DATE]
        fields = list(event)
        fields[_DATE] = None if span is UNDATED else (
            span.text, span.start and span.start.toordinal(), span.end and span.end.toordinal(),
            span.precision, span.anchor)
        fields[_CLAIMS] = tuple(map(tuple, event[_CLAIMS]))
        fields[_QUANTITIES] = tuple(map(tuple, event[_QUANTITIES]))
        out.append(tuple(fields))
    return out


def decode_events(rows: list[tuple]) -> list[Event]:
    """Return the events that encode_events wrote as ROWS."""
    day = date.fromordinal
    claim, quantity = Claim._make, Quantity._make
    out = []
    for row in rows:
        fields = list(row)
        span = row[_DATE]
        fields[_DATE] = UNDATED if span is None else DateSpan(
            span[0], span[1] and day(span[1]), span[2] and day(span[2]), span[3], span[4])
        fields[_CLAIMS] = tuple([claim(c) for c in row[_CLAIMS]])
        fields[_QUANTITIES] = tuple([quantity(q) for q in row[_QUANTITIES]])
        out.append(Event._make(fields))
    return out


def method(name: str | None) -> str:
    """Return how to start the processes: NAME, or by default fork where it is safe."""
    if name is not None:
        return name
    import multiprocessing
    import sys
    import threading

    # Forking is cheap and copies nothing, but only safe on Linux in a process with one
    # thread; elsewhere the platform's own way (spawn on macOS and Windows).
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return multiprocessing.get_start_method()


def start(target: Any, jobs: list[tuple], method: str) -> list[tuple[Any, Any]]:
    """Start one process per job by METHOD, each running TARGET(connection, *job); return
    them with the ends of their pipes that receive."""
    import multiprocessing

    context = multiprocessing.get_context(method)
    started: list[tuple[Any, Any]] = []
    try:
        for job in jobs:
            receive, send = context.Pipe(duplex=False)
            # A forked child has a copy of every reading end made so far, its own among
            # them: while it holds one, a write to that pipe never fails, and a child whose
            # first process was killed (SIGTERM, or before its cleanup) blocked forever.
            held = [receive, *(r for _, r in started)] if method == "fork" else []
            process = context.Process(target=_child, args=(target, held, send, *job),
                                      daemon=True)
            process.start()
            send.close()
            started.append((process, receive))
    except BaseException:
        stop(started)
        raise
    return started


def _child(target: Any, held: list[Any], send: Any, *job: Any) -> None:
    """Close the reading ends this child was forked with (HELD), then run TARGET."""
    for receive in held:
        receive.close()
    target(send, *job)


def stop(started: list[tuple[Any, Any]]) -> None:
    """End the processes of START that are still running, and close their pipes."""
    for process, receive in started:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()
