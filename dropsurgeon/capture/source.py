"""The source front-end: dropout sites read from a file's AST, without importing it.

``scan_source(text, path)`` parses the text, walks every function with the conditions that
guard each statement, and turns each dropout-family call or construction into a
:class:`~dropsurgeon.sites.Site` (``frontend="source"``).  The training flag and ``p`` are
followed through the code (see :mod:`.source_flow`), so ``training=self.training and
self.use_dropout`` or ``dropout_p=p`` with ``p = self.p if self.training else 0.0`` come out
right.  Rules that only a static scan can check (``Rule.check_source``) run here too.

This module must not import torch and must never execute user code.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ..sites import ATTENTION, DROP_PATH, MODULE, RANDOM, RNN, Site
from . import ctor_args, tree_walk
from .source_flow import (
    FLAG_PARAMS,
    UNKNOWN,
    ClassAttrs,
    Evaluator,
    Guard,
    Scope,
    and3,
    end_of,
    is_unknown,
    scope_for_function,
    start_of,
    terminates,
    truthy,
)
from .source_intent import (
    CommentIndex,
    comment_says_intended,
    docstring_says_intended,
    mc_class,
    opt_in_name,
    whole_job_is,
)
from .source_names import CallSpec, Names, argument, has_star_args, literal_number
from .source_random import judge_random, probability_of, training_branch
from .source_reach import CallerIndex, Hop, MethodSpans, Reach, trace_steps
from .text_scan import literal_offsets

FRONTEND = "source"
_MODULE_BASE = re.compile(r"(Module|Model|Layer|Block|Net|Attention|Encoder|Decoder|Head|Mixin)$")
# Classes that hold a `forward` but are no model: autograd Functions, data transforms and
# augmentations (random by design), hooks, unittest cases.
_NOT_MODULE_BASE = re.compile(r"(Function|Transform|Transforms|Hook|TestCase)$|Augment")
_DATA_CLASS = re.compile(r"(Transform|Transforms)$|Augment|Mixup|CutMix|^Test|"
                         r"(Loss|Criterion|Objective)$")


@dataclass
class SourceScan:
    path: str
    sites: list[Site]  # frontend="source"
    context: SourceContext | None = None  # what the walk learned; the lint runs rules over it
    error: str | None = None  # e.g. "syntax error at line 3: ..." (then no sites, no context)


@dataclass
class CallRecord:
    """A call seen while walking: where it is and which conditions guard it."""

    call: ast.Call
    scope: Scope
    guards: tuple[Guard, ...]


@dataclass
class SourceContext:
    """Everything the walk learned about one file; ``Rule.check_source`` functions read it."""

    path: str
    text: str
    tree: ast.Module
    names: Names
    module_scope: Scope
    scopes: list[Scope]
    evaluator: Evaluator
    calls: list[CallRecord] = field(default_factory=list)
    # (scope, attribute, assignment node, guards) for every `self.<attr> = ...`
    self_assigns: list[tuple[Scope, str, ast.stmt, tuple[Guard, ...]]] = field(
        default_factory=list
    )
    sites: list[Site] = field(default_factory=list)
    forward_scopes: set[int] | None = None  # id(scope.node) of forward code (computed lazily)
    attr_of_call: dict[int, str] = field(default_factory=dict)  # id(call) -> self.<attr>
    module_classes: set[str] = field(default_factory=set)  # classes that look like nn.Module
    attrs: ClassAttrs | None = None  # self.<attr> bindings per class (for guards and flags)
    _lines: list[str] | None = field(default=None, repr=False)
    _comments: CommentIndex | None = field(default=None, repr=False)
    # Per-file indexes that several rules derive from the tree (each built once: a full
    # Python-level walk of a large file costs more than parsing it).
    memo: dict[str, object] = field(default_factory=dict, repr=False)

    def release(self) -> None:
        """Break the reference cycles of the file's analysis once its findings are out.

        A guard names the scope it was written in, and the scope keeps the assignments
        under that guard: a cycle through the whole AST, which reference counting cannot
        free.  Left to the cyclic collector, every collection while the next files are
        linted traversed the dead trees again (a tenth of the lint of a large tree)."""
        for scope in (self.module_scope, *self.scopes):
            scope.assigns.clear()
        self.calls.clear()
        self.self_assigns.clear()
        self.memo.clear()

    @property
    def comments(self) -> CommentIndex:
        if self._comments is None:
            self._comments = CommentIndex(self.text)  # tokenized only when a site asks
        return self._comments

    def segment(self, node: ast.AST) -> str:
        """The source text of a node (ast.get_source_segment re-splits the file per call)."""
        if self._lines is None:
            self._lines = self.text.splitlines(keepends=True)
        lines = self._lines
        try:
            first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
            c0, c1 = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
            if first == last:
                return lines[first].encode()[c0:c1].decode()
            parts = [lines[first].encode()[c0:].decode()]
            parts += lines[first + 1:last]
            parts.append(lines[last].encode()[:c1].decode())
            return "".join(parts)
        except (AttributeError, IndexError, TypeError, UnicodeDecodeError):
            return ast.unparse(node)

    def has_self(self, scope: Scope | None) -> bool:
        """True inside a method of an nn.Module-like class (nested functions included)."""
        s = scope
        while s is not None:
            if s.is_method:
                return bool(s.params) and s.params[0] == "self" and s.cls in self.module_classes
            s = s.parent
        return False

    def in_forward(self, scope: Scope | None) -> bool:
        if scope is not None and scope.is_method and scope.name == "__init__":
            return False  # where modules belong; answered without walking every forward
        if self.forward_scopes is None:
            self.forward_scopes = _forward_scopes(self)  # only files that need it pay
        s = scope
        while s is not None:
            if id(s.node) in self.forward_scopes:
                return True
            s = s.parent
        return False


# -- entry points ----------------------------------------------------------------------------


def scan_file(path: str) -> SourceScan:
    """Read and scan one file; bad input becomes ``SourceScan.error``, never an exception."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return SourceScan(path, [], error=f"cannot read: {exc.strerror or exc}")
    return scan_source(decode_source(data), path)


def decode_source(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), falling back to latin-1 so any bytes decode."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_source(text: str, path: str) -> ast.Module:
    """The file's tree; code written before Python 3.7 made ``async`` a keyword
    (``x.cuda(async=True)``, common in 2017-2018 PyTorch code) is read with the 3.6 grammar
    rather than given up on.  The first error is the one raised."""
    try:
        return ast.parse(text, filename=path, type_comments=False)
    except SyntaxError as first:
        if "async" not in text:
            raise
        try:
            return ast.parse(text, filename=path, type_comments=False,
                             feature_version=(3, 6))
        except SyntaxError:
            raise first from None


def scan_source(text: str, path: str) -> SourceScan:
    try:
        tree = parse_source(text, path)
    except SyntaxError as exc:
        return SourceScan(path, [], error=f"syntax error at line {exc.lineno}: {exc.msg}")
    except (ValueError, RecursionError, MemoryError) as exc:
        return SourceScan(path, [], error=f"cannot parse: {exc}")
    try:
        ctx = analyse(tree, text, path)
    except RecursionError:
        return SourceScan(path, [], error="cannot analyse: nesting too deep")
    return SourceScan(path, ctx.sites, ctx)


def analyse(tree: ast.Module, text: str, path: str) -> SourceContext:
    """Walk a parsed file and build its sites (no rules run here)."""
    walker = _Walker(tree, text, path)
    walker.run()
    ctx = walker.ctx
    classifier = _Classifier(ctx, walker.candidates, walker.randoms)
    ctx.sites = classifier.sites()
    classifier._reach = None  # its Reach holds a bound method of the classifier: a cycle
    return ctx


# -- the walk ------------------------------------------------------------------------------

# Words without which a line holds no site: the walk skips expressions on other lines, and
# whole top-level functions and classes without one, which keeps a scan of a large file close
# to the cost of parsing it.  (Found by text_scan.literal_offsets: a pass per rare anchor
# character, much faster than one regex alternation or a str.find per word.)
_HOT_WORDS = (
    "dropout", "drop_path", "drop_prob", "stochastic_depth", "Dropout", "DropPath",
    "StochasticDepth", "flash_attn", "scaled_dot_product_attention",
    "multi_head_attention_forward", "bernoulli", "rand(", "rand_like(", "uniform_", "LSTM",
    "GRU", "RNN(", "lambda",
)
_HOT_LITERALS = tuple((word, None, False) for word in _HOT_WORDS)


_FIND_LIMIT = 16  # more local names than this: one regex pass instead of a find per name
_IDENT_CALL = re.compile(r"\b(\w+)\(")


def _name_calls(text: str, names: set[str]) -> list[int]:
    """Where ``name(`` occurs for any of ``names``, also at the end of a longer identifier
    (as ``str.find`` of ``name(`` would find it)."""
    lengths = sorted({len(n) for n in names})
    out: list[int] = []
    for m in _IDENT_CALL.finditer(text):
        word = m.group(1)
        end = m.end(1)
        for n in lengths:
            if n > len(word):
                break
            if word[-n:] in names:
                out.append(end - n)
    return out


# names of flags that switch a hand-made mask by mode (not a shape or option test)
_MODE_WORD = re.compile(r"test|eval|train|infer|predict|mode|phase|flag|drop|stochastic|"
                        r"determin|sampl", re.IGNORECASE)

class HotLines:
    """The sorted numbers of the lines that may hold a site."""

    def __init__(self, text: str, names: Names) -> None:
        positions = literal_offsets(text, _HOT_LITERALS)  # a pass per anchor, not per word
        local = [*names.hot_aliases(), *names.flag_helpers]
        words = []
        if len(local) > _FIND_LIMIT:
            positions += _name_calls(text, set(local))  # one pass, however many names
        else:
            words = [n + "(" for n in local]
        find = text.find
        for word in words:
            i = find(word)
            while i != -1:
                positions.append(i)
                i = find(word, i + len(word))
        positions.sort()
        lines: list[int] = []
        line, pos = 1, 0
        count = text.count
        for p in positions:
            line += count("\n", pos, p)
            pos = p
            if not lines or lines[-1] != line:
                lines.append(line)
        self.lines = lines

    def spans(self, first: int, last: int) -> bool:
        i = bisect_left(self.lines, first)
        return i < len(self.lines) and self.lines[i] <= last


