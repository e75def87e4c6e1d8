"""Invariants of the watcher over random sequences of forwards and optimizer steps: every
offending call is counted exactly once, at its own line, whatever the interleaving."""

from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from dropsurgeon.guard.watch import watch

# (mode, gradients, backward) of one forward, or a step
FORWARD = st.tuples(st.sampled_from(["train", "eval"]), st.booleans(), st.booleans())
PROGRAM = st.lists(st.one_of(FORWARD, st.just("step")), max_size=12)


def _no_grad_call(model, x):
    with torch.no_grad():
        return model(x)


def _grad_call(model, x):
    return model(x)


def _expected(program) -> dict[str, int]:
    ds401 = ds402 = 0
    evals = trains = pending = 0
    for op in program:
        if op == "step":
            ds401 += pending
            if evals and not trains:
                ds402 += evals
            evals = trains = pending = 0
            continue
        mode, grad, backward = op
        if mode == "train" and not grad:
            ds401 += 1
        elif mode == "train":
            trains += 1
            pending += 0 if backward else 1
        elif grad:
            evals += 1
    ds401 += pending  # the end of the run
    return {"DS401": ds401, "DS402": ds402}


@settings(max_examples=30, deadline=None)
@given(PROGRAM)
def test_counts_match_the_calls(program):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(2, 4)
    with watch() as w:
        for op in program:
            if op == "step":
                opt.step()
                opt.zero_grad()
                continue
            mode, grad, backward = op
            model.train(mode == "train")
            out = (_grad_call if grad else _no_grad_call)(model, x)
            if grad and backward:
                out.sum().backward()
    got = {"DS401": 0, "DS402": 0}
    for f in w.findings:
        got[f.code] += f.extra["count"]
    assert got == _expected(program)
    # one spot per (code, line): never more spots than distinct call lines per code
    assert len(w.tally.spots) <= 4
