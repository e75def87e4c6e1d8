"""Every rule's own VALID and INVALID examples, linted end to end through the CLI."""

from __future__ import annotations

import re

import pytest

from dropsurgeon.rules import ALL_RULES

_MARK = re.compile(r"# expect: ([A-Z0-9, ]+)")


def _cases(kind: str):
    for rule in ALL_RULES:
        examples = rule.invalid if kind == "invalid" else rule.valid
        for i, src in enumerate(examples):
            yield pytest.param(rule, src, id=f"{rule.code}-{kind}-{i}")


def _expected_lines(src: str, code: str) -> list[int]:
    return [
        n for n, line in enumerate(src.splitlines(), 1)
        if (m := _MARK.search(line)) and code in m.group(1)
    ]


def test_every_rule_has_examples():
    for rule in ALL_RULES:
        assert rule.invalid and rule.valid, rule.code
        for src in rule.invalid:
            assert _expected_lines(src, rule.code), f"{rule.code}: invalid example has no marker"


@pytest.mark.parametrize(("rule", "src"), list(_cases("invalid")))
def test_invalid_example_is_reported(rule, src, cli, write):
    path = write(f"{rule.code.lower()}_bad.py", src)
    result = cli("lint", path, "--format", "json", "--fail-on", "info")
    assert result.exit_code == 1, result.stdout + result.stderr
    found = [f for f in result.json()["findings"] if f["code"] == rule.code]
    assert found, f"{rule.code} not reported: {result.stdout}"
    lines = {f["line"] for f in found}
    assert lines == set(_expected_lines(src, rule.code))
    assert all(f["severity"] == str(rule.severity) for f in found)
    assert all(f["path"].endswith(path.name) for f in found)
    assert all(f["fix"] for f in found)


@pytest.mark.parametrize(("rule", "src"), list(_cases("valid")))
def test_valid_example_is_clean(rule, src, cli, write):
    path = write(f"{rule.code.lower()}_ok.py", src)
    result = cli("lint", path, "--format", "json", "--fail-on", "info")
    codes = [f["code"] for f in result.json()["findings"]]
    assert rule.code not in codes, result.stdout
    assert all(m["status"] == "analysed" for m in result.json()["models"])


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_explain_prints_the_four_sections(rule, cli):
    result = cli("explain", rule.code)
    assert result.exit_code == 0
    for heading in ("## What it does", "## Why is this bad?", "## Fix", "## Example"):
        assert heading in result.stdout
    assert "# expect:" not in result.stdout
