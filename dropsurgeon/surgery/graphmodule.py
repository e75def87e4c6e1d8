"""A GraphModule that keeps everything the module it replaced had.

``torch.fx.GraphModule`` keeps only what its graph uses: a child the forward never calls, a
``ModuleList`` (rebuilt as a bare ``Module``), a plain attribute read by outside code, all
vanish -- at construction, at ``copy.deepcopy`` and at pickling.  A rewritten module must
keep its state_dict keys and attributes, so :class:`RewrittenModule` carries them through
all three.
"""

from __future__ import annotations

import copy
from typing import Any

import torch.fx
import torch.nn as nn


def _extras(module: nn.Module) -> dict[str, Any]:
    return {
        "_modules": dict(module._modules),
        "_parameters": dict(module._parameters),
        "_buffers": dict(module._buffers),
        "_non_persistent_buffers_set": set(module._non_persistent_buffers_set),
        "attrs": {k: v for k, v in module.__dict__.items()
                  if (not k.startswith("_") or k == "_ds_replaced")
                  and k not in ("training", "meta", "graph")},
        "hooks": {k: v for k, v in module.__dict__.items()
                  if k.endswith("hooks") and isinstance(v, dict) and v},
        "training": module.training,
    }


def carry_over(gm: nn.Module, extras: dict[str, Any]) -> None:
    """Put back children, parameters, buffers, plain attributes and hooks."""
    gm._modules.update(extras["_modules"])
    gm._parameters.update(extras["_parameters"])
    gm._buffers.update(extras["_buffers"])
    gm._non_persistent_buffers_set |= extras["_non_persistent_buffers_set"]
    for key, value in extras["attrs"].items():
        if key not in gm.__dict__ or key == "_ds_replaced":
            gm.__dict__[key] = value
    for key, value in extras["hooks"].items():
        gm.__dict__[key] = value
    gm.train(extras["training"])


class RewrittenModule(torch.fx.GraphModule):
    """The own forward of a module, rewritten by surgery, with the module's full state."""

    def __deepcopy__(self, memo: dict[int, Any]) -> RewrittenModule:
        res = super().__deepcopy__(memo)
        carry_over(res, copy.deepcopy(_extras(self), memo))
        return res

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (super().__reduce__(), type(self).__name__, _extras(self)))


def make(root: nn.Module, graph: Any) -> RewrittenModule:
    gm = RewrittenModule(root, graph, class_name=type(root).__name__)
    carry_over(gm, _extras(root))
    # The original's own attributes must not hide the graph's (e.g. a "code" attribute).
    return gm


def _rebuild(reduced: tuple, class_name: str, extras: dict[str, Any]) -> RewrittenModule:
    fn, args = reduced[0], reduced[1]
    plain = fn(*args)
    gm = RewrittenModule(plain, plain.graph, class_name=class_name)
    carry_over(gm, extras)
    return gm
