"""One trial's configuration: parameters drawn from the space, then a surgery plan.

The parameters are plain values named after the groups (``p:<selector>``,
``use:<selector>``, ``kind:<selector>``, ``schedule``, ``switch``), so the best trial read
back from a database (a ``FrozenTrial``'s ``params``) gives the same plan as the live trial
did: :func:`plan_from_params` is the single place that turns parameters into surgery.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .space import Group, Space, SpaceError

SWITCH = (0.1, 0.9)  # where in training early/late switch and curriculum reaches 95 %


def resolve_space(space: Space, model: Any) -> Space:
    """``space`` with each ``auto`` group decided on ``model``; unknown selectors fail here.

    A group re-rates when its selector reaches dropout sites, and inserts otherwise.
    """
    from ..errors import DropsurgeonError
    from ..surgery import NoMatchError, Plan
    from ..surgery import select as select_targets

    groups = []
    for g in space.groups:
        try:
            select_targets(model, g.where)
        except NoMatchError as exc:
            raise SpaceError(f"unknown selector {g.where!r}: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - a malformed selector (bad regex, class)
            raise SpaceError(f"selector {g.where!r}: {exc}") from None
        op = g.op
        if op in ("auto", "set_rate"):
            try:
                Plan().set_rate(g.where, g.low).dry_run(model)
                op = "set_rate"
            except DropsurgeonError as exc:  # no dropout there (or residual branches)
                if op == "set_rate":
                    raise SpaceError(f"{g.where}: {exc}") from None
                op = "insert"
        if op == "insert":
            for kind in g.kinds or ("dropout",):  # every kind must fit every place
                try:
                    Plan().insert(g.where, max(g.high, 0.1), kind).dry_run(model)
                except DropsurgeonError as exc:
                    raise SpaceError(f"{g.where}: cannot insert {kind} there: {exc}") \
                        from None
        if op == "set_rate" and (g.optional or g.kinds):
            raise SpaceError(f"{g.where}: optional and kinds are choices of an insertion; "
                             "this group re-rates existing dropout (give op: insert)")
        groups.append(replace(g, op=op))
    return replace(space, groups=tuple(groups))


def suggest(trial: Any, space: Space) -> dict[str, Any]:
    """Draw one configuration with Optuna's define-by-run API (conditional parameters)."""
    params: dict[str, Any] = {}
    for g in space.groups:
        if g.optional and not trial.suggest_categorical(f"use:{g.where}", [True, False]):
            continue
        if len(g.kinds) > 1:
            trial.suggest_categorical(f"kind:{g.where}", list(g.kinds))
        if g.low == g.high:
            continue  # a fixed rate is no parameter (Optuna would store a constant)
        trial.suggest_float(g.param, g.low, g.high)
    if len(space.schedules) > 1:
        family = trial.suggest_categorical("schedule", list(space.schedules))
    else:
        family = space.schedules[0]
    if family != "constant":
        trial.suggest_float("switch", *SWITCH)
    params.update(trial.params)
    return params


@dataclass
class Config:
    """What a trial's parameters mean: the rate (and kind) of each group, the schedule."""

    rates: dict[str, float]  # group selector -> rate (groups left out are absent)
    kinds: dict[str, str]
    family: str = "constant"
    switch: float = 0.5

    def plan(self, space: Space) -> Any:
        """The surgery plan of these rates (what ``dropsurgeon apply`` takes)."""
        from ..surgery import Plan

        plan = Plan()
        for g in space.groups:
            if g.where not in self.rates:
                continue
            p = self.rates[g.where]
            if g.op == "set_rate":
                plan.set_rate(g.where, p)
            elif p > 0:  # inserting dropout of rate 0 would only add a no-op module
                plan.insert(g.where, p, self.kinds.get(g.where, "dropout"))
        return plan

    def presets(self, steps: int) -> dict[str, Any]:
        """Group selector -> rate preset over ``steps`` optimiser steps."""
        from ..schedules import constant, curriculum, early, late

        at = max(1, round(self.switch * steps))
        out = {}
        for where, p in self.rates.items():
            if self.family == "early":
                out[where] = early(p, until=at)
            elif self.family == "late":
                out[where] = late(p, start=at)
            elif self.family == "curriculum" and p > 0:
                out[where] = curriculum(p, gamma=3.0 / at)  # 1 - e^-3 = 95 % of p at `at`
            else:
                out[where] = constant(p)
        return out

    def describe(self, steps: int | None = None) -> str:
        if self.family == "constant":
            return "constant"
        where = f"{self.switch:.2f} of training" if steps is None else \
            f"step {max(1, round(self.switch * steps))}"
        return f"{self.family} (switch at {where})"


def config_from_params(space: Space, params: dict[str, Any]) -> Config:
    rates: dict[str, float] = {}
    kinds: dict[str, str] = {}
    for g in space.groups:
        if g.optional and not params.get(f"use:{g.where}", True):
            continue
        rates[g.where] = float(params.get(g.param, g.low))
        kind = params.get(f"kind:{g.where}", g.kinds[0] if g.kinds else None)
        if kind:
            kinds[g.where] = kind
    family = params.get("schedule", space.schedules[0])
    return Config(rates, kinds, family, float(params.get("switch", 0.5)))


def plan_from_params(space: Space, params: dict[str, Any]) -> Any:
    return config_from_params(space, params).plan(space)


def group_of(space: Space, where: str) -> Group:
    for g in space.groups:
        if g.where == where:
            return g
    raise KeyError(where)
