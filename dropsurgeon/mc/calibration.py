"""Calibration of MC-dropout classifiers: ECE, NLL, Brier score and a reliability diagram.

ECE uses equal-width confidence bins ``[k/B, (k+1)/B)`` (a confidence of exactly 1 gets a
bin of its own, as in torchmetrics' ``CalibrationError``, the oracle of the tests):
``ECE = sum_b |B_b|/N * |accuracy(B_b) - confidence(B_b)|``.  NLL is the mean of
``-log probs[target]``, Brier the mean over points of ``sum_c (probs_c - onehot_c)^2``.
"""

from __future__ import annotations

import os
from typing import Any

import torch

from ..errors import DropsurgeonError

_TINY = 1e-12


def _check(probs: torch.Tensor, targets: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    probs = probs.reshape(-1, probs.shape[-1]).float()
    targets = targets.reshape(-1).long()
    if targets.shape[0] != probs.shape[0]:
        raise DropsurgeonError(f"{targets.shape[0]} targets for {probs.shape[0]} predictions")
    if targets.numel() and (targets.min() < 0 or targets.max() >= probs.shape[-1]):
        raise DropsurgeonError(f"targets must be class indices in [0, {probs.shape[-1]})")
    return probs, targets


def bin_stats(probs: torch.Tensor, targets: torch.Tensor, bins: int = 15
              ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per bin: count, mean accuracy, mean confidence (``bins + 1`` bins, see above)."""
    conf, pred = probs.max(-1)
    correct = (pred == targets).float()
    edges = torch.linspace(0, 1, bins + 1, device=probs.device)
    idx = torch.bucketize(conf, edges, right=True) - 1
    count = torch.zeros(bins + 1, device=probs.device).scatter_add_(0, idx, torch.ones_like(conf))
    acc = torch.zeros(bins + 1, device=probs.device).scatter_add_(0, idx, correct)
    cf = torch.zeros(bins + 1, device=probs.device).scatter_add_(0, idx, conf)
    safe = count.clamp_min(1)
    return count, acc / safe, cf / safe


def calibration(probs: torch.Tensor, targets: torch.Tensor, bins: int = 15) -> dict[str, float]:
    probs, targets = _check(probs, targets)
    count, acc, conf = bin_stats(probs, targets, bins)
    n = max(1, probs.shape[0])
    ece = float(((count / n) * (acc - conf).abs()).sum())
    picked = probs.gather(1, targets[:, None]).squeeze(1)
    nll = float(-picked.clamp_min(_TINY).log().mean())
    onehot = torch.nn.functional.one_hot(targets, probs.shape[-1]).float()
    brier = float(((probs - onehot) ** 2).sum(-1).mean())
    accuracy = float((probs.argmax(-1) == targets).float().mean())
    return {"ece": ece, "nll": nll, "brier": brier, "accuracy": accuracy}


def reliability_plot(probs: torch.Tensor, targets: torch.Tensor, path: Any,
                     bins: int = 15, *, model: str | None = None,
                     samples: int | None = None) -> str:
    """Accuracy against confidence per bin, with the diagonal, over the number of rows in each
    bin; the title names ``model`` and the number of MC ``samples``.  Written as a PNG."""
    from ..atomic import write_png

    fig = reliability_figure(probs, targets, bins, model=model, samples=samples)
    write_png(path, fig, dpi=120)
    return os.fspath(path)


def reliability_figure(probs: torch.Tensor, targets: torch.Tensor, bins: int = 15, *,
                       model: str | None = None, samples: int | None = None) -> Any:
    """The figure :func:`reliability_plot` writes (the caller closes it)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise DropsurgeonError("reliability plots need matplotlib: pip install "
                               "'dropsurgeon[plot]'") from None

    probs, targets = _check(probs, targets)
    count, acc, conf = bin_stats(probs, targets, bins)
    count[bins - 1] += count[bins]  # confidence exactly 1 is drawn in the last bin
    stats = calibration(probs, targets, bins)
    width = 1.0 / bins
    centers = [(k + 0.5) * width for k in range(bins)]
    counts = [int(c) for c in count[:bins]]
    fig, (ax, hist) = plt.subplots(2, 1, figsize=(7.5, 6.2), sharex=True,
                                   gridspec_kw={"height_ratios": [3, 1]})
    shown = [float(a) if c > 0 else 0.0 for a, c in zip(acc[:bins], counts, strict=True)]
    ax.bar(centers, shown, width=width * 0.95, color="#4c72b0", label="accuracy of the bin")
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    for x, y, c in zip(centers, shown, counts, strict=True):
        if c:  # how many rows each bar stands on: a bar of 2 rows says little
            ax.annotate(str(c), (x, y), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7)
    ax.set_ylabel("accuracy in the bin\n(closer to the diagonal is better)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08)
    who = model or "model"
    runs = f"{samples} MC samples, " if samples else ""
    ax.set_title(f"{who}: {runs}{probs.shape[0]} rows\nECE {stats['ece']:.3f} (lower is "
                 f"better)  NLL {stats['nll']:.3f}  Brier {stats['brier']:.3f}", fontsize=9)
    # Outside the axes: inside, the legend would cover the bars of some bin.
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
              fontsize="small")
    hist.bar(centers, counts, width=width * 0.95, color="#999999")
    hist.set_ylabel("rows in the bin\n(more: a surer bar)")
    hist.set_xlabel("confidence: mean max class probability (higher: more certain)")
    hist.set_ylim(0, max(counts + [1]) * 1.15)
    fig.tight_layout()
    return fig
