"""The options the commands share, declared once, and what their values select.

Each parser turns what was typed into what the domain takes (dates, ids, vocabulary
values) and names the option in its error: the domain names only the value.
"""

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import click
import typer

from qalamoun_cli.cli.completion import complete
from qalamoun_cli.cli.messages import notice, shown
from qalamoun_cli.errors import BadValue, UsageProblem
from qalamoun_cli.model import EVENT_TYPES, Chronology

# No `from __future__ import annotations` in the command modules and here: Typer would
# evaluate every string annotation (re-creating each typer.Option) on every run.

T = TypeVar("T")


class Settings:
    """What the group options chose, for the commands.

    DATA: the path of each dataset to read together, in order (empty: the shipped one);
    TYPED: whether they were typed on the command line (not taken from QALAMOUN_DATA).
    """

    def __init__(self, data: list[Path] | None = None, skip_invalid: bool = False,
                 typed: bool = False) -> None:
        self.data = data or []
        self.skip_invalid = skip_invalid
        self.typed = typed


class DataPaths(click.types.StringParamType):
    """The --data values; QALAMOUN_DATA holds several joined by the OS path separator."""

    name = "path"
    envvar_list_splitter = os.pathsep


def data_paths(values: Sequence[str] | None, from_environment: bool) -> list[Path]:
    """Return the --data values (or QALAMOUN_DATA's, FROM_ENVIRONMENT) as paths."""
    label = "QALAMOUN_DATA" if from_environment else "--data"
    paths = []
    for value in values or ():
        if from_environment and not value.strip():
            # "a::b", or a separator at an end: a path left out by mistake, not the folder
            # the command runs in.
            raise UsageProblem(f"QALAMOUN_DATA: an empty path between the {os.pathsep!r} "
                               f"separators (or at an end): {shown(os.environ.get(label, ''))}")
        path = path_value(value, label)
        assert path is not None
        paths.append(path)
    return paths


def path_value(value: str | None, option: str) -> Path | None:
    """Return VALUE as a path; an empty one is a usage error, not the current folder."""
    if value is None:
        return None
    if not value.strip():
        raise UsageProblem(f"{option}: the path is empty")
    return Path(value)


def chronology(ctx: typer.Context) -> Chronology:
    """Return the dataset that --data names (the shipped one by default)."""
    from qalamoun_cli.dataset import load_dataset

    settings: Settings = ctx.obj
    return load_dataset(settings.data, notice=notice, skip_invalid=settings.skip_invalid)


def typed_for(option: str, call: Callable[..., T], *args: Any) -> T:
    """Return CALL(*ARGS), a domain call on a value typed for OPTION.

    The domain names the value, not the option: its BadValue becomes the usage error
    "OPTION: message" here.
    """
    try:
        return call(*args)
    except BadValue as exc:
        raise UsageProblem(f"{option}: {exc}") from None


def day_range(date_from: str | None, date_to: str | None,
              on: str | None = None) -> tuple[Any, Any]:
    """Parse --from/--to (a day, or the first/last day of a year, month or week), or --on.

    --on is the whole of one period, so it cannot be given with either bound. A reversed
    range is refused.
    """
    from qalamoun_cli.dates import parse_period

    if on is not None:
        if date_from is not None or date_to is not None:
            given = "--from" if date_from is not None else "--to"
            raise UsageProblem(f"--on sets both bounds: give --on or {given}, not both")
        return typed_for("--on", parse_period, on)
    start = None if date_from is None else typed_for("--from", parse_period, date_from)[0]
    end = None if date_to is None else typed_for("--to", parse_period, date_to)[1]
    if start and end and start > end:
        raise UsageProblem(f"--from {start} is after --to {end}; swap them")
    return start, end


def choices(values: list[str] | None, allowed: tuple[str, ...], option: str,
            what: str = "value") -> list[str] | None:
    """Return VALUES lowercased, or raise UsageProblem naming the first unknown one."""
    if not values:
        return None
    values = [v.lower() for v in values]
    for value in values:
        if value not in allowed:
            raise UsageProblem(f"{option}: unknown {what} {shown(value)} (expected one of: "
                               f"{', '.join(allowed)})")
    return values


# A standard dataset's two-level type ("battles / armed clash": ACLED's event type, then its
# sub-event type; load/acled.py) is one word of the vocabulary, and either level selects it.
TYPE_LEVELS = " / "


