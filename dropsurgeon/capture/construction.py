"""Remember where each module was constructed (the user's `nn.Dropout(...)` line).

While a model is built inside :func:`recording`, ``nn.Module.__init__`` notes the innermost
caller frame that is neither torch nor the module's own ``__init__`` chain.
"""

from __future__ import annotations

import contextlib
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
