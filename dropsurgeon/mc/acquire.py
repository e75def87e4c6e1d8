"""Active learning: the ``k`` pool items whose labels would teach the model most.

Heuristics on MC-dropout samples: ``bald`` (mutual information, Houlsby et al. 2011),
``entropy`` (predictive entropy), ``variation_ratio``, ``margin`` (``1 - (p1 - p2)`` of the
two most likely classes), ``random``, and ``batchbald`` (Kirsch et al. 2019): a greedy batch
maximising the mutual information between the *joint* labels of the batch and the weights,
estimated on samples drawn with consistent masks (sample ``t`` is the same network for every
pool item).  The joint entropy is exact while the label configurations are few (``C^k``
below 2^14 per sample) and estimated from sampled configurations beyond.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import torch

from ..errors import DropsurgeonError

HEURISTICS = ("bald", "entropy", "variation_ratio", "margin", "random", "batchbald")
_TINY = 1e-12
_EXACT_CONFIGS = 1 << 14


@dataclass
class Acquisition:
    """The chosen pool indices, most informative first, and their scores."""

    indices: torch.Tensor
    scores: torch.Tensor
    heuristic: str

    @property
    def gains(self) -> torch.Tensor:
        """What each item adds, in the order chosen: ``scores`` itself for the per-item
        heuristics; for ``batchbald``, whose ``scores`` are cumulative (the score of the batch
        of the first ``i + 1`` items), their successive differences."""
        if self.heuristic != "batchbald":
            return self.scores
        return torch.diff(self.scores, prepend=self.scores.new_zeros(1))

    def __iter__(self):  # indices, scores = acquire(...)
        return iter((self.indices, self.scores))


def acquire(model: Any, pool: Any, k: int, heuristic: str = "bald", samples: int = 20,
            seed: int | None = None, **options: Any) -> Acquisition:
    """Indices and scores of the ``k`` most informative items of ``pool`` (a tensor of
    inputs, or a DataLoader/iterable of batches in a fixed order).

    ``scores[i]`` is item ``indices[i]``'s own score for every heuristic but ``batchbald``,
    whose scores are cumulative: ``scores[i]`` is the BatchBALD score of the batch of the
    first ``i + 1`` chosen items (non-decreasing while the joint entropy is exact);
    ``Acquisition.gains`` gives each item's own contribution."""
    from .predict import mc_predict

    if heuristic not in HEURISTICS:
        raise DropsurgeonError(f"heuristic must be one of {', '.join(HEURISTICS)} "
                               f"(got {heuristic!r})")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise DropsurgeonError(f"k must be a positive integer (got {k!r})")
    if heuristic == "random":
        n = _pool_size(pool)
        _check_k(k, n)
        gen = torch.Generator().manual_seed(0 if seed is None else int(seed))
        scores = torch.rand(n, generator=gen)
        top = scores.topk(k)
        return Acquisition(top.indices, top.values, heuristic)
    batchbald = heuristic == "batchbald"
    result = mc_predict(model, pool, samples=samples, seed=seed, task="classification",
                        consistent=batchbald or options.pop("consistent", False),
                        keep_samples=batchbald, **options)
    if batchbald:
        probs = torch.softmax(result.samples if not isinstance(result.samples, dict)
                              else result.samples["logits"], -1).float()
        idx, scores = batchbald_select(probs, k, seed=seed)
        return Acquisition(idx, scores, heuristic)
    if heuristic == "bald":
        scores = result.mutual_information
    elif heuristic == "entropy":
        scores = result.predictive_entropy
    elif heuristic == "variation_ratio":
        scores = result.variation_ratio
    else:
        top2 = result.probs.topk(2, dim=-1).values
        scores = 1.0 - (top2[..., 0] - top2[..., 1])
    scores = scores.reshape(scores.shape[0], -1).mean(-1) if scores.dim() > 1 else scores
    _check_k(k, scores.shape[0])
    top = scores.topk(k)
    return Acquisition(top.indices, top.values, heuristic)


def _pool_size(pool: Any) -> int:
    if isinstance(pool, torch.Tensor):
        return int(pool.shape[0])
    dataset = getattr(pool, "dataset", None)
    if dataset is not None and hasattr(dataset, "__len__"):
        return len(dataset)
    raise DropsurgeonError("heuristic='random' needs a tensor pool or a DataLoader")


def _check_k(k: int, n: int) -> None:
    if k > n:
        raise DropsurgeonError(f"k={k} is larger than the pool ({n} items)")


def _entropy(p: torch.Tensor, dim: int = -1) -> torch.Tensor:
    return -(p * p.clamp_min(_TINY).log()).sum(dim)


def batchbald_select(probs: torch.Tensor, k: int, num_configs: int = 1000,
                     seed: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Greedy BatchBALD on ``probs`` of shape ``[T, N, C]`` (consistent samples).

    Score of a batch ``B``: ``H[y_B] - sum_{i in B} E_t H[y_i | w_t]``; each step adds the
    item with the largest score of ``B + {item}``.  Returns indices and the batch score
    after each step.
    """
    if probs.dim() != 3:
        raise DropsurgeonError("batchbald needs per-item class probabilities [T, N, C]")
    T, N, C = probs.shape
    _check_k(k, N)
    p = probs.permute(1, 0, 2).double()  # [N, T, C]
    cond = _entropy(p).mean(1)  # E_t H[y_i | w_t], [N]
    gen = torch.Generator().manual_seed(0 if seed is None else int(seed))
    # P(config | w_t) of the chosen items' label configurations, [M, T]: every
    # configuration while they are few (exact), else configurations sampled from P(config).
    joint = torch.ones(1, T, dtype=torch.double)
    sampled = False
    chosen: list[int] = []
    scores: list[float] = []
    cond_sum = 0.0
    for _ in range(k):
        pj = torch.einsum("mt,ntc->nmc", joint, p) / T  # P(config, y_n = c), [N, M, C]
        if not sampled:
            h = _entropy(pj.reshape(N, -1))
        else:  # H = -E_config sum_c P(c | config) log P(config, c)
            pm = joint.mean(1)
            h = -(pj / pm[None, :, None] * pj.clamp_min(_TINY).log()).sum(-1).mean(-1)
        score = h - (cond_sum + cond)
        if chosen:
            score[torch.tensor(chosen)] = -math.inf
        best = int(score.argmax())
        chosen.append(best)
        scores.append(float(score[best]))
        cond_sum += float(cond[best])
        if not sampled and joint.shape[0] * C <= _EXACT_CONFIGS:
            joint = (joint[:, None, :] * p[best].T[None, :, :]).reshape(-1, T)
            continue
        if not sampled:  # from every configuration to a sample of them
            weights = joint.mean(1)
            pick = torch.multinomial(weights / weights.sum(), num_configs, replacement=True,
                                     generator=gen)
            joint, sampled = joint[pick], True
        # the new item's label given each configuration: a network w_t drawn from the
        # configuration's posterior, then the label from p(y | w_t)
        t = torch.multinomial(joint / joint.sum(1, keepdim=True), 1, generator=gen).squeeze(1)
        labels = torch.multinomial(p[best][t], 1, generator=gen).squeeze(1)
        joint = joint * p[best][:, labels].T
    return torch.tensor(chosen), torch.tensor(scores)
