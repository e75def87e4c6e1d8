"""What surgery sees of a model: modules by logical name, and each module's own fx graph.

Tracing the whole model fails for most real models (fx traces no transformers model), so
every module is traced *on its own*, with its children kept as leaves: the graph of its own
``forward``.  That is enough to find the functional dropout calls it makes and the residual
additions ``x + f(x)`` it computes, and rewriting one such module leaves the rest of the
model (its class, its methods) alone.

``self.training`` becomes a constant in a trace, so each module is traced in train and in
eval mode.  When the two graphs differ only in the ``training`` flag of dropout calls, the
module can be rewritten: those calls become dropout modules that follow ``.eval()``.  When
they differ elsewhere (``if self.training:`` around other code, an attention ``dropout_p``
that depends on the mode), a rewrite would freeze one mode, so the module is left alone and
reported.
"""

from __future__ import annotations

import ast
import inspect
import operator
import os
import sys
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import torch
import torch.nn as nn

from .variants import DropConnect, is_dropout_module, rate_of
from .wrappers import KeyPreservingWrapper, logical_name

_ADD_FUNCS = {operator.add, operator.iadd, torch.add}
_ADD_METHODS = {"add", "add_"}


@dataclass
class FunctionalSite:
    """One functional dropout call in the own forward of ``owner``."""

    owner: str  # logical module name ("" for the root)
    node: str  # fx node name in the owner's graph
    op: str  # "F.dropout" ...
    p: float | None
    train_flag: Any  # value of ``training`` in the train trace
    eval_flag: Any  # ... and in the eval trace
    path: str | None = None
    line: int | None = None

    @property
    def name(self) -> str:
        return f"{self.owner}@{self.node}"

    @property
    def follows_mode(self) -> bool:
        return self.train_flag is True and self.eval_flag is False

    @property
    def active_eval(self) -> bool:
        return self.eval_flag is not False and self.p != 0.0

    def describe(self) -> str:
        rate = "?" if self.p is None else f"{self.p:.4g}"
        mode = ("train" if self.follows_mode else
                "always" if self.train_flag is True and self.eval_flag is True else
                "never" if self.train_flag is False and self.eval_flag is False else "?")
        return f"{self.op}(p={rate}, active={mode})"


@dataclass
class OwnerGraph:
    """The fx graph of one module's own forward (children as leaves), in both modes."""

    name: str
    module: nn.Module
    graph: Any = None  # torch.fx.Graph of the train trace; None when untraceable
    eval_graph: Any = None
    error: str | None = None  # why it cannot be traced or rewritten
    functional: list[FunctionalSite] = field(default_factory=list)

    @property
    def rewritable(self) -> bool:
        return self.graph is not None and self.error is None


@dataclass
class ModuleEntry:
    name: str  # logical name
    real: str  # name in named_modules()
    module: nn.Module


