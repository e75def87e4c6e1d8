"""Rates live where the model keeps them: one place that knows every kind.

A dropout site's rate is one of:

================  ===========================================================================
kind              where the rate lives
================  ===========================================================================
``module``        ``p`` of an ``nn.Dropout*`` module (or one of surgery's kinds)
``drop_path``     ``drop_prob`` / ``p`` of a drop-path module (timm ``DropPath``, torchvision
                  ``StochasticDepth``)
``dropconnect``   ``p`` of a :class:`~dropsurgeon.surgery.variants.DropConnect` wrapper
``mha``           ``dropout`` of an ``nn.MultiheadAttention``
``rnn``           ``dropout`` of an ``nn.RNN/LSTM/GRU`` with ``num_layers > 1``
``attribute``     a number a forward reads from its module: ``self.attention_dropout``
                  (transformers), ``F.dropout(x, self.p, self.training)``, ``self.layerdrop``
================  ===========================================================================

Surgery, schedules and MC dropout read and change rates through :class:`RateHandle`; a new
kind of rate is taught here once.  A handle names its module by qualified name, so one handle
list serves every copy of the same architecture.  Changing a rate sets it on the owning
module *instance*, never on a shared config object: a rate a forward reads from
``self.config.x`` is reported unreachable, with the reason, and so is one it computes.

``import dropsurgeon.surgery.rates`` imports torch (the surgery package does); the public
path ``dropsurgeon.rates`` does not, until a name is used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import DropsurgeonError

if TYPE_CHECKING:  # pragma: no cover
    from .view import ModelView

__all__ = ["KINDS", "RateHandle", "RateHandles", "RateIndex", "annotate", "discover", "match_site",
           "observe_rates", "rate_handles"]

MODULE, DROP_PATH, DROPCONNECT, MHA, RNN, ATTRIBUTE = (
    "module", "drop_path", "dropconnect", "mha", "rnn", "attribute")
KINDS = (MODULE, DROP_PATH, DROPCONNECT, MHA, RNN, ATTRIBUTE)


@dataclass(frozen=True)
class RateHandle:
    """Where one rate lives: ``model.get_submodule(owner).<attribute>``.

    ``site``: the name selectors and the inventory use (a module's logical name; for a rate a
    forward reads, ``owner.attribute``).  ``roles``: what the rate feeds (``dropout``,
    ``attention``, ``layerdrop``, ``drop_path``).  ``reads``: ``file:line`` of each read in the
    forward (attribute rates).
    """

    site: str
    owner: str
    attribute: str
    kind: str
    roles: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()

    def module(self, model: Any) -> Any:
        try:
            return model.get_submodule(self.owner) if self.owner else model
        except AttributeError:
            raise DropsurgeonError(f"rate {self.site}: no module {self.owner!r} in "
                                   f"{type(model).__name__}") from None

    def get(self, model: Any) -> float:
        value = getattr(self.module(model), self.attribute)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DropsurgeonError(f"rate {self.site}: {self.attribute} is {value!r}, "
                                   "not a number")
        return float(value)

    def set(self, model: Any, p: float) -> None:
        """Set the rate on the owning module instance (never on a shared config)."""
        from .variants import check_p

        p = check_p(p, "drop_path" if self.kind == DROP_PATH and p == 1.0 else "dropout")
        setattr(self.module(model), self.attribute, p)

    def remember(self, model: Any) -> None:
        """Keep the current rate on the owner, for :func:`dropsurgeon.undo` (first call wins)."""
        mod = self.module(model)
        mod.__dict__.setdefault("_ds_old_attrs", {}).setdefault(self.attribute, self.get(model))

    def describe(self, model: Any) -> str:
        try:
            return f"{self.kind} {self.attribute}={self.get(model):.4g}"
        except DropsurgeonError:
            return f"{self.kind} {self.attribute}=?"

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "owner": self.owner, "attribute": self.attribute,
                "kind": self.kind, "roles": list(self.roles), "reads": list(self.reads)}


@dataclass
class RateHandles:
    """What :func:`rate_handles` found: the handles, and the sites no handle reaches."""

    handles: list[RateHandle] = field(default_factory=list)
    unreachable: list[tuple[str, str]] = field(default_factory=list)  # (site, reason)

    def __iter__(self):
        return iter(self.handles)

    def __len__(self) -> int:
        return len(self.handles)

    def get(self, model: Any) -> dict[str, float]:
        return {h.site: h.get(model) for h in self.handles}

    def set(self, model: Any, p: float) -> None:
        for h in self.handles:
            h.set(model, p)


@dataclass
class RateIndex:
    """Every rate of one model, as :class:`~dropsurgeon.surgery.view.ModelView` sees it."""

    handles: dict[str, RateHandle] = field(default_factory=dict)  # site -> handle
    unreachable: list[tuple[str, str, str]] = field(default_factory=list)  # site, owner, why
    # (owner logical name, file, line) of dropout calls whose rate a handle reaches
    covered: set[tuple[str, str, int]] = field(default_factory=set)
    # (owner, file, line) of dropout calls whose rate is listed in ``unreachable``, with why
    explained: dict[tuple[str, str, int], str] = field(default_factory=dict)
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)  # unreachable site -> line
    holds: dict[str, str] = field(default_factory=dict)  # unreachable site -> config|computed|..
    observed: dict[str, float] = field(default_factory=dict)  # site -> rate seen at runtime
    runtime: str = "not run"  # what the runtime front-end did


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _join(owner: str, attr: str) -> str:
    return f"{owner}.{attr}" if owner else attr


def _module_handle(name: str, real: str, module: Any) -> RateHandle | None:
    from ..capture import catalog
    from .variants import DROP_PATH_NAMES, RATE_ATTRS

    for attr in RATE_ATTRS:
        if _number(getattr(module, attr, None)):
            drop_path = (catalog.module_kind(module) == "drop_path"
                         or type(module).__name__ in DROP_PATH_NAMES)
            return RateHandle(name, real, attr, DROP_PATH if drop_path else MODULE)
    return None


def discover(view: ModelView, inputs: Any = None) -> RateIndex:
    """Every rate of the model behind ``view``: modules, MHA/RNN, attributes forwards read.

    With example ``inputs`` (:class:`~dropsurgeon.surgery.apply.Inputs`) the runtime
    front-end runs a train forward: the rates it sees are recorded, and a dropout that runs
    with a rate no handle explains is listed as unreachable.
    """
    import torch.nn as nn

    from .rate_source import ATTENTION, class_rate_reads
    from .variants import DropConnect, is_dropout_module

    index = RateIndex()
    merged: dict[str, dict[str, Any]] = {}  # site -> pieces of an attribute handle
    for real, module in view.model.named_modules():
        if isinstance(module, DropConnect):
            from .wrappers import logical_name

            site = logical_name(real)
            index.handles.setdefault(site, RateHandle(site, real, "p", DROPCONNECT))
    for entry in view.entries.values():
        name, mod = entry.name, entry.module
        if name in index.handles:
            continue
        if is_dropout_module(mod):
            handle = _module_handle(name, entry.real, mod)
            if handle is not None:
                index.handles[name] = handle
            continue  # a dropout module's own forward reads its own rate
        if isinstance(mod, nn.MultiheadAttention):
            index.handles[name] = RateHandle(name, entry.real, "dropout", MHA, ("attention",))
            continue
        if isinstance(mod, nn.RNNBase):
            if mod.num_layers > 1:
                index.handles[name] = RateHandle(name, entry.real, "dropout", RNN, ("dropout",))
            continue
        import torch.fx

        if isinstance(mod, torch.fx.GraphModule):
            continue  # a rewritten forward holds its rates as modules
        for read in class_rate_reads(type(mod)):
            _resolve(view, entry, read, index, merged)
    for site, parts in merged.items():
        if "real" in parts:
            roles = tuple(sorted(parts["roles"]))
            index.handles[site] = RateHandle(site, parts["real"], parts["attr"], ATTRIBUTE,
                                             roles, tuple(parts["reads"]))
        elif site in index.handles and parts.get("child_roles"):
            h = index.handles[site]
            roles = tuple(sorted(set(h.roles) | parts["child_roles"]))
            index.handles[site] = RateHandle(h.site, h.owner, h.attribute, h.kind, roles,
                                             h.reads)
    _dedupe_unreachable(index)
    if inputs is not None and getattr(inputs, "given", False):
        _observe(view, inputs, index, ATTENTION)
    return index


def _resolve(view: ModelView, entry: Any, read: Any, index: RateIndex,
             merged: dict[str, dict[str, Any]]) -> None:
    """Decide what one rate read in a forward is on this instance (see the module doc)."""
    from .rate_source import CHILD, COMPUTED, CONFIG, SELF
    from .variants import is_dropout_module

    name, mod = entry.name, entry.module
    where = f"{_short(read.path)}:{read.line}"
    at = (read.path, read.line)
    shown = f"{type(mod).__name__}.{read.function}"
    if read.via == CHILD:
        child = mod._modules.get(read.attr)
        if child is None:
            return
        child_name = _join(name, read.attr)
        if is_dropout_module(child):  # ``self.attn_drop.p``: the module's own handle
            index.covered.add((name, *at))
            merged.setdefault(child_name, {}).setdefault("child_roles", set()).add(read.role)
        elif _number(getattr(child, read.child_attr, None)):
            real = view.entries[child_name].real if child_name in view.entries else \
                _join(entry.real, read.attr)
            _add(merged, _join(child_name, read.child_attr), real, read.child_attr, read.role,
                 where)
            index.covered.add((name, *at))
    elif read.via == SELF:
        if read.attr in mod._modules:
            return  # e.g. ``self.dropout`` used as p: a module, not a number
        why = _unsettable(mod, read.attr)
        if why is not None:
            _unreachable(index, _join(name, read.attr), name, f"{why} ({where})", at,
                         "read-only property", read.inner)
        elif _number(getattr(mod, read.attr, None)):
            site = _join(name, read.attr)
            _add(merged, site, entry.real, read.attr, read.role, where)
            index.covered.add((name, *at))
            for path, line in read.inner:  # the calls inside a helper it feeds
                _add(merged, site, entry.real, read.attr, read.role, f"{_short(path)}:{line}")
                index.covered.add((name, path, line))
    elif read.via == CONFIG:
        _unreachable(index, _join(name, f"config.{read.attr}"), name,
                     f"{shown} reads the rate from self.config.{read.attr} ({where}); the "
                     "config object is shared by every layer (and by other models built from "
                     f"it), so surgery does not change it: set config.{read.attr} before "
                     "building the model", at, "config", read.inner)
    elif read.via == COMPUTED:
        _unreachable(index, f"{name or 'model'}@{where}", name,
                     f"{shown} computes the rate as `{read.text}` ({where}); no single "
                     "attribute holds it", at, "computed", read.inner)


def _unreachable(index: RateIndex, site: str, owner: str, why: str, at: tuple[str, int],
                 holds: str, inner: tuple = ()) -> None:
    for path, line in (at, *inner):
        index.explained[(owner, path, line)] = holds
    index.lines.setdefault(site, at)
    index.holds[site] = holds
    index.unreachable.append((site, owner, why))


def _add(merged: dict, site: str, real: str, attr: str, role: str, where: str) -> None:
    parts = merged.setdefault(site, {})
    parts.update(real=real, attr=attr)
    parts.setdefault("roles", set()).add(role)
    reads = parts.setdefault("reads", [])
    if where not in reads:
        reads.append(where)


def _unsettable(module: Any, attr: str) -> str | None:
    import inspect

    if attr in module.__dict__:
        return None
    static = inspect.getattr_static(type(module), attr, None)
    if isinstance(static, property) and static.fset is None:
        return (f"{type(module).__name__}.{attr} is a read-only property; no instance value "
                "can be set")
    return None


def _dedupe_unreachable(index: RateIndex) -> None:
    seen: set[str] = set()
    out = []
    for site, owner, why in index.unreachable:
        if site not in seen and site not in index.handles:
            seen.add(site)
            out.append((site, owner, why))
    index.unreachable = out


def _short(path: str) -> str:
    from ..capture.frames import display_path

    try:
        return display_path(path)
    except Exception:  # noqa: BLE001 - a display nicety only
        return path


def _observe(view: ModelView, inputs: Any, index: RateIndex, attention_role: str) -> None:
    """Run a train forward under the runtime front-end; record the rates that ran."""
    for site, p in observe_rates(view.model, inputs, index, attention_role).items():
        index.observed[site] = p


def observe_rates(model: Any, inputs: Any, index: RateIndex,
                  attention_role: str = "attention") -> dict[str, float]:
    """Site -> the rate a train forward actually ran with (runtime front-end).

    Module, drop-path, RNN and MHA sites are the runtime's own module sites.  A functional
    dropout is matched to the attribute its call line reads; an attention call made from a
    helper (transformers' ``attention_interface``) to the one attention rate of the module
    whose forward made it.  Dropouts that run but that no handle explains become unreachable
    entries of ``index``.
    """
    from ..capture.runtime import TRAIN, ForwardError, monitor

    if any(t.is_meta for t in model.state_dict().values()):
        index.runtime = "skipped: the model is on the meta device"
        return {}
    try:
        inv = monitor(model, inputs.args or (), inputs.kwargs, modes=(TRAIN,))
    except ForwardError as exc:
        index.runtime = f"failed: {exc}"
        return {}
    index.runtime = "train forward observed"
    seen: dict[str, float] = {}
    for s in inv.sites:
        if s.p is None or s.kind == "random":
            continue
        handle, site = match_site(s, index, model, attention_role)
        if handle is not None:
            seen[handle.site] = s.p
        elif site is None:
            module, path, line = _where(s)
            if (s.kind == "functional" and not s.p_text) or s.p == 0:
                # a literal rate: the fx path (or its unreachable note) covers it; a literal
                # zero (CTRL, Falcon pass dropout=0.0) is no dropout to reach
                continue
            name = f"{module or 'model'}@{path}:{line}"
            if name not in {u[0] for u in index.unreachable}:
                index.unreachable.append((
                    name, module,
                    f"{s.op}(p={s.p:.4g}) runs in {module or 'model'} ({s.module_type}) "
                    f"at {path}:{line}, but no attribute of that module holds its rate"
                    + (f" (`{s.p_text}`)" if s.p_text else "")))
    return seen


def _where(s: Any) -> tuple[str, str, int | None]:
    from .wrappers import logical_name

    return logical_name(s.module), s.extra.get("call_path") or "", s.extra.get("call_line")


def match_site(s: Any, index: RateIndex, model: Any,
               attention_role: str = "attention") -> tuple[RateHandle | None, str | None]:
    """The handle holding the rate of an inventory site (runtime front-end), or else the
    name of the unreachable entry that explains it (a config field, a computed rate)."""
    module, path, line = _where(s)
    if s.kind in ("module", "drop_path", "rnn") and module in index.handles:
        return index.handles[module], None
    if s.module_type == "MultiheadAttention" and module in index.handles:
        return index.handles[module], None
    owned = [h for h in index.handles.values() if _owner_site(h) == module or (
        h.kind in (MODULE, DROP_PATH) and attention_role in h.roles
        and h.site.rpartition(".")[0] == module)]
    match = [h for h in owned if any(_same_line(r, path, line) for r in h.reads)]
    helper = s.kind == "functional" and bool(s.p_text) and s.p_text.isidentifier()
    if not match and (s.kind == "attention" or helper):
        # Called from a helper (transformers' attention_interface, Bloom's dropout_add):
        # the owner's rate of that role whose value ran.  A call with its own literal rate
        # (Falcon passes dropout_p=0.0 on one path) matches none.
        # A functional dropout in a helper may be the attention dropout itself (transformers'
        # eager_attention_forward drops the attention weights with the `dropout` it is passed).
        roles = ({attention_role} if s.kind == "attention"
                 else {"dropout", "drop_path", attention_role})
        match = [h for h in owned if roles & set(h.roles) and _close(_safe_get(h, model), s.p)]
        if len({h.site for h in match}) > 1:
            return None, ""  # reached, but which of several equal rates ran is unknown
    if len(match) == 1:
        return match[0], None
    for name, owner, _ in index.unreachable:
        at = index.lines.get(name)
        if owner == module and at is not None and _same_line(f"{at[0]}:{at[1]}", path, line):
            return None, name
    if helper:  # through a helper: the owner's config field whose value ran
        for name, owner, _ in index.unreachable:
            if owner == module and index.holds.get(name) == "config" and _close(
                    _config_value(model, owner, name), s.p):
                return None, name
    if (module, path, line) in _covered_lines(index):
        return None, ""  # reached, but ambiguous between several handles
    return None, None


def _config_value(model: Any, owner: str, name: str) -> float | None:
    try:
        config = (model.get_submodule(owner) if owner else model).config
        value = getattr(config, name.rpartition(".config.")[2])
    except AttributeError:
        return None
    return float(value) if _number(value) else None


def annotate(model: Any, sites: Any, index: RateIndex | None = None) -> int:
    """Record on each inventory site where its rate lives (``Site.rate_attr`` and
    ``extra["rate"]``: owner, attribute, whether the module holds a number, a config
    field or something computed).  Returns how many sites it annotated."""
    if index is None:
        from .view import ModelView

        index = discover(ModelView(model))
    done = 0
    for s in sites:
        handle, name = match_site(s, index, model)
        if handle is not None:
            s.rate_attr = handle.site
            s.extra["rate"] = {"owner": handle.owner, "attribute": handle.attribute,
                               "kind": handle.kind, "holds": "number"}
        elif name:
            holds = index.holds.get(name, "computed")
            owner = next((o for n, o, _ in index.unreachable if n == name), "")
            attr = name[len(owner) + 1:] if name.startswith(owner + ".") else None
            s.rate_attr = name
            s.extra["rate"] = {"owner": owner, "attribute": attr, "kind": holds,
                               "holds": holds}
        else:
            continue
        done += 1
    return done


def _owner_site(h: RateHandle) -> str:
    return h.site.rpartition(".")[0] if h.kind == ATTRIBUTE else h.site


def _covered_lines(index: RateIndex) -> set[tuple[str, str, int]]:
    return {(o, _short(p), ln) for o, p, ln in [*index.covered, *index.explained]}


def _same_line(read: str, path: str, line: int | None) -> bool:
    rpath, _, rline = read.rpartition(":")
    return line is not None and rline == str(line) and (
        rpath == path or os.path.basename(rpath) == os.path.basename(path))


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) < 1e-6


def _safe_get(h: RateHandle, model: Any) -> float | None:
    try:
        return h.get(model)
    except DropsurgeonError:
        return None


def rate_handles(model: Any, where: Any = "dropout", *, exclude: Any = None,
                 example_inputs: Any = None, example_kwargs: dict | None = None) -> RateHandles:
    """The rates at ``where`` (any surgery selector) in ``model``, and what no handle reaches.

    Raises :class:`~dropsurgeon.surgery.NoMatchError` when the selector matches nothing.
    With example inputs, the runtime front-end also runs a train forward, so a dropout whose
    rate no attribute holds is listed in ``unreachable`` even where the source scan saw none.
    """
    from .apply import Inputs, one_path_per_rate
    from .select import expand_to_sites, select
    from .view import ModelView

    view = ModelView(model, Inputs(example_inputs, example_kwargs))
    targets = select(view, where, exclude)
    sites, scopes = expand_to_sites(view, targets, where, "rate_handles")
    # A call whose rate an attribute holds is reached through that attribute.
    sites = one_path_per_rate(view, sites, "set_rate")
    index = view.rates()
    out = RateHandles()
    for t in sites:
        handle = index.handles.get(t.name)
        if handle is not None:
            out.handles.append(handle)
        elif t.kind == "functional":
            out.unreachable.append((t.name, "a literal rate in the source: only a graph "
                                            "rewrite (surgery.set_rate) changes it"))
    for site, reason in view.unreachable_in(scopes, exclude):
        if site not in {h.site for h in out.handles}:
            out.unreachable.append((site, reason))
    return out
