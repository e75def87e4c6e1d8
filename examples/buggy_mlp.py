"""A small model with the dropout mistakes dropsurgeon finds.

Run: dropsurgeon lint examples/buggy_mlp.py
"""

import torch
import torch.nn as nn
import torch.nn.functional as F


class BuggyMLP(nn.Module):
    def __init__(self, width: int = 64, p: float = 0.5):
        super().__init__()
        self.p = p
        self.fc1 = nn.Linear(32, width)
        self.drop = nn.Dropout(p)
        self.bn = nn.BatchNorm1d(width)
        self.fc2 = nn.Linear(width, width)
        self.head = nn.Linear(width, 10)
        self.head_drop = nn.Dropout(0.1)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = self.bn(self.drop(x))  # dropout feeds BatchNorm: variance shift
        x = F.dropout(x, self.p)  # no training=: stays on after .eval()
        x = torch.relu(self.fc2(x))
        x = F.dropout(x, 0.2, training=True)  # hard-coded: on at eval
        return self.head_drop(self.head(x))  # dropout on the logits


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
        out = F.scaled_dot_product_attention(q, k, v, dropout_p=self.attn_drop)  # ungated
        return self.proj(out.transpose(1, 2).reshape(b, n, d))


class NoisyHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        mask = (torch.rand_like(x) > 0.3).float()  # a hand-made mask, also at eval
        return self.fc(x * mask / 0.7)


def example_inputs(model):
    if isinstance(model, Attention):
        return (torch.randn(2, 5, 32),)
    return (torch.randn(4, 32),)
