"""Datasets: sample a DataLoader batch by batch, sharded over ``torch.distributed`` ranks.

Batch ``i`` runs on rank ``i % world_size`` with the seed ``mix(seed, i)``, so the result
does not depend on the number of processes: every rank gathers the per-batch statistics
(``all_gather_object``, which ``gloo`` and ``nccl`` both support) and assembles them in
dataset order.  A progress bar shows on a terminal (stderr), nowhere else.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

import torch

from ..errors import DropsurgeonError
from .result import MCResult


def split_batch(batch: Any) -> tuple[tuple, dict, Any]:
    """(args, kwargs, targets) of one batch: a tensor, ``(inputs, targets, ...)`` or a dict."""
    if isinstance(batch, torch.Tensor):
        return (batch,), {}, None
    if isinstance(batch, Mapping):
        kwargs = dict(batch)
        targets = kwargs.pop("labels", None) if "labels" in kwargs else None
        return (), kwargs, targets
    if isinstance(batch, (list, tuple)) and batch:
        return (batch[0],), {}, batch[1] if len(batch) > 1 else None
    raise DropsurgeonError(f"cannot read a batch of type {type(batch).__name__}: expected "
                           "a tensor, (inputs, targets) or a dict of keyword inputs")


def _world() -> tuple[int, int]:
    dist = torch.distributed
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def _progress(enabled: bool | None, total: int | None) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn("MC dropout"), BarColumn(), MofNCompleteColumn(),
                   console=Console(stderr=True), transient=True)
    bar.start()
    bar.ds_task = bar.add_task("batches", total=total)  # type: ignore[attr-defined]
    return bar


def run_batches(sampler: Any, batches: Iterable, progress: bool | None = None) -> MCResult:
    """Sample every batch this rank owns, gather all ranks', return one result."""
    rank, world = _world()
    total = len(batches) if hasattr(batches, "__len__") else None  # type: ignore[arg-type]
    bar = _progress(progress if rank == 0 else False, total)
    mine: list[tuple[int, Any, Any]] = []
    try:
        for i, batch in enumerate(batches):
            if i % world == rank:
                args, kwargs, targets = split_batch(batch)
                mine.append((i, sampler.batch(args, kwargs, index=i), targets))
            if bar is not None:
                bar.advance(bar.ds_task)
    finally:
        if bar is not None:
            bar.stop()
    everything = mine
    notes = list(sampler.notes)
    if world > 1:
        gathered: list[Any] = [None] * world
        payload = ([(i, _cpu(s), _cpu(t)) for i, s, t in mine], sampler.spec, notes,
                   sampler.plan)
        torch.distributed.all_gather_object(gathered, payload)
        everything = [item for part in gathered for item in part[0]]
        sampler.spec = sampler.spec or next((p[1] for p in gathered if p[1] is not None), None)
        sampler.plan = sampler.plan or next((p[3] for p in gathered if p[3] is not None), None)
        sampler.notes = list(dict.fromkeys(n for p in gathered for n in p[2]))
    if not everything:
        raise DropsurgeonError("the dataset yielded no batches")
    everything.sort(key=lambda item: item[0])
    targets = [t for _, _, t in everything]
    joined = torch.cat([torch.as_tensor(t) for t in targets]) \
        if all(t is not None for t in targets) else None
    return sampler.result([s for _, s, _ in everything], targets=joined)


def _cpu(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.cpu()
    if isinstance(value, list):
        return [_cpu(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            setattr(value, name, _cpu(getattr(value, name)))
    return value
