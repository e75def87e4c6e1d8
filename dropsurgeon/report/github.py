"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=src/model.py,line=12,col=13,title=DS101::message`` - the runner turns each
line into an annotation on the pull request's diff.  Values are escaped as the runner
expects (``%``, CR and LF everywhere; ``:`` and ``,`` also inside properties).  Findings
silenced by ``# noqa`` are not annotated.  A finding with a trace names its first step (where
the object was created or switched) in the message, since annotations carry one location.
"""

from __future__ import annotations

from ..findings import Finding, Severity
from ..linter.result import Report
from .paths import relative

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(path: str) -> str:
    """Annotations attach to files by their path in the checkout (the working directory)."""
    return relative(path) or path


def _first_step(finding: Finding) -> str:
    if not finding.trace:
        return ""
    step = finding.trace[0]
    where = ""
    if step.path:
        where = f" ({_relative(step.path)}" + (f":{step.line}" if step.line else "") + ")"
    return f" Because: {step.message}{where}."


def annotation(finding: Finding) -> str:
    props = []
    if finding.path:
        props.append(f"file={escape_property(_relative(finding.path))}")
        if finding.line:
            props.append(f"line={finding.line}")
            props.append(f"col={finding.column + 1}")
    props.append(f"title={escape_property(finding.code)}")
    message = finding.message + _first_step(finding)
    message += f" Fix: {finding.fix}" if finding.fix else ""
    return f"::{COMMANDS[finding.severity]} {','.join(props)}::{escape_data(message)}"


def render(report: Report, **_: object) -> str:
    lines = [annotation(f) for f in sorted(report.active_findings, key=lambda f: f.sort_key)]
    lines += [f"::error title=dropsurgeon::{escape_data(err)}" for err in report.errors]
    summary = report.summary()
    sev = summary["by_severity"]
    lines.append(
        f"dropsurgeon: {summary['findings']} finding(s): {sev['error']} error, "
        f"{sev['warning']} warning, {sev['info']} info"
    )
    return "\n".join(lines)
