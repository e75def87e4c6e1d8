"""Every module's own ``training`` flag, kept across a call that switches modes.

``model.train()``/``model.eval()`` set every submodule's flag from the root's, so a frozen
BatchNorm (``bn.eval()`` inside a training model) would start updating its statistics after a
call that traced both modes.  Every public entry point that switches modes wraps its work in
:func:`keep_modes`, which puts each module's flag back as it was, also when the call fails.
torch is not imported here: the caller hands over a model it already has.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


def modes_of(model: Any) -> dict[Any, bool]:
    """Each module (the root included) and its ``training`` flag."""
    return {m: m.training for m in model.modules()}


def restore_modes(saved: dict[Any, bool]) -> None:
    """Put back the flags :func:`modes_of` read (modules added since are left alone)."""
    for module, flag in saved.items():
        module.training = flag


@contextlib.contextmanager
def keep_modes(*models: Any) -> Iterator[None]:
    """Within the block any mode may be set; on exit, normal or not, every module of
    ``models`` (objects without ``modules()`` are ignored) has its own flag again."""
    saved: dict[Any, bool] = {}
    for model in models:
        if callable(getattr(model, "modules", None)):
            saved.update(modes_of(model))
    try:
        yield
    finally:
        restore_modes(saved)


__all__ = ["keep_modes", "modes_of", "restore_modes"]
