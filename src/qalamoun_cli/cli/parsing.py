"""How Click parses and runs our command lines, where its defaults would mislead.

A repeated single-value option is refused (Click keeps the last value without a word), a
mistyped command is suggested once, and the group runs through cli.process, so that every
run, in a terminal or under a test runner, ends in one line and a documented exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
import typer
from typer.core import TyperCommand, TyperGroup

from qalamoun_cli.cli import process
from qalamoun_cli.cli.messages import PROG


def _refusing_repeats(parser: Any, ctx: click.Context) -> Any:
    """Make PARSER refuse an option that takes one value given more than once.

    `casualties --source A --source B` would otherwise show B's claims only. Options that
    take several say so (multiple).
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


class QalamounGroup(TyperGroup):
    """The group of commands, run so that every failure is one line and an exit code."""

    def make_parser(self, ctx: click.Context) -> Any:
        return _refusing_repeats(super().make_parser(ctx), ctx)

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        def invoke(argv: list[str]) -> Any:
            return super(QalamounGroup, self).main(
                args=argv, prog_name=prog_name or PROG, complete_var=complete_var,
                standalone_mode=False, **extra)

        process.run(invoke, None if args is None else list(args), complete_var)

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
            # Click would turn this into exit 1; surface it so that the process exits 141.
            raise process.StdoutClosed() from None


class QalamounTyper(typer.Typer):
    """An app whose commands are QalamounCommand, registered when the app is first used.

    COMMANDS returns every command function, or a Typer app for a command that has
    subcommands of its own (`export sqlite`). They are registered when Typer first reads
    the list (building the app, in a test runner as on the command line), unless
    ``register`` chose some before: importing the app imports no command.
    """

    def __init__(self, commands: Callable[[], list[Any]], **kwargs: Any) -> None:
        self._commands: Callable[[], list[Any]] | None = commands
        super().__init__(**kwargs)

    def _pending(self) -> None:
        """Register every command now if none was registered yet."""
        if self._commands is not None:
            self.register(self._commands())

    @property
    def registered_commands(self) -> list[Any]:
        self._pending()
        return self._registered

    @registered_commands.setter
    def registered_commands(self, value: list[Any]) -> None:
        self._registered = value

    @property
    def registered_groups(self) -> list[Any]:
        self._pending()
        return self._groups

    @registered_groups.setter
    def registered_groups(self, value: list[Any]) -> None:
        self._groups = value

    def register(self, commands: list[Any]) -> None:
        """Register COMMANDS, in order, in place of any registered before."""
        self._commands, self._registered, self._groups = None, [], []
        for command in commands:
            if isinstance(command, typer.Typer):
                # Typer lists groups after plain commands in --help: keep them last in
                # the table too, so that --help lists the table's order.
                self.add_typer(command)
            else:
                self.command()(command)

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or QalamounCommand, **kwargs)
