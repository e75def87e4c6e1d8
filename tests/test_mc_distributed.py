"""torch.distributed: each rank samples its shard; every rank gets the whole result in order.

Two CPU processes with the gloo backend; the result must equal the single-process one
(batch i is sampled with the seed mix(seed, i) wherever it runs).
"""

from __future__ import annotations

import os
import socket

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn

from dropsurgeon.mc import mc_predict


def _model() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Dropout(0.4), nn.Linear(8, 3)).eval()


def _loader() -> torch.utils.data.DataLoader:
    g = torch.Generator().manual_seed(1)
    x = torch.randn(11, 5, generator=g)
    y = torch.randint(0, 3, (11,), generator=g)
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=3)


def _worker(rank: int, world: int, port: int, out: str) -> None:
    os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"] = "127.0.0.1", str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    try:
        res = mc_predict(_model(), _loader(), samples=6, seed=3, progress=False)
        torch.save({"probs": res.probs, "mean": res.mean, "targets": res.targets},
                   f"{out}.{rank}")
    finally:
        dist.destroy_process_group()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not dist.is_available(), reason="torch.distributed not built")
def test_two_gloo_ranks_gather_the_single_process_result(tmp_path):
    out = str(tmp_path / "res")
    mp.spawn(_worker, args=(2, _free_port(), out), nprocs=2, join=True)
    single = mc_predict(_model(), _loader(), samples=6, seed=3, progress=False)
    for rank in (0, 1):
        got = torch.load(f"{out}.{rank}")
        assert got["mean"].shape == (11, 3)
        assert torch.allclose(got["mean"], single.mean, atol=1e-6)
        assert torch.allclose(got["probs"], single.probs, atol=1e-6)
        assert torch.equal(got["targets"], single.targets)
