"""The fused ops as ``torch.library`` custom ops: ``torch.ops.dropsurgeon.*``.

Each op has a fake (meta) implementation, so it traces under ``torch.compile`` and
``torch.export``, and an autograd formula whose backward regenerates the dropout mask from the
saved ``rng = [seed, offset]`` tensor instead of saving a mask.  The ops take ``rng`` as a
tensor argument (chosen by the caller, see :mod:`dropsurgeon.fused`), so the op itself is a pure
function of its inputs: recomputation under activation checkpointing and replays of a traced
graph see the same mask for the same ``rng``.

Which implementation runs is decided per call from ``backend`` and the tensors (see
:mod:`.dispatch`): the Triton kernels, or the pure-PyTorch reference.
"""

# No ``from __future__ import annotations`` and ``Optional`` rather than ``X | None``: torch.library
# parses these annotations at runtime, and torch 2.4 knows only ``Optional``.
# ruff: noqa: UP045
from typing import Optional

import torch

from . import reference
from .dispatch import Unsupported, pick, warn_once

Tensor = torch.Tensor
_LIB = "dropsurgeon"


def _acc(dtype: torch.dtype) -> torch.dtype:
    return torch.float64 if dtype == torch.float64 else torch.float32


def _fresh(out: Tensor, *inputs: Optional[Tensor]) -> Tensor:
    """A custom op may not return one of its inputs (p = 0 with nothing to add is the identity)."""
    if any(t is not None and out is t for t in inputs):
        return out.clone()
    return out


def _kernels():
    from . import kernels

    return kernels


# -- dropout ------------------------------------------------------------------------------------

@torch.library.custom_op(f"{_LIB}::dropout", mutates_args=())
def dropout(x: Tensor, rng: Tensor, p: float, backend: str) -> Tensor:
    """dropout(x) with the mask of ``rng``; also its own backward (same mask, same scale)."""
    if pick("dropout", backend, x):
        return _kernels().dropout(x, rng, p)
    return _fresh(reference.dropout(x, rng, p), x)


@dropout.register_fake
def _(x, rng, p, backend):
    return torch.empty(x.shape, dtype=x.dtype, device=x.device)


def _dropout_setup(ctx, inputs, output):
    _, rng, p, backend = inputs
    ctx.save_for_backward(rng)
    ctx.p, ctx.backend = p, backend


def _dropout_backward(ctx, grad):
    (rng,) = ctx.saved_tensors
    return dropout(grad.contiguous(), rng, ctx.p, ctx.backend), None, None, None


dropout.register_autograd(_dropout_backward, setup_context=_dropout_setup)


# -- bias + dropout + residual ------------------------------------------------------------------

@torch.library.custom_op(f"{_LIB}::bias_dropout_add", mutates_args=())
def bias_dropout_add(x: Tensor, bias: Optional[Tensor], residual: Optional[Tensor], rng: Tensor,
                     p: float, backend: str) -> Tensor:
    """``residual + dropout(x + bias)`` (bias/residual broadcast to x; either may be None)."""
    if pick("bias_dropout_add", backend, x, bias, residual):
        try:
            return _kernels().bias_dropout_add(x, bias, residual, rng, p)
        except Unsupported as exc:
            warn_once("bias_dropout_add", str(exc))
    return _fresh(reference.bias_dropout_add(x, bias, residual, rng, p), x, residual)


@bias_dropout_add.register_fake
def _(x, bias, residual, rng, p, backend):
    return torch.empty(x.shape, dtype=x.dtype, device=x.device)


def _bda_setup(ctx, inputs, output):
    _, bias, residual, rng, p, backend = inputs
    ctx.save_for_backward(rng)
    ctx.p, ctx.backend = p, backend
    ctx.bias_meta = None if bias is None else (bias.shape, bias.dtype)
    ctx.res_meta = None if residual is None else (residual.shape, residual.dtype)


def _sum_to(g: Tensor, meta) -> Optional[Tensor]:
    """The gradient of an input that was broadcast to g's shape, summed in fp32 without an fp32
    copy of g (``sum(dtype=...)`` accumulates in place of ``g.float().sum_to_size``)."""
    if meta is None:
        return None
    shape, dtype = tuple(meta[0]), meta[1]
    if tuple(g.shape) == shape:
        return g.to(dtype)
    lead = g.dim() - len(shape)
    dims = list(range(lead)) + [lead + i for i, n in enumerate(shape)
                                if n == 1 and g.shape[lead + i] != 1]
    return g.sum(dim=dims, dtype=_acc(g.dtype)).reshape(shape).to(dtype)


