"""Lint many files in parallel worker processes (``--jobs N``).

Parsing is pure Python and holds the GIL, so only processes help.  The files are sorted
largest first and cut into chunks of shrinking size (guided scheduling, by bytes): a chunk
of many small files costs one message each way instead of one per file, the big files start
early, and the last chunks are small, so that no worker is left alone with a long one at the
end while the others idle.  Workers return findings; results are put back in the files'
order, so the report is the same with any number of jobs.

Fork safety: a worker is forked (cheap, and it inherits the already imported rules) only
when the parent has not imported torch and runs no other thread; otherwise workers are
spawned as fresh interpreters.  Workers never import torch: the static path does not.  When
workers cannot be started or die, the files left are linted in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..findings import Finding

if TYPE_CHECKING:
    from .cache import Cache
    from .config import Config

# findings, or an error for an unreadable file, and the file's part of the mode join
FileResult = tuple[list[Finding], "str | None", dict]

# Below these, starting workers costs more than it saves (a fork is ~10 ms, parsing runs at
# about 10 MB/s): pre-commit runs on a few files stay in one process.
MIN_FILES = 8
MIN_BYTES = 400_000
CHUNKS_PER_JOB = 16


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def lint_many(files: Sequence[str], cfg: Config, cache: Cache | None = None,
              jobs: int | None = None) -> list[FileResult]:
    """Each file's result, in the order of ``files`` (the caller has already looked them up
    in ``cache``; new results are stored there)."""
    from .static import lint_file

    n = jobs if jobs is not None else default_jobs()
    sizes = _sizes(files) if n > 1 and len(files) >= MIN_FILES else None
    if sizes is None or sum(sizes) < MIN_BYTES:
        return [lint_file(f, cfg, cache, lookup=False) for f in files]
    chunks = make_chunks(sizes, n * CHUNKS_PER_JOB)
    results: list[FileResult | None] = [None] * len(files)
    try:
        _run_pool(files, chunks, cfg, cache, min(n, len(chunks)), results)
    except Exception:  # noqa: BLE001 - no workers (limits, a broken pool): lint here instead
        pass
    return [r if r is not None else lint_file(files[i], cfg, cache, lookup=False)
            for i, r in enumerate(results)]


def _sizes(files: Sequence[str]) -> list[int]:
    out = []
    for f in files:
        try:
            out.append(os.stat(f).st_size)
        except OSError:
            out.append(0)
    return out


def make_chunks(sizes: Sequence[int], count: int) -> list[list[int]]:
    """Indices cut into at most ``count`` (+1) chunks, largest files first, of shrinking total
    size: chunk ``k`` holds about ``(count - k) / (1 + 2 + ... + count)`` of the bytes, so
    the last chunks, taken by whichever worker is free, end the run nearly together."""
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    count = max(count, 1)
    unit = sum(sizes) / (count * (count + 1) / 2)
    chunks: list[list[int]] = []
    current: list[int] = []
    current_bytes = 0
    for i in order:
        current.append(i)
        current_bytes += sizes[i]
        if len(chunks) < count and current_bytes >= max(unit * (count - len(chunks)), 1):
            chunks.append(current)
            current, current_bytes = [], 0
    if current:
        chunks.append(current)
    return chunks


def _context() -> multiprocessing.context.BaseContext:
    forkable = ("fork" in multiprocessing.get_all_start_methods()
                and "torch" not in sys.modules and threading.active_count() == 1)
    return multiprocessing.get_context("fork" if forkable else "spawn")


def worker_pool(workers: int, cfg: Config, cache: Cache | None):
    """The executor the files go to (a ``concurrent.futures.ProcessPoolExecutor``)."""
    from concurrent.futures import ProcessPoolExecutor

    from .. import rules  # noqa: F401 - imported once here, inherited by forked workers
    from ..capture import source  # noqa: F401

    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init,
                               initargs=(cfg, cache, gc.get_threshold()))


def worker_facts() -> dict:
    """What a worker has loaded and how it started (for the tests)."""
    return {"torch": "torch" in sys.modules, "pid": os.getpid(),
            "start": multiprocessing.get_start_method(allow_none=True),
            "gc": gc.get_threshold()[0]}


def _run_pool(files: Sequence[str], chunks: list[list[int]], cfg: Config, cache: Cache | None,
              workers: int, results: list[FileResult | None]) -> None:
    with worker_pool(workers, cfg, cache) as pool:
        futures = [pool.submit(_lint_chunk, [files[i] for i in chunk]) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            for i, result in zip(chunk, future.result(), strict=True):
                results[i] = result


_STATE: dict = {}


def _init(cfg: Config, cache: Cache | None, gc_threshold: tuple[int, ...]) -> None:
    gc.set_threshold(*gc_threshold)  # a spawned worker gets the parent's GC tuning too
    _STATE["cfg"], _STATE["cache"] = cfg, cache


def _lint_chunk(paths: list[str]) -> list[FileResult]:
    from .static import lint_file

    return [lint_file(p, _STATE["cfg"], _STATE["cache"], lookup=False) for p in paths]


__all__ = ["default_jobs", "lint_many", "make_chunks", "worker_facts", "worker_pool"]