def type_choices(values: list[str] | None, allowed: tuple[str, ...],
                 option: str = "--type") -> list[str] | None:
    """Return the types VALUES select: each an exact type, or one level of two-level types.

    A level selects every type it is part of, and the choice is said on stderr, so that
    "Explosions/Remote violence" reaches each of its sub-event types, visibly.
    """
    if not values:
        return None
    chosen: list[str] = []
    for value in values:
        value = value.lower()
        found = [value] if value in allowed else []
        found += [t for t in allowed if TYPE_LEVELS in t and value in t.split(TYPE_LEVELS)]
        if not found:
            choices([value], allowed, option, "event type")
        if found != [value]:
            notice(f"{option} {shown(value)}: taking {', '.join(shown(t) for t in found)}")
        chosen.extend(t for t in found if t not in chosen)
    return chosen


def choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    """Return VALUE lowercased (None when not given), or raise UsageProblem if unknown."""
    chosen = choices([value] if value is not None else None, allowed, option)
    return chosen[0] if chosen else None


def certain_range(certain: bool, start: Any, end: Any, undated: bool) -> None:
    """Refuse --certain where it cannot filter: without a range, or with --undated."""
    if certain and start is None and end is None:
        raise UsageProblem("--certain needs a date range (--from, --to or --on)")
    if certain and undated:
        raise UsageProblem("--certain and --undated: an undated event is never certainly in "
                           "a range; give one of them")


def say_possible(possible_left_out: int) -> None:
    """Say on stderr how many events --certain left out, if any."""
    if possible_left_out:
        plural = "event" if possible_left_out == 1 else "events"
        notice(f"{possible_left_out} {plural} that may have happened outside the range not "
               f"shown (--certain)")


def say_left_out(undated_left_out: int) -> None:
    """Say on stderr how many undated events a date range left out, if any."""
    if undated_left_out:
        plural = "event" if undated_left_out == 1 else "events"
        notice(f"{undated_left_out} undated {plural} not shown; --undated to include them")


def record_ids(chronology: Chronology, kind: str, names: list[str] | None, option: str,
               what: str | None = None, known: tuple[str, ...] = ()) -> list[str] | None:
    """Resolve each typed name of KIND to record ids, in order, each id once.

    None when no name was given. A name taken for a close one is said on stderr.
    """
    if not names:
        return None
    from qalamoun_cli.search import name_index, resolve

    index = name_index(chronology, kind)
    found: list[str] = []
    for name in names:
        resolution = typed_for(option, resolve, index, name, what or kind, known)
        if resolution.note:
            notice(f"{option}: {resolution.note}")
        found += [i for i in resolution.ids if i not in found]
    return found


def svg_target(value: str) -> Path:
    """Return the --svg value as a path; refuse what cannot be an SVG file before any work."""
    return file_target(value, "--svg")


