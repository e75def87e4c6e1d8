"""What every command shares: the one-line error exit and writing output (atomically)."""

from __future__ import annotations

import typer

FORMAT_HELP = "Output format: console, json, sarif or github."


def fail(message: str, debug: bool = False) -> None:
    """One line on stderr and exit code 2; a traceback only with --debug."""
    if debug:
        import traceback

        traceback.print_exc()
    typer.echo(f"dropsurgeon: error: {message}", err=True)
    raise typer.Exit(2)


def emit(text: str, output: str | None) -> None:
    if output:
        from ..atomic import write_text

        write_text(output, text if text.endswith("\n") else text + "\n")
    else:
        typer.echo(text)
