"""The runtime monitor: every dropout-family and random op that executes, at the user's line."""

from __future__ import annotations

import dataclasses
import inspect
import os

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from dropsurgeon.capture.runtime import ForwardError, compare_outputs, monitor, observe
from dropsurgeon.sites import ATTENTION, FUNCTIONAL, MODULE, RANDOM, RNN


def _line(fn, text: str) -> int:
    """The line number of the first source line of ``fn`` containing ``text``."""
    lines, start = inspect.getsourcelines(fn)
    for i, line in enumerate(lines):
        if text in line:
            return start + i
    raise AssertionError(f"{text!r} not in {fn.__qualname__}")


def _one(inv, **match):
    found = [s for s in inv if all(getattr(s, k) == v for k, v in match.items())]
    assert len(found) == 1, (match, [(s.kind, s.op, s.line, s.module) for s in inv])
    return found[0]


X = torch.randn(4, 8)


class Mixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.5)
        self.rnn = nn.LSTM(8, 8, num_layers=2, dropout=0.3)
        self.mha = nn.MultiheadAttention(8, 2, dropout=0.1, batch_first=True)

    def forward(self, x):
        y = F.dropout(self.fc(x), 0.2)
        y = F.dropout(y, 0.2, training=self.training)
        y = torch.dropout(y, 0.25, True)
        y = F.dropout(y, 0.2, self.training or self.mc)
        y = self.drop(y)
        y = nn.Dropout(0.1)(y)
        q = y[:, None]
        y = F.scaled_dot_product_attention(q, q, q, dropout_p=0.1)[:, 0]
        y = y * (torch.rand_like(y) > 0.5).float()
        torch.randn(3)  # drawn, but never used
        y = self.rnn(y[None])[0][0]
        return self.mha(y[None], y[None], y[None])[0][0]

    mc = False


@pytest.fixture(scope="module")
def mixed():
    torch.manual_seed(0)
    model = Mixed()
    return model, monitor(model, (X,))


def test_functional_flags_and_lines(mixed):
    _, inv = mixed
    fwd = Mixed.forward
    missing = _one(inv, kind=FUNCTIONAL, line=_line(fwd, "F.dropout(self.fc(x), 0.2)"))
    assert (missing.op, missing.p, missing.flag) == ("F.dropout", 0.2, "missing")
    assert (missing.active_train, missing.active_eval) == (True, True)
    assert missing.frontend == "runtime"
    assert os.path.realpath(missing.path) == os.path.realpath(inspect.getsourcefile(Mixed))
    assert missing.column == 12 and missing.shape == (4, 8)  # 0-based, like ast
    gated = _one(inv, kind=FUNCTIONAL, line=_line(fwd, "training=self.training"))
    assert (gated.flag, gated.active_train, gated.active_eval) == ("self.training", True, False)
    hard = _one(inv, kind=FUNCTIONAL, line=_line(fwd, "torch.dropout("))
    assert (hard.op, hard.p, hard.flag, hard.active_eval) == ("torch.dropout", 0.25, "literal-true",
                                                              True)
    opt = _one(inv, kind=FUNCTIONAL, line=_line(fwd, "self.training or self.mc"))
    assert (opt.flag, opt.active_eval) == ("opt-in", False)


