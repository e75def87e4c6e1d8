"""The ``run`` command: run a script under the watcher, then render its report like ``lint``.

Where the report goes: ``-o FILE`` if given; otherwise stdout, after the script has ended.
With ``--format json`` or ``sarif`` and no ``-o``, the script's own stdout is sent to stderr
while it runs, so stdout holds exactly one parseable report.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

import typer

from ..errors import DropsurgeonError
from .common import FORMAT_HELP, emit, fail

_MACHINE = ("json", "sarif")


def register(app: typer.Typer) -> None:
    app.command(
        options_metavar="[OPTIONS] [--] SCRIPT [ARGS]... | -m MODULE [ARGS]...",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True,
                          "allow_interspersed_args": False},
    )(run)


def run(
    ctx: typer.Context,
    module: str | None = typer.Option(
        None, "-m", "--module", help="Run a module as `python -m` does (instead of a script)."),
    fmt: str = typer.Option("console", "--format", "-f", help=FORMAT_HELP),
    output: str | None = typer.Option(None, "--output", "-o", help="Write the report here."),
    fail_on: str | None = typer.Option(
        None, "--fail-on",
        help="error, warning or info: exit 1 on such findings (else the script's exit code)."),
    select: str | None = typer.Option(None, "--select", help="Only these codes/prefixes."),
    ignore: list[str] = typer.Option(
        [], "--ignore", help="Rule codes or module class names to leave alone (repeat, or "
        "comma-separated)."),
    show_suppressed: bool = typer.Option(False, "--show-suppressed"),
    debug: bool = typer.Option(False, "--debug", help="Show dropsurgeon's own tracebacks."),
) -> None:
    """Run SCRIPT [ARGS...] (or -m MODULE [ARGS...]) and report train/eval mode bugs as
    they happen: DS401, DS402, DS105, DS102."""
    from ..findings import Severity
    from ..guard.watch_run import rank_path, run_script
    from ..report import FORMATS, render

    args = list(ctx.args)
    if module is None:
        if not args:
            fail("nothing to run: give a script (dropsurgeon run [options] script.py [args]) "
                 "or -m module")
        target, args = args[0], args[1:]
    else:
        target = module
    if fmt not in FORMATS:
        fail(f"unknown --format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    try:
        level = Severity.parse(fail_on) if fail_on else Severity.WARNING
    except ValueError as exc:
        fail(str(exc))
    if output and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        fail(f"cannot write --output {output}: folder does not exist")
    ignored = [i.strip() for item in ignore for i in item.split(",") if i.strip()]
    selected = [s.strip() for s in select.split(",") if s.strip()] if select else None
    quiet_stdout = fmt in _MACHINE and not output
    try:
        with _stdout_to_stderr(quiet_stdout):
            outcome = run_script(target, args, module=module is not None, ignore=ignored,
                                 select=selected, fail_on=level)
    except DropsurgeonError as exc:
        fail(str(exc), debug)
    if outcome.exception is not None and not isinstance(outcome.exception, KeyboardInterrupt):
        _print_traceback(outcome.exception)
    elif isinstance(outcome.exception, KeyboardInterrupt):
        typer.echo("dropsurgeon: the script was interrupted; reporting what it did so far",
                   err=True)
    report = outcome.report
    text = render(report, fmt, show_suppressed=show_suppressed)
    if output:
        emit(text, rank_path(output))
    elif rank_path("x") != "x":  # rank > 0 of a distributed run without -o: keep stdout clean
        typer.echo(text, err=True)
    else:
        emit(text, None)
    for err in report.errors:
        typer.echo(f"dropsurgeon: error: {err}", err=True)
    if outcome.dropped:
        typer.echo(f"dropsurgeon: {outcome.dropped} call(s) at locations past the watcher's "
                   "limit were counted but not reported", err=True)
    code = outcome.exit_code
    if fail_on is not None:
        code = report.exit_code() or code
    raise typer.Exit(code)


@contextlib.contextmanager
def _stdout_to_stderr(active: bool) -> Iterator[None]:
    """Send the script's stdout (Python's and the file descriptor's, for child processes
    and C code) to stderr."""
    if not active:
        yield
        return
    sys.stdout.flush()
    saved_obj = sys.stdout
    saved_fd = None
    with contextlib.suppress(OSError, ValueError):
        saved_fd = os.dup(1)
        os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdout = saved_obj
        if saved_fd is not None:
            os.dup2(saved_fd, 1)
            os.close(saved_fd)


def _print_traceback(exc: BaseException) -> None:
    """The traceback Python would print, starting at the script (dropsurgeon's and
    runpy's frames above it left out)."""
    import traceback

    tb = exc.__traceback__
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    while tb is not None and (tb.tb_frame.f_code.co_filename.startswith(root)
                              or "runpy" in tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    sys.stderr.write("".join(traceback.format_exception(type(exc), exc, tb)))
    sys.stderr.flush()
