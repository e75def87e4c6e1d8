"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; the tool's rules carry id, name, short and full descriptions, help (text and
markdown: the ``explain`` page) and default level; each result its rule, level, message
and a location with a region (1-based line and column).  Findings silenced by ``# noqa`` are
kept, with an ``inSource`` suppression, as the format intends.  Input errors and models no
front-end could see become tool execution notifications.

A finding's trace (``Finding.trace``) becomes ``relatedLocations`` (one per step, with its
message) and one ``codeFlow`` with a single ``threadFlow`` whose locations are the steps,
oldest first, ending at the result's own location: GitHub code scanning draws it as the path
that leads to the alert.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..findings import Finding, Severity, TraceStep
from ..linter.result import FAILED, Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dropsurgeon/dropsurgeon"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub code scanning's own severity scale (shown in its alert list)
PROBLEM_SEVERITY = {
    Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"
}


def _rules() -> list[Any]:
    from ..rules import BY_CODE

    return [BY_CODE[code] for code in sorted(BY_CODE)]


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    explanation = rule.explain()
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": f"{rule.why}\n\nFix: {rule.fix}", "markdown": explanation},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["dropout", rule.family],
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def _artifact(path: str) -> dict[str, Any]:
    """A relative path stays relative to %SRCROOT% (the checkout); others become file URIs."""
    p = Path(path)
    if p.is_absolute():
        try:
            rel = p.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return {"uri": p.resolve().as_uri()}
        return {"uri": rel.as_posix(), "uriBaseId": SRCROOT}
    return {"uri": Path(os.path.normpath(path)).as_posix(), "uriBaseId": SRCROOT}


def _model_file(finding: Finding) -> str | None:
    base = finding.model.split(":")[0] if finding.model else ""
    return base if base.endswith(".py") else None


def _physical(path: str, line: int | None, column: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(path)}
    if line:
        physical["region"] = {"startLine": line, "startColumn": column + 1}
    return physical


def _step_location(step: TraceStep, ident: int | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {"message": {"text": step.message or "(step)"}}
    if ident is not None:
        location["id"] = ident
    if step.path:
        location["physicalLocation"] = _physical(step.path, step.line, step.column)
    return location


def _flow(finding: Finding, path: str | None) -> dict[str, Any]:
    steps = [{"location": _step_location(step)} for step in finding.trace]
    last = finding.trace[-1]
    at_result = (path is not None and last.path is not None and last.line == finding.line
                 and os.path.normpath(last.path) == os.path.normpath(path))
    if path and not at_result:  # the flow ends where the alert is
        end = TraceStep(path, finding.line, finding.message, finding.column)
        steps.append({"location": _step_location(end)})
    return {"threadFlows": [{"locations": steps}]}


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message + (f" Fix: {finding.fix}" if finding.fix else "")},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    path = finding.path or _model_file(finding)
    if path:
        location: dict[str, Any] = {
            "physicalLocation": _physical(path, finding.line, finding.column)
        }
        if finding.module:
            location["logicalLocations"] = [
                {"fullyQualifiedName": finding.module, "kind": "member"}
            ]
        result["locations"] = [location]
    if finding.trace:
        result["relatedLocations"] = [
            _step_location(step, i) for i, step in enumerate(finding.trace)
        ]
        result["codeFlows"] = [_flow(finding, path)]
    if finding.suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": "# noqa"}]
    props = {k: v for k, v in (("frontend", finding.frontend), ("model", finding.model)) if v}
    if props:
        result["properties"] = props
    return result


def _notifications(report: Report) -> list[dict[str, Any]]:
    notes = [{"level": "error", "message": {"text": err}} for err in report.errors]
    for m in report.models:
        if m.status == FAILED and not any(m.name in err for err in report.errors):
            text = f"{m.name}: not analysed: {m.reason or 'no front-end could see it'}"
            notes.append({"level": "warning", "message": {"text": text}})
    return notes


def to_sarif(report: Report) -> dict[str, Any]:
    from .. import __version__

    rules = _rules()
    index = {r.code: i for i, r in enumerate(rules)}
    findings = sorted(report.findings, key=lambda f: f.sort_key)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "dropsurgeon",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(r) for r in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "results": [_result(f, index) for f in findings],
        "invocations": [{
            "executionSuccessful": not report.errors,
            "exitCode": report.exit_code(),
            "toolExecutionNotifications": _notifications(report),
        }],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, **_: object) -> str:
    return json.dumps(to_sarif(report), indent=2)
