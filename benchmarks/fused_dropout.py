"""Fused dropout on a GPU: bandwidth, speed-ups and memory of dropsurgeon.fused vs PyTorch.

What it runs, side by side in one process, for each op, size, dtype and direction:

* ``eager``: the PyTorch code the fused op replaces (e.g. ``r + F.dropout(x + b, p)``);
* ``compile``: ``torch.compile`` (Inductor) of that same eager code;
* ``fused``: ``dropsurgeon.fused`` (the Triton kernels on CUDA).

Ops: ``bias_dropout_add`` (``r + dropout(x + b)``, the issue's target), ``dropout`` and
``dropout_add_rms_norm`` (``h = r + dropout(x)``, ``RMSNorm(h)``, pre-norm: both returned),
over 1M-256M elements (rows of 4096), bf16 and fp32, forward and forward+backward.  Then one
training step (forward + backward) of a Llama-style block (RMSNorm, attention, SwiGLU MLP,
dropout on both residual branches; d=4096, bf16): eager vs ``dropsurgeon.fuse`` of it, and
``torch.compile`` of it with and without ``dropsurgeon.fused_backend()``.

Measures:

* time: median of ``--iters`` CUDA-event timings, L2 flushed (256 MiB written) before each;
* GB/s: the op's *minimal* HBM bytes (what a perfect single kernel must move: inputs read once,
  outputs written once, nothing saved) divided by the time -- the same bytes for every
  implementation, so GB/s ratios are speed ratios and % of peak says how close an
  implementation gets to the bandwidth limit (``--peak-gbps``, default 4800 = H200);
* speed-up of ``fused`` over ``eager`` and over ``compile``;
* peak memory: ``max_memory_allocated`` during one step above what was allocated before it;
* saved for backward: bytes autograd keeps between forward and backward
  (``saved_tensors_hooks``, tensors that are not the op's own inputs) -- eager dropout keeps a
  1-byte mask per element, the fused op its 16-byte rng.

Writes ``benchmarks/results/fused_dropout.md`` (environment, table) and ``fused_dropout.png``
(GB/s vs size; needs matplotlib, the ``[plot]`` extra).  Needs CUDA: without a GPU it says so
and exits 0 without numbers.  ``--cpu-smoke`` runs every code path at tiny sizes on the CPU
(the PyTorch reference, or the Triton interpreter with ``TRITON_INTERPRET=1``) to check the
script itself; its table is marked SMOKE, has no bandwidth columns and goes to a temporary
directory unless ``--out`` is given.

    .venv/bin/python benchmarks/fused_dropout.py                      # the full run (GPU)
    .venv/bin/python benchmarks/fused_dropout.py --sizes 64M --dtypes bf16 --no-llama
    .venv/bin/python benchmarks/fused_dropout.py --cpu-smoke          # anywhere

Where one command may run only minutes, split it (torch.compile's ~60 compilations of the op
sweep dominate): ``--no-llama`` for the ops, then ``--no-ops --name fused_dropout_llama``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROW = 4096  # elements per row: the hidden size of the bias / norm
OPS = ("bias_dropout_add", "dropout", "dropout_add_rms_norm")
IMPLS = ("eager", "compile", "fused")


def _parse_size(text: str) -> int:
    text = text.strip().upper()
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    return int(float(text.rstrip("KMG")) * scale)


@dataclass
class Row:
    op: str
    numel: int
    dtype: str
    direction: str  # "fwd" or "fwd+bwd"
    ms: dict[str, float] = field(default_factory=dict)
    peak_mib: dict[str, float] = field(default_factory=dict)
    saved_bytes: dict[str, float] = field(default_factory=dict)
    ideal_bytes: float = 0.0
    missing: dict[str, str] = field(default_factory=dict)  # impl -> why it did not run


# --- the code under test --------------------------------------------------------------------

def eager_fn(op: str, p: float):
    import torch.nn.functional as F

    if op == "bias_dropout_add":
        return lambda x, b, r, w: r + F.dropout(x + b, p, True)
    if op == "dropout":
        return lambda x, b, r, w: F.dropout(x, p, True)

    def rms(x, b, r, w):
        h = r + F.dropout(x, p, True)
        return F.rms_norm(h, (h.shape[-1],), w, 1e-6), h

    return rms


def fused_fn(op: str, p: float):
    from dropsurgeon import fused

    if op == "bias_dropout_add":
        return lambda x, b, r, w: fused.bias_dropout_add(x, b, r, p)
    if op == "dropout":
        return lambda x, b, r, w: fused.dropout(x, p)
    return lambda x, b, r, w: fused.dropout_add_rms_norm(x, r, w, p, 1e-6,
                                                          return_residual=True)


def ideal_bytes(op: str, numel: int, size: int, backward: bool) -> float:
    """Minimal HBM traffic: every input read once, every output written once."""
    rows = numel // ROW
    if op == "bias_dropout_add":  # x, r in; out; (bwd: grad in, grad_x out, grad_b reduced)
        fwd, bwd = 3 * size * numel, 2 * size * numel
    elif op == "dropout":
        fwd, bwd = 2 * size * numel, 2 * size * numel
    else:  # x, r in; out, h out; bwd: dy, dh, h in; dx, dres out
        fwd, bwd = 4 * size * numel + 4 * rows, 5 * size * numel + 4 * rows
    return float(fwd + (bwd if backward else 0))


# --- timing ---------------------------------------------------------------------------------

class Timer:
    def __init__(self, device: str, iters: int, warmup: int) -> None:
        import torch

        self.device, self.iters, self.warmup = device, iters, warmup
        self.flush = (torch.empty(256 << 20, dtype=torch.uint8, device=device)
                      if device == "cuda" else None)

    def __call__(self, step) -> float:
        """Median milliseconds of ``step()``."""
        import torch

        for _ in range(self.warmup):
            step()
        times = []
        for _ in range(self.iters):
            if self.device == "cuda":
                self.flush.zero_()
                start = torch.cuda.Event(enable_timing=True)
                end = torch.cuda.Event(enable_timing=True)
                start.record()
                step()
                end.record()
                torch.cuda.synchronize()
                times.append(start.elapsed_time(end))
            else:
                t0 = time.perf_counter()
                step()
                times.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(times)


def peak_mib(device: str, step) -> float:
    import torch

    if device != "cuda":
        return float("nan")
    torch.cuda.synchronize()
    before = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    step()
    torch.cuda.synchronize()
    return (torch.cuda.max_memory_allocated() - before) / 2**20


def saved_bytes(fn, args) -> float:
    """Bytes autograd saves for backward that are not the call's own inputs."""
    import torch

    own = {t.data_ptr() for t in args if isinstance(t, torch.Tensor)}
    total = [0]

    def pack(t):
        if t.data_ptr() not in own:
            total[0] += t.numel() * t.element_size()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = fn(*args)
    del out
    return float(total[0])


