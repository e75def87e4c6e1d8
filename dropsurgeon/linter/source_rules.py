"""Rules that read a whole file's source context (``Rule.check_source``), run by the lint.

The source front-end (:mod:`dropsurgeon.capture.source`) only produces sites and the parsed
context; running rules over them is the lint pipeline's job, so ``capture`` never imports
``rules``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..capture.source import FRONTEND
from ..findings import Finding

if TYPE_CHECKING:
    from ..capture.source import SourceContext


def source_findings(ctx: SourceContext | None) -> list[Finding]:
    """Findings of every whole-file rule on one scanned file (none for a file that failed)."""
    from ..rules import ALL_RULES

    if ctx is None:
        return []
    out: list[Finding] = []
    for rule in ALL_RULES:
        if rule.check_source is None:
            continue
        for hit in rule.check_source(ctx):
            # (node, message, module) or (node, message, module, trace): a check may explain
            # its finding with TraceSteps (where the state came from, through which calls)
            node, message, module = hit[:3]
            out.append(
                Finding(
                    code=rule.code,
                    severity=rule.severity,
                    message=message,
                    path=ctx.path,
                    line=getattr(node, "lineno", None),
                    column=getattr(node, "col_offset", 0),
                    module=module,
                    frontend=FRONTEND,
                    fix=rule.fix,
                    trace=list(hit[3]) if len(hit) > 3 else [],
                )
            )
    return out
