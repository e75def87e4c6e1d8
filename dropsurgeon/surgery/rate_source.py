"""Where a module's forward reads its dropout rates: the expressions, read with ``ast``.

Most transformers layers keep a rate as a float attribute and read it in ``forward``::

    dropout=0.0 if not self.training else self.attention_dropout      # Llama, BART, T5
    nn.functional.dropout(x, p=self.activation_dropout, training=...)  # BART, Whisper
    if dropout_probability < self.layerdrop:                           # LayerDrop
    dropout_p=self.attn_drop.p if self.training else 0.0               # timm, GPT-2, BERT

fx traces none of these forwards, but their source says where the rate lives: a plain
attribute of the module (``self.x``), the rate of a child module (``self.drop.p``), a config
field (``self.config.x``) or something computed.  This module reads a class's ``forward`` (and
the methods it calls on ``self``, one level down) without running anything; which of those
reads hold a number on a given instance is decided by :mod:`dropsurgeon.rates`.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Calls whose second argument (or ``p=``) is a dropout rate.
DROPOUT_FUNCS = frozenset({
    "dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout",
    "feature_dropout", "drop_path", "stochastic_depth", "drop_block_2d", "drop_block_fast_2d",
})
RATE_KEYWORDS_OF_DROPOUT = ("p", "drop_prob", "prob")
# Keyword arguments that carry an attention-dropout rate into another call
# (transformers' ``attention_interface(..., dropout=...)``, SDPA's ``dropout_p``).
ATTENTION_KEYWORDS = frozenset({"dropout", "dropout_p", "attention_dropout", "attn_dropout",
                                "dropout_rate", "attn_drop"})
ATTENTION_FUNCS = frozenset({"scaled_dot_product_attention", "multi_head_attention_forward"})
CHILD_RATE_ATTRS = ("p", "drop_prob", "drop_rate", "prob")

SELF, CHILD, CONFIG, COMPUTED = "self", "child", "config", "computed"
DROPOUT, ATTENTION, LAYERDROP, DROP_PATH = "dropout", "attention", "layerdrop", "drop_path"


@dataclass(frozen=True)
class RateRead:
    """One place a forward reads a rate.

    ``via``: ``self`` (``self.<attr>``), ``child`` (``self.<attr>.<child_attr>``), ``config``
    (``self.config.<attr>``) or ``computed`` (``text`` is the expression).  ``role`` says what
    the rate feeds: ``dropout`` (a functional dropout call), ``attention`` (an attention call's
    dropout), ``layerdrop`` (a comparison with a random draw), ``drop_path``.
    ``line``..``end_line`` span the call or comparison that uses it.
    """

    via: str
    attr: str
    role: str
    path: str
    line: int
    end_line: int
    text: str
    child_attr: str = ""
    function: str = "forward"
    # (file, line) of the dropout calls inside a helper the rate was passed to
    inner: tuple[tuple[str, int], ...] = ()

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


def _callee(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


class _Reads:
    """Collect rate reads in one function's AST."""

    def __init__(self, fn: ast.FunctionDef, path: str, offset: int, source: str,
                 scope: dict[str, Any] | None = None, cls: type | None = None) -> None:
        self.fn = fn
        self.scope = scope or {}  # the function's globals: resolves helper functions
        self.cls = cls
        self.path = path
        self.offset = offset
        self.source = source
        self.out: list[RateRead] = []
        self.locals: dict[str, ast.expr] = {}
        for node in ast.walk(fn):  # simple local names: ``dropout = self.x if ... else 0``
            if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name):
                self.locals[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                    and node.value is not None:
                self.locals[node.target.id] = node.value

    def text(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ast.unparse(node)

    def refs(self, node: ast.expr, depth: int = 0) -> list[tuple[str, str, str, str]]:
        """(via, attr, child_attr, text) of every rate reference in an expression."""
        if isinstance(node, ast.Constant):
            return []
        if isinstance(node, ast.IfExp):
            return self.refs(node.body, depth) + self.refs(node.orelse, depth)
        if isinstance(node, ast.Attribute):
            if _is_self(node.value):
                if node.attr == "training":
                    return []
                return [(SELF, node.attr, "", self.text(node))]
            inner = node.value
            if isinstance(inner, ast.Attribute) and _is_self(inner.value):
                if inner.attr == "config":
                    return [(CONFIG, node.attr, "", self.text(node))]
                if node.attr in CHILD_RATE_ATTRS:
                    return [(CHILD, inner.attr, node.attr, self.text(node))]
        if isinstance(node, ast.Name) and depth < 3 and node.id in self.locals:
            return self.refs(self.locals[node.id], depth + 1)
        if isinstance(node, ast.Name):
            return []  # a parameter or a global: not a rate the module keeps
        uses_self = any(isinstance(n, ast.Attribute) and _is_self(n.value)
                        and n.attr != "training" for n in ast.walk(node))
        return [(COMPUTED, "", "", self.text(node))] if uses_self else []

    def add(self, expr: ast.expr, role: str, at: ast.AST,
            inner: tuple[tuple[str, int], ...] = ()) -> None:
        line = self.offset + at.lineno - 1
        end = self.offset + (getattr(at, "end_lineno", None) or at.lineno) - 1
        for via, attr, child_attr, text in self.refs(expr):
            self.out.append(RateRead(via, attr, role, self.path, line, end, text, child_attr,
                                     self.fn.name, inner))

    def scan(self) -> list[RateRead]:
        for node in ast.walk(self.fn):
            if isinstance(node, ast.Call):
                self._call(node)
            elif isinstance(node, ast.Compare):
                self._compare(node)
        return self.out

    def _call(self, node: ast.Call) -> None:
        name = _callee(node.func)
        # ``self.dropout(x)`` calls a child module: that module is its own site.
        module_call = isinstance(node.func, ast.Attribute) and _is_self(node.func.value)
        if name in DROPOUT_FUNCS and not module_call:
            expr = next((k.value for k in node.keywords if k.arg in RATE_KEYWORDS_OF_DROPOUT),
                        None)
            if expr is None and len(node.args) > 1:
                expr = node.args[1]
            if expr is not None:
                role = DROP_PATH if name in ("drop_path", "stochastic_depth") else DROPOUT
                self.add(expr, role, node)
            return
        if name in ATTENTION_FUNCS and len(node.args) > 4 and \
                not any(k.arg == "dropout_p" for k in node.keywords):
            self.add(node.args[4], ATTENTION, node)
        for kw in node.keywords:
            if kw.arg in ATTENTION_KEYWORDS:
                self.add(kw.value, ATTENTION, node)
        # A helper that passes one of its parameters on as the rate (Bloom's
        # ``dropout_add(x, residual, self.hidden_dropout, self.training)``).
        helper, skip = self._helper(node)
        if helper is not None:
            given = {k.arg for k in node.keywords}
            for param, index, role, inner in helper_rate_params(helper):
                if param in ATTENTION_KEYWORDS and param in given:
                    continue  # already read as an attention keyword above
                expr = next((k.value for k in node.keywords if k.arg == param), None)
                if expr is None and len(node.args) > index - skip >= 0:
                    expr = node.args[index - skip]
                if expr is not None:
                    self.add(expr, role, node, inner)

    def _helper(self, node: ast.Call) -> tuple[Any, int]:
        """The plain function (or method) a call runs, and how many leading parameters
        the call does not pass (``self``)."""
        if isinstance(node.func, ast.Name):
            fn = self.scope.get(node.func.id)
            return (fn, 0) if inspect.isfunction(fn) and not _library_function(fn) else (None, 0)
        if isinstance(node.func, ast.Attribute) and _is_self(node.func.value) \
                and self.cls is not None:
            fn = inspect.getattr_static(self.cls, node.func.attr, None)
            if isinstance(fn, staticmethod):
                return (fn.__func__, 0) if not _library_function(fn.__func__) else (None, 0)
            if inspect.isfunction(fn) and not _library_function(fn):
                return fn, 1
        return None, 0

    def _compare(self, node: ast.Compare) -> None:
        # LayerDrop: ``if torch.rand([]) < self.layerdrop`` / ``dropout_probability < ...``
        for side in (node.left, *node.comparators):
            if isinstance(side, ast.Attribute) and "drop" in side.attr.lower() and (
                    _is_self(side.value) or (isinstance(side.value, ast.Attribute)
                                             and _is_self(side.value.value)
                                             and side.value.attr == "config")):
                others = [s for s in (node.left, *node.comparators) if s is not side]
                if any(self._random(o) for o in others):
                    self.add(side, LAYERDROP, node)

    def _random(self, node: ast.expr, depth: int = 0) -> bool:
        if isinstance(node, ast.Call):
            return _callee(node.func) in ("rand", "uniform", "random", "rand_like", "random_")
        if isinstance(node, ast.Name) and depth < 2 and node.id in self.locals:
            return self._random(self.locals[node.id], depth + 1)
        return False


def _library_function(fn: Any) -> bool:
    return (getattr(fn, "__module__", "") or "").startswith(("torch.", "torch", "dropsurgeon."))


def _parse_function(fn: Any) -> tuple[Any, str, int, str] | None:
    """(function AST, file, first line, dedented source) or None when unreadable."""
    try:
        lines, start = inspect.getsourcelines(fn)
        path = inspect.getsourcefile(fn) or "<unknown>"
    except (OSError, TypeError):
        return None
    source = textwrap.dedent("".join(lines))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    return node, path, start, source


@lru_cache(maxsize=1024)
def helper_rate_params(fn: Any) -> tuple[tuple[str, int, str, tuple[tuple[str, int], ...]], ...]:
    """(parameter, index, role, call lines) of a function's parameters that it uses as a
    dropout rate; the lines are those of the dropout calls that use them."""
    parsed = _parse_function(inspect.unwrap(fn))
    if parsed is None:
        return ()
    node, path, start, source = parsed
    params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
    reads = _Reads(node, path, start, source)
    out: dict[str, str] = {}
    lines: dict[str, list[tuple[str, int]]] = {}

    def collect(expr: ast.expr, role: str, at: ast.AST, inner: tuple = ()) -> None:
        for sub in ast.walk(expr):
            if isinstance(sub, ast.Name) and sub.id in params:
                out.setdefault(sub.id, role)
                lines.setdefault(sub.id, []).append((path, start + at.lineno - 1))

    reads.add = collect  # type: ignore[method-assign]
    reads.scan()
    return tuple((p, params.index(p), role, tuple(lines[p])) for p, role in out.items())


def _function_reads(fn: Any, cls: type | None = None) -> tuple[list[RateRead], set[str]]:
    """Reads in one function, and the ``self.<method>`` names it calls."""
    fn = inspect.unwrap(fn)
    parsed = _parse_function(fn)
    if parsed is None:
        return [], set()
    node, path, start, source = parsed
    reads = _Reads(node, path, start, source, getattr(fn, "__globals__", {}), cls).scan()
    called = {n.func.attr for n in ast.walk(node) if isinstance(n, ast.Call)
              and isinstance(n.func, ast.Attribute) and _is_self(n.func.value)}
    return reads, called


def _library_class(cls: type) -> bool:
    module = cls.__module__ or ""
    return module.startswith(("torch.", "dropsurgeon.")) or module == "torch"


@lru_cache(maxsize=512)
def class_rate_reads(cls: type) -> tuple[RateRead, ...]:
    """Every rate read in ``cls.forward`` and the methods it calls on ``self`` (one level).

    torch.nn's own classes are not read: their rates (``p``, MHA/RNN ``dropout``) are known.
    """
    if _library_class(cls) or not isinstance(cls, type):
        return ()
    forward = getattr(cls, "forward", None)
    if forward is None:
        return ()
    reads, called = _function_reads(forward, cls)
    for name in sorted(called):
        method = inspect.getattr_static(cls, name, None)
        if isinstance(method, (staticmethod, classmethod)):
            method = method.__func__
        if inspect.isfunction(method) and not (method.__module__ or "").startswith("torch."):
            more, _ = _function_reads(method, cls)
            reads += more
    seen: set[tuple] = set()
    unique = []
    for r in reads:
        key = (r.via, r.attr, r.child_attr, r.role, r.path, r.line)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return tuple(unique)
