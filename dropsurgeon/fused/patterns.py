"""Find ``(+bias) -> dropout -> +residual (-> LayerNorm | RMSNorm)`` in an fx graph.

One matcher for both ways in: the graph ``torch.fx`` traces (dropout, Linear and norm modules
are ``call_module`` leaves, parameters are ``get_attr``) and the graph dynamo captures
(modules are inlined: ``F.dropout(x, 0.1, True, False)``, ``torch._C._nn.linear``,
``F.layer_norm``, ``torch.rms_norm``, parameters are placeholders).  A match names the nodes it
replaces and the values the fused op takes; :mod:`.fx_pass` does the replacing.

A match is anchored at a dropout node (or, with ``add_norm``, at a residual add feeding a norm)
and grows while each step is safe:

* ``x + bias`` before the dropout (``bias`` 1-D over the last dim, the add used only by the
  dropout), or with ``split_linear_bias`` a Linear's own bias;
* ``dropout(x) + residual`` when the add is the dropout's only user and ``residual`` has the
  add's shape (no broadcasting into a larger output);
* a LayerNorm / RMSNorm over the last dim of that sum: ``nn.LayerNorm``, ``F.layer_norm``,
  ``nn.RMSNorm``, ``F.rms_norm`` and the hand-written ``x * rsqrt(mean(x**2) + eps) * w``
  (transformers' ``LlamaRMSNorm``, with its dtype casts).  When the sum has other users too
  (the pre-norm residual stream), the fused op also returns it.

Anything that could change what the model computes stops the growth and is noted instead:
channel dropout (Dropout2d...), alpha dropout, an in-place dropout whose input is read again,
a rate or flag that is a tensor, p = 1, a norm over several dims, dtypes the op would change.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from typing import Any

from ..capture.frames import display_path, user_frame

DROPOUT = "dropout"
BIAS_DROPOUT_ADD = "bias_dropout_add"
LAYER_NORM = "dropout_add_layer_norm"
RMS_NORM = "dropout_add_rms_norm"


@dataclass(frozen=True)
class ParamRef:
    """A module's parameter (fx path): becomes a ``get_attr`` node when the match is applied."""

    target: str  # "encoder.0.norm.weight"


@dataclass
class Training:
    """Whether the fused op drops: a constant, or a module's ``.training`` read at run time."""

    value: bool | None = None  # the constant (dynamo graphs, or the same flag in both traces)
    module: str | None = None  # qualified name whose ``.training`` decides at run time

    def describe(self) -> str:
        if self.module is not None:
            return f"follows {self.module or 'model'}.training"
        return "always" if self.value else "never"


@dataclass
class Norm:
    """One LayerNorm / RMSNorm over the last dim, wherever it came from."""

    kind: str  # "layer_norm" | "rms_norm"
    input: Any  # the node it normalises
    output: Any  # the node whose value is the normalised tensor
    nodes: list  # every node the norm consists of (output included)
    weight: Any  # Node | ParamRef | None
    bias: Any = None
    eps: float | None = None
    source: str = ""  # "nn.LayerNorm", "F.rms_norm", "hand-written RMSNorm" ...


@dataclass
class Match:
    pattern: str  # DROPOUT | BIAS_DROPOUT_ADD | LAYER_NORM | RMS_NORM
    x: Any  # the dropout's input (without the bias)
    p: float  # the rate at capture
    training: Training
    p_module: str | None = None  # dropout module whose ``.p`` is read at run time (fx)
    p_node: Any = None  # the graph input holding p (dynamo with dynamic floats)
    dropout: Any = None  # None for a residual add + norm without dropout
    bias: Any = None  # Node | ParamRef | None
    residual: Any = None
    add: Any = None
    norm: Norm | None = None
    linear: Any = None  # a Linear node whose bias moves into the fused op
    linear_weight: Any = None
    return_residual: bool = False
    nodes: list = field(default_factory=list)  # every node replaced, in graph order
    sources: list = field(default_factory=list)  # what each step was ("nn.Dropout" ...)

    @property
    def out(self) -> Any:
        """The node whose users now read the fused op's (first) output."""
        if self.norm is not None:
            return self.norm.output
        return self.add if self.add is not None else self.dropout

    def without_norm(self) -> Match:
        """The same site with its norm left out (``bias_dropout_add``), for a retry."""
        import copy

        short = copy.copy(self)
        inner = set(self.norm.nodes) if self.norm is not None else set()
        short.nodes = [n for n in self.nodes if n not in inner]
        short.sources = self.sources[:-1] if self.norm is not None else list(self.sources)
        short.norm, short.return_residual = None, False
        short.pattern = BIAS_DROPOUT_ADD
        return short

    def location(self) -> str | None:
        anchor = self.dropout if self.dropout is not None else self.add
        frame = user_frame(anchor.meta.get("stack_trace"))
        if frame is None:
            return None
        return f"{display_path(frame[0])}:{frame[1]}"

    def module(self) -> str:
        anchor = self.dropout if self.dropout is not None else self.add
        stack = anchor.meta.get("nn_module_stack") or {}
        if not stack:
            return self.p_module or ""
        last = next(reversed(stack.values()))
        path = last[0] if isinstance(last, tuple) else str(last)
        return _clean_dynamo_path(path)


