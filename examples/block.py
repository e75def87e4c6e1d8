"""A transformer-style block for the `fuse` examples in README.md and docs/fused.md.

Its `Linear -> dropout -> + residual -> LayerNorm` tail is the pattern `dropsurgeon fuse`
replaces with one fused op; `example_inputs()` gives the CLI inputs to run it on.
"""

from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, dim: int = 64, hidden: int = 256, p: float = 0.1) -> None:
        super().__init__()
        self.up = nn.Linear(dim, hidden)
        self.down = nn.Linear(hidden, dim)
        self.drop = nn.Dropout(p)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.down(F.gelu(self.up(x)))
        return self.norm(x + self.drop(h))


def example_inputs() -> tuple[torch.Tensor]:
    return (torch.randn(4, 16, 64),)
