"""What the source scan recognises: import aliases and the dropout-family call catalogue.

Names are resolved the way Python would bind them in one file, without importing anything:
``import torch.nn.functional as fn`` makes ``fn.dropout`` mean ``torch.nn.functional.dropout``
and ``from torch.nn.functional import dropout as d`` makes ``d`` mean the same.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..sites import ATTENTION, DROP_PATH, FUNCTIONAL, MODULE, RNN


@dataclass(frozen=True)
class CallSpec:
    """How to read one callable's dropout arguments (positional index and keyword name)."""

    kind: str
    op: str
    p_index: int | None
    p_kw: str | None
    p_default: float | None
    flag_index: int | None = None
    flag_kw: str | None = None
    flag_default: bool | None = True  # None: the callable has no training flag
    layers_index: int | None = None  # RNN num_layers


_F = "torch.nn.functional."
_FUNCTIONAL: dict[str, CallSpec] = {}
for _name in ("dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
              "feature_alpha_dropout"):
    # F.alpha_dropout and F.feature_alpha_dropout default to training=False.
    _FUNCTIONAL[_F + _name] = CallSpec(FUNCTIONAL, f"F.{_name}", 1, "p", 0.5, 2, "training",
                                       flag_default="alpha" not in _name)
# torch.dropout(input, p, train): every argument is required.
for _name in ("dropout", "alpha_dropout", "feature_dropout", "feature_alpha_dropout"):
    _FUNCTIONAL[f"torch.{_name}"] = CallSpec(
        FUNCTIONAL, f"torch.{_name}", 1, "p", None, 2, "train"
    )
_FUNCTIONAL[_F + "scaled_dot_product_attention"] = CallSpec(
    ATTENTION, "scaled_dot_product_attention", 4, "dropout_p", 0.0, flag_default=None
)
_FUNCTIONAL[_F + "multi_head_attention_forward"] = CallSpec(
    ATTENTION, "F.multi_head_attention_forward", 10, "dropout_p", None, 13, "training"
)
_FUNCTIONAL["torchvision.ops.stochastic_depth"] = CallSpec(
    DROP_PATH, "stochastic_depth", 1, "p", None, 3, "training"
)
_FUNCTIONAL["torchvision.ops.stochastic_depth.stochastic_depth"] = _FUNCTIONAL[
    "torchvision.ops.stochastic_depth"
]

# flash-attn: matched by the function's own name when it comes from a flash_attn module.
_FLASH: dict[str, int] = {
    "flash_attn_func": 3,
    "flash_attn_varlen_func": 7,
    "flash_attn_qkvpacked_func": 1,
    "flash_attn_kvpacked_func": 2,
    "flash_attn_varlen_qkvpacked_func": 3,
    "flash_attn_varlen_kvpacked_func": 6,
}

# timm-style drop_path(x, drop_prob=0.0, training=False): the default flag is *False*.
DROP_PATH_SPEC = CallSpec(DROP_PATH, "drop_path", 1, "drop_prob", 0.0, 2, "training", False)

DROPOUT_MODULES = ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
                   "FeatureAlphaDropout")
_MODULES: dict[str, CallSpec] = {
    name: CallSpec(MODULE, name, 0, "p", 0.5, flag_default=None) for name in DROPOUT_MODULES
}
_DROP_PATH_MODULES: dict[str, CallSpec] = {
    "DropPath": CallSpec(DROP_PATH, "DropPath", 0, "drop_prob", 0.0, flag_default=None),
    "StochasticDepth": CallSpec(DROP_PATH, "StochasticDepth", 0, "p", None, flag_default=None),
}
# nn.RNN(input_size, hidden_size, num_layers, nonlinearity, bias, batch_first, dropout, ...)
_RNNS: dict[str, CallSpec] = {
    "RNN": CallSpec(RNN, "RNN", 6, "dropout", 0.0, flag_default=None, layers_index=2),
    "LSTM": CallSpec(RNN, "LSTM", 5, "dropout", 0.0, flag_default=None, layers_index=2),
    "GRU": CallSpec(RNN, "GRU", 5, "dropout", 0.0, flag_default=None, layers_index=2),
}

# Parameter names that, by convention, carry the module's training mode.
FLAG_PARAMS = frozenset({"training", "train", "is_training", "train_mode", "training_mode"})


