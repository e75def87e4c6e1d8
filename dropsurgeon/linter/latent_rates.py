"""DS101/DS102 whose dropout never drops as its own file builds the model: latent, info.

``DenseNet(drop_rate=0.0)`` hands its rate down to ``_DenseLayer``, whose
``F.dropout(x, self.drop_rate, training=True)`` ignores the mode.  When no code of the file
builds ``DenseNet`` (nor names it otherwise), its default decides, and at that default the
dropout never runs: the bug is real only for code elsewhere that builds the model with a
rate.  The file's finding is reported as info, saying so (:func:`mark`); the repository-wide
phase (:func:`restore`) gives it back its rule's severity when another linted file names the
class outside an import (a construction, a registry, a config string): whether that code
passes a rate is out of sight, so the finding stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..findings import Finding, Severity
from .encoding import searched_texts

LATENT_CODES = ("DS101", "DS102")
_MARK = " (info: latent; at the constructor defaults of "


def mark(f: Finding, classes: Sequence[str]) -> Finding:
    """``f`` as info, naming the classes whose defaults leave the dropout off."""
    names = ", ".join(f"`{c}`" for c in classes)
    them = "it" if len(classes) == 1 else "them"
    f.severity = Severity.INFO
    f.message += (f"{_MARK}{names}, which no code of this file builds, its rate is 0: it "
                  f"drops at eval only for code that builds {them} with a rate)")
    return f


def is_latent(f: Finding) -> bool:
    return _MARK in f.message


def exported(findings: Iterable[Finding]) -> list[list[Any]]:
    """The file's latent findings for the repository-wide phase: [code, line, column,
    classes]."""
    out = []
    for f in findings:
        site = f.extra.get("site")
        classes = site.extra.get("latent_default") if site is not None else None
        if classes and is_latent(f) and not f.suppressed:
            out.append([f.code, f.line, f.column, list(classes)])
    return out


def restore(findings: list[Finding], latent: dict[str, list[list[Any]]],
            files: Sequence[str], cfg: Any) -> None:
    """Back to its rule's severity (or the config's): each latent finding whose classes
    another linted file names outside an import line."""
    from ..rules import BY_CODE
    from .config import filter_findings

    wanted = {c for entries in latent.values() for *_, classes in entries for c in classes}
    named = _named_in(wanted, files)
    back = {(path, code, line, column) for path, entries in latent.items()
            for code, line, column, classes in entries
            if any(named.get(c, set()) - {path} for c in classes)}
    for f in findings:
        if (f.path, f.code, f.line, f.column) in back and is_latent(f):
            f.message = f.message[:f.message.index(_MARK)]
            f.severity = BY_CODE[f.code].severity
            filter_findings([f], cfg)


def _named_in(classes: set[str], files: Sequence[str]) -> dict[str, set[str]]:
    """For each class name, the files whose text names it on a line that is no import or
    comment (read only when some file has a latent finding)."""
    if not classes:
        return {}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(classes))) + r")\b")
    out: dict[str, set[str]] = {}
    for path, text in searched_texts(files):
        if not pattern.search(text):
            continue
        in_import = False  # inside `from x import (` ... `)`
        in_prose = ""  # inside a triple-quoted string (a docstring): its delimiter
        for line in text.splitlines():
            stripped = line.lstrip()
            if in_prose:
                if line.count(in_prose) % 2:
                    in_prose = ""
                continue
            if in_import:
                in_import = ")" not in line
                continue
            if stripped.startswith(("from ", "import ")):
                in_import = "(" in line and ")" not in line
                continue
            if stripped.startswith("#"):
                continue
            for m in pattern.finditer(line):
                if not _prose(line, m.start(), m.end()):
                    out.setdefault(m.group(1), set()).add(path)
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2:
                    in_prose = quotes
                    break
    return out


def _prose(line: str, start: int, end: int) -> bool:
    """Is the name at ``line[start:end]`` words inside a string (a help text: "heads for
    GAT(default: 2)"), not code nor a string that is the name alone (a registry key:
    ``"GAT"``)?"""
    before = line[:start]
    inside = before.count('"') % 2 == 1 or before.count("'") % 2 == 1
    alone = start > 0 and line[start - 1] in "\"'" and line[end:end + 1] == line[start - 1]
    return inside and not alone


__all__ = ["LATENT_CODES", "exported", "is_latent", "mark", "restore"]
