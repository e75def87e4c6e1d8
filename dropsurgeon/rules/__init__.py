"""The rule registry.  Each family lives in its own module and exports ``RULES``."""

from __future__ import annotations

from .base import Rule
from .mode import RULES as _MODE
from .placement import RULES as _PLACEMENT
from .rates import RULES as _RATES

ALL_RULES: tuple[Rule, ...] = tuple(sorted((*_MODE, *_RATES, *_PLACEMENT), key=lambda r: r.code))
BY_CODE: dict[str, Rule] = {r.code: r for r in ALL_RULES}

__all__ = ["ALL_RULES", "BY_CODE", "Rule", "get"]


def get(code: str) -> Rule:
    try:
        return BY_CODE[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}; `dropsurgeon rules` lists them") from None
