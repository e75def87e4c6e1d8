"""Model specs and CLI inputs after issue 18: ``pkg.mod:Name`` from the current directory
(item 6), unknown ``--device`` (12), a named model that builds nothing (27), bad files and
targets (33), ``DIR:Name`` (38)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from dropsurgeon.cli import app
from dropsurgeon.errors import SpecError
from dropsurgeon.load import check_device, load_models, parse_spec

MODELS = textwrap.dedent("""
    import torch
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self, width=4):
            super().__init__()
            self.fc = nn.Linear(4, width)
            self.drop = nn.Dropout(0.1)

        def forward(self, x):
            return self.drop(self.fc(x))


    class Raises(Net):
        def __init__(self):
            raise RuntimeError("no GPU here")


    class NeedsArgs(Net):
        def __init__(self, depth):
            super().__init__()


    def not_a_module():
        return 3


    def example_inputs():
        return (torch.randn(2, 4),)
""")

BIN = Path(sys.executable).parent / "dropsurgeon"


@pytest.fixture()
def models(tmp_path):
    (tmp_path / "models.py").write_text(MODELS)
    return tmp_path


def test_pkg_module_specs_resolve_against_the_current_directory(tmp_path):
    pkg = tmp_path / "mypkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "nets.py").write_text(MODELS)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(BIN), "check", "mypkg.nets:Net"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    missing = subprocess.run([str(BIN), "check", "nopkg.nets:Net"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "set PYTHONPATH" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_an_unknown_device_lists_the_devices_there_are(models):
    with pytest.raises(SpecError, match=r"unknown --device 'tpu': this machine has cpu"):
        check_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(SpecError, match="this machine has cpu"):
            check_device("cuda")
    assert check_device("cpu") == "cpu"
    for cmd in (["check"], ["lint"], ["inspect"]):
        res = CliRunner().invoke(app, [cmd[0], f"{models}/models.py:Net", "--device", "tpu"])
        assert res.exit_code == 2, (cmd, res.output)
        assert "unknown --device 'tpu'" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize(("name", "extra", "reason"), [
    ("Raises", [], "constructor raised RuntimeError: no GPU here"),
    ("NeedsArgs", [], "constructor needs arguments: depth"),
    ("Net", ["--kwargs", '{"nope": 1}'], "unexpected keyword argument 'nope'"),
    ("not_a_module", [], "returned int, not an nn.Module"),
])
def test_a_named_model_that_builds_nothing_exits_2(models, name, extra, reason):
    with pytest.raises(SpecError, match=reason):
        load_models(f"{models}/models.py:{name}",
                    {"nope": 1} if extra else None, device="cpu")
    for cmd in ("check", "lint", "inspect"):
        res = CliRunner().invoke(app, [cmd, f"{models}/models.py:{name}", *extra])
        assert res.exit_code == 2, (cmd, res.output)
        assert reason in res.output and "No findings" not in res.output, (cmd, res.output)


def test_a_file_spec_still_skips_what_it_cannot_build(models):
    loaded = load_models(f"{models}/models.py", device="cpu")
    assert {type(m).__name__ for m in loaded} == {"LoadedModel", "SkippedModel"}


def test_bad_files_and_targets_are_one_line_and_write_nothing(models, tmp_path):
    (tmp_path / "empty.pt").write_bytes(b"")
    res = CliRunner().invoke(app, ["check", f"{models}/models.py:Net", "--inputs",
                                   str(tmp_path / "empty.pt")])
    assert res.exit_code == 2 and "empty.pt: empty file (0 bytes)" in res.output
    res = CliRunner().invoke(app, ["remove", f"{models}/models.py:Net", "--input-shape",
                                   "100000,100000,100000"])
    assert res.exit_code == 2 and "limited to 4 GiB" in res.output
    assert "Traceback" not in res.output
    res = CliRunner().invoke(app, ["remove", f"{models}/models.py:Net", "--save",
                                   str(tmp_path / "out"), "--plan-out",
                                   str(tmp_path / "missing" / "plan.json")])
    assert res.exit_code == 2 and "no such directory" in res.output
    assert not (tmp_path / "out").exists()  # every target checked before anything is written
    res = CliRunner().invoke(app, ["remove", f"{models}/models.py:Net", "--plan-out",
                                   f"{models}/models.py"])
    assert res.exit_code == 2 and "is one of this command's inputs" in res.output
    assert "class Net" in (models / "models.py").read_text()


def test_read_only_targets_are_refused_before_any_work(models, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write a read-only folder")
        res = CliRunner().invoke(app, ["remove", f"{models}/models.py:Net", "--save",
                                       str(tmp_path / "out"), "--plan-out",
                                       str(locked / "plan.json")])
        assert res.exit_code == 2 and "plan.json: permission denied" in res.output
        assert not (tmp_path / "out").exists()  # checked before anything was written
        res = CliRunner().invoke(app, ["remove", f"{models}/models.py:Net", "--save",
                                       str(locked / "out")])
        assert res.exit_code == 2 and "not writable" in res.output
    finally:
        locked.chmod(0o700)


def test_dir_name_specs_find_the_file_that_defines_the_name(models, tmp_path):
    (models / "other.py").write_text("X = 1\n")
    spec = parse_spec(f"{models}:Net")
    assert spec.file == (models / "models.py").resolve() and spec.attr == "Net"
    with pytest.raises(SpecError, match="no .py file in this directory defines Nope"):
        parse_spec(f"{models}:Nope")
    (models / "copy.py").write_text(MODELS)
    with pytest.raises(SpecError, match="2 files define Net"):
        parse_spec(f"{models}:Net")
    (models / "copy.py").unlink()
    res = CliRunner().invoke(app, ["inspect", f"{models}:Net"])
    assert res.exit_code == 0, res.output
    assert "drop" in res.output and "Raises" not in res.output
    res = CliRunner().invoke(app, ["check", f"{models}:Net"])
    assert res.exit_code == 0, res.output


def test_a_relative_dir_name_spec_is_a_directory_not_a_module(models, monkeypatch):
    monkeypatch.chdir(models.parent)
    spec = parse_spec(f"{models.name}:Net")
    assert spec.file == (models / "models.py").resolve() and spec.module_name is None
    res = CliRunner().invoke(app, ["inspect", f"{models.name}:Net"])
    assert res.exit_code == 0, res.output
    assert "models.py:Net" in res.output and "Raises" not in res.output
