"""Run-time confirmation of DS405: does a checkpoint recompute dropout with a new mask?

``confirm(block, x)`` runs one training step of ``block`` twice from the same seed: once
plainly, once through a checkpoint (by default ``torch.utils.checkpoint.checkpoint(...,
preserve_rng_state=False)``; pass ``checkpoint_fn`` to test a hand-written one).  The forward
passes draw the same dropout masks; if the checkpoint's recompute in backward draws new ones,
the gradients differ from the plain step's.  As a control, the same step through
``torch.utils.checkpoint`` with the RNG state preserved must match the plain one.

The caller's RNG state, the block's mode and its ``.grad`` fields are restored afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import DropsurgeonError

CheckpointFn = Callable[..., Any]


@dataclass
class CheckpointRngResult:
    """What one step with and without the checkpoint showed."""

    differs: bool  # the checkpointed step's gradients differ from the plain step's
    max_abs_diff: float  # the largest gradient difference (checkpointed vs plain)
    control_diff: float | None  # torch.utils.checkpoint with the RNG state kept vs plain
    compared: int  # gradient tensors compared (parameters and inputs)

    @property
    def confirmed(self) -> bool:
        """DS405 confirmed: the checkpoint changes gradients, the RNG-preserving one does not."""
        return self.differs and (self.control_diff is None or self.control_diff == 0.0)

    def summary(self) -> str:
        if not self.differs:
            return ("gradients through the checkpoint equal the plain step's "
                    f"({self.compared} tensors): no mask was redrawn")
        control = ("" if self.control_diff is None
                   else f"; with the RNG state preserved the difference is {self.control_diff:g}")
        return (f"gradients through the checkpoint differ from the plain step's by up to "
                f"{self.max_abs_diff:g} ({self.compared} tensors): backward recomputed the "
                f"block with a different dropout mask{control}")


def _unpreserved(fn: Callable[..., Any], *args: Any) -> Any:
    from torch.utils.checkpoint import checkpoint

    return checkpoint(fn, *args, use_reentrant=False, preserve_rng_state=False)


def _preserved(fn: Callable[..., Any], *args: Any) -> Any:
    from torch.utils.checkpoint import checkpoint

    return checkpoint(fn, *args, use_reentrant=False, preserve_rng_state=True)


def confirm(block: Any, *inputs: Any, checkpoint_fn: CheckpointFn | None = None,
            seed: int = 0, control: bool = True) -> CheckpointRngResult:
    """Compare one training step of ``block`` with and without a checkpoint.

    ``inputs`` are tensors (floating ones get gradients).  ``checkpoint_fn(fn, *inputs)``
    must run ``fn(*inputs)`` through the checkpoint under test; by default PyTorch's with
    ``preserve_rng_state=False``.  ``control`` also runs PyTorch's checkpoint with the RNG
    state preserved (its gradients must equal the plain step's).
    """
    import torch

    if not isinstance(block, torch.nn.Module):
        raise DropsurgeonError(f"confirm needs an nn.Module, got {type(block).__name__}")
    if not inputs or not all(isinstance(t, torch.Tensor) for t in inputs):
        raise DropsurgeonError("confirm needs at least one input, and only tensors")
    params = [p for p in block.parameters() if p.requires_grad]
    saved_grads = [p.grad for p in params]
    was_training = block.training
    devices = sorted({t.device.index or 0 for t in (*inputs, *params) if t.device.type == "cuda"})
    try:
        with torch.random.fork_rng(devices=devices):
            block.train()
            plain = _step(block, inputs, params, None, seed)
            checked = _step(block, inputs, params, checkpoint_fn or _unpreserved, seed)
            kept = _step(block, inputs, params, _preserved, seed) if control else None
    finally:
        block.train(was_training)
        for p, g in zip(params, saved_grads, strict=True):
            p.grad = g
    diff = _max_diff(plain, checked)
    return CheckpointRngResult(
        differs=diff > 0.0,
        max_abs_diff=diff,
        control_diff=None if kept is None else _max_diff(plain, kept),
        compared=len(plain),
    )


def _step(block: Any, inputs: Sequence[Any], params: list[Any],
          checkpoint_fn: CheckpointFn | None, seed: int) -> list[Any]:
    """One forward and backward from ``seed``; the gradients of params and float inputs."""
    import torch

    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    xs = [t.detach().clone().requires_grad_(t.is_floating_point()) for t in inputs]
    for p in params:
        p.grad = None
    out = block(*xs) if checkpoint_fn is None else checkpoint_fn(block, *xs)
    # .backward(), not autograd.grad: a hand-written checkpoint Function may hand parameter
    # gradients over by accumulating into .grad instead of returning them
    _scalar(out).backward()
    wrt = [*params, *(x for x in xs if x.requires_grad)]
    return [torch.zeros_like(w) if w.grad is None else w.grad.detach().clone() for w in wrt]


def _scalar(out: Any) -> Any:
    """A scalar loss from a tensor or a (nested) tuple/list/dict of tensors."""
    import torch

    if isinstance(out, torch.Tensor):
        return out.float().sum()
    if isinstance(out, dict):
        out = list(out.values())
    if isinstance(out, (list, tuple)):
        parts = [_scalar(o) for o in out if isinstance(o, (torch.Tensor, list, tuple, dict))]
        if parts:
            return torch.stack(parts).sum()
    raise DropsurgeonError(f"the block returned {type(out).__name__}, not tensors")


def _max_diff(a: list[Any], b: list[Any]) -> float:
    return max((float((x - y).abs().max()) for x, y in zip(a, b, strict=True) if x.numel()),
               default=0.0)


confirm_checkpoint_rng = confirm  # the name the package exports (dropsurgeon.confirm_...)

__all__ = ["CheckpointRngResult", "confirm", "confirm_checkpoint_rng"]
