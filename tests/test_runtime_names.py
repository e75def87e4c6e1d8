"""Regression: one site per dropout module, under its qualified name, in every front-end.

``dropsurgeon.inventory(model)`` on an ``nn.Sequential`` used to lint the container's
children one by one (a Sequential is iterable), so the model made by
``insert(..., "before:Linear")`` showed a single site named ``dropout``.  Two modules that
run from the same user line (a loop, a wrapper's forward) must stay two sites.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn

import dropsurgeon
from dropsurgeon.capture import runtime


class Loop(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.drops = nn.ModuleList([nn.Dropout(0.1), nn.Dropout(0.2)])
        self.shared = nn.Dropout(0.3)

    def forward(self, x):
        for d in self.drops:
            x = d(self.fc(x))  # both modules run from this one line
        return self.shared(self.shared(x))  # one module, two calls: one site


def _inserted() -> nn.Module:
    return dropsurgeon.insert(nn.Sequential(nn.Linear(13, 50), nn.ReLU(), nn.Linear(50, 1)),
                              "before:Linear", p=0.05, example_inputs=(torch.zeros(2, 13),))


@pytest.mark.parametrize("frontends", ["fx", "runtime", "export", None])
def test_inserted_mlp_has_both_sites_in_every_frontend(frontends):
    inv = dropsurgeon.inventory(_inserted(), torch.zeros(2, 13), frontends=frontends)
    modules = sorted(s.module for s in inv if s.kind == "module")
    assert modules == ["0.dropout", "2.dropout"], (inv.frontends, inv.failures)


def test_runtime_keeps_modules_of_one_line_apart():
    inv = runtime.monitor(Loop(), (torch.randn(2, 4),))
    by_module = {s.module: s for s in inv if s.kind == "module"}
    assert sorted(by_module) == ["drops.0", "drops.1", "shared"]
    assert by_module["drops.0"].p == pytest.approx(0.1)
    assert by_module["drops.1"].p == pytest.approx(0.2)
    assert by_module["shared"].extra["calls"] == {"eval": 2, "train": 2}


def test_python_api_on_a_sequential_lints_the_model_not_its_children():
    report = dropsurgeon.lint(_inserted(), inputs=(torch.zeros(2, 13),))
    assert len(report.models) == 1
    inv = report.models[0].inventory
    assert sorted(s.module for s in inv if s.kind == "module") == ["0.dropout", "2.dropout"]
