"""``.gitignore`` matching for directory scans, the way git (and ruff) read it.

A directory walk keeps a stack of ignore files: those of the enclosing git repository above
the scanned directory (up to the repository root, plus ``.git/info/exclude``), then each
``.gitignore`` met on the way down.  A path is tested against every file on the stack, the
outermost first and each file's lines in order; the last pattern that matches decides
(``!pattern`` re-includes).  Patterns follow gitignore(5):

- ``#`` starts a comment, ``\\#`` and ``\\!`` are literal, trailing spaces are dropped unless
  escaped;
- a pattern with a ``/`` at the start or in the middle is relative to the ignore file's
  directory; without one it matches a name at any depth;
- a trailing ``/`` matches directories only;
- ``*`` and ``?`` and ``[a-z]`` never cross a ``/``; ``**/`` at the start, ``/**/`` in the
  middle and ``/**`` at the end span directories.

A file below an ignored directory cannot be re-included: the walk never enters the
directory, exactly as git never looks inside it.  Outside a git repository the
``.gitignore`` files inside the scanned tree still count, so that an exported source tarball
lints like its checkout (ruff asks for a ``.git``, after users asked for this in
astral-sh/ruff#5930; it reverted the change because it also applied the user's global
excludes file, which is not read here).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool
    anchored: bool  # matched against the path relative to the base, else the name

    def matches(self, rel: str, name: str, is_dir: bool) -> bool:
        if self.dir_only and not is_dir:
            return False
        return self.regex.fullmatch(rel if self.anchored else name) is not None


def parse_line(line: str) -> Pattern | None:
    """One gitignore line as a :class:`Pattern`; None for blanks and comments."""
    line = line.rstrip("\n").rstrip("\r")
    if not line or line.startswith("#"):
        return None
    line = _strip_trailing_spaces(line)
    negate = line.startswith("!")
    if negate:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    if dir_only:
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    if line.startswith("/"):
        line = line[1:]
    return Pattern(re.compile(_translate(line)), negate, dir_only, anchored)


def _strip_trailing_spaces(line: str) -> str:
    end = len(line)
    while end > 0 and line[end - 1] == " ":
        # a space preceded by an odd run of backslashes is escaped, and stays
        slashes = 0
        while end - 2 - slashes >= 0 and line[end - 2 - slashes] == "\\":
            slashes += 1
        if slashes % 2:
            break
        end -= 1
    return line[:end]


def _translate(pat: str) -> str:
    """A gitignore glob (already stripped of ``!``, leading and trailing ``/``) as a regex."""
    out: list[str] = []
    i, n = 0, len(pat)
    while i < n:
        c = pat[i]
        at_segment_start = i == 0 or pat[i - 1] == "/"
        if c == "*" and pat.startswith("**", i) and at_segment_start and (
                i + 2 == n or pat[i + 2] == "/"):
            if i + 2 == n:
                out.append(".*")  # trailing /**: everything inside (or anything at all)
                i += 2
            else:
                out.append("(?:.*/)?")  # **/: zero or more directories
                i += 3
        elif c == "*":
            while i < n and pat[i] == "*":
                i += 1  # a ** that is not a whole segment is a plain *
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            cls, i = _bracket(pat, i)
            out.append(cls)
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(pat[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def _bracket(pat: str, i: int) -> tuple[str, int]:
    """A ``[...]`` class starting at ``pat[i]``: (regex, index after it); a lone ``[`` is
    literal."""
    j = i + 1
    negate = j < len(pat) and pat[j] in "!^"
    if negate:
        j += 1
    start = j
    if j < len(pat) and pat[j] == "]":
        j += 1  # a ] first in the class is a member
    while j < len(pat) and pat[j] != "]":
        j += 2 if pat[j] == "\\" else 1
    if j >= len(pat):
        return re.escape("["), i + 1
    body = pat[start:j]
    members = []
    k = 0
    while k < len(body):
        ch = body[k]
        if ch == "\\" and k + 1 < len(body):
            members.append(re.escape(body[k + 1]))
            k += 2
        elif ch == "-" and members and k + 1 < len(body):
            members.append("-")  # a range between two members
            k += 1
        else:
            members.append(re.escape(ch))
            k += 1
    inner = "".join(members)
    # brackets never match the separator
    return (f"(?!/)[^{inner}]" if negate else f"(?!/)[{inner}]"), j + 1


@dataclass(frozen=True)
class IgnoreFile:
    base: str  # absolute directory the patterns are relative to
    patterns: tuple[Pattern, ...]


def read_ignore_file(path: str, base: str) -> IgnoreFile | None:
    """The patterns of one ignore file; None when it is missing, unreadable or empty."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    patterns = tuple(p for p in map(parse_line, lines) if p is not None)
    return IgnoreFile(os.path.abspath(base), patterns) if patterns else None


Stack = tuple[IgnoreFile, ...]


def is_ignored(stack: Stack, path: str, is_dir: bool) -> bool:
    """Whether ``path`` (absolute) is ignored by the files on ``stack`` (outermost first)."""
    result = False
    name = os.path.basename(path)
    for ignore_file in stack:
        base = ignore_file.base.rstrip(os.sep) + os.sep
        if not path.startswith(base):
            continue  # a file of a sibling directory (cannot happen on a walk) or of ``path``
        rel = path[len(base):]
        if os.sep != "/":
            rel = rel.replace(os.sep, "/")
        for pattern in ignore_file.patterns:
            if pattern.matches(rel, name, is_dir):
                result = not pattern.negate
    return result


def git_root(start: str) -> str | None:
    """The enclosing repository's top directory (the one holding ``.git``), if any."""
    here = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def initial_stack(root: str) -> Stack:
    """The ignore files that apply at ``root`` before its own ``.gitignore``: the enclosing
    repository's ``.git/info/exclude`` and the ``.gitignore`` files between it and ``root``."""
    root = os.path.abspath(root)
    top = git_root(root)
    if top is None:
        return ()
    stack: list[IgnoreFile] = []
    exclude = read_ignore_file(os.path.join(top, ".git", "info", "exclude"), top)
    if exclude is not None:
        stack.append(exclude)
    chain = []
    here = root
    while here != top:
        here = os.path.dirname(here)
        chain.append(here)
    for directory in reversed(chain):  # outermost first
        found = read_ignore_file(os.path.join(directory, ".gitignore"), directory)
        if found is not None:
            stack.append(found)
    return tuple(stack)


def push(stack: Stack, directory: str, filenames: list[str] | set[str]) -> Stack:
    """``stack`` plus ``directory``'s own ``.gitignore`` when it has one."""
    if ".gitignore" not in filenames:
        return stack
    found = read_ignore_file(os.path.join(directory, ".gitignore"), directory)
    return stack if found is None else (*stack, found)


__all__ = ["IgnoreFile", "Pattern", "Stack", "git_root", "initial_stack", "is_ignored",
           "parse_line", "push", "read_ignore_file"]
