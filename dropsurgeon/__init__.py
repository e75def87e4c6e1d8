"""dropsurgeon: find, fix and transform dropout in PyTorch models.

``import dropsurgeon`` does not import torch: every public name is loaded on first use.

The package's folders are the parts of the architecture: ``capture/`` (front-ends that
produce dropout sites), ``rules/``, ``linter/`` (the lint pipeline), ``guard/`` (the runtime
check and pytest helpers), ``surgery/``, ``report/`` and ``cli/``; the modules at this level
(``sites``, ``findings``, ``errors``, ``load``, ``inputs``, ``atomic``) are shared by all.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "lint": "linter.api",
    "inventory": "linter.api",
    "inventories": "linter.api",
    "check": "guard.check",
    "CheckResult": "guard.check",
    "Report": "linter.result",
    "ModelResult": "linter.result",
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
    "rate_handles": "rates",
    "save": "surgery.save",
    "load": "load",  # the module dropsurgeon/load.py is callable as this function too
    "schedule": "schedules",
    "regularisation": "surgery.variational",
    "sparsity": "surgery.variational",
    "fuse": "fused.fx_pass",
    "fused_backend": "fused.backend",
    "mc_predict": "mc.predict",
    "MCResult": "mc.result",
    "acquire": "mc.acquire",
    "mc_wrap": "mc.wrap",
    "tune": "tuning.run",
    "train_objective": "tuning.objective",
    "watch": "guard.watch",
    "confirm_checkpoint_rng": "guard.checkpoint_rng",
}

__all__ = ["__version__", *_EXPORTS]

# Module paths of 0.1.0, before the package was grouped into folders: users' imports of them
# (``from dropsurgeon.testing import ...``, ``dropsurgeon.check.check_model``,
# ``from dropsurgeon.static import lint_paths``, ``-p dropsurgeon.pytest_plugin``) keep working.
_MOVED: dict[str, str] = {
    "api": "linter.api",
    "analyse": "linter.analyse",
    "merge": "linter.merge",
    "static": "linter.static",
    "fix": "linter.fix",
    "suppress": "linter.suppress",
    "config": "linter.config",
    "result": "linter.result",
    "gc_tuning": "linter.gc_tuning",
    "check": "guard.check",
    "testing": "guard.testing",
    "pytest_plugin": "guard.pytest_plugin",
    "cli_check": "cli.check",
    "cli_surgery": "cli.surgery",
}


class _MovedModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves ``dropsurgeon.<old>`` to the module now at its new path (the same object)."""

    def __init__(self) -> None:
        self._specs: dict[str, Any] = {}

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        package, _, name = fullname.rpartition(".")
        if package != __name__ or name not in _MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: Any) -> Any:
        module = importlib.import_module(f"{__name__}.{_MOVED[spec.name.rpartition('.')[2]]}")
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module: Any) -> None:
        # The module already ran under its new name: do not run it twice, and give it back the
        # spec the import system replaced with the alias's (reload and pickling read it).
        for alias, spec in list(self._specs.items()):
            if spec is not None and spec.name == module.__name__:
                module.__spec__ = self._specs.pop(alias)


if not any(isinstance(f, _MovedModuleFinder) for f in sys.meta_path):
    sys.meta_path.append(_MovedModuleFinder())


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dropsurgeon' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
