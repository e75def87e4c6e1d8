"""DS000: a file that does not parse.

A file the parser rejects cannot be checked by any other rule, so silence about it would
read as "no dropout bugs here".  Like ruff's syntax-error diagnostics it is a finding at the
parser's position (exit 1, silenced by ``exclude`` or ``per-file-ignores``), not a usage
error: one broken file in a large tree must not hide the findings of the others.
"""

from __future__ import annotations

import ast
import re
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
        newer = newer_syntax(exc.msg, _line(text, line), column)
        if newer is not None and sys.version_info < newer[0]:
            # syntax a later Python accepts: the file may be fine for the Python it is
            # written for, so the parser of this one decides nothing
            severity = Severity.INFO
            message += (f" (valid from Python {newer[0][0]}.{newer[0][1]} if it {newer[1]}; "
                        f"this lint ran on {sys.version_info[0]}.{sys.version_info[1]})")
    except (ValueError, RecursionError, MemoryError) as exc:
        message = f"cannot parse: {exc}"
    rule = RULES[0]
    return Finding(code=CODE, severity=severity, message=message, path=path, line=line,
                   column=column, frontend="source", fix=rule.fix)


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


# Forms that later Pythons parse, told by the parser's message or the rejected line
_TYPE_ALIAS = re.compile(r"^\s*type\s+[A-Za-z_]\w*\s*[\[=]")  # PEP 695: `type Vec = list`
_GENERIC_DEF = re.compile(r"^\s*(?:async\s+def|def|class)\s+[A-Za-z_]\w*\s*\[")  # PEP 695
_FSTRING_START = re.compile(r"(?i)(?:f|rf|fr)[\"']")
_TEMPLATE = re.compile(r"(?i)\b(?:t|tr|rt)[\"']")  # PEP 750 template strings (3.14)


def newer_syntax(msg: str, line: str, column: int) -> tuple[tuple[int, int], str] | None:
    """The Python version from which the rejected line parses, and what it uses: quotes
    reused inside an f-string (PEP 701), a type alias or a generic `def`/`class` (PEP 695),
    an `except` of several types without parentheses (PEP 758), a template string
    (PEP 750); None for a plain syntax error."""
    if msg.startswith("f-string"):
        return (3, 12), "reuses quotes inside an f-string"
    rest = line[column:]
    if msg.startswith("unterminated string literal") and _FSTRING_START.match(rest) and (
            rest.count("{") > rest.count("}")):
        # a replacement field that goes on to the next line (PEP 701)
        return (3, 12), "breaks a line inside an f-string's braces"
    if _TYPE_ALIAS.match(line) or _GENERIC_DEF.match(line):
        return (3, 12), "uses a type parameter or `type` statement"
    if msg.startswith("multiple exception types must be parenthesized") and (
            " as " not in line):
        return (3, 14), "catches several types without parentheses"
    template = _TEMPLATE.search(line, max(column - 2, 0))
    if template is not None and template.start() <= column:  # the parser stops at the quote
        return (3, 14), "uses a template string"
    return None


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
