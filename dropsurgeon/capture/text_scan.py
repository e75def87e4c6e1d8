"""Fast scans of a file's text: where literal words and ``name(`` calls occur, by line.

``str.find`` runs in C at memchr speed, while a regular expression whose alternatives share
no literal prefix (or that starts with a look-behind or ``\\b``) makes ``re`` try every
position of the file.  On the transformers tree such scans were a fifth of the whole lint,
so the per-file facts look for literal words first and check a pattern only where one is.
"""

from __future__ import annotations

import re

# (word, a pattern that must match where the word starts, the word must start a name)
Literal = tuple[str, "re.Pattern[str] | None", bool]

_NAME_CALL = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\(")
# Above this many names one regex scan of every `name(` beats a find per name.
_FIND_PER_NAME = 64


def is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def offsets(text: str, word: str, must: re.Pattern[str] | None = None,
            boundary: bool = False) -> list[int]:
    """Offsets where ``word`` starts (and ``must`` matches there; after a non-word character
    when ``boundary``), ascending."""
    out: list[int] = []
    at = text.find(word)
    while at != -1:
        if (not boundary or at == 0 or not is_word(text[at - 1])) and (
                must is None or must.match(text, at)):
            out.append(at)
        at = text.find(word, at + 1)
    return out


def lines_at(text: str, sorted_offsets: list[int]) -> list[int]:
    """Line numbers (1-based, ascending, with repeats) of ascending offsets."""
    out: list[int] = []
    line, pos = 1, 0
    for at in sorted_offsets:
        line += text.count("\n", pos, at)
        pos = at
        out.append(line)
    return out


def literal_lines(text: str, literals: tuple[Literal, ...]) -> list[int]:
    """Lines (ascending, with repeats) where any of the literals occurs."""
    found: list[int] = []
    for word, must, boundary in literals:
        found += offsets(text, word, must, boundary)
    return lines_at(text, sorted(found))


def name_calls(text: str, names: set[str] | frozenset[str]) -> list[tuple[int, str]]:
    """``(offset, name)`` of each call ``name(`` of one of ``names`` (not ``x.name(``, not
    ``xname(``), ascending."""
    found: list[tuple[int, str]] = []
    if len(names) <= _FIND_PER_NAME:
        for name in names:
            call = name + "("
            at = text.find(call)
            while at != -1:
                if at == 0 or not (is_word(text[at - 1]) or text[at - 1] == "."):
                    found.append((at, name))
                at = text.find(call, at + 1)
        found.sort()
    else:
        found = [(m.start(), m.group(1)) for m in _NAME_CALL.finditer(text)
                 if m.group(1) in names]
    return found
