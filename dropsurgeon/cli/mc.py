"""``dropsurgeon mc``: Monte Carlo dropout predictions of a model on saved inputs.

Thin over :func:`dropsurgeon.mc_predict`: load the model and the inputs, sample, print a
summary (mean confidence, an entropy histogram, calibration when targets are given) and
optionally write the full result (``.json`` or ``.pt``) and a reliability diagram.
"""

from __future__ import annotations

import json
import math
from typing import Any

import typer

from ..errors import DropsurgeonError
from .common import TRUST_HELP, WEIGHTS_HELP

WHERE_HELP = "Which dropout sites to switch on (surgery selectors; default: all)."


def register(app: typer.Typer) -> None:
    @app.command()
    def mc(
        spec: str = typer.Argument(..., help="Model spec: file.py, file.py:Name or pkg.mod:Name."),
        inputs: str = typer.Option(..., "--inputs", help="A .pt file of inputs (a tensor, a "
                                   "list of tensors or a dict of keyword inputs)."),
        samples: int = typer.Option(30, "--samples", "-T", help="Stochastic forwards (>= 2)."),
        where: list[str] = typer.Option(["dropout"], "--where", "-w", help=WHERE_HELP),
        targets: str | None = typer.Option(None, "--targets", help="A .pt tensor of labels."),
        output: str | None = typer.Option(None, "--output", "-o",
                                          help="Write the result: .json or .pt."),
        plot: str | None = typer.Option(None, "--plot", help="Reliability diagram PNG "
                                        "(classification, needs --targets)."),
        seed: int | None = typer.Option(None, "--seed", help="Make the result reproducible."),
        chunk: int | None = typer.Option(None, "--chunk", help="Rows per forward at most."),
        task: str = typer.Option("auto", "--task", help="auto, classification or regression."),
        kwargs: str | None = typer.Option(None, "--kwargs", help="JSON kwargs for the builder."),
        weights: str | None = typer.Option(
            None, "--weights", help=WEIGHTS_HELP),
        trust_spec: bool = typer.Option(
            False, "--trust-spec", help=TRUST_HELP),
        fmt: str = typer.Option("console", "--format", "-f", help="console or json."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Sample a model with its dropout on (only the selected sites; BatchNorm stays in
        eval) and summarise its uncertainty."""
        from .common import fail

        if fmt not in ("console", "json"):
            fail(f"unknown --format {fmt!r} (expected console or json)", debug)
        if output and not output.endswith((".json", ".pt")):
            fail(f"--output must end in .json or .pt (got {output})", debug)
        from .common import refuse_overwriting_inputs

        for flag, path in (("--output", output), ("--plot", plot)):
            refuse_overwriting_inputs(path, [spec, inputs, targets, weights], flag)
        from ..load import loading

        try:
            # --targets makes it an evaluation: fresh (untrained) weights get a warning.
            with loading(weights, trust_spec, evaluating=targets is not None):
                name, result, y = _run(spec, inputs, samples, where, targets, seed, chunk,
                                       task, kwargs)
            summary = _summary(name, result, y)
            if plot:
                if y is None or result.task != "classification":
                    raise DropsurgeonError("--plot draws a reliability diagram: it needs a "
                                           "classifier and --targets")
                result.reliability_plot(y, plot, model=name)
            if output:
                _write(output, result, summary)
        except DropsurgeonError as exc:
            fail(str(exc), debug)
        except Exception as exc:  # noqa: BLE001 - the model's own error on these inputs
            from .fuse import model_error

            noted = any(n.startswith("dropsurgeon") for n in getattr(exc, "__notes__", ()))
            if not noted and not isinstance(exc, (ValueError, TypeError, RuntimeError)):
                raise  # not the model's, not bad input: the app's internal-error handler
            fail(model_error(exc), debug)
        if fmt == "json":
            typer.echo(json.dumps(summary, indent=2))
        else:
            _print(summary)


def _run(spec: str, inputs: str, samples: int, where: list[str], targets: str | None,
         seed: int | None, chunk: int | None, task: str, kwargs: str | None) -> tuple:
    from ..load import load_inputs_file
    from ..mc import mc_predict
    from .surgery import _load_one

    name, model, args, kw, _ = _load_one(spec, kwargs, [], None, inputs)
    if args is None and not kw:
        args = load_inputs_file(inputs)
    y = None
    if targets:
        y = load_inputs_file(targets)[0]
    selector: Any = where[0] if len(where) == 1 else list(where)
    result = mc_predict(model, *(args or ()), samples=samples, where=selector, seed=seed,
                        chunk=chunk, task=task, **kw)
    return name, result, y


def _summary(name: str, result: Any, targets: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "model": name, "task": result.task, "rows": len(result),
        "samples": result.num_samples, "folded": result.folded, "split": result.split,
        "shared_fraction": round(result.shared_fraction, 4), "sites": result.sites,
        "notes": result.notes,
    }
    if result.task == "classification":
        ent = result.predictive_entropy.reshape(-1)
        classes = result.probs.shape[-1]
        out["mean_confidence"] = float(result.confidence.nanmean())
        out["mean_predictive_entropy"] = float(ent.nanmean())
        out["mean_mutual_information"] = float(result.mutual_information.nanmean())
        out["entropy_histogram"] = _histogram(ent.tolist(), math.log(classes))
        if targets is not None:
            out["calibration"] = result.calibration(targets)
    else:
        std = result.std
        std = std if not isinstance(std, (dict, tuple)) else None
        if std is not None:
            out["mean_std"] = float(std.mean())
        if targets is not None and std is not None:
            import torch

            mean = result.mean
            y = torch.as_tensor(targets, dtype=mean.dtype).reshape(mean.shape)
            out["rmse"] = float(((mean - y) ** 2).mean().sqrt())
    return out


def _histogram(values: list[float], top: float, bins: int = 10) -> dict[str, Any]:
    # NaN rows (named in the result's notes) have no bin: they are counted apart.
    finite = [v for v in values if math.isfinite(v)]
    top = max(top, max(finite, default=0.0), 1e-12)
    counts = [0] * bins
    for v in finite:
        counts[min(bins - 1, int(v / top * bins))] += 1
    return {"edges": [round(top * k / bins, 4) for k in range(bins + 1)], "counts": counts,
            "not_finite": len(values) - len(finite)}


def _write(path: str, result: Any, summary: dict) -> None:
    from ..atomic import write_bytes, write_text

    if path.endswith(".json"):
        data = result.to_dict()
        data["summary"] = summary
        write_text(path, json.dumps(data) + "\n")
        return
    import io

    import torch

    buf = io.BytesIO()
    torch.save({**result.tensors(), "summary": summary}, buf)
    write_bytes(path, buf.getvalue())


def _print(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    how = "folded into the batch" if summary["folded"] else "in a loop"
    console.print(f"[bold]{summary['model']}[/bold]: {summary['samples']} samples of "
                  f"{summary['rows']} rows ({summary['task']}), {how}; "
                  f"{summary['shared_fraction']:.0%} of the forward shared"
                  + (f" (replicated at {summary['split']})" if summary["split"] else ""))
    console.print(f"sites on: {', '.join(summary['sites'])}")
    for note in summary["notes"]:
        console.print(f"[yellow]note:[/yellow] {note}")
    if summary["task"] == "classification":
        console.print(f"mean confidence {summary['mean_confidence']:.3f}   mean predictive "
                      f"entropy {summary['mean_predictive_entropy']:.3f}   mean mutual "
                      f"information {summary['mean_mutual_information']:.4f}")
        hist = summary["entropy_histogram"]
        table = Table(title="predictive entropy", show_header=True, box=None)
        table.add_column("entropy", justify="right")
        table.add_column("rows", justify="right")
        table.add_column("")
        peak = max(hist["counts"]) or 1
        for k, count in enumerate(hist["counts"]):
            lo, hi = hist["edges"][k], hist["edges"][k + 1]
            bar = "█" * round(30 * count / peak)
            table.add_row(f"{lo:.2f}-{hi:.2f}", str(count), f"[cyan]{bar}[/cyan]")
        console.print(table)
        if hist.get("not_finite"):
            console.print(f"{hist['not_finite']} rows with NaN entropy are not in the histogram")
        cal = summary.get("calibration")
        if cal:
            console.print(f"accuracy {cal['accuracy']:.3f}   ECE (15 bins) {cal['ece']:.4f}   "
                          f"NLL {cal['nll']:.4f}   Brier {cal['brier']:.4f}")
    else:
        if "mean_std" in summary:
            console.print(f"mean predictive std {summary['mean_std']:.4g}")
        if "rmse" in summary:
            console.print(f"RMSE of the MC mean {summary['rmse']:.4g}")
