"""The Triton kernels under Triton's CPU interpreter (TRITON_INTERPRET=1), against the reference.

The kernels read TRITON_INTERPRET when they are first launched in a mode (see
dropsurgeon/fused/kernels.py), so the variable is set for this module's tests only.
(The interpreter truncates fp32 -> bf16; the kernels round to nearest even on the bits there,
as GPUs do natively, so bf16 results are bit-compared too.)
"""

from __future__ import annotations

import math
import warnings

import pytest
import torch
import torch.nn.functional as F

pytest.importorskip("triton")

from dropsurgeon import fused  # noqa: E402
from dropsurgeon.fused import dispatch, kernels, reference  # noqa: E402
from dropsurgeon.fused.philox import as_int64, keep_mask  # noqa: E402


@pytest.fixture(autouse=True, scope="module")
def interpret():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRITON_INTERPRET", "1")
        yield


def rng(seed: int, offset: int) -> torch.Tensor:
    return torch.tensor([as_int64(seed), as_int64(offset)])


SEEDS = [(0, 0), (2**64 - 1, 2**32 + 1), (0x243F6A8885A308D3, 2**63 + 7), (12345, 2**40)]


CASES = [(seed, offset, 10007, 512) for seed, offset in SEEDS] + [
    (*SEEDS[1], 4099, 16), (*SEEDS[2], 30001, 128), (*SEEDS[3], 65536 + 3, 1024)]


@pytest.mark.parametrize("seed,offset,n,block", CASES)
def test_dropout_mask_bit_identical_to_reference(seed, offset, n, block):
    r = rng(seed, offset)
    out = kernels.dropout(torch.ones(n), r, 0.3, block_b=block)
    want = keep_mask(seed, offset, n, 0.3)
    assert torch.equal(out != 0, want)
    assert torch.equal(out[want], torch.full((int(want.sum()),), 1 / 0.7))
    x = torch.randn(n)
    assert torch.equal(kernels.dropout(x, r, 0.3, block_b=block), reference.dropout(x, r, 0.3))


@pytest.mark.parametrize("start", [2**31 + 4, 2**32, 2**34 + 8, 2**62])
def test_index_math_past_2_31_elements(start):
    # x[0] taken as element `start` of a huge tensor: 64-bit element and block indices
    n = 1031
    out = kernels.dropout(torch.ones(n), rng(5, 2**33 + 1), 0.5, block_b=64, start=start)
    assert torch.equal(out != 0, keep_mask(5, 2**33 + 1, n, 0.5, start=start))


def test_keep_rate_z_test_on_kernel_output():
    n, p = 100_003, 0.1234567  # no multiple of 1/256
    kept = (kernels.dropout(torch.ones(n), rng(77, 1), p) != 0).sum().item()
    z = (kept - n * (1 - p)) / math.sqrt(n * p * (1 - p))
    assert abs(z) < 5


def _max_err(t: torch.Tensor, truth: torch.Tensor) -> float:
    return (t.double() - truth).abs().max().item()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
def test_bias_dropout_add_error_no_worse_than_twice_eager(dtype):
    g = torch.Generator().manual_seed(0)
    n, p = 20000, 0.2
    x, b, res = (torch.randn(n, generator=g).to(dtype) for _ in range(3))
    fz = fused.bias_dropout_add(x, b, res, p, seed=11, offset=3, backend="triton")
    keep = keep_mask(11, 3, n, p)
    assert torch.equal(fz, reference.bias_dropout_add(x, b, res, rng(11, 3), p))
    eager = res + (x + b) * (keep.to(dtype) / (1 - p))  # eager rounds after every op
    truth = res.double() + (x.double() + b.double()) * keep.double() / (1 - p)
    assert _max_err(fz, truth) <= 2 * _max_err(eager, truth)


def test_bias_shapes():
    x = torch.randn(6, 5, 7)
    r = rng(3, 4)
    for bias in (torch.randn(7), torch.randn(1, 1, 7), torch.randn(5, 1), torch.randn(())):
        for res in (None, torch.randn(6, 5, 7), torch.randn(5, 7)):
            got = kernels.bias_dropout_add(x, bias, res, r, 0.4)
            assert torch.equal(got, reference.bias_dropout_add(x, bias, res, r, 0.4))


