"""Code that runs only for some arguments: ``if mode == "train": optimizer.step()``.

A shared epoch loop often trains or only evaluates depending on an argument
(``run_epoch(..., mode="eval")``, ``step(batch, train=False)``).  Which one a call runs is
read off the call's literal arguments; a test the scan cannot decide leaves it unknown (and
unknown reports nothing).  Used by the mode analysis and the name rules alike.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from typing import Any

UNDECIDED = object()

# for each step call: the tests on the function's parameters around it, with the branch taken
Guards = list[list[tuple[ast.expr, bool]]]


def bound_arguments(fn: ast.AST, call: ast.Call) -> dict[str, Any] | None:
    """The function's parameters bound to the call's arguments: a literal's value, else
    ``UNDECIDED``; None when ``*args``/``**kwargs`` at the call make the binding unclear."""
    exprs = bound_expressions(fn, call)
    if exprs is None:
        return None
    return {name: exprs[name].value if isinstance(exprs.get(name), ast.Constant)
            else UNDECIDED for name in _names(fn, call)}


def bound_expressions(fn: ast.AST, call: ast.Call) -> dict[str, ast.expr] | None:
    """The function's parameters bound to the call's argument expressions (or their
    defaults); None when ``*args``/``**kwargs`` at the call make the binding unclear."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        return None
    a = fn.args  # type: ignore[attr-defined]
    positional = _names(fn, call)[:len(_names(fn, call)) - len(a.kwonlyargs)]
    out: dict[str, ast.expr] = dict(zip(positional[len(positional) - len(a.defaults):],
                                        a.defaults, strict=True)) if a.defaults else {}
    out.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)
                if d is not None})
    out.update(zip(positional, call.args, strict=False))
    out.update({k.arg: k.value for k in call.keywords if k.arg is not None})
    return out


def _names(fn: ast.AST, call: ast.Call) -> list[str]:
    """The parameters a call binds, positional first (not ``self``/``cls`` of a method
    called on its instance), then keyword-only."""
    a = fn.args  # type: ignore[attr-defined]
    positional = [p.arg for p in (*a.posonlyargs, *a.args)]
    if positional[:1] in (["self"], ["cls"]) and isinstance(call.func, ast.Attribute):
        positional = positional[1:]  # a method called on its instance
    return [*positional, *(p.arg for p in a.kwonlyargs)]


def translated(guards: Guards, fn: ast.AST, call: ast.Call, params: set[str]
               ) -> Guards | None:
    """``guards`` over ``fn``'s parameters, rewritten over the caller's parameters
    (``params``) through the call's arguments; None when a test reads anything else."""
    bound = bound_expressions(fn, call)
    if bound is None:
        return None
    out: Guards = []
    for tests in guards:
        row = []
        for test, branch in tests:
            new = _substituted(test, bound)
            names = {n.id for n in ast.walk(new) if isinstance(n, ast.Name)}
            if not names or not names <= params:
                return None
            row.append((new, branch))
        out.append(row)
    return out


_BOTH = frozenset((True, False))


def outcomes(test: ast.expr, values: dict[str, Any]) -> frozenset[bool] | None:
    """What a test can come out as for these bound parameters: ``{True}``, ``{False}``, or
    both when it also reads values of the function's own (a loop index: ``i % k == 0``).
    None when it depends on a parameter whose argument is not a literal."""
    if isinstance(test, ast.BoolOp):
        parts = [outcomes(v, values) for v in test.values]
        if any(p is None for p in parts):
            return None
        out = parts[0]
        for p in parts[1:]:
            out = frozenset((x and y) if isinstance(test.op, ast.And) else (x or y)
                            for x in out for y in p)  # type: ignore[union-attr]
        return out
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = outcomes(test.operand, values)
        return None if inner is None else frozenset(not x for x in inner)
    names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
    if any(values.get(n, _LOCAL) is UNDECIDED for n in names):
        return None
    if names - values.keys():
        return _BOTH  # reads the function's own values: true for some runs, maybe not others
    v = _decide_literal(test, values)
    return _BOTH if v is None else frozenset((v,))


_LOCAL = object()


