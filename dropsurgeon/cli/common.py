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
        import os
        import stat

        from ..atomic import write_text

        data = text if text.endswith("\n") else text + "\n"
        try:
            if os.path.exists(output) and not stat.S_ISREG(os.stat(output).st_mode):
                # /dev/null, a pipe, /dev/stdout: write into it; an atomic rename would
                # replace the device itself with a regular file
                with open(output, "w", encoding="utf-8") as fh:
                    fh.write(data)
            else:
                write_text(output, data)
        except OSError as exc:  # a missing folder, no permission: the user's input, one line
            fail(f"cannot write --output {output}: {exc.strerror or exc}")
    else:
        typer.echo(text)
