"""``.gitignore`` on directory scans, with git itself as the oracle."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dropsurgeon.linter.config import Config
from dropsurgeon.linter.gitignore import parse_line
from dropsurgeon.linter.static import discover, lint_paths

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is the oracle")

_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
BUGGY = "import torch.nn.functional as F\n\n\nclass Net:\n    def forward(self, x):\n" \
        "        return F.dropout(x, 0.5)\n"


def _git_visible(root: Path) -> set[str]:
    """The untracked files git does not ignore (the .py ones)."""
    out = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "-z"], cwd=root,
                         capture_output=True, check=True, env=_ENV).stdout.decode()
    return {p for p in out.split("\0") if p.endswith(".py")}


def _ours(root: Path, cfg: Config | None = None) -> set[str]:
    files, errors = discover([root], cfg or Config(root=root))
    assert errors == []
    return {Path(f).relative_to(root).as_posix() for f in files}


def _repo(root: Path, files: list[str], ignores: dict[str, str]) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=_ENV)
    for f in files:
        (root / f).parent.mkdir(parents=True, exist_ok=True)
        (root / f).write_text("x = 1\n")
    for where, text in ignores.items():
        (root / where).parent.mkdir(parents=True, exist_ok=True)
        (root / where).write_text(text)


FILES = ["a.py", "b.py", "gen_pb2.py", "src/m.py", "src/keep_pb2.py", "src/out/x.py",
         "src/deep/out/y.py", "out/z.py", "docs/conf.py", "docs/api/ref.py", "tmp/t.py",
         "tmp/keep/k.py", "pkg/#hash.py", "pkg/!bang.py", "pkg/sp .py", "lib/a/b/c/d.py",
         "lib/x/d.py", "notes/d.py", "data[1].py"]


def test_nested_files_negation_directories_and_anchors(tmp_path):
    _repo(tmp_path, FILES, {
        ".gitignore": "# comment\n*_pb2.py\n!keep_pb2.py\nout/\n/docs/api\ntmp/*\n!tmp/keep/\n"
                      "\\#hash.py\n\\!bang.py\nsp\\ .py\nlib/**/d.py\ndata\\[1\\].py\n",
        "src/.gitignore": "!out/\nm.py\n",
        "notes/.gitignore": "*\n!.gitignore\n",
    })
    expected = _git_visible(tmp_path)
    assert expected  # sanity: something is left, and something was ignored
    assert _ours(tmp_path) == expected
    assert len(expected) < len(FILES)


def test_parent_gitignore_and_info_exclude_apply_to_a_subdirectory_scan(tmp_path):
    _repo(tmp_path, ["pkg/a.py", "pkg/gen/b.py", "pkg/local.py"],
          {".gitignore": "gen/\n", ".git/info/exclude": "local.py\n"})
    assert _ours(tmp_path / "pkg") == {"a.py"}
    assert {f"pkg/{p}" for p in _ours(tmp_path / "pkg")} == _git_visible(tmp_path)


def test_outside_a_repository_the_trees_own_gitignore_counts(tmp_path):
    (tmp_path / "gen").mkdir()
    (tmp_path / "gen" / "b.py").write_text("x = 1\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / ".gitignore").write_text("gen/\n")
    assert _ours(tmp_path) == {"a.py"}


def test_respect_gitignore_off_and_explicit_paths(tmp_path):
    _repo(tmp_path, [], {".gitignore": "ignored.py\n"})
    (tmp_path / "ignored.py").write_text(BUGGY)
    assert lint_paths([tmp_path]).findings == []
    assert len(lint_paths([tmp_path], respect_gitignore=False).findings) == 1
    # a file named on the command line is linted even if git ignores it (as in ruff)
    assert len(lint_paths([tmp_path / "ignored.py"]).findings) == 1
    (tmp_path / "pyproject.toml").write_text("[tool.dropsurgeon]\nrespect-gitignore = false\n")
    assert len(lint_paths([tmp_path]).findings) == 1


def test_cli_flag(tmp_path, cli):
    _repo(tmp_path, [], {".gitignore": "ignored.py\n"})
    (tmp_path / "ignored.py").write_text(BUGGY)
    assert cli("lint", "--no-cache", tmp_path).exit_code == 0
    assert cli("lint", "--no-cache", "--no-respect-gitignore", tmp_path).exit_code == 1
    (tmp_path / "pyproject.toml").write_text("[tool.dropsurgeon]\nrespect-gitignore = false\n")
    assert cli("lint", "--no-cache", tmp_path).exit_code == 1
    assert cli("lint", "--no-cache", "--respect-gitignore", tmp_path).exit_code == 0


@pytest.mark.parametrize(("line", "kept"), [
    ("", None), ("# c", None), ("   ", None), ("/", None), ("a  ", "a"), ("a\\ ", "a\\ "),
])
def test_blank_comment_and_trailing_space_lines(line, kept):
    pattern = parse_line(line)
    if kept is None:
        assert pattern is None
    else:
        assert pattern is not None and pattern.regex.fullmatch(kept.replace("\\", "")) is not None


_DIRS = ["a", "b", "d"]
_UNIVERSE = ["c.py", "a/c.py", "a/b/c.py", "b/a/c.py", "a/a/a/c.py", "d/a.py", "d/b/b.py",
             "b/d/c.py", "ab.py", "a/ba.py"]
_SEGMENT = st.sampled_from(["a", "b", "d", "c.py", "*.py", "*", "?", "**", "[ab]", "[!a]",
                            "a*", "?.py"])


@st.composite
def _patterns(draw) -> str:
    parts = draw(st.lists(_SEGMENT, min_size=1, max_size=3))
    text = "/".join(parts)
    if draw(st.booleans()):
        text = "/" + text
    if draw(st.booleans()):
        text += "/"
    if draw(st.integers(0, 3)) == 0:
        text = "!" + text
    return text


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(top=st.lists(_patterns(), min_size=1, max_size=4),
       nested=st.lists(_patterns(), max_size=3))
def test_random_patterns_agree_with_git(tmp_path_factory, top, nested):
    root = tmp_path_factory.mktemp("repo")
    ignores = {".gitignore": "\n".join(top) + "\n"}
    if nested:
        ignores["a/.gitignore"] = "\n".join(nested) + "\n"
    _repo(root, _UNIVERSE, ignores)
    assert _ours(root) == _git_visible(root), (top, nested)
