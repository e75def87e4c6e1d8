"""docs/architecture.md names every module of the package, one line each, and nothing else
(issue 18, item 18): a module added without a line, or a line left for a removed module,
fails here."""

from __future__ import annotations

import re

from conftest import ROOT

DOC = ROOT / "docs" / "architecture.md"
LINE = re.compile(r"^- `(dropsurgeon/[\w/]+\.py)`: \S")


def _listed() -> list[str]:
    return [m.group(1) for line in DOC.read_text(encoding="utf-8").splitlines()
            if (m := LINE.match(line))]


def test_every_module_has_one_line():
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "dropsurgeon").rglob("*.py")
                     if "__pycache__" not in p.parts)
    listed = _listed()
    assert not sorted(set(modules) - set(listed)), "modules without a line in architecture.md"
    assert not sorted(set(listed) - set(modules)), "lines for modules that do not exist"
    assert len(listed) == len(set(listed)), "a module listed twice"


def test_module_lines_are_one_line_each():
    lines = DOC.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if LINE.match(line) and i + 1 < len(lines):
            nxt = lines[i + 1]
            assert not nxt.startswith("  ") or not nxt.strip(), f"{line[:60]}... wraps"
