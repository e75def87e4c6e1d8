"""The typer app: each command group lives in its own module and registers itself here.

The command line only parses, calls the public API and renders; see ``cli/lint.py``,
``cli/check.py`` and ``cli/surgery.py``.
"""

from __future__ import annotations

import sys

import typer

from . import check, fuse, lint, mc, run, schedule, surgery, tune
from .common import FORMAT_HELP, emit, fail

app = typer.Typer(
    name="dropsurgeon",
    help="Find, fix and transform dropout in PyTorch models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# One line per command group.
lint.register(app)
check.register(app)
surgery.register(app)
fuse.register(app)
schedule.register(app)
mc.register(app)
tune.register(app)
run.register(app)

__all__ = ["FORMAT_HELP", "app", "emit", "fail", "main"]


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
