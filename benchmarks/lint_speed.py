"""How much slower is a lint than one torch.fx trace of the same model?

Per model: the median time of ``dropsurgeon.lint(model)`` (default front-end layering, no
example inputs, so fx-traceable models are traced in train and in eval mode, then listed,
enriched from source and run through the rules) divided by the median time of one
``torch.fx.symbolic_trace(model)``.  Both are measured side by side in the same process, on
the same model object, after one warm-up each, alternating so that a noisy neighbour hurts
both alike.  Target: ratio <= 3 for traceable models.  The warm-up lint is reported too
(``cold``): it also scans the source files the sites point into, which later lints of the
same files take from a cache.

For timm models a second baseline is timed too: an fx trace with timm's own leaf modules
and autowrapped functions, which is what the linter's fx front-end traces (plain
``symbolic_trace`` inlines those layers, so it can be slower than the lint's two traces).  A
timm model that plain ``symbolic_trace`` cannot trace uses that one as its main baseline;
the ``baseline`` column says which.

Usage::

    .venv/bin/python benchmarks/lint_speed.py                 # ~10 torchvision + ~10 timm
    .venv/bin/python benchmarks/lint_speed.py --reps 7 --only resnet
    .venv/bin/python benchmarks/lint_speed.py --markdown benchmarks/results/lint_speed.md
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TORCHVISION = ["alexnet", "resnet18", "resnet50", "mobilenet_v3_small", "efficientnet_b0",
               "densenet121", "convnext_tiny", "regnet_y_400mf", "vit_b_16", "swin_t",
               "squeezenet1_0"]
TIMM = ["resnet18", "vit_tiny_patch16_224", "deit_tiny_patch16_224", "convnext_atto",
        "efficientnet_b0", "mobilenetv3_small_100", "swin_tiny_patch4_window7_224",
        "levit_128", "pvt_v2_b0", "mixer_s16_224", "coat_lite_tiny", "tiny_vit_5m_224"]
TARGET = 3.0


@dataclass
class Timing:
    zoo: str
    model: str
    params_m: float = 0.0
    baseline: str = ""
    trace_ms: float = 0.0
    leaf_ms: float = 0.0  # timm models: an fx trace with timm's leaves
    lint_ms: float = 0.0
    cold_ms: float = 0.0  # the first lint of the model: source files not yet scanned
    frontends: str = ""
    sites: int = 0
    error: str = ""

    @property
    def ratio(self) -> float | None:
        return self.lint_ms / self.trace_ms if self.trace_ms and self.lint_ms else None

    @property
    def cold_ratio(self) -> float | None:
        return self.cold_ms / self.trace_ms if self.trace_ms and self.cold_ms else None

    @property
    def leaf_ratio(self) -> float | None:
        return self.lint_ms / self.leaf_ms if self.leaf_ms and self.lint_ms else None


def build(zoo: str, name: str) -> Any:
    if zoo == "torchvision":
        from torchvision.models import get_model

        return get_model(name, weights=None)
    import timm

    try:
        return timm.create_model(name, pretrained=False, drop_rate=0.1, drop_path_rate=0.1)
    except TypeError:
        return timm.create_model(name, pretrained=False, drop_rate=0.1)


def plain_trace(model: Any) -> Callable[[], Any] | None:
    """One plain ``torch.fx.symbolic_trace``, or None when it cannot trace the model."""
    import torch.fx

    try:
        torch.fx.symbolic_trace(model)  # also the warm-up
    except Exception:  # noqa: BLE001 - timm's untraceable layers
        return None
    return lambda: torch.fx.symbolic_trace(model)


def timm_leaf_trace(model: Any) -> Callable[[], Any] | None:
    """One fx trace with timm's own leaf modules and autowrapped functions.

    This is what the fx front-end traces for a timm model, so ``lint / this`` is the
    like-for-like ratio: plain symbolic_trace inlines timm's leaves (BatchNormAct2d ...)
    and can be slower than the lint's own two traces.
    """
    import torch.fx

    try:
        from timm.layers import _fx as timm_fx
    except ImportError:
        return None
    leaves = tuple(getattr(timm_fx, "_leaf_modules", ()))
    autowrap = tuple(getattr(timm_fx, "_autowrap_functions", ()))

    class TimmTracer(torch.fx.Tracer):
        def is_leaf_module(self, m: Any, qualname: str) -> bool:
            return isinstance(m, leaves) or super().is_leaf_module(m, qualname)

    def trace() -> Any:
        tracer = TimmTracer(autowrap_functions=autowrap)
        return torch.fx.GraphModule(model, tracer.trace(model))

    try:
        trace()  # also the warm-up
    except Exception:  # noqa: BLE001
        return None
    return trace


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def measure(zoo: str, name: str, reps: int) -> Timing:
    import torch

    import dropsurgeon

    row = Timing(zoo, name)
    try:
        torch.manual_seed(0)
        model = build(zoo, name)
        row.params_m = sum(p.numel() for p in model.parameters()) / 1e6
        plain = plain_trace(model)
        leaf = timm_leaf_trace(model) if zoo == "timm" else None
    except Exception as exc:  # noqa: BLE001
        row.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
        return row
    # the main baseline is plain symbolic_trace; timm's leaf tracer where that fails
    trace = plain or leaf
    if trace is None:
        row.error = "torch.fx cannot trace it"
        return row
    row.baseline = "symbolic_trace" if plain is not None else "fx+timm leaves"
    start = time.perf_counter()
    report = dropsurgeon.lint(model)  # the lint warm-up; also what it saw
    row.cold_ms = (time.perf_counter() - start) * 1000.0
    result = report.models[0]
    row.frontends = "+".join(result.frontends)
    row.sites = result.site_count
    if "fx" not in result.frontends:
        row.error = f"fx did not see it ({result.reason[:100]})"
    traces, leaf_traces, lints = [], [], []
    for _ in range(reps):
        gc.collect()
        start = time.perf_counter()
        trace()
        traces.append(time.perf_counter() - start)
        if leaf is not None:
            gc.collect()
            start = time.perf_counter()
            leaf()
            leaf_traces.append(time.perf_counter() - start)
        gc.collect()
        start = time.perf_counter()
        dropsurgeon.lint(model)
        lints.append(time.perf_counter() - start)
    row.trace_ms, row.lint_ms = _median_ms(traces), _median_ms(lints)
    row.leaf_ms = _median_ms(leaf_traces) if leaf_traces else 0.0
    return row


HEADER = ("zoo", "model", "params M", "baseline", "trace ms", "lint ms", "ratio",
          "cold lint ms", "cold ratio", "timm-leaf trace ms", "ratio vs timm-leaf",
          "front-ends", "sites")


def cells(r: Timing) -> list[str]:
    ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
    if r.ratio is not None and r.ratio > TARGET:
        ratio += " (>3)"
    leaf_ms = f"{r.leaf_ms:.0f}" if r.leaf_ms else "-"
    leaf_ratio = f"{r.leaf_ratio:.2f}" if r.leaf_ratio is not None else "-"
    cold = f"{r.cold_ratio:.2f}" if r.cold_ratio is not None else "-"
    return [r.zoo, r.model, f"{r.params_m:.1f}", r.baseline or "-", f"{r.trace_ms:.0f}",
            f"{r.lint_ms:.0f}", ratio, f"{r.cold_ms:.0f}", cold, leaf_ms, leaf_ratio,
            r.frontends or "-", str(r.sites)]


def summary(rows: list[Timing]) -> str:
    ratios = [r.ratio for r in rows if r.ratio is not None and not r.error]
    if not ratios:
        return "no model was timed"
    within = sum(x <= TARGET for x in ratios)
    text = (f"ratio lint / one fx trace over {len(ratios)} traceable models: "
            f"median {statistics.median(ratios):.2f}, max {max(ratios):.2f}, "
            f"min {min(ratios):.2f}; {within}/{len(ratios)} within the target <= {TARGET:g}")
    cold = [r.cold_ratio for r in rows if r.cold_ratio is not None and not r.error]
    if cold:
        text += (f"\ncold (first lint of each model, its source files not yet scanned): "
                 f"median {statistics.median(cold):.2f}, max {max(cold):.2f}; "
                 f"{sum(x <= TARGET for x in cold)}/{len(cold)} <= {TARGET:g}")
    leaf = [r.leaf_ratio for r in rows if r.leaf_ratio is not None and not r.error]
    if leaf:
        text += (f"\ntimm models, lint / one fx trace with timm's leaves (what the linter "
                 f"traces): median {statistics.median(leaf):.2f}, max {max(leaf):.2f}, "
                 f"min {min(leaf):.2f}; {sum(x <= TARGET for x in leaf)}/{len(leaf)} <= "
                 f"{TARGET:g}")
    failed = [r for r in rows if r.error]
    if failed:
        text += "\nnot timed or not by fx: " + "; ".join(f"{r.model}: {r.error}" for r in failed)
    return text


def table(rows: list[Timing]) -> str:
    grid = [list(HEADER)] + [cells(r) for r in rows]
    widths = [max(len(c[i]) for c in grid) for i in range(len(HEADER))]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(HEADER))) for c in grid]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(rows: list[Timing], argv: list[str], threads: int, reps: int) -> str:
    import platform

    import torch

    head = [
        "# Lint time / one torch.fx trace",
        "",
        f"Generated by `python benchmarks/lint_speed.py {' '.join(argv)}` (torch "
        f"{torch.__version__}, Python {platform.python_version()}, CPU, {threads} torch "
        f"thread(s), median of {reps} repetitions after one warm-up, "
        f"{time.strftime('%Y-%m-%d')}).",
        "",
        "```",
        summary(rows),
        "```",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    return "\n".join(head + ["| " + " | ".join(cells(r)) + " |" for r in rows]) + "\n"


def _warm_imports() -> None:
    """One lint of a toy model, so that no model's cold time pays dropsurgeon's imports."""
    import torch.nn as nn

    import dropsurgeon

    dropsurgeon.lint(nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.1)))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions per model")
    ap.add_argument("--only", default="", help="regex on model names")
    ap.add_argument("--zoo", default="torchvision,timm")
    ap.add_argument("--threads", type=int, default=1, help="torch threads")
    ap.add_argument("--markdown", help="write the table as Markdown to this file")
    args = ap.parse_args(argv)
    import warnings

    import torch

    warnings.simplefilter("ignore")
    torch.set_num_threads(args.threads)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    zoos = {z.strip() for z in args.zoo.split(",")}
    plan = [("torchvision", n) for n in TORCHVISION if "torchvision" in zoos]
    plan += [("timm", n) for n in TIMM if "timm" in zoos]
    if args.only:
        plan = [(z, n) for z, n in plan if re.search(args.only, n)]
    _warm_imports()
    rows = []
    for zoo, name in plan:
        row = measure(zoo, name, args.reps)
        rows.append(row)
        print("  ".join(cells(row)) + (f"  [{row.error}]" if row.error else ""), flush=True)
    print()
    print(table(rows))
    print()
    print(summary(rows))
    if args.markdown:
        from dropsurgeon.atomic import write_text

        write_text(args.markdown, markdown(rows, argv, args.threads, args.reps))
    ratios = [r.ratio for r in rows if r.ratio is not None and not r.error]
    return 0 if ratios and max(ratios) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
