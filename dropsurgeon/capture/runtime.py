"""The runtime front-end: run the model and record every dropout-family and random op.

The static and graph front-ends reason about code; this one watches it execute.  A
``TorchFunctionMode`` sees each call made from Python (``F.dropout``, ``torch.rand_like``,
``x.bernoulli_()``, ``F.scaled_dot_product_attention`` ...) with its arguments as passed,
and the Python stack at that moment gives the user's exact line.  A ``TorchDispatchMode``
is the net under it: a random aten op reached from C++ (``aten.native_dropout``,
``aten.bernoulli_``) that no Python-level record explains becomes a site too.  Global
module forward hooks keep a stack of the modules whose ``forward`` is running, so each op
is attributed to the innermost one, and tell apart an ``nn.Dropout`` registered in the
model from one built inside ``forward``.

The forward runs once per mode, eval first (under ``torch.no_grad()``); the model's
per-module ``training`` flags, its buffers (a train forward updates BatchNorm statistics)
and the global RNG state are restored afterwards.  Sees only the paths that execute.

Only imported on the graph path: ``import dropsurgeon`` must not import this module.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import functools
import inspect
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

from ..errors import DropsurgeonError
from ..inputs import model_device, to_device
from ..sites import ATTENTION, DROP_PATH, FUNCTIONAL, MODULE, RANDOM, RNN, Inventory, Site
from . import catalog
from .construction import construction_line, parse_cached
from .frames import display_path, library_roots

FRONTEND = "runtime"
EVAL, TRAIN = "eval", "train"

__all__ = [
    "ForwardError",
    "Mutation",
    "Observation",
    "compare_outputs",
    "monitor",
    "observe",
]


class ForwardError(DropsurgeonError):
    """The model's forward raised; ``str(exc)`` is the one-line reason."""

    def __init__(self, mode: str, exc: BaseException):
        first = (str(exc).strip().splitlines() or [""])[0]
        if len(first) > 200:
            first = first[:197] + "..."
        super().__init__(f"{mode} forward raised {type(exc).__name__}: {first}".rstrip(": "))
        self.mode = mode
        self.original = exc


# --------------------------------------------------------------------------- op tables

# Python-level function -> (kind, display name, positional parameter names).  Positional
# names are needed for C++ builtins, whose arguments arrive exactly as the caller passed them.
_DROPOUT_PARAMS = ("input", "p", "training", "inplace")
_VF_DROPOUT_PARAMS = ("input", "p", "train")
_SDPA_PARAMS = ("query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale")


@functools.cache
def _function_table() -> dict[Any, tuple[str, str, tuple[str, ...]]]:
    import torch.nn.functional as F

    table: dict[Any, tuple[str, str, tuple[str, ...]]] = {}
    for name in ("dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
                 "feature_alpha_dropout"):
        table[getattr(F, name)] = (FUNCTIONAL, f"F.{name}", _DROPOUT_PARAMS)
    for name in ("dropout", "dropout_", "alpha_dropout", "alpha_dropout_", "feature_dropout",
                 "feature_dropout_", "feature_alpha_dropout", "feature_alpha_dropout_"):
        fn = getattr(torch, name, None)
        if fn is not None:
            table[fn] = (FUNCTIONAL, f"torch.{name}", _VF_DROPOUT_PARAMS)
    table[F.scaled_dot_product_attention] = (
        ATTENTION, "F.scaled_dot_product_attention", _SDPA_PARAMS
    )
    table[F.multi_head_attention_forward] = (ATTENTION, "F.multi_head_attention_forward", ())
    for name in ("rand", "rand_like", "randn", "randn_like", "randint", "randint_like",
                 "randperm", "bernoulli", "multinomial", "normal", "poisson"):
        fn = getattr(torch, name, None)
        if fn is not None:
            table[fn] = (RANDOM, f"torch.{name}", ())
    for name in ("bernoulli", "bernoulli_", "uniform_", "normal_", "random_", "exponential_",
                 "geometric_", "cauchy_", "log_normal_", "multinomial"):
        fn = getattr(torch.Tensor, name, None)
        if fn is not None:
            table[fn] = (RANDOM, f"Tensor.{name}", ())
    return table


