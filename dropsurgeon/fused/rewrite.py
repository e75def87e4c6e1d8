"""Replace matched nodes by one fused call: the graph surgery shared by both paths.

The fused call is inserted before the first node that reads any value the match replaces (the
norm, the residual add's other readers in a pre-norm block), so every reader still comes after
what it reads; its inputs must already be defined there.  A parameter read (``get_attr``) that
fx placed later is read again at the insertion point; any other input defined too late makes the
match be skipped, never a graph with a use before its definition.

``emit(graph, match, args)`` creates the call node (a ``call_function`` on dynamo graphs, a
``call_module`` of a :class:`~.site_module.FusedSite` on the fx path); it returns one tensor, or
the pair ``(out, residual)`` when ``match.return_residual``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from .patterns import Match, ParamRef, _is_node


def apply(graph: Any, matches: list[Match], emit: Callable[[Any, Match, dict[str, Any]], Any],
          modules: dict[str, Any] | None = None,
          describe: Callable[[Match], Any] = lambda m: None,
          ) -> tuple[list[tuple[Match, Any]], list[tuple[Match, str]]]:
    """Rewrite ``graph`` in place: ([(match, describe(match))], [(match, why not)]).

    ``modules`` resolves ``call_module`` targets (to see an ``inplace=True`` module);
    ``describe`` runs on each match just before its nodes are replaced (the report reads their
    sizes and locations).  A site whose norm cannot move is fused without it.
    """
    applied: list[tuple[Match, Any]] = []
    refused: list[tuple[Match, str]] = []
    replaced: dict[Any, Any] = {}  # a node an earlier match replaced -> the value now in its place
    mods = modules or {}
    for match in matches:
        why, info = _apply_one(graph, match, emit, replaced, mods, describe)
        if why is not None and match.norm is not None and match.dropout is not None:
            short = match.without_norm()  # the norm was the part that could not move
            short_why, info = _apply_one(graph, short, emit, replaced, mods, describe)
            if short_why is None:
                refused.append((match, why + "; fused without the norm"))
                applied.append((short, info))
                continue
        if why is None:
            applied.append((match, info))
        else:
            refused.append((match, why))
    graph.lint()
    return applied, refused


def _resolve(value: Any, replaced: dict[Any, Any]) -> Any:
    while _is_node(value) and value in replaced:
        value = replaced[value]
    return value


def _apply_one(graph: Any, match: Match, emit: Callable, replaced: dict[Any, Any],
               modules: dict[str, Any], describe: Callable[[Match], Any]
               ) -> tuple[str | None, Any]:
    order = {n: i for i, n in enumerate(graph.nodes)}
    inside = set(match.nodes)
    readers = [u for n in match.nodes for u in n.users if u not in inside]
    anchor = min(readers + [match.out], key=lambda n: order[n])
    first = min(order[n] for n in match.nodes)
    between = [n for n in graph.nodes if first < order[n] < order[anchor] and n not in inside]
    if any(_mutates(n, modules) for n in between):
        # The fused op reads its inputs at the anchor: an in-place write in between would be
        # seen by it and not by the ops it replaces.
        return "a tensor is modified in place between the replaced ops", None
    inputs = {
        "x": match.x, "bias": match.bias, "residual": match.residual,
        "weight": match.norm.weight if match.norm else None,
        "norm_bias": match.norm.bias if match.norm else None,
        "linear_weight": match.linear_weight,
        "p": match.p_node,
    }
    inputs = {key: _resolve(value, replaced) for key, value in inputs.items()}
    for key, value in inputs.items():
        if _is_node(value) and order.get(value, -1) >= order[anchor] and value.op != "get_attr":
            return f"its {key} is computed after the point the fused op must run", None
    info = describe(match)  # before any node of the match changes
    args: dict[str, Any] = {}
    with graph.inserting_before(anchor):
        for key, value in inputs.items():
            if isinstance(value, ParamRef):
                value = graph.get_attr(value.target)
            elif _is_node(value) and order.get(value, -1) >= order[anchor]:
                value = graph.get_attr(value.target)  # a parameter fx read later: read it here
            args[key] = value
        if match.linear is not None:  # the Linear keeps its matmul; its bias moves into the op
            lin = match.linear
            if lin.op == "call_module":
                import torch.nn.functional as F

                args["x"] = graph.call_function(F.linear, (args["x"], args["linear_weight"]))
            else:
                args["x"] = graph.call_function(lin.target, (args["x"], args["linear_weight"]))
        call = emit(graph, match, args)
        call.meta.update({k: v for k, v in match.out.meta.items()
                          if k in ("stack_trace", "nn_module_stack", "source_fn_stack")})
        if match.return_residual:
            out = graph.call_function(operator.getitem, (call, 0))
            res = graph.call_function(operator.getitem, (call, 1))
        else:
            out, res = call, None
    _copy_value_meta(match.out, out)
    match.out.replace_all_uses_with(out)
    replaced[match.out] = out
    if res is not None:
        _copy_value_meta(match.add, res)
        for user in list(match.add.users):
            if user not in inside:
                user.replace_input_with(match.add, res)
        replaced[match.add] = res
    elif match.add is not None and match.add is not match.out:
        # Only metadata readers (``s.shape``) are left: the output has the sum's shape/dtype.
        for user in list(match.add.users):
            if user not in inside:
                user.replace_input_with(match.add, out)
    for node in reversed(match.nodes):
        if node is match.out:
            continue
        for user in list(node.users):  # only nodes of the match can still read it
            if user not in inside:
                raise AssertionError(f"{node.name} still read by {user.name}")
    for node in sorted(inside, key=lambda n: -order[n]):
        graph.erase_node(node)
    return None, info


_INPLACE_FUNCS = {operator.iadd, operator.isub, operator.imul, operator.itruediv,
                  operator.setitem}


def _mutates(node: Any, modules: dict[str, Any]) -> bool:
    if node.op == "call_method":
        return node.target.endswith("_") and not node.target.endswith("__")
    if node.op == "call_function":
        name = getattr(node.target, "__name__", "")
        return (node.target in _INPLACE_FUNCS or node.kwargs.get("inplace") is True
                or (name.endswith("_") and not name.endswith("__")))
    if node.op == "call_module":
        return bool(getattr(modules.get(node.target), "inplace", False))
    return False


def _copy_value_meta(src: Any, dst: Any) -> None:
    for key in ("example_value", "val", "tensor_meta"):
        if key in src.meta:
            dst.meta[key] = src.meta[key]
