"""Wrap a module without renaming its state_dict keys.

``nn.Sequential(fc, nn.Dropout())`` in place of ``fc`` renames ``fc.weight`` to
``fc.0.weight``, so every existing checkpoint stops loading.  A :class:`KeyPreservingWrapper`
keeps the wrapped module under ``wrapped`` but rewrites its keys on the way out
(``state_dict``) and back in (``load_state_dict``), so ``fc.weight`` stays ``fc.weight`` and an
old checkpoint loads with ``strict=True``.  Keys of the wrapper's own extra children (e.g. a
concrete dropout's ``p_logit``) appear under their own names (``fc.dropout.p_logit``).

Module names seen by ``named_modules()`` do contain ``.wrapped``; :func:`logical_name` removes
it, and the selectors of :mod:`dropsurgeon.surgery.select` match logical names.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import torch.nn as nn

WRAPPED = "wrapped"


def logical_name(name: str) -> str:
    """``block.fc.wrapped`` -> ``block.fc``: the name the module had before any wrapping."""
    parts = [p for p in name.split(".") if p != WRAPPED] if name else []
    return ".".join(parts)


class KeyPreservingWrapper(nn.Module):
    """Base of every wrapper surgery adds: ``self.wrapped`` is the original module."""

    def __init__(self, module: nn.Module) -> None:
        super().__init__()
        self.wrapped = module
        self._register_state_dict_hook(_strip_wrapped)
        self._register_load_state_dict_pre_hook(_add_wrapped, with_module=True)

    def own_children(self) -> set[str]:
        return {name for name in self._modules if name != WRAPPED}

    def __getattr__(self, name: str) -> Any:
        # Code outside may read the wrapped module's attributes (``self.fc.out_features``).
        try:
            return super().__getattr__(name)
        except AttributeError:
            modules = self.__dict__.get("_modules", {})
            if WRAPPED in modules and name != WRAPPED:
                return getattr(modules[WRAPPED], name)
            raise


def _strip_wrapped(module: KeyPreservingWrapper, destination: Any, prefix: str,
                   local_metadata: Any) -> Any:
    inner = prefix + WRAPPED + "."
    if not any(k.startswith(inner) for k in destination):
        return destination
    # The destination is shared by the whole model: rebuild it in order, renaming ours.
    items = [(prefix + k[len(inner):] if k.startswith(inner) else k, v)
             for k, v in destination.items()]
    metadata = getattr(destination, "_metadata", None)
    destination.clear()
    destination.update(OrderedDict(items))
    if metadata is not None:
        renamed = OrderedDict()
        for k, v in metadata.items():
            key = prefix + k[len(inner):] if (k + ".").startswith(inner) else k
            renamed.setdefault(key, v)
        destination._metadata = renamed
    return destination


def _add_wrapped(module: KeyPreservingWrapper, state_dict: dict, prefix: str, *args: Any) -> None:
    own = tuple(prefix + name + "." for name in module.own_children())
    inner = prefix + WRAPPED + "."
    for key in list(state_dict):
        if key.startswith(prefix) and not key.startswith(inner) and not key.startswith(own):
            state_dict[inner + key[len(prefix):]] = state_dict.pop(key)


class InsertedDropout(KeyPreservingWrapper):
    """Run ``dropout`` after (or before, on the first input) the wrapped module."""

    def __init__(self, module: nn.Module, dropout: nn.Module, position: str = "after") -> None:
        if position not in ("after", "before"):
            raise ValueError(f"position must be 'after' or 'before', not {position!r}")
        super().__init__(module)
        # Nested wrappers and the wrapped module share one key namespace: pick a free name.
        taken = _child_names(module)
        self.drop_name = next(
            n for n in ("dropout", *(f"dropout{i}" for i in range(1, 1000))) if n not in taken
        )
        self.add_module(self.drop_name, dropout)
        self.position = position

    def inserted(self) -> nn.Module:
        """The dropout module this wrapper runs (its child ``self.drop_name``)."""
        return self._modules[self.drop_name]

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        drop = self._modules[self.drop_name]
        if self.position == "before":
            if args:
                args = (drop(args[0]), *args[1:])
            return self.wrapped(*args, **kwargs)
        out = self.wrapped(*args, **kwargs)
        if isinstance(out, tuple) and out:
            # Modules returning (hidden, extras...) (attention, RNN): drop the hidden part.
            return (drop(out[0]), *out[1:])
        return drop(out)

    def extra_repr(self) -> str:
        return f"position={self.position}"


def _child_names(module: nn.Module) -> set[str]:
    names: set[str] = set()
    while True:
        names.update(module._modules)
        if not isinstance(module, KeyPreservingWrapper):
            return names
        module = module.wrapped


def unwrap(module: nn.Module) -> nn.Module:
    while isinstance(module, KeyPreservingWrapper):
        module = module.wrapped
    return module
