"""The package's folders are its architecture, and every documented import path still works."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "dropsurgeon"
SHARED_GROUND = {"__init__.py", "sites.py", "findings.py", "errors.py", "load.py", "inputs.py",
                 "atomic.py", "rates.py"}

# Paths users were told about (README, docs, CHANGELOG of 0.1.0) and the paths of this layout.
DOCUMENTED = [
    ("dropsurgeon", ["lint", "inventory", "inventories", "check", "CheckResult", "Report",
                     "ModelResult", "Finding", "Severity", "Site", "Inventory", "ALL_RULES",
                     "insert", "replace", "remove", "set_rate", "undo", "select", "dry_run",
                     "Plan"]),
    ("dropsurgeon.testing", ["assert_no_dropout_in_eval", "assert_eval_deterministic"]),
    ("dropsurgeon.check", ["check_model", "check_spec", "check", "CheckResult"]),
    ("dropsurgeon.static", ["lint_paths", "lint_text", "discover"]),
    ("dropsurgeon.pytest_plugin", []),
    ("dropsurgeon.config", ["Config", "load_config"]),
    ("dropsurgeon.result", ["Report", "ModelResult"]),
    ("dropsurgeon.suppress", ["apply_noqa"]),
    ("dropsurgeon.fix", []),
    ("dropsurgeon.api", ["lint", "inventory"]),
    ("dropsurgeon.cli", ["app", "main"]),
    ("dropsurgeon.errors", ["DropsurgeonError"]),
    ("dropsurgeon.findings", ["Finding", "Severity"]),
    ("dropsurgeon.sites", ["Site", "Inventory"]),
    ("dropsurgeon.atomic", ["write_text", "write_bytes"]),
    ("dropsurgeon.rules", ["ALL_RULES", "BY_CODE", "get"]),
    ("dropsurgeon.report", ["render"]),
    ("dropsurgeon.report.github", []),
    ("dropsurgeon.capture.runtime", ["monitor"]),
    ("dropsurgeon.capture.source", ["scan_source", "scan_file"]),
    ("dropsurgeon.capture.construction", []),
    ("dropsurgeon.surgery", ["insert", "Plan", "concrete_regularisation"]),
    ("dropsurgeon.surgery.verify", ["VerificationError"]),
    ("dropsurgeon.surgery.variants", ["ConcreteDropout"]),
    ("dropsurgeon.surgery.wrappers", []),
    ("dropsurgeon.surgery.graphmodule", []),
    ("dropsurgeon.surgery.apply", []),
    ("dropsurgeon.linter.api", ["lint", "inventory", "inventories"]),
    ("dropsurgeon.linter.static", ["lint_paths"]),
    ("dropsurgeon.linter.source_rules", ["source_findings"]),
    ("dropsurgeon.guard.check", ["check_model", "check_spec"]),
    ("dropsurgeon.guard.testing", ["assert_no_dropout_in_eval"]),
    ("dropsurgeon.guard.pytest_plugin", []),
]


@pytest.mark.parametrize(("module", "names"), DOCUMENTED, ids=[m for m, _ in DOCUMENTED])
def test_documented_import_path_works(module, names):
    mod = importlib.import_module(module)
    for name in names:
        assert hasattr(mod, name), f"{module}.{name}"


def test_old_paths_are_the_same_module_objects():
    import dropsurgeon.guard.check
    import dropsurgeon.linter.static

    assert importlib.import_module("dropsurgeon.static") is dropsurgeon.linter.static
    assert importlib.import_module("dropsurgeon.check") is dropsurgeon.guard.check
    assert dropsurgeon.linter.static.__spec__.name == "dropsurgeon.linter.static"


def test_public_functions_stay_functions_after_subpackage_imports():
    code = ("import dropsurgeon, dropsurgeon.linter.api, dropsurgeon.guard.check, "
            "dropsurgeon.check, dropsurgeon.testing\n"
            "print(callable(dropsurgeon.lint), dropsurgeon.lint.__module__, "
            "callable(dropsurgeon.check))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "dropsurgeon.linter.api", "True"]


def test_top_level_holds_only_shared_ground_and_folders():
    modules = {p.name for p in PKG.glob("*.py")}
    assert modules <= SHARED_GROUND, modules - SHARED_GROUND


def _imports(path: Path, package: str) -> set[str]:
    """Top-level folders of dropsurgeon that a module imports (relative or absolute)."""
    tree = ast.parse(path.read_text())
    parts = path.relative_to(PKG).with_suffix("").parts
    here = list(parts[:-1]) if parts[-1] != "__init__" else list(parts[:-1])
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                target = base + (node.module.split(".") if node.module else [])
                if node.module is None:
                    target = [*base, *(a.name for a in node.names[:1])]
            elif node.module and node.module.startswith("dropsurgeon."):
                target = node.module.split(".")[1:]
            else:
                continue
            if target and target[0] != package:
                out.add(target[0])
    return out


def test_no_import_circle_among_folders():
    folders = [p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    graph = {f: set() for f in folders}
    for folder in folders:
        for path in (PKG / folder).rglob("*.py"):
            graph[folder] |= {t for t in _imports(path, folder) if t in graph}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    circles = sorted(f for f in folders if reaches(f, f, {f}))
    assert not circles, {f: sorted(graph[f]) for f in circles}


def test_capture_runs_no_rules():
    for path in (PKG / "capture").rglob("*.py"):
        assert not re.search(r"from \.\.rules|dropsurgeon\.rules", path.read_text()), path
