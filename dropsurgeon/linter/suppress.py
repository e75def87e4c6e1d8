"""``# noqa`` suppressions: ``# noqa`` silences every code on the line, ``# noqa: DS101,DS104``
only those (a family prefix such as ``DS1`` works too).

Only real comments count: a ``"# noqa"`` inside a string does not suppress anything, so the
text is tokenized (only for files that contain the word at all, to keep linting fast).  A
finding on a multi-line call is also silenced by a ``# noqa`` on any line of the call
(``Finding.extra["end_line"]``).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Mapping, Sequence

from ..findings import Finding

_NOQA = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]*(?:\s*,?\s*[A-Za-z]+[0-9]+)*))?",
    re.IGNORECASE,
)

ALL = frozenset({"*"})  # what a bare noqa comment suppresses: every code


def parse_comment(comment: str) -> frozenset[str] | None:
    """The codes a comment suppresses: ALL for a bare ``# noqa``, None when it is no noqa."""
    m = _NOQA.search(comment)
    if m is None:
        return None
    codes = m.group("codes")
    if not codes:
        return ALL
    return frozenset(c.upper() for c in re.split(r"[\s,]+", codes.strip()) if c)


def noqa_lines(text: str) -> dict[int, frozenset[str]]:
    """line number -> suppressed codes, from the comments of a source text."""
    if "noqa" not in text.lower():
        return {}
    out: dict[int, frozenset[str]] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                codes = parse_comment(tok.string)
                if codes is not None:
                    out[tok.start[0]] = out.get(tok.start[0], frozenset()) | codes
    except (tokenize.TokenError, IndentationError, SyntaxError):
        # an untokenizable file: fall back to a per-line look at the text after '#'
        for number, line in enumerate(text.splitlines(), 1):
            if "#" in line:
                codes = parse_comment(line[line.index("#"):])
                if codes is not None:
                    out[number] = codes
    return out


def suppresses(codes: frozenset[str], code: str) -> bool:
    if codes is ALL or "*" in codes:
        return True
    code = code.upper()
    return any(code == c or (code.startswith(c) and len(c) < len(code)) for c in codes)


def apply_noqa(
    findings: Iterable[Finding],
    lines_by_path: Mapping[str, str | Sequence[str]],
) -> list[Finding]:
    """Mark findings silenced by a ``# noqa`` as ``suppressed`` (they stay in the list).

    ``lines_by_path`` maps a finding's path to the file's text or its lines.  Findings of
    paths not in the mapping are left alone.
    """
    cache: dict[str, dict[int, frozenset[str]]] = {}
    out = list(findings)
    for f in out:
        if f.path is None or f.line is None or f.path not in lines_by_path:
            continue
        table = cache.get(f.path)
        if table is None:
            source = lines_by_path[f.path]
            text = source if isinstance(source, str) else "\n".join(
                line.rstrip("\n") for line in source
            ) + "\n"
            table = cache[f.path] = noqa_lines(text)
        if not table:
            continue
        end = f.extra.get("end_line") or f.line
        for number in range(f.line, max(f.line, int(end)) + 1):
            codes = table.get(number)
            if codes is not None and suppresses(codes, f.code):
                f.suppressed = True
                break
    return out


__all__ = ["apply_noqa", "noqa_lines", "parse_comment", "suppresses"]
