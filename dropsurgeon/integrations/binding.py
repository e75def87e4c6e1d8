"""What both callbacks share: a schedule given as a spec or as a scheduler, bound to the
model the trainer trains, and the rates to log."""

from __future__ import annotations

from typing import Any

from ..schedules.presets import ScheduleError


class ScheduleBinding:
    """A scheduler for the trainer's model, made (or re-bound) when training starts.

    Give either ``p`` (with ``where``, ``by_depth``, ``exclude``, ``example_inputs``: the
    arguments of :func:`dropsurgeon.schedule`), built on the trainer's model; or a ready
    ``scheduler``, which must change that model (or a module inside it), or an instance of
    the same architecture (a deep copy: it is then re-bound with ``sched.bind``).
    """

    def __init__(self, where: Any = "dropout", p: Any = None, *, scheduler: Any = None,
                 by_depth: bool = False, exclude: Any = None, example_inputs: Any = None,
                 example_kwargs: dict | None = None, prefix: str = "dropout/",
                 log: bool = True) -> None:
        if (p is None) == (scheduler is None):
            raise ScheduleError("give the schedule as p=... (built on the trainer's model) or "
                                "as scheduler=..., not both or neither")
        self.spec = dict(where=where, p=p, by_depth=by_depth, exclude=exclude,
                         example_inputs=example_inputs, example_kwargs=example_kwargs)
        self.scheduler = scheduler
        self._from_spec = scheduler is None
        self.prefix = prefix
        self.log = log

    def __getstate__(self) -> dict:
        # Spawned workers (Lightning's ddp_spawn) get the spec and build their own scheduler
        # on their own model: a scheduler holds a weak reference, which does not pickle.
        state = dict(self.__dict__)
        if self._from_spec:
            state["scheduler"] = None
        return state

    def bind(self, model: Any) -> Any:
        """The scheduler, changing ``model`` (the trainer's) from now on."""
        if self.scheduler is None:
            from ..schedules.scheduler import schedule

            spec = dict(self.spec)
            self.scheduler = schedule(model, spec.pop("where"), spec.pop("p"), **spec)
            return self.scheduler
        sched = self.scheduler
        current = sched.model
        if current is not None and any(m is current for m in model.modules()):
            return sched
        # Another instance: the trained model itself, or the one module inside it of the
        # scheduled model's class (a LightningModule holding the network as self.net).
        same = [m for m in model.modules() if type(m) is sched.model_type and m is not model]
        if type(model) is sched.model_type or len(same) != 1:
            return sched.bind(model)
        return sched.bind(same[0])

    def step(self, step: int) -> None:
        if self.scheduler is None:
            raise ScheduleError("the dropout schedule callback was not bound to a model: "
                                "training did not start through the trainer")
        self.scheduler.step(step=step)

    def metrics(self) -> dict[str, float]:
        """``prefix + site -> rate`` of the rates set now (empty when logging is off)."""
        if not self.log or self.scheduler is None:
            return {}
        return {self.prefix + site: rate for site, rate in self.scheduler.current.items()}
