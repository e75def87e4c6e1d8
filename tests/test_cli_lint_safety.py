"""Issue 18: lint never runs a script unless asked (3), user code that exits, prints or is
interrupted (26, 30), inspect of a directory (11), lint DIR vs lint FILE (20), an output path
that is an input (37)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dropsurgeon.linter.api import lint
from dropsurgeon.linter.toplevel import first_action

MODEL = """
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return F.dropout(self.fc(x), 0.5)
"""

SCRIPT = MODEL + """

with open("SIDE_EFFECT", "w") as fh:
    fh.write("the script ran")
"""


def test_a_script_with_a_top_level_side_effect_is_not_run(cli, write, tmp_path, monkeypatch):
    path = write("train.py", SCRIPT)
    monkeypatch.chdir(tmp_path)
    result = cli("lint", path, "--format", "json")
    assert not (tmp_path / "SIDE_EFFECT").exists()
    data = result.json()
    assert [m["status"] for m in data["models"]] == ["skipped"]
    assert "not imported: top-level code would run (line 15: a with block)" in \
        data["models"][0]["reason"] and "--import" in data["models"][0]["reason"]
    # the static findings are still reported
    assert [f["code"] for f in data["findings"]] == ["DS101"]
    assert result.exit_code == 1


def test_import_keeps_the_old_behaviour(cli, write, tmp_path, monkeypatch):
    path = write("train.py", SCRIPT)
    monkeypatch.chdir(tmp_path)
    result = cli("lint", path, "--import", "--format", "json")
    assert (tmp_path / "SIDE_EFFECT").read_text() == "the script ran"
    assert [m["status"] for m in result.json()["models"]] == ["analysed"]


def test_a_file_of_definitions_is_still_built(cli, write):
    path = write("model.py", MODEL + '\n\nif __name__ == "__main__":\n    print(Net())\n')
    data = cli("lint", path, "--format", "json").json()
    assert [m["status"] for m in data["models"]] == ["analysed"]


@pytest.mark.parametrize("source, what", [
    ("import torch\ntorch.manual_seed(0)\n", "line 2: a call to torch.manual_seed()"),
    ("for i in range(3):\n    pass\n", "line 1: a loop"),
    ("import os\nos.environ['X'] = '1'\n", "line 2: an assignment to os.environ['X']"),
    ("x = 1\ndata = load()\n", "line 2: a call to load()"),
    ("try:\n    import a\nexcept ImportError:\n    print('no a')\n", "line 4: a call to print()"),
])
def test_actions_are_found(source, what):
    action = first_action(source)
    assert action is not None and what in action.reason()


@pytest.mark.parametrize("source", [
    '"""doc"""\nimport torch\nfrom typing import TypeVar\nT = TypeVar("T")\n__all__ = ["A"]\n',
    "import logging\nlog = logging.getLogger(__name__)\n",
    "try:\n    import a\nexcept ImportError:\n    a = None\n",
    "class A:\n    x: int = 3\n    def f(self):\n        print(1)\n",
    "@decorate(1)\ndef f(x=g()):\n    return x\n",
    'if __name__ == "__main__":\n    main()\n',
    "def f(:\n",  # does not parse: DS000's business
])
def test_definitions_are_not_actions(source):
    assert first_action(source) is None


EXITS_AT_IMPORT = """
import argparse

import torch.nn as nn


class Quiet(nn.Module):
    def forward(self, x):
        return x


