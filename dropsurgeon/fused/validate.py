"""Argument checks shared by the fused ops: they raise before anything is launched."""

from __future__ import annotations

from typing import Any

from ..errors import DropsurgeonError


class FusedArgumentError(DropsurgeonError, ValueError):
    """A fused op got a rate, shape, dtype or backend it cannot take."""


BACKENDS = ("auto", "triton", "reference")


def check_p(p: Any) -> float:
    """p as a float in [0, 1); raises like ``F.dropout`` otherwise (p = 1 is refused too)."""
    try:
        value = float(p)
    except (TypeError, ValueError):
        raise FusedArgumentError(f"dropout probability must be a number, got {p!r}") from None
    if not 0.0 <= value < 1.0:  # also refuses NaN
        raise FusedArgumentError(
            f"dropout probability has to be in [0, 1), but got {value}")
    return value


def check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise FusedArgumentError(
            f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    return backend


def check_broadcast(name: str, t: Any, shape: tuple[int, ...]) -> None:
    """``t`` must broadcast to ``shape`` (the input's shape, which the output keeps)."""
    if t is None:
        return
    tshape = tuple(t.shape)
    ok = len(tshape) <= len(shape) and all(
        a in (1, b) for a, b in zip(reversed(tshape), reversed(shape), strict=False))
    if not ok:
        raise FusedArgumentError(
            f"{name} of shape {list(tshape)} does not broadcast to the input's shape "
            f"{list(shape)}")


def check_norm_param(name: str, t: Any, n: int) -> None:
    """A norm weight/bias (or the pre-dropout bias of a norm op) is 1-D over the last dim."""
    if t is not None and tuple(t.shape) != (n,):
        raise FusedArgumentError(
            f"{name} must have shape [{n}] (the input's last dimension), got {list(t.shape)}")


def check_same_device(x: Any, **others: Any) -> None:
    for name, t in others.items():
        if t is not None and t.device != x.device:
            raise FusedArgumentError(
                f"{name} is on {t.device} but the input is on {x.device}")


def check_float(name: str, t: Any) -> None:
    if t is not None and not t.is_floating_point():
        raise FusedArgumentError(f"{name} must be a floating-point tensor, got {t.dtype}")
