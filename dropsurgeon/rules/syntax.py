"""DS000: a file that does not parse.

A file the parser rejects cannot be checked by any other rule, so silence about it would
read as "no dropout bugs here".  Like ruff's syntax-error diagnostics it is a finding at the
parser's position (exit 1, silenced by ``exclude`` or ``per-file-ignores``), not a usage
error: one broken file in a large tree must not hide the findings of the others.
"""

from __future__ import annotations

import ast
import sys

from ..findings import Finding, Severity
from .base import Rule

CODE = "DS000"


def syntax_finding(text: str, path: str, fallback: str) -> Finding:
    """The DS000 finding for a file whose scan failed with ``fallback`` as its message.

    The parser is run again (only on failure, so the cost is paid by broken files alone) to
    get its exact line, column and message.
    """
    line, column, message = 1, 0, fallback
    severity = RULES[0].severity
    try:
        ast.parse(text, filename=path)
    except SyntaxError as exc:
        line = exc.lineno or 1
        column = max((exc.offset or 1) - 1, 0)
        message = f"syntax error: {exc.msg}"
        if sys.version_info < (3, 12) and exc.msg.startswith("f-string"):
            # quotes or backslashes inside an f-string's braces are valid from Python 3.12
            # (PEP 701): the file may be fine for the Python it is written for
            severity = Severity.INFO
            message += (f" (valid from Python 3.12 if it reuses quotes inside an f-string; "
                        f"this lint ran on {sys.version_info[0]}.{sys.version_info[1]})")
    except (ValueError, RecursionError, MemoryError) as exc:
        message = f"cannot parse: {exc}"
    rule = RULES[0]
    return Finding(code=CODE, severity=severity, message=message, path=path, line=line,
                   column=column, frontend="source", fix=rule.fix)


_BROKEN = """\
import torch.nn as nn


class Net(nn.Module):
    def forward(self, x)  # expect: DS000
        return nn.functional.dropout(x, 0.5, self.training)
"""

_FIXED = """\
import torch.nn as nn


class Net(nn.Module):
    def forward(self, x):
        return nn.functional.dropout(x, 0.5, self.training)
"""

RULES = (
    Rule(
        code=CODE,
        name="syntax-error",
        severity=Severity.ERROR,
        summary="The file does not parse, so no other rule could check it.",
        why=(
            "Every rule reads the file's syntax tree; a file the Python parser rejects has "
            "none, and its dropout is unchecked. Reporting it as a finding (rather than "
            "stopping the run) keeps the rest of the tree linted and makes the gap visible; "
            "the message is the parser's own."
        ),
        fix=(
            "Fix the syntax error at the reported position, or exclude the file (`exclude` "
            "or `per-file-ignores = {\"path\" = [\"DS000\"]}` in `[tool.dropsurgeon]`) if it "
            "is not Python for this interpreter (a template, a Python 2 file)."
        ),
        valid=(_FIXED,),
        invalid=(_BROKEN,),
    ),
)
