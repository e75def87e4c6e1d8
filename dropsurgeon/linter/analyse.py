"""Build one model's inventory with the front-ends in layers.

1. fx (no inputs needed, exact lines) - when it traces both modes, that is enough;
2. otherwise the runtime monitor (needs inputs: given, from ``example_inputs()``,
   ``dummy_inputs``, or guessed from the first layer), then torch.export as a last resort;
3. always: the module listing, so that a dropout module no front-end reached is still seen.

A model none of the graph front-ends could see is reported as failed, with every reason.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

from ..sites import Inventory, Site
from .result import ANALYSED, FAILED, ModelResult

AUTO = ("fx", "runtime", "export")
KNOWN_FRONTENDS = ("fx", "runtime", "export")


@dataclass
class ModelInput:
    model: Any
    name: str
    args: tuple | None = None
    kwargs: dict = field(default_factory=dict)
    input_origin: str | None = None
    rebuild_on_cpu: Any = None  # callable returning a fresh CPU model, when built on meta


def parse_frontends(text: str | None) -> tuple[str, ...]:
    from ..errors import DropsurgeonError

    if not text or text == "auto":
        return AUTO
    names = tuple(t.strip() for t in text.split(",") if t.strip())
    bad = [n for n in names if n not in KNOWN_FRONTENDS]
    if bad:
        raise DropsurgeonError(
            f"unknown front-end {bad[0]!r} (expected auto or a list of: fx, runtime, export)"
        )
    return names


def analyse(target: ModelInput, frontends: tuple[str, ...] = AUTO) -> ModelResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _analyse(target, frontends)


def _analyse(target: ModelInput, frontends: tuple[str, ...]) -> ModelResult:
    inv = Inventory()
    explicit = frontends != AUTO  # the user asked for these front-ends: run them all
    if "fx" in frontends:
        from ..capture import graph

        try:
            _absorb(inv, graph.inventory(target.model))
        except graph.TraceError as exc:
            inv.failures["fx"] = str(exc)
    need_more = explicit or not inv.frontends
    if need_more and ("runtime" in frontends or "export" in frontends):
        args, kwargs, why_not = _inputs_for(target)
        if args is None:
            for name in ("runtime", "export"):
                if name in frontends:
                    inv.failures[name] = why_not
        else:
            if "runtime" in frontends:
                _try(inv, "runtime", target, args, kwargs)
            if "export" in frontends and (explicit or not inv.frontends):
                _try(inv, "export", target, args, kwargs)
    _add_unseen_modules(inv, target.model)
    _mark_opt_in_modules(inv, target.model)
    graph_seen = [f for f in inv.frontends if f != "modules"]
    if graph_seen:
        status, reason = ANALYSED, _failure_text(inv.failures)
        unreached = [s.module for s in inv.sites if s.extra.get("unreached")]
        if unreached:
            note = (f"{len(unreached)} dropout module(s) never ran in any trace, read from "
                    f"the module tree (e.g. {unreached[0]})")
            reason = f"{reason}; {note}" if reason else note
    else:
        status, reason = FAILED, _failure_text(inv.failures) or "no front-end could trace it"
    return ModelResult(target.name, status, list(inv.frontends), reason, inv)


def _absorb(inv: Inventory, other: Inventory) -> None:
    """Add another front-end's sites, skipping those already known (same module or line)."""
    known = {_identity(s) for s in inv.sites}
    inv.sites.extend(s for s in other.sites if _identity(s) not in known)
    inv.frontends.extend(f for f in other.frontends if f not in inv.frontends)


def _identity(site: Site) -> tuple:
    if site.module_type and site.kind != "functional":
        return ("module", site.module)
    return (site.kind, site.path, site.line, site.module)


def _inputs_for(target: ModelInput) -> tuple[tuple | None, dict, str]:
    if target.args is not None or target.kwargs:
        return tuple(target.args or ()), dict(target.kwargs), ""
    from ..inputs import guess_inputs

    try:
        guessed = guess_inputs(target.model)
    except Exception:  # noqa: BLE001
        guessed = None
    if guessed is None:
        return None, {}, "needs example inputs: pass --input-shape (or define example_inputs())"
    args, origin = guessed
    target.input_origin = f"guessed from {origin}"
    return args, {}, ""


