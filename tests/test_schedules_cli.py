"""``dropsurgeon schedule-plot``: a PNG, a table, the curve as JSON, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dropsurgeon.cli.app import app
from dropsurgeon.schedules import parse


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "p.png"
    result = run("schedule-plot", "--p", "early(0.1, until=2000)", "--p", "late(0.2, 5000)",
                 "--steps", 10000, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "wrote" in result.output


def test_json_curve_equals_the_preset():
    result = run("schedule-plot", "--p", "cosine(0.3, 0.0, 100)", "--steps", 100,
                 "--format", "json")
    assert result.exit_code == 0, result.output
    (c,) = json.loads(result.output)["schedules"]
    preset = parse("cosine(0.3, 0.0, 100)")
    assert c["steps"] == list(range(101))
    assert c["rates"] == [preset(s) for s in c["steps"]]


def test_long_curves_are_sampled_but_keep_the_jump():
    result = run("schedule-plot", "--p", "early(0.1, until=2001)", "--steps", 10**6,
                 "--format", "json")
    (c,) = json.loads(result.output)["schedules"]
    assert len(c["steps"]) < 2100
    pairs = dict(zip(c["steps"], c["rates"], strict=True))
    assert pairs[2000] == 0.1 and pairs[2001] == 0.0


def test_table():
    result = run("schedule-plot", "--p", "warmup(0.2, 10)", "--steps", 10)
    assert result.exit_code == 0, result.output
    assert "warmup(0.2, 10)" in result.output and "0.1" in result.output


@pytest.mark.parametrize("args,needle", [
    (["--p", "early(1.0, until=3)"], "p must be in [0, 1)"),
    (["--p", "linear(0.1, 0.2, -4)"], "steps must be"),
    (["--p", "__import__('os')"], "unknown schedule '__import__'"),
    (["--p", "0.1", "--steps", -1], "--steps must be"),
    (["--p", "0.1", "--format", "sarif"], "unknown --format"),
    (["--p", "0.1", "-o", "/nonexistent-dir/x.png"], "cannot write -o"),
])
def test_bad_input_is_one_line_exit_2(args, needle):
    result = run("schedule-plot", *args)
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output
