"""Static lint of files and directories: discovery, excludes, errors, and no code executed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from dropsurgeon.linter.static import lint_paths
from typer.testing import CliRunner

from dropsurgeon.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "source"
BUGGY = textwrap.dedent("""
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def forward(self, x):
            return F.dropout(x, 0.5)
""")

SENTINEL = textwrap.dedent("""
    import pathlib
    pathlib.Path({path!r}).write_text("executed")
    import torch.nn.functional as F


    class Net:
        def forward(self, x):
            return F.dropout(x, 0.5)
""")


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text(BUGGY)
    (tmp_path / "pkg" / "sub" / "b.py").write_text(BUGGY)
    (tmp_path / "pkg" / "notes.txt").write_text("F.dropout(x)")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "gen.py").write_text(BUGGY)  # default exclude
    (tmp_path / "pkg" / "vendored").mkdir()
    (tmp_path / "pkg" / "vendored" / "c.py").write_text(BUGGY)
    return tmp_path


def test_directory_recursion_and_default_excludes(tmp_path):
    root = _tree(tmp_path)
    report = lint_paths([root / "pkg", root / "build"])
    paths = {Path(f.path).relative_to(root).as_posix() for f in report.findings}
    assert paths == {"pkg/a.py", "pkg/sub/b.py", "pkg/vendored/c.py", "build/gen.py"}
    # `build` named explicitly is linted; found while walking, it is skipped
    report = lint_paths([root])
    paths = {Path(f.path).relative_to(root).as_posix() for f in report.findings}
    assert "build/gen.py" not in paths and report.files == 3


def test_config_exclude_and_fail_on(tmp_path):
    root = _tree(tmp_path)
    (root / "pyproject.toml").write_text(
        '[tool.dropsurgeon]\nexclude = ["vendored/"]\nfail-on = "error"\n'
        'severity = { DS101 = "warning" }\n'
    )
    report = lint_paths([root / "pkg"])
    assert {Path(f.path).name for f in report.findings} == {"a.py", "b.py"}
    assert report.exit_code() == 0  # DS101 lowered to warning, fail-on error


def test_syntax_error_is_one_line_and_other_files_still_linted(tmp_path):
    root = _tree(tmp_path)
    (root / "pkg" / "broken.py").write_text("def f(:\n")
    report = lint_paths([root / "pkg"])
    assert report.exit_code() == 2
    assert len(report.errors) == 1 and "broken.py: syntax error at line 1" in report.errors[0]
    assert len(report.findings) == 3


def test_missing_path_is_an_error(tmp_path):
    report = lint_paths([tmp_path / "nope.py"])
    assert report.exit_code() == 2 and "no such file" in report.errors[0]


def test_undecodable_and_bom_files(tmp_path):
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + BUGGY.encode())
    (tmp_path / "latin.py").write_bytes(b"# caf\xe9\n" + BUGGY.encode())
    report = lint_paths([tmp_path])
    assert report.errors == [] and len(report.findings) == 2


def test_no_user_code_runs_and_torch_is_not_imported(tmp_path):
    sentinel = tmp_path / "sentinel.txt"
    target = tmp_path / "evil.py"
    target.write_text(SENTINEL.format(path=str(sentinel)))
    code = (
        "import sys, json\n"
        "from dropsurgeon.linter.static import lint_paths\n"
        f"r = lint_paths([{str(target)!r}])\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'codes': "
        "[f.code for f in r.findings]}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    result = json.loads(out.stdout)
    assert result == {"torch": False, "codes": ["DS101"]}
    assert not sentinel.exists()


def test_cli_no_import_cold_start(tmp_path):
    target = tmp_path / "net.py"
    target.write_text(BUGGY)
    exe = Path(sys.executable).with_name("dropsurgeon")
    cmd = [str(exe), "lint", "--no-import", "--format", "json", str(target)]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    assert out.returncode == 1
    assert json.loads(out.stdout)["findings"][0]["code"] == "DS101"
    assert elapsed < 3.0  # well under a second on an idle machine; CI machines are shared


def test_cli_directory_json_end_to_end(tmp_path):
    root = _tree(tmp_path)
    result = CliRunner().invoke(app, ["lint", "--no-import", "--format", "json",
                                      str(root / "pkg" / "sub")])
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert [(f["code"], f["line"], f["severity"]) for f in data["findings"]] == [
        ("DS101", 8, "error")]


def test_cli_select_ignore_override_config(tmp_path):
    root = _tree(tmp_path)
    (root / "pyproject.toml").write_text('[tool.dropsurgeon]\nignore = ["DS101"]\n')
    report = lint_paths([root / "pkg"])
    assert report.findings == []
    report = lint_paths([root / "pkg"], select=["DS1"], ignore=["DS104"])
    assert report.findings == []  # --ignore adds to the config's ignore


def test_cli_config_option(tmp_path):
    root = _tree(tmp_path)
    other = tmp_path / "other.toml"
    other.write_text('[tool.dropsurgeon]\nselect = ["DS4"]\n')
    ok = CliRunner().invoke(app, ["lint", "--no-import", "--config", str(other),
                                  str(root / "pkg")])
    assert ok.exit_code == 0
    bad = CliRunner().invoke(app, ["lint", "--diff", "--config", str(tmp_path / "missing.toml"),
                                   str(root / "pkg")])
    assert bad.exit_code == 2 and "config file not found" in bad.output


def test_fixture_tree_lints_without_errors():
    report = lint_paths([FIXTURES])
    assert report.errors == []
    assert report.files >= 8
