"""DS4xx: mode bugs a static scan sees in scripts (eval and training loops) and in forward.

These rules read a whole file (``Rule.check_source``), not one site: whether a loop that
evaluates a model ever switched it to eval mode, whether a training loop leaves it in eval
mode, whether a pretrained model (returned in eval mode) is trained without ``.train()``, and
whether ``forward`` rewrites dropout state on the module.  No torch import here.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..capture import arg_guards, text_scan, tree_walk
from ..capture.source_names import EVAL_HELPER_NAME, LIBRARIES, built_model
from ..findings import Severity, TraceStep
from . import frozen_children
from .base import Rule

if TYPE_CHECKING:
    from ..capture.source import SourceContext

Hit = tuple[ast.AST, str, str]  # (node whose line is reported, message, module)

# Framework hooks whose caller switches the mode itself (Lightning, Ignite, HF Trainer).
_FRAMEWORK_HOOKS = re.compile(r"_step$|_step_end$|^on_|_epoch_end$|^evaluation_loop$")
# A role word ends where the name's word ends (`critic`, `criticNet`, `modelA`, `encoders`),
# not inside a longer word (`logger.critical`, `factory`, `modeling`): the look-ahead is
# case-sensitive, so a camel-case hump ends a word too.
_MODEL_NAME = re.compile(
    r"(?i:model|net$|network|classifier|encoder|decoder|backbone|policy|critic|actor|"
    r"generator|discriminator|teacher|student|^ema)s?(?![a-z])"
)
_METRIC_NAME = re.compile(
    r"(acc|correct|metric|score|f1|precision|recall|loss|auc|iou|bleu|rouge|perplex|ppl|"
    r"error|mse|mae|total|argmax|pred)", re.IGNORECASE,
)
_OPTIM_NAME = re.compile(r"(optim|opt$|^opt|scaler|trainer)", re.IGNORECASE)
_DROP_STATE = re.compile(r"(drop|dropout)", re.IGNORECASE)
# Monte Carlo dropout by `model.train()` is a choice only where no batch norm comes along
_BATCH_NORM = re.compile(r"BatchNorm|batch_norm")
# torch.nn layers whose mode matters, or that hold other layers
_MODE_OR_CONTAINER = re.compile(r"Dropout|BatchNorm|InstanceNorm|RReLU|Sequential|Module|"
                                r"LSTM|GRU|RNN|Transformer|MultiheadAttention")
_CACHE_STATE = re.compile(r"(mask|masks|cache|cached|buffer|history|count|counter|step)",
                          re.IGNORECASE)

# Cheap text tests first: most files hold no loop worth a walk.
_NEEDS_NO_GRAD = re.compile(r"no_grad|inference_mode")
_NEEDS_EVAL_DEF = re.compile(r"def\s+\w*(?:eval|valid|val|infer|predict)", re.IGNORECASE)
_NEEDS_EVAL_CALL = re.compile(r"\.eval\(|\.train\(")
_NEEDS_STEP = re.compile(r"\.step\(")
# Any `self.<chain> (op)= ...`; the chain is tested for dropout words in Python, which is
# 6x faster than letting the regex backtrack over every split of every `self.` chain.
_SELF_ASSIGN = re.compile(r"self\.([\w.]+)\s*[-+*/]?=(?!=)")

_HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"


# -- small AST helpers -------------------------------------------------------------------------


def _walk_local(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under ``node`` in source order, not entering nested defs or classes."""
    for child in ast.iter_child_nodes(node):
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                  ast.ClassDef)):
            yield from _walk_local(child)


def _stmts_local(node: ast.AST) -> Iterator[ast.stmt]:
    """Statements under ``node`` (blocks only: much cheaper than every expression node)."""
    for fname in ("body", "orelse", "finalbody", "handlers", "cases"):
        for child in getattr(node, fname, ()) or ():
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if isinstance(child, ast.stmt):
                yield child
            yield from _stmts_local(child)


def _dotted(node: ast.AST) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "()"
    return ""


def _mode_call(node: ast.AST) -> tuple[str, str] | None:
    """("eval" | "train", receiver) for ``x.eval()``, ``x.train()``, ``x.train(False)``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    attr = node.func.attr
    receiver = _dotted(node.func.value)
    if attr == "eval" and not node.args and not node.keywords:
        return "eval", receiver
    if attr == "train":
        arg = node.args[0] if node.args else next(
            (k.value for k in node.keywords if k.arg == "mode"), None
        )
        if isinstance(arg, ast.Constant) and arg.value is False:
            return "eval", receiver
        if arg is None or (isinstance(arg, ast.Constant) and arg.value is True):
            return "train", receiver
        return "unknown", receiver
    return None


# Names that hold a model's *maker* or a non-torch runner, not a model: `trainer.get_model`,
# `load_model`, `model_fn`, an onnxruntime `session`.
_NOT_A_MODEL = re.compile(
    r"^(get|load|build|make|create|init|setup|prepare|run|compute|wrap|save|export|to|apply|"
    r"call|forward_with|use|with)_|"
    r"_(fn|func|function|step|session|sess|loss|cfg|config|args|kwargs|name|path|dir|type|"
    r"class|cls|id|ids)$|session|^ort_|onnx|^is_|^num_|^n_", re.IGNORECASE,
)
# Calls of wrappers and frameworks that switch the mode themselves.
_MODE_SWITCHING_CALL = re.compile(
    r"^(valid_step|validation_step|eval_step|evaluation_step|test_step|predict\w*|"
    r"inference\w*|infer|evaluate|validate|eval_model|run_eval\w*|evaluation_loop|"
    r"prediction_step|generate|sample|decode\w*|translate|transcribe\w*|encode_batch)$"
)


def _is_model_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = _dotted(node.func)
    if name.endswith(".forward"):
        name = name[: -len(".forward")]  # `model.forward(x)` runs `model`
    if not name or name.endswith("()"):
        return False
    last = name.rsplit(".", 1)[-1]
    return (bool(_MODEL_NAME.search(last)) and not last[:1].isupper()
            and not _NOT_A_MODEL.search(last))


def _switches_mode(node: ast.AST, model: str) -> bool:
    """Does this region call a wrapper method that sets the mode (``trainer.valid_step``)?"""
    for n in _walk_local(node):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
            _MODE_SWITCHING_CALL.match(n.func.attr)
        ):
            receiver = _dotted(n.func.value)
            if receiver != model:  # model.generate(...) does not call .eval()
                return True
    return False


def _is_step(node: ast.AST) -> bool:
    """``optimizer.step()`` / ``scaler.step(opt)`` / ``opt.step()``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    if node.func.attr != "step":
        return False
    return bool(_OPTIM_NAME.search(_dotted(node.func.value).rsplit(".", 1)[-1]))


def _is_backward(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "backward")


def _is_no_grad(item: ast.withitem) -> bool:
    expr = item.context_expr
    name = _dotted(expr.func if isinstance(expr, ast.Call) else expr)
    return name.rsplit(".", 1)[-1] in ("no_grad", "inference_mode")


def _functions(ctx: SourceContext) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """Module-level functions of the file by name (the one-level helpers we follow)."""
    return {n.name: n for n in ctx.tree.body if isinstance(n, (ast.FunctionDef,
                                                              ast.AsyncFunctionDef))}


# Statements with nested blocks (the only places a def can hide besides bodies).
_HAS_BLOCKS = tuple(
    t for t in (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try,
                getattr(ast, "TryStar", None), getattr(ast, "Match", None), ast.excepthandler,
                getattr(ast, "match_case", None))
    if t is not None
)


def _defs(tree: ast.Module) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef,
                                                ast.ClassDef | None]]:
    """Every function of the file with the class it is a method of (statements only)."""
    stack: list[tuple[ast.AST, ast.ClassDef | None]] = [(tree, None)]
    while stack:
        node, owner = stack.pop()
        for fname in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, fname, ()) or ():
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield child, owner
                    stack.append((child, None))
                elif isinstance(child, ast.ClassDef):
                    stack.append((child, child))
                elif isinstance(child, _HAS_BLOCKS):  # simple statements hold no defs
                    stack.append((child, owner if not isinstance(node, ast.ClassDef) else None))


def _all_defs(ctx: SourceContext) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef,
                                                 ast.ClassDef | None]]:
    cached = getattr(ctx, "_script_defs", None)
    if cached is None:
        cached = list(_defs(ctx.tree))
        ctx._script_defs = cached  # type: ignore[attr-defined]
    return cached


def _bodies(ctx: SourceContext) -> Iterator[ast.AST]:
    """The module and every function: the places where script code runs.

    Test code is left out: a test's mini training run or forward check is no training or
    evaluation script (a test file, a ``test_*`` function, a method of a ``Test*`` class).
    """
    cached = getattr(ctx, "_script_bodies", None)
    if cached is None:
        cached = []
        if not _TEST_FILE.search(ctx.path.replace("\\", "/")):
            cached.append(ctx.tree)
            cached += [fn for fn, owner in _all_defs(ctx)
                       if not fn.name.startswith("test")
                       and not (owner is not None and owner.name.startswith("Test"))]
        ctx._script_bodies = cached  # type: ignore[attr-defined]
    yield from cached


_TEST_FILE = re.compile(r"(^|/)(test_[^/]*|[^/]*_test|conftest)\.py$|(^|/)tests?/")


def _calls_in_order(body: ast.AST) -> list[ast.Call]:
    calls = [n for n in _walk_local(body) if isinstance(n, ast.Call)]
    calls.sort(key=lambda c: (c.lineno, c.col_offset))
    return calls


# -- DS401: evaluation without .eval() --------------------------------------------------------


@dataclass
class _EvalRegion:
    node: ast.AST  # reported line
    owner: ast.AST  # the function (or module) it lives in
    model: str
    start: tuple[int, int]
    whole_function: bool


def _loop_model_call(node: ast.AST) -> str | None:
    for n in _stmts_local(node):
        if isinstance(n, (ast.For, ast.AsyncFor, ast.While)):
            for m in _walk_local(n):
                if _is_model_call(m):
                    name = _dotted(m.func)  # type: ignore[attr-defined]
                    return name[: -len(".forward")] if name.endswith(".forward") else name
    return None


def _has_metric(node: ast.AST) -> bool:
    for n in _walk_local(node):
        if isinstance(n, ast.Name) and _METRIC_NAME.search(n.id):
            return True
        if isinstance(n, ast.Attribute) and _METRIC_NAME.search(n.attr):
            return True
    return False


def _eval_regions(ctx: SourceContext) -> Iterator[_EvalRegion]:
    # Only bodies that hold a `no_grad`/`inference_mode` line can hold such a block.
    grad_lines = sorted(_lines_matching(ctx.text, _NEEDS_NO_GRAD))
    for owner in _bodies(ctx):
        if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if _FRAMEWORK_HOOKS.search(owner.name) or owner.name.startswith("test"):
                continue
            if EVAL_HELPER_NAME.search(owner.name) and not _in_class(ctx, owner):
                model = _loop_model_call(owner)
                if model and not _is_training_body(owner) and _may_be_model(owner, model) and (
                    not _switches_mode(owner, model)
                ):
                    yield _EvalRegion(owner, owner, model, (owner.lineno, 0), True)
                    continue
        if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start, end = owner.lineno, owner.end_lineno or owner.lineno
            i = bisect.bisect_left(grad_lines, start)
            if i == len(grad_lines) or grad_lines[i] > end:
                continue
        elif not grad_lines:
            continue
        for n in _stmts_local(owner):
            if isinstance(n, (ast.With, ast.AsyncWith)) and any(_is_no_grad(i) for i in n.items):
                model = _loop_model_call(n)
                if model and _has_metric(n) and not _is_training_body(n) and (
                    _may_be_model(owner, model) and not _imported_callable(ctx, model)
                    and not _switches_mode(n, model)
                    and not _mode_anywhere(n, "eval") and not _mode_anywhere(n, "unknown")
                ):
                    yield _EvalRegion(n, owner, model, (n.lineno, n.col_offset), False)


def _imported_callable(ctx: SourceContext, model: str) -> bool:
    """A name imported under its own lowercase name (``from datautils import decoder``): a
    function of another module, not a model built or loaded here."""
    target = ctx.names.aliases.get(model)
    return target is not None and "." in target and target.rsplit(".", 1)[-1] == model and (
        model[:1].islower())


