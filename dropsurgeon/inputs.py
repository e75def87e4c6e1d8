"""Guess example inputs from a model's first layer, when the user gave none.

Only used so that the runtime/export front-ends can see models fx cannot trace; the guess
is reported as such, and a forward that fails on it asks the user for ``--input-shape``.
"""

from __future__ import annotations

from typing import Any


def guess_inputs(model: Any) -> tuple[tuple, str] | None:
    import torch
    import torch.nn as nn

    cfg = getattr(model, "pretrained_cfg", None) or getattr(model, "default_cfg", None)
    if isinstance(cfg, dict) and isinstance(cfg.get("input_size"), (tuple, list)):
        shape = (1, *cfg["input_size"])
        return (torch.randn(shape),), f"input_size {tuple(cfg['input_size'])} of the model's cfg"
    for name, mod in model.named_modules():
        if isinstance(mod, nn.Conv2d):
            size = getattr(model, "image_size", None)
            side = size if isinstance(size, int) else 224
            return (torch.randn(1, mod.in_channels, side, side),), f"first layer {name} (Conv2d)"
        if isinstance(mod, nn.Conv1d):
            return (torch.randn(1, mod.in_channels, 64),), f"first layer {name} (Conv1d)"
        if isinstance(mod, nn.Conv3d):
            return (torch.randn(1, mod.in_channels, 8, 32, 32),), f"first layer {name} (Conv3d)"
        if isinstance(mod, nn.Linear):
            return (torch.randn(2, mod.in_features),), f"first layer {name} (Linear)"
        if isinstance(mod, nn.Embedding):
            ids = torch.randint(0, mod.num_embeddings, (1, 8))
            return (ids,), f"first layer {name} (Embedding)"
    return None


def to_device(value: Any, device: Any) -> Any:
    """Move tensors nested in tuples (named ones too), lists and dicts to ``device``."""
    import torch

    if isinstance(value, torch.Tensor):
        return value if value.device == device else value.to(device)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(to_device(v, device) for v in value))
    if isinstance(value, (list, tuple)):
        return type(value)(to_device(v, device) for v in value)
    if isinstance(value, dict):
        return {k: to_device(v, device) for k, v in value.items()}
    return value


def model_device(model: Any) -> Any:
    """The device of the model's first parameter or buffer (CPU for a stateless model)."""
    import torch

    for tensor in model.parameters():
        return tensor.device
    for tensor in model.buffers():
        return tensor.device
    return torch.device("cpu")
