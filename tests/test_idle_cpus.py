"""A large file is read by one process per CPU idle now, counted from /proc/stat.

parallel.default_parts answers at most this many (parallel.Idle); the splitters (plan for
YAML, table_parts.read_file for CSV) count the idle CPUs only for a file they would cut:
two readings of /proc/stat an interval apart (parallel.idle_cpus), or where they do not
tell, the 1-minute load average as before.
"""

from __future__ import annotations

import pytest

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.load import parallel
from qalamoun_cli.load.build import check_files
from tests.test_load_parallel import HEAD, events
from tests.test_table_parts import ged_text, many

TWO = frozenset({0, 1})


def stat(*cpus: tuple[int, ...]) -> str:
    """Return a /proc/stat text: a line for each of CPUS' eight counters, and their sums."""
    lines = [" ".join(map(str, (*times, 0, 0))) for times in cpus]
    total = [sum(column) for column in zip(*cpus, strict=True)]
    return "\n".join([f"cpu  {' '.join(map(str, (*total, 0, 0)))}",
                      *(f"cpu{n} {line}" for n, line in enumerate(lines)),
                      "intr 1 0 0", "ctxt 7", "procs_running 1", ""])


def cpu(user: int = 0, idle: int = 0, iowait: int = 0, system: int = 0) -> tuple[int, ...]:
    """Return one CPU's counters (user nice system idle iowait irq softirq steal)."""
    return (user, 0, system, idle, iowait, 0, 0, 0)


START = stat(cpu(500, 1000, 20, 100), cpu(400, 1100, 10, 90))
IDLE = stat(cpu(500, 1009, 21, 100), cpu(400, 1110, 10, 90))  # 10 ticks each, all idle
ONE_BUSY = stat(cpu(509, 1000, 20, 101), cpu(400, 1110, 10, 90))
ALL_BUSY = stat(cpu(508, 1000, 20, 102), cpu(409, 1100, 10, 91))


def test_idle_machine_gives_both_cpus():
    assert parallel.idle_cpus(START, IDLE, TWO) == 2.0


def test_iowait_counts_as_idle_and_steal_as_busy():
    before = stat(cpu(0, 100, 0), (0, 0, 0, 100, 0, 0, 0, 0))
    after = stat(cpu(0, 105, 5), (0, 0, 0, 102, 0, 0, 0, 8))
    assert parallel.idle_cpus(before, after, TWO) == 1.2


def test_one_busy_cpu_leaves_one():
    assert parallel.idle_cpus(START, ONE_BUSY, TWO) == 1.0


def test_only_the_cpus_this_process_may_use_are_counted():
    before = stat(cpu(0, 0), cpu(0, 0), cpu(0, 0), cpu(0, 0))
    after = stat(cpu(10, 0), cpu(10, 0), cpu(0, 10), cpu(3, 7))
    assert parallel.idle_cpus(before, after, frozenset({2, 3})) == 1.7


def test_cpus_numbered_otherwise_take_the_share_of_all():
    # A container may show its two CPUs as cpu0 and cpu1 while this process runs on 4, 5.
    assert parallel.idle_cpus(START, ONE_BUSY, frozenset({4, 5})) == 1.0


@pytest.mark.parametrize(("before", "after"), [
    (START, START),  # no tick counted
    (IDLE, START),  # counters going back
    (stat(cpu(0, 10)), stat(cpu(5, 8))),  # idle going back while the total grows
    (START, IDLE.replace("cpu1 400", "cpu1 4x0")),
    (START, IDLE.replace("cpu1 400 0 90 1110 10 0 0 0 0 0", "cpu1 400 0 90 1110 10 0")),
    (START, IDLE.replace("cpu1", "cpuX")),
    (START, "intr 1 0 0\n"),
])
def test_readings_that_do_not_tell_give_none(before, after):
    assert parallel.idle_cpus(before, after, TWO) is None


def measured(monkeypatch, readings: list[str] | OSError, cpus: frozenset[int] = TWO,
             load: float | OSError = 0.0) -> int:
    """Return parts_now(default_parts()) on CPUS, /proc/stat reading READINGS, load LOAD."""
    def read() -> str:
        if isinstance(readings, OSError):
            raise readings
        return readings.pop(0)

    def loadavg() -> tuple[float, float, float]:
        if isinstance(load, OSError):
            raise load
        return (load, load, load)

    monkeypatch.setattr(parallel, "_read_stat", read)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: cpus)
    monkeypatch.setattr(parallel.os, "getloadavg", loadavg)
    monkeypatch.setattr(parallel, "INTERVAL", 0)
    return parallel.parts_now(parallel.default_parts())


