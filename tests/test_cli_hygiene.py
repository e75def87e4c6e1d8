"""Issue 18 item 19: --version, --help without <bool>, tables readable at 80 columns, no
internal jargon in what users read."""

from __future__ import annotations

import functools
import io
import os
import subprocess
import sys

import pytest
import torch.nn as nn
from rich.console import Console

import dropsurgeon
from dropsurgeon.report.rules_view import print_rules

COMMANDS = ["lint", "inspect", "rules", "explain", "check", "insert", "replace", "remove",
            "set-rate", "apply", "fuse", "schedule-plot", "mc", "tune", "run"]


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dropsurgeon {dropsurgeon.__version__}"


def _help(args: list[str]) -> str:
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}
    proc = subprocess.run([sys.executable, "-m", "dropsurgeon.cli.app", *args, "--help"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_help_shows_no_bool_type_and_cuts_no_name_at_80_columns():
    pages = {"": _help([])} | {c: _help([c]) for c in COMMANDS}
    for command, text in pages.items():
        assert "<bool>" not in text, command
        assert "--help" in text
        assert max(len(line) for line in text.splitlines()) <= 80, command
    assert "…" not in pages["lint"]  # every flag of lint whole, --no-respect-gitignore too
    assert "--no-respect-gitignore" in pages["lint"]


def test_both_gitignore_flags_contradict(cli, tmp_path):
    result = cli("lint", tmp_path, "--respect-gitignore", "--no-respect-gitignore")
    assert result.exit_code == 2 and "contradict" in result.stderr


@pytest.mark.parametrize("width", [60, 80, 120])
def test_rules_table_never_cuts_a_name(width):
    buf = io.StringIO()
    print_rules(console=Console(file=buf, width=width, force_terminal=False))
    text = buf.getvalue()
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= width
    codes = {r.code for r in dropsurgeon.ALL_RULES}
    assert all(code in text for code in codes)
    if width >= 80:  # names shown: whole, or folded onto the next line, never cut
        names = {r.name for r in dropsurgeon.rules.BY_CODE.values()}
        assert all(name[:25] in text for name in names)


def _deco(f):
    @functools.wraps(f)
    def wrapper(*a, **k):
        return f(*a, **k)
    return wrapper


class Decorated(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.drop = nn.Dropout(0.1)

    @_deco
    def forward(self, x, mask=None, **kwargs):
        return self.drop(x)


def test_fx_failures_are_said_in_the_users_words():
    (result,) = dropsurgeon.inventories(Decorated())
    assert "co_varnames" not in result.reason
    assert "decorator" in result.reason


@pytest.mark.parametrize("flags", [["--select", "XX1"], ["--ignore", "DS999"],
                                   ["--select", "DS11"]])
def test_unknown_codes_on_the_command_line_exit_2_with_the_known_ones(cli, tmp_path, flags):
    (tmp_path / "m.py").write_text("x = 1\n")
    result = cli("lint", tmp_path / "m.py", *flags)
    assert result.exit_code == 2
    assert "unknown rule code or prefix" in result.stderr and "DS101" in result.stderr
    assert result.stderr.count("\n") == 1


def test_ds000_is_reported_whatever_select_says(cli, tmp_path):
    (tmp_path / "broken.py").write_text("def f(:\n")
    result = cli("lint", tmp_path, "--select", "DS1", "--format", "json")
    assert result.exit_code == 1
    assert [f["code"] for f in result.json()["findings"]] == ["DS000"]