# Top-level packages that are no module of the linted repository: their functions never
# switch a model handed to them (or are judged by the mode analysis's own tables).
LIBRARIES = frozenset({
    "torch", "torchvision", "torchaudio", "numpy", "np", "transformers", "timm", "lightning",
    "pytorch_lightning", "diffusers", "peft", "accelerate", "wandb", "tqdm", "os", "sys",
    "copy", "math", "json", "random", "logging", "sklearn", "scipy", "pandas", "matplotlib",
    "ignite", "deepspeed", "datasets", "evaluate", "tensorboard", "mlflow", "hydra",
    "omegaconf", "functools", "itertools", "collections", "pathlib", "time", "pickle",
    "torchinfo", "torchsummary", "thop", "fvcore", "ptflops", "builtins", "typing",
})
# The names an evaluation helper goes by (`evaluate`, `val_epoch`, `run_inference`).
EVAL_HELPER_NAME = re.compile(
    r"(^|_)(eval|evaluate|evaluation|validate|validation|valid|val|inference|infer|predict)"
    r"(_|$|uate)", re.IGNORECASE)

# Conventional aliases assumed when a file uses them without binding them (snippets).
_CONVENTIONAL = {"F": "torch.nn.functional", "nn": "torch.nn", "torch": "torch"}


# Statements with nested blocks; other simple statements bind nothing Names tracks.
_HAS_BLOCKS = tuple(
    t for t in (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try,
                getattr(ast, "TryStar", None), getattr(ast, "Match", None))
    if t is not None
)
# What Names does with each kind of statement, found by its exact class (the tree comes from
# ast.parse, which builds no subclasses): one dict lookup instead of a chain of isinstance
# tests for every statement of the file.
_IMPORT, _IMPORT_FROM, _DEF, _CLASS, _ASSIGN, _BLOCKS, _HANDLER = range(7)
_KINDS: dict[type, int] = {
    ast.Import: _IMPORT, ast.ImportFrom: _IMPORT_FROM, ast.FunctionDef: _DEF,
    ast.AsyncFunctionDef: _DEF, ast.ClassDef: _CLASS, ast.Assign: _ASSIGN,
    **{t: _BLOCKS for t in _HAS_BLOCKS}, ast.ExceptHandler: _HANDLER,
    **({ast.match_case: _HANDLER} if hasattr(ast, "match_case") else {}),
}


