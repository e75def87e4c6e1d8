import torch
import torch.nn.functional as F
from torch import nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(32, 64)
        self.bn = nn.BatchNorm1d(64)

    def forward(self, x):
        return torch.relu(self.bn(self.lin(x)))


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(64, 2)

    def forward(self, h):
        return self.out(self.drop(h))


def fit(encoder, head, loader, optimizer):
    encoder.train()
    head.train()
    for x, y in loader:
        optimizer.zero_grad()
        F.cross_entropy(head(encoder(x)), y).backward()
        optimizer.step()


@torch.no_grad()
def validate(encoder, head, loader):
    encoder.eval()
    head.eval()
    hits = 0
    for x, y in loader:
        hits += (head(encoder(x)).argmax(1) == y).sum().item()
    return hits


def main(train_loader, val_loader):
    encoder, head = Encoder(), Head()
    params = list(encoder.parameters()) + list(head.parameters())
    optimizer = torch.optim.SGD(params, lr=0.1)
    for _ in range(3):
        fit(encoder, head, train_loader, optimizer)
        validate(encoder, head, val_loader)
