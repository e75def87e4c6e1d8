"""mc_predict takes a dict of keyword inputs; BatchBALD's scores are cumulative (issue 18 #21)."""

from __future__ import annotations

import torch
import torch.nn as nn

import dropsurgeon
from dropsurgeon.mc import mc_predict


class KeywordNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.emb = nn.Linear(4, 8)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(8, 3)

    def forward(self, input_ids, attention_mask=None):
        h = self.emb(input_ids)
        if attention_mask is not None:
            h = h * attention_mask[:, :1]
        return self.out(self.drop(torch.relu(h)))


def test_a_dict_of_inputs_is_keyword_inputs():
    x, mask = torch.randn(6, 4), torch.ones(6, 4)
    model = KeywordNet()
    by_dict = mc_predict(model, {"input_ids": x, "attention_mask": mask}, samples=5, seed=3)
    by_kwargs = mc_predict(model, input_ids=x, attention_mask=mask, samples=5, seed=3)
    assert len(by_dict) == 6
    assert torch.equal(by_dict.probs, by_kwargs.probs)


def test_batchbald_scores_are_cumulative_and_gains_per_item():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
    pool = torch.randn(20, 5)
    acq = dropsurgeon.acquire(model, pool, k=4, heuristic="batchbald", samples=16, seed=0)
    assert torch.all(torch.diff(acq.scores) >= -1e-9)  # a batch score only grows (exact here)
    assert torch.allclose(acq.gains.sum(), acq.scores[-1])
    # the first item's gain is its own BALD score on the same consistent samples
    res = mc_predict(model, pool, samples=16, seed=0, consistent=True, task="classification")
    assert torch.allclose(acq.gains[0].double(),
                          res.mutual_information[acq.indices[0]].double(), atol=1e-4)
    bald = dropsurgeon.acquire(model, pool, k=4, heuristic="bald", samples=16, seed=0)
    assert torch.equal(bald.gains, bald.scores)
