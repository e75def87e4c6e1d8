"""Pure-PyTorch forward and backward of the fused ops: the CPU path and the tests' oracle.

Every function takes the call's ``rng = [seed, offset]`` int64 tensor (as the Triton kernels
do) and draws the mask of ``philox.keep_mask``; backward functions regenerate it, they are never
handed one. Arithmetic happens in float32 for half types (float64 stays float64) and rounds
once per stored tensor. The rng never leaves its device (no host sync).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .philox import keep_mask

if TYPE_CHECKING:
    import torch


def acc_dtype(dtype: torch.dtype) -> torch.dtype:
    """The dtype arithmetic happens in: float64 for float64, float32 for everything else."""
    import torch

    return torch.float64 if dtype == torch.float64 else torch.float32


def apply_mask(x: torch.Tensor, rng: torch.Tensor, p: float) -> torch.Tensor:
    """x * keep / (1 - p) in x's accumulation dtype; dropped elements are exactly 0."""
    import torch

    xa = x.to(acc_dtype(x.dtype))
    if p == 0.0:
        return xa
    keep = keep_mask(rng[0], rng[1], x.numel(), p, x.device).view(x.shape)
    zero = torch.zeros((), dtype=xa.dtype, device=x.device)
    return torch.where(keep, xa * (1.0 / (1.0 - p)), zero)


def dropout(x: torch.Tensor, rng: torch.Tensor, p: float) -> torch.Tensor:
    """Forward, and also the backward (the gradient goes through the same mask and scale)."""
    return apply_mask(x, rng, p).to(x.dtype)


def bias_dropout_add(
    x: torch.Tensor,
    bias: torch.Tensor | None,
    residual: torch.Tensor | None,
    rng: torch.Tensor,
    p: float,
) -> torch.Tensor:
    """residual + dropout(x + bias), in x's dtype; the mask indexes x's elements."""
    acc = acc_dtype(x.dtype)
    y = x.to(acc)
    if bias is not None:
        y = y + bias.to(acc)
    y = apply_mask(y, rng, p)
    if residual is not None:
        y = y + residual.to(acc)
    return y.to(x.dtype)


def _stream(
    x: torch.Tensor,
    residual: torch.Tensor | None,
    x_bias: torch.Tensor | None,
    rng: torch.Tensor,
    p: float,
) -> torch.Tensor:
    """h = residual + dropout(x + x_bias), rounded to x's dtype."""
    return bias_dropout_add(x, x_bias, residual, rng, p)


def dropout_add_layer_norm(
    x: torch.Tensor,
    residual: torch.Tensor | None,
    weight: torch.Tensor | None,
    bias: torch.Tensor | None,
    x_bias: torch.Tensor | None,
    rng: torch.Tensor,
    p: float,
    eps: float,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """(out, h, mean, rstd); the norm reads the stored (rounded) h, as backward does."""
    h = _stream(x, residual, x_bias, rng, p)
    acc = acc_dtype(h.dtype)
    ha = h.to(acc)
    mean = ha.mean(-1)
    centred = ha - mean.unsqueeze(-1)
    rstd = (centred.square().mean(-1) + eps).rsqrt()
    y = centred * rstd.unsqueeze(-1)
    if weight is not None:
        y = y * weight.to(acc)
    if bias is not None:
        y = y + bias.to(acc)
    return y.to(h.dtype), h, mean, rstd


def dropout_add_rms_norm(
    x: torch.Tensor,
    residual: torch.Tensor | None,
    weight: torch.Tensor | None,
    x_bias: torch.Tensor | None,
    rng: torch.Tensor,
    p: float,
    eps: float,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(out, h, rstd): out = h * rsqrt(mean(h^2) + eps) * weight."""
    h = _stream(x, residual, x_bias, rng, p)
    acc = acc_dtype(h.dtype)
    ha = h.to(acc)
    rstd = (ha.square().mean(-1) + eps).rsqrt()
    y = ha * rstd.unsqueeze(-1)
    if weight is not None:
        y = y * weight.to(acc)
    return y.to(h.dtype), h, rstd


def norm_backward(
    dy: torch.Tensor,
    dh: torch.Tensor | None,
    h: torch.Tensor,
    mean: torch.Tensor | None,
    rstd: torch.Tensor,
    weight: torch.Tensor | None,
    rng: torch.Tensor,
    p: float,
    want_bias: bool,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None, torch.Tensor | None]:
    """(dx, dresidual, dweight, dbias) of LayerNorm (``mean`` given) or RMSNorm (``mean`` None).

    dresidual is the gradient reaching h (the norm's plus ``dh`` when h was returned); dx is
    that through the regenerated mask. All four are in the accumulation dtype; dweight is None
    without a weight, dbias None unless ``want_bias``.
    """
    acc = acc_dtype(h.dtype)
    g = dy.to(acc)
    n = h.shape[-1]
    r = rstd.to(acc).unsqueeze(-1)
    ha = h.to(acc)
    xhat = ha * r if mean is None else (ha - mean.to(acc).unsqueeze(-1)) * r
    gw = g if weight is None else g * weight.to(acc)
    proj = (gw * xhat).sum(-1, keepdim=True) / n
    if mean is None:
        dres = r * (gw - xhat * proj)
    else:
        dres = r * (gw - gw.sum(-1, keepdim=True) / n - xhat * proj)
    if dh is not None:
        dres = dres + dh.to(acc)
    rows = tuple(range(h.dim() - 1))
    dweight = None if weight is None else (g * xhat).sum(rows)
    dbias = g.sum(rows) if want_bias else None
    return apply_mask(dres, rng, p), dres, dweight, dbias
