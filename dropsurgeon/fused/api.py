"""Public functions of :mod:`dropsurgeon.fused`: check arguments, choose the rng, call the op.

Seeds and offsets.  A call's mask is a pure function of ``(seed, offset)`` (see
:mod:`.philox`).  Left out, both are drawn per call from PyTorch's default generator for the
input's device (one ``torch.randint`` of two int64 words), so ``torch.manual_seed`` reproduces a
run, each call advances the generator (fresh masks call after call), ``torch.utils.checkpoint``
replays the draw when it restores the RNG state before recomputing, and under CUDA-graph
capture the draw is a captured kernel that PyTorch's graph-safe generator advances per replay.
Given, ``seed`` alone means ``offset = 0``; ints or int64 tensors are accepted (pass device
tensors under CUDA-graph capture: an int becomes a host-to-device copy, which capture forbids).
"""

from __future__ import annotations

from typing import Any

from .philox import as_int64
from .validate import (
    FusedArgumentError,
    check_backend,
    check_broadcast,
    check_float,
    check_norm_param,
    check_p,
    check_same_device,
)

_INT64_MIN, _INT64_END = -(1 << 63), (1 << 63) - 1


def _ops() -> Any:
    from . import ops

    return ops


def _word(value: Any, device: Any) -> Any:
    import torch

    if isinstance(value, torch.Tensor):
        if value.numel() != 1 or value.dtype.is_floating_point or value.dtype == torch.bool:
            raise FusedArgumentError("seed/offset tensors must hold one integer")
        return value.reshape(1).to(device=device, dtype=torch.int64)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FusedArgumentError(f"seed/offset must be ints or int64 tensors, got {value!r}")
    return torch.tensor([as_int64(value)], dtype=torch.int64, device=device)


def make_rng(device: Any, seed: Any = None, offset: Any = None) -> Any:
    """The ``[seed, offset]`` int64 tensor of one call (drawn from the generator when omitted)."""
    import torch

    if seed is None and offset is None:
        return torch.randint(_INT64_MIN, _INT64_END, (2,), dtype=torch.int64, device=device)
    if seed is None:
        seed_t = torch.randint(_INT64_MIN, _INT64_END, (1,), dtype=torch.int64, device=device)
    else:
        seed_t = _word(seed, device)
    offset_t = _word(0 if offset is None else offset, device)
    return torch.cat([seed_t, offset_t])


def _no_rng(device: Any) -> Any:
    """The rng of a call without dropout: consumes no generator state."""
    import torch

    return torch.zeros(2, dtype=torch.int64, device=device)


def _check_input(x: Any) -> None:
    import torch

    if not isinstance(x, torch.Tensor):
        raise FusedArgumentError(f"expected a tensor input, got {type(x).__name__}")
    check_float("x", x)


def dropout(x: Any, p: float, training: bool = True, *, seed: Any = None, offset: Any = None,
            backend: str = "auto") -> Any:
    """Dropout whose mask is :func:`keep_mask` of ``(seed, offset)``; backward stores no mask.

    ``training=False`` or ``p=0`` returns ``x`` itself, like ``F.dropout``.
    """
    _check_input(x)
    p = check_p(p)
    check_backend(backend)
    if not training or p == 0.0:
        return x
    return _ops().dropout(x, make_rng(x.device, seed, offset), p, backend)


def bias_dropout_add(x: Any, bias: Any, residual: Any, p: float, training: bool = True, *,
                     seed: Any = None, offset: Any = None, backend: str = "auto") -> Any:
    """``residual + dropout(x + bias)`` in one pass; ``bias``/``residual`` may be None.

    Both broadcast to ``x``'s shape, which the output has.  The mask indexes x's elements.
    """
    _check_input(x)
    p = check_p(p)
    check_backend(backend)
    for name, t in (("bias", bias), ("residual", residual)):
        check_float(name, t)
        check_broadcast(name, t, tuple(x.shape))
    check_same_device(x, bias=bias, residual=residual)
    if not training or p == 0.0:
        return _ops().bias_dropout_add(x, bias, residual, _no_rng(x.device), 0.0, backend)
    rng = make_rng(x.device, seed, offset)
    return _ops().bias_dropout_add(x, bias, residual, rng, p, backend)


def _norm_args(x: Any, residual: Any, params: dict[str, Any]) -> Any:
    _check_input(x)
    if x.dim() == 0:
        raise FusedArgumentError("a normalised input needs at least one dimension")
    n = x.shape[-1]
    check_float("residual", residual)
    check_broadcast("residual", residual, tuple(x.shape))
    if residual is not None and residual.dtype != x.dtype:
        raise FusedArgumentError(
            f"residual is {residual.dtype} but x is {x.dtype}; the residual stream has one dtype")
    for name, t in params.items():
        check_float(name, t)
        check_norm_param(name, t, n)
    check_same_device(x, residual=residual, **params)
    if residual is not None and tuple(residual.shape) != tuple(x.shape):
        residual = residual.expand(x.shape)  # autograd of expand sums the gradient back
    return residual


def dropout_add_layer_norm(x: Any, residual: Any, weight: Any, bias: Any, p: float,
                           eps: float = 1e-5, training: bool = True,
                           return_residual: bool = False, *, x_bias: Any = None,
                           seed: Any = None, offset: Any = None, backend: str = "auto") -> Any:
    """Pre-norm residual step: ``h = residual + dropout(x + x_bias)``; ``out = LayerNorm(h)``.

    ``residual``, ``weight``, ``bias`` and ``x_bias`` (a bias added before dropout, e.g. the
    preceding Linear's) may be None.  Returns ``out``, or ``(out, h)`` with ``return_residual``.
    ``h`` is rounded to x's dtype and ``out`` normalises that rounded ``h``.
    """
    p = check_p(p)
    check_backend(backend)
    residual = _norm_args(x, residual, {"weight": weight, "bias": bias, "x_bias": x_bias})
    if not training or p == 0.0:
        rng, p = _no_rng(x.device), 0.0
    else:
        rng = make_rng(x.device, seed, offset)
    out, h, _, _ = _ops().dropout_add_layer_norm(x, residual, weight, bias, x_bias, rng, p,
                                                 float(eps), backend)
    return (out, h) if return_residual else out


def dropout_add_rms_norm(x: Any, residual: Any, weight: Any, p: float, eps: float = 1e-6,
                         training: bool = True, return_residual: bool = False, *,
                         x_bias: Any = None, seed: Any = None, offset: Any = None,
                         backend: str = "auto") -> Any:
    """Pre-norm residual step: ``h = residual + dropout(x + x_bias)``; ``out = RMSNorm(h)``.

    ``out = h * rsqrt(mean(h**2) + eps) * weight`` in fp32, rounded once to x's dtype.
    Returns ``out``, or ``(out, h)`` with ``return_residual``.
    """
    p = check_p(p)
    check_backend(backend)
    residual = _norm_args(x, residual, {"weight": weight, "x_bias": x_bias})
    if not training or p == 0.0:
        rng, p = _no_rng(x.device), 0.0
    else:
        rng = make_rng(x.device, seed, offset)
    out, h, _ = _ops().dropout_add_rms_norm(x, residual, weight, x_bias, rng, p, float(eps),
                                            backend)
    return (out, h) if return_residual else out


def keep_mask(seed: Any, offset: Any, numel: int, p: float, device: Any = "cpu", *,
              start: int = 0) -> Any:
    """The reference keep mask (BoolTensor of ``numel``): see :mod:`dropsurgeon.fused.philox`."""
    from .philox import keep_mask as _keep_mask

    return _keep_mask(seed, offset, numel, p, device, start=start)