def _may_be_model(owner: ast.AST, model: str) -> bool:
    """Can the name be a torch model?  Not a parameter annotated as a plain callable, not a
    name bound to a function, lambda, bound method or onnxruntime session."""
    root = model.split(".", 1)[0]
    if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = owner.args
        for p in (*a.posonlyargs, *a.args, *a.kwonlyargs):
            if p.arg == root and p.annotation is not None:
                ann = _dotted(p.annotation) or ""
                if ann.rsplit(".", 1)[-1] in ("Callable", "callable", "InferenceSession"):
                    return False
    if "." in model:
        return True
    for n in _stmts_local(owner):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == root:
            return False
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == root
                                             for t in n.targets):
            v = n.value
            if isinstance(v, ast.Lambda):
                return False
            if isinstance(v, ast.Attribute):
                return False  # model = net.forward / session.run: a bound method
            if isinstance(v, ast.Call) and re.search(r"InferenceSession|onnx|jit\.load|"
                                                     r"tensorrt|openvino", _dotted(v.func)):
                return False
    return True


def _origin(ctx: SourceContext, owner: ast.AST, root: str, before: tuple[int, int]
            ) -> str:
    """Where the model named ``root`` comes from, for a region that set no mode itself.

    "fresh": built here by a class or an in-file builder that never calls ``.eval()`` (a
    new module is in train mode); "unseen": from a loader defined elsewhere, an enclosing
    scope or a global (its mode may be set where the scan cannot see); "param".
    """
    if root in _params(owner):
        return "param"
    origin = "unseen"
    local = _functions(ctx)
    classes = {n.name for n in ctx.tree.body if isinstance(n, ast.ClassDef)}
    for n in _stmts_local(owner):
        if (n.lineno, n.col_offset) >= before:
            break
        if not (isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == root
                                                  for t in n.targets)):
            continue
        v = n.value
        while isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and (
            v.func.attr in ("to", "cuda", "cpu", "float", "half", "double", "train")
        ):
            v = v.func.value
        origin = "unseen"
        if isinstance(v, ast.Call):
            callee = _dotted(v.func)
            last = callee.rsplit(".", 1)[-1]
            if last in classes or (last[:1].isupper() and "." not in callee):
                origin = "fresh"
            elif last in local and not _mode_anywhere(local[last], "eval"):
                origin = "fresh"
    return origin


def _in_class(ctx: SourceContext, fn: ast.AST) -> bool:
    methods = getattr(ctx, "_script_methods", None)
    if methods is None:
        methods = {id(f) for f, owner in _all_defs(ctx) if owner is not None}
        ctx._script_methods = methods  # type: ignore[attr-defined]
    return id(fn) in methods


def _is_training_body(node: ast.AST) -> bool:
    return any(_is_step(n) or _is_backward(n) for n in _walk_local(node))


def _last_mode_before(owner: ast.AST, at: tuple[int, int], ctx: SourceContext | None = None,
                      root: str | None = None, depth: int = 0) -> str | None:
    """The mode the last mode call before ``at`` set.  With ``ctx`` and the model's name, a
    call that hands the model to a function counts too: one of the file's functions with
    the mode its own body leaves (``test_step(model)`` ending in ``model.eval()``, also
    through a function it calls in turn), and a function or class of another of the
    repository's files as unknown (it may switch it)."""
    last = None
    local = _functions(ctx) if ctx is not None and root is not None else {}
    for call in _calls_in_order(owner):
        if (call.lineno, call.col_offset) >= at:
            break
        mode = _mode_call(call)
        if mode is not None:
            other = root is not None and mode[1].split(".", 1)[0] != root
            # a switch of something else: another model's eval as before; its train (a
            # submodule's `m.train()` after `model.eval()`, for Monte Carlo dropout) leaves
            # the model's own mode open
            last = "unknown" if other and mode[0] == "train" else mode[0]
        elif ctx is not None and root is not None:
            if not _hands_model(call, root):
                continue
            callee = local.get(call.func.id) if isinstance(call.func, ast.Name) else None
            if callee is not None and callee is not owner:
                param = _param_bound(call, callee, root)
                inner = _last_mode_before(callee, (10**9, 0), ctx, param, depth + 1) if (
                    param is not None and depth < 2) else _last_mode_before(callee, (10**9, 0))
                last = inner or last
            elif callee is None and _repository_function(ctx, _dotted(call.func)):
                last = "unknown"
    return last


def _global_left_in(ctx: SourceContext, root: str, fn: ast.AST, mode: str) -> bool:
    """Does the module level switch the global ``root`` (the name of ``fn``'s parameter) to
    ``mode`` before ``fn`` is defined, and never switch it back (``model.eval()`` after a
    load, then `def evaluate(model, ...)`)?"""
    last = None
    for st in ctx.tree.body:
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for n in _walk_local(st):
            if isinstance(n, ast.Call):
                switched = _mode_call(n)
                if switched is not None and switched[1] == root:
                    if switched[0] != mode or n.lineno > fn.lineno:  # type: ignore[attr-defined]
                        return False
                    last = switched[0]
    return last == mode


def _modules_mode_free(ctx: SourceContext) -> bool:
    """Does the file define model classes (at least one), none of them with dropout or
    batch norm?  A helper no caller here hands anything could only get one of those, or a
    model of another file (whose callers the join reads)."""
    flow = getattr(ctx, "_modeflow", None)
    if flow is None:
        return False
    modules = [n.name for n in ctx.tree.body
               if isinstance(n, ast.ClassDef) and flow.is_module_class(n.name)]
    return bool(modules) and all(flow.class_care(n) is False for n in modules)


def _param_bound(call: ast.Call, fn: ast.AST, root: str) -> str | None:
    """The parameter of ``fn`` the call binds the name ``root`` to."""
    for k in call.keywords:
        if isinstance(k.value, ast.Name) and k.value.id == root:
            return k.arg
    names = [p.arg for p in fn.args.args]  # type: ignore[attr-defined]
    if names[:1] in (["self"], ["cls"]) and isinstance(call.func, ast.Attribute):
        names = names[1:]
    for i, a in enumerate(call.args):
        if isinstance(a, ast.Starred):
            return None
        if isinstance(a, ast.Name) and a.id == root and i < len(names):
            return names[i]
    return None


def _chosen_train(owner: ast.AST, at: tuple[int, int], root: str) -> bool:
    """Is the model's last mode call before ``at`` the code's own ``root.train()``, with no
    backward, optimizer step or hand-over of the model between (an evaluation in train mode
    on purpose: Monte Carlo dropout, batch-norm recalibration)?"""
    chosen = False
    for call in _calls_in_order(owner):
        if (call.lineno, call.col_offset) >= at:
            break
        mode = _mode_call(call)
        if mode is not None and mode[1] == root:
            chosen = mode[0] == "train"
        elif _is_step(call) or _is_backward(call) or _hands_model(call, root):
            chosen = False
    return chosen


def _hands_model(call: ast.Call, root: str) -> bool:
    """Is the model named ``root`` itself an argument of the call?"""
    return any(isinstance(a, ast.Name) and a.id == root for a in call.args) or any(
        isinstance(k.value, ast.Name) and k.value.id == root for k in call.keywords)


def _repository_function(ctx: SourceContext | None, name: str) -> bool:
    """A name imported from a module that is no known library (``from utils import
    test``, ``import vis`` for ``vis.GradCAM``): a function or class of the repository this
    file cannot read."""
    if ctx is None or not name:
        return False
    head = name.split(".", 1)[0]
    if head != name:
        target = ctx.names.aliases.get(head)
        return target is not None and (target.startswith(".") or target.lstrip(".").split(
            ".", 1)[0] not in LIBRARIES)
    target = ctx.names.aliases.get(name)
    if target is None:
        return bool(ctx.names.star_modules) and name not in _functions(ctx)
    head = target.lstrip(".").split(".", 1)[0]
    return target.startswith(".") or head not in LIBRARIES




def _steps_before(owner: ast.AST, at: tuple[int, int]) -> bool:
    return any(_is_step(c) and (c.lineno, c.col_offset) < at for c in _calls_in_order(owner))


def _mode_anywhere(node: ast.AST, mode: str) -> bool:
    return any((m := _mode_call(n)) is not None and m[0] == mode for n in _walk_local(node))


def _callers_set_eval(ctx: SourceContext, fn_name: str, depth: int = 0,
                      param: str | None = None) -> bool | None:
    """True if some in-file caller of ``fn_name`` switched to eval first; None: no callers.

    A caller that only passes on a model it got as a parameter, with no mode call of its
    own, is judged through its own callers (two levels): where those are out of sight, the
    answer is None (unknown), not False.  So is a caller whose model (the argument bound to
    ``param``) comes from something the scan cannot follow: a loader imported from another
    file may have called ``.eval()`` on it.
    """
    seen = False
    unknown = False
    target = _functions(ctx).get(fn_name)
    for owner in _bodies(ctx):
        for call in _calls_in_order(owner):
            if isinstance(call.func, ast.Name) and call.func.id == fn_name:
                seen = True
                arg = _bound_to(call, target, param)
                last = _last_mode_before(owner, (call.lineno, call.col_offset), ctx,
                                         arg.id if isinstance(arg, ast.Name) else None)
                if last in ("eval", "unknown"):
                    return True
                if last is not None:
                    continue
                if isinstance(arg, ast.Name) and arg.id not in _params(owner):
                    if _origin(ctx, owner, arg.id, (call.lineno, call.col_offset)) != "fresh":
                        unknown = True  # built or loaded where the scan cannot see
                    continue
                if param is not None and arg is not None and not _built_here(ctx, arg):
                    unknown = True
                    continue
                if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    passed = {a.id for a in call.args if isinstance(a, ast.Name)}
                    passed |= {k.value.id for k in call.keywords
                               if isinstance(k.value, ast.Name)}
                    if passed & _params(owner):
                        up = (_callers_set_eval(ctx, owner.name, depth + 1) if depth < 2
                              else "unseen")
                        if up is not False:
                            unknown = True
    if unknown:
        return "unseen"  # type: ignore[return-value]
    return False if seen else None


def _bound_to(call: ast.Call, fn: ast.AST | None, param: str | None) -> ast.expr | None:
    """The call's argument for ``fn``'s parameter ``param`` (None: not known)."""
    if fn is None or param is None:
        return None
    for k in call.keywords:
        if k.arg == param:
            return k.value
    a = fn.args  # type: ignore[attr-defined]
    names = [p.arg for p in (*a.posonlyargs, *a.args)]
    if names[:1] in (["self"], ["cls"]) and isinstance(call.func, ast.Attribute):
        names = names[1:]  # `self.evaluate(path, model)`: the method's own first parameter
    if param in names and names.index(param) < len(call.args):
        arg = call.args[names.index(param)]
        return None if isinstance(arg, ast.Starred) else arg
    return None


def _built_here(ctx: SourceContext, arg: ast.expr) -> bool:
    """An argument that builds a new module in place (``evaluate(Net(), loader)``)."""
    while isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and (
        arg.func.attr in ("to", "cuda", "cpu", "float", "half", "double", "train")
    ):
        arg = arg.func.value
    if not isinstance(arg, ast.Call):
        return False
    callee = _dotted(arg.func)
    last = callee.rsplit(".", 1)[-1]
    classes = {n.name for n in ctx.tree.body if isinstance(n, ast.ClassDef)}
    return last in classes or (last[:1].isupper() and "." not in callee)


_OTHER_FRAMEWORKS = ("mxnet", "tensorflow", "jax", "flax", "paddle", "mindspore", "keras",
                     "oneflow", "chainer", "theano")


_TORCH_TOPS = ("torch", "lightning", "pytorch_lightning", "transformers", "timm",
               "torchvision", "accelerate")


def _not_torch(ctx: SourceContext) -> bool:
    """A file written for another framework (d2l ships mxnet/tensorflow twins), or plain
    numpy (a course's own "mytorch" layers): its `net(X)` loops have no `.eval()` to
    forget."""
    tops = {t.split(".", 1)[0] for t in ctx.names.aliases.values()}
    if any(t in tops for t in _TORCH_TOPS):
        return False
    if tops & set(_OTHER_FRAMEWORKS):
        return True
    # imports numpy and nothing of torch's, and names no torch API in its code: what it
    # calls a net is its own numpy code (whatever its star imports bring, unknown: quiet)
    return "numpy" in tops and not re.search(r"\btorch\.|\bnn\.Module\b", ctx.text)


