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

    @property
    def sort_key(self) -> tuple:
        return (self.path or "", self.line or 0, self.column, self.code, self.module)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = str(self.severity)
        d.pop("extra")
        d.pop("suppressed")
        return d
