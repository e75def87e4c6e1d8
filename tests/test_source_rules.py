"""Every rule example that a static scan can decide comes out right from the source scan alone."""

from __future__ import annotations

import re

import pytest

from dropsurgeon.capture.source import scan_source
from dropsurgeon.linter.source_rules import source_findings
from dropsurgeon.rules import ALL_RULES

# Decidable only with a graph: an overridden train() (DS105) and neighbours (DS3xx).
GRAPH_ONLY = {"DS105", "DS301", "DS302", "DS303", "DS305", "DS306"}
STATIC_RULES = [r for r in ALL_RULES if r.code not in GRAPH_ONLY and r.check_site]


def _codes(src: str) -> list[tuple[str, int]]:
    scan = scan_source(src, "example.py")
    assert scan.error is None
    out = [(r.code, r.finding(s, message).line) for s in scan.sites for r in ALL_RULES
           if r.check_site and (message := r.check_site(s))]
    out += [(f.code, f.line) for f in source_findings(scan.context)]
    return out


def _expected(src: str, code: str) -> list[int]:
    return [i for i, line in enumerate(src.splitlines(), 1)
            if re.search(rf"# expect: .*\b{code}\b", line)]


@pytest.mark.parametrize("rule", STATIC_RULES, ids=lambda r: r.code)
def test_invalid_examples_flagged_on_marked_line(rule):
    assert rule.invalid, f"{rule.code} has no invalid example"
    for src in rule.invalid:
        lines = sorted({line for code, line in _codes(src) if code == rule.code})
        assert lines == _expected(src, rule.code)


@pytest.mark.parametrize("rule", STATIC_RULES, ids=lambda r: r.code)
def test_valid_examples_clean(rule):
    for src in rule.valid:
        lines = src.splitlines()
        hits = [line for code, line in _codes(src)
                if code == rule.code and "noqa" not in lines[line - 1]]
        assert hits == []


def test_syntax_error_is_reported_not_raised():
    scan = scan_source("def f(:\n", "bad.py")
    assert scan.error is not None and scan.error.startswith("syntax error at line 1")
    assert scan.sites == [] and scan.context is None


def test_site_fields():
    src = (
        "import torch.nn.functional as fn\n"
        "class M:\n"
        "    def forward(self, x):\n"
        "        return fn.dropout(\n"
        "            x,\n"
        "            p=0.25)\n"
    )
    (site,) = scan_source(src, "m.py").sites
    assert (site.kind, site.op, site.line, site.extra["end_line"]) == ("functional", "F.dropout",
                                                                       4, 6)
    assert (site.module, site.p, site.p_text, site.flag) == ("M", 0.25, "0.25", "missing")
    assert (site.active_train, site.active_eval, site.frontend) == (True, True, "source")
    assert (site.path, site.column) == ("m.py", 15)
