"""Small classifiers for the MC-dropout and check examples in README.md and docs/.

`Backbone` has no dropout (insert some with `dropsurgeon.insert`); `Net` drops before its
head; `example_inputs()` gives the CLI a batch to run them on.  They are untrained: the
examples show the calls and outputs, not a good model.
"""

from __future__ import annotations

import torch
import torch.nn as nn


class Backbone(nn.Module):
    def __init__(self, features: int = 16, hidden: int = 64, classes: int = 4) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(features, hidden), nn.BatchNorm1d(hidden),
                                  nn.ReLU())
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.body(x))


class Net(Backbone):
    def __init__(self, features: int = 16, hidden: int = 64, classes: int = 4,
                 p: float = 0.2) -> None:
        super().__init__(features, hidden, classes)
        self.drop = nn.Dropout(p)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.drop(self.body(x)))


def example_inputs() -> tuple[torch.Tensor]:
    return (torch.randn(8, 16),)
