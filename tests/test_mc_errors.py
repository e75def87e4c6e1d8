"""Bad input to mc_predict: one clear error naming the cause, and the model unchanged."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn

from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.mc import mc_predict


def _model() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.2), nn.Linear(8, 2))


def _snapshot(model: nn.Module) -> tuple:
    return ({k: v.clone() for k, v in model.state_dict().items()},
            [m.training for m in model.modules()])


def _same(model: nn.Module, snap: tuple) -> bool:
    state, modes = snap
    return (all(torch.equal(state[k], v) for k, v in model.state_dict().items())
            and modes == [m.training for m in model.modules()])


@pytest.mark.parametrize(("call", "match"), [
    (lambda m: mc_predict(m, torch.randn(3, 4), samples=1), "samples must be an integer >= 2"),
    (lambda m: mc_predict(m, torch.randn(3, 4), samples=0), "samples must be"),
    (lambda m: mc_predict(m, torch.randn(3, 4), where="nothing.here"), "where='nothing.here'"),
    (lambda m: mc_predict(m, torch.randn(3, 4), where="Linear"), "selects no dropout site"),
    (lambda m: mc_predict(m, torch.randn(3, 4), chunk=0), "chunk must be"),
    (lambda m: mc_predict(m, torch.randn(3, 4), task="ranking"), "task must be"),
])
def test_bad_input_names_the_cause_and_leaves_the_model(call, match):
    model = _model().train()  # a caller's mode is restored too
    snap = _snapshot(model)
    with pytest.raises(DropsurgeonError, match=match):
        call(model)
    assert _same(model, snap)


def test_model_without_sites_points_to_insert():
    model = nn.Sequential(nn.Linear(4, 2))
    with pytest.raises(DropsurgeonError, match=r"no dropout site.*dropsurgeon\.insert"):
        mc_predict(model, torch.randn(2, 4))


def test_rejected_inputs_raise_the_models_own_error_with_a_note():
    model = _model().train()
    snap = _snapshot(model)
    with pytest.raises(RuntimeError) as info:
        mc_predict(model, torch.randn(3, 5))
    assert type(info.value) is RuntimeError  # not wrapped: an OOM back-off loop sees its type
    assert any("dropsurgeon.mc_predict" in n and "float32[3, 5]" in n
               for n in info.value.__notes__)
    assert _same(model, snap)


class _Raises(nn.Module):
    def __init__(self, exc: BaseException) -> None:
        super().__init__()
        self.drop = nn.Dropout(0.5)
        self.exc = exc

    def forward(self, x):
        raise self.exc


def test_out_of_memory_on_the_first_call_is_itself():
    oom = torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
    with pytest.raises(torch.cuda.OutOfMemoryError) as info:
        mc_predict(_Raises(oom), torch.randn(2, 4))
    assert info.value is oom


class _Returns(nn.Module):
    def __init__(self, value) -> None:
        super().__init__()
        self.drop = nn.Dropout(0.5)
        self.value = value

    def forward(self, x):
        self.drop(x)
        return self.value


@pytest.mark.parametrize("value", [None, "logits", 3])
def test_non_tensor_outputs_are_refused(value):
    with pytest.raises(DropsurgeonError, match=f"returned {type(value).__name__}.*needs a "
                       "tensor output"):
        mc_predict(_Returns(value), torch.randn(2, 4))


class _NaNRows(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        out = self.drop(x)
        return torch.where(x[:, :1] > 100, torch.nan, out)  # rows whose first input is > 100


def test_nan_rows_are_named_in_the_notes():
    x = torch.randn(5, 3)
    x[1, 0] = x[3, 0] = 1000.0
    res = mc_predict(_NaNRows(), x, samples=4, seed=0)
    assert any("2 of 5 rows have NaN" in n and "rows 1, 3" in n for n in res.notes), res.notes


def test_consistent_with_differing_input_shapes():
    class Two(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(0.5)

        def forward(self, a, b):
            return self.drop(a).sum(1) + b.sum(1)[:1]

    model = Two()
    with pytest.raises(DropsurgeonError, match="consistent=True needs inputs with one batch"):
        mc_predict(model, torch.randn(3, 4), torch.randn(2, 4), consistent=True)
    batches = iter([torch.randn(2, 4), torch.randn(2, 5)])
    with pytest.raises(DropsurgeonError, match="same input shapes"):
        mc_predict(nn.Sequential(nn.Dropout(0.5)), batches, consistent=True, progress=False)


def test_a_forward_that_raises_midway_reaches_the_caller_and_restores():
    class Flaky(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.bn = nn.BatchNorm1d(4)
            self.drop = nn.Dropout(0.5)
            self.calls = 0

        def forward(self, x):
            self.calls += 1
            if self.calls > 3:  # after the probe and the fold check
                raise ValueError("boom")
            return self.drop(self.bn(self.fc(x)))

    model = Flaky().train()
    snap = _snapshot(model)
    x = torch.randn(3, 4)
    torch.manual_seed(7)
    rng = torch.get_rng_state()
    with pytest.raises(ValueError, match="boom"):
        mc_predict(model, x, samples=4, chunk=3)
    assert _same(model, snap)
    assert torch.equal(torch.get_rng_state(), rng)
