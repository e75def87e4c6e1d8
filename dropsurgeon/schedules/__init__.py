"""Dropout over training: rate presets and schedulers.

>>> import dropsurgeon
>>> from dropsurgeon.schedules import early
>>> sched = dropsurgeon.schedule(model, "dropout", p=early(0.1, until=2000))  # doctest: +SKIP
>>> for batch in data:                                                        # doctest: +SKIP
...     loss.backward(); opt.step(); sched.step()

The presets (:mod:`.presets`) and their parser (:mod:`.parse`) do not import torch; the
scheduler (:mod:`.scheduler`) changes rates through :mod:`dropsurgeon.rates`, so it reaches
what ``set_rate`` reaches.
"""

from __future__ import annotations

from typing import Any

from .parse import parse
from .presets import (
    PRESETS,
    Preset,
    ScheduleError,
    as_preset,
    constant,
    cosine,
    curriculum,
    early,
    function,
    late,
    linear,
    warmup,
)

__all__ = [
    "PRESETS", "Preset", "ScheduleError", "Scheduler", "ScheduleWarning", "as_preset",
    "compose", "constant", "cosine", "curriculum", "early", "function", "late", "linear",
    "parse", "plot", "schedule", "warmup",
]

_LAZY = {"Scheduler": "scheduler", "ScheduleWarning": "scheduler", "compose": "scheduler",
         "schedule": "scheduler", "plot": "plot"}


def __getattr__(name: str) -> Any:
    # The scheduler imports torch; the presets and the parser must not.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dropsurgeon.schedules' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
