"""`dropsurgeon rules`: the catalogue as a table or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from ..rules import BY_CODE


def print_rules(fmt: str = "console", console: Console | None = None) -> None:
    rules = sorted(BY_CODE.values(), key=lambda r: r.code)  # check-only rules included
    if fmt == "json":
        print(json.dumps([
            {"code": r.code, "name": r.name, "severity": str(r.severity), "summary": r.summary,
             "fix": r.fix}
            for r in rules
        ], indent=2))
        return
    console = console or Console()
    # A name is shown whole or folded onto the next line, never cut ("dropout-constructed-in-
    # for…" could read like another).  On a narrow terminal the severity goes first, then the
    # names (``explain CODE`` shows both); the summary wraps.
    show_name = console.width >= 72
    show_severity = console.width >= 100
    table = Table(title="dropsurgeon rules")
    table.add_column("code", no_wrap=True)
    if show_name:
        table.add_column("name", overflow="fold", ratio=1)
    if show_severity:
        table.add_column("severity", no_wrap=True)
    table.add_column("what it finds", overflow="fold", ratio=1)
    for r in rules:
        row = [r.code, *([r.name] if show_name else []),
               *([str(r.severity)] if show_severity else []), r.summary]
        table.add_row(*row)
    console.print(table)
