"""Static lint speed, side by side in one run: dropsurgeon vs TorchFix vs bare ``ast.parse``.

Both linters run single process as a user would run them (``dropsurgeon lint --no-import``
and ``torchfix --jobs 1``, each a fresh process, start-up included) on the same source tree:
by default the installed transformers package (thousands of files).  The floor is a fresh
process that reads and ``ast.parse``-s the same files; floor and lint alternate for
``--rounds`` rounds and the median round's ratio is reported.

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


# The floor, run as its own process like the CLI: read and parse every file.
FLOOR_SCRIPT = """
import ast, os, sys
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
    for name in sorted(filenames):
        if name.endswith(".py"):
            with open(os.path.join(dirpath, name), "rb") as fh:
                data = fh.read()
            try:
                ast.parse(data.decode("utf-8-sig", errors="replace"))
            except SyntaxError:
                pass
"""


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
    ap.add_argument("--rounds", type=int, default=3, help="alternating floor/lint rounds")
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

    parse_floor(files)  # warm the file cache
    ds_cmd = [str(BIN / "dropsurgeon"), "lint", "--no-import", "--format", "json",
              "--output", os.devnull, str(root)]
    # The floor runs in a fresh process too, and the two alternate round by round: on a
    # shared machine the speed drifts by 20-40% between runs, so each round's ratio is
    # taken side by side and the median round is reported.
    floor_cmd = [sys.executable, "-c", FLOOR_SCRIPT, str(root)]
    rounds = []
    for _ in range(args.rounds):
        f_time = timed(floor_cmd)[0]
        d_time, ds_rc, ds_err = timed(ds_cmd)
        if ds_rc not in (0, 1):
            print(f"dropsurgeon failed (exit {ds_rc}): {ds_err}", file=sys.stderr)
        rounds.append((d_time / f_time, f_time, d_time))
        print(f"  round {len(rounds)}: floor {f_time:.2f} s, dropsurgeon {d_time:.2f} s, "
              f"ratio {d_time / f_time:.2f}", flush=True)
    ratio, floor, ds_time = sorted(rounds)[len(rounds) // 2]
    rows = [("ast.parse floor (fresh process)", floor), ("dropsurgeon lint --no-import", ds_time)]
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
    lines.append(f"- dropsurgeon / parse floor: {ratio:.2f}x the time, median of {len(rounds)} "
                 "alternating rounds (target <= 2x)")
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
