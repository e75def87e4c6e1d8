"""DS401: a submodule put in eval mode in ``__init__`` of a Lightning module (or of a module a
Lightning module holds), which Lightning's ``Trainer`` switches back to train mode.

``self.vgg = vgg19_bn(weights=...).eval()`` in ``__init__`` is meant to keep a frozen network
(a perceptual loss, a teacher, a text encoder) in eval mode.  But ``Trainer.fit`` calls
``.train()`` on the whole LightningModule when fitting starts and after every validation
loop, and ``.train()`` recurses into every child: from then on the frozen network runs with
dropout on and batch norm normalising by (and updating) batch statistics.  Code that means it
overrides ``train()``, assigns ``self.vgg.train = ...`` (the latent-diffusion idiom) or calls
``self.vgg.eval()`` again in a hook; any of those keeps the rule quiet, as does a network
whose class the scan cannot read (unknown means quiet).  Read from one file; no torch import.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..capture.source_random import dotted_name
from ..findings import TraceStep

if TYPE_CHECKING:
    from ..capture.source import SourceContext

# methods Lightning runs after it has switched the whole module to eval mode itself
_EVAL_HOOKS = re.compile(r"^(validation|test|predict)_step$|^on_(validation|test|predict)_")
# calls that return the same module (`.eval()` chained after them still names it)
_SAME_MODULE = frozenset({"to", "cuda", "cpu", "float", "half", "double", "bfloat16",
                          "requires_grad_", "eval", "train"})
# torchvision builders whose `.features` (or other part) has neither dropout nor batch norm
_PLAIN_FEATURES = re.compile(r"^(alexnet|vgg\d+|squeezenet.*)$")


@dataclass
class FrozenChild:
    """``self.<attr>`` of ``cls`` put in eval mode in ``__init__``, and a use of it."""

    cls: ast.ClassDef
    attr: str
    switch: ast.AST  # the `.eval()` call
    use: ast.Call  # the first call of it in a method Lightning runs in train mode
    method: str


def _methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {m.name: m for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _is_lightning(cls: ast.ClassDef) -> bool:
    return any(dotted_name(b).rsplit(".", 1)[-1].endswith("LightningModule") for b in cls.bases)


def _self_attr(node: ast.AST) -> str | None:
    """``x`` for ``self.x`` (one level: the child a switch or a use names)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (
            node.value.id == "self"):
        return node.attr
    return None


