"""A PyTorch Lightning callback that steps a dropout schedule per optimiser step.

>>> from dropsurgeon.integrations.lightning import DropoutScheduleCallback
>>> trainer = lightning.Trainer(callbacks=[                                  # doctest: +SKIP
...     DropoutScheduleCallback("dropout", p="early(0.1, until=2000)")])

At the start of fit the schedule is built on (or bound to) the ``LightningModule`` being
trained.  Before each training batch the rates are set for ``trainer.global_step`` (so with
gradient accumulation they change once per optimiser step, and a resumed run continues where
the checkpoint's global step is), and logged as ``dropout/<site>`` through the module's
logger (``self.log``, on step): the value logged for a batch is the rate that batch ran with.
"""

from __future__ import annotations

from typing import Any

try:
    from lightning.pytorch import Callback
except ImportError:  # pragma: no cover - the extra is missing
    try:
        from pytorch_lightning import Callback
    except ImportError:
        from ..errors import DropsurgeonError

        raise DropsurgeonError("dropsurgeon.integrations.lightning needs PyTorch Lightning: "
                               "pip install 'dropsurgeon[lightning]'") from None

from .binding import ScheduleBinding


class DropoutScheduleCallback(Callback):
    """Step a dropout schedule inside ``lightning.Trainer.fit``; see the module docstring.

    Arguments are those of :func:`dropsurgeon.schedule` (``where``, ``p``, ``by_depth``,
    ``exclude``, ``example_inputs``), or ``scheduler=`` a ready one; ``log=False`` stops
    logging, ``prefix`` names the metrics.
    """

    def __init__(self, where: Any = "dropout", p: Any = None, **options: Any) -> None:
        super().__init__()
        self.binding = ScheduleBinding(where, p, **options)

    @property
    def scheduler(self) -> Any:
        return self.binding.scheduler

    def on_fit_start(self, trainer: Any, pl_module: Any) -> None:
        self.binding.bind(pl_module)

    def on_train_batch_start(self, trainer: Any, pl_module: Any, batch: Any,
                             batch_idx: int) -> None:
        self.binding.step(trainer.global_step)
        metrics = self.binding.metrics()
        if metrics:
            pl_module.log_dict(metrics, on_step=True, on_epoch=False, prog_bar=False,
                               logger=True)
