import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self, n_in=20, n_out=3):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_in, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3)
        )
        self.head = nn.Linear(64, n_out)

    def forward(self, x):
        return self.head(self.body(x))


def train_and_export(loader, path="net.ts"):
    model = Net()
    opt = torch.optim.Adam(model.parameters())
    model.train()
    for x, y in loader:
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    model.eval()
    example = torch.randn(8, 20)
    traced = torch.jit.trace(model, example)
    traced.save(path)
