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
    """Run ``dropout`` after (or before, on the first input) the wrapped module.

    The forward has no control flow on its arguments, so torch.fx traces through it; around a
    module whose forward takes exactly one input (``Linear``, ``Conv2d``, most blocks) the
    instance is a :class:`SingleInputDropout`, whose ``forward(input)`` fx also traces when
    the wrapper is the root (a varargs root forward cannot be traced).
    """

    def __new__(cls, module: nn.Module | None = None, *args: Any, **kwargs: Any) -> Any:
        # copy/pickle call __new__ without arguments: keep the class they ask for.
        if cls is InsertedDropout and module is not None and _single_input(module):
            cls = SingleInputDropout
        return super().__new__(cls)

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

    def forward(self, input: Any, *args: Any, **kwargs: Any) -> Any:
        drop = self._modules[self.drop_name]
        if self.position == "before":
            return self.wrapped(drop(input), *args, **kwargs)
        return _drop_output(drop, self.wrapped(input, *args, **kwargs))

    def extra_repr(self) -> str:
        return f"position={self.position}"


class SingleInputDropout(InsertedDropout):
    """:class:`InsertedDropout` around a module whose forward takes one input."""

    def forward(self, input: Any) -> Any:
        drop = self._modules[self.drop_name]
        if self.position == "before":
            return self.wrapped(drop(input))
        return _drop_output(drop, self.wrapped(input))


def _drop_output(drop: nn.Module, out: Any) -> Any:
    if isinstance(out, tuple) and len(out) > 0:
        # Modules returning (hidden, extras...) (attention, RNN): drop the hidden part.
        return (drop(out[0]), *out[1:])
    return drop(out)


def _single_input(module: nn.Module) -> bool:
    """Whether ``module.forward`` takes exactly one argument, with no optional ones."""
    import inspect

    try:
        params = list(inspect.signature(module.forward).parameters.values())
    except (TypeError, ValueError):
        return False
    return len(params) == 1 and params[0].kind in (
        inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD
    ) and params[0].default is inspect.Parameter.empty


def _child_names(module: nn.Module) -> set[str]:
    names: set[str] = set()
    while True:
        names.update(module._modules)
        # Attributes too: the wrapper forwards reads to them (MHA's float ``dropout``).
        names.update(k for k in vars(module) if not k.startswith("_"))
        if not isinstance(module, KeyPreservingWrapper):
            return names
        module = module.wrapped


def unwrap(module: nn.Module) -> nn.Module:
    while isinstance(module, KeyPreservingWrapper):
        module = module.wrapped
    return module
