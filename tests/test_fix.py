"""--fix golden files (TorchFix style: codemod/X.in.py -> X.out.py), idempotence, safety."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dropsurgeon.cli import app
from dropsurgeon.linter.config import Config
from dropsurgeon.linter.static import lint_paths, lint_text

CODEMOD = Path(__file__).parent / "fixtures" / "source" / "codemod"
CASES = sorted(p.name[: -len(".in.py")] for p in CODEMOD.glob("*.in.py"))
UNSAFE = {"unsafe"}


@pytest.mark.parametrize("case", CASES)
def test_fix_matches_golden_and_is_idempotent(case, tmp_path):
    target = tmp_path / f"{case}.py"
    shutil.copy(CODEMOD / f"{case}.in.py", target)
    unsafe = case in UNSAFE
    report = lint_paths([target], fix=True, unsafe_fixes=unsafe)
    assert report.errors == []
    fixed = target.read_text()
    assert fixed == (CODEMOD / f"{case}.out.py").read_text()
    ast.parse(fixed)
    # a second run changes nothing
    again = lint_paths([target], fix=True, unsafe_fixes=unsafe)
    assert again.fixed == {} and target.read_text() == fixed


@pytest.mark.parametrize("case", CASES)
def test_fixed_files_are_flagged_no_more_for_fixed_codes(case, tmp_path):
    before, _, _ = lint_text((CODEMOD / f"{case}.in.py").read_text(), "x.py", Config())
    after, _, _ = lint_text((CODEMOD / f"{case}.out.py").read_text(), "x.py", Config())
    fixable = {"DS101", "DS104"} | ({"DS102", "DS103"} if case in UNSAFE else set())
    left = {(f.code, f.line) for f in after if f.code in fixable and not f.suppressed}
    # only what the fixer must not touch remains (a noqa line, a function without self,
    # a construction that reads forward's locals)
    assert len(left) < len([f for f in before if f.code in fixable and not f.suppressed])
    for _code, line in left:
        src = (CODEMOD / f"{case}.out.py").read_text().splitlines()[line - 1]
        assert "F.dropout(x, 0.5)" in src or "nn.Dropout(p)" in src or "True" in src


def test_diff_prints_and_writes_nothing(tmp_path):
    target = tmp_path / "net.py"
    shutil.copy(CODEMOD / "safe.in.py", target)
    before = target.read_text()
    result = CliRunner().invoke(app, ["lint", "--diff", str(target)])
    assert target.read_text() == before
    assert "+        x = F.dropout(x, 0.5, training=self.training)  # keep this comment" in (
        result.output
    )
    assert result.exit_code == 1  # the findings are still there


def test_cli_fix_writes_and_reports_what_is_left(tmp_path):
    target = tmp_path / "net.py"
    shutil.copy(CODEMOD / "safe.in.py", target)
    result = CliRunner().invoke(app, ["lint", "--fix", "--format", "json", str(target)])
    assert target.read_text() == (CODEMOD / "safe.out.py").read_text()
    assert '"DS102"' in result.output and '"DS104"' not in result.output


def test_unsafe_fixes_need_the_flag(tmp_path):
    target = tmp_path / "net.py"
    shutil.copy(CODEMOD / "unsafe.in.py", target)
    lint_paths([target], fix=True)
    assert "training=True" in target.read_text()  # DS102 is not a safe fix


def test_fix_never_writes_unparsable_output(tmp_path, monkeypatch):
    import dropsurgeon.linter.fix as fixer

    target = tmp_path / "net.py"
    shutil.copy(CODEMOD / "safe.in.py", target)
    before = target.read_text()
    real_apply = fixer.apply

    def broken(text, path, edits):
        result = real_apply(text, path, edits)
        result.new = result.new + "\ndef broken(:\n"
        return result

    monkeypatch.setattr(fixer, "apply", broken)
    report = lint_paths([target], fix=True)
    assert target.read_text() == before
    assert report.fixed == {}
