"""The watcher's memory: one counter per (rule, source location), never a record per call.

A finding is created the first time a location misbehaves (with its trace) and only counted
after that, so a loop of a million evaluation batches costs one entry.  Past ``limit``
distinct locations new ones are counted in ``dropped`` instead of kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Finding, Severity, TraceStep

LIMIT = 1000


@dataclass
class Spot:
    code: str
    severity: Severity
    message: str
    path: str | None
    line: int | None
    module: str
    fix: str
    trace: list[TraceStep] = field(default_factory=list)
    column: int = 0
    count: int = 0

    def finding(self) -> Finding:
        times = "1 time" if self.count == 1 else f"{self.count} times"
        return Finding(
            code=self.code, severity=self.severity, message=f"{self.message} ({times})",
            path=self.path, line=self.line, column=self.column, module=self.module,
            frontend="watch", fix=self.fix, trace=list(self.trace),
            extra={"count": self.count},
        )


class Tally:
    def __init__(self, limit: int = LIMIT) -> None:
        self.spots: dict[tuple, Spot] = {}
        self.limit = limit
        self.dropped = 0

    def add(self, key: tuple, make, n: int = 1) -> Spot | None:
        """Count ``n`` more at ``key``; ``make()`` builds the Spot the first time."""
        spot = self.spots.get(key)
        if spot is None:
            if len(self.spots) >= self.limit:
                self.dropped += n
                return None
            spot = self.spots[key] = make()
        spot.count += n
        return spot

    def findings(self) -> list[Finding]:
        return sorted((s.finding() for s in self.spots.values()), key=lambda f: f.sort_key)
