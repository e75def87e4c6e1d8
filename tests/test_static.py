"""Static lint of files and directories: discovery, excludes, errors, and no code executed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dropsurgeon.cli import app
from dropsurgeon.findings import Severity
from dropsurgeon.linter.static import lint_paths

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


def test_syntax_error_is_a_ds000_finding_and_other_files_still_linted(tmp_path):
    root = _tree(tmp_path)
    (root / "pkg" / "broken.py").write_text("x = 1\ndef f(:\n")
    report = lint_paths([root / "pkg"])
    assert report.errors == [] and report.exit_code() == 1
    (ds000,) = [f for f in report.findings if f.code == "DS000"]
    assert Path(ds000.path).name == "broken.py" and ds000.line == 2 and ds000.column == 6
    assert ds000.severity == Severity.ERROR and "syntax error: invalid syntax" in ds000.message
    assert len(report.findings) == 4  # the three DS101 of the files that parse


def test_ds000_is_silenced_like_any_finding(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "page.py").write_text("{% if user %}\n")
    (tmp_path / "py2.py").write_text("print 'hello'  # noqa: DS000\n")
    report = lint_paths([tmp_path])
    assert [f.code for f in report.active_findings] == ["DS000"]
    assert [f.code for f in report.suppressed_findings] == ["DS000"]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.dropsurgeon]\nper-file-ignores = { "tpl/**" = ["DS000"] }\n')
    assert lint_paths([tmp_path]).exit_code() == 0
    (tmp_path / "pyproject.toml").write_text('[tool.dropsurgeon]\nexclude = ["tpl/"]\n')
    report = lint_paths([tmp_path])
    assert report.files == 1 and report.exit_code() == 0
    assert lint_paths([tmp_path], ignore=["DS000"]).findings == []


def test_cli_reports_ds000_with_exit_1_and_a_named_model_in_it_is_exit_2(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("import torch.nn as nn\nclass Net(nn.Module:\n    pass\n")
    runner = CliRunner()
    for args in (["--no-import"], []):
        result = runner.invoke(app, ["lint", *args, "--format", "json", str(broken)])
        assert result.exit_code == 1, result.output
        data = json.loads(result.stdout)
        assert [(f["code"], f["line"]) for f in data["findings"]] == [("DS000", 2)]
        assert data["summary"]["files_scanned"] == 1 and data["summary"]["models_built"] == 0
    named = runner.invoke(app, ["lint", "--format", "json", f"{broken}:Net"])
    assert named.exit_code == 2
    assert json.loads(named.stdout)["findings"][0]["code"] == "DS000"
    assert "does not parse" in named.stderr


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


def test_cli_no_import_console_script(tmp_path):
    # The cold-start time is measured by benchmarks/static_speed.py, not asserted here.
    target = tmp_path / "net.py"
    target.write_text(BUGGY)
    exe = Path(sys.executable).with_name("dropsurgeon")
    cmd = [str(exe), "lint", "--no-import", "--format", "json", str(target)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 1
    assert json.loads(out.stdout)["findings"][0]["code"] == "DS101"


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


def test_macos_metadata_beside_a_script_is_not_linted(tmp_path):
    # a Finder copy leaves `._train.py` (binary "AppleDouble" metadata) beside `train.py`
    (tmp_path / "train.py").write_text("import torch\n")
    (tmp_path / "._train.py").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    from dropsurgeon.linter.config import Config
    from dropsurgeon.linter.static import discover

    files, errors = discover([str(tmp_path)], Config())
    assert [Path(f).name for f in files] == ["train.py"] and not errors


def test_an_fstring_valid_from_python_312_is_an_info_on_older_parsers():
    from dropsurgeon.linter.config import Config
    from dropsurgeon.linter.static import lint_text

    text = 'parts = ["a", "b"]\nprint(f"{"-".join(parts)}")\n'  # PEP 701: quotes reused
    findings, _, _ = lint_text(text, "reuse.py", Config())
    if sys.version_info >= (3, 12):
        assert findings == []
    else:
        (f,) = findings
        assert f.code == "DS000" and f.severity == Severity.INFO and "3.12" in f.message


@pytest.mark.parametrize(("text", "version"), [
    ("type MoneyEuro = float\n", (3, 12)),                    # PEP 695 type alias
    ("def first[T](xs: list[T]) -> T:\n    return xs[0]\n", (3, 12)),  # PEP 695 generic
    ("class Box[T]:\n    pass\n", (3, 12)),
    ("try:\n    pass\nexcept ValueError, TypeError:\n    pass\n", (3, 14)),  # PEP 758
    ('name = "x"\nmsg = t"hi {name}"\n', (3, 14)),             # PEP 750 template string
    ('x = 1\nlabel = f"{str(x) +\n    str(x)}.flac"\n', (3, 12)),  # PEP 701: a line break
    ('label = "abc\n', None),                                   # an unterminated string
    ('print "python 2"\n', None),                              # a plain syntax error
    ("try:\n    pass\nexcept ValueError, TypeError as e:\n    pass\n", None),  # never valid
    ("type = 3 +\n", None),
])
def test_syntax_a_later_python_accepts_is_an_info_on_older_parsers(text, version):
    from dropsurgeon.linter.config import Config
    from dropsurgeon.linter.static import lint_text

    findings, _, _ = lint_text(text, "newer.py", Config())
    if version is not None and sys.version_info >= version:
        assert findings == []
        return
    (f,) = findings
    assert f.code == "DS000"
    if version is None:
        assert f.severity == Severity.ERROR and "valid from" not in f.message
    else:
        assert f.severity == Severity.INFO and f"{version[0]}.{version[1]}" in f.message


def test_jupyters_checkpoint_copies_are_not_linted(tmp_path):
    # `.ipynb_checkpoints/x-checkpoint.py` is Jupyter's autosaved copy of `x.py`: a stale twin
    (tmp_path / "x.py").write_text("x = 1\n")
    copies = tmp_path / ".ipynb_checkpoints"
    copies.mkdir()
    (copies / "x-checkpoint.py").write_text("print 'python 2'\n")
    report = lint_paths([tmp_path], jobs=1)
    assert report.files == 1
    assert not [f for f in report.findings if f.code == "DS000"]
