"""benchmarks/fused_dropout.py: its output code, checked without a GPU (the numbers are fake)."""

from __future__ import annotations

import argparse
import importlib.util
import sys

import pytest
import torch
from conftest import ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("fused_dropout_bench",
                                                  ROOT / "benchmarks" / "fused_dropout.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def _args(**kw):
    base = dict(p=0.1, iters=20, peak_gbps=4800.0, cpu_smoke=False, ops=["bias_dropout_add"],
                llama_dim=4096, llama_ff=11008, llama_batch=2, llama_seq=2048)
    return argparse.Namespace(**{**base, **kw})


def test_gpu_table_reports_bandwidth_speedups_and_saved_bytes(bench):
    n = 64 << 20
    row = bench.Row("bias_dropout_add", n, "bf16", "fwd+bwd",
                    ms={"eager": 0.5, "compile": 0.3, "fused": 0.25},
                    peak_mib={"eager": 200.0, "compile": 150.0, "fused": 128.0},
                    saved_bytes={"eager": float(n), "fused": 16.0},
                    ideal_bytes=bench.ideal_bytes("bias_dropout_add", n, 2, True))
    assert row.ideal_bytes == 10 * n  # 3 x 2 bytes forward, 2 x 2 bytes backward
    llama = [("eager", 40.0, 9000.0, ""), ("dropsurgeon.fuse", 32.0, 8000.0, "2 sites")]
    text = bench.markdown([row], llama, _args(), {"device": "test"})
    line = next(ln for ln in text.splitlines() if ln.startswith("| bias_dropout_add"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    gbs = 10 * n / 0.25 / 1e6
    assert cells[7] == f"{gbs:.0f}" and cells[8] == f"{100 * gbs / 4800:.0f}%"
    assert cells[9:11] == ["2.00x", "1.20x"]
    assert cells[12] == "64.0 MiB / 16 B"  # the eager mask against the fused rng
    assert "| dropsurgeon.fuse | 32.000 ms | 1.25x |" in text


def test_smoke_table_has_no_numbers(bench):
    row = bench.Row("dropout", 16384, "fp32", "fwd", ms={"eager": 1.0, "fused": 2.0},
                    ideal_bytes=1.0, missing={"compile": "--no-compile"})
    text = bench.markdown([row], [("eager", 3.0, float("nan"), "")], _args(cpu_smoke=True), {})
    assert "SMOKE RUN" in text and "GB/s" not in text.split("|", 1)[1]
    assert "| dropout | 16K | fp32 | fwd | ran | missing | ran |" in text
    assert "| eager | ran | — |" in text


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-GPU exit")
def test_without_cuda_it_says_so_and_exits_0(bench, capsys):
    assert bench.main([]) == 0
    out = capsys.readouterr().out
    assert "CUDA is not available" in out and "GB/s" not in out