@dataclass
class Skipped:
    """A dropout that was seen and left alone, and why (for the report)."""

    node: str
    reason: str
    location: str | None = None


_DYNAMO_ROOT = re.compile(r"^L\[[^\]]*\](\[\d+\])*\.?")


def _clean_dynamo_path(path: str) -> str:
    """Dynamo's ``L['self'].encoder.layer[0]`` (or ``L['args'][0]...``) -> ``encoder.layer.0``."""
    path = _DYNAMO_ROOT.sub("", path)
    return path.replace("[", ".").replace("]", "").replace("'", "")


# --- reading nodes ---------------------------------------------------------------------------

def _arg(node: Any, pos: int, name: str, default: Any = None) -> Any:
    if len(node.args) > pos:
        return node.args[pos]
    return node.kwargs.get(name, default)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def _is_node(value: Any) -> bool:
    import torch.fx

    return isinstance(value, torch.fx.Node)


class GraphView:
    """Classifies the nodes of one graph; ``modules`` resolves ``call_module``/``get_attr``."""

    def __init__(self, graph: Any, modules: dict[str, Any] | None = None,
                 root: Any = None) -> None:
        import torch
        import torch.nn.functional as F

        self.graph = graph
        self.modules = modules or {}
        self.root = root
        self._torch = torch
        self._dropout_fns = {F.dropout: ("training", "F.dropout"),
                             torch.dropout: ("train", "torch.dropout")}
        self._ln_fns = {F.layer_norm, torch.layer_norm}
        self._rms_fns = {fn for fn in (getattr(F, "rms_norm", None),
                                       getattr(torch, "rms_norm", None)) if fn is not None}
        self._linear_fns = {F.linear, torch._C._nn.linear}
        self._add_fns = {operator.add, torch.add}

    # shapes and dtypes, from dynamo's fake tensors or fx ShapeProp's tensor_meta
    def meta(self, value: Any) -> tuple[tuple[int, ...] | None, Any]:
        if isinstance(value, ParamRef):
            t = self._attr(value.target)
            return (tuple(t.shape), t.dtype) if t is not None else (None, None)
        if not _is_node(value):
            return None, None
        ev = value.meta.get("example_value", value.meta.get("val"))
        if ev is not None and hasattr(ev, "shape") and hasattr(ev, "dtype"):
            return tuple(_dim(s) for s in ev.shape), ev.dtype
        tm = value.meta.get("tensor_meta")
        if tm is not None and hasattr(tm, "shape"):
            return tuple(_dim(s) for s in tm.shape), tm.dtype
        if value.op == "get_attr":
            t = self._attr(value.target)
            if t is not None:
                return tuple(t.shape), t.dtype
        return None, None

    def _attr(self, target: str) -> Any:
        obj = self.root
        if obj is None:
            return None
        for part in target.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj if hasattr(obj, "shape") else None

    def module_of(self, node: Any) -> Any:
        return self.modules.get(node.target) if node.op == "call_module" else None

    # -- transparent steps (fx keeps nn.Identity as a leaf call) --------------------------
    def through_identity(self, node: Any) -> Any:
        """The single user of ``node`` past any ``nn.Identity`` calls, or None."""
        import torch.nn as nn

        seen: list = []
        while len(node.users) == 1:
            user = next(iter(node.users))
            if isinstance(self.module_of(user), nn.Identity):
                seen.append(user)
                node = user
                continue
            return node, user, seen
        return node, None, seen

    # -- dropout ---------------------------------------------------------------------------
    def dropout(self, node: Any) -> dict | None:
        """{x, p, training, inplace, module, source} for an elementwise dropout, else None.

        ``p``/``training`` may be Nodes (decided at run time): the caller refuses those.
        """
        import torch.nn as nn

        mod = self.module_of(node)
        if mod is not None:
            if type(mod) is not nn.Dropout and not (
                    isinstance(mod, nn.Dropout) and type(mod).forward is nn.Dropout.forward):
                return None
            return {"x": node.args[0] if node.args else node.kwargs.get("input"),
                    "p": float(mod.p), "training": None, "inplace": bool(mod.inplace),
                    "module": node.target, "source": f"nn.{type(mod).__name__}"}
        if node.op != "call_function" or node.target not in self._dropout_fns:
            return None
        flag_name, source = self._dropout_fns[node.target]
        x = _arg(node, 0, "input")
        p = _arg(node, 1, "p", 0.5)
        training = _arg(node, 2, flag_name, True)
        inplace = _arg(node, 3, "inplace", False) if source == "F.dropout" else False
        return {"x": x, "p": p, "training": training, "inplace": inplace, "module": None,
                "source": source}

    def is_other_dropout(self, node: Any) -> str | None:
        """Why a dropout-family op is not fused (channel, alpha, a custom forward), or None."""
        import torch.nn as nn
        import torch.nn.functional as F

        mod = self.module_of(node)
        if mod is not None and isinstance(mod, nn.modules.dropout._DropoutNd) \
                and self.dropout(node) is None:
            name = type(mod).__name__
            if isinstance(mod, nn.Dropout):
                return f"{name} overrides nn.Dropout's forward: what it computes is its own"
            return (f"nn.{name} drops whole channels or is alpha dropout: not the elementwise "
                    "mask of the fused ops")
        if node.op == "call_function":
            for name in ("dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
                         "feature_alpha_dropout"):
                if node.target is getattr(F, name, None):
                    return (f"F.{name} drops whole channels or is alpha dropout: not the "
                            "elementwise mask of the fused ops")
        return None

    # -- adds ------------------------------------------------------------------------------
    def add(self, node: Any) -> tuple[Any, Any] | None:
        if node.op == "call_function" and node.target in self._add_fns:
            if node.target is self._torch.add and ("alpha" in node.kwargs or len(node.args) > 2):
                return None
            a, b = _arg(node, 0, "input"), _arg(node, 1, "other")
        elif node.op == "call_method" and node.target == "add":
            if "alpha" in node.kwargs or len(node.args) > 2:
                return None
            a, b = node.args[0], _arg(node, 1, "other")
        else:
            return None
        if node.kwargs.get("out") is not None:
            return None
        return a, b

    def linear(self, node: Any) -> tuple[Any, Any, Any] | None:
        """(input, weight, bias) of a Linear; module params as ParamRefs."""
        import torch.nn as nn

        mod = self.module_of(node)
        if mod is not None:
            if type(mod) is not nn.Linear:
                return None
            bias = ParamRef(f"{node.target}.bias") if mod.bias is not None else None
            return node.args[0], ParamRef(f"{node.target}.weight"), bias
        if node.op == "call_function" and node.target in self._linear_fns:
            return _arg(node, 0, "input"), _arg(node, 1, "weight"), _arg(node, 2, "bias")
        return None

    # -- norms -----------------------------------------------------------------------------
    def norm(self, node: Any) -> Norm | None:
        """A module or functional norm over the last dim whose input is ``node.args[0]``."""
        import torch.nn as nn

        mod = self.module_of(node)
        if mod is not None:
            if type(mod) is nn.LayerNorm and len(mod.normalized_shape) == 1:
                if not mod.elementwise_affine:
                    return None
                bias = ParamRef(f"{node.target}.bias") if mod.bias is not None else None
                return Norm("layer_norm", node.args[0], node, [node],
                            ParamRef(f"{node.target}.weight"), bias, float(mod.eps),
                            "nn.LayerNorm")
            rms = getattr(nn, "RMSNorm", None)
            if rms is not None and type(mod) is rms and len(mod.normalized_shape) == 1:
                if mod.weight is None:
                    return None
                eps = self._rms_eps(mod.eps, node.args[0])
                if eps is None:
                    return None
                return Norm("rms_norm", node.args[0], node, [node],
                            ParamRef(f"{node.target}.weight"), None, eps, "nn.RMSNorm")
            return None
        if node.op != "call_function":
            return None
        if node.target in self._ln_fns:
            shape = _arg(node, 1, "normalized_shape")
            weight, bias = _arg(node, 2, "weight"), _arg(node, 3, "bias")
            eps = _number(_arg(node, 4, "eps", 1e-5))
            if not _one_dim(shape) or weight is None or eps is None:
                return None
            return Norm("layer_norm", _arg(node, 0, "input"), node, [node], weight, bias, eps,
                        "F.layer_norm")
        if node.target in self._rms_fns:
            shape = _arg(node, 1, "normalized_shape")
            weight = _arg(node, 2, "weight")
            x = _arg(node, 0, "input")
            eps = self._rms_eps(_arg(node, 3, "eps"), x)
            if not _one_dim(shape) or weight is None or eps is None:
                return None
            return Norm("rms_norm", x, node, [node], weight, None, eps, "F.rms_norm")
        return None

    def _rms_eps(self, eps: Any, x: Any) -> float | None:
        """``eps=None`` means ``torch.finfo(x.dtype).eps``: needs the dtype."""
        if eps is not None:
            return _number(eps)
        _, dtype = self.meta(x)
        return None if dtype is None else float(self._torch.finfo(dtype).eps)

    def handwritten_rms(self, mean_node: Any) -> Norm | None:
        """``w * (h * rsqrt(mean(h**2, -1, keepdim) + eps)).to(dtype)``, h = x or x.float()."""
        mean_in = self._mean_last(mean_node)
        if mean_in is None:
            return None
        h = self._square_of(mean_in)
        if h is None:
            return None
        add = _only_user(mean_node)
        if add is None or self.add(add) is None:
            return None
        a, b = self.add(add)
        eps = _number(b if a is mean_node else a)
        if eps is None:
            return None
        rs = _only_user(add)
        if rs is None or not self._is_rsqrt(rs):
            return None
        scaled = _only_user(rs)
        if scaled is None or not self._is_mul_of(scaled, h, rs):
            return None
        out, weight, tail = self._times_weight(scaled)
        if weight is None:
            return None
        x, head = self._uncast(h)
        nodes = head + [mean_in] if mean_in is not h else list(head)
        nodes += [mean_node, add, rs, scaled] + tail
        # fx records ``dt = x.dtype`` as a node read by the casts: it goes with them.
        nodes += [a for n in nodes for a in n.args if _dtype_read(a)]
        nodes = list(dict.fromkeys(nodes))
        # Every inner node feeds only the norm, or replacing it would cut another reader.
        inner = set(nodes)
        for n in nodes:
            if n is not out and any(u not in inner for u in n.users):
                return None
        return Norm("rms_norm", x, out, nodes, weight, None, eps, "hand-written RMSNorm")

    def _mean_last(self, node: Any) -> Any:
        torch = self._torch
        if node.op == "call_method" and node.target == "mean":
            x, dim = node.args[0], _arg(node, 1, "dim")
        elif node.op == "call_function" and node.target is torch.mean:
            x, dim = _arg(node, 0, "input"), _arg(node, 1, "dim")
        else:
            return None
        keepdim = _arg(node, 2, "keepdim", False)
        if keepdim is not True or node.kwargs.get("dtype") is not None:
            return None
        if isinstance(dim, (tuple, list)) and len(dim) == 1:
            dim = dim[0]
        if dim == -1:
            return x
        shape, _ = self.meta(x)
        if shape is not None and isinstance(dim, int) and dim == len(shape) - 1:
            return x
        return None

    def _square_of(self, node: Any) -> Any:
        torch = self._torch
        if node.op == "call_method" and node.target == "pow" and _arg(node, 1, "exponent") == 2:
            return node.args[0]
        if node.op == "call_function" and node.target in (torch.pow, operator.pow) \
                and node.args[1:2] == (2,):
            return node.args[0]
        if (node.op == "call_method" and node.target == "square") or (
                node.op == "call_function" and node.target is torch.square):
            return node.args[0]
        if self._is_mul(node) and len(node.args) == 2 and node.args[0] is node.args[1]:
            return node.args[0]
        return None

    def _is_rsqrt(self, node: Any) -> bool:
        return (node.op == "call_method" and node.target == "rsqrt") or (
            node.op == "call_function" and node.target is self._torch.rsqrt)

    def _is_mul(self, node: Any) -> bool:
        return (node.op == "call_function" and node.target in (operator.mul, self._torch.mul)
                and not node.kwargs) or (node.op == "call_method" and node.target == "mul")

    def _is_mul_of(self, node: Any, a: Any, b: Any) -> bool:
        return self._is_mul(node) and len(node.args) == 2 and set(node.args) == {a, b}

    def _cast_input(self, node: Any) -> Any:
        """The input of a dtype-only cast (``.to(dtype)``, ``.float()``, ``.type_as``) or None."""
        torch = self._torch
        if node.op != "call_method":
            return None
        if node.target in ("float", "half", "bfloat16") and len(node.args) == 1:
            return node.args[0]
        if node.target == "to":
            rest = list(node.args[1:]) + list(node.kwargs.values())
            if rest and all(isinstance(v, torch.dtype) or _dtype_read(v) for v in rest):
                return node.args[0]
        if node.target == "type_as" and len(node.args) == 2:
            return node.args[0]
        return None

    def _uncast(self, h: Any) -> tuple[Any, list]:
        """(x, [cast nodes]) for ``h = x.to(float32)`` (or h itself)."""
        head = []
        src = self._cast_input(h)
        while src is not None:
            head.append(h)
            h = src
            src = self._cast_input(h)
        return h, list(reversed(head))

    def _times_weight(self, scaled: Any) -> tuple[Any, Any, list]:
        """(output, weight, tail nodes) for ``w * scaled.to(dtype)`` and its orderings."""
        node, tail = scaled, []
        while True:
            user = _only_user(node)
            if user is None:
                return None, None, []
            if self._cast_input(user) is node:
                tail.append(user)
                node = user
                continue
            if self._is_mul(user) and len(user.args) == 2 and node in user.args:
                other = user.args[1] if user.args[0] is node else user.args[0]
                if not self._weight_like(other):
                    return None, None, []
                tail.append(user)
                # A trailing cast after the weight (``(w * x).to(dtype)``) is part of it.
                out = user
                nxt = _only_user(user)
                if nxt is not None and self._cast_input(nxt) is user:
                    tail.append(nxt)
                    out = nxt
                return out, other, tail
            return None, None, []

    def _weight_like(self, value: Any) -> bool:
        if not _is_node(value) or value.op not in ("get_attr", "placeholder"):
            return False
        shape, _ = self.meta(value)
        return shape is None or len(shape) == 1