def _heuristic_eval(ctx: SourceContext) -> Iterator[tuple[_EvalRegion, str]]:
    text = ctx.text
    # plain substring tests first: an alternation without a common literal prefix makes `re`
    # try every position of the file
    if not ("no_grad" in text or "inference_mode" in text
            or _NEEDS_EVAL_DEF.search(text)):
        return
    if _not_torch(ctx):
        return
    for region in _eval_regions(ctx):
        if region.whole_function:
            if _mode_anywhere(region.owner, "eval") or _mode_anywhere(region.owner, "unknown"):
                continue
            if _mode_anywhere(region.owner, "train") and not _BATCH_NORM.search(text):
                continue  # an evaluation that switches to train itself: on purpose (MC dropout)
            root = region.model.split(".", 1)[0]
            if _origin(ctx, region.owner, root, (10**9, 0)) == "unseen":
                continue  # `model = solver.model`, a loader elsewhere: mode set unseen
            callers = _callers_set_eval(ctx, region.owner.name,  # type: ignore[attr-defined]
                                        param=root)
            if callers is True or callers == "unseen":
                continue
            if callers is None and _modules_mode_free(ctx):
                continue  # called nowhere here, and no model of the file has dropout or BN
            if callers is None and _global_left_in(ctx, root, region.owner, "eval"):
                continue  # called nowhere here; the script's own `model` is put in eval
            name = region.owner.name  # type: ignore[attr-defined]
            yield (region,
                   f"`{name}` runs `{region.model}` in an evaluation loop but neither it nor "
                   "its callers in this file call `.eval()`: dropout and batch norm keep "
                   "their training behaviour and the metrics are noisy; call "
                   f"`{region.model}.eval()` first")
            continue
        last = _last_mode_before(region.owner, region.start, ctx,
                                 region.model.split(".", 1)[0])
        if last == "train" and not _BATCH_NORM.search(text) and _chosen_train(
                region.owner, region.start, region.model):
            continue  # `model.train()` right before, nothing trained since: on purpose
        trained_before = False
        if last is None and _steps_before(region.owner, region.start):
            last = "train"  # it was just being trained: a fresh or .train()-ed model
            trained_before = True
        if last in ("eval", "unknown"):
            continue
        if last is None:
            fname = getattr(region.owner, "name", None)
            if fname is not None and EVAL_HELPER_NAME.search(fname):
                continue  # judged as a whole function above
            root = region.model.split(".", 1)[0]
            origin = _origin(ctx, region.owner, root, region.start)
            if origin == "unseen":
                continue  # a loader elsewhere, self, a closure: its mode may be set unseen
            if origin == "param" and (
                fname is None or _callers_set_eval(ctx, fname, param=root) is not False
            ):
                continue  # the model comes from a caller we cannot see
        yield (region,
               f"this `torch.no_grad()` loop evaluates `{region.model}` without `.eval()` "
               + ("(it was just trained, in train mode, and no mode call follows): "
                  if trained_before else
                  f"(its last mode call is {'`.train()`' if last == 'train' else 'none'}): ")
               + "dropout and batch norm keep their training behaviour; call "
               f"`{region.model}.eval()` before it")


def _params(fn: ast.AST) -> set[str]:
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return set()
    a = fn.args
    return {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)}


# -- DS402: .eval() inside a training loop with no .train() before the next step ----------------


# Models that are meant to stay in eval mode while another one trains.
_AUX_MODEL = re.compile(r"(teacher|ema|target|frozen|reference|^ref_|_ref$|critic_target|"
                        r"discriminator_eval|old_policy|baseline)", re.IGNORECASE)


def _loop_vars(node: ast.AST) -> set[str]:
    """Names bound by ``for`` targets and comprehensions under ``node`` (``for m in ...``)."""
    out: set[str] = set()
    for n in _walk_local(node):
        target = n.target if isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)) else None
        if target is not None:
            out |= {t.id for t in ast.walk(target) if isinstance(t, ast.Name)}
    return out


def _whole_model_mode(mode: tuple[str, str], loop_vars: set[str]) -> bool:
    """A mode call on the model itself, not on a submodule picked in a loop
    (``for m in model.modules(): m.eval()``) or on a teacher/EMA copy kept in eval."""
    receiver = mode[1]
    root = receiver.split(".", 1)[0]
    if root in loop_vars:
        return False
    return not any(_AUX_MODEL.search(part) for part in receiver.split("."))


def _chosen_modes(node: ast.AST) -> set[int]:
    """Ids of the mode calls of an ``if``/``else`` whose branches set different modes
    (``if finetune: model.train() else: model.eval()``, a linear probe's frozen backbone): the
    mode after it is picked by a condition the scan does not decide."""
    out: set[int] = set()
    for n in _walk_local(node):
        if not isinstance(n, ast.If) or not n.orelse:
            continue
        branches = []
        for block in (n.body, n.orelse):
            calls = [c for st in block for c in _walk_local(st) if isinstance(c, ast.Call)
                     and _mode_call(c) is not None]
            branches.append(calls)
        kinds = [{_mode_call(c)[0] for c in calls} for calls in branches]  # type: ignore[index]
        if all(kinds) and kinds[0] != kinds[1]:
            out |= {id(c) for calls in branches for c in calls}
    return out


# flags whose test picks a phase (`if self.is_test: self.dqn.eval()`)
_PHASE_FLAG = re.compile(r"test|eval|train|infer|valid|mode|phase", re.IGNORECASE)


def _flag_guarded_modes(node: ast.AST) -> set[int]:
    """Ids of the mode calls under an ``if`` on a phase flag (``if self.is_test:``): which
    way it goes is set elsewhere (the training method clears the flag), so unknown here."""
    out: set[int] = set()
    for n in _walk_local(node):
        if not isinstance(n, ast.If):
            continue
        names = [m.attr if isinstance(m, ast.Attribute) else m.id for m in ast.walk(n.test)
                 if isinstance(m, (ast.Attribute, ast.Name))]
        if not any(_PHASE_FLAG.search(x) for x in names):
            continue
        out |= {id(c) for st in [*n.body, *n.orelse] for c in _walk_local(st)
                if isinstance(c, ast.Call) and _mode_call(c) is not None}
    return out


def _events(node: ast.AST, helpers: dict[str, ast.AST], models: set[str] | None = None,
            depth: int = 0) -> list[tuple[str, ast.AST]]:
    """Mode switches and optimizer steps in execution order, following in-file helpers.

    A helper that calls both ``.train()`` and ``.eval()`` picks one by an argument
    (``run_epoch(model, loader, mode="valid")``): its mode is "unknown" at the call.
    """
    out: list[tuple[str, ast.AST]] = []
    loop_vars = _loop_vars(node)
    chosen = _chosen_modes(node) | _flag_guarded_modes(node)
    calls = _calls_in_order(node)
    switched = {m[1] for m in map(_mode_call, calls) if m is not None}
    if depth == 0:  # `self.evaluate()` of a trainer class switches `self.model` for us
        for call in calls:
            helper = helpers.get(_helper_key(call)) if isinstance(call, ast.Call) else None
            if helper is not None and isinstance(call.func, ast.Attribute):
                switched |= {m[1] for m in map(_mode_call, _calls_in_order(helper))
                             if m is not None and m[1].startswith("self.")}
    forwards = switched | (models or set())
    quiet = _no_grad_calls(node) if depth == 0 else set()
    if depth == 0 and switched:
        # a name bound anew to a constructed model (`model = Net()` at the top of each
        # k-fold): a fresh module, in train mode
        for n in _stmts_local(node):
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and any(
                    isinstance(t, ast.Name) and t.id in switched for t in n.targets):
                calls = sorted([*calls, n], key=lambda c: (c.lineno, c.col_offset))
    for call in calls:
        if isinstance(call, ast.Assign):
            out.append(("train", call))
            continue
        mode = _mode_call(call)
        if mode is not None:
            if _whole_model_mode(mode, loop_vars):
                out.append(("unknown" if id(call) in chosen else mode[0], call))
        elif _is_step(call):
            out.append(("step", call))
        elif depth == 0 and id(call) not in quiet and _forward_of(call) in forwards:
            out.append(("forward", call))  # a forward that gradients can flow from
        elif depth == 0 and _helper_key(call) in helpers:
            helper = helpers[_helper_key(call)]
            inner = _events(helper, helpers, None, depth + 1)
            off = _steps_off_at(helper, call)
            inner = [(k, c) for k, c in inner if id(c) not in off]
            kinds = {k for k, _ in inner}
            own_mode = bool(inner) and inner[0][0] in ("train", "eval") and "step" in kinds
            modes = [k for k, _ in inner if k in ("train", "eval", "unknown")]
            # `model.eval()` ... `model.train()` on every path: an evaluation that puts the
            # training mode back, whose mode at return is known (train)
            restores = (not kinds & {"step", "unknown"} and "eval" in modes
                        and modes == sorted(modes, key=("eval", "train").index))
            if ({"train", "eval"} <= kinds and not restores) or own_mode:
                # picks the mode by an argument, or sets it itself before its first step (a
                # linear probe keeping batch norm frozen): the mode it is entered with does
                # not reach its training
                inner = [("unknown", c) if k in ("train", "eval") else (k, c) for k, c in inner]
            for kind, _ in inner:
                if kind == "step":  # a helper that steps an optimizer runs a forward too
                    out.append(("forward", call))
                out.append((kind, call))  # report the helper's call site
    return out


def _helper_key(call: ast.Call) -> str:
    """How a helper is named at its call: ``evaluate`` or ``self.evaluate``."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
            func.value.id == "self"):
        return f"self.{func.attr}"
    return ""


def _forward_of(call: ast.Call) -> str:
    """The model a call runs: ``model`` for ``model(x)`` and ``model.forward(x)``."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("forward", "__call__"):
        return _dotted(func.value)
    return _dotted(func)


def _no_grad_calls(node: ast.AST) -> set[int]:
    """Ids of the calls under a ``with torch.no_grad()``/``inference_mode()`` in ``node``."""
    out: set[int] = set()
    for n in _walk_local(node):
        if isinstance(n, (ast.With, ast.AsyncWith)) and any(_is_no_grad(i) for i in n.items):
            out |= {id(c) for c in _walk_local(n) if isinstance(c, ast.Call)}
    return out


