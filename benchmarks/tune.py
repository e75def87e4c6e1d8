"""``dropsurgeon.tune`` on data that ships with scikit-learn: does the search pay off?

Two tasks, each with a fresh stratified (digits) or random (diabetes) split per seed into
train / validation / test (60 / 20 / 20 %); the search sees train and validation only, and
every number in the tables is measured on the held-out test part.

* **digits** (classification, 1797 8x8 images): a 64-256-128-10 MLP whose two dropout
  modules are two groups (``drop1``, ``drop2``, each [0, 0.6]); metric: validation accuracy.
* **diabetes** (regression, 442 patients, 10 features, standardised target): a 10-64-64-1 MLP
  with two dropout groups, MC dropout; metric: the validation MC log-likelihood of
  ``mc_predict`` (Gal & Ghahramani's criterion, tau from a log grid on validation).

For each task and seed:

1. **tuned**: TPE (``dropsurgeon.tune``, no pruning) for ``--trials`` trials; the best
   configuration is retrained on train and scored on test;
2. **advice**: both groups at 0.5 (the "0.5 after dense layers" default);
3. **none**: no dropout (rates 0);
4. **grid**: a grid over the same two groups with the same number of trials (``--trials``
   must be a square: 16 = 4 x 4 points on [0, 0.6]); reported is how many TPE trials it took
   for TPE's best-so-far validation metric to come within one standard error of the grid's
   best (the per-example standard error of that best validation metric).

Then the wall time of one digits study of ``--trials`` trials on one SQLite file, run by one
worker process and by two worker processes at once (each process 1 torch thread).

    .venv/bin/python benchmarks/tune.py                                  # 5 seeds, 16 trials
    .venv/bin/python benchmarks/tune.py --seeds 1 --trials 4 --epochs 3 --diabetes-epochs 3
    .venv/bin/python benchmarks/tune.py --markdown benchmarks/results/tune.md \\
        --png benchmarks/results/tune.png

Needs scikit-learn (``[bench]``), Optuna (``[tune]``) and matplotlib for the PNG.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("drop1", "drop2")


# --- data and models ------------------------------------------------------------------------
def split(task: str, seed: int):
    import torch
    from sklearn.datasets import load_diabetes, load_digits
    from sklearn.model_selection import train_test_split

    if task == "digits":
        x, y = load_digits(return_X_y=True)
        strat = y
    else:
        x, y = load_diabetes(return_X_y=True)
        strat = None
    xa, xte, ya, yte = train_test_split(x, y, test_size=0.2, random_state=seed, stratify=strat)
    xtr, xva, ytr, yva = train_test_split(xa, ya, test_size=0.25, random_state=seed,
                                          stratify=ya if strat is not None else None)
    mean, std = xtr.mean(0), xtr.std(0) + 1e-6  # scaled by the training part only
    out = {}
    for name, xs, ys in (("train", xtr, ytr), ("val", xva, yva), ("test", xte, yte)):
        tx = torch.tensor((xs - mean) / std, dtype=torch.float32)
        if task == "digits":
            ty = torch.tensor(ys, dtype=torch.long)
        else:
            ty = torch.tensor((ys - ytr.mean()) / ytr.std(), dtype=torch.float32).view(-1, 1)
        out[name] = (tx, ty)
    return out


class Builder:
    """A picklable ``build()``: the same initial weights for every trial of a seed."""

    def __init__(self, task: str, seed: int) -> None:
        self.task, self.seed = task, seed

    def __call__(self):
        import torch
        import torch.nn as nn

        torch.manual_seed(self.seed)
        sizes = (64, 256, 128, 10) if self.task == "digits" else (10, 64, 64, 1)
        model = nn.Sequential()
        model.add_module("fc1", nn.Linear(sizes[0], sizes[1]))
        model.add_module("act1", nn.ReLU())
        model.add_module("drop1", nn.Dropout(0.5))
        model.add_module("fc2", nn.Linear(sizes[1], sizes[2]))
        model.add_module("act2", nn.ReLU())
        model.add_module("drop2", nn.Dropout(0.5))
        model.add_module("head", nn.Linear(sizes[2], sizes[3]))
        return model


def batches(x, y, size: int):
    from torch.utils.data import DataLoader, TensorDataset

    # Shuffled with the global generator, which build() seeds: a trial's data order (and
    # dropout masks) depend on the seed and its rates only, not on the trials before it.
    return DataLoader(TensorDataset(x, y), batch_size=size, shuffle=True)


def objective_for(task: str, data, seed: int, epochs: int, mc_samples: int, on: str = "val"):
    import dropsurgeon

    metric = "accuracy" if task == "digits" else "log_likelihood"
    return dropsurgeon.train_objective(
        batches(*data["train"], 64 if task == "digits" else 32), [data[on]],
        epochs=epochs, metric=metric, mc_samples=mc_samples,
        task="classification" if task == "digits" else "regression")


def per_example(task: str, model, objective, x, y):
    """The metric per example of ``x`` (accuracy 0/1 or MC log-likelihood), for the SE."""
    import torch

    from dropsurgeon import mc_predict

    with torch.no_grad():
        if task == "digits":
            model.eval()
            return (model(x).argmax(-1) == y).float()
        result = mc_predict(model, x, samples=objective.mc_samples, seed=0, keep_samples=True,
                            task="regression")
        tau = best_tau(result, y)
        return result.log_likelihood(y, tau)


def best_tau(result, y) -> float:
    from dropsurgeon.tuning.objective import TAU_GRID

    return max(TAU_GRID, key=lambda t: float(result.log_likelihood(y, t).mean()))


def configured(build, rates: dict[str, float]):
    from dropsurgeon.surgery import Plan

    plan = Plan()
    for group, p in rates.items():
        plan.set_rate(group, p)
    return plan.apply(build(), verify=False).model


def train_and_test(task: str, data, seed: int, epochs: int, mc_samples: int,
                   rates: dict[str, float]) -> dict:
    """Retrain ``rates`` on train (validation picks tau), score on test."""
    import torch

    build = Builder(task, seed)
    model = configured(build, rates)
    fit = objective_for(task, data, seed, epochs, mc_samples)

    fit(model, _Silent())
    x, y = data["test"]
    with torch.no_grad():
        if task == "digits":
            model.eval()
            return {"test": float((model(x).argmax(-1) == y).float().mean())}
        from dropsurgeon import mc_predict

        xv, yv = data["val"]
        tau = best_tau(mc_predict(model, xv, samples=mc_samples, seed=0, keep_samples=True,
                                  task="regression"), yv)
        result = mc_predict(model, x, samples=mc_samples, seed=1, keep_samples=True,
                            task="regression")
        rmse = float(((result.mean - y) ** 2).mean().sqrt())
        return {"test": float(result.log_likelihood(y, tau).mean()), "rmse": rmse}


# --- one seed -------------------------------------------------------------------------------
def run_seed(task: str, seed: int, trials: int, epochs: int, mc_samples: int) -> dict:
    import dropsurgeon

    data = split(task, seed)
    build = Builder(task, seed)
    space = {g: [0.0, 0.6] for g in GROUPS}
    t0 = time.perf_counter()
    tpe = dropsurgeon.tune(build, objective_for(task, data, seed, epochs, mc_samples), space,
                           trials=trials, seed=seed, pruner="none", progress=False)
    tpe_s = time.perf_counter() - t0
    side = int(round(math.sqrt(trials)))
    values = [round(0.6 * i / (side - 1), 4) for i in range(side)]
    grid = dropsurgeon.tune(build, objective_for(task, data, seed, epochs, mc_samples), space,
                            trials=side * side, sampler="grid", pruner="none", progress=False,
                            grid={f"p:{g}": values for g in GROUPS})
    best_grid = grid.best_trial
    # The standard error of the grid's best validation metric, per example.
    grid_rates = {g: best_grid.params[f"p:{g}"] for g in GROUPS}
    obj = objective_for(task, data, seed, epochs, mc_samples)
    model = configured(build, grid_rates)
    obj(model, _Silent())
    per = per_example(task, model, obj, *data["val"])
    se = float(per.std() / math.sqrt(len(per)))
    curve, best = [], -math.inf
    for t in tpe.study.get_trials():
        if t.value is not None and math.isfinite(t.value):
            best = max(best, t.value)
        curve.append(best)
    reach = next((i + 1 for i, v in enumerate(curve) if v >= best_grid.value - se), None)
    tuned_rates = {g: tpe.best_params[f"p:{g}"] for g in GROUPS}
    out = {"task": task, "seed": seed, "tpe_seconds": tpe_s, "tuned_rates": tuned_rates,
           "tpe_best_val": tpe.best_value, "grid_best_val": best_grid.value,
           "grid_rates": grid_rates, "grid_se": se, "tpe_curve": curve,
           "trials_to_grid": reach}
    for name, rates in (("tuned", tuned_rates), ("advice", dict.fromkeys(GROUPS, 0.5)),
                        ("none", dict.fromkeys(GROUPS, 0.0))):
        out[name] = train_and_test(task, data, seed, epochs, mc_samples, rates)
    return out


class _Silent:
    number = 0

    def report(self, value, step):
        pass

    def should_prune(self):
        return False

    def set_user_attr(self, key, value):
        pass


# --- workers on one study ---------------------------------------------------------------------
def worker(url: str, study: str, trials: int, epochs: int) -> None:
    import torch

    import dropsurgeon

    torch.set_num_threads(1)
    data = split("digits", 0)
    result = dropsurgeon.tune(Builder("digits", 0), objective_for("digits", data, 0, epochs, 2),
                              {g: [0.0, 0.6] for g in GROUPS}, trials=trials, storage=url,
                              study=study, pruner="none", progress=False)
    print(json.dumps(result.ran_here))


def timed_workers(n: int, trials: int, epochs: int) -> dict:
    import optuna

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'tune.db'}"
        optuna.create_study(storage=url, study_name="w", direction="maximize")
        env = dict(os.environ, OMP_NUM_THREADS="1")
        cmd = [sys.executable, __file__, "--worker", url, "--trials", str(trials),
               "--epochs", str(epochs)]
        t0 = time.perf_counter()
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
                 for _ in range(n)]
        ran = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
        wall = time.perf_counter() - t0
        if any(p.returncode for p in procs):
            raise SystemExit("a worker failed")
        stored = optuna.load_study(study_name="w", storage=url).get_trials()
        complete = sum(1 for t in stored if t.state.name == "COMPLETE")
    return {"workers": n, "wall_s": wall, "complete": complete,
            "per_worker": [len(r) for r in ran]}


# --- report -----------------------------------------------------------------------------------
def mean_std(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.4f}"
    return f"{statistics.mean(values):.4f} +- {statistics.stdev(values):.4f}"


def load_text(args) -> str:
    load = getattr(args, "load", None)
    if not load:
        return getattr(args, "load_note", None) or "load not recorded"
    return "1-minute load average " + ", ".join(f"{v:.1f}" for v in load) + \
        " (at the start, after the seeds, at the end)"


def markdown(results: list[dict], workers: list[dict], args, seconds: float) -> str:
    lines = ["# Tuning dropout with `dropsurgeon.tune`", "",
             f"`benchmarks/tune.py --seeds {args.seeds} --trials {args.trials} --epochs "
             f"{args.epochs} --diabetes-epochs {args.diabetes_epochs} --mc-samples "
             f"{args.mc_samples}`; {seconds:.0f} s on CPU, torch "
             f"threads {args.threads}. The machine (2 cores) was shared with other jobs while "
             f"this ran ({load_text(args)}): times are noisy, and the 1- vs 2-worker "
             "ratio says what a second worker gave on this loaded machine, not on idle cores.",
             ""]
    if getattr(args, "report", None):
        lines += [f"(Tables written again from `{args.report}` with `--report`; the numbers "
                  "are that run's.)", ""]
    lines += [
             "Splits per seed: 60 % train / 20 % validation / 20 % test; the search sees only "
             "train and validation; every test number is a retrain of the chosen rates on "
             "train, scored on the held-out test part.  Mean +- std over seeds.", ""]
    for task, metric, better in (("digits", "test accuracy", "higher"),
                                 ("diabetes", "test MC log-likelihood", "higher")):
        rows = [r for r in results if r["task"] == task]
        if not rows:
            continue
        lines += [f"## {task}: {metric} ({better} is better)", "",
                  "| rates | " + metric + (" | test RMSE (standardised y)" if task ==
                                          "diabetes" else "") + " |",
                  "|---|---|" + ("---|" if task == "diabetes" else "")]
        for name, label in (("tuned", "tuned by TPE (per group)"),
                            ("advice", "advice: 0.5 in both groups"),
                            ("none", "no dropout")):
            cells = [mean_std([r[name]["test"] for r in rows])]
            if task == "diabetes":
                cells.append(mean_std([r[name]["rmse"] for r in rows]))
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        lines += ["", "Per seed (tuned rates drop1 / drop2; TPE best validation; grid best "
                  "validation +- its standard error; TPE trials to come within one SE of the "
                  "grid's best):", "",
                  "| seed | tuned rates | TPE best val | grid best val (rates) | SE | "
                  "TPE trials to grid - SE | TPE trials to grid best |",
                  "|---|---|---|---|---|---|---|"]
        for r in rows:
            tr = " / ".join(f"{r['tuned_rates'][g]:.3f}" for g in GROUPS)
            gr = " / ".join(f"{r['grid_rates'][g]:.2f}" for g in GROUPS)
            reach = r["trials_to_grid"] if r["trials_to_grid"] is not None else \
                f"not within {args.trials}"
            exact = next((i + 1 for i, v in enumerate(r["tpe_curve"])
                          if v >= r["grid_best_val"]), f"not within {args.trials}")
            lines.append(f"| {r['seed']} | {tr} | {r['tpe_best_val']:.4f} | "
                         f"{r['grid_best_val']:.4f} ({gr}) | {r['grid_se']:.4f} | {reach} | "
                         f"{exact} |")
        lines.append("")
    if workers:
        one = next(w for w in workers if w["workers"] == 1)
        lines += ["## Workers on one SQLite study (digits, seed 0)", "",
                  "| worker processes | wall time (s) | complete trials | trials per worker |",
                  "|---|---|---|---|"]
        for w in workers:
            lines.append(f"| {w['workers']} | {w['wall_s']:.1f} | {w['complete']} | "
                         f"{', '.join(map(str, w['per_worker']))} |")
        two = next((w for w in workers if w["workers"] == 2), None)
        if two:
            lines += ["", f"2 workers / 1 worker wall time: {two['wall_s'] / one['wall_s']:.2f}"
                      " (below 1: two workers finish the study sooner; measured one after the "
                      "other in this run; each wall time includes starting the processes and "
                      "importing torch)."]
        lines.append("")
    return "\n".join(lines)


def figure(results: list[dict], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dropsurgeon.atomic import write_png

    tasks = [t for t in ("digits", "diabetes") if any(r["task"] == t for r in results)]
    fig, axes = plt.subplots(len(tasks), 2, figsize=(12, 5.5 * len(tasks)), squeeze=False)
    for i, task in enumerate(tasks):
        rows = [r for r in results if r["task"] == task]
        what = "accuracy" if task == "digits" else "MC log-likelihood"
        ax = axes[i][0]
        names = ["tuned", "advice", "none"]
        for j, name in enumerate(names):
            ys = [r[name]["test"] for r in rows]
            ax.scatter([j] * len(ys), ys, label=f"{name}: one point per seed", alpha=0.7)
            ax.plot([j - 0.2, j + 0.2], [statistics.mean(ys)] * 2, color="black",
                    label="mean over seeds" if j == 0 else None)
        ax.set_xticks(range(len(names)), ["tuned (TPE)", "advice (0.5)", "none (0)"])
        ax.set_xlabel("dropout rates")
        ax.set_ylabel(f"test {what}")
        ax.set_title(f"{task}: held-out test {what}\n(higher is better)")
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
        ax = axes[i][1]
        for r in rows:
            xs = range(1, len(r["tpe_curve"]) + 1)
            line, = ax.plot(xs, r["tpe_curve"], label=f"seed {r['seed']}: TPE best so far")
            ax.axhline(r["grid_best_val"] - r["grid_se"], color=line.get_color(),
                       linestyle=":", label=f"seed {r['seed']}: grid best - 1 SE")
        ax.set_xlabel("TPE trial")
        ax.set_ylabel(f"validation {what}")
        ax.set_title(f"{task}: TPE against a grid of the same budget\n(higher is better)")
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3)
    fig.tight_layout()
    write_png(path, fig)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--trials", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=20, help="Training epochs (digits).")
    ap.add_argument("--diabetes-epochs", type=int, default=100,
                    help="Training epochs (diabetes: 265 patients, 9 batches an epoch).")
    ap.add_argument("--mc-samples", type=int, default=30)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tasks", default="digits,diabetes")
    ap.add_argument("--no-workers", action="store_true", help="Skip the 1 vs 2 worker timing.")
    ap.add_argument("--markdown")
    ap.add_argument("--png")
    ap.add_argument("--json")
    ap.add_argument("--report", metavar="JSON",
                    help="Only write the report again from the --json of an earlier run.")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, "w", args.trials, args.epochs)
        return
    if args.report:
        saved = json.loads(Path(args.report).read_text())
        vars(args).update(saved["args"])
        args.load_note = saved.get("load_note")
        report(saved["results"], saved["workers"], args, saved["seconds"])
        return
    try:
        import optuna  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise SystemExit(f"benchmarks/tune.py needs {exc.name}: pip install "
                         "'dropsurgeon[tune,bench]'") from None
    side = int(round(math.sqrt(args.trials)))
    if side * side != args.trials or side < 2:
        raise SystemExit("--trials must be a square >= 4 (the grid has the same budget)")
    import torch

    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    args.load = [os.getloadavg()[0]]
    results = []
    for task in args.tasks.split(","):
        for seed in range(args.seeds):
            epochs = args.epochs if task == "digits" else args.diabetes_epochs
            r = run_seed(task, seed, args.trials, epochs, args.mc_samples)
            results.append(r)
            print(f"{task} seed {seed}: tuned {r['tuned']['test']:.4f} advice "
                  f"{r['advice']['test']:.4f} none {r['none']['test']:.4f}; TPE reached grid-SE"
                  f" after {r['trials_to_grid']} trials ({r['tpe_seconds']:.0f} s)", flush=True)
    args.load.append(os.getloadavg()[0])
    workers = []
    if not args.no_workers:
        for n in (1, 2):
            workers.append(timed_workers(n, args.trials, args.epochs))
            print(f"{n} worker(s): {workers[-1]['wall_s']:.1f} s", flush=True)
    seconds = time.perf_counter() - t0
    args.load.append(os.getloadavg()[0])
    if args.json:
        from dropsurgeon.atomic import write_text

        kept = {k: getattr(args, k) for k in ("seeds", "trials", "epochs", "diabetes_epochs",
                                              "mc_samples", "threads", "load")}
        write_text(args.json, json.dumps({"results": results, "workers": workers,
                                          "seconds": seconds, "args": kept}, indent=1))
    report(results, workers, args, seconds)


def report(results: list[dict], workers: list[dict], args, seconds: float) -> None:
    text = markdown(results, workers, args, seconds)
    print(text)
    if args.markdown:
        from dropsurgeon.atomic import write_text

        write_text(args.markdown, text)
    if args.png:
        figure(results, args.png)


if __name__ == "__main__":
    main()