def test_modules_rnn_and_attention(mixed):
    model, inv = mixed
    fwd = Mixed.forward
    drop = _one(inv, kind=MODULE, module="drop")
    assert (drop.op, drop.module_type, drop.p) == ("Dropout", "Dropout", 0.5)
    assert (drop.active_train, drop.active_eval) == (True, False)
    # like the fx front-end: a module is reported where it was built, called in extra
    assert drop.line == drop.construct_line == _line(Mixed.__init__, "self.drop = nn.Dropout")
    assert drop.extra["call_line"] == _line(fwd, "self.drop(y)")
    built = _one(inv, kind=MODULE, in_forward_construction=True)
    assert built.line == _line(fwd, "nn.Dropout(0.1)(y)") and built.active_eval is True
    rnn = _one(inv, kind=RNN)
    assert (rnn.module, rnn.p, rnn.extra["num_layers"]) == ("rnn", 0.3, 2)
    assert rnn.line == _line(Mixed.__init__, "self.rnn = nn.LSTM")
    assert (rnn.active_train, rnn.active_eval) == (True, False)
    sdpa = _one(inv, kind=ATTENTION, op="F.scaled_dot_product_attention")
    assert (sdpa.p, sdpa.active_eval) == (0.1, True)
    mha = _one(inv, kind=ATTENTION, op="F.multi_head_attention_forward")
    assert (mha.module, mha.active_train, mha.active_eval, mha.flag) == ("mha", True, False,
                                                                         "gated")
    # the LSTM's internal bernoulli_ is its own site, not a stray random op
    assert not [s for s in inv if s.kind == RANDOM and s.module == "rnn"]
    assert model.training is True  # the fixture built it in train mode: restored


def test_random_ops_reach_output(mixed):
    _, inv = mixed
    mask = _one(inv, kind=RANDOM, op="torch.rand_like")
    assert mask.line == _line(Mixed.forward, "torch.rand_like")
    assert (mask.active_eval, mask.reaches_output, mask.shape) == (True, True, (4, 8))
    unused = _one(inv, kind=RANDOM, op="torch.randn")
    assert unused.reaches_output is False


class TrainOverride(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.5)

    def train(self, mode=True):
        self.training = mode
        self.fc.train(mode)
        return self

    def forward(self, x):
        return self.drop(self.fc(x))


def test_train_override_keeps_module_active_at_eval():
    inv = monitor(TrainOverride(), (X,))
    site = _one(inv, kind=MODULE)
    assert (site.module, site.active_eval, site.in_forward_construction) == ("drop", True, False)


class GatedMask(nn.Module):
    def forward(self, x):
        if self.training:
            x = x * x.new_empty(x.shape).bernoulli_(0.5)
        return x


def test_random_op_only_in_train():
    site = _one(monitor(GatedMask(), (X,)), kind=RANDOM)
    assert (site.op, site.active_train, site.active_eval) == ("Tensor.bernoulli_", True, False)


class DataDependent(nn.Module):
    """fx cannot trace this: control flow on a tensor value."""

    def forward(self, x):
        if x.sum() > -1e9:
            return F.dropout(x, 0.3)
        return x


def test_untraceable_control_flow_is_seen():
    site = _one(monitor(DataDependent(), (X,)), kind=FUNCTIONAL)
    assert site.line == _line(DataDependent.forward, "F.dropout") and site.active_eval


class CppRandom(nn.Module):
    def forward(self, x):
        return F.rrelu(x, training=True)  # random inside a C++ op: only dispatch sees it


def test_dispatch_net_catches_ops_below_python():
    site = _one(monitor(CppRandom(), (X,)), kind=RANDOM)
    assert site.op.startswith("aten.rrelu_with_noise") and site.extra["level"] == "dispatch"
    assert site.line == _line(CppRandom.forward, "F.rrelu")


