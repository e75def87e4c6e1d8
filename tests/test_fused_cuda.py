"""The Triton kernels on a real GPU (skipped without CUDA): the same mask as the reference, bit
for bit, also past 2**31 elements, and forward/backward values against the reference."""

from __future__ import annotations

import pytest
import torch

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

from dropsurgeon import fused  # noqa: E402
from dropsurgeon.fused import keep_mask, reference  # noqa: E402

CUDA = "cuda"


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
@pytest.mark.parametrize("n", [1, 4097, 1 << 20])
def test_mask_and_values_equal_the_reference_on_gpu(dtype, n):
    x, b, r = (torch.randn(n, device=CUDA).to(dtype) for _ in range(3))
    got = fused.bias_dropout_add(x, b, r, 0.3, seed=2**64 - 1, offset=2**40, backend="triton")
    rng = fused.make_rng(CUDA, 2**64 - 1, 2**40)
    want = reference.bias_dropout_add(x, b, r, rng, 0.3)
    torch.testing.assert_close(got, want, rtol=0, atol=0)  # no FMA contraction changes a bit
    ones = fused.dropout(torch.ones(n, device=CUDA), 0.3, seed=5, offset=7, backend="triton")
    assert torch.equal((ones != 0).cpu(), keep_mask(5, 7, n, 0.3))


@pytest.mark.slow
def test_more_than_2_31_elements_on_gpu():
    n = (1 << 31) + 1031
    if torch.cuda.get_device_properties(0).total_memory < 4 * n:
        pytest.skip("needs ~9 GB of GPU memory")
    x = torch.ones(n, device=CUDA, dtype=torch.bfloat16)
    y = fused.dropout(x, 0.5, seed=9, offset=2**33, backend="triton")
    tail = (y[-4096:] != 0).cpu()
    assert torch.equal(tail, keep_mask(9, 2**33, 4096, 0.5, start=n - 4096))


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
@pytest.mark.parametrize("rms", [False, True])
def test_norm_forward_backward_against_reference_on_gpu(dtype, rms):
    rows, d = 64, 1024

    def leaf(*shape):
        return torch.randn(*shape, device=CUDA).to(dtype).requires_grad_()

    x, res, w, b = leaf(rows, d), leaf(rows, d), leaf(d), leaf(d)
    results = {}
    for backend in ("triton", "reference"):
        if rms:
            out, h = fused.dropout_add_rms_norm(x, res, w, 0.1, seed=1, return_residual=True,
                                                backend=backend)
            params = [x, res, w]
        else:
            out, h = fused.dropout_add_layer_norm(x, res, w, b, 0.1, seed=1,
                                                  return_residual=True, backend=backend)
            params = [x, res, w, b]
        grads = torch.autograd.grad(out.float().square().sum() + h.float().sum(), params)
        results[backend] = (out, h, grads)
    tol = {"rtol": 2e-2, "atol": 2e-2} if dtype == torch.bfloat16 else {"rtol": 1e-4,
                                                                        "atol": 1e-4}
    (o_t, h_t, g_t), (o_r, h_r, g_r) = results["triton"], results["reference"]
    assert torch.equal(h_t, h_r)
    torch.testing.assert_close(o_t, o_r, **tol)
    for a, c in zip(g_t, g_r, strict=True):
        torch.testing.assert_close(a.float(), c.float(), **tol)