class _Walker:
    def __init__(self, tree: ast.Module, text: str, path: str) -> None:
        names = Names(tree)
        module_scope = Scope(node=tree, name="<module>", cls="", parent=None)
        self.attrs = ClassAttrs(text)
        self.ctx = SourceContext(
            path=path, text=text, tree=tree, names=names, module_scope=module_scope,
            scopes=[module_scope], evaluator=Evaluator(module_scope, self.attrs),
            attrs=self.attrs,
        )
        self.candidates: list[tuple[CallRecord, CallSpec]] = []
        self.randoms: list[tuple[CallRecord, str, ast.expr | None]] = []  # (draw, op, prob)
        self.hot = HotLines(text, names)
        self.control: set[int] = set()  # ids of comparisons used as if/while/assert tests
        self._plain: set[str] = set()  # the file's classes that are no modules

    def run(self) -> None:
        self._stmts(self.ctx.tree.body, (), self.ctx.module_scope, "")

    # statements
    def _stmts(self, stmts: list[ast.stmt], guards: tuple[Guard, ...], scope: Scope,
               cls: str) -> None:
        g = guards
        top = scope is self.ctx.module_scope
        for s in stmts:
            if top and isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and (
                not self.hot.spans(s.lineno, s.end_lineno or s.lineno)
            ):
                # nothing here can hold a site: bind the name, skip the body
                scope.bind(s.name, None, end_of(s), g)
                continue
            self._stmt(s, g, scope, cls)
            if isinstance(s, ast.If):
                # `if not self.training: return x` guards everything after it
                if terminates(s.body) and not terminates(s.orelse):
                    g = (*g, (s.test, False, scope))
                elif s.orelse and terminates(s.orelse) and not terminates(s.body):
                    g = (*g, (s.test, True, scope))

    def _stmt(self, s: ast.stmt, g: tuple[Guard, ...], scope: Scope, cls: str) -> None:
        kind = s.__class__  # the commonest statements first, by exact class (ast.parse's)
        if kind is ast.Expr or kind is ast.Return:
            if s.value is not None:  # type: ignore[attr-defined]
                self._hx(s.value, g, scope, cls)  # type: ignore[attr-defined]
            return
        if kind is ast.Assign:
            self._hx(s.value, g, scope, cls)  # type: ignore[attr-defined]
            for t in s.targets:  # type: ignore[attr-defined]
                self._target(t, s.value, s, g, scope, cls)  # type: ignore[attr-defined]
            return
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in s.decorator_list:
                self._hx(d, g, scope, cls)
            self._defaults(s.args, g, scope, cls)
            is_method = isinstance(scope.node, ast.ClassDef)
            parent = self.ctx.module_scope if is_method else scope
            inner = scope_for_function(s, s.name, cls, parent, is_method)
            self.ctx.scopes.append(inner)
            if not is_method:
                scope.bind(s.name, None, end_of(s), g)
            self._stmts(s.body, g if not is_method else (), inner, cls)
            return
        if isinstance(s, ast.ClassDef):
            for e in (*s.bases, *s.decorator_list, *(k.value for k in s.keywords)):
                self._hx(e, g, scope, cls)
            class_scope = Scope(node=s, name=s.name, cls=s.name, parent=scope)
            if self._module_like(s):
                self.ctx.module_classes.add(s.name)
            for item in s.body:
                if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(
                    item.targets[0], ast.Name
                ):
                    self.attrs.add(s.name, item.targets[0].id, item.value, self.ctx.module_scope)
                self._stmt(item, (), class_scope, s.name)
            scope.bind(s.name, None, end_of(s), g)
            return
        if isinstance(s, (ast.If, ast.While, ast.Assert)):
            self._mark_control(s.test)
        if isinstance(s, ast.If):
            self._hx(s.test, g, scope, cls)
            self._stmts(s.body, (*g, (s.test, True, scope)), scope, cls)
            self._stmts(s.orelse, (*g, (s.test, False, scope)), scope, cls)
            return
        if isinstance(s, ast.While):
            self._hx(s.test, g, scope, cls)
            self._stmts(s.body, (*g, (s.test, True, scope)), scope, cls)
            self._stmts(s.orelse, g, scope, cls)
            return
        if isinstance(s, (ast.For, ast.AsyncFor)):
            self._hx(s.iter, g, scope, cls)
            self._target(s.target, None, s, g, scope, cls)
            self._stmts(s.body, g, scope, cls)
            self._stmts(s.orelse, g, scope, cls)
            return
        if isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                self._hx(item.context_expr, g, scope, cls)
                if item.optional_vars is not None:
                    self._target(item.optional_vars, None, s, g, scope, cls)
            self._stmts(s.body, g, scope, cls)
            return
        if isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self._hx(s.value, g, scope, cls)
                self._target(s.target, s.value, s, g, scope, cls)
            return
        if isinstance(s, ast.AugAssign):
            self._hx(s.value, g, scope, cls)
            self._target(s.target, None, s, g, scope, cls)
            return
        for child in ast.iter_child_nodes(s):
            if isinstance(child, ast.stmt):
                continue  # handled as blocks below
            if isinstance(child, ast.expr):
                self._hx(child, g, scope, cls)
            elif isinstance(child, ast.excepthandler):
                if child.type is not None:
                    self._hx(child.type, g, scope, cls)
                if child.name:
                    scope.bind(child.name, None, end_of(child), g)
                self._stmts(child.body, g, scope, cls)
            elif isinstance(child, ast.match_case):
                self._stmts(child.body, g, scope, cls)
        for fname in ("body", "orelse", "finalbody"):
            block = getattr(s, fname, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                self._stmts(block, g, scope, cls)

    def _module_like(self, node: ast.ClassDef) -> bool:
        bases = [self.ctx.names.qualify(b) or "" for b in node.bases]
        if bases and all(b.startswith("<local>.") and b[len("<local>."):] in self._plain
                         for b in bases):
            self._plain.add(node.name)
            return False  # built only on this file's classes that are no modules
        if module_like(node, self.ctx.names, self.ctx.module_classes):
            return True
        self._plain.add(node.name)
        return False

    def _defaults(self, args: ast.arguments, g: tuple[Guard, ...], scope: Scope,
                  cls: str) -> None:
        for d in (*args.defaults, *(d for d in args.kw_defaults if d is not None)):
            self._hx(d, g, scope, cls)

    def _target(self, t: ast.expr, value: ast.expr | None, stmt: ast.AST,
                g: tuple[Guard, ...], scope: Scope, cls: str) -> None:
        if isinstance(t, ast.Name):
            scope.bind(t.id, value, end_of(stmt), g)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for elt in t.elts:
                self._target(elt, None, stmt, g, scope, cls)
        elif isinstance(t, ast.Starred):
            self._target(t.value, None, stmt, g, scope, cls)
        elif isinstance(t, ast.Attribute):
            self._hx(t.value, g, scope, cls)
            if isinstance(t.value, ast.Name) and t.value.id == "self" and cls:
                if isinstance(value, ast.Call):
                    self.ctx.attr_of_call[id(value)] = t.attr
                attr_value = value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
                self.attrs.add(cls, t.attr, attr_value, scope)
                scope.bind("self." + t.attr, attr_value, end_of(stmt), g)
                if isinstance(stmt, ast.stmt):
                    self.ctx.self_assigns.append((scope, t.attr, stmt, g))
            else:
                self.attrs.foreign.add(t.attr)
                if isinstance(t.value, ast.Name) and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                    # `ctx.train = train` in an autograd Function: followed like a local
                    scope.bind(f"{t.value.id}.{t.attr}", value, end_of(stmt), g)
        else:
            self._hx(t, g, scope, cls)

    # expressions
    def _hx(self, e: ast.expr, g: tuple[Guard, ...], scope: Scope, cls: str) -> None:
        """Walk an expression only when it spans a hot line (one that may hold a site)."""
        if self.hot.spans(e.lineno, e.end_lineno or e.lineno):
            self._expr(e, g, scope, cls)

    def _expr(self, e: ast.expr, g: tuple[Guard, ...], scope: Scope, cls: str) -> None:
        kind = e.__class__
        if kind is ast.Name or kind is ast.Constant:
            return  # no expression inside
        if kind is ast.Attribute:
            self._expr(e.value, g, scope, cls)  # type: ignore[attr-defined]
            return
        if isinstance(e, ast.Call):
            self._call(e, g, scope, cls)
            if len(e.args) == 3 and not e.keywords and (
                self.ctx.names.qualify(e.func) == "torch.where"
            ):
                # `torch.where(switch, F.dropout(x), x)`: each branch guarded like an `if`
                cond, yes, no = e.args
                self._expr(e.func, g, scope, cls)
                self._expr(cond, g, scope, cls)
                self._expr(yes, (*g, (cond, True, scope)), scope, cls)
                self._expr(no, (*g, (cond, False, scope)), scope, cls)
                return
        elif isinstance(e, ast.IfExp):
            self._mark_control(e.test)
            self._expr(e.test, g, scope, cls)
            self._expr(e.body, (*g, (e.test, True, scope)), scope, cls)
            self._expr(e.orelse, (*g, (e.test, False, scope)), scope, cls)
            return
        elif isinstance(e, ast.BoolOp):
            inner = g
            for v in e.values:
                self._expr(v, inner, scope, cls)
                inner = (*inner, (v, isinstance(e.op, ast.And), scope))
            return
        elif isinstance(e, ast.Lambda):
            # a lambda inside a method runs with the method's `self`: keep its scope chain
            lam = scope_for_function(e, "<lambda>", cls, scope, False)
            self.ctx.scopes.append(lam)
            self._defaults(e.args, g, scope, cls)
            self._expr(e.body, g, lam, cls)
            return
        elif isinstance(e, ast.NamedExpr):
            self._expr(e.value, g, scope, cls)
            scope.bind(e.target.id, e.value, end_of(e), g)
            return
        elif isinstance(e, ast.Compare):
            self._random_compare(e, g, scope, cls)
        for child in ast.iter_child_nodes(e):
            if isinstance(child, ast.expr):
                self._expr(child, g, scope, cls)
            elif isinstance(child, ast.comprehension):
                self._expr(child.iter, g, scope, cls)
                self._target(child.target, None, child, g, scope, cls)
                for cond in child.ifs:
                    self._expr(cond, g, scope, cls)
            elif isinstance(child, ast.keyword):
                self._expr(child.value, g, scope, cls)

    def _call(self, call: ast.Call, g: tuple[Guard, ...], scope: Scope, cls: str) -> None:
        record = CallRecord(call, scope, g)
        self.ctx.calls.append(record)
        qualified = self.ctx.names.qualify(call.func)
        if qualified is None:
            if isinstance(call.func, ast.Attribute) and call.func.attr in ("bernoulli_",
                                                                           "bernoulli"):
                self.randoms.append((record, call.func.attr, _bernoulli_prob(call)))
            return
        spec = self.ctx.names.spec_for(qualified)
        if spec is not None:
            self.candidates.append((record, spec))
        elif qualified in ("torch.bernoulli",) or (
            isinstance(call.func, ast.Attribute) and call.func.attr == "bernoulli_"
        ):
            self.randoms.append((record, qualified.rsplit(".", 1)[-1], _bernoulli_prob(call)))

    def _mark_control(self, test: ast.expr) -> None:
        """Comparisons that only steer control flow (``if torch.rand(1) < p:``) are no mask."""
        stack = [test]
        while stack:
            e = stack.pop()
            if isinstance(e, ast.BoolOp):
                stack.extend(e.values)
            elif isinstance(e, ast.UnaryOp):
                stack.append(e.operand)
            elif isinstance(e, ast.Compare):
                self.control.add(id(e))

    def _random_compare(self, e: ast.Compare, g: tuple[Guard, ...], scope: Scope,
                        cls: str) -> None:
        if id(e) in self.control:
            return
        operands = (e.left, *e.comparators)
        for operand in operands:
            if isinstance(operand, ast.Call) and not _scalar_draw(operand):
                q = self.ctx.names.qualify(operand.func) or ""
                if q in ("torch.rand", "torch.rand_like") or (
                    isinstance(operand.func, ast.Attribute) and operand.func.attr == "uniform_"
                ):
                    other = next((o for o in operands if o is not operand), None)
                    self.randoms.append((CallRecord(operand, scope, g), q or "uniform_",
                                         other if len(operands) == 2 else None))

def module_like(node: ast.ClassDef, names: Names, known: set[str]) -> bool:
    """Does this class look like an ``nn.Module`` model (so ``self.training`` exists)?

    Data transforms and augmentations (``HalfHop(BaseTransform)``, ``MixupAugment``) are
    random by design and autograd ``Function``s have a ``forward`` taking ``ctx``: neither is
    a model whose eval mode a rule could judge.
    """
    if _DATA_CLASS.search(node.name):
        return False
    if "Loss" in node.name and not _MODULE_BASE.search(node.name):
        return False  # a loss with a suffix (`FocalLossAugd`, `BCELossMasked`), not a model
    lasts = []
    for b in node.bases:
        q = names.qualify(b) or ""
        lasts.append((q, q.rsplit(".", 1)[-1]))
    if any(_NOT_MODULE_BASE.search(last) for _, last in lasts):
        return False
    for q, last in lasts:
        if q.startswith("torch.nn.") or last in known or _MODULE_BASE.search(last):
            return True
    if lasts and all(q.startswith("abc.") for q, _ in lasts):
        return False  # an abstract base of a framework of its own (`Block(abc.ABC)`): no module
    for n in node.body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "forward":
            a = n.args
            first = (a.posonlyargs or a.args or [None])[0]
            static = any(isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
                         for d in n.decorator_list)
            return not static and first is not None and first.arg == "self"
    return False


def _forward_scopes(ctx: SourceContext) -> set[int]:
    """Scopes that run during ``forward``: forward itself and what it calls (one level)."""
    forward_ids: set[int] = set()
    methods: dict[tuple[str, str], Scope] = {}
    functions: dict[str, Scope] = {}
    for s in ctx.scopes:
        if s.is_method:
            methods[(s.cls, s.name)] = s
            if s.name == "forward":
                forward_ids.add(id(s.node))
        elif s.parent is ctx.module_scope:
            functions[s.name] = s
    called: set[int] = set()
    for s in ctx.scopes:
        if id(s.node) not in forward_ids:
            continue
        lazy = tree_walk.lazy_init_calls(s.node)  # built once, registered: not per pass
        for node in ast.walk(s.node):
            if not isinstance(node, ast.Call) or id(node) in lazy:
                continue
            f = node.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and (
                f.value.id == "self"
            ):
                target = methods.get((s.cls, f.attr))
                if target is not None:
                    called.add(id(target.node))
            elif isinstance(f, ast.Name) and f.id in functions:
                called.add(id(functions[f.id].node))
    return forward_ids | called


# -- classification ------------------------------------------------------------------------


@dataclass
class _Flag:
    label: str
    train: bool | None
    eval: bool | None
    tied: str | None = None  # `self.is_training`: an attribute that does not follow .eval()


# Argument names that switch dropout or sampling on and off for the caller.
_SWITCH_PARAM = re.compile(r"drop|noise|noisy|inference|infer|sample|sampling|stochastic|"
                           r"deterministic|^use_|^apply_|^enable|^disable|^mc|perturb|switch|"
                           r"^eval|_mode$|^mode$|augment", re.IGNORECASE)
# A module's own on/off switch of its dropout (`self.use_dropout`, `self.mc_mode`); not a rate
_SWITCH_ATTR = re.compile(r"^(use|apply|enable|disable|do|with)_|^is_|switch|_mode$|^mode$|"
                          r"stochastic|deterministic|infer|^eval|^mc_|sampl", re.IGNORECASE)
# Attribute names that read like a mode flag (`self.is_training`, `cfg.training_mode`).
_MODE_ATTR = re.compile(r"^(is_)?(train|training|trainable|train_mode|training_mode|is_train)$")
_CONFIG_OBJ = re.compile(r"^(config|cfg|conf|args|opt|opts|options|hparams|params|settings|"
                         r"hp|flags)$", re.IGNORECASE)


class _Classifier:
    """Turn recorded calls into sites: resolve p and the flag in train and eval mode."""

    def __init__(self, ctx: SourceContext, candidates: list[tuple[CallRecord, CallSpec]],
                 randoms: list[tuple[CallRecord, str, ast.expr | None]]) -> None:
        self.ctx = ctx
        self.ev = ctx.evaluator
        self.candidates = candidates
        self.randoms = randoms
        self._model_cache: dict[int, bool] = {}
        # indexes built once per file on first use (a scan per helper was quadratic)
        self._caller_index: CallerIndex | None = None
        self._reach: Reach | None = None
        self._spans: MethodSpans | None = None
        self._module_functions: dict[str, Scope] | None = None

    def sites(self) -> list[Site]:
        out: list[Site] = []
        for rec, spec in self.candidates:
            if spec.kind == MODULE or (spec.kind == DROP_PATH and spec.flag_default is None):
                site = self._module(rec, spec)
            elif spec.kind == RNN:
                site = self._rnn(rec, spec)
            else:
                site = self._functional(rec, spec)
                if site is not None:
                    out.extend(self._helper_callers(rec, spec, site))
                    if site.extra.get("caller_decides"):
                        out.extend(self._switch_callers(rec, site))
            if site is not None:
                out.append(site)
        seen: set[int] = set()
        for rec, op, prob in self.randoms:
            if id(rec.call) in seen:
                continue
            seen.add(id(rec.call))
            site = self._random(rec, op, prob)
            if site is not None:
                out.append(site)
        if "(1" in self.ctx.text and any(s.kind == MODULE and s.extra.get("attr") for s in out):
            self._eval_rescales(out)
        out.sort(key=lambda s: (s.line or 0, s.column))
        return out

    # -- eval-time (1 - p) rescaling (DS304 at the multiplication) ---------------------
    def _eval_rescales(self, sites: list[Site]) -> None:
        """Find ``x * (1 - self.drop.p)`` on an eval-only path and tell the dropout's site.

        The bug is at the multiplication, so its position goes on the site
        (``extra["eval_rescale"]``) for the rule to report there, not at the constructor.
        """
        text = self.ctx.text
        by_class: dict[str, list[Site]] = {}
        for s in sites:
            if s.kind == MODULE:
                by_class.setdefault(s.module, []).append(s)
        line, pos = 1, 0
        for m in _RESCALE.finditer(text):
            line += text.count("\n", pos, m.start())
            pos = m.start()
            rate = (m.group(1) or m.group(2)).replace(" ", "")
            fn = self._method_at(line)
            if fn is None:
                continue
            scope, node = fn
            owners = [s for s in by_class.get(scope.cls, ()) if
                      rate in (f"self.{s.extra.get('attr')}.p", s.p_text, f"self.{s.p_text}")]
            if not owners:
                continue
            found = _mult_on_line(node, line, rate, self.ctx)
            if found is None:
                continue
            mult, guards = found
            gs = tuple((t, w, scope) for t, w in guards)
            if self.ev.reachable(gs, True) or not self.ev.reachable(gs, False):
                continue  # also in training (or never at eval): a plain scaling
            for s in owners:
                s.extra["eval_rescale"] = {"line": mult.lineno, "column": mult.col_offset,
                                           "end_line": mult.end_lineno, "rate": rate}

    def _method_at(self, line: int) -> tuple[Scope, ast.AST] | None:
        if self._spans is None:
            self._spans = MethodSpans(self.ctx.scopes)
        return self._spans.at(line)

    @property
    def reach(self) -> Reach:
        if self._reach is None:
            ctx = self.ctx
            names = (s.name for s in ctx.scopes
                     if not s.is_method and s.parent is ctx.module_scope)
            self._reach = Reach(ctx.text, ctx.tree, names, self._is_model_method)
        return self._reach

    def _is_model_method(self, cls: ast.ClassDef, fn: ast.AST) -> bool:
        if fn.name == "__init__":  # type: ignore[attr-defined]
            return False  # runs once at construction, never at eval
        a = fn.args  # type: ignore[attr-defined]
        first = (a.posonlyargs or a.args or [None])[0]
        return first is not None and first.arg == "self" and module_like(
            cls, self.ctx.names, self.ctx.module_classes)

    # helpers
    def _text(self, node: ast.AST | None) -> str | None:
        if node is None:
            return None
        return self.ctx.segment(node)

    def _base(self, rec: CallRecord, spec: CallSpec, op: str | None = None) -> Site:
        call = rec.call
        site = Site(
            kind=spec.kind,
            op=op or spec.op,
            module=rec.scope.cls,
            path=self.ctx.path,
            line=call.lineno,
            column=call.col_offset,
            frontend=FRONTEND,
            extra={"end_line": call.end_lineno, "end_column": call.end_col_offset,
                   "function": rec.scope.qualname,
                   "in_module_method": self.ctx.has_self(rec.scope)},
        )
        if spec.kind != MODULE and spec.kind != RNN:
            site.extra["model_code"] = self.model_code(rec.scope)
            chain = self.chain_to(rec.scope) if site.extra["model_code"] else None
            if chain:
                site.extra["trace"] = trace_steps(self.ctx.path, chain)
        return site

    def chain_to(self, scope: Scope) -> list[Hop] | None:
        """The calls from a model's method to the top-level function holding ``scope``
        (None for methods, whose own class is the model, and for unreached functions)."""
        if self.ctx.has_self(scope):
            return None
        top = self._top_function(scope)
        return self.reach.chain(top) if top is not None else None

    def _top_function(self, scope: Scope) -> ast.AST | None:
        """The module-level function that holds ``scope`` (None inside a method or in
        module-level code)."""
        s = scope
        while s.parent is not None and s.parent is not self.ctx.module_scope and not s.is_method:
            s = s.parent
        if s.is_method or s.parent is None or not isinstance(
            s.node, (ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            return None
        return s.node

    # -- is this model code? -------------------------------------------------------------
    def model_code(self, scope: Scope) -> bool:
        """Code an ``nn.Module`` runs: its methods, and helpers in the file they call.

        A module-level function is judged through its callers in the file: one that no
        model method calls (a test helper, a function a factory picks by the caller's
        training flag) is not model code, and the mode rules say nothing about it.
        """
        key = id(scope.node)
        cached = self._model_cache.get(key)
        if cached is None:
            cached = self._model_cache[key] = self._judge_model_code(scope)
        return cached

    def _judge_model_code(self, scope: Scope) -> bool:
        if self.ctx.has_self(scope):
            return True
        top = self._top_function(scope)
        if top is None:
            return False  # a method of a class that is no model, or module-level code
        return self.reach.chain(top) is not None

    def _enclosing(self, line: int) -> tuple[ast.ClassDef | None, ast.AST | None]:
        """(class, top-level function or method) whose body holds ``line``."""
        return self.reach.enclosing(line)

    def _mode_like_guard(self, guards: tuple[Guard, ...]) -> bool:
        """Does an undecided guard read a flag named like a mode or a switch of dropout
        (``self.test_flag``, ``self.is_eval``, ``self.dropout_time``, ``phase``)?"""
        for test, _want, scope in guards:
            if not is_unknown(truthy(self.ev.value(test, False, scope))):
                continue
            names = [n.attr if isinstance(n, ast.Attribute) else n.id for n in ast.walk(test)
                     if isinstance(n, (ast.Attribute, ast.Name))]
            if any(_MODE_WORD.search(n) for n in names):
                return True
        return False

    @staticmethod
    def _off_by_default_switch(rec: CallRecord) -> bool:
        """Is the call guarded by ``if flag:`` on a parameter of its own function whose
        default is a false literal (``need_fp=False``)?"""
        for test, want, gscope in rec.guards:
            name, on = _switch_test(test, want)
            if name is None or gscope is not rec.scope or name not in gscope.params:
                continue
            default = gscope.defaults.get(name)
            if on and isinstance(default, ast.Constant) and not default.value:
                return True
        return False

    def _caller_decides(self, guards: tuple[Guard, ...]) -> bool:
        """Is the call gated by an argument that switches it (``use_dropout``, ``inference``)?

        Then dropping at eval is the caller's decision.  Other arguments (``mask is not
        None``) only pick a code path: they do not make a missing flag right.
        """
        for test, _want, scope in guards:
            switches = [n.id for n in ast.walk(test) if isinstance(n, ast.Name)
                        and n.id in scope.params and _SWITCH_PARAM.search(n.id)]
            if not switches:
                continue
            v = self.ev.value(test, False, scope)
            if is_unknown(v) and v.from_param:  # type: ignore[union-attr]
                return True
        return False

    def _own_switch_flipped(self, guards: tuple[Guard, ...]) -> bool:
        """Is the call gated by an undecided test on the module's own switch
        (``if self.use_dropout:``) that code other than ``__init__`` may flip: written in
        another method, on another object (``agent.model.use_dropout = ...``), or nowhere
        in this file (a base class of another file)?  Set only in ``__init__`` it is a
        configuration, fixed for train and eval alike, and the missing flag stays a bug."""
        attrs = self.ctx.attrs
        for test, _want, scope in guards:
            if _mentions_training(test) or not is_unknown(
                    truthy(self.ev.value(test, False, scope))):
                continue  # `self.training or self.apply_during_inference`: an opt-in (DS108)
            for n in ast.walk(test):
                if not (isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                        and n.value.id == "self" and _SWITCH_ATTR.search(n.attr)):
                    continue
                if attrs is None or n.attr in attrs.foreign:
                    return True
                entries = attrs.by_class.get(scope.cls, {}).get(n.attr, [])
                in_init = [e for e in entries if e[1] is not None and e[1].name == "__init__"]
                if not entries or len(in_init) < attrs.assignments_in_text(n.attr):
                    return True
        return False

    # -- intent -------------------------------------------------------------------------
    def _intended(self, rec: CallRecord, flag_expr: ast.expr | None, strong: bool = False
                  ) -> str | None:
        """How the code says this dropout stays on at inference on purpose (None: it does not)."""
        call, scope = rec.call, rec.scope
        if flag_expr is not None and not isinstance(flag_expr, ast.Constant) and opt_in_name(
            flag_expr
        ):
            return "a flag named for it"  # training=self.mc_dropout, dropout_at_inference
        for test, _want, gscope in rec.guards:
            # `if self.training or self.apply_during_inference:` lets a flag decide at eval
            if _mentions_training(test) and is_unknown(self.ev.value(test, False, gscope)):
                return "a guard that lets a flag decide at eval"
            if opt_in_name(test):
                return "a guard on a flag named for it"
        if comment_says_intended(self.ctx.comments.near(
            call.lineno, call.end_lineno or call.lineno, _end_col_chars(self.ctx, call)
        ), strong):
            return "a comment says so"
        fn = scope.node if not isinstance(scope.node, ast.Lambda) else None
        if (scope.is_method and isinstance(flag_expr, ast.Constant) and flag_expr.value is True
                and whole_job_is(fn, call)):
            return "an MC-dropout layer"  # its forward is `F.dropout(x, p, training=True)`
        if scope.cls and mc_class(scope.cls):
            return "an MC-dropout layer"
        if docstring_says_intended(fn):
            return "the docstring says so"
        cls_node = self._class_node(scope)
        if cls_node is not None and docstring_says_intended(cls_node):
            return "the class docstring says so"
        return None

    def _class_node(self, scope: Scope) -> ast.ClassDef | None:
        s: Scope | None = scope
        while s is not None and not s.is_method:
            s = s.parent
        if s is None or not s.cls:
            return None
        cls, _ = self._enclosing(getattr(s.node, "lineno", 0))
        return cls

    # -- guards that make p zero ----------------------------------------------------------
    def _guard_zero(self, guards: tuple[Guard, ...], p_expr: ast.expr | None) -> bool:
        """True when the path to the call only runs with the rate zero.

        ``if not p: F.dropout(x, p)`` (inverted), or an attention branch taken only when
        ``self.flash`` is set, with ``self.flash = ... and self.dropout == 0.0`` in
        ``__init__``.
        """
        if p_expr is None:
            return False
        target = self._text(p_expr)
        if not target:
            return False
        for test, want, scope in guards:
            if self._implies_zero(test, want, target, scope, 0):
                return True
        return False

    def _implies_zero(self, test: ast.expr, want: bool, target: str, scope: Scope,
                      depth: int) -> bool:
        if depth > 3:
            return False
        if want and isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            return any(self._implies_zero(v, True, target, scope, depth + 1)
                       for v in test.values)
        if not want and isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
            return any(self._implies_zero(v, False, target, scope, depth + 1)
                       for v in test.values)
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self._implies_zero(test.operand, not want, target, scope, depth + 1)
        text = self._text(test)
        if text == target:
            return not want  # `if p:` ... else: here, or `if not p:` here
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            left, right = self._text(test.left), self._text(test.comparators[0])
            other = right if left == target else left if right == target else None
            if other is not None:
                zero = literal_number(test.comparators[0] if left == target else test.left)
                op = test.ops[0]
                if zero == 0.0:
                    if want and isinstance(op, (ast.Eq, ast.LtE, ast.Is)):
                        return True
                    if not want and isinstance(op, (ast.NotEq, ast.Gt, ast.IsNot)):
                        return True
        if (isinstance(test, ast.Attribute) and isinstance(test.value, ast.Name)
                and test.value.id == "self" and scope.cls and self.ctx.attrs is not None):
            # `if self.flash:` with `self.flash = ... and self.dropout == 0.0` set once
            entries = self.ctx.attrs.by_class.get(scope.cls, {}).get(test.attr, [])
            if len(entries) == 1 and entries[0][0] is not None and entries[0][1] is not None:
                return self._implies_zero(entries[0][0], want, target, entries[0][1],
                                          depth + 1)
        return False

    def _p(self, expr: ast.expr | None, default: float | None, scope: Scope
           ) -> tuple[float | None, object, object]:
        """(p when the same in both modes, value in train, value in eval)."""
        if expr is None:
            return default, default, default
        self.ev.from_constructions = False
        train = self.ev.value(expr, True, scope)
        evalv = self.ev.value(expr, False, scope)
        if self.ev.from_constructions:
            # a rate parameter that this file's constructions all set (or leave) to one
            # value: it decides whether the layer drops, but the layer's own rate stays a
            # setting (no "p=0: remove it" about a configurable block)
            return literal_number(expr), train, evalv
        p = None
        for v in (train,):
            if not is_unknown(v) and isinstance(v, (int, float)) and not isinstance(v, bool):
                p = float(v)
        if p is None:
            lit = literal_number(expr)
            p = lit
        return p, train, evalv

    def _flag(self, expr: ast.expr | None, spec: CallSpec, call: ast.Call, scope: Scope
              ) -> _Flag:
        if expr is None:
            if has_star_args(call):
                return _Flag("unknown", None, None)  # maybe passed through *args/**kwargs
            d = spec.flag_default
            return _Flag("missing", d, d)
        if isinstance(expr, ast.Constant) and isinstance(expr.value, bool):
            return _Flag("literal-true" if expr.value else "literal-false", expr.value,
                         expr.value)
        if _is_opt_in(expr):
            return _Flag("opt-in", True, True)
        text = self._text(expr) or ""
        train = truthy(self.ev.value(expr, True, scope))
        evalv = truthy(self.ev.value(expr, False, scope))
        label = "self.training" if text.replace(" ", "") == "self.training" else text
        flag = _Flag(label, None if is_unknown(train) else train,
                     None if is_unknown(evalv) else evalv)
        if flag.train is None and flag.eval is None:
            flag.tied = self._tied(expr, scope)
        return flag

    def _tied(self, expr: ast.expr, scope: Scope) -> str | None:
        """``self.is_training`` set once in ``__init__`` (from a config), or
        ``config.is_training``: a flag that does not follow ``.train()``/``.eval()``."""
        if not isinstance(expr, ast.Attribute) or expr.attr == "training":
            return None
        if not _MODE_ATTR.match(expr.attr):
            return None
        base = expr.value
        if isinstance(base, ast.Name) and base.id == "self":
            attrs = self.ctx.attrs
            if attrs is None or not scope.cls or expr.attr in attrs.foreign:
                return None
            entries = attrs.by_class.get(scope.cls, {}).get(expr.attr, [])
            if not entries or attrs.assignments_in_text(expr.attr) > attrs.seen(expr.attr):
                return None  # also set where the walk did not look (a train() override?)
            if all(sc is not None and sc.is_method and sc.name == "__init__"
                   for _, sc in entries):
                return self._text(expr)
            return None
        while isinstance(base, ast.Attribute):
            if _CONFIG_OBJ.match(base.attr):
                return self._text(expr)
            base = base.value
        if isinstance(base, ast.Name) and _CONFIG_OBJ.match(base.id):
            return self._text(expr)
        return None

    # kinds
    def _functional(self, rec: CallRecord, spec: CallSpec) -> Site | None:
        call, scope = rec.call, rec.scope
        p_expr = argument(call, spec.p_index, spec.p_kw)
        if p_expr is None and has_star_args(call):
            return None  # p comes through *args/**kwargs: nothing to say
        p, p_train, p_eval = self._p(p_expr, spec.p_default, scope)
        configured = self.ev.from_constructions  # the rate every construction here gives
        if spec.kind == ATTENTION and (p_expr is None or _zero(p_train) and _zero(p_eval)):
            return None  # no attention dropout at all
        if spec.flag_default is None:
            flag = _Flag("missing", True, True)
        else:
            flag = self._flag(argument(call, spec.flag_index, spec.flag_kw), spec, call, scope)
            if flag.label == "missing" and spec.kind == DROP_PATH and spec.op == "drop_path":
                local = self._local_drop_path_default(call)
                if local is not None:
                    flag = _Flag("missing", local, local)
        reach_train = self.ev.reachable(rec.guards, True)
        reach_eval = self.ev.reachable(rec.guards, False)
        guard_zero = not (_zero(p_train) and _zero(p_eval)) and self._guard_zero(rec.guards,
                                                                                  p_expr)
        if guard_zero and spec.kind == ATTENTION:
            return None  # a branch taken only when the rate is 0 cannot drop
        if _zero(p_train) and _zero(p_eval) and configured:
            # `p=self.rate` that every construction of the file sets to 0: configured off
            p_on_train = p_on_eval = False
        elif _zero(p_train) and _zero(p_eval):
            # p=0 in both modes is a rate problem (DS203), not a mode problem
            p_on_train = p_on_eval = True
        else:
            p_on_train = _nonzero(p_train)
            p_on_eval = _nonzero(p_eval)
            if p_on_eval is None and isinstance(p_expr, ast.Name) and (
                    scope.parent is not None and not self.ctx.has_self(scope)
                    and self._is_plain_param(p_expr, scope)):
                # a helper's rate parameter (`def drop_values(x, rate): F.dropout(x, rate)`):
                # what a caller of this file passes (`drop_values(h, self.rate)`) decides
                if self._rate_from_callers(scope, p_expr.id):
                    p_on_train = p_on_eval = True
        site = self._base(rec, spec)
        site.p = p
        site.p_text = self._text(p_expr)
        site.active_train = and3(reach_train, flag.train, p_on_train)
        site.active_eval = and3(reach_eval, flag.eval, p_on_eval)
        if configured and _zero(p_train) and _zero(p_eval):
            site.extra["configured_off"] = True  # a rate every construction sets to 0
        if reach_train is False and reach_eval is False:
            # behind a test no construction in the file makes true (`if self.zoneout > 0`
            # with every build at 0): configured off, not a dropout that fails to drop
            site.extra["configured_off"] = True
        if reach_train is False and reach_eval:
            # `if self.training: return ...` above it: a path of eval mode only, where
            # it runs and drops (Monte Carlo dropout), not a dropout that never drops
            site.extra["eval_only_path"] = True
        label = flag.label
        if (not reach_eval or p_on_eval is False) and flag.eval is not False and (
            label != "literal-false"
        ):
            label = "gated"
        if flag.tied:
            site.extra["tied_flag"] = flag.tied
        flag_expr = (argument(call, spec.flag_index, spec.flag_kw)
                     if spec.flag_default is not None else None)
        if flag.label == "missing" and site.active_eval and self._training_only(scope):
            # in the training loss only (`calculate_loss`, or a `forward` only it runs): the
            # dropout never runs where the model predicts
            site.active_eval = None
            site.extra["training_only"] = True
        if site.active_eval is not False and (self._caller_decides(rec.guards)
                                              or self._own_switch_flipped(rec.guards)):
            # `if use_dropout:` / `if inference:` on an argument, or `if self.use_dropout:`
            # that other code flips: the caller's decision
            site.active_eval = None
            site.extra["caller_decides"] = True
        if guard_zero:
            # `if not p: F.dropout(x, p)`: it only runs when it is a no-op
            site.active_train = site.active_eval = False
            site.extra["zero_by_guard"] = True
        elif label == "opt-in":
            site.extra["intent"] = "a flag that lets the caller opt in"
        elif site.extra.get("model_code") and (site.active_eval or (
            site.active_eval is None and flag.eval is None and reach_eval
            and p_on_eval is not False and flag_expr is not None and opt_in_name(flag_expr)
        )):
            why = self._intended(rec, flag_expr)
            if why is not None:
                label = "opt-in"
                site.active_eval = True
                site.extra["intent"] = why
        if label == "literal-false" and self._adapter(call.lineno):
            # `F.dropout(x, training=False)` in a wrapper that builds no layer of its own
            # (it re-implements the eval-time forward of a model handed to it: an inference
            # adapter, e.g. an Inception feature extractor for FID): no regularisation lost
            site.active_train = None
            site.extra["adapter"] = True
        site.flag = label
        if site.active_eval and label in ("missing", "literal-true") and rec.scope.cls:
            latent = self._latent_defaults(p_expr, rec)
            if latent:
                site.extra["latent_default"] = latent
        return site

    def _latent_defaults(self, p_expr: ast.expr | None, rec: CallRecord) -> list[str]:
        """The outermost classes, built nowhere in this file, at whose constructor defaults
        the dropout never drops (its rate 0, or a guard on it false): whether any code
        builds them with a rate is out of the file's sight (``DenseNet(drop_rate=0.0)``
        handing the rate down to the layer that drops)."""
        with self.ev.defaults_taken() as assumed:
            reach = self.ev.reachable(rec.guards, False)
        if not (reach is False and assumed):
            if p_expr is None:
                return []
            with self.ev.defaults_taken() as assumed:
                value = self.ev.value(p_expr, False, rec.scope)
            if not (assumed and _zero(value)):
                return []
        classes = {c for c, _ in assumed}
        # named anywhere else in the file (`net_cls = DenseNet`, a registry): it may be
        # built with a rate after all (its own `super(DenseNet, self)` is no use)
        loads, supers = [], set()
        for n in ast.walk(self.ctx.tree):
            if isinstance(n, ast.Name) and n.id in classes and isinstance(n.ctx, ast.Load):
                loads.append(n)
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and (
                    n.func.id == "super") and n.args:
                supers.add(id(n.args[0]))
        return [] if any(id(n) not in supers for n in loads) else sorted(classes)

    def _adapter(self, line: int) -> bool:
        """Is ``line`` in a module class whose constructor builds no layer and stores a model
        it is handed (``self.net = net``)?"""
        cls, _ = self._enclosing(line)
        init = next((m for m in cls.body if isinstance(m, ast.FunctionDef)
                     and m.name == "__init__"), None) if cls is not None else None
        if init is None:
            return False
        params = {a.arg for a in init.args.args[1:]}
        stored = False
        for n in ast.walk(init):
            if isinstance(n, ast.Call) and _builds_trainable(n):
                return False  # builds a layer or a trainable parameter: may be trained
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and (
                    n.value.id in params):
                stored = True
        return stored

    def _training_only(self, scope: Scope) -> bool:
        """Does the method around ``scope`` run only to train: a training method by name
        (``calculate_loss``, ``training_step``), or one its class calls only from such
        methods (a recommender's ``forward`` that only ``calculate_loss`` runs, while
        ``full_sort_predict`` predicts without it)?"""
        if _training_method(scope):
            return True
        method = _method_of(scope)
        if method is None:
            return False
        cls = next((n for n in getattr(self.ctx.tree, "body", ())
                    if isinstance(n, ast.ClassDef) and n.name == method.cls), None)
        if cls is None:
            return False
        callers, others = [], []
        for m in cls.body:
            if not isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) or (
                    m.name == method.name):
                continue
            calls = [n.func for n in ast.walk(m) if isinstance(n, ast.Call)]
            if any((isinstance(f, ast.Attribute) and f.attr == method.name and isinstance(
                    f.value, ast.Name) and f.value.id == "self") or (
                    method.name == "forward" and isinstance(f, ast.Name) and f.id == "self")
                   for f in calls):
                callers.append(m.name)
            elif not m.name.startswith("_") and not _TRAINING_METHOD.search(m.name):
                others.append(m.name)
        # and the class predicts by a method of its own that does not run this one: else
        # `model(x)` elsewhere (an evaluation script) may run it too
        return bool(callers) and bool(others) and all(
            _TRAINING_METHOD.search(c) for c in callers)

    def _local_drop_path_default(self, call: ast.Call) -> bool | None:
        if not isinstance(call.func, ast.Name):
            return None
        if self._module_functions is None:
            self._module_functions = {}
            for sc in self.ctx.scopes:
                d = sc.defaults.get("training")
                if sc.parent is self.ctx.module_scope and not sc.is_method and isinstance(
                    d, ast.Constant
                ) and isinstance(d.value, bool):
                    self._module_functions.setdefault(sc.name, sc)  # the first, as before
        s = self._module_functions.get(call.func.id)
        return None if s is None else s.defaults["training"].value  # type: ignore[union-attr]

    def _module(self, rec: CallRecord, spec: CallSpec) -> Site:
        call, scope = rec.call, rec.scope
        p_expr = argument(call, spec.p_index, spec.p_kw)
        p, p_train, p_eval = self._p(p_expr, spec.p_default, scope)
        site = self._base(rec, spec)
        site.module_type = spec.op
        site.p = p
        if p is None and self.ev.from_constructions and _zero(p_train) and _zero(p_eval):
            # `nn.Dropout(drop)` with every construction of the file leaving `drop` at 0: a
            # setting that is off here (it draws nothing; the layer is no mistake either)
            site.extra["configured_off"] = True
        site.p_text = self._text(p_expr)
        site.construct_path = self.ctx.path
        site.construct_line = call.lineno
        site.in_forward_construction = self.ctx.in_forward(scope) and (
            id(call) not in tree_walk.lazy_init_calls(scope.node))  # `if self.d is None:`
        if site.in_forward_construction:
            site.extra["uses_locals"] = _uses_locals(call, scope)
        if spec.kind == MODULE:
            site.active_train = True
            # a registered module follows .eval(); one built in forward never sees it
            site.active_eval = site.in_forward_construction
            if site.in_forward_construction and (self._off_by_default_switch(rec)
                                                 or self._caller_decides(rec.guards)):
                # `if need_fp: nn.Dropout2d(0.5)(h)` on a forward argument that is off by
                # default: only callers that turn it on run it (a training-time branch);
                # `if use_dropout:` on one named as a switch, whatever its default: the
                # caller's decision, as for a functional dropout under the same test
                site.active_eval = None
                site.in_forward_construction = False
                site.extra["caller_decides"] = True
            elif site.in_forward_construction and _read_from_param(p_expr, scope):
                # `nn.Dropout(p=feed_dict["dropout"])(x)`: the rate is the caller's argument,
                # each call's own (0 for the prediction batches): the caller's decision
                site.active_eval = None
                site.in_forward_construction = False
                site.extra["caller_decides"] = True
        attr = self.ctx.attr_of_call.get(id(call))
        if attr:
            site.extra["attr"] = attr  # `drop` for self.drop = nn.Dropout(...)
        return site

    def _rnn(self, rec: CallRecord, spec: CallSpec) -> Site | None:
        call, scope = rec.call, rec.scope
        p_expr = argument(call, spec.p_index, spec.p_kw)
        if p_expr is None:
            return None
        p, p_train, _ = self._p(p_expr, 0.0, scope)
        if _zero(p_train):
            return None
        layers_expr = argument(call, spec.layers_index, "num_layers")
        if layers_expr is None:
            layers: int | None = None if has_star_args(call) else 1
        else:
            v = self.ev.value(layers_expr, True, scope)
            layers = int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
        site = self._base(rec, spec)
        site.module_type = spec.op
        site.p = p
        site.p_text = self._text(p_expr)
        site.construct_path = self.ctx.path
        site.construct_line = call.lineno
        site.active_train = True
        site.active_eval = False
        site.extra["num_layers"] = layers
        text = site.p_text or ""
        if p is None and "layer" not in text.lower():
            # dropout=cfg.dropout: whatever the config says, one layer cannot use it (a rate
            # written `dropout if num_layers > 1 else 0` already knows that)
            site.extra["dropout_from"] = text
        return site

    def _random(self, rec: CallRecord, op: str, prob: ast.expr | None) -> Site | None:
        scope = rec.scope
        # Only masks written in forward itself (or in a function taking a training flag) are
        # judged: a helper's caller may gate it, and the runtime front-end sees those.
        if not (_within_forward(scope) or any(p in FLAG_PARAMS for p in scope.params)):
            return None
        if scope.cls and scope.cls not in self.ctx.module_classes and _within_forward(scope):
            return None  # the forward of a class that is no module (a homework's own layer)
        site = Site(
            kind=RANDOM,
            op=op,
            module=scope.cls,
            path=self.ctx.path,
            line=rec.call.lineno,
            column=rec.call.col_offset,
            frontend=FRONTEND,
            extra={"end_line": rec.call.end_lineno, "function": scope.qualname},
        )
        site.active_train = self.ev.reachable(rec.guards, True)
        site.active_eval = self.ev.reachable(rec.guards, False)
        site.flag = "gated" if not site.active_eval else "missing"
        site.extra["model_code"] = self.model_code(scope)
        if site.active_eval and self._caller_decides(rec.guards):
            site.active_eval = None  # gated by an argument: the caller decides
            site.extra["caller_decides"] = True
        if site.active_eval and self._mode_like_guard(rec.guards):
            # `if self.test_flag == False:` set from a config: a mode switch of its own,
            # whose value at eval the scan cannot know
            site.active_eval = None
            site.extra["caller_decides"] = True
        if site.active_eval and scope.cls and _within_forward(scope) and (
                self._called_only_in_training(scope.cls)):
            # `if self.training: x, _ = self.masker(x)` in every module of the file that
            # holds this one: its draw never runs at eval
            site.active_eval = False
            site.flag = "gated"
            site.extra["gated_by_holder"] = True
        if site.active_eval and site.extra["model_code"]:
            why = judge_random(rec.call, prob, scope, self.ev)
            intent = self._intended(rec, None, strong=True) if why is None else None
            if why is not None:
                site.reaches_output = False
                site.extra["not_a_mask"] = why
            elif intent is not None:
                site.flag = "opt-in"
                site.extra["intent"] = intent
        return site

    def _called_only_in_training(self, cls: str) -> bool:
        """Is every construction of ``cls`` in the file a submodule of another class
        (``self.masker = Masker(...)``), called there (at least once) only under ``if
        self.training:`` (or the ``else`` of ``if not self.training:``)?"""
        if cls + "(" not in self.ctx.text:
            return False
        built = {id(call): holder for call, holder, _ in tree_walk.calls_in_context(
            self.ctx.tree) if isinstance(call.func, ast.Name) and call.func.id == cls}
        holders = {id(h): h for h in built.values() if h is not None and h.name != cls}
        if not built or len(holders) == 0 or None in built.values():
            return False  # built in a script or a function too: its callers are unknown
        held = [t.attr for h in holders.values() for n in ast.walk(h)
                if isinstance(n, ast.Assign) and id(n.value) in built
                for t in n.targets if isinstance(t, ast.Attribute)
                and isinstance(t.value, ast.Name) and t.value.id == "self"]
        if len(held) != len(built):
            return False  # also kept in a list, or built inline: not one attribute each
        attrs = set(held)
        gates = [gated for h in holders.values() for m in h.body
                 if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for gated in _self_call_gates(m.body, attrs, False)]
        return bool(gates) and all(gates)

    # one level of helpers: judge the flag or p a helper receives at each call site
    def _helper_callers(self, rec: CallRecord, spec: CallSpec, site: Site) -> list[Site]:
        scope = rec.scope
        if scope.parent is None or scope.name == "<lambda>":
            return []
        params: list[tuple[str, str]] = []  # (param, "flag" | "p")
        if spec.flag_default is not None:
            fx = argument(rec.call, spec.flag_index, spec.flag_kw)
            if isinstance(fx, ast.Name) and self._is_plain_param(fx, scope):
                params.append((fx.id, "flag"))
        px = argument(rec.call, spec.p_index, spec.p_kw)
        if spec.kind == ATTENTION and isinstance(px, ast.Name) and self._is_plain_param(px,
                                                                                        scope):
            params.append((px.id, "p"))
        if not params:
            return []
        callers = self._callers(scope)
        if not callers:
            return []
        out: list[Site] = []
        judged: list[bool | None] = []
        for crec in callers:
            for param, what in params:
                arg = _bind_argument(crec.call, scope, param)
                if arg is _STAR:
                    judged.append(None)
                    continue
                caller_site = self._judge_caller(crec, spec, site, scope, param, what, arg)
                if caller_site is None:
                    judged.append(False)
                else:
                    judged.append(caller_site.active_eval)
                    if caller_site.active_eval or caller_site.active_train is False or (
                        caller_site.extra.get("tied_flag")
                    ):
                        out.append(caller_site)
        # the helper's own line: off at eval when every caller is; else it depends on them
        site.active_eval = False if all(j is False for j in judged) else None
        if site.active_eval is False and site.flag not in ("literal-false",):
            site.flag = site.flag if site.flag != "missing" else "gated"
        if any(j is not False for j in judged):
            site.active_train = site.active_train if site.active_train is not False else None
        return out

    # functional dropout switched by an argument: judge what each visible caller passes
    def _switch_callers(self, rec: CallRecord, site: Site) -> list[Site]:
        """Sites at the callers that switch a helper's dropout on after ``.eval()``.

        ``if use_dropout: x = F.dropout(x, p)`` (or ``torch.where(switch, F.dropout(x), x)``)
        leaves the decision to the caller: a caller passing the mode (``self.training``) is
        fine, one passing ``True`` (or ``not self.training``) on a path that runs at eval
        keeps the dropout on at inference.  A caller whose value the scan cannot tell stays
        quiet, and so does the helper's own line.
        """
        scope = rec.scope
        switches: list[tuple[str, bool]] = []  # (parameter, value that turns dropout on)
        for test, want, gscope in rec.guards:
            name, on = _switch_test(test, want)
            if name is None or gscope is not scope or not _DROPOUT_SWITCH.search(name):
                continue
            if not self._is_plain_param(ast.Name(id=name, lineno=rec.call.lineno,
                                                 col_offset=rec.call.col_offset), scope):
                continue
            switches.append((name, on))
        if not switches or scope.parent is None or scope.name == "<lambda>":
            return []
        out: list[Site] = []
        for crec in self._callers(scope):
            if not self.model_code(crec.scope) or _training_method(crec.scope):
                continue
            if not self.ev.reachable(crec.guards, False):
                continue  # this call never runs at eval
            for param, on in switches:
                arg = _bind_argument(crec.call, scope, param)
                if arg is _STAR:
                    continue
                expr = arg if arg is not None else scope.defaults.get(param)
                if expr is None:
                    continue
                at_eval = truthy(self.ev.value(expr, False, crec.scope if arg is not None
                                               else scope))
                if is_unknown(at_eval) or at_eval != on:
                    continue
                if arg is None and not _DEFAULT_SWITCH.search(param):
                    continue  # a default only counts for a switch named for dropout
                text = self._text(expr) or "True"
                caller = Site(
                    kind=site.kind, op=_callee_text(crec.call), module=crec.scope.cls,
                    path=self.ctx.path, line=crec.call.lineno, column=crec.call.col_offset,
                    frontend=FRONTEND, p=site.p, p_text=site.p_text,
                    extra={"end_line": crec.call.end_lineno,
                           "end_column": crec.call.end_col_offset,
                           "function": crec.scope.qualname, "helper": scope.qualname,
                           "helper_line": site.line, "param": param,
                           "param_index": _param_index(scope, param),
                           "switch": f"passes `{param}={text}`" if arg is not None
                           else f"leaves `{param}` at its default `{text}`",
                           "in_module_method": self.ctx.has_self(crec.scope),
                           "model_code": True},
                )
                caller.active_train = True
                caller.active_eval = True
                caller.flag = "literal-true" if isinstance(expr, ast.Constant) else text
                why = self._intended(crec, arg)
                if why is not None:
                    caller.flag = "opt-in"
                    caller.extra["intent"] = why
                chain = self.chain_to(crec.scope)
                caller.extra["trace"] = [
                    *(trace_steps(self.ctx.path, chain) if chain else ()),
                    {"path": self.ctx.path, "line": site.line, "column": site.column,
                     "message": f"`{scope.qualname}` runs `{site.op}(...)` only when "
                                f"`{param}` is {'truthy' if on else 'falsy'}"},
                ]
                out.append(caller)
        return out

    def _rate_from_callers(self, scope: Scope, param: str) -> bool:
        """Does a caller of this file pass (or leave at its default) a rate above 0 for
        the helper's parameter ``param``?  (A rate of 0 at every visible caller says
        nothing: a caller in another file may pass more.)"""
        for call, caller in self._text_callers(scope):
            arg = _bind_argument(call, scope, param)
            if arg is _STAR:
                continue
            expr = arg if arg is not None else scope.defaults.get(param)
            if expr is None:
                continue
            v = self.ev.value(expr, False, caller if arg is not None else scope)
            values = [v] if not is_unknown(v) else self._init_values(expr, caller)
            if any(isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0
                   for x in values):
                return True
        return False

    def _init_values(self, expr: ast.expr, caller: Scope) -> list[object]:
        """``self.rate`` in a method, set once in ``__init__`` from its parameter
        (``self.rate = rate``): the literals the file's constructions give that parameter
        (its default where the class is built nowhere here)."""
        if not (caller.is_method and isinstance(expr, ast.Attribute) and isinstance(
                expr.value, ast.Name) and expr.value.id == "self"):
            return []
        cls = next((c for c in self.ctx.tree.body if isinstance(c, ast.ClassDef)
                    and c.name == caller.cls), None)
        init = ctor_args.init_of(cls) if cls is not None else None
        if init is None:
            return []
        sets = [n for n in ast.walk(cls) if isinstance(n, (ast.Assign, ast.AugAssign,
                                                            ast.AnnAssign)) and any(
            isinstance(t, ast.Attribute) and t.attr == expr.attr and isinstance(
                t.value, ast.Name) and t.value.id == "self"
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]
        if len(sets) != 1 or not isinstance(sets[0], ast.Assign) or not isinstance(
                sets[0].value, ast.Name) or not any(n is sets[0] for n in init.body):
            return []
        taken = ctor_args.values(cls, sets[0].value.id, self.ctx.tree, unbuilt=True)
        return sorted(taken, key=repr) if taken else []

    def _text_callers(self, scope: Scope) -> list[tuple[ast.Call, Scope]]:
        """The calls of a top-level function by its name, each with a scope of the function
        or method holding it (the walk skips functions with no dropout word, so their calls
        are found in the text; a made-up scope knows the parameters, not the locals: what it
        cannot evaluate is unknown)."""
        out: list[tuple[ast.Call, Scope]] = []
        for line, column in self.reach.calls.get(scope.name, ()):
            cls, fn = self._enclosing(line)
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            call = next((n for n in ast.walk(fn) if isinstance(n, ast.Call)
                         and isinstance(n.func, ast.Name) and n.func.id == scope.name
                         and n.lineno == line and n.col_offset == column), None)
            if call is None:
                continue
            caller = scope_for_function(fn, fn.name, cls.name if cls is not None else "",
                                        self.ctx.module_scope, cls is not None)
            out.append((call, caller))
        return out

    def _is_plain_param(self, name: ast.Name, scope: Scope) -> bool:
        if name.id not in scope.params:
            return False
        at = start_of(name)
        return not any(a.end <= at for a in scope.assigns.get(name.id, ()))

    def _callers(self, scope: Scope) -> list[CallRecord]:
        if self._caller_index is None:
            self._caller_index = CallerIndex(self.ctx.calls)
        return self._caller_index.callers(scope, self.ctx.module_scope)

    def _judge_caller(self, crec: CallRecord, spec: CallSpec, site: Site, helper: Scope,
                      param: str, what: str, arg: ast.expr | None) -> Site | None:
        """A site at the caller's line when what it passes makes the helper's dropout wrong."""
        reach_eval = self.ev.reachable(crec.guards, False)
        reach_train = self.ev.reachable(crec.guards, True)
        caller = Site(
            kind=spec.kind,
            op=_callee_text(crec.call),
            module=crec.scope.cls,
            path=self.ctx.path,
            line=crec.call.lineno,
            column=crec.call.col_offset,
            frontend=FRONTEND,
            p=site.p,
            p_text=site.p_text,
            extra={"end_line": crec.call.end_lineno, "end_column": crec.call.end_col_offset,
                   "function": crec.scope.qualname,
                   "helper": helper.qualname, "helper_line": site.line, "param": param,
                   "param_index": _param_index(helper, param),
                   "in_module_method": self.ctx.has_self(crec.scope),
                   "model_code": self.model_code(crec.scope)},
        )
        # why the caller's line is judged: the helper hands this argument to the dropout
        default = helper.defaults.get(param)
        said = f" (default `{ast.unparse(default)}`)" if default is not None else ""
        chain = self.chain_to(crec.scope) if caller.extra["model_code"] else None
        caller.extra["trace"] = [
            *(trace_steps(self.ctx.path, chain) if chain else ()),
            {"path": self.ctx.path, "line": site.line, "column": site.column,
             "message": f"`{helper.qualname}` passes its `{param}` parameter{said} to "
                        f"`{site.op}(...)` here"},
        ]
        if what == "flag":
            default = helper.defaults.get(param)
            if arg is None:
                if not (isinstance(default, ast.Constant) and isinstance(default.value, bool)):
                    return None
                flag = _Flag("missing", default.value, default.value)
            else:
                flag = self._flag(arg, spec, crec.call, crec.scope)
            if flag.tied:
                caller.extra["tied_flag"] = flag.tied
                return caller
            caller.flag = flag.label
            caller.active_train = and3(reach_train, flag.train)
            caller.active_eval = and3(reach_eval, flag.eval)
            if not reach_eval and flag.eval is not False:
                caller.flag = "gated"
            why = (self._intended(crec, arg)
                   if caller.active_eval and caller.extra["model_code"] else None)
            if why is not None:
                caller.flag = "opt-in"
                caller.extra["intent"] = why
            if flag.label == "missing" and caller.active_eval:
                return caller
            if caller.active_eval or caller.active_train is False:
                return caller
            return None
        # p forwarded to attention
        expr = arg if arg is not None else helper.defaults.get(param)
        if expr is None:
            return None
        evalv = self.ev.value(expr, False, crec.scope if arg is not None else helper)
        trainv = self.ev.value(expr, True, crec.scope if arg is not None else helper)
        if is_unknown(evalv) and evalv.from_param:
            return None  # two levels away: do not guess
        caller.p_text = self._text(expr)
        caller.p = None if is_unknown(trainv) or isinstance(trainv, bool) else float(trainv) \
            if isinstance(trainv, (int, float)) else None
        caller.active_train = and3(reach_train, _nonzero(trainv))
        caller.active_eval = and3(reach_eval, _nonzero(evalv))
        caller.flag = "gated" if caller.active_eval is False else "missing"
        return caller if caller.active_eval else None


_STAR = object()


def _self_call_gates(stmts: list[ast.stmt], attrs: set[str], gated: bool) -> list[bool]:
    """For each call ``self.<attr>(...)`` of ``attrs`` in ``stmts``: does it run only in
    training (inside the true branch of ``if self.training:``, or the ``else`` of ``if not
    self.training:``)?"""
    out: list[bool] = []
    for st in stmts:
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(st, ast.If):
            mode = training_branch(st.test)
            out += _self_call_gates(st.body, attrs, gated or mode is True)
            out += _self_call_gates(st.orelse, attrs, gated or mode is False)
            exprs: list[ast.AST] = [st.test]
        else:
            blocks = [getattr(st, f, None) or [] for f in ("body", "orelse", "finalbody")]
            blocks += [h.body for h in getattr(st, "handlers", ())]
            for block in blocks:
                out += _self_call_gates(block, attrs, gated)
            exprs = [c for c in ast.iter_child_nodes(st) if isinstance(c, ast.expr)]
        out += [gated for e in exprs for n in ast.walk(e) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute) and n.func.attr in attrs
                and isinstance(n.func.value, ast.Name) and n.func.value.id == "self"]
    return out


# Arguments that switch dropout itself (judged at callers); `sample`, `noise`, `mc`, `augment`
# switch randomness a caller may want at inference, so a True there is no evidence of a bug.
_DROPOUT_SWITCH = re.compile(r"drop|deterministic|^use_|^apply_|^enable|^disable|inference|"
                             r"infer|^eval|_mode$|^mode$|switch", re.IGNORECASE)
_DEFAULT_SWITCH = re.compile(r"drop|deterministic", re.IGNORECASE)
# Methods that only run in training: a switch turned on there is not a prediction path.
_TRAINING_METHOD = re.compile(r"^(train|training_step|fit|compute_loss|loss|.*_loss)$|^train_")


def _read_from_param(expr: ast.expr | None, scope: Scope) -> bool:
    """Is ``expr`` read off a forward argument (``feed_dict[DROPOUT]``,
    ``batch["p"]``, ``cfg.dropout``), not ``self``?  (A bare parameter with a default is
    judged as such elsewhere: its default is the rate at an evaluation that passes none.)"""
    if not isinstance(expr, ast.Subscript | ast.Attribute):
        return False
    while isinstance(expr, ast.Subscript | ast.Attribute):
        expr = expr.value
    return isinstance(expr, ast.Name) and expr.id in scope.params and expr.id not in (
        "self", "cls")


def _method_of(scope: Scope) -> Scope | None:
    """The method a scope is or sits in (a nested function's own method); None outside."""
    s: Scope | None = scope
    while s is not None and not s.is_method and s.parent is not None:
        s = s.parent
    return s if s is not None and s.is_method else None


def _training_method(scope: Scope) -> bool:
    method = _method_of(scope)
    return method is not None and bool(_TRAINING_METHOD.search(method.name))


def _switch_test(test: ast.expr, want: bool) -> tuple[str | None, bool]:
    """``use_dropout`` / ``not use_dropout`` as a guard: (parameter, value that passes it)."""
    if isinstance(test, ast.Name):
        return test.id, want
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(
        test.operand, ast.Name
    ):
        return test.operand.id, not want
    return None, want


def _bind_argument(call: ast.Call, helper: Scope, param: str) -> ast.expr | None | object:
    """The caller's expression for ``param`` (None: not passed; _STAR: unknowable)."""
    for k in call.keywords:
        if k.arg == param:
            return k.value
    positional = [p for p in helper.params]
    if helper.is_method and positional:
        positional = positional[1:]  # self
    node = helper.node
    n_positional = len(node.args.posonlyargs) + len(node.args.args) - (1 if helper.is_method
                                                                       else 0)
    if param in positional[:n_positional]:
        idx = positional.index(param)
        if any(isinstance(a, ast.Starred) for a in call.args[: idx + 1]):
            return _STAR
        if idx < len(call.args):
            return call.args[idx]
    if any(k.arg is None for k in call.keywords) or any(
        isinstance(a, ast.Starred) for a in call.args
    ):
        return _STAR
    return None


def _within_forward(scope: Scope | None) -> bool:
    """Inside a ``forward`` method (nested functions and lambdas included)."""
    while scope is not None:
        if scope.is_method:
            return scope.name == "forward"
        scope = scope.parent
    return False


# `* (1 - p)` or `(1 - p) *`: a rescale by the keep probability
_RESCALE = re.compile(r"\*\s*\(\s*1(?:\.0*)?\s*-\s*([\w.]+)\s*\)"
                      r"|\(\s*1(?:\.0*)?\s*-\s*([\w.]+)\s*\)\s*\*")


def _mult_on_line(fn: ast.AST, line: int, rate: str, ctx: SourceContext
                  ) -> tuple[ast.BinOp, list[tuple[ast.expr, bool]]] | None:
    """The multiplication by ``(1 - rate)`` on ``line`` and the if-conditions guarding it."""

    def is_keep(e: ast.expr) -> bool:
        return (isinstance(e, ast.BinOp) and isinstance(e.op, ast.Sub)
                and literal_number(e.left) == 1.0
                and ctx.segment(e.right).replace(" ", "") == rate)

    def in_expr(e: ast.AST, guards: list) -> tuple[ast.BinOp, list] | None:
        if isinstance(e, ast.IfExp):
            for branch, want in ((e.body, True), (e.orelse, False)):
                hit = in_expr(branch, [*guards, (e.test, want)])
                if hit is not None:
                    return hit
            return None
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult) and e.lineno <= line <= (
            e.end_lineno or e.lineno
        ) and (is_keep(e.left) or is_keep(e.right)):
            return e, guards
        for child in ast.iter_child_nodes(e):
            if isinstance(child, ast.expr):
                hit = in_expr(child, guards)
                if hit is not None:
                    return hit
        return None

    def in_block(body: list[ast.stmt], guards: list) -> tuple[ast.BinOp, list] | None:
        g = list(guards)
        for st in body:
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if st.lineno <= line <= (st.end_lineno or st.lineno):
                if isinstance(st, ast.If):
                    if st.body and st.body[0].lineno <= line:
                        in_else = bool(st.orelse) and st.orelse[0].lineno <= line
                        return in_block(st.orelse if in_else else st.body,
                                        [*g, (st.test, not in_else)])
                    return in_expr(st.test, g)
                for fname in ("body", "orelse", "finalbody"):
                    block = getattr(st, fname, None)
                    if block and isinstance(block[0], ast.stmt) and block[0].lineno <= line:
                        hit = in_block(block, g)
                        if hit is not None:
                            return hit
                for child in ast.iter_child_nodes(st):
                    if isinstance(child, ast.expr):
                        hit = in_expr(child, g)
                        if hit is not None:
                            return hit
                return None
            if isinstance(st, ast.If):
                if terminates(st.body) and not terminates(st.orelse):
                    g.append((st.test, False))
                elif st.orelse and terminates(st.orelse) and not terminates(st.body):
                    g.append((st.test, True))
        return None

    return in_block(fn.body, [])  # type: ignore[attr-defined]


def _bernoulli_prob(call: ast.Call) -> ast.expr | None:
    """The probability of ``x.bernoulli_(p)``, ``torch.bernoulli(probs)``, ``t.bernoulli()``."""
    f = call.func
    name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
    if name == "bernoulli_":
        arg = call.args[0] if call.args else next(
            (k.value for k in call.keywords if k.arg == "p"), None)
        return arg if arg is not None else ast.Constant(0.5)
    if call.args:  # torch.bernoulli(probs)
        return probability_of(call.args[0])
    if isinstance(f, ast.Attribute):  # probs.bernoulli()
        return probability_of(f.value)
    return None


def _scalar_draw(call: ast.Call) -> bool:
    """``torch.rand(1)`` / ``torch.rand([])``: one number decides something, it masks nothing."""
    if not call.args:
        return False
    for a in call.args:
        if isinstance(a, ast.Constant) and a.value == 1:
            continue
        if isinstance(a, (ast.List, ast.Tuple)) and all(
            isinstance(x, ast.Constant) and x.value == 1 for x in a.elts
        ):
            continue
        return False
    return True


def _uses_locals(call: ast.Call, scope: Scope) -> bool:
    """Do a construction's arguments read names local to its function (or any enclosing one)?"""
    used = {n.id for a in (*call.args, *(k.value for k in call.keywords))
            for n in ast.walk(a) if isinstance(n, ast.Name)}
    s: Scope | None = scope
    while s is not None and s.parent is not None:
        if used & (set(s.params) | set(s.assigns)):
            return True
        s = s.parent
    return False


def _param_index(helper: Scope, param: str) -> int | None:
    """Position of ``param`` in a call of ``helper`` (``self`` not counted), None if kw-only."""
    a = helper.node.args  # type: ignore[attr-defined]
    positional = [p.arg for p in (*a.posonlyargs, *a.args)]
    if helper.is_method and positional:
        positional = positional[1:]
    return positional.index(param) if param in positional else None


def _callee_text(call: ast.Call) -> str:
    try:
        return ast.unparse(call.func)
    except Exception:  # pragma: no cover - unparse handles every parsed expression
        return "<call>"


def _end_col_chars(ctx: SourceContext, node: ast.AST) -> int | None:
    """The call's end column in characters (the AST counts UTF-8 bytes)."""
    end = getattr(node, "end_col_offset", None)
    last = getattr(node, "end_lineno", None)
    if end is None or last is None:
        return None
    if ctx._lines is None:
        ctx._lines = ctx.text.splitlines(keepends=True)
    try:
        return len(ctx._lines[last - 1].encode()[:end].decode(errors="ignore"))
    except IndexError:
        return None


def _mentions_training(expr: ast.expr) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "training" for n in ast.walk(expr))