def _outputs(out) -> list:
    return list(out) if isinstance(out, tuple) else [out]


def make_step(fn, args, backward: bool):
    import torch

    if not backward:
        def fwd():
            with torch.no_grad():
                fn(*args)
        return fwd
    # Output gradients made once, outside the timed step (their writes are no op's cost).
    grads = [torch.randn_like(o) for o in _outputs(fn(*args))]

    def fwd_bwd():
        torch.autograd.backward(_outputs(fn(*args)), grads)
        for t in args:
            if isinstance(t, torch.Tensor):
                t.grad = None
    return fwd_bwd


def bench_ops(args: argparse.Namespace, device: str) -> list[Row]:
    import torch
    import torch._dynamo

    # One compiled function per op sees every size, dtype and grad mode: without a higher
    # limit dynamo would stop recompiling and silently run the eager code as "compile".
    for name in ("recompile_limit", "cache_size_limit"):
        if hasattr(torch._dynamo.config, name):
            setattr(torch._dynamo.config, name, 1024)
    timer = Timer(device, args.iters, args.warmup)
    rows: list[Row] = []
    compiled: dict[str, Any] = {}
    for op in args.ops:
        for dname in args.dtypes:
            dtype = {"bf16": torch.bfloat16, "fp32": torch.float32, "fp16": torch.float16}[dname]
            for numel in args.sizes:
                numel = max(ROW, numel // ROW * ROW)
                gen = torch.Generator(device=device).manual_seed(0)
                x = torch.randn(numel // ROW, ROW, device=device, dtype=dtype, generator=gen)
                r = torch.randn_like(x)
                b = torch.randn(ROW, device=device, dtype=dtype, generator=gen)
                w = torch.randn(ROW, device=device, dtype=dtype, generator=gen)
                for backward in (False, True):
                    row = Row(op, numel, dname, "fwd+bwd" if backward else "fwd",
                              ideal_bytes=ideal_bytes(op, numel, x.element_size(), backward))
                    tensors = [t.detach().requires_grad_(backward) for t in (x, b, r, w)]
                    for impl in IMPLS:
                        if impl == "compile" and args.no_compile:
                            row.missing[impl] = "--no-compile"
                            continue
                        fn = _impl(impl, op, args.p, compiled, row)
                        if fn is None:
                            continue
                        try:
                            step = make_step(fn, tensors, backward)
                            row.ms[impl] = timer(step)
                            row.peak_mib[impl] = peak_mib(device, step)
                            if backward:
                                row.saved_bytes[impl] = saved_bytes(fn, tensors)
                            elif impl == "fused" and not _fresh_masks(fn, tensors):
                                row.missing["check"] = "fused masks REPEAT across calls"
                        except Exception as exc:  # noqa: BLE001 - report, never a number
                            row.missing[impl] = f"{type(exc).__name__}: {str(exc)[:80]}"
                    rows.append(row)
                    print(_line(row, args), flush=True)
                del x, r, b, w
                if device == "cuda":
                    torch.cuda.empty_cache()
    return rows


def _fresh_masks(fn, tensors) -> bool:
    """Two calls draw different masks (a frozen seed would be fast and wrong)."""
    import torch

    with torch.no_grad():
        a, b = _outputs(fn(*tensors))[0], _outputs(fn(*tensors))[0]
    return not torch.equal(a, b)


def _impl(impl: str, op: str, p: float, compiled: dict[str, Any], row: Row):
    if impl == "eager":
        return eager_fn(op, p)
    if impl == "fused":
        return fused_fn(op, p)
    if op not in compiled:
        import torch

        try:
            compiled[op] = torch.compile(eager_fn(op, p), dynamic=False)
        except Exception as exc:  # noqa: BLE001 - no compiler here: say so
            compiled[op] = None
            row.missing["compile"] = f"torch.compile unavailable: {exc}"
    return compiled[op]


# --- the Llama-style block ------------------------------------------------------------------

def llama_block(d: int, ff: int, heads: int, p: float):
    import torch.nn as nn
    import torch.nn.functional as F

    class Block(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attn_norm = nn.RMSNorm(d, eps=1e-6)
            self.qkv = nn.Linear(d, 3 * d, bias=False)
            self.o = nn.Linear(d, d, bias=False)
            self.mlp_norm = nn.RMSNorm(d, eps=1e-6)
            self.gate_up = nn.Linear(d, 2 * ff, bias=False)
            self.down = nn.Linear(ff, d, bias=False)
            self.drop1 = nn.Dropout(p)
            self.drop2 = nn.Dropout(p)
            self.out_norm = nn.RMSNorm(d, eps=1e-6)

        def forward(self, x):
            b, s, _ = x.shape
            q, k, v = self.qkv(self.attn_norm(x)).view(b, s, 3, heads, d // heads).unbind(2)
            a = F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2),
                                               v.transpose(1, 2), is_causal=True)
            x = x + self.drop1(self.o(a.transpose(1, 2).reshape(b, s, d)))
            g, u = self.gate_up(self.mlp_norm(x)).chunk(2, dim=-1)
            x = x + self.drop2(self.down(F.silu(g) * u))
            return self.out_norm(x)

    return Block()


def bench_llama(args: argparse.Namespace, device: str) -> list[tuple[str, float, float, str]]:
    """[(variant, ms per step, peak MiB, note)] of one forward+backward step."""
    import torch
    import torch._dynamo

    import dropsurgeon

    d, ff, heads = args.llama_dim, args.llama_ff, args.llama_heads
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    torch.manual_seed(0)
    block = llama_block(d, ff, heads, args.p).to(device=device, dtype=dtype).train()
    x = torch.randn(args.llama_batch, args.llama_seq, d, device=device, dtype=dtype,
                    requires_grad=True)
    fused_block = dropsurgeon.fuse(block, (x.detach(),))
    note_fused = f"{fused_block.fuse_report.fused} sites fused by dropsurgeon.fuse"
    variants: list[tuple[str, Any, str]] = [("eager", block, ""),
                                            ("dropsurgeon.fuse", fused_block, note_fused)]
    if not args.no_compile:
        backend = dropsurgeon.fused_backend()
        variants.append(("torch.compile", torch.compile(block), "Inductor"))
        variants.append(("torch.compile + fused_backend", torch.compile(block, backend=backend),
                         "fused_backend, then Inductor"))
    timer = Timer(device, max(3, args.iters // 4), max(2, args.warmup // 2))
    results = []
    for name, module, note in variants:
        if name.startswith("torch.compile"):
            # Both compiled variants wrap the same forward: a fresh cache makes sure the
            # second one is compiled with its own backend, not served the first one's code.
            torch._dynamo.reset()

        def step(module=module):
            out = module(x)
            out.float().pow(2).mean().backward()
            x.grad = None
            for prm in block.parameters():
                prm.grad = None
        try:
            ms = timer(step)
            results.append((name, ms, peak_mib(device, step), note))
        except Exception as exc:  # noqa: BLE001 - report, never a number
            results.append((name, float("nan"), float("nan"),
                            f"did not run: {type(exc).__name__}: {str(exc)[:80]}"))
        if name == "torch.compile + fused_backend" and not results[-1][3].startswith("did"):
            results[-1] = (*results[-1][:3], f"{backend.report.fused} sites fused, then Inductor")
        if name != "eager" and not results[-1][3].startswith("did"):
            # A fused variant whose masks repeat step after step would be fast and wrong.
            with torch.no_grad():
                fresh = not torch.equal(module(x), module(x))
            results[-1] = (*results[-1][:3], results[-1][3]
                           + ("; masks differ per step" if fresh else "; MASKS REPEAT"))
        took = results[-1][1]
        shown = "ran (smoke)" if args.cpu_smoke and took == took else _ms(took)
        print(f"llama block  {name:<30} {shown}  {results[-1][3]}", flush=True)
    return results


# --- output ---------------------------------------------------------------------------------

def _ms(v: float) -> str:
    return "n/a" if v != v else f"{v:8.3f} ms"


def _count(n: int) -> str:
    return f"{n / 2**20:g}M" if n >= 2**20 else f"{n / 2**10:g}K"


def _line(row: Row, args: argparse.Namespace) -> str:
    parts = [f"{row.op:<22} {_count(row.numel):>6} {row.dtype:<4} {row.direction:<7}"]
    for impl in IMPLS:
        if impl in row.ms and args.cpu_smoke:
            parts.append(f"{impl} ran (smoke)")
        elif impl in row.ms:
            gbs = row.ideal_bytes / row.ms[impl] / 1e6
            parts.append(f"{impl} {row.ms[impl]:.3f} ms {gbs:5.0f} GB/s")
        else:
            parts.append(f"{impl} missing ({row.missing.get(impl, '?')})")
    return " | ".join(parts)


def markdown(rows: list[Row], llama: list, args: argparse.Namespace, env: dict) -> str:
    smoke = args.cpu_smoke
    lines = ["# Fused dropout benchmark", ""]
    if smoke:
        lines += ["**SMOKE RUN on the CPU: checks that the script runs; the times below are "
                  "not measurements of anything and no bandwidth is reported.**", ""]
    lines += [f"- {k}: {v}" for k, v in env.items()]
    lines += [f"- p = {args.p}, rows of {ROW} elements, median of {args.iters} runs "
              "(L2 flushed before each)", ""]
    if not smoke:
        lines += ["GB/s = the op's minimal bytes (inputs read once, outputs written once) / "
                  "time, the same bytes for every implementation; % = of the peak "
                  f"{args.peak_gbps:g} GB/s.  Peak = memory allocated during one step above "
                  "what was allocated before it; saved = bytes kept for backward.", ""]
        head = ("| op | elements | dtype | pass | eager ms | compile ms | fused ms | fused GB/s "
                "| % peak | vs eager | vs compile | peak MiB eager / compile / fused "
                "| saved eager / fused |")
    else:
        head = "| op | elements | dtype | pass | eager | compile | fused |"
    if rows:
        lines += [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for row in rows:
        ms = [("ran" if smoke else f"{row.ms[i]:.3f}") if i in row.ms else "missing"
              for i in IMPLS]
        cells = [row.op, _count(row.numel), row.dtype, row.direction, *ms]
        if not smoke:
            f = row.ms.get("fused")
            gbs = row.ideal_bytes / f / 1e6 if f else None
            cells += [f"{gbs:.0f}" if gbs else "—",
                      f"{100 * gbs / args.peak_gbps:.0f}%" if gbs else "—",
                      _ratio(row, "eager"), _ratio(row, "compile"),
                      " / ".join(f"{row.peak_mib[i]:.0f}" if i in row.peak_mib else "—"
                                 for i in IMPLS),
                      " / ".join(_bytes(row.saved_bytes.get(i)) for i in ("eager", "fused"))
                      if row.direction == "fwd+bwd" else "—"]
        lines.append("| " + " | ".join(cells) + " |")
    missing = sorted({f"{i}: {why}" for r in rows for i, why in r.missing.items()})
    if missing:
        lines += ["", "Not run: " + "; ".join(missing)]
    if llama:
        lines += ["", f"## One training step of a Llama-style block (d={args.llama_dim}, "
                      f"ff={args.llama_ff}, batch {args.llama_batch} x {args.llama_seq}, "
                      f"p={args.p}, forward + backward)", "",
                  "| variant | ms / step | vs eager | peak MiB | note |", "|---|---|---|---|---|"]
        base = llama[0][1]
        for name, ms, mib, note in llama:
            ratio = f"{base / ms:.2f}x" if ms == ms and base == base and not smoke else "—"
            shown = ("ran" if ms == ms else "did not run") if smoke else _ms(ms).strip()
            lines.append(f"| {name} | {shown} | {ratio} | "
                         f"{'—' if mib != mib else f'{mib:.0f}'} | {note} |")
    return "\n".join(lines) + "\n"


def _ratio(row: Row, other: str) -> str:
    if "fused" in row.ms and other in row.ms:
        return f"{row.ms[other] / row.ms['fused']:.2f}x"
    return "—"


def _bytes(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v / 2**20:.1f} MiB" if v >= 2**20 else f"{v:.0f} B"


def plot(rows: list[Row], args: argparse.Namespace, path: Path) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed (pip install '.[plot]'): no PNG written"
    keys = sorted({(r.op, r.dtype, r.direction) for r in rows})
    fig, axes = plt.subplots(1, len(args.ops), figsize=(6 * len(args.ops), 4.5), squeeze=False)
    for ax, op in zip(axes[0], args.ops, strict=True):
        for key in [k for k in keys if k[0] == op]:
            sel = [r for r in rows if (r.op, r.dtype, r.direction) == key]
            for impl, style in (("eager", ":"), ("compile", "--"), ("fused", "-")):
                pts = [(r.numel, r.ideal_bytes / r.ms[impl] / 1e6) for r in sel if impl in r.ms]
                if pts:
                    ax.plot(*zip(*pts, strict=True), style, marker="o",
                            label=f"{impl} {key[1]} {key[2]}")
        ax.axhline(args.peak_gbps, color="grey", lw=0.8)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("elements")
        ax.set_ylabel("GB/s (minimal bytes / time)")
        ax.set_title(f"{op} (SMOKE: CPU, meaningless)" if args.cpu_smoke else op)
        ax.legend(fontsize=6)
    fig.tight_layout()
    from dropsurgeon.atomic import write_png

    write_png(path, fig, dpi=120)
    return f"wrote {path}"


def environment(device: str) -> dict:
    import torch

    env = {"torch": torch.__version__}
    try:
        import triton

        env["triton"] = triton.__version__
    except ImportError:
        env["triton"] = "not installed (the fused ops fall back to the reference)"
    env["device"] = torch.cuda.get_device_name() if device == "cuda" else "CPU"
    if os.environ.get("TRITON_INTERPRET") == "1":
        env["TRITON_INTERPRET"] = "1 (Triton interpreter)"
    return env


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1M,4M,16M,64M,256M",
                    help="element counts (rows of 4096), e.g. 1M,64M")
    ap.add_argument("--dtypes", default="bf16,fp32")
    ap.add_argument("--ops", default=",".join(OPS))
    ap.add_argument("--p", type=float, default=0.1)
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--peak-gbps", type=float, default=4800.0,
                    help="the GPU's peak memory bandwidth (H200: 4800)")
    ap.add_argument("--no-compile", action="store_true", help="skip torch.compile")
    ap.add_argument("--no-llama", action="store_true", help="skip the Llama-style block")
    ap.add_argument("--no-ops", action="store_true", help="only the Llama-style block")
    ap.add_argument("--name", default="fused_dropout",
                    help="file name (no suffix) of the .md and .png written")
    ap.add_argument("--llama-dim", type=int, default=4096)
    ap.add_argument("--llama-ff", type=int, default=11008)
    ap.add_argument("--llama-heads", type=int, default=32)
    ap.add_argument("--llama-batch", type=int, default=2)
    ap.add_argument("--llama-seq", type=int, default=2048)
    ap.add_argument("--out", default=None, help="directory for the .md and .png "
                    "(default benchmarks/results; a temporary one with --cpu-smoke)")
    ap.add_argument("--cpu-smoke", action="store_true",
                    help="tiny sizes on the CPU: checks the script, measures nothing")
    args = ap.parse_args(argv)
    args.ops = [o for o in args.ops.split(",") if o]
    bad = [o for o in args.ops if o not in OPS]
    if bad:
        ap.error(f"unknown op(s) {bad}; choose from {', '.join(OPS)}")
    args.dtypes = [d for d in args.dtypes.split(",") if d]

    import torch

    if args.cpu_smoke:
        device = "cpu"
        args.sizes = [ROW * 4, ROW * 16]
        args.iters, args.warmup = 2, 1
        args.llama_dim, args.llama_ff, args.llama_heads = 64, 128, 4
        args.llama_batch, args.llama_seq = 2, 16
        out_dir = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="fused_smoke_"))
        print("SMOKE RUN on the CPU: the times printed are not measurements.", flush=True)
    else:
        if not torch.cuda.is_available():
            print("CUDA is not available: this benchmark measures GPU memory bandwidth and "
                  "prints nothing without a GPU.  Run it on a CUDA machine, or use --cpu-smoke "
                  "to check that the script runs.")
            return 0
        device = "cuda"
        args.sizes = [_parse_size(s) for s in args.sizes.split(",") if s]
        out_dir = Path(args.out) if args.out else ROOT / "benchmarks" / "results"
    env = environment(device)
    print("  ".join(f"{k}: {v}" for k, v in env.items()), flush=True)
    rows = [] if args.no_ops else bench_ops(args, device)
    llama = [] if args.no_llama else bench_llama(args, device)
    out_dir.mkdir(parents=True, exist_ok=True)
    from dropsurgeon.atomic import write_text

    md = out_dir / f"{args.name}.md"
    write_text(md, markdown(rows, llama, args, env))
    print(f"wrote {md}")
    if rows:
        print(plot(rows, args, out_dir / f"{args.name}.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
