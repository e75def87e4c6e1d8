"""Remember where each module was constructed (the user's `nn.Dropout(...)` line).

While a model is built inside :func:`recording`, ``nn.Module.__init__`` notes the innermost
caller frame that is neither torch nor the module's own ``__init__`` chain.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import re
import sys
import weakref
from collections.abc import Iterator
from typing import Any

from .frames import is_library_path

_WHERE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def recording() -> Iterator[None]:
    import torch.nn as nn

    original = nn.Module.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        frame = sys._getframe(1)
        while frame is not None:
            code = frame.f_code
            is_own_init = code.co_name == "__init__" and frame.f_locals.get("self") is self
            if not is_own_init and not is_library_path(code.co_filename):
                try:
                    _WHERE[self] = (code.co_filename, frame.f_lineno)
                except TypeError:
                    pass
                return
            frame = frame.f_back

    nn.Module.__init__ = __init__  # type: ignore[method-assign]
    try:
        yield
    finally:
        nn.Module.__init__ = original  # type: ignore[method-assign]


def constructed_at(module: Any) -> tuple[str, int] | None:
    try:
        return _WHERE.get(module)
    except TypeError:
        return None


def construction_line(model: Any, qualname: str) -> tuple[str, int] | None:
    """Where the submodule ``qualname`` of ``model`` was built.

    Recorded while building when we built the model; otherwise (a model the user built)
    the line of ``self.<attr> = ...`` in the parent's class source, searched along its MRO.
    """
    try:
        module = model.get_submodule(qualname) if qualname else model
    except AttributeError:
        return None
    built = constructed_at(module)
    if built is not None or not qualname:
        return built
    parent_name, _, attr = qualname.rpartition(".")
    try:
        parent = model.get_submodule(parent_name) if parent_name else model
    except AttributeError:
        return None
    for cls in type(parent).__mro__:
        found = _assignment_in_class(cls, attr)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=2048)
def _assignment_in_class(cls: type, attr: str) -> tuple[str, int] | None:
    if attr.isdigit() or cls.__module__.startswith("torch."):
        return None  # Sequential/ModuleList children have no assignment of their own
    try:
        lines, start = inspect.getsourcelines(cls)
        path = inspect.getsourcefile(cls)
    except (OSError, TypeError):
        return None
    pattern = re.compile(rf"\bself\.{re.escape(attr)}\s*(:[^=]*)?=(?!=)")
    for offset, text in enumerate(lines):
        if pattern.search(text):
            return (path, start + offset) if path else None
    return None