def _float_hint(node: Any) -> float | None:
    """The value a float graph input had at capture (a SymFloat's hint), else None."""
    ev = node.meta.get("example_value", node.meta.get("val"))
    if isinstance(ev, float):
        return ev
    hint = getattr(getattr(ev, "node", None), "hint", None)
    return float(hint) if isinstance(hint, (int, float)) and not isinstance(hint, bool) \
        else None


def _dim(size: Any) -> Any:
    """An int, or for a symbolic size (dynamic shapes) its sympy expression.

    Never ``int()`` of a SymInt: that would specialise the captured graph to this size.
    Expressions compare structurally, so ``s0 == s0`` holds and ``s0 == s1`` does not.
    """
    if isinstance(size, int):
        return size
    expr = getattr(getattr(size, "node", None), "expr", None)
    if expr is None:
        return size
    return int(expr) if getattr(expr, "is_number", False) else expr


def _meta_read(node: Any) -> bool:
    """A node that reads only a tensor's shape, dtype or device (``x.shape``, ``x.size()``)."""
    if node.op == "call_function" and node.target is getattr:
        return node.args[1:] in (("shape",), ("dtype",), ("device",), ("ndim",))
    return node.op == "call_method" and node.target in ("size", "dim", "numel")


def _dtype_read(value: Any) -> bool:
    """An fx node ``getattr(t, "dtype")`` (what ``t.dtype`` becomes in a trace)."""
    return (_is_node(value) and value.op == "call_function" and value.target is getattr
            and value.args[1:] == ("dtype",))


