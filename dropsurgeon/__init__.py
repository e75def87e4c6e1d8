"""dropsurgeon: find, fix and transform dropout in PyTorch models.

``import dropsurgeon`` does not import torch: every public name is loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "lint": "api",
    "inventory": "api",
    "inventories": "api",
    "check": "check",
    "CheckResult": "check",
    "Report": "result",
    "ModelResult": "result",
    "Finding": "findings",
    "Severity": "findings",
    "Site": "sites",
    "Inventory": "sites",
    "ALL_RULES": "rules",
    "insert": "surgery",
    "replace": "surgery",
    "remove": "surgery",
    "set_rate": "surgery",
    "undo": "surgery",
    "select": "surgery",
    "dry_run": "surgery",
    "Plan": "surgery",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dropsurgeon' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
