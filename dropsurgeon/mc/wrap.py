"""``mc_wrap``: a module whose forward returns the :class:`MCResult`, for serving code."""

from __future__ import annotations

from typing import Any

from torch import nn

from .result import MCResult


class MCWrapper(nn.Module):
    """``MCWrapper(model, samples=30, ...)(x)`` is ``mc_predict(model, x, samples=30, ...)``.

    The wrapped model is a child (``.model``), so ``state_dict`` keys gain a ``model.``
    prefix and ``.to()``/``.cuda()`` move it as usual.
    """

    def __init__(self, model: nn.Module, **options: Any) -> None:
        super().__init__()
        from .predict import _check

        _check(model, options.get("samples", 30), options.get("chunk"),
               options.get("task", "auto"))
        self.model = model
        self.options = dict(options)

    def forward(self, *inputs: Any, **kwargs: Any) -> MCResult:
        from .predict import mc_predict

        return mc_predict(self.model, *inputs, **self.options, **kwargs)

    def extra_repr(self) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in self.options.items())


def mc_wrap(model: nn.Module, samples: int = 30, **options: Any) -> MCWrapper:
    """Wrap ``model`` so that calling it returns MC-dropout predictions (an MCResult)."""
    return MCWrapper(model, samples=samples, **options)
