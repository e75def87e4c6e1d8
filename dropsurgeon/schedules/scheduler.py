"""A scheduler: change dropout rates in a model as training goes on.

>>> sched = dropsurgeon.schedule(model, "dropout", p="early(0.1, until=2000)")  # doctest: +SKIP
>>> loss.backward(); opt.step(); sched.step()                                   # doctest: +SKIP

Rates are found and changed through :mod:`dropsurgeon.rates` (the same handles ``set_rate``
uses), so a schedule reaches ``nn.Dropout*`` and drop-path modules, MHA/RNN ``dropout``, and
rates that forwards read from attributes (transformers' ``attention_dropout``).  What it
cannot reach is listed once, at construction (:class:`ScheduleWarning`, ``sched.unreachable``).

Step ``t`` counts optimiser steps done: construction applies ``p(0)``, each ``step()`` moves
to ``t + 1`` and applies ``p(t + 1)``; ``step(step=n)`` jumps to ``n`` (resuming, or driven by
a trainer's global step).

**Losing the model.**  Surgery returns copies, and ``copy.deepcopy`` or a trainer may leave
the scheduler changing a model nobody trains.  The scheduler holds the model weakly and
registers a forward pre-hook on it that survives a deep copy (the hook is shared, not
copied), so ``step()`` can tell: the model is gone (garbage-collected), or since the last
step only a *copy* ran forwards and the scheduled model did not.  Both raise a one-line
:class:`ScheduleError`; ``sched.bind(new_model)`` moves the schedule onto another instance of
the same architecture.
"""

from __future__ import annotations

import contextlib
import warnings
import weakref
from dataclasses import dataclass, field
from typing import Any

from .depth import depth_factors
from .presets import Preset, ScheduleError, as_preset, check_step

STATE_VERSION = 1


class ScheduleWarning(UserWarning):
    """A rate the schedule cannot reach, or two live schedules on the same rates."""


@dataclass
class _Part:
    """One selection and its rate function."""

    where: Any
    preset: Preset
    by_depth: bool
    handles: list = field(default_factory=list)
    factors: dict[str, float] = field(default_factory=dict)

    def spec(self) -> dict[str, Any]:
        return {"where": _shown(self.where), "p": str(self.preset), "by_depth": self.by_depth}


def _shown(where: Any) -> Any:
    if isinstance(where, (list, tuple)):
        return [_shown(w) for w in where]
    return where if isinstance(where, str) else getattr(where, "__name__", repr(where))


class _Probe:
    """Forward pre-hook telling the scheduler which model ran.

    Shared by deep copies of the model (``__deepcopy__`` returns itself), so a copy's forward
    reaches the scheduler as a forward of *another* module.  A pickled model carries an inert
    probe: a scheduler is not part of a checkpoint.
    """

    def __init__(self, scheduler: Scheduler | None) -> None:
        self._scheduler = weakref.ref(scheduler) if scheduler is not None else None

    def __call__(self, module: Any, args: Any) -> None:
        s = self._scheduler() if self._scheduler is not None else None
        if s is not None:
            s._saw_forward(module)

    def __deepcopy__(self, memo: dict) -> _Probe:
        return self

    def __reduce__(self) -> tuple:
        return (_inert_probe, ())


def _inert_probe() -> _Probe:
    return _Probe(None)


# model -> live schedulers, to warn when two of them change the same rate
_LIVE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _key(handle: Any) -> tuple[str, str]:
    # Two handles change the same number when they name the same (owner, attribute).
    return (handle.owner, handle.attribute)


