"""The check-only rules (DS5xx) carry valid/invalid examples, run through `dropsurgeon check`."""

from __future__ import annotations

import re

import pytest

from dropsurgeon.rules import ALL_RULES, get
from dropsurgeon.rules.runtime import RULES

_MARK = re.compile(r"# expect: ([A-Z0-9, ]+)")


def _expected_lines(src: str, code: str) -> set[int]:
    return {
        n for n, line in enumerate(src.splitlines(), 1)
        if (m := _MARK.search(line)) and code in m.group(1)
    }


def _cases(kind: str):
    for rule in RULES:
        for i, src in enumerate(rule.invalid if kind == "invalid" else rule.valid):
            yield pytest.param(rule, src, id=f"{rule.code}-{kind}-{i}")


def test_registered_for_explain_but_not_linted():
    for rule in RULES:
        assert get(rule.code) is rule and rule not in ALL_RULES
        assert rule.invalid and rule.valid and rule.check_site is None


@pytest.mark.parametrize(("rule", "src"), list(_cases("invalid")))
def test_invalid_example_is_reported(rule, src, cli, write):
    path = write(f"{rule.code.lower()}_bad.py", src)
    result = cli("check", f"{path}:Net", "--input-shape", "2,8", "-f", "json")
    assert result.exit_code == 1, result.stdout + result.stderr
    found = [f for f in result.json()["findings"] if f["code"] == rule.code]
    assert {f["line"] for f in found} == _expected_lines(src, rule.code)
    assert all(f["severity"] == str(rule.severity) and f["fix"] for f in found)


@pytest.mark.parametrize(("rule", "src"), list(_cases("valid")))
def test_valid_example_is_clean(rule, src, cli, write):
    path = write(f"{rule.code.lower()}_ok.py", src)
    result = cli("check", f"{path}:Net", "--input-shape", "2,8", "-f", "json")
    assert result.exit_code == 0, result.stdout + result.stderr


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_explain(rule, cli):
    result = cli("explain", rule.code)
    assert result.exit_code == 0 and "## Why is this bad?" in result.stdout
