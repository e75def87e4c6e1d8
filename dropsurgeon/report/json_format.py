"""``--format json``: the stable machine-readable report (see README for the schema).

Like the console, SARIF and GitHub formats, columns are 1-based (the top-level ``columns``
field says so) and paths are relative to the current directory where the file lies under it,
for findings, their ``trace`` steps and model specs alike.  ``trace`` is the finding's list of
related locations, oldest first: where the object was created or switched, the calls it went
through.
"""

from __future__ import annotations

import json
from typing import Any

from ..linter.result import Report
from .paths import relative, relative_spec

COLUMNS = "1-based"


def _location(d: dict[str, Any]) -> None:
    d["path"] = relative(d.get("path"))
    if d.get("line"):
        d["column"] = int(d.get("column") or 0) + 1
    else:
        d["column"] = None  # no line, no column


def to_json(report: Report) -> dict[str, Any]:
    doc = report.to_dict()
    for f in doc["findings"]:
        _location(f)
        if f.get("model"):
            f["model"] = relative_spec(f["model"])
        for step in f.get("trace", ()):
            _location(step)
    for m in doc.get("models", ()):
        m["spec"] = relative_spec(m.get("spec"))
    out: dict[str, Any] = {"version": doc.pop("version"), "columns": COLUMNS}
    out.update(doc)
    return out


def render(report: Report, **_: object) -> str:
    return json.dumps(to_json(report), indent=2, sort_keys=False)
