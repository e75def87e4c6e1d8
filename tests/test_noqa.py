"""# noqa comments: bare, with codes, prefixes, multi-line calls, never inside strings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dropsurgeon.findings import Finding, Severity
from dropsurgeon.linter.suppress import ALL, apply_noqa, noqa_lines, parse_comment


def _f(code: str, line: int, **extra) -> Finding:
    return Finding(code=code, severity=Severity.ERROR, message="m", path="a.py", line=line,
                   extra=extra)


def test_parse_comment_forms():
    assert parse_comment("# noqa") is ALL
    assert parse_comment("# noqa: DS101,DS104") == {"DS101", "DS104"}
    assert parse_comment("#noqa:ds101, ds104 because MC") == {"DS101", "DS104"}
    assert parse_comment("# NOQA: DS1") == {"DS1"}
    assert parse_comment("# a comment") is None


def test_apply_noqa_marks_only_matching_codes():
    text = "x = 1  # noqa: DS101\ny = 2  # noqa\nz = 3  # noqa: DS1\nw = 4\n"
    findings = [_f("DS101", 1), _f("DS104", 1), _f("DS999", 2), _f("DS108", 3), _f("DS101", 4)]
    out = apply_noqa(findings, {"a.py": text})
    assert [f.suppressed for f in out] == [True, False, True, True, False]


def test_noqa_inside_a_string_does_not_count():
    text = 's = "# noqa"\nt = 1\n'
    assert noqa_lines(text) == {}
    assert not apply_noqa([_f("DS101", 1)], {"a.py": text})[0].suppressed


def test_noqa_on_any_line_of_a_multiline_call():
    text = "F.dropout(\n    x,\n)  # noqa: DS101\n"
    (f,) = apply_noqa([_f("DS101", 1, end_line=3)], {"a.py": text})
    assert f.suppressed


def test_lines_may_be_given_as_a_list():
    (f,) = apply_noqa([_f("DS101", 2)], {"a.py": ["a = 1\n", "b = 2  # noqa: DS101\n"]})
    assert f.suppressed


def test_other_paths_untouched():
    f = Finding(code="DS101", severity=Severity.ERROR, message="m", path="b.py", line=1)
    assert not apply_noqa([f], {"a.py": "x  # noqa\n"})[0].suppressed


codes = st.lists(st.sampled_from(["DS101", "DS102", "DS104", "DS201", "DS401"]), min_size=1,
                 max_size=3, unique=True)


@given(listed=codes, code=st.sampled_from(["DS101", "DS102", "DS104", "DS201", "DS401"]))
def test_noqa_suppresses_exactly_the_listed_codes(listed, code):
    text = f"x = 1  # noqa: {', '.join(listed)}\n"
    (f,) = apply_noqa([_f(code, 1)], {"a.py": text})
    assert f.suppressed == (code in listed)
