"""The search space, written in the surgery selector vocabulary.

A space is a list of **groups**: a selector (``"attention"``, ``"before:head"``, ``"Conv2d"``,
``"re:^blocks\\.[0-3]\\."``, any selector) and a range of rates that one trial draws one value
from for every site the group selects.  A group whose selector picks existing dropout sites
re-rates them (``set_rate``); one that picks other places (``before:head``, ``after:Linear``,
``residual-branches``) inserts dropout there.  A group may also be *optional* (the trial
decides whether the dropout is there at all) and may offer *kinds* (``dropout``,
``dropout2d``, ``drop_path``...).  A space may offer a **schedule family** too (``constant``,
``early``, ``late``, ``curriculum``): the rate over training that the objective steps.

The dict form (what ``--space`` reads from JSON)::

    {"dropout": [0, 0.6],                       # a range
     "attention": null,                         # the default range for what it selects
     "before:head": {"range": [0, 0.5], "optional": true, "kinds": ["dropout", "alpha"]},
     "schedule": ["constant", "early", "late"]} # reserved key ("name:schedule" for a module)

Default ranges follow the usual advice: dense [0, 0.6], convolutional [0, 0.3], attention
[0, 0.3].  This module imports neither torch nor optuna.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import DropsurgeonError

DENSE = (0.0, 0.6)
CONV = (0.0, 0.3)
ATTENTION = (0.0, 0.3)
FAMILIES = ("constant", "early", "late", "curriculum")
SCHEDULE_KEY = "schedule"
# Insertions go where a position says so: these selectors never name existing dropout.
_INSERT_PREFIXES = ("after:", "before:", "after-last:", "before-first:")
_CONV_RE = re.compile(r"conv|dropout[23]d|2d\b|3d\b|drop_?path|dropblock", re.IGNORECASE)
_MAX_RATE = 0.95  # a rate of 1 drops every unit: no range may reach it


class SpaceError(DropsurgeonError):
    """A search space that cannot be searched (empty range, unknown family, bad selector)."""


@dataclass(frozen=True)
class Group:
    """Sites that share one rate in a trial."""

    where: str
    low: float
    high: float
    op: str = "auto"  # auto | set_rate | insert (auto is decided on the built model)
    optional: bool = False  # the trial may leave the dropout out
    kinds: tuple[str, ...] = ()  # the kinds a trial may choose (insert); () = the default
    default_range: bool = False  # the range came from the advice, not from the user

    @property
    def param(self) -> str:
        return f"p:{self.where}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"range": [self.low, self.high]}
        if self.op != "auto":
            out["op"] = self.op
        if self.optional:
            out["optional"] = True
        if self.kinds:
            out["kinds"] = list(self.kinds)
        return out


@dataclass(frozen=True)
class Space:
    groups: tuple[Group, ...]
    schedules: tuple[str, ...] = ("constant",)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {g.where: g.to_dict() for g in self.groups}
        if self.schedules != ("constant",):
            out[SCHEDULE_KEY] = list(self.schedules)
        return out


def default_range(where: str) -> tuple[float, float]:
    """The advice's range for a selector: attention and convolutional parts get less."""
    if where == "attention" or "attention" in where.lower() or "attn" in where.lower():
        return ATTENTION
    if _CONV_RE.search(where):
        return CONV
    return DENSE


def parse_space(space: Any) -> Space:
    """A :class:`Space` from a dict, a list of selectors, a selector string or a Space."""
    if isinstance(space, Space):
        return space
    if space is None:
        space = ["dropout"]
    if isinstance(space, str):
        space = [space]
    if isinstance(space, Mapping):
        items = list(space.items())
    elif isinstance(space, Sequence):
        items = [(s, None) for s in space]
    else:
        raise SpaceError(f"a search space is a dict {{selector: range}} or a list of selectors, "
                         f"not {type(space).__name__}")
    groups: list[Group] = []
    schedules: tuple[str, ...] = ("constant",)
    for key, value in items:
        if not isinstance(key, str) or not key.strip():
            raise SpaceError(f"a search space key is a selector string, got {key!r}")
        if key == SCHEDULE_KEY:
            schedules = _families(value)
            continue
        groups.append(_group(key.strip(), value))
    if not groups:
        raise SpaceError("the search space has no group of sites (say e.g. 'dropout')")
    seen: set[str] = set()
    for g in groups:
        if g.where in seen:
            raise SpaceError(f"selector {g.where!r} appears twice in the search space")
        seen.add(g.where)
    return Space(tuple(groups), schedules)


