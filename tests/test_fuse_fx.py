"""dropsurgeon.fuse: the fx path of the fused-dropout graph rewrite."""

from __future__ import annotations

import copy
import pickle
import warnings

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dropsurgeon
from dropsurgeon.fused import keep_mask, make_rng
from dropsurgeon.fused.fx_pass import FuseError, NothingToFuseWarning, fuse
from dropsurgeon.fused.patterns import BIAS_DROPOUT_ADD, DROPOUT, LAYER_NORM, RMS_NORM


class HandRMS(nn.Module):
    """transformers' LlamaRMSNorm, written out."""

    def __init__(self, d: int, eps: float = 1e-6) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(d))
        self.eps = eps

    def forward(self, x):
        dt = x.dtype
        x = x.to(torch.float32)
        v = x.pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(v + self.eps)
        return self.weight * x.to(dt)


def _norm(kind: str, d: int) -> nn.Module:
    if kind == "ln":
        return nn.LayerNorm(d)
    if kind == "rms":
        return nn.RMSNorm(d, eps=1e-6)
    return HandRMS(d)


class PreNorm(nn.Module):
    """Pre-norm block: module dropout + residual + norm, then bias + F.dropout + residual."""

    def __init__(self, d: int = 16, p: float = 0.2, norm: str = "ln") -> None:
        super().__init__()
        self.n1, self.n2, self.n3 = _norm(norm, d), _norm(norm, d), _norm(norm, d)
        self.attn = nn.Linear(d, d)
        self.fc1 = nn.Linear(d, 2 * d)
        self.fc2 = nn.Linear(2 * d, d, bias=False)
        self.b2 = nn.Parameter(torch.randn(d))
        self.drop = nn.Dropout(p)
        self.p = p

    def forward(self, x):
        x = x + self.drop(self.attn(self.n1(x)))
        h = F.gelu(self.fc1(self.n2(x)))
        x = x + F.dropout(self.fc2(h) + self.b2, self.p, self.training)
        return self.n3(x)


class Residual(nn.Module):
    """``x + dropout(lin(x))``: bias_dropout_add with no norm."""

    def __init__(self, d: int = 8, p: float = 0.3) -> None:
        super().__init__()
        self.lin = nn.Linear(d, d)
        self.drop = nn.Dropout(p)

    def forward(self, x):
        return x + self.drop(self.lin(x))


def _draw() -> list[int]:
    """The (seed, offset) the next fused call draws, as the unsigned words keep_mask takes."""
    return [int(v) & (2**64 - 1) for v in make_rng("cpu")]


def _x(*shape: int) -> torch.Tensor:
    return torch.randn(*shape, generator=torch.Generator().manual_seed(1))


@pytest.mark.parametrize("norm,pattern", [("ln", LAYER_NORM), ("rms", RMS_NORM),
                                          ("hand", RMS_NORM)])
def test_prenorm_block_fuses_both_sites_and_keeps_eval_outputs(norm, pattern):
    torch.manual_seed(0)
    model = PreNorm(norm=norm)
    x = _x(2, 5, 16)
    fused = fuse(model, (x,))
    entries = fused.fuse_report.entries
    assert [e.pattern for e in entries] == [pattern, pattern]
    assert entries[0].chain.startswith("nn.Dropout + residual add")
    assert entries[1].chain.startswith("bias add + F.dropout + residual add")
    # The first sum is also the next residual (pre-norm stream); the last one is only normed.
    assert [e.return_residual for e in entries] == [True, False]
    assert entries[0].training == "follows drop.training"
    assert entries[1].training == "follows model.training"
    assert sorted(fused.state_dict()) == sorted(model.state_dict())
    model.eval()
    fused.eval()
    with torch.no_grad():
        ref, out = model(x), fused(x)
    # RMSNorm in fp32 rounds once like the eager ops; LayerNorm's mean/var order differs.
    if norm == "ln":
        torch.testing.assert_close(out, ref, rtol=1e-6, atol=1e-6)
    else:
        assert torch.equal(out, ref)


def test_train_output_is_the_reference_mask_definition():
    model = Residual()
    x = _x(4, 8)
    fused = fuse(model, (x,)).train()
    torch.manual_seed(123)
    out = fused(x)
    torch.manual_seed(123)
    seed, offset = _draw()
    keep = keep_mask(seed, offset, x.numel(), 0.3).reshape(x.shape)
    expected = x + model.lin(x) * keep / (1 - 0.3)
    torch.testing.assert_close(out, expected, rtol=0, atol=1e-6)
    assert fused.fuse_report.entries[0].pattern == BIAS_DROPOUT_ADD


