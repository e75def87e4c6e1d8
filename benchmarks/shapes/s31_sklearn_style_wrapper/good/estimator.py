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


class TorchClassifier:
    def __init__(self, epochs=10, lr=1e-3):
        self.epochs = epochs
        self.lr = lr

    def fit(self, X, y):
        self.module_ = Net(n_in=X.shape[1], n_out=int(y.max()) + 1)
        opt = torch.optim.Adam(self.module_.parameters(), lr=self.lr)
        self.module_.train()
        for _ in range(self.epochs):
            opt.zero_grad()
            F.cross_entropy(self.module_(X), y).backward()
            opt.step()
        return self

    def predict(self, X):
        self.module_.eval()
        with torch.no_grad():
            return self.module_(X).argmax(1)
