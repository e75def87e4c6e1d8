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
                 "atomic.py", "rates.py", "weights.py", "modes.py", "__main__.py"}

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
    """Top-level parts of dropsurgeon (a folder, or a module at the top such as ``load``)
    that a module imports, relative or absolute, at module level or inside a function."""
    tree = ast.parse(path.read_text())
    parts = path.relative_to(PKG).with_suffix("").parts
    here = list(parts[:-1])
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
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("dropsurgeon.")]
            if not names:
                continue
            target = names[0].split(".")[1:]
        else:
            continue
        if target and target[0] != package:
            out.add(target[0])
    return out


def _import_graph() -> dict[str, set[str]]:
    """Folders and top-level modules (``load``, ``rates``, ...) as nodes; the package's
    ``__init__`` (the lazy public table, which names everything) is the root, not a node."""
    folders = [p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    modules = [p.stem for p in PKG.glob("*.py") if p.stem != "__init__"]
    graph: dict[str, set[str]] = {n: set() for n in [*folders, *modules]}
    for folder in folders:
        for path in (PKG / folder).rglob("*.py"):
            graph[folder] |= {t for t in _imports(path, folder) if t in graph}
    for module in modules:
        graph[module] |= {t for t in _imports(PKG / f"{module}.py", module) if t in graph}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One shortest circle through each node that is on one."""
    found = []
    for start in sorted(graph):
        paths = [[start]]
        seen = {start}
        while paths:
            nxt_paths = []
            for path in paths:
                for nxt in sorted(graph[path[-1]]):
                    if nxt == start:
                        found.append([*path, start])
                        nxt_paths = []
                        paths = []
                        break
                    if nxt not in seen:
                        seen.add(nxt)
                        nxt_paths.append([*path, nxt])
                else:
                    continue
                break
            paths = nxt_paths
    return found


def test_no_import_circle_among_folders_and_top_level_modules():
    circles = _circles(_import_graph())
    assert not circles, [" -> ".join(c) for c in circles]


def test_the_circle_finder_sees_a_module_level_circle():
    # The shape of the circles this test was extended for (rates.py <-> surgery/,
    # load.py <-> surgery/save.py): a top-level module and a folder importing each other.
    graph = {"surgery": {"load", "errors"}, "load": {"surgery"}, "errors": set()}
    assert _circles(graph) == [["load", "surgery", "load"], ["surgery", "load", "surgery"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_capture_runs_no_rules():
    for path in (PKG / "capture").rglob("*.py"):
        assert not re.search(r"from \.\.rules|dropsurgeon\.rules", path.read_text()), path
