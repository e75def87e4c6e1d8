"""Turn the selected dropout sites on at eval time, by intercepting the calls themselves.

``model.train()`` would also switch BatchNorm and every ``self.training`` branch, so the
model stays in eval mode and a ``TorchFunctionMode`` rewrites each dropout-family call
(``F.dropout*``, ``torch.dropout``, ``F.scaled_dot_product_attention(dropout_p=)``,
``F.multi_head_attention_forward``) made while a selected module is the innermost one
running: its ``training`` flag becomes True, and a rate the caller zeroed at eval
(``dropout_p=0.0 if not self.training else p``) becomes the rate the same call used in a
train-mode probe.  ``nn.Dropout`` modules need nothing more: their forward is such a call.
Modules whose own flag only gates their own randomness (drop-path, RNN inter-layer
dropout) get ``training=True`` for the duration of their forward and back.

Global module hooks keep the stack of running modules.  Nothing here changes the model:
the hooks and the mode are removed when the context exits, also on an exception.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from ..capture.frames import library_roots
from ..errors import DropsurgeonError
from ..sites import ATTENTION, DROP_PATH, FUNCTIONAL, MODULE, RNN

OFF, ON, PROBE = "off", "on", "probe"

_DROPOUT_PARAMS = ("input", "p", "training", "inplace")
_VF_PARAMS = ("input", "p", "train")
_SDPA_PARAMS = ("query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale")
_FEATURE = {"dropout1d", "dropout2d", "dropout3d", "feature_dropout", "feature_dropout_"}
_ALPHA = {"alpha_dropout", "alpha_dropout_", "feature_alpha_dropout", "feature_alpha_dropout_"}


@dataclass(frozen=True)
class _Op:
    kind: str
    name: str
    params: tuple[str, ...]
    p_name: str
    flag_name: str | None


@functools.cache
def _ops() -> dict[Any, _Op]:
    import torch.nn.functional as F

    table: dict[Any, _Op] = {}
    for name in ("dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
                 "feature_alpha_dropout"):
        table[getattr(F, name)] = _Op(FUNCTIONAL, name, _DROPOUT_PARAMS, "p", "training")
    for name in ("dropout", "dropout_", "alpha_dropout", "alpha_dropout_", "feature_dropout",
                 "feature_dropout_", "feature_alpha_dropout", "feature_alpha_dropout_"):
        fn = getattr(torch, name, None)
        if fn is not None and fn not in table:
            table[fn] = _Op(FUNCTIONAL, name, _VF_PARAMS, "p", "train")
    table[F.scaled_dot_product_attention] = _Op(ATTENTION, "sdpa", _SDPA_PARAMS, "dropout_p",
                                                None)
    table[F.multi_head_attention_forward] = _Op(ATTENTION, "mha", (), "dropout_p", "training")
    return table


def _flag_modules(module: nn.Module) -> str | None:
    """The kind of a module whose own ``training`` flag gates only its own dropout."""
    from ..capture import catalog

    kind = catalog.module_kind(module)
    if kind == RNN and module.dropout and module.num_layers > 1:
        return RNN
    if kind == DROP_PATH:
        return DROP_PATH
    return None


@dataclass
class Call:
    """One dropout-family call seen in a probe forward."""

    kind: str
    op: str
    module: str  # logical name of the innermost running module
    p: float | None
    selected: bool
    stack: tuple[int, ...]  # ids of the running modules, outermost first
    where: tuple | None = None  # (module, file, line) key for train-mode rates
    index: int = 0  # number of torch calls before it in the forward


@dataclass
class Selection:
    """Which modules' dropout is switched on: by logical name, at or below ``roots``."""

    everything: bool = False
    roots: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()  # functional targets: that owner's own calls only

    def selects(self, name: str) -> bool:
        if self.everything or name in self.exact or name in self.roots:
            return True
        return any(r == "" or name.startswith(r + ".") for r in self.roots)


def resolve(model: nn.Module, where: Any) -> Selection:
    """Read ``where`` with surgery's selector grammar; ``"dropout"`` selects every site."""
    if where is None or where == "dropout":
        return Selection(everything=True)
    from ..surgery import select

    try:
        targets = select(model, where)
    except DropsurgeonError as exc:
        raise DropsurgeonError(f"where={where!r}: {exc}") from None
    roots = {t.name for t in targets if t.kind in ("module", "attribute")}
    exact = {t.owner for t in targets if t.kind == "functional"}
    return Selection(roots=frozenset(roots), exact=frozenset(exact))


