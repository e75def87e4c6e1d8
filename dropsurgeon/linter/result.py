"""What `lint` and `check` return: findings plus, per model, who could see it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, Severity
from ..sites import Inventory

ANALYSED = "analysed"  # at least one front-end saw the model
SKIPPED = "skipped"  # not built (needs arguments, not a module ...)
FAILED = "failed"  # built, but no front-end could see inside it

JSON_VERSION = 1


@dataclass
class ModelResult:
    name: str
    status: str
    frontends: list[str] = field(default_factory=list)
    reason: str = ""
    inventory: Inventory | None = None

    @property
    def site_count(self) -> int:
        return len(self.inventory) if self.inventory is not None else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec": self.name,
            "frontend": "+".join(self.frontends) if self.frontends else None,
            "status": self.status,
            "reason": self.reason or None,
            "sites": self.site_count,
        }


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    models: list[ModelResult] = field(default_factory=list)
    fail_on: Severity = Severity.WARNING
    errors: list[str] = field(default_factory=list)  # input errors (exit code 2)
    files: int = 0  # source files scanned statically
    # what the user should know about the run that is no finding (a rule family that could
    # not run, a directory with nothing to lint); the CLI prints them on stderr
    notes: list[str] = field(default_factory=list)

    @property
    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    @property
    def suppressed_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed]

    def exit_code(self) -> int:
        if self.errors:
            return 2
        if any(f.severity >= self.fail_on for f in self.active_findings):
            return 1
        if any(m.status == FAILED for m in self.models):
            return 2  # "no findings" must not pass for a model nobody could see
        return 0

    def summary(self) -> dict[str, Any]:
        by_sev = Counter(str(f.severity) for f in self.active_findings)
        by_code = Counter(f.code for f in self.active_findings)
        status = Counter(m.status for m in self.models)
        return {
            "findings": len(self.active_findings),
            "suppressed": len(self.suppressed_findings),
            "by_severity": {s: by_sev.get(s, 0) for s in ("error", "warning", "info")},
            "by_code": dict(sorted(by_code.items())),
            "models": {s: status.get(s, 0) for s in (ANALYSED, SKIPPED, FAILED)},
            "files_scanned": self.files,
            # built (whether or not a front-end could then see inside); skipped ones were not
            "models_built": status.get(ANALYSED, 0) + status.get(FAILED, 0),
            "errors": list(self.errors),
            "notes": list(self.notes),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "findings": [
                f.to_dict() for f in sorted(self.active_findings, key=lambda f: f.sort_key)
            ],
            "models": [m.to_dict() for m in self.models],
            "summary": self.summary(),
        }

    def extend(self, other: Report) -> None:
        self.findings.extend(other.findings)
        self.models.extend(other.models)
        self.errors.extend(other.errors)
        self.notes.extend(other.notes)
        self.files += other.files
