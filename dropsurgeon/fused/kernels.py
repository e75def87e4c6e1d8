"""Triton kernels of the fused ops, forward and backward, and their launchers.

The mask is :mod:`.philox`'s definition: element ``i`` takes word ``i % 4`` of Philox4x32-10 at
counter ``(lo32(i // 4), hi32(i // 4), lo32(offset), hi32(offset))`` with key ``(lo32(seed),
hi32(seed))``; the round function is written out here (it is Random123's, as in
``triton.language.random``) so the kernels do not depend on how a Triton version exposes it.
Indices are 64-bit throughout, so tensors past 2**31 elements and offsets past 2**32 work.

Layout: every tile is ``[BLOCK_B, 4]``: one Philox call per tile row gives the four words of
that row's four elements, so no word is computed twice and none is shuffled between lanes.  The
norm kernels tile a row by columns; when the row length is not a multiple of 4 a row starts
mid-block, and the kernel draws the next block too and picks each element's word (twice the
Philox work, for that uncommon shape only).

Backward reads ``(seed, offset)`` from the same int64 ``rng`` tensor as forward and regenerates
the mask; nothing per-element is saved beyond what the op needs anyway (the norms keep ``h`` and
a mean/rstd per row).  Block sizes are fixed by shape (no autotuning), also under
``TRITON_INTERPRET=1`` where the kernels run on CPU tensors through Triton's interpreter.

``triton`` is imported on first use only; kernels are built once per mode (compiled or
interpreted), which is read from ``TRITON_INTERPRET`` at call time.
"""

from __future__ import annotations

from typing import Any

from .dispatch import Unsupported, interpret_mode
from .philox import threshold

# Launch shapes.  None of them changes a result's mask: every kernel indexes Philox by the
# element's global index (block = index // 4), never by program or lane.  Chosen from launch
# probes on an H200 (benchmarks/results/fused_gpu.md, rows of 4096); other row widths follow
# the same elements-per-thread rule, unmeasured.  The launchers read these at call time, so a
# benchmark can set others side by side (fused_gpu.py's "shapes" section: through the ops,
# these beat the previous shapes at 64M and 256M, bf16 and fp32, in one H200 run).
#
# Elementwise (bias_dropout_add, dropout): Philox blocks (4 elements each) per program, and
# elements per thread, which sets the warps: 256 blocks on 2 warps (16 elements a thread) ran
# bf16 at 64M in 0.1048 ms against 0.1192 ms at 32 a thread (1024 blocks on 4 warps), although
# 32 a thread issue fewer instructions per element (sm_90 SASS: 33 against 37.5, 10 of them
# Philox): fewer registers a thread, more loads in flight per multiprocessor.
ELEMENTWISE_BLOCKS = 256
ELEMENTWISE_ELEMS = 16
# Bias backward (dropout(grad) and its column sums): at most 1024 blocks a program across the
# row, 8 elements a thread (16 warps at 1024), 2 programs per multiprocessor in all: bf16 64M
# 0.0983 ms, fp32 0.1458 ms, against 0.1275 / 0.3170 ms at 256 blocks, 2 warps, 4 per SM.
BIAS_BWD_BLOCKS = 1024
BIAS_BWD_ELEMS = 8
BIAS_BWD_PROGRAMS_PER_SM = 2
# Norm backward: programs per multiprocessor (each loops over rows), and elements a thread by
# (RMSNorm?, element size): LayerNorm 4 warps on a 4096 row (bf16 0.3079 ms against 0.3590 at
# 8 warps x 4 per SM), RMSNorm bf16 16 warps (0.2424 against 0.3391), fp32 4 warps for both
# (0.3892 / 0.3803 against 0.4579 / 0.4353).  Another warp count sums a row in another order:
# dx differs from the previous launch in the last bits, within the fp64 check's tolerance.
NORM_BWD_PROGRAMS_PER_SM = 8
NORM_BWD_ELEMS = {(False, 2): 32, (False, 4): 32, (True, 2): 8, (True, 4): 32}
_built: dict[bool, Any] = {}


def _next_pow2(n: int) -> int:
    return 1 << max(0, int(n) - 1).bit_length()


def _thr_bits(p: float) -> int:
    """T(p) as the int32 holding its bits (the kernels bitcast it back to uint32)."""
    t = threshold(p)
    return t - (1 << 32) if t >= 1 << 31 else t


