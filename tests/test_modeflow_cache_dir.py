"""``--cache-dir`` owns only its own marked folder (issue 18 item 25): a user's data survives."""

from __future__ import annotations

from pathlib import Path

from dropsurgeon.linter import cache as cache_mod
from dropsurgeon.linter.cache import CACHE_DIR_NAME
from dropsurgeon.linter.static import lint_paths

BUGGY = (
    "import torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
    "class Net(nn.Module):\n    def forward(self, x):\n        return F.dropout(x, 0.5)\n"
)


def _user_folder(root: Path) -> dict[str, bytes]:
    """A folder of user data, with subfolders named like cache entries (32 hex chars)."""
    files = {
        "notes.txt": b"keep me",
        "0123456789abcdef0123456789abcdef/weights.bin": b"\x00\x01",
        "ffffffffffffffffffffffffffffffff/a/b.txt": b"deep",
        "abcdefabcdefabcdefabcdefabcdefab/.dropsurgeon-entries-not": b"look-alike",
        "model.py": BUGGY.encode(),
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def _snapshot(root: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in files if (root / rel).is_file()}


def test_cache_dir_on_a_user_folder_loses_nothing(tmp_path, monkeypatch):
    files = _user_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = lint_paths(["model.py"], jobs=1, cache_dir=".")
    monkeypatch.setattr(cache_mod, "tool_key", lambda: "e" * 32)  # a newer dropsurgeon
    second = lint_paths(["model.py"], jobs=1, cache_dir=".")
    assert _snapshot(tmp_path, files) == files
    assert not (tmp_path / "CACHEDIR.TAG").exists()
    assert not (tmp_path / ".gitignore").exists()
    own = tmp_path / CACHE_DIR_NAME
    assert (own / "CACHEDIR.TAG").is_file() and (own / ".gitignore").is_file()
    # the cache's own old entries are pruned, inside its own folder only
    assert sorted(p.name for p in own.iterdir() if p.is_dir()) == ["e" * 32]
    assert [f.code for f in first.findings] == [f.code for f in second.findings] == ["DS101"]


def test_a_new_or_empty_folder_becomes_the_cache(tmp_path):
    (tmp_path / "m.py").write_text(BUGGY)
    empty = tmp_path / "empty"
    empty.mkdir()
    lint_paths([tmp_path / "m.py"], jobs=1, cache_dir=empty)
    assert (empty / "CACHEDIR.TAG").is_file()
    assert not (empty / CACHE_DIR_NAME).exists()
    # the next run recognises its own marked folder and reuses it
    assert cache_mod.cache_base(empty) == empty


def test_unmarked_folder_of_cache_name_is_not_pruned(tmp_path, monkeypatch):
    """A user folder that happens to be called .dropsurgeon_cache is no proof of ownership."""
    (tmp_path / "m.py").write_text(BUGGY)
    mine = tmp_path / CACHE_DIR_NAME / ("1" * 32)
    mine.mkdir(parents=True)
    (mine / "data.txt").write_text("user data")
    (tmp_path / "pyproject.toml").write_text("[tool.dropsurgeon]\n")
    monkeypatch.chdir(tmp_path)
    lint_paths(["m.py"], jobs=1, cache=True)
    assert (mine / "data.txt").read_text() == "user data"
    assert not (tmp_path / CACHE_DIR_NAME / "CACHEDIR.TAG").exists()
