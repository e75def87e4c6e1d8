"""Is a checkpoint wrapper switched off at a call?  Read from one file's constructors.

Diffusion code wraps its hand-written checkpoint Function in ``checkpoint(func, inputs,
params, flag)``, which runs it only ``if flag:``, and every block passes its own
``self.use_checkpoint``: a constructor parameter that defaults to ``False``.  A recompute
behind such a flag runs only if some construction turns the flag on; where every
construction in the file leaves it off (or passes it on from an outer constructor that
does), no recompute ever runs and there is nothing to report.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from ..capture import ctor_args


def _gating_test(fn: ast.AST | None, apply_call: ast.Call,
                 want: Callable[[ast.expr], bool]) -> ast.expr | None:
    """The first test ``want`` accepts of an ``if`` (or conditional expression) of ``fn``
    whose true branch holds ``apply_call``, or None."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    for node in ast.walk(fn):
        if isinstance(node, ast.If):
            body: list[ast.AST] = list(node.body)
        elif isinstance(node, ast.IfExp):
            body = [node.body]
        else:
            continue
        if want(node.test) and any(n is apply_call for part in body for n in ast.walk(part)):
            return node.test
    return None


def gate_index(fn: ast.AST, apply_call: ast.Call) -> int | None:
    """The index of the parameter of ``fn`` whose truth alone decides whether
    ``apply_call`` runs (``if flag: return F.apply(...)``, ``F.apply(...) if flag else
    ...``), or None."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    test = _gating_test(fn, apply_call, lambda t: isinstance(t, ast.Name) and t.id in params)
    return params.index(test.id) if isinstance(test, ast.Name) else None


def self_flag(fn: ast.AST | None, apply_call: ast.Call) -> ast.expr | None:
    """The ``self.<flag>`` whose truth alone decides whether ``apply_call`` runs in the
    method ``fn`` (``if self.use_ckpt: return F.apply(...)``), or None."""
    return _gating_test(fn, apply_call, lambda t: isinstance(t, ast.Attribute) and isinstance(
        t.value, ast.Name) and t.value.id == "self")


def is_off(value: ast.expr | None, cls: ast.ClassDef | None, tree: ast.Module) -> bool:
    """Is ``value`` false at every run the file shows: a false literal, or ``self.<flag>``
    of ``cls`` set only from constructor parameters that every construction of ``cls`` in
    the file leaves false?"""
    return _always(value, cls, tree, False)


def is_on(value: ast.expr | None, cls: ast.ClassDef | None, tree: ast.Module) -> bool:
    """Is ``value`` true at every run the file shows (the mirror of :func:`is_off`)?"""
    return _always(value, cls, tree, True)


def _always(value: ast.expr | None, cls: ast.ClassDef | None, tree: ast.Module,
            truth: bool) -> bool:
    if isinstance(value, ast.Constant):
        return bool(value.value) is truth
    if cls is None or not (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
                           and value.value.id == "self"):
        return False
    init = ctor_args.init_of(cls)
    writes = [(n.value, m) for m in cls.body for n in ast.walk(m) if isinstance(n, ast.Assign)
              and any(isinstance(t, ast.Attribute) and t.attr == value.attr
                      and isinstance(t.value, ast.Name) and t.value.id == "self"
                      for t in n.targets)]
    if not writes:
        return False
    for w, method in writes:
        if isinstance(w, ast.Constant):
            if bool(w.value) is not truth:
                return False
            continue
        if not isinstance(w, ast.Name) or method is not init:
            return False
        taken = ctor_args.values(cls, w.id, tree, unbuilt=True)
        if taken is None or any(bool(v) is not truth for v in taken):
            return False
    return True


def rate_above_zero(p: float | None, p_text: str | None, cls: ast.ClassDef | None,
                    tree: ast.Module) -> bool:
    """Is a dropout rate above 0 at every run the file shows: a number, or a constructor
    parameter of ``cls`` that every construction in the file (or, built nowhere here, its
    default) sets to a number above 0?"""
    if isinstance(p, (int, float)) and not isinstance(p, bool):
        return p > 0
    if cls is None or not p_text or not p_text.isidentifier():
        return False
    taken = ctor_args.values(cls, p_text, tree, unbuilt=True)
    return bool(taken) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                               and v > 0 for v in taken)


__all__ = ["gate_index", "is_off", "is_on", "rate_above_zero", "self_flag"]
