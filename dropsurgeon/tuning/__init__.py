"""Tuning: choose dropout rates, placements and schedules on a validation set with Optuna.

>>> result = dropsurgeon.tune(Net, objective, {"dropout": None, "before:head": [0, 0.5]},
...                           trials=50, storage="sqlite:///tune.db", study="net")
... # doctest: +SKIP
>>> result.best_plan.to_json()   # what `dropsurgeon apply --plan` takes  # doctest: +SKIP

Modules: :mod:`.space` (the search space in selector vocabulary; no torch, no optuna),
:mod:`.config` (a trial's parameters -> a surgery plan), :mod:`.trial_model` (the trial's
model and rate schedule), :mod:`.storage` (studies in memory or in a database),
:mod:`.run` (the search loop), :mod:`.objective` (the built-in train-and-validate
objective), :mod:`.result` and :mod:`.figures` (plan, table, PNGs).

The folder is ``tuning`` and not ``tune`` because ``dropsurgeon.tune`` is the public
function: a subpackage of that name would replace it as the package attribute once imported.
Optuna is an optional extra (``pip install 'dropsurgeon[tune]'``), imported when a search
starts.
"""

from __future__ import annotations

import importlib
from typing import Any

from .space import FAMILIES, Group, Space, SpaceError, default_range, parse_space

__all__ = ["FAMILIES", "Group", "Space", "SpaceError", "TrainObjective", "TuneResult",
           "default_range", "parse_space", "train_objective", "trial_schedule", "tune"]

_LAZY = {"tune": "run", "TuneResult": "result", "train_objective": "objective",
         "TrainObjective": "objective", "trial_schedule": "trial_model"}


def __getattr__(name: str) -> Any:
    # The search loop imports optuna and torch on use; the space parser imports neither.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dropsurgeon.tuning' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
