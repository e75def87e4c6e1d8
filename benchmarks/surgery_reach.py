"""How much of a real model's dropout surgery reaches: ``set_rate`` and ``remove`` on zoos.

For each model (built without weights by ``zoo_lint.py``'s builders, tiny transformers
configs with every dropout rate at 0.1):

1. ``Plan().set_rate("dropout", 0.2)`` is applied with verification;
2. the runtime front-end lists the dropout sites that run in a train forward of the result
   (random draws such as LayerDrop's ``torch.rand`` are not counted: they carry no rate; a
   site still at p=0 is a literal zero in the code, no dropout): a site is *reached* when it
   runs at 0.2, *missed* otherwise;
3. ``Plan().remove()``: the sites still active in a train forward are counted.

Each row: sites that ran (after), sites reached, what was missed, notes (unreachable, with reasons),
whether eval outputs stayed bitwise equal, sites left active after remove, seconds.  Nothing
is timed against a threshold; the numbers are counts.

Usage::

    .venv/bin/python benchmarks/surgery_reach.py                      # transformers
    .venv/bin/python benchmarks/surgery_reach.py --zoo timm --limit 20 --markdown out.md
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import zoo_lint  # noqa: E402 - the builders live beside this script


@dataclass
class Row:
    model: str
    status: str = "ok"
    sites: int = 0
    reached: int = 0
    missed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    eval_equal: bool | None = None
    left_active: int = 0
    seconds: float = 0.0
    reason: str = ""


def _ran(model: Any, args: tuple, kwargs: dict) -> list[Any]:
    from dropsurgeon.capture.runtime import monitor

    inv = monitor(model, args, kwargs)
    return [s for s in inv.sites if s.kind != "random" and "train" in s.extra.get("calls", {})]


def _inputs(built: tuple) -> tuple[tuple, dict]:
    inputs = built[1]
    if len(inputs) == 1 and isinstance(inputs[0], dict):
        return (), dict(inputs[0])
    return tuple(inputs), {}


def run(case: Any) -> Row:
    from dropsurgeon.surgery import Plan

    row = Row(case.name)
    start = time.perf_counter()
    try:
        built = zoo_lint.BUILDERS[case.zoo](case)
        model, (args, kwargs) = built[0], _inputs(built)
        result = Plan().set_rate("dropout", 0.2).apply(model, args, kwargs)
        row.notes = list(result.notes)
        row.eval_equal = result.verification.outputs == "bitwise equal"
        # A site still at p=0 after set_rate is a literal zero in the code (CTRL and Falcon
        # pass dropout=0.0): no dropout, not counted.
        after = [s for s in _ran(result.model, args, kwargs) if s.p is None or s.p > 0]
        row.sites = len(after)
        row.reached = sum(1 for s in after if s.p is not None and abs(s.p - 0.2) < 1e-6)
        row.missed = [f"{s.module}:{s.op}(p={s.p})" for s in after
                      if s.p is None or abs(s.p - 0.2) >= 1e-6]
        removed = Plan().remove().apply(model, args, kwargs)
        row.left_active = sum(1 for s in _ran(removed.model, args, kwargs) if s.active_train)
    except Exception as exc:  # noqa: BLE001 - a row, never a crash
        row.status = "error"
        row.reason = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"
    row.seconds = time.perf_counter() - start
    return row


class _Timeout(BaseException):  # not an Exception: the user code it interrupts catches those
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zoo", default="transformers", choices=zoo_lint.ZOOS)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--only", default="", help="regex on model names")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per model")
    ap.add_argument("--markdown", help="write the table here")
    args = ap.parse_args(argv)
    os.environ.update(zoo_lint._OFFLINE_ENV)
    warnings.simplefilter("ignore")
    import torch

    torch.set_num_threads(1)
    cases = zoo_lint.ENUMERATORS[args.zoo]()
    if args.only:
        cases = [c for c in cases if re.search(args.only, c.name)]
    if args.limit:
        cases = cases[: args.limit]
    rows = []
    signal.signal(signal.SIGALRM, _alarm)
    for i, case in enumerate(cases, 1):
        signal.alarm(args.timeout)
        try:
            row = run(case)
        except _Timeout:
            row = Row(case.name, status="timeout", reason=f">{args.timeout}s")
        finally:
            signal.alarm(0)
        rows.append(row)
        print(f"[{i}/{len(cases)}] {row.model}: {row.status} sites={row.sites} "
              f"reached={row.reached} missed={len(row.missed)} notes={len(row.notes)} "
              f"eval_equal={row.eval_equal} left_active={row.left_active} "
              f"{row.seconds:.1f}s {row.reason}", flush=True)
    text = markdown(rows, args)
    print()
    print(text)
    if args.markdown:
        from dropsurgeon.atomic import write_text

        write_text(args.markdown, text)
    return 0


def markdown(rows: list[Row], args: Any) -> str:
    ok = [r for r in rows if r.status == "ok"]
    full = [r for r in ok if not r.missed and r.sites]
    none_left = [r for r in ok if r.left_active == 0]
    lines = [
        f"# Surgery reach: {args.zoo}",
        "",
        f"`benchmarks/surgery_reach.py --zoo {args.zoo}`: {len(rows)} models, {len(ok)} ran; "
        f"every site that ran in train reached by `set_rate(\"dropout\", 0.2)`: "
        f"{len(full)}/{len([r for r in ok if r.sites])} models with sites "
        f"({sum(r.reached for r in ok)}/{sum(r.sites for r in ok)} sites); "
        f"no site left active by `remove()`: {len(none_left)}/{len(ok)}; "
        f"eval outputs bitwise equal: {sum(1 for r in ok if r.eval_equal)}/{len(ok)}.",
        "",
        "| model | status | sites (train) | reached at 0.2 | missed | unreachable notes "
        "| eval equal | active after remove | s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        missed = "; ".join(r.missed[:3]) + (" ..." if len(r.missed) > 3 else "")
        notes = "; ".join(n[:100] for n in r.notes[:2]) + (" ..." if len(r.notes) > 2 else "")
        lines.append(f"| {r.model} | {r.status} {r.reason[:80]} | {r.sites} | {r.reached} | "
                     f"{missed or '-'} | {notes.replace('|', '/') or '-'} | {r.eval_equal} | "
                     f"{r.left_active} | {r.seconds:.1f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
