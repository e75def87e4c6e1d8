"""What every command shares: the one-line error exit, writing output (atomically), and
refusing an output path that is one of the inputs."""

from __future__ import annotations

import typer

FORMAT_HELP = "Output format: console, json, sarif or github."
# the same two options on every command that builds a model from a spec
WEIGHTS_HELP = ("Trained weights: a .safetensors file or a .pt state dict (read with "
                "weights_only=True); keys must match the model exactly.")
TRUST_HELP = ("Build a save directory from the spec its manifest names (runs that code: only "
              "for a directory you trust).")


def fail(message: str, debug: bool = False) -> None:
    """One line on stderr and exit code 2; a traceback only with --debug."""
    if debug:
        import traceback

        traceback.print_exc()
    typer.echo(f"dropsurgeon: error: {message}", err=True)
    raise typer.Exit(2)


def refuse_overwriting_inputs(output: str | None, inputs: list[str | None],
                              flag: str = "--output") -> None:
    """Exit 2 when ``output`` is one of the command's input files (``lint X.py:Net -o X.py``,
    ``mc --inputs x.pt -o x.pt``): writing the report there would destroy the input.

    Inputs may be model specs: ``file.py:Name`` names ``file.py``."""
    import os

    if not output:
        return
    target = os.path.realpath(output)  # through symlinks: a link to the input is the input
    for item in inputs:
        if not item:
            continue
        candidates = {item}
        head, sep, _ = item.rpartition(":")
        if sep and len(head) > 1:  # a spec's ``:Name`` (not a Windows drive letter)
            candidates.add(head)
        for path in candidates:
            if os.path.isfile(path) and _same_file(path, target):
                fail(f"{flag} {output} is one of the inputs ({path}); writing there would "
                     "destroy it: choose another file")


def _same_file(path: str, target: str) -> bool:
    import os

    try:
        return os.path.samefile(path, target)
    except OSError:  # the output does not exist yet: then it cannot be an existing input
        return os.path.realpath(path) == target


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
