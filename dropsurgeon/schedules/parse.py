"""Read a preset from its text, ``"early(0.1, until=2000)"``, without evaluating code.

The text is parsed with :mod:`ast` and only one shape is accepted: a bare number, or a call
of a preset name with number arguments (positional or keyword; a leading ``-`` is read so
that ``linear(0.1, 0, -5)`` fails on its meaning, "steps must be >= 0", not on its syntax).
Nothing is ever passed to ``eval``: names, attributes, nested calls and operators other than
a sign are refused with a one-line error.
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

from .presets import PRESETS, Preset, ScheduleError, constant

MAX_TEXT = 200  # a preset is short; refuse pathological input before parsing it
_FORMS = ", ".join(name + "(" + ", ".join(inspect.signature(cls).parameters) + ")"
                   for name, cls in PRESETS.items())


def parse(text: str) -> Preset:
    """The preset ``text`` names (a bare number is ``constant``)."""
    if not isinstance(text, str):
        raise ScheduleError(f"a schedule text must be a string, got {text!r}")
    text = text.strip()
    if not text:
        raise ScheduleError(f"empty schedule (expected one of: {_FORMS})")
    if len(text) > MAX_TEXT:
        raise ScheduleError(f"schedule text longer than {MAX_TEXT} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ScheduleError(f"cannot read schedule {text!r} (expected a number or one of: "
                            f"{_FORMS})") from None
    body = tree.body
    if not isinstance(body, ast.Call):
        return constant(_number(body, text))
    if not isinstance(body.func, ast.Name):
        raise ScheduleError(f"cannot read schedule {text!r}: expected a preset name such as "
                            "early(...)")
    cls = PRESETS.get(body.func.id)
    if cls is None:
        raise ScheduleError(f"unknown schedule {body.func.id!r} (expected one of: {_FORMS})")
    if any(isinstance(a, ast.Starred) for a in body.args) or any(
            k.arg is None for k in body.keywords):
        raise ScheduleError(f"cannot read schedule {text!r}: no * or ** arguments")
    args = [_number(a, text) for a in body.args]
    kwargs = {k.arg: _number(k.value, text) for k in body.keywords if k.arg is not None}
    unknown = sorted(set(kwargs) - set(inspect.signature(cls).parameters))
    if unknown:
        raise ScheduleError(f"schedule {text!r}: unexpected keyword {unknown[0]!r} (expected "
                            f"{body.func.id}{_params(cls)})")
    try:
        inspect.signature(cls).bind(*args, **kwargs)
    except TypeError as exc:
        raise ScheduleError(f"schedule {text!r}: {exc} (expected "
                            f"{body.func.id}{_params(cls)})") from None
    return cls(*args, **kwargs)


def _params(cls: type) -> str:
    return "(" + ", ".join(inspect.signature(cls).parameters) + ")"


def _number(node: ast.AST, text: str) -> float | int:
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return sign * node.value
    shown = ast.get_source_segment(text, node) or type(node).__name__
    raise ScheduleError(f"cannot read schedule {text!r}: {shown!r} is not a number "
                        "(arguments must be plain numbers)")


def describe_presets() -> str:
    """The accepted forms, for help texts."""
    return _FORMS


def as_text(preset: Any) -> str:
    """The text form of a preset (what :func:`parse` reads back)."""
    return str(preset)
