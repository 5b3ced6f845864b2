"""The command line: parse arguments, choose a format, map errors to exit codes.

Heavy libraries (yaml, rapidfuzz, rich.table) are imported inside the commands that need
them, so that --help and shell completion stay instant. No `from __future__ import
annotations` here: Typer would evaluate every string annotation (re-creating each
typer.Option) on every run.
"""

import contextlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperCommand, TyperGroup

from qalamoun_cli import __version__
from qalamoun_cli.errors import (
    ExitCode,
    OutputError,
    QalamounError,
    UsageProblem,
    exit_codes_epilog,
)
from qalamoun_cli.model import CASUALTY_OUTCOMES, EVENT_TYPES, OUTCOMES, Chronology

PROG = "qalamoun"


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    geojson = "geojson"


class Scope(str, Enum):
    incident = "incident"
    campaign = "campaign"


def _notice(message: str) -> None:
    """Write one line to stderr, prefixed, sanitised and shortened.

    A message echoes what the user typed: a 30,000-character query must not flood it, and
    control characters in it must not reach the terminal.
    """
    from qalamoun_cli.safetext import one_line

    _write_stderr(f"{PROG}: {one_line(message, 500)}\n")


def _fail(message: str, code: int) -> None:
    _notice(message)
    sys.exit(code)


def _shown(text: str) -> str:
    from qalamoun_cli.safetext import shown

    return shown(text)


# Paths are echoed longer than names and queries: their end is what tells them apart.
PATH_SHOWN = 200


def _path_shown(path: Any) -> str:
    from qalamoun_cli.safetext import one_line

    return one_line(path, PATH_SHOWN)


def _write_stderr(text: str) -> None:
    """Write TEXT, one line, to stderr; whatever it echoes, no control reaches the terminal."""
    from qalamoun_cli.safetext import sanitize_line

    line = sanitize_line(text[:-1] if text.endswith("\n") else text)
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _refusing_repeats(parser: Any, ctx: click.Context) -> Any:
    """Make PARSER refuse an option that takes one value given more than once.

    Click keeps the last value and drops the others without a word: `casualties --source A
    --source B` would show B's claims only. Options that take several say so (multiple).
    """
    parse = parser.parse_args

    def parse_args(args: list[str]) -> Any:
        opts, rest, order = parse(args)
        if not ctx.resilient_parsing:  # shell completion parses half-typed lines
            for param in dict.fromkeys(order):
                times = order.count(param)
                if (times > 1 and isinstance(param, click.Option) and not param.multiple
                        and not param.count and not param.is_flag):
                    name = max(param.opts, key=len)
                    raise click.BadOptionUsage(
                        name, f"{name} takes one value, given {times} times", ctx)
        return opts, rest, order

    parser.parse_args = parse_args
    return parser


class QalamounCommand(TyperCommand):
    """A command whose single-value options refuse a second value."""

    def make_parser(self, ctx: click.Context) -> Any:
        return _refusing_repeats(super().make_parser(ctx), ctx)


