"""Property: mc_predict leaves any model exactly as it was, also when its forward raises."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.mc import mc_predict

WIDTH = 6


class FunctionalBlock(nn.Module):
    def __init__(self, p: float) -> None:
        super().__init__()
        self.bn = nn.BatchNorm1d(WIDTH)
        self.p = p

    def forward(self, x):
        return F.dropout(self.bn(x), self.p, training=self.training)


class Raiser(nn.Module):
    """Raises on its ``after``-th call (0: never)."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after
        self.register_buffer("count", torch.zeros((), dtype=torch.long))

    def forward(self, x):
        self.count += 1  # a buffer the forward changes: restored afterwards
        if self.after and int(self.count) >= self.after:
            raise RuntimeError("raised on purpose")
        return x


LAYERS = st.sampled_from(["linear", "bn", "dropout", "functional", "relu"])


@st.composite
def models(draw):
    kinds = draw(st.lists(LAYERS, min_size=1, max_size=5))
    layers: list[nn.Module] = [nn.Linear(WIDTH, WIDTH)]
    for kind in kinds:
        if kind == "linear":
            layers.append(nn.Linear(WIDTH, WIDTH))
        elif kind == "bn":
            layers.append(nn.BatchNorm1d(WIDTH))
        elif kind == "dropout":
            layers.append(nn.Dropout(draw(st.sampled_from([0.1, 0.5]))))
        elif kind == "functional":
            layers.append(FunctionalBlock(draw(st.sampled_from([0.2, 0.6]))))
        else:
            layers.append(nn.ReLU())
    layers.append(nn.Dropout(0.3))
    layers.insert(draw(st.integers(0, len(layers))), Raiser(draw(st.integers(0, 6))))
    model = nn.Sequential(*layers)
    for m in model.modules():  # the caller's per-module modes, whatever they are
        m.training = draw(st.booleans())
    if draw(st.booleans()):
        model[0].register_forward_hook(lambda m, a, o: None)
    return model


def _state(model: nn.Module) -> dict:
    return {
        "tensors": {k: v.clone() for k, v in model.state_dict(keep_vars=False).items()},
        "modes": [m.training for m in model.modules()],
        "hooks": [(dict(m._forward_hooks), dict(m._forward_pre_hooks)) for m in model.modules()],
        "rng": torch.get_rng_state(),
        "grad": [p.requires_grad for p in model.parameters()],
    }


@pytest.mark.filterwarnings("ignore::dropsurgeon.mc.MCWarning")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models(), samples=st.integers(2, 5), chunk=st.sampled_from([None, 4, 9]),
       consistent=st.booleans(), seed=st.integers(0, 2**31))
def test_model_is_restored_exactly(model, samples, chunk, consistent, seed):
    x = torch.randn(3, WIDTH)
    torch.manual_seed(seed)
    before = _state(model)
    try:
        res = mc_predict(model, x, samples=samples, chunk=chunk, consistent=consistent,
                         seed=seed, task="regression")
        assert res.mean.shape == (3, WIDTH)
    except (RuntimeError, DropsurgeonError) as exc:
        assert "raised on purpose" in str(exc) or "raised on purpose" in str(exc.__cause__)
    after = _state(model)
    assert before["modes"] == after["modes"]
    assert before["grad"] == after["grad"]
    assert before["hooks"] == after["hooks"]
    assert torch.equal(before["rng"], after["rng"])
    assert before["tensors"].keys() == after["tensors"].keys()
    for k, v in before["tensors"].items():
        assert torch.equal(v, after["tensors"][k]), k
