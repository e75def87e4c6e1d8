"""`dropsurgeon run`: scripts and modules run under the watcher, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dropsurgeon.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
MNIST = ROOT / "examples" / "run_mnist_bug.py"
BIN = Path(sys.executable).parent
BUG_LINE = next(i for i, line in enumerate(MNIST.read_text().splitlines(), 1)
                if "correct += (model(x)" in line)

# A script with every outcome a test needs, chosen by its first argument.
SCRIPT = textwrap.dedent("""
    import sys
    import torch
    from torch import nn

    print("argv", sys.argv[1:], __name__)
    model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
    with torch.no_grad():
        model(torch.randn(2, 4))  # DS401: train mode under no_grad
    what = sys.argv[1] if len(sys.argv) > 1 else "ok"
    if what == "exit3":
        sys.exit(3)
    if what == "raise":
        raise ValueError("the script's own error")
    if what == "interrupt":
        raise KeyboardInterrupt
    if what == "sigint":  # a real Ctrl-C: the signal, delivered to this process
        import os, signal, time
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
""")
SCRIPT_BUG_LINE = 9


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("RANK", None)
    env.pop("WORLD_SIZE", None)
    env.update(extra)
    return env


@pytest.fixture
def script(tmp_path, monkeypatch):
    path = tmp_path / "job.py"
    path.write_text(SCRIPT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RANK", raising=False)
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    return path


def _invoke(*args: str):
    return CliRunner().invoke(app, ["run", *args], catch_exceptions=False)


# -- real processes ------------------------------------------------------------------------


def test_the_mnist_bug_is_found_and_the_scripts_output_is_unchanged():
    plain = subprocess.run([sys.executable, str(MNIST)], capture_output=True, text=True,
                           cwd=ROOT, env=_env(), check=True)
    watched = subprocess.run(["dropsurgeon", "run", str(MNIST)], capture_output=True,
                             text=True, cwd=ROOT, env=_env())
    assert watched.returncode == 0  # no --fail-on: the script's own exit code
    assert watched.stdout.startswith(plain.stdout)  # same losses, same accuracies
    report = watched.stdout[len(plain.stdout):]
    assert f"examples/run_mnist_bug.py:{BUG_LINE}:" in report and "DS401" in report
    assert "mode last set here: `.train()`" in report
    fixed = subprocess.run(["dropsurgeon", "run", str(MNIST), "--fixed"], capture_output=True,
                           text=True, cwd=ROOT, env=_env())
    assert fixed.returncode == 0 and "No findings." in fixed.stdout


def test_json_to_stdout_stays_parseable_and_fail_on_sets_the_exit_code():
    proc = subprocess.run(
        [sys.executable, "-m", "dropsurgeon", "run", "--format", "json", "--fail-on",
         "warning", str(MNIST)], capture_output=True, text=True, cwd=ROOT, env=_env())
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)  # the script's prints went to stderr
    assert "epoch 0: loss" in proc.stderr
    (finding,) = data["findings"]
    assert finding["code"] == "DS401" and finding["line"] == BUG_LINE
    assert finding["path"] == "examples/run_mnist_bug.py"
    assert finding["trace"][-1]["line"] == BUG_LINE
    assert any(".train()" in step["message"] for step in finding["trace"])


# -- in process (CliRunner) ------------------------------------------------------------------


def test_argv_and_main_semantics(script):
    result = _invoke(str(script), "a", "--flag", "b")
    assert result.exit_code == 0
    assert "argv ['a', '--flag', 'b'] __main__" in result.stdout
    assert f"job.py:{SCRIPT_BUG_LINE}:" in result.stdout


def test_double_dash_and_options_after_the_script_belong_to_the_script(script):
    result = _invoke("--format", "github", "--", str(script), "--format", "x")
    assert result.exit_code == 0
    assert "argv ['--format', 'x'] __main__" in result.stdout
    assert f"::warning file=job.py,line={SCRIPT_BUG_LINE}" in result.stdout


def test_the_scripts_exit_code_is_kept_without_fail_on(script):
    assert _invoke(str(script), "exit3").exit_code == 3
    assert _invoke("--fail-on", "error", str(script), "exit3").exit_code == 3
    assert _invoke("--fail-on", "warning", str(script), "ok").exit_code == 1
    assert _invoke("--fail-on", "error", str(script), "ok").exit_code == 0


def test_an_exception_in_the_script_still_writes_the_report(script, tmp_path):
    out = tmp_path / "report.json"
    result = _invoke("--format", "json", "-o", str(out), str(script), "raise")
    assert result.exit_code == 1
    assert "ValueError: the script's own error" in result.stderr
    assert 'job.py", line' in result.stderr and "runpy" not in result.stderr
    data = json.loads(out.read_text())
    assert [f["code"] for f in data["findings"]] == ["DS401"]


@pytest.mark.parametrize("how", ["interrupt", "sigint"])
def test_ctrl_c_still_writes_the_report(script, tmp_path, how):
    out = tmp_path / "report.sarif"
    result = _invoke("--format", "sarif", "-o", str(out), str(script), how)
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    sarif = json.loads(out.read_text())
    (res,) = sarif["runs"][0]["results"]
    assert res["ruleId"] == "DS401"
    flow = res["codeFlows"][0]["threadFlows"][0]["locations"]  # the trace, oldest first
    assert flow[-1]["location"]["physicalLocation"]["region"]["startLine"] == SCRIPT_BUG_LINE


def test_module_mode_runs_a_package_module(tmp_path, monkeypatch):
    pkg = tmp_path / "mypkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "train.py").write_text(SCRIPT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    result = _invoke("-m", "mypkg.train", "x", "y")
    assert result.exit_code == 0, result.stderr
    assert "argv ['x', 'y'] __main__" in result.stdout
    assert f"mypkg/train.py:{SCRIPT_BUG_LINE}:" in result.stdout


def test_each_rank_writes_its_own_file(script, tmp_path, monkeypatch):
    monkeypatch.setenv("RANK", "1")
    monkeypatch.setenv("WORLD_SIZE", "2")
    result = _invoke("--format", "json", "-o", str(tmp_path / "r.json"), str(script))
    assert result.exit_code == 0
    assert not (tmp_path / "r.json").exists()
    data = json.loads((tmp_path / "r.rank1.json").read_text())
    assert data["summary"]["findings"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.py"], "no such script: missing.py"),
        (["-m", "no_such_module_xyz"], "no module named 'no_such_module_xyz'"),
        ([], "nothing to run"),
        (["--format", "xml", "job.py"], "unknown --format 'xml'"),
        (["--fail-on", "fatal", "job.py"], "unknown severity"),
        (["-o", "nowhere/r.json", "job.py"], "folder does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(script, args, message):
    result = _invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "argv" not in result.stdout  # the script never ran


def test_ignore_and_select(script):
    assert "No findings." in _invoke("--ignore", "Sequential", str(script)).stdout
    assert "No findings." in _invoke("--ignore", "DS401", str(script)).stdout
    assert "No findings." in _invoke("--select", "DS402,DS105", str(script)).stdout


CASES = ROOT / "examples" / "run_cases.py"


def _case_line(text: str) -> int:
    return next(i for i, line in enumerate(CASES.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("case", "code", "marker"),
    [
        ("train-after-eval", "DS402", "model.eval()  # e.g. left over"),
        ("no-backward", "DS401", "accuracy = (model(x).argmax(1)"),
        ("update-bn", None, None),
        ("mc", None, None),
        ("ema-teacher", None, None),
    ],
)
def test_example_cases_under_run(case, code, marker, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("RANK", raising=False)
    result = _invoke("--format", "json", str(CASES), case)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    if code is None:
        assert data["findings"] == []
        return
    (finding,) = data["findings"]
    assert finding["code"] == code and finding["line"] == _case_line(marker)
    assert finding["path"] == "examples/run_cases.py"
    assert any("mode last set here" in s["message"] for s in finding["trace"])
