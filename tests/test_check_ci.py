"""The CI integrations: the pre-commit hook and the example GitHub Actions workflow, whose
commands are run here exactly as written."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "examples" / "ci" / "dropsurgeon.yml"


def _hooks() -> list[dict]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def test_pre_commit_hooks_are_static():
    hooks = _hooks()
    assert [h["id"] for h in hooks] == ["dropsurgeon", "dropsurgeon-system"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["entry"] == "dropsurgeon lint --no-import"
        assert hook["types"] == ["python"]


def _run_entry(*files: Path) -> subprocess.CompletedProcess:
    """Run the hook's entry as pre-commit would (files appended) and report torch imports."""
    argv = shlex.split(_hooks()[0]["entry"])[1:] + [str(f) for f in files]
    code = (
        "import sys\n"
        "from dropsurgeon.cli import app\n"
        "try:\n"
        f"    app({argv!r})\n"
        "except SystemExit as exc:\n"
        "    print('torch imported:', 'torch' in sys.modules)\n"
        "    sys.exit(exc.code)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_pre_commit_entry_finds_bugs_without_importing_torch():
    bad = _run_entry(ROOT / "examples" / "buggy_mlp.py", ROOT / "examples" / "clean_mlp.py")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "DS101" in bad.stdout and "torch imported: False" in bad.stdout
    good = _run_entry(ROOT / "examples" / "clean_mlp.py")
    assert good.returncode == 0, good.stdout + good.stderr


def _workflow_commands() -> list[list[str]]:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["dropout"]["steps"]
    commands = []
    for step in steps:
        script = step.get("run", "").replace("\\\n", " ")
        for line in script.splitlines():
            line = line.split("||")[0].strip()
            if line.startswith("dropsurgeon "):
                commands.append(shlex.split(line)[1:])
    return commands


def test_workflow_shape():
    wf = yaml.safe_load(WORKFLOW.read_text())
    assert wf["permissions"]["security-events"] == "write"
    steps = wf["jobs"]["dropout"]["steps"]
    uploads = [s for s in steps if "codeql-action/upload-sarif" in s.get("uses", "")]
    assert {u["with"]["sarif_file"] for u in uploads} == {
        "dropsurgeon-lint.sarif", "dropsurgeon-check.sarif"
    }
    assert all(u["if"] == "always()" for u in uploads)
    verbs = [c[0] for c in _workflow_commands()]
    assert verbs == ["lint", "check", "lint", "check"]


def test_workflow_commands_pass_on_the_example(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0.json").read_text())
    for argv in _workflow_commands():
        if "--output" in argv:  # write the reports into the test's folder
            i = argv.index("--output") + 1
            argv[i] = str(tmp_path / argv[i])
        result = cli(*argv)
        assert result.exit_code == 0, (argv, result.stdout, result.stderr)
    for name in ("dropsurgeon-lint.sarif", "dropsurgeon-check.sarif"):
        doc = json.loads((tmp_path / name).read_text())
        jsonschema.Draft4Validator(schema).validate(doc)
        assert doc["runs"][0]["results"] == []