class QalamounTyper(typer.Typer):
    """An app whose commands are QalamounCommand unless they ask for another class."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or QalamounCommand, **kwargs)


class QalamounGroup(TyperGroup):
    """Run commands so that every failure is one line on stderr and a documented exit code."""

    def make_parser(self, ctx: click.Context) -> Any:
        return _refusing_repeats(super().make_parser(ctx), ctx)

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        argv = [_utf8_arg(a) for a in (sys.argv[1:] if args is None else args)]
        from qalamoun_cli import stdio

        stdio.install()
        # Started with stdout or stderr closed (`>&-`): Python leaves None there. Write into
        # the void, keep the exit code, and report a lost stdout as 141 like a closed pipe.
        stdout_closed = sys.stdout is None
        for name in ("stdout", "stderr"):
            if getattr(sys, name) is None:
                setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        _tolerate_encoding(sys.stdout)
        _tolerate_encoding(sys.stderr)
        if os.environ.get(complete_var or f"_{PROG.upper()}_COMPLETE"):
            _quote_completions()
        try:
            argv = _group_options_first(argv)
            result = super().main(args=argv, prog_name=prog_name or PROG,
                                  complete_var=complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            # Bare `qalamoun`: the help, as --help prints it, and the usage exit code; like
            # every non-zero exit, it also says on stderr what was wrong.
            sys.stdout.write(exc.ctx.get_help() + "\n")
            _fail("a command is needed (see 'qalamoun --help')", ExitCode.USAGE)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else PROG
            _fail(f"{exc.format_message()} (see '{command} --help')", ExitCode.USAGE)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except click.Abort:
            _fail("aborted", ExitCode.INTERRUPTED)
        except QalamounError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            sys.exit(ExitCode.INTERRUPTED)
        except (BrokenPipeError, _StdoutClosed):
            _silence_stdout()
            sys.exit(ExitCode.STDOUT_CLOSED)
        except stdio.StreamWriteError as exc:
            _output_failed(exc)
        except OSError as exc:
            # Not the output (that is StreamWriteError) and not a file the loader reports
            # itself: a file vanished or changed under us, or a bug.
            if "--debug" in argv:
                raise
            _fail(_os_error_message(exc), ExitCode.INTERNAL)
        except Exception as exc:
            if "--debug" in argv:
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc}; rerun with --debug for the "
                  f"traceback and report it", ExitCode.INTERNAL)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(ExitCode.STDOUT_CLOSED)
        except OSError as exc:
            _output_failed(exc)
        code = result if isinstance(result, int) else 0
        sys.exit(ExitCode.STDOUT_CLOSED if stdout_closed and code == 0 else code)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            # Click 8.4 and later suggest close command names themselves (possibilities);
            # Typer adds its own "Did you mean" to the message, which said it twice.
            head, typer_added, _ = exc.message.partition(". Did you mean ")
            if getattr(exc, "possibilities", None) and typer_added:
                exc.message = head + "."
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Click would turn this into exit 1; surface it so that main() exits 141.
            raise _StdoutClosed() from None


_GROUP_OPTIONS = {"--data": True, "--debug": False}  # option: whether it takes a value


def _group_options_first(argv: list[str]) -> list[str]:
    """Move --data PATH and --debug typed after the command to before it.

    People write `qalamoun timeline --data mine/` as often as `qalamoun --data mine/
    timeline`; both mean the same. Arguments after `--` are left alone.
    """
    position = 0
    while position < len(argv) and argv[position].startswith("-"):
        if argv[position] == "--":
            return argv
        position += 1 + bool(_GROUP_OPTIONS.get(argv[position]))
    if position >= len(argv):
        return argv
    before, after, moved = argv[:position + 1], [], []
    rest = argv[position + 1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            after += rest[i:]
            break
        name = arg.split("=", 1)[0]
        if name in _GROUP_OPTIONS and (name == arg or _GROUP_OPTIONS[name]):
            takes = _GROUP_OPTIONS[name] and name == arg
            if takes and i + 1 == len(rest):
                raise UsageProblem(f"{name} needs a value (see '{PROG} --help')")
            moved += rest[i:i + 1 + takes]
            i += 1 + takes
            continue
        after.append(arg)
        i += 1
    return [*before[:-1], *moved, before[-1], *after]


def _os_error_message(exc: OSError) -> str:
    where = f" on {_shown(str(exc.filename))}" if exc.filename is not None else ""
    reason = exc.strerror or type(exc).__name__
    return (f"internal error: {reason}{where}; rerun with --debug for the traceback and "
            f"report it")


def _output_failed(exc: OSError) -> None:
    _silence_stdout()
    _fail(f"cannot write the output: {exc.strerror or exc}", ExitCode.OUTPUT_FAILED)


class _StdoutClosed(Exception):
    """The reader of stdout went away (`qalamoun ... | head -1`)."""


def _utf8_arg(arg: Any) -> Any:
    """Recover a UTF-8 argument that a non-UTF-8 locale decoded into surrogate escapes."""
    if isinstance(arg, str) and any("\udc80" <= ch <= "\udcff" for ch in arg):
        try:
            return os.fsencode(arg).decode("utf-8")
        except (UnicodeError, ValueError):
            return arg
    return arg


def _is_utf8(stream: Any) -> bool:
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "") == "utf8"


def _tolerate_encoding(stream: Any) -> None:
    """Let a non-UTF-8 stream (LANG=C, PYTHONIOENCODING=ascii) print escapes, not crash."""
    if not _is_utf8(stream) and hasattr(stream, "reconfigure"):
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    # Python flushes stdout at exit; point it at devnull so that no second EPIPE is printed.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = QalamounTyper(
    cls=QalamounGroup,
    name=PROG,
    help="Explore the chronology of the Qalamoun offensive (Syria–Lebanon border, 2015): "
         "what happened when, where (however it is spelled), and who claimed how many "
         "casualties.",
    epilog=exit_codes_epilog(),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Settings:
    """What the group options chose, for the commands."""

    def __init__(self, data: Path | None) -> None:
        self.data = data


def _version(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def _main_options(
    ctx: typer.Context,
    # Text, not Path: Click's path checks would call an unreadable file a usage error (we
    # say 66), and would read an empty value as the current folder.
    data: Annotated[str | None, typer.Option(
        "--data", envvar="QALAMOUN_DATA", show_envvar=True, metavar="PATH",
        help="Dataset to use: a folder of YAML files like data/, or one YAML file; "
             "before or after the command. Default: the shipped Qalamoun 2015 dataset.",
    )] = None,
    # Read from argv by QalamounGroup.main, which needs it even when the error comes
    # before this callback runs; declared here so that it is parsed and documented.
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an internal error.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    ctx.obj = Settings(_path(data, "--data"))


def _path(value: str | None, option: str) -> Path | None:
    """Return VALUE as a path; an empty one is a usage error, not the current folder."""
    if value is None:
        return None
    if not value.strip():
        raise UsageProblem(f"{option}: the path is empty")
    return Path(value)


def _chronology(ctx: typer.Context) -> Chronology:
    from qalamoun_cli.dataset import load_dataset

    settings: Settings = ctx.obj
    return load_dataset(settings.data, notice=_notice)


def _range(date_from: str | None, date_to: str | None):
    """Parse --from/--to and refuse a reversed range."""
    from qalamoun_cli.dates import check_range, parse_day

    start = None if date_from is None else parse_day(date_from, "--from")
    end = None if date_to is None else parse_day(date_to, "--to")
    check_range(start, end)
    return start, end


def _choices(values: list[str] | None, allowed: tuple[str, ...], option: str,
             what: str = "value") -> list[str] | None:
    """Return VALUES lowercased, or raise UsageProblem naming the first unknown one."""
    if not values:
        return None
    values = [v.lower() for v in values]
    for value in values:
        if value not in allowed:
            raise UsageProblem(f"{option}: unknown {what} {_shown(value)} (expected one of: "
                               f"{', '.join(allowed)})")
    return values


def _ids(index_of, chronology: Chronology, names: list[str] | None, what: str,
         option: str, known: tuple[str, ...] = ()) -> list[str] | None:
    """Resolve each typed name (see lookup.resolve); None when no name was given."""
    from qalamoun_cli.lookup import resolve

    if not names:
        return None
    index = index_of(chronology)
    found: list[str] = []
    for name in names:
        resolution = resolve(index, name, what, option, known)
        if resolution.note:
            _notice(resolution.note)
        found += [i for i in resolution.ids if i not in found]
    return found


def _out() -> Any:
    """Return where machine formats go: stdout, as UTF-8 whatever the locale says.

    JSON must be UTF-8 (RFC 8259) and CSV is read as UTF-8 by the tools that load it; the
    backslash escapes that keep tables printable on an ASCII terminal would corrupt them.
    """
    stream = sys.stdout
    if not _is_utf8(stream) and hasattr(stream, "buffer"):
        return _Utf8Writer(stream)
    return stream


class _Utf8Writer:
    """Write text to a stream's byte buffer as UTF-8."""

    def __init__(self, stream: Any) -> None:
        stream.flush()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.buffer.write(text.encode("utf-8", "surrogatepass"))
        return len(text)

    def flush(self) -> None:
        self.stream.buffer.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def _require(fmt: Format, allowed: tuple[Format, ...], command: str,
             svg: Path | None = None) -> None:
    if svg is not None and fmt is not Format.table:
        raise UsageProblem(f"--svg saves a table or chart: it needs --format table, "
                           f"not {fmt.value}")
    if fmt not in allowed:
        names = ", ".join(f.value for f in allowed)
        raise UsageProblem(f"--format {fmt.value} is not available for {command} "
                           f"(choose from: {names})")


