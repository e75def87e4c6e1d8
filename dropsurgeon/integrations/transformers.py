"""A transformers ``TrainerCallback`` that steps a dropout schedule per optimiser step.

>>> from dropsurgeon.integrations.transformers import DropoutScheduleCallback
>>> trainer = Trainer(model=model, args=args, train_dataset=ds,              # doctest: +SKIP
...                   callbacks=[DropoutScheduleCallback("dropout", p="early(0.1, until=2000)")])

At the start of training the schedule is built on (or bound to) the model the Trainer trains.
At the beginning of each optimiser step the rates are set for ``state.global_step`` (a
resumed run continues from the checkpoint's step).  Each time the Trainer logs, the rates of
the step just finished are added as ``dropout/<site>`` to the logs: to the Trainer's
``state.log_history`` and to the ``logs`` that callbacks after this one receive.  Reporting
integrations chosen by ``report_to`` are registered *before* user callbacks, so to send the
rates to one of them put its callback after this one (``report_to="none", callbacks=[
DropoutScheduleCallback(...), TensorBoardCallback()]``).
"""

from __future__ import annotations

from typing import Any

try:
    from transformers import TrainerCallback
except ImportError:  # pragma: no cover - the extra is missing
    from ..errors import DropsurgeonError

    raise DropsurgeonError("dropsurgeon.integrations.transformers needs transformers: "
                           "pip install 'dropsurgeon[hf]'") from None

from .binding import ScheduleBinding


class DropoutScheduleCallback(TrainerCallback):
    """Step a dropout schedule inside ``transformers.Trainer``; see the module docstring.

    Arguments are those of :func:`dropsurgeon.schedule` (``where``, ``p``, ``by_depth``,
    ``exclude``, ``example_inputs``), or ``scheduler=`` a ready one; ``log=False`` stops
    logging, ``prefix`` names the metrics.
    """

    def __init__(self, where: Any = "dropout", p: Any = None, **options: Any) -> None:
        self.binding = ScheduleBinding(where, p, **options)

    @property
    def scheduler(self) -> Any:
        return self.binding.scheduler

    def on_train_begin(self, args: Any, state: Any, control: Any, model: Any = None,
                       **kwargs: Any) -> None:
        if model is None:
            from ..schedules.presets import ScheduleError

            raise ScheduleError("the Trainer gave the dropout schedule callback no model")
        self.binding.bind(model)

    def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self.binding.step(state.global_step)

    def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None,
               **kwargs: Any) -> None:
        metrics = self.binding.metrics()
        if not metrics or logs is None or ("loss" not in logs and "learning_rate" not in logs):
            return  # evaluation logs: no training step behind them
        logs.update(metrics)
        # Trainer.log stored a copy of logs before calling back: add the rates there too.
        if state.log_history and state.log_history[-1].get("step") == state.global_step:
            state.log_history[-1].update(metrics)
