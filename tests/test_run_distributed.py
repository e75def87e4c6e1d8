"""`dropsurgeon run` under torchrun: two real gloo ranks, one report file per rank."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent("""
    import torch, torch.distributed as dist
    import torch.nn.functional as F
    from torch import nn
    from torch.nn.parallel import DistributedDataParallel as DDP

    dist.init_process_group("gloo")
    torch.manual_seed(0)
    model = DDP(nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 2)))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(2):
        opt.zero_grad()
        F.cross_entropy(model(torch.randn(4, 4)), torch.randint(0, 2, (4,))).backward()
        opt.step()
    with torch.no_grad():
        model(torch.randn(4, 4))  # evaluation without .eval(), on every rank
    print(f"rank {dist.get_rank()} done", flush=True)
    dist.destroy_process_group()
""")
BUG_LINE = 16


@pytest.mark.slow
def test_each_rank_writes_its_report(tmp_path: Path):
    import torch.distributed as dist

    if not dist.is_available() or not dist.is_gloo_available():
        pytest.skip("torch.distributed with gloo is not available")
    (tmp_path / "job.py").write_text(SCRIPT)
    env = {k: v for k, v in os.environ.items() if k not in ("RANK", "WORLD_SIZE")}
    proc = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node",
         "2", "-m", "dropsurgeon", "run", "--format", "json", "-o", "r.json", "job.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # both ranks' own output is kept (the two processes share one pipe, so their lines may
    # interleave: count the markers' words, not whole lines)
    assert proc.stdout.count("done") == 2 and "0" in proc.stdout and "1" in proc.stdout
    assert not (tmp_path / "r.json").exists()
    for rank in (0, 1):
        data = json.loads((tmp_path / f"r.rank{rank}.json").read_text())
        (finding,) = data["findings"]
        assert finding["code"] == "DS401" and finding["line"] == BUG_LINE
        assert finding["path"] == "job.py"
