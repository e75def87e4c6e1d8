"""``tune``: the search loop over one Optuna study, safe to run in many processes at once.

``trials`` is the study's total, not this call's: every process started with the same
storage URL and study name works until the study holds ``trials`` counted trials, and a
second run resumes where the first stopped.  A counted trial is one that ran its objective
to an end (completed, pruned, or failed with the objective's own error).  Trials that were
interrupted (Ctrl-C), lost with their process (heartbeat) or asked for beyond the total by
a racing worker are marked failed, say why in their ``user_attrs``, and count for nothing.
"""

from __future__ import annotations

import math
import os
import socket
import sys
import warnings
from collections.abc import Callable
from typing import Any

from ..errors import DropsurgeonError
from .config import config_from_params, resolve_space, suggest
from .result import TuneResult
from .space import Space, SpaceError, parse_space
from .storage import open_study, optuna_module
from .trial_model import _ACTIVE, build_trial_model


class _ObjectiveFailed(Exception):
    """The objective raised or returned no usable number (the trial is failed; go on)."""


def tune(build: Callable[[], Any], objective: Callable[[Any, Any], float], space: Any = None,
         trials: int = 20, storage: Any = None, study: str | None = None,
         pruner: Any = "median", seed: int | None = None, *, direction: str | None = None,
         sampler: Any = "tpe", grid: dict[str, list[Any]] | None = None,
         progress: bool | None = None, on_trial: Callable[[Any], None] | None = None,
         ) -> TuneResult:
    """Search dropout rates, placements and schedules with Optuna; a :class:`TuneResult`.

    ``build()`` returns a fresh model; ``objective(model, trial)`` trains it, may call
    ``trial.report(value, step)`` (and raise ``optuna.TrialPruned`` when
    ``trial.should_prune()``), and returns the validation metric.  ``space`` is a dict
    ``{selector: [low, high] | None | {...}}`` or a list of selectors (see
    :mod:`.space`).  ``direction`` defaults to the objective's ``direction`` attribute (the
    built-in :func:`~.objective.train_objective` has one) or ``minimize``.  ``storage`` is
    None (in memory), a database URL or an Optuna storage; ``study`` names the study
    (created, or loaded and resumed).  ``pruner``: ``median``, ``hyperband``, ``none`` or an
    Optuna pruner; ``sampler``: ``tpe``, ``random``, ``grid`` (with ``grid``) or an Optuna
    sampler.  ``progress`` shows a bar (default: when stderr is a terminal).
    """
    if isinstance(trials, bool) or not isinstance(trials, int) or trials < 1:
        raise DropsurgeonError(f"trials must be a positive whole number, got {trials!r}")
    if not callable(build) or not callable(objective):
        raise DropsurgeonError("tune(build, objective, space): build and objective are "
                               "callables")
    optuna = optuna_module()
    direction = direction or getattr(objective, "direction", "minimize")
    parsed = parse_space(space)
    resolved = resolve_space(parsed, build())  # unknown selectors fail before any trial
    # Optuna logs every trial, and a failed one with its traceback; we say one line instead.
    verbosity = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    try:
        with warnings.catch_warnings():
            # heartbeats and fail_stale_trials are "experimental" since Optuna 2.9
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return _search(optuna, build, objective, resolved, trials, storage, study, pruner,
                           seed, direction, sampler, grid, progress, on_trial)
    finally:
        optuna.logging.set_verbosity(verbosity)


def _search(optuna: Any, build: Any, objective: Any, resolved: Space, trials: int,
            storage: Any, study: str | None, pruner: Any, seed: int | None, direction: str,
            sampler: Any, grid: Any, progress: bool | None, on_trial: Any) -> TuneResult:
    found = open_study(storage, study, direction, sampler, pruner, seed, grid)
    _check_same_space(found, resolved)
    # A worker that died left its trials "running": fail them so they count for nothing.
    optuna.storages.fail_stale_trials(found)
    here: list[int] = []
    warned: list[bool] = []  # the unused-schedule warning is given once per search
    bar = _Progress(progress, trials, found)
    state = optuna.trial.TrialState
    try:
        while _counted(found, state) < trials:
            finished = _one_trial(optuna, found, build, objective, resolved, trials, warned)
            if finished is None:
                break  # a racing worker took the last trial
            here.append(finished.number)
            bar.advance(found, finished)
            if on_trial is not None:
                on_trial(finished)
    finally:
        bar.close()
    return TuneResult(found, resolved, trials, here)


