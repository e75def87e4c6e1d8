"""The README documents what the tool does: every rule and both set-up commands."""

from __future__ import annotations

from conftest import ROOT

from dropsurgeon.rules import BY_CODE


def test_readme_lists_every_rule_and_the_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    for rule in BY_CODE.values():
        assert f"| {rule.code} | {rule.name} | {rule.severity} |" in readme, rule.code


def test_changelog_has_unreleased_section():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert text.startswith("# Changelog") and "## [Unreleased]" in text
