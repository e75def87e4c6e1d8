"""The surgery commands ``insert``, ``replace``, ``remove``, ``set-rate`` and ``apply`` (a
saved plan): parse, build a :class:`~dropsurgeon.surgery.Plan`, apply it (or show it), render,
write outputs.  ``--save DIR`` writes weights as safetensors plus the plan and the spec
(:func:`dropsurgeon.save`), never a pickle.

Exit codes: 0 done, 1 verification failed (nothing written), 2 bad input.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from ..errors import DropsurgeonError
from .common import TRUST_HELP, WEIGHTS_HELP

SPEC_HELP = ("A model spec naming one model: file.py[:Name], pkg.mod:Name, DIR:Name, or a "
             "dropsurgeon save directory (with --trust-spec).")
SAVE_HELP = ("Save the new model to this directory: safetensors weights, the plan and the spec "
             "(load it with dropsurgeon.load(DIR, build=...) or a command's --trust-spec); no "
             "pickle.")
WHERE_HELP = ("Selector (repeat for a union): a type (Linear), a name (encoder.layer.0), "
              "'.suffix', a glob, 're:REGEX', 'after:SEL', 'before:SEL', 'after-last:SEL', "
              "'before:head', 'residual-branches', 'NAME[a:b]', 'dropout'.")


def register(app: typer.Typer) -> None:
    from .common import fail

    def common(
        spec: str, where: list[str], exclude: list[str], kwargs: str | None,
        input_shape: list[str], dtype: str | None, inputs: str | None, dry_run: bool,
        plan_out: str | None, save: str | None, no_verify: bool, fmt: str, debug: bool,
        build: Any, from_file: bool = False, weights: str | None = None,
        trust_spec: bool = False,
    ) -> None:
        from ..surgery import Plan
        from ..surgery.verify import VerificationError

        if fmt not in ("console", "json"):
            fail(f"unknown --format {fmt!r} (expected console or json)", debug)
        if dry_run and save:
            fail("--save writes the new model; it cannot go with --dry-run", debug)
        try:
            # Every target is checked before any work: a refusal leaves nothing written.
            check_outputs(save, plan_out, [spec, inputs, weights])
            plan = build(Plan())
            name, model, args, kw, origin = _load_one(spec, kwargs, input_shape, dtype, inputs,
                                                      weights=weights, trust_spec=trust_spec)
            result = plan.apply(model, args, kw, verify=not (no_verify or dry_run),
                                name_steps=from_file)
            if save:
                from ..load import parse_kwargs
                from ..surgery.save import save as save_dir

                spec_of, kwargs_of = _spec_for_save(spec, parse_kwargs(kwargs))
                # The result carries every plan that made it (a loaded save's too): saved whole.
                save_dir(result.model, None, save, spec=spec_of, kwargs=kwargs_of)
        except VerificationError as exc:
            typer.echo(f"dropsurgeon: {exc} (nothing written)", err=True)
            raise typer.Exit(1) from None
        except DropsurgeonError as exc:
            fail(str(exc), debug)
        except (ValueError, TypeError, RuntimeError) as exc:
            # The user's model raised while surgery ran it: one line, not a traceback.
            fail(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", debug)
        from ..atomic import write_text

        if plan_out:
            try:
                write_text(plan_out, plan.to_json() + "\n")
            except OSError as exc:
                fail(f"cannot write --plan-out {plan_out}: {exc.strerror or exc}", debug)
        if fmt == "json":
            typer.echo(json.dumps({
                "model": name, "dry_run": dry_run, "inputs": origin,
                "plan": plan.to_dict(), **result.to_dict(),
                "saved": save, "plan_out": plan_out,
            }, indent=2))
        else:
            _print(name, result, dry_run, origin, save, plan_out)

    @app.command()
    def insert(
        spec: str = typer.Argument(..., help=SPEC_HELP),
        where: list[str] = typer.Option(..., "--where", "-w", help=WHERE_HELP),
        p: float = typer.Option(..., "--p", help="Dropout rate in [0, 1]."),
        kind: str = typer.Option("dropout", "--kind", help="Dropout kind (see docs/surgery.md)."),
        schedule: str = typer.Option("constant", "--schedule", help="constant or linear."),
        block_size: int = typer.Option(7, "--block-size", help="DropBlock block size."),
        exclude: list[str] = typer.Option([], "--exclude", help="Selector to leave out."),
        kwargs: str | None = typer.Option(None, "--kwargs", help="JSON kwargs for the builder."),
        weights: str | None = typer.Option(None, "--weights", help=WEIGHTS_HELP),
        trust_spec: bool = typer.Option(False, "--trust-spec", help=TRUST_HELP),
        input_shape: list[str] = typer.Option([], "--input-shape", help="e.g. 8,3,32,32."),
        dtype: str | None = typer.Option(None, "--dtype", help="dtype of generated inputs."),
        inputs: str | None = typer.Option(None, "--inputs", help="A .pt file of inputs."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show the changes only."),
        plan_out: str | None = typer.Option(None, "--plan-out", help="Write the plan (JSON)."),
        save: str | None = typer.Option(None, "--save", help=SAVE_HELP),
        no_verify: bool = typer.Option(False, "--no-verify", help="Skip verification."),
        fmt: str = typer.Option("console", "--format", "-f", help="console or json."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Insert dropout at the selected places (after modules unless 'before:')."""
        options = {"block_size": block_size} if kind == "dropblock" else {}
        common(spec, where, exclude, kwargs, input_shape, dtype, inputs, dry_run, plan_out,
               save, no_verify, fmt, debug,
               lambda plan: plan.insert(where, p, kind, exclude=exclude, schedule=schedule,
                                        **options), weights=weights, trust_spec=trust_spec)

    @app.command()
    def replace(
        spec: str = typer.Argument(..., help=SPEC_HELP),
        kind: str = typer.Option(..., "--kind", help="The new dropout kind, e.g. mc."),
        where: list[str] = typer.Option(["dropout"], "--where", "-w", help=WHERE_HELP),
        p: float | None = typer.Option(None, "--p", help="New rate (default: keep each)."),
        block_size: int = typer.Option(7, "--block-size", help="DropBlock block size."),
        exclude: list[str] = typer.Option([], "--exclude", help="Selector to leave out."),
        kwargs: str | None = typer.Option(None, "--kwargs"),
        weights: str | None = typer.Option(None, "--weights", help=WEIGHTS_HELP),
        trust_spec: bool = typer.Option(False, "--trust-spec", help=TRUST_HELP),
        input_shape: list[str] = typer.Option([], "--input-shape"),
        dtype: str | None = typer.Option(None, "--dtype"),
        inputs: str | None = typer.Option(None, "--inputs"),
        dry_run: bool = typer.Option(False, "--dry-run"),
        plan_out: str | None = typer.Option(None, "--plan-out"),
        save: str | None = typer.Option(None, "--save", help=SAVE_HELP),
        no_verify: bool = typer.Option(False, "--no-verify"),
        fmt: str = typer.Option("console", "--format", "-f"),
        debug: bool = typer.Option(False, "--debug"),
    ) -> None:
        """Replace the selected dropout sites with another kind (e.g. mc, gaussian)."""
        options = {"block_size": block_size} if kind == "dropblock" else {}
        common(spec, where, exclude, kwargs, input_shape, dtype, inputs, dry_run, plan_out,
               save, no_verify, fmt, debug,
               lambda plan: plan.replace(where, kind, p=p, exclude=exclude, **options),
               weights=weights, trust_spec=trust_spec)

    @app.command()
    def remove(
        spec: str = typer.Argument(..., help=SPEC_HELP),
        where: list[str] = typer.Option(["dropout"], "--where", "-w", help=WHERE_HELP),
        exclude: list[str] = typer.Option([], "--exclude", help="Selector to leave out."),
        kwargs: str | None = typer.Option(None, "--kwargs"),
        weights: str | None = typer.Option(None, "--weights", help=WEIGHTS_HELP),
        trust_spec: bool = typer.Option(False, "--trust-spec", help=TRUST_HELP),
        input_shape: list[str] = typer.Option([], "--input-shape"),
        dtype: str | None = typer.Option(None, "--dtype"),
        inputs: str | None = typer.Option(None, "--inputs"),
        dry_run: bool = typer.Option(False, "--dry-run"),
        plan_out: str | None = typer.Option(None, "--plan-out"),
        save: str | None = typer.Option(None, "--save", help=SAVE_HELP),
        no_verify: bool = typer.Option(False, "--no-verify"),
        fmt: str = typer.Option("console", "--format", "-f"),
        debug: bool = typer.Option(False, "--debug"),
    ) -> None:
        """Remove dropout (all of it by default), module and functional, for export."""
        common(spec, where, exclude, kwargs, input_shape, dtype, inputs, dry_run, plan_out,
               save, no_verify, fmt, debug, lambda plan: plan.remove(where, exclude=exclude),
               weights=weights, trust_spec=trust_spec)

    @app.command("set-rate")
    def set_rate(
        spec: str = typer.Argument(..., help=SPEC_HELP),
        p: float = typer.Option(..., "--p", help="The new rate in [0, 1]."),
        where: list[str] = typer.Option(["dropout"], "--where", "-w", help=WHERE_HELP),
        schedule: str = typer.Option("constant", "--schedule", help="constant or linear."),
        exclude: list[str] = typer.Option([], "--exclude", help="Selector to leave out."),
        kwargs: str | None = typer.Option(None, "--kwargs"),
        weights: str | None = typer.Option(None, "--weights", help=WEIGHTS_HELP),
        trust_spec: bool = typer.Option(False, "--trust-spec", help=TRUST_HELP),
        input_shape: list[str] = typer.Option([], "--input-shape"),
        dtype: str | None = typer.Option(None, "--dtype"),
        inputs: str | None = typer.Option(None, "--inputs"),
        dry_run: bool = typer.Option(False, "--dry-run"),
        plan_out: str | None = typer.Option(None, "--plan-out"),
        save: str | None = typer.Option(None, "--save", help=SAVE_HELP),
        no_verify: bool = typer.Option(False, "--no-verify"),
        fmt: str = typer.Option("console", "--format", "-f"),
        debug: bool = typer.Option(False, "--debug"),
    ) -> None:
        """Set the rate of the selected dropout sites (functional ones become modules)."""
        common(spec, where, exclude, kwargs, input_shape, dtype, inputs, dry_run, plan_out,
               save, no_verify, fmt, debug,
               lambda plan: plan.set_rate(where, p, exclude=exclude, schedule=schedule),
               weights=weights, trust_spec=trust_spec)


    @app.command("apply")
    def apply_plan(
        spec: str = typer.Argument(..., help=SPEC_HELP),
        plan_file: str = typer.Option(..., "--plan", help="A plan JSON file (--plan-out)."),
        kwargs: str | None = typer.Option(None, "--kwargs", help="JSON kwargs for the builder."),
        weights: str | None = typer.Option(None, "--weights", help=WEIGHTS_HELP),
        trust_spec: bool = typer.Option(False, "--trust-spec", help=TRUST_HELP),
        input_shape: list[str] = typer.Option([], "--input-shape"),
        dtype: str | None = typer.Option(None, "--dtype"),
        inputs: str | None = typer.Option(None, "--inputs"),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show the changes only."),
        plan_out: str | None = typer.Option(None, "--plan-out"),
        save: str | None = typer.Option(None, "--save", help=SAVE_HELP),
        no_verify: bool = typer.Option(False, "--no-verify"),
        fmt: str = typer.Option("console", "--format", "-f"),
        debug: bool = typer.Option(False, "--debug"),
    ) -> None:
        """Apply a saved plan to a freshly built model (verified; --save to keep it)."""
        common(spec, [], [], kwargs, input_shape, dtype, inputs, dry_run, plan_out, save,
               no_verify, fmt, debug, lambda _plan: _read_plan(plan_file), from_file=True,
               weights=weights, trust_spec=trust_spec)