def _bias_fusable(grad: Tensor, bias_shape) -> bool:
    n = grad.shape[-1] if grad.dim() else 0
    shape = tuple(bias_shape)
    return (grad.dim() >= 2 and n % 4 == 0 and 0 < n < 1 << 30 and len(shape) >= 1 and
            shape[-1] == n and all(s == 1 for s in shape[:-1]))


def _bda_backward(ctx, grad):
    (rng,) = ctx.saved_tensors
    grad = grad.contiguous()
    if ctx.bias_meta is not None and _bias_fusable(grad, ctx.bias_meta[0]):
        # one pass: the masked gradient and the bias gradient's column sums
        gx, gb = dropout_bias_backward(grad, rng, ctx.p, ctx.backend)
        gbias = gb.reshape(ctx.bias_meta[0]).to(ctx.bias_meta[1])
    else:
        gx = dropout(grad, rng, ctx.p, ctx.backend)
        gbias = _sum_to(gx, ctx.bias_meta)
    return gx, gbias, _sum_to(grad, ctx.res_meta), None, None, None


@torch.library.custom_op(f"{_LIB}::dropout_bias_backward", mutates_args=())
def dropout_bias_backward(grad: Tensor, rng: Tensor, p: float, backend: str
                          ) -> tuple[Tensor, Tensor]:
    """(dropout(grad), fp32 sum of it over all but the last dim): bias_dropout_add's backward
    for a bias over a last dim that is a multiple of 4."""
    if pick("dropout_bias_backward", backend, grad):
        return _kernels().dropout_bias_backward(grad, rng, p)
    ga = reference.apply_mask(grad, rng, p)
    gx = ga.to(grad.dtype)
    return (gx.clone() if gx is grad else gx), ga.reshape(-1, grad.shape[-1]).sum(0)


@dropout_bias_backward.register_fake
def _(grad, rng, p, backend):
    return grad.new_empty(grad.shape), grad.new_empty((grad.shape[-1],), dtype=_acc(grad.dtype))


bias_dropout_add.register_autograd(_bda_backward, setup_context=_bda_setup)


# -- dropout + residual + LayerNorm / RMSNorm ---------------------------------------------------

@torch.library.custom_op(f"{_LIB}::dropout_add_layer_norm", mutates_args=())
def dropout_add_layer_norm(x: Tensor, residual: Optional[Tensor], weight: Optional[Tensor],
                           bias: Optional[Tensor], x_bias: Optional[Tensor], rng: Tensor, p: float,
                           eps: float, backend: str) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """(out, h, mean, rstd): ``h = residual + dropout(x + x_bias)``, ``out = LayerNorm(h)``."""
    if pick("dropout_add_layer_norm", backend, x, residual, weight, bias, x_bias,
            row=x.shape[-1]):
        return _kernels().dropout_add_norm(x, residual, weight, bias, x_bias, rng, p, eps,
                                           rms=False)
    out, h, mean, rstd = reference.dropout_add_layer_norm(x, residual, weight, bias, x_bias,
                                                          rng, p, eps)
    return out, _fresh(h, x, residual), mean, rstd


@dropout_add_layer_norm.register_fake
def _(x, residual, weight, bias, x_bias, rng, p, eps, backend):
    stats = x.new_empty(x.shape[:-1], dtype=_acc(x.dtype))
    return x.new_empty(x.shape), x.new_empty(x.shape), stats, torch.empty_like(stats)


@torch.library.custom_op(f"{_LIB}::dropout_add_rms_norm", mutates_args=())
def dropout_add_rms_norm(x: Tensor, residual: Optional[Tensor], weight: Optional[Tensor],
                         x_bias: Optional[Tensor], rng: Tensor, p: float, eps: float,
                         backend: str) -> tuple[Tensor, Tensor, Tensor]:
    """(out, h, rstd): ``h = residual + dropout(x + x_bias)``, ``out = RMSNorm(h)``."""
    if pick("dropout_add_rms_norm", backend, x, residual, weight, x_bias, row=x.shape[-1]):
        out, h, _, rstd = _kernels().dropout_add_norm(x, residual, weight, None, x_bias, rng, p,
                                                      eps, rms=True)
        return out, h, rstd
    out, h, rstd = reference.dropout_add_rms_norm(x, residual, weight, x_bias, rng, p, eps)
    return out, _fresh(h, x, residual), rstd


@dropout_add_rms_norm.register_fake
def _(x, residual, weight, x_bias, rng, p, eps, backend):
    return x.new_empty(x.shape), x.new_empty(x.shape), x.new_empty(x.shape[:-1],
                                                                  dtype=_acc(x.dtype))


