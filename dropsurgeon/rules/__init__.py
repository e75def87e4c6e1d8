"""The rule registry.  Each family lives in its own module and exports ``RULES``."""

from __future__ import annotations

from .base import Rule
from .checkpoint import RULES as _CHECKPOINT
from .mode import RULES as _MODE
from .placement import RULES as _PLACEMENT
from .rates import RULES as _RATES
from .runtime import RULES as _CHECK_ONLY
from .scripts import RULES as _SCRIPTS
from .syntax import RULES as _SYNTAX

ALL_RULES: tuple[Rule, ...] = tuple(
    sorted((*_SYNTAX, *_MODE, *_RATES, *_PLACEMENT, *_SCRIPTS, *_CHECKPOINT),
           key=lambda r: r.code)
)
BY_CODE: dict[str, Rule] = {r.code: r for r in ALL_RULES}
BY_CODE.update({r.code: r for r in _CHECK_ONLY})  # `check` runs them; lint cannot: not in ALL

__all__ = ["ALL_RULES", "BY_CODE", "Rule", "get"]


def get(code: str) -> Rule:
    try:
        return BY_CODE[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}; `dropsurgeon rules` lists them") from None


def _matches(code: str, patterns: list[str] | None) -> bool:
    return bool(patterns) and any(code.startswith(p) for p in patterns)  # type: ignore[union-attr]


def selected(
    select: list[str] | None = None, ignore: list[str] | None = None
) -> tuple[Rule, ...]:
    """Rules enabled by ``select``/``ignore`` code prefixes (ruff semantics)."""
    chosen = [r for r in ALL_RULES if not select or _matches(r.code, select)]
    return tuple(r for r in chosen if not _matches(r.code, ignore))


def run_site_rules(sites, rules: tuple[Rule, ...] | None = None) -> list:
    """Every finding the per-site rules report on ``sites``."""
    findings = []
    for site in sites:
        for rule in rules if rules is not None else ALL_RULES:
            if rule.check_site is None:
                continue
            message = rule.check_site(site)
            if message:
                findings.append(rule.finding(site, message))
    return findings