def _one_trial(optuna: Any, found: Any, build: Any, objective: Any, space: Space,
               total: int, warned: list[bool]) -> Any:
    numbers: list[int] = []

    def run(trial: Any) -> float:
        try:
            return body(trial)
        except KeyboardInterrupt:  # Optuna marks the trial failed; say why
            trial.set_user_attr("interrupted", True)
            raise

    def body(trial: Any) -> float:
        numbers.append(trial.number)
        trial.set_user_attr("worker", f"{socket.gethostname()}:{os.getpid()}")
        if _surplus(found, trial.number, total):
            trial.set_user_attr("surplus", True)
            raise _Surplus
        config = config_from_params(space, suggest(trial, space))
        trial.set_user_attr("schedule", config.describe())
        try:
            active = build_trial_model(build, space, config)
        except DropsurgeonError as exc:  # a configuration surgery cannot make
            _fail(trial, f"{type(exc).__name__}: {exc}")
        _ACTIVE.append(active)
        try:
            value = objective(active.model, trial)
        except (optuna.TrialPruned, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the user's objective: fail this trial only
            _fail(trial, f"{type(exc).__name__}: {_first_line(exc)}")
        finally:
            _ACTIVE.pop()
            if active.scheduler is not None:
                active.scheduler.close()
        if active.schedule_text != "constant":
            trial.set_user_attr("schedule", active.schedule_text)
        if config.family != "constant" and not active.asked and not warned:
            warned.append(True)
            warnings.warn("the space offers schedule families, but the objective never called "
                          "dropsurgeon.tuning.trial_schedule(model, steps): the schedule "
                          "parameter changes nothing", UserWarning, stacklevel=2)
        return _metric(trial, value)

    found.optimize(run, n_trials=1, catch=(_ObjectiveFailed, _Surplus),
                   gc_after_trial=False, show_progress_bar=False)
    if not numbers:
        return None
    frozen = next(t for t in found.get_trials(deepcopy=False) if t.number == numbers[0])
    if frozen.user_attrs.get("surplus"):
        return None
    if frozen.user_attrs.get("error"):
        print(f"dropsurgeon: trial {frozen.number} failed: {frozen.user_attrs['error']}",
              file=sys.stderr)
    return frozen


class _Surplus(Exception):
    """Another worker already asked for the study's last trial."""


def _fail(trial: Any, message: str) -> None:
    trial.set_user_attr("error", message)
    raise _ObjectiveFailed(message)


def _metric(trial: Any, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        _fail(trial, f"the objective returned {type(value).__name__}, not a number")
    if not math.isfinite(number):
        # NaN (a diverged run) or an infinite value must never become the best trial.
        _fail(trial, f"the objective returned {number} (a failed trial, not a best one)")
    return number


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else ""


def _counted(found: Any, state: Any) -> int:
    return sum(1 for t in found.get_trials(deepcopy=False) if _is_counted(t, state))


def _is_counted(t: Any, state: Any) -> bool:
    if t.state in (state.COMPLETE, state.PRUNED):
        return True
    return t.state == state.FAIL and bool(t.user_attrs.get("error"))


def _surplus(found: Any, number: int, total: int) -> bool:
    """Whether trials numbered below ``number`` already fill the study (counted or running).

    Two workers can both see ``total - 1`` trials and both ask for one more; trial numbers
    are unique, so exactly the later one finds itself beyond the total and steps back.
    """
    state = optuna_module().trial.TrialState
    before = [t for t in found.get_trials(deepcopy=False) if t.number < number]
    return sum(1 for t in before
               if _is_counted(t, state) or t.state == state.RUNNING) >= total


def _check_same_space(found: Any, space: Space) -> None:
    """A resumed study must search the same space (or its trials would mean other things)."""
    import json

    text = json.dumps(space.to_dict(), sort_keys=True)
    stored = found.user_attrs.get("dropsurgeon_space")
    if stored is None:
        found.set_user_attr("dropsurgeon_space", text)
    elif stored != text:
        raise SpaceError(f"study {found.study_name!r} was searched over another space "
                         f"({stored}); use another study name")


class _Progress:
    """A rich progress bar on a terminal (stderr); nothing otherwise."""

    def __init__(self, enabled: bool | None, total: int, found: Any) -> None:
        self._bar = None
        if enabled is None:
            enabled = sys.stderr.isatty()
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        state = optuna_module().trial.TrialState
        self._bar = Progress(TextColumn("tune"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("{task.description}"),
                             console=Console(stderr=True), transient=False)
        self._bar.start()
        self._task = self._bar.add_task("", total=total, completed=_counted(found, state))

    def advance(self, found: Any, trial: Any) -> None:
        if self._bar is None:
            return
        state = optuna_module().trial.TrialState
        try:
            best = f"best {found.best_value:.6g}"
        except ValueError:
            best = "no trial completed yet"
        self._bar.update(self._task, completed=_counted(found, state), description=best)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
