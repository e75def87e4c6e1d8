"""Files listed one by one on the command line join like the files of one folder.

The repository-wide phase (the mode join, DS101 for a helper reached from another file's
forward, DS405 for a checkpoint Function fed another file's dropout block) used to run per
target, so ``lint a.py b.py --no-import`` missed what ``lint dir/`` found.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dropsurgeon.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"


def _mode_repo(root: Path) -> Path:
    """train.py hands a model in train mode to pkg/evaluation.py's score() (DS401 there)."""
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "evaluation.py").write_text(textwrap.dedent("""
        import torch


        def score(model, batches):
            hits = 0
            with torch.no_grad():
                for x, y in batches:
                    hits += (model(x).argmax(1) == y).sum().item()
            return hits
    """))
    (root / "train.py").write_text(HEADER + "from pkg.evaluation import score\n\n\n"
                                   + textwrap.dedent("""
        def main(train_loader, test_loader):
            net = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.3), nn.Linear(8, 2))
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            for x, y in train_loader:
                opt.zero_grad()
                F.cross_entropy(net(x), y).backward()
                opt.step()
            return score(net, test_loader)
    """))
    return root


def _lint(cwd: Path, *targets: str, extra: tuple[str, ...] = ()) -> list[tuple]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, ["lint", *targets, "--no-import", "--no-cache",
                                          "--format", "json", "--jobs", "1", *extra])
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    return sorted((Path(f["path"]).as_posix(), f["line"], f["code"], f["message"])
                  for f in doc["findings"])


def _copy(names: list[str], src: Path, dest: Path) -> Path:
    for name in names:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src / name, dest / name)
    return dest


@pytest.mark.parametrize("fixture, names, code", [
    ("ds405_check", ["ok_flag_off.py", "ds405_ckpt_util.py"], "DS405"),
    ("sourceflow_repo", ["pkg/model.py", "pkg/ops.py"], "DS101"),
])
def test_listed_files_find_what_their_folder_finds(tmp_path, fixture, names, code):
    root = _copy(names, FIXTURES / fixture, tmp_path / "repo")
    listed = _lint(root, *names)
    assert listed == _lint(root, ".")
    assert code in {c for _, _, c, _ in listed}
    # each file alone cannot see it: the join across the listed files found it
    alone = [f for name in names for f in _lint(root, name)]
    assert code not in {c for _, _, c, _ in alone}


def test_listed_files_join_the_mode_analysis(tmp_path):
    root = _mode_repo(tmp_path / "repo")
    listed = _lint(root, "train.py", "pkg/evaluation.py", extra=("--select", "DS401"))
    assert [(p, line, c) for p, line, c, _ in listed] == [("pkg/evaluation.py", 9, "DS401")]
    assert listed == _lint(root, ".", extra=("--select", "DS401"))
    assert _lint(root, "pkg/evaluation.py", extra=("--select", "DS401")) == []


def test_a_folder_and_a_file_join_and_a_file_named_twice_counts_once(tmp_path):
    root = _mode_repo(tmp_path / "repo")
    both = _lint(root, "pkg", "train.py", "train.py", extra=("--select", "DS401"))
    assert both == _lint(root, ".", extra=("--select", "DS401"))
    assert len(both) == 1
