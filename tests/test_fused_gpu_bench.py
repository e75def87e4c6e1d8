"""benchmarks/fused_gpu.py --cpu-smoke: the GPU script's code paths run on the CPU (Triton's
interpreter), its correctness checks pass there, and it writes its files marked SMOKE."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("triton")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_cpu_smoke_runs_every_section_but_e2e(tmp_path):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    sections = "ceilings,correctness,timing,shapes,e2e,probe,probe bwd,more compile"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "fused_gpu.py"), "--cpu-smoke", "--out",
         str(tmp_path), "--iters", "1", "--only", sections, "--skip", "e2e"],
        capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    res = json.loads((tmp_path / "fused_gpu.json").read_text())
    assert res["smoke"] is True
    # every correctness check ran and passed under the interpreter
    assert len(res["masks"]) > 40 and all(m["ok"] for m in res["masks"])
    kernels = {m["kernel"] for m in res["masks"]}
    assert {"dropout fwd", "rms_norm fwd (h)", "layer_norm bwd (dx)",
            "bias_dropout_add bwd (gx, gbias)"} <= kernels
    assert len(res["values"]) == 4 * 3 * 2 and all(v["ok"] for v in res["values"])
    assert res["big"]["ok"] is True
    # every op, direction and implementation was timed at some size
    rows = res["timing"]
    assert {(r["op"], r["direction"]) for r in rows} == {
        (op, d) for op in ("bias_dropout_add", "dropout_add_layer_norm",
                           "dropout_add_rms_norm") for d in ("fwd", "fwd+bwd")}
    assert all(set(r["ms"]) == {"eager", "compile", "fused"} for r in rows if r["dtype"] == "bf16")
    probed = {p["kernel"] for p in res["probe"] if p.get("ms")}
    assert {"bias_dropout_add fwd", "rms_norm fwd", "layer_norm bwd", "rms_norm bwd",
            "bias_dropout_add bwd (dropout_bias_bwd)", "layer_norm fwd"} <= probed
    # every launch variant of a backward kernel computes what the shipped launch computes
    assert all(p["same_result"] for p in res["probe"] if "same_result" in p)
    # the side by side of launch shapes: every variant of every op ran, and each computed the
    # shipped launch's outputs bit for bit (the mask does not depend on the launch shape)
    shapes = res["shapes"]
    assert {r["variant"] for r in shapes} >= {"shipped", "round 1"}
    assert all("error" not in r and r["same_outputs"] for r in shapes)
    assert {r["op"] for r in shapes} == {"bias_dropout_add", "dropout_add_layer_norm",
                                         "dropout_add_rms_norm"}
    md = (tmp_path / "fused_gpu.md").read_text()
    assert "SMOKE RUN" in md and "MISSED" not in md and "| met |" not in md
    assert "section 'e2e' skipped by --skip" in md
    assert (tmp_path / "fused_gpu.png").stat().st_size > 10_000
    assert "== SUMMARY (SMOKE: measures nothing)" in proc.stdout
