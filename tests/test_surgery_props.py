"""Property tests: random MLP/CNN/residual stacks, random plans, the verification invariants.

For every generated model and plan: the input model is unchanged, every original state_dict
key survives with an equal tensor, eval outputs are bitwise equal unless a change says it
alters them (mc), a train step runs, the plan survives JSON, and undo gives back the
original structure and eval outputs.
"""

from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dropsurgeon.surgery import NoMatchError, Plan
from dropsurgeon.surgery.variants import is_dropout_module

_STRUCTURAL_CLASSES = ("DropPath", "StochasticDepth", "LayerDrop")


class Residual(nn.Module):
    def __init__(self, width: int, functional_p: float) -> None:
        super().__init__()
        self.fc = nn.Linear(width, width)
        self.norm = nn.LayerNorm(width)
        self.functional_p = functional_p

    def forward(self, x):
        y = F.dropout(F.gelu(self.fc(self.norm(x))), self.functional_p, self.training)
        return x + y


class ConvBlock(nn.Module):
    def __init__(self, c: int, p: float) -> None:
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.bn = nn.BatchNorm2d(c)
        self.drop = nn.Dropout2d(p)

    def forward(self, x):
        return x + self.drop(F.relu(self.bn(self.conv(x))))


class ConvNet(nn.Module):
    def __init__(self, blocks: list[ConvBlock], c: int) -> None:
        super().__init__()
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(c, 3)

    def forward(self, x):
        return self.head(self.blocks(x).mean((2, 3)))


@st.composite
def models(draw):
    family = draw(st.sampled_from(["mlp", "residual", "cnn"]))
    rate = st.sampled_from([0.0, 0.1, 0.5])
    if family == "cnn":
        c = draw(st.sampled_from([2, 4]))
        n = draw(st.integers(1, 3))
        model = ConvNet([ConvBlock(c, draw(rate)) for _ in range(n)], c)
        return model, (torch.randn(2, c, 5, 5),)
    width = draw(st.sampled_from([3, 8]))
    layers: list[nn.Module] = []
    for _ in range(draw(st.integers(1, 4))):
        if family == "residual":
            layers.append(Residual(width, draw(rate)))
        else:
            layers.append(nn.Linear(width, width))
            layers.append(draw(st.sampled_from([nn.ReLU(), nn.Tanh(), nn.Dropout(0.2)])))
    return nn.Sequential(*layers), (torch.randn(4, width),)


KINDS = ["dropout", "gaussian", "drop_path", "concrete", "mc", "alpha"]


@st.composite
def plans(draw):
    plan = Plan()
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["insert", "replace", "remove", "set_rate"]))
        p = draw(st.sampled_from([0.0, 0.2, 0.7]))
        if op == "insert":
            where = draw(st.sampled_from(["after:Linear", "before:Linear", "residual-branches",
                                          "after:Conv2d", "head", "dropout"]))
            kind = draw(st.sampled_from(KINDS + ["dropconnect"]))
            plan.insert(where if kind != "dropconnect" else "Linear", p, kind,
                        schedule=draw(st.sampled_from(["constant", "linear"])))
        elif op == "replace":
            plan.replace("dropout", draw(st.sampled_from(KINDS)))
        elif op == "remove":
            plan.remove()
        else:
            plan.set_rate("dropout", p)
    return plan


def eval_out(model, args):
    flags = {m: m.training for m in model.modules()}
    model.eval()
    with torch.no_grad():
        out = model(*args)
    for m, was in flags.items():
        m.training = was
    return out


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(models(), plans())
def test_random_plans_keep_the_invariants(model_args, plan):
    model, args = model_args
    snapshot = {k: v.clone() for k, v in model.state_dict().items()}
    structure = repr(model)
    try:
        result = plan.apply(model, args)  # raises VerificationError on a broken invariant
    except NoMatchError:
        return  # e.g. 'remove' after everything was removed: loud, as designed
    v = result.verification
    assert v.ok, v.problems
    # the input model is untouched
    assert repr(model) == structure
    assert all(torch.equal(v_, snapshot[k]) for k, v_ in model.state_dict().items())
    # keys: all original ones, plus only listed new ones
    new_keys = set(result.model.state_dict())
    assert set(snapshot) <= new_keys and new_keys - set(snapshot) == set(v.new_keys)
    if not any(c.eval_changed for c in result.changes):
        assert v.outputs == "bitwise equal"
    assert v.train.startswith("forward and backward ran")
    # the plan is data
    assert Plan.from_json(plan.to_json()).to_dict() == plan.to_dict()
    # undo gives the original architecture and outputs back
    back = plan.undo(result.model)
    assert repr(back) == structure
    assert torch.equal(eval_out(back, args), eval_out(model, args))
    if plan.operations[-1].op == "remove":
        left = [m for m in result.model.modules() if is_dropout_module(m)]
        if plan.operations[-1].to_dict()["where"] == ["dropout"]:
            # structural drops (drop path, LayerDrop) keep their own keywords: `dropout` leaves
            # them in place (issue 18 item 9)
            left = [m for m in left if type(m).__name__ not in _STRUCTURAL_CLASSES]
        assert not left


def test_a_second_dropconnect_after_a_set_rate_is_verified_at_its_own_rate():
    # found by test_random_plans_keep_the_invariants: insert dropconnect, set every rate to
    # 0, insert dropconnect again (which re-rates the first wrapper): the verifier must
    # expect the last rate, 0.2, not the set_rate's 0
    model = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
    plan = Plan.from_dict({"operations": [
        {"op": "insert", "where": ["Linear"], "kind": "dropconnect", "p": 0.0},
        {"op": "set_rate", "where": ["dropout"], "p": 0.0},
        {"op": "insert", "where": ["Linear"], "kind": "dropconnect", "p": 0.2}]})
    result = plan.apply(model, (torch.randn(4, 3),))
    assert result.verification.ok
    (wrapper,) = [m for m in result.model.modules() if type(m).__name__ == "DropConnect"]
    assert wrapper.p == 0.2
