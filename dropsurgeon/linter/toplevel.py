"""Would importing this file run more than definitions?  (read from the AST, nothing imported)

``lint FILE.py`` imports a file to build its models, and an import runs the file's top level.
A training script without a ``__main__`` guard would start training, so a file whose top level
does more than define (a call, a loop, a ``with`` block, a write to another object's
attribute) is linted statically and not imported unless the user passes ``--import``.

Definitions are imports, ``def``/``class`` (decorators and class bodies included: they are
how Python defines), assignments of literals and of a few constructors that only build a
value (``TypeVar``, ``namedtuple``, ``logging.getLogger``, ...), and ``if``/``try`` blocks
holding only such statements.  ``if __name__ == "__main__":`` is never run by an import.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..capture import tree_walk

# Calls that only build a value at import time (no I/O, no training): last dotted part.
_PURE_CALLS = frozenset({
    "getLogger", "TypeVar", "ParamSpec", "TypeVarTuple", "NewType", "namedtuple", "NamedTuple",
    "TypedDict", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "auto", "field", "dataclass",
    "partial", "dict", "list", "tuple", "set", "frozenset", "int", "float", "str", "bool",
    "bytes", "range", "object", "property", "staticmethod", "classmethod", "cast", "Path",
    "compile", "getenv", "get", "device", "dtype", "is_available", "version_info", "Literal",
    "Optional", "Union", "Callable", "Sequence", "Mapping", "Any", "Annotated", "lru_cache",
    "cache", "wraps", "register", "getattr", "hasattr", "isinstance", "len", "max", "min",
    "sorted", "zip", "enumerate", "join", "dirname", "abspath", "basename", "splitext",
    "with_suffix", "resolve", "ModuleType", "__getattr__", "__dir__", "format", "upper", "lower",
    "strip", "split", "replace",
})


@dataclass(frozen=True)
class TopLevelAction:
    """The first top-level statement that an import would run and that is not a definition."""

    line: int
    what: str

    def reason(self) -> str:
        return (f"not imported: top-level code would run (line {self.line}: {self.what}); "
                "pass --import to build its models")


def first_action(source: str | bytes) -> TopLevelAction | None:
    """The first statement outside ``if __name__ == "__main__":`` that does more than define;
    None for a file of definitions (or one that does not parse: that is a DS000 already)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    return _first(tree.body, in_class=False)


def _first(body: list[ast.stmt], in_class: bool) -> TopLevelAction | None:
    for stmt in body:
        found = _action(stmt, in_class)
        if found is not None:
            return found
    return None


def _action(stmt: ast.stmt, in_class: bool) -> TopLevelAction | None:
    line = stmt.lineno
    if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass, ast.Global, ast.Nonlocal,
                         ast.Delete, ast.Raise)):
        return None
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None  # decorators and defaults build the function: part of defining it
    if isinstance(stmt, ast.ClassDef):
        return _first(stmt.body, in_class=True)
    if isinstance(stmt, ast.Expr):
        call = _impure_call(stmt.value)  # a docstring, ``...``, or a bare name: nothing runs
        return TopLevelAction(line, call) if call else None
    if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        if not in_class:
            for target in targets:
                if isinstance(target, (ast.Attribute, ast.Subscript)):
                    return TopLevelAction(line, f"an assignment to {ast.unparse(target)}")
        call = _impure_call(stmt.value) if stmt.value is not None else None
        return TopLevelAction(line, call) if call else None
    if isinstance(stmt, ast.If):
        if tree_walk.is_main_guard(stmt.test):
            return _first(stmt.orelse, in_class)
        call = _impure_call(stmt.test)
        if call:
            return TopLevelAction(line, call)
        return _first(stmt.body, in_class) or _first(stmt.orelse, in_class)
    if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
        for part in (stmt.body, *(h.body for h in stmt.handlers), stmt.orelse,
                     stmt.finalbody):
            found = _first(part, in_class)
            if found is not None:
                return found
        return None
    if isinstance(stmt, ast.Assert):
        call = _impure_call(stmt.test)
        return TopLevelAction(line, call) if call else None
    if type(stmt).__name__ == "TypeAlias":
        return None
    if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
        return TopLevelAction(line, "a loop")
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return TopLevelAction(line, "a with block")
    return TopLevelAction(line, f"a {type(stmt).__name__.lower()} statement")


def _impure_call(expr: ast.expr) -> str | None:
    """A call in ``expr`` that is not a pure constructor (lambdas are not run: skipped)."""
    stack: list[ast.AST] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, (ast.Await, ast.Yield, ast.YieldFrom)):
            return _describe(node)
        if isinstance(node, ast.Call) and _callee_name(node.func) not in _PURE_CALLS:
            return _describe(node)
        stack.extend(ast.iter_child_nodes(node))
    return None


def _callee_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _describe(expr: ast.expr) -> str:
    if isinstance(expr, ast.Call):
        callee = ast.unparse(expr.func)
        if len(callee) > 40:
            callee = callee[:37] + "..."
        return f"a call to {callee}()"
    return f"an expression ({type(expr).__name__.lower()})"


__all__ = ["TopLevelAction", "first_action"]
