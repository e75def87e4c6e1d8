"""``--format json``: the stable machine-readable report (see README for the schema)."""

from __future__ import annotations

import json

from ..linter.result import Report


def render(report: Report, **_: object) -> str:
    return json.dumps(report.to_dict(), indent=2, sort_keys=False)
