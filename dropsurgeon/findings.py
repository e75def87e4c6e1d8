"""Findings (what a rule reports) and severities.  No torch here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, text: str | Severity) -> Severity:
        if isinstance(text, Severity):
            return text
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected error, warning or info)"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class TraceStep:
    """One step of the explanation behind a finding: where an object was created or
    switched, a call it went through, or the use that the rule judged.  Rendered as an
    indented "because" line on the console, a related location in JSON, and one location of
    a SARIF ``threadFlow``."""

    path: str | None
    line: int | None
    message: str
    column: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column,
                "message": self.message}

    @classmethod
    def at(cls, path: str | None, node: Any, message: str) -> TraceStep:
        """The step at a syntax node's position (line, column) in ``path``."""
        return cls(path, getattr(node, "lineno", None), message, getattr(node, "col_offset", 0))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TraceStep:
        return cls(path=d.get("path"), line=d.get("line"), message=str(d.get("message", "")),
                   column=int(d.get("column") or 0))


@dataclass
class Finding:
    code: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    column: int = 0
    module: str = ""
    frontend: str = ""
    fix: str = ""
    model: str = ""
    suppressed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # the chain of program facts that explains the finding, oldest first (see TraceStep)
    trace: list[TraceStep] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple:
        return (self.path or "", self.line or 0, self.column, self.code, self.module)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = str(self.severity)
        d.pop("extra")
        d.pop("suppressed")
        d["trace"] = [step.to_dict() for step in self.trace]
        return d