class ModelView:
    """Modules by logical name plus, on demand, the per-module graphs."""

    def __init__(self, model: nn.Module, inputs: Any = None) -> None:
        self.model = model
        self.inputs = inputs  # example inputs (apply.Inputs) or None: for the runtime rates
        self._rates: Any = None
        self.entries: dict[str, ModuleEntry] = {}
        self.dropconnect: dict[str, DropConnect] = {}  # logical name of the wrapped -> wrapper
        self.outer: dict[str, str] = {}  # logical name -> real name of its outermost wrapper
        for real, module in model.named_modules():
            if isinstance(module, DropConnect):
                self.dropconnect.setdefault(logical_name(real), module)
            if isinstance(module, KeyPreservingWrapper):
                # Pre-order: the first wrapper seen for a name is the outermost.
                self.outer.setdefault(logical_name(real), real)
                continue  # its wrapped module carries the same logical name
            name = logical_name(real)
            self.entries.setdefault(name, ModuleEntry(name, real, module))
        self._owners: dict[str, OwnerGraph] | None = None

    # --- modules -------------------------------------------------------------------------
    def modules(self) -> list[ModuleEntry]:
        return list(self.entries.values())

    def dropout_modules(self) -> list[ModuleEntry]:
        """Dropout-family modules, and modules whose weights a DropConnect drops."""
        return [e for e in self.entries.values() if self.is_site(e.name)]

    def is_site(self, name: str) -> bool:
        return name in self.dropconnect or is_dropout_module(self.entries[name].module)

    def rates(self) -> Any:
        """Every rate of the model (:class:`dropsurgeon.rates.RateIndex`), found once."""
        if self._rates is None:
            from .rates import discover

            self._rates = discover(self, self.inputs)
        return self._rates

    def unreachable_in(self, scopes: set[str], exclude: Any = None) -> list[tuple[str, str]]:
        """(site, reason) for dropout the selector covers (``scopes``: subtrees, "" for all)
        but no handle or rewrite reaches; never silent."""
        if not scopes:
            return []
        from .select import Target, resolve_term, terms

        excluded: set[str] = set()
        for term in terms(exclude):
            excluded |= {t.name for t in resolve_term(self, term)}

        def covered(owner: str) -> bool:
            probe = Target("module", owner)
            return probe.within(scopes) and not (excluded and probe.within(excluded))

        index = self.rates()
        # A rate no attribute holds is still reached where fx rewrites the call itself.
        rewritten = {(s.owner, os.path.basename(s.path or ""), s.line)
                     for s in self.functional_sites()}
        out = []
        for site, owner, why in index.unreachable:
            path, line = index.lines.get(site, ("", None))
            if covered(owner) and (owner, os.path.basename(path), line) not in rewritten:
                out.append((site, why))
        out += [(owner or "model", note) for owner, note in self.unreachable_functional()
                if covered(owner)]
        return out

    # --- graphs --------------------------------------------------------------------------
    def owners(self) -> dict[str, OwnerGraph]:
        if self._owners is None:
            self._owners = {}
            for entry in self.entries.values():
                if _traceable_class(type(entry.module)):
                    self._owners[entry.name] = trace_owner(entry.name, entry.module)
        return self._owners

    def functional_sites(self) -> list[FunctionalSite]:
        return [s for o in self.owners().values() if o.rewritable for s in o.functional]

    def unreachable_functional(self) -> list[tuple[str, str]]:
        """(owner, note) for functional dropout in forwards that cannot be traced or
        rewritten, with the source lines where known."""
        notes = []
        for owner in self.owners().values():
            if owner.rewritable:
                continue
            index = self.rates()
            covered = {(os.path.basename(p), ln) for o, p, ln in
                       [*index.covered, *index.explained] if o == owner.name}
            calls = [(p, ln) for p, ln in source_dropout_calls(type(owner.module))
                     if (os.path.basename(p), ln) not in covered]
            where = owner.name or "model"
            functional = [s for s in owner.functional if s.line is None or (
                os.path.basename(s.path or ""), s.line) not in covered]
            if owner.graph is not None and functional:
                sites = ", ".join(s.describe() for s in functional)
                notes.append((owner.name, f"{where} ({type(owner.module).__name__}): {sites} "
                                          f"not rewritten: {owner.error}"))
            elif calls:
                lines = ", ".join(f"{p}:{ln}" for p, ln in calls)
                notes.append((owner.name, f"{where} ({type(owner.module).__name__}): "
                                          f"functional dropout at {lines} not reached: "
                                          f"{owner.error}"))
        return notes


def _traceable_class(cls: type) -> bool:
    """Custom modules are traced; torch.nn's own (and ours) are leaves with known behaviour."""
    if issubclass(cls, torch.fx.GraphModule):
        return True
    module = cls.__module__ or ""
    if module.startswith(("torch.", "dropsurgeon.surgery")):
        return False
    if cls.forward is nn.Module.forward:
        return False
    # Containers of torch.nn (Sequential subclasses ...) only call their children in order.
    return cls.forward not in (nn.Sequential.forward, nn.Identity.forward)