def _optimiser_models(owner: ast.AST) -> dict[str, set[str]]:
    """For each optimizer built in ``owner`` (``opt_g = Adam(gen.parameters())``), the
    models whose parameters it steps, as written (``gen``, ``ae.critic``)."""
    out: dict[str, set[str]] = {}
    for n in _stmts_local(owner):
        if not (isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)):
            continue
        # `self.optimizer, self.scheduler = build(...)`: the optimizer is the element named so
        targets = [e for t in n.targets
                   for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
        unpacked = any(isinstance(t, ast.Tuple) for t in n.targets)
        names = [_dotted(t) for t in targets if _dotted(t)
                 and (not unpacked or _OPTIM_NAME.search(_dotted(t).rsplit(".", 1)[-1]))]
        if not (any(_OPTIM_NAME.search(_dotted(t).rsplit(".", 1)[-1]) for t in targets
                    if isinstance(t, (ast.Name, ast.Attribute)))
                or "optim" in _dotted(n.value.func)):
            continue
        roots = {_dotted(m.func.value) for m in ast.walk(n.value)
                 if isinstance(m, ast.Call) and isinstance(m.func, ast.Attribute)
                 and m.func.attr in ("parameters", "named_parameters")}
        if not roots and not _torch_optimizer(n.value):
            # a builder handed the module itself (`set_optimizer(self.model, lr)`): it steps
            # that module's parameters; a torch optimizer takes parameters, never a module
            roots = {_dotted(a) for a in n.value.args
                     if isinstance(a, ast.Attribute) and _dotted(a).startswith("self.")}
        for name in names or [""]:  # `opts[0] = Adam(...)`: trained, whoever steps it
            out.setdefault(name, set()).update(roots)
    return out


def _torch_optimizer(call: ast.Call) -> bool:
    """``torch.optim.Adam(...)``, ``optim.SGD(...)``, ``AdamW(...)``: a class that takes
    parameters (or groups of them), never a module."""
    name = _dotted(call.func)
    return "optim." in name or name.rsplit(".", 1)[-1] in _TORCH_OPTIMIZERS


_TORCH_OPTIMIZERS = frozenset({
    "SGD", "Adam", "AdamW", "Adamax", "Adagrad", "Adadelta", "ASGD", "LBFGS", "NAdam", "RAdam",
    "RMSprop", "Rprop", "SparseAdam", "Adafactor", "Lamb", "LARS", "Lion"})


def _class_optimisers(cls: ast.ClassDef) -> dict[str, set[str]]:
    """The ``self.<name>`` optimizers a class's methods build (in ``__init__`` or a setup
    method), with the models each steps: a training method steps them."""
    out: dict[str, set[str]] = {}
    for m in cls.body:
        if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for name, roots in _optimiser_models(m).items():
                if name.startswith("self."):
                    out.setdefault(name, set()).update(roots)
    return out


def _steps_off_at(helper: ast.AST, call: ast.Call) -> set[int]:
    """Ids of the helper's optimizer steps that this call does not run for sure: a step
    under an ``if`` on the helper's own parameters (``if mode == "train":``) runs only when
    the call's arguments make the test true.  A test the scan cannot decide counts as not
    run: the helper may or may not train here, and unknown stays quiet."""
    guards = arg_guards.step_guards(helper, _is_step)
    if guards is None:
        return set()
    if arg_guards.runs_at(guards, helper, call) is True:
        return set()
    return {id(c) for c in ast.walk(helper) if isinstance(c, ast.Call) and _is_step(c)}


def _training_loops(owner: ast.AST) -> Iterator[ast.AST]:
    for n in _stmts_local(owner):
        if isinstance(n, (ast.For, ast.AsyncFor, ast.While)):
            yield n


def _optimised_models(owner: ast.AST) -> set[str]:
    """Roots of ``X.parameters()`` handed to an optimizer in ``owner`` (the trained models)."""
    return {m.split(".", 1)[0] for m in set().union(*_optimiser_models(owner).values())}


def _plain_class_methods(ctx: SourceContext) -> set[int]:
    """Ids of the methods of classes that do not look like ``nn.Module`` subclasses."""
    from ..capture.source import module_like

    return {id(fn) for fn, cls in _all_defs(ctx)
            if cls is not None and not module_like(cls, ctx.names, ctx.module_classes)}


def _heuristic_train_eval(ctx: SourceContext
                          ) -> Iterator[tuple[ast.AST, ast.AST, str | None, ast.AST]]:
    """(the eval switch or helper call, its function, the model's name, the optimizer step
    that trains it in eval mode) for each switch inside a training loop never undone."""
    if not (_NEEDS_EVAL_CALL.search(ctx.text) and _NEEDS_STEP.search(ctx.text)):
        return
    if _not_torch(ctx):
        return
    functions = _functions(ctx)
    reported: set[int] = set()
    plain = _plain_class_methods(ctx)
    classes = {id(fn): cls for fn, cls in _all_defs(ctx)}
    class_optimisers: dict[int, dict[str, set[str]]] = {}  # per class, read once
    for owner in _bodies(ctx):
        trained = _optimised_models(owner)
        owners = _optimiser_models(owner)
        handed_in = not owners  # the optimizer, if any, comes from the caller
        cls = classes.get(id(owner))
        if cls is not None:  # `self.optimizer` built in `__init__`, stepped here
            if id(cls) not in class_optimisers:
                class_optimisers[id(cls)] = _class_optimisers(cls)
            owners = {**class_optimisers[id(cls)], **owners}
        helpers = dict(functions)
        if cls is not None and id(owner) not in plain:  # a module's own methods switch it
            cls = None
        if cls is not None:  # a trainer class: its own methods (`self.evaluate()`)
            helpers.update({f"self.{m.name}": m for m in cls.body
                            if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                            and m is not owner})
        for loop in _training_loops(owner):
            loop_trained = trained or (_handed_training(owner, loop) if handed_in else set())
            events = _events(loop, helpers, loop_trained)
            if not any(k == "step" for k, _ in events):
                continue
            once = getattr(loop, "orelse", None)
            after = (once[0].lineno, once[-1].end_lineno or once[-1].lineno) if once else None
            for i, (kind, culprit) in enumerate(events):
                if kind != "eval" or culprit.lineno in reported:
                    continue
                if after is not None and after[0] <= culprit.lineno <= after[1]:
                    continue  # `for ...: <steps> else: model.eval()` runs once, after the loop
                mode = _mode_call(culprit)
                if loop_trained and mode is not None and (
                        mode[1].split(".", 1)[0] not in loop_trained):
                    continue  # another model (a world model, a frozen encoder)
                if mode is not None and mode[1] == "self" and id(owner) in plain:
                    continue  # `self.eval()` of a class that is no module: its own routine
                flow = getattr(ctx, "_modeflow", None)
                if mode is not None and flow is not None and "." not in mode[1] and (
                        _name_mode_free(ctx, flow, mode[1], owner)):
                    continue  # no dropout, no batch norm: its mode changes nothing
                name = mode[1] if mode is not None else None
                if name is not None and _detached_only(loop, name):
                    continue  # a frozen feature extractor: no gradient reaches its weights
                # `if epoch == n_epochs - 1: model.eval()` runs in the last pass only: the
                # loop does not come round to its start after it
                last = any(st.lineno <= culprit.lineno <= (st.end_lineno or st.lineno)
                           for st in tree_walk.last_pass_ifs(loop))
                handed = _handed_model(culprit, helpers) if name is None else None
                step = _trains_in_eval(events[i + 1:] + ([] if last else events), culprit,
                                       name, helpers, owners, handed)
                if step is not None:
                    reported.add(culprit.lineno)
                    yield (culprit, owner, name if name is not None else handed, step)


_LOSS_NAME = re.compile(r"(?i)loss|criterion|crit\b|objective|cost")


def _handed_training(owner: ast.AST, loop: ast.AST) -> set[str]:
    """The one model a training function is handed with the one optimizer it steps
    (``def train(model, loader, optimizer, criterion)``): the loop steps a single optimizer,
    a parameter, and calls a single parameter as a model (the loss, named so, is none:
    ``disc(gen(z))`` looks like ``criterion(model(x))``).  Empty when there are more (a GAN's
    two networks: which one the optimizer steps is the caller's to tell)."""
    params = _params(owner)
    stepped = {_dotted(c.func.value) for c in _walk_local(loop) if isinstance(c, ast.Call)
               and _is_step(c) and isinstance(c.func, ast.Attribute)}
    if len(stepped) != 1 or not stepped <= params:
        return set()
    called: set[str] = set()
    losses: set[str] = set()
    for c in _walk_local(loop):
        if isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in params:
            called.add(c.func.id)
            if _LOSS_NAME.search(c.func.id):
                losses.add(c.func.id)  # `criterion(model(x), y)`: the loss, named so
    models = called - losses
    return models if len(models) == 1 else set()


def _detached_only(loop: ast.AST, name: str) -> bool:
    """Does every forward of ``name`` in ``loop`` run under ``no_grad`` or have its outputs
    read only through ``.detach()`` (``_, feats = net(x)`` then ``feats.detach()``)?  Then
    no optimizer step can train it, in whatever mode it is (a linear probe on a frozen
    backbone).  No forward seen: no."""
    parents: dict[int, ast.AST] = {}
    for n in ast.walk(loop):
        for child in ast.iter_child_nodes(n):
            parents[id(child)] = n
    quiet = _no_grad_calls(loop)
    forwards = [c for c in ast.walk(loop) if isinstance(c, ast.Call) and _forward_of(c) == name]
    if not forwards:
        return False
    held: set[str] = set()  # names the outputs are bound to
    for call in forwards:
        if id(call) in quiet:
            continue
        up = parents.get(id(call))
        if isinstance(up, ast.Attribute) and up.attr == "detach":
            continue
        if not (isinstance(up, ast.Assign) and up.value is call):
            return False
        for t in up.targets:
            for m in ast.walk(t):
                if isinstance(m, ast.Name):
                    held.add(m.id)
                elif not isinstance(m, (ast.Tuple, ast.List, ast.Load, ast.Store)):
                    return False  # `self.feats = net(x)`: read elsewhere, out of sight
    # `feats = feats.detach()`: later reads of the name read the detached tensor
    rebound = {n.targets[0].id: n.lineno for n in ast.walk(loop)
               if isinstance(n, ast.Assign) and len(n.targets) == 1
               and isinstance(n.targets[0], ast.Name) and n.targets[0].id in held
               and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Attribute)
               and n.value.func.attr == "detach" and isinstance(n.value.func.value, ast.Name)
               and n.value.func.value.id == n.targets[0].id}
    for n in ast.walk(loop):
        if isinstance(n, ast.Name) and n.id in held and isinstance(n.ctx, ast.Load):
            up = parents.get(id(n))
            if not (isinstance(up, ast.Attribute) and up.attr == "detach") and not (
                    n.id in rebound and n.lineno > rebound[n.id]):
                return False
    return True


