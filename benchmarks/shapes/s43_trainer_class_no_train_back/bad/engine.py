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


class Engine:
    def __init__(self, model):
        self.model = model
        self.opt = torch.optim.AdamW(model.parameters(), lr=3e-4)

    def evaluate(self, loader):
        self.model.eval()
        with torch.no_grad():
            return [self.model(x).argmax(1) for x, _ in loader]

    def run(self, train_loader, val_loader, epochs):
        self.model.train()
        for _ in range(epochs):
            for x, y in train_loader:
                self.opt.zero_grad()
                F.cross_entropy(self.model(x), y).backward()  # expect: DS402
                self.opt.step()
            self.evaluate(val_loader)


def main(train_loader, val_loader):
    Engine(Net()).run(train_loader, val_loader, epochs=5)
