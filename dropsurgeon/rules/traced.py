"""Rules whose findings carry the trace the source scan put on a site.

The source front-end stays free of ``findings`` (capture produces sites, runs no rules), so
it records a trace as plain dicts in ``site.extra["trace"]``; a :class:`TracedRule` turns
them into :class:`~dropsurgeon.findings.TraceStep` objects on the finding.
"""

from __future__ import annotations

from ..findings import Finding, TraceStep
from ..sites import Site
from .base import Rule


class TracedRule(Rule):
    """A :class:`Rule` whose finding explains itself with the site's trace, if it has one."""

    def finding(self, site: Site, message: str) -> Finding:
        f = super().finding(site, message)
        f.trace = site_trace(site, f)
        return f


def site_trace(site: Site, finding: Finding) -> list[TraceStep]:
    """The site's recorded steps, then the finding's own line as the last step."""
    steps = [TraceStep.from_dict(d) for d in site.extra.get("trace") or ()]
    if steps:
        steps.append(TraceStep(finding.path, finding.line, f"`{site.op}(...)` is judged here",
                               finding.column))
    return steps


__all__ = ["TracedRule", "site_trace"]
