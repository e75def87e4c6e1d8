"""mc_predict: folded samples match a loop of T passes; only the selected sites drop."""

from __future__ import annotations

import math
import warnings

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import dropsurgeon
from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.mc import MCWarning, mc_predict
from dropsurgeon.mc.predict import _mix_batch


def _mlp(p: float = 0.3) -> nn.Module:
    torch.manual_seed(0)
    return dropsurgeon.insert(nn.Sequential(nn.Linear(13, 50), nn.ReLU(), nn.Linear(50, 1)),
                              "before:Linear", p=p, example_inputs=(torch.zeros(2, 13),)).eval()


def _dropout_only_loop(model: nn.Module, x: torch.Tensor, T: int) -> torch.Tensor:
    """The reference: T forwards with the dropout modules (and nothing else) in train."""
    drops = [m for m in model.modules() if isinstance(m, nn.Dropout)]
    with torch.no_grad():
        for d in drops:
            d.train()
        try:
            return torch.stack([model(x) for _ in range(T)])
        finally:
            for d in drops:
                d.eval()


class FunctionalBN(nn.Module):
    """F.dropout gated by self.training next to a BatchNorm in the same module."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(6, 16)
        self.bn = nn.BatchNorm1d(16)
        self.out = nn.Linear(16, 3)
        self.seen_bn_training: list[bool] = []

    def forward(self, x):
        h = self.bn(self.fc(x))
        self.seen_bn_training.append(self.bn.training)
        h = F.dropout(torch.relu(h), 0.5, training=self.training)
        return self.out(h)


def test_folded_matches_a_loop_in_distribution():
    model = _mlp()
    x = torch.randn(5, 13)
    T = 3000
    res = mc_predict(model, x, samples=T, seed=1)
    ref = _dropout_only_loop(model, x, T)
    assert res.folded and res.mean.shape == (5, 1)
    se = (ref.var(0) / T).sqrt()
    assert ((res.mean - ref.mean(0)).abs() <= 6 * se * math.sqrt(2) + 1e-6).all()
    ratio = res.variance / ref.var(0)
    assert ((ratio > 0.85) & (ratio < 1.15)).all()


def test_seed_reproduces_and_differs():
    model = _mlp()
    x = torch.randn(4, 13)
    a = mc_predict(model, x, samples=16, seed=3, keep_samples=True)
    b = mc_predict(model, x, samples=16, seed=3, keep_samples=True)
    c = mc_predict(model, x, samples=16, seed=4, keep_samples=True)
    assert torch.equal(a.samples, b.samples)
    assert not torch.equal(a.samples, c.samples)
    # samples differ from each other: independent masks per folded sample
    assert not torch.equal(a.samples[0], a.samples[1])


def test_caller_rng_is_untouched():
    model = _mlp()
    x = torch.randn(2, 13)
    torch.manual_seed(123)
    state = torch.get_rng_state()
    mc_predict(model, x, samples=4)
    assert torch.equal(torch.get_rng_state(), state)


def test_chunk_bounds_rows_and_consistent_masks_do_not_depend_on_it():
    model = _mlp()
    x = torch.randn(3, 13)
    calls: list[int] = []
    h = model[0].register_forward_pre_hook(lambda m, a: calls.append(a[0].shape[0]))
    try:
        whole = mc_predict(model, x, samples=10, seed=0, consistent=True, keep_samples=True)
        calls.clear()
        parts = mc_predict(model, x, samples=10, seed=0, consistent=True, keep_samples=True,
                           chunk=6)
    finally:
        h.remove()
    assert max(calls) <= 6
    assert torch.allclose(whole.samples, parts.samples)


def test_consistent_masks_are_shared_by_inputs_within_a_sample():
    drop = nn.Sequential(nn.Dropout(0.5))
    x = torch.ones(4, 7)
    res = mc_predict(drop, x, samples=6, seed=0, consistent=True, keep_samples=True,
                     task="regression")
    s = res.samples  # [6, 4, 7]
    assert torch.equal(s[:, 0], s[:, 3])  # every input sees the same mask in one sample
    assert not torch.equal(s[0], s[1])  # samples differ


def test_consistent_masks_are_the_same_across_batches():
    model = _mlp()
    x = torch.randn(6, 13)
    whole = mc_predict(model, x, samples=5, seed=2, consistent=True, keep_samples=True)
    loader = torch.utils.data.DataLoader(x, batch_size=2)
    parts = mc_predict(model, loader, samples=5, seed=2, consistent=True, keep_samples=True)
    assert torch.allclose(whole.samples, parts.samples, atol=1e-6)


def test_functional_dropout_next_to_batchnorm_keeps_batchnorm_in_eval():
    model = FunctionalBN()
    with torch.no_grad():
        model.bn.running_mean.uniform_(-1, 1)
        model.bn.running_var.uniform_(0.5, 2)
    model.eval()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x = torch.randn(8, 6)
    res = mc_predict(model, x, samples=64, seed=0)
    assert res.task == "classification"
    assert res.variance.sum() > 0  # the functional dropout did drop
    assert not any(model.seen_bn_training)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert not model.training and not model.bn.training


def test_only_selected_sites_drop():
    class Two(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = nn.Dropout(0.5)
            self.b = nn.Dropout(0.5)

        def forward(self, x):
            return self.a(x), self.b(x)

    x = torch.ones(3, 5)
    res = mc_predict(Two(), x, samples=20, seed=0, where="a", task="regression")
    var_a, var_b = res.variance
    assert var_a.sum() > 0 and var_b.sum() == 0


def test_dict_and_tuple_outputs_keep_their_structure():
    class Heads(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.drop = nn.Dropout(0.2)

        def forward(self, x):
            h = self.drop(self.fc(x))
            return {"logits": h[:, :3], "extra": (h[:, 3:], h.sum(1))}

    res = mc_predict(Heads(), torch.randn(5, 4), samples=8, seed=0, keep_samples=True)
    assert set(res.mean) == {"logits", "extra"}
    assert res.mean["logits"].shape == (5, 3)
    assert res.samples["extra"][1].shape == (8, 5)
    assert res.task == "classification" and res.probs.shape == (5, 3)


def test_row_mixing_model_falls_back_to_a_loop_and_says_so():
    class Mix(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.drop = nn.Dropout(0.3)

        def forward(self, x):
            h = self.drop(self.fc(x))
            return h + h.flip(0)  # mixes the rows of the batch

    model = Mix().eval()
    x = torch.randn(3, 4)
    with pytest.warns(MCWarning, match="loop"):
        res = mc_predict(model, x, samples=6, seed=5, keep_samples=True, task="regression")
    assert not res.folded and any("loop" in n for n in res.notes)
    # the loop is T plain passes on one RNG stream: keep iff u >= p, u = rand_like(h)
    torch.manual_seed(_mix_batch(5, 0))
    ref = []
    with torch.no_grad():
        for _ in range(6):
            h = model.fc(x)
            h = h * (torch.rand_like(h) >= 0.3) / 0.7
            ref.append(h + h.flip(0))
    assert torch.allclose(res.samples, torch.stack(ref), atol=1e-6)


def test_trunk_runs_once_before_a_head_dropout():
    torch.manual_seed(0)
    trunk = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(),
                          nn.Conv2d(8, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
    model = nn.Sequential(trunk, nn.Dropout(0.5), nn.Linear(8, 4)).eval()
    rows: list[int] = []
    h = trunk[0].register_forward_pre_hook(lambda m, a: rows.append(a[0].shape[0]))
    try:
        res = mc_predict(model, torch.randn(2, 3, 12, 12), samples=16, seed=0)
        rows.clear()
        mc_predict(model, torch.randn(2, 3, 12, 12), samples=16, seed=0)
    finally:
        h.remove()
    assert res.split == "1"
    assert rows == [2]  # the conv trunk ran once, on the 2 inputs (plan cached)
    assert res.shared_fraction > 0.5


def test_regression_log_likelihood_and_interval():
    model = _mlp(0.2)
    x = torch.randn(6, 13)
    res = mc_predict(model, x, samples=40, seed=0, keep_samples=True)
    y = torch.randn(6)
    tau = 2.0
    s = res.samples.squeeze(-1)  # [T, N]
    ref = (torch.logsumexp(-0.5 * tau * (y - s) ** 2, 0) - math.log(40)
           - 0.5 * math.log(2 * math.pi) + 0.5 * math.log(tau))
    assert torch.allclose(res.log_likelihood(y, tau), ref, atol=1e-5)
    lo, hi = res.interval(0.9)
    assert (lo <= res.mean + 1e-6).all() and (hi >= res.mean - 1e-6).all()
    with pytest.raises(DropsurgeonError, match="classification"):
        _ = res.probs


def test_dataloader_of_pairs_concatenates_and_keeps_targets():
    model = _mlp()
    x, y = torch.randn(7, 13), torch.randn(7)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=3)
    res = mc_predict(model, loader, samples=4, seed=0, progress=False)
    assert res.mean.shape == (7, 1) and torch.equal(res.targets, y)


def test_mc_wrap_returns_results():
    wrapped = dropsurgeon.mc_wrap(_mlp(), samples=5, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = wrapped(torch.randn(2, 13))
    assert out.mean.shape == (2, 1) and isinstance(wrapped, nn.Module)


class _Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.3)
        self.fc2 = nn.Linear(8, 8)

    def forward(self, x):
        return x + self.fc2(self.drop(torch.relu(self.fc1(x))))


def test_fx_graph_split_shares_the_branch_before_a_residual_dropout():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), _Block(), _Block()).eval()
    x = torch.randn(3, 4)
    rows: list[int] = []
    h = model[1].fc1.register_forward_pre_hook(lambda m, a: rows.append(a[0].shape[0]))
    try:
        res = mc_predict(model, x, samples=2000, seed=0)
    finally:
        h.remove()
    # hooks on the model: fx would not run them, so that call used the module split ...
    assert res.split == "1" and set(rows[-1:]) == {6000}
    res = mc_predict(model, x, samples=2000, seed=0)
    # ... without hooks the graph split runs block 1's fc1 once, on the 3 inputs
    assert res.split == "fx graph" and res.shared_fraction > 0.2
    ref = _dropout_only_loop(model, x, 4000)
    se = (ref.var(0) / 2000).sqrt()
    assert ((res.mean - ref.mean(0)).abs() <= 6 * se + 1e-6).all()
    ratio = res.variance / ref.var(0)
    assert ((ratio > 0.8) & (ratio < 1.25)).all()


def test_several_inputs_of_any_rank_and_keyword_inputs():
    class Multi(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv1d(3, 4, 3, padding=1)
            self.drop = nn.Dropout(0.5)

        def forward(self, seq, bias, *, scale):
            h = self.drop(self.conv(seq)).mean(-1)  # seq: [N, 3, L]
            return h * scale + bias

    model = Multi().eval()
    seq, bias = torch.randn(5, 3, 7), torch.randn(5, 4)
    res = mc_predict(model, seq, bias, scale=torch.tensor(2.0), samples=64, seed=0,
                     keep_samples=True, task="regression")
    assert res.samples.shape == (64, 5, 4)
    assert (res.variance > 0).all()
    plain = model(seq, bias, scale=torch.tensor(2.0))
    assert torch.allclose(res.mean, plain, atol=6 * float(res.std.max()) / 8)
