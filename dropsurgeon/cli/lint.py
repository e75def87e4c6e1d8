"""The lint commands: ``lint`` (graph and static), ``inspect``, ``rules`` and ``explain``."""

from __future__ import annotations

import sys

import typer

from ..errors import DropsurgeonError
from .common import (
    FORMAT_HELP,
    TRUST_HELP,
    WEIGHTS_HELP,
    emit,
    fail,
    refuse_overwriting_inputs,
)


def register(app: typer.Typer) -> None:
    for command in (lint, inspect, rules, explain):
        app.command()(command)


def lint(
    targets: list[str] = typer.Argument(..., help="Files, directories or model specs."),
    kwargs: str | None = typer.Option(None, "--kwargs", metavar="JSON",
                                        help="JSON kwargs for the builder."),
    input_shape: list[str] = typer.Option(
        [], "--input-shape", metavar="SHAPE", help="e.g. 8,3,32,32 (repeat)."),
    dtype: str | None = typer.Option(None, "--dtype", metavar="DTYPE",
                                       help="dtype of generated inputs."),
    fmt: str = typer.Option("console", "--format", "-f", metavar="FMT", help=FORMAT_HELP),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                        help="Write the report here."),
    fail_on: str | None = typer.Option(None, "--fail-on", metavar="LEVEL",
                                         help="error, warning or info."),
    select: str | None = typer.Option(None, "--select", metavar="CODES",
                                        help="Only these codes/prefixes."),
    ignore: str | None = typer.Option(None, "--ignore", metavar="CODES",
                                        help="Skip these codes/prefixes."),
    no_import: bool = typer.Option(False, "--no-import", help="Static analysis only."),
    do_import: bool = typer.Option(
        False, "--import", help="Import files to build their models: also scripts whose top "
        "level runs code, and every file of a directory."),
    device: str = typer.Option("meta", "--device", metavar="DEV",
                                 help="Build models on meta (default) or cpu."),
    inputs: str | None = typer.Option(None, "--inputs", metavar="FILE",
                                        help="Example inputs: a .pt file."),
    frontends: str | None = typer.Option(
        None, "--frontends", metavar="LIST",
        help="auto (default) or a list of fx, runtime, export."
    ),
    show_suppressed: bool = typer.Option(False, "--show-suppressed"),
    fix: bool = typer.Option(False, "--fix", help="Apply safe autofixes (static scan)."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="With --fix: unsafe too."),
    diff: bool = typer.Option(False, "--diff", help="Print the fixes as a diff; write nothing."),
    config: str | None = typer.Option(None, "--config", metavar="FILE",
                                        help="pyproject.toml to read."),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, metavar="N",
        help="Static scan processes (default: the cores)."),
    no_cache: bool = typer.Option(
        False, "--no-cache", envvar="DROPSURGEON_NO_CACHE", show_envvar=False,
        help="Do not read or write the cache (or set DROPSURGEON_NO_CACHE=1)."),
    cache_dir: str | None = typer.Option(
        None, "--cache-dir", envvar="DROPSURGEON_CACHE_DIR", metavar="DIR", show_envvar=False,
        help="Cache folder (default: .dropsurgeon_cache at the project root; or set "
        "DROPSURGEON_CACHE_DIR)."),
    # two flags, not one --x/--no-x pair: the pair takes a help column of its own, which
    # leaves too little room at 80 columns
    gitignore_on: bool = typer.Option(
        False, "--respect-gitignore", help="Skip what .gitignore files ignore on directory "
        "scans (the default, unless the config's respect-gitignore is false)."),
    gitignore_off: bool = typer.Option(
        False, "--no-respect-gitignore", help="Lint what .gitignore files ignore, too."),
    trust_spec: bool = typer.Option(
        False, "--trust-spec", help=TRUST_HELP),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Report dropout misuse: train/eval flags, rates and placement."""
    from ..linter import api
    from ..report import render

    _check_arguments(input_shape, output, debug)
    refuse_overwriting_inputs(output, [*targets, inputs, config])
    if gitignore_on and gitignore_off:
        fail("--respect-gitignore and --no-respect-gitignore contradict each other")
    respect_gitignore = True if gitignore_on else False if gitignore_off else None
    if fix or diff or unsafe_fixes:
        _lint_fix(targets, fmt, output, fail_on, select, ignore, config, fix or unsafe_fixes,
                  unsafe_fixes, diff, show_suppressed, debug, respect_gitignore)
    try:
        from ..load import load_inputs_file, loading

        with loading(trust_spec=trust_spec):  # a save directory: built only when trusted
            report = api.lint(
                targets,
                kwargs=kwargs,
                input_shapes=input_shape or None,
                dtype=dtype,
                inputs=load_inputs_file(inputs) if inputs else None,
                frontends=frontends,
                fail_on=fail_on,
                select=select,
                ignore=ignore,
                static_only=no_import,
                import_dirs=do_import,
                device=device,
                progress=fmt == "console" and output is None and sys.stderr.isatty(),
                debug=debug,
                config=config,
                jobs=jobs,
                cache=not no_cache,
                cache_dir=None if no_cache else cache_dir,
                respect_gitignore=respect_gitignore,  # None: as the config says
            )
        text = render(report, fmt, show_suppressed=show_suppressed)
    except DropsurgeonError as exc:
        fail(str(exc), debug)
    emit(text, output)
    _notes_and_errors(report, fmt)
    raise typer.Exit(report.exit_code())


def _notes_and_errors(report, fmt: str) -> None:
    """On stderr, after the report: what did not run (for a reader: the machine formats carry
    the notes in their summary), then what went wrong."""
    for note in report.notes if fmt == "console" else ():
        typer.echo(f"dropsurgeon: note: {note}", err=True)
    for err in report.errors:
        typer.echo(f"dropsurgeon: error: {err}", err=True)


def _check_arguments(input_shapes: list[str], output: str | None, debug: bool) -> None:
    """Bad flags fail before any work, whatever the front-ends end up needing."""
    import os

    from ..load import parse_shape

    try:
        for shape in input_shapes:
            parse_shape(shape)
    except DropsurgeonError as exc:
        fail(str(exc), debug)
    if output:
        folder = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(folder):
            fail(f"cannot write --output {output}: folder {folder} does not exist")


def _lint_fix(targets, fmt, output, fail_on, select, ignore, config, fix, unsafe, diff,
              show_suppressed, debug, respect_gitignore=None) -> None:
    """--fix / --diff: the static path (fixes are source rewrites; nothing is imported, and
    the cache is not used)."""
    from ..linter.static import lint_paths
    from ..report import render

    try:
        report = lint_paths(targets, select=select, ignore=ignore, fail_on=fail_on,
                            config=config, fix=fix and not diff, unsafe_fixes=unsafe, diff=diff,
                            respect_gitignore=respect_gitignore)
        text = "".join(report.diffs) if diff else render(report, fmt,
                                                         show_suppressed=show_suppressed)
    except DropsurgeonError as exc:
        fail(str(exc), debug)
    if text:
        emit(text.rstrip("\n"), output)
    if fix and not diff and report.fixed:
        n = sum(report.fixed.values())
        typer.echo(f"dropsurgeon: fixed {n} finding(s) in {len(report.fixed)} file(s)", err=True)
    _notes_and_errors(report, fmt)
    raise typer.Exit(report.exit_code())


def inspect(
    target: str = typer.Argument(
        ..., help="A model spec (file.py[:Name], pkg.mod:Name, DIR:Name) or a directory: "
        "every model its files define."),
    kwargs: str | None = typer.Option(None, "--kwargs"),
    weights: str | None = typer.Option(
        None, "--weights", help=WEIGHTS_HELP),
    trust_spec: bool = typer.Option(
        False, "--trust-spec", help=TRUST_HELP),
    input_shape: list[str] = typer.Option([], "--input-shape"),
    dtype: str | None = typer.Option(None, "--dtype"),
    fmt: str = typer.Option("console", "--format", "-f", help="console or json."),
    device: str = typer.Option("meta", "--device"),
    inputs: str | None = typer.Option(None, "--inputs", help="Example inputs: a .pt file."),
    frontends: str | None = typer.Option(None, "--frontends", help="auto or fx,runtime,export."),
    do_import: bool = typer.Option(
        False, "--import", help="Also import scripts whose top level runs code."),
    debug: bool = typer.Option(False, "--debug"),
) -> None:
    """Print the dropout-site inventory: every site, its rate and train/eval behaviour.

    A directory stands for every model its Python files define."""
    from ..linter import api
    from ..load import load_inputs_file, loading
    from ..report import inventory_view

    try:
        with loading(weights=weights, trust_spec=trust_spec):  # issue 18 items 1, 5
            results = api.inventories(
                target, kwargs=kwargs, input_shapes=input_shape or None, dtype=dtype,
                device=device, inputs=load_inputs_file(inputs) if inputs else None,
                frontends=frontends, import_scripts=do_import,
            )
    except DropsurgeonError as exc:
        fail(str(exc), debug)
    if not results:
        fail(f"{target}: defines no model to inspect (inspect takes a model spec: file.py, "
             "file.py:Name, pkg.mod:Name, DIR:Name, or a directory of model files)")
    if fmt == "json":
        typer.echo(inventory_view.to_json(results))
    elif fmt == "console":
        inventory_view.print_tree(results)
    else:
        fail(f"unknown --format {fmt!r} for inspect (expected console or json)")
    if not any(r.status == "analysed" for r in results):
        typer.echo(f"dropsurgeon: error: {target}: no model could be analysed (see the reasons "
                   "above)", err=True)
        raise typer.Exit(2)


def rules(fmt: str = typer.Option("console", "--format", "-f", help="console or json.")) -> None:
    """List every rule."""
    from ..report import rules_view

    if fmt not in ("console", "json"):
        fail(f"unknown --format {fmt!r} for rules (expected console or json)")
    rules_view.print_rules(fmt)


def explain(code: str = typer.Argument(..., help="A rule code, e.g. DS101.")) -> None:
    """Explain one rule: what it does, why, how to fix it."""
    from ..rules import get

    try:
        rule = get(code)
    except KeyError as exc:
        fail(str(exc.args[0]))
    typer.echo(rule.explain())
