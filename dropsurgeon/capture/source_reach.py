"""Who calls what in one file, indexed once, and the call chains from a model's methods.

The source scan asks two questions many times per file: "which recorded calls invoke this
helper?" (to judge the flag each caller passes) and "is this module-level function reached
from a model's method, and through which calls?" (a helper's dropout is model code only
then, and the chain is the finding's trace).  Answering either with a scan over the whole
file per helper made the lint quadratic in file size; everything here is built in one pass
and then looked up.

Nothing here imports torch or runs user code.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .source_flow import Scope
from .text_scan import lines_at, name_calls

# `name(` not preceded by a word character or a dot (a method of something else)
MAX_DEPTH = 4  # helpers of helpers of helpers: deeper chains are not followed


@dataclass(frozen=True)
class Hop:
    """One call on the way from a model's method to a helper."""

    caller: str  # qualified name of the calling function (`Net.forward`, `relay`)
    caller_line: int  # where the caller is defined
    line: int  # the call
    column: int
    callee: str


class CallerIndex:
    """Recorded calls grouped by what they call: ``self.m(...)`` per class, ``f(...)``."""

    def __init__(self, calls: Iterable) -> None:
        self.methods: dict[tuple[str, str], list] = {}
        self.functions: dict[str, list] = {}
        for rec in calls:
            f = rec.call.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and (
                f.value.id == "self"
            ):
                self.methods.setdefault((rec.scope.cls, f.attr), []).append(rec)
            elif isinstance(f, ast.Name):
                self.functions.setdefault(f.id, []).append(rec)

    def callers(self, scope: Scope, module_scope: Scope) -> list:
        """The recorded calls of ``scope`` (a method called on ``self``, or a top-level
        function called by its name), in the order the walk met them."""
        if scope.is_method:
            return list(self.methods.get((scope.cls, scope.name), ()))
        if scope.parent is module_scope:
            return list(self.functions.get(scope.name, ()))
        return []


class MethodSpans:
    """The innermost method holding a line (bisect over method start lines)."""

    def __init__(self, scopes: Iterable[Scope]) -> None:
        spans = [(s.node.lineno, s.node.end_lineno or s.node.lineno, s)  # type: ignore
                 for s in scopes
                 if s.is_method and isinstance(s.node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        spans.sort(key=lambda t: t[0])
        self._starts = [t[0] for t in spans]
        self._spans = spans
        self._reach: list[int] = []  # the furthest end of any span up to each index
        furthest = 0
        for _, end, _ in spans:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def at(self, line: int) -> tuple[Scope, ast.AST] | None:
        i = bisect_right(self._starts, line) - 1
        while i >= 0 and self._reach[i] >= line:
            start, end, scope = self._spans[i]
            if start <= line <= end:
                return scope, scope.node
            i -= 1
        return None


class Reach:
    """Where each top-level function is called, and the chain from a model's method to it.

    The text, not the walk's recorded calls, is searched: the walk skips functions whose
    lines hold no dropout word, and a relay helper (``def relay(x): return noisy(x)``) is
    exactly such a function.  One text scan (``text_scan.name_calls``) finds every ``name(`` of a
    top-level function name; each lookup afterwards is a dictionary access.
    """

    def __init__(self, text: str, tree: ast.Module, names: Iterable[str],
                 is_model_method: Callable[[ast.ClassDef, ast.AST], bool]) -> None:
        self.text = text
        self.body = tree.body
        self._top_starts = [n.lineno for n in self.body]
        self._is_model_method = is_model_method
        wanted = set(names) | {n.name for n in self.body
                               if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.calls: dict[str, list[tuple[int, int]]] = {}
        found = name_calls(text, wanted)
        for line, (start, name) in zip(lines_at(text, [at for at, _ in found]), found,
                                       strict=True):
            bol = text.rfind("\n", 0, start) + 1
            if text[bol:start].rstrip().endswith("def"):
                continue  # the definition itself
            self.calls.setdefault(name, []).append((line, start - bol))
        self._memo: dict[tuple[int, int], list[Hop] | None] = {}

    def enclosing(self, line: int) -> tuple[ast.ClassDef | None, ast.AST | None]:
        """(class, top-level function or method) whose body holds ``line``."""
        i = bisect_right(self._top_starts, line) - 1
        if i < 0:
            return None, None
        node = self.body[i]
        if not (node.lineno <= line <= (node.end_lineno or node.lineno)):
            return None, None
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None, node
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                    item.lineno <= line <= (item.end_lineno or item.lineno)
                ):
                    return node, item
        return None, None

    def chain(self, fn: ast.AST) -> list[Hop] | None:
        """The calls from a model's method down to ``fn`` (outermost first), or None.

        A chain ending in ``forward`` is preferred over one from another method; among
        equals, the first call in the file wins (deterministic).
        """
        return self._chain(fn, 0, frozenset())

    def _chain(self, fn: ast.AST, depth: int, seen: frozenset[int]) -> list[Hop] | None:
        if depth >= MAX_DEPTH or id(fn) in seen:
            return None
        key = (id(fn), depth)
        if key in self._memo:
            return self._memo[key]
        seen = seen | {id(fn)}
        name = fn.name  # type: ignore[attr-defined]
        best: list[Hop] | None = None
        tried: set[int] = set()
        for line, column in self.calls.get(name, ()):
            cls, caller = self.enclosing(line)
            if caller is None or caller is fn or (cls is None and id(caller) in tried):
                continue
            tried.add(id(caller))
            if cls is not None:
                if not self._is_model_method(cls, caller):
                    continue
                hop = Hop(f"{cls.name}.{caller.name}", caller.lineno,  # type: ignore
                          line, column, name)
                found = [hop]
            else:
                above = self._chain(caller, depth + 1, seen)
                if above is None:
                    continue
                found = [*above, Hop(caller.name, caller.lineno,  # type: ignore[attr-defined]
                                     line, column, name)]
            if best is None or (_from_forward(found) and not _from_forward(best)):
                best = found
            if _from_forward(best):
                break
        self._memo[key] = best
        return best


def trace_steps(path: str, chain: list[Hop]) -> list[dict]:
    """The chain as ``TraceStep`` dicts (path, line, column, message), outermost call first.

    Dicts, not ``TraceStep`` objects: sites stay plain data (capture imports no findings),
    and a rule turns them into the finding's trace.
    """
    first = chain[0]
    what = "the model's forward pass" if first.caller.endswith(".forward") else (
        f"the model method `{first.caller}`")
    steps = [{"path": path, "line": first.caller_line, "column": 0,
              "message": f"`{first.caller}` runs in {what}"}]
    for hop in chain:
        steps.append({"path": path, "line": hop.line, "column": hop.column,
                      "message": f"`{hop.caller}` calls `{hop.callee}(...)`"})
    return steps


def _from_forward(chain: list[Hop]) -> bool:
    return chain[0].caller.endswith(".forward")


__all__ = ["CallerIndex", "Hop", "MethodSpans", "Reach", "MAX_DEPTH", "trace_steps"]
