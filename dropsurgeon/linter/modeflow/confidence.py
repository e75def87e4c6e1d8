"""How sure a mode finding is: a model the scan knows to have dropout or batch norm gives a
warning; one whose class or builder it cannot read (a layer factory of another package, a
module loaded whole, a class no linted file defines) may have neither, and a model without
them has no mode bug, so the finding is reported as info (listed, never failing a run)."""

from __future__ import annotations

from ...findings import Finding, Severity

OUT_OF_SIGHT = (" (info: whether it has dropout or batch norm is out of sight; its class or "
                "builder is not read)")


def out_of_sight(f: Finding) -> Finding:
    """``f`` as info, saying why."""
    f.severity = Severity.INFO
    if not is_out_of_sight(f):
        f.message += OUT_OF_SIGHT
    return f


def is_out_of_sight(f: Finding) -> bool:
    return f.message.endswith(OUT_OF_SIGHT)


def in_sight(f: Finding, severity: Severity) -> Finding:
    """``f`` at ``severity``, without the out-of-sight reason (another file's code shows
    that the model cares, or a stronger reason replaces it)."""
    f.message = f.message.removesuffix(OUT_OF_SIGHT)
    f.severity = severity
    return f


__all__ = ["OUT_OF_SIGHT", "in_sight", "is_out_of_sight", "out_of_sight"]
