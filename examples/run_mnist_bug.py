"""A small MNIST-style training script with the classic bug: ``evaluate()`` runs under
``torch.no_grad()`` but never calls ``model.eval()``, so dropout stays on while measuring.

    dropsurgeon run examples/run_mnist_bug.py            # reports DS401 at the evaluate line
    dropsurgeon run examples/run_mnist_bug.py --fixed    # the fixed version: no finding

Runs on CPU in about a second on random data (no download).
"""

from __future__ import annotations

import sys

import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3)
        self.drop = nn.Dropout(0.25)
        self.fc = nn.Linear(8 * 13 * 13, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv(x)), 2)
        return self.fc(self.drop(torch.flatten(x, 1)))


def train(model: nn.Module, data, optimizer) -> float:
    model.train()
    total = 0.0
    for x, y in data:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(data)


def evaluate(model: nn.Module, data, fixed: bool) -> float:
    if fixed:
        model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in data:
            correct += (model(x).argmax(1) == y).sum().item()
    return correct / sum(len(y) for _, y in data)


def main(argv: list[str]) -> int:
    fixed = "--fixed" in argv
    torch.manual_seed(0)
    data = [(torch.randn(16, 1, 28, 28), torch.randint(0, 10, (16,))) for _ in range(4)]
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for epoch in range(2):
        loss = train(model, data, optimizer)
        acc = evaluate(model, data, fixed)
        print(f"epoch {epoch}: loss {loss:.6f} accuracy {acc:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
