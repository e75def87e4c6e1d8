"""The fx front-end: trace the model in train and in eval mode and read the dropout sites.

``self.training`` becomes a constant in each symbolic trace (pytorch/pytorch#68190), so a
functional dropout whose ``training`` is True in the *eval* trace stays on after
``.eval()``, and one that is False in the *train* trace never drops.  Dropout-family modules
are kept as leaves, so their ``.training`` after ``model.eval()`` is read directly (which
catches overridden ``train()`` methods).  Needs no example inputs.
"""

from __future__ import annotations

import operator
import sys
from typing import Any

from ..sites import ATTENTION, MODULE, RANDOM, RNN, Inventory, Site
from . import catalog
from .construction import construction_line
from .frames import display_path, live_user_frame, user_frame

FRONTEND = "fx"

# Ops that neither compute nor change the meaning of a tensor: neighbours are read through them.
_TRANSPARENT_FUNCS = {"getitem", "flatten", "reshape", "view", "contiguous", "squeeze",
                      "unsqueeze", "permute", "transpose", "clone", "to", "type_as"}


class TraceError(Exception):
    """The model could not be traced; the message is one line saying why."""


def _make_tracer():
    import torch.fx

    autowrap: tuple = ()
    leaf_types: tuple = ()
    timm_fx = sys.modules.get("timm.layers._fx")
    if timm_fx is not None:  # timm's own untraceable layers and functions
        autowrap = tuple(getattr(timm_fx, "_autowrap_functions", ()))
        leaf_types = tuple(getattr(timm_fx, "_leaf_modules", ()))

    class SiteTracer(torch.fx.Tracer):
        def __init__(self) -> None:
            super().__init__(autowrap_functions=autowrap)
            # Full stack traces on every node cost more than the trace itself; only the
            # nodes that become sites need the user's line (see create_node).
            self.record_stack_traces = False
            self._functions = catalog.dropout_functions()
            self._random = catalog.random_functions()

        _orphan: str | None = None

        def call_module(self, m: Any, forward: Any, args: Any, kwargs: Any) -> Any:
            # A module built inside forward is no submodule: fx would refuse it. Trace
            # through it and remember that its ops came from such an orphan.
            try:
                self.path_of_module(m)
            except NameError:
                outer, self._orphan = self._orphan, type(m).__name__
                try:
                    return forward(*args, **kwargs)
                finally:
                    self._orphan = outer
            return super().call_module(m, forward, args, kwargs)

        def create_node(self, kind: str, target: Any, *args: Any, **kwargs: Any) -> Any:
            node = super().create_node(kind, target, *args, **kwargs)
            if self._orphan is not None:
                node.meta["ds_orphan"] = self._orphan
            if (
                kind == "call_module"
                or (kind == "call_function" and (target in self._functions
                                                 or target in self._random))
                or (kind == "call_method" and target in catalog.RANDOM_METHOD_NAMES)
            ):
                node.meta["ds_frame"] = live_user_frame()
            return node

        def is_leaf_module(self, m: Any, qualname: str) -> bool:
            if catalog.module_kind(m) is not None:
                return True
            if leaf_types and isinstance(m, leaf_types):
                return True
            return super().is_leaf_module(m, qualname)

    return SiteTracer()


def trace(model: Any, mode: str) -> Any:
    """An fx Graph of ``model`` traced in ``mode`` ("train" or "eval")."""
    from ..modes import keep_modes

    with keep_modes(model):  # each module's own flag back: a frozen BatchNorm stays frozen
        model.train(mode == "train")
        try:
            tracer = _make_tracer()
            return tracer.trace(model)
        except Exception as exc:  # noqa: BLE001 - fx raises many exception types
            raise TraceError(_one_line(exc)) from exc


# torch.fx's internal words for failures users meet, and what they mean for the user's code.
_PLAIN = (
    ("co_varnames is too small",
     "torch.fx cannot trace this forward's signature (a forward wrapped by a decorator and "
     "taking *args or **kwargs)"),
    ("Proxy object cannot be iterated",
     "torch.fx cannot trace a forward that unpacks or loops over an input"),
    ("symbolically traced variables cannot be used as inputs to control flow",
     "torch.fx cannot trace a forward that branches on its input's values"),
)


