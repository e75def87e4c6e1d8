"""Traces in every output format, paths relative to the working directory, 1-based JSON
columns (issue 16: findings with traces; issue 18 item 13)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dropsurgeon.findings import Finding, Severity, TraceStep
from dropsurgeon.linter.result import ANALYSED, ModelResult, Report
from dropsurgeon.report import render

jsonschema = pytest.importorskip("jsonschema")
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def _validate(doc: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def _traced(path: str) -> Finding:
    return Finding(
        "DS401", Severity.WARNING, "`evaluate` runs `net` in train mode", path, 9, 4,
        fix="call `net.eval()`",
        trace=[
            TraceStep(path, 3, "`net` is created in train mode (`Net()`)", 10),
            TraceStep(path, 5, "`train(net)` calls `net.train()`", 4),
            TraceStep(path, 7, "`evaluate(net, loader)` is called with it", 4),
        ],
    )


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_console_shows_because_lines_relative(in_tmp):
    path = str(in_tmp / "pkg" / "train.py")
    out = render(Report(findings=[_traced(path)]), "console")
    lines = out.splitlines()
    assert lines[0] == "pkg/train.py"
    assert lines[1].startswith("pkg/train.py:9:5 DS401")
    because = [ln for ln in lines if ln.startswith("    because ")]
    assert because == [
        "    because pkg/train.py:3:11: `net` is created in train mode (`Net()`)",
        "    because pkg/train.py:5:5: `train(net)` calls `net.train()`",
        "    because pkg/train.py:7:5: `evaluate(net, loader)` is called with it",
    ]
    assert str(in_tmp) not in out


def test_json_trace_relative_and_one_based(in_tmp):
    path = str(in_tmp / "pkg" / "train.py")
    model = Finding("DS501", Severity.ERROR, "not deterministic", None, None,
                    model=f"{in_tmp}/models/net.py:Net")
    report = Report(findings=[_traced(path), model],
                    models=[ModelResult(f"{in_tmp}/models/net.py:Net", ANALYSED)])
    doc = json.loads(render(report, "json"))
    assert doc["columns"] == "1-based"
    first = next(f for f in doc["findings"] if f["code"] == "DS401")
    assert (first["path"], first["line"], first["column"]) == ("pkg/train.py", 9, 5)
    assert [(s["path"], s["line"], s["column"]) for s in first["trace"]] == [
        ("pkg/train.py", 3, 11), ("pkg/train.py", 5, 5), ("pkg/train.py", 7, 5)]
    second = next(f for f in doc["findings"] if f["code"] == "DS501")
    assert second["model"] == "models/net.py:Net" and second["column"] is None
    assert doc["models"][0]["spec"] == "models/net.py:Net"


def test_outside_cwd_stays_absolute(in_tmp, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere") / "x.py"
    doc = json.loads(render(Report(findings=[_traced(str(other))]), "json"))
    assert doc["findings"][0]["path"] == str(other)


def test_sarif_code_flow_validates_and_ends_at_the_result(in_tmp):
    path = str(in_tmp / "pkg" / "train.py")
    doc = json.loads(render(Report(findings=[_traced(path)]), "sarif"))
    _validate(doc)
    result = doc["runs"][0]["results"][0]
    related = result["relatedLocations"]
    assert [r["id"] for r in related] == [0, 1, 2]
    assert related[0]["physicalLocation"]["artifactLocation"] == {
        "uri": "pkg/train.py", "uriBaseId": "%SRCROOT%"}
    assert related[0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 11}
    assert related[1]["message"]["text"] == "`train(net)` calls `net.train()`"
    flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in flow] == [
        3, 5, 7, 9]


def test_sarif_flow_does_not_repeat_a_last_step_at_the_result():
    f = Finding("DS402", Severity.WARNING, "m", "a.py", 4, 0,
                trace=[TraceStep("a.py", 2, "created"), TraceStep("a.py", 4, "here")])
    doc = json.loads(render(Report(findings=[f]), "sarif"))
    _validate(doc)
    flow = doc["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert len(flow) == 2


def test_github_annotation_names_first_step(in_tmp):
    path = str(in_tmp / "pkg" / "train.py")
    out = render(Report(findings=[_traced(path)]), "github")
    first = out.splitlines()[0]
    assert first.startswith("::warning file=pkg/train.py,line=9,col=5,title=DS401::")
    assert "Because: `net` is created in train mode (`Net()`) (pkg/train.py:3)." in first
    assert os.fspath(in_tmp) not in first


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(
    st.one_of(st.none(), st.from_regex(r"[a-z_/]{1,12}\.py", fullmatch=True)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=5000)),
    st.integers(min_value=0, max_value=120),
    st.text(max_size=30)), min_size=1, max_size=5))
def test_any_trace_validates(steps):
    trace = [TraceStep(p, line, msg, col) for p, line, col, msg in steps]
    f = Finding("DS401", Severity.WARNING, "m", "x.py", 3, 0, trace=trace)
    doc = json.loads(render(Report(findings=[f]), "sarif"))
    _validate(doc)
    assert len(doc["runs"][0]["results"][0]["relatedLocations"]) == len(trace)