def _uncalled_param(ctx: SourceContext, model: str, owner: ast.AST) -> int | None:
    """The index of ``model`` among the parameters of ``owner``, a module-level function
    that no code of this file calls by name (its callers are in other files); None else."""
    if "." in model or owner not in ctx.tree.body or not isinstance(
            owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    params = [a.arg for a in owner.args.args]
    flow = getattr(ctx, "_modeflow", None)
    if model not in params or flow is None or flow.called_here(owner.name):
        return None
    return params.index(model)


def _handed_model(call: ast.AST, helpers: dict[str, ast.AST]) -> str | None:
    """The caller's name for the model a helper call (``test_step(model=net)``) switches:
    the argument bound to the parameter the helper calls ``.eval()`` on."""
    helper = helpers.get(_helper_key(call)) if isinstance(call, ast.Call) else None
    if helper is None:
        return None
    params = _params(helper)
    for n in _walk_local(helper):
        mode = _mode_call(n)
        if mode is not None and mode[0] == "eval":
            if mode[1] not in params and "." not in mode[1]:
                return mode[1]  # a module-level model the helper reads as a global
            arg = _bound_to(call, helper, mode[1])  # type: ignore[arg-type]
            return _dotted(arg) or None if arg is not None else None
    return None


def _reads_global(helper: ast.AST, name: str) -> bool:
    """Does a helper read the caller's ``name`` (its root) as a module-level name: read, and
    neither a parameter nor bound in the helper?  A helper that builds and trains its own
    model (``def train(args): model = Net(); ... opt.step()``) trains another object."""
    root = name.split(".", 1)[0]
    if root in _params(helper):
        return False
    read = False
    for n in _walk_local(helper):
        if isinstance(n, ast.Name) and n.id == root:
            if not isinstance(n.ctx, ast.Load):
                return False
            read = True
    return read


def _trains_in_eval(after: list[tuple[str, ast.AST]], culprit: ast.AST, name: str | None,
                    helpers: dict[str, ast.AST], owners: dict[str, set[str]],
                    handed: str | None = None) -> ast.AST | None:
    """The optimizer step, in the rest of this iteration and the next, whose gradients come
    from a forward of the model while the ``culprit`` eval still holds; None when a
    ``.train()`` comes first, or no forward in eval mode reaches a step of its optimizer
    (a look at training accuracy before the step; the discriminator in eval while the
    generator's optimizer steps).  ``handed``: the model a helper ``culprit`` switches, for
    telling whether a step's optimizer is another model's."""
    forwarded = False
    switched = name if name is not None else handed
    for kind, node in after:
        if kind in ("train", "unknown"):
            return None
        if kind == "eval":
            if node is culprit:
                continue
            m = _mode_call(node)
            if m is None or name is None or m[1] == name:
                return None  # judged from that switch instead
            continue
        if kind == "forward":
            key = _helper_key(node)  # type: ignore[arg-type]
            if key in helpers and _forward_of(node) != switched:  # type: ignore[arg-type]
                # a helper that steps an optimizer trains the model only if it reaches it:
                # handed it, `self.<model>`, or reading it as a module-level name
                if switched is None or any(
                        _dotted(a) == switched for a in node.args  # type: ignore[attr-defined]
                ) or switched.startswith("self.") or _reads_global(helpers[key], switched):
                    forwarded = True
            elif name is None or _forward_of(node) == name:  # type: ignore[arg-type]
                forwarded = True
            continue
        if kind == "step" and forwarded:
            func = node.func  # type: ignore[attr-defined]
            stepped = owners.get(_dotted(func.value)) if isinstance(
                func, ast.Attribute) else None
            if stepped and switched is not None and "" not in stepped and not any(
                    switched == m or switched.startswith(m + ".")
                    or m.startswith(switched + ".") for m in stepped):
                continue  # another model's optimizer (the generator's, the critic's step)
            return node
    return None


# -- DS403: a pretrained model trained without .train() ----------------------------------------


def _heuristic_pretrained(ctx: SourceContext
                          ) -> Iterator[tuple[ast.AST, str, ast.Call, ast.AST | None, str]]:
    """(the training loop, the message, the load, the late ``.train()`` or None, the model's
    name) for each loop that trains a model ``from_pretrained`` returned in eval mode before
    anything switches it to train mode."""
    if "from_pretrained" not in ctx.text or not _NEEDS_STEP.search(ctx.text):
        return
    helpers = _functions(ctx)
    for owner in _bodies(ctx):
        loads = [c for c in _calls_in_order(owner)
                 if isinstance(c.func, ast.Attribute) and c.func.attr == "from_pretrained"
                 and _loads_model(ctx, c)]
        if not loads:
            continue
        first = loads[0]
        optimisers = _optimiser_models(owner)
        bound = _bound_names(owner, first)
        name = sorted(bound)[0] if bound else "model"
        if bound is not None:
            bound = _derived_names(owner, bound)
        for loop in _training_loops(owner):
            if (loop.lineno, loop.col_offset) < (first.lineno, first.col_offset):  # type: ignore[attr-defined]
                continue
            if bound is not None and not any(isinstance(n, ast.Name) and n.id in bound
                                             for n in _walk_local(loop)):
                continue  # the loop trains other models (an embedding table read once)
            events = _events(loop, helpers)
            steps = [c for k, c in events if k == "step"]
            if not steps:
                continue
            if all(_trainer_step(c) for c in steps):
                continue  # `ppo_trainer.step(q, r, rewards)`: the trainer sets modes, unseen
            if bound is not None and all(_steps_other_model(c, optimisers, bound)
                                         for c in steps):
                continue  # the optimizer was built from another model's parameters
            if _mode_anywhere(owner, "train") or _mode_anywhere(owner, "unknown"):
                break
            first_step = next(i for i, (k, _) in enumerate(events) if k == "step")
            if any(k in ("train", "unknown") for k, _ in events[:first_step]):
                break
            late = next((c for k, c in events[first_step:] if k in ("train", "unknown")),
                        None)
            if late is not None and not any(k == "train" for k, c in events[first_step:]
                                            if c is late):
                break  # a mode the scan cannot tell after the first step
            if late is None:
                message = (f"the model from `{_dotted(first.func)}(...)` (line "
                           f"{first.lineno}) is returned in eval mode, and this training loop "
                           "never calls `.train()`: it trains without dropout; call "
                           f"`{name}.train()` before the loop")
            else:
                # `evaluate_model(...)` ends with `model.train()`, but runs only after the
                # first optimizer step (every N steps): the steps before it train in eval mode
                message = (f"the model from `{_dotted(first.func)}(...)` (line "
                           f"{first.lineno}) is returned in eval mode, and this training loop "
                           f"first calls `.train()` (line {late.lineno}) after an optimizer "
                           "step: the steps before it train without dropout; call "
                           f"`{name}.train()` before the loop")
            yield loop, message, first, late, name
            break


def _trainer_step(call: ast.AST) -> bool:
    """``ppo_trainer.step(...)``: a trainer object's step, not an optimizer's.  Which model
    it trains, and whether it calls ``.train()`` first, is inside the trainer."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "step"):
        return False
    last = _dotted(call.func.value).rsplit(".", 1)[-1]
    return bool(re.search("trainer", last, re.IGNORECASE)) and not re.search(
        r"optim|scaler", last, re.IGNORECASE)


def _steps_other_model(call: ast.AST, optimisers: dict[str, set[str]], models: set[str]
                       ) -> bool:
    """Is the optimizer ``call`` steps built (``_optimiser_models``) over the parameters of
    models none of which is one of ``models`` (``opt = Adam(critic.parameters())``)?  Not
    seen built, or built over parameters it cannot name: no."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "step"):
        return False
    roots = optimisers.get(_dotted(call.func.value))
    return bool(roots) and not any(r.split(".", 1)[0] in models for r in roots)


def _derived_names(owner: ast.AST, names: set[str]) -> set[str]:
    """``names`` and the names ``owner`` binds to expressions reading them
    (``prompt_model = PromptForClassification(plm=plm)``), to a few steps."""
    out = set(names)
    for _ in range(3):
        grown = False
        for n in _stmts_local(owner):
            if isinstance(n, ast.Assign) and any(
                    isinstance(m, ast.Name) and m.id in out for m in ast.walk(n.value)):
                new = {t.id for t in n.targets if isinstance(t, ast.Name)} - out
                if new:
                    out |= new
                    grown = True
        if not grown:
            break
    return out


def _bound_names(owner: ast.AST, call: ast.Call) -> set[str] | None:
    """The names a statement of ``owner`` binds to ``call`` (``model = X.from_pretrained()``,
    ``model = X.from_pretrained().to(dev)``); None when it is not simply bound."""
    for n in _stmts_local(owner):
        if isinstance(n, ast.Assign) and any(c is call for c in ast.walk(n.value)):
            names = {t.id for t in n.targets if isinstance(t, ast.Name)}
            return names or None
    return None


def _loads_model(ctx: SourceContext, call: ast.Call) -> bool:
    owner = _dotted(call.func.value)  # type: ignore[attr-defined]
    try:
        qualified = ctx.names.qualify(call.func) or owner
    except Exception:  # noqa: BLE001 - an odd callee is simply unresolved
        qualified = owner
    if qualified.split(".", 1)[0] == "torch":
        return False  # `nn.Embedding.from_pretrained(vectors)`: a layer, in train mode
    last = owner.rsplit(".", 1)[-1]
    # tokenizers, processors and configs also have from_pretrained: they have no mode
    return not re.search(r"(token|process|config|feature_extract|scheduler|pipeline)", last,
                         re.IGNORECASE)


# -- DS404: dropout state written in forward ----------------------------------------------------


def _restored_attrs(fn: ast.AST) -> set[str]:
    """``self.x`` that the function saves in a local (``old = self.x``) and assigns back
    from it (``self.x = old``): a switch for the length of the call, nothing left stale."""
    saved: dict[str, str] = {}
    out: set[str] = set()
    for n in _stmts_local(fn):
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1):
            continue
        target, value = n.targets[0], n.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Attribute) and (
                _dotted(value).startswith("self.")):
            saved[target.id] = _dotted(value)
        elif isinstance(target, ast.Attribute) and isinstance(value, ast.Name) and (
                saved.get(value.id) == _dotted(target)):
            out.add(_dotted(target))
    return out


_STATE_FIX = "Compute a local: `p = self.dropout_p if self.training else 0.0`."


def _check_state_in_forward(ctx: SourceContext) -> Iterator[Hit]:
    hits = _state_write_lines(ctx.text)
    if not hits:
        return
    ordered = sorted(hits)
    first, last = ordered[0], ordered[-1]
    forward_calls: dict[int, set[str]] = {}  # per class: the self.<name>() forward calls
    for fn, owner in _all_defs(ctx):
        # __init__ is where dropout state is meant to be written (every `self.dropout = ...`)
        if owner is None or fn.name == "__init__":
            continue
        if fn.lineno > last or (fn.end_lineno or fn.lineno) < first:
            continue
        i = bisect.bisect_left(ordered, fn.lineno)
        if i == len(ordered) or ordered[i] > (fn.end_lineno or fn.lineno):
            continue  # no assignment of dropout state inside this function
        if fn.name != "forward":
            if id(owner) not in forward_calls:
                forward_calls[id(owner)] = _self_calls_in_forward(owner)
            if fn.name not in forward_calls[id(owner)]:
                continue
            if _called_in_train_only(owner, fn.name):
                continue  # forward calls it in train mode only (a schedule's step)
        top_level = {id(n) for n in fn.body}
        restored = _restored_attrs(fn)
        lazy = tree_walk.lazy_init_calls(fn)  # layers built on the first call, registered
        for n in _stmts_local(fn):
            if n.lineno not in hits:
                continue
            value = getattr(n, "value", None)
            if isinstance(value, ast.Call) and id(value) in lazy:
                continue
            if id(n) in top_level and (isinstance(value, ast.Constant) or (
                isinstance(value, ast.Attribute) and value.attr == "training"
            )) and not _pins_submodule_mode(n):
                # set on every call to a constant or to the current mode: nothing stale
                continue
            targets: list[ast.expr] = []
            if isinstance(n, ast.Assign):
                targets = list(n.targets)
            elif isinstance(n, (ast.AugAssign, ast.AnnAssign)):
                targets = [n.target]
            if targets and _train_only(fn, n):
                continue  # written only in train mode (a schedule): an eval pass keeps it
            if targets and _ramp(fn, n):
                continue  # a rate ramped over calls toward its setting: never switched off
            for t in targets:
                chain = _dotted(t) if isinstance(t, ast.Attribute) else ""
                if not chain.startswith("self.") or chain in restored:
                    continue  # (saved in a local first and put back before the call ends)
                parts = chain.split(".")[1:]
                if _CACHE_STATE.search(parts[-1]):
                    continue  # cached masks or buffers, not a rate or a mode
                if parts[-1] != "training" and _tensor_value(getattr(n, "value", None)):
                    continue  # a tensor made in this call (a per-call mask): no rate or mode
                child = parts[-1] == "training" and len(parts) == 2
                if child and _mode_free_attr(ctx, owner, parts[0]):
                    continue  # a LayerNorm or Linear computes the same in either mode
                if parts[-1] == "training" or any(_DROP_STATE.search(p) for p in parts):
                    trace = [_step(ctx, fn, f"`{owner.name}.{fn.name}` runs on every forward "
                                            "pass, in train and in eval mode"
                                            if fn.name == "forward" else
                                            f"`{owner.name}.forward` calls `self.{fn.name}`"),
                             _step(ctx, n, f"it assigns `{chain}` on the module")]
                    message = (f"`forward` assigns `{chain}`: dropout state changed during a "
                               "forward pass stays changed for later calls (an eval pass can "
                               "switch training dropout off for good); compute a local value "
                               "instead, e.g. `p = self.p if self.training else 0.0`")
                    flow = getattr(ctx, "_modeflow", None)
                    homes = _attr_homes(ctx, flow, parts[0], fn) if child and (
                        flow is not None) else None
                    if homes:  # other files' classes decide whether the child cares
                        _defer(ctx, "DS404", n, message, trace, _STATE_FIX, homes)
                        continue
                    keyword = _optin_keyword(ctx, fn, n)
                    if keyword is not None and flow is not None:
                        # runs only for a keyword no code here passes: another file may
                        trace.insert(1, _step(ctx, n, f"only when a caller passes "
                                                      f"`{keyword}=...`"))
                        flow.defer_optin("DS404", _step(ctx, n, ""), message, trace,
                                         _STATE_FIX, keyword)
                        continue
                    _record(ctx, "DS404", n, trace)
                    yield n, message, owner.name


# Tensor methods whose result is a tensor (a mask drawn or reshaped in the call), not a rate
_TENSOR_METHODS = frozenset({"unsqueeze", "squeeze", "view", "reshape", "expand", "repeat",
                             "float", "bool", "long", "to", "detach", "clone", "bernoulli_",
                             "bernoulli", "masked_fill", "type_as", "permute", "transpose"})


def _tensor_value(value: ast.expr | None) -> bool:
    """Is the assigned value a tensor the call computes (``torch.rand(n) < p``,
    ``mask.unsqueeze(1)``), not a number, flag or mode?"""
    if value is None:
        return False
    for n in ast.walk(value):
        if isinstance(n, ast.Call):
            name = _dotted(n.func)
            if name.startswith("torch.") or (isinstance(n.func, ast.Attribute)
                                             and n.func.attr in _TENSOR_METHODS):
                return True
    return False


