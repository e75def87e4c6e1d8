"""Rate presets: a dropout rate as a function of the optimisation step.

Each preset is a small frozen object, called with a step (``0, 1, 2 ...``: optimiser steps
done so far) and giving the rate for the next one.  ``str(preset)`` is the text the CLI and
:func:`~dropsurgeon.schedules.parse` read back (``early(0.1, until=2000)``), so a schedule
round-trips through a config file or a checkpoint.

==========================  ==========================================================
preset                      p(t)
==========================  ==========================================================
``constant(p)``             p
``linear(start, end, T)``   start + (end - start) * min(t, T) / T
``cosine(start, end, T)``   end + (start - end) * (1 + cos(pi * min(t, T) / T)) / 2
``early(p, until)``         p for t < until, then 0 (Liu et al. 2023)
``late(p, start)``          0 for t < start, then p (Liu et al. 2023)
``curriculum(p, gamma)``    1 - theta(t), theta(t) = (1 - theta_bar) exp(-gamma t) + theta_bar,
                            theta_bar = 1 - p (Morerio et al. 2017), i.e. p (1 - exp(-gamma t))
``warmup(p, T)``            p * min(t, T) / T, then p
==========================  ==========================================================

Impossible parameters (a rate of 1 or more, a negative step count) fail at construction
with a one-line :class:`ScheduleError`.  This module does not import torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from ..errors import DropsurgeonError


class ScheduleError(DropsurgeonError):
    """A schedule that cannot be built or run (bad preset, bad step, lost model)."""


def check_rate(value: Any, name: str = "p") -> float:
    """A rate in [0, 1): 1 would drop everything (and kinds dividing by 1 - p break)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScheduleError(f"{name} must be a number in [0, 1), got {value!r}")
    value = float(value)
    if math.isnan(value) or not 0.0 <= value < 1.0:
        raise ScheduleError(f"{name} must be in [0, 1), got {value:g}"
                            + (" (a rate of 1 drops every unit)" if value >= 1.0 else ""))
    return value


