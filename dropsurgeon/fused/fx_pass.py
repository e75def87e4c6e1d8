"""``dropsurgeon.fuse(model)``: the fx path, for models ``torch.fx`` can trace.

The model is traced like the fx front-end does it (dropout-family modules as leaves, timm's
untraceable layers as leaves), once in train and once in eval mode.  ``self.training`` is a
constant in each trace, so the two traces are compared: where they differ only in the
``training`` flag of functional dropout calls, each such flag becomes the owning module's
``.training`` read at run time (as surgery does); where they differ anywhere else (an
``if self.training:`` around other code) one graph cannot serve both modes, and ``fuse``
refuses with a one-line error that points to the ``torch.compile`` backend, which captures each
mode on its own.

Each fused site becomes a :class:`~.site_module.FusedSite` child (``ds_fused_<n>``) that reads
its dropout module's ``.p`` and ``.training`` on every call, so the fused model follows
``.train()``/``.eval()`` and later rate changes.  The result is a
:class:`~dropsurgeon.surgery.graphmodule.RewrittenModule`: same class name, same children,
parameters, buffers and ``state_dict`` keys (shared with ``model``, like any fx rewrite).
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings
from typing import Any

from ..errors import DropsurgeonError
from .patterns import GraphView, Match, Training, find_matches
from .report import FuseReport, device_note, entry
from .rewrite import apply


class FuseError(DropsurgeonError):
    """The model cannot be fused on the fx path (the message says why, in one line)."""


class NothingToFuseWarning(UserWarning):
    """``fuse`` found no site to fuse and returned the model unchanged."""


def _trace(model: Any, mode: str) -> Any:
    from ..capture.graph import TraceError, _make_tracer
    from .site_module import FusedSite, ModeValue

    was = model.training
    model.train(mode == "train")
    try:
        tracer = _make_tracer()
        tracer.record_stack_traces = True  # the report names each site's line
        base_leaf = tracer.is_leaf_module

        def is_leaf(m: Any, qualname: str) -> bool:  # a fused model fuses again as it is
            return isinstance(m, (FusedSite, ModeValue)) or base_leaf(m, qualname)

        tracer.is_leaf_module = is_leaf
        return tracer.trace(model)
    except TraceError as exc:  # pragma: no cover - _make_tracer raises fx's own errors
        raise FuseError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - fx raises many exception types
        raise FuseError(f"torch.fx cannot trace {type(model).__name__} ({_one_line(exc)}); "
                        "use torch.compile(model, backend=dropsurgeon.fused_backend())"
                        ) from exc
    finally:
        model.train(was)


_SCALARS = (bool, int, float, type(None))


def _compare(a: Any, b: Any, path: tuple, diffs: list) -> bool:
    """Whether ``a`` (train) and ``b`` (eval) agree up to scalar constants (collected)."""
    a_node, b_node = hasattr(a, "op") and hasattr(a, "users"), hasattr(b, "op") and \
        hasattr(b, "users")
    if a_node or b_node:
        return a_node and b_node and a.name == b.name
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(_compare(x, y, path + (i,), diffs) for i, (x, y)
                        in enumerate(zip(a, b, strict=True))))
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(_compare(a[k], b[k], path + (k,), diffs) for k in a))
    if type(a) is type(b) and a == b:
        return True
    if isinstance(a, _SCALARS) and isinstance(b, _SCALARS):
        diffs.append(path)
        return True
    return False


def _align(train: Any, evals: Any) -> tuple[dict[Any, Any], list[tuple[Any, tuple, Any, Any]]]:
    """(train node -> eval node, [(node, arg path, train value, eval value)]).

    The traces must have the same nodes; scalar arguments may differ (they were
    ``self.training`` or ``x if self.training else y``).  Anything else raises FuseError.
    """
    tn, en = list(train.nodes), list(evals.nodes)
    diffs: list[tuple[Any, tuple, Any, Any]] = []
    first = None
    if len(tn) != len(en):
        first = next((a for a, b in zip(tn, en, strict=False)
                      if (a.op, a.target) != (b.op, b.target)), tn[min(len(tn), len(en)) - 1])
    else:
        for a, b in zip(tn, en, strict=True):
            paths: list = []
            if (a.op, a.target) != (b.op, b.target) or a.name != b.name or not _compare(
                    (a.args, a.kwargs), (b.args, b.kwargs), (), paths):
                first = a
                break
            diffs.extend((a, path, _at((a.args, a.kwargs), path), _at((b.args, b.kwargs), path))
                         for path in paths)
    if first is not None:
        raise FuseError(
            f"the train and eval traces differ beyond constants (first at node {first.name}), "
            "so one fused graph cannot serve both modes; use torch.compile(model, "
            "backend=dropsurgeon.fused_backend()), which captures each mode on its own")
    return dict(zip(tn, en, strict=True)), diffs


def _at(value: Any, path: tuple) -> Any:
    for key in path:
        value = value[key]
    return value


def _replaced_at(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    key, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, key: _replaced_at(value[key], rest, new)}
    items = list(value)
    items[key] = _replaced_at(items[key], rest, new)
    return type(value)(items) if isinstance(value, tuple) else items


def _owner(node: Any) -> str:
    stack = node.meta.get("nn_module_stack") or {}
    return next(reversed(stack)) if stack else ""


def _make_training_of(pairs: dict[Any, Any], view: GraphView) -> Any:
    def training_of(node: Any, info: dict) -> Training | str:
        if info["module"] is not None:
            return Training(module=info["module"])
        t = info["training"]
        e = view.dropout(pairs[node])["training"]
        if not isinstance(t, bool) or not isinstance(e, bool):
            return "its training flag is computed at run time"
        if t and not e:
            return Training(module=_owner(node))
        if t == e:
            return Training(value=t)
        return "it drops in eval mode but not in train mode"

    return training_of


def _shape_prop(model: Any, graph: Any, example_inputs: Any) -> None:
    import torch
    import torch.fx
    from torch.fx.passes.shape_prop import ShapeProp

    inputs = example_inputs if isinstance(example_inputs, (tuple, list)) else (example_inputs,)
    was = model.training
    model.eval()  # no running-stat updates; shapes and dtypes do not depend on the mode
    try:
        with torch.no_grad(), torch.random.fork_rng(devices=[]):
            run_model(model, tuple(inputs), {}, "dropsurgeon.fuse",
                      "run once in eval mode to read the shapes of the fused tensors")
            try:
                # ShapeProp prints a traceback of its own before it raises: keep stderr clean.
                with contextlib.redirect_stderr(io.StringIO()):
                    ShapeProp(torch.fx.GraphModule(model, graph)).propagate(*inputs)
            except Exception as exc:  # noqa: BLE001 - the model ran; its fx graph did not
                cause = exc.__cause__ or exc
                raise FuseError(
                    f"the fx graph of {type(model).__name__} does not run on the example "
                    f"inputs ({type(cause).__name__}: {_one_line(cause)}); use the torch.compile "
                    "path (--frontend compile, dropsurgeon.fused_backend())") from exc
    finally:
        model.train(was)


def run_model(model: Any, args: tuple, kwargs: dict, who: str, what: str) -> Any:
    """``model(*args, **kwargs)``; the model's own exception propagates as itself, with a note
    saying what ``who`` was doing (a caller's ``except OutOfMemoryError`` still matches)."""
    try:
        return model(*args, **kwargs)
    except Exception as exc:
        exc.add_note(f"{who}: raised by the model's forward, {what}")
        raise


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else ""


def fuse_with_report(model: Any, example_inputs: Any = None, *, add_norm: bool = False,
                     split_linear_bias: bool = False) -> tuple[Any, FuseReport]:
    """(fused model, report); the model itself when nothing was fused.

    Every module of ``model`` keeps its own ``training`` flag, also when fusing fails: the
    traces switch modes, and the fused model shares ``model``'s submodules."""
    from ..modes import keep_modes

    with keep_modes(model):
        return _fuse_with_report(model, example_inputs, add_norm, split_linear_bias)


def _fuse_with_report(model: Any, example_inputs: Any, add_norm: bool,
                      split_linear_bias: bool) -> tuple[Any, FuseReport]:
    from ..surgery.graphmodule import make
    from .site_module import FusedSite

    train_graph = _trace(model, "train")
    eval_graph = _trace(model, "eval")
    modules = dict(model.named_modules())
    view = GraphView(train_graph, modules, root=model)
    pairs, diffs = _align(train_graph, eval_graph)
    if example_inputs is not None:
        _shape_prop(model, train_graph, example_inputs)
    train_graph.owning_module = None  # the fused sites become children only at the end
    report = FuseReport(frontend="fx")
    matches, skipped = find_matches(view, _make_training_of(pairs, view), add_norm=add_norm,
                                    split_linear_bias=split_linear_bias)
    report.skipped.extend(skipped)
    sites: dict[str, Any] = {}
    root_sites: list[Any] = []

    def emit(graph: Any, match: Match, args: dict[str, Any]) -> Any:
        name = _fresh_name("ds_fused", modules, sites)
        rate_from = modules[match.p_module] if match.p_module else None
        mode_name = match.training.module
        mode_from = modules.get(mode_name) if mode_name and rate_from is None else None
        site = FusedSite(match.pattern, match.p, match.training.value, rate_from=rate_from,
                         mode_from=mode_from, eps=match.norm.eps if match.norm else None,
                         return_residual=match.return_residual,
                         describe=_describe(match))
        if mode_name == "" and rate_from is None:
            root_sites.append(site)  # follows the fused model itself, known once it exists
        sites[name] = site
        # create_node: the site is not a child of any module yet (call_module would check)
        return graph.create_node("call_module", name, (args["x"], args["bias"],
                                 args["residual"], args["weight"], args["norm_bias"]))

    applied, refused = apply(train_graph, matches, emit, modules,
                             describe=lambda m: entry(view, m))
    for match, why in refused:
        report.notes.append(f"{match.pattern} at {match.location() or match.out.name} "
                            f"not applied: {why}")
    report.entries.extend(info for _, info in applied)
    report.graphs = 1
    if not applied:
        report.notes.append(f"nothing to fuse in {type(model).__name__}: returned unchanged")
        return model, report
    modes = _follow_modes(train_graph, diffs, modules, root_sites, report)
    for node in list(train_graph.nodes):  # parameters only the replaced ops read
        if node.op == "get_attr" and not node.users:
            train_graph.erase_node(node)
    holder = copy.copy(model)  # a shallow stand-in, so that ``model`` gains no children
    holder._modules = dict(model._modules)
    holder._modules.update(sites)
    holder._modules.update(modes)
    fused = make(holder, train_graph)
    for site in root_sites:
        site.set_mode_source(fused)
    if (note := device_note(model)) is not None:
        report.notes.append(note)
    fused.fuse_report = report
    return fused, report


def _follow_modes(graph: Any, diffs: list, modules: dict[str, Any], root_sites: list,
                  report: FuseReport) -> dict[str, Any]:
    """Scalars that differ between the traces become :class:`ModeValue` reads (see there)."""
    from .site_module import ModeValue

    made: dict[str, Any] = {}
    for node, path, train_value, eval_value in diffs:
        if node.graph is not graph or getattr(node, "_erased", False):
            continue  # replaced by a fused site, which reads the mode itself
        owner = _owner(node)
        value = ModeValue(train_value, eval_value, modules.get(owner) if owner else None, owner)
        if not owner:
            root_sites.append(value)
        name = _fresh_name("ds_mode", modules, made)
        made[name] = value
        with graph.inserting_before(node):
            read = graph.create_node("call_module", name, ())
        args, kwargs = _replaced_at((node.args, node.kwargs), path, read)
        node.args, node.kwargs = args, kwargs
        report.notes.append(f"{node.name}: {train_value!r} in train, {eval_value!r} in eval: "
                            f"follows {owner or 'model'}.training")
    return made


def _fresh_name(prefix: str, modules: dict[str, Any], taken: dict[str, Any]) -> str:
    n = len(taken)
    while f"{prefix}_{n}" in modules or f"{prefix}_{n}" in taken:
        n += 1
    return f"{prefix}_{n}"


def _describe(match: Match) -> str:
    rate = f"p={match.p_module}.p" if match.p_module else f"p={match.p:g}"
    parts = [match.pattern, rate, f"training: {match.training.describe()}"]
    if match.norm is not None:
        parts.append(f"eps={match.norm.eps:g}")
    if match.return_residual:
        parts.append("returns residual")
    return ", ".join(parts)


def fuse(model: Any, example_inputs: Any = None, *, add_norm: bool = False,
         split_linear_bias: bool = False) -> Any:
    """Fuse ``(+bias) -> dropout -> +residual (-> LayerNorm | RMSNorm)`` in an fx-traceable model.

    Returns a new module (sharing parameters with ``model``) whose ``fuse_report`` lists what
    was fused; ``model`` itself, with a :class:`NothingToFuseWarning`, when nothing was.
    ``example_inputs`` (a tensor or tuple) give the report sizes in bytes and let dtypes be
    checked.  Models fx cannot trace raise :class:`FuseError`: use :func:`fused_backend`.
    """
    fused, report = fuse_with_report(model, example_inputs, add_norm=add_norm,
                                     split_linear_bias=split_linear_bias)
    if fused is model:
        reasons = "; ".join(f"{s.node}: {s.reason}" for s in report.skipped[:3])
        warnings.warn(f"dropsurgeon.fuse: nothing to fuse in {type(model).__name__}"
                      + (f" ({reasons})" if reasons else "") + "; returned unchanged",
                      NothingToFuseWarning, stacklevel=2)
    return fused
