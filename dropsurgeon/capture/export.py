"""The torch.export front-end: export (non-strict) in train and in eval mode.

Read before decomposition: after ``run_decompositions`` an eval-mode ``aten.dropout`` with
``train=False`` is gone, and with it the evidence.  Needs example inputs.
"""

from __future__ import annotations

from typing import Any

from ..sites import ATTENTION, FUNCTIONAL, MODULE, RANDOM, Inventory, Site
from .frames import display_path, user_frame
from .graph import TraceError, _one_line, _reaches_output, merge_modes

FRONTEND = "export"

# aten op name -> (kind, display op, p index, train index)
_DROPOUT_OPS = {
    "dropout": (FUNCTIONAL, "dropout", 1, 2),
    "native_dropout": (FUNCTIONAL, "dropout", 1, 2),
    "feature_dropout": (FUNCTIONAL, "feature_dropout", 1, 2),
    "alpha_dropout": (FUNCTIONAL, "alpha_dropout", 1, 2),
    "feature_alpha_dropout": (FUNCTIONAL, "feature_alpha_dropout", 1, 2),
    "scaled_dot_product_attention": (ATTENTION, "scaled_dot_product_attention", 4, None),
}
_RANDOM_OPS = {"rand", "rand_like", "randn", "randn_like", "randint", "randint_like",
               "bernoulli", "bernoulli_", "multinomial", "normal", "normal_", "uniform_",
               "poisson", "randperm", "exponential_", "random_"}
_MODULE_OP_NAMES = {"Dropout": "dropout", "Dropout1d": "dropout1d", "Dropout2d": "dropout2d",
                    "Dropout3d": "dropout3d", "AlphaDropout": "alpha_dropout",
                    "FeatureAlphaDropout": "feature_alpha_dropout"}


def _op_name(target: Any) -> str:
    name = getattr(target, "__name__", str(target))  # "dropout.default"
    return name.split(".")[0]


def export_graph(model: Any, args: tuple, kwargs: dict, mode: str) -> Any:
    import torch

    from ..modes import keep_modes

    with keep_modes(model):  # each module's own flag back, not the root's copied down
        model.train(mode == "train")
        try:
            return torch.export.export(model, args, kwargs or None, strict=False).graph
        except Exception as exc:  # noqa: BLE001 - export raises many exception types
            raise TraceError(_one_line(exc)) from exc


def inventory(model: Any, args: tuple, kwargs: dict | None = None) -> Inventory:
    """Sites seen in the exported train and eval graphs. Raises TraceError on failure."""
    modules = dict(model.named_modules())
    per_mode = {}
    for mode in ("train", "eval"):
        graph = export_graph(model, args, kwargs or {}, mode)
        per_mode[mode] = read_graph(graph, modules, model)
    return Inventory(sites=merge_modes(per_mode["train"], per_mode["eval"]), frontends=[FRONTEND])


def read_graph(graph: Any, modules: dict[str, Any], root: Any) -> dict[tuple, Site]:
    reach = _reaches_output(graph)
    found: dict[tuple, Site] = {}
    for node in graph.nodes:
        if node.op != "call_function":
            continue
        name = _op_name(node.target)
        stack = node.meta.get("nn_module_stack") or {}
        owner_path, owner_cls = _innermost(stack)
        frame = user_frame(node.meta.get("stack_trace"))
        path, line = (display_path(frame[0]), frame[1]) if frame else (None, None)
        site = None
        if name in _DROPOUT_OPS:
            kind, op, p_idx, t_idx = _DROPOUT_OPS[name]
            p = node.args[p_idx] if len(node.args) > p_idx else node.kwargs.get("dropout_p", 0.0)
            p = float(p) if isinstance(p, (int, float)) else None
            train = node.args[t_idx] if t_idx is not None and len(node.args) > t_idx else None
            if kind == ATTENTION:
                if p == 0:
                    continue
                active = None if p is None else p > 0
            else:
                active = bool(train) and (p is None or p > 0) if isinstance(train, bool) else None
            mod = modules.get(owner_path)
            if kind == FUNCTIONAL and owner_cls in _MODULE_OP_NAMES and mod is not None:
                from .construction import construction_line

                built = construction_line(root, owner_path)
                site = Site(kind=MODULE, op=owner_cls, p=p, module=owner_path,
                            module_type=owner_cls,
                            path=display_path(built[0]) if built else path,
                            line=built[1] if built else line,
                            construct_path=display_path(built[0]) if built else None,
                            construct_line=built[1] if built else None, frontend=FRONTEND)
            else:
                site = Site(kind=kind, op=op, p=p, module=owner_path, path=path, line=line,
                            frontend=FRONTEND)
            site.extra = {"active": active, "call_path": path, "call_line": line}
        elif name in _RANDOM_OPS:
            site = Site(kind=RANDOM, op=f"torch.{name}", module=owner_path, path=path,
                        line=line, frontend=FRONTEND, reaches_output=node in reach,
                        extra={"active": node in reach, "call_path": path, "call_line": line})
        if site is None:
            continue
        site.producers = tuple(_neighbour(a) for a in node.all_input_nodes)
        site.consumers = tuple(sorted({_neighbour(u) for u in node.users}))
        key = (site.kind, site.op, site.module, path, line)
        found.setdefault(key, site)
    return found


def _innermost(stack: dict) -> tuple[str, str]:
    if not stack:
        return "", ""
    path, cls = list(stack.values())[-1]
    cls_name = cls if isinstance(cls, str) else getattr(cls, "__name__", str(cls))
    qualname = str(path).removeprefix("L['self'].").removeprefix("L__self__.")
    return qualname, cls_name.rsplit(".", 1)[-1]


def _neighbour(node: Any) -> str:
    if node.op == "output":
        return "output"
    if node.op == "placeholder":
        return "input"
    name = _op_name(node.target) if node.op == "call_function" else str(node.target)
    if name == "getitem" and node.all_input_nodes:
        return _neighbour(node.all_input_nodes[0])
    if name == "batch_norm" or name.startswith("_native_batch_norm"):
        return "batch_norm"
    if name == "mul":
        const = [a for a in node.args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        if const:
            return f"mul:{float(const[0])!r}"
    if name in _DROPOUT_OPS:
        return "dropout"
    return name
