"""Where the watcher says a call happened: the user's frame and the user frames above it.

"User" means outside torch, dropsurgeon, the standard library and installed packages; when
a call has no such frame (a framework's own loop), the innermost frame outside torch and
dropsurgeon stands in, so a finding never points into torch.  Locations are computed once
per distinct (code object, line) and cached, so a training loop pays a short frame walk per
top-level forward, not a full stack walk.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from dataclasses import dataclass
from types import FrameType

from ..capture.frames import display_path, library_roots
from ..findings import TraceStep

_MAX_TRACE = 6  # user frames kept per location (innermost ones)
_MAX_CACHE = 4096  # distinct call locations remembered


@dataclass(frozen=True)
class Location:
    """A call location: where to report, and the user frames that led there (outermost
    first, the reported frame last)."""

    path: str | None
    line: int | None
    function: str
    frames: tuple[tuple[str | None, int | None, str], ...] = ()

    @property
    def key(self) -> tuple[str | None, int | None]:
        return (self.path, self.line)

    def trace(self, message: str) -> list[TraceStep]:
        """The calls above this location, then ``message`` at the location itself."""
        steps = [TraceStep(p, ln, f"called from `{fn}`") for p, ln, fn in self.frames[:-1]]
        steps.append(TraceStep(self.path, self.line, message))
        return steps


UNKNOWN = Location(None, None, "<unknown>")


def _third_party_roots() -> tuple[str, ...]:
    roots = set()
    for name in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(name)
        if path:
            roots.update({os.path.abspath(path) + os.sep, os.path.realpath(path) + os.sep})
    for path in sys.path:  # a venv's site-packages, also when sysconfig names another one
        if path.endswith(("site-packages", "dist-packages")):
            roots.update({os.path.abspath(path) + os.sep, os.path.realpath(path) + os.sep})
    return tuple(sorted(roots))


class Locator:
    """Finds and caches call locations.  One per watcher."""

    def __init__(self) -> None:
        self.library = library_roots()
        self.third_party = _third_party_roots()
        self._cache: dict[tuple, Location] = {}
        self._kind: dict[str, int] = {}

    def kind(self, filename: str) -> int:
        """0: torch/dropsurgeon (never reported), 1: stdlib or installed package, 2: user."""
        k = self._kind.get(filename)
        if k is None:
            if filename.startswith(self.library) or filename.startswith("<frozen"):
                k = 0
            elif filename.startswith(self.third_party) or filename.startswith("<"):
                k = 1
            else:
                k = 2
            if len(self._kind) < _MAX_CACHE:
                self._kind[filename] = k
        return k

    def direct_caller(self, frame: FrameType | None) -> str:
        """The file of the first frame outside ``torch/nn/modules`` (who called the module)."""
        while frame is not None:
            name = frame.f_code.co_filename
            if not (self.kind(name) == 0 and f"{os.sep}nn{os.sep}modules{os.sep}" in name):
                return name
            frame = frame.f_back
        return ""

    def locate(self, frame: FrameType | None) -> Location:
        """The location of the innermost user frame at or above ``frame``."""
        first_outside = None
        f = frame
        while f is not None:
            k = self.kind(f.f_code.co_filename)
            if k == 2:
                break
            if k == 1 and first_outside is None:
                first_outside = f
            f = f.f_back
        target = f if f is not None else first_outside
        if target is None:
            return UNKNOWN
        key = (target.f_code, target.f_lineno)
        loc = self._cache.get(key)
        if loc is None:
            loc = self._build(target)
            if len(self._cache) < _MAX_CACHE:
                self._cache[key] = loc
        return loc

    def _build(self, target: FrameType) -> Location:
        frames = []
        f: FrameType | None = target
        while f is not None and len(frames) < _MAX_TRACE:
            if "runpy" in f.f_code.co_filename:
                break  # above it: the launcher (dropsurgeon run), not the user's program
            if self.kind(f.f_code.co_filename) == 2 or f is target:
                frames.append((display_path(f.f_code.co_filename), f.f_lineno,
                               f.f_code.co_name))
            f = f.f_back
        frames.reverse()
        path, line, fn = frames[-1]
        return Location(path, line, fn, tuple(frames))
