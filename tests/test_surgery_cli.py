"""End to end: the insert/replace/remove/set-rate commands on model files."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

import dropsurgeon
from dropsurgeon.cli import app
from dropsurgeon.surgery import Plan
from dropsurgeon.surgery.wrappers import InsertedDropout

MODEL = textwrap.dedent("""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F


    class MLP(nn.Module):
        def __init__(self, width=16):
            super().__init__()
            self.fc1 = nn.Linear(8, width)
            self.fc2 = nn.Linear(width, 4)
            self.drop = nn.Dropout(0.1)

        def forward(self, x):
            x = F.dropout(F.relu(self.fc1(x)), 0.3, self.training)
            return self.fc2(self.drop(x))


    class Other(nn.Module):
        def forward(self, x):
            return x


    def example_inputs():
        return torch.randn(2, 8)
""")


@pytest.fixture()
def model_file(tmp_path):
    path = tmp_path / "mlp.py"
    path.write_text(MODEL)
    return path


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def test_insert_writes_plan_and_model(model_file, tmp_path):
    plan, out = tmp_path / "plan.json", tmp_path / "out"
    code, text = run("insert", f"{model_file}:MLP", "--where", "after:Linear", "--p", "0.2",
                     "--plan-out", plan, "--save", out)
    assert code == 0, text
    assert "after fc1" in text and "bitwise equal" in text and "strict=True" in text
    saved = Plan.from_json(plan.read_text())
    assert saved.to_dict()["operations"] == [
        {"op": "insert", "where": ["after:Linear"], "kind": "dropout", "p": 0.2}]
    # --save writes safetensors + plan + spec, not a pickle; load rebuilds from the spec
    assert sorted(p.name for p in out.iterdir()) == [
        "dropsurgeon.json", "model.safetensors", "plan.json"]
    model = dropsurgeon.load(out, trust_spec=True)  # our own save: its spec is trusted
    assert {"fc1.weight", "fc2.bias"} <= set(model.state_dict())
    assert isinstance(model.fc1, InsertedDropout)


def test_dry_run_writes_no_model(model_file, tmp_path):
    code, text = run("remove", f"{model_file}:MLP", "--dry-run", "--plan-out",
                     tmp_path / "p.json")
    assert code == 0, text
    assert "planned changes (2)" in text and "@dropout" in text
    assert (tmp_path / "p.json").exists()
    code, text = run("remove", f"{model_file}:MLP", "--dry-run", "--save", tmp_path / "x.pt")
    assert code == 2 and not (tmp_path / "x.pt").exists()


def test_replace_and_set_rate_json(model_file):
    code, text = run("replace", f"{model_file}:MLP", "--kind", "mc", "--format", "json")
    assert code == 0, text
    data = json.loads(text)
    assert {c["after"] for c in data["changes"]} == {"MCDropout(p=0.1)", "MCDropout(p=0.3)"}
    assert data["verification"]["outputs"].startswith("not compared")
    assert data["inputs"] == "example_inputs()"
    code, text = run("set-rate", f"{model_file}:MLP", "--p", "0.5", "--where", "drop",
                     "--format", "json", "--kwargs", '{"width": 4}')
    assert code == 0, text
    assert json.loads(text)["changes"][0]["after"] == "Dropout(p=0.5)"


def test_no_match_and_bad_input_are_one_line_errors(model_file, tmp_path):
    out = tmp_path / "out.pt"
    for args in (
        ("insert", f"{model_file}:MLP", "--where", "after:GRU", "--p", "0.1", "--save", out),
        ("insert", f"{model_file}:MLP", "--where", "Linear", "--p", "1.5"),
        ("insert", f"{model_file}:MLP", "--where", "Linear", "--p", "0.1", "--kind", "odd"),
        ("replace", f"{model_file}", "--kind", "mc"),  # two models in the file
        ("remove", tmp_path / "missing.py"),
        ("remove", f"{model_file}:MLP", "--format", "xml"),
    ):
        code, text = run(*args)
        assert code == 2, (args, text)
        assert "Traceback" not in text and text.count("\n") <= 2, text
    assert not out.exists()
    code, text = run("insert", f"{model_file}:MLP", "--where", "after:GRU", "--p", "0.1")
    assert "'GRU'" in text


def test_input_shape_and_no_verify(model_file):
    code, text = run("insert", f"{model_file}:MLP", "-w", "before:head", "-w", "fc1",
                     "--p", "0.1", "--input-shape", "3,8")
    assert code == 0, text
    assert "before fc2" in text and "--input-shape" in text
    code, text = run("insert", f"{model_file}:MLP", "-w", "fc1", "--p", "0.1", "--no-verify")
    assert code == 0 and "verification skipped" in text
