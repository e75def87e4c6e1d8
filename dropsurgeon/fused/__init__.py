"""Fused GPU dropout: ops whose mask is a pure function of (seed, offset), so none is stored.

``dropout``, ``bias_dropout_add``, ``dropout_add_layer_norm`` and ``dropout_add_rms_norm`` run
Triton kernels on CUDA tensors and a pure-PyTorch reference elsewhere, both drawing the mask of
:func:`keep_mask` (Philox4x32-10; defined in :mod:`.philox` and ``docs/fused.md``).  They are
``torch.library`` custom ops (``torch.ops.dropsurgeon.*``, registered on first use or by importing
:mod:`dropsurgeon.fused.ops`), so they compose with ``torch.compile`` and ``torch.export``.

Importing this package does not import torch.
"""

from __future__ import annotations

from .api import (
    bias_dropout_add,
    dropout,
    dropout_add_layer_norm,
    dropout_add_rms_norm,
    keep_mask,
    make_rng,
)
from .dispatch import FusedFallbackWarning, TritonUnavailableError
from .philox import threshold
from .validate import FusedArgumentError

__all__ = [
    "FusedArgumentError", "FusedFallbackWarning", "bias_dropout_add", "dropout",
    "dropout_add_layer_norm", "dropout_add_rms_norm", "keep_mask", "make_rng", "threshold",
    "TritonUnavailableError",
]
