"""The per-file result cache: same results warm and cold, keyed right, never an error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from dropsurgeon.linter import cache as cache_mod
from dropsurgeon.linter import static
from dropsurgeon.linter.cache import CACHE_DIR_NAME, source_hash
from dropsurgeon.linter.config import Config, load_config
from dropsurgeon.linter.static import lint_paths

BUGGY = textwrap.dedent("""
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def forward(self, x):
            x = F.dropout(x, 0.5)
            return F.dropout(x, 0.1)  # noqa: DS101
""")


def _tree(root: Path) -> Path:
    (root / "pkg" / "sub").mkdir(parents=True)
    (root / "pkg" / "a.py").write_text(BUGGY)
    (root / "pkg" / "sub" / "b.py").write_text(BUGGY.replace("0.5", "1.5"))
    (root / "pkg" / "broken.py").write_text("def f(:\n")
    (root / "pkg" / "clean.py").write_text("x = 1\n")
    return root / "pkg"


def _facts(report) -> list[tuple]:
    return [(f.path, f.line, f.column, f.code, str(f.severity), f.message, f.fix, f.suppressed,
             f.frontend, f.extra.get("end_line")) for f in report.findings]


@pytest.fixture
def counted(monkeypatch):
    """How many files were actually scanned (not served from the cache)."""
    calls: list[str] = []
    real = static.lint_text

    def lint_text(text, path, cfg=None):
        calls.append(path)
        return real(text, path, cfg)

    monkeypatch.setattr(static, "lint_text", lint_text)
    return calls


def test_warm_run_is_identical_and_scans_nothing(tmp_path, counted):
    pkg = _tree(tmp_path)
    where = tmp_path / "c"
    bare = lint_paths([pkg], jobs=1)
    cold = lint_paths([pkg], jobs=1, cache_dir=where)
    assert len(counted) == 8  # 4 files, twice
    warm = lint_paths([pkg], jobs=1, cache_dir=where)
    assert len(counted) == 8
    assert _facts(bare) == _facts(cold) == _facts(warm)
    assert {f.code for f in warm.findings} >= {"DS000", "DS101", "DS201"}
    assert any(f.suppressed for f in warm.findings)
    assert warm.exit_code() == bare.exit_code() == 1 and warm.files == 4


def test_a_changed_file_config_or_tool_is_linted_again(tmp_path, counted, monkeypatch):
    pkg = _tree(tmp_path)
    where = tmp_path / "c"
    lint_paths([pkg], jobs=1, cache_dir=where)
    counted.clear()
    (pkg / "a.py").write_text(BUGGY + "\n# touched\n")
    lint_paths([pkg], jobs=1, cache_dir=where)
    assert counted == [str(pkg / "a.py")]
    counted.clear()
    only = lint_paths([pkg], jobs=1, cache_dir=where, select=["DS2"])
    assert len(counted) == 4  # DS000 (a file that does not parse) is reported whatever select says
    assert {f.code for f in only.findings} == {"DS000", "DS201"}
    counted.clear()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.dropsurgeon]\nper-file-ignores = { "pkg/sub/*" = ["DS2"] }\n')
    lint_paths([pkg], jobs=1, cache_dir=where)
    assert len(counted) == 4
    counted.clear()
    monkeypatch.setattr(cache_mod, "tool_key", lambda: "0" * 32)  # a new dropsurgeon
    lint_paths([pkg], jobs=1, cache_dir=where)
    assert len(counted) == 4
    assert sorted(p.name for p in where.iterdir() if p.is_dir()) == ["0" * 32]  # old pruned


def test_package_source_hash_follows_the_code_that_decides_findings(tmp_path):
    pkg = tmp_path / "dropsurgeon"
    for part in ("capture", "rules", "linter", "surgery"):
        (pkg / part).mkdir(parents=True)
        (pkg / part / "m.py").write_text("x = 1\n")
    (pkg / "sites.py").write_text("y = 1\n")
    before = source_hash(pkg)
    (pkg / "surgery" / "m.py").write_text("x = 2\n")  # cannot change a finding
    assert source_hash(pkg) == before
    for changed in ("capture/m.py", "rules/m.py", "linter/m.py", "sites.py"):
        (pkg / changed).write_text("z = 3\n")
        assert source_hash(pkg) != before, changed
        before = source_hash(pkg)


def test_corrupted_entries_are_misses(tmp_path, counted):
    pkg = _tree(tmp_path)
    where = tmp_path / "c"
    expected = _facts(lint_paths([pkg], jobs=1, cache_dir=where))
    entries = [p for p in where.rglob("*") if p.is_file() and p.parent.parent.parent == where]
    assert len(entries) == 4
    payloads = [b"", b"{not json", b'{"path": 1}', json.dumps({"path": "x", "findings": [
        {"code": "DS101"}]}).encode()]
    for entry, garbage in zip(entries, payloads, strict=True):
        entry.write_bytes(garbage)
    counted.clear()
    again = lint_paths([pkg], jobs=1, cache_dir=where)
    assert _facts(again) == expected and again.errors == [] and len(counted) == 4


def test_an_unwritable_cache_is_no_error(tmp_path):
    pkg = _tree(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    report = lint_paths([pkg], jobs=1, cache_dir=blocker / "c")
    assert report.errors == [] and report.files == 4 and report.findings


def test_default_location_is_the_project_root(tmp_path, monkeypatch):
    pkg = _tree(tmp_path / "proj")
    (tmp_path / "proj" / "pyproject.toml").write_text("[tool.dropsurgeon]\n")
    monkeypatch.chdir(tmp_path)
    lint_paths([pkg], jobs=1, cache=True)
    made = tmp_path / "proj" / CACHE_DIR_NAME
    assert made.is_dir() and (made / "CACHEDIR.TAG").is_file()
    assert (made / ".gitignore").read_text().splitlines()[-1] == "*"
    if shutil.which("git"):  # no config: the enclosing git repository's top
        repo = tmp_path / "repo"
        sub = _tree(repo / "deep")
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        root = cache_mod.project_root(load_config(sub), [sub])
        assert root == repo.resolve() or root == repo
    lone = tmp_path / "lone"
    lone.mkdir()
    assert cache_mod.project_root(Config(), [str(lone)]) in (Path.cwd(), Path(os.getcwd()))


def test_fixes_bypass_the_cache(tmp_path, counted):
    pkg = _tree(tmp_path)
    where = tmp_path / "c"
    lint_paths([pkg], jobs=1, cache_dir=where)
    counted.clear()
    fixed = lint_paths([pkg / "a.py"], fix=True, cache_dir=where)
    assert fixed.fixed and counted  # linted afresh, then again after the fix
    assert "training=self.training" in (pkg / "a.py").read_text()
    after = lint_paths([pkg / "a.py"], jobs=1, cache_dir=where)
    assert [f.code for f in after.active_findings] == []


def test_cli_cache_flags(tmp_path, cli, monkeypatch):
    pkg = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ["lint", "--no-import", "--format", "json", pkg]
    off = cli(*args, "--no-cache")
    assert not (tmp_path / CACHE_DIR_NAME).exists()
    on = cli(*args)  # default: .dropsurgeon_cache at the project root (here: the cwd)
    assert (tmp_path / CACHE_DIR_NAME).is_dir()
    warm = cli(*args)
    moved = cli(*args, "--cache-dir", tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere").is_dir()
    assert off.stdout == on.stdout == warm.stdout == moved.stdout
    assert off.exit_code == warm.exit_code == 1
    monkeypatch.setenv("DROPSURGEON_CACHE_DIR", str(tmp_path / "from_env"))
    cli(*args)
    assert (tmp_path / "from_env").is_dir()
