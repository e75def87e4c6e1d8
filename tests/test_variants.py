"""The dropout kinds: behaviour in train and eval, and what each promises to keep."""

from __future__ import annotations

import io

import pytest
import torch
import torch.nn as nn

import dropsurgeon
from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.surgery import variants as V
from dropsurgeon.surgery.wrappers import InsertedDropout


# Kinds that act on weights (dropconnect, the variational kinds) wrap layers: not made here.
@pytest.mark.parametrize("kind", [k for k in V.KINDS if k not in (
    "auto", "dropconnect", "variational", "sparse_variational")])
def test_every_kind_is_identity_in_eval_except_mc(kind):
    mod = V.make(kind, 0.5, block_size=3)
    shape = {"dropout1d": (4, 3, 8), "dropout3d": (4, 3, 2, 8, 8)}.get(kind, (4, 3, 8, 8))
    x = torch.randn(shape)
    mod.eval()
    out = mod(x)
    if kind == "mc":
        assert not torch.equal(out, x)
    else:
        assert torch.equal(out, x)
    mod.train()
    assert not torch.equal(mod(x), x)
    assert V.rate_of(mod) == pytest.approx(0.5, abs=1e-6)


def test_custom_kinds_are_dropout_modules_for_every_front_end():
    for kind in ("gaussian", "drop_path", "dropblock", "mc", "concrete"):
        assert isinstance(V.make(kind, 0.1), nn.modules.dropout._DropoutNd)


def test_gaussian_noise_has_the_bernoulli_variance():
    torch.manual_seed(0)
    mod = V.GaussianDropout(0.5).train()
    out = mod(torch.ones(200_000))
    assert out.mean().item() == pytest.approx(1.0, abs=0.01)
    assert out.var().item() == pytest.approx(0.5 / 0.5, rel=0.02)


def test_drop_path_drops_whole_samples():
    torch.manual_seed(0)
    out = V.DropPath(0.5).train()(torch.ones(64, 3, 4))
    per_sample = out.flatten(1)
    assert all(len(set(row.tolist())) == 1 for row in per_sample)
    assert set(per_sample[:, 0].tolist()) == {0.0, 2.0}


def test_dropblock_drops_contiguous_blocks_and_keeps_scale():
    torch.manual_seed(0)
    mod = V.DropBlock2d(0.2, block_size=3).train()
    out = mod(torch.ones(8, 4, 16, 16))
    dropped = (out == 0).float().mean().item()
    assert 0.1 < dropped < 0.3
    assert out.mean().item() == pytest.approx(1.0, abs=1e-4)
    with pytest.raises(ValueError, match="NCHW"):
        mod(torch.ones(2, 3))


def test_mc_keeps_the_channel_flavour_of_what_it_replaces():
    assert V.make("mc", 0.2, like=nn.Dropout2d(0.2)).variant == "dropout2d"
    torch.manual_seed(0)
    out = V.make("mc", 0.5, like=nn.Dropout2d()).eval()(torch.ones(2, 16, 4, 4))
    per_channel = out.flatten(2)
    assert all(len(set(c.tolist())) == 1 for c in per_channel.flatten(0, 1))


def test_concrete_rate_is_learned_and_its_regulariser_is_exposed():
    torch.manual_seed(0)
    mod = V.ConcreteDropout(0.2).train()
    assert mod.p == pytest.approx(0.2, rel=1e-5)
    out = mod(torch.randn(16, 10))
    (out.sum() + mod.regularisation()).backward()
    assert mod.p_logit.grad is not None and mod.p_logit.grad.item() != 0
    reg = V.concrete_regularisation(nn.Sequential(mod, nn.Linear(10, 2)))
    assert reg.item() == pytest.approx(mod.regularisation().item())
    assert mod.regularisation(weight=torch.ones(3, 10)).item() > reg.item()
    mod.p = 0.4
    assert mod.p == pytest.approx(0.4, rel=1e-5)


def test_dropconnect_on_strided_grouped_biasless_conv_keeps_everything():
    torch.manual_seed(0)
    conv = nn.Conv2d(8, 16, 3, stride=2, padding=1, groups=4, bias=False)
    model = nn.Sequential(conv)
    x = torch.randn(2, 8, 12, 12)
    new = dropsurgeon.insert(model, "Conv2d", p=0.3, kind="dropconnect", example_inputs=(x,))
    wrapper = new[0]
    assert isinstance(wrapper, V.DropConnect)
    inner = wrapper.wrapped
    assert (inner.stride, inner.groups, inner.bias) == ((2, 2), 4, None)
    assert torch.equal(inner.weight, conv.weight)
    assert list(new.state_dict()) == ["0.weight"]
    new.train()
    out = new(x)
    assert out.shape == (2, 16, 6, 6)
    assert not torch.equal(out, conv(x))
    new.eval()
    assert torch.equal(new(x), conv(x))


def test_dropconnect_refuses_other_modules():
    with pytest.raises(DropsurgeonError, match="dropconnect wraps"):
        V.DropConnect(nn.LayerNorm(3), 0.1)


def test_auto_kind_follows_tensor_rank():
    assert V.infer_kind("auto", 4) == "dropout2d"
    assert V.infer_kind("auto", 5) == "dropout3d"
    assert V.infer_kind("auto", 3, nn.Conv1d(1, 1, 1)) == "dropout1d"
    assert V.infer_kind("auto", 3, nn.Linear(1, 1)) == "dropout"
    assert V.infer_kind("auto", 2) == "dropout"
    with pytest.raises(DropsurgeonError, match="example inputs"):
        V.infer_kind("auto", None)


def test_rates_are_checked():
    for bad in (-0.1, 1.5, float("nan"), "0.1", True):
        with pytest.raises(DropsurgeonError):
            V.make("dropout", bad)
    with pytest.raises(DropsurgeonError, match="< 1"):
        V.make("gaussian", 1.0)
    with pytest.raises(DropsurgeonError, match="unknown dropout kind"):
        V.make("spicy", 0.1)


def test_wrapped_keys_save_and_load_like_the_original():
    fc = nn.Linear(3, 2)
    wrapped = InsertedDropout(fc, V.ConcreteDropout(0.1))
    sd = wrapped.state_dict()
    assert set(sd) == {"weight", "bias", "dropout.p_logit"}
    other = InsertedDropout(nn.Linear(3, 2), V.ConcreteDropout(0.1))
    other.load_state_dict(fc.state_dict(), strict=False)
    assert torch.equal(other.wrapped.weight, fc.weight)
    assert other.out_features == 2  # attributes of the wrapped module stay readable
    buf = io.BytesIO()
    torch.save(wrapped, buf)
    buf.seek(0)
    again = torch.load(buf, weights_only=False)
    assert set(again.state_dict()) == set(sd)