def check_steps(value: Any, name: str = "steps") -> int:
    """A whole, non-negative number of steps (2000.0 is read as 2000)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScheduleError(f"{name} must be a whole number of steps, got {value!r}")
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        raise ScheduleError(f"{name} must be a whole number of steps, got {value:g}")
    if value < 0:
        raise ScheduleError(f"{name} must be a number of steps >= 0, got {int(value)}")
    return int(value)


def check_step(step: Any) -> int:
    """The step a schedule is evaluated at: an int >= 0."""
    if isinstance(step, bool) or not isinstance(step, int):
        if not (isinstance(step, float) and step.is_integer()):
            raise ScheduleError(f"step must be an integer >= 0, got {step!r}")
    if step < 0:
        raise ScheduleError(f"step must be an integer >= 0, got {int(step)}")
    return int(step)


def _fraction(t: int, steps: int) -> float:
    # steps == 0: the ramp is already over at step 0.
    return 1.0 if steps == 0 else min(t, steps) / steps


class Preset:
    """Base of the presets: ``preset(step) -> rate``, ``str(preset)`` is its text form."""

    name = ""

    def __call__(self, step: int) -> float:  # pragma: no cover - every preset overrides it
        raise NotImplementedError

    def rate(self, step: int) -> float:
        """The rate at ``step`` (validated: an int >= 0)."""
        return self(check_step(step))

    def __str__(self) -> str:
        values = [getattr(self, f.name) for f in fields(self)]  # type: ignore[arg-type]
        return f"{self.name}({', '.join(_number(v) for v in values)})"

    def __repr__(self) -> str:
        return str(self)


def _number(value: Any) -> str:
    # repr round-trips a float exactly (0.1 stays 0.1, 1/3 keeps all its digits).
    return repr(value)


@dataclass(frozen=True, repr=False)
class constant(Preset):  # noqa: N801 - presets read like functions: constant(0.1)
    """The same rate at every step."""

    p: float
    name = "constant"

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", check_rate(self.p))

    def __call__(self, step: int) -> float:
        return self.p


@dataclass(frozen=True, repr=False)
class linear(Preset):  # noqa: N801
    """From ``start`` to ``end`` in ``steps`` steps, then ``end``."""

    start: float
    end: float
    steps: int
    name = "linear"

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", check_rate(self.start, "start"))
        object.__setattr__(self, "end", check_rate(self.end, "end"))
        object.__setattr__(self, "steps", check_steps(self.steps))

    def __call__(self, step: int) -> float:
        return self.start + (self.end - self.start) * _fraction(step, self.steps)


@dataclass(frozen=True, repr=False)
class cosine(Preset):  # noqa: N801
    """Half a cosine from ``start`` to ``end`` in ``steps`` steps (as in SGDR/annealing)."""

    start: float
    end: float
    steps: int
    name = "cosine"

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", check_rate(self.start, "start"))
        object.__setattr__(self, "end", check_rate(self.end, "end"))
        object.__setattr__(self, "steps", check_steps(self.steps))

    def __call__(self, step: int) -> float:
        f = _fraction(step, self.steps)
        return self.end + (self.start - self.end) * (1.0 + math.cos(math.pi * f)) / 2.0


@dataclass(frozen=True, repr=False)
class early(Preset):  # noqa: N801
    """Early dropout (Liu et al. 2023): rate ``p`` for the first ``until`` steps, then 0."""

    p: float
    until: int
    name = "early"

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", check_rate(self.p))
        object.__setattr__(self, "until", check_steps(self.until, "until"))

    def __call__(self, step: int) -> float:
        return self.p if step < self.until else 0.0

    def __str__(self) -> str:
        return f"early({_number(self.p)}, until={self.until})"


@dataclass(frozen=True, repr=False)
class late(Preset):  # noqa: N801
    """Late dropout (Liu et al. 2023): rate 0 before step ``start``, then ``p``."""

    p: float
    start: int
    name = "late"

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", check_rate(self.p))
        object.__setattr__(self, "start", check_steps(self.start, "start"))

    def __call__(self, step: int) -> float:
        return 0.0 if step < self.start else self.p

    def __str__(self) -> str:
        return f"late({_number(self.p)}, start={self.start})"


@dataclass(frozen=True, repr=False)
class curriculum(Preset):  # noqa: N801
    """Curriculum dropout (Morerio et al. 2017): the keep probability decays from 1.

    theta(t) = (1 - theta_bar) * exp(-gamma * t) + theta_bar with theta_bar = 1 - p_final,
    so the rate 1 - theta(t) rises from 0 towards ``p_final``.
    """

    p_final: float
    gamma: float
    name = "curriculum"

    def __post_init__(self) -> None:
        object.__setattr__(self, "p_final", check_rate(self.p_final, "p_final"))
        gamma = self.gamma
        if isinstance(gamma, bool) or not isinstance(gamma, (int, float)) \
                or not math.isfinite(gamma) or gamma <= 0:
            raise ScheduleError(f"gamma must be a number > 0, got {gamma!r}")
        object.__setattr__(self, "gamma", float(gamma))

    def __call__(self, step: int) -> float:
        theta_bar = 1.0 - self.p_final
        theta = (1.0 - theta_bar) * math.exp(-self.gamma * step) + theta_bar
        return 1.0 - theta


@dataclass(frozen=True, repr=False)
class warmup(Preset):  # noqa: N801
    """From 0 to ``p`` in ``steps`` steps, then ``p``."""

    p: float
    steps: int
    name = "warmup"

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", check_rate(self.p))
        object.__setattr__(self, "steps", check_steps(self.steps))

    def __call__(self, step: int) -> float:
        return self.p * _fraction(step, self.steps)


class function(Preset):  # noqa: N801
    """A user callable ``step -> rate``; each value is checked when it is used."""

    name = "function"

    def __init__(self, fn: Callable[[int], float]) -> None:
        if not callable(fn):
            raise ScheduleError(f"p must be a number, a preset or a callable, got {fn!r}")
        self.fn = fn

    def __call__(self, step: int) -> float:
        try:
            value = self.fn(step)
        except Exception as exc:  # noqa: BLE001 - the user's function
            raise ScheduleError(f"the rate function failed at step {step}: "
                                f"{type(exc).__name__}: {exc}") from None
        return check_rate(value, f"the rate function's value at step {step}")

    def __str__(self) -> str:
        return f"function({getattr(self.fn, '__qualname__', type(self.fn).__name__)})"


PRESETS: dict[str, type[Preset]] = {
    cls.name: cls for cls in (constant, linear, cosine, early, late, curriculum, warmup)
}


def as_preset(p: Any) -> Preset:
    """A number, a preset, its text form, or a callable ``step -> rate``, as a Preset."""
    if isinstance(p, Preset):
        return p
    if isinstance(p, str):
        from .parse import parse

        return parse(p)
    if isinstance(p, (int, float)) and not isinstance(p, bool):
        return constant(p)
    if callable(p) and not isinstance(p, type):
        return function(p)
    raise ScheduleError(f"p must be a number, a preset such as early(0.1, until=2000), its "
                        f"text, or a callable step -> rate; got {p!r}")
