"""The options the commands share, declared once, and what their values select.

Each parser turns what was typed into what the domain takes (dates, ids, vocabulary
values) and names the option in its error: the domain names only the value.
"""

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import click
import typer

from qalamoun_cli.cli.completion import complete
from qalamoun_cli.cli.messages import notice, shown
from qalamoun_cli.errors import BadValue, UnknownName, UsageProblem
from qalamoun_cli.model import EVENT_TYPES, Chronology

if TYPE_CHECKING:
    from qalamoun_cli.filters import EventFilters

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
    except UnknownName as exc:  # nothing found (exit 1), not a usage error
        raise UnknownName(f"{option}: {exc}") from None
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
        if not found:  # a word in another case or spacing, or one that finds nothing
            from qalamoun_cli.filters import vocabulary_word

            found = [typed_for(option, vocabulary_word, value, allowed, "event type")]
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


def say_possible(possible_left_out: int, what: tuple[str, str] = ("event", "events")) -> None:
    """Say on stderr how many events (WHAT: singular, plural) --certain left out, if any."""
    if possible_left_out:
        plural = what[0] if possible_left_out == 1 else what[1]
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
                         f"either level of one that the data declares (repeatable).",
    autocompletion=complete("type"))]
SortOption = Annotated[str, typer.Option(
    "--sort", metavar="ORDER", help="Order: date (oldest first, the default), -date, deaths "
                                    "(the highest figure claimed killed, most first), place "
                                    "(the first place's name).")]


def count_option(what: str) -> Any:
    """Return the --count option of a command that lists WHAT (events, places, ...)."""
    return Annotated[bool, typer.Option(
        "--count", help=f"Print only how many {what} match (exit 1 for none).")]


def limit_option(what: str) -> Any:
    """Return the --limit option of a command that lists WHAT."""
    return Annotated[int | None, typer.Option(
        "--limit", metavar="N", help=f"Show the first N {what} only, saying how many match.")]


CountOption = count_option("events")
LimitOption = limit_option("events")


def count_and_limit(count: bool, limit: int | None, fmt: str, svg: Any,
                    what: str = "events") -> None:
    """Refuse --limit below 1, and --count with what it would not print."""
    if limit is not None and limit < 1:
        raise UsageProblem(f"--limit: {limit} is not a number of {what}; give 1 or more")
    if count and (fmt != "table" or svg is not None or limit is not None):
        given = "--svg" if svg is not None else "--limit" if limit is not None else "--format"
        raise UsageProblem(f"--count prints only a number: give it without {given}")


def say_limited(shown_count: int, matching: int, what: str = "events") -> None:
    """Say on stderr that --limit left WHAT out, if it did."""
    if shown_count < matching:
        notice(f"showing {shown_count} of {matching} {what} (raise --limit to see more)")


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
FORMATS = ("table", "json", "jsonl", "csv", "markdown", "geojson", "kml", "timelinejs")
TEXT_FORMATS = FORMATS[:5]
# Places: on GeoJSON and KML maps; events also on a TimelineJS timeline.
PLACE_FORMATS = FORMATS[:7]
# A result that is one object (show, stats) has no records to write one a line.
OBJECT_FORMATS = ("table", "json", "csv", "markdown")
_FOR_PEOPLE, _FOR_MAPS, _FOR_TIMELINES = "table", ("geojson", "kml"), "timelinejs"


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
    machine = [f for f in formats if f not in (_FOR_PEOPLE, *_FOR_MAPS, _FOR_TIMELINES)]
    if "jsonl" in machine:
        machine[machine.index("jsonl")] = "jsonl (one record a line)"
    elif "json" in machine:
        machine[machine.index("json")] = "json (one object, so no jsonl)"
    parts = ["Output format: table for people"]
    if machine:
        parts.append(f"{', '.join(machine)} for programs and reports")
    maps = [f for f in _FOR_MAPS if f in formats]
    if maps:
        parts.append(f"{', '.join(maps)} for maps")
    if _FOR_TIMELINES in formats:
        parts.append(f"{_FOR_TIMELINES} for TimelineJS")
    return Annotated[str, typer.Option(
        "--format", "-f", help="; ".join(parts) + ".",
        click_type=FormatChoice(formats, case_sensitive=False))]


