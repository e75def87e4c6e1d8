"""Paths as every renderer shows them: relative to the current directory where possible.

A file under the working directory is shown by its relative path (with ``/``), whether the
lint was given ``src/`` or ``/abs/checkout/src/``; a file elsewhere keeps its absolute path.
Model specs (``models/net.py:Net``) get the same treatment for their file part, so
model-level findings read like file-level ones.
"""

from __future__ import annotations

import os


def relative(path: str | None) -> str | None:
    if not path:
        return path
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return path
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return path
        return rel.replace(os.sep, "/")
    return os.path.normpath(path).replace(os.sep, "/")


def relative_spec(spec: str | None) -> str | None:
    """``/cwd/models/net.py:Net`` -> ``models/net.py:Net``; a module spec is left alone."""
    if not spec:
        return spec
    head, sep, tail = spec.rpartition(".py:")
    if sep:
        return f"{relative(head + '.py')}:{tail}"
    if spec.endswith(".py"):
        return relative(spec)
    return spec


__all__ = ["relative", "relative_spec"]