def _one_dim(shape: Any) -> bool:
    if isinstance(shape, int):
        return True
    return isinstance(shape, (tuple, list)) and len(shape) == 1


def _only_user(node: Any) -> Any:
    return next(iter(node.users)) if len(node.users) == 1 else None


# --- matching --------------------------------------------------------------------------------

def norms_by_input(view: GraphView) -> dict[Any, list[Norm]]:
    """Every norm of the graph, keyed by the node it normalises."""
    found: dict[Any, list[Norm]] = {}
    for node in view.graph.nodes:
        norm = view.norm(node)
        if norm is None and view._mean_last(node) is not None:
            norm = view.handwritten_rms(node)
        if norm is not None and _is_node(norm.input):
            found.setdefault(norm.input, []).append(norm)
    return found


def find_matches(view: GraphView, training_of: Any, *, add_norm: bool = False,
                 split_linear_bias: bool = False) -> tuple[list[Match], list[Skipped]]:
    """Non-overlapping matches in graph order, and the dropouts left alone with why.

    ``training_of(node, info)`` says how a dropout decides whether it drops: a
    :class:`Training`, or a string saying why it cannot be fused.
    """
    norms = norms_by_input(view)
    used: set = set()
    matches: list[Match] = []
    skipped: list[Skipped] = []
    for node in list(view.graph.nodes):
        if node in used:
            continue
        info = view.dropout(node)
        if info is None:
            other = view.is_other_dropout(node)
            if other is not None:
                skipped.append(_skip(node, other))
            continue
        match, why = _grow(view, node, info, norms, used, training_of, split_linear_bias)
        if match is None:
            skipped.append(_skip(node, why))
            continue
        used.update(match.nodes)
        matches.append(match)
    if add_norm:
        for node in list(view.graph.nodes):
            if node in used:
                continue
            match = _add_norm(view, node, norms, used)
            if match is not None:
                used.update(match.nodes)
                matches.append(match)
        order = {n: i for i, n in enumerate(view.graph.nodes)}
        matches.sort(key=lambda m: order[m.nodes[0]])
    return matches, skipped


