"""The built-in objective: train for some epochs, report a validation metric after each.

``train_objective(train, val, loss=..., epochs=..., optimizer=..., metric=...)`` is the
``objective(model, trial)`` that covers the common case.  Metrics:

* ``loss``: mean validation loss (minimised);
* ``accuracy``: validation accuracy of the argmax (maximised);
* ``log_likelihood``: the mean MC-dropout predictive log-likelihood on the validation set,
  from :func:`dropsurgeon.mc_predict` samples (maximised) - the criterion Gal & Ghahramani
  tuned the rate on.  For regression, ``noise_precision`` is tau; left at None, each trial
  takes the best tau of a log grid on the validation set, as their grid search did (the
  chosen tau is kept in the trial's ``user_attrs``).  For classification it is the mean
  log of the MC-averaged probability of the true class.

After each epoch the value is reported to the trial and the trial is pruned when the pruner
says so; the trial's rate schedule (if the space offers schedule families) steps after every
optimiser step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import DropsurgeonError
from .trial_model import trial_schedule

METRICS = {"loss": "minimize", "accuracy": "maximize", "log_likelihood": "maximize"}
TAU_GRID = tuple(10.0 ** (k / 4) for k in range(-8, 13))  # 0.01 .. 1000, 4 per decade


@dataclass
class TrainObjective:
    train: Iterable[Any]
    val: Iterable[Any]
    loss: Callable[[Any, Any], Any]
    epochs: int
    optimizer: Callable[[Any], Any]
    metric: str
    mc_samples: int
    noise_precision: float | None
    task: str

    @property
    def direction(self) -> str:
        return METRICS[self.metric]

    def __call__(self, model: Any, trial: Any) -> float:
        import optuna
        import torch

        opt = self.optimizer(model.parameters())
        steps = self.epochs * _length(self.train)
        sched = trial_schedule(model, steps) if steps else None
        value = math.nan
        for epoch in range(self.epochs):
            model.train()
            for x, y in self.train:
                opt.zero_grad()
                out = self.loss(model(x), y)
                out.backward()
                opt.step()
                if sched is not None:
                    sched.step()
            with torch.no_grad():
                value = self.evaluate(model, trial)
            trial.report(value, epoch)
            if not math.isfinite(value):
                break  # a diverged run: the trial fails (tune never ranks NaN)
            if trial.should_prune():
                raise optuna.TrialPruned(f"pruned after epoch {epoch + 1}: {value:.6g}")
        return value

    def evaluate(self, model: Any, trial: Any = None) -> float:
        """The metric of ``model`` on the validation set (call it under no_grad)."""
        if self.metric == "log_likelihood":
            return self._log_likelihood(model, trial)
        model.eval()
        total, count, correct = 0.0, 0, 0
        for x, y in self.val:
            out = model(x)
            n = len(y)
            total += float(self.loss(out, y)) * n
            if self.metric == "accuracy":
                correct += int((out.argmax(-1) == y).sum())
            count += n
        if count == 0:
            raise DropsurgeonError("the validation set is empty")
        return correct / count if self.metric == "accuracy" else total / count

    def _log_likelihood(self, model: Any, trial: Any) -> float:
        import torch

        from ..mc.predict import mc_predict

        xs, ys = zip(*list(self.val), strict=True)
        x, y = torch.cat(xs), torch.cat(ys)
        seed = None if trial is None else 1000 + trial.number
        result = mc_predict(model, x, samples=self.mc_samples, seed=seed, keep_samples=True,
                            task=self.task)
        if result.task == "classification":
            probs = result.probs.clamp_min(1e-12)
            return float(probs.gather(-1, y.long().view(-1, 1)).log().mean())
        if self.noise_precision is not None:
            return float(result.log_likelihood(y, self.noise_precision).mean())
        best_tau, best = TAU_GRID[0], -math.inf
        for tau in TAU_GRID:
            ll = float(result.log_likelihood(y, tau).mean())
            if ll > best:
                best_tau, best = tau, ll
        if trial is not None:
            trial.set_user_attr("noise_precision", best_tau)
        return best


def _default_loss(output: Any, target: Any) -> Any:
    import torch.nn.functional as F

    if target.dtype.is_floating_point:
        return F.mse_loss(output.reshape(target.shape), target)
    return F.cross_entropy(output, target)


def _length(batches: Any) -> int:
    try:
        return len(batches)
    except TypeError:
        return 0  # an iterable without a length: no schedule horizon, rates stay constant


def train_objective(train: Iterable[Any], val: Iterable[Any], *, loss: Any = None,
                    epochs: int = 5, optimizer: Callable[[Any], Any] | None = None,
                    metric: str = "loss", mc_samples: int = 20,
                    noise_precision: float | None = None,
                    task: str = "auto") -> TrainObjective:
    """An ``objective(model, trial)`` that trains on ``train`` and scores on ``val``.

    ``train`` and ``val`` are re-iterable batches of ``(input, target)`` (a DataLoader or a
    list).  ``loss(output, target)`` defaults to cross-entropy for integer targets and to
    mean squared error for floating targets; ``optimizer(params)`` defaults to Adam with lr 1e-3.
    """
    if metric not in METRICS:
        raise DropsurgeonError(f"metric must be one of {', '.join(METRICS)}, got {metric!r}")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise DropsurgeonError(f"epochs must be a positive whole number, got {epochs!r}")
    if loss is None:
        loss = _default_loss
    if optimizer is None:
        def optimizer(params: Any) -> Any:
            import torch

            return torch.optim.Adam(params, lr=1e-3)
    return TrainObjective(train, val, loss, epochs, optimizer, metric, mc_samples,
                          noise_precision, task)
