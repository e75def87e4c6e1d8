"""What counts as dropout: the functions, modules and random ops every graph front-end knows.

Kept in one place so fx, export and the runtime monitor classify the same things the same
way.  Torch is imported lazily (this module is only used on the graph paths).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..sites import ATTENTION, DROP_PATH, FUNCTIONAL, MODULE, RNN


@dataclass(frozen=True)
class FunctionSpec:
    kind: str
    op: str  # the display name, e.g. "F.dropout"
    p_name: str
    p_index: int
    training_name: str | None  # None: the op has no training flag (SDPA)
    training_index: int | None
    training_default: bool = True
    p_default: float | None = None  # for builtins, whose signature cannot be read


@lru_cache(maxsize=1)
def dropout_functions() -> dict[Any, FunctionSpec]:
    import torch
    import torch.nn.functional as F

    specs: dict[Any, FunctionSpec] = {}
    for name in ("dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
                 "feature_alpha_dropout"):
        fn = getattr(F, name, None)
        if fn is not None:
            specs[fn] = FunctionSpec(FUNCTIONAL, f"F.{name}", "p", 1, "training", 2)
    for name in ("dropout", "alpha_dropout", "feature_alpha_dropout", "feature_dropout"):
        fn = getattr(torch, name, None)
        if fn is not None and fn not in specs:
            specs[fn] = FunctionSpec(FUNCTIONAL, f"torch.{name}", "p", 1, "train", 2)
    specs[F.scaled_dot_product_attention] = FunctionSpec(
        ATTENTION, "scaled_dot_product_attention", "dropout_p", 4, None, None, p_default=0.0
    )
    specs[F.multi_head_attention_forward] = FunctionSpec(
        ATTENTION, "F.multi_head_attention_forward", "dropout_p", 10, "training", 13
    )
    try:
        from torchvision.ops import stochastic_depth
    except Exception:  # noqa: BLE001 - torchvision is optional
        stochastic_depth = None
    if stochastic_depth is not None:
        specs[stochastic_depth] = FunctionSpec(
            DROP_PATH, "stochastic_depth", "p", 1, "training", 3
        )
    return specs


RANDOM_FUNCTION_NAMES = (
    "rand", "rand_like", "randn", "randn_like", "randint", "randint_like", "bernoulli",
    "multinomial", "normal", "poisson", "randperm",
)
RANDOM_METHOD_NAMES = frozenset({
    "bernoulli", "bernoulli_", "uniform_", "normal_", "random_", "exponential_",
    "geometric_", "cauchy_", "log_normal_",
})


@lru_cache(maxsize=1)
def random_functions() -> dict[Any, str]:
    import torch

    return {getattr(torch, n): n for n in RANDOM_FUNCTION_NAMES if hasattr(torch, n)}


def bind_call(fn: Any, spec: FunctionSpec, args: tuple, kwargs: dict) -> tuple[Any, Any]:
    """(p, training) of a call, with defaults applied; values may be graph nodes."""
    p = kwargs.get(spec.p_name, args[spec.p_index] if len(args) > spec.p_index else None)
    if p is None:
        p = _default(fn, spec.p_name)
    if p is None:
        p = spec.p_default
    if spec.training_name is None:
        return p, None
    if spec.training_name in kwargs:
        training = kwargs[spec.training_name]
    elif spec.training_index is not None and len(args) > spec.training_index:
        training = args[spec.training_index]
    else:
        default = _default(fn, spec.training_name)
        training = spec.training_default if default is None else default
    return p, training


def _default(fn: Any, name: str) -> Any:
    try:
        param = inspect.signature(fn).parameters.get(name)
    except (TypeError, ValueError):
        return None
    if param is None or param.default is inspect.Parameter.empty:
        return None
    return param.default


DROP_PATH_CLASS_NAMES = frozenset({
    "DropPath", "StochasticDepth", "DropBlock2d", "DropBlock3d", "LayerDrop", "DropPath2d",
})


def module_kind(module: Any) -> str | None:
    """The site kind of a module, or None when the module is not dropout-family."""
    import torch.nn as nn

    if isinstance(module, nn.modules.dropout._DropoutNd):
        return MODULE
    if isinstance(module, nn.MultiheadAttention):
        return ATTENTION
    if isinstance(module, nn.RNNBase):
        return RNN
    name = type(module).__name__
    # transformers names them per model: ConvNextDropPath, SwinDropPath, BeitDropPath ...
    if name in DROP_PATH_CLASS_NAMES or name.endswith("DropPath"):
        return DROP_PATH
    return None


def module_rate(module: Any) -> float | None:
    import torch.nn as nn

    if isinstance(module, (nn.MultiheadAttention, nn.RNNBase)):
        value = module.dropout
    else:
        value = None
        for attr in ("p", "drop_prob", "drop_rate", "prob"):
            if hasattr(module, attr):
                value = getattr(module, attr)
                break
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def module_active(module: Any) -> bool:
    """Whether a dropout-family module drops anything in its current mode."""
    import torch.nn as nn

    p = module_rate(module)
    if getattr(module, "active_in_eval", False):  # MC dropout: on in both modes by design
        return bool(p is None or p > 0)
    if isinstance(module, nn.RNNBase):
        return bool(module.training and p and module.num_layers > 1)
    return bool(module.training and (p is None or p > 0))