def check_outputs(save: str | None, plan_out: str | None, inputs: list[str | None]) -> None:
    """Refuse, before any work, an output that cannot be written or that is an input."""
    import os
    from pathlib import Path

    from ..surgery.save import check_target

    # A spec ``file.py:Name`` names the file too.
    paths = [q for p in inputs if p for q in (p, p.rsplit(":", 1)[0] if ":" in p[2:] else p)]
    given = {os.path.realpath(p) for p in paths}
    for option, path in (("--save", save), ("--plan-out", plan_out)):
        if path and os.path.realpath(path) in given:
            raise DropsurgeonError(f"{option} {path} is one of this command's inputs; not "
                                   "overwriting it (nothing written)")
    if save and plan_out and os.path.realpath(save) == os.path.realpath(plan_out):
        raise DropsurgeonError("--save and --plan-out name the same path")
    if save:
        check_target(Path(save))
    if plan_out:
        target = Path(os.path.realpath(plan_out))
        folder = target.parent
        if target.is_dir():
            raise DropsurgeonError(f"--plan-out {plan_out}: is a directory (nothing written)")
        if not folder.is_dir():
            raise DropsurgeonError(f"--plan-out {plan_out}: no such directory {folder} "
                                   "(nothing written)")
        writable = os.access(target, os.W_OK) if target.exists() else os.access(
            folder, os.W_OK | os.X_OK)
        if not writable:
            raise DropsurgeonError(f"--plan-out {plan_out}: permission denied (nothing "
                                   "written)")


