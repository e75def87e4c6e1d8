"""What reaches a function's ``.backward()``: reaching definitions over its statements.

A model call is a training use only when its value reaches the backward of its function,
through the assignments and container appends whose values can still be the ones read there
(straight on, or around a loop that holds both).  A validation loop that reuses the training
loop's ``output``/``loss`` names feeds no backward: the training loop redefines both before
its own backward.  Structured code only (``break``/``continue``/``return`` are not followed).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ...capture.source_random import dotted_name

_MUTATORS = ("append", "extend", "insert", "add", "update", "__setitem__")
# a call handed the optimizer (`loss_scaler(loss, optimizer)`) trains on its other arguments
_OPTIMIZER_NAME = re.compile(r"optim|^opt$|^opt_")


# methods whose result carries no gradient back to what they are called on (`.item()` and
# `.numpy()` do not count: an RL rollout's `actions.cpu().numpy()` are still its training data)
_CUTS = frozenset({"detach", "detach_"})


def _live(e: ast.AST, cuts: frozenset[str] = _CUTS) -> list[ast.AST]:
    """The nodes of an expression gradients can flow back through: not the receivers of
    ``.detach()`` (``target_net(x).max(1)[0].detach()`` trains no one)."""
    out: list[ast.AST] = []
    todo = [e]
    while todo:
        n = todo.pop()
        out.append(n)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                n.func.attr in cuts):
            continue
        todo.extend(ast.iter_child_nodes(n))
    return out


def _keys(e: ast.AST, cuts: frozenset[str] = _CUTS) -> set[str]:
    """The names an expression reads: each bare name and each dotted chain (``out.loss``
    gives ``out`` and ``out.loss``), outside detached parts."""
    out: set[str] = set()
    for n in _live(e, cuts):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute):
            d = dotted_name(n)
            if d:
                out.add(d)
    return out


def _target_keys(t: ast.AST) -> set[str]:
    """What an assignment target names: ``a``, ``self.out``, ``d`` of ``d[k]``, each of a
    tuple."""
    if isinstance(t, (ast.Tuple, ast.List)):
        return set().union(*(_target_keys(e) for e in t.elts)) if t.elts else set()
    if isinstance(t, ast.Starred):
        return _target_keys(t.value)
    while isinstance(t, ast.Subscript) or (
            # `cache.setdefault("z", []).append(v)`, `d.get(k).append(v)`: into `cache`
            isinstance(t, ast.Call) and isinstance(t.func, ast.Attribute)
            and t.func.attr in ("setdefault", "get")):
        t = t.value if isinstance(t, ast.Subscript) else t.func.value  # type: ignore[union-attr]
    d = dotted_name(t)
    return {d} if d else set()


_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


@dataclass
class _Stmt:
    """A statement of the function: where it sits (one (block, index) pair per nesting
    level), the loops around it, its source position."""

    node: ast.stmt
    path: tuple[tuple[int, int], ...]
    loops: tuple[int, ...]
    at: tuple[int, int]


@dataclass
class _Def:
    stmt: _Stmt
    values: list[ast.AST]
    kills: bool  # an assignment replaces the old value; an append or `+=` adds to it


def _statements(scope: ast.AST) -> tuple[dict[int, _Stmt], list[tuple[ast.Call, _Stmt]]]:
    """Every statement of a function body (not of the functions and classes in it), and
    every call with the statement it belongs to."""
    stmts: dict[int, _Stmt] = {}
    calls: list[tuple[ast.Call, _Stmt]] = []

    def blocks(st: ast.stmt) -> list[tuple[int, list[ast.stmt]]]:
        out = []
        for name in ("body", "orelse", "finalbody"):
            block = getattr(st, name, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                out.append((id(block), block))
        for h in getattr(st, "handlers", ()) or ():
            out.append((id(h.body), h.body))
        for c in getattr(st, "cases", ()) or ():
            out.append((id(c.body), c.body))
        return out

    def visit(block_id: int, block: list[ast.stmt], prefix: tuple[tuple[int, int], ...],
              loops: tuple[int, ...]) -> None:
        for i, st in enumerate(block):
            info = _Stmt(st, (*prefix, (block_id, i)), loops, (st.lineno, st.col_offset))
            stmts[id(st)] = info
            if isinstance(st, _SCOPES):
                continue
            inner = blocks(st)
            # the statement's own expressions (an if's test, a for's iterable, a plain
            # statement's whole tree): not the statements nested in it
            nested = {id(x) for _, b in inner for x in b}
            stack = [c for c in ast.iter_child_nodes(st) if id(c) not in nested]
            while stack:
                n = stack.pop()
                if isinstance(n, (ast.stmt, ast.excepthandler)) or type(n).__name__ == (
                        "match_case"):
                    continue
                if isinstance(n, ast.Call):
                    calls.append((n, info))
                if not isinstance(n, ast.Lambda):
                    stack.extend(ast.iter_child_nodes(n))
            around = (*loops, id(st)) if isinstance(st, _LOOPS) else loops
            for bid, b in inner:
                visit(bid, b, info.path, around)

    body = getattr(scope, "body", [])
    visit(id(body), body, (), ())
    return stmts, calls


def _assigned_on_all_paths(block: list[ast.stmt]) -> set[str]:
    """The names a block assigns (replacing their value) whichever way its ifs go."""
    out: set[str] = set()
    for st in block:
        if isinstance(st, ast.Assign):
            # `d[k] = v` adds to `d`, it does not replace it
            out |= set().union(*(_target_keys(t) for t in st.targets
                                 if not isinstance(t, ast.Subscript)))
        elif isinstance(st, ast.AnnAssign) and st.value is not None and not isinstance(
                st.target, ast.Subscript):
            out |= _target_keys(st.target)
        elif isinstance(st, ast.If) and st.orelse:
            out |= _assigned_on_all_paths(st.body) & _assigned_on_all_paths(st.orelse)
    return out


def _dominates(k: _Stmt, s: _Stmt) -> bool:
    """Does ``k`` run before ``s`` whenever ``s`` runs (structured code: an earlier statement
    of a block that holds ``s``)?"""
    n = len(k.path)
    return (n <= len(s.path) and k.path[:-1] == s.path[:n - 1]
            and k.path[-1][0] == s.path[n - 1][0] and k.path[-1][1] < s.path[n - 1][1])


def _reaches(d: _Def, s: _Stmt, kills: list[_Def]) -> bool:
    """Can the value defined at ``d`` still be the one read at ``s`` (reaching definitions
    for structured code: straight on, or around a loop that holds both)?"""
    if d.stmt.at < s.at:
        return not any(d.stmt.at < k.stmt.at < s.at and _dominates(k.stmt, s) for k in kills)
    shared = [loop for loop in s.loops if loop in d.stmt.loops]
    if not shared:
        return False  # later, and no loop brings it back
    outer = shared[0]
    return not any(outer in k.stmt.loops and k.stmt.at < s.at and _dominates(k.stmt, s)
                   for k in kills)


def calls_feeding_backward(scope: ast.AST, optimizer_sinks: bool = False,
                           through_detach: bool = False) -> set[int] | None:
    """Ids of the calls whose value reaches a ``.backward()`` (or ``backward(x)``) of this
    function, through the assignments and container appends whose values reach it (reaching
    definitions: a validation loop that reuses the training loop's ``output`` and ``loss``
    names feeds no backward); None when the function shows no backward of its own (then
    every forward may be training, as before).  ``through_detach``: values as data, read
    through ``.detach()`` too (targets computed for the loss, with no gradient)."""
    cuts = frozenset() if through_detach else _CUTS
    stmts, calls = _statements(scope)
    defs: dict[str, list[_Def]] = {}
    seeds: list[tuple[list[ast.AST], _Stmt]] = []

    def define(targets: set[str], d: _Def) -> None:
        for key in targets:
            defs.setdefault(key, []).append(d)

    for info in stmts.values():
        n = info.node
        if isinstance(n, ast.Assign):
            # as data, `g.ndata["imp"] = v` adds to `g` (replaces nothing): it kills no def
            partial = through_detach and all(isinstance(t, ast.Subscript) for t in n.targets)
            define(set().union(*(_target_keys(t) for t in n.targets)),
                   _Def(info, [n.value], kills=not partial))
        elif isinstance(n, ast.AnnAssign) and n.value is not None:
            define(_target_keys(n.target), _Def(info, [n.value], kills=True))
        elif isinstance(n, ast.AugAssign):
            define(_target_keys(n.target), _Def(info, [n.value, n.target], kills=False))
        elif isinstance(n, (ast.For, ast.AsyncFor)):
            # `for k, v in out.items():` binds what the iterable holds
            define(_target_keys(n.target), _Def(info, [n.iter], kills=True))
    for node, info in calls:
        args = [*node.args, *(k.value for k in node.keywords)]
        if isinstance(node.func, ast.Attribute) and node.func.attr == "backward":
            seeds.append(([node.func.value, *args], info))
        elif isinstance(node.func, ast.Name) and node.func.id == "backward":
            seeds.append((args, info))
        elif isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
            define(_target_keys(node.func.value), _Def(info, args, kills=False))
        if optimizer_sinks and any(isinstance(a, ast.Name) and _OPTIMIZER_NAME.search(a.id)
                                   for a in args):
            seeds.append((args, info))  # a helper handed the optimizer trains on the rest
    if not seeds:
        return None
    kills = {key: [d for d in ds if d.kills] for key, ds in defs.items()}
    for info in stmts.values():
        if isinstance(info.node, ast.If) and info.node.orelse:
            # `if a: out = x[:n] else: out = x[:m]`: replaced on every path through the if
            for key in _assigned_on_all_paths(info.node.body) & _assigned_on_all_paths(
                    info.node.orelse):
                kills.setdefault(key, []).append(_Def(info, [], kills=True))
    # as data, reading an object reads what was stored on it (`g.ndata[...] = v`, then `g`)
    members: dict[str, list[str]] = {}
    if through_detach:
        for key in defs:
            root, dot, _ = key.partition(".")
            if dot:
                members.setdefault(root, []).append(key)
    fed: set[int] = set()
    done: set[tuple[str, int]] = set()
    todo: list[tuple[list[ast.AST], _Stmt]] = list(seeds)
    while todo:  # each (name, definition) once: linear in the function's size
        exprs, at = todo.pop()
        for e in exprs:
            fed.update(id(c) for c in _live(e, cuts) if isinstance(c, ast.Call))
            read = _keys(e, cuts)
            for key in [*read, *(m for r in read for m in members.get(r, ()))]:
                for d in defs.get(key, ()):
                    mark = (key, id(d.stmt.node))
                    if mark not in done and _reaches(d, at, kills.get(key, [])):
                        done.add(mark)
                        todo.append((d.values, d.stmt))
    return fed

