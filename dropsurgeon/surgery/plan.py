"""A surgery plan: operations as data, shown as a dry run, applied, verified, undone.

>>> plan = Plan().insert("after:Linear", p=0.1).replace("dropout", kind="mc")
>>> plan.to_json()                       # doctest: +SKIP
>>> result = plan.apply(model, example_inputs=(x,))   # doctest: +SKIP
>>> result.model, result.changes, result.notes, result.verification  # doctest: +SKIP

The input model is never changed: ``apply`` works on a deep copy.  Applying the same plan to
a fresh instance of the same architecture gives the same model, because selectors are
resolved again on each model (the plan stores selectors, not object ids).
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from ..errors import DropsurgeonError
from . import verify as _verify
from .apply import Change, Inputs, Operation, apply_operation, undo
from .save import CARRIED
from .verify import Verification, check, eval_outputs

PLAN_VERSION = 1


class SurgeryWarning(UserWarning):
    """Something a surgery could not reach (it is listed, never silently skipped)."""


@dataclass
class SurgeryResult:
    model: Any  # nn.Module
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be reached, caveats
    verification: Verification | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [c.to_dict() for c in self.changes],
            "notes": list(self.notes),
            "verification": self.verification.to_dict() if self.verification else None,
        }


def _where(where: Any) -> list[str]:
    """Selectors as JSON-able strings (a class becomes ``type:module.Name``)."""
    if where is None:
        return []
    items = [where] if isinstance(where, (str, type)) else list(where)
    out = []
    for item in items:
        if isinstance(item, type):
            module = item.__module__
            importable = not module.startswith(("_dropsurgeon_user_", "__main__"))
            out.append(f"type:{module}.{item.__qualname__}" if importable
                       else f"type:{item.__name__}")
        elif isinstance(item, str):
            out.append(item)
        else:
            raise DropsurgeonError(f"bad selector {item!r}: expected a string or a class")
    return out


class Plan:
    """An ordered list of surgery operations."""

    def __init__(self, operations: list[Operation] | None = None) -> None:
        self.operations: list[Operation] = list(operations or [])

    # --- building ------------------------------------------------------------------------
    def insert(self, where: Any, p: float, kind: str = "dropout", *, exclude: Any = None,
               schedule: str = "constant", **options: Any) -> Plan:
        """Insert ``kind`` dropout at ``where`` (after a module unless ``before:``);
        ``dropconnect`` wraps the matched Linear/Conv modules instead."""
        self.operations.append(Operation("insert", _where(where), _where(exclude), kind, p,
                                         schedule, options))
        return self

    def replace(self, where: Any = "dropout", kind: str = "dropout", *, p: float | None = None,
                exclude: Any = None, **options: Any) -> Plan:
        """Swap the dropout sites at ``where`` for ``kind`` (keeping each rate unless ``p``)."""
        self.operations.append(Operation("replace", _where(where), _where(exclude), kind, p,
                                         "constant", options))
        return self

    def remove(self, where: Any = "dropout", *, exclude: Any = None) -> Plan:
        """Take the dropout sites at ``where`` out (for inference or export)."""
        self.operations.append(Operation("remove", _where(where), _where(exclude)))
        return self

    def set_rate(self, where: Any, p: float, *, exclude: Any = None,
                 schedule: str = "constant") -> Plan:
        """Set the rate of the dropout sites at ``where``."""
        self.operations.append(Operation("set_rate", _where(where), _where(exclude), None, p,
                                         schedule))
        return self

    # --- JSON ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"version": PLAN_VERSION, "operations": [o.to_dict() for o in self.operations]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: Any) -> Plan:
        if not isinstance(data, dict) or not isinstance(data.get("operations"), list):
            raise DropsurgeonError("a plan is a JSON object with an 'operations' list")
        if data.get("version", PLAN_VERSION) != PLAN_VERSION:
            raise DropsurgeonError(f"plan version {data.get('version')!r} is not supported "
                                   f"(this dropsurgeon reads version {PLAN_VERSION})")
        ops = []
        for i, raw in enumerate(data["operations"]):
            if not isinstance(raw, dict):
                raise DropsurgeonError(f"plan operation {i} is not an object")
            unknown = set(raw) - {"op", "where", "exclude", "kind", "p", "schedule", "options"}
            if unknown:
                raise DropsurgeonError(f"plan operation {i}: unknown field(s) "
                                       + ", ".join(sorted(unknown)))
            try:
                ops.append(Operation(
                    op=raw.get("op", ""), where=_where(raw.get("where")),
                    exclude=_where(raw.get("exclude")), kind=raw.get("kind"), p=raw.get("p"),
                    schedule=raw.get("schedule", "constant"),
                    options=dict(raw.get("options") or {}),
                ))
            except DropsurgeonError as exc:
                raise DropsurgeonError(f"plan operation {i}: {exc}") from None
        return cls(ops)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DropsurgeonError(f"plan is not valid JSON: {exc.msg} (line {exc.lineno})") \
                from None
        return cls.from_dict(data)

    # --- running -------------------------------------------------------------------------
    def apply(self, model: Any, example_inputs: Any = None, example_kwargs: dict | None = None,
              *, verify: bool = True, name_steps: bool = False) -> SurgeryResult:
        """A new model with every operation applied (``model`` is left as it was).

        With ``verify`` (the default) the result is checked (see :mod:`.verify`) and a
        :class:`~.verify.VerificationError` is raised when an invariant breaks.  An operation
        that fails names its step when the plan has several (or with ``name_steps``: a plan
        read from a file).
        """
        if not self.operations:
            raise DropsurgeonError("the plan has no operations")
        inputs = Inputs(example_inputs, example_kwargs)
        reference = None
        if verify and inputs.given and not _on_meta(model):
            try:
                reference = eval_outputs(model, inputs)
            except Exception as exc:
                # The model's own error reaches the caller as itself, with what we were doing.
                exc.add_note("dropsurgeon: raised by the original model's eval forward on the "
                             "example inputs (run before surgery, to verify the result)")
                raise
        work = copy.deepcopy(model)
        result = SurgeryResult(work)
        for i, op in enumerate(self.operations, 1):
            try:
                work, changes, notes = apply_operation(work, op, inputs)
            except DropsurgeonError as exc:
                if len(self.operations) == 1 and not name_steps:
                    raise
                # Say which step: a plan written for one model may not fit another.
                message = f"plan step {i} ({_describe(op)}): {exc}"
                try:
                    error = type(exc)(message)
                except TypeError:  # an error class built from other arguments
                    error = DropsurgeonError(message)
                raise error from None
            result.changes += changes
            result.notes += notes
        # The result carries the plan that made it (after any plan its input carried), so that
        # ``dropsurgeon.save(result, None, DIR)`` can replay it on load.
        prior = model.__dict__.get(CARRIED)
        work.__dict__[CARRIED] = Plan([*(prior.operations if prior else ()),
                                       *self.operations])
        result.model = work
        if verify:
            altering = [c for c in result.changes if c.eval_changed]
            why = ""
            if altering:
                why = "expected to differ: " + "; ".join(
                    f"{c.target} {c.action} {c.before} -> {c.after}" for c in altering[:3])
            result.verification = _verify.verify(
                model, work, inputs, reference=reference, expect_same_eval=not altering,
                why_eval_differs=why)
            expected = {c.target: c.rate for c in result.changes if c.rate is not None}
            _verify.check_rates(work, inputs, expected, result.verification)
            check(result.verification)
        return result

    def dry_run(self, model: Any, example_inputs: Any = None,
                example_kwargs: dict | None = None) -> SurgeryResult:
        """What ``apply`` would change, without verification; ``result.model`` is a scratch
        copy."""
        return self.apply(model, example_inputs, example_kwargs, verify=False)

    def undo(self, new_model: Any) -> Any:
        """The original architecture back, with ``new_model``'s current values (a copy).

        Reverts every dropsurgeon change in ``new_model``, not only this plan's.
        """
        return undo(copy.deepcopy(new_model))

    def __len__(self) -> int:
        return len(self.operations)

    def __repr__(self) -> str:
        return f"Plan({[o.to_dict() for o in self.operations]!r})"


def _describe(op: Operation) -> str:
    what = f"{op.op} {', '.join(op.where)}"
    if op.kind:
        what += f" kind={op.kind}"
    if op.p is not None:
        what += f" p={op.p:g}"
    return what


def _on_meta(model: Any) -> bool:
    return any(t.is_meta for t in model.state_dict().values())


def group_notes(notes: list[str]) -> list[str]:
    """One note per message repeated across blocks: ``blocks.0.attn: X`` .. ``blocks.11.attn:
    X`` become ``blocks.*.attn (12 places: blocks.0.attn, ...): X``."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for note in notes:
        place, sep, text = note.partition(": ")
        key = (re.sub(r"(?<=\.)\d+(?=\.|$)|^\d+(?=\.)", "*", place) if sep else note) + sep + text
        groups.setdefault(key, []).append((place, text))
    out = []
    for key, members in groups.items():
        if len(members) == 1:
            place, text = members[0]
            out.append(f"{place}: {text}" if text or ": " in key else place)
            continue
        places = [p for p, _ in members]
        shown = ", ".join(places[:3]) + (", ..." if len(places) > 3 else "")
        pattern, _, text = key.partition(": ")
        out.append(f"{pattern} ({len(places)} places: {shown}): {text}")
    return out


def warn_notes(result: SurgeryResult) -> None:
    # Warnings repeated per block reach the user once, with a count (result.notes keeps each).
    for note in group_notes(result.notes):
        warnings.warn(note, SurgeryWarning, stacklevel=3)