def _spec_for_save(spec: str, kwargs: dict) -> tuple[str | None, dict]:
    """A save of a model loaded from a save records the spec that builds its architecture."""
    from pathlib import Path

    from ..surgery.save import is_save, read_manifest

    if Path(spec).is_dir() and is_save(spec):
        manifest = read_manifest(spec)
        return manifest.get("spec"), dict(manifest.get("kwargs") or {})
    return spec, kwargs


def _load_one(spec: str, kwargs: str | None, input_shape: list[str], dtype: str | None,
              inputs_file: str | None, *, weights: str | None = None,
              trust_spec: bool | None = None) -> tuple[str, Any, Any, dict, str | None]:
    from ..load import LoadedModel, load_inputs_file, load_models, parse_kwargs, parse_shape

    shapes = [parse_shape(s) for s in input_shape] or None
    given = load_inputs_file(inputs_file) if inputs_file else None
    loaded = load_models(spec, parse_kwargs(kwargs), device="cpu", input_shapes=shapes,
                         dtype=dtype, inputs=given, weights=weights, trust_spec=trust_spec)
    models = [m for m in loaded if isinstance(m, LoadedModel)]
    if len(loaded) != 1:
        names = ", ".join(m.name for m in loaded)
        raise DropsurgeonError(f"{spec} names {len(loaded)} models ({names}); name one with "
                               "file.py:Name")
    if not models:
        raise DropsurgeonError(f"{loaded[0].name}: {loaded[0].reason}")
    m = models[0]
    args = m.example_inputs if m.example_inputs is not None else None
    if args == () and not m.example_kwargs:
        args = None
    return m.name, m.model, args, dict(m.example_kwargs), m.input_origin