class Names:
    """The file's import bindings: local name -> dotted qualified name."""

    def __init__(self, tree: ast.Module) -> None:
        self.aliases: dict[str, str] = {}
        self.star_modules: list[str] = []
        self.local_defs: set[str] = set()  # functions/classes defined in the file
        self.bound: set[str] = set()  # other names the file binds (assignments, parameters)
        self.flag_helpers: set[str] = set()  # functions taking a training flag or a rate
        # statements only: imports, defs and assignments never hide inside expressions
        stack: list[ast.AST] = list(tree.body)
        kinds = _KINDS
        while stack:
            node = stack.pop()
            kind = kinds.get(node.__class__)
            if kind is None:
                continue
            if kind == _ASSIGN:
                for t in node.targets:  # type: ignore[attr-defined]
                    if t.__class__ is ast.Name:
                        self.bound.add(t.id)  # type: ignore[attr-defined]
            elif kind == _DEF:
                self.local_defs.add(node.name)  # type: ignore[attr-defined]
                args = node.args  # type: ignore[attr-defined]
                params = [p.arg for p in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
                self.bound.update(params)
                for p in params:  # a loop, not any(<generator>): every def of the file
                    if p in FLAG_PARAMS or p == "p" or "drop" in p or "prob" in p:
                        self.flag_helpers.add(node.name)  # type: ignore[attr-defined]
                        break
                stack.extend(node.body)  # type: ignore[attr-defined]
            elif kind == _BLOCKS:
                for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                    block = getattr(node, field, None)
                    if block:
                        stack.extend(block)
            elif kind == _CLASS:
                self.local_defs.add(node.name)  # type: ignore[attr-defined]
                stack.extend(node.body)  # type: ignore[attr-defined]
            elif kind == _HANDLER:
                stack.extend(node.body)  # type: ignore[attr-defined]
            elif kind == _IMPORT:
                for a in node.names:  # type: ignore[attr-defined]
                    if a.asname:
                        self.aliases[a.asname] = a.name
                    else:
                        top = a.name.split(".", 1)[0]
                        self.aliases[top] = top
            else:  # _IMPORT_FROM
                mod = ("." * node.level) + (node.module or "")  # type: ignore[attr-defined]
                for a in node.names:  # type: ignore[attr-defined]
                    if a.name == "*":
                        self.star_modules.append(mod)
                    else:
                        self.aliases[a.asname or a.name] = f"{mod}.{a.name}" if mod else a.name

    def hot_aliases(self) -> list[str]:
        """Local names bound to a catalogued callable (``d`` for ``import dropout as d``)."""
        out = []
        for local, target in self.aliases.items():
            if self.spec_for(target) is not None:
                out.append(local)
        return out

    def qualify(self, node: ast.expr) -> str | None:
        """``fn.dropout`` -> ``torch.nn.functional.dropout``; None for non-name callees."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        head = node.id
        if head in self.aliases:
            base = self.aliases[head]
        elif head in self.local_defs or head in self.bound:
            base = f"<local>.{head}"
        elif head in _CONVENTIONAL:
            base = _CONVENTIONAL[head]
        else:
            base = self._star(head) or f"<unbound>.{head}"
        return ".".join([base, *reversed(parts)])

    def _star(self, name: str) -> str | None:
        for mod in self.star_modules:
            if mod in ("torch.nn", "torch.nn.functional", "torch"):
                return f"{mod}.{name}"
        return None

    def spec_for(self, qualified: str) -> CallSpec | None:
        """The catalogue entry for a qualified callee name, or None."""
        spec = _SPECS.get(qualified, _UNSEEN)
        if spec is _UNSEEN:
            spec = _spec_for(qualified)
            if len(_SPECS) < _MAX_SPECS:
                _SPECS[qualified] = spec
        return spec  # type: ignore[return-value]


# spec_for depends on the name alone (CallSpec is frozen): the same few hundred names come
# back in every file (every import of every file is asked about).  Bounded.
_SPECS: dict[str, CallSpec | None] = {}
_MAX_SPECS = 100_000
_UNSEEN = object()


def _spec_for(qualified: str) -> CallSpec | None:
    q = _normalise(qualified)
    spec = _FUNCTIONAL.get(q)
    if spec is not None:
        return spec
    last = q.rsplit(".", 1)[-1]
    if q.startswith("torch.nn."):
        for table in (_MODULES, _RNNS):
            if last in table and _is_torch_nn_class(q):
                return table[last]
    if last in _FLASH and ("flash_attn" in q or q.startswith("<unbound>.")):
        return CallSpec(ATTENTION, last, _FLASH[last], "dropout_p", 0.0, flag_default=None)
    if last in _DROP_PATH_MODULES and (q.startswith(("timm.", "torchvision."))):
        return _DROP_PATH_MODULES[last]
    if last == "drop_path" and (q.startswith("timm.") or q == "<local>.drop_path"):
        # a function of the file (timm's copied); not `self.drop_path(...)`, which is the
        # class's own method or a module it holds, each read where it is defined
        return DROP_PATH_SPEC
    return None


def _normalise(q: str) -> str:
    # torch.nn.modules.dropout.Dropout and friends are the same classes as torch.nn.X
    if q.startswith("torch.nn.modules."):
        return "torch.nn." + q.rsplit(".", 1)[-1]
    return q


def _is_torch_nn_class(q: str) -> bool:
    return q.count(".") == 2  # torch.nn.Name


def literal_number(node: ast.expr | None) -> float | None:
    """The value of a numeric literal such as ``0.5`` or ``-1``, else None."""
    if node is None:
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = literal_number(node.operand)
        if inner is None:
            return None
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if isinstance(node.value, bool):
            return None
        return float(node.value)
    return None


def argument(call: ast.Call, index: int | None, kw: str | None) -> ast.expr | None:
    """The expression passed for a parameter, positionally or by keyword (None if absent)."""
    if kw is not None:
        for k in call.keywords:
            if k.arg == kw:
                return k.value
    if index is not None and index < len(call.args):
        # a *args before the index makes positions unknowable
        if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            return None
        return call.args[index]
    return None


def has_star_args(call: ast.Call) -> bool:
    return any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    )

# calls that wrap a model and share its mode and layers (`torch.compile(net)`,
# `nn.DataParallel(net)`)
MODEL_WRAPPERS = frozenset({
    "DataParallel", "DistributedDataParallel", "compile", "FullyShardedDataParallel",
    "prepare_model", "convert_sync_batchnorm",
})


def built_model(value: ast.AST) -> ast.AST:
    """The model a value builds, through moves (``.to(device)``, ``.train()``) and wrappers
    around a model built in place (``torch.compile(Net())``); ``nn.DataParallel(net)`` of a
    model bound earlier is left as written."""
    while isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr in (
                "to", "cuda", "cpu", "float", "half", "double", "train"):
            value = func.value
        elif (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) in (
                MODEL_WRAPPERS) and value.args and isinstance(value.args[0], ast.Call):
            value = value.args[0]
        else:
            break
    return value