# -- Space (issue 17): --near/--within, --bbox and --include-parents ----------------------------
NearOption = Annotated[list[str] | None, typer.Option(
    "--near", metavar="PLACE|LAT,LON",
    help="Keep what is within --within km of this place (any spelling) or point: a place "
         "by its coordinates, an event by any of its places (repeatable: any of them; the "
         "Nth --within goes with the Nth --near, or one serves all).",
    autocompletion=complete("place"))]
WithinOption = Annotated[list[str] | None, typer.Option(
    "--within", metavar="KM", help="The great-circle distance for --near, in km (above 0).")]
BboxOption = Annotated[list[str] | None, typer.Option(
    "--bbox", metavar="W,S,E,N",
    help="Keep what is inside this box of longitudes and latitudes in degrees (a west above "
         "the east crosses the antimeridian): a place by its coordinates, an event by any of "
         "its places (repeatable: any of them).")]
# One meaning for both uses, the spatial filters and the maps (issue 18); its help names
# the uses a command has.
_PARENTS_HELP = ("A place without coordinates counts at its nearest parent place that has "
                 "some{maps}; what was placed that way is said{where}.")
INCLUDE_PARENTS = Annotated[bool, typer.Option("--include-parents", help=_PARENTS_HELP.format(
    maps=", for --near and --bbox", where=" on stderr"))]
INCLUDE_PARENTS_ON_MAPS = Annotated[bool, typer.Option(
    "--include-parents", help=_PARENTS_HELP.format(
        maps=": for --near and --bbox, and on a map (geojson, kml)",
        where=" (on stderr, and located_by on a map)"))]
# The formats that draw a map. They draw an event only at sourced points (issue 18);
# --include-parents lets a place without one borrow its nearest located parent's
# (hierarchy.located_parent), which each feature then names.
MAP_FORMATS = ("geojson", "kml")


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


class Regions:
    """The spatial filters typed, parsed: circles (--near, a name or a point, with its km)
    and boxes (--bbox), each list one filter (any of it), and --include-parents."""

    def __init__(self, near: list[tuple[str, Any, float]], boxes: list[Any],
                 include_parents: bool) -> None:
        self.near, self.boxes, self.include_parents = near, boxes, include_parents


def regions(near: list[str] | None, within: list[str] | None, bbox: list[str] | None,
            include_parents: bool, fmt: str | None = None) -> Regions | None:
    """Parse --near/--within, --bbox and --include-parents (None: no spatial filter).

    The Nth --within goes with the Nth --near, or one --within with every --near; other
    counts are refused, as is a --within with nothing to apply to, and --include-parents
    without --near, --bbox or a map (FMT: the output format, where maps are offered).
    """
    from qalamoun_cli.space import parse_box, parse_km, parse_point

    near, within, bbox = near or [], within or [], bbox or []
    if within and not near:
        raise UsageProblem("--within is the distance for --near: give --near PLACE too")
    if near and not within:
        raise UsageProblem("--near needs a distance: give --within KM too")
    if len(within) not in (1, len(near)):
        raise UsageProblem(f"--near is given {_times(len(near))} and --within "
                           f"{_times(len(within))}: "
                           f"give one --within for all, or one for each --near, in order")
    if include_parents and not near and not bbox and fmt not in MAP_FORMATS:
        maps = f", and to maps (--format {' or '.join(MAP_FORMATS)})" if fmt else ""
        raise UsageProblem(f"--include-parents applies to --near and --bbox{maps}: give one "
                           f"of them")
    kms = [typed_for("--within", parse_km, km) for km in within] * (
        len(near) if len(within) == 1 else 1)
    circles = [(typed, typed_for("--near", parse_point, typed), km)
               for typed, km in zip(near, kms, strict=True)]
    for typed, point, _ in circles:
        if point is None and not typed.strip():
            raise UsageProblem("--near: the place name is empty")
    boxes = [typed_for("--bbox", parse_box, box) for box in bbox]
    if not circles and not boxes:
        return None
    return Regions(circles, boxes, include_parents)


