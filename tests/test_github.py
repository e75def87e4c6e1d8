"""`--format github` emits workflow commands the Actions runner understands."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dropsurgeon.findings import Finding, Severity
from dropsurgeon.linter.result import Report
from dropsurgeon.report import render
from dropsurgeon.report.github import escape_data, escape_property

# ::command key=value,key=value::message  (values and message escaped, no raw newlines)
COMMAND = re.compile(
    r"^::(error|warning|notice) (file=[^,:\r\n]+,line=\d+,col=\d+,)?title=[^,:\r\n]+::[^\r\n]*$"
)


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_findings_become_annotations():
    report = Report(
        findings=[
            Finding("DS101", Severity.ERROR, "no flag\nsecond", "src/m.py", 12, 8, fix="add it"),
            Finding("DS302", Severity.WARNING, "w", "src/a,b.py", 3, 0),
            Finding("DS203", Severity.INFO, "i", "src/m.py", 4, 0),
            Finding("DS203", Severity.INFO, "hidden", "src/m.py", 5, 0, suppressed=True),
            Finding("DS501", Severity.ERROR, "nondeterministic", None, None),
        ],
        errors=["x.py: needs example inputs"],
    )
    lines = render(report, "github").splitlines()
    assert lines == [
        "::error title=DS501::nondeterministic",
        "::warning file=src/a%2Cb.py,line=3,col=1,title=DS302::w",
        "::notice file=src/m.py,line=4,col=1,title=DS203::i",
        "::error file=src/m.py,line=12,col=9,title=DS101::no flag%0Asecond Fix: add it",
        "::error title=dropsurgeon::x.py: needs example inputs",
        "dropsurgeon: 4 finding(s): 2 error, 1 warning, 1 info",
    ]
    assert all(COMMAND.match(line) for line in lines[:4])
    assert "hidden" not in "\n".join(lines)


def test_cli_check_github(cli, write):
    src = (
        "import torch\nimport torch.nn as nn\n\n\n"
        "class Net(nn.Module):\n"
        "    def forward(self, x):\n"
        "        return x * (torch.rand_like(x) > 0.5)\n"
    )
    path = write("m.py", src)
    result = cli("check", f"{path}:Net", "--input-shape", "2,8", "-f", "github")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert COMMAND.match(first), first
    expected = f"::error file={escape_property(str(path))},line=7,col=21,title=DS106::"
    assert first.startswith(expected)


@given(st.text())
def test_escaping_round_trips_and_keeps_one_line(text):
    data, prop = escape_data(text), escape_property(text)
    assert "\n" not in data and "\r" not in data
    assert not set(prop) & {"\n", "\r", ",", ":"}
    assert _unescape(data) == text and _unescape(prop) == text


def test_absolute_paths_below_the_checkout_become_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = Finding("DS101", Severity.ERROR, "m", str(tmp_path / "pkg" / "m.py"), 2, 0)
    outside = Finding("DS101", Severity.ERROR, "m", "/elsewhere/m.py", 3, 0)
    lines = render(Report(findings=[inside, outside]), "github").splitlines()
    assert lines[0].startswith("::error file=/elsewhere/m.py,line=3,")
    assert lines[1].startswith("::error file=pkg/m.py,line=2,")
