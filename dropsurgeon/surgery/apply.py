"""Apply one operation to a model that surgery owns (a deep copy): the rewriting itself.

Two levels, chosen per target:

* **module level** (always possible): swap a dropout module, set its rate, wrap a module to
  insert dropout after/before it or to drop its weights (keeping state_dict keys, see
  :mod:`.wrappers`), set the ``dropout`` float of MHA/RNN modules;
* **graph level** (where the owning module's own forward traces, see :mod:`.view`): the
  owner becomes a ``GraphModule`` in which functional dropout calls are dropout *modules*
  (so they follow ``.eval()``, and can be re-rated, replaced or removed) and new modules sit
  on residual branches.  The owner's children, parameters, buffers and plain attributes are
  kept as they were, so state_dict keys do not change; the original owner is remembered for
  :func:`undo`.

Every module surgery puts in remembers what it replaced (``_ds_replaced``), so
:func:`undo` can restore the original structure, carrying over trained values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn as nn

from ..errors import DropsurgeonError
from . import graphmodule
from .select import NoMatchError, Target, expand_to_sites, select
from .variants import (
    AlwaysTraining,
    DropConnect,
    MCDropout,
    NoDropout,
    check_kind,
    check_p,
    describe,
    infer_kind,
    make,
    rate_of,
    set_rate_of,
)
from .view import FunctionalSite, ModelView, rate_readers, shape_rank_hooks, trace_owner
from .wrappers import InsertedDropout, KeyPreservingWrapper

OPS = ("insert", "replace", "remove", "set_rate")
SCHEDULES = ("constant", "linear")


@dataclass
class Change:
    """One thing an operation did (or, in a dry run, would do)."""

    target: str
    action: str  # insert | replace | remove | set_rate | normalise | unwrap
    before: str
    after: str
    via: str  # module | graph | attribute
    eval_changed: bool = False  # eval-mode outputs may legitimately differ
    rate: float | None = None  # the rate the target's handle holds afterwards (rate changes)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Operation:
    """One step of a plan, as data (what ``Plan.to_json`` writes)."""

    op: str
    where: list[str]
    exclude: list[str] = field(default_factory=list)
    kind: str | None = None
    p: float | None = None
    schedule: str = "constant"
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise DropsurgeonError(f"unknown operation {self.op!r} (expected {', '.join(OPS)})")
        if self.schedule not in SCHEDULES:
            raise DropsurgeonError(f"schedule must be 'constant' or 'linear', "
                                   f"not {self.schedule!r}")
        if self.kind is not None:
            check_kind(self.kind)
        if self.op in ("insert", "set_rate") and self.p is None:
            raise DropsurgeonError(f"{self.op} needs a rate p")
        if self.p is not None:
            check_p(self.p, self.kind or "dropout")
            if self.p == 1.0 and self.op in ("insert", "set_rate", "replace") and (
                    self.kind not in ("variational", "sparse_variational")):  # they say theirs
                # Every element dropped: the output and every gradient are zero in training.
                raise DropsurgeonError(f"{self.op} with p=1 drops every element (the train "
                                       "output and every gradient would be zero): use p < 1, "
                                       "or remove")
        if self.op == "replace" and self.kind is None:
            raise DropsurgeonError("replace needs a kind")
        unknown = set(self.options) - {"block_size", "temperature"}
        if unknown:
            raise DropsurgeonError(f"unknown option(s) {', '.join(sorted(unknown))} "
                                   "(expected block_size, temperature)")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"op": self.op, "where": list(self.where)}
        if self.exclude:
            d["exclude"] = list(self.exclude)
        for key in ("kind", "p"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.schedule != "constant":
            d["schedule"] = self.schedule
        if self.options:
            d["options"] = dict(self.options)
        return d


class Inputs:
    """Example inputs of a model: positional args and keyword args."""

    def __init__(self, args: Any = None, kwargs: dict | None = None) -> None:
        if args is not None and not isinstance(args, (tuple, list)):
            args = (args,)
        self.args = tuple(args) if args is not None else None
        self.kwargs = dict(kwargs or {})

    @property
    def given(self) -> bool:
        return self.args is not None or bool(self.kwargs)

    def call(self, model: nn.Module) -> Any:
        return model(*(self.args or ()), **self.kwargs)


def apply_operation(
    model: nn.Module, op: Operation, inputs: Inputs
) -> tuple[nn.Module, list[Change], list[str]]:
    """Apply ``op`` in place on ``model`` (a copy surgery owns); returns the (possibly new)
    root, what changed, and notes on what could not be reached."""
    view = ModelView(model, inputs)
    targets = select(view, op.where, op.exclude)
    notes: list[str] = []
    if op.op == "replace" and op.kind in ("variational", "sparse_variational"):
        from . import variational  # learned weight noise wraps layers, not dropout sites

        return variational.apply(model, view, targets, op)
    if op.op == "insert":
        # A rate is not a place: inserting acts on modules and branches (MHA/RNN are noted).
        targets = [t for t in targets if t.kind != "attribute" or t.name == t.owner]
        if not targets:
            raise NoMatchError(f"selector {', '.join(op.where)} names only rate attributes; "
                               "insert needs modules or residual branches")
    else:
        targets, scopes = expand_to_sites(view, targets, op.where, op.op)
        targets = one_path_per_rate(view, targets, op.op)
        notes += [note if note.startswith(site) else f"{site}: {note}"
                  for site, note in view.unreachable_in(scopes, op.exclude)]
    rates = _rates(op, targets, view)
    kinds = _kinds(op, targets, view, model, inputs)
    changes: list[Change] = []

    module_targets = [t for t in targets if t.kind == "module"]
    if op.op == "insert":
        module_targets = _callable_targets(model, view, module_targets, op, inputs, notes)
    graph_targets = [t for t in targets if t.kind in ("functional", "edge")]
    # Deepest first: wrapping a module renames what lies below it, never what lies above.
    for t in sorted(module_targets, key=lambda t: -len(view.entries[t.name].real.split("."))):
        model = _module_change(model, view, t, op, rates[t], kinds.get(t), changes, notes)
    for t in targets:
        if t.kind == "attribute":
            model = _attribute_change(model, view, t, op, rates[t], changes, notes)
    owners: dict[str, list[Target]] = {}
    for t in graph_targets:
        owners.setdefault(t.owner, []).append(t)
    for owner, owned in owners.items():
        model = _rewrite_owner(model, owner, owned, op, rates, kinds, changes, notes)
    return model, changes, notes


def _callable_targets(model: nn.Module, view: ModelView, targets: list[Target], op: Operation,
                      inputs: Inputs, notes: list[str]) -> list[Target]:
    """Inserting around a module only acts if the module is *called*.

    MultiheadAttention reads ``out_proj.weight`` instead of calling ``out_proj``: wrapping it
    would add a dropout that never runs, so it is skipped, and said.  With example inputs,
    a module that does not run in the forward is said too (it may run on other inputs).
    """
    kept = []
    for t in targets:
        parent = view.entries.get(t.name.rpartition(".")[0]) if t.name else None
        if parent is not None and isinstance(parent.module, nn.MultiheadAttention):
            notes.append(f"{t.describe()}: skipped: {type(parent.module).__name__} uses the "
                         "weights of this layer without calling it")
            continue
        kept.append(t)
    if inputs.given and kept and not _on_meta(model):
        ranks = _ranks(model, {t.name: view.entries[t.name].module for t in kept}, inputs)
        for t in kept:
            if t.name not in ranks:
                notes.append(f"{t.describe()}: did not run in the example forward; the dropout "
                             "inserted there acts only if it runs on other inputs")
    return kept


def _on_meta(model: nn.Module) -> bool:
    return any(t.is_meta for t in model.state_dict().values())


# --- choosing targets, rates and kinds ------------------------------------------------------

def one_path_per_rate(view: ModelView, targets: list[Target], op: str) -> list[Target]:
    """A functional call whose rate is an attribute (``F.dropout(x, self.p, ...)``) is reached
    two ways: through the attribute, and (where fx traces the forward) by rewriting the call.
    ``set_rate`` sets the attribute (the model keeps its own code); ``remove`` and ``replace``
    rewrite the call where they can, and fall back to the attribute otherwise."""
    index = view.rates()
    calls = {(s.owner, os.path.basename(s.path or ""), s.line): s.name
             for s in view.functional_sites() if s.line is not None}
    selected = {t.name for t in targets}

    def call_names(h: Any) -> set[str]:
        owner = h.site.rpartition(".")[0]
        out = set()
        for read in h.reads:
            path, _, line = read.rpartition(":")
            name = calls.get((owner, os.path.basename(path), int(line) if line.isdigit() else -1))
            if name is not None:
                out.add(name)
        return out

    attribute_calls: dict[str, set[str]] = {}
    for t in targets:
        h = index.handles.get(t.name)
        if t.kind == "attribute" and h is not None and h.kind == "attribute":
            attribute_calls[t.name] = call_names(h)
    if op == "set_rate":
        via_attribute = set().union(*attribute_calls.values()) if attribute_calls else set()
        return [t for t in targets if not (t.kind == "functional" and t.name in via_attribute)]
    # remove / replace: an attribute whose every read is a selected, rewritable call goes by fx
    return [t for t in targets if not (
        t.name in attribute_calls and attribute_calls[t.name]
        and len(attribute_calls[t.name]) == len(index.handles[t.name].reads)
        and attribute_calls[t.name] <= selected)]


def _rates(op: Operation, targets: list[Target], view: ModelView) -> dict[Target, float | None]:
    n = len(targets)
    rates: dict[Target, float | None] = {}
    for i, t in enumerate(targets):
        if op.p is None:
            rates[t] = None
        elif op.schedule == "linear":
            # Huang et al. 2016: rate grows linearly with depth, p_l = l / L * p.
            rates[t] = op.p * (i + 1) / n
        else:
            rates[t] = op.p
    return rates


def _kinds(op: Operation, targets: list[Target], view: ModelView, model: nn.Module,
           inputs: Inputs) -> dict[Target, str]:
    if op.kind is None:
        return {}
    if op.kind != "auto":
        return {t: op.kind for t in targets}
    modules = {t.name: view.entries[t.name].module for t in targets if t.kind == "module"}
    ranks = _ranks(model, modules, inputs) if modules else {}
    out = {}
    for t in targets:
        if t.kind == "module":
            rin, rout = ranks.get(t.name, (None, None))
            rank = rin if (t.position == "before" or op.op != "insert") else rout
            if rank is None:
                raise DropsurgeonError(f"kind='auto': {t.name} did not run in the example "
                                       "forward, so its tensor rank is unknown")
            out[t] = infer_kind("auto", rank, view.entries[t.name].module)
        else:
            out[t] = "auto"  # functional sites keep the flavour of their call
    return out


def _ranks(model: nn.Module, modules: dict[str, nn.Module], inputs: Inputs) -> dict:
    if not inputs.given:
        raise DropsurgeonError(
            "kind='auto' picks dropout/1d/2d/3d from the tensor rank: give example inputs"
        )
    handles, ranks = shape_rank_hooks(model, modules)
    flags = {m: m.training for m in model.modules()}
    try:
        model.eval()
        with torch.no_grad():
            inputs.call(model)
    except Exception as exc:
        # The model's own error, as itself (an OOM back-off loop must see its type).
        exc.add_note("dropsurgeon: raised by the model's eval forward on the example inputs, "
                     "run to find the rank of each dropout site (kind='auto')")
        raise
    finally:
        for h in handles:
            h.remove()
        for m, was in flags.items():
            m.training = was
    return ranks


# --- module level ---------------------------------------------------------------------------

def _set_child(root: nn.Module, real: str, new: nn.Module) -> nn.Module:
    """Put ``new`` at ``real``; returns the new root (``new`` itself when real is "")."""
    if not real:
        return new
    parent_name, _, child = real.rpartition(".")
    parent = root.get_submodule(parent_name) if parent_name else root
    parent._modules[child] = new
    return root


def _remember(new: nn.Module, old: nn.Module) -> nn.Module:
    # Not a registered child: no state_dict keys, but deepcopy/pickle carry it for undo().
    new.__dict__["_ds_replaced"] = old
    return new


def _module_change(model: nn.Module, view: ModelView, t: Target, op: Operation,
                   p: float | None, kind: str | None, changes: list[Change],
                   notes: list[str]) -> nn.Module:
    entry = view.entries[t.name]
    mod = entry.module
    if op.op == "insert":
        assert kind is not None and p is not None
        existing = view.dropconnect.get(t.name)
        if kind == "dropconnect" and existing is not None:
            # Weights are dropped once: a second dropconnect re-rates the first.
            before = describe(existing)
            existing.__dict__.setdefault("_ds_old_rate", existing.p)
            existing.p = p
            # the rate it holds now (a set_rate earlier in the plan no longer applies)
            changes.append(Change(t.name, "insert", before, describe(existing), "module",
                                  rate=p))
            return model
        if kind == "dropconnect":
            new: nn.Module = DropConnect(mod, p)
        else:
            # Around everything already wrapping this module (a DropConnect keeps its layer).
            real = view.outer.get(t.name, entry.real)
            outer = model.get_submodule(real) if real else model
            drop = make(kind, p, like=None, **op.options)
            new = InsertedDropout(outer, drop, "before" if t.position == "before" else "after")
            changes.append(Change(t.describe(), "insert", describe(mod), describe(new),
                                  "module", eval_changed=kind == "mc"))
            return _set_child(model, real, new)
        changes.append(Change(t.describe(), "insert", describe(mod), describe(new), "module"))
        return _set_child(model, entry.real, new)

    wrapper = view.dropconnect.get(t.name)
    if wrapper is not None:
        return _dropconnect_change(model, view, t, op, p, wrapper, changes, notes)
    before = describe(mod)
    was_eval_active = _active_in_eval(mod)
    if op.op == "set_rate":
        assert p is not None
        handle = view.rates().handles.get(t.name)
        mod.__dict__.setdefault("_ds_old_rate", rate_of(mod))
        if handle is not None:  # one place sets every kind of rate
            handle.set(model, p)
        else:
            set_rate_of(mod, p)
        changes.append(Change(t.name, "set_rate", before, describe(mod), "module",
                              eval_changed=was_eval_active, rate=p))
        return model
    parent_real, _, child = entry.real.rpartition(".")
    parent = model.get_submodule(parent_real) if parent_real else None
    if op.op == "remove":
        if isinstance(parent, InsertedDropout) and child == parent.drop_name:
            # An inserted dropout: unwrap, giving back the module as it was.
            changes.append(Change(t.name, "remove", before, "-", "module",
                                  eval_changed=was_eval_active))
            return _set_child(model, parent_real, parent.wrapped)
        new = _remember(NoDropout(), mod)
        changes.append(Change(t.name, "remove", before, describe(new), "module",
                              eval_changed=was_eval_active))
        return _set_child(model, entry.real, new)
    # replace
    assert kind is not None
    rate = p if p is not None else rate_of(mod)
    if rate is None:
        raise DropsurgeonError(f"{t.name}: cannot read the rate of {before}; pass p")
    new = _remember(make(kind, _clip_rate(rate, kind), like=mod, **op.options), mod)
    changes.append(Change(t.name, "replace", before, describe(new), "module",
                          eval_changed=was_eval_active or kind == "mc"))
    if kind not in ("dropout", "mc") and parent is not None and rate_readers(parent, child):
        notes.append(f"{t.name}: {type(parent).__name__} reads self.{child}.p as the rate of "
                     f"another op (attention dropout); that op stays plain dropout at that rate")
    if kind == "mc" and parent is not None and rate_readers(parent, child):
        notes.append(f"{t.name}: {type(parent).__name__} also uses self.{child}.p for "
                     "attention dropout only in training: that part is off in eval, not MC")
    return _set_child(model, entry.real, new)


def _dropconnect_change(model: nn.Module, view: ModelView, t: Target, op: Operation,
                        p: float | None, wrapper: DropConnect, changes: list[Change],
                        notes: list[str]) -> nn.Module:
    before = describe(wrapper)
    if op.op == "remove":
        changes.append(Change(t.name, "remove", before, describe(wrapper.wrapped), "module"))
        real = view.entries[t.name].real
        return _set_child(model, real.rpartition(".")[0], wrapper.wrapped)
    if op.op == "set_rate":
        assert p is not None
        wrapper.__dict__.setdefault("_ds_old_rate", wrapper.p)
        wrapper.p = p
        changes.append(Change(t.name, "set_rate", before, describe(wrapper), "module",
                              rate=p))
        return model
    notes.append(f"{t.name}: dropconnect drops weights; it cannot become {op.kind!r}")
    return model


def _clip_rate(rate: float, kind: str) -> float:
    # p = 1 (drop everything) is legal for nn.Dropout but not for kinds dividing by 1 - p.
    if rate >= 1.0 and kind in ("gaussian", "concrete", "drop_path", "dropblock"):
        return 1.0 - 1e-6
    return rate


def _active_in_eval(mod: nn.Module) -> bool:
    return isinstance(mod, MCDropout) and mod.p > 0


def _attribute_change(model: nn.Module, view: ModelView, t: Target, op: Operation,
                      p: float | None, changes: list[Change], notes: list[str]) -> nn.Module:
    """A rate held by an attribute: MHA/RNN ``dropout``, or a number a forward reads.

    The rate is set on the owning instance through its :class:`~dropsurgeon.rates.RateHandle`.
    ``replace(kind="mc")`` keeps MHA/RNN dropout on at eval by running that module in train
    mode (it has no other train/eval behaviour); other kinds need the call rewritten, which
    only fx can do, so each such site is noted with the reason.
    """
    from .rates import MHA, RNN

    handle = view.rates().handles[t.name]
    mod = handle.module(model)
    shown = type(mod).__name__
    before = f"{shown}({handle.attribute}={handle.get(model):.4g})"
    if op.op == "insert":
        notes.append(f"{t.name}: insert needs a module or a residual branch, not the "
                     f"{handle.attribute} rate of {shown}")
        return model
    if op.op == "replace" and op.kind not in ("dropout", None):
        if op.kind == "mc" and handle.kind in (MHA, RNN):
            rate = p if p is not None else handle.get(model)
            handle.set(model, rate)
            new = AlwaysTraining(mod)
            changes.append(Change(t.name, "replace", before,
                                  f"{shown}({handle.attribute}={rate:.4g}, on in eval)",
                                  "attribute", eval_changed=rate > 0))
            return _set_child(model, handle.owner, new)
        if handle.kind in (MHA, RNN):
            why = f"the dropout inside {shown} is computed by its own kernel"
        else:
            why = (f"{shown}.forward reads it at {', '.join(handle.reads)} and "
                   f"{_why_not_rewritten(view, t.owner)}; set_rate and remove reach it")
        notes.append(f"{t.name}: not replaced by {op.kind!r}: {why} "
                     f"(rate kept at {handle.get(model):.4g})")
        return model
    new_rate = 0.0 if op.op == "remove" else p if p is not None else handle.get(model)
    handle.remember(model)
    handle.set(model, new_rate)
    outer = view.outer.get(t.name)
    wrapper = model.get_submodule(outer) if outer else None
    if isinstance(wrapper, AlwaysTraining) and op.op in ("remove", "replace"):
        # Plain dropout again: the module follows .eval() (and its eval fast path) again.
        changes.append(Change(t.name, op.op, before, f"{shown}({handle.attribute}="
                              f"{new_rate:.4g})", "attribute", eval_changed=True, rate=None))
        return _set_child(model, outer, wrapper.wrapped)
    changes.append(Change(t.name, op.op, before, f"{shown}({handle.attribute}={new_rate:.4g})",
                          "attribute", rate=new_rate))
    return model


def _why_not_rewritten(view: ModelView, owner: str) -> str:
    graph = view.owners().get(owner)
    if graph is None:
        return "its forward is not traced"
    if graph.error:
        return graph.error
    return "no call reading it was found in the fx graph"


# --- graph level ----------------------------------------------------------------------------

_EQUIVALENT = {
    "F.dropout": nn.Dropout, "F.dropout1d": nn.Dropout1d, "F.dropout2d": nn.Dropout2d,
    "F.dropout3d": nn.Dropout3d, "F.alpha_dropout": nn.AlphaDropout,
    "F.feature_alpha_dropout": nn.FeatureAlphaDropout, "torch.dropout": nn.Dropout,
    "torch.alpha_dropout": nn.AlphaDropout,
    "torch.feature_alpha_dropout": nn.FeatureAlphaDropout, "torch.feature_dropout": nn.Dropout2d,
}


def _equivalent(site: FunctionalSite, node: Any, p: float | None = None) -> nn.Module:
    cls = _EQUIVALENT.get(site.op, nn.Dropout)
    inplace = bool(node.kwargs.get("inplace", node.args[3] if len(node.args) > 3 else False))
    return cls(site.p if p is None else p, inplace=inplace is True)


def _auto_for(site: FunctionalSite) -> str:
    return {"F.dropout1d": "dropout1d", "F.dropout2d": "dropout2d", "F.dropout3d": "dropout3d",
            "F.alpha_dropout": "alpha", "torch.alpha_dropout": "alpha"}.get(site.op, "dropout")


def _rewrite_owner(model: nn.Module, owner: str, owned: list[Target], op: Operation,
                   rates: dict, kinds: dict, changes: list[Change],
                   notes: list[str]) -> nn.Module:
    entry = ModelView(model).entries.get(owner)
    if entry is None:
        notes.append(f"{owner or 'model'}: no longer in the model after this operation")
        return model
    module = entry.module
    traced = trace_owner(owner, module)
    shown = owner or "model"
    if not traced.rewritable:
        for t in owned:
            notes.append(f"{t.name}: not rewritten: {shown} ({type(module).__name__}) "
                         f"{traced.error}")
        return model
    graph = traced.graph
    nodes = {n.name: n for n in graph.nodes}
    by_node = {t.node: t for t in owned}
    sites = {s.node: s for s in traced.functional}
    new_modules: dict[str, nn.Module] = {}

    def add_module(base: str, mod: nn.Module) -> str:
        name, i = base, 1
        while hasattr(module, name) or name in new_modules:
            name, i = f"{base}_{i}", i + 1
        new_modules[name] = mod
        return name

    def call(node: Any, name: str, inp: Any) -> Any:
        with graph.inserting_before(node):
            return graph.call_module(name, (inp,))

    for node_name, site in sites.items():
        node = nodes[node_name]
        t = by_node.get(node_name)
        inp = node.args[0] if node.args else node.kwargs.get("input")
        label = f"{owner}@{node_name}"
        if t is None:
            if site.follows_mode:  # keep behaviour, but as a module that follows .eval()
                name = add_module("fn_" + node_name, _equivalent(site, node))
                node.replace_all_uses_with(call(node, name, inp))
                graph.erase_node(node)
                changes.append(Change(label, "normalise", site.describe(),
                                      describe(new_modules[name]), "graph"))
            continue
        p = rates.get(t)
        if op.op == "remove":
            node.replace_all_uses_with(inp)
            graph.erase_node(node)
            changes.append(Change(label, "remove", site.describe(), "-", "graph",
                                  eval_changed=site.active_eval))
        elif op.op == "set_rate":
            if site.follows_mode:
                name = add_module("fn_" + node_name, _equivalent(site, node, p))
                node.replace_all_uses_with(call(node, name, inp))
                graph.erase_node(node)
                after = describe(new_modules[name])
            else:  # always on / never on: keep the call (and its flag), change the rate
                if "p" in node.kwargs or len(node.args) < 2:
                    node.update_kwarg("p", p)
                else:
                    node.update_arg(1, p)
                after = f"{site.op}(p={p:.4g})"
            changes.append(Change(label, "set_rate", site.describe(), after, "graph",
                                  eval_changed=site.active_eval))
        else:  # replace
            kind = kinds.get(t, op.kind)
            kind = _auto_for(site) if kind == "auto" else kind
            rate = p if p is not None else site.p
            if rate is None:
                notes.append(f"{label}: the rate is not a constant; pass p to replace it")
                continue
            like = _equivalent(site, node, rate)
            new = make(kind, _clip_rate(rate, kind), like=like, **op.options)
            name = add_module("fn_" + node_name, new)
            node.replace_all_uses_with(call(node, name, inp))
            graph.erase_node(node)
            changes.append(Change(label, "replace", site.describe(), describe(new), "graph",
                                  eval_changed=site.active_eval or kind == "mc"))
    for t in owned:
        if t.kind != "edge":
            continue
        add = nodes[t.node]
        branch = add.args[t.operand]
        kind = kinds.get(t, op.kind) or "dropout"
        if kind in ("auto", "dropconnect"):
            notes.append(f"{t.describe()}: kind {kind!r} needs a module at the branch end; "
                         "none there")
            continue
        new = make(kind, rates[t], **op.options)
        name = add_module(f"drop_{t.node}", new)
        with graph.inserting_after(branch):
            dropped = graph.call_module(name, (branch,))
        args = list(add.args)
        args[t.operand] = dropped
        add.args = tuple(args)
        changes.append(Change(t.describe(), "insert", f"branch {branch.name}", describe(new),
                              "graph", eval_changed=kind == "mc"))
    for name, mod in new_modules.items():
        module.add_module(name, mod)
    graph.lint()
    gm = graphmodule.make(module, graph)
    for name in new_modules:  # the original stays as it was, for undo()
        del module._modules[name]
    _remember(gm, module)
    return _set_child(model, entry.real, gm)


# --- undo -----------------------------------------------------------------------------------

def undo(model: nn.Module) -> nn.Module:
    """The model with every surgery reverted, keeping current (e.g. trained) values.

    Wrappers give back the module they wrap, swapped modules the module they replaced,
    rewritten owners their original module (with the current children), re-rated modules
    and attributes their old rate.  Works in place on ``model``; returns the new root.
    """
    model.__dict__.pop("_dropsurgeon_plan", None)  # the plan it carried no longer applies
    return _restore(model)


def _restore(m: nn.Module) -> nn.Module:
    for name, child in list(m._modules.items()):
        if child is not None:
            m._modules[name] = _restore(child)
    if isinstance(m, KeyPreservingWrapper):
        return m.wrapped
    old_rate = m.__dict__.pop("_ds_old_rate", None)
    if old_rate is not None:
        set_rate_of(m, old_rate)
    old_dropout = m.__dict__.pop("_ds_old_dropout", None)
    if old_dropout is not None:
        m.dropout = old_dropout
    for attr, value in m.__dict__.pop("_ds_old_attrs", {}).items():
        setattr(m, attr, value)
    old = m.__dict__.pop("_ds_replaced", None)
    if old is None:
        return m
    if isinstance(m, graphmodule.RewrittenModule):
        for name in list(old._modules):
            if name in m._modules:
                old._modules[name] = m._modules[name]
        old.train(m.training)
        return _restore(old)
    old.train(m.training)
    return _restore(old)
