"""Fused dropout on a real GPU: ceilings, correctness, kernel timings, one training step.

One prepared run for a short GPU lease (issue 20).  Sections, in this order, each written to
``--out`` (``fused_gpu.json``, ``fused_gpu.md``, ``fused_gpu.png``) as soon as it ends, so a run
cut short keeps what it measured:

1. **ceilings**: device-to-device copy bandwidth (``dst.copy_(src)``, bytes read + written) and
   a 2-read/1-write ``torch.add(a, b, out=c)``, median of CUDA-event timings;
2. **correctness**, before any timing: the Triton masks against the CPU reference
   (``fused.keep_mask``) for several seeds and offsets (past 2**32), odd sizes, through every
   kernel (forward, norm forward on aligned and unaligned rows, both backward kernels), one
   tensor past 2**31 elements; forward and backward of the four ops in fp32/bf16/fp16 against
   an fp64 formula built from the same mask (relative error ``|a - ref| / |ref|``); outputs are
   poisoned with NaN before each run (freed NaN blocks the caching allocator hands out again;
   how many outputs landed in one is recorded) and every input is fresh random data;
3. **op timing**: ``bias_dropout_add``, ``dropout_add_layer_norm``, ``dropout_add_rms_norm``,
   forward and forward+backward, 16M/64M/256M elements (rows of 4096), bf16 and fp32: eager
   PyTorch, ``torch.compile`` of the same expression (``dynamic=False``; at 64M here, other
   sizes in section 6 as time allows) and the fused op.  GPU time: median of ``--iters`` CUDA
   event timings, L2 flushed and the GPU kept busy (``torch.cuda._sleep``) while the host
   enqueues each run, so host launch overhead is hidden alike for all three;
4. **probe**: the bias_dropout_add and RMSNorm forward kernels at 64M bf16 launched directly
   with other tile sizes / warp counts and without dropout (what Philox costs);
5. **end to end**: one training step (forward, loss, backward, AdamW) of a small GPT-2-like and
   a small Llama-like transformers model built from a config, bf16: eager, ``torch.compile``
   and ``torch.compile(backend=dropsurgeon.fused_backend())``; tokens/s and peak memory;
6. **more compile**: ``torch.compile`` at the other sizes/dtypes while time is left.

On demand (``--only``): ``big`` (the past-2**31 check alone), ``probe bwd`` (the backward
kernels and the LayerNorm forward at 64M with other launch shapes, each variant's output
compared with the shipped launch's) and ``shapes`` (the three ops through their public
functions under the first round's launch shapes and the shipped ones, side by side, each
variant's seeded output and gradients compared with the shipped launch's first).  ``--name``
sets the stem of the files written; ``--sizes`` (e.g. ``64M,256M``) keeps only those sizes.

A section that would run past ``--deadline-s`` is skipped and says so in the results.
``--cpu-smoke`` runs every code path on the CPU at tiny sizes (Triton's interpreter,
``TRITON_INTERPRET=1``; ``torch.compile`` with the ``aot_eager`` backend) to check the script;
its numbers measure nothing and its files say so.

    python3 benchmarks/fused_gpu.py --out /tmp/gpu --deadline-s 330     # on a CUDA machine
    python3 benchmarks/fused_gpu.py --out /tmp/gpu --name run2 --only ceilings,"probe bwd"
    python3 benchmarks/fused_gpu.py --out /tmp/gpu --name round2 --sizes 64M,256M \
        --only ceilings,correctness,timing,shapes,"more compile" --compile-reserve-s 30
    .venv/bin/python benchmarks/fused_gpu.py --cpu-smoke --out /tmp/smoke
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROW = 4096
OPS = ("bias_dropout_add", "dropout_add_layer_norm", "dropout_add_rms_norm")
IMPLS = ("eager", "compile", "fused")
M = 1 << 20
# (elements, dtype) in the order they are measured: the targets' configurations first.
CONFIGS = [(64 * M, "bf16"), (256 * M, "bf16"), (16 * M, "bf16"),
           (64 * M, "fp32"), (256 * M, "fp32"), (16 * M, "fp32")]
SMOKE_CONFIGS = [(1024, "bf16"), (4096, "bf16"), (1024, "fp32")]
# relative-error bounds against fp64 (METHOD.md: fp32 far under 1e-3, bf16 1e-3..1e-2)
TOL = {"fp32": 1e-5, "bf16": 1e-2, "fp16": 2e-3}
# The launch shapes shipped in the first round (run 1 of issue 20), as dropsurgeon.fused.kernels
# names them; the "shapes" section times them beside the shipped ones.
ROUND1_SHAPES = {"ELEMENTWISE_BLOCKS": 1024, "ELEMENTWISE_ELEMS": 32, "BIAS_BWD_BLOCKS": 256,
                 "BIAS_BWD_ELEMS": 16, "BIAS_BWD_PROGRAMS_PER_SM": 4,
                 "NORM_BWD_PROGRAMS_PER_SM": 4,
                 "NORM_BWD_ELEMS": {(False, 2): 16, (False, 4): 16, (True, 2): 16, (True, 4): 16}}


class Run:
    """The clock, the results so far, and writing them."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.t0 = time.monotonic()
        self.out = Path(args.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.res: dict[str, Any] = {"smoke": args.cpu_smoke, "env": {}, "ceilings": {},
                                    "masks": [], "values": [], "big": {}, "timing": {},
                                    "probe": [], "shapes": [], "e2e": [], "notes": [],
                                    "sections": {}}
        self.compiled: dict[str, Any] = {}  # op -> torch.compile of its eager code

    def left(self) -> float:
        return self.args.deadline_s - (time.monotonic() - self.t0)

    def note(self, text: str) -> None:
        print(f"NOTE: {text}", flush=True)
        self.res["notes"].append(text)

    def section(self, name: str, fn, need_s: float) -> None:
        if self.left() < need_s:
            self.note(f"section '{name}' skipped: {self.left():.0f} s left of the "
                      f"{self.args.deadline_s:g} s deadline, it needs about {need_s:g} s")
            return
        print(f"== {name} ({self.left():.0f} s left)", flush=True)
        t = time.monotonic()
        try:
            fn(self)
        except Exception as exc:  # noqa: BLE001 - keep the other sections and say what broke
            self.note(f"section '{name}' stopped by {type(exc).__name__}: {str(exc)[:300]}")
            traceback.print_exc()
        self.res["sections"][name] = round(time.monotonic() - t, 1)
        self.save()

    def save(self, with_plot: bool = True) -> None:
        from dropsurgeon.atomic import write_text

        res = dict(self.res)
        res["timing"] = list(self.res["timing"].values())
        stem = self.args.name
        write_text(self.out / f"{stem}.json", json.dumps(res, indent=1, default=str))
        write_text(self.out / f"{stem}.md", markdown(self))
        if self.res["timing"] and with_plot:
            try:
                plot(self, self.out / f"{self.args.name}.png")
            except Exception as exc:  # noqa: BLE001 - the tables matter more than the picture
                print(f"plot failed: {exc}", flush=True)


# --- timing -----------------------------------------------------------------------------------

def dtype_of(name: str):
    import torch

    return {"bf16": torch.bfloat16, "fp32": torch.float32, "fp16": torch.float16,
            "fp64": torch.float64}[name]


class Timer:
    """Median GPU milliseconds of ``step()`` over ``iters`` runs (CPU: wall clock)."""

    def __init__(self, cuda: bool, iters: int, warmup: int, hide_host: bool = True) -> None:
        import torch

        self.cuda, self.iters, self.warmup = cuda, iters, warmup
        self.flush = (torch.empty(256 << 20, dtype=torch.uint8, device="cuda")
                      if cuda and hide_host else None)
        self.sleep = getattr(torch.cuda, "_sleep", None) if cuda and hide_host else None

    def __call__(self, step, iters: int | None = None) -> dict[str, float]:
        import torch

        for _ in range(self.warmup):
            step()
        times = []
        for _ in range(iters or self.iters):
            if self.cuda:
                if self.flush is not None:
                    self.flush.zero_()  # L2 holds none of the inputs
                if self.sleep is not None:
                    self.sleep(1 << 21)  # ~1 ms of GPU work: the host enqueues ahead of it
                start = torch.cuda.Event(enable_timing=True)
                end = torch.cuda.Event(enable_timing=True)
                start.record()
                step()
                end.record()
                end.synchronize()
                times.append(start.elapsed_time(end))
            else:
                t0 = time.perf_counter()
                step()
                times.append((time.perf_counter() - t0) * 1e3)
        times.sort()
        return {"ms": statistics.median(times), "min": times[0],
                "p25": times[len(times) // 4], "p75": times[(3 * len(times)) // 4]}


def peak_bytes(cuda: bool, step) -> float:
    """Memory allocated during one step above what was allocated before it."""
    import torch

    if not cuda:
        return float("nan")
    torch.cuda.synchronize()
    before = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    step()
    torch.cuda.synchronize()
    return float(torch.cuda.max_memory_allocated() - before)


# --- 1. ceilings ------------------------------------------------------------------------------

def sec_ceilings(run: Run) -> None:
    import torch

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    timer = Timer(cuda, 30 if cuda else 3, 3 if cuda else 1)
    rows = []
    for nbytes in ([256 << 20, 1 << 30, 4 << 30] if cuda else [4 << 20]):
        src = torch.empty(nbytes // 4, dtype=torch.float32, device=dev).uniform_(-1, 1)
        dst = torch.empty_like(src)
        t = timer(lambda src=src, dst=dst: dst.copy_(src))
        rows.append({"kind": "copy", "bytes_each": nbytes, "moved": 2 * nbytes, **t,
                     "GBps": 2 * nbytes / t["ms"] / 1e6})
        b = torch.empty_like(src).uniform_(-1, 1)
        t = timer(lambda src=src, dst=dst, b=b: torch.add(src, b, out=dst))
        rows.append({"kind": "add (2 reads, 1 write)", "bytes_each": nbytes, "moved": 3 * nbytes,
                     **t, "GBps": 3 * nbytes / t["ms"] / 1e6})
        del src, dst, b
        print(f"  {rows[-2]['kind']:<24} {nbytes >> 20:>6} MiB each: {rows[-2]['GBps']:.0f} GB/s; "
              f"add {rows[-1]['GBps']:.0f} GB/s", flush=True)
    run.res["ceilings"] = {"rows": rows,
                           "copy_GBps": max(r["GBps"] for r in rows if r["kind"] == "copy"),
                           "add_GBps": max(r["GBps"] for r in rows if r["kind"] != "copy")}
    if cuda:
        torch.cuda.empty_cache()


def copy_bw(run: Run) -> float:
    return run.res["ceilings"].get("copy_GBps", float("nan"))


# --- 2. correctness ---------------------------------------------------------------------------

def fresh(shape, dtype, dev, lo: float | None = None):
    """Random data: normal, or uniform in [lo, lo + 1) (never zero when lo >= 1)."""
    import torch

    if lo is None:
        return torch.randn(shape, dtype=torch.float32, device=dev).to(dtype)
    return torch.empty(shape, dtype=dtype, device=dev).uniform_(lo, lo + 1)


class Poison:
    """Fill freed blocks of the caching allocator with NaN bytes before a run, so that outputs
    allocated from them show every element nobody wrote.  ``hits`` counts outputs that did land
    in a poisoned block (the allocator decides; on the CPU none do)."""

    def __init__(self, cuda: bool, sizes: list[int]) -> None:
        import torch

        self.ranges: list[tuple[int, int]] = []
        if not cuda:
            return
        bufs = [torch.empty(n, dtype=torch.uint8, device="cuda").fill_(0xFF) for n in sizes]
        self.ranges = [(b.data_ptr(), b.data_ptr() + b.numel()) for b in bufs]
        del bufs

    def landed(self, t) -> bool:
        p = t.data_ptr()
        return any(lo <= p < hi for lo, hi in self.ranges)


def sec_correct(run: Run) -> None:
    check_masks(run)
    check_values(run)
    check_fresh(run)
    run.save()
    check_big(run)


def _mask_cases(smoke: bool):
    seeds = [(0, 0), (1, 1), (0xDEADBEEF, 12345), (2**64 - 1, 2**40), (2**63 + 5, 2**32 + 7),
             (987654321, 2**33 - 1)]
    sizes = [1, 2, 3, 5, 4097, 65537] + ([] if smoke else [1_000_003])
    ps = [0.1, 0.5, 0.9, 0.25, 0.01, 0.75]
    dts = ["fp32", "bf16", "fp16"]
    for i, (seed, off) in enumerate(seeds):
        for j, n in enumerate(sizes):
            yield seed, off, n, ps[(i + j) % len(ps)], dts[(i + j) % 3]


def check_masks(run: Run) -> None:
    """Triton masks == CPU keep_mask, through each kernel."""
    import torch

    from dropsurgeon import fused
    from dropsurgeon.fused import keep_mask, make_rng, reference

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    rows_out = run.res["masks"]

    def record(kernel, seed, off, n, p, dt, ok, poison=None, t=None, detail=""):
        row = {"kernel": kernel, "seed": seed, "offset": off, "numel": n, "p": p, "dtype": dt,
               "ok": bool(ok), "detail": detail}
        if poison is not None and t is not None:
            row["poisoned"] = poison.landed(t)
        rows_out.append(row)
        if not ok:
            print(f"  MASK MISMATCH {row}", flush=True)

    for seed, off, n, p, dt in _mask_cases(run.args.cpu_smoke):
        dtype = dtype_of(dt)
        want = keep_mask(seed, off, n, p)  # CPU reference
        # dropout kernel (= bias_dropout_add without bias/residual)
        x = fresh((n,), dtype, dev, lo=1.0)
        poison = Poison(cuda, [n * x.element_size()] * 2)
        y = fused.dropout(x, p, seed=seed, offset=off, backend="triton")
        ref = reference.dropout(x, make_rng(dev, seed, off), p)
        record("dropout fwd", seed, off, n, p, dt,
               torch.equal((y != 0).cpu(), want) and torch.equal(y, ref), poison, y)
        # bias_dropout_add kernel (bias over the row), bit-identical to the reference
        xb, b, r = fresh((1, n), dtype, dev), fresh((n,), dtype, dev), fresh((1, n), dtype, dev)
        y = fused.bias_dropout_add(xb, b, r, p, seed=seed, offset=off, backend="triton")
        ref = reference.bias_dropout_add(xb, b, r, make_rng(dev, seed, off), p)
        record("bias_dropout_add fwd (= reference)", seed, off, n, p, dt, torch.equal(y, ref))
    # norm forward (h = dropout(x)) on aligned and unaligned rows; both backward kernels
    shapes = [(3, 256), (7, 61), (5, 6)] if run.args.cpu_smoke else \
        [(33, 4096), (97, 1021), (255, 6), (64, 12288)]
    seeds = [(3, 2**32 + 1), (2**64 - 2, 5), (77, 2**45 + 3)]
    for k, (rows, cols) in enumerate(shapes):
        seed, off = seeds[k % len(seeds)]
        n, p, dt = rows * cols, [0.1, 0.5, 0.3][k % 3], ["bf16", "fp32", "fp16"][k % 3]
        dtype = dtype_of(dt)
        want = keep_mask(seed, off, n, p).view(rows, cols)
        x = fresh((rows, cols), dtype, dev, lo=1.0)
        for rms in (False, True):
            name = "rms" if rms else "layer"
            fn = fused.dropout_add_rms_norm if rms else fused.dropout_add_layer_norm
            extra = () if rms else (None,)
            poison = Poison(cuda, [n * x.element_size()] * 3)
            _, h = fn(x, None, None, *extra, p, return_residual=True, seed=seed, offset=off,
                      backend="triton")
            record(f"{name}_norm fwd (h)", seed, off, n, p, dt,
                   torch.equal((h != 0).cpu(), want), poison, h, f"rows of {cols}")
            # norm backward kernel: dx = dropout(dres)
            xg = x.detach().clone().requires_grad_()
            out, h = fn(xg, None, None, *extra, p, return_residual=True, seed=seed, offset=off,
                        backend="triton")
            dy, dh = fresh(out.shape, dtype, dev), fresh(out.shape, dtype, dev, lo=1.0)
            poison = Poison(cuda, [n * x.element_size()] * 3)
            (dx,) = torch.autograd.grad((out, h), (xg,), (dy, dh))
            # dres = dh + the norm's part: exactly zero only by chance; where it is not zero,
            # dx is zero exactly where the mask drops
            nz = (dx != 0).cpu()
            record(f"{name}_norm bwd (dx)", seed, off, n, p, dt,
                   torch.equal(nz & ~want, torch.zeros_like(nz)) and
                   (nz.sum().item() >= 0.999 * want.sum().item()) and
                   not torch.isnan(dx).any().item(), poison, dx, f"rows of {cols}")
        if cols % 4 == 0:  # bias backward kernel: gx = dropout(g), fused bias-gradient sums
            xg = fresh((rows, cols), dtype, dev).requires_grad_()
            bg = fresh((cols,), dtype, dev).requires_grad_()
            y = fused.bias_dropout_add(xg, bg, None, p, seed=seed, offset=off, backend="triton")
            g = fresh(y.shape, dtype, dev, lo=1.0)
            poison = Poison(cuda, [n * x.element_size()] * 2)
            gx, gb = torch.autograd.grad(y, (xg, bg), g)
            ga = torch.where(want.to(dev), g.double() / (1 - p), 0.0)
            gb_rel = ((gb.double() - ga.sum(0)).norm() / ga.sum(0).norm()).item()
            record("bias_dropout_add bwd (gx, gbias)", seed, off, n, p, dt,
                   torch.equal((gx != 0).cpu(), want) and gb_rel < TOL[dt], poison, gx,
                   f"gbias rel err {gb_rel:.1e}")
    bad = [m for m in rows_out if not m["ok"]]
    print(f"  masks: {len(rows_out) - len(bad)}/{len(rows_out)} checks bit-identical to the CPU "
          "reference", flush=True)


def fp64_formula(op: str, keep, p: float, ins: dict, eps: float):
    """The op written out in fp64 torch ops from the given keep mask (no dropsurgeon code)."""
    import torch.nn.functional as F

    scale = 1.0 / (1.0 - p)
    x = ins["x"]
    if op == "dropout":
        return (x * keep * scale,)
    if op == "bias_dropout_add":
        return (ins["r"] + (x + ins["b"]) * keep * scale,)
    h = ins["r"] + x * keep * scale
    n = h.shape[-1]
    if op == "dropout_add_layer_norm":
        return F.layer_norm(h, (n,), ins["w"], ins["nb"], eps), h
    return F.rms_norm(h, (n,), ins["w"], eps), h


def fused_call(op: str, p: float, ins: dict, eps: float, **kw):
    from dropsurgeon import fused

    if op == "dropout":
        return (fused.dropout(ins["x"], p, **kw),)
    if op == "bias_dropout_add":
        return (fused.bias_dropout_add(ins["x"], ins["b"], ins["r"], p, **kw),)
    if op == "dropout_add_layer_norm":
        return fused.dropout_add_layer_norm(ins["x"], ins["r"], ins["w"], ins["nb"], p, eps,
                                            return_residual=True, **kw)
    return fused.dropout_add_rms_norm(ins["x"], ins["r"], ins["w"], p, eps,
                                      return_residual=True, **kw)


def _inputs(op: str, rows: int, cols: int, dtype, dev) -> dict:
    names = {"dropout": ("x",), "bias_dropout_add": ("x", "b", "r"),
             "dropout_add_layer_norm": ("x", "r", "w", "nb"),
             "dropout_add_rms_norm": ("x", "r", "w")}[op]
    return {k: fresh((cols,) if k in ("b", "w", "nb") else (rows, cols), dtype, dev)
            for k in names}


def rel_err(a, ref) -> float:
    import torch

    a, ref = a.double(), ref.double()
    if torch.isnan(a).any():
        return float("nan")
    den = ref.norm().item()
    return (a - ref).norm().item() / (den if den > 0 else 1.0)


def check_values(run: Run) -> None:
    """Forward and backward of the four ops in fp32/bf16/fp16 against fp64."""
    import torch

    from dropsurgeon.fused import keep_mask

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    shapes = [(8, 256), (5, 61)] if run.args.cpu_smoke else [(256, 4096), (97, 1021)]
    gen = torch.Generator().manual_seed(2026)
    for op in ("dropout",) + OPS:
        for dt in ("fp32", "bf16", "fp16"):
            dtype = dtype_of(dt)
            for rows, cols in shapes:
                p = 0.1 if cols % 4 == 0 else 0.37
                eps = 1e-5 if "layer" in op else 1e-6
                seed = int(torch.randint(0, 2**62, (1,), generator=gen)) * 2 + 1
                off = int(torch.randint(0, 2**40, (1,), generator=gen)) + 2**32
                ins = {k: v.requires_grad_() for k, v in _inputs(op, rows, cols, dtype,
                                                                 dev).items()}
                keep = keep_mask(seed, off, rows * cols, p).view(rows, cols).to(dev)
                n_bytes = rows * cols * dtype.itemsize
                poison = Poison(cuda, [n_bytes] * 4 + [rows * 4] * 4)
                got = fused_call(op, p, ins, eps, seed=seed, offset=off, backend="triton")
                ins64 = {k: v.detach().double().requires_grad_() for k, v in ins.items()}
                ref = fp64_formula(op, keep.double(), p, ins64, eps)
                gouts = [fresh(o.shape, dtype, dev) for o in got]
                poison_b = Poison(cuda, [n_bytes] * 6)
                grads = torch.autograd.grad(got, list(ins.values()), gouts)
                refg = torch.autograd.grad(ref, list(ins64.values()), [g.double() for g in gouts])
                fwd = {f"out{i}": rel_err(a, b)
                       for i, (a, b) in enumerate(zip(got, ref, strict=True))}
                bwd = {f"d{k}": rel_err(a, b) for k, a, b in zip(ins, grads, refg, strict=True)}
                worst = max([*fwd.values(), *bwd.values()], key=lambda v: (v != v, v))
                ok = worst == worst and worst < TOL[dt]
                hits = sum(poison.landed(t) for t in got) + sum(
                    poison_b.landed(t) for t in grads if t.numel() == rows * cols)
                row = {"op": op, "dtype": dt, "shape": [rows, cols], "p": p, "seed": seed,
                       "offset": off, "fwd": fwd, "bwd": bwd, "worst": worst, "tol": TOL[dt],
                       "ok": ok, "poisoned_outputs": hits,
                       "outputs": len(got) + sum(t.numel() == rows * cols for t in grads)}
                run.res["values"].append(row)
                print(f"  {op:<24} {dt} {rows}x{cols}: worst rel err {worst:.2e} "
                      f"(tol {TOL[dt]:g}) {'ok' if ok else 'FAIL'}; "
                      f"{hits}/{row['outputs']} outputs in poisoned memory", flush=True)


def check_fresh(run: Run) -> None:
    """Two calls without a seed draw different masks; a seeded call repeats."""
    import torch

    from dropsurgeon import fused

    dev = "cpu" if run.args.cpu_smoke else "cuda"
    x = fresh((4096,), torch.float32, dev, lo=1.0)
    a, b = fused.dropout(x, 0.5), fused.dropout(x, 0.5)
    c, d = fused.dropout(x, 0.5, seed=4), fused.dropout(x, 0.5, seed=4)
    ok = not torch.equal(a, b) and torch.equal(c, d)
    run.res["masks"].append({"kernel": "fresh masks per call, seeded call repeats",
                             "ok": ok, "numel": 4096, "p": 0.5, "dtype": "fp32",
                             "seed": "drawn / 4", "offset": "-", "detail": ""})


def check_big(run: Run) -> None:
    """One tensor past 2**31 elements: whole mask vs the reference evaluated on the GPU, and
    slices around 2**31 and at the end vs the CPU reference."""
    import torch

    from dropsurgeon import fused
    from dropsurgeon.fused import keep_mask

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    n = (1 << 31) + 1031 if cuda else 20_011
    seed, off, p = 0x1234_5678_9ABC_DEF1, 2**33 + 5, 0.3
    if cuda:
        free, _ = torch.cuda.mem_get_info()
        if free < 4 * n * 2 + (8 << 30):
            run.res["big"] = {"ok": None, "note": f"skipped: {free / 2**30:.0f} GiB free"}
            return
    t = time.monotonic()
    chunk = 1 << 28 if cuda else 4096
    # torch's own uniform_ over the whole tensor, checked: does it fill past 2**31 elements?
    x = torch.zeros(n, dtype=torch.bfloat16, device=dev).uniform_(1.0, 2.0)
    torch_uniform_zeros = int((x == 0).sum())
    # the input used: filled chunk by chunk (each under 2**31 elements), all in [1, 2)
    for s in range(0, n, chunk):
        x[s:s + chunk].uniform_(1.0, 2.0)
    x_min = float(x.min())
    poison = Poison(cuda, [n * 2])
    y = fused.dropout(x, p, seed=seed, offset=off, backend="triton")
    landed = poison.landed(y) if cuda else False
    scale = 1.0 / (1.0 - p)
    mask_bad = value_bad = 0
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        keep = keep_mask(seed, off, e - s, p, dev, start=s)
        want = torch.where(keep, x[s:e].float() * scale, 0.0).to(torch.bfloat16)
        mask_bad += int(((y[s:e] != 0) != keep).sum())
        value_bad += int((y[s:e] != want).sum())  # NaN (unwritten) counts as different
        del keep, want
    slices = [(0, 4096), ((1 << 31) - 4096, n - (1 << 31) + 4096), (n - 5000, 5000)] if cuda else \
        [(0, 100), (n - 101, 101)]
    slice_bad = [int(((y[s:s + k] != 0).cpu() != keep_mask(seed, off, k, p, start=s)).sum())
                 for s, k in slices]
    ok_gpu = mask_bad == 0 and value_bad == 0 and x_min >= 1.0
    ok_cpu = not any(slice_bad)
    run.res["big"] = {"numel": n, "seed": seed, "offset": off, "p": p, "dtype": "bf16",
                      "input_min": x_min, "torch_uniform_whole_zeros": torch_uniform_zeros,
                      "mask_mismatches_vs_gpu_reference": mask_bad,
                      "value_mismatches_vs_gpu_reference": value_bad,
                      "ok_whole_vs_reference_on_gpu": ok_gpu, "ok_slices_vs_cpu": ok_cpu,
                      "slices": slices, "slice_mismatches_vs_cpu": slice_bad,
                      "poisoned": landed, "ok": ok_gpu and ok_cpu,
                      "seconds": round(time.monotonic() - t, 1)}
    print(f"  {n} elements (past 2**31): {run.res['big']}", flush=True)
    del x, y
    if cuda:
        torch.cuda.empty_cache()


# --- 3. op timing -----------------------------------------------------------------------------

def eager_fn(op: str, p: float):
    import torch.nn.functional as F

    if op == "bias_dropout_add":
        return lambda x, r, b, w, nb: r + F.dropout(x + b, p, True)
    if op == "dropout_add_layer_norm":
        def ln(x, r, b, w, nb):
            h = r + F.dropout(x, p, True)
            return F.layer_norm(h, (h.shape[-1],), w, nb, 1e-5), h
        return ln

    def rms(x, r, b, w, nb):
        h = r + F.dropout(x, p, True)
        return F.rms_norm(h, (h.shape[-1],), w, 1e-6), h
    return rms


def fused_fn(op: str, p: float):
    from dropsurgeon import fused

    if op == "bias_dropout_add":
        return lambda x, r, b, w, nb: fused.bias_dropout_add(x, b, r, p)
    if op == "dropout_add_layer_norm":
        return lambda x, r, b, w, nb: fused.dropout_add_layer_norm(
            x, r, w, nb, p, 1e-5, return_residual=True)
    return lambda x, r, b, w, nb: fused.dropout_add_rms_norm(x, r, w, p, 1e-6,
                                                             return_residual=True)


def model_bytes(op: str, numel: int, size: int, direction: str) -> float:
    """Fewest HBM bytes: inputs read once, outputs written once, nothing saved but what the op
    must return.  bias_dropout_add: x, r in, out; backward: grad in, grad_x out (grad_r is grad
    itself).  Norms: x, r in, out and h; backward dy, dh, h in, dx and dres out; row stats."""
    rows = numel // ROW
    if op == "bias_dropout_add":
        fwd, bwd = 3 * size * numel, 2 * size * numel
    else:
        stats = 8 if "layer" in op else 4
        fwd, bwd = 4 * size * numel + stats * rows, 5 * size * numel + stats * rows
    return float(fwd + (bwd if direction == "fwd+bwd" else 0))


def _outs(o) -> list:
    return list(o) if isinstance(o, tuple) else [o]


def make_step(fn, tensors: list, backward: bool):
    """One timed step, forward or forward+backward (benchmarks/fused_dropout.py's, shared)."""
    from benchmarks.fused_dropout import make_step as step

    return step(fn, tensors, backward)


def saved_bytes(fn, tensors: list) -> float:
    """Bytes autograd keeps for backward that are not the call's own inputs (the counter of
    benchmarks/fused_dropout.py, shared)."""
    from benchmarks.fused_dropout import saved_bytes as count

    return count(fn, tensors)


def _compiled(run: Run, op: str):
    import torch

    cache = run.compiled
    if op not in cache:
        cache[op] = torch.compile(eager_fn(op, run.args.p), dynamic=False,
                                  backend=run.args.compile_backend)
    return cache[op]


def time_configs(run: Run, configs, impls, reserve_s: float, ops=OPS) -> None:
    import torch

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    timer = Timer(cuda, run.args.iters, 3 if cuda else 1)
    table = run.res["timing"]
    for numel, dt in configs:
        dtype = dtype_of(dt)
        for op in ops:
            x = fresh((numel // ROW, ROW), dtype, dev)
            r = fresh(x.shape, dtype, dev)
            b, w, nb = (fresh((ROW,), dtype, dev) for _ in range(3))
            for direction in ("fwd", "fwd+bwd"):
                key = f"{op}|{numel}|{dt}|{direction}"
                row = table.setdefault(key, {
                    "op": op, "numel": numel, "dtype": dt, "direction": direction,
                    "bytes": model_bytes(op, numel, x.element_size(), direction),
                    "mask_bytes": numel, "ms": {}, "spread": {}, "peak": {}, "saved": {},
                    "compile_s": None, "missing": {}})
                backward = direction == "fwd+bwd"
                tensors = [t.detach().requires_grad_(backward) for t in (x, r, b, w, nb)]
                for impl in impls:
                    if impl == "compile" and run.left() < reserve_s:
                        row["missing"]["compile"] = "skipped: deadline"
                        continue
                    try:
                        if impl == "eager":
                            fn = eager_fn(op, run.args.p)
                        elif impl == "fused":
                            fn = fused_fn(op, run.args.p)
                        else:
                            fn = _compiled(run, op)
                            t0 = time.monotonic()
                            make_step(fn, tensors, backward)()  # compiles (fwd and bwd)
                            if cuda:
                                torch.cuda.synchronize()
                            row["compile_s"] = round(time.monotonic() - t0, 1)
                        step = make_step(fn, tensors, backward)
                        t = timer(step)
                        row["ms"][impl] = t["ms"]
                        row["spread"][impl] = [t["min"], t["p25"], t["p75"]]
                        row["missing"].pop(impl, None)
                    except Exception as exc:  # noqa: BLE001 - report, never a number
                        row["missing"][impl] = f"{type(exc).__name__}: {str(exc)[:160]}"
                        print(f"  {impl} failed: {row['missing'][impl]}", flush=True)
                        continue
                    try:  # memory: a failure here leaves the time standing
                        row["peak"][impl] = peak_bytes(cuda, step)
                        if backward:
                            row["saved"][impl] = saved_bytes(fn, tensors)
                    except Exception as exc:  # noqa: BLE001
                        row["missing"][f"{impl} memory"] = f"{type(exc).__name__}: {exc}"[:160]
                print("  " + timing_line(run, row), flush=True)
            del x, r, b, w, nb, tensors
            if cuda:
                torch.cuda.empty_cache()
        run.save(with_plot=False)


def count(n: int) -> str:
    return f"{n // M}M" if n >= M else f"{n / 1024:g}K"


def timing_line(run: Run, row: dict) -> str:
    parts = [f"{row['op']:<22} {count(row['numel']):>5} {row['dtype']} {row['direction']:<7}"]
    for impl in IMPLS:
        if impl in row["ms"]:
            gbs = row["bytes"] / row["ms"][impl] / 1e6
            parts.append(f"{impl} {row['ms'][impl]:.3f} ms {gbs:5.0f} GB/s")
    return " | ".join(parts)


def configs_of(run: Run) -> list[tuple[int, str]]:
    """The (elements, dtype) configurations, kept to ``--sizes`` where given (a smoke run whose
    sizes match none keeps its own)."""
    configs = SMOKE_CONFIGS if run.args.cpu_smoke else CONFIGS
    if not run.args.sizes:
        return configs
    kept = [c for c in configs if c[0] in run.args.sizes]
    return kept if kept or not run.args.cpu_smoke else configs


def parse_sizes(text: str) -> set[int]:
    """``64M,256M`` / ``4K`` / ``4096`` -> element counts."""
    out = set()
    for part in filter(None, (t.strip() for t in text.split(","))):
        unit = {"K": 1024, "M": M}.get(part[-1].upper(), 1)
        out.add(int(part[:-1] if unit > 1 else part) * unit)
    return out


def sec_timing(run: Run) -> None:
    configs = configs_of(run)
    first = [c for c in configs if c[0] == configs[0][0]]
    for numel, dt in configs:
        impls = IMPLS if (numel, dt) in first else ("eager", "fused")
        time_configs(run, [(numel, dt)], impls, run.args.compile_reserve_s)


def sec_more_compile(run: Run) -> None:
    configs = configs_of(run)
    rest = [c for c in configs if c[0] != configs[0][0]]
    for cfg in rest:
        if run.left() < run.args.more_compile_s:
            run.note(f"torch.compile not measured at {count(cfg[0])} {cfg[1]} and the "
                     "configurations after it: deadline")
            break
        time_configs(run, [cfg], ("compile",), run.args.more_compile_s)


# --- 4. kernel probe --------------------------------------------------------------------------

def sec_probe(run: Run) -> None:
    """bias_dropout_add and RMSNorm forward at 64M bf16 with other launch shapes, and without
    dropout, launched directly (what the launcher would pass, but for the shape)."""
    import torch

    from dropsurgeon.fused import kernels, make_rng

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    numel = 64 * M if cuda else 16 * ROW
    timer = Timer(cuda, run.args.iters, 3 if cuda else 1)
    k = kernels._kernels()
    interp = not cuda
    x = fresh((numel // ROW, ROW), torch.bfloat16, dev)
    r, b = fresh(x.shape, torch.bfloat16, dev), fresh((ROW,), torch.bfloat16, dev)
    w = fresh((ROW,), torch.bfloat16, dev)
    rng = make_rng(dev, 11, 2**32 + 3)
    out = torch.empty_like(x)
    p = run.args.p
    bda_bytes = 3 * 2 * numel
    for bb, warps, drop in [(1024, 4, True), (1024, 8, True), (512, 4, True), (2048, 8, True),
                            (256, 2, True), (2048, 16, True), (1024, 4, False)]:
        grid = (kernels.triton_cdiv(numel, 4 * bb),)

        def launch(bb=bb, warps=warps, drop=drop, grid=grid):
            k["bias_dropout_add"][grid](
                x, b, r, out, rng, numel, ROW, kernels._thr_bits(p), kernels._scale(p), 0,
                HAS_BIAS=True, BIAS_ROWS=True, BIAS_WIDE=ROW >= 4 * bb, HAS_RES=True,
                DROP=drop, BLOCK_B=bb, EMULATE_RTNE=interp, num_warps=warps,
                enable_fp_fusion=False)
        try:
            t = timer(launch)
            row = {"kernel": "bias_dropout_add fwd", "BLOCK_B": bb, "num_warps": warps,
                   "dropout": drop, "ms": t["ms"], "GBps": bda_bytes / t["ms"] / 1e6,
                   "default": (bb, warps, drop) == (1024, 4, True)}
        except Exception as exc:  # noqa: BLE001
            row = {"kernel": "bias_dropout_add fwd", "BLOCK_B": bb, "num_warps": warps,
                   "dropout": drop, "error": f"{type(exc).__name__}: {str(exc)[:160]}"}
        run.res["probe"].append(row)
        print(f"  probe {row}", flush=True)
    rows_n = numel // ROW
    h = torch.empty_like(x)
    rstd = torch.empty(rows_n, dtype=torch.float32, device=dev)
    rms_bytes = 4 * 2 * numel + 4 * rows_n
    for warps, drop in [(8, True), (4, True), (16, True), (8, False)]:
        def launch(warps=warps, drop=drop):
            k["norm_fwd"][(rows_n,)](
                x, r, w, x, x, out, h, rstd, rstd, rng, ROW, kernels._thr_bits(p),
                kernels._scale(p), 1e-6, HAS_RES=True, HAS_W=True, HAS_B=False, HAS_XB=False,
                DROP=drop, RMS=True, ALIGNED=True, BLOCK_B=ROW // 4, EMULATE_RTNE=interp,
                num_warps=warps, enable_fp_fusion=False)
        try:
            t = timer(launch)
            row = {"kernel": "rms_norm fwd", "BLOCK_B": ROW // 4, "num_warps": warps,
                   "dropout": drop, "ms": t["ms"], "GBps": rms_bytes / t["ms"] / 1e6,
                   "default": (warps, drop) == (8, True)}
        except Exception as exc:  # noqa: BLE001
            row = {"kernel": "rms_norm fwd", "num_warps": warps, "dropout": drop,
                   "error": f"{type(exc).__name__}: {str(exc)[:160]}"}
        run.res["probe"].append(row)
        print(f"  probe {row}", flush=True)


def sec_probe_bwd(run: Run) -> None:
    """The backward kernels (and the LayerNorm forward) at 64M with other launch shapes: the
    shipped launch first, each variant checked against it (same gx / dx bits, partial sums
    within 1e-5) before it is timed.  Bytes: bias backward reads g, writes gx (2 per element);
    norm backward reads dy, dh, h, writes dx, dres (5 per element)."""
    import torch

    from dropsurgeon import fused
    from dropsurgeon.fused import kernels, make_rng

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    numel = 64 * M if cuda else 16 * ROW
    rows = numel // ROW
    timer = Timer(cuda, run.args.iters, 3 if cuda else 1)
    k = kernels._kernels()
    interp = not cuda
    p = run.args.p
    thr, scale = kernels._thr_bits(p), kernels._scale(p)
    rng = make_rng(dev, 21, 2**34 + 1)
    out = run.res["probe"]

    def record(kernel, dt, variant, ms, nbytes, ok, shipped):
        row = {"kernel": kernel, "dtype": dt, "variant": variant, "ms": ms,
               "GBps": nbytes / ms / 1e6, "same_result": ok, "default": shipped,
               "BLOCK_B": variant.get("BLOCK_B", ""), "num_warps": variant.get("warps", ""),
               "dropout": True}
        out.append(row)
        print(f"  probe {kernel} {dt} {variant}: {ms:.4f} ms {row['GBps']:.0f} GB/s "
              f"same result {ok}", flush=True)

    for dt in ("bf16", "fp32"):
        dtype = dtype_of(dt)
        g = fresh((rows, ROW), dtype, dev)
        size = g.element_size()
        # -- bias backward: gx = dropout(g), bias gradient = column sums of gx
        d_bb, d_w, d_g, _ = kernels.bias_bwd_shape(rows, ROW, g.device)
        ref = None
        variants = [(d_bb, d_w, d_g), (256, 4, d_g), (256, 4, 2 * d_g), (256, 8, 4 * d_g),
                    (512, 4, 2 * d_g), (1024, 8, 2 * d_g), (1024, 8, 4 * d_g),
                    (1024, 16, 2 * d_g)] if cuda else [(d_bb, d_w, d_g), (64, 2, 2)]
        for bb, w, gp in variants:
            gx = torch.empty_like(g)
            cols = kernels.triton_cdiv(ROW, 4 * bb)
            part = torch.empty((gp, ROW), dtype=torch.float32, device=dev)

            def launch(bb=bb, w=w, gp=gp, gx=gx, part=part, cols=cols, g=g):
                k["dropout_bias_bwd"][(gp, cols)](
                    g, gx, part, rng, rows, ROW, thr, scale, DROP=True, BLOCK_B=bb,
                    EMULATE_RTNE=interp, num_warps=w, enable_fp_fusion=False)
                return part.sum(0)
            gb = launch()
            if ref is None:
                ref = (gx.clone(), gb.clone())
            ok = torch.equal(gx, ref[0]) and rel_err(gb, ref[1]) < 1e-5
            ms = timer(launch)["ms"]
            record("bias_dropout_add bwd (dropout_bias_bwd)", dt,
                   {"BLOCK_B": bb, "warps": w, "programs": f"{gp}x{cols}"}, ms, 2 * size * numel,
                   ok, (bb, w, gp) == (d_bb, d_w, d_g))

        def two_pass(g=g):  # the elementwise kernel, then torch's column sum
            gx = kernels.dropout(g, rng, p)
            return gx, gx.sum(0, dtype=torch.float32)
        gx2, gb2 = two_pass()
        # its bias gradient sums the rounded gx: equal within the dtype's tolerance, not bits
        ok = torch.equal(gx2, ref[0]) and rel_err(gb2, ref[1]) < TOL[dt]
        ms = timer(two_pass)["ms"]
        record("bias_dropout_add bwd (dropout_bias_bwd)", dt,
               {"two passes": "dropout kernel + torch sum(0)"}, ms, 2 * size * numel, ok, False)
        del gx, part, gx2, ref
        # -- norm backward (LayerNorm and RMSNorm), inputs from the op's forward
        for rms in (False, True):
            x, r = fresh((rows, ROW), dtype, dev), fresh((rows, ROW), dtype, dev)
            wt, bt = fresh((ROW,), dtype, dev), fresh((ROW,), dtype, dev)
            _, h, mean, rstd = kernels.dropout_add_norm(x, r, wt, None if rms else bt, None,
                                                        rng, p, 1e-6, rms=rms)
            dy, dh = fresh(h.shape, dtype, dev), fresh(h.shape, dtype, dev)
            name = "rms_norm bwd" if rms else "layer_norm bwd"
            _, d_w, d_g = kernels.norm_bwd_shape(rows, ROW, h.device, rms, size)
            ref = None
            variants = [(d_w, d_g), (d_w, d_g // 2), (d_w, 2 * d_g), (d_w, 4 * d_g),
                        (4, d_g), (4, 2 * d_g), (4, 4 * d_g), (16, d_g), (16, 2 * d_g)] \
                if cuda else [(d_w, d_g), (2, 2)]
            for w, gp in variants:
                dx, dres = torch.empty_like(h), torch.empty_like(h)
                dw = torch.zeros((gp, ROW), dtype=torch.float32, device=dev)
                db = torch.zeros((gp, ROW), dtype=torch.float32, device=dev)

                def launch(w=w, gp=gp, dx=dx, dres=dres, dw=dw, db=db, rms=rms, h=h, dy=dy,
                           dh=dh, mean=mean, rstd=rstd, wt=wt):
                    k["norm_bwd"][(gp,)](
                        dy, dh, h, rstd if rms else mean, rstd, wt, dx, dres, dw, db, rng, rows,
                        ROW, thr, scale, HAS_DH=True, HAS_W=True, WANT_B=not rms, DROP=True,
                        RMS=rms, ALIGNED=True, BLOCK_B=ROW // 4, EMULATE_RTNE=interp,
                        num_warps=w, enable_fp_fusion=False)
                    return dw.sum(0)
                dws = launch()
                if ref is None:
                    ref = (dx.clone(), dres.clone(), dws.clone())
                ok = torch.equal(dx, ref[0]) and torch.equal(dres, ref[1]) and \
                    rel_err(dws, ref[2]) < 1e-5
                ms = timer(launch)["ms"]
                record(name, dt, {"BLOCK_B": ROW // 4, "warps": w, "programs": gp}, ms,
                       5 * size * numel + 8 * rows, ok, (w, gp) == (d_w, d_g))
            del x, r, h, dy, dh, dx, dres, dw, db, ref
        if cuda:
            torch.cuda.empty_cache()
    # -- LayerNorm forward warps (64M bf16 met 82% of copy in run 1; RMSNorm 92%)
    x, r = fresh((rows, ROW), torch.bfloat16, dev), fresh((rows, ROW), torch.bfloat16, dev)
    wt, bt = fresh((ROW,), torch.bfloat16, dev), fresh((ROW,), torch.bfloat16, dev)
    o, h = torch.empty_like(x), torch.empty_like(x)
    mean = torch.empty(rows, dtype=torch.float32, device=dev)
    rstd = torch.empty(rows, dtype=torch.float32, device=dev)
    d_w = kernels._launch(ROW // 4)["num_warps"]
    for w in ([d_w, 4, 16, 32] if cuda else [d_w, 2]):
        def launch(w=w):
            k["norm_fwd"][(rows,)](
                x, r, wt, bt, x, o, h, mean, rstd, rng, ROW, thr, scale, 1e-5, HAS_RES=True,
                HAS_W=True, HAS_B=True, HAS_XB=False, DROP=True, RMS=False, ALIGNED=True,
                BLOCK_B=ROW // 4, EMULATE_RTNE=interp, num_warps=w, enable_fp_fusion=False)
        try:
            ms = timer(launch)["ms"]
            record("layer_norm fwd", "bf16", {"BLOCK_B": ROW // 4, "warps": w}, ms,
                   4 * 2 * numel + 8 * rows, True, w == d_w)
        except Exception as exc:  # noqa: BLE001
            run.note(f"probe layer_norm fwd warps {w}: {type(exc).__name__}: {str(exc)[:120]}")
    # -- bias_dropout_add forward through the public op, twice (repeatability of run 1)
    xb, rb, bb_ = (fresh((rows, ROW), torch.bfloat16, dev), fresh((rows, ROW), torch.bfloat16, dev),
                   fresh((ROW,), torch.bfloat16, dev))
    for rep in (1, 2):
        ms = timer(lambda: fused.bias_dropout_add(xb, bb_, rb, p))["ms"]
        record("bias_dropout_add fwd (public op)", "bf16", {"repeat": rep}, ms, 3 * 2 * numel,
               True, True)


# --- launch shapes side by side ----------------------------------------------------------------

class launch_shapes:
    """Sets launch-shape constants of dropsurgeon.fused.kernels for a block, then restores them
    (the launchers read them at call time)."""

    def __init__(self, values: dict) -> None:
        from dropsurgeon.fused import kernels

        self.kernels, self.values = kernels, values
        self.saved = {k: getattr(kernels, k) for k in values}

    def __enter__(self) -> None:
        for k, v in self.values.items():
            setattr(self.kernels, k, v)

    def __exit__(self, *exc) -> None:
        for k, v in self.saved.items():
            setattr(self.kernels, k, v)


def shape_variants(op: str) -> list[tuple[str, dict]]:
    """(name, constants) to time: the shipped shapes first (every other variant's results are
    compared with theirs), then the first round's; for bias_dropout_add also the shipped shapes
    with the first round's elementwise tile, and with 512 blocks on 4 warps."""
    ew1 = {k: ROUND1_SHAPES[k] for k in ("ELEMENTWISE_BLOCKS", "ELEMENTWISE_ELEMS")}
    out = [("shipped", {}), ("round 1", ROUND1_SHAPES)]
    if op == "bias_dropout_add":
        out += [("shipped, elementwise of round 1", ew1),
                ("shipped, elementwise 512 blocks x 4 warps",
                 {"ELEMENTWISE_BLOCKS": 512, "ELEMENTWISE_ELEMS": 16})]
    return out


def sec_shapes(run: Run) -> None:
    """The three ops, forward and forward+backward, under each launch-shape variant, through
    their public functions (the same steps and timer as section 3), interleaved per op."""
    import torch

    from dropsurgeon.fused import kernels

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    timer = Timer(cuda, run.args.iters, 3 if cuda else 1)
    shipped = {k: getattr(kernels, k) for k in ROUND1_SHAPES}
    run.res["shapes_shipped"] = {k: (v if not isinstance(v, dict) else
                                     {str(a): b for a, b in v.items()})
                                 for k, v in shipped.items()}
    for numel, dt in configs_of(run):
        dtype = dtype_of(dt)
        for op in OPS:
            x = fresh((numel // ROW, ROW), dtype, dev)
            r = fresh(x.shape, dtype, dev)
            b, w, nb = (fresh((ROW,), dtype, dev) for _ in range(3))
            seeded = seeded_fn(op, run.args.p)
            gz = fresh(x.shape, dtype, dev)  # the incoming gradient of every output
            ref = None
            for name, values in shape_variants(op):
                row = {"op": op, "numel": numel, "dtype": dt, "variant": name,
                       "bytes": {d: model_bytes(op, numel, x.element_size(), d)
                                 for d in ("fwd", "fwd+bwd")}, "ms": {}, "spread": {}}
                try:
                    with launch_shapes(values):
                        # same seed: outputs must equal the shipped launch's bit for bit (the
                        # mask never depends on the shape); gradients to the dtype's tolerance
                        # (another warp count sums a norm row in another order)
                        ts = [t.detach().requires_grad_() for t in (x, r, b, w, nb)]
                        outs = _outs(seeded(*ts))
                        grads = torch.autograd.grad(outs, ts, [gz] * len(outs),
                                                    allow_unused=True)
                        got = ([o.detach() for o in outs],
                               [g for g in grads if g is not None])
                        if ref is None:
                            ref = got
                        row["same_outputs"] = all(torch.equal(a, c)
                                                  for a, c in zip(got[0], ref[0], strict=True))
                        row["grad_rel_err"] = max(rel_err(a, c)
                                                  for a, c in zip(got[1], ref[1], strict=True))
                        del outs, grads, got
                        for direction in ("fwd", "fwd+bwd"):
                            backward = direction == "fwd+bwd"
                            tensors = [t.detach().requires_grad_(backward)
                                       for t in (x, r, b, w, nb)]
                            t = timer(make_step(fused_fn(op, run.args.p), tensors, backward))
                            row["ms"][direction] = t["ms"]
                            row["spread"][direction] = [t["min"], t["p25"], t["p75"]]
                except Exception as exc:  # noqa: BLE001 - report, never a number
                    row["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
                run.res["shapes"].append(row)
                print("  " + shapes_line(row), flush=True)
            del x, r, b, w, nb, gz, ref
            if cuda:
                torch.cuda.empty_cache()
        run.save(with_plot=False)


def seeded_fn(op: str, p: float):
    from dropsurgeon import fused

    if op == "bias_dropout_add":
        return lambda x, r, b, w, nb: fused.bias_dropout_add(x, b, r, p, seed=7, offset=3)
    if op == "dropout_add_layer_norm":
        return lambda x, r, b, w, nb: fused.dropout_add_layer_norm(
            x, r, w, nb, p, 1e-5, return_residual=True, seed=7, offset=3)
    return lambda x, r, b, w, nb: fused.dropout_add_rms_norm(
        x, r, w, p, 1e-6, return_residual=True, seed=7, offset=3)


def shapes_line(row: dict) -> str:
    head = f"{row['op']:<22} {count(row['numel']):>5} {row['dtype']} {row['variant']:<42}"
    if "error" in row:
        return f"{head} error: {row['error']}"
    return head + " | ".join(f" {d} {row['ms'][d]:.4f} ms" for d in row["ms"]) + \
        f" | same outputs {row['same_outputs']}, grads rel err {row['grad_rel_err']:.1e}"


def shapes_md(run: Run) -> list[str]:
    cbw = copy_bw(run)
    lines = ["## Launch shapes side by side (public ops, same timer as the op timing)", "",
             "Shipped: " + ", ".join(f"{k} = {v}" for k, v in
                                     run.res.get("shapes_shipped", {}).items()) + ".  "
             "Round 1: " + ", ".join(f"{k} = {v}" for k, v in ROUND1_SHAPES.items()) + ".  "
             "Same outputs: the variant's seeded forward outputs equal the shipped launch's bit "
             "for bit; grads: largest relative difference of its input gradients from the "
             "shipped launch's.  Lower ms is better.", "",
             "| op | elements | dtype | variant | fwd ms | fwd % copy | fwd vs shipped | "
             "fwd+bwd ms | fwd+bwd % copy | fwd+bwd vs shipped | same outputs | grads rel diff |",
             "|" + "---|" * 12]
    base = {(r["op"], r["numel"], r["dtype"]): r for r in run.res["shapes"]
            if r["variant"] == "shipped" and "error" not in r}
    for r in run.res["shapes"]:
        if "error" in r:
            lines.append(f"| {r['op']} | {count(r['numel'])} | {r['dtype']} | {r['variant']} | "
                         f"error: {r['error']} |" + " |" * 7)
            continue
        pct = {d: (f"{100 * r['bytes'][d] / r['ms'][d] / 1e6 / cbw:.1f}%" if cbw == cbw
                   else "—") for d in r["ms"]}
        b = base.get((r["op"], r["numel"], r["dtype"]))
        vs = {d: f"{r['ms'][d] / b['ms'][d]:.3f}x" if b else "—" for d in r["ms"]}
        lines.append(f"| {r['op']} | {count(r['numel'])} | {r['dtype']} | {r['variant']} | "
                     f"{r['ms']['fwd']:.4f} | {pct['fwd']} | {vs['fwd']} | "
                     f"{r['ms']['fwd+bwd']:.4f} | {pct['fwd+bwd']} | {vs['fwd+bwd']} | "
                     f"{r['same_outputs']} | "
                     f"{r['grad_rel_err']:.1e} |")
    lines.append("")
    return lines


# --- 5. end to end ----------------------------------------------------------------------------

def _models(smoke: bool):
    import transformers as tf

    if smoke:
        gpt = tf.GPT2Config(vocab_size=128, n_positions=64, n_embd=32, n_layer=2, n_head=2,
                            resid_pdrop=0.1, embd_pdrop=0.1, attn_pdrop=0.1)
        llama = tf.LlamaConfig(vocab_size=128, hidden_size=32, intermediate_size=64,
                               num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2,
                               max_position_embeddings=64, attention_dropout=0.1)
        return [("GPT-2-like", gpt, tf.GPT2LMHeadModel, {}, 2, 32),
                ("Llama-like", llama, tf.LlamaForCausalLM, {"add_norm": True}, 2, 32)]
    gpt = tf.GPT2Config(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=4, n_head=12,
                        resid_pdrop=0.1, embd_pdrop=0.1, attn_pdrop=0.1)
    llama = tf.LlamaConfig(vocab_size=32000, hidden_size=1024, intermediate_size=2816,
                           num_hidden_layers=4, num_attention_heads=16, num_key_value_heads=16,
                           max_position_embeddings=1024, attention_dropout=0.1)
    return [("GPT-2-like", gpt, tf.GPT2LMHeadModel, {}, 8, 1024),
            ("Llama-like", llama, tf.LlamaForCausalLM, {"add_norm": True}, 8, 1024)]


def sec_e2e(run: Run) -> None:
    import torch
    import torch._dynamo

    import dropsurgeon

    cuda = not run.args.cpu_smoke
    dev = "cuda" if cuda else "cpu"
    # host time counts here: no flush, no head start (a training step pays its launches)
    timer = Timer(cuda, max(3, run.args.iters // 2) if cuda else 1, 2 if cuda else 0,
                  hide_host=False)
    for name, cfg, cls, fb_kw, batch, seq in _models(run.args.cpu_smoke):
        ids = torch.randint(0, cfg.vocab_size, (batch, seq), device=dev)
        for variant in ("eager", "torch.compile", "torch.compile + fused_backend"):
            row = {"model": name, "variant": variant, "batch": batch, "seq": seq,
                   "layers": cfg.num_hidden_layers, "hidden": cfg.hidden_size, "note": ""}
            if variant != "eager" and run.left() < run.args.e2e_compile_s:
                row["note"] = f"skipped: {run.left():.0f} s left before the deadline"
                run.res["e2e"].append(row)
                print(f"  {name} {variant}: {row['note']}", flush=True)
                continue
            torch._dynamo.reset()
            torch.manual_seed(0)
            model = cls(cfg).to(device=dev, dtype=torch.bfloat16 if cuda else torch.float32)
            model.train()
            opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
            backend = None
            if variant == "torch.compile":
                fwd = torch.compile(model, backend=run.args.compile_backend)
            elif variant.endswith("fused_backend"):
                backend = dropsurgeon.fused_backend(run.args.compile_backend, **fb_kw)
                fwd = torch.compile(model, backend=backend)
            else:
                fwd = model
            losses = []

            def step(fwd=fwd, opt=opt, losses=losses, ids=ids):
                loss = fwd(input_ids=ids, labels=ids).loss
                loss.backward()
                opt.step()
                opt.zero_grad(set_to_none=True)
                losses.append(loss.detach())
            try:
                t0 = time.monotonic()
                step()
                if cuda:
                    torch.cuda.synchronize()
                row["first_step_s"] = round(time.monotonic() - t0, 1)
                t = timer(step)
                row["ms"] = t["ms"]
                row["spread"] = [t["min"], t["p25"], t["p75"]]
                row["tokens_per_s"] = batch * seq / (t["ms"] / 1e3)
                if cuda:
                    torch.cuda.synchronize()
                    torch.cuda.reset_peak_memory_stats()
                    step()
                    torch.cuda.synchronize()
                    row["peak_bytes"] = float(torch.cuda.max_memory_allocated())
                row["loss_first_last"] = [float(losses[0]), float(losses[-1])]
                if backend is not None:
                    rep = backend.report
                    row["note"] = (f"{rep.fused} site(s) fused "
                                   f"({', '.join(sorted({e.pattern for e in rep.entries}))}); "
                                   f"{dict(fb_kw) or 'default options'}")
            except Exception as exc:  # noqa: BLE001 - report, never a number
                row["note"] = f"did not run: {type(exc).__name__}: {str(exc)[:200]}"
                traceback.print_exc()
            run.res["e2e"].append(row)
            print(f"  {name:<11} {variant:<30} " + (
                f"{row['ms']:.2f} ms/step {row['tokens_per_s']:,.0f} tok/s "
                f"peak {row.get('peak_bytes', float('nan')) / 2**30:.2f} GiB "
                f"(first step {row['first_step_s']} s) {row['note']}" if "ms" in row
                else row["note"]), flush=True)
            del model, opt, fwd
            if cuda:
                torch.cuda.empty_cache()
        run.save(with_plot=False)


# --- output -----------------------------------------------------------------------------------

def _gbs(row: dict, impl: str) -> float | None:
    ms = row["ms"].get(impl)
    return row["bytes"] / ms / 1e6 if ms else None


def targets(run: Run) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) rows, for what was measured (a smoke run judges nothing)."""
    out = []
    met = "not judged (smoke)" if run.args.cpu_smoke else "met"
    missed = "not judged (smoke)" if run.args.cpu_smoke else "MISSED"
    rows = list(run.res["timing"].values())
    cbw = copy_bw(run)
    fwd = [r for r in rows if r["direction"] == "fwd" and r["dtype"] == "bf16"
           and r["numel"] >= 64 * M and "fused" in r["ms"]]
    for r in sorted(fwd, key=lambda r: (r["op"], r["numel"])):
        frac = _gbs(r, "fused") / cbw
        out.append((f"fwd {r['op']} {count(r['numel'])} bf16 >= 85% of copy bandwidth",
                    f"{_gbs(r, 'fused'):.0f} GB/s = {100 * frac:.1f}%",
                    met if frac >= 0.85 else missed))
    fb = [r for r in rows if r["direction"] == "fwd+bwd"]
    for other, need in (("eager", 2.0), ("compile", 1.0)):
        for r in sorted(fb, key=lambda r: (r["op"], r["dtype"], r["numel"])):
            if "fused" in r["ms"] and other in r["ms"]:
                x = r["ms"][other] / r["ms"]["fused"]
                out.append((f"fwd+bwd {r['op']} {count(r['numel'])} {r['dtype']} >= {need:g}x "
                            f"{other}", f"{x:.2f}x", met if x >= need else missed))
    for r in sorted(fb, key=lambda r: (r["op"], r["dtype"], r["numel"])):
        pe, pf = r["peak"].get("eager"), r["peak"].get("fused")
        if pe is not None and pf is not None and pe == pe and pf == pf:
            gain = pe - pf
            out.append((f"peak memory {r['op']} {count(r['numel'])} {r['dtype']} fwd+bwd: below "
                        f"eager by >= the mask ({r['mask_bytes'] / 2**20:.0f} MiB)",
                        f"eager {pe / 2**20:.0f} MiB, fused {pf / 2**20:.0f} MiB "
                        f"(-{gain / 2**20:.0f} MiB)",
                        met if gain >= r["mask_bytes"] else missed))
    by = {}
    for e in run.res["e2e"]:
        by.setdefault(e["model"], {})[e["variant"]] = e
    for model, v in by.items():
        a, c = v.get("torch.compile + fused_backend", {}), v.get("torch.compile", {})
        if "ms" in a and "ms" in c:
            x = c["ms"] / a["ms"]
            out.append((f"end-to-end step {model}: fused_backend no slower than torch.compile",
                        f"{a['tokens_per_s']:,.0f} vs {c['tokens_per_s']:,.0f} tok/s "
                        f"({x:.3f}x)", met if x >= 1.0 else missed))
    return out


def markdown(run: Run) -> str:
    res, smoke = run.res, run.args.cpu_smoke
    env = res["env"]
    lines = ["# Fused dropout on a GPU (issue 20)", ""]
    if smoke:
        lines += ["**SMOKE RUN on the CPU (Triton interpreter): checks that the script runs. "
                  "No number below measures anything.**", ""]
    lines += [f"- {k}: {v}" for k, v in env.items()]
    lines += [f"- command: `{' '.join(sys.argv)}`", f"- p = {run.args.p}; rows of {ROW}; "
              f"median of {run.args.iters} CUDA-event timings per kernel configuration", ""]
    c = res["ceilings"]
    if c:
        lines += ["## Ceilings (measured in this run)", "",
                  "| kernel | MiB per tensor | bytes moved | median ms | GB/s |",
                  "|---|---|---|---|---|"]
        for r in c["rows"]:
            lines.append(f"| {r['kind']} | {r['bytes_each'] >> 20} | {r['moved'] / 1e9:.2f} GB "
                         f"| {r['ms']:.3f} | {r['GBps']:.0f} |")
        lines += ["", f"Copy bandwidth used below: **{c['copy_GBps']:.0f} GB/s** "
                      "(best copy, bytes read + written).", ""]
    if res["masks"] or res["values"] or res["big"]:
        lines += correctness_md(res)
    if res["timing"]:
        lines += timing_md(run)
    if res["probe"]:
        lines += ["## Kernel probe: launch shapes at 64M (kernels launched directly)", "",
                  "| kernel | dtype | BLOCK_B | warps | launch | dropout | same result as "
                  "shipped | ms | GB/s | % of copy | shipped |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in res["probe"]:
            if "ms" in r:
                v = r.get("variant", {})
                launch = ", ".join(f"{a} {b}" for a, b in v.items()
                                   if a not in ("BLOCK_B", "warps"))
                lines.append(f"| {r['kernel']} | {r.get('dtype', 'bf16')} | {r['BLOCK_B']} | "
                             f"{r['num_warps']} | {launch} | {r['dropout']} | "
                             f"{r.get('same_result', '—')} | {r['ms']:.4f} | {r['GBps']:.0f} | "
                             f"{100 * r['GBps'] / copy_bw(run):.1f}% | "
                             f"{'yes' if r['default'] else ''} |")
            else:
                lines.append(f"| {r['kernel']} | bf16 | {r.get('BLOCK_B', '')} | "
                             f"{r['num_warps']} | | {r['dropout']} | | error: {r['error']} "
                             "| | | |")
        lines.append("")
    if res["shapes"]:
        lines += shapes_md(run)
    if res["e2e"]:
        lines += ["## One training step (forward, loss, backward, AdamW)"
                  + (", fp32 on the CPU" if smoke else ", bf16 weights") + "", "",
                  "| model | variant | batch x seq | ms / step (min..p75) | tokens/s | "
                  "peak GiB | first step s | losses first, last | note |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for e in res["e2e"]:
            if "ms" in e:
                sp = e["spread"]
                lines.append(
                    f"| {e['model']} ({e['layers']} layers, d={e['hidden']}) | {e['variant']} | "
                    f"{e['batch']} x {e['seq']} | {e['ms']:.2f} ({sp[0]:.2f}..{sp[2]:.2f}) | "
                    f"{e['tokens_per_s']:,.0f} | "
                    f"{e.get('peak_bytes', float('nan')) / 2**30:.2f} | {e['first_step_s']} | "
                    f"{e['loss_first_last'][0]:.3f}, {e['loss_first_last'][1]:.3f} | "
                    f"{e['note']} |")
            else:
                lines.append(f"| {e['model']} | {e['variant']} | {e['batch']} x {e['seq']} "
                             f"| — | — | — | — | — | {e['note']} |")
        lines.append("")
    tg = targets(run)
    if tg:
        lines += ["## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {v} |" for a, b, v in tg]
        lines.append("")
    if res["notes"]:
        lines += ["## Not done / notes", ""] + [f"- {n}" for n in res["notes"]] + [""]
    if res["sections"]:
        lines += ["Section wall times (s): " + ", ".join(
            f"{k} {v}" for k, v in res["sections"].items()), ""]
    return "\n".join(lines) + "\n"


def correctness_md(res: dict) -> list[str]:
    lines = ["## Correctness on this device (before any timing)", ""]
    masks = res["masks"]
    if masks:
        bad = [m for m in masks if not m["ok"]]
        lines += [f"Masks: **{len(masks) - len(bad)}/{len(masks)}** checks equal the CPU "
                  "reference `fused.keep_mask` bit for bit (kernels: "
                  + ", ".join(sorted({m['kernel'] for m in masks})) + ").", ""]
        lines += ["| kernel | seed | offset | elements | p | dtype | ok | output poisoned first "
                  "| detail |", "|---|---|---|---|---|---|---|---|---|"]
        for m in masks:
            lines.append(f"| {m['kernel']} | {m['seed']} | {m['offset']} | {m['numel']} | "
                         f"{m['p']} | {m['dtype']} | {'yes' if m['ok'] else 'NO'} | "
                         f"{m.get('poisoned', '—')} | {m.get('detail', '')} |")
        lines.append("")
    b = res["big"]
    if b:
        if b.get("ok") is None:
            lines += [f"Tensor past 2**31 elements: {b.get('note')}", ""]
        else:
            lines += [f"Tensor past 2**31 elements ({b['numel']} bf16, seed {b['seed']}, offset "
                      f"{b['offset']}, p {b['p']}): every value and mask element against the "
                      "reference formula evaluated on the GPU in chunks of 2**28: "
                      f"**{b['ok_whole_vs_reference_on_gpu']}**; slices {b['slices']} against "
                      f"the CPU `keep_mask`: **{b['ok_slices_vs_cpu']}**; output allocated in "
                      f"poisoned memory: {b['poisoned']} ({b['seconds']} s).", ""]
            extra = {k: v for k, v in b.items() if k in (
                "input_min", "torch_uniform_whole_zeros", "mask_mismatches_vs_gpu_reference",
                "value_mismatches_vs_gpu_reference", "slice_mismatches_vs_cpu")}
            if extra:
                lines += ["Details: " + ", ".join(f"{k} = {v}" for k, v in extra.items()), ""]
    vals = res["values"]
    if vals:
        bad = [v for v in vals if not v["ok"]]
        lines += [f"Forward and backward against an fp64 formula from the same mask: "
                  f"**{len(vals) - len(bad)}/{len(vals)}** within tolerance "
                  "(relative error ‖a − ref‖ / ‖ref‖; NaN fails).", "",
                  "| op | dtype | shape | p | forward rel err | backward rel err | worst | tol "
                  "| ok | outputs in poisoned memory |", "|" + "---|" * 10]
        for v in vals:
            f = ", ".join(f"{k} {e:.1e}" for k, e in v["fwd"].items())
            g = ", ".join(f"{k} {e:.1e}" for k, e in v["bwd"].items())
            lines.append(f"| {v['op']} | {v['dtype']} | {v['shape'][0]}x{v['shape'][1]} | "
                         f"{v['p']} | {f} | {g} | {v['worst']:.1e} | {v['tol']:g} | "
                         f"{'yes' if v['ok'] else 'NO'} | {v['poisoned_outputs']}/"
                         f"{v['outputs']} |")
        lines.append("")
    return lines


def timing_md(run: Run) -> list[str]:
    cbw = copy_bw(run)
    lines = ["## Op timing (GPU time, median; bytes = the byte model of each op)", "",
             "GB/s = fewest bytes (inputs read once, outputs written once) / median time, the "
             "same bytes for all three, so GB/s ratios are speed ratios; % = of the measured "
             "copy bandwidth.  Higher GB/s is better.  Peak = memory allocated during one "
             "step above what was allocated before; saved = bytes autograd keeps for backward.",
             "", "| op | elements | dtype | pass | eager ms | compile ms | fused ms | eager GB/s "
             "| compile GB/s | fused GB/s | fused % copy | vs eager | vs compile | peak MiB "
             "eager / compile / fused | saved MiB eager / compile / fused | compile s |",
             "|" + "---|" * 16]

    def f(v, fmt):
        return format(v, fmt) if v is not None else "—"

    def mib(v, fmt):
        return format(v / 2**20, fmt) if v is not None and v == v else "—"
    for r in sorted(run.res["timing"].values(),
                    key=lambda r: (r["op"], r["dtype"], r["direction"], r["numel"])):
        ms = [r["ms"].get(i) for i in IMPLS]
        gb = [_gbs(r, i) for i in IMPLS]
        fused = r["ms"].get("fused")
        vs = [f"{r['ms'][o] / fused:.2f}x" if fused and o in r["ms"] else "—"
              for o in ("eager", "compile")]
        lines.append(
            f"| {r['op']} | {count(r['numel'])} | {r['dtype']} | {r['direction']} | "
            + " | ".join(f(v, ".4f") for v in ms) + " | "
            + " | ".join(f(v, ".0f") for v in gb) + " | "
            + (f"{100 * gb[2] / cbw:.1f}%" if gb[2] else "—") + f" | {vs[0]} | {vs[1]} | "
            + " / ".join(mib(r["peak"].get(i), ".0f") for i in IMPLS) + " | "
            + (" / ".join(mib(r["saved"].get(i), ".1f") for i in IMPLS)
               if r["direction"] == "fwd+bwd" else "—")
            + f" | {r['compile_s'] if r['compile_s'] is not None else '—'} |")
    missing = sorted({f"{r['op']} {count(r['numel'])} {r['dtype']} {r['direction']} {i}: {w}"
                      for r in run.res["timing"].values() for i, w in r["missing"].items()})
    if missing:
        lines += ["", "Not measured: " + "; ".join(missing)]
    lines.append("")
    return lines


def plot(run: Run, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dropsurgeon.atomic import write_png

    rows = list(run.res["timing"].values())
    cbw = copy_bw(run)
    fig, axes = plt.subplots(2, 3, figsize=(17, 9), squeeze=False)
    styles = {"eager": ":", "compile": "--", "fused": "-"}
    colors = {"bf16": "tab:blue", "fp32": "tab:orange"}
    markers = {"eager": "s", "compile": "^", "fused": "o"}
    for i, direction in enumerate(("fwd", "fwd+bwd")):
        for j, op in enumerate(OPS):
            ax = axes[i][j]
            for dt in ("bf16", "fp32"):
                sel = sorted((r for r in rows if (r["op"], r["dtype"], r["direction"]) ==
                              (op, dt, direction)), key=lambda r: r["numel"])
                for impl in IMPLS:
                    pts = [(r["numel"], _gbs(r, impl)) for r in sel if impl in r["ms"]]
                    if pts:
                        xs, ys = zip(*pts, strict=True)
                        ax.plot(xs, ys, styles[impl], marker=markers[impl], color=colors[dt],
                                label=f"{impl} {dt}")
            if cbw == cbw:
                ax.axhline(cbw, color="grey", lw=1, label=f"measured copy {cbw:.0f} GB/s")
                ax.axhline(0.85 * cbw, color="grey", lw=0.8, ls="-.", label="85% of copy")
            ax.set_xscale("log", base=2)
            sizes = sorted({r["numel"] for r in rows})
            ax.set_xticks(sizes, [count(n) for n in sizes])
            ax.set_xlabel(f"elements (rows of {ROW})")
            ax.set_ylabel("achieved GB/s (byte model / median time)")
            ax.set_title(f"{op} {direction}"
                         + (" (SMOKE: CPU, meaningless)" if run.args.cpu_smoke else ""),
                         fontsize=9)
            ax.set_ylim(bottom=0)
    # one legend for all panels, under them: it covers no data
    handles, labels = {}, {}
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(lab, h)
    labels = list(handles)
    fig.legend([handles[k] for k in labels], labels, loc="lower center", ncol=len(labels),
               fontsize=8, frameon=False)
    fig.suptitle(f"dropsurgeon.fused vs eager vs torch.compile on "
                 f"{run.res['env'].get('device', '?')}: achieved bandwidth, higher is better",
                 fontsize=11)
    fig.tight_layout(rect=(0, 0.05, 1, 0.97))
    write_png(path, fig, dpi=110)
    plt.close(fig)


def sec_env(run: Run) -> None:
    import platform

    import torch

    env = {"torch": torch.__version__, "python": platform.python_version()}
    for mod in ("triton", "transformers"):
        try:
            env[mod] = __import__(mod).__version__
        except ImportError:
            env[mod] = "not installed"
    if torch.cuda.is_available() and not run.args.cpu_smoke:
        prop = torch.cuda.get_device_properties(0)
        env["device"] = torch.cuda.get_device_name()
        env["multiprocessors"] = prop.multi_processor_count
        env["memory"] = f"{prop.total_memory / 2**30:.1f} GiB"
        env["L2"] = f"{getattr(prop, 'L2_cache_size', 0) / 2**20:.0f} MiB"
        env["CUDA"] = torch.version.cuda
    else:
        env["device"] = "CPU (smoke run)"
    env["TRITON_INTERPRET"] = os.environ.get("TRITON_INTERPRET", "0")
    env["compile backend"] = run.args.compile_backend
    env["machine"] = ("the lent GPU machine, held by this session alone while it ran"
                      if not run.args.cpu_smoke else "the shared CPU machine")
    run.res["env"] = env
    print("  ".join(f"{k}: {v}" for k, v in env.items()), flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    ap.add_argument("--deadline-s", type=float, default=330.0,
                    help="skip what would run past this many seconds from the start")
    ap.add_argument("--iters", type=int, default=25)
    ap.add_argument("--p", type=float, default=0.1)
    ap.add_argument("--compile-backend", default=None,
                    help="torch.compile backend (default inductor; aot_eager with --cpu-smoke)")
    ap.add_argument("--compile-reserve-s", type=float, default=None,
                    help="no new op compile with fewer seconds left (default 150: e2e follows)")
    ap.add_argument("--more-compile-s", type=float, default=15.0,
                    help="section 6: no new op compile with fewer seconds left")
    ap.add_argument("--e2e-compile-s", type=float, default=60.0,
                    help="no new model compile with fewer seconds left")
    ap.add_argument("--skip", default="", help="sections to skip, comma-separated")
    ap.add_argument("--only", default="",
                    help="run only these sections (comma-separated; env always runs)")
    ap.add_argument("--name", default="fused_gpu", help="stem of the files written")
    ap.add_argument("--sizes", default="", type=parse_sizes,
                    help="time only these sizes, e.g. 64M,256M (default: all)")
    ap.add_argument("--cpu-smoke", action="store_true",
                    help="every code path on the CPU at tiny sizes; measures nothing")
    args = ap.parse_args(argv)
    if args.cpu_smoke:
        global ROW
        ROW = 256  # the interpreter runs a 4096-wide norm row in seconds
        os.environ["TRITON_INTERPRET"] = "1"  # before triton is imported
        args.iters = min(args.iters, 3)
        args.compile_backend = args.compile_backend or "aot_eager"
        args.compile_reserve_s = args.compile_reserve_s or 0.0
        args.e2e_compile_s = 0.0
        args.more_compile_s = 0.0
    args.compile_backend = args.compile_backend or "inductor"
    if args.compile_reserve_s is None:
        args.compile_reserve_s = 150.0
    import torch

    if not args.cpu_smoke and not torch.cuda.is_available():
        print("CUDA is not available: this script measures a GPU and prints no number without "
              "one; --cpu-smoke checks that it runs.")
        return 0
    import torch._dynamo

    for name in ("recompile_limit", "cache_size_limit", "accumulated_recompile_limit"):
        if hasattr(torch._dynamo.config, name):
            setattr(torch._dynamo.config, name, 1024)
    run = Run(args)
    skip = set(filter(None, args.skip.split(",")))
    sections = [("env", sec_env, 0), ("ceilings", sec_ceilings, 5),
                ("correctness", sec_correct, 20), ("big", check_big, 20),
                ("timing", sec_timing, 30), ("shapes", sec_shapes, 15), ("e2e", sec_e2e, 30),
                ("probe", sec_probe, 15),
                ("probe bwd", sec_probe_bwd, 20), ("more compile", sec_more_compile, 20)]
    only = set(filter(None, args.only.split(",")))
    # "big" is part of correctness; the launch-shape probes and side by side on demand
    default_off = {"big", "probe bwd", "shapes"}
    for name, fn, need in sections:
        if name != "env" and (name not in only if only else name in default_off):
            continue
        if name in skip:
            run.note(f"section '{name}' skipped by --skip")
            continue
        run.section(name, fn, need if not args.cpu_smoke else 0)
    run.save()
    print("\n".join(summary(run)), flush=True)
    failed = [m for m in run.res["masks"] if not m["ok"]] + \
        [v for v in run.res["values"] if not v["ok"]]
    return 1 if failed or run.res["big"].get("ok") is False else 0


def summary(run: Run) -> list[str]:
    res = run.res
    out = ["", "== SUMMARY" + (" (SMOKE: measures nothing)" if run.args.cpu_smoke else ""),
           f"device {res['env'].get('device')} torch {res['env'].get('torch')} "
           f"triton {res['env'].get('triton')}"]
    if res["ceilings"]:
        out.append(f"copy {res['ceilings']['copy_GBps']:.0f} GB/s, add "
                   f"{res['ceilings']['add_GBps']:.0f} GB/s")
    out.append(f"masks {sum(m['ok'] for m in res['masks'])}/{len(res['masks'])}, values "
               f"{sum(v['ok'] for v in res['values'])}/{len(res['values'])}, big "
               f"{res['big'].get('ok')}")
    out += [f"{v:<7} {a}: {b}" for a, b, v in targets(run)]
    for r in res["shapes"]:
        out.append("shapes " + shapes_line(r))
    out += [f"note: {n}" for n in res["notes"]]
    return out


if __name__ == "__main__":
    sys.exit(main())