def _one_line(exc: BaseException, limit: int = 160) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    for internal, plain in _PLAIN:
        if internal in first:
            return plain
    if len(first) > limit:  # fx explains at length; the first sentence says what failed
        cut = first.find(". ")
        first = first[: cut + 1] if 0 < cut < limit else first[: limit - 3] + "..."
    return f"{type(exc).__name__}: {first}".strip()


def inventory(model: Any) -> Inventory:
    """Sites seen by fx in both modes. Raises TraceError when a mode cannot be traced."""
    from ..modes import keep_modes

    per_mode: dict[str, dict[tuple, Site]] = {}
    for mode in ("train", "eval"):
        graph = trace(model, mode)
        with keep_modes(model):
            model.train(mode == "train")
            per_mode[mode] = read_graph(graph, model, mode)
    return Inventory(sites=merge_modes(per_mode["train"], per_mode["eval"]), frontends=[FRONTEND])


def merge_modes(train: dict[tuple, Site], evals: dict[tuple, Site]) -> list[Site]:
    """One site per key: active in a mode only if seen (and active) in that mode's trace."""
    merged: list[Site] = []
    for key in list(train) + [k for k in evals if k not in train]:
        t, e = train.get(key), evals.get(key)
        base = t or e
        assert base is not None
        # Absent from the eval trace: off at eval (eval control flow is what ships). Absent
        # from the train trace only: unknown, since a random draw at trace time (LayerDrop's
        # `torch.rand([]) < p`) can leave a layer out of that one trace.
        site = base.evolve(active_train=_mode_active(t) if t is not None else None,
                           active_eval=_mode_active(e))
        if t is not None and e is not None:
            # A consumer that exists in one mode only (eval-time rescaling) still counts.
            site.consumers = tuple(sorted(set(t.consumers) | set(e.consumers)))
            if t.p is None and e.p is not None:
                site.p = e.p
        if site.kind == RANDOM:
            site.reaches_output = bool(
                (e and e.reaches_output) or (t and t.reaches_output and not e)
            )
        site.extra.pop("active", None)
        merged.append(site)
    return merged


def _mode_active(site: Site | None) -> bool | None:
    """Absent from a mode's trace: off in that mode. Present: its flag, None if unknown."""
    if site is None:
        return False
    active = site.extra.get("active")
    return None if active is None else bool(active)


def read_graph(graph: Any, model: Any, mode: str) -> dict[tuple, Site]:
    """Sites of one traced graph, keyed so that the two modes line up."""
    modules = dict(model.named_modules())
    reach = _reaches_output(graph)
    found: dict[tuple, Site] = {}
    for node in graph.nodes:
        site = _site_of(node, modules, model)
        if site is None:
            continue
        if site.kind == RANDOM:
            site.reaches_output = node in reach
            site.extra["active"] = node in reach
        site.producers = tuple(_neighbour_names(n, modules, "in") for n in _inputs(node))
        site.consumers = tuple(_consumer_names(node, modules))
        key = (site.kind, site.op, site.module, site.extra.get("call_path"),
               site.extra.get("call_line"))
        if key in found:  # the same line traced twice (a loop): one site
            continue
        found[key] = site
    return found


def _site_of(node: Any, modules: dict[str, Any], root: Any) -> Site | None:
    frame = node.meta.get("ds_frame") or user_frame(node.stack_trace)
    call_path, call_line = (display_path(frame[0]), frame[1]) if frame else (None, None)
    stack = node.meta.get("nn_module_stack") or {}
    owner = next(reversed(stack), "") if stack else ""
    if node.op == "call_module":
        mod = modules.get(node.target)
        kind = catalog.module_kind(mod) if mod is not None else None
        if kind is None:
            return None
        built = construction_line(root, node.target)
        return _module_site(mod, node.target, kind, call_path, call_line, built)
    if node.op == "call_function":
        spec = catalog.dropout_functions().get(node.target)
        if spec is not None:
            p, training = catalog.bind_call(node.target, spec, node.args, node.kwargs)
            p_val = _number(p)
            if spec.training_name is None:
                active = None if p_val is None else p_val > 0
                flag = None
            else:
                t = training if isinstance(training, bool) else None
                active = None if t is None or p_val is None else (t and p_val > 0)
                if t is None and isinstance(training, bool) is False and p_val == 0:
                    active = False
                flag = None
            if spec.kind == ATTENTION and p_val == 0:
                return None  # attention with no dropout is not a dropout site
            orphan = node.meta.get("ds_orphan")
            if orphan:
                return Site(
                    kind=MODULE, op=orphan, p=p_val, module=owner, module_type=orphan,
                    path=call_path, line=call_line, frontend=FRONTEND,
                    in_forward_construction=True,
                    extra={"active": active, "call_path": call_path, "call_line": call_line},
                )
            return Site(
                kind=spec.kind, op=spec.op, p=p_val, flag=flag, module=owner,
                path=call_path, line=call_line, frontend=FRONTEND,
                extra={"active": active, "call_path": call_path, "call_line": call_line,
                       "dynamic_p": p_val is None},
            )
        rnd = catalog.random_functions().get(node.target)
        if rnd is not None:
            return _random_site(f"torch.{rnd}", owner, call_path, call_line)
    if node.op == "call_method" and node.target in catalog.RANDOM_METHOD_NAMES:
        return _random_site(f"Tensor.{node.target}", owner, call_path, call_line)
    return None


