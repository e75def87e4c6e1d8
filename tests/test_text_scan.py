"""capture.text_scan: the one-pass scans find exactly what a str.find per word or name finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dropsurgeon.capture import text_scan


def _find_per_name(text: str, names: set[str]) -> list[tuple[int, str]]:
    """The reference: ``name(`` by ``str.find``, not after a word character or a dot."""
    found = []
    for name in names:
        at = text.find(name + "(")
        while at != -1:
            if at == 0 or not (text_scan.is_word(text[at - 1]) or text[at - 1] == "."):
                found.append((at, name))
            at = text.find(name + "(", at + 1)
    return sorted(found)


_NAMES = ["f", "g", "fg", "_f", "f1", "é", "relay"]
_PIECES = [*_NAMES, "(", ")", ".", " ", "\n", "x", "1", "é", "def ", "self."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40),
       st.sets(st.sampled_from(_NAMES), max_size=4))
def test_name_calls_match_a_find_per_name(pieces: list[str], names: set[str]) -> None:
    text = "".join(pieces)
    assert text_scan.name_calls(text, names) == _find_per_name(text, names)


def test_name_calls_examples() -> None:
    text = "def relay(x):\n    return f(x) + obj.f(x) + xf(x) + f (x) + é(f(1))\n"
    assert text_scan.name_calls(text, {"f", "relay"}) == [
        (4, "relay"), (text.index("f(x)"), "f"), (text.index("f(1)"), "f")]
    assert text_scan.name_calls(text, {"é"}) == [(text.index("é("), "é")]
    assert text_scan.name_calls(text, set()) == []


def test_a_new_text_is_scanned_again() -> None:
    # the index of the last text is reused only for that very text
    a = "f(1)\n"
    b = "g(1)\n"
    assert text_scan.name_calls(a, {"f", "g"}) == [(0, "f")]
    assert text_scan.name_calls(b, {"f", "g"}) == [(0, "g")]
    assert text_scan.name_calls(a, {"f", "g"}) == [(0, "f")]


_WORDS = ["ab(", "b(", "nn.", ".x(", "xx", "lambda", "requires_grad", ".requires_grad_("]
_TEXT_PIECES = [*_WORDS, "a", "b", "(", ".", " ", "\n", "_", "é", "nn.Linear(", "= False"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_PIECES), max_size=40),
       st.lists(st.tuples(st.sampled_from(_WORDS), st.booleans(), st.booleans()),
                min_size=1, max_size=5))
def test_literal_offsets_match_a_find_per_literal(pieces, chosen) -> None:
    must = re.compile(r"\w+\s*[(=.]")
    literals = tuple((w, must if m else None, b) for w, m, b in chosen)
    text = "".join(pieces)
    expected = sorted(at for w, m, b in literals for at in text_scan.offsets(text, w, m, b))
    assert text_scan.literal_offsets(text, literals) == expected
    assert text_scan.literal_lines(text, literals) == text_scan.lines_at(text, expected)


def test_sets_asked_about_one_text_in_turn_get_their_own_offsets() -> None:
    # the first scan of a text finds every known set's words; later sets are scanned alone
    hot = (("dropout", None, False), ("lambda", None, False))
    calls = ((".eval(", None, False), ("nn.", re.compile(r"nn\.[A-Z]"), True))
    late = (("eval", None, True),)
    text = "m.eval(); nn.Dropout(); xnn.Linear(); f = lambda: dropout(m.eval())\n"
    for literals in (hot, calls, hot, late, calls, late):
        expected = sorted(at for w, m, b in literals for at in text_scan.offsets(text, w, m, b))
        got = text_scan.literal_offsets(text, literals)
        assert got == expected
        got.append(-1)  # the caller's own list: the next answer is not changed
    other = "lambda: model.eval()\n"
    assert text_scan.literal_offsets(other, hot) == [0]
    assert text_scan.literal_offsets(other, calls) == [other.index(".eval(")]


def test_threads_each_get_their_own_texts_offsets() -> None:
    from concurrent.futures import ThreadPoolExecutor

    sets = [((w, None, False),) for w in ("drop", "eval(", "nn.", "lambda", "x")]
    texts = [f"{i}: nn.Drop(x); m.eval(); lambda: drop{i}(x)\n" * (i + 1) for i in range(40)]

    def job(i: int) -> bool:
        text, literals = texts[i % len(texts)], sets[i % len(sets)]
        expected = [at for w, m, b in literals for at in text_scan.offsets(text, w, m, b)]
        return all(text_scan.literal_offsets(text, literals) == expected for _ in range(20))

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(job, range(200)))


def test_line_starts_are_the_offsets_of_each_line() -> None:
    text = "a\nbc\r\nd\n\nlast"
    starts = text_scan.line_starts(text)
    assert starts == [0, 2, 6, 8, 9, len(text)]
    assert all(text[s:e] == line for s, e, line in
               zip(starts[:-1], starts[1:], text.splitlines(keepends=True), strict=True))
    assert text_scan.line_starts(text) is starts  # kept for the same text
    assert text_scan.line_starts("x\n") == [0, 2]