def _read_plan(path: str) -> Any:
    from pathlib import Path

    from ..surgery import Plan

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise DropsurgeonError(f"{path}: cannot read the plan: {exc.strerror or exc}") from None
    try:
        return Plan.from_json(text)
    except DropsurgeonError as exc:
        raise DropsurgeonError(f"{path}: {exc}") from None


def _print(name: str, result: Any, dry_run: bool, origin: str | None, save: str | None,
           plan_out: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    title = f"{name}: {'planned' if dry_run else 'applied'} changes ({len(result.changes)})"
    table = Table(title=title, title_justify="left")
    for col in ("site", "action", "before", "after", "via"):
        table.add_column(col)
    for c in result.changes:
        table.add_row(c.target or "model", c.action, c.before, c.after, c.via)
    console.print(table)
    from ..surgery.plan import group_notes

    for note in group_notes(result.notes):
        console.print(f"[yellow]not reached:[/yellow] {note}")
    if result.verification is not None:
        console.print(f"verification (inputs: {origin or 'none'}):")
        for line in result.verification.lines():
            console.print(f"  {line}")
    elif dry_run:
        console.print("dry run: nothing verified, nothing written except --plan-out")
    else:
        console.print("verification skipped (--no-verify)")
    if save:
        console.print(f"saved the model to {save}/ (safetensors weights, plan, spec)")
    if plan_out:
        console.print(f"wrote the plan to {plan_out}")
