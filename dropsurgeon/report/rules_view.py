"""`dropsurgeon rules`: the catalogue as a table or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from ..rules import ALL_RULES


def print_rules(fmt: str = "console") -> None:
    if fmt == "json":
        print(json.dumps([
            {"code": r.code, "name": r.name, "severity": str(r.severity), "summary": r.summary,
             "fix": r.fix}
            for r in ALL_RULES
        ], indent=2))
        return
    table = Table(title="dropsurgeon rules")
    for col in ("code", "name", "severity", "what it finds"):
        table.add_column(col)
    for r in ALL_RULES:
        table.add_row(r.code, r.name, str(r.severity), r.summary)
    Console().print(table)
