"""Surgery after issue 18: p=1 and dead verification (item 8), structural drops keep their
own keywords (9), the model's own exception (10), grouped warnings (23), a failed
``Scheduler.step`` (35)."""

from __future__ import annotations

import warnings

import pytest
import torch
import torch.nn as nn
from surgery_tiny_models import build

import dropsurgeon
from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.surgery import SurgeryWarning, VerificationError


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 64)
        self.drop = nn.Dropout(0.1)
        self.out = nn.Linear(64, 16)

    def forward(self, x):
        return self.out(self.drop(torch.relu(self.fc(x))))


X = torch.randn(4, 8)


# --- item 8 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda m: dropsurgeon.insert(m, "after:fc", p=1.0),
    lambda m: dropsurgeon.set_rate(m, "dropout", 1.0),
    lambda m: dropsurgeon.replace(m, "dropout", kind="mc", p=1.0),
])
def test_a_rate_of_one_is_refused(call):
    with pytest.raises(DropsurgeonError, match="p=1 drops every element"):
        call(MLP())


class Zeroing(nn.Module):
    """A dropout kind gone wrong: zeroes its input in training whatever its rate."""

    def __init__(self, p=0.1):
        super().__init__()
        self.p = p

    def forward(self, x):
        return x * 0 if self.training else x


def test_verification_fails_when_every_output_is_zero():
    import copy

    from dropsurgeon.surgery import verify
    from dropsurgeon.surgery.apply import Inputs

    plain = nn.Sequential(nn.Linear(8, 64), nn.Dropout(0.1))
    broken = copy.deepcopy(plain)
    broken[1] = Zeroing()  # e.g. a rate of 1 reached some other way
    v = verify.verify(plain, broken, Inputs((X,), None), reference=None,
                      expect_same_eval=False)
    assert any("every output is zero in 5 seeded train steps" in p for p in v.problems), \
        v.lines()
    with pytest.raises(VerificationError):
        verify.check(v)
    ok = verify.verify(plain, copy.deepcopy(plain), Inputs((X,), None), reference=None,
                       expect_same_eval=False)
    assert ok.problems == [], ok.lines()


def test_a_high_rate_on_a_tiny_output_is_not_called_dead():
    tiny = nn.Sequential(nn.Linear(2, 1), nn.Dropout(0.1))
    new = dropsurgeon.set_rate(tiny, "dropout", 0.95, example_inputs=(torch.randn(1, 2),))
    assert new[1].p == 0.95


# --- item 9 ---------------------------------------------------------------------------------

def test_dropout_leaves_layerdrop_alone():
    bart, args, kwargs = build("bart")
    for layer_owner in (bart.model.encoder, bart.model.decoder):
        layer_owner.layerdrop = 0.0
    sched = dropsurgeon.schedule(bart, "dropout", p="linear(0.0, 0.3, 10)",
                                 example_inputs=args, example_kwargs=kwargs)
    sched.step(step=10)
    assert bart.model.encoder.layerdrop == 0.0 and bart.model.decoder.layerdrop == 0.0
    assert bart.model.encoder.dropout == pytest.approx(0.3)
    new = dropsurgeon.set_rate(bart, "dropout", 0.2, example_inputs=args, example_kwargs=kwargs)
    assert new.model.encoder.layerdrop == 0.0
    named = dropsurgeon.set_rate(bart, "layerdrop", 0.1, example_inputs=args,
                                 example_kwargs=kwargs)
    assert named.model.encoder.layerdrop == 0.1 and named.model.encoder.dropout == 0.3


def test_drop_path_has_its_own_keyword():
    timm = pytest.importorskip("timm")
    vit = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=32, patch_size=8,
                            depth=2, drop_rate=0.1, drop_path_rate=0.1)
    x = torch.randn(2, 3, 32, 32)
    before = [getattr(b.drop_path1, "drop_prob", None) for b in vit.blocks]
    assert before == [None, pytest.approx(0.1)]  # block 0's rate is 0: an Identity
    new = dropsurgeon.set_rate(vit, "dropout", 0.2, example_inputs=(x,))
    assert [getattr(b.drop_path1, "drop_prob", None) for b in new.blocks] == before
    assert new.blocks[0].mlp.drop1.p == 0.2
    assert [t.name for t in dropsurgeon.select(vit, "drop_path")] == \
        ["blocks.1.drop_path1", "blocks.1.drop_path2"]


# --- item 10 --------------------------------------------------------------------------------

class Exploding(nn.Module):
    def __init__(self, error):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.1)
        self.error = error

    def forward(self, x):
        raise self.error


@pytest.mark.parametrize("error", [RuntimeError("CUDA out of memory"), ValueError("bad")])
@pytest.mark.parametrize("call", [
    lambda m: dropsurgeon.set_rate(m, "dropout", 0.2, example_inputs=(X,)),
    lambda m: dropsurgeon.insert(m, "after:fc", p=0.1, kind="auto", example_inputs=(X,)),
    lambda m: dropsurgeon.remove(m, example_inputs=(X,)),
])
def test_the_models_own_exception_reaches_the_caller_as_itself(error, call):
    with pytest.raises(type(error)) as info:
        call(Exploding(error))
    assert info.value is error
    assert any("dropsurgeon:" in note for note in getattr(info.value, "__notes__", []))


# --- item 23 --------------------------------------------------------------------------------

def test_warnings_repeated_per_block_come_once_with_a_count():
    timm = pytest.importorskip("timm")
    vit = timm.create_model("vit_tiny_patch16_224", pretrained=False, img_size=32, patch_size=8,
                            depth=4, drop_rate=0.1, attn_drop_rate=0.1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dropsurgeon.replace(vit, kind="mc", example_inputs=(torch.randn(2, 3, 32, 32),))
    texts = [str(w.message) for w in caught if issubclass(w.category, SurgeryWarning)]
    assert len(texts) == 1, texts
    assert texts[0].startswith("blocks.*.attn.attn_drop (4 places: blocks.0.attn.attn_drop")


# --- item 35 --------------------------------------------------------------------------------

def test_a_failed_step_does_not_advance_the_count():
    model = MLP()
    calls = {"n": 0}

    def rate(step):
        calls["n"] += 1
        if step == 3:
            raise ValueError("no rate for step 3")
        return 0.1 * step

    sched = dropsurgeon.schedule(model, "dropout", p=rate)
    sched.step()
    sched.step()
    assert sched.t == 2 and model.drop.p == pytest.approx(0.2)
    with pytest.raises(DropsurgeonError, match="no rate for step 3"):
        sched.step()
    assert sched.t == 2 and sched.state_dict()["step"] == 2
    assert model.drop.p == pytest.approx(0.2)

