"""Per-file facts for the whole-repository join: helpers with dropout, and imported calls.

A module-level helper that calls functional dropout with no training flag is a bug only if
a model's forward reaches it.  Inside one file the scan follows that itself
(:mod:`.source_reach`); when the forward lives in another file of the repository, each file
contributes plain, cacheable facts and a cheap join (``linter.source_rules.join_facts``)
connects them (the Infer/Pysa shape: per-procedure facts, then a global join):

- ``helpers``: dropout calls in top-level functions no model method of the file reaches,
  with every top-level function of the file that leads to each (the in-file call chain);
- ``imports``: ``from X import name [as alias]`` bindings;
- ``model_calls``: calls of imported names made in a model's methods.

Everything is JSON-able (lists, dicts, strings, ints), so the cache can keep it with the
file.  Nothing here imports torch or runs user code.
"""

from __future__ import annotations

import ast
from typing import Any

from ..sites import DROP_PATH, FUNCTIONAL
from .source_reach import MAX_DEPTH, Reach

FACTS_VERSION = 1


def file_facts(ctx: Any) -> dict[str, Any]:
    """The join's facts for one scanned file (a ``SourceContext``)."""
    imports = _imports(ctx.tree)
    helpers = _unreached_helpers(ctx)
    if not imports and not helpers:
        return {"version": FACTS_VERSION}
    from .source import module_like

    model_class: dict[int, bool] = {}  # module_like per class (asked once per call site)

    def is_model_method(cls: ast.ClassDef, fn: ast.AST) -> bool:
        if fn.name == "__init__":  # type: ignore[attr-defined]
            return False  # runs once at construction, never at eval
        a = fn.args  # type: ignore[attr-defined]
        first = (a.posonlyargs or a.args or [None])[0]
        if first is None or first.arg != "self":
            return False
        known = model_class.get(id(cls))
        if known is None:
            known = model_class[id(cls)] = module_like(cls, ctx.names, ctx.module_classes)
        return known

    reach = Reach(ctx.text, ctx.tree, [*imports, *_top_level_names(ctx.tree)],
                  is_model_method)
    out: dict[str, Any] = {"version": FACTS_VERSION}
    if helpers:
        out["helpers"] = [_with_entries(h, reach) for h in helpers]
    if imports:
        calls = []
        for alias in imports:
            for line, column in reach.calls.get(alias, ()):
                cls, fn = reach.enclosing(line)
                if cls is None or fn is None or not is_model_method(cls, fn):
                    continue
                calls.append({"name": alias, "line": line, "column": column,
                              "caller": f"{cls.name}.{fn.name}",  # type: ignore[attr-defined]
                              "caller_line": fn.lineno})  # type: ignore[attr-defined]
        if calls:  # the imports matter to the join only where a model method calls them
            out["imports"] = {c["name"]: list(imports[c["name"]]) for c in calls}
            out["model_calls"] = calls
    return out


def _top_level_names(tree: ast.Module) -> list[str]:
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _imports(tree: ast.Module) -> dict[str, tuple[str, str, int]]:
    """``alias -> (module, name, level)`` for top-level ``from X import name [as alias]``."""
    out: dict[str, tuple[str, str, int]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for a in node.names:
                if a.name != "*":
                    out[a.asname or a.name] = (node.module or "", a.name, node.level)
    return out


def _unreached_helpers(ctx: Any) -> list[dict[str, Any]]:
    """DS101 candidates the file alone cannot judge: dropout with no flag (on at eval) in a
    top-level function that no model method of this file reaches."""
    out = []
    for s in ctx.sites:
        if s.kind not in (FUNCTIONAL, DROP_PATH) or s.active_eval is not True:
            continue
        if s.flag != "missing" or s.extra.get("model_code") is not False:
            continue
        if s.extra.get("in_module_method") or s.extra.get("caller_decides"):
            continue
        out.append({"line": s.line, "column": s.column, "op": s.op, "p": s.p,
                    "p_text": s.p_text, "end_line": s.extra.get("end_line"),
                    "end_column": s.extra.get("end_column"),
                    "function": s.extra.get("function", "")})
    return out


def _with_entries(helper: dict[str, Any], reach: Reach) -> dict[str, Any]:
    """Add ``entries``: each top-level function from which the helper's line is reached
    inside this file, with the hops (outermost first) down to the helper."""
    _, fn = reach.enclosing(helper["line"])
    entries: dict[str, list[dict[str, Any]]] = {}
    if fn is None or not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        helper["entries"] = entries
        return helper
    frontier: list[tuple[ast.AST, list[dict[str, Any]]]] = [(fn, [])]
    entries[fn.name] = []
    seen = {id(fn)}
    for _ in range(MAX_DEPTH - 1):
        nxt = []
        for node, hops in frontier:
            name = node.name  # type: ignore[attr-defined]
            for line, column in reach.calls.get(name, ()):
                cls, caller = reach.enclosing(line)
                if cls is not None or caller is None or id(caller) in seen:
                    continue
                seen.add(id(caller))
                chain = [{"caller": caller.name, "caller_line": caller.lineno,  # type: ignore
                          "line": line, "column": column, "callee": name}, *hops]
                entries[caller.name] = chain  # type: ignore[attr-defined]
                nxt.append((caller, chain))
        frontier = nxt
    helper["entries"] = entries
    return helper


__all__ = ["FACTS_VERSION", "file_facts"]
