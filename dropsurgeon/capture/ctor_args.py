"""What a constructor parameter is, at every construction one file shows.

``Net(rate=rate)`` in ``Model.__init__`` passes ``Model``'s own parameter on; the value that
reaches ``Net`` is whatever every construction of ``Model`` gives it.  Followed through a
few constructors of the same file, this tells a dropout whose rate is 0 wherever it is built,
or a checkpoint flag that no construction turns on.  Only literals count: any other
argument, a ``*args``/``**kwargs``, or a construction the file cannot bind makes the value
unknown (None).
"""

from __future__ import annotations

import ast
from typing import Any

from . import tree_walk

_MAX_DEPTH = 4  # constructors a parameter is followed through


def argument(call: ast.Call, fn: ast.AST, index: int, skip_self: bool = False,
             tree: ast.Module | None = None) -> ast.expr | None:
    """The argument a call of ``fn`` binds to its parameter ``index`` (the default when the
    call leaves it out), or None when unknown.  ``skip_self``: the call binds a method
    without its first parameter (a class's ``__init__`` through the class name).  With the
    module's ``tree``, ``**SETTINGS`` of a dict the module binds once by literal keys
    (``SETTINGS = dict(width=32, drop=0.0)``) is read as those keywords."""
    call = _spread(call, tree) if tree is not None else call
    args = fn.args  # type: ignore[attr-defined]
    params = [a.arg for a in (*args.posonlyargs, *args.args)]
    if index >= len(params):
        return None
    pos = index - 1 if skip_self else index
    if pos < 0:
        return None
    if any(isinstance(a, ast.Starred) for a in call.args[:pos + 1]):
        return None
    if pos < len(call.args):
        return call.args[pos]
    for k in call.keywords:
        if k.arg == params[index]:
            return k.value
    if any(k.arg is None for k in call.keywords) or any(
            isinstance(a, ast.Starred) for a in call.args):
        return None
    first = len(params) - len(args.defaults)
    return args.defaults[index - first] if index >= first else None


def _spread(call: ast.Call, tree: ast.Module) -> ast.Call:
    """The call with each ``**NAME`` of a module-level dict literal replaced by its keywords
    (unchanged where NAME is bound otherwise or more than once)."""
    if not any(k.arg is None and isinstance(k.value, ast.Name) for k in call.keywords):
        return call
    keywords: list[ast.keyword] = []
    for k in call.keywords:
        found = _module_dict(tree, k.value.id) if k.arg is None and isinstance(
            k.value, ast.Name) else None
        keywords.extend(found if found is not None else [k])
    return ast.Call(func=call.func, args=call.args, keywords=keywords)


def _module_dict(tree: ast.Module, name: str) -> list[ast.keyword] | None:
    bound = [st.value for st in tree.body if isinstance(st, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == name for t in st.targets)]
    if len(bound) != 1:
        return None
    value = bound[0]
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and (
            value.func.id == "dict") and not value.args and all(
            k.arg for k in value.keywords):
        return list(value.keywords)
    if isinstance(value, ast.Dict) and all(
            isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys):
        return [ast.keyword(arg=k.value, value=v)  # type: ignore[union-attr]
                for k, v in zip(value.keys, value.values, strict=True)]
    return None


Constructions = dict[str, list[tuple[ast.ClassDef | None, ast.Call]]]


def constructions(tree: ast.Module) -> Constructions:
    """Every ``Name(...)`` call of the file by the name called, with the class it is made
    in (or None): one walk per tree (kept on it), for the many :func:`values` questions the
    mode analysis and the rate evaluator ask about the same file."""
    cached = getattr(tree, "_ds_constructions", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    out: Constructions = {}
    # a module's self-test (`if __name__ == "__main__":`) shows how it was tried, not how
    # the rest of the repository builds the class
    for call, cls, _ in tree_walk.calls_in_context(tree, skip=_main_block):
        if isinstance(call.func, ast.Name):
            out.setdefault(call.func.id, []).append((cls, call))
    tree._ds_constructions = out  # type: ignore[attr-defined]
    return out


def _main_block(node: ast.AST) -> bool:
    test = node.test if node.__class__ is ast.If else None  # type: ignore[attr-defined]
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and (
        test.left.id == "__name__") and any(
        isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)


def values(cls: ast.ClassDef, param: str, tree: ast.Module, unbuilt: bool = False,
           depth: int = 0, assumed: list[tuple[str, str]] | None = None,
           built_by: Constructions | None = None) -> set[Any] | None:
    """The literal values ``__init__``'s parameter ``param`` takes over every construction
    of ``cls`` in the file (passed on from outer constructors), or None when any is unknown.
    A class (the outermost one) built nowhere in the file: unknown, or with ``unbuilt`` its
    default (a training script elsewhere builds the top model; an override there is out of
    the file's sight); each (class, parameter) whose default is so taken is added to
    ``assumed``.  ``built_by``: the file's :func:`constructions`, when already made."""
    init = init_of(cls)
    if init is None:
        return None
    names = [a.arg for a in init.args.args]
    if param not in names:
        return None
    index = names.index(param)
    out: set[Any] = set()
    built = 0
    if built_by is None:
        built_by = constructions(tree)
    for outer, call in built_by.get(cls.name, ()):
        arg = argument(call, init, index, skip_self=True, tree=tree)
        built += 1
        if isinstance(arg, ast.Constant):
            out.add(arg.value)
            continue
        outer_init = init_of(outer) if outer is not None else None
        if not (outer is not None and outer_init is not None and isinstance(arg, ast.Name)
                and arg.id in [a.arg for a in outer_init.args.args]
                and any(n is call for n in ast.walk(outer_init)) and depth < _MAX_DEPTH):
            return None
        inner = values(outer, arg.id, tree, unbuilt, depth + 1, assumed, built_by)
        if inner is None:
            return None
        out |= inner
    if built == 0:
        if not unbuilt:
            return None
        default = argument(ast.Call(func=ast.Name(cls.name), args=[], keywords=[]), init,
                           index, skip_self=True)
        if not isinstance(default, ast.Constant):
            return None
        out.add(default.value)
        if assumed is not None:
            assumed.append((cls.name, param))
    return out


def init_of(cls: ast.ClassDef) -> ast.FunctionDef | None:
    return next((m for m in cls.body if isinstance(m, ast.FunctionDef)
                 and m.name == "__init__"), None)


__all__ = ["Constructions", "argument", "constructions", "init_of", "values"]