@dataclass
class State:
    """What the mode does in the current forward."""

    mode: str = OFF
    samples: int = 1  # samples folded into this forward
    rows: int = 1  # input rows per sample
    first: int = 0  # index of the first folded sample (for consistent masks)
    seed: int = 0
    consistent: bool = False
    calls: list[Call] = field(default_factory=list)
    torch_calls: int = 0
    rates: dict[tuple, float] = field(default_factory=dict)  # train-probe rates by call key
    occurrence: int = 0
    unfoldable: str = ""  # why the folded samples would share masks (-> loop)
    zero_rate: bool = False  # a selected call ran with rate 0 and no known train rate
    perm: Any = None  # fold check: row permutation of the second copy


class Activator:
    """Hooks and function mode for one model; enter :meth:`active` around forwards."""

    def __init__(self, model: nn.Module, selection: Selection) -> None:
        from ..surgery.wrappers import logical_name

        self.model = model
        self.names: dict[int, str] = {}
        self.by_id: dict[int, nn.Module] = {}
        self.real: dict[int, str] = {}  # id -> name for get_submodule
        for name, mod in model.named_modules(remove_duplicate=False):
            if id(mod) not in self.names:
                self.real[id(mod)] = name
                self.names[id(mod)] = logical_name(name) if ".wrapped" in name or \
                    name.startswith("wrapped") else name
                self.by_id[id(mod)] = mod
        self.selected = {i for i, n in self.names.items() if selection.selects(n)}
        kinds = {i: _flag_modules(self.by_id[i]) for i in self.selected}
        self.flagged = {i for i, k in kinds.items() if k is not None}
        self.flag_kinds = {self.names[i]: kinds[i] for i in self.flagged}
        self.stack: list[nn.Module] = []
        self.state = State()
        self.split: nn.Module | None = None
        self.split_done = False
        self.entered: dict[int, int] = {}  # module id -> torch calls before it (probe)
        self.skip = library_roots()

    # -- module hooks ----------------------------------------------------------------------
    def _pre(self, module: nn.Module, args: tuple) -> Any:
        self.stack.append(module)
        mid = id(module)
        st = self.state
        if st.mode == PROBE:
            self.entered.setdefault(mid, st.torch_calls)
        if mid in self.flagged:
            if st.mode == PROBE:
                st.calls.append(Call(self.flag_kinds[self.names[mid]], type(module).__name__,
                                     self.names[mid], None, True, self._stack_ids(),
                                     index=st.torch_calls))
            elif st.mode == ON:
                module.training = True
        if module is self.split and not self.split_done:
            self.split_done = True
            return self._replicate(args)
        return None

    def _post(self, module: nn.Module, args: tuple, output: Any) -> None:
        if self.stack and self.stack[-1] is module:
            self.stack.pop()
        elif module in self.stack:  # an exception unwound inner modules
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(module):]
        if id(module) in self.flagged and self.state.mode == ON:
            module.training = False  # the model is in eval mode throughout

    def _stack_ids(self) -> tuple[int, ...]:
        return tuple(id(m) for m in self.stack)

    def _replicate(self, args: tuple) -> tuple:
        from .predict import replicate

        st = self.state
        return replicate(args, st.rows, st.samples, st.perm)

    # -- calls -------------------------------------------------------------------------------
    def where_key(self, module: str) -> tuple:
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_filename.startswith(self.skip):
            frame = frame.f_back
        if frame is None:
            return (module, None, None)
        return (module, frame.f_code.co_filename, frame.f_lineno)

    def on_call(self, func: Any, op: _Op, args: tuple, kwargs: dict) -> Any:
        st = self.state
        top = self.stack[-1] if self.stack else None
        selected = top is not None and id(top) in self.selected
        if st.mode == PROBE:
            bound = _bind(op, args, kwargs)
            p = _rate(bound.get(op.p_name, 0.5 if op.kind == FUNCTIONAL else 0.0))
            name = self.names.get(id(top), "") if top is not None else ""
            kind = MODULE if isinstance(top, nn.modules.dropout._DropoutNd) else op.kind
            st.calls.append(Call(kind, op.name, name, p, selected, self._stack_ids(),
                                 self.where_key(name) if selected else None, st.torch_calls))
            return func(*args, **kwargs)
        if st.mode == OFF:
            return _call(func, _switched(op, args, kwargs, on=False))
        if not selected:
            return func(*args, **kwargs)
        return self._activated(func, op, args, kwargs, top)

    def _activated(self, func: Any, op: _Op, args: tuple, kwargs: dict, top: Any) -> Any:
        st = self.state
        bound = _bind(op, args, kwargs)
        p = _rate(bound.get(op.p_name, 0.5 if op.kind == FUNCTIONAL else 0.0))
        if not p and st.rates:
            p = st.rates.get(self.where_key(self.names.get(id(top), "")), 0.0)
            bound[op.p_name] = p
        if not p:
            st.zero_rate = True
        if op.flag_name is not None:
            bound[op.flag_name] = True
        first = bound.get("query", bound.get("input"))
        if isinstance(first, torch.Tensor) and first.dim() > 0 and p:
            if first.shape[0] % max(1, st.samples * st.rows):
                st.unfoldable = (f"a dropout input of shape {tuple(first.shape)} has no "
                                 "batch dimension (masks would be shared by the samples)")
        if (op.name in _FAST and p and not st.consistent and isinstance(first, torch.Tensor)
                and first.device.type == "cpu" and first.dtype.is_floating_point):
            return _fast_dropout(first, p, bool(bound.get("inplace")) or op.name == "dropout_")
        if st.consistent and p:
            st.occurrence += 1
            if op.name == "sdpa":
                return _consistent_sdpa(bound, p, st)
            if op.name == "mha":
                with self.mode():  # its inner dropout / attention calls are masked here
                    return _call(func, _positional(op, bound, args, kwargs))
            return _consistent_dropout(op, bound, p, st)
        return _call(func, _positional(op, bound, args, kwargs))

    # -- context -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def mode(self) -> Iterator[None]:
        with _Mode(self):
            yield

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        from torch.nn.modules import module as module_mod

        pre = module_mod.register_module_forward_pre_hook(self._pre)
        post = module_mod.register_module_forward_hook(self._post, always_call=True)
        flags = [(self.by_id[i], self.by_id[i].training) for i in self.flagged]
        try:
            with _Mode(self):
                yield
        finally:
            pre.remove()
            post.remove()
            self.stack.clear()
            for m, flag in flags:
                m.training = flag


