"""Dropout schedules on scikit-learn's bundled digits: none, constant, early, late.

A 64-300-100-10 MLP with ``nn.Dropout`` after each hidden layer is trained with Adam on a
stratified half of the 1797 8x8 digits (offline: ``sklearn.datasets.load_digits``), and
tested on the other half.  The same model, data order and seed run once per schedule; the
rates are changed by ``dropsurgeon.schedule`` (``none`` is ``constant(0)``).  Several seeds;
the table gives final train/test accuracy (mean +- std over seeds) and the best test
accuracy along the way; the PNG shows test accuracy and train loss against the step.

    .venv/bin/python benchmarks/schedules.py                        # 5 seeds, 3000 steps
    .venv/bin/python benchmarks/schedules.py --seeds 2 --steps 500  # a quick look
    .venv/bin/python benchmarks/schedules.py --markdown benchmarks/results/schedules.md \\
        --png benchmarks/results/schedules.png

Early dropout (Liu et al. 2023) is meant for models that underfit, late dropout for models
that overfit; on this small, easy data the MLP overfits its 898 training images quickly.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def load_data(seed: int = 0):
    try:
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
    except ImportError:
        return None
    import torch

    x, y = load_digits(return_X_y=True)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.5, random_state=seed, stratify=y)
    mean, std = xtr.mean(0), xtr.std(0) + 1e-6  # the test half is scaled like the train half
    def t(a, dtype):
        return torch.tensor(a, dtype=dtype)
    return (t((xtr - mean) / std, torch.float32), t(ytr, torch.long),
            t((xte - mean) / std, torch.float32), t(yte, torch.long))


def mlp(p: float = 0.0):
    import torch.nn as nn

    return nn.Sequential(nn.Linear(64, 300), nn.ReLU(), nn.Dropout(p), nn.Linear(300, 100),
                         nn.ReLU(), nn.Dropout(p), nn.Linear(100, 10))


def accuracy(model, x, y) -> float:
    import torch

    was = model.training
    model.eval()
    with torch.no_grad():
        acc = (model(x).argmax(1) == y).float().mean().item()
    model.train(was)
    return acc


def train(schedule: str, data, seed: int, steps: int, every: int, batch: int = 64,
          lr: float = 1e-3) -> dict:
    import torch
    import torch.nn.functional as F

    import dropsurgeon

    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    model = mlp()
    sched = dropsurgeon.schedule(model, "dropout", p=schedule)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.Generator().manual_seed(seed)
    curve = {"step": [], "test": [], "train": [], "loss": [], "p": []}
    losses = []
    perm, at = torch.randperm(len(xtr), generator=order), 0
    model.train()
    for step in range(steps):
        if at + batch > len(perm):
            perm, at = torch.randperm(len(xtr), generator=order), 0
        idx = perm[at:at + batch]
        at += batch
        loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if (step + 1) % every == 0 or step + 1 == steps:
            curve["step"].append(step + 1)
            curve["test"].append(accuracy(model, xte, yte))
            curve["train"].append(accuracy(model, xtr, ytr))
            curve["loss"].append(sum(losses[-every:]) / len(losses[-every:]))
            curve["p"].append(sched.current["2"])
        sched.step()
    return {"train": curve["train"][-1], "test": curve["test"][-1],
            "best_test": max(curve["test"]), "curve": curve}


def mean_std(values: list[float]) -> str:
    m = statistics.mean(values) * 100
    s = statistics.stdev(values) * 100 if len(values) > 1 else 0.0
    return f"{m:.2f} +- {s:.2f}"


def figure(results: dict, path: str) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is missing: no PNG written (pip install matplotlib)"

    from dropsurgeon.atomic import write_png

    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for name, runs in results.items():
        steps = runs[0]["curve"]["step"]
        for key, ax in zip(("test", "loss", "p"), axes, strict=True):
            ys = [statistics.mean(r["curve"][key][i] for r in runs) for i in range(len(steps))]
            ax.plot(steps, ys, label=name)
    axes[0].set_ylabel("test accuracy (mean over seeds)")
    axes[1].set_ylabel("train loss (mean of the last interval)")
    axes[1].set_yscale("log")
    axes[2].set_ylabel("dropout rate p")
    for ax in axes:
        ax.set_xlabel("optimiser step")
        ax.grid(alpha=0.3)
    axes[0].legend(loc="lower right")
    fig.suptitle("digits, 64-300-100-10 MLP: dropout schedules")
    fig.tight_layout()
    write_png(path, fig, dpi=110)
    return f"wrote {path}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--p", type=float, default=0.3, help="the rate of the dropout schedules")
    ap.add_argument("--every", type=int, default=100, help="evaluate every N steps")
    ap.add_argument("--markdown", help="write the table here")
    ap.add_argument("--png", help="write the curves here")
    args = ap.parse_args()

    data = load_data()
    if data is None:
        print("scikit-learn is missing: no benchmark run (pip install scikit-learn)")
        return 1
    import torch

    torch.set_num_threads(1)
    p, n = args.p, args.steps
    schedules = {
        "none": "constant(0)",
        "constant": f"constant({p})",
        "early": f"early({p}, until={n // 5})",
        "late": f"late({p}, start={n // 2})",
    }
    results: dict[str, list[dict]] = {}
    t0 = time.perf_counter()
    for name, text in schedules.items():
        results[name] = [train(text, data, seed, n, args.every) for seed in range(args.seeds)]
        r = results[name]
        print(f"{name:9s} {text:28s} train {mean_std([x['train'] for x in r])}  "
              f"test {mean_std([x['test'] for x in r])}", flush=True)
    took = time.perf_counter() - t0
    lines = [
        "# Dropout schedules on digits",
        "",
        f"`benchmarks/schedules.py --seeds {args.seeds} --steps {n} --p {p}`: 64-300-100-10 "
        "MLP, dropout after each hidden layer, Adam lr 1e-3, batch 64, 898 training / 899 "
        f"test images (stratified halves of `load_digits`), seeds 0..{args.seeds - 1} (same "
        f"init and data order for every schedule); {took:.0f} s on CPU.  Accuracy in %, mean "
        "+- std over seeds, at the last step; best test = the best evaluation along the way "
        f"(every {args.every} steps).",
        "",
        "| schedule | p(t) | train acc | test acc | best test acc |",
        "|---|---|---|---|---|",
    ]
    for name, text in schedules.items():
        r = results[name]
        lines.append(f"| {name} | `{text}` | {mean_std([x['train'] for x in r])} | "
                     f"{mean_std([x['test'] for x in r])} | "
                     f"{mean_std([x['best_test'] for x in r])} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        from dropsurgeon.atomic import write_text

        write_text(args.markdown, text)
    if args.png:
        print(figure(results, args.png))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
