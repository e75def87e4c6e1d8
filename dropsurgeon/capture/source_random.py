"""Is a random draw in ``forward`` an eval-time dropout mask?  Read its flow in one function.

A hand-made mask (``(torch.rand_like(x) > p).float()``, ``x.new_empty(s).bernoulli_(keep)``)
is dropout by another name, and one left on at eval makes inference random.  Many draws are
something else, and the scan tells them apart from the function's own statements:

- the probability is 0 or 1 at eval (``p = self.p if self.training else 1`` then
  ``mask.bernoulli_(1 - p)``): the "draw" is deterministic;
- the probability is computed from the data (``torch.rand_like(logits) <= logits.sigmoid()``,
  a Metropolis-Hastings acceptance test): sampling from the model's distribution, not a mask;
- the drawn value never reaches what the function returns (a pretraining branch whose
  result only feeds an unused local);
- it corrupts the targets too (mixup of labels, noised target tokens for a denoising loss):
  a training-loss step, not a mask on activations.

Only the function holding the draw is read, statement by statement, and only for files
that hold a draw at all; nothing is imported.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .source_flow import Scope, is_unknown

if TYPE_CHECKING:
    from .source_flow import Evaluator

_RATE_NAME = re.compile(
    r"(^|_)(p|prob|probs|probability|rate|ratio|drop\w*|keep\w*|alpha|eps|threshold|thresh|"
    r"frac|fraction|pct|percent|chance|level)($|_)", re.IGNORECASE,
)
_TARGET_NAME = re.compile(
    r"(^|_)(tgt|tgts|target|targets|label|labels|onehot|one_hot|gt)(_|$)",
    re.IGNORECASE,
)
_IN_PLACE_KEEP = frozenset({"append", "extend", "update", "add", "insert"})
# Parameters that give a size, a seed or a place, never activations.
_SHAPE_PARAM = re.compile(r"^(shape|size|sizes|seed|rng|generator|device|dtype|batch_size|bs|"
                          r"num_\w+|n_\w+|length|steps|horizon)$")
# Methods that change a tensor's shape or type and nothing of its values.
_SHAPE_ONLY = frozenset({"reshape", "view", "expand", "expand_as", "repeat", "unsqueeze",
                         "squeeze", "permute", "transpose", "flatten", "contiguous", "float",
                         "bool", "long", "int", "half", "to", "type_as", "detach", "clone"})


# Calls that move data by a geometry (a sampling grid, a shift, a flip) and the index of
# their first argument that is geometry, not data.
_GEOMETRY = {"affine_grid": 0, "grid_sample": 1, "roll": 1, "flip": 1, "rot90": 1,
             "warp_affine": 1, "warp_perspective": 1}


def probability_of(expr: ast.expr | None) -> ast.expr | None:
    """The probability inside ``torch.full(shape, p)``, ``p * torch.ones(...)`` and similar."""
    if expr is None:
        return None
    if isinstance(expr, ast.Call):
        name = _last(expr.func)
        if name in ("full", "full_like") and len(expr.args) >= 2:
            return expr.args[1]
        if name in ("fill_",) and expr.args:
            return expr.args[0]
        if name in ("ones", "ones_like", "new_ones"):
            return ast.Constant(1.0)
        if name in ("zeros", "zeros_like", "new_zeros"):
            return ast.Constant(0.0)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
        for a, b in ((expr.left, expr.right), (expr.right, expr.left)):
            if isinstance(a, ast.Call) and _last(a.func) in ("ones", "ones_like", "new_ones"):
                return b
    return expr


def judge_random(call: ast.Call, prob: ast.expr | None, scope: Scope,
                 evaluator: Evaluator) -> str | None:
    """Why this draw is no eval-time mask, or None when it may be one."""
    for _ in range(2):  # probs = torch.full(shape, p); torch.bernoulli(probs)
        if isinstance(prob, ast.Name) and prob.id not in scope.params:
            bound = [a for a in scope.assigns.get(prob.id, ()) if a.value is not None]
            if len(bound) == 1:
                prob = probability_of(bound[0].value)
    if prob is not None and _one_coin(prob):
        return "one coin for the whole step (`bernoulli(torch.tensor(p))`): it masks nothing"
    if prob is not None:
        v = evaluator.value(prob, False, scope)
        if not is_unknown(v) and isinstance(v, (int, float)) and (v <= 0 or v >= 1):
            return "deterministic at eval"
        if _data_dependent(prob, scope, 0, set()):
            return "sampling from data-dependent probabilities"
    fn = scope.node
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)
              if a.arg not in ("self", "cls")]
    if params and all(_SHAPE_PARAM.match(p) for p in params):
        return "samples a mask from a shape (a mask generator): no activations go in"
    reaches, targets = _flow(fn, call, scope)
    if targets:
        return "corrupts the targets (a training-loss step)"
    if not reaches:
        return "never reaches what the function returns"
    return None


def _one_coin(prob: ast.expr) -> bool:
    """``torch.tensor(self.beta)``: a 0-dim probability built from one number (a name, an
    attribute, a literal or arithmetic of those), so the draw is a single coin."""
    if not (isinstance(prob, ast.Call) and _last(prob.func) in ("tensor", "as_tensor")
            and len(prob.args) == 1):
        return False
    return all(isinstance(n, (ast.Name, ast.Attribute, ast.Constant, ast.BinOp, ast.UnaryOp,
                              ast.Load, ast.operator, ast.unaryop))
               for n in ast.walk(prob.args[0]))


def _last(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _data_dependent(expr: ast.expr, scope: Scope, depth: int, seen: set[str]) -> bool:
    if depth > 4:
        return False
    for n in ast.walk(expr):
        if not isinstance(n, ast.Name) or n.id == "self" or n.id in seen:
            continue
        seen.add(n.id)
        if n.id in scope.params:
            if not _RATE_NAME.search(n.id):
                return True
            continue
        for a in scope.assigns.get(n.id, ()):
            if a.value is not None and _data_dependent(a.value, scope, depth + 1, seen):
                return True
    return False


def dotted_name(node: ast.AST) -> str | None:
    # the commonest cases (`x`, `x.y`) without building a list: the mode analysis asks
    # about every call and attribute of the functions it walks
    kind = node.__class__
    if kind is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if kind is ast.Attribute and node.value.__class__ is ast.Name:  # type: ignore[attr-defined]
        return node.value.id + "." + node.attr  # type: ignore[attr-defined]
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    if isinstance(node, ast.Name):
        return node.id
    return None


class _Flow:
    def __init__(self, call: ast.Call, params: set[str]) -> None:
        self.call = call
        self.params = params
        self.tainted: set[str] = set()
        self.reaches = False
        self.targets = False
        self.submodules: set[str] = set()  # names bound to the module's own submodules
        self.raw: set[str] = set()  # names holding the mask itself (scaled), no data yet
        self.generated = False  # the mask itself is returned: a mask generator
        # roots changed in place (`batch.x = ...`, `h[idx] = ...`, `out.mul_(m)`): a parameter
        # among them carries the draw to the caller; one only rebound (`sign = draw`) does not
        self.mutated: set[str] = set()

    def uses(self, node: ast.AST | None) -> bool:
        if node is None:
            return False
        opaque = self._handed_to_submodules(node)
        for n in ast.walk(node):
            if id(n) in opaque:
                continue
            if n is self.call:
                return True
            if isinstance(n, ast.Name) and n.id in self.tainted:
                return True
            if isinstance(n, ast.Attribute):
                d = dotted_name(n)
                if d is not None and d in self.tainted:
                    return True
        return False

    def _handed_to_submodules(self, node: ast.AST) -> set[int]:
        """The argument nodes of calls of the module's own submodules (``self.gcns[i](h,
        mask)``): what a child does with a mask it is handed (apply it only in training, as
        a shared-dropout layer does) is not read here, so it carries nothing (unknown).
        Also the geometry a draw picks (``F.affine_grid(theta, size)`` with a random flip
        sign, ``grid_sample``'s grid, ``torch.roll``'s shifts): an augmentation moves the
        data, it masks nothing."""
        out: set[int] = set()
        for n in ast.walk(node):
            if not isinstance(n, ast.Call):
                continue
            geometry = _GEOMETRY.get(_last(n.func))
            if geometry is not None:
                for a in (*n.args[geometry:], *(k.value for k in n.keywords)):
                    out |= {id(x) for x in ast.walk(a)}
                continue
            f = n.func
            while isinstance(f, ast.Subscript):
                f = f.value
            if (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)
                    and f.value.id == "self") or (isinstance(f, ast.Name)
                                                  and f.id in self.submodules):
                for a in (*n.args, *(k.value for k in n.keywords)):
                    if isinstance(a, ast.Name) and a.id in self.raw:
                        out.add(id(a))  # the mask itself, not data it was applied to
        return out

    def _only_mask(self, value: ast.AST | None) -> bool:
        """Is the value built from the draw alone (and constants or the module's own
        attributes: ``m / (1 - self.p)``), not from data?"""
        if value is None or not any(n is self.call for n in ast.walk(value)) and not any(
                isinstance(n, ast.Name) and n.id in self.raw for n in ast.walk(value)):
            return False
        # sizes handed to `.reshape(b, 1, d)`, `.expand(b, t, d)`: a shape, not data
        sizes = {id(x) for c in ast.walk(value) if isinstance(c, ast.Call)
                 and isinstance(c.func, ast.Attribute) and c.func.attr in _SHAPE_ONLY
                 for a in (*c.args, *(k.value for k in c.keywords)) for x in ast.walk(a)}
        for n in ast.walk(value):
            if isinstance(n, ast.Name) and n.id not in self.raw and n.id != "self" and (
                    n.id not in ("torch", "F")) and id(n) not in sizes:
                if not any(n is x for x in ast.walk(self.call)):
                    return False
        return True

    def _mask_itself(self, value: ast.AST | None) -> bool:
        """Is the returned value the mask alone, at most reshaped or cast
        (``visible.reshape(b, 1, d).expand(b, t, d)``), with no data applied to it?"""
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and (
                value.func.attr in _SHAPE_ONLY):
            value = value.func.value
        if value is self.call:
            return True
        if isinstance(value, ast.Name):
            return value.id in self.raw
        return isinstance(value, ast.Compare) and self._only_mask(value)

    def mentions_targets(self, node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and _TARGET_NAME.search(n.id) for n in ast.walk(node))

    def taint(self, target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self.tainted.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for e in target.elts:
                self.taint(e)
        elif isinstance(target, ast.Starred):
            self.taint(target.value)
        elif isinstance(target, ast.Attribute):
            d = dotted_name(target)
            if d is not None:
                self.tainted.add(d)
            root = _root(target)
            if root is not None and root != "self":
                self.tainted.add(root)  # batch.x = ...: `batch` now carries it
                self.mutated.add(root)
        elif isinstance(target, ast.Subscript):
            root = _root(target)
            if root is not None:
                self.tainted.add(root)
                self.mutated.add(root)

    def calls_in_place(self, node: ast.AST) -> None:
        """``mask.bernoulli_(p)``, ``out.mul_(noise)``, ``xs.append(m)`` carry into the receiver."""
        for n in ast.walk(node):
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)):
                continue
            name = n.func.attr
            if not (name.endswith("_") or name in _IN_PLACE_KEEP):
                continue
            if n is self.call or any(self.uses(a) for a in (*n.args,
                                                           *(k.value for k in n.keywords))):
                self.taint(n.func.value)
                root = _root(n.func.value)
                if root is not None:
                    self.mutated.add(root)

    def stmts(self, body: list[ast.stmt]) -> None:
        for s in body:
            self.stmt(s)

    def stmt(self, s: ast.stmt) -> None:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return
        if isinstance(s, (ast.Return, ast.Expr)) or isinstance(s, ast.Assign | ast.AnnAssign |
                                                                 ast.AugAssign):
            value = getattr(s, "value", None)
            self.calls_in_place(s)
            if isinstance(s, ast.Return):
                if self.uses(value) and self._mask_itself(value):
                    self.generated = True
                elif self.uses(value):
                    self.reaches = True
                    if self.mentions_targets(s):
                        self.targets = True
                return
            if isinstance(s, ast.Expr):
                if isinstance(value, (ast.Yield, ast.YieldFrom)) and self.uses(value):
                    self.reaches = True
                return
            if not self.uses(value) and not (isinstance(s, ast.AugAssign) and self.uses(s.target)):
                return
            if self.mentions_targets(s):
                self.targets = True
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            if isinstance(s, ast.AugAssign) and isinstance(s.target, ast.Name):
                self.mutated.add(s.target.id)  # `x *= mask` on a tensor works in place
            raw = isinstance(s, ast.Assign) and self._only_mask(value)
            for t in targets:
                self.taint(t)
                if raw and isinstance(t, ast.Name):
                    self.raw.add(t.id)
            return
        if isinstance(s, ast.If):
            mode = training_branch(s.test)
            if mode is not None:
                # only the branch that runs at eval carries the draw to the output at eval
                self.stmts(s.orelse if mode else s.body)
                return
        if isinstance(s, (ast.For, ast.AsyncFor)):
            if self.uses(s.iter):
                self.taint(s.target)
        for fname in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(s, fname, None)
            if not block:
                continue
            for child in block:
                if isinstance(child, ast.stmt):
                    self.stmt(child)
                elif hasattr(child, "body"):
                    self.stmts(child.body)


def training_branch(test: ast.expr) -> bool | None:
    """True when ``test`` holds exactly in training (``self.training``, ``self.training ==
    True``), False when exactly at eval (``not self.training``), else None."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = training_branch(test.operand)
        return None if inner is None else not inner
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(
            test.ops[0], (ast.Eq, ast.Is, ast.NotEq, ast.IsNot)) and isinstance(
            test.comparators[0], ast.Constant) and isinstance(test.comparators[0].value, bool):
        inner = training_branch(test.left)
        if inner is None:
            return None
        same = isinstance(test.ops[0], (ast.Eq, ast.Is)) == test.comparators[0].value
        return inner if same else not inner
    if isinstance(test, ast.Attribute) and test.attr == "training" and isinstance(
            test.value, ast.Name) and test.value.id == "self":
        return True
    return None


def _flow(fn: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, scope: Scope
          ) -> tuple[bool, bool]:
    """(the draw reaches a return, a mutated argument or module state; it touches targets)."""
    flow = _Flow(call, set(scope.params) - {"self"})
    # `for layer in self.layers:` — its calls are the module's own submodules too
    flow.submodules = {t.id for n in ast.walk(fn) if isinstance(n, (ast.For, ast.AsyncFor))
                       and any(isinstance(x, ast.Attribute) and isinstance(x.value, ast.Name)
                               and x.value.id == "self" for x in ast.walk(n.iter))
                       for t in ast.walk(n.target) if isinstance(t, ast.Name)}
    for _ in range(2):  # twice: what a loop carries to its next iteration
        flow.stmts(fn.body)
    kept = any(t.startswith("self.") for t in flow.tainted) or bool(flow.mutated & flow.params)
    if flow.generated and not (flow.reaches or kept):
        # the function's product is the random mask (sampled from a shape): a mask
        # generator whose callers decide what it is for, not dropout on activations
        return False, flow.targets
    return flow.reaches or kept, flow.targets


__all__ = ["judge_random", "probability_of", "training_branch"]
