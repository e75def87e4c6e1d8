"""Lint precision on whole repositories: lint a corpus, list every finding, score the triage.

Each repository of the corpus is linted as a user would lint it, with the CLI in a fresh
process (``dropsurgeon lint DIR --format json``: the static scan, nothing imported).  Every
finding is written to a list with the source line it points at, for a person to read one by
one.  Verdicts go in a JSON file (``--verdicts``): a list of objects

    {"repo": "timm", "path": "layers/drop.py", "code": "DS106", "text": "<stripped line>",
     "verdict": "true" | "false" | "deliberate", "why": "one line"}

matched to findings by repository, path (relative to the repository root), code and the
stripped text of the reported line (robust to lines moving).  ``deliberate`` is dropout the
code keeps on at inference on purpose and says so.  With verdicts the script prints the
table: findings, true, false, deliberate, untriaged and precision = true / (true + false)
over warnings and errors (info findings are listed, not scored).

    .venv/bin/python benchmarks/precision.py --corpus /tmp/corpus/src --installed \\
        --list /tmp/findings.md --verdicts benchmarks/results/precision_verdicts.json

``--corpus DIR``: every subdirectory of DIR is one repository (``pip download --no-deps``
then unpack, see ``benchmarks/results/precision.md``).  ``--installed``: also the installed
transformers, timm and torchvision trees.  ``--repo NAME=PATH`` adds one more.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

BIN = Path(sys.executable).parent
INSTALLED = ("transformers", "timm", "torchvision")
SCORED = ("error", "warning")


def installed_tree(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def lint_repo(root: Path) -> tuple[list[dict], list[str]]:
    """(findings, errors) of ``dropsurgeon lint ROOT --format json`` in a fresh process."""
    exe = BIN / "dropsurgeon"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "dropsurgeon.cli.app"]
    proc = subprocess.run([*cmd, "lint", str(root), "--format", "json", "--no-cache"],
                          capture_output=True,
                          text=True)
    if proc.returncode not in (0, 1):
        return [], [f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"]
    data = json.loads(proc.stdout)
    return data["findings"], data["summary"].get("errors", [])


def line_text(path: Path, line: int | None) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        return lines[line - 1].strip() if line else ""
    except (OSError, IndexError):
        return ""


def collect(repos: dict[str, Path]) -> list[dict]:
    rows = []
    for name, root in repos.items():
        findings, errors = lint_repo(root)
        for err in errors:
            print(f"{name}: error: {err}", file=sys.stderr)
        for f in findings:
            full = Path(f["path"])
            try:
                rel = full.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                rel = f["path"]
            rows.append({"repo": name, "path": rel, "line": f["line"], "code": f["code"],
                         "severity": f["severity"], "message": f["message"],
                         "text": line_text(full, f["line"])})
        print(f"{name}: {len(findings)} findings", file=sys.stderr)
    return rows


def _key(d: dict) -> tuple[str, str, str, str]:
    return d["repo"], d["path"], d["code"], d["text"]


def score(rows: list[dict], verdicts: list[dict]) -> tuple[list[dict], list[dict]]:
    """Per-repository counts and the findings no verdict matched."""
    by_key = {_key(v): v for v in verdicts}
    table: dict[str, Counter] = {}
    untriaged = []
    for r in rows:
        c = table.setdefault(r["repo"], Counter())
        c["findings"] += 1
        if r["severity"] not in SCORED:
            c["info"] += 1
            continue
        v = by_key.get(_key(r))
        if v is None:
            c["untriaged"] += 1
            untriaged.append(r)
            continue
        r["verdict"], r["why"] = v["verdict"], v.get("why", "")
        c[v["verdict"]] += 1
    out = [{"repo": repo, **c} for repo, c in table.items()]
    return out, untriaged


def precision(t: int, f: int) -> str:
    return f"{100 * t / (t + f):.0f}%" if t + f else "-"


def table_markdown(table: list[dict]) -> str:
    head = ("| repo | findings | info | true | false | deliberate | untriaged | precision |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|\n")
    total: Counter = Counter()
    body = ""
    for row in sorted(table, key=lambda r: r["repo"]):
        total.update({k: v for k, v in row.items() if k != "repo"})
        t, f = row.get("true", 0), row.get("false", 0)
        body += (f"| {row['repo']} | {row.get('findings', 0)} | {row.get('info', 0)} | "
                 f"{t} | {f} | {row.get('deliberate', 0)} | "
                 f"{row.get('untriaged', 0)} | {precision(t, f)} |\n")
    body += (f"| **all** | {total['findings']} | {total['info']} | {total['true']} | "
             f"{total['false']} | {total['deliberate']} | {total['untriaged']} | "
             f"**{precision(total['true'], total['false'])}** |\n")
    return head + body


def list_markdown(rows: list[dict]) -> str:
    out = ["| repo | file:line | code | sev | verdict | line | why |",
           "|---|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: (r["repo"], r["path"], r["line"] or 0)):
        text = r["text"].replace("|", "\\|")[:90]
        why = r.get("why", "").replace("|", "\\|")
        out.append(f"| {r['repo']} | {r['path']}:{r['line']} | {r['code']} | {r['severity']} | "
                   f"{r.get('verdict', '?')} | `{text}` | {why} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", default=[], help="a folder of repositories")
    ap.add_argument("--repo", action="append", default=[], help="NAME=PATH, one repository")
    ap.add_argument("--installed", action="store_true", help="also transformers/timm/torchvision")
    ap.add_argument("--only", help="comma-separated repository names to run")
    ap.add_argument("--json", help="write every finding here (JSON)")
    ap.add_argument("--list", help="write the findings list here (markdown)")
    ap.add_argument("--verdicts", help="triage verdicts (JSON) to score the findings with")
    args = ap.parse_args(argv)

    repos: dict[str, Path] = {}
    for folder in args.corpus:
        for d in sorted(Path(folder).iterdir()):
            if d.is_dir():
                repos[d.name] = d
    for spec in args.repo:
        name, _, path = spec.partition("=")
        repos[name] = Path(path)
    if args.installed:
        for name in INSTALLED:
            tree = installed_tree(name)
            if tree is None:
                print(f"{name}: not installed", file=sys.stderr)
            else:
                repos[name] = tree
    if args.only:
        keep = set(args.only.split(","))
        repos = {k: v for k, v in repos.items() if k in keep}
    if not repos:
        ap.error("nothing to lint: pass --corpus, --repo or --installed")

    rows = collect(repos)
    if args.verdicts:
        verdicts = json.loads(Path(args.verdicts).read_text())
        table, untriaged = score(rows, verdicts)
        print(table_markdown(table))
        if untriaged:
            print(f"{len(untriaged)} finding(s) have no verdict yet:")
            print(list_markdown(untriaged))
    else:
        print(f"{len(rows)} findings; by code: {dict(Counter(r['code'] for r in rows))}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    if args.list:
        Path(args.list).write_text(list_markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