class WithBN(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm1d(8)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.drop(self.bn(x))


def test_restores_modes_buffers_and_rng():
    model = WithBN().eval()
    model.drop.train()  # a deliberately odd per-module state must survive
    before = {k: v.clone() for k, v in model.state_dict().items()}
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    monitor(model, (X,))
    assert torch.equal(torch.rand(3), expected)
    assert (model.training, model.bn.training, model.drop.training) == (False, False, True)
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k


def test_meta_device_model_and_cpu_inputs():
    with torch.device("meta"):
        model = Mixed()
    inv = monitor(model, (X,))  # inputs are moved to the model's device
    assert _one(inv, kind=MODULE, module="drop").active_eval is False
    assert _one(inv, kind=RANDOM, op="torch.rand_like").reaches_output is None  # no values


class Boom(nn.Module):
    def forward(self, x):
        raise ValueError("shapes do not match\nsecond line")


def test_forward_error_is_one_line():
    with pytest.raises(ForwardError) as info:
        monitor(Boom(), (X,))
    assert str(info.value) == "eval forward raised ValueError: shapes do not match"
    assert info.value.mode == "eval"


def test_modes_argument():
    inv = monitor(Mixed(), (X,), modes=("eval",))
    site = _one(inv, kind=MODULE, module="drop")
    assert (site.active_train, site.active_eval) == (None, False)
    with pytest.raises(ValueError):
        monitor(Mixed(), (X,), modes=("test",))


class Mutating(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        self.drop.p = 0.1
        return self.drop(x)


def test_observe_determinism_and_mutations():
    obs = observe(Mutating(), (X,), compare=True, watch_state=True)
    assert obs.deterministic is True and obs.mismatch == ""
    muts = [(m.mode, m.module, m.attr, m.before, m.after) for m in obs.mutations]
    assert muts == [("eval", "drop", "p", 0.5, 0.1)]
    assert obs.mutations[0].line == _line(Mutating.forward, "self.drop.p = 0.1")
    noisy = observe(Mixed(), (X,), compare=True)
    assert noisy.deterministic is False and noisy.mismatch == "output"


@dataclasses.dataclass
class Out:
    logits: torch.Tensor
    extra: dict


def test_compare_outputs_structures():
    a = Out(torch.ones(2), {"h": (torch.zeros(1), 3)})
    b = Out(torch.ones(2), {"h": (torch.zeros(1), 3)})
    assert compare_outputs(a, b) == ""
    b.extra["h"] = (torch.ones(1), 3)
    assert compare_outputs(a, b) == "output.extra['h'][0]"
    nan = torch.tensor([float("nan"), 1.0])
    assert compare_outputs(nan, nan.clone()) == ""  # bitwise: NaN equals itself
    assert compare_outputs(torch.zeros(1), torch.zeros(1, dtype=torch.float64)) == "output"
    assert compare_outputs(torch.tensor([0.0]), torch.tensor([-0.0])) == "output"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=1, max_size=16),
    st.integers(min_value=0, max_value=15),
)
def test_compare_outputs_property(values, index):
    t = torch.tensor(values, dtype=torch.float32)
    assert compare_outputs({"x": [t]}, {"x": [t.clone()]}) == ""
    changed = t.clone()
    i = index % len(values)
    changed[i] = 1.0 if not (t[i] == 1.0) else 2.0
    assert compare_outputs({"x": [t]}, {"x": [changed]}) == "output['x'][0]"


class InSequential(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Sequential(
            nn.Linear(8, 8),
            nn.Dropout(0.5),
        )

    def forward(self, x):
        return self.head(x)


def test_construction_line_through_torch_containers():
    site = _one(monitor(InSequential(), (X,)), kind=MODULE)
    assert site.module == "head.1"
    assert site.line == _line(InSequential.__init__, "nn.Dropout(0.5)")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.booleans(), min_size=6, max_size=6))
def test_per_module_modes_survive_and_module_sites_follow_them(flags):
    """Whatever odd per-module modes a model is in, monitor restores them exactly."""
    model = Mixed()
    mods = list(model.modules())[:6]
    for mod, flag in zip(mods, flags, strict=True):
        mod.training = flag
    before = [m.training for m in model.modules()]
    monitor(model, (X,), modes=("eval",))
    assert [m.training for m in model.modules()] == before


class AtenDropout(nn.Module):
    def forward(self, x):
        return torch.ops.aten.native_dropout(x, 0.3, True)[0]  # below F.dropout


def test_dispatch_net_records_aten_dropout_as_functional():
    site = _one(monitor(AtenDropout(), (X,)), kind=FUNCTIONAL)
    assert (site.op, site.p, site.active_eval) == ("aten.native_dropout", 0.3, True)
    assert site.line == _line(AtenDropout.forward, "native_dropout")