def _families(value: Any) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, Sequence) or not names:
        raise SpaceError("'schedule' takes a non-empty list of families: "
                         + ", ".join(FAMILIES))
    out = []
    for name in names:
        if name not in FAMILIES:
            raise SpaceError(f"unknown schedule family {name!r}; choose from "
                             + ", ".join(FAMILIES))
        if name not in out:
            out.append(name)
    return tuple(out)


def _group(where: str, value: Any) -> Group:
    options: dict[str, Any] = {}
    if isinstance(value, Mapping):
        options = dict(value)
        unknown = set(options) - {"range", "op", "optional", "kinds"}
        if unknown:
            raise SpaceError(f"{where}: unknown option(s) {', '.join(sorted(unknown))} "
                             "(known: range, op, optional, kinds)")
        value = options.get("range")
    if value is None:
        low, high = default_range(where)
        given = False
    else:
        low, high = _range(where, value)
        given = True
    op = options.get("op", "auto")
    if op not in ("auto", "set_rate", "insert"):
        raise SpaceError(f"{where}: op must be auto, set_rate or insert, got {op!r}")
    if op == "auto" and where.startswith(_INSERT_PREFIXES):
        op = "insert"
    kinds = options.get("kinds") or ()
    if isinstance(kinds, str):
        kinds = (kinds,)
    if not isinstance(kinds, Sequence) or not all(isinstance(k, str) for k in kinds):
        raise SpaceError(f"{where}: kinds is a list of dropout kinds")
    _check_kinds(where, kinds)
    optional = options.get("optional", False)
    if not isinstance(optional, bool):
        raise SpaceError(f"{where}: optional is true or false, got {optional!r}")
    return Group(where, low, high, op, optional, tuple(kinds), default_range=not given)


def _check_kinds(where: str, kinds: Sequence[str]) -> None:
    if not kinds:
        return
    # The kind names live in surgery.variants, which imports torch; read them lazily.
    from ..surgery.variants import KINDS

    for kind in kinds:
        if kind not in KINDS:
            raise SpaceError(f"{where}: unknown dropout kind {kind!r}; known: "
                             + ", ".join(KINDS))


def _range(where: str, value: Any) -> tuple[float, float]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = (value, value)
    if (not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        raise SpaceError(f"{where}: a range is two numbers [low, high], got {value!r}")
    low, high = float(value[0]), float(value[1])
    if not (math.isfinite(low) and math.isfinite(high)):
        raise SpaceError(f"{where}: the range [{low:g}, {high:g}] is not finite")
    if low > high:
        raise SpaceError(f"{where}: empty range [{low:g}, {high:g}] (low > high)")
    if low < 0 or high > _MAX_RATE:
        raise SpaceError(f"{where}: rates must lie in [0, {_MAX_RATE:g}], got "
                         f"[{low:g}, {high:g}]")
    return low, high


def parse_group_option(text: str) -> tuple[str, Any]:
    """``SELECTOR`` or ``SELECTOR=LOW:HIGH`` (the CLI's ``--group``) as a space item."""
    where, sep, rng = text.rpartition("=") if "=" in text else (text, "", "")
    where = where.strip()
    if not sep:
        return text.strip(), None
    low, colon, high = rng.partition(":")
    try:
        values = [float(low), float(high)] if colon else [float(low), float(low)]
    except ValueError:
        raise SpaceError(f"--group {text!r}: the range is LOW:HIGH, e.g. "
                         f"{where or 'dropout'}=0:0.5") from None
    return where, values
