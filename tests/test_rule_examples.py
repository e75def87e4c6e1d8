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


# -- issue 18 item 14: fix texts use the code's own names ---------------------------------

_OWN_NAMES = '''
import torch.nn as nn
import torch.nn.functional as F


class Attn(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(8, 24)
        self.attn_drop = 0.1
        self.out = nn.Linear(8, 8)
        self.head_drop = nn.Dropout(0.2)

    def forward(self, x):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        y = F.scaled_dot_product_attention(q, k, v, dropout_p=self.attn_drop)
        return self.head_drop(self.out(y))
'''


@pytest.mark.parametrize("static_only", [False, True])
def test_fix_texts_use_the_codes_own_names(tmp_path, static_only):
    from dropsurgeon.linter.api import lint

    path = tmp_path / "own_names.py"
    path.write_text(_OWN_NAMES)
    fixes = {f.code: f.fix for f in lint(str(path), static_only=static_only).findings}
    assert fixes["DS104"] == "Pass `dropout_p=self.attn_drop if self.training else 0.0`."
    if not static_only:  # placement needs the model
        assert "self.head_drop(x)" in fixes["DS302"] and "self.drop(" not in fixes["DS302"]


def test_a_literal_rate_is_named_in_the_fix():
    from dropsurgeon.rules import get
    from dropsurgeon.sites import ATTENTION, Site

    site = Site(kind=ATTENTION, op="F.scaled_dot_product_attention", p=0.1, active_train=True,
                active_eval=True)
    assert get("DS104").fix_for(site) == "Pass `dropout_p=0.1 if self.training else 0.0`."
    assert get("DS104").fix == "Pass `dropout_p=self.p if self.training else 0.0`."
