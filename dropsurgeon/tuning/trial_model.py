"""A trial's model: ``build()``, the trial's surgery, and (when asked) its rate schedule.

The schedule an objective steps is made here too, because only the surgery knows which
sites each group reached (an inserted dropout has a name the group's selector does not
give); :func:`trial_schedule` is what a user's objective calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import DropsurgeonError
from .config import Config
from .space import Space


@dataclass
class TrialModel:
    model: Any
    config: Config
    sites: dict[str, list[str]] = field(default_factory=dict)  # group -> rate sites
    scheduler: Any = None
    schedule_text: str = "constant"
    asked: bool = False  # whether the objective called trial_schedule


_ACTIVE: list[TrialModel] = []  # the trial this process runs now (trials run one at a time)


def build_trial_model(build: Any, space: Space, config: Config) -> TrialModel:
    """``build()`` with the configuration's surgery (verification is left to ``apply``)."""
    model = build()
    if not hasattr(model, "named_modules"):
        raise DropsurgeonError(f"build() returned {type(model).__name__}, not an nn.Module")
    plan = config.plan(space)
    if config.family == "constant":
        if len(plan):
            model = plan.apply(model, verify=False).model
        return TrialModel(model, config)
    # One group at a time, so each group's sites are known for its schedule.
    from .. import rate_handles  # the public name: wherever the rates module lives

    sites: dict[str, list[str]] = {}
    for op in plan.operations:
        where = op.where[0]
        before = {h.site for h in _handles(model, rate_handles)}
        model = type(plan)([op]).apply(model, verify=False).model
        if op.op == "set_rate":
            sites[where] = [h.site for h in rate_handles(model, where)]
        else:
            sites[where] = [h.site for h in _handles(model, rate_handles)
                            if h.site not in before]
    for where, p in config.rates.items():  # rate 0 inserted nothing: nothing to schedule
        if p == 0 and where not in sites:
            sites[where] = []
    # A later group that selects a site again owns it (its set_rate ran last).
    claimed: set[str] = set()
    for where in reversed(list(sites)):
        sites[where] = [s for s in sites[where] if s not in claimed]
        claimed |= set(sites[where])
    return TrialModel(model, config, sites)


def _handles(model: Any, rate_handles: Any) -> list[Any]:
    from ..surgery import NoMatchError

    try:
        return list(rate_handles(model, "dropout"))
    except NoMatchError:
        return []


def trial_schedule(model: Any, steps: int) -> Any:
    """The running trial's rate schedule over ``steps`` optimiser steps, bound to ``model``.

    Call it in an objective once ``model`` (the one the trial passed in) is about to be
    trained, and call ``.step()`` after each optimiser step.  ``None`` when the trial's
    schedule is ``constant`` (nothing to step) or when no trial is running.
    """
    if not _ACTIVE:
        return None
    active = _ACTIVE[-1]
    active.asked = True
    if active.config.family == "constant":
        return None
    if model is not active.model:
        raise DropsurgeonError("trial_schedule(model, steps): pass the model the trial gave "
                               "to the objective")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise DropsurgeonError(f"steps must be a positive number of optimiser steps, "
                               f"got {steps!r}")
    from ..schedules import schedule

    presets = active.config.presets(steps)
    where = {site: presets[group] for group, names in active.sites.items() for site in names}
    active.schedule_text = active.config.describe(steps)
    if not where:
        return None
    active.scheduler = schedule(model, where)
    return active.scheduler
