"""End to end: ``dropsurgeon mc SPEC --inputs x.pt`` on a model file."""

from __future__ import annotations

import json
import textwrap

import pytest
import torch
from typer.testing import CliRunner

from dropsurgeon.cli import app

MODEL = textwrap.dedent("""
    import torch
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            torch.manual_seed(0)
            self.fc = nn.Linear(4, 16)
            self.bn = nn.BatchNorm1d(16)
            self.drop = nn.Dropout(0.5)
            self.out = nn.Linear(16, 3)

        def forward(self, x):
            return self.out(self.drop(torch.relu(self.bn(self.fc(x)))))


    class NaNRows(Net):
        def forward(self, x):
            return torch.where(x[:, :1] > 1.0, torch.nan, super().forward(x))


    class NoneOut(Net):
        def forward(self, x):
            super().forward(x)


    class Plain(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 3)

        def forward(self, x):
            return self.fc(x)
""")


@pytest.fixture
def files(tmp_path):
    (tmp_path / "model.py").write_text(MODEL)
    torch.manual_seed(0)
    torch.save(torch.randn(12, 4), tmp_path / "x.pt")
    torch.save(torch.randint(0, 3, (12,)), tmp_path / "y.pt")
    return tmp_path


def test_mc_summary_json_output_and_plot(files):
    out, png = files / "r.json", files / "rel.png"
    res = CliRunner().invoke(app, [
        "mc", f"{files}/model.py:Net", "--inputs", str(files / "x.pt"), "--samples", "20",
        "--targets", str(files / "y.pt"), "--output", str(out), "--plot", str(png),
        "--seed", "0", "--format", "json",
    ])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)  # stderr: the warning that the weights are untrained
    assert summary["task"] == "classification" and summary["rows"] == 12
    assert summary["sites"] == ["drop"] and summary["split"] == "drop"
    assert sum(summary["entropy_histogram"]["counts"]) == 12
    assert set(summary["calibration"]) == {"ece", "nll", "brier", "accuracy"}
    saved = json.loads(out.read_text())
    assert len(saved["probs"]) == 12 and saved["samples"] == 20
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_mc_console_and_pt_output(files):
    out = files / "r.pt"
    res = CliRunner().invoke(app, ["mc", f"{files}/model.py:Net", "--inputs",
                                   str(files / "x.pt"), "--samples", "8", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "mean confidence" in res.output and "predictive entropy" in res.output
    saved = torch.load(out, weights_only=False)
    assert saved["probs"].shape == (12, 3)


@pytest.mark.parametrize(("extra", "message"), [
    (["--samples", "1"], "samples must be an integer >= 2"),
    (["--where", "nothing"], "where='nothing'"),
    (["--output", "r.txt"], "--output must end in .json or .pt"),
    (["--plot", "p.png"], "needs a classifier and --targets"),
])
def test_mc_bad_input_is_one_line(files, extra, message):
    res = CliRunner().invoke(app, ["mc", f"{files}/model.py:Net", "--inputs",
                                   str(files / "x.pt"), *extra])
    assert res.exit_code == 2
    assert message in res.output and "Traceback" not in res.output


def test_mc_model_without_dropout_points_to_insert(files):
    res = CliRunner().invoke(app, ["mc", f"{files}/model.py:Plain", "--inputs",
                                   str(files / "x.pt")])
    assert res.exit_code == 2 and "dropsurgeon.insert" in res.output


def test_mc_nan_rows_are_named_not_a_crash(files):
    x = torch.load(files / "x.pt")
    res = CliRunner().invoke(app, ["mc", f"{files}/model.py:NaNRows", "--inputs",
                                   str(files / "x.pt"), "--samples", "4", "--format", "json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    bad = [i for i in range(12) if x[i, 0] > 1.0]
    assert bad and summary["entropy_histogram"]["not_finite"] == len(bad)
    assert sum(summary["entropy_histogram"]["counts"]) == 12 - len(bad)
    rows = ", ".join(map(str, bad))
    assert any(f"rows {rows})" in n for n in summary["notes"]), summary["notes"]


def test_mc_refuses_a_model_returning_none(files):
    res = CliRunner().invoke(app, ["mc", f"{files}/model.py:NoneOut", "--inputs",
                                   str(files / "x.pt")])
    assert res.exit_code == 2 and "returned NoneType" in res.output, res.output
    assert "regression" not in res.output


def test_mc_models_own_error_is_one_line(files):
    (files / "raises.py").write_text(textwrap.dedent("""
        import torch.nn as nn


        class KeyNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.drop = nn.Dropout(0.5)

            def forward(self, x):
                return {"a": self.drop(x)}["missing"]
    """))
    res = CliRunner().invoke(app, ["mc", f"{files}/raises.py:KeyNet", "--inputs",
                                   str(files / "x.pt")])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "KeyError: 'missing'" in res.output and "first forward" in res.output
