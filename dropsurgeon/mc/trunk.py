"""The deterministic trunk, computed once: split an fx graph at the first active dropout.

The module-level split of :mod:`.predict` replicates the input of one module, so a residual
``x + f(drop(g(x)))`` must replicate at the block, and ``g(x)`` runs once per sample.  On a
model fx can trace, the graph says exactly what depends on a dropout: every node downstream
of an active site runs on the folded T x N rows, every other node once on the N rows, and a
trunk value that a downstream node reads is replicated at that edge (only tensors whose first
dimension is the batch).  Modules that make dropout calls are kept as leaves, so the calls are
intercepted as usual; the graph is interpreted node by node over the model's own modules (no
GraphModule is built and nothing in the model changes).

Used only when the model traces in eval mode, has no module hooks (fx would not run them) and
the split reproduces the plain output with dropout off (checked by the caller).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import torch
import torch.fx
from torch import nn

_TRANSPARENT = ("getattr", "size", "dim", "shape")


class GraphSplit:
    """An fx graph of the model with its nodes marked trunk (once) or folded (per sample)."""

    def __init__(self, model: nn.Module, graph: torch.fx.Graph, folded: set[torch.fx.Node],
                 params: list[str]) -> None:
        self.model = model
        self.graph = graph
        self.nodes = list(graph.nodes)
        self.folded = folded
        self.params = params
        compute = [n for n in self.nodes if n.op in ("call_module", "call_function",
                                                      "call_method")]
        self.trunk_ops = sum(1 for n in compute if n not in folded)
        self.total_ops = max(1, len(compute))
        # Free each value after its last reader, as torch.fx.Interpreter does: folded
        # activations would otherwise all stay alive until the end of the forward.
        index = {n: i for i, n in enumerate(self.nodes)}
        last: dict[torch.fx.Node, int] = {}
        for n in self.nodes:
            for inp in n.all_input_nodes:
                last[inp] = max(last.get(inp, -1), index[n])
        self.release: dict[int, list[torch.fx.Node]] = {}
        for n, i in last.items():
            self.release.setdefault(i, []).append(n)

    @property
    def shared_fraction(self) -> float:
        return self.trunk_ops / self.total_ops

    def run(self, args: tuple, kwargs: dict, replicate: Callable[[Any], Any],
            push: Callable[[], Any]) -> Any:
        """Interpret the graph: trunk nodes on the inputs, folded nodes on replicated values.

        ``replicate`` maps a trunk value to its folded version; ``push`` is a context manager
        that puts the model on the module stack (for dropout calls the root itself makes).
        """
        bound = inspect.signature(self.model.forward).bind(*args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
        env: dict[torch.fx.Node, Any] = {}
        wide: dict[torch.fx.Node, Any] = {}

        def load(node: Any, fold: bool) -> Any:
            if not isinstance(node, torch.fx.Node):
                return node
            if not fold or node in self.folded:
                return env[node]
            if node not in wide:
                wide[node] = replicate(env[node])
            return wide[node]

        with push():
            for i, node in enumerate(self.nodes):
                for done in self.release.get(i - 1, ()):
                    env.pop(done, None)
                    wide.pop(done, None)
                fold = node in self.folded
                if node.op == "placeholder":
                    env[node] = values[node.target]
                    continue
                if node.op == "output":
                    return torch.fx.node.map_arg(node.args[0], lambda n: load(n, True))
                a = torch.fx.node.map_arg(node.args, lambda n, f=fold: load(n, f))
                k = torch.fx.node.map_arg(node.kwargs, lambda n, f=fold: load(n, f))
                if node.op == "get_attr":
                    env[node] = _attr(self.model, node.target)
                elif node.op == "call_module":
                    env[node] = self.model.get_submodule(node.target)(*a, **k)
                elif node.op == "call_method":
                    env[node] = getattr(a[0], node.target)(*a[1:], **k)
                else:
                    env[node] = node.target(*a, **k)
        raise RuntimeError("graph without output")  # pragma: no cover


def _attr(model: nn.Module, target: str) -> Any:
    obj: Any = model
    for part in target.split("."):
        obj = getattr(obj, part)
    return obj


def build(model: nn.Module, callers: set[int], selected: set[int]) -> GraphSplit | None:
    """The split graph, or None when fx cannot trace the model or the split cannot help.

    ``callers``: ids of the modules that make dropout calls (kept as leaves);
    ``selected``: ids of those whose calls are switched on.
    """
    if any(m._forward_hooks or m._forward_pre_hooks or getattr(m, "_forward_hooks_with_kwargs",
                                                               None)
           for m in model.modules()):
        return None
    try:
        params = list(inspect.signature(model.forward).parameters.values())
    except (TypeError, ValueError):
        return None
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        return None
    leaves = {i for i in callers if i != id(model)}

    class Tracer(torch.fx.Tracer):
        def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
            return id(m) in leaves or super().is_leaf_module(m, qualname)

    was = model.training
    try:
        graph = Tracer().trace(model)
    except Exception:  # noqa: BLE001 - fx raises many exception types
        return None
    finally:
        model.train(was)
    from .activate import _ops

    table = _ops()
    root_selected = id(model) in selected
    seeds = set()
    for node in graph.nodes:
        if node.op == "call_module":
            try:
                mod = model.get_submodule(node.target)
            except AttributeError:
                return None
            if id(mod) in selected:
                seeds.add(node)
        elif node.op == "call_function" and root_selected:
            try:
                hit = node.target in table
            except TypeError:
                hit = False
            if hit:
                seeds.add(node)
    if not seeds:
        return None
    folded: set[torch.fx.Node] = set()
    for node in graph.nodes:  # topological order: a node is folded if an input is
        if node in seeds or any(i in folded for i in node.all_input_nodes):
            folded.add(node)
    return GraphSplit(model, graph, folded, [p.name for p in params])
