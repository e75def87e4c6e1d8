"""`--format sarif` validates against the official SARIF 2.1.0 schema (OASIS, errata01)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dropsurgeon.findings import Finding, Severity
from dropsurgeon.linter.result import FAILED, ModelResult, Report
from dropsurgeon.report import render
from dropsurgeon.rules import BY_CODE

jsonschema = pytest.importorskip("jsonschema")
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def _validate(doc: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def _report() -> Report:
    return Report(
        findings=[
            Finding("DS101", Severity.ERROR, "no training flag", "models/net.py", 12, 8,
                    module="encoder.block", frontend="runtime", fix="pass training",
                    model="models/net.py:Net"),
            Finding("DS203", Severity.INFO, "p=0", "models/net.py", 3, 0, suppressed=True),
            Finding("DS501", Severity.ERROR, "not deterministic", None, None,
                    model="models/net.py:Net"),
            Finding("DS303", Severity.WARNING, "outside", "/elsewhere/x.py", 4, 2),
        ],
        models=[ModelResult("models/net.py:Net", FAILED, reason="no front-end")],
        errors=["other.py:Net: eval forward raised ValueError: boom"],
    )


def test_report_validates_and_carries_everything():
    doc = json.loads(render(_report(), "sarif"))
    _validate(doc)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(BY_CODE)
    for r in rules:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["help"]["text"] and r["help"]["markdown"].startswith(f"# {r['id']}")
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    res = {r["ruleId"]: r for r in run["results"]}
    first = res["DS101"]
    assert rules[first["ruleIndex"]]["id"] == "DS101"
    assert first["level"] == "error"
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "models/net.py", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 12, "startColumn": 9}  # 1-based
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "encoder.block"
    assert res["DS203"]["level"] == "note"
    assert res["DS203"]["suppressions"] == [{"kind": "inSource", "justification": "# noqa"}]
    # no path of its own: located at the model's file, without a region
    assert res["DS501"]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "models/net.py", "uriBaseId": "%SRCROOT%"}
    }
    assert res["DS303"]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///elsewhere/x.py"
    }
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False and inv["exitCode"] == 2
    texts = [n["message"]["text"] for n in inv["toolExecutionNotifications"]]
    assert texts[0].endswith("ValueError: boom") and "not analysed" in texts[1]


def test_empty_report_validates():
    doc = json.loads(render(Report(), "sarif"))
    _validate(doc)
    assert doc["runs"][0]["results"] == []


def test_cli_check_sarif_validates(cli, write, tmp_path):
    src = (
        "import torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
        "class Net(nn.Module):\n"
        "    def forward(self, x):\n"
        "        return F.dropout(x, 0.5)\n"
    )
    out = tmp_path / "out.sarif"
    result = cli("check", f"{write('m.py', src)}:Net", "--input-shape", "2,8", "-f", "sarif",
                 "-o", out)
    assert result.exit_code == 1, result.stderr
    doc = json.loads(out.read_text())
    _validate(doc)
    [res] = doc["runs"][0]["results"]
    assert res["ruleId"] == "DS101"
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 7


def test_cli_lint_sarif_validates(cli):
    root = Path(__file__).resolve().parent.parent
    result = cli("lint", root / "examples" / "buggy_mlp.py", "--no-import", "-f", "sarif")
    doc = json.loads(result.stdout)
    _validate(doc)
    assert doc["runs"][0]["results"], "the buggy example has findings"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(BY_CODE)),
            st.sampled_from(list(Severity)),
            st.text(min_size=1, max_size=40),
            st.one_of(st.none(), st.from_regex(r"[a-z_/]{1,12}\.py", fullmatch=True)),
            st.integers(min_value=1, max_value=10_000),
            st.integers(min_value=0, max_value=200),
            st.booleans(),
        ),
        max_size=6,
    )
)
def test_any_findings_validate(rows):
    findings = [
        Finding(code, sev, msg, path, line if path else None, col, suppressed=sup)
        for code, sev, msg, path, line, col, sup in rows
    ]
    _validate(json.loads(render(Report(findings=findings), "sarif")))