@pytest.mark.parametrize(("after", "load", "parts"), [
    (IDLE, 1.2, 2),  # idle now, whatever the minute before
    (ONE_BUSY, 0.0, 1),
    (ALL_BUSY, 0.0, 1),
    (START, 0.0, 2),  # no tick: the load average, here idle
    (START, 0.6, 1),
    (IDLE.replace("cpu0 ", "cpu0 x "), 1.2, 1),
])
def test_two_cpus_take_the_parts_measured_now(monkeypatch, after, load, parts):
    assert measured(monkeypatch, [START, after], load=load) == parts


def test_an_unreadable_proc_stat_falls_back_to_the_load_average(monkeypatch):
    assert measured(monkeypatch, PermissionError(13, "denied"), load=1.2) == 1
    assert measured(monkeypatch, FileNotFoundError(2, "none"), load=0.2) == 2


def test_without_either_the_cpus_count_as_idle(monkeypatch):
    assert measured(monkeypatch, FileNotFoundError(2, "none"), load=OSError()) == 2


def test_at_most_four_parts_on_many_idle_cpus(monkeypatch):
    before = stat(*[cpu(0, 0)] * 8)
    after = stat(*[cpu(0, 10)] * 8)
    assert measured(monkeypatch, [before, after], frozenset(range(8))) == 4


def test_one_cpu_is_never_measured(monkeypatch):
    assert measured(monkeypatch, [], frozenset({3})) == 1


def test_parts_asked_for_are_not_measured(monkeypatch):
    monkeypatch.setattr(parallel, "_read_stat", lambda: pytest.fail("measured"))
    assert parallel.parts_now(3) == 3


def watch(monkeypatch, readings: list[str]) -> tuple[list[int], list[int]]:
    """Let /proc/stat read READINGS on two CPUs; return the readings and splits noted."""
    read, started = [], []
    real_start = parallel.start

    def reading() -> str:
        read.append(1)
        return readings.pop(0)

    monkeypatch.setattr(parallel, "_read_stat", reading)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: TWO)
    monkeypatch.setattr(parallel, "INTERVAL", 0)
    monkeypatch.setattr(parallel, "start",
                        lambda target, jobs, how: started.append(len(jobs) + 1)
                        or real_start(target, jobs, how))
    return read, started


YAML = (HEAD + events(40)).encode()


@pytest.mark.parametrize(("after", "started"), [(IDLE, [2]), (ONE_BUSY, [])])
def test_a_large_yaml_file_is_split_as_the_cpus_are_now(monkeypatch, after, started):
    read, split = watch(monkeypatch, [START, after])
    check_files([("f.yaml", YAML)], split_above=1)
    assert (read, split) == ([1, 1], started)


def test_a_small_yaml_file_never_measures(monkeypatch):
    read, split = watch(monkeypatch, [])
    check_files([("f.yaml", YAML)], split_above=len(YAML) + 1)
    assert (read, split) == ([], [])


@pytest.mark.parametrize(("after", "started"), [(IDLE, [2]), (ALL_BUSY, [])])
def test_a_large_csv_file_is_split_as_the_cpus_are_now(tmp_path, monkeypatch, after,
                                                       started):
    path = tmp_path / "g.csv"
    path.write_bytes(ged_text(many(60)))
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "one"))
    one = load_dataset(path)
    monkeypatch.setattr(parallel, "THRESHOLD", 1)
    read, split = watch(monkeypatch, [START, after])
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "measured"))
    measured = load_dataset(path)
    assert (read, split) == ([1, 1], started)
    assert list(measured.events) == list(one.events)


def test_a_small_csv_file_and_a_warm_run_never_measure(tmp_path, monkeypatch):
    path = tmp_path / "g.csv"
    path.write_bytes(ged_text(many(60)))
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path / "cache"))
    read, split = watch(monkeypatch, [])
    load_dataset(path)  # compiled: below parallel.THRESHOLD
    monkeypatch.setattr(parallel, "THRESHOLD", 1)
    load_dataset(path)  # warm: from the cache
    assert (read, split) == ([], [])
