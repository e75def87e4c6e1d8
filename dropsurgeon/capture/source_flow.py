"""Follow values through one file: scopes, guards, and a small evaluator per mode.

The question every dropout call raises is "what is this expression in train mode, and in
eval mode?".  :class:`Evaluator` answers it for the few shapes real code uses: ``.training``
attributes, literals, local assignments (flow-sensitive enough for ``if self.training: p = ...
else: p = 0``), conditional expressions, ``and``/``or``/``not``, arithmetic, module
constants and ``self.<attr>`` set once to a literal.  Anything else is :data:`UNKNOWN`.

Nothing here imports torch or runs user code: it only reads the AST.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import ctor_args, text_scan, tree_walk
from .source_names import FLAG_PARAMS

# A guard is (test expression, the truth value the test must have, the scope it lives in).
Guard = tuple[ast.expr, bool, "Scope"]



class _Unknown:
    """A value the evaluator cannot tell.  ``from_param`` marks one that callers decide."""

    __slots__ = ("from_param",)

    def __init__(self, from_param: bool = False) -> None:
        self.from_param = from_param

    def __repr__(self) -> str:
        return "PARAM" if self.from_param else "UNKNOWN"


UNKNOWN = _Unknown()
PARAM = _Unknown(from_param=True)


def is_unknown(v: Any) -> bool:
    return isinstance(v, _Unknown)


@dataclass(slots=True)  # one per binding of every walked function: no __dict__ each
class Assignment:
    value: ast.expr | None  # None: bound by something the evaluator does not follow
    end: tuple[int, int]  # position after which the binding holds
    guards: tuple[Guard, ...]


@dataclass
class Scope:
    """A function (or the module) with what it binds."""

    node: ast.AST
    name: str
    cls: str  # enclosing class name, "" at top level
    parent: Scope | None
    params: list[str] = field(default_factory=list)
    defaults: dict[str, ast.expr] = field(default_factory=dict)
    assigns: dict[str, list[Assignment]] = field(default_factory=dict)
    is_method: bool = False

    def bind(self, name: str, value: ast.expr | None, end: tuple[int, int],
             guards: tuple[Guard, ...]) -> None:
        self.assigns.setdefault(name, []).append(Assignment(value, end, guards))

    @property
    def qualname(self) -> str:
        return f"{self.cls}.{self.name}" if self.cls else self.name


def scope_for_function(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, name: str,
                       cls: str, parent: Scope | None, is_method: bool) -> Scope:
    scope = Scope(node=node, name=name, cls=cls, parent=parent, is_method=is_method)
    a = node.args
    positional = [*a.posonlyargs, *a.args]
    scope.params = [p.arg for p in positional] + [p.arg for p in a.kwonlyargs]
    scope.defaults.update(tree_walk.param_defaults(node))
    for extra in (a.vararg, a.kwarg):
        if extra is not None:
            scope.params.append(extra.arg)
    return scope


def end_of(node: ast.AST) -> tuple[int, int]:
    try:  # every statement and expression has both (a comprehension clause has neither)
        return (node.end_lineno or 0, node.end_col_offset or 0)  # type: ignore[attr-defined]
    except AttributeError:
        return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)


def start_of(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0) or 0, getattr(node, "col_offset", 0) or 0)


def terminates(stmts: list[ast.stmt]) -> bool:
    """True when a block always leaves (return/raise/continue/break as its last statement)."""
    return bool(stmts) and isinstance(stmts[-1], (ast.Return, ast.Raise, ast.Continue, ast.Break))


def truthy(v: Any) -> Any:
    return v if is_unknown(v) else bool(v)


def and3(*values: bool | None) -> bool | None:
    """Three-valued AND: False wins, then unknown."""
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


class ClassAttrs:
    """``self.<attr>`` bindings per class, to fold attributes set once to a constant."""

    def __init__(self, text: str = "") -> None:
        self.by_class: dict[str, dict[str, list[tuple[ast.expr | None, Scope | None]]]] = {}
        self.foreign: set[str] = set()  # attrs assigned on objects other than self
        self.text = text
        self._counts: dict[str, int] = {}
        self._seen: dict[str, int] = {}  # kept as bindings arrive: a sum per lookup was O(classes)

    def add(self, cls: str, attr: str, value: ast.expr | None, scope: Scope | None) -> None:
        self.by_class.setdefault(cls, {}).setdefault(attr, []).append((value, scope))
        self._seen[attr] = self._seen.get(attr, 0) + 1

    def seen(self, attr: str) -> int:
        """How many ``self.attr = ...`` the walk saw, over every class."""
        return self._seen.get(attr, 0)

    def assignments_in_text(self, attr: str) -> int:
        """How many ``<x>.attr = ...`` (or augmented) the file's text holds (0 if unknown)."""
        if not self.text:
            return 0
        cached = self._counts.get(attr)
        if cached is None:
            pattern = re.compile(r"\." + re.escape(attr) + r"\s*(?::[^=\n]*)?[-+*/|&]?=(?!=)")
            cached = self._counts[attr] = len(pattern.findall(self.text))
        return cached