def _is_opt_in(expr: ast.expr) -> bool:
    """``self.training or self.mc_dropout``: the mode, or an explicit opt-in."""
    if not (isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or)):
        return False
    has_mode = any(isinstance(v, ast.Attribute) and v.attr == "training" for v in expr.values)
    has_other = any(not (isinstance(v, ast.Attribute) and v.attr == "training")
                    for v in expr.values)
    return has_mode and has_other


def _zero(v: object) -> bool:
    return (not is_unknown(v)) and isinstance(v, (int, float)) and v == 0


def _nonzero(v: object) -> bool | None:
    """False for a known 0; None for a value callers decide; True otherwise (assume on)."""
    if is_unknown(v):
        return None if v.from_param else True  # type: ignore[union-attr]
    if v is None:
        return True
    if isinstance(v, (int, float)):
        return v != 0
    return True


def _builds_trainable(call: ast.Call) -> bool:
    """Does a constructor's call build something with trainable weights: a class (a layer,
    ``nn.Parameter``) not made with ``requires_grad=False``?  (``torch.tensor(...)``,
    ``super().__init__()``: no.)"""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else "")
    if not name[:1].isupper():
        return False
    return not any(k.arg == "requires_grad" and isinstance(k.value, ast.Constant)
                   and k.value.value is False for k in call.keywords)


__all__ = ["SourceScan", "scan_source", "scan_file", "SourceContext", "analyse",
           "decode_source", "UNKNOWN"]