def _skip(node: Any, reason: str) -> Skipped:
    frame = user_frame(node.meta.get("stack_trace"))
    where = f"{display_path(frame[0])}:{frame[1]}" if frame else None
    return Skipped(node.name, reason, where)


def _grow(view: GraphView, node: Any, info: dict, norms: dict, used: set, training_of: Any,
          split_linear_bias: bool) -> tuple[Match | None, str]:
    p, p_node = _number(info["p"]), None
    if p is None and _is_node(info["p"]):
        # torch.compile(dynamic=True) makes a module's float rate a graph input: the fused
        # call takes that input, and dropsurgeon.fused specialises on it (a guard).
        p, p_node = _float_hint(info["p"]), info["p"]
    if p is None:
        return None, "its rate is computed at run time"
    if not 0.0 <= p < 1.0:
        return None, f"p = {p:g} (the fused ops take p in [0, 1))"
    training = training_of(node, info)
    if isinstance(training, str):
        return None, training
    x = info["x"]
    if not _is_node(x):
        return None, "its input is no tensor of the graph"
    if info["inplace"] and len(x.users) > 1:
        return None, "in-place dropout whose input is read again (the fused op writes a new tensor)"
    match = Match(DROPOUT, x, p, training, p_module=info["module"], dropout=node, nodes=[node],
                  sources=[info["source"]], p_node=p_node)
    last, user, identities = view.through_identity(node)
    if user is not None and user not in used:
        _grow_residual(view, match, last, user, identities, norms, used)
    _grow_bias(view, match, used, split_linear_bias)
    if match.pattern == DROPOUT and training.module is None and not training.value:
        return None, "never drops here (training=False) and has nothing to fuse with"
    if match.pattern == DROPOUT and p == 0.0:
        return None, "p = 0 (the identity) and nothing to fuse with"
    return match, ""


