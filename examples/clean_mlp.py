"""The same models written correctly: dropsurgeon lint reports nothing here."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class CleanMLP(nn.Module):
    def __init__(self, width: int = 64, p: float = 0.5):
        super().__init__()
        self.p = p
        self.fc1 = nn.Linear(32, width)
        self.bn = nn.BatchNorm1d(width)
        self.drop = nn.Dropout(p)
        self.fc2 = nn.Linear(width, width)
        self.head = nn.Linear(width, 10)

    def forward(self, x):
        x = torch.relu(self.bn(self.fc1(x)))
        x = self.drop(x)  # after the last BatchNorm
        x = torch.relu(self.fc2(x))
        x = F.dropout(x, self.p, training=self.training)
        return self.head(x)


class Attention(nn.Module):
    def __init__(self, dim: int = 32, heads: int = 4, attn_drop: float = 0.1):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.attn_drop = attn_drop

    def forward(self, x):
        b, n, d = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        p = self.attn_drop if self.training else 0.0
        out = F.scaled_dot_product_attention(q, k, v, dropout_p=p)
        return self.proj(out.transpose(1, 2).reshape(b, n, d))


def example_inputs(model):
    if isinstance(model, Attention):
        return (torch.randn(2, 5, 32),)
    return (torch.randn(4, 32),)