@pytest.mark.parametrize("n", [256, 203])  # 203: rows start mid Philox block
@pytest.mark.parametrize("rms", [False, True])
def test_norm_forward_and_backward_match_reference(n, rms):
    g = torch.Generator().manual_seed(1)
    rows, p = 12, 0.25

    def leaf(*shape):
        return torch.randn(*shape, generator=g).requires_grad_()

    x, res, w, b, xb = leaf(rows, n), leaf(rows, n), leaf(n), leaf(n), leaf(n)
    results = {}
    for backend in ("triton", "reference"):
        if rms:
            out, h = fused.dropout_add_rms_norm(x, res, w, p, x_bias=xb, return_residual=True,
                                                seed=9, offset=2**35, backend=backend)
        else:
            out, h = fused.dropout_add_layer_norm(x, res, w, b, p, x_bias=xb,
                                                  return_residual=True, seed=9, offset=2**35,
                                                  backend=backend)
        (out * torch.linspace(-1, 1, n)).sum().backward(inputs=[x, res, w, b, xb]
                                                        if not rms else [x, res, w, xb])
        grads = [t.grad.clone() for t in (x, res, w, xb)] + ([] if rms else [b.grad.clone()])
        for t in (x, res, w, b, xb):
            t.grad = None
        results[backend] = (out.detach(), h.detach(), grads)
    (o_t, h_t, g_t), (o_r, h_r, g_r) = results["triton"], results["reference"]
    assert torch.equal(h_t, h_r)  # the same mask and the same fp32 arithmetic
    torch.testing.assert_close(o_t, o_r, rtol=1e-5, atol=1e-5)
    for a, b_ in zip(g_t, g_r, strict=True):
        torch.testing.assert_close(a, b_, rtol=1e-4, atol=1e-4)
    dropped = ~keep_mask(9, 2**35, rows * n, p).view(rows, n)
    assert (g_t[0][dropped] == 0).all()


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_norm_error_no_worse_than_twice_eager(dtype):
    g = torch.Generator().manual_seed(2)
    rows, n, p = 24, 256, 0.2
    x, res = (torch.randn(rows, n, generator=g).to(dtype) for _ in range(2))
    w, b = (torch.randn(n, generator=g).to(dtype) for _ in range(2))
    keep = keep_mask(11, 3, rows * n, p).view(rows, n)
    _, h = fused.dropout_add_layer_norm(x, res, w, b, p, seed=11, offset=3,
                                        return_residual=True, backend="triton")
    assert torch.equal(h, reference.bias_dropout_add(x, None, res, rng(11, 3), p))
    h_eager = res + x * (keep.to(dtype) / (1 - p))
    h64 = res.double() + x.double() * keep.double() / (1 - p)
    ln = fused.dropout_add_layer_norm(x, res, w, b, p, seed=11, offset=3, backend="triton")
    truth = F.layer_norm(h64, (n,), w.double(), b.double())
    assert _max_err(ln, truth) <= 2 * _max_err(F.layer_norm(h_eager, (n,), w, b), truth)
    rms = fused.dropout_add_rms_norm(x, res, w, p, seed=11, offset=3, backend="triton")
    truth = F.rms_norm(h64, (n,), w.double(), eps=1e-6)
    assert _max_err(rms, truth) <= 2 * _max_err(F.rms_norm(h_eager, (n,), w, eps=1e-6), truth)


def test_auto_runs_triton_under_the_interpreter_and_falls_back_with_one_warning():
    x = torch.randn(100)
    assert dispatch.pick("dropout", "auto", x)
    dispatch._warned.clear()
    x64 = torch.randn(100, dtype=torch.float64)
    with pytest.raises(fused.TritonUnavailableError, match="backend='triton' cannot run "
                       "here: .*float64.*backend='auto'"):
        fused.dropout(x64, 0.5, seed=1, backend="triton")  # forced: no quiet fallback
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y1 = fused.dropout(x64, 0.5, seed=1)
        y2 = fused.dropout(x64, 0.5, seed=1)
    fallbacks = [w for w in caught if issubclass(w.category, fused.FusedFallbackWarning)]
    assert len(fallbacks) == 1 and "float64" in str(fallbacks[0].message)
    assert fallbacks[0].filename == __file__  # the warning points at the caller's line
    assert torch.equal(y1, y2) and torch.equal(y1 != 0, keep_mask(1, 0, 100, 0.5))
    wide = torch.randn(1, dispatch.MAX_NORM_ROW + 1)
    with pytest.warns(fused.FusedFallbackWarning, match="rows wider"):
        assert not dispatch.pick("dropout_add_layer_norm", "auto", wide,
                                 row=wide.shape[-1])


def test_eval_and_p0_through_the_kernels():
    x, res = torch.randn(8, 64), torch.randn(8, 64)
    w, b = torch.randn(64), torch.randn(64)
    out = fused.dropout_add_layer_norm(x, res, w, b, 0.5, training=False, backend="triton")
    torch.testing.assert_close(out, F.layer_norm(x + res, (64,), w, b))
    out = fused.bias_dropout_add(x, b, res, 0.5, training=False, backend="triton")
    torch.testing.assert_close(out, x + b + res)


@pytest.mark.parametrize("shape,bias_shape", [((6, 5, 64), (64,)), ((7, 2048), (1, 2048)),
                                              ((3, 10), (10,))])
def test_bias_dropout_add_backward_fuses_the_bias_gradient(shape, bias_shape):
    # (3, 10): a last dim that is no multiple of 4 takes the unfused path
    g = torch.Generator().manual_seed(3)
    x = torch.randn(*shape, generator=g, requires_grad=True)
    bias = torch.randn(*bias_shape, generator=g, requires_grad=True)
    res = torch.randn(*shape, generator=g, requires_grad=True)
    dy = torch.randn(*shape, generator=g)
    fused.bias_dropout_add(x, bias, res, 0.3, seed=4, offset=2**32, backend="triton").backward(dy)
    keep = keep_mask(4, 2**32, x.numel(), 0.3).view(shape)
    gx = torch.where(keep, dy * (1 / 0.7), 0.0)
    assert torch.equal(x.grad, gx) and torch.equal(res.grad, dy)
    torch.testing.assert_close(bias.grad, gx.reshape(-1, shape[-1]).sum(0).reshape(bias_shape))
