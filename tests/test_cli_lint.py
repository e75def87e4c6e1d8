"""End-to-end behaviour of `dropsurgeon lint`/`inspect`/`rules` on files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BUGGY = ROOT / "examples" / "buggy_mlp.py"
CLEAN = ROOT / "examples" / "clean_mlp.py"


def test_buggy_example_reports_each_bug_once(cli):
    result = cli("lint", BUGGY, "--format", "json")
    assert result.exit_code == 1
    data = result.json()
    got = {(f["code"], f["line"]) for f in data["findings"]}
    assert got == {
        ("DS301", 16), ("DS302", 20), ("DS101", 25), ("DS102", 27), ("DS104", 42),
        ("DS106", 52),
    }
    assert data["version"] == 1
    assert {m["status"] for m in data["models"]} == {"analysed"}
    for f in data["findings"]:
        assert set(f) >= {"path", "line", "column", "code", "severity", "message", "module",
                          "frontend", "fix"}
    assert data["summary"]["by_severity"]["error"] == 3  # DS102 is a warning (issue 9)


def test_clean_example_has_no_findings(cli):
    result = cli("lint", CLEAN)
    assert result.exit_code == 0, result.stdout
    assert "No findings." in result.stdout


def test_fail_on_error_ignores_warnings(cli, write):
    path = write("m.py", """
        import torch.nn as nn
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
                self.drop = nn.Dropout(0.5)
            def forward(self, x):
                return self.drop(self.fc(x))
    """)
    assert cli("lint", path).exit_code == 1  # DS302 is a warning; default fail-on warning
    assert cli("lint", path, "--fail-on", "error").exit_code == 0


def test_select_and_ignore(cli):
    only = cli("lint", BUGGY, "--format", "json", "--select", "DS3").json()
    assert {f["code"] for f in only["findings"]} == {"DS301", "DS302"}
    rest = cli("lint", BUGGY, "--format", "json", "--ignore", "DS1,DS302").json()
    assert {f["code"] for f in rest["findings"]} == {"DS301"}


def test_spec_with_name_and_kwargs(cli):
    result = cli("lint", f"{BUGGY}:BuggyMLP", "--kwargs", '{"width": 16, "p": 0.3}',
                 "--format", "json")
    data = result.json()
    assert [m["spec"] for m in data["models"]] == ["examples/buggy_mlp.py:BuggyMLP"] or \
        data["models"][0]["spec"].endswith("buggy_mlp.py:BuggyMLP")
    assert {f["code"] for f in data["findings"]} >= {"DS101", "DS102"}


def test_classes_needing_arguments_are_skipped_with_reason(cli, write):
    path = write("m.py", """
        import torch.nn as nn
        class Block(nn.Module):
            def __init__(self, dim):
                super().__init__()
                self.fc = nn.Linear(dim, dim)
            def forward(self, x):
                return self.fc(x)
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.block = Block(4)
            def forward(self, x):
                return self.block(x)
    """)
    data = cli("lint", path, "--format", "json").json()
    status = {m["spec"].split(":")[-1]: (m["status"], m["reason"]) for m in data["models"]}
    assert status["Net"][0] == "analysed"
    assert status["Block"][0] == "skipped" and "dim" in status["Block"][1]


def test_bad_inputs_are_one_line_errors(cli, write, tmp_path):
    bad_syntax = write("broken.py", "def f(:\n")
    raises = write("raises.py", "raise RuntimeError('boom at import')\n")
    cases = [
        ("lint", "/nonexistent/model.py"),
        ("lint", f"{bad_syntax}:f"),
        ("lint", raises),
        ("lint", BUGGY, "--input-shape", "2,x"),
        ("lint", "--no-import", BUGGY, "--input-shape", "2,x"),  # no front-end needs inputs
        ("lint", "--diff", BUGGY, "--input-shape", "8,3,"),
        ("lint", BUGGY, "--output", tmp_path / "no" / "such" / "dir" / "out.json"),
        ("lint", "--no-import", BUGGY, "-o", tmp_path / "missing" / "r.txt"),
        ("lint", "--jobs", "0", BUGGY),
        ("lint", f"{BUGGY}:Missing"),
        ("lint", BUGGY, "--kwargs", "{not json"),
        ("lint", BUGGY, "--kwargs", "[1, 2]"),
        ("lint", BUGGY, "--fail-on", "fatal"),
        ("lint", "no_such_pkg_xyz.models:Net"),
        ("explain", "DS999"),
    ]
    for args in cases:
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        err = result.stderr.strip().splitlines()
        assert err and (err[-1].startswith("dropsurgeon: error:")
                        or "Invalid value" in result.stderr), (args, result.stderr)
        assert "internal error" not in result.stderr
        assert "No findings." not in result.stdout


def test_output_into_a_device_writes_through_it(cli):
    # an atomic rename onto /dev/null would replace the device with a regular file
    result = cli("lint", "--no-import", BUGGY, "--format", "json", "--output", "/dev/null")
    assert result.exit_code == 1
    assert Path("/dev/null").is_char_device()


def test_no_findings_line_only_when_every_input_was_read(cli, write, tmp_path):
    clean = write("clean.py", "x = 1\n")
    assert "No findings." in cli("lint", "--no-import", clean).stdout
    failed = cli("lint", "--no-import", clean, tmp_path / "missing.py")
    assert failed.exit_code == 2 and "No findings." not in failed.stdout
    assert "missing.py: no such file" in failed.stderr


def test_summary_counts_files_scanned_and_models_built(cli):
    data = cli("lint", BUGGY, CLEAN, "--format", "json").json()
    built = sum(m["status"] in ("analysed", "failed") for m in data["models"])
    assert data["summary"]["files_scanned"] == 2
    assert data["summary"]["models_built"] == built >= 2
    static = cli("lint", "--no-import", BUGGY.parent, "--format", "json").json()
    assert static["summary"]["files_scanned"] == len(list(BUGGY.parent.rglob("*.py")))
    assert static["summary"]["models_built"] == 0


def test_other_targets_still_analysed_after_a_bad_one(cli):
    result = cli("lint", "/nonexistent.py", BUGGY, "--format", "json")
    assert result.exit_code == 2
    assert result.json()["findings"], "the good target must still be linted"


def test_untraceable_model_gets_the_next_front_end(cli, write):
    path = write("dyn.py", """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
            def forward(self, x):
                if x.sum() > 0:  # data-dependent: fx cannot trace this
                    x = F.dropout(x, 0.5)
                return self.fc(x)
        def example_inputs():
            return (torch.ones(2, 4),)
    """)
    data = cli("lint", path, "--format", "json").json()
    model = data["models"][0]
    assert model["status"] == "analysed" and "fx" not in model["frontend"].split("+")
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("DS101", 11)]


def test_model_nobody_can_see_is_reported_not_silent(cli, write):
    path = write("opaque.py", """
        import torch.nn as nn
        class Net(nn.Module):
            def forward(self, x):
                if x.sum() > 0:
                    return x
                return -x
    """)
    result = cli("lint", path, "--format", "json")
    data = result.json()
    assert data["models"][0]["status"] == "failed"
    assert "input" in data["models"][0]["reason"]
    assert result.exit_code == 2


def test_output_file_is_written(cli, tmp_path):
    out = tmp_path / "report.json"
    result = cli("lint", BUGGY, "--format", "json", "--output", out)
    assert result.exit_code == 1
    assert json.loads(out.read_text())["findings"]


def test_inspect_prints_every_site(cli):
    result = cli("inspect", f"{BUGGY}:BuggyMLP")
    assert result.exit_code == 0
    for text in ("drop", "head_drop", "F.dropout", "train:on eval:on", "train:on eval:off"):
        assert text in result.stdout
    data = json.loads(cli("inspect", f"{BUGGY}:BuggyMLP", "--format", "json").stdout)
    assert data[0]["inventory"]["sites"]


def test_rules_lists_the_catalogue(cli):
    result = cli("rules", "--format", "json")
    codes = [r["code"] for r in json.loads(result.stdout)]
    assert "DS101" in codes and codes == sorted(codes)


def test_import_does_not_import_torch():
    code = (
        "import sys, dropsurgeon, dropsurgeon.rules, dropsurgeon.cli; "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_console_script_runs():
    exe = Path(sys.executable).parent / "dropsurgeon"
    out = subprocess.run([str(exe), "lint", str(BUGGY)], capture_output=True, text=True)
    assert out.returncode == 1
    assert "DS101" in out.stdout and "Traceback" not in out.stderr


def test_models_are_built_on_meta_so_huge_ones_cost_no_memory(cli, write):
    # 10^10 parameters (40 GB in float32): only the meta device makes this lintable.
    path = write("huge.py", """
        import torch.nn as nn
        import torch.nn.functional as F
        class Huge(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(100_000, 100_000)
            def forward(self, x):
                return F.dropout(self.fc(x), 0.1)
    """)
    data = cli("lint", path, "--format", "json").json()
    assert data["models"][0]["status"] == "analysed"
    assert {(f["code"], f["line"]) for f in data["findings"]} == {("DS101", 9), ("DS302", 9)}


def test_model_whose_train_forward_needs_targets_is_still_analysed_at_eval(cli, write):
    path = write("det.py", """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        class Detector(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
            def forward(self, images, targets=None):
                if self.training and targets is None:
                    raise ValueError("targets should not be none when in training mode")
                x = torch.stack(list(images))
                return F.dropout(self.fc(x), 0.2).sum(-1)
        def example_inputs():
            return ([torch.ones(4), torch.ones(4)],)
    """)
    data = cli("lint", path, "--format", "json").json()
    model = data["models"][0]
    assert model["status"] == "analysed"
    assert "train-mode behaviour not observed" in model["reason"]
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("DS101", 13)]


def test_inputs_file_and_explicit_frontends(cli, write, tmp_path):
    import torch

    path = write("dyn2.py", """
        import torch.nn as nn
        import torch.nn.functional as F
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
            def forward(self, x):
                if x.sum() > 0:
                    x = F.dropout(x, 0.5)
                return self.fc(x)
    """)
    inputs = tmp_path / "inputs.pt"
    torch.save((torch.ones(2, 4),), inputs)
    data = cli("lint", path, "--inputs", inputs, "--frontends", "runtime,export",
               "--format", "json").json()
    model = data["models"][0]
    assert model["frontend"] == "runtime+modules"  # fx was not asked for
    assert "export:" in model["reason"]  # export cannot follow `x.sum() > 0`; it says so
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("DS101", 10)]
    bad = cli("lint", path, "--frontends", "magic")
    assert bad.exit_code == 2 and "unknown front-end" in bad.stderr
