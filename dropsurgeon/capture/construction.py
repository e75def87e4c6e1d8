"""Remember where each module was constructed (the user's `nn.Dropout(...)` line).

While a model is built inside :func:`recording`, ``nn.Module.__init__`` notes the innermost
caller frame that is neither torch nor the module's own ``__init__`` chain.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import inspect
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
    the ``self.<attr> = ...`` assignment in the parent's class source, searched along its
    MRO.  Containers defined by torch (``nn.Sequential``, ``nn.ModuleList``) are looked
    through: the nearest user class's assignment of the container is searched for a call
    to the submodule's class.
    """
    try:
        module = model.get_submodule(qualname) if qualname else model
    except AttributeError:
        return None
    built = constructed_at(module)
    if built is not None or not qualname:
        return built
    parts = qualname.split(".")
    target = type(module).__name__
    for depth in range(len(parts) - 1, -1, -1):
        try:
            parent = model.get_submodule(".".join(parts[:depth]))
        except AttributeError:
            return None
        call_name = target if depth < len(parts) - 1 else None
        for cls in type(parent).__mro__:
            if cls.__module__.startswith("torch.") or cls is object:
                continue
            found = _assignment_in_class(cls, parts[depth], call_name)
            if found is not None:
                return found
        if not type(parent).__module__.startswith("torch."):
            return None
    return None


@functools.lru_cache(maxsize=4096)
def _assignment_in_class(cls: type, attr: str, call_name: str | None) -> tuple[str, int] | None:
    found = _class_tree(cls)
    if found is None:
        return None
    path, node = found
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign):
            targets = sub.targets
        elif isinstance(sub, ast.AnnAssign):
            targets = [sub.target]
        else:
            continue
        for t in targets:
            if (isinstance(t, ast.Attribute) and t.attr == attr
                    and isinstance(t.value, ast.Name) and t.value.id == "self"):
                if call_name and sub.value is not None:
                    for c in ast.walk(sub.value):
                        if isinstance(c, ast.Call) and ast.unparse(c.func).endswith(call_name):
                            return path, c.lineno
                return path, sub.lineno
    return None


@functools.lru_cache(maxsize=512)
def _class_tree(cls: type) -> tuple[str, ast.ClassDef] | None:
    # One parse per file, one search per class: not per attribute.
    try:
        path = inspect.getsourcefile(cls)
    except (OSError, TypeError):
        return None
    tree = parse_cached(path) if path else None
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            return path, node
    return None


@functools.lru_cache(maxsize=256)
def parse_cached(path: str) -> ast.Module | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return ast.parse(fh.read(), path)
    except (OSError, SyntaxError, ValueError):
        return None
