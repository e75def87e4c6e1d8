"""Parallel static lint: the same report with any --jobs, fork-safe workers, no torch."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dropsurgeon.linter import jobs
from dropsurgeon.linter.config import Config
from dropsurgeon.linter.static import lint_paths

FIXTURES = Path(__file__).parent / "fixtures"
BUGGY = textwrap.dedent("""
    import torch.nn as nn
    import torch.nn.functional as F


    class Net{i}(nn.Module):
        def forward(self, x):
            return F.dropout(x, 0.{i})
""")


@pytest.fixture
def always_parallel(monkeypatch):
    """Workers even for a small tree (the thresholds keep small runs in one process)."""
    monkeypatch.setattr(jobs, "MIN_FILES", 1)
    monkeypatch.setattr(jobs, "MIN_BYTES", 0)


def _tree(root: Path, n: int = 30) -> Path:
    for i in range(n):
        d = root / f"m{i % 4}"
        d.mkdir(parents=True, exist_ok=True)
        body = BUGGY.format(i=i % 9 + 1) + "\n" * (i * 7)  # different sizes
        (d / f"f{i}.py").write_text(body if i % 11 else "def broken(:\n")
    return root


def _facts(report) -> list[tuple]:
    return [(f.path, f.line, f.column, f.code, f.message, f.suppressed) for f in report.findings]


def test_same_report_with_any_number_of_jobs_and_with_the_cache(tmp_path, always_parallel):
    root = _tree(tmp_path / "t")
    reference = lint_paths([root], jobs=1)
    assert len(reference.findings) == 30 and reference.files == 30
    for n in (2, 3, 8):
        assert _facts(lint_paths([root], jobs=n)) == _facts(reference), n
    cold = lint_paths([root], jobs=2, cache_dir=tmp_path / "c")
    warm = lint_paths([root], jobs=2, cache_dir=tmp_path / "c")
    assert _facts(cold) == _facts(warm) == _facts(reference)


def test_fixture_tree_same_with_jobs_and_cache_through_the_cli(tmp_path, cli, always_parallel):
    trees = [FIXTURES, FIXTURES.parent.parent / "examples", FIXTURES.parent.parent / "dropsurgeon"]
    base = ["lint", "--no-import", "--format", "json", "--fail-on", "info", *trees]
    outputs = [cli(*base, "-j", "1", "--no-cache"), cli(*base, "-j", "2", "--no-cache"),
               cli(*base, "-j", "2", "--cache-dir", tmp_path / "c"),
               cli(*base, "-j", "2", "--cache-dir", tmp_path / "c"),
               cli(*base, "-j", "1", "--cache-dir", tmp_path / "c")]
    first = outputs[0].json()
    assert first["summary"]["files_scanned"] > 60 and first["findings"]
    for out in outputs[1:]:
        assert out.exit_code == outputs[0].exit_code
        assert out.json() == first


def test_workers_are_forked_without_torch_and_spawned_with_it():
    code = textwrap.dedent("""
        import json, sys
        from dropsurgeon.linter import jobs
        from dropsurgeon.linter.config import Config
        out = {}
        with jobs.worker_pool(1, Config(), None) as pool:
            out["plain"] = pool.submit(jobs.worker_facts).result()
        import torch  # a parent that loaded torch (and its threads) must not fork
        with jobs.worker_pool(1, Config(), None) as pool:
            out["torch"] = pool.submit(jobs.worker_facts).result()
        print(json.dumps(out))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=300)
    facts = json.loads(result.stdout)
    assert facts["plain"]["start"] == "fork" and not facts["plain"]["torch"]
    assert facts["torch"]["start"] == "spawn" and not facts["torch"]["torch"]


def test_spawned_workers_lint_and_fill_the_cache(tmp_path):
    root = _tree(tmp_path / "t", 10)
    code = textwrap.dedent(f"""
        import json, sys
        import torch  # noqa: F401 - the parent cannot fork: workers are spawned
        from dropsurgeon.linter import jobs
        from dropsurgeon.linter.cache import Cache
        from dropsurgeon.linter.config import Config
        from dropsurgeon.linter.static import discover, lint_file
        cfg = Config()
        files, _ = discover([{str(root)!r}], cfg)
        cache = Cache({str(tmp_path / "c")!r}, cfg)
        cache.prepare()
        results = [None] * len(files)
        jobs._run_pool(files, jobs.make_chunks([1] * len(files), 4), cfg, cache, 2, results)
        here = [lint_file(f, cfg) for f in files]
        hits = [cache.get(f, open(f, "rb").read()) for f in files]
        key = lambda found: [(f.line, f.code, f.message) for f in found]
        print(json.dumps({{"same": [key(r[0]) for r in results] == [key(h[0]) for h in here],
                          "cached": all(h is not None for h in hits)}}))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"same": True, "cached": True}


def test_workers_keep_the_parents_gc_tuning():
    from dropsurgeon.linter.gc_tuning import fewer_collections

    with fewer_collections(), jobs.worker_pool(1, Config(), None) as pool:
        assert pool.submit(jobs.worker_facts).result()["gc"] >= 50_000


def test_a_broken_pool_falls_back_to_this_process(tmp_path, always_parallel, monkeypatch):
    root = _tree(tmp_path / "t", 12)
    reference = _facts(lint_paths([root], jobs=1))

    def broken(*args, **kwargs):
        raise OSError("cannot start workers")

    monkeypatch.setattr(jobs, "_run_pool", broken)
    assert _facts(lint_paths([root], jobs=2)) == reference


def test_small_runs_stay_in_one_process(tmp_path, monkeypatch):
    root = _tree(tmp_path / "t", 5)

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool for five small files")

    monkeypatch.setattr(jobs, "_run_pool", no_pool)
    assert len(lint_paths([root], jobs=4).findings) == 5


@given(st.lists(st.integers(0, 10_000), max_size=200), st.integers(1, 40))
def test_chunks_partition_the_files_largest_first(sizes, count):
    chunks = jobs.make_chunks(sizes, count)
    flat = [i for chunk in chunks for i in chunk]
    assert sorted(flat) == list(range(len(sizes)))
    assert [sizes[i] for i in flat] == sorted(sizes, reverse=True)
    assert all(chunks) and len(chunks) <= max(count, 1) + 1


def test_default_jobs_is_the_cores_we_may_use():
    assert 1 <= jobs.default_jobs() <= (__import__("os").cpu_count() or 1)


def test_a_progress_bar_starts_no_thread_before_a_static_scan(tmp_path, always_parallel,
                                                              monkeypatch):
    import threading

    from dropsurgeon.linter import api

    root = _tree(tmp_path / "t", 10)
    threads: list[int] = []
    real = jobs._context

    def context():
        threads.append(threading.active_count())
        return real()

    monkeypatch.setattr(jobs, "_context", context)
    report = api.lint([root], static_only=True, progress=True, jobs=2)
    assert len(report.findings) == 10
    assert threads and set(threads) == {threading.active_count()}  # no spinner thread yet
