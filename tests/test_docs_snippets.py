"""Every runnable snippet in README.md and docs/*.md runs as written (issue 18, item 17).

Conventions (shared with the people writing the docs):
- fenced blocks whose info string starts with ``bash``, ``sh``, ``console`` or ``python`` run;
  any other info string (``text``, ``json``, ``toml``, none) is not run;
- the word ``skip`` in the info string turns a block off (GPU, servers, long runs: the text
  says why);
- a command line expected to exit non-zero ends with ``# exit N``;
- ``console`` blocks run only their ``$ `` lines; the other lines are output;
- the python blocks of one document run in order in one namespace.

Everything runs on CPU from one temporary copy of the repository, with the venv's ``bin``
first on PATH, so a snippet may write files without touching the checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

SHELLS = {"bash", "sh", "console"}
RUNNABLE = SHELLS | {"python"}
# A snippet is documentation: 20 s is the budget; the margin is for a shared, loaded machine.
TIMEOUT_S = 180
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
EXIT_COMMENT = re.compile(r"#\s*exit\s+(\d+)\s*$")
# What the copy leaves out: the venv (used in place), VCS data and caches.
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache",
    ".hypothesis", ".dropsurgeon_cache", "build",
)


@dataclass(frozen=True)
class Block:
    doc: str  # path relative to the repository root
    line: int  # 1-based line of the opening fence
    lang: str
    skip: bool
    body: str

    @property
    def ident(self) -> str:
        return f"{self.doc}:{self.line}"


def parse_blocks(doc: str, text: str) -> list[Block]:
    """Fenced blocks of a Markdown text, with their language and the ``skip`` flag."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = m["indent"], m["fence"]
        words = m["info"].replace(",", " ").split()
        lang = words[0].lower() if words else ""
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            # Blocks inside list items are indented like the fence; remove that indent.
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        blocks.append(Block(doc, start + 1, lang, "skip" in words[1:], "\n".join(body) + "\n"))
        i += 1
    return blocks


def shell_commands(block: Block) -> list[tuple[int, str, int]]:
    """(line, command, expected exit) for each command of a shell block.

    Backslash continuations are joined; in ``console`` blocks only ``$ `` lines are commands.
    """
    commands: list[tuple[int, str, int]] = []
    pending: list[str] = []
    first = 0
    for offset, raw in enumerate(block.body.splitlines(), start=1):
        line = raw.rstrip()
        if not pending:
            if block.lang == "console":
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            first = block.line + offset
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        command = " ".join(part.strip() for part in pending)
        pending = []
        m = EXIT_COMMENT.search(command)
        commands.append((first, command, int(m.group(1)) if m else 0))
    if pending:
        raise AssertionError(f"{block.ident}: the block ends inside a continued line")
    return commands


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def all_blocks() -> list[Block]:
    out: list[Block] = []
    for path in documents():
        out.extend(parse_blocks(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return out


SHELL_BLOCKS = [b for b in all_blocks() if b.lang in SHELLS and not b.skip]
PYTHON_DOCS = sorted({b.doc for b in all_blocks() if b.lang == "python" and not b.skip})


@pytest.fixture(scope="session")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the repository for every snippet (copying per snippet costs minutes)."""
    dest = tmp_path_factory.mktemp("docs") / "repo"
    shutil.copytree(ROOT, dest, ignore=IGNORED, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def snippet_env() -> dict[str, str]:
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env["CUDA_VISIBLE_DEVICES"] = ""  # the docs must run on CPU: CI has no GPU
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONPATH", None)
    env["MPLBACKEND"] = "Agg"
    env["COLUMNS"] = "100"
    return env


def shell_script(block: Block) -> str:
    """One bash script per block: state (cd, variables) carries from line to line, and each
    command's exit status is compared with the one the docs promise."""
    parts = ["set +e"]
    for line, command, expected in shell_commands(block):
        where = f"{block.doc}:{line}"
        parts.append(command)
        parts.append(
            f'rc=$?; if [ "$rc" -ne {expected} ]; then '
            f"echo \"SNIPPET {where}: exit $rc, the docs say {expected}\" >&2; exit 97; fi"
        )
    return "\n".join(parts) + "\n"


# Every block runs even after one fails (a later block's own error is then reported too, so
# one broken snippet does not hide the state of the others; a NameError after a failure may
# only be that failure's echo).
RUNNER = r"""
import json, sys, traceback
blocks = json.load(open(sys.argv[1], encoding="utf-8"))
namespace = {"__name__": "__main__"}
failed = []
for where, source in blocks:
    try:
        exec(compile(source, where, "exec"), namespace)
    except BaseException:
        traceback.print_exc()
        print(f"SNIPPET {where} failed", file=sys.stderr)
        failed.append(where)
if failed:
    print("SNIPPETS FAILED: " + ", ".join(failed), file=sys.stderr)
    sys.exit(97)
"""


def test_the_docs_have_runnable_snippets():
    """The parser finds the convention's blocks (a regression here would test nothing)."""
    assert SHELL_BLOCKS and PYTHON_DOCS


def test_parser_follows_the_convention():
    text = (
        "```bash\ndropsurgeon lint a.py   # exit 1\necho a \\\n  b\n```\n"
        "  ```console\n  $ dropsurgeon x\n  output line\n  ```\n"
        "```python skip\nraise SystemExit\n```\n```text\nnot run\n```\n"
    )
    blocks = parse_blocks("d.md", text)
    assert [(b.lang, b.skip, b.line) for b in blocks] == [
        ("bash", False, 1), ("console", False, 6), ("python", True, 10), ("text", False, 13)
    ]
    assert shell_commands(blocks[0]) == [
        (2, "dropsurgeon lint a.py   # exit 1", 1), (3, "echo a b", 0)
    ]
    assert shell_commands(blocks[1]) == [(7, "dropsurgeon x", 0)]


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=lambda b: b.ident)
def test_shell_snippet_runs(block: Block, repo_copy: Path, snippet_env: dict[str, str]):
    proc = subprocess.run(
        ["bash", "-c", shell_script(block)], cwd=repo_copy, env=snippet_env,
        capture_output=True, text=True, timeout=TIMEOUT_S,
    )
    assert proc.returncode == 0, (
        f"{block.ident} failed:\n--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n"
        f"{proc.stderr[-3000:]}"
    )


@pytest.mark.parametrize("doc", PYTHON_DOCS)
def test_python_snippets_run(
    doc: str, repo_copy: Path, snippet_env: dict[str, str], tmp_path: Path
):
    import json

    blocks = [
        (b.ident, b.body)
        for b in all_blocks()
        if b.doc == doc and b.lang == "python" and not b.skip
    ]
    payload = tmp_path / "blocks.json"
    payload.write_text(json.dumps(blocks), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(payload)], cwd=repo_copy, env=snippet_env,
        capture_output=True, text=True, timeout=TIMEOUT_S,
    )
    assert proc.returncode == 0, (
        f"python snippets of {doc} failed:\n--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n"
        f"{proc.stderr[-6000:]}"
    )


def test_shell_script_checks_each_promised_exit_code(tmp_path: Path):
    ok = parse_blocks("d.md", "```bash\nx=3\nbash -c \"exit $x\"   # exit 3\ntrue\n```\n")[0]
    assert subprocess.run(["bash", "-c", shell_script(ok)], cwd=tmp_path).returncode == 0
    bad = parse_blocks("d.md", "```sh\nfalse\ntrue\n```\n")[0]  # exits 1, the docs say 0
    proc = subprocess.run(["bash", "-c", shell_script(bad)], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 97 and "d.md:2: exit 1, the docs say 0" in proc.stderr
