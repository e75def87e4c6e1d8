"""The public fused ops on the reference path: semantics, errors, rng, autograd, compile/export."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest
import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

from dropsurgeon import fused
from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.fused import FusedArgumentError, keep_mask
from dropsurgeon.fused import ops as fops  # registers torch.ops.dropsurgeon.*


def _keep(seed, offset, shape, p):
    n = 1
    for s in shape:
        n *= s
    return keep_mask(seed, offset, n, p).view(shape)


def test_dropout_draws_the_defined_mask():
    x = torch.randn(33, 17)
    y = fused.dropout(x, 0.3, seed=2**64 - 1, offset=2**40)
    keep = _keep(2**64 - 1, 2**40, x.shape, 0.3)
    # kept values are x * fp32(1 / (1 - p)), exactly
    torch.testing.assert_close(y, torch.where(keep, x * (1 / 0.7), 0.0), rtol=0, atol=0)
    # seed alone means offset 0; an int64 tensor seed equals the int
    assert torch.equal(fused.dropout(x, 0.3, seed=5), fused.dropout(x, 0.3, seed=5, offset=0))
    assert torch.equal(fused.dropout(x, 0.3, seed=torch.tensor(5)), fused.dropout(x, 0.3, seed=5))
    # the mask indexes the logical row-major order, whatever the strides
    xt = x.t()
    assert torch.equal(fused.dropout(xt, 0.3, seed=1), fused.dropout(xt.contiguous(), 0.3, seed=1))


def test_generator_seeds_reproduce_and_advance():
    x = torch.ones(4096)
    torch.manual_seed(0)
    a, b = fused.dropout(x, 0.5), fused.dropout(x, 0.5)
    torch.manual_seed(0)
    a2, b2 = fused.dropout(x, 0.5), fused.dropout(x, 0.5)
    assert torch.equal(a, a2) and torch.equal(b, b2)
    assert not torch.equal(a, b)
    state = torch.get_rng_state()
    fused.dropout(x, 0.5, training=False)
    fused.dropout_add_layer_norm(x.view(64, 64), None, None, None, 0.5, training=False)
    assert torch.equal(state, torch.get_rng_state())  # eval consumes no randomness


def test_eval_and_p0_are_the_identity_or_the_plain_composition():
    x, res = torch.randn(6, 32), torch.randn(6, 32)
    w, b = torch.randn(32), torch.randn(32)
    assert fused.dropout(x, 0.5, training=False) is x
    assert fused.dropout(x, 0.0) is x
    torch.testing.assert_close(fused.bias_dropout_add(x, b, res, 0.5, training=False), x + b + res)
    torch.testing.assert_close(fused.bias_dropout_add(x, None, None, 0.0), x)
    ln = fused.dropout_add_layer_norm(x, res, w, b, 0.9, training=False)
    torch.testing.assert_close(ln, F.layer_norm(x + res, (32,), w, b))
    out, h = fused.dropout_add_rms_norm(x, res, w, 0.0, return_residual=True)
    torch.testing.assert_close(h, x + res)
    torch.testing.assert_close(out, F.rms_norm(x + res, (32,), w, eps=1e-6))


@pytest.mark.parametrize("p", [-0.01, 1.0, 2.0, float("nan")])
def test_rates_outside_unit_interval_raise(p):
    x = torch.randn(4, 8)
    calls = [
        lambda: fused.dropout(x, p),
        lambda: fused.bias_dropout_add(x, None, x, p),
        lambda: fused.dropout_add_layer_norm(x, x, None, None, p),
        lambda: fused.dropout_add_rms_norm(x, x, None, p, training=False),
    ]
    for call in calls:
        with pytest.raises(FusedArgumentError, match="dropout probability"):
            call()
    assert issubclass(FusedArgumentError, DropsurgeonError)
    assert issubclass(FusedArgumentError, ValueError)  # like F.dropout's


def test_bad_shapes_dtypes_and_backends_raise_before_any_work():
    x, t3, t58, t248, t7, t4 = (torch.randn(*s) for s in [(4, 8), (3,), (5, 8), (2, 4, 8),
                                                           (7,), (4,)])
    x64 = x.double()
    state = torch.get_rng_state()  # a call that raises has drawn no seed
    bad = [
        (lambda: fused.bias_dropout_add(x, t3, None, 0.1), "bias of shape"),
        (lambda: fused.bias_dropout_add(x, None, t58, 0.1), "residual of shape"),
        (lambda: fused.bias_dropout_add(x, None, t248, 0.1), "does not broadcast"),
        (lambda: fused.dropout_add_layer_norm(x, x, t7, None, 0.1), r"weight must"),
        (lambda: fused.dropout_add_rms_norm(x, x64, None, 0.1), "residual stream"),
        (lambda: fused.dropout_add_rms_norm(x, x, None, 0.1, x_bias=t4), "x_bias"),
        (lambda: fused.dropout(x.long(), 0.1), "floating-point"),
        (lambda: fused.dropout([1.0], 0.1), "tensor"),
        (lambda: fused.dropout(x, 0.1, backend="cuda"), "backend must be"),
        (lambda: fused.dropout(x, 0.1, seed=1.5), "seed/offset"),
    ]
    for call, message in bad:
        with pytest.raises(FusedArgumentError, match=message):
            call()
    assert torch.equal(state, torch.get_rng_state())


def test_bias_dropout_add_broadcasts_and_keeps_none_parts_out():
    x, bias, res = torch.randn(3, 4, 5), torch.randn(5), torch.randn(4, 5)
    keep = _keep(8, 1, x.shape, 0.25)
    got = fused.bias_dropout_add(x, bias, res, 0.25, seed=8, offset=1)
    torch.testing.assert_close(got, res + torch.where(keep, (x + bias) / 0.75, 0.0))
    got = fused.bias_dropout_add(x, None, None, 0.25, seed=8, offset=1)
    assert torch.equal(got, fused.dropout(x, 0.25, seed=8, offset=1))


def _f64(*shape):
    return torch.randn(*shape, dtype=torch.float64, requires_grad=True)


def test_gradcheck_fp64_all_ops():
    x, res, w, b, xb = _f64(3, 6), _f64(3, 6), _f64(6), _f64(6), _f64(6)
    kw = {"seed": 21, "offset": 2**33}
    assert torch.autograd.gradcheck(lambda a: fused.dropout(a, 0.4, **kw), (x,))
    assert torch.autograd.gradcheck(
        lambda a, c, r: fused.bias_dropout_add(a, c, r, 0.4, **kw), (x, b, _f64(6)))
    assert torch.autograd.gradcheck(
        lambda a, r, ww, bb, c: fused.dropout_add_layer_norm(
            a, r, ww, bb, 0.4, x_bias=c, return_residual=True, **kw), (x, res, w, b, xb))
    assert torch.autograd.gradcheck(
        lambda a, r, ww, c: fused.dropout_add_rms_norm(
            a, r, ww, 0.4, x_bias=c, return_residual=True, **kw), (x, res, w, xb))
    # only h used (out's gradient is None), a bias of shape [1, 6]
    assert torch.autograd.gradcheck(
        lambda a, r: fused.dropout_add_layer_norm(a, r, w, b, 0.4, return_residual=True,
                                                  **kw)[1], (x, res))
    assert torch.autograd.gradcheck(
        lambda a, c: fused.bias_dropout_add(a, c, None, 0.4, **kw), (x, _f64(1, 6)))
    # no residual, no affine parameters; a residual that broadcasts
    assert torch.autograd.gradcheck(
        lambda a: fused.dropout_add_layer_norm(a, None, None, None, 0.4, **kw), (x,))
    assert torch.autograd.gradcheck(
        lambda a, r: fused.dropout_add_rms_norm(a, r, None, 0.4, **kw), (x, _f64(6)))


def test_gradients_equal_eager_autograd_with_the_same_mask():
    g = torch.Generator().manual_seed(0)

    def leaves():
        return [torch.randn(*s, generator=g).requires_grad_() for s in
                [(5, 16), (5, 16), (16,), (16,), (16,)]]

    x, res, w, b, xb = leaves()
    p, kw = 0.3, {"seed": 4, "offset": 9}
    out, h = fused.dropout_add_layer_norm(x, res, w, b, p, x_bias=xb, return_residual=True, **kw)
    (out.sin().sum() + (h * h).sum()).backward()
    fused_grads = [t.grad.clone() for t in (x, res, w, b, xb)]
    for t in (x, res, w, b, xb):
        t.grad = None
    keep = _keep(4, 9, x.shape, p)
    h_e = res + torch.where(keep, (x + xb) / (1 - p), 0.0)
    out_e = F.layer_norm(h_e, (16,), w, b)
    (out_e.sin().sum() + (h_e * h_e).sum()).backward()
    torch.testing.assert_close(out, out_e)
    for a, e in zip(fused_grads, [t.grad for t in (x, res, w, b, xb)], strict=True):
        torch.testing.assert_close(a, e, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("reentrant", [False, True])
def test_activation_checkpointing_recomputes_the_same_mask(reentrant):
    w = torch.randn(32, requires_grad=True)
    lin = torch.nn.Linear(32, 32)

    def block(x, res):
        h = fused.bias_dropout_add(lin(x), None, res, 0.5)  # seed drawn from the generator
        return fused.dropout_add_rms_norm(fused.dropout(h, 0.2), h, w, 0.3)

    def run(use_checkpoint):
        torch.manual_seed(7)
        x = torch.randn(8, 32, requires_grad=True)
        res = torch.randn(8, 32, requires_grad=True)
        if use_checkpoint:
            y = checkpoint(block, x, res, use_reentrant=reentrant)
        else:
            y = block(x, res)
        y.pow(2).sum().backward()
        grads = (x.grad.clone(), res.grad.clone(), w.grad.clone(), lin.weight.grad.clone())
        w.grad = None
        lin.zero_grad()
        return y.detach(), grads

    y0, g0 = run(False)
    y1, g1 = run(True)
    assert torch.equal(y0, y1)
    for a, b in zip(g0, g1, strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_backend_triton_on_plain_cpu_fails_clearly(monkeypatch):
    monkeypatch.delenv("TRITON_INTERPRET", raising=False)
    x = torch.randn(64)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(fused.TritonUnavailableError,
                           match="cpu tensors .*TRITON_INTERPRET=1.*backend='auto'"):
            fused.dropout(x, 0.5, seed=3, backend="triton")
        a = fused.dropout(x, 0.5, seed=3)  # auto: the reference, no warning on plain CPU
    assert not [w for w in caught if issubclass(w.category, fused.FusedFallbackWarning)]
    assert torch.equal(a, fused.dropout(x, 0.5, seed=3, backend="reference"))
    with pytest.raises(fused.TritonUnavailableError):  # the norm ops too
        fused.dropout_add_layer_norm(x[None], x[None], torch.ones(64), torch.zeros(64), 0.1,
                                     backend="triton")


def test_custom_ops_pass_opcheck():
    rng = torch.tensor([3, 4])
    x, res, w, b = (torch.randn(4, 8, requires_grad=True), torch.randn(4, 8, requires_grad=True),
                    torch.randn(8, requires_grad=True), torch.randn(8, requires_grad=True))
    cases = [
        (fops.dropout, (x, rng, 0.3, "reference")),
        (fops.bias_dropout_add, (x, b, res, rng, 0.3, "reference")),
        (fops.dropout_add_layer_norm, (x, res, w, b, None, rng, 0.3, 1e-5, "reference")),
        (fops.dropout_add_rms_norm, (x, res, w, None, rng, 0.3, 1e-6, "reference")),
        (fops.dropout_bias_backward, (res.detach(), rng, 0.3, "reference")),
    ]
    for op, args in cases:
        torch.library.opcheck(op, args, test_utils=("test_schema", "test_faketensor",
                                                    "test_autograd_registration"))


def test_export_keeps_the_custom_op():
    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = torch.nn.LayerNorm(16)

        def forward(self, x, res):
            return fused.dropout_add_layer_norm(x, res, self.norm.weight, self.norm.bias, 0.1,
                                                seed=1, offset=2)

    x, res = torch.randn(2, 16), torch.randn(2, 16)
    ep = torch.export.export(Block(), (x, res))
    targets = {str(n.target) for n in ep.graph.nodes if n.op == "call_function"}
    assert "dropsurgeon.dropout_add_layer_norm.default" in targets
    torch.testing.assert_close(ep.module()(x, res), Block()(x, res))


def test_ops_under_torch_compile_on_cpu():
    # one tiny case: dynamo traces the wrapper (the generator draw included), inductor compiles
    # around the opaque custom op, autograd goes through register_autograd
    def step(x, bias, res):
        return fused.bias_dropout_add(x, bias, res, 0.25, seed=6, offset=1)

    compiled = torch.compile(step, fullgraph=True)
    x = torch.randn(4, 8, requires_grad=True)
    bias, res = torch.randn(8), torch.randn(4, 8)
    y = compiled(x, bias, res)
    torch.testing.assert_close(y, step(x, bias, res))
    y.sum().backward()
    keep = _keep(6, 1, x.shape, 0.25)
    torch.testing.assert_close(x.grad, torch.where(keep, 1 / 0.75, 0.0))


def test_importing_the_package_does_not_import_torch_or_triton():
    code = ("import sys, dropsurgeon.fused; "
            "assert 'torch' not in sys.modules and 'triton' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
