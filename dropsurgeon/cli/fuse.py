"""``dropsurgeon fuse SPEC``: what the fused-dropout graph pass would replace, and what it saves.

Exit codes: 0 done (also when nothing is fusable: the report says so), 2 bad input.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from ..errors import DropsurgeonError
from .common import TRUST_HELP, WEIGHTS_HELP

SPEC_HELP = "A model spec naming one model: file.py[:Name] or pkg.mod:Name."


def register(app: typer.Typer) -> None:
    from .common import emit, fail

    @app.command()
    def fuse(
        spec: str = typer.Argument(..., help=SPEC_HELP),
        frontend: str = typer.Option("auto", "--frontend",
                                     help="auto (fx, else torch.compile), fx or compile."),
        add_norm: bool = typer.Option(False, "--add-norm",
                                      help="Also fuse residual add + norm with no dropout."),
        split_linear_bias: bool = typer.Option(
            False, "--split-linear-bias", help="Move a Linear's bias into the fused op."),
        kwargs: str | None = typer.Option(None, "--kwargs", help="JSON kwargs for the builder."),
        weights: str | None = typer.Option(
            None, "--weights", help=WEIGHTS_HELP),
        trust_spec: bool = typer.Option(
            False, "--trust-spec", help=TRUST_HELP),
        input_shape: list[str] = typer.Option([], "--input-shape", help="e.g. 8,128,768."),
        dtype: str | None = typer.Option(None, "--dtype", help="dtype of generated inputs."),
        inputs: str | None = typer.Option(None, "--inputs", help="A .pt file of inputs."),
        fmt: str = typer.Option("console", "--format", help="console or json."),
        output: str | None = typer.Option(None, "--output", "-o", help="Write to a file."),
        debug: bool = typer.Option(False, "--debug", help="Tracebacks for errors."),
    ) -> None:
        """Show which dropout sites the fused ops would replace and the bytes saved per step."""
        from ..fused.survey import fuse_report
        from .surgery import _load_one

        if fmt not in ("console", "json"):
            fail(f"unknown --format {fmt!r} (expected console or json)", debug)
        try:
            name, model, args, kw, origin = _load_one(spec, kwargs, input_shape, dtype, inputs,
                                                      weights=weights, trust_spec=trust_spec)
            report = fuse_report(model, args, kw or None, frontend=frontend, add_norm=add_norm,
                                 split_linear_bias=split_linear_bias)
        except DropsurgeonError as exc:
            fail(str(exc), debug)
        except Exception as exc:  # noqa: BLE001 - the model's forward on the given inputs
            fail(model_error(exc), debug)
        if fmt == "json":
            emit(json.dumps({"model": name, "inputs": origin, **report.to_dict()}, indent=2),
                 output)
        elif output:
            emit(f"{name}\n{report.render()}", output)
        else:
            _print(name, report, origin)


def model_error(exc: BaseException) -> str:
    """One line for an exception the model (or a builder) raised on the command's inputs:
    its type, its first line and, from the note dropsurgeon added, what was running."""
    text = str(exc).strip().splitlines()
    notes = [n for n in getattr(exc, "__notes__", ()) if n.startswith("dropsurgeon")]
    when = f" ({notes[0].split(': ', 1)[-1]})" if notes else ""
    return f"{type(exc).__name__}: {text[0] if text else ''}{when}"


def _print(name: str, report: Any, origin: str | None) -> None:
    from rich.console import Console

    from ..fused.report import human_bytes as _human

    console = Console(highlight=False)
    console.print(f"[bold]{name}[/bold] via {report.frontend}"
                  + (f" (inputs: {origin})" if origin else ""))
    for e in report.entries:
        if e.numel is None:
            saved, mask = f"{e.bytes_saved:g} B/elem", f"{e.mask_bytes:g} B/elem"
        else:
            saved, mask = _human(e.bytes_saved), _human(e.mask_bytes)
        where = f" ({_short(e.location)})" if e.location else ""
        console.print(f"[bold]{e.pattern}[/bold]  {e.module or 'model'}{where}  "
                      f"p={e.p:g}, {e.training}")
        console.print(f"  replaces {e.chain}; saves {saved}/step, frees {mask} of mask")
    for s in report.skipped:
        console.print(f"not fused: {s.node}" + (f" at {s.location}" if s.location else "")
                      + f": {s.reason}")
    for note in report.notes:
        console.print(f"note: {note}")
    for line in report.totals():
        console.print(line)


def _short(location: str) -> str:
    """``.../transformers/models/bert/modeling_bert.py:292`` -> ``modeling_bert.py:292``."""
    return location.replace("\\", "/").rsplit("/", 1)[-1]