def _optin_keyword(ctx: SourceContext, fn: ast.AST, stmt: ast.stmt) -> str | None:
    """The keyword whose passing alone runs ``stmt`` (under ``if norm_training is not
    None:`` with ``norm_training = kwargs.get("norm_training", None)``, or a keyword
    parameter of ``fn`` that defaults to None/False), when no code of this file passes it;
    else None."""
    args = fn.args  # type: ignore[attr-defined]
    defaults = tree_walk.param_defaults(fn)  # type: ignore[arg-type]
    read: dict[str, str] = {}  # local name -> the kwargs key it reads
    for n in _stmts_local(fn):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(
                n.targets[0], ast.Name) and isinstance(n.value, ast.Call) and isinstance(
                n.value.func, ast.Attribute) and n.value.func.attr in ("get", "pop") and (
                args.kwarg is not None and _dotted(n.value.func.value) == args.kwarg.arg
                and n.value.args and isinstance(n.value.args[0], ast.Constant)
                and isinstance(n.value.args[0].value, str) and (
                    len(n.value.args) < 2 or (isinstance(n.value.args[1], ast.Constant)
                                              and not n.value.args[1].value))):
            read[n.targets[0].id] = n.value.args[0].value
    for node in _stmts_local(fn):
        if not (isinstance(node, ast.If) and any(x is stmt for b in node.body
                                                  for x in ast.walk(b))):
            continue
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(
                test.ops[0], ast.IsNot) and isinstance(test.comparators[0], ast.Constant) and (
                test.comparators[0].value is None):
            test = test.left
        if not isinstance(test, ast.Name):
            continue
        key = read.get(test.id)
        if key is None and isinstance(defaults.get(test.id), ast.Constant) and not (
                defaults[test.id].value):  # type: ignore[union-attr]
            key = test.id
        if key is not None and not text_scan.keyword_pattern(key).search(ctx.text):
            return key
    return None


def _is_training_test(test: ast.expr) -> bool | None:
    """True for ``self.training``, False for ``not self.training``, else None."""
    if isinstance(test, ast.Attribute) and test.attr == "training" and _dotted(test) == (
            "self.training"):
        return True
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _is_training_test(test.operand)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp):
        kinds = [_is_training_test(v) for v in test.values]
        if isinstance(test.op, ast.And) and True in kinds:
            return True  # `self.training and ...`: the body runs in train mode only
        if isinstance(test.op, ast.Or) and False in kinds:
            return False  # `not self.training or ...`: the else runs in train mode only
    return None


def _ramp(fn: ast.AST, stmt: ast.stmt) -> bool:
    """Is ``stmt`` a rate schedule ramped over calls: the rate grown by a step
    (``self.drop_prob += self.step_size``), or computed from a counter the same function
    advances (``self.drop.p = self.p_max * self.step / self.warmup`` with ``self.step += 1``)?
    Such a write follows the schedule on every call; it is not a switch an eval pass leaves
    behind (the rule's case)."""
    if isinstance(stmt, ast.AugAssign):
        return isinstance(stmt.op, ast.Add)  # grown toward its setting, never to zero
    value = getattr(stmt, "value", None)
    if not isinstance(stmt, ast.Assign) or value is None:
        return False
    read = {_dotted(n) for n in ast.walk(value) if isinstance(n, ast.Attribute)}
    for n in _stmts_local(fn):
        if isinstance(n, ast.AugAssign) and isinstance(n.op, (ast.Add, ast.Sub)) and (
                isinstance(n.target, ast.Attribute) and _dotted(n.target) in read):
            return True
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(
                n.targets[0], ast.Attribute) and isinstance(n.value, ast.BinOp) and (
                isinstance(n.value.op, (ast.Add, ast.Sub))) and (
                _dotted(n.targets[0]) in read and _dotted(n.value.left) == _dotted(
                    n.targets[0])):
            return True  # `self.step = self.step + 1`
    return False


def _train_only(fn: ast.AST, stmt: ast.stmt) -> bool:
    """Does ``stmt`` run only in train mode: under ``if self.training:`` (or the ``else`` of
    ``if not self.training:``), or after ``if not self.training: return ...``?"""
    def search(body: list[ast.stmt], train_only: bool) -> bool | None:
        for st in body:
            if st is stmt:
                return train_only
            if isinstance(st, ast.If):
                kind = _is_training_test(st.test)
                found = search(st.body, train_only or kind is True)
                if found is not None:
                    return found
                found = search(st.orelse, train_only or kind is False)
                if found is not None:
                    return found
                if kind is False and st.body and isinstance(st.body[-1], (ast.Return,
                                                                          ast.Raise)):
                    train_only = True  # eval mode has returned: what follows is train only
                continue
            for name in ("body", "orelse", "finalbody"):
                inner = getattr(st, name, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    found = search(inner, train_only)
                    if found is not None:
                        return found
            for h in getattr(st, "handlers", ()) or ():
                found = search(h.body, train_only)
                if found is not None:
                    return found
        return None

    return bool(search(getattr(fn, "body", []), False))


def _called_in_train_only(owner: ast.ClassDef, name: str) -> bool:
    """Does the class's ``forward`` call ``self.<name>()`` only where it runs in train mode?"""
    forward = next((m for m in owner.body if isinstance(m, (ast.FunctionDef,
                                                            ast.AsyncFunctionDef))
                    and m.name == "forward"), None)
    if forward is None:
        return False
    stmts = [st for st in _stmts_local(forward) if any(
        isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
        and c.func.attr == name and _dotted(c.func.value) == "self"
        for c in ast.walk(st)) and not isinstance(st, (ast.If, ast.For, ast.While, ast.With,
                                                        ast.Try))]
    return bool(stmts) and all(_train_only(forward, st) for st in stmts)


def _mode_free_attr(ctx: SourceContext, owner: ast.ClassDef, attr: str) -> bool:
    """Is ``self.<attr>`` built in the class as a torch layer that computes the same in
    train and eval mode (``nn.LayerNorm``, ``nn.Linear``)?"""
    for n in ast.walk(owner):
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and any(
                _dotted(t) == f"self.{attr}" for t in n.targets):
            q = ctx.names.qualify(n.value.func) or ""
            last = q.rsplit(".", 1)[-1]
            if (q.startswith("torch.nn.") and last[:1].isupper()
                    and not _MODE_OR_CONTAINER.search(last)):
                return True
            break
    # built some other way (a factory function of the file): as the mode analysis reads it
    flow = getattr(ctx, "_modeflow", None)
    return flow is not None and flow.attr_homes(owner, attr) == []


def _pins_submodule_mode(stmt: ast.stmt) -> bool:
    """``self.encoder.training = True`` in forward: a constant that ``.eval()`` never undoes.

    Unlike a rate reset (``self.p = 0.0`` on every call), a submodule's mode written to a
    literal leaves it in that mode after ``model.eval()``/``model.train()``.
    """
    if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, bool)):
        return False
    return any(isinstance(t, ast.Attribute) and t.attr == "training"
               and isinstance(t.value, ast.Attribute) and _dotted(t).startswith("self.")
               for t in stmt.targets)


def _lines_matching(text: str, pattern: re.Pattern[str],
                    keep: Callable[[re.Match[str]], bool] | None = None) -> set[int]:
    """Numbers of the lines holding a match of ``pattern`` (that ``keep`` accepts)."""
    out: set[int] = set()
    line, pos = 1, 0
    for m in pattern.finditer(text):
        if keep is not None and not keep(m):
            continue
        line += text.count("\n", pos, m.start())
        pos = m.start()
        out.add(line)
    return out


def _names_dropout_state(m: re.Match[str]) -> bool:
    chain = m.group(1).lower()
    return "drop" in chain or "training" in chain


def _state_write_lines(text: str) -> set[int]:
    """Lines that assign a `self.` chain naming dropout state (drop*, training)."""
    return _lines_matching(text, _SELF_ASSIGN, _names_dropout_state)


def _self_calls_in_forward(cls: ast.ClassDef) -> set[str]:
    """The ``self.<name>(...)`` calls of the class's ``forward`` (one level of helpers), not
    those of a lazy initialisation (``if self.qkv is None: self.build_layers(c)``), which
    runs once."""
    for n in cls.body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "forward":
            lazy = tree_walk.lazy_init_calls(n)
            return {c.func.attr for c in ast.walk(n)
                    if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                    and isinstance(c.func.value, ast.Name) and c.func.value.id == "self"
                    and id(c) not in lazy}
    return set()


# -- the mode analysis behind DS401-DS403, and the traces of every finding ---------------------


@dataclass
class _At:
    """A reported position for a hit that has no AST node of its own."""

    lineno: int
    col_offset: int


def _record(ctx: SourceContext, code: str, node: ast.AST, trace: list[TraceStep],
            fix: str = "", certain: bool = True) -> None:
    """Leave the trace (and a fix in the code's own names) for the lint to attach to the
    finding at this position (see ``linter.static.attach_traces``).  ``certain=False``: the
    model may have dropout or batch norm, but the scan cannot see it (its class or builder is
    not read), so the finding is info, not a warning."""
    table = getattr(ctx, "_mode_traces", None)
    if table is None:
        table = {}
        ctx._mode_traces = table  # type: ignore[attr-defined]
    key = (code, getattr(node, "lineno", None), getattr(node, "col_offset", 0))
    table.setdefault(key, (trace, fix, certain))


def _step(ctx: SourceContext, node: ast.AST, text: str) -> TraceStep:
    return TraceStep.at(ctx.path, node, text)


