"""The ``check`` command: parse, call :func:`dropsurgeon.check.check_spec`, render."""

from __future__ import annotations

import typer

from ..errors import DropsurgeonError
from .common import TRUST_HELP, WEIGHTS_HELP


def register(app: typer.Typer) -> None:
    from .common import FORMAT_HELP, emit, fail

    @app.command()
    def check(
        target: str = typer.Argument(..., help="A model spec: file.py[:Name] or pkg.mod:Name."),
        kwargs: str | None = typer.Option(None, "--kwargs", help="JSON kwargs for the builder."),
        weights: str | None = typer.Option(
            None, "--weights", help=WEIGHTS_HELP),
        trust_spec: bool = typer.Option(
            False, "--trust-spec", help=TRUST_HELP),
        input_shape: list[str] = typer.Option(
            [], "--input-shape", help="e.g. 8,3,32,32 (repeat for several inputs)."
        ),
        dtype: str | None = typer.Option(None, "--dtype", help="dtype of generated inputs."),
        inputs: str | None = typer.Option(
            None, "--inputs", help="A .pt file of example inputs (loaded with weights_only)."
        ),
        fmt: str = typer.Option("console", "--format", "-f", help=FORMAT_HELP),
        output: str | None = typer.Option(None, "--output", "-o", help="Write the report here."),
        fail_on: str | None = typer.Option(None, "--fail-on", help="error, warning or info."),
        select: str | None = typer.Option(None, "--select", help="Only these codes/prefixes."),
        ignore: str | None = typer.Option(None, "--ignore", help="Skip these codes/prefixes."),
        device: str = typer.Option("cpu", "--device", help="Run on cpu (default) or cuda."),
        show_suppressed: bool = typer.Option(False, "--show-suppressed"),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Run the model: prove no dropout or randomness is active in eval mode."""
        from ..guard.check import check_spec
        from ..load import loading
        from ..report import render

        try:
            with loading(weights=weights, trust_spec=trust_spec):  # issue 18 items 1, 5
                report = check_spec(
                    target,
                    kwargs=kwargs,
                    input_shapes=input_shape or None,
                    dtype=dtype,
                    inputs_file=inputs,
                    fail_on=fail_on,
                    select=select,
                    ignore=ignore,
                    device=device,
                )
            text = render(report, fmt, show_suppressed=show_suppressed)
        except DropsurgeonError as exc:
            fail(str(exc), debug)
        except ValueError as exc:  # e.g. an unknown --fail-on severity
            fail(str(exc), debug)
        emit(text, output)
        for err in report.errors:
            typer.echo(f"dropsurgeon: error: {err}", err=True)
        raise typer.Exit(report.exit_code())
