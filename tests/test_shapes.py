"""The scripts of benchmarks/shapes (the shapes other linters' test suites use, written here):
each bad twin gets its finding, each fixed twin stays quiet (issue 16)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dropsurgeon.linter.static import lint_paths

ROOT = Path(__file__).parent.parent / "benchmarks"
_spec = importlib.util.spec_from_file_location("precision_bench", ROOT / "precision.py")
precision = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(precision)  # type: ignore[union-attr]
MODE = ("DS401", "DS402", "DS403", "DS404", "DS405")


def _codes(folder: Path, warnings_only: bool = False) -> set[str]:
    report = lint_paths([folder], jobs=1, cache_dir=None)
    return {f.code for f in report.findings if f.code in MODE and not f.suppressed
            and (not warnings_only or str(f.severity) != "info")}


@pytest.mark.parametrize("shape", sorted(precision.SHAPES))
def test_bad_twin_found_good_twin_quiet(shape):
    # the bad twin's finding is a warning (or error): every model of these shapes has
    # dropout or batch norm in sight; the good twin gets nothing, not even info
    code = precision.SHAPES[shape][0]
    assert code in _codes(ROOT / "shapes" / shape / "bad", warnings_only=True)
    assert _codes(ROOT / "shapes" / shape / "good") == set()
