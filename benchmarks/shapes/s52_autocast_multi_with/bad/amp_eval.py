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


def evaluate(model, loader, device="cuda"):
    correct = 0
    with torch.autocast(device_type=device), torch.no_grad():
        for x, y in loader:
            correct += (model(x.to(device)).argmax(-1) == y.to(device)).sum().item()  # expect: DS401
    return correct


def main(weights, loader):
    model = Net().cuda()
    model.load_state_dict(torch.load(weights))
    return evaluate(model, loader)
