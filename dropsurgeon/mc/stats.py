"""Running statistics over MC samples, so that T samples need not be kept in memory.

Each output leaf keeps a count, a mean and a sum of squared deviations, combined chunk by
chunk with Chan et al.'s parallel update (numerically stable, exact for any chunking).  For
classification the primary leaf also keeps the sum of softmaxes, the sum of per-sample
entropies and the votes of each sample's argmax: all the estimators of :class:`MCResult`
follow from those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

_TINY = 1e-12


@dataclass
class BatchStats:
    """Statistics of one batch, per output leaf, rows first (samples: [T, rows, ...])."""

    mean: list[torch.Tensor]
    var: list[torch.Tensor]
    samples: list[torch.Tensor] | None
    task: str
    primary: int
    rows: int
    shared_fraction: float
    probs: torch.Tensor | None = None
    expected_entropy: torch.Tensor | None = None
    votes: torch.Tensor | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def looks_like_logits(leaf: torch.Tensor) -> bool:
    """A class axis last: floating, at least [rows, classes], two classes or more."""
    return leaf.dtype.is_floating_point and leaf.dim() >= 3 and leaf.shape[-1] >= 2


class Accumulator:
    """Adds chunks of samples (each leaf ``[n, rows, ...]``) and finishes a :class:`BatchStats`."""

    def __init__(self, samples: int, keep: bool, task: str) -> None:
        self.total = samples
        self.keep = keep
        self.task = task
        self.count = 0
        self.mean: list[torch.Tensor] = []
        self.m2: list[torch.Tensor] = []
        self.kept: list[list[torch.Tensor]] = []
        self.spec: Any = None
        self.primary = 0
        self.probs: torch.Tensor | None = None
        self.entropy: torch.Tensor | None = None
        self.votes: torch.Tensor | None = None

    def add(self, unfolded: tuple[list[torch.Tensor], Any]) -> None:
        leaves, spec = unfolded
        if self.spec is None:
            self.spec = spec
            self.primary = spec.primary if spec is not None else 0
            if self.task == "auto":
                lead = leaves[self.primary] if leaves else None
                self.task = ("classification" if lead is not None and looks_like_logits(lead)
                             else "regression")
            self.kept = [[] for _ in leaves]
        n = leaves[0].shape[0] if leaves else 0
        for i, leaf in enumerate(leaves):
            x = leaf.detach().float() if not leaf.dtype.is_floating_point else leaf.detach()
            mean = x.mean(0)
            m2 = ((x - mean) ** 2).sum(0)
            if i >= len(self.mean):
                self.mean.append(mean)
                self.m2.append(m2)
            else:  # Chan et al. parallel combination
                total = self.count + n
                delta = mean - self.mean[i]
                self.mean[i] = self.mean[i] + delta * (n / total)
                self.m2[i] = self.m2[i] + m2 + delta ** 2 * (self.count * n / total)
            if self.keep:
                self.kept[i].append(leaf.detach())
        if self.task == "classification" and leaves:
            self._classify(leaves[self.primary])
        self.count += n

    def _classify(self, logits: torch.Tensor) -> None:
        probs = torch.softmax(logits.detach().float(), dim=-1)
        entropy = -(probs * probs.clamp_min(_TINY).log()).sum(-1)
        votes = torch.nn.functional.one_hot(probs.argmax(-1), probs.shape[-1]).sum(0)
        if self.probs is None:
            self.probs, self.entropy, self.votes = probs.sum(0), entropy.sum(0), votes
        else:
            self.probs += probs.sum(0)
            self.entropy += entropy.sum(0)
            self.votes += votes

    def finish(self, shared_fraction: float) -> BatchStats:
        var = [m2 / max(1, self.count - 1) for m2 in self.m2]
        rows = int(self.mean[0].shape[0]) if self.mean and self.mean[0].dim() else 1
        stats = BatchStats(
            mean=self.mean, var=var,
            samples=[torch.cat(parts) for parts in self.kept] if self.keep else None,
            task=self.task, primary=self.primary, rows=rows, shared_fraction=shared_fraction,
        )
        if self.probs is not None:
            stats.probs = self.probs / self.count
            stats.expected_entropy = self.entropy / self.count
            stats.votes = self.votes
        return stats


def concat(batches: list[BatchStats]) -> BatchStats:
    """One :class:`BatchStats` for several batches, rows concatenated in order."""
    if len(batches) == 1:
        return batches[0]
    first = batches[0]

    def cat(get: Any, dim: int = 0) -> Any:
        parts = [get(b) for b in batches]
        return None if parts[0] is None else torch.cat(parts, dim)

    n = len(first.mean)
    rows = sum(b.rows for b in batches)
    return BatchStats(
        mean=[torch.cat([b.mean[i] for b in batches]) for i in range(n)],
        var=[torch.cat([b.var[i] for b in batches]) for i in range(n)],
        samples=None if first.samples is None else
        [torch.cat([b.samples[i] for b in batches], 1) for i in range(n)],  # type: ignore[index]
        task=first.task, primary=first.primary, rows=rows,
        shared_fraction=sum(b.shared_fraction * b.rows for b in batches) / max(1, rows),
        probs=cat(lambda b: b.probs), expected_entropy=cat(lambda b: b.expected_entropy),
        votes=cat(lambda b: b.votes),
    )