def _innermost_def(ctx: SourceContext, line: int
                   ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The innermost function holding ``line`` (None: module level)."""
    best, size = None, 10**9
    for fn, _ in _all_defs(ctx):
        end = fn.end_lineno or fn.lineno
        if fn.lineno <= line <= end and end - fn.lineno < size:
            best, size = fn, end - fn.lineno
    return best


def _enclosing(ctx: SourceContext, line: int) -> int:
    """Id of the innermost function holding ``line`` (0: module level)."""
    fn = _innermost_def(ctx, line)
    return id(fn) if fn is not None else 0


def _flow_hits(ctx: SourceContext, code: str) -> list[Any]:
    """The mode analysis's hits (``linter.modeflow``, attached to the context by the lint:
    rules do not import the lint pipeline)."""
    flow = getattr(ctx, "_modeflow", None)
    if flow is None or _not_torch(ctx):
        return []
    return [h for h in flow.hits() if h.code == code]


def _first_call_of(node: ast.AST, model: str) -> ast.Call | None:
    for n in ast.walk(node):
        if isinstance(n, ast.Call) and _dotted(n.func) == model:
            return n
    return None


def _eval_trace(ctx: SourceContext, region: _EvalRegion) -> list[TraceStep]:
    """What the name-based DS401 knows: where the model came from, its last switch, the use."""
    root = region.model.split(".", 1)[0]
    trace: list[TraceStep] = []
    for n in _stmts_local(region.owner):
        if (n.lineno, n.col_offset) >= region.start:
            break
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == root
                                             for t in n.targets):
            trace = [_step(ctx, n, f"`{root}` is created here by "
                                   f"`{_dotted(getattr(n.value, 'func', n.value))}(...)`, "
                                   "in train mode")]
    for call in _calls_in_order(region.owner):
        if (call.lineno, call.col_offset) >= region.start:
            break
        mode = _mode_call(call)
        if mode is not None and mode[1].split(".", 1)[0] == root:
            trace = trace[:1] + [_step(ctx, call, f"`{mode[1]}` is last switched to {mode[0]} "
                                                  "mode here")]
    if region.whole_function:
        name = getattr(region.owner, "name", "")
        trace.append(_step(ctx, region.owner, f"neither `{name}` nor its callers in this file "
                                              f"call `{region.model}.eval()`"))
    use = _first_call_of(region.node, region.model)
    where = "under `torch.no_grad()`" if not region.whole_function else "in an evaluation loop"
    trace.append(_step(ctx, use or region.node, f"`{region.model}(...)` is evaluated here "
                                                f"({where})"))
    return trace


# What builds a model, as the script rules need it: [] when it has neither dropout nor batch
# norm (no mode bug); the classes of other files it is built from, for the join to read in
# their own files; None when it may have them (report).
Homes = list[tuple[str, str]] | None


def _region_homes(ctx: SourceContext, region: _EvalRegion) -> Homes:
    """How the model an evaluation region runs is built (see ``Homes``)."""
    return _model_homes(ctx, region.model, region.owner)


def _model_homes(ctx: SourceContext, model: str, owner: ast.AST) -> Homes:
    """How the model named ``model`` in ``owner`` is built: a parameter of a module-level
    function through every call of it in this file, any other name through its last
    assignment in ``owner`` or the module."""
    root = model.split(".", 1)[0]
    flow = getattr(ctx, "_modeflow", None)
    if flow is not None and root == "self" and model.count(".") == 1 and isinstance(
            owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return _attr_homes(ctx, flow, model.split(".", 1)[1], owner)
    if root != model or flow is None:
        return None
    if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)) and root in [
            a.arg for a in owner.args.args]:
        return _param_homes(ctx, flow, owner, [a.arg for a in owner.args.args].index(root))
    return _name_homes(ctx, flow, root, owner)


def _attr_homes(ctx: SourceContext, flow: Any, attr: str, method: ast.AST) -> Homes:
    """How ``self.<attr>`` of the method's class is built (see ``Homes``), as the mode
    analysis reads every assignment of it in the class."""
    cls = next((c for c in ast.walk(ctx.tree) if isinstance(c, ast.ClassDef)
                and method in c.body), None)
    return flow.attr_homes(cls, attr) if cls is not None else None


def _last_binding(ctx: SourceContext, root: str, owner: ast.AST) -> ast.expr | None:
    """What the name ``root`` is last bound to in ``owner`` (else in the module), as the
    model it builds (``built_model``: ``Net().to(device)`` is ``Net()``)."""
    scopes = [owner] if owner is ctx.tree else [owner, ctx.tree]
    for scope in scopes:
        values = [built_model(n.value) for n in _stmts_local(scope)
                  if isinstance(n, ast.Assign) and any(
                      isinstance(t, ast.Name) and t.id == root for t in n.targets)]
        # `net = net.cuda()` moves the model it already holds: the binding before decides
        while values and isinstance(values[-1], ast.Name) and values[-1].id == root:
            values.pop()
        if values:
            return values[-1]
    return None


def _name_homes(ctx: SourceContext, flow: Any, root: str, owner: ast.AST) -> Homes:
    value = _last_binding(ctx, root, owner)
    if not isinstance(value, ast.Call):
        return None
    if flow.care_of_call(value) is False:
        return []
    return flow.homes_of_call(value) or None


def _name_mode_free(ctx: SourceContext, flow: Any, root: str, owner: ast.AST) -> bool:
    return _name_homes(ctx, flow, root, owner) == []


def _param_homes(ctx: SourceContext, flow: Any, fn: ast.AST, index: int) -> Homes:
    """How every call of the module-level function ``fn`` in this file (at least one) builds
    the model it hands parameter ``index`` (a name built from a class, or ``self`` in a
    method of a class with neither dropout nor batch norm)."""
    name = getattr(fn, "name", "")
    if fn not in ctx.tree.body:
        return None
    calls = 0
    homes: list[tuple[str, str]] = []
    params = [a.arg for a in fn.args.args]  # type: ignore[attr-defined]
    for caller, owner in [*_all_defs(ctx), (ctx.tree, None)]:
        for n in _walk_local(caller):
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                    and n.func.id == name):
                continue
            arg = _bound_to(n, fn, params[index])
            if not isinstance(arg, ast.Name):
                return None
            calls += 1
            if arg.id == "self" and owner is not None:
                if flow.class_care(owner.name) is not False:
                    return None
                continue
            got = _name_homes(ctx, flow, arg.id, caller)
            if got is None:
                return None
            homes += [h for h in got if h not in homes]
    if calls == 0:
        # called nowhere here: it can only get a model this file builds, or one of another
        # file's caller (the join judges those calls on their own)
        return flow.script_models()
    return homes


def _functions_of(ctx: SourceContext, hit: Any) -> set[int]:
    """The functions a mode-analysis hit is about: where it is and every step of its trace."""
    out = {_enclosing(ctx, hit.line)}
    out |= {_enclosing(ctx, s.line) for s in hit.trace if s.line and s.path == ctx.path}
    return out


def _combined(ctx: SourceContext, code: str, name_hits: list[tuple[ast.AST, str, list[TraceStep],
              str, bool]]) -> Iterator[Hit]:
    """The name rules' hits (with a trace: the analysis's when it found the same bug) and
    then the analysis's own hits that no name rule found, each once.  A hit is certain
    (a warning) when either side knows the model has dropout or batch norm."""
    flow = [(h, _functions_of(ctx, h)) for h in _flow_hits(ctx, code)]
    used: set[int] = set()
    for node, message, trace, fix, certain in name_hits:
        fid = _enclosing(ctx, node.lineno)  # type: ignore[attr-defined]
        for i, (h, funcs) in enumerate(flow):
            if fid in funcs:
                used.add(i)
                if code == "DS401":
                    trace, fix = h.trace, h.fix
                    certain = certain or h.certain
        _record(ctx, code, node, trace, fix, certain)
        yield node, message, ""
    for i, (h, _) in enumerate(flow):
        if i in used:
            continue
        at = _At(h.line, h.column)
        homes = _hit_param_homes(ctx, h)
        if homes == []:
            continue  # a parameter every caller here hands a model with no mode-dependent layer
        if homes:
            _defer(ctx, code, at, h.message, h.trace, h.fix, homes)
            continue
        _record(ctx, code, at, h.trace, h.fix, h.certain or _hit_param_cares(ctx, h)
                or _hit_attr_cares(ctx, h))
        yield at, h.message, ""


def _hit_param(ctx: SourceContext, hit: Any) -> tuple[ast.FunctionDef, str] | None:
    """(the module-level function, the parameter) when a mode-analysis hit is about a
    parameter of a module-level function, by its plain name; else None."""
    fn = next((n for n in ctx.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
               and n.name == hit.function), None)
    root = hit.label or ""
    if fn is None or not root or "." in root or root not in [a.arg for a in fn.args.args]:
        return None
    return fn, root  # type: ignore[return-value]


def _hit_param_homes(ctx: SourceContext, hit: Any) -> Homes:
    """How the callers in this file build the model of a mode-analysis hit that is a
    parameter of a module-level function (switched inside it, so the analysis judged it
    there without its class): see ``Homes``; None when it is no such parameter."""
    found = _hit_param(ctx, hit)
    flow = getattr(ctx, "_modeflow", None)
    if found is None or flow is None:
        return None
    fn, root = found
    return _param_homes(ctx, flow, fn, [a.arg for a in fn.args.args].index(root))


def _hit_param_cares(ctx: SourceContext, hit: Any) -> bool:
    """Does some call in this file hand the parameter a mode-analysis hit is about a model
    known to have dropout or batch norm?"""
    found = _hit_param(ctx, hit)
    return found is not None and _model_cares(ctx, found[1], found[0])


def _hit_attr_cares(ctx: SourceContext, hit: Any) -> bool:
    """Is the ``self.<attr>`` a mode-analysis hit is about known to have dropout or batch
    norm (see ``_model_cares``)?"""
    if not (hit.label or "").startswith("self.") or hit.label.count(".") != 1:
        return False
    owner = _innermost_def(ctx, hit.line)
    return owner is not None and _model_cares(ctx, hit.label, owner)


def _model_cares(ctx: SourceContext, model: str, owner: ast.AST) -> bool:
    """Is the model named ``model`` in ``owner`` known to have dropout or batch norm: the
    call that builds it (its last binding, ``self.<attr>``'s assignments in the class, or
    what a call of this file hands a parameter) makes a class or library architecture that
    has them?  False when it has none or nothing says (the finding is then only info)."""
    flow = getattr(ctx, "_modeflow", None)
    if flow is None:
        return False
    root = model.split(".", 1)[0]
    if root == "self" and model.count(".") == 1:
        cls = next((c for c in ast.walk(ctx.tree) if isinstance(c, ast.ClassDef)
                    and owner in c.body), None)
        return cls is not None and flow.attr_cares(cls, model.split(".", 1)[1])
    if root != model:
        return False
    params = [a.arg for a in owner.args.args] if isinstance(
        owner, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    if root in params:
        if owner not in ctx.tree.body:
            return False
        for caller, _ in [*_all_defs(ctx), (ctx.tree, None)]:
            for n in _walk_local(caller):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and (
                        n.func.id == owner.name):  # type: ignore[attr-defined]
                    arg = _bound_to(n, owner, root)
                    if isinstance(arg, ast.Name) and _model_cares(ctx, arg.id, caller):
                        return True
        return False
    value = _last_binding(ctx, root, owner)
    return isinstance(value, ast.Call) and flow.care_of_call(value) is True


def _check_eval_without_eval(ctx: SourceContext) -> Iterator[Hit]:
    name_hits = []
    for region, message in _heuristic_eval(ctx):
        if _never_bound(ctx, region.model):
            # a fragment using a model some other file builds: whether it has dropout or
            # batch norm is out of sight (DS402 stays: an `.eval()` the fragment itself
            # calls inside its training loop is its own switch)
            continue
        if _holder_method_before(ctx, region):
            continue  # `tester._make_model()` may build, load and switch `tester.model`
        if _pretrained_never_switched(ctx, region.model, region.owner):
            continue  # in eval mode all along (the training is DS403's)
        loader = _imported_loader(ctx, region.model, region.owner)
        flow = getattr(ctx, "_modeflow", None)
        if loader is not None and flow is not None:
            # `model = load_model(...)` of another file: if it returns a `from_pretrained`
            # model, in eval mode, the join withdraws this (nothing here switches it to train)
            flow.withdraw_if_pretrained("DS401", region.node.lineno,  # type: ignore[attr-defined]
                                        region.node.col_offset, *loader)  # type: ignore[attr-defined]
        homes = _region_homes(ctx, region)
        if homes == []:
            continue  # neither dropout nor batch norm: train and eval compute the same
        fix = (f"Call `{region.model}.eval()` before the evaluation "
               f"(and `{region.model}.train()` after).")
        if homes:
            _defer(ctx, "DS401", region.node, message, _eval_trace(ctx, region), fix, homes,
                   _built_by(ctx, region.model, region.owner))
            continue
        name_hits.append((region.node, message, _eval_trace(ctx, region), fix,
                          _model_cares(ctx, region.model, region.owner)))
    # children Lightning switches back to train (their class's dropout is read there)
    name_hits.extend((*h, True) for h in frozen_children.hits(ctx))
    yield from _combined(ctx, "DS401", name_hits)


# Calls on a holder that leave the mode of what it holds as it was.
_HOLDER_KEEPS = frozenset({"to", "cuda", "cpu", "float", "half", "double", "parameters",
                           "named_parameters", "state_dict", "zero_grad", "get", "items",
                           "keys", "values", "append", "format", "size", "numel"})


def _holder_method_before(ctx: SourceContext, region: _EvalRegion) -> bool:
    """Is the model an attribute of another object (``tester.model``) whose own methods
    the function calls before the evaluation (``tester._make_model()``, ``agent.load()``),
    methods that may switch what it holds: of a class of another file (out of sight), or of
    a class of this file whose code switches a mode somewhere?"""
    root, dot, _ = region.model.partition(".")
    if not dot or root in ("self", "cls"):
        return False
    line = region.start[0]
    nodes = list(_walk_local(region.owner))
    if not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and isinstance(n.func.value, ast.Name) and n.func.value.id == root
               and n.func.attr not in _HOLDER_KEEPS and n.lineno < line for n in nodes):
        return False
    classes = {c.name: c for c in ctx.tree.body if isinstance(c, ast.ClassDef)}
    built = [n.value.func.id for n in nodes if isinstance(n, ast.Assign)
             and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name)
             and any(isinstance(t, ast.Name) and t.id == root for t in n.targets)]
    if len(built) == 1 and built[0] in classes:  # its class is read here
        code = ctx.segment(classes[built[0]])
        return ".eval(" in code or ".train(" in code or ".training" in code
    return True


def _binding_in_file_without_train(ctx: SourceContext, model: str, owner: ast.AST
                                   ) -> ast.Call | None:
    """The call a plain name ``model`` is last bound to, in a file that calls ``.train(`` on
    nothing and builds no ``Trainer`` (what that call returns keeps its mode); else None."""
    if "." in model or ".train(" in ctx.text or "Trainer(" in ctx.text:
        return None
    value = _last_binding(ctx, model, owner)
    return value if isinstance(value, ast.Call) else None


def _pretrained_never_switched(ctx: SourceContext, model: str, owner: ast.AST) -> bool:
    """Is ``model`` bound to a model ``from_pretrained(...)`` returns (in eval mode), in a file
    that switches nothing to train mode?  Then it is in eval mode at every evaluation,
    however much the file trains it (that is a DS403)."""
    value = _binding_in_file_without_train(ctx, model, owner)
    return (value is not None and isinstance(value.func, ast.Attribute)
            and value.func.attr == "from_pretrained" and _loads_model(ctx, value))


def _imported_loader(ctx: SourceContext, model: str, owner: ast.AST) -> tuple[str, str] | None:
    """(module, function) when ``model`` is bound to what a lowercase function imported from
    outside the known libraries returns (``utils.load_model(args)``), in a file that
    switches nothing to train mode; else None."""
    value = _binding_in_file_without_train(ctx, model, owner)
    if value is None:
        return None
    module, _, name = (ctx.names.qualify(value.func) or "").rpartition(".")
    if not module or not name[:1].islower() or module.split(".", 1)[0] in LIBRARIES:
        return None
    return module, name


def _never_bound(ctx: SourceContext, model: str) -> bool:
    """Is ``model`` (a plain name) bound nowhere in the file: no assignment, loop or ``with``
    target, parameter, import or definition, and no star import that could bind it (a
    slide's or notebook cell's fragment)?"""
    if not model.isidentifier() or ctx.names.star_modules:
        return False
    if model in ctx.names.aliases or model in ctx.names.local_defs or model in ctx.names.bound:
        return False
    for n in ast.walk(ctx.tree):
        if isinstance(n, ast.Name) and n.id == model and not isinstance(n.ctx, ast.Load):
            return False
        if isinstance(n, ast.arg) and n.arg == model:
            return False
        if isinstance(n, (ast.Global, ast.Nonlocal)) and model in n.names:
            return False
    return True


def _built_by(ctx: SourceContext, model: str, owner: ast.AST) -> ast.Call | None:
    """The call that builds the model named ``model`` (its last assignment in ``owner`` or
    the module), for the join to read which constructor defaults it left; None when it is
    a parameter or built some other way."""
    if "." in model:
        return None
    value = _last_binding(ctx, model, owner)
    return value if isinstance(value, ast.Call) else None


def _factory_of(ctx: SourceContext, call: ast.Call) -> ast.AST | None:
    """The module-level function of this file that ``call`` calls by its name (a factory
    such as ``build_model(vocab)``), else None (a class, or a name bound to one)."""
    if not isinstance(call.func, ast.Name):
        return None
    return next((n for n in ctx.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and n.name == call.func.id), None)


def _defer(ctx: SourceContext, code: str, node: ast.AST, message: str,
           trace: list[TraceStep], fix: str, homes: list[tuple[str, str]],
           built: ast.Call | None = None) -> None:
    """Leave a finding about a model of other files' classes to the repository-wide join,
    which reports it only if one of those classes has dropout or batch norm."""
    flow = getattr(ctx, "_modeflow", None)
    factory = _factory_of(ctx, built) if built is not None else None
    if built is not None and factory is not None:
        # `model = build_model(vocab)`: the arguments are the factory's, not the class's;
        # the construction inside the factory says which defaults it left (one it does not
        # show: as if it left them all, the class's defaults decide)
        built = next((c for c in ast.walk(factory) if isinstance(c, ast.Call)
                      and _dotted(c.func).rsplit(".", 1)[-1] in {h[1] for h in homes}),
                     None) or ast.Call(func=built.func, args=[], keywords=[])
    if flow is not None:
        flow.defer(code, _step(ctx, node, ""), message, trace, fix, homes, built)


def _check_eval_in_training_loop(ctx: SourceContext) -> Iterator[Hit]:
    name_hits = []
    for culprit, owner, model, step in _heuristic_train_eval(ctx):
        name = model or "model"
        trace = [_step(ctx, culprit, f"`{name}` is switched to eval mode here"),
                 _step(ctx, step, f"`{_dotted(getattr(step, 'func', step))}()` trains while "
                                  f"`{name}` is still in eval mode")]
        message = (f"`{name}` is switched to eval mode here inside a training loop and not "
                   "back to `.train()` before the next optimizer step: later batches train "
                   f"without dropout; call `{name}.train()` after evaluating")
        fix = f"Call `{name}.train()` after the evaluation (or at the top of each epoch)."
        param = _uncalled_param(ctx, model, owner) if model else None
        homes = None if param is not None else (
            _model_homes(ctx, model, owner) if model else None)
        if homes == []:
            continue  # neither dropout nor batch norm: its mode changes nothing
        if homes:
            _defer(ctx, "DS402", culprit, message, trace, fix, homes,
                   _built_by(ctx, model, owner))
            continue
        flow = getattr(ctx, "_modeflow", None)
        if param is not None and flow is not None:
            # `train_src(encoder, ...)` called only from another file: its callers there
            # decide (the join withdraws it if they all hand mode-free models)
            flow.defer_param("DS402", culprit.lineno, culprit.col_offset, owner.name, param)
        name_hits.append((culprit, message, trace, fix, True))
    yield from _combined(ctx, "DS402", name_hits)


def _check_pretrained_without_train(ctx: SourceContext) -> Iterator[Hit]:
    name_hits = []
    for loop, message, load, late, name in _heuristic_pretrained(ctx):
        trace = [_step(ctx, load, f"`{_dotted(load.func)}(...)` returns the model in eval "
                                  "mode")]
        if late is None:
            trace.append(_step(ctx, loop, "this loop trains it (backward and optimizer step) "
                                          "and nothing calls `.train()`"))
        else:
            via = "" if _mode_call(late) is not None else (
                f" (`{_helper_key(late)}(...)` calls it)")  # type: ignore[arg-type]
            trace += [_step(ctx, loop, "this loop trains it (backward and optimizer step)"),
                      _step(ctx, late, f"`.train()` is first reached here{via}, after an "
                                       "optimizer step")]
        name_hits.append((loop, message, trace, f"Call `{name}.train()` before the training "
                                                "loop.", True))
    yield from _combined(ctx, "DS403", name_hits)


def _script(body: str) -> str:
    return _HEADER + body


RULES = (
    Rule(
        code="DS401",
        name="eval-loop-without-eval",
        severity=Severity.WARNING,
        summary="An evaluation loop runs the model without calling `.eval()`.",
        why=(
            "`torch.no_grad()` does not switch dropout (or BatchNorm) to inference "
            "behaviour: only `model.eval()` does. Evaluation then drops activations at "
            "random, and metrics are noisy and biased low."
        ),
        fix="Call `model.eval()` before the evaluation loop (and `model.train()` after).",
        invalid=(
            _script(
                "def evaluate(model, loader):\n"
                "    correct = 0\n"
                "    with torch.no_grad():\n"
                "        for x, y in loader:\n"
                "            correct += (model(x).argmax(1) == y).sum().item()  # expect: DS401\n"
                "    return correct\n"
                "\n\n"
                "net = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.5), nn.Linear(16, 3))\n"
                "net.load_state_dict(torch.load('net.pt'))\n"
                "print(evaluate(net, []))\n"
            ),
            _script(
                "def main(model, loader, opt):\n"
                "    for epoch in range(3):\n"
                "        model.train()\n"
                "        for x, y in loader:\n"
                "            opt.zero_grad()\n"
                "            F.cross_entropy(model(x), y).backward()\n"
                "            opt.step()\n"
                "        with torch.no_grad():  # expect: DS401\n"
                "            correct = 0\n"
                "            for x, y in loader:\n"
                "                correct += (model(x).argmax(1) == y).sum()\n"
                "\n\n"
                "net = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 3))\n"
                "main(net, [], torch.optim.SGD(net.parameters(), lr=0.1))\n"
            ),
        ),
        valid=(
            _script(
                "def evaluate(model, loader):\n"
                "    model.eval()\n"
                "    correct = 0\n"
                "    with torch.no_grad():\n"
                "        for x, y in loader:\n"
                "            correct += (model(x).argmax(1) == y).sum().item()\n"
                "    return correct\n"
            ),
            _script(
                "def validate(model, loader):\n"
                "    with torch.no_grad():\n"
                "        return [model(x) for x in loader]\n\n\n"
                "def run(model, loader):\n"
                "    for x in loader:\n"
                "        model(x)\n"
                "    model.eval()\n"
                "    return validate(model, loader)\n"
            ),
        ),
        check_source=_check_eval_without_eval,
    ),
    Rule(
        code="DS402",
        name="eval-inside-training-loop",
        severity=Severity.WARNING,
        summary="`.eval()` inside a training loop without `.train()` before the next step.",
        why=(
            "Evaluating every N steps with `model.eval()` and forgetting `model.train()` "
            "leaves dropout off for the rest of training: the model silently trains without "
            "the regularisation it was configured with."
        ),
        fix="Call `model.train()` after the evaluation (or at the top of each epoch).",
        invalid=(
            _script(
                "def fit(model, loader, optimizer):\n"
                "    for step, (x, y) in enumerate(loader):\n"
                "        loss = F.cross_entropy(model(x), y)\n"
                "        loss.backward()\n"
                "        optimizer.step()\n"
                "        if step % 100 == 0:\n"
                "            model.eval()  # expect: DS402\n"
                "            with torch.no_grad():\n"
                "                print(model(x).argmax(1))\n"
            ),
        ),
        valid=(
            _script(
                "def fit(model, loader, optimizer):\n"
                "    for step, (x, y) in enumerate(loader):\n"
                "        loss = F.cross_entropy(model(x), y)\n"
                "        loss.backward()\n"
                "        optimizer.step()\n"
                "        if step % 100 == 0:\n"
                "            model.eval()\n"
                "            with torch.no_grad():\n"
                "                print(model(x).argmax(1))\n"
                "            model.train()\n"
            ),
        ),
        check_source=_check_eval_in_training_loop,
    ),
    Rule(
        code="DS403",
        name="pretrained-trained-in-eval-mode",
        severity=Severity.WARNING,
        summary="A model from `from_pretrained(...)` is trained without `.train()`.",
        why=(
            "transformers' `from_pretrained` returns the model in eval mode (dropout off). "
            "A hand-written fine-tuning loop that never calls `model.train()` fine-tunes "
            "without dropout. (`Trainer` calls it for you.)"
        ),
        fix="Call `model.train()` before the training loop.",
        invalid=(
            _script(
                "from transformers import AutoModelForSequenceClassification\n\n\n"
                "def finetune(loader, optimizer):\n"
                "    model = AutoModelForSequenceClassification.from_pretrained('bert-base')\n"
                "    for batch in loader:  # expect: DS403\n"
                "        model(**batch).loss.backward()\n"
                "        optimizer.step()\n"
            ),
        ),
        valid=(
            _script(
                "from transformers import AutoModelForSequenceClassification\n\n\n"
                "def finetune(loader, optimizer):\n"
                "    model = AutoModelForSequenceClassification.from_pretrained('bert-base')\n"
                "    model.train()\n"
                "    for batch in loader:\n"
                "        model(**batch).loss.backward()\n"
                "        optimizer.step()\n"
            ),
        ),
        check_source=_check_pretrained_without_train,
    ),
    Rule(
        code="DS404",
        name="dropout-state-set-in-forward",
        severity=Severity.WARNING,
        summary="`forward` assigns dropout state on the module (`self.dropout_p = ...`).",
        why=(
            "Setting `self.dropout_p = 0.0` (or `self.drop.p`, or `.training`) on an eval "
            "path inside `forward` mutates the module for good: the next training step "
            "still sees the eval value, so dropout silently stops."
        ),
        fix=_STATE_FIX,
        invalid=(
            _HEADER
            + "class Attn(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        self.dropout_p = 0.1\n\n"
            + "    def forward(self, q):\n"
            + "        if not self.training:\n"
            + "            self.dropout_p = 0.0  # expect: DS404\n"
            + "        return F.scaled_dot_product_attention(q, q, q, dropout_p=self.dropout_p)\n",
        ),
        valid=(
            _HEADER
            + "class Attn(nn.Module):\n"
            + "    def __init__(self):\n"
            + "        super().__init__()\n"
            + "        self.dropout_p = 0.1\n\n"
            + "    def forward(self, q):\n"
            + "        p = self.dropout_p if self.training else 0.0\n"
            + "        return F.scaled_dot_product_attention(q, q, q, dropout_p=p)\n",
        ),
        check_source=_check_state_in_forward,
    ),
)

__all__ = ["RULES"]