def _make_tracer(root: nn.Module):
    import torch.fx

    autowrap: tuple = ()
    timm_fx = sys.modules.get("timm.layers._fx")
    if timm_fx is not None:  # timm's helpers that fx cannot trace
        autowrap = tuple(getattr(timm_fx, "_autowrap_functions", ()))

    class OwnTracer(torch.fx.Tracer):
        """Children are leaves: the graph is the module's own forward only."""

        def __init__(self) -> None:
            super().__init__(autowrap_functions=autowrap)
            self.record_stack_traces = True

        def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
            return m is not root

        def call_module(self, m: Any, forward: Any, args: Any, kwargs: Any) -> Any:
            try:
                self.path_of_module(m)
            except NameError:  # a module built inside forward: trace through it
                return forward(*args, **kwargs)
            return super().call_module(m, forward, args, kwargs)

    return OwnTracer()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip()


def trace_owner(name: str, module: nn.Module) -> OwnerGraph:
    owner = OwnerGraph(name, module)
    graphs = {}
    flags = {m: m.training for m in module.modules()}
    # fx runs a forward's plain-tensor code for real: a buffer update there (timm's
    # BatchNormAct2d counts num_batches_tracked) would change the model.  Put them back.
    buffers = [(b, b.detach().clone()) for b in module.buffers() if b.device.type != "meta"]
    try:
        for mode in ("train", "eval"):
            module.train(mode == "train")
            graphs[mode] = _make_tracer(module).trace(module)
    except Exception as exc:  # noqa: BLE001 - fx raises many exception types
        owner.error = "fx cannot trace its forward: " + _one_line(exc)
        return owner
    finally:
        for m, was in flags.items():
            m.training = was
        with torch.no_grad():
            for b, saved in buffers:
                b.copy_(saved)
    owner.graph, owner.eval_graph = graphs["train"], graphs["eval"]
    owner.functional, owner.error = _compare(name, graphs["train"], graphs["eval"])
    return owner


def _compare(owner: str, train: Any, evals: Any) -> tuple[list[FunctionalSite], str | None]:
    """Functional sites, and why a rewrite is unsafe (None when it is safe)."""
    from ..capture.catalog import bind_call, dropout_functions
    from ..capture.frames import user_frame

    specs = dropout_functions()
    t_nodes, e_nodes = list(train.nodes), list(evals.nodes)
    differs = "its forward depends on self.training beyond dropout flags"
    if len(t_nodes) != len(e_nodes):
        return [], differs
    sites, problem = [], None
    for tn, en in zip(t_nodes, e_nodes, strict=True):
        if (tn.op, tn.target, tn.name) != (en.op, en.target, en.name):
            return [], differs
        spec = specs.get(tn.target) if tn.op == "call_function" else None
        if spec is not None and spec.kind == "functional":
            p, t_flag = bind_call(tn.target, spec, tn.args, tn.kwargs)
            p_e, e_flag = bind_call(en.target, spec, en.args, en.kwargs)
            if isinstance(p, torch.fx.Node) or p != p_e or str(tn.args[0]) != str(en.args[0]):
                problem = problem or f"{tn.name}: the rate is computed, not a constant"
            frame = user_frame(tn.stack_trace)
            sites.append(FunctionalSite(
                owner, tn.name, spec.op, p if isinstance(p, (int, float)) else None,
                t_flag, e_flag, frame[0] if frame else None, frame[1] if frame else None,
            ))
            if isinstance(t_flag, torch.fx.Node) or isinstance(e_flag, torch.fx.Node):
                problem = problem or f"{tn.name}: the training flag is computed from inputs"
            continue
        if (str(tn.args), str(tn.kwargs)) != (str(en.args), str(en.kwargs)):
            return sites, differs + f" (at {tn.name})"
    return sites, problem


