"""Fast scans of a file's text: where literal words and ``name(`` calls occur, by line.

A regular expression whose alternatives share no literal prefix (or that starts with a
look-behind or ``\\b``) makes ``re`` try every position of the file, and a ``str.find`` per
word costs a full pass each; on the transformers tree such scans were a fifth of the whole
lint.  Here every scan starts at a literal character, which ``re`` skips to at C speed: the
rarest character of each word (words that share it are found in the same pass, the rest of
the word checked around it), and the ``(`` of a call, read in the reversed text.  Each
file's text is scanned once for every literal set and every call, and the answers are kept
for the next callers asking about the same text (the source walk's hot lines, the mode
facts, both call indexes); a pattern that must also match is checked only where a word is.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable

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
# by a new string at a freed address; the pair is replaced in one assignment, so a thread
# never sees one text with another's table.
_LAST_CALLS: tuple[str | None, dict[str, list[int]]] = (None, {})


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


# Characters of Python source, most frequent first (counted over the transformers tree): a
# word is looked for at its rarest character.
_COMMON = (" etsionar_dlcpumfh.g,=)(\"b:kywv`TNxz*[]-1#0L2CqM>AISPE/OF|DRV3B4j5GWU{}+@6HK'8Y9"
           "Q7\\<X!;?~%J^Z&$")
# (anchor pattern, its words as (word, index of the anchor in it, must, boundary, set))
_Member = tuple[str, int, "re.Pattern[str] | None", bool, int]
_Group = tuple["re.Pattern[str]", list[_Member]]
# Every literal set asked for, numbered: the first scan of a text looks for all of them at
# once (a pass per anchor character of the union), the other sets' offsets wait in
# _LAST_FOUND for their callers (the hot lines of the walk, then the mode facts' five kinds
# ask about the same text one after the other).  Bounded, in case a caller builds sets.
_SETS: dict[tuple[Literal, ...], int] = {}
_MAX_SETS = 32
_UNION: tuple[int, list] = (0, [])  # (how many sets the union groups cover, the groups)
_REGISTER = threading.Lock()  # numbering a new set (rare) is the one step that must not race
_LAST_FOUND: tuple[str | None, dict[int, list[int]]] = (None, {})  # text, {set: offsets}


def _rarity(ch: str) -> int:
    at = _COMMON.find(ch)
    return len(_COMMON) if at == -1 else at


def _groups(sets: list[tuple[Literal, ...]]) -> list[_Group]:
    """One regular expression per anchor character: the words that share their rarest
    character are found in one pass.  ``re`` skips to a literal first character at C speed
    and checks the rest of each word around it (look-behind and look-ahead), so a set of
    words costs a pass per distinct anchor instead of a ``str.find`` pass per word."""
    by_anchor: dict[str, list[_Member]] = {}
    for k, literals in enumerate(sets):
        for word, must, boundary in literals:
            i = max(range(len(word)), key=lambda j: _rarity(word[j]))  # the first rarest
            by_anchor.setdefault(word[i], []).append((word, i, must, boundary, k))
    groups = []
    for anchor, members in by_anchor.items():
        alternatives = []
        for word, i, _, _, _ in members:
            around = f"(?<={re.escape(word[:i + 1])})" if i else ""
            if i + 1 < len(word):
                around += f"(?={re.escape(word[i + 1:])})"
            if around not in alternatives:
                alternatives.append(around)
        pattern = re.escape(anchor)
        if all(alternatives):
            pattern += "(?:" + "|".join(alternatives) + ")"
        groups.append((re.compile(pattern), members))
    return groups


def _scan(text: str, groups: list[_Group], count: int) -> list[list[int]]:
    """Each set's offsets (ascending, with repeats).  Each match of an anchor is a position
    where at least one of its words occurs; every word of the group is checked there, so
    words that overlap (one inside another) are all found."""
    found: list[list[int]] = [[] for _ in range(count)]
    startswith = text.startswith
    for rx, members in groups:
        for m in rx.finditer(text):
            q = m.start()
            for word, i, must, boundary, k in members:
                at = q - i
                if at >= 0 and startswith(word, at) and (
                        not boundary or at == 0 or not is_word(text[at - 1])) and (
                        must is None or must.match(text, at)):
                    found[k].append(at)
    for offsets_of_set in found:
        offsets_of_set.sort()
    return found


def literal_offsets(text: str, literals: tuple[Literal, ...]) -> list[int]:
    """Offsets (ascending, with repeats) where any of the literals starts: what ``offsets``
    gives for each literal, merged."""
    global _LAST_FOUND, _UNION
    number = _SETS.get(literals)
    if number is None:
        with _REGISTER:
            number = _SETS.get(literals)
            if number is None and len(_SETS) < _MAX_SETS:
                number = _SETS[literals] = len(_SETS)
        if number is None:
            return _scan(text, _groups([literals]), 1)[0]
    last_text, last = _LAST_FOUND
    if last_text is text:
        found = last.get(number)
        if found is None:  # a set first asked for after this text was scanned
            found = last[number] = _scan(text, _groups([literals]), 1)[0]
        return list(found)  # the caller's to change
    count, groups = _UNION
    if count != len(_SETS):  # sets were numbered since the union was built
        with _REGISTER:
            known = list(_SETS)
        count, groups = _UNION = (len(known), _groups(known))
    every = _scan(text, groups, count)
    _LAST_FOUND = (text, dict(enumerate(every)))
    return list(every[number])


def literal_lines(text: str, literals: tuple[Literal, ...]) -> list[int]:
    """Lines (ascending, with repeats) where any of the literals occurs."""
    return lines_at(text, literal_offsets(text, literals))


def line_starts(text: str) -> list[int]:
    """The offset where each line starts (``[0, ...]``, one more than the lines: the last is
    the text's length), in C: accumulated line lengths.  Kept for the last text, as several
    callers ask about the same file; do not change the list."""
    global _LAST_STARTS
    last_text, starts = _LAST_STARTS
    if last_text is not text:
        starts = [0, *itertools.accumulate(map(len, text.splitlines(keepends=True)))]
        _LAST_STARTS = (text, starts)
    return starts


_LAST_STARTS: tuple[str | None, list[int]] = (None, [])


def calls_by_name(text: str) -> dict[str, list[int]]:
    """Every ``name(`` of the text (not ``x.name(``, not ``xname(``): name -> ascending
    offsets of the name's first character."""
    global _LAST_CALLS
    last_text, last = _LAST_CALLS
    if last_text is text:
        return last
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
    _LAST_CALLS = (text, table)
    return table


def name_calls(text: str, names: set[str] | frozenset[str]) -> list[tuple[int, str]]:
    """``(offset, name)`` of each call ``name(`` of one of ``names`` (not ``x.name(``, not
    ``xname(``), ascending."""
    table = calls_by_name(text)
    found = [(at, name) for name in names if name in table for at in table[name]]
    found.sort()
    return found


_CALL_AFTER = re.compile(r"\s*\(")


_METHOD_CALL_AFTER = re.compile(r"\.[a-z_]\w*\s*\(")
_CALL_AFTER = re.compile(r"\s*\(")


def _offsets_followed(text: str, words: Iterable[str], after: re.Pattern[str]) -> list[int]:
    """Offsets of each word (after a non-word character, not after a dot) that ``after``
    matches right behind, ascending: ``str.find`` per word, no pattern built per file."""
    found = [at for word in words for at in offsets(text, word, boundary=True)
             if (at == 0 or text[at - 1] != ".") and after.match(text, at + len(word))]
    found.sort()
    return found


def method_call_offsets(text: str, names: Iterable[str]) -> list[int]:
    """Offsets of ``Name.method(`` for each of ``names`` (not ``x.Name.method(``)."""
    return _offsets_followed(text, names, _METHOD_CALL_AFTER)


_CLASS_CALL_AFTER = re.compile(r"\.[A-Z]\w*\s*\(")


def class_call_offsets(text: str, modules: Iterable[str]) -> list[int]:
    """Offsets of ``module.Class(`` (a capitalised name called) for each of ``modules``."""
    return _offsets_followed(text, modules, _CLASS_CALL_AFTER)


def dotted_call_offsets(text: str, dotted: Iterable[str]) -> list[int]:
    """Offsets of calls of each of the ``dotted`` names (``Tagger.load(``)."""
    return _offsets_followed(text, dotted, _CALL_AFTER)


def keyword_pattern(key: str) -> re.Pattern[str]:
    """Text that passes ``key`` to a call: ``key=...`` after ``(`` or ``,`` (not an
    assignment statement), or a dict entry ``"key": ...``."""
    return re.compile(r"[(,]\s*" + re.escape(key) + r"\s*=(?!=)|['\"]" + re.escape(key)
                      + r"['\"]\s*:")
