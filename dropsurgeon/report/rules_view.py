"""`dropsurgeon rules`: the catalogue as a table or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from ..rules import BY_CODE


def print_rules(fmt: str = "console") -> None:
    rules = sorted(BY_CODE.values(), key=lambda r: r.code)  # check-only rules included
    if fmt == "json":
        print(json.dumps([
            {"code": r.code, "name": r.name, "severity": str(r.severity), "summary": r.summary,
             "fix": r.fix}
            for r in rules
        ], indent=2))
        return
    table = Table(title="dropsurgeon rules")
    for col in ("code", "name", "severity", "what it finds"):
        table.add_column(col)
    for r in rules:
        table.add_row(r.code, r.name, str(r.severity), r.summary)
    Console().print(table)
