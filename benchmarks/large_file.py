"""Static lint time of one large generated file against the parse floor, by file size.

Issue 18 item 29: the lint was quadratic in file size (0.5 MB 6.8 s, 1 MB 28 s, 2 MB 162 s,
a 50 MB file never finished) because the source scan looked for the callers of every helper
with a scan over all the file's calls.  This script generates one file per size out of a
repeated unit that holds every shape that indexes touch: module-level helpers with a
training parameter and without one (DS101 through their callers), methods forwarding an
attention rate, hand-made masks, modules and classes calling each other's helpers.

Per size, side by side in one run, each in a fresh process with a timeout:

- floor: ``ast.parse`` of the text;
- scan: ``dropsurgeon.capture.source.scan_source`` (parse, walk, sites);
- lint: ``dropsurgeon.linter.static.lint_text`` (the scan and every rule, as ``dropsurgeon
  lint --no-import`` runs on one file).

It prints lint seconds, the floor and their ratio; a linear lint keeps the ratio flat as the
size grows.  A size whose lint exceeds ``--timeout`` is reported as such, with no number.

    .venv/bin/python benchmarks/large_file.py                      # 0.5, 1, 2, 5 MB
    .venv/bin/python benchmarks/large_file.py --sizes 0.5 1 2 5 50 --markdown out.md
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date

UNIT = '''

def helper_{i}(x, p, training):
    return F.dropout(x, p=p, training=training)


def noisy_{i}(x):
    return F.dropout(x, 0.1)


def relay_{i}(x):
    return noisy_{i}(x) + 1


class Block{i}(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(p)
        self.p = p

    def _attend(self, q, dropout_p):
        return F.scaled_dot_product_attention(q, q, q, dropout_p=dropout_p)

    def _drop(self, x, training=True):
        return F.dropout(x, 0.1, training)

    def forward(self, x):
        x = helper_{i}(x, self.p, self.training)
        x = relay_{i}(x)
        x = self._attend(x, self.p if self.training else 0.0)
        x = self._drop(x, training=self.training)
        if self.training:
            x = x * (torch.rand_like(x) > 0.5).float() * 2.0
        return self.drop(self.fc(x))
'''
HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"

# The child imports everything and lints a tiny file first, so that only the big file's
# parse, scan or lint is timed (not imports, nor the rules' first-use set-up).
CHILD = r"""
import ast, sys, time
from dropsurgeon.capture.source import scan_source
from dropsurgeon.linter.config import Config
from dropsurgeon.linter.static import lint_text
lint_text("import torch.nn.functional as F\ndef f(x):\n    return F.dropout(x)\n", "w.py")
path, what = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
t0 = time.perf_counter()
if what == "floor":
    ast.parse(text)
    n = 0
elif what == "scan":
    n = len(scan_source(text, path).sites)
else:
    findings, _, error = lint_text(text, path, Config())
    assert error is None, error
    n = len(findings)
print(time.perf_counter() - t0, n)
"""


def generate(megabytes: float) -> str:
    target = int(megabytes * 1_000_000)
    parts = [HEADER]
    size, i = len(HEADER), 0
    while size < target:
        unit = UNIT.format(i=i)
        parts.append(unit)
        size += len(unit)
        i += 1
    return "".join(parts)


def timed(path: str, what: str, timeout: float, tree: str | None = None
          ) -> tuple[float, int] | None:
    """Seconds and count of one measurement in a fresh process (None: timed out).
    ``tree``: run it with the dropsurgeon package of that source tree instead."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.path.abspath(tree)
    try:
        out = subprocess.run([sys.executable, "-c", CHILD, path, what], capture_output=True,
                             text=True, timeout=timeout, check=True, env=env,
                             cwd=tree or None)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{what} of {path} failed:\n{exc.stderr}") from None
    seconds, n = out.stdout.split()[-2:]
    return float(seconds), int(n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2, 5],
                    help="file sizes in MB (default 0.5 1 2 5)")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds one lint may take before it is reported as timed out")
    ap.add_argument("--markdown", help="also write the table to this file")
    ap.add_argument("--baseline", metavar="TREE",
                    help="also time the lint of an earlier source tree (e.g. `git archive "
                         "COMMIT | tar -x -C TREE`), side by side")
    ap.add_argument("--baseline-upto", type=float, default=None, metavar="MB",
                    help="time the baseline only on files up to this size (a quadratic one "
                         "takes minutes beyond)")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            path = os.path.join(tmp, f"generated_{mb:g}mb.py")
            text = generate(mb)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            floor = timed(path, "floor", args.timeout)
            scan = timed(path, "scan", args.timeout)
            lint = timed(path, "lint", args.timeout)
            lines = text.count("\n")
            cells = [f"{mb:g}", str(lines)]
            cells.append("timed out" if floor is None else f"{floor[0]:.2f}")
            for result in (scan, lint):
                if result is None:
                    cells += [f"> {args.timeout:g} (timed out)", "-"]
                elif floor is None:
                    cells += [f"{result[0]:.2f}", "-"]
                else:
                    cells += [f"{result[0]:.2f}", f"{result[0] / floor[0]:.1f}"]
            cells.append("-" if lint is None else str(lint[1]))
            if args.baseline and args.baseline_upto is not None and mb > args.baseline_upto:
                cells += ["not run", "-"]
            elif args.baseline:
                base = timed(path, "lint", args.timeout, args.baseline)
                if base is None:
                    cells += [f"> {args.timeout:g} (timed out)", "-"]
                else:
                    cells += [f"{base[0]:.2f}",
                              "-" if lint is None else f"{base[0] / lint[0]:.1f}"]
            row = "| " + " | ".join(cells) + " |"
            print(row, flush=True)
            rows.append(row)
    head = [
        "# Static lint of one large generated file",
        "",
        f"Generated by `python benchmarks/large_file.py {' '.join(argv or sys.argv[1:])}` "
        f"({date.today()}, Python "
        f"{platform.python_version()}, one process per measurement; the machine was shared "
        "with other jobs at the time, so absolute seconds are noisy; the ratio to the parse "
        "floor, measured side by side, is the number to read: flat means linear).",
        "",
        "| MB | lines | ast.parse s (floor) | scan s | scan / floor | lint s | lint / floor "
        "| findings |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if args.baseline:
        head[-2] += " baseline lint s | baseline / lint |"
        head[-1] += "---|---|"
        head.insert(3, "")
        head.insert(4, f"Baseline: the lint of the source tree `{args.baseline}`, timed in the "
                       "same run on the same files.")
    table = "\n".join(head + rows) + "\n"
    if args.markdown:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from dropsurgeon.atomic import write_text

        write_text(args.markdown, table)
    return 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    rc = main()
    print(f"total {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    sys.exit(rc)
