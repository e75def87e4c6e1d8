"""``dropsurgeon schedule-plot``: draw dropout schedules (rate against step).

Parses each ``--p`` preset (the text ``dropsurgeon.schedule`` takes), then writes a PNG with
``-o`` (matplotlib, the ``[plot]`` extra), prints the rates at evenly spaced steps as a table,
or, with ``--format json``, prints the sampled curve.  Exit codes: 0 done, 2 bad input.
"""

from __future__ import annotations

import json

import typer

P_HELP = ("A schedule (repeat to compare several): a number, constant(p), linear(start, end, "
          "steps), cosine(start, end, steps), early(p, until), late(p, start), "
          "curriculum(p_final, gamma), warmup(p, steps).")


def register(app: typer.Typer) -> None:
    from .common import emit, fail

    @app.command("schedule-plot")
    def schedule_plot(
        p: list[str] = typer.Option(..., "--p", help=P_HELP),
        steps: int = typer.Option(10000, "--steps", help="Last step to draw."),
        output: str | None = typer.Option(None, "-o", "--output",
                                          help="Write the plot to this PNG file."),
        title: str | None = typer.Option(None, "--title", help="Title of the plot."),
        fmt: str = typer.Option("console", "--format",
                                help="Without -o: console (a table) or json (the curve)."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Draw dropout-rate schedules, e.g. --p 'early(0.1, until=2000)' --steps 10000."""
        from ..errors import DropsurgeonError
        from ..schedules import parse
        from ..schedules.plot import curve, plot
        from ..schedules.presets import check_steps

        if fmt not in ("console", "json"):
            fail(f"unknown --format {fmt!r} (expected console or json)", debug)
        try:
            check_steps(steps, "--steps")
            presets = [parse(text) for text in p]
            if output:
                try:
                    plot(presets, steps, output, title=title)
                except OSError as exc:
                    fail(f"cannot write -o {output}: {exc.strerror or exc}", debug)
                if fmt == "console":
                    typer.echo(f"wrote {output} ({len(presets)} schedule(s), steps 0..{steps})")
                return
            if fmt == "json":
                curves = []
                for preset in presets:
                    xs, ys = curve(preset, steps)
                    curves.append({"p": str(preset), "steps": xs, "rates": ys})
                emit(json.dumps({"schedules": curves}), None)
                return
            _table(presets, steps)
        except DropsurgeonError as exc:
            fail(str(exc), debug)


def _table(presets: list, steps: int) -> None:
    from rich.console import Console
    from rich.table import Table

    marks = sorted({round(i * steps / 10) for i in range(11)})
    table = Table("step", *[str(p) for p in presets])
    for step in marks:
        table.add_row(str(step), *[f"{p.rate(step):.4g}" for p in presets])
    Console().print(table)
