"""Static lint speed, side by side in one run: dropsurgeon vs TorchFix vs bare ``ast.parse``.

Both linters run single process as a user would run them (``dropsurgeon lint --no-import``
and ``torchfix --jobs 1``, each a fresh process, start-up included) on the same source tree:
by default the installed transformers package (thousands of files).  The floor is reading
and ``ast.parse``-ing the same files in this process.

    .venv/bin/python benchmarks/static_speed.py                  # the whole transformers tree
    .venv/bin/python benchmarks/static_speed.py --limit 300      # a quicker slice
    .venv/bin/python benchmarks/static_speed.py --path some/repo --markdown out.md

Targets (issue 3): at least 5x TorchFix's files/s, and within 2x of the bare-parse floor.
Also prints the cold start of ``dropsurgeon lint --no-import one_file.py``.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def default_tree() -> Path:
    spec = importlib.util.find_spec("transformers")
    if spec is None or spec.origin is None:
        sys.exit("transformers is not installed: pass --path")
    return Path(spec.origin).parent


def python_files(root: Path) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        out.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".py"))
    return out


def slice_tree(root: Path, files: list[Path], limit: int, dest: Path) -> list[Path]:
    """Copy the first ``limit`` files (same relative paths) so both tools see the same tree."""
    picked = files[:limit]
    for f in picked:
        target = dest / f.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    return [dest / f.relative_to(root) for f in picked]


def parse_floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for f in files:
        data = f.read_bytes()
        try:
            ast.parse(data.decode("utf-8-sig", errors="replace"))
        except SyntaxError:
            pass
    return time.perf_counter() - start


def timed(cmd: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - start, proc.returncode, proc.stderr[-400:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", type=Path, help="source tree (default: installed transformers)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    ap.add_argument("--skip-torchfix", action="store_true")
    ap.add_argument("--markdown", type=Path, help="also write the table here")
    args = ap.parse_args()

    root = args.path or default_tree()
    files = python_files(root)
    tmp = None
    if args.limit:
        tmp = Path(tempfile.mkdtemp(prefix="static_speed_"))
        files = slice_tree(root, files, args.limit, tmp / root.name)
        root = tmp / root.name
    n = len(files)
    print(f"tree: {root} ({n} .py files)", flush=True)

    floor = min(parse_floor(files) for _ in range(2))  # warm file cache, keep the best
    ds_cmd = [str(BIN / "dropsurgeon"), "lint", "--no-import", "--format", "json",
              "--output", os.devnull, str(root)]
    # Best of two, like the floor: both sides measured the same way, side by side.
    ds_time, ds_rc, ds_err = min(timed(ds_cmd) for _ in range(2))
    if ds_rc not in (0, 1):
        print(f"dropsurgeon failed (exit {ds_rc}): {ds_err}", file=sys.stderr)
    rows = [("ast.parse floor (in process)", floor), ("dropsurgeon lint --no-import", ds_time)]
    tf_time = None
    if not args.skip_torchfix:
        tf_cmd = [sys.executable, "-m", "torchfix", "--jobs", "1", str(root)]
        tf_time, tf_rc, tf_err = timed(tf_cmd)
        if tf_rc not in (0, 1):
            print(f"torchfix exit {tf_rc}: {tf_err}", file=sys.stderr)
        rows.append(("torchfix --jobs 1", tf_time))

    one = files[len(files) // 2]
    cold = min(timed([str(BIN / "dropsurgeon"), "lint", "--no-import", "--format", "json",
                      "--output", os.devnull, str(one)])[0] for _ in range(3))

    lines = ["| tool | seconds | files/s |", "|---|---:|---:|"]
    lines += [f"| {name} | {t:.2f} | {n / t:.0f} |" for name, t in rows]
    lines.append("")
    lines.append(f"- dropsurgeon / parse floor: {ds_time / floor:.2f}x the time (target <= 2x)")
    if tf_time is not None:
        lines.append(f"- dropsurgeon vs TorchFix: {tf_time / ds_time:.1f}x the throughput "
                     "(target >= 5x)")
    lines.append(f"- cold start, one file (`{one.name}`): {cold:.2f} s")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(f"# Static lint speed\n\ntree: `{root}`, {n} files\n\n{text}\n")
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
