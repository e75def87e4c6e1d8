"""Which implementation a fused op runs: the Triton kernels or the PyTorch reference.

``auto`` takes Triton for CUDA tensors (and for CPU tensors when ``TRITON_INTERPRET=1``, Triton's
interpreter, which is how CI tests the kernels) and the reference elsewhere.  Where Triton was
asked for or would be expected but cannot run the call (no triton, fp64, an unsupported device,
a norm row too wide for one tile), the reference runs instead, with a one-time warning: never a
silent wrong answer, never a crash for a case the reference covers.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

KERNEL_DTYPES = ("float32", "float16", "bfloat16")
# Widest row the norm kernels hold in one tile (a program normalises one row in registers).
MAX_NORM_ROW = 32768


class FusedFallbackWarning(UserWarning):
    """The Triton path could not run a call; the PyTorch reference computed it instead."""


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


def warn_once(op: str, reason: str) -> None:
    if (op, reason) in _warned:
        return
    _warned.add((op, reason))
    warnings.warn(f"dropsurgeon.fused.{op}: {reason}; using the PyTorch reference",
                  FusedFallbackWarning, stacklevel=4)


def pick(op: str, backend: str, x: Any, *others: Any, row: int | None = None) -> bool:
    """True to run Triton for this call (tensors ``x, *others``; None entries are skipped)."""
    if backend == "reference":
        return False
    device = x.device.type
    if device != "cuda" and not (device == "cpu" and interpret_mode()):
        if backend == "triton":
            warn_once(op, f"the Triton kernels do not run on {device} tensors"
                           " (set TRITON_INTERPRET=1 to run them on CPU)")
        return False
    for t in (x, *others):
        if t is not None and str(t.dtype).removeprefix("torch.") not in KERNEL_DTYPES:
            warn_once(op, f"the Triton kernels cover fp32/fp16/bf16, not {t.dtype}")
            return False
    if row is not None and row > MAX_NORM_ROW:
        warn_once(op, f"rows wider than {MAX_NORM_ROW} are not covered by the norm kernels")
        return False
    if x.numel() == 0:  # nothing to launch
        return False
    if not _triton_available():
        warn_once(op, "triton is not installed")
        return False
    return True