def _eval_call(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    if node.func.attr == "eval" and not node.args and not node.keywords:
        return True
    return node.func.attr == "train" and len(node.args) == 1 and isinstance(
        node.args[0], ast.Constant) and node.args[0].value is False


def _built(value: ast.AST) -> tuple[ast.Call | None, bool]:
    """The call that builds the module assigned (``vgg19_bn(...)`` in
    ``vgg19_bn(...).features.eval().cuda()``), and whether a part of it was taken."""
    part = False
    while True:
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and (
                value.func.attr in _SAME_MODULE):
            value = value.func.value
        elif isinstance(value, ast.Attribute):
            part = True
            value = value.value
        elif isinstance(value, ast.Subscript):
            part = True
            value = value.value
        else:
            break
    return (value if isinstance(value, ast.Call) else None), part


def _chain_evals(value: ast.AST) -> bool:
    """Is an ``.eval()`` among the calls chained on the value (``Net().eval().cuda()``)?"""
    while isinstance(value, (ast.Call, ast.Attribute, ast.Subscript)):
        if _eval_call(value):
            return True
        value = value.func if isinstance(value, ast.Call) else value.value
    return False


def _frozen_in_init(init: ast.AST) -> dict[str, ast.AST]:
    """``attr -> the eval call`` for each ``self.attr`` switched to eval in ``__init__``."""
    out: dict[str, ast.AST] = {}
    for n in ast.walk(init):
        if _eval_call(n):
            attr = _self_attr(n.func.value)  # type: ignore[attr-defined]
            if attr is not None:
                out.setdefault(attr, n)
        elif isinstance(n, ast.Assign) and _chain_evals(n.value):
            for t in n.targets:
                attr = _self_attr(t)
                if attr is not None:
                    out.setdefault(attr, n.value)
    return out


def _kept_in_eval(cls: ast.ClassDef, attr: str) -> bool:
    """Does the class keep ``self.attr`` in eval mode after a ``.train()``: its own
    ``train()``, ``self.attr.train = ...``, or another ``self.attr.eval()`` outside
    ``__init__``?"""
    methods = _methods(cls)
    if "train" in methods:
        return True
    for name, m in methods.items():
        for n in ast.walk(m):
            if isinstance(n, ast.Assign) and any(
                    isinstance(t, ast.Attribute) and t.attr == "train"
                    and _self_attr(t.value) == attr for t in n.targets):
                return True
            if name != "__init__" and _eval_call(n) and _self_attr(
                    n.func.value) == attr:  # type: ignore[attr-defined]
                return True
    return False


def _care(ctx: SourceContext, cls: ast.ClassDef, attr: str) -> bool:
    """Is ``self.attr`` built in ``__init__`` as a module known to have dropout or batch
    norm?  Unknown (an imported class, a parameter): no."""
    flow = getattr(ctx, "_modeflow", None)
    init = _methods(cls).get("__init__")
    if flow is None or init is None:
        return False
    found = False
    for n in ast.walk(init):
        if not (isinstance(n, ast.Assign) and any(_self_attr(t) == attr for t in n.targets)):
            continue
        call, part = _built(n.value)
        if call is None:
            return False
        name = dotted_name(call.func).rsplit(".", 1)[-1]
        if part and (_PLAIN_FEATURES.match(name) or not name[:1].islower()):
            return False  # a part of a network: only some builders' parts are known
        if flow.care_of_call(call) is not True:
            return False
        found = True
    return found


# calls on a module that do not run it
_NOT_A_RUN = frozenset({"parameters", "named_parameters", "state_dict", "load_state_dict",
                        "requires_grad_", "eval", "train", "to", "cuda", "cpu", "modules",
                        "children", "named_modules", "apply", "zero_grad", "buffers"})


def _first_use(cls: ast.ClassDef, attr: str) -> tuple[ast.Call, str] | None:
    """The first call that runs ``self.attr`` (``self.attr(x)``, ``self.attr.encode(x)``) in
    a method Lightning runs in train mode."""
    for name, m in _methods(cls).items():
        if name == "__init__" or _EVAL_HOOKS.search(name):
            continue
        for n in ast.walk(m):
            if not isinstance(n, ast.Call):
                continue
            f = n.func
            if _self_attr(f) == attr:
                return n, name
            if isinstance(f, ast.Attribute) and f.attr not in _NOT_A_RUN and _self_attr(
                    f.value) == attr:
                return n, name
    return None


def _held_classes(ctx: SourceContext) -> tuple[dict[str, ast.ClassDef], set[str]]:
    """The file's classes, and those that are Lightning modules or are held (as
    ``self.x = Cls(...)`` in ``__init__``) by one, however deep."""
    classes = {c.name: c for c in ast.walk(ctx.tree) if isinstance(c, ast.ClassDef)}
    trained = {name for name, c in classes.items() if _is_lightning(c)}
    todo = list(trained)
    while todo:
        init = _methods(classes[todo.pop()]).get("__init__")
        if init is None:
            continue
        for n in ast.walk(init):
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and any(
                    _self_attr(t) for t in n.targets):
                built, _ = _built(n.value)
                name = dotted_name(built.func) if built is not None else ""
                if name in classes and name not in trained:
                    trained.add(name)
                    todo.append(name)
    return classes, trained


def frozen_children(ctx: SourceContext) -> list[FrozenChild]:
    if "LightningModule" not in ctx.text or (".eval()" not in ctx.text
                                              and ".train(False)" not in ctx.text):
        return []
    classes, trained = _held_classes(ctx)
    out: list[FrozenChild] = []
    for name in sorted(trained, key=lambda k: classes[k].lineno):
        cls = classes[name]
        init = _methods(cls).get("__init__")
        if init is None:
            continue
        for attr, switch in _frozen_in_init(init).items():
            if _kept_in_eval(cls, attr) or not _care(ctx, cls, attr):
                continue
            used = _first_use(cls, attr)
            if used is not None:
                out.append(FrozenChild(cls, attr, switch, used[0], used[1]))
    return out


def hits(ctx: SourceContext) -> Iterator[tuple[ast.AST, str, list[TraceStep], str]]:
    """(reported node, message, trace, fix) for each frozen child Lightning unfreezes."""
    for child in frozen_children(ctx):
        name = f"self.{child.attr}"
        at = ctx.path
        trace = [
            TraceStep.at(at, child.switch, f"`{name}` is put in eval mode in "
                                           f"`{child.cls.name}.__init__`"),
            TraceStep.at(at, child.cls, "Lightning's `Trainer` calls `.train()` on the whole "
                                        "module when fitting starts and after every "
                                        f"validation loop: `{name}` is back in train mode"),
            TraceStep.at(at, child.use, f"`{child.method}` runs `{name}` in train mode"),
        ]
        message = (f"`{name}` is put in eval mode in `__init__`, but Lightning's `Trainer` "
                   f"calls `.train()` on the whole module, so `{child.method}` runs it with "
                   "dropout and batch-norm statistics in training behaviour; keep it in eval "
                   f"mode in an override of `train()` (or call `{name}.eval()` in "
                   "`on_train_epoch_start`)")
        fix = (f"Override `train(self, mode=True)`: call `super().train(mode)`, then "
               f"`{name}.eval()`.")
        yield child.use, message, trace, fix


__all__ = ["FrozenChild", "frozen_children", "hits"]