def _same_shape(view: GraphView, a: Any, b: Any) -> bool:
    sa, _ = view.meta(a)
    sb, _ = view.meta(b)
    return sa is None or sb is None or sa == sb


def _grow_residual(view: GraphView, match: Match, last: Any, add: Any, identities: list,
                   norms: dict, used: set) -> None:
    operands = view.add(add)
    if operands is None:
        return
    a, b = operands
    if (a is last) == (b is last):  # dropout(x) + dropout(x), or no tensor operand
        return
    residual = b if a is last else a
    if not _is_node(residual) or not _same_shape(view, add, residual) \
            or not _same_shape(view, add, last):
        return
    match.nodes += identities + [add]
    match.residual, match.add = residual, add
    match.pattern = BIAS_DROPOUT_ADD
    match.sources.append("residual add")
    _grow_norm(view, match, add, norms, used)


def _grow_norm(view: GraphView, match: Match, add: Any, norms: dict, used: set) -> None:
    for norm in norms.get(add, []):
        if any(n in used for n in norm.nodes):
            continue
        if not _dtypes_kept(view, add, norm):
            continue
        _, xd = view.meta(match.x)
        _, rd = view.meta(match.residual)
        if xd is not None and rd is not None and xd != rd:
            continue  # the norm ops take one dtype for the whole residual stream
        match.norm = norm
        match.nodes += norm.nodes
        match.pattern = LAYER_NORM if norm.kind == "layer_norm" else RMS_NORM
        match.sources.append(norm.source)
        # ``s.shape[-1]`` for the norm's own shape reads metadata only: the output serves.
        match.return_residual = any(u not in norm.nodes and not _meta_read(u)
                                    for u in add.users)
        return


