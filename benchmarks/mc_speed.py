"""MC dropout speed: ``dropsurgeon.mc_predict`` against baal 2.1, side by side in one run.

Every tool computes the same thing -- the mean and the variance over T = 32 MC-dropout
samples -- on CPU with one thread:

* ``mlp``: a 3-layer MLP (32 -> 256 -> 256 -> 10) with dropout after each hidden layer,
  batch 8;
* ``resnet18``: torchvision resnet18 (no weights, 10 classes) with dropout inserted only
  before ``fc`` by ``dropsurgeon.insert(..., "before:fc")``, batch 4 of 112x112 images;
* ``residual``: 6 residual blocks ``x + W2 drop(relu(W1 x))`` (width 256) with dropout in
  every block, batch 16.

baal runs in both of its modes: ``replicate_in_memory=True`` (the batch stacked T times, one
forward) and ``False`` (a loop of T forwards), through ``ModelWrapper.predict_on_batch`` on
``MCDropoutModule(model)``; its mean/variance are taken over the returned sample axis.
Timings are the fastest of ``--rounds`` rounds (robust on a shared machine), tools
alternating within each round, after
one warm-up call each (dropsurgeon caches its plan per model and input shape; the first,
uncached call is reported too).  Peak memory is the growth of the peak RSS during one call
after a warm-up (``/proc/self/clear_refs``), in a fresh process per tool with a fixed
``MALLOC_MMAP_THRESHOLD_`` (so freed blocks leave the RSS), with and without ``chunk``.

    .venv/bin/python benchmarks/mc_speed.py [--rounds 15] [--markdown results/mc_speed.md]
        [--plot results/mc_speed.png]

baal is a benchmark-only dependency: ``pip install --no-deps baal==2.1.0 structlog``.
Where it is missing the script says so and prints no number for it.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dropsurgeon  # noqa: E402

T = 32


class Residual(nn.Module):
    def __init__(self, width: int, p: float) -> None:
        super().__init__()
        self.fc1 = nn.Linear(width, width)
        self.drop = nn.Dropout(p)
        self.fc2 = nn.Linear(width, width)

    def forward(self, x):
        return x + self.fc2(self.drop(torch.relu(self.fc1(x))))


def build(name: str) -> tuple[nn.Module, torch.Tensor]:
    torch.manual_seed(0)
    if name == "mlp":
        model = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Dropout(0.2),
                              nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.2),
                              nn.Linear(256, 10))
        return model.eval(), torch.randn(8, 32)
    if name == "resnet18":
        import torchvision

        base = torchvision.models.resnet18(weights=None, num_classes=10)
        model = dropsurgeon.insert(base, "before:fc", p=0.5, verify=False)
        return model.eval(), torch.randn(4, 3, 112, 112)
    if name == "residual":
        model = nn.Sequential(nn.Linear(64, 256), *[Residual(256, 0.1) for _ in range(6)],
                              nn.Linear(256, 10))
        return model.eval(), torch.randn(16, 64)
    raise ValueError(name)


def baal_runner(model: nn.Module, replicate: bool) -> Callable[[torch.Tensor], Any] | None:
    try:
        from baal.bayesian.dropout import MCDropoutModule
        from baal.modelwrapper import ModelWrapper, TrainingArgs
    except ImportError:
        return None
    wrapped = MCDropoutModule(copy.deepcopy(model)).eval()
    wrapper = ModelWrapper(wrapped, TrainingArgs(replicate_in_memory=replicate, use_cuda=False))

    def run(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out = wrapper.predict_on_batch(x, iterations=T)  # [batch, classes, T]
        return out.mean(-1), out.var(-1)

    return run


def ours_runner(model: nn.Module, chunk: int | None = None) -> Callable[[torch.Tensor], Any]:
    def run(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        res = dropsurgeon.mc_predict(model, x, samples=T, seed=0, chunk=chunk,
                                     task="regression")
        return res.mean, res.variance

    return run


def _peak_rss_kb() -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _rss_kb() -> int | None:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def peak_memory_mb(fn: Callable[[], Any]) -> float | None:
    """Growth of the peak RSS during one call, in MiB (Linux only)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # reset VmHWM to the current RSS
    except OSError:
        return None
    base = _rss_kb()
    fn()
    peak = _peak_rss_kb()
    if base is None or peak is None:
        return None
    return max(0.0, (peak - base) / 1024)


