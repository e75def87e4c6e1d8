"""DS405 at run time: a checkpoint that redraws dropout in backward changes the gradients."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from dropsurgeon.errors import DropsurgeonError  # noqa: E402
from dropsurgeon.guard.checkpoint_rng import confirm  # noqa: E402


def _block(p: float) -> nn.Module:
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.Dropout(p), nn.Linear(32, 8))


class CheckpointFunction(torch.autograd.Function):
    """The hand-written checkpoint of diffusion code bases: no RNG state kept."""

    @staticmethod
    def forward(ctx, run_function, *args):
        ctx.run_function = run_function
        ctx.save_for_backward(*args)
        with torch.no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, grad):
        inputs = [x.detach().requires_grad_(True) for x in ctx.saved_tensors]
        with torch.enable_grad():
            out = ctx.run_function(*inputs)
        params = [p for p in ctx.run_function.parameters()]
        grads = torch.autograd.grad(out, [*inputs, *params], grad)
        for p, g in zip(params, grads[len(inputs):], strict=True):
            p.grad = g if p.grad is None else p.grad + g
        return (None, *grads[:len(inputs)])


class RestoringFunction(CheckpointFunction):
    @staticmethod
    def forward(ctx, run_function, *args):
        ctx.rng = torch.get_rng_state()
        return CheckpointFunction.forward(ctx, run_function, *args)

    @staticmethod
    def backward(ctx, grad):
        with torch.random.fork_rng(devices=[]):
            torch.set_rng_state(ctx.rng)
            return CheckpointFunction.backward(ctx, grad)


def test_unpreserved_rng_state_changes_the_gradients():
    block = _block(0.3)
    x = torch.randn(4, 16)
    result = confirm(block, x)
    assert result.differs and result.confirmed
    assert result.max_abs_diff > 0
    assert result.control_diff == 0.0  # torch's checkpoint with the state kept: identical
    assert result.compared == len(list(block.parameters())) + 1
    assert "different dropout mask" in result.summary()


def test_without_dropout_nothing_differs():
    result = confirm(_block(0.0), torch.randn(4, 16))
    assert not result.differs and not result.confirmed
    assert result.max_abs_diff == 0.0


def test_hand_written_checkpoint_without_rng_state_is_confirmed():
    block = _block(0.3)
    result = confirm(block, torch.randn(4, 16),
                     checkpoint_fn=lambda f, *a: CheckpointFunction.apply(f, *a))
    assert result.differs


def test_hand_written_checkpoint_restoring_the_state_matches():
    block = _block(0.3)
    result = confirm(block, torch.randn(4, 16),
                     checkpoint_fn=lambda f, *a: RestoringFunction.apply(f, *a))
    assert not result.differs


def test_state_mode_grads_and_rng_are_restored():
    block = _block(0.3).eval()
    for p in block.parameters():
        p.grad = torch.ones_like(p)
    x = torch.randn(4, 16)
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    confirm(block, x)
    assert torch.equal(torch.rand(3), expected)  # the caller's RNG stream is untouched
    assert not block.training
    assert all(torch.equal(p.grad, torch.ones_like(p)) for p in block.parameters())


def test_bad_arguments_are_one_line_errors():
    with pytest.raises(DropsurgeonError):
        confirm(lambda x: x, torch.randn(2))
    with pytest.raises(DropsurgeonError):
        confirm(_block(0.1))