class Scheduler:
    """Rates of the selected sites as functions of the step.  See the module docstring."""

    def __init__(self, model: Any, parts: list[_Part], *, unreachable: list | None = None,
                 warn_unreachable: bool = True) -> None:
        self.parts = parts
        self.unreachable: list[tuple[str, str]] = list(unreachable or [])
        self.notes: list[str] = []
        _check_disjoint(parts)
        names = None
        for part in parts:
            sites = [h.site for h in part.handles]
            if part.by_depth:
                if names is None:
                    from ..surgery.wrappers import logical_name

                    names = [logical_name(n) for n, _ in model.named_modules()]
                part.factors, notes = depth_factors(sites, names)
                self.notes += notes
            else:
                part.factors = dict.fromkeys(sites, 1.0)
        self.t = 0
        self._current: dict[str, float] = {}
        self._closed: str | None = None
        self._own_forwards = self._copy_forwards = 0
        self._model_ref: weakref.ref | None = None
        self._hook: Any = None
        if warn_unreachable and self.unreachable:
            listed = "; ".join(f"{site}: {why}" for site, why in self.unreachable[:8])
            more = len(self.unreachable) - 8
            warnings.warn(f"the schedule cannot reach {len(self.unreachable)} rate(s): {listed}"
                          + (f"; and {more} more (see sched.unreachable)" if more > 0 else ""),
                          ScheduleWarning, stacklevel=3)
        self._attach(model)
        self._warn_live_overlap(model)
        self._apply(model)

    # --- the model -----------------------------------------------------------------------
    @property
    def model(self) -> Any:
        """The model whose rates this scheduler changes (None once it is gone)."""
        return self._model_ref() if self._model_ref is not None else None

    def _attach(self, model: Any) -> None:
        self.model_type = type(model)  # kept when the model is gone, to find it again
        self._model_ref = weakref.ref(model)
        # finalize: a scheduler dropped without close() takes its hook off the model too.
        self._hook = weakref.finalize(self, model.register_forward_pre_hook(_Probe(self)).remove)
        _LIVE.setdefault(model, weakref.WeakSet()).add(self)
        self._own_forwards = self._copy_forwards = 0

    def _detach(self) -> None:
        if self._hook is not None:
            self._hook()  # removes the hook (once)
            self._hook = None
        model = self.model
        if model is not None and model in _LIVE:
            _LIVE[model].discard(self)

    def _saw_forward(self, module: Any) -> None:
        if module is self.model:
            self._own_forwards += 1
        else:
            self._copy_forwards += 1

    def _warn_live_overlap(self, model: Any) -> None:
        mine = {_key(h) for part in self.parts for h in part.handles}
        for other in list(_LIVE.get(model, ())):
            if other is self or other._closed:
                continue
            shared = sorted(f"{o}.{a}" if o else a for o, a in
                            mine & {_key(h) for part in other.parts for h in part.handles})
            if shared:
                warnings.warn(f"another live scheduler already changes {len(shared)} of these "
                              f"rates ({', '.join(shared[:4])}); both will set them at each "
                              "step: close() the old one, or compose schedules on disjoint "
                              "selections", ScheduleWarning, stacklevel=4)
                return

    def bind(self, model: Any) -> Scheduler:
        """Change the rates of ``model`` from now on (another instance of the same
        architecture: a deep copy, the model a trainer wraps).  Applies the current step."""
        for part in self.parts:
            for h in part.handles:
                try:
                    h.get(model)
                except Exception as exc:  # noqa: BLE001 - any failure means "not there"
                    raise ScheduleError(f"bind: rate {h.site} is not in {type(model).__name__} "
                                        f"({type(exc).__name__}: {exc})") from None
        self._detach()
        self._attach(model)
        self._apply(model)
        return self

    def close(self) -> None:
        """Stop: remove the forward hook; rates stay as they are now."""
        self._detach()
        self._closed = self._closed or "it was closed"

    def _live_model(self) -> Any:
        if self._closed:
            raise ScheduleError(f"this scheduler no longer steps: {self._closed}")
        model = self.model
        if model is None:
            raise ScheduleError(
                "step(): the model this scheduler changes no longer exists (it was replaced, "
                "e.g. by a deep copy or a surgery result, and freed); build the scheduler on "
                "the model you train, or call sched.bind(model)")
        if self._copy_forwards and not self._own_forwards:
            raise ScheduleError(
                f"step(): since the last step a deep copy of the scheduled model ran "
                f"{self._copy_forwards} forward(s) and the model this scheduler changes ran "
                "none: the copy is being trained with unscheduled rates; build the scheduler "
                "on the copy (dropsurgeon.schedule(copy, ...)) or call sched.bind(copy)")
        return model

    # --- stepping ------------------------------------------------------------------------
    def step(self, step: int | None = None) -> dict[str, float]:
        """Move to the next step (or to ``step``) and set its rates; returns ``current``."""
        model = self._live_model()
        target = self.t + 1 if step is None else check_step(step)
        before = dict(self._current)
        try:
            self._apply(model, target)
        except BaseException:
            # A failed step is not taken: the count stays (a checkpoint then resumes at the
            # right step) and the rates already set go back to the previous step's.
            for part in self.parts:
                for h in part.handles:
                    if h.site in before:
                        with contextlib.suppress(Exception):
                            h.set(model, before[h.site])
            raise
        self.t = target
        self._own_forwards = self._copy_forwards = 0
        return self.current

    def rates_at(self, step: int) -> dict[str, float]:
        """The rates the schedule gives at ``step``, without setting them."""
        step = check_step(step)
        out: dict[str, float] = {}
        for part in self.parts:
            p = part.preset.rate(step)
            for h in part.handles:
                out[h.site] = p * part.factors[h.site]
        return out

    def _apply(self, model: Any, step: int | None = None) -> None:
        rates = self.rates_at(self.t if step is None else step)
        for part in self.parts:
            for h in part.handles:
                try:
                    h.set(model, rates[h.site])
                except ScheduleError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a rate no longer where it was
                    raise ScheduleError(
                        f"cannot set the rate of {h.site}: {type(exc).__name__}: {exc} (was "
                        "the model changed after the scheduler was built?)") from None
        self._current = rates

    @property
    def current(self) -> dict[str, float]:
        """Site name -> the rate set now."""
        return dict(self._current)

    @property
    def sites(self) -> list[str]:
        return [h.site for part in self.parts for h in part.handles]

    # --- resuming ------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        return {"version": STATE_VERSION, "step": self.t,
                "parts": [part.spec() for part in self.parts], "sites": self.sites}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continue from a saved step (the schedule and its sites must be the same)."""
        if not isinstance(state, dict) or "step" not in state:
            raise ScheduleError("not a scheduler state_dict (expected a dict with 'step')")
        if state.get("version", STATE_VERSION) != STATE_VERSION:
            raise ScheduleError(f"scheduler state version {state.get('version')!r} is not "
                                f"supported (this dropsurgeon reads {STATE_VERSION})")
        saved = [p.get("p") for p in state.get("parts", [])]
        mine = [str(p.preset) for p in self.parts]
        if saved and saved != mine:
            raise ScheduleError(f"the state was saved for schedule(s) {', '.join(saved)}, "
                                f"this scheduler runs {', '.join(mine)}")
        sites = state.get("sites")
        if sites is not None and list(sites) != self.sites:
            missing = sorted(set(sites) - set(self.sites))
            extra = sorted(set(self.sites) - set(sites))
            raise ScheduleError("the state was saved for other sites"
                                + (f"; not here: {', '.join(missing[:4])}" if missing else "")
                                + (f"; new here: {', '.join(extra[:4])}" if extra else ""))
        self.t = check_step(state["step"])
        self._apply(self._live_model())

    # --- composing -----------------------------------------------------------------------
    def __add__(self, other: Scheduler) -> Scheduler:
        return compose(self, other)

    def __repr__(self) -> str:
        parts = ", ".join(f"{_shown(p.where)!r}: {p.preset}" for p in self.parts)
        return f"Scheduler(step={self.t}, {len(self.sites)} sites, {{{parts}}})"


def _check_disjoint(parts: list[_Part]) -> None:
    seen: dict[tuple[str, str], tuple[str, Any]] = {}
    for part in parts:
        for h in part.handles:
            k = _key(h)
            if k in seen and seen[k][1] is not part:
                raise ScheduleError(
                    f"schedules overlap: {h.site} is selected by {_shown(seen[k][1].where)!r} "
                    f"and by {_shown(part.where)!r}; compose schedules on disjoint selections "
                    "(use exclude=)")
            seen[k] = (h.site, part)


def _resolve(model: Any, where: Any, p: Any, by_depth: bool, exclude: Any,
             example_inputs: Any, example_kwargs: dict | None) -> tuple[_Part, list]:
    from ..surgery.rates import rate_handles

    if p is None:
        raise ScheduleError("schedule needs p: a number, a preset such as "
                            "early(0.1, until=2000), its text, or a callable step -> rate")
    preset = as_preset(p)
    found = rate_handles(model, where, exclude=exclude, example_inputs=example_inputs,
                         example_kwargs=example_kwargs)
    if not found.handles:
        raise ScheduleError(f"selector {_shown(where)!r} matches no rate the schedule can set"
                            + (f" ({len(found.unreachable)} unreachable)"
                               if found.unreachable else ""))
    return _Part(where, preset, bool(by_depth), list(found.handles)), list(found.unreachable)


def schedule(model: Any, where: Any = "dropout", p: Any = None, *, by_depth: bool = False,
             exclude: Any = None, example_inputs: Any = None,
             example_kwargs: dict | None = None) -> Scheduler:
    """A scheduler for the rates ``where`` selects (a surgery selector).

    ``p`` is a number, a callable ``step -> rate``, a preset from
    :mod:`dropsurgeon.schedules` or its text (``"early(0.1, until=2000)"``).  ``where`` may
    also be a dict ``{selector: p}`` for several schedules at once (disjoint selections).
    ``by_depth`` multiplies each site's rate by its relative depth ``l / L`` (drop-path
    style).  ``example_inputs`` let the runtime front-end find rates that only a forward
    shows.  Raises when the selection matches nothing or when schedules overlap.
    """
    if _is_nn_module(where):
        raise ScheduleError("schedule(model, where, p): where is a selector, not a module")
    items = list(where.items()) if isinstance(where, dict) else [(where, p)]
    if isinstance(where, dict) and p is not None:
        raise ScheduleError("give p inside the {selector: p} dict, not as well as p=")
    parts, unreachable = [], []
    for sel, rate in items:
        part, unreached = _resolve(model, sel, rate, by_depth, exclude, example_inputs,
                                   example_kwargs)
        parts.append(part)
        unreachable += [u for u in unreached if u not in unreachable]
    return Scheduler(model, parts, unreachable=unreachable)


def compose(*schedulers: Scheduler) -> Scheduler:
    """One scheduler stepping several (on the same model, disjoint selections).

    The schedulers given stop stepping on their own (their step() then says why); use the
    result.  ``a + b`` is ``compose(a, b)``.
    """
    if not schedulers or not all(isinstance(s, Scheduler) for s in schedulers):
        raise ScheduleError("compose takes schedulers made by dropsurgeon.schedule")
    model = schedulers[0].model
    if model is None or any(s.model is not model for s in schedulers):
        raise ScheduleError("compose: the schedulers change different models (or one model "
                            "is gone); build them on the same model")
    parts = [part for s in schedulers for part in s.parts]
    _check_disjoint(parts)
    unreachable: list = []
    for s in schedulers:
        unreachable += [u for u in s.unreachable if u not in unreachable]
    step = max(s.t for s in schedulers)
    for s in schedulers:
        s._detach()
        s._closed = "it was composed into another scheduler; step that one"
    out = Scheduler(model, parts, unreachable=unreachable, warn_unreachable=False)
    if step:
        out.step(step=step)
    return out


def _is_nn_module(obj: Any) -> bool:
    return hasattr(obj, "named_modules") and hasattr(obj, "forward")
