"""Regression: every model surgery returns stays traceable by torch.fx (issue 10, fix first).

Surgery's wrappers used to take ``forward(*args, **kwargs)`` and branch on ``if args:``, so
fx could not trace a wrapper at the root and every model ``insert`` returned lost the fx
front-end (and with it graph splitting and fusion).
"""

from __future__ import annotations

import copy
import pickle

import pytest
import torch
import torch.fx
import torch.nn as nn

import dropsurgeon
from dropsurgeon.surgery.wrappers import InsertedDropout, SingleInputDropout


def _mlp() -> nn.Module:
    return nn.Sequential(nn.Linear(13, 50), nn.ReLU(), nn.Linear(50, 1))


class Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.out = nn.Linear(8, 3)

    def forward(self, x):
        return self.out(torch.relu(self.fc(x)) + x)


CASES = [
    ("mlp-before", _mlp, "before:Linear", (torch.randn(4, 13),)),
    ("mlp-after", _mlp, "after:Linear", (torch.randn(4, 13),)),
    ("root-linear", lambda: nn.Linear(6, 2), "before:Linear", (torch.randn(3, 6),)),
    ("root-after", lambda: nn.Linear(6, 2), "after:Linear", (torch.randn(3, 6),)),
    ("block", Block, "before:out", (torch.randn(2, 8),)),
]


@pytest.mark.parametrize(("name", "build", "where", "inputs"), CASES, ids=[c[0] for c in CASES])
def test_surgery_output_traces_and_matches(name, build, where, inputs):
    model = dropsurgeon.insert(build(), where, p=0.1, example_inputs=inputs).eval()
    gm = torch.fx.symbolic_trace(model)
    assert torch.equal(gm(*inputs), model(*inputs))
    # the inserted dropout modules are in the graph, so they follow .train()
    called = {n.target for n in gm.graph.nodes if n.op == "call_module"}
    assert any(t.endswith("dropout") for t in called), called


def test_mlp_inventory_through_fx_names_both_modules():
    x = torch.zeros(2, 13)
    model = dropsurgeon.insert(_mlp(), "before:Linear", p=0.05, example_inputs=(x,))
    inv = dropsurgeon.inventory(model, x)
    assert "fx" in inv.frontends and "fx" not in inv.failures
    assert sorted(s.module for s in inv) == ["0.dropout", "2.dropout"]


def test_single_input_wrapper_survives_copy_and_pickle():
    model = dropsurgeon.insert(_mlp(), "before:Linear", p=0.05,
                               example_inputs=(torch.zeros(2, 13),))
    assert isinstance(model[0], SingleInputDropout)
    for clone in (copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        assert type(clone[0]) is SingleInputDropout
        assert clone.state_dict().keys() == model.state_dict().keys()
        torch.fx.symbolic_trace(clone)


def test_multi_input_module_keeps_the_general_wrapper():
    mha = nn.MultiheadAttention(8, 2, batch_first=True)
    wrapped = InsertedDropout(mha, nn.Dropout(0.1), "after")
    assert type(wrapped) is InsertedDropout
    q = torch.randn(2, 3, 8)
    wrapped.eval()
    out, weights = wrapped(q, q, q)
    ref, ref_w = mha(q, q, q)
    assert torch.equal(out, ref) and torch.equal(weights, ref_w)
