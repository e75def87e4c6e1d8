"""`dropsurgeon tune` end to end: a tiny study, its plan through `apply`, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dropsurgeon.cli import app

optuna = pytest.importorskip("optuna")

ROOT = Path(__file__).resolve().parents[1]
MODEL = f"{ROOT / 'examples' / 'tune_model.py'}:Net"
OBJECTIVE = f"{ROOT / 'examples' / 'tune_objective.py'}:objective"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_tiny_study_then_apply_then_resume(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["tune", MODEL, "--objective", OBJECTIVE, "--storage", "sqlite:///tune.db",
            "--study", "cli", "-g", "dropout", "-g", "before:head=0:0.5", "--seed", "0",
            "--out", "out"]
    first = run(*args, "--trials", 3)
    assert first.exit_code == 0, first.output
    assert "best: trial" in first.output and "wrote out/plan.json" in first.output
    for name in ("plan.json", "best.json", "trials.csv", "history.png", "slice.png"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    applied = run("apply", MODEL, "--plan", "out/plan.json", "--format", "json")
    assert applied.exit_code == 0, applied.output
    best = json.loads((tmp_path / "out" / "best.json").read_text())
    assert best["direction"] == "maximize" and 0 <= best["value"] <= 1
    resumed = run(*args, "--trials", 4)
    assert resumed.exit_code == 0, resumed.output
    trials = optuna.load_study(study_name="cli", storage="sqlite:///tune.db").get_trials()
    assert [t.number for t in trials] == [0, 1, 2, 3]
    assert (tmp_path / "out" / "trials.csv").read_text().count("\n") == 5


@pytest.mark.parametrize(("extra", "message"), [
    (["--storage", "tune.db"], "invalid storage URL"),
    (["--storage", "nosuchdb://x"], "cannot open storage"),
    (["-g", "Conv2d"], "unknown selector 'Conv2d'"),
    (["-g", "dropout=0.5:0.1"], "empty range"),
    (["-g", "dropout=a:b"], "the range is LOW:HIGH"),
    (["--space", "{\"dropout\": [0.3]}"], "a range is two numbers"),
    (["--schedule", "weekly"], "unknown schedule family"),
    (["--trials", "0"], "trials must be a positive"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, monkeypatch, extra, message):
    monkeypatch.chdir(tmp_path)
    result = run("tune", MODEL, "--objective", OBJECTIVE, "--storage", "memory", *extra)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.output
    assert not (tmp_path / "tune-out").exists()  # nothing half-written


def test_objective_spec_must_name_a_function(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("tune", MODEL, "--objective", str(ROOT / "examples" / "tune_objective.py"))
    assert result.exit_code == 2 and "name the function" in result.output


def test_space_file_with_schedules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "space.json").write_text(json.dumps(
        {"dropout": [0.1, 0.3], "schedule": ["constant", "early", "curriculum"]}))
    result = run("tune", MODEL, "--objective", OBJECTIVE, "--storage", "memory", "--trials", 3,
                 "--space", "space.json", "--seed", "1", "--no-figures")
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "tune-out" / "trials.csv").read_text().splitlines()[1:]
    assert len(rows) == 3 and not (tmp_path / "tune-out" / "history.png").exists()


def test_every_trial_failing_keeps_the_table_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.py").write_text("def objective(model, trial):\n"
                                     "    raise RuntimeError('loader is empty')\n")
    result = run("tune", MODEL, "--objective", "bad.py:objective", "--storage", "memory",
                 "--trials", 2)
    assert result.exit_code == 2
    assert "no trial of study 'Net' completed; the first error: RuntimeError: loader is empty" \
        in result.output
    table = (tmp_path / "tune-out" / "trials.csv").read_text()
    assert table.count("RuntimeError: loader is empty") == 2
    assert sorted(p.name for p in (tmp_path / "tune-out").iterdir()) == ["trials.csv"]