def measure_in_fresh_process(model: str, tool: str) -> float | None:
    """Peak RSS growth of one call in a new process (no allocator cache from earlier runs)."""
    import subprocess

    cmd = [sys.executable, os.path.abspath(__file__), "--measure", model, tool]
    # A fixed mmap threshold: glibc then returns every large block at free, so the RSS
    # follows the live tensors instead of what the allocator kept from the warm-up.
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"}
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=True,
                             env=env)
        return float(out.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError):
        return None


def _measure(model_name: str, tool: str) -> None:
    torch.set_num_threads(1)
    model, x = build(model_name)
    if tool == "dropsurgeon":
        fn = ours_runner(model)
    elif tool == "dropsurgeon chunk":
        fn = ours_runner(model, chunk=4 * x.shape[0])
    else:
        fn = baal_runner(model, tool == "baal replicate")  # type: ignore[assignment]
    fn(x)  # warm-up: imports, dropsurgeon's plan
    peak = peak_memory_mb(lambda: fn(x))
    print("nan" if peak is None else f"{peak:.2f}")


def time_tools(tools: dict[str, Callable], x: torch.Tensor, rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in tools}
    for fn in tools.values():
        fn(x)  # warm-up (and dropsurgeon's plan)
    for _ in range(rounds):
        for name, fn in tools.items():
            t0 = time.perf_counter()
            fn(x)
            times[name].append(time.perf_counter() - t0)
    return {name: min(v) for name, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--models", default="mlp,resnet18,residual")
    ap.add_argument("--markdown")
    ap.add_argument("--plot")
    ap.add_argument("--measure", nargs=2, metavar=("MODEL", "TOOL"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        _measure(*args.measure)
        return 0
    torch.set_num_threads(1)
    have_baal = baal_runner(nn.Sequential(nn.Dropout()), True) is not None
    if not have_baal:
        print("baal is not installed: only dropsurgeon is timed "
              "(pip install --no-deps baal==2.1.0 structlog)")
    rows = []
    for name in args.models.split(","):
        model, x = build(name)
        t0 = time.perf_counter()
        first = dropsurgeon.mc_predict(model, x, samples=T, seed=0, task="regression")
        cold = time.perf_counter() - t0
        tools: dict[str, Callable] = {"dropsurgeon": ours_runner(model)}
        if have_baal:
            tools["baal replicate"] = baal_runner(model, True)  # type: ignore[assignment]
            tools["baal loop"] = baal_runner(model, False)  # type: ignore[assignment]
        # the same estimator: means agree within MC error
        if have_baal:
            m_ours, v_ours = tools["dropsurgeon"](x)
            m_baal, v_baal = tools["baal replicate"](x)
            scale = float((v_ours.mean() / T).sqrt()) * 8 + 1e-5
            agree = float((m_ours - m_baal).abs().max()) <= max(scale, 1e-4)
        else:
            agree = None
        times = time_tools(tools, x, args.rounds)
        keys = ["dropsurgeon", "dropsurgeon chunk"]
        if have_baal:
            keys += ["baal replicate", "baal loop"]
        mem = {key: measure_in_fresh_process(name, key) for key in keys}
        row = {"model": name, "times": times, "cold": cold, "agree": agree, "mem": mem,
               "shared": first.shared_fraction, "split": first.split, "folded": first.folded}
        rows.append(row)
        print(_line(row))
    text = markdown(rows, have_baal, args.rounds)
    print()
    print(text)
    if args.markdown:
        from dropsurgeon.atomic import write_text

        write_text(args.markdown, text)
    if args.plot:
        plot(rows, args.plot)
    return 0


def _ratio(times: dict[str, float], other: str) -> float | None:
    return times[other] / times["dropsurgeon"] if other in times else None


def _line(row: dict) -> str:
    t = row["times"]
    parts = [f"{row['model']:9s}"] + [f"{k} {v * 1e3:8.2f} ms" for k, v in t.items()]
    best = min((v for k, v in t.items() if k.startswith("baal")), default=None)
    if best is not None:
        parts.append(f"x{best / t['dropsurgeon']:.2f} vs baal's best")
    return " | ".join(parts)


def markdown(rows: list[dict], have_baal: bool, rounds: int) -> str:
    import platform

    lines = [
        "# MC dropout speed: dropsurgeon.mc_predict vs baal 2.1",
        "",
        f"T = {T} samples, mean and variance, CPU, 1 thread, fastest of {rounds} rounds "
        f"(torch {torch.__version__}, {platform.processor() or platform.machine()}).  "
        "Produced by `benchmarks/mc_speed.py`.",
        "",
    ]
    if not have_baal:
        lines += ["baal is not installed: no baal numbers.", ""]
    lines += [
        "| model | dropsurgeon ms | first call ms | baal replicate ms | baal loop ms | "
        "x vs replicate | x vs loop | x vs baal's best | shared | split at | same mean |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        t = r["times"]
        rep, loop = _ratio(t, "baal replicate"), _ratio(t, "baal loop")
        best = min(x for x in (rep, loop) if x is not None) if have_baal else None

        def ms(key: str, t: dict = t) -> str:
            return f"{t[key] * 1e3:.2f}" if key in t else "missing"

        def fmt(v: float | None) -> str:
            return f"{v:.2f}x" if v is not None else "-"

        lines.append(
            f"| {r['model']} | {ms('dropsurgeon')} | {r['cold'] * 1e3:.1f} | "
            f"{ms('baal replicate')} | {ms('baal loop')} | {fmt(rep)} | {fmt(loop)} | "
            f"{fmt(best)} | {r['shared']:.2f} | {r['split'] or '(inputs)'} | "
            f"{'-' if r['agree'] is None else ('yes' if r['agree'] else 'NO')} |"
        )
    lines += ["", "Peak RSS growth during one call after a warm-up, in a fresh process (MiB; "
              "`chunk` = 4 input batches of rows per forward):", "",
              "| model | dropsurgeon | dropsurgeon chunk | baal replicate | baal loop |",
              "|---|---|---|---|---|"]
    for r in rows:
        def mb(key: str, m: dict = r["mem"]) -> str:
            v = m.get(key)
            return "missing" if key not in m else ("n/a" if v is None else f"{v:.1f}")

        lines.append(f"| {r['model']} | {mb('dropsurgeon')} | {mb('dropsurgeon chunk')} | "
                     f"{mb('baal replicate')} | {mb('baal loop')} |")
    lines += ["", "`x vs ...` is the other tool's time divided by dropsurgeon's (higher: "
              "dropsurgeon faster).  `shared` is `MCResult.shared_fraction`, the share of the "
              "forward's torch operations that ran once rather than once per sample; "
              "`split at` is the module whose input was replicated.  `same mean`: the two "
              "tools' means agree within 8 MC standard errors.", ""]
    return "\n".join(lines)


def plot(rows: list[dict], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tools = ["dropsurgeon", "baal replicate", "baal loop"]
    colors = {"dropsurgeon": "#4c72b0", "baal replicate": "#dd8452", "baal loop": "#55a868"}
    fig, axes = plt.subplots(1, len(rows), figsize=(4 * len(rows), 3.6))
    axes = [axes] if len(rows) == 1 else list(axes)
    for ax, r in zip(axes, rows, strict=True):
        present = [k for k in tools if k in r["times"]]
        vals = [r["times"][k] * 1e3 for k in present]
        ax.bar(range(len(present)), vals, color=[colors[k] for k in present])
        ax.set_xticks(range(len(present)))
        ax.set_xticklabels([k.replace("baal ", "baal\n") for k in present], fontsize=8)
        ax.set_title(f"{r['model']} (T={T})")
        ax.set_ylabel("ms per call")
        for i, v in enumerate(vals):
            ax.text(i, v, f"{v:.1f}", ha="center", va="bottom", fontsize=8)
    fig.suptitle("MC dropout, CPU, 1 thread: lower is faster")
    fig.tight_layout()

    from dropsurgeon.atomic import write_png

    write_png(path, fig, dpi=110)


if __name__ == "__main__":
    sys.exit(main())
