"""Surgery: select places in a model, then insert, replace, remove or re-rate dropout.

Each function returns a new model (the input is deep-copied, never changed) and, by default,
verifies it (see :mod:`.verify`).  Things that could not be reached (functional dropout in a
forward fx cannot trace, attention dropout computed inside a kernel) are reported as
:class:`SurgeryWarning` warnings; :class:`Plan` gives the full result object instead.
"""

from __future__ import annotations

from typing import Any

from .apply import Change, Operation
from .apply import undo as _undo_in_place
from .plan import Plan, SurgeryResult, SurgeryWarning, warn_notes
from .select import NoMatchError, Target
from .select import select as _select
from .variants import KINDS, ConcreteDropout, concrete_regularisation
from .verify import Verification, VerificationError
from .view import ModelView

__all__ = [
    "KINDS", "Change", "ConcreteDropout", "NoMatchError", "Operation", "Plan",
    "SurgeryResult", "SurgeryWarning", "Target", "Verification", "VerificationError",
    "concrete_regularisation", "dry_run", "insert", "remove", "replace", "select", "set_rate",
    "undo",
]


def _run(plan: Plan, model: Any, example_inputs: Any, example_kwargs: dict | None,
         verify: bool) -> Any:
    result = plan.apply(model, example_inputs, example_kwargs, verify=verify)
    warn_notes(result)
    return result.model


def insert(model: Any, where: Any, p: float, kind: str = "dropout", *, exclude: Any = None,
           schedule: str = "constant", example_inputs: Any = None,
           example_kwargs: dict | None = None, verify: bool = True, **options: Any) -> Any:
    """A copy of ``model`` with ``kind`` dropout (rate ``p``) inserted at ``where``.

    ``where`` names modules (dropout goes after each, or before with ``before:``) or
    ``residual-branches``; ``kind='dropconnect'`` wraps the matched Linear/Conv instead.
    ``schedule='linear'`` ramps the rate from p/n to p over the n matches (Huang et al.).
    Options: ``block_size`` (dropblock), ``temperature`` (concrete).
    """
    plan = Plan().insert(where, p, kind, exclude=exclude, schedule=schedule, **options)
    return _run(plan, model, example_inputs, example_kwargs, verify)


def replace(model: Any, where: Any = "dropout", kind: str = "dropout", *, p: float | None = None,
            exclude: Any = None, example_inputs: Any = None, example_kwargs: dict | None = None,
            verify: bool = True, **options: Any) -> Any:
    """A copy of ``model`` whose dropout sites at ``where`` are ``kind`` (rates kept unless p)."""
    plan = Plan().replace(where, kind, p=p, exclude=exclude, **options)
    return _run(plan, model, example_inputs, example_kwargs, verify)


def remove(model: Any, where: Any = "dropout", *, exclude: Any = None,
           example_inputs: Any = None, example_kwargs: dict | None = None,
           verify: bool = True) -> Any:
    """A copy of ``model`` without the dropout sites at ``where`` (default: all of them)."""
    plan = Plan().remove(where, exclude=exclude)
    return _run(plan, model, example_inputs, example_kwargs, verify)


def set_rate(model: Any, where: Any, p: float, *, exclude: Any = None,
             schedule: str = "constant", example_inputs: Any = None,
             example_kwargs: dict | None = None, verify: bool = True) -> Any:
    """A copy of ``model`` whose dropout sites at ``where`` have rate ``p``."""
    plan = Plan().set_rate(where, p, exclude=exclude, schedule=schedule)
    return _run(plan, model, example_inputs, example_kwargs, verify)


def select(model: Any, where: Any, exclude: Any = None) -> list[Target]:
    """The targets a selector matches in ``model`` (raises NoMatchError when none)."""
    return _select(ModelView(model), where, exclude)


def dry_run(model: Any, plan: Plan, example_inputs: Any = None,
            example_kwargs: dict | None = None) -> list[Change]:
    """The changes ``plan`` would make to ``model``, without keeping the result."""
    return plan.dry_run(model, example_inputs, example_kwargs).changes


def undo(model: Any) -> Any:
    """A copy of ``model`` with every dropsurgeon change reverted, values kept."""
    import copy

    return _undo_in_place(copy.deepcopy(model))
