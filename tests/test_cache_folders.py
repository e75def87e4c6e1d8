"""linter/cache.py: entry folders are made once per run, and again if they go away."""

from __future__ import annotations

import shutil

from dropsurgeon.linter.cache import Cache
from dropsurgeon.linter.config import Config


def test_an_entry_folder_removed_during_a_run_is_made_again(tmp_path):
    cache = Cache(tmp_path / "c", Config())
    cache.prepare()
    cache.put("a.py", b"x = 1\n", [])
    folder = tmp_path / "c" / cache.dir.name / cache.key("a.py", b"x = 1\n")[:2]
    shutil.rmtree(folder)  # another process pruned it
    cache.put("a.py", b"x = 1\n", [])
    assert cache.writable
    assert Cache(tmp_path / "c", Config()).get("a.py", b"x = 1\n") == []