def _rows_out(fmt: Format, header, rows) -> None:
    """Write header and rows as CSV or Markdown."""
    if fmt is Format.markdown:
        from qalamoun_cli.render.machine import write_markdown

        write_markdown(_out(), header, rows)
    else:
        from qalamoun_cli.render.machine import write_csv

        write_csv(_out(), header, rows)


def _console(svg: Path | None):
    from qalamoun_cli.render.tables import make_console

    return make_console(record=svg is not None)


def _save_svg(console, svg: Path | None, title: str) -> None:
    if svg is None:
        return
    from qalamoun_cli.render.svg import export_svg
    from qalamoun_cli.stdio import replace_file

    # Not Rich's save_svg: its picture is right only in Fira Code (see render/svg.py).
    image = export_svg(console, title)
    try:
        replace_file(svg, image.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"--svg {_path_shown(svg)}: cannot write: "
                          f"{exc.strerror or exc}") from None


def _complete(kind: str):
    """Return a completion function for names of KIND (read from the compiled dataset)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            from qalamoun_cli.dataset import compiled_dataset
            from qalamoun_cli.lookup import name_index
            from qalamoun_cli.names import fold
            from qalamoun_cli.safetext import sanitize_line

            # What is typed on the line wins over QALAMOUN_DATA, as when the command runs.
            data = _data_in_completed_words() or ctx.find_root().params.get("data") \
                or os.environ.get("QALAMOUN_DATA")
            chronology = compiled_dataset(Path(data) if data else None)
            if chronology is None:
                return []  # not compiled yet: the first command will; a TAB never parses
            index = name_index(chronology, kind)
            key = fold(incomplete) if incomplete.strip() else ""
            typed = incomplete.casefold()
            names = []
            for record_id, name, folded in zip(index.ids, index.names, index.folded,
                                               strict=True):
                # Offer names, not ids; Arabic names are offered like any other. A name with
                # control characters, tabs or newlines is not offered: the shell would print
                # them raw, or split the name into false candidates.
                if name != record_id and sanitize_line(name) == name \
                        and (not key or folded.startswith(key)
                             or name.casefold().startswith(typed)):
                    names.append(name)
            return sorted(set(names), key=str.casefold)
        except Exception:  # completion must never print an error into the user's shell
            return []

    return complete


def _quote_completions() -> None:
    """Make bash and zsh completion quote every value (see shellwords).

    Typer's scripts hand values to the shell as they are: bash inserts them into the
    command line, zsh evaluates them. Fish escapes what it inserts and is left alone.
    """
    from click.shell_completion import (
        CompletionItem,
        add_completion_class,
        get_completion_class,
    )

    from qalamoun_cli.shellwords import bash_word, open_quote, zsh_word

    bash, zsh = get_completion_class("bash"), get_completion_class("zsh")
    if bash is not None and not getattr(bash, "quotes_values", False):
        class QuotingBash(bash):
            quotes_values = True

            def format_completion(self, item: CompletionItem) -> str:
                if item.type in ("file", "dir"):
                    return ""  # no entry: the script's `-o default` completes paths
                return bash_word(item.value, open_quote(_word_being_completed()))

        add_completion_class(QuotingBash, "bash")
    if zsh is not None and not getattr(zsh, "quotes_values", False):
        class QuotingZsh(zsh):
            quotes_values = True

            def complete(self) -> str:
                args, incomplete = self.get_completion_args()
                items = self.get_completions(args, incomplete)
                # Commands and options come with help and are our own words: Typer's
                # output describes them. Values come from the data.
                if not items or any(item.help for item in items):
                    return super().complete()
                if any(item.type in ("file", "dir") for item in items):
                    return "_files"
                return "compadd -U -V unsorted -- " + " ".join(
                    zsh_word(item.value) for item in items)

        add_completion_class(QuotingZsh, "zsh")


def _word_being_completed() -> str:
    """Return the word under completion as typed, quotes included (bash's COMP_WORDS).

    The completion script joins the words with newlines; joined otherwise, the end of
    the line is the word's end.
    """
    words = os.environ.get("COMP_WORDS", "")
    parts = words.split("\n")
    try:
        cword = int(os.environ.get("COMP_CWORD", ""))
    except ValueError:
        cword = -1
    return parts[cword] if len(parts) > 1 and 0 <= cword < len(parts) else words


def _data_in_completed_words() -> str | None:
    """Return the --data value in the words being completed, wherever it was typed.

    Click parses only the group options before the command when completing, and
    `qalamoun place --data mine/ Ja<TAB>` must complete from mine/.
    """
    import shlex

    try:
        words = shlex.split(os.environ.get("COMP_WORDS", ""))
    except ValueError:  # an unclosed quote in the line being typed
        words = os.environ.get("COMP_WORDS", "").split()
    for i, word in enumerate(words):
        if word == "--":
            break
        # The shell has not expanded ~ in the words it passes for completion.
        if word == "--data" and i + 1 < len(words):
            return os.path.expanduser(words[i + 1])
        if word.startswith("--data="):
            return os.path.expanduser(word.split("=", 1)[1])
    return None


FormatOption = Annotated[Format, typer.Option(
    "--format", "-f", help="Output format: table for people; json, csv, markdown (and "
                           "geojson where there are places) for programs and reports.",
    case_sensitive=False)]


def _svg_target(value: str) -> Path:
    """Return the --svg value as a path; refuse what cannot be an SVG file before any work."""
    import stat

    if not value.strip():
        raise UsageProblem("--svg: the path is empty")
    if value.startswith("-"):
        # `--svg --help` would otherwise create a file named --help.
        raise UsageProblem(f"--svg: {_shown(value)} looks like an option, not a file name (write "
                           f"./{value[:40]} for a file whose name begins with '-')")
    path = Path(value)
    try:
        mode = path.stat().st_mode
    except OSError:
        return path  # absent (it will be created) or not reachable: said when writing
    if stat.S_ISDIR(mode):
        raise UsageProblem(f"--svg {_shown(value)}: is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise UsageProblem(f"--svg {_shown(value)}: not a regular file (a FIFO, device or "
                           f"socket); give a file name")
    return path


SvgOption = Annotated[Path | None, typer.Option(
    "--svg", metavar="FILE", parser=_svg_target,
    help="Also save the table or chart as an SVG image.")]
FromOption = Annotated[str | None, typer.Option(
    "--from", metavar="YYYY-MM-DD",
    help="Keep what may have happened on or after this day.")]
ToOption = Annotated[str | None, typer.Option(
    "--to", metavar="YYYY-MM-DD", help="Keep what may have happened on or before this day.")]


@app.command()
def timeline(
    ctx: typer.Context,
    date_from: FromOption = None,
    date_to: ToOption = None,
    place: Annotated[list[str] | None, typer.Option(
        "--place", "-p", help="Only events at this place or inside it (any spelling; "
                              "repeatable).", autocompletion=_complete("place"))] = None,
    actor: Annotated[list[str] | None, typer.Option(
        "--actor", "-a", help="Only events involving this actor, its units, or any actor "
                              "of this side (repeatable).",
        autocompletion=_complete("actor"))] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Only events this source reported or made a claim on "
                               "(repeatable).", autocompletion=_complete("source"))] = None,
    event_type: Annotated[list[str] | None, typer.Option(
        "--type", "-t", help=f"Only events of this type: {', '.join(EVENT_TYPES)} "
                             f"(repeatable).")] = None,
    fmt: FormatOption = Format.table,
    svg: SvgOption = None,
) -> None:
    """List events by date range, oldest first.

    An event matches when the days it may have happened on overlap the range, so
    --from 2015-03-27 --to 2015-03-27 shows the event of "between 25 and 28 March".

    Examples:

      qalamoun timeline --from 2015-05-13

      qalamoun timeline --from 2015-05-01 --to 2015-05-31 --place Arsal --format json

      qalamoun timeline --actor ISIL --format geojson > isil.geojson
    """
    from qalamoun_cli import lookup
    from qalamoun_cli.timeline import select

    _require(fmt, tuple(Format), "timeline", svg)
    start, end = _range(date_from, date_to)
    event_type = _choices(event_type, EVENT_TYPES, "--type", "event type")
    chronology = _chronology(ctx)
    places = _ids(lookup.place_index, chronology, place, "place", "--place")
    actors = _ids(lookup.actor_index, chronology, actor, "actor", "--actor")
    sources = _ids(lookup.source_index, chronology, source, "source", "--source")
    events = select(
        chronology, start, end,
        places=lookup.descendants(chronology, places) if places is not None else None,
        actors=lookup.actors_of(chronology, actors) if actors is not None else None,
        sources=set(sources) if sources is not None else None,
        types=set(event_type) if event_type else None,
    )
    _print_events(chronology, events, fmt, svg)
    if not events:
        _write_stderr(f"{PROG}: no events match\n")
        raise typer.Exit(ExitCode.NOTHING_FOUND)


def _print_events(chronology: Chronology, events, fmt: Format, svg: Path | None) -> None:
    if fmt is Format.json:
        from qalamoun_cli.records import event_record
        from qalamoun_cli.render.machine import write_json

        write_json(_out(), [event_record(chronology, e) for e in events])
    elif fmt in (Format.csv, Format.markdown):
        from qalamoun_cli.render.views import TIMELINE_CSV_HEADER, timeline_rows

        _rows_out(fmt, TIMELINE_CSV_HEADER, timeline_rows(chronology, events))
    elif fmt is Format.geojson:
        from qalamoun_cli.render.geo import events_collection
        from qalamoun_cli.render.machine import write_json

        collection, missing, partial = events_collection(chronology, events)
        write_json(_out(), collection)
        _report_unlocated("event", missing)
        if partial:
            _write_stderr(f"{PROG}: {len(partial)} event(s) placed only at those of their "
                          f"places that have sourced coordinates (location \"partial\"): "
                          f"{', '.join(partial)}\n")
    elif events:
        from qalamoun_cli.render.views import timeline as show_timeline

        console = _console(svg)
        show_timeline(console, chronology, events)
        _save_svg(console, svg, "qalamoun timeline")


def _report_unlocated(kind: str, missing: list[str]) -> None:
    if missing:
        _write_stderr(f"{PROG}: {len(missing)} {kind}(s) without sourced coordinates left out "
                      f"of the GeoJSON: {', '.join(missing)}\n")


@app.command()
def place(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A place name in any spelling, or in Arabic.",
                                         autocompletion=_complete("place"))],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="Show at most this many places.")] = 5,
    fmt: FormatOption = Format.table,
    svg: SvgOption = None,
) -> None:
    """Find a place however it is spelled, and show what happened there.

    Spelling differences of Arabic names are folded before fuzzy matching (see
    docs/place-search.md). An exact name or alias ranks first; close look-alikes are
    listed as candidates. Events at places inside the place (hills of a barrens area)
    are included.

    Examples:

      qalamoun place "Tallat Mussa"

      qalamoun place "Talat Musa" --format json

      qalamoun place عرسال
    """
    from qalamoun_cli import lookup
    from qalamoun_cli.names import fold
    from qalamoun_cli.search import near_ties
    from qalamoun_cli.timeline import select

    _require(fmt, tuple(Format), "place", svg)
    if not fold(query):
        raise UsageProblem("place: the query has no letters or digits; give a place name")
    chronology = _chronology(ctx)
    index = lookup.place_index(chronology)
    everything = index.search(query, limit=None)
    matches = everything[:limit]
    if not matches:
        if fmt is Format.json:
            _out().write("[]\n")
        elif fmt is Format.geojson:
            _out().write('{"type": "FeatureCollection", "features": []}\n')
        elif fmt in (Format.csv, Format.markdown):
            _rows_out(fmt, PLACE_CSV_HEADER, [])
        closest = ", ".join(f"{_shown(chronology.places[m.id].name)} ({m.score:g})"
                            for m in index.closest(query, 3))
        _write_stderr(f"{PROG}: no place matches {_shown(query)}"
                      + (f"; closest: {closest}" if closest else "") + "\n")
        raise typer.Exit(ExitCode.NOTHING_FOUND)
    ties = near_ties(everything)
    if len(ties) > 1:
        shown = len([m for m in ties if m in matches])
        more = "" if shown == len(ties) else f"; showing {shown} (raise --limit to see all)"
        _write_stderr(f"{PROG}: {len(ties)} places match {_shown(query)} about equally "
                      f"well{more}\n")
    elif not matches[0].exact and matches[0].score < 100:
        _write_stderr(f"{PROG}: no exact match for {_shown(query)}; showing the closest\n")
    results = []
    for match in matches:
        inside = lookup.descendants(chronology, [match.id])
        results.append((match, select(chronology, places=inside)))
    _print_places(chronology, results, ties, fmt, svg)


PLACE_CSV_HEADER = ("rank", "score", "matched", "id", "name", "aliases", "arabic", "country",
                    "kind", "lat", "lon", "coord_precision", "parent", "events")


def _print_places(chronology: Chronology, results, ties, fmt: Format,
                  svg: Path | None) -> None:
    from qalamoun_cli import lookup

    if fmt is Format.json:
        from qalamoun_cli.records import event_record, place_record
        from qalamoun_cli.render.machine import write_json

        write_json(_out(), [{
            "place": {**place_record(chronology.places[m.id], chronology),
                      "children": [{"id": c, "name": chronology.places[c].name}
                                   for c in lookup.children_of(chronology, m.id)]},
            "score": m.score,
            "matched": m.matched,
            "events": [event_record(chronology, e) for e in events],
        } for m, events in results])
        return
    if fmt in (Format.csv, Format.markdown):
        rows = []
        for rank, (m, events) in enumerate(results, 1):
            p = chronology.places[m.id]
            rows.append([rank, m.score, m.matched, p.id, p.name, "; ".join(p.aliases),
                         p.arabic, p.country, p.kind, p.lat, p.lon, p.coord_precision,
                         p.parent, " ".join(e.id for e in events)])
        _rows_out(fmt, PLACE_CSV_HEADER, rows)
        return
    if fmt is Format.geojson:
        from qalamoun_cli.render.geo import places_collection
        from qalamoun_cli.render.machine import write_json

        collection, missing = places_collection([chronology.places[m.id] for m, _ in results])
        write_json(_out(), collection)
        _report_unlocated("place", missing)
        return
    from qalamoun_cli.render.views import candidates, place_card

    console = _console(svg)
    tie_ids = {m.id for m in ties}
    for m, events in results:
        if m.id in tie_ids:
            place_card(console, chronology, chronology.places[m.id], m,
                       lookup.children_of(chronology, m.id), events)
    others = [m for m, _ in results if m.id not in tie_ids]
    if others:
        candidates(console, chronology, others, "Other candidates")
    _save_svg(console, svg, "qalamoun place")


@app.command()
def casualties(
    ctx: typer.Context,
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Keep incidents on which this source made a claim (name or "
                               "alias, any case; repeatable: any of them); other sources' "
                               "claims stay beside it.",
        autocompletion=_complete("source"))
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    party: Annotated[list[str] | None, typer.Option(
        "--party", help="Only claims about this actor or side (repeatable).")] = None,
    outcome: Annotated[list[str] | None, typer.Option(
        "--outcome", help=f"Only these outcomes: {', '.join(OUTCOMES)} (repeatable; "
                          f"default: {', '.join(CASUALTY_OUTCOMES)}).")] = None,
    scope: Annotated[Scope | None, typer.Option(
        "--scope", help="Only single incidents, or only whole-campaign claims.")] = None,
    show_totals: Annotated[bool, typer.Option(
        "--totals", help="Show per-source sums of incident claims beside the "
                         "campaign-level claims.")] = False,
    fmt: FormatOption = Format.table,
    svg: SvgOption = None,
) -> None:
    """Show casualty claims side by side: one column per source, one row per party.

    Figures are shown as reported (ranges, "42+", "at least nine", "dozens"), never
    turned into a single number; the spread column shows how far apart sources are.

    Examples:

      qalamoun casualties --source SOHR

      qalamoun casualties --from 2015-05-13 --to 2015-05-13

      qalamoun casualties --scope campaign --outcome killed --outcome strength

      qalamoun casualties --totals --format csv
    """
    from qalamoun_cli import claims as claims_domain
    from qalamoun_cli import lookup

    _require(fmt, (Format.table, Format.json, Format.csv, Format.markdown), "casualties", svg)
    start, end = _range(date_from, date_to)
    outcome = _choices(outcome, OUTCOMES, "--outcome", "outcome")
    chronology = _chronology(ctx)
    source_ids = None
    if source:
        known = tuple(s.name for s in chronology.sources.values())
        source_ids = set(_ids(lookup.source_index, chronology, source, "source", "--source",
                              known) or [])
    parties = None
    if party:
        chosen = _ids(lookup.actor_index, chronology, party, "party", "--party") or []
        parties = set(chosen) | lookup.actors_of(chronology, chosen)
    selected = claims_domain.incidents(
        chronology, start, end, source=source_ids, parties=parties,
        outcomes=set(outcome) if outcome else set(CASUALTY_OUTCOMES),
        scopes={scope.value} if scope else {"incident", "campaign"},
    )
    if show_totals:
        campaign = chronology.campaign
        if date_from is None and date_to is None and campaign and campaign.date:
            # Sums sit beside the campaign's claims: by default, over the campaign's dates.
            _write_stderr(f"{PROG}: summing incidents of {campaign.date.start} to "
                          f"{campaign.date.end}, the campaign's dates (set --from/--to to "
                          f"change)\n")
            selected = claims_domain.incidents(
                chronology, campaign.date.start, campaign.date.end, source=source_ids,
                parties=parties, outcomes=set(outcome) if outcome else set(CASUALTY_OUTCOMES),
                scopes={scope.value} if scope else {"incident", "campaign"})
        rows = claims_domain.totals(chronology, selected)
        if source_ids is not None:
            rows = [t for t in rows if t.source in source_ids]
        _print_totals(chronology, rows, fmt, svg)
    else:
        _print_claims(chronology, selected, fmt, svg)
    if not selected:
        _write_stderr(f"{PROG}: no claims match\n")
        raise typer.Exit(ExitCode.NOTHING_FOUND)


CLAIMS_CSV_HEADER = ("scope", "event_id", "date_text", "start", "end", "precision",
                     "source_id", "source", "party_id", "party", "outcome", "low", "high",
                     "as_reported")


def _print_claims(chronology: Chronology, selected, fmt: Format, svg: Path | None) -> None:
    from qalamoun_cli.records import claim_record, date_record

    if fmt in (Format.json, Format.csv, Format.markdown):
        records = []
        for incident in selected:
            event = incident.event
            head = None if event is None else {"id": event.id, "date": date_record(event.date)}
            for claim in incident.claims:
                records.append({"event": head, "scope": incident.scope,
                                **claim_record(chronology, claim)})
        if fmt is Format.json:
            from qalamoun_cli.render.machine import write_json

            write_json(_out(), records)
        else:
            rows = []
            for r in records:
                d = r["event"]["date"] if r["event"] else {}
                rows.append([r["scope"], r["event"]["id"] if r["event"] else None,
                             d.get("text"), d.get("start"), d.get("end"), d.get("precision"),
                             r["source"]["id"], r["source"]["name"], r["party"]["id"],
                             r["party"]["name"], r["outcome"], r["low"], r["high"],
                             r["as_reported"]])
            _rows_out(fmt, CLAIMS_CSV_HEADER, rows)
        return
    if not selected:
        return
    from qalamoun_cli.claims import matrix
    from qalamoun_cli.render.views import claims_matrices

    console = _console(svg)
    claims_matrices(console, chronology, [matrix(i) for i in selected])
    _save_svg(console, svg, "qalamoun casualties")


TOTALS_CSV_HEADER = ("source_id", "source", "party_id", "party", "outcome", "sum_low",
                     "sum_high", "lower_bound", "terms", "incidents", "vague",
                     "campaign_as_reported")


def _print_totals(chronology: Chronology, rows, fmt: Format, svg: Path | None) -> None:
    if fmt is Format.table:
        if rows:
            from qalamoun_cli.render.views import totals

            console = _console(svg)
            totals(console, chronology, rows)
            _save_svg(console, svg, "qalamoun casualties --totals")
        return
    records = [{
        "source": {"id": t.source, "name": chronology.sources[t.source].name},
        "party": {"id": t.party, "name": chronology.party_name(t.party)},
        "outcome": t.outcome, "sum_low": t.low, "sum_high": t.high,
        "lower_bound": t.lower_bound, "terms": t.terms, "incidents": t.terms + len(t.vague),
        "vague": list(t.vague),
        "campaign_as_reported": t.campaign.as_reported if t.campaign else None,
    } for t in rows]
    if fmt is Format.json:
        from qalamoun_cli.render.machine import write_json

        write_json(_out(), records)
    else:
        _rows_out(fmt, TOTALS_CSV_HEADER, [[
            r["source"]["id"], r["source"]["name"], r["party"]["id"], r["party"]["name"],
            r["outcome"], r["sum_low"], r["sum_high"], r["lower_bound"], r["terms"],
            r["incidents"], "; ".join(r["vague"]), r["campaign_as_reported"]] for r in records])


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(
        metavar="[PATH]",
        help="Dataset to check (folder or file). Default: --data, or the shipped one.")
    ] = None,
) -> None:
    """Check a dataset and list every problem as file:line:column: message.

    Exit 0 when the dataset is valid, 65 when it is not, 66 when it cannot be read.

    Examples:

      qalamoun validate

      qalamoun validate my-chronology/
    """
    from qalamoun_cli.dataset import check_dataset
    from qalamoun_cli.safetext import one_line

    settings: Settings = ctx.obj
    target = _path(path, "validate PATH") if path is not None else settings.data
    chronology, problems = check_dataset(target)
    for problem in problems:
        _write_stderr(one_line(problem, 500) + "\n")
    origin = one_line(chronology.origin, PATH_SHOWN)
    if problems:
        _write_stderr(f"{PROG}: {len(problems)} problem(s) in {origin}\n")
        raise typer.Exit(ExitCode.BAD_DATA)
    claims = len(chronology.all_claims())
    print(f"{origin}: valid: {len(chronology.events)} events, {claims} claims, "
          f"{len(chronology.places)} places, {len(chronology.actors)} actors, "
          f"{len(chronology.sources)} sources")


# The browsing commands register themselves on `app`.
from qalamoun_cli import cli_browse  # noqa: E402,F401


def main() -> None:
    """Run the command line (the `qalamoun` entry point)."""
    _only_the_invoked_command(sys.argv[1:])
    app(prog_name=PROG)


def _only_the_invoked_command(argv: list[str]) -> None:
    """Register only the command being run: Typer inspects every command's signature at
    start-up (~25 ms for all of them), a cost paid on every run and every TAB."""
    if any(name.startswith("_QALAMOUN_COMPLETE") for name in os.environ):
        return
    takes_value = {"--data"}
    position = 0
    while position < len(argv):
        arg = argv[position]
        if arg in takes_value:
            position += 2
            continue
        if arg.startswith("-"):
            position += 1
            continue
        chosen = [c for c in app.registered_commands
                  if (c.name or c.callback.__name__.replace("_", "-")) == arg]
        if chosen:
            app.registered_commands = chosen
        return