class _Mode(TorchFunctionMode):
    def __init__(self, act: Activator) -> None:
        super().__init__()
        self.act = act
        self.table = _ops()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        self.act.state.torch_calls += 1
        try:
            op = self.table.get(func)
        except TypeError:  # an unhashable callable
            op = None
        if op is None:
            return func(*args, **kwargs)
        return self.act.on_call(func, op, args, kwargs)


# --------------------------------------------------------------------------- arguments


def _bind(op: _Op, args: tuple, kwargs: dict) -> dict[str, Any]:
    if op.params:
        bound = dict(zip(op.params, args, strict=False))
        bound.update(kwargs)
        return bound
    fn = _mha_signature()
    ba = fn.bind(*args, **kwargs)
    return dict(ba.arguments)


@functools.cache
def _mha_signature():
    import inspect

    import torch.nn.functional as F

    return inspect.signature(F.multi_head_attention_forward)


def _rate(value: Any) -> float:
    if isinstance(value, torch.Tensor):
        return float(value.item()) if value.numel() == 1 else 0.0
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _positional(op: _Op, bound: dict, args: tuple, kwargs: dict) -> tuple:
    """``(args, kwargs)`` to call with, from the rewritten bound arguments."""
    if not op.params:
        return (), bound
    n = len(args)
    pos = tuple(bound[p] if p in bound else args[i] for i, p in enumerate(op.params[:n]))
    rest = {k: v for k, v in bound.items() if k not in op.params[:n]}
    return pos, rest


def _switched(op: _Op, args: tuple, kwargs: dict, on: bool) -> tuple:
    bound = _bind(op, args, kwargs)
    if op.flag_name is not None:
        bound[op.flag_name] = on
    else:
        bound[op.p_name] = 0.0
    return _positional(op, bound, args, kwargs)


