"""What `dropsurgeon run` / `dropsurgeon.watch()` add to a training loop's time (CPU).

Two workloads, each a real training loop (forward, loss, backward, optimizer step) followed
by an evaluation pass (``model.eval()``, ``torch.no_grad()``), on random data:

* ``cnn``: a small CNN (2 conv + batch norm + dropout + linear) on 32x32 images, batch 32;
* ``transformer``: a tiny transformer encoder (2 layers, d=64, 4 heads, dropout 0.1) on
  sequences of 32 tokens, batch 16.

Each repetition times the same loop once without and once with the watcher (order
alternating), side by side in one process; the reported numbers are medians over
repetitions of the process's CPU time (the primary measure on a shared machine) and of the
wall-clock time, and their ratios.  Target: <= 5 % added time.

    .venv/bin/python benchmarks/watch_overhead.py                # writes results/watch_overhead.md
    .venv/bin/python benchmarks/watch_overhead.py --reps 3 --steps 5 --out /tmp/w.md

Writes ``benchmarks/results/watch_overhead.md`` (environment, load average, table).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from dropsurgeon.atomic import write_text  # noqa: E402
from dropsurgeon.guard.watch import watch  # noqa: E402


class SmallCNN(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.drop = nn.Dropout(0.3)
        self.head = nn.Linear(32 * 8 * 8, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.drop(torch.flatten(self.features(x), 1)))


class TinyTransformer(nn.Module):
    def __init__(self, vocab: int = 500, d: int = 64) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        layer = nn.TransformerEncoderLayer(d, 4, 4 * d, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(d, 2)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(self.embed(tokens)).mean(1))


def _workload(name: str, steps: int):
    g = torch.Generator().manual_seed(0)
    if name == "cnn":
        model: nn.Module = SmallCNN()
        batches = [(torch.randn(32, 3, 32, 32, generator=g),
                    torch.randint(0, 10, (32,), generator=g)) for _ in range(steps)]
    else:
        model = TinyTransformer()
        batches = [(torch.randint(0, 500, (16, 32), generator=g),
                    torch.randint(0, 2, (16,), generator=g)) for _ in range(steps)]
    return model, batches


def _loop(model: nn.Module, batches, opt) -> None:
    model.train()
    for x, y in batches:
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        for x, _ in batches[: max(1, len(batches) // 4)]:
            model(x)


def _time(name: str, steps: int, watched: bool) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, findings) of one loop."""
    torch.manual_seed(0)
    model, batches = _workload(name, steps)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    _loop(model, batches[:2], opt)  # warm-up (allocator, first-call costs) outside the timing
    findings = 0
    wall, cpu = time.perf_counter(), time.process_time()
    if watched:  # a fresh watcher and model: its one-time costs are inside the timing
        with watch() as w:
            _loop(model, batches, opt)
        findings = len(w.findings)
    else:
        _loop(model, batches, opt)
    return time.perf_counter() - wall, time.process_time() - cpu, findings


def _row(name: str, steps: int, plain: list, watched: list, found: int) -> str:
    def ms(v: float) -> str:
        return f"{v * 1e3 / steps:.3f}"

    pw, ww = statistics.median(t[0] for t in plain), statistics.median(t[0] for t in watched)
    pc, wc = statistics.median(t[1] for t in plain), statistics.median(t[1] for t in watched)
    bp, bw = min(t[0] for t in plain), min(t[0] for t in watched)
    return (f"| {name} | {steps} | {ms(pc)} | {ms(wc)} | **{wc / pc:.4f}** | {ms(pw)} | {ms(ww)} "
            f"| {ww / pw:.4f} | {bw / bp:.4f} | {found} |"), wc / pc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=9, help="repetitions per workload")
    ap.add_argument("--steps", type=int, default=30, help="training steps per repetition")
    ap.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "watch_overhead.md"))
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    load_before = os.getloadavg()
    rows, ratios = [], []
    for name in ("cnn", "transformer"):
        plain, watched, found = [], [], 0
        for rep in range(args.reps):
            order = (False, True) if rep % 2 == 0 else (True, False)
            for w in order:
                wall, cpu, n = _time(name, args.steps, w)
                (watched if w else plain).append((wall, cpu))
                found = max(found, n)
        row, ratio = _row(name, args.steps, plain, watched, found)
        rows.append(row)
        ratios.append(ratio)
        print(row, flush=True)
    load_after = os.getloadavg()
    lines = [
        "# `dropsurgeon run` / `watch()` overhead on a CPU training loop",
        "",
        "Produced by `benchmarks/watch_overhead.py` "
        f"(`--reps {args.reps} --steps {args.steps} --threads {args.threads}`): each "
        "repetition builds a fresh model and runs the same training loop (forward, loss, "
        "backward, SGD step; then an eval pass over a quarter of the batches) once without "
        "and once with a fresh watcher (its one-time costs, e.g. the runtime monitor's first "
        "eval-mode call, are inside the timing), alternating the order; medians over "
        "repetitions, ratio = with / without.",
        "",
        f"Environment: Python {platform.python_version()}, torch {torch.__version__}, "
        f"{platform.machine()}, {torch.get_num_threads()} torch thread(s), "
        f"{os.cpu_count()} CPU(s) visible.  **The machine was shared with other jobs during "
        f"the run** (load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, on "
        f"{os.cpu_count()} CPUs), so wall-clock timings are noisy: the CPU time of this "
        "process (`time.process_time`, one torch thread) is the primary measure, as it "
        "counts the work done rather than the time spent waiting for a core; wall-clock "
        "ratios are shown too.",
        "",
        "| workload | steps | CPU without (ms/step) | CPU with (ms/step) | CPU ratio "
        "| wall without (ms/step) | wall with (ms/step) | wall ratio | wall ratio of bests "
        "| findings |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Largest CPU-time ratio: {max(ratios):.4f} (target <= 1.05: "
        f"{'met' if max(ratios) <= 1.05 else 'NOT met'} in this run).",
    ]
    write_text(args.out, "\n".join(lines) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