def _dtypes_kept(view: GraphView, x: Any, norm: Norm) -> bool:
    """The fused norm returns x's dtype: refuse a norm whose output dtype differs (known)."""
    _, xd = view.meta(x)
    _, od = view.meta(norm.output)
    return xd is None or od is None or xd == od


def _grow_bias(view: GraphView, match: Match, used: set, split_linear_bias: bool) -> None:
    x = match.x
    if x in used or len(x.users) != 1:
        return
    operands = view.add(x)
    if operands is not None:
        a, b = operands
        for inp, bias in ((a, b), (b, a)):
            if _is_node(inp) and _is_bias(view, bias, inp):
                match.x, match.bias = inp, bias
                match.nodes.insert(0, x)
                match.sources.insert(0, "bias add")
                if match.pattern == DROPOUT:
                    match.pattern = BIAS_DROPOUT_ADD
                return
        return
    if split_linear_bias:
        lin = view.linear(x)
        if lin is not None and lin[2] is not None:
            match.linear, match.linear_weight = x, lin[1]
            match.x, match.bias = lin[0], lin[2]
            match.nodes.insert(0, x)
            match.sources.insert(0, "Linear bias")
            if match.pattern == DROPOUT:
                match.pattern = BIAS_DROPOUT_ADD


def _is_bias(view: GraphView, bias: Any, inp: Any) -> bool:
    """A parameter-like 1-D tensor over the last dim of ``inp``."""
    if not _is_node(bias) or bias.op not in ("get_attr", "placeholder"):
        return False
    bshape, bdtype = view.meta(bias)
    ishape, idtype = view.meta(inp)
    if bshape is None or len(bshape) != 1:
        return False
    if ishape is not None and (not ishape or ishape[-1] != bshape[0]):
        return False
    return bdtype is None or idtype is None or bdtype == idtype


def _add_norm(view: GraphView, node: Any, norms: dict, used: set) -> Match | None:
    """``norm(a + b)`` with no dropout (``add_norm=True``): the fused op with p = 0."""
    operands = view.add(node)
    if operands is None or node not in norms:
        return None
    a, b = operands
    if not (_is_node(a) and _is_node(b)) or not (_same_shape(view, node, a)
                                                  and _same_shape(view, node, b)):
        return None
    match = Match(DROPOUT, b, 0.0, Training(value=False), residual=a, add=node, nodes=[node],
                  sources=["residual add"])
    _grow_norm(view, match, node, norms, used)
    return match if match.norm is not None else None