def _load() -> Any:
    """A fresh copy of :mod:`._triton_kernels`, decorated under the current mode."""
    import importlib.util
    import sys
    from pathlib import Path

    mode = "interpreted" if interpret_mode() else "compiled"
    name = f"{__package__}._triton_kernels_{mode}"
    spec = importlib.util.spec_from_file_location(
        name, Path(__file__).with_name("_triton_kernels.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return {"bias_dropout_add": module.bias_dropout_add_kernel, "norm_fwd": module.norm_fwd_kernel,
            "norm_bwd": module.norm_bwd_kernel, "dropout_bias_bwd": module.dropout_bias_bwd_kernel}


def _kernels() -> Any:
    mode = interpret_mode()
    if mode not in _built:
        _built[mode] = _load()
    return _built[mode]


def _scale(p: float) -> float:
    return 1.0 / (1.0 - p)


def _norm_block(n: int) -> tuple[int, bool]:
    """(BLOCK_B, aligned): tile rows covering ``n`` columns; aligned: each row starts a block."""
    return _next_pow2((n + 3) // 4), n % 4 == 0


def _launch(block_b: int, elems_per_thread: int = 16) -> dict[str, Any]:
    """Launch options. No fused multiply-add: ``v * scale + residual`` rounds after the product
    as PyTorch's separate ops do, so results equal the reference's bit for bit (the kernels are
    memory-bound; the FMA saves nothing measurable)."""
    warps = max(1, min(16, 4 * block_b // (32 * elems_per_thread)))
    return {"num_warps": warps, "enable_fp_fusion": False}


def _flat_bias(bias: Any, x: Any) -> tuple[Any, int]:
    """A bias the kernel indexes as ``i % n``: 1-D over x's last dim, else expanded to x."""
    if x.dim() >= 1 and bias.dim() >= 1 and bias.shape[-1] == x.shape[-1] and \
            bias.numel() == x.shape[-1] and x.shape[-1] < 1 << 30:
        return bias.reshape(-1).contiguous(), x.shape[-1]
    if x.numel() >= 1 << 30:  # keeps the kernel's 32-bit bias index in range
        raise Unsupported("a bias that is not 1-D over the last dimension, on a tensor of "
                          "2**30 elements or more, is not covered by the kernel")
    return bias.expand(x.shape).contiguous(), max(1, x.numel())


def bias_dropout_add(x: Any, bias: Any, residual: Any, rng: Any, p: float, *,
                     block_b: int | None = None, start: int = 0) -> Any:
    """``residual + dropout(x + bias)`` (either may be None) in one pass over x.

    ``block_b`` overrides the tile (Philox blocks per program); ``start`` (a multiple of 4) makes
    x's first element element ``start`` of the mask, so tests can check the index math past
    2**31 and 2**34 elements without allocating such tensors.
    """
    import torch

    if start % 4:
        raise ValueError("start must be a multiple of 4")

    x = x.contiguous()
    out = torch.empty(x.shape, dtype=x.dtype, device=x.device)
    numel = x.numel()
    if numel == 0:
        return out
    bias_n = 1
    if bias is not None:
        bias, bias_n = _flat_bias(bias, x)
    if residual is not None:
        residual = residual.expand(x.shape).contiguous()
    block_b = block_b or ELEMENTWISE_BLOCKS
    grid = (triton_cdiv(numel, 4 * block_b),)
    _kernels()["bias_dropout_add"][grid](
        x, bias if bias is not None else x, residual if residual is not None else x, out,
        rng, numel, bias_n, _thr_bits(p), _scale(p), start // 4, HAS_BIAS=bias is not None,
        BIAS_ROWS=bias_n % 4 == 0, BIAS_WIDE=bias_n >= 4 * block_b,
        HAS_RES=residual is not None, DROP=p > 0.0, BLOCK_B=block_b,
        EMULATE_RTNE=interpret_mode(), **_launch(block_b, ELEMENTWISE_ELEMS))
    return out


def dropout(x: Any, rng: Any, p: float, *, block_b: int | None = None, start: int = 0) -> Any:
    return bias_dropout_add(x, None, None, rng, p, block_b=block_b, start=start)


def triton_cdiv(a: int, b: int) -> int:
    return -(-a // b)


def dropout_add_norm(x: Any, residual: Any, weight: Any, bias: Any, x_bias: Any, rng: Any,
                     p: float, eps: float, *, rms: bool) -> tuple[Any, Any, Any, Any]:
    """(out, h, mean, rstd) of the LayerNorm (``rms=False``) or RMSNorm op; mean is unused for
    RMSNorm (an empty tensor is returned in its place)."""
    import torch

    x = x.contiguous()
    n = x.shape[-1]
    rows = x.numel() // n if n else 0
    out = torch.empty(x.shape, dtype=x.dtype, device=x.device)
    h = torch.empty(x.shape, dtype=x.dtype, device=x.device)
    stats_shape = x.shape[:-1]
    mean = torch.empty(stats_shape if not rms else (0,), dtype=torch.float32, device=x.device)
    rstd = torch.empty(stats_shape, dtype=torch.float32, device=x.device)
    if rows == 0:
        return out, h, mean, rstd
    if residual is not None:
        residual = residual.expand(x.shape).contiguous()
    block_b, aligned = _norm_block(n)
    dummy = x
    _kernels()["norm_fwd"][(rows,)](
        x, residual if residual is not None else dummy,
        weight.contiguous() if weight is not None else dummy,
        bias.contiguous() if bias is not None else dummy,
        x_bias.reshape(-1).contiguous() if x_bias is not None else dummy,
        out, h, mean if not rms else rstd, rstd, rng, n, _thr_bits(p), _scale(p), float(eps),
        HAS_RES=residual is not None, HAS_W=weight is not None, HAS_B=bias is not None,
        HAS_XB=x_bias is not None, DROP=p > 0.0, RMS=rms, ALIGNED=aligned, BLOCK_B=block_b,
        EMULATE_RTNE=interpret_mode(), **_launch(block_b))
    return out, h, mean, rstd


def _programs(rows: int, device: Any, per_sm: int) -> int:
    """Row-looping programs of a backward kernel: ``per_sm`` per multiprocessor; few under the
    interpreter."""
    import torch

    if device.type == "cuda":
        sms = torch.cuda.get_device_properties(device).multi_processor_count
        return max(1, min(rows, per_sm * sms))
    return max(1, min(rows, 4))


def norm_bwd_shape(rows: int, n: int, device: Any, rms: bool, element_size: int
                   ) -> tuple[int, int, int]:
    """(BLOCK_B, warps, programs) of the norm backward for ``rows`` rows of ``n``."""
    block_b, _ = _norm_block(n)
    warps = _launch(block_b, NORM_BWD_ELEMS.get((rms, element_size), 16))["num_warps"]
    return block_b, warps, _programs(rows, device, NORM_BWD_PROGRAMS_PER_SM)


def bias_bwd_shape(rows: int, n: int, device: Any) -> tuple[int, int, int, int]:
    """(BLOCK_B, warps, row programs, column programs) of the bias backward."""
    block_b = min(BIAS_BWD_BLOCKS, _next_pow2(n // 4))
    col_programs = triton_cdiv(n, 4 * block_b)
    g = max(1, _programs(rows, device, BIAS_BWD_PROGRAMS_PER_SM) // col_programs) \
        if device.type == "cuda" else max(1, min(rows, 4))
    return block_b, _launch(block_b, BIAS_BWD_ELEMS)["num_warps"], min(g, rows), col_programs


def dropout_add_norm_backward(dy: Any, dh: Any, h: Any, mean: Any, rstd: Any, weight: Any,
                              rng: Any, p: float, want_bias: bool
                              ) -> tuple[Any, Any, Any, Any]:
    """(dx, dresidual, dweight, dbias) of the norm ops; ``mean`` None = RMSNorm.

    dx and dresidual have h's dtype; dweight/dbias are fp32 (None where not wanted).
    """
    import torch

    h = h.contiguous()
    n = h.shape[-1]
    rows = h.numel() // n if n else 0
    dx = torch.empty(h.shape, dtype=h.dtype, device=h.device)
    dres = torch.empty(h.shape, dtype=h.dtype, device=h.device)
    block_b, warps, g = norm_bwd_shape(rows, n, h.device, mean is None, h.element_size()) \
        if rows else (1, 1, 1)
    dw = torch.zeros((g, n), dtype=torch.float32, device=h.device) if weight is not None else None
    db = torch.zeros((g, n), dtype=torch.float32, device=h.device) if want_bias else None
    if rows:
        aligned = n % 4 == 0
        _kernels()["norm_bwd"][(g,)](
            dy.contiguous(), dh.contiguous() if dh is not None else h, h,
            mean if mean is not None else rstd, rstd,
            weight.contiguous() if weight is not None else h, dx, dres,
            dw if dw is not None else rstd, db if db is not None else rstd, rng, rows, n,
            _thr_bits(p), _scale(p), HAS_DH=dh is not None, HAS_W=weight is not None,
            WANT_B=want_bias, DROP=p > 0.0, RMS=mean is None, ALIGNED=aligned, BLOCK_B=block_b,
            EMULATE_RTNE=interpret_mode(), num_warps=warps, enable_fp_fusion=False)
    return (dx, dres, dw.sum(0) if dw is not None else None,
            db.sum(0) if db is not None else None)


def dropout_bias_backward(grad: Any, rng: Any, p: float) -> tuple[Any, Any]:
    """(dropout(grad), its fp32 sum over all but the last dim) in one pass over grad."""
    import torch

    grad = grad.contiguous()
    n = grad.shape[-1]
    rows = grad.numel() // n
    gx = torch.empty(grad.shape, dtype=grad.dtype, device=grad.device)
    block_b, warps, g, col_programs = bias_bwd_shape(rows, n, grad.device)
    partial = torch.empty((g, n), dtype=torch.float32, device=grad.device)
    _kernels()["dropout_bias_bwd"][(g, col_programs)](
        grad, gx, partial, rng, rows, n, _thr_bits(p), _scale(p), DROP=p > 0.0,
        BLOCK_B=block_b, EMULATE_RTNE=interpret_mode(), num_warps=warps,
        enable_fp_fusion=False)
    return gx, partial.sum(0)