args = argparse.ArgumentParser().parse_args(["--no-such-flag"])
"""


def test_sys_exit_at_import_keeps_the_other_files_findings(write, tmp_path):
    write("pkg/a_exits.py", EXITS_AT_IMPORT)
    write("pkg/b_model.py", MODEL)
    report = lint(tmp_path / "pkg", import_dirs=True)
    assert len(report.errors) == 1 and "a_exits.py" in report.errors[0]
    assert "sys.exit(2)" in report.errors[0]
    assert "DS101" in {f.code for f in report.findings}  # b_model.py's, still reported
    assert {os.path.basename(f.path) for f in report.findings} == {"b_model.py"}
    assert [m.status for m in report.models] == ["analysed"]
    assert report.exit_code() == 2


def test_sys_exit_in_a_forward_is_an_error_not_an_exit(write):
    path = write("m.py", MODEL.replace("return F.dropout",
                                       "raise SystemExit(7)\n        return F.dropout"))
    report = lint(str(path), input_shapes=["2,4"])
    assert report.errors and "sys.exit(7)" in report.errors[0]


def test_keyboard_interrupt_from_user_code_stops_with_a_report(write, tmp_path):
    write("pkg/a.py", MODEL)
    write("pkg/b_interrupt.py", MODEL + "\n\nraise KeyboardInterrupt\n")
    write("pkg/c.py", MODEL)
    report = lint(tmp_path / "pkg", import_dirs=True)
    assert any("KeyboardInterrupt" in e and "b_interrupt.py" in e for e in report.errors)
    assert [m.name.split("/")[-1] for m in report.models] == ["a.py:Net"]  # c.py not reached


NOISY = MODEL.replace("return F.dropout", 'print("shapes:", x.shape)\n        return F.dropout') + \
    'print("imported")\n'


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_model_output_on_stdout_does_not_corrupt_the_report(write, tmp_path, fmt):
    path = write("noisy.py", NOISY)
    proc = subprocess.run(
        [sys.executable, "-m", "dropsurgeon.cli.app", "lint", str(path), "--import",
         "--format", fmt, "--input-shape", "2,4", "--frontends", "runtime"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    data = json.loads(proc.stdout)  # nothing but the report on stdout
    assert data
    assert "imported" in proc.stderr and "shapes:" in proc.stderr


def test_inspect_a_directory_lists_every_model(cli, write, tmp_path):
    write("models/a.py", MODEL)
    write("models/b.py", MODEL.replace("class Net", "class Other"))
    write("models/script.py", SCRIPT)
    result = cli("inspect", tmp_path / "models", "--format", "json")
    assert result.exit_code == 0, result.stderr
    specs = {r["spec"].split("/")[-1]: r["status"] for r in result.json()}
    assert specs == {"a.py:Net": "analysed", "b.py:Other": "analysed",
                     "script.py": "skipped"}


def test_inspect_a_directory_without_models_says_what_inspect_takes(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("inspect", tmp_path / "empty")
    assert result.exit_code == 2
    assert "inspect takes a model spec" in result.stderr and "\n" == result.stderr[-1]
    assert result.stderr.count("\n") == 1


def test_an_empty_directory_says_so_and_passes(cli, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.txt").write_text("no python here")
    result = cli("lint", tmp_path / "docs")
    assert result.exit_code == 0
    assert "no Python files to lint" in result.stderr
    data = cli("lint", tmp_path / "docs", "--format", "json").json()
    assert any("no Python files" in n for n in data["summary"]["notes"])


def test_lint_dir_and_lint_file_agree_and_say_which_rules_ran(write, tmp_path):
    write("proj/model.py", MODEL)
    as_file = lint(str(tmp_path / "proj" / "model.py"))
    as_dir = lint(str(tmp_path / "proj"))
    static_codes = {(f.code, f.line) for f in as_dir.findings}
    file_codes = {(f.code, f.line) for f in as_file.findings}
    assert static_codes and static_codes <= file_codes
    assert {c for c, _ in file_codes - static_codes} <= {f"DS3{i:02d}" for i in range(100)}
    assert any("placement rules" in n for n in as_dir.notes)
    assert not any("placement rules" in n for n in as_file.notes)


@pytest.mark.parametrize("args", [
    ["{m}:Net", "-o", "{m}"],
    ["{m}", "--output", "{m}"],
    ["{d}", "-o", "{link}"],
])
def test_an_output_path_equal_to_an_input_is_refused(cli, write, tmp_path, args):
    path = write("d/m.py", MODEL)
    before = path.read_text()
    link = tmp_path / "link.py"
    os.symlink(path, link)
    argv = [a.format(m=path, d=path, link=link) for a in args]
    result = cli("lint", *argv)
    assert result.exit_code == 2
    assert "is one of the inputs" in result.stderr
    assert path.read_text() == before


def test_mc_output_equal_to_its_inputs_is_refused(cli, write, tmp_path):
    import torch

    model = write("m.py", MODEL)
    x = tmp_path / "x.pt"
    torch.save(torch.zeros(2, 4), x)
    before = x.read_bytes()
    result = cli("mc", f"{model}:Net", "--inputs", x, "-o", x, "-T", "2")
    assert result.exit_code == 2
    assert "--output" in result.stderr and "is one of the inputs" in result.stderr
    assert x.read_bytes() == before


@pytest.mark.parametrize("name", ["buggy_mlp.py", "clean_mlp.py", "run_mnist_bug.py",
                                  "block.py"])
def test_lint_file_keeps_every_finding_of_the_directory_scan(tmp_path, name):
    import shutil
    from pathlib import Path

    source = Path(__file__).resolve().parent.parent / "examples" / name
    if not source.exists():
        pytest.skip(f"examples/{name} is not in this checkout")
    shutil.copy(source, tmp_path / name)
    as_dir = {(f.code, f.line) for f in lint(str(tmp_path), cache=False).findings}
    as_file = {(f.code, f.line) for f in lint(str(tmp_path / name)).findings}
    assert as_dir <= as_file  # the graph may add what the source cannot see, never lose


def test_lint_dir_colon_name_lints_that_model_only(write, tmp_path):
    write("adir/a.py", MODEL)
    write("adir/b.py", MODEL.replace("class Net", "class Other"))
    report = lint(f"{tmp_path / 'adir'}:Other")
    assert [m.name.rsplit("/", 1)[-1] for m in report.models] == ["b.py:Other"]
    assert {os.path.basename(f.path) for f in report.findings} == {"b.py"}
    static = lint(f"{tmp_path / 'adir'}:Other", static_only=True)
    assert {os.path.basename(f.path) for f in static.findings} == {"b.py"}


def test_lint_and_inspect_of_a_save_show_its_stored_spec(cli, write, tmp_path):
    import torch.nn as nn

    import dropsurgeon

    write("m.py", MODEL)
    model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.1))
    dropsurgeon.save(model, None, tmp_path / "s", spec=f"{tmp_path / 'm.py'}:Net")
    for command in ("lint", "inspect"):
        result = cli(command, tmp_path / "s")
        assert result.exit_code == 2
        assert "m.py:Net" in result.stderr and "--trust-spec" in result.stderr


def test_inspect_a_directory_keeps_going_past_a_file_that_exits(cli, write, tmp_path):
    write("models/a.py", MODEL)
    write("models/b_exits.py", EXITS_AT_IMPORT.replace("args = argparse",
                                                      "if True:\n    args = argparse"))
    result = cli("inspect", tmp_path / "models", "--import", "--format", "json")
    got = {r["spec"].rsplit("/", 1)[-1]: (r["status"], r["reason"]) for r in result.json()}
    assert got["a.py:Net"][0] == "analysed"
    assert got["b_exits.py"][0] == "skipped" and "sys.exit(2)" in got["b_exits.py"][1]


def test_the_progress_spinner_leaves_stdout_to_the_report(write, monkeypatch):
    import sys

    from rich.console import Console

    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))  # as on a tty
    path = write("m.py", MODEL)
    stdout, stderr = sys.stdout, sys.stderr
    lint(str(path), progress=True)
    assert sys.stdout is stdout and sys.stderr is stderr


def test_lint_of_a_trusted_save_builds_it(cli, write, tmp_path):
    import torch.nn as nn

    import dropsurgeon

    write("m.py", MODEL)
    namespace: dict = {}
    exec(MODEL, namespace)
    assert isinstance(namespace["Net"](), nn.Module)
    dropsurgeon.save(namespace["Net"](), None, tmp_path / "s", spec=f"{tmp_path / 'm.py'}:Net")
    result = cli("lint", tmp_path / "s", "--trust-spec", "--format", "json")
    assert [m["status"] for m in result.json()["models"]] == ["analysed"], result.stderr


def test_a_named_model_in_a_script_is_an_error_not_a_pass(cli, write, tmp_path, monkeypatch):
    path = write("train.py", SCRIPT)
    monkeypatch.chdir(tmp_path)
    result = cli("lint", f"{path}:Net", "--format", "json")
    assert result.exit_code == 2 and not (tmp_path / "SIDE_EFFECT").exists()
    assert "not imported: top-level code would run" in result.stderr
    assert [f["code"] for f in result.json()["findings"]] == ["DS101"]  # the source still speaks
