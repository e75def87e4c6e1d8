import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self, n_in=16, n_out=3):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_in, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3)
        )
        self.head = nn.Linear(64, n_out)

    def forward(self, x):
        return self.head(self.body(x))


def predict_tta(model, x):
    views = [x, x.flip(-1), x.roll(1, -1)]
    with torch.no_grad():
        avg = sum(model(v).softmax(-1) for v in views) / len(views)  # expect: DS401
    return avg.argmax(-1)


def main(x, path="ckpt.pt"):
    model = Net(n_in=16)
    model.load_state_dict(torch.load(path)["model"])
    return predict_tta(model, x)