def decide(test: ast.expr, values: dict[str, Any]) -> bool | None:
    """A test over literals and names bound to literal ``values`` (``phase == "train"``,
    ``not is_train``): True or False, or None when it reads anything else."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = decide(test.operand, values)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp):
        parts = [decide(v, values) for v in test.values]
        if isinstance(test.op, ast.And):
            return False if False in parts else (None if None in parts else True)
        return True if True in parts else (None if None in parts else False)
    if not {n.id for n in ast.walk(test) if isinstance(n, ast.Name)} <= values.keys():
        return None
    return _decide_literal(test, values)


def _decide_literal(test: ast.expr, values: dict[str, Any]) -> bool | None:
    """A test over literals and literal-bound parameters, or None when its form is not read
    here."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, right = _value(test.left, values), _value(test.comparators[0], values)
        if left is UNDECIDED or right is UNDECIDED:
            return None
        op = test.ops[0]
        try:
            if isinstance(op, (ast.Eq, ast.Is)):
                return bool(left == right)
            if isinstance(op, (ast.NotEq, ast.IsNot)):
                return bool(left != right)
            if isinstance(op, ast.In):
                return left in right
            if isinstance(op, ast.NotIn):
                return left not in right
        except TypeError:
            return None
        return None
    v = _value(test, values)
    return None if v is UNDECIDED else bool(v)


def _value(e: ast.expr, values: dict[str, Any]) -> Any:
    if isinstance(e, ast.Constant):
        return e.value
    if isinstance(e, ast.Name) and e.id in values:
        return values[e.id]
    if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
        items = [_value(x, values) for x in e.elts]
        return UNDECIDED if any(i is UNDECIDED for i in items) else items
    return UNDECIDED


def step_guards(fn: ast.AST, is_step: Callable[[ast.Call], bool]) -> Guards | None:
    """For each step call in the function (not in nested functions): the tests on the
    function's own parameters it sits under, with the branch.  None when some step runs
    whatever the arguments are, or there is no step: then the function trains for every
    call, or never."""
    a = fn.args  # type: ignore[attr-defined]
    params = {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)} - {"self", "cls"}
    flags = _param_flags(fn, params)
    on_params = params | flags.keys()

    def relevant(test: ast.expr) -> ast.expr | None:
        if not on_params & {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}:
            return None
        return _substituted(test, flags) if flags else test

    out = call_tests(fn, is_step, relevant)
    if not out or any(not tests for tests in out):
        return None  # no step, or one that runs whatever the arguments are
    return out


def call_tests(scope: ast.AST, is_call: Callable[[ast.Call], bool],
               relevant: Callable[[ast.expr], ast.expr | None] = lambda t: t) -> Guards:
    """For each call of ``scope`` (not of the functions nested in it) that ``is_call``
    picks: the ``if`` tests around it that ``relevant`` keeps (as it returns them), each with
    the branch the call sits in."""
    out: Guards = []
    stack: list[tuple[ast.AST, tuple[tuple[ast.expr, bool], ...]]] = [
        (c, ()) for c in getattr(scope, "body", [])]
    while stack:
        node, tests = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        test = relevant(node.test) if isinstance(node, ast.If) else None
        if test is not None:
            stack.append((node.test, tests))  # type: ignore[attr-defined]
            stack.extend((c, (*tests, (test, True))) for c in node.body)  # type: ignore[attr-defined]
            stack.extend((c, (*tests, (test, False))) for c in node.orelse)  # type: ignore[attr-defined]
            continue
        if isinstance(node, ast.Call) and is_call(node):
            out.append(list(tests))
        stack.extend((c, tests) for c in ast.iter_child_nodes(node))
    return out


def _param_flags(fn: ast.AST, params: set[str]) -> dict[str, ast.expr]:
    """Local names bound once, at the top of the body, to a test over parameters only
    (``update = optimizer is not None``): a test on the name is that test on the parameters."""
    stores: dict[str, int] = {}
    for n in ast.walk(fn):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            stores[n.id] = stores.get(n.id, 0) + 1
    out: dict[str, ast.expr] = {}
    for st in fn.body:  # type: ignore[attr-defined]
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(
                st.targets[0], ast.Name):
            name = st.targets[0].id
            read = {n.id for n in ast.walk(st.value) if isinstance(n, ast.Name)}
            if read and read <= params and name not in params and stores.get(name) == 1 and (
                    not any(isinstance(n, ast.Call) for n in ast.walk(st.value))):
                out[name] = st.value
    return out


def _substituted(test: ast.expr, flags: dict[str, ast.expr]) -> ast.expr:
    """``test`` with each flag name replaced by the parameter test it was bound to."""

    class _Swap(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            return flags.get(node.id, node)

    return _Swap().visit(copy.deepcopy(test))


def runs_at(guards: Guards, fn: ast.AST, call: ast.Call) -> bool | None:
    """Can this call of ``fn`` run one of its guarded steps?  True, False, or None when it
    hangs on an argument the scan cannot read."""
    values = bound_arguments(fn, call)
    if values is None:
        return None
    unsure = False
    for tests in guards:
        possible: bool | None = True
        for test, branch in tests:
            out = outcomes(test, values)
            if out is None:
                possible = None if possible else possible
            elif branch not in out:
                possible = False
                break
        if possible is True:
            return True
        if possible is None:
            unsure = True
    return None if unsure else False
