"""Estimators, calibration (torchmetrics as the oracle) and acquisition heuristics."""

from __future__ import annotations

import itertools

import pytest
import torch
import torch.nn as nn

import dropsurgeon
from dropsurgeon.mc.acquire import batchbald_select
from dropsurgeon.mc.calibration import calibration
from dropsurgeon.mc.result import MCResult
from dropsurgeon.mc.stats import Accumulator


def _result(logits: torch.Tensor, chunks: int = 1) -> MCResult:
    """An MCResult from given per-sample logits [T, N, C] (fed in ``chunks`` pieces)."""
    acc = Accumulator(logits.shape[0], keep=True, task="classification")
    for part in logits.chunk(chunks):
        acc.add(([part], None))
    return MCResult(acc.finish(0.0), None, logits.shape[0], 0, True, None, [], [])


def test_estimators_follow_their_formulas_whatever_the_chunking():
    torch.manual_seed(0)
    logits = torch.randn(9, 5, 4) * 3
    p = logits.softmax(-1)
    mean = p.mean(0)
    H = -(mean * mean.log()).sum(-1)
    E = (-(p * p.log()).sum(-1)).mean(0)
    votes = torch.nn.functional.one_hot(p.argmax(-1), 4).sum(0)
    for chunks in (1, 3, 9):
        r = _result(logits, chunks)
        assert torch.allclose(r.probs, mean, atol=1e-6)
        assert torch.allclose(r.predictive_entropy, H, atol=1e-5)
        assert torch.allclose(r.expected_entropy, E, atol=1e-5)
        assert torch.allclose(r.mutual_information, (H - E).clamp_min(0), atol=1e-5)
        assert torch.allclose(r.variation_ratio, 1 - votes.max(-1).values / 9)
        assert torch.allclose(r.variance, logits.var(0), atol=1e-5)
        assert torch.equal(r.predicted, mean.argmax(-1))


def test_calibration_matches_torchmetrics():
    torchmetrics = pytest.importorskip("torchmetrics")
    torch.manual_seed(1)
    probs = torch.randn(500, 6).mul(2).softmax(-1)
    probs[:7] = torch.nn.functional.one_hot(torch.arange(7) % 6, 6).float()  # confidence 1
    targets = torch.randint(0, 6, (500,))
    ours = calibration(probs, targets, bins=15)
    ece = torchmetrics.classification.MulticlassCalibrationError(num_classes=6, n_bins=15,
                                                                 norm="l1")
    assert ours["ece"] == pytest.approx(float(ece(probs, targets)), abs=1e-6)
    nll = torch.nn.functional.nll_loss(probs.clamp_min(1e-12).log(), targets)
    assert ours["nll"] == pytest.approx(float(nll), rel=1e-5)
    onehot = torch.nn.functional.one_hot(targets, 6).float()
    assert ours["brier"] == pytest.approx(float(((probs - onehot) ** 2).sum(1).mean()), rel=1e-5)


def test_reliability_plot_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    r = _result(torch.randn(4, 30, 3))
    path = r.reliability_plot(torch.randint(0, 3, (30,)), tmp_path / "rel.png")
    with open(path, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


def _joint_mi_bruteforce(probs: torch.Tensor, items: list[int]) -> float:
    """I(y_B; w) by enumerating every label configuration of the batch."""
    T, _, C = probs.shape
    h = 0.0
    for config in itertools.product(range(C), repeat=len(items)):
        pc = torch.ones(T, dtype=torch.double)
        for i, c in zip(items, config, strict=True):
            pc = pc * probs[:, i, c].double()
        pm = float(pc.mean())
        h -= pm * torch.log(torch.tensor(pm)).item() if pm > 0 else 0.0
    cond = sum(float((-(probs[:, i] * probs[:, i].log()).sum(-1)).mean()) for i in items)
    return h - cond


def test_batchbald_greedy_matches_bruteforce_joint_mutual_information():
    torch.manual_seed(2)
    probs = torch.randn(12, 7, 3).mul(2).softmax(-1)
    idx, scores = batchbald_select(probs, 3)
    assert len(set(idx.tolist())) == 3
    for step in range(3):
        chosen = idx[: step + 1].tolist()
        assert scores[step] == pytest.approx(_joint_mi_bruteforce(probs, chosen), abs=1e-6)
        # greedy: no other item would have scored higher at this step
        for other in set(range(7)) - set(chosen):
            trial = [*chosen[:-1], other]
            assert _joint_mi_bruteforce(probs, trial) <= scores[step] + 1e-6
    # k = 1 is BALD
    mi = _result(probs.log()).mutual_information
    assert idx[0] == mi.argmax()


def test_batchbald_sampled_configurations_stay_close_to_exact():
    torch.manual_seed(3)
    probs = torch.randn(20, 30, 4).mul(2).softmax(-1)
    import sys

    acq = sys.modules["dropsurgeon.mc.acquire"]

    exact_idx, exact_scores = batchbald_select(probs, 4)
    old = acq._EXACT_CONFIGS
    acq._EXACT_CONFIGS = 16  # force sampling after the second item
    try:
        idx, scores = batchbald_select(probs, 4, num_configs=4000, seed=0)
    finally:
        acq._EXACT_CONFIGS = old
    assert torch.equal(idx[:2], exact_idx[:2])
    assert scores[-1] == pytest.approx(float(exact_scores[-1]), abs=0.1)


class _Clf(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.fc = nn.Linear(5, 16)
        self.drop = nn.Dropout(0.5)
        self.out = nn.Linear(16, 3)

    def forward(self, x):
        return self.out(self.drop(torch.relu(self.fc(x))))


@pytest.mark.parametrize("heuristic", ["bald", "entropy", "variation_ratio", "margin",
                                       "random", "batchbald"])
def test_acquire_returns_k_distinct_pool_indices(heuristic):
    pool = torch.randn(20, 5) * 3
    got = dropsurgeon.acquire(_Clf(), pool, 4, heuristic=heuristic, samples=8, seed=0)
    indices, scores = got
    assert len(set(indices.tolist())) == 4 and indices.max() < 20
    assert scores.shape == (4,)
    if heuristic in ("bald", "entropy", "margin"):
        assert (scores[:-1] >= scores[1:]).all()


def test_acquire_bald_is_the_top_mutual_information():
    pool = torch.randn(15, 5) * 3
    res = dropsurgeon.mc_predict(_Clf(), pool, samples=8, seed=0, task="classification")
    got = dropsurgeon.acquire(_Clf(), pool, 3, samples=8, seed=0)
    assert torch.equal(got.indices, res.mutual_information.topk(3).indices)
