"""Opening a study: storage URL, sampler and pruner, with one-line errors.

``storage=None`` keeps the study in memory.  A database URL (``sqlite:///tune.db``,
``postgresql://user@host/db``, ``mysql://...``) stores it, so a second run with the same
study name resumes it and several processes (or machines) can work on it at once.
Workers send a heartbeat: a trial whose process died (killed, machine lost) is marked
failed by the next worker instead of staying "running" for ever.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import DropsurgeonError

HEARTBEAT_S = 20
GRACE_S = 60
DEFAULT_STUDY = "dropsurgeon-tune"


class StorageError(DropsurgeonError):
    """A storage URL that cannot be opened, or a study that does not fit this search."""


def optuna_module() -> Any:
    try:
        return importlib.import_module("optuna")
    except ImportError:
        raise DropsurgeonError("tuning needs Optuna: pip install 'dropsurgeon[tune]'") from None


def open_storage(storage: Any) -> Any:
    """An Optuna storage for ``storage`` (None: in memory; a URL; a storage object)."""
    optuna = optuna_module()
    if storage is None:
        return optuna.storages.InMemoryStorage()
    if not isinstance(storage, str):
        return storage
    url = storage.strip()
    if "://" not in url:
        raise StorageError(f"invalid storage URL {storage!r}: expected e.g. "
                           "sqlite:///tune.db or postgresql://user@host/db")
    engine_kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        # Several processes on one SQLite file wait for the lock instead of failing at once.
        engine_kwargs = {"connect_args": {"timeout": 60}}
    try:
        return optuna.storages.RDBStorage(url, engine_kwargs=engine_kwargs,
                                          heartbeat_interval=HEARTBEAT_S,
                                          grace_period=GRACE_S)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy's many URL and driver errors
        text = str(exc).strip().splitlines()
        raise StorageError(f"cannot open storage {storage!r}: {type(exc).__name__}: "
                           f"{text[0] if text else ''}") from None


def make_sampler(sampler: Any, seed: int | None, grid: dict[str, list[Any]] | None) -> Any:
    optuna = optuna_module()
    if sampler is None or sampler == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if sampler == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if sampler == "grid":
        if not grid:
            raise DropsurgeonError("sampler='grid' needs a grid: {param: [values]}")
        return optuna.samplers.GridSampler(grid, seed=seed)
    if isinstance(sampler, str):
        raise DropsurgeonError(f"unknown sampler {sampler!r}: tpe, random, grid or an Optuna "
                               "sampler")
    return sampler


def make_pruner(pruner: Any) -> Any:
    optuna = optuna_module()
    if pruner is None or pruner == "none":
        return optuna.pruners.NopPruner()
    if pruner == "median":
        # Wait for a few finished trials and a first epoch: early losses say little.
        return optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=1)
    if pruner == "hyperband":
        return optuna.pruners.HyperbandPruner()
    if isinstance(pruner, str):
        raise DropsurgeonError(f"unknown pruner {pruner!r}: median, hyperband, none or an "
                               "Optuna pruner")
    return pruner


def open_study(storage: Any, study: str | None, direction: str, sampler: Any, pruner: Any,
               seed: int | None, grid: dict[str, list[Any]] | None = None) -> Any:
    """Create the study, or load it when it exists (resuming); check its direction."""
    optuna = optuna_module()
    if direction not in ("minimize", "maximize"):
        raise DropsurgeonError(f"direction must be minimize or maximize, got {direction!r}")
    store = open_storage(storage)
    name = study or DEFAULT_STUDY
    try:
        found = optuna.create_study(storage=store, study_name=name, direction=direction,
                                    sampler=make_sampler(sampler, seed, grid),
                                    pruner=make_pruner(pruner), load_if_exists=True)
    except DropsurgeonError:
        raise
    except Exception as exc:  # noqa: BLE001 - database errors while creating tables
        text = str(exc).strip().splitlines()
        raise StorageError(f"cannot open study {name!r} in {storage!r}: "
                           f"{type(exc).__name__}: {text[0] if text else ''}") from None
    have = found.direction.name.lower()
    if have != direction:
        raise StorageError(f"study {name!r} exists and {have}s its metric; this search would "
                           f"{direction} (use another --study name)")
    return found