def file_target(value: str, label: str) -> Path:
    """Return VALUE, a file to write, as a path; refuse what cannot be one before any work.

    LABEL names where it was typed (an option, or an argument's metavar) in the message.
    """
    import stat

    if not value.strip():
        raise UsageProblem(f"{label}: the path is empty")
    if value.startswith("-"):
        # `--svg --help` would otherwise create a file named --help.
        raise UsageProblem(f"{label}: {shown(value)} looks like an option, not a file name "
                           f"(write ./{value[:40]} for a file whose name begins with '-')")
    path = Path(value)
    try:
        mode = path.stat().st_mode
    except OSError:
        in_a_folder(path, value)  # absent: it will be created, in a folder that must exist
        return path
    if stat.S_ISDIR(mode):
        raise UsageProblem(f"{label} {shown(value)}: is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise UsageProblem(f"{label} {shown(value)}: not a regular file (a FIFO, device or "
                           f"socket); give a file name")
    return path


def in_a_folder(path: Path, typed: str) -> None:
    """Raise OutputError (before any work) unless PATH's folder exists; TYPED names it."""
    from qalamoun_cli.cli.messages import path_shown
    from qalamoun_cli.errors import OutputError

    if not os.path.isdir(path.parent):
        missing = "no such folder" if not os.path.lexists(path.parent) else "not a folder"
        raise OutputError(f"{path_shown(typed)}: cannot write: {missing} "
                          f"{shown(str(path.parent))}")


SvgOption = Annotated[Path | None, typer.Option(
    "--svg", metavar="FILE", parser=svg_target,
    help="Also save the table or chart as an SVG image.")]
FromOption = Annotated[str | None, typer.Option(
    "--from", metavar="DATE",
    help="Keep what may have happened on or after this day (YYYY-MM-DD; or YYYY, YYYY-MM, "
         "YYYY-Www: from its first day).")]
ToOption = Annotated[str | None, typer.Option(
    "--to", metavar="DATE",
    help="Keep what may have happened on or before this day (YYYY-MM-DD; or YYYY, YYYY-MM, "
         "YYYY-Www: to its last day).")]
OnOption = Annotated[str | None, typer.Option(
    "--on", metavar="DATE",
    help="Keep what may have happened on this day, or in this year, month or ISO week "
         "(YYYY-MM-DD, YYYY, YYYY-MM, YYYY-Www); instead of --from and --to.")]
TypeOption = Annotated[list[str] | None, typer.Option(
    "--type", "-t", help=f"Only events of this type: {', '.join(EVENT_TYPES)}, or a type or "
                         f"either level of one that the data declares (repeatable).")]
SortOption = Annotated[str, typer.Option(
    "--sort", metavar="ORDER", help="Order: date (oldest first, the default), -date, deaths "
                                    "(the highest figure claimed killed, most first), place "
                                    "(the first place's name).")]
CountOption = Annotated[bool, typer.Option(
    "--count", help="Print only how many events match (exit 1 for none).")]
LimitOption = Annotated[int | None, typer.Option(
    "--limit", metavar="N", help="Show the first N events only, saying how many match.")]


def count_and_limit(count: bool, limit: int | None, fmt: str, svg: Any) -> None:
    """Refuse --limit below 1, and --count with what it would not print."""
    if limit is not None and limit < 1:
        raise UsageProblem(f"--limit: {limit} is not a number of events; give 1 or more")
    if count and (fmt != "table" or svg is not None or limit is not None):
        given = "--svg" if svg is not None else "--limit" if limit is not None else "--format"
        raise UsageProblem(f"--count prints only a number: give it without {given}")


def say_limited(shown_count: int, matching: int) -> None:
    """Say on stderr that --limit left events out, if it did."""
    if shown_count < matching:
        notice(f"showing {shown_count} of {matching} events (raise --limit to see more)")


CertainOption = Annotated[bool, typer.Option(
    "--certain", help="Only events certainly inside the date range (both their bounds known "
                      "and inside it); by default, what may have happened in it.")]
UndatedOption = Annotated[bool, typer.Option(
    "--undated", help="Also show undated events (a date range leaves them out, and says "
                      "how many).")]
PlaceOption = Annotated[list[str] | None, typer.Option(
    "--place", "-p", help="Only events at this place or inside it (any spelling; "
                          "repeatable).", autocompletion=complete("place"))]
ActorOption = Annotated[list[str] | None, typer.Option(
    "--actor", "-a", help="Only events involving this actor, its units, or any actor "
                          "of this side (repeatable).", autocompletion=complete("actor"))]


def source_option(help_text: str) -> Any:
    """Return a repeatable --source/-s option with HELP_TEXT, completing source names."""
    return Annotated[list[str] | None, typer.Option(
        "--source", "-s", help=help_text, autocompletion=complete("source"))]


# Every output format, in the order --help lists them; each command offers those its result
# can be written in (render/results.py says which; tests/test_cli_formats.py checks).
FORMATS = ("table", "json", "jsonl", "csv", "markdown", "geojson")
TEXT_FORMATS = FORMATS[:5]
# A result that is one object (show, stats) has no records to write one a line.
OBJECT_FORMATS = ("table", "json", "csv", "markdown")
_FOR_PEOPLE, _FOR_MAPS = "table", "geojson"


class FormatChoice(click.Choice):
    """The formats of one command; a format another command has is refused by name."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and value.lower() in FORMATS \
                and value.lower() not in self.choices:
            command = ctx.info_name if ctx is not None else "this command"
            raise UsageProblem(f"--format {value.lower()} is not available for {command} "
                               f"(choose from: {', '.join(self.choices)})")
        return super().convert(value, param, ctx)


def format_option(*formats: str) -> Any:
    """Return the --format option of a command that writes FORMATS."""
    machine = [f for f in formats if f not in (_FOR_PEOPLE, _FOR_MAPS)]
    if "jsonl" in machine:
        machine[machine.index("jsonl")] = "jsonl (one record a line)"
    elif "json" in machine:
        machine[machine.index("json")] = "json (one object, so no jsonl)"
    parts = ["Output format: table for people"]
    if machine:
        parts.append(f"{', '.join(machine)} for programs and reports")
    if _FOR_MAPS in formats:
        parts.append(f"{_FOR_MAPS} for maps")
    return Annotated[str, typer.Option(
        "--format", "-f", help="; ".join(parts) + ".",
        click_type=FormatChoice(formats, case_sensitive=False))]


# -- full-text search (--text; textsearch.py) ---------------------------------------------------

TextOption = Annotated[list[str] | None, typer.Option(
    "--text", metavar="WORDS",
    help='Only what these words find in the texts (summaries, notes, words as reported, '
         'names and aliases), folded as place names are ("Jarajeer" finds "Jarajir"): '
         'words ANDed, "a phrase", OR, -word to leave out, hill* for every word that begins '
         'so (repeatable: any of them).')]


def text_queries(values: list[str] | None, option: str = "--text") -> Any:
    """Parse the --text values (None when none was given), naming OPTION in an error."""
    from qalamoun_cli.textsearch import parse_all

    return typed_for(option, parse_all, values)