def _random_site(op: str, owner: str, path: str | None, line: int | None) -> Site:
    return Site(kind=RANDOM, op=op, module=owner, path=path, line=line, frontend=FRONTEND,
                extra={"call_path": path, "call_line": line})


def _module_site(mod: Any, name: str, kind: str, call_path, call_line, built) -> Site:
    construct_path = display_path(built[0]) if built else None
    construct_line = built[1] if built else None
    p = catalog.module_rate(mod)
    extra: dict[str, Any] = {"active": catalog.module_active(mod), "call_path": call_path,
                             "call_line": call_line}
    if kind == RNN:
        extra["num_layers"] = mod.num_layers
        if not p:
            return None  # an RNN without dropout is not a dropout site
    if kind == ATTENTION and not p:
        return None
    return Site(
        kind=kind, op=type(mod).__name__, p=p, module=name, module_type=type(mod).__name__,
        path=construct_path or call_path, line=construct_line or call_line,
        construct_path=construct_path, construct_line=construct_line,
        frontend=FRONTEND, extra=extra,
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    return None


def _inputs(node: Any) -> list[Any]:
    return [a for a in node.all_input_nodes]


def _name(node: Any, modules: dict[str, Any]) -> str:
    if node.op == "call_module":
        mod = modules.get(node.target)
        return type(mod).__name__ if mod is not None else str(node.target)
    if node.op == "call_function":
        target = node.target
        name = getattr(target, "__name__", str(target))
        if target in (operator.mul, operator.imul) or name == "mul":
            const = [a for a in node.args if _number(a) is not None]
            if const:
                return f"mul:{float(const[0])!r}"
        spec = catalog.dropout_functions().get(target)
        return spec.op if spec else name
    if node.op == "call_method":
        if node.target == "mul":
            const = [a for a in node.args[1:] if _number(a) is not None]
            if const:
                return f"mul:{float(const[0])!r}"
        return str(node.target)
    if node.op == "output":
        return "output"
    if node.op == "placeholder":
        return "input"
    return str(node.op)


def _transparent(node: Any, modules: dict[str, Any]) -> bool:
    if node.op == "call_module":
        return type(modules.get(node.target)).__name__ in ("Identity", "Flatten")
    if node.op in ("call_function", "call_method"):
        target = node.target if node.op == "call_method" else getattr(node.target, "__name__", "")
        return target in _TRANSPARENT_FUNCS
    return False


def _neighbour_names(node: Any, modules: dict[str, Any], direction: str) -> str:
    seen = 0
    while _transparent(node, modules) and seen < 8:
        inputs = _inputs(node)
        if len(inputs) != 1:
            break
        node, seen = inputs[0], seen + 1
    return _name(node, modules)


def _consumer_names(node: Any, modules: dict[str, Any]) -> list[str]:
    names: list[str] = []
    frontier, depth = list(node.users), 0
    while frontier and depth < 8:
        nxt = []
        for user in frontier:
            if _transparent(user, modules):
                nxt.extend(user.users)
            else:
                names.append(_name(user, modules))
        frontier, depth = nxt, depth + 1
    return sorted(set(names))


def _reaches_output(graph: Any) -> set:
    """Nodes from which the output is reachable (backwards from the output node)."""
    seen: set = set()
    stack = [n for n in graph.nodes if n.op == "output"]
    while stack:
        n = stack.pop()
        for a in n.all_input_nodes:
            if a not in seen:
                seen.add(a)
                stack.append(a)
    return seen
