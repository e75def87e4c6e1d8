"""The module a fused site becomes on the fx path: rate and mode read at run time.

``fuse()`` returns an eager model, so unlike a dynamo graph (where a module's flag is baked at
capture and guarded), the fused call must follow ``.train()``/``.eval()`` and a rate that is
changed later (a dropout schedule).  Each :class:`FusedSite` keeps a reference to the dropout
module it replaced (still a child of the fused model) and to the module whose ``.training`` a
functional dropout's flag followed, and reads ``.p`` / ``.training`` on every call.  The
references are plain attributes, not children, so ``state_dict`` and ``named_modules`` of the
fused model keep the original's entries plus these parameter-free sites.
"""

from __future__ import annotations

from typing import Any

import torch.nn as nn

from . import api
from .patterns import BIAS_DROPOUT_ADD, DROPOUT, LAYER_NORM, RMS_NORM


class FusedSite(nn.Module):
    """One fused ``(+bias) -> dropout -> +residual (-> norm)``: forward(x, bias, residual, w, b)."""

    def __init__(self, pattern: str, p: float, training: bool | None, *,
                 rate_from: nn.Module | None = None, mode_from: nn.Module | None = None,
                 eps: float | None = None, return_residual: bool = False,
                 describe: str = "") -> None:
        super().__init__()
        self.pattern = pattern
        self.p_const = p
        self.training_const = training
        object.__setattr__(self, "_rate_from", rate_from)  # not a child: no double entries
        object.__setattr__(self, "_mode_from", mode_from)
        self.eps = eps
        self.return_residual = return_residual
        self.describe = describe

    def set_mode_source(self, module: nn.Module) -> None:
        object.__setattr__(self, "_mode_from", module)

    @property
    def p(self) -> float:
        src = self._rate_from
        return float(src.p) if src is not None else self.p_const

    def dropping(self) -> bool:
        if self._rate_from is not None:
            return bool(self._rate_from.training)
        if self._mode_from is not None:
            return bool(self._mode_from.training)
        return bool(self.training_const)

    def forward(self, x: Any, bias: Any = None, residual: Any = None, weight: Any = None,
                norm_bias: Any = None) -> Any:
        p, training = self.p, self.dropping()
        if self.pattern == DROPOUT:
            return api.dropout(x, p, training)
        if self.pattern == BIAS_DROPOUT_ADD:
            return api.bias_dropout_add(x, bias, residual, p, training)
        if self.pattern == LAYER_NORM:
            return api.dropout_add_layer_norm(x, residual, weight, norm_bias, p, self.eps,
                                              training, self.return_residual, x_bias=bias)
        if self.pattern == RMS_NORM:
            return api.dropout_add_rms_norm(x, residual, weight, p, self.eps, training,
                                            self.return_residual, x_bias=bias)
        raise ValueError(f"unknown fused pattern {self.pattern!r}")

    def extra_repr(self) -> str:
        return self.describe


class ModeValue(nn.Module):
    """A constant that was ``x if self.training else y`` in the traced code (fx path).

    fx bakes ``self.training`` into each trace; where the train and eval traces differ only in a
    scalar argument (``dropout_p=self.p if self.training else 0.0`` of attention, the flag of a
    dropout the pass did not fuse), the fused graph reads it through this node, so the one graph
    serves both modes.
    """

    def __init__(self, train_value: Any, eval_value: Any, mode_from: nn.Module | None,
                 owner: str) -> None:
        super().__init__()
        self.train_value, self.eval_value, self.owner = train_value, eval_value, owner
        object.__setattr__(self, "_mode_from", mode_from)

    def set_mode_source(self, module: nn.Module) -> None:
        object.__setattr__(self, "_mode_from", module)

    def forward(self) -> Any:
        return self.train_value if self._mode_from.training else self.eval_value

    def extra_repr(self) -> str:
        return (f"{self.train_value!r} if {self.owner or 'model'}.training "
                f"else {self.eval_value!r}")