@torch.library.custom_op(f"{_LIB}::dropout_add_norm_backward", mutates_args=())
def dropout_add_norm_backward(dy: Tensor, dh: Optional[Tensor], h: Tensor, mean: Optional[Tensor],
                              rstd: Tensor, weight: Optional[Tensor], rng: Tensor, p: float,
                              want_bias: bool, backend: str
                              ) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Backward of both norm ops (``mean`` None = RMSNorm): (dx, dresidual, dweight, dbias).

    dx is the gradient at the dropout's input, in h's dtype; dweight/dbias are fp32 (fp64 for
    fp64 inputs) and empty where there is no weight/bias.
    """
    dy = dy.contiguous()
    dh = None if dh is None else dh.contiguous()
    if pick("dropout_add_norm_backward", backend, dy, dh, h, weight, row=h.shape[-1]):
        dx, dres, dw, db = _kernels().dropout_add_norm_backward(dy, dh, h, mean, rstd, weight,
                                                                rng, p, want_bias)
    else:
        dx, dres, dw, db = reference.norm_backward(dy, dh, h, mean, rstd, weight, rng, p,
                                                   want_bias)
        dx, dres = dx.to(h.dtype), dres.to(h.dtype)
        if dx is dres:  # p = 0: the mask is the identity
            dx = dres.clone()

    def empty() -> Tensor:  # outputs may not alias each other: a new one each time
        return h.new_empty((0,), dtype=_acc(h.dtype))

    return dx, dres, empty() if dw is None else dw, empty() if db is None else db


@dropout_add_norm_backward.register_fake
def _(dy, dh, h, mean, rstd, weight, rng, p, want_bias, backend):
    n = h.shape[-1]
    acc = _acc(h.dtype)
    return (h.new_empty(h.shape), h.new_empty(h.shape),
            h.new_empty((n if weight is not None else 0,), dtype=acc),
            h.new_empty((n if want_bias else 0,), dtype=acc))


def _norm_grads(ctx, dy, dh, h, mean, rstd, weight):
    if dy is None:  # only h was used
        dy = torch.zeros_like(h)
    dx, dres, dw, db = dropout_add_norm_backward(dy, dh, h, mean, rstd, weight, ctx.rng_saved,
                                                 ctx.p, ctx.bias_meta is not None, ctx.backend)
    gxb = _sum_to(dx, ctx.xb_meta)
    gres = dres if ctx.has_residual else None
    gw = dw.to(weight.dtype) if weight is not None else None
    gb = db.to(ctx.bias_meta[1]) if ctx.bias_meta is not None else None
    return dx, gres, gw, gb, gxb


def _ln_setup(ctx, inputs, output):
    _, residual, weight, bias, x_bias, rng, p, eps, backend = inputs
    _, h, mean, rstd = output
    ctx.save_for_backward(h, mean, rstd, weight, rng)
    ctx.p, ctx.backend, ctx.has_residual = p, backend, residual is not None
    ctx.bias_meta = None if bias is None else (bias.shape, bias.dtype)
    ctx.xb_meta = None if x_bias is None else (x_bias.shape, x_bias.dtype)
    ctx.mark_non_differentiable(mean, rstd)
    ctx.set_materialize_grads(False)  # an unused h costs no zero tensor in backward


def _ln_backward(ctx, dy, dh, _dmean, _drstd):
    h, mean, rstd, weight, rng = ctx.saved_tensors
    ctx.rng_saved = rng
    dx, gres, gw, gb, gxb = _norm_grads(ctx, dy, dh, h, mean, rstd, weight)
    return dx, gres, gw, gb, gxb, None, None, None, None


dropout_add_layer_norm.register_autograd(_ln_backward, setup_context=_ln_setup)


def _rms_setup(ctx, inputs, output):
    _, residual, weight, x_bias, rng, p, eps, backend = inputs
    _, h, rstd = output
    ctx.save_for_backward(h, rstd, weight, rng)
    ctx.p, ctx.backend, ctx.has_residual = p, backend, residual is not None
    ctx.bias_meta = None
    ctx.xb_meta = None if x_bias is None else (x_bias.shape, x_bias.dtype)
    ctx.mark_non_differentiable(rstd)
    ctx.set_materialize_grads(False)


def _rms_backward(ctx, dy, dh, _drstd):
    h, rstd, weight, rng = ctx.saved_tensors
    ctx.rng_saved = rng
    dx, gres, gw, _, gxb = _norm_grads(ctx, dy, dh, h, None, rstd, weight)
    return dx, gres, gw, gxb, None, None, None, None


dropout_add_rms_norm.register_autograd(_rms_backward, setup_context=_rms_setup)
