"""What the join needs to tell a dead evaluation helper from a used one, per file: the names
the file imports, the module-level functions with a whole-function DS401 that only another
file can call, and the DS401s in methods of classes the file never builds or names again
(both ``lonely``), and the imported functions a module's ``forward`` calls (a step
of that model's computation, in whatever mode the module is in).  ``ast`` and text only."""

from __future__ import annotations

import ast
import bisect
import re
import sys
from typing import Any

from ...capture import text_scan
from ...findings import Finding

# the model a name rule's fix names ("Call `model.eval()` before ...")
_FIX_MODEL = re.compile(r"Call `(\w+)[\w.]*\.eval\(\)`")


def with_imports(export: dict[str, Any], ctx: Any, findings: list[Finding],
                 text: str) -> dict[str, Any]:
    """``export`` with the file's ``imports`` (outside the standard library), ``lonely``
    helpers, ``shadows`` (names a star import cannot reach here) and ``in_forward``."""
    names = getattr(ctx, "names", None)
    if names is None:
        return export
    imports = sorted({t for t in names.aliases.values()
                      if t.split(".", 1)[0] not in sys.stdlib_module_names}
                     | {m + ".*" for m in names.star_modules})
    lonely = []
    defs = export.get("defs", {})
    starts = {d["start"]: n for n, d in defs.items()}
    for f in findings:
        name = starts.get(f.line) if f.code == "DS401" and not f.suppressed else None
        # only a model the helper is handed (its fix names it); one it builds or loads
        # itself is in a mode the file shows
        handed = _FIX_MODEL.match(f.fix or "") if name is not None else None
        if handed is None or handed.group(1) not in defs[name].get("params", ()):
            continue
        if len(re.findall(rf"\b{re.escape(name)}\b", text)) == 1:
            lonely.append([name, f.line])
    lonely += _in_unbuilt_classes(findings, getattr(ctx, "tree", None), text)
    if not imports and not lonely:
        return export
    # a star import reaches only names the importer does not define itself
    shadows = sorted(names.local_defs) if names.star_modules else []
    in_forward = imported_calls_in_forwards(ctx, names.aliases)
    return {**export, "imports": imports, **({"lonely": lonely} if lonely else {}),
            **({"shadows": shadows} if shadows else {}),
            **({"in_forward": in_forward} if in_forward else {})}


def _in_unbuilt_classes(findings: list[Finding], tree: ast.Module | None, text: str
                        ) -> list[list[Any]]:
    """[class, line, "class"] for each DS401 in a method of a module-level class that its
    own file never names again (no construction, no reference: only ``class X`` and its own
    ``super(X, self)``): whether anything builds it, and calls that method, is out of sight
    unless another file imports it.  Not so for a class that builds the model and trains it
    in its own methods (an estimator's ``fit``, then ``predict``): whoever builds it, its
    predictions follow its own training."""
    if tree is None:
        return []
    out: list[list[Any]] = []
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    for f in findings:
        if f.code != "DS401" or f.suppressed or f.line is None:
            continue
        cls = next((c for c in classes
                    if c.lineno <= f.line <= (c.end_lineno or c.lineno)), None)
        if cls is None:
            continue
        word = re.escape(cls.name)
        named = len(re.findall(rf"\b{word}\b", text))
        own = len(re.findall(rf"\bsuper\(\s*{word}\b", text))
        if named - own == 1 and not _trains_what_it_builds(cls, f, text):
            out.append([cls.name, f.line, "class"])
    return out


def _trains_what_it_builds(cls: ast.ClassDef, f: Finding, text: str) -> bool:
    """Is the finding's model created in a method of ``cls`` (its trace's first step) and
    trained there (the class's lines call ``.backward(`` and an optimizer's ``.step(``)?"""
    first = f.trace[0] if f.trace else None
    end = cls.end_lineno or cls.lineno
    if first is None or first.path != f.path or not (cls.lineno <= (first.line or 0) <= end):
        return False
    starts = text_scan.line_starts(text)
    body = text[starts[cls.lineno - 1]:starts[end] if end < len(starts) else len(text)]
    return ".backward(" in body and ".step(" in body


def imported_calls_in_forwards(ctx: Any, aliases: dict[str, str]) -> list[str]:
    """The imported functions (qualified as imported) a class's ``forward`` calls.  Read
    off the file's call index, not the tree: walking every ``forward`` cost several percent
    of a whole-package lint, while most imported names are never called in a file at all."""
    tree = getattr(ctx, "tree", None)
    text = getattr(ctx, "text", "")
    if tree is None or "def forward" not in text:
        return []
    called = [n for n in text_scan.calls_by_name(text) if n in aliases]
    if not called:
        return []
    starts = text_scan.line_starts(text)
    out = set()
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for fn in cls.body:
            if isinstance(fn, ast.FunctionDef) and fn.name == "forward":
                last = fn.end_lineno or fn.lineno
                span = (starts[fn.lineno - 1], starts[last] if last < len(starts) else len(text))
                out.update(aliases[n] for n in called if calls_bare(text, n, *span))
    return sorted(out)


def calls_bare(text: str, name: str, start: int = 0, end: int | None = None) -> bool:
    """Does ``text[start:end]`` call ``name(`` as a bare name (not ``x.name(``, not
    ``foo_name(``), outside a comment?  A name in a string counts: it can only withdraw a
    finding."""
    found = text_scan.calls_by_name(text).get(name, [])
    end = len(text) if end is None else end
    for at in found[bisect.bisect_left(found, start):bisect.bisect_left(found, end)]:
        if "#" not in text[text.rfind("\n", 0, at) + 1:at]:
            return True
    return False
