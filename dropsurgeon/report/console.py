"""The human-readable report: findings grouped by file with the source line, then a summary."""

from __future__ import annotations

import io
import os
from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Severity, TraceStep
from ..linter.result import ANALYSED, FAILED, SKIPPED, Report
from .paths import relative, relative_spec

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _source_line(path: str | None, line: int | None, cache: dict[str, list[str]]) -> str | None:
    if not path or not line or not os.path.isfile(path):
        return None
    if path not in cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                cache[path] = fh.read().splitlines()
        except OSError:
            cache[path] = []
    lines = cache[path]
    return lines[line - 1] if 0 < line <= len(lines) else None


def _step_location(step: TraceStep) -> str:
    if not step.path:
        return ""
    if not step.line:
        return relative(step.path) or ""
    return f"{relative(step.path)}:{step.line}:{step.column + 1}"


def _because(f: Finding) -> Text:
    """The trace, oldest first, one indented "because" line per step."""
    text = Text()
    for step in f.trace:
        text.append("\n    because ", style="magenta")
        loc = _step_location(step)
        if loc:
            text.append(loc, style="dim")
            text.append(": ", style="dim")
        text.append(step.message)
    return text


def _finding_block(f: Finding, cache: dict[str, list[str]]) -> Text:
    shown = relative(f.path)
    loc = f"{shown}:{f.line}:{f.column + 1}" if f.line else (shown or "(model)")
    text = Text()
    text.append(loc, style="bold")
    text.append(" ")
    text.append(f.code, style=_STYLE[f.severity])
    text.append(f" [{f.severity}] ", style=_STYLE[f.severity])
    text.append(f.message)
    if f.suppressed:
        text.append(" (suppressed)", style="dim")
    src = _source_line(f.path, f.line, cache)
    if src is not None:
        text.append(f"\n    {f.line:>4} | ", style="dim")
        text.append(src.rstrip())
    text.append(_because(f))
    if f.fix:
        text.append("\n    fix: ", style="green")
        text.append(f.fix)
    if f.frontend:
        seen = f"\n    seen by {f.frontend}" + (
            f" in {relative_spec(f.model)}" if f.model else "")
        text.append(seen, style="dim")
    return text


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "... (full text: --format json)"


def render(report: Report, show_suppressed: bool = False, width: int | None = None, **_) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width or 110, force_terminal=False, highlight=False)
    shown = report.findings if show_suppressed else report.active_findings
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(shown, key=lambda f: f.sort_key):
        by_file[relative(f.path) or relative_spec(f.model) or "(model)"].append(f)
    cache: dict[str, list[str]] = {}
    for path, items in by_file.items():
        console.print(Text(path, style="bold underline"))
        for f in items:
            console.print(_finding_block(f, cache))
        console.print()
    if report.models:
        table = Table(title="Models", show_lines=False)
        table.add_column("model")
        table.add_column("status")
        table.add_column("front-ends")
        table.add_column("sites", justify="right")
        table.add_column("note")
        for m in report.models:
            style = {ANALYSED: "green", SKIPPED: "dim", FAILED: "red"}.get(m.status, "")
            table.add_row(relative_spec(m.name) or m.name, Text(m.status, style=style),
                          "+".join(m.frontends) or "-", str(m.site_count), _short(m.reason))
        console.print(table)
    summary = report.summary()
    sev = summary["by_severity"]
    line = Text()
    if summary["findings"]:
        line.append(f"Found {summary['findings']} finding(s): ", style="bold")
        line.append(f"{sev['error']} error", style=_STYLE[Severity.ERROR])
        line.append(", ")
        line.append(f"{sev['warning']} warning", style=_STYLE[Severity.WARNING])
        line.append(", ")
        line.append(f"{sev['info']} info", style=_STYLE[Severity.INFO])
    elif not report.errors and not any(m.status == FAILED for m in report.models):
        # only a run that read all its input may say so; errors follow on stderr
        line.append("No findings.", style="bold green")
    if summary["suppressed"]:
        line.append(f" ({summary['suppressed']} suppressed by noqa)", style="dim")
    if line.plain:
        console.print(line)
    failed = [m for m in report.models if m.status == FAILED]
    if failed:
        console.print(Text(
            f"{len(failed)} model(s) could not be analysed by any front-end; their dropout "
            "behaviour is unknown.", style="bold red"))
    return buf.getvalue().rstrip("\n")
