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


def run_validation(*, net, loader, criterion):
    net.eval()
    total = 0.0
    with torch.no_grad():
        for x, y in loader:
            total += criterion(net(x), y).item()
    return total


def main(train_loader, val_loader):
    model = Net()
    opt = torch.optim.Adam(model.parameters())
    for _ in range(5):
        model.train()
        for x, y in train_loader:
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
        print(run_validation(net=model, loader=val_loader, criterion=F.cross_entropy))