@functools.cache
def _aten_random() -> frozenset:
    aten = torch.ops.aten
    names = ("bernoulli", "bernoulli_", "rand", "rand_like", "randn", "randn_like", "randint",
             "randint_like", "randperm", "multinomial", "normal", "normal_", "uniform_",
             "random_", "exponential_", "geometric_", "cauchy_", "log_normal_", "poisson",
             "native_dropout", "_fused_dropout", "rrelu_with_noise", "rrelu_with_noise_")
    return frozenset(getattr(aten, n) for n in names if hasattr(aten, n))


_ATEN_DROPOUT = ("native_dropout", "_fused_dropout")


# --------------------------------------------------------------------------- observations


@dataclass
class _Call:
    """One observed execution of a site, in one mode."""

    kind: str
    op: str
    p: float | None
    active: bool
    module: str
    module_type: str
    path: str | None
    line: int | None
    column: int
    flag: str | None = None
    p_text: str | None = None
    in_forward_construction: bool = False
    shape: tuple[int, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        if (self.kind in (MODULE, RNN, DROP_PATH) and self.module
                and not self.in_forward_construction):
            # A registered module is one site however many lines call it (and modules
            # called from one line, e.g. in a loop, stay apart: the name is in the key).
            return (self.kind, self.op, self.module)
        return (self.kind, self.op, self.path, self.line, self.column, self.module)


@dataclass
class Mutation:
    """A dropout-state attribute that a forward changed."""

    mode: str  # the forward that changed it
    module: str
    attr: str
    before: Any
    after: Any
    path: str | None = None  # where the assignment ran, when it could be traced
    line: int | None = None

    def describe(self) -> str:
        where = f"`{self.module}`" if self.module else "the model"
        return (
            f"{where}.{self.attr}: {self.before!r} -> {self.after!r} "
            f"during the {self.mode} forward"
        )


@dataclass
class Observation:
    """Everything one monitoring session saw."""

    inventory: Inventory
    eval_outputs: Any = None
    deterministic: bool | None = None  # two eval forwards with different seeds: equal?
    mismatch: str = ""  # where the two eval outputs first differ
    mutations: list[Mutation] = field(default_factory=list)
    device: str = "cpu"


# --------------------------------------------------------------------------- source lookups


@functools.lru_cache(maxsize=256)
def _calls_by_position(path: str) -> dict[tuple, ast.Call]:
    # keyed like ``code.co_positions()``: (line, end line, column, end column)
    tree = parse_cached(path)
    if tree is None:
        return {}
    return {
        (n.lineno, n.end_lineno, n.col_offset, n.end_col_offset): n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
    }


@functools.lru_cache(maxsize=256)
def _source_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return ""


def _is_self_training(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "training"


def _flag_of(node: ast.expr | None, path: str) -> str:
    """Classify a training-flag expression the way the static front-end does."""
    if node is None:
        return "missing"
    if isinstance(node, ast.Constant):
        return "literal-true" if node.value else "literal-false"
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        if any(_is_self_training(v) for v in node.values):
            return "opt-in"
    text = ast.get_source_segment(_source_text(path), node) or ast.unparse(node)
    return "self.training" if text == "self.training" else text


def _call_args(
    path: str | None, pos: tuple | None, flag_name: str, flag_index: int
) -> tuple[str | None, str | None]:
    """(flag, p_text) read from the user's call expression, or (None, None)."""
    if path is None or pos is None:
        return None, None
    call = _calls_by_position(path).get(pos)
    if call is None or "dropout" not in ast.unparse(call.func).lower():
        return None, None
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return None, None
    flag_node = next((k.value for k in call.keywords if k.arg == flag_name), None)
    if flag_node is None and len(call.args) > flag_index:
        flag_node = call.args[flag_index]
    p_node = next((k.value for k in call.keywords if k.arg == "p"), None)
    if p_node is None and len(call.args) > 1:
        p_node = call.args[1]
    p_text = None
    if p_node is not None and not isinstance(p_node, ast.Constant):
        p_text = ast.get_source_segment(_source_text(path), p_node) or ast.unparse(p_node)
    return _flag_of(flag_node, path), p_text


def _construction(model: nn.Module, qualname: str) -> tuple[str | None, int | None]:
    built = construction_line(model, qualname)
    return built if built is not None else (None, None)


# --------------------------------------------------------------------------- the recorder


def _tensor_shape(value: Any) -> tuple[int, ...] | None:
    if isinstance(value, torch.Tensor):
        with contextlib.suppress(Exception):
            return tuple(int(d) for d in value.shape)
    return None


def _as_float(value: Any) -> float | None:
    if isinstance(value, torch.Tensor):
        if value.numel() != 1 or value.device.type == "meta":
            return None
        value = value.item()
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class _Recorder:
    """Shared state of the function mode, the dispatch net and the module hooks."""

    def __init__(self, model: nn.Module):
        self.names: dict[int, str] = {}
        for name, mod in model.named_modules(remove_duplicate=False):
            self.names.setdefault(id(mod), name)
        self.stack: list[nn.Module] = []
        self.calls: list[_Call] = []
        self.mode = EVAL
        self.quiet = 0  # >0 while inside an op already recorded: the dispatch net stays silent
        self.skip = library_roots()
        self._skip_cache: dict[str, bool] = {}
        self._positions: dict[Any, list] = {}
        # Replay (to tell which random op reaches the output): recorded results per
        # (site key, occurrence); ``free`` is the one key left random.
        self.record_values = False
        self.values: dict[tuple, torch.Tensor] = {}
        self.replay: dict[tuple, torch.Tensor] | None = None
        self.free: tuple | None = None
        self._occurrence: dict[tuple, int] = {}
        self.setattrs: list[tuple[nn.Module, str, str | None, int | None]] = []

    def reset(self, mode: str) -> None:
        self.mode = mode
        self.stack.clear()
        self.quiet = 0
        self._occurrence.clear()

    # -- where ---------------------------------------------------------------------------
    def _skipped(self, filename: str) -> bool:
        hit = self._skip_cache.get(filename)
        if hit is None:
            hit = filename.startswith(self.skip) or filename.startswith("<frozen")
            self._skip_cache[filename] = hit
        return hit

    def user_frame(self) -> tuple[str | None, int | None, int, tuple | None]:
        """(path, line, 0-based column, ast position) of the innermost user frame."""
        frame = sys._getframe(1)
        while frame is not None and self._skipped(frame.f_code.co_filename):
            frame = frame.f_back
        if frame is None:
            return None, None, 0, None
        code = frame.f_code
        positions = self._positions.get(code)
        if positions is None:
            positions = self._positions[code] = list(code.co_positions())
        idx = frame.f_lasti // 2
        pos = positions[idx] if 0 <= idx < len(positions) else None
        line = frame.f_lineno
        if pos is not None and pos[0] is not None and None not in pos:
            return code.co_filename, pos[0], pos[2], pos
        return code.co_filename, line, 0, None

    def where_module(self) -> tuple[nn.Module | None, str]:
        """The innermost running module and its qualified name (nearest known ancestor)."""
        top = self.stack[-1] if self.stack else None
        for mod in reversed(self.stack):
            name = self.names.get(id(mod))
            if name is not None:
                return top, name
        return top, ""

    # -- hooks -----------------------------------------------------------------------------
    def pre_hook(self, module: nn.Module, args: tuple) -> None:
        self.stack.append(module)
        if isinstance(module, nn.RNNBase) and module.dropout:
            self.quiet += 1  # the RNN's internal bernoulli_ is this site, not a new one
            self._record_rnn(module)
        elif catalog.module_kind(module) == DROP_PATH:
            self._record_drop_path(module)

    def post_hook(self, module: nn.Module, args: tuple, output: Any) -> None:
        if self.stack and self.stack[-1] is module:
            self.stack.pop()
        elif module in self.stack:  # an exception unwound inner modules without post hooks
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(module):]
        if isinstance(module, nn.RNNBase) and module.dropout:
            self.quiet = max(0, self.quiet - 1)

    def _record_rnn(self, module: nn.RNNBase) -> None:
        path, line, col, _ = self.user_frame()
        p = float(module.dropout)
        self.calls.append(_Call(
            kind=RNN, op=type(module).__name__, p=p, active=bool(module.training and p > 0),
            module=self.names.get(id(module), ""), module_type=type(module).__name__,
            path=path, line=line, column=col, extra={"num_layers": module.num_layers},
        ))

    def _record_drop_path(self, module: nn.Module) -> None:
        # Its random draws are recorded too (a draw at eval is still a DS106 bug); this
        # site carries the module's rate and mode.
        path, line, col, _ = self.user_frame()
        self.calls.append(_Call(
            kind=DROP_PATH, op=type(module).__name__, p=catalog.module_rate(module),
            active=catalog.module_active(module), module=self.names.get(id(module), ""),
            module_type=type(module).__name__, path=path, line=line, column=col,
        ))

    # -- function level --------------------------------------------------------------------
    def on_function(self, func, entry, args: tuple, kwargs: dict):
        kind, op, params = entry
        self.quiet += 1
        try:
            call = self._describe(func, kind, op, params, args, kwargs)
            slot = self._slot(call.key)
            pinned = None
            if self.replay is not None and call.key != self.free:
                pinned = self.replay.get(slot)
            if pinned is not None:
                out = self._apply_pinned(op, args, pinned)
            else:
                out = func(*args, **kwargs)
        finally:
            self.quiet -= 1
        if call.kind == RANDOM:
            call.shape = _tensor_shape(out)
        self.calls.append(call)
        if self.record_values and (call.active or call.kind == RANDOM) and isinstance(
            out, torch.Tensor
        ):  # an inactive dropout is the identity: nothing to pin, nothing to keep
            self.values[slot] = out.detach().clone()
        return out

    def _slot(self, key: tuple) -> tuple:
        n = self._occurrence.get(key, 0)
        self._occurrence[key] = n + 1
        return (key, n)

    @staticmethod
    def _apply_pinned(op: str, args: tuple, value: torch.Tensor) -> torch.Tensor:
        if op.endswith("_") and args and isinstance(args[0], torch.Tensor):
            args[0].copy_(value)  # in-place random op: fill the same tensor
            return args[0]
        return value.clone()

    def _describe(self, func, kind, op, params, args, kwargs) -> _Call:
        top, modname = self.where_module()
        path, line, col, pos = self.user_frame()
        top_type = type(top).__name__ if top is not None else ""
        call = _Call(kind=kind, op=op, p=None, active=False, module=modname,
                     module_type=top_type, path=path, line=line, column=col)
        if kind == RANDOM:
            call.active = True
            return call
        bound = _bind(func, params, args, kwargs)
        if kind == ATTENTION:
            p = _as_float(bound.get("dropout_p", 0.0))
            training = bound.get("training", True) if "training" in bound or not params else True
            call.p = p
            call.active = bool(training) and bool(p)
            call.shape = _tensor_shape(bound.get("query"))
            return call
        # functional dropout: from an nn.Dropout* module's forward, or a user call
        flag_name = "train" if params is _VF_DROPOUT_PARAMS else "training"
        p = _as_float(bound.get("p", 0.5))
        training = bound.get(flag_name, True)
        call.p = p
        call.active = bool(training) and p is not None and p > 0
        call.shape = _tensor_shape(bound.get("input"))
        if top is not None and isinstance(top, nn.modules.dropout._DropoutNd):
            call.kind = MODULE
            call.op = top_type
            own = self.names.get(id(top))
            if own is None:
                call.in_forward_construction = True
            else:
                call.module = own
        else:
            call.flag, call.p_text = _call_args(path, pos, flag_name, 2)
        return call

    # -- dispatch level (the net) ------------------------------------------------------------
    def on_aten(self, func, args: tuple, kwargs: dict) -> None:
        top, modname = self.where_module()
        path, line, col, _ = self.user_frame()
        name = func.overloadpacket.__name__
        call = _Call(kind=RANDOM, op=f"aten.{name}", p=None, active=True, module=modname,
                     module_type=type(top).__name__ if top is not None else "",
                     path=path, line=line, column=col, extra={"level": "dispatch"})
        if name in _ATEN_DROPOUT:
            call.kind = FUNCTIONAL
            call.p = _as_float(args[1]) if len(args) > 1 else None
            train = args[2] if len(args) > 2 else kwargs.get("train", True)
            call.active = bool(train) and bool(call.p)
        self.calls.append(call)

    def on_setattr(self, module: nn.Module, name: str) -> None:
        path, line, _, _ = self.user_frame()
        self.setattrs.append((module, name, path, line))


def _bind(func, params: tuple[str, ...], args: tuple, kwargs: dict) -> dict[str, Any]:
    if params:
        bound = dict(zip(params, args, strict=False))
        bound.update(kwargs)
        return bound
    try:
        sig = inspect.signature(func)
        ba = sig.bind(*args, **kwargs)
        ba.apply_defaults()
        return dict(ba.arguments)
    except (TypeError, ValueError):
        return dict(kwargs)


class _FunctionMode(TorchFunctionMode):
    def __init__(self, rec: _Recorder):
        super().__init__()
        self.rec = rec
        self.table = _function_table()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        try:
            entry = self.table.get(func)
        except TypeError:  # an unhashable callable
            entry = None
        if entry is None:
            return func(*args, **kwargs)
        return self.rec.on_function(func, entry, args, kwargs)


class _DispatchNet(TorchDispatchMode):
    def __init__(self, rec: _Recorder):
        super().__init__()
        self.rec = rec
        self.random = _aten_random()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if self.rec.quiet == 0 and func.overloadpacket in self.random:
            self.rec.on_aten(func, args, kwargs)
        return func(*args, **kwargs)


# --------------------------------------------------------------------------- running


def _detached(value: Any) -> Any:
    """A copy of a forward's output that later forwards cannot alias or mutate."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(_detached(v) for v in value))
    if isinstance(value, (list, tuple)):
        return type(value)(_detached(v) for v in value)
    if isinstance(value, Mapping):
        return {k: _detached(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _detached(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _items(value: Any) -> Iterator[tuple[str, Any]] | None:
    if isinstance(value, Mapping):
        return ((f"[{k!r}]", v) for k, v in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ((f".{f.name}", getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return ((f"[{i}]", v) for i, v in enumerate(value))
    return None


def _same_tensor(a: torch.Tensor, b: torch.Tensor) -> bool:
    if a.shape != b.shape or a.dtype != b.dtype or a.device != b.device:
        return False
    if a.device.type == "meta":
        return True
    a, b = a.detach().contiguous(), b.detach().contiguous()
    try:  # bitwise: NaNs in the same places with the same payload count as equal
        return torch.equal(a.view(torch.uint8), b.view(torch.uint8))
    except (RuntimeError, TypeError):
        return torch.equal(a, b)


def compare_outputs(a: Any, b: Any, where: str = "output") -> str:
    """Where two forward outputs first differ bitwise, or ``""`` when they are identical.

    Handles tensors, tuples/lists/namedtuples, dicts, transformers' ``ModelOutput`` and
    other dataclasses, and plain Python values.
    """
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
            return where
        return "" if _same_tensor(a, b) else where
    ia, ib = _items(a), _items(b)
    if ia is not None and ib is not None:
        la, lb = list(ia), list(ib)
        if [k for k, _ in la] != [k for k, _ in lb]:
            return where
        for (k, va), (_, vb) in zip(la, lb, strict=True):
            diff = compare_outputs(va, vb, where + k)
            if diff:
                return diff
        return ""
    try:
        return "" if a == b else where
    except Exception:  # noqa: BLE001 - exotic objects: equal only if identical
        return "" if a is b else where


@contextlib.contextmanager
def _hooks(rec: _Recorder) -> Iterator[None]:
    from torch.nn.modules import module as module_mod

    pre = module_mod.register_module_forward_pre_hook(rec.pre_hook)
    post = module_mod.register_module_forward_hook(rec.post_hook, always_call=True)
    try:
        yield
    finally:
        pre.remove()
        post.remove()


_STATE_NAMES = ("training", "p", "inplace")


def _state_snapshot(model: nn.Module, names: Mapping[int, str]) -> dict[tuple[str, str], Any]:
    """Dropout state: every module's ``training``, ``p`` of dropout modules, and any plain
    number or bool attribute whose name mentions ``drop``."""
    snap: dict[tuple[str, str], Any] = {}
    for mod in model.modules():
        name = names.get(id(mod), "")
        for attr, value in vars(mod).items():
            if attr.startswith("_") or not isinstance(value, (bool, int, float)):
                continue
            is_dropout = isinstance(mod, nn.modules.dropout._DropoutNd)
            if attr == "training" or "drop" in attr.lower() or (is_dropout and attr == "p"):
                snap[(name, attr)] = value
    return snap


@contextlib.contextmanager
def _trace_setattr(rec: _Recorder) -> Iterator[None]:
    """Remember where forward assigns dropout-state attributes (for the report's line)."""
    original = nn.Module.__setattr__

    def traced(module: nn.Module, name: str, value: Any) -> None:
        if name == "training" or name == "p" or "drop" in name.lower():
            rec.on_setattr(module, name)
        original(module, name, value)

    nn.Module.__setattr__ = traced  # type: ignore[method-assign]
    try:
        yield
    finally:
        nn.Module.__setattr__ = original  # type: ignore[method-assign]


class _Runner:
    def __init__(self, model: nn.Module, args: tuple, kwargs: dict, watch_state: bool):
        self.model = model
        self.device = model_device(model)
        self.args = to_device(tuple(args), self.device)
        self.kwargs = to_device(dict(kwargs), self.device)
        self.rec = _Recorder(model)
        self.watch_state = watch_state
        self.mutations: list[Mutation] = []

    def forward(self, mode: str, seed: int) -> Any:
        rec = self.rec
        rec.reset(mode)
        (self.model.eval if mode == EVAL else self.model.train)()
        before = _state_snapshot(self.model, rec.names) if self.watch_state else None
        rec.setattrs.clear()
        with contextlib.ExitStack() as stack:
            stack.enter_context(torch.no_grad())
            _seed(self.device, seed)
            stack.enter_context(_hooks(rec))
            if self.watch_state:
                stack.enter_context(_trace_setattr(rec))
            stack.enter_context(_FunctionMode(rec))
            stack.enter_context(_DispatchNet(rec))
            try:
                out = self.model(*self.args, **self.kwargs)
            except Exception as exc:  # noqa: BLE001 - user code may raise anything
                raise ForwardError(mode, exc) from exc
        if before is not None:
            self._diff(mode, before, _state_snapshot(self.model, rec.names))
        return out

    def _diff(self, mode: str, before: dict, after: dict) -> None:
        for key, old in before.items():
            new = after.get(key, old)
            if new != old:
                path = line = None
                for mod, attr, p, ln in reversed(self.rec.setattrs):
                    if attr == key[1] and self.rec.names.get(id(mod), "") == key[0]:
                        path, line = p, ln
                        break
                self.mutations.append(Mutation(mode, key[0], key[1], old, new, path, line))


def _seed(device: torch.device, seed: int) -> None:
    # Only the generators the forward uses: _preserved restores exactly those afterwards.
    torch.default_generator.manual_seed(seed)
    if device.type == "cuda":
        with torch.cuda.device(device):
            torch.cuda.manual_seed(seed)


@contextlib.contextmanager
def _preserved(model: nn.Module) -> Iterator[None]:
    """Restore per-module modes, buffers (BatchNorm statistics) and the RNG afterwards."""
    modes = [(m, m.training) for m in model.modules()]
    buffers = [
        (b, b.detach().clone()) for b in model.buffers() if b.device.type != "meta"
    ]
    devices = []
    dev = model_device(model)
    if dev.type == "cuda":
        devices = [dev.index if dev.index is not None else torch.cuda.current_device()]
    with torch.random.fork_rng(devices=devices):
        try:
            yield
        finally:
            for m, mode in modes:
                m.training = mode
            with torch.no_grad():
                for b, saved in buffers:
                    b.copy_(saved)


def _merge(calls: Sequence[_Call], model: nn.Module, ran: Sequence[str]) -> list[Site]:
    """One Site per call site: the train and eval observations of it merged."""
    groups: dict[tuple, list[_Call]] = {}
    for c in calls:
        groups.setdefault(c.key, []).append(c)
    sites: list[Site] = []
    for group in groups.values():
        first = group[0]
        by_mode = {m: [c for c in group if c.extra.get("_mode") == m] for m in (EVAL, TRAIN)}
        # A site that did not run at eval is inactive there (eval control flow is what
        # ships). One that ran at eval but not in the train forward was skipped by random
        # control flow (LayerDrop) or a data-dependent branch: unknown, not "never drops".
        active = {
            EVAL: any(c.active for c in by_mode[EVAL]) if EVAL in ran else None,
            TRAIN: (any(c.active for c in by_mode[TRAIN]) if by_mode[TRAIN] else None)
            if TRAIN in ran else None,
        }
        train = by_mode[TRAIN]
        p = next((c.p for c in (train or group) if c.p is not None), None)
        flag = first.flag
        if first.kind == ATTENTION and by_mode[EVAL] and active[TRAIN] and not active[EVAL]:
            flag = "gated"  # dropout_p is zero at eval
        extra = {k: v for k, v in first.extra.items() if not k.startswith("_")}
        extra["calls"] = {m: len(by_mode[m]) for m in (EVAL, TRAIN) if by_mode[m]}
        reaches = [c.extra["_reaches"] for c in group if "_reaches" in c.extra]
        call_path = display_path(first.path)
        extra["call_path"], extra["call_line"] = call_path, first.line
        site = Site(
            kind=first.kind, op=first.op, p=p, p_text=first.p_text,
            active_train=active[TRAIN], active_eval=active[EVAL], flag=flag,
            module=first.module, module_type=first.module_type,
            path=call_path, line=first.line, column=first.column, frontend=FRONTEND,
            shape=first.shape, in_forward_construction=first.in_forward_construction,
            reaches_output=reaches[0] if first.kind == RANDOM and reaches else None,
            extra=extra,
        )
        if (first.kind in (MODULE, RNN, DROP_PATH) and not first.in_forward_construction
                and first.module):
            # like the fx front-end: a module site is reported where it was constructed
            built = _construction(model, first.module)
            if built[1] is not None:
                site.construct_path, site.construct_line = display_path(built[0]), built[1]
                site.path, site.line, site.column = site.construct_path, site.construct_line, 0
        sites.append(site)
    return sites


def observe(
    model: nn.Module,
    args: tuple = (),
    kwargs: dict | None = None,
    *,
    modes: Sequence[str] = (EVAL, TRAIN),
    compare: bool = False,
    watch_state: bool = False,
) -> Observation:
    """Run the model once per mode and report what ran, plus what ``check`` needs.

    ``compare`` runs a second eval forward with another RNG seed and compares outputs
    bitwise (done anyway when an eval-time random op needs ``reaches_output``).
    ``watch_state`` records dropout-state attributes that a forward changes.
    Raises :class:`ForwardError` when a forward raises.
    """
    modes = tuple(modes)
    unknown = set(modes) - {EVAL, TRAIN}
    if unknown:
        raise ValueError(f"unknown modes {sorted(unknown)}; expected 'eval' and/or 'train'")
    runner = _Runner(model, args, kwargs or {}, watch_state)
    rec = runner.rec
    obs = Observation(inventory=Inventory(frontends=[FRONTEND]), device=runner.device.type)
    calls: list[_Call] = []

    def collect(mode: str) -> None:
        for c in rec.calls:
            c.extra["_mode"] = mode
        calls.extend(rec.calls)
        rec.calls = []

    with _preserved(model):
        if EVAL in modes:
            rec.record_values = True
            out1 = runner.forward(EVAL, seed=0)
            rec.record_values = False
            obs.eval_outputs = out1 = _detached(out1)
            first_eval = list(rec.calls)
            collect(EVAL)
            random_eval = [c for c in first_eval if c.kind == RANDOM]
            real = runner.device.type != "meta"
            if real and (compare or random_eval):
                out2 = _detached(runner.forward(EVAL, seed=1))
                rec.calls = []
                obs.mismatch = compare_outputs(out1, out2)
                obs.deterministic = not obs.mismatch
                _reaches(runner, random_eval, first_eval, out1, obs.deterministic)
        if TRAIN in modes:
            runner.forward(TRAIN, seed=2)
            collect(TRAIN)
    obs.mutations = runner.mutations
    obs.inventory.sites = _merge(calls, model, modes)
    return obs


def _reaches(runner: _Runner, random_eval: list[_Call], first_eval: list[_Call],
             out1: Any, deterministic: bool | None) -> None:
    """Decide ``reaches_output`` for each eval-time random op.

    Equal outputs under two seeds: none reaches.  Otherwise, when there is more than one
    random op (or another source of randomness), rerun with every recorded random result
    pinned to the first run's value except one: that one reaches iff the output changes.
    """
    if not random_eval:
        return
    keys = list(dict.fromkeys(c.key for c in random_eval))
    if deterministic:
        for c in random_eval:
            c.extra["_reaches"] = False
        return
    others = [c for c in first_eval if c.kind != RANDOM and c.active]
    if len(keys) == 1 and not others:
        for c in random_eval:
            c.extra["_reaches"] = True
        return
    rec = runner.rec
    rec.replay = dict(rec.values)
    verdict: dict[tuple, bool | None] = {}
    try:
        rec.free = None  # everything pinned: is the rest deterministic?
        base = _detached(runner.forward(EVAL, seed=3))
        rec.calls = []
        if compare_outputs(out1, base):
            verdict = {k: None for k in keys}  # randomness we cannot pin: undecided
        else:
            for k in keys:
                rec.free = k
                out = _detached(runner.forward(EVAL, seed=4))
                rec.calls = []
                verdict[k] = bool(compare_outputs(out1, out))
    finally:
        rec.replay, rec.free = None, None
    for c in random_eval:
        c.extra["_reaches"] = verdict.get(c.key)


def monitor(
    model: nn.Module,
    args: tuple = (),
    kwargs: dict | None = None,
    *,
    modes: Sequence[str] = (EVAL, TRAIN),
) -> Inventory:
    """The dropout-site inventory of what actually runs in ``model``'s forward.

    Runs the forward once per mode in ``modes`` (eval under ``torch.no_grad()``), with the
    inputs moved to the model's device (``meta`` works: no values are compared then).  The
    model's modes, buffers and the RNG state are restored afterwards.  Every site has
    ``frontend="runtime"``.  Raises :class:`ForwardError` (a one-line reason) when the
    forward raises.
    """
    inv = observe(model, args, kwargs, modes=modes).inventory
    # A drop-path module's own train-time draws are its mechanism, already one site.
    owners = {s.module for s in inv.sites if s.kind == DROP_PATH and s.module}
    if owners:
        inv.sites = [
            s for s in inv.sites
            if not (s.kind == RANDOM and s.active_eval is not True and s.module in owners)
        ]
    return inv