def _try(inv: Inventory, name: str, target: ModelInput, args: tuple, kwargs: dict) -> None:
    from ..capture.graph import TraceError
    from ..inputs import model_device, to_device

    model = target.model
    attempts = [model]
    if target.rebuild_on_cpu is not None and model_device(model).type == "meta":
        attempts.append(None)  # built lazily: only when meta fails
    last = ""
    for candidate in attempts:
        if candidate is None:
            try:
                candidate = target.rebuild_on_cpu()
            except Exception as exc:  # noqa: BLE001
                last += f"; CPU rebuild failed: {type(exc).__name__}: {exc}"
                break
        dev = model_device(candidate)
        a, k = to_device(args, dev), to_device(kwargs, dev)
        try:
            if name == "runtime":
                seen = _monitor(inv, candidate, a, k)
            else:
                from ..capture import export

                seen = export.inventory(candidate, a, k)
        except TraceError as exc:
            last = str(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - the user's forward may raise anything
            text = str(exc).strip().splitlines()
            last = f"{type(exc).__name__}: {text[0] if text else ''}"
            continue
        if candidate is not model:
            target.model = candidate
        _absorb(inv, seen)
        return
    if target.input_origin and target.input_origin.startswith("guessed"):
        last += f" (inputs {target.input_origin}; pass --input-shape)"
    inv.failures[name] = last


def _monitor(inv: Inventory, model: Any, args: tuple, kwargs: dict) -> Inventory:
    """Eval and train forwards; when only the train forward fails (detection models want
    targets in training), the eval observations still stand and train mode stays unknown."""
    from ..capture import runtime

    try:
        return runtime.monitor(model, args, kwargs)
    except runtime.ForwardError as exc:
        if exc.mode != "train":
            raise
        seen = runtime.monitor(model, args, kwargs, modes=("eval",))
        inv.failures["runtime (train mode)"] = f"{exc}; train-mode behaviour not observed"
        return seen


def _add_unseen_modules(inv: Inventory, model: Any) -> None:
    """Dropout-family modules no front-end reached, read from the module tree itself."""
    from ..capture import catalog
    from ..capture.construction import construction_line
    from ..capture.frames import display_path
    from ..sites import ATTENTION, RNN

    seen_modules = {s.module for s in inv.sites if s.module_type}
    unseen = []
    for name, mod in model.named_modules():
        kind = catalog.module_kind(mod)
        if kind is None or name in seen_modules:
            continue
        if kind in (RNN, ATTENTION) and not catalog.module_rate(mod):
            continue
        unseen.append((name, mod, kind))
    if unseen:
        # One switch per mode for all of them (per module would be quadratic), then every
        # module's own flag is restored: a user may have set submodule modes on purpose.
        modes = {m: m.training for m in model.modules()}
        try:
            model.train(True)
            active_train = [catalog.module_active(mod) for _, mod, _ in unseen]
            model.train(False)
            active_eval = [catalog.module_active(mod) for _, mod, _ in unseen]
        finally:
            for m, flag in modes.items():
                m.training = flag
        for (name, mod, kind), on_train, on_eval in zip(unseen, active_train, active_eval,
                                                          strict=True):
            built = construction_line(model, name)
            where = display_path(built[0]) if built else None
            extra: dict[str, Any] = {"unreached": True}
            if kind == RNN:
                extra["num_layers"] = mod.num_layers
            inv.sites.append(Site(
                kind=kind, op=type(mod).__name__, p=catalog.module_rate(mod),
                active_train=on_train, active_eval=on_eval, module=name,
                module_type=type(mod).__name__, path=where,
                line=built[1] if built else None, construct_path=where,
                construct_line=built[1] if built else None, frontend="modules", extra=extra,
            ))
    if "modules" not in inv.frontends:
        inv.frontends.append("modules")


def _mark_opt_in_modules(inv: Inventory, model: Any) -> None:
    """Modules that declare ``active_in_eval`` (MC dropout) drop at eval by design."""
    for site in inv.sites:
        if not site.module_type or not site.module:
            continue
        try:
            mod = model.get_submodule(site.module)
        except AttributeError:
            continue
        if getattr(mod, "active_in_eval", False):
            site.flag = "opt-in"


def _failure_text(failures: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in failures.items())
