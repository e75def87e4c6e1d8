"""Which implementation a fused op runs: the Triton kernels or the PyTorch reference.

``auto`` takes Triton for CUDA tensors (and for CPU tensors when ``TRITON_INTERPRET=1``, Triton's
interpreter, which is how CI tests the kernels) and the reference elsewhere.  Where Triton would
be expected but cannot run the call (no triton, fp64, a norm row too wide for one tile), the
reference runs instead, with a one-time warning that points at the caller's line: never a
silent wrong answer, never a crash for a case the reference covers.  ``triton`` forces the
kernels: a call they cannot run (CPU tensors without the interpreter, no triton, fp64 ...)
raises :class:`TritonUnavailableError` saying why, instead of quietly running the reference.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any

from .validate import FusedArgumentError

KERNEL_DTYPES = ("float32", "float16", "bfloat16")
# Widest row the norm kernels hold in one tile (a program normalises one row in registers).
MAX_NORM_ROW = 32768


class FusedFallbackWarning(UserWarning):
    """The Triton path could not run a call; the PyTorch reference computed it instead."""


class TritonUnavailableError(FusedArgumentError):
    """``backend="triton"`` was asked for, but the kernels cannot run this call."""


class Unsupported(Exception):
    """Raised by a kernel launcher for a case it does not cover (before launching anything)."""


_warned: set[tuple[str, str]] = set()


def interpret_mode() -> bool:
    return os.environ.get("TRITON_INTERPRET", "0") == "1"


def _triton_available() -> bool:
    try:
        import triton  # noqa: F401
    except ImportError:
        return False
    return True


def user_stacklevel() -> int:
    """The ``stacklevel`` that makes a ``warnings.warn`` in this function's caller point at the
    innermost frame outside torch and dropsurgeon: the user's line."""
    from ..capture.frames import is_library_path

    frame = sys._getframe(1)  # the caller: stacklevel 1
    level = 1
    while frame is not None and is_library_path(frame.f_code.co_filename):
        frame = frame.f_back
        level += 1
    return level if frame is not None else 1


def warn_once(op: str, reason: str) -> None:
    if (op, reason) in _warned:
        return
    _warned.add((op, reason))
    warnings.warn(f"dropsurgeon.fused.{op}: {reason}; using the PyTorch reference",
                  FusedFallbackWarning, stacklevel=user_stacklevel())


def _why_not(x: Any, others: tuple, row: int | None) -> tuple[str, bool] | None:
    """Why the kernels cannot run this call, and whether ``auto`` should warn; None: they can."""
    device = x.device.type
    if device != "cuda" and not (device == "cpu" and interpret_mode()):
        return (f"the Triton kernels do not run on {device} tensors"
                " (set TRITON_INTERPRET=1 to run them on CPU)", False)
    for t in (x, *others):
        if t is not None and str(t.dtype).removeprefix("torch.") not in KERNEL_DTYPES:
            return f"the Triton kernels cover fp32/fp16/bf16, not {t.dtype}", True
    if row is not None and row > MAX_NORM_ROW:
        return f"rows wider than {MAX_NORM_ROW} are not covered by the norm kernels", True
    if not _triton_available():
        return "triton is not installed", True
    return None


def pick(op: str, backend: str, x: Any, *others: Any, row: int | None = None) -> bool:
    """True to run Triton for this call (tensors ``x, *others``; None entries are skipped)."""
    if backend == "reference":
        return False
    if x.numel() == 0:  # nothing to launch, whatever the backend
        return False
    why = _why_not(x, others, row)
    if why is None:
        return True
    reason, warn = why
    if backend == "triton":
        raise TritonUnavailableError(
            f"dropsurgeon.fused.{op}: backend='triton' cannot run here: {reason}; pass "
            "backend='auto' to fall back to the PyTorch reference")
    if warn:
        warn_once(op, reason)
    return False
