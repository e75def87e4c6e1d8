"""Function summaries: what a function does to the mode of each parameter.

For each parameter: the uses made of it while it still has the caller's mode (evaluations and
training steps, with the chain of calls that leads to each), and the mode it has when the
function returns (``entry`` when the function does not switch it, ``unknown`` when only some
paths do or code out of sight receives it).  Also what the function returns: one of its
parameters, or a new object (a built or loaded model) in a mode.  Callers apply summaries at
their calls; :mod:`.walk` computes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...findings import TraceStep
from .state import Obj


@dataclass
class Use:
    kind: str  # "eval" | "train"
    step: TraceStep  # the use itself (the model call)
    chain: list[TraceStep] = field(default_factory=list)  # calls between the function and it
    label: str = ""  # the name the use's function gives the object
    function: str = ""  # the function the use is in
    region: str = ""  # why it is an evaluation ("under `torch.no_grad()`", ...)
    # a training use whose optimizer steps all sit under tests on the function's parameters
    # (``if mode == "train":``): each caller decides it from its arguments
    # (``capture.arg_guards``); in memory only, exported as "conditional"
    guards: Any = None
    # a call of a method or submodule of the object (``model.encode(src)``): a use only
    # where the caller knows the object's class and that method switches no mode
    method: str = ""
    # the function whose parameters ``guards`` test (the use's own function, or a caller
    # that handed its parameters on: ``run_epoch(..., optimizer)`` -> ``run_batch``)
    guard_owner: str = ""
    # the model call itself (in memory only): a class whose forward switches its own mode
    # decides from the call's arguments
    node: Any = None
    # an evaluation whose output the function only returns (``out = model(x); return out``):
    # what the caller does with the returned value decides (in memory only)
    returned: bool = False
    # an evaluation whose output the function only draws (``ax.imshow``, ``save_image``), on
    # inputs that are all parameters of the function (these indexes) or made up in it: a
    # caller that hands in made-up tensors (a GAN's fixed noise) draws samples, no
    # measurement (in memory only)
    viewed_inputs: tuple[int, ...] | None = None


@dataclass
class Summary:
    name: str
    params: list[str]
    uses: dict[int, list[Use]] = field(default_factory=dict)
    exits: dict[int, tuple[str, list[TraceStep]]] = field(default_factory=dict)
    returns_param: int | None = None
    returns_copy_of: int | None = None  # returns a copy of this parameter
    returns: Obj | None = None
    # `return model, criterion`: the model's position in the tuple, and the model (or the
    # index of the parameter returned); in memory only (read in the file)
    returns_in_tuple: Any = None
    line: int = 0
    # methods called on each parameter (the caller checks them against the class it knows)
    methods: dict[int, set[str]] = field(default_factory=dict)

    def add_use(self, index: int, use: Use) -> None:
        bucket = self.uses.setdefault(index, [])
        key = (use.kind, use.step.line, use.step.column)
        if all((u.kind, u.step.line, u.step.column) != key for u in bucket):
            bucket.append(use)