def test_norm_site_train_output_is_the_reference_mask_definition():
    torch.manual_seed(0)
    model = PreNorm(norm="ln", p=0.4)
    x = _x(3, 16)
    fused = fuse(model, (x,)).train()
    torch.manual_seed(5)
    out = fused(x)
    torch.manual_seed(5)
    r1, r2 = _draw(), _draw()
    k1 = keep_mask(r1[0], r1[1], x.numel(), 0.4).reshape(x.shape) / 0.6
    k2 = keep_mask(r2[0], r2[1], x.numel(), 0.4).reshape(x.shape) / 0.6
    with torch.no_grad():
        h1 = x + model.attn(model.n1(x)) * k1
        h2 = h1 + (model.fc2(F.gelu(model.fc1(model.n2(h1)))) + model.b2) * k2
        expected = model.n3(h2)
        torch.testing.assert_close(out.detach(), expected, rtol=1e-5, atol=1e-5)


def test_fused_model_follows_train_eval_and_rate_changes():
    model = Residual()
    x = _x(4, 8)
    fused = fuse(model, (x,))
    fused.eval()
    with torch.no_grad():
        ref = model.eval()(x)
        assert torch.equal(fused(x), ref)  # fp32 add order is the eager one: bitwise
        fused.train()
        assert not torch.equal(fused(x), ref)
        fused.drop.p = 0.0  # the site reads the module's rate on every call
        assert torch.equal(fused(x), ref)


def test_always_on_functional_dropout_stays_on_in_eval():
    class Always(nn.Module):
        def forward(self, x):
            return x + F.dropout(x * 2, 0.5, True)

    fused = fuse(Always(), (_x(64),)).eval()
    assert fused.fuse_report.entries[0].training == "always"
    x = _x(64)
    assert not torch.equal(fused(x), fused(x))


def test_nothing_to_fuse_returns_the_model_and_says_so():
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
    with pytest.warns(NothingToFuseWarning, match="nothing to fuse"):
        assert fuse(model) is model
    fused = fuse(Residual(), (_x(2, 8),))
    with pytest.warns(NothingToFuseWarning):  # fusing again: its sites are leaves now
        assert fuse(fused) is fused


def test_channel_inplace_and_p1_dropout_are_left_alone_with_reasons():
    class Odd(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.d2 = nn.Dropout2d(0.1)
            self.inplace = nn.Dropout(0.1, inplace=True)

        def forward(self, x):
            a = self.d2(x)
            b = self.inplace(a) + a  # in place: ``a`` read again after the drop
            return b + F.dropout(b, 1.0, self.training)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NothingToFuseWarning)
        fused = fuse(Odd(), (_x(1, 2, 4, 4),))
    assert isinstance(fused, Odd)
    from dropsurgeon.fused.fx_pass import fuse_with_report

    _, report = fuse_with_report(Odd())
    reasons = " | ".join(s.reason for s in report.skipped)
    assert "drops whole channels" in reasons
    assert "in-place dropout" in reasons
    assert "p = 1" in reasons


