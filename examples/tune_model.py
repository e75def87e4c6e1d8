"""A small classifier for `dropsurgeon tune` (see docs/tune.md): two dense blocks and a head."""

import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, features: int = 16, classes: int = 3) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(features, 64), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.5),
        )
        self.head = nn.Linear(64, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def example_inputs() -> tuple:
    return (torch.randn(4, 16),)
