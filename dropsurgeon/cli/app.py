"""The typer app: each command group lives in its own module and registers itself here.

The command line only parses, calls the public API and renders; see ``cli/lint.py``,
``cli/check.py`` and ``cli/surgery.py``.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from . import check, fuse, lint, mc, run, schedule, surgery, tune
from .common import FORMAT_HELP, emit, fail


class _Group(TyperGroup):
    """The command group; its commands' on/off flags show no ``<bool>`` type in ``--help``
    (a flag takes no value: printing one suggests ``--fix true``)."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            plain_flags(command, ctx)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        plain_flags(self, ctx)
        super().format_help(ctx, formatter)


def plain_flags(command: Any, ctx: Any) -> None:
    # typer's parameters are its own (a vendored click): recognised by what they have
    for param in [*command.params, command.get_help_option(ctx)]:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""  # typer's rich help prints the metavar instead of the type


app = typer.Typer(
    name="dropsurgeon",
    help="Find, fix and transform dropout in PyTorch models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_Group,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"dropsurgeon {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Find, fix and transform dropout in PyTorch models."""

# One line per command group.
lint.register(app)
check.register(app)
surgery.register(app)
fuse.register(app)
schedule.register(app)
mc.register(app)
tune.register(app)
run.register(app)

__all__ = ["FORMAT_HELP", "app", "emit", "fail", "main", "plain_flags"]


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("dropsurgeon: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
        if "--debug" in sys.argv:
            raise
        text = str(exc).strip().splitlines()
        typer.echo(
            f"dropsurgeon: internal error: {type(exc).__name__}: {text[0] if text else ''} "
            "(run with --debug for the traceback)",
            err=True,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