def test_mode_dependent_branch_is_refused_with_a_pointer_to_the_backend():
    class Branchy(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(0.1)

        def forward(self, x):
            if self.training:
                x = torch.tanh(x)
            return x + self.drop(x)

    with pytest.raises(FuseError, match="fused_backend"):
        fuse(Branchy())


def test_untraceable_model_raises_one_line_fuse_error():
    class DataDependent(nn.Module):
        def forward(self, x):
            return x if x.sum() > 0 else -x

    with pytest.raises(FuseError) as info:
        fuse(DataDependent())
    assert "\n" not in str(info.value) and "fused_backend" in str(info.value)
    assert isinstance(info.value, dropsurgeon.errors.DropsurgeonError)


def test_byte_model_bf16_bias_dropout_residual_is_15_vs_6_bytes_per_element():
    class BDA(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bias = nn.Parameter(torch.zeros(32, dtype=torch.bfloat16))

        def forward(self, h, r):
            return r + F.dropout(h + self.bias, 0.1, self.training)

    h = torch.randn(8, 32, dtype=torch.bfloat16)
    fused = fuse(BDA(), (h, h.clone()))
    (e,) = fused.fuse_report.entries
    n = h.numel()
    assert (e.pattern, e.numel, e.dtype) == (BIAS_DROPOUT_ADD, n, "bfloat16")
    # eager: h+b (read 2, write 2), dropout (2, 2 and a 1-byte mask), +r (2+2, write 2)
    assert e.bytes_eager == 15 * n + 2 * 32
    assert e.bytes_fused == 6 * n + 2 * 32  # read h and r, write the sum
    assert e.mask_bytes == n


def test_timm_vit_attention_rate_follows_the_mode():
    timm = pytest.importorskip("timm")
    torch.manual_seed(0)
    model = timm.models.vision_transformer.VisionTransformer(
        img_size=16, patch_size=8, embed_dim=16, depth=2, num_heads=2, num_classes=4,
        drop_rate=0.1, proj_drop_rate=0.1, attn_drop_rate=0.1)
    x = _x(2, 3, 16, 16)
    fused = fuse(model, (x,))
    patterns = [e.pattern for e in fused.fuse_report.entries]
    assert patterns.count(LAYER_NORM) == 4 and patterns.count(DROPOUT) == 3
    assert any("scaled_dot_product_attention" in n for n in fused.fuse_report.notes)
    with torch.no_grad():
        torch.testing.assert_close(fused.eval()(x), model.eval()(x), rtol=1e-5, atol=1e-6)
    fused.train()
    out = fused(x)
    out.sum().backward()
    assert model.blocks[0].mlp.fc2.weight.grad is not None


def test_deepcopy_and_pickle_keep_the_sites_tied_to_their_modules():
    fused = fuse(Residual(), (_x(2, 8),))
    for clone in (copy.deepcopy(fused), pickle.loads(pickle.dumps(fused))):
        site = clone.ds_fused_0
        assert site._rate_from is clone.drop
        clone.eval()
        x = _x(2, 8)
        assert torch.equal(clone(x), fused.eval()(x))


def test_fused_model_under_torch_compile():
    torch._dynamo.reset()
    torch.manual_seed(0)
    model = PreNorm(norm="rms")
    x = _x(2, 4, 16)
    fused = fuse(model, (x,))
    compiled = torch.compile(fused, backend="aot_eager")
    with torch.no_grad():
        assert torch.equal(compiled.eval()(x), model.eval()(x))
    compiled.train()
    torch.manual_seed(3)
    out = compiled(x)
    torch.manual_seed(3)
    assert torch.equal(out, fused(x))  # the same draws, traced or not
    out.sum().backward()
    assert model.attn.weight.grad is not None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=st.floats(0.0, 0.95), rows=st.integers(1, 9), d=st.integers(1, 33),
       seed=st.integers(0, 2**31 - 1))
def test_fused_residual_dropout_is_the_definition_for_any_rate_and_shape(p, rows, d, seed):
    model = Residual(d, p)
    x = torch.randn(rows, d, generator=torch.Generator().manual_seed(seed))
    fused = fuse(model, (x,)).train()
    torch.manual_seed(seed)
    out = fused(x)
    with torch.no_grad():
        y = model.lin(x)
        if p == 0.0:
            expected = x + y
        else:
            torch.manual_seed(seed)
            s, o = _draw()
            expected = x + y * keep_mask(s, o, x.numel(), p).reshape(x.shape) / (1 - p)
    torch.testing.assert_close(out.detach(), expected, rtol=1e-6, atol=1e-6)


class Chain(nn.Module):
    """One ``(+bias) -> dropout -> +residual (-> norm)`` site, spelled one of many ways."""

    def __init__(self, drop: str, bias: str, order: str, norm: str, reuse: bool,
                 d: int = 12, p: float = 0.3) -> None:
        super().__init__()
        self.kind, self.bias_kind, self.order, self.norm_kind, self.reuse = (
            drop, bias, order, norm, reuse)
        self.lin = nn.Linear(d, d, bias=bias == "linear")
        self.b = nn.Parameter(torch.randn(d))
        self.drop = nn.Dropout(p)
        self.p = p
        self.norm = {"ln": nn.LayerNorm(d), "rms": nn.RMSNorm(d, eps=1e-6), "hand": HandRMS(d),
                     "F.ln": nn.LayerNorm(d), "F.rms": nn.RMSNorm(d, eps=1e-6),
                     "none": nn.Identity()}[norm]

    def forward(self, x):
        h = self.lin(x)
        if self.bias_kind == "add":
            h = h + self.b
        if self.kind == "module":
            h = self.drop(h)
        elif self.kind == "F":
            h = F.dropout(h, self.p, self.training)
        else:
            h = torch.dropout(h, self.p, self.training)
        s = {"r+d": lambda: x + h, "d+r": lambda: h + x, "add": lambda: torch.add(h, x)}[
            self.order]()
        if self.norm_kind == "F.ln":
            out = F.layer_norm(s, (s.shape[-1],), self.norm.weight, self.norm.bias, 1e-5)
        elif self.norm_kind == "F.rms":
            out = F.rms_norm(s, (s.shape[-1],), self.norm.weight, 1e-6)
        else:
            out = self.norm(s)
        return out * 2 + s if self.reuse else out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drop=st.sampled_from(["module", "F", "torch"]), bias=st.sampled_from(["none", "add",
                                                                              "linear"]),
       order=st.sampled_from(["r+d", "d+r", "add"]),
       norm=st.sampled_from(["none", "ln", "rms", "hand", "F.ln", "F.rms"]),
       reuse=st.booleans(), split=st.booleans())
