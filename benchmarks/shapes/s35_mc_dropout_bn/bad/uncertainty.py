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


def mc_predict(model, x, samples=30):
    model.train()  # expect: DS401
    with torch.no_grad():
        draws = torch.stack([model(x).softmax(-1) for _ in range(samples)])
    return draws.mean(0), draws.std(0)


def main(x, path="net.pt"):
    model = Net()
    model.load_state_dict(torch.load(path))
    return mc_predict(model, x)
