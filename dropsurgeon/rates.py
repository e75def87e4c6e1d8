"""The public path of the rate handles: ``from dropsurgeon.rates import rate_handles``.

Rates are read and changed through the model view that surgery builds, so they live in
:mod:`dropsurgeon.surgery.rates`; this module only forwards names to it, on first use (so
``import dropsurgeon.rates`` does not import torch).  Nothing in ``surgery/`` imports this
module: the dependency goes one way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - the names, for type checkers and linters
    from .surgery.rates import (
        KINDS,
        RateHandle,
        RateHandles,
        RateIndex,
        annotate,
        discover,
        match_site,
        observe_rates,
        rate_handles,
    )

__all__ = ["KINDS", "RateHandle", "RateHandles", "RateIndex", "annotate", "discover", "match_site",
           "observe_rates", "rate_handles"]


def __getattr__(name: str) -> Any:
    # Imported here, not at the top: ``import dropsurgeon.rates`` stays free of torch.
    from .surgery import rates as module

    try:
        value = getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module 'dropsurgeon.rates' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