def test_every_spelling_of_the_site_fuses_to_one_op_that_keeps_eval_outputs(
        drop, bias, order, norm, reuse, split):
    torch.manual_seed(0)
    model = Chain(drop, bias, order, norm, reuse)
    x = _x(3, 12)
    fused = fuse(model, (x,), split_linear_bias=split)
    (entry,) = fused.fuse_report.entries
    expected = {"none": BIAS_DROPOUT_ADD, "ln": LAYER_NORM, "F.ln": LAYER_NORM}.get(norm,
                                                                                  RMS_NORM)
    assert entry.pattern == expected
    assert entry.return_residual == (reuse and norm != "none")
    assert ("bias add" in entry.chain) == (bias == "add")
    assert ("Linear bias" in entry.chain) == (bias == "linear" and split)
    with torch.no_grad():
        torch.testing.assert_close(fused.eval()(x), model.eval()(x), rtol=1e-5, atol=1e-5)
        fused.train()
        torch.manual_seed(4)
        a = fused(x)
        torch.manual_seed(4)
        assert torch.equal(a, fused(x))
        assert not torch.equal(a, fused(x))


def test_an_in_place_write_between_the_replaced_ops_stops_the_rewrite():
    class Mutating(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(0.1)
            self.norm = nn.LayerNorm(8)

        def forward(self, x, r):
            s = r + self.drop(x)
            r.mul_(2)  # after the add, before the norm: the fused op would see the new r
            return self.norm(s), r

    from dropsurgeon.fused.fx_pass import fuse_with_report

    x, r = _x(2, 8), _x(2, 8)
    fused, report = fuse_with_report(Mutating(), (x, r.clone()))
    assert any("modified in place" in n for n in report.notes)
    (entry,) = report.entries  # the dropout + add alone still fuse (nothing in between)
    assert entry.pattern == BIAS_DROPOUT_ADD


class _RaisesOnForward(nn.Module):
    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.lin = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.1)
        self.norm = nn.LayerNorm(8)
        self.error = error

    def forward(self, x):
        out = self.norm(x + self.drop(self.lin(x)))
        if isinstance(x, torch.Tensor):  # a real run, not fx's symbolic trace (a Proxy)
            raise self.error
        return out


@pytest.mark.parametrize("frontend", ["fx", "compile"])
def test_the_models_own_error_reaches_the_caller_as_itself(frontend):
    from dropsurgeon.fused.survey import fuse_report

    oom = torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 4 GiB")
    model = _RaisesOnForward(oom)
    with pytest.raises(torch.cuda.OutOfMemoryError) as info:
        fuse_report(model, (torch.randn(3, 8),), frontend=frontend)
    assert info.value is oom and any("dropsurgeon.fuse" in n for n in info.value.__notes__)


def test_fuse_shape_mismatch_is_the_models_runtime_error():
    from dropsurgeon.fused.fx_pass import FuseError

    model = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.1))
    with pytest.raises(RuntimeError, match="mat1 and mat2") as info:
        fuse(model, torch.randn(2, 5))
    assert not isinstance(info.value, FuseError)


def test_compile_report_gives_every_module_its_own_mode_back():
    from dropsurgeon.fused.survey import fuse_report

    model = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.Dropout(0.1)).train()
    model[1].eval()  # a frozen BatchNorm inside a training model
    fuse_report(model, (torch.randn(4, 8),), frontend="compile")
    assert [m.training for m in model.modules()] == [True, True, False, True]


def test_fused_backend_report_counts_one_train_forward_when_used_directly():
    from dropsurgeon.fused.backend import fused_backend

    model = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.1))
    x = torch.randn(4, 8)

    class Res(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = model

        def forward(self, x):
            return x + self.body(x)

    res = Res()
    backend = fused_backend("aot_eager")
    torch._dynamo.reset()
    compiled = torch.compile(res, backend=backend)
    try:
        compiled(x)          # train graph
        res.eval()
        compiled(x)          # eval graph: recompiled, fused on its own
    finally:
        torch._dynamo.reset()
    report = backend.report
    assert {e.mode for e in report.entries} == {"train", "eval"}
    train = [e for e in report.entries if e.mode == "train"]
    assert report.bytes_saved() == sum(e.bytes_saved for e in train)
