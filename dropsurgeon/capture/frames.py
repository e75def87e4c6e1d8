"""Which stack frame is "the user's line": the innermost one outside torch and dropsurgeon."""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

_FRAME_RE = re.compile(r'File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)')


@lru_cache(maxsize=1)
def library_roots() -> tuple[str, ...]:
    """The folders of torch and dropsurgeon, as written in ``co_filename`` and resolved.

    Hot paths (per-call frame walks) compare a frame's file name with these prefixes as is,
    so both spellings of a symlinked install are listed.
    """
    import torch

    roots = [os.path.dirname(os.path.abspath(torch.__file__)),
             os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    spellings = [form + os.sep for r in roots for form in (r, os.path.realpath(r))]
    return tuple(dict.fromkeys(spellings))


@lru_cache(maxsize=4096)
def is_library_path(path: str) -> bool:
    """True for frames inside torch or dropsurgeon (never the user's line)."""
    if path.startswith("<frozen") or path.startswith("<string>"):
        return True
    real = os.path.realpath(path) if os.path.isabs(path) else path
    return real.startswith(library_roots())


def user_frame(stack_trace: str | None) -> tuple[str, int, str] | None:
    """(path, line, function) of the innermost user frame in an fx/export stack trace."""
    if not stack_trace:
        return None
    frames = [
        (m["path"], int(m["line"]), m["func"]) for m in _FRAME_RE.finditer(stack_trace)
    ]
    for path, line, func in reversed(frames):
        if not is_library_path(path):
            return path, line, func
    return None


def live_user_frame() -> tuple[str, int, str] | None:
    """(path, line, function) of the innermost user frame of the running stack."""
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if not is_library_path(code.co_filename):
            return code.co_filename, frame.f_lineno, code.co_name
        frame = frame.f_back
    return None


def display_path(path: str | None) -> str | None:
    """Relative to the working directory when below it, else as given."""
    if path is None or path.startswith("<"):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