class Evaluator:
    """Evaluate expressions of one file in train mode (True) or eval mode (False)."""

    MAX_DEPTH = 12

    def __init__(self, module_scope: Scope, attrs: ClassAttrs) -> None:
        self.module_scope = module_scope
        self.attrs = attrs
        self._active: set[tuple[int, bool]] = set()
        self._classes: dict[str, ast.ClassDef] | None = None
        self._built_by: ctor_args.Constructions | None = None
        # set when a value was read off the file's constructions (see _constructed_as)
        self.from_constructions = False
        # while set, an outermost class built nowhere in the file is taken at its
        # constructor defaults, and each (class, parameter) so taken is listed here
        self.assumed: list[tuple[str, str]] | None = None

    # -- public ------------------------------------------------------------------------
    def value(self, expr: ast.expr, mode: bool, scope: Scope, depth: int = 0) -> Any:
        key = (id(expr), mode)
        if depth > self.MAX_DEPTH or key in self._active:
            return UNKNOWN
        self._active.add(key)
        try:
            return self._value(expr, mode, scope, depth + 1)
        finally:
            self._active.discard(key)

    def reachable(self, guards: tuple[Guard, ...], mode: bool) -> bool:
        """False only when some guard is certainly not met in this mode.

        An unknown guard (``if self.use_dropout:``) counts as reachable: a lint assumes
        every written path can run.
        """
        for test, want, scope in guards:
            v = truthy(self.value(test, mode, scope))
            if not is_unknown(v) and v != want:
                return False
        return True

    def guard_status(self, guards: tuple[Guard, ...], mode: bool) -> bool | None:
        """True: all guards certainly met; False: one certainly not; None: unsure."""
        unsure = False
        for test, want, scope in guards:
            v = truthy(self.value(test, mode, scope))
            if is_unknown(v):
                unsure = True
            elif v != want:
                return False
        return None if unsure else True

    # -- the cases ---------------------------------------------------------------------
    def _value(self, e: ast.expr, mode: bool, scope: Scope, depth: int) -> Any:
        if isinstance(e, ast.Constant):
            return e.value
        if isinstance(e, ast.Name):
            return self._name(e.id, start_of(e), mode, scope, depth)
        if isinstance(e, ast.Attribute):
            if e.attr == "training":
                return mode  # self.training, self.encoder.training, model.training ...
            if isinstance(e.value, ast.Name) and e.value.id == "self" and scope.cls:
                # `self.p = 0.0` earlier in this function: follow it like a local
                key = "self." + e.attr
                at = start_of(e)
                bindings = [a for a in scope.assigns.get(key, ()) if a.end <= at]
                if bindings:
                    initial = self._self_attr(scope.cls, e.attr, mode, depth)
                    return self._reaching(key, bindings, mode, scope, depth, initial)
                return self._self_attr(scope.cls, e.attr, mode, depth)
            if isinstance(e.value, ast.Name):
                key = f"{e.value.id}.{e.attr}"
                at = start_of(e)
                bindings = [a for a in scope.assigns.get(key, ()) if a.end <= at]
                if bindings:
                    return self._reaching(key, bindings, mode, scope, depth)
            return UNKNOWN
        if isinstance(e, ast.IfExp):
            test = truthy(self.value(e.test, mode, scope, depth))
            if not is_unknown(test):
                return self.value(e.body if test else e.orelse, mode, scope, depth)
            return _join(self.value(e.body, mode, scope, depth),
                         self.value(e.orelse, mode, scope, depth))
        if isinstance(e, ast.BoolOp):
            return self._boolop(e, mode, scope, depth)
        if isinstance(e, ast.UnaryOp):
            v = self.value(e.operand, mode, scope, depth)
            if is_unknown(v):
                return v
            try:
                if isinstance(e.op, ast.Not):
                    return not v
                if isinstance(e.op, ast.USub):
                    return -v
                if isinstance(e.op, ast.UAdd):
                    return +v
            except TypeError:
                return UNKNOWN
            return UNKNOWN
        if isinstance(e, ast.BinOp):
            return self._binop(e, mode, scope, depth)
        if isinstance(e, ast.Compare) and len(e.ops) == 1:
            left = self.value(e.left, mode, scope, depth)
            right = self.value(e.comparators[0], mode, scope, depth)
            if is_unknown(left) or is_unknown(right):
                return _merge_unknown(left, right)
            return _compare(e.ops[0], left, right)
        if (isinstance(e, ast.Call) and isinstance(e.func, ast.Name)
                and e.func.id in ("float", "bool", "int") and len(e.args) == 1
                and not e.keywords):
            v = self.value(e.args[0], mode, scope, depth)
            if is_unknown(v):
                return v
            try:
                return {"float": float, "bool": bool, "int": int}[e.func.id](v)
            except (TypeError, ValueError):
                return UNKNOWN
        if isinstance(e, ast.NamedExpr):
            return self.value(e.value, mode, scope, depth)
        return UNKNOWN

    def _boolop(self, e: ast.BoolOp, mode: bool, scope: Scope, depth: int) -> Any:
        is_and = isinstance(e.op, ast.And)
        values = [self.value(v, mode, scope, depth) for v in e.values]
        result: Any = None
        seen_unknown: Any = None
        for v in values:
            if is_unknown(v):
                seen_unknown = _merge_unknown(seen_unknown or v, v)
                continue
            if is_and and not v:
                # a falsy operand: the whole `and` is falsy whatever came before
                return v if seen_unknown is None else False
            if not is_and and v:
                return v if seen_unknown is None else True
            result = v
        return seen_unknown if seen_unknown is not None else result

    def _binop(self, e: ast.BinOp, mode: bool, scope: Scope, depth: int) -> Any:
        left = self.value(e.left, mode, scope, depth)
        right = self.value(e.right, mode, scope, depth)
        if isinstance(e.op, ast.Mult):
            # p * self.training is 0 at eval whatever p is
            for known in (left, right):
                if not is_unknown(known) and isinstance(known, (int, float)) and known == 0:
                    return 0.0
        if is_unknown(left) or is_unknown(right):
            return _merge_unknown(left, right)
        try:
            if isinstance(e.op, ast.Add):
                return left + right
            if isinstance(e.op, ast.Sub):
                return left - right
            if isinstance(e.op, ast.Mult):
                return left * right
            if isinstance(e.op, ast.Div):
                return left / right
        except (TypeError, ZeroDivisionError, OverflowError):
            return UNKNOWN
        return UNKNOWN

    def _name(self, name: str, at: tuple[int, int], mode: bool, scope: Scope, depth: int) -> Any:
        s: Scope | None = scope
        while s is not None:
            if s is self.module_scope:
                # a function runs after the whole module body: every module binding counts
                bindings = list(s.assigns.get(name, ()))
            else:
                bindings = [a for a in s.assigns.get(name, ()) if a.end <= at]
            if not bindings and name in s.params:
                built = self._constructed_as(s, name)
                if not is_unknown(built):
                    return built  # the one literal every construction in the file passes
            if bindings or name in s.params:
                return self._reaching(name, bindings, mode, s, depth)
            if name in s.assigns and s is not self.module_scope:
                return UNKNOWN  # bound later in the scope (loop-carried): do not guess
            at = start_of(s.node) if s.node is not None else at
            s = s.parent
        return UNKNOWN

    def _constructed_as(self, scope: Scope, name: str) -> Any:
        """A parameter of a class's ``__init__`` that every construction of the class in
        this file (at least one; passed on through other constructors) gives the same
        literal: that literal, else UNKNOWN."""
        node = scope.node
        tree = self.module_scope.node
        if not (scope.cls and isinstance(node, ast.FunctionDef) and node.name == "__init__"
                and isinstance(tree, ast.Module)):
            return UNKNOWN
        text = self.attrs.text
        unbuilt = self.assumed is not None
        if text and not unbuilt and all(
                text[max(0, at - 6):at].endswith("class ")  # its own `class X(`
                for at in text_scan.calls_by_name(text).get(scope.cls, ())):
            return UNKNOWN  # built nowhere in this file (the text tells, no walk)
        if self._classes is None:
            self._classes = {}
            for c in tree_walk.classes_and_defs(tree)[0]:
                self._classes.setdefault(c.name, c)
        cls = self._classes.get(scope.cls)
        if cls is None or node not in cls.body:
            return UNKNOWN
        if self._built_by is None:
            self._built_by = ctor_args.constructions(tree)
        assumed: list[tuple[str, str]] = []
        taken = ctor_args.values(cls, name, tree, unbuilt, assumed=assumed,
                                 built_by=self._built_by)
        if taken is None or len(taken) != 1:
            return UNKNOWN
        self.from_constructions = True
        if self.assumed is not None:
            self.assumed.extend(a for a in assumed if a not in self.assumed)
        return next(iter(taken))

    @contextlib.contextmanager
    def defaults_taken(self) -> Iterator[list[tuple[str, str]]]:
        """Within: an outermost class the file never builds is taken at its constructor
        defaults, and each (class, parameter) so taken is added to the list yielded."""
        self.assumed = []
        try:
            yield self.assumed
        finally:
            self.assumed = None

    def _reaching(self, name: str, bindings: list[Assignment], mode: bool, scope: Scope,
                  depth: int, initial: Any = None) -> Any:
        possible: list[Assignment] = []
        definite = False
        for a in bindings:
            status = self.guard_status(a.guards, mode)
            if status is False:
                continue
            if status is True:
                possible = [a]
                definite = True
            else:
                possible.append(a)
        values: list[Any] = []
        if not definite and initial is not None:
            values.append(initial)  # the value before any of these bindings
        elif not definite and name in scope.params:
            values.append(mode if name in FLAG_PARAMS else PARAM)
        for a in possible:
            if a.value is None:
                return UNKNOWN
            values.append(self.value(a.value, mode, scope, depth))
        if not values:
            return UNKNOWN
        out = values[0]
        for v in values[1:]:
            out = _join(out, v)
        return out

    def _self_attr(self, cls: str, attr: str, mode: bool, depth: int) -> Any:
        if attr in self.attrs.foreign:
            return UNKNOWN
        entries = self.attrs.by_class.get(cls, {}).get(attr, [])
        if len(entries) != 1 or self.attrs.assignments_in_text(attr) > self.attrs.seen(attr):
            # set twice, or also somewhere the walk skipped (another class, a script)
            return UNKNOWN
        value, scope = entries[0]
        if value is None or scope is None:
            return UNKNOWN
        train = self.value(value, True, scope, depth)
        evalv = self.value(value, False, scope, depth)
        if is_unknown(train) or is_unknown(evalv) or train != evalv:
            return UNKNOWN  # only constants fold: a mode-dependent attr is mutable state
        return train


def _merge_unknown(a: Any, b: Any) -> _Unknown:
    if (is_unknown(a) and a.from_param) or (is_unknown(b) and b.from_param):
        return PARAM
    return UNKNOWN


def _join(a: Any, b: Any) -> Any:
    """The value of an expression that is either a or b."""
    if is_unknown(a) or is_unknown(b):
        return _merge_unknown(a, b)
    if type(a) is type(b) and a == b:
        return a
    if isinstance(a, (int, float, bool)) and isinstance(b, (int, float, bool)):
        if a == b:
            return a
        if not a and not b:
            return 0.0
    return UNKNOWN


def _compare(op: ast.cmpop, a: Any, b: Any) -> Any:
    try:
        if isinstance(op, ast.Eq):
            return a == b
        if isinstance(op, ast.NotEq):
            return a != b
        if isinstance(op, ast.Is):
            return a is b
        if isinstance(op, ast.IsNot):
            return a is not b
        if isinstance(op, ast.Lt):
            return a < b
        if isinstance(op, ast.LtE):
            return a <= b
        if isinstance(op, ast.Gt):
            return a > b
        if isinstance(op, ast.GtE):
            return a >= b
    except TypeError:
        return UNKNOWN
    return UNKNOWN