@lru_cache(maxsize=256)
def source_dropout_calls(cls: type) -> tuple[tuple[str, int], ...]:
    """(file, line) of dropout-family calls in a class's source, read without running it."""
    names = {"dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
             "feature_alpha_dropout"}
    try:
        lines, start = inspect.getsourcelines(cls)
        path = inspect.getsourcefile(cls) or "<unknown>"
    except (OSError, TypeError):
        return ()
    try:
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except SyntaxError:
        return ()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            # self.dropout(x) is a module call, seen as a module site.
            is_self = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id == "self"
            if fname in names and not is_self:
                found.append((path, start + node.lineno - 1))
    return tuple(found)


def rate_readers(parent: nn.Module, child: str) -> bool:
    """Whether the parent's source reads ``self.<child>.p`` (e.g. for attention dropout)."""
    try:
        src = inspect.getsource(type(parent))
    except (OSError, TypeError):
        return False
    return any(f"self.{child}.{attr}" in src for attr in ("p", "prob", "drop_prob"))


# --- residual branches --------------------------------------------------------------------

@dataclass
class ResidualBranch:
    owner: str
    add_node: str
    operand: int  # index in the add's args of the branch f(x)
    branch_node: str
    module: str | None  # logical name of the module computing the branch, if one does


def residual_branches(owner: OwnerGraph) -> list[ResidualBranch]:
    """Each ``x + f(x)`` in the owner's own forward: the operand on the longer path.

    Both operands of a residual addition descend from a common node (the block input); the
    branch is the longer path from it, the skip is the identity or a short projection.  An
    addition of unrelated inputs, or of two equally long paths, is not a residual.
    """
    if not owner.rewritable:
        return []
    out = []
    nodes = list(owner.graph.nodes)
    ancestors: dict[Any, set] = {}
    for n in nodes:
        acc: set = set()
        for inp in n.all_input_nodes:
            acc.add(inp)
            acc |= ancestors[inp]
        ancestors[n] = acc
    for n in nodes:
        is_add = (n.op == "call_function" and n.target in _ADD_FUNCS) or (
            n.op == "call_method" and n.target in _ADD_METHODS)
        if not is_add or len(n.args) < 2:
            continue
        a, b = n.args[0], n.args[1]
        if not (isinstance(a, torch.fx.Node) and isinstance(b, torch.fx.Node)):
            continue
        common = (ancestors[a] | {a}) & (ancestors[b] | {b})
        common = {c for c in common if c.op != "get_attr"}
        if not common:
            continue
        fork = max(common, key=nodes.index)
        len_a = len({x for x in ancestors[a] | {a} if fork in ancestors[x]})
        len_b = len({x for x in ancestors[b] | {b} if fork in ancestors[x]})
        if len_a == len_b:
            continue
        idx, branch = (0, a) if len_a > len_b else (1, b)
        module = None
        if branch.op == "call_module":
            prefix = owner.name + "." if owner.name else ""
            module = logical_name(prefix + str(branch.target))
        out.append(ResidualBranch(owner.name, n.name, idx, branch.name, module))
    return out


def shape_rank_hooks(model: nn.Module, names: dict[str, nn.Module]) -> tuple[list, dict]:
    """Forward hooks recording the input and output rank of some modules."""
    ranks: dict[str, tuple[int | None, int | None]] = {}

    def hook_for(name: str):
        def hook(mod: nn.Module, args: tuple, out: Any) -> None:
            rin = args[0].ndim if args and isinstance(args[0], torch.Tensor) else None
            o = out[0] if isinstance(out, tuple) and out else out
            rout = o.ndim if isinstance(o, torch.Tensor) else None
            ranks.setdefault(name, (rin, rout))
        return hook

    handles = [m.register_forward_hook(hook_for(n)) for n, m in names.items()]
    return handles, ranks


def describe_module_site(entry: ModuleEntry) -> str:
    rate = rate_of(entry.module)
    return f"{type(entry.module).__name__}(p={rate:.4g})" if rate is not None else \
        type(entry.module).__name__
