"""Walks of one parsed file that several analyses share: its calls in their class and
function, and its classes and functions through statement blocks.

Both are written for speed (they run on every file of a repository): the call walk inlines
``ast.iter_child_nodes`` and skips nodes that hold no call; the statement walk never looks
inside expressions.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

Func = ast.FunctionDef | ast.AsyncFunctionDef
CallInContext = tuple[ast.Call, ast.ClassDef | None, ast.AST | None]

# Nodes that hold no call: not worth a visit (a name's context, a constant, an operator).
_LEAVES = (ast.Name, ast.Constant, ast.expr_context, ast.operator, ast.unaryop, ast.cmpop,
           ast.boolop)


def calls_in_context(tree: ast.AST, skip: Callable[[ast.AST], bool] | None = None
                     ) -> Iterator[CallInContext]:
    """Every call with its enclosing class and outermost function (or method); a subtree
    ``skip`` accepts is left out."""
    AST, ClassDef, Call = ast.AST, ast.ClassDef, ast.Call
    FunctionDef, AsyncFunctionDef = ast.FunctionDef, ast.AsyncFunctionDef
    stack: list[tuple[ast.AST, ast.ClassDef | None, ast.AST | None]] = [(tree, None, None)]
    while stack:
        node, cls, fn = stack.pop()
        for name in node._fields:
            value = getattr(node, name, None)
            children = value if value.__class__ is list else (value,)
            for child in children:
                if not isinstance(child, AST) or isinstance(child, _LEAVES):
                    continue
                if skip is not None and skip(child):
                    continue
                kind = child.__class__
                if kind is ClassDef:
                    stack.append((child, child, None))  # type: ignore[arg-type]
                elif kind is FunctionDef or kind is AsyncFunctionDef:
                    stack.append((child, cls, fn or child))
                else:
                    if kind is Call:
                        yield child, cls, fn  # type: ignore[misc]
                    stack.append((child, cls, fn))


_WITH_BODY = {ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor,
              ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try,
              getattr(ast, "TryStar", ast.Try), ast.ExceptHandler, ast.match_case}
_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def classes_and_defs(tree: ast.Module) -> tuple[list[ast.ClassDef], list[Func]]:
    """Every class (in source order) and function of the file, through statement blocks
    only (cheap: the statements are told apart by their exact class)."""
    classes: list[ast.ClassDef] = []
    defs: list[Func] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for name in _BLOCK_FIELDS:
            block = getattr(node, name, None)
            if not block or block.__class__ is not list:
                continue
            for child in block:
                kind = child.__class__
                if kind is ast.ClassDef:
                    classes.append(child)
                elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                    defs.append(child)
                if kind in _WITH_BODY:
                    stack.append(child)
    classes.sort(key=lambda c: (c.lineno, c.col_offset))
    return classes, defs


def last_pass_test(test: ast.expr, loop: ast.stmt) -> bool:
    """Is ``test`` true only in the last pass of ``for v in range(..., n)``
    (``v == n - 1``, ``n - 1 == v``)?"""
    if not (isinstance(loop, (ast.For, ast.AsyncFor)) and isinstance(loop.target, ast.Name)
            and isinstance(loop.iter, ast.Call) and isinstance(loop.iter.func, ast.Name)
            and loop.iter.func.id == "range"
            and loop.iter.args and len(loop.iter.args) <= 2 and not loop.iter.keywords):
        return False
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)):
        return False
    bound = ast.dump(loop.iter.args[-1])
    sides = [test.left, test.comparators[0]]
    for v, last in (sides, sides[::-1]):
        if isinstance(v, ast.Name) and v.id == loop.target.id and isinstance(
                last, ast.BinOp) and isinstance(last.op, ast.Sub) and isinstance(
                last.right, ast.Constant) and last.right.value == 1 and (
                ast.dump(last.left) == bound):
            return True
    return False


def last_pass_ifs(loop: ast.stmt) -> list[ast.If]:
    """The ``if`` statements of a ``for v in range(n)`` loop that run in its last pass only
    (``if v == n - 1:``, no ``else``), at any depth of its body short of a nested loop or
    function (inside an inner loop, the inner loop comes round after them)."""
    out: list[ast.If] = []
    stack: list[ast.stmt] = list(getattr(loop, "body", ()))
    while stack:
        st = stack.pop()
        if isinstance(st, ast.If):
            if not st.orelse and last_pass_test(st.test, loop):
                out.append(st)
                continue
            stack.extend([*st.body, *st.orelse])
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            stack.extend(st.body)
        elif isinstance(st, ast.Try):
            stack.extend([*st.body, *st.orelse, *st.finalbody,
                          *(s for h in st.handlers for s in h.body)])
    return out


def param_defaults(fn: Func | ast.Lambda) -> dict[str, ast.expr]:
    """Each parameter that has a default, with it (positional and keyword-only)."""
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    out = dict(zip((p.arg for p in positional[len(positional) - len(a.defaults):]),
                   a.defaults, strict=True))
    out.update((p.arg, d) for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)
               if d is not None)
    return out


__all__ = ["CallInContext", "calls_in_context", "classes_and_defs", "last_pass_ifs",
           "last_pass_test", "param_defaults"]


def lazy_init_calls(fn: ast.AST) -> set[int]:
    """Ids of the calls under ``if self.<attr> is None:`` in ``fn`` (a forward building its
    layers on its first call: ``if self.qkv is None: self.build_layers(c)``): code that
    runs once, registering what it builds, not on every pass."""
    out: set[int] = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.If) and _is_unset_test(n.test):
            out |= {id(c) for st in n.body for c in ast.walk(st) if isinstance(c, ast.Call)}
    return out


def _is_unset_test(test: ast.expr) -> bool:
    """``self.<attr> is None`` (or ``not hasattr(self, "<attr>")``)."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(
            test.ops[0], ast.Is) and isinstance(test.comparators[0], ast.Constant) and (
            test.comparators[0].value is None):
        left = test.left
        return isinstance(left, ast.Attribute) and isinstance(left.value, ast.Name) and (
            left.value.id == "self")
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(
            test.operand, ast.Call) and isinstance(test.operand.func, ast.Name) and (
            test.operand.func.id == "hasattr") and test.operand.args and isinstance(
            test.operand.args[0], ast.Name) and test.operand.args[0].id == "self":
        return True
    return False


def is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    return (any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
            and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides))

