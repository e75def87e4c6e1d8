"""Variational dropout on scikit-learn's bundled digits: sparsity and accuracy.

The 64-300-100-10 MLP of ``benchmarks/schedules.py`` (no dropout) is trained with Adam on a
stratified half of ``load_digits`` and tested on the other half.  Then:

* **sparse_variational** (Molchanov et al. 2017): ``dropsurgeon.replace(plain, "Linear",
  kind="sparse_variational")`` starts from the trained weights as means and is trained with
  ``cross_entropy + beta * dropsurgeon.regularisation(model, N)``, ``beta`` ramped from 0 to 1
  over the first ``--warmup`` steps; at eval the weights with log alpha > 3 are zero.
  Reported: test accuracy (eval, pruned) and ``dropsurgeon.sparsity(model)``.
* **plain, trained on**: the plain MLP trained for the same extra steps, so the comparison
  is not about training time.
* **variational** (Kingma et al. 2015, one alpha per output unit): the same fine-tuning;
  reported: test accuracy and how far the learned log alpha moved from its start.

    .venv/bin/python benchmarks/sparse_vd.py                       # 3 seeds
    .venv/bin/python benchmarks/sparse_vd.py --seeds 1 --steps 2000 # a quick look
    .venv/bin/python benchmarks/sparse_vd.py --markdown benchmarks/results/sparse_vd.md
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from schedules import accuracy, load_data, mlp  # noqa: E402 - the same data and model


def fit(model, data, steps: int, seed: int, *, regularise: bool = False, warmup: int = 0,
        lr: float = 1e-3, batch: int = 64):
    import torch
    import torch.nn.functional as F

    import dropsurgeon

    xtr, ytr = data[0], data[1]
    n = len(xtr)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    model.train()
    for step in range(steps):
        idx = torch.randint(0, n, (batch,), generator=g)
        loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
        if regularise:
            beta = min(1.0, step / warmup) if warmup else 1.0
            loss = loss + beta * dropsurgeon.regularisation(model, n)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def run_seed(data, seed: int, pre_steps: int, steps: int, warmup: int) -> dict:
    import copy

    import torch

    import dropsurgeon

    xte, yte = data[2], data[3]
    torch.manual_seed(seed)
    plain = fit(mlp(), data, pre_steps, seed)
    out = {"plain": accuracy(plain, xte, yte)}

    svd = dropsurgeon.replace(plain, "Linear", kind="sparse_variational", verify=False)
    plain.eval()
    svd.eval()
    with torch.no_grad():
        out["replace_diff"] = (svd(xte) - plain(xte)).abs().max().item()
    t0 = time.perf_counter()
    fit(svd, data, steps, seed + 100, regularise=True, warmup=warmup)
    out["svd_time"] = time.perf_counter() - t0
    out["svd"] = accuracy(svd, xte, yte)
    out["sparsity"] = dropsurgeon.sparsity(svd)

    longer = fit(copy.deepcopy(plain), data, steps, seed + 100)
    out["plain_long"] = accuracy(longer, xte, yte)

    vd = dropsurgeon.replace(plain, "Linear", kind="variational", verify=False)
    start = torch.cat([m.noise.log_alpha.detach().flatten() for m in vd.modules()
                       if hasattr(m, "noise")])
    fit(vd, data, steps, seed + 100, regularise=True, warmup=warmup)
    end = torch.cat([m.noise.log_alpha.detach().flatten() for m in vd.modules()
                     if hasattr(m, "noise")])
    out["vd"] = accuracy(vd, xte, yte)
    out["vd_log_alpha"] = (float(start.mean()), float(end.mean()), float(end.min()),
                           float(end.max()), float((end - start).abs().mean()))
    return out


def pct(values: list[float]) -> str:
    m = statistics.mean(values) * 100
    s = statistics.stdev(values) * 100 if len(values) > 1 else 0.0
    return f"{m:.2f} +- {s:.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--pre-steps", type=int, default=3000, help="plain training steps")
    ap.add_argument("--steps", type=int, default=12000, help="variational training steps")
    ap.add_argument("--warmup", type=int, default=2000, help="KL weight ramp, steps")
    ap.add_argument("--markdown", help="write the table here")
    args = ap.parse_args()

    data = load_data()
    if data is None:
        print("scikit-learn is missing: no benchmark run (pip install scikit-learn)")
        return 1
    import torch

    torch.set_num_threads(1)
    runs = []
    for seed in range(args.seeds):
        r = run_seed(data, seed, args.pre_steps, args.steps, args.warmup)
        runs.append(r)
        print(f"seed {seed}: plain {r['plain']:.4f}  plain trained on {r['plain_long']:.4f}  "
              f"sparse_variational {r['svd']:.4f} pruned {r['sparsity']['total']:.4f}  "
              f"variational {r['vd']:.4f} log alpha {r['vd_log_alpha'][0]:.2f} -> "
              f"mean {r['vd_log_alpha'][1]:.2f} [{r['vd_log_alpha'][2]:.2f}, "
              f"{r['vd_log_alpha'][3]:.2f}]", flush=True)
    layers = [k for k in runs[0]["sparsity"] if k != "total"]
    sizes = {"0": "64x300", "3": "300x100", "6": "100x10"}
    gap = [r["plain"] - r["svd"] for r in runs]
    lines = [
        "# Variational dropout on digits",
        "",
        f"`benchmarks/sparse_vd.py --seeds {args.seeds} --pre-steps {args.pre_steps} --steps "
        f"{args.steps} --warmup {args.warmup}`: 64-300-100-10 MLP on stratified halves of "
        "`load_digits` (898 train / 899 test), Adam lr 1e-3, batch 64.  The plain MLP trains "
        f"{args.pre_steps} steps; each variational model starts from its weights and trains "
        f"{args.steps} more with the KL term (`dropsurgeon.regularisation(model, 898)`, weight "
        f"ramped 0 -> 1 over {args.warmup} steps).  Seeds 0..{args.seeds - 1}; accuracy in %, "
        "mean +- std.",
        "",
        "| model | test acc | weights pruned (log alpha > 3) |",
        "|---|---|---|",
        f"| plain MLP | {pct([r['plain'] for r in runs])} | - |",
        f"| plain MLP, trained {args.steps} steps more | "
        f"{pct([r['plain_long'] for r in runs])} | - |",
        f"| sparse_variational | {pct([r['svd'] for r in runs])} | "
        f"{pct([r['sparsity']['total'] for r in runs])} |",
        f"| variational (alpha per unit) | {pct([r['vd'] for r in runs])} | - |",
        "",
        f"Accuracy lost to sparsification (plain - sparse_variational): "
        f"{statistics.mean(gap) * 100:+.2f} points (worst seed {max(gap) * 100:+.2f}); "
        "eval outputs right after `replace` differ from the plain MLP's by at most "
        f"{max(r['replace_diff'] for r in runs):.3g} (nothing is pruned before training).",
        "",
        "Sparsity per layer (mean over seeds):",
        "",
        "| layer | shape (in x out) | pruned |",
        "|---|---|---|",
    ]
    for name in layers:
        lines.append(f"| {name} | {sizes.get(name, '?')} | "
                     f"{pct([r['sparsity'][name] for r in runs])} |")
    la = [r["vd_log_alpha"] for r in runs]
    lines += [
        "",
        f"`variational`: log alpha starts at {la[0][0]:.2f} (alpha = {math.exp(la[0][0]):.3g}, "
        "the default) for every unit, is bounded by 0 (alpha <= 1, Kingma et al.) and ends "
        f"with mean {statistics.mean(x[1] for x in la):.2f}, range "
        f"[{min(x[2] for x in la):.2f}, {max(x[3] for x in la):.2f}]; mean |change| "
        f"{statistics.mean(x[4] for x in la):.2f}.",
        f"Time of one sparse_variational run: {statistics.mean(r['svd_time'] for r in runs):.0f}"
        " s on one CPU thread.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        from dropsurgeon.atomic import write_text

        write_text(args.markdown, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