def space_filters(data: Chronology, typed: Regions | None) -> list[Any]:
    """Return the places inside each spatial filter (space.Inside; [] for none), resolving
    --near names as --place does. A name that finds nothing: its closest names, exit 1."""
    if typed is None:
        return []
    from qalamoun_cli.space import Circle, centre, inside

    circles = []
    for name, point, km in typed.near:
        if point is not None:
            circles.append(Circle(point[0], point[1], km))
            continue
        ids = near_ids(data, name)
        centres, refused = [], []
        for place_id in ids:
            try:
                centres.append(centre(data, place_id, typed.include_parents))
            except BadValue as exc:
                refused.append(exc)
        if not centres:
            raise UsageProblem(f"--near: {refused[0]}")
        for exc in refused:  # a name of several places: those that have a point are used
            notice(f"--near {shown(name)}: {exc}; measuring from the others")
        for place, at in centres:
            if at is not place:
                notice(f"--near {shown(name)}: {shown(place.name)} has no coordinates; "
                       f"measuring from {shown(at.name)}'s (--include-parents)")
            circles.append(Circle(at.lat, at.lon, km, place.id))
    return [inside(data, group, typed.include_parents) for group in (circles, typed.boxes)
            if group]


def near_ids(data: Chronology, name: str) -> list[str]:
    """Return the place ids a --near name stands for, as record_ids resolves --place; a name
    that finds no place is said with the closest names, and exits 1 (nothing found)."""
    from qalamoun_cli.search import name_index, resolve

    # Nothing found is exit 1 with the closest names (UnknownName), an empty or ambiguous
    # name a usage error, as for --place.
    resolution = typed_for("--near", resolve, name_index(data, "place"), name, "place")
    if resolution.note:
        notice(f"--near: {resolution.note}")
    return resolution.ids


def say_by_parent(events: Any, filters: list[Any]) -> None:
    """Say on stderr which events are shown only by a parent's point (--include-parents)."""
    from qalamoun_cli.space import by_parent

    _say_placed("event", [e.id for e in events if by_parent(e, filters)])


def say_places_by_parent(places: Any, filters: list[Any]) -> None:
    """Say on stderr which places are listed only by a parent's point (--include-parents)."""
    # Found by the point, not drawn there: a map of places draws only their own points.
    _say_placed("place", [p.id for p in places if any(f.borrowed(p.id) for f in filters)],
                "inside by")


def _say_placed(what: str, ids: list[str], how: str = "placed at") -> None:
    from qalamoun_cli.cli.messages import say

    if ids:  # every id, whole: say, not notice (which cuts a long line)
        say(f"{len(ids)} {what}(s) {how} a parent's coordinates (--include-parents): "
            f"{', '.join(ids)}")


# -- the same filters everywhere (issue 17): --side, --source-kind, and their resolution ----

SideOption = Annotated[list[str] | None, typer.Option(
    "--side", help="Only events involving an actor of this side, its units included (id or "
                   "name; repeatable).", autocompletion=complete("side"))]


def source_kind_option(help_text: str) -> Any:
    """Return a repeatable --source-kind option with HELP_TEXT."""
    return Annotated[list[str] | None, typer.Option(
        "--source-kind", metavar="KIND", help=help_text, autocompletion=complete("source_kind"))]


SOURCE_KIND_HELP = ("Only events a source of this kind reported or claimed on: "
                    "monitor, party-media, news-media, official, ... (`qalamoun sources` "
                    "lists them; repeatable).")


