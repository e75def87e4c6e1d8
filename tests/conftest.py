from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dropsurgeon.cli import app

ROOT = Path(__file__).resolve().parent.parent


class CliResult:
    def __init__(self, result) -> None:
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.exception = result.exception

    def json(self) -> dict:
        return json.loads(self.stdout)


@pytest.fixture
def cli():
    """Run the dropsurgeon CLI in-process: cli("lint", "x.py", "--format", "json")."""
    runner = CliRunner()

    def run(*args: str) -> CliResult:
        return CliResult(runner.invoke(app, [str(a) for a in args], catch_exceptions=True))

    return run


@pytest.fixture
def write(tmp_path):
    """write("name.py", source) -> path of a new file in a fresh directory."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path

    return _write
