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

# A call ``name(`` read backwards is ``(eman``: in the reversed text every candidate starts
# with a literal "(", which ``re`` skips to at C speed, and the name is the word run after it
# (not followed, i.e. preceded in the file, by a word character or a ".").  One such pass
# finds every call of the file, whatever the names asked for; a find per name cost a full
# pass each (a file imports dozens of names), the forward regex tried every position.
_REVERSED_CALL = re.compile(r"\((\w+)(?![\w.])")
# The calls of the last text scanned: the mode facts and both call indexes (source_reach)
# ask about the same file one after the other.  The text is held, so `is` cannot be fooled
# by a new string at a freed address.
_LAST_CALLS: list = [None, {}]


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


def calls_by_name(text: str) -> dict[str, list[int]]:
    """Every ``name(`` of the text (not ``x.name(``, not ``xname(``): name -> ascending
    offsets of the name's first character."""
    if _LAST_CALLS[0] is text:
        return _LAST_CALLS[1]
    size = len(text)
    table: dict[str, list[int]] = {}
    for m in _REVERSED_CALL.finditer(text[::-1]):
        name = m.group(1)[::-1]
        at = size - m.end(1)
        if name in table:
            table[name].append(at)
        else:
            table[name] = [at]
    for found in table.values():
        found.reverse()  # read backwards: descending
    _LAST_CALLS[0], _LAST_CALLS[1] = text, table
    return table


def name_calls(text: str, names: set[str] | frozenset[str]) -> list[tuple[int, str]]:
    """``(offset, name)`` of each call ``name(`` of one of ``names`` (not ``x.name(``, not
    ``xname(``), ascending."""
    table = calls_by_name(text)
    found = [(at, name) for name in names if name in table for at in table[name]]
    found.sort()
    return found