def side_ids(data: Chronology, names: list[str] | None,
             option: str = "--side") -> list[str] | None:
    """Return the ids of the sides NAMES (ids or names) stand for, each once; None if none."""
    if not names:
        return None
    from qalamoun_cli.search import side_id

    return list(dict.fromkeys(typed_for(option, side_id, data, name) for name in names))


def vocabulary_words(values: list[str] | None, allowed: tuple[str, ...], option: str,
                     what: str) -> list[str] | None:
    """Return the words of ALLOWED that VALUES are (any case; space for hyphen), each once."""
    if not values:
        return None
    from qalamoun_cli.filters import vocabulary_word

    return list(dict.fromkeys(typed_for(option, vocabulary_word, v, allowed, what)
                              for v in values))


def event_filters(data: Chronology, *, place: list[str] | None = None,
                  actor: list[str] | None = None, side: list[str] | None = None,
                  source: list[str] | None = None, source_kind: list[str] | None = None,
                  event_type: list[str] | None = None,
                  source_known: tuple[str, ...] = ()) -> "EventFilters":
    """Resolve the shared filter options to EventFilters (each None if not given)."""
    from qalamoun_cli.filters import EventFilters, side_actors, sources_of_kinds
    from qalamoun_cli.hierarchy import actors_of, descendants
    from qalamoun_cli.model import SOURCE_KINDS

    types = type_choices(event_type, data.words("event_types", EVENT_TYPES))
    places = record_ids(data, "place", place, "--place")
    actors = record_ids(data, "actor", actor, "--actor")
    sides = side_ids(data, side)
    sources = record_ids(data, "source", source, "--source", known=source_known)
    kinds = vocabulary_words(source_kind, data.words("source_kinds", SOURCE_KINDS),
                             "--source-kind", "source kind")
    return EventFilters(
        places=descendants(data, places) if places is not None else None,
        actors=actors_of(data, actors) if actors is not None else None,
        sides=side_actors(data, sides) if sides is not None else None,
        sources=set(sources) if sources is not None else None,
        source_kinds=sources_of_kinds(data, kinds) if kinds is not None else None,
        types=set(types) if types else None)


def first_of(items: list[T], count: bool, limit: int | None, what: str) -> list[T] | None:
    """Print how many ITEMS there are and return None (--count), or return the first LIMIT.

    What --limit leaves out is said on stderr.
    """
    if count:
        from qalamoun_cli.cli.output import emit_count

        emit_count(len(items))
        return None
    shown_items = items if limit is None else items[:limit]
    say_limited(len(shown_items), len(items), what)
    return shown_items


# -- the closing count line (issue 17) ------------------------------------------------------

def stdout_is_terminal() -> bool:
    """Return whether stdout is a terminal (a person reads it), as the writers decide."""
    import sys

    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced, or closed
        return False


def closing_line(shown_count: int, what: str, *, undated: int = 0, possible: int = 0,
                 beyond_limit: int = 0) -> None:
    """On a terminal only, say on stderr how many WHAT (a plural) were shown and what was not.

    A reader of a table on a terminal sees its end last: "12 events (3 undated not shown)".
    Piped output gets no such line: a program reads stdout, and stderr stays as it was.
    """
    if not stdout_is_terminal():
        return
    parts = [f"{undated} undated not shown" if undated else "",
             f"{possible} that may have happened outside the range not shown (--certain)"
             if possible else "",
             f"{beyond_limit} more not shown (--limit)" if beyond_limit else ""]
    said = "; ".join(p for p in parts if p)
    notice(f"{shown_count} {_singular(what) if shown_count == 1 else what}"
           + (f" ({said})" if said else ""))


def _singular(what: str) -> str:
    """Return the singular of one of the plurals closing_line is given (events, places...)."""
    return what[:-1] if what.endswith("s") else what


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

    queries = typed_for(option, parse_all, values)
    for query in queries or ():
        if query.left_out:
            words = ", ".join(shown(w) for w in query.left_out)
            notice(f"{option}: {words} left out of {shown(query.text)}: articles, which "
                   f"folding leaves out of texts")
    return queries