def _call(func: Any, pair: tuple) -> Any:
    args, kwargs = pair
    return func(*args, **kwargs)


_FAST = {"dropout", "dropout_"}


def _fast_dropout(x: torch.Tensor, p: float, inplace: bool) -> torch.Tensor:
    """Elementwise dropout from one uniform draw per element: on CPU about twice as fast as
    ``torch.dropout`` (whose ``bernoulli_`` dominates), same distribution (keep iff
    ``u >= p``, ``u`` uniform in [0, 1))."""
    if p >= 1.0:
        return x.zero_() if inplace else torch.zeros_like(x)
    keep = torch.rand_like(x).ge_(p)
    if inplace:
        return x.mul_(keep).mul_(1.0 / (1.0 - p))
    return keep.mul_(x).mul_(1.0 / (1.0 - p))


# --------------------------------------------------------------------------- consistent masks


def _mix(*values: int) -> int:
    """A 63-bit seed from integers (splitmix64 steps), so nearby inputs give far seeds."""
    x = 0x9E3779B97F4A7C15
    for v in values:
        x = (x ^ (v & 0xFFFFFFFFFFFFFFFF)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 31
    return x & 0x7FFFFFFFFFFFFFFF


def _masks(shape: tuple[int, ...], keep: float, st: State, device: Any) -> torch.Tensor:
    """One keep-mask per folded sample, a function of (seed, call occurrence, sample)."""
    gen = torch.Generator(device=device)
    out = torch.empty((st.samples, *shape), device=device)
    for i in range(st.samples):
        gen.manual_seed(_mix(st.seed, st.occurrence, st.first + i))
        out[i].bernoulli_(keep, generator=gen)
    return out


def _consistent_dropout(op: _Op, bound: dict, p: float, st: State) -> torch.Tensor:
    x = bound["input"]
    if op.name in _ALPHA:
        raise DropsurgeonError(f"consistent=True does not support {op.name} yet")
    if p >= 1.0:
        return torch.zeros_like(x)
    rows = st.samples * st.rows
    if x.dim() == 0 or x.shape[0] % rows:
        raise DropsurgeonError(
            f"consistent=True: a dropout input of shape {tuple(x.shape)} has no batch "
            f"dimension of {rows} rows"
        )
    per = x.shape[0] // rows
    if op.name in _FEATURE:
        if per != 1:
            raise DropsurgeonError("consistent=True: channel dropout on reshaped rows")
        feat = x.shape[1:2] + (1,) * (x.dim() - 2)
        mask = _masks(feat, 1.0 - p, st, x.device).to(x.dtype)
        view = x.reshape(st.samples, st.rows, *x.shape[1:])
        out = view * mask.unsqueeze(1) / (1.0 - p)
    else:
        view = x.reshape(st.samples, st.rows, -1)
        mask = _masks((view.shape[-1],), 1.0 - p, st, x.device).to(x.dtype)
        out = view * mask.unsqueeze(1) / (1.0 - p)
    out = out.reshape(x.shape)
    if bound.get("inplace") or op.name.endswith("_"):
        return x.copy_(out)
    return out


def _consistent_sdpa(bound: dict, p: float, st: State) -> torch.Tensor:
    """Scaled dot-product attention written out, so its dropout takes consistent masks."""
    import math

    q, k, v = bound["query"], bound["key"], bound["value"]
    mask = bound.get("attn_mask")
    scale = bound.get("scale")
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    if bound.get("enable_gqa") and k.shape[-3] != q.shape[-3]:
        rep = q.shape[-3] // k.shape[-3]
        k, v = k.repeat_interleave(rep, -3), v.repeat_interleave(rep, -3)
    scores = q @ k.transpose(-2, -1) * scale
    if bound.get("is_causal"):
        L, S = q.shape[-2], k.shape[-2]
        causal = torch.ones(L, S, dtype=torch.bool, device=q.device).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool \
            else scores + mask
    weights = torch.softmax(scores, dim=-1)
    weights = _consistent_dropout(_ops()[torch.nn.functional.dropout],
                                  {"input": weights}, p, st)
    return weights @ v
