"""A small model for the CI example: `dropsurgeon lint` and `dropsurgeon check` pass on it."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self, classes: int = 10, p: float = 0.3, attn_p: float = 0.1):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.AdaptiveAvgPool2d(4),
        )
        self.qkv = nn.Linear(16, 48)
        self.attn_p = attn_p
        self.drop = nn.Dropout(p)
        self.head = nn.Linear(16, classes)

    def forward(self, x):
        tokens = self.stem(x).flatten(2).transpose(1, 2)  # (batch, 16 tokens, 16)
        q, k, v = self.qkv(tokens).chunk(3, dim=-1)
        p = self.attn_p if self.training else 0.0
        tokens = F.scaled_dot_product_attention(q, k, v, dropout_p=p)
        return self.head(self.drop(tokens.mean(1)))


def example_inputs():
    return (torch.randn(2, 3, 32, 32),)
